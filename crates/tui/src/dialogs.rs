//! The dialogs that record one event each — note, recess, participants, and the secretary's
//! corrections, translations, remarks, decisions and closing: their forms, and the entry a
//! filled form stands for. Recording it is the worker's (`crate::worker`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Ctx;
use crate::flow::Status;
use crate::session::Session;
use crate::widgets::form::{Field, Form, Label};
use court::documents::data::law_kind;
use court::hearing::Hearing;
use journal::Body;
use journal::entry::{
    Correction, HearingClosed, Note, ParticipantAdded, ParticipantLeft, ParticipantUpdated,
    PersonDetails, Recess, RemarkDecided, RemarkDecision, RemarkFiled, Translation,
};

/// What a dialog records; kept in drafts, so it names entries by seq and people by id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "purpose", rename_all = "snake_case")]
pub enum Purpose {
    Note,
    Recess,
    AddParticipant,
    EditParticipant {
        id: String,
    },
    Left {
        id: String,
    },
    Correction {
        seq: u64,
    },
    /// A translation of entry `seq`'s free text into the other language of documents.
    Translate {
        seq: u64,
    },
    Remark,
    Decide {
        seq: u64,
    },
    Close,
}

const DETAILS: [&str; 6] = [
    "person.birth_date",
    "person.birth_place",
    "person.residence",
    "person.registration",
    "person.id_document",
    "person.workplace",
];

/// The empty (or, for an edit, prefilled) form of a dialog.
pub fn form(purpose: &Purpose, ctx: &Ctx, s: &Session) -> Form {
    match purpose {
        Purpose::Note => Form::new(
            "dialog.note",
            vec![Field::text("field.text", "").required()],
        ),
        Purpose::Recess => Form::new("dialog.recess", vec![Field::text("field.reason", "")]),
        Purpose::AddParticipant => participant_form("dialog.add", ctx, s, None),
        Purpose::EditParticipant { id } => participant_form("dialog.edit", ctx, s, Some(id)),
        Purpose::Left { .. } => Form::new("dialog.left", vec![Field::text("field.reason", "")]),
        Purpose::Correction { .. } => Form::new(
            "dialog.correction",
            vec![
                Field::text("field.what", "").required(),
                Field::text("field.why", "").required(),
            ],
        ),
        Purpose::Translate { seq } => translation_form(ctx, s, *seq),
        Purpose::Remark => Form::new(
            "dialog.remark",
            vec![
                Field::text("field.by", "").required(),
                Field::text("field.text", "").required(),
            ],
        ),
        Purpose::Decide { .. } => Form::new(
            "dialog.decide",
            vec![
                Field::choice(
                    "field.decision",
                    vec![
                        ("accepted".into(), Label::Ui("remark.accepted")),
                        ("rejected".into(), Label::Ui("remark.rejected")),
                    ],
                    "accepted",
                ),
                Field::text("field.reasons", "").required(),
            ],
        ),
        Purpose::Close => Form::new("dialog.close", vec![Field::text("field.note", "")]),
    }
}

/// One text field per free text of the entry, prefilled with its recorded translation, labelled
/// as the form that took the original labels it.
fn translation_form(_ctx: &Ctx, s: &Session, seq: u64) -> Form {
    let h = &s.hearing;
    let into = h.opened.language.other();
    let title = into.act("dialog.translate_kk", "dialog.translate_ru");
    let fields = translatable(h, seq)
        .into_iter()
        .map(|field| {
            let current = h.text_in(seq, field, into).unwrap_or("");
            Field::text(crate::entries::field_label(field), current)
        })
        .collect();
    Form::new(title, fields)
}

/// The free-text fields of entry `seq`.
pub fn translatable(h: &Hearing, seq: u64) -> Vec<&'static str> {
    h.entry(seq)
        .and_then(|e| e.body.as_ref())
        .map(|b| b.free_text().into_iter().map(|(f, _)| f).collect())
        .unwrap_or_default()
}

fn participant_form(title: &'static str, ctx: &Ctx, s: &Session, id: Option<&str>) -> Form {
    let h = &s.hearing;
    let kind = law_kind(h.opened.case_kind);
    let roles: Vec<(String, Label)> = ctx
        .catalog
        .roles
        .iter()
        .filter(|r| r.kind == kind)
        .map(|r| (r.id.clone(), Label::Text(r.label.clone())))
        .collect();
    let p = id.and_then(|id| h.participant(id));
    let d = p.map(|p| p.details.clone()).unwrap_or_default();
    let get = |v: &Option<String>| v.clone().unwrap_or_default();
    Form::new(
        title,
        vec![
            Field::text("person.name", p.map(|p| p.name.as_str()).unwrap_or("")).required(),
            Field::choice(
                "person.role",
                roles,
                p.map(|p| p.role.as_str()).unwrap_or(""),
            ),
            Field::text(
                "person.iin",
                &p.and_then(|p| p.iin.clone()).unwrap_or_default(),
            ),
            Field::text(DETAILS[0], &get(&d.birth_date)),
            Field::text(DETAILS[1], &get(&d.birth_place)),
            Field::text(DETAILS[2], &get(&d.residence)),
            Field::text(DETAILS[3], &get(&d.registration)),
            Field::text(DETAILS[4], &get(&d.id_document)),
            Field::text(DETAILS[5], &get(&d.workplace)),
        ],
    )
}

