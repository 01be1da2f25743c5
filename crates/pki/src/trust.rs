//! Trust evaluation: is a certificate one the reader's court authority issued, valid at the
//! time in question, not revoked before it, and of the role it signed as?
//!
//! The reader supplies the anchors (`--trust COURT-CA.pem`, one or more authorities) and the
//! revocation lists (`--crl FILE`). A certificate carried in a seal or a PDF proves nothing by
//! itself: anyone can make one naming anybody. It counts only once it chains to an anchor.

use chrono::{DateTime, FixedOffset};

use crate::{CertRole, Certificate, Crl, PkiError, Revocation};

/// What a reader trusts: court authorities and their revocation lists.
#[derive(Debug, Clone, Default)]
pub struct Trust {
    anchors: Vec<Certificate>,
    crls: Vec<Crl>,
}

/// The outcome for one certificate at one time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Issued by a trusted authority, valid then, not revoked before then, of the right role.
    Authenticated,
    /// Not issued by a trusted authority (or not for signing); the reason says which.
    Untrusted(String),
    /// Issued for another role than the one it signed as.
    WrongRole { certified: Option<String> },
    /// Revoked on `date`, which is not after the time in question.
    Revoked {
        date: DateTime<FixedOffset>,
        reason: crate::RevocationReason,
    },
    /// The time in question is after the end of validity.
    Expired { not_after: DateTime<FixedOffset> },
    /// The time in question is before the start of validity.
    NotYetValid { not_before: DateTime<FixedOffset> },
}

impl Status {
    /// The status as reports name it.
    pub fn code(&self) -> &'static str {
        match self {
            Status::Authenticated => "authenticated",
            Status::Untrusted(_) => "untrusted",
            Status::WrongRole { .. } => "wrong_role",
            Status::Revoked { .. } => "revoked",
            Status::Expired { .. } => "expired",
            Status::NotYetValid { .. } => "not_yet_valid",
        }
    }

    /// One line for people: the status and why.
    pub fn describe(&self) -> String {
        let day =
            |t: &DateTime<FixedOffset>| t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
        match self {
            Status::Authenticated => "authenticated".into(),
            Status::Untrusted(why) => format!("untrusted: {why}"),
            Status::WrongRole { certified } => format!(
                "untrusted: the certificate is for the role {}, not this one",
                certified.as_deref().unwrap_or("(none)")
            ),
            Status::Revoked { date, reason } => {
                format!("revoked on {} ({})", day(date), reason.as_str())
            }
            Status::Expired { not_after } => format!("expired on {}", day(not_after)),
            Status::NotYetValid { not_before } => {
                format!("not yet valid (valid from {})", day(not_before))
            }
        }
    }
}

/// The status, with what the check rested on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub status: Status,
    /// The issuing authority's revocation list was consulted: its `thisUpdate`.
    pub revocation_checked: Option<DateTime<FixedOffset>>,
    /// A revocation dated after the time in question (it does not undo what came before).
    pub revoked_later: Option<Revocation>,
}

impl Verdict {
    pub fn authenticated(&self) -> bool {
        self.status == Status::Authenticated
    }
}

impl Trust {
    /// Trust these authorities and revocation lists. Every anchor must be a certification
    /// authority, and every list must be signed by one of them.
    pub fn new(anchors: Vec<Certificate>, crls: Vec<Crl>) -> Result<Trust, PkiError> {
        if anchors.is_empty() {
            return Err(PkiError::Invalid("no trusted authority given".into()));
        }
        if anchors.iter().any(|a| !a.is_ca()) {
            return Err(PkiError::NotACa);
        }
        for crl in &crls {
            if !anchors.iter().any(|a| crl.verify_signed_by(a).is_ok()) {
                return Err(PkiError::CrlNotSigned);
            }
        }
        Ok(Trust { anchors, crls })
    }

    pub fn anchors(&self) -> &[Certificate] {
        &self.anchors
    }

    pub fn crls(&self) -> &[Crl] {
        &self.crls
    }

