//! [`Client`]: the client, and [`Client::execute`], the one place where calls go out
//! (logging in, per-call options, retries, the re-login after a 401, tracing).

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::{Bytes, BytesMut};
use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, RETRY_AFTER,
    USER_AGENT,
};
use reqwest::{Method, StatusCode, Url};
use tracing::{Instrument, Span, field};

use super::auth::TokenCache;
use super::call::{Body, Call, Name, Request};
use super::error::{Endpoint, Error, Result};
use super::options::RequestOptions;
use super::query::encode_pairs;
use super::response::RawResponse;
use super::retry::{RetryPolicy, is_retryable_status, parse_retry_after};
use super::settings::ApiSettings;
use super::stream::BodyStream;

/// The header that carries the agent tag; Looker records it with each call.
const X_LOOKER_APPID: HeaderName = HeaderName::from_static("x-looker-appid");

/// At most this much of an error response's body is read (and kept in [`Error::Api`]).
const MAX_ERROR_BODY: usize = 1 << 20;

/// Awaits `$future` within `$span` (a [`Span`]), through tracing's `Instrumented` wrapper only
/// when the span is enabled: entering a disabled span does nothing, but the wrapper costs about
/// 1% of a request. A macro, as an `async fn` taking the future would hold it twice.
macro_rules! in_span {
    ($span:expr, $future:expr) => {{
        let future = $future;
        if $span.is_disabled() {
            future.await
        } else {
            future.instrument($span.clone()).await
        }
    }};
}

/// What a generated SDK tells the runtime about the API it was generated for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiInfo {
    /// The API version the SDK calls: requests go to `{base_url}/api/{api_version}`.
    pub api_version: &'static str,
    /// The Looker release whose spec the SDK was generated from (sent in the agent tag).
    pub looker_release: &'static str,
    /// The SDK's name and version, sent as `User-Agent` (`looker-sdk-rust/26.12.3`).
    pub user_agent: &'static str,
}

/// A generated SDK type (such as `looker_sdk::LookerSdk`): a [`Client`] for one API, with one
/// method per operation. The runtime builds it where it makes a client itself
/// ([`OAuthFlow::client`](crate::OAuthFlow::client)).
pub trait Sdk: From<Client> {
    /// The API this SDK was generated for.
    const API: ApiInfo;
}

/// A client for one Looker instance: what a generated SDK type such as `looker_sdk::LookerSdk`
/// wraps, and what its session methods (sudo, ending a session, settings) are on.
///
/// Cheap to clone: clones share one connection pool and one access token (a clone is one
/// reference count). It logs in by itself on the first call that needs it, and again when the
/// token expires.
///
/// ```no_run
/// # async fn run() -> looker_sdk::Result<()> {
/// use looker_sdk::{ApiSettings, LookerSdk};
///
/// let sdk = LookerSdk::new(ApiSettings::new("https://example.looker.com:19999", "id", "secret"))?;
/// let me = sdk.user("42").fields("id,email").await?;
/// # let _ = me;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    api: ApiInfo,
    /// `{base_url}/api/{version}`, without a trailing slash, parsed once: each call's URL is this
    /// one with its path and query set, so the scheme and host are not parsed again per call.
    api_base: Url,
    settings: ApiSettings,
    /// The client's agent tag, sent as `x-looker-appid`.
    agent_tag: HeaderValue,
    token: TokenCache,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("api_url", &self.api_url())
            .field("settings", &self.inner.settings)
            .finish_non_exhaustive()
    }
}

/// The options of a call that was given none.
static NO_OPTIONS: RequestOptions = RequestOptions::new();

/// What one call uses of the client's settings and its own options.
struct Plan {
    timeout: Duration,
    retry: Option<RetryPolicy>,
    /// The policy for a connection that could not be made: any method, since nothing was sent.
    connect_retry: Option<RetryPolicy>,
}

/// How a successful response's body is handed back.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Delivery {
    /// Read whole, within the call's time limit.
    Whole,
    /// Streamed: the time limit covers receiving the headers, then each wait for a chunk.
    Streamed,
}

