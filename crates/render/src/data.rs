//! The job's data as the template reads it: `json("/data.json")`.
//!
//! Strings reach the page as text, never as markup, so `#`, `$` or `]` in a name print as
//! themselves. Two kinds of character are dealt with before Typst sees them:
//! - invisible controls (C0/C1 controls other than tab and line breaks, and the bidirectional
//!   formatting characters) are dropped: they have no glyph, which PDF/A forbids, and a
//!   right-to-left override would let a name print in a different order than it was entered;
//! - a visible character no compiled-in face can draw (e.g. `中`, `₸`, an emoji) refuses the
//!   render. Dropping or replacing it would silently alter a name in a court document, and
//!   letting Typst fail later would print the character's text in the error.
//!
//! Both name the field by JSON pointer, never by its value.
//!
//! The walk also notes two facts the templates' costlier show rules depend on, served as
//! `/render.json` (see [`Hints`]): a regex show rule makes Typst group and search every piece
//! of text in the document, which took a tenth of a cold render, so a template applies it
//! only when the data needs it.

use serde_json::Value;
use typst::foundations::Bytes;
use typst::text::is_default_ignorable;

use super::RenderError;
use super::fonts::{Fonts, MAX_ADVANCE_EM};

/// The data's file name in the template's world.
pub(crate) const FILE_NAME: &str = "data.json";

/// The hints' file name in the template's world.
pub(crate) const HINTS_FILE_NAME: &str = "render.json";

/// A run of characters without a break opportunity wider than this, at the body size, could
/// overflow the narrowest column a template puts data in (the value column of a ruling's
/// "label: value" grid is about 260 pt wide); the templates then cut such runs into pieces.
const LONG_RUN_PT: f32 = 220.0;

/// The body text size of the templates, in pt.
const BODY_PT: f32 = 12.0;

/// Journal hashes and public keys: 64 hex digits that the templates print only in small type
/// across the full width, where they fit, so they do not count as long runs.
const HASH_KEYS: [&str; 4] = ["hash", "head", "public_key", "catalog_version"];

/// What the templates learn about the data besides the data itself, as `/render.json`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Hints {
    /// Some string holds a run without spaces too wide for a narrow column (key mashing, a
    /// pasted URL or a 10,000-character field).
    pub long_runs: bool,
    /// Some string has a number joined by a hyphen to a word (`1-бөлігі`, `5-й`), which the
    /// line breaker would otherwise be free to split after the hyphen.
    pub number_suffixes: bool,
}

/// The job's data, checked and cleaned, as the template's files.
pub(crate) struct Encoded {
    pub data: Bytes,
    pub hints: Bytes,
    /// One per field that lost invisible characters.
    pub warnings: Vec<String>,
}

/// Checks and cleans `data` and serialises it and its [`Hints`] for the template.
pub(crate) fn encode(data: &Value, fonts: &Fonts) -> Result<Encoded, RenderError> {
    let mut walk = Walk {
        fonts,
        pointer: String::new(),
        cleaned: Vec::new(),
        hints: Hints::default(),
    };
    let data = walk.value(data)?;
    let warnings = walk
        .cleaned
        .into_iter()
        .map(|pointer| {
            format!("data.json: warning: invisible control characters dropped from `{pointer}`")
        })
        .collect();
    let bytes = serde_json::to_vec(&data).map_err(RenderError::Data)?;
    let hints = serde_json::to_vec(&walk.hints).map_err(RenderError::Data)?;
    Ok(Encoded {
        data: Bytes::new(bytes),
        hints: Bytes::new(hints),
        warnings,
    })
}

struct Walk<'a> {
    fonts: &'a Fonts,
    /// The JSON pointer (RFC 6901) of the value being walked.
    pointer: String,
    /// Pointers of strings that had characters dropped.
    cleaned: Vec<String>,
    hints: Hints,
}

