//! The chain checker is resumable: entries checked one at a time from any source, the state
//! saved between them (as a server keeps it per hearing), and checking carried on from it.

use ::journal::{ChainState, Checker, FaultCode, VerifyOptions};

use super::{sample_bytes, verify_bytes};

fn lines(bytes: &[u8]) -> Vec<&[u8]> {
    bytes
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn a_journal_checked_in_pieces_with_saved_states_ends_where_the_whole_one_does() {
    let bytes = sample_bytes();
    let whole = verify_bytes(&bytes);
    let all = lines(&bytes);
    for cut in 0..=all.len() {
        let mut first = Checker::new(VerifyOptions::default(), None);
        for (i, line) in all[..cut].iter().enumerate() {
            first.check_line(i as u64 + 1, line).unwrap();
        }
        // Saved as JSON and read back, as a server would between two requests.
        let saved = serde_json::to_string(&first.state()).unwrap();
        let state: ChainState = serde_json::from_str(&saved).unwrap();
        let mut second = Checker::resume(VerifyOptions::default(), &state).unwrap();
        for (i, line) in all[cut..].iter().enumerate() {
            second.check_line((cut + i) as u64 + 1, line).unwrap();
        }
        let report = second.report(None, 0);
        assert_eq!(report.entries, whole.entries, "cut at {cut}");
        assert_eq!(report.head, whole.head, "cut at {cut}");
        assert_eq!(report.head_time, whole.head_time, "cut at {cut}");
        assert_eq!(report.sealed, whole.sealed, "cut at {cut}");
        assert_eq!(report.seals_total, whole.seals_total, "cut at {cut}");
    }
}

#[test]
fn a_resumed_checker_refuses_what_does_not_continue_its_chain() {
    let bytes = sample_bytes();
    let all = lines(&bytes);
    let mut checker = Checker::new(VerifyOptions::default(), None);
    for (i, line) in all[..4].iter().enumerate() {
        checker.check_line(i as u64 + 1, line).unwrap();
    }
    let state = checker.state();
    // The same entry again: a duplicate, not a new head.
    let mut again = Checker::resume(VerifyOptions::default(), &state).unwrap();
    assert_eq!(
        again.check_line(4, all[3]).unwrap_err().code,
        FaultCode::Duplicate
    );
    // An entry that skips one: a gap.
    let mut skip = Checker::resume(VerifyOptions::default(), &state).unwrap();
    assert_eq!(skip.check_line(6, all[5]).unwrap_err().code, FaultCode::Gap);
    // A state whose head is not the entry's predecessor: the link breaks.
    let mut forged = state.clone();
    forged.head = ::journal::Hash::of(b"another chain");
    let mut other = Checker::resume(VerifyOptions::default(), &forged).unwrap();
    assert_eq!(
        other.check_line(5, all[4]).unwrap_err().code,
        FaultCode::BrokenLink
    );
    // Bytes that are not a line at all.
    let mut garbage = Checker::resume(VerifyOptions::default(), &state).unwrap();
    assert_eq!(
        garbage.check_line(5, b"{not json").unwrap_err().code,
        FaultCode::Malformed
    );
    // After any refusal the state is unchanged: the good entry still goes on.
    assert_eq!(garbage.state(), state);
    garbage.check_line(5, all[4]).unwrap();
    assert_eq!(garbage.state().count, 5);
}

#[test]
fn a_state_that_cannot_be_a_chain_is_refused() {
    let fresh = Checker::new(VerifyOptions::default(), None).state();
    assert_eq!(fresh.count, 0);
    assert!(Checker::resume(VerifyOptions::default(), &fresh).is_ok());
    let bad_time = ChainState {
        count: 3,
        head_time: Some("yesterday".into()),
        ..fresh.clone()
    };
    assert_eq!(
        Checker::resume(VerifyOptions::default(), &bad_time).err(),
        Some("head_time")
    );
    let seal_ahead = ChainState {
        count: 3,
        head_time: Some("2026-11-24T10:00:00+05:00".into()),
        last_seal: Some(9),
        seals_total: 1,
        ..fresh.clone()
    };
    assert_eq!(
        Checker::resume(VerifyOptions::default(), &seal_ahead).err(),
        Some("last_seal")
    );
    let unknown: Result<ChainState, _> = serde_json::from_str(r#"{"count":0,"extra":1}"#);
    assert!(unknown.is_err());
}
