//! What a hearing protocol records: the entry kinds and their typed bodies.
//!
//! A body is stored apart from its kind (the kind is in the entry header, so it stays visible when
//! the body is withheld from an excerpt). Reading is strict: unknown fields are refused, so a
//! typo or a forged field never passes silently. Corrections are entries of their own; nothing
//! is ever edited.

use std::collections::BTreeMap;

use crate::clock::Time;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::canonical::{CanonValue, Hash};
use super::line::from_json_value;

macro_rules! kinds {
    ($($variant:ident($body:ident) = $name:literal,)*) => {
        /// The kind of an entry, as written in the `kind` member of a line.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Kind { $($variant,)* }

        /// An entry's body, one typed struct per kind.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Body { $($variant($body),)* }

        impl Kind {
            pub const ALL: &'static [Kind] = &[$(Kind::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(Kind::$variant => $name,)* }
            }

            pub fn parse(s: &str) -> Option<Kind> {
                match s { $($name => Some(Kind::$variant),)* _ => None }
            }
        }

        impl Body {
            pub fn kind(&self) -> Kind {
                match self { $(Body::$variant(_) => Kind::$variant,)* }
            }

            /// The body as the canonical JSON tree that is stored and hashed.
            pub fn to_canon(&self) -> Result<CanonValue, String> {
                match self { $(Body::$variant(b) => CanonValue::from_serialize(b),)* }
            }

            /// Read a body of the given kind; the error names the field, never its content.
            pub fn from_canon(kind: Kind, value: &CanonValue) -> Result<Body, String> {
                if kind == Kind::Sealed {
                    return sealed(value).map(Body::Sealed);
                }
                match kind { $(Kind::$variant => typed(value).map(Body::$variant),)* }
            }
        }
    };
}

kinds! {
    HearingOpened(HearingOpened) = "hearing_opened",
    ParticipantAdded(ParticipantAdded) = "participant_added",
    ParticipantUpdated(ParticipantUpdated) = "participant_updated",
    ParticipantLeft(ParticipantLeft) = "participant_left",
    Note(Note) = "note",
    Recess(Recess) = "recess",
    Resumed(Resumed) = "resumed",
    IncidentRecorded(IncidentRecorded) = "incident_recorded",
    AdviceShown(AdviceShown) = "advice_shown",
    MeasureApplied(MeasureApplied) = "measure_applied",
    ExplanationHeard(ExplanationHeard) = "explanation_heard",
    RulingIssued(RulingIssued) = "ruling_issued",
    Correction(Correction) = "correction",
    Translation(Translation) = "translation",
    RemarkFiled(RemarkFiled) = "remark_filed",
    RemarkDecided(RemarkDecided) = "remark_decided",
    HearingClosed(HearingClosed) = "hearing_closed",
    Recovered(Recovered) = "recovered",
    Sealed(Sealed) = "sealed",
}

/// The body as `T`: straight from the tree when it fits, else through JSON with the path
/// tracked, for a message that names the field.
fn typed<T: DeserializeOwned>(value: &CanonValue) -> Result<T, String> {
    if let Some(body) = super::typed::fast(value) {
        return Ok(body);
    }
    from_json_value(value.to_json())
        .map_err(|e| format!("field `{}` {}", e.field.as_deref().unwrap_or("."), e.detail))
}

