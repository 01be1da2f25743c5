//! The canonical byte encoding of entries and the hashes over it (docs/journal-format.md, §3).
//!
//! Hashes are never taken over whatever a JSON serializer happens to emit: spacing, member order
//! and escapes are not part of the record. They are taken over a small length-prefixed encoding
//! of the JSON *data model* that a third party can rebuild from the specification alone.
//! To keep that encoding unambiguous, body numbers must be integers (see [`CanonValue`]).

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Domain tags, so that a body encoding can never be mistaken for an entry or a seal message.
pub const BODY_TAG: &str = "hattama-journal-v1-body";
pub const ENTRY_TAG: &str = "hattama-journal-v1-entry";
pub const SEAL_TAG: &str = "hattama-journal-v1-seal";

/// The smallest and largest integers a body may hold: the union of the i64 and u64 ranges,
/// which is what common JSON parsers read exactly.
const INT_MIN: i128 = i64::MIN as i128;
const INT_MAX: i128 = u64::MAX as i128;

/// A SHA-256 digest, written as 64 lowercase hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Hash(pub [u8; 32]);

impl Hash {
    /// The `prev` of the first entry: 32 zero bytes.
    pub const ZERO: Hash = Hash([0; 32]);

    pub fn of(bytes: &[u8]) -> Hash {
        Hash(Sha256::digest(bytes).into())
    }

    pub fn to_hex(&self) -> String {
        hex_encode(&self.0)
    }
}

impl fmt::Display for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hash({})", self.to_hex())
    }
}

/// Why a hex string was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum HexError {
    #[error("expected {expected} lowercase hex digits, found {found} characters")]
    Length { expected: usize, found: usize },
    #[error("not a lowercase hex digit")]
    Digit,
}

impl FromStr for Hash {
    type Err = HexError;
    fn from_str(s: &str) -> Result<Hash, HexError> {
        let mut out = [0u8; 32];
        decode_into(s, &mut out)?;
        Ok(Hash(out))
    }
}

impl Serialize for Hash {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_hex())
    }
}

impl<'de> Deserialize<'de> for Hash {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Hash, D::Error> {
        // Three hashes on every line: decoded from the borrowed text, with no string built.
        struct HexVisitor;
        impl Visitor<'_> for HexVisitor {
            type Value = Hash;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a SHA-256 hash in lowercase hex")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Hash, E> {
                s.parse().map_err(de::Error::custom)
            }
        }
        d.deserialize_str(HexVisitor)
    }
}

/// Lowercase hex: the only spelling accepted, so a hash has exactly one written form.
pub fn hex_encode(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    s
}

/// Decode exactly `len` bytes of lowercase hex.
pub fn hex_decode(s: &str, len: usize) -> Result<Vec<u8>, HexError> {
    let mut out = vec![0u8; len];
    decode_into(s, &mut out)?;
    Ok(out)
}

/// Decode lowercase hex into exactly `out.len()` bytes (three hashes per line: no allocation).
fn decode_into(s: &str, out: &mut [u8]) -> Result<(), HexError> {
    if s.len() != out.len() * 2 {
        return Err(HexError::Length {
            expected: out.len() * 2,
            found: s.chars().count(),
        });
    }
    for (byte, pair) in out.iter_mut().zip(s.as_bytes().chunks_exact(2)) {
        let (hi, lo) = (NIBBLE[usize::from(pair[0])], NIBBLE[usize::from(pair[1])]);
        if (hi | lo) > 0x0f {
            return Err(HexError::Digit);
        }
        *byte = hi << 4 | lo;
    }
    Ok(())
}

/// The value of each lowercase hex digit; 0xff for every other byte.
const NIBBLE: [u8; 256] = {
    let mut table = [0xff; 256];
    let mut i = 0;
    while i < 10 {
        table[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        table[b'a' as usize + i] = 10 + i as u8;
        i += 1;
    }
    table
};

/// A JSON value as the journal hashes it: integers only, object members sorted by key bytes,
/// duplicate keys refused. Reading a body into this type is where those rules are enforced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CanonValue {
    Null,
    Bool(bool),
    /// Always within `i64::MIN ..= u64::MAX`.
    Int(i128),
    String(String),
    Array(Vec<CanonValue>),
    /// `BTreeMap<String, _>` iterates in byte order of the UTF-8 keys, which is the canonical order.
    Object(BTreeMap<String, CanonValue>),
}

