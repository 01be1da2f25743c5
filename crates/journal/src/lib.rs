//! The hearing protocol's format: what a protocol records (`entry`), the canonical encoding and
//! hashes (`canonical`), one line of the file (`line`), what may follow what (`order`), the
//! resumable chain checker, its faults and warnings (`verify`, `fault`, `warning`), seals and
//! public keys (`seal`, `seal_v2`, `statement`, `keys`), excerpts for third parties (`excerpt`),
//! the journal's file name (`file_name`), where
//! entry times come from (`clock`), and sample entries for tests (`sample`).
//!
//! Bytes in, reports out: nothing here opens a file. The durable file journal — locks, fsync,
//! repair, key files — is the `store` crate's; a server can check entries arriving over the
//! network with this crate alone. The byte-level format is specified in
//! docs/journal-format.md; a third party can verify a journal or an excerpt from that document.
//!
//! ```
//! use hattama_journal::{Checker, VerifyOptions, verify_reader};
//! use hattama_journal::sample::sample_opening;
//!
//! // A journal read from anywhere — here, bytes in memory — is checked entry by entry.
//! let report = verify_reader(&b""[..], VerifyOptions::default()).unwrap();
//! assert!(!report.intact() || report.entries == 0);
//! # let _ = (Checker::new(VerifyOptions::default(), None), sample_opening());
//! ```

pub mod canonical;
pub mod clock;
pub mod entry;
pub mod excerpt;
mod fault;
pub mod file_name;
pub mod keys;
pub mod line;
pub mod order;
pub mod sample;
pub mod seal;
pub mod seal_v2;
pub mod sniff;
pub mod statement;
mod typed;
pub mod verify;
mod warning;

pub use canonical::{CanonValue, Hash};
pub use clock::{Clock, FixedClock, KAZAKHSTAN, SystemClock, Time, format_time, parse_time};
pub use entry::{Body, Entry, Kind, Role};
pub use excerpt::verify_excerpt_bytes;
pub use fault::{Fault, FaultCode};
pub use file_name::file_name;
pub use keys::PublicKeyRecord;
pub use line::parse_json;
pub use seal::{
    Ed25519Signer, Ed25519Verifier, NameSource, SealError, Signer, SignerInfo, SignerStatus,
    Verifier,
};
pub use seal_v2::{CertSigner, Officials};
pub use verify::{
    ChainState, Checker, ExcerptInfo, Report, SealInfo, VerifyOptions, verify_reader,
};
pub use warning::{Warning, WarningCode};
