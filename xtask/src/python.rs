//! The Python SDK's checks: the pytest sweep's data file, the virtualenv, and the steps
//! `cargo xtask test` runs with Prism up (`ruff format --check` and `mypy` on
//! `generated/python`, then `pytest tests/python`).
//!
//! The virtualenv (`target/python-venv`) is made with `python3 -m venv` from the first Python
//! 3.11+ found, and gets the pinned `tests/python/requirements.txt` plus the generated package
//! (`pip install -e generated/python`, with the pinned setuptools and no build isolation, so
//! nothing unpinned is fetched). A stamp records what it was made from; a re-run with the same
//! inputs touches nothing.
//!
//! `tests/python/sweep_cases.json` is to the Python sweep what `tests/sdk/tests/prism/sweep.rs`
//! is to the Rust one: one case per GET operation, with a sample value for every argument,
//! built from the generator's model. `cargo xtask regen` writes it, `cargo xtask check` fails
//! when it is stale.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, bail};
use looker_codegen::model::{Api, Argument, Intrinsic, Location, TypeKind, TypeRef, Verb};
use serde_json::{Value, json};

/// Where the sweep's data goes, relative to the workspace root.
pub const SWEEP_PATH: &str = "tests/python/sweep_cases.json";
/// The generated Python package, relative to the workspace root.
const GENERATED: &str = "generated/python";
/// The import package inside it.
const PACKAGE: &str = "looker_codegen_sdk";
/// The pinned test tools and runtime.
const REQUIREMENTS: &str = "tests/python/requirements.txt";
/// The virtualenv, relative to the workspace root.
const VENV: &str = "target/python-venv";
/// Caches and logs of the Python steps (wheels, mypy's cache, pip's log).
const WORK: &str = "target/python";
/// The environment variable naming the generator binary, for the tests that run it.
pub const CODEGEN_BIN_VAR: &str = "LOOKER_CODEGEN_BIN";
/// The oldest Python the harness runs on (`tomllib`).
const MIN_PYTHON: (u32, u32) = (3, 11);

/// Values for string parameters by wire name, where a name reads better than `"1"` (the Rust
/// sweep's list, so that both sweeps send the same requests).
const PLAUSIBLE: &[(&str, &str)] = &[
    ("api_version", "4.0"),
    ("branch_name", "dev"),
    ("connection_name", "thelook"),
    ("credential_type", "email"),
    ("explore_name", "users"),
    ("field_name", "users.id"),
    ("fields", "id"),
    ("lookml_model_name", "thelook"),
    ("model", "thelook"),
    ("model_name", "thelook"),
    ("namespace", "sdk-tests"),
    ("pattern", "users"),
    ("result_format", "json"),
    ("sorts", "id"),
    ("specification", "swagger"),
    ("terms", "sales"),
    ("theme_type", "light"),
    ("type", "dashboard"),
    ("view", "users"),
    ("view_name", "users"),
];

/// The sweep's data for `api`: every GET operation with a typed sample value per argument, in
/// the model's argument order. The Python test turns each value into the Python value of its
/// kind (`delimited` becomes the runtime's `DelimSequence`, `datetime` a `datetime`).
pub fn render_sweep(api: &Api) -> anyhow::Result<String> {
    let mut cases = Vec::new();
    let mut skipped = Vec::new();
    let mut total = 0;
    for method in api.methods.iter().filter(|m| m.verb == Verb::Get) {
        total += 1;
        let id = &method.name.wire;
        let arguments: Result<Vec<Value>, String> = method
            .arguments()
            .into_iter()
            .map(|argument| match argument {
                Argument::Param(param) => Ok(json!({
                    "name": param.name.wire,
                    "location": location(param.location),
                    "required": param.required,
                    "value": sample(api, &param.name.wire, &param.ty)?,
                })),
                Argument::Body(_) => Err("a GET operation with a body".to_owned()),
            })
            .collect();
        match arguments {
            Ok(arguments) => cases.push(json!({
                "operation": id,
                "path": method.path,
                "arguments": arguments,
            })),
            Err(reason) => skipped.push(json!({ "operation": id, "reason": reason })),
        }
    }
    let data = json!({
        "notice": looker_codegen::emit::GENERATED_NOTICE,
        "about": "Written by `cargo xtask regen` (xtask/src/python.rs) from the generator's model; \
                  `cargo xtask check` fails when it is stale. One case per GET operation with a \
                  sample value for every argument, read by tests/python/test_sweep.py.",
        "get_operations": total,
        "skipped": skipped,
        "cases": cases,
    });
    Ok(serde_json::to_string_pretty(&data)? + "\n")
}

