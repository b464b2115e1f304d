//! Authentication against a mock Looker (wiremock): API credentials, sudo, tokens from elsewhere,
//! ending sessions, and secrets kept out of `Debug`. Each test checks what the server received.

use std::time::Duration;

use looker_sdk::{ApiSettings, AuthToken, Error, LookerSdk};
use serde_json::json;
use wiremock::matchers::{bearer_token, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const SECRET: &str = "admin-s3cr3t";

fn admin(server: &MockServer) -> LookerSdk {
    match LookerSdk::new(ApiSettings::new(server.uri(), "admin-id", SECRET)) {
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

fn user(id: &str) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_json(json!({"id": id, "display_name": format!("user {id}")}))
}

fn unauthorized() -> ResponseTemplate {
    ResponseTemplate::new(401).set_body_json(json!({"message": "Requires authentication."}))
}

/// Answers `POST /login` with `access_token` for `times` logins (then falls through to later
/// mocks), and expects exactly that many.
async fn mount_login(server: &MockServer, access_token: &str, expires_in: i64, times: u64) {
    Mock::given(method("POST"))
        .and(path("/api/4.0/login"))
        .respond_with(token(access_token, expires_in))
        .up_to_n_times(times)
        .expect(times)
        .mount(server)
        .await;
}

/// Answers `GET /user` (the `me` operation) sent with `access_token` as user `id`.
async fn mount_me(server: &MockServer, access_token: &str, id: &str, times: u64) {
    Mock::given(method("GET"))
        .and(path("/api/4.0/user"))
        .and(bearer_token(access_token))
        .respond_with(user(id))
        .expect(times)
        .mount(server)
        .await;
}

/// Accepts `DELETE /logout` with `access_token`, expecting it `times` times.
async fn mount_logout(server: &MockServer, access_token: &str, times: u64) {
    Mock::given(method("DELETE"))
        .and(path("/api/4.0/logout"))
        .and(bearer_token(access_token))
        .respond_with(ResponseTemplate::new(204))
        .expect(times)
        .mount(server)
        .await;
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default()
}

/// `METHOD path token` for each request the server received, `-` for no token.
async fn log(server: &MockServer) -> Vec<String> {
    received(server)
        .await
        .iter()
        .map(|request| {
            let token = request
                .headers
                .get("authorization")
                .and_then(|value| value.to_str().ok())
                .and_then(|value| value.strip_prefix("Bearer "))
                .unwrap_or("-");
            format!("{} {} {token}", request.method, request.url.path())
        })
        .collect()
}

fn id_of(result: looker_sdk::Result<looker_sdk::models::User>) -> String {
    match result {
        Ok(user) => user.id.unwrap_or_default(),
        Err(e) => panic!("call failed: {e}"),
    }
}

#[tokio::test]
async fn ten_concurrent_calls_on_an_expired_token_cause_one_login() {
    let server = MockServer::start().await;
    // Valid for 5 s: inside the safety margin, so it counts as expired after its first use.
    mount_login(&server, "tok-1", 5, 1).await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/login"))
        .respond_with(token("tok-2", 3600).set_delay(Duration::from_millis(300)))
        .expect(1)
        .mount(&server)
        .await;
    mount_me(&server, "tok-1", "1", 1).await;
    mount_me(&server, "tok-2", "1", 10).await;

    let sdk = admin(&server);
    assert_eq!(id_of(sdk.me().await), "1");
    let calls: Vec<_> = (0..10)
        .map(|_| {
            let sdk = sdk.clone();
            tokio::spawn(async move { sdk.me().await })
        })
        .collect();
    for call in calls {
        match call.await {
            Ok(result) => assert_eq!(id_of(result), "1"),
            Err(e) => panic!("task failed: {e}"),
        }
    }
    let logins = log(&server)
        .await
        .into_iter()
        .filter(|line| line.starts_with("POST /api/4.0/login"))
        .count();
    assert_eq!(logins, 2, "one login at the start, one after expiry");
}

#[tokio::test]
async fn after_end_session_a_credentials_client_logs_in_again() {
    let server = MockServer::start().await;
    mount_login(&server, "tok-1", 3600, 1).await;
    mount_login(&server, "tok-2", 3600, 1).await;
    mount_me(&server, "tok-1", "1", 1).await;
    mount_me(&server, "tok-2", "1", 1).await;
    mount_logout(&server, "tok-1", 1).await;

    let sdk = admin(&server);
    assert_eq!(id_of(sdk.me().await), "1");
    if let Err(e) = sdk.end_session().await {
        panic!("end_session failed: {e}");
    }
    assert_eq!(id_of(sdk.me().await), "1");
    assert_eq!(
        log(&server).await,
        [
            "POST /api/4.0/login -",
            "GET /api/4.0/user tok-1",
            "DELETE /api/4.0/logout tok-1",
            "POST /api/4.0/login -",
            "GET /api/4.0/user tok-2",
        ]
    );
}

#[tokio::test]
async fn end_session_without_a_token_sends_nothing() {
    let server = MockServer::start().await;
    let sdk = admin(&server);
    assert!(sdk.end_session().await.is_ok());
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn a_sudo_client_acts_as_the_user_and_its_logout_leaves_the_admin_alone() {
    let server = MockServer::start().await;
    mount_login(&server, "admin-tok", 3600, 1).await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/login/7"))
        .and(bearer_token("admin-tok"))
        .respond_with(token("user-tok", 3600))
        .expect(1)
        .mount(&server)
        .await;
    mount_me(&server, "admin-tok", "1", 3).await;
    mount_me(&server, "user-tok", "7", 2).await;
    mount_logout(&server, "user-tok", 1).await;
    mount_logout(&server, "admin-tok", 0).await;

    let admin = admin(&server);
    assert_eq!(id_of(admin.me().await), "1");
    let user = match admin.sudo("7").await {
        Ok(user) => user,
        Err(e) => panic!("sudo failed: {e}"),
    };
    assert_eq!(id_of(user.me().await), "7");
    assert_eq!(id_of(admin.me().await), "1");
    assert_eq!(id_of(user.clone().me().await), "7");

    if let Err(e) = user.end_session().await {
        panic!("end_session failed: {e}");
    }
    // The user's client refuses further calls without sending them; the admin keeps working.
    match user.me().await {
        Err(Error::TokenExpired(message)) => assert!(message.contains("end_session"), "{message}"),
        other => panic!("expected TokenExpired, got {other:?}"),
    }
    assert_eq!(id_of(admin.me().await), "1");
    assert_eq!(
        log(&server).await,
        [
            "POST /api/4.0/login -",
            "GET /api/4.0/user admin-tok",
            "POST /api/4.0/login/7 admin-tok",
            "GET /api/4.0/user user-tok",
            "GET /api/4.0/user admin-tok",
            "GET /api/4.0/user user-tok",
            "DELETE /api/4.0/logout user-tok",
            "GET /api/4.0/user admin-tok",
        ]
    );
}

#[tokio::test]
async fn sudo_token_returns_a_token_for_the_user_and_hides_it() {
    let server = MockServer::start().await;
    mount_login(&server, "admin-tok", 3600, 1).await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/login/a%2Fb"))
        .and(bearer_token("admin-tok"))
        .respond_with(token("user-tok", 3600))
        .expect(1)
        .mount(&server)
        .await;

    let token = match admin(&server).sudo_token("a/b").await {
        Ok(token) => token,
        Err(e) => panic!("sudo_token failed: {e}"),
    };
    assert_eq!(token.access_token(), "user-tok");
    assert!(!token.is_expired());
    assert!(token.time_left() > Some(Duration::from_secs(3500)));
    assert!(!format!("{token:?}").contains("user-tok"));
}

#[tokio::test]
async fn an_expired_sudo_token_is_obtained_again_through_the_admin() {
    let server = MockServer::start().await;
    mount_login(&server, "admin-tok", 3600, 1).await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/login/7"))
        .and(bearer_token("admin-tok"))
        .respond_with(token("user-tok-1", 5))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/login/7"))
        .and(bearer_token("admin-tok"))
        .respond_with(token("user-tok-2", 3600))
        .expect(1)
        .mount(&server)
        .await;
    mount_me(&server, "user-tok-2", "7", 1).await;

    let admin = admin(&server);
    let user = match admin.sudo("7").await {
        Ok(user) => user,
        Err(e) => panic!("sudo failed: {e}"),
    };
    assert_eq!(id_of(user.me().await), "7");
    assert!(
        !log(&server)
            .await
            .contains(&"GET /api/4.0/user user-tok-1".to_owned()),
        "the expired token was sent"
    );
}

#[tokio::test]
async fn a_rejected_sudo_token_is_replaced_through_the_admin_and_the_call_retried() {
    let server = MockServer::start().await;
    mount_login(&server, "admin-tok", 3600, 1).await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/login/7"))
        .respond_with(token("user-tok-1", 3600))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/login/7"))
        .respond_with(token("user-tok-2", 3600))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/user"))
        .and(bearer_token("user-tok-1"))
        .respond_with(unauthorized())
        .expect(1)
        .mount(&server)
        .await;
    mount_me(&server, "user-tok-2", "7", 1).await;

    let user = match admin(&server).sudo("7").await {
        Ok(user) => user,
        Err(e) => panic!("sudo failed: {e}"),
    };
    assert_eq!(id_of(user.me().await), "7");
}

#[tokio::test]
async fn a_client_from_a_token_never_logs_in_and_a_401_is_a_clear_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/login"))
        .respond_with(token("never", 3600))
        .expect(0)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/user"))
        .and(bearer_token("given-tok"))
        .respond_with(user("5"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/user"))
        .and(bearer_token("given-tok"))
        .respond_with(unauthorized())
        .expect(1)
        .mount(&server)
        .await;

    let token = AuthToken::new("given-tok").expires_in(Duration::from_secs(3600));
    let sdk = match LookerSdk::from_access_token(server.uri(), token) {
        Ok(sdk) => sdk,
        Err(e) => panic!("rejected: {e}"),
    };
    assert_eq!(id_of(sdk.me().await), "5");
    for _ in 0..2 {
        let error = match sdk.me().await {
            Err(error @ Error::TokenExpired(_)) => error,
            other => panic!("expected TokenExpired, got {other:?}"),
        };
        let text = format!("{error} {error:?}");
        assert!(
            text.contains("rejected") && text.contains("token alone"),
            "{text}"
        );
        assert!(!text.contains("given-tok"), "{text}");
    }
    // The second failure was reported without sending the dead token again.
    assert_eq!(
        log(&server).await,
        ["GET /api/4.0/user given-tok", "GET /api/4.0/user given-tok"]
    );
}

#[tokio::test]
async fn a_token_past_its_expiry_is_not_sent() {
    let server = MockServer::start().await;
    // Expires within the safety margin: already too old to send.
    let token = AuthToken::new("given-tok").expires_in(Duration::from_secs(2));
    let sdk = match LookerSdk::from_access_token(server.uri(), token) {
        Ok(sdk) => sdk,
        Err(e) => panic!("rejected: {e}"),
    };
    match sdk.me().await {
        Err(Error::TokenExpired(message)) => assert!(message.contains("expired"), "{message}"),
        other => panic!("expected TokenExpired, got {other:?}"),
    }
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn a_token_client_ends_its_session_and_then_refuses_calls() {
    let server = MockServer::start().await;
    mount_logout(&server, "given-tok", 1).await;

    let sdk = match LookerSdk::from_access_token(server.uri(), AuthToken::new("given-tok")) {
        Ok(sdk) => sdk,
        Err(e) => panic!("rejected: {e}"),
    };
    assert!(sdk.end_session().await.is_ok());
    assert!(matches!(sdk.me().await, Err(Error::TokenExpired(_))));
    assert!(
        sdk.end_session().await.is_ok(),
        "ending it twice is harmless"
    );
    assert_eq!(log(&server).await, ["DELETE /api/4.0/logout given-tok"]);
}

#[test]
fn bad_tokens_are_config_errors_that_do_not_show_them() {
    for bad in ["", "tok\nen"] {
        match LookerSdk::from_access_token("https://x:19999", AuthToken::new(bad)) {
            Err(Error::Config(message)) => assert!(!message.contains("tok\nen"), "{message}"),
            other => panic!("expected a config error, got {other:?}"),
        }
    }
    assert!(matches!(
        LookerSdk::from_access_token("not a url", AuthToken::new("t")),
        Err(Error::Config(m)) if m.contains("base_url")
    ));
}

#[tokio::test]
async fn debug_of_every_client_settings_and_token_hides_secrets() {
    let server = MockServer::start().await;
    mount_login(&server, "admin-tok", 3600, 1).await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/login/7"))
        .respond_with(token("user-tok", 3600))
        .mount(&server)
        .await;
    mount_me(&server, "admin-tok", "1", 1).await;

    let settings = ApiSettings::new(server.uri(), "admin-id", SECRET);
    let admin = admin(&server);
    assert_eq!(id_of(admin.me().await), "1");
    let user = match admin.sudo("7").await {
        Ok(user) => user,
        Err(e) => panic!("sudo failed: {e}"),
    };
    let user_token = match admin.sudo_token("7").await {
        Ok(token) => token,
        Err(e) => panic!("sudo_token failed: {e}"),
    };
    let given = AuthToken::new("given-tok").with_refresh_token("refresh-tok");
    let token_client = match LookerSdk::from_access_token(server.uri(), given.clone()) {
        Ok(sdk) => sdk,
        Err(e) => panic!("rejected: {e}"),
    };
    let shown = [
        format!("{settings:?}"),
        format!("{admin:?}"),
        format!("{user:?}"),
        format!("{user_token:?}"),
        format!("{given:?}"),
        format!("{token_client:?}"),
        format!("{admin:#?} {user:#?} {given:#?}"),
    ];
    for text in shown {
        for secret in [SECRET, "admin-tok", "user-tok", "given-tok", "refresh-tok"] {
            assert!(!text.contains(secret), "{secret} shown in {text}");
        }
    }
}
