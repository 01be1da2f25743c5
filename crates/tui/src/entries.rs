//! Protocol entries in words for the screens: a label per kind and a one-line summary, in the
//! interface language (legal terms from the catalog; people by name, never by their ids). Text from the journal is cleaned before
//! drawing by the caller (`safe::fit`).

use court::documents::data::law_kind;
use court::hearing::Hearing;
use journal::entry::{Lang, RemarkDecision};
use journal::{Body, Entry, Kind};

use super::Ctx;

pub fn kind_label(ctx: &Ctx, kind: Kind) -> &'static str {
    ctx.t(match kind {
        Kind::HearingOpened => "kind.hearing_opened",
        Kind::ParticipantAdded => "kind.participant_added",
        Kind::ParticipantUpdated => "kind.participant_updated",
        Kind::ParticipantLeft => "kind.participant_left",
        Kind::Note => "kind.note",
        Kind::Recess => "kind.recess",
        Kind::Resumed => "kind.resumed",
        Kind::IncidentRecorded => "kind.incident_recorded",
        Kind::AdviceShown => "kind.advice_shown",
        Kind::MeasureApplied => "kind.measure_applied",
        Kind::ExplanationHeard => "kind.explanation_heard",
        Kind::RulingIssued => "kind.ruling_issued",
        Kind::Correction => "kind.correction",
        Kind::Translation => "kind.translation",
        Kind::RemarkFiled => "kind.remark_filed",
        Kind::RemarkDecided => "kind.remark_decided",
        Kind::HearingClosed => "kind.hearing_closed",
        Kind::Recovered => "kind.recovered",
        Kind::Sealed => "kind.sealed",
    })
}

/// The role's name for this hearing's case kind, from the catalog.
pub fn role_name(ctx: &Ctx, h: &Hearing, role: &str) -> String {
    ctx.catalog
        .role(law_kind(h.opened.case_kind), role)
        .map(|r| r.label.get(ctx.lang).to_string())
        .unwrap_or_else(|| role.to_string())
}

fn name_of(h: &Hearing, id: &str) -> String {
    h.participant(id)
        .map(|p| p.name.clone())
        .unwrap_or_else(|| id.to_string())
}

