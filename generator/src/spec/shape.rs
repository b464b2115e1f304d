//! Checking the shape of every schema before the typed parse.
//!
//! `openapiv3` reads schemas through untagged enums: a node that fits no variant is re-read once
//! per variant, and each of those re-reads its children the same way, so one bad leaf under `n`
//! nested schemas costs `2^n` parses (a 430-byte spec nested 30 deep would take hours). This pass
//! walks the same schemas once, in linear time, rejects what the typed parse would choke on with
//! the exact JSON pointer of the offending key, and bounds the nesting depth.

use serde_json::{Map, Value};

use super::pointer::Lazy;
use crate::error::{Error, Result};

/// How deeply schemas may nest (`items`, `properties`, `additionalProperties`, `allOf`, ...).
/// Looker's spec nests 3 deep; past this, a failing typed parse would take seconds.
pub const MAX_DEPTH: usize = 12;

const HTTP_METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Checks every schema of the (repaired, OpenAPI 3) document: [`schema_entry`] for each of
/// `components/schemas`, [`sections`], then [`path_entry`] for each of `paths`, in that order
/// (the first failure is the one reported).
pub(super) fn check(doc: &Value) -> Result<()> {
    if let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        for (name, schema) in schemas {
            schema_entry(name, schema)?;
        }
    }
    sections(doc)?;
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            path_entry(path, item)?;
        }
    }
    Ok(())
}

/// Checks `components/schemas/<name>`.
pub(super) fn schema_entry(name: &str, schema: &Value) -> Result<()> {
    let root = Lazy::Root("/components/schemas");
    check_schema(schema, &Lazy::Key(&root, name), 1)
}

/// Checks the sections of `components` other than `schemas` that hold schemas.
pub(super) fn sections(doc: &Value) -> Result<()> {
    let Some(components) = doc.get("components").and_then(Value::as_object) else {
        return Ok(());
    };
    for (section, carries) in [
        ("parameters", Carrier::Parameter),
        ("requestBodies", Carrier::Content),
        ("responses", Carrier::Response),
        ("headers", Carrier::Parameter),
    ] {
        if let Some(items) = components.get(section).and_then(Value::as_object) {
            let root = Lazy::Root("/components");
            let ptr = Lazy::Key(&root, section);
            for (name, item) in items {
                carrier(item, &Lazy::Key(&ptr, name), carries)?;
            }
        }
    }
    Ok(())
}

/// Checks `paths/<path>`: its parameters and its operations'.
pub(super) fn path_entry(path: &str, item: &Value) -> Result<()> {
    let root = Lazy::Root("/paths");
    let item_ptr = Lazy::Key(&root, path);
    let Some(item) = item.as_object() else {
        return Ok(());
    };
    parameters(item, &item_ptr)?;
    for (method, op) in item {
        if !HTTP_METHODS.contains(&method.as_str()) {
            continue;
        }
        let op_ptr = Lazy::Key(&item_ptr, method);
        let Some(op) = op.as_object() else { continue };
        parameters(op, &op_ptr)?;
        if let Some(body) = op.get("requestBody") {
            carrier(body, &Lazy::Key(&op_ptr, "requestBody"), Carrier::Content)?;
        }
        if let Some(responses) = op.get("responses").and_then(Value::as_object) {
            let ptr = Lazy::Key(&op_ptr, "responses");
            for (status, response) in responses {
                carrier(response, &Lazy::Key(&ptr, status), Carrier::Response)?;
            }
        }
    }
    Ok(())
}

/// What holds schemas: a parameter or header (`schema`, `content`), a body (`content`), or a
/// response (`content`, `headers`).
#[derive(Clone, Copy)]
enum Carrier {
    Parameter,
    Content,
    Response,
}

fn parameters(owner: &Map<String, Value>, ptr: &Lazy) -> Result<()> {
    if let Some(params) = owner.get("parameters").and_then(Value::as_array) {
        let ptr = Lazy::Key(ptr, "parameters");
        for (i, param) in params.iter().enumerate() {
            carrier(param, &Lazy::Index(&ptr, i), Carrier::Parameter)?;
        }
    }
    Ok(())
}

fn carrier(node: &Value, ptr: &Lazy, kind: Carrier) -> Result<()> {
    let Some(node) = node.as_object() else {
        return Ok(());
    };
    if node.contains_key("$ref") {
        return Ok(());
    }
    if let Carrier::Parameter = kind
        && let Some(schema) = node.get("schema")
    {
        check_schema(schema, &Lazy::Key(ptr, "schema"), 1)?;
    }
    if let Some(content) = node.get("content").and_then(Value::as_object) {
        let content_ptr = Lazy::Key(ptr, "content");
        for (media, media_type) in content {
            if let Some(schema) = media_type.get("schema") {
                let media_ptr = Lazy::Key(&content_ptr, media);
                check_schema(schema, &Lazy::Key(&media_ptr, "schema"), 1)?;
            }
        }
    }
    if let Carrier::Response = kind
        && let Some(headers) = node.get("headers").and_then(Value::as_object)
    {
        let ptr = Lazy::Key(ptr, "headers");
        for (name, header) in headers {
            carrier(header, &Lazy::Key(&ptr, name), Carrier::Parameter)?;
        }
    }
    Ok(())
}

