//! Signed PDFs: OpenSSL verifies the CMS over the signed bytes, every single-byte change and
//! anything appended is caught from the PDF alone, and (when installed) poppler's `pdfsig`
//! validates the signatures against the court's authority.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use ::court::documents::signature::{check_pdf_signatures, sign_pdf};
use ::journal::sample::fixed_court;
use lopdf::{Document, Object, Stream, dictionary};

use super::{hattama, openssl, s};

/// One `hattama demo` for the tests of this module (a demo takes seconds in a debug build).
fn demo() -> &'static Path {
    static DEMO: OnceLock<tempfile::TempDir> = OnceLock::new();
    DEMO.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let run = hattama(&["demo", "--out", s(&dir.path().join("demo"))]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        dir
    })
    .path()
}

fn demo_file(name: &str) -> PathBuf {
    demo().join("demo").join(name)
}

fn ca() -> PathBuf {
    demo_file("keys/court/court-ca.pem")
}

fn crl() -> PathBuf {
    demo_file("keys/court/court-ca.crl")
}

/// The byte ranges and the CMS of the `n`th signature, read from the raw bytes.
fn signature_parts(pdf: &[u8], n: usize) -> ([usize; 4], Vec<u8>) {
    let marker = b"/ByteRange[";
    let at = pdf
        .windows(marker.len())
        .enumerate()
        .filter(|(_, w)| *w == marker)
        .nth(n)
        .unwrap()
        .0
        + marker.len();
    let end = pdf[at..].iter().position(|b| *b == b']').unwrap() + at;
    let nums: Vec<usize> = std::str::from_utf8(&pdf[at..end])
        .unwrap()
        .split_whitespace()
        .map(|x| x.parse().unwrap())
        .collect();
    let range = [nums[0], nums[1], nums[2], nums[3]];
    let hex = std::str::from_utf8(&pdf[range[1] + 1..range[2] - 1]).unwrap();
    let mut cms: Vec<u8> = (0..hex.len() / 2)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    while cms.last() == Some(&0) {
        cms.pop();
    }
    (range, cms)
}

