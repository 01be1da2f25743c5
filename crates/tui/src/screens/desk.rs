//! The secretary's desk: review the protocol, add corrections (never edits) and remarks with
//! the judge's decision on them, close the hearing, seal it by judge and secretary, and export
//! the protocol PDF.

use std::path::PathBuf;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};

use super::documents::issue_document;
use super::events::Purpose;
use super::hearing::{Sub, protocol_lines};
use super::list::{self, Cursor};
use super::{Action, Status};
use crate::Ctx;
use crate::session::Session;
use court::demo_court::{find_demo_court, find_person, make_demo_court};
use court::documents::protocol::prepare_protocol;
use journal::{Kind, Role};
use pki::CourtName;

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
        vec![
            ("c", "keys.correction"),
            ("m", "keys.remark"),
            ("d", "keys.decide_remark"),
            ("x", "keys.close"),
            ("g", "keys.make_keys"),
            ("s", "keys.seal"),
            ("p", "keys.protocol_pdf"),
            ("↑↓", "keys.move"),
            ("Esc", "keys.leave"),
        ]
    }

    pub fn on_key(&mut self, key: KeyEvent, ctx: &Ctx, s: &mut Session) -> Sub {
        let n = s.hearing.entries.len();
        if self.cursor.on_key(key, n) {
            return Sub::Stay(Action::None);
        }
        let selected = s
            .hearing
            .entries
            .get(self.cursor.index)
            .map(|e| (e.seq, e.kind));
        let status = |st: Status| Sub::Stay(Action::Status(st));
        match key.code {
            KeyCode::Esc => Sub::Leave(None),
            KeyCode::Char('c') => match selected {
                Some((seq, kind)) if kind != Kind::Sealed => {
                    Sub::Dialog(Purpose::Correction { seq })
                }
                _ => status(Status::error(ctx.t("desk.pick_entry"))),
            },
            KeyCode::Char('m') => Sub::Dialog(Purpose::Remark),
            KeyCode::Char('d') => match selected {
                Some((seq, Kind::RemarkFiled)) => Sub::Dialog(Purpose::Decide { seq }),
                _ => status(Status::error(ctx.t("desk.pick_remark"))),
            },
            KeyCode::Char('x') if s.closed() => status(Status::error(ctx.t("desk.already_closed"))),
            KeyCode::Char('x') => Sub::Dialog(Purpose::Close),
            KeyCode::Char('g') => {
                let st = make_keys(ctx, s);
                self.keys_found = keys_found(ctx, s);
                status(st)
            }
            KeyCode::Char('s') => {
                let st = seal(ctx, s);
                self.cursor.index = s.hearing.entries.len().saturating_sub(1);
                status(st)
            }
            KeyCode::Char('p') => {
                let lang = crate::screens::documents::proceedings(s);
                let prepared = match prepare_protocol(&s.hearing, lang, &ctx.catalog) {
                    Ok(p) => p,
                    Err(e) => return status(Status::error(e.to_string())),
                };
                let st = issue_document(ctx, s, &prepared);
                self.cursor.index = s.hearing.entries.len().saturating_sub(1);
                status(st)
            }
            _ => Sub::Stay(Action::None),
        }
    }

    pub fn draw(&mut self, f: &mut Frame, area: Rect, ctx: &Ctx, s: &Session) {
        self.cursor.clamp(s.hearing.entries.len());
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(66), Constraint::Percentage(34)])
                .areas(area);
        let lines = protocol_lines(ctx, &s.hearing);
        list::draw(
            f,
            left,
            ctx.t("hearing.protocol"),
            &lines,
            Some(self.cursor.index),
            true,
        );
        super::wizard::wrapped(
            f,
            right,
            ctx.t("desk.state"),
            &state_lines(ctx, s, self.keys_found),
        );
    }
}

fn keys_found(ctx: &Ctx, s: &Session) -> [bool; 2] {
    signers(s).map(|(role, name)| find_key(ctx, role, &name).is_some())
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
    out.push(String::new());
    out.push(format!("{}:", ctx.t("desk.keys")));
    for ((role, name), found) in signers(s).into_iter().zip(found) {
        let mark = if found { "✓" } else { "✗" };
        out.push(format!("{mark} {} — {name}", ctx.t(role_key(role))));
    }
    out.push(ctx.t("desk.keys_dir").to_string());
    out.push(ctx.keys_dir.display().to_string());
    out
}

fn role_key(role: Role) -> &'static str {
    match role {
        Role::Judge => "role.judge",
        Role::Secretary => "role.secretary",
    }
}

fn signers(s: &Session) -> [(Role, String); 2] {
    let o = &s.hearing.opened;
    [
        (Role::Judge, o.judge.clone()),
        (Role::Secretary, o.secretary.clone()),
    ]
}

/// The demo key of `role` made for `name` (the names in the opening), else none. Until the
/// interface asks for key files and passphrases, it signs only with demo keys whose passphrases
/// are in files beside them (`court::demo_court`).
fn find_key(ctx: &Ctx, role: Role, name: &str) -> Option<PathBuf> {
    find_person(&ctx.keys_dir, role, name).map(|p| p.key)
}

/// Make a demo court and the judge's and the secretary's demo keys where they are missing.
fn make_keys(ctx: &Ctx, s: &Session) -> Status {
    let [(_, judge), (_, secretary)] = signers(s);
    let before = signers(s)
        .iter()
        .filter(|(role, name)| find_key(ctx, *role, name).is_some())
        .count();
    let court = CourtName {
        kk: s.hearing.opened.court.clone(),
        ru: s.hearing.opened.court.clone(),
        bin: None,
    };
    let from = (ctx.clock)().now();
    if let Err(e) = make_demo_court(&ctx.keys_dir, &judge, &secretary, &court, from) {
        return Status::error(e.to_string());
    }
    let made = 2 - before;
    Status::ok(ctx.tf("desk.keys_made", &[("count", made.to_string())]))
}

/// The demo court's signers for this hearing, and the trust to check them with.
pub fn demo_signers(
    ctx: &Ctx,
    s: &Session,
) -> Result<(pki::CertifiedKey, pki::CertifiedKey, pki::Trust), String> {
    let [(_, judge), (_, secretary)] = signers(s);
    let Some(court) = find_demo_court(&ctx.keys_dir, &judge, &secretary) else {
        let missing = if find_key(ctx, Role::Judge, &judge).is_none() {
            Role::Judge
        } else {
            Role::Secretary
        };
        return Err(ctx.tf(
            "desk.no_key",
            &[("role", ctx.t(role_key(missing)).to_string())],
        ));
    };
    let trust = court.trust().map_err(|e| e.to_string())?;
    let j = court
        .judge
        .signer(trust.anchors())
        .map_err(|e| e.to_string())?;
    let sec = court
        .secretary
        .signer(trust.anchors())
        .map_err(|e| e.to_string())?;
    Ok((j, sec, trust))
}

fn seal(ctx: &Ctx, s: &mut Session) -> Status {
    if !s.closed() {
        return Status::error(ctx.t("desk.close_first"));
    }
    if s.sealed() {
        return Status::error(ctx.t("desk.already_sealed"));
    }
    let (judge, secretary, trust) = match demo_signers(ctx, s) {
        Ok(x) => x,
        Err(e) => return Status::error(e),
    };
    match s.seal(&judge, &secretary, &trust) {
        Ok(seq) => Status::ok(ctx.tf("desk.sealed", &[("seq", seq.to_string())])),
        Err(e) => Status::error(e.to_string()),
    }
}
