//! The cost of a redraw after a key, at 200×60: the "redraw" half of `scripts/bench-tui`.
//!
//! Builds the interface on the demo hearing and, for each scenario, presses a key and draws
//! the frame N times through crossterm's real backend (escape sequences written to a sink,
//! so what is measured is ours and ratatui's work, not the terminal emulator's). Prints
//! `key value` lines: wall-clock median/p99 per redraw and the process CPU time per redraw
//! (from /proc/self/stat over the whole run; the process is single-threaded here).
//!
//! Usage: `tui_redraw [N]` (default 2000).

use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ::court::hearing::demo::write_demo_hearing;
use ::journal::{Clock, SystemClock};
use ::law::{Catalog, Lang};
use ::tui::{App, Ctx};
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

fn main() -> ExitCode {
    let n: usize = match std::env::args().nth(1).map(|a| a.parse()) {
        None => 2000,
        Some(Ok(n)) if n > 0 => n,
        _ => {
            eprintln!("usage: tui_redraw [N]");
            return ExitCode::from(2);
        }
    };
    match run(n) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tui_redraw: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(n: usize) -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join(format!("hattama-redraw-{}", std::process::id()));
    let catalog = Catalog::builtin()?;
    let demo = write_demo_hearing(&dir.join("data"), &dir.join("keys"), &catalog)?;
    let clock = Arc::new(|| Box::new(SystemClock) as Box<dyn Clock>);
    let ctx = Ctx::new(Lang::Ru, dir.join("data"), dir.join("keys"), catalog, clock);
    let mut app = App::with_hearing(ctx, &demo.journal);
    let mut terminal = Terminal::with_options(
        CrosstermBackend::new(std::io::sink()),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, 200, 60)),
        },
    )?;
    terminal.draw(|f| app.draw(f))?;

    // The live protocol, moving the selection up and down.
    let live = measure(n, &mut terminal, &mut app, |i| {
        if i % 2 == 0 {
            KeyCode::Up
        } else {
            KeyCode::Down
        }
    })?;
    // The documents list with the language toggled (the list is rebuilt from the hearing).
    press(&mut app, KeyCode::Char('o'));
    let docs = measure(n, &mut terminal, &mut app, |_| KeyCode::Char('t'))?;
    press(&mut app, KeyCode::Esc);
    // Typing into a dialog: every key a redraw.
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Char('m'));
    let typing = measure(n, &mut terminal, &mut app, |i| {
        if i % 20 == 19 {
            KeyCode::Backspace
        } else {
            KeyCode::Char('ж')
        }
    })?;
    let _ = std::fs::remove_dir_all(&dir);

    for (name, m) in [("live", live), ("documents", docs), ("typing", typing)] {
        println!("{name}_median_ms {:.4}", m.median_ms);
        println!("{name}_p99_ms {:.4}", m.p99_ms);
        println!("{name}_cpu_ms {:.4}", m.cpu_ms);
    }
    Ok(())
}

struct Measured {
    median_ms: f64,
    p99_ms: f64,
    cpu_ms: f64,
}

fn press(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn measure(
    n: usize,
    terminal: &mut Terminal<CrosstermBackend<std::io::Sink>>,
    app: &mut App,
    key: impl Fn(usize) -> KeyCode,
) -> Result<Measured, Box<dyn std::error::Error>> {
    let mut times = Vec::with_capacity(n);
    let cpu_start = cpu_time()?;
    for i in 0..n {
        let started = Instant::now();
        press(app, key(i));
        terminal.draw(|f| app.draw(f))?;
        times.push(started.elapsed());
    }
    let cpu = cpu_time()? - cpu_start;
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    Ok(Measured {
        median_ms: ms(at(0.5)),
        p99_ms: ms(at(0.99)),
        cpu_ms: ms(cpu) / n as f64,
    })
}

/// User plus system CPU time of this process so far (Linux, clock ticks of 10 ms).
fn cpu_time() -> Result<Duration, Box<dyn std::error::Error>> {
    let stat = std::fs::read_to_string("/proc/self/stat")?;
    // Fields after the command name (which may hold spaces) start after the last ')'.
    let rest = stat.rsplit_once(')').ok_or("odd /proc/self/stat")?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields[11].parse::<u64>()? + fields[12].parse::<u64>()?;
    Ok(Duration::from_millis(ticks * 10))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
