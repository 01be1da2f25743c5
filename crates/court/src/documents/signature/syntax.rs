//! Writing PDF objects (ISO 32000-1 §7.3) for an incremental update: the few objects a
//! signature adds or changes. Reading is lopdf's.

use lopdf::{Dictionary, Object, StringFormat};

/// `object` as PDF syntax.
pub fn write(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Object::Real(r) => out.extend_from_slice(real(*r).as_bytes()),
        Object::Name(n) => name(out, n),
        Object::String(s, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for b in s {
                out.extend_from_slice(format!("{b:02X}").as_bytes());
            }
            out.push(b'>');
        }
        Object::String(s, StringFormat::Literal) => literal(out, s),
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => dictionary(out, d),
        // Streams are never rewritten by a signature; the empty appearance is written whole.
        Object::Stream(s) => dictionary(out, &s.dict),
        Object::Reference((id, generation)) => {
            out.extend_from_slice(format!("{id} {generation} R").as_bytes());
        }
    }
}

pub fn dictionary(out: &mut Vec<u8>, d: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (key, value) in d.iter() {
        name(out, key);
        out.push(b' ');
        write(out, value);
    }
    out.extend_from_slice(b">>");
}

/// A real without exponent, as PDF requires; the shortest form that reads back the same.
fn real(r: f32) -> String {
    if r.fract() == 0.0 && r.abs() < 1e9 {
        return format!("{}", r as i64);
    }
    let s = format!("{r}");
    if s.contains('e') || s.contains('E') {
        format!("{r:.6}")
    } else {
        s
    }
}

/// A name, with `#xx` for bytes outside the regular characters (§7.3.5).
fn name(out: &mut Vec<u8>, n: &[u8]) {
    out.push(b'/');
    for &b in n {
        let regular = (0x21..=0x7e).contains(&b) && !b"#()<>[]{}/%".contains(&b);
        if regular {
            out.push(b);
        } else {
            out.extend_from_slice(format!("#{b:02X}").as_bytes());
        }
    }
}

/// A literal string, escaping what §7.3.4.2 requires.
fn literal(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'(');
    for &b in s {
        match b {
            b'(' | b')' | b'\\' => {
                out.push(b'\\');
                out.push(b);
            }
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\n' => out.extend_from_slice(b"\\n"),
            _ => out.push(b),
        }
    }
    out.push(b')');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_what_lopdf_reads_back() {
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"Page".to_vec()));
        d.set(
            "MediaBox",
            Object::Array(vec![
                0.into(),
                0.into(),
                Object::Real(595.2756),
                Object::Real(841.8898),
            ]),
        );
        d.set(
            "T",
            Object::String(b"a(b)\\c".to_vec(), StringFormat::Literal),
        );
        d.set("N", Object::Name(b"A B#".to_vec()));
        d.set("P", Object::Reference((12, 0)));
        let mut out = Vec::new();
        dictionary(&mut out, &d);
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("/N /A#20B#23"), "{text}");
        assert!(text.contains("595.2756"), "{text}");
        assert!(text.contains("(a\\(b\\)\\\\c)"), "{text}");
    }
}
