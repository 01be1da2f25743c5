//! A hearing as its journal tells it: the entries replayed into what documents and screens need
//! — who took part (with their latest data), which incidents, advice and measures there were,
//! what was corrected, and how the protocol is sealed.
//!
//! The journal stays the only record; this is a read model, rebuilt from the entries each time,
//! so nothing here can drift from what was signed.

pub mod advice;
pub mod demo;
mod roster;

use std::path::Path;

use journal::entry::{
    Correction, ExplanationHeard, HearingOpened, IncidentRecorded, Lang, MeasureApplied, Sealed,
};
use journal::{Body, Entry};
use store::{Journal, JournalError};

pub use roster::Participant;

/// Why a journal cannot be read as a hearing even though its chain verifies.
#[derive(Debug, thiserror::Error)]
pub enum HearingError {
    #[error(transparent)]
    Journal(#[from] JournalError),
    #[error("the journal's first entry has no hearing_opened body")]
    NoOpening,
    #[error("entry {seq} names participant `{id}`, who was never added")]
    UnknownParticipant { seq: u64, id: String },
    #[error("entry {seq} adds participant `{id}` a second time")]
    DuplicateParticipant { seq: u64, id: String },
}

/// A replayed hearing.
#[derive(Debug, Clone)]
pub struct Hearing {
    pub opened: HearingOpened,
    pub entries: Vec<Entry>,
    pub participants: Vec<Participant>,
}

impl Hearing {
    /// Read and verify the journal at `path` (read-only; a writer may hold it open).
    pub fn load(path: &Path) -> Result<Hearing, HearingError> {
        let journal = Journal::open_read_only(path)?;
        let entries = journal.entries()?.collect::<Result<Vec<_>, _>>()?;
        Hearing::from_entries(entries)
    }

    /// Replay verified entries (bodies may be withheld, as in an excerpt, except the first).
    pub fn from_entries(entries: Vec<Entry>) -> Result<Hearing, HearingError> {
        let opened = match entries.first().and_then(|e| e.body.as_ref()) {
            Some(Body::HearingOpened(o)) => o.clone(),
            _ => return Err(HearingError::NoOpening),
        };
        let participants = roster::replay(&entries)?;
        Ok(Hearing {
            opened,
            entries,
            participants,
        })
    }

    pub fn entry(&self, seq: u64) -> Option<&Entry> {
        let index = usize::try_from(seq.checked_sub(1)?).ok()?;
        self.entries.get(index).filter(|e| e.seq == seq)
    }

    pub fn participant(&self, id: &str) -> Option<&Participant> {
        self.participants.iter().find(|p| p.id == id)
    }

    /// The latest seal and its seq, if the journal ends sealed or was sealed before.
    pub fn last_seal(&self) -> Option<(&Entry, &Sealed)> {
        self.entries.iter().rev().find_map(|e| match &e.body {
            Some(Body::Sealed(s)) => Some((e, s)),
            _ => None,
        })
    }

    /// Corrections that point at `seq`, in order.
    pub fn corrections_of(&self, seq: u64) -> Vec<(&Entry, &Correction)> {
        self.entries
            .iter()
            .filter_map(|e| match &e.body {
                Some(Body::Correction(c)) if c.target_seq == seq => Some((e, c)),
                _ => None,
            })
            .collect()
    }

    /// The free text `field` of entry `seq` in `lang`: as recorded when `lang` is the language
    /// of proceedings; otherwise its recorded translation — a `translation` entry (the latest
    /// one naming the field wins), else, for the opening's court and place, the other-language
    /// names given at opening. `None` when there is no such text in `lang`.
    pub fn text_in(&self, seq: u64, field: &str, lang: Lang) -> Option<&str> {
        self.text_with_source(seq, field, lang)
            .map(|(text, _)| text)
    }

