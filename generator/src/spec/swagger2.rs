//! Swagger 2.0 → OpenAPI 3.0, so a spec fetched from a Looker instance feeds the same pipeline as
//! Looker's published OAS file.
//!
//! The output imitates Looker's own converter rather than the letter of either spec, because the
//! goal is the same model from both files: `x-looker-nullable`/`-values`/`-deprecated` become
//! `nullable`/`enum`/`deprecated`, siblings of a schema `$ref` are dropped, `collectionFormat: csv`
//! becomes `style: simple` even on query parameters, and a parameter's `additionalProperties`
//! stays beside its `schema` instead of inside it.

use serde_json::{Map, Value, json};

use crate::error::{Error, Result};
use crate::spec::pointer::join;

const METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];
const FORM: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";
/// Parameter keywords that move into the OAS 3 parameter `schema` (`additionalProperties` stays,
/// as in Looker's OAS file).
#[rustfmt::skip]
const SCHEMA_KEYS: [&str; 18] = [
    "type", "format", "items", "enum", "default", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems",
    "multipleOf", "x-nullable", "x-looker-nullable",
];

type Object = Map<String, Value>;

/// True when `doc` is a Swagger 2.0 document (`"swagger": "2.0"`).
pub fn is_swagger2(doc: &Value) -> bool {
    doc.get("swagger").and_then(Value::as_str) == Some("2.0")
}

/// Converts a Swagger 2.0 document into OpenAPI 3.0 as Looker publishes it.
pub fn to_openapi3(doc: &Value) -> Result<Value> {
    let root = object(doc, "")?;
    if !is_swagger2(doc) {
        return Err(Error::spec("/swagger", "not a Swagger 2.0 document"));
    }
    let default = vec!["application/json".to_owned()];
    let cx = Context {
        root,
        consumes: media(root, "", "consumes")?.unwrap_or_else(|| default.clone()),
        produces: media(root, "", "produces")?.unwrap_or(default),
    };
    let mut out = Object::new();
    for (key, value) in root {
        match key.as_str() {
            "swagger" => _ = out.insert("openapi".into(), "3.0.0".into()),
            "paths" => _ = out.insert(key.clone(), cx.paths(value)?),
            "host" | "basePath" | "schemes" | "consumes" | "produces" | "definitions"
            | "parameters" | "responses" => {}
            _ => _ = out.insert(key.clone(), copy(value)),
        }
    }
    if !out.contains_key("paths") {
        return Err(Error::spec("/paths", "missing"));
    }
    out.insert("servers".into(), servers(root)?);
    let mut schemas = Object::new();
    if let Some(definitions) = root.get("definitions") {
        for (name, def) in object(definitions, "/definitions")? {
            schemas.insert(name.clone(), schema(def, &join("/definitions", name))?);
        }
    }
    out.insert(
        "components".into(),
        json!({"requestBodies": {}, "schemas": schemas}),
    );
    Ok(Value::Object(out))
}

/// The document-wide state operations fall back on.
struct Context<'a> {
    root: &'a Object,
    consumes: Vec<String>,
    produces: Vec<String>,
}