fn location(location: Location) -> &'static str {
    match location {
        Location::Path => "path",
        Location::Query => "query",
        Location::Header => "header",
        Location::Cookie => "cookie",
        Location::Form => "form",
    }
}

/// A sample value of `ty` for the parameter `name`, as `{"kind": .., "value": ..}`, or why
/// there is none.
fn sample(api: &Api, name: &str, ty: &TypeRef) -> Result<Value, String> {
    let text = PLAUSIBLE
        .iter()
        .find(|(n, _)| *n == name)
        .map_or("1", |(_, v)| v);
    let value = match ty {
        TypeRef::Intrinsic(intrinsic) => match intrinsic {
            Intrinsic::String
            | Intrinsic::Uri
            | Intrinsic::Email
            | Intrinsic::Uuid
            | Intrinsic::Password => json!({ "kind": "str", "value": text }),
            Intrinsic::Integer | Intrinsic::Int32 | Intrinsic::Int64 => {
                json!({ "kind": "int", "value": 1 })
            }
            Intrinsic::Number | Intrinsic::Float | Intrinsic::Double => {
                json!({ "kind": "float", "value": 1.0 })
            }
            Intrinsic::Boolean => json!({ "kind": "bool", "value": true }),
            // Naive and in UTC, as the runtime expects: it appends the `Z` itself.
            Intrinsic::DateTime => json!({ "kind": "datetime", "value": "2024-01-02T03:04:05" }),
            Intrinsic::Date => json!({ "kind": "date", "value": "2024-01-02" }),
            Intrinsic::Binary | Intrinsic::Any | Intrinsic::Object => {
                return Err(format!("cannot fill `{name}` of type {intrinsic:?}"));
            }
        },
        TypeRef::Named(type_name) => match api.type_def(type_name).map(|t| &t.kind) {
            // The runtime sends an enum parameter as its wire string.
            Some(TypeKind::Enum(values)) => match values.values.first() {
                Some(first) => json!({ "kind": "str", "value": first.wire }),
                None => return Err(format!("the enum `{type_name}` of `{name}` has no values")),
            },
            _ => return Err(format!("cannot fill `{name}` of type `{type_name}`")),
        },
        TypeRef::DelimArray(item) => {
            json!({ "kind": "delimited", "value": [sample(api, name, item)?] })
        }
        TypeRef::Array(item) => json!({ "kind": "list", "value": [sample(api, name, item)?] }),
        TypeRef::Map(item) => match &**item {
            TypeRef::Intrinsic(Intrinsic::String) => {
                json!({ "kind": "dict", "value": { "users.id": "1" } })
            }
            other => return Err(format!("cannot fill `{name}`: a map of {other:?}")),
        },
    };
    Ok(value)
}

/// The virtualenv, ready to run the Python steps.
pub struct Toolchain {
    python: PathBuf,
    bin: PathBuf,
    /// Whether `generated/python` exists (and is installed in the virtualenv).
    generated: bool,
}

impl Toolchain {
    /// The virtualenv's interpreter (`cargo xtask package` builds the wheel with it).
    pub fn python(&self) -> &Path {
        &self.python
    }
}