    /// Judge `cert`, used to sign as `role` at `at`.
    pub fn evaluate(
        &self,
        cert: &Certificate,
        at: DateTime<FixedOffset>,
        role: CertRole,
    ) -> Verdict {
        let mut verdict = Verdict {
            status: Status::Authenticated,
            revocation_checked: None,
            revoked_later: None,
        };
        let issuer = self
            .anchors
            .iter()
            .find(|a| cert.names_issuer(a) && cert.is_signed_by(a).is_ok());
        let Some(issuer) = issuer else {
            verdict.status = Status::Untrusted(
                if self.anchors.iter().any(|a| cert.names_issuer(a)) {
                    "the certificate names a trusted authority, but its signature is not the authority's".into()
                } else {
                    "the certificate was not issued by a trusted authority".into()
                },
            );
            return verdict;
        };
        if at < issuer.not_before() || at > issuer.not_after() {
            verdict.status =
                Status::Untrusted("the authority's own certificate was not valid then".into());
            return verdict;
        }
        if cert.is_ca() || !cert.may_sign() {
            verdict.status = Status::Untrusted("the certificate is not for signing".into());
            return verdict;
        }
        let lists = self
            .crls
            .iter()
            .filter(|c| c.verify_signed_by(issuer).is_ok());
        for crl in lists {
            let this = crl.this_update();
            verdict.revocation_checked =
                Some(verdict.revocation_checked.map_or(this, |t| t.max(this)));
            if let Some(r) = crl.find(cert.serial()) {
                if r.date <= at {
                    verdict.status = Status::Revoked {
                        date: r.date,
                        reason: r.reason,
                    };
                    return verdict;
                }
                verdict.revoked_later = Some(r);
            }
        }
        if at < cert.not_before() {
            verdict.status = Status::NotYetValid {
                not_before: cert.not_before(),
            };
        } else if at > cert.not_after() {
            verdict.status = Status::Expired {
                not_after: cert.not_after(),
            };
        } else if cert.holder().role != Some(role) {
            verdict.status = Status::WrongRole {
                certified: cert.holder().title.clone(),
            };
        }
        verdict
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Authority, CourtName, IssueRequest, PersonalKey, RevocationReason};

    fn court() -> Authority {
        let name = CourtName {
            kk: "Алмалы аудандық соты".into(),
            ru: "Алмалинский районный суд".into(),
            bin: Some("123456789012".into()),
        };
        Authority::create(
            &name,
            chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z").unwrap(),
            chrono::DateTime::parse_from_rfc3339("2036-01-01T00:00:00Z").unwrap(),
        )
        .unwrap()
    }

    fn issue(ca: &Authority, role: CertRole, name: &str) -> (PersonalKey, Certificate) {
        let key = PersonalKey::generate().unwrap();
        let cert = ca
            .issue(&IssueRequest {
                role,
                name: name.into(),
                iin: Some("900515300123".into()),
                public_key_der: key.public_key_der().unwrap(),
                not_before: chrono::DateTime::parse_from_rfc3339("2026-06-01T00:00:00Z").unwrap(),
                not_after: chrono::DateTime::parse_from_rfc3339("2028-06-01T00:00:00Z").unwrap(),
                dns_names: vec![],
            })
            .unwrap();
        (key, cert)
    }

    #[test]
    fn a_court_certificate_is_authenticated_in_its_role_and_period_only() {
        let ca = court();
        let (_, judge) = issue(&ca, CertRole::Judge, "Ахметова Айгуль Болатовна");
        assert_eq!(judge.holder().organizations, ["Алмалинский районный суд"]);
        assert_eq!(judge.holder().bin.as_deref(), Some("123456789012"));
        let trust = Trust::new(vec![ca.certificate().clone()], vec![]).unwrap();
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-24T10:00:00+05:00").unwrap();
        assert!(trust.evaluate(&judge, at, CertRole::Judge).authenticated());
        assert_eq!(
            trust
                .evaluate(&judge, at, CertRole::Secretary)
                .status
                .code(),
            "wrong_role"
        );
        assert_eq!(
            trust
                .evaluate(
                    &judge,
                    chrono::DateTime::parse_from_rfc3339("2029-01-01T00:00:00Z").unwrap(),
                    CertRole::Judge
                )
                .status
                .code(),
            "expired"
        );
        assert_eq!(
            trust
                .evaluate(
                    &judge,
                    chrono::DateTime::parse_from_rfc3339("2026-05-01T00:00:00Z").unwrap(),
                    CertRole::Judge
                )
                .status
                .code(),
            "not_yet_valid"
        );
        let other = court();
        let (_, forged) = issue(&other, CertRole::Judge, "Ахметова Айгуль Болатовна");
        assert_eq!(
            trust.evaluate(&forged, at, CertRole::Judge).status.code(),
            "untrusted"
        );
        assert!(Trust::new(vec![judge.clone()], vec![]).is_err());
    }

