//! An independent verifier, written from docs/journal-format.md alone: it uses no code of the
//! journal or pki crates (only serde_json, sha2, ed25519-dalek, p256, x509-cert and time), so a
//! mistake shared by the writer and the module's verifier, but not by the document, shows up as
//! a disagreement. Seals of both formats are checked (§6); trust in certificates is not (that is
//! X.509's, checked against OpenSSL in tests/trust).
//!
//! Known limit: `serde_json::Value` keeps the last of two duplicate keys, so this verifier does
//! not see duplicates (§2); the module's verifier does. The tests never rely on duplicates here.

use ed25519_dalek::{Signature, VerifyingKey};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::{sample_bytes, verify_bytes};

/// What the independent verifier concluded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub entries: u64,
    pub head: Option<String>,
    pub sealed: bool,
    /// The line (or excerpt position) of the first fault.
    pub fault_line: Option<u64>,
}

fn u64be(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(&n.to_be_bytes());
}

fn str_(out: &mut Vec<u8>, s: &str) {
    u64be(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn value(out: &mut Vec<u8>, v: &Value) -> Result<(), ()> {
    match v {
        Value::Null => out.push(b'n'),
        Value::Bool(false) => out.push(b'f'),
        Value::Bool(true) => out.push(b't'),
        Value::Number(n) => {
            let text = match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => u.to_string(),
                (_, Some(i)) => i.to_string(),
                _ => return Err(()),
            };
            out.push(b'i');
            str_(out, &text);
        }
        Value::String(s) => {
            out.push(b's');
            str_(out, s);
        }
        Value::Array(items) => {
            out.push(b'a');
            u64be(out, items.len() as u64);
            for item in items {
                value(out, item)?;
            }
        }
        Value::Object(map) => {
            out.push(b'o');
            u64be(out, map.len() as u64);
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
            for k in keys {
                str_(out, k);
                value(out, &map[k])?;
            }
        }
    }
    Ok(())
}

fn sha(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str, len: usize) -> Result<Vec<u8>, ()> {
    let ok = s.len() == 2 * len && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if !ok {
        return Err(());
    }
    (0..len)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).map_err(|_| ()))
        .collect()
}

const AFTER_CLOSE: &[&str] = &[
    "sealed",
    "ruling_issued",
    "correction",
    "translation",
    "remark_filed",
    "remark_decided",
    "recovered",
];
const KINDS: &[&str] = &[
    "hearing_opened",
    "participant_added",
    "participant_updated",
    "participant_left",
    "note",
    "recess",
    "resumed",
    "incident_recorded",
    "advice_shown",
    "measure_applied",
    "explanation_heard",
    "ruling_issued",
    "correction",
    "translation",
    "remark_filed",
    "remark_decided",
    "hearing_closed",
    "recovered",
    "sealed",
];

struct Chain {
    n: u64,
    prev: [u8; 32],
    /// The hash of entry 1: the journal a format-2 seal must name.
    first: [u8; 32],
    last_time: Option<OffsetDateTime>,
    closed: bool,
    last_kind: String,
    last_seal: Option<u64>,
}

impl Chain {
    fn new() -> Chain {
        Chain {
            n: 0,
            prev: [0; 32],
            first: [0; 32],
            last_time: None,
            closed: false,
            last_kind: String::new(),
            last_seal: None,
        }
    }

    /// One entry object; `body_required` says whether a withheld body is a fault.
    fn entry(
        &mut self,
        obj: &Map<String, Value>,
        body_required: &dyn Fn(u64, &str) -> bool,
    ) -> Result<(), ()> {
        let allowed = ["seq", "time", "kind", "prev", "body_hash", "hash", "body"];
        if obj.keys().any(|k| !allowed.contains(&k.as_str())) {
            return Err(());
        }
        let seq = obj.get("seq").and_then(Value::as_u64).ok_or(())?;
        let time = obj.get("time").and_then(Value::as_str).ok_or(())?;
        let kind = obj.get("kind").and_then(Value::as_str).ok_or(())?;
        let prev = unhex(obj.get("prev").and_then(Value::as_str).ok_or(())?, 32)?;
        let body_hash = unhex(obj.get("body_hash").and_then(Value::as_str).ok_or(())?, 32)?;
        let hash = unhex(obj.get("hash").and_then(Value::as_str).ok_or(())?, 32)?;
        let n = self.n + 1;
        if seq != n || prev != self.prev {
            return Err(());
        }
        let body = match obj.get("body") {
            Some(Value::Object(b)) => {
                let mut bytes = Vec::new();
                str_(&mut bytes, "hattama-journal-v1-body");
                value(&mut bytes, &Value::Object(b.clone()))?;
                if sha(&bytes).as_slice() != body_hash {
                    return Err(());
                }
                Some(b)
            }
            Some(_) => return Err(()),
            None if body_required(n, kind) => return Err(()),
            None => None,
        };
        let mut bytes = Vec::new();
        str_(&mut bytes, "hattama-journal-v1-entry");
        u64be(&mut bytes, seq);
        str_(&mut bytes, time);
        str_(&mut bytes, kind);
        bytes.extend_from_slice(&prev);
        bytes.extend_from_slice(&body_hash);
        if sha(&bytes).as_slice() != hash {
            return Err(());
        }
        let t = OffsetDateTime::parse(time, &Rfc3339).map_err(|_| ())?;
        if self.last_time.is_some_and(|last| t < last) {
            return Err(());
        }
        if !KINDS.contains(&kind) {
            return Err(());
        }
        let order_ok = if n == 1 {
            kind == "hearing_opened"
        } else if kind == "hearing_opened" {
            false
        } else if kind == "sealed" {
            self.closed && self.last_kind != "sealed"
        } else if self.closed {
            AFTER_CLOSE.contains(&kind)
        } else {
            true
        };
        if !order_ok {
            return Err(());
        }
        if let Some(b) = body {
            for field in ["target_seq", "remark_seq", "incident_seq", "measure_seq"] {
                if let Some(r) = b.get(field) {
                    let r = r.as_u64().ok_or(())?;
                    if r == 0 || r >= n {
                        return Err(());
                    }
                }
            }
            if kind == "sealed" {
                if b.contains_key("statement") {
                    self.check_seal_v2(b, n, time)?;
                } else {
                    self.check_seal(b, n)?;
                }
            }
        }
        if kind == "hearing_closed" {
            self.closed = true;
        }
        if kind == "sealed" {
            self.last_seal = Some(n);
        }
        if n == 1 {
            self.first.copy_from_slice(&hash);
        }
        self.n = n;
        self.prev.copy_from_slice(&hash);
        self.last_time = Some(t);
        self.last_kind = kind.to_string();
        Ok(())
    }

