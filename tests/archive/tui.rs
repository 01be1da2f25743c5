//! The archive in the courtroom interface: a hearing opened with an archive configured is sent
//! to a real archive server (TLS, SQLite) in the background and the header says how far the
//! archive holds it; with the archive unreachable, the header says since when and how many
//! entries wait. The interface never waits for the network: every frame here draws at once.

use std::path::Path;
use std::time::{Duration, Instant};

use ::case::Lang;
use ::tui::App;
use hattama::archive_link::PushArchive;

use super::{Archive, pki};
use crate::tui::{ctx, screen, typed};

fn config(url: String) -> push::ArchiveConfig {
    let p = pki();
    push::ArchiveConfig {
        url,
        ca: p.ca.clone(),
        crl: Some(p.crl.clone()),
        cert: p.workstation_cert.clone(),
        key: p.workstation_key.clone(),
        key_password_file: None,
    }
}

/// Draw (160 × `height`) until the frame holds `wanted`, at most a minute; the frames drawn
/// meanwhile are timed: none may wait for the network (the pusher and a fetch answer on their
/// own threads).
fn screen_until(app: &mut App, height: u16, wanted: &str) -> String {
    let start = Instant::now();
    loop {
        let drawn = Instant::now();
        let frame = screen(app, 160, height);
        assert!(
            drawn.elapsed() < Duration::from_secs(2),
            "a frame waited {:?}",
            drawn.elapsed()
        );
        if frame.contains(wanted) {
            return frame;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the screen never said {wanted:?}:\n{frame}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The hearing's header (its first lines) once it holds `wanted`.
fn header_until(app: &mut App, wanted: &str) -> String {
    let start = Instant::now();
    loop {
        let frame = screen_until(app, 40, wanted);
        let header = frame.lines().take(3).collect::<Vec<_>>().join("\n");
        if header.contains(wanted) {
            return header;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{wanted:?} only below the header:\n{frame}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn entries(journal: &Path) -> usize {
    std::fs::read_to_string(journal).unwrap().lines().count()
}

#[test]
fn the_header_says_how_far_the_archive_holds_the_hearing() {
    let dir = tempfile::tempdir().unwrap();
    let archive = Archive::start(dir.path());
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let journal = crate::documents::fixtures::civil(&data, Lang::Ru, false);
    let n = entries(&journal);
    let mut c = ctx(dir.path(), Lang::Ru);
    c.archive = Some(Box::new(PushArchive::start(config(archive.url()))));
    let mut app = App::with_hearing(c, &journal);
    let header = header_until(&mut app, &format!("в архиве до #{n}"));
    assert!(!header.contains("недоступен"), "{header}");
}

#[test]
fn an_unreachable_archive_is_said_with_the_entries_waiting() {
    let dir = tempfile::tempdir().unwrap();
    // A port nothing listens on: bound, then released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let journal = crate::documents::fixtures::civil(&data, Lang::Ru, false);
    let n = entries(&journal);
    let mut c = ctx(dir.path(), Lang::Ru);
    c.archive = Some(Box::new(PushArchive::start(config(format!(
        "https://localhost:{port}"
    )))));
    let mut app = App::with_hearing(c, &journal);
    let header = header_until(&mut app, "архив недоступен с");
    assert!(header.contains(&format!("ждут отправки: {n}")), "{header}");
}

/// The appellate check opens a case from the archive: the case's journal and receipts are
/// downloaded while the screen keeps drawing, saved under the data folder, and checked offline
/// — bytes, signers, and the archive's receipts — each finding on its own line. The archive's
/// certificate is judged only with the court's certificate given; the officials' seals here
/// come from another authority than the archive's, and the check says so rather than merging
/// the two.
#[test]
fn the_appellate_check_opens_a_case_from_the_archive() {
    let dir = tempfile::tempdir().unwrap();
    let archive = Archive::start(&dir.path().join("db"));
    let data = dir.path().join("data");
    let journal = super::journals::sealed(&data, "2-601/2026", "h1");
    let client = push::Client::new(&config(archive.url())).unwrap();
    let (cert, key) = client.archive_key().unwrap();
    push::Sync {
        client: &client,
        archive_cert: &cert,
        archive_key: &key,
    }
    .journal(&journal)
    .unwrap();
    let open = |lang| {
        let mut c = ctx(dir.path(), lang);
        c.archive = Some(Box::new(PushArchive::start(config(archive.url()))));
        let mut app = App::new(c);
        typed(&mut app, "v");
        app
    };

    // Without the court's certificate.
    let mut app = open(Lang::Ru);
    typed(&mut app, "\t\t\t\t2-601/2026\n");
    let shown = screen_until(&mut app, 60, "Квитанций архива");
    let fetched = data.join("fetched").join("2-601_2026");
    assert!(
        shown.contains("Из архива: заседаний по делу 2-601/2026: 1"),
        "{shown}"
    );
    assert!(shown.contains("Байты целы"), "{shown}");
    assert!(shown.contains("подписанты не проверены"), "{shown}");
    assert!(
        shown.contains("журнал содержит каждый названный в них хеш"),
        "{shown}"
    );
    assert!(shown.contains("Сертификат архива не проверен"), "{shown}");
    let saved = std::fs::read_dir(&fetched).unwrap().count();
    assert!(
        saved >= 4,
        "journal, receipts, ca.pem, archive.pem: {saved}"
    );
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&fetched).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700, "the fetched case's folder is private");
    }

    // With the archive's authority as the court's certificate: the archive is authenticated,
    // the officials (another authority) are not.
    let p = pki();
    let mut app = open(Lang::En);
    typed(
        &mut app,
        &format!("\t\t{}\t{}\t2-601/2026\n", p.ca.display(), p.crl.display()),
    );
    let shown = screen_until(&mut app, 60, "Archive receipts");
    assert!(
        shown.contains("signed with the archive certificate issued by the court's authority"),
        "{shown}"
    );
    assert!(shown.contains("signers NOT authenticated"), "{shown}");

    // A case the archive does not hold, and a file and a case at once.
    let mut app = open(Lang::Kk);
    typed(&mut app, "\t\t\t\t2-999/2026\n");
    screen_until(&mut app, 60, "Архивте 2-999/2026 ісі жоқ");
    let mut app = open(Lang::Ru);
    typed(
        &mut app,
        &format!("{}\t\t\t\t2-601/2026\n", journal.display()),
    );
    screen_until(&mut app, 60, "Укажите файл или номер дела");
    // A workstation without an archive set up is not offered the field.
    let mut app = App::new(ctx(dir.path(), Lang::Ru));
    typed(&mut app, "v");
    assert!(!screen(&mut app, 160, 60).contains("Номер дела (из архива)"));
}

/// This PC's certificate for the archive ending within a month is said at the secretary's
/// desk, with the date and the days left, before the archive starts refusing it.
#[test]
fn the_desk_says_when_this_pcs_archive_certificate_ends() {
    let p = pki();
    let dir = tempfile::tempdir().unwrap();
    // The workstation's key, certified by the court's (test) authority for 20 days only.
    let short = dir.path().join("workstation-20-days.pem");
    let out = std::process::Command::new("openssl")
        .current_dir(&p.dir)
        .args([
            "x509",
            "-req",
            "-in",
            "workstation.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
        ])
        .args([
            "-set_serial",
            "0x2020",
            "-days",
            "20",
            "-sha256",
            "-extfile",
            "workstation.ext",
        ])
        .arg("-out")
        .arg(&short)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let journal = crate::documents::fixtures::civil(&data, Lang::Ru, false);
    let mut c = ctx(dir.path(), Lang::Ru);
    let mut settings = config("https://localhost:9".into());
    settings.cert = short;
    c.archive = Some(Box::new(PushArchive::start(settings)));
    let mut app = App::with_hearing(c, &journal);
    typed(&mut app, "s");
    let desk = screen_until(&mut app, 40, "Сертификат этого компьютера для архива");
    assert!(
        desk.contains("(осталось дней: 19) — сообщите") && desk.contains("⚠ Сертификат"),
        "{desk}"
    );
}
