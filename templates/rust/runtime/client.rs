//! [`LookerSdk`]: the client, and [`LookerSdk::send`], the one place where requests go out.

use std::fmt;
use std::sync::Arc;
use std::time::Instant;

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderName, HeaderValue};
use reqwest::{Method, Url};
use tracing::Instrument;

use super::auth::TokenCache;
use super::call::{Body, Call, Request};
use super::error::{Error, Result};
use super::query::encode_pairs;
use super::response::RawResponse;
use super::settings::ApiSettings;

/// The API version this SDK speaks; appended to the base URL.
const API_PATH: &str = "/api/4.0";

/// Sent as `User-Agent`.
const USER_AGENT: &str = concat!("looker-sdk-rust/", env!("CARGO_PKG_VERSION"));

/// A client for one Looker instance.
///
/// Cheap to clone: clones share one connection pool and one access token. It logs in by itself
/// on the first call that needs it, and again when the token expires.
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
pub struct LookerSdk {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// `{base_url}/api/4.0`, without a trailing slash.
    api_url: String,
    settings: ApiSettings,
    token: TokenCache,
}

impl fmt::Debug for LookerSdk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LookerSdk")
            .field("api_url", &self.inner.api_url)
            .field("settings", &self.inner.settings)
            .finish_non_exhaustive()
    }
}

impl LookerSdk {
    /// Builds a client, checking the settings: a bad or missing base URL or credential is an
    /// [`Error::Config`] here rather than at the first call. Nothing is sent yet.
    pub fn new(settings: ApiSettings) -> Result<Self> {
        let api_url = api_url(&settings.base_url)?;
        if settings.client_id.trim().is_empty() {
            return Err(Error::Config("client_id is empty".to_owned()));
        }
        if settings.client_secret.expose().is_empty() {
            return Err(Error::Config("client_secret is empty".to_owned()));
        }
        if settings.timeout.is_zero() {
            return Err(Error::Config("timeout must be longer than zero".to_owned()));
        }
        let http = reqwest::Client::builder()
            .timeout(settings.timeout)
            .user_agent(USER_AGENT)
            // A redirect would resend the login form (with the client secret) elsewhere; Looker's
            // API does not redirect, so a 3xx is reported as an `Error::Api` instead.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(Error::Transport)?;
        Ok(Self {
            inner: Arc::new(Inner {
                http,
                api_url,
                settings,
                token: TokenCache::default(),
            }),
        })
    }

    /// The settings this client was built with.
    pub fn settings(&self) -> &ApiSettings {
        &self.inner.settings
    }