fn check_schema(schema: &Value, ptr: &Lazy, depth: usize) -> Result<()> {
    if depth > MAX_DEPTH {
        return Err(Error::spec(
            ptr.render(),
            format!("schemas nested more than {MAX_DEPTH} deep are not supported"),
        ));
    }
    let Some(schema) = schema.as_object() else {
        return Err(Error::spec(
            ptr.render(),
            format!("expected a schema object, found {}", kind(schema)),
        ));
    };
    if let Some(reference) = schema.get("$ref") {
        return expect(
            reference.is_string(),
            reference,
            &Lazy::Key(ptr, "$ref"),
            "a string",
        );
    }
    let ty = match schema.get("type") {
        None => None,
        Some(Value::String(t))
            if matches!(
                t.as_str(),
                "string" | "number" | "integer" | "boolean" | "array" | "object"
            ) =>
        {
            Some(t.as_str())
        }
        Some(other) => {
            return Err(Error::spec(
                Lazy::Key(ptr, "type").render(),
                format!(
                    "expected one of string, number, integer, boolean, array, object; found {}",
                    shown(other)
                ),
            ));
        }
    };
    for (key, value) in schema {
        let at = Lazy::Key(ptr, key);
        match key.as_str() {
            "items" | "not" => check_schema(value, &at, depth + 1)?,
            "additionalProperties" if !value.is_boolean() => check_schema(value, &at, depth + 1)?,
            "properties" => {
                let Some(props) = value.as_object() else {
                    return expect(false, value, &at, "an object of schemas");
                };
                for (name, prop) in props {
                    check_schema(prop, &Lazy::Key(&at, name), depth + 1)?;
                }
            }
            "allOf" | "oneOf" | "anyOf" => {
                let Some(items) = value.as_array() else {
                    return expect(false, value, &at, "an array of schemas");
                };
                for (i, item) in items.iter().enumerate() {
                    check_schema(item, &Lazy::Index(&at, i), depth + 1)?;
                }
            }
            "enum" => {
                let Some(values) = value.as_array() else {
                    return expect(false, value, &at, "an array");
                };
                let (fits, what): (fn(&Value) -> bool, &str) = match ty {
                    Some("string") => (Value::is_string, "strings"),
                    Some("integer") => (|v| v.is_i64() || v.is_u64(), "integers"),
                    Some("number") => (Value::is_number, "numbers"),
                    Some("boolean") => (Value::is_boolean, "booleans"),
                    _ => (|_| true, "values"),
                };
                for (i, v) in values.iter().enumerate() {
                    if !(v.is_null() || fits(v)) {
                        return expect(false, v, &Lazy::Index(&at, i), what);
                    }
                }
            }
            "required" => {
                let strings = value
                    .as_array()
                    .is_some_and(|a| a.iter().all(Value::is_string));
                expect(strings, value, &at, "an array of property names")?;
            }
            "nullable" | "readOnly" | "writeOnly" | "deprecated" | "uniqueItems"
            | "exclusiveMinimum" | "exclusiveMaximum" => {
                expect(value.is_boolean(), value, &at, "a boolean")?
            }
            "description" | "title" | "format" | "pattern" => {
                expect(value.is_string(), value, &at, "a string")?
            }
            "minimum" | "maximum" | "multipleOf" => {
                expect(value.is_number(), value, &at, "a number")?
            }
            "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties"
            | "maxProperties" => expect(value.is_u64(), value, &at, "a non-negative integer")?,
            "discriminator" | "externalDocs" | "xml" => {
                expect(value.is_object(), value, &at, "an object")?
            }
            _ => {}
        }
    }
    Ok(())
}

fn expect(ok: bool, value: &Value, ptr: &Lazy, what: &str) -> Result<()> {
    if ok {
        return Ok(());
    }
    Err(Error::spec(
        ptr.render(),
        format!("expected {what}, found {}", shown(value)),
    ))
}

/// A value as an error message shows it: short ones in full, others by kind.
fn shown(value: &Value) -> String {
    match value {
        Value::String(s) if s.len() <= 40 => format!("{s:?}"),
        Value::Bool(_) | Value::Number(_) | Value::Null => value.to_string(),
        other => kind(other).to_owned(),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
