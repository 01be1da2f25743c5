//! The durable journal file of a hearing: one append-only, hash-chained file, locked while open
//! for writing, every entry fsynced before it is acknowledged.
//!
//! It owns the file (`store`: create, open, append, seal, iterate), careful file operations
//! (`durable`: private permissions, no symlinks, nothing but regular files, fsync), what the file
//! must still be when an append writes to it (`guard`: no other program's bytes overwritten, no
//! entry acknowledged in a moved file), crash repair (`repair`), the private key files and
//! certificates (`keys`), the court authority's folder (`authority`), excerpt files
//! (`excerpt`), verifying files and telling them apart (`check`), where journals live
//! (`paths`), and the errors of all of these (`error`). What the bytes mean and how they are
//! checked is the `journal` crate's.
//!
//! Typical use: [`Journal::create`] at the opening, [`Journal::append`] for each event (it
//! returns only once the entry is on disk), [`Journal::seal`] after `hearing_closed`,
//! [`write_excerpt`] for an appellate court, and [`verify_file`] to check a journal or an
//! excerpt. [`Journal::open`] reopens a hearing (locked), [`Journal::open_read_only`] reads one,
//! [`Journal::entries`] iterates verified entries, [`repair`] mends a crash.
//!
//! ```
//! use journal::entry::{HearingClosed, Note};
//! use journal::{Body, SystemClock, VerifyOptions, sample};
//! use hattama_store::{Journal, verify_file};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = tempfile::tempdir()?;
//! let mut journal = Journal::create(dir.path(), sample::sample_opening(), Box::new(SystemClock))?;
//! let head = journal.append(Body::Note(Note { text: "Заседание открыто.".into(), recording_offset_ms: None }))?;
//! assert_eq!(head.seq, 2);
//! journal.append(Body::HearingClosed(HearingClosed { note: None }))?;
//!
//! // The judge and the secretary seal with their certified keys; the court's authority (here a
//! // sample one) must vouch for both certificates now, or nothing is written.
//! let o = sample::sample_opening();
//! let court = sample::sample_court(&o.judge, &o.secretary, chrono::Utc::now().fixed_offset())?;
//! journal.seal(&court.judge, &court.secretary, &court.trust)?;
//!
//! let opts = VerifyOptions { trust: Some(&court.trust), ..VerifyOptions::default() };
//! let report = verify_file(journal.path(), opts)?;
//! assert!(report.intact() && report.sealed && report.entries == 4 && report.authenticated());
//! # Ok(())
//! # }
//! ```

pub mod authority;
mod check;
mod durable;
mod error;
mod excerpt;
mod guard;
pub mod keys;
mod paths;
mod repair;
mod store;

pub use check::{Inspect, verify_file, verify_file_with, verify_files, verify_files_with};
pub use durable::{
    OpenError, PublishError, ensure_private_dir, open_input, open_regular, publish_new_file,
    read_input, read_regular, replace_file,
};
pub use error::{ErrorClass, JournalError};
pub use excerpt::{ExcerptSummary, excerpt_text, write_excerpt};
pub use keys::KeyError;
pub use paths::default_data_dir;
pub use repair::{RepairOutcome, repair};
pub use store::{Entries, Head, Journal};
