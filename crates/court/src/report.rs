//! What a check of a journal or an excerpt found, for every reader (the command line's `verify`,
//! the interface's appellate check): the chain's report and, when the chain is intact, what the
//! entries mean for the law (`validity`) — one place, so both say the same.

use std::path::Path;

use journal::{Entry, Report, VerifyOptions};
use law::Catalog;
use store::JournalError;

use crate::documents::binding::DocumentCheck;
use crate::validity::{Problem, Validity};

/// The court's check of what entries mean, fed as the file is verified.
pub struct Meaning<'c>(pub Validity<'c>);

impl<'c> Meaning<'c> {
    pub fn new(catalog: &'c Catalog) -> Meaning<'c> {
        Meaning(Validity::new(catalog))
    }
}

impl store::Inspect for Meaning<'_> {
    fn entry(&mut self, entry: &Entry) {
        self.0.entry(entry);
    }
}

/// A verified file and what its entries mean (reported only when the chain is intact: a
/// tampered journal's values are beside the point).
pub struct Checked {
    pub report: Report,
    pub problems: Vec<Problem>,
}

impl Checked {
    pub fn new(report: Report, meaning: Meaning<'_>) -> Checked {
        let problems = if report.intact() {
            meaning.0.into_problems()
        } else {
            Vec::new()
        };
        Checked { report, problems }
    }

    /// Every warning, one line each: the chain's (an unsealed tail among them), then the
    /// entries' meaning.
    pub fn warnings(&self) -> Vec<String> {
        let chain = self.report.warnings.iter().map(|w| w.message.clone());
        chain
            .chain(self.problems.iter().map(Problem::to_string))
            .collect()
    }
}

/// Verify the journal or excerpt at `path` and check what its entries mean.
pub fn check_file(
    path: &Path,
    opts: VerifyOptions<'_>,
    catalog: &Catalog,
) -> Result<Checked, JournalError> {
    let mut meaning = Meaning::new(catalog);
    let report = store::verify_file_with(path, opts, &mut |e: &Entry| {
        store::Inspect::entry(&mut meaning, e);
    })?;
    Ok(Checked::new(report, meaning))
}

/// A document is authenticated when its bytes are intact, a judge signed it, every PDF signer
/// and every signer of the seal its excerpt ends at is authenticated by the trusted authority.
pub fn document_authenticated(check: &DocumentCheck) -> bool {
    let pdf_ok = check.signatures.signers.is_empty() || check.signatures.authenticated();
    let seal_ok = check
        .excerpt
        .seals
        .last()
        .is_some_and(|s| s.signers.iter().all(|g| g.status.authenticated()));
    check.problem.is_none() && pdf_ok && seal_ok && !check.signatures.signers.is_empty()
}
