//! `cargo xtask old-specs [--dir DIR]`: the SDKs generated from older Looker specs must work, as
//! people run older instances. For each spec in DIR (`spec/history/` by default: Looker 25.20,
//! which CI checks), it loads the spec, checks that the Rust crate builds without a warning and
//! that every module of the Python package imports, goes on after a failure, and ends with a
//! table of every spec (release, each step's verdict and time, the repairs that fired).
//!
//! Each Rust crate is written to `target/old-specs/<file stem>/` as its own workspace, patched
//! to this repository's runtime like the workspace's own crate and given the workspace's
//! `Cargo.lock` (the same dependency versions, so nothing is resolved or built again), and
//! checked with the workspace's target directory so that dependencies are built once; its
//! output is kept in `target/old-specs/<file stem>.check.log`. Each Python package goes to
//! `target/old-specs/<file stem>-python/`, and its modules are imported, with warnings as
//! errors and the package first on `PYTHONPATH`, on the official runtime its `pyproject.toml`
//! requires (`looker-sdk~=25.20.0` for 25.20): each requirement gets a virtualenv of its own
//! under `target/old-specs/runtimes/`, made from PyPI the first time it is needed, so that a
//! module using what that release's runtime lacks fails here rather than for its users.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use looker_codegen::{emit, model::Api, spec::Rule, write};

use crate::python;

/// The folder of specs checked when `--dir` is not given (and by CI).
const DEFAULT_DIR: &str = "spec/history";
/// Where the crates, packages and logs go, relative to the workspace root.
const OUT: &str = "target/old-specs";
/// The import package inside each generated Python package.
const PACKAGE: &str = "looker_codegen_sdk";
/// The virtualenvs of the official runtimes the packages require, one per requirement.
const RUNTIMES: &str = "target/old-specs/runtimes";

/// Imports every module named after the package's directory (`argv[1]`), checking that each
/// came from there and not from the virtualenv's own `looker_codegen_sdk`.
const IMPORT_ALL: &str = "\
import importlib, os, sys
root = os.path.realpath(sys.argv[1])
for name in sys.argv[2:]:
    module = importlib.import_module(name)
    where = os.path.realpath(module.__file__)
    if not where.startswith(root + os.sep):
        sys.exit(f'{name} was imported from {where}, not from {root}')
";

/// Imports the official SDK's own API 4.0 modules (what a failing import is compared with).
const IMPORT_OFFICIAL: &str = "import looker_sdk.sdk.api40.models, looker_sdk.sdk.api40.methods";

pub fn run(root: &Path, args: &[String]) -> anyhow::Result<()> {
    let dir = match args {
        [] => root.join(DEFAULT_DIR),
        [flag, dir] if flag == "--dir" => PathBuf::from(dir),
        _ => bail!("usage: cargo xtask old-specs [--dir DIR]"),
    };
    let mut specs: Vec<_> = fs::read_dir(&dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    specs.sort_by_cached_key(|p| release_order(p));
    if specs.is_empty() {
        bail!("no specs (*.json) in {}", dir.display());
    }
    let out = root.join(OUT);
    fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    // One virtualenv for every spec; without it every Python step fails, saying why.
    let toolchain = python::setup(root).map_err(|e| format!("no virtualenv: {e:#}"));
    let lock = fs::read_to_string(root.join("Cargo.lock")).context("cannot read Cargo.lock")?;
    let started = Instant::now();
    let mut rows = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        let stem = spec
            .file_stem()
            .and_then(|s| s.to_str())
            .context("a spec file name is not UTF-8")?;
        eprintln!("old-specs: [{}/{}] {stem}", i + 1, specs.len());
        let row = check_spec(root, spec, stem, &lock, toolchain.as_ref());
        for (what, step) in [
            ("load", &row.load),
            ("rust", &row.rust),
            ("python", &row.python),
        ] {
            match &step.verdict {
                Verdict::Failed(why) => eprintln!("old-specs: {stem}: {what} failed: {why}"),
                Verdict::Unusable(why) => {
                    eprintln!("old-specs: {stem}: {what} not possible: {why}")
                }
                Verdict::Passed | Verdict::Skipped => {}
            }
        }
        rows.push(row);
    }
    print!("{}", table(&rows));
    let failed = rows.iter().filter(|r| r.failed()).count();
    let unusable = rows
        .iter()
        .filter(|r| matches!(r.python.verdict, Verdict::Unusable(_)))
        .count();
    eprintln!(
        "old-specs: {} specs in {:.0} s, {failed} failed, {unusable} whose official runtime \
         fails on this Python as the official SDK does (n/a)",
        rows.len(),
        started.elapsed().as_secs_f64()
    );
    if failed > 0 {
        bail!("{failed} of {} specs failed (table above)", rows.len());
    }
    Ok(())
}

