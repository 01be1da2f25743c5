//! Preparing document data: what a ruling states, and what makes it refuse.

use ::court::documents::protocol::prepare_protocol;
use ::court::documents::ruling::prepare_ruling;
use ::court::documents::{DocumentError, DocumentKind};
use ::court::hearing::Hearing;
use ::journal::entry::{
    CaseKind, HearingClosed, HearingOpened, IncidentRecorded, Instance, Lang, MeasureApplied,
    ParticipantAdded, PersonDetails,
};
use ::journal::{Body, FixedClock};
use ::store::Journal;

use super::{catalog, demo_hearing};

#[test]
fn the_coao653_ruling_states_every_element_of_coao_822_1() {
    let (_dir, d, h) = demo_hearing();
    for lang in [Lang::Ru, Lang::Kk] {
        let p = prepare_ruling(&h, d.coao653_seq, lang, &catalog()).unwrap();
        assert_eq!(p.kind, DocumentKind::Coao653Ruling);
        let v = &p.data;
        // 1-2: who issued it, date and place.
        assert!(
            v["heading"]["court"]
                .as_str()
                .unwrap()
                .contains(match lang {
                    Lang::Ru | Lang::En => "суд",
                    Lang::Kk => "сот",
                })
        );
        assert!(v["heading"]["judge"].is_string() && v["heading"]["place"].is_string());
        assert!(v["date"].as_str().unwrap().contains("2026"));
        // 3: the person.
        for field in [
            "name",
            "iin",
            "birth_date",
            "residence",
            "registration",
            "id_document",
            "workplace",
        ] {
            assert!(v["person"][field].is_string(), "{field}");
        }
        // 4-5: language of proceedings, article and part.
        assert!(v["heading"]["language_of_proceedings"].is_string());
        assert_eq!(v["measure"]["coao653_part"], 1);
        // 6: circumstances, with the person's own explanation.
        assert!(v["incident"]["description"].is_string());
        assert!(
            v["explanations"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x["is_person"] == true)
        );
        // 7: the decision, in MCI and tenge.
        assert_eq!(v["penalty"]["fine_mci"], 20);
        assert_eq!(v["penalty"]["fine_kzt"], "86\u{a0}500");
        // 8-9: appeal (10 days from receipt of a copy) and payment (30 days after entry into force).
        assert_eq!(v["appeal"]["deadline"]["count"], 10);
        assert_eq!(v["payment"]["count"], 30);
        // The binding: the sealed head and the entries the ruling rests on.
        assert_eq!(v["binding"]["seal_seq"], h.last_seal().unwrap().0.seq);
        assert!(p.basis.contains(&d.coao653_seq));
    }
}

#[test]
fn documents_cite_in_their_own_language() {
    let (_dir, d, h) = demo_hearing();
    let ru = prepare_ruling(&h, d.removal_seq, Lang::Ru, &catalog()).unwrap();
    let kk = prepare_ruling(&h, d.removal_seq, Lang::Kk, &catalog()).unwrap();
    assert_eq!(ru.kind, DocumentKind::CoercionRuling);
    assert_eq!(ru.data["measure"]["citations"][0], "ч. 2 ст. 188 ГПК РК");
    assert_eq!(
        kk.data["measure"]["citations"][0],
        "ҚР АПК 188-бабының 2-бөлігі"
    );
    // CPC 429(2): a removal is not appealed on its own.
    assert!(ru.data["appeal"]["deadline"].is_null());
    assert_eq!(ru.data["appeal"]["basis"][0], "ч. 2 ст. 429 ГПК РК");
}

#[test]
fn a_measure_entered_in_the_protocol_has_no_ruling() {
    let (_dir, d, h) = demo_hearing();
    let err = prepare_ruling(&h, d.warning_seq, Lang::Ru, &catalog()).unwrap_err();
    assert!(matches!(err, DocumentError::NoRuling { .. }), "{err}");
    let err = prepare_ruling(&h, 2, Lang::Ru, &catalog()).unwrap_err();
    assert!(matches!(err, DocumentError::NotAMeasure(2)), "{err}");
}

