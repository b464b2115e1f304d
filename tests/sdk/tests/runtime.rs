//! The runtime against a mock Looker (wiremock): login, tokens, errors, bodies and timeouts.

use std::time::Duration;

use looker_sdk::models::WriteUser;
use looker_sdk::{ApiSettings, Error, LookerSdk};
use serde_json::json;
use wiremock::matchers::{
    bearer_token, body_json, body_string, header, method, path, query_param, query_param_is_missing,
};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const SECRET: &str = "s3cr3t &=+";

fn sdk(server: &MockServer) -> LookerSdk {
    sdk_with(ApiSettings::new(server.uri(), "the-id", SECRET))
}

fn sdk_with(settings: ApiSettings) -> LookerSdk {
    match LookerSdk::new(settings) {
        Ok(sdk) => sdk,
        Err(e) => panic!("settings rejected: {e}"),
    }
}

fn token(access_token: &str, expires_in: i64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": expires_in,
    }))
}

/// Accepts one login with the test credentials, answering `access_token`.
async fn mount_login(server: &MockServer, access_token: &str, expires_in: i64, times: u64) {
    Mock::given(method("POST"))
        .and(path("/api/4.0/login"))
        .respond_with(token(access_token, expires_in))
        .expect(times)
        .mount(server)
        .await;
}

fn user(id: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"id": id, "email": "a@b.c"}))
}

#[tokio::test]
async fn logs_in_once_with_a_form_body_then_sends_the_bearer_token() -> looker_sdk::Result<()> {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/login"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string(
            "client_id=the-id&client_secret=s3cr3t%20%26%3D%2B",
        ))
        .and(query_param_is_missing("client_id"))
        .and(query_param_is_missing("client_secret"))
        .respond_with(token("tok-1", 3600))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/users/42"))
        .and(bearer_token("tok-1"))
        .and(query_param("fields", "id,email"))
        .respond_with(user(json!(42)))
        .expect(2)
        .mount(&server)
        .await;

    let sdk = sdk(&server);
    let me = sdk.user("42").fields("id").fields("id,email").await?;
    assert_eq!(me.id.as_deref(), Some("42"));
    assert_eq!(me.email.as_deref(), Some("a@b.c"));
    sdk.clone().user("42").fields("id,email").await?;

    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 3);
    assert!(
        requests[0].headers.get("authorization").is_none(),
        "login sent a token"
    );
    for request in &requests {
        assert!(
            !request.url.as_str().contains("s3cr3t"),
            "secret in URL {}",
            request.url
        );
    }
    // A repeated setter replaced the earlier value.
    assert_eq!(requests[1].url.query(), Some("fields=id%2Cemail"));
    Ok(())
}

#[tokio::test]
async fn concurrent_first_calls_cause_one_login() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/login"))
        .respond_with(token("tok-1", 3600).set_delay(Duration::from_millis(300)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/users/1"))
        .and(bearer_token("tok-1"))
        .respond_with(user(json!("1")))
        .expect(8)
        .mount(&server)
        .await;

    let sdk = sdk(&server);
    let calls: Vec<_> = (0..8)
        .map(|_| {
            let sdk = sdk.clone();
            tokio::spawn(async move { sdk.user("1").await })
        })
        .collect();
    for call in calls {
        let result = call
            .await
            .map_err(|e| e.to_string())
            .and_then(|r| r.map_err(|e| e.to_string()));
        assert!(result.is_ok(), "{result:?}");
    }
}

#[tokio::test]
async fn logs_in_again_when_the_token_is_about_to_expire() -> looker_sdk::Result<()> {
    let server = MockServer::start().await;
    // Valid for 5 s: inside the safety margin, so it counts as expired after its first use.
    Mock::given(method("POST"))
        .and(path("/api/4.0/login"))
        .respond_with(token("tok-1", 5))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    mount_login(&server, "tok-2", 3600, 1).await;
    for (access_token, id) in [("tok-1", "1"), ("tok-2", "2")] {
        Mock::given(method("GET"))
            .and(path(format!("/api/4.0/users/{id}")))
            .and(bearer_token(access_token))
            .respond_with(user(json!(id)))
            .expect(1)
            .mount(&server)
            .await;
    }

    let sdk = sdk(&server);
    assert_eq!(sdk.user("1").await?.id.as_deref(), Some("1"));
    assert_eq!(sdk.user("2").await?.id.as_deref(), Some("2"));
    Ok(())
}

#[tokio::test]
async fn a_rejected_token_is_dropped_and_the_next_call_logs_in_again() -> looker_sdk::Result<()> {
    let server = MockServer::start().await;
    // The first call logs in, is refused, logs in again and retries once (refused again); the
    // second call logs in a third time.
    mount_login(&server, "tok-1", 3600, 3).await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/users/1"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"message": "Requires authentication."})),
        )
        .up_to_n_times(2)
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/users/1"))
        .respond_with(user(json!(1)))
        .expect(1)
        .mount(&server)
        .await;

    let sdk = sdk(&server);
    assert!(matches!(
        sdk.user("1").await,
        Err(Error::Api { status: 401, .. })
    ));
    sdk.user("1").await?;
    Ok(())
}

