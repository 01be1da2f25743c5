//! The archive's machines on the court PKI (`crates/pki`): which certificate may sign receipts
//! and checkpoints, and how a machine's key file is read. The one place for these rules: the
//! archive server checks its own certificate with them before it starts, the push client
//! checks the archive's before it keeps a receipt, and `hattama verify --receipts` checks it
//! offline.
//!
//! The archive's certificate counts only as the court authority's certificate for the
//! `archive` role ([`pki::CertRole::Archive`]): chained to a trusted authority, valid at the
//! time in question, not revoked before it (revocation counts from its date, as for seals).
//! A judge's or a workstation's certificate, though issued by the same authority, does not
//! make a receipt.

use chrono::{DateTime, FixedOffset};
use p256::ecdsa::VerifyingKey;
use p256::pkcs8::EncodePrivateKey as _;
use pki::{CertRole, Certificate, KeyFileError, Passphrase, PersonalKey, Trust, Verdict};
use zeroize::Zeroizing;

/// How `trust` judges `cert` as the archive's certificate at `at`.
pub fn archive_verdict(trust: &Trust, cert: &Certificate, at: DateTime<FixedOffset>) -> Verdict {
    trust.evaluate(cert, at, CertRole::Archive)
}

/// The key receipts and checkpoints must verify with: `cert`'s, once `trust` authenticates it
/// as the archive's at `at`; otherwise why not, in one line.
pub fn archive_key(
    trust: &Trust,
    cert: &Certificate,
    at: DateTime<FixedOffset>,
) -> Result<VerifyingKey, String> {
    let verdict = archive_verdict(trust, cert, at);
    if !verdict.authenticated() {
        return Err(format!(
            "the archive's certificate is not the court authority's archive certificate: {}",
            verdict.status.describe()
        ));
    }
    cert.verifying_key().map_err(|e| e.to_string())
}

/// The roles that may open a connection to the archive: a courtroom computer, and another
/// archive (a higher court's witness exchanging checkpoints).
pub const CLIENT_ROLES: [CertRole; 2] = [CertRole::Workstation, CertRole::Archive];

/// The role a TLS client's certificate is authenticated for at `at`, or why none.
pub fn client_role(
    trust: &Trust,
    cert: &Certificate,
    at: DateTime<FixedOffset>,
) -> Result<CertRole, String> {
    let mut why = String::new();
    for role in CLIENT_ROLES {
        let verdict = trust.evaluate(cert, at, role);
        if verdict.authenticated() {
            return Ok(role);
        }
        why = verdict.status.describe();
    }
    Err(why)
}

/// A machine's key file (the archive's, a workstation's): an encrypted PKCS#8 PEM opened with
/// `passphrase`, or — a server starting unattended — a plain PKCS#8 or SEC1 PEM readable only by
/// its service account. People's keys are always encrypted (`store::keys`); a machine's may be
/// either, and an encrypted one without its passphrase is refused by name.
pub fn read_machine_key(
    text: &str,
    passphrase: Option<&Passphrase>,
) -> Result<PersonalKey, String> {
    let key = match PersonalKey::check_form(text) {
        Ok(()) => match passphrase {
            Some(p) => PersonalKey::unprotect(text, p),
            None => {
                return Err(
                    "the key is protected by a passphrase and no passphrase file was given".into(),
                );
            }
        },
        Err(KeyFileError::NotProtected) => PersonalKey::read_plain(text),
        Err(e) => Err(e),
    };
    key.map_err(|e| e.to_string())
}

/// The key as unencrypted PKCS#8 DER, for a TLS stack that takes a key in memory; wiped when
/// dropped.
pub fn pkcs8_der(key: &PersonalKey) -> Result<Zeroizing<Vec<u8>>, String> {
    key.signing_key()
        .to_pkcs8_der()
        .map(|d| Zeroizing::new(d.as_bytes().to_vec()))
        .map_err(|e| format!("cannot encode the key ({e})"))
}

/// The key as unencrypted PKCS#8 PEM, for a TLS client that takes a PEM key in memory.
pub fn pkcs8_pem(key: &PersonalKey) -> Result<Zeroizing<String>, String> {
    key.signing_key()
        .to_pkcs8_pem(p256::pkcs8::LineEnding::LF)
        .map(|p| Zeroizing::new(p.to_string()))
        .map_err(|e| format!("cannot encode the key ({e})"))
}

/// Certificates from a PEM text (one or a chain).
pub fn read_certificates(bytes: &[u8]) -> Result<Vec<Certificate>, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "not a PEM text".to_string())?;
    Certificate::all_from_pem(text).map_err(|e| e.to_string())
}

/// Exactly one certificate from a PEM text.
pub fn read_certificate(bytes: &[u8]) -> Result<Certificate, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "not a PEM text".to_string())?;
    Certificate::from_pem(text).map_err(|e| e.to_string())
}

