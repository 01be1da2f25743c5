//! The hearing protocol journal: one append-only, hash-chained, signed file per hearing.
//!
//! It owns what the protocol records (`entry`), the canonical encoding and hashes (`canonical`),
//! the file on disk with its locks and fsyncs (`store`, `durable`, `line`, `paths`), crash
//! repair (`repair`), what may follow what (`order`), the streaming verifier and its faults
//! (`verify`, `fault`), seals and keys (`seal`, `keys`), excerpts for third parties
//! (`excerpt`), and a sample hearing for the demo (`sample`).
//! The byte-level format is specified in docs/journal-format.md; a third party can verify a
//! journal or an excerpt from that document alone.
//!
//! Typical use: [`Journal::create`] at the opening, [`Journal::append`] for each event (it
//! returns only once the entry is on disk), [`Journal::seal`] after `hearing_closed`,
//! [`write_excerpt`] for an appellate court, and [`verify_file`] to check a journal or an
//! excerpt. [`Journal::open`] reopens a hearing (locked), [`Journal::open_read_only`] reads one,
//! [`Journal::entries`] iterates verified entries, [`repair`] mends a crash.
//!
//! ```
//! use hattama::journal::entry::{HearingClosed, Note};
//! use hattama::journal::{Body, Journal, Role, SystemClock, VerifyOptions, keys, sample, verify_file};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = tempfile::tempdir()?;
//! let mut journal = Journal::create(dir.path(), sample::sample_opening(), Box::new(SystemClock))?;
//! let head = journal.append(Body::Note(Note { text: "Заседание открыто.".into(), recording_offset_ms: None }))?;
//! assert_eq!(head.seq, 2);
//! journal.append(Body::HearingClosed(HearingClosed { note: None }))?;
//!
//! let (judge_key, _) = keys::generate(&dir.path().join("keys"), Role::Judge, "Судья")?;
//! let (secretary_key, _) = keys::generate(&dir.path().join("keys"), Role::Secretary, "Секретарь")?;
//! let (judge, secretary) = (keys::load(&judge_key)?, keys::load(&secretary_key)?);
//! journal.seal(&[&judge, &secretary])?;
//!
//! let report = verify_file(journal.path(), VerifyOptions::default())?;
//! assert!(report.intact() && report.sealed && report.entries == 4);
//! # Ok(())
//! # }
//! ```

pub mod canonical;
pub mod clock;
mod durable;
pub mod entry;
mod error;
pub mod excerpt;
mod fault;
pub mod keys;
mod line;
pub mod order;
mod paths;
mod repair;
pub mod sample;
pub mod seal;
mod store;
mod typed;
pub mod verify;

pub use canonical::{CanonValue, Hash};
pub use clock::{Clock, FixedClock, KAZAKHSTAN, SystemClock};
pub use durable::{OpenError, PublishError, ensure_private_dir, publish_new_file};
pub use entry::{Body, Entry, Kind, Role};
pub use error::{ErrorClass, JournalError};
pub use excerpt::{ExcerptSummary, excerpt_text, verify_excerpt_bytes, write_excerpt};
pub use fault::{Fault, FaultCode};
pub use keys::{KeyError, PublicKeyRecord};
pub use paths::{default_data_dir, file_name};
pub use repair::{RepairOutcome, repair};
pub use seal::{Ed25519Signer, Ed25519Verifier, SealError, Signer, Verifier};
pub use store::{Entries, Head, Journal};
pub use verify::{
    ExcerptInfo, Report, SealInfo, VerifyOptions, verify_file, verify_files, verify_reader,
};
