//! Loading the spec as Looker publishes it: read, convert Swagger 2.0, repair, then parse typed.
//!
//! Looker's files are not valid OpenAPI. Everything that must change before `openapiv3` accepts
//! them happens here, on the JSON, and each change is reported once as a [`Warning`] that names
//! its JSON pointer. Nothing after this module sees the raw JSON.

pub mod pointer;
mod repair;
mod shape;
pub mod swagger2;

use std::path::Path;

use serde_json::Value;

use crate::error::{Error, Result};

/// A repair made to the spec, reported so that maintainers can see what the published file gets wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Which repair it was: warnings are summarised, and may be allowed, rule by rule.
    pub rule: Rule,
    /// Where the repair was made, as a JSON pointer into the (OpenAPI 3) document.
    pub pointer: String,
    /// What was wrong and what was done about it.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

/// The repairs the loader knows, each a way Looker's published spec departs from OpenAPI 3.0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// `description: null`.
    NullDescription,
    /// The media type `"text"`.
    MediaTypeText,
    /// An object schema under a media type that is not JSON.
    ObjectUnderNonJson,
    /// `type: any` (and `format: any` beside it).
    TypeAny,
    /// `enum` on an array instead of on its items.
    ArrayEnum,
    /// `additionalProperties` beside a parameter's schema instead of in it.
    ParameterAdditionalProperties,
    /// `style: simple` on a query parameter.
    QueryStyleSimple,
    /// A form body whose fields are declared as query parameters (`/login`).
    FormFieldsInQuery,
}

impl Rule {
    /// Every rule, in the order summaries list them.
    pub const ALL: [Rule; 8] = [
        Rule::NullDescription,
        Rule::MediaTypeText,
        Rule::ObjectUnderNonJson,
        Rule::TypeAny,
        Rule::ArrayEnum,
        Rule::ParameterAdditionalProperties,
        Rule::QueryStyleSimple,
        Rule::FormFieldsInQuery,
    ];

    /// The rule's name on the command line (`--allow-repair NAME`).
    pub fn name(self) -> &'static str {
        match self {
            Rule::NullDescription => "null-description",
            Rule::MediaTypeText => "media-type-text",
            Rule::ObjectUnderNonJson => "object-under-non-json",
            Rule::TypeAny => "type-any",
            Rule::ArrayEnum => "array-enum",
            Rule::ParameterAdditionalProperties => "parameter-additional-properties",
            Rule::QueryStyleSimple => "query-style-simple",
            Rule::FormFieldsInQuery => "form-fields-in-query",
        }
    }

    /// The rule named `name`, as `--allow-repair` takes it.
    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.name() == name)
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The spec after repair: valid OpenAPI 3.0, plus what it took to get there.
#[derive(Debug)]
pub struct Spec {
    pub openapi: openapiv3::OpenAPI,
    /// The repaired document as JSON, for `looker-codegen normalize` and for pointer lookups.
    pub json: Value,
    pub warnings: Vec<Warning>,
    /// True when the input was Swagger 2.0 and was converted first.
    pub converted_from_swagger2: bool,
}

/// Reads and loads the spec file at `path`.
pub fn load(path: &Path) -> Result<Spec> {
    let text = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    let json: Value = serde_json::from_slice(&text).map_err(|source| Error::Json {
        path: path.to_owned(),
        source,
    })?;
    from_json(json)
}

/// Loads a spec that is already parsed as JSON (OpenAPI 3.0 or Swagger 2.0).
pub fn from_json(mut json: Value) -> Result<Spec> {
    if !json.is_object() {
        return Err(Error::spec("", "the spec must be a JSON object"));
    }
    let converted_from_swagger2 = swagger2::is_swagger2(&json);
    if converted_from_swagger2 {
        json = swagger2::to_openapi3(&json)?;
    }
    match json.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0") => {}
        Some(v) => {
            return Err(Error::spec(
                "/openapi",
                format!("OpenAPI {v} is not supported (3.0.x or Swagger 2.0 expected)"),
            ));
        }
        None => {
            return Err(Error::spec(
                "/openapi",
                "missing: neither an OpenAPI 3.0 nor a Swagger 2.0 document",
            ));
        }
    }
    let warnings = repair::repair(&mut json)?;
    shape::check(&json)?;
    let openapi = parse_typed(&json)?;
    Ok(Spec {
        openapi,
        json,
        warnings,
        converted_from_swagger2,
    })
}

/// Parses repaired JSON into `openapiv3` types, naming the failing node as a JSON pointer.
fn parse_typed(json: &Value) -> Result<openapiv3::OpenAPI> {
    use serde::Deserialize as _;
    // Tracking the path costs a fifth of the parse: do it only to explain a failure.
    if let Ok(openapi) = openapiv3::OpenAPI::deserialize(json) {
        return Ok(openapi);
    }
    serde_path_to_error::deserialize(json).map_err(|err| {
        let pointer = path_to_pointer(err.path());
        Error::spec(pointer, err.into_inner().to_string())
    })
}

/// Turns serde_path_to_error's path into a JSON pointer.
fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("/{index}")),
            Segment::Map { key } => out.push_str(&format!("/{}", pointer::escape(key))),
            Segment::Enum { variant } => out.push_str(&format!("/{}", pointer::escape(variant))),
            Segment::Unknown => {}
        }
    }
    out
}