#[test]
fn openssl_verifies_the_pdf_signature_against_the_court_authority() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = fs::read(demo_file("ruling-coao653-ru.pdf")).unwrap();
    let ([a, b, c, d], cms) = signature_parts(&pdf, 0);
    assert_eq!(c + d, pdf.len(), "the signature covers the whole file");
    let sig = dir.path().join("sig.der");
    let content = dir.path().join("signed.bin");
    fs::write(&sig, &cms).unwrap();
    fs::write(&content, [&pdf[a..a + b], &pdf[c..c + d]].concat()).unwrap();
    let run = openssl(&[
        "cms",
        "-verify",
        "-binary",
        "-inform",
        "DER",
        "-in",
        s(&sig),
        "-content",
        s(&content),
        "-CAfile",
        s(&ca()),
        "-out",
        "/dev/null",
    ]);
    assert!(
        run.stderr.contains("Verification successful"),
        "{}",
        run.stderr
    );
    let printed = openssl(&["cms", "-cmsout", "-print", "-inform", "DER", "-in", s(&sig)]);
    assert!(
        printed.stdout.contains("signingCertificateV2"),
        "{}",
        printed.stdout
    );
    // One byte of the signed content changed: OpenSSL refuses too.
    let mut altered = fs::read(&content).unwrap();
    altered[b / 2] ^= 0x01;
    fs::write(&content, altered).unwrap();
    let run = openssl(&[
        "cms",
        "-verify",
        "-binary",
        "-inform",
        "DER",
        "-in",
        s(&sig),
        "-content",
        s(&content),
        "-CAfile",
        s(&ca()),
        "-out",
        "/dev/null",
    ]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("Verification failure"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_ruling_altered_in_its_content_fails_verify_without_the_protocol() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file("ruling-coao653-ru.pdf");
    let pdf = fs::read(&path).unwrap();
    let run = hattama(&["verify", s(&path), "--trust", s(&ca()), "--crl", s(&crl())]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("signers: AUTHENTICATED"),
        "{}",
        run.stdout
    );
    // One byte of the page content stream (inside the original document).
    let text = String::from_utf8_lossy(&pdf);
    let at = text.find("stream\n").unwrap() + 20;
    let mut altered = pdf.clone();
    altered[at] ^= 0x20;
    let out = dir.path().join("altered.pdf");
    fs::write(&out, &altered).unwrap();
    let run = hattama(&["verify", s(&out)]);
    assert_eq!(run.code, 3, "{}", run.stdout);
    assert!(run.stdout.contains("status: BROKEN"), "{}", run.stdout);
    let run = hattama(&["verify", s(&out), "--json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["intact"], false);
    // The protocol PDF has two signatures, the secretary's then the judge's; both hold.
    let run = hattama(&[
        "verify",
        s(&demo_file("protocol-kk-translation.pdf")),
        "--json",
        "--trust",
        s(&ca()),
        "--crl",
        s(&crl()),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let roles: Vec<&str> = report["signatures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["secretary", "judge"]);
    assert_eq!(report["authenticated"], true);
}

#[test]
fn anything_appended_after_the_last_signature_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = fs::read(demo_file("ruling-removal-ru.pdf")).unwrap();
    // An incremental update that replaces the page's content, unsigned.
    let doc = Document::load_mem(&pdf).unwrap();
    let page = *doc.get_pages().get(&1).unwrap();
    let mut page_dict = doc.get_dictionary(page).unwrap().clone();
    let size = doc.trailer.get(b"Size").unwrap().as_i64().unwrap();
    page_dict.set("Contents", Object::Reference((size as u32, 0)));
    let mut update =
        format!("{size} 0 obj\n<</Length 9>>\nstream\nBT ET q Q\nendstream\nendobj\n").into_bytes();
    let page_at = pdf.len() + update.len();
    update.extend(format!("{} 0 obj\n", page.0).into_bytes());
    update.extend(format!("{page_dict:?}").into_bytes());
    update.extend(b"\nendobj\n");
    let _ = page_at;
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("a newline", [pdf.as_slice(), b"\n"].concat()),
        (
            "a comment",
            [pdf.as_slice(), b"% nothing to see\n"].concat(),
        ),
        ("an unsigned update", [pdf.as_slice(), &update].concat()),
    ];
    for (what, bytes) in cases {
        let path = dir.path().join("appended.pdf");
        fs::write(&path, &bytes).unwrap();
        let run = hattama(&["verify", s(&path)]);
        assert_eq!(run.code, 3, "{what}: {}", run.stdout);
        assert!(
            run.stdout.contains("added after the last signature") || run.stdout.contains("BROKEN"),
            "{what}: {}",
            run.stdout
        );
        fs::remove_file(&path).unwrap();
    }
    // A second signature by someone the court did not certify: the bytes hold, the signer not.
    let stranger = fixed_court("Кто-то", "Кто-то ещё").unwrap();
    let signed = sign_pdf(&pdf, &stranger.judge, chrono::Utc::now().fixed_offset()).unwrap();
    let path = dir.path().join("stranger.pdf");
    fs::write(&path, &signed).unwrap();
    let run = hattama(&["verify", s(&path)]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let run = hattama(&["verify", s(&path), "--trust", s(&ca()), "--crl", s(&crl())]);
    assert_eq!(run.code, 3, "{}", run.stdout);
    assert!(run.stdout.contains("untrusted"), "{}", run.stdout);
}

/// A one-page PDF made with lopdf: small enough to change every byte of it.
fn tiny_pdf() -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages = doc.new_object_id();
    let content = doc.add_object(Stream::new(dictionary! {}, b"BT ET".to_vec()));
    let page = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages,
        "MediaBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
        "Contents" => content,
    });
    doc.objects.insert(
        pages,
        Object::Dictionary(
            dictionary! {"Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1},
        ),
    );
    let catalog = doc.add_object(dictionary! {"Type" => "Catalog", "Pages" => pages});
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn every_single_byte_change_in_the_signed_ranges_is_detected() {
    let court = fixed_court("Судья", "Секретарь").unwrap();
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-24T12:00:00+05:00").unwrap();
    let once = sign_pdf(&tiny_pdf(), &court.secretary, at).unwrap();
    let pdf = sign_pdf(&once, &court.judge, at).unwrap();
    let good = check_pdf_signatures(&pdf, Some(&court.trust)).unwrap();
    assert!(good.intact() && good.authenticated(), "{:?}", good.problem);
    assert_eq!(good.signers.len(), 2);
    // Every byte the last signature covers (the first signature's ranges lie within them),
    // and the last byte of the zeros after each signature in /Contents (the CMS itself is the
    // signature: a change to its signed parts fails it, its certificate bag is not signed).
    let ([_, b, c, d], _) = signature_parts(&pdf, 1);
    let ([_, b0, c0, _], _) = signature_parts(&pdf, 0);
    assert!(b0 < c0 && c0 < b);
    // Inside the first signature's /Contents (signed by the second) every 31st byte is enough:
    // it is 16 KiB of hex that the digest covers like any other byte.
    let positions: Vec<usize> = (0..b0)
        .chain((b0..c0).step_by(31))
        .chain(c0..b)
        .chain(c..c + d)
        .chain([c0 - 2, c - 2])
        .collect();
    let mut missed = Vec::new();
    for i in positions {
        let mut altered = pdf.clone();
        altered[i] ^= 0x01;
        let detected = match check_pdf_signatures(&altered, None) {
            Err(_) => true,
            Ok(check) => !check.intact(),
        };
        if !detected {
            missed.push(i);
        }
    }
    assert!(missed.is_empty(), "changes at {missed:?} went unnoticed");
}

#[test]
fn changes_across_a_typst_ruling_are_detected() {
    let pdf = fs::read(demo_file("ruling-coao653-kk-translation.pdf")).unwrap();
    let ([_, b, c, d], _) = signature_parts(&pdf, 0);
    let mut missed = Vec::new();
    for i in (0..b).step_by(997).chain(c..c + d) {
        let mut altered = pdf.clone();
        altered[i] ^= 0x01;
        let detected = match check_pdf_signatures(&altered, None) {
            Err(_) => true,
            Ok(check) => !check.intact(),
        };
        if !detected {
            missed.push(i);
        }
    }
    assert!(missed.is_empty(), "changes at {missed:?} went unnoticed");
}

/// poppler's `pdfsig` (NSS) as a second, independent PDF verifier. CI installs poppler-utils
/// and libnss3-tools (.ci/run); elsewhere the test says what it skipped.
#[test]
fn pdfsig_validates_the_signatures_when_installed() {
    let have = |tool: &str| std::process::Command::new(tool).arg("-v").output().is_ok();
    if !have("pdfsig") || !have("certutil") {
        eprintln!(
            "skipped: pdfsig or certutil not installed (apt-get install poppler-utils libnss3-tools)"
        );
        return;
    }
    let nss = tempfile::tempdir().unwrap();
    let db = format!("sql:{}", s(nss.path()));
    let run = std::process::Command::new("certutil")
        .args(["-N", "-d", &db, "--empty-password"])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let run = std::process::Command::new("certutil")
        .args([
            "-A",
            "-d",
            &db,
            "-n",
            "court",
            "-t",
            "C,C,C",
            "-a",
            "-i",
            s(&ca()),
        ])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let pdfsig = |path: &Path| {
        let out = std::process::Command::new("pdfsig")
            .args(["-nssdir", &db, s(path)])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let report = pdfsig(&demo_file("protocol-ru.pdf"));
    assert_eq!(report.matches("Signature is Valid.").count(), 2, "{report}");
    assert_eq!(
        report.matches("Certificate is Trusted.").count(),
        2,
        "{report}"
    );
    assert!(
        report.contains("ETSI.CAdES.detached") && report.contains("Total document signed"),
        "{report}"
    );
    let dir = tempfile::tempdir().unwrap();
    let mut pdf = fs::read(demo_file("ruling-coao653-ru.pdf")).unwrap();
    let at = String::from_utf8_lossy(&pdf).find("stream\n").unwrap() + 20;
    pdf[at] ^= 0x20;
    let out = dir.path().join("altered.pdf");
    fs::write(&out, &pdf).unwrap();
    let report = pdfsig(&out);
    assert!(!report.contains("Signature is Valid."), "{report}");
}
