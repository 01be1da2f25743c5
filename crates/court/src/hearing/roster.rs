//! Who takes part: participants as added, then updated or gone, never edited in place.

use journal::entry::PersonDetails;
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
                roster.push(Participant {
                    id: a.participant_id.clone(),
                    role: a.role.clone(),
                    name: a.name.clone(),
                    iin: a.iin.clone(),
                    details: a.details.clone(),
                    entry_seqs: vec![seq],
                    left_seq: None,
                });
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
