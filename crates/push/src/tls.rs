//! The HTTPS agent: ureq with rustls (ring), the court authority as the only root, and the
//! workstation's certificate and key presented to the archive (mutual TLS).

use std::time::Duration;

use ledger::certified::pkcs8_pem;
use pki::{Certificate, PersonalKey};
use ureq::tls::{ClientCert, PrivateKey, RootCerts, TlsConfig, TlsProvider};
use ureq::unversioned::transport::DefaultConnector;

use crate::resolve::CachedResolver;

/// How long a connection attempt and a whole request may take: a courtroom never waits on
/// the network (the pusher runs on its own thread), but a hung archive must not hold a push
/// forever either.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// An agent that trusts `roots` only and presents `chain` with `key`.
pub fn agent(
    roots: &[Certificate],
    chain: &[Certificate],
    key: &PersonalKey,
) -> Result<ureq::Agent, String> {
    let roots: Vec<ureq::tls::Certificate<'static>> = roots
        .iter()
        .map(|c| ureq::tls::Certificate::from_der(c.der()).to_owned())
        .collect();
    let chain: Vec<ureq::tls::Certificate<'static>> = chain
        .iter()
        .map(|c| ureq::tls::Certificate::from_der(c.der()).to_owned())
        .collect();
    // ureq takes a key as PEM (it does not export the key kinds for DER).
    let pem = pkcs8_pem(key)?;
    let key = PrivateKey::from_pem(pem.as_bytes()).map_err(|e| format!("key: {e}"))?;
    let tls = TlsConfig::builder()
        .provider(TlsProvider::Rustls)
        .root_certs(RootCerts::new_with_certs(&roots))
        .client_cert(Some(ClientCert::new_with_certs(&chain, key)))
        .build();
    let config = ureq::Agent::config_builder()
        .tls_config(tls)
        .http_status_as_error(false)
        .timeout_connect(Some(CONNECT_TIMEOUT))
        .timeout_global(Some(REQUEST_TIMEOUT))
        .build();
    Ok(ureq::Agent::with_parts(
        config,
        DefaultConnector::new(),
        CachedResolver::default(),
    ))
}
