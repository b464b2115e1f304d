//! The `looker-codegen` command line: generate, check, normalize, diff, fetch the spec from an
//! instance, list languages.

#[cfg(feature = "fetch")]
mod fetch;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, Parser, Subcommand, ValueEnum};
use looker_codegen::{emit, spec, write};

// Loading the spec and parsing and printing the generated Rust make millions of small
// allocations; with mimalloc a full generation takes about half the time of the system allocator
// (`cargo xtask bench`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The spec `--spec` names when it is not given, relative to the repository's root.
const DEFAULT_SPEC: &str = "spec/Looker.4.0.oas.json";

/// Generates SDKs for the Looker API from the spec Looker publishes.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Writes one SDK, replacing the output directory atomically.
    ///
    /// The output directory must be new, empty, or one this generator wrote before (it keeps a
    /// manifest there); anything else is refused unless `--force` is given.
    Generate {
        #[command(flatten)]
        target: Target,
        /// Replace the output directory even though the generator did not write it: whatever it
        /// holds is deleted.
        #[arg(long)]
        force: bool,
    },
    /// Writes nothing; fails with the list of differing files when the output is stale.
    Check(Target),
    /// Writes the repaired spec as valid OpenAPI 3.0 JSON.
    Normalize {
        #[command(flatten)]
        input: Input,
        /// Where to write; standard output when absent.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Compares two specs and reports what changed for SDK users, each change judged breaking
    /// or not for each language.
    ///
    /// Exit codes: 0 when the comparison ran and `--fail-on` found nothing to fail on; 1 when
    /// it did (breaking changes, or any change); 2 when a spec cannot be read or loaded, or the
    /// arguments are wrong.
    Diff(DiffArgs),
    /// Downloads the API 4.0 spec a Looker instance serves and saves it as
    /// `spec/Looker.4.0.<release>.json`, named after the instance's Looker release.
    ///
    /// The instance and the API credentials come from `looker.ini` and the `LOOKERSDK_*`
    /// environment variables (which override it), read as the Rust SDK reads them: `base_url`,
    /// and `client_id` and `client_secret` when the instance requires logging in to read its
    /// spec; `verify_ssl` and `timeout` apply. The spec's path is printed on standard output.
    /// Nothing is written unless the download is a 4.0 spec that loads; a file of the same name
    /// is replaced atomically.
    #[cfg(feature = "fetch")]
    FetchSpec(FetchArgs),
    /// Lists the languages this generator knows, with their default output directories.
    Languages {
        /// Also say what each language's output needs (runtime, dependencies) for this spec.
        #[arg(long, short)]
        verbose: bool,
        /// The spec whose release decides the runtime versions `--verbose` prints.
        #[arg(long, default_value = DEFAULT_SPEC)]
        spec: PathBuf,
    },
}

#[derive(Args)]
struct DiffArgs {
    /// The spec of the release the SDKs were generated from (OpenAPI 3.0 or Swagger 2.0).
    old: PathBuf,
    /// The spec to compare with it.
    new: PathBuf,
    /// `markdown` for people, `json` for tools (the schema is documented in the
    /// `looker_codegen::diff` module).
    #[arg(long, value_enum, default_value_t = DiffFormat::Markdown)]
    format: DiffFormat,
    /// Exit with 1 when there is a breaking change (for any language judged) or any change.
    #[arg(long, value_enum, default_value_t = FailOn::Never)]
    fail_on: FailOn,
    /// Judge only this language (see `languages`); repeatable. Every language by default.
    #[arg(long = "lang", value_name = "LANG")]
    langs: Vec<String>,
    /// Write the report here instead of to standard output.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Print every repair of either spec with its JSON pointer, not one line per rule.
    #[arg(long, short, conflicts_with = "quiet")]
    verbose: bool,
    /// Do not print the repairs made to the specs.
    #[arg(long, short)]
    quiet: bool,
}

