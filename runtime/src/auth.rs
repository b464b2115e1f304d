//! Authentication: where a client's access token comes from, how long it is kept, and how it is
//! renewed.
//!
//! Four kinds of client share one mechanism, [`TokenCache`]:
//!
//! - API credentials ([`Client::new`]): logs in with the client id and secret on the first call
//!   and again when the token expires or is rejected.
//! - Sudo ([`Client::sudo`]): a token for another user, obtained (and renewed) through the
//!   admin client with `POST /login/{user_id}`.
//! - A token from elsewhere ([`Client::from_access_token`]): never logs in; when the token
//!   expires or is rejected, calls fail with [`Error::TokenExpired`].
//! - OAuth ([`OAuthFlow::client`](crate::OAuthFlow::client)): renews the token with its refresh
//!   token, if it has one.
//!
//! The token is held as an `Authorization` header value marked sensitive, and every type that
//! holds a token or secret prints `***` in its place.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::Method;
use reqwest::header::HeaderValue;
use serde::Deserialize;
use tokio::sync::Mutex;

use super::client::{ApiInfo, Client};
use super::error::{Error, Result};
use super::oauth::{self, OAuthApp};
use super::query::path_segment;
use super::settings::{ApiSettings, Secret};

/// A token is treated as expired this long before it expires.
const EXPIRY_MARGIN: Duration = Duration::from_secs(10);

/// Tokens from Looker are kept at most this long, whatever `expires_in` says.
const MAX_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// Why a client that cannot renew its token has none (the message of [`Error::TokenExpired`]).
const GIVEN_EXPIRED: &str = "the access token expired, and a client built from a token alone \
                             cannot obtain a new one";
const GIVEN_REJECTED: &str = "Looker rejected the access token (HTTP 401), and a client built \
                              from a token alone cannot obtain a new one";
const OAUTH_EXPIRED: &str = "the OAuth access token expired or was rejected, and there is no \
                             refresh token to renew it";
const OAUTH_REFUSED: &str = "Looker refused the OAuth refresh token; sign in again";
const SESSION_ENDED: &str = "this client's session was ended with end_session";

/// An access token, with its expiry and (from OAuth) its refresh token.
///
/// `Debug` shows `***` instead of the tokens, and there is no `Display`. Build one from a token
/// your application obtained elsewhere (from its server, or an embed session's `api_token`) to
/// create a client with [`Client::from_access_token`]; [`Client::sudo_token`] and
/// [`OAuthFlow`](crate::OAuthFlow) return them.
///
/// ```
/// use std::time::Duration;
/// use looker_sdk_rtl::AuthToken;
///
/// let token = AuthToken::new("the-token").expires_in(Duration::from_secs(3600));
/// assert!(!format!("{token:?}").contains("the-token"));
/// assert!(!token.is_expired());
/// ```
#[derive(Clone)]
pub struct AuthToken {
    access_token: Secret,
    expires_at: Option<Instant>,
    refresh_token: Option<Secret>,
}

impl AuthToken {
    /// An access token whose expiry is unknown: a client using it sends it until Looker rejects
    /// it.
    pub fn new(access_token: impl Into<String>) -> Self {
        Self {
            access_token: Secret::new(access_token.into()),
            expires_at: None,
            refresh_token: None,
        }
    }

    /// Sets the token to expire `lifetime` from now (Looker's `expires_in`, or an embed session's
    /// `api_token_ttl`). A client stops using it a few seconds before that.
    pub fn expires_in(mut self, lifetime: Duration) -> Self {
        let now = Instant::now();
        self.expires_at = Some(now.checked_add(lifetime).unwrap_or(now));
        self
    }

    /// Adds an OAuth refresh token, with which a client from
    /// [`OAuthFlow::client`](crate::OAuthFlow::client) renews the access token.
    pub fn with_refresh_token(mut self, refresh_token: impl Into<String>) -> Self {
        self.refresh_token = Some(Secret::new(refresh_token.into()));
        self
    }

    /// The access token itself, to hand to the application that will use it (such as a browser
    /// front end). Keep it out of logs and URLs.
    pub fn access_token(&self) -> &str {
        self.access_token.expose()
    }

    /// The OAuth refresh token, if any. Keep it out of logs and URLs.
    pub fn refresh_token(&self) -> Option<&str> {
        self.refresh_token.as_ref().map(Secret::expose)
    }

