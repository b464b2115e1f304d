//! Putting generated files on disk atomically, and comparing them with what is there.

use std::path::{Path, PathBuf};

use crate::emit::Files;
use crate::error::{Error, Result};

/// Replaces `out` with exactly `files`.
///
/// Everything is written to a fresh directory beside `out` first, then swapped in with two
/// renames; a failure at any point leaves the previous output untouched.
pub fn write(out: &Path, files: &Files) -> Result<()> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::Write { path, source }
    };
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let staging = tempfile::Builder::new()
        .prefix(".looker-codegen-")
        .tempdir_in(&parent)
        .map_err(io(&parent))?;
    for (rel, text) in files {
        let path = staging.path().join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        std::fs::write(&path, text).map_err(io(&path))?;
    }
    let staged = staging.keep();
    let old = parent.join(format!(
        ".looker-codegen-old-{}",
        staged
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("previous")
    ));
    let had_old = out.exists();
    if had_old {
        std::fs::rename(out, &old).map_err(io(out))?;
    }
    if let Err(source) = std::fs::rename(&staged, out) {
        if had_old {
            let _ = std::fs::rename(&old, out);
        }
        let _ = std::fs::remove_dir_all(&staged);
        return Err(Error::Write {
            path: out.to_owned(),
            source,
        });
    }
    if had_old {
        let removed = if old.is_dir() {
            std::fs::remove_dir_all(&old)
        } else {
            std::fs::remove_file(&old)
        };
        removed.map_err(io(&old))?;
    }
    Ok(())
}

/// How a directory differs from what the generator would write.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Drift {
    Missing(PathBuf),
    Changed(PathBuf),
    /// A file the generator would not write.
    Extra(PathBuf),
}

impl std::fmt::Display for Drift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Drift::Missing(p) => write!(f, "missing: {}", p.display()),
            Drift::Changed(p) => write!(f, "changed: {}", p.display()),
            Drift::Extra(p) => write!(f, "extra:   {}", p.display()),
        }
    }
}

/// Compares `out` with `files`; an empty result means `out` is exactly what `write` would leave.
pub fn check(out: &Path, files: &Files) -> Result<Vec<Drift>> {
    let mut drift = Vec::new();
    for (rel, text) in files {
        match std::fs::read(out.join(rel)) {
            Ok(bytes) if bytes == text.as_bytes() => {}
            Ok(_) => drift.push(Drift::Changed(rel.clone())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                drift.push(Drift::Missing(rel.clone()))
            }
            Err(source) => {
                return Err(Error::Read {
                    path: out.join(rel),
                    source,
                });
            }
        }
    }
    let mut existing = Vec::new();
    list_files(out, Path::new(""), &mut existing)?;
    drift.extend(
        existing
            .into_iter()
            .filter(|rel| !files.contains_key(rel))
            .map(Drift::Extra),
    );
    drift.sort();
    Ok(drift)
}

fn list_files(root: &Path, rel: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let dir = root.join(rel);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => return Err(Error::Read { path: dir, source }),
    };
    for entry in entries {
        let entry = entry.map_err(|source| Error::Read {
            path: dir.clone(),
            source,
        })?;
        let child = rel.join(entry.file_name());
        if entry.path().is_dir() {
            list_files(root, &child, out)?;
        } else {
            out.push(child);
        }
    }
    Ok(())
}
