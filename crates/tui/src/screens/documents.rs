//! Documents: the rulings the applied measures need and the protocol, previewed as text from
//! the laid-out document, then written as PDF with the path and SHA-256 shown and
//! `ruling_issued` appended to the journal. Documents come from the sealed protocol only.

use std::path::PathBuf;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;

use super::hearing::Sub;
use super::list::{self, Cursor};
use super::{Action, Status};
use crate::session::Session;
use crate::{Ctx, entries};
use court::documents::issue::{DocumentSigners, issue, preview};
use court::documents::lack::{Detail, Lack};
use court::documents::protocol::prepare_protocol;
use court::documents::ruling::prepare_ruling;
use court::documents::{DocLang, DocumentError, Prepared};
use journal::Body;
use journal::entry::Language;

/// The language of proceedings, in which documents are issued by default.
pub fn proceedings(s: &Session) -> DocLang {
    match s.language() {
        Language::Kk => DocLang::Kk,
        Language::Ru => DocLang::Ru,
    }
}

pub struct Documents {
    lang: DocLang,
    cursor: Cursor,
    preview: Option<(Prepared, Vec<String>, Cursor)>,
    /// Why the chosen document cannot be issued, item by item (what the protocol lacks).
    problem: Vec<String>,
}

impl Documents {
    pub fn new(_ctx: &Ctx, s: &Session) -> Documents {
        Documents {
            lang: proceedings(s),
            cursor: Cursor::default(),
            preview: None,
            problem: Vec::new(),
        }
    }

    pub fn keys(&self) -> Vec<(&'static str, &'static str)> {
        if self.preview.is_some() {
            return vec![
                ("w", "keys.write_pdf"),
                ("↑↓", "keys.scroll"),
                ("Esc", "keys.back"),
            ];
        }
        vec![
            ("Enter", "keys.preview"),
            ("w", "keys.write_pdf"),
            ("t", "keys.doc_lang"),
            ("↑↓", "keys.move"),
            ("Esc", "keys.leave"),
        ]
    }

