//! Documents drawn from a sealed protocol: the separate reasoned ruling under CoAO 653, the
//! coercion rulings (CPC 188(2), CrPC 346(3), APPC 127), and the protocol itself.
//!
//! Each document is prepared as data first (`ruling`, `protocol`): every value a template shows,
//! already in the document's language, plus the seqs of the entries it rests on. Preparing
//! refuses — listing everything missing — when the law requires data the protocol lacks, so no
//! incomplete ruling is ever rendered. The data reaches Typst only as JSON (`render`), and the
//! PDF carries the journal excerpt it rests on (`binding`).

pub mod binding;
pub mod data;
pub mod issue;
pub mod lack;
pub mod protocol;
pub mod ruling;
pub mod signature;
pub mod wording;

use serde::Serialize;

use crate::hearing::HearingError;
use lack::Lack;
use law::Lang;

/// The document kinds, named as `ruling_issued.document_kind` records them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// CoAO 653: separate reasoned ruling (NP1 p.10; CPC 120(3); CoAO 829-14(3), 822(1)).
    Coao653Ruling,
    /// A coercion measure's ruling: CPC 188(2), CrPC 346(3), APPC 127(2).
    CoercionRuling,
    Protocol,
}

impl DocumentKind {
    pub fn id(self) -> &'static str {
        match self {
            DocumentKind::Coao653Ruling => "coao653_ruling",
            DocumentKind::CoercionRuling => "coercion_ruling",
            DocumentKind::Protocol => "protocol",
        }
    }

    /// The template file for `lang` (templates are written per language, not translated).
    pub fn template(self, lang: Lang) -> String {
        format!("{}/{}.typ", lang.code(), self.id().replace('_', "-"))
    }
}

/// A document ready to render: its data and what it rests on.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub kind: DocumentKind,
    pub lang: Lang,
    /// The JSON the template reads as `/data.json`.
    pub data: serde_json::Value,
    /// The entries the document rests on, given in full in its excerpt.
    pub basis: Vec<u64>,
    /// The measure a ruling is about (`ruling_issued.measure_seq`).
    pub measure_seq: Option<u64>,
    /// PDF title (no personal data: it shows in file managers).
    pub title: String,
}

#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error(transparent)]
    Hearing(#[from] HearingError),
    /// Acts are issued in a language of proceedings (CoAO 822(1)4): Kazakh or Russian.
    #[error("a court act is issued in Kazakh or Russian, not in {0}")]
    NotAnActLanguage(&'static str),
    #[error("entry {0} is not a measure_applied entry")]
    NotAMeasure(u64),
    #[error(
        "the measure at seq {seq} ({measure}) is recorded in the protocol and has no separate ruling ({basis})"
    )]
    NoRuling {
        seq: u64,
        measure: String,
        basis: String,
    },
    #[error(
        "the protocol is not sealed up to entry {0}; close and seal it before issuing documents from it"
    )]
    NotSealed(u64),
    #[error("cannot issue the {kind} — the protocol lacks: {}", join(.missing))]
    Missing {
        kind: &'static str,
        missing: Vec<Lack>,
    },
    /// Entries the document would print hold values the law cannot mean (`validity`).
    #[error("cannot issue the {kind} — values the law cannot mean: {}", join_problems(.problems))]
    Invalid {
        kind: &'static str,
        problems: Vec<crate::validity::Problem>,
    },
}

fn join_problems(problems: &[crate::validity::Problem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

fn join(missing: &[Lack]) -> String {
    missing
        .iter()
        .map(Lack::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Refuse a language no act can be issued in, before anything is prepared.
pub(crate) fn act_language(lang: Lang) -> Result<Lang, DocumentError> {
    if lang.is_of_proceedings() {
        Ok(lang)
    } else {
        Err(DocumentError::NotAnActLanguage(lang.code()))
    }
}
