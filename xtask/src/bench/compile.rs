//! `bench compile`: what the generated crate costs its users' builds, beside progenitor's crate
//! for the same spec.
//!
//! Conditions, the same for both crates: `CARGO_INCREMENTAL=0` and no `RUSTC_WRAPPER` (a
//! compiler cache would time the cache); one dedicated target directory
//! (target/bench/compile-target); for each case the crate and its dependencies are built once
//! untimed, then each round runs `cargo clean -p <crate>` and times `cargo check -p <crate>` or
//! `cargo build -p <crate>` (debug), so only the crate itself compiles. Rounds alternate the
//! crates (ours, progenitor's, ours, ...) and the figures are medians.
//!
//! Cases: check and build with all features; and, when the crate has per-API-area features
//! `query` and `dashboard`, check with only those (plus the TLS feature its default set turns
//! on), against progenitor's whole crate. Cold first build: an application crate depending on
//! looker-sdk by path, `cargo check` with an empty target directory, dependencies included,
//! beside the same for an application depending only on reqwest with its default features.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, bail};
use serde_json::Value;

use super::{
    Section, bench_dir, build, cargo, codegen_binary, measure, median, ms, progenitor, ratio, utf8,
};

/// The per-API-area features whose build is compared with progenitor's whole crate.
const AREA_FEATURES: [&str; 2] = ["query", "dashboard"];

/// A crate under test: how to name it to cargo.
struct Subject {
    /// The package name, for `cargo clean -p` and `-p`.
    package: String,
    /// `--manifest-path` for a crate outside our workspace.
    manifest: Option<PathBuf>,
}

impl Subject {
    /// `cargo <sub> -p <package> <args> --target-dir <target>` with the benchmark's conditions.
    fn cargo(
        &self,
        root: &Path,
        target: &Path,
        sub: &str,
        args: &[String],
    ) -> anyhow::Result<Command> {
        let mut cmd = conditioned(cargo());
        cmd.current_dir(root).arg(sub);
        if let Some(manifest) = &self.manifest {
            cmd.args(["--manifest-path", utf8(manifest)?]);
        }
        cmd.args(["-p", &self.package, "--target-dir", utf8(target)?])
            .args(args);
        Ok(cmd)
    }

    /// Builds the crate and its dependencies once, untimed, so that a timed round compiles
    /// the crate alone.
    fn prepare(
        &self,
        root: &Path,
        target: &Path,
        sub: &str,
        args: &[String],
    ) -> anyhow::Result<()> {
        build(
            &mut self.cargo(root, target, sub, args)?,
            &format!(
                "compile: cargo {sub} -p {} {} (dependencies, untimed)",
                self.package,
                args.join(" ")
            ),
        )
    }

    /// `cargo clean -p` the crate, then times one `cargo <sub>` of it.
    fn time(
        &self,
        root: &Path,
        target: &Path,
        sub: &str,
        args: &[String],
    ) -> anyhow::Result<Duration> {
        build(
            &mut self.cargo(root, target, "clean", &[])?,
            &format!("compile: cargo clean -p {}", self.package),
        )?;
        let what = format!("cargo {sub} -p {} {}", self.package, args.join(" "));
        let m = measure(&mut self.cargo(root, target, sub, args)?, &what)?;
        eprintln!("compile: {what}: {:.1} s", m.wall.as_secs_f64());
        Ok(m.wall)
    }
}

/// A command with the compile benchmark's conditions.
fn conditioned(mut cmd: Command) -> Command {
    cmd.env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTC_WRAPPER")
        .env_remove("CARGO_BUILD_RUSTC_WRAPPER");
    cmd
}

/// One row: a cargo subcommand and our crate's feature arguments, against progenitor's crate
/// (all features) built with the same subcommand.
struct Case {
    label: String,
    sub: &'static str,
    ours: Vec<String>,
    target: f64,
}

