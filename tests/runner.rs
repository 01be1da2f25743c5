//! Integration tests in one binary: `mod law` (engine rules, properties, the catalog,
//! bad input) and `mod journal` (vectors, mutations, crash, excerpts, the CLI).

// Tests may unwrap: a failed expectation is exactly a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod journal;
mod law;
