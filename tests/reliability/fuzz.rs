//! Fuzzing without nightly: proptest drives arbitrary bytes and structured mutations of valid
//! inputs into the journal line reader and verifier, the facts parser (and, when facts pass,
//! the engine), and the excerpt verifier. Every input must end in a report or a clean one-line
//! error — never a panic, never personal data in the message — and the oracles below must hold.
//!
//! `HATTAMA_FUZZ_CASES` sets the cases per target (default 64 in `cargo test`; `scripts/fuzz`
//! runs many more). Each target prints how many cases it ran.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use ::journal::{Report, SystemClock, VerifyOptions, verify_excerpt_bytes, verify_reader};
use ::law::{self, Catalog, Facts, Lang};
use ::store::{repair, verify_file, write_excerpt};
use hattama::cli::CliError;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

use super::mutate::{apply, edits, tweak, tweaks};
use crate::journal::independent;
use crate::journal::sample_journal;

/// Personal data of the sample hearing that no error or fault may quote.
const PERSONAL: &[&str] = &[
    "Иванов",
    "800501300123",
    "800501300126",
    "Ахметова",
    "Сейткали",
];

fn cases() -> u32 {
    std::env::var("HATTAMA_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

/// Run `test` on `cases()` inputs from `strategy`; a panic inside is a failure, shrunk.
fn fuzz<S: Strategy>(
    name: &str,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    let ran = AtomicU64::new(0);
    let result = runner.run(&strategy, |input| {
        ran.fetch_add(1, Ordering::Relaxed);
        test(input)
    });
    if let Err(e) = result {
        panic!("fuzz {name}: {e}");
    }
    eprintln!(
        "fuzz {name}: {} cases (incl. shrinking), no panic, oracles held",
        ran.load(Ordering::Relaxed)
    );
}

/// A message a person reads: one line, not empty, no personal data of the sample.
fn clean(text: &str) -> Result<(), TestCaseError> {
    prop_assert!(!text.trim().is_empty(), "empty message");
    prop_assert!(!text.contains('\n'), "more than one line: {text}");
    for p in PERSONAL {
        prop_assert!(!text.contains(p), "quotes personal data: {text}");
    }
    Ok(())
}

struct Samples {
    journal: Vec<u8>,
    report: Report,
    excerpt: Vec<u8>,
}

fn samples() -> &'static Samples {
    static SAMPLES: OnceLock<Samples> = OnceLock::new();
    SAMPLES.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = sample_journal(dir.path());
        let out = dir.path().join("excerpt.json");
        write_excerpt(&path, &[3, 5], &out).unwrap();
        let journal = std::fs::read(&path).unwrap();
        Samples {
            report: verify_reader(&journal[..], VerifyOptions::default()).unwrap(),
            journal,
            excerpt: std::fs::read(out).unwrap(),
        }
    })
}

fn bytes_or_edits(valid: &'static [u8]) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        1 => prop::collection::vec(any::<u8>(), 0..512),
        4 => edits().prop_map(move |e| apply(valid.to_vec(), &e)),
    ]
}

/// The journal reader and verifier: a report for any bytes; a journal that verifies must
/// verify for the independent verifier too, and no edit yields a different sealed chain.
#[test]
fn fuzz_journal_verifier() {
    let s = samples();
    fuzz("journal verifier", bytes_or_edits(&s.journal), |bytes| {
        let report = verify_reader(&bytes[..], VerifyOptions::default())
            .map_err(|e| TestCaseError::fail(format!("reading memory failed: {e}")))?;
        match &report.fault {
            Some(fault) => clean(&fault.to_string())?,
            None => {
                let theirs = independent::verify_journal(&bytes);
                prop_assert_eq!(theirs.fault_line, None, "only we accept it");
                prop_assert_eq!(theirs.entries, report.entries);
            }
        }
        if report.intact() && report.sealed {
            prop_assert_eq!(
                report.head,
                s.report.head,
                "a different sealed chain verifies"
            );
            prop_assert_eq!(report.entries, s.report.entries);
        }
        Ok(())
    });
}

