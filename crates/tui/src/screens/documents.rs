//! Documents: the rulings the applied measures need and the protocol, previewed as text from
//! the laid-out document, then written as PDF with the path and SHA-256 shown and
//! `ruling_issued` appended to the journal. Documents come from the sealed protocol only.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;

use crate::dialogs;
use crate::flow::Sub;
use crate::keymap::{Binding, Keymap, MOVE_KEYS};
use crate::session::Session;
use crate::signing::SignFor;
use crate::widgets::list::{self, Cursor};
use crate::widgets::panel;
use crate::worker::{Done, Failed};
use crate::{Ctx, entries};
use court::acts::document_for;
use court::documents::issue::preview;
use court::documents::lack::{Detail, Lack};
use court::documents::protocol::prepare_protocol;
use court::documents::ruling::prepare_ruling;
use court::documents::{DocumentError, DocumentKind, Prepared};
use journal::Body;
use journal::entry::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cmd {
    Preview,
    Write,
    Language,
    Move,
    Leave,
}

const LIST: Keymap<Cmd> = Keymap(&[
    Binding::new(&[KeyCode::Enter], "Enter", "keys.preview", Cmd::Preview),
    Binding::new(&[KeyCode::Char('w')], "w", "keys.write_pdf", Cmd::Write),
    Binding::new(&[KeyCode::Char('t')], "t", "keys.doc_lang", Cmd::Language),
    Binding::new(MOVE_KEYS, "↑↓", "keys.move", Cmd::Move),
    Binding::new(&[KeyCode::Esc], "Esc", "keys.leave", Cmd::Leave),
]);

const PREVIEW: Keymap<Cmd> = Keymap(&[
    Binding::new(&[KeyCode::Char('w')], "w", "keys.write_pdf", Cmd::Write),
    Binding::new(MOVE_KEYS, "↑↓", "keys.scroll", Cmd::Move),
    Binding::new(&[KeyCode::Esc], "Esc", "keys.back", Cmd::Leave),
]);

pub struct Documents {
    lang: Lang,
    cursor: Cursor,
    preview: Option<(Prepared, Vec<String>, Cursor)>,
    /// Why the chosen document cannot be issued, item by item (what the protocol lacks).
    problem: Vec<String>,
}

impl Documents {
    pub fn new(_ctx: &Ctx, s: &Session) -> Documents {
        Documents {
            lang: s.language(),
            cursor: Cursor::default(),
            preview: None,
            problem: Vec::new(),
        }
    }

    pub fn keys(&self) -> Vec<(&'static str, &'static str)> {
        if self.preview.is_some() {
            PREVIEW.help()
        } else {
            LIST.help()
        }
    }

    /// The measures of the hearing that have a document of their own, and the protocol (None).
    fn rows(s: &Session) -> Vec<Option<u64>> {
        let mut rows: Vec<Option<u64>> = s
            .hearing
            .entries
            .iter()
            .filter(|e| {
                matches!(&e.body, Some(Body::MeasureApplied(m))
                    if document_for(&m.measure_id, &m.act_form).is_some())
            })
            .map(|e| Some(e.seq))
            .collect();
        rows.push(None);
        rows
    }

    fn prepare(&self, ctx: &Ctx, s: &Session, row: Option<u64>) -> Result<Prepared, DocumentError> {
        match row {
            Some(seq) => prepare_ruling(&s.hearing, seq, self.lang, &ctx.catalog),
            None => prepare_protocol(&s.hearing, self.lang, &ctx.catalog),
        }
    }

    pub fn on_key(&mut self, key: KeyEvent, ctx: &Ctx, s: &Session) -> Sub {
        if let Some((prepared, lines, cursor)) = &mut self.preview {
            return match PREVIEW.command(&key) {
                Some(Cmd::Move) => {
                    cursor.on_key(key, lines.len());
                    Sub::none()
                }
                Some(Cmd::Leave) => {
                    self.preview = None;
                    Sub::none()
                }
                Some(Cmd::Write) => {
                    let prepared = prepared.clone();
                    self.preview = None;
                    Sub::Sign(SignFor::Issue(Box::new(prepared)))
                }
                _ => Sub::none(),
            };
        }
        let rows = Documents::rows(s);
        let Some(cmd) = LIST.command(&key) else {
            return Sub::none();
        };
        let row = rows.get(self.cursor.index).copied().flatten();
        self.problem.clear();
        match cmd {
            Cmd::Move => {
                self.cursor.on_key(key, rows.len());
                Sub::none()
            }
            Cmd::Leave => Sub::Leave(None),
            Cmd::Language => {
                self.lang = self.lang.other();
                Sub::none()
            }
            Cmd::Preview => match self.prepare(ctx, s, row) {
                Ok(prepared) => match preview(&s.path, &prepared, ctx.renderer(), &ctx.templates) {
                    Ok(lines) => {
                        self.preview = Some((prepared, lines, Cursor::default()));
                        Sub::none()
                    }
                    Err(_) => Sub::error(ctx.t("finding.issue_render")),
                },
                Err(e) => self.refused(ctx, s, e),
            },
            Cmd::Write => match self.prepare(ctx, s, row) {
                Ok(prepared) => Sub::Sign(SignFor::Issue(Box::new(prepared))),
                Err(e) => self.refused(ctx, s, e),
            },
        }
    }

    /// Why the chosen document cannot be issued: listed item by item under the documents.
    fn refused(&mut self, ctx: &Ctx, s: &Session, e: DocumentError) -> Sub {
        self.problem =
            crate::findings::document_error(ctx, &e, |lack| lack_text(ctx, &s.hearing, lack));
        Sub::error(ctx.t(match &e {
            // An act in the other language is refused for want of translations, not of law.
            DocumentError::Missing { missing, .. } if missing.iter().all(Lack::is_translation) => {
                "docs.refused_translation"
            }
            DocumentError::Missing { .. } => "docs.refused",
            DocumentError::Invalid { .. } => "finding.doc_invalid",
            _ => "finding.doc_refused",
        }))
    }

