//! Real journals for the tests, written by the `store` crate as the courtroom writes them.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::TimeDelta;
use journal::entry::{HearingOpened, Note};
use journal::sample::SampleCourt;
use journal::{Body, FixedClock, sample};
use store::Journal;

pub fn clock() -> FixedClock {
    FixedClock::new(journal::parse_time("2026-11-24T10:00:00+05:00").unwrap())
}

/// The fixed test court certifying the sample opening's judge and secretary: their real
/// keys, as far as a rewritten journal is concerned.
pub fn court() -> SampleCourt {
    let o = sample::sample_opening();
    sample::fixed_court(&o.judge, &o.secretary).unwrap()
}

pub fn opening(case: &str, hearing: &str) -> HearingOpened {
    let mut o = sample::sample_opening();
    o.case_number = case.into();
    o.hearing_id = hearing.into();
    o
}

/// A journal with the sample opening and `notes` notes, open for more.
pub fn open(dir: &Path, case: &str, hearing: &str, notes: usize) -> Journal {
    let clock = clock();
    let mut j = Journal::create(dir, opening(case, hearing), Box::new(clock.clone())).unwrap();
    for i in 0..notes {
        clock.advance(TimeDelta::seconds(30));
        j.append(Body::Note(Note {
            text: format!("Запись {i}: Иванов Иван Иванович, ИИН 900515300123"),
            recording_offset_ms: None,
        }))
        .unwrap();
    }
    j
}

/// The sample hearing (closed and sealed) under `case`/`hearing`.
pub fn sealed(dir: &Path, case: &str, hearing: &str) -> PathBuf {
    let clock = clock();
    let mut j = Journal::create(dir, opening(case, hearing), Box::new(clock.clone())).unwrap();
    for body in sample::sample_bodies() {
        clock.advance(TimeDelta::minutes(1));
        j.append(body).unwrap();
    }
    let court = court();
    j.seal(&court.judge, &court.secretary, &court.trust)
        .unwrap();
    j.path().to_path_buf()
}

pub fn note(j: &mut Journal, text: &str) {
    j.append(Body::Note(Note {
        text: text.into(),
        recording_offset_ms: None,
    }))
    .unwrap();
}
