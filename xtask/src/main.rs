//! Maintainer tasks: `cargo xtask regen | check | test | pytest | bench | features | old-specs |
//! fuzz | release | package`.

mod bench;
mod features;
mod fuzz;
mod old_specs;
mod package;
mod prism;
mod python;
mod release;
mod sweep;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use looker_codegen::{emit, write};

const USAGE: &str = "usage: cargo xtask <regen | check | test [CARGO TEST ARGS] | pytest [PYTEST ARGS] | bench <gen | compile | cold | runtime | all> [OPTIONS] | fuzz [--time S] [--runs N] [--sanitizer S] [--max-len B] [TARGET..] | features | old-specs [--dir DIR] | release <SPEC> [--dry-run] | package>
  regen   regenerate every SDK under generated/ (and the Prism sweeps) from spec/Looker.4.0.oas.json
  check   fail when generated/ or the Prism sweeps differ from what the generator writes (CI)
  test    run every test: `cargo test --workspace` (or `cargo test ARGS`) with Stoplight Prism
          serving the spec (installed with `npm ci` in tests/prism/ when missing), then, without
          ARGS, the Python steps (ruff, mypy, pytest tests/python) in target/python-venv
  pytest  only the Python steps, with Prism up (ARGS go to pytest)
  bench   benchmarks against baselines of the same run: generation, compile time, the SDK's
          runtime, or all of them (`cargo xtask bench` alone lists their options)
  features  check the generated crate with all features, none, and each API area alone
  old-specs  for each spec in DIR (spec/history/ by default): load it, check that its Rust crate
          builds warning-free and that every module of its Python package imports on the
          official runtime it requires; a table of every spec at the end, failing when any
          failed
  fuzz    run each fuzz target in tests/fuzz/ for S seconds (60 by default; nightly, cargo-fuzz)
          or N executions; --sanitizer none (address by default) and a smaller --max-len
          (262144 bytes by default) for long runs
  release  a new Looker release from SPEC: show the diff against the current spec, regenerate
          every SDK, add the diff to each SDK's CHANGELOG.md, make SPEC the current spec
  package  check that the crates and the Python package are publishable: `cargo package` of
          looker-sdk-rtl and looker-sdk, a wheel that installs into a fresh virtualenv (offline)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("regen") => regen(),
        Some("check") => check(),
        Some("test") => prism::test(&root(), &args[1..]),
        Some("pytest") => prism::pytest(&root(), &args[1..]),
        Some("bench") => bench::run(&root(), &args[1..]),
        Some("fuzz") => fuzz::run(&root(), &args[1..]),
        Some("features") => features::run(&root()),
        Some("old-specs") => old_specs::run(&root(), &args[1..]),
        Some("release") => release::run(&root(), &args[1..]),
        Some("package") => package::run(&root()),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The `[patch.crates-io]` table that points a generated crate standing outside this workspace
/// at the repository's runtime, as the workspace's own `Cargo.toml` does (the generated crates
/// depend on `looker-sdk-rtl` by version).
fn runtime_patch(root: &Path) -> anyhow::Result<String> {
    let runtime = root.join("runtime");
    let runtime = std::fs::canonicalize(&runtime)
        .with_context(|| format!("cannot find {}", runtime.display()))?;
    Ok(format!(
        "[patch.crates-io]\nlooker-sdk-rtl = {{ path = {:?} }}",
        runtime.display().to_string()
    ))
}

fn spec() -> PathBuf {
    root().join("spec/Looker.4.0.oas.json")
}

