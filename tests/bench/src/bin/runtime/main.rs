//! The Rust SDK's runtime costs, each against the hand-written code a user would write instead,
//! measured in the same process and run. `cargo xtask bench runtime` builds this in release and
//! runs one case per process; the figures come out as `RESULT <key> <value>` lines on stdout
//! (progress goes to stderr), and the xtask turns them into ratios.
//!
//! ```text
//! runtime request [--iters N] [--rounds R] [--only sdk|raw]
//!                                             per-request overhead: sdk.user("1") vs reqwest;
//!                                             `--only` runs one side alone, for a profiler
//! runtime decode [--dashboards N] [--rows N] [--reps R]
//!                                             decode_json vs serde_json::from_slice
//! runtime stream --mode sdk|raw [--bytes N] --out FILE
//!                                             a chunked CSV body to a file, and VmHWM
//! ```
//!
//! Everything runs on one current-thread tokio runtime, server included: on a shared 2-core
//! machine that keeps thread wake-ups and the other tenants out of the ratio as far as possible.

mod decode;
mod request;
mod server;
mod stream;

use std::process::ExitCode;
use std::str::FromStr;

use anyhow::{Context, bail};

const USAGE: &str = "usage: runtime <request [--iters N] [--rounds R] [--only sdk|raw] | decode [--dashboards N] [--rows N] [--reps R] | stream --mode sdk|raw [--bytes N] --out FILE>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> anyhow::Result<()> {
    let (case, flags) = args.split_first().context(USAGE)?;
    let flags = Flags::parse(flags)?;
    match case.as_str() {
        "request" => {
            let iters = flags.number("--iters", 20_000)?;
            let rounds = flags.number("--rounds", 20)?;
            let only = match flags.get("--only") {
                None => None,
                Some("sdk") => Some(request::Side::Sdk),
                Some("raw") => Some(request::Side::Raw),
                Some(other) => bail!("--only takes sdk or raw, not `{other}`"),
            };
            runtime()?.block_on(request::run(iters, rounds, only))
        }
        "decode" => decode::run(
            flags.number("--dashboards", 10_000)?,
            flags.number("--rows", 100_000)?,
            flags.number("--reps", 5)?,
        ),
        "stream" => {
            let mode = match flags.get("--mode") {
                Some("sdk") => stream::Mode::Sdk,
                Some("raw") => stream::Mode::Raw,
                _ => bail!("stream needs --mode sdk or --mode raw\n{USAGE}"),
            };
            let out = flags.get("--out").context("stream needs --out FILE")?;
            let bytes = flags.number("--bytes", 1 << 30)?;
            runtime()?.block_on(stream::run(mode, bytes, out.as_ref()))
        }
        other => bail!("unknown case `{other}`\n{USAGE}"),
    }
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the tokio runtime")
}

/// `--name value` pairs, each name at most once.
struct Flags(Vec<(String, String)>);

impl Flags {
    fn parse(args: &[String]) -> anyhow::Result<Flags> {
        let mut pairs = Vec::new();
        let mut it = args.iter();
        while let Some(name) = it.next() {
            if !name.starts_with("--") {
                bail!("unexpected argument `{name}`\n{USAGE}");
            }
            let value = it.next().with_context(|| format!("{name} needs a value"))?;
            if pairs.iter().any(|(n, _)| n == name) {
                bail!("{name} given twice");
            }
            pairs.push((name.clone(), value.clone()));
        }
        Ok(Flags(pairs))
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// A positive number, or `default` when the flag is absent.
    fn number<T: FromStr + PartialOrd + Default>(
        &self,
        name: &str,
        default: T,
    ) -> anyhow::Result<T> {
        let Some(text) = self.get(name) else {
            return Ok(default);
        };
        match text.parse::<T>() {
            Ok(n) if n > T::default() => Ok(n),
            _ => bail!("{name} takes a positive number, not `{text}`"),
        }
    }
}

/// One figure for the xtask: `RESULT <key> <value>`.
fn result(key: &str, value: f64) {
    println!("RESULT {key} {value}");
}

/// The median of `values` (the upper one of an even count); `None` when empty.
fn median(values: &mut [f64]) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied()
}

/// The process's peak resident set (VmHWM in /proc/self/status), in KiB.
fn peak_rss_kib() -> anyhow::Result<u64> {
    let status =
        std::fs::read_to_string("/proc/self/status").context("cannot read /proc/self/status")?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .context("no VmHWM line in /proc/self/status")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_takes_the_middle_of_sorted_values() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Some(3.0));
        assert_eq!(median(&mut []), None);
    }

    #[test]
    fn flags_reject_zero_repeats_and_strays() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let flags = Flags::parse(&args(&["--iters", "10"])).ok();
        assert_eq!(
            flags.and_then(|f| f.number("--iters", 1usize).ok()),
            Some(10)
        );
        let zero = Flags::parse(&args(&["--iters", "0"])).ok();
        assert!(zero.is_some_and(|f| f.number("--iters", 1usize).is_err()));
        assert!(Flags::parse(&args(&["--iters", "1", "--iters", "2"])).is_err());
        assert!(Flags::parse(&args(&["stray"])).is_err());
        assert!(Flags::parse(&args(&["--iters"])).is_err());
    }
}
