//! The courtroom terminal interface (ratatui + crossterm): the judge's hearing screen and
//! paragraph-10 wizard, the secretary's desk, documents, and the appellate check.
//!
//! - `app`: the screen stack, global keys (`?`/F1 help, F2 language, Esc back), the frame;
//! - `screens`: one file per screen; the hearing screen owns its parts (wizard, desk,
//!   documents), and no screen imports another;
//! - `flow`: what screens answer keys with (status, actions, the parts' `Sub`), as data;
//! - `keymap`: each screen's keys as one table that both its handler and the help read;
//! - `worker`: the one place the interface writes — appends, the seal, keys, documents — and
//!   tells the archive (`archive`: where each journal stands with the court archive, through a
//!   client the binary provides; the interface links no network code);
//! - `signing`: the dialog that asks each signer for their key file and passphrase; `signers`
//!   reads the court authority's trust files and opens and admits keys, in the interface's
//!   words; `settings`: the trust and key files configured and remembered (never passphrases);
//! - `session`: the open hearing (journal held for writing, hearing replayed after appends);
//!   screens read it, only the worker changes it;
//! - `dialogs`: the one-event dialogs and the entry each stands for;
//! - `widgets`: lists, forms, panels and the neutralising of user text (`safe`);
//! - `entries`: how entries read in the interface's language; `draft`: unconfirmed input
//!   kept on disk; `text`: the interface's own words in kk/ru/en (legal terms come from the
//!   law catalog).

mod app;
pub mod archive;
mod dialogs;
mod draft;
mod entries;
mod findings;
mod flow;
mod keymap;
mod screens;
mod session;
pub mod settings;
mod signers;
mod signing;
pub mod text;
mod widgets;
mod worker;

use std::cell::OnceCell;
use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyEventKind};

pub use app::App;
pub use settings::{KeyFiles, Settings, TrustFiles};
pub use widgets::safe::{clean, fit};

use journal::Clock;
use law::{Catalog, Lang};
use render::{Renderer, Templates};

/// Where each journal write takes its time from (the system clock; a fixed one in tests).
pub type ClockSource = Arc<dyn Fn() -> Box<dyn Clock> + Send + Sync>;

/// A court's name and address in one language (config.toml `[court.kk]`, `[court.ru]`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CourtName {
    pub court: String,
    #[serde(default)]
    pub place: Option<String>,
}

/// A court's names in both languages of documents, remembered so they are not retyped.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CourtNames {
    pub kk: CourtName,
    pub ru: CourtName,
}

/// What every screen needs: the language, the places on disk, the law, the clock.
pub struct Ctx {
    pub lang: Lang,
    /// The court's remembered names, offered when a hearing is opened.
    pub court: Option<CourtNames>,
    pub data_dir: PathBuf,
    pub keys_dir: PathBuf,
    pub catalog: Catalog,
    pub clock: ClockSource,
    pub templates: Templates,
    /// The trust and key files configured and remembered.
    pub settings: Settings,
    /// The court archive this workstation pushes to, when one is configured.
    pub archive: Option<Box<dyn archive::Archive>>,
    renderer: OnceCell<Renderer>,
}

impl Ctx {
    pub fn new(
        lang: Lang,
        data_dir: PathBuf,
        keys_dir: PathBuf,
        catalog: Catalog,
        clock: ClockSource,
    ) -> Ctx {
        Ctx {
            lang,
            court: None,
            data_dir,
            keys_dir,
            catalog,
            clock,
            templates: Templates::Builtin,
            settings: Settings::default(),
            archive: None,
            renderer: OnceCell::new(),
        }
    }

    pub fn t(&self, key: &'static str) -> &'static str {
        text::tr(self.lang, key)
    }

    pub fn tf(&self, key: &'static str, params: &[(&str, String)]) -> String {
        text::trf(self.lang, key, params)
    }

    /// A legal term of the catalog in the interface language.
    pub fn term(&self, group: &str, id: &str) -> String {
        self.catalog
            .term(group, id)
            .map(|t| t.get(self.lang).to_string())
            .unwrap_or_else(|| id.to_string())
    }

    /// The renderer, built on first use (fonts parsed once per process).
    /// Citation ids (`CoAO 653(1)`) as the interface's language writes them.
    pub fn cites(&self, basis: &[String]) -> String {
        cites(&self.catalog, basis, self.lang)
    }

    pub fn renderer(&self) -> &Renderer {
        self.renderer.get_or_init(Renderer::new)
    }

    pub fn documents_dir(&self) -> PathBuf {
        self.data_dir.join("documents")
    }
}

/// Run the interface on the real terminal until the user quits. The terminal is restored on
/// return and on panic (ratatui's hook).
pub fn run(mut app: App) -> io::Result<()> {
    let mut terminal = ratatui::init();
    // A paste arrives as one event (not one key per character): a long paste is one edit.
    // Terminals without bracketed paste ignore the request and send keys as before.
    let _ = ratatui::crossterm::execute!(io::stdout(), event::EnableBracketedPaste);
    let result = (|| -> io::Result<()> {
        while !app.quit() {
            terminal.draw(|f| app.draw(f))?;
            // Wake up now and then even without input, so a resize redraws promptly.
            if event::poll(Duration::from_millis(500))? {
                match event::read()? {
                    Event::Key(key) if key.kind != KeyEventKind::Release => app.on_key(key),
                    Event::Paste(text) => app.on_paste(&text),
                    Event::Resize(_, _) => {}
                    _ => {}
                }
            }
        }
        Ok(())
    })();
    let _ = ratatui::crossterm::execute!(io::stdout(), event::DisableBracketedPaste);
    ratatui::restore();
    result
}

/// Citation ids in `lang`, joined; a citation holds commas of its own, hence the semicolon.
pub fn cites(catalog: &Catalog, basis: &[String], lang: Lang) -> String {
    basis
        .iter()
        .map(|b| law::citation::cite(catalog, b, lang))
        .collect::<Vec<_>>()
        .join("; ")
}
