//! Drawing the wizard: a step line on top (the current step in brackets, not only in colour),
//! then the step's own view.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::{Step, Wizard, announcement};
use crate::session::Session;
use crate::widgets::panel::wrapped;
use crate::widgets::{list, safe};
use crate::{Ctx, entries};
use law::report::{OptionOut, report};

const STEPS: [(Step, &str); 8] = [
    (Step::Who, "step.who"),
    (Step::Facts, "step.facts"),
    (Step::Options, "step.options"),
    (Step::Announce, "step.announce"),
    (Step::Explanations, "step.explanations"),
    (Step::Person, "step.person"),
    (Step::Decide, "step.decide"),
    (Step::Done, "step.done"),
];

fn mark(status: &str) -> &'static str {
    match status {
        "available" => "[✓]",
        "caution" => "[!]",
        _ => "[✗]",
    }
}

impl Wizard {
    pub fn draw(&mut self, f: &mut Frame, area: Rect, ctx: &Ctx, s: &Session) {
        let [steps, body] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(area);
        let line = STEPS
            .iter()
            .filter(|(st, _)| {
                self.coao653() || !matches!(st, Step::Announce | Step::Explanations | Step::Person)
            })
            .map(|(st, key)| {
                if *st == self.step {
                    format!("[{}]", ctx.t(key))
                } else {
                    ctx.t(key).to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(" › ");
        f.render_widget(
            Paragraph::new(safe::fit(&line, usize::from(area.width))),
            steps,
        );
        match self.step {
            Step::Who => self.draw_who(f, body, ctx, s),
            Step::Facts => self.facts.draw(f, body, ctx),
            Step::Options => self.draw_options(f, body, ctx),
            Step::Announce => {
                let text = announcement(s, self.who.as_deref());
                let lines = vec![
                    Line::raw(ctx.t("announce.explain")),
                    Line::raw(""),
                    Line::raw(safe::clean(&text)),
                ];
                f.render_widget(
                    Paragraph::new(lines).wrap(Wrap { trim: false }).block(
                        ratatui::widgets::Block::bordered()
                            .title(format!(" {} ", ctx.t("step.announce"))),
                    ),
                    body,
                );
            }
            Step::Explanations => {
                let [top, bottom] =
                    Layout::vertical([Constraint::Min(3), Constraint::Length(5)]).areas(body);
                let heard: Vec<String> = self
                    .heard(s)
                    .into_iter()
                    .map(|(id, text)| {
                        let name = s
                            .hearing
                            .participant(&id)
                            .map(|p| p.name.clone())
                            .unwrap_or(id);
                        format!("{name}: {text}")
                    })
                    .collect();
                let heard = if heard.is_empty() {
                    vec![ctx.t("explain.none").to_string()]
                } else {
                    heard
                };
                list::draw(f, top, ctx.t("explain.heard"), &heard, None, false);
                self.explanation.draw(f, bottom, ctx);
            }
            Step::Person => {
                let [top, bottom] =
                    Layout::vertical([Constraint::Length(5), Constraint::Min(5)]).areas(body);
                wrapped(
                    f,
                    top,
                    ctx.t("step.person"),
                    &[ctx.t("person.explain").to_string()],
                );
                self.person.draw(f, bottom, ctx);
            }
            Step::Decide => {
                let n = self.decide.fields.len() as u16 + 3;
                let [top, bottom] =
                    Layout::vertical([Constraint::Min(3), Constraint::Length(n)]).areas(body);
                let lines = self.chosen_lines(ctx);
                list::draw(f, top, ctx.t("decide.chosen"), &lines, None, false);
                self.decide.draw(f, bottom, ctx);
            }
            Step::Done => {
                let mut lines = vec![ctx.tf(
                    "wizard.recorded",
                    &[(
                        "seq",
                        self.measure_seq.map(|s| s.to_string()).unwrap_or_default(),
                    )],
                )];
                if let Some(o) = self.chosen_report(ctx) {
                    let case = s.hearing.opened.case_kind;
                    if let Some(due) = o.act.and_then(|act| court::acts::due(case, act)) {
                        lines.push(ctx.t(entries::due_key(due)).to_string());
                    }
                    for r in &o.follow_ups {
                        lines.push(format!("→ {} ({})", r.text, ctx.cites(&r.basis)));
                    }
                }
                lines.push(String::new());
                lines.push(ctx.t("wizard.done_hint").to_string());
                wrapped(f, body, ctx.t("step.done"), &lines);
            }
        }
    }

    fn draw_who(&self, f: &mut Frame, area: Rect, ctx: &Ctx, s: &Session) {
        let h = &s.hearing;
        let lines: Vec<String> = h
            .participants
            .iter()
            .map(|p| {
                format!(
                    "{} {} — {}",
                    p.id,
                    p.name,
                    entries::role_name(ctx, h, &p.role)
                )
            })
            .collect();
        if lines.is_empty() {
            list::draw(
                f,
                area,
                ctx.t("wizard.who"),
                &[ctx.t("wizard.add_first").to_string()],
                None,
                true,
            );
        } else {
            list::draw(
                f,
                area,
                ctx.t("wizard.who"),
                &lines,
                Some(self.who_cursor.index),
                true,
            );
        }
    }

    fn chosen_report(&self, ctx: &Ctx) -> Option<OptionOut> {
        let advice = self.advice.as_ref()?;
        let chosen = self.chosen?;
        report(advice, &ctx.catalog, ctx.lang)
            .options
            .into_iter()
            .find(|o| o.measure == chosen.id())
    }

    fn draw_options(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        let Some(advice) = &self.advice else { return };
        let rep = report(advice, &ctx.catalog, ctx.lang);
        let lines: Vec<String> = rep
            .options
            .iter()
            .map(|o| format!("{} {} — {}", mark(o.status), o.name, ctx.cites(&o.basis)))
            .collect();
        let selected = rep.options.get(self.options.index);
        if !self.why {
            let [top, bottom] =
                Layout::vertical([Constraint::Min(3), Constraint::Length(4)]).areas(area);
            list::draw(
                f,
                top,
                ctx.t("wizard.options"),
                &lines,
                Some(self.options.index),
                true,
            );
            let legend = vec![
                ctx.t("wizard.legend").to_string(),
                selected.map(|o| summary_line(ctx, o)).unwrap_or_default(),
            ];
            list::draw(f, bottom, "", &legend, None, false);
            return;
        }
        let split = if area.width >= 120 {
            Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)])
                .areas::<2>(area)
        } else {
            Layout::vertical([Constraint::Percentage(35), Constraint::Percentage(65)])
                .areas::<2>(area)
        };
        list::draw(
            f,
            split[0],
            ctx.t("wizard.options"),
            &lines,
            Some(self.options.index),
            false,
        );
        let why = selected.map(|o| self.why_lines(ctx, o)).unwrap_or_default();
        wrapped(f, split[1], ctx.t("wizard.why"), &why);
    }

