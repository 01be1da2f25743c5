//! The glossary (docs/glossary.md) is the one place for the key terms: no kk or ru text of the
//! product — templates, interface strings, the law catalog, string literals of the code — uses a
//! variant the glossary rejects.

use std::path::{Path, PathBuf};

const GLOSSARY: &str = include_str!("../../docs/glossary.md");

/// A rejected variant: the text, and what may not follow it (`X(?!Y)` in the glossary).
#[derive(Debug, Clone, PartialEq)]
struct Rejected {
    text: String,
    unless_followed_by: Option<String>,
}

/// The rejected variants: the backticked items of the last column of the terms table.
fn rejected() -> Vec<Rejected> {
    let table = &GLOSSARY[GLOSSARY.find("## Terms").expect("a terms section")..];
    let mut out = Vec::new();
    for row in table.lines().filter(|l| l.starts_with('|')).skip(2) {
        let last = row.trim_end_matches('|').rsplit('|').next().unwrap_or("");
        for item in last.split('`').skip(1).step_by(2) {
            let (text, unless) = match item.split_once("(?!") {
                Some((t, rest)) => (t, Some(rest.trim_end_matches(')').to_lowercase())),
                None => (item, None),
            };
            out.push(Rejected {
                text: text.to_lowercase(),
                unless_followed_by: unless,
            });
        }
    }
    out
}

/// Where `text` uses a rejected variant.
fn uses(text: &str, r: &Rejected) -> bool {
    let lower = text.to_lowercase();
    lower.match_indices(&r.text).any(|(at, m)| {
        r.unless_followed_by
            .as_deref()
            .is_none_or(|next| !lower[at + m.len()..].starts_with(next))
    })
}

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, ext, out);
        } else if path.extension().is_some_and(|x| x == ext) {
            out.push(path);
        }
    }
}

/// The product's kk and ru text, file by file: whole templates and catalog files, and the
/// string literals of the Rust code (its identifiers are not text anyone reads).
fn product_texts() -> Vec<(PathBuf, String)> {
    let mut paths = Vec::new();
    files(Path::new("templates"), "typ", &mut paths);
    files(Path::new("config"), "toml", &mut paths);
    let mut out: Vec<(PathBuf, String)> = paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect();
    let mut sources = Vec::new();
    files(Path::new("src"), "rs", &mut sources);
    files(Path::new("crates"), "rs", &mut sources);
    for p in sources {
        let text = std::fs::read_to_string(&p).unwrap();
        let literals: Vec<&str> = text.split('"').skip(1).step_by(2).collect();
        out.push((p, literals.join("\n")));
    }
    out
}

#[test]
fn no_product_text_uses_a_variant_the_glossary_rejects() {
    let rejected = rejected();
    assert!(
        rejected.len() >= 20,
        "the glossary's rejected variants were not read: {rejected:?}"
    );
    let texts = product_texts();
    assert!(
        texts.len() > 50,
        "the scan found only {} files",
        texts.len()
    );
    let mut found = Vec::new();
    for (path, text) in &texts {
        for r in &rejected {
            if uses(text, r) {
                found.push(format!("{}: {:?}", path.display(), r.text));
            }
        }
    }
    assert!(found.is_empty(), "rejected variants in use: {found:#?}");
}

#[test]
fn the_check_finds_each_kind_of_rejected_variant() {
    let rejected = rejected();
    let find = |text: &str| rejected.iter().any(|r| uses(text, r));
    // The review's examples: the hybrid contempt phrase, the appeal that "ends" execution, the
    // stamp, a crime for a criminal offence, in either language and any case.
    assert!(find("адам сотты құрметтемеушілік көрсетті"));
    assert!(find("мерзімінде берілсе, орындау тоқтатылады"));
    assert!(find("Мөр № 22"));
    assert!(find("печать №"));
    assert!(find("Қылмыс белгілері бар"));
    assert!(find("Есть признаки преступления"));
    assert!(find("ҚК 410(2) бойынша қылмыс (NP1 9-тармақ)"));
    assert!(!find(
        "410-бабының 2-бөлігі бойынша қылмыстық жауаптылыққа әкеп соғады"
    ));
    assert!(find("Тәртіп бұзу / сотты құрметтемеу"));
    // The accepted terms pass, the noun included although it begins like a rejected variant.
    assert!(!find("Тәртіп бұзу / сотты құрметтемеушілік"));
    assert!(!find("сотқа құрметтемеушілік білдірді"));
    assert!(!find("қаулының орындалуын тоқтата тұрады"));
    assert!(!find("Қылмыстық құқық бұзушылық белгілері бар"));
    assert!(!find("куәландыру жазбасы № 22"));
}
