//! The demo hearing: a civil hearing in which the defendant is warned, then penalised under
//! CoAO 653 for contempt, then removed on a repeated breach — each step with the law engine's
//! real advice recorded before the measure. Closed; then, by default, every free text
//! translated into the other language of documents; sealed with freshly made keys.
//! Conducted in Russian or Kazakh, with the texts typed in that language. All names, numbers
//! and addresses are invented.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{TimeDelta, TimeZone};
use serde_json::{Value, json};

use journal::entry::{
    AdviceShown, CaseKind, ExplanationHeard, HearingClosed, HearingOpened, IncidentRecorded,
    Instance, Lang, MeasureApplied, Note, ParticipantAdded, ParticipantLeft, Penalty,
    PersonDetails, Translation,
};
use journal::{Body, Clock, FixedClock, KAZAKHSTAN};
use law::{self, Catalog, Facts, Measure};
use pki::CourtName;

use crate::demo_court::{DemoCourt, make_demo_court};
use store::{Journal, JournalError, keys};

/// What the demo wrote.
#[derive(Debug, Clone)]
pub struct DemoHearing {
    pub journal: PathBuf,
    /// The demo court authority, and the judge's and the secretary's keys and certificates.
    pub court: DemoCourt,
    /// The language of proceedings.
    pub language: Lang,
    /// Seqs of the measures: warning (CPC 188(1)), CoAO 653 fine, removal (CPC 188(2)).
    pub warning_seq: u64,
    pub coao653_seq: u64,
    pub removal_seq: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Journal(#[from] JournalError),
    #[error("the demo's fixed start time is not a valid time")]
    Clock,
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

/// How the demo hearing is conducted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoOptions {
    /// The language of proceedings: the free text is typed in it.
    pub language: Lang,
    /// Whether, after the hearing, every free text is translated into the other language and the
    /// translations recorded (then sealed again), so that acts can be issued as translations.
    pub translations: bool,
}

impl Default for DemoOptions {
    /// A hearing in Russian with its Kazakh translations recorded.
    fn default() -> Self {
        DemoOptions {
            language: Lang::Ru,
            translations: true,
        }
    }
}

/// The demo's free text in one language: what the secretary types, or its translation.
struct Texts {
    court: &'static str,
    place: &'static str,
    birth_place: &'static str,
    address: &'static str,
    id_document: &'static str,
    workplace: &'static str,
    opened: &'static str,
    interrupted: &'static str,
    warned: &'static str,
    contempt: &'static str,
    announced: &'static str,
    defendant_explains: &'static str,
    representative_explains: &'static str,
    fined: &'static str,
    ruling_later: &'static str,
    shouted: &'static str,
    removed: &'static str,
    removed_reason: &'static str,
    adjourned: &'static str,
}

const RU: Texts = Texts {
    court: "Алмалинский районный суд города Алматы",
    place: "г. Алматы, ул. Толе би, 155, зал № 5",
    birth_place: "г. Алматы",
    address: "г. Алматы, мкр. Самал-2, д. 7, кв. 15",
    id_document: "удостоверение личности № 045123789, выдано МВД РК 12.03.2019",
    workplace: "ТОО «Жетысу Логистик», водитель",
    opened: "Судебное заседание открыто, разъяснены права и обязанности. Председательствующий напомнил о порядке в зале судебного заседания (ст. 187 ГПК РК).",
    interrupted: "Ответчик Иванов И.И. неоднократно перебивал представителя истца, на замечания председательствующего не реагировал.",
    warned: "Ответчик нарушил порядок в судебном заседании; предупреждён о том, что при повторном нарушении может быть удалён из зала.",
    contempt: "После предупреждения ответчик Иванов И.И. в ходе исследования доказательств демонстративно повернулся спиной к суду, громко заявил, что «этот суд ничего не решает», и отказался выполнить требование председательствующего занять место.",
    announced: "Председательствующий объявил об установлении факта проявления неуважения к суду со стороны ответчика Иванова И.И. и разъяснил ему право дать объяснения (ч. 2 ст. 120 ГПК РК).",
    defendant_explains: "Иванов И.И. пояснил, что был возмущён ходом процесса, неуважения к суду не имел в виду, просил строго не наказывать.",
    representative_explains: "Представитель истца Омарова С.К. пояснила, что поведение ответчика мешало ей давать пояснения суду.",
    fined: "Ответчик после предупреждения проявил явное неуважение к суду; отягчающее обстоятельство — продолжение противоправного поведения несмотря на требование его прекратить (ст. 57 КоАП РК).",
    ruling_later: "Постановление о наложении административного взыскания будет изготовлено после судебного заседания (ч. 3 ст. 120 ГПК РК).",
    shouted: "Ответчик Иванов И.И. вновь нарушил порядок: выкрикивал с места во время выступления свидетеля.",
    removed: "Повторное нарушение порядка после предупреждения: ответчик удалён из зала судебного заседания до окончания допроса свидетеля.",
    removed_reason: "удалён из зала судебного заседания (ч. 2 ст. 188 ГПК РК)",
    adjourned: "Судебное заседание отложено для истребования доказательств.",
};

const KK: Texts = Texts {
    court: "Алматы қаласы Алмалы аудандық соты",
    place: "Алматы қ., Төле би к-сі, 155, № 5 зал",
    birth_place: "Алматы қ.",
    address: "Алматы қ., Самал-2 ш/а, 7-үй, 15-пәтер",
    id_document: "жеке куәлік № 045123789, ҚР ІІМ 12.03.2019 берген",
    workplace: "«Жетісу Логистик» ЖШС, жүргізуші",
    opened: "Сот отырысы ашылды, құқықтар мен міндеттер түсіндірілді. Төрағалық етуші сот отырысы залындағы тәртіпті еске салды (ҚР АПК 187-бабы).",
    interrupted: "Жауапкер Иванов И.И. талапкер өкілінің сөзін бірнеше рет бөлді, төрағалық етушінің ескертулеріне құлақ аспады.",
    warned: "Жауапкер сот отырысындағы тәртіпті бұзды; тәртіпті қайта бұзған жағдайда залдан шығарылуы мүмкін екені туралы ескертілді.",
    contempt: "Ескертуден кейін жауапкер Иванов И.И. дәлелдемелерді зерттеу барысында сотқа әдейі арқасын бұрып, «бұл сот ештеңе шешпейді» деп дауыстап мәлімдеді және төрағалық етушінің орнына отыру туралы талабын орындаудан бас тартты.",
    announced: "Төрағалық етуші сот отырысында жауапкер Иванов И.И. тарапынан сотқа құрметтемеушілік білдіру фактісі анықталғанын жариялап, оған түсініктеме беру құқығын түсіндірді (ҚР АПК 120-бабының 2-бөлігі).",
    defendant_explains: "Иванов И.И. процестің барысына наразы болғанын, сотқа құрметтемеушілік білдіруді мақсат етпегенін түсіндіріп, қатаң жазаламауды сұрады.",
    representative_explains: "Талапкердің өкілі Омарова С.К. жауапкердің мінез-құлқы оның сотқа түсініктеме беруіне кедергі келтіргенін түсіндірді.",
    fined: "Жауапкер ескертуден кейін сотқа анық құрметтемеушілік білдірді; ауырлататын мән-жай — құқыққа қайшы мінез-құлықты тоқтату туралы талапқа қарамастан оны жалғастыру (ҚР ӘҚБтК 57-бабы).",
    ruling_later: "Әкімшілік жаза қолдану туралы қаулы сот отырысынан кейін дайындалады (ҚР АПК 120-бабының 3-бөлігі).",
    shouted: "Жауапкер Иванов И.И. тәртіпті қайтадан бұзды: куә сөйлеп тұрған кезде орнынан айқайлады.",
    removed: "Ескертуден кейін тәртіп қайта бұзылды: жауапкер куәдан жауап алу аяқталғанға дейін сот отырысы залынан шығарылды.",
    removed_reason: "сот отырысы залынан шығарылды (ҚР АПК 188-бабының 2-бөлігі)",
    adjourned: "Сот отырысы дәлелдемелерді талап етіп алдыру үшін кейінге қалдырылды.",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Kk => &KK,
        Lang::Ru | Lang::En => &RU,
    }
}

