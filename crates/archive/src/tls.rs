//! TLS for the archive: rustls with the ring provider, the archive's certificate, and mutual
//! authentication — a workstation must present a certificate issued by the court authority
//! (`--ca`, one or more roots) and not revoked by its CRL (`--crl`). An unknown or revoked
//! certificate ends the handshake; no request of it reaches a handler. Its role (workstation,
//! or another archive) is checked after the handshake by `ledger::certified::client_role`.

use std::sync::Arc;

use ledger::certified::pkcs8_der;
use pki::{Certificate, Crl, PersonalKey};
use rustls::RootCertStore;
use rustls::server::WebPkiClientVerifier;
use rustls_pki_types::{
    CertificateDer, CertificateRevocationListDer, PrivateKeyDer, PrivatePkcs8KeyDer,
};

/// Everything the server's TLS needs, already read and checked.
pub struct TlsMaterial<'a> {
    pub roots: &'a [Certificate],
    pub crl: Option<&'a Crl>,
    pub chain: &'a [Certificate],
    pub key: &'a PersonalKey,
}

pub fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

pub fn server_config(m: &TlsMaterial<'_>) -> Result<rustls::ServerConfig, String> {
    let provider = provider();
    let mut roots = RootCertStore::empty();
    for ca in m.roots {
        roots
            .add(CertificateDer::from(ca.der().to_vec()))
            .map_err(|e| format!("--ca: {e}"))?;
    }
    let crls: Vec<CertificateRevocationListDer<'static>> = m
        .crl
        .iter()
        .map(|c| CertificateRevocationListDer::from(c.der().to_vec()))
        .collect();
    let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .with_crls(crls)
        .build()
        .map_err(|e| format!("client verifier: {e}"))?;
    let chain: Vec<CertificateDer<'static>> = m
        .chain
        .iter()
        .map(|c| CertificateDer::from(c.der().to_vec()))
        .collect();
    let key = pkcs8_der(m.key)?;
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_client_cert_verifier(verifier)
        .with_single_cert(
            chain,
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.to_vec())),
        )
        .map_err(|e| format!("--cert/--key: {e}"))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}