/// What an entry says, on one line.
pub fn summary(ctx: &Ctx, h: &Hearing, e: &Entry) -> String {
    let Some(body) = &e.body else {
        return "—".into();
    };
    let mut text = match body {
        Body::HearingOpened(o) => format!("{} · {} · {}", o.case_number, o.court, o.judge),
        Body::ParticipantAdded(a) => format!("{} — {}", a.name, role_name(ctx, h, &a.role)),
        Body::ParticipantUpdated(u) => name_of(h, &u.participant_id),
        Body::ParticipantLeft(l) => format!(
            "{}{}",
            name_of(h, &l.participant_id),
            l.reason
                .as_deref()
                .map(|r| format!(": {r}"))
                .unwrap_or_default()
        ),
        Body::Note(n) => n.text.clone(),
        Body::Recess(r) => r.reason.clone().unwrap_or_default(),
        Body::Resumed(_) => String::new(),
        Body::IncidentRecorded(i) => {
            let fact = |k: &str| i.facts["incident"][k].as_str().unwrap_or("").to_string();
            format!(
                "{}: {} · {}{}",
                i.participant_id
                    .as_deref()
                    .map(|p| name_of(h, p))
                    .unwrap_or_default(),
                ctx.term("conduct", &fact("conduct")),
                ctx.term("place", &fact("where")),
                i.description
                    .as_deref()
                    .map(|d| format!(" — {d}"))
                    .unwrap_or_default()
            )
        }
        Body::AdviceShown(a) => format!("#{}", a.incident_seq),
        Body::MeasureApplied(m) => {
            let mut s = format!(
                "{} ({})",
                ctx.term("measure", &m.measure_id),
                ctx.cites(&m.citations)
            );
            if let Some(p) = &m.participant_id {
                s.push_str(&format!(" — {}", name_of(h, p)));
            }
            if let Some(p) = &m.penalty {
                if let (Some(mci), Some(kzt)) = (p.fine_mci, p.fine_kzt()) {
                    s.push_str(&format!(
                        " · {mci} {} = {kzt} {}",
                        ctx.term("unit", "mci"),
                        ctx.term("unit", "kzt")
                    ));
                }
                if let Some(hours) = p.hours {
                    s.push_str(&format!(" · {hours} {}", ctx.term("unit", "hours")));
                }
                if let Some(days) = p.days {
                    s.push_str(&format!(" · {days} {}", ctx.term("unit", "days")));
                }
            }
            s
        }
        Body::ExplanationHeard(x) => format!("{}: {}", name_of(h, &x.participant_id), x.summary),
        Body::RulingIssued(r) => format!(
            "{} [{}] SHA-256 {}…",
            document_name(ctx, &r.document_kind),
            ctx.t(language_key(r.language)),
            &r.pdf_sha256.to_hex()[..12]
        ),
        Body::Correction(c) => format!("#{}: {} ({})", c.target_seq, c.what, c.why),
        Body::Translation(t) => format!(
            "#{} → {}: {}",
            t.target_seq,
            ctx.t(language_key(t.language)),
            t.fields
                .keys()
                .map(|f| ctx.t(field_label(f)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Body::RemarkFiled(r) => format!("{}: {}", r.by, r.text),
        Body::RemarkDecided(r) => format!(
            "#{}: {} — {}",
            r.remark_seq,
            ctx.t(match r.decision {
                RemarkDecision::Accepted => "remark.accepted",
                RemarkDecision::Rejected => "remark.rejected",
            }),
            r.reasons
        ),
        Body::HearingClosed(c) => c.note.clone().unwrap_or_default(),
        Body::Recovered(r) => ctx.tf("entry.recovered", &[("n", r.dropped_bytes.to_string())]),
        Body::Sealed(s) => format!(
            "{} · {}",
            ctx.tf(
                "seal.covers",
                &[("count", s.count().unwrap_or_default().to_string())]
            ),
            s.recorded_signers()
                .iter()
                .map(|g| g.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    if !h.corrections_of(e.seq).is_empty() {
        text.push_str(&format!(" [{}]", ctx.t("entry.corrected")));
    }
    text
}

/// The interface string naming a language of proceedings.
pub fn language_key(lang: Lang) -> &'static str {
    match lang {
        Lang::Kk => "language.kk",
        // The interface names only languages of proceedings this way.
        Lang::Ru | Lang::En => "language.ru",
    }
}

/// The interface string naming a free-text field (`Body::free_text`), as the forms that take
/// it name it.
pub fn field_label(field: &str) -> &'static str {
    if let Some(detail) = field.strip_prefix("details") {
        // A person's detail: labelled as the participant form labels it.
        return match detail {
            ".birth_place" => "person.birth_place",
            ".residence" => "person.residence",
            ".registration" => "person.registration",
            ".id_document" => "person.id_document",
            ".workplace" => "person.workplace",
            _ => "field.other",
        };
    }
    match field {
        "court" => "new.court",
        "place" => "new.place",
        "reason" => "field.reason",
        "text" => "field.text",
        "description" => "facts.description",
        "grounds" => "decide.grounds",
        "summary" => "explain.summary",
        "what" => "field.what",
        "why" => "field.why",
        "by" => "field.by",
        "reasons" => "field.reasons",
        "note" => "field.note",
        _ => "field.other",
    }
}

pub fn document_name(ctx: &Ctx, kind: &str) -> &'static str {
    ctx.t(match kind {
        "coao653_ruling" => "doc.coao653_ruling",
        "coercion_ruling" => "doc.coercion_ruling",
        "protocol" => "doc.protocol",
        _ => "doc.other",
    })
}
/// The protocol as lines: `#seq hh:mm kind — summary`.
pub fn protocol_lines(ctx: &Ctx, h: &Hearing) -> Vec<String> {
    h.entries
        .iter()
        .map(|e| {
            format!(
                "#{:<3} {} {} — {}",
                e.seq,
                e.time.format("%H:%M"),
                kind_label(ctx, e.kind),
                summary(ctx, h, e)
            )
        })
        .collect()
}

/// The interface's words for a document still due (`court::acts::Due`).
pub fn due_key(due: court::acts::Due) -> &'static str {
    match due {
        court::acts::Due::ReasonedRuling => "follow.ruling_due_reasoned",
        court::acts::Due::Ruling => "follow.ruling_due_ruling",
        court::acts::Due::Order => "follow.ruling_due_order",
    }
}