    /// The worker's answer to a document written.
    pub fn done(&mut self, result: Result<Done, Failed>, ctx: &Ctx, _s: &Session) -> Sub {
        match result {
            Ok(Done::Issued {
                path,
                sha256,
                seq,
                by,
            }) => Sub::status(dialogs::issued(ctx, &path, &sha256, seq, &by)),
            Ok(_) => Sub::none(),
            Err(e) => Sub::error(e),
        }
    }

    pub fn draw(&mut self, f: &mut Frame, area: Rect, ctx: &Ctx, s: &Session) {
        if let Some((prepared, lines, cursor)) = &self.preview {
            let title = format!("{} · {}", ctx.t("docs.preview"), prepared.title);
            list::draw(f, area, &title, lines, Some(cursor.index), true);
            return;
        }
        let rows = Documents::rows(s);
        self.cursor.clamp(rows.len());
        let h = &s.hearing;
        let lines: Vec<String> = rows
            .iter()
            .map(|row| {
                let issued: Vec<String> = h
                    .entries
                    .iter()
                    .filter_map(|e| match &e.body {
                        Some(Body::RulingIssued(r)) if r.measure_seq == *row => Some(format!(
                            "#{} {}",
                            e.seq,
                            ctx.t(entries::language_key(r.language))
                        )),
                        _ => None,
                    })
                    .collect();
                let issued = if issued.is_empty() {
                    ctx.t("docs.not_issued").to_string()
                } else {
                    format!("{}: {}", ctx.t("docs.issued"), issued.join(", "))
                };
                match row {
                    Some(seq) => {
                        let what = h
                            .entry(*seq)
                            .map(|e| entries::summary(ctx, h, e))
                            .unwrap_or_default();
                        format!("#{seq} {} — {what} [{issued}]", ctx.t(kind_key(h, *seq)))
                    }
                    None => format!("{} [{issued}]", ctx.t("doc.protocol")),
                }
            })
            .collect();
        let title = ctx.tf(
            "docs.list",
            &[
                ("lang", ctx.t(entries::language_key(self.lang)).to_string()),
                ("dir", ctx.documents_dir().display().to_string()),
            ],
        );
        if self.problem.is_empty() {
            list::draw(f, area, &title, &lines, Some(self.cursor.index), true);
            return;
        }
        let [top, bottom] = ratatui::layout::Layout::vertical([
            ratatui::layout::Constraint::Min(3),
            ratatui::layout::Constraint::Percentage(50),
        ])
        .areas(area);
        list::draw(f, top, &title, &lines, Some(self.cursor.index), true);
        let problem: Vec<String> = self.problem.iter().map(|p| format!("• {p}")).collect();
        panel::wrapped(f, bottom, ctx.t("docs.lacks"), &problem);
    }
}

fn kind_key(h: &court::hearing::Hearing, seq: u64) -> &'static str {
    match h.entry(seq).and_then(|e| e.body.as_ref()) {
        Some(Body::MeasureApplied(m))
            if document_for(&m.measure_id, &m.act_form) == Some(DocumentKind::Coao653Ruling) =>
        {
            "doc.coao653_ruling"
        }
        _ => "doc.coercion_ruling",
    }
}

/// A gap in the protocol in the interface's language, naming the participant as the roster
/// shows them (by name; by id only while the name is blank).
pub(crate) fn lack_text(ctx: &Ctx, h: &court::hearing::Hearing, lack: &Lack) -> String {
    let id = |id: &str| {
        let name = h
            .participant(id)
            .map(|p| p.name.trim())
            .filter(|n| !n.is_empty())
            .unwrap_or(id);
        [("id", name.to_string())]
    };
    match lack {
        Lack::CourtAndJudge => ctx.t("docs.lack.court_judge").into(),
        Lack::Place => ctx.t("docs.lack.place").into(),
        Lack::Person => ctx.t("docs.lack.person").into(),
        Lack::FullName(p) => ctx.tf("docs.lack.full_name", &id(p)),
        Lack::Detail(p, detail) => {
            let what = ctx.t(match detail {
                Detail::Iin => "person.iin",
                Detail::BirthDate => "docs.lack.birth_date",
                Detail::Residence => "person.residence",
                Detail::Registration => "person.registration",
                Detail::IdDocument => "person.id_document",
                Detail::Workplace => "person.workplace",
            });
            let [who] = id(p);
            ctx.tf("docs.lack.detail", &[who, ("what", what.into())])
        }
        Lack::Explanation(p) => ctx.tf("docs.lack.explanation", &id(p)),
        Lack::Incident => ctx.t("docs.lack.incident").into(),
        Lack::Circumstances => ctx.t("docs.lack.circumstances").into(),
        Lack::Grounds => ctx.t("docs.lack.grounds").into(),
        Lack::Penalty => ctx.t("docs.lack.penalty").into(),
        Lack::Facts(why) => ctx.tf("docs.lack.facts", &[("why", why.clone())]),
        Lack::Measure(m) => ctx.tf("docs.lack.measure", &[("id", ctx.term("measure", m))]),
        Lack::Translation { lang, seq, field } => ctx.tf(
            "docs.lack.translation",
            &[
                ("seq", seq.to_string()),
                ("field", ctx.t(entries::field_label(field)).to_string()),
                ("lang", ctx.t(entries::language_key(*lang)).to_string()),
            ],
        ),
    }
}
