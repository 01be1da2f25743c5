//! `hattama render` and `hattama verify DOCUMENT.pdf` through the binary: exit codes and messages.

use std::process::Command;

use super::demo;

fn hattama(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_hattama"))
        .args(args)
        .env("HOME", "/nonexistent-home")
        .env_remove("XDG_DATA_HOME")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!err.contains("panicked"), "{err}");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        err,
    )
}

/// `hattama render ruling`, signed by the demo court's judge (the demo keeps the passphrase in a
/// private file beside the key).
fn render_ruling(
    d: &::court::hearing::demo::DemoHearing,
    seq: &str,
    lang: &str,
    out: &std::path::Path,
) -> (i32, String, String) {
    let court = &d.court;
    let path = |p: &std::path::Path| p.to_str().unwrap().to_string();
    let args: Vec<String> = vec![
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
        "--trust".into(),
        path(&court.authority.certificate_path()),
        "--crl".into(),
        path(&court.authority.crl_path()),
        "--judge-key".into(),
        path(&court.judge.key),
        "--judge-passphrase-file".into(),
        path(&court.judge.passphrase_file),
    ];
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    hattama(&refs)
}

#[test]
fn render_issues_a_ruling_and_verify_checks_it_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let d = demo(dir.path());
    let journal = d.journal.to_str().unwrap();
    let pdf = dir.path().join("r.pdf");
    let seq = d.coao653_seq.to_string();
    let (code, out, err) = render_ruling(&d, &seq, "kk", &pdf);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("recorded in") && out.contains("signed"),
        "{out}"
    );
    assert!(out.contains("--trust") && out.contains("--crl"), "{out}");
    // Recorded but not yet sealed again: not intact until the judge and secretary seal.
    let (code, _, err) = hattama(&["verify", pdf.to_str().unwrap(), "--protocol", journal]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("not sealed"), "{err}");
    // Without the protocol the PDF's own signature and the embedded excerpt verify.
    assert_eq!(hattama(&["verify", pdf.to_str().unwrap()]).0, 0);
    // The same output path again is refused, and the file is kept.
    let before = std::fs::read(&pdf).unwrap();
    let (code, _, err) = render_ruling(&d, &seq, "ru", &pdf);
    assert_eq!(code, 1, "{err}");
    assert_eq!(std::fs::read(&pdf).unwrap(), before);
    // Without the judge's key a document is not issued.
    let other = dir.path().join("unsigned.pdf");
    let (code, _, err) = hattama(&[
        "render",
        "ruling",
        "--journal",
        journal,
        "--seq",
        &seq,
        "--lang",
        "ru",
        "--out",
        other.to_str().unwrap(),
        "--trust",
        d.court.authority.certificate_path().to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--judge-key") && !other.exists(), "{err}");
}

#[test]
fn a_measure_without_a_ruling_and_a_plain_file_are_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let d = demo(dir.path());
    let pdf = dir.path().join("w.pdf");
    let seq = d.warning_seq.to_string();
    let (code, _, err) = render_ruling(&d, &seq, "ru", &pdf);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.starts_with("error: ") && err.contains("no separate ruling"),
        "{err}"
    );
    assert!(!pdf.exists());
    // A PDF that is not ours.
    let fake = dir.path().join("fake.pdf");
    std::fs::write(&fake, b"%PDF-1.7\nnot really\n").unwrap();
    let (code, _, err) = hattama(&["verify", fake.to_str().unwrap()]);
    assert_eq!(code, 3, "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}
