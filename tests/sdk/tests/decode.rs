//! Decoding is forgiving where Looker's servers are known to differ from their spec, and nothing
//! the server sent is lost: these decode real models of the generated crate from JSON.

use std::collections::BTreeMap;

use looker_sdk::DateTimeValue;
use looker_sdk::models::{
    Alert, ComparisonType, Dashboard, GoldenQuery, LdapConfig, Query, ResultFormat, WriteQuery,
};
use serde::de::DeserializeOwned;
use serde_json::json;

fn decode<T: DeserializeOwned>(value: serde_json::Value) -> T {
    match serde_json::from_value(value.clone()) {
        Ok(decoded) => decoded,
        Err(e) => panic!("{value} does not decode: {e}"),
    }
}

#[test]
fn unknown_enum_values_are_kept_as_sent() {
    let alert: Alert = decode(json!({"comparison_type": "BRAND_NEW_COMPARISON"}));
    assert_eq!(
        alert.comparison_type,
        Some(ComparisonType::Unknown("BRAND_NEW_COMPARISON".to_owned()))
    );
    // ... and sent back unchanged.
    let back = serde_json::to_value(&alert).unwrap_or_default();
    assert_eq!(back["comparison_type"], "BRAND_NEW_COMPARISON");
}

#[test]
fn known_enum_values_round_trip() {
    let alert: Alert = decode(json!({"comparison_type": "GREATER_THAN"}));
    assert_eq!(alert.comparison_type, Some(ComparisonType::GreaterThan));
    assert_eq!(ComparisonType::GreaterThan.as_str(), "GREATER_THAN");
    assert_eq!(ResultFormat::from("inline_json"), ResultFormat::InlineJson);
    assert_eq!(ResultFormat::InlineJson.to_string(), "inline_json");
}

#[test]
fn unknown_fields_are_ignored() {
    let dashboard: Dashboard =
        decode(json!({"title": "Sales", "a_field_from_the_future": {"x": 1}}));
    assert_eq!(dashboard.title.as_deref(), Some("Sales"));
}

#[test]
fn a_missing_or_null_required_field_does_not_fail_the_response() {
    // The spec requires `model` and `view` on Query.
    let missing: Query = decode(json!({"fields": ["a.b"]}));
    assert_eq!(missing.model, None);
    assert_eq!(missing.fields, Some(vec!["a.b".to_owned()]));
    let null: Query = decode(json!({"model": null, "view": null}));
    assert_eq!((null.model, null.view), (None, None));
}

#[test]
fn null_optional_fields_decode_as_none() {
    let dashboard: Dashboard =
        decode(json!({"title": null, "id": null, "dashboard_filters": null}));
    assert_eq!(dashboard.title, None);
    assert_eq!(dashboard.id, None);
}

#[test]
fn an_id_sent_as_a_number_where_the_spec_says_string_decodes() {
    let dashboard: Dashboard = decode(json!({"id": 42}));
    assert_eq!(dashboard.id.as_deref(), Some("42"));
    let ldap: LdapConfig = decode(json!({"default_new_user_group_ids": [1, "2"]}));
    assert_eq!(
        ldap.default_new_user_group_ids,
        Some(vec!["1".to_owned(), "2".to_owned()])
    );
}

#[test]
fn an_id_sent_as_a_string_where_the_spec_says_integer_decodes() {
    let golden: GoldenQuery = decode(json!({"id": "17", "query_id": 3}));
    assert_eq!(golden.id, Some(17));
    assert_eq!(golden.query_id, Some(3));
}

#[test]
fn a_wrong_type_is_an_error_naming_the_field() {
    // An object cannot be read as a title (a number could: it is kept as its text).
    let raw = r#"{"title": "ok", "dashboard_elements": [{"title": {"text": "x"}}]}"#;
    let mut de = serde_json::Deserializer::from_str(raw);
    let err = match serde_path_to_error::deserialize::<_, Dashboard>(&mut de) {
        Ok(d) => panic!("decoded {d:?}"),
        Err(e) => e,
    };
    assert_eq!(err.path().to_string(), "dashboard_elements[0].title");
}

#[test]
fn absent_fields_are_not_sent() {
    let dashboard = Dashboard {
        title: Some("x".to_owned()),
        ..Dashboard::default()
    };
    assert_eq!(
        serde_json::to_value(&dashboard).unwrap_or_default(),
        json!({"title": "x"})
    );
}

