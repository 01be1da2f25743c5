//! Advice in words: the stable JSON report of `hattama advise --json` and the readable table,
//! in kk, ru or en. Every term comes from the catalog, none from code.

use serde::Serialize;

use super::advice::{Advice, AmountKind, Opt, Reason, ReasonKind};
use super::catalog::Catalog;
use super::lang::Lang;

#[derive(Debug, Serialize)]
pub struct Report {
    pub catalog_version: String,
    pub lang: Lang,
    pub case_kind: &'static str,
    pub incident_date: String,
    pub coao653_part: u8,
    pub mci_kzt: Option<u32>,
    pub protocol_entry_required: Option<bool>,
    pub protocol_basis: Vec<String>,
    pub notes: Vec<ReasonOut>,
    pub options: Vec<OptionOut>,
}

#[derive(Debug, Serialize)]
pub struct OptionOut {
    pub measure: &'static str,
    pub name: String,
    pub status: &'static str,
    pub basis: Vec<String>,
    pub act: Option<&'static str>,
    pub act_name: Option<String>,
    pub amount_mci: Option<u32>,
    pub amount_kzt: Option<u64>,
    pub amount_kind: Option<AmountKind>,
    pub min_hours: Option<u32>,
    pub max_hours: Option<u32>,
    pub max_days: Option<u32>,
    pub appeal: Option<AppealOut>,
    pub reasons: Vec<ReasonOut>,
    pub follow_ups: Vec<ReasonOut>,
}