/// A spec file's sort key: its name in runs of digits and of other characters, the digits
/// compared as numbers, so that `Looker.4.0.7.14.0` comes before `Looker.4.0.21.4.0` and that
/// before `Looker.4.0.21.10.0`.
fn release_order(path: &Path) -> Vec<Part> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let mut parts = Vec::new();
    let mut rest = name.as_ref();
    while let Some(first) = rest.chars().next() {
        let digits = first.is_ascii_digit();
        let end = rest
            .find(|c: char| c.is_ascii_digit() != digits)
            .unwrap_or(rest.len());
        let (run, tail) = rest.split_at(end);
        parts.push(match run.parse() {
            Ok(n) if digits => Part::Number(n),
            _ => Part::Text(run.to_owned()),
        });
        rest = tail;
    }
    parts
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    Number(u128),
    Text(String),
}

/// What became of one spec.
struct Row {
    stem: String,
    /// `x-looker-release-version`, once loaded.
    release: Option<String>,
    load: Step,
    rust: Step,
    python: Step,
    /// The repairs loading made, by rule: `rule×count`.
    repairs: Vec<(Rule, usize)>,
}

impl Row {
    fn failed(&self) -> bool {
        [&self.load, &self.rust, &self.python]
            .iter()
            .any(|s| matches!(s.verdict, Verdict::Failed(_)))
    }
}

struct Step {
    verdict: Verdict,
    time: Duration,
}

enum Verdict {
    Passed,
    Failed(String),
    /// Not tried, since loading failed.
    Skipped,
    /// The official SDK of that release fails the same way on its own runtime here (an old
    /// runtime's dependencies that this Python rejects): nothing generated could pass.
    Unusable(String),
}

impl Step {
    fn skipped() -> Step {
        Step {
            verdict: Verdict::Skipped,
            time: Duration::ZERO,
        }
    }

    fn timed(work: impl FnOnce() -> anyhow::Result<()>) -> Step {
        let started = Instant::now();
        let verdict = match work() {
            Ok(()) => Verdict::Passed,
            Err(e) => match e.downcast_ref::<OfficialFailsToo>() {
                Some(OfficialFailsToo(why)) => Verdict::Unusable(why.clone()),
                None => Verdict::Failed(format!("{e:#}")),
            },
        };
        Step {
            verdict,
            time: started.elapsed(),
        }
    }

    fn cell(&self) -> String {
        match &self.verdict {
            Verdict::Passed => format!("ok {:.1}s", self.time.as_secs_f64()),
            Verdict::Failed(_) => format!("FAIL {:.1}s", self.time.as_secs_f64()),
            Verdict::Skipped => "-".to_owned(),
            Verdict::Unusable(_) => format!("n/a {:.1}s", self.time.as_secs_f64()),
        }
    }
}