/// A hearing whose CoAO 653 measure lacks what CoAO 822(1) requires; sealed or not.
fn thin_hearing(dir: &std::path::Path, seal: bool) -> (std::path::PathBuf, u64) {
    let clock = FixedClock::new(::journal::parse_time("2026-11-24T10:00:00+05:00").unwrap());
    let opened = HearingOpened {
        hearing_id: "h".into(),
        court: "Суд".into(),
        judge: "Судья".into(),
        secretary: "Секретарь".into(),
        case_number: "1".into(),
        case_kind: CaseKind::Civil,
        instance: Instance::First,
        language: Lang::Ru,
        online: false,
        recording: None,
        place: None,
        court_other: None,
        place_other: None,
    };
    let mut j = Journal::create(dir, opened, Box::new(clock)).unwrap();
    j.append(Body::ParticipantAdded(ParticipantAdded {
        participant_id: "p1".into(),
        role: "defendant".into(),
        name: "Иванов".into(),
        iin: None,
        details: PersonDetails {
            birth_date: Some("1980-05-01".into()),
            ..PersonDetails::default()
        },
    }))
    .unwrap();
    let facts =
        serde_json::from_str(include_str!("../../config/samples/civil-contempt.json")).unwrap();
    let incident = j
        .append(Body::IncidentRecorded(IncidentRecorded {
            facts,
            description: None,
            participant_id: Some("p1".into()),
            recording_offset_ms: None,
        }))
        .unwrap()
        .seq;
    let measure = j
        .append(Body::MeasureApplied(MeasureApplied {
            measure_id: "coao653_fine".into(),
            citations: vec!["CoAO 653(1)".into()],
            act_form: "separate_reasoned_ruling".into(),
            grounds: "".into(),
            incident_seq: Some(incident),
            participant_id: Some("p1".into()),
            penalty: None,
        }))
        .unwrap()
        .seq;
    j.append(Body::HearingClosed(HearingClosed { note: None }))
        .unwrap();
    if seal {
        crate::journal::seal(&mut j).unwrap();
    }
    (j.path().to_path_buf(), measure)
}

#[test]
fn a_ruling_missing_what_the_law_requires_is_refused_with_the_whole_list() {
    let dir = tempfile::tempdir().unwrap();
    let (path, seq) = thin_hearing(dir.path(), true);
    let h = Hearing::load(&path).unwrap();
    let err = prepare_ruling(&h, seq, Lang::Ru, &catalog()).unwrap_err();
    let DocumentError::Missing { missing, .. } = &err else {
        panic!("{err}");
    };
    let all = missing
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    for what in [
        "place of the hearing",
        "IIN",
        "place of residence",
        "registration",
        "identity document",
        "place of work",
        "explanation",
        "circumstances",
        "grounds",
        "penalty imposed",
    ] {
        assert!(all.contains(what), "{what} not in {all}");
    }
    assert!(!all.contains("date of birth"), "{all}");
    // The message names no personal data.
    assert!(!err.to_string().contains("Иванов"));
}

#[test]
fn documents_come_only_from_a_sealed_protocol() {
    let dir = tempfile::tempdir().unwrap();
    let (path, seq) = thin_hearing(dir.path(), false);
    let h = Hearing::load(&path).unwrap();
    let err = prepare_ruling(&h, seq, Lang::Ru, &catalog()).unwrap_err();
    assert!(matches!(err, DocumentError::NotSealed(_)), "{err}");
    let err = prepare_protocol(&h, Lang::Ru, &catalog()).unwrap_err();
    assert!(matches!(err, DocumentError::NotSealed(_)), "{err}");
}

#[test]
fn the_protocol_lists_every_entry_and_the_seals() {
    let (_dir, _, h) = demo_hearing();
    for lang in [Lang::Ru, Lang::Kk] {
        let p = prepare_protocol(&h, lang, &catalog()).unwrap();
        assert_eq!(p.data["entries"].as_array().unwrap().len(), h.entries.len());
        assert_eq!(p.data["seals"][0]["signers"].as_array().unwrap().len(), 2);
        assert_eq!(p.data["short"], true);
        assert_eq!(
            p.data["binding"]["head"],
            h.entries.last().unwrap().hash.to_hex()
        );
    }
}