/// A seal, read as format 2 when it has a `statement` member and as format 1 otherwise, so a
/// refusal names the field of the format the seal claims.
fn sealed(value: &CanonValue) -> Result<Sealed, String> {
    let v2 = matches!(value, CanonValue::Object(m) if m.contains_key("statement"));
    if v2 {
        typed(value).map(Sealed::V2)
    } else {
        typed(value).map(Sealed::V1)
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entry of a journal, as read back and verified.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub seq: u64,
    pub time: Time,
    pub kind: Kind,
    pub prev: Hash,
    pub body_hash: Hash,
    pub hash: Hash,
    /// `None` only in excerpts, where the body was withheld.
    pub body: Option<Body>,
}

pub use case::{CaseKind, Instance, Lang};

/// Who seals: the presiding judge and the secretary sign the protocol (CPC 283(5), CrPC 347(4),
/// CoAO 829-12(3)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Judge,
    Secretary,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Judge => "judge",
            Role::Secretary => "secretary",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HearingOpened {
    pub hearing_id: String,
    pub court: String,
    pub judge: String,
    pub secretary: String,
    pub case_number: String,
    pub case_kind: CaseKind,
    pub instance: Instance,
    /// A language of proceedings: `kk` or `ru` (`en` is refused when read).
    #[serde(with = "case::proceedings")]
    pub language: Lang,
    pub online: bool,
    /// File name of the audio/video recording of the hearing, if one is made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recording: Option<String>,
    /// Where the hearing is held (town, court address): a ruling states its place (CoAO 822(1)2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// The court's name in the other language of documents (Russian when `language` is
    /// Kazakh, Kazakh when it is Russian): a translated act names the court in its own language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub court_other: Option<String>,
    /// `place` in the other language of documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place_other: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParticipantAdded {
    /// A short id unique in this hearing ("p1"), used by later entries instead of the name.
    pub participant_id: String,
    /// The role in the law engine's vocabulary ("defendant", "witness", ...).
    pub role: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iin: Option<String>,
    /// What a ruling against this person must state about them (CoAO 822(1)3); often only
    /// gathered once an art. 653 procedure starts, hence optional and updatable.
    #[serde(default, skip_serializing_if = "PersonDetails::is_empty")]
    pub details: PersonDetails,
}

/// A natural person's data as CoAO 822(1)3 lists it for a ruling. All free text, as stated in
/// the courtroom or read from the identity document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonDetails {
    /// `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_place: Option<String>,
    /// Place of residence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub residence: Option<String>,
    /// Registration at the place of residence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration: Option<String>,
    /// The identity document: its name, number, issuer and date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_document: Option<String>,
    /// Place of work (or "не работает" / "жұмыс істемейді").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workplace: Option<String>,
}

impl PersonDetails {
    pub fn is_empty(&self) -> bool {
        *self == PersonDetails::default()
    }
}

/// A change to a participant's recorded data: a new entry, never an edit of the old one. Only
/// the members given change; the participant keeps their id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParticipantUpdated {
    pub participant_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iin: Option<String>,
    #[serde(default, skip_serializing_if = "PersonDetails::is_empty")]
    pub details: PersonDetails,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParticipantLeft {
    pub participant_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub text: String,
    /// Milliseconds from the start of the recording.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recording_offset_ms: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recess {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resumed {}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentRecorded {
    /// The law engine's facts JSON, kept as given.
    pub facts: serde_json::Value,
    /// What happened, in words: the circumstances a ruling sets out (CoAO 822(1)6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participant_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recording_offset_ms: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdviceShown {
    /// The `incident_recorded` entry this advice answers.
    pub incident_seq: u64,
    /// The engine's advice as shown: the "why" of what was offered.
    pub advice: serde_json::Value,
    /// The law catalog's version hash, so the advice can be reproduced later.
    pub catalog_version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureApplied {
    pub measure_id: String,
    pub citations: Vec<String>,
    /// The form of the act, in the law engine's vocabulary ("ruling_in_protocol", ...).
    pub act_form: String,
    /// The judge's grounds as stated in the courtroom.
    pub grounds: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incident_seq: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participant_id: Option<String>,
    /// The penalty imposed, when the measure has one; amounts are integers (see the format).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub penalty: Option<Penalty>,
}

/// A penalty as decided: a fine in MCI with its tenge value on the day that fixes it, or hours
/// of community service, or days of arrest.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Penalty {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fine_mci: Option<u32>,
    /// The MCI's value in tenge used for the conversion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mci_kzt: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
}

