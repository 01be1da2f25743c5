//! The courtroom's side of the court archive, without a web server or a database driver:
//!
//! - [`Pusher`] — the background pusher the interface starts once: [`Pusher::notify`] after
//!   each append (never blocks), [`Pusher::status`] for the hearing header ("archived up to
//!   #N", "offline since 10:42, 12 entries waiting", "fork at #N"), [`Pusher::alerts`] for the
//!   desk;
//! - [`sync`] — one journal brought up to date (what `hattama archive push` runs): read-only,
//!   the archive asked for its head, the missing entries sent in batches;
//! - [`receipts`] — receipts verified and kept beside the journal (`<journal>.receipts`, 0600);
//! - [`fetch`] — a case or a hearing downloaded for offline verification;
//! - [`client`], [`tls`], [`resolve`], [`config`] — the HTTPS client with the workstation's
//!   certificate (mutual TLS), the archive's address kept for a minute, and the `[archive]`
//!   settings.
//!
//! Journals are only read here: how they are written is the `store` crate's alone.

pub mod client;
pub mod config;
pub mod fetch;
pub mod pusher;
pub mod receipts;
pub mod resolve;
pub mod sync;
pub mod tls;

pub use client::{Client, ClientError};
pub use config::ArchiveConfig;
pub use fetch::{FetchQuery, Fetched, fetch};
pub use pusher::{Pusher, Status};
pub use sync::{Sync, SyncError, SyncReport, read_journal};
