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

use serde_json::Value;
use typst::foundations::Bytes;
use typst::text::is_default_ignorable;

use super::RenderError;
use super::fonts::Fonts;

/// The data's file name in the template's world.
pub(crate) const FILE_NAME: &str = "data.json";

/// Checks and cleans `data` and serialises it for the template. Returns the bytes and one
/// warning per field that lost invisible characters.
pub(crate) fn encode(data: &Value, fonts: &Fonts) -> Result<(Bytes, Vec<String>), RenderError> {
    let mut walk = Walk {
        fonts,
        pointer: String::new(),
        cleaned: Vec::new(),
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
    Ok((Bytes::new(bytes), warnings))
}

struct Walk<'a> {
    fonts: &'a Fonts,
    /// The JSON pointer (RFC 6901) of the value being walked.
    pointer: String,
    /// Pointers of strings that had characters dropped.
    cleaned: Vec<String>,
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
                    let item = self.within(key, |walk| walk.value(item))?;
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
        Ok(out)
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
        let (bytes, warnings) = encode(&data, &fonts)?;
        Ok((serde_json::from_slice(&bytes).unwrap(), warnings))
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