impl CanonValue {
    /// Convert a typed value (a body) into the canonical tree, refusing fractional numbers.
    /// On refusal the error names the path of the offending field, never its content.
    pub fn from_serialize<T: Serialize>(value: &T) -> Result<CanonValue, String> {
        let json =
            serde_json::to_value(value).map_err(|_| "not representable as JSON".to_string())?;
        super::line::from_json_value(json)
            .map_err(|e| format!("field `{}` {}", e.field.as_deref().unwrap_or("."), e.detail))
    }

    /// The same tree as a `serde_json::Value`, to read it into a typed body.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            CanonValue::Null => J::Null,
            CanonValue::Bool(b) => J::Bool(*b),
            CanonValue::Int(i) => match (u64::try_from(*i), i64::try_from(*i)) {
                (Ok(u), _) => J::from(u),
                (_, Ok(s)) => J::from(s),
                // Unreachable by construction (the range is checked on entry); null would
                // then fail schema checks rather than panic.
                _ => J::Null,
            },
            CanonValue::String(s) => J::String(s.clone()),
            CanonValue::Array(items) => J::Array(items.iter().map(CanonValue::to_json).collect()),
            CanonValue::Object(map) => {
                J::Object(map.iter().map(|(k, v)| (k.clone(), v.to_json())).collect())
            }
        }
    }

    /// Append the canonical encoding (docs/journal-format.md §3.2) to `out`.
    pub fn encode(&self, out: &mut Vec<u8>) {
        match self {
            CanonValue::Null => out.push(b'n'),
            CanonValue::Bool(false) => out.push(b'f'),
            CanonValue::Bool(true) => out.push(b't'),
            CanonValue::Int(i) => {
                out.push(b'i');
                put_str(out, &i.to_string());
            }
            CanonValue::String(s) => {
                out.push(b's');
                put_str(out, s);
            }
            CanonValue::Array(items) => {
                out.push(b'a');
                put_u64(out, items.len() as u64);
                for item in items {
                    item.encode(out);
                }
            }
            CanonValue::Object(map) => {
                out.push(b'o');
                put_u64(out, map.len() as u64);
                for (key, value) in map {
                    put_str(out, key);
                    value.encode(out);
                }
            }
        }
    }
}

/// `u64(n)`: eight bytes, big-endian.
pub fn put_u64(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(&n.to_be_bytes());
}

/// `str(s)`: the UTF-8 length as `u64`, then the bytes.
pub fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u64(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// `body_bytes = str(BODY_TAG) ‖ value(body)`.
pub fn body_bytes(body: &CanonValue) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    put_str(&mut out, BODY_TAG);
    body.encode(&mut out);
    out
}

/// `body_hash = SHA-256(body_bytes)`.
pub fn body_hash(body: &CanonValue) -> Hash {
    Hash::of(&body_bytes(body))
}

/// `entry_bytes = str(ENTRY_TAG) ‖ u64(seq) ‖ str(time) ‖ str(kind) ‖ prev ‖ body_hash`.
pub fn entry_bytes(seq: u64, time: &str, kind: &str, prev: &Hash, body_hash: &Hash) -> Vec<u8> {
    let mut out = Vec::with_capacity(160);
    put_str(&mut out, ENTRY_TAG);
    put_u64(&mut out, seq);
    put_str(&mut out, time);
    put_str(&mut out, kind);
    out.extend_from_slice(&prev.0);
    out.extend_from_slice(&body_hash.0);
    out
}

/// `hash = SHA-256(entry_bytes)`.
pub fn entry_hash(seq: u64, time: &str, kind: &str, prev: &Hash, body_hash: &Hash) -> Hash {
    Hash::of(&entry_bytes(seq, time, kind, prev, body_hash))
}

/// The message each sealer signs: `str(SEAL_TAG) ‖ str(role) ‖ u64(count) ‖ head`.
pub fn seal_message(role: &str, count: u64, head: &Hash) -> Vec<u8> {
    let mut out = Vec::with_capacity(96);
    put_str(&mut out, SEAL_TAG);
    put_str(&mut out, role);
    put_u64(&mut out, count);
    out.extend_from_slice(&head.0);
    out
}

