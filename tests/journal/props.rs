//! Property tests on random journals: what the API writes always verifies (and the independent
//! verifier agrees), and any single alteration is detected.

use ::journal::Body;
use ::journal::entry::{
    Correction, HearingClosed, IncidentRecorded, Note, ParticipantAdded, Recess, Resumed,
};
use ::journal::sample::sample_opening;
use ::store::Journal;
use chrono::TimeDelta;
use proptest::prelude::*;
use serde_json::Value;

use super::independent::verify_journal;
use super::{clock, line_spans, verify_bytes};

/// Text without control characters: JSON writes those as `\u00XX`, whose hex case is a
/// spelling the hashes deliberately do not cover (format §2).
fn text() -> impl Strategy<Value = String> {
    "\\PC{0,40}"
}

fn facts() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

#[derive(Debug, Clone)]
enum Op {
    Note(String),
    Participant(String),
    Incident(Value),
    Recess,
    Correction(u64, String),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        text().prop_map(Op::Note),
        text().prop_map(Op::Participant),
        facts().prop_map(Op::Incident),
        Just(Op::Recess),
        (any::<u64>(), text()).prop_map(|(t, w)| Op::Correction(t, w)),
    ]
}

/// Write a journal of `ops`, seconds apart by `gaps`, sealed if `seal`.
fn build(ops: &[Op], gaps: &[u8], seal: bool) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock();
    let mut journal =
        Journal::create(dir.path(), sample_opening(), Box::new(clock.clone())).unwrap();
    let mut seq = 1;
    for (i, op) in ops.iter().enumerate() {
        clock.advance(TimeDelta::seconds(i64::from(gaps[i % gaps.len()])));
        let bodies = match op {
            Op::Note(t) => vec![Body::Note(Note {
                text: t.clone(),
                recording_offset_ms: None,
            })],
            Op::Participant(n) => vec![Body::ParticipantAdded(ParticipantAdded {
                participant_id: format!("p{i}"),
                role: "witness".into(),
                name: n.clone(),
                iin: None,
                details: Default::default(),
            })],
            Op::Incident(f) => vec![Body::IncidentRecorded(IncidentRecorded {
                facts: f.clone(),
                description: None,
                participant_id: None,
                recording_offset_ms: Some(i as u64),
            })],
            Op::Recess => vec![
                Body::Recess(Recess { reason: None }),
                Body::Resumed(Resumed {}),
            ],
            Op::Correction(t, why) => vec![Body::Correction(Correction {
                target_seq: 1 + t % seq,
                what: "entry".into(),
                why: why.clone(),
            })],
        };
        for body in bodies {
            let head = journal.append(body).unwrap();
            seq = head.seq;
        }
    }
    if seal {
        journal
            .append(Body::HearingClosed(HearingClosed { note: None }))
            .unwrap();
        super::seal(&mut journal).unwrap();
    }
    std::fs::read(journal.path()).unwrap()
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip { at: usize, mask: u8 },
    Delete(usize),
    Duplicate(usize),
    Swap(usize, usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1u8..=255).prop_map(|(at, mask)| Mutation::Flip { at, mask }),
        any::<usize>().prop_map(Mutation::Delete),
        any::<usize>().prop_map(Mutation::Duplicate),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Swap(a, b)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn written_journals_verify_and_both_verifiers_agree(
        ops in prop::collection::vec(op(), 0..12),
        gaps in prop::collection::vec(0u8..120, 1..4),
        seal in any::<bool>(),
    ) {
        let bytes = build(&ops, &gaps, seal);
        let ours = verify_bytes(&bytes);
        prop_assert!(ours.intact(), "{:?}", ours.fault);
        prop_assert_eq!(ours.sealed, seal);
        let theirs = verify_journal(&bytes);
        prop_assert_eq!(theirs.fault_line, None);
        prop_assert_eq!(theirs.entries, ours.entries);
        prop_assert_eq!(theirs.head, ours.head.map(|h| h.to_hex()));
    }

    #[test]
    fn any_single_alteration_is_detected(
        ops in prop::collection::vec(op(), 1..10),
        seal in any::<bool>(),
        m in mutation(),
    ) {
        let bytes = build(&ops, &[7], seal);
        let original = verify_bytes(&bytes);
        let spans = line_spans(&bytes);
        let n = spans.len();
        let lines: Vec<&[u8]> = spans.iter().map(|r| &bytes[r.clone()]).collect();
        let mutated: Vec<u8> = match &m {
            Mutation::Flip { at, mask } => {
                let mut b = bytes.clone();
                let i = at % b.len();
                b[i] ^= mask;
                b
            }
            Mutation::Delete(i) => {
                let mut l = lines.clone();
                l.remove(i % n);
                l.concat()
            }
            Mutation::Duplicate(i) => {
                let mut l = lines.clone();
                l.insert(i % n, lines[i % n]);
                l.concat()
            }
            Mutation::Swap(a, b) => {
                let (a, b) = (a % n, b % n);
                prop_assume!(a != b);
                let mut l = lines.clone();
                l.swap(a, b);
                l.concat()
            }
            Mutation::Truncate(at) => {
                let cut = at % bytes.len();
                bytes[..cut].to_vec()
            }
        };
        let report = verify_bytes(&mutated);
        let detected = !report.intact();
        // Cutting whole entries off the end leaves a valid shorter chain (format §4): that is
        // visible as fewer entries, and as "not sealed" when the seal went with them.
        let shorter = report.entries < original.entries && (!original.sealed || !report.sealed);
        let tail_cut = matches!(m, Mutation::Truncate(_))
            || matches!(m, Mutation::Delete(i) if i % n == n - 1);
        prop_assert!(detected || (tail_cut && shorter), "{:?} not detected", m);
        if let Mutation::Flip { .. } = m {
            prop_assert!(detected);
        }
    }
}
