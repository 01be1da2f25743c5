//! Who takes part: participants as added, then updated or gone, never edited in place.

use journal::entry::{DETAIL_FIELDS, PersonDetails};
use journal::{Body, Entry};

use super::HearingError;

#[derive(Debug, Clone, PartialEq)]
pub struct Participant {
    pub id: String,
    pub role: String,
    pub name: String,
    pub iin: Option<String>,
    pub details: PersonDetails,
    /// The `participant_added` entry and every later `participant_updated` one.
    pub entry_seqs: Vec<u64>,
    /// Set while the participant is out of the courtroom (left or removed).
    pub left_seq: Option<u64>,
    /// Which entry gave each free-text detail its current value (`details.residence` → seq):
    /// a translation of that detail is a translation of that entry's field.
    pub detail_seqs: Vec<(&'static str, u64)>,
}

impl Participant {
    /// The entry whose value of the free-text detail `field` is current.
    pub fn detail_seq(&self, field: &str) -> Option<u64> {
        self.detail_seqs
            .iter()
            .find_map(|(f, seq)| (*f == field).then_some(*seq))
    }

    fn note_details(&mut self, details: &PersonDetails, seq: u64) {
        for field in DETAIL_FIELDS {
            if details.text(field).is_some() {
                self.detail_seqs.retain(|(f, _)| *f != field);
                self.detail_seqs.push((field, seq));
            }
        }
    }
}

pub(super) fn replay(entries: &[Entry]) -> Result<Vec<Participant>, HearingError> {
    let mut roster: Vec<Participant> = Vec::new();
    for entry in entries {
        let seq = entry.seq;
        let unknown = |id: &str| HearingError::UnknownParticipant {
            seq,
            id: id.to_string(),
        };
        match &entry.body {
            Some(Body::ParticipantAdded(a)) => {
                if let Some(p) = roster.iter_mut().find(|p| p.id == a.participant_id) {
                    // Adding someone who left brings them back; adding twice is an error.
                    if p.left_seq.take().is_none() {
                        return Err(HearingError::DuplicateParticipant {
                            seq,
                            id: a.participant_id.clone(),
                        });
                    }
                    p.entry_seqs.push(seq);
                    continue;
                }
                let mut p = Participant {
                    id: a.participant_id.clone(),
                    role: a.role.clone(),
                    name: a.name.clone(),
                    iin: a.iin.clone(),
                    details: a.details.clone(),
                    entry_seqs: vec![seq],
                    left_seq: None,
                    detail_seqs: Vec::new(),
                };
                p.note_details(&a.details, seq);
                roster.push(p);
            }
            Some(Body::ParticipantUpdated(u)) => {
                let p = roster
                    .iter_mut()
                    .find(|p| p.id == u.participant_id)
                    .ok_or_else(|| unknown(&u.participant_id))?;
                if let Some(role) = &u.role {
                    p.role.clone_from(role);
                }
                if let Some(name) = &u.name {
                    p.name.clone_from(name);
                }
                if u.iin.is_some() {
                    p.iin.clone_from(&u.iin);
                }
                merge(&mut p.details, &u.details);
                p.note_details(&u.details, seq);
                p.entry_seqs.push(seq);
            }
            Some(Body::ParticipantLeft(l)) => {
                let p = roster
                    .iter_mut()
                    .find(|p| p.id == l.participant_id)
                    .ok_or_else(|| unknown(&l.participant_id))?;
                p.left_seq = Some(seq);
            }
            _ => {}
        }
    }
    Ok(roster)
}

/// Members given in an update replace the earlier ones; absent members keep theirs.
fn merge(into: &mut PersonDetails, update: &PersonDetails) {
    let fields = [
        (&mut into.birth_date, &update.birth_date),
        (&mut into.birth_place, &update.birth_place),
        (&mut into.residence, &update.residence),
        (&mut into.registration, &update.registration),
        (&mut into.id_document, &update.id_document),
        (&mut into.workplace, &update.workplace),
    ];
    for (old, new) in fields {
        if new.is_some() {
            old.clone_from(new);
        }
    }
}
