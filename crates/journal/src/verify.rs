//! The verifier: checks a chain entry by entry and says where, if anywhere, it first breaks.
//!
//! It streams: one line in memory at a time, however long the journal. The same checks serve
//! opening a journal for writing, iterating it, `hattama verify`, and excerpts (where some
//! bodies are withheld and only their hashes link the chain).

use std::io::{self, BufRead};

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::canonical::{Hash, body_hash, entry_hash};
use super::entry::{Body, Entry, Kind};
use super::fault::{Fault, FaultCode};
use super::keys::PublicKeyRecord;
use super::line::{LineEnd, LineReader, LineRepr, parse_line};
use super::order::{OrderError, Progress};
use super::seal::{Ed25519Verifier, SealContext, SealError, SignerInfo, Verifier, check_seal};
use super::seal_v2::Officials;

/// Seals listed in a report at most; `seals_total` counts them all.
pub const MAX_SEALS_LISTED: usize = 64;

/// How signatures are checked.
#[derive(Clone, Copy)]
pub struct VerifyOptions<'a> {
    pub verifier: &'a dyn Verifier,
    /// The public keys the reader trusts (`--pubkey`, format-1 seals); `None` checks signatures
    /// against the keys embedded in each seal, which proves integrity but not who signed.
    pub trusted: Option<&'a [PublicKeyRecord]>,
    /// The court authorities and revocation lists the reader trusts (`--trust`, `--crl`):
    /// each format-2 signer gets a verdict at the seal's time.
    pub trust: Option<&'a pki::Trust>,
}

static ED25519: Ed25519Verifier = Ed25519Verifier;

impl Default for VerifyOptions<'_> {
    fn default() -> Self {
        VerifyOptions {
            verifier: &ED25519,
            trusted: None,
            trust: None,
        }
    }
}

/// A seal found in the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealInfo {
    pub seq: u64,
    pub time: OffsetDateTime,
    /// How many entries it covers, and the hash of the last of them.
    pub count: u64,
    pub head: Hash,
    /// The seal's format: 1 (Ed25519, names unsigned) or 2 (signed statement, certificates).
    pub version: u8,
    pub signers: Vec<SignerInfo>,
}

/// What a verification found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Set for excerpts: the journal's file name and the entries given in full.
    pub excerpt: Option<ExcerptInfo>,
    /// Entries verified before the first fault (all of them when intact).
    pub entries: u64,
    /// The hash and time of the last verified entry.
    pub head: Option<Hash>,
    pub head_time: Option<OffsetDateTime>,
    /// The last entry is a valid seal.
    pub sealed: bool,
    pub seals: Vec<SealInfo>,
    pub seals_total: u64,
    /// Public keys were given, so every verified signature was checked against them.
    pub trusted_keys: bool,
    /// Trust anchors were given, so every listed signer carries a verdict.
    pub trust_given: bool,
    /// Every seal's signers are authenticated (not only the 64 listed).
    pub all_authenticated: bool,
    pub fault: Option<Fault>,
    /// Bytes of the verified prefix of a journal file (what `repair` keeps).
    pub intact_len: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExcerptInfo {
    /// The journal's file name, derived from the excerpt's first entry (§1 of the format).
    pub journal: String,
    pub selected: Vec<u64>,
}

impl Report {
    pub fn intact(&self) -> bool {
        self.fault.is_none()
    }

    /// Intact, sealed at least once, and every signer of every seal authenticated.
    pub fn authenticated(&self) -> bool {
        self.intact() && self.seals_total > 0 && self.all_authenticated
    }
}

/// Entry-by-entry checks, fed by a journal reader or an excerpt.
#[derive(Clone)]
pub struct Checker<'a> {
    opts: VerifyOptions<'a>,
    /// In excerpts: seqs whose bodies must be present besides seq 1 and seals.
    /// `None` for journals, where every body must be present.
    required: Option<Vec<u64>>,
    prev: Hash,
    last_time: Option<OffsetDateTime>,
    pub progress: Progress,
    seals: Vec<SealInfo>,
    seals_total: u64,
    all_authenticated: bool,
    /// The hash of entry 1: the journal's identity, which seal statements name.
    journal: Option<Hash>,
    officials: Option<Officials>,
}