impl Context<'_> {
    fn paths(&self, paths: &Value) -> Result<Value> {
        let mut out = Object::new();
        for (path, item) in object(paths, "/paths")? {
            let at = join("/paths", path);
            let item = object(item, &at)?;
            // Path-level body and form parameters apply to every operation's request body.
            let (shared, shared_bodies) = match item.get("parameters") {
                Some(list) => self.parameters(list, &join(&at, "parameters"))?,
                None => (Vec::new(), Vec::new()),
            };
            let mut converted = Object::new();
            for (key, value) in item {
                let here = join(&at, key);
                let value = match key.as_str() {
                    "parameters" if shared.is_empty() => continue,
                    "parameters" => Value::Array(shared.clone()),
                    k if METHODS.contains(&k) => self.operation(value, &here, &shared_bodies)?,
                    _ => copy(value),
                };
                converted.insert(key.clone(), value);
            }
            out.insert(path.clone(), Value::Object(converted));
        }
        Ok(Value::Object(out))
    }

    fn operation(&self, op: &Value, at: &str, shared: &[Located]) -> Result<Value> {
        let op = object(op, at)?;
        let consumes = media(op, at, "consumes")?;
        let produces = media(op, at, "produces")?.unwrap_or_else(|| self.produces.clone());
        let mut out = Object::new();
        let mut bodies = Vec::new();
        for (key, value) in op {
            let value = match key.as_str() {
                "consumes" | "produces" => continue,
                "parameters" => {
                    let (params, own) = self.parameters(value, &join(at, key))?;
                    bodies.extend(own);
                    if params.is_empty() {
                        continue;
                    }
                    Value::Array(params)
                }
                "responses" => self.responses(value, &join(at, key), &produces)?,
                _ => copy(value),
            };
            out.insert(key.clone(), value);
        }
        let overridden = |p: &Located| bodies.iter().any(|b| b.1.get("name") == p.1.get("name"));
        let inherited: Vec<_> = shared.iter().filter(|p| !overridden(p)).cloned().collect();
        bodies.splice(0..0, inherited);
        let own_consumes = consumes.is_some();
        let consumes = consumes.unwrap_or_else(|| self.consumes.clone());
        if let Some(body) = request_body(&bodies, &consumes, own_consumes)? {
            out.insert("requestBody".into(), body);
        }
        Ok(Value::Object(out))
    }

    /// Splits a parameter list into converted non-body parameters and the body/form ones.
    fn parameters<'a>(
        &'a self,
        list: &'a Value,
        at: &str,
    ) -> Result<(Vec<Value>, Vec<Located<'a>>)> {
        let Value::Array(list) = list else {
            return Err(Error::spec(at, "must be an array"));
        };
        let (mut params, mut bodies) = (Vec::new(), Vec::new());
        for (i, param) in list.iter().enumerate() {
            let (here, param) = self.resolve(param, &join(at, &i.to_string()), "parameters")?;
            match param.get("in").and_then(Value::as_str) {
                Some("body" | "formData") => bodies.push((here, param)),
                Some("query" | "header" | "path") => params.push(parameter(param, &here)?.into()),
                Some(_) => return Err(Error::spec(join(&here, "in"), "unknown location")),
                None => return Err(Error::spec(here, "parameter has no string `in`")),
            }
        }
        Ok((params, bodies))
    }

    fn responses(&self, responses: &Value, at: &str, produces: &[String]) -> Result<Value> {
        let mut out = Object::new();
        for (code, response) in object(responses, at)? {
            if code.starts_with("x-") {
                out.insert(code.clone(), copy(response));
                continue;
            }
            let (here, response) = self.resolve(response, &join(at, code), "responses")?;
            let examples = response.get("examples").and_then(Value::as_object);
            let mut converted = Object::new();
            for (key, value) in response {
                let value = match key.as_str() {
                    "examples" => continue,
                    "schema" => {
                        let schema = schema(value, &join(&here, key))?;
                        let content = produces.iter().map(|m| {
                            let mut media = json!({ "schema": schema });
                            if let Some(example) = examples.and_then(|e| e.get(m)) {
                                media["example"] = copy(example);
                            }
                            (m.clone(), media)
                        });
                        converted.insert("content".into(), Value::Object(content.collect()));
                        continue;
                    }
                    "headers" => {
                        let at = join(&here, key);
                        let headers = object(value, &at)?.iter().map(|(n, h)| {
                            let at = join(&at, n);
                            Ok((n.clone(), parameter(object(h, &at)?, &at)?.into()))
                        });
                        Value::Object(headers.collect::<Result<_>>()?)
                    }
                    _ => copy(value),
                };
                converted.insert(key.clone(), value);
            }
            out.insert(code.clone(), Value::Object(converted));
        }
        Ok(Value::Object(out))
    }

    /// Follows a local `$ref` into the document's shared `parameters` or `responses`.
    fn resolve<'a>(&'a self, node: &'a Value, at: &str, section: &str) -> Result<Located<'a>> {
        let node = object(node, at)?;
        let Some(reference) = node.get("$ref") else {
            return Ok((at.to_owned(), node));
        };
        let reference = reference
            .as_str()
            .ok_or_else(|| Error::spec(join(at, "$ref"), "`$ref` must be a string"))?;
        let target = reference
            .strip_prefix(&format!("#/{section}/"))
            .map(|name| name.replace("~1", "/").replace("~0", "~"))
            .and_then(|name| Some((self.root.get(section)?.get(&name)?, name)));
        match target {
            Some((target, name)) => {
                let there = join(&join("", section), &name);
                Ok((there.clone(), object(target, &there)?))
            }
            None => Err(Error::DanglingRef {
                pointer: join(at, "$ref"),
                reference: reference.to_owned(),
            }),
        }
    }
}

/// A node together with its pointer in the Swagger input.
type Located<'a> = (String, &'a Object);