/// Creates or refreshes the virtualenv. pip's output goes to `target/python/setup.log`, which a
/// failure prints, so that it does not interleave with a build running beside it.
pub fn setup(root: &Path) -> anyhow::Result<Toolchain> {
    let started = Instant::now();
    let work = root.join(WORK);
    fs::create_dir_all(&work).with_context(|| format!("cannot create {}", work.display()))?;
    let venv = root.join(VENV);
    let bin = venv.join("bin");
    let generated = root.join(GENERATED).join("pyproject.toml").is_file();
    let system_python = find_python()?;
    let requirements = fs::read_to_string(root.join(REQUIREMENTS))
        .with_context(|| format!("cannot read {REQUIREMENTS}"))?;
    let pyproject = if generated {
        fs::read_to_string(root.join(GENERATED).join("pyproject.toml"))
            .with_context(|| format!("cannot read {GENERATED}/pyproject.toml"))?
    } else {
        "(no generated package)\n".to_owned()
    };
    // What the virtualenv is made from; any change makes a new one, so that nothing from an
    // older set of requirements lingers.
    let stamp_text = format!(
        "python: {}\n--- {REQUIREMENTS}\n{requirements}--- {GENERATED}/pyproject.toml\n{pyproject}",
        system_python.describe()
    );
    let stamp = venv.join("looker-codegen-stamp.txt");
    let python = bin.join("python");
    if python.is_file() && fs::read_to_string(&stamp).ok().as_deref() == Some(stamp_text.as_str()) {
        return Ok(Toolchain {
            python,
            bin,
            generated,
        });
    }
    eprintln!(
        "python: creating {VENV} with {} (log in {WORK}/setup.log)",
        system_python.describe()
    );
    if venv.exists() {
        fs::remove_dir_all(&venv).with_context(|| format!("cannot remove {}", venv.display()))?;
    }
    let log = work.join("setup.log");
    fs::write(&log, "").with_context(|| format!("cannot write {}", log.display()))?;
    let run = |program: &Path, args: &[&str]| -> anyhow::Result<()> {
        let log_file = fs::OpenOptions::new().append(true).open(&log)?;
        let status = Command::new(program)
            .args(args)
            .current_dir(root)
            .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
            .stdout(log_file.try_clone()?)
            .stderr(log_file)
            .status()
            .with_context(|| format!("cannot run {}", program.display()))?;
        if !status.success() {
            bail!(
                "`{} {}` failed ({status}); its output:\n{}",
                program.display(),
                args.join(" "),
                fs::read_to_string(&log).unwrap_or_default()
            );
        }
        Ok(())
    };
    let venv_str = venv
        .to_str()
        .context("the virtualenv's path is not UTF-8")?;
    run(&system_python.path, &["-m", "venv", venv_str])?;
    run(
        &python,
        &["-m", "pip", "install", "--no-input", "-r", REQUIREMENTS],
    )?;
    if generated {
        // Editable, so that a regenerated module is what the tests import without a reinstall;
        // the pinned setuptools builds it.
        run(
            &python,
            &[
                "-m",
                "pip",
                "install",
                "--no-input",
                "--no-build-isolation",
                "-e",
                GENERATED,
            ],
        )?;
    }
    fs::write(&stamp, stamp_text).with_context(|| format!("cannot write {}", stamp.display()))?;
    eprintln!(
        "python: {VENV} ready ({:.1} s)",
        started.elapsed().as_secs_f64()
    );
    Ok(Toolchain {
        python,
        bin,
        generated,
    })
}

/// A Python interpreter on this machine.
struct SystemPython {
    path: PathBuf,
    version: String,
}

impl SystemPython {
    fn describe(&self) -> String {
        format!("{} (Python {})", self.path.display(), self.version)
    }
}

