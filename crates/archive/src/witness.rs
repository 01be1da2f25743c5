//! A higher court's archive as a witness of a lower court's log (C2SP tlog-witness):
//! `POST /add-checkpoint` with
//!
//! ```text
//! old <size the log believes the witness holds>
//! <consistency proof, one base64 hash per line>
//!
//! <checkpoint note>
//! ```
//!
//! The witness checks the log's signature and the consistency with the largest checkpoint of
//! that log it cosigned before, stores the new one (append-only), and answers with its
//! cosignature line. 409 with the size it holds when `old` is stale, 422 when the proof fails,
//! 403 for a log or a key it does not know.
//!
//! The log's side ([`Submitter`]) sends each new checkpoint to the configured witness and
//! keeps the cosignature beside the checkpoint, so `GET /v1/checkpoint` carries it.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use journal::Hash;
use ledger::cosign::{WitnessError, Witnessed, cosign, witness_checkpoint};
use ledger::note::{Note, NoteSigner, NoteVerifier};
use tokio::sync::Mutex;

use crate::db::Db;
use crate::records;

pub struct Witness {
    signer: NoteSigner,
    logs: Vec<NoteVerifier>,
    /// One checkpoint at a time: the check and the store must not interleave.
    lock: Mutex<()>,
}

impl Witness {
    pub fn new(signer: NoteSigner, logs: Vec<NoteVerifier>) -> Witness {
        Witness {
            signer,
            logs,
            lock: Mutex::new(()),
        }
    }

    /// Handle an `add-checkpoint` body; `Err((status, text))` refuses it.
    pub async fn add_checkpoint(&self, db: &Db, body: &str) -> Result<String, (u16, String)> {
        let (old, proof, note) = parse_request(body).map_err(|e| (400, format!("{e}\n")))?;
        let origin = note.text.lines().next().unwrap_or_default().to_string();
        let Some(log) = self.logs.iter().find(|l| l.name == origin) else {
            return Err((404, "unknown log origin\n".into()));
        };
        let _guard = self.lock.lock().await;
        let held = records::witnessed(db, &origin)
            .await
            .map_err(|e| (503, format!("{e}\n")))?
            .map(|(size, root)| Witnessed { size, root });
        let checkpoint = match witness_checkpoint(log, held.as_ref(), old, &proof, &note) {
            Ok(c) => c,
            Err(WitnessError::Signature(e)) => return Err((403, format!("{e}\n"))),
            Err(WitnessError::Conflict { held, .. }) => return Err((409, format!("{held}\n"))),
            Err(WitnessError::Inconsistent(e)) => {
                eprintln!("alert: witness refused an inconsistent checkpoint of {origin}: {e}");
                return Err((422, format!("{e}\n")));
            }
        };
        records::add_witnessed(
            db,
            &origin,
            checkpoint.size,
            &checkpoint.root,
            &note.to_text(),
        )
        .await
        .map_err(|e| (503, format!("{e}\n")))?;
        let time = chrono::Utc::now().timestamp().max(0) as u64;
        Ok(cosign(&self.signer, &note.text, time).line())
    }
}

fn parse_request(body: &str) -> Result<(u64, Vec<Hash>, Note), String> {
    let (head, note) = body
        .split_once("\n\n")
        .ok_or("expected the old size and proof, a blank line, then the checkpoint")?;
    let mut lines = head.lines();
    let old = lines
        .next()
        .and_then(|l| l.strip_prefix("old "))
        .and_then(|n| n.parse::<u64>().ok())
        .ok_or("the first line must be `old <size>`")?;
    let mut proof = Vec::new();
    for line in lines {
        let raw = B64.decode(line).map_err(|_| "a proof line is not base64")?;
        let hash = <[u8; 32]>::try_from(raw).map_err(|_| "a proof hash is not 32 bytes")?;
        proof.push(Hash(hash));
        if proof.len() > 64 {
            return Err("the proof is too long".into());
        }
    }
    let note = Note::parse(note).map_err(|e| e.to_string())?;
    Ok((old, proof, note))
}

/// The body of an `add-checkpoint` request.
pub fn request_body(old: u64, proof: &[Hash], checkpoint_note: &str) -> String {
    let mut body = format!("old {old}\n");
    for h in proof {
        body.push_str(&B64.encode(h.0));
        body.push('\n');
    }
    body.push('\n');
    body.push_str(checkpoint_note);
    body
}

/// The log's side: where its witness is and how to reach it.
pub struct Submitter {
    pub url: String,
    pub agent: ureq::Agent,
    /// The size the witness was last known to hold.
    pub known: Mutex<u64>,
}

impl Submitter {
    /// Send the latest checkpoint to the witness if it has not cosigned it; store the
    /// cosignature. Errors are reported, never fatal: the log works without its witness.
    pub async fn sync(&self, db: &Db, log: &crate::log::Log) -> Result<bool, String> {
        let Some((size, note)) = records::checkpoint(db, None)
            .await
            .map_err(|e| e.to_string())?
        else {
            return Ok(false);
        };
        let mut known = self.known.lock().await;
        if *known >= size {
            return Ok(false);
        }
        for _ in 0..2 {
            let proof = log
                .consistency(db, *known, size)
                .await
                .map_err(|e| e.to_string())?
                .map(|c| c.proof)
                .unwrap_or_default();
            let body = request_body(*known, &proof, &note);
            let agent = self.agent.clone();
            let url = format!("{}/add-checkpoint", self.url.trim_end_matches('/'));
            let answer = tokio::task::spawn_blocking(move || {
                let mut resp = agent
                    .post(&url)
                    .config()
                    .http_status_as_error(false)
                    .build()
                    .send(body.as_bytes())
                    .map_err(|e| e.to_string())?;
                let status = resp.status().as_u16();
                let text = resp
                    .body_mut()
                    .with_config()
                    .limit(64 * 1024)
                    .read_to_string()
                    .map_err(|e| e.to_string())?;
                Ok::<_, String>((status, text))
            })
            .await
            .map_err(|e| e.to_string())??;
            match answer {
                (200, line) => {
                    let name = Note::parse(&format!("x\n\n{line}"))
                        .ok()
                        .and_then(|n| n.signatures.first().map(|s| s.name.clone()))
                        .ok_or("the witness answered no cosignature line")?;
                    records::add_cosignature(db, size, &name, &line)
                        .await
                        .map_err(|e| e.to_string())?;
                    *known = size;
                    return Ok(true);
                }
                (409, held) => {
                    *known = held
                        .trim()
                        .parse()
                        .map_err(|_| "the witness's 409 names no size")?;
                }
                (status, text) => {
                    return Err(format!("the witness refused ({status}): {}", text.trim()));
                }
            }
        }
        Err("the witness's size keeps changing".into())
    }
}
