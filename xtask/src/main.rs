//! Maintainer tasks: `cargo xtask regen | check | bench`.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use looker_codegen::{emit, write};

const USAGE: &str = "usage: cargo xtask <regen | check | bench [--runs N]>
  regen   regenerate every SDK under generated/ from spec/Looker.4.0.oas.json
  check   fail when generated/ differs from what the generator writes (CI runs this)
  bench   time a full Rust SDK generation in release mode against baselines";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("regen") => regen(),
        Some("check") => check(),
        Some("bench") => bench(&args[1..]),
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

fn spec() -> PathBuf {
    root().join("spec/Looker.4.0.oas.json")
}

fn regen() -> anyhow::Result<()> {
    for lang in emit::LANGUAGES {
        let generated = looker_codegen::generate(&spec(), lang.name())?;
        let out = root().join(lang.default_out());
        write::write(&out, &generated.files)?;
        eprintln!(
            "{}: wrote {} files to {}",
            lang.name(),
            generated.files.len(),
            lang.default_out()
        );
    }
    Ok(())
}

fn check() -> anyhow::Result<()> {
    let mut stale = false;
    for lang in emit::LANGUAGES {
        let generated = looker_codegen::generate(&spec(), lang.name())?;
        let drift = write::check(&root().join(lang.default_out()), &generated.files)?;
        for d in &drift {
            eprintln!("{}: {d}", lang.default_out());
        }
        stale |= !drift.is_empty();
    }
    if stale {
        bail!("generated/ is stale: run `cargo xtask regen` and commit the result");
    }
    eprintln!("generated/ is up to date");
    Ok(())
}

/// Times the release binary: a full Rust generation against two baselines measured in the same
/// run, so the figures compare across machines as ratios.
fn bench(args: &[String]) -> anyhow::Result<()> {
    let runs: usize = match args {
        [flag, n] if flag == "--runs" => n.parse().context("--runs takes a number")?,
        [] => 20,
        _ => bail!("{USAGE}"),
    };
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "--quiet", "--bin", "looker-codegen"])
        .current_dir(root())
        .status()?;
    if !status.success() {
        bail!("cargo build --release failed");
    }
    let bin = root().join("target/release/looker-codegen");
    let out = std::env::temp_dir().join(format!("looker-codegen-bench-{}", std::process::id()));
    let spec = spec();
    let spec = spec.to_str().context("spec path is not UTF-8")?;
    let out_str = out.to_str().context("temp path is not UTF-8")?;
    let json = out.with_extension("json");
    let json_str = json.to_str().context("temp path is not UTF-8")?;
    let cases: [(&str, Vec<&str>); 3] = [
        ("process start (languages)", vec!["languages"]),
        (
            "load + repair spec (normalize)",
            vec!["normalize", "--quiet", "--spec", spec, "--out", json_str],
        ),
        (
            "generate Rust SDK",
            vec!["generate", "--quiet", "--spec", spec, "--out", out_str],
        ),
    ];
    println!(
        "{runs} runs each, wall time of `{}` (release):",
        bin.display()
    );
    let mut medians = Vec::new();
    for (label, case_args) in &cases {
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs {
            let start = Instant::now();
            let status = Command::new(&bin).args(case_args).output()?;
            times.push(start.elapsed());
            if !status.status.success() {
                bail!(
                    "{label} failed: {}",
                    String::from_utf8_lossy(&status.stderr)
                );
            }
        }
        times.sort();
        let median = times[times.len() / 2];
        println!(
            "  {label:<34} min {:>8.1} ms  median {:>8.1} ms",
            ms(times[0]),
            ms(median)
        );
        medians.push(median);
    }
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_file(&json);
    println!(
        "generate / normalize = {:.2}x, generate / process start = {:.1}x (medians)",
        medians[2].as_secs_f64() / medians[1].as_secs_f64(),
        medians[2].as_secs_f64() / medians[0].as_secs_f64(),
    );
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sourcegen test: `generated/` must be exactly what the generator writes today.
    #[test]
    fn generated_sdks_are_up_to_date() {
        for lang in emit::LANGUAGES {
            let generated = match looker_codegen::generate(&spec(), lang.name()) {
                Ok(generated) => generated,
                Err(e) => panic!("generation failed: {e}"),
            };
            let drift = match write::check(&root().join(lang.default_out()), &generated.files) {
                Ok(drift) => drift,
                Err(e) => panic!("cannot compare {}: {e}", lang.default_out()),
            };
            let list: Vec<String> = drift.iter().map(ToString::to_string).collect();
            assert!(
                drift.is_empty(),
                "{} is stale:\n  {}\nrun `cargo xtask regen` and commit the result",
                lang.default_out(),
                list.join("\n  ")
            );
        }
    }
}
