//! Drafts: what was typed but not yet confirmed, kept on disk after every change so that a
//! crash, a killed process or a closed terminal loses nothing. A draft lives next to the
//! journals (`drafts/`, 0700; files 0600, replaced atomically) and is removed once its input
//! is confirmed into the journal or discarded by the judge.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

use store::ensure_private_dir;

/// One draft file and what was last written to it (so an unchanged draft is not rewritten).
#[derive(Debug)]
pub struct DraftFile {
    path: PathBuf,
    last: Option<String>,
}

impl DraftFile {
    /// The draft for `name` (a journal's file name, or `new-hearing`) under `data_dir`.
    pub fn new(data_dir: &Path, name: &str) -> DraftFile {
        DraftFile {
            path: data_dir.join("drafts").join(format!("{name}.draft.json")),
            last: None,
        }
    }

    /// The stored draft, if there is one that reads as `T` (an unreadable one is left alone).
    pub fn load<T: DeserializeOwned>(&mut self) -> Option<T> {
        let text = fs::read_to_string(&self.path).ok()?;
        let value = serde_json::from_str(&text).ok()?;
        self.last = Some(text);
        Some(value)
    }

    /// Keep `value` as the draft (or remove the draft for `None`).
    pub fn store<T: Serialize>(&mut self, value: Option<&T>) -> std::io::Result<()> {
        let Some(value) = value else {
            self.last = None;
            return match fs::remove_file(&self.path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            };
        };
        let text = serde_json::to_string(value).map_err(std::io::Error::other)?;
        if self.last.as_deref() == Some(text.as_str()) {
            return Ok(());
        }
        let dir = self.path.parent().unwrap_or(Path::new("."));
        ensure_private_dir(dir)?;
        let tmp = self.path.with_extension("tmp");
        let mut file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&tmp)?;
        file.write_all(text.as_bytes())?;
        // No fsync per keystroke: the page cache survives a killed process or a closed
        // terminal, which is what drafts are for; a power cut may cost the last keystrokes.
        drop(file);
        fs::rename(&tmp, &self.path)?;
        self.last = Some(text);
        Ok(())
    }
}
