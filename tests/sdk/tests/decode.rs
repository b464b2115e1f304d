//! Decoding is forgiving where Looker's servers are known to differ from their spec, and nothing
//! the server sent is lost: these decode real models of the generated crate from JSON.

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
        filters: Some([("orders.status".to_owned(), "complete".to_owned())].into()),
        ..WriteQuery::default()
    };
    assert_eq!(
        serde_json::to_value(&query).unwrap_or_default(),
        json!({"model": "thelook", "view": "orders", "filters": {"orders.status": "complete"}})
    );
}
