//! Careful file operations: private permissions, no symlinks, and fsync where durability needs it.
//!
//! Journals and keys hold personal data (names, IINs) and secrets: files are created 0600 and
//! directories 0700. A journal is never opened through a symbolic link, so a link swapped in
//! cannot redirect writes or reads to another file; and anything that is not a regular file (a
//! FIFO, a device) is refused without waiting on it.

use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// Why a path could not be opened as a regular file.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("is a symbolic link (open it by its real path)")]
    Symlink,
    #[error("is a directory, not a file")]
    Directory,
    #[error("is not a regular file")]
    NotRegular,
    #[error("changed while being opened")]
    Changed,
    #[error("is larger than {} MiB", .0 >> 20)]
    TooLarge(u64),
    #[error("{0}")]
    Io(#[from] io::Error),
}

/// Open an existing regular file, refusing a symlink at the last component and anything that
/// is not a regular file. Opened for writing, every write appends (`O_APPEND`): the kernel
/// puts it at the end of the file as it is at that moment, never over bytes another program
/// added (the journal checks where its line landed).
///
/// The `lstat` before gives the refusals their words; the open itself neither follows a
/// symlink nor waits on a FIFO swapped in meanwhile (`O_NOFOLLOW`, `O_NONBLOCK`; a regular
/// file ignores the latter); and the `fstat` after must name the same inode, a regular file.
pub fn open_regular(path: &Path, write: bool) -> Result<File, OpenError> {
    let before = fs::symlink_metadata(path)?;
    let kind = before.file_type();
    if kind.is_symlink() {
        return Err(OpenError::Symlink);
    }
    if kind.is_dir() {
        return Err(OpenError::Directory);
    }
    if !kind.is_file() {
        return Err(OpenError::NotRegular);
    }
    let file = OpenOptions::new()
        .read(true)
        .append(write)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| match e.raw_os_error() {
            Some(libc::ELOOP) => OpenError::Symlink,
            _ => OpenError::Io(e),
        })?;
    let after = file.metadata()?;
    if !after.file_type().is_file() {
        return Err(OpenError::NotRegular);
    }
    if (after.dev(), after.ino()) != (before.dev(), before.ino()) {
        return Err(OpenError::Changed);
    }
    Ok(file)
}

/// Read a whole regular file of at most `max` bytes (refused as above, and when larger:
/// reading stops at the limit, so a file that grows meanwhile cannot make us read more).
pub fn read_regular(path: &Path, max: u64) -> Result<Vec<u8>, OpenError> {
    read_capped(open_regular(path, false)?, max)
}

/// Open a file a person names as input (facts, a document to check) for reading, following
/// symlinks as any program does, but refusing what is not a regular file — a FIFO is not
/// waited on (`O_NONBLOCK`), a directory or a device is not read.
pub fn open_input(path: &Path) -> Result<File, OpenError> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    let kind = file.metadata()?.file_type();
    if kind.is_dir() {
        return Err(OpenError::Directory);
    }
    if !kind.is_file() {
        return Err(OpenError::NotRegular);
    }
    Ok(file)
}

/// [`open_input`], read whole up to `max` bytes.
pub fn read_input(path: &Path, max: u64) -> Result<Vec<u8>, OpenError> {
    read_capped(open_input(path)?, max)
}

fn read_capped(file: File, max: u64) -> Result<Vec<u8>, OpenError> {
    let mut bytes = Vec::new();
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(OpenError::TooLarge(max));
    }
    Ok(bytes)
}

/// Create a directory (and its parents) with mode 0700 if it does not exist yet.
///
/// The new directory's own entry lives in its parent, so the parent is fsynced: otherwise a
/// crash could forget the directory and, with it, a journal created inside it.
pub fn ensure_private_dir(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    DirBuilder::new().recursive(true).mode(0o700).create(dir)?;
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        sync_dir(parent)?;
    }
    Ok(())
}

