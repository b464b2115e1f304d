//! `bench gen`: how long generation takes, as a user runs it and stage by stage.
//!
//! Whole process: the release `looker-codegen` binary, `runs` times each case, the cases
//! interleaved within each run (so a slow moment of the shared machine hits all of them), medians
//! and the largest peak RSS over the runs. `normalize` (read, repair, parse, write the spec
//! back) is the floor every generation pays, and the baseline of every ratio.
//!
//! Stages: tests/bench's `gen-stages` binary runs each stage through the `looker_codegen`
//! library in one process (see its doc comment).

use std::path::Path;
use std::time::Duration;

use anyhow::Context;

use super::{
    Results, Section, bench_dir, build, cargo, codegen_binary, measure, median, mib, ms, ratio,
    utf8,
};

pub fn run(root: &Path, runs: usize) -> anyhow::Result<Vec<Section>> {
    let bin = codegen_binary(root)?;
    let dir = bench_dir(root, "gen");
    if dir.exists() {
        std::fs::remove_dir_all(&dir).with_context(|| format!("cannot empty {}", dir.display()))?;
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let spec = crate::spec();
    let spec = utf8(&spec)?;
    let normalized = dir.join("normalized.json");
    let rust_out = dir.join("rust");
    let python_out = dir.join("python");
    let normalize = vec![
        "normalize",
        "--quiet",
        "--spec",
        spec,
        "--out",
        utf8(&normalized)?,
    ];
    let rust = vec![
        "generate",
        "--quiet",
        "--lang",
        "rust",
        "--spec",
        spec,
        "--out",
        utf8(&rust_out)?,
    ];
    let python = vec![
        "generate",
        "--quiet",
        "--lang",
        "python",
        "--spec",
        spec,
        "--out",
        utf8(&python_out)?,
    ];
    let cases: [(&str, Vec<&Vec<&str>>); 4] = [
        ("`normalize` (the floor)", vec![&normalize]),
        ("`generate --lang rust`", vec![&rust]),
        ("`generate --lang python`", vec![&python]),
        ("both (rust, then python)", vec![&rust, &python]),
    ];
    eprintln!("gen: {runs} runs of {} cases", cases.len());
    let mut walls: Vec<Vec<Duration>> = vec![Vec::new(); cases.len()];
    let mut peaks: Vec<u64> = vec![0; cases.len()];
    for _ in 0..runs {
        for (i, (label, commands)) in cases.iter().enumerate() {
            let mut wall = Duration::ZERO;
            for args in commands {
                let m = measure(std::process::Command::new(&bin).args(args.iter()), label)?;
                wall += m.wall;
                peaks[i] = peaks[i].max(m.max_rss_kib.unwrap_or(0));
            }
            walls[i].push(wall);
        }
    }
    let medians = walls
        .iter()
        .map(|w| median(w))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let floor = medians[0].as_secs_f64();
    let mut whole = Section {
        title: "Generation, whole process".to_owned(),
        conditions: vec![format!(
            "`{}` (release), {runs} runs, cases interleaved; wall time from spawn to exit; \
             peak RSS is `ru_maxrss` from `wait4`, the largest of the runs (for \"both\", of \
             either process).",
            bin.strip_prefix(root).unwrap_or(&bin).display()
        )],
        columns: vec!["case", "median", "min", "peak RSS", "ratio to normalize"],
        rows: Vec::new(),
        notes: Vec::new(),
    };
    for (i, (label, _)) in cases.iter().enumerate() {
        let min = walls[i].iter().min().copied().unwrap_or_default();
        whole.rows.push(vec![
            (*label).to_owned(),
            format!("{:.0} ms", ms(medians[i])),
            format!("{:.0} ms", ms(min)),
            mib(Some(peaks[i])),
            ratio(medians[i].as_secs_f64() / floor, None),
        ]);
    }

    let stages = stages(root, spec, &dir.join("stages"), runs)?;
    let mut section = Section {
        title: "Generation, stage by stage (in process)".to_owned(),
        conditions: vec![format!(
            "tests/bench `gen-stages` (release, mimalloc as in the binary), {runs} runs, each \
             stage's median; freeing a stage's input is not timed. Ratios are to the \
             whole-process `normalize` above."
        )],
        columns: vec!["stage", "median", "ratio to normalize"],
        rows: Vec::new(),
        notes: Vec::new(),
    };
    let mut load = 0.0;
    let mut per_lang: Vec<(String, f64)> = Vec::new();
    for (key, value) in stages.iter() {
        let Some(name) = key
            .strip_prefix("stage.")
            .and_then(|k| k.strip_suffix("_ms"))
        else {
            continue;
        };
        match name.split_once('.') {
            Some((lang, _)) => match per_lang.iter_mut().find(|(l, _)| l == lang) {
                Some((_, sum)) => *sum += value,
                None => per_lang.push((lang.to_owned(), value)),
            },
            None => load += value,
        }
        section.rows.push(stage_row(name, value, floor));
    }
    section.rows.push(stage_row(
        "load (read + repair + parse + model)",
        load,
        floor,
    ));
    let mut both = load;
    for (lang, sum) in &per_lang {
        section.rows.push(stage_row(
            &format!("{lang}: load + render + post-process + write"),
            load + sum,
            floor,
        ));
        both += sum;
    }
    section
        .rows
        .push(stage_row("both languages from one load", both, floor));
    Ok(vec![whole, section])
}

fn stage_row(name: &str, value_ms: f64, floor_s: f64) -> Vec<String> {
    vec![
        name.to_owned(),
        format!("{value_ms:.1} ms"),
        ratio(value_ms / 1000.0 / floor_s, None),
    ]
}

/// Builds and runs `gen-stages`.
fn stages(root: &Path, spec: &str, out: &Path, runs: usize) -> anyhow::Result<Results> {
    build(
        cargo()
            .args([
                "build",
                "--release",
                "--quiet",
                "-p",
                "looker-sdk-bench",
                "--no-default-features",
                "--features",
                "stages",
                "--bin",
                "gen-stages",
            ])
            .current_dir(root),
        "building tests/bench gen-stages (release)",
    )?;
    let bin = root.join("target/release/gen-stages");
    eprintln!("gen: stages, {runs} runs");
    let runs = runs.to_string();
    let m = measure(
        std::process::Command::new(&bin).args([
            "--spec",
            spec,
            "--out",
            utf8(out)?,
            "--runs",
            &runs,
        ]),
        "gen-stages",
    )?;
    Ok(Results::parse(&m.stdout))
}
