//! The archive's rules for a pushed entry: checked with the journal's own chain checker,
//! resumed from the state stored after the hearing's last entry (the same code as
//! `hattama verify`); the same entry twice is acknowledged once; a different entry at a seq
//! already held is a fork — refused, never stored, recorded as an alert with both hashes.
//! Receipts follow a seal, every N entries, and M minutes after an entry without one.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use journal::entry::Body;
use journal::line::{MAX_LINE, parse_line};
use journal::{ChainState, Checker, Hash, VerifyOptions};
use ledger::api::{self, Alert, ApiError, Head, PushResponse, code};
use ledger::record::Record;

use crate::db::{Db, DbError};
use crate::log::{Log, LogError};
use crate::records::{self, NewEntry, NewHearing};

/// When receipts are signed while a hearing is open.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// A receipt once this many entries have arrived since the last one.
    pub every_entries: u64,
    /// A receipt once an entry has waited this long without one.
    pub every: Duration,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            every_entries: 20,
            every: Duration::from_secs(5 * 60),
        }
    }
}

/// A refusal: the HTTP status and the body the client reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub status: u16,
    pub body: Box<ApiError>,
}

impl Refusal {
    pub fn new(status: u16, error: &str, message: impl Into<String>) -> Refusal {
        Refusal {
            status,
            body: Box::new(ApiError {
                error: error.to_string(),
                message: message.into(),
                head: None,
                seq: None,
                held: None,
                offered: None,
            }),
        }
    }

    fn head(mut self, state: &ChainState) -> Refusal {
        self.body.head = Some(head_of(state));
        self
    }
}

impl From<DbError> for Refusal {
    fn from(e: DbError) -> Refusal {
        match e {
            DbError::Unavailable(why) => Refusal::new(
                503,
                code::DATABASE,
                format!(
                    "the archive's database is unavailable ({why}); nothing was stored, send again later"
                ),
            ),
            other => Refusal::new(500, code::INTERNAL, format!("the archive failed: {other}")),
        }
    }
}

impl From<LogError> for Refusal {
    fn from(e: LogError) -> Refusal {
        match e {
            LogError::Db(db) => db.into(),
            other => Refusal::new(500, code::INTERNAL, format!("the archive failed: {other}")),
        }
    }
}

fn head_of(state: &ChainState) -> Head {
    Head {
        seq: state.count,
        hash: (state.count > 0).then_some(state.head),
    }
}

/// What the archive remembers of a hearing between pushes.
#[derive(Debug, Clone)]
struct Known {
    chain: ChainState,
    receipted: u64,
    /// When the oldest entry without a receipt arrived.
    waiting_since: Option<Instant>,
}

type Slot = Arc<tokio::sync::Mutex<Option<Known>>>;

pub struct Archive {
    pub db: Db,
    pub log: Log,
    policy: Policy,
    /// One lock per hearing: pushes to one hearing are handled one after another.
    hearings: Mutex<HashMap<Hash, Slot>>,
}

impl Archive {
    pub async fn new(db: Db, log: Log, policy: Policy) -> Result<Archive, DbError> {
        let archive = Archive {
            db,
            log,
            policy,
            hearings: Mutex::new(HashMap::new()),
        };
        // Hearings left with entries and no receipt by the last run get one on schedule.
        for key in records::unreceipted(&archive.db).await? {
            let slot = archive.slot(&key);
            let mut known = slot.lock().await;
            if let Some((chain, receipted)) = records::head(&archive.db, &key).await? {
                *known = Some(Known {
                    chain,
                    receipted,
                    waiting_since: Some(Instant::now()),
                });
            }
        }
        Ok(archive)
    }

    fn slot(&self, key: &Hash) -> Slot {
        let mut map = self.hearings.lock().unwrap_or_else(|p| p.into_inner());
        map.entry(*key).or_default().clone()
    }

    async fn load(&self, key: &Hash, known: &mut Option<Known>) -> Result<Known, DbError> {
        if let Some(k) = known {
            return Ok(k.clone());
        }
        let k = match records::head(&self.db, key).await? {
            Some((chain, receipted)) => Known {
                waiting_since: (chain.count > receipted).then(Instant::now),
                chain,
                receipted,
            },
            None => Known {
                chain: Checker::new(VerifyOptions::default(), None).state(),
                receipted: 0,
                waiting_since: None,
            },
        };
        *known = Some(k.clone());
        Ok(k)
    }