    fn check_seal(&self, b: &Map<String, Value>, n: u64) -> Result<(), ()> {
        let head = unhex(b.get("head").and_then(Value::as_str).ok_or(())?, 32)?;
        let count = b.get("count").and_then(Value::as_u64).ok_or(())?;
        if head != self.prev || count != n - 1 {
            return Err(());
        }
        let sigs = b.get("signatures").and_then(Value::as_array).ok_or(())?;
        let mut roles: Vec<&str> = sigs
            .iter()
            .map(|s| s.get("role").and_then(Value::as_str).unwrap_or(""))
            .collect();
        roles.sort();
        if roles != ["judge", "secretary"] {
            return Err(());
        }
        for s in sigs {
            let role = s.get("role").and_then(Value::as_str).ok_or(())?;
            if s.get("algorithm").and_then(Value::as_str) != Some("ed25519") {
                return Err(());
            }
            let pk = unhex(s.get("public_key").and_then(Value::as_str).ok_or(())?, 32)?;
            let sig = unhex(s.get("signature").and_then(Value::as_str).ok_or(())?, 64)?;
            let mut msg = Vec::new();
            str_(&mut msg, "hattama-journal-v1-seal");
            str_(&mut msg, role);
            u64be(&mut msg, count);
            msg.extend_from_slice(&head);
            let key = VerifyingKey::from_bytes(pk.as_slice().try_into().map_err(|_| ())?)
                .map_err(|_| ())?;
            let sig = Signature::from_bytes(sig.as_slice().try_into().map_err(|_| ())?);
            key.verify_strict(&msg, &sig).map_err(|_| ())?;
        }
        Ok(())
    }

    /// §6.2: the statement must be exactly the one these facts give, and each signature must
    /// verify under its certificate's P-256 key over the statement's bytes.
    fn check_seal_v2(&self, b: &Map<String, Value>, n: u64, time: &str) -> Result<(), ()> {
        if b.len() != 2 {
            return Err(());
        }
        let statement = b.get("statement").and_then(Value::as_str).ok_or(())?;
        let sigs = b.get("signatures").and_then(Value::as_array).ok_or(())?;
        if sigs.len() != 2 {
            return Err(());
        }
        let mut certs = Vec::new();
        for s in sigs {
            let s = s.as_object().ok_or(())?;
            if s.len() != 2 {
                return Err(());
            }
            let hexed = |k: &str| -> Result<Vec<u8>, ()> {
                let v = s.get(k).and_then(Value::as_str).ok_or(())?;
                if v.len() % 2 != 0 {
                    return Err(());
                }
                unhex(v, v.len() / 2)
            };
            certs.push((hexed("certificate")?, hexed("signature")?));
        }
        let expected = format!(
            "hattama-seal/2\njournal {}\ncount {}\nhead {}\ntime {time}\n\
             signer judge ecdsa-p256-sha256 {}\nsigner secretary ecdsa-p256-sha256 {}\n",
            hex(&self.first),
            n - 1,
            hex(&self.prev),
            hex(&sha(&certs[0].0)),
            hex(&sha(&certs[1].0)),
        );
        if statement != expected {
            return Err(());
        }
        for (cert, sig) in &certs {
            use der::{Decode, Encode};
            use p256::ecdsa::signature::Verifier as _;
            use p256::pkcs8::DecodePublicKey;
            let cert = x509_cert::Certificate::from_der(cert).map_err(|_| ())?;
            let spki = cert
                .tbs_certificate()
                .subject_public_key_info()
                .to_der()
                .map_err(|_| ())?;
            let key = p256::ecdsa::VerifyingKey::from_public_key_der(&spki).map_err(|_| ())?;
            let sig = p256::ecdsa::DerSignature::from_bytes(sig).map_err(|_| ())?;
            key.verify(statement.as_bytes(), &sig).map_err(|_| ())?;
        }
        Ok(())
    }

