//! Documents: the data a ruling or protocol is built from, refusals for missing data, and (with
//! the renderer) the PDFs, their text and their binding to the protocol.

mod cli;
mod pdf;
mod prepare;

use std::path::Path;

use hattama::hearing::demo::{DemoHearing, write_demo_hearing};
use hattama::law::Catalog;

pub fn catalog() -> Catalog {
    Catalog::builtin().unwrap()
}

/// The demo hearing, sealed, in `dir`.
pub fn demo(dir: &Path) -> DemoHearing {
    write_demo_hearing(dir, &dir.join("keys"), &catalog()).unwrap()
}
