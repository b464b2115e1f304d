//! `cargo xtask bench`: generation, compile time and the SDK's runtime, each against a baseline
//! measured in the same run, so that the figures mean something on any machine as ratios.
//! BENCHMARKS.md says what each case measures and under which conditions.
//!
//! Every part returns [`Section`]s; `bench all` runs the parts in turn and prints their sections
//! together at the end as one report (Markdown tables, ready for BENCHMARKS.md).

pub mod compile;
mod generation;
mod progenitor;
mod runtime;

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

pub const USAGE: &str = "usage: cargo xtask bench <gen [--runs N] | compile [--rounds R] [--cold-rounds C] | cold [--rounds C] | runtime [--iters N] [--stream-mb M] | all>
  gen      generation: whole-process medians of the release binary (normalize, Rust, Python,
           both) with peak RSS, and the in-process stages; N >= 10 runs (15 by default)
  compile  the generated crate's compile time beside progenitor's crate for the same spec,
           R interleaved rounds (3 by default); cold first builds of an app, C rounds (1)
  cold     only the cold first builds: an app on looker-sdk (default TLS, then rustls-ring)
           beside one on reqwest alone, C rounds (1 by default)
  runtime  the SDK's per-request overhead, decoding and streaming against hand-written
           reqwest and serde_json (release build of tests/bench)
  all      every part with its defaults, then one report";

/// Runs `cargo xtask bench ARGS`.
pub fn run(root: &Path, args: &[String]) -> anyhow::Result<()> {
    let (part, rest) = args.split_first().context(USAGE)?;
    // `xtask/..` as an absolute path without the detour, for the paths the report prints.
    let root = &std::fs::canonicalize(root)
        .with_context(|| format!("cannot find the workspace at {}", root.display()))?;
    let sections = match part.as_str() {
        "gen" => generation::run(root, parse_gen(rest)?)?,
        "compile" => {
            let flags = Flags::parse(rest, &["--rounds", "--cold-rounds"])?;
            compile::run(
                root,
                flags.number("--rounds", 3, 1)?,
                flags.number("--cold-rounds", 1, 1)?,
            )?
        }
        "cold" => vec![compile::cold(
            root,
            Flags::parse(rest, &["--rounds"])?.number("--rounds", 1, 1)?,
        )?],
        "runtime" => {
            let flags = Flags::parse(rest, &["--iters", "--stream-mb"])?;
            runtime::run(
                root,
                flags.number("--iters", 20_000, 100)?,
                flags.number("--stream-mb", 1024, 1)?,
            )?
        }
        "all" => {
            if !rest.is_empty() {
                bail!("`bench all` takes no arguments (it uses each part's defaults)\n{USAGE}");
            }
            let mut sections = Vec::new();
            for (name, part) in [
                ("gen", (|root| generation::run(root, 15)) as fn(&Path) -> _),
                ("compile", |root| compile::run(root, 3, 1)),
                ("runtime", |root| runtime::run(root, 20_000, 1024)),
            ] {
                eprintln!("== bench {name}");
                sections.extend(part(root).with_context(|| format!("bench {name}"))?);
            }
            sections
        }
        other => bail!("unknown benchmark `{other}`\n{USAGE}"),
    };
    println!("{}", report(&sections));
    Ok(())
}

fn parse_gen(args: &[String]) -> anyhow::Result<usize> {
    Flags::parse(args, &["--runs"])?.number("--runs", 15, 10)
}

/// A part of the report: a table with a heading and the conditions it was measured under.
pub struct Section {
    pub title: String,
    pub conditions: Vec<String>,
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
    /// Lines after the table: skipped cases, missing hooks.
    pub notes: Vec<String>,
}

/// The whole report, as Markdown, headed by the machine it ran on.
fn report(sections: &[Section]) -> String {
    // The headings fit under BENCHMARKS.md's title: the output replaces its "Figures" section.
    let mut out = format!("## Figures\n\n{}\n", machine());
    for section in sections {
        out.push_str(&format!("\n### {}\n\n", section.title));
        for line in &section.conditions {
            out.push_str(&format!("{line}\n"));
        }
        if !section.conditions.is_empty() {
            out.push('\n');
        }
        if !section.rows.is_empty() {
            out.push_str(&format!("| {} |\n", section.columns.join(" | ")));
            let rule: Vec<&str> = section.columns.iter().map(|_| "---").collect();
            out.push_str(&format!("| {} |\n", rule.join(" | ")));
            for row in &section.rows {
                out.push_str(&format!("| {} |\n", row.join(" | ")));
            }
        }
        for note in &section.notes {
            out.push_str(&format!("\n{note}\n"));
        }
    }
    out
}

