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
use store::Journal;

use crate::Ctx;
use crate::session::Session;

/// Work on a hearing, as a screen asks for it.
#[derive(Debug)]
pub enum Job {
    /// Create the journal of a new hearing in the data directory.
    Create(Box<HearingOpened>),
    /// Append `bodies` in order, the first as entry `first_seq`: later bodies may refer to the
    /// earlier ones by seq. Refused, with nothing written, if the journal is not at that point.
    Record { first_seq: u64, bodies: Vec<Body> },
    /// Make the judge's and the secretary's keys where they have none.
    MakeKeys,
    /// Seal the closed protocol by the judge and the secretary.
    Seal,
    /// Render `prepared` to a new PDF in the documents folder and record it.
    Issue(Box<Prepared>),
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
    Sealed(u64),
    Issued {
        path: PathBuf,
        sha256: Hash,
        seq: u64,
    },
}

/// Why a job did nothing: one line for the status bar.
pub type Failed = String;

/// Do `job`; `session` is the hearing it concerns (`None` only for [`Job::Create`]).
pub fn run(job: Job, ctx: &Ctx, session: Option<&mut Session>) -> Result<Done, Failed> {
    let no_session = || ctx.t("worker.no_hearing").to_string();
    match job {
        Job::Create(opened) => create(ctx, *opened),
        Job::Record { first_seq, bodies } => {
            record(ctx, session.ok_or_else(no_session)?, first_seq, bodies)
        }
        Job::MakeKeys => make_keys(ctx, session.ok_or_else(no_session)?),
        Job::Seal => seal(ctx, session.ok_or_else(no_session)?),
        Job::Issue(prepared) => issue_document(ctx, session.ok_or_else(no_session)?, &prepared),
    }
}

fn create(ctx: &Ctx, opened: HearingOpened) -> Result<Done, Failed> {
    let journal =
        Journal::create(&ctx.data_dir, opened, (ctx.clock)()).map_err(|e| e.to_string())?;
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
            Err(e) if seqs.is_empty() => return Err(e.to_string()),
            Err(e) => {
                return Ok(Done::Recorded {
                    seqs,
                    failed: Some(e.to_string()),
                });
            }
        }
    }
    Ok(Done::Recorded { seqs, failed: None })
}

/// The officials who seal a hearing: the judge and the secretary named at its opening.
pub fn signers(opened: &HearingOpened) -> [(Role, String); 2] {
    [
        (Role::Judge, opened.judge.clone()),
        (Role::Secretary, opened.secretary.clone()),
    ]
}

/// The key file of `role` made for `name` (the names in the opening), else none.
pub fn find_key(keys_dir: &Path, role: Role, name: &str) -> Option<PathBuf> {
    court::demo_court::find_person(keys_dir, role, name).map(|p| p.key)
}

/// Make a demo court and the judge's and the secretary's demo keys where they are missing.
fn make_keys(ctx: &Ctx, s: &Session) -> Result<Done, Failed> {
    let o = &s.hearing.opened;
    let before = signers(o)
        .iter()
        .filter(|(role, name)| find_key(&ctx.keys_dir, *role, name).is_some())
        .count();
    let court = pki::CourtName {
        kk: o.court.clone(),
        ru: o.court.clone(),
        bin: None,
    };
    let from = (ctx.clock)().now();
    court::demo_court::make_demo_court(&ctx.keys_dir, &o.judge, &o.secretary, &court, from)
        .map_err(|e| e.to_string())?;
    Ok(Done::KeysMade(2 - before))
}

/// The demo court's signers for this hearing, and the trust to check them with.
fn demo_signers(ctx: &Ctx, s: &Session) -> Result<(CertifiedKey, CertifiedKey, Trust), Failed> {
    let o = &s.hearing.opened;
    let Some(court) = court::demo_court::find_demo_court(&ctx.keys_dir, &o.judge, &o.secretary)
    else {
        let missing = if find_key(&ctx.keys_dir, Role::Judge, &o.judge).is_none() {
            "role.judge"
        } else {
            "role.secretary"
        };
        return Err(ctx.tf("desk.no_key", &[("role", ctx.t(missing).to_string())]));
    };
    let trust = court.trust().map_err(|e| e.to_string())?;
    let judge = court
        .judge
        .signer(trust.anchors())
        .map_err(|e| e.to_string())?;
    let secretary = court
        .secretary
        .signer(trust.anchors())
        .map_err(|e| e.to_string())?;
    Ok((judge, secretary, trust))
}

fn seal(ctx: &Ctx, s: &mut Session) -> Result<Done, Failed> {
    if !s.closed() {
        return Err(ctx.t("desk.close_first").to_string());
    }
    if s.sealed() {
        return Err(ctx.t("desk.already_sealed").to_string());
    }
    let (judge, secretary, trust) = demo_signers(ctx, s)?;
    s.seal(&judge, &secretary, &trust)
        .map(Done::Sealed)
        .map_err(|e| e.to_string())
}

/// Write `prepared` as a new PDF in the documents directory and record it in the journal.
fn issue_document(ctx: &Ctx, s: &mut Session, prepared: &Prepared) -> Result<Done, Failed> {
    let dir = ctx.documents_dir();
    store::ensure_private_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let out = free_name(&dir, &s.path, prepared);
    let (judge, secretary, trust) = demo_signers(ctx, s)?;
    let signers = DocumentSigners {
        judge: &judge,
        secretary: Some(&secretary),
        trust: &trust,
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
                &signers,
            )
        })
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())?;
    Ok(Done::Issued {
        path: issued.path,
        sha256: issued.sha256,
        seq: issued.recorded_seq,
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
