//! `cargo xtask release <spec>`: one Looker release of every SDK, from a new spec.
//!
//! It shows what changed (`looker-codegen diff` of the current spec and the new one), regenerates
//! every language from the new spec, writes that diff, judged for each SDK's own language, at the
//! top of each SDK's `CHANGELOG.md`, and makes the new spec the current one (the links
//! `spec/Looker.4.0.oas.json` and `spec/Looker.4.0.json`), so that `cargo xtask check` passes
//! afterwards. Each SDK's version is the one its templates derive from the spec's
//! `x-looker-release-version` (`looker-sdk` 26.12.3, `looker-codegen-sdk` 26.12.3); the
//! runtime crate keeps its own.
//!
//! ## Why the changelog is carried over, not generated
//!
//! A changelog is history (`looker_codegen::changelog` says why): the generator's `write` stage
//! keeps it from the previous output, for `regen`, `check` and `looker-codegen generate` alike,
//! and checks that its newest entry is the SDK's version, so a new spec that reaches
//! `generated/` without `release` (a link changed by hand, then `regen`) fails `regen` and
//! `check` with a pointer to `release`. Only `release` adds an entry
//! (`looker_codegen::changelog::prepend`), handing the new text to `write` as the kept file's
//! replacement.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use looker_codegen::changelog;
use looker_codegen::emit;
use looker_codegen::spec::swagger2;

/// The links that name the current spec, relative to the root: the OpenAPI 3.0 file every task
/// reads, and its Swagger 2.0 twin, which the generator's tests load beside it.
pub const CURRENT_OAS: &str = "spec/Looker.4.0.oas.json";
pub const CURRENT_SWAGGER: &str = "spec/Looker.4.0.json";

/// What `cargo xtask release` was asked.
struct Args {
    spec: PathBuf,
    dry_run: bool,
}

fn parse_args(args: &[String]) -> anyhow::Result<Args> {
    let mut spec = None;
    let mut dry_run = false;
    for arg in args {
        match arg.as_str() {
            "--dry-run" => dry_run = true,
            flag if flag.starts_with('-') => bail!("unknown option {flag}\n{USAGE}"),
            path if spec.is_none() => spec = Some(PathBuf::from(path)),
            _ => bail!("one spec only\n{USAGE}"),
        }
    }
    Ok(Args {
        spec: spec.context(USAGE)?,
        dry_run,
    })
}

const USAGE: &str = "usage: cargo xtask release <spec> [--dry-run]
  <spec>     the new release's spec: the Swagger 2.0 file `looker-codegen fetch-spec` saves, or
             an OpenAPI 3.0 file (its Swagger 2.0 twin, `<name>.json` beside `<name>.oas.json`, is
             linked too when it exists)
  --dry-run  show the diff and what would be written, write nothing";

/// The two specs a release makes current: the OpenAPI 3.0 file and, when there is one, the
/// Swagger 2.0 file of the same release.
struct NewSpecs {
    oas: PathBuf,
    /// The OpenAPI 3.0 file to write first (converted from the Swagger 2.0 one), when there is
    /// none beside it.
    oas_text: Option<String>,
    swagger: Option<PathBuf>,
}