/// Looker's answer to one try.
enum Answer {
    /// A 2xx response, its body not read yet.
    Success(reqwest::Response),
    /// Any other status, with its body read into `error`.
    Failure {
        status: u16,
        retry_after: Option<Duration>,
        error: Error,
    },
}

impl Client {
    /// Builds a client, checking the settings: a bad or missing base URL or credential, proxy
    /// or agent tag is an [`Error::Config`] here rather than at the first call. Nothing is sent
    /// yet.
    pub fn new(settings: ApiSettings, api: ApiInfo) -> Result<Self> {
        // The base URL is checked first, as it is named first.
        check_base_url(&settings.base_url)?;
        if settings.client_id.trim().is_empty() {
            return Err(Error::Config(
                "client_id is empty or not set (give it in code, in an ini file or in the \
                 environment)"
                    .to_owned(),
            ));
        }
        if settings.client_secret.expose().is_empty() {
            return Err(Error::Config(
                "client_secret is empty or not set (give it in code, in an ini file or in the \
                 environment)"
                    .to_owned(),
            ));
        }
        Self::with_auth(settings, api, TokenCache::default())
    }

    /// Builds a client that authenticates as `token` says (see `auth`), checking every setting
    /// but the API credentials.
    pub(crate) fn with_auth(
        settings: ApiSettings,
        api: ApiInfo,
        token: TokenCache,
    ) -> Result<Self> {
        let api_base = Url::parse(&api_url(&settings.base_url, api.api_version)?)
            .map_err(|e| Error::Config(format!("base_url does not make an API URL ({e})")))?;
        if settings.timeout.is_zero() {
            return Err(Error::Config("timeout must be longer than zero".to_owned()));
        }
        let agent_tag = match &settings.agent_tag {
            Some(tag) => HeaderValue::from_str(tag).map_err(|_| {
                Error::Config("agent_tag is not a valid HTTP header value".to_owned())
            })?,
            None => HeaderValue::from_str(&default_agent_tag(&api)).map_err(|_| {
                Error::Config("the default agent tag is not a valid header value".to_owned())
            })?,
        };
        let http = http_client(&settings, &api)?;
        Ok(Self {
            inner: Arc::new(Inner {
                http,
                api,
                api_base,
                settings,
                agent_tag,
                token,
            }),
        })
    }

    /// A client sharing this one's connections and settings that authenticates as `token` says
    /// (a sudo or OAuth client).
    pub(crate) fn with_token_cache(&self, token: TokenCache) -> Self {
        Self {
            inner: Arc::new(Inner {
                http: self.inner.http.clone(),
                api: self.inner.api,
                api_base: self.inner.api_base.clone(),
                settings: self.inner.settings.clone(),
                agent_tag: self.inner.agent_tag.clone(),
                token,
            }),
        }
    }

    /// The client's authentication: its token and how to renew it.
    pub(crate) fn token_cache(&self) -> &TokenCache {
        &self.inner.token
    }

    /// The HTTP client and agent tag, for OAuth's `/api/token` (outside `{base_url}/api/4.0`).
    pub(crate) fn http(&self) -> (&reqwest::Client, &HeaderValue) {
        (&self.inner.http, &self.inner.agent_tag)
    }

    /// `{base_url}/api/{version}`, without a trailing slash.
    pub(crate) fn api_url(&self) -> &str {
        self.inner.api_base.as_str()
    }

    /// The API this client calls, as its SDK described it.
    pub fn api(&self) -> ApiInfo {
        self.inner.api
    }

    /// The settings this client was built with.
    pub fn settings(&self) -> &ApiSettings {
        &self.inner.settings
    }

    /// Starts building a call to `path`, relative to `{base_url}/api/{version}` and already
    /// percent-encoded (such as `/users/42`). For generated code.
    #[doc(hidden)]
    pub fn call(&self, method: Method, path: String) -> Call {
        Call::new(self.clone(), method, path)
    }