#[cfg(feature = "fetch")]
#[derive(Args)]
struct FetchArgs {
    /// The ini file with the instance's settings, in Looker's `looker.ini` format; by default
    /// `looker.ini` in the current directory, when there is one.
    #[arg(long)]
    ini: Option<PathBuf>,
    /// The ini file's section to read; its first section by default.
    #[arg(long)]
    section: Option<String>,
    /// The directory to save the spec in.
    #[arg(long, default_value = "spec")]
    out_dir: PathBuf,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    Markdown,
    Json,
}

/// What makes `diff` exit with 1.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    /// Nothing: exit 0 whenever the comparison ran.
    Never,
    /// A change that breaks callers in some judged language.
    Breaking,
    /// Any change.
    Any,
}

#[derive(Args)]
struct Input {
    /// The spec: Looker's OpenAPI 3.0 file or the Swagger 2.0 file an instance serves.
    #[arg(long, default_value = DEFAULT_SPEC)]
    spec: PathBuf,
    /// Fail when the spec needed repairs (except those allowed with `--allow-repair`).
    #[arg(long)]
    deny_warnings: bool,
    /// A repair rule `--deny-warnings` lets through, so that CI fails only on a repair nobody has
    /// seen; repeatable. Rules: null-description, media-type-text, object-under-non-json,
    /// type-any, array-enum, parameter-additional-properties, query-style-simple,
    /// form-fields-in-query.
    #[arg(long = "allow-repair", value_name = "RULE", value_parser = parse_rule)]
    allow_repair: Vec<spec::Rule>,
    /// Print every repair with its JSON pointer, not one summary line per rule.
    #[arg(long, short, conflicts_with = "quiet")]
    verbose: bool,
    /// Do not print the repairs made to the spec.
    #[arg(long, short)]
    quiet: bool,
}

fn parse_rule(name: &str) -> Result<spec::Rule, String> {
    spec::Rule::from_name(name).ok_or_else(|| {
        let known: Vec<&str> = spec::Rule::ALL.iter().map(|r| r.name()).collect();
        format!("unknown repair rule; the rules are {}", known.join(", "))
    })
}

