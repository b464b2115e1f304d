//! The generator's one error type: every message names where in the input it went wrong.

use std::path::PathBuf;

/// Everything that can stop a generation run.
///
/// I/O and JSON errors keep their cause as [`std::error::Error::source`] rather than in their
/// message, so a caller printing the chain (`anyhow`'s `{:#}`) says each thing once.
///
/// Spec problems carry a JSON pointer (RFC 6901) into the spec as published, so a maintainer can
/// jump straight to the offending node; emitter problems name the template or file.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {path}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: not JSON")]
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("invalid spec at {pointer}: {message}")]
    Spec { pointer: String, message: String },
    #[error("dangling $ref {reference} at {pointer}")]
    DanglingRef { pointer: String, reference: String },
    #[error("spec repaired with warnings (--deny-warnings):\n{0}")]
    DeniedWarnings(String),
    #[error("template {template} failed to render: {message}")]
    Render { template: String, message: String },
    #[error("generated {file} does not parse ({message}); this is a generator bug")]
    Unparsable { file: String, message: String },
    #[error("cannot write {path}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The output directory is not one the generator may replace.
    #[error("refusing to write to {path}: {reason}")]
    Refused { path: PathBuf, reason: String },
    /// A file the generator keeps from the previous output does not belong with the new one.
    #[error("{path}: {reason}")]
    Kept { path: PathBuf, reason: String },
    /// A changelog entry cannot be added.
    #[error("{0}")]
    Changelog(String),
    #[error("unknown language {0:?}; `looker-codegen languages` lists the known ones")]
    UnknownLanguage(String),
}

impl Error {
    /// A problem with the spec at `pointer`.
    pub fn spec(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Spec {
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
