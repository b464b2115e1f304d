//! Putting generated files on disk atomically, and comparing them with what is there.
//!
//! One rule says what an output directory holds ([`Output`]): the files the generator renders,
//! the files it keeps from the previous output ([`Kept`]: the changelog, and whatever a language
//! declares), and nothing else. The generator replaces its output directory whole, carrying the
//! kept files over, so it must never be pointed at a directory that holds someone's files: every
//! output carries a manifest ([`MANIFEST`]) by which a later run recognises its own work, and
//! anything else is refused unless the caller forces it.

use std::path::{Component, Path, PathBuf};

use crate::changelog;
use crate::emit::{Files, GENERATED_NOTICE};
use crate::error::{Error, Result};

/// The file, inside every output directory, that lists what the generator wrote there.
pub const MANIFEST: &str = ".looker-codegen.manifest";

/// What `write` may replace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    /// A missing or empty directory, or one that holds the generator's own output.
    GeneratedOnly,
    /// Any directory, whatever it holds (`--force`): its contents are deleted.
    Anything,
}

/// Everything an output directory holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    /// The rendered files, by path relative to the directory: what the manifest lists, and what
    /// [`check`] compares byte for byte.
    pub files: Files,
    /// The files kept from the previous output instead of rendered; none of them is among
    /// `files`.
    pub kept: Vec<Kept>,
}

impl Output {
    /// An output of rendered files only, keeping nothing from before (scratch outputs, tests).
    pub fn rendered(files: Files) -> Self {
        Output {
            files,
            kept: Vec::new(),
        }
    }
}

/// A file of the output that the generator keeps from the previous output instead of rendering
/// it: history such as the changelog, which no function of the spec can know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    /// Its path relative to the output directory.
    pub path: PathBuf,
    /// What a first output gets where the previous output has no such file (the changelog's
    /// first entry); nothing when `None`.
    pub initial: Option<String>,
    /// For a changelog: the version its newest entry must be. A kept file that says otherwise
    /// stops [`write`] and [`check`].
    pub changelog: Option<changelog::Expected>,
    /// A new text for it, written instead of keeping the previous one (`cargo xtask release`
    /// adds an entry to the changelog).
    pub replace: Option<String>,
}

impl Kept {
    /// A file kept as it is when the previous output has one.
    pub fn as_is(path: impl Into<PathBuf>) -> Self {
        Kept {
            path: path.into(),
            initial: None,
            changelog: None,
            replace: None,
        }
    }

    /// Checks `text` as this file's content in `out`.
    fn check(&self, out: &Path, text: &str) -> Result<()> {
        match &self.changelog {
            Some(expected) => expected.check(text).map_err(|reason| Error::Kept {
                path: out.join(&self.path),
                reason,
            }),
            None => Ok(()),
        }
    }
}

/// What a [`write`] did with the kept files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    /// Kept files carried over from the previous output.
    pub carried: Vec<PathBuf>,
    /// Kept files written new: a first output's changelog, or a replacement given.
    pub begun: Vec<PathBuf>,
}

/// A kept file's text in a write, and whether it was carried over from the previous output (or
/// begun: [`Kept::replace`] or [`Kept::initial`]).
struct KeptText {
    path: PathBuf,
    text: String,
    carried: bool,
}