impl Serialize for CanonValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            CanonValue::Null => s.serialize_unit(),
            CanonValue::Bool(b) => s.serialize_bool(*b),
            CanonValue::Int(i) => match (u64::try_from(*i), i64::try_from(*i)) {
                (Ok(u), _) => s.serialize_u64(u),
                (_, Ok(v)) => s.serialize_i64(v),
                _ => Err(serde::ser::Error::custom("integer out of range")),
            },
            CanonValue::String(v) => s.serialize_str(v),
            CanonValue::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            CanonValue::Object(map) => {
                let mut m = s.serialize_map(Some(map.len()))?;
                for (k, v) in map {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for CanonValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<CanonValue, D::Error> {
        d.deserialize_any(CanonVisitor)
    }
}

struct CanonVisitor;

impl<'de> Visitor<'de> for CanonVisitor {
    type Value = CanonValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value with integer numbers only")
    }
    fn visit_unit<E>(self) -> Result<CanonValue, E> {
        Ok(CanonValue::Null)
    }
    fn visit_none<E>(self) -> Result<CanonValue, E> {
        Ok(CanonValue::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<CanonValue, D::Error> {
        CanonValue::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<CanonValue, E> {
        Ok(CanonValue::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<CanonValue, E> {
        Ok(CanonValue::Int(i128::from(v)))
    }
    fn visit_u64<E>(self, v: u64) -> Result<CanonValue, E> {
        Ok(CanonValue::Int(i128::from(v)))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<CanonValue, E> {
        if (INT_MIN..=INT_MAX).contains(&v) {
            Ok(CanonValue::Int(v))
        } else {
            Err(E::custom("an integer out of range"))
        }
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<CanonValue, E> {
        match i128::try_from(v) {
            Ok(v) => self.visit_i128(v),
            Err(_) => Err(E::custom("an integer out of range")),
        }
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<CanonValue, E> {
        // Fractional numbers have no single decimal spelling across parsers; the format
        // admits integers only (write amounts in the smallest unit, or as strings).
        Err(E::custom(
            "a fractional or out-of-range number (only integers are allowed)",
        ))
    }
    fn visit_str<E>(self, v: &str) -> Result<CanonValue, E> {
        Ok(CanonValue::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<CanonValue, E> {
        Ok(CanonValue::String(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<CanonValue, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(CanonValue::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<CanonValue, A::Error> {
        let mut out = BTreeMap::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                // Most parsers silently keep one of two duplicates; which one differs.
                return Err(de::Error::custom("a duplicate object key"));
            }
            let value = map.next_value()?;
            out.insert(key, value);
        }
        Ok(CanonValue::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_and_refuses_uppercase() {
        let h = Hash::of(b"abc");
        assert_eq!(
            h.to_hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(h.to_hex().parse::<Hash>(), Ok(h));
        assert_eq!(
            h.to_hex().to_uppercase().parse::<Hash>(),
            Err(HexError::Digit)
        );
        assert!(matches!("ab".parse::<Hash>(), Err(HexError::Length { .. })));
    }

    #[test]
    fn numbers_are_integers_only() {
        let ok: CanonValue =
            serde_json::from_str(r#"[0, -1, 18446744073709551615, -9223372036854775808]"#).unwrap();
        let mut out = Vec::new();
        ok.encode(&mut out);
        assert!(out.windows(20).any(|w| w == b"18446744073709551615"));
        // `-0` reads as a float in common parsers, so the format refuses it too.
        for bad in [
            "1.5",
            "1e3",
            "1.0",
            "-0",
            "18446744073709551616",
            "-9223372036854775809",
        ] {
            assert!(serde_json::from_str::<CanonValue>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn duplicate_keys_are_refused_and_order_does_not_matter() {
        assert!(serde_json::from_str::<CanonValue>(r#"{"a":1,"a":1}"#).is_err());
        let x: CanonValue = serde_json::from_str(r#"{"b":1,"a":[true,null,"x"]}"#).unwrap();
        let y: CanonValue =
            serde_json::from_str(r#"{ "a" : [true, null, "\u0078"], "b" : 1 }"#).unwrap();
        assert_eq!(body_hash(&x), body_hash(&y));
        let z: CanonValue = serde_json::from_str(r#"{"b":2,"a":[true,null,"x"]}"#).unwrap();
        assert_ne!(body_hash(&x), body_hash(&z));
    }

    #[test]
    fn encoding_is_exactly_as_documented() {
        let v: CanonValue = serde_json::from_str(r#"{"k":[1,"é"]}"#).unwrap();
        let mut out = Vec::new();
        v.encode(&mut out);
        let mut want = vec![b'o'];
        want.extend_from_slice(&1u64.to_be_bytes());
        want.extend_from_slice(&1u64.to_be_bytes());
        want.push(b'k');
        want.push(b'a');
        want.extend_from_slice(&2u64.to_be_bytes());
        want.push(b'i');
        want.extend_from_slice(&1u64.to_be_bytes());
        want.push(b'1');
        want.push(b's');
        want.extend_from_slice(&2u64.to_be_bytes());
        want.extend_from_slice("é".as_bytes());
        assert_eq!(out, want);
    }
}
