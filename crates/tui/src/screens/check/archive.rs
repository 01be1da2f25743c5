//! The appellate check of a case fetched from the court archive: the case's journals,
//! receipts and the archive's certificates are downloaded on the archive client's own thread
//! (the screen keeps drawing meanwhile), saved on this PC, then each journal is checked offline
//! like a file — bytes, then signers — and against the archive's receipts.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError};

use pki::Trust;

use super::{Verdict, check};
use crate::Ctx;
use crate::archive::{Archive, FetchAnswer, FetchFailure, Fetched, Receipts};

/// A fetch under way.
pub struct Pending {
    case: String,
    trust: Option<Trust>,
    answer: Receiver<FetchAnswer>,
}

impl Pending {
    /// Ask `archive` for `case`.
    pub fn start(ctx: &Ctx, archive: &dyn Archive, case: &str, trust: Option<Trust>) -> Pending {
        Pending {
            case: case.to_string(),
            answer: archive.fetch_case(case, &folder(&ctx.data_dir, case), trust.clone()),
            trust,
        }
    }

    /// What to show while waiting.
    pub fn waiting(&self, ctx: &Ctx) -> String {
        ctx.tf("check.fetching", &[("case", self.case.clone())])
    }

    /// The result, once the archive answered; `None` while it has not.
    pub fn poll(&self, ctx: &Ctx) -> Option<(Verdict, Vec<String>)> {
        let answer = match self.answer.try_recv() {
            Ok(answer) => answer,
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => Err(FetchFailure::Failed),
        };
        Some(match answer {
            Ok(hearings) => self.checked(ctx, &folder(&ctx.data_dir, &self.case), &hearings),
            Err(why) => (Verdict::Broken, vec![failure(ctx, &why, &self.case)]),
        })
    }

    /// Each fetched journal checked as a file, then against its receipts; the verdict is the
    /// worst of them.
    fn checked(&self, ctx: &Ctx, folder: &Path, hearings: &[Fetched]) -> (Verdict, Vec<String>) {
        let mut lines = vec![ctx.tf(
            "check.fetched",
            &[
                ("case", self.case.clone()),
                ("count", hearings.len().to_string()),
                ("dir", folder.display().to_string()),
            ],
        )];
        let mut worst = Verdict::Authenticated;
        for h in hearings {
            lines.push(String::new());
            let (verdict, found) = check(ctx, &h.journal, None, self.trust.as_ref());
            lines.extend(found);
            let receipts = receipts(ctx, &h.receipts, &mut lines);
            worst = worst.min(verdict).min(receipts);
        }
        (worst, lines)
    }
}

/// The receipts' lines, and what they allow the verdict to be.
fn receipts(ctx: &Ctx, r: &Receipts, lines: &mut Vec<String>) -> Verdict {
    let count = ("count", r.count.to_string());
    if !r.hold {
        lines.push(format!("✗ {}", ctx.tf("check.receipts_broken", &[count])));
        return Verdict::Broken;
    }
    if r.count == 0 {
        lines.push(format!("? {}", ctx.t("check.receipts_none")));
        return Verdict::Authenticated;
    }
    lines.push(format!("✓ {}", ctx.tf("check.receipts_hold", &[count])));
    match r.archive_authenticated {
        Some(true) => {
            lines.push(format!("✓ {}", ctx.t("check.archive_authenticated")));
            Verdict::Authenticated
        }
        Some(false) => {
            lines.push(format!("✗ {}", ctx.t("check.archive_not_authenticated")));
            Verdict::NotAuthenticated
        }
        None => {
            lines.push(format!("? {}", ctx.t("check.archive_unchecked")));
            Verdict::Unauthenticated
        }
    }
}

fn failure(ctx: &Ctx, why: &FetchFailure, case: &str) -> String {
    let key = match why {
        FetchFailure::NotFound => "check.archive_not_found",
        FetchFailure::Offline => "check.archive_offline",
        FetchFailure::Refused => "check.archive_refused",
        FetchFailure::Failed => "check.archive_failed",
    };
    format!("✗ {}", ctx.tf(key, &[("case", case.to_string())]))
}

/// Where a case fetched for the check is saved: under the data folder, one folder per case.
pub fn folder(data_dir: &Path, case: &str) -> PathBuf {
    let name: String = case
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    data_dir.join("fetched").join(name)
}
