//! The second campaign's findings on documents (issue 16): `verify DOCUMENT.pdf --protocol`
//! names later changes to what the document rests on (item 7), `verify` warns and `render`
//! refuses what the law cannot mean (item 9), and a decompression bomb is stopped at the cap
//! (item 10).

use std::path::Path;

use ::journal::entry::{
    CaseKind, Correction, ExplanationHeard, HearingClosed, HearingOpened, IncidentRecorded,
    Instance, Lang, MeasureApplied, Penalty, PersonDetails, RemarkDecided, RemarkDecision,
    RemarkFiled, Translation,
};
use ::journal::{Body, SystemClock};
use ::store::Journal;
use lopdf::{Document, Object, Stream, dictionary};
use serde_json::{Value, json};

use super::cli::hattama;
use super::demo;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Item 7: every correction, translation, remark and decision that bears on an entry the
/// document rests on is listed, with whether a seal covers it.
#[test]
fn verify_lists_what_the_protocol_later_says_about_the_entries_a_ruling_rests_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = demo(dir.path());
    let journal = s(&d.journal);
    let pdf = dir.path().join("ruling.pdf");
    let seq = d.coao653_seq.to_string();
    let (code, _, err) = super::render_ruling(&d, &seq, "ru", &pdf);
    assert_eq!(code, 0, "{err}");
    super::reseal(&d);
    let (code, out, err) = hattama(&["verify", s(&pdf), "--protocol", journal]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("later entries on what it rests on: none"),
        "{out}"
    );

    let mut j = Journal::open(&d.journal, Box::new(SystemClock)).unwrap();
    let correction = j
        .append(Body::Correction(Correction {
            target_seq: d.coao653_seq,
            what: "размер штрафа".into(),
            why: "описка".into(),
        }))
        .unwrap()
        .seq;
    let translation = j
        .append(Body::Translation(Translation {
            target_seq: d.coao653_seq,
            language: Lang::Kk,
            fields: [("grounds".to_string(), "Негіздер".to_string())].into(),
        }))
        .unwrap()
        .seq;
    // A correction of an entry the ruling does not rest on is not listed.
    j.append(Body::Correction(Correction {
        target_seq: 2,
        what: "x".into(),
        why: "y".into(),
    }))
    .unwrap();
    drop(j);
    super::reseal(&d);
    let mut j = Journal::open(&d.journal, Box::new(SystemClock)).unwrap();
    let remark = j
        .append(Body::RemarkFiled(RemarkFiled {
            by: "Иванов И. И.".into(),
            text: "Штраф записан неверно.".into(),
        }))
        .unwrap()
        .seq;
    let decision = j
        .append(Body::RemarkDecided(RemarkDecided {
            remark_seq: remark,
            decision: RemarkDecision::Accepted,
            reasons: "Верно.".into(),
        }))
        .unwrap()
        .seq;
    drop(j);

    let (code, out, err) = hattama(&["verify", s(&pdf), "--protocol", journal]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("status: INTACT"), "{out}");
    for line in [
        format!(
            "seq {correction}: correction of entry {}, sealed",
            d.coao653_seq
        ),
        format!(
            "seq {translation}: translation of entry {}, sealed",
            d.coao653_seq
        ),
        format!("seq {remark}: remark on the protocol, NOT YET SEALED"),
        format!("seq {decision}: decision on the remark at seq {remark}, NOT YET SEALED"),
    ] {
        assert!(out.contains(&line), "missing `{line}` in\n{out}");
    }
    assert!(!out.contains("correction of entry 2"), "{out}");
    assert!(err.contains("warning: "), "{err}");
    let (_, out, _) = hattama(&["verify", s(&pdf), "--protocol", journal, "--json"]);
    let report: Value = serde_json::from_str(&out).unwrap();
    let related = report["protocol"]["later_entries"].as_array().unwrap();
    let kinds: Vec<&str> = related
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "correction",
            "translation",
            "remark_filed",
            "remark_decided"
        ]
    );
    assert_eq!(related[0]["target_seq"], d.coao653_seq);
    assert_eq!(related[3]["sealed"], false);
}

