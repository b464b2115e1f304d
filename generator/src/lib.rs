//! looker-codegen: generates SDKs for the Looker API from the spec Looker publishes.
//!
//! The flow is one-directional: [`spec`] loads and repairs the published file, [`model`]
//! lowers it into a language-neutral model, [`emit`] renders each language from that model, and
//! [`write`] puts the files on disk atomically (or compares them, in check mode).

pub mod emit;
pub mod error;
pub mod model;
pub mod spec;
pub mod write;

use std::path::Path;

pub use error::{Error, Result};

/// Everything one generation run produces, before anything touches the disk.
#[derive(Debug)]
pub struct Generated {
    pub files: emit::Files,
    pub warnings: Vec<spec::Warning>,
}

/// Loads the spec at `spec_path` and renders the SDK for `lang` in memory.
pub fn generate(spec_path: &Path, lang: &str) -> Result<Generated> {
    let language = emit::language(lang)?;
    let mut spec = spec::load(spec_path)?;
    let api = model::build(&spec.openapi)?;
    let warnings = std::mem::take(&mut spec.warnings);
    // Freeing the parsed spec and the model is millions of small deallocations: do it beside
    // the work still to come instead of in its way.
    let spec = std::thread::spawn(move || drop(spec));
    let files = language.emit(&api)?;
    std::thread::spawn(move || drop(api));
    let _ = spec.join();
    Ok(Generated { files, warnings })
}
