//! Which applied measures need a document of their own, and which document: one rule for the
//! documents a court can issue, the follow-up "still to be drawn up", and the interface's list.
//!
//! The act form comes from the law engine (`law::advice::Act`) and is recorded with the measure:
//! - `separate_reasoned_ruling` — a CoAO 653 penalty: the separate reasoned ruling (NP1 p.10,
//!   CoAO 829-14(3));
//! - `ruling` — a court ruling as its own document: in a criminal case a қаулы / постановление
//!   (CrPC 346(3) removal, CrPC 160 monetary penalty), in an administrative case an ұйғарым /
//!   определение (APPC 127 monetary penalty);
//! - `ruling_in_protocol` — a ruling made on the spot and entered in the protocol (CPC 188(2),
//!   (4)): nothing more is due, but a copy can be issued as a document of its own.

use journal::entry::CaseKind;
use law::Measure;
use law::advice::Act;

use crate::documents::DocumentKind;

/// A document still to be drawn up for a measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// The separate reasoned ruling of a CoAO 653 penalty (NP1 p.10).
    ReasonedRuling,
    /// A criminal court's ruling: қаулы / постановление (CrPC 346(3), 160).
    Ruling,
    /// An order: ұйғарым / определение (APPC 127; a civil court's own act).
    Order,
}

/// The act form recorded with a measure, if it is one the engine gives.
pub fn act_form(recorded: &str) -> Option<Act> {
    Act::ALL.into_iter().find(|a| a.id() == recorded)
}

/// The document that can be issued for a measure recorded with `act_form`, if any.
pub fn document_for(measure_id: &str, act_form_id: &str) -> Option<DocumentKind> {
    let measure = Measure::from_id(measure_id)?;
    let act = act_form(act_form_id)?;
    match (measure, act) {
        (m, _) if m.is_coao653() => Some(DocumentKind::Coao653Ruling),
        (Measure::Removal | Measure::MonetaryPenalty, Act::Ruling | Act::RulingInProtocol) => {
            Some(DocumentKind::CoercionRuling)
        }
        _ => None,
    }
}

/// What must still be drawn up for a measure recorded with `act_form` in a case of `case`:
/// `None` when the protocol entry is the act.
pub fn due(case: CaseKind, act_form_id: &str) -> Option<Due> {
    match act_form(act_form_id)? {
        Act::SeparateReasonedRuling => Some(Due::ReasonedRuling),
        Act::Ruling if case == CaseKind::Criminal => Some(Due::Ruling),
        Act::Ruling => Some(Due::Order),
        Act::ProtocolEntry
        | Act::PresidingJudgeOrder
        | Act::RulingInProtocol
        | Act::ProsecutorReferral
        | Act::OffenceProtocol => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn criminal_and_administrative_rulings_are_documents_of_their_own() {
        // The drift issue 14 found: the interface's own list lacked `ruling`, the form the
        // engine gives for CrPC 346(3) removal, CrPC 160 and APPC 127 penalties.
        for measure in ["removal", "monetary_penalty"] {
            assert_eq!(
                document_for(measure, "ruling"),
                Some(DocumentKind::CoercionRuling)
            );
        }
        assert_eq!(due(CaseKind::Criminal, "ruling"), Some(Due::Ruling));
        assert_eq!(due(CaseKind::Administrative, "ruling"), Some(Due::Order));
    }

    #[test]
    fn a_coao_653_penalty_needs_its_separate_reasoned_ruling() {
        for measure in ["coao653_warning", "coao653_fine", "coao653_arrest"] {
            assert_eq!(
                document_for(measure, "separate_reasoned_ruling"),
                Some(DocumentKind::Coao653Ruling)
            );
        }
        assert_eq!(
            due(CaseKind::Civil, "separate_reasoned_ruling"),
            Some(Due::ReasonedRuling)
        );
    }

    #[test]
    fn a_ruling_in_the_protocol_can_be_issued_but_is_not_due() {
        assert_eq!(
            document_for("removal", "ruling_in_protocol"),
            Some(DocumentKind::CoercionRuling)
        );
        assert_eq!(due(CaseKind::Civil, "ruling_in_protocol"), None);
        assert_eq!(document_for("warning", "protocol_entry"), None);
        assert_eq!(due(CaseKind::Civil, "protocol_entry"), None);
        // Forms the engine never gives are nothing.
        assert_eq!(document_for("removal", "ruling_criminal"), None);
        assert_eq!(due(CaseKind::Criminal, "ruling_criminal"), None);
    }
}
