//! The corpus of bad inputs (`tests/bad-input/`, listed with the expected outcome in
//! `cases.toml`) through the real binary: each case must exit with its code and say its
//! fragment in one `error:` line, without a panic or personal data; and no file of the corpus
//! may change, appear or vanish — bad input changes nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/bad-input");

/// Personal data of the sample hearing the corpus was made from.
const PERSONAL: &[&str] = &["Иванов", "800501300123"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// The command line after `hattama`; `{dir}` is the copy of the corpus.
    args: Vec<String>,
    exit: i32,
    /// A fragment the error output must contain.
    stderr: String,
    /// A fragment of the `warning:` lines the run must print before its error (a report that
    /// fails still names what else it found); none are allowed without it.
    #[serde(default)]
    warning: Option<String>,
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let dest = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &dest);
        } else {
            std::fs::copy(&path, &dest).unwrap();
        }
    }
}

fn snapshot(dir: &Path, root: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            snapshot(&path, root, out);
        } else {
            let rel = path.strip_prefix(root).unwrap().to_path_buf();
            out.insert(rel, std::fs::read(&path).unwrap());
        }
    }
}

fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    snapshot(dir, dir, &mut out);
    out
}

/// What is wrong with one case's run, if anything.
fn check(case: &Case, dir: &Path) -> Option<String> {
    let args: Vec<String> = case
        .args
        .iter()
        .map(|a| a.replace("{dir}", dir.to_str().unwrap()))
        .collect();
    let out = Command::new(env!("CARGO_BIN_EXE_hattama"))
        .args(&args)
        .current_dir(dir)
        .env("HOME", "/nonexistent-home")
        .env_remove("XDG_DATA_HOME")
        .env_remove("XDG_CONFIG_HOME")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut wrong = Vec::new();
    if out.status.code() != Some(case.exit) {
        wrong.push(format!(
            "exit {:?}, expected {}",
            out.status.code(),
            case.exit
        ));
    }
    if !stderr.contains(&case.stderr) {
        wrong.push(format!("stderr lacks {:?}", case.stderr));
    }
    if stderr.contains("panicked") {
        wrong.push("panicked".into());
    }
    let mut lines = stderr.lines().peekable();
    let mut warnings = String::new();
    while let Some(l) = lines.next_if(|l| l.starts_with("warning: ")) {
        warnings.push_str(l);
    }
    match &case.warning {
        Some(w) if !warnings.contains(w.as_str()) => {
            wrong.push(format!("no warning containing {w:?}"))
        }
        None if !warnings.is_empty() => wrong.push("an unexpected warning".into()),
        _ => {}
    }
    let first_ok = lines.next().is_some_and(|l| l.starts_with("error: "));
    // clap follows its error with possible values, usage and a pointer to --help; ours with
    // `hint:` lines only.
    let clap = stderr.contains("For more information, try '--help'.");
    if !first_ok || (!clap && !lines.all(|l| l.starts_with("hint: "))) {
        wrong.push("not one `error:` line (and hints)".into());
    }
    for p in PERSONAL {
        if stderr.contains(p) || stdout.contains(p) {
            wrong.push(format!("prints personal data ({p})"));
        }
    }
    (!wrong.is_empty()).then(|| format!("{args:?}: {}\n  stderr: {stderr}", wrong.join("; ")))
}

#[test]
fn every_bad_input_is_refused_and_changes_nothing() {
    let corpus = Path::new(CORPUS);
    let text = std::fs::read_to_string(corpus.join("cases.toml")).unwrap();
    let manifest: Manifest = toml::from_str(&text).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("bad-input");
    copy_dir(corpus, &dir);
    let before = files(&dir);

    let failures: Vec<String> = manifest
        .case
        .iter()
        .filter_map(|case| check(case, &dir))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        manifest.case.len(),
        failures.join("\n")
    );
    let after = files(&dir);
    let changed: Vec<_> = before
        .keys()
        .chain(after.keys())
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    assert!(
        changed.is_empty(),
        "files changed, added or removed: {changed:?}"
    );

    // Every input in the corpus is used by some case, so none rots unnoticed.
    let unused: Vec<_> = before
        .keys()
        .filter(|f| !matches!(f.to_str(), Some("cases.toml" | "README.md")))
        .filter(|f| {
            let f = f.to_str().unwrap();
            !manifest
                .case
                .iter()
                .any(|c| c.args.iter().any(|a| a.ends_with(f)))
        })
        .collect();
    assert!(unused.is_empty(), "inputs no case uses: {unused:?}");
    eprintln!(
        "bad input: {} cases refused as expected",
        manifest.case.len()
    );
}
