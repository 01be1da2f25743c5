//! Signing in the interface (issue 15, item 5): each signer gives their own protected key and
//! types its passphrase in a dialog; keys of another role, wrong passphrases and plain or shared
//! key files are refused with one line and nothing written. The appellate check authenticates
//! signers only under the court's certificate and never says more than was proven.

use std::path::{Path, PathBuf};

use ::court::demo_court::{DemoCourt, make_demo_court, read_passphrase};
use ::court::hearing::Hearing;
use ::journal::entry::Sealed;
use ::journal::{Body, Kind, VerifyOptions};
use ::law::Lang;
use ::tui::{App, KeyFiles, Settings, TrustFiles};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{ctx, key, screen, typed};

/// A closed, unsealed hearing opened in the interface (Russian), a demo court certifying its
/// officials, and the interface trusting that court (as config.toml's `[trust]` would say).
fn closed_hearing() -> (tempfile::TempDir, App, PathBuf, DemoCourt) {
    let dir = tempfile::tempdir().unwrap();
    let mut c = ctx(dir.path(), Lang::Ru);
    let court = demo_court(dir.path(), &dir.path().join("keys"));
    c.settings = trusting(dir.path(), &court);
    let mut app = App::new(c);
    typed(
        &mut app,
        "cСуд\tСудья\tСекретарь\t2-1/2026\t\t\t\t\t\tАлматы\n",
    );
    typed(&mut app, "sx\n");
    let journal = only_journal(&dir.path().join("data"));
    assert!(
        Hearing::load(&journal)
            .unwrap()
            .entries
            .iter()
            .any(|e| e.kind == Kind::HearingClosed)
    );
    (dir, app, journal, court)
}

fn demo_court(_dir: &Path, keys: &Path) -> DemoCourt {
    make_demo_court(
        keys,
        "Судья",
        "Секретарь",
        &::court::hearing::demo::demo_court_name(),
        chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00+05:00").unwrap(),
    )
    .unwrap()
}

fn trusting(dir: &Path, court: &DemoCourt) -> Settings {
    Settings::new(
        TrustFiles {
            ca: Some(court.authority.certificate_path()),
            crl: Some(court.authority.crl_path()),
        },
        KeyFiles::default(),
        Some(dir.join("config").join("remembered.json")),
    )
}

