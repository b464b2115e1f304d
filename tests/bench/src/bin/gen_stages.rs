//! Generation stage by stage, in one process through the `looker_codegen` library, so that the
//! whole-process figures of `cargo xtask bench gen` can be split into where the time goes.
//!
//! ```text
//! gen-stages --spec FILE --out DIR [--runs N]
//! ```
//!
//! Stages, each timed on its own in every run: `read` (the file and its JSON, as `spec::load`
//! reads it), `repair` (`spec::repair_json`: Swagger 2.0 conversion, none here, and the repairs),
//! `parse` (`spec::parse`: the shape check and the typed `openapiv3` parse; `spec::from_json` is
//! the two), `model` (`model::build`), then
//! for each language `render` (`Language::render`), `post-process` (`Language::post_process`:
//! Rust parses and prints every module, Python checks its syntax) and `write`
//! (`write::write` into DIR/<lang>). Freeing each stage's input is left out of the clock (the
//! binary frees it on another thread too). The allocator is mimalloc, as in the
//! `looker-codegen` binary. Figures come out as `RESULT stage.<name>_ms <median>` lines.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, bail};
use looker_codegen::{emit, model, spec, write};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage: gen-stages --spec FILE --out DIR [--runs N]";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mut spec_path, mut out, mut runs) = (None, None, 15usize);
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it
            .next()
            .with_context(|| format!("{flag} needs a value\n{USAGE}"))?;
        match flag.as_str() {
            "--spec" => spec_path = Some(PathBuf::from(value)),
            "--out" => out = Some(PathBuf::from(value)),
            "--runs" => {
                runs = match value.parse() {
                    Ok(n) if n > 0 => n,
                    _ => bail!("--runs takes a positive number, not `{value}`"),
                }
            }
            _ => bail!("unknown flag `{flag}`\n{USAGE}"),
        }
    }
    let spec_path = spec_path.context(USAGE)?;
    let out = out.context(USAGE)?;
    let options = emit::Options::default();
    let mut stages: Vec<(String, Vec<f64>)> = Vec::new();
    let mut record = |name: &str, start: Instant| {
        let ms = start.elapsed().as_secs_f64() * 1e3;
        match stages.iter_mut().find(|(n, _)| n == name) {
            Some((_, times)) => times.push(ms),
            None => stages.push((name.to_owned(), vec![ms])),
        }
    };
    for _ in 0..runs {
        let start = Instant::now();
        let text = std::fs::read(&spec_path)
            .with_context(|| format!("cannot read {}", spec_path.display()))?;
        let json: serde_json::Value = serde_json::from_slice(&text)
            .with_context(|| format!("{} is not JSON", spec_path.display()))?;
        record("read", start);
        drop(text);

        let start = Instant::now();
        let repaired = spec::repair_json(json)
            .with_context(|| format!("cannot repair {}", spec_path.display()))?;
        record("repair", start);

        let start = Instant::now();
        let loaded = spec::parse(repaired)
            .with_context(|| format!("cannot parse {}", spec_path.display()))?;
        record("parse", start);

        let start = Instant::now();
        let api = model::build(&loaded.openapi).context("cannot build the model")?;
        record("model", start);
        drop(loaded);

        for lang in emit::LANGUAGES {
            let name = lang.name();
            let start = Instant::now();
            let files = lang
                .render(&api, &options)
                .with_context(|| format!("cannot render {name}"))?;
            record(&format!("{name}.render"), start);

            let start = Instant::now();
            let files = lang
                .post_process(files)
                .with_context(|| format!("cannot post-process {name}"))?;
            record(&format!("{name}.post-process"), start);

            let dir = out.join(name);
            let start = Instant::now();
            let output = write::Output {
                kept: looker_codegen::kept(*lang, &api, &options),
                files,
            };
            write::write(&dir, &output, write::Overwrite::GeneratedOnly)
                .with_context(|| format!("cannot write {}", dir.display()))?;
            record(&format!("{name}.write"), start);
        }
    }
    for (name, times) in &mut stages {
        times.sort_by(f64::total_cmp);
        if let Some(median) = times.get(times.len() / 2) {
            println!("RESULT stage.{name}_ms {median}");
        }
    }
    Ok(())
}
