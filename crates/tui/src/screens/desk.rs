//! The secretary's desk: review the protocol, add corrections (never edits), translations of an
//! entry's free text into the other language of documents, and remarks with the judge's decision
//! on them, close the hearing, seal it by judge and secretary, and export the protocol PDF.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};

use crate::dialogs::{self, Purpose, translatable};
use crate::flow::{Status, Sub};
use crate::keymap::{Binding, Keymap, MOVE_KEYS};
use crate::session::Session;
use crate::signers::role_key;
use crate::signing::SignFor;
use crate::widgets::list::{self, Cursor};
use crate::widgets::panel;
use crate::worker::{Done, Failed, Job, find_key, signers};
use crate::{Ctx, entries};
use court::documents::protocol::prepare_protocol;
use journal::Kind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cmd {
    Correction,
    Translate,
    Remark,
    Decide,
    Close,
    MakeKeys,
    Seal,
    ProtocolPdf,
    Move,
    Leave,
}

const KEYS: Keymap<Cmd> = Keymap(&[
    Binding::new(
        &[KeyCode::Char('c')],
        "c",
        "keys.correction",
        Cmd::Correction,
    ),
    Binding::new(&[KeyCode::Char('t')], "t", "keys.translate", Cmd::Translate),
    Binding::new(&[KeyCode::Char('m')], "m", "keys.remark", Cmd::Remark),
    Binding::new(
        &[KeyCode::Char('d')],
        "d",
        "keys.decide_remark",
        Cmd::Decide,
    ),
    Binding::new(&[KeyCode::Char('x')], "x", "keys.close", Cmd::Close),
    Binding::new(&[KeyCode::Char('g')], "g", "keys.make_keys", Cmd::MakeKeys),
    Binding::new(&[KeyCode::Char('s')], "s", "keys.seal", Cmd::Seal),
    Binding::new(
        &[KeyCode::Char('p')],
        "p",
        "keys.protocol_pdf",
        Cmd::ProtocolPdf,
    ),
    Binding::new(MOVE_KEYS, "↑↓", "keys.move", Cmd::Move),
    Binding::new(&[KeyCode::Esc], "Esc", "keys.leave", Cmd::Leave),
]);

pub struct Desk {
    cursor: Cursor,
    /// Whether each signer's key is in the keys folder: looked up when the desk opens and after
    /// `g`, not on every frame (it reads the key files).
    keys_found: [bool; 2],
}

impl Desk {
    pub fn new(ctx: &Ctx, s: &Session) -> Desk {
        Desk {
            cursor: Cursor {
                index: s.hearing.entries.len().saturating_sub(1),
            },
            keys_found: keys_found(ctx, s),
        }
    }

    pub fn keys(&self) -> Vec<(&'static str, &'static str)> {
        KEYS.help()
    }

    pub fn on_key(&mut self, key: KeyEvent, ctx: &Ctx, s: &Session) -> Sub {
        let Some(cmd) = KEYS.command(&key) else {
            return Sub::none();
        };
        let selected = s
            .hearing
            .entries
            .get(self.cursor.index)
            .map(|e| (e.seq, e.kind));
        match cmd {
            Cmd::Move => {
                self.cursor.on_key(key, s.hearing.entries.len());
                Sub::none()
            }
            Cmd::Leave => Sub::Leave(None),
            Cmd::Correction => match selected {
                Some((seq, kind)) if kind != Kind::Sealed => {
                    Sub::Dialog(Purpose::Correction { seq })
                }
                _ => Sub::error(ctx.t("desk.pick_entry")),
            },
            Cmd::Translate => match selected {
                Some((seq, _)) if !translatable(&s.hearing, seq).is_empty() => {
                    Sub::Dialog(Purpose::Translate { seq })
                }
                _ => Sub::error(ctx.t("desk.nothing_to_translate")),
            },
            Cmd::Remark => Sub::Dialog(Purpose::Remark),
            Cmd::Decide => match selected {
                Some((seq, Kind::RemarkFiled)) => Sub::Dialog(Purpose::Decide { seq }),
                _ => Sub::error(ctx.t("desk.pick_remark")),
            },
            Cmd::Close if s.closed() => Sub::error(ctx.t("desk.already_closed")),
            Cmd::Close => Sub::Dialog(Purpose::Close),
            Cmd::MakeKeys => Sub::Do(Job::MakeKeys),
            Cmd::Seal if !s.closed() => Sub::error(ctx.t("desk.close_first")),
            Cmd::Seal if s.sealed() => Sub::error(ctx.t("desk.already_sealed")),
            Cmd::Seal => Sub::Sign(SignFor::Seal),
            Cmd::ProtocolPdf => match prepare_protocol(&s.hearing, s.language(), &ctx.catalog) {
                Ok(prepared) => Sub::Sign(SignFor::Issue(Box::new(prepared))),
                Err(e) => Sub::error(
                    crate::findings::document_error(ctx, &e, |lack| {
                        super::documents::lack_text(ctx, &s.hearing, lack)
                    })
                    .join("; "),
                ),
            },
        }
    }

