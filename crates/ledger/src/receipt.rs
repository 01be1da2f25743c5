//! Receipts: the archive's signed statement that it holds a hearing's chain up to an entry.
//!
//! A receipt is a signed note whose text is
//!
//! ```text
//! hattama.kz/receipt/v1
//! <archive origin>
//! hearing <hearing key, 64 hex>
//! seq <n>
//! head <hash of entry n, 64 hex>
//! time <when the archive signed it, RFC 3339 UTC>
//! ```
//!
//! Because the head hash commits to every entry before it, a journal rewritten at or before
//! `seq` no longer contains this head — even if the judge and the secretary seal it again with
//! their real keys. The receipt names the hearing by its key (a hash of the case number and
//! the hearing id, [`hearing_key`]), not by names: it holds no personal data.

use chrono::{DateTime, SecondsFormat, Utc};

use journal::Hash;
use journal::canonical::put_str;

use crate::note::{Note, NoteError, NoteSigner, NoteVerifier, valid_name};

/// The first line of every receipt.
pub const RECEIPT_HEADER: &str = "hattama.kz/receipt/v1";

/// The key of a hearing: SHA-256 over the case number and the hearing id as the journal's
/// file name encodes them (docs/journal-format.md §1), so the 8 hex digits in a journal's
/// file name are the key's first 8.
pub fn hearing_key(case_number: &str, hearing_id: &str) -> Hash {
    let mut both = Vec::new();
    put_str(&mut both, case_number);
    put_str(&mut both, hearing_id);
    Hash::of(&both)
}

/// What a receipt states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub origin: String,
    pub hearing: Hash,
    pub seq: u64,
    pub head: Hash,
    pub time: DateTime<Utc>,
}

impl Receipt {
    pub fn text(&self) -> String {
        format!(
            "{RECEIPT_HEADER}\n{}\nhearing {}\nseq {}\nhead {}\ntime {}\n",
            self.origin,
            self.hearing.to_hex(),
            self.seq,
            self.head.to_hex(),
            self.time.to_rfc3339_opts(SecondsFormat::Secs, true)
        )
    }

    pub fn from_text(text: &str) -> Result<Receipt, NoteError> {
        let bad = |what: &str| NoteError::Text(format!("receipt: {what}"));
        let lines: Vec<&str> = text.split_terminator('\n').collect();
        let [header, origin, hearing, seq, head, time] = lines.as_slice() else {
            return Err(bad("six lines expected"));
        };
        if *header != RECEIPT_HEADER {
            return Err(bad("not a receipt"));
        }
        if !valid_name(origin) {
            return Err(bad("origin"));
        }
        let field = |line: &str, name: &str| {
            line.strip_prefix(name)
                .and_then(|r| r.strip_prefix(' '))
                .map(str::to_string)
                .ok_or_else(|| bad(name))
        };
        let hash =
            |line: &str, name: &str| field(line, name)?.parse::<Hash>().map_err(|_| bad(name));
        let seq_text = field(seq, "seq")?;
        let seq: u64 = seq_text.parse().map_err(|_| bad("seq"))?;
        if seq == 0 || seq.to_string() != seq_text {
            return Err(bad("seq"));
        }
        let time = DateTime::parse_from_rfc3339(&field(time, "time")?)
            .map_err(|_| bad("time"))?
            .with_timezone(&Utc);
        let receipt = Receipt {
            origin: origin.to_string(),
            hearing: hash(hearing, "hearing")?,
            seq,
            head: hash(head, "head")?,
            time,
        };
        // One text per receipt: what is signed is exactly what is shown.
        if receipt.text() != text {
            return Err(bad("not in canonical form"));
        }
        Ok(receipt)
    }

    pub fn sign(&self, signer: &NoteSigner) -> Result<Note, NoteError> {
        signer.sign(&self.text())
    }
}

/// A receipt note checked against the archive's key; its origin must be the key's name.
pub fn open_receipt(note: &Note, archive: &NoteVerifier) -> Result<Receipt, NoteError> {
    let receipt = Receipt::from_text(archive.verify(note)?)?;
    if receipt.origin != archive.name {
        return Err(NoteError::Text(format!(
            "receipt of archive {}, expected {}",
            receipt.origin, archive.name
        )));
    }
    Ok(receipt)
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::ecdsa::SigningKey;

    #[test]
    fn a_receipt_round_trips_and_any_change_breaks_it() {
        let signer = NoteSigner::new(
            "archive.example/court",
            SigningKey::from_slice(&[4; 32]).unwrap(),
        )
        .unwrap();
        let r = Receipt {
            origin: signer.name.clone(),
            hearing: hearing_key("2-1234/2026", "demo-1"),
            seq: 42,
            head: Hash([7; 32]),
            time: DateTime::parse_from_rfc3339("2026-11-24T05:10:00Z")
                .unwrap()
                .with_timezone(&Utc),
        };
        let note = r.sign(&signer).unwrap();
        let read = Note::parse(&note.to_text()).unwrap();
        assert_eq!(open_receipt(&read, &signer.verifier()).unwrap(), r);
        let forged = Note::parse(&note.to_text().replace("seq 42", "seq 43")).unwrap();
        assert!(open_receipt(&forged, &signer.verifier()).is_err());
        assert!(Receipt::from_text(&r.text().replace("seq 42", "seq 042")).is_err());
        assert!(Receipt::from_text(&r.text().replace("seq 42", "seq 0")).is_err());
    }

    #[test]
    fn the_hearing_key_begins_with_the_journal_file_names_tag() {
        let key = hearing_key("2-1234/2026", "demo-1").to_hex();
        let name = journal::file_name("2-1234/2026", "demo-1");
        assert!(
            name.ends_with(&format!("_{}.jsonl", &key[..8])),
            "{name} {key}"
        );
    }
}
