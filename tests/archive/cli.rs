//! `hattama archive …` and `hattama verify --receipts`: exit codes, one-line messages, and
//! what a rewritten journal looks like next to its receipts.

use std::path::Path;

use super::{Archive, hattama, hattama_in, journals, pki, write_config};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn push_fetch_and_verify_offline_then_a_rewritten_journal_fails() {
    let dir = tempfile::tempdir().unwrap();
    let archive = Archive::start(&dir.path().join("db"));
    let config = dir.path().join("config");
    write_config(&config, &archive.url());
    let data = dir.path().join("data");
    let journal = journals::sealed(&data, "2-501/2026", "h1");
    let mut open = journals::open(&data, "2-501/2026", "h2", 6);

    let run = hattama(&config, &["archive", "push", s(&journal), s(open.path())]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("archived up to #10 (10 sent, 0 already held, 1 new receipts)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("archived up to #7"), "{}", run.stdout);
    // Again: nothing sent twice.
    let run = hattama(&config, &["archive", "push", s(&journal)]);
    assert!(
        run.stdout.contains("archived up to #10 (0 sent"),
        "{}",
        run.stdout
    );

    // The courtroom's own receipts, beside the journal, with archive.pem; the CA from config.
    let receipts = journal.with_extension("receipts");
    let run = hattama(
        &config,
        &["verify", s(&journal), "--receipts", s(&receipts)],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("status: INTACT") && run.stdout.contains("receipts status: HOLD"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("the court authority's archive certificate"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("#10 "), "{}", run.stdout);

    // The open hearing goes on; a later push brings a receipt with a larger checkpoint and the
    // proof that it extends the one kept before.
    for i in 0..5 {
        journals::note(&mut open, &format!("later {i}"));
    }
    let run = hattama(&config, &["archive", "push", s(open.path())]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let kept = std::fs::read_to_string(open.path().with_extension("receipts")).unwrap();
    assert!(kept.contains("\"type\":\"consistency\""), "{kept}");
    let run = hattama(
        &config,
        &["verify", s(open.path()), "--receipts", s(&data), "--json"],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["receipts"]["holds"], true);
    assert_eq!(json["receipts"]["archive_authenticated"], true);
    assert_eq!(
        json["receipts"]["unproven_checkpoints"]
            .as_array()
            .unwrap()
            .len(),
        0
    );

    // An appellate court fetches the case and checks it offline.
    let out = dir.path().join("appeal");
    let run = hattama(
        &config,
        &["archive", "fetch", "--case", "2-501/2026", "--out", s(&out)],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let fetched: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .map(|p| p.display().to_string())
        .collect();
    assert_eq!(fetched.len(), 2);
    let nowhere = dir.path().join("no-config");
    let mut args = vec!["verify"];
    args.extend(fetched.iter().map(String::as_str));
    args.extend(["--receipts", s(&out)]);
    let run = hattama(&nowhere, &args);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout.matches("receipts status: HOLD").count(),
        2,
        "{}",
        run.stdout
    );

    // Rewrite the sealed hearing's note at seq 4 and seal it again with the same real keys:
    // intact by itself, refused against its receipts.
    let rewritten = dir.path().join("rewritten");
    std::fs::create_dir_all(&rewritten).unwrap();
    let clock = journals::clock();
    let mut j = ::store::Journal::create(
        &rewritten,
        journals::opening("2-501/2026", "h1"),
        Box::new(clock.clone()),
    )
    .unwrap();
    for (i, mut body) in ::journal::sample::sample_bodies().into_iter().enumerate() {
        clock.advance(chrono::TimeDelta::minutes(1));
        if let (2, ::journal::Body::Note(n)) = (i, &mut body) {
            n.text = "Предупреждение не делалось.".into();
        }
        j.append(body).unwrap();
    }
    let court = journals::court();
    j.seal(&court.judge, &court.secretary, &court.trust)
        .unwrap();
    let run = hattama(&nowhere, &["verify", s(j.path())]);
    assert_eq!(
        run.code, 0,
        "the rewritten journal is intact by itself: {}",
        run.stderr
    );
    let run = hattama(
        &nowhere,
        &[
            "verify",
            s(j.path()),
            "--receipts",
            s(&receipts),
            "--trust",
            s(&out.join("ca.pem")),
        ],
    );
    assert_eq!(run.code, 3, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("FAIL: entry #10 of the journal"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("changed after the receipt"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.lines().any(
            |l| l.starts_with("error: ") && l.contains("does not match the archive's receipts")
        ),
        "{}",
        run.stderr
    );

    // A receipts file changed by hand fails on its signature.
    let forged = dir.path().join("forged.receipts");
    std::fs::write(
        &forged,
        std::fs::read_to_string(&receipts)
            .unwrap()
            .replacen("seq 10", "seq 9", 1),
    )
    .unwrap();
    std::fs::copy(out.join("archive.pem"), dir.path().join("archive.pem")).unwrap();
    let run = hattama(&nowhere, &["verify", s(&journal), "--receipts", s(&forged)]);
    assert_eq!(run.code, 3, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("archive: certificate NOT checked against a court authority"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("does not verify"), "{}", run.stdout);
}

#[test]
fn archive_commands_without_an_archive_say_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let journal = journals::sealed(&data, "2-502/2026", "h1");
    // No [archive] in config.toml.
    let run = hattama(&dir.path().join("none"), &["archive", "push", s(&journal)]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("error: no archive configured")
            && run.stderr.contains("hint: add [archive]"),
        "{}",
        run.stderr
    );
    // An archive that does not answer: refused (1), the journal untouched.
    let config = dir.path().join("config");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    write_config(&config, &format!("https://localhost:{port}"));
    let before = std::fs::read(&journal).unwrap();
    let run = hattama(&config, &["archive", "push", s(&journal)]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot be reached")
            && run.stderr.contains("hint: the journals stay on this PC"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(&journal).unwrap(), before);
    // --receipts without receipts.
    let run = hattama(&config, &["verify", s(&journal), "--receipts", s(&data)]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("holds no receipts for"),
        "{}",
        run.stderr
    );
    // fetch needs --case or --hearing.
    let run = hattama(&config, &["archive", "fetch", "--out", s(dir.path())]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let _ = pki();
}

#[test]
fn serve_runs_the_server_program_beside_hattama_or_says_how_to_build_it() {
    let dir = tempfile::tempdir().unwrap();
    let alone = dir.path().join("hattama");
    std::fs::copy(env!("CARGO_BIN_EXE_hattama"), &alone).unwrap();
    let run = hattama_in(&alone, dir.path(), &["archive", "serve", "--origin", "x"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("the archive server is not installed"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("cargo build --release -p hattama-archive"),
        "{}",
        run.stderr
    );
    // Beside a server program, `serve` runs it with the arguments given; the server built in
    // this workspace when it is there (`cargo test` at the top builds it).
    let built = Path::new(env!("CARGO_BIN_EXE_hattama")).with_file_name("hattama-archive");
    if built.is_file() {
        std::os::unix::fs::symlink(&built, dir.path().join("hattama-archive")).unwrap();
        let run = hattama_in(&alone, dir.path(), &["archive", "serve", "--help"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stdout.contains("--witness-for"), "{}", run.stdout);
        let run = hattama_in(
            &alone,
            dir.path(),
            &[
                "archive",
                "serve",
                "--origin",
                "x",
                "--ca",
                "/nonexistent",
                "--cert",
                "c",
                "--key",
                "k",
            ],
        );
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(
            run.stderr.contains("--ca /nonexistent: cannot read"),
            "{}",
            run.stderr
        );
    } else {
        eprintln!(
            "NOTICE: {} not built: the exec of a present server was not checked (run `cargo test` at the top)",
            built.display()
        );
    }
}