#[derive(Debug, Serialize)]
pub struct AppealOut {
    pub route: &'static str,
    pub text: String,
    pub deadline: Option<DeadlineOut>,
    pub suspends: Option<bool>,
    pub basis: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct DeadlineOut {
    pub count: u32,
    pub unit: String,
    pub from: String,
}

#[derive(Debug, Serialize)]
pub struct ReasonOut {
    pub kind: ReasonKind,
    pub id: &'static str,
    pub text: String,
    pub basis: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open_point: Option<String>,
}

/// Put the advice into words in `lang`.
pub fn report(advice: &Advice, cat: &Catalog, lang: Lang) -> Report {
    Report {
        catalog_version: advice.catalog_version.clone(),
        lang,
        case_kind: advice.kind.id(),
        incident_date: advice.date.to_string(),
        coao653_part: advice.coao653_part,
        mci_kzt: advice.mci_kzt,
        protocol_entry_required: advice.protocol_entry_required,
        protocol_basis: advice.protocol_basis.clone(),
        notes: advice.notes.iter().map(|r| reason(r, cat, lang)).collect(),
        options: advice
            .options
            .iter()
            .map(|o| option(o, advice, cat, lang))
            .collect(),
    }
}

fn term(cat: &Catalog, group: &str, id: &str, lang: Lang) -> String {
    // Loading checked every required term; a missing one shows its id rather than nothing.
    cat.term(group, id)
        .map(|t| t.get(lang).to_string())
        .unwrap_or_else(|| format!("{group}.{id}"))
}

fn option(o: &Opt, advice: &Advice, cat: &Catalog, lang: Lang) -> OptionOut {
    let kind = advice.kind.id();
    let act_name = o.act.map(|a| {
        let specific = format!("{}_{kind}", a.id());
        if cat.term("act", &specific).is_some() {
            term(cat, "act", &specific, lang)
        } else {
            term(cat, "act", a.id(), lang)
        }
    });
    let amount_mci = o.amount.map(|a| a.mci);
    OptionOut {
        measure: o.measure.id(),
        name: term(cat, "measure", o.measure.id(), lang),
        status: o.status().id(),
        basis: o.basis.clone(),
        act: o.act.map(|a| a.id()),
        act_name,
        amount_mci,
        amount_kzt: amount_mci
            .zip(advice.mci_kzt)
            .map(|(m, k)| u64::from(m) * u64::from(k)),
        amount_kind: o.amount.map(|a| a.kind),
        min_hours: o.min_hours,
        max_hours: o.max_hours,
        max_days: o.max_days,
        appeal: o.appeal.as_ref().map(|a| AppealOut {
            route: a.route,
            text: term(cat, "appeal", a.route, lang),
            deadline: a
                .deadline
                .and_then(|id| cat.deadline(id))
                .map(|d| DeadlineOut {
                    count: d.count,
                    unit: d.unit.clone(),
                    from: d.from.clone(),
                }),
            suspends: a.suspends,
            basis: a.basis.clone(),
        }),
        reasons: o.reasons.iter().map(|r| reason(r, cat, lang)).collect(),
        follow_ups: o.follow_ups.iter().map(|r| reason(r, cat, lang)).collect(),
    }
}

fn reason(r: &Reason, cat: &Catalog, lang: Lang) -> ReasonOut {
    let def = cat.reason(r.why.id());
    let params: Vec<(&str, String)> = r
        .params
        .iter()
        .map(|(name, value)| {
            let shown = match *name {
                "bar" => term(cat, "bar", value, lang),
                "bars" => value
                    .split(',')
                    .map(|id| term(cat, "bar", id, lang))
                    .collect::<Vec<_>>()
                    .join("; "),
                // Citations and dates in the reader's language: "ҚР ӘҚБтК 653-бабының 1-бөлігі",
                // "01.09.2025" — never the catalog's id or an ISO date.
                "norm" => super::citation::cite(cat, value, lang),
                "date" | "from" => day_text(value, lang),
                "facts" => value
                    .split(", ")
                    .map(|f| term(cat, "fact", f.trim_start_matches("person."), lang))
                    .collect::<Vec<_>>()
                    .join(", "),
                "role" => cat
                    .roles
                    .iter()
                    .find(|role| role.id == *value)
                    .map(|role| role.label.get(lang).to_string())
                    .unwrap_or_else(|| value.clone()),
                _ => value.clone(),
            };
            (*name, shown)
        })
        .collect();
    ReasonOut {
        kind: r.kind,
        id: r.why.id(),
        text: def
            .map(|d| d.text().fill(lang, &params))
            .unwrap_or_else(|| r.why.id().to_string()),
        basis: r.basis.clone(),
        open_point: def.and_then(|d| d.open_point.clone()),
    }
}

/// The follow-ups every CoAO 653 option carries (announce, explanations, the ruling...): the
/// table shows them once after those options instead of under each of them. The JSON keeps
/// every option complete.
fn shared_coao653_follow_ups(rep: &Report) -> Vec<&ReasonOut> {
    let coao653: Vec<&OptionOut> = rep
        .options
        .iter()
        .filter(|o| o.measure.starts_with("coao653_"))
        .collect();
    let Some((first, rest)) = coao653.split_first() else {
        return Vec::new();
    };
    if rest.is_empty() {
        return Vec::new();
    }
    first
        .follow_ups
        .iter()
        .filter(|f| {
            rest.iter()
                .all(|o| o.follow_ups.iter().any(|g| same_reason(f, g)))
        })
        .collect()
}

fn same_reason(a: &ReasonOut, b: &ReasonOut) -> bool {
    a.id == b.id && a.text == b.text && a.basis == b.basis
}

/// An ISO date ("2025-09-01") as kk and ru texts write it ("01.09.2025"); English keeps ISO.
fn day_text(iso: &str, lang: Lang) -> String {
    match (lang, iso.split('-').collect::<Vec<_>>().as_slice()) {
        (Lang::Kk | Lang::Ru, [y, m, d]) if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
            format!("{d}.{m}.{y}")
        }
        _ => iso.to_string(),
    }
}

/// "до 50 МРП", "50 АЕК-ке дейін": the catalog's pattern for `unit` with the number filled in.
pub fn up_to(cat: &Catalog, unit: &str, n: u32, lang: Lang) -> String {
    term(cat, "up_to", unit, lang).replace("{n}", &n.to_string())
}