/// Replaces `out` with exactly `output`: its rendered files, its kept files (carried over from
/// the previous output in `out`, or their initial text), and the manifest.
///
/// Everything is written to a fresh directory beside `out` first, then swapped in with two
/// renames; a failure at any point leaves the previous output untouched and removes the staging
/// directory. `out` must not be a file, the current directory or one of its ancestors, and,
/// unless `overwrite` is [`Overwrite::Anything`], must not hold files the generator did not write.
/// A kept file is carried over from a directory replaced with `--force` too; one that does not
/// belong with the new output (a changelog of another version) stops the write before anything
/// is written.
///
/// A file of the previous output whose bytes are those to write is hard-linked into the staging
/// directory instead of written again: nothing is ever written into an existing file, so the
/// swap stays atomic, and an unchanged file keeps its inode and modification time (Cargo and
/// editors see no change; creating a file was most of this function's time).
pub fn write(out: &Path, output: &Output, overwrite: Overwrite) -> Result<Written> {
    rendered_apart(output)?;
    let Target { path: out, ours } = target(out, overwrite)?;
    let out = &out;
    let files = &output.files;
    let kept = kept_texts(out, output)?;
    let manifest = manifest(output);
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::Write { path, source }
    };
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    // Dropping `staging` removes it: every early return below cleans up after itself.
    let staging = tempfile::Builder::new()
        .prefix(".looker-codegen-")
        .tempdir_in(&parent)
        .map_err(io(&parent))?;
    // Only the generator's own files are reused: a foreign directory replaced with `--force`
    // may hold files of the same bytes whose owner or mode are someone else's.
    let previous = (ours && out.is_dir()).then_some(out.as_path());
    let mut made = PathBuf::new();
    // A kept file carried over is linked like an unchanged rendered file: it has the bytes.
    let kept_files = kept.iter().map(|k| (k.path.as_path(), k.text.as_str()));
    for (rel, text) in with_manifest(files, &manifest).chain(kept_files) {
        let path = staging.path().join(rel);
        if let Some(dir) = path.parent()
            && dir != made
        {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
            dir.clone_into(&mut made);
        }
        if let Some(old) = previous.map(|p| p.join(rel))
            && unchanged(&old, text)
            && std::fs::hard_link(&old, &path).is_ok()
        {
            continue;
        }
        std::fs::write(&path, text).map_err(io(&path))?;
    }
    let (carried, begun): (Vec<_>, Vec<_>) = kept.into_iter().partition(|k| k.carried);
    let written = Written {
        carried: carried.into_iter().map(|k| k.path).collect(),
        begun: begun.into_iter().map(|k| k.path).collect(),
    };
    let old = parent.join(format!(
        ".looker-codegen-old-{}",
        staging
            .path()
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("previous")
    ));
    let had_old = out.exists();
    if had_old {
        std::fs::rename(out, &old).map_err(io(out))?;
    }
    if let Err(source) = std::fs::rename(staging.path(), out) {
        if had_old {
            let _ = std::fs::rename(&old, out);
        }
        return Err(Error::Write {
            path: out.to_owned(),
            source,
        });
    }
    // The staging directory is `out` now: nothing left to remove.
    let _ = staging.keep();
    if had_old {
        std::fs::remove_dir_all(&old).map_err(io(&old))?;
    }
    Ok(written)
}

/// Fails when a kept path is among the rendered files: a language's bug, which would let a
/// later run replace history.
fn rendered_apart(output: &Output) -> Result<()> {
    match output
        .kept
        .iter()
        .find(|k| output.files.contains_key(&k.path))
    {
        Some(kept) => Err(Error::Kept {
            path: kept.path.clone(),
            reason: "is both rendered and kept from the previous output; this is a generator bug"
                .to_owned(),
        }),
        None => Ok(()),
    }
}

/// The text of each kept file of a write into `out` (which holds the previous output, if
/// any), checked: the replacement given, the previous output's file, or the initial text.
fn kept_texts(out: &Path, output: &Output) -> Result<Vec<KeptText>> {
    let mut texts = Vec::new();
    for kept in &output.kept {
        let (text, carried) = match (&kept.replace, read_kept(out, kept)?) {
            (Some(text), _) => (text.clone(), false),
            (None, Some(previous)) => (previous, true),
            (None, None) => match &kept.initial {
                Some(text) => (text.clone(), false),
                None => continue,
            },
        };
        kept.check(out, &text)?;
        texts.push(KeptText {
            path: kept.path.clone(),
            text,
            carried,
        });
    }
    Ok(texts)
}

