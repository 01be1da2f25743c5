//! Sample entries for tests and benchmarks: the opening and the bodies of a short civil hearing
//! in which a defendant, already warned, disobeys again and is removed from the courtroom by a
//! ruling entered in the protocol (CPC 188(2)). Fixtures of the format, not a demo: the one demo
//! hearing is the court's (`court::hearing::demo`). All names and numbers are invented.

use serde_json::json;

use super::canonical::Hash;
use super::entry::{
    AdviceShown, Body, CaseKind, ExplanationHeard, HearingClosed, HearingOpened, IncidentRecorded,
    Instance, Lang, MeasureApplied, Note, ParticipantAdded,
};

/// The facts of the sample incident, in the law engine's facts shape.
pub fn sample_facts() -> serde_json::Value {
    json!({
        "case": {"kind": "civil", "instance": "first", "jury": false, "online": false},
        "incident": {"date": "2026-11-24", "where": "in_session", "conduct": "disobedience", "criminal_signs": false},
        "person": {"role": "defendant", "kind": "natural", "birth_date": "1980-05-01", "sex": "male"},
        "history": {"warned_in_hearing": true, "coao653_within_year": false, "measures_for_this_act": []}
    })
}

/// The first entry of the sample hearing.
pub fn sample_opening() -> HearingOpened {
    HearingOpened {
        hearing_id: "sample-1".into(),
        court: "Районный суд № 2 Алмалинского района г. Алматы".into(),
        judge: "Ахметова Айгуль Болатовна".into(),
        secretary: "Сейткали Дана Ерлановна".into(),
        case_number: "2-1234/2026".into(),
        case_kind: CaseKind::Civil,
        instance: Instance::First,
        language: Lang::Ru,
        online: false,
        recording: Some("2-1234-2026_2026-11-24.mp4".into()),
        place: None,
        court_other: None,
        place_other: None,
    }
}

/// The entries after the opening, up to and including `hearing_closed` (seqs 2 to 9).
pub fn sample_bodies() -> Vec<Body> {
    let incident_seq = 5;
    vec![
        Body::ParticipantAdded(ParticipantAdded {
            participant_id: "p1".into(),
            role: "plaintiff".into(),
            name: "ТОО «Алтын Дала»".into(),
            iin: None,
            details: Default::default(),
        }),
        Body::ParticipantAdded(ParticipantAdded {
            participant_id: "p2".into(),
            role: "defendant".into(),
            name: "Иванов Иван Иванович".into(),
            iin: Some("800501300126".into()),
            details: Default::default(),
        }),
        Body::Note(Note {
            text: "Ответчику сделано предупреждение за нарушение порядка.".into(),
            recording_offset_ms: Some(512_000),
        }),
        Body::IncidentRecorded(IncidentRecorded {
            facts: sample_facts(),
            description: None,
            participant_id: Some("p2".into()),
            recording_offset_ms: Some(754_000),
        }),
        Body::AdviceShown(AdviceShown {
            incident_seq,
            advice: json!({
                "case_kind": "civil",
                "options": [
                    {"measure": "warning", "status": "available", "act": "protocol_entry", "basis": ["CPC 188(1)"]},
                    {"measure": "removal", "status": "available", "act": "ruling_in_protocol", "basis": ["CPC 188(2)"]},
                    {"measure": "coao653_fine", "status": "caution", "act": "separate_reasoned_ruling",
                     "basis": ["CPC 188(5)", "CPC 120", "CoAO 653(1)"], "fine_mci": 20}
                ]
            }),
            catalog_version: Hash::of(b"sample law catalog").to_hex(),
        }),
        Body::ExplanationHeard(ExplanationHeard {
            participant_id: "p2".into(),
            summary: "Ответчик пояснил, что не согласен с порядком исследования доказательств."
                .into(),
            incident_seq: Some(incident_seq),
        }),
        Body::MeasureApplied(MeasureApplied {
            measure_id: "removal".into(),
            citations: vec!["CPC 188(2)".into()],
            act_form: "ruling_in_protocol".into(),
            grounds: "Повторное нарушение порядка после предупреждения.".into(),
            incident_seq: Some(incident_seq),
            participant_id: Some("p2".into()),
            penalty: None,
        }),
        Body::HearingClosed(HearingClosed { note: None }),
    ]
}

