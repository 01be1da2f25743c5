//! A court sets up its archive with nothing but Hattama's own commands, as the README shows:
//! the authority (`court init`), the archive's and a courtroom PC's keys (`keys new`) and
//! certificates (`court issue`), the server on them, a sealed hearing pushed, fetched by an
//! appellate court and verified offline — signers and receipts authenticated; then the
//! courtroom PC's certificate revoked and refused. OpenSSL checks each certificate for its use.

use std::path::{Path, PathBuf};

use super::{Archive, Files, Run, hattama, write_config_with};
use crate::trust::{Court, closed_hearing, openssl, s, secret_file};

/// `keys new --role ROLE` in `keys`, then `court issue` of its public key with `holder`
/// arguments; the key and its certificate.
fn machine(
    court: &Court,
    keys: &Path,
    pass: &Path,
    role: &str,
    holder: &[&str],
) -> (PathBuf, PathBuf) {
    let none = keys.join("no-config");
    let run = hattama(
        &none,
        &[
            "keys",
            "new",
            "--role",
            role,
            "--keys",
            s(keys),
            "--passphrase-file",
            s(pass),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("unattended"), "{}", run.stdout);
    let key = std::fs::read_dir(keys)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with(&format!("{role}-")) && name.ends_with(".key")
        })
        .unwrap();
    let cert = key.with_extension("crt");
    let run = issue(
        court,
        role,
        holder,
        &key.with_extension("pub.pem"),
        &cert,
        true,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    (key, cert)
}

/// `court issue --role ROLE HOLDER…` of `public` to `out`, valid from today for a year; with
/// the authority's passphrase file or without (nothing may ask for it then).
fn issue(court: &Court, role: &str, holder: &[&str], public: &Path, out: &Path, pass: bool) -> Run {
    let (from, to) = validity();
    let mut args = vec![
        "court",
        "issue",
        "--dir",
        s(&court.authority),
        "--role",
        role,
    ];
    args.extend(holder);
    args.extend([
        "--pubkey",
        s(public),
        "--valid-from",
        &from,
        "--valid-to",
        &to,
    ]);
    args.extend(["--out", s(out)]);
    if pass {
        args.extend(["--passphrase-file", s(&court.authority_pass)]);
    }
    hattama(&court.authority.join("no-config"), &args)
}

/// Today to a year on, as `court issue` takes dates (Kazakhstan time).
fn validity() -> (String, String) {
    let today = chrono::Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(5 * 3600).unwrap())
        .date_naive();
    (
        today.to_string(),
        (today + chrono::TimeDelta::days(365)).to_string(),
    )
}

#[test]
fn a_court_sets_up_its_archive_with_hattamas_own_commands() {
    let dir = tempfile::tempdir().unwrap();
    let court = Court::set_up(&dir.path().join("court"));
    let pass = secret_file(&dir.path().join("machines.pass"), "machine key password 3");

    // A machine's certificate is refused what its role cannot use, before the authority's
    // key is opened (no passphrase given here: none is asked for).
    let nowhere = dir.path().join("none");
    let refusals = [
        (
            "archive",
            &["--name", "localhost"][..],
            "needs the host name",
        ),
        (
            "workstation",
            &["--name", "courtroom-7", "--iin", "900515300123"][..],
            "an IIN is for a person's certificate",
        ),
    ];
    for (role, holder, says) in refusals {
        let out = dir.path().join(format!("{role}-refused.crt"));
        let run = issue(&court, role, holder, &court.judge.public_key, &out, false);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(
            run.stderr.starts_with("error: ") && run.stderr.contains(says),
            "{}",
            run.stderr
        );
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        assert!(!out.exists());
    }

    let machines = dir.path().join("machines");
    let (archive_key, archive_cert) = machine(
        &court,
        &machines,
        &pass,
        "archive",
        &["--name", "localhost", "--dns", "localhost"],
    );
    let (ws_key, ws_cert) = machine(
        &court,
        &machines,
        &pass,
        "workstation",
        &["--name", "courtroom-7"],
    );
    // An independent reading: each certificate is fit for its use in TLS.
    for (cert, purpose) in [(&archive_cert, "sslserver"), (&ws_cert, "sslclient")] {
        let run = openssl(&[
            "verify",
            "-CAfile",
            s(&court.ca),
            "-crl_check",
            "-CRLfile",
            s(&court.crl),
            "-purpose",
            purpose,
            s(cert),
        ]);
        assert_eq!(run.code, 0, "{purpose}: {}{}", run.stdout, run.stderr);
    }
    let run = openssl(&[
        "verify",
        "-CAfile",
        s(&court.ca),
        "-purpose",
        "sslserver",
        s(&ws_cert),
    ]);
    assert_ne!(
        run.code, 0,
        "a workstation's certificate must not serve TLS"
    );

    // The server on the encrypted key the court made, opened with its password file.
    let files = |cert: &Path, key: &Path| Files {
        ca: court.ca.clone(),
        crl: court.crl.clone(),
        cert: cert.to_path_buf(),
        key: key.to_path_buf(),
        key_password_file: Some(pass.clone()),
    };
    let db = dir.path().join("db");
    let archive = Archive::start_with(&db, files(&archive_cert, &archive_key));
    let config = dir.path().join("config");
    write_config_with(&config, &archive.url(), &files(&ws_cert, &ws_key));

    // A hearing sealed by the court's judge and secretary, pushed from the courtroom.
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let journal = closed_hearing(&data);
    let run = court.seal(&journal, true);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = hattama(&config, &["archive", "push", s(&journal)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("archived up to #10 (10 sent, 0 already held"),
        "{}",
        run.stdout
    );

    // The appellate court fetches the case and verifies it offline with the court's certificate.
    let case = dir.path().join("case");
    let run = hattama(
        &config,
        &[
            "archive",
            "fetch",
            "--case",
            "2-1234/2026",
            "--out",
            s(&case),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("10 entries, 1 receipts"),
        "{}",
        run.stdout
    );
    let fetched = case.join(journal.file_name().unwrap());
    let run = hattama(
        &nowhere,
        &[
            "verify",
            s(&fetched),
            "--receipts",
            s(&case),
            "--trust",
            s(&court.ca),
            "--crl",
            s(&court.crl),
        ],
    );
    let out = &run.stdout;
    assert_eq!(run.code, 0, "{out}{}", run.stderr);
    assert_eq!(
        std::fs::read(&fetched).unwrap(),
        std::fs::read(&journal).unwrap()
    );
    assert!(out.contains("status: INTACT"), "{out}");
    assert!(out.contains("signers: AUTHENTICATED"), "{out}");
    assert!(
        out.contains("is the court authority's archive certificate (--trust), not revoked")
            && out.contains("receipts status: HOLD"),
        "{out}"
    );
    drop(archive);

    // The courtroom PC's certificate revoked; the archive started with the new list refuses it
    // and the journal stays as it was.
    let run = hattama(
        &nowhere,
        &[
            "court",
            "revoke",
            "--dir",
            s(&court.authority),
            "--cert",
            s(&ws_cert),
            "--reason",
            "key-compromise",
            "--passphrase-file",
            s(&court.authority_pass),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let archive = Archive::start_with(&db, files(&archive_cert, &archive_key));
    write_config_with(&config, &archive.url(), &files(&ws_cert, &ws_key));
    let before = std::fs::read(&journal).unwrap();
    let run = hattama(&config, &["archive", "push", s(&journal)]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .starts_with("error: the archive refused this workstation's certificate"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(&journal).unwrap(), before);
}