    #[test]
    fn revocation_counts_from_its_date_and_lists_must_be_the_authoritys() {
        let ca = court();
        let (_, judge) = issue(&ca, CertRole::Judge, "Судья");
        let revoked_on = chrono::DateTime::parse_from_rfc3339("2026-12-01T00:00:00Z").unwrap();
        let crl = ca
            .revocation_list(
                &[Revocation {
                    serial: judge.serial().to_vec(),
                    date: revoked_on,
                    reason: RevocationReason::KeyCompromise,
                }],
                2,
                revoked_on,
                chrono::DateTime::parse_from_rfc3339("2027-01-01T00:00:00Z").unwrap(),
            )
            .unwrap();
        let crl = Crl::from_bytes(crl.to_pem().as_bytes()).unwrap();
        assert_eq!(crl.number(), Some(2));
        assert_eq!(crl.entries()[0].reason, RevocationReason::KeyCompromise);
        let trust = Trust::new(vec![ca.certificate().clone()], vec![crl.clone()]).unwrap();
        let before = trust.evaluate(
            &judge,
            chrono::DateTime::parse_from_rfc3339("2026-11-24T10:00:00+05:00").unwrap(),
            CertRole::Judge,
        );
        assert!(before.authenticated());
        assert!(before.revoked_later.is_some());
        let after = trust.evaluate(
            &judge,
            chrono::DateTime::parse_from_rfc3339("2026-12-02T00:00:00Z").unwrap(),
            CertRole::Judge,
        );
        assert_eq!(after.status.code(), "revoked");
        let other = court();
        assert_eq!(
            Trust::new(vec![other.certificate().clone()], vec![crl]).unwrap_err(),
            PkiError::CrlNotSigned
        );
    }

    #[test]
    fn keys_round_trip_protected_and_refuse_a_wrong_passphrase() {
        let key = PersonalKey::generate().unwrap();
        let pass = crate::Passphrase::new("correct horse".into());
        let pem = key.protect(&pass).unwrap();
        assert!(pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        let back = PersonalKey::unprotect(&pem, &pass).unwrap();
        assert_eq!(
            back.public_key_der().unwrap(),
            key.public_key_der().unwrap()
        );
        let wrong = crate::Passphrase::new("wrong horse".into());
        assert_eq!(
            PersonalKey::unprotect(&pem, &wrong).unwrap_err(),
            crate::KeyFileError::WrongPassphrase
        );
    }

    #[test]
    fn cms_signatures_verify_and_name_their_signer() {
        let ca = court();
        let (key, judge) = issue(&ca, CertRole::Judge, "Судья");
        let signer =
            crate::CertifiedKey::new(key, judge.clone(), vec![ca.certificate().clone()]).unwrap();
        let digest = crate::cms::digest_of(&[b"hello ", b"world"]);
        let sig = crate::cms::sign_detached(&digest, &signer).unwrap();
        let checked = crate::cms::verify_detached(&sig, &digest).unwrap();
        assert_eq!(checked.signer, judge);
        assert_eq!(checked.certificates.len(), 2);
        let other = crate::cms::digest_of(&[b"hello world!"]);
        assert_eq!(
            crate::cms::verify_detached(&sig, &other).unwrap_err(),
            PkiError::BadSignature
        );
    }
}
