//! Hearings that issue every kind of document the product makes: each CoAO 653 penalty, each
//! coercion ruling (removal and monetary penalty, civil, criminal and administrative), corrections
//! and remarks, a recording (short protocol) or none (full protocol). Every free text is given in
//! Kazakh and Russian: typed in the language of proceedings, and, when asked, recorded as a
//! translation into the other one. The measures are the engine's own options on the facts.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ::journal::entry::{
    AdviceShown, CaseKind, Correction, ExplanationHeard, HearingClosed, HearingOpened,
    IncidentRecorded, Instance, Lang, MeasureApplied, Note, ParticipantAdded, Penalty,
    PersonDetails, RemarkDecided, RemarkDecision, RemarkFiled, Translation,
};
use ::journal::{Body, FixedClock};
use ::law::{self, Catalog, Facts, Measure};
use ::store::Journal;
use chrono::TimeDelta;
use serde_json::{Value, json};

/// A text in both languages of documents.
#[derive(Clone, Copy)]
pub struct Both {
    pub kk: &'static str,
    pub ru: &'static str,
}

pub const fn both(kk: &'static str, ru: &'static str) -> Both {
    Both { kk, ru }
}

impl Both {
    fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Kk => self.kk,
            Lang::Ru | Lang::En => self.ru,
        }
    }
}

/// Writes one hearing entry by entry, keeping the other-language text of each free text.
pub struct Builder {
    journal: Journal,
    clock: FixedClock,
    lang: Lang,
    kind: CaseKind,
    catalog: Catalog,
    other: Vec<(u64, &'static str, &'static str)>,
}

const JUDGE: &str = "Серікбаева Әлия Маратқызы";
const SECRETARY: &str = "Петрова Анна Сергеевна";

const COURT: Both = both(
    "Астана қаласының № 2 аудандық соты",
    "Районный суд № 2 города Астаны",
);
const PLACE: Both = both(
    "Астана қ., Мәңгілік Ел даңғ., 8, № 3 зал",
    "г. Астана, пр. Мангилик Ел, 8, зал № 3",
);

impl Builder {
    pub fn new(dir: &Path, lang: Lang, kind: CaseKind, recording: bool) -> Builder {
        let clock = FixedClock::new(::journal::parse_time("2026-11-24T10:00:00+05:00").unwrap());
        let opened = HearingOpened {
            hearing_id: format!("{}-{}", kind_id(kind), lang.code()),
            court: COURT.get(lang).into(),
            judge: JUDGE.into(),
            secretary: SECRETARY.into(),
            case_number: format!("{}-77/2026", kind_id(kind).len()),
            case_kind: kind,
            instance: Instance::First,
            language: lang,
            online: !recording,
            recording: recording.then(|| "zal-3_2026-11-24.mp4".into()),
            place: Some(PLACE.get(lang).into()),
            court_other: Some(COURT.get(lang.other()).into()),
            place_other: Some(PLACE.get(lang.other()).into()),
        };
        let journal = Journal::create(dir, opened, Box::new(clock.clone())).unwrap();
        Builder {
            journal,
            clock,
            lang,
            kind,
            catalog: Catalog::builtin().unwrap(),
            other: Vec::new(),
        }
    }

    fn append(&mut self, body: Body) -> u64 {
        self.clock.advance(TimeDelta::minutes(1));
        self.journal.append(body).unwrap().seq
    }

    fn text(&mut self, seq: u64, field: &'static str, text: Both) {
        self.other.push((seq, field, text.get(self.lang.other())));
    }