    /// Sends `request` as a call (logging in first if it needs a token, retrying as its policy
    /// says, logging in again once after a 401) and reads the whole response.
    pub(crate) fn execute(
        self,
        request: Request,
    ) -> impl Future<Output = Result<RawResponse>> + Send + 'static {
        self.execute_then(request, Delivery::Whole, |response, _| read_whole(response))
    }

    /// Like [`execute`](Self::execute), but hands back the body of a 2xx response as a stream.
    pub(crate) fn execute_stream(
        self,
        request: Request,
    ) -> impl Future<Output = Result<BodyStream>> + Send + 'static {
        self.execute_then(request, Delivery::Streamed, |response, timeout| {
            std::future::ready(Ok(BodyStream::new(response, timeout)))
        })
    }

    /// Sends `request` as [`execute`](Self::execute) says and hands the 2xx response, with the
    /// call's time limit, to `finish`, all within the call's span.
    ///
    /// The future owns the client, so that callers box it as it is: wrapping it in another
    /// `async move` block, or taking `request` as an `async fn` argument, would keep a second
    /// copy of the request (and of everything the wrapper holds) in every call's future.
    fn execute_then<T, F, Finish>(
        self,
        mut request: Request,
        delivery: Delivery,
        finish: F,
    ) -> impl Future<Output = Result<T>> + Send + 'static
    where
        F: FnOnce(reqwest::Response, Duration) -> Finish + Send + 'static,
        Finish: Future<Output = Result<T>> + Send,
        T: Send + 'static,
    {
        let span = request_span(&request);
        async move {
            let started = (!span.is_disabled()).then(Instant::now);
            let result = match self.plan(&mut request) {
                Err(error) => Err(error),
                Ok(plan) => in_span!(span, async {
                    let response = self.run(&request, &plan, delivery, &span).await?;
                    finish(response, plan.timeout).await
                }),
            };
            finished(&span, started, &result);
            result
        }
    }

    /// Sends `request` once with `authorization` (no login, no retry) and reads the whole
    /// response: for logging in.
    pub(crate) async fn send(
        &self,
        mut request: Request,
        authorization: Option<HeaderValue>,
    ) -> Result<RawResponse> {
        let span = request_span(&request);
        let started = (!span.is_disabled()).then(Instant::now);
        let plan = self.plan(&mut request);
        let result = in_span!(span, async {
            let plan = plan?;
            let answer = self
                .try_once(&request, authorization.as_ref(), &plan, Delivery::Whole)
                .await?;
            span.record("tries", 1);
            match answer {
                Answer::Success(response) => {
                    span.record("status", response.status().as_u16());
                    read_whole(response).await
                }
                Answer::Failure { status, error, .. } => {
                    span.record("status", status);
                    Err(error)
                }
            }
        });
        finished(&span, started, &result);
        result
    }

    /// The time limit and retry policy of one call, or the problem found while
    /// building it (taken out of `request`, which is sent again as it is when retried).
    fn plan(&self, request: &mut Request) -> Result<Plan> {
        if let Some(error) = request.error.take() {
            return Err(*error);
        }
        let options = request.options.as_deref().unwrap_or(&NO_OPTIONS);
        if let Some(message) = &options.invalid {
            return Err(Error::InvalidRequest(message.clone()));
        }
        let timeout = options.timeout.unwrap_or(self.inner.settings.timeout);
        if timeout.is_zero() {
            return Err(Error::InvalidRequest(
                "the timeout must be longer than zero".to_owned(),
            ));
        }
        let policy = options.retry.or(self.inner.settings.retry);
        Ok(Plan {
            timeout,
            retry: policy.filter(|policy| policy.may_repeat(&request.method)),
            connect_retry: policy,
        })
    }

    /// Sends `request` until Looker accepts it, refuses it for good, or the tries run out.
    ///
    /// - A retryable answer (429, 502, 503, 504, or 202 with `Retry-After`) is sent again as
    ///   `plan.retry` allows; when it does not, the last answer is returned (an error, or the 202).
    /// - A connection that cannot be made is tried again under the call's policy whatever the
    ///   method (nothing was sent).
    /// - A 401 on a call made with the cached token drops the token, gets another (logging in
    ///   again) and retries once; a second 401 is returned (this is not a loop). A client that
    ///   cannot renew its token gets the auth module's error for that instead of a retry.
    async fn run(
        &self,
        request: &Request,
        plan: &Plan,
        delivery: Delivery,
        span: &Span,
    ) -> Result<reqwest::Response> {
        let mut tries: u32 = 0;
        let mut renewed = false;
        loop {
            tries += 1;
            let authorization = if request.auth {
                Some(self.inner.token.header(self).await?)
            } else {
                None
            };
            let answer = self
                .try_once(request, authorization.as_ref(), plan, delivery)
                .await;
            span.record("tries", tries);
            // The policy that may send the request again, the wait the server asks for, and
            // what to hand back if it is not sent again.
            let (policy, retry_after, outcome) = match answer {
                Err(error) if is_connection_failure(&error) => {
                    // Nothing reached Looker: any method may be sent again.
                    (plan.connect_retry, None, Err(error))
                }
                Err(error) => return Err(error),
                Ok(Answer::Success(response)) => {
                    let status = response.status();
                    span.record("status", status.as_u16());
                    if status != StatusCode::ACCEPTED {
                        return Ok(response);
                    }
                    let retry_after = retry_after_of(response.headers());
                    if retry_after.is_none() {
                        return Ok(response);
                    }
                    (plan.retry, retry_after, Ok(response))
                }
                Ok(Answer::Failure {
                    status,
                    retry_after,
                    error,
                }) => {
                    span.record("status", status);
                    if status == 401 {
                        if let Some(header) = &authorization {
                            // Looker no longer accepts this token (logged out, or revoked).
                            self.inner.token.forget(header).await;
                            // A client that cannot get a new token (one built from a token
                            // alone) fails in `header` with a clear error, sending nothing.
                            if !renewed {
                                renewed = true;
                                tracing::debug!("401 with the cached token: logging in again");
                                continue;
                            }
                        }
                        return Err(error);
                    }
                    if !is_retryable_status(status, retry_after.is_some()) {
                        return Err(error);
                    }
                    (plan.retry, retry_after, Err(error))
                }
            };
            // The retry after a 401 does not count against the policy's tries.
            let counted = tries - u32::from(renewed);
            let Some(delay) = policy.and_then(|policy| policy.delay(counted, retry_after)) else {
                return outcome;
            };
            tracing::debug!(
                tries,
                delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                "retrying"
            );
            drop(outcome);
            tokio::time::sleep(delay).await;
        }
    }

    /// Sends `request` once and reads the body of a non-2xx answer. Transport failures and
    /// timeouts are errors; Looker's answers, whatever their status, are [`Answer`]s.
    async fn try_once(
        &self,
        request: &Request,
        authorization: Option<&HeaderValue>,
        plan: &Plan,
        delivery: Delivery,
    ) -> Result<Answer> {
        let mut http_request = self.http_request(request, authorization)?;
        if delivery == Delivery::Whole {
            // reqwest's total timeout also covers reading the body later.
            *http_request.timeout_mut() = Some(plan.timeout);
        }
        let sending = self.inner.http.execute(http_request);
        let exchange = async {
            let response = sending.await.map_err(transport_error)?;
            let status = response.status();
            if status.is_success() {
                return Ok(Answer::Success(response));
            }
            let retry_after = retry_after_of(response.headers());
            // Boxed: an error's body is read far less often than a call is made, and its future
            // would otherwise be part of every call's.
            let raw = Box::pin(read_capped(response, MAX_ERROR_BODY)).await?;
            tracing::debug!(
                status = status.as_u16(),
                bytes = raw.len(),
                "error response"
            );
            Ok(Answer::Failure {
                status: status.as_u16(),
                retry_after,
                error: Error::api(
                    status.as_u16(),
                    raw,
                    Some(Endpoint::new(
                        request.operation,
                        request.method.clone(),
                        request.path.as_str(),
                    )),
                ),
            })
        };
        match delivery {
            Delivery::Whole => exchange.await,
            Delivery::Streamed => tokio::time::timeout(plan.timeout, exchange)
                .await
                .unwrap_or(Err(Error::Timeout)),
        }
    }

    /// The HTTP request for one try. Headers are set in this order, later replacing earlier
    /// ones of the same name: agent tag, `Accept`, `Content-Type`, header parameters, per-call
    /// headers, `Authorization`.
    ///
    /// Built as a `reqwest::Request` rather than through its builder, so that the header map is
    /// moved in rather than merged into an empty one header by header.
    fn http_request(
        &self,
        request: &Request,
        authorization: Option<&HeaderValue>,
    ) -> Result<reqwest::Request> {
        let url = self.url(&request.path, &request.query)?;
        let options = request.options.as_deref().unwrap_or(&NO_OPTIONS);
        // Room for every header set here, so the map never grows.
        let mut headers =
            HeaderMap::with_capacity(4 + request.headers.len() + options.headers.len());
        let agent_tag = options.agent_tag.as_ref().unwrap_or(&self.inner.agent_tag);
        headers.insert(X_LOOKER_APPID, agent_tag.clone());
        if self.inner.settings.http_client.is_some()
            && let Ok(agent) = HeaderValue::from_str(self.inner.api.user_agent)
        {
            // The application's client has no User-Agent of the SDK's.
            headers.insert(USER_AGENT, agent);
        }
        if let Some(accept) = request.accept {
            headers.insert(ACCEPT, HeaderValue::from_static(accept));
        }
        let content_type = match &request.body {
            Body::None => None,
            Body::Json(_) => Some("application/json"),
            Body::Text(_) => Some("text/plain; charset=utf-8"),
            Body::Form(_) => Some("application/x-www-form-urlencoded"),
        };
        if let Some(content_type) = content_type {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        }
        for (name, value) in &request.headers {
            let invalid = || Error::InvalidRequest(format!("invalid value for header `{name}`"));
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
            let value = HeaderValue::from_str(value).map_err(|_| invalid())?;
            headers.insert(name, value);
        }
        for (name, value) in &options.headers {
            headers.insert(name.clone(), value.clone());
        }
        if let Some(authorization) = authorization {
            headers.insert(AUTHORIZATION, authorization.clone());
        }
        let mut http_request = reqwest::Request::new(request.method.clone(), url);
        *http_request.headers_mut() = headers;
        *http_request.body_mut() = match &request.body {
            Body::None => None,
            Body::Json(json) => Some(json.clone().into()),
            Body::Text(text) => Some(text.clone().into()),
            Body::Form(fields) => Some(encode_pairs(fields).into()),
        };
        Ok(http_request)
    }

    /// `{api_url}{path}?{query}`, refusing paths that URL normalization would change.
    fn url(&self, path: &str, query: &[(Name, String)]) -> Result<Url> {
        check_path(path)?;
        let base = &self.inner.api_base;
        let mut url = base.clone();
        let mut full_path = String::with_capacity(base.path().len() + path.len());
        full_path.push_str(base.path());
        full_path.push_str(path);
        url.set_path(&full_path);
        if !query.is_empty() {
            url.set_query(Some(&encode_pairs(query)));
        }
        Ok(url)
    }
}