/// Everything `regen` writes, in memory: each SDK's directory and output, and the Prism sweeps.
struct Outputs {
    sdks: Vec<(&'static str, write::Output)>,
    /// Other files by path relative to the root: the Rust and the Python Prism sweep.
    extra: Vec<(&'static str, String)>,
}

/// Where each SDK's `CHANGELOG.md` comes from (`looker_codegen::changelog` says why it is not
/// generated).
enum Changelogs {
    /// The one on disk, kept and checked against the SDK's version by the write stage: `regen`
    /// and `check`.
    Carried,
    /// New ones by language name, each replacing the one on disk: `release`.
    Given(Vec<(&'static str, String)>),
}

/// The current spec's model.
fn current_api() -> anyhow::Result<looker_codegen::model::Api> {
    Ok(looker_codegen::load_api(&spec())?.api)
}

fn render_outputs(
    api: &looker_codegen::model::Api,
    changelogs: &Changelogs,
) -> anyhow::Result<Outputs> {
    let mut sdks = Vec::new();
    let mut sweep = None;
    for lang in emit::LANGUAGES {
        let mut output = looker_codegen::output(*lang, api, &emit::Options::default())?;
        let files = &output.files;
        if lang.name() == "rust" {
            // The texts of every area's file in a folder.
            let folder = |dir: &str| -> anyhow::Result<Vec<&str>> {
                let texts: Vec<&str> = files
                    .iter()
                    .filter(|(path, _)| path.parent() == Some(Path::new(dir)))
                    .map(|(_, text)| text.as_str())
                    .collect();
                if texts.is_empty() {
                    bail!("the Rust SDK has no files in {dir}");
                }
                Ok(texts)
            };
            sweep = Some(sweep::render(
                api,
                &folder("src/methods")?,
                &folder("src/requests")?,
            )?);
        }
        if let Changelogs::Given(given) = changelogs {
            let text = given
                .iter()
                .find(|(name, _)| *name == lang.name())
                .map(|(_, text)| text.clone())
                .with_context(|| format!("no changelog for {}", lang.name()))?;
            let kept = output
                .kept
                .iter_mut()
                .find(|k| k.path == Path::new(looker_codegen::changelog::FILE))
                .context("the write stage keeps no changelog")?;
            kept.replace = Some(text);
        }
        sdks.push((lang.default_out(), output));
    }
    sdks.push((ODD_NAMES_OUT, odd_names_crate()?));
    let sweep = sweep.context("no Rust SDK to write the Prism sweep for")?;
    let extra = vec![
        (sweep::PATH, sweep),
        (python::SWEEP_PATH, python::render_sweep(api)?),
    ];
    Ok(Outputs { sdks, extra })
}

/// The fixture of hostile names and strings (newlines, keywords, clashing and non-ASCII names).
const ODD_NAMES_SPEC: &str = "tests/fixtures/odd_names.json";

/// Where its Rust crate goes: a workspace member, so that CI's clippy `-D warnings` and `cargo
/// test` compile it (as typify compiles its snapshots) and `check` keeps it current.
const ODD_NAMES_OUT: &str = "tests/odd-names";

/// The Rust crate of [`ODD_NAMES_SPEC`], as the generator writes it but for what a fixture
/// crate beside the real SDK needs: its own library name, no README doctests or examples (they
/// call the real API's operations). Like any generated crate it must build warning-free.
fn odd_names_crate() -> anyhow::Result<write::Output> {
    let api = looker_codegen::load_api(&root().join(ODD_NAMES_SPEC))?.api;
    let options = emit::Options {
        package_name: Some("odd-names".to_owned()),
    };
    let rust = emit::language("rust")?;
    let mut files = rust.emit_with(&api, &options)?;
    files.retain(|path, _| !path.starts_with("examples"));
    let manifest = files
        .get_mut(Path::new("Cargo.toml"))
        .context("the Rust SDK has no Cargo.toml")?;
    const LIB: &str = "[lib]\nname = \"looker_sdk\"\n";
    if !manifest.contains(LIB) {
        bail!("the Rust SDK's Cargo.toml no longer names its library as {LIB:?}");
    }
    *manifest = manifest.replace(
        LIB,
        "[lib]\nname = \"odd_names\"\n# The README's examples call the real API's operations.\ndoctest = false\n",
    );
    Ok(write::Output {
        files,
        kept: looker_codegen::kept(rust, &api, &options),
    })
}

fn regen() -> anyhow::Result<()> {
    write_outputs(&render_outputs(&current_api()?, &Changelogs::Carried)?)
}

/// Writes every SDK (each directory replaced atomically) and the sweeps.
fn write_outputs(outputs: &Outputs) -> anyhow::Result<()> {
    for (out, output) in &outputs.sdks {
        write::write(&root().join(out), output, write::Overwrite::GeneratedOnly)?;
        eprintln!("wrote {} files to {out}", output.files.len());
    }
    for (path, text) in &outputs.extra {
        let file = root().join(path);
        if std::fs::read_to_string(&file).ok().as_deref() != Some(text.as_str()) {
            std::fs::write(&file, text)
                .with_context(|| format!("cannot write {}", file.display()))?;
        }
        eprintln!("wrote {path}");
    }
    Ok(())
}

/// What differs between the outputs and the files on disk, one line each.
fn drift(outputs: &Outputs) -> anyhow::Result<Vec<String>> {
    let mut lines = Vec::new();
    for (out, output) in &outputs.sdks {
        for d in write::check(&root().join(out), output)? {
            lines.push(format!("{out}: {d}"));
        }
    }
    for (path, text) in &outputs.extra {
        match std::fs::read_to_string(root().join(path)) {
            Ok(on_disk) if on_disk == *text => {}
            Ok(_) => lines.push(format!("{path}: changed")),
            Err(_) => lines.push(format!("{path}: missing")),
        }
    }
    Ok(lines)
}

fn check() -> anyhow::Result<()> {
    let drift = drift(&render_outputs(&current_api()?, &Changelogs::Carried)?)?;
    for d in &drift {
        eprintln!("{d}");
    }
    if !drift.is_empty() {
        bail!(
            "generated/ or a Prism sweep is stale: run `cargo xtask regen` and commit the result"
        );
    }
    eprintln!(
        "generated/, {} and {} are up to date",
        sweep::PATH,
        python::SWEEP_PATH
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sourcegen test: `generated/` and the Prism sweeps must be exactly what the generator
    /// writes today.
    #[test]
    fn generated_sdks_are_up_to_date() {
        let drift = match current_api()
            .and_then(|api| render_outputs(&api, &Changelogs::Carried))
            .and_then(|outputs| drift(&outputs))
        {
            Ok(drift) => drift,
            Err(e) => panic!("generation failed: {e:#}"),
        };
        assert!(
            drift.is_empty(),
            "stale:\n  {}\nrun `cargo xtask regen` and commit the result",
            drift.join("\n  ")
        );
    }
}
