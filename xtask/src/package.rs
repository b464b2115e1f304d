//! `cargo xtask package`: the packages this repository publishes are publishable (CI runs it
//! after `cargo xtask test`, which has fetched every dependency).
//!
//! - **`looker-sdk-rtl`** (`runtime/`): `cargo package`, offline, with cargo's own verification
//!   (the packaged crate builds on its own, its lock file made from the workspace's).
//! - **`looker-sdk`** (`generated/looker-sdk`): `cargo package --no-verify --exclude-lockfile`,
//!   then the verification done here. It depends on `looker-sdk-rtl` by version, and until that
//!   version is on crates.io cargo can resolve it neither for the lock file nor to verify (the
//!   workspace's `[patch.crates-io]` does not reach `cargo package`); so both `.crate` files are
//!   unpacked and the SDK is checked (library and examples) against the *packaged* runtime, which
//!   is what crates.io will hold once the runtime is published first. Twice:
//!   - **deterministic**, offline, resolved from the workspace's `Cargo.lock`: a warning fails it
//!     like an error, and only a change of ours can change its outcome;
//!   - **fresh**, resolved from the registry as a user's first build is: an error fails it (users
//!     would get it too), a warning is reported and does not. A registry crate's new deprecation
//!     warns in our code (rustls 0.23.48 deprecated the *ring* provider the runtime installed),
//!     but warnings in a dependency never reach our users, whose cargo caps dependencies' lints;
//!     so an upstream release can no longer turn CI red without breaking a user's build.
//! - Both: every dependency of what is packaged has a version and no path, `README.md` and
//!   `LICENSE` are in it, and the manifest has a license and docs.rs metadata.
//! - **`looker-codegen-sdk`** (`generated/python`): a wheel built from a copy of the package with
//!   `python -m build --no-isolation` in the pinned virtualenv (no index needed), installed with
//!   `--no-index --no-deps` into a fresh virtualenv, and imported there: every module, from the
//!   fresh virtualenv's copy, its runtime (`looker_sdk`) taken from the pinned virtualenv; its
//!   metadata says its version, its pinned runtime and its license file.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

/// What `cargo package` writes, and where the packages are unpacked and the wheel built.
const WORK: &str = "target/package";

/// The crates, by package name and directory.
const RUNTIME: (&str, &str) = ("looker-sdk-rtl", "runtime");
const SDK: (&str, &str) = ("looker-sdk", "generated/looker-sdk");

/// The Python package's directory, its distribution and its import package.
const PYTHON: &str = "generated/python";
const DISTRIBUTION: &str = "looker-codegen-sdk";
const IMPORT: &str = "looker_codegen_sdk";

