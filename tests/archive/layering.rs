//! The courtroom binary carries no web server and no database driver: walking the normal
//! dependencies of `hattama` through the workspace's manifests finds none of them.

use std::collections::BTreeSet;
use std::path::Path;

const SERVER_ONLY: &[&str] = &[
    "archive",
    "axum",
    "hyper",
    "hyper-util",
    "tokio",
    "tokio-rustls",
    "tokio-postgres",
    "rusqlite",
];

/// The names under `[dependencies]` of a manifest.
fn dependencies(manifest: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(manifest).unwrap();
    let value: toml::Value = toml::from_str(&text).unwrap();
    value
        .get("dependencies")
        .and_then(|d| d.as_table())
        .map(|t| t.keys().cloned().collect())
        .unwrap_or_default()
}

#[test]
fn hattama_links_no_server_and_no_database_driver() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workspace: toml::Value =
        toml::from_str(&std::fs::read_to_string(root.join("Cargo.toml")).unwrap()).unwrap();
    let members = workspace["workspace"]["dependencies"].as_table().unwrap();
    let mut seen = BTreeSet::new();
    let mut todo = vec![root.join("Cargo.toml")];
    while let Some(manifest) = todo.pop() {
        for dep in dependencies(&manifest) {
            assert!(
                !SERVER_ONLY.contains(&dep.as_str()),
                "{} depends on {dep}: the courtroom binary must not carry it",
                manifest.display()
            );
            let path = members
                .get(&dep)
                .and_then(|d| d.get("path"))
                .and_then(|p| p.as_str());
            if let Some(path) = path
                && seen.insert(dep.clone())
            {
                todo.push(root.join(path).join("Cargo.toml"));
            }
        }
    }
    assert!(seen.contains("push") && seen.contains("ledger"), "{seen:?}");
}