/// The `looker_request` tracing span of one call: its method and path (never query values,
/// bodies or headers), and later its final status, number of tries and duration.
fn request_span(request: &Request) -> Span {
    tracing::debug_span!(
        "looker_request",
        method = %request.method,
        path = %request.path,
        status = field::Empty,
        tries = field::Empty,
        duration_ms = field::Empty,
    )
}

/// Records the duration and outcome of a call that ran in `span` since `started` (`None` when
/// the span is disabled: nobody listens, so the clock is not read).
///
/// The calls build their futures in place and instrument them, rather than handing them to a
/// generic wrapper: an `async fn` taking a future keeps a second copy of it, which doubled the
/// size of every call's future.
fn finished<T>(span: &Span, started: Option<Instant>, result: &Result<T>) {
    let Some(started) = started else {
        return;
    };
    let elapsed = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    span.record("duration_ms", elapsed);
    span.in_scope(|| match result {
        Ok(_) => tracing::debug!("done"),
        Err(error) => tracing::debug!(%error, "failed"),
    });
}

/// Whether `error` means the connection to Looker could not be made, so that the request was
/// not sent.
fn is_connection_failure(error: &Error) -> bool {
    matches!(error, Error::Transport(e) if e.is_connect())
}

/// Reads the whole body of a successful response (not an `async fn`, which would keep a second
/// copy of the response in its future).
fn read_whole(mut response: reqwest::Response) -> impl Future<Output = Result<RawResponse>> {
    let status = response.status().as_u16();
    // Taken, not cloned: reading the body needs no headers.
    let headers = std::mem::take(response.headers_mut());
    async move {
        let body = response.bytes().await.map_err(transport_error)?;
        tracing::debug!(bytes = body.len(), "response body read");
        Ok(RawResponse {
            status,
            headers,
            body,
        })
    }
}