    /// A participant; with `details`, the data a CoAO 653 ruling states.
    pub fn person(&mut self, id: &str, role: &str, name: &str, details: bool) {
        let residence = both(
            "Астана қ., Сарыарқа ауданы, Бейбітшілік к-сі, 12-үй, 4-пәтер",
            "г. Астана, район Сарыарка, ул. Бейбитшилик, д. 12, кв. 4",
        );
        let id_document = both(
            "жеке куәлік № 012345678, ҚР ІІМ 01.02.2020 берген",
            "удостоверение личности № 012345678, выдано МВД РК 01.02.2020",
        );
        let workplace = both("«Сарыарқа» ЖШС, есепші", "ТОО «Сарыарка», бухгалтер");
        let birth_place = both("Қарағанды қ.", "г. Караганда");
        let d = if details {
            PersonDetails {
                birth_date: Some("1985-03-14".into()),
                birth_place: Some(birth_place.get(self.lang).into()),
                residence: Some(residence.get(self.lang).into()),
                registration: Some(residence.get(self.lang).into()),
                id_document: Some(id_document.get(self.lang).into()),
                workplace: Some(workplace.get(self.lang).into()),
            }
        } else {
            PersonDetails::default()
        };
        let seq = self.append(Body::ParticipantAdded(ParticipantAdded {
            participant_id: id.into(),
            role: role.into(),
            name: name.into(),
            iin: details.then(|| "850314400565".into()),
            details: d,
        }));
        if details {
            self.text(seq, "details.birth_place", birth_place);
            self.text(seq, "details.residence", residence);
            self.text(seq, "details.registration", residence);
            self.text(seq, "details.id_document", id_document);
            self.text(seq, "details.workplace", workplace);
        }
    }

    pub fn note(&mut self, text: Both) -> u64 {
        let seq = self.append(Body::Note(Note {
            text: text.get(self.lang).into(),
            recording_offset_ms: None,
        }));
        self.text(seq, "text", text);
        seq
    }

    /// An incident with the engine's advice recorded after it; returns the incident's seq and
    /// the facts.
    pub fn incident(&mut self, person: &str, facts: Value, description: Both) -> (u64, Value) {
        let seq = self.append(Body::IncidentRecorded(IncidentRecorded {
            facts: facts.clone(),
            description: Some(description.get(self.lang).into()),
            participant_id: Some(person.into()),
            recording_offset_ms: None,
        }));
        self.text(seq, "description", description);
        let advice = self.advice(&facts);
        let shown = law::report::report(&advice, &self.catalog, Lang::Ru);
        self.append(Body::AdviceShown(AdviceShown {
            incident_seq: seq,
            advice: serde_json::to_value(&shown).unwrap(),
            catalog_version: self.catalog.version.clone(),
        }));
        (seq, facts)
    }

    fn advice(&self, facts: &Value) -> law::Advice {
        let f = Facts::from_json(&facts.to_string()).unwrap();
        f.validate(&self.catalog).unwrap();
        law::advise(&f, &self.catalog)
    }

    pub fn explain(&mut self, person: &str, incident: u64, summary: Both) {
        let seq = self.append(Body::ExplanationHeard(ExplanationHeard {
            participant_id: person.into(),
            summary: summary.get(self.lang).into(),
            incident_seq: Some(incident),
        }));
        self.text(seq, "summary", summary);
    }

    /// The measure as the engine offers it on the incident's facts (never a blocked one).
    pub fn apply(
        &mut self,
        incident: (u64, &Value),
        person: &str,
        measure: Measure,
        grounds: Both,
        penalty: Option<Penalty>,
    ) -> u64 {
        let advice = self.advice(incident.1);
        let opt = advice
            .option(measure)
            .filter(|o| o.status() != law::Status::Blocked)
            .unwrap_or_else(|| panic!("{measure:?} is not offered on {}", incident.1));
        let penalty = penalty.map(|mut p| {
            if p.fine_mci.is_some() {
                p.mci_kzt = advice.mci_kzt;
            }
            p
        });
        let seq = self.append(Body::MeasureApplied(MeasureApplied {
            measure_id: measure.id().into(),
            citations: opt.basis.clone(),
            act_form: opt.act.map(|a| a.id()).unwrap_or("protocol_entry").into(),
            grounds: grounds.get(self.lang).into(),
            incident_seq: Some(incident.0),
            participant_id: Some(person.into()),
            penalty,
        }));
        self.text(seq, "grounds", grounds);
        seq
    }

    pub fn correction(&mut self, target: u64, what: Both, why: Both) {
        let seq = self.append(Body::Correction(Correction {
            target_seq: target,
            what: what.get(self.lang).into(),
            why: why.get(self.lang).into(),
        }));
        self.text(seq, "what", what);
        self.text(seq, "why", why);
    }