    /// The measures of the hearing that have a document of their own, and the protocol (None).
    fn rows(s: &Session) -> Vec<Option<u64>> {
        let mut rows: Vec<Option<u64>> = s
            .hearing
            .entries
            .iter()
            .filter(
                |e| matches!(&e.body, Some(Body::MeasureApplied(m)) if needs_document(&m.act_form)),
            )
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

    pub fn on_key(&mut self, key: KeyEvent, ctx: &Ctx, s: &mut Session) -> Sub {
        if let Some((prepared, lines, cursor)) = &mut self.preview {
            if cursor.on_key(key, lines.len()) {
                return Sub::Stay(Action::None);
            }
            return match key.code {
                KeyCode::Esc => {
                    self.preview = None;
                    Sub::Stay(Action::None)
                }
                KeyCode::Char('w') => {
                    let prepared = prepared.clone();
                    self.preview = None;
                    Sub::Stay(Action::Status(issue_document(ctx, s, &prepared)))
                }
                _ => Sub::Stay(Action::None),
            };
        }
        let rows = Documents::rows(s);
        if self.cursor.on_key(key, rows.len()) {
            return Sub::Stay(Action::None);
        }
        let row = rows.get(self.cursor.index).copied().flatten();
        self.problem.clear();
        let refused = |this: &mut Documents, e: DocumentError| {
            this.problem = match &e {
                DocumentError::Missing { missing, .. } => {
                    missing.iter().map(|lack| lack_text(ctx, lack)).collect()
                }
                other => vec![other.to_string()],
            };
            Sub::Stay(Action::Status(Status::error(ctx.t("docs.refused"))))
        };
        match key.code {
            KeyCode::Esc => Sub::Leave(None),
            KeyCode::Char('t') => {
                self.lang = match self.lang {
                    DocLang::Kk => DocLang::Ru,
                    DocLang::Ru => DocLang::Kk,
                };
                Sub::Stay(Action::None)
            }
            KeyCode::Enter => match self.prepare(ctx, s, row) {
                Ok(prepared) => match preview(&s.path, &prepared, ctx.renderer(), &ctx.templates) {
                    Ok(lines) => {
                        self.preview = Some((prepared, lines, Cursor::default()));
                        Sub::Stay(Action::None)
                    }
                    Err(e) => Sub::Stay(Action::Status(Status::error(e.to_string()))),
                },
                Err(e) => refused(self, e),
            },
            KeyCode::Char('w') => match self.prepare(ctx, s, row) {
                Ok(prepared) => Sub::Stay(Action::Status(issue_document(ctx, s, &prepared))),
                Err(e) => refused(self, e),
            },
            _ => Sub::Stay(Action::None),
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
                            if r.language == Language::Kk {
                                "kk"
                            } else {
                                "ru"
                            }
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
                ("lang", self.lang.id().to_uppercase()),
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
        super::wizard::wrapped(f, bottom, ctx.t("docs.lacks"), &problem);
    }
}

fn kind_key(h: &court::hearing::Hearing, seq: u64) -> &'static str {
    match h.entry(seq).and_then(|e| e.body.as_ref()) {
        Some(Body::MeasureApplied(m)) if m.measure_id.starts_with("coao653") => {
            "doc.coao653_ruling"
        }
        _ => "doc.coercion_ruling",
    }
}

/// Act forms that must be drawn up as a document of their own (a ruling "in the protocol" may
/// also be issued as one, but need not be).
pub fn separate_act(act_form: &str) -> bool {
    matches!(
        act_form,
        "separate_reasoned_ruling" | "ruling_criminal" | "ruling_administrative" | "ruling_civil"
    )
}

/// Act forms a document can be issued for.
fn needs_document(act_form: &str) -> bool {
    separate_act(act_form) || act_form == "ruling_in_protocol"
}

/// Write `prepared` as a new PDF in the documents directory and record it in the journal.
pub fn issue_document(ctx: &Ctx, s: &mut Session, prepared: &Prepared) -> Status {
    let dir = ctx.documents_dir();
    if let Err(e) = store::ensure_private_dir(&dir) {
        return Status::error(format!("{}: {e}", dir.display()));
    }
    let out = free_name(&dir, s, prepared);
    let (judge, secretary, trust) = match super::desk::demo_signers(ctx, s) {
        Ok(x) => x,
        Err(e) => return Status::error(e),
    };
    let signers = DocumentSigners {
        judge: &judge,
        secretary: Some(&secretary),
        trust: &trust,
    };
    let result = s.released(|journal| {
        issue(
            journal,
            prepared,
            ctx.renderer(),
            &ctx.templates,
            &out,
            (ctx.clock)(),
            &signers,
        )
    });
    match result {
        Ok(Ok(issued)) => Status::ok(ctx.tf(
            "docs.written",
            &[
                ("path", issued.path.display().to_string()),
                ("sha", issued.sha256.to_hex()),
                ("seq", issued.recorded_seq.to_string()),
            ],
        )),
        Ok(Err(e)) => Status::error(e.to_string()),
        Err(e) => Status::error(e.to_string()),
    }
}

/// `<journal>-<kind>-<seq>-<lang>.pdf`, numbered if that name is taken.
fn free_name(dir: &std::path::Path, s: &Session, p: &Prepared) -> PathBuf {
    let stem = s
        .path
        .file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "hearing".into());
    let base = format!(
        "{stem}-{}-{}-{}",
        p.kind.id(),
        p.measure_seq.unwrap_or(0),
        p.lang.id()
    );
    let mut path = dir.join(format!("{base}.pdf"));
    let mut n = 2;
    while path.symlink_metadata().is_ok() {
        path = dir.join(format!("{base}-{n}.pdf"));
        n += 1;
    }
    path
}

/// A gap in the protocol in the interface's language, naming the participant by id as the
/// roster shows it.
fn lack_text(ctx: &Ctx, lack: &Lack) -> String {
    let id = |id: &str| [("id", id.to_string())];
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
            ctx.tf(
                "docs.lack.detail",
                &[("id", p.clone()), ("what", what.into())],
            )
        }
        Lack::Explanation(p) => ctx.tf("docs.lack.explanation", &id(p)),
        Lack::Incident => ctx.t("docs.lack.incident").into(),
        Lack::Circumstances => ctx.t("docs.lack.circumstances").into(),
        Lack::Grounds => ctx.t("docs.lack.grounds").into(),
        Lack::Penalty => ctx.t("docs.lack.penalty").into(),
        Lack::Facts(why) => ctx.tf("docs.lack.facts", &[("why", why.clone())]),
        Lack::Measure(m) => ctx.tf("docs.lack.measure", &id(m)),
    }
}
