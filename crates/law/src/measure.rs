//! The measures a court may take under paragraph 10, and which case kind's code knows each.

use serde::{Deserialize, Serialize};

use super::facts::CaseKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    Warning,
    Reprimand,
    Removal,
    MonetaryPenalty,
    ClosedSession,
    Coao653Warning,
    Coao653Fine,
    Coao653CommunityService,
    Coao653Arrest,
    ReferProsecutor,
    OffenceProtocolReferral,
}

impl Measure {
    pub const ALL: [Measure; 11] = [
        Measure::Warning,
        Measure::Reprimand,
        Measure::Removal,
        Measure::MonetaryPenalty,
        Measure::ClosedSession,
        Measure::Coao653Warning,
        Measure::Coao653Fine,
        Measure::Coao653CommunityService,
        Measure::Coao653Arrest,
        Measure::ReferProsecutor,
        Measure::OffenceProtocolReferral,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Measure::Warning => "warning",
            Measure::Reprimand => "reprimand",
            Measure::Removal => "removal",
            Measure::MonetaryPenalty => "monetary_penalty",
            Measure::ClosedSession => "closed_session",
            Measure::Coao653Warning => "coao653_warning",
            Measure::Coao653Fine => "coao653_fine",
            Measure::Coao653CommunityService => "coao653_community_service",
            Measure::Coao653Arrest => "coao653_arrest",
            Measure::ReferProsecutor => "refer_prosecutor",
            Measure::OffenceProtocolReferral => "offence_protocol_referral",
        }
    }

    pub fn from_id(id: &str) -> Option<Measure> {
        Measure::ALL.into_iter().find(|m| m.id() == id)
    }

    pub fn is_coao653(self) -> bool {
        matches!(
            self,
            Measure::Coao653Warning
                | Measure::Coao653Fine
                | Measure::Coao653CommunityService
                | Measure::Coao653Arrest
        )
    }

    /// A measure of procedural coercion (as opposed to administrative liability or a referral).
    /// CPC 119(4) allows one coercive measure and/or one type of liability per act.
    pub fn is_coercion(self) -> bool {
        matches!(
            self,
            Measure::Warning
                | Measure::Reprimand
                | Measure::Removal
                | Measure::MonetaryPenalty
                | Measure::ClosedSession
        )
    }

    /// The measures each code provides, in the order the advice lists them.
    /// Civil: CPC 188 (warning, removal, closed session) and CoAO 653 via CPC 120;
    /// criminal: CrPC 346 (removal, monetary penalty; a warning is customary, never required)
    /// and CoAO 653; administrative: APPC 123 (reprimand, removal, monetary penalty) — CoAO 653
    /// is listed for APPC only to show why it is barred (CoAO 653 note).
    pub fn for_kind(kind: CaseKind) -> &'static [Measure] {
        use Measure::*;
        match kind {
            CaseKind::Civil => &[
                Warning,
                Removal,
                ClosedSession,
                Coao653Warning,
                Coao653Fine,
                Coao653CommunityService,
                Coao653Arrest,
                ReferProsecutor,
                OffenceProtocolReferral,
            ],
            CaseKind::Criminal => &[
                Warning,
                Removal,
                MonetaryPenalty,
                Coao653Warning,
                Coao653Fine,
                Coao653CommunityService,
                Coao653Arrest,
                ReferProsecutor,
                OffenceProtocolReferral,
            ],
            CaseKind::Administrative => &[
                Reprimand,
                Removal,
                MonetaryPenalty,
                Coao653Warning,
                Coao653Fine,
                Coao653CommunityService,
                Coao653Arrest,
                ReferProsecutor,
                OffenceProtocolReferral,
            ],
        }
    }

    pub fn known_in(self, kind: CaseKind) -> bool {
        Measure::for_kind(kind).contains(&self)
    }
}
