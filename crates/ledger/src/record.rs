//! The receipts file kept beside a journal (`<journal>.receipts`) and written by
//! `hattama archive fetch`: JSON Lines, one record per line, in the order received.
//!
//! ```text
//! {"type":"receipt","index":7,"receipt":"<signed note>","checkpoint":"<signed note>","inclusion":["<hex>",…]}
//! {"type":"consistency","from":"<checkpoint note>","to":"<checkpoint note>","proof":["<hex>",…]}
//! ```
//!
//! A `receipt` record holds the receipt, its index in the archive's log, a checkpoint of the
//! log that includes it and the inclusion proof; a `consistency` record proves that a later
//! checkpoint extends an earlier one. Everything in it is verifiable offline against the
//! archive's certificate.

use journal::Hash;
use serde::{Deserialize, Serialize};

/// The longest line of a receipts file.
pub const MAX_RECORD: usize = 256 * 1024;

/// One line of a receipts file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Record {
    Receipt {
        index: u64,
        receipt: String,
        checkpoint: String,
        inclusion: Vec<Hash>,
    },
    Consistency {
        from: String,
        to: String,
        proof: Vec<Hash>,
    },
}

impl Record {
    /// The record as one line, newline included.
    pub fn to_line(&self) -> String {
        // Serialising strings, numbers and hashes cannot fail.
        let mut line = serde_json::to_string(self).unwrap_or_default();
        line.push('\n');
        line
    }
}

/// A line of a receipts file that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct RecordError {
    pub line: usize,
    pub reason: String,
}

/// Every record of a receipts file's text; blank lines are skipped.
pub fn parse_records(text: &str) -> Result<Vec<Record>, RecordError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let fail = |reason: String| RecordError {
            line: i + 1,
            reason,
        };
        if line.len() > MAX_RECORD {
            return Err(fail(format!("longer than {MAX_RECORD} bytes")));
        }
        let record = journal::parse_json::<Record>(line).map_err(|e| {
            fail(match e.field {
                Some(f) => format!("field `{f}` {}", e.detail),
                None => e.detail,
            })
        })?;
        out.push(record);
    }
    Ok(out)
}
