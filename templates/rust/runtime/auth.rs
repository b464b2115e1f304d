//! Authentication: logging in with the API key and keeping the access token until it expires.

use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::Method;
use reqwest::header::HeaderValue;
use serde::Deserialize;
use tokio::sync::Mutex;

use super::client::LookerSdk;
use super::error::{Error, Result};

/// A token is treated as expired this long before Looker says it expires.
const EXPIRY_MARGIN: Duration = Duration::from_secs(10);

/// Tokens are kept at most this long, whatever `expires_in` says.
const MAX_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// The current access token, shared by all clones of a [`LookerSdk`].
#[derive(Default)]
pub(crate) struct TokenCache {
    /// Held while logging in, so concurrent first calls cause one login.
    slot: Mutex<Option<Token>>,
}

/// An access token as a ready `Authorization` header (marked sensitive, so its `Debug` hides it).
struct Token {
    header: HeaderValue,
    expires_at: Instant,
}

/// Looker's login response (`AccessToken`). No `Debug`: it holds the token.
#[derive(Deserialize)]
struct LoginResponse {
    access_token: String,
    #[serde(deserialize_with = "super::de::lenient_i64")]
    expires_in: Option<i64>,
}

impl TokenCache {
    /// The `Authorization` header for a call, logging in first if there is no unexpired token.
    pub(crate) async fn header(&self, sdk: &LookerSdk) -> Result<HeaderValue> {
        let mut slot = self.slot.lock().await;
        let now = Instant::now();
        if let Some(token) = slot.as_ref().filter(|token| now < token.expires_at) {
            return Ok(token.header.clone());
        }
        let token = login(sdk).await?;
        let header = token.header.clone();
        *slot = Some(token);
        Ok(header)
    }

    /// Drops the cached token if it is still `header` (after Looker rejected it), so that the
    /// next call logs in again.
    pub(crate) async fn forget(&self, header: &HeaderValue) {
        let mut slot = self.slot.lock().await;
        if slot.as_ref().is_some_and(|token| token.header == *header) {
            *slot = None;
        }
    }
}

impl std::fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenCache(***)")
    }
}

/// Logs in with the API key, sending the credentials in a form body (never in the URL).
async fn login(sdk: &LookerSdk) -> Result<Token> {
    let started = Instant::now();
    let settings = sdk.settings();
    let mut call = sdk.call(Method::POST, "/login".to_owned());
    call.without_auth();
    call.form_field("client_id", settings.client_id.clone());
    call.form_field("client_secret", settings.client_secret.expose().to_owned());
    let response = sdk.send(call.into_request(), None).await?;
    // The body holds the token: errors must not carry it, nor serde's message quoting it.
    let invalid = |message: &str| Error::Decode {
        path: ".".to_owned(),
        message: message.to_owned(),
        body: Bytes::new(),
    };
    let login: LoginResponse = serde_json::from_slice(&response.body)
        .map_err(|_| invalid("the login response is not an access token"))?;
    let mut header = HeaderValue::try_from(format!("Bearer {}", login.access_token))
        .map_err(|_| invalid("the access token is not a valid header value"))?;
    header.set_sensitive(true);
    let lifetime = Duration::from_secs(u64::try_from(login.expires_in.unwrap_or(0)).unwrap_or(0))
        .min(MAX_LIFETIME)
        .saturating_sub(EXPIRY_MARGIN);
    let expires_at = started.checked_add(lifetime).unwrap_or(started);
    Ok(Token { header, expires_at })
}