pub fn run(root: &Path, rounds: usize, cold_rounds: usize) -> anyhow::Result<Vec<Section>> {
    let sdk_manifest = root.join("generated/looker-sdk/Cargo.toml");
    let (package, features) = package_features(root, &sdk_manifest)?;
    let ours = Subject {
        package,
        manifest: None,
    };
    let all = vec!["--all-features".to_owned()];
    let mut cases = vec![
        Case {
            label: "clean `cargo check`, all features".to_owned(),
            sub: "check",
            ours: all.clone(),
            target: 0.5,
        },
        Case {
            label: "clean debug `cargo build`, all features".to_owned(),
            sub: "build",
            ours: all.clone(),
            target: 0.6,
        },
    ];
    let mut notes = Vec::new();
    if AREA_FEATURES.iter().all(|f| features.contains_key(*f)) {
        let mut wanted: Vec<String> = AREA_FEATURES.iter().map(|f| (*f).to_owned()).collect();
        wanted.extend(tls_features(&features));
        cases.push(Case {
            label: format!(
                "clean `cargo check`, `--no-default-features --features {}` (vs progenitor's whole crate)",
                wanted.join(",")
            ),
            sub: "check",
            ours: vec!["--no-default-features".to_owned(), "--features".to_owned(), wanted.join(",")],
            target: 0.15,
        });
    } else {
        notes.push(format!(
            "No query+dashboard case: {} has no features named {}.",
            sdk_manifest
                .strip_prefix(root)
                .unwrap_or(&sdk_manifest)
                .display(),
            AREA_FEATURES.join(" and ")
        ));
    }

    let target = bench_dir(root, "compile-target");
    let theirs = progenitor_subject(root)?;
    let theirs = match theirs {
        Ok(subject) => Some(subject),
        Err(reason) => {
            eprintln!("compile: progenitor skipped: {reason}");
            notes.push(format!("progenitor comparison skipped: {reason}"));
            None
        }
    };
    // Built once untimed for each case; progenitor's crate is given every feature it has.
    let mut theirs = match theirs {
        Some(subject) => match subject.prepare(root, &target, "check", &all) {
            Ok(()) => Some(subject),
            Err(e) => {
                let reason = format!("progenitor's crate does not compile: {e:#}");
                eprintln!("compile: {reason}");
                notes.push(format!("progenitor comparison skipped: {reason}"));
                None
            }
        },
        None => None,
    };

    let mut section = Section {
        title: "Compile time of the generated crate".to_owned(),
        conditions: vec![format!(
            "`CARGO_INCREMENTAL=0`, no `RUSTC_WRAPPER`, dependencies built first, then per \
             round `cargo clean -p` and the timed command for the crate alone; target dir \
             target/bench/compile-target; {rounds} round(s) alternating ours and progenitor's \
             (0.15, from the normalized spec trimmed as xtask/src/bench/progenitor.rs says); \
             medians."
        )],
        columns: vec!["case", "looker-sdk", "progenitor", "ours / progenitor"],
        rows: Vec::new(),
        notes: Vec::new(),
    };
    let mut progenitor_check: Option<Duration> = None;
    for case in &cases {
        ours.prepare(root, &target, case.sub, &case.ours)?;
        // The area case compares with progenitor's whole crate, already measured by `check`.
        let measure_theirs = !(case.sub == "check" && progenitor_check.is_some());
        if measure_theirs
            && let Some(subject) = &theirs
            && let Err(e) = subject.prepare(root, &target, case.sub, &all)
        {
            notes.push(format!(
                "progenitor `cargo {}` failed, comparison dropped: {e:#}",
                case.sub
            ));
            theirs = None;
        }
        let (mut ours_times, mut their_times) = (Vec::new(), Vec::new());
        for _ in 0..rounds {
            ours_times.push(ours.time(root, &target, case.sub, &case.ours)?);
            if measure_theirs && let Some(subject) = &theirs {
                their_times.push(subject.time(root, &target, case.sub, &all)?);
            }
        }
        let ours_median = median(&ours_times)?;
        let their_median = if measure_theirs {
            if their_times.is_empty() {
                None
            } else {
                Some(median(&their_times)?)
            }
        } else {
            progenitor_check
        };
        if case.sub == "check" && progenitor_check.is_none() {
            progenitor_check = their_median;
        }
        section.rows.push(vec![
            case.label.clone(),
            seconds(ours_median),
            their_median.map_or_else(|| "n/a".to_owned(), seconds),
            their_median.map_or_else(
                || "n/a".to_owned(),
                |t| {
                    ratio(
                        ours_median.as_secs_f64() / t.as_secs_f64(),
                        Some(("<=", case.target)),
                    )
                },
            ),
        ]);
    }
    section.notes = notes;

    let cold = cold(root, cold_rounds)?;
    Ok(vec![section, cold])
}

fn seconds(d: Duration) -> String {
    format!("{:.1} s", d.as_secs_f64())
}

