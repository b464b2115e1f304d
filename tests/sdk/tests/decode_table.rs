//! The forgiving-decoding table: every (field kind × odd value) pair a Looker server can send,
//! decoded into the generated models the way `Response::json` decodes a body (serde_json through
//! serde_path_to_error), with the value each must decode to, or the field path of its error.

use looker_sdk::models::{
    Agent, Alert, ChatMessage, Conversation, Dashboard, GoldenQuery, LdapConfig, Project, Query,
};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// One row: a field of a model, the value sent for it, and what must come out.
struct Case {
    /// The kind of field, as the table's first column.
    kind: &'static str,
    /// The field's wire name: the body sent is `{wire: sent}`.
    wire: &'static str,
    sent: Value,
    /// Decodes a body and shows the field's value with `{:?}`, or gives the error's path.
    decode: fn(&[u8]) -> Result<String, String>,
    /// `Ok(the field's Debug text)`, or `Err(the error's field path)`.
    expected: Result<&'static str, &'static str>,
}

/// Decodes `body` as the SDK does, keeping the path of a failure.
fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    let mut de = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut de).map_err(|e| e.path().to_string())
}

macro_rules! case {
    ($kind:literal, $model:ty, $field:ident, $wire:literal, $sent:expr, $expected:expr) => {
        Case {
            kind: $kind,
            wire: $wire,
            sent: $sent,
            decode: |body| decode::<$model>(body).map(|m| format!("{:?}", m.$field)),
            expected: $expected,
        }
    };
    // A row that shows part of the field, where the whole would be long.
    ($kind:literal, $model:ty, |$m:ident| $show:expr, $wire:literal, $sent:expr, $expected:expr) => {
        Case {
            kind: $kind,
            wire: $wire,
            sent: $sent,
            decode: |body| decode::<$model>(body).map(|$m| format!("{:?}", $show)),
            expected: $expected,
        }
    };
}

