//! The real binary in a pseudo-terminal, read back through a terminal emulator (vt100): a
//! hearing held from creation to a sealed protocol and an issued CoAO 653 ruling, checked by
//! `hattama verify`; and a process killed mid-wizard whose typing comes back from the draft.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const BIN: &str = env!("CARGO_BIN_EXE_hattama");
const ROWS: u16 = 30;
const COLS: u16 = 110;

struct Term {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Receiver<Vec<u8>>,
    parser: vt100::Parser,
    _master: Box<dyn MasterPty + Send>,
}

impl Term {
    fn start(dir: &Path) -> Term {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(BIN);
        cmd.args(["--lang", "ru", "--data"]);
        cmd.arg(dir.join("data"));
        cmd.arg("--keys");
        cmd.arg(dir.join("keys"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", dir);
        cmd.env("XDG_CONFIG_HOME", dir.join("config"));
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Term {
            child,
            writer,
            output: rx,
            parser: vt100::Parser::new(
                std::num::NonZero::new(ROWS).unwrap(),
                std::num::NonZero::new(COLS).unwrap(),
                0,
            ),
            _master: pair.master,
        }
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        // Separate keys from the next batch, so an Esc is never read as the start of a sequence.
        std::thread::sleep(Duration::from_millis(60));
    }

    /// Type text one character at a time (as a person would; bursts are fine too).
    fn typed(&mut self, text: &str) {
        for c in text.chars() {
            let mut b = [0u8; 4];
            self.writer
                .write_all(c.encode_utf8(&mut b).as_bytes())
                .unwrap();
        }
        self.writer.flush().unwrap();
        std::thread::sleep(Duration::from_millis(60));
    }

    fn screen(&mut self) -> String {
        while let Ok(bytes) = self.output.try_recv() {
            self.parser.process(&bytes);
        }
        self.parser.screen().contents()
    }

    /// Wait until the screen shows `text`; fail with the screen after 20 s.
    fn wait_for(&mut self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "waited for {text:?}; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

const ENTER: &str = "\r";
const TAB: &str = "\t";
const ESC: &str = "\x1b";
const DOWN: &str = "\x1b[B";
const RIGHT: &str = "\x1b[C";

fn journal_in(dir: &Path) -> PathBuf {
    std::fs::read_dir(dir.join("data"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .expect("a journal")
}

fn create_hearing_with_defendant(t: &mut Term) {
    t.wait_for("Заседаний нет");
    t.send("c");
    t.wait_for("Новое судебное заседание");
    for (i, field) in [
        "Алмалинский районный суд",
        "Ахметова А.Б.",
        "Сейткали Д.Е.",
        "2-9/2026",
    ]
    .iter()
    .enumerate()
    {
        if i > 0 {
            t.send(TAB);
        }
        t.typed(field);
    }
    t.send(&TAB.repeat(5));
    t.typed("zal5.mp4");
    t.send(TAB);
    t.typed("г. Алматы, зал № 5");
    t.send(ENTER);
    t.wait_for("[идёт]");
    t.send("a");
    t.wait_for("Добавить участника");
    t.typed("Иванов Иван Иванович");
    t.send(TAB);
    t.send(RIGHT);
    for value in [
        "800501300126",
        "1980-05-01",
        "г. Алматы",
        "г. Алматы, Самал-2, 7",
        "г. Алматы, Самал-2, 7",
        "УЛ № 045123789",
        "водитель",
    ] {
        t.send(TAB);
        t.typed(value);
    }
    t.send(ENTER);
    t.wait_for("Иванов Иван Иванович — ответчик");
}

/// `b`, then the first participant: the wizard's facts form.
fn open_wizard_on_defendant(t: &mut Term) {
    t.send("b");
    t.wait_for("Кто нарушил?");
    t.send(ENTER);
    t.wait_for("Обстоятельства");
}

#[test]
fn a_hearing_to_a_sealed_protocol_and_a_ruling_through_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Term::start(dir.path());
    create_hearing_with_defendant(&mut t);

    // Paragraph 10: who, what, the options, CoAO 653 fine.
    open_wizard_on_defendant(&mut t);
    t.send(DOWN);
    t.send(&RIGHT.repeat(4));
    t.send(DOWN);
    t.typed("Повернулся спиной к суду, заявил, что суд ничего не решает");
    t.send(DOWN);
    t.send(DOWN);
    t.send(RIGHT);
    t.send(ENTER);
    t.wait_for("Меры, которые допускает закон");
    t.send(&DOWN.repeat(4));
    t.wait_for("▶ [✓] Ст. 653 КоАП: штраф");
    t.send(ENTER);
    t.wait_for("[Объявление]");
    t.send(ENTER);
    t.wait_for("[Объяснения]");
    t.send(TAB);
    t.typed("Не хотел проявить неуважение");
    t.send(ENTER);
    t.wait_for("Иванов Иван Иванович: Не хотел");
    t.send(ENTER);
    t.wait_for("[Данные лица]");
    t.send(ENTER);
    t.wait_for("[Решение]");
    t.typed("Явное неуважение после замечания; отягчающее обстоятельство");
    t.send(ENTER);
    t.wait_for("Мера внесена в протокол");
    t.send(ENTER);

    // The desk: close, make keys, seal.
    t.send("s");
    t.wait_for("Стол секретаря");
    t.send("x");
    t.wait_for("Закрыть заседание");
    t.send(ENTER);
    t.wait_for("Заседание закрыто");
    t.send("g");
    t.wait_for("Создано ключей: 2");
    t.send("s");
    t.wait_for("Протокол заверен");
    t.send(ESC);

    // The ruling: preview, write, then seal again.
    t.send("o");
    t.wait_for("Постановление по ст. 653 КоАП");
    t.send(ENTER);
    t.wait_for("ПОСТАНОВЛЕНИЕ");
    t.send("w");
    t.wait_for("Записан:");
    t.send(ESC);
    t.send("s");
    t.wait_for("Стол секретаря");
    t.send("s");
    t.wait_for("Протокол заверен");
    t.send("\x03");
    let status = t.child.wait().unwrap();
    assert!(status.success(), "{status:?}");

    let journal = journal_in(dir.path());
    let out = std::process::Command::new(BIN)
        .arg("verify")
        .arg(&journal)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = std::fs::read_dir(dir.path().join("data").join("documents"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "pdf"))
        .expect("the ruling PDF");
    let out = std::process::Command::new(BIN)
        .arg("verify")
        .arg(&pdf)
        .arg("--protocol")
        .arg(&journal)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && text.contains("INTACT"),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_process_killed_mid_wizard_gets_its_draft_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Term::start(dir.path());
    create_hearing_with_defendant(&mut t);
    open_wizard_on_defendant(&mut t);
    t.send(DOWN);
    t.send(DOWN);
    t.typed("Выкрикивал с места во время допроса");
    t.wait_for("Выкрикивал с места во время допроса");
    t.child.kill().unwrap();
    t.child.wait().unwrap();

    let mut t = Term::start(dir.path());
    t.wait_for("2-9/2026");
    t.send(ENTER);
    let screen = t.wait_for("Неподтверждённый ввод восстановлен");
    assert!(
        screen.contains("Выкрикивал с места во время допроса"),
        "{screen}"
    );
    t.send("\x03");
    t.child.wait().unwrap();
}

/// The real binary in a terminal takes a paste as one event (bracketed paste): 300 KB land in
/// the note's field at once — cut to the field's limit, with the cut said — where key by key
/// they kept the interface busy for some 40 s.
#[test]
fn a_bracketed_paste_reaches_the_binary_as_one_edit() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Term::start(dir.path());
    create_hearing_with_defendant(&mut t);
    t.send("n");
    t.wait_for("Запись в протокол");
    let long = "Свидетель перебивал суд ".repeat(12_500);
    let started = Instant::now();
    t.send(&format!("\x1b[200~{long}\x1b[201~"));
    t.wait_for("Вставленный текст обрезан");
    // Not a benchmark: a generous bound that key-by-key handling (tens of seconds) misses.
    assert!(started.elapsed() < Duration::from_secs(15));
    t.send("\x03");
    t.child.wait().unwrap();
}