#[test]
fn debug_output_never_shows_tokens_or_secrets() {
    let token: looker_sdk::models::AccessToken = decode(json!({
        "access_token": "tok-abc123",
        "refresh_token": "ref-xyz789",
        "token_type": "Bearer",
        "expires_in": 3600
    }));
    let shown = format!("{token:?}");
    assert!(
        !shown.contains("tok-abc123") && !shown.contains("ref-xyz789"),
        "{shown}"
    );
    assert!(shown.contains("Bearer") && shown.contains("***"), "{shown}");
    let credentials: looker_sdk::models::CreateCredentialsApi3 =
        decode(json!({"client_id": "public-id", "client_secret": "s3cr3t"}));
    let shown = format!("{credentials:?}");
    assert!(
        !shown.contains("s3cr3t") && shown.contains("public-id"),
        "{shown}"
    );
}

#[test]
fn odd_values_are_kept_as_sent_and_encode_back_in_the_declared_type() {
    let dashboard: Dashboard = decode(json!({
        "title": 42,
        "view_count": "7",
        "hidden": 1,
        "can": {"show": true, "update": null},
        "created_at": "2024-05-01T12:30:00",
        "updated_at": "2024-05-01T12:30:00.120+00:00",
        "deleted_at": "2024-05-01"
    }));
    assert_eq!(dashboard.title.as_deref(), Some("42"));
    assert_eq!(
        dashboard
            .updated_at
            .as_ref()
            .and_then(DateTimeValue::to_utc),
        "2024-05-01T12:30:00.120Z".parse().ok()
    );
    // A time without a zone has no instant, but keeps its date.
    let created = dashboard.created_at.as_ref();
    assert_eq!(created.and_then(DateTimeValue::to_utc), None);
    assert_eq!(
        created.and_then(DateTimeValue::date).map(|d| d.to_string()),
        Some("2024-05-01".to_owned())
    );
    // Each value goes back in its field's type, `null` map values included.
    assert_eq!(
        serde_json::to_value(&dashboard).unwrap_or_default(),
        json!({
            "title": "42",
            "view_count": 7,
            "hidden": true,
            "can": {"show": true, "update": null},
            "created_at": "2024-05-01T12:30:00",
            "updated_at": "2024-05-01T12:30:00.120Z",
            "deleted_at": "2024-05-01"
        })
    );
}

#[test]
fn write_types_keep_the_declared_types() {
    // What the SDK sends is unchanged: a write type's map holds plain values, as declared.
    let query = WriteQuery {
        model: "thelook".to_owned(),
        view: "orders".to_owned(),
        filters: BTreeMap::from([("orders.status".to_owned(), "complete".to_owned())]).into(),
        ..WriteQuery::default()
    };
    assert_eq!(
        serde_json::to_value(&query).unwrap_or_default(),
        json!({"model": "thelook", "view": "orders", "filters": {"orders.status": "complete"}})
    );
}

/// Decodes `body` through the SDK's own path (`decode_json`), as every JSON operation does.
fn decode_body<T: DeserializeOwned>(body: &str) -> Result<T, (String, String)> {
    let bytes = hyper::body::Bytes::copy_from_slice(body.as_bytes());
    looker_sdk::decode_json(&bytes).map_err(|e| match e {
        looker_sdk::Error::Decode { path, message, .. } => (path, message),
        other => ("not a decode error".to_owned(), other.to_string()),
    })
}

/// `Err((path, message))` with only the start of the message (serde_json appends the place).
fn failure<T: DeserializeOwned + std::fmt::Debug>(body: &str) -> (String, String) {
    match decode_body::<T>(body) {
        Ok(value) => panic!("{body} decoded: {value:?}"),
        Err((path, message)) => {
            let message = message
                .split(" at line ")
                .next()
                .unwrap_or_default()
                .to_owned();
            (path, message)
        }
    }
}