    pub fn remark(&mut self, by: Both, text: Both, decision: Both) {
        let remark = self.append(Body::RemarkFiled(RemarkFiled {
            by: by.get(self.lang).into(),
            text: text.get(self.lang).into(),
        }));
        self.text(remark, "by", by);
        self.text(remark, "text", text);
        let seq = self.append(Body::RemarkDecided(RemarkDecided {
            remark_seq: remark,
            decision: RemarkDecision::Accepted,
            reasons: decision.get(self.lang).into(),
        }));
        self.text(seq, "reasons", decision);
    }

    pub fn close(&mut self) {
        self.append(Body::HearingClosed(HearingClosed { note: None }));
    }

    /// Record the translations of every free text so far into the other language.
    pub fn translate(&mut self) {
        let mut grouped: BTreeMap<u64, BTreeMap<String, String>> = BTreeMap::new();
        for (seq, field, text) in std::mem::take(&mut self.other) {
            grouped
                .entry(seq)
                .or_default()
                .insert(field.into(), text.into());
        }
        for (target_seq, fields) in grouped {
            let language = self.lang.other();
            self.append(Body::Translation(Translation {
                target_seq,
                language,
                fields,
            }));
        }
    }

    pub fn seal(mut self) -> PathBuf {
        // The fixed test court certifies the officials the opening names.
        self.clock.advance(TimeDelta::minutes(5));
        crate::journal::seal(&mut self.journal).unwrap();
        self.journal.path().to_path_buf()
    }

    /// Facts of an incident in this hearing's kind of case.
    pub fn facts(&self, role: &str, conduct: &str, o: FactsOpts) -> Value {
        json!({
            "case": {"kind": kind_id(self.kind), "instance": "first", "jury": false, "online": false},
            "incident": {"date": "2026-11-24", "where": "in_session", "conduct": conduct,
                         "criminal_signs": false, "aggravating_circumstances": o.aggravating},
            "person": {"role": role, "kind": "natural", "birth_date": "1985-03-14", "sex": "male",
                       "youngest_child_age": 20, "raises_children_alone": false,
                       "disability_group": "none", "permanent_resident": true,
                       "consents_to_community_service": o.consents},
            "history": {"warned_in_hearing": o.warned, "coao653_within_year": false,
                        "measures_for_this_act": []}
        })
    }
}

#[derive(Default, Clone, Copy)]
pub struct FactsOpts {
    pub aggravating: bool,
    pub consents: bool,
    pub warned: bool,
}

fn kind_id(kind: CaseKind) -> &'static str {
    match kind {
        CaseKind::Civil => "civil",
        CaseKind::Criminal => "criminal",
        CaseKind::Administrative => "administrative",
    }
}

const CONTEMPT: Both = both(
    "Жауапкер сот отырысы кезінде судьяның сөзін бөліп, залда дауыстап сөйледі.",
    "Ответчик во время заседания перебивал судью и громко разговаривал в зале.",
);
const OWN_EXPLANATION: Both = both(
    "Ол кешірім сұрап, бұдан былай тәртіп бұзбайтынын айтты.",
    "Он извинился и пообещал больше не нарушать порядок.",
);
const OTHER_EXPLANATION: Both = both(
    "Талапкер жауапкердің мінез-құлқы отырысқа кедергі келтіргенін айтты.",
    "Истец пояснил, что поведение ответчика мешало заседанию.",
);
const GROUNDS: Both = both(
    "Жауапкер ескертуден кейін де тәртіпті бұзуды жалғастырды.",
    "Ответчик продолжил нарушать порядок и после предупреждения.",
);