    /// How long until the token expires (zero once it has), or `None` if the expiry is unknown.
    pub fn time_left(&self) -> Option<Duration> {
        self.expires_at
            .map(|at| at.saturating_duration_since(Instant::now()))
    }

    /// Whether the token has expired or expires within a few seconds (never, if the expiry is
    /// unknown).
    pub fn is_expired(&self) -> bool {
        self.expires_at
            .is_some_and(|at| Instant::now() + EXPIRY_MARGIN >= at)
    }

    /// Parses Looker's `AccessToken` response (from `/login`, `/login/{user_id}` or
    /// `/api/token`), requested at `started`. Errors never quote the body, which holds the token.
    pub(crate) fn from_response(started: Instant, body: &[u8]) -> Result<Self> {
        let response: TokenResponse = serde_json::from_slice(body)
            .map_err(|_| token_error("the response is not an access token"))?;
        if response.access_token.is_empty() {
            return Err(token_error("the response has an empty access token"));
        }
        let lifetime =
            Duration::from_secs(u64::try_from(response.expires_in.unwrap_or(0)).unwrap_or(0))
                .min(MAX_LIFETIME);
        Ok(Self {
            access_token: Secret::new(response.access_token),
            expires_at: Some(started.checked_add(lifetime).unwrap_or(started)),
            refresh_token: response
                .refresh_token
                .filter(|token| !token.is_empty())
                .map(Secret::new),
        })
    }

    /// The `Authorization` header for this token, marked sensitive.
    fn header(&self) -> Result<HeaderValue> {
        bearer(self.access_token.expose())
    }
}

impl fmt::Debug for AuthToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthToken")
            .field("access_token", &"***")
            .field("time_left", &self.time_left())
            .field("refresh_token", &self.refresh_token.as_ref().map(|_| "***"))
            .finish()
    }
}

/// `Bearer {token}` as a header value marked sensitive (so that `Debug` hides it).
fn bearer(access_token: &str) -> Result<HeaderValue> {
    let mut header = HeaderValue::try_from(format!("Bearer {access_token}"))
        .map_err(|_| token_error("the access token is not a valid header value"))?;
    header.set_sensitive(true);
    Ok(header)
}

/// A token response that cannot be used. It never carries the body, which holds the token.
fn token_error(message: &str) -> Error {
    Error::Decode {
        path: ".".to_owned(),
        message: message.to_owned(),
        body: Bytes::new(),
    }
}

/// Looker's `AccessToken`. No `Debug`: it holds the token.
#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(deserialize_with = "super::de::lenient")]
    expires_in: Option<i64>,
    #[serde(default)]
    refresh_token: Option<String>,
}

/// A client's authentication: where its token comes from, and the token itself. Shared by all
/// clones of a [`Client`].
pub(crate) struct TokenCache {
    source: Source,
    /// Held while obtaining a token, so that concurrent calls on an expired token cause one
    /// login.
    state: Mutex<State>,
    /// Whether a rejected token can be replaced (see [`TokenCache::can_renew`]).
    renewable: AtomicBool,
}

/// Where a client's tokens come from.
enum Source {
    /// Logs in with the settings' API credentials.
    Credentials,
    /// Obtains a token for `user_id` through `admin` (`POST /login/{user_id}`).
    Sudo { admin: Client, user_id: String },
    /// Was given a token, and cannot obtain another.
    Given,
    /// Renews the token with the refresh token, at the OAuth app's token endpoint.
    OAuth(Arc<OAuthApp>),
}

#[derive(Default)]
struct State {
    token: Option<Token>,
    /// OAuth: the refresh token.
    refresh: Option<Secret>,
    /// Why no token can be had any more (the message of [`Error::TokenExpired`]).
    lost: Option<&'static str>,
}

/// A token as a ready `Authorization` header (marked sensitive, so its `Debug` hides it).
struct Token {
    header: HeaderValue,
    /// `None` if unknown (a token from elsewhere).
    expires_at: Option<Instant>,
}

impl Token {
    fn from_auth(token: &AuthToken) -> Result<Self> {
        Ok(Self {
            header: token.header()?,
            expires_at: token.expires_at,
        })
    }

    fn is_fresh(&self, now: Instant) -> bool {
        self.expires_at.is_none_or(|at| now + EXPIRY_MARGIN < at)
    }
}

impl Default for TokenCache {
    /// API credentials: logs in with the settings' client id and secret.
    fn default() -> Self {
        Self::new(Source::Credentials, State::default(), true)
    }
}