/// Write the demo hearing (in Russian, with Kazakh translations) into `data_dir`, with new keys
/// in `keys_dir`, and seal it.
pub fn write_demo_hearing(
    data_dir: &Path,
    keys_dir: &Path,
    catalog: &Catalog,
) -> Result<DemoHearing, DemoError> {
    write_demo_hearing_with(data_dir, keys_dir, catalog, DemoOptions::default())
}

/// Write the demo hearing as `options` say and seal it; with translations, they are recorded
/// after the hearing is closed (from the finished protocol), before the seal.
pub fn write_demo_hearing_with(
    data_dir: &Path,
    keys_dir: &Path,
    catalog: &Catalog,
    options: DemoOptions,
) -> Result<DemoHearing, DemoError> {
    let lang = options.language;
    let t = texts(lang);
    let other = texts(lang.other());
    let start = KAZAKHSTAN
        .with_ymd_and_hms(2026, 11, 24, 10, 0, 0)
        .single()
        .ok_or(DemoError::Clock)?;
    let clock = FixedClock::new(start);
    let mut j = Journal::create(data_dir, opening(lang), Box::new(clock.clone()))?;
    // (seq, field, the text in the other language) for every free text typed.
    let mut translations: Vec<(u64, &'static str, &'static str)> = Vec::new();
    let step = |j: &mut Journal, minutes: i64, body: Body| {
        clock.advance(TimeDelta::minutes(minutes));
        j.append(body).map(|h| h.seq)
    };
    for p in participants(t) {
        let with_details = !p.details.is_empty();
        let seq = step(&mut j, 1, Body::ParticipantAdded(p))?;
        if with_details {
            translations.extend([
                (seq, "details.birth_place", other.birth_place),
                (seq, "details.residence", other.address),
                (seq, "details.registration", other.address),
                (seq, "details.id_document", other.id_document),
                (seq, "details.workplace", other.workplace),
            ]);
        }
    }
    let seq = step(&mut j, 2, note(t.opened))?;
    translations.push((seq, "text", other.opened));

    // 1. The defendant interrupts the plaintiff's representative: a first breach → warning.
    let (facts, advised) = demo_facts(false, "disobedience", false, catalog)?;
    let incident = step(&mut j, 9, incident_body(facts, t.interrupted, 1_820_000))?;
    translations.push((incident, "description", other.interrupted));
    step(&mut j, 1, advice(incident, &advised, catalog, lang)?)?;
    let warning_seq = step(
        &mut j,
        1,
        measure(&advised, Measure::Warning, incident, t.warned, None)?,
    )?;
    translations.push((warning_seq, "grounds", other.warned));

    // 2. The defendant insults the court: contempt → CoAO 653, with explanations first.
    let (facts, advised) = demo_facts(true, "other_contempt", true, catalog)?;
    let incident = step(&mut j, 14, incident_body(facts, t.contempt, 2_760_000))?;
    translations.push((incident, "description", other.contempt));
    step(&mut j, 1, advice(incident, &advised, catalog, lang)?)?;
    let seq = step(&mut j, 1, note(t.announced))?;
    translations.push((seq, "text", other.announced));
    let seq = step(
        &mut j,
        2,
        explanation(DEFENDANT, t.defendant_explains, incident),
    )?;
    translations.push((seq, "summary", other.defendant_explains));
    let seq = step(
        &mut j,
        1,
        explanation("p1", t.representative_explains, incident),
    )?;
    translations.push((seq, "summary", other.representative_explains));
    let coao653_seq = step(
        &mut j,
        2,
        measure(
            &advised,
            Measure::Coao653Fine,
            incident,
            t.fined,
            Some(Penalty {
                fine_mci: Some(20),
                mci_kzt: advised.mci_kzt,
                hours: None,
                days: None,
            }),
        )?,
    )?;
    translations.push((coao653_seq, "grounds", other.fined));
    let seq = step(&mut j, 1, note(t.ruling_later))?;
    translations.push((seq, "text", other.ruling_later));

    // 3. The defendant breaches order again: a repeated breach → removal by ruling in protocol.
    let (facts, advised) = demo_facts(true, "breach_of_order", false, catalog)?;
    let incident = step(&mut j, 11, incident_body(facts, t.shouted, 4_010_000))?;
    translations.push((incident, "description", other.shouted));
    step(&mut j, 1, advice(incident, &advised, catalog, lang)?)?;
    let removal_seq = step(
        &mut j,
        1,
        measure(&advised, Measure::Removal, incident, t.removed, None)?,
    )?;
    translations.push((removal_seq, "grounds", other.removed));
    let seq = step(
        &mut j,
        0,
        Body::ParticipantLeft(ParticipantLeft {
            participant_id: DEFENDANT.into(),
            reason: Some(t.removed_reason.into()),
        }),
    )?;
    translations.push((seq, "reason", other.removed_reason));
    let seq = step(&mut j, 20, note(t.adjourned))?;
    translations.push((seq, "text", other.adjourned));
    step(&mut j, 1, Body::HearingClosed(HearingClosed { note: None }))?;

    if options.translations {
        clock.advance(TimeDelta::minutes(2));
        for (target_seq, fields) in grouped(&translations) {
            step(
                &mut j,
                1,
                Body::Translation(Translation {
                    target_seq,
                    language: lang.other(),
                    fields,
                }),
            )?;
        }
    }
    // The demo court's certificates are valid around the real date, so a demo made today also
    // seals at a time within them.
    clock.advance(TimeDelta::minutes(5));
    let opened = opening(lang);
    let court = make_demo_court(
        keys_dir,
        &opened.judge,
        &opened.secretary,
        &demo_court_name(),
        clock.now(),
    )?;
    let (judge, secretary, trust) = court.signers()?;
    j.seal(&judge, &secretary, &trust)?;
    Ok(DemoHearing {
        journal: j.path().to_path_buf(),
        court,
        language: lang,
        warning_seq,
        coao653_seq,
        removal_seq,
    })
}

