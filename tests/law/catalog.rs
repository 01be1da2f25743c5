//! The catalog as data: the built-in one is complete, and a broken `--law DIR` is refused with
//! the file and key named.

use std::path::Path;
use std::process::Command;

use ::law::Catalog;
use ::law::catalog::FILES;
use ::law::lang::Lang;

fn copy_catalog(to: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/law");
    for name in FILES {
        std::fs::copy(from.join(name), to.join(name)).expect("copy catalog file");
    }
}

fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{file} contains {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
}

fn demo_with_law(dir: &Path) -> (Option<i32>, String) {
    let out_dir = tempfile::tempdir().expect("tempdir");
    let out = Command::new(env!("CARGO_BIN_EXE_hattama"))
        .arg("--law")
        .arg(dir)
        .arg("demo")
        .arg("--out")
        .arg(out_dir.path().join("demo"))
        .output()
        .expect("runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn builtin_catalog_is_complete_and_versioned() {
    let cat = Catalog::builtin().expect("loads");
    assert_eq!(cat.version.len(), 64);
    assert!(cat.norms.len() > 80);
    for wordings in cat.norms.values() {
        for n in wordings {
            assert!(n.summary.missing().is_none(), "{}", n.id);
            assert!(
                cat.article_title(n)
                    .is_some_and(|t| Lang::ALL.iter().all(|l| !t.get(*l).is_empty()))
            );
        }
    }
    assert_eq!(cat.mci_for_year(2024), Some(3692));
    assert_eq!(cat.mci_for_year(2025), Some(3932));
    assert_eq!(cat.mci_for_year(2026), Some(4325));
    assert_eq!(cat.arrest_bars.len(), 7);
    assert_eq!(cat.community_service_bars.len(), 8);
}

#[test]
fn a_copied_catalog_loads_with_the_same_version() {
    let dir = tempfile::tempdir().expect("temp");
    copy_catalog(dir.path());
    let loaded = Catalog::load_dir(dir.path()).expect("loads");
    assert_eq!(loaded.version, Catalog::builtin().expect("builtin").version);
    edit(dir.path(), "amounts.toml", "kzt = 4325", "kzt = 4326");
    let changed = Catalog::load_dir(dir.path()).expect("still loads");
    assert_ne!(
        changed.version, loaded.version,
        "any change changes the version"
    );
}

#[test]
fn missing_translation_is_refused_naming_file_and_key() {
    let dir = tempfile::tempdir().expect("temp");
    copy_catalog(dir.path());
    edit(
        dir.path(),
        "norms-cpc.toml",
        "kk = \"Іс қаралу кезінде тәртіп бұзған",
        "xx = \"",
    );
    let (code, err) = demo_with_law(dir.path());
    assert_eq!(code, Some(2));
    assert!(err.contains("norms-cpc.toml"), "{err}");
}

#[test]
fn overlapping_wordings_are_refused() {
    let dir = tempfile::tempdir().expect("temp");
    copy_catalog(dir.path());
    let extra = "\n[[norm]]\nid = \"CPC 188(1)\"\narticle = \"188\"\npart = \"1\"\nsummary = { kk = \"a\", ru = \"b\", en = \"c\" }\neffective_from = \"2020-01-01\"\nstatus = \"confirmed\"\n";
    let path = dir.path().join("norms-cpc.toml");
    let mut text = std::fs::read_to_string(&path).expect("read");
    text.push_str(extra);
    std::fs::write(&path, text).expect("write");
    let err = Catalog::load_dir(dir.path()).expect_err("refused");
    assert_eq!(err.file, "norms-cpc.toml");
    assert!(err.key.contains("CPC 188(1)"));
    assert!(err.problem.contains("overlaps"));
}

#[test]
fn unknown_norm_id_in_a_table_is_refused() {
    let dir = tempfile::tempdir().expect("temp");
    copy_catalog(dir.path());
    edit(
        dir.path(),
        "bars.toml",
        "basis = \"CoAO 50(2)\"",
        "basis = \"CoAO 50(9)\"",
    );
    let err = Catalog::load_dir(dir.path()).expect_err("refused");
    assert_eq!(err.file, "bars.toml");
    assert!(err.problem.contains("unknown norm id 'CoAO 50(9)'"));
}

#[test]
fn a_missing_reason_text_is_refused() {
    let dir = tempfile::tempdir().expect("temp");
    copy_catalog(dir.path());
    edit(
        dir.path(),
        "reasons.toml",
        "[reason.no_consent]",
        "[reason.no_consent_typo]",
    );
    let err = Catalog::load_dir(dir.path()).expect_err("refused");
    assert_eq!(err.file, "reasons.toml");
    assert!(err.key.contains("no_consent"));
}
