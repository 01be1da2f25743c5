//! What the checks below the interface find, shown in the interface's language (kk, ru): the
//! journal's warnings, values the law cannot mean, a document's later entries, and why a
//! document is not issued — worded from their codes, never the command line's English.

use std::path::Path;

use ::journal::entry::Correction;
use ::journal::{Body, SystemClock, VerifyOptions};
use ::law::Lang;
use ::store::Journal;
use ::tui::App;

use super::signing::{check_with, demo_hearing};
use super::{ctx, key, screen, typed};
use ratatui::crossterm::event::KeyCode;

/// The English of the lower layers (the command line's), which must not reach a kk or ru screen.
const ENGLISH: &[&str] = &[
    "after the last seal",
    "is not an IIN",
    "not an IIN",
    "later entries",
    "later entry",
    "correction of entry",
    "NOT YET SEALED",
    "not yet sealed",
    "field `",
    "participant_added",
    "measure_applied",
    "cannot issue",
    "outside what the law allows",
    "the law catalog",
];

fn no_english(shown: &str) {
    for fragment in ENGLISH {
        assert!(!shown.contains(fragment), "`{fragment}` shown:\n{shown}");
    }
}

/// Record a correction of `target` after the journal's last seal (an unsealed tail).
fn correct(journal: &Path, target: u64) -> u64 {
    let mut j = Journal::open(journal, Box::new(SystemClock)).unwrap();
    j.append(Body::Correction(Correction {
        target_seq: target,
        what: "размер штрафа".into(),
        why: "описка".into(),
    }))
    .unwrap()
    .seq
}

/// A sealed journal with an invalid IIN (and other values the law cannot mean), then an
/// unsealed correction after its seal: every warning in Kazakh and in Russian, none in English.
#[test]
fn the_check_shows_an_unsealed_tail_and_an_invalid_iin_in_kazakh_and_russian() {
    let dir = tempfile::tempdir().unwrap();
    let (journal, measure) =
        crate::documents::checks::senseless_hearing(&dir.path().join("data-senseless"));
    correct(&journal, measure);
    let expected = [
        (
            Lang::Kk,
            [
                "Соңғы куәландырудан (#".to_string(),
                "кейінгі жазбалар әлі куәландырылмаған: 1".to_string(),
                "#2 жазба (Қатысушы), «ЖСН» өрісі: ЖСН емес".to_string(),
                "«Туған күні» өрісі: мұндай күн жоқ".to_string(),
                format!("#{measure} жазба (Шара қолданылды), «Нормаға сілтеме» өрісі: бос"),
                format!("#{measure} жазба (Шара қолданылды), «Айыппұл, АЕК» өрісі"),
            ],
        ),
        (
            Lang::Ru,
            [
                "После последнего заверения (#".to_string(),
                "ещё не заверено записей: 1".to_string(),
                "Запись #2 (Участник), поле «ИИН»: не ИИН".to_string(),
                "поле «Дата рождения»: такой даты нет".to_string(),
                format!("Запись #{measure} (Применена мера), поле «Ссылка на норму»: пусто"),
                format!("Запись #{measure} (Применена мера), поле «Штраф, МРП»"),
            ],
        ),
    ];
    for (lang, localized) in expected {
        let mut app = App::new(ctx(dir.path(), lang));
        let shown = check_with(&mut app, &journal, None);
        for line in &localized {
            assert!(
                shown.contains(line.as_str()),
                "{lang:?}: no `{line}` in\n{shown}"
            );
        }
        no_english(&shown);
        // Never a value of an entry: not the IIN, not the date.
        assert!(!shown.contains("1980-02-30"), "{shown}");
    }
}

/// A ruling written from the documents screen, recorded and sealed, then a correction of the
/// measure it rests on: the check of the PDF against the protocol names the correction by the
/// interface's own entry kind, not yet sealed, in Kazakh and in Russian.
#[test]
fn the_check_of_a_ruling_names_a_later_correction_in_kazakh_and_russian() {
    let (dir, demo) = demo_hearing();
    let mut app = App::with_hearing(ctx(dir.path(), Lang::Ru), &demo.journal);
    typed(&mut app, "ow\n\n");
    assert!(screen(&mut app, 200, 40).contains("✓ Записан"));
    drop(app);
    let pdf = std::fs::read_dir(dir.path().join("data/documents"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "pdf"))
        .expect("the ruling");
    let rests_on = ::court::documents::binding::check_document(
        &std::fs::read(&pdf).unwrap(),
        None,
        VerifyOptions::default(),
    )
    .unwrap()
    .rests_on();
    assert!(rests_on.contains(&demo.coao653_seq), "{rests_on:?}");
    crate::documents::reseal(&demo);
    let later = correct(&demo.journal, demo.coao653_seq);
    let m = demo.coao653_seq;
    let expected = [
        (
            Lang::Kk,
            [
                format!("#{later}: Түзету (#{m} жазба бойынша) — ӘЛІ КУӘЛАНДЫРЫЛМАҒАН"),
                "Хаттамада құжат негізделген жазбалар туралы кейінгі жазбалар бар (1:".to_string(),
            ],
        ),
        (
            Lang::Ru,
            [
                format!("#{later}: Исправление (к записи #{m}) — ЕЩЁ НЕ ЗАВЕРЕНО"),
                "В протоколе есть более поздние записи о том, на чём основан документ (1:"
                    .to_string(),
            ],
        ),
    ];
    for (lang, localized) in expected {
        let mut app = App::new(ctx(dir.path(), lang));
        typed(&mut app, "v");
        typed(&mut app, &pdf.display().to_string());
        typed(&mut app, "\t");
        typed(&mut app, &demo.journal.display().to_string());
        typed(&mut app, "\n");
        let shown = screen(&mut app, 220, 60);
        for line in &localized {
            assert!(
                shown.contains(line.as_str()),
                "{lang:?}: no `{line}` in\n{shown}"
            );
        }
        no_english(&shown);
    }
}

/// A ruling the protocol cannot support (an invalid IIN, no citation, a fine outside the
/// limits): the documents screen refuses it, item by item, in the interface's language.
#[test]
fn a_ruling_on_values_the_law_cannot_mean_is_refused_in_kazakh_and_russian() {
    for (lang, refused, iin) in [
        (
            Lang::Kk,
            "Құжат шығарылмайды: хаттамадағы кейбір мәндер заң талабына сай келмейді",
            "#2 жазба (Қатысушы), «ЖСН» өрісі: ЖСН емес",
        ),
        (
            Lang::Ru,
            "Документ не выдаётся: некоторые значения в протоколе не соответствуют закону",
            "Запись #2 (Участник), поле «ИИН»: не ИИН",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let (journal, _) = crate::documents::checks::senseless_hearing(&dir.path().join("data"));
        let mut app = App::with_hearing(ctx(dir.path(), lang), &journal);
        typed(&mut app, "ow");
        let shown = screen(&mut app, 200, 50);
        assert!(shown.contains(refused), "{lang:?}:\n{shown}");
        assert!(shown.contains(iin), "{lang:?}:\n{shown}");
        no_english(&shown);
        key(&mut app, KeyCode::Esc);
        let documents = dir.path().join("data/documents");
        assert!(
            std::fs::read_dir(&documents)
                .map(|d| d.count() == 0)
                .unwrap_or(true),
            "nothing issued"
        );
    }
}
