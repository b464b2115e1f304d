//! Repairs for the ways Looker's published spec departs from OpenAPI 3.0.
//!
//! Each repair is a rule on the JSON, applied where the spec's structure says a schema, a
//! parameter or a media-type map is (never by key name alone, since a property may be called
//! `type` or `format`). Every change yields one [`Warning`] naming the node it changed.

use serde_json::{Map, Value};

use super::pointer::join;
use super::{Rule, Warning};
use crate::error::{Error, Result};

const FORM: &str = "application/x-www-form-urlencoded";
const HTTP_METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Applies every repair to `doc` in place and returns what was changed, rule by rule.
pub(super) fn repair(doc: &mut Value) -> Result<Vec<Warning>> {
    let mut out = Repairs::default();
    null_descriptions(doc, &mut out);
    if let Some(schemas) = doc.pointer_mut("/components/schemas") {
        let schemas = as_object(schemas, "/components/schemas")?;
        for (name, schema) in schemas.iter_mut() {
            out.schema(schema, &join("/components/schemas", name))?;
        }
    }
    if let Some(paths) = doc.get_mut("paths") {
        for (path, item) in as_object(paths, "/paths")?.iter_mut() {
            let item_ptr = join("/paths", path);
            let item = as_object(item, &item_ptr)?;
            if let Some(params) = item.get_mut("parameters") {
                out.parameters(params, &join(&item_ptr, "parameters"))?;
            }
            for (method, op) in item.iter_mut() {
                if HTTP_METHODS.contains(&method.as_str()) {
                    out.operation(op, method, &join(&item_ptr, method))?;
                }
            }
        }
    }
    Ok(out.warnings)
}

#[derive(Default)]
struct Repairs {
    warnings: Vec<Warning>,
}

impl Repairs {
    fn warn(&mut self, rule: Rule, pointer: String, message: impl Into<String>) {
        self.warnings.push(Warning {
            rule,
            pointer,
            message: message.into(),
        });
    }

    fn operation(&mut self, op: &mut Value, method: &str, ptr: &str) -> Result<()> {
        let op = as_object(op, ptr)?;
        if let Some(params) = op.get_mut("parameters") {
            self.parameters(params, &join(ptr, "parameters"))?;
        }
        if let Some(body) = op.get_mut("requestBody") {
            self.content(body, &join(ptr, "requestBody"), false)?;
        }
        if let Some(responses) = op.get_mut("responses") {
            let responses_ptr = join(ptr, "responses");
            for (status, response) in as_object(responses, &responses_ptr)?.iter_mut() {
                self.content(response, &join(&responses_ptr, status), true)?;
            }
        }
        self.form_fields_declared_as_query(op, method, ptr);
        Ok(())
    }

    fn parameters(&mut self, params: &mut Value, ptr: &str) -> Result<()> {
        let Value::Array(params) = params else {
            return Err(Error::spec(ptr, "parameters must be an array"));
        };
        for (i, param) in params.iter_mut().enumerate() {
            let param_ptr = join(ptr, &i.to_string());
            let param = as_object(param, &param_ptr)?;
            // `additionalProperties` belongs to the schema, not beside it.
            if let Some(extra) = param.remove("additionalProperties") {
                if let Some(Value::Object(schema)) = param.get_mut("schema") {
                    schema.entry("additionalProperties").or_insert(extra);
                }
                self.warn(
                    Rule::ParameterAdditionalProperties,
                    join(&param_ptr, "additionalProperties"),
                    "additionalProperties beside the parameter's schema: moved into the schema",
                );
            }
            // Query parameters cannot be `style: simple`; Looker means comma-delimited, which
            // OpenAPI spells `style: form, explode: false`.
            let in_query = param.get("in").and_then(Value::as_str) == Some("query");
            if in_query && param.get("style").and_then(Value::as_str) == Some("simple") {
                param.insert("style".into(), "form".into());
                param.insert("explode".into(), false.into());
                self.warn(
                    Rule::QueryStyleSimple,
                    join(&param_ptr, "style"),
                    "style: simple on a query parameter: read as a comma-delimited array (style: form, explode: false)",
                );
            }
            if let Some(schema) = param.get_mut("schema") {
                self.schema(schema, &join(&param_ptr, "schema"))?;
            }
        }
        Ok(())
    }

