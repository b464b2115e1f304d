//! Loading the spec as Looker publishes it: read, convert Swagger 2.0, repair, then parse typed.
//!
//! Looker's files are not valid OpenAPI. Everything that must change before `openapiv3` accepts
//! them happens here, on the JSON, and each change is reported once as a [`Warning`] that names
//! its JSON pointer. Nothing after this module sees the raw JSON.

mod locate;
pub mod pointer;
mod repair;
mod shape;
pub mod swagger2;

use std::path::Path;

use rayon::prelude::*;
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
    let openapi = match parse_in_parts(&json)? {
        Some(openapi) => openapi,
        None => {
            shape::check(&json)?;
            parse_whole(&json)?
        }
    };
    Ok(Spec {
        openapi,
        json,
        warnings,
        converted_from_swagger2,
    })
}

/// Parses repaired JSON, its shape checked, into `openapiv3` types, naming the failing node as
/// a JSON pointer.
fn parse_whole(json: &Value) -> Result<openapiv3::OpenAPI> {
    use serde::Deserialize as _;
    // Tracking the path costs a fifth of the parse: do it only to explain a failure.
    if let Ok(openapi) = openapiv3::OpenAPI::deserialize(json) {
        return Ok(openapi);
    }
    serde_path_to_error::deserialize(json).map_err(|err| {
        let message = err.inner().to_string();
        // The path stops where `openapiv3` flattens a struct (most of its types): look inside.
        let pointer = locate::failing_node(json, path_to_pointer(err.path()), &message);
        Error::spec(pointer, message)
    })
}

/// An entry of `components/schemas` or `paths`, to check and parse on its own.
enum Job<'a> {
    Schema(&'a str, &'a Value),
    Path(&'a str, &'a Value),
}

/// What checking and parsing one entry gave (boxed: a path item is kilobytes, moved from
/// thread to map).
enum Part {
    Schema(Box<openapiv3::ReferenceOr<openapiv3::Schema>>),
    Path(Box<openapiv3::ReferenceOr<openapiv3::PathItem>>),
    /// A key of `paths` that `openapiv3` does not read as a path (an extension, or neither).
    NotAPath,
    /// The typed parse failed: the whole document is parsed again to say where.
    Failed,
}

/// The typed parse of `components/schemas/<name>` alone.
fn schema_part(schema: &Value) -> Part {
    use serde::Deserialize as _;
    match openapiv3::ReferenceOr::deserialize(schema) {
        Ok(schema) => Part::Schema(Box::new(schema)),
        Err(_) => Part::Failed,
    }
}

/// The typed parse of `paths/<path>` alone, as `openapiv3::Paths` reads its map: only keys
/// starting with `/` are paths.
fn path_part(path: &str, item: &Value) -> Part {
    use serde::Deserialize as _;
    if !path.starts_with('/') {
        return Part::NotAPath;
    }
    match openapiv3::ReferenceOr::deserialize(item) {
        Ok(item) => Part::Path(Box::new(item)),
        Err(_) => Part::Failed,
    }
}

