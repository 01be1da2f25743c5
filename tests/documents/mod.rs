//! Documents: the data a ruling or protocol is built from, refusals for missing data, and (with
//! the renderer) the PDFs, their text and their binding to the protocol.

mod checks;
mod cli;
pub mod fixtures;
mod language;
mod pdf;
mod prepare;

use std::path::Path;

use ::court::hearing::Hearing;
use ::court::hearing::demo::{DemoHearing, write_demo_hearing};
use ::law::Catalog;

pub fn catalog() -> Catalog {
    Catalog::builtin().unwrap()
}

/// The demo hearing, sealed, in `dir`.
pub fn demo(dir: &Path) -> DemoHearing {
    write_demo_hearing(dir, &dir.join("keys"), &catalog()).unwrap()
}

/// The demo hearing in a fresh directory, and its replay.
pub fn demo_hearing() -> (tempfile::TempDir, DemoHearing, Hearing) {
    let dir = tempfile::tempdir().unwrap();
    let d = demo(dir.path());
    let h = Hearing::load(&d.journal).unwrap();
    (dir, d, h)
}
