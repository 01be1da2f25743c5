//! The signing dialog: before a seal or a signed document, each signer in turn gives their key
//! file and types their passphrase (masked). Each key is opened and admitted at once — the
//! court's certificate, valid now, not revoked, of that role and person — so a refusal comes
//! before the next person is asked and before anything is written. The court authority's
//! certificate and revocation list come from the settings, asked for first when missing.
//!
//! The passphrase is held in memory that is wiped when dropped, is never drawn, never kept in a
//! draft, and is dropped as soon as the key is opened (or refused). Only paths are remembered.

use std::path::PathBuf;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use zeroize::Zeroizing;

use court::documents::{DocumentKind, Prepared};
use journal::Role;
use pki::{CertifiedKey, Passphrase, Trust};

use crate::Ctx;
use crate::session::Session;
use crate::settings::TrustFiles;
use crate::signers::{self, role_key};
use crate::widgets::safe;
use crate::worker::{Job, Signers};

/// The longest path or passphrase a field takes, in bytes (the passphrase's buffer size).
const MAX_PASSPHRASE_BYTES: usize = 4096;

/// What the signatures are for.
#[derive(Debug)]
pub enum SignFor {
    /// The seal of the closed protocol: the judge, then the secretary.
    Seal,
    /// A document: a ruling by the judge; the protocol by the judge, then the secretary.
    Issue(Box<Prepared>),
}

impl SignFor {
    fn roles(&self) -> Vec<Role> {
        match self {
            SignFor::Issue(p) if p.kind != DocumentKind::Protocol => vec![Role::Judge],
            _ => vec![Role::Judge, Role::Secretary],
        }
    }
}

/// What a key did to the dialog.
pub enum SignEvent {
    /// Still asking; the line (if any) goes to the status bar.
    Asking(Option<Result<String, String>>),
    /// Cancelled: nothing was signed or written.
    Cancelled,
    /// Every signer is admitted: the work to do.
    Ready(Job),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Focus {
    First,
    Second,
}

enum Step {
    /// The court authority's certificate and revocation list.
    Trust { ca: String, crl: String },
    /// Signer `index` of `roles`: their key file and passphrase.
    Signer {
        index: usize,
        key: String,
        passphrase: Zeroizing<String>,
    },
}

pub struct Signing {
    purpose: Option<SignFor>,
    roles: Vec<Role>,
    /// The hearing's official in each role (whom the certificate must name).
    names: Vec<String>,
    step: Step,
    focus: Focus,
    trust: Option<Trust>,
    signers: Vec<CertifiedKey>,
    /// The trust files offered came from the demo court (said on screen).
    demo_trust: bool,
}

impl Signing {
    pub fn new(purpose: SignFor, ctx: &Ctx, s: &Session) -> Signing {
        let roles = purpose.roles();
        let o = &s.hearing.opened;
        let names = roles
            .iter()
            .map(|r| match r {
                Role::Judge => o.judge.clone(),
                Role::Secretary => o.secretary.clone(),
            })
            .collect();
        let mut files = ctx.settings.trust();
        let mut demo_trust = false;
        if files.ca.is_none()
            && let Some(court) =
                court::demo_court::find_demo_court(&ctx.keys_dir, &o.judge, &o.secretary)
        {
            files = TrustFiles {
                ca: Some(court.authority.certificate_path()),
                crl: Some(court.authority.crl_path()),
            };
            demo_trust = true;
        }
        let mut signing = Signing {
            purpose: Some(purpose),
            roles,
            names,
            step: Step::Trust {
                ca: path_text(files.ca.as_ref()),
                crl: path_text(files.crl.as_ref()),
            },
            focus: Focus::First,
            trust: None,
            signers: Vec::new(),
            demo_trust,
        };
        // Configured trust that loads is not asked for again.
        if !demo_trust
            && files.ca.is_some()
            && let Ok(trust) = signers::load_trust(ctx, &files)
        {
            signing.trust = Some(trust);
            signing.ask_signer(ctx, 0);
        }
        signing
    }

    /// Ask signer `index`: the passphrase first when their key file is known.
    fn ask_signer(&mut self, ctx: &Ctx, index: usize) {
        self.step = self.signer_step(ctx, index);
        self.focus = match &self.step {
            Step::Signer { key, .. } if key.is_empty() => Focus::First,
            _ => Focus::Second,
        };
    }

    fn signer_step(&self, ctx: &Ctx, index: usize) -> Step {
        let role = self.roles.get(index).copied().unwrap_or(Role::Judge);
        let name = self.names.get(index).map(String::as_str).unwrap_or("");
        let key = ctx
            .settings
            .key(role, name)
            .or_else(|| court::demo_court::find_person(&ctx.keys_dir, role, name).map(|p| p.key));
        Step::Signer {
            index,
            key: path_text(key.as_ref()),
            // Reserved once, so typing never reallocates and leaves no copy behind.
            passphrase: Zeroizing::new(String::with_capacity(MAX_PASSPHRASE_BYTES)),
        }
    }

