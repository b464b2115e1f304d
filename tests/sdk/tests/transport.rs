//! The transport against a mock Looker (wiremock): per-call options, the agent tag, retries,
//! the re-login after a 401, a proxy from the settings, error details and tracing.

use std::cell::RefCell;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use looker_sdk::models::WriteUser;
use looker_sdk::{ApiSettings, Error, LookerSdk, RequestOptions, RetryPolicy};
use serde_json::json;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use wiremock::matchers::{bearer_token, body_string, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const SECRET: &str = "s3cr3t-value";

fn settings(server: &MockServer) -> ApiSettings {
    ApiSettings::new(server.uri(), "the-id", SECRET)
}

fn sdk_with(settings: ApiSettings) -> LookerSdk {
    match LookerSdk::new(settings) {
        Ok(sdk) => sdk,
        Err(e) => panic!("settings rejected: {e}"),
    }
}

fn sdk(server: &MockServer) -> LookerSdk {
    sdk_with(settings(server))
}

/// A retry policy that does not wait long when the server gives no `Retry-After`.
fn quick_retries(max_tries: u32) -> RetryPolicy {
    RetryPolicy::new()
        .max_tries(max_tries)
        .base_delay(Duration::from_millis(5))
        .max_delay(Duration::from_secs(10))
}

fn token(access_token: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": 3600,
    }))
}

async fn mount_login(server: &MockServer, access_token: &str, times: u64) {
    Mock::given(method("POST"))
        .and(path("/api/4.0/login"))
        .respond_with(token(access_token))
        .expect(times)
        .mount(server)
        .await;
}

fn user(id: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"id": id, "email": "a@b.c"}))
}

async fn received(server: &MockServer, wanted_path: &str) -> Vec<Request> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|request| request.url.path() == wanted_path)
        .collect()
}

fn header_of<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request
        .headers
        .get(name)
        .and_then(|value| value.to_str().ok())
}

