//! OAuth with PKCE against a mock Looker (wiremock): the authorization URL, redeeming the code
//! and refreshing at `/api/token` (checking the form fields the server received and that no
//! secret travels in a URL), and a client that refreshes by itself.

use std::time::Duration;

use looker_sdk::{AuthToken, Error, LookerSdk, OAuthFlow, Pkce};
use serde_json::json;
use wiremock::matchers::{bearer_token, body_string, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// RFC 7636, appendix B.
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
const REDIRECT: &str = "http://127.0.0.1:8765/callback";
const REDIRECT_ENCODED: &str = "http%3A%2F%2F127.0.0.1%3A8765%2Fcallback";

fn flow(server: &MockServer) -> OAuthFlow {
    match OAuthFlow::new(server.uri(), "https://looker.example", "the-app", REDIRECT) {
        Ok(flow) => flow,
        Err(e) => panic!("flow rejected: {e}"),
    }
}

fn pkce() -> Pkce {
    match Pkce::from_verifier(VERIFIER) {
        Ok(pkce) => pkce,
        Err(e) => panic!("verifier rejected: {e}"),
    }
}

fn tokens(access_token: &str, refresh_token: &str, expires_in: i64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": expires_in,
        "refresh_token": refresh_token,
    }))
}

fn refresh_form(refresh_token: &str) -> String {
    format!(
        "grant_type=refresh_token&refresh_token={refresh_token}&client_id=the-app\
         &redirect_uri={REDIRECT_ENCODED}"
    )
}

/// Answers a refresh with `refresh_token` at `/api/token`, expecting it `times` times.
async fn mount_refresh(
    server: &MockServer,
    refresh_token: &str,
    answer: ResponseTemplate,
    times: u64,
) {
    Mock::given(method("POST"))
        .and(path("/api/token"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string(refresh_form(refresh_token)))
        .respond_with(answer)
        .expect(times)
        .mount(server)
        .await;
}

async fn mount_me(server: &MockServer, access_token: &str, times: u64) {
    Mock::given(method("GET"))
        .and(path("/api/4.0/user"))
        .and(bearer_token(access_token))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "9"})))
        .expect(times)
        .mount(server)
        .await;
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default()
}

/// No URL the server saw carries a query or any of `secrets`.
async fn assert_no_secret_in_urls(server: &MockServer, secrets: &[&str]) {
    for request in received(server).await {
        assert_eq!(request.url.query(), None, "query in {}", request.url);
        for secret in secrets {
            assert!(
                !request.url.as_str().contains(secret),
                "{secret} in {}",
                request.url
            );
        }
    }
}

fn client(flow: &OAuthFlow, token: AuthToken) -> LookerSdk {
    match flow.client(token) {
        Ok(sdk) => sdk,
        Err(e) => panic!("client rejected: {e}"),
    }
}

#[test]
fn the_challenge_matches_rfc_7636_appendix_b() {
    assert_eq!(pkce().challenge(), CHALLENGE);
    assert!(!format!("{:?}", pkce()).contains(VERIFIER));
}

#[tokio::test]
async fn the_authorization_url_points_at_the_web_uis_auth_page() {
    let server = MockServer::start().await;
    let url = flow(&server).authorization_url(&pkce(), "state-1");
    assert_eq!(
        url,
        format!(
            "https://looker.example/auth?response_type=code&client_id=the-app\
             &redirect_uri={REDIRECT_ENCODED}&scope=cors_api&state=state-1\
             &code_challenge_method=S256&code_challenge={CHALLENGE}"
        )
    );
    assert!(!url.contains(VERIFIER));
}

#[tokio::test]
async fn redeeming_the_code_posts_a_form_to_api_token() -> looker_sdk::Result<()> {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/token"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string(format!(
            "grant_type=authorization_code&code=the%2Fcode&code_verifier={VERIFIER}\
             &client_id=the-app&redirect_uri={REDIRECT_ENCODED}"
        )))
        .and(|request: &Request| !request.headers.contains_key("authorization"))
        .respond_with(tokens("access-1", "refresh-1", 3600))
        .expect(1)
        .mount(&server)
        .await;

    let flow = flow(&server);
    let code = flow.code_from_redirect(&format!("{REDIRECT}?code=the%2Fcode&state=s1"), "s1")?;
    let token = flow.redeem_code(&code, &pkce()).await?;
    assert_eq!(token.access_token(), "access-1");
    assert_eq!(token.refresh_token(), Some("refresh-1"));
    assert!(token.time_left() > Some(Duration::from_secs(3500)));
    let debug = format!("{token:?} {flow:?}");
    assert!(
        !debug.contains("access-1") && !debug.contains("refresh-1"),
        "{debug}"
    );
    assert_no_secret_in_urls(&server, &[VERIFIER, "the%2Fcode", "the/code"]).await;
    Ok(())
}