impl Penalty {
    /// The fine in tenge, when both the MCI count and its value are known.
    pub fn fine_kzt(&self) -> Option<u64> {
        Some(u64::from(self.fine_mci?) * u64::from(self.mci_kzt?))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExplanationHeard {
    pub participant_id: String,
    pub summary: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incident_seq: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulingIssued {
    pub document_kind: String,
    /// A language of proceedings: `kk` or `ru` (`en` is refused when read).
    #[serde(with = "case::proceedings")]
    pub language: Lang,
    /// SHA-256 of the issued PDF.
    pub pdf_sha256: Hash,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure_seq: Option<u64>,
}

/// A correction of an earlier entry. Changes to a signed protocol must be stated in it and
/// certified by the signatures (CPC 283(5)): hence a correction after a seal needs a new seal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    /// The earlier entry being corrected; it stays as it was.
    pub target_seq: u64,
    pub what: String,
    pub why: String,
}

/// A translation of an earlier entry's free text into the other language of documents, recorded
/// as such: acts are issued in the language of proceedings (CoAO 822(1)4), and an act in the
/// other language is a translation that prints only translated text. The entry translated stays
/// as it was; a later translation of the same field replaces an earlier one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Translation {
    /// The entry whose free text is translated.
    pub target_seq: u64,
    /// The language of the translation (not the language of proceedings).
    /// A language of proceedings: `kk` or `ru` (`en` is refused when read).
    #[serde(with = "case::proceedings")]
    pub language: Lang,
    /// Field → translated text, the fields named as `Body::free_text` names them
    /// (`description`, `details.residence`, ...).
    pub fields: BTreeMap<String, String>,
}

/// Remarks on the protocol (CPC 284, CrPC 348, CoAO 829-12(5)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemarkFiled {
    pub by: String,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemarkDecision {
    Accepted,
    Rejected,
}

/// The decision on remarks (CPC 285(2), CrPC 349, CoAO 829-12(7)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemarkDecided {
    pub remark_seq: u64,
    pub decision: RemarkDecision,
    pub reasons: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HearingClosed {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Written by `repair` after it cut a torn tail or restored a lost final newline: nothing is
/// dropped or added without a trace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recovered {
    pub dropped_bytes: u64,
    /// SHA-256 of the dropped bytes, so they can be matched against a copy if one turns up.
    pub dropped_sha256: Hash,
    /// The byte offset where a newline was added after a whole last line that had lost it
    /// (nothing was dropped then).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub newline_added_at: Option<u64>,
}

/// The judge's and the secretary's seal over the head of the chain: the signed statement of
/// format 2, or the old Ed25519 seal of format 1 (still read, no longer written).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Sealed {
    V2(SealedV2),
    V1(SealedV1),
}

impl Sealed {
    /// The seal's format version: 1 or 2.
    pub fn version(&self) -> u8 {
        match self {
            Sealed::V1(_) => 1,
            Sealed::V2(_) => 2,
        }
    }
}

/// Format 2: a signed statement (`hattama-seal/2`, see `statement`) naming the journal, the
/// count, the head, the seal's time and each signer's role and certificate; each signature is
/// over the statement's exact bytes, in the order of its signer lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SealedV2 {
    pub statement: String,
    pub signatures: Vec<CertifiedSignature>,
}

/// One signer's certificate and signature in a format-2 seal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertifiedSignature {
    /// The signer's X.509 certificate, DER, lowercase hex.
    pub certificate: String,
    /// The signature over the statement's bytes (ECDSA P-256 / SHA-256, DER), lowercase hex.
    pub signature: String,
}

/// Format 1: Ed25519 signatures over the head and count. The names are not signed: a reader
/// shows them only as claims (docs/journal-format.md §6.1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SealedV1 {
    /// The hash of the entry just before this one.
    pub head: Hash,
    /// How many entries the seal covers: this entry's seq minus one.
    pub count: u64,
    pub signatures: Vec<SealSignature>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SealSignature {
    pub role: Role,
    pub name: String,
    /// "ed25519".
    pub algorithm: String,
    /// Lowercase hex.
    pub public_key: String,
    /// Lowercase hex.
    pub signature: String,
}

impl Body {
    /// Seqs this body refers to (corrections, remarks, advice), which must point backwards.
    pub fn references(&self) -> Vec<(&'static str, u64)> {
        let mut out = Vec::new();
        match self {
            Body::Correction(c) => out.push(("target_seq", c.target_seq)),
            Body::Translation(t) => out.push(("target_seq", t.target_seq)),
            Body::RemarkDecided(r) => out.push(("remark_seq", r.remark_seq)),
            Body::AdviceShown(a) => out.push(("incident_seq", a.incident_seq)),
            Body::MeasureApplied(m) => out.extend(m.incident_seq.map(|s| ("incident_seq", s))),
            Body::ExplanationHeard(e) => out.extend(e.incident_seq.map(|s| ("incident_seq", s))),
            Body::RulingIssued(r) => out.extend(r.measure_seq.map(|s| ("measure_seq", s))),
            _ => {}
        }
        out
    }
}

