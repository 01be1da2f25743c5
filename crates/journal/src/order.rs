//! What may follow what in a hearing protocol; one rule set shared by appending and verifying.
//!
//! - The first entry opens the hearing; nothing else opens it again.
//! - After `hearing_closed`, only the seal and what the law allows on a finished protocol may
//!   follow: corrections (CPC 283(5)), remarks and the decision on them (CPC 284-285,
//!   CrPC 348-349, CoAO 829-12(5)-(7)), `ruling_issued` (an art. 653 ruling is drawn up after
//!   the session, CPC 120(3), and a ruling binds to a sealed protocol), translations (an act in
//!   the other language is made from the finished protocol), and `recovered` (a repair must
//!   always be recordable).
//! - A seal needs the hearing closed and something new to seal.
//! - Entries after a seal need a later seal before the journal counts as sealed again.

use super::entry::Kind;

/// Where a chain stands after the entries seen so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    /// Entries so far, which is also the last seq.
    pub count: u64,
    pub closed: bool,
    /// The seq of the latest `sealed` entry.
    pub last_seal: Option<u64>,
}

/// Why an entry of some kind may not come next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum OrderError {
    #[error("a journal must start with hearing_opened")]
    MustOpenFirst,
    #[error("the hearing is already opened")]
    AlreadyOpened,
    #[error("the hearing is already closed")]
    AlreadyClosed,
    #[error(
        "{0} may not follow a seal (only rulings issued, corrections, translations, remarks and a new seal may)"
    )]
    AfterSeal(Kind),
    #[error(
        "{0} may not follow hearing_closed (only rulings issued, corrections, translations, remarks and the seal may)"
    )]
    AfterClose(Kind),
    #[error("a seal needs the hearing closed first")]
    SealBeforeClose,
    #[error("nothing new to seal since the last seal")]
    NothingToSeal,
}

impl Progress {
    /// Whether an entry of `kind` may come next.
    pub fn admit(&self, kind: Kind) -> Result<(), OrderError> {
        if self.count == 0 {
            return match kind {
                Kind::HearingOpened => Ok(()),
                _ => Err(OrderError::MustOpenFirst),
            };
        }
        match kind {
            Kind::HearingOpened => Err(OrderError::AlreadyOpened),
            Kind::Sealed if !self.closed => Err(OrderError::SealBeforeClose),
            Kind::Sealed if self.is_sealed() => Err(OrderError::NothingToSeal),
            Kind::Sealed
            | Kind::RulingIssued
            | Kind::Correction
            | Kind::Translation
            | Kind::RemarkFiled
            | Kind::RemarkDecided
            | Kind::Recovered => Ok(()),
            Kind::HearingClosed if self.closed => Err(OrderError::AlreadyClosed),
            _ if self.last_seal.is_some() => Err(OrderError::AfterSeal(kind)),
            _ if self.closed => Err(OrderError::AfterClose(kind)),
            _ => Ok(()),
        }
    }

    /// Take an admitted entry into account.
    pub fn record(&mut self, kind: Kind) {
        self.count += 1;
        match kind {
            Kind::HearingClosed => self.closed = true,
            Kind::Sealed => self.last_seal = Some(self.count),
            _ => {}
        }
    }

    /// The last entry is a seal.
    pub fn is_sealed(&self) -> bool {
        self.last_seal == Some(self.count)
    }

    /// Entries follow the latest seal and await a new one.
    pub fn unsealed_after_seal(&self) -> bool {
        self.last_seal.is_some() && !self.is_sealed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(kinds: &[Kind]) -> Result<Progress, (usize, OrderError)> {
        let mut p = Progress::default();
        for (i, k) in kinds.iter().enumerate() {
            p.admit(*k).map_err(|e| (i, e))?;
            p.record(*k);
        }
        Ok(p)
    }

    #[test]
    fn a_normal_hearing_is_admitted_and_sealed() {
        use Kind::*;
        let p = run(&[HearingOpened, Note, Recess, Resumed, HearingClosed, Sealed]).unwrap();
        assert!(p.is_sealed());
        let p = run(&[
            HearingOpened,
            HearingClosed,
            Sealed,
            RemarkFiled,
            RemarkDecided,
        ])
        .unwrap();
        assert!(p.unsealed_after_seal());
    }

    #[test]
    fn out_of_place_entries_are_refused() {
        use Kind::*;
        assert_eq!(run(&[Note]).unwrap_err(), (0, OrderError::MustOpenFirst));
        assert_eq!(
            run(&[HearingOpened, HearingOpened]).unwrap_err().1,
            OrderError::AlreadyOpened
        );
        assert_eq!(
            run(&[HearingOpened, Sealed]).unwrap_err().1,
            OrderError::SealBeforeClose
        );
        assert_eq!(
            run(&[HearingOpened, HearingClosed, Sealed, Note])
                .unwrap_err()
                .1,
            OrderError::AfterSeal(Note)
        );
        assert_eq!(
            run(&[HearingOpened, HearingClosed, Note]).unwrap_err().1,
            OrderError::AfterClose(Note)
        );
        assert_eq!(
            run(&[HearingOpened, HearingClosed, Sealed, Sealed])
                .unwrap_err()
                .1,
            OrderError::NothingToSeal
        );
        assert_eq!(
            run(&[HearingOpened, HearingClosed, HearingClosed])
                .unwrap_err()
                .1,
            OrderError::AlreadyClosed
        );
    }
}