/// What the reader trusts: the authority's certificate(s) and, when given, its CRL (which must
/// be signed by one of them).
pub fn trust(roots: Vec<Certificate>, crl: Option<pki::Crl>) -> Result<Trust, String> {
    Trust::new(roots, crl.into_iter().collect()).map_err(|e| e.to_string())
}

/// Now, in the form trust evaluation takes.
pub fn now() -> DateTime<FixedOffset> {
    chrono::Utc::now().fixed_offset()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pki::{Authority, CourtName, IssueRequest, Revocation, RevocationReason};

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn court() -> Authority {
        let name = CourtName {
            kk: "Сот".into(),
            ru: "Суд".into(),
            bin: None,
        };
        Authority::create(
            &name,
            at("2026-01-01T00:00:00Z"),
            at("2036-01-01T00:00:00Z"),
        )
        .unwrap()
    }

    fn issue(ca: &Authority, role: CertRole) -> (PersonalKey, Certificate) {
        let key = PersonalKey::generate().unwrap();
        let cert = ca
            .issue(&IssueRequest {
                role,
                name: format!("{role} 1"),
                iin: None,
                public_key_der: key.public_key_der().unwrap(),
                not_before: at("2026-06-01T00:00:00Z"),
                not_after: at("2028-06-01T00:00:00Z"),
                dns_names: if role == CertRole::Archive {
                    vec!["archive.example".into()]
                } else {
                    vec![]
                },
            })
            .unwrap();
        (key, cert)
    }

    #[test]
    fn only_the_authoritys_archive_certificate_signs_receipts_until_revoked() {
        let ca = court();
        let (key, archive) = issue(&ca, CertRole::Archive);
        let (_, workstation) = issue(&ca, CertRole::Workstation);
        let (_, judge) = issue(&ca, CertRole::Judge);
        let trust = trust(vec![ca.certificate().clone()], None).unwrap();
        let t = at("2026-11-24T10:00:00+05:00");
        assert_eq!(
            archive_key(&trust, &archive, t).unwrap(),
            *key.signing_key().verifying_key()
        );
        for other in [&workstation, &judge] {
            let e = archive_key(&trust, other, t).unwrap_err();
            assert!(e.contains("not this one"), "{e}");
        }
        let (_, forged) = issue(&court(), CertRole::Archive);
        assert!(archive_key(&trust, &forged, t).is_err());
        assert!(archive_key(&trust, &archive, at("2029-01-01T00:00:00Z")).is_err());

        let revoked_on = at("2026-12-01T00:00:00Z");
        let crl = ca
            .revocation_list(
                &[Revocation {
                    serial: archive.serial().to_vec(),
                    date: revoked_on,
                    reason: RevocationReason::KeyCompromise,
                }],
                1,
                revoked_on,
                at("2027-01-01T00:00:00Z"),
            )
            .unwrap();
        let with_crl = super::trust(vec![ca.certificate().clone()], Some(crl)).unwrap();
        assert!(
            archive_key(&with_crl, &archive, t).is_ok(),
            "before the revocation"
        );
        let e = archive_key(&with_crl, &archive, at("2026-12-02T00:00:00Z")).unwrap_err();
        assert!(e.contains("revoked"), "{e}");
    }

    #[test]
    fn clients_are_workstations_or_archives() {
        let ca = court();
        let trust = trust(vec![ca.certificate().clone()], None).unwrap();
        let t = at("2026-11-24T10:00:00+05:00");
        let (_, w) = issue(&ca, CertRole::Workstation);
        let (_, a) = issue(&ca, CertRole::Archive);
        let (_, j) = issue(&ca, CertRole::Judge);
        assert_eq!(client_role(&trust, &w, t), Ok(CertRole::Workstation));
        assert_eq!(client_role(&trust, &a, t), Ok(CertRole::Archive));
        assert!(client_role(&trust, &j, t).is_err());
    }

    #[test]
    fn machine_keys_are_read_plain_or_with_their_passphrase() {
        let key = PersonalKey::generate().unwrap();
        let pass = Passphrase::new("a long machine passphrase".into());
        let protected = key.protect(&pass).unwrap();
        let back = read_machine_key(&protected, Some(&pass)).unwrap();
        assert_eq!(
            back.public_key_der().unwrap(),
            key.public_key_der().unwrap()
        );
        let e = read_machine_key(&protected, None).unwrap_err();
        assert!(e.contains("no passphrase file"), "{e}");
        let wrong = Passphrase::new("another long passphrase".into());
        let e = read_machine_key(&protected, Some(&wrong)).unwrap_err();
        assert!(e.contains("wrong passphrase"), "{e}");
        let plain = pkcs8_pem(&key).unwrap();
        let back = read_machine_key(&plain, None).unwrap();
        assert_eq!(
            back.public_key_der().unwrap(),
            key.public_key_der().unwrap()
        );
        assert!(read_machine_key("not a key", None).is_err());
    }
}
