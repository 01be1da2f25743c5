//! The archive's HTTP API as data: the bodies both sides exchange (serde only, no network).
//! docs/archive.md lists the endpoints; every path starts with `/v1/`, and a hearing is named
//! by its key (64 hex, [`crate::hearing_key`]).

use journal::Hash;
use serde::{Deserialize, Serialize};

use crate::record::Record;

/// The most lines one push may carry, and the most bytes a request body may have.
pub const MAX_PUSH_LINES: usize = 512;
pub const MAX_REQUEST_BYTES: usize = 8 << 20;

/// `GET /v1/hearings/{key}/head`: what the archive holds of a hearing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    /// The last entry held (0: none).
    pub seq: u64,
    pub hash: Option<Hash>,
}

/// `POST /v1/hearings/{key}/entries`: journal lines without their newlines, in seq order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    pub lines: Vec<String>,
}

/// The answer to a push that was accepted in full.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResponse {
    /// The archive's head after the push.
    pub head: Head,
    /// Entries stored by this push, and entries it already held (acknowledged again).
    pub stored: u64,
    pub duplicates: u64,
    /// Receipts signed because of this push (the seal, or N entries since the last one).
    pub receipts: Vec<Record>,
}

/// Why a request was refused: a stable code, one line for people, and the details a client
/// needs to act (never the content of an entry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub error: String,
    pub message: String,
    /// The archive's head of the hearing, when the refusal concerns a hearing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<Head>,
    /// The seq at fault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seq: Option<u64>,
    /// A fork: the hash the archive holds at `seq` and the one offered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held: Option<Hash>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offered: Option<Hash>,
}

/// Error codes besides the journal's fault codes (docs/journal-format.md §6).
pub mod code {
    pub const MALFORMED_REQUEST: &str = "malformed_request";
    pub const TOO_LARGE: &str = "too_large";
    pub const WRONG_HEARING: &str = "wrong_hearing";
    pub const GAP: &str = "gap";
    pub const FORK: &str = "fork";
    pub const NOT_FOUND: &str = "not_found";
    pub const DATABASE: &str = "database_unavailable";
    pub const INTERNAL: &str = "internal";
    /// The client's certificate is the court authority's, but not for a role that may
    /// connect (a workstation, or another archive).
    pub const CERTIFICATE_ROLE: &str = "certificate_role";
}

/// A hearing the archive holds (`GET /v1/cases?number=…`, `GET /v1/hearings?id=…`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HearingInfo {
    pub key: Hash,
    pub case_number: String,
    pub hearing_id: String,
    pub file_name: String,
    pub head: Head,
}

/// `GET /v1/proof/consistency?from=A&to=B`: two stored checkpoints and the proof between them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsistencyResponse {
    pub from: String,
    pub to: String,
    pub proof: Vec<Hash>,
}

/// `GET /v1/alerts`: what the archive refused and keeps for the desk and the IT officer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    pub hearing: Hash,
    pub seq: u64,
    pub kind: String,
    pub held: Hash,
    pub offered: Hash,
    /// Serial number (hex) of the workstation certificate that offered it.
    pub workstation: String,
    pub time: String,
}
