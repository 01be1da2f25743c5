//! The text of a PDF we produced, for assertions: what a reader's "copy text" would give.
//!
//! lopdf's own `extract_text` rejects the ToUnicode CMaps krilla writes (they carry the
//! PostScript resource header the spec allows), and pdf-extract would pull in a second lopdf.
//! Typst's output is regular enough for a small reader: every text run is
//! `q 1 0 0 -1 x y cm BT /font size Tf ... TJ ET Q` with two-byte glyph codes, and each font has
//! a ToUnicode CMap made of `bfchar` (and possibly `bfrange`) entries.

use std::collections::HashMap;

use lopdf::content::Content;
use lopdf::{Document, Object};

/// The document's text, page by page: runs on one baseline joined, a new line per baseline.
pub fn pdf_text(pdf: &[u8]) -> String {
    let doc = Document::load_mem(pdf).expect("a PDF lopdf can read");
    let mut text = String::new();
    for page in doc.get_pages().into_values() {
        let fonts: HashMap<Vec<u8>, HashMap<u16, String>> = doc
            .get_page_fonts(page)
            .expect("page fonts")
            .into_iter()
            .map(|(name, font)| (name, to_unicode(&doc, font.get(b"ToUnicode").ok())))
            .collect();
        let content = Content::decode(&doc.get_page_content(page).expect("page content"))
            .expect("a decodable content stream");

        let mut font: Option<&HashMap<u16, String>> = None;
        let mut run_y: Option<f32> = None;
        let mut line_y: Option<f32> = None;
        for op in &content.operations {
            match op.operator.as_str() {
                // Each run is positioned by the `cm` before its `BT`.
                "cm" => run_y = op.operands.get(5).and_then(number),
                "Tf" => {
                    let name = op.operands[0].as_name().expect("a font name");
                    font = fonts.get(name);
                }
                "Tj" | "TJ" => {
                    if line_y.is_some() && line_y != run_y {
                        text.push('\n');
                    }
                    line_y = run_y;
                    let cmap = font.expect("a font before text");
                    for operand in flatten(&op.operands) {
                        if let Object::String(bytes, _) = operand {
                            for code in bytes.chunks(2) {
                                let code = u16::from_be_bytes([code[0], code[1]]);
                                text.push_str(cmap.get(&code).map_or("\u{FFFD}", String::as_str));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        text.push('\n');
    }
    text
}

fn flatten(operands: &[Object]) -> Vec<&Object> {
    operands
        .iter()
        .flat_map(|operand| match operand {
            Object::Array(items) => items.iter().collect(),
            other => vec![other],
        })
        .collect()
}

fn number(obj: &Object) -> Option<f32> {
    match obj {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

/// Glyph code → text, from a ToUnicode CMap's `bfchar` and `bfrange` sections.
fn to_unicode(doc: &Document, cmap: Option<&Object>) -> HashMap<u16, String> {
    let Some(cmap) = cmap else {
        return HashMap::new();
    };
    let stream = doc
        .dereference(cmap)
        .expect("a ToUnicode stream")
        .1
        .as_stream()
        .expect("a ToUnicode stream");
    let bytes = if stream.dict.has(b"Filter") {
        stream.decompressed_content().expect("decompressible")
    } else {
        stream.content.clone()
    };
    let cmap = String::from_utf8_lossy(&bytes);

    let mut map = HashMap::new();
    let mut section = "";
    for line in cmap.lines() {
        let line = line.trim();
        if line.ends_with("beginbfchar") || line.ends_with("beginbfrange") {
            section = if line.ends_with("beginbfchar") {
                "char"
            } else {
                "range"
            };
            continue;
        }
        if line.starts_with("end") {
            section = "";
            continue;
        }
        let hex: Vec<&str> = line
            .split(['<', '>', '[', ']', ' '])
            .filter(|s| !s.is_empty())
            .collect();
        match (section, hex.as_slice()) {
            ("char", [code, dst]) => {
                map.insert(code16(code), utf16_hex(dst));
            }
            ("range", [lo, hi, dsts @ ..]) if !dsts.is_empty() => {
                let (lo, hi) = (code16(lo), code16(hi));
                if line.contains('[') {
                    for (code, dst) in (lo..=hi).zip(dsts) {
                        map.insert(code, utf16_hex(dst));
                    }
                } else {
                    // One destination, incremented in its last code unit along the range.
                    let mut units = utf16_units(dsts[0]);
                    for code in lo..=hi {
                        map.insert(code, String::from_utf16_lossy(&units));
                        if let Some(last) = units.last_mut() {
                            *last += 1;
                        }
                    }
                }
            }
            _ => {}
        }
    }
    map
}

fn code16(hex: &str) -> u16 {
    u16::from_str_radix(hex, 16).expect("a hex glyph code")
}

fn utf16_units(hex: &str) -> Vec<u16> {
    (0..hex.len())
        .step_by(4)
        .map(|i| u16::from_str_radix(&hex[i..i + 4], 16).expect("hex UTF-16"))
        .collect()
}

fn utf16_hex(hex: &str) -> String {
    String::from_utf16_lossy(&utf16_units(hex))
}