    /// The archive's head of a hearing.
    pub async fn head(&self, key: &Hash) -> Result<Head, Refusal> {
        let slot = self.slot(key);
        let mut known = slot.lock().await;
        Ok(head_of(&self.load(key, &mut known).await?.chain))
    }

    /// Take pushed lines of a hearing.
    pub async fn push(
        &self,
        key: &Hash,
        lines: Vec<String>,
        workstation: &str,
    ) -> Result<PushResponse, Refusal> {
        if lines.is_empty() || lines.len() > api::MAX_PUSH_LINES {
            return Err(Refusal::new(
                400,
                code::MALFORMED_REQUEST,
                format!("a push carries 1 to {} lines", api::MAX_PUSH_LINES),
            ));
        }
        let slot = self.slot(key);
        let mut known = slot.lock().await;
        // A conflict means another writer stored entries of this hearing meanwhile: read
        // what it stored and decide again (once; a second conflict is an error).
        for attempt in 0..2 {
            let k = self.load(key, &mut known).await?;
            match self.take(key, &k, &lines, workstation).await {
                Err(TakeError::Db(DbError::Conflict)) if attempt == 0 => *known = None,
                Err(TakeError::Db(e)) => return Err(e.into()),
                Err(TakeError::Refused(r)) => return Err(r),
                Ok(taken) => return self.finish(key, &mut known, k, taken).await,
            }
        }
        Err(DbError::Conflict.into())
    }

    /// Check the lines against what is held; store the new ones.
    async fn take(
        &self,
        key: &Hash,
        k: &Known,
        lines: &[String],
        workstation: &str,
    ) -> Result<Taken, TakeError> {
        let mut checker = Checker::resume(VerifyOptions::default(), &k.chain).map_err(|field| {
            Refusal::new(
                500,
                code::INTERNAL,
                format!("stored chain state is damaged ({field})"),
            )
        })?;
        let mut taken = Taken::default();
        let mut hearing = None;
        for (i, line) in lines.iter().enumerate() {
            if line.len() > MAX_LINE || line.contains('\n') {
                return Err(Refusal::new(
                    413,
                    code::TOO_LARGE,
                    format!(
                        "line {} is not one journal line of at most {MAX_LINE} bytes",
                        i + 1
                    ),
                )
                .into());
            }
            let repr = parse_line(line.as_bytes()).map_err(|e| {
                Refusal::new(
                    422,
                    journal::FaultCode::Malformed.as_str(),
                    format!(
                        "line {} is not a journal entry (field `{}` {})",
                        i + 1,
                        e.field.as_deref().unwrap_or("."),
                        e.detail
                    ),
                )
            })?;
            let held_count = k.chain.count;
            if repr.seq >= 1 && repr.seq <= held_count {
                let held = if repr.seq == held_count {
                    Some(k.chain.head)
                } else {
                    records::entry_hash(&self.db, key, repr.seq).await?
                };
                match held {
                    Some(h) if h == repr.hash => {
                        taken.duplicates += 1;
                        continue;
                    }
                    Some(h) => {
                        return Err(TakeError::Refused(
                            self.fork(key, &k.chain, repr.seq, h, repr.hash, workstation)
                                .await?,
                        ));
                    }
                    None => {
                        return Err(
                            Refusal::new(500, code::INTERNAL, "an entry held is missing").into(),
                        );
                    }
                }
            }
            if repr.seq != checker.next_seq() {
                if taken.entries.is_empty() {
                    return Err(Refusal::new(
                        409,
                        code::GAP,
                        format!(
                            "the archive holds up to #{}; send from #{}",
                            checker.next_seq() - 1,
                            checker.next_seq()
                        ),
                    )
                    .head(&k.chain)
                    .into());
                }
                break;
            }
            match checker.check(i as u64 + 1, repr) {
                Ok(entry) => {
                    if let Some(Body::HearingOpened(opened)) = &entry.body {
                        let own = ledger::hearing_key(&opened.case_number, &opened.hearing_id);
                        if own != *key {
                            return Err(Refusal::new(
                                400,
                                code::WRONG_HEARING,
                                "the journal's first entry belongs to another hearing key",
                            )
                            .into());
                        }
                        hearing = Some(NewHearing {
                            key: *key,
                            case_number: opened.case_number.clone(),
                            hearing_id: opened.hearing_id.clone(),
                            file_name: journal::file_name(&opened.case_number, &opened.hearing_id),
                        });
                    }
                    taken.sealed = entry.kind == journal::Kind::Sealed;
                    taken.entries.push(NewEntry {
                        seq: entry.seq,
                        hash: entry.hash,
                        line: line.clone(),
                        state: checker.state(),
                    });
                }
                Err(fault) => {
                    taken.fault = Some(fault);
                    break;
                }
            }
        }
        if !taken.entries.is_empty() {
            records::append(&self.db, key, hearing.as_ref(), &taken.entries, workstation).await?;
        }
        Ok(taken)
    }