/// Reads at most `limit` bytes of a response's body.
async fn read_capped(mut response: reqwest::Response, limit: usize) -> Result<Bytes> {
    let mut body = BytesMut::new();
    while body.len() < limit {
        match response.chunk().await.map_err(transport_error)? {
            Some(chunk) => body.extend_from_slice(&chunk[..chunk.len().min(limit - body.len())]),
            None => break,
        }
    }
    Ok(body.freeze())
}

/// The wait a `Retry-After` header asks for, if the response has a valid one.
fn retry_after_of(headers: &HeaderMap) -> Option<Duration> {
    parse_retry_after(headers.get(RETRY_AFTER)?, SystemTime::now())
}

/// `looker-sdk-rust/<SDK version> looker/<Looker release>`.
fn default_agent_tag(api: &ApiInfo) -> String {
    format!("{} looker/{}", api.user_agent, api.looker_release)
}

/// The HTTP client: the application's own, or one built from the settings (TLS verification,
/// proxy, no redirects). Time limits are set per request.
fn http_client(settings: &ApiSettings, api: &ApiInfo) -> Result<reqwest::Client> {
    if let Some(client) = &settings.http_client {
        // The application's own: its TLS, proxy and redirect setup are its business.
        return Ok(client.clone());
    }
    settings
        .http_client_builder()?
        .user_agent(api.user_agent)
        .build()
        .map_err(Error::Transport)
}