fn only_journal(data: &Path) -> PathBuf {
    std::fs::read_dir(data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .expect("a journal")
}

fn passphrase(file: &Path) -> String {
    String::from_utf8(read_passphrase(file).unwrap().as_bytes().to_vec()).unwrap()
}

fn clear_field(app: &mut App) {
    app.on_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
}

fn trust_of(court: &DemoCourt) -> ::pki::Trust {
    court.trust().unwrap()
}

#[test]
fn sealing_at_the_desk_with_typed_passphrases_makes_a_seal_the_court_authenticates() {
    let (dir, mut app, journal, court) = closed_hearing();
    typed(&mut app, "s");
    let dialog = screen(&mut app, 100, 30);
    assert!(dialog.contains("Подписант 1 из 2: судья Судья"), "{dialog}");
    // The key file is offered (the demo court's for this judge); the passphrase is typed.
    assert!(dialog.contains("judge-"), "{dialog}");
    let judge_pass = passphrase(&court.judge.passphrase_file);
    typed(&mut app, &judge_pass);
    let masked = screen(&mut app, 100, 30);
    assert!(
        !masked.contains(&judge_pass),
        "the passphrase is never drawn:\n{masked}"
    );
    assert!(
        masked.contains(&"•".repeat(judge_pass.chars().count())),
        "{masked}"
    );
    typed(&mut app, "\n");
    let next = screen(&mut app, 100, 30);
    assert!(
        next.contains("Подписант 2 из 2: секретарь Секретарь"),
        "{next}"
    );
    typed(&mut app, &passphrase(&court.secretary.passphrase_file));
    typed(&mut app, "\n");
    let done = screen(&mut app, 140, 30);
    assert!(
        done.contains("Протокол заверен") && done.contains("судья Судья, секретарь Секретарь"),
        "the status names the signers from their certificates:\n{done}"
    );
    // A format-2 seal, authenticated under the court's certificate.
    let h = Hearing::load(&journal).unwrap();
    let last = h.entries.last().unwrap();
    assert!(
        matches!(&last.body, Some(Body::Sealed(Sealed::V2(_)))),
        "{:?}",
        last.kind
    );
    let trust = trust_of(&court);
    let report = ::store::verify_file(
        &journal,
        VerifyOptions {
            trust: Some(&trust),
            ..VerifyOptions::default()
        },
    )
    .unwrap();
    assert!(report.intact() && report.authenticated(), "{report:?}");
    // Nothing of the passphrases reached a draft or the remembered settings.
    let remembered = std::fs::read_to_string(dir.path().join("config/remembered.json")).unwrap();
    assert!(remembered.contains("judge-") && !remembered.contains(&judge_pass));
    for entry in walk(dir.path()) {
        if let Ok(text) = std::fs::read_to_string(&entry)
            && entry.extension().is_none_or(|x| x != "passphrase")
        {
            assert!(!text.contains(&judge_pass), "{}", entry.display());
        }
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn a_wrong_passphrase_is_refused_and_nothing_is_written() {
    let (_dir, mut app, journal, _court) = closed_hearing();
    let before = std::fs::read(&journal).unwrap();
    typed(&mut app, "sне тот пароль\n");
    let shown = screen(&mut app, 140, 30);
    assert!(shown.contains("неверный пароль"), "{shown}");
    assert!(shown.contains("ничего не записано"), "{shown}");
    // Still asking the judge; nothing written.
    assert!(shown.contains("Подписант 1 из 2"), "{shown}");
    assert_eq!(std::fs::read(&journal).unwrap(), before);
    // Esc: cancelled, still nothing written.
    key(&mut app, KeyCode::Esc);
    assert!(screen(&mut app, 140, 30).contains("Подписание отменено"));
    assert_eq!(std::fs::read(&journal).unwrap(), before);
}

#[test]
fn a_key_of_the_wrong_role_is_refused_and_nothing_is_written() {
    let (_dir, mut app, journal, court) = closed_hearing();
    let before = std::fs::read(&journal).unwrap();
    typed(&mut app, "s\t");
    clear_field(&mut app);
    // The secretary's key, offered for the judge.
    typed(&mut app, &court.secretary.key.display().to_string());
    typed(&mut app, "\t");
    typed(&mut app, &passphrase(&court.secretary.passphrase_file));
    typed(&mut app, "\n");
    let shown = screen(&mut app, 140, 30);
    assert!(
        shown.contains("сертификат выдан для другой роли"),
        "{shown}"
    );
    assert_eq!(std::fs::read(&journal).unwrap(), before);
}

#[test]
fn a_shared_or_plain_key_file_is_named_with_the_fix() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, mut app, journal, court) = closed_hearing();
    let before = std::fs::read(&journal).unwrap();
    std::fs::set_permissions(&court.judge.key, std::fs::Permissions::from_mode(0o644)).unwrap();
    typed(&mut app, "sпароль-любой\n");
    let shown = screen(&mut app, 200, 30);
    assert!(shown.contains("chmod 600"), "{shown}");
    assert!(
        shown.contains(&court.judge.key.display().to_string()[..20]),
        "{shown}"
    );
    assert_eq!(std::fs::read(&journal).unwrap(), before);
    // A plain (unprotected) PEM key: refused with how to convert it.
    let plain = dir.path().join("plain.key");
    let made = std::process::Command::new("openssl")
        .args([
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-out",
        ])
        .arg(&plain)
        .status()
        .unwrap();
    assert!(made.success());
    std::fs::set_permissions(&plain, std::fs::Permissions::from_mode(0o600)).unwrap();
    // The refusal put the cursor back on the key file.
    clear_field(&mut app);
    typed(&mut app, &plain.display().to_string());
    typed(&mut app, "\tпароль-любой\n");
    let shown = screen(&mut app, 200, 30);
    assert!(shown.contains("hattama keys protect"), "{shown}");
    assert_eq!(std::fs::read(&journal).unwrap(), before);
}

/// The demo hearing, sealed by the demo court, in `data/` of a fresh directory.
pub(super) fn demo_hearing() -> (tempfile::TempDir, ::court::hearing::demo::DemoHearing) {
    let dir = tempfile::tempdir().unwrap();
    let demo = ::court::hearing::demo::write_demo_hearing(
        &dir.path().join("data"),
        &dir.path().join("keys"),
        &::law::Catalog::builtin().unwrap(),
    )
    .unwrap();
    (dir, demo)
}

/// The check form: the file, then (after the protocol field) the trust and revocation list.
pub(super) fn check_with(app: &mut App, file: &Path, trust: Option<&DemoCourt>) -> String {
    typed(app, "v");
    typed(app, &file.display().to_string());
    if let Some(court) = trust {
        typed(app, "\t\t");
        typed(
            app,
            &court.authority.certificate_path().display().to_string(),
        );
        typed(app, "\t");
        typed(app, &court.authority.crl_path().display().to_string());
    }
    typed(app, "\n");
    screen(app, 160, 50)
}

#[test]
fn the_check_authenticates_signers_only_with_the_courts_certificate() {
    let (dir, demo) = demo_hearing();
    let court = &demo.court;
    // Without trust: the bytes are intact, the signers unauthenticated — never "nothing altered".
    let mut app = App::new(ctx(dir.path(), Lang::Ru));
    let shown = check_with(&mut app, &demo.journal, None);
    assert!(shown.contains("Байты целы"), "{shown}");
    assert!(shown.contains("подписанты не проверены"), "{shown}");
    assert!(
        shown.contains("укажите сертификат удостоверяющего центра суда"),
        "{shown}"
    );
    assert!(!shown.contains("ничего не изменено"), "{shown}");
    assert!(!shown.contains("подтверждён"), "{shown}");
    // With the court's certificate and list: each signer authenticated.
    let mut app = App::new(ctx(dir.path(), Lang::Ru));
    let shown = check_with(&mut app, &demo.journal, Some(court));
    assert!(shown.contains("подписанты подтверждены"), "{shown}");
    assert!(
        shown.contains("✓ судья:") && shown.contains("✓ секретарь:"),
        "{shown}"
    );
    assert!(
        shown.contains("Все подписанты подтверждены центром суда"),
        "{shown}"
    );
    // In Kazakh too, and the trust files are remembered for the next check.
    let mut c = ctx(dir.path(), Lang::Kk);
    c.settings = Settings::new(
        TrustFiles::default(),
        KeyFiles::default(),
        Some(dir.path().join("config/remembered.json")),
    );
    let mut app = App::new(c);
    let shown = check_with(&mut app, &demo.journal, Some(court));
    assert!(shown.contains("қол қоюшылар расталды"), "{shown}");
    let remembered = Settings::new(
        TrustFiles::default(),
        KeyFiles::default(),
        Some(dir.path().join("config/remembered.json")),
    );
    assert_eq!(
        remembered.trust().ca,
        Some(court.authority.certificate_path())
    );
}

#[test]
fn a_seal_by_an_authority_not_trusted_shows_untrusted() {
    let (dir, demo) = demo_hearing();
    // Another court, with the same names: its certificate is the one given as trust.
    let other = tempfile::tempdir().unwrap();
    let h = Hearing::load(&demo.journal).unwrap();
    let stranger = make_demo_court(
        &other.path().join("keys"),
        &h.opened.judge,
        &h.opened.secretary,
        &::court::hearing::demo::demo_court_name(),
        chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00+05:00").unwrap(),
    )
    .unwrap();
    let mut app = App::new(ctx(dir.path(), Lang::Ru));
    let shown = check_with(&mut app, &demo.journal, Some(&stranger));
    assert!(shown.contains("не доверенный"), "{shown}");
    assert!(shown.contains("подписанты НЕ подтверждены"), "{shown}");
    assert!(!shown.contains("Все подписанты подтверждены"), "{shown}");
}

#[test]
fn a_ruling_written_from_the_documents_screen_names_its_signer_and_the_check_authenticates_it() {
    let (dir, demo) = demo_hearing();
    let mut app = App::with_hearing(ctx(dir.path(), Lang::Ru), &demo.journal);
    // The demo court's authority (offered, marked DEMO), then the judge's demo key.
    typed(&mut app, "ow");
    assert!(screen(&mut app, 140, 40).contains("ДЕМО"));
    typed(&mut app, "\n");
    let judge = screen(&mut app, 140, 40);
    assert!(judge.contains("Подписант 1 из 1: судья"), "{judge}");
    assert!(judge.contains("ДЕМО: это ключ демо-суда"), "{judge}");
    typed(&mut app, "\n");
    let written = screen(&mut app, 200, 40);
    assert!(
        written.contains("✓ Записан")
            && written.contains("подписали: судья Ахметова Айгуль Болатовна"),
        "{written}"
    );
    let pdf = std::fs::read_dir(dir.path().join("data/documents"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "pdf"))
        .expect("the ruling");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Esc);
    let mut app = App::new(ctx(dir.path(), Lang::Ru));
    let shown = check_with(&mut app, &pdf, Some(&demo.court));
    assert!(shown.contains("Подписей в PDF: 1"), "{shown}");
    assert!(
        shown.contains("✓ судья: Ахметова Айгуль Болатовна") && shown.contains("подтверждён"),
        "{shown}"
    );
    let mut app = App::new(ctx(dir.path(), Lang::Ru));
    let shown = check_with(&mut app, &pdf, None);
    assert!(shown.contains("подписанты не проверены"), "{shown}");
    assert!(!shown.contains("подтверждён"), "{shown}");
}

