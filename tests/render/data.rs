//! Hostile and odd data: printed as text, never run as markup, and never a panic.

use ::render::{RenderError, Templates};
use serde_json::json;

use super::pdf_text::pdf_text;
use super::{job, render, sample_data};

#[test]
fn markup_characters_in_data_print_literally() {
    let markup = r#"#set text(red) ] $x^2$ @ref <label> *bold* _em_ \ `raw` // c /* c */ = h"#;
    let mut data = sample_data();
    data["parties"][0]["name"] = markup.into();
    data["case_number"] = "#panic(\"x\")".into();
    let rendered = render(&Templates::Builtin, &job("sample.typ", &data)).expect("renders");
    // Wrapping only ever ends a line after a space, so joining the lines restores the value.
    let text = pdf_text(&rendered.pdf).replace('\n', "");
    assert!(text.contains(markup), "{text}");
    assert!(text.contains("№ #panic(\"x\")"), "{text}");
}

#[test]
fn control_and_bidi_characters_are_dropped_and_the_rest_prints() {
    let mut data = sample_data();
    data["parties"][1]["name"] =
        "Ива\u{0}\u{1}\u{7}\u{1b}\u{7f}\u{9f}нов \u{202E}Пётр\u{202C} \u{2066}С.\u{2069}".into();
    let rendered = render(&Templates::Builtin, &job("sample.typ", &data)).expect("renders");
    assert!(pdf_text(&rendered.pdf).contains("Иванов Пётр С."));
    assert_eq!(
        rendered.warnings,
        ["data.json: warning: invisible control characters dropped from `/parties/1/name`"]
    );
}

#[test]
fn a_ten_thousand_character_field_runs_over_pages_intact() {
    let mut data = sample_data();
    let body = "Жақсы ".repeat(1667);
    assert!(body.chars().count() >= 10_000);
    data["body"] = body.trim_end().into();
    let rendered = render(&Templates::Builtin, &job("sample.typ", &data)).expect("renders");
    let text = pdf_text(&rendered.pdf);
    assert_eq!(text.matches("Жақсы").count(), 1667);
    let pages = lopdf::Document::load_mem(&rendered.pdf)
        .expect("a PDF")
        .get_pages()
        .len();
    assert!(pages > 1, "{pages} page(s)");
}

#[test]
fn empty_strings_render() {
    let mut data = sample_data();
    for key in ["court", "heading", "case_number", "body", "signature"] {
        data[key] = "".into();
    }
    data["parties"] = json!([{ "role": "", "name": "" }]);
    let rendered = render(&Templates::Builtin, &job("sample.typ", &data)).expect("renders");
    assert!(pdf_text(&rendered.pdf).contains("Іске қатысушылар:"));
}

#[test]
fn a_character_the_fonts_lack_is_refused_by_field_without_its_value() {
    let mut data = sample_data();
    data["parties"][0]["name"] = "Ли Вэй 李伟".into();
    let err = render(&Templates::Builtin, &job("sample.typ", &data)).unwrap_err();
    assert!(
        matches!(err, RenderError::UndisplayableCharacter { .. }),
        "{err}"
    );
    let message = err.to_string();
    assert!(message.contains("`/parties/0/name`"), "{message}");
    assert!(message.contains("U+674E"), "{message}");
    assert!(!message.contains("Вэй"), "{message}");
}
