//! The one place the interface does work on hearings: the journal's appends, the seal, the
//! officials' keys, documents written and recorded (and, later, the push to the court archive).
//! Screens describe the work as a [`Job`]; [`run`] does it and answers with a [`Done`] that the
//! screen turns into its next state. It runs on the interface's thread today; the
//! request-and-answer shape is what lets it move to a background thread without touching a
//! screen.

use std::path::{Path, PathBuf};

use court::documents::Prepared;
use court::documents::issue::{DocumentSigners, issue};
use journal::entry::HearingOpened;
use journal::{Body, Hash, Role};
use pki::{CertifiedKey, Trust};
use store::{Journal, JournalError};

use crate::Ctx;
use crate::session::{Session, SessionError};

/// Work on a hearing, as a screen asks for it.
#[derive(Debug)]
pub enum Job {
    /// Create the journal of a new hearing in the data directory.
    Create(Box<HearingOpened>),
    /// Append `bodies` in order, the first as entry `first_seq`: later bodies may refer to the
    /// earlier ones by seq. Refused, with nothing written, if the journal is not at that point.
    Record { first_seq: u64, bodies: Vec<Body> },
    /// Make a demo court with the judge's and the secretary's demo keys (demo only).
    MakeKeys,
    /// Seal the closed protocol by the judge and the secretary, whose keys are open.
    Seal(Box<Signers>),
    /// Render `prepared` to a new PDF in the documents folder, sign it and record it.
    Issue(Box<Prepared>, Box<Signers>),
}

/// The officials' opened keys (admitted by the signing dialog, `crate::signing`) and the trust
/// they were admitted under. Dropped — keys wiped — once the job is done.
#[derive(Debug)]
pub struct Signers {
    pub judge: CertifiedKey,
    /// Absent for a ruling, which the judge alone signs.
    pub secretary: Option<CertifiedKey>,
    pub trust: Trust,
}

impl Signers {
    /// Who signed, as their certificates name them, judge first: `(role, name)`.
    pub fn named(&self) -> Vec<(Role, String)> {
        std::iter::once((Role::Judge, &self.judge))
            .chain(self.secretary.iter().map(|s| (Role::Secretary, s)))
            .map(|(role, key)| (role, crate::signers::holder(key)))
            .collect()
    }
}

/// What a job did.
#[derive(Debug, Clone, PartialEq)]
pub enum Done {
    Created(PathBuf),
    /// The seqs appended, in order; `failed` says why the rest were not (the ones listed are
    /// on disk all the same).
    Recorded {
        seqs: Vec<u64>,
        failed: Option<String>,
    },
    KeysMade(usize),
    /// Sealed at `seq` by `by` (role and the name their certificate gives).
    Sealed {
        seq: u64,
        by: Vec<(Role, String)>,
    },
    Issued {
        path: PathBuf,
        sha256: Hash,
        seq: u64,
        by: Vec<(Role, String)>,
    },
}

/// Why a job did nothing: one line for the status bar.
pub type Failed = String;

/// Do `job`; `session` is the hearing it concerns (`None` only for [`Job::Create`]).
pub fn run(job: Job, ctx: &Ctx, mut session: Option<&mut Session>) -> Result<Done, Failed> {
    let result = act(job, ctx, session.as_deref_mut());
    // Whatever reached the journal goes to the archive, in the background (a failed job may
    // have written part of its entries).
    if let Some(archive) = &ctx.archive {
        match (&result, session) {
            (Ok(Done::Created(path)), _) => archive.notify(path),
            (_, Some(s)) => archive.notify(&s.path),
            _ => {}
        }
    }
    result
}

fn act(job: Job, ctx: &Ctx, session: Option<&mut Session>) -> Result<Done, Failed> {
    let no_session = || ctx.t("worker.no_hearing").to_string();
    match job {
        Job::Create(opened) => create(ctx, *opened),
        Job::Record { first_seq, bodies } => {
            record(ctx, session.ok_or_else(no_session)?, first_seq, bodies)
        }
        Job::MakeKeys => make_keys(ctx, session.ok_or_else(no_session)?),
        Job::Seal(signers) => seal(ctx, session.ok_or_else(no_session)?, &signers),
        Job::Issue(prepared, signers) => {
            issue_document(ctx, session.ok_or_else(no_session)?, &prepared, &signers)
        }
    }
}

fn create(ctx: &Ctx, opened: HearingOpened) -> Result<Done, Failed> {
    let journal = Journal::create(&ctx.data_dir, opened, (ctx.clock)())
        .map_err(|e| crate::findings::journal_error(ctx, &e))?;
    Ok(Done::Created(journal.path().to_path_buf()))
}

fn record(ctx: &Ctx, s: &mut Session, first_seq: u64, bodies: Vec<Body>) -> Result<Done, Failed> {
    if s.next_seq() != first_seq {
        return Err(ctx.t("worker.moved_on").to_string());
    }
    let mut seqs = Vec::new();
    for body in bodies {
        match s.append(body) {
            Ok(seq) => seqs.push(seq),
            Err(e) => {
                let why = not_recorded(ctx, s, e);
                if seqs.is_empty() {
                    return Err(why);
                }
                return Ok(Done::Recorded {
                    seqs,
                    failed: Some(why),
                });
            }
        }
    }
    Ok(Done::Recorded { seqs, failed: None })
}

