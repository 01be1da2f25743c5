//! The archive's API from the workstation's side: one blocking call per endpoint, each
//! answering a typed value or a [`ClientError`] that says whether the archive was unreachable,
//! refused the certificate, or refused the request (and why, in its own words).

use journal::Hash;
use ledger::api::{
    Alert, ApiError, ConsistencyResponse, Head, HearingInfo, PushRequest, PushResponse,
};
use ledger::record::Record;
use p256::ecdsa::VerifyingKey;
use pki::{Certificate, Crl};
use serde::de::DeserializeOwned;

use crate::config::{ArchiveConfig, Credentials};

/// The most a journal download may weigh.
const MAX_JOURNAL_BYTES: u64 = 512 << 20;
const MAX_JSON_BYTES: u64 = 64 << 20;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientError {
    /// The archive cannot be reached now (network, timeout, server down): try again later.
    #[error("the archive cannot be reached ({0})")]
    Offline(String),
    /// The archive refused this workstation's certificate (unknown or revoked).
    #[error("the archive refused this workstation's certificate ({0})")]
    CertificateRefused(String),
    /// The archive answered with a refusal.
    #[error("the archive refused: {}", .error.message)]
    Refused { status: u16, error: Box<ApiError> },
    /// The archive's answer does not make sense, or does not verify.
    #[error("the archive's answer is not valid ({0})")]
    Invalid(String),
    /// This workstation's settings are wrong.
    #[error("{0}")]
    Config(String),
}

impl ClientError {
    /// The refusal's code, if the archive refused.
    pub fn code(&self) -> Option<&str> {
        match self {
            ClientError::Refused { error, .. } => Some(&error.error),
            _ => None,
        }
    }
}

fn transport(e: ureq::Error) -> ClientError {
    let text = e.to_string();
    // Under TLS 1.3 the archive judges the client certificate after the client's side of the
    // handshake: its refusal arrives as an alert on the first read.
    let lower = text.to_lowercase();
    if lower.contains("alert")
        && (lower.contains("certificate")
            || lower.contains("unknownca")
            || lower.contains("unknown ca"))
    {
        return ClientError::CertificateRefused(text);
    }
    ClientError::Offline(text)
}

/// A connection to the court's archive.
pub struct Client {
    base: String,
    agent: ureq::Agent,
    authority: Vec<Certificate>,
    /// The workstation's own copy of the CRL, preferred to the archive's.
    crl: Option<Crl>,
}