/// A civil hearing with each CoAO 653 penalty (on four incidents), a removal by a ruling, a
/// correction and remarks: every kind of CoAO 653 ruling and the civil coercion ruling.
pub fn civil(dir: &Path, lang: Lang, translate: bool) -> PathBuf {
    let mut b = Builder::new(dir, lang, CaseKind::Civil, true);
    b.person("p1", "plaintiff", "Нұрланов Ерлан Бекұлы", false);
    b.person("p2", "defendant", "Смирнов Олег Петрович", true);
    b.note(both(
        "Сот отырысы ашылды, тараптардың құқықтары түсіндірілді.",
        "Судебное заседание открыто, сторонам разъяснены права.",
    ));
    let plain = FactsOpts::default();
    let aggravating = FactsOpts {
        aggravating: true,
        consents: true,
        warned: true,
    };
    let penalties = [
        (Measure::Coao653Warning, plain, None),
        (
            Measure::Coao653Fine,
            aggravating,
            Some(Penalty {
                fine_mci: Some(20),
                ..Penalty::default()
            }),
        ),
        (
            Measure::Coao653CommunityService,
            aggravating,
            Some(Penalty {
                hours: Some(20),
                ..Penalty::default()
            }),
        ),
        (
            Measure::Coao653Arrest,
            aggravating,
            Some(Penalty {
                days: Some(3),
                ..Penalty::default()
            }),
        ),
    ];
    let mut first = None;
    for (measure, opts, penalty) in penalties {
        let facts = b.facts("defendant", "other_contempt", opts);
        let incident = b.incident("p2", facts, CONTEMPT);
        first.get_or_insert(incident.0);
        b.explain("p2", incident.0, OWN_EXPLANATION);
        b.explain("p1", incident.0, OTHER_EXPLANATION);
        b.apply((incident.0, &incident.1), "p2", measure, GROUNDS, penalty);
    }
    let facts = b.facts(
        "defendant",
        "breach_of_order",
        FactsOpts {
            warned: true,
            ..FactsOpts::default()
        },
    );
    let incident = b.incident("p2", facts, CONTEMPT);
    b.apply(
        (incident.0, &incident.1),
        "p2",
        Measure::Removal,
        GROUNDS,
        None,
    );
    b.close();
    if let Some(target) = first {
        b.correction(
            target,
            both(
                "Оқиға уақыты 10:05 деп оқылсын.",
                "Время события читать как 10:05.",
            ),
            both("Хатшы уақытты қате жазған.", "Секретарь ошибся во времени."),
        );
    }
    b.remark(
        both("Жауапкердің өкілі", "Представитель ответчика"),
        both(
            "Хаттамада жауапкердің кешірім сұрағаны көрсетілмеген.",
            "В протоколе не отражено, что ответчик извинился.",
        ),
        both(
            "Ескертулер аудиожазбамен расталды.",
            "Замечания подтверждены аудиозаписью.",
        ),
    );
    if translate {
        b.translate();
    }
    b.seal()
}

/// A criminal hearing: a monetary penalty on a witness and the removal of the defendant.
pub fn criminal(dir: &Path, lang: Lang, translate: bool) -> PathBuf {
    let mut b = Builder::new(dir, lang, CaseKind::Criminal, false);
    b.person("p1", "defendant", "Ахметов Руслан Серікұлы", true);
    b.person("p2", "witness", "Ли Виктор Андреевич", true);
    let facts = b.facts("witness", "breach_of_order", FactsOpts::default());
    let incident = b.incident("p2", facts, CONTEMPT);
    b.explain("p2", incident.0, OWN_EXPLANATION);
    b.apply(
        (incident.0, &incident.1),
        "p2",
        Measure::MonetaryPenalty,
        GROUNDS,
        Some(Penalty {
            fine_mci: Some(10),
            ..Penalty::default()
        }),
    );
    let facts = b.facts("defendant", "breach_of_order", FactsOpts::default());
    let incident = b.incident("p1", facts, CONTEMPT);
    b.apply(
        (incident.0, &incident.1),
        "p1",
        Measure::Removal,
        GROUNDS,
        None,
    );
    b.close();
    if translate {
        b.translate();
    }
    b.seal()
}

/// An administrative (APPC) hearing: a monetary penalty on the claimant.
pub fn administrative(dir: &Path, lang: Lang, translate: bool) -> PathBuf {
    let mut b = Builder::new(dir, lang, CaseKind::Administrative, true);
    b.person("p1", "claimant", "Омаров Дәурен Асқарұлы", true);
    let facts = b.facts(
        "claimant",
        "disobedience",
        FactsOpts {
            warned: true,
            ..FactsOpts::default()
        },
    );
    let incident = b.incident("p1", facts, CONTEMPT);
    b.explain("p1", incident.0, OWN_EXPLANATION);
    b.apply(
        (incident.0, &incident.1),
        "p1",
        Measure::MonetaryPenalty,
        GROUNDS,
        Some(Penalty {
            fine_mci: Some(20),
            ..Penalty::default()
        }),
    );
    b.close();
    if translate {
        b.translate();
    }
    b.seal()
}
