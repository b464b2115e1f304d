//! What Looker's older specs (7.14 to 26.12, checked by `cargo xtask old-specs`) do differently
//! from the current one, each as the smallest spec that shows it, asserted on the model.

use looker_codegen::model::{Api, Location, TypeKind};
use looker_codegen::spec::Rule;
use serde_json::{Value, json};

/// An OpenAPI 3.0 spec with `schemas` and no operations.
fn oas(schemas: Value) -> Value {
    json!({
        "openapi": "3.0.0",
        "info": {"title": "Looker API 4.0 Reference", "version": "4.0.21.4",
                 "x-looker-release-version": "21.4.0"},
        "servers": [{"url": "https://localhost:19999/api/4.0"}],
        "paths": {},
        "components": {"schemas": schemas}
    })
}

/// The same as Swagger 2.0, with `definitions`.
fn swagger(definitions: Value) -> Value {
    json!({
        "swagger": "2.0",
        "info": {"title": "Looker API 4.0 Reference", "version": "4.0.21.4",
                 "x-looker-release-version": "21.4.0"},
        "basePath": "/api/4.0",
        "host": "localhost:19999",
        "schemes": ["https"],
        "paths": {},
        "definitions": definitions
    })
}

fn load(spec: Value) -> Api {
    looker_codegen::api_from_json(spec)
        .unwrap_or_else(|e| panic!("does not load: {e}"))
        .api
}

/// Whether the property `prop` of model `ty` is deprecated.
fn deprecated(api: &Api, ty: &str, prop: &str) -> bool {
    match api.type_def(ty).map(|d| &d.kind) {
        Some(TypeKind::Model(m)) => {
            m.properties
                .iter()
                .find(|p| p.name.wire == prop)
                .unwrap_or_else(|| panic!("{ty} has no property {prop}"))
                .deprecated
        }
        _ => panic!("no model {ty}"),
    }
}

/// Looker's OpenAPI files up to 22.2 mark a deprecated property with `x-looker-deprecated`
/// only (`ScheduledPlan.dashboard_filters`, `LookmlModelExplore.access_filter_fields`), as
/// their Swagger 2.0 twins do: both files give a deprecated property.
#[test]
fn x_looker_deprecated_marks_a_property_deprecated_in_both_formats() {
    let schemas = |extension: &str| {
        json!({"ScheduledPlan": {"type": "object", "properties": {
            "filters_string": {"type": "string"},
            "dashboard_filters": {"type": "string", extension: true,
                                  "description": "(DEPRECATED) Alias for filters_string field"},
            "kept": {"type": "string", "x-looker-deprecated": false}
        }}})
    };
    let from_oas = load(oas(schemas("x-looker-deprecated")));
    let from_swagger = load(swagger(schemas("x-looker-deprecated")));
    let current = load(oas(schemas("deprecated")));
    for api in [&from_oas, &from_swagger, &current] {
        assert!(deprecated(api, "ScheduledPlan", "dashboard_filters"));
        assert!(!deprecated(api, "ScheduledPlan", "filters_string"));
        assert!(!deprecated(api, "ScheduledPlan", "kept"));
    }
    assert_eq!(
        looker_codegen::model::dump(&from_oas),
        looker_codegen::model::dump(&from_swagger)
    );
}

/// Looker's OpenAPI files before 26.4 declare `/login`'s credentials as query parameters and no
/// body at all (the Swagger 2.0 twin has form fields). Looker takes either, and says the body is
/// the safe one: the SDKs send them in a form body, never in the URL. A query parameter that is
/// no secret, or one on a GET, stays in the query.
#[test]
fn credentials_declared_only_as_query_parameters_travel_in_a_form_body() {
    let query = |name: &str| {
        json!({"name": name, "in": "query", "required": false,
                                    "schema": {"type": "string"}})
    };
    let ok = json!({"200": {"description": "ok", "content": {"application/json": {
        "schema": {"type": "string"}}}}});
    let mut spec = oas(json!({}));
    spec["paths"] = json!({
        "/login": {"post": {"operationId": "login", "tags": ["ApiAuth"],
            "parameters": [query("client_id"), query("client_secret")], "responses": ok}},
        "/search": {"post": {"operationId": "search", "tags": ["Query"],
            "parameters": [query("fields")], "responses": ok}},
        "/check": {"get": {"operationId": "check", "tags": ["Query"],
            "parameters": [query("api_token")], "responses": ok}}
    });
    let loaded = looker_codegen::api_from_json(spec).expect("loads");
    let locations = |op: &str| -> Vec<(String, Location)> {
        let method = loaded.api.method(op).expect("the operation");
        method
            .params
            .iter()
            .map(|p| (p.name.wire.clone(), p.location))
            .collect()
    };
    assert_eq!(
        locations("login"),
        [
            ("client_id".to_owned(), Location::Form),
            ("client_secret".to_owned(), Location::Form)
        ]
    );
    assert_eq!(
        locations("search"),
        [("fields".to_owned(), Location::Query)]
    );
    assert_eq!(
        locations("check"),
        [("api_token".to_owned(), Location::Query)]
    );
    let moved: Vec<&str> = loaded
        .warnings
        .iter()
        .filter(|w| w.rule == Rule::FormFieldsInQuery)
        .map(|w| w.pointer.as_str())
        .collect();
    assert_eq!(moved, ["/paths/~1login/post/requestBody"]);
}