/// `repair` on any file: it refuses and leaves the bytes as they were, or what it leaves
/// verifies.
#[test]
fn fuzz_repair() {
    let s = samples();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fuzzed.jsonl");
    fuzz("repair", bytes_or_edits(&s.journal), |bytes| {
        let _ = std::fs::remove_file(&path);
        std::fs::write(&path, &bytes).unwrap();
        match repair(&path, Box::new(SystemClock)) {
            Ok(_) => {
                let report = verify_file(&path, VerifyOptions::default())
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
                // A `recovered` entry after a seal leaves the journal to be sealed again: a
                // warning, not a fault.
                prop_assert!(report.intact(), "repaired but broken: {:?}", report.fault);
            }
            Err(e) => {
                clean(&e.to_string())?;
                prop_assert!(
                    std::fs::read(&path).unwrap() == bytes,
                    "refused, yet changed"
                );
            }
        }
        Ok(())
    });
}

/// The facts parser, and the engine and report on whatever passes validation.
#[test]
fn fuzz_facts() {
    static VALID: OnceLock<Vec<serde_json::Value>> = OnceLock::new();
    let valid = VALID.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/config/samples");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        files
            .iter()
            .map(|p| serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap())
            .collect()
    });
    let catalog = Catalog::builtin().unwrap();
    let n = valid.len();
    let strategy = prop_oneof![
        1 => "\\PC{0,256}",
        2 => (0..n, tweaks()).prop_map(move |(i, t)| tweak(valid[i].clone(), &t).to_string()),
        2 => (0..n, edits()).prop_map(move |(i, e)| {
            String::from_utf8_lossy(&apply(valid[i].to_string().into_bytes(), &e)).into_owned()
        }),
    ];
    fuzz("facts parser and engine", strategy, |text| {
        // The message as `hattama advise` prints it: the edge keeps it on one line even when
        // an unknown key the user wrote holds a newline.
        let shown = |e: ::law::FactsError| CliError::input(format!("facts: {e}")).to_string();
        let facts = match Facts::from_json(&text) {
            Ok(facts) => facts,
            Err(e) => return clean(&shown(e)),
        };
        if let Err(e) = facts.validate(&catalog) {
            return clean(&shown(e));
        }
        let advice = law::advise(&facts, &catalog);
        prop_assert!(!advice.options.is_empty(), "valid facts, no options");
        for lang in [Lang::Kk, Lang::Ru, Lang::En] {
            let report = law::report::report(&advice, &catalog, lang);
            prop_assert!(!law::report::table(&report, &catalog).is_empty());
            prop_assert!(serde_json::to_string(&report).is_ok());
        }
        Ok(())
    });
}

/// The excerpt verifier: a report or a one-line refusal for any bytes; an excerpt that
/// verifies must verify for the independent verifier too.
#[test]
fn fuzz_excerpt_verifier() {
    let s = samples();
    let valid: serde_json::Value = serde_json::from_slice(&s.excerpt).unwrap();
    let strategy = prop_oneof![
        1 => bytes_or_edits(&s.excerpt),
        1 => tweaks().prop_map(move |t| tweak(valid.clone(), &t).to_string().into_bytes()),
    ];
    fuzz("excerpt verifier", strategy, |bytes| {
        match verify_excerpt_bytes(&bytes, VerifyOptions::default()) {
            Err(e) => clean(&e)?,
            Ok(report) => match &report.fault {
                Some(fault) => clean(&fault.to_string())?,
                None => {
                    let theirs = independent::verify_excerpt(&bytes);
                    prop_assert_eq!(theirs.fault_line, None, "only we accept it");
                    prop_assert_eq!(theirs.head, report.head.map(|h| h.to_hex()));
                }
            },
        }
        Ok(())
    });
}