/// Why an append failed, for the status line. When another program changed the journal (it
/// grew, was cut or edited: `Changed`) the entry was not written: the journal is read again so
/// the next try continues after what stands there now. When the file was moved or replaced
/// (`Replaced`) nothing was written either, and the hearing must be opened again from where
/// its journal is. Either way the typed text stays in the dialog and its draft.
fn not_recorded(ctx: &Ctx, s: &mut Session, e: SessionError) -> String {
    match e {
        SessionError::Journal(JournalError::Changed { .. }) => match s.reload_journal() {
            Ok(()) => ctx.t("worker.changed_reloaded").to_string(),
            Err(e) => format!(
                "{} ({})",
                ctx.t("worker.changed"),
                crate::findings::session_error(ctx, &e)
            ),
        },
        SessionError::Journal(JournalError::Replaced { .. }) => {
            ctx.t("worker.replaced").to_string()
        }
        other => crate::findings::session_error(ctx, &other),
    }
}

/// The officials who seal a hearing: the judge and the secretary named at its opening.
pub fn signers(opened: &HearingOpened) -> [(Role, String); 2] {
    [
        (Role::Judge, opened.judge.clone()),
        (Role::Secretary, opened.secretary.clone()),
    ]
}

/// The key file offered to `name` signing as `role`: the one they last used or the
/// configuration names, else the demo court's for them.
pub fn find_key(ctx: &Ctx, role: Role, name: &str) -> Option<PathBuf> {
    ctx.settings
        .key(role, name)
        .or_else(|| court::demo_court::find_person(&ctx.keys_dir, role, name).map(|p| p.key))
}

/// Make a demo court and the judge's and the secretary's demo keys where they are missing
/// (their passphrases in files beside them: for the demo only).
fn make_keys(ctx: &Ctx, s: &Session) -> Result<Done, Failed> {
    let o = &s.hearing.opened;
    let demo = |role, name: &str| court::demo_court::find_person(&ctx.keys_dir, role, name);
    let before = signers(o)
        .iter()
        .filter(|(role, name)| demo(*role, name).is_some())
        .count();
    let court = pki::CourtName {
        kk: o.court.clone(),
        ru: o.court.clone(),
        bin: None,
    };
    let from = (ctx.clock)().now();
    court::demo_court::make_demo_court(&ctx.keys_dir, &o.judge, &o.secretary, &court, from)
        .map_err(|e| crate::signers::key_error(ctx, &e))?;
    Ok(Done::KeysMade(2 - before))
}

fn seal(ctx: &Ctx, s: &mut Session, signers: &Signers) -> Result<Done, Failed> {
    if !s.closed() {
        return Err(ctx.t("desk.close_first").to_string());
    }
    if s.sealed() {
        return Err(ctx.t("desk.already_sealed").to_string());
    }
    let Some(secretary) = &signers.secretary else {
        return Err(ctx.t("worker.unexpected").to_string());
    };
    match s.seal(&signers.judge, secretary, &signers.trust) {
        Ok(seq) => Ok(Done::Sealed {
            seq,
            by: signers.named(),
        }),
        Err(e) => Err(not_recorded(ctx, s, e)),
    }
}

/// Write `prepared` as a new PDF in the documents directory, signed, and record it in the
/// journal.
fn issue_document(
    ctx: &Ctx,
    s: &mut Session,
    prepared: &Prepared,
    signers: &Signers,
) -> Result<Done, Failed> {
    let dir = ctx.documents_dir();
    store::ensure_private_dir(&dir)
        .map_err(|_| ctx.tf("finding.file_io", &[("path", dir.display().to_string())]))?;
    let out = free_name(&dir, &s.path, prepared);
    let signing = DocumentSigners {
        judge: &signers.judge,
        secretary: signers.secretary.as_ref(),
        trust: &signers.trust,
    };
    let issued = s
        .released(|journal| {
            issue(
                journal,
                prepared,
                ctx.renderer(),
                &ctx.templates,
                &out,
                (ctx.clock)(),
                &signing,
            )
        })
        .map_err(|e| not_recorded(ctx, s, e))?
        .map_err(|e| crate::findings::issue_error(ctx, &e))?;
    Ok(Done::Issued {
        path: issued.path,
        sha256: issued.sha256,
        seq: issued.recorded_seq,
        by: signers.named(),
    })
}

/// `<journal>-<kind>-<seq>-<lang>.pdf`, numbered if that name is taken.
fn free_name(dir: &Path, journal: &Path, p: &Prepared) -> PathBuf {
    let stem = journal
        .file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "hearing".into());
    let base = format!(
        "{stem}-{}-{}-{}",
        p.kind.id(),
        p.measure_seq.unwrap_or(0),
        p.lang.code()
    );
    let mut path = dir.join(format!("{base}.pdf"));
    let mut n = 2;
    while path.symlink_metadata().is_ok() {
        path = dir.join(format!("{base}-{n}.pdf"));
        n += 1;
    }
    path
}