/// The first Python 3.11+ with `venv` and `ensurepip`: `$LOOKER_PYTHON` when set, then
/// `python3`, `python3.13` .. `python3.11` and `python` on the PATH (a pyenv shim included),
/// then `/usr/bin/python3`.
fn find_python() -> anyhow::Result<SystemPython> {
    let mut candidates: Vec<String> = std::env::var("LOOKER_PYTHON").into_iter().collect();
    candidates.extend(
        [
            "python3",
            "python3.13",
            "python3.12",
            "python3.11",
            "python",
            "/usr/bin/python3",
        ]
        .map(str::to_owned),
    );
    let mut tried = Vec::new();
    for candidate in &candidates {
        // Asks the interpreter for its own path, so that a shim resolves to the real one.
        let probe = "import sys, venv, ensurepip; \
                     print(sys.executable); print('%d.%d.%d' % sys.version_info[:3])";
        let output = Command::new(candidate).args(["-c", probe]).output();
        let Ok(output) = output else {
            tried.push(format!("{candidate}: not found"));
            continue;
        };
        let stdout = String::from_utf8_lossy(&output.stdout);
        let mut lines = stdout.lines();
        let (Some(path), Some(version), true) =
            (lines.next(), lines.next(), output.status.success())
        else {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let why = stderr.lines().last().unwrap_or("no output");
            tried.push(format!("{candidate}: {why}"));
            continue;
        };
        let mut parts = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
        let major_minor = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
        if major_minor < MIN_PYTHON {
            tried.push(format!("{candidate}: Python {version}"));
            continue;
        }
        return Ok(SystemPython {
            path: PathBuf::from(path),
            version: version.to_owned(),
        });
    }
    bail!(
        "the Python tests need Python {}.{}+ with the venv module (Debian: python3-venv); \
         set LOOKER_PYTHON to one. Tried:\n  {}",
        MIN_PYTHON.0,
        MIN_PYTHON.1,
        tried.join("\n  ")
    )
}

/// Runs the Python steps, every one even when another fails: `ruff` on the harness, `ruff
/// format --check` and `mypy` on `generated/python` (skipped, with a message, while it does
/// not exist), then `pytest tests/python PYTEST_ARGS` with `env` (Prism's URLs) set.
pub fn test(
    root: &Path,
    toolchain: &Toolchain,
    env: &[(&str, String)],
    pytest_args: &[String],
) -> anyhow::Result<()> {
    let started = Instant::now();
    let mut failed = Vec::new();
    let mut step = |label: &str, program: &Path, args: &[&str], extra_env: &[(&str, String)]| {
        let name = program.file_name().unwrap_or_default().to_string_lossy();
        let line = format!("{name} {}", args.join(" "));
        eprintln!("python: {line}");
        let mut command = Command::new(program);
        command
            .args(args)
            .current_dir(root)
            // Bytecode and caches stay out of the source tree.
            .env("PYTHONPYCACHEPREFIX", root.join(WORK).join("pycache"))
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .env("RUFF_CACHE_DIR", root.join(WORK).join("ruff-cache"));
        for (name, value) in env.iter().chain(extra_env) {
            command.env(name, value);
        }
        let problem = match command.status() {
            Ok(status) => verdict(&line, label == "pytest", status.code()),
            Err(e) => Some(format!("cannot run `{line}`: {e}")),
        };
        failed.extend(problem);
    };
    let ruff = toolchain.bin.join("ruff");
    step("ruff", &ruff, &["format", "--check", "tests/python"], &[]);
    step("ruff", &ruff, &["check", "tests/python"], &[]);
    if toolchain.generated {
        step("ruff", &ruff, &["format", "--check", GENERATED], &[]);
        let package = format!("{GENERATED}/{PACKAGE}");
        step(
            "mypy",
            &toolchain.python,
            &[
                "-m",
                "mypy",
                "--config-file",
                "tests/python/mypy.ini",
                &package,
            ],
            &[],
        );
    } else {
        eprintln!(
            "python: {GENERATED} does not exist yet: skipping `ruff format --check` and `mypy` \
             on it (pytest runs on the package tests/python/conftest.py names)"
        );
    }
    let bin = codegen_bin(root)?;
    let mut args = vec!["-m", "pytest", "tests/python"];
    args.extend(pytest_args.iter().map(String::as_str));
    step(
        "pytest",
        &toolchain.python,
        &args,
        &[(CODEGEN_BIN_VAR, bin.display().to_string())],
    );
    eprintln!(
        "python: {:.1} s for the Python steps",
        started.elapsed().as_secs_f64()
    );
    if !failed.is_empty() {
        bail!("Python steps failed:\n  {}", failed.join("\n  "));
    }
    Ok(())
}