    fn verdict(&self, fault_line: Option<u64>) -> Verdict {
        Verdict {
            entries: self.n,
            head: (self.n > 0).then(|| hex(&self.prev)),
            sealed: self.last_seal.is_some() && self.last_seal == Some(self.n),
            fault_line,
        }
    }
}

fn parse_object(bytes: &[u8]) -> Result<Map<String, Value>, ()> {
    if bytes.len() > 1 << 20 {
        return Err(());
    }
    let text = std::str::from_utf8(bytes).map_err(|_| ())?;
    match serde_json::from_str(text).map_err(|_| ())? {
        Value::Object(m) => Ok(m),
        _ => Err(()),
    }
}

/// Verify a journal file's bytes.
pub fn verify_journal(bytes: &[u8]) -> Verdict {
    let mut chain = Chain::new();
    let mut pieces: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
    let tail = pieces.pop().unwrap_or_default();
    for (i, line) in pieces.iter().enumerate() {
        let line_no = i as u64 + 1;
        let ok = parse_object(line).and_then(|obj| chain.entry(&obj, &|_, _| true));
        if ok.is_err() {
            return chain.verdict(Some(line_no));
        }
    }
    // §4: a final piece without LF is read as a line if it parses (it only lost its newline);
    // one that does not parse is a torn tail.
    if !tail.is_empty() {
        let ok = parse_object(tail).and_then(|obj| chain.entry(&obj, &|_, _| true));
        if ok.is_err() {
            return chain.verdict(Some(pieces.len() as u64 + 1));
        }
    }
    if chain.n == 0 {
        return chain.verdict(Some(1));
    }
    // Entries after the last seal leave the journal intact, not sealed (a warning, §9).
    chain.verdict(None)
}

/// Verify an excerpt's bytes (§7).
pub fn verify_excerpt(bytes: &[u8]) -> Verdict {
    let mut chain = Chain::new();
    let Ok(doc) = parse_whole(bytes) else {
        return chain.verdict(Some(0));
    };
    let selected: Vec<u64> = doc
        .get("selected")
        .and_then(Value::as_array)
        .map_or(Vec::new(), |a| a.iter().filter_map(Value::as_u64).collect());
    let keys_ok =
        doc.len() == 3 && doc.get("format").and_then(Value::as_str) == Some("hattama-excerpt/1");
    let sel_ok =
        !selected.is_empty() && selected[0] >= 1 && selected.windows(2).all(|w| w[0] < w[1]);
    let Some(entries) = doc
        .get("entries")
        .and_then(Value::as_array)
        .filter(|_| keys_ok && sel_ok)
    else {
        return chain.verdict(Some(0));
    };
    let required = |seq: u64, kind: &str| seq == 1 || kind == "sealed" || selected.contains(&seq);
    for (i, e) in entries.iter().enumerate() {
        let ok = e
            .as_object()
            .ok_or(())
            .and_then(|obj| chain.entry(obj, &required));
        if ok.is_err() {
            return chain.verdict(Some(i as u64 + 1));
        }
    }
    let complete = chain.last_seal == Some(chain.n) && selected.iter().all(|&s| s <= chain.n);
    chain.verdict((!complete).then_some(0))
}

fn parse_whole(bytes: &[u8]) -> Result<Map<String, Value>, ()> {
    let text = std::str::from_utf8(bytes).map_err(|_| ())?;
    match serde_json::from_str(text).map_err(|_| ())? {
        Value::Object(m) => Ok(m),
        _ => Err(()),
    }
}

#[test]
fn agrees_with_verify_on_the_sample() {
    let bytes = sample_bytes();
    let ours = verify_bytes(&bytes);
    let theirs = verify_journal(&bytes);
    assert!(ours.intact(), "{:?}", ours.fault);
    assert_eq!(theirs.fault_line, None);
    assert_eq!(theirs.entries, ours.entries);
    assert_eq!(theirs.head, ours.head.map(|h| h.to_hex()));
    assert!(theirs.sealed && ours.sealed);
}

#[test]
fn agrees_with_verify_on_every_flipped_byte_of_the_sample() {
    agree_on_every_flipped_byte(&sample_bytes());
}

/// Flip each byte of `bytes` in turn: hattama's verifier detects it, and this one names the
/// same line.
pub fn agree_on_every_flipped_byte(bytes: &[u8]) {
    for i in 0..bytes.len() {
        let mut b = bytes.to_vec();
        b[i] ^= 0x01;
        let ours = verify_bytes(&b);
        let theirs = verify_journal(&b);
        let line = ours.fault.as_ref().and_then(|f| f.line);
        assert!(line.is_some(), "byte {i}: not detected");
        assert_eq!(theirs.fault_line, line, "byte {i}: the verifiers disagree");
    }
}
