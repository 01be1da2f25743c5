//! The appellate check: open a protocol (journal), an excerpt or a document PDF and see at once
//! whether it is intact — and if not, the first bad entry and why — with the seals and who
//! signed them. Offline, read-only: nothing is written.

use std::path::{Path, PathBuf};

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};

use crate::Ctx;
use crate::flow::{Action, Status};
use crate::widgets::form::{Field, Form, FormEvent, limit_text};
use crate::widgets::list;
use court::documents::binding::{MAX_PDF, check_document, is_pdf};
use journal::{Report, VerifyOptions};
use store::verify_file;

/// The check is one form: the form moves between its fields, Enter verifies, Esc goes back.
const KEYS: &[(&str, &str)] = &[
    ("Tab", "keys.next_field"),
    ("Enter", "keys.verify"),
    ("Esc", "keys.back"),
];

pub struct Check {
    form: Form,
    result: Option<(bool, Vec<String>)>,
}

impl Check {
    pub fn new() -> Check {
        Check {
            form: Form::new(
                "check.form",
                vec![
                    Field::text("check.file", "").required(),
                    Field::text("check.protocol", ""),
                ],
            ),
            result: None,
        }
    }

    pub fn typing(&self) -> bool {
        self.form.typing()
    }

    pub fn keys(&self) -> Vec<(&'static str, &'static str)> {
        KEYS.to_vec()
    }

    pub fn on_key(&mut self, key: KeyEvent, ctx: &Ctx) -> Action {
        match self.form.on_key(key) {
            FormEvent::Cancel => Action::Back,
            FormEvent::Submit => {
                let Some(file) = self.form.opt("check.file") else {
                    return Action::Status(Status::error(ctx.tf(
                        "form.required",
                        &[("field", ctx.t("check.file").to_string())],
                    )));
                };
                let protocol = self.form.opt("check.protocol").map(PathBuf::from);
                let (intact, lines) = check(ctx, Path::new(&file), protocol.as_deref());
                self.result = Some((intact, lines));
                Action::Status(if intact {
                    Status::ok(ctx.t("check.intact"))
                } else {
                    Status::error(ctx.t("check.broken"))
                })
            }
            FormEvent::Full(max) => Action::Status(Status::error(limit_text(ctx, max, false))),
            _ => Action::None,
        }
    }

    /// A paste, as one edit of the focused field.
    pub fn paste(&mut self, text: &str, ctx: &Ctx) -> Action {
        match self.form.paste(text) {
            Err(max) => Action::Status(Status::error(limit_text(ctx, max, true))),
            Ok(()) => Action::None,
        }
    }

    pub fn draw(&mut self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let [top, bottom] =
            Layout::vertical([Constraint::Length(5), Constraint::Min(3)]).areas(area);
        self.form.draw(f, top, ctx);
        match &self.result {
            Some((intact, lines)) => {
                let title = if *intact {
                    format!("✓ {}", ctx.t("check.intact"))
                } else {
                    format!("✗ {}", ctx.t("check.broken"))
                };
                list::draw(f, bottom, &title, lines, None, true);
            }
            None => list::draw(
                f,
                bottom,
                ctx.t("check.result"),
                &[ctx.t("check.explain").to_string()],
                None,
                false,
            ),
        }
    }
}

/// Verify `file` (journal, excerpt or PDF) and describe what was found.
fn check(ctx: &Ctx, file: &Path, protocol: Option<&Path>) -> (bool, Vec<String>) {
    let mut lines = vec![format!("{}: {}", ctx.t("check.file"), file.display())];
    if is_pdf(file) {
        let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
        if size > MAX_PDF {
            lines.push(ctx.t("check.too_large").to_string());
            return (false, lines);
        }
        let pdf = match std::fs::read(file) {
            Ok(pdf) => pdf,
            Err(e) => {
                lines.push(e.to_string());
                return (false, lines);
            }
        };
        return match check_document(&pdf, protocol, VerifyOptions::default()) {
            Ok(c) => {
                lines.push(format!(
                    "{}: {}",
                    ctx.t("check.kind"),
                    ctx.t("check.kind_pdf")
                ));
                lines.push(format!("SHA-256: {}", c.pdf_sha256.to_hex()));
                let selected = c.rests_on();
                lines.push(format!(
                    "{}: {}",
                    ctx.t("check.rests_on"),
                    selected
                        .iter()
                        .map(|s| format!("#{s}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
                describe(ctx, &c.excerpt, &mut lines);
                match &c.protocol {
                    Some(p) => {
                        lines.push(format!(
                            "{}: {}",
                            ctx.t("check.protocol"),
                            if p.head_matches {
                                ctx.t("check.head_matches")
                            } else {
                                ctx.t("check.head_differs")
                            }
                        ));
                        lines.push(match (p.issued_seq, p.issued_sealed) {
                            (Some(seq), true) => {
                                ctx.tf("check.recorded_sealed", &[("seq", seq.to_string())])
                            }
                            (Some(seq), false) => {
                                ctx.tf("check.recorded_unsealed", &[("seq", seq.to_string())])
                            }
                            (None, _) => ctx.t("check.not_recorded").to_string(),
                        });
                    }
                    None => lines.push(ctx.t("check.no_protocol").to_string()),
                }
                if let Some(problem) = &c.problem {
                    lines.push(format!("✗ {problem}"));
                }
                (c.problem.is_none(), lines)
            }
            Err(e) => {
                lines.push(format!("✗ {e}"));
                (false, lines)
            }
        };
    }
    match verify_file(file, VerifyOptions::default()) {
        Ok(report) => {
            let kind = if report.excerpt.is_some() {
                "check.kind_excerpt"
            } else {
                "check.kind_journal"
            };
            lines.push(format!("{}: {}", ctx.t("check.kind"), ctx.t(kind)));
            describe(ctx, &report, &mut lines);
            (report.intact(), lines)
        }
        Err(e) => {
            lines.push(format!("✗ {e}"));
            (false, lines)
        }
    }
}

fn describe(ctx: &Ctx, report: &Report, lines: &mut Vec<String>) {
    lines.push(ctx.tf("check.entries", &[("count", report.entries.to_string())]));
    if let Some(head) = report.head {
        lines.push(format!("{}: {}", ctx.t("check.head"), head.to_hex()));
    }
    match &report.fault {
        None => lines.push(format!("✓ {}", ctx.t("check.chain_ok"))),
        Some(fault) => {
            lines.push(format!(
                "✗ {}",
                ctx.tf(
                    "check.first_bad",
                    &[(
                        "seq",
                        fault
                            .seq
                            .map(|s| s.to_string())
                            .unwrap_or_else(|| "?".into())
                    )]
                )
            ));
            lines.push(format!("  {fault}"));
        }
    }
    if report.seals.is_empty() {
        lines.push(ctx.t("check.no_seal").to_string());
    }
    for seal in &report.seals {
        lines.push(
            ctx.tf(
                "check.seal",
                &[
                    ("seq", seal.seq.to_string()),
                    ("count", seal.count.to_string()),
                    (
                        "signers",
                        seal.signers
                            .iter()
                            .map(|s| {
                                format!(
                                    "{} ({})",
                                    s.name,
                                    ctx.t(if s.role.as_str() == "judge" {
                                        "role.judge"
                                    } else {
                                        "role.secretary"
                                    })
                                )
                            })
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                ],
            ),
        );
    }
    if !report.sealed {
        lines.push(ctx.t("check.not_sealed_at_end").to_string());
    }
}
