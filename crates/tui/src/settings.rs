//! What the interface takes from the configuration and remembers between runs: the court
//! authority's certificate and revocation list to trust, and each official's key file.
//!
//! `config.toml` (written by the court's IT officer) may name them:
//!
//! ```toml
//! [trust]
//! ca = "/etc/hattama/court-ca.pem"
//! crl = "/etc/hattama/court-ca.crl"
//! [keys]
//! judge = "/media/judge/judge.key"
//! secretary = "/home/secretary/.config/hattama/keys/secretary-….key"
//! ```
//!
//! What a user last gave in a dialog is remembered beside it, in `remembered.json` (0600), and
//! offered first next time. Paths only: never a passphrase.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use journal::Role;
use serde::{Deserialize, Serialize};

/// The trusted court authority's certificate and its revocation list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustFiles {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca: Option<PathBuf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crl: Option<PathBuf>,
}

/// Each official's key file on this computer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyFiles {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub judge: Option<PathBuf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secretary: Option<PathBuf>,
}

impl KeyFiles {
    pub fn get(&self, role: Role) -> Option<&PathBuf> {
        match role {
            Role::Judge => self.judge.as_ref(),
            Role::Secretary => self.secretary.as_ref(),
        }
    }
}

/// What the interface remembers: the last trust files and the key file each person used.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Memory {
    #[serde(default)]
    trust: TrustFiles,
    /// `role name` → key file (the person's own, as they last gave it).
    #[serde(default)]
    keys: BTreeMap<String, PathBuf>,
}

/// The configured and remembered paths, and where to keep what is remembered.
#[derive(Debug, Default)]
pub struct Settings {
    /// From config.toml.
    pub trust: TrustFiles,
    pub keys: KeyFiles,
    /// `remembered.json`; `None` remembers nothing (no config directory).
    file: Option<PathBuf>,
    memory: RefCell<Memory>,
}

impl Settings {
    /// The configured paths, and what is remembered in `file` (an unreadable file is ignored:
    /// it only saves typing).
    pub fn new(trust: TrustFiles, keys: KeyFiles, file: Option<PathBuf>) -> Settings {
        let memory = file
            .as_deref()
            .and_then(|f| std::fs::read_to_string(f).ok())
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default();
        Settings {
            trust,
            keys,
            file,
            memory: RefCell::new(memory),
        }
    }

    /// The trust files to offer: what was last given, else the configuration's.
    pub fn trust(&self) -> TrustFiles {
        let memory = self.memory.borrow();
        TrustFiles {
            ca: memory.trust.ca.clone().or_else(|| self.trust.ca.clone()),
            crl: memory.trust.crl.clone().or_else(|| self.trust.crl.clone()),
        }
    }

    /// The key file to offer `name` signing as `role`: the one they last used, else the
    /// configuration's for the role.
    pub fn key(&self, role: Role, name: &str) -> Option<PathBuf> {
        let memory = self.memory.borrow();
        memory
            .keys
            .get(&memory_key(role, name))
            .or_else(|| self.keys.get(role))
            .cloned()
    }

    /// Remember the trust files given (kept only when they worked).
    pub fn remember_trust(&self, trust: &TrustFiles) -> std::io::Result<()> {
        self.memory.borrow_mut().trust = trust.clone();
        self.save()
    }

    /// Remember the key file `name` signed with as `role`.
    pub fn remember_key(&self, role: Role, name: &str, key: &Path) -> std::io::Result<()> {
        self.memory
            .borrow_mut()
            .keys
            .insert(memory_key(role, name), key.to_path_buf());
        self.save()
    }

    fn save(&self) -> std::io::Result<()> {
        let Some(file) = &self.file else {
            return Ok(());
        };
        let text =
            serde_json::to_string_pretty(&*self.memory.borrow()).map_err(std::io::Error::other)?;
        if let Some(dir) = file.parent() {
            store::ensure_private_dir(dir)?;
        }
        store::replace_file(file, text.as_bytes()).map_err(|e| match e {
            store::PublishError::Io(_, e) => e,
            other => std::io::Error::other(other.to_string()),
        })
    }
}

fn memory_key(role: Role, name: &str) -> String {
    format!("{} {}", role.as_str(), name.trim())
}