impl Body {
    /// The free text a person typed into this body, field by field (empty values left out):
    /// what a translated act needs translated. Names, ids, numbers, citations, file names and
    /// catalog terms are not free text: names are printed as entered, the rest has its own
    /// wording in each language. The one list of translatable fields.
    pub fn free_text<'a>(&'a self) -> Vec<(&'static str, &'a str)> {
        fn push<'a>(
            out: &mut Vec<(&'static str, &'a str)>,
            field: &'static str,
            value: Option<&'a str>,
        ) {
            if let Some(v) = value.filter(|v| !v.trim().is_empty()) {
                out.push((field, v));
            }
        }
        let mut out = Vec::new();
        let mut add = |field: &'static str, value: Option<&'a str>| push(&mut out, field, value);
        match self {
            Body::HearingOpened(o) => {
                add("court", Some(&o.court));
                add("place", o.place.as_deref());
            }
            Body::ParticipantAdded(p) => {
                for field in DETAIL_FIELDS {
                    add(field, p.details.text(field));
                }
            }
            Body::ParticipantUpdated(p) => {
                for field in DETAIL_FIELDS {
                    add(field, p.details.text(field));
                }
            }
            Body::ParticipantLeft(p) => add("reason", p.reason.as_deref()),
            Body::Note(n) => add("text", Some(&n.text)),
            Body::Recess(r) => add("reason", r.reason.as_deref()),
            Body::IncidentRecorded(i) => add("description", i.description.as_deref()),
            Body::MeasureApplied(m) => add("grounds", Some(&m.grounds)),
            Body::ExplanationHeard(x) => add("summary", Some(&x.summary)),
            Body::Correction(c) => {
                add("what", Some(&c.what));
                add("why", Some(&c.why));
            }
            Body::RemarkFiled(r) => {
                add("by", Some(&r.by));
                add("text", Some(&r.text));
            }
            Body::RemarkDecided(r) => add("reasons", Some(&r.reasons)),
            Body::HearingClosed(c) => add("note", c.note.as_deref()),
            Body::Resumed(_)
            | Body::AdviceShown(_)
            | Body::RulingIssued(_)
            | Body::Translation(_)
            | Body::Recovered(_)
            | Body::Sealed(_) => {}
        }
        out
    }
}

/// A person's details that are free text, as `Body::free_text` names them (the birth date is a
/// date, not text to translate).
pub const DETAIL_FIELDS: [&str; 5] = [
    "details.birth_place",
    "details.residence",
    "details.registration",
    "details.id_document",
    "details.workplace",
];

impl PersonDetails {
    /// A free-text detail by its `Body::free_text` name.
    pub fn text(&self, field: &str) -> Option<&str> {
        match field {
            "details.birth_place" => self.birth_place.as_deref(),
            "details.residence" => self.residence.as_deref(),
            "details.registration" => self.registration.as_deref(),
            "details.id_document" => self.id_document.as_deref(),
            "details.workplace" => self.workplace.as_deref(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_its_name() {
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()), Some(*kind));
        }
        assert_eq!(Kind::parse("Note"), None);
    }

    #[test]
    fn unknown_fields_are_refused_without_echoing_values() {
        let v: CanonValue = serde_json::from_str(r#"{"text":"x","secret":"Иванов"}"#).unwrap();
        let err = Body::from_canon(Kind::Note, &v).unwrap_err();
        assert!(!err.contains("Иванов"), "{err}");
        let v: CanonValue = serde_json::from_str(r#"{"text":42}"#).unwrap();
        let err = Body::from_canon(Kind::Note, &v).unwrap_err();
        assert!(err.contains("`text`"), "{err}");
    }

    #[test]
    fn bodies_with_fractions_are_refused_naming_the_field() {
        let body = Body::IncidentRecorded(IncidentRecorded {
            facts: serde_json::json!({"a": {"b": 1.5}}),
            description: None,
            participant_id: None,
            recording_offset_ms: None,
        });
        let err = body.to_canon().unwrap_err();
        assert!(err.contains("facts.a.b"), "{err}");
    }
}
