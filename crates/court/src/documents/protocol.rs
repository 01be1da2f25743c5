//! The data of the protocol as a document: every entry in order, in words, with corrections and
//! remarks shown as what they are (later entries pointing back), the seals and the head hash.
//! With a recording it is the short protocol (CPC 282(4); CrPC 347-1(2)): the file name heads it.

use serde_json::{Value, json};

use super::data::{
    binding, clock_time, group_digits, heading, kind_label, long_date, pdf_title, role_name,
    role_of_signer, signers, term,
};
use super::wording::Wording;
use super::{DocumentError, DocumentKind, Prepared};
use crate::hearing::Hearing;
use journal::Body;
use journal::entry::{Lang, RemarkDecision};
use law::Catalog;
use law::citation::cite;

/// Prepare the protocol of a hearing as signed at its latest seal; entries after that seal
/// (documents issued since, say) wait for the next seal. In the other language than that of
/// proceedings it is a translation, refused while any text it prints lacks one.
pub fn prepare_protocol(h: &Hearing, lang: Lang, cat: &Catalog) -> Result<Prepared, DocumentError> {
    let lang = super::act_language(lang)?;
    let Some((seal, _)) = h.last_seal() else {
        return Err(DocumentError::NotSealed(
            h.entries.last().map_or(0, |e| e.seq),
        ));
    };
    let last = seal.seq;
    let signed = |seq: u64| seq <= last;
    // The protocol prints every entry. A value the law cannot mean refuses it — unless a signed
    // correction of that entry records the mistake (CPC 283(5)): after the close a recorded
    // value cannot change, and the correction is how the protocol answers for it.
    let problems: Vec<_> = crate::validity::check(cat, h.entries.iter().filter(|e| signed(e.seq)))
        .into_iter()
        .filter(|p| !h.corrections_of(p.seq).iter().any(|(c, _)| signed(c.seq)))
        .collect();
    if !problems.is_empty() {
        return Err(DocumentError::Invalid {
            kind: DocumentKind::Protocol.id(),
            problems,
        });
    }
    let w = Wording::new(h, lang);
    let entries: Vec<Value> = h
        .entries
        .iter()
        .filter(|e| signed(e.seq))
        .map(|e| {
            json!({
                "seq": e.seq,
                "time": clock_time(e.time),
                "date": long_date(e.time.date_naive(), lang),
                "kind": e.kind.as_str(),
                "label": kind_label(e.kind, lang),
                "text": e.body.as_ref().map(|b| summary(e.seq, b, h, cat, lang, &w)).unwrap_or_default(),
                "hash": e.hash.to_hex(),
                "corrected_by": h.corrections_of(e.seq).iter().map(|(c, _)| c.seq).filter(|s| signed(*s)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let participants: Vec<Value> = h
        .participants
        .iter()
        .map(|p| json!({"id": p.id, "name": p.name, "role_name": role_name(cat, h.opened.case_kind, &p.role, lang)}))
        .collect();
    let seals: Vec<Value> = h
        .entries
        .iter()
        .filter(|e| signed(e.seq))
        .filter_map(|e| match &e.body {
            Some(Body::Sealed(s)) => Some(json!({
                "seq": e.seq,
                "time": clock_time(e.time),
                "date": long_date(e.time.date_naive(), lang),
                "count": s.count(),
                "head": s.head().map(|h| h.to_hex()),
                "signers": signers(&s.recorded_signers(), lang),
            })),
            _ => None,
        })
        .collect();
    let all: Vec<u64> = (1..=last).collect();
    let data = json!({
        "document": {"kind": "protocol", "lang": lang.code()},
        "heading": heading(h, cat, lang, &w),
        "short": h.opened.recording.is_some(),
        "participants": participants,
        "entries": entries,
        "seals": seals,
        "binding": {
            "journal": binding(h, &[], lang)["journal"],
            "head": seal.hash.to_hex(),
            "count": last,
        },
    });
    // The protocol rests on every entry anyway, the translations among them.
    let (missing, _) = w.finish();
    if !missing.is_empty() {
        return Err(DocumentError::Missing {
            kind: DocumentKind::Protocol.id(),
            missing,
        });
    }
    let title = match lang {
        Lang::Ru | Lang::En => "Протокол судебного заседания",
        Lang::Kk => "Сот отырысының хаттамасы",
    };
    Ok(Prepared {
        kind: DocumentKind::Protocol,
        lang,
        data,
        basis: all,
        measure_seq: None,
        title: pdf_title(h, lang, title),
    })
}

/// One entry in words, in the document's language: free text as recorded (or its recorded
/// translation), ids as names, terms and citations from the catalog.
fn summary(seq: u64, body: &Body, h: &Hearing, cat: &Catalog, lang: Lang, w: &Wording) -> String {
    let l = lang;
    let kk = lang == Lang::Kk;
    let who = |id: &str| {
        h.participant(id)
            .map_or_else(|| id.to_string(), |p| p.name.clone())
    };
    match body {
        Body::HearingOpened(o) => format!("{} — {}", w.court(), o.case_number),
        Body::ParticipantAdded(p) => format!(
            "{} — {}",
            p.name,
            role_name(cat, h.opened.case_kind, &p.role, l)
        ),
        Body::ParticipantUpdated(u) => who(&u.participant_id),
        Body::ParticipantLeft(p) => match &p.reason {
            Some(r) => format!("{}: {}", who(&p.participant_id), w.text(seq, "reason", r)),
            None => who(&p.participant_id),
        },
        Body::Note(n) => w.text(seq, "text", &n.text),
        Body::Recess(r) => w
            .opt(seq, "reason", r.reason.as_deref())
            .unwrap_or_default(),
        Body::Resumed(_) | Body::HearingClosed(_) => String::new(),
        Body::IncidentRecorded(i) => {
            let conduct = i
                .facts
                .pointer("/incident/conduct")
                .and_then(Value::as_str)
                .map(|c| term(cat, "conduct", c, l))
                .unwrap_or_default();
            let person = i.participant_id.as_deref().map(who).unwrap_or_default();
            let text = w
                .opt(seq, "description", i.description.as_deref())
                .unwrap_or_default();
            format!("{person}: {conduct}. {text}")
        }
        Body::AdviceShown(a) => {
            let short = a.catalog_version.get(..12).unwrap_or(&a.catalog_version);
            if kk {
                format!(
                    "Судьяға заң бойынша шаралардың нұсқалары көрсетілді (нормалар каталогының нұсқасы {short})."
                )
            } else {
                format!("Судье показаны варианты мер по закону (версия каталога норм {short}).")
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
                w.text(seq, "grounds", &m.grounds)
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
        Body::ExplanationHeard(x) => format!(
            "{}: {}",
            who(&x.participant_id),
            w.text(seq, "summary", &x.summary)
        ),
        Body::RulingIssued(r) => {
            let name = document_name(&r.document_kind, lang);
            let how = issued_language(r.language, h.opened.language, lang);
            let hash = r.pdf_sha256.to_hex();
            if kk {
                format!("{name} ({how}); құжат файлының хеші {hash}")
            } else {
                format!("{name} ({how}); хеш файла документа {hash}")
            }
        }
        Body::Correction(c) => {
            let what = w.text(seq, "what", &c.what);
            let why = w.text(seq, "why", &c.why);
            if kk {
                format!("№ {} жазбаға: {what} Себебі: {why}", c.target_seq)
            } else {
                format!("К записи № {}: {what} Причина: {why}", c.target_seq)
            }
        }
        Body::Translation(t) => {
            let language = match (t.language, kk) {
                (Lang::Kk, true) => "қазақ тіліне",
                (Lang::Ru | Lang::En, true) => "орыс тіліне",
                (Lang::Kk, false) => "на казахский язык",
                (Lang::Ru | Lang::En, false) => "на русский язык",
            };
            if kk {
                format!(
                    "№ {} жазбаның {language} аудармасы енгізілді.",
                    t.target_seq
                )
            } else {
                format!("Внесён перевод записи № {} {language}.", t.target_seq)
            }
        }
        Body::RemarkFiled(r) => format!(
            "{}: {}",
            w.text(seq, "by", &r.by),
            w.text(seq, "text", &r.text)
        ),
        Body::RemarkDecided(r) => {
            let decision = match (r.decision, kk) {
                (RemarkDecision::Accepted, true) => "ескертулердің дұрыстығы куәландырылды",
                (RemarkDecision::Accepted, false) => "правильность замечаний удостоверена",
                (RemarkDecision::Rejected, true) => "ескертулер қабылданбады",
                (RemarkDecision::Rejected, false) => "замечания отклонены",
            };
            format!(
                "№ {}: {decision}. {}",
                r.remark_seq,
                w.text(seq, "reasons", &r.reasons)
            )
        }
        Body::Recovered(r) => {
            let hash = r.dropped_sha256.to_hex();
            if kk {
                format!(
                    "Журналдың зақымдалған соңы кесілді: {} байт, хеші {hash}",
                    r.dropped_bytes
                )
            } else {
                format!(
                    "Отрезан повреждённый конец журнала: {} байт, хеш {hash}",
                    r.dropped_bytes
                )
            }
        }
        Body::Sealed(s) => s
            .recorded_signers()
            .iter()
            .map(|x| format!("{} ({})", x.name, role_of_signer(x.role, lang)))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// A document kind as the protocol names it.
fn document_name(kind: &str, lang: Lang) -> &'static str {
    let (kk, ru) = match kind {
        "coao653_ruling" => (
            "ӘҚБтК 653-бабы бойынша қаулы",
            "Постановление по ст. 653 КоАП РК",
        ),
        "coercion_ruling" => (
            "Процестік мәжбүрлеу шарасы туралы акт",
            "Акт о мере процессуального принуждения",
        ),
        "protocol" => ("Сот отырысының хаттамасы", "Протокол судебного заседания"),
        _ => ("Сот актісі", "Судебный акт"),
    };
    match lang {
        Lang::Kk => kk,
        Lang::Ru | Lang::En => ru,
    }
}

/// "қазақ тілінде" / "орыс тіліне аударма": the language a document was issued in.
fn issued_language(issued: Lang, proceedings: Lang, lang: Lang) -> &'static str {
    let translation = issued != proceedings;
    match (issued, translation, lang) {
        (Lang::Kk, false, Lang::Kk) => "қазақ тілінде",
        (Lang::Ru | Lang::En, false, Lang::Kk) => "орыс тілінде",
        (Lang::Kk, true, Lang::Kk) => "қазақ тіліне аударма",
        (Lang::Ru | Lang::En, true, Lang::Kk) => "орыс тіліне аударма",
        (Lang::Kk, false, Lang::Ru | Lang::En) => "на казахском языке",
        (Lang::Ru | Lang::En, false, Lang::Ru | Lang::En) => "на русском языке",
        (Lang::Kk, true, Lang::Ru | Lang::En) => "перевод на казахский язык",
        (Lang::Ru | Lang::En, true, Lang::Ru | Lang::En) => "перевод на русский язык",
    }
}
