//! Where template sources come from: the set compiled into the binary, or a directory the user
//! names with `--templates DIR` to try a changed template without rebuilding.
//!
//! A directory replaces the built-in set as a whole — no mixing — so a template and the files
//! it imports always come from the same place and a render is explained by one directory.

use std::path::{Path, PathBuf};

use typst::diag::{FileError, FileResult};
use typst::foundations::Bytes;
use typst::syntax::VirtualPath;

use super::RenderError;

/// The compiled-in templates, by path relative to `templates/`.
const BUILTIN: &[(&str, &str)] = &[
    ("sample.typ", include_str!("../../../templates/sample.typ")),
    ("common.typ", include_str!("../../../templates/common.typ")),
    (
        "ru/coao653-ruling.typ",
        include_str!("../../../templates/ru/coao653-ruling.typ"),
    ),
    (
        "kk/coao653-ruling.typ",
        include_str!("../../../templates/kk/coao653-ruling.typ"),
    ),
    (
        "ru/coercion-ruling.typ",
        include_str!("../../../templates/ru/coercion-ruling.typ"),
    ),
    (
        "kk/coercion-ruling.typ",
        include_str!("../../../templates/kk/coercion-ruling.typ"),
    ),
    (
        "ru/protocol.typ",
        include_str!("../../../templates/ru/protocol.typ"),
    ),
    (
        "kk/protocol.typ",
        include_str!("../../../templates/kk/protocol.typ"),
    ),
];

/// Which template set a render reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Templates {
    /// The templates compiled into the binary.
    Builtin,
    /// Every template file is read from this directory (at render time, so edits show at once).
    Dir(PathBuf),
}

impl Templates {
    /// The virtual path of template `name`, after checking that it exists in this set.
    pub(crate) fn locate(&self, name: &str) -> Result<VirtualPath, RenderError> {
        let bad_name = || RenderError::BadTemplateName { name: name.into() };
        if name.is_empty() || name.starts_with('/') {
            return Err(bad_name());
        }
        let vpath = VirtualPath::new(name).map_err(|_| bad_name())?;
        match self {
            Templates::Builtin if builtin(&vpath).is_some() => Ok(vpath),
            Templates::Builtin => Err(RenderError::TemplateNotFound {
                name: name.into(),
                searched: format!(
                    "built-in templates are: {}",
                    BUILTIN
                        .iter()
                        .map(|(path, _)| *path)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }),
            Templates::Dir(dir) => {
                if !dir.is_dir() {
                    return Err(RenderError::TemplatesDir {
                        path: dir.clone(),
                        source: std::io::Error::from(std::io::ErrorKind::NotFound),
                    });
                }
                let path = vpath.realize(dir).map_err(|_| bad_name())?;
                if path.is_file() {
                    Ok(vpath)
                } else {
                    Err(RenderError::TemplateNotFound {
                        name: name.into(),
                        searched: format!("searched at {}", path.display()),
                    })
                }
            }
        }
    }

    /// The bytes of a template file (a `.typ` source or anything a template reads).
    pub(crate) fn read(&self, vpath: &VirtualPath) -> FileResult<Bytes> {
        match self {
            // A view into the binary's own bytes: no copy.
            Templates::Builtin => builtin(vpath)
                .map(|text| Bytes::new(text.as_bytes()))
                .ok_or_else(|| FileError::NotFound(self.display_path(vpath))),
            Templates::Dir(dir) => {
                let path = vpath.realize(dir)?;
                std::fs::read(&path)
                    .map(Bytes::new)
                    .map_err(|err| FileError::from_io(err, &path))
            }
        }
    }

    /// The path a person should open to fix the file: the real path for a directory, the
    /// repository path for a built-in template.
    pub(crate) fn display_path(&self, vpath: &VirtualPath) -> PathBuf {
        match self {
            Templates::Builtin => Path::new("templates").join(vpath.get_without_slash()),
            Templates::Dir(dir) => vpath
                .realize(dir)
                .unwrap_or_else(|_| dir.join(vpath.get_without_slash())),
        }
    }
}

fn builtin(vpath: &VirtualPath) -> Option<&'static str> {
    let wanted = vpath.get_without_slash();
    BUILTIN
        .iter()
        .find(|(path, _)| *path == wanted)
        .map(|(_, text)| *text)
}