    /// Repairs the media-type map of a request body or response, then its schemas.
    fn content(&mut self, holder: &mut Value, ptr: &str, response: bool) -> Result<()> {
        let Some(content) = holder.get_mut("content") else {
            return Ok(());
        };
        let content_ptr = join(ptr, "content");
        let content = as_object(content, &content_ptr)?;
        if content.contains_key("text") {
            // `text` is not a media type; Looker serves text/plain there. Rebuild to keep order.
            let old = std::mem::take(content);
            for (media, value) in old {
                if media == "text" && !content.contains_key("text/plain") {
                    self.warn(
                        Rule::MediaTypeText,
                        join(&content_ptr, "text"),
                        "media type \"text\" is not a media type: read as text/plain",
                    );
                    content.insert("text/plain".into(), value);
                } else {
                    content.insert(media, value);
                }
            }
        }
        for (media, media_type) in content.iter_mut() {
            let media_ptr = join(&content_ptr, media);
            let Some(schema) = as_object(media_type, &media_ptr)?.get_mut("schema") else {
                continue;
            };
            let schema_ptr = join(&media_ptr, "schema");
            let is_json = media.starts_with("application/json") || media.contains("+json");
            let is_string = schema.get("type").and_then(Value::as_str) == Some("string");
            if response && !is_json && !is_string {
                // A text or image body is a string of characters or bytes, whatever schema the
                // spec puts there (Looker declares its JSON error objects under image/png).
                let mut string = Map::new();
                string.insert("type".into(), "string".into());
                if !(media.starts_with("text/") || media.ends_with("+xml")) {
                    string.insert("format".into(), "binary".into());
                }
                *schema = Value::Object(string);
                self.warn(
                    Rule::ObjectUnderNonJson,
                    schema_ptr,
                    format!(
                        "an object schema for the non-JSON media type {media}: read as a string"
                    ),
                );
                continue;
            }
            self.schema(schema, &schema_ptr)?;
        }
        Ok(())
    }

