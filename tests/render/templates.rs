//! Template sets and template errors: what a person editing a template sees.

use ::render::{RenderError, Templates};

use super::pdf_text::pdf_text;
use super::{SAMPLE, job, render, sample_data, template_dir};

fn diagnostics(err: RenderError) -> Vec<String> {
    match err {
        RenderError::Compile { diagnostics, .. } => diagnostics,
        other => panic!("expected a compile error, got: {other}"),
    }
}

#[test]
fn a_syntax_error_names_file_line_and_column() {
    let broken = "#let data = json(\"/data.json\")\n\nТекст ]\n";
    let dir = template_dir(&[("broken.typ", broken)]);
    let data = sample_data();
    let err = render(
        &Templates::Dir(dir.path().into()),
        &job("broken.typ", &data),
    )
    .unwrap_err();
    let path = dir.path().join("broken.typ");
    assert_eq!(
        diagnostics(err),
        [format!(
            "{}:3:7: error: unexpected closing bracket; hint: try using a backslash escape: \\]",
            path.display()
        )]
    );
}

#[test]
fn an_error_in_an_imported_file_names_that_file() {
    let main = "#import \"parts/header.typ\": header\n#header(json(\"/data.json\"))\n";
    let header = "#let header(data) = {\n  data.no_such_field\n}\n";
    let dir = template_dir(&[("main.typ", main), ("parts/header.typ", header)]);
    let data = sample_data();
    let lines = diagnostics(
        render(&Templates::Dir(dir.path().into()), &job("main.typ", &data)).unwrap_err(),
    );
    let path = dir.path().join("parts").join("header.typ");
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with(&format!(
            "{}:2:8: error: dictionary does not contain key \"no_such_field\"",
            path.display()
        )),
        "{lines:?}"
    );
}

#[test]
fn errors_never_quote_the_data() {
    // Typst's messages for `assert.eq` and `panic` print the values they were given.
    let data = sample_data();
    for (call, expected) in [
        (
            "assert.eq(data.parties.at(0).name, \"x\")",
            "error: equality assertion failed: value <data> was not equal to \"x\"",
        ),
        ("panic(data.court)", "error: panicked with: <data>"),
        (
            "panic((data.heading,))",
            "error: panicked with: ( <data>, )",
        ),
    ] {
        let template = format!("#let data = json(\"/data.json\")\n#{call}\n");
        let dir = template_dir(&[("t.typ", &template)]);
        let err = render(&Templates::Dir(dir.path().into()), &job("t.typ", &data)).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains(&format!("t.typ:2:2: {expected}")),
            "{message}"
        );
        for name in ["Әбілқайыров", "Астана", "бұзғаны"] {
            assert!(!message.contains(name), "{message}");
        }
    }
}

#[test]
fn a_data_value_with_quotes_is_redacted_as_typst_escapes_it() {
    let mut data = sample_data();
    data["court"] = "Суд \"Алатау\" \\ 2".into();
    let template = "#let data = json(\"/data.json\")\n#panic(data.court)\n";
    let dir = template_dir(&[("t.typ", template)]);
    let err = render(&Templates::Dir(dir.path().into()), &job("t.typ", &data)).unwrap_err();
    let message = err.to_string();
    assert!(
        message.ends_with("error: panicked with: <data>"),
        "{message}"
    );
}

#[test]
fn a_templates_directory_replaces_the_builtin_set() {
    let changed = SAMPLE.replace("#emph(data.heading)", "#emph(data.heading) \\ ӨЗГЕРТІЛДІ");
    assert_ne!(changed, SAMPLE);
    let dir = template_dir(&[("sample.typ", &changed)]);
    let data = sample_data();
    let rendered = render(
        &Templates::Dir(dir.path().into()),
        &job("sample.typ", &data),
    )
    .expect("renders");
    assert!(pdf_text(&rendered.pdf).contains("ӨЗГЕРТІЛДІ"));

    // No fallback to the built-in set for a file the directory lacks.
    let empty = template_dir(&[]);
    let err = render(
        &Templates::Dir(empty.path().into()),
        &job("sample.typ", &data),
    )
    .unwrap_err();
    assert!(matches!(err, RenderError::TemplateNotFound { .. }), "{err}");
    assert!(
        err.to_string()
            .contains(&empty.path().display().to_string()),
        "{err}"
    );
}

#[test]
fn an_unknown_template_names_what_there_is() {
    let data = sample_data();
    let err = render(&Templates::Builtin, &job("coao653-ruling.typ", &data)).unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with("template `coao653-ruling.typ` not found (built-in templates are: "),
        "{text}"
    );
    assert!(
        text.contains("ru/coao653-ruling.typ") && text.contains("kk/protocol.typ"),
        "{text}"
    );
}

#[test]
fn template_names_cannot_leave_the_template_set() {
    let data = sample_data();
    let dir = template_dir(&[("sample.typ", SAMPLE)]);
    for name in ["../sample.typ", "/etc/passwd", "a\\b.typ", ""] {
        let err = render(&Templates::Dir(dir.path().into()), &job(name, &data)).unwrap_err();
        assert!(
            matches!(err, RenderError::BadTemplateName { .. }),
            "{name}: {err}"
        );
    }
}

#[test]
fn a_missing_templates_directory_is_reported_as_such() {
    let data = sample_data();
    let missing = std::env::temp_dir().join("hattama-no-such-templates-dir");
    let err = render(&Templates::Dir(missing.clone()), &job("sample.typ", &data)).unwrap_err();
    assert!(matches!(err, RenderError::TemplatesDir { .. }), "{err}");
}

#[test]
fn packages_are_refused_with_a_reason() {
    let template = "#import \"@preview/tablex:0.0.8\": tablex\n";
    let dir = template_dir(&[("t.typ", template)]);
    let data = sample_data();
    let lines =
        diagnostics(render(&Templates::Dir(dir.path().into()), &job("t.typ", &data)).unwrap_err());
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("t.typ:1:9: error:"), "{lines:?}");
    assert!(
        lines[0].contains("Hattama renders offline without packages"),
        "{lines:?}"
    );
}

#[test]
fn files_outside_the_templates_cannot_be_read() {
    let template = "#read(\"../../../../../../etc/hostname\")\n";
    let dir = template_dir(&[("t.typ", template)]);
    let data = sample_data();
    let lines =
        diagnostics(render(&Templates::Dir(dir.path().into()), &job("t.typ", &data)).unwrap_err());
    assert!(lines[0].contains("t.typ:1:7: error:"), "{lines:?}");
}

#[test]
fn a_font_the_binary_lacks_is_a_warning_with_its_position() {
    let template = SAMPLE.replace("font: \"PT Serif\"", "font: \"Times New Roman\"");
    assert_ne!(template, SAMPLE);
    let dir = template_dir(&[("sample.typ", &template)]);
    let data = sample_data();
    let rendered = render(
        &Templates::Dir(dir.path().into()),
        &job("sample.typ", &data),
    )
    .expect("renders with the fallback font");
    let path = dir.path().join("sample.typ");
    assert_eq!(rendered.warnings.len(), 1, "{:?}", rendered.warnings);
    assert!(
        rendered.warnings[0].starts_with(&format!(
            "{}:9:17: warning: unknown font family: times new roman",
            path.display()
        )),
        "{:?}",
        rendered.warnings
    );
}
