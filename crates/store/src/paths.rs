//! Where journals live: the default data directory.

use std::path::PathBuf;

/// The default data directory, from the XDG base directory rules.
pub fn default_data_dir() -> Option<PathBuf> {
    let base = match std::env::var_os("XDG_DATA_HOME").map(PathBuf::from) {
        Some(p) if p.is_absolute() => p,
        _ => PathBuf::from(std::env::var_os("HOME")?)
            .join(".local")
            .join("share"),
    };
    Some(base.join("hattama"))
}