/// fsync a directory, making the creation, rename or removal of its entries durable.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Create a new file with mode 0600; fails if anything exists at `path`.
pub fn create_private(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

/// Write a whole new file so that it appears complete or not at all, and never replaces
/// an existing file: the bytes go to a temporary sibling which is fsynced, then hard-linked
/// to the final name (which fails if that name exists), and the directory is fsynced.
pub fn publish_new_file(path: &Path, bytes: &[u8]) -> Result<(), PublishError> {
    let linked = write_temporary(path, bytes).and_then(|tmp| {
        fs::hard_link(&tmp, path).map_err(|e| match e.kind() {
            io::ErrorKind::AlreadyExists => PublishError::Exists,
            _ => PublishError::Io("link", e),
        })
    });
    // Whatever happened, the temporary goes; a failure to remove it is not worth masking
    // the real outcome (it is private and is removed on the next attempt).
    let _ = fs::remove_file(temp_sibling(path));
    linked?;
    sync_dir(&parent_of(path)).map_err(|e| PublishError::Io("sync directory", e))
}

/// Write `bytes` to `path`'s temporary sibling (0600) and fsync it; returns its path.
fn write_temporary(path: &Path, bytes: &[u8]) -> Result<PathBuf, PublishError> {
    let tmp = temp_sibling(path);
    // A temporary left by a crash during an earlier attempt is ours to remove.
    match fs::remove_file(&tmp) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(PublishError::Io("remove stale temporary", e)),
    }
    let mut file = create_private(&tmp).map_err(|e| PublishError::Io("create", e))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| PublishError::Io("write", e))?;
    Ok(tmp)
}

/// Why [`publish_new_file`] failed.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("already exists")]
    Exists,
    #[error("{0} failed ({1})")]
    Io(&'static str, io::Error),
}

/// The temporary name used while creating `path`: hidden, beside it.
pub fn temp_sibling(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    parent_of(path).join(format!(".{name}.new"))
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Whether a file's permissions let anyone but its owner read or write it.
pub fn is_shared(file: &File) -> io::Result<bool> {
    Ok(file.metadata()?.mode() & 0o077 != 0)
}

/// Replace `path` whole with `bytes`: a reader sees the old file or the new one, never a mix.
/// The bytes go to a temporary sibling (0600) which is fsynced, renamed over `path`, and the
/// directory fsynced.
pub fn replace_file(path: &Path, bytes: &[u8]) -> Result<(), PublishError> {
    let tmp = write_temporary(path, bytes);
    let renamed =
        tmp.and_then(|tmp| fs::rename(&tmp, path).map_err(|e| PublishError::Io("rename", e)));
    if renamed.is_err() {
        let _ = fs::remove_file(temp_sibling(path));
    }
    renamed?;
    sync_dir(&parent_of(path)).map_err(|e| PublishError::Io("sync directory", e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn refuses_symlinks_and_directories() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        fs::write(&real, b"x").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        assert!(matches!(
            open_regular(&link, false),
            Err(OpenError::Symlink)
        ));
        assert!(matches!(
            open_regular(dir.path(), false),
            Err(OpenError::Directory)
        ));
        assert!(open_regular(&real, false).is_ok());
        assert_eq!(read_regular(&real, 1).unwrap(), b"x");
        assert!(matches!(
            read_regular(&real, 0),
            Err(OpenError::TooLarge(0))
        ));
        // Input a person names may be a symlink, but never a directory.
        assert_eq!(read_input(&link, 1).unwrap(), b"x");
        assert!(matches!(
            read_input(dir.path(), 1),
            Err(OpenError::Directory)
        ));
    }

    #[test]
    fn publishes_private_files_once() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("a/b");
        ensure_private_dir(&sub).unwrap();
        assert_eq!(
            fs::metadata(&sub).unwrap().permissions().mode() & 0o777,
            0o700
        );
        let path = sub.join("f");
        publish_new_file(&path, b"one").unwrap();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert!(matches!(
            publish_new_file(&path, b"two"),
            Err(PublishError::Exists)
        ));
        assert_eq!(fs::read(&path).unwrap(), b"one");
        assert!(!temp_sibling(&path).exists());
    }
}
