//! PDF/A-3b with the journal excerpt attached, and reading the excerpt back.

use ::render::{Attachment, RenderError, Templates, extract_attachment};

use super::{EXCERPT, SAMPLE, job, render, sample_data, template_dir};

#[test]
fn the_excerpt_round_trips_through_the_pdf() {
    let data = sample_data();
    let pdf = render(&Templates::Builtin, &job("sample.typ", &data))
        .expect("renders")
        .pdf;
    assert_eq!(
        extract_attachment(&pdf, "excerpt.json").expect("a readable PDF"),
        Some(EXCERPT.to_vec())
    );
    assert_eq!(
        extract_attachment(&pdf, "other.json").expect("readable"),
        None
    );
}

#[test]
fn a_large_binary_attachment_round_trips() {
    let data = sample_data();
    let mut job = job("sample.typ", &data);
    let bytes: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    job.attachments[0].bytes = bytes.clone();
    let pdf = render(&Templates::Builtin, &job).expect("renders").pdf;
    assert_eq!(
        extract_attachment(&pdf, "excerpt.json").expect("readable"),
        Some(bytes)
    );
}

#[test]
fn extracting_from_something_else_is_an_error() {
    assert!(extract_attachment(b"%PDF-1.7 but not really", "excerpt.json").is_err());
    assert!(extract_attachment(b"", "excerpt.json").is_err());
}

#[test]
fn the_pdf_declares_pdfa_3b_and_the_excerpt_as_data() {
    let data = sample_data();
    let pdf = render(&Templates::Builtin, &job("sample.typ", &data))
        .expect("renders")
        .pdf;
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains("<pdfaid:part>3</pdfaid:part>"));
    assert!(text.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
    assert!(text.contains("/AFRelationship/Data"));
    assert!(text.contains("/Subtype/application#2Fjson"));
}

#[test]
fn export_refuses_what_pdfa_3_forbids() {
    // PDF/A-3 requires a MIME type for every attached file.
    let template = SAMPLE.replace("  mime-type: \"application/json\",\n", "");
    assert_ne!(template, SAMPLE);
    let dir = template_dir(&[("sample.typ", &template)]);
    let data = sample_data();
    let err = render(
        &Templates::Dir(dir.path().into()),
        &job("sample.typ", &data),
    )
    .unwrap_err();
    let RenderError::Pdf { diagnostics, .. } = &err else {
        panic!("expected a PDF export error, got: {err}");
    };
    assert!(
        diagnostics.iter().any(|d| d.contains("PDF/A-3b")),
        "{diagnostics:?}"
    );
}

#[test]
fn a_template_that_forgets_the_excerpt_is_refused() {
    let start = SAMPLE.find("#pdf.attach(").expect("the sample attaches");
    let end = start + SAMPLE[start..].find("\n)\n").expect("end of the call") + 3;
    let template = format!("{}{}", &SAMPLE[..start], &SAMPLE[end..]);
    let dir = template_dir(&[("sample.typ", &template)]);
    let data = sample_data();
    let err = render(
        &Templates::Dir(dir.path().into()),
        &job("sample.typ", &data),
    )
    .unwrap_err();
    assert!(
        matches!(&err, RenderError::AttachmentNotAttached { name, .. } if name == "excerpt.json"),
        "{err}"
    );
}

#[test]
fn attachment_names_are_plain_and_distinct() {
    let data = sample_data();
    for name in ["../excerpt.json", "a/b.json", "data.json", "", ".."] {
        let mut job = job("sample.typ", &data);
        job.attachments.push(Attachment {
            name: name.into(),
            bytes: b"{}".to_vec(),
        });
        let err = render(&Templates::Builtin, &job).unwrap_err();
        assert!(
            matches!(err, RenderError::BadAttachmentName { .. }),
            "{name}: {err}"
        );
    }
}
