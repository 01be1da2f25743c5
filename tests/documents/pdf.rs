//! Issued PDFs: their text holds every mandatory element in kk and ru, the same protocol gives
//! the same bytes, and the binding check fails when the PDF or the protocol is altered.

use hattama::documents::DocLang;
use hattama::documents::binding::check_document;
use hattama::documents::issue::{issue, render};
use hattama::documents::protocol::prepare_protocol;
use hattama::documents::ruling::prepare_ruling;
use hattama::journal::{SystemClock, VerifyOptions};
use hattama::render::{Renderer, Templates};

use super::{catalog, demo, demo_hearing};
use crate::render::pdf_text::pdf_text;

#[test]
fn the_coao653_ruling_pdf_states_every_mandatory_element_in_kk_and_ru() {
    let (_dir, d, h) = demo_hearing();
    let renderer = Renderer::new();
    let expected: [(DocLang, &[&str]); 2] = [
        (
            DocLang::Ru,
            &[
                "ПОСТАНОВЛЕНИЕ",
                "Алмалинский районный суд",
                "Ахметова Айгуль Болатовна",
                "24 ноября 2026 года",
                "Толе би",
                "Иванов Иван Иванович",
                "800501300123",
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
            DocLang::Kk,
            &[
                "ҚАУЛЫ",
                "Алмалинский районный суд",
                "Ахметова Айгуль Болатовна",
                "2026 жылғы 24 қараша",
                "Толе би",
                "Иванов Иван Иванович",
                "800501300123",
                "01.05.1980",
                "Самал-2",
                "045123789",
                "Жетысу Логистик",
                "орыс тілі",
                "653",
                "возмущён",
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
    let mut p = prepare_ruling(&h, d.coao653_seq, DocLang::Kk, &catalog()).unwrap();
    let letters = "ӘәҒғҚқҢңӨөҰұҮүҺһІі";
    p.data["measure"]["grounds"] = letters.into();
    let (pdf, _) = render(&d.journal, &p, &Renderer::new(), &Templates::Builtin).unwrap();
    assert!(pdf_text(&pdf).contains(letters));
}

#[test]
fn the_same_protocol_gives_the_same_bytes() {
    let (_dir, d, h) = demo_hearing();
    for lang in [DocLang::Kk, DocLang::Ru] {
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
    let p = prepare_ruling(&h, d.removal_seq, DocLang::Ru, &catalog()).unwrap();
    let out = dir.path().join("ruling.pdf");
    let issued = issue(
        &d.journal,
        &p,
        &Renderer::new(),
        &Templates::Builtin,
        &out,
        Box::new(SystemClock),
    )
    .unwrap();
    let pdf = std::fs::read(&issued.path).unwrap();
    let opts = VerifyOptions::default();
    // Recorded but not yet sealed again: flagged until the judge and secretary seal.
    let check = check_document(&pdf, Some(&d.journal), opts).unwrap();
    assert!(check.problem.unwrap().contains("not sealed"));
    let signers = [
        hattama::journal::keys::load(&d.judge_key).unwrap(),
        hattama::journal::keys::load(&d.secretary_key).unwrap(),
    ];
    let mut j = hattama::journal::Journal::open(&d.journal, Box::new(SystemClock)).unwrap();
    j.seal(&[&signers[0], &signers[1]]).unwrap();
    drop(j);
    let check = check_document(&pdf, Some(&d.journal), opts).unwrap();
    assert!(check.problem.is_none(), "{:?}", check.problem);
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
    assert!(check.problem.unwrap().contains("not this protocol"));
}