/// The readable table: one block per option, worst last, reasons under each.
pub fn table(rep: &Report, cat: &Catalog) -> String {
    use std::fmt::Write;
    let lang = rep.lang;
    let l = |id: &str| term(cat, "label", id, lang);
    let mut out = String::new();
    let mci = rep
        .mci_kzt
        .map(|k| format!("{k} {}", term(cat, "unit", "kzt", lang)))
        .unwrap_or_else(|| l("unknown"));
    let cites = |ids: &[String]| -> String {
        ids.iter()
            .map(|id| super::citation::cite(cat, id, lang))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let _ = writeln!(
        out,
        "{} · {} · {} · 1 {} = {mci}",
        day_text(&rep.incident_date, lang),
        term(cat, "case_kind", rep.case_kind, lang),
        super::citation::cite(cat, &format!("CoAO 653({})", rep.coao653_part), lang),
        term(cat, "unit", "mci", lang)
    );
    let protocol = match rep.protocol_entry_required {
        Some(true) => l("yes"),
        Some(false) => l("no"),
        None => l("unknown"),
    };
    let _ = writeln!(
        out,
        "{}: {protocol} [{}]",
        l("protocol"),
        cites(&rep.protocol_basis)
    );
    for n in &rep.notes {
        let _ = writeln!(out, "  {}", reason_line(n, cat, lang));
    }
    let shared = shared_coao653_follow_ups(rep);
    let last_coao653 = rep
        .options
        .iter()
        .rposition(|o| o.measure.starts_with("coao653_"));
    for (i, o) in rep.options.iter().enumerate() {
        let _ = writeln!(out);
        let status = term(cat, "status", o.status, lang).to_uppercase();
        let _ = writeln!(out, "[{status}] {}", o.name);
        let _ = writeln!(out, "    {}: {}", l("basis"), cites(&o.basis));
        if let Some(act) = &o.act_name {
            let _ = writeln!(out, "    {}: {act}", l("act"));
        }
        if let Some(mci) = o.amount_mci {
            let amount = if o.amount_kind == Some(AmountKind::UpTo) {
                up_to(cat, "mci", mci, lang)
            } else {
                format!("{mci} {}", term(cat, "unit", "mci", lang))
            };
            let kzt = o
                .amount_kzt
                .map(|k| format!(" = {k} {}", term(cat, "unit", "kzt", lang)))
                .unwrap_or_default();
            let _ = writeln!(out, "    {}: {amount}{kzt}", l("amount"));
        }
        if let Some(h) = o.max_hours {
            let min = o.min_hours.map(|m| format!("{m}–")).unwrap_or_default();
            let _ = writeln!(
                out,
                "    {}: {min}{h} {}",
                l("limit"),
                term(cat, "unit", "hours", lang)
            );
        }
        if let Some(d) = o.max_days {
            let _ = writeln!(out, "    {}: {}", l("limit"), up_to(cat, "days", d, lang));
        }
        if let Some(a) = &o.appeal {
            let deadline = a
                .deadline
                .as_ref()
                .map(|d| format!(" — {} {}", d.count, term(cat, "unit", &d.unit, lang)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "    {}: {}{deadline} [{}]",
                l("appeal"),
                a.text,
                cites(&a.basis)
            );
        }
        for r in &o.reasons {
            let _ = writeln!(out, "    {}", reason_line(r, cat, lang));
        }
        for r in &o.follow_ups {
            if shared.iter().any(|s| same_reason(s, r)) {
                continue;
            }
            let _ = writeln!(out, "    {} {}", l("then"), reason_line(r, cat, lang));
        }
        if Some(i) == last_coao653 && !shared.is_empty() {
            let _ = writeln!(out);
            let _ = writeln!(out, "[{}]", l("coao653_common"));
            for r in &shared {
                let _ = writeln!(out, "    {} {}", l("then"), reason_line(r, cat, lang));
            }
        }
    }
    out
}

fn reason_line(r: &ReasonOut, cat: &Catalog, lang: Lang) -> String {
    // The marker is a word as well as a symbol: colour or shape is never the only signal.
    let mark = match r.kind {
        ReasonKind::Bar => "✗",
        ReasonKind::Caution => "!",
        ReasonKind::Note => "·",
    };
    let open = if r.open_point.is_some() {
        format!(" ({})", term(cat, "label", "open_point", lang))
    } else {
        String::new()
    };
    let basis = r
        .basis
        .iter()
        .map(|id| super::citation::cite(cat, id, lang))
        .collect::<Vec<_>>()
        .join("; ");
    format!("{mark} {}{open} [{basis}]", r.text)
}
