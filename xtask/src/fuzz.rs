//! `cargo xtask fuzz`: bounded libFuzzer runs of the targets in `tests/fuzz/` (cargo-fuzz, nightly).
//!
//! Each target starts from its committed corpus (`tests/fuzz/corpus/<target>`) and from seeds made
//! here: the fixture specs, and small slices of the real spec (one operation with the schemas
//! it reaches), so that the mutator works on Looker's real shapes without the 2.5 MB file
//! making every run slow. What libFuzzer finds new goes to `target/fuzz/corpus/<target>`, a
//! crash to `target/fuzz/artifacts/<target>/`, and the run fails naming it.
//!
//! The defaults are CI's bounded run (AddressSanitizer, inputs up to 256 KiB). For long runs,
//! `--sanitizer none` drops ASan: every target is safe Rust, where ASan finds little, and it costs
//! most of the loader's speed. `--max-len` bounds the inputs libFuzzer makes, and `--runs` stops
//! after that many executions instead of after `--time`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use serde_json::{Map, Value, json};

/// The targets, in the order they run.
pub const TARGETS: [&str; 3] = ["load_spec", "build_model", "decode_response"];
/// Seconds per target when `--time` is not given: the bounded run CI makes.
const DEFAULT_SECONDS: u64 = 60;
/// One operation in this many becomes a seed slice.
const SLICE_EVERY: usize = 8;
/// The sanitizers `cargo fuzz run -s` accepts.
const SANITIZERS: [&str; 5] = ["address", "leak", "memory", "thread", "none"];
/// The largest input libFuzzer makes when `--max-len` is not given: above the largest seed
/// (a fixture of 35 KB), so that no seed is cut short and stops being JSON.
const DEFAULT_MAX_LEN: u64 = 262_144;

/// Runs every target (or those named) for `--time SECONDS` each (or `--runs N` executions).
pub fn run(root: &Path, args: &[String]) -> anyhow::Result<()> {
    let mut seconds = None;
    let mut runs = None;
    let mut sanitizer = "address";
    let mut max_len = DEFAULT_MAX_LEN;
    let mut targets = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if arg == "--time" {
            seconds = Some(number(args.next(), "--time takes a number of seconds")?);
        } else if arg == "--runs" {
            runs = Some(number(args.next(), "--runs takes a number of executions")?);
        } else if arg == "--max-len" {
            max_len = number(args.next(), "--max-len takes a number of bytes")?;
        } else if arg == "--sanitizer" {
            sanitizer = args
                .next()
                .map(String::as_str)
                .filter(|s| SANITIZERS.contains(s))
                .with_context(|| format!("--sanitizer takes one of {}", SANITIZERS.join(", ")))?;
        } else if TARGETS.contains(&arg.as_str()) {
            targets.push(arg.as_str());
        } else {
            bail!(
                "unknown fuzz target {arg:?}; the targets are {}",
                TARGETS.join(", ")
            );
        }
    }
    if targets.is_empty() {
        targets = TARGETS.to_vec();
    }
    // `--runs` alone runs until that many executions; 0 is libFuzzer's "no time limit".
    let seconds = seconds.unwrap_or(if runs.is_some() { 0 } else { DEFAULT_SECONDS });
    ensure_cargo_fuzz()?;
    let work = root.join("target/fuzz");
    let seeds = work.join("seeds/spec");
    write_spec_seeds(&root.join("spec/Looker.4.0.oas.json"), &seeds)?;
    for target in targets {
        let corpus = work.join("corpus").join(target);
        let artifacts = work.join("artifacts").join(target);
        for dir in [&corpus, &artifacts] {
            fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let committed = root.join("tests/fuzz/corpus").join(target);
        let mut dirs: Vec<PathBuf> = vec![corpus, committed];
        if target != "decode_response" {
            dirs.push(root.join("tests/fixtures"));
            dirs.push(seeds.clone());
        }
        match runs {
            Some(n) if seconds > 0 => eprintln!("fuzz: {target} for {n} runs or {seconds} s"),
            Some(n) => eprintln!("fuzz: {target} for {n} runs"),
            None => eprintln!("fuzz: {target} for {seconds} s"),
        }
        let mut command = Command::new("cargo");
        command
            .arg("+nightly")
            .args([
                "fuzz",
                "run",
                "--fuzz-dir",
                "tests/fuzz",
                "--sanitizer",
                sanitizer,
            ])
            .arg(target)
            .args(&dirs)
            .arg("--")
            .arg(format!("-max_total_time={seconds}"));
        if let Some(n) = runs {
            command.arg(format!("-runs={n}"));
        }
        let status = command
            .arg(format!("-artifact_prefix={}/", artifacts.display()))
            // A spec slice takes milliseconds; ten seconds is a hang.
            .arg("-timeout=10")
            .arg("-rss_limit_mb=2048")
            .arg(format!("-max_len={max_len}"))
            .arg("-print_final_stats=1")
            .current_dir(root)
            .status()
            .context("cannot run `cargo +nightly fuzz`")?;
        if !status.success() {
            bail!(
                "fuzz target {target} failed: the input is in {} (reproduce with \
                 `cargo +nightly fuzz run --fuzz-dir tests/fuzz {target} <file>`)",
                artifacts.display()
            );
        }
    }
    Ok(())
}