impl<'a> Checker<'a> {
    pub fn new(opts: VerifyOptions<'a>, required: Option<Vec<u64>>) -> Checker<'a> {
        Checker {
            opts,
            required,
            prev: Hash::ZERO,
            last_time: None,
            progress: Progress::default(),
            seals: Vec::new(),
            seals_total: 0,
            all_authenticated: true,
            journal: None,
            officials: None,
        }
    }

    /// The hash of the first entry, once checked.
    pub fn journal_id(&self) -> Option<Hash> {
        self.journal
    }

    /// The judge and secretary the opening entry names, once checked.
    pub fn officials(&self) -> Option<&Officials> {
        self.officials.as_ref()
    }

    pub fn next_seq(&self) -> u64 {
        self.progress.count + 1
    }

    /// The last verified entry: seq, hash, time.
    pub fn head(&self) -> Option<(u64, Hash, OffsetDateTime)> {
        match (self.progress.count, self.last_time) {
            (0, _) | (_, None) => None,
            (seq, Some(time)) => Some((seq, self.prev, time)),
        }
    }

    /// Check one entry; on success it becomes the new head.
    pub fn check(&mut self, line: u64, repr: LineRepr) -> Result<Entry, Fault> {
        let seq = self.next_seq();
        let fault = |code| Fault::new(code, Some(seq), Some(line));
        if repr.seq != seq {
            let code = if repr.seq < seq {
                FaultCode::Duplicate
            } else {
                FaultCode::Gap
            };
            return Err(fault(code)
                .field("seq")
                .detail(format!("found seq {}", repr.seq)));
        }
        if repr.prev != self.prev {
            return Err(fault(FaultCode::BrokenLink).field("prev"));
        }
        let kind = Kind::parse(&repr.kind).ok_or_else(|| {
            fault(FaultCode::Malformed)
                .field("kind")
                .detail("unknown kind")
        })?;
        let time = OffsetDateTime::parse(&repr.time, &Rfc3339).map_err(|_| {
            fault(FaultCode::Malformed)
                .field("time")
                .detail("not an RFC 3339 time with offset")
        })?;
        if self.last_time.is_some_and(|last| time < last) {
            return Err(fault(FaultCode::TimeBackwards).field("time"));
        }
        let body = match &repr.body {
            Some(value) => {
                if body_hash(value) != repr.body_hash {
                    return Err(fault(FaultCode::BodyHashMismatch).field("body_hash"));
                }
                let body = Body::from_canon(kind, value)
                    .map_err(|e| fault(FaultCode::Malformed).field("body").detail(e))?;
                Some(body)
            }
            None if self.body_required(seq, kind) => {
                return Err(fault(FaultCode::MissingBody).field("body"));
            }
            None => None,
        };
        if entry_hash(seq, &repr.time, &repr.kind, &repr.prev, &repr.body_hash) != repr.hash {
            return Err(fault(FaultCode::HashMismatch).field("hash"));
        }
        if let Err(e) = self.progress.admit(kind) {
            let code = match e {
                OrderError::AfterSeal(_) => FaultCode::NotAllowedAfterSeal,
                _ => FaultCode::NotAllowed,
            };
            return Err(fault(code).field("kind").detail(e.to_string()));
        }
        if let Some(body) = &body {
            for (field, target) in body.references() {
                if target == 0 || target >= seq {
                    return Err(fault(FaultCode::BadReference)
                        .field(format!("body.{field}"))
                        .detail(format!("refers to seq {target}")));
                }
            }
        }
        if let Some(Body::Sealed(sealed)) = &body {
            let journal = self.journal.unwrap_or(repr.hash);
            let ctx = SealContext {
                seq,
                prev: &self.prev,
                time: &repr.time,
                at: time,
                journal: &journal,
            };
            let signers = check_seal(sealed, &ctx, &self.opts).map_err(|e| {
                let code = match e {
                    SealError::BadSignature(_)
                    | SealError::Encoding(_)
                    | SealError::Algorithm(_)
                    | SealError::CertificateHash(_) => FaultCode::BadSignature,
                    SealError::UnknownSigner(_) => FaultCode::UnknownSigner,
                    _ => FaultCode::BadSeal,
                };
                fault(code).field("body").detail(e.to_string())
            })?;
            self.seals_total += 1;
            self.all_authenticated &= signers.iter().all(|s| s.status.authenticated());
            if self.seals.len() < MAX_SEALS_LISTED {
                self.seals.push(SealInfo {
                    seq,
                    time,
                    count: seq - 1,
                    head: self.prev,
                    version: sealed.version(),
                    signers,
                });
            }
        }
        if seq == 1 {
            self.journal = Some(repr.hash);
            if let Some(Body::HearingOpened(o)) = &body {
                self.officials = Some(Officials {
                    judge: o.judge.clone(),
                    secretary: o.secretary.clone(),
                });
            }
        }
        self.progress.record(kind);
        self.prev = repr.hash;
        self.last_time = Some(time);
        Ok(Entry {
            seq,
            time,
            kind,
            prev: repr.prev,
            body_hash: repr.body_hash,
            hash: repr.hash,
            body,
        })
    }

    fn body_required(&self, seq: u64, kind: Kind) -> bool {
        match &self.required {
            None => true,
            Some(selected) => {
                seq == 1 || kind == Kind::Sealed || selected.binary_search(&seq).is_ok()
            }
        }
    }

    /// The report for the entries checked so far and the fault that stopped them, if any.
    pub fn report(self, fault: Option<Fault>, intact_len: u64) -> Report {
        let trusted_keys = self.opts.trusted.is_some();
        let trust_given = self.opts.trust.is_some();
        let sealed = self.progress.is_sealed();
        Report {
            excerpt: None,
            entries: self.progress.count,
            head: (self.progress.count > 0).then_some(self.prev),
            head_time: self.last_time,
            sealed,
            seals: self.seals,
            seals_total: self.seals_total,
            trusted_keys,
            trust_given,
            all_authenticated: self.all_authenticated,
            fault,
            intact_len,
        }
    }
}

/// Verify a journal read from `input`, streaming.
pub fn verify_reader<R: BufRead>(input: R, opts: VerifyOptions<'_>) -> io::Result<Report> {
    let mut reader = EntryReader::new(input, opts);
    while reader.next_entry()?.is_some() {}
    Ok(reader.into_report())
}

/// Verified entries of a journal, one line at a time; stops at the first fault.
pub struct EntryReader<'a, R> {
    lines: LineReader<R>,
    checker: Checker<'a>,
    buf: Vec<u8>,
    fault: Option<Fault>,
    done: bool,
    /// End of the last verified line.
    good_len: u64,
}

