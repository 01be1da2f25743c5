//! The verifier: checks a chain entry by entry and says where, if anywhere, it first breaks.
//!
//! It streams: one line in memory at a time, however long the journal. The same checks serve
//! opening a journal for writing, iterating it, `hattama verify`, and excerpts (where some
//! bodies are withheld and only their hashes link the chain).

use std::io::{self, BufRead};

use crate::clock::{Time, parse_time};

use super::canonical::{Hash, body_hash, entry_hash};
use super::entry::{Body, Entry, Kind};
use super::fault::{Fault, FaultCode};
use super::keys::PublicKeyRecord;
use super::line::{LineEnd, LineReader, LineRepr, parse_line};
use super::order::{OrderError, Progress};
use super::seal::{Ed25519Verifier, SealContext, SealError, SignerInfo, Verifier, check_seal};
use super::seal_v2::Officials;
use super::warning::Warning;

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
    pub time: Time,
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
    pub head_time: Option<Time>,
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
    /// What a person must act on although nothing is broken (a tail awaiting a seal, a lost
    /// final newline). Warnings never make a report not intact.
    pub warnings: Vec<Warning>,
    /// Entries after the latest seal, not sealed yet (0 when the last entry is a seal or there
    /// is no seal).
    pub unsealed_after_seal: u64,
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

/// Where a verified chain stands: enough to check the next entry without re-reading the ones
/// before it. A server keeps it per hearing and resumes with [`Checker::resume`]. It holds
/// hashes, counts and a time, and the names of the two officials the opening entry names
/// (a seal must be made by them), nothing else of the hearing.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChainState {
    /// Entries verified so far, which is also the seq of the head.
    pub count: u64,
    /// The hash of the head (all zeros before the first entry).
    pub head: Hash,
    /// The head's time as written in its line; `None` before the first entry.
    pub head_time: Option<String>,
    pub closed: bool,
    pub last_seal: Option<u64>,
    pub seals_total: u64,
    /// The hash of the first entry, which a seal names as the journal it seals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub journal: Option<Hash>,
    /// The judge and the secretary the opening entry names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub officials: Option<Officials>,
}

