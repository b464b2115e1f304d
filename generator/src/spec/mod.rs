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

/// Loads a spec that is already parsed as JSON (OpenAPI 3.0 or Swagger 2.0): [`repair_json`],
/// then [`parse`].
pub fn from_json(json: Value) -> Result<Spec> {
    parse(repair_json(json)?)
}

/// A document [`repair_json`] has repaired, for [`parse`] to check and parse.
#[derive(Debug)]
pub struct Repaired {
    /// The repaired OpenAPI 3.0 document.
    pub json: Value,
    /// Each repair made, with its JSON pointer, in the order made.
    pub warnings: Vec<Warning>,
    /// True when the input was Swagger 2.0 and was converted first.
    pub converted_from_swagger2: bool,
}

/// The first half of [`from_json`]: converts Swagger 2.0, checks the OpenAPI version and
/// applies every repair to the JSON.
pub fn repair_json(mut json: Value) -> Result<Repaired> {
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
    Ok(Repaired {
        json,
        warnings,
        converted_from_swagger2,
    })
}

/// The second half of [`from_json`]: checks the shape of every schema (which bounds what the
/// typed parse can cost), then parses the document into `openapiv3` types, keeping the JSON.
pub fn parse(repaired: Repaired) -> Result<Spec> {
    let Repaired {
        json,
        warnings,
        converted_from_swagger2,
    } = repaired;
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
    if let Some(openapi) = parse_in_parts(json) {
        return Ok(openapi);
    }
    // Tracking the path costs a fifth of the parse: do it only to explain a failure.
    if let Ok(openapi) = openapiv3::OpenAPI::deserialize(json) {
        return Ok(openapi);
    }
    serde_path_to_error::deserialize(json).map_err(|err| {
        let pointer = path_to_pointer(err.path());
        Error::spec(pointer, err.into_inner().to_string())
    })
}

/// One entry of `paths` or `components/schemas`, parsed on its own (boxed: a path item is
/// kilobytes, moved from thread to map).
enum Part {
    Path(Box<openapiv3::ReferenceOr<openapiv3::PathItem>>),
    Schema(Box<openapiv3::ReferenceOr<openapiv3::Schema>>),
}

/// The typed parse with the entries of `paths` and `components/schemas` (nearly all of the
/// document) parsed one by one on every core, and the rest of the document alone: what parsing
/// the document whole gives, in its order (`tests::parsing_in_parts_equals_parsing_whole`).
/// `None` when any part fails to parse, for the caller to parse whole and name the failing node.
///
/// The parse was a third of loading, and it runs while nothing else can.
fn parse_in_parts(json: &Value) -> Option<openapiv3::OpenAPI> {
    use serde::Deserialize as _;
    let doc = json.as_object()?;
    let paths = doc.get("paths")?.as_object()?;
    let schemas = match doc.get("components") {
        Some(components) => match components.get("schemas") {
            Some(schemas) => Some(schemas.as_object()?),
            None => None,
        },
        None => None,
    };
    // The rest of the document: small, parsed whole, with `paths` and `schemas` left empty.
    let mut rest = serde_json::Map::new();
    for (key, value) in doc {
        let value = match key.as_str() {
            "paths" => Value::Object(serde_json::Map::new()),
            "components" => {
                let components = value.as_object()?;
                let others = components.iter().filter(|(k, _)| *k != "schemas");
                Value::Object(others.map(|(k, v)| (k.clone(), v.clone())).collect())
            }
            _ => value.clone(),
        };
        rest.insert(key.clone(), value);
    }
    let mut openapi = openapiv3::OpenAPI::deserialize(&Value::Object(rest)).ok()?;

    // As `openapiv3::Paths` reads its map: paths start with `/`, extensions with `x-`.
    let jobs: Vec<(bool, &String, &Value)> = paths
        .iter()
        .filter(|(key, _)| key.starts_with('/'))
        .map(|(key, value)| (true, key, value))
        .chain(schemas.into_iter().flatten().map(|(k, v)| (false, k, v)))
        .collect();
    let parts = crate::par::map(&jobs, |(is_path, _, value)| {
        Some(if *is_path {
            Part::Path(Box::new(openapiv3::ReferenceOr::deserialize(*value).ok()?))
        } else {
            Part::Schema(Box::new(openapiv3::ReferenceOr::deserialize(*value).ok()?))
        })
    });
    let (path_count, schema_count) = (paths.len(), schemas.map_or(0, serde_json::Map::len));
    openapi.paths.paths.reserve(path_count);
    if let Some(components) = openapi.components.as_mut() {
        components.schemas.reserve(schema_count);
    }
    for ((_, key, _), part) in jobs.iter().zip(parts) {
        match part? {
            Part::Path(item) => {
                openapi.paths.paths.insert((*key).clone(), *item);
            }
            Part::Schema(schema) => {
                let components = openapi.components.as_mut()?;
                components.schemas.insert((*key).clone(), *schema);
            }
        }
    }
    for (key, value) in paths.iter().filter(|(key, _)| key.starts_with("x-")) {
        openapi.paths.extensions.insert(key.clone(), value.clone());
    }
    Some(openapi)
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

#[cfg(test)]
mod tests {
    use serde::Deserialize as _;

    /// Parsing in parts gives what parsing whole gives, for every fixture that loads and for
    /// Looker's specs (both files of 26.12, Swagger 2.0 converted, and 25.20).
    #[test]
    fn parsing_in_parts_equals_parsing_whole() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut specs: Vec<std::path::PathBuf> = ["tests/fixtures", "spec", "spec/history"]
            .iter()
            .flat_map(|dir| std::fs::read_dir(root.join(dir)).into_iter().flatten())
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|e| e == "json"))
            .collect();
        specs.sort();
        let mut compared = 0;
        for path in &specs {
            let text = std::fs::read(path).expect("reads");
            let Ok(json) = serde_json::from_slice(&text) else {
                continue;
            };
            let Ok(repaired) = super::repair_json(json) else {
                continue;
            };
            if super::shape::check(&repaired.json).is_err() {
                continue;
            }
            let Ok(whole) = openapiv3::OpenAPI::deserialize(&repaired.json) else {
                assert!(super::parse_in_parts(&repaired.json).is_none());
                continue;
            };
            let parts = super::parse_in_parts(&repaired.json);
            assert!(parts.is_some(), "{}: parts fail", path.display());
            assert!(parts == Some(whole), "{}: parts differ", path.display());
            compared += 1;
        }
        assert!(compared >= 25, "only {compared} specs compared");
    }

    /// A spec the typed parse refuses in one of its parts is refused as the whole parse refuses
    /// it. FIXME: the pointer stops at `/paths`, where `openapiv3`'s flattened maps lose the
    /// path (the shape check names exact pointers for schemas; this is a response's field).
    #[test]
    fn a_failing_part_is_reported_as_the_whole_parse_reports_it() {
        let doc = serde_json::json!({
            "openapi": "3.0.1",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"operationId": "a", "responses": {"200": {"description": 7}}}}},
            "components": {"schemas": {"A": {"type": "string"}}}
        });
        let err = super::from_json(doc).expect_err("a description must be a string");
        assert_eq!(
            err.to_string(),
            "invalid spec at /paths: invalid type: integer `7`, expected a string"
        );
    }
}