#[tokio::test]
async fn refresh_posts_the_refresh_token_in_a_form() -> looker_sdk::Result<()> {
    let server = MockServer::start().await;
    mount_refresh(
        &server,
        "refresh-1",
        tokens("access-2", "refresh-2", 3600),
        1,
    )
    .await;

    let token = flow(&server).refresh("refresh-1").await?;
    assert_eq!(token.access_token(), "access-2");
    assert_eq!(token.refresh_token(), Some("refresh-2"));
    assert_no_secret_in_urls(&server, &["refresh-1"]).await;
    Ok(())
}

#[tokio::test]
async fn a_refused_code_is_an_api_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"error": "invalid_grant"})))
        .expect(1)
        .mount(&server)
        .await;

    let result = flow(&server).redeem_code("old-code", &pkce()).await;
    assert!(
        matches!(result, Err(Error::Api { status: 400, .. })),
        "{result:?}"
    );
}

#[tokio::test]
async fn the_client_refreshes_an_expired_or_rejected_token_by_itself() -> looker_sdk::Result<()> {
    let server = MockServer::start().await;
    mount_refresh(
        &server,
        "refresh-1",
        tokens("access-2", "refresh-2", 3600),
        1,
    )
    .await;
    mount_refresh(
        &server,
        "refresh-2",
        tokens("access-3", "refresh-3", 3600),
        1,
    )
    .await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/user"))
        .and(bearer_token("access-2"))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;
    mount_me(&server, "access-3", 2).await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/login"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;

    let flow = flow(&server);
    // Expires within the safety margin: refreshed before the first call.
    let token = AuthToken::new("access-1")
        .expires_in(Duration::from_secs(3))
        .with_refresh_token("refresh-1");
    let sdk = client(&flow, token);
    // access-1 expired → refresh → access-2 rejected → refresh with the new refresh token.
    assert_eq!(sdk.me().await?.id.as_deref(), Some("9"));
    assert_eq!(sdk.me().await?.id.as_deref(), Some("9"));
    let bearer = |request: &Request| {
        request
            .headers
            .get("authorization")
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    };
    let sent: Vec<_> = received(&server).await.iter().filter_map(bearer).collect();
    assert!(!sent.contains(&"Bearer access-1".to_owned()), "{sent:?}");
    assert_no_secret_in_urls(&server, &["refresh-1", "refresh-2"]).await;
    Ok(())
}

#[tokio::test]
async fn a_refused_refresh_token_is_a_clear_error_and_is_not_sent_again() {
    let server = MockServer::start().await;
    mount_refresh(
        &server,
        "refresh-1",
        ResponseTemplate::new(400).set_body_json(json!({"error": "invalid_grant"})),
        1,
    )
    .await;

    let token = AuthToken::new("access-1")
        .expires_in(Duration::ZERO)
        .with_refresh_token("refresh-1");
    let sdk = client(&flow(&server), token);
    for _ in 0..2 {
        match sdk.me().await {
            Err(Error::TokenExpired(message)) => {
                assert!(message.contains("refresh token"), "{message}");
                assert!(!message.contains("refresh-1"), "{message}");
            }
            other => panic!("expected TokenExpired, got {other:?}"),
        }
    }
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn without_a_refresh_token_a_rejected_token_is_a_clear_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/user"))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;

    let sdk = client(&flow(&server), AuthToken::new("access-1"));
    match sdk.me().await {
        Err(Error::TokenExpired(message)) => {
            assert!(message.contains("no refresh token"), "{message}")
        }
        other => panic!("expected TokenExpired, got {other:?}"),
    }
    assert!(
        received(&server)
            .await
            .iter()
            .all(|request| request.url.path() != "/api/token")
    );
}

#[tokio::test]
async fn ending_an_oauth_session_drops_the_refresh_token_too() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/api/4.0/logout"))
        .and(bearer_token("access-1"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let token = AuthToken::new("access-1").with_refresh_token("refresh-1");
    let sdk = client(&flow(&server), token);
    assert!(sdk.end_session().await.is_ok());
    assert!(matches!(sdk.me().await, Err(Error::TokenExpired(_))));
    assert_eq!(
        received(&server).await.len(),
        1,
        "no refresh after the session ended"
    );
}
