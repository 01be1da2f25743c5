//! The house's rules, held by the manifests: which crate may depend on which (no crate on one
//! above it), which crates alone may carry Typst, ratatui, the file store, clap and the archive
//! server's stack (web server, TLS server, database drivers), and that the journal's format
//! crate opens no files. The same table is the architecture map in
//! `src/lib.rs`.

use std::collections::BTreeMap;
use std::path::Path;

/// Each crate of ours and the crates of ours it may depend on.
const LAYERS: &[(&str, &[&str])] = &[
    ("hattama-case", &[]),
    ("hattama-pki", &[]),
    ("hattama-law", &["hattama-case"]),
    ("hattama-journal", &["hattama-case", "hattama-pki"]),
    (
        "hattama-store",
        &["hattama-case", "hattama-journal", "hattama-pki"],
    ),
    ("hattama-render", &[]),
    (
        "hattama-court",
        &[
            "hattama-case",
            "hattama-pki",
            "hattama-law",
            "hattama-journal",
            "hattama-store",
            "hattama-render",
        ],
    ),
    (
        "hattama-tui",
        &[
            "hattama-case",
            "hattama-pki",
            "hattama-law",
            "hattama-journal",
            "hattama-store",
            "hattama-render",
            "hattama-court",
        ],
    ),
    ("hattama-ledger", &["hattama-journal", "hattama-pki"]),
    (
        "hattama-push",
        &["hattama-journal", "hattama-pki", "hattama-ledger"],
    ),
    (
        "hattama-archive",
        &[
            "hattama-journal",
            "hattama-pki",
            "hattama-ledger",
            "hattama-push",
        ],
    ),
];

/// Outside crates only some crates of ours may carry: Typst, ratatui and the file lock each in
/// one; clap in the two programs; the web server, TLS server and database drivers in the
/// archive server alone (`hattama` links none of them: tests/archive/layering.rs walks its
/// whole tree); the HTTPS client in the archive's client and server.
const ONLY_IN: &[(&str, &[&str])] = &[
    ("typst", &["hattama-render"]),
    ("typst-pdf", &["hattama-render"]),
    ("typst-layout", &["hattama-render"]),
    ("ratatui", &["hattama-tui"]),
    ("fs4", &["hattama-store"]),
    ("clap", &["hattama", "hattama-archive"]),
    ("axum", &["hattama-archive"]),
    ("hyper", &["hattama-archive"]),
    ("hyper-util", &["hattama-archive"]),
    ("tokio", &["hattama-archive"]),
    ("tokio-rustls", &["hattama-archive"]),
    ("rustls", &["hattama-archive"]),
    ("tokio-postgres", &["hattama-archive"]),
    ("rusqlite", &["hattama-archive"]),
    ("ureq", &["hattama-push", "hattama-archive"]),
];

/// Every crate's package name and its `[dependencies]` as package names.
fn manifests() -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    let mut dirs: Vec<_> = std::fs::read_dir("crates")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    dirs.push(Path::new(".").to_path_buf());
    for dir in dirs {
        let text = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
        let manifest: toml::Table = toml::from_str(&text).unwrap();
        let name = manifest["package"]["name"].as_str().unwrap().to_string();
        let deps = manifest
            .get("dependencies")
            .and_then(|d| d.as_table())
            .map(|deps| {
                deps.iter()
                    .map(|(key, spec)| package_name(key, spec))
                    .collect()
            })
            .unwrap_or_default();
        out.insert(name, deps);
    }
    out
}

/// A dependency's package name: `law.workspace = true` is `hattama-law` by the workspace's
/// own table.
fn package_name(key: &str, spec: &toml::Value) -> String {
    let workspace: toml::Table =
        toml::from_str(&std::fs::read_to_string("Cargo.toml").unwrap()).unwrap();
    let from_workspace = workspace["workspace"]["dependencies"]
        .get(key)
        .and_then(|d| d.get("package"))
        .and_then(|p| p.as_str());
    spec.get("package")
        .and_then(|p| p.as_str())
        .or(from_workspace)
        .unwrap_or(key)
        .to_string()
}

#[test]
fn crates_depend_only_on_the_layers_below_them() {
    let manifests = manifests();
    for (name, allowed) in LAYERS {
        let deps = manifests
            .get(*name)
            .unwrap_or_else(|| panic!("{name} is in the map but not in crates/"));
        for dep in deps.iter().filter(|d| d.starts_with("hattama")) {
            assert!(
                allowed.contains(&dep.as_str()),
                "{name} depends on {dep}, which is not below it"
            );
        }
    }
    for name in manifests.keys() {
        assert!(
            name == "hattama" || LAYERS.iter().any(|(n, _)| n == name),
            "{name} is not in the architecture map"
        );
    }
}

#[test]
fn typst_ratatui_the_file_store_and_the_servers_stacks_live_in_their_crates() {
    for (name, deps) in manifests() {
        for (outside, homes) in ONLY_IN {
            if deps.iter().any(|d| d == outside) {
                assert!(
                    homes.contains(&name.as_str()),
                    "{name} depends on {outside}"
                );
            }
        }
    }
}

#[test]
fn the_journal_format_opens_no_files() {
    let mut sources = Vec::new();
    collect(Path::new("crates/journal/src"), &mut sources);
    assert!(sources.len() > 5, "the journal's sources were not found");
    for path in sources {
        let text = std::fs::read_to_string(&path).unwrap();
        for forbidden in ["std::fs", "File::", "OpenOptions", "std::os::"] {
            assert!(
                !text.contains(forbidden),
                "{} uses {forbidden}: files are the store's",
                path.display()
            );
        }
    }
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}
