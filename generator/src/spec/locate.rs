//! Where a typed parse failed, when `serde_path_to_error` cannot say.
//!
//! `openapiv3` reads most of its types through `#[serde(flatten)]` (for the `x-` extensions),
//! and a flattened struct is read from a buffer that carries no path: a wrong type in a
//! response's field is reported at `/paths`, which leaves a maintainer to search a 3 MB file.
//! This finds the node by taking children out: halving a node's children down to the one
//! whose removal changes the error, which holds the failure, and going down into it until no
//! single child does.
//! It runs only on the way to an error, on a copy of the document cut down to the entries that
//! fail, so each try parses kilobytes.

use serde::Deserialize as _;
use serde_json::{Map, Value};

use super::{Part, path_part, pointer, schema_part};

/// At most this many parses are spent looking (each is of the cut-down copy).
const MAX_TRIES: usize = 256;

/// The node of `json` under `pointer` where the typed parse fails with `message`, as a pointer;
/// `pointer` itself when nothing narrower can be told.
pub(super) fn failing_node(json: &Value, pointer: String, message: &str) -> String {
    let doc = cut_down(json);
    let mut tries = 1;
    if parse_error(&doc).as_deref() != Some(message) {
        // The cut-down copy fails otherwise (or not at all): nothing to go on.
        return pointer;
    }
    let mut at = pointer;
    loop {
        let children: Vec<String> = match doc.pointer(&at) {
            Some(Value::Object(map)) => map.keys().cloned().collect(),
            Some(Value::Array(items)) => (0..items.len()).map(|i| i.to_string()).collect(),
            _ => break,
        };
        // Halving: the failure is among `children[lo..hi]`, for a map of thousands of entries
        // as for a struct of three fields.
        let changes = |taken: &[String]| {
            let mut trial = doc.clone();
            remove_children(&mut trial, &at, taken);
            parse_error(&trial).as_deref() != Some(message)
        };
        let (mut lo, mut hi) = (0, children.len());
        while hi - lo > 1 && tries < MAX_TRIES {
            let mid = lo + (hi - lo) / 2;
            tries += 1;
            if changes(&children[lo..mid]) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        // The one child left must hold the failure on its own.
        if lo >= hi || tries >= MAX_TRIES || !changes(&children[lo..=lo]) {
            break;
        }
        tries += 1;
        at = pointer::join(&at, &children[lo]);
    }
    at
}

/// The typed parse's error message for `doc`, if it fails.
fn parse_error(doc: &Value) -> Option<String> {
    openapiv3::OpenAPI::deserialize(doc)
        .err()
        .map(|e| e.to_string())
}

/// A copy of the document with `paths` and `components/schemas` (nearly all of it) cut down to
/// their first entry that fails to parse on its own, if any: the rest is copied as it is.
fn cut_down(json: &Value) -> Value {
    let Some(doc) = json.as_object() else {
        return json.clone();
    };
    let mut out = Map::new();
    for (key, value) in doc {
        let value = match (key.as_str(), value) {
            ("paths", Value::Object(paths)) => Value::Object(first_failing(paths, |key, item| {
                matches!(path_part(key, item), Part::Failed)
            })),
            ("components", Value::Object(components)) => {
                let mut copy = Map::new();
                for (key, value) in components {
                    let value = match (key.as_str(), value) {
                        ("schemas", Value::Object(schemas)) => {
                            Value::Object(first_failing(schemas, |_, schema| {
                                matches!(schema_part(schema), Part::Failed)
                            }))
                        }
                        _ => value.clone(),
                    };
                    copy.insert(key.clone(), value);
                }
                Value::Object(copy)
            }
            _ => value.clone(),
        };
        out.insert(key.clone(), value);
    }
    Value::Object(out)
}

/// The first entry of `map` that `fails`, alone in a map (empty when none does).
fn first_failing(
    map: &Map<String, Value>,
    fails: impl Fn(&str, &Value) -> bool,
) -> Map<String, Value> {
    map.iter()
        .find(|(key, value)| fails(key, value))
        .map(|(key, value)| (key.clone(), value.clone()))
        .into_iter()
        .collect()
}

/// Takes `children` (keys, or indices written out) out of the node under `at`.
fn remove_children(doc: &mut Value, at: &str, children: &[String]) {
    match doc.pointer_mut(at) {
        Some(Value::Object(map)) => {
            for child in children {
                map.shift_remove(child);
            }
        }
        Some(Value::Array(items)) => {
            let taken: std::collections::HashSet<usize> =
                children.iter().filter_map(|i| i.parse().ok()).collect();
            let mut index = 0;
            items.retain(|_| {
                index += 1;
                !taken.contains(&(index - 1))
            });
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    fn located(doc: serde_json::Value) -> String {
        let err = crate::spec::from_json(doc).expect_err("the spec is refused");
        err.to_string()
    }

    /// Asserts that `doc` is refused at `pointer`.
    fn assert_refused_at(doc: serde_json::Value, pointer: &str) {
        let message = located(doc);
        assert!(
            message.starts_with(&format!("invalid spec at {pointer}: ")),
            "{message}"
        );
    }

    fn doc(paths: serde_json::Value, components: serde_json::Value) -> serde_json::Value {
        json!({
            "openapi": "3.0.1",
            "info": {"title": "t", "version": "1"},
            "paths": paths,
            "components": components
        })
    }

    #[test]
    fn a_wrong_type_in_a_response_is_named_to_its_field() {
        let spec = doc(
            json!({
                "/a": {"get": {"operationId": "a", "responses": {"200": {"description": "ok"}}}},
                "/b": {"get": {"operationId": "b", "responses": {"200": {"description": 7}}}}
            }),
            json!({"schemas": {"A": {"type": "string"}}}),
        );
        assert_eq!(
            located(spec),
            "invalid spec at /paths/~1b/get/responses/200/description: invalid type: integer \
             `7`, expected a string"
        );
    }

    #[test]
    fn an_unknown_parameter_location_is_named_to_its_field() {
        let spec = doc(
            json!({"/a/{id}": {"get": {
                "operationId": "a",
                "parameters": [
                    {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                    {"name": "q", "in": "nowhere", "schema": {"type": "string"}}
                ],
                "responses": {"204": {"description": "none"}}
            }}}),
            json!({}),
        );
        assert_refused_at(spec, "/paths/~1a~1{id}/get/parameters/1/in");
    }

    #[test]
    fn one_bad_entry_among_thousands_is_found() {
        let mut parameters = serde_json::Map::new();
        let mut list = Vec::new();
        for i in 0..3000 {
            let place = if i == 2345 { "nowhere" } else { "query" };
            let parameter =
                json!({"name": format!("p{i}"), "in": place, "schema": {"type": "string"}});
            parameters.insert(format!("P{i}"), parameter.clone());
            if i < 500 {
                list.push(parameter);
            }
        }
        let spec = doc(json!({}), json!({"parameters": parameters}));
        assert_refused_at(spec, "/components/parameters/P2345/in");
        // The same in a list: the 401st parameter of an operation.
        list[400]["in"] = json!("nowhere");
        let spec = doc(
            json!({"/a": {"get": {"operationId": "a", "parameters": list, "responses": {}}}}),
            json!({}),
        );
        assert_refused_at(spec, "/paths/~1a/get/parameters/400/in");
    }

    #[test]
    fn a_wrong_type_outside_paths_and_schemas_is_named_too() {
        let spec = doc(
            json!({"/a": {"get": {"operationId": "a", "responses": {"204": {"description": "none"}}}}}),
            json!({"responses": {"Gone": {"description": ["not", "text"]}}}),
        );
        assert_refused_at(spec, "/components/responses/Gone/description");
    }
}