/// `nproc`, the CPU model (from /proc/cpuinfo, as `lscpu` shows it) and the date.
fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|rest| rest.trim_start_matches([' ', '\t', ':']).trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let date = Command::new("date")
        .arg("+%Y-%m-%d")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|d| d.trim().to_owned())
        .unwrap_or_else(|| "an unknown date".to_owned());
    format!("Measured on {date}: {cores} cores, {model}.")
}

/// `--name value` flags from a fixed set, each at most once.
struct Flags(Vec<(String, String)>);

impl Flags {
    fn parse(args: &[String], known: &[&str]) -> anyhow::Result<Flags> {
        let mut pairs: Vec<(String, String)> = Vec::new();
        let mut it = args.iter();
        while let Some(name) = it.next() {
            if !known.contains(&name.as_str()) {
                bail!("unknown argument `{name}`\n{USAGE}");
            }
            let value = it.next().with_context(|| format!("{name} needs a value"))?;
            if pairs.iter().any(|(n, _)| n == name) {
                bail!("{name} given twice");
            }
            pairs.push((name.clone(), value.clone()));
        }
        Ok(Flags(pairs))
    }

    /// The flag's number, at least `min`; `default` when it is absent.
    fn number(&self, name: &str, default: usize, min: usize) -> anyhow::Result<usize> {
        let Some((_, text)) = self.0.iter().find(|(n, _)| n == name) else {
            return Ok(default);
        };
        match text.parse::<usize>() {
            Ok(n) if n >= min => Ok(n),
            _ => bail!("{name} takes a number of at least {min}, not `{text}`"),
        }
    }
}

/// What one child process took: its wall time, its peak resident set (`ru_maxrss` from
/// `wait4`, where the platform has it) and what it printed.
pub struct Measured {
    pub wall: Duration,
    pub max_rss_kib: Option<u64>,
    pub stdout: String,
}

/// Runs `cmd` to the end, timing it from spawn to exit; fails with its stderr when it fails.
/// stdout and stderr are read on their own threads, so a chatty child never blocks.
pub fn measure(cmd: &mut Command, what: &str) -> anyhow::Result<Measured> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = cmd
        .spawn()
        .with_context(|| format!("cannot start {what}"))?;
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut text);
            }
            String::from_utf8_lossy(&text).into_owned()
        })
    };
    let out = drain(child.stdout.take().map(|p| Box::new(p) as _));
    let err = drain(child.stderr.take().map(|p| Box::new(p) as _));
    let (success, max_rss_kib) =
        wait_with_rusage(&mut child).with_context(|| format!("cannot wait for {what}"))?;
    let wall = start.elapsed();
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    if !success {
        let tail: Vec<&str> = stderr.lines().rev().take(30).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        bail!("{what} failed:\n{}", tail.join("\n"));
    }
    Ok(Measured {
        wall,
        max_rss_kib,
        stdout,
    })
}

/// Waits for `child` with `wait4`, which hands back the child's own resource use: its peak
/// resident set without counting any other child of this process.
#[cfg(unix)]
fn wait_with_rusage(child: &mut std::process::Child) -> anyhow::Result<(bool, Option<u64>)> {
    let pid = libc::pid_t::try_from(child.id()).context("the child's pid is out of range")?;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero `rusage` is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: `pid` is our own child, not yet waited for (std's `Child` only waits when
        // asked to), and both pointers are to live locals of the right types.
        let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if rc == pid {
            break;
        }
        let error = std::io::Error::last_os_error();
        if rc == -1 && error.kind() == std::io::ErrorKind::Interrupted {
            continue;
        }
        bail!("wait4 failed: {error}");
    }
    let success = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    let max_rss = u64::try_from(usage.ru_maxrss).ok();
    // Linux reports KiB; macOS reports bytes.
    let max_rss_kib = if cfg!(target_os = "macos") {
        max_rss.map(|b| b / 1024)
    } else {
        max_rss
    };
    Ok((success, max_rss_kib))
}

#[cfg(not(unix))]
fn wait_with_rusage(child: &mut std::process::Child) -> anyhow::Result<(bool, Option<u64>)> {
    Ok((child.wait()?.success(), None))
}

/// `RESULT <key> <value>` lines from a benchmark binary, by key.
pub struct Results(Vec<(String, f64)>);

impl Results {
    pub fn parse(stdout: &str) -> Results {
        Results(
            stdout
                .lines()
                .filter_map(|line| {
                    let mut words = line.strip_prefix("RESULT ")?.split_whitespace();
                    let key = words.next()?;
                    let value = words.next()?.parse().ok()?;
                    Some((key.to_owned(), value))
                })
                .collect(),
        )
    }

