//! The court PKI end to end — authority, protected keys, certificate-carrying seals, signed
//! PDFs — through the command line, with OpenSSL (and poppler's `pdfsig` when installed) as the
//! independent implementations that must agree.

mod court;
mod pdf;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use ::journal::entry::RemarkFiled;
use ::journal::sample::sample_opening;
use ::journal::{Body, SystemClock};
use ::store::Journal;

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

pub fn hattama(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_hattama"))
        .args(args)
        .env_remove("XDG_CONFIG_HOME")
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn openssl(args: &[&str]) -> Run {
    let out = Command::new("openssl").args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// One line of error, no passphrase, no key material.
pub fn assert_clean_error(run: &Run, passphrases: &[&str]) {
    let first = run.stderr.lines().next().unwrap_or_default();
    assert!(first.starts_with("error: "), "{}", run.stderr);
    assert_eq!(
        run.stderr
            .lines()
            .filter(|l| l.starts_with("error: "))
            .count(),
        1,
        "{}",
        run.stderr
    );
    for p in passphrases {
        assert!(
            !run.stderr.contains(p) && !run.stdout.contains(p),
            "{}",
            run.stderr
        );
    }
    assert!(!run.stderr.contains("PRIVATE KEY"), "{}", run.stderr);
}

/// A private file holding `text` (what `--passphrase-file` takes).
pub fn secret_file(path: &Path, text: &str) -> PathBuf {
    fs::write(path, format!("{text}\n")).unwrap();
    fs::set_permissions(path, fs::Permissions::from_mode(0o600)).unwrap();
    path.to_path_buf()
}

/// A court set up through the command line: its authority, and a judge and a secretary with
/// their own protected keys and certificates, named as the sample hearing names them.
pub struct Court {
    pub authority: PathBuf,
    pub ca: PathBuf,
    pub crl: PathBuf,
    pub authority_pass: PathBuf,
    pub judge: Person,
    pub secretary: Person,
}

pub struct Person {
    pub key: PathBuf,
    pub public_key: PathBuf,
    pub cert: PathBuf,
    pub pass: PathBuf,
    pub passphrase: String,
}

pub const AUTHORITY_PASS: &str = "authority passphrase 1";

impl Court {
    pub fn set_up(dir: &Path) -> Court {
        fs::create_dir_all(dir).unwrap();
        let authority = dir.join("authority");
        let authority_pass = secret_file(&dir.join("authority.pass"), AUTHORITY_PASS);
        let run = hattama(&[
            "court",
            "init",
            "--dir",
            s(&authority),
            "--name-kk",
            "Алматы қаласы Алмалы аудандық соты",
            "--name-ru",
            "Алмалинский районный суд города Алматы",
            "--bin",
            "123456789012",
            "--passphrase-file",
            s(&authority_pass),
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let keys = dir.join("keys");
        let o = sample_opening();
        let judge = Person::new(
            dir,
            &keys,
            &authority,
            &authority_pass,
            "judge",
            &o.judge,
            "900515300123",
        );
        let secretary = Person::new(
            dir,
            &keys,
            &authority,
            &authority_pass,
            "secretary",
            &o.secretary,
            "950101400456",
        );
        Court {
            ca: authority.join("court-ca.pem"),
            crl: authority.join("court-ca.crl"),
            authority,
            authority_pass,
            judge,
            secretary,
        }
    }

    /// `--trust CA --crl CRL`.
    pub fn trust_args(&self) -> Vec<String> {
        vec![
            "--trust".into(),
            s(&self.ca).into(),
            "--crl".into(),
            s(&self.crl).into(),
        ]
    }

    /// `hattama seal` of `journal` by this court's judge and secretary, with `extra` arguments.
    pub fn seal(&self, journal: &Path, with_crl: bool) -> Run {
        let mut args: Vec<String> = vec![
            "seal".into(),
            s(journal).into(),
            "--trust".into(),
            s(&self.ca).into(),
        ];
        if with_crl {
            args.extend(["--crl".into(), s(&self.crl).into()]);
        }
        args.extend(self.judge.args("judge"));
        args.extend(self.secretary.args("secretary"));
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        hattama(&refs)
    }
}

impl Person {
    fn new(
        dir: &Path,
        keys: &Path,
        authority: &Path,
        authority_pass: &Path,
        role: &str,
        name: &str,
        iin: &str,
    ) -> Person {
        let passphrase = format!("{role} passphrase 2");
        let pass = secret_file(&dir.join(format!("{role}.pass")), &passphrase);
        let run = hattama(&[
            "keys",
            "new",
            "--role",
            role,
            "--keys",
            s(keys),
            "--passphrase-file",
            s(&pass),
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let key = fs::read_dir(keys)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                p.extension().is_some_and(|x| x == "key")
                    && p.file_name().unwrap().to_str().unwrap().starts_with(role)
            })
            .unwrap();
        let public_key = key.with_extension("pub.pem");
        let cert = key.with_extension("crt");
        let today = chrono::Utc::now()
            .with_timezone(&::journal::KAZAKHSTAN)
            .date_naive();
        let run = hattama(&[
            "court",
            "issue",
            "--dir",
            s(authority),
            "--role",
            role,
            "--name",
            name,
            "--iin",
            iin,
            "--pubkey",
            s(&public_key),
            "--valid-from",
            &today.to_string(),
            "--valid-to",
            &(today + chrono::TimeDelta::days(365)).to_string(),
            "--out",
            s(&cert),
            "--passphrase-file",
            s(authority_pass),
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        Person {
            key,
            public_key,
            cert,
            pass,
            passphrase,
        }
    }

    /// `--ROLE-key K --ROLE-cert C --ROLE-passphrase-file P`.
    pub fn args(&self, role: &str) -> Vec<String> {
        vec![
            format!("--{role}-key"),
            s(&self.key).into(),
            format!("--{role}-cert"),
            s(&self.cert).into(),
            format!("--{role}-passphrase-file"),
            s(&self.pass).into(),
        ]
    }
}

/// A closed sample hearing, not yet sealed, in `dir`.
pub fn closed_hearing(dir: &Path) -> PathBuf {
    let mut journal = Journal::create(dir, sample_opening(), Box::new(SystemClock)).unwrap();
    // The sample's bodies end with hearing_closed.
    for body in ::journal::sample::sample_bodies() {
        journal.append(body).unwrap();
    }
    journal.path().to_path_buf()
}

/// Append a remark to a sealed journal, so that it needs a new seal.
pub fn add_remark(journal: &Path) {
    let mut j = Journal::open(journal, Box::new(SystemClock)).unwrap();
    j.append(Body::RemarkFiled(RemarkFiled {
        by: "p2".into(),
        text: "Прошу внести замечания.".into(),
    }))
    .unwrap();
}
