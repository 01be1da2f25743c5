//! Issuing a document: render it with the excerpt it rests on inside, write the PDF (0600, never
//! over an existing file), and record its SHA-256 in the journal as `ruling_issued` (for the
//! protocol PDF too, so that every issued document can be checked against the protocol).
//!
//! The journal is opened for writing (and so locked) before anything is rendered: a second
//! writer or a broken journal stops the issue before any file appears. So do signers the court's
//! authority does not vouch for now, or who are not the hearing's judge (and, for the protocol,
//! secretary).
//!
//! The PDF is signed once it is final: a ruling by the judge, the protocol by the secretary and
//! then the judge (each an incremental update, `signature`); the SHA-256 recorded is the signed
//! file's.

use std::path::{Path, PathBuf};

use super::DocumentKind;
use super::Prepared;
use super::signature::sign_pdf;
use journal::Role;
use journal::entry::RulingIssued;
use journal::seal_v2::CertSigner;
use journal::{Body, Clock, Hash};
use pki::{CertifiedKey, Trust};
use render::{Attachment, Job, RenderError, Renderer, Templates};
use store::{Journal, JournalError, PublishError, excerpt_text, publish_new_file};

/// The name the excerpt has inside every document.
pub const EXCERPT_NAME: &str = "excerpt.json";

#[derive(Debug, thiserror::Error)]
pub enum IssueError {
    #[error(transparent)]
    Journal(#[from] Box<JournalError>),
    #[error(transparent)]
    Render(#[from] Box<RenderError>),
    #[error("{}: already exists; choose another name", .0.display())]
    Exists(PathBuf),
    #[error("{}: cannot write the PDF ({op} failed: {source})", .path.display())]
    Write {
        path: PathBuf,
        op: &'static str,
        source: std::io::Error,
    },
    #[error("cannot sign the document: {0}")]
    Signer(String),
    #[error(
        "{}: the PDF was written but its SHA-256 {sha256} could not be recorded in the journal ({source}); record it before handing the document out",
        .path.display()
    )]
    NotRecorded {
        path: PathBuf,
        sha256: Hash,
        source: Box<JournalError>,
    },
}

/// What was issued.
#[derive(Debug, Clone)]
pub struct Issued {
    pub path: PathBuf,
    pub sha256: Hash,
    /// The `ruling_issued` entry's seq.
    pub recorded_seq: u64,
    pub warnings: Vec<String>,
}

/// Who signs an issued document, and the authority their certificates must chain to.
pub struct DocumentSigners<'a> {
    pub judge: &'a CertifiedKey,
    /// Required for the protocol, not used for rulings.
    pub secretary: Option<&'a CertifiedKey>,
    pub trust: &'a Trust,
}

/// Render `prepared` from the sealed `journal`, sign it, and write it into the new file `out`;
/// it is recorded in the journal with `clock`'s time, which is also the signing time.
pub fn issue(
    journal: &Path,
    prepared: &Prepared,
    renderer: &Renderer,
    templates: &Templates,
    out: &Path,
    clock: Box<dyn Clock>,
    signers: &DocumentSigners<'_>,
) -> Result<Issued, IssueError> {
    let now = clock.now();
    let mut writer = Journal::open(journal, clock).map_err(Box::new)?;
    if out.symlink_metadata().is_ok() {
        return Err(IssueError::Exists(out.to_path_buf()));
    }
    let order = signing_order(prepared.kind, signers)?;
    let officials = writer.officials().cloned();
    for (role, signer) in &order {
        admit(*role, signer, officials.as_ref(), signers.trust, now)?;
    }
    let mut pdf = render(journal, prepared, renderer, templates)?;
    for (_, signer) in &order {
        pdf.0 = sign_pdf(&pdf.0, signer, now).map_err(|e| IssueError::Signer(e.to_string()))?;
    }
    publish_new_file(out, &pdf.0).map_err(|e| match e {
        PublishError::Exists => IssueError::Exists(out.to_path_buf()),
        PublishError::Io(op, source) => IssueError::Write {
            path: out.to_path_buf(),
            op,
            source,
        },
    })?;
    let sha256 = Hash::of(&pdf.0);
    let body = Body::RulingIssued(RulingIssued {
        document_kind: prepared.kind.id().into(),
        language: prepared.lang,
        pdf_sha256: sha256,
        measure_seq: prepared.measure_seq,
    });
    let head = writer
        .append(body)
        .map_err(|source| IssueError::NotRecorded {
            path: out.to_path_buf(),
            sha256,
            source: Box::new(source),
        })?;
    Ok(Issued {
        path: out.to_path_buf(),
        sha256,
        recorded_seq: head.seq,
        warnings: pdf.1,
    })
}

