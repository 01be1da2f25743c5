//! Setting up a court, sealing, revoking — and OpenSSL reading everything Hattama writes.

use std::fs;
use std::path::Path;

use ::journal::sample::sample_opening;
use ::pki::{Authority, CertRole, CertifiedKey, CourtName, IssueRequest, PersonalKey};
use serde_json::{Value, json};

use super::{
    AUTHORITY_PASS, Court, add_remark, assert_clean_error, closed_hearing, hattama, openssl, s,
    secret_file,
};

fn verify_json(journal: &Path, trust: &[String]) -> (i32, Value) {
    let mut args = vec!["verify", s(journal), "--json"];
    args.extend(trust.iter().map(String::as_str));
    let run = hattama(&args);
    (run.code, serde_json::from_str(&run.stdout).unwrap())
}

#[test]
fn a_court_set_up_in_a_few_commands_seals_and_openssl_agrees_with_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let court = Court::set_up(dir.path());
    let o = sample_opening();

    // The authority: a CA naming the court in Kazakh and Russian, with its BIN.
    let run = openssl(&[
        "x509",
        "-in",
        s(&court.ca),
        "-noout",
        "-subject",
        "-ext",
        "basicConstraints,keyUsage",
        "-nameopt",
        "utf8",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("O=Алматы қаласы Алмалы аудандық соты, O=Алмалинский районный суд города Алматы, OU=BIN123456789012"), "{}", run.stdout);
    assert!(
        run.stdout.contains("CA:TRUE") && run.stdout.contains("Certificate Sign, CRL Sign"),
        "{}",
        run.stdout
    );
    // Keys open with `openssl pkey` and the passphrase, and not without it.
    for person in [&court.judge, &court.secretary] {
        let pass = format!("file:{}", s(&person.pass));
        assert_eq!(
            openssl(&["pkey", "-in", s(&person.key), "-passin", &pass, "-noout"]).code,
            0
        );
        assert_ne!(
            openssl(&[
                "pkey",
                "-in",
                s(&person.key),
                "-passin",
                "pass:wrong passphrase",
                "-noout"
            ])
            .code,
            0
        );
        let text = fs::read_to_string(&person.key).unwrap();
        assert!(text.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        let parsed = openssl(&["asn1parse", "-in", s(&person.key)]);
        assert!(
            parsed.stdout.contains("PBES2") && parsed.stdout.contains(":scrypt"),
            "{}",
            parsed.stdout
        );
        // Certificates verify against the authority (and for S/MIME signing, as CMS needs).
        let run = openssl(&[
            "verify",
            "-CAfile",
            s(&court.ca),
            "-purpose",
            "smimesign",
            s(&person.cert),
        ]);
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    }
    let run = openssl(&[
        "x509",
        "-in",
        s(&court.judge.cert),
        "-noout",
        "-subject",
        "-ext",
        "keyUsage",
        "-nameopt",
        "utf8",
    ]);
    assert!(
        run.stdout.contains(&format!(
            "CN={}, serialNumber=IIN900515300123, title=judge",
            o.judge
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Digital Signature, Non Repudiation"),
        "{}",
        run.stdout
    );
    // The first revocation list: signed by the authority, empty.
    let run = openssl(&[
        "crl",
        "-in",
        s(&court.crl),
        "-CAfile",
        s(&court.ca),
        "-noout",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("verify OK") || run.stdout.contains("verify OK"),
        "{}{}",
        run.stdout,
        run.stderr
    );

    // Seal, then verify: authenticated, the names from the certificates.
    let journal = closed_hearing(&dir.path().join("data"));
    let run = court.seal(&journal, true);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("--trust") && run.stdout.contains("--crl"),
        "{}",
        run.stdout
    );
    let run = hattama(&["verify", s(&journal)]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains("UNAUTHENTICATED") && run.stdout.contains("--trust COURT-CA.pem"),
        "{}",
        run.stdout
    );
    let (code, report) = verify_json(&journal, &court.trust_args());
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["signers_authenticated"], true);
    let signer = &report["seals"][0]["signers"][0];
    assert_eq!(
        (signer["role"].as_str(), signer["status"].as_str()),
        (Some("judge"), Some("authenticated"))
    );
    assert_eq!(signer["name"], json!(o.judge));
    assert_eq!(signer["name_source"], "certificate");
    assert_eq!(signer["certificate"]["iin"], "900515300123");

    // The statement's signature, checked by OpenSSL with the key from the certificate.
    let line = fs::read_to_string(&journal)
        .unwrap()
        .lines()
        .last()
        .unwrap()
        .to_string();
    let seal: Value = serde_json::from_str(&line).unwrap();
    let statement = seal["body"]["statement"].as_str().unwrap();
    let stmt = dir.path().join("statement.txt");
    fs::write(&stmt, statement).unwrap();
    for (i, person) in [&court.judge, &court.secretary].iter().enumerate() {
        let sig = dir.path().join(format!("sig{i}.der"));
        let hex = seal["body"]["signatures"][i]["signature"].as_str().unwrap();
        fs::write(
            &sig,
            (0..hex.len() / 2)
                .map(|k| u8::from_str_radix(&hex[2 * k..2 * k + 2], 16).unwrap())
                .collect::<Vec<u8>>(),
        )
        .unwrap();
        let run = openssl(&[
            "dgst",
            "-sha256",
            "-verify",
            s(&person.public_key),
            "-signature",
            s(&sig),
            s(&stmt),
        ]);
        assert!(
            run.stdout.contains("Verified OK"),
            "{}{}",
            run.stdout,
            run.stderr
        );
    }
}

#[test]
fn seals_made_before_a_revocation_stay_authenticated_and_later_ones_are_revoked() {
    let dir = tempfile::tempdir().unwrap();
    let court = Court::set_up(dir.path());
    let journal = closed_hearing(&dir.path().join("data"));
    assert_eq!(court.seal(&journal, true).code, 0);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let run = hattama(&[
        "court",
        "revoke",
        "--dir",
        s(&court.authority),
        "--cert",
        s(&court.judge.cert),
        "--reason",
        "key-compromise",
        "--passphrase-file",
        s(&court.authority_pass),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // OpenSSL sees the revocation, with its reason.
    let run = openssl(&[
        "verify",
        "-crl_check",
        "-CAfile",
        s(&court.ca),
        "-CRLfile",
        s(&court.crl),
        s(&court.judge.cert),
    ]);
    assert_ne!(run.code, 0);
    assert!(format!("{}{}", run.stdout, run.stderr).contains("certificate revoked"));
    let run = openssl(&["crl", "-in", s(&court.crl), "-noout", "-text"]);
    assert!(
        run.stdout.contains("Key Compromise") && run.stdout.contains("CRL Number"),
        "{}",
        run.stdout
    );
    // Sealing with the current list is refused, and nothing is written.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    add_remark(&journal);
    let before = fs::read(&journal).unwrap();
    let run = court.seal(&journal, true);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("judge's certificate is refused: revoked on"),
        "{}",
        run.stderr
    );
    assert_eq!(fs::read(&journal).unwrap(), before);
    // A PC without the new list seals anyway; a reader with it sees the second seal revoked,
    // the first still authenticated.
    assert_eq!(court.seal(&journal, false).code, 0);
    let (code, report) = verify_json(&journal, &court.trust_args());
    assert_eq!(code, 3, "{report}");
    assert_eq!(report["intact"], true);
    assert_eq!(report["seals"][0]["signers"][0]["status"], "authenticated");
    assert_eq!(report["seals"][1]["signers"][0]["status"], "revoked");
    assert_eq!(report["seals"][1]["signers"][1]["status"], "authenticated");
    assert!(
        report["seals"][1]["signers"][0]["status_detail"]
            .as_str()
            .unwrap()
            .contains("key-compromise")
    );
    // `court crl` republishes the same revocations with a new number.
    let run = hattama(&[
        "court",
        "crl",
        "--dir",
        s(&court.authority),
        "--passphrase-file",
        s(&court.authority_pass),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("number 3") && run.stdout.contains("1 revoked"),
        "{}",
        run.stdout
    );
}

#[test]
fn sealing_refuses_certificates_that_do_not_fit_before_writing_anything() {
    let dir = tempfile::tempdir().unwrap();
    let court = Court::set_up(dir.path());
    let journal = closed_hearing(&dir.path().join("data"));
    let before = fs::read(&journal).unwrap();
    let seal_with = |judge: Vec<String>, secretary: Vec<String>, trust: &Path| {
        let mut args: Vec<String> = vec![
            "seal".into(),
            s(&journal).into(),
            "--trust".into(),
            s(trust).into(),
        ];
        args.extend(judge);
        args.extend(secretary);
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        hattama(&refs)
    };
    let cases: Vec<(&str, super::Run, i32, &str)> = vec![
        (
            "wrong role",
            seal_with(
                court.judge.args("judge"),
                court.judge.args("secretary"),
                &court.ca,
            ),
            1,
            "secretary's certificate is refused: untrusted: the certificate is for the role judge",
        ),
        (
            "wrong passphrase",
            {
                let wrong = secret_file(&dir.path().join("wrong.pass"), "not the passphrase");
                let mut j = court.judge.args("judge");
                j[5] = s(&wrong).into();
                seal_with(j, court.secretary.args("secretary"), &court.ca)
            },
            1,
            "wrong passphrase",
        ),
        (
            "a certificate for another key",
            {
                let mut j = court.judge.args("judge");
                j[3] = s(&court.secretary.cert).into();
                seal_with(j, court.secretary.args("secretary"), &court.ca)
            },
            2,
            "is for another key than this key file",
        ),
        (
            "a CA file that is not a CA",
            seal_with(
                court.judge.args("judge"),
                court.secretary.args("secretary"),
                &court.judge.cert,
            ),
            2,
            "not a certification authority",
        ),
        (
            "another person's certificate",
            {
                // Same court, another name: issue a judge certificate for someone else.
                let cert = dir.path().join("someone.crt");
                let run = hattama(&[
                    "court",
                    "issue",
                    "--dir",
                    s(&court.authority),
                    "--role",
                    "judge",
                    "--name",
                    "Другой Судья",
                    "--pubkey",
                    s(&court.judge.public_key),
                    "--valid-from",
                    "2026-01-01",
                    "--valid-to",
                    "2099-12-31",
                    "--out",
                    s(&cert),
                    "--passphrase-file",
                    s(&court.authority_pass),
                ]);
                assert_ne!(
                    run.code, 0,
                    "issued beyond the authority's validity: {}",
                    run.stdout
                );
                let today = chrono::Utc::now()
                    .with_timezone(&::journal::KAZAKHSTAN)
                    .date_naive();
                let run = hattama(&[
                    "court",
                    "issue",
                    "--dir",
                    s(&court.authority),
                    "--role",
                    "judge",
                    "--name",
                    "Другой Судья",
                    "--pubkey",
                    s(&court.judge.public_key),
                    "--valid-from",
                    &today.to_string(),
                    "--valid-to",
                    &(today + chrono::TimeDelta::days(30)).to_string(),
                    "--out",
                    s(&cert),
                    "--passphrase-file",
                    s(&court.authority_pass),
                ]);
                assert_eq!(run.code, 0, "{}", run.stderr);
                let mut j = court.judge.args("judge");
                j[3] = s(&cert).into();
                seal_with(j, court.secretary.args("secretary"), &court.ca)
            },
            1,
            "names another person than the hearing's judge",
        ),
        (
            "a certificate not yet valid",
            {
                let cert = dir.path().join("later.crt");
                let today = chrono::Utc::now()
                    .with_timezone(&::journal::KAZAKHSTAN)
                    .date_naive();
                let run = hattama(&[
                    "court",
                    "issue",
                    "--dir",
                    s(&court.authority),
                    "--role",
                    "judge",
                    "--name",
                    &sample_opening().judge,
                    "--pubkey",
                    s(&court.judge.public_key),
                    "--valid-from",
                    &(today + chrono::TimeDelta::days(2)).to_string(),
                    "--valid-to",
                    &(today + chrono::TimeDelta::days(30)).to_string(),
                    "--out",
                    s(&cert),
                    "--passphrase-file",
                    s(&court.authority_pass),
                ]);
                assert_eq!(run.code, 0, "{}", run.stderr);
                let mut j = court.judge.args("judge");
                j[3] = s(&cert).into();
                seal_with(j, court.secretary.args("secretary"), &court.ca)
            },
            1,
            "not yet valid",
        ),
        (
            "no trust",
            hattama(&["seal", s(&journal)]),
            2,
            "needs the court authority's certificate",
        ),
    ];
    for (what, run, code, message) in cases {
        assert_eq!(run.code, code, "{what}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{what}: {}", run.stderr);
        assert_clean_error(
            &run,
            &[
                &court.judge.passphrase,
                &court.secretary.passphrase,
                AUTHORITY_PASS,
            ],
        );
        assert_eq!(
            fs::read(&journal).unwrap(),
            before,
            "{what}: the journal changed"
        );
    }
    // A CRL signed by another authority is bad input.
    let other = Court::set_up(&dir.path().join("elsewhere"));
    let run = hattama(&[
        "verify",
        s(&journal),
        "--trust",
        s(&court.ca),
        "--crl",
        s(&other.crl),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("not signed by the trusted authority"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_expired_certificate_is_refused_at_sealing() {
    use ::store::Journal;
    let dir = tempfile::tempdir().unwrap();
    // An authority of the past (the command line only issues from today on).
    let o = sample_opening();
    let name = CourtName {
        kk: "Сот".into(),
        ru: "Суд".into(),
        bin: None,
    };
    let ca = Authority::create(
        &name,
        chrono::DateTime::parse_from_rfc3339("2020-01-01T00:00:00Z").unwrap(),
        chrono::DateTime::parse_from_rfc3339("2030-01-01T00:00:00Z").unwrap(),
    )
    .unwrap();
    let person = |role, who: &str, to| {
        let key = PersonalKey::generate().unwrap();
        let cert = ca
            .issue(&IssueRequest {
                role,
                name: who.into(),
                iin: None,
                public_key_der: key.public_key_der().unwrap(),
                not_before: chrono::DateTime::parse_from_rfc3339("2020-01-01T00:00:00Z").unwrap(),
                not_after: to,
                dns_names: vec![],
            })
            .unwrap();
        CertifiedKey::new(key, cert, vec![]).unwrap()
    };
    let judge = person(
        CertRole::Judge,
        &o.judge,
        chrono::DateTime::parse_from_rfc3339("2021-01-01T00:00:00Z").unwrap(),
    );
    let secretary = person(
        CertRole::Secretary,
        &o.secretary,
        chrono::DateTime::parse_from_rfc3339("2029-01-01T00:00:00Z").unwrap(),
    );
    let trust = ::pki::Trust::new(vec![ca.certificate().clone()], vec![]).unwrap();
    let path = closed_hearing(dir.path());
    let before = fs::read(&path).unwrap();
    let mut journal = Journal::open(&path, Box::new(::journal::SystemClock)).unwrap();
    let err = journal
        .seal(&judge, &secretary, &trust)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("judge's certificate is refused: expired on 2021-01-01"),
        "{err}"
    );
    drop(journal);
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn a_rewritten_journal_resealed_with_fresh_keys_bearing_the_same_names_fails_verify_trust() {
    let dir = tempfile::tempdir().unwrap();
    let court = Court::set_up(dir.path());
    let journal = closed_hearing(&dir.path().join("data"));
    assert_eq!(court.seal(&journal, true).code, 0);
    // The forger makes an authority of their own with the same court name, certificates with
    // the same names, changes the fine, recomputes every hash and reseals.
    let o = sample_opening();
    let now = chrono::Utc::now().fixed_offset();
    let name = CourtName {
        kk: "Алматы қаласы Алмалы аудандық соты".into(),
        ru: "Алмалинский районный суд города Алматы".into(),
        bin: Some("123456789012".into()),
    };
    let fake = Authority::create(
        &name,
        now - chrono::TimeDelta::days(10),
        now + chrono::TimeDelta::days(100),
    )
    .unwrap();
    let person = |role, who: &str| {
        let key = PersonalKey::generate().unwrap();
        let cert = fake
            .issue(&IssueRequest {
                role,
                name: who.into(),
                iin: Some("900515300123".into()),
                public_key_der: key.public_key_der().unwrap(),
                not_before: now - chrono::TimeDelta::days(5),
                not_after: now + chrono::TimeDelta::days(50),
                dns_names: vec![],
            })
            .unwrap();
        CertifiedKey::new(key, cert, vec![]).unwrap()
    };
    let (judge, secretary) = (
        person(CertRole::Judge, &o.judge),
        person(CertRole::Secretary, &o.secretary),
    );
    let bytes = fs::read(&journal).unwrap();
    let forged = crate::journal::mutations::forge_and_reseal(
        &bytes,
        |es| es[7]["body"]["grounds"] = json!("штраф 200 МРП"),
        &judge,
        &secretary,
    );
    let forged_path = dir.path().join("forged.jsonl");
    fs::write(&forged_path, &forged).unwrap();
    // Self-consistent: intact, and the names read the same — but unauthenticated.
    let run = hattama(&["verify", s(&forged_path)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(&o.judge) && run.stdout.contains("UNAUTHENTICATED"));
    // Against the court's authority: refused.
    let (code, report) = verify_json(&forged_path, &court.trust_args());
    assert_eq!(code, 3, "{report}");
    assert_eq!(report["intact"], true);
    assert_eq!(report["seals"][0]["signers"][0]["status"], "untrusted");
    let mut args = vec!["verify", s(&forged_path)];
    let trust = court.trust_args();
    args.extend(trust.iter().map(String::as_str));
    let run = hattama(&args);
    assert_eq!(run.code, 3);
    assert!(
        run.stdout.contains("untrusted: the certificate names a trusted authority, but its signature is not the authority's"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("not every signer is authenticated"),
        "{}",
        run.stderr
    );
}

#[test]
fn old_format_journals_still_verify_and_are_not_authenticated_by_an_authority() {
    let dir = tempfile::tempdir().unwrap();
    let court = Court::set_up(dir.path());
    let path = dir.path().join("old.jsonl");
    fs::write(&path, crate::journal::mutations::sample_v1_bytes()).unwrap();
    let run = hattama(&["verify", s(&path)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (code, report) = verify_json(&path, &court.trust_args());
    assert_eq!(code, 3);
    assert_eq!(report["intact"], true);
    assert_eq!(report["seals"][0]["version"], 1);
    assert_eq!(
        report["seals"][0]["signers"][0]["status"],
        "key_without_certificate"
    );
    assert_eq!(report["seals"][0]["signers"][0]["name_source"], "unsigned");
}

#[test]
fn plain_keys_are_refused_until_protected_and_then_open_in_openssl() {
    let dir = tempfile::tempdir().unwrap();
    let court = Court::set_up(dir.path());
    // A plain P-256 key made by OpenSSL.
    let plain = dir.path().join("plain.pem");
    let run = openssl(&[
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-out",
        s(&plain),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let journal = closed_hearing(&dir.path().join("data"));
    let mut args: Vec<String> = vec![
        "seal".into(),
        s(&journal).into(),
        "--trust".into(),
        s(&court.ca).into(),
    ];
    let mut j = court.judge.args("judge");
    j[1] = s(&plain).into();
    args.extend(j);
    args.extend(court.secretary.args("secretary"));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = hattama(&refs);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("not protected by a passphrase")
            && run.stderr.contains("hattama keys protect"),
        "{}",
        run.stderr
    );
    // An old Hattama key (format 1): refused, with both ways out named.
    let old = dir.path().join("judge-old.key");
    let json = format!(
        "{{\"format\":\"hattama-key/1\",\"role\":\"judge\",\"name\":\"J\",\"algorithm\":\"ed25519\",\"public_key\":\"{}\",\"secret_key\":\"{}\"}}\n",
        "00".repeat(32),
        "07".repeat(32)
    );
    secret_file(&old, json.trim_end());
    let mut args2 = args.clone();
    args2[5] = s(&old).into();
    let refs: Vec<&str> = args2.iter().map(String::as_str).collect();
    let run = hattama(&refs);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("hattama keys protect") && run.stderr.contains("hattama keys new"),
        "{}",
        run.stderr
    );
    // Protected, both open in OpenSSL with the passphrase.
    let pass = secret_file(&dir.path().join("new.pass"), "a new passphrase");
    for (file, out) in [
        (&plain, dir.path().join("plain.key")),
        (&old, dir.path().join("old.p8")),
    ] {
        let run = hattama(&[
            "keys",
            "protect",
            s(file),
            "--out",
            s(&out),
            "--passphrase-file",
            s(&pass),
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stdout.contains("destroy it"), "{}", run.stdout);
        let run = openssl(&[
            "pkey",
            "-in",
            s(&out),
            "-passin",
            &format!("file:{}", s(&pass)),
            "-noout",
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    // `keys export` gives the protected key's public key, as `court issue` takes it.
    let run = hattama(&[
        "keys",
        "export",
        "--key",
        s(&dir.path().join("plain.key")),
        "--passphrase-file",
        s(&pass),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ours = openssl(&["pkey", "-in", s(&plain), "-pubout"]);
    assert_eq!(run.stdout, ours.stdout);
    // A passphrase file others can read is refused.
    let open = dir.path().join("open.pass");
    fs::write(&open, "a new passphrase\n").unwrap();
    let run = hattama(&[
        "keys",
        "export",
        "--key",
        s(&dir.path().join("plain.key")),
        "--passphrase-file",
        s(&open),
    ]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("readable by others"), "{}", run.stderr);
    // No terminal and no file: told how to give it.
    let run = hattama(&["keys", "export", "--key", s(&dir.path().join("plain.key"))]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--passphrase-file"), "{}", run.stderr);
}