/// The package name and the `[features]` table of the crate at `manifest`, as cargo reads
/// them (`cargo metadata`), so that nothing here depends on how the file is written.
pub fn package_features(
    root: &Path,
    manifest: &Path,
) -> anyhow::Result<(String, serde_json::Map<String, Value>)> {
    let m = measure(
        cargo().current_dir(root).args([
            "metadata",
            "--no-deps",
            "--format-version",
            "1",
            "--manifest-path",
            utf8(manifest)?,
        ]),
        "cargo metadata",
    )?;
    let metadata: Value =
        serde_json::from_str(&m.stdout).context("cargo metadata printed no JSON")?;
    let manifest = std::fs::canonicalize(manifest)
        .with_context(|| format!("cannot find {}", manifest.display()))?;
    let package = metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| {
            p["manifest_path"]
                .as_str()
                .and_then(|path| std::fs::canonicalize(path).ok())
                .is_some_and(|path| path == manifest)
        })
        .with_context(|| format!("cargo metadata does not list {}", manifest.display()))?;
    let name = package["name"]
        .as_str()
        .context("cargo metadata gives the package no name")?
        .to_owned();
    let features = package["features"].as_object().cloned().unwrap_or_default();
    Ok((name, features))
}

/// The TLS features the crate's default set turns on: the features named in `default` whose
/// name or definition mentions TLS (`rustls = ["reqwest/rustls"]`, `native-tls`, a runtime
/// crate's `tls` feature, ...). A build without default features needs one to reach `https`
/// URLs.
fn tls_features(features: &serde_json::Map<String, Value>) -> Vec<String> {
    let mentions_tls = |text: &str| text.to_ascii_lowercase().contains("tls");
    features
        .get("default")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|name| {
            mentions_tls(name)
                || features
                    .get(*name)
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .any(mentions_tls)
        })
        .map(str::to_owned)
        .collect()
}

/// progenitor's crate, generated from our normalized spec; `Err` says why there is none.
fn progenitor_subject(root: &Path) -> anyhow::Result<Result<Subject, String>> {
    let bin = codegen_binary(root)?;
    let dir = bench_dir(root, "progenitor");
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let normalized = dir.join("looker.normalized.json");
    let spec = crate::spec();
    build(
        Command::new(&bin).args([
            "normalize",
            "--quiet",
            "--spec",
            utf8(&spec)?,
            "--out",
            utf8(&normalized)?,
        ]),
        "compile: looker-codegen normalize (progenitor's input)",
    )?;
    let crate_dir = bench_dir(root, "progenitor-crate");
    Ok(
        progenitor::make_crate(&normalized, &dir.join("looker.trimmed.json"), &crate_dir)?.map(
            |()| Subject {
                package: progenitor::PACKAGE.to_owned(),
                manifest: Some(crate_dir.join("Cargo.toml")),
            },
        ),
    )
}