/// Maps a reqwest error, dropping the URL's query (it may hold user data) from its message.
pub(crate) fn transport_error(mut error: reqwest::Error) -> Error {
    if error.is_timeout() {
        return Error::Timeout;
    }
    if let Some(url) = error.url_mut() {
        url.set_query(None);
    }
    Error::Transport(error)
}

/// Makes *ring* the process's rustls crypto provider with the `rustls-ring` feature, unless one
/// is installed already; does nothing otherwise.
///
/// With the default `rustls` feature, reqwest brings rustls on aws-lc-rs, rustls's own default
/// provider, and uses it for every client, the application's own included: there is nothing to
/// install. With `rustls-ring` (and not `rustls`), reqwest is built without a provider of its
/// own, and Cargo builds one reqwest for the whole program: a `reqwest::Client` that the
/// application builds itself would panic ("No rustls crypto provider is configured") unless a
/// provider is installed. Every client of this crate installs *ring* first, so only a program
/// that builds its own reqwest client before any SDK client needs to call this. Calling it
/// again, or after the application installed another provider, does nothing.
///
/// ```
/// looker_sdk_rtl::install_crypto_provider();
/// let http = reqwest::Client::builder().build();
/// assert!(http.is_ok());
/// ```
pub fn install_crypto_provider() {
    #[cfg(all(feature = "rustls-ring", not(feature = "rustls")))]
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // rustls 0.23.48 deprecates *ring* for its lack of post-quantum key exchange; it is
        // still the provider this feature asks for, and the default feature does not use it.
        #[allow(deprecated)]
        let provider = rustls::crypto::ring::default_provider();
        // Losing a race with another thread that installed one is fine: one is installed.
        let _ = provider.install_default();
    }
}

