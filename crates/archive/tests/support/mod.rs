//! Test support shared by the archive's tests and the CLI tests of the `hattama` package
//! (which include these files by path): certificates by openssl, a throwaway PostgreSQL,
//! the server binary, a faulty network, real journals.
#![allow(dead_code)]

pub mod journals;
pub mod pki;
pub mod postgres;
pub mod proxy;
pub mod server;

use std::path::Path;

use push::ArchiveConfig;

/// The workstation's settings for an archive at `url`.
pub fn workstation(pki: &pki::Pki, url: &str) -> ArchiveConfig {
    ArchiveConfig {
        url: url.into(),
        ca: pki.ca.clone(),
        crl: Some(pki.crl.clone()),
        cert: pki.workstation_cert.clone(),
        key: pki.workstation_key.clone(),
        key_password_file: None,
    }
}

pub fn with_cert(pki: &pki::Pki, url: &str, cert: &Path, key: &Path) -> ArchiveConfig {
    ArchiveConfig {
        cert: cert.to_path_buf(),
        key: key.to_path_buf(),
        ..workstation(pki, url)
    }
}