/// The cold first build: a tiny application on looker-sdk with its default TLS (rustls on
/// aws-lc-rs), the same with rustls on *ring*, and one on reqwest alone (the baseline).
pub fn cold(root: &Path, rounds: usize) -> anyhow::Result<Section> {
    let sdk = root.join("generated/looker-sdk");
    let sdk =
        std::fs::canonicalize(&sdk).with_context(|| format!("cannot find {}", sdk.display()))?;
    let lock = root.join("Cargo.lock");
    // The generated crate depends on its runtime by version; until that is published, an
    // application outside this workspace patches it to the repository's, as the workspace does.
    let patch = crate::runtime_patch(root)?;
    let on_sdk = |features: &str| -> anyhow::Result<String> {
        Ok(format!(
            "looker-sdk = {{ path = {:?}{features} }}\n\n{patch}",
            utf8(&sdk)?
        ))
    };
    let apps = [
        (
            "app",
            "app on looker-sdk (default features: rustls on aws-lc-rs)",
            on_sdk("")?,
            "use looker_sdk as _;",
        ),
        (
            "app-ring",
            "app on looker-sdk with `rustls-ring` instead",
            on_sdk(", default-features = false, features = [\"rustls-ring\", \"gzip\", \"full\"]")?,
            "use looker_sdk as _;",
        ),
        (
            "app-reqwest",
            "app on reqwest alone (baseline)",
            "reqwest = \"0.13\"".to_owned(),
            "use reqwest as _;",
        ),
    ];
    let mut dirs = Vec::new();
    for (name, _, dependency, import) in &apps {
        let dir = bench_dir(root, name);
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .with_context(|| format!("cannot empty {}", dir.display()))?;
        }
        std::fs::create_dir_all(dir.join("src"))
            .with_context(|| format!("cannot create {}", dir.display()))?;
        let manifest = format!(
            "[package]\nname = \"bench-{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\n{dependency}\n\n# Not a member of looker-codegen's workspace, which it lies inside.\n[workspace]\n"
        );
        std::fs::write(dir.join("Cargo.toml"), manifest)
            .context("cannot write an app's Cargo.toml")?;
        std::fs::write(
            dir.join("src/main.rs"),
            format!("{import}\n\nfn main() {{}}\n"),
        )
        .context("cannot write an app's main.rs")?;
        // Our lockfile's versions, so every app resolves as the workspace does; then every
        // download happens here, untimed.
        std::fs::copy(&lock, dir.join("Cargo.lock")).context("cannot copy Cargo.lock")?;
        build(
            conditioned(cargo()).args(["fetch", "--manifest-path", utf8(&dir.join("Cargo.toml"))?]),
            &format!("compile: cargo fetch for {name} (untimed)"),
        )?;
        dirs.push(dir);
    }
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); apps.len()];
    for _ in 0..rounds {
        for (i, dir) in dirs.iter().enumerate() {
            let target = dir.join("target");
            if target.exists() {
                std::fs::remove_dir_all(&target)
                    .with_context(|| format!("cannot empty {}", target.display()))?;
            }
            let what = format!("cold cargo check of {}", apps[i].0);
            let m = measure(
                conditioned(cargo()).args([
                    "check",
                    "--manifest-path",
                    utf8(&dir.join("Cargo.toml"))?,
                    "--target-dir",
                    utf8(&target)?,
                ]),
                &what,
            )?;
            eprintln!("compile: {what}: {:.1} s", m.wall.as_secs_f64());
            times[i].push(m.wall);
        }
    }
    let medians = times
        .iter()
        .map(|t| median(t))
        .collect::<anyhow::Result<Vec<Duration>>>()?;
    let baseline = medians[apps.len() - 1];
    if medians.iter().any(Duration::is_zero) {
        bail!("a cold check took no time");
    }
    // Whether the C side of a TLS provider built without cmake is a fact of this machine.
    let cmake = Command::new("cmake")
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .next()
                .map(str::to_owned)
        });
    Ok(Section {
        title: "Cold first build of an application".to_owned(),
        conditions: vec![format!(
            "target/bench/app (looker-sdk by path, default features), target/bench/app-ring \
             (`default-features = false, features = [\"rustls-ring\", \"gzip\", \"full\"]`) and \
             target/bench/app-reqwest (reqwest 0.13, default features, which are rustls on \
             aws-lc-rs too): `cargo check` with an empty target dir, every dependency included \
             and every build script run (aws-lc-sys and ring compile their C there; downloads \
             done before, untimed), `CARGO_INCREMENTAL=0`; all resolved from the workspace's \
             Cargo.lock; {rounds} round(s), median; cmake on this machine: {}.",
            cmake.as_deref().unwrap_or("none")
        )],
        columns: vec!["case", "cold `cargo check`", "ratio to the reqwest app"],
        rows: apps
            .iter()
            .zip(&medians)
            .map(|((_, label, _, _), time)| {
                vec![
                    (*label).to_owned(),
                    format!("{:.1} s", ms(*time) / 1000.0),
                    ratio(time.as_secs_f64() / baseline.as_secs_f64(), None),
                ]
            })
            .collect(),
        notes: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn features(v: Value) -> serde_json::Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn tls_features_are_read_from_the_default_set() {
        let today = features(json!({
            "default": ["rustls"],
            "rustls": ["reqwest/rustls"],
            "native-tls": ["reqwest/native-tls"],
        }));
        assert_eq!(tls_features(&today), ["rustls"]);
        let split = features(json!({
            "default": ["all-areas", "secure"],
            "all-areas": ["query", "dashboard"],
            "query": [], "dashboard": [],
            "secure": ["looker-sdk-runtime/rustls"],
        }));
        assert_eq!(tls_features(&split), ["secure"]);
        assert!(tls_features(&features(json!({"default": ["query"], "query": []}))).is_empty());
        assert!(tls_features(&features(json!({}))).is_empty());
    }
}