/// Entry-by-entry checks, fed by a journal reader, an excerpt, or entries arriving one at a
/// time from anywhere (a network request): [`Checker::check_line`] takes one line's bytes.
#[derive(Clone)]
pub struct Checker<'a> {
    opts: VerifyOptions<'a>,
    /// In excerpts: seqs whose bodies must be present besides seq 1 and seals.
    /// `None` for journals, where every body must be present.
    required: Option<Vec<u64>>,
    prev: Hash,
    last_time: Option<Time>,
    /// The head's time exactly as its line wrote it (the state carries the text, which the
    /// hash covers, not a re-formatted value).
    head_time_text: Option<String>,
    pub progress: Progress,
    seals: Vec<SealInfo>,
    seals_total: u64,
    all_authenticated: bool,
    /// The first seal whose two signatures were made by one key, and how many such seals
    /// (a warning: the bytes hold, but one person sealed as both officials). A resumed checker
    /// starts counting afresh: the state carries what the chain needs, not past warnings.
    one_key_seals: Option<(u64, u64)>,
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
            head_time_text: None,
            progress: Progress::default(),
            seals: Vec::new(),
            seals_total: 0,
            all_authenticated: true,
            one_key_seals: None,
            journal: None,
            officials: None,
        }
    }

    /// A checker that carries on from `state`, a chain verified earlier (by this program or
    /// another): the next entry must be `state.count + 1` and link to `state.head`.
    /// `Err` names the field of a state that cannot be a chain's.
    pub fn resume(
        opts: VerifyOptions<'a>,
        state: &ChainState,
    ) -> Result<Checker<'a>, &'static str> {
        let last_time = match (&state.head_time, state.count) {
            (None, 0) => None,
            (Some(text), 1..) => Some(parse_time(text).ok_or("head_time")?),
            _ => return Err("head_time"),
        };
        if state.count == 0 && (state.head != Hash::ZERO || state.closed) {
            return Err("count");
        }
        if state.last_seal.is_some_and(|s| s == 0 || s > state.count)
            || (state.last_seal.is_some() != (state.seals_total > 0))
        {
            return Err("last_seal");
        }
        let mut checker = Checker::new(opts, None);
        checker.prev = state.head;
        checker.last_time = last_time;
        checker.head_time_text = state.head_time.clone();
        checker.progress = Progress {
            count: state.count,
            closed: state.closed,
            last_seal: state.last_seal,
        };
        checker.seals_total = state.seals_total;
        if state.count > 0 && state.journal.is_none() {
            return Err("journal");
        }
        checker.journal = state.journal;
        checker.officials = state.officials.clone();
        Ok(checker)
    }

    /// Where the chain stands now, to resume from later.
    pub fn state(&self) -> ChainState {
        ChainState {
            count: self.progress.count,
            head: self.prev,
            head_time: self.head_time_text.clone(),
            closed: self.progress.closed,
            last_seal: self.progress.last_seal,
            seals_total: self.seals_total,
            journal: self.journal,
            officials: self.officials.clone(),
        }
    }

    /// Check one line of a journal (its bytes without the newline), `line` numbering it in
    /// messages. On success the entry becomes the new head.
    pub fn check_line(&mut self, line: u64, bytes: &[u8]) -> Result<Entry, Fault> {
        let seq = self.next_seq();
        match parse_line(bytes) {
            Ok(repr) => self.check(line, repr),
            Err(e) => {
                let code = if e.invalid_utf8 {
                    FaultCode::InvalidUtf8
                } else {
                    FaultCode::Malformed
                };
                let mut fault = Fault::new(code, Some(seq), Some(line)).detail(e.detail);
                fault.field = e.field;
                Err(fault)
            }
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
    pub fn head(&self) -> Option<(u64, Hash, Time)> {
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
            // The seq found is not quoted: a forged line can put any number there, an IIN too.
            let detail = if code == FaultCode::Duplicate {
                "the line's seq is lower than the one expected here"
            } else {
                "the line's seq is higher than the one expected here"
            };
            return Err(fault(code).field("seq").detail(detail));
        }
        if repr.prev != self.prev {
            return Err(fault(FaultCode::BrokenLink).field("prev"));
        }
        let kind = Kind::parse(&repr.kind).ok_or_else(|| {
            fault(FaultCode::Malformed)
                .field("kind")
                .detail("unknown kind")
        })?;
        let time = parse_time(&repr.time).ok_or_else(|| {
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
                    // The value is not quoted: it is body data, and can be anything.
                    return Err(fault(FaultCode::BadReference)
                        .field(format!("body.{field}"))
                        .detail(format!("must name an earlier entry (1 to {})", seq - 1)));
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
                let detail = match e {
                    // The count is body data: say what is wrong without quoting it.
                    SealError::Count { .. } => {
                        "the seal's count does not match the entries before it".to_string()
                    }
                    other => other.to_string(),
                };
                fault(code).field("body").detail(detail)
            })?;
            self.seals_total += 1;
            self.all_authenticated &= signers.iter().all(|s| s.status.authenticated());
            if let [a, b] = signers.as_slice()
                && a.key().is_some()
                && a.key() == b.key()
            {
                let (first, n) = self.one_key_seals.unwrap_or((seq, 0));
                self.one_key_seals = Some((first, n + 1));
            }
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
        self.head_time_text = Some(repr.time);
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
        let unsealed_after_seal = self
            .progress
            .last_seal
            .map_or(0, |s| self.progress.count - s);
        let warnings = self
            .one_key_seals
            .map(|(seq, n)| Warning::one_key(seq, n))
            .into_iter()
            .collect();
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
            warnings,
            unsealed_after_seal,
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
    /// The last entry's line is whole and verifies but has no newline.
    unterminated: bool,
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
            unterminated: false,
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
            // A write cut short leaves a prefix of a line, which never parses (a line ends with
            // the `}` of its object). A last line that parses is whole: it lost only its
            // newline and is checked like any other, so it is never taken for torn and cut.
            LineEnd::Torn => match parse_line(&self.buf) {
                Ok(repr) => {
                    let checked = self.checker.check(raw.number, repr);
                    self.unterminated = checked.is_ok();
                    checked
                }
                Err(_) => Err(fault(FaultCode::TornTail, raw.number).detail(format!(
                    "{} bytes after byte offset {} have no newline; `hattama repair` removes them",
                    self.buf.len(),
                    raw.offset
                ))),
            },
            LineEnd::Newline => self.checker.check_line(raw.number, &self.buf),
        };
        match result {
            Ok(entry) => {
                self.good_len = if self.unterminated {
                    raw.offset + self.buf.len() as u64
                } else {
                    self.lines.offset()
                };
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

    /// The last entry verified although its line has no newline ([`Warning::missing_newline`]).
    pub fn unterminated(&self) -> bool {
        self.unterminated
    }

    /// The checker (the verified head and progress), the fault, and the verified length.
    pub fn into_parts(self) -> (Checker<'a>, Option<Fault>, u64) {
        (self.checker, self.fault, self.good_len)
    }

    pub fn into_report(self) -> Report {
        let unterminated = self.unterminated;
        let (checker, fault, intact_len) = self.into_parts();
        let mut report = checker.report(fault, intact_len);
        if report.intact() {
            let n = report.unsealed_after_seal;
            if n > 0 {
                report
                    .warnings
                    .push(Warning::unsealed(report.entries - n, n));
            }
            if unterminated {
                report
                    .warnings
                    .push(Warning::missing_newline(report.entries));
            }
        }
        report
    }
}
