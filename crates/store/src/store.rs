//! The journal file: create, open (locked for writing, or read-only), append, iterate, seal, repair.
//!
//! Durability contract: [`Journal::append`] returns only after the line is written and fsynced,
//! so an acknowledged entry survives a crash or power loss. A crash mid-write can leave only a
//! torn last line, which opening detects and [`Journal::repair`] cuts off with a trace.
//!
//! One truth about other programs: an entry is acknowledged only if it was written at the end
//! of exactly the bytes hattama verified, into the file that is still at the journal's name
//! when the fsync returns (`guard`). Otherwise the append says so, takes its own line back,
//! writes nothing more until the journal is read again ([`Journal::reload`]), and never writes
//! over what another program added.

use std::fs::File;
use std::io::{BufReader, Read, Seek, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Timelike};

use super::durable::{self, PublishError};
use super::error::JournalError;
use super::guard::{self, Seen};
use journal::FaultCode;
use journal::canonical::{Hash, body_hash, entry_hash};
use journal::clock::{Clock, Time, format_time};
use journal::entry::{Body, Entry, HearingOpened, Kind, Sealed};
use journal::file_name;
use journal::line::{LineRepr, MAX_LINE, parse_line};
use journal::seal_v2::{CertSigner, admit_signers, make_seal};
use journal::sniff::FileKind;
use journal::verify::{Checker, EntryReader, VerifyOptions};

/// The latest entry of a journal; also what an append acknowledges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Head {
    pub seq: u64,
    pub hash: Hash,
    pub time: Time,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    Writable,
    ReadOnly,
    /// A failed write could not be rolled back; the file must be reopened.
    Failed,
    /// Another program changed the file, or moved it, since it was verified; nothing is
    /// written until it is read again ([`Journal::reload`]).
    Stale,
}

/// What a failed append says when its rollback worked.
pub(super) const UNCHANGED: &str = "the journal is unchanged";

/// An open hearing journal. Writable handles hold an exclusive lock on the file.
pub struct Journal {
    pub(super) path: PathBuf,
    pub(super) file: File,
    pub(super) mode: Mode,
    /// Length of the verified prefix: where the next line goes.
    pub(super) len: u64,
    /// Bytes of a torn last line after the verified prefix; only `repair` may write then.
    pub(super) torn: Option<u64>,
    /// The last line is whole and verifies but lost its newline; only `repair` may write then.
    pub(super) unterminated: bool,
    /// The file as last verified or written, which every append checks first.
    pub(super) seen: Seen,
    checker: Checker<'static>,
    clock: Option<Box<dyn Clock>>,
}

/// What reading a journal file from its first byte found.
struct Scan {
    checker: Checker<'static>,
    len: u64,
    torn: Option<u64>,
    unterminated: bool,
    seen: Seen,
}

impl Journal {
    /// Create the journal of a new hearing in `dir` (made 0700 if missing), its first entry
    /// `hearing_opened`, and open it for writing.
    pub fn create(
        dir: &Path,
        opened: HearingOpened,
        clock: Box<dyn Clock>,
    ) -> Result<Journal, JournalError> {
        let path = dir.join(file_name(&opened.case_number, &opened.hearing_id));
        let refuse = |reason: &str| JournalError::Refused {
            path: path.clone(),
            seq: 1,
            kind: Kind::HearingOpened,
            reason: reason.to_string(),
        };
        if opened.case_number.trim().is_empty() || opened.hearing_id.trim().is_empty() {
            return Err(refuse(
                "the case number and the hearing id must not be empty",
            ));
        }
        durable::ensure_private_dir(dir)
            .map_err(|e| JournalError::io(dir, "create directory", e))?;
        if path.symlink_metadata().is_ok() {
            return Err(JournalError::Exists { path });
        }
        let mut checker = Checker::new(VerifyOptions::default(), None);
        let (bytes, _) = encode(
            &path,
            &mut checker,
            &Body::HearingOpened(opened),
            clock.now(),
        )?;
        // The file appears whole or not at all: a crash can never leave a journal without
        // its first entry, which `repair` could not mend.
        durable::publish_new_file(&path, &bytes).map_err(|e| match e {
            PublishError::Exists => JournalError::Exists { path: path.clone() },
            PublishError::Io(op, source) => JournalError::Io {
                path: path.clone(),
                op,
                source,
            },
        })?;
        Journal::open(&path, clock)
    }

