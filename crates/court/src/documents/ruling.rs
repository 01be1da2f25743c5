//! The data of a ruling about one applied measure: the separate reasoned ruling under CoAO 653
//! (CoAO 829-14(3) → 822(1)) or a coercion measure's ruling (CPC 188(2), CrPC 346(3), APPC 127).
//!
//! The appeal route, deadline and act form come from the law engine, run again on the facts the
//! protocol recorded; the article and part are the ones the judge applied.

use serde_json::{Value, json};

use super::data::{
    binding, clock_time, group_digits, heading, long_date, number_words, person, term,
};
use super::lack::{Detail, Lack};
use super::wording::Wording;
use super::{DocumentError, DocumentKind, Prepared};
use crate::hearing::{Hearing, MeasureView};
use journal::entry::{CaseKind, Penalty};
use law::citation::cite;
use law::report::{OptionOut, report};
use law::{self, Catalog, Lang, Measure};

/// Prepare the ruling on the measure recorded at `seq`, or say why it cannot be issued.
pub fn prepare_ruling(
    h: &Hearing,
    seq: u64,
    lang: Lang,
    cat: &Catalog,
) -> Result<Prepared, DocumentError> {
    let lang = super::act_language(lang)?;
    let view = h.measure(seq).ok_or(DocumentError::NotAMeasure(seq))?;
    let measure = Measure::from_id(&view.measure.measure_id);
    let Some(kind) = crate::acts::document_for(&view.measure.measure_id, &view.measure.act_form)
    else {
        return Err(DocumentError::NoRuling {
            seq,
            measure: view.measure.measure_id.clone(),
            basis: view.measure.citations.join(", "),
        });
    };
    let basis = view.basis_seqs();
    let newest = basis.iter().copied().max().unwrap_or(seq);
    let sealed_to = h.last_seal().and_then(|(_, s)| s.count()).unwrap_or(0);
    if newest > sealed_to {
        return Err(DocumentError::NotSealed(newest));
    }
    let missing = missing(h, &view, kind, measure);
    if !missing.is_empty() {
        return Err(DocumentError::Missing {
            kind: kind.id(),
            missing,
        });
    }
    // A ruling prints what it rests on; every value there must be one the law can mean.
    let problems: Vec<_> = crate::validity::check(cat, &h.entries)
        .into_iter()
        .filter(|p| basis.contains(&p.seq))
        .collect();
    if !problems.is_empty() {
        return Err(DocumentError::Invalid {
            kind: kind.id(),
            problems,
        });
    }
    let option = engine_option(&view, measure, cat, lang)?;
    let l = lang;
    let w = Wording::new(h, lang);
    let m = view.measure;
    let penalty = m.penalty.unwrap_or_default();
    let person_value = view
        .participant
        .map(|p| person(p, h, cat, lang, &w))
        .unwrap_or(Value::Null);
    let person_id = view.participant.map(|p| p.id.as_str());
    let explanations: Vec<Value> = view
        .explanations
        .iter()
        .map(|(e, x)| {
            let who = h.participant(&x.participant_id);
            json!({
                "seq": e.seq,
                "name": who.map(|p| p.name.as_str()).unwrap_or(x.participant_id.as_str()),
                "role_name": who.map(|p| super::data::role_name(cat, h.opened.case_kind, &p.role, l)),
                "summary": w.text(e.seq, "summary", &x.summary),
                "is_person": Some(x.participant_id.as_str()) == person_id,
            })
        })
        .collect();
    let (incident_entry, incident) = view
        .incident
        .map(|(e, i)| (Some(e), Some(i)))
        .unwrap_or_default();
    let conduct = incident
        .and_then(|i| i.facts.pointer("/incident/conduct"))
        .and_then(Value::as_str)
        .map(|c| term(cat, "conduct", c, l));
    let coao653_part = m.citations.iter().find_map(|c| {
        c.strip_prefix("CoAO 653(")?
            .strip_suffix(')')?
            .parse::<u8>()
            .ok()
    });
    let day = view.entry.time.date_naive();
    let data = json!({
        "document": {"kind": kind.id(), "lang": lang.code()},
        "heading": heading(h, cat, lang, &w),
        "date": long_date(day, lang),
        "measure_time": clock_time(view.entry.time),
        "person": person_value,
        "incident": {
            "seq": incident_entry.map(|e| e.seq),
            "date": incident_entry.map(|e| long_date(e.time.date_naive(), lang)),
            "time": incident_entry.map(|e| clock_time(e.time)),
            "description": incident_entry.zip(incident).and_then(|(e, i)| w.opt(e.seq, "description", i.description.as_deref())),
            "conduct": conduct,
        },
        "explanations": explanations,
        "measure": {
            "seq": view.entry.seq,
            "id": m.measure_id,
            "name": term(cat, "measure", &m.measure_id, l),
            "act_name": option.act_name,
            "citations": m.citations.iter().map(|c| cite(cat, c, l)).collect::<Vec<_>>(),
            "coao653_part": coao653_part,
            "grounds": w.text(view.entry.seq, "grounds", &m.grounds),
        },
        "penalty": penalty_data(&penalty, measure, lang),
        "appeal": option.appeal.as_ref().map(|a| json!({
            "route": a.route,
            "text": a.text,
            "deadline": a.deadline.as_ref().map(|d| json!({
                "count": d.count,
                "unit": term(cat, "unit", &d.unit, l),
                "from": term(cat, "deadline_from", &d.from, l),
            })),
            "suspends": a.suspends,
            "basis": a.basis.iter().map(|c| cite(cat, c, l)).collect::<Vec<_>>(),
        })),
        "payment": payment(measure, h.opened.case_kind, cat, l),
        "corrections": corrections(h, &basis, &w),
        "binding": binding(h, &basis, lang),
        "catalog_version": cat.version,
    });
    let (untranslated, used) = w.finish();
    if !untranslated.is_empty() {
        return Err(DocumentError::Missing {
            kind: kind.id(),
            missing: untranslated,
        });
    }
    // A translated ruling rests on the translations it prints as well, so they must be sealed
    // and travel in its excerpt.
    if let Some(newest) = used.iter().copied().max().filter(|s| *s > sealed_to) {
        return Err(DocumentError::NotSealed(newest));
    }
    let mut data = data;
    let mut basis = basis;
    if !used.is_empty() {
        basis.extend(used);
        basis.sort_unstable();
        basis.dedup();
        data["binding"] = binding(h, &basis, lang);
    }
    let title = match (kind, lang) {
        (DocumentKind::Coao653Ruling, Lang::Ru | Lang::En) => "Постановление (ст. 653 КоАП РК)",
        (DocumentKind::Coao653Ruling, Lang::Kk) => "Қаулы (ҚР ӘҚБтК 653-бабы)",
        (_, Lang::Ru | Lang::En) => {
            "Определение (постановление) о мере процессуального принуждения"
        }
        (_, Lang::Kk) => "Процестік мәжбүрлеу шарасы туралы сот актісі",
    };
    Ok(Prepared {
        kind,
        lang,
        data,
        basis,
        measure_seq: Some(seq),
        title: super::data::pdf_title(h, lang, title),
    })
}