/// A sealed CoAO 653 hearing whose recorded values cannot be true: an IIN of two digits, the
/// 30th of February, a fine of 0 MCI, no citation. Returns the journal and the measure's seq.
pub fn senseless_hearing(dir: &Path) -> (std::path::PathBuf, u64) {
    let clock =
        ::journal::FixedClock::new(::journal::parse_time("2026-11-24T10:00:00+05:00").unwrap());
    let opened = HearingOpened {
        hearing_id: "h-sense".into(),
        court: "Районный суд № 2 города Астаны".into(),
        judge: "Серикбаева А. М.".into(),
        secretary: "Петрова А. С.".into(),
        case_number: "2-99/2026".into(),
        case_kind: CaseKind::Civil,
        instance: Instance::First,
        language: Lang::Ru,
        online: false,
        recording: None,
        place: Some("г. Астана, зал № 3".into()),
        court_other: None,
        place_other: None,
    };
    let mut j = Journal::create(dir, opened, Box::new(clock.clone())).unwrap();
    let mut add = |body: Body| {
        clock.advance(chrono::TimeDelta::minutes(1));
        j.append(body).unwrap().seq
    };
    add(Body::ParticipantAdded(::journal::entry::ParticipantAdded {
        participant_id: "p1".into(),
        role: "defendant".into(),
        name: "Смирнов Олег Петрович".into(),
        iin: Some("12".into()),
        details: PersonDetails {
            birth_date: Some("1980-02-30".into()),
            birth_place: Some("г. Караганда".into()),
            residence: Some("г. Астана, ул. Бейбитшилик, 12".into()),
            registration: Some("г. Астана, ул. Бейбитшилик, 12".into()),
            id_document: Some("удостоверение личности № 012345678".into()),
            workplace: Some("ТОО «Сарыарка»".into()),
        },
    }));
    let facts = json!({
        "case": {"kind": "civil", "instance": "first", "jury": false, "online": false},
        "incident": {"date": "2026-11-24", "where": "in_session", "conduct": "breach_of_order",
                     "criminal_signs": false, "aggravating_circumstances": false},
        "person": {"role": "defendant", "kind": "natural", "birth_date": "1980-03-01", "sex": "male",
                   "youngest_child_age": 20, "raises_children_alone": false,
                   "disability_group": "none", "permanent_resident": true,
                   "consents_to_community_service": false},
        "history": {"warned_in_hearing": true, "coao653_within_year": false,
                    "measures_for_this_act": []}
    });
    let incident = add(Body::IncidentRecorded(IncidentRecorded {
        facts,
        description: Some("Ответчик перебивал судью.".into()),
        participant_id: Some("p1".into()),
        recording_offset_ms: None,
    }));
    add(Body::ExplanationHeard(ExplanationHeard {
        participant_id: "p1".into(),
        summary: "Извинился.".into(),
        incident_seq: Some(incident),
    }));
    let measure = add(Body::MeasureApplied(MeasureApplied {
        measure_id: "coao653_fine".into(),
        citations: vec![],
        act_form: "ruling".into(),
        grounds: "Продолжал нарушать порядок.".into(),
        incident_seq: Some(incident),
        participant_id: Some("p1".into()),
        penalty: Some(Penalty {
            fine_mci: Some(0),
            mci_kzt: Some(4325),
            hours: None,
            days: None,
        }),
    }));
    add(Body::HearingClosed(HearingClosed { note: None }));
    crate::journal::seal(&mut j).unwrap();
    (j.path().to_path_buf(), measure)
}