/// Parses an option's number, with `message` when it is missing or not a number.
fn number(value: Option<&String>, message: &'static str) -> anyhow::Result<u64> {
    value.and_then(|s| s.parse().ok()).context(message)
}

/// The cargo-fuzz CI installs: a new release on crates.io changes nothing here until this does.
const CARGO_FUZZ: &str = "0.13.2";

/// Installs cargo-fuzz [`CARGO_FUZZ`] from crates.io (with its own lock file) unless that
/// version is installed, and says which nightly builds the targets: the machine's own, as no
/// other toolchain can be fetched here.
fn ensure_cargo_fuzz() -> anyhow::Result<()> {
    let version = |args: &[&str]| {
        Command::new(args[0])
            .args(&args[1..])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
    };
    let nightly = version(&["rustc", "+nightly", "--version"])
        .context("no nightly toolchain: `rustup toolchain list` must show one")?;
    eprintln!("fuzz: {nightly}");
    let installed = version(&["cargo", "+nightly", "fuzz", "--version"]);
    if installed.as_deref() == Some(&format!("cargo-fuzz {CARGO_FUZZ}")) {
        return Ok(());
    }
    eprintln!(
        "fuzz: installing cargo-fuzz {CARGO_FUZZ} (found {})",
        installed.as_deref().unwrap_or("none")
    );
    let status = Command::new("cargo")
        .args([
            "install",
            "cargo-fuzz",
            "--version",
            CARGO_FUZZ,
            "--locked",
            "--force",
        ])
        .status()
        .context("cannot run `cargo install cargo-fuzz`")?;
    if !status.success() {
        bail!("`cargo install cargo-fuzz --version {CARGO_FUZZ} --locked` failed");
    }
    Ok(())
}

/// Writes one small spec per sampled operation of `spec`: the operation and every schema it
/// reaches, so each seed loads on its own.
fn write_spec_seeds(spec: &Path, dir: &Path) -> anyhow::Result<()> {
    let text = fs::read(spec).with_context(|| format!("cannot read {}", spec.display()))?;
    let doc: Value = serde_json::from_slice(&text)?;
    let schemas = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let paths = doc
        .get("paths")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let operations = paths.iter().flat_map(|(path, item)| {
        item.as_object()
            .into_iter()
            .flatten()
            .map(move |(verb, op)| (path.clone(), verb.clone(), op.clone()))
    });
    for (i, (path, verb, op)) in operations.enumerate().filter(|(i, _)| i % SLICE_EVERY == 0) {
        let mut reached = BTreeSet::new();
        refs(&op, &schemas, &mut reached);
        let used: Map<String, Value> = reached
            .into_iter()
            .filter_map(|name| Some((name.clone(), schemas.get(&name)?.clone())))
            .collect();
        let slice = json!({
            "openapi": doc["openapi"],
            "info": doc["info"],
            "servers": doc["servers"],
            "paths": { path: { verb: op } },
            "components": { "schemas": used },
        });
        fs::write(
            dir.join(format!("op{i:03}.json")),
            serde_json::to_vec(&slice)?,
        )?;
    }
    Ok(())
}

/// Collects the names of the schemas `node` refers to, transitively.
fn refs(node: &Value, schemas: &Map<String, Value>, out: &mut BTreeSet<String>) {
    match node {
        Value::Object(map) => {
            if let Some(name) = map
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
                && out.insert(name.to_owned())
                && let Some(schema) = schemas.get(name)
            {
                refs(schema, schemas, out);
            }
            for value in map.values() {
                refs(value, schemas, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, schemas, out)),
        _ => {}
    }
}
