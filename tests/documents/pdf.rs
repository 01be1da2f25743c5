//! Issued PDFs: their text holds every mandatory element in kk and ru (the kk one of the demo's
//! Russian hearing a translation, from the translations recorded), the same protocol gives the
//! same bytes, and the binding check fails when the PDF or the protocol is altered.

use ::court::documents::binding::check_document;
use ::court::documents::issue::{DocumentSigners, issue, preview, render};
use ::court::documents::protocol::prepare_protocol;
use ::court::documents::ruling::prepare_ruling;
use ::journal::{SystemClock, VerifyOptions};
use ::law::Lang;
use ::render::{Renderer, Templates};

use super::{catalog, demo, demo_hearing};
use crate::render::pdf_text::pdf_text;

#[test]
fn the_coao653_ruling_pdf_states_every_mandatory_element_in_kk_and_ru() {
    let (_dir, d, h) = demo_hearing();
    let renderer = Renderer::new();
    let expected: [(Lang, &[&str]); 2] = [
        (
            Lang::Ru,
            &[
                "ПОСТАНОВЛЕНИЕ",
                "Алмалинский районный суд",
                "Ахметова Айгуль Болатовна",
                "24 ноября 2026 года",
                "Толе би",
                "Иванов Иван Иванович",
                "800501300126",
                "01.05.1980",
                "Самал-2",
                "045123789",
                "Жетысу Логистик",
                "русский",
                "653",
                "возмущён",
                "20",
                "86",
                "500",
                "10",
                "суток",
                "30",
                "893",
            ],
        ),
        (
            Lang::Kk,
            &[
                "Аударма",
                "ҚАУЛЫ",
                "Алматы қаласы Алмалы аудандық соты",
                "Ахметова Айгуль Болатовна",
                "2026 жылғы 24 қараша",
                "Төле би",
                "Иванов Иван Иванович",
                "800501300126",
                "01.05.1980",
                "Самал-2",
                "045123789",
                "Жетісу Логистик",
                "орыс тілі",
                "653",
                "наразы болғанын",
                "АЕК",
                "86",
                "500",
                "тәулік",
                "893",
            ],
        ),
    ];
    for (lang, words) in expected {
        let p = prepare_ruling(&h, d.coao653_seq, lang, &catalog()).unwrap();
        let (pdf, _) = render(&d.journal, &p, &renderer, &Templates::Builtin).unwrap();
        let text = pdf_text(&pdf);
        for w in words {
            assert!(text.contains(w), "{lang:?}: {w:?} missing from\n{text}");
        }
        // The binding is printed: the sealed head hash.
        let head = h.last_seal().unwrap().0.hash.to_hex();
        assert!(
            text.replace(char::is_whitespace, "").contains(&head[..16]),
            "{lang:?}"
        );
    }
}

#[test]
fn every_kazakh_letter_round_trips_through_a_pdf() {
    let (_dir, d, h) = demo_hearing();
    let mut p = prepare_ruling(&h, d.coao653_seq, Lang::Kk, &catalog()).unwrap();
    let letters = "ӘәҒғҚқҢңӨөҰұҮүҺһІі";
    p.data["measure"]["grounds"] = letters.into();
    let (pdf, _) = render(&d.journal, &p, &Renderer::new(), &Templates::Builtin).unwrap();
    assert!(pdf_text(&pdf).contains(letters));
}