impl Walk<'_> {
    fn value(&mut self, value: &Value) -> Result<Value, RenderError> {
        match value {
            Value::String(text) => self.string(text).map(Value::String),
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (index, item) in items.iter().enumerate() {
                    out.push(self.within(&index.to_string(), |walk| walk.value(item))?);
                }
                Ok(Value::Array(out))
            }
            Value::Object(fields) => {
                let mut out = serde_json::Map::new();
                for (key, item) in fields {
                    let item = match item {
                        Value::String(text) if is_hash(key, text) => item.clone(),
                        _ => self.within(key, |walk| walk.value(item))?,
                    };
                    out.insert(key.clone(), item);
                }
                Ok(Value::Object(out))
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => Ok(value.clone()),
        }
    }

    fn within<T>(&mut self, key: &str, f: impl FnOnce(&mut Self) -> T) -> T {
        let len = self.pointer.len();
        self.pointer.push('/');
        self.pointer
            .push_str(&key.replace('~', "~0").replace('/', "~1"));
        let result = f(self);
        self.pointer.truncate(len);
        result
    }

    fn string(&mut self, text: &str) -> Result<String, RenderError> {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            if is_invisible_control(c) {
                continue;
            }
            if !self.displayable(c) {
                return Err(RenderError::UndisplayableCharacter {
                    pointer: self.pointer_or_root(),
                    codepoint: format!("U+{:04X}", u32::from(c)),
                });
            }
            out.push(c);
        }
        if out.len() != text.len() {
            self.cleaned.push(self.pointer_or_root());
        }
        self.note(&out);
        Ok(out)
    }

    fn note(&mut self, text: &str) {
        let hints = &mut self.hints;
        if !hints.long_runs {
            // Most runs are words too short to be too wide whatever their letters.
            let shortest = (LONG_RUN_PT / (BODY_PT * MAX_ADVANCE_EM)) as usize;
            hints.long_runs = text
                .split(char::is_whitespace)
                .filter(|run| run.chars().nth(shortest).is_some())
                .any(|run| {
                    let em: f32 = run.chars().map(|c| self.fonts.advance(c)).sum();
                    em * BODY_PT > LONG_RUN_PT
                });
        }
        if !hints.number_suffixes {
            hints.number_suffixes = text.match_indices('-').any(|(at, _)| {
                text[..at].ends_with(|c: char| c.is_ascii_digit())
                    && text[at + 1..].starts_with(char::is_alphabetic)
            });
        }
    }

    /// Whether Typst can show `c` without the `.notdef` glyph that PDF/A forbids.
    fn displayable(&self, c: char) -> bool {
        matches!(c, '\t' | '\n' | '\r')
            // Shaping draws these spaces with the font's own space glyph, widened.
            || matches!(c, '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}')
            // Typst breaks the line here.
            || matches!(c, '\u{2028}' | '\u{2029}')
            || is_default_ignorable(c)
            || self.fonts.covers(c)
    }

    fn pointer_or_root(&self) -> String {
        if self.pointer.is_empty() {
            "/".into()
        } else {
            self.pointer.clone()
        }
    }
}

/// Every string in `data` as the template sees it: what an error message must not repeat.
pub(crate) fn visible_strings(data: &Value) -> Vec<String> {
    fn collect(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::String(text) => {
                out.push(text.chars().filter(|&c| !is_invisible_control(c)).collect())
            }
            Value::Array(items) => items.iter().for_each(|item| collect(item, out)),
            Value::Object(fields) => fields.values().for_each(|item| collect(item, out)),
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }
    let mut out = Vec::new();
    collect(data, &mut out);
    out
}