/// The judge's certificate revoked (key compromised) before the seal: refused with the date,
/// nothing written.
#[test]
fn a_revoked_certificate_is_refused_with_its_date_and_nothing_is_written() {
    let (_dir, mut app, journal, court) = closed_hearing();
    let before = std::fs::read(&journal).unwrap();
    let pass = read_passphrase(&court.authority_passphrase).unwrap();
    let authority = court.authority.open(&pass).unwrap();
    let judge = ::store::keys::read_certificate(&court.judge.certificate).unwrap();
    let on = chrono::DateTime::parse_from_rfc3339("2026-11-01T00:00:00+05:00").unwrap();
    court
        .authority
        .next_crl(
            &authority,
            Some(::pki::Revocation {
                serial: judge.serial().to_vec(),
                date: on,
                reason: ::pki::RevocationReason::KeyCompromise,
            }),
            on,
            on + chrono::TimeDelta::days(60),
        )
        .unwrap();
    typed(&mut app, "s");
    typed(&mut app, &passphrase(&court.judge.passphrase_file));
    typed(&mut app, "\n");
    let shown = screen(&mut app, 160, 30);
    assert!(
        shown.contains("судья: сертификат отозван 01.11.2026"),
        "{shown}"
    );
    assert_eq!(std::fs::read(&journal).unwrap(), before);
}