#[test]
fn a_run_without_spaces_is_cut_to_the_column_and_hashes_are_left_whole() {
    let (_dir, d, h) = demo_hearing();
    let renderer = Renderer::new();
    let longest_run = |lines: &[String], c: char| {
        lines
            .iter()
            .flat_map(|line| line.split(|x| x != c))
            .map(|run| run.chars().count())
            .max()
            .unwrap_or(0)
    };
    for lang in [Lang::Kk, Lang::Ru] {
        let mut p = prepare_ruling(&h, d.coao653_seq, lang, &catalog()).unwrap();
        // The demo's data: the hashes of the binding block print whole, one per line.
        let lines = preview(&d.journal, &p, &renderer, &Templates::Builtin).unwrap();
        let head = h.last_seal().unwrap().0.hash.to_hex();
        assert!(
            lines.iter().any(|l| l.contains(&head)),
            "{lang:?}: {lines:#?}"
        );
        let count =
            |lines: &[String]| -> usize { lines.iter().map(|l| l.matches('Ж').count()).sum() };
        let replaced = p.data["person"]["workplace"]
            .as_str()
            .unwrap()
            .matches('Ж')
            .count();
        let before = count(&lines) - replaced;
        // 200 of the widest capital in the workplace field, a column about 9 cm wide: cut into
        // lines that fit it (about 28 at 12 pt), every letter kept.
        p.data["person"]["workplace"] = "Ж".repeat(200).into();
        let lines = preview(&d.journal, &p, &renderer, &Templates::Builtin).unwrap();
        let run = longest_run(&lines, 'Ж');
        assert!(
            run > 0 && run <= 32,
            "{lang:?}: a line holds {run} Ж: {lines:#?}"
        );
        assert_eq!(count(&lines), before + 200, "{lang:?}: {lines:#?}");
    }
}

#[test]
fn the_same_protocol_gives_the_same_bytes() {
    let (_dir, d, h) = demo_hearing();
    for lang in [Lang::Kk, Lang::Ru] {
        let p = prepare_protocol(&h, lang, &catalog()).unwrap();
        let a = render(&d.journal, &p, &Renderer::new(), &Templates::Builtin)
            .unwrap()
            .0;
        let b = render(&d.journal, &p, &Renderer::new(), &Templates::Builtin)
            .unwrap()
            .0;
        assert!(a == b, "{lang:?}: two renders differ");
    }
}

#[test]
fn altering_the_ruling_or_the_protocol_breaks_the_binding() {
    let (dir, d, h) = demo_hearing();
    let p = prepare_ruling(&h, d.removal_seq, Lang::Ru, &catalog()).unwrap();
    let out = dir.path().join("ruling.pdf");
    let trust = d.court.trust().unwrap();
    let judge = d.court.judge.signer(trust.anchors()).unwrap();
    let secretary = d.court.secretary.signer(trust.anchors()).unwrap();
    let signers = DocumentSigners {
        judge: &judge,
        secretary: None,
        trust: &trust,
    };
    let issued = issue(
        &d.journal,
        &p,
        &Renderer::new(),
        &Templates::Builtin,
        &out,
        Box::new(SystemClock),
        &signers,
    )
    .unwrap();
    let pdf = std::fs::read(&issued.path).unwrap();
    let opts = VerifyOptions::default();
    // Recorded but not yet sealed again: a warning until the judge and secretary seal.
    let check = check_document(&pdf, Some(&d.journal), opts).unwrap();
    assert!(check.problem.is_none(), "{:?}", check.problem);
    assert_eq!(
        check.warnings,
        vec![::court::documents::binding::DocumentWarning::RecordNotSealed]
    );
    assert!(check.warnings[0].to_string().contains("not sealed yet"));
    let mut j = ::store::Journal::open(&d.journal, Box::new(SystemClock)).unwrap();
    j.seal(&judge, &secretary, &trust).unwrap();
    drop(j);
    let check = check_document(&pdf, Some(&d.journal), opts).unwrap();
    assert!(check.problem.is_none(), "{:?}", check.problem);
    assert!(check.warnings.is_empty(), "{:?}", check.warnings);
    // One byte of the PDF changed: the protocol no longer vouches for it.
    let mut altered = pdf.clone();
    let at = altered.len() / 2;
    altered[at] ^= 0x01;
    let broken = check_document(&altered, Some(&d.journal), opts);
    assert!(broken.is_err() || broken.unwrap().problem.is_some());
    // A different protocol (another demo, other keys): the seal does not match.
    let other = tempfile::tempdir().unwrap();
    let other = demo(other.path());
    let check = check_document(&pdf, Some(&other.journal), opts).unwrap();
    let problem = check.problem.unwrap();
    assert!(matches!(
        problem,
        ::court::documents::binding::DocumentProblem::OtherProtocol(_)
    ));
    assert!(problem.to_string().contains("not this protocol"));
}
