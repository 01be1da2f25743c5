//! Rendering documents: a Typst template plus a job's data in, a PDF/A-3b out.
//!
//! This module is the only place that imports Typst. It owns
//! - `fonts`: PT Serif, compiled in;
//! - `templates`: the built-in template set or a `--templates DIR` override;
//! - `data`: the job's data as the template reads it, `json("/data.json")`, and what the
//!   templates' costlier rules need to know about it, `json("/render.json")`;
//! - `world`: the closed Typst world of one render (no network, packages or clock);
//! - `diagnostics`: Typst errors as `path:line:col: error: message` lines;
//! - `export`: PDF/A-3b export, document metadata, the attachment check;
//! - `attachment`: reading an attached file back out of a PDF;
//! - `preview`: the laid-out text of a document, for a preview before it is issued.
//!
//! Data is never spliced into markup: the template reads it as JSON, so `#`, `$` or `]` in a
//! name is text, not code. Same inputs give byte-identical PDFs: the date, the document
//! identifier and the timestamp all come from the caller.

mod attachment;
mod data;
mod diagnostics;
mod error;
mod export;
mod fonts;
mod preview;
mod templates;
mod world;

pub use attachment::{AttachmentError, extract_attachment};
pub use error::RenderError;
pub use fonts::FACES;
pub use templates::Templates;

use typst::foundations::Bytes;
use typst::utils::LazyHash;
use typst::{Library, LibraryExt};
use typst_layout::PagedDocument;

use fonts::Fonts;
use world::RenderWorld;

/// Holds what every render shares — the standard library and the parsed fonts — so that a
/// long-lived process pays for them once and Typst's memoisation carries over between renders.
pub struct Renderer {
    library: LazyHash<Library>,
    fonts: Fonts,
}

/// One document to render.
#[derive(Debug, Clone)]
pub struct Job<'a> {
    /// The template's path in the template set, e.g. `coao653-ruling.typ`.
    pub template: &'a str,
    /// Read by the template with `json("/data.json")`.
    pub data: &'a serde_json::Value,
    /// What `datetime.today()` returns in the template.
    pub today: chrono::NaiveDate,
    /// A stable identifier of the document (e.g. case number and document kind). Only its hash
    /// reaches the PDF, as the document ID, so re-rendering the same document keeps the ID.
    pub ident: &'a str,
    /// The creation date written into the PDF metadata (and the attachments' dates).
    pub timestamp: chrono::DateTime<chrono::FixedOffset>,
    /// Files the template attaches with `pdf.attach("/<name>", ..)`.
    pub attachments: Vec<Attachment>,
    /// The PDF title; replaces any `set document(title: ..)` of the template.
    pub title: String,
    /// The PDF subject (description), if given; replaces the template's.
    pub description: Option<String>,
    /// The PDF keywords, if any; replace the template's.
    pub keywords: Vec<String>,
}

/// A file offered to the template at `/<name>`.
///
/// The template attaches it with `pdf.attach` and so chooses its description (in the
/// document's language), MIME type and relationship; the renderer checks that it did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// A plain file name such as `excerpt.json`.
    pub name: String,
    pub bytes: Vec<u8>,
}

/// A rendered document.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub pdf: Vec<u8>,
    /// Typst's warnings (an unknown font, say), as `path:line:col: warning: ..` lines.
    pub warnings: Vec<String>,
}

impl Default for Renderer {
    fn default() -> Self {
        Self::new()
    }
}

impl Renderer {
    pub fn new() -> Renderer {
        Renderer {
            library: LazyHash::new(Library::builder().build()),
            fonts: Fonts::load(),
        }
    }

    pub fn render(&self, templates: &Templates, job: &Job) -> Result<Rendered, RenderError> {
        let (pdf, warnings) = self.compile_with(templates, job, |world, document| {
            export::pdf(world, document, job)
        })?;
        Ok(Rendered { pdf, warnings })
    }

    /// The document's text, line by line as laid out, without writing a PDF: what a preview
    /// shows before the document is issued.
    pub fn preview(&self, templates: &Templates, job: &Job) -> Result<Vec<String>, RenderError> {
        self.compile_with(templates, job, |_, document| Ok(preview::lines(&document)))
            .map(|(lines, _)| lines)
    }

    /// `/render.json` as a template rendering `data` reads it: for running a template outside
    /// Hattama, e.g. with another Typst front end on the same files.
    pub fn hints(&self, data: &serde_json::Value) -> Result<Vec<u8>, RenderError> {
        Ok(data::encode(data, &self.fonts)?.hints.to_vec())
    }

    /// Compile `job` and hand the laid-out document to `finish`; returns its result and
    /// Typst's warnings.
    fn compile_with<T>(
        &self,
        templates: &Templates,
        job: &Job,
        finish: impl FnOnce(&RenderWorld, PagedDocument) -> Result<T, RenderError>,
    ) -> Result<(T, Vec<String>), RenderError> {
        let main = templates.locate(job.template)?;
        let encoded = data::encode(job.data, &self.fonts)?;
        let mut warnings = encoded.warnings;
        let mut files = vec![
            (data::FILE_NAME, encoded.data),
            (data::HINTS_FILE_NAME, encoded.hints),
        ];
        for attachment in &job.attachments {
            files.push((&attachment.name, Bytes::new(attachment.bytes.clone())));
        }
        let world = RenderWorld::new(
            &self.library,
            &self.fonts,
            templates,
            &main,
            job.today,
            files,
        )?;

        let compiled = typst::compile::<PagedDocument>(&world);
        warnings.extend(diagnostics::format_all(
            &world,
            &compiled.warnings,
            job.data,
        ));
        let result = match compiled.output {
            Ok(document) => finish(&world, document),
            Err(errors) => Err(RenderError::Compile {
                template: job.template.into(),
                diagnostics: diagnostics::format_all(&world, &errors, job.data),
            }),
        };

        // Typst memoises layout across compiles, which is what makes a warm render fast, but
        // the cache would grow without bound in a long-lived process. Results unused for a few
        // renders are dropped; those of a template rendered again and again stay.
        typst::comemo::evict(10);

        result.map(|out| (out, warnings))
    }
}