    /// Repairs one schema and, recursively, the schemas inside it.
    fn schema(&mut self, schema: &mut Value, ptr: &str) -> Result<()> {
        let schema = as_object(schema, ptr)?;
        if schema.get("type").and_then(Value::as_str) == Some("any") {
            schema.remove("type");
            self.warn(
                Rule::TypeAny,
                join(ptr, "type"),
                "type: any is not an OpenAPI type: read as a schema that allows any value",
            );
        }
        if schema.get("format").and_then(Value::as_str) == Some("any") {
            schema.remove("format");
        }
        let is_array = schema.get("type").and_then(Value::as_str) == Some("array");
        if is_array && schema.contains_key("enum") {
            if let (Some(values), Some(Value::Object(items))) =
                (schema.remove("enum"), schema.get_mut("items"))
            {
                items.entry("enum").or_insert(values);
            }
            self.warn(
                Rule::ArrayEnum,
                join(ptr, "enum"),
                "enum on an array: moved to the array's items",
            );
        }
        if let Some(props) = schema.get_mut("properties") {
            let props_ptr = join(ptr, "properties");
            for (name, prop) in as_object(props, &props_ptr)?.iter_mut() {
                self.schema(prop, &join(&props_ptr, name))?;
            }
        }
        for key in ["items", "additionalProperties", "not"] {
            if let Some(inner @ Value::Object(_)) = schema.get_mut(key) {
                self.schema(inner, &join(ptr, key))?;
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(Value::Array(list)) = schema.get_mut(key) {
                let list_ptr = join(ptr, key);
                for (i, inner) in list.iter_mut().enumerate() {
                    self.schema(inner, &join(&list_ptr, &i.to_string()))?;
                }
            }
        }
        Ok(())
    }

    /// A form-encoded body declared as a bare object, with its fields declared as query
    /// parameters (Looker's `/login`): the fields become the form schema's properties, so the
    /// model sends them in the body and never in the URL.
    ///
    /// Looker's OpenAPI files before 26.4 declare no body at all for `/login`, only the query
    /// parameters: an operation that can take a body (not a GET) whose query parameters carry a
    /// secret (by the model's one rule, [`Property::is_secret`]) gets the empty form body the
    /// later files declare, so the same move applies and no secret is sent in a URL.
    ///
    /// [`Property::is_secret`]: crate::model::Property::is_secret
    fn form_fields_declared_as_query(
        &mut self,
        op: &mut Map<String, Value>,
        method: &str,
        ptr: &str,
    ) {
        let form_ptr = format!("/content/{}/schema", super::pointer::escape(FORM));
        if !op.contains_key("requestBody")
            && matches!(method, "post" | "put" | "patch")
            && op
                .get("parameters")
                .and_then(Value::as_array)
                .is_some_and(|params| params.iter().any(is_secret_query_param))
        {
            op.insert(
                "requestBody".into(),
                serde_json::json!({"content": {FORM: {"schema": {"type": "object"}}}}),
            );
        }
        let is_bare_form = match op.get("requestBody").and_then(|b| b.pointer(&form_ptr)) {
            Some(Value::Object(schema)) => !schema.contains_key("properties"),
            _ => false,
        };
        let Some(Value::Array(params)) = op.get_mut("parameters") else {
            return;
        };
        if !is_bare_form {
            return;
        }
        let (fields, kept): (Vec<Value>, Vec<Value>) = std::mem::take(params)
            .into_iter()
            .partition(|p| p.get("in").and_then(Value::as_str) == Some("query"));
        *params = kept;
        if fields.is_empty() {
            return;
        }
        let mut properties = Map::new();
        let mut required = Vec::new();
        for field in &fields {
            let Some(name) = field.get("name").and_then(Value::as_str) else {
                continue;
            };
            let mut schema = field
                .get("schema")
                .cloned()
                .unwrap_or_else(|| Value::Object(Map::new()));
            if let (Value::Object(s), Some(d)) = (&mut schema, field.get("description")) {
                s.entry("description").or_insert(d.clone());
            }
            if field.get("required").and_then(Value::as_bool) == Some(true) {
                required.push(Value::from(name));
            }
            properties.insert(name.to_owned(), schema);
        }
        if let Some(Value::Object(schema)) = op
            .get_mut("requestBody")
            .and_then(|b| b.pointer_mut(&form_ptr))
        {
            schema.insert("properties".into(), Value::Object(properties));
            if !required.is_empty() {
                schema.insert("required".into(), Value::Array(required));
            }
        }
        if op
            .get("parameters")
            .and_then(Value::as_array)
            .is_some_and(Vec::is_empty)
        {
            op.remove("parameters");
        }
        self.warn(
            Rule::FormFieldsInQuery,
            join(ptr, "requestBody"),
            format!(
                "form-encoded body declares no fields while {} query parameter(s) carry them: moved into the form body",
                fields.len()
            ),
        );
    }
}

/// Whether `param` is a string query parameter holding a secret, by the model's one rule.
fn is_secret_query_param(param: &Value) -> bool {
    use crate::model::{Intrinsic, Property, TypeRef};
    let text = |pointer| param.pointer(pointer).and_then(Value::as_str);
    text("/in") == Some("query")
        && text("/schema/type") == Some("string")
        && text("/name")
            .is_some_and(|name| Property::is_secret(name, &TypeRef::Intrinsic(Intrinsic::String)))
}

/// Replaces `description: null` (anywhere) with an empty description.
///
/// The whole document is walked, so pointers are only built for the nodes that change.
fn null_descriptions(doc: &mut Value, out: &mut Repairs) {
    let mut found = Vec::new();
    find_null_descriptions(doc, &mut Vec::new(), &mut found);
    for pointer in found {
        if let Some(value) = doc.pointer_mut(&pointer) {
            *value = Value::String(String::new());
        }
        out.warn(
            Rule::NullDescription,
            pointer,
            "description: null: read as no description",
        );
    }
}

enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

fn find_null_descriptions<'a>(
    value: &'a Value,
    path: &mut Vec<Segment<'a>>,
    found: &mut Vec<String>,
) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                path.push(Segment::Key(key));
                if key == "description" && inner.is_null() {
                    found.push(
                        path.iter()
                            .fold(String::new(), |ptr, segment| match segment {
                                Segment::Key(k) => join(&ptr, k),
                                Segment::Index(i) => join(&ptr, &i.to_string()),
                            }),
                    );
                } else {
                    find_null_descriptions(inner, path, found);
                }
                path.pop();
            }
        }
        Value::Array(list) => {
            for (i, inner) in list.iter().enumerate() {
                path.push(Segment::Index(i));
                find_null_descriptions(inner, path, found);
                path.pop();
            }
        }
        _ => {}
    }
}

fn as_object<'a>(value: &'a mut Value, ptr: &str) -> Result<&'a mut Map<String, Value>> {
    match value {
        Value::Object(map) => Ok(map),
        other => Err(Error::spec(
            ptr,
            format!("expected an object, found {}", json_kind(other)),
        )),
    }
}

pub(crate) fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
