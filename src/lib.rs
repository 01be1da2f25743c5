//! Hattama — paragraph 10 of the Supreme Court's Normative Resolution No. 1 (14.05.1998) in the
//! courtroom: breach of order and contempt of court, handled by the law and recorded.
//!
//! This crate is the courtroom binary's command line; the house is a workspace whose crates
//! depend one way, each only on those listed before it:
//!
//! | crate | owns | depends on |
//! |---|---|---|
//! | `case` (`crates/case`) | the shared words: case kind, instance, language | — |
//! | `law` (`crates/law`) | the legal catalog (`config/law`, compiled in) and the pure paragraph-10 engine | case |
//! | `journal` (`crates/journal`) | the protocol's byte format: entries, canonical encoding, the resumable chain checker, seals, excerpts — bytes in, reports out, no files | case |
//! | `store` (`crates/store`) | the durable journal file: create, append with fsync, locks, repair, key files, excerpt files | journal |
//! | `render` (`crates/render`) | Typst in-process, fonts and templates compiled in, PDF/A-3b; the only crate with Typst | — |
//! | `court` (`crates/court`) | the hearing read model, the documents a court issues, the demo hearing | law, journal, store, render |
//! | `tui` (`crates/tui`) | the courtroom interface (ratatui); the only crate with ratatui | court and below |
//! | `ledger` (`crates/ledger`) | the archive's verifiable statements: receipts, the RFC 9162 Merkle log and proofs, C2SP checkpoints and cosignatures, the receipts file and its offline audit, keys/certificates/CRLs (`trust`) — no network, no database | journal |
//! | `push` (`crates/push`) | the courtroom's archive client: reads journals read-only, sends what the archive lacks, keeps receipts, the background pusher, fetch; HTTPS client only | ledger, journal |
//! | `archive` (`crates/archive`) | the `hattama-archive` server (axum, rustls, PostgreSQL/SQLite); never linked into `hattama` | ledger, push, journal |
//! | `hattama` (here) | [`cli`]: one file per command (`archive serve` runs the `hattama-archive` program beside it); clap lives only here; errors map to exit codes (0 ok, 1 refused, 2 bad usage or input, 3 integrity failure) | all but `archive` |
//!
//! `tests/architecture.rs`-style checks in the test suite hold the table to the manifests.

pub mod cli;