impl Client {
    pub fn new(config: &ArchiveConfig) -> Result<Client, ClientError> {
        let Credentials {
            roots,
            crl,
            chain,
            key,
        } = config.credentials().map_err(ClientError::Config)?;
        let agent = crate::tls::agent(&roots, &chain, &key).map_err(ClientError::Config)?;
        Ok(Client {
            base: config.url.trim_end_matches('/').to_string(),
            agent,
            authority: roots,
            crl,
        })
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn read(
        &self,
        resp: ureq::http::Response<ureq::Body>,
        limit: u64,
    ) -> Result<(u16, String), ClientError> {
        let status = resp.status().as_u16();
        let mut resp = resp;
        let body = resp
            .body_mut()
            .with_config()
            .limit(limit)
            .read_to_string()
            .map_err(|e| ClientError::Offline(format!("reading the answer: {e}")))?;
        Ok((status, body))
    }

    fn answer<T: DeserializeOwned>(&self, status: u16, body: &str) -> Result<T, ClientError> {
        if (200..300).contains(&status) {
            return serde_json::from_str(body).map_err(|e| ClientError::Invalid(format!("{e}")));
        }
        Err(refusal(status, body))
    }

    fn get_json<T: DeserializeOwned>(&self, path: &str) -> Result<T, ClientError> {
        let resp = self.agent.get(&self.url(path)).call().map_err(transport)?;
        let (status, body) = self.read(resp, MAX_JSON_BYTES)?;
        self.answer(status, &body)
    }

    fn get_text(&self, path: &str, limit: u64) -> Result<String, ClientError> {
        let resp = self.agent.get(&self.url(path)).call().map_err(transport)?;
        let (status, body) = self.read(resp, limit)?;
        if (200..300).contains(&status) {
            Ok(body)
        } else {
            Err(refusal(status, &body))
        }
    }

    pub fn head(&self, key: &Hash) -> Result<Head, ClientError> {
        self.get_json(&format!("/v1/hearings/{}/head", key.to_hex()))
    }

    pub fn push(&self, key: &Hash, lines: Vec<String>) -> Result<PushResponse, ClientError> {
        let body = serde_json::to_vec(&PushRequest { lines })
            .map_err(|e| ClientError::Invalid(e.to_string()))?;
        let resp = self
            .agent
            .post(&self.url(&format!("/v1/hearings/{}/entries", key.to_hex())))
            .header("content-type", "application/json")
            .send(&body[..])
            .map_err(transport)?;
        let (status, body) = self.read(resp, MAX_JSON_BYTES)?;
        self.answer(status, &body)
    }

    pub fn receipts(&self, key: &Hash) -> Result<Vec<Record>, ClientError> {
        self.get_json(&format!("/v1/hearings/{}/receipts", key.to_hex()))
    }

    pub fn journal(&self, key: &Hash) -> Result<String, ClientError> {
        self.get_text(&format!("/v1/hearings/{}", key.to_hex()), MAX_JOURNAL_BYTES)
    }

    pub fn hearings_of_case(&self, number: &str) -> Result<Vec<HearingInfo>, ClientError> {
        self.get_json(&format!("/v1/cases?number={}", encode(number)))
    }

    pub fn hearings_by_id(&self, id: &str) -> Result<Vec<HearingInfo>, ClientError> {
        self.get_json(&format!("/v1/hearings?id={}", encode(id)))
    }

    pub fn checkpoint(&self) -> Result<String, ClientError> {
        self.get_text("/v1/checkpoint", 1 << 20)
    }

    pub fn consistency(&self, from: u64, to: u64) -> Result<ConsistencyResponse, ClientError> {
        self.get_json(&format!("/v1/proof/consistency?from={from}&to={to}"))
    }

    pub fn alerts(&self) -> Result<Vec<Alert>, ClientError> {
        self.get_json("/v1/alerts")
    }

    pub fn ca_pem(&self) -> Result<String, ClientError> {
        self.get_text("/v1/ca.pem", 1 << 20)
    }

    pub fn crl_pem(&self) -> Result<Option<String>, ClientError> {
        match self.get_text("/v1/crl.pem", 64 << 20) {
            Ok(t) => Ok(Some(t)),
            Err(ClientError::Refused { status: 404, .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The archive's certificate, checked against this workstation's court authority and the
    /// archive's CRL: the key every receipt must verify with.
    pub fn archive_key(&self) -> Result<(Certificate, VerifyingKey), ClientError> {
        let pem = self.get_text("/v1/archive.pem", 1 << 20)?;
        let cert =
            ledger::certified::read_certificate(pem.as_bytes()).map_err(ClientError::Invalid)?;
        let crl = match &self.crl {
            Some(c) => Some(c.clone()),
            None => self
                .crl_pem()?
                .map(|t| Crl::from_bytes(t.as_bytes()))
                .transpose()
                .map_err(|e| ClientError::Invalid(format!("the archive's CRL: {e}")))?,
        };
        // A CRL the archive serves must be the authority's: `trust` refuses any other.
        let trust = ledger::certified::trust(self.authority.clone(), crl)
            .map_err(|e| ClientError::Invalid(format!("the court authority or its CRL: {e}")))?;
        let key = ledger::certified::archive_key(&trust, &cert, ledger::certified::now())
            .map_err(ClientError::Invalid)?;
        Ok((cert, key))
    }
}

fn refusal(status: u16, body: &str) -> ClientError {
    match serde_json::from_str::<ApiError>(body) {
        Ok(error) if error.error == ledger::api::code::CERTIFICATE_ROLE => {
            ClientError::CertificateRefused(error.message)
        }
        Ok(error) => ClientError::Refused {
            status,
            error: Box::new(error),
        },
        Err(_) if status == 502 || status == 503 || status == 504 => {
            ClientError::Offline(format!("HTTP {status}"))
        }
        Err(_) => ClientError::Refused {
            status,
            error: Box::new(ApiError {
                error: format!("http_{status}"),
                message: format!("HTTP {status}"),
                head: None,
                seq: None,
                held: None,
                offered: None,
            }),
        },
    }
}

/// Percent-encoding for a query value (a case number has '/' and may have spaces).
fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