    /// Starts building a call to `path`, relative to `{base_url}/api/4.0` and already
    /// percent-encoded (such as `/users/42`).
    pub(crate) fn call(&self, method: Method, path: String) -> Call<'_> {
        Call::new(self, method, path)
    }

    /// Sends `request`, logging in first if it needs a token.
    pub(crate) async fn execute(&self, request: Request) -> Result<RawResponse> {
        if !request.auth {
            return self.send(request, None).await;
        }
        let header = self.inner.token.header(self).await?;
        let result = self.send(request, Some(header.clone())).await;
        if let Err(Error::Api { status: 401, .. }) = result {
            // Looker no longer accepts this token (logged out, or revoked): log in next time.
            self.inner.token.forget(&header).await;
        }
        result
    }

    /// Sends one request and reads the whole response: every request goes out here.
    ///
    /// Logs method, path and status at debug level; never query values, bodies or tokens.
    pub(crate) async fn send(
        &self,
        request: Request,
        authorization: Option<HeaderValue>,
    ) -> Result<RawResponse> {
        let Request {
            method,
            path,
            query,
            headers,
            body,
            auth: _,
            accept,
            error,
        } = request;
        if let Some(error) = error {
            return Err(error);
        }
        let url = self.url(&path, &query)?;
        let span = tracing::debug_span!("looker_request", method = %method, path = %path);
        let mut builder = self.inner.http.request(method, url);
        for (name, value) in headers {
            let invalid = || Error::InvalidRequest(format!("invalid value for header `{name}`"));
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
            let value = HeaderValue::try_from(value).map_err(|_| invalid())?;
            builder = builder.header(name, value);
        }
        if let Some(authorization) = authorization {
            builder = builder.header(AUTHORIZATION, authorization);
        }
        if let Some(accept) = accept {
            builder = builder.header(ACCEPT, accept);
        }
        builder = match body {
            Body::None => builder,
            Body::Json(json) => builder.header(CONTENT_TYPE, "application/json").body(json),
            Body::Text(text) => builder
                .header(CONTENT_TYPE, "text/plain; charset=utf-8")
                .body(text),
            Body::Form(fields) => builder
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(encode_pairs(&fields)),
        };
        async move {
            let started = Instant::now();
            let response = builder.send().await.map_err(transport_error)?;
            let status = response.status();
            let content_type = response
                .headers()
                .get(CONTENT_TYPE)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned);
            let body = response.bytes().await.map_err(transport_error)?;
            tracing::debug!(
                status = status.as_u16(),
                bytes = body.len(),
                elapsed = ?started.elapsed(),
                "response"
            );
            if !status.is_success() {
                return Err(Error::api(status.as_u16(), body));
            }
            Ok(RawResponse { content_type, body })
        }
        .instrument(span)
        .await
    }

    /// `{api_url}{path}?{query}`, refusing paths that URL normalization would change.
    fn url(&self, path: &str, query: &[(&'static str, String)]) -> Result<Url> {
        check_path(path)?;
        let mut url = format!("{}{path}", self.inner.api_url);
        if !query.is_empty() {
            url.push('?');
            url.push_str(&encode_pairs(query));
        }
        Url::parse(&url).map_err(|e| Error::InvalidRequest(format!("bad URL for `{path}`: {e}")))
    }
}

/// Maps a reqwest error, dropping the URL's query (it may hold user data) from its message.
fn transport_error(mut error: reqwest::Error) -> Error {
    if error.is_timeout() {
        return Error::Timeout;
    }
    if let Some(url) = error.url_mut() {
        url.set_query(None);
    }
    Error::Transport(error)
}

/// Checks `base_url` and returns `{base_url}/api/4.0`.
fn api_url(base_url: &str) -> Result<String> {
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
    let base = url.as_str().trim_end_matches('/');
    if base.ends_with(API_PATH) {
        Ok(base.to_owned())
    } else {
        Ok(format!("{base}{API_PATH}"))
    }
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
        let dots = segment.to_ascii_lowercase().replace("%2e", ".");
        if segment.is_empty() || dots == "." || dots == ".." {
            return Err(Error::InvalidRequest(format!(
                "path `{path}` has an empty or dot segment (is a path parameter empty?)"
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config_error(base_url: &str, id: &str, secret: &str) -> String {
        match LookerSdk::new(ApiSettings::new(base_url, id, secret)) {
            Err(Error::Config(message)) => message,
            other => panic!("expected a config error, got {other:?}"),
        }
    }

    #[test]
    fn client_and_errors_can_cross_threads() {
        fn assert_send_sync<T: Send + Sync + 'static>() {}
        assert_send_sync::<LookerSdk>();
        assert_send_sync::<Error>();
    }

    #[test]
    fn api_url_appends_the_api_path() -> Result<()> {
        assert_eq!(api_url("https://x:19999")?, "https://x:19999/api/4.0");
        assert_eq!(api_url("https://x:19999/")?, "https://x:19999/api/4.0");
        assert_eq!(api_url(" https://x/looker/ ")?, "https://x/looker/api/4.0");
        assert_eq!(api_url("https://x/api/4.0/")?, "https://x/api/4.0");
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
        assert!(matches!(LookerSdk::new(zero), Err(Error::Config(m)) if m.contains("timeout")));
    }

    #[test]
    fn debug_of_the_client_hides_the_secret() -> Result<()> {
        let sdk = LookerSdk::new(ApiSettings::new("https://x", "the-id", "hunter2-secret"))?;
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
        for bad in [
            "/users/",
            "/users//x",
            "/users/.",
            "/users/..",
            "/users/%2E%2e",
            "users",
        ] {
            assert!(
                matches!(check_path(bad), Err(Error::InvalidRequest(_))),
                "{bad} was accepted"
            );
        }
    }
}