/// Works out the files of the new release from the one given.
fn new_specs(spec: &Path) -> anyhow::Result<NewSpecs> {
    let text =
        std::fs::read_to_string(spec).with_context(|| format!("cannot read {}", spec.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).with_context(|| format!("{} is not JSON", spec.display()))?;
    let name = spec
        .file_name()
        .and_then(|n| n.to_str())
        .with_context(|| format!("{} has no UTF-8 file name", spec.display()))?;
    let stem = name
        .strip_suffix(".oas.json")
        .or(name.strip_suffix(".json"));
    let Some(stem) = stem else {
        bail!("{} is not a .json file", spec.display());
    };
    let beside = |suffix: &str| spec.with_file_name(format!("{stem}{suffix}"));
    if swagger2::is_swagger2(&json) {
        let oas = beside(".oas.json");
        let oas_text = if oas.exists() {
            None
        } else {
            let converted = swagger2::to_openapi3(&json)
                .with_context(|| format!("cannot convert {} to OpenAPI 3.0", spec.display()))?;
            Some(serde_json::to_string_pretty(&converted)? + "\n")
        };
        return Ok(NewSpecs {
            oas,
            oas_text,
            swagger: Some(spec.to_owned()),
        });
    }
    let swagger = beside(".json");
    Ok(NewSpecs {
        oas: spec.to_owned(),
        oas_text: None,
        swagger: (swagger != spec && swagger.exists()).then_some(swagger),
    })
}

/// What a link at `link` should hold to name `target`: a path relative to the link's directory
/// where one exists (the links are committed), absolute otherwise.
fn link_target(link: &Path, target: &Path) -> anyhow::Result<PathBuf> {
    let target = std::fs::canonicalize(target)
        .with_context(|| format!("cannot find {}", target.display()))?;
    let dir = link.parent().context("a link has no directory")?;
    let dir =
        std::fs::canonicalize(dir).with_context(|| format!("cannot find {}", dir.display()))?;
    Ok(pathdiff::diff_paths(&target, &dir).unwrap_or(target))
}

/// Points the link `link` at `target`, replacing the link itself (never writing through it) with
/// a rename. Refuses to replace anything but a link.
fn relink(link: &Path, target: &Path) -> anyhow::Result<()> {
    if let Ok(meta) = link.symlink_metadata()
        && !meta.file_type().is_symlink()
    {
        bail!(
            "{} is a file, not a link: the current spec is named by links (spec/README.md)",
            link.display()
        );
    }
    let staged = link.with_file_name(format!(
        ".{}.release-link",
        link.file_name().and_then(|n| n.to_str()).unwrap_or("spec")
    ));
    let _ = std::fs::remove_file(&staged);
    std::os::unix::fs::symlink(target, &staged)
        .with_context(|| format!("cannot create the link {}", staged.display()))?;
    std::fs::rename(&staged, link).with_context(|| format!("cannot replace {}", link.display()))
}

pub fn run(root: &Path, args: &[String]) -> anyhow::Result<()> {
    let args = parse_args(args)?;
    let current = root.join(CURRENT_OAS);
    let new = new_specs(&args.spec)?;
    let (old_api, new_api) = std::thread::scope(|s| {
        let old = s.spawn(|| looker_codegen::load_api(&current));
        let new = looker_codegen::load_api(&args.spec);
        let old = old
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (old, new)
    });
    let old_api = old_api
        .with_context(|| format!("the current spec, {}", current.display()))?
        .api;
    let new_api = new_api
        .with_context(|| format!("the new spec, {}", args.spec.display()))?
        .api;
    let old_release = old_api.info.release().to_owned();
    let new_release = new_api.info.release().to_owned();

    let diff = looker_codegen::diff::diff(&old_api, &new_api, emit::LANGUAGES);
    print!("{}", diff.markdown());

    // Every changelog first, so that nothing is written when one SDK cannot be released.
    let mut changelogs = Vec::new();
    for lang in emit::LANGUAGES {
        let out = root.join(lang.default_out());
        // generated/ is the current spec's (`cargo xtask check`), so the SDK there is the
        // version the current spec gives.
        let previous = lang.package(&old_api, &Default::default());
        let next = lang.package(&new_api, &Default::default());
        let file = out.join(changelog::FILE);
        let existing = match std::fs::read_to_string(&file) {
            Ok(text) => {
                changelog::Expected {
                    package: previous.name.clone(),
                    version: previous.version.clone(),
                }
                .check(&text)
                .map_err(|reason| anyhow::anyhow!("{}: {reason}", file.display()))?;
                text
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                changelog::initial(&previous, &old_api)
            }
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", file.display())),
        };
        let judged = looker_codegen::diff::diff(&old_api, &new_api, &[*lang]);
        let semver = |version: &str| {
            semver::Version::parse(version)
                .with_context(|| format!("{}'s version {version:?} is not semver", lang.name()))
        };
        let entry = changelog::Entry {
            version: semver(&next.version)?,
            looker_release: new_release.clone(),
            previous: (semver(&previous.version)?, old_release.clone()),
            diff_markdown: judged.markdown(),
        };
        let changelog = changelog::prepend(&existing, &entry)
            .with_context(|| format!("{}/{}", lang.default_out(), changelog::FILE))?;
        eprintln!(
            "release: {} {} -> {} ({}/{}: {} breaking change(s) for {})",
            next.name,
            previous.version,
            next.version,
            lang.default_out(),
            changelog::FILE,
            judged
                .changes
                .iter()
                .filter(|c| c.breaks(lang.name()))
                .count(),
            lang.name()
        );
        changelogs.push((lang.name(), changelog));
    }
    if args.dry_run {
        eprintln!(
            "release: --dry-run: nothing written; without it, {} would name {}",
            CURRENT_OAS,
            new.oas.display()
        );
        return Ok(());
    }

    // The new spec's files exist before anything names them.
    if let Some(text) = &new.oas_text {
        write_new(&new.oas, text)?;
        eprintln!(
            "release: wrote {} (OpenAPI 3.0, converted from {})",
            new.oas.display(),
            args.spec.display()
        );
    }
    let outputs = crate::render_outputs(&new_api, &crate::Changelogs::Given(changelogs))?;
    crate::write_outputs(&outputs)?;
    let links = [
        (CURRENT_OAS, Some(&new.oas)),
        (CURRENT_SWAGGER, new.swagger.as_ref()),
    ];
    for (link, target) in links {
        let link_path = root.join(link);
        match target {
            Some(target) => {
                let relative = link_target(&link_path, target)?;
                relink(&link_path, &relative).with_context(|| {
                    format!(
                        "generated/ is released from {}, but {link} still names the previous \
                         spec: point it at the new one, or `git checkout spec generated` and \
                         release again",
                        args.spec.display()
                    )
                })?;
                eprintln!("release: {link} -> {}", relative.display());
            }
            None => eprintln!(
                "release: note: {link} still names Looker {old_release}'s spec (no Swagger 2.0 \
                 file beside {}); the generator's tests compare the two formats",
                args.spec.display()
            ),
        }
    }
    eprintln!(
        "release: Looker {old_release} -> {new_release}. Review before publishing: the changelogs, \
         `git diff`, spec/README.md's table, the official looker-sdk pinned in \
         tests/python/requirements.txt (the comparison tests), then `cargo xtask check`, \
         `cargo xtask test` and `cargo xtask package`"
    );
    Ok(())
}

/// Writes a new file atomically (temporary file, then rename); refuses to replace one.
fn write_new(path: &Path, text: &str) -> anyhow::Result<()> {
    use std::io::Write as _;
    let dir = path.parent().context("a file has no directory")?;
    // The permissions of any new file (0666 less the umask), not a temporary file's 0600.
    use std::os::unix::fs::PermissionsExt as _;
    let mut file = tempfile::Builder::new()
        .prefix(".looker-codegen-release-")
        .permissions(std::fs::Permissions::from_mode(0o666))
        .tempfile_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.persist_noclobber(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a rendered manifest says of its package: `[package]` of `Cargo.toml` or `[project]`
    /// of `pyproject.toml`.
    fn manifest_package(files: &emit::Files) -> anyhow::Result<emit::Package> {
        for (manifest, table) in [("Cargo.toml", "package"), ("pyproject.toml", "project")] {
            let Some(text) = files.get(Path::new(manifest)) else {
                continue;
            };
            let doc: toml::Table = toml::from_str(text)?;
            let field = |key: &str| -> anyhow::Result<String> {
                doc.get(table)
                    .and_then(|t| t.get(key))
                    .and_then(toml::Value::as_str)
                    .map(str::to_owned)
                    .with_context(|| format!("{manifest} has no [{table}] {key}"))
            };
            return Ok(emit::Package {
                name: field("name")?,
                version: field("version")?,
            });
        }
        bail!("the SDK has neither a Cargo.toml nor a pyproject.toml")
    }

    #[test]
    fn each_language_says_the_package_its_manifest_carries() -> anyhow::Result<()> {
        // The real spec, through each language's own templates, with and without a name given.
        let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/Looker.4.0.oas.json");
        let api = looker_codegen::load_api(&spec)?.api;
        assert_eq!(api.info.release(), "26.12.3");
        let renamed = emit::Options {
            package_name: Some("renamed-sdk".to_owned()),
        };
        for lang in emit::LANGUAGES {
            for options in [emit::Options::default(), renamed.clone()] {
                let files = lang.render(&api, &options)?;
                let package = lang.package(&api, &options);
                assert_eq!(package, manifest_package(&files)?, "{}", lang.name());
                assert_eq!(package.version, "26.12.3", "{}", lang.name());
                semver::Version::parse(&package.version)?;
            }
        }
        Ok(())
    }

    #[test]
    fn a_swagger_spec_brings_its_openapi_twin() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let swagger = dir.path().join("Looker.4.0.26.12.json");
        std::fs::copy(root.join("spec/Looker.4.0.json"), &swagger)?;
        let specs = new_specs(&swagger)?;
        assert_eq!(specs.oas, dir.path().join("Looker.4.0.26.12.oas.json"));
        assert_eq!(specs.swagger.as_deref(), Some(swagger.as_path()));
        let text = specs.oas_text.context("a converted twin")?;
        // The twin gives the model the Swagger file gives.
        let twin = looker_codegen::api_from_json(serde_json::from_str(&text)?)?.api;
        let original = looker_codegen::load_api(&swagger)?.api;
        assert_eq!(
            looker_codegen::model::dump(&twin),
            looker_codegen::model::dump(&original)
        );
        // An OpenAPI file takes a Swagger twin that is there, and only then.
        let oas = dir.path().join("Looker.4.0.26.12.oas.json");
        std::fs::write(&oas, &text)?;
        let specs = new_specs(&oas)?;
        assert_eq!(specs.swagger.as_deref(), Some(swagger.as_path()));
        assert!(specs.oas_text.is_none());
        std::fs::remove_file(&swagger)?;
        assert!(new_specs(&oas)?.swagger.is_none());
        Ok(())
    }

    #[test]
    fn links_are_replaced_not_written_through() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let spec = dir.path().join("spec");
        std::fs::create_dir(&spec)?;
        let shared = dir.path().join("shared.json");
        std::fs::write(&shared, "old")?;
        std::fs::write(spec.join("new.json"), "new")?;
        let link = spec.join("Looker.4.0.oas.json");
        std::os::unix::fs::symlink("../shared.json", &link)?;
        let target = link_target(&link, &spec.join("new.json"))?;
        assert_eq!(target, PathBuf::from("new.json"));
        relink(&link, &target)?;
        assert_eq!(std::fs::read_link(&link)?, PathBuf::from("new.json"));
        assert_eq!(std::fs::read_to_string(&link)?, "new");
        assert_eq!(
            std::fs::read_to_string(&shared)?,
            "old",
            "the old target is untouched"
        );
        assert_eq!(
            link_target(&link, &shared)?,
            PathBuf::from("../shared.json")
        );
        // A file where a link belongs is refused.
        let file = spec.join("Looker.4.0.json");
        std::fs::write(&file, "a file")?;
        assert!(relink(&file, &target).is_err());
        assert_eq!(std::fs::read_to_string(&file)?, "a file");
        Ok(())
    }
}
