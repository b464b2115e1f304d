//! looker-codegen: generates SDKs for the Looker API from the spec Looker publishes.
//!
//! The flow is one-directional: [`spec`] loads and repairs the published file, [`model`]
//! lowers it into a language-neutral model, [`emit`] renders each language from that model, and
//! [`write`] puts the files on disk atomically (or compares them, in check mode). [`load_api`]
//! runs the first two stages and is the one way in for the CLI, xtask and the tests; [`output`]
//! is what one language's output directory holds (its rendered files, and the files such as the
//! [`changelog`] that are kept from the previous output).

pub mod changelog;
pub mod diff;
pub mod emit;
pub mod error;
pub mod model;
pub mod names;
pub mod spec;
pub mod write;

use std::path::Path;

pub use error::{Error, Result};

/// A spec loaded and lowered: the model every emitter reads, and the repairs it took.
#[derive(Debug)]
pub struct Loaded {
    /// The language-neutral model of the whole API.
    pub api: model::Api,
    /// Each repair made to the published file, with its JSON pointer, in the order made.
    pub warnings: Vec<spec::Warning>,
}

/// Everything one generation run produces, before anything touches the disk.
#[derive(Debug)]
pub struct Generated {
    /// The SDK's output directory: its rendered files, by path relative to it, and the files
    /// kept from the previous output.
    pub output: write::Output,
    /// The repairs made to the spec, for the caller to print or deny.
    pub warnings: Vec<spec::Warning>,
}

/// Loads the spec at `spec_path` (OpenAPI 3.0 or Swagger 2.0), repairs it and builds the model.
pub fn load_api(spec_path: &Path) -> Result<Loaded> {
    lower(spec::load(spec_path)?)
}

/// [`load_api`] for a spec already in memory as JSON: what tests of bad input use.
pub fn api_from_json(json: serde_json::Value) -> Result<Loaded> {
    lower(spec::from_json(json)?)
}

fn lower(mut spec: spec::Spec) -> Result<Loaded> {
    let api = model::build(&spec.openapi)?;
    let warnings = std::mem::take(&mut spec.warnings);
    // Freeing the parsed spec is millions of small deallocations: do it beside the work still
    // to come instead of in its way.
    std::thread::spawn(move || drop(spec));
    Ok(Loaded { api, warnings })
}

/// Loads the spec at `spec_path` and renders the SDK for `lang` in memory.
pub fn generate(spec_path: &Path, lang: &str, options: &emit::Options) -> Result<Generated> {
    let language = emit::language(lang)?;
    let Loaded { api, warnings } = load_api(spec_path)?;
    let output = output(language, &api, options)?;
    // The model is freed beside the caller's work too.
    std::thread::spawn(move || drop(api));
    Ok(Generated { output, warnings })
}

/// What `lang`'s output directory holds for `api`: the files it renders, and the files kept
/// from the previous output: the changelog (whose newest entry must be the package's version;
/// a first output gets [`changelog::initial`]), then those the language declares
/// ([`emit::Language::kept`]).
pub fn output(
    lang: &dyn emit::Language,
    api: &model::Api,
    options: &emit::Options,
) -> Result<write::Output> {
    let files = lang.emit_with(api, options)?;
    Ok(write::Output {
        files,
        kept: kept(lang, api, options),
    })
}

/// The kept files of [`output`], for a caller that renders the files itself.
pub fn kept(
    lang: &dyn emit::Language,
    api: &model::Api,
    options: &emit::Options,
) -> Vec<write::Kept> {
    let package = lang.package(api, options);
    let changelog = write::Kept {
        path: changelog::FILE.into(),
        initial: Some(changelog::initial(&package, api)),
        changelog: Some(changelog::Expected {
            package: package.name,
            version: package.version,
        }),
        replace: None,
    };
    std::iter::once(changelog)
        .chain(lang.kept().iter().map(|path| write::Kept::as_is(*path)))
        .collect()
}