/// A hash or key as the journal writes it: 64 lowercase hex digits under one of
/// [`HASH_KEYS`]. Anything else under those keys is walked like any other text.
fn is_hash(key: &str, text: &str) -> bool {
    HASH_KEYS.contains(&key)
        && text.len() == 64
        && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn is_invisible_control(c: char) -> bool {
    let bidi_format = matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    );
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || bidi_format
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(data: Value) -> Result<(Value, Vec<String>), RenderError> {
        let fonts = Fonts::load();
        let encoded = encode(&data, &fonts)?;
        Ok((
            serde_json::from_slice(&encoded.data).unwrap(),
            encoded.warnings,
        ))
    }

    fn hints(data: Value) -> Value {
        let encoded = encode(&data, &Fonts::load()).unwrap();
        serde_json::from_slice(&encoded.hints).unwrap()
    }

    #[test]
    fn hashes_file_names_and_prose_need_no_cutting() {
        let hash = "3e7afe3ac82a7ea8cce553f85ef8ac2378fc2c2f50dec6ee04741edd595ae58f";
        let data = serde_json::json!({
            "binding": { "head": hash, "entries": [{ "hash": hash }],
                         "journal": "2-1234-2026_demo-1_99e96df0.jsonl" },
            "recording": "2-1234-2026_2026-11-24_zal-5.mp4",
            "grounds": "Лицо неоднократно перебивало председательствующего ".repeat(40),
        });
        assert_eq!(
            hints(data),
            serde_json::json!({ "long_runs": false, "number_suffixes": false })
        );
    }

    #[test]
    fn a_run_too_wide_for_a_narrow_column_is_noted_wherever_it_is() {
        for data in [
            serde_json::json!({ "name": "Ж".repeat(25) }),
            serde_json::json!({ "a": [{ "b": "x".repeat(10_000) }] }),
            // A hash-like value under another key, or a non-hash under a hash key.
            serde_json::json!({ "name": "ab".repeat(32) }),
            serde_json::json!({ "head": "Z".repeat(64) }),
        ] {
            assert_eq!(hints(data)["long_runs"], true);
        }
        assert_eq!(
            hints(serde_json::json!({ "name": "Ж".repeat(15) }))["long_runs"],
            false
        );
    }

    #[test]
    fn a_number_joined_to_a_word_is_noted() {
        let kk = serde_json::json!({ "cites": ["ӘҚБтК 653-бабының 1-бөлігі"] });
        assert_eq!(hints(kk)["number_suffixes"], true);
        let ru = serde_json::json!({ "cites": ["ч. 1 ст. 653 КоАП РК", "ст. 829-4"] });
        assert_eq!(hints(ru)["number_suffixes"], false);
    }

    #[test]
    fn markup_characters_pass_through_unchanged() {
        let text = r#"#set text(red) ] $x$ @ref <l> *b* _i_ \ `r` // "q""#;
        let (data, warnings) = encoded(serde_json::json!({ "name": text })).unwrap();
        assert_eq!(data["name"], text);
        assert!(warnings.is_empty());
    }

    #[test]
    fn invisible_controls_are_dropped_and_the_field_named() {
        let data =
            serde_json::json!({ "parties": [{ "name": "Ива\u{0}нов\u{202E}\u{7}\tП.\nС." }] });
        let (data, warnings) = encoded(data).unwrap();
        assert_eq!(data["parties"][0]["name"], "Иванов\tП.\nС.");
        assert_eq!(
            warnings,
            ["data.json: warning: invisible control characters dropped from `/parties/0/name`"]
        );
    }

    #[test]
    fn an_undisplayable_character_names_field_and_code_point_but_not_the_value() {
        let data = serde_json::json!({ "a/b": ["ok", "Ли 中"] });
        let err = encoded(data).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("`/a~1b/1`"), "{message}");
        assert!(message.contains("U+4E2D"), "{message}");
        assert!(!message.contains("Ли"), "{message}");
    }

    #[test]
    fn kazakh_letters_and_unicode_spaces_are_displayable() {
        let text = "ӘәҒғҚқҢңӨөҰұҮүҺһІі №\u{00A0}\u{2009}\u{3000}\u{200B}\u{AD}";
        let (data, _) = encoded(serde_json::json!(text)).unwrap();
        assert_eq!(data, text);
    }
}