/// Converts a query, header or path parameter (or a response header).
fn parameter(param: &Object, at: &str) -> Result<Object> {
    let (mut out, mut raw) = (Object::new(), Object::new());
    for (key, value) in param {
        match key.as_str() {
            k if SCHEMA_KEYS.contains(&k) => _ = raw.insert(key.clone(), value.clone()),
            "collectionFormat" => {
                let (style, explode) = match value.as_str() {
                    Some("csv") => ("simple", false),
                    Some("multi") => ("form", true),
                    Some("ssv") => ("spaceDelimited", false),
                    Some("pipes") => ("pipeDelimited", false),
                    Some("tsv") => {
                        // OpenAPI 3 has no tab-delimited style; keep the hint for a later step.
                        out.insert("x-collectionFormat".into(), "tsv".into());
                        continue;
                    }
                    _ => return Err(Error::spec(join(at, key), "unknown collectionFormat")),
                };
                out.insert("style".into(), style.into());
                out.insert("explode".into(), explode.into());
            }
            "x-looker-deprecated" => _ = out.insert("deprecated".into(), value.clone()),
            _ => _ = out.insert(key.clone(), copy(value)),
        }
    }
    out.insert("schema".into(), schema(&Value::Object(raw), at)?);
    Ok(out)
}

/// Builds the `requestBody` from the body parameter or the form parameters.
fn request_body(
    params: &[Located],
    consumes: &[String],
    own_consumes: bool,
) -> Result<Option<Value>> {
    let is_form = |m: &String| m == FORM || m == MULTIPART;
    let forms: Vec<_> = consumes.iter().filter(|m| is_form(m)).cloned().collect();
    let (mut form, mut body) = (Vec::new(), None);
    for (here, param) in params.iter().map(|(h, p)| (h, *p)) {
        if param.get("in").and_then(Value::as_str) == Some("formData") {
            form.push((here, param));
        } else if body.replace((here, param)).is_some() {
            return Err(Error::spec(here.as_str(), "second body parameter"));
        }
    }
    let content = |media: &[String], schema: Value| -> Value {
        let content = media
            .iter()
            .map(|m| (m.clone(), json!({ "schema": schema })));
        Value::Object(content.collect())
    };
    if let Some((here, param)) = body {
        if let Some((other, _)) = form.first() {
            return Err(Error::spec(
                other.as_str(),
                "form parameter beside a body parameter",
            ));
        }
        let raw = param
            .get("schema")
            .ok_or_else(|| Error::spec(here.as_str(), "body parameter has no schema"))?;
        let mut out = Object::new();
        out.insert(
            "content".into(),
            content(consumes, schema(raw, &join(here, "schema"))?),
        );
        for (key, value) in param {
            if key == "description" || key == "required" || key.starts_with("x-") {
                out.insert(key.clone(), copy(value));
            }
        }
        return Ok(Some(Value::Object(out)));
    }
    if form.is_empty() {
        // Looker's OAS gives `/login` (form media, no parameters) an empty form body; match it.
        let empty = json!({"type": "object"});
        return Ok(
            (own_consumes && !forms.is_empty()).then(|| json!({"content": content(&forms, empty)}))
        );
    }
    let (mut properties, mut required) = (Object::new(), Vec::new());
    for (here, param) in form {
        let name = param
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| Error::spec(here.as_str(), "form parameter has no string `name`"))?;
        let mut property = parameter(param, here)?.remove("schema").unwrap_or_default();
        if let (Some(d), Some(p)) = (param.get("description"), property.as_object_mut()) {
            p.insert("description".into(), d.clone());
        }
        properties.insert(name.to_owned(), property);
        if param.get("required") == Some(&Value::Bool(true)) {
            required.push(Value::from(name));
        }
    }
    let mut schema = json!({"type": "object", "properties": properties});
    if !required.is_empty() {
        schema["required"] = Value::Array(required);
    }
    let media = if forms.is_empty() {
        vec![FORM.to_owned()]
    } else {
        forms
    };
    Ok(Some(json!({ "content": content(&media, schema) })))
}

/// `host`, `basePath` and `schemes` as OAS 3 `servers`.
fn servers(root: &Object) -> Result<Value> {
    let text = |key: &str| match root.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(_) => Err(Error::spec(join("", key), "must be a string")),
    };
    let base = text("basePath")?.unwrap_or("");
    let Some(host) = text("host")? else {
        let url = if base.is_empty() { "/" } else { base };
        return Ok(json!([{ "url": url }]));
    };
    let schemes = media(root, "", "schemes")?.unwrap_or_else(|| vec!["https".to_owned()]);
    let urls = schemes
        .iter()
        .map(|s| json!({ "url": format!("{s}://{host}{base}") }));
    Ok(Value::Array(urls.collect()))
}

