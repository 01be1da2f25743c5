//! The roles a court certifies. The role is written in the certificate's subject as the X.520
//! `title` attribute (docs/trust.md), so that a judge's key cannot seal as a secretary's.

use std::fmt;

/// Who a certificate is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CertRole {
    /// The presiding judge: seals protocols, signs rulings and protocols.
    Judge,
    /// The secretary of the hearing: seals protocols, signs protocol PDFs.
    Secretary,
    /// The court archive (issue 17): signs receipts, serves TLS.
    Archive,
    /// A courtroom computer: identifies itself to the archive.
    Workstation,
}

impl CertRole {
    pub const ALL: [CertRole; 4] = [
        CertRole::Judge,
        CertRole::Secretary,
        CertRole::Archive,
        CertRole::Workstation,
    ];

    /// The value of the certificate's `title` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            CertRole::Judge => "judge",
            CertRole::Secretary => "secretary",
            CertRole::Archive => "archive",
            CertRole::Workstation => "workstation",
        }
    }

    pub fn parse(s: &str) -> Option<CertRole> {
        CertRole::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// People sign seals and documents; machines do not.
    pub fn is_person(self) -> bool {
        matches!(self, CertRole::Judge | CertRole::Secretary)
    }
}

impl fmt::Display for CertRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
