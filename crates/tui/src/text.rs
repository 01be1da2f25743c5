//! The interface's own words in Kazakh, Russian and English, from `config/ui/strings.toml`
//! (compiled in). Legal terms — measures, statuses, roles, conduct, places — are not here: the
//! screens take them from the law catalog, so the interface and the documents never disagree.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use law::{Lang, Text};

const SOURCE: &str = include_str!("../../../config/ui/strings.toml");

fn strings() -> &'static BTreeMap<String, Text> {
    static STRINGS: OnceLock<BTreeMap<String, Text>> = OnceLock::new();
    // A broken file is caught by the tests; at run time the keys show instead of a crash.
    STRINGS.get_or_init(|| toml::from_str(SOURCE).unwrap_or_default())
}

/// The text of `key` in `lang`; the key itself if the catalog lacks it (visible, never empty).
pub fn tr(lang: Lang, key: &'static str) -> &'static str {
    match strings().get(key) {
        Some(text) => text.get(lang),
        None => key,
    }
}

/// `tr` with `{name}` placeholders filled.
pub fn trf(lang: Lang, key: &'static str, params: &[(&str, String)]) -> String {
    match strings().get(key) {
        Some(text) => text.fill(lang, params),
        None => key.to_string(),
    }
}

/// Every key of the catalog with the first language it lacks, for the completeness test.
pub fn incomplete() -> Result<Vec<(String, Lang)>, String> {
    let parsed: BTreeMap<String, Text> = toml::from_str(SOURCE).map_err(|e| e.to_string())?;
    Ok(parsed
        .into_iter()
        .filter_map(|(k, t)| t.missing().map(|l| (k, l)))
        .collect())
}

/// Whether the catalog defines `key`.
pub fn has(key: &str) -> bool {
    strings().contains_key(key)
}
