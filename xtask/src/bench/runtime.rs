//! `bench runtime`: the Rust SDK at run time against the hand-written reqwest and serde_json
//! code it replaces, through tests/bench's `runtime` binary (release). Each case is one
//! process: the streaming sides especially, so that each peak RSS is that side's own.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, bail};

use super::{Results, Section, bench_dir, build, cargo, measure, mib, ratio, utf8};

/// Rounds of the streaming case, each running the hand-written side then the SDK's.
const STREAM_ROUNDS: usize = 3;

pub fn run(root: &Path, iters: usize, stream_mb: usize) -> anyhow::Result<Vec<Section>> {
    build(
        cargo()
            .args([
                "build",
                "--release",
                "--quiet",
                "-p",
                "looker-sdk-bench",
                "--bin",
                "runtime",
            ])
            .current_dir(root),
        "building tests/bench runtime (release)",
    )?;
    let bin = root.join("target/release/runtime");
    let run = |args: &[&str], what: &str| -> anyhow::Result<(Results, Option<u64>)> {
        eprintln!("runtime: {what}");
        let m = measure(Command::new(&bin).args(args), what)?;
        Ok((Results::parse(&m.stdout), m.max_rss_kib))
    };
    let mut section = Section {
        title: "Runtime of the Rust SDK".to_owned(),
        conditions: vec![
            "tests/bench `runtime` (release), one current-thread tokio runtime per process with \
             an in-process hyper server on 127.0.0.1 (keep-alive) serving both sides; each \
             ratio is SDK / hand-written code measured in the same process and run."
                .to_owned(),
        ],
        columns: vec!["case", "SDK", "hand-written", "SDK / hand-written"],
        rows: Vec::new(),
        notes: Vec::new(),
    };

    let iters_arg = iters.to_string();
    let (r, _) = run(&["request", "--iters", &iters_arg], "per-request overhead")?;
    let (sdk, raw) = (r.get("request.sdk_us")?, r.get("request.raw_us")?);
    section.rows.push(vec![
        format!(
            "per request: `sdk.user(\"1\")` vs reqwest + serde_json, {} sequential requests per side",
            r.get("request.iterations")?
        ),
        format!("{sdk:.1} µs"),
        format!("{raw:.1} µs"),
        ratio(r.get("request.ratio")?, Some(("<=", 1.05))),
    ]);
    let (clone_ns, build_ns) = (r.get("request.clone_ns")?, r.get("request.build_ns")?);
    section.rows.push(vec![
        "owning the client (what makes requests `Send + 'static`), part of every SDK request \
         above: `sdk.clone()`, and `sdk.user(\"1\").into_future()` made and dropped unsent \
         (the clone, the path and the boxed future), against the SDK's whole request"
            .to_owned(),
        format!("{clone_ns:.0} ns, {build_ns:.0} ns"),
        format!("{sdk:.1} µs (SDK request)"),
        format!("{:.4}", build_ns / (sdk * 1e3)),
    ]);

    let (r, _) = run(&["decode"], "decoding")?;
    for (key, what) in [
        ("dashboards", "`Vec<models::Dashboard>`"),
        ("rows", "query rows, `Vec<serde_json::Map<String, Value>>`"),
    ] {
        let sdk = r.get(&format!("decode.{key}.sdk_ms"))?;
        let raw = r.get(&format!("decode.{key}.raw_ms"))?;
        section.rows.push(vec![
            format!(
                "decode {} {what} ({:.0} MB): `decode_json` vs `serde_json::from_slice`",
                r.get(&format!("decode.{key}.count"))?,
                r.get(&format!("decode.{key}.bytes"))? / 1e6
            ),
            format!("{sdk:.0} ms"),
            format!("{raw:.0} ms"),
            ratio(sdk / raw, Some(("<=", 1.1))),
        ]);
    }

    let dir = bench_dir(root, "runtime");
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let file = dir.join("stream.csv");
    let bytes = (stream_mb as u64) << 20;
    let bytes_arg = bytes.to_string();
    let (mut rates, mut peaks) = ([Vec::new(), Vec::new()], [0u64; 2]);
    for round in 0..STREAM_ROUNDS {
        for (i, mode) in ["raw", "sdk"].into_iter().enumerate() {
            let what = format!("streaming {stream_mb} MiB, {mode}, round {}", round + 1);
            let (r, _) = run(
                &[
                    "stream",
                    "--mode",
                    mode,
                    "--bytes",
                    &bytes_arg,
                    "--out",
                    utf8(&file)?,
                ],
                &what,
            )?;
            let seconds = r.get("stream.seconds")?;
            if seconds <= 0.0 {
                bail!("{what} took no time");
            }
            rates[i].push(Duration::from_secs_f64(seconds));
            peaks[i] = peaks[i].max(r.get("stream.vmhwm_kib")? as u64);
        }
    }
    let _ = std::fs::remove_file(&file);
    let raw_s = super::median(&rates[0])?.as_secs_f64();
    let sdk_s = super::median(&rates[1])?.as_secs_f64();
    let mb = bytes as f64 / 1e6;
    section.rows.push(vec![
        format!(
            "stream {stream_mb} MiB of chunked CSV to a file: `run_inline_query(\"csv\").stream()` vs reqwest `bytes_stream()` (throughput)"
        ),
        format!("{:.0} MB/s", mb / sdk_s),
        format!("{:.0} MB/s", mb / raw_s),
        ratio(raw_s / sdk_s, Some((">=", 0.9))),
    ]);
    section.rows.push(vec![
        "peak RSS of the streaming process (VmHWM, server included)".to_owned(),
        format!(
            "{} (target < 64 MiB: {})",
            mib(Some(peaks[1])),
            if peaks[1] < 64 * 1024 {
                "met"
            } else {
                "missed"
            }
        ),
        mib(Some(peaks[0])),
        ratio(peaks[1] as f64 / peaks[0].max(1) as f64, None),
    ]);
    section.notes.push(format!(
        "Per request: median over 20 rounds of the mean time per request, rounds alternating \
         which side goes first; the ratio is the median of the rounds' own ratios (both sides of \
         a round run back to back). Decoding: median of 5 decodes per side, alternating. Streaming: \
         {STREAM_ROUNDS} rounds of one process per side, median throughput, largest VmHWM; the \
         throughput ratio is SDK / hand-written (1.00 = as fast)."
    ));
    Ok(vec![section])
}