pub fn run(root: &Path) -> anyhow::Result<()> {
    let work = root.join(WORK);
    fs::create_dir_all(&work).with_context(|| format!("cannot create {}", work.display()))?;

    eprintln!(
        "package: cargo package -p {} (verified by cargo)",
        RUNTIME.0
    );
    cargo(
        root,
        &["package", "--offline", "--allow-dirty", "-p", RUNTIME.0],
    )?;
    eprintln!(
        "package: cargo package -p {} --no-verify --exclude-lockfile",
        SDK.0
    );
    cargo(
        root,
        &[
            "package",
            "--offline",
            "--allow-dirty",
            "--no-verify",
            "--exclude-lockfile",
            "-p",
            SDK.0,
        ],
    )?;

    let unpacked = work.join("unpacked");
    if unpacked.exists() {
        fs::remove_dir_all(&unpacked)
            .with_context(|| format!("cannot remove {}", unpacked.display()))?;
    }
    fs::create_dir_all(&unpacked)?;
    let mut dirs = Vec::new();
    for (name, dir) in [RUNTIME, SDK] {
        let version = manifest_version(&root.join(dir).join("Cargo.toml"))?;
        let crate_file = work.join(format!("{name}-{version}.crate"));
        run_tool(
            Command::new("tar")
                .arg("-xzf")
                .arg(&crate_file)
                .arg("-C")
                .arg(&unpacked),
            &format!("tar -xzf {}", crate_file.display()),
        )?;
        let dir = unpacked.join(format!("{name}-{version}"));
        let problems = check_packaged(&dir)?;
        if !problems.is_empty() {
            bail!(
                "{name} {version} is not publishable:\n  {}",
                problems.join("\n  ")
            );
        }
        eprintln!(
            "package: {name} {version}: README.md, LICENSE, license, docs.rs metadata, no path dependencies"
        );
        dirs.push(dir);
    }

    // The SDK as crates.io will build it: against the packaged runtime.
    let sdk_manifest = dirs[1].join("Cargo.toml");
    let mut manifest = fs::read_to_string(&sdk_manifest)?;
    manifest.push_str(&format!(
        "\n# Added by `cargo xtask package`: built against the packaged runtime, on its own.\n\
         [workspace]\n\n[patch.crates-io]\n{} = {{ path = {:?} }}\n",
        RUNTIME.0,
        dirs[0].display().to_string()
    ));
    fs::write(&sdk_manifest, manifest)?;
    let target = root.join("target");
    // Deterministic: the workspace's versions (cargo drops the workspace's own crates from it).
    fs::copy(root.join("Cargo.lock"), dirs[1].join("Cargo.lock"))
        .context("cannot copy Cargo.lock beside the packaged SDK")?;
    let what = format!(
        "cargo check --offline of the packaged {} (library and examples), resolved from the \
         workspace's Cargo.lock",
        SDK.0
    );
    eprintln!("package: {what}");
    crate::features::check_warning_free(sdk_check(&sdk_manifest, &target).arg("--offline"), &what)?;
    // Fresh: what a user's first build resolves today.
    let warnings = fresh_check(&sdk_manifest, &target)?;
    if warnings.is_empty() {
        eprintln!(
            "package: {} resolved fresh from the registry builds warning-free",
            SDK.0
        );
    } else {
        eprintln!(
            "package: {} resolved fresh from the registry builds, with {} warning(s) that \
             users do not see (cargo caps dependencies' lints) and that fail nothing; fix them \
             before the workspace's Cargo.lock takes the new versions:\n  {}",
            SDK.0,
            warnings.len(),
            warnings.join("\n  ")
        );
    }

    wheel(root, &work)
}

/// `cargo check` of the library and examples of the crate at `manifest`, quiet.
fn sdk_check(manifest: &Path, target: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO"));
    cmd.args(["check", "--quiet", "--lib", "--examples", "--manifest-path"])
        .arg(manifest)
        .arg("--target-dir")
        .arg(target);
    cmd
}