/// The text of `kept` in the output directory `out`, when it is there.
fn read_kept(out: &Path, kept: &Kept) -> Result<Option<String>> {
    let path = out.join(&kept.path);
    match std::fs::read(&path) {
        Ok(bytes) => String::from_utf8(bytes).map(Some).map_err(|_| Error::Kept {
            path,
            reason: "is not UTF-8 text".to_owned(),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Read { path, source }),
    }
}

/// Whether `path` is a regular file (not a link to one) holding exactly `text`.
fn unchanged(path: &Path, text: &str) -> bool {
    let same_size = std::fs::symlink_metadata(path)
        .is_ok_and(|m| m.file_type().is_file() && m.len() == text.len() as u64);
    same_size && std::fs::read(path).is_ok_and(|bytes| bytes == text.as_bytes())
}

/// Where `write` swaps the output in, and whether what is there now is the generator's own.
struct Target {
    path: PathBuf,
    ours: bool,
}

/// Checks that `out` may be replaced and returns the path to swap: a symlink's target, so the
/// link itself survives.
fn target(out: &Path, overwrite: Overwrite) -> Result<Target> {
    let refuse = |reason: String| Error::Refused {
        path: out.to_owned(),
        reason,
    };
    if out.as_os_str().is_empty()
        || out.components().next_back().is_some_and(|c| {
            matches!(
                c,
                Component::CurDir | Component::ParentDir | Component::RootDir
            )
        })
    {
        return Err(refuse(
            "it names the current directory, a parent or the root; pass a directory of its own, \
             such as `--out generated/sdk`"
                .to_owned(),
        ));
    }
    let metadata = match std::fs::symlink_metadata(out) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Target {
                path: out.to_owned(),
                ours: false,
            });
        }
        Err(source) => {
            return Err(Error::Read {
                path: out.to_owned(),
                source,
            });
        }
    };
    let resolved = if metadata.file_type().is_symlink() {
        std::fs::canonicalize(out).map_err(|source| Error::Read {
            path: out.to_owned(),
            source,
        })?
    } else {
        out.to_owned()
    };
    if !resolved.is_dir() {
        return Err(refuse(
            "it is a file, not a directory; pass a directory with `--out`".to_owned(),
        ));
    }
    if let (Ok(cwd), Ok(abs)) = (std::env::current_dir(), std::fs::canonicalize(&resolved))
        && cwd.starts_with(&abs)
    {
        return Err(refuse(
            "it is the current directory or contains it, and a directory in use cannot be \
             swapped; pass a directory of its own, such as `--out generated/sdk`"
                .to_owned(),
        ));
    }
    let ours = is_generated(&resolved)?;
    if overwrite == Overwrite::Anything || ours {
        return Ok(Target {
            path: resolved,
            ours,
        });
    }
    if let Some(first) = first_entry(&resolved)? {
        return Err(refuse(format!(
            "it is not empty (it holds `{first}`) and looker-codegen did not write it (it has no \
             {MANIFEST}); pass a new or empty directory with `--out`, or add `--force` to \
             replace it and delete what it holds"
        )));
    }
    Ok(Target {
        path: resolved,
        ours: false,
    })
}

/// Whether `dir` holds the generator's output: its manifest, or (output written before
/// manifests existed) a `Cargo.toml` that starts with the generated-code notice.
fn is_generated(dir: &Path) -> Result<bool> {
    if dir.join(MANIFEST).is_file() {
        return Ok(true);
    }
    Ok(std::fs::read_to_string(dir.join("Cargo.toml"))
        .is_ok_and(|text| text.starts_with(&format!("# {GENERATED_NOTICE}"))))
}

/// The name of some entry of `dir` (the first in sorted order), or `None` when it is empty.
fn first_entry(dir: &Path) -> Result<Option<String>> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Read {
        path: dir.to_owned(),
        source,
    })?;
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    Ok(names.into_iter().next())
}