    pub fn on_key(&mut self, key: KeyEvent, ctx: &Ctx) -> SignEvent {
        match key.code {
            KeyCode::Esc => return SignEvent::Cancelled,
            KeyCode::Enter => return self.submit(ctx),
            KeyCode::Tab | KeyCode::BackTab | KeyCode::Up | KeyCode::Down => {
                self.focus = match self.focus {
                    Focus::First => Focus::Second,
                    Focus::Second => Focus::First,
                };
                return SignEvent::Asking(None);
            }
            _ => {}
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let field: &mut String = match (&mut self.step, self.focus) {
            (Step::Trust { ca, .. }, Focus::First) => ca,
            (Step::Trust { crl, .. }, Focus::Second) => crl,
            (Step::Signer { key, .. }, Focus::First) => key,
            (Step::Signer { passphrase, .. }, Focus::Second) => passphrase,
        };
        match key.code {
            KeyCode::Backspace => {
                field.pop();
            }
            KeyCode::Char('u') if ctrl => field.clear(),
            KeyCode::Char(c) if !ctrl && field.len() + c.len_utf8() <= MAX_PASSPHRASE_BYTES => {
                field.push(c)
            }
            _ => {}
        }
        SignEvent::Asking(None)
    }

    /// A paste into the focused field (a path, usually; a pasted passphrase is taken too).
    pub fn paste(&mut self, text: &str) {
        let field: &mut String = match (&mut self.step, self.focus) {
            (Step::Trust { ca, .. }, Focus::First) => ca,
            (Step::Trust { crl, .. }, Focus::Second) => crl,
            (Step::Signer { key, .. }, Focus::First) => key,
            (Step::Signer { passphrase, .. }, Focus::Second) => passphrase,
        };
        for c in text.chars().filter(|c| !c.is_control()) {
            if field.len() + c.len_utf8() > MAX_PASSPHRASE_BYTES {
                break;
            }
            field.push(c);
        }
    }

    fn submit(&mut self, ctx: &Ctx) -> SignEvent {
        match &mut self.step {
            Step::Trust { ca, crl } => {
                let files = TrustFiles {
                    ca: non_empty(ca),
                    crl: non_empty(crl),
                };
                match signers::load_trust(ctx, &files) {
                    Ok(trust) => {
                        self.trust = Some(trust);
                        // Remembered only once it works; the demo court's is not a setting.
                        if !self.demo_trust {
                            let _ = ctx.settings.remember_trust(&files);
                        }
                        self.ask_signer(ctx, 0);
                        SignEvent::Asking(None)
                    }
                    Err(e) => SignEvent::Asking(Some(Err(e))),
                }
            }
            Step::Signer {
                index,
                key,
                passphrase,
            } => {
                let index = *index;
                let role = self.roles.get(index).copied().unwrap_or(Role::Judge);
                let name = self.names.get(index).cloned().unwrap_or_default();
                let Some(trust) = &self.trust else {
                    return SignEvent::Cancelled;
                };
                let Some(path) = non_empty(key) else {
                    self.focus = Focus::First;
                    return SignEvent::Asking(Some(Err(ctx.t("sign.key_missing").to_string())));
                };
                // A plain, shared or absent key file is refused before the passphrase counts.
                if let Err(e) = signers::check_key_file(ctx, &path) {
                    passphrase.clear();
                    self.focus = Focus::First;
                    return SignEvent::Asking(Some(Err(e)));
                }
                let typed = std::mem::replace(
                    &mut **passphrase,
                    String::with_capacity(MAX_PASSPHRASE_BYTES),
                );
                let pass = if typed.is_empty() {
                    match demo_passphrase(&path) {
                        Some(p) => p,
                        None => {
                            self.focus = Focus::Second;
                            return SignEvent::Asking(Some(Err(ctx
                                .t("sign.passphrase_missing")
                                .to_string())));
                        }
                    }
                } else {
                    Passphrase::new(typed)
                };
                let at = (ctx.clock)().now();
                match signers::open_signer(ctx, trust, role, &name, &path, pass, at) {
                    Ok(signer) => {
                        let _ = ctx.settings.remember_key(role, &name, &path);
                        self.signers.push(signer);
                        if index + 1 < self.roles.len() {
                            self.ask_signer(ctx, index + 1);
                            let who = ctx.t(role_key(role)).to_string();
                            SignEvent::Asking(Some(Ok(ctx.tf("sign.admitted", &[("role", who)]))))
                        } else {
                            self.finish(ctx)
                        }
                    }
                    Err(e) => {
                        self.focus = Focus::Second;
                        SignEvent::Asking(Some(Err(e)))
                    }
                }
            }
        }
    }

    fn finish(&mut self, ctx: &Ctx) -> SignEvent {
        let (Some(purpose), Some(trust)) = (self.purpose.take(), self.trust.take()) else {
            return SignEvent::Cancelled;
        };
        let mut signers = std::mem::take(&mut self.signers).into_iter();
        let Some(judge) = signers.next() else {
            return SignEvent::Asking(Some(Err(ctx.t("worker.unexpected").to_string())));
        };
        let signed = Box::new(Signers {
            judge,
            secretary: signers.next(),
            trust,
        });
        SignEvent::Ready(match purpose {
            SignFor::Seal => Job::Seal(signed),
            SignFor::Issue(prepared) => Job::Issue(prepared, signed),
        })
    }

    pub fn draw(&self, f: &mut Frame, area: Rect, ctx: &Ctx) {
        f.render_widget(Clear, area);
        let (title, first, second, a, b, secret) = match &self.step {
            Step::Trust { ca, crl } => (
                ctx.t("sign.trust_title").to_string(),
                "sign.ca",
                "sign.crl",
                ca.as_str(),
                crl.as_str(),
                false,
            ),
            Step::Signer {
                index,
                key,
                passphrase,
            } => {
                let role = self.roles.get(*index).copied().unwrap_or(Role::Judge);
                let name = self.names.get(*index).map(String::as_str).unwrap_or("");
                (
                    ctx.tf(
                        "sign.signer_title",
                        &[
                            ("role", ctx.t(role_key(role)).to_string()),
                            ("name", name.to_string()),
                            ("n", (index + 1).to_string()),
                            ("of", self.roles.len().to_string()),
                        ],
                    ),
                    "sign.key",
                    "sign.passphrase",
                    key.as_str(),
                    passphrase.as_str(),
                    true,
                )
            }
        };
        let block = Block::bordered().title(safe::fit(&format!(" {title} "), area.width as usize));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let width = usize::from(inner.width);
        let label_w = [first, second]
            .iter()
            .map(|k| safe::width_of(ctx.t(k)))
            .max()
            .unwrap_or(10)
            .min(width / 2)
            + 2;
        let value_w = width.saturating_sub(label_w + 2);
        let row = |label: &'static str, value: String, focused: bool| {
            let mark = if focused { "▶" } else { " " };
            let shown = if focused {
                format!("{}▏", safe::tail(&value, value_w.saturating_sub(1)))
            } else {
                safe::fit(&value, value_w)
            };
            let style = if focused {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
            };
            Line::from(vec![
                ratatui::text::Span::raw(format!(
                    "{mark}{:<w$} ",
                    safe::fit(ctx.t(label), label_w - 1),
                    w = label_w - 1
                )),
                ratatui::text::Span::styled(shown, style),
            ])
        };
        // The passphrase is never drawn: one dot per character typed, nothing else.
        let second_value = if secret {
            "•".repeat(b.chars().count())
        } else {
            b.to_string()
        };
        let mut lines = vec![
            row(first, a.to_string(), self.focus == Focus::First),
            row(second, second_value, self.focus == Focus::Second),
        ];
        let mut notes = Vec::new();
        match &self.step {
            Step::Trust { .. } if self.demo_trust => notes.push(ctx.t("sign.demo_trust")),
            Step::Trust { .. } => notes.push(ctx.t("sign.trust_explain")),
            Step::Signer { key, .. } => {
                notes.push(ctx.t("sign.explain"));
                if demo_passphrase(&PathBuf::from(key.trim())).is_some() {
                    notes.push(ctx.t("sign.demo_key"));
                }
            }
        }
        for note in notes {
            lines.push(Line::from(ratatui::text::Span::styled(
                note.to_string(),
                Style::default().add_modifier(Modifier::DIM),
            )));
        }
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    }
}

/// The demo court's passphrase file beside a demo key (`ROLE-FP.passphrase`, written only by
/// `hattama demo` and the desk's demo-court key): read for the demo, never for a real key.
fn demo_passphrase(key: &std::path::Path) -> Option<Passphrase> {
    let file = key.with_extension("passphrase");
    if key.extension().is_none_or(|x| x != "key") || !file.is_file() {
        return None;
    }
    court::demo_court::read_passphrase(&file).ok()
}

fn non_empty(s: &str) -> Option<PathBuf> {
    let t = s.trim();
    (!t.is_empty()).then(|| PathBuf::from(t))
}

fn path_text(p: Option<&PathBuf>) -> String {
    p.map(|p| p.display().to_string()).unwrap_or_default()
}