/// The judge's certificate replaced by one the court issued for the same key and person but
/// valid only from `not_before` to `not_after` (an expired or a not-yet-valid certificate).
fn judge_certified_for(court: &DemoCourt, not_before: &str, not_after: &str) {
    let pass = read_passphrase(&court.authority_passphrase).unwrap();
    let authority = court.authority.open(&pass).unwrap();
    let key_pass = read_passphrase(&court.judge.passphrase_file).unwrap();
    let key = ::store::keys::load_key(&court.judge.key, &key_pass).unwrap();
    let at = |t: &str| chrono::DateTime::parse_from_rfc3339(t).unwrap();
    let cert = authority
        .issue(&::pki::IssueRequest {
            role: ::pki::CertRole::Judge,
            name: "Судья".into(),
            iin: None,
            public_key_der: key.public_key_der().unwrap(),
            not_before: at(not_before),
            not_after: at(not_after),
            dns_names: Vec::new(),
        })
        .unwrap();
    std::fs::write(&court.judge.certificate, cert.to_pem()).unwrap();
}

/// The judge's certificate expired before the hearing (24.11.2026): refused with the date, in
/// the interface's language, nothing written.
#[test]
fn an_expired_certificate_is_refused_with_its_date_and_nothing_is_written() {
    let (_dir, mut app, journal, court) = closed_hearing();
    let before = std::fs::read(&journal).unwrap();
    judge_certified_for(
        &court,
        "2026-01-02T00:00:00+05:00",
        "2026-06-01T00:00:00+05:00",
    );
    typed(&mut app, "s");
    typed(&mut app, &passphrase(&court.judge.passphrase_file));
    typed(&mut app, "\n");
    let shown = screen(&mut app, 160, 30);
    assert!(
        shown.contains("судья: срок действия сертификата истёк 01.06.2026"),
        "{shown}"
    );
    assert!(!shown.contains("expired"), "{shown}");
    assert_eq!(std::fs::read(&journal).unwrap(), before);
}

