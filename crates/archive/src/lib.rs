//! The court archive server: every hearing, entry by entry, verified as it arrives, kept
//! append-only in PostgreSQL or SQLite, countersigned by receipts in a Merkle log.
//!
//! | module | owns |
//! |---|---|
//! | [`serve`] | start-up: keys, certificates, database, the TLS accept loop, the timers |
//! | [`tls`] | rustls (ring) with mutual TLS against the court authority and its CRL |
//! | [`expiry`] | what runs out (the archive's certificate, the CRL), said a month before; no receipt after |
//! | [`revocation`] | the CRL in use, read again while the archive runs; never an older one |
//! | [`http`] | the routes; the request log (no personal data) |
//! | [`backup`] | a checked copy of a SQLite archive, taken while it runs |
//! | [`archive`] | what happens to a pushed entry: chain check, duplicates, forks, when receipts are due |
//! | [`log`] | the Merkle log of receipts and its checkpoints |
//! | [`witness`] | cosigning another archive's checkpoints (C2SP tlog-witness), and submitting ours |
//! | [`records`] | every SQL statement the archive runs |
//! | [`db`] | PostgreSQL and SQLite behind one small layer; the schema and its migrations |
//!
//! The formats (receipts, checkpoints, proofs) are the `ledger` crate's; the chain check is the
//! `journal` crate's, the same code as `hattama verify`. The binary `hattama-archive` is
//! `src/main.rs`; docs/archive.md describes the whole.

pub mod archive;
pub mod backup;
pub mod db;
pub mod expiry;
pub mod http;
pub mod log;
pub mod records;
pub mod revocation;
pub mod serve;
pub mod tls;
pub mod witness;

pub use archive::{Archive, Policy};
pub use db::{Db, DbError, DbUrl};
pub use serve::{Config, Server, StartError, start};