    /// The worker's answer to what the desk asked.
    pub fn done(&mut self, result: Result<Done, Failed>, ctx: &Ctx, s: &Session) -> Sub {
        self.cursor.index = s.hearing.entries.len().saturating_sub(1);
        match result {
            Ok(Done::KeysMade(made)) => {
                self.keys_found = keys_found(ctx, s);
                Sub::status(Status::ok(
                    ctx.tf("desk.keys_made", &[("count", made.to_string())]),
                ))
            }
            Ok(Done::Sealed { seq, by }) => Sub::status(Status::ok(ctx.tf(
                "desk.sealed",
                &[
                    ("seq", seq.to_string()),
                    ("signers", dialogs::signed_by(ctx, &by)),
                ],
            ))),
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
        self.cursor.clamp(s.hearing.entries.len());
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(66), Constraint::Percentage(34)])
                .areas(area);
        let lines = entries::protocol_lines(ctx, &s.hearing);
        list::draw(
            f,
            left,
            ctx.t("hearing.protocol"),
            &lines,
            Some(self.cursor.index),
            true,
        );
        panel::wrapped(
            f,
            right,
            ctx.t("desk.state"),
            &state_lines(ctx, s, self.keys_found),
        );
    }
}

fn keys_found(ctx: &Ctx, s: &Session) -> [bool; 2] {
    signers(&s.hearing.opened).map(|(role, name)| find_key(ctx, role, &name).is_some())
}

fn state_lines(ctx: &Ctx, s: &Session, found: [bool; 2]) -> Vec<String> {
    let mut out = Vec::new();
    out.push(
        if s.closed() {
            ctx.t("desk.closed_yes")
        } else {
            ctx.t("desk.closed_no")
        }
        .to_string(),
    );
    match s.hearing.last_seal() {
        Some((e, seal)) if s.sealed() => out.push(ctx.tf(
            "desk.sealed_at",
            &[
                ("seq", e.seq.to_string()),
                ("count", seal.count().unwrap_or_default().to_string()),
            ],
        )),
        Some((e, _)) => out.push(ctx.tf("desk.reseal", &[("seq", e.seq.to_string())])),
        None => out.push(ctx.t("desk.not_sealed").to_string()),
    }
    let open_remarks = s
        .hearing
        .entries
        .iter()
        .filter(|e| e.kind == Kind::RemarkFiled)
        .filter(|e| {
            !s.hearing.entries.iter().any(|d| {
                matches!(&d.body, Some(journal::Body::RemarkDecided(r)) if r.remark_seq == e.seq)
            })
        })
        .count();
    if open_remarks > 0 {
        out.push(ctx.tf("desk.open_remarks", &[("count", open_remarks.to_string())]));
    }
    archive_lines(ctx, s, &mut out);
    out.push(String::new());
    out.push(format!("{}:", ctx.t("desk.keys")));
    for ((role, name), found) in signers(&s.hearing.opened).into_iter().zip(found) {
        let known = if found {
            ctx.t("desk.key_known")
        } else {
            ctx.t("desk.key_asked")
        };
        out.push(format!("{} — {name}: {known}", ctx.t(role_key(role))));
    }
    out.push(ctx.t("desk.keys_explain").to_string());
    out
}

/// This hearing's archive state, and every journal of this PC in alert (a fork is a rewrite
/// of this protocol or of the archive's copy: the court's IT officer must see it).
fn archive_lines(ctx: &Ctx, s: &Session, out: &mut Vec<String>) {
    let Some(archive) = ctx.archive.as_deref() else {
        out.push(ctx.t("archive.none").to_string());
        return;
    };
    if let Some(line) = crate::archive::line(ctx, &s.path) {
        out.push(format!("{}: {line}", ctx.t("archive.title")));
    }
    // This PC's own certificate, said a month before the archive starts refusing it.
    if let Some(end) = archive.certificate_end() {
        let date = ("date", crate::signers::day(&end));
        let said = match pki::ending(end, chrono::Utc::now()) {
            pki::Ending::Soon { days } => {
                Some(ctx.tf("archive.cert_soon", &[date, ("days", days.to_string())]))
            }
            pki::Ending::Ended => Some(ctx.tf("archive.cert_ended", &[date])),
            pki::Ending::Far => None,
        };
        if let Some(said) = said {
            out.push(format!("⚠ {said} — {}", ctx.t("archive.alert_hint")));
        }
    }
    for (path, state) in archive.alerts() {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.push(format!(
            "⚠ {}: {} — {}",
            crate::widgets::safe::clean(&name),
            crate::archive::words(ctx, &state),
            ctx.t("archive.alert_hint")
        ));
    }
}
