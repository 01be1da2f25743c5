//! The court archive's verifiable statements, as bytes in and reports out: no network, no
//! database, no files.
//!
//! - [`receipt`]: the archive's signed receipt that it holds a hearing up to an entry;
//! - [`merkle`]: the append-only log of receipts, hashed as RFC 9162, with inclusion and
//!   consistency proofs made and checked;
//! - [`note`], [`checkpoint`], [`cosign`]: C2SP signed notes, checkpoints of the log, and a
//!   witness's cosignatures (tlog-checkpoint, tlog-cosignature, tlog-witness);
//! - [`record`]: the receipts file kept beside a journal; [`audit`]: checking a journal
//!   against it offline;
//! - [`certified`]: which certificate may sign receipts (the court authority's, for the
//!   `archive` role, checked by `pki::Trust` with its CRL), which may connect to the archive,
//!   and how a machine's key file is read — on the court PKI crate (`pki`).
//!
//! The archive signs with ECDSA P-256 so that its key is certified by the court's X.509
//! authority. docs/archive.md describes the formats for a third party.

pub mod api;
pub mod audit;
pub mod certified;
pub mod checkpoint;
pub mod cosign;
pub mod merkle;
pub mod note;
pub mod receipt;
pub mod record;

pub use audit::{Audit, JournalHeads, Trust, audit, journal_heads, receipt_seqs};
pub use checkpoint::{Checkpoint, open_checkpoint};
pub use merkle::{Tree, leaf_hash, verify_consistency, verify_inclusion};
pub use note::{Note, NoteError, NoteSigner, NoteVerifier};
pub use pki::{Certificate, Crl};
pub use receipt::{Receipt, hearing_key, open_receipt};
pub use record::{Record, parse_records};