/// The manifest listing the rendered files of `output`, as `write` puts it on disk and `check`
/// expects it. The kept files are named in a comment: they are not the generator's to replace.
fn manifest(output: &Output) -> String {
    let mut text = format!(
        "# {GENERATED_NOTICE}\n# The files looker-codegen wrote here; `looker-codegen generate` replaces \
         this directory only while this file is in it.\n"
    );
    let slashed = |rel: &Path| {
        let parts: Vec<_> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect();
        parts.join("/")
    };
    if !output.kept.is_empty() {
        let kept: Vec<String> = output.kept.iter().map(|k| slashed(&k.path)).collect();
        text.push_str(&format!(
            "# Kept from the previous output, never replaced: {}\n",
            kept.join(", ")
        ));
    }
    for rel in output.files.keys() {
        text.push_str(&slashed(rel));
        text.push('\n');
    }
    text
}

/// `files` and then the manifest, which takes the place of a file of its name.
fn with_manifest<'a>(
    files: &'a Files,
    manifest: &'a str,
) -> impl Iterator<Item = (&'a Path, &'a str)> {
    files
        .iter()
        .filter(|(rel, _)| rel.as_path() != Path::new(MANIFEST))
        .map(|(rel, text)| (rel.as_path(), text.as_str()))
        .chain([(Path::new(MANIFEST), manifest)])
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

/// Compares `out` with `output`; an empty result means `out` is exactly what `write` would leave.
///
/// Rendered files are compared byte for byte; a kept file is checked as `write` checks it (a
/// changelog's newest entry is the package's version, else an error), and missing when the
/// output has none but a first output would get one.
pub fn check(out: &Path, output: &Output) -> Result<Vec<Drift>> {
    rendered_apart(output)?;
    let files = &output.files;
    let manifest = manifest(output);
    let mut drift = Vec::new();
    for kept in &output.kept {
        match (read_kept(out, kept)?, &kept.replace) {
            (Some(text), Some(replace)) if text != *replace => {
                drift.push(Drift::Changed(kept.path.clone()))
            }
            (Some(text), _) => kept.check(out, &text)?,
            (None, Some(_)) => drift.push(Drift::Missing(kept.path.clone())),
            (None, None) if kept.initial.is_some() => drift.push(Drift::Missing(kept.path.clone())),
            (None, None) => {}
        }
    }
    for (rel, text) in with_manifest(files, &manifest) {
        match std::fs::read(out.join(rel)) {
            Ok(bytes) if bytes == text.as_bytes() => {}
            Ok(_) => drift.push(Drift::Changed(rel.to_owned())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                drift.push(Drift::Missing(rel.to_owned()))
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
            .filter(|rel| {
                rel != Path::new(MANIFEST)
                    && !files.contains_key(rel)
                    && !output.kept.iter().any(|k| k.path == *rel)
            })
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

#[cfg(test)]
mod tests {
    use std::os::unix::fs::MetadataExt as _;
    use std::path::{Path, PathBuf};

    use super::{Kept, Output, Overwrite, check, write};

    /// An output of these rendered files, keeping nothing.
    fn files(entries: &[(&str, &str)]) -> Output {
        Output::rendered(
            entries
                .iter()
                .map(|(path, text)| (PathBuf::from(path), (*text).to_owned()))
                .collect(),
        )
    }

    fn inode(path: &Path) -> u64 {
        std::fs::metadata(path).expect("exists").ino()
    }

    /// An unchanged file is the same file after a write (linked, not written again); a changed
    /// one is a new file, and the old file's bytes are never touched: a link held elsewhere
    /// still reads the old text.
    #[test]
    fn unchanged_files_are_kept_and_changed_ones_replaced() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("sdk");
        let first = files(&[("a.rs", "// a\n"), ("src/b.rs", "// b\n")]);
        write(&out, &first, Overwrite::GeneratedOnly).expect("first write");
        let (a, b) = (inode(&out.join("a.rs")), inode(&out.join("src/b.rs")));
        let elsewhere = tmp.path().join("b-elsewhere.rs");
        std::fs::hard_link(out.join("src/b.rs"), &elsewhere).expect("link");

        let second = files(&[("a.rs", "// a\n"), ("src/b.rs", "// b, changed\n")]);
        write(&out, &second, Overwrite::GeneratedOnly).expect("second write");
        assert_eq!(
            inode(&out.join("a.rs")),
            a,
            "an unchanged file was written again"
        );
        assert_ne!(
            inode(&out.join("src/b.rs")),
            b,
            "a changed file was written in place"
        );
        assert_eq!(std::fs::read_to_string(&elsewhere).expect("read"), "// b\n");
        assert_eq!(check(&out, &second).expect("check"), Vec::new());
        assert_eq!(std::fs::metadata(out.join("a.rs")).expect("a").nlink(), 1);
    }

    /// A kept file is carried over as the same file from the generator's own output, and as a
    /// copy of its bytes from a foreign directory replaced with `--force`; without one, a first
    /// output gets its initial text.
    #[test]
    fn kept_files_are_carried_over_or_begun() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("sdk");
        let mut output = files(&[("a.rs", "// a\n")]);
        output.kept.push(Kept {
            initial: Some("history begins\n".to_owned()),
            ..Kept::as_is("HISTORY.md")
        });
        let first = write(&out, &output, Overwrite::GeneratedOnly).expect("first write");
        assert_eq!(first.begun, [PathBuf::from("HISTORY.md")]);
        std::fs::write(out.join("HISTORY.md"), "edited\n").expect("edit");
        let edited = inode(&out.join("HISTORY.md"));
        let second = write(&out, &output, Overwrite::GeneratedOnly).expect("second write");
        assert_eq!(second.carried, [PathBuf::from("HISTORY.md")]);
        assert_eq!(inode(&out.join("HISTORY.md")), edited);
        assert_eq!(check(&out, &output).expect("check"), Vec::new());

        let theirs = tmp.path().join("theirs");
        std::fs::create_dir(&theirs).expect("mkdir");
        std::fs::write(theirs.join("HISTORY.md"), "theirs\n").expect("write");
        let foreign = inode(&theirs.join("HISTORY.md"));
        write(&theirs, &output, Overwrite::Anything).expect("forced write");
        assert_eq!(
            std::fs::read_to_string(theirs.join("HISTORY.md")).expect("read"),
            "theirs\n"
        );
        assert_ne!(inode(&theirs.join("HISTORY.md")), foreign);
    }

    /// A foreign directory replaced with `--force` lends nothing, even a file of the same bytes.
    #[test]
    fn a_forced_foreign_directory_lends_no_files() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("theirs");
        std::fs::create_dir(&out).expect("mkdir");
        std::fs::write(out.join("a.rs"), "// a\n").expect("write");
        let theirs = inode(&out.join("a.rs"));
        write(&out, &files(&[("a.rs", "// a\n")]), Overwrite::Anything).expect("forced write");
        assert_ne!(inode(&out.join("a.rs")), theirs);
    }

    /// A symlink in the previous output is never carried over, even to a file of the same bytes.
    #[test]
    fn symlinks_in_the_output_are_replaced_by_files() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("sdk");
        let one = files(&[("a.rs", "// a\n")]);
        write(&out, &one, Overwrite::GeneratedOnly).expect("first write");
        let target = tmp.path().join("a-target.rs");
        std::fs::write(&target, "// a\n").expect("write");
        std::fs::remove_file(out.join("a.rs")).expect("remove");
        std::os::unix::fs::symlink(&target, out.join("a.rs")).expect("symlink");
        write(&out, &one, Overwrite::GeneratedOnly).expect("second write");
        let meta = std::fs::symlink_metadata(out.join("a.rs")).expect("exists");
        assert!(meta.file_type().is_file(), "{meta:?}");
    }
}