impl TokenCache {
    fn new(source: Source, state: State, renewable: bool) -> Self {
        Self {
            source,
            state: Mutex::new(state),
            renewable: AtomicBool::new(renewable),
        }
    }

    /// A client using `token`, which it cannot renew.
    pub(crate) fn given(token: &AuthToken) -> Result<Self> {
        let state = State {
            token: Some(Token::from_auth(token)?),
            ..State::default()
        };
        Ok(Self::new(Source::Given, state, false))
    }

    /// A client acting as `user_id` with `token`, renewing it through `admin`.
    fn sudo(admin: Client, user_id: String, token: &AuthToken) -> Result<Self> {
        let state = State {
            token: Some(Token::from_auth(token)?),
            ..State::default()
        };
        Ok(Self::new(Source::Sudo { admin, user_id }, state, true))
    }

    /// An OAuth client using `token` (none for the flow's own client), renewing it with its
    /// refresh token.
    pub(crate) fn oauth(app: Arc<OAuthApp>, token: Option<&AuthToken>) -> Result<Self> {
        let state = State {
            token: token.map(Token::from_auth).transpose()?,
            refresh: token.and_then(|token| token.refresh_token.clone()),
            lost: None,
        };
        let renewable = state.refresh.is_some();
        Ok(Self::new(Source::OAuth(app), state, renewable))
    }

    /// The `Authorization` header for a call: the current token if it has not expired, else a new
    /// one (logging in, asking the admin, or refreshing), else [`Error::TokenExpired`].
    pub(crate) async fn header(&self, sdk: &Client) -> Result<HeaderValue> {
        // Nearly every call finds the lock free and the token fresh: it takes the lock without
        // the asynchronous wait (a single atomic operation), and waits only when another call is
        // holding it, perhaps to get a new token.
        if let Ok(state) = self.state.try_lock()
            && let Some(token) = state.token.as_ref()
            && token.is_fresh(Instant::now())
        {
            return Ok(token.header.clone());
        }
        let mut state = self.state.lock().await;
        if let Some(token) = state
            .token
            .as_ref()
            .filter(|token| token.is_fresh(Instant::now()))
        {
            return Ok(token.header.clone());
        }
        if let Some(reason) = state.lost {
            return Err(Error::TokenExpired(reason.to_owned()));
        }
        // Getting a token is rare and its futures are large (a whole request each): boxed, they
        // do not make every call's future that large.
        let token = match &self.source {
            Source::Credentials => Box::pin(login(sdk)).await?,
            Source::Sudo { admin, user_id } => Box::pin(sudo_token(admin, user_id)).await?,
            Source::Given => return Err(Error::TokenExpired(GIVEN_EXPIRED.to_owned())),
            Source::OAuth(app) => {
                let Some(refresh) = state.refresh.clone() else {
                    return Err(Error::TokenExpired(OAUTH_EXPIRED.to_owned()));
                };
                match Box::pin(oauth::refresh(sdk, app, refresh.expose())).await {
                    Ok(token) => token,
                    Err(Error::Api { status, .. }) if (400..500).contains(&status) => {
                        // The refresh token is no good: do not send it again.
                        state.refresh = None;
                        state.lost = Some(OAUTH_REFUSED);
                        self.renewable.store(false, Ordering::Relaxed);
                        tracing::debug!(status, "the OAuth refresh token was refused");
                        return Err(Error::TokenExpired(OAUTH_REFUSED.to_owned()));
                    }
                    Err(error) => return Err(error),
                }
            }
        };
        let cached = Token::from_auth(&token)?;
        let header = cached.header.clone();
        state.token = Some(cached);
        if let Some(refresh) = token.refresh_token {
            state.refresh = Some(refresh);
        }
        Ok(header)
    }

    /// Drops the token if it is still `header` (after Looker rejected it), so that the next call
    /// obtains a new one, or fails with [`Error::TokenExpired`] if the client cannot.
    pub(crate) async fn forget(&self, header: &HeaderValue) {
        let mut state = self.state.lock().await;
        if state
            .token
            .as_ref()
            .is_none_or(|token| token.header != *header)
        {
            return;
        }
        state.token = None;
        match self.source {
            Source::Given => state.lost = state.lost.or(Some(GIVEN_REJECTED)),
            Source::OAuth(_) if state.refresh.is_none() => {
                state.lost = state.lost.or(Some(OAUTH_EXPIRED));
            }
            _ => {}
        }
    }

