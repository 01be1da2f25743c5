//! Verifying journal and excerpt files: the file is opened safely (a regular file, never
//! through a symlink), told apart by content, and handed to the format's checker.

use std::fs::File;
use std::io::{self, BufReader, Read, Seek};
use std::os::unix::fs::FileExt as _;
use std::path::Path;

use journal::excerpt::{MAX_EXCERPT, verify_excerpt_bytes_with};
use journal::sniff::{FileKind, sniff, sniff_whole};
use journal::{Entry, Report, VerifyOptions};

use super::durable;
use super::error::JournalError;

/// Something that looks at each verified entry as a file is verified (e.g. what the entries
/// mean, which is the court's to judge).
pub trait Inspect {
    fn entry(&mut self, entry: &Entry);
}

impl<F: FnMut(&Entry)> Inspect for F {
    fn entry(&mut self, entry: &Entry) {
        self(entry);
    }
}

/// Verify several journals or excerpts, as many at a time as there are cores; each file is
/// verified exactly as by [`verify_file`]. Reports come back in the order of `paths`. Larger
/// files are started first, so one big journal does not finish alone at the end.
pub fn verify_files(
    paths: &[std::path::PathBuf],
    opts: VerifyOptions<'_>,
) -> Vec<Result<Report, JournalError>> {
    verify_files_with(paths, opts, &|| |_: &Entry| {})
        .into_iter()
        .map(|r| r.map(|(report, _)| report))
        .collect()
}

/// [`verify_files`], each file with its own inspector from `make`, returned with its report.
pub fn verify_files_with<S: Inspect + Send>(
    paths: &[std::path::PathBuf],
    opts: VerifyOptions<'_>,
    make: &(dyn Fn() -> S + Sync),
) -> Vec<Result<(Report, S), JournalError>> {
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
    type Outcome<S> = Option<Result<(Report, S), JournalError>>;
    let results: Mutex<Vec<Outcome<S>>> = Mutex::new((0..paths.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let mut inspector = make();
                    let report = verify_file_with(&paths[i], opts, &mut |e: &Entry| {
                        inspector.entry(e);
                    })
                    .map(|report| (report, inspector));
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
    verify_file_with(path, opts, &mut |_| {})
}

/// [`verify_file`], handing every verified entry to `inspect` as it goes (a journal is read
/// once, however large): how a reader checks what the entries mean as well.
pub fn verify_file_with(
    path: &Path,
    opts: VerifyOptions<'_>,
    inspect: &mut dyn FnMut(&Entry),
) -> Result<Report, JournalError> {
    let file = durable::open_regular(path, false).map_err(|source| JournalError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    let refuse = |what: String| JournalError::NotAJournal {
        path: path.to_path_buf(),
        what,
    };
    match kind_of(path, &file)? {
        FileKind::Excerpt => return verify_excerpt_file(path, file, opts, inspect),
        FileKind::Pdf => {
            return Err(refuse(
                "is a PDF document: check it with `hattama verify DOCUMENT.pdf --protocol JOURNAL`"
                    .into(),
            ));
        }
        FileKind::Other(why) => {
            return Err(refuse(format!("not a journal or an excerpt ({why})")));
        }
        FileKind::Journal | FileKind::Undecided => {}
    }
    let mut input = BufReader::new(file);
    input
        .rewind()
        .map_err(|e| JournalError::io(path, "read", e))?;
    let mut reader = journal::verify::EntryReader::new(input, opts);
    while let Some(entry) = reader
        .next_entry()
        .map_err(|e| JournalError::io(path, "read", e))?
    {
        inspect(&entry);
    }
    Ok(reader.into_report())
}

/// What the file at `path` is: its first line decides, or, when that line opens an object it
/// does not close, the whole file (read up to the excerpt limit; a larger one is a journal).
pub(crate) fn kind_of(path: &Path, file: &File) -> Result<FileKind, JournalError> {
    let read_err = |e| JournalError::io(path, "read", e);
    let mut head = vec![0u8; 64 << 10];
    let n = read_at_most(file, &mut head).map_err(read_err)?;
    let first = &head[..n];
    let first = memchr_newline(first).map_or(first, |i| &first[..i]);
    match sniff(first) {
        FileKind::Undecided => {
            let mut whole = Vec::new();
            let mut from_start = file;
            from_start.rewind().map_err(read_err)?;
            from_start
                .take(MAX_EXCERPT + 1)
                .read_to_end(&mut whole)
                .map_err(read_err)?;
            Ok(if whole.len() as u64 > MAX_EXCERPT {
                FileKind::Journal
            } else {
                sniff_whole(&whole)
            })
        }
        kind => Ok(kind),
    }
}

/// Fill `buf` from the file's first byte as far as the file goes.
fn read_at_most(file: &File, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match file.read_at(&mut buf[n..], n as u64)? {
            0 => break,
            got => n += got,
        }
    }
    Ok(n)
}

fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'\n')
}

/// Read an excerpt file whole (up to [`MAX_EXCERPT`]) and verify it.
fn verify_excerpt_file(
    path: &Path,
    mut file: File,
    opts: VerifyOptions<'_>,
    inspect: &mut dyn FnMut(&Entry),
) -> Result<Report, JournalError> {
    file.rewind()
        .map_err(|e| JournalError::io(path, "read", e))?;
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
    verify_excerpt_bytes_with(&bytes, opts, inspect).map_err(|what| JournalError::Input {
        path: path.to_path_buf(),
        what,
    })
}