fn check_spec(
    root: &Path,
    spec: &Path,
    stem: &str,
    lock: &str,
    toolchain: Result<&python::Toolchain, &String>,
) -> Row {
    let mut loaded = None;
    let load = Step::timed(|| {
        loaded = Some(looker_codegen::load_api(spec)?);
        Ok(())
    });
    let Some(loaded) = loaded else {
        return Row {
            stem: stem.to_owned(),
            release: None,
            load,
            rust: Step::skipped(),
            python: Step::skipped(),
            repairs: Vec::new(),
        };
    };
    let repairs = Rule::ALL
        .into_iter()
        .map(|rule| {
            (
                rule,
                loaded.warnings.iter().filter(|w| w.rule == rule).count(),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    let api = &loaded.api;
    let out = root.join(OUT);
    let rust = Step::timed(|| check_rust(root, api, &out, stem, lock));
    let python = Step::timed(|| match toolchain {
        Ok(toolchain) => import_python(root, toolchain, api, &out.join(format!("{stem}-python"))),
        Err(why) => bail!("{why}"),
    });
    Row {
        stem: stem.to_owned(),
        release: api.info.looker_release.clone(),
        load,
        rust,
        python,
        repairs,
    }
}

/// Writes the Rust crate of `api` and checks it, failing on any warning.
fn check_rust(root: &Path, api: &Api, out: &Path, stem: &str, lock: &str) -> anyhow::Result<()> {
    let mut files = emit::language("rust")?.emit(api)?;
    files.retain(|path, _| !path.starts_with("examples"));
    let manifest = files
        .get_mut(Path::new("Cargo.toml"))
        .context("the Rust SDK has no Cargo.toml")?;
    manifest.push_str(&format!(
        "\n# Checked by `cargo xtask old-specs` on its own, against this repository's runtime.\n\
         [workspace]\n\n{}\n",
        crate::runtime_patch(root)?
    ));
    // Cargo keeps the versions it can and drops the workspace's own crates.
    files.insert(PathBuf::from("Cargo.lock"), lock.to_owned());
    let crate_dir = out.join(stem);
    // A scratch crate, checked and thrown away: it keeps no changelog.
    write::write(
        &crate_dir,
        &write::Output::rendered(files),
        write::Overwrite::GeneratedOnly,
    )?;
    let output = Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--lib", "--manifest-path"])
        .arg(crate_dir.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(root.join("target"))
        .current_dir(root)
        .output()
        .context("cannot run cargo check")?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let log = out.join(format!("{stem}.check.log"));
    fs::write(&log, stderr.as_bytes())
        .with_context(|| format!("cannot write {}", log.display()))?;
    if crate::features::failed_or_warned(&output.status, &stderr) {
        let first = stderr
            .lines()
            .find(|l| l.starts_with("warning") || l.starts_with("error"))
            .unwrap_or("no diagnostic");
        let count = stderr
            .lines()
            .filter(|l| l.starts_with("warning:") || l.starts_with("error"))
            .count();
        bail!(
            "cargo check {} ({count} diagnostics; the first: {first}; all in {})",
            if output.status.success() {
                "warned"
            } else {
                "failed"
            },
            log.display()
        );
    }
    Ok(())
}

/// Writes the Python package of `api` to `out` and imports each of its modules on the runtime
/// its `pyproject.toml` requires.
fn import_python(
    root: &Path,
    toolchain: &python::Toolchain,
    api: &Api,
    out: &Path,
) -> anyhow::Result<()> {
    let files = emit::language("python")?.emit(api)?;
    let pyproject = files
        .get(Path::new("pyproject.toml"))
        .context("the Python package has no pyproject.toml")?;
    let requirement = runtime_requirement(pyproject)
        .context("the package's pyproject.toml requires no looker-sdk")?;
    let python = runtime_venv(root, toolchain.python(), &requirement)?;
    let modules: Vec<String> = files
        .keys()
        .filter(|p| p.starts_with(PACKAGE) && p.extension().is_some_and(|e| e == "py"))
        .map(|p| {
            let p = p.with_extension("");
            let parts: Vec<_> = p
                .iter()
                .map(|s| s.to_string_lossy().into_owned())
                .filter(|s| s != "__init__")
                .collect();
            parts.join(".")
        })
        .collect();
    if modules.is_empty() {
        bail!("the Python package has no modules under {PACKAGE}/");
    }
    write::write(
        out,
        &write::Output::rendered(files),
        write::Overwrite::GeneratedOnly,
    )?;
    let output = Command::new(&python)
        // Warnings fail it too (an invalid escape in a docstring is a SyntaxWarning).
        .args(["-W", "error", "-c", IMPORT_ALL])
        .arg(out)
        .args(&modules)
        .env("PYTHONPATH", out)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .context("cannot run Python")?;
    if !output.status.success() {
        let last = last_line(&output);
        // The same error from the official SDK's own modules on that runtime is the runtime's.
        let official = Command::new(&python)
            .args(["-W", "error", "-c", IMPORT_OFFICIAL])
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .output()
            .context("cannot run Python")?;
        if !official.status.success() && last_line(&official) == last {
            return Err(OfficialFailsToo(format!(
                "the official SDK's modules fail too on {requirement} and this Python: {last}"
            ))
            .into());
        }
        eprintln!("{}", String::from_utf8_lossy(&output.stderr));
        bail!(
            "importing {} modules failed ({}): {last}",
            modules.len(),
            output.status
        );
    }
    Ok(())
}

/// An import that fails as the official SDK's own modules fail on the same runtime.
#[derive(Debug)]
struct OfficialFailsToo(String);

impl std::fmt::Display for OfficialFailsToo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for OfficialFailsToo {}

/// The `looker-sdk` requirement among a `pyproject.toml`'s dependencies.
fn runtime_requirement(pyproject: &str) -> Option<String> {
    let dependencies = pyproject
        .lines()
        .find_map(|line| line.trim().strip_prefix("dependencies = "))?;
    dependencies
        .split('"')
        .find(|item| item.starts_with("looker-sdk"))
        .map(str::to_owned)
}

/// The pins of each official runtime old-specs installs, one file per `looker-sdk~=X.Y.Z`
/// requirement (`looker-sdk-X.Y.Z.txt`), used as pip constraints.
const RUNTIME_PINS: &str = "tests/python/runtimes";

/// The interpreter of a virtualenv with `requirement` installed from PyPI: made once by
/// `base`'s Python under [`RUNTIMES`], and kept. Every package is pinned by the requirement's
/// file in [`RUNTIME_PINS`] where there is one; a runtime without one (an older release checked
/// with `--dir`) gets what PyPI serves that day, and says so.
fn runtime_venv(root: &Path, base: &Path, requirement: &str) -> anyhow::Result<PathBuf> {
    let name: String = requirement
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let dir = root.join(RUNTIMES).join(name);
    let python = dir.join("bin").join("python");
    let marker = dir.join("installed.txt");
    let pins = requirement
        .strip_prefix("looker-sdk~=")
        .map(|version| {
            root.join(RUNTIME_PINS)
                .join(format!("looker-sdk-{version}.txt"))
        })
        .filter(|file| file.is_file());
    let pinned = match &pins {
        Some(file) => {
            fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?
        }
        None => String::new(),
    };
    // A changed pin file makes the virtualenv again.
    let stamp = format!("{requirement}\n{pinned}");
    if python.is_file() && fs::read_to_string(&marker).is_ok_and(|done| done == stamp) {
        return Ok(python);
    }
    if pins.is_none() {
        eprintln!(
            "old-specs: no pins for {requirement} in {RUNTIME_PINS}/: its dependencies are what \
             PyPI serves today"
        );
    }
    if dir.exists() {
        fs::remove_dir_all(&dir).with_context(|| format!("cannot remove {}", dir.display()))?;
    }
    let made = Command::new(base)
        .args(["-m", "venv"])
        .arg(&dir)
        .output()
        .context("cannot run Python")?;
    if !made.status.success() {
        bail!(
            "cannot make a virtualenv in {}: {}",
            dir.display(),
            last_line(&made)
        );
    }
    let installed = Command::new(&python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-input",
        ])
        .args(
            pins.iter()
                .flat_map(|file| [Path::new("-c"), file.as_path()]),
        )
        .arg(requirement)
        .output()
        .context("cannot run pip")?;
    if !installed.status.success() {
        bail!(
            "cannot install {requirement} from PyPI: {}",
            last_line(&installed)
        );
    }
    fs::write(&marker, stamp).with_context(|| format!("cannot write {}", marker.display()))?;
    Ok(python)
}

/// The last line a command printed on stderr (Python's exception, pip's error).
fn last_line(output: &std::process::Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr);
    stderr.lines().last().unwrap_or("no output").to_owned()
}

/// The summary: one line per spec.
fn table(rows: &[Row]) -> String {
    let header = [
        "spec",
        "release",
        "load",
        "rust check",
        "python import",
        "time",
        "repairs",
    ];
    let lines: Vec<[String; 7]> = rows
        .iter()
        .map(|row| {
            let total = row.load.time + row.rust.time + row.python.time;
            let repairs: Vec<String> = row
                .repairs
                .iter()
                .map(|(rule, n)| format!("{rule}×{n}"))
                .collect();
            [
                row.stem.clone(),
                row.release.clone().unwrap_or_else(|| "?".to_owned()),
                row.load.cell(),
                row.rust.cell(),
                row.python.cell(),
                format!("{:.1}s", total.as_secs_f64()),
                repairs.join(" "),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for line in &lines {
        for (width, cell) in widths.iter_mut().zip(line) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut text = String::new();
    let mut print = |cells: &[String]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:width$}"))
            .collect();
        _ = writeln!(text, "| {} |", padded.join(" | "));
    };
    print(&header.map(str::to_owned));
    print(&widths.map(|w| "-".repeat(w)));
    for line in &lines {
        print(line);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_runtime_requirement_is_read_from_the_dependencies() {
        let pyproject =
            "[project]\nname = \"x\"\n# a comment\ndependencies = [\"looker-sdk~=25.20.0\"]\n";
        assert_eq!(
            runtime_requirement(pyproject).as_deref(),
            Some("looker-sdk~=25.20.0")
        );
        assert_eq!(runtime_requirement("dependencies = [\"requests\"]\n"), None);
        assert_eq!(runtime_requirement("[project]\n"), None);
    }

    #[test]
    fn specs_are_ordered_by_release() {
        let mut names = vec![
            "Looker.4.0.21.10.0.oas.json",
            "Looker.4.0.26.12.3.oas.json",
            "Looker.4.0.21.4.0.oas.json",
            "Looker.4.0.7.14.0.oas.json",
            "Looker.4.0.21.4.0.json",
            "Looker.4.0.21.20.33.oas.json",
            "Looker.4.0.21.20.8.oas.json",
        ];
        names.sort_by_cached_key(|n| release_order(Path::new(n)));
        assert_eq!(
            names,
            [
                "Looker.4.0.7.14.0.oas.json",
                "Looker.4.0.21.4.0.json",
                "Looker.4.0.21.4.0.oas.json",
                "Looker.4.0.21.10.0.oas.json",
                "Looker.4.0.21.20.8.oas.json",
                "Looker.4.0.21.20.33.oas.json",
                "Looker.4.0.26.12.3.oas.json",
            ]
        );
    }

    #[test]
    fn the_table_has_a_line_per_spec_and_names_each_failure() {
        let step = |verdict, secs| Step {
            verdict,
            time: Duration::from_secs_f64(secs),
        };
        let rows = [
            Row {
                stem: "Looker.4.0.25.20.oas".to_owned(),
                release: Some("25.20.0".to_owned()),
                load: step(Verdict::Passed, 0.4),
                rust: step(Verdict::Passed, 9.0),
                python: step(Verdict::Failed("import".to_owned()), 1.5),
                repairs: vec![(Rule::TypeAny, 18)],
            },
            Row {
                stem: "broken".to_owned(),
                release: None,
                load: step(Verdict::Failed("bad".to_owned()), 0.1),
                rust: Step::skipped(),
                python: Step::skipped(),
                repairs: Vec::new(),
            },
        ];
        assert!(rows.iter().all(Row::failed));
        // The official runtime failing as the official SDK does is shown, not counted.
        let unusable = Row {
            stem: "Looker.4.0.21.4.0.oas".to_owned(),
            release: Some("21.4.0".to_owned()),
            load: step(Verdict::Passed, 0.2),
            rust: step(Verdict::Passed, 3.0),
            python: Step::timed(|| Err(OfficialFailsToo("the same TypeError".to_owned()).into())),
            repairs: Vec::new(),
        };
        assert!(!unusable.failed());
        assert!(unusable.python.cell().starts_with("n/a "));
        assert_eq!(
            table(&rows),
            "\
| spec                 | release | load      | rust check | python import | time  | repairs     |
| -------------------- | ------- | --------- | ---------- | ------------- | ----- | ----------- |
| Looker.4.0.25.20.oas | 25.20.0 | ok 0.4s   | ok 9.0s    | FAIL 1.5s     | 10.9s | type-any×18 |
| broken               | ?       | FAIL 0.1s | -          | -             | 0.1s  |             |
"
        );
    }
}