    /// Whether the client can replace a rejected or expired token by itself (log in again, ask
    /// the admin, or refresh). False for a client built from a token alone, an OAuth client
    /// without a usable refresh token, and a sudo client whose session was ended.
    pub(crate) fn can_renew(&self) -> bool {
        self.renewable.load(Ordering::Relaxed)
    }

    /// Ends the session on the server (`DELETE /logout` with the current token) and forgets the
    /// token. Only a client with API credentials gets a new one afterwards.
    async fn end_session(&self, sdk: &Client) -> Result<()> {
        let mut state = self.state.lock().await;
        let token = state.token.take();
        // Looker's logout ends the refresh token's grant too.
        state.refresh = None;
        if !matches!(self.source, Source::Credentials) {
            state.lost = Some(SESSION_ENDED);
            self.renewable.store(false, Ordering::Relaxed);
        }
        let Some(token) = token else {
            return Ok(());
        };
        let mut call = sdk.call(Method::DELETE, "/logout".to_owned());
        call.without_auth();
        match sdk.send(call.into_request(), Some(token.header)).await {
            // The token was no longer valid: the session has ended all the same.
            Ok(_)
            | Err(Error::Api {
                status: 401 | 404, ..
            }) => Ok(()),
            Err(error) => Err(error),
        }
    }
}

impl fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mode = match &self.source {
            Source::Credentials => "api credentials",
            Source::Sudo { .. } => "sudo",
            Source::Given => "access token",
            Source::OAuth(_) => "oauth",
        };
        f.debug_struct("TokenCache")
            .field("mode", &mode)
            .field("can_renew", &self.can_renew())
            .finish_non_exhaustive()
    }
}

/// [`Client::sudo_token`], boxed: the admin's call obtains the admin's own token through
/// [`TokenCache::header`], which calls this for a sudo client.
fn sudo_token<'a>(
    admin: &'a Client,
    user_id: &'a str,
) -> Pin<Box<dyn Future<Output = Result<AuthToken>> + Send + 'a>> {
    Box::pin(admin.sudo_token(user_id))
}

/// Logs in with the API key, sending the credentials in a form body (never in the URL).
async fn login(sdk: &Client) -> Result<AuthToken> {
    let started = Instant::now();
    let settings = sdk.settings();
    let mut call = sdk.call(Method::POST, "/login".to_owned());
    call.without_auth();
    call.form_field("client_id", settings.client_id.clone());
    call.form_field("client_secret", settings.client_secret.expose().to_owned());
    let response = sdk.send(call.into_request(), None).await?;
    AuthToken::from_response(started, &response.body)
}

/// Authentication beyond logging in with API credentials: sudo, tokens from elsewhere, and ending
/// a session.
impl Client {
    /// Builds a client that uses `token`, obtained elsewhere (from your application's server, or
    /// an embed session's `api_token`), for the instance at `base_url` (such as
    /// `https://example.looker.com:19999`).
    ///
    /// It never logs in. When the token expires (if its expiry was set with
    /// [`AuthToken::expires_in`]) or Looker rejects it, calls fail with [`Error::TokenExpired`]:
    /// get a fresh token and build a new client.
    ///
    /// ```
    /// use std::time::Duration;
    /// use looker_sdk::{AuthToken, LookerSdk};
    ///
    /// let token = AuthToken::new("token-from-my-server").expires_in(Duration::from_secs(3600));
    /// let sdk = LookerSdk::from_access_token("https://example.looker.com:19999", token)?;
    /// # Ok::<(), looker_sdk::Error>(())
    /// ```
    pub fn from_access_token(
        base_url: impl Into<String>,
        token: AuthToken,
        api: ApiInfo,
    ) -> Result<Self> {
        Self::from_access_token_with_settings(ApiSettings::new(base_url, "", ""), token, api)
    }

    /// Like [`from_access_token`](Self::from_access_token), with other settings (such as the
    /// timeout). The settings' client id and secret are not used.
    pub fn from_access_token_with_settings(
        settings: ApiSettings,
        token: AuthToken,
        api: ApiInfo,
    ) -> Result<Self> {
        if token.access_token().is_empty() {
            return Err(Error::Config("the access token is empty".to_owned()));
        }
        let cache = TokenCache::given(&token).map_err(|_| {
            Error::Config("the access token is not a valid header value".to_owned())
        })?;
        Self::with_auth(settings, api, cache)
    }

