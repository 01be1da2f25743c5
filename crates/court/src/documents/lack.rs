//! What a document needs and the protocol lacks: one item per gap, naming the journal field to
//! fill and the norm that requires it. `Display` is the English wording of the CLI; the
//! interface shows each item in its own language (`config/ui/strings.toml`, `docs.lack.*`).
//! No item carries a value from the protocol — a participant is named by id, not by name.

use std::fmt;

use law::Lang;

/// One gap between what the law requires of a document and what the protocol holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lack {
    /// `hearing_opened.court` or `.judge` is blank.
    CourtAndJudge,
    /// `hearing_opened.place` (CoAO 822(1)2).
    Place,
    /// The measure names no participant.
    Person,
    /// The participant's full name (by participant id).
    FullName(String),
    /// One of the person's details a CoAO 653 ruling states (CoAO 822(1)3), by participant id.
    Detail(String, Detail),
    /// Neither the person's explanation nor a note that they declined (CPC 120(2)).
    Explanation(String),
    /// The measure points at no incident.
    Incident,
    /// The incident's circumstances in words (CoAO 822(1)6).
    Circumstances,
    /// The judge's grounds.
    Grounds,
    /// The amount, hours or days of the penalty.
    Penalty,
    /// The recorded facts are not what the law catalog accepts (the catalog's message).
    Facts(String),
    /// The engine offers no option for the recorded measure on these facts (the measure id).
    Measure(String),
    /// The document is in the other language than that of proceedings, so it is a translation,
    /// and this free text has no translation into `lang` recorded: field `field` of entry `seq`.
    Translation {
        lang: Lang,
        seq: u64,
        field: &'static str,
    },
}

impl Lack {
    pub fn is_translation(&self) -> bool {
        matches!(self, Lack::Translation { .. })
    }
}

/// The person's details a CoAO 653 ruling must state (CoAO 822(1)3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    Iin,
    BirthDate,
    Residence,
    Registration,
    IdDocument,
    Workplace,
}

impl Detail {
    fn english(self) -> &'static str {
        match self {
            Detail::Iin => "IIN",
            Detail::BirthDate => "date of birth",
            Detail::Residence => "place of residence",
            Detail::Registration => "registration at the place of residence",
            Detail::IdDocument => "identity document",
            Detail::Workplace => "place of work",
        }
    }
}

impl fmt::Display for Lack {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Lack::CourtAndJudge => f.write_str("the court and the judge (hearing_opened)"),
            Lack::Place => {
                f.write_str("the place of the hearing (hearing_opened.place; CoAO 822(1)2)")
            }
            Lack::Person => {
                f.write_str("the person the measure concerns (measure_applied.participant_id)")
            }
            Lack::FullName(id) => write!(f, "participant {id}: full name"),
            Lack::Detail(id, detail) => {
                write!(f, "participant {id}: {} (CoAO 822(1)3)", detail.english())
            }
            Lack::Explanation(id) => write!(
                f,
                "the explanation of participant {id} or a note that they declined \
                 (explanation_heard; CPC 120(2))"
            ),
            Lack::Incident => {
                f.write_str("the incident the measure answers (measure_applied.incident_seq)")
            }
            Lack::Circumstances => f.write_str(
                "the circumstances of the incident in words \
                 (incident_recorded.description; CoAO 822(1)6)",
            ),
            Lack::Grounds => f.write_str("the judge's grounds (measure_applied.grounds)"),
            Lack::Penalty => f.write_str("the penalty imposed (measure_applied.penalty)"),
            Lack::Facts(why) => write!(f, "facts the law catalog accepts ({why})"),
            Lack::Measure(id) => write!(f, "a measure the law knows for this case ({id})"),
            Lack::Translation { lang, seq, field } => write!(
                f,
                "a {} translation of entry {seq}, field {field}",
                match lang {
                    Lang::Kk => "Kazakh",
                    Lang::Ru | Lang::En => "Russian",
                }
            ),
        }
    }
}
