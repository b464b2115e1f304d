//! Bad input: every error names where in the spec it went wrong, and no input makes the
//! pipeline panic.

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};

use looker_codegen::{Error, emit, spec};
use serde_json::{Value, json};

/// spec → model → Python and Rust, as `generate` runs it, from JSON already in memory; the
/// Rust files are returned.
fn pipeline(doc: Value) -> looker_codegen::Result<emit::Files> {
    let api = looker_codegen::api_from_json(doc)?.api;
    emit::language("python")?.emit(&api)?;
    emit::language("rust")?.emit(&api)
}

/// Asserts that `doc` is rejected with an error whose message contains every one of `expected`.
fn check_error(doc: Value, expected: &[&str]) {
    match pipeline(doc.clone()) {
        Ok(_) => panic!("expected an error for {doc:#}"),
        Err(err) => {
            let message = err.to_string();
            for part in expected {
                assert!(
                    message.contains(part),
                    "error {message:?} does not contain {part:?}"
                );
            }
        }
    }
}

/// A minimal valid OpenAPI 3.0 document around `paths` and `schemas`.
fn oas(paths: Value, schemas: Value) -> Value {
    json!({
        "openapi": "3.0.1",
        "info": {"title": "t", "version": "4.0.1.0"},
        "servers": [{"url": "https://localhost/api/4.0"}],
        "paths": paths,
        "components": {"schemas": schemas}
    })
}

/// One GET operation with `parameters` at `path`.
fn get(path: &str, operation: Value) -> Value {
    oas(json!({ path: { "get": operation } }), json!({}))
}

#[test]
fn the_minimal_document_is_valid() {
    let ok = oas(
        json!({"/x": {"get": {"operationId": "x", "responses": {"204": {"description": "ok"}}}}}),
        json!({"X": {"properties": {"a": {"type": "string"}}}}),
    );
    assert!(pipeline(ok).is_ok());
}

#[test]
fn not_json() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("broken.json");
    std::fs::write(&path, "{\"openapi\": ").expect("write");
    let err = spec::load(&path).expect_err("not JSON");
    assert!(matches!(err, Error::Json { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("broken.json") && message.contains("not JSON"),
        "{message}"
    );

    let missing = dir.path().join("missing.json");
    let err = spec::load(&missing).expect_err("no file");
    assert!(matches!(err, Error::Read { .. }), "{err:?}");
    assert!(err.to_string().contains("missing.json"), "{err}");
}

#[test]
fn document_level_errors() {
    check_error(json!([]), &["the spec must be a JSON object"]);
    check_error(json!("openapi"), &["the spec must be a JSON object"]);
    check_error(json!({"info": {}}), &["/openapi", "missing"]);
    check_error(json!({"openapi": 3.0, "paths": {}}), &["/openapi"]);
    let mut v31 = oas(json!({}), json!({}));
    v31["openapi"] = json!("3.1.0");
    check_error(v31, &["/openapi", "OpenAPI 3.1.0 is not supported"]);
    let mut v2 = oas(json!({}), json!({}));
    v2["openapi"] = json!("2.0");
    check_error(v2, &["/openapi", "2.0 is not supported"]);
    check_error(
        oas(json!([]), json!({})),
        &["/paths", "expected an object, found an array"],
    );
    check_error(
        oas(json!({"/x": []}), json!({})),
        &["/paths/~1x", "expected an object"],
    );
    check_error(
        oas(json!({}), json!([])),
        &["/components/schemas", "expected an object"],
    );
}

#[test]
fn dangling_ref_names_the_pointer_of_the_ref() {
    check_error(
        oas(
            json!({}),
            json!({"A": {"properties": {"b": {"$ref": "#/components/schemas/Nope"}}}}),
        ),
        &[
            "dangling $ref #/components/schemas/Nope",
            "at /components/schemas/A/properties/b/$ref",
        ],
    );
    check_error(
        oas(
            json!({}),
            json!({"A": {"properties": {"b": {"type": "array", "items": {"$ref": "#/components/schemas/Nope"}}}}}),
        ),
        &["/components/schemas/A/properties/b/items/$ref"],
    );
    check_error(
        get(
            "/x",
            json!({"operationId": "x", "responses": {"200": {"description": "ok", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Gone"}}
            }}}}),
        ),
        &[
            "#/components/schemas/Gone",
            "/paths/~1x/get/responses/200/content/application~1json/schema/$ref",
        ],
    );
    check_error(
        get(
            "/x",
            json!({"operationId": "x", "parameters": [{"$ref": "#/components/parameters/p"}], "responses": {}}),
        ),
        &[
            "#/components/parameters/p",
            "/paths/~1x/get/parameters/0/$ref",
        ],
    );
}

