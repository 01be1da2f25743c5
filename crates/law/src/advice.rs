//! What the engine returns: every option a case kind knows, each with its status, citations,
//! form of act, amounts, limits, appeal route and the reasons behind its status. Language-neutral:
//! reasons carry ids and parameters; `report` turns them into text.

use serde::Serialize;

use super::engine::Why;
use super::facts::{CaseKind, Day};
use super::measure::Measure;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Available,
    /// Allowed, but it rests on an open legal point or a fact not yet known.
    Caution,
    Blocked,
}

impl Status {
    pub fn id(self) -> &'static str {
        match self {
            Status::Available => "available",
            Status::Caution => "caution",
            Status::Blocked => "blocked",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonKind {
    /// The law bars the option.
    Bar,
    /// The option rests on an open point or an unknown fact.
    Caution,
    /// Information the judge needs; does not change the status.
    Note,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    pub kind: ReasonKind,
    pub why: Why,
    pub params: Vec<(&'static str, String)>,
    pub basis: Vec<String>,
}

impl Reason {
    pub fn new(kind: ReasonKind, why: Why, basis: &[&str]) -> Reason {
        Reason {
            kind,
            why,
            params: Vec::new(),
            basis: basis.iter().map(|s| s.to_string()).collect(),
        }
    }

    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Reason {
        self.params.push((name, value.into()));
        self
    }
}

/// The form of the act by which the measure is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Act {
    /// Announced and entered in the protocol; no separate act (CPC 188(1), APPC 124(1)).
    ProtocolEntry,
    /// The presiding judge's order (распоряжение / өкім).
    PresidingJudgeOrder,
    /// A court ruling made on the spot and entered in the protocol (CPC 188(2), (4)).
    RulingInProtocol,
    /// A court ruling as its own document (CrPC постановление, APPC определение).
    Ruling,
    /// The separate reasoned ruling of a CoAO 653 penalty (NP1 p.10).
    SeparateReasonedRuling,
    /// A ruling or decision sending the materials to the prosecutor.
    ProsecutorReferral,
    /// An offence report drawn up on the presiding judge's oral order (CPC 120(4)).
    OffenceProtocol,
}

impl Act {
    pub const ALL: [Act; 7] = [
        Act::ProtocolEntry,
        Act::PresidingJudgeOrder,
        Act::RulingInProtocol,
        Act::Ruling,
        Act::SeparateReasonedRuling,
        Act::ProsecutorReferral,
        Act::OffenceProtocol,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Act::ProtocolEntry => "protocol_entry",
            Act::PresidingJudgeOrder => "presiding_judge_order",
            Act::RulingInProtocol => "ruling_in_protocol",
            Act::Ruling => "ruling",
            Act::SeparateReasonedRuling => "separate_reasoned_ruling",
            Act::ProsecutorReferral => "prosecutor_referral",
            Act::OffenceProtocol => "offence_protocol",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AmountKind {
    /// The law fixes the amount (CoAO 653: 20 or 30 MCI; APPC 127(4): 20 MCI).
    Fixed,
    /// The law sets a ceiling (CrPC 160(4): up to 50 MCI).
    UpTo,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount {
    pub mci: u32,
    pub kind: AmountKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appeal {
    /// `objections_in_appeal`, `private_complaint`, `coao_complaint`.
    pub route: &'static str,
    /// A deadline id of the catalog.
    pub deadline: Option<&'static str>,
    pub suspends: Option<bool>,
    pub basis: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opt {
    pub measure: Measure,
    pub basis: Vec<String>,
    pub act: Option<Act>,
    pub amount: Option<Amount>,
    pub min_hours: Option<u32>,
    pub max_hours: Option<u32>,
    pub max_days: Option<u32>,
    pub appeal: Option<Appeal>,
    pub reasons: Vec<Reason>,
    /// What the law requires next if this option is chosen.
    pub follow_ups: Vec<Reason>,
}

impl Opt {
    pub fn new(measure: Measure, basis: &[&str]) -> Opt {
        Opt {
            measure,
            basis: basis.iter().map(|s| s.to_string()).collect(),
            act: None,
            amount: None,
            min_hours: None,
            max_hours: None,
            max_days: None,
            appeal: None,
            reasons: Vec::new(),
            follow_ups: Vec::new(),
        }
    }

    pub fn status(&self) -> Status {
        let worst = |kind| self.reasons.iter().any(|r| r.kind == kind);
        if worst(ReasonKind::Bar) {
            Status::Blocked
        } else if worst(ReasonKind::Caution) {
            Status::Caution
        } else {
            Status::Available
        }
    }

    pub fn push(&mut self, reason: Reason) {
        if !self.reasons.contains(&reason) {
            self.reasons.push(reason);
        }
    }

    pub fn bar(&mut self, why: Why, basis: &[&str]) {
        self.push(Reason::new(ReasonKind::Bar, why, basis));
    }

    pub fn caution(&mut self, why: Why, basis: &[&str]) {
        self.push(Reason::new(ReasonKind::Caution, why, basis));
    }

    pub fn note(&mut self, why: Why, basis: &[&str]) {
        self.push(Reason::new(ReasonKind::Note, why, basis));
    }

    pub fn follow_up(&mut self, why: Why, basis: &[&str]) {
        self.follow_ups
            .push(Reason::new(ReasonKind::Note, why, basis));
    }

    pub fn appeal(
        &mut self,
        route: &'static str,
        deadline: Option<&'static str>,
        suspends: Option<bool>,
        basis: &[&str],
    ) {
        self.appeal = Some(Appeal {
            route,
            deadline,
            suspends,
            basis: basis.iter().map(|s| s.to_string()).collect(),
        });
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advice {
    pub kind: CaseKind,
    pub date: Day,
    /// CoAO 653 part that applies (2 on a repeat within a year).
    pub coao653_part: u8,
    /// MCI of the incident year in tenge, when the catalog has it.
    pub mci_kzt: Option<u32>,
    pub protocol_entry_required: Option<bool>,
    pub protocol_basis: Vec<String>,
    /// Points that concern the whole incident rather than one option.
    pub notes: Vec<Reason>,
    pub options: Vec<Opt>,
    pub catalog_version: String,
}

impl Advice {
    pub fn option(&self, measure: Measure) -> Option<&Opt> {
        self.options.iter().find(|o| o.measure == measure)
    }
}