#[tokio::test]
async fn a_per_call_timeout_shorter_than_the_response_is_a_timeout() {
    let server = MockServer::start().await;
    mount_login(&server, "tok-1", 1).await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/users/1"))
        .respond_with(user("1").set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;

    // The client allows 120 s; this call only 300 ms.
    let started = Instant::now();
    let result = sdk(&server)
        .user("1")
        .with_options(RequestOptions::new().timeout(Duration::from_millis(300)))
        .await;
    assert!(matches!(result, Err(Error::Timeout)), "{result:?}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_per_call_timeout_longer_than_the_clients_lets_a_slow_call_finish() {
    let server = MockServer::start().await;
    mount_login(&server, "tok-1", 1).await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/users/1"))
        .respond_with(user("1").set_delay(Duration::from_millis(800)))
        .expect(2)
        .mount(&server)
        .await;

    let sdk = sdk_with(settings(&server).timeout(Duration::from_millis(300)));
    let without = sdk.user("1").await;
    assert!(matches!(without, Err(Error::Timeout)), "{without:?}");
    let with = sdk
        .user("1")
        .with_options(RequestOptions::new().timeout(Duration::from_secs(10)))
        .await;
    assert!(with.is_ok(), "{with:?}");
}

#[tokio::test]
async fn per_call_headers_and_agent_tag_are_sent() -> looker_sdk::Result<()> {
    let server = MockServer::start().await;
    mount_login(&server, "tok-1", 1).await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/users/1"))
        .and(header("x-request-id", "req-42"))
        .and(header("x-looker-appid", "nightly-export"))
        .respond_with(user("1"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/users/2"))
        .respond_with(user("2"))
        .expect(1)
        .mount(&server)
        .await;

    let sdk = sdk(&server);
    let options = RequestOptions::new()
        .header("X-Request-Id", "req-42")
        .agent_tag("nightly-export");
    sdk.user("1").with_options(options).await?;
    // The options applied to that call only.
    sdk.user("2").await?;
    let other = received(&server, "/api/4.0/users/2").await;
    assert_eq!(other.len(), 1);
    assert!(header_of(&other[0], "x-request-id").is_none());
    assert_ne!(
        header_of(&other[0], "x-looker-appid"),
        Some("nightly-export")
    );
    Ok(())
}

#[tokio::test]
async fn the_default_agent_tag_names_the_sdk_and_the_looker_release() -> looker_sdk::Result<()> {
    let server = MockServer::start().await;
    mount_login(&server, "tok-1", 1).await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/users/1"))
        .respond_with(user("1"))
        .expect(1)
        .mount(&server)
        .await;

    sdk(&server).user("1").await?;
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        let tag = header_of(request, "x-looker-appid").unwrap_or_default();
        assert!(tag.starts_with("looker-sdk-rust/"), "{tag}");
        assert!(
            tag.ends_with(&format!(" looker/{}", looker_sdk::LOOKER_RELEASE)),
            "{tag}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn the_agent_tag_from_the_settings_is_sent_with_every_call() -> looker_sdk::Result<()> {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/login"))
        .and(header("x-looker-appid", "my-service/1.0"))
        .respond_with(token("tok-1"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/users/1"))
        .and(header("x-looker-appid", "my-service/1.0"))
        .respond_with(user("1"))
        .expect(1)
        .mount(&server)
        .await;

    sdk_with(settings(&server).agent_tag("my-service/1.0"))
        .user("1")
        .await?;
    Ok(())
}

#[tokio::test]
async fn invalid_per_call_options_fail_before_anything_is_sent() {
    let server = MockServer::start().await;
    let sdk = sdk(&server);
    for options in [
        RequestOptions::new().header("Authorization", "Bearer stolen"),
        RequestOptions::new().header("bad header", "x"),
        RequestOptions::new().timeout(Duration::ZERO),
    ] {
        let result = sdk.user("1").with_options(options).await;
        assert!(
            matches!(result, Err(Error::InvalidRequest(_))),
            "{result:?}"
        );
    }
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
}

#[tokio::test]
async fn a_429_with_retry_after_is_retried_after_the_wait() -> looker_sdk::Result<()> {
    let server = MockServer::start().await;
    mount_login(&server, "tok-1", 1).await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/users/1"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "1")
                .set_body_json(json!({"message": "Too many requests"})),
        )
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/users/1"))
        .respond_with(user("1"))
        .expect(1)
        .mount(&server)
        .await;

    let sdk = sdk_with(settings(&server).retry(quick_retries(3)));
    let started = Instant::now();
    let me = sdk.user("1").await?;
    let elapsed = started.elapsed();
    assert_eq!(me.id.as_deref(), Some("1"));
    // Retry-After said one second (the backoff alone would have been 5 ms).
    assert!(elapsed >= Duration::from_millis(950), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    assert_eq!(received(&server, "/api/4.0/users/1").await.len(), 2);
    Ok(())
}

#[tokio::test]
async fn a_429_is_not_retried_by_default() {
    let server = MockServer::start().await;
    mount_login(&server, "tok-1", 1).await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/users/1"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .expect(1)
        .mount(&server)
        .await;

    let result = sdk(&server).user("1").await;
    assert!(
        matches!(result, Err(Error::Api { status: 429, .. })),
        "{result:?}"
    );
}

#[tokio::test]
async fn a_503_is_retried_up_to_max_tries_then_returned() {
    let server = MockServer::start().await;
    mount_login(&server, "tok-1", 1).await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/users/1"))
        .respond_with(
            ResponseTemplate::new(503).set_body_json(json!({"message": "Down for maintenance"})),
        )
        .expect(4)
        .mount(&server)
        .await;

    let result = sdk_with(settings(&server).retry(quick_retries(4)))
        .user("1")
        .await;
    let Err(error) = result else {
        panic!("expected an error, got {result:?}");
    };
    assert_eq!(error.status(), Some(503));
    assert_eq!(error.message(), Some("Down for maintenance"));
}

#[tokio::test]
async fn a_retry_after_longer_than_max_delay_is_not_waited_for() {
    let server = MockServer::start().await;
    mount_login(&server, "tok-1", 1).await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/users/1"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "3600"))
        .expect(1)
        .mount(&server)
        .await;

    let started = Instant::now();
    let result = sdk_with(settings(&server).retry(quick_retries(3)))
        .user("1")
        .await;
    assert!(
        matches!(result, Err(Error::Api { status: 503, .. })),
        "{result:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_post_is_not_retried_unless_the_caller_allows_it() {
    let server = MockServer::start().await;
    mount_login(&server, "tok-1", 1).await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/users"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1 + 3)
        .mount(&server)
        .await;

    let sdk = sdk_with(settings(&server).retry(quick_retries(3)));
    let write = WriteUser::default();
    let once = sdk.create_user(&write).await;
    assert!(
        matches!(once, Err(Error::Api { status: 503, .. })),
        "{once:?}"
    );
    assert_eq!(received(&server, "/api/4.0/users").await.len(), 1);

    let allowed = sdk
        .create_user(&write)
        .with_options(RequestOptions::new().retry(quick_retries(3).allow_unsafe()))
        .await;
    assert!(
        matches!(allowed, Err(Error::Api { status: 503, .. })),
        "{allowed:?}"
    );
    assert_eq!(received(&server, "/api/4.0/users").await.len(), 4);
}

#[tokio::test]
async fn a_per_call_policy_replaces_the_clients() {
    let server = MockServer::start().await;
    mount_login(&server, "tok-1", 1).await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/users/1"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;

    let result = sdk_with(settings(&server).retry(quick_retries(5)))
        .user("1")
        .with_options(RequestOptions::new().retry(RetryPolicy::never()))
        .await;
    assert!(
        matches!(result, Err(Error::Api { status: 503, .. })),
        "{result:?}"
    );
}

#[tokio::test]
async fn a_202_not_ready_is_polled_until_the_result_is_ready() -> looker_sdk::Result<()> {
    let server = MockServer::start().await;
    mount_login(&server, "tok-1", 1).await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/render_tasks/7/results"))
        .respond_with(ResponseTemplate::new(202).insert_header("retry-after", "0"))
        .up_to_n_times(2)
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/render_tasks/7/results"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(b"%PDF-1.7".to_vec(), "application/pdf"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let body = sdk_with(settings(&server).retry(quick_retries(5)))
        .render_task_results("7")
        .await?;
    assert_eq!(body.status(), 200);
    assert_eq!(body.content_type(), Some("application/pdf"));
    assert_eq!(body.bytes().as_ref(), b"%PDF-1.7");
    Ok(())
}

#[tokio::test]
async fn without_a_policy_a_202_not_ready_is_handed_back_as_it_is() -> looker_sdk::Result<()> {
    let server = MockServer::start().await;
    mount_login(&server, "tok-1", 1).await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/render_tasks/7/results"))
        .respond_with(ResponseTemplate::new(202).insert_header("retry-after", "0"))
        .expect(2)
        .mount(&server)
        .await;

    let sdk = sdk(&server);
    let body = sdk.render_task_results("7").await?;
    assert_eq!(body.status(), 202);
    assert!(body.bytes().is_empty());
    let mut stream = sdk.render_task_results("7").stream().await?;
    assert_eq!(stream.status(), 202);
    assert!(stream.next_chunk().await.is_none());
    Ok(())
}

#[tokio::test]
async fn a_401_on_a_valid_token_logs_in_again_once_and_retries_once() -> looker_sdk::Result<()> {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/login"))
        .respond_with(token("tok-1"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    mount_login(&server, "tok-2", 1).await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/users/1"))
        .and(bearer_token("tok-1"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"message": "Requires authentication."})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/users/1"))
        .and(bearer_token("tok-2"))
        .respond_with(user("1"))
        .expect(2)
        .mount(&server)
        .await;

    let sdk = sdk(&server);
    assert_eq!(sdk.user("1").await?.id.as_deref(), Some("1"));
    // The new token is kept.
    sdk.user("1").await?;
    assert_eq!(received(&server, "/api/4.0/login").await.len(), 2);
    Ok(())
}

#[tokio::test]
async fn a_second_401_is_an_error_after_exactly_two_logins() {
    let server = MockServer::start().await;
    mount_login(&server, "tok-1", 2).await;
    Mock::given(method("DELETE"))
        .and(path("/api/4.0/users/1"))
        .respond_with(ResponseTemplate::new(401))
        .expect(2)
        .mount(&server)
        .await;

    let result = sdk(&server).delete_user("1").await;
    assert!(
        matches!(result, Err(Error::Api { status: 401, .. })),
        "{result:?}"
    );
}

#[tokio::test]
async fn a_401_from_login_itself_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/login"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"message": "Not found"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/api/4.0/users/1"))
        .respond_with(user("1"))
        .expect(0)
        .mount(&server)
        .await;

    let result = sdk_with(settings(&server).retry(quick_retries(5)))
        .user("1")
        .await;
    assert!(
        matches!(result, Err(Error::Api { status: 401, .. })),
        "{result:?}"
    );
}

#[tokio::test]
async fn concurrent_401s_on_one_token_cause_one_login_again() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/login"))
        .respond_with(token("tok-1"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/login"))
        .respond_with(token("tok-2").set_delay(Duration::from_millis(100)))
        .expect(1)
        .mount(&server)
        .await;
    // Mounted first, so it wins over the 401s below.
    Mock::given(method("GET"))
        .and(path("/api/4.0/users/0"))
        .and(bearer_token("tok-1"))
        .respond_with(user("0"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(bearer_token("tok-1"))
        .respond_with(ResponseTemplate::new(401).set_delay(Duration::from_millis(50)))
        .expect(5)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(bearer_token("tok-2"))
        .respond_with(user("1"))
        .expect(5)
        .mount(&server)
        .await;

    let sdk = sdk(&server);
    // Log in with tok-1 first, so that the five calls below all go out with it.
    assert!(sdk.user("0").await.is_ok());
    let calls: Vec<_> = (1..=5)
        .map(|id| {
            let sdk = sdk.clone();
            tokio::spawn(async move { sdk.user(&id.to_string()).await.map(|_| ()) })
        })
        .collect();
    for call in calls {
        let result = call.await.map_err(|e| e.to_string());
        assert!(matches!(result, Ok(Ok(()))), "{result:?}");
    }
}

#[tokio::test]
async fn validation_errors_carry_lookers_details() {
    let server = MockServer::start().await;
    mount_login(&server, "tok-1", 1).await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/users"))
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({
            "message": "Validation Failed",
            "documentation_url": "https://cloud.google.com/looker/docs/r/api/support",
            "errors": [
                {"field": "email", "code": "missing", "message": "This field is required.",
                 "documentation_url": "https://cloud.google.com/looker/docs/r/api/support"},
                {"field": "first_name", "code": "invalid"}
            ]
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/users/1"))
        .respond_with(ResponseTemplate::new(500).set_body_raw("<html>oops</html>", "text/html"))
        .mount(&server)
        .await;

    let sdk = sdk(&server);
    let Err(error) = sdk.create_user(&WriteUser::default()).await else {
        panic!("expected an error");
    };
    assert_eq!(error.status(), Some(422));
    assert_eq!(error.message(), Some("Validation Failed"));
    assert_eq!(
        error.documentation_url(),
        Some("https://cloud.google.com/looker/docs/r/api/support")
    );
    let details: Vec<_> = error
        .validation_errors()
        .iter()
        .map(|e| (e.field.as_deref(), e.code.as_deref(), e.message.as_deref()))
        .collect();
    assert_eq!(
        details,
        [
            (
                Some("email"),
                Some("missing"),
                Some("This field is required.")
            ),
            (Some("first_name"), Some("invalid"), None),
        ]
    );
    assert!(error.to_string().contains("422"), "{error}");

    let Err(error) = sdk.user("1").await else {
        panic!("expected an error");
    };
    assert_eq!(error.status(), Some(500));
    assert_eq!(error.message(), None);
    assert_eq!(
        error.raw_body().map(|raw| raw.as_ref()),
        Some(&b"<html>oops</html>"[..])
    );
}

#[tokio::test]
async fn requests_go_through_the_proxy_from_the_settings() -> looker_sdk::Result<()> {
    // The mock server plays the proxy: an HTTP proxy receives the full URL of each request.
    let proxy = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/login"))
        .and(body_string(format!(
            "client_id=the-id&client_secret={SECRET}"
        )))
        .respond_with(token("tok-1"))
        .expect(1)
        .mount(&proxy)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/users/1"))
        .and(query_param("fields", "id"))
        .respond_with(user("1"))
        .expect(1)
        .mount(&proxy)
        .await;

    let settings = ApiSettings::new("http://looker.example.invalid:19999", "the-id", SECRET)
        .proxy(proxy.uri());
    sdk_with(settings).user("1").fields("id").await?;
    for request in proxy.received_requests().await.unwrap_or_default() {
        assert_eq!(request.url.host_str(), Some("looker.example.invalid"));
        assert_eq!(request.url.port(), Some(19999));
    }
    Ok(())
}

thread_local! {
    /// Where the recorder writes on this thread, if anywhere.
    static SINK: RefCell<Option<Arc<Mutex<Vec<String>>>>> = const { RefCell::new(None) };
    /// The spans entered on this thread, innermost last.
    static ENTERED: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

/// Records spans and events with their fields, as text, on threads that [`capture`] them.
///
/// It is the global subscriber: a thread-local one (`set_default`) misses callsites whose
/// interest another test's thread cached while it was not installed.
#[derive(Default)]
struct Recorder {
    next_id: AtomicU64,
}

/// Starts recording what happens on this thread (the runtime of a `#[tokio::test]` runs the test
/// and the tasks it spawns on this one thread).
fn capture() -> Arc<Mutex<Vec<String>>> {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let _ = tracing::subscriber::set_global_default(Recorder::default());
    });
    let lines = Arc::new(Mutex::new(Vec::new()));
    SINK.with(|sink| *sink.borrow_mut() = Some(lines.clone()));
    lines
}

struct Fields(String);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.push_str(&format!(" {}={value:?}", field.name()));
    }
}

impl Recorder {
    fn push(&self, line: String) {
        SINK.with(|sink| {
            if let Some(lines) = sink.borrow().as_ref()
                && let Ok(mut lines) = lines.lock()
            {
                lines.push(line);
            }
        });
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed) + 1;
        let mut fields = Fields(format!("span#{id} {}", span.metadata().name()));
        span.record(&mut fields);
        self.push(fields.0);
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut fields = Fields(format!("record#{}", span.into_u64()));
        values.record(&mut fields);
        self.push(fields.0);
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let within = ENTERED.with(|entered| entered.borrow().last().copied().unwrap_or(0));
        let mut fields = Fields(format!("event in#{within} {}", event.metadata().target()));
        event.record(&mut fields);
        self.push(fields.0);
    }

    fn enter(&self, span: &Id) {
        ENTERED.with(|entered| entered.borrow_mut().push(span.into_u64()));
    }

    fn exit(&self, _: &Id) {
        ENTERED.with(|entered| entered.borrow_mut().pop());
    }
}

#[tokio::test]
async fn each_request_has_a_span_without_secrets_or_query_values() -> looker_sdk::Result<()> {
    let server = MockServer::start().await;
    mount_login(&server, "tok-secret-token", 1).await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/users/1"))
        .respond_with(user("1"))
        .expect(1)
        .mount(&server)
        .await;

    let recorded = capture();
    sdk(&server).user("1").fields("private-query-value").await?;
    SINK.with(|sink| sink.borrow_mut().take());

    let lines = recorded.lock().map(|l| l.clone()).unwrap_or_default();
    let text = lines.join("\n");
    let spans: Vec<&String> = lines
        .iter()
        .filter(|line| line.contains(" looker_request"))
        .collect();
    assert_eq!(spans.len(), 2, "{text}");
    assert!(
        spans[0].contains("method=GET") && spans[0].contains("path=/users/1"),
        "{text}"
    );
    assert!(
        spans[1].contains("method=POST") && spans[1].contains("path=/login"),
        "{text}"
    );
    // What happens during the call is within its span (the wrapper that enters it on each
    // poll is left out only when nobody listens).
    let id = spans[0]
        .split_whitespace()
        .next()
        .and_then(|word| word.strip_prefix("span#"))
        .unwrap_or("?");
    assert!(
        lines
            .iter()
            .any(|line| line.starts_with(&format!("event in#{id} "))
                && line.contains("response body read")),
        "{text}"
    );
    assert!(text.contains("status=200"), "{text}");
    assert!(text.contains("tries=1"), "{text}");
    assert!(text.contains("duration_ms="), "{text}");
    for secret in [SECRET, "tok-secret-token", "private-query-value", "a@b.c"] {
        assert!(!text.contains(secret), "{secret} was traced:\n{text}");
    }
    Ok(())
}

#[tokio::test]
async fn a_502_and_a_504_are_retried_like_a_503() {
    for status in [502, 504] {
        let server = MockServer::start().await;
        mount_login(&server, "tok-1", 1).await;
        Mock::given(method("GET"))
            .and(path("/api/4.0/users/1"))
            .respond_with(ResponseTemplate::new(status))
            .up_to_n_times(2)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/api/4.0/users/1"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "1"})))
            .mount(&server)
            .await;
        let user = sdk_with(settings(&server).retry(quick_retries(3)))
            .user("1")
            .await;
        assert!(user.is_ok(), "{status}: {user:?}");
        assert_eq!(
            received(&server, "/api/4.0/users/1").await.len(),
            3,
            "{status}"
        );
    }
}

/// A port of 127.0.0.1 nobody listens on (it was free a moment ago).
fn unused_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

#[tokio::test]
async fn a_refused_connection_is_retried_until_looker_listens() {
    // A port nobody listens on yet: the first tries are refused.
    let port = unused_port();
    let token = looker_sdk::AuthToken::new("tok-given").expires_in(Duration::from_secs(3600));
    let sdk = LookerSdk::from_access_token_with_settings(
        ApiSettings::new(format!("http://127.0.0.1:{port}"), "id", SECRET).retry(
            RetryPolicy::new()
                .max_tries(40)
                .base_delay(Duration::from_millis(50))
                .max_delay(Duration::from_millis(100)),
        ),
        token,
    )
    .expect("valid settings");
    // A POST too: nothing reached Looker, so it is safe to send again.
    let call = tokio::spawn(async move { sdk.create_user(&WriteUser::default()).await });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let listener =
        std::net::TcpListener::bind(("127.0.0.1", port)).expect("the port is still free");
    let server = MockServer::builder().listener(listener).start().await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/users"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "7"})))
        .expect(1)
        .mount(&server)
        .await;
    let user = call.await.expect("the task ran");
    assert!(
        user.as_ref().is_ok_and(|u| u.id.as_deref() == Some("7")),
        "{user:?}"
    );
}

#[tokio::test]
async fn without_a_policy_a_refused_connection_fails_at_once() {
    let port = unused_port();
    let token = looker_sdk::AuthToken::new("tok-given").expires_in(Duration::from_secs(3600));
    let sdk = LookerSdk::from_access_token(format!("http://127.0.0.1:{port}"), token)
        .expect("valid settings");
    let result = sdk.user("1").await;
    assert!(matches!(result, Err(Error::Transport(_))), "{result:?}");
}

#[tokio::test]
async fn gzip_responses_are_asked_for_and_decompressed() {
    use std::io::Write as _;
    let server = MockServer::start().await;
    mount_login(&server, "tok-1", 1).await;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder
        .write_all(br#"{"id": "1", "first_name": "Ada"}"#)
        .expect("gzip in memory");
    let compressed = encoder.finish().expect("gzip in memory");
    Mock::given(method("GET"))
        .and(path("/api/4.0/users/1"))
        .and(header("accept-encoding", "gzip"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-encoding", "gzip")
                .insert_header("content-type", "application/json")
                .set_body_bytes(compressed),
        )
        .expect(1)
        .mount(&server)
        .await;
    let user = sdk(&server).user("1").await;
    assert!(
        user.as_ref()
            .is_ok_and(|u| u.first_name.as_deref() == Some("Ada")),
        "{user:?}"
    );
}

#[tokio::test]
async fn an_api_error_names_the_method_and_path_but_no_query_value() {
    let server = MockServer::start().await;
    mount_login(&server, "tok-1", 1).await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/users/42"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "Not found"})))
        .mount(&server)
        .await;
    let result = sdk(&server).user("42").fields("private-field-list").await;
    let Err(error) = result else {
        panic!("expected an error, got {result:?}");
    };
    let shown = error.to_string();
    assert!(shown.contains("HTTP 404"), "{shown}");
    assert!(shown.contains("GET /users/42"), "{shown}");
    assert!(shown.ends_with(": Not found"), "{shown}");
    assert!(!shown.contains("private-field-list"), "{shown}");
    let endpoint = error.endpoint().expect("an endpoint");
    assert_eq!(
        (endpoint.method().as_str(), endpoint.path()),
        ("GET", "/users/42")
    );
}

#[tokio::test]
async fn a_raw_request_gets_the_sdks_auth_options_and_errors() {
    let server = MockServer::start().await;
    mount_login(&server, "tok-1", 1).await;
    Mock::given(method("PATCH"))
        .and(path("/api/4.0/new_endpoint/a%2Fb"))
        .and(bearer_token("tok-1"))
        .and(query_param("dynamic name", "x y"))
        .and(header("x-custom", "yes"))
        .and(body_string(r#"{"k":1}"#))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"id": "1", "undocumented": [1, 2]})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/missing"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "Not found"})))
        .mount(&server)
        .await;
    let sdk = sdk(&server);
    let path = format!("/new_endpoint/{}", looker_sdk_rtl::path_segment("a/b"));
    let value: serde_json::Value = sdk
        .request(looker_sdk_rtl::Method::PATCH, path)
        .query("dynamic name", "x y")
        .header("x-custom", "yes")
        .json_body(&json!({"k": 1}))
        .json()
        .await
        .expect("the raw call");
    assert_eq!(value["undocumented"], json!([1, 2]));
    let missing = sdk.request(looker_sdk_rtl::Method::GET, "/missing").await;
    let Err(error) = missing else {
        panic!("expected an error, got {missing:?}");
    };
    assert_eq!(error.status(), Some(404));
    assert!(error.to_string().contains("GET /missing"), "{error}");
    let bad = sdk
        .request(looker_sdk_rtl::Method::GET, "/x")
        .header("bad header", "v")
        .await;
    assert!(matches!(bad, Err(Error::InvalidRequest(_))), "{bad:?}");
}

#[tokio::test]
async fn an_operation_answers_as_raw_json_or_bytes_when_asked() {
    use std::future::IntoFuture;
    let server = MockServer::start().await;
    mount_login(&server, "tok-1", 1).await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/users/1"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"id": "1", "field_of_2030": true})),
        )
        .mount(&server)
        .await;
    let sdk = sdk(&server);
    let value: serde_json::Value = sdk.user("1").into_future().decode_as().await.expect("json");
    assert_eq!(value["field_of_2030"], json!(true));
    let body = sdk.user("1").into_future().body().await.expect("body");
    assert!(body.bytes().starts_with(b"{"), "{body:?}");
}

#[tokio::test]
async fn the_applications_own_http_client_carries_every_request() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/login"))
        .and(header("x-from", "my-client"))
        .respond_with(token("tok-1"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/users/1"))
        .and(header("x-from", "my-client"))
        .and(bearer_token("tok-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "1"})))
        .expect(1)
        .mount(&server)
        .await;
    looker_sdk::install_crypto_provider();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "x-from",
        reqwest::header::HeaderValue::from_static("my-client"),
    );
    let client = reqwest::Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client");
    let settings = settings(&server).http_client(client);
    assert!(settings.has_http_client());
    let user = sdk_with(settings).user("1").await;
    assert!(user.is_ok(), "{user:?}");
    let seen = received(&server, "/api/4.0/users/1").await;
    let agent = seen[0]
        .headers
        .get("user-agent")
        .map(|v| v.to_str().unwrap_or_default().to_owned());
    assert!(
        agent
            .as_deref()
            .is_some_and(|a| a.starts_with("looker-sdk-rust/")),
        "{agent:?}"
    );
}