#[test]
fn unknown_type_names_the_pointer() {
    check_error(
        oas(
            json!({}),
            json!({"A": {"properties": {"b": {"type": "foo"}}}}),
        ),
        &["/components/schemas/A/properties/b", "foo"],
    );
    check_error(
        get(
            "/x",
            json!({"operationId": "x", "parameters": [
                {"name": "q", "in": "query", "schema": {"type": "foo"}}
            ], "responses": {}}),
        ),
        &["/paths/~1x/get/parameters/0/schema", "foo"],
    );
}

#[test]
fn operation_errors() {
    check_error(
        get("/x", json!({"responses": {"200": {"description": "ok"}}})),
        &["/paths/~1x/get/operationId", "missing operationId"],
    );
    check_error(
        get("/x", json!({"operationId": "", "responses": {}})),
        &["/paths/~1x/get/operationId"],
    );
    check_error(
        get(
            "/users/{user_id}",
            json!({"operationId": "user", "responses": {}}),
        ),
        &[
            "/paths/~1users~1{user_id}/get/parameters",
            "{user_id}",
            "not declared",
        ],
    );
    check_error(
        get(
            "/x",
            json!({"operationId": "x", "parameters": {}, "responses": {}}),
        ),
        &["/paths/~1x/get/parameters", "must be an array"],
    );
    check_error(
        oas(
            json!({"/x": {"post": {"operationId": "x", "responses": {}, "requestBody": {"content": {
                "application/octet-stream": {"schema": {"type": "string"}}
            }}}}}),
            json!({}),
        ),
        &[
            "/paths/~1x/post/requestBody/content/application~1octet-stream",
            "not supported",
        ],
    );
}

#[test]
fn component_schema_errors() {
    check_error(
        oas(json!({}), json!({"A": {"type": "string"}})),
        &["/components/schemas/A", "must be an object with properties"],
    );
    // The shape check before the typed parse names the exact key (openapiv3's untagged enums
    // would stop at the nearest schema).
    check_error(
        oas(
            json!({}),
            json!({"A": {"properties": {"b": {"type": "string", "enum": "x"}}}}),
        ),
        &[
            "invalid spec at /components/schemas/A/properties/b/enum: ",
            "expected an array, found \"x\"",
        ],
    );
    check_error(
        oas(
            json!({}),
            json!({"A": {"type": "integer", "enum": [1, "two"]}}),
        ),
        &["/components/schemas/A/enum/1: expected integers, found \"two\""],
    );
    check_error(
        oas(json!({}), json!({"A": {"type": "strin"}})),
        &["/components/schemas/A/type: expected one of string"],
    );
}

/// Schemas nested `depth` deep through `key`, with `leaf` at the bottom.
fn nested(key: &str, depth: usize, leaf: Value) -> Value {
    (0..depth).fold(leaf, |inner, _| json!({ key: inner }))
}

/// A bad leaf under deeply nested schemas used to cost 2^depth typed parses (hours at depth 30):
/// the shape check finds it in one pass, and nesting past the bound is an error of its own.
#[test]
fn deep_nesting_is_checked_in_linear_time() {
    // Within the bound, the bad leaf itself is reported.
    check_error(
        oas(
            json!({}),
            json!({"A": nested("items", 10, json!({"enum": "x"}))}),
        ),
        &[&format!(
            "/components/schemas/A{}/enum: expected an array",
            "/items".repeat(10)
        )],
    );
    for key in ["items", "additionalProperties", "not"] {
        check_error(
            oas(
                json!({}),
                json!({"A": nested(key, 30, json!({"enum": "x"}))}),
            ),
            &[&format!(
                "/components/schemas/A{}: schemas nested more than 12 deep are not supported",
                format!("/{key}").repeat(12)
            )],
        );
    }
    // Parameters and bodies are checked too.
    check_error(
        oas(
            json!({"/x": {"get": {"operationId": "x", "parameters": [
                {"name": "p", "in": "query", "schema": nested("items", 30, json!({}))}
            ], "responses": {}}}}),
            json!({}),
        ),
        &[
            "/paths/~1x/get/parameters/0/schema/items",
            "nested more than 12 deep",
        ],
    );
}

