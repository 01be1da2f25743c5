//! Hattama — paragraph 10 of the Supreme Court's Normative Resolution No. 1 (14.05.1998) in the
//! courtroom: breach of order and contempt of court, handled by the law and recorded.
//!
//! The architecture, dependencies pointing one way:
//! - [`law`]: the legal catalog (`config/law/*.toml`, compiled in) and the pure engine that turns
//!   the facts of an incident into advice — every option with its article and part.
//! - [`journal`]: the hearing protocol — an append-only, hash-chained, fsync'd JSON Lines file
//!   per hearing, sealed with Ed25519 by the judge and the secretary; verify, repair, excerpts.
//! - [`render`]: Typst in-process — compiled-in fonts and templates, data only as JSON,
//!   deterministic PDF/A-3b with the journal excerpt attached.
//! - [`documents`]: rulings and the protocol as data (refusing when the law's data is missing),
//!   issued as PDFs bound to the protocol both ways.
//! - [`cli`]: one file per command; clap lives only there; errors map to exit codes
//!   (0 ok, 1 refused, 2 bad usage or input, 3 integrity failure).

pub mod cli;
pub mod documents;
pub mod hearing;
pub mod journal;
pub mod law;
pub mod render;
pub mod tui;