impl<'a, R: BufRead> EntryReader<'a, R> {
    pub fn new(input: R, opts: VerifyOptions<'a>) -> Self {
        EntryReader {
            lines: LineReader::new(input),
            checker: Checker::new(opts, None),
            buf: Vec::new(),
            fault: None,
            done: false,
            good_len: 0,
        }
    }

    /// The next verified entry, or `None` at the end or at the first fault.
    pub fn next_entry(&mut self) -> io::Result<Option<Entry>> {
        if self.done {
            return Ok(None);
        }
        let seq = self.checker.next_seq();
        let fault = |code, line| Fault::new(code, Some(seq), Some(line));
        let Some(raw) = self.lines.next_line(&mut self.buf)? else {
            self.done = true;
            if seq == 1 {
                self.fault = Some(Fault::new(FaultCode::Empty, Some(1), None));
            }
            return Ok(None);
        };
        let result = match raw.end {
            LineEnd::TooLong => Err(fault(FaultCode::LineTooLong, raw.number)
                .detail(format!("at byte offset {}", raw.offset))),
            LineEnd::Torn => Err(fault(FaultCode::TornTail, raw.number).detail(format!(
                "{} bytes after byte offset {} have no newline; `hattama repair` removes them",
                self.buf.len(),
                raw.offset
            ))),
            LineEnd::Newline => match parse_line(&self.buf) {
                Err(e) => {
                    let code = if e.invalid_utf8 {
                        FaultCode::InvalidUtf8
                    } else {
                        FaultCode::Malformed
                    };
                    let mut f = fault(code, raw.number).detail(e.detail);
                    f.field = e.field;
                    Err(f)
                }
                Ok(repr) => self.checker.check(raw.number, repr),
            },
        };
        match result {
            Ok(entry) => {
                self.good_len = self.lines.offset();
                Ok(Some(entry))
            }
            Err(mut f) => {
                if f.code == FaultCode::Gap && self.seq_comes_later(seq)? {
                    f.code = FaultCode::Reordered;
                }
                self.fault = Some(f);
                self.done = true;
                Ok(None)
            }
        }
    }

    /// After a gap: does the missing seq turn up further on? Then the entries were reordered.
    fn seq_comes_later(&mut self, wanted: u64) -> io::Result<bool> {
        #[derive(serde::Deserialize)]
        struct SeqOnly {
            seq: u64,
        }
        while let Some(raw) = self.lines.next_line(&mut self.buf)? {
            if raw.end == LineEnd::Newline
                && serde_json::from_slice::<SeqOnly>(&self.buf).is_ok_and(|s| s.seq == wanted)
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The fault that stopped reading, if any (end-of-journal checks not included).
    pub fn fault(&self) -> Option<&Fault> {
        self.fault.as_ref()
    }

    /// The checker (the verified head and progress), the fault, and the verified length.
    pub fn into_parts(self) -> (Checker<'a>, Option<Fault>, u64) {
        (self.checker, self.fault, self.good_len)
    }

    pub fn into_report(self) -> Report {
        let (checker, mut fault, intact_len) = self.into_parts();
        if fault.is_none() && checker.progress.unsealed_after_seal() {
            let after = checker.progress.last_seal.unwrap_or(0) + 1;
            fault = Some(
                Fault::new(FaultCode::UnsealedAfterSeal, Some(after), Some(after))
                    .detail("a new seal is needed for the journal to count as sealed again"),
            );
        }
        checker.report(fault, intact_len)
    }
}