/// The judge's certificate valid only from after the hearing: refused with the date it starts,
/// nothing written.
#[test]
fn a_certificate_not_yet_valid_is_refused_with_its_date_and_nothing_is_written() {
    let (_dir, mut app, journal, court) = closed_hearing();
    let before = std::fs::read(&journal).unwrap();
    judge_certified_for(
        &court,
        "2027-01-01T00:00:00+05:00",
        "2027-12-01T00:00:00+05:00",
    );
    typed(&mut app, "s");
    typed(&mut app, &passphrase(&court.judge.passphrase_file));
    typed(&mut app, "\n");
    let shown = screen(&mut app, 160, 30);
    assert!(
        shown.contains("судья: сертификат действует только с 01.01.2027"),
        "{shown}"
    );
    assert!(!shown.contains("valid only"), "{shown}");
    assert_eq!(std::fs::read(&journal).unwrap(), before);
}

/// A certificate the court issued to another judge, offered for this hearing's judge: refused.
#[test]
fn a_certificate_of_another_person_is_refused_and_nothing_is_written() {
    let (dir, mut app, journal, _court) = closed_hearing();
    let before = std::fs::read(&journal).unwrap();
    let other = make_demo_court(
        &dir.path().join("keys"),
        "Другой Судья",
        "Секретарь",
        &::court::hearing::demo::demo_court_name(),
        chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00+05:00").unwrap(),
    )
    .unwrap();
    typed(&mut app, "s\t");
    clear_field(&mut app);
    typed(&mut app, &other.judge.key.display().to_string());
    typed(&mut app, "\t");
    typed(&mut app, &passphrase(&other.judge.passphrase_file));
    typed(&mut app, "\n");
    let shown = screen(&mut app, 160, 30);
    assert!(shown.contains("сертификат выдан другому лицу"), "{shown}");
    assert_eq!(std::fs::read(&journal).unwrap(), before);
}

/// A journal sealed the old way (format 1, Ed25519 keys, no certificates): intact, and under the
/// court's certificate each signer is a key without certificate — not authenticated.
#[test]
fn an_old_seal_shows_keys_without_certificates() {
    let (dir, demo) = demo_hearing();
    let old = dir.path().join("old.jsonl");
    std::fs::write(&old, crate::journal::mutations::sample_v1_bytes()).unwrap();
    let mut app = App::new(ctx(dir.path(), Lang::Ru));
    let shown = check_with(&mut app, &old, Some(&demo.court));
    assert!(shown.contains("Байты целы"), "{shown}");
    assert!(
        shown.contains("ключ без сертификата (старое заверение)"),
        "{shown}"
    );
    assert!(shown.contains("подписанты НЕ подтверждены"), "{shown}");
}