#[test]
fn a_type_mismatch_names_its_path_through_the_sdks_decoder() {
    let body = r#"{"dashboards":[{"title":"a"},{"title":{"x":1}}]}"#;
    let (path, message) = failure::<looker_sdk::models::Folder>(body);
    assert_eq!(path, "dashboards[1].title");
    assert!(message.starts_with("invalid type: map"), "{message}");
    // A non-object where a model is expected names the element, and the model.
    let (path, message) = failure::<looker_sdk::models::Folder>(r#"{"dashboards":[{}, 7]}"#);
    assert_eq!(
        (path.as_str(), message.as_str()),
        (
            "dashboards[1]",
            "invalid type: integer `7`, expected struct DashboardBase"
        )
    );
    let (path, message) = failure::<Dashboard>(r#"{"folder": "shared"}"#);
    assert_eq!(
        (path.as_str(), message.as_str()),
        (
            "folder",
            r#"invalid type: string "shared", expected struct FolderBase"#
        )
    );
    // `null` is no write type (it has required fields); for a response model see decode_table.
    let (path, message) = failure::<Vec<WriteQuery>>(r#"[{"model":"m","view":"v"}, null]"#);
    assert_eq!(
        (path.as_str(), message.as_str()),
        ("[1]", "invalid type: null, expected struct WriteQuery")
    );
}

#[test]
fn a_repeated_key_is_an_error_naming_the_model_it_is_in() {
    let (path, message) = failure::<Dashboard>(r#"{"title":"a","id":"1","title":"b"}"#);
    assert_eq!(
        (path.as_str(), message.as_str()),
        (".", "duplicate field `title`")
    );
    let body = r#"{"dashboards":[{},{"id":"1","id":2}]}"#;
    let (path, message) = failure::<looker_sdk::models::Folder>(body);
    assert_eq!(
        (path.as_str(), message.as_str()),
        ("dashboards[1]", "duplicate field `id`")
    );
    // An unknown key may repeat: it is ignored each time.
    let dashboard: Dashboard = decode(json!({"title": "a"}));
    let repeated: Dashboard = decode_body(r#"{"x":1,"title":"a","x":2}"#).unwrap_or_default();
    assert_eq!(repeated, dashboard);
}

#[test]
fn null_and_missing_fields_are_none_and_unknown_keys_of_any_shape_are_ignored() {
    let body = r#"{"title":null,"future":{"a":[1,{"b":null}]},"dashboard_elements":[{"future":[]}],"id":"7"}"#;
    let dashboard: Dashboard = decode_body(body).unwrap_or_default();
    assert_eq!(dashboard.title, None);
    assert_eq!(dashboard.id.as_deref(), Some("7"));
    assert_eq!(
        dashboard.dashboard_elements,
        Some(vec![looker_sdk::models::DashboardElement::default()])
    );
    assert_eq!(decode_body::<Dashboard>("{}"), Ok(Dashboard::default()));
}

#[test]
fn a_write_type_missing_a_required_field_is_an_error() {
    // A write type with the runtime's impls (WriteQuery) and one that derives them (WriteAlert,
    // which requires an enum and has no Default): the same rule, the same words.
    let (path, message) = failure::<WriteQuery>(r#"{"view":"orders"}"#);
    assert_eq!(
        (path.as_str(), message.as_str()),
        (".", "missing field `model`")
    );
    let (path, message) = failure::<WriteQuery>(r#"{"model":"m","view":null}"#);
    assert_eq!(
        (path.as_str(), message.as_str()),
        ("view", "invalid type: null, expected a string")
    );
    let (path, message) = failure::<looker_sdk::models::WriteAlert>(
        r#"{"comparison_type":"EQUAL_TO","field":{"title":"t","name":"n"},"threshold":1}"#,
    );
    assert_eq!(
        (path.as_str(), message.as_str()),
        (".", "missing field `cron`")
    );
    let query: WriteQuery = decode(json!({"model": "m", "view": "v", "client_id": 5}));
    assert_eq!((query.model.as_str(), query.view.as_str()), ("m", "v"));
}

#[test]
fn what_is_decoded_encodes_back_and_decodes_to_the_same_value() {
    let sent = json!({
        "id": 17,
        "title": "Sales",
        "hidden": "false",
        "view_count": "12",
        "can": {"show": true, "edit": null},
        "created_at": "2024-05-01 12:30:00",
        "deleted_at": "not a date",
        "dashboard_elements": [{"title": "a", "type": "vis"}, null],
        "dashboard_filters": [{"name": "f", "allow_multiple_values": 1}],
        "folder": {"id": "3", "name": "Shared"},
        "a_field_from_the_future": [1, 2]
    });
    let dashboard: Dashboard = decode(sent);
    let encoded = serde_json::to_string(&dashboard).unwrap_or_default();
    let again: Dashboard = decode_body(&encoded).unwrap_or_default();
    assert_eq!(again, dashboard);
    assert_eq!(serde_json::to_string(&again).unwrap_or_default(), encoded);
    // Only the fields that are set are written, each in its declared type.
    assert_eq!(
        serde_json::to_value(&dashboard).unwrap_or_default(),
        json!({
            "can": {"show": true, "edit": null},
            "hidden": false,
            "id": "17",
            "title": "Sales",
            "view_count": 12,
            "created_at": "2024-05-01T12:30:00",
            "dashboard_elements": [{"title": "a", "type": "vis"}, {}],
            "dashboard_filters": [{"name": "f", "allow_multiple_values": true}],
            "deleted_at": "not a date",
            "folder": {"id": "3", "name": "Shared"},
        })
    );
    let query = WriteQuery {
        model: "m".to_owned(),
        view: "v".to_owned(),
        limit: "10".to_owned().into(),
        ..WriteQuery::default()
    };
    let encoded = serde_json::to_string(&query).unwrap_or_default();
    assert_eq!(encoded, r#"{"model":"m","view":"v","limit":"10"}"#);
    assert_eq!(decode_body::<WriteQuery>(&encoded), Ok(query));
}
