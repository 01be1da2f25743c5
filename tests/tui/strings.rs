//! The interface catalog: every key has all three languages, and every key the code uses
//! exists (so no screen ever shows a bare key).

use std::path::Path;

use ::tui::text;

#[test]
fn every_string_has_kazakh_russian_and_english() {
    let incomplete = text::incomplete().expect("config/ui/strings.toml parses");
    assert!(incomplete.is_empty(), "missing languages: {incomplete:?}");
}

#[test]
fn every_key_used_by_the_interface_exists() {
    let mut missing = Vec::new();
    let mut seen = 0;
    for file in rust_files(Path::new("crates/tui/src")) {
        let source = std::fs::read_to_string(&file).unwrap();
        for literal in source.split('"').skip(1).step_by(2) {
            let Some((prefix, rest)) = literal.split_once('.') else {
                continue;
            };
            let is_key = !prefix.is_empty()
                && !rest.is_empty()
                && literal
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.')
                && !matches!(rest, "json" | "toml" | "typ" | "pdf" | "jsonl");
            if is_key {
                seen += 1;
                if !text::has(literal) {
                    missing.push(format!("{}: {literal}", file.display()));
                }
            }
        }
    }
    assert!(
        seen > 200,
        "the scan found only {seen} keys; is it still reading the sources?"
    );
    assert!(missing.is_empty(), "keys without text: {missing:#?}");
}

fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
    out
}