/// Who signs, in order: a ruling by the judge; the protocol by the secretary, then the judge.
fn signing_order<'a>(
    kind: DocumentKind,
    signers: &DocumentSigners<'a>,
) -> Result<Vec<(Role, &'a CertifiedKey)>, IssueError> {
    match (kind, signers.secretary) {
        (DocumentKind::Protocol, Some(secretary)) => Ok(vec![
            (Role::Secretary, secretary),
            (Role::Judge, signers.judge),
        ]),
        (DocumentKind::Protocol, None) => Err(IssueError::Signer(
            "the protocol is signed by the judge and the secretary; the secretary's key is missing"
                .into(),
        )),
        _ => Ok(vec![(Role::Judge, signers.judge)]),
    }
}

/// The same checks as sealing: the court's certificate, valid now, for the role, naming the
/// hearing's official in that role.
fn admit(
    role: Role,
    signer: &CertifiedKey,
    officials: Option<&journal::Officials>,
    trust: &Trust,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<(), IssueError> {
    let verdict = trust.evaluate(CertSigner::certificate(signer), now, role.into());
    if !verdict.authenticated() {
        return Err(IssueError::Signer(format!(
            "the {}'s certificate is refused: {}",
            role.as_str(),
            verdict.status.describe()
        )));
    }
    let named = signer.certificate().holder().common_name.clone();
    let expected = officials.map(|o| match role {
        Role::Judge => &o.judge,
        Role::Secretary => &o.secretary,
    });
    let same = |a: &str, b: &str| {
        let n = |s: &str| {
            s.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        n(a) == n(b)
    };
    match (named, expected) {
        (Some(n), Some(e)) if same(&n, e) => Ok(()),
        _ => Err(IssueError::Signer(format!(
            "the {0}'s certificate names another person than the hearing's {0}",
            role.as_str()
        ))),
    }
}

/// The PDF bytes and Typst's warnings. Deterministic: the date, identifier and timestamp come
/// from the journal's latest seal, so the same protocol gives the same bytes.
pub fn render(
    journal: &Path,
    prepared: &Prepared,
    renderer: &Renderer,
    templates: &Templates,
) -> Result<(Vec<u8>, Vec<String>), IssueError> {
    with_job(journal, prepared, |job| {
        let rendered = renderer.render(templates, job).map_err(Box::new)?;
        Ok((rendered.pdf, rendered.warnings))
    })
}

/// The document's text as it will be laid out, for a preview before issuing it.
pub fn preview(
    journal: &Path,
    prepared: &Prepared,
    renderer: &Renderer,
    templates: &Templates,
) -> Result<Vec<String>, IssueError> {
    with_job(journal, prepared, |job| {
        Ok(renderer.preview(templates, job).map_err(Box::new)?)
    })
}

/// The render job of `prepared`, with the excerpt it rests on attached.
fn with_job<T>(
    journal: &Path,
    prepared: &Prepared,
    f: impl FnOnce(&Job) -> Result<T, IssueError>,
) -> Result<T, IssueError> {
    let (excerpt, summary) = excerpt_text(journal, &prepared.basis).map_err(Box::new)?;
    let sealed_at = summary
        .seal_time
        .unwrap_or_else(|| chrono::DateTime::UNIX_EPOCH.fixed_offset());
    let template = prepared.kind.template(prepared.lang);
    let ident = format!(
        "{}#{}#{}#{}",
        summary.head,
        prepared.kind.id(),
        prepared.measure_seq.unwrap_or(0),
        prepared.lang.code()
    );
    let job = Job {
        template: &template,
        data: &prepared.data,
        today: sealed_at.date_naive(),
        ident: &ident,
        timestamp: sealed_at,
        attachments: vec![Attachment {
            name: EXCERPT_NAME.into(),
            bytes: excerpt.into_bytes(),
        }],
        title: prepared.title.clone(),
        description: None,
        keywords: vec![format!("hattama:{}", prepared.kind.id())],
    };
    f(&job)
}