/// Valid specs with text that Rust source must escape: the output must still be Rust (today some
/// of these are reported as `Unparsable`, a generator bug).
#[test]
fn odd_but_valid_text_never_breaks_the_output() {
    type Edit = fn(&mut Value);
    let cases: [(&str, Edit); 5] = [
        ("a lone carriage return in a schema description", |d| {
            d["components"]["schemas"]["X"]["description"] = json!("first\rsecond");
        }),
        ("a lone carriage return in a summary", |d| {
            d["paths"]["/x"]["get"]["summary"] = json!("first\rsecond");
        }),
        ("a quote in x-looker-release-version", |d| {
            d["info"]["x-looker-release-version"] = json!("26.12\"3");
        }),
        ("a quote and backslash in info.version", |d| {
            d["info"]["version"] = json!("4.0.\"\\");
        }),
        ("a quote in the server URL", |d| {
            d["servers"][0]["url"] = json!("https://h/api/4\"0");
        }),
    ];
    let mut failures = Vec::new();
    for (what, edit) in cases {
        let mut doc = oas(
            json!({"/x": {"get": {"operationId": "x", "summary": "s", "responses": {"204": {"description": "ok"}}}}}),
            json!({"X": {"properties": {"a": {"type": "string"}}}}),
        );
        edit(&mut doc);
        if let Err(err) = pipeline(doc) {
            failures.push(format!("{what}: {err}"));
        }
    }
    assert!(
        failures.is_empty(),
        "valid specs rejected:\n{}",
        failures.join("\n")
    );
}

/// A minimal Swagger 2.0 document around `paths`.
fn swagger(paths: Value) -> Value {
    json!({
        "swagger": "2.0",
        "info": {"title": "t", "version": "4.0.1.0"},
        "basePath": "/api/4.0",
        "paths": paths,
        "definitions": {"A": {"properties": {"id": {"type": "string", "readOnly": true}}}}
    })
}

#[test]
fn swagger2_errors() {
    check_error(
        swagger(
            json!({"/a": {"get": {"operationId": "a", "parameters": [{"name": "b"}], "responses": {}}}}),
        ),
        &["/paths/~1a/get/parameters/0", "no string `in`"],
    );
    check_error(
        swagger(
            json!({"/a": {"get": {"operationId": "a", "parameters": [{"name": "b", "in": "nowhere"}], "responses": {}}}}),
        ),
        &["/paths/~1a/get/parameters/0/in", "unknown location"],
    );
    check_error(
        swagger(json!({"/a": {"get": {"operationId": "a", "parameters": [7], "responses": {}}}})),
        &["/paths/~1a/get/parameters/0"],
    );
    check_error(
        swagger(
            json!({"/a": {"post": {"operationId": "a", "parameters": [{"name": "body", "in": "body"}], "responses": {}}}}),
        ),
        &["/paths/~1a/post/parameters/0", "no schema"],
    );
    let mut no_paths = swagger(json!({}));
    no_paths.as_object_mut().map(|o| o.remove("paths"));
    check_error(no_paths, &["/paths", "missing"]);
}

#[test]
fn unknown_language() {
    let err = emit::language("cobol").err().expect("no cobol emitter");
    assert!(err.to_string().contains("\"cobol\""), "{err}");
    let err = looker_codegen::generate(
        &common::fixtures_dir().join("no_content.json"),
        "cobol",
        &emit::Options::default(),
    )
    .expect_err("no cobol emitter");
    assert!(matches!(err, Error::UnknownLanguage(_)), "{err:?}");
}

