//! The render error: what went wrong, named by template, file position or JSON pointer — never
//! by the value of a data field, because the data is a hearing's personal data.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("template `{name}` not found ({searched})")]
    TemplateNotFound { name: String, searched: String },

    #[error("template name `{name}` is not a plain relative path inside the templates")]
    BadTemplateName { name: String },

    #[error("{}: cannot read the templates directory ({source})", path.display())]
    TemplatesDir {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error(
        "attachment name `{name}` is not usable ({reason}); \
         hint: use a plain file name such as `excerpt.json`"
    )]
    BadAttachmentName { name: String, reason: &'static str },

    /// The data cannot be shown with the compiled-in fonts. Named by JSON pointer and code point
    /// so the operator can find and fix the field without the value appearing in a log.
    #[error(
        "data field `{pointer}` holds the character {codepoint}, which the document fonts cannot \
         display; hint: write it with letters PT Serif has (Cyrillic, Kazakh, Latin)"
    )]
    UndisplayableCharacter { pointer: String, codepoint: String },

    #[error("cannot serialise the data for the template ({0})")]
    Data(#[source] serde_json::Error),

    /// Typst refused the template: one `path:line:col: error: message` line per diagnostic.
    #[error("template `{template}` failed to compile:\n{}", .diagnostics.join("\n"))]
    Compile {
        template: String,
        diagnostics: Vec<String>,
    },

    #[error(
        "template `{template}` does not attach `{name}`; hint: call \
         `pdf.attach(\"/{name}\", relationship: \"data\", mime-type: .., description: ..)`"
    )]
    AttachmentNotAttached { template: String, name: String },

    /// PDF export failed, including when the document does not conform to PDF/A-3b.
    #[error("PDF export of `{template}` failed:\n{}", .diagnostics.join("\n"))]
    Pdf {
        template: String,
        diagnostics: Vec<String>,
    },
}