/// Resolves the crate at `manifest` afresh from the registry (its `Cargo.lock` replaced by
/// `cargo generate-lockfile`), as a user's first build does, and checks it: an error fails,
/// warnings are returned, one line each.
fn fresh_check(manifest: &Path, target: &Path) -> anyhow::Result<Vec<String>> {
    let what = format!("cargo generate-lockfile for {}", manifest.display());
    run_tool(
        Command::new(env!("CARGO"))
            .args(["generate-lockfile", "--manifest-path"])
            .arg(manifest),
        &what,
    )?;
    let what = format!("cargo check of {}, resolved fresh", manifest.display());
    eprintln!("package: {what}");
    let output = sdk_check(manifest, target)
        .arg("--message-format=short")
        .output()
        .with_context(|| format!("cannot run `{what}`"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        bail!("`{what}` failed:\n{stderr}");
    }
    Ok(stderr
        .lines()
        // Cargo's own summary lines ("warning: `app` (lib) generated 1 warning") are not
        // diagnostics.
        .filter(|l| l.contains("warning:") && !l.starts_with("warning: `"))
        .map(str::to_owned)
        .collect())
}

/// What is wrong with the unpacked crate in `dir`: a missing README or LICENSE, no license or
/// docs.rs metadata in the manifest, a dependency with a path or without a version.
pub fn check_packaged(dir: &Path) -> anyhow::Result<Vec<String>> {
    let mut problems = Vec::new();
    for file in ["README.md", "LICENSE", "Cargo.toml"] {
        if !dir.join(file).is_file() {
            problems.push(format!("{file} is not in the package"));
        }
    }
    let text = fs::read_to_string(dir.join("Cargo.toml"))
        .with_context(|| format!("cannot read {}/Cargo.toml", dir.display()))?;
    problems.extend(manifest_problems(&text)?);
    Ok(problems)
}

/// The problems of a packaged (normalized) `Cargo.toml`.
pub fn manifest_problems(text: &str) -> anyhow::Result<Vec<String>> {
    let doc: toml::Table = toml::from_str(text).context("the packaged Cargo.toml is not TOML")?;
    let mut problems = Vec::new();
    let package = doc.get("package").and_then(toml::Value::as_table);
    let field = |key: &str| package.and_then(|p| p.get(key));
    if field("license").and_then(toml::Value::as_str).is_none() {
        problems.push("no package.license".to_owned());
    }
    if field("readme").and_then(toml::Value::as_str).is_none() {
        problems.push("no package.readme".to_owned());
    }
    let docs_rs = field("metadata")
        .and_then(|m| m.get("docs"))
        .and_then(|d| d.get("rs"));
    if docs_rs.is_none() {
        problems.push("no [package.metadata.docs.rs]".to_owned());
    }
    // Dependencies at the top and under [target.'cfg(..)'].
    fn dependency_tables<'a>(
        prefix: &str,
        owner: &'a toml::Table,
        tables: &mut Vec<(String, &'a toml::Table)>,
    ) {
        for kind in ["dependencies", "dev-dependencies", "build-dependencies"] {
            if let Some(table) = owner.get(kind).and_then(toml::Value::as_table) {
                tables.push((format!("{prefix}{kind}"), table));
            }
        }
    }
    let mut tables = Vec::new();
    dependency_tables("", &doc, &mut tables);
    if let Some(targets) = doc.get("target").and_then(toml::Value::as_table) {
        for (cfg, target) in targets {
            if let Some(target) = target.as_table() {
                dependency_tables(&format!("target.{cfg}."), target, &mut tables);
            }
        }
    }
    for (kind, table) in tables {
        for (name, dep) in table {
            let (version, path) = match dep {
                toml::Value::String(_) => (true, false),
                toml::Value::Table(dep) => (dep.contains_key("version"), dep.contains_key("path")),
                _ => (false, false),
            };
            if path {
                problems.push(format!("{kind}.{name} has a path"));
            }
            if !version {
                problems.push(format!("{kind}.{name} has no version"));
            }
        }
    }
    Ok(problems)
}

/// `[package] version` of a manifest.
fn manifest_version(manifest: &Path) -> anyhow::Result<String> {
    let text = fs::read_to_string(manifest)
        .with_context(|| format!("cannot read {}", manifest.display()))?;
    let doc: toml::Table =
        toml::from_str(&text).with_context(|| format!("{} is not TOML", manifest.display()))?;
    doc.get("package")
        .and_then(|p| p.get("version"))
        .and_then(toml::Value::as_str)
        .map(str::to_owned)
        .with_context(|| format!("{} has no [package] version", manifest.display()))
}

/// The wheel of `generated/python`: built, installed into a fresh virtualenv, imported.
fn wheel(root: &Path, work: &Path) -> anyhow::Result<()> {
    let toolchain = crate::python::setup(root)?;
    let python = toolchain.python();
    // Built from a copy: setuptools leaves `build/` and `*.egg-info` beside the sources, and
    // generated/ holds only what the generator wrote.
    let source = work.join("python-src");
    let dist = work.join("python-dist");
    let fresh = work.join("python-fresh-venv");
    for dir in [&source, &dist, &fresh] {
        if dir.exists() {
            fs::remove_dir_all(dir).with_context(|| format!("cannot remove {}", dir.display()))?;
        }
    }
    copy_dir(&root.join(PYTHON), &source)?;
    eprintln!("package: python -m build --wheel --no-isolation ({PYTHON}, copied)");
    run_tool(
        Command::new(python)
            .args(["-m", "build", "--wheel", "--no-isolation", "--outdir"])
            .arg(&dist)
            .arg(&source),
        "python -m build",
    )?;
    let wheels: Vec<PathBuf> = fs::read_dir(&dist)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "whl"))
        .collect();
    let [wheel] = wheels.as_slice() else {
        bail!(
            "python -m build made {} wheels in {}",
            wheels.len(),
            dist.display()
        );
    };
    eprintln!("package: {}", wheel.display());

    run_tool(
        Command::new(python).arg("-m").arg("venv").arg(&fresh),
        "python -m venv (fresh)",
    )?;
    let fresh_python = fresh.join("bin/python");
    run_tool(
        Command::new(&fresh_python)
            .args([
                "-m",
                "pip",
                "install",
                "--no-input",
                "--no-index",
                "--no-deps",
            ])
            .arg(wheel)
            .env("PIP_DISABLE_PIP_VERSION_CHECK", "1"),
        "pip install <wheel> (fresh virtualenv)",
    )?;
    // The pinned virtualenv's site-packages on PYTHONPATH lends the runtime and its dependencies;
    // its editable install of the package is a .pth hook, which PYTHONPATH does not run.
    let site = output(
        Command::new(python).args([
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['purelib'])",
        ]),
        "the pinned virtualenv's site-packages",
    )?;
    let probe = format!(
        r#"
import importlib, importlib.metadata as md, pathlib, pkgutil, sys
import {IMPORT}
origin = pathlib.Path({IMPORT}.__file__).resolve()
fresh = pathlib.Path(sys.prefix).resolve()
assert fresh in origin.parents, f"{IMPORT} comes from {{origin}}, not the fresh virtualenv {{fresh}}"
modules = [m.name for m in pkgutil.walk_packages({IMPORT}.__path__, "{IMPORT}.")]
for name in modules:
    importlib.import_module(name)
dist = md.distribution("{DISTRIBUTION}")
licenses = [f for f in dist.files if f.name == "LICENSE"]
assert licenses, "no LICENSE in the wheel"
print(dist.version)
print(";".join(dist.requires or []))
print(len(modules))
"#
    );
    let answer = output(
        Command::new(&fresh_python)
            .args(["-c", &probe])
            .env("PYTHONPATH", site.trim())
            .env("PYTHONNOUSERSITE", "1"),
        "importing the wheel in the fresh virtualenv",
    )?;
    let mut lines = answer.lines();
    let (version, requires, modules) = (
        lines.next().unwrap_or_default(),
        lines.next().unwrap_or_default(),
        lines.next().unwrap_or_default(),
    );
    let pyproject = fs::read_to_string(root.join(PYTHON).join("pyproject.toml"))?;
    let doc: toml::Table = toml::from_str(&pyproject).context("pyproject.toml is not TOML")?;
    let project = doc
        .get("project")
        .context("pyproject.toml has no [project]")?;
    let expected_version = project.get("version").and_then(toml::Value::as_str);
    let expected_requires: Vec<&str> = project
        .get("dependencies")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(toml::Value::as_str)
        .collect();
    if Some(version) != expected_version || requires != expected_requires.join(";") {
        bail!(
            "the wheel says version {version:?} and requires {requires:?}; pyproject.toml says \
             {expected_version:?} and {expected_requires:?}"
        );
    }
    eprintln!(
        "package: {DISTRIBUTION} {version} installs into a fresh virtualenv and its {modules} \
         modules import (requires {requires})"
    );
    Ok(())
}

