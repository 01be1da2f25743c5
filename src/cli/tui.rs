//! `hattama` with no command: the terminal interface on the data directory. Settings come from
//! the command line, then `$XDG_CONFIG_HOME/hattama/config.toml` (`lang = "kk"`, the court's
//! names in both languages under `[court.kk]` and `[court.ru]`, the court authority to trust
//! under `[trust]` and the officials' key files under `[keys]`), then defaults.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use super::{CliError, Global, any_lang, load_catalog};
use journal::{Clock, SystemClock};
use law::Lang;
use render::Templates;
use store::default_data_dir;
use store::keys::default_keys_dir;
use tui::{App, CourtNames, Ctx, KeyFiles, Settings, TrustFiles};

#[derive(Debug, Clone, Default, clap::Args)]
pub struct TuiArgs {
    /// The data directory with the hearings' journals [default: $XDG_DATA_HOME/hattama or
    /// ~/.local/share/hattama].
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// The directory of the judge's and the secretary's keys [default:
    /// $XDG_CONFIG_HOME/hattama/keys or ~/.config/hattama/keys].
    #[arg(long, value_name = "DIR")]
    pub keys: Option<PathBuf>,
    /// The interface language (F2 switches it while running) [default: from config.toml, else ru].
    #[arg(long, value_parser = any_lang())]
    pub lang: Option<Lang>,
    /// Read document templates from this directory instead of the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Config {
    lang: Option<Lang>,
    court: Option<CourtNames>,
    /// The court authority's certificate and revocation list (`[trust] ca = …, crl = …`).
    #[serde(default)]
    trust: TrustFiles,
    /// Each official's key file on this computer (`[keys] judge = …, secretary = …`).
    #[serde(default)]
    keys: KeyFiles,
    /// The court archive this workstation pushes to (docs/archive.md).
    pub(crate) archive: Option<push::ArchiveConfig>,
}

fn config_path() -> Option<PathBuf> {
    let base = match std::env::var_os("XDG_CONFIG_HOME").map(PathBuf::from) {
        Some(p) if p.is_absolute() => p,
        _ => PathBuf::from(std::env::var_os("HOME")?).join(".config"),
    };
    Some(base.join("hattama").join("config.toml"))
}

pub(crate) fn read_config() -> Result<Config, CliError> {
    let Some(path) = config_path() else {
        return Ok(Config::default());
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => toml::from_str(&text).map_err(|e| {
            let msg = e.message().to_string();
            CliError::input(format!("{}: {msg}", path.display()))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
        Err(e) => Err(CliError::input(format!(
            "{}: cannot read ({e})",
            path.display()
        ))),
    }
}

/// Run the interface; with `journal`, open that hearing first.
pub fn run(args: &TuiArgs, global: &Global, journal: Option<&Path>) -> Result<(), CliError> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(CliError::input(
            "the interface needs a terminal; for scripts use a command (hattama --help)",
        ));
    }
    let catalog = load_catalog(global)?;
    let config = read_config()?;
    let lang = args.lang.or(config.lang).unwrap_or_default();
    let data = args
        .data
        .clone()
        .or_else(default_data_dir)
        .ok_or_else(|| CliError::input("no data directory: set HOME or pass --data DIR"))?;
    let keys = args
        .keys
        .clone()
        .or_else(default_keys_dir)
        .ok_or_else(|| CliError::input("no keys directory: set HOME or pass --keys DIR"))?;
    store::ensure_private_dir(&data)
        .map_err(|e| CliError::user(format!("{}: cannot create ({e})", data.display())))?;
    let clock = Arc::new(|| Box::new(SystemClock) as Box<dyn Clock>);
    let mut ctx = Ctx::new(lang, data, keys, catalog, clock);
    ctx.court = config.court;
    // What the interface remembers (paths only) lives beside config.toml, never in it.
    let remembered = config_path().map(|p| p.with_file_name("remembered.json"));
    ctx.settings = Settings::new(config.trust, config.keys, remembered);
    if let Some(dir) = &args.templates {
        ctx.templates = Templates::Dir(dir.clone());
    }
    // Every journal written here goes to the court archive in the background.
    if let Some(archive) = config.archive {
        ctx.archive = Some(Box::new(crate::archive_link::PushArchive::start(archive)));
    }
    let app = match journal {
        Some(path) => App::with_hearing(ctx, path),
        None => App::new(ctx),
    };
    tui::run(app).map_err(|e| CliError::user(format!("terminal: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_courts_names_are_read_from_config_toml() {
        let config: Config = toml::from_str(
            "lang = \"kk\"\n[court.kk]\ncourt = \"Сот\"\nplace = \"Орын\"\n[court.ru]\ncourt = \"Суд\"\n",
        )
        .unwrap();
        let court = config.court.unwrap();
        assert_eq!(court.kk.court, "Сот");
        assert_eq!(court.kk.place.as_deref(), Some("Орын"));
        assert_eq!(court.ru.place, None);
        let config: Config = toml::from_str(
            "[trust]\nca = \"/etc/hattama/ca.pem\"\ncrl = \"/etc/hattama/ca.crl\"\n[keys]\njudge = \"/media/j.key\"\n",
        )
        .unwrap();
        assert_eq!(
            config.trust.ca.unwrap(),
            PathBuf::from("/etc/hattama/ca.pem")
        );
        assert_eq!(config.keys.judge.unwrap(), PathBuf::from("/media/j.key"));
        assert!(config.keys.secretary.is_none());
        // A misspelt key is refused, not ignored.
        assert!(toml::from_str::<Config>("[court.kk]\ncort = \"Сот\"\n").is_err());
    }
}