    /// As `text_in`, with the seq of the `translation` entry the text comes from (`None` for
    /// the recorded original and the opening's own fields).
    pub fn text_with_source(
        &self,
        seq: u64,
        field: &str,
        lang: Lang,
    ) -> Option<(&str, Option<u64>)> {
        if lang == self.opened.language {
            let body = self.entry(seq)?.body.as_ref()?;
            return body
                .free_text()
                .into_iter()
                .find_map(|(f, text)| (f == field).then_some((text, None)));
        }
        let translated = self.entries.iter().rev().find_map(|e| match &e.body {
            Some(Body::Translation(t)) if t.target_seq == seq && t.language == lang => t
                .fields
                .get(field)
                .map(String::as_str)
                .filter(|t| !t.trim().is_empty())
                .map(|t| (t, Some(e.seq))),
            _ => None,
        });
        let at_opening = match (seq, field) {
            (1, "court") => self.opened.court_other.as_deref(),
            (1, "place") => self.opened.place_other.as_deref(),
            _ => None,
        };
        translated.or(at_opening
            .filter(|t| !t.trim().is_empty())
            .map(|t| (t, None)))
    }

    /// Every free-text field of the hearing that has no text in `lang` (none when `lang` is
    /// the language of proceedings): what a translator still has to do.
    pub fn untranslated(&self, lang: Lang) -> Vec<(u64, &'static str)> {
        self.entries
            .iter()
            .filter_map(|e| Some((e.seq, e.body.as_ref()?)))
            .flat_map(|(seq, body)| body.free_text().into_iter().map(move |(f, _)| (seq, f)))
            .filter(|(seq, field)| self.text_in(*seq, field, lang).is_none())
            .collect()
    }

    /// A measure with the incident it answers and the explanations heard on that incident.
    pub fn measure(&self, seq: u64) -> Option<MeasureView<'_>> {
        let entry = self.entry(seq)?;
        let Some(Body::MeasureApplied(measure)) = &entry.body else {
            return None;
        };
        let incident = measure.incident_seq.and_then(|s| {
            let e = self.entry(s)?;
            match &e.body {
                Some(Body::IncidentRecorded(i)) => Some((e, i)),
                _ => None,
            }
        });
        let explanations = match measure.incident_seq {
            Some(incident_seq) => self
                .entries
                .iter()
                .filter_map(|e| match &e.body {
                    Some(Body::ExplanationHeard(x)) if x.incident_seq == Some(incident_seq) => {
                        Some((e, x))
                    }
                    _ => None,
                })
                .collect(),
            None => Vec::new(),
        };
        let participant = measure
            .participant_id
            .as_deref()
            .or_else(|| incident.and_then(|(_, i)| i.participant_id.as_deref()))
            .and_then(|id| self.participant(id));
        Some(MeasureView {
            entry,
            measure,
            incident,
            explanations,
            participant,
        })
    }
}

/// One applied measure and what it rests on.
#[derive(Debug, Clone)]
pub struct MeasureView<'a> {
    pub entry: &'a Entry,
    pub measure: &'a MeasureApplied,
    pub incident: Option<(&'a Entry, &'a IncidentRecorded)>,
    pub explanations: Vec<(&'a Entry, &'a ExplanationHeard)>,
    pub participant: Option<&'a Participant>,
}

impl MeasureView<'_> {
    /// The seqs a document about this measure rests on: the incident, the explanations, the
    /// measure, and the entries that recorded the person's data. (The advice is the tool's, not
    /// the court's, so a ruling does not rest on it.)
    pub fn basis_seqs(&self) -> Vec<u64> {
        let mut seqs: Vec<u64> = self.incident.iter().map(|(e, _)| e.seq).collect();
        seqs.extend(self.explanations.iter().map(|(e, _)| e.seq));
        seqs.push(self.entry.seq);
        if let Some(p) = self.participant {
            seqs.extend(p.entry_seqs.iter().copied());
        }
        seqs.sort_unstable();
        seqs.dedup();
        seqs
    }
}