/// Everything the law requires that the protocol does not hold, in words a secretary can act on.
fn missing(
    h: &Hearing,
    view: &MeasureView<'_>,
    kind: DocumentKind,
    measure: Option<Measure>,
) -> Vec<Lack> {
    let mut out = Vec::new();
    let blank = |s: Option<&str>| s.is_none_or(|s| s.trim().is_empty());
    if blank(Some(&h.opened.court)) || blank(Some(&h.opened.judge)) {
        out.push(Lack::CourtAndJudge);
    }
    if kind == DocumentKind::Coao653Ruling && blank(h.opened.place.as_deref()) {
        out.push(Lack::Place);
    }
    let Some(p) = view.participant else {
        out.push(Lack::Person);
        return out;
    };
    if blank(Some(&p.name)) {
        out.push(Lack::FullName(p.id.clone()));
    }
    if kind == DocumentKind::Coao653Ruling {
        let d = &p.details;
        let fields = [
            (Detail::Iin, p.iin.as_deref()),
            (Detail::BirthDate, d.birth_date.as_deref()),
            (Detail::Residence, d.residence.as_deref()),
            (Detail::Registration, d.registration.as_deref()),
            (Detail::IdDocument, d.id_document.as_deref()),
            (Detail::Workplace, d.workplace.as_deref()),
        ];
        for (what, value) in fields {
            if blank(value) {
                out.push(Lack::Detail(p.id.clone(), what));
            }
        }
        let heard = view
            .explanations
            .iter()
            .any(|(_, x)| x.participant_id == p.id);
        if !heard {
            out.push(Lack::Explanation(p.id.clone()));
        }
    }
    match view.incident {
        None => out.push(Lack::Incident),
        Some((_, i)) if blank(i.description.as_deref()) => out.push(Lack::Circumstances),
        Some(_) => {}
    }
    if blank(Some(&view.measure.grounds)) {
        out.push(Lack::Grounds);
    }
    let penalty = view.measure.penalty.unwrap_or_default();
    let amount = match measure {
        Some(Measure::Coao653Fine | Measure::MonetaryPenalty) => {
            penalty.fine_mci.is_none() || penalty.mci_kzt.is_none()
        }
        Some(Measure::Coao653CommunityService) => penalty.hours.is_none(),
        Some(Measure::Coao653Arrest) => penalty.days.is_none(),
        _ => false,
    };
    if amount {
        out.push(Lack::Penalty);
    }
    out
}

