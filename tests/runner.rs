//! Integration tests in one binary: `mod archive` (the archive commands and `verify --receipts`), `mod law` (engine rules, properties, the catalog,
//! bad input) `mod journal` (vectors, mutations, crash, excerpts, the CLI), `mod documents`,
//! `mod render` and `mod reliability` (fuzzing, the bad-input corpus, full disks).

// Tests may unwrap: a failed expectation is exactly a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod archive;
mod documents;
mod journal;
mod law;
mod reliability;
mod render;
mod tui;