/// Converts a Swagger schema, renaming Looker's Swagger-only extensions to OAS 3 keywords.
fn schema(value: &Value, at: &str) -> Result<Value> {
    let node = match value {
        Value::Bool(_) => return Ok(value.clone()),
        _ => object(value, at)?,
    };
    if let Some(reference) = node.get("$ref") {
        let reference = reference
            .as_str()
            .ok_or_else(|| Error::spec(join(at, "$ref"), "`$ref` must be a string"))?;
        // OAS 3.0 ignores a `$ref`'s siblings, and Looker's OAS file drops them.
        return Ok(json!({ "$ref": rewrite(reference) }));
    }
    let mut out = Object::new();
    for (key, value) in node {
        let here = join(at, key);
        let converted = match key.as_str() {
            "properties" => {
                let props = object(value, &here)?.iter();
                let props = props.map(|(n, s)| Ok((n.clone(), schema(s, &join(&here, n))?)));
                Value::Object(props.collect::<Result<_>>()?)
            }
            "items" | "additionalProperties" | "not" => schema(value, &here)?,
            "allOf" | "anyOf" | "oneOf" => {
                let Value::Array(list) = value else {
                    return Err(Error::spec(here, "must be an array"));
                };
                let list = list.iter().enumerate();
                let list = list.map(|(i, s)| schema(s, &join(&here, &i.to_string())));
                Value::Array(list.collect::<Result<_>>()?)
            }
            "type" if value == "file" => {
                out.insert("type".into(), "string".into());
                out.insert("format".into(), "binary".into());
                continue;
            }
            "discriminator" if value.is_string() => json!({ "propertyName": value }),
            _ => copy(value),
        };
        let key = match key.as_str() {
            "x-nullable" | "x-looker-nullable" => "nullable",
            "x-looker-values" => "enum",
            "x-looker-deprecated" => "deprecated",
            other => other,
        };
        out.insert(key.to_owned(), converted);
    }
    Ok(Value::Object(out))
}

/// Deep copy that points every `#/definitions/` reference at `#/components/schemas/`.
fn copy(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| match (k.as_str(), v) {
                    ("$ref", Value::String(r)) => (k.clone(), Value::from(rewrite(r))),
                    _ => (k.clone(), copy(v)),
                })
                .collect(),
        ),
        Value::Array(list) => Value::Array(list.iter().map(copy).collect()),
        _ => value.clone(),
    }
}

fn rewrite(reference: &str) -> String {
    match reference.strip_prefix("#/definitions/") {
        Some(name) => format!("#/components/schemas/{name}"),
        None => reference.to_owned(),
    }
}

/// `owner[key]` as a list of strings (media types or schemes), if present.
fn media(owner: &Object, at: &str, key: &str) -> Result<Option<Vec<String>>> {
    let Some(value) = owner.get(key) else {
        return Ok(None);
    };
    let strings = value.as_array().and_then(|list| {
        let list = list.iter().map(|m| m.as_str().map(str::to_owned));
        list.collect::<Option<Vec<_>>>()
    });
    strings
        .map(Some)
        .ok_or_else(|| Error::spec(join(at, key), "must be an array of strings"))
}

