//! The demo hearing: a civil hearing in which the defendant is warned, then penalised under
//! CoAO 653 for contempt, then removed on a repeated breach — each step with the law engine's
//! real advice recorded before the measure. Closed and sealed with freshly made keys.
//! All names, numbers and addresses are invented.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use time::Duration;
use time::macros::datetime;

use journal::entry::{
    AdviceShown, CaseKind, ExplanationHeard, HearingClosed, HearingOpened, IncidentRecorded,
    Instance, Language, MeasureApplied, Note, ParticipantAdded, ParticipantLeft, Penalty,
    PersonDetails,
};
use journal::{Body, Clock, FixedClock};
use pki::CourtName;

use crate::demo_court::{DemoCourt, make_demo_court};
use law::{self, Catalog, Facts, Lang, Measure};
use store::{Journal, JournalError, keys};

/// What the demo wrote.
#[derive(Debug, Clone)]
pub struct DemoHearing {
    pub journal: PathBuf,
    /// The demo court authority, and the judge's and the secretary's keys and certificates.
    pub court: DemoCourt,
    /// Seqs of the measures: warning (CPC 188(1)), CoAO 653 fine, removal (CPC 188(2)).
    pub warning_seq: u64,
    pub coao653_seq: u64,
    pub removal_seq: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Journal(#[from] JournalError),
    #[error(transparent)]
    Key(#[from] keys::KeyError),
    #[error("demo facts rejected by the law catalog: {0}")]
    Facts(String),
    #[error(
        "the engine did not offer {0} for the demo incident; the catalog disagrees with the demo"
    )]
    NotOffered(&'static str),
}

const DEFENDANT: &str = "p2";

/// Write the demo hearing into `data_dir`, with new keys in `keys_dir`, and seal it.
pub fn write_demo_hearing(
    data_dir: &Path,
    keys_dir: &Path,
    catalog: &Catalog,
) -> Result<DemoHearing, DemoError> {
    let clock = FixedClock::new(datetime!(2026-11-24 10:00:00 +5));
    let mut j = Journal::create(data_dir, opening(), Box::new(clock.clone()))?;
    let step = |j: &mut Journal, minutes: i64, body: Body| {
        clock.advance(Duration::minutes(minutes));
        j.append(body).map(|h| h.seq)
    };
    for p in participants() {
        step(&mut j, 1, Body::ParticipantAdded(p))?;
    }
    step(
        &mut j,
        2,
        note(
            "Судебное заседание открыто, разъяснены права и обязанности. Председательствующий напомнил о порядке в зале судебного заседания (ГПК 187).",
        ),
    )?;

    // 1. The defendant interrupts the plaintiff's representative: a first breach → warning.
    let (facts, advised) = demo_facts(false, "disobedience", false, catalog)?;
    let incident = step(
        &mut j,
        9,
        incident_body(
            facts,
            "Ответчик Иванов И.И. неоднократно перебивал представителя истца, на замечания председательствующего не реагировал.",
            1_820_000,
        ),
    )?;
    step(&mut j, 1, advice(incident, &advised, catalog)?)?;
    let warning_seq = step(
        &mut j,
        1,
        measure(
            &advised,
            Measure::Warning,
            incident,
            "Ответчик нарушил порядок в судебном заседании; предупрежден о том, что при повторном нарушении может быть удален из зала.",
            None,
        )?,
    )?;

    // 2. The defendant insults the court: contempt → CoAO 653, with explanations first.
    let (facts, advised) = demo_facts(true, "other_contempt", true, catalog)?;
    let incident = step(
        &mut j,
        14,
        incident_body(
            facts,
            "После предупреждения ответчик Иванов И.И. в ходе исследования доказательств демонстративно повернулся спиной к суду, громко заявил, что «этот суд ничего не решает», и отказался выполнить требование председательствующего занять место.",
            2_760_000,
        ),
    )?;
    step(&mut j, 1, advice(incident, &advised, catalog)?)?;
    step(
        &mut j,
        1,
        note(
            "Председательствующий объявил об установлении факта проявления неуважения к суду со стороны ответчика Иванова И.И. и разъяснил право дать объяснения (ГПК 120(2)).",
        ),
    )?;
    step(
        &mut j,
        2,
        explanation(
            DEFENDANT,
            "Иванов И.И. пояснил, что был возмущён ходом процесса, неуважения к суду не имел в виду, просил строго не наказывать.",
            incident,
        ),
    )?;
    step(
        &mut j,
        1,
        explanation(
            "p1",
            "Представитель истца Омарова С.К. пояснила, что поведение ответчика мешало ей давать пояснения суду.",
            incident,
        ),
    )?;
    let coao653_seq = step(
        &mut j,
        2,
        measure(
            &advised,
            Measure::Coao653Fine,
            incident,
            "Ответчик после предупреждения проявил явное неуважение к суду; отягчающее обстоятельство — продолжение противоправного поведения несмотря на требование его прекратить (КоАП 57).",
            Some(Penalty {
                fine_mci: Some(20),
                mci_kzt: advised.mci_kzt,
                hours: None,
                days: None,
            }),
        )?,
    )?;
    step(
        &mut j,
        1,
        note(
            "Постановление о наложении административного взыскания будет изготовлено после судебного заседания (ГПК 120(3)).",
        ),
    )?;

    // 3. The defendant breaches order again: a repeated breach → removal by ruling in protocol.
    let (facts, advised) = demo_facts(true, "breach_of_order", false, catalog)?;
    let incident = step(
        &mut j,
        11,
        incident_body(
            facts,
            "Ответчик Иванов И.И. вновь нарушил порядок: выкрикивал с места во время выступления свидетеля.",
            4_010_000,
        ),
    )?;
    step(&mut j, 1, advice(incident, &advised, catalog)?)?;
    let removal_seq = step(
        &mut j,
        1,
        measure(
            &advised,
            Measure::Removal,
            incident,
            "Повторное нарушение порядка после предупреждения: ответчик удален из зала судебного заседания до окончания допроса свидетеля.",
            None,
        )?,
    )?;
    step(
        &mut j,
        0,
        Body::ParticipantLeft(ParticipantLeft {
            participant_id: DEFENDANT.into(),
            reason: Some("удален из зала судебного заседания (ГПК 188(2))".into()),
        }),
    )?;
    step(
        &mut j,
        20,
        note("Судебное заседание отложено для истребования доказательств."),
    )?;
    step(&mut j, 1, Body::HearingClosed(HearingClosed { note: None }))?;

    // The demo court's certificates are valid around the real date, so a demo made today also
    // seals at a time within them.
    clock.advance(Duration::minutes(5));
    let court = make_demo_court(
        keys_dir,
        &opening().judge,
        &opening().secretary,
        &demo_court_name(),
        clock.now(),
    )?;
    let trust = court.trust()?;
    let anchors = trust.anchors().to_vec();
    let (judge, secretary) = (
        court.judge.signer(&anchors)?,
        court.secretary.signer(&anchors)?,
    );
    j.seal(&judge, &secretary, &trust)?;
    Ok(DemoHearing {
        journal: j.path().to_path_buf(),
        court,
        warning_seq,
        coao653_seq,
        removal_seq,
    })
}

/// The demo court's name, as its authority's certificate gives it.
pub fn demo_court_name() -> CourtName {
    CourtName {
        kk: "Алматы қаласы Алмалы аудандық соты".into(),
        ru: "Алмалинский районный суд города Алматы".into(),
        bin: None,
    }
}

fn opening() -> HearingOpened {
    HearingOpened {
        hearing_id: "demo-1".into(),
        court: "Алмалинский районный суд города Алматы".into(),
        judge: "Ахметова Айгуль Болатовна".into(),
        secretary: "Сейткали Дана Ерлановна".into(),
        case_number: "2-1234/2026".into(),
        case_kind: CaseKind::Civil,
        instance: Instance::First,
        language: Language::Ru,
        online: false,
        recording: Some("2-1234-2026_2026-11-24_zal-5.mp4".into()),
        place: Some("г. Алматы, ул. Толе би, 155, зал № 5".into()),
    }
}

fn participants() -> Vec<ParticipantAdded> {
    let plain = |id: &str, role: &str, name: &str| ParticipantAdded {
        participant_id: id.into(),
        role: role.into(),
        name: name.into(),
        iin: None,
        details: PersonDetails::default(),
    };
    vec![
        plain("p1", "representative", "Омарова Сауле Кайратовна"),
        ParticipantAdded {
            participant_id: DEFENDANT.into(),
            role: "defendant".into(),
            name: "Иванов Иван Иванович".into(),
            iin: Some("800501300123".into()),
            details: PersonDetails {
                birth_date: Some("1980-05-01".into()),
                birth_place: Some("г. Алматы".into()),
                residence: Some("г. Алматы, мкр. Самал-2, д. 7, кв. 15".into()),
                registration: Some("г. Алматы, мкр. Самал-2, д. 7, кв. 15".into()),
                id_document: Some(
                    "удостоверение личности № 045123789, выдано МВД РК 12.03.2019".into(),
                ),
                workplace: Some("ТОО «Жетысу Логистик», водитель".into()),
            },
        },
        plain("p3", "witness", "Ким Артём Сергеевич"),
    ]
}

/// The facts of one of the demo incidents, as JSON (for the journal), and the engine's advice
/// on them — run once, then recorded and followed.
fn demo_facts(
    warned: bool,
    conduct: &str,
    aggravating: bool,
    catalog: &Catalog,
) -> Result<(Value, law::Advice), DemoError> {
    let value = json!({
        "case": {"kind": "civil", "instance": "first", "jury": false, "online": false},
        "incident": {"date": "2026-11-24", "where": "in_session", "conduct": conduct,
                     "criminal_signs": false, "aggravating_circumstances": aggravating},
        "person": {"role": "defendant", "kind": "natural", "birth_date": "1980-05-01", "sex": "male",
                   "youngest_child_age": 16, "raises_children_alone": false, "disability_group": "none",
                   "permanent_resident": true, "consents_to_community_service": false},
        "history": {"warned_in_hearing": warned, "coao653_within_year": false, "measures_for_this_act": []}
    });
    let advice = engine(&value.to_string(), catalog)?;
    Ok((value, advice))
}

fn engine(text: &str, catalog: &Catalog) -> Result<law::Advice, DemoError> {
    let facts = Facts::from_json(text).map_err(|e| DemoError::Facts(e.to_string()))?;
    facts
        .validate(catalog)
        .map_err(|e| DemoError::Facts(e.to_string()))?;
    Ok(law::advise(&facts, catalog))
}

fn advice(incident_seq: u64, advice: &law::Advice, catalog: &Catalog) -> Result<Body, DemoError> {
    let shown = law::report::report(advice, catalog, Lang::Ru);
    let advice = serde_json::to_value(&shown).map_err(|e| DemoError::Facts(e.to_string()))?;
    Ok(Body::AdviceShown(AdviceShown {
        incident_seq,
        advice,
        catalog_version: catalog.version.clone(),
    }))
}

/// The measure as the engine offered it: its basis and act form come from the advice, so the
/// demo fails loudly if the catalog stops offering it.
fn measure(
    advice: &law::Advice,
    which: Measure,
    incident_seq: u64,
    grounds: &str,
    penalty: Option<Penalty>,
) -> Result<Body, DemoError> {
    let opt = advice
        .option(which)
        .filter(|o| o.status() != law::Status::Blocked)
        .ok_or(DemoError::NotOffered(which.id()))?;
    Ok(Body::MeasureApplied(MeasureApplied {
        measure_id: which.id().into(),
        citations: opt.basis.clone(),
        act_form: opt.act.map(|a| a.id()).unwrap_or("protocol_entry").into(),
        grounds: grounds.into(),
        incident_seq: Some(incident_seq),
        participant_id: Some(DEFENDANT.into()),
        penalty,
    }))
}

fn incident_body(facts: Value, description: &str, offset_ms: u64) -> Body {
    Body::IncidentRecorded(IncidentRecorded {
        facts,
        description: Some(description.into()),
        participant_id: Some(DEFENDANT.into()),
        recording_offset_ms: Some(offset_ms),
    })
}

fn explanation(who: &str, summary: &str, incident_seq: u64) -> Body {
    Body::ExplanationHeard(ExplanationHeard {
        participant_id: who.into(),
        summary: summary.into(),
        incident_seq: Some(incident_seq),
    })
}

fn note(text: &str) -> Body {
    Body::Note(Note {
        text: text.into(),
        recording_offset_ms: None,
    })
}