    fn why_lines(&self, ctx: &Ctx, o: &OptionOut) -> Vec<String> {
        let mut out = vec![
            format!(
                "{} {} — {}",
                mark(o.status),
                o.name,
                ctx.term("status", o.status)
            ),
            format!("{}: {}", ctx.term("label", "basis"), ctx.cites(&o.basis)),
        ];
        if let Some(act) = &o.act_name {
            out.push(format!("{}: {act}", ctx.term("label", "act")));
        }
        out.push(summary_line(ctx, o));
        if let Some(a) = &o.appeal {
            let deadline = a
                .deadline
                .as_ref()
                .map(|d| {
                    format!(
                        " — {} {} ({})",
                        d.count,
                        ctx.term("unit", &d.unit),
                        ctx.term("deadline_from", &d.from)
                    )
                })
                .unwrap_or_default();
            out.push(format!(
                "{}: {}{deadline} ({})",
                ctx.term("label", "appeal"),
                a.text,
                ctx.cites(&a.basis)
            ));
        }
        for r in &o.reasons {
            // The open point in words (its question), never its catalog id.
            let open = r
                .open_point
                .as_deref()
                .map(|p| {
                    let question = ctx
                        .catalog
                        .open_points
                        .get(p)
                        .map(|q| q.question.get(ctx.lang).to_string())
                        .unwrap_or_default();
                    format!(" [{}: {question}]", ctx.term("label", "open_point"))
                })
                .unwrap_or_default();
            out.push(format!("• {} ({}){open}", r.text, ctx.cites(&r.basis)));
        }
        for r in &o.follow_ups {
            out.push(format!("→ {} ({})", r.text, ctx.cites(&r.basis)));
        }
        out
    }

    fn chosen_lines(&self, ctx: &Ctx) -> Vec<String> {
        match self.chosen_report(ctx) {
            Some(o) => self.why_lines(ctx, &o),
            None => Vec::new(),
        }
    }
}

/// Amount and limits of an option on one line (MCI with tenge, hours, days).
fn summary_line(ctx: &Ctx, o: &OptionOut) -> String {
    let mut parts = Vec::new();
    if let Some(mci) = o.amount_mci {
        let up_to = o
            .amount_kind
            .is_some_and(|k| k == law::advice::AmountKind::UpTo);
        let kzt = o
            .amount_kzt
            .map(|k| {
                format!(
                    " = {} {}",
                    court::documents::data::group_digits(k),
                    ctx.term("unit", "kzt")
                )
            })
            .unwrap_or_default();
        let amount = if up_to {
            law::report::up_to(&ctx.catalog, "mci", mci, ctx.lang)
        } else {
            format!("{mci} {}", ctx.term("unit", "mci"))
        };
        parts.push(format!("{amount}{kzt}"));
    }
    if let Some(max) = o.max_hours {
        parts.push(format!(
            "{}–{max} {}",
            o.min_hours.unwrap_or(1),
            ctx.term("unit", "hours")
        ));
    }
    if let Some(max) = o.max_days {
        parts.push(law::report::up_to(&ctx.catalog, "days", max, ctx.lang));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("{}: {}", ctx.term("label", "amount"), parts.join(" · "))
    }
}