    pub fn get(&self, key: &str) -> anyhow::Result<f64> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| *v)
            .with_context(|| format!("the benchmark printed no `{key}`"))
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, f64)> {
        self.0.iter().map(|(k, v)| (k.as_str(), *v))
    }
}

/// The median of `values` (the upper one of an even count).
pub fn median(values: &[Duration]) -> anyhow::Result<Duration> {
    let mut sorted = values.to_vec();
    sorted.sort();
    sorted
        .get(sorted.len() / 2)
        .copied()
        .context("no measurements")
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// A ratio for the report, with its target when there is one: `0.42 (target <= 0.50: met)`.
pub fn ratio(value: f64, target: Option<(&str, f64)>) -> String {
    match target {
        None => format!("{value:.2}"),
        Some((op, limit)) => {
            let met = match op {
                "<=" => value <= limit,
                ">=" => value >= limit,
                _ => false,
            };
            format!(
                "{value:.2} (target {op} {limit:.2}: {})",
                if met { "met" } else { "missed" }
            )
        }
    }
}

pub fn mib(kib: Option<u64>) -> String {
    kib.map_or_else(
        || "n/a".to_owned(),
        |k| format!("{:.0} MiB", k as f64 / 1024.0),
    )
}

/// `cargo` as xtask was run with.
pub fn cargo() -> Command {
    Command::new(env!("CARGO"))
}

/// Runs a build step (not timed), failing with its output when it fails.
pub fn build(cmd: &mut Command, what: &str) -> anyhow::Result<()> {
    eprintln!("{what}");
    measure(cmd, what).map(drop)
}

/// `target/bench/<name>`, the benchmarks' own corner of the target directory.
pub fn bench_dir(root: &Path, name: &str) -> PathBuf {
    root.join("target/bench").join(name)
}

/// The release `looker-codegen` binary, built first.
pub fn codegen_binary(root: &Path) -> anyhow::Result<PathBuf> {
    build(
        cargo()
            .args([
                "build",
                "--release",
                "--quiet",
                "-p",
                "looker-codegen",
                "--bin",
                "looker-codegen",
            ])
            .current_dir(root),
        "building looker-codegen (release)",
    )?;
    let bin = root.join("target/release/looker-codegen");
    if !bin.is_file() {
        bail!("cargo built no {}", bin.display());
    }
    Ok(bin)
}

/// A path as UTF-8, for a command line.
pub fn utf8(path: &Path) -> anyhow::Result<&str> {
    path.to_str()
        .with_context(|| format!("{} is not UTF-8", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_are_read_by_key_and_strays_ignored() -> anyhow::Result<()> {
        let results = Results::parse("progress\nRESULT a.b 1.5\nRESULT bad x\nRESULT c 2\n");
        assert_eq!(results.get("a.b")?, 1.5);
        assert_eq!(results.get("c")?, 2.0);
        assert!(results.get("bad").is_err());
        assert_eq!(results.iter().count(), 2);
        Ok(())
    }

    #[test]
    fn ratios_say_whether_their_target_is_met() {
        assert_eq!(ratio(0.4, Some(("<=", 0.5))), "0.40 (target <= 0.50: met)");
        assert_eq!(
            ratio(0.6, Some(("<=", 0.5))),
            "0.60 (target <= 0.50: missed)"
        );
        assert_eq!(ratio(1.234, None), "1.23");
    }

    #[test]
    fn flags_take_known_names_once_with_a_minimum() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let runs = |a: &[&str]| parse_gen(&args(a));
        assert_eq!(runs(&[]).ok(), Some(15));
        assert_eq!(runs(&["--runs", "12"]).ok(), Some(12));
        assert!(runs(&["--runs", "9"]).is_err(), "fewer than 10 runs");
        assert!(runs(&["--runs", "12", "--runs", "13"]).is_err());
        assert!(runs(&["--rounds", "3"]).is_err());
        assert!(runs(&["--runs"]).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_child_reports_its_peak_memory_and_its_failure() -> anyhow::Result<()> {
        let ok = measure(Command::new("sh").args(["-c", "echo RESULT x 3"]), "sh")?;
        assert_eq!(Results::parse(&ok.stdout).get("x")?, 3.0);
        assert!(ok.max_rss_kib.is_some_and(|k| k > 0));
        let failed = measure(
            Command::new("sh").args(["-c", "echo why >&2; exit 3"]),
            "sh",
        );
        assert!(failed.is_err_and(|e| e.to_string().contains("why")));
        Ok(())
    }
}
