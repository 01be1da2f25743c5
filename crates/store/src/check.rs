//! Verifying journal and excerpt files: the file is opened safely (a regular file, never
//! through a symlink), told apart by content, and handed to the format's checker.

use std::io::{self, BufReader, Seek};
use std::path::Path;

use journal::excerpt::{MAX_EXCERPT, looks_like_excerpt, verify_excerpt_bytes};
use journal::line::LineReader;
use journal::{Report, VerifyOptions, verify_reader};

use super::durable;
use super::error::JournalError;

/// Verify several journals or excerpts, as many at a time as there are cores; each file is
/// verified exactly as by [`verify_file`]. Reports come back in the order of `paths`. Larger
/// files are started first, so one big journal does not finish alone at the end.
pub fn verify_files(
    paths: &[std::path::PathBuf],
    opts: VerifyOptions<'_>,
) -> Vec<Result<Report, JournalError>> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let mut order: Vec<usize> = (0..paths.len()).collect();
    let size = |i: &usize| std::fs::metadata(&paths[*i]).map(|m| m.len()).unwrap_or(0);
    order.sort_by_key(|i| std::cmp::Reverse(size(i)));
    let workers = std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(1)
        .min(paths.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<Report, JournalError>>>> =
        Mutex::new((0..paths.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let report = verify_file(&paths[i], opts);
                    if let Ok(mut all) = results.lock() {
                        all[i] = Some(report);
                    }
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .zip(paths)
        .map(|(r, path)| {
            r.unwrap_or_else(|| {
                Err(JournalError::io(
                    path,
                    "verify",
                    io::Error::other("the verifying thread stopped"),
                ))
            })
        })
        .collect()
}

/// Verify a journal or an excerpt file, telling them apart by content.
/// `Err` when the file cannot be read or is not a journal or excerpt at all; faults of its
/// content are in the report.
pub fn verify_file(path: &Path, opts: VerifyOptions<'_>) -> Result<Report, JournalError> {
    let file = durable::open_regular(path, false).map_err(|source| JournalError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    let mut input = BufReader::new(file);
    let mut first = Vec::new();
    LineReader::new(&mut input)
        .next_line(&mut first)
        .map_err(|e| JournalError::io(path, "read", e))?;
    input
        .rewind()
        .map_err(|e| JournalError::io(path, "read", e))?;
    if looks_like_excerpt(&first) {
        return verify_excerpt_file(path, input.into_inner(), opts);
    }
    verify_reader(input, opts).map_err(|e| JournalError::io(path, "read", e))
}

/// Read an excerpt file whole (up to [`MAX_EXCERPT`]) and verify it.
fn verify_excerpt_file(
    path: &Path,
    file: std::fs::File,
    opts: VerifyOptions<'_>,
) -> Result<Report, JournalError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    file.take(MAX_EXCERPT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| JournalError::io(path, "read", e))?;
    if bytes.len() as u64 > MAX_EXCERPT {
        return Err(JournalError::Input {
            path: path.to_path_buf(),
            what: format!(
                "larger than {} MiB; not an excerpt hattama can read",
                MAX_EXCERPT >> 20
            ),
        });
    }
    verify_excerpt_bytes(&bytes, opts).map_err(|what| JournalError::Input {
        path: path.to_path_buf(),
        what,
    })
}