/// Copies the directory `from` to `to` (which must not exist).
fn copy_dir(from: &Path, to: &Path) -> anyhow::Result<()> {
    fs::create_dir_all(to).with_context(|| format!("cannot create {}", to.display()))?;
    for entry in fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target)
                .with_context(|| format!("cannot copy {}", entry.path().display()))?;
        }
    }
    Ok(())
}

fn cargo(root: &Path, args: &[&str]) -> anyhow::Result<()> {
    run_tool(
        Command::new(env!("CARGO")).args(args).current_dir(root),
        &format!("cargo {}", args.join(" ")),
    )
}

/// Runs `cmd`; a failure prints its output.
fn run_tool(cmd: &mut Command, what: &str) -> anyhow::Result<()> {
    output(cmd, what).map(drop)
}

/// Runs `cmd` and returns its standard output; a failure prints both outputs.
fn output(cmd: &mut Command, what: &str) -> anyhow::Result<String> {
    let out = cmd.output().with_context(|| format!("cannot run {what}"))?;
    if !out.status.success() {
        bail!(
            "{what} failed ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A crate `app` in `dir` whose `src/lib.rs` is `lib`, on a path dependency `dep` that
    /// deprecates `old` (as rustls deprecated the *ring* provider in a patch release).
    fn crate_on_a_deprecating_dependency(dir: &Path, lib: &str) -> anyhow::Result<PathBuf> {
        for (name, manifest, source) in [
            (
                "dep",
                "[package]\nname = \"dep\"\nversion = \"0.1.0\"\nedition = \"2024\"\n",
                "#[deprecated(since = \"0.1.0\", note = \"no support for post-quantum algorithms\")]\n\
                 pub fn old() {}\npub fn new() {}\n",
            ),
            (
                "app",
                "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n\
                 [dependencies]\ndep = { path = \"../dep\" }\n\n[workspace]\n",
                lib,
            ),
        ] {
            fs::create_dir_all(dir.join(name).join("src"))?;
            fs::write(dir.join(name).join("Cargo.toml"), manifest)?;
            fs::write(dir.join(name).join("src/lib.rs"), source)?;
        }
        Ok(dir.join("app/Cargo.toml"))
    }

    /// The fresh-resolution check passes when a dependency's new release only makes our code
    /// warn, and reports the warning; the deterministic check fails on the same warning; and an
    /// error fails the fresh check.
    #[test]
    fn a_fresh_resolution_that_only_warns_passes_and_reports() -> anyhow::Result<()> {
        let tmp = tempfile::tempdir()?;
        let target = tmp.path().join("target");
        let warns =
            crate_on_a_deprecating_dependency(tmp.path(), "pub fn call() {\n    dep::old();\n}\n")?;
        let warnings = fresh_check(&warns, &target)?;
        assert!(
            warnings.len() == 1 && warnings[0].contains("use of deprecated function `dep::old`"),
            "{warnings:?}"
        );
        let error = crate::features::check_warning_free(
            &mut sdk_check(&warns, &target),
            "the deterministic check",
        )
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(error.contains("failed or warned"), "{error}");

        let clean = tmp.path().join("clean");
        let clean =
            crate_on_a_deprecating_dependency(&clean, "pub fn call() {\n    dep::new();\n}\n")?;
        assert_eq!(fresh_check(&clean, &target)?, Vec::<String>::new());

        let broken = tmp.path().join("broken");
        let broken =
            crate_on_a_deprecating_dependency(&broken, "pub fn call() {\n    dep::gone();\n}\n")?;
        let error = fresh_check(&broken, &target)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            error.contains("failed") && error.contains("gone"),
            "{error}"
        );
        Ok(())
    }

    #[test]
    fn a_publishable_manifest_has_no_problems() -> anyhow::Result<()> {
        let good = r#"
[package]
name = "x"
version = "1.0.0"
license = "MIT"
readme = "README.md"
[package.metadata.docs.rs]
features = ["full"]
[dependencies]
a = "1"
b = { version = "0.1.0", default-features = false }
[dev-dependencies.c]
version = "1"
[target.'cfg(unix)'.dependencies]
d = { version = "2" }
"#;
        assert_eq!(manifest_problems(good)?, Vec::<String>::new());
        Ok(())
    }

    #[test]
    fn path_dependencies_and_missing_metadata_are_problems() -> anyhow::Result<()> {
        let bad = r#"
[package]
name = "x"
version = "1.0.0"
[dependencies]
a = { path = "../a" }
b = { version = "1", path = "../b" }
[target.'cfg(unix)'.build-dependencies]
c = { git = "https://example.com/c" }
"#;
        assert_eq!(
            manifest_problems(bad)?,
            [
                "no package.license",
                "no package.readme",
                "no [package.metadata.docs.rs]",
                "dependencies.a has a path",
                "dependencies.a has no version",
                "dependencies.b has a path",
                "target.cfg(unix).build-dependencies.c has no version",
            ]
        );
        Ok(())
    }

    #[test]
    fn the_generated_crate_and_the_runtime_have_what_crates_io_needs() -> anyhow::Result<()> {
        // Their own manifests (before cargo normalizes them): the runtime's path-only
        // dev-dependency on the SDK is dropped by `cargo package`, everything else must pass.
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let sdk = fs::read_to_string(root.join(SDK.1).join("Cargo.toml"))?;
        assert_eq!(manifest_problems(&sdk)?, Vec::<String>::new());
        for file in ["README.md", "LICENSE"] {
            assert!(root.join(SDK.1).join(file).is_file(), "{file}");
            assert!(root.join(RUNTIME.1).join(file).is_file(), "{file}");
        }
        Ok(())
    }
}
