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
use crate::tui::{ctx, screen};

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

/// Draw until the header (its first lines) holds `wanted`, at most a minute; the frames drawn
/// meanwhile are timed: none may wait for the network.
fn header_until(app: &mut App, wanted: &str) -> String {
    let start = Instant::now();
    loop {
        let drawn = Instant::now();
        let frame = screen(app, 160, 40);
        assert!(
            drawn.elapsed() < Duration::from_secs(2),
            "a frame waited {:?}",
            drawn.elapsed()
        );
        let header: String = frame.lines().take(3).collect::<Vec<_>>().join("\n");
        if header.contains(wanted) {
            return header;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the header never said {wanted:?}:\n{frame}"
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
