//! Explicit null (issue 7): a nullable property of a write type is left out (`Absent`), sent as
//! `null` (`Null`, which Looker reads as "clear it") or sent as its value, byte for byte.

use looker_sdk::models::WriteUser;
use looker_sdk::{ApiSettings, LookerSdk, Nullable};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// `WriteUser` with `first_name` in the given state and `last_name` always set, so that every
/// body also shows where a present neighbour goes.
fn user(first_name: Nullable<String>) -> WriteUser {
    WriteUser {
        first_name,
        last_name: "Lovelace".to_owned().into(),
        ..WriteUser::default()
    }
}

const CASES: [(&str, &str); 3] = [
    ("absent", r#"{"last_name":"Lovelace"}"#),
    ("null", r#"{"first_name":null,"last_name":"Lovelace"}"#),
    ("value", r#"{"first_name":"Ada","last_name":"Lovelace"}"#),
];

fn state(name: &str) -> Nullable<String> {
    match name {
        "absent" => Nullable::Absent,
        "null" => Nullable::Null,
        _ => Nullable::Value("Ada".to_owned()),
    }
}

#[tokio::test]
async fn each_state_reaches_the_server_as_exact_json() -> looker_sdk::Result<()> {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/login"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "tok",
            "token_type": "Bearer",
            "expires_in": 3600,
        })))
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path("/api/4.0/users/42"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "42"})))
        .expect(3)
        .mount(&server)
        .await;
    let sdk = LookerSdk::new(ApiSettings::new(server.uri(), "id", "secret"))?;

    for (name, _) in CASES {
        sdk.update_user("42", &user(state(name))).await?;
    }

    let requests = server.received_requests().await.unwrap_or_default();
    let bodies: Vec<String> = requests
        .iter()
        .filter(|r| r.method.as_str() == "PATCH")
        .map(|r| String::from_utf8_lossy(&r.body).into_owned())
        .collect();
    let expected: Vec<String> = CASES.iter().map(|(_, json)| (*json).to_owned()).collect();
    assert_eq!(bodies, expected);
    Ok(())
}

#[test]
fn each_state_round_trips_through_json() {
    for (name, json) in CASES {
        let value = user(state(name));
        assert_eq!(
            serde_json::to_string(&value).ok().as_deref(),
            Some(json),
            "{name}"
        );
        let decoded: WriteUser = serde_json::from_str(json)
            .unwrap_or_else(|e| panic!("{name}: {json} does not decode: {e}"));
        assert_eq!(decoded, value, "{name}");
    }
}

/// A write type that keeps serde's derive (a required enum or model, so no `Default`) says the
/// same through its `#[serde]` attributes.
#[test]
fn derived_write_types_skip_absent_and_send_null() {
    let mut alert: looker_sdk::models::WriteAlert = match serde_json::from_value(json!({
        "comparison_type": "EQUAL_TO",
        "cron": "0 * * * *",
        "destinations": [],
        "field": {"title": "t", "name": "n"},
        "owner_id": "1",
        "threshold": 1.0,
    })) {
        Ok(alert) => alert,
        Err(e) => panic!("WriteAlert does not decode: {e}"),
    };
    let encoded = serde_json::to_value(&alert).unwrap_or_default();
    assert!(encoded.get("description").is_none(), "{encoded}");
    alert.description = Nullable::Null;
    let encoded = serde_json::to_value(&alert).unwrap_or_default();
    assert_eq!(
        encoded.get("description"),
        Some(&serde_json::Value::Null),
        "{encoded}"
    );
}

/// An id keeps its leniency (a number reads as its text) and still tells null from missing.
#[test]
fn nullable_ids_read_leniently() {
    let read = |json: serde_json::Value| -> Nullable<String> {
        match serde_json::from_value::<looker_sdk::models::WriteQuery>(json.clone()) {
            Ok(query) => query.client_id,
            Err(e) => panic!("{json} does not decode: {e}"),
        }
    };
    let base = json!({"model": "m", "view": "v"});
    let with = |id: serde_json::Value| {
        let mut json = base.clone();
        json["client_id"] = id;
        json
    };
    assert_eq!(read(base.clone()), Nullable::Absent);
    assert_eq!(read(with(serde_json::Value::Null)), Nullable::Null);
    assert_eq!(read(with(json!(5))), Nullable::Value("5".to_owned()));
}