/// A court authority and certificates for a hearing's judge and secretary, made fresh: what
/// tests, benchmarks and the doc examples seal with. The certificates are valid from a day
/// before `now` for a year.
pub struct SampleCourt {
    pub authority: pki::Authority,
    pub trust: pki::Trust,
    pub judge: pki::CertifiedKey,
    pub secretary: pki::CertifiedKey,
}

/// A sample court whose judge and secretary are the people named.
pub fn sample_court(
    judge: &str,
    secretary: &str,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<SampleCourt, pki::PkiError> {
    use pki::{Authority, CertRole, CertifiedKey, CourtName, PersonalKey};
    let court = CourtName {
        kk: "Алматы қаласы Алмалы аудандық № 2 соты".into(),
        ru: "Районный суд № 2 Алмалинского района г. Алматы".into(),
        bin: None,
    };
    let from = now - chrono::TimeDelta::days(1);
    let to = now + chrono::TimeDelta::days(365);
    let authority = Authority::create(&court, from - chrono::TimeDelta::days(1), to)?;
    let person = |role: CertRole, name: &str| -> Result<CertifiedKey, pki::PkiError> {
        let key = PersonalKey::generate().map_err(|e| pki::PkiError::Random(e.to_string()))?;
        let cert = authority.issue(&request(role, name, &key, from, to)?)?;
        CertifiedKey::new(key, cert, vec![authority.certificate().clone()])
    };
    let judge = person(CertRole::Judge, judge)?;
    let secretary = person(CertRole::Secretary, secretary)?;
    finish(authority, judge, secretary)
}

/// A request for `name`'s certificate in `role`, valid `from`–`to`.
fn request(
    role: pki::CertRole,
    name: &str,
    key: &pki::PersonalKey,
    from: chrono::DateTime<chrono::FixedOffset>,
    to: chrono::DateTime<chrono::FixedOffset>,
) -> Result<pki::IssueRequest, pki::PkiError> {
    Ok(pki::IssueRequest {
        role,
        name: name.into(),
        iin: None,
        public_key_der: key.public_key_der()?,
        not_before: from,
        not_after: to,
        dns_names: Vec::new(),
    })
}

/// The sample court of `authority`, trusting it alone.
fn finish(
    authority: pki::Authority,
    judge: pki::CertifiedKey,
    secretary: pki::CertifiedKey,
) -> Result<SampleCourt, pki::PkiError> {
    let trust = pki::Trust::new(vec![authority.certificate().clone()], Vec::new())?;
    Ok(SampleCourt {
        authority,
        trust,
        judge,
        secretary,
    })
}

/// As [`sample_court`], but reproducible to the byte: the authority's key is the P-256 scalar
/// of 32 bytes of `03`, the judge's of `01`, the secretary's of `02`; serials 1, 2 and 3;
/// valid from 2026-01-01 to 2035-12-31 (UTC). ECDSA signatures use RFC 6979 nonces, so the same
/// journal gives the same seals — docs/journal-format.md §11.2's test vectors are made so.
pub fn fixed_court(judge: &str, secretary: &str) -> Result<SampleCourt, pki::PkiError> {
    use pki::{Authority, CertRole, CertifiedKey, CourtName, PersonalKey};
    let key = |seed: u8| -> Result<PersonalKey, pki::PkiError> {
        p256::ecdsa::SigningKey::from_slice(&[seed; 32])
            .map(PersonalKey::from_signing_key)
            .map_err(|_| pki::PkiError::UnsupportedKey)
    };
    let court = CourtName {
        kk: "Сот".into(),
        ru: "Суд".into(),
        bin: None,
    };
    let at = |text: &str| {
        chrono::DateTime::parse_from_rfc3339(text)
            .map_err(|e| pki::PkiError::Invalid(e.to_string()))
    };
    let (from, to) = (at("2026-01-01T00:00:00Z")?, at("2035-12-31T00:00:00Z")?);
    let authority = Authority::create_with(key(3)?, &court, from, to, &[1])?;
    let person = |role: CertRole, name: &str, seed: u8| -> Result<CertifiedKey, pki::PkiError> {
        let key = key(seed)?;
        let cert =
            authority.issue_with_serial(&request(role, name, &key, from, to)?, &[seed + 1])?;
        CertifiedKey::new(key, cert, vec![authority.certificate().clone()])
    };
    let judge = person(CertRole::Judge, judge, 1)?;
    let secretary = person(CertRole::Secretary, secretary, 2)?;
    finish(authority, judge, secretary)
}
