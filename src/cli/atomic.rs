//! All-or-nothing file output: bytes go to a temporary file beside the
//! destination and are renamed over it only once everything is ready, so a
//! failed run never leaves a half-written or truncated file behind.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Bytes written to a temporary file, waiting to replace `dest`. Dropped
/// without [`Staged::commit`], the temporary file is removed.
#[derive(Debug)]
pub struct Staged {
    dest: PathBuf,
    how: How,
    committed: bool,
}

/// How the bytes reach the destination.
#[derive(Debug)]
enum How {
    /// Renamed from this temporary file over a regular file (or a new one).
    Rename(PathBuf),
    /// Written straight into a device or pipe (`/dev/null`, `/dev/stdout`, a
    /// FIFO), which must not be replaced by a regular file.
    Direct(Vec<u8>),
}

impl Staged {
    /// Writes `bytes` to a new temporary file in `dest`'s directory.
    ///
    /// Fails (with nothing left on disk) when the directory is missing or not
    /// writable, or when `dest` is a directory.
    pub fn new(dest: &Path, bytes: &[u8]) -> io::Result<Staged> {
        let dest = resolve_symlink(dest);
        let existing = fs::metadata(&dest).ok();
        if let Some(meta) = &existing {
            if meta.is_dir() {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "it is a directory",
                ));
            }
            if !meta.is_file() {
                return Ok(Staged {
                    dest,
                    how: How::Direct(bytes.to_vec()),
                    committed: false,
                });
            }
        }
        let dir = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".to_string());
        let (temp, mut file) = create_temp(&dir, &name)?;
        let staged = Staged {
            dest,
            how: How::Rename(temp),
            committed: false,
        };
        // On error `staged` drops here and removes the temporary file.
        file.write_all(bytes)?;
        file.flush()?;
        if let Some(meta) = existing {
            // A replaced file keeps its permissions.
            file.set_permissions(meta.permissions())?;
        }
        Ok(staged)
    }

    /// Moves the temporary file into place, replacing any file at the
    /// destination in one step.
    pub fn commit(mut self) -> io::Result<()> {
        match &self.how {
            How::Rename(temp) => fs::rename(temp, &self.dest)?,
            How::Direct(bytes) => {
                let mut file = OpenOptions::new().write(true).open(&self.dest)?;
                file.write_all(bytes)?;
                file.flush()?;
            }
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let How::Rename(temp) = &self.how {
            if !self.committed {
                let _ = fs::remove_file(temp);
            }
        }
    }
}

/// Writing through a symlink replaces the file it points to, not the link.
fn resolve_symlink(dest: &Path) -> PathBuf {
    match fs::symlink_metadata(dest) {
        Ok(meta) if meta.file_type().is_symlink() => {
            fs::canonicalize(dest).unwrap_or_else(|_| dest.to_path_buf())
        }
        _ => dest.to_path_buf(),
    }
}

/// Creates a fresh, hidden file `.NAME.PID.N.tmp` in `dir`, never reusing an
/// existing one.
fn create_temp(dir: &Path, name: &str) -> io::Result<(PathBuf, File)> {
    let pid = std::process::id();
    let mut attempt = 0u32;
    loop {
        let path = dir.join(format!(".{name}.{pid}.{attempt}.tmp"));
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "mermaid-render-atomic-{name}-{}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn commit_replaces_and_leaves_no_temp() {
        let dir = scratch("commit");
        let dest = dir.join("out.svg");
        fs::write(&dest, b"old").unwrap();
        Staged::new(&dest, b"new").unwrap().commit().unwrap();
        assert_eq!(fs::read(&dest).unwrap(), b"new");
        assert_eq!(entries(&dir), ["out.svg"]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn dropping_keeps_the_old_file() {
        let dir = scratch("drop");
        let dest = dir.join("out.svg");
        fs::write(&dest, b"old").unwrap();
        drop(Staged::new(&dest, b"new").unwrap());
        assert_eq!(fs::read(&dest).unwrap(), b"old");
        assert_eq!(entries(&dir), ["out.svg"]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn replaced_file_keeps_its_permissions() {
        let dir = scratch("perm");
        let dest = dir.join("out.svg");
        fs::write(&dest, b"old").unwrap();
        let mut perms = fs::metadata(&dest).unwrap().permissions();
        perms.set_readonly(true);
        fs::set_permissions(&dest, perms).unwrap();
        Staged::new(&dest, b"new").unwrap().commit().unwrap();
        assert_eq!(fs::read(&dest).unwrap(), b"new");
        assert!(fs::metadata(&dest).unwrap().permissions().readonly());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_written_not_replaced() {
        use std::os::unix::fs::FileTypeExt;
        let null = Path::new("/dev/null");
        Staged::new(null, b"x").unwrap().commit().unwrap();
        assert!(fs::metadata(null).unwrap().file_type().is_char_device());
    }

    #[test]
    fn missing_directory_and_directory_destination_fail() {
        let dir = scratch("fail");
        assert!(Staged::new(&dir.join("nope/out.svg"), b"x").is_err());
        assert!(Staged::new(&dir, b"x").is_err());
        assert!(entries(&dir).is_empty());
        fs::remove_dir_all(&dir).unwrap();
    }
}