/// One translation entry per translated entry, its fields together.
fn grouped(list: &[(u64, &'static str, &'static str)]) -> Vec<(u64, BTreeMap<String, String>)> {
    let mut out: Vec<(u64, BTreeMap<String, String>)> = Vec::new();
    for (seq, field, text) in list {
        match out.iter_mut().find(|(s, _)| s == seq) {
            Some((_, fields)) => {
                fields.insert((*field).into(), (*text).into());
            }
            None => out.push((*seq, BTreeMap::from([((*field).into(), (*text).into())]))),
        }
    }
    out
}

/// The demo court's name, as its authority's certificate gives it.
pub fn demo_court_name() -> CourtName {
    CourtName {
        kk: "Алматы қаласы Алмалы аудандық соты".into(),
        ru: "Алмалинский районный суд города Алматы".into(),
        bin: None,
    }
}

fn opening(lang: Lang) -> HearingOpened {
    let (t, other) = (texts(lang), texts(lang.other()));
    HearingOpened {
        hearing_id: "demo-1".into(),
        court: t.court.into(),
        judge: "Ахметова Айгуль Болатовна".into(),
        secretary: "Сейткали Дана Ерлановна".into(),
        case_number: "2-1234/2026".into(),
        case_kind: CaseKind::Civil,
        instance: Instance::First,
        language: lang,
        online: false,
        recording: Some("2-1234-2026_2026-11-24_zal-5.mp4".into()),
        place: Some(t.place.into()),
        court_other: Some(other.court.into()),
        place_other: Some(other.place.into()),
    }
}

fn participants(t: &Texts) -> Vec<ParticipantAdded> {
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
            iin: Some("800501300126".into()),
            details: PersonDetails {
                birth_date: Some("1980-05-01".into()),
                birth_place: Some(t.birth_place.into()),
                residence: Some(t.address.into()),
                registration: Some(t.address.into()),
                id_document: Some(t.id_document.into()),
                workplace: Some(t.workplace.into()),
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

fn advice(
    incident_seq: u64,
    advice: &law::Advice,
    catalog: &Catalog,
    lang: Lang,
) -> Result<Body, DemoError> {
    let shown = law::report::report(advice, catalog, lang);
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