fn object<'a>(value: &'a Value, at: &str) -> Result<&'a Object> {
    value
        .as_object()
        .ok_or_else(|| Error::spec(at, "must be an object"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal Swagger 2.0 document around `paths`.
    fn doc(paths: Value) -> Value {
        json!({
            "swagger": "2.0",
            "info": {"title": "t", "version": "1"},
            "basePath": "/api/4.0",
            "host": "localhost:20000",
            "schemes": ["https"],
            "consumes": ["application/json"],
            "produces": ["application/json"],
            "paths": paths,
            "definitions": {
                "User": {
                    "properties": {
                        "id": {"type": "string", "readOnly": true, "x-looker-nullable": false},
                        "role": {"$ref": "#/definitions/Role", "readOnly": true},
                        "kind": {"type": "string", "x-looker-values": ["a", "b"]},
                        "roles": {"type": "array", "items": {"$ref": "#/definitions/Role"}}
                    },
                    "x-looker-status": "stable"
                }
            }
        })
    }

    fn convert(paths: Value) -> Value {
        to_openapi3(&doc(paths)).expect("converts")
    }

    fn error_pointer(doc: &Value) -> String {
        match to_openapi3(doc) {
            Err(Error::Spec { pointer, .. } | Error::DanglingRef { pointer, .. }) => pointer,
            other => panic!("expected a spec error, got {other:?}"),
        }
    }

    #[test]
    fn recognises_swagger2_only() {
        assert!(is_swagger2(&doc(json!({}))));
        assert!(!is_swagger2(&json!({"openapi": "3.0.0"})));
        assert!(!is_swagger2(&json!({"swagger": 2.0})));
    }

    #[test]
    fn top_level_and_definitions() {
        let out = convert(json!({}));
        assert_eq!(out["openapi"], "3.0.0");
        assert_eq!(
            out["servers"],
            json!([{"url": "https://localhost:20000/api/4.0"}])
        );
        let keys: Vec<_> = out.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["openapi", "info", "paths", "servers", "components"]);
        let user = &out["components"]["schemas"]["User"];
        assert_eq!(
            user["properties"]["id"],
            json!({"type": "string", "readOnly": true, "nullable": false})
        );
        assert_eq!(
            user["properties"]["role"],
            json!({"$ref": "#/components/schemas/Role"})
        );
        assert_eq!(user["properties"]["kind"]["enum"], json!(["a", "b"]));
        assert_eq!(
            user["properties"]["roles"]["items"]["$ref"],
            "#/components/schemas/Role"
        );
        assert_eq!(user["x-looker-status"], "stable");
    }

    #[test]
    fn csv_and_multi_collection_formats() {
        let out = convert(json!({"/q": {"get": {
            "operationId": "q",
            "parameters": [
                {"name": "ids", "in": "query", "required": true, "type": "array",
                 "items": {"type": "string"}, "collectionFormat": "csv"},
                {"name": "tags", "in": "query", "type": "array",
                 "items": {"type": "string"}, "collectionFormat": "multi",
                 "x-looker-deprecated": true}
            ],
            "responses": {}
        }}}));
        let params = &out["paths"]["/q"]["get"]["parameters"];
        assert_eq!(
            params[0],
            json!({"name": "ids", "in": "query", "required": true, "style": "simple",
                   "explode": false, "schema": {"type": "array", "items": {"type": "string"}}})
        );
        assert_eq!(params[1]["style"], "form");
        assert_eq!(params[1]["explode"], true);
        assert_eq!(params[1]["deprecated"], true);
    }

    #[test]
    fn body_parameter_becomes_request_body() {
        let out = convert(json!({"/users/{user_id}": {"patch": {
            "operationId": "update_user",
            "parameters": [
                {"name": "user_id", "in": "path", "required": true, "type": "string"},
                {"name": "body", "in": "body", "description": "User", "required": true,
                 "schema": {"$ref": "#/definitions/User"}}
            ],
            "responses": {}
        }}, "/saml": {"post": {
            "consumes": ["text/plain"],
            "parameters": [{"name": "body", "in": "body", "schema": {"type": "string"}}],
            "responses": {}
        }}}));
        let op = &out["paths"]["/users/{user_id}"]["patch"];
        assert_eq!(op["parameters"].as_array().map(Vec::len), Some(1));
        assert_eq!(
            op["requestBody"],
            json!({"content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}},
                   "description": "User", "required": true})
        );
        let saml = &out["paths"]["/saml"]["post"];
        assert_eq!(saml.get("parameters"), None);
        assert_eq!(
            saml["requestBody"],
            json!({"content": {"text/plain": {"schema": {"type": "string"}}}})
        );
    }

    #[test]
    fn form_parameters_become_form_body() {
        let out = convert(json!({"/login": {"post": {
            "consumes": ["application/x-www-form-urlencoded"],
            "parameters": [
                {"name": "client_id", "in": "formData", "required": true, "type": "string",
                 "description": "id"},
                {"name": "client_secret", "in": "formData", "type": "string"}
            ],
            "responses": {}
        }}, "/bare": {"post": {
            "consumes": ["application/x-www-form-urlencoded"],
            "responses": {}
        }}, "/text": {"post": {
            "consumes": ["text/plain"],
            "responses": {}
        }}}));
        assert_eq!(
            out["paths"]["/login"]["post"]["requestBody"],
            json!({"content": {"application/x-www-form-urlencoded": {"schema": {
                "type": "object",
                "properties": {
                    "client_id": {"type": "string", "description": "id"},
                    "client_secret": {"type": "string"}
                },
                "required": ["client_id"]
            }}}})
        );
        assert_eq!(
            out["paths"]["/bare"]["post"]["requestBody"],
            json!({"content": {"application/x-www-form-urlencoded": {"schema": {"type": "object"}}}})
        );
        assert_eq!(out["paths"]["/text"]["post"].get("requestBody"), None);
        // Only an operation's own `consumes` conjures an empty form body, not the global one.
        let mut global = doc(json!({"/get": {"get": {"responses": {}}}}));
        global["consumes"] = json!(["application/x-www-form-urlencoded"]);
        let out = to_openapi3(&global).expect("converts");
        assert_eq!(out["paths"]["/get"]["get"].get("requestBody"), None);
    }

    #[test]
    fn produces_becomes_response_content() {
        let out = convert(json!({"/run": {"get": {
            "produces": ["text", "image/png"],
            "responses": {
                "200": {"description": "Result", "schema": {"type": "string"}},
                "204": {"description": "Deleted"},
                "404": {"description": "Not Found", "schema": {"$ref": "#/definitions/Error"}}
            }
        }}, "/plain": {"get": {
            "responses": {"200": {"description": "ok", "schema": {"type": "string"}}}
        }}}));
        let responses = &out["paths"]["/run"]["get"]["responses"];
        assert_eq!(
            responses["200"],
            json!({"description": "Result", "content": {
                "text": {"schema": {"type": "string"}},
                "image/png": {"schema": {"type": "string"}}
            }})
        );
        assert_eq!(responses["204"], json!({"description": "Deleted"}));
        assert_eq!(
            responses["404"]["content"]["text"]["schema"]["$ref"],
            "#/components/schemas/Error"
        );
        let plain = &out["paths"]["/plain"]["get"]["responses"]["200"]["content"];
        assert_eq!(
            plain
                .as_object()
                .map(|c| c.keys().cloned().collect::<Vec<_>>()),
            Some(vec!["application/json".to_owned()])
        );
    }

    #[test]
    fn shared_parameters_are_resolved() {
        let mut input = doc(json!({"/x": {"get": {
            "parameters": [{"$ref": "#/parameters/limit"}],
            "responses": {"404": {"$ref": "#/responses/NotFound"}}
        }}}));
        input["parameters"] = json!({"limit": {"name": "limit", "in": "query", "type": "integer"}});
        input["responses"] = json!({"NotFound": {"description": "gone"}});
        let out = to_openapi3(&input).expect("converts");
        let op = &out["paths"]["/x"]["get"];
        assert_eq!(op["parameters"][0]["schema"], json!({"type": "integer"}));
        assert_eq!(op["responses"]["404"], json!({"description": "gone"}));
        assert_eq!(out.get("parameters"), None);
    }

    #[test]
    fn malformed_input_names_the_pointer() {
        let mut paths_array = doc(json!({}));
        paths_array["paths"] = json!([]);
        assert_eq!(error_pointer(&paths_array), "/paths");

        let no_in = doc(json!({"/a/{b}": {"get": {"parameters": [{"name": "b"}]}}}));
        assert_eq!(error_pointer(&no_in), "/paths/~1a~1{b}/get/parameters/0");

        let no_schema =
            doc(json!({"/a": {"post": {"parameters": [{"name": "body", "in": "body"}]}}}));
        assert_eq!(error_pointer(&no_schema), "/paths/~1a/post/parameters/0");

        let bad_ref = doc(json!({"/a": {"get": {"responses": {"200": {
            "description": "x", "schema": {"items": {"$ref": 7}}
        }}}}}));
        assert_eq!(
            error_pointer(&bad_ref),
            "/paths/~1a/get/responses/200/schema/items/$ref"
        );

        let dangling = doc(json!({"/a": {"get": {"parameters": [{"$ref": "#/parameters/nope"}]}}}));
        assert_eq!(error_pointer(&dangling), "/paths/~1a/get/parameters/0/$ref");

        let bad_format = doc(json!({"/a": {"get": {"parameters": [
            {"name": "x", "in": "query", "type": "array", "collectionFormat": "bogus"}
        ]}}}));
        assert_eq!(
            error_pointer(&bad_format),
            "/paths/~1a/get/parameters/0/collectionFormat"
        );

        let mut bad_definitions = doc(json!({}));
        bad_definitions["definitions"]["User"]["properties"] = json!("nope");
        assert_eq!(
            error_pointer(&bad_definitions),
            "/definitions/User/properties"
        );
        assert_eq!(error_pointer(&json!("swagger")), "");
    }
}