#[tokio::test]
async fn not_found_is_an_api_error_with_lookers_message() {
    let server = MockServer::start().await;
    mount_login(&server, "tok-1", 3600, 1).await;
    let body = json!({"message": "Not found", "documentation_url": "https://docs.example/404"});
    Mock::given(method("GET"))
        .and(path("/api/4.0/users/404"))
        .respond_with(ResponseTemplate::new(404).set_body_json(&body))
        .expect(1)
        .mount(&server)
        .await;

    let error = match sdk(&server).user("404").await {
        Err(error) => error,
        Ok(user) => panic!("expected an error, got {user:?}"),
    };
    assert_eq!(error.status(), Some(404));
    assert!(error.to_string().contains("Not found"), "{error}");
    let Error::Api {
        status,
        body: Some(looker),
        raw,
        ..
    } = error
    else {
        panic!("expected an Api error with a parsed body, got {error:?}");
    };
    assert_eq!(status, 404);
    assert_eq!(looker.message, "Not found");
    assert_eq!(
        looker.documentation_url.as_deref(),
        Some("https://docs.example/404")
    );
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&raw).ok(),
        Some(body)
    );
}

#[tokio::test]
async fn no_content_is_unit_for_empty_and_a_decode_error_for_json() -> looker_sdk::Result<()> {
    let server = MockServer::start().await;
    mount_login(&server, "tok-1", 3600, 1).await;
    Mock::given(method("DELETE"))
        .and(path("/api/4.0/users/7"))
        .and(bearer_token("tok-1"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/users/7"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let sdk = sdk(&server);
    sdk.delete_user("7").await?;
    assert!(matches!(sdk.user("7").await, Err(Error::Decode { .. })));
    Ok(())
}

#[tokio::test]
async fn binary_bodies_are_returned_untouched() -> looker_sdk::Result<()> {
    let server = MockServer::start().await;
    mount_login(&server, "tok-1", 3600, 1).await;
    let png = vec![0x89, b'P', b'N', b'G', 0xff, 0xfe, 0x00, 0xc3, 0x28];
    Mock::given(method("GET"))
        .and(path("/api/4.0/render_tasks/a%20b%2Fc/results"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(png.clone(), "image/png"))
        .expect(1)
        .mount(&server)
        .await;

    let body = sdk(&server).render_task_results("a b/c").await?;
    assert_eq!(body.content_type(), Some("image/png"));
    assert_eq!(body.bytes().as_ref(), png.as_slice());
    assert!(matches!(body.text(), Err(Error::Decode { .. })));
    assert_eq!(body.into_bytes().to_vec(), png);
    Ok(())
}

#[tokio::test]
async fn decode_errors_name_the_field_and_keep_the_raw_body() {
    let server = MockServer::start().await;
    mount_login(&server, "tok-1", 3600, 1).await;
    // An object cannot be read as an email (a number could: it is kept as its text).
    let raw = r#"[{"id":1,"email":"a@b.c"},{"id":"2","email":{"at":7}}]"#;
    Mock::given(method("GET"))
        .and(path("/api/4.0/users"))
        .and(query_param("ids", "1,2"))
        .and(query_param("limit", "10"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(raw, "application/json"))
        .expect(1)
        .mount(&server)
        .await;

    let result = sdk(&server).all_users().ids(["1", "2"]).limit(10).await;
    let Err(Error::Decode {
        path,
        message,
        body,
    }) = result
    else {
        panic!("expected a decode error, got {result:?}");
    };
    assert_eq!(path, "[1].email");
    assert!(message.contains("expected a string"), "{message}");
    assert_eq!(body.as_ref(), raw.as_bytes());
}

#[tokio::test]
async fn json_and_text_bodies_are_sent_with_their_content_types() -> looker_sdk::Result<()> {
    let server = MockServer::start().await;
    mount_login(&server, "tok-1", 3600, 1).await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/users"))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({"first_name": "Ada"})))
        .respond_with(user(json!(5)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/parse_saml_idp_metadata"))
        .and(header("content-type", "text/plain; charset=utf-8"))
        .and(body_string("<EntityDescriptor/>"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"idp_issuer": "me"})))
        .expect(1)
        .mount(&server)
        .await;

    let sdk = sdk(&server);
    let write = WriteUser {
        first_name: "Ada".to_owned().into(),
        ..WriteUser::default()
    };
    assert_eq!(sdk.create_user(&write).await?.id.as_deref(), Some("5"));
    let parsed = sdk.parse_saml_idp_metadata("<EntityDescriptor/>").await?;
    assert_eq!(parsed.idp_issuer.as_deref(), Some("me"));
    Ok(())
}

#[tokio::test]
async fn the_login_operation_sends_no_token_and_does_not_log_in_first() -> looker_sdk::Result<()> {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/login"))
        .and(body_string("client_id=x&client_secret=y"))
        .and(|request: &Request| !request.headers.contains_key("authorization"))
        .respond_with(token("tok-9", 3600))
        .expect(1)
        .mount(&server)
        .await;
    // `set_x(None)` takes a form field set before out of the body, as it does a query parameter.
    Mock::given(method("POST"))
        .and(path("/api/4.0/login"))
        .and(body_string("client_secret=y"))
        .respond_with(token("tok-10", 3600))
        .expect(1)
        .mount(&server)
        .await;

    let login = || sdk(&server).login().client_id("x").client_secret("y");
    let token = login().await?;
    assert_eq!(token.access_token.as_deref(), Some("tok-9"));
    let token = login().set_client_id(None).await?;
    assert_eq!(token.access_token.as_deref(), Some("tok-10"));
    Ok(())
}

#[tokio::test]
async fn a_slow_response_is_a_timeout() {
    let server = MockServer::start().await;
    mount_login(&server, "tok-1", 3600, 1).await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/users/1"))
        .respond_with(user(json!(1)).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;

    let settings =
        ApiSettings::new(server.uri(), "the-id", SECRET).timeout(Duration::from_millis(300));
    let result = sdk_with(settings).user("1").await;
    assert!(matches!(result, Err(Error::Timeout)), "{result:?}");
}

#[tokio::test]
async fn errors_never_show_the_secret_or_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/login"))
        // Not a valid login response: no `expires_in`.
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"access_token": "tok-x"})))
        .mount(&server)
        .await;

    let sdk = sdk(&server);
    let error = match sdk.user("1").await {
        Err(error) => error,
        Ok(user) => panic!("expected an error, got {user:?}"),
    };
    for text in [error.to_string(), format!("{error:?}"), format!("{sdk:?}")] {
        assert!(
            !text.contains("tok-x") && !text.contains("s3cr3t"),
            "{text}"
        );
    }
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/login"))
        .respond_with(ResponseTemplate::new(307).insert_header("location", "/elsewhere/login"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/elsewhere/login"))
        .respond_with(token("tok-1", 3600))
        .expect(0)
        .mount(&server)
        .await;

    let result = sdk(&server).user("1").await;
    assert!(
        matches!(result, Err(Error::Api { status: 307, .. })),
        "{result:?}"
    );
}

#[tokio::test]
async fn a_server_sending_unknown_enum_values_and_numeric_ids_still_decodes()
-> looker_sdk::Result<()> {
    let server = MockServer::start().await;
    mount_login(&server, "tok-1", 3600, 1).await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/alerts/17"))
        .and(bearer_token("tok-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": 17,
            "dashboard_element_id": 9,
            "comparison_type": "A_COMPARISON_FROM_THE_FUTURE",
            "field": null,
            "a_field_from_the_future": [1, 2, 3]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let alert = sdk(&server).get_alert("17").await?;
    assert_eq!(alert.id.as_deref(), Some("17"));
    assert_eq!(alert.dashboard_element_id.as_deref(), Some("9"));
    assert_eq!(
        alert.comparison_type,
        Some(looker_sdk::models::ComparisonType::Unknown(
            "A_COMPARISON_FROM_THE_FUTURE".to_owned()
        ))
    );
    assert_eq!(alert.field, None);
    Ok(())
}
