//! The Typst world of one render: the template set, the job's data and attachments as virtual
//! files, the compiled-in fonts and a fixed date. Nothing else exists in it — no network, no
//! packages, no system fonts, no clock — so the same inputs give the same document.

use std::collections::HashMap;
use std::sync::Mutex;

use typst::diag::{FileError, FileResult, PackageError};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};

use super::fonts::Fonts;
use super::{RenderError, Templates};

pub(crate) struct RenderWorld<'a> {
    library: &'a LazyHash<Library>,
    fonts: &'a Fonts,
    templates: &'a Templates,
    main: FileId,
    /// `None` only for a date Typst cannot hold (its years are bounded).
    today: Option<Datetime>,
    /// `/data.json`, `/render.json` and the attachments, served ahead of the template set so a template file
    /// of the same name cannot stand in for the job's data.
    job_files: Vec<(FileId, Bytes)>,
    /// Typst asks for the same source many times in a compile (evaluation, then every span it
    /// resolves); reading and parsing it once per render is enough.
    sources: Mutex<HashMap<FileId, FileResult<Source>>>,
}

impl<'a> RenderWorld<'a> {
    pub fn new(
        library: &'a LazyHash<Library>,
        fonts: &'a Fonts,
        templates: &'a Templates,
        main: &VirtualPath,
        today: chrono::NaiveDate,
        job_files: Vec<(&str, Bytes)>,
    ) -> Result<Self, RenderError> {
        let mut files: Vec<(FileId, Bytes)> = Vec::with_capacity(job_files.len());
        for (name, bytes) in job_files {
            let id = project_file(job_file_path(name)?);
            if files.iter().any(|(taken, _)| *taken == id) {
                return Err(RenderError::BadAttachmentName {
                    name: name.into(),
                    reason: "the name is already taken by the data or another attachment",
                });
            }
            files.push((id, bytes));
        }
        Ok(RenderWorld {
            library,
            fonts,
            templates,
            main: project_file(main.clone()),
            today: typst_date(today),
            job_files: files,
            sources: Mutex::new(HashMap::new()),
        })
    }

    pub fn templates(&self) -> &Templates {
        self.templates
    }

    /// Whether `id` is the data or an attachment rather than a template file.
    pub fn is_job_file(&self, id: FileId) -> bool {
        self.job_file(id).is_some()
    }

    fn job_file(&self, id: FileId) -> Option<&Bytes> {
        self.job_files
            .iter()
            .find(|(file, _)| *file == id)
            .map(|(_, bytes)| bytes)
    }

    fn read(&self, id: FileId) -> FileResult<Bytes> {
        match id.root() {
            VirtualRoot::Project => match self.job_file(id) {
                Some(bytes) => Ok(bytes.clone()),
                None => self.templates.read(id.vpath()),
            },
            // Rulings must render the same on a machine without network, and a document's
            // look must not change because a package was updated: templates are self-contained.
            VirtualRoot::Package(spec) => Err(FileError::Package(PackageError::Other(Some(
                format!(
                    "{spec} cannot be imported: Hattama renders offline without packages; \
                     copy what the template needs into the templates"
                )
                .into(),
            )))),
        }
    }
}

/// The virtual path of a job file: a plain name in the root, so that it cannot shadow a
/// template in a subdirectory by accident nor point anywhere else.
fn job_file_path(name: &str) -> Result<VirtualPath, RenderError> {
    let bad = |reason| RenderError::BadAttachmentName {
        name: name.into(),
        reason,
    };
    if name.is_empty() || name == "." || name == ".." {
        return Err(bad("the name is empty or a directory"));
    }
    if name.contains(['/', '\\']) || name.chars().any(char::is_control) {
        return Err(bad(
            "the name contains a slash, backslash or control character",
        ));
    }
    VirtualPath::new(format!("/{name}")).map_err(|_| bad("the name is not a valid path"))
}

fn project_file(vpath: VirtualPath) -> FileId {
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

impl World for RenderWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        let mut sources = self
            .sources
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        sources
            .entry(id)
            .or_insert_with(|| {
                let bytes = self.read(id)?;
                let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
                // A byte-order mark is invisible in an editor but would shift every column.
                let text = text.strip_prefix('\u{feff}').unwrap_or(text);
                Ok(Source::new(id, text.into()))
            })
            .clone()
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.read(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index).cloned()
    }

    /// The caller's date, whatever the offset: a ruling is dated by the court's calendar day,
    /// which the caller has already fixed.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}

/// A calendar date as Typst holds it.
pub(crate) fn typst_date(day: chrono::NaiveDate) -> Option<Datetime> {
    use chrono::Datelike;
    Datetime::from_ymd(
        day.year(),
        u8::try_from(day.month()).ok()?,
        u8::try_from(day.day()).ok()?,
    )
}