fn cases() -> Vec<Case> {
    vec![
        // A non-id string: numbers and booleans are kept as their JSON text.
        case!(
            "string",
            Dashboard,
            title,
            "title",
            json!("Sales"),
            Ok(r#"Some("Sales")"#)
        ),
        case!(
            "string",
            Dashboard,
            title,
            "title",
            json!(42),
            Ok(r#"Some("42")"#)
        ),
        case!(
            "string",
            Dashboard,
            title,
            "title",
            json!(-1.5),
            Ok(r#"Some("-1.5")"#)
        ),
        case!(
            "string",
            Dashboard,
            title,
            "title",
            json!(2.0),
            Ok(r#"Some("2.0")"#)
        ),
        case!(
            "string",
            Dashboard,
            title,
            "title",
            json!(true),
            Ok(r#"Some("true")"#)
        ),
        case!(
            "string",
            Dashboard,
            title,
            "title",
            json!(""),
            Ok(r#"Some("")"#)
        ),
        case!("string", Dashboard, title, "title", json!(null), Ok("None")),
        case!(
            "string",
            Dashboard,
            title,
            "title",
            json!({"a": 1}),
            Err("title")
        ),
        case!(
            "string",
            Dashboard,
            title,
            "title",
            json!(["a"]),
            Err("title")
        ),
        // A string id.
        case!(
            "string id",
            Dashboard,
            id,
            "id",
            json!(17),
            Ok(r#"Some("17")"#)
        ),
        case!(
            "string id",
            Dashboard,
            id,
            "id",
            json!("17"),
            Ok(r#"Some("17")"#)
        ),
        // An integer (not an id, and an id).
        case!(
            "integer",
            Dashboard,
            view_count,
            "view_count",
            json!(42),
            Ok("Some(42)")
        ),
        case!(
            "integer",
            Dashboard,
            view_count,
            "view_count",
            json!(42.0),
            Ok("Some(42)")
        ),
        case!(
            "integer",
            Dashboard,
            view_count,
            "view_count",
            json!("42"),
            Ok("Some(42)")
        ),
        case!(
            "integer",
            Dashboard,
            view_count,
            "view_count",
            json!("42.0"),
            Ok("Some(42)")
        ),
        case!(
            "integer",
            Dashboard,
            view_count,
            "view_count",
            json!("-3"),
            Ok("Some(-3)")
        ),
        case!(
            "integer",
            Dashboard,
            view_count,
            "view_count",
            json!(""),
            Ok("None")
        ),
        case!(
            "integer",
            Dashboard,
            view_count,
            "view_count",
            json!(null),
            Ok("None")
        ),
        case!(
            "integer",
            Dashboard,
            view_count,
            "view_count",
            json!(42.5),
            Err("view_count")
        ),
        case!(
            "integer",
            Dashboard,
            view_count,
            "view_count",
            json!("42.5"),
            Err("view_count")
        ),
        case!(
            "integer",
            Dashboard,
            view_count,
            "view_count",
            json!("many"),
            Err("view_count")
        ),
        case!(
            "integer",
            Dashboard,
            view_count,
            "view_count",
            json!(true),
            Err("view_count")
        ),
        case!(
            "integer",
            Dashboard,
            view_count,
            "view_count",
            json!(18_446_744_073_709_551_615_u64),
            Err("view_count")
        ),
        case!(
            "integer id",
            GoldenQuery,
            id,
            "id",
            json!("17"),
            Ok("Some(17)")
        ),
        case!(
            "integer id",
            GoldenQuery,
            id,
            "id",
            json!(17.0),
            Ok("Some(17)")
        ),
        // A float.
        case!(
            "number",
            Alert,
            threshold,
            "threshold",
            json!(1.5),
            Ok("Some(1.5)")
        ),
        case!(
            "number",
            Alert,
            threshold,
            "threshold",
            json!(3),
            Ok("Some(3.0)")
        ),
        case!(
            "number",
            Alert,
            threshold,
            "threshold",
            json!("1.5"),
            Ok("Some(1.5)")
        ),
        case!(
            "number",
            Alert,
            threshold,
            "threshold",
            json!(""),
            Ok("None")
        ),
        case!(
            "number",
            Alert,
            threshold,
            "threshold",
            json!("NaN"),
            Err("threshold")
        ),
        case!(
            "number",
            Alert,
            threshold,
            "threshold",
            json!(false),
            Err("threshold")
        ),
        // A boolean.
        case!(
            "boolean",
            Dashboard,
            hidden,
            "hidden",
            json!(true),
            Ok("Some(true)")
        ),
        case!(
            "boolean",
            Dashboard,
            hidden,
            "hidden",
            json!("true"),
            Ok("Some(true)")
        ),
        case!(
            "boolean",
            Dashboard,
            hidden,
            "hidden",
            json!("False"),
            Ok("Some(false)")
        ),
        case!(
            "boolean",
            Dashboard,
            hidden,
            "hidden",
            json!(0),
            Ok("Some(false)")
        ),
        case!(
            "boolean",
            Dashboard,
            hidden,
            "hidden",
            json!(1),
            Ok("Some(true)")
        ),
        case!(
            "boolean",
            Dashboard,
            hidden,
            "hidden",
            json!("1"),
            Ok("Some(true)")
        ),
        case!(
            "boolean",
            Dashboard,
            hidden,
            "hidden",
            json!("0"),
            Ok("Some(false)")
        ),
        case!(
            "boolean",
            Dashboard,
            hidden,
            "hidden",
            json!(""),
            Ok("None")
        ),
        case!(
            "boolean",
            Dashboard,
            hidden,
            "hidden",
            json!(2),
            Err("hidden")
        ),
        case!(
            "boolean",
            Dashboard,
            hidden,
            "hidden",
            json!("yes"),
            Err("hidden")
        ),
        // A `format: date-time` field.
        case!(
            "date-time",
            Dashboard,
            created_at,
            "created_at",
            json!("2024-05-01T12:30:00.000+00:00"),
            Ok("Some(DateTime(2024-05-01T12:30:00+00:00))")
        ),
        case!(
            "date-time",
            Dashboard,
            created_at,
            "created_at",
            json!("2024-05-01T12:30:00"),
            Ok("Some(Naive(2024-05-01T12:30:00))")
        ),
        case!(
            "date-time",
            Dashboard,
            created_at,
            "created_at",
            json!("2024-05-01 12:30:00"),
            Ok("Some(Naive(2024-05-01T12:30:00))")
        ),
        case!(
            "date-time",
            Dashboard,
            created_at,
            "created_at",
            json!("2024-05-01"),
            Ok("Some(Date(2024-05-01))")
        ),
        case!(
            "date-time",
            Dashboard,
            created_at,
            "created_at",
            json!("not a time"),
            Ok(r#"Some(Text("not a time"))"#)
        ),
        case!(
            "date-time",
            Dashboard,
            created_at,
            "created_at",
            json!(""),
            Ok(r#"Some(Text(""))"#)
        ),
        case!(
            "date-time",
            Dashboard,
            created_at,
            "created_at",
            json!(1_714_566_600),
            Ok(r#"Some(Text("1714566600"))"#)
        ),
        case!(
            "date-time",
            Dashboard,
            created_at,
            "created_at",
            json!(true),
            Err("created_at")
        ),
        // A `format: date` field, which Looker fills with a timestamp.
        case!(
            "date",
            Agent,
            created_at,
            "created_at",
            json!("2024-05-01T12:30:00.123Z"),
            Ok("Some(DateTime(2024-05-01T12:30:00.123+00:00))")
        ),
        case!(
            "date",
            Conversation,
            created_at,
            "created_at",
            json!("2024-05-01T12:30:00+02:00"),
            Ok("Some(DateTime(2024-05-01T12:30:00+02:00))")
        ),
        case!(
            "date",
            ChatMessage,
            timestamp,
            "timestamp",
            json!("2024-05-01T12:30:00Z"),
            Ok("Some(DateTime(2024-05-01T12:30:00+00:00))")
        ),
        case!(
            "date",
            ChatMessage,
            timestamp,
            "timestamp",
            json!("2024-05-01"),
            Ok("Some(Date(2024-05-01))")
        ),
        // A map of booleans and a map of strings: `null` values stay under their keys.
        case!(
            "bool map",
            Dashboard,
            can,
            "can",
            json!({"show": true, "update": null, "move": 0, "copy": "true"}),
            Ok(
                r#"Some({"copy": Some(true), "move": Some(false), "show": Some(true), "update": None})"#
            )
        ),
        case!(
            "bool map",
            Dashboard,
            can,
            "can",
            json!({"show": "maybe"}),
            Err("can.show")
        ),
        case!(
            "string map",
            Query,
            filters,
            "filters",
            json!({"orders.status": null, "orders.count": 5, "users.name": "x"}),
            Ok(
                r#"Some({"orders.count": Some("5"), "orders.status": None, "users.name": Some("x")})"#
            )
        ),
        case!(
            "string map",
            Query,
            filters,
            "filters",
            json!(["a"]),
            Err("filters")
        ),
        // An array of models: a `null` element is the model with no fields set, in its place.
        case!(
            "model array",
            Dashboard,
            |d| d
                .dashboard_elements
                .map(|elements| elements.into_iter().map(|e| e.title).collect::<Vec<_>>()),
            "dashboard_elements",
            json!([{"title": "a"}, null, {"title": 3}]),
            Ok(r#"Some([Some("a"), None, Some("3")])"#)
        ),
        case!(
            "model array",
            Dashboard,
            dashboard_elements,
            "dashboard_elements",
            json!([{"title": "a"}, {"title": {}}]),
            Err("dashboard_elements[1].title")
        ),
        case!(
            "model array",
            Dashboard,
            dashboard_elements,
            "dashboard_elements",
            json!([7]),
            Err("dashboard_elements[0]")
        ),
        // Arrays of scalars: each element leniently, but every element must be a value.
        case!(
            "string array",
            Query,
            fields,
            "fields",
            json!(["a.b", 2, false]),
            Ok(r#"Some(["a.b", "2", "false"])"#)
        ),
        case!(
            "string array",
            Query,
            fields,
            "fields",
            json!(["a.b", null]),
            Err("fields[1]")
        ),
        case!(
            "id array",
            LdapConfig,
            default_new_user_group_ids,
            "default_new_user_group_ids",
            json!([1, "2"]),
            Ok(r#"Some(["1", "2"])"#)
        ),
        case!(
            "integer array",
            Agent,
            golden_query_ids,
            "golden_query_ids",
            json!([1, "2", 3.0]),
            Ok("Some([1, 2, 3])")
        ),
        case!(
            "integer array",
            Agent,
            golden_query_ids,
            "golden_query_ids",
            json!([1, ""]),
            Err("golden_query_ids[1]")
        ),
        // An enum: unknown values, numbers and booleans are kept as their text.
        case!(
            "enum",
            Alert,
            comparison_type,
            "comparison_type",
            json!("GREATER_THAN"),
            Ok("Some(GreaterThan)")
        ),
        case!(
            "enum",
            Alert,
            comparison_type,
            "comparison_type",
            json!(3),
            Ok(r#"Some(Unknown("3"))"#)
        ),
        case!(
            "enum",
            Alert,
            comparison_type,
            "comparison_type",
            json!({}),
            Err("comparison_type")
        ),
        // An integer in another model, to show the rules are the type's, not the model's.
        case!(
            "integer",
            Project,
            git_application_server_http_port,
            "git_application_server_http_port",
            json!("8080"),
            Ok("Some(8080)")
        ),
    ]
}

#[test]
fn every_odd_value_decodes_to_what_was_sent_or_fails_naming_its_field() {
    let mut wrong = Vec::new();
    let cases = cases();
    for case in &cases {
        let body = json!({ case.wire: case.sent }).to_string();
        let got = (case.decode)(body.as_bytes());
        let matches = match (&got, case.expected) {
            (Ok(value), Ok(expected)) => value == expected,
            (Err(path), Err(expected)) => path == expected,
            _ => false,
        };
        if !matches {
            wrong.push(format!(
                "{} {body}: got {got:?}, expected {:?}",
                case.kind, case.expected
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} rows:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
}

#[test]
fn a_null_model_element_is_the_empty_model() {
    let dashboard: Dashboard =
        decode(br#"{"dashboard_elements":[null,{"title":"a"}]}"#).unwrap_or_default();
    let elements = dashboard.dashboard_elements.unwrap_or_default();
    assert_eq!(elements.len(), 2);
    assert_eq!(elements[0], looker_sdk::models::DashboardElement::default());
    assert_eq!(elements[1].title.as_deref(), Some("a"));
}