    async fn fork(
        &self,
        key: &Hash,
        chain: &ChainState,
        seq: u64,
        held: Hash,
        offered: Hash,
        workstation: &str,
    ) -> Result<Refusal, DbError> {
        records::add_alert(
            &self.db,
            &Alert {
                hearing: *key,
                seq,
                kind: code::FORK.into(),
                held,
                offered,
                workstation: workstation.into(),
                time: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            },
        )
        .await?;
        eprintln!(
            "alert: fork in hearing {} at #{seq}: held {}, offered {} by workstation {workstation}",
            key.to_hex(),
            held.to_hex(),
            offered.to_hex()
        );
        let mut r = Refusal::new(
            409,
            code::FORK,
            format!("the archive holds a different entry #{seq}: the journals have forked; the archive keeps its entry and has recorded an alert"),
        )
        .head(chain);
        r.body.seq = Some(seq);
        r.body.held = Some(held);
        r.body.offered = Some(offered);
        Ok(r)
    }

    /// After storing: remember the new head, sign the receipts that are due, answer.
    async fn finish(
        &self,
        key: &Hash,
        known: &mut Option<Known>,
        mut k: Known,
        taken: Taken,
    ) -> Result<PushResponse, Refusal> {
        if let Some(last) = taken.entries.last() {
            k.chain = last.state.clone();
            k.waiting_since.get_or_insert_with(Instant::now);
        }
        *known = Some(k.clone());
        let mut receipts = Vec::new();
        let due = k.chain.count > k.receipted
            && (taken.sealed || k.chain.count - k.receipted >= self.policy.every_entries);
        if due {
            receipts = self.receipt(key, known, &k).await?;
        }
        if let Some(fault) = taken.fault {
            let mut r = Refusal::new(422, fault.code.as_str(), format!("entry refused: {fault}"))
                .head(&k.chain);
            r.body.seq = fault.seq;
            return Err(r);
        }
        Ok(PushResponse {
            head: head_of(&k.chain),
            stored: taken.entries.len() as u64,
            duplicates: taken.duplicates,
            receipts,
        })
    }

    async fn receipt(
        &self,
        key: &Hash,
        known: &mut Option<Known>,
        k: &Known,
    ) -> Result<Vec<Record>, LogError> {
        let records = self
            .log
            .issue(&self.db, &[(*key, k.chain.count, k.chain.head)])
            .await?;
        *known = Some(Known {
            chain: k.chain.clone(),
            receipted: k.chain.count,
            waiting_since: None,
        });
        Ok(records)
    }

    /// Sign receipts for hearings whose entries have waited `policy.every` (the timer).
    pub async fn receipts_due(&self) -> Result<usize, LogError> {
        let slots: Vec<(Hash, Slot)> = {
            let map = self.hearings.lock().unwrap_or_else(|p| p.into_inner());
            map.iter().map(|(k, v)| (*k, v.clone())).collect()
        };
        let mut n = 0;
        for (key, slot) in slots {
            // A hearing being pushed right now is handled by its push.
            let Ok(mut known) = slot.try_lock() else {
                continue;
            };
            let Some(k) = known.clone() else { continue };
            if k.waiting_since
                .is_some_and(|t| t.elapsed() >= self.policy.every)
                && k.chain.count > k.receipted
            {
                self.receipt(&key, &mut known, &k).await?;
                n += 1;
            }
        }
        Ok(n)
    }
}

#[derive(Default)]
struct Taken {
    entries: Vec<NewEntry>,
    duplicates: u64,
    sealed: bool,
    fault: Option<journal::Fault>,
}

enum TakeError {
    Db(DbError),
    Refused(Refusal),
}

impl From<DbError> for TakeError {
    fn from(e: DbError) -> Self {
        TakeError::Db(e)
    }
}

impl From<Refusal> for TakeError {
    fn from(r: Refusal) -> Self {
        TakeError::Refused(r)
    }
}