/// Every node of `doc` with its JSON pointer, in document order (the root first).
fn pointers(doc: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match doc {
        Value::Object(map) => {
            for (key, value) in map {
                pointers(
                    value,
                    format!("{at}/{}", key.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(list) => {
            for (i, value) in list.iter().enumerate() {
                pointers(value, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// What a sweep over one document found.
#[derive(Default)]
struct Sweep {
    ok: usize,
    err: usize,
    /// (pointer, replacement, panic message) of every run that panicked.
    panics: Vec<(String, Value, String)>,
}

/// Replaces every node of `doc` in turn with null, 1, "x", [] and {} and runs the pipeline on
/// each result.
fn sweep(doc: &Value) -> Sweep {
    let mut all = Vec::new();
    pointers(doc, String::new(), &mut all);
    let replacements = [json!(null), json!(1), json!("x"), json!([]), json!({})];
    let mut found = Sweep::default();
    for pointer in &all {
        for replacement in &replacements {
            let mut mutated = doc.clone();
            match mutated.pointer_mut(pointer) {
                Some(node) => *node = replacement.clone(),
                None => panic!("pointer {pointer} not found"),
            }
            match catch_unwind(AssertUnwindSafe(|| pipeline(mutated))) {
                Ok(Ok(_)) => found.ok += 1,
                Ok(Err(_)) => found.err += 1,
                Err(payload) => {
                    let message = payload
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                        .unwrap_or_default();
                    found
                        .panics
                        .push((pointer.clone(), replacement.clone(), message));
                }
            }
        }
    }
    found
}

fn load_fixture(name: &str) -> Value {
    let text = std::fs::read_to_string(common::fixtures_dir().join(format!("{name}.json")))
        .expect("fixture");
    serde_json::from_str(&text).expect("fixture is JSON")
}

/// No input panics: every node of a few fixtures (OpenAPI 3 and Swagger 2.0), replaced in turn by
/// a value of each JSON kind, gives `Ok` or `Err`.
#[test]
fn no_panic_sweep() {
    let docs = [
        ("write_types", load_fixture("write_types")),
        ("login_form", load_fixture("login_form")),
        ("delimited_array", load_fixture("delimited_array")),
        ("inline_enum_merge", load_fixture("inline_enum_merge")),
        ("text_response", load_fixture("text_response")),
        (
            "swagger2",
            swagger(json!({
                "/login": {"post": {
                    "operationId": "login",
                    "consumes": ["application/x-www-form-urlencoded"],
                    "parameters": [{"name": "client_id", "in": "formData", "type": "string"}],
                    "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/A"}}}
                }},
                "/a/{id}": {"patch": {
                    "operationId": "update_a",
                    "parameters": [
                        {"name": "id", "in": "path", "required": true, "type": "string"},
                        {"name": "ids", "in": "query", "type": "array", "items": {"type": "string"}, "collectionFormat": "csv"},
                        {"name": "body", "in": "body", "required": true, "schema": {"$ref": "#/definitions/A"}}
                    ],
                    "produces": ["text", "image/png"],
                    "responses": {"200": {"description": "ok", "schema": {"type": "string"}}, "204": {"description": "none"}}
                }}
            })),
        ),
    ];
    // Panics are caught and reported below; keep the default hook from printing each one.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let found: Vec<(&str, Sweep)> = docs.iter().map(|(name, doc)| (*name, sweep(doc))).collect();
    std::panic::set_hook(hook);
    for (name, sweep) in &found {
        // The sweep is only meaningful if it reaches both outcomes.
        assert!(
            sweep.ok > 10 && sweep.err > 10,
            "{name}: {} ok, {} errors",
            sweep.ok,
            sweep.err
        );
    }
    let report: Vec<String> = found
        .iter()
        .flat_map(|(name, sweep)| {
            let panics = sweep.panics.iter();
            panics.map(move |(pointer, value, message)| {
                format!("{name}: {pointer} = {value}: {message}")
            })
        })
        .collect();
    assert!(
        report.is_empty(),
        "the pipeline panicked on {} input(s):\n{}",
        report.len(),
        report.join("\n")
    );
}