#[derive(Args)]
struct Target {
    #[command(flatten)]
    input: Input,
    /// The language to generate (see `languages`).
    #[arg(long, default_value = "rust")]
    lang: String,
    /// The output directory; defaults to the language's folder under `generated/`.
    #[arg(long)]
    out: Option<PathBuf>,
    /// The name to publish the package under (Cargo's `name`, the Python distribution's
    /// name); import paths stay as they are.
    #[arg(long)]
    package_name: Option<String>,
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Languages { verbose, spec } => {
            let api = match verbose {
                true => Some(looker_codegen::load_api(&spec)?.api),
                false => None,
            };
            for lang in emit::LANGUAGES {
                println!("{}\t{}", lang.name(), lang.default_out());
                for need in api.iter().flat_map(|api| lang.needs(api)) {
                    println!("\tneeds {need}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        #[cfg(feature = "fetch")]
        Command::FetchSpec(args) => fetch_spec(&args),
        Command::Diff(args) => match diff(&args) {
            Ok(code) => Ok(code),
            // 1 means "changes to fail on": trouble is 2, as for diff(1).
            Err(err) => {
                eprintln!("error: {err:#}");
                Ok(ExitCode::from(2))
            }
        },
        Command::Normalize { input, out } => {
            let loaded = load(&input)?;
            let text = serde_json::to_string_pretty(&loaded.json)? + "\n";
            match out {
                Some(path) => std::fs::write(&path, text)
                    .with_context(|| format!("cannot write {}", path.display()))?,
                None => print!("{text}"),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Generate { target, force } => {
            let (out, output) = render(&target)?;
            let overwrite = if force {
                write::Overwrite::Anything
            } else {
                write::Overwrite::GeneratedOnly
            };
            let written = write::write(&out, &output, overwrite)?;
            let mut summary = format!("wrote {} files to {}", output.files.len(), out.display());
            for (verb, paths) in [("kept", &written.carried), ("began", &written.begun)] {
                if !paths.is_empty() {
                    let names: Vec<String> =
                        paths.iter().map(|p| p.display().to_string()).collect();
                    summary.push_str(&format!("; {verb} {}", names.join(", ")));
                }
            }
            eprintln!("{summary}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Check(target) => {
            let (out, output) = render(&target)?;
            let rerun = format!(
                "looker-codegen generate --lang {} --spec {} --out {}",
                target.lang,
                target.input.spec.display(),
                out.display()
            );
            if !out.is_dir() {
                eprintln!(
                    "{} does not exist: nothing to compare; run `{rerun}` to write it",
                    out.display()
                );
                return Ok(ExitCode::FAILURE);
            }
            let drift = write::check(&out, &output)?;
            if drift.is_empty() {
                eprintln!("{} is up to date", out.display());
                return Ok(ExitCode::SUCCESS);
            }
            eprintln!("{} differs from what the generator writes:", out.display());
            for d in drift.iter().take(20) {
                eprintln!("  {d}");
            }
            if drift.len() > 20 {
                eprintln!("  ... and {} more", drift.len() - 20);
            }
            eprintln!(
                "run `{rerun}` (or `cargo xtask regen` for the SDKs under generated/) to update it"
            );
            Ok(ExitCode::FAILURE)
        }
    }
}

#[cfg(feature = "fetch")]
fn fetch_spec(args: &FetchArgs) -> anyhow::Result<ExitCode> {
    let default_ini = Path::new("looker.ini");
    let ini = match &args.ini {
        Some(ini) => Some(ini.clone()),
        None => default_ini.is_file().then(|| default_ini.to_owned()),
    };
    if ini.is_none() && args.section.is_some() {
        anyhow::bail!("--section names a section of an ini file, and there is none: pass --ini");
    }
    let sources = fetch::Sources {
        ini,
        section: args.section.clone(),
    };
    let settings = sources.settings()?;
    let fetched = fetch::fetch(&settings, &args.out_dir)?;
    eprintln!(
        "{} {} ({}, Looker {}, {} operations)",
        if fetched.replaced {
            "replaced"
        } else {
            "saved"
        },
        fetched.path.display(),
        fetched.format,
        fetched.looker_release,
        fetched.operations
    );
    println!("{}", fetched.path.display());
    Ok(ExitCode::SUCCESS)
}

fn diff(args: &DiffArgs) -> anyhow::Result<ExitCode> {
    let languages: Vec<&dyn emit::Language> = if args.langs.is_empty() {
        emit::LANGUAGES.to_vec()
    } else {
        args.langs
            .iter()
            .map(|name| emit::language(name))
            .collect::<Result<_, _>>()?
    };
    let input = |spec: &Path| Input {
        spec: spec.to_owned(),
        deny_warnings: false,
        allow_repair: Vec::new(),
        verbose: args.verbose,
        quiet: args.quiet,
    };
    let (old_input, new_input) = (input(&args.old), input(&args.new));
    // The two specs load at once: loading is nearly all of the command's time.
    let (old, new) = std::thread::scope(|s| {
        let old = s.spawn(|| looker_codegen::load_api(&args.old));
        let new = looker_codegen::load_api(&args.new);
        let old = old
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (old, new)
    });
    let old = old.map_err(|e| explain_diff(e, &old_input, "old"))?;
    let new = new.map_err(|e| explain_diff(e, &new_input, "new"))?;
    report(&args.old, &old.warnings, &old_input)?;
    report(&args.new, &new.warnings, &new_input)?;
    let diff = looker_codegen::diff::diff(&old.api, &new.api, &languages);
    for lang in &languages {
        if !diff.languages.iter().any(|l| l == lang.name()) {
            eprintln!(
                "note: {} has no rules for breaking changes; not judged",
                lang.name()
            );
        }
    }
    let text = match args.format {
        DiffFormat::Markdown => diff.markdown(),
        DiffFormat::Json => diff.json(),
    };
    match &args.out {
        Some(path) => std::fs::write(path, &text)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => print!("{text}"),
    }
    let fail = match args.fail_on {
        FailOn::Never => false,
        FailOn::Breaking => diff.has_breaking(),
        FailOn::Any => !diff.changes.is_empty(),
    };
    Ok(if fail {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// [`explain`] for a spec `diff` names on its command line (`which`: old or new).
fn explain_diff(err: looker_codegen::Error, input: &Input, which: &str) -> anyhow::Error {
    match &err {
        looker_codegen::Error::Read { source, .. }
            if source.kind() == std::io::ErrorKind::NotFound =>
        {
            anyhow::anyhow!(
                "{:#}\n  hint: the {which} spec must be an existing file: `looker-codegen diff <old spec> <new spec>`",
                anyhow::Error::new(err)
            )
        }
        _ => explain(err, input),
    }
}

fn load(input: &Input) -> anyhow::Result<spec::Spec> {
    let loaded = spec::load(&input.spec).map_err(|e| explain(e, input))?;
    report(&input.spec, &loaded.warnings, input)?;
    Ok(loaded)
}

/// Adds what a maintainer can do about a spec that cannot be read.
fn explain(err: looker_codegen::Error, input: &Input) -> anyhow::Error {
    let spec = &input.spec;
    let hint = match &err {
        looker_codegen::Error::Read { source, .. }
            if source.kind() == std::io::ErrorKind::NotFound =>
        {
            if spec == Path::new(DEFAULT_SPEC) {
                Some(format!(
                    "the default spec is {DEFAULT_SPEC}, relative to the current directory: run \
                     from the repository's root, or pass the file with `--spec <file>`"
                ))
            } else {
                Some("pass an existing file with `--spec <file>`".to_owned())
            }
        }
        looker_codegen::Error::Json { .. }
            if spec
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml")) =>
        {
            Some(
                "the generator reads JSON; Looker serves its spec as JSON (`/api/4.0/swagger.json`, \
                 or Looker.4.0.oas.json from sdk-codegen)"
                    .to_owned(),
            )
        }
        _ => None,
    };
    match hint {
        Some(hint) => anyhow::anyhow!("{:#}\n  hint: {hint}", anyhow::Error::new(err)),
        None => err.into(),
    }
}

fn report(path: &Path, warnings: &[spec::Warning], input: &Input) -> anyhow::Result<()> {
    if input.deny_warnings {
        let denied: Vec<String> = warnings
            .iter()
            .filter(|w| !input.allow_repair.contains(&w.rule))
            .map(|w| format!("{w} [{}]", w.rule))
            .collect();
        if !denied.is_empty() {
            return Err(looker_codegen::Error::DeniedWarnings(denied.join("\n")).into());
        }
    }
    if input.quiet || warnings.is_empty() {
        return Ok(());
    }
    eprintln!(
        "{}: repaired {} place(s) where the spec is not valid OpenAPI:",
        path.display(),
        warnings.len()
    );
    if input.verbose {
        for w in warnings {
            eprintln!("  warning: {w} [{}]", w.rule);
        }
        return Ok(());
    }
    for rule in spec::Rule::ALL {
        let mut of_rule = warnings.iter().filter(|w| w.rule == rule);
        if let Some(first) = of_rule.next() {
            eprintln!(
                "  warning: {rule}: {} place(s), first {}: {}",
                1 + of_rule.count(),
                first.pointer,
                first.message
            );
        }
    }
    eprintln!("  (--verbose lists every place)");
    Ok(())
}

fn render(target: &Target) -> anyhow::Result<(PathBuf, write::Output)> {
    let language = emit::language(&target.lang)?;
    let options = emit::Options {
        package_name: target.package_name.clone(),
    };
    let generated = looker_codegen::generate(&target.input.spec, &target.lang, &options)
        .map_err(|e| explain(e, &target.input))?;
    report(&target.input.spec, &generated.warnings, &target.input)?;
    let out = target
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(language.default_out()));
    Ok((out, generated.output))
}
