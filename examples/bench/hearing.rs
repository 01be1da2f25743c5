//! A long, realistic hearing for the journal benchmarks: what a day-long session records —
//! mostly notes of varying length in Russian and Kazakh, and every so often an incident with
//! the engine's real advice (a few KiB of JSON), the explanation heard and the measure applied —
//! written through the real `Journal` API, closed and sealed by fixed test keys.
//!
//! Deterministic: the same seed gives the same bytes (fixed clock, fixed keys, xorshift text).
//! Every name in it is invented.

#![allow(dead_code)] // each example and bench uses a different part

use std::path::{Path, PathBuf};

use ::journal::entry::{
    AdviceShown, ExplanationHeard, HearingClosed, IncidentRecorded, MeasureApplied, Note,
};
use ::journal::sample::{sample_bodies, sample_facts, sample_opening};
use ::journal::{Body, FixedClock};
use ::law::{self, Catalog, Facts, Lang};
use ::store::{Journal, JournalError};
use chrono::TimeDelta;

/// Sentences a secretary writes; notes are a random run of them.
const PHRASES: &[&str] = &[
    "Председательствующий разъяснил участникам процесса их права и обязанности.",
    "Судья сторонам процессуальные права и обязанности разъяснила.",
    "Истец поддержал исковые требования в полном объёме и просил их удовлетворить.",
    "Ответчик иск не признал, пояснив, что задолженность погашена частично.",
    "Представитель истца заявил ходатайство о приобщении к делу письменных доказательств.",
    "Суд, совещаясь на месте, определил: ходатайство удовлетворить.",
    "Сот отырысы жалғасады; тараптар қосымша түсініктеме берген жоқ.",
    "Жауапкер талап қоюды мойындамады және дәлелдемелерді зерттеуді сұрады.",
    "Куәгер қылмыстық жауапкершілік туралы ескертілді, қолхаты іс материалына қоса тіркелді.",
    "Исследованы материалы дела: договор займа, расписка, выписка по счёту.",
    "Свидетель предупреждён об уголовной ответственности за дачу заведомо ложных показаний.",
    "Вопросов к свидетелю у сторон нет, свидетель освобождён.",
];

/// A small xorshift generator: varied text, reproducible from the seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// The judge (seed 01…) and the secretary (seed 02…) of the test vectors.
pub fn signers() -> ::journal::sample::SampleCourt {
    let opening = sample_opening();
    // Fixed keys and certificates: the same seed still gives the same bytes.
    match ::journal::sample::fixed_court(&opening.judge, &opening.secretary) {
        Ok(court) => court,
        Err(e) => panic!("the fixed test court cannot be made: {e}"),
    }
}

/// A note of 1 to 12 sentences (about 80 B to 1.5 KiB).
pub fn note(rng: &mut Rng, offset_ms: u64) -> Body {
    let sentences = 1 + rng.next() % 12;
    let text = (0..sentences)
        .map(|_| PHRASES[(rng.next() % PHRASES.len() as u64) as usize])
        .collect::<Vec<_>>()
        .join(" ");
    Body::Note(Note {
        text,
        recording_offset_ms: Some(offset_ms),
    })
}

/// Writes long hearings; holds the engine's advice on the sample incident, computed once.
pub struct HearingWriter {
    advice: serde_json::Value,
    catalog_version: String,
}

impl HearingWriter {
    pub fn new() -> Result<HearingWriter, String> {
        let catalog = Catalog::builtin().map_err(|e| e.to_string())?;
        let facts = Facts::from_json(&sample_facts().to_string()).map_err(|e| e.to_string())?;
        facts.validate(&catalog).map_err(|e| e.to_string())?;
        let advice = law::advise(&facts, &catalog);
        let shown = law::report::report(&advice, &catalog, Lang::Ru);
        Ok(HearingWriter {
            advice: serde_json::to_value(&shown).map_err(|e| e.to_string())?,
            catalog_version: catalog.version.clone(),
        })
    }

    /// Write hearing number `n` into `dir` until it holds at least `bytes` bytes, then close
    /// and seal it. Every entry goes through `Journal::append` (and its fdatasync).
    pub fn write(&self, dir: &Path, n: u64, bytes: u64) -> Result<PathBuf, JournalError> {
        let mut opening = sample_opening();
        opening.hearing_id = format!("bench-{n}");
        opening.case_number = format!("2-{}/2026", 1000 + n);
        let clock =
            FixedClock::new(::journal::parse_time("2026-11-24T09:00:00+05:00").unwrap_or_default());
        let mut journal = Journal::create(dir, opening, Box::new(clock.clone()))?;
        // The sample's two participants, p1 and p2.
        for body in sample_bodies().into_iter().take(2) {
            journal.append(body)?;
        }
        let mut rng = Rng(n.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let mut written = 0u64;
        let mut i = 0u64;
        while written < bytes {
            clock.advance(TimeDelta::seconds(1 + (rng.next() % 90) as i64));
            if i % 40 == 39 {
                self.incident(&mut journal, i)?;
            } else {
                journal.append(note(&mut rng, i * 1000))?;
            }
            // The journal reports no length; the file does.
            if i.is_multiple_of(16) {
                written = std::fs::metadata(journal.path())
                    .map(|m| m.len())
                    .unwrap_or(0);
            }
            i += 1;
        }
        journal.append(Body::HearingClosed(HearingClosed { note: None }))?;
        let court = signers();
        journal.seal(&court.judge, &court.secretary, &court.trust)?;
        Ok(journal.path().to_path_buf())
    }

    /// An incident as the courtroom records it: facts, advice shown, explanation, measure.
    fn incident(&self, journal: &mut Journal, i: u64) -> Result<::store::Head, JournalError> {
        let incident = journal.append(Body::IncidentRecorded(IncidentRecorded {
            facts: sample_facts(),
            description: Some(PHRASES[(i % 4) as usize].into()),
            participant_id: Some("p2".into()),
            recording_offset_ms: Some(i * 1000),
        }))?;
        journal.append(Body::AdviceShown(AdviceShown {
            incident_seq: incident.seq,
            advice: self.advice.clone(),
            catalog_version: self.catalog_version.clone(),
        }))?;
        journal.append(Body::ExplanationHeard(ExplanationHeard {
            participant_id: "p2".into(),
            summary: PHRASES[3].into(),
            incident_seq: Some(incident.seq),
        }))?;
        journal.append(Body::MeasureApplied(MeasureApplied {
            measure_id: "warning".into(),
            citations: vec!["CPC 188(1)".into()],
            act_form: "protocol_entry".into(),
            grounds: PHRASES[5].into(),
            incident_seq: Some(incident.seq),
            participant_id: Some("p2".into()),
            penalty: None,
        }))
    }
}