fn details(form: &Form) -> PersonDetails {
    PersonDetails {
        birth_date: form.opt(DETAILS[0]),
        birth_place: form.opt(DETAILS[1]),
        residence: form.opt(DETAILS[2]),
        registration: form.opt(DETAILS[3]),
        id_document: form.opt(DETAILS[4]),
        workplace: form.opt(DETAILS[5]),
    }
}

/// The entry the filled dialog stands for; `Ok(None)` when it changes nothing. `Err` keeps the
/// dialog open with the reason shown.
pub fn body(
    purpose: &Purpose,
    form: &Form,
    ctx: &Ctx,
    s: &Session,
) -> Result<Option<Body>, Status> {
    if let Some(field) = form.missing() {
        return Err(Status::error(
            ctx.tf("form.required", &[("field", ctx.t(field).to_string())]),
        ));
    }
    let birth = form.opt(DETAILS[0]);
    if birth
        .as_deref()
        .is_some_and(|b| law::facts::Day::parse(b).is_none())
    {
        return Err(Status::error(ctx.t("person.bad_birth_date")));
    }
    let iin = form.opt("person.iin");
    if iin
        .as_deref()
        .is_some_and(|i| !court::validity::is_valid_iin(i))
    {
        return Err(Status::error(ctx.t("person.bad_iin")));
    }
    let text = |key: &str| form.get(key).trim().to_string();
    let body = match purpose {
        Purpose::Note => Body::Note(Note {
            text: text("field.text"),
            recording_offset_ms: None,
        }),
        Purpose::Recess => Body::Recess(Recess {
            reason: form.opt("field.reason"),
        }),
        Purpose::AddParticipant => Body::ParticipantAdded(ParticipantAdded {
            participant_id: s.next_participant_id(),
            role: text("person.role"),
            name: text("person.name"),
            iin,
            details: details(form),
        }),
        Purpose::EditParticipant { id } => {
            let Some(p) = s.hearing.participant(id) else {
                return Err(Status::error(ctx.t("live.pick_participant")));
            };
            let changed =
                |new: Option<String>, old: &Option<String>| new.filter(|n| Some(n) != old.as_ref());
            let new = details(form);
            let d = &p.details;
            let update = ParticipantUpdated {
                participant_id: id.clone(),
                role: Some(text("person.role")).filter(|r| *r != p.role),
                name: Some(text("person.name")).filter(|n| *n != p.name),
                iin: changed(iin, &p.iin),
                details: PersonDetails {
                    birth_date: changed(new.birth_date, &d.birth_date),
                    birth_place: changed(new.birth_place, &d.birth_place),
                    residence: changed(new.residence, &d.residence),
                    registration: changed(new.registration, &d.registration),
                    id_document: changed(new.id_document, &d.id_document),
                    workplace: changed(new.workplace, &d.workplace),
                },
            };
            if update.role.is_none()
                && update.name.is_none()
                && update.iin.is_none()
                && update.details.is_empty()
            {
                return Ok(None);
            }
            Body::ParticipantUpdated(update)
        }
        Purpose::Left { id } => Body::ParticipantLeft(ParticipantLeft {
            participant_id: id.clone(),
            reason: form.opt("field.reason"),
        }),
        Purpose::Correction { seq } => Body::Correction(Correction {
            target_seq: *seq,
            what: text("field.what"),
            why: text("field.why"),
        }),
        Purpose::Translate { seq } => {
            let h = &s.hearing;
            let into = h.opened.language.other();
            let fields: BTreeMap<String, String> = translatable(h, *seq)
                .into_iter()
                .filter_map(|field| {
                    let new = form.opt(crate::entries::field_label(field))?;
                    (h.text_in(*seq, field, into) != Some(new.as_str()))
                        .then(|| (field.to_string(), new))
                })
                .collect();
            if fields.is_empty() {
                return Ok(None);
            }
            Body::Translation(Translation {
                target_seq: *seq,
                language: into,
                fields,
            })
        }
        Purpose::Remark => Body::RemarkFiled(RemarkFiled {
            by: text("field.by"),
            text: text("field.text"),
        }),
        Purpose::Decide { seq } => Body::RemarkDecided(RemarkDecided {
            remark_seq: *seq,
            decision: if form.get("field.decision") == "rejected" {
                RemarkDecision::Rejected
            } else {
                RemarkDecision::Accepted
            },
            reasons: text("field.reasons"),
        }),
        Purpose::Close => Body::HearingClosed(HearingClosed {
            note: form.opt("field.note"),
        }),
    };
    Ok(Some(body))
}

/// The status line for an entry recorded at `seq`.
pub fn recorded(ctx: &Ctx, seq: u64, kind: journal::Kind) -> Status {
    Status::ok(format!("#{seq} {}", crate::entries::kind_label(ctx, kind)))
}

/// The status line for a document written to `path` and recorded at `seq`.
pub fn issued(ctx: &Ctx, path: &std::path::Path, sha256: &journal::Hash, seq: u64) -> Status {
    Status::ok(ctx.tf(
        "docs.written",
        &[
            ("path", path.display().to_string()),
            ("sha", sha256.to_hex()),
            ("seq", seq.to_string()),
        ],
    ))
}
