//! Documents: the data a ruling or protocol is built from, refusals for missing data, and (with
//! the renderer) the PDFs, their text and their binding to the protocol.

pub mod checks;
mod cli;
pub mod fixtures;
mod language;
mod pdf;
mod prepare;

use std::path::Path;

use ::court::hearing::Hearing;
use ::court::hearing::demo::{DemoHearing, write_demo_hearing};
use ::law::Catalog;

pub fn catalog() -> Catalog {
    Catalog::builtin().unwrap()
}

/// The demo hearing, sealed, in `dir`.
pub fn demo(dir: &Path) -> DemoHearing {
    write_demo_hearing(dir, &dir.join("keys"), &catalog()).unwrap()
}

/// The command-line arguments that sign a document as `court`'s judge and secretary (the demo
/// keeps each passphrase in a private file beside the key).
pub fn signing_args(court: &::court::demo_court::DemoCourt) -> Vec<String> {
    let path = |p: &Path| p.to_str().unwrap().to_string();
    vec![
        "--trust".into(),
        path(&court.authority.certificate_path()),
        "--crl".into(),
        path(&court.authority.crl_path()),
        "--judge-key".into(),
        path(&court.judge.key),
        "--judge-passphrase-file".into(),
        path(&court.judge.passphrase_file),
        "--secretary-key".into(),
        path(&court.secretary.key),
        "--secretary-passphrase-file".into(),
        path(&court.secretary.passphrase_file),
    ]
}

/// A demo court in `dir` for the officials `journal` names (what a court's IT officer would
/// have issued them).
pub fn court_for(dir: &Path, journal: &Path) -> ::court::demo_court::DemoCourt {
    let o = Hearing::load(journal).unwrap().opened;
    ::court::demo_court::make_demo_court(
        &dir.join("keys"),
        &o.judge,
        &o.secretary,
        &::court::hearing::demo::demo_court_name(),
        // From before the fixtures' hearings (November 2026), whose clocks the tests replay.
        chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00+05:00").unwrap(),
    )
    .unwrap()
}

/// `hattama render ruling`, signed by the demo court's judge.
pub fn render_ruling(d: &DemoHearing, seq: &str, lang: &str, out: &Path) -> (i32, String, String) {
    let path = |p: &Path| p.to_str().unwrap().to_string();
    let mut args: Vec<String> = vec![
        "render".into(),
        "ruling".into(),
        "--journal".into(),
        path(&d.journal),
        "--seq".into(),
        seq.into(),
        "--lang".into(),
        lang.into(),
        "--out".into(),
        path(out),
    ];
    args.extend(signing_args(&d.court));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    cli::hattama(&refs)
}

/// Seal the demo journal again with the demo court's judge and secretary.
pub fn reseal(d: &DemoHearing) {
    let (judge, secretary, trust) = d.court.signers().unwrap();
    let mut j = ::store::Journal::open(&d.journal, Box::new(::journal::SystemClock)).unwrap();
    j.seal(&judge, &secretary, &trust).unwrap();
}

/// The demo hearing in a fresh directory, and its replay.
pub fn demo_hearing() -> (tempfile::TempDir, DemoHearing, Hearing) {
    let dir = tempfile::tempdir().unwrap();
    let d = demo(dir.path());
    let h = Hearing::load(&d.journal).unwrap();
    (dir, d, h)
}