    /// Open a journal for writing: lock it, verify it. A torn tail leaves it read-only until
    /// [`Journal::repair`]; any other fault refuses to open.
    pub fn open(path: &Path, clock: Box<dyn Clock>) -> Result<Journal, JournalError> {
        let file = open_file(path, true)?;
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => {}
            Err(fs4::TryLockError::WouldBlock) => {
                return Err(JournalError::Locked {
                    path: path.to_path_buf(),
                });
            }
            Err(fs4::TryLockError::Error(e)) => return Err(JournalError::io(path, "lock", e)),
        }
        let mut journal = Journal::load(path, file, Mode::Writable)?;
        journal.clock = Some(clock);
        Ok(journal)
    }

    /// Open a journal to read it; never writes, takes no lock.
    pub fn open_read_only(path: &Path) -> Result<Journal, JournalError> {
        let file = open_file(path, false)?;
        Journal::load(path, file, Mode::ReadOnly)
    }

    fn load(path: &Path, file: File, mode: Mode) -> Result<Journal, JournalError> {
        let refuse = |what: String| JournalError::NotAJournal {
            path: path.to_path_buf(),
            what,
        };
        match super::check::kind_of(path, &file)? {
            FileKind::Journal => {}
            FileKind::Excerpt => return Err(refuse("is an excerpt, not a journal".into())),
            FileKind::Pdf => return Err(refuse("is a PDF document, not a journal".into())),
            FileKind::Other(why) => return Err(refuse(format!("not a journal ({why})"))),
            FileKind::Undecided => {}
        }
        let scan = scan(path, &file)?;
        Ok(Journal {
            path: path.to_path_buf(),
            file,
            mode,
            len: scan.len,
            torn: scan.torn,
            unterminated: scan.unterminated,
            seen: scan.seen,
            checker: scan.checker,
            clock: None,
        })
    }

    /// Read the journal again from its first byte through the handle already open (a writer
    /// keeps its lock meanwhile), after another program changed it: appends then continue
    /// after what stands there now — if it verifies. A moved or replaced journal cannot be
    /// read again this way; open it from where it is now.
    pub fn reload(&mut self) -> Result<(), JournalError> {
        if guard::check_path(&self.path, &self.seen).is_some() {
            return Err(JournalError::ReadOnly {
                path: self.path.clone(),
                reason: "the journal file was moved or replaced while it was open; open the hearing again from where its journal is now",
            });
        }
        let scan = scan(&self.path, &self.file)?;
        self.len = scan.len;
        self.torn = scan.torn;
        self.unterminated = scan.unterminated;
        self.seen = scan.seen;
        self.checker = scan.checker;
        if self.clock.is_some() {
            self.mode = Mode::Writable;
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The latest entry.
    pub fn head(&self) -> Option<Head> {
        self.checker
            .head()
            .map(|(seq, hash, time)| Head { seq, hash, time })
    }

    /// The last entry is a seal.
    pub fn is_sealed(&self) -> bool {
        self.checker.progress.is_sealed()
    }

    /// The judge and the secretary the opening entry names.
    pub fn officials(&self) -> Option<&journal::Officials> {
        self.checker.officials()
    }

    /// The seq of the latest seal, if any.
    pub fn last_seal(&self) -> Option<u64> {
        self.checker.progress.last_seal
    }

    /// Appends are possible now (opened for writing, no torn tail, no lost newline, no failed
    /// write, no change by another program since it was verified).
    pub fn is_writable(&self) -> bool {
        self.mode == Mode::Writable && self.torn.is_none() && !self.unterminated
    }

    /// Bytes of a torn last line found on opening.
    pub fn torn_tail(&self) -> Option<u64> {
        self.torn
    }

    /// Append an entry; returns once it is on disk. `recovered` entries are written by
    /// [`Journal::repair`] only.
    pub fn append(&mut self, body: Body) -> Result<Head, JournalError> {
        if let Body::Recovered(_) = body {
            return Err(JournalError::Refused {
                path: self.path.clone(),
                seq: self.checker.next_seq(),
                kind: Kind::Recovered,
                reason: "recovered entries are written by repair only".into(),
            });
        }
        self.write(body)
    }

    pub(super) fn write(&mut self, body: Body) -> Result<Head, JournalError> {
        self.write_at(body, None)
    }

    /// Write `body` at `time` if given (a seal, whose statement names its time), else now.
    fn write_at(&mut self, body: Body, time: Option<Time>) -> Result<Head, JournalError> {
        let read_only = |reason| JournalError::ReadOnly {
            path: self.path.clone(),
            reason,
        };
        let clock = match (self.mode, &self.clock) {
            (Mode::Writable, _) if self.torn.is_some() => {
                return Err(read_only(
                    "its last line is torn; run `hattama repair` first",
                ));
            }
            (Mode::Writable, _) if self.unterminated => {
                return Err(read_only(
                    "its last line lost its newline; run `hattama repair` to restore it",
                ));
            }
            (Mode::Writable, Some(clock)) => clock,
            (Mode::Failed, _) => {
                return Err(read_only("an earlier write failed; open it again"));
            }
            (Mode::Stale, _) => {
                return Err(read_only(
                    "another program changed or moved it since it was verified; read it again first",
                ));
            }
            _ => return Err(read_only("opened for reading only")),
        };
        let mut next = self.checker.clone();
        let now = time.unwrap_or_else(|| clock.now());
        let (bytes, head) = encode(&self.path, &mut next, &body, now)?;
        let kind = body.kind();
        self.guard(head.seq, kind)?;
        let n = bytes.len() as u64;
        // An append (`O_APPEND`): the line goes to the end as it is at this moment, so nothing
        // another program added since the guard is overwritten; `end` says where it landed.
        let written = (&self.file)
            .write_all(&bytes)
            .and_then(|()| (&self.file).stream_position());
        let end = match written {
            Ok(end) => end,
            Err(source) => return Err(self.failed_write(head.seq, kind, "write", source, n)),
        };
        if end != self.len + n {
            return Err(self.landed_elsewhere(head.seq, kind, end, n));
        }
        // fdatasync makes the bytes and the new length durable before we acknowledge.
        if let Err(source) = self.file.sync_data() {
            return Err(self.failed_write(head.seq, kind, "fsync", source, n));
        }
        // Acknowledge only a line that stands in the file at the journal's name now.
        if guard::check_path(&self.path, &self.seen).is_some() {
            return Err(self.moved_during_write(head.seq, kind, n));
        }
        self.len += n;
        self.checker = next;
        self.remember();
        Ok(head)
    }

    /// Seal the journal: the judge and the secretary sign a statement of the current head
    /// (format 2, with their certificates). Before anything is written, each certificate must
    /// be `trust`'s, valid now, not revoked, issued for the role, and name the person the
    /// hearing names in that role.
    pub fn seal(
        &mut self,
        judge: &dyn CertSigner,
        secretary: &dyn CertSigner,
        trust: &pki::Trust,
    ) -> Result<Head, JournalError> {
        let Some(head) = self.head() else {
            return Err(JournalError::ReadOnly {
                path: self.path.clone(),
                reason: "empty journal",
            });
        };
        if let Err(e) = self.checker.progress.admit(Kind::Sealed) {
            return Err(JournalError::Refused {
                path: self.path.clone(),
                seq: head.seq + 1,
                kind: Kind::Sealed,
                reason: e.to_string(),
            });
        }
        let seal_err = |source| JournalError::Seal {
            path: self.path.clone(),
            source,
        };
        let (Some(journal), Some(officials)) =
            (self.checker.journal_id(), self.checker.officials().cloned())
        else {
            return Err(JournalError::ReadOnly {
                path: self.path.clone(),
                reason: "the journal does not open with a hearing",
            });
        };
        let Some(clock) = &self.clock else {
            return Err(JournalError::ReadOnly {
                path: self.path.clone(),
                reason: "opened for reading only",
            });
        };
        // The statement carries the seal entry's own time, so it is fixed here and the entry
        // is written with exactly this time.
        let time = entry_time(&self.checker, clock.now());
        let time_text = writable_time(&time).ok_or_else(|| JournalError::Refused {
            path: self.path.clone(),
            seq: head.seq + 1,
            kind: Kind::Sealed,
            reason: "the clock gives a time that cannot be written".into(),
        })?;
        admit_signers(trust, time, &officials, judge, secretary).map_err(seal_err)?;
        let sealed = make_seal(journal, head.seq, head.hash, &time_text, judge, secretary)
            .map_err(seal_err)?;
        self.write_at(Body::Sealed(Sealed::V2(sealed)), Some(time))
    }

    /// The verified entries as of now, read again from the file.
    pub fn entries(&self) -> Result<Entries, JournalError> {
        let file = open_file(&self.path, false)?;
        let (a, b) = (file.metadata(), self.file.metadata());
        let same = matches!((a, b), (Ok(a), Ok(b)) if (a.dev(), a.ino()) == (b.dev(), b.ino()));
        if !same {
            return Err(JournalError::ReadOnly {
                path: self.path.clone(),
                reason: "the file was replaced since it was opened",
            });
        }
        let reader = EntryReader::new(
            BufReader::new(file.take(self.len)),
            VerifyOptions::default(),
        );
        Ok(Entries {
            path: self.path.clone(),
            reader,
            finished: false,
        })
    }
}

/// Read a journal file from its first byte: the verified entries, and whether it ends torn or
/// without its newline. Any other fault refuses it.
fn scan(path: &Path, file: &File) -> Result<Scan, JournalError> {
    let read_err = |e| JournalError::io(path, "read", e);
    let mut from_start = file;
    from_start.rewind().map_err(read_err)?;
    let mut reader = EntryReader::new(BufReader::new(from_start), VerifyOptions::default());
    while reader.next_entry().map_err(read_err)?.is_some() {}
    let unterminated = reader.unterminated();
    let (checker, fault, len) = reader.into_parts();
    let meta = file
        .metadata()
        .map_err(|e| JournalError::io(path, "stat", e))?;
    let torn = match fault {
        None => None,
        Some(f) if f.code == FaultCode::TornTail && checker.progress.count > 0 => {
            Some(meta.len().saturating_sub(len))
        }
        Some(fault) => {
            return Err(JournalError::Broken {
                path: path.to_path_buf(),
                fault,
            });
        }
    };
    Ok(Scan {
        checker,
        len,
        torn,
        unterminated,
        seen: Seen::of(&meta),
    })
}

fn open_file(path: &Path, write: bool) -> Result<File, JournalError> {
    durable::open_regular(path, write).map_err(|source| JournalError::Open {
        path: path.to_path_buf(),
        source,
    })
}

/// The time the next entry gets: whole seconds, and never earlier than the entry before — if
/// the system clock was set back, the entry carries the previous entry's time (documented in
/// journal-format.md).
fn entry_time(checker: &Checker<'static>, now: Time) -> Time {
    let time = now.with_nanosecond(0).unwrap_or(now);
    match checker.head() {
        Some((_, _, last)) => time.max(last),
        None => time,
    }
}

/// The entry time as the journal writes it, if RFC 3339 can hold it (four-digit years, offsets
/// in whole minutes).
fn writable_time(time: &Time) -> Option<String> {
    ((0..=9999).contains(&time.year()) && time.offset().local_minus_utc() % 60 == 0)
        .then(|| format_time(time))
}

/// Build the line for `body` as the next entry of `checker`'s chain and check it exactly as
/// the verifier will, so the writer can never produce a journal its verifier rejects.
/// On success `checker` has taken the entry in.
fn encode(
    path: &Path,
    checker: &mut Checker<'static>,
    body: &Body,
    now: Time,
) -> Result<(Vec<u8>, Head), JournalError> {
    let seq = checker.next_seq();
    let refuse = |reason: String| JournalError::Refused {
        path: path.to_path_buf(),
        seq,
        kind: body.kind(),
        reason,
    };
    let time = entry_time(checker, now);
    let time_text = writable_time(&time)
        .ok_or_else(|| refuse("the clock gives a time that cannot be written".into()))?;
    let canon = body.to_canon().map_err(refuse)?;
    let kind = body.kind().as_str();
    let prev = checker.head().map_or(Hash::ZERO, |(_, hash, _)| hash);
    let body_hash = body_hash(&canon);
    let hash = entry_hash(seq, &time_text, kind, &prev, &body_hash);
    let repr = LineRepr {
        seq,
        time: time_text,
        kind: kind.to_string(),
        prev,
        body_hash,
        hash,
        body: Some(canon),
    };
    let bytes = repr
        .to_bytes()
        .map_err(|_| refuse("the entry cannot be written as JSON".into()))?;
    // The limit counts the line without its newline, as the reader does.
    if bytes.len() > MAX_LINE + 1 {
        return Err(refuse(format!(
            "the entry is {} bytes; the limit is {MAX_LINE}",
            bytes.len()
        )));
    }
    // Read the line back exactly as a verifier will (the parser's nesting limit included), so
    // the writer can never write what the reader would refuse.
    let read_back = parse_line(&bytes[..bytes.len() - 1]).map_err(|e| {
        refuse(format!(
            "the entry would not read back (field `{}` {})",
            e.field.as_deref().unwrap_or("."),
            e.detail
        ))
    })?;
    if read_back != repr {
        return Err(refuse("the entry would not read back unchanged".into()));
    }
    checker.check(seq, read_back).map_err(|fault| {
        let mut reason = fault.code.text().to_string();
        if !fault.detail.is_empty() {
            reason = format!("{reason}: {}", fault.detail);
        }
        refuse(reason)
    })?;
    Ok((bytes, Head { seq, hash, time }))
}

/// Verified entries of an open journal, as of when the iterator was made.
pub struct Entries {
    path: PathBuf,
    reader: EntryReader<'static, BufReader<std::io::Take<File>>>,
    finished: bool,
}

impl Iterator for Entries {
    type Item = Result<Entry, JournalError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.finished {
            return None;
        }
        match self.reader.next_entry() {
            Ok(Some(entry)) => Some(Ok(entry)),
            Ok(None) => {
                self.finished = true;
                self.reader.fault().map(|fault| {
                    Err(JournalError::Broken {
                        path: self.path.clone(),
                        fault: fault.clone(),
                    })
                })
            }
            Err(e) => {
                self.finished = true;
                Some(Err(JournalError::io(&self.path, "read", e)))
            }
        }
    }
}