/// Checks `base_url` and returns `{base_url}/api/{api_version}`.
pub(crate) fn api_url(base_url: &str, api_version: &str) -> Result<String> {
    let base = check_base_url(base_url)?;
    let base = base.as_str().trim_end_matches('/');
    let api_path = format!("/api/{api_version}");
    if base.ends_with(&api_path) {
        Ok(base.to_owned())
    } else {
        Ok(format!("{base}{api_path}"))
    }
}

/// Checks `base_url`: an absolute `http(s)` URL with a host and no credentials, query or
/// fragment.
pub(crate) fn check_base_url(base_url: &str) -> Result<Url> {
    let config = |message: &str| Error::Config(format!("base_url {message}"));
    let base_url = base_url.trim();
    if base_url.is_empty() {
        return Err(config("is empty"));
    }
    // The parse error names the problem without echoing the URL (which may hold credentials).
    let url = Url::parse(base_url).map_err(|e| {
        config(&format!(
            "is not an absolute URL such as https://example.looker.com:19999 ({e})"
        ))
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(config("must start with https:// or http://"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(config("has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(config("must not contain credentials"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(config("must not have a query or fragment"));
    }
    Ok(url)
}

/// Refuses a path with an empty, `.` or `..` segment (such as `/users/` from an empty user id),
/// which would reach a different endpoint than intended.
fn check_path(path: &str) -> Result<()> {
    let Some(relative) = path.strip_prefix('/') else {
        return Err(Error::InvalidRequest(format!(
            "path `{path}` does not start with `/`"
        )));
    };
    for segment in relative.split('/') {
        if segment.is_empty() || is_dot_segment(segment) {
            return Err(Error::InvalidRequest(format!(
                "path `{path}` has an empty or dot segment (is a path parameter empty?)"
            )));
        }
    }
    Ok(())
}

/// Whether `segment` is `.` or `..`, with each dot perhaps percent-encoded (`%2e`, `%2E`): what
/// URL normalization would resolve away. Checked without allocating, as on every call.
fn is_dot_segment(segment: &str) -> bool {
    let mut rest = segment.as_bytes();
    let mut dots = 0;
    while !rest.is_empty() {
        rest = match rest {
            [b'.', tail @ ..] => tail,
            [b'%', b'2', b'e' | b'E', tail @ ..] => tail,
            _ => return false,
        };
        dots += 1;
    }
    dots == 1 || dots == 2
}

/// The SDK type of the runtime's own tests.
#[cfg(test)]
pub(crate) struct TestSdk(#[allow(dead_code)] pub(crate) Client);

#[cfg(test)]
impl From<Client> for TestSdk {
    fn from(client: Client) -> Self {
        Self(client)
    }
}

#[cfg(test)]
impl Sdk for TestSdk {
    const API: ApiInfo = TEST_API;
}

/// The API the runtime's own tests call.
#[cfg(test)]
pub(crate) const TEST_API: ApiInfo = ApiInfo {
    api_version: "4.0",
    looker_release: "26.12",
    user_agent: "looker-sdk-rust/test",
};

#[cfg(test)]
mod tests {
    use super::*;

    fn config_error(base_url: &str, id: &str, secret: &str) -> String {
        match Client::new(ApiSettings::new(base_url, id, secret), TEST_API) {
            Err(Error::Config(message)) => message,
            other => panic!("expected a config error, got {other:?}"),
        }
    }

    #[test]
    fn client_and_errors_can_cross_threads() {
        fn assert_send_sync<T: Send + Sync + 'static>() {}
        assert_send_sync::<Client>();
        assert_send_sync::<Error>();
    }

    #[test]
    fn api_url_appends_the_api_path() -> Result<()> {
        assert_eq!(
            api_url("https://x:19999", "4.0")?,
            "https://x:19999/api/4.0"
        );
        assert_eq!(
            api_url("https://x:19999/", "4.0")?,
            "https://x:19999/api/4.0"
        );
        assert_eq!(
            api_url(" https://x/looker/ ", "4.0")?,
            "https://x/looker/api/4.0"
        );
        assert_eq!(api_url("https://x/api/4.0/", "4.0")?, "https://x/api/4.0");
        // The client keeps it parsed and shows it as parsed: the same text.
        for base in [
            "https://x:443",
            "https://X.example.com/a%20b/",
            "http://x:80/looker",
        ] {
            let text = api_url(base, "4.0")?;
            assert_eq!(
                Url::parse(&text).map(String::from).as_deref(),
                Ok(text.as_str())
            );
        }
        Ok(())
    }

    #[test]
    fn bad_settings_are_config_errors_naming_the_setting() {
        assert!(config_error("", "id", "secret").contains("base_url"));
        assert!(config_error("example.com", "id", "secret").contains("base_url"));
        assert!(config_error("ftp://example.com", "id", "secret").contains("base_url"));
        assert!(config_error("https://example.com?a=b", "id", "secret").contains("base_url"));
        let message = config_error("https://me:hunter2@example.com", "id", "secret");
        assert!(
            message.contains("base_url") && !message.contains("hunter2"),
            "{message}"
        );
        assert!(config_error("https://x", " ", "secret").contains("client_id"));
        assert!(config_error("https://x", "id", "").contains("client_secret"));
        let zero = ApiSettings::new("https://x", "id", "s").timeout(std::time::Duration::ZERO);
        assert!(
            matches!(Client::new(zero, TEST_API), Err(Error::Config(m)) if m.contains("timeout"))
        );
    }

    #[test]
    fn debug_of_the_client_hides_the_secret() -> Result<()> {
        let sdk = Client::new(
            ApiSettings::new("https://x", "the-id", "hunter2-secret"),
            TEST_API,
        )?;
        let debug = format!("{sdk:?}");
        assert!(
            debug.contains("the-id") && !debug.contains("hunter2"),
            "{debug}"
        );
        Ok(())
    }

    #[test]
    fn paths_that_normalization_would_change_are_refused() {
        assert!(check_path("/users/42").is_ok());
        assert!(check_path("/users/a%2Fb/x").is_ok());
        assert!(check_path("/users/...").is_ok());
        assert!(check_path("/users/%2e%2e%2e/.a/%2ex/a.").is_ok());
        for bad in [
            "/users/",
            "/users//x",
            "/users/.",
            "/users/..",
            "/users/%2E%2e",
            "/users/%2e/x",
            "/users/.%2E",
            "users",
        ] {
            assert!(
                matches!(check_path(bad), Err(Error::InvalidRequest(_))),
                "{bad} was accepted"
            );
        }
    }

    #[test]
    fn a_calls_future_stays_small() {
        // Every call's future is built on the stack and moved into a box: each of its bytes is
        // copied on every call, and the time shows in the per-request benchmark. Logging in (a
        // whole request of its own) once made it 11 KB; reading an error's body in place,
        // taking the request as an `async fn` argument (kept twice) and wrapping the future in
        // another `async` block made it 2.9 KB. Boxed where they are rare (with the request's
        // options and building error), it is 1.4 KB.
        let client = Client::new(ApiSettings::new("https://x", "id", "s"), TEST_API)
            .expect("valid settings");
        let request = client
            .call(Method::GET, "/users/1".to_owned())
            .into_request();
        let future = client.clone().execute(request);
        let size = std::mem::size_of_val(&future);
        assert!(size <= 1536, "the future of a call is {size} bytes");
        // What callers get boxes that future once, rather than holding it again in a block.
        let empty = client.call(Method::DELETE, "/users/1".to_owned()).empty();
        let size = std::mem::size_of_val(&*empty);
        assert!(size <= 64, "the future of `empty` is {size} bytes");
    }
}
