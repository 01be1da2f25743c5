//! The file name of a hearing's journal, derived from its first entry (format §1), so an excerpt
//! names the journal it comes from.

use super::canonical::{Hash, put_str};

/// The file name of a hearing's journal: readable parts of the case number and hearing id,
/// plus a short hash of both exactly as given, so that two hearings never share a file even
/// when their sanitised names coincide ("2-1/2026" and "2-1 2026").
pub fn file_name(case_number: &str, hearing_id: &str) -> String {
    let mut both = Vec::new();
    put_str(&mut both, case_number);
    put_str(&mut both, hearing_id);
    let tag = Hash::of(&both).to_hex();
    format!(
        "{}_{}_{}.jsonl",
        slug(case_number),
        slug(hearing_id),
        &tag[..8]
    )
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out: String = out.trim_matches('-').chars().take(60).collect();
    if out.is_empty() { "x".to_string() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_sanitised_and_distinct() {
        let a = file_name("2-1/2026", "h1");
        let b = file_name("2-1 2026", "h1");
        assert!(
            a.starts_with("2-1-2026_h1_") && a.ends_with(".jsonl"),
            "{a}"
        );
        assert_ne!(a, b);
        let c = file_name("../../etc/passwd", "");
        assert!(!c.contains('/') && !c.starts_with('.'), "{c}");
        assert!(file_name("№ 7599-26 Иванов", "x").starts_with("7599-26-Иванов_x_"));
    }
}
