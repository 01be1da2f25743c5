//! Inputs for the fuzz targets: arbitrary bytes, byte-level edits of a valid input, and
//! structural edits of its JSON (a value replaced, removed or added anywhere in the tree).

use proptest::prelude::*;
use serde_json::Value;

/// Tokens that have broken JSON readers before: overflowing and negative-zero numbers, huge
/// exponents, lone surrogates, NUL escapes, deep nesting, invalid UTF-8, stray newlines.
const NASTY: &[&[u8]] = &[
    b"18446744073709551616",
    b"-9223372036854775809",
    b"-0",
    b"1e999",
    b"0.1",
    b"\"\\ud800\"",
    b"\"\\u0000\"",
    b"\\u00E9",
    b"\xff\xfe",
    b"\xe2\x82",
    b"\n",
    b"\r\n",
    b"{}",
    b"[]",
    b"null",
    b"\"seq\":1,",
    b"\"body\":{},",
];

/// Nested arrays deeper than any reader should recurse.
fn deep(depth: usize) -> Vec<u8> {
    let mut v = vec![b'['; depth];
    v.extend(std::iter::repeat_n(b']', depth));
    v
}

#[derive(Debug, Clone)]
pub enum Edit {
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Nasty(usize, usize),
    Deep(usize, usize),
    Delete(usize, usize),
    Truncate(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (any::<usize>(), 1u8..=255).prop_map(|(at, m)| Edit::Flip(at, m)),
        2 => (any::<usize>(), prop::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(at, b)| Edit::Insert(at, b)),
        2 => (any::<usize>(), 0..NASTY.len()).prop_map(|(at, i)| Edit::Nasty(at, i)),
        1 => (any::<usize>(), 100usize..5000).prop_map(|(at, d)| Edit::Deep(at, d)),
        2 => (any::<usize>(), 1usize..64).prop_map(|(at, n)| Edit::Delete(at, n)),
        1 => any::<usize>().prop_map(Edit::Truncate),
        1 => any::<usize>().prop_map(Edit::DuplicateLine),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
    ]
}

/// One to four byte-level edits.
pub fn edits() -> impl Strategy<Value = Vec<Edit>> {
    prop::collection::vec(edit(), 1..5)
}

fn lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes
        .split_inclusive(|b| *b == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

pub fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let at = |i: usize, len: usize| if len == 0 { 0 } else { i % (len + 1) };
        match e {
            Edit::Flip(i, m) if !bytes.is_empty() => {
                let i = i % bytes.len();
                bytes[i] ^= m;
            }
            Edit::Flip(..) => {}
            Edit::Insert(i, b) => {
                let i = at(*i, bytes.len());
                bytes.splice(i..i, b.iter().copied());
            }
            Edit::Nasty(i, k) => {
                let i = at(*i, bytes.len());
                bytes.splice(i..i, NASTY[*k].iter().copied());
            }
            Edit::Deep(i, d) => {
                let i = at(*i, bytes.len());
                bytes.splice(i..i, deep(*d));
            }
            Edit::Delete(i, n) => {
                let i = at(*i, bytes.len());
                let end = (i + n).min(bytes.len());
                bytes.drain(i..end);
            }
            Edit::Truncate(i) => bytes.truncate(at(*i, bytes.len())),
            Edit::DuplicateLine(i) => {
                let mut ls = lines(&bytes);
                if !ls.is_empty() {
                    let i = i % ls.len();
                    ls.insert(i, ls[i].clone());
                }
                bytes = ls.concat();
            }
            Edit::SwapLines(a, b) => {
                let mut ls = lines(&bytes);
                if !ls.is_empty() {
                    let n = ls.len();
                    ls.swap(a % n, b % n);
                }
                bytes = ls.concat();
            }
        }
    }
    bytes
}

/// Any JSON value, including numbers no field expects and text with invented personal data.
pub fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "\\PC{0,24}".prop_map(Value::String),
        "(19|20)[0-9]{2}-[01][0-9]-[0-3][0-9]".prop_map(Value::String),
        "[a-z_]{1,16}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,10}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

#[derive(Debug, Clone)]
pub enum Tweak {
    Replace(usize, Value),
    Remove(usize),
    AddKey(usize, String, Value),
}

pub fn tweaks() -> impl Strategy<Value = Vec<Tweak>> {
    let tweak = prop_oneof![
        3 => (any::<usize>(), json_value()).prop_map(|(i, v)| Tweak::Replace(i, v)),
        2 => any::<usize>().prop_map(Tweak::Remove),
        1 => (any::<usize>(), "[a-z_]{1,12}", json_value())
            .prop_map(|(i, k, v)| Tweak::AddKey(i, k, v)),
    ];
    prop::collection::vec(tweak, 1..4)
}

/// JSON pointers of every node of `v`, the root first.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                let key = k.replace('~', "~0").replace('/', "~1");
                pointers(child, format!("{at}/{key}"), out);
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                pointers(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

pub fn tweak(mut doc: Value, tweaks: &[Tweak]) -> Value {
    for t in tweaks {
        let mut all = Vec::new();
        pointers(&doc, String::new(), &mut all);
        let pick = |i: &usize| all[i % all.len()].clone();
        match t {
            Tweak::Replace(i, v) => {
                if let Some(node) = doc.pointer_mut(&pick(i)) {
                    *node = v.clone();
                }
            }
            Tweak::Remove(i) => {
                let ptr = pick(i);
                let Some((parent, last)) = ptr.rsplit_once('/') else {
                    continue;
                };
                let last = last.replace("~1", "/").replace("~0", "~");
                match doc.pointer_mut(parent) {
                    Some(Value::Object(m)) => {
                        m.remove(&last);
                    }
                    Some(Value::Array(a)) => {
                        if let Ok(i) = last.parse::<usize>() {
                            a.remove(i);
                        }
                    }
                    _ => {}
                }
            }
            Tweak::AddKey(i, k, v) => {
                if let Some(Value::Object(m)) = doc.pointer_mut(&pick(i)) {
                    m.insert(k.clone(), v.clone());
                }
            }
        }
    }
    doc
}
