//! The sample document: every element present, Kazakh and Russian text intact, metadata and
//! dates from the job, and byte-identical output for identical input.

use ::render::{Renderer, Templates};

use super::pdf_text::pdf_text;
use super::{job, render, sample_data};

#[test]
fn every_element_and_every_kazakh_letter_survives_text_extraction() {
    let data = sample_data();
    let rendered = render(&Templates::Builtin, &job("sample.typ", &data)).expect("renders");
    assert_eq!(rendered.warnings, Vec::<String>::new());
    // Lines are joined: a paragraph may wrap anywhere.
    let text = pdf_text(&rendered.pdf).replace('\n', "");

    let mut expected: Vec<&str> = ["court", "heading", "case_number", "body", "signature"]
        .iter()
        .map(|key| data[*key].as_str().expect("a string field"))
        .collect();
    for party in data["parties"].as_array().expect("parties") {
        expected.push(party["role"].as_str().expect("role"));
        expected.push(party["name"].as_str().expect("name"));
    }
    expected.push(data["labels"]["parties"].as_str().expect("label"));
    expected.push(data["labels"]["facts"].as_str().expect("label"));
    for value in expected {
        // Wrapping turns a space into a line end; compare without either.
        let value = value.replace(' ', "");
        assert!(text.replace(' ', "").contains(&value), "missing: {value}");
    }
    for letter in "ӘәҒғҚқҢңӨөҰұҮүҺһІі".chars() {
        assert!(text.contains(letter), "missing letter {letter}");
    }
    assert!(text.contains("Иванов Пётр Сергеевич"));
}

#[test]
fn the_date_is_the_jobs_not_the_clocks() {
    let data = sample_data();
    let mut job = job("sample.typ", &data);
    job.today = chrono::NaiveDate::from_ymd_opt(1998, 5, 14).unwrap();
    let rendered = render(&Templates::Builtin, &job).expect("renders");
    assert!(pdf_text(&rendered.pdf).contains("14.05.1998"));
}

#[test]
fn the_same_job_renders_byte_identical_warm_and_cold() {
    let data = sample_data();
    let job = job("sample.typ", &data);
    let first = render(&Templates::Builtin, &job).expect("renders").pdf;
    let again = render(&Templates::Builtin, &job).expect("renders").pdf;
    let fresh = Renderer::new()
        .render(&Templates::Builtin, &job)
        .expect("renders")
        .pdf;
    assert!(first == again, "a warm re-render differs");
    assert!(first == fresh, "a fresh renderer's output differs");
}

#[test]
fn the_document_id_follows_the_jobs_identifier_not_the_content() {
    let data = sample_data();
    let first = render(&Templates::Builtin, &job("sample.typ", &data))
        .expect("renders")
        .pdf;

    let mut corrected = data.clone();
    corrected["body"] = "Түзетілген мәтін.".into();
    let revised = render(&Templates::Builtin, &job("sample.typ", &corrected))
        .expect("renders")
        .pdf;
    assert_eq!(document_id(&first), document_id(&revised));

    let mut other = job("sample.typ", &data);
    other.ident = "another document";
    let other = render(&Templates::Builtin, &other).expect("renders").pdf;
    assert_ne!(document_id(&first), document_id(&other));
}

#[test]
fn the_creation_date_is_the_jobs_timestamp_with_its_offset() {
    let data = sample_data();
    let pdf = render(&Templates::Builtin, &job("sample.typ", &data))
        .expect("renders")
        .pdf;
    assert_eq!(info(&pdf).creation_date, "D:20240514103000+05'00");
}

#[test]
fn title_description_and_keywords_come_from_the_job() {
    let data = sample_data();
    let job = job("sample.typ", &data);
    let pdf = render(&Templates::Builtin, &job).expect("renders").pdf;
    let info = info(&pdf);
    // The template sets its own title from the data; the job's wins.
    assert_eq!(info.title, job.title);
    assert_eq!(Some(info.subject), job.description);
    assert_eq!(info.keywords, "7599-24-00-4/1234, ұйғарым");
}

struct Info {
    title: String,
    subject: String,
    keywords: String,
    creation_date: String,
}

fn info(pdf: &[u8]) -> Info {
    let doc = lopdf::Document::load_mem(pdf).expect("a PDF");
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(|info| doc.dereference(info))
        .and_then(|(_, info)| info.as_dict())
        .expect("an info dictionary");
    let text = |key: &[u8]| {
        info.get(key)
            .and_then(lopdf::decode_text_string)
            .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(key)))
    };
    Info {
        title: text(b"Title"),
        subject: text(b"Subject"),
        keywords: text(b"Keywords"),
        creation_date: text(b"CreationDate"),
    }
}

fn document_id(pdf: &[u8]) -> Vec<u8> {
    let doc = lopdf::Document::load_mem(pdf).expect("a PDF");
    let ids = doc
        .trailer
        .get(b"ID")
        .and_then(lopdf::Object::as_array)
        .expect("a document ID");
    ids[0].as_str().expect("a string").to_vec()
}
