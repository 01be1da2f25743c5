//! The data of the protocol as a document: every entry in order, in words, with corrections and
//! remarks shown as what they are (later entries pointing back), the seals and the head hash.
//! With a recording it is the short protocol (CPC 282(4); CrPC 347-1(2)): the file name heads it.

use serde_json::{Value, json};

use super::data::{binding, clock_time, group_digits, heading, long_date, role_name, term};
use super::{DocLang, DocumentError, DocumentKind, Prepared};
use crate::hearing::Hearing;
use journal::Body;
use journal::entry::RemarkDecision;
use law::Catalog;
use law::citation::cite;

/// Prepare the protocol of a hearing as signed at its latest seal; entries after that seal
/// (documents issued since, say) wait for the next seal.
pub fn prepare_protocol(
    h: &Hearing,
    lang: DocLang,
    cat: &Catalog,
) -> Result<Prepared, DocumentError> {
    let Some((seal, _)) = h.last_seal() else {
        return Err(DocumentError::NotSealed(
            h.entries.last().map_or(0, |e| e.seq),
        ));
    };
    let last = seal.seq;
    let signed = |seq: u64| seq <= last;
    let entries: Vec<Value> = h
        .entries
        .iter()
        .filter(|e| signed(e.seq))
        .map(|e| {
            json!({
                "seq": e.seq,
                "time": clock_time(e.time),
                "date": long_date(e.time.date(), lang),
                "kind": e.kind.as_str(),
                "label": label(e.kind.as_str(), lang),
                "text": e.body.as_ref().map(|b| summary(b, h, cat, lang)).unwrap_or_default(),
                "hash": e.hash.to_hex(),
                "corrected_by": h.corrections_of(e.seq).iter().map(|(c, _)| c.seq).filter(|s| signed(*s)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let participants: Vec<Value> = h
        .participants
        .iter()
        .map(|p| json!({"id": p.id, "name": p.name, "role_name": role_name(cat, h.opened.case_kind, &p.role, lang.lang())}))
        .collect();
    let seals: Vec<Value> = h
        .entries
        .iter()
        .filter(|e| signed(e.seq))
        .filter_map(|e| match &e.body {
            Some(Body::Sealed(s)) => Some(json!({
                "seq": e.seq,
                "time": clock_time(e.time),
                "date": long_date(e.time.date(), lang),
                "count": s.count(),
                "head": s.head().map(|h| h.to_hex()),
                "signers": s.recorded_signers().iter().map(|x| json!({"role": x.role.as_str(), "name": x.name, "public_key": x.key})).collect::<Vec<_>>(),
            })),
            _ => None,
        })
        .collect();
    let all: Vec<u64> = (1..=last).collect();
    let data = json!({
        "document": {"kind": "protocol", "lang": lang.id()},
        "heading": heading(h, cat, lang),
        "short": h.opened.recording.is_some(),
        "participants": participants,
        "entries": entries,
        "seals": seals,
        "binding": {
            "journal": binding(h, &[])["journal"],
            "head": seal.hash.to_hex(),
            "count": last,
        },
    });
    let title = match lang {
        DocLang::Ru => "Протокол судебного заседания",
        DocLang::Kk => "Сот отырысының хаттамасы",
    };
    Ok(Prepared {
        kind: DocumentKind::Protocol,
        lang,
        data,
        basis: all,
        measure_seq: None,
        title: format!("{title} — {}", h.opened.case_number),
    })
}

/// The heading of an entry kind in the protocol.
fn label(kind: &str, lang: DocLang) -> &'static str {
    let (kk, ru) = match kind {
        "hearing_opened" => ("Отырыс ашылды", "Заседание открыто"),
        "participant_added" => ("Қатысушы", "Участник"),
        "participant_updated" => ("Қатысушы туралы мәліметтер", "Сведения об участнике"),
        "participant_left" => ("Қатысушы залдан шықты", "Участник покинул зал"),
        "note" => ("Жазба", "Запись"),
        "recess" => ("Үзіліс", "Перерыв"),
        "resumed" => ("Отырыс жалғасты", "Заседание продолжено"),
        "incident_recorded" => (
            "Тәртіп бұзу / сотты құрметтемеу",
            "Нарушение порядка / неуважение к суду",
        ),
        "advice_shown" => ("Жүйенің анықтамасы", "Справка системы"),
        "measure_applied" => ("Қолданылған шара", "Применённая мера"),
        "explanation_heard" => ("Түсініктеме", "Объяснение"),
        "ruling_issued" => ("Сот актісі шығарылды", "Вынесен судебный акт"),
        "correction" => ("Түзету", "Исправление"),
        "remark_filed" => ("Хаттамаға ескертулер", "Замечания на протокол"),
        "remark_decided" => ("Ескертулер бойынша шешім", "Решение по замечаниям"),
        "hearing_closed" => ("Отырыс жабылды", "Заседание закрыто"),
        "recovered" => ("Журнал қалпына келтірілді", "Журнал восстановлен"),
        "sealed" => ("Қол қойылды", "Подписано"),
        _ => ("", ""),
    };
    match lang {
        DocLang::Kk => kk,
        DocLang::Ru => ru,
    }
}

/// One entry in words. Free text is given as recorded; ids become names.
fn summary(body: &Body, h: &Hearing, cat: &Catalog, lang: DocLang) -> String {
    let l = lang.lang();
    let kk = lang == DocLang::Kk;
    let who = |id: &str| {
        h.participant(id)
            .map_or_else(|| id.to_string(), |p| p.name.clone())
    };
    match body {
        Body::HearingOpened(o) => format!("{} — {}", o.court, o.case_number),
        Body::ParticipantAdded(p) => format!(
            "{} — {}",
            p.name,
            role_name(cat, h.opened.case_kind, &p.role, l)
        ),
        Body::ParticipantUpdated(u) => who(&u.participant_id),
        Body::ParticipantLeft(p) => match &p.reason {
            Some(r) => format!("{}: {r}", who(&p.participant_id)),
            None => who(&p.participant_id),
        },
        Body::Note(n) => n.text.clone(),
        Body::Recess(r) => r.reason.clone().unwrap_or_default(),
        Body::Resumed(_) | Body::HearingClosed(_) => String::new(),
        Body::IncidentRecorded(i) => {
            let conduct = i
                .facts
                .pointer("/incident/conduct")
                .and_then(Value::as_str)
                .map(|c| term(cat, "conduct", c, l))
                .unwrap_or_default();
            let person = i.participant_id.as_deref().map(who).unwrap_or_default();
            let text = i.description.clone().unwrap_or_default();
            format!("{person}: {conduct}. {text}")
        }
        Body::AdviceShown(a) => {
            let short = a.catalog_version.get(..12).unwrap_or(&a.catalog_version);
            if kk {
                format!(
                    "Судьяға заң бойынша шаралар нұсқалары көрсетілді (каталог нұсқасы {short})."
                )
            } else {
                format!("Судье показаны варианты мер по закону (версия каталога {short}).")
            }
        }
        Body::MeasureApplied(m) => {
            let mut text = format!(
                "{} ({}). {}",
                term(cat, "measure", &m.measure_id, l),
                m.citations
                    .iter()
                    .map(|c| cite(cat, c, l))
                    .collect::<Vec<_>>()
                    .join("; "),
                m.grounds
            );
            if let Some(p) = m.penalty {
                if let (Some(mci), Some(kzt)) = (p.fine_mci, p.fine_kzt()) {
                    // PT Serif has no ₸ sign: documents spell the currency out.
                    let unit = term(cat, "unit", "mci", l);
                    let tenge = if kk { "теңге" } else { "тенге" };
                    text.push_str(&format!(" {mci} {unit} = {} {tenge}.", group_digits(kzt)));
                }
                if let Some(hours) = p.hours {
                    text.push_str(&format!(" {hours} {}.", term(cat, "unit", "hours", l)));
                }
                if let Some(days) = p.days {
                    text.push_str(&format!(" {days} {}.", term(cat, "unit", "days", l)));
                }
            }
            if let Some(p) = m.participant_id.as_deref() {
                text = format!("{}: {text}", who(p));
            }
            text
        }
        Body::ExplanationHeard(x) => format!("{}: {}", who(&x.participant_id), x.summary),
        Body::RulingIssued(r) => format!(
            "{} ({}), SHA-256 {}",
            r.document_kind,
            match r.language {
                journal::entry::Language::Kk => "kk",
                journal::entry::Language::Ru => "ru",
            },
            r.pdf_sha256.to_hex()
        ),
        Body::Correction(c) => {
            if kk {
                format!("№ {} жазбаға: {} Себебі: {}", c.target_seq, c.what, c.why)
            } else {
                format!("К записи № {}: {} Причина: {}", c.target_seq, c.what, c.why)
            }
        }
        Body::RemarkFiled(r) => format!("{}: {}", r.by, r.text),
        Body::RemarkDecided(r) => {
            let decision = match (r.decision, kk) {
                (RemarkDecision::Accepted, true) => "ескертулер куәландырылды",
                (RemarkDecision::Accepted, false) => "замечания удостоверены",
                (RemarkDecision::Rejected, true) => "ескертулер қабылданбады",
                (RemarkDecision::Rejected, false) => "замечания отклонены",
            };
            format!("№ {}: {decision}. {}", r.remark_seq, r.reasons)
        }
        Body::Recovered(r) => format!(
            "{} B, SHA-256 {}",
            r.dropped_bytes,
            r.dropped_sha256.to_hex()
        ),
        Body::Sealed(s) => s
            .recorded_signers()
            .iter()
            .map(|x| format!("{} ({})", x.name, x.role.as_str()))
            .collect::<Vec<_>>()
            .join(", "),
    }
}