    /// Creates an access token for the user `user_id`, with this (admin) client's own token
    /// (`POST /login/{user_id}`).
    ///
    /// The token lets its holder act as that user, for example in your application's front end.
    /// Each call creates a new token: keep it while it is valid
    /// ([`AuthToken::is_expired`]). To make calls as the user from here, use
    /// [`sudo`](Self::sudo), which also renews the token.
    pub async fn sudo_token(&self, user_id: &str) -> Result<AuthToken> {
        let started = Instant::now();
        let call = self.call(Method::POST, format!("/login/{}", path_segment(user_id)));
        let response = self.clone().execute(call.into_request()).await?;
        AuthToken::from_response(started, &response.body)
    }

    /// A client that acts as the user `user_id`, while this (admin) client stays itself.
    ///
    /// It obtains the user's token now through this client ([`sudo_token`](Self::sudo_token)),
    /// and again when that token expires or is rejected. Its calls send the user's token, this
    /// client's calls its own; both share one connection pool. End the user's session with
    /// [`end_session`](Self::end_session) on the returned client: that leaves this client's
    /// session alone.
    ///
    /// ```no_run
    /// # async fn run(admin: looker_sdk::LookerSdk) -> looker_sdk::Result<()> {
    /// let user = admin.sudo("42").await?;
    /// let me = user.me().await?; // user 42
    /// user.end_session().await?; // ends user 42's session only
    /// let admin_me = admin.me().await?; // still the admin
    /// # let _ = (me, admin_me);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn sudo(&self, user_id: &str) -> Result<Client> {
        let token = self.sudo_token(user_id).await?;
        let cache = TokenCache::sudo(self.clone(), user_id.to_owned(), &token)?;
        Ok(self.with_token_cache(cache))
    }

    /// Ends this client's API session on the server (`DELETE /logout` with its current token)
    /// and forgets the token.
    ///
    /// Afterwards a client with API credentials logs in again on its next call; any other client
    /// (sudo, token or OAuth) refuses further calls with [`Error::TokenExpired`]. Other clients
    /// (an admin and its sudo clients) keep their own sessions. Does nothing on the server if the
    /// client has no token yet.
    ///
    /// Unlike the generated `logout` operation (`LookerSdk::logout`), which only sends the request, it
    /// also stops this client from using the ended token.
    pub async fn end_session(&self) -> Result<()> {
        self.token_cache().end_session(self).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_of_tokens_hides_them() {
        let token = AuthToken::new("tok-secret-1").with_refresh_token("refresh-secret-2");
        let debug = format!("{token:?} {token:#?}");
        assert!(!debug.contains("secret"), "{debug}");
        assert!(debug.contains("***"), "{debug}");
        assert_eq!(token.access_token(), "tok-secret-1");
        assert_eq!(token.refresh_token(), Some("refresh-secret-2"));
    }

    #[test]
    fn expiry_counts_the_margin() {
        let token = AuthToken::new("t");
        assert!(!token.is_expired());
        assert_eq!(token.time_left(), None);
        let token = token.expires_in(Duration::from_secs(5));
        assert!(token.is_expired(), "within the margin");
        let token = AuthToken::new("t").expires_in(Duration::from_secs(3600));
        assert!(!token.is_expired());
        assert!(token.time_left() > Some(Duration::from_secs(3500)));
    }

    #[test]
    fn responses_parse_without_quoting_the_token() {
        let started = Instant::now();
        let body = br#"{"access_token":"tok-9","token_type":"Bearer","expires_in":"3600",
            "refresh_token":"ref-9"}"#;
        let token = AuthToken::from_response(started, body);
        let token = token
            .as_ref()
            .map(|t| (t.access_token(), t.refresh_token()));
        assert_eq!(token.ok(), Some(("tok-9", Some("ref-9"))));
        for bad in [
            &br#"{"access_token":"tok-9"}"#[..],
            br#"{"access_token":"","expires_in":1}"#,
            br#"{"access_token":"tok-9\n","expires_in":1}"#,
            b"tok-9",
        ] {
            match AuthToken::from_response(started, bad).and_then(|t| t.header()) {
                Err(error) => {
                    let text = format!("{error} {error:?}");
                    assert!(!text.contains("tok-9"), "{text}");
                }
                Ok(_) => panic!("accepted {}", String::from_utf8_lossy(bad)),
            }
        }
    }

    #[test]
    fn bearer_headers_are_sensitive() -> Result<()> {
        let header = AuthToken::new("tok-1").header()?;
        assert!(header.is_sensitive());
        assert_eq!(header.to_str().ok(), Some("Bearer tok-1"));
        Ok(())
    }
}