/// What went wrong with a step that exited with `code` (`None`: killed by a signal), if anything.
/// pytest's exit code 5 means that it collected no tests, which is never a pass.
fn verdict(line: &str, pytest: bool, code: Option<i32>) -> Option<String> {
    match code {
        Some(0) => None,
        Some(5) if pytest => Some(format!("`{line}` collected no tests (exit code 5)")),
        Some(code) => Some(format!("`{line}` failed (exit code {code})")),
        None => Some(format!("`{line}` was killed by a signal")),
    }
}

/// The generator binary: `$LOOKER_CODEGEN_BIN` when set, else built (or found up to date) with
/// `cargo build`.
fn codegen_bin(root: &Path) -> anyhow::Result<PathBuf> {
    if let Some(bin) = std::env::var_os(CODEGEN_BIN_VAR) {
        return Ok(PathBuf::from(bin));
    }
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args([
            "build",
            "--quiet",
            "-p",
            "looker-codegen",
            "--bin",
            "looker-codegen",
        ])
        .current_dir(root)
        .status()
        .context("cannot run `cargo build`")?;
    if !status.success() {
        bail!("`cargo build -p looker-codegen` failed ({status})");
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let target = if target.is_absolute() {
        target
    } else {
        root.join(target)
    };
    Ok(target.join("debug/looker-codegen"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A model built the way every model is, through the loader: an inline enum named `Format`.
    fn api_with_enum() -> Api {
        let spec = json!({
            "openapi": "3.0.1",
            "info": {"title": "t", "version": "4.0.1.0"},
            "servers": [{"url": "https://localhost/api/4.0"}],
            "paths": {},
            "components": {"schemas": {"Render": {"type": "object", "properties": {
                "format": {"type": "string", "enum": ["png", "jpg"]}
            }}}}
        });
        let api = looker_codegen::api_from_json(spec).expect("loads").api;
        assert!(matches!(
            api.types.get("Format").map(|t| &t.kind),
            Some(TypeKind::Enum(_))
        ));
        api
    }

    #[test]
    fn pytest_collecting_no_tests_fails() {
        assert_eq!(verdict("python -m pytest", true, Some(0)), None);
        assert_eq!(
            verdict("python -m pytest", true, Some(5)),
            Some("`python -m pytest` collected no tests (exit code 5)".to_owned())
        );
        assert_eq!(
            verdict("ruff check", false, Some(5)),
            Some("`ruff check` failed (exit code 5)".to_owned())
        );
        assert!(verdict("mypy", false, None).is_some());
    }

    #[test]
    fn samples_every_parameter_type_of_get_operations() {
        let api = api_with_enum();
        let string = TypeRef::Intrinsic(Intrinsic::String);
        assert_eq!(
            sample(&api, "dashboard_id", &string),
            Ok(json!({ "kind": "str", "value": "1" }))
        );
        assert_eq!(
            sample(&api, "type", &string),
            Ok(json!({ "kind": "str", "value": "dashboard" }))
        );
        assert_eq!(
            sample(&api, "limit", &TypeRef::Intrinsic(Intrinsic::Int64)),
            Ok(json!({ "kind": "int", "value": 1 }))
        );
        assert_eq!(
            sample(&api, "ids", &TypeRef::DelimArray(Box::new(string.clone()))),
            Ok(json!({ "kind": "delimited", "value": [{ "kind": "str", "value": "1" }] }))
        );
        assert_eq!(
            sample(&api, "format", &TypeRef::Named("Format".to_owned())),
            Ok(json!({ "kind": "str", "value": "png" }))
        );
        assert_eq!(
            sample(&api, "body", &TypeRef::Named("WriteUser".to_owned())),
            Err("cannot fill `body` of type `WriteUser`".to_owned())
        );
    }
}