/// The engine's option for this measure on the recorded facts, in the document's language.
fn engine_option(
    view: &MeasureView<'_>,
    measure: Option<Measure>,
    cat: &Catalog,
    lang: Lang,
) -> Result<OptionOut, DocumentError> {
    let refuse = |what: Lack| DocumentError::Missing {
        kind: "ruling",
        missing: vec![what],
    };
    let (_, incident) = view.incident.ok_or_else(|| refuse(Lack::Incident))?;
    let advice = crate::hearing::advice::readvise(incident, cat).map_err(|e| match e {
        crate::hearing::advice::ReadviseError::Facts(why) => refuse(Lack::Facts(why)),
        other => refuse(Lack::Facts(other.to_string())),
    })?;
    let shown = report(&advice, cat, lang);
    let id = measure.map_or("", Measure::id);
    shown
        .options
        .into_iter()
        .find(|o| o.measure == id)
        .ok_or_else(|| refuse(Lack::Measure(id.into())))
}

fn penalty_data(p: &Penalty, measure: Option<Measure>, lang: Lang) -> Value {
    let kind = match measure {
        Some(Measure::Coao653Warning) => "warning",
        Some(Measure::Coao653Fine) => "fine",
        Some(Measure::Coao653CommunityService) => "community_service",
        Some(Measure::Coao653Arrest) => "arrest",
        Some(Measure::MonetaryPenalty) => "monetary_penalty",
        Some(Measure::Removal) => "removal",
        _ => "other",
    };
    json!({
        "kind": kind,
        "fine_mci": p.fine_mci,
        // Acts write an amount in figures and words: "20 (жиырма) АЕК", "20 (двадцать) МРП".
        "fine_mci_words": p.fine_mci.and_then(|n| number_words(n, lang)),
        "mci_kzt": p.mci_kzt.map(|k| group_digits(u64::from(k))),
        "fine_kzt": p.fine_kzt().map(group_digits),
        "hours": p.hours,
        "days": p.days,
    })
}

/// When a fine is to be paid: CoAO 893(1) for art. 653; the CrPC and APPC terms otherwise.
fn payment(measure: Option<Measure>, case: CaseKind, cat: &Catalog, lang: law::Lang) -> Value {
    let deadline = |id: &str| {
        cat.deadline(id).map(|d| {
            json!({
                "count": d.count,
                "unit": term(cat, "unit", &d.unit, lang),
                "from": term(cat, "deadline_from", &d.from, lang),
                "basis": cite(cat, &d.basis, lang),
            })
        })
    };
    match measure {
        Some(Measure::Coao653Fine) => deadline("coao_fine_payment").unwrap_or(Value::Null),
        Some(Measure::MonetaryPenalty) if case == CaseKind::Criminal => {
            let d = cat.deadline("crpc_payment_deferral");
            json!({"deferral": d.map(|d| json!({"months": d.count, "basis": cite(cat, &d.basis, lang)}))})
        }
        Some(Measure::MonetaryPenalty) => {
            // APPC 127(7): reduction, deferral or instalments may be asked for within the term.
            let relief = cat.deadline("appc_relief_application").map(|d| {
                let unit = term(cat, "unit", &d.unit, lang);
                let from = term(cat, "deadline_from", &d.from, lang);
                let text = match lang {
                    law::Lang::Kk => format!("Ақшалай өндіріп алу салынған адам {from} {} {unit} ішінде оның мөлшерін азайту, орындауды кейінге қалдыру немесе бөліп төлеу туралы өтінішпен сотқа жүгінуге құқылы", d.count),
                    _ => format!("Лицо, на которое наложено денежное взыскание, вправе в течение {} {unit} {from} обратиться в суд с ходатайством об уменьшении его размера, отсрочке или рассрочке исполнения", d.count),
                };
                json!({"text": text, "basis": cite(cat, &d.basis, lang)})
            });
            json!({"relief": relief})
        }
        _ => Value::Null,
    }
}

/// Corrections recorded against the entries the ruling rests on: shown, never silently applied.
fn corrections(h: &Hearing, basis: &[u64], w: &Wording) -> Vec<Value> {
    basis
        .iter()
        .flat_map(|s| h.corrections_of(*s))
        .map(|(e, c)| {
            json!({
                "seq": e.seq,
                "corrects": c.target_seq,
                "what": w.text(e.seq, "what", &c.what),
                "why": w.text(e.seq, "why", &c.why),
            })
        })
        .collect()
}