/// Item 9: `verify` checks what the entries mean as `render` does — warnings for `verify`,
/// a refusal for `render` — naming entry and field, never the value.
#[test]
fn verify_warns_and_render_refuses_values_the_law_cannot_mean() {
    let dir = tempfile::tempdir().unwrap();
    let (journal, measure) = senseless_hearing(dir.path());
    let expected = [
        "entry 2 (participant_added): field `iin`",
        "entry 2 (participant_added): field `details.birth_date`",
        &format!("entry {measure} (measure_applied): field `citations`"),
        &format!("entry {measure} (measure_applied): field `penalty.fine_mci`"),
    ];
    let (code, out, err) = hattama(&["verify", s(&journal)]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("status: INTACT"), "{out}");
    for fragment in expected {
        assert!(
            err.lines()
                .any(|l| l.starts_with("warning: ") && l.contains(fragment)),
            "no warning `{fragment}` in\n{err}"
        );
    }
    for value in ["1980-02-30", "\"12\"", "0 MCI"] {
        assert!(
            !err.contains(value) && !out.contains(value),
            "{value} quoted"
        );
    }
    let (_, out, _) = hattama(&["verify", s(&journal), "--json"]);
    let report: Value = serde_json::from_str(&out).unwrap();
    let codes: Vec<&str> = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "invalid_iin",
            "invalid_date",
            "no_citation",
            "amount_outside_limits"
        ]
    );

    let pdf = dir.path().join("r.pdf");
    let court = super::court_for(dir.path(), &journal);
    let signing = super::signing_args(&court);
    let signing: Vec<&str> = signing.iter().map(String::as_str).collect();
    let seq = measure.to_string();
    let ruling = [
        "render",
        "ruling",
        "--journal",
        s(&journal),
        "--seq",
        &seq,
        "--lang",
        "ru",
        "--out",
        s(&pdf),
    ];
    let (code, _, err) = hattama(&[&ruling[..], &signing].concat());
    assert_eq!(code, 1, "{err}");
    for fragment in expected {
        assert!(
            err.contains(fragment),
            "render did not name `{fragment}`:\n{err}"
        );
    }
    assert!(!pdf.exists());
    let protocol = [
        "render",
        "protocol",
        "--journal",
        s(&journal),
        "--lang",
        "ru",
        "--out",
        s(&pdf),
    ];
    let (code, _, err) = hattama(&[&protocol[..], &signing].concat());
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("field `iin`"), "{err}");
    assert!(!pdf.exists());
}

/// A PDF with one page and `excerpt.json` attached as `stream`.
fn pdf_with_attachment(stream: Stream) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages = doc.new_object_id();
    let page = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages,
        "MediaBox" => vec![0.into(), 0.into(), 10.into(), 10.into()],
    });
    doc.objects.insert(
        pages,
        Object::Dictionary(
            dictionary! {"Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1},
        ),
    );
    let file = doc.add_object(stream);
    let spec = doc.add_object(dictionary! {
        "Type" => "Filespec",
        "F" => Object::string_literal("excerpt.json"),
        "UF" => Object::string_literal("excerpt.json"),
        "EF" => dictionary! {"F" => file, "UF" => file},
    });
    let catalog = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages,
        "Names" => dictionary! {
            "EmbeddedFiles" => dictionary! {
                "Names" => vec![Object::string_literal("excerpt.json"), spec.into()],
            },
        },
    });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// Item 10: an attachment that inflates past 64 MiB is refused at the cap, as bad input.
#[test]
fn a_decompression_bomb_is_stopped_at_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    let mut bomb = Stream::new(
        dictionary! {"Type" => "EmbeddedFile"},
        vec![b' '; (64 << 20) + 1],
    );
    bomb.compress().unwrap();
    assert!(bomb.content.len() < 1 << 20, "not a bomb");
    let path = dir.path().join("bomb.pdf");
    std::fs::write(&path, pdf_with_attachment(bomb)).unwrap();
    let (code, _, err) = hattama(&["verify", s(&path)]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("inflates to more than 64 MiB"), "{err}");

    // Just under the cap, the same file is read (and refused for what it is: not an excerpt).
    let mut big = Stream::new(dictionary! {"Type" => "EmbeddedFile"}, vec![b' '; 64 << 20]);
    big.compress().unwrap();
    std::fs::write(&path, pdf_with_attachment(big)).unwrap();
    let (code, _, err) = hattama(&["verify", s(&path)]);
    assert!(!err.contains("inflates to more than"), "{err}");
    assert_ne!(code, 0, "{err}");
}
