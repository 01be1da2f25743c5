//! Integration tests in one binary: `mod archive` (the archive commands, `verify --receipts`,
//! the courtroom binary free of server code), `mod law` (engine rules, properties, the catalog,
//! bad input) `mod journal` (vectors, mutations, crash, excerpts, the CLI), `mod documents`,
//! `mod render`, `mod reliability` (fuzzing, the bad-input corpus, full disks) and `mod trust`
//! (the court PKI, seals and signed PDFs, against OpenSSL).

// Tests may unwrap: a failed expectation is exactly a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod architecture;
mod archive;
mod documents;
mod journal;
mod law;
mod reliability;
mod render;
mod trust;
mod tui;