/// The shape check and the typed parse with the entries of `components/schemas` and `paths`
/// (nearly all of the document) each checked and parsed on its own, on every core, and the
/// rest of the document alone. It gives what [`shape::check`] and [`parse_whole`] give
/// (`tests::parsing_in_parts_equals_parsing_whole`, `tests::shape_errors_come_in_order`):
/// the first shape error in the order the whole check walks, and the same `OpenAPI`.
/// `Ok(None)` when the document has no such parts or one fails the typed parse: the caller
/// then checks and parses it whole, to name the failing node.
///
/// Loading runs while nothing else can, and the typed parse was a third of it.
fn parse_in_parts(json: &Value) -> Result<Option<openapiv3::OpenAPI>> {
    use serde::Deserialize as _;
    let Some((doc, paths)) = json
        .as_object()
        .and_then(|doc| Some((doc, doc.get("paths")?.as_object()?)))
    else {
        return Ok(None);
    };
    let schemas = match doc.get("components") {
        Some(Value::Object(components)) => match components.get("schemas") {
            Some(Value::Object(schemas)) => Some(schemas),
            Some(_) => return Ok(None),
            None => None,
        },
        Some(_) => return Ok(None),
        None => None,
    };
    let jobs: Vec<Job> = (schemas.into_iter().flatten())
        .map(|(name, schema)| Job::Schema(name, schema))
        .chain(paths.iter().map(|(path, item)| Job::Path(path, item)))
        .collect();
    let sections = shape::sections(json);
    let mut parts = jobs
        .par_iter()
        .map(|job| -> Result<Part> {
            Ok(match job {
                Job::Schema(name, schema) => {
                    shape::schema_entry(name, schema)?;
                    schema_part(schema)
                }
                Job::Path(path, item) => {
                    shape::path_entry(path, item)?;
                    path_part(path, item)
                }
            })
        })
        .collect::<Vec<_>>();
    // The first shape error in the whole check's order: schemas, other sections, paths.
    let path_parts = parts.split_off(schemas.map_or(0, serde_json::Map::len));
    let schema_parts: Vec<Part> = parts.into_iter().collect::<Result<_>>()?;
    sections?;
    let path_parts: Vec<Part> = path_parts.into_iter().collect::<Result<_>>()?;

    // The rest of the document, checked: small, parsed whole, `paths` and `schemas` left empty.
    let mut rest = serde_json::Map::new();
    for (key, value) in doc {
        let value = match (key.as_str(), value) {
            ("paths", _) => Value::Object(serde_json::Map::new()),
            ("components", Value::Object(components)) => {
                let others = components.iter().filter(|(k, _)| *k != "schemas");
                Value::Object(others.map(|(k, v)| (k.clone(), v.clone())).collect())
            }
            _ => value.clone(),
        };
        rest.insert(key.clone(), value);
    }
    let Ok(mut openapi) = openapiv3::OpenAPI::deserialize(&Value::Object(rest)) else {
        return Ok(None);
    };
    openapi.paths.paths.reserve(paths.len());
    for (path, part) in paths.keys().zip(path_parts) {
        match part {
            Part::Path(item) => {
                openapi.paths.paths.insert(path.clone(), *item);
            }
            Part::NotAPath => {}
            Part::Schema(_) | Part::Failed => return Ok(None),
        }
    }
    for (key, value) in paths.iter().filter(|(key, _)| key.starts_with("x-")) {
        openapi.paths.extensions.insert(key.clone(), value.clone());
    }
    if let (Some(schemas), Some(components)) = (schemas, openapi.components.as_mut()) {
        components.schemas.reserve(schemas.len());
        for (name, part) in schemas.keys().zip(schema_parts) {
            let Part::Schema(schema) = part else {
                return Ok(None);
            };
            components.schemas.insert(name.clone(), *schema);
        }
    }
    Ok(Some(openapi))
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
            let parts = super::parse_in_parts(&repaired.json);
            if let Err(shape) = super::shape::check(&repaired.json) {
                let parts = parts.err().map(|e| e.to_string());
                assert_eq!(parts, Some(shape.to_string()), "{}", path.display());
                continue;
            }
            let Ok(whole) = openapiv3::OpenAPI::deserialize(&repaired.json) else {
                assert!(matches!(parts, Ok(None)), "{}", path.display());
                continue;
            };
            let parts = parts.expect("the shape is fine");
            assert!(parts.is_some(), "{}: parts fail", path.display());
            assert!(parts == Some(whole), "{}: parts differ", path.display());
            compared += 1;
        }
        assert!(compared >= 25, "only {compared} specs compared");
    }

    /// With shape errors in a schema, in another section of `components` and in a path, each
    /// is reported in the order the whole check walks, whatever order the parts finish in.
    #[test]
    fn shape_errors_come_in_order() {
        let mut doc = serde_json::json!({
            "openapi": "3.0.1",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/a": {"get": {"operationId": "a", "responses": {}}},
                "/b": {"parameters": [{"name": "p", "in": "query", "schema": {"type": 1}}]}
            },
            "components": {
                "schemas": {"A": {"type": "string"}, "B": {"properties": []}},
                "parameters": {"P": {"name": "p", "in": "query", "schema": {"minimum": "x"}}}
            }
        });
        for (pointer, fix) in [
            ("/components/schemas/B/properties", serde_json::json!({})),
            (
                "/components/parameters/P/schema/minimum",
                serde_json::json!(1),
            ),
            (
                "/paths/~1b/parameters/0/schema/type",
                serde_json::json!("string"),
            ),
        ] {
            let whole = super::shape::check(&doc).expect_err("a shape error");
            assert!(whole.to_string().contains(pointer), "{whole}");
            let parts = super::parse_in_parts(&doc).expect_err("the same error");
            assert_eq!(parts.to_string(), whole.to_string());
            *doc.pointer_mut(pointer).expect("exists") = fix;
        }
        assert!(matches!(super::parse_in_parts(&doc), Ok(Some(_))));
    }

    /// A spec the typed parse refuses in one of its parts is refused as the whole parse refuses
    /// it, at the field that fails (`locate` finds it where the parse's own path stops).
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
            "invalid spec at /paths/~1a/get/responses/200/description: invalid type: integer `7`, \
             expected a string"
        );
    }
}
