//! OAuth 2 with PKCE (RFC 7636) for applications that cannot keep a secret: [`Pkce`] makes the
//! code verifier and challenge, [`OAuthFlow`] builds the authorization URL for the instance's
//! `/auth` page and trades the code (and later the refresh token) for tokens at `/api/token`.

use std::fmt;
use std::sync::Arc;
use std::time::Instant;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderName};
use reqwest::{Method, Url};
use sha2::{Digest as _, Sha256};
use tracing::Instrument as _;

use super::auth::{AuthToken, TokenCache};
use std::marker::PhantomData;

use super::client::{Client, Sdk, transport_error};
use super::error::{Endpoint, Error, Result};
use super::query::encode_pairs;
use super::settings::{ApiSettings, Secret};

/// The header that carries the agent tag.
const X_LOOKER_APPID: HeaderName = HeaderName::from_static("x-looker-appid");

/// The scope of a token for Looker's API.
const SCOPE: &str = "cors_api";

/// Random bytes in a generated code verifier (43 characters once base64url-encoded, as RFC 7636
/// recommends).
const VERIFIER_BYTES: usize = 32;

/// A PKCE code verifier and its S256 challenge: one per sign-in attempt.
///
/// Keep it (for example in the user's session) from building the authorization URL until the
/// code comes back, then pass it to [`OAuthFlow::redeem_code`]. `Debug` hides the verifier.
///
/// ```
/// use looker_sdk_rtl::Pkce;
///
/// // RFC 7636, appendix B.
/// let pkce = Pkce::from_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")?;
/// assert_eq!(pkce.challenge(), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
/// # Ok::<(), looker_sdk::Error>(())
/// ```
#[derive(Clone)]
pub struct Pkce {
    verifier: Secret,
}

impl Pkce {
    /// A new random code verifier, from the operating system's secure random number generator.
    pub fn new() -> Result<Self> {
        Ok(Self {
            verifier: Secret::new(random_text(VERIFIER_BYTES)?),
        })
    }

    /// A code verifier kept from earlier: 43 to 128 characters from `A-Z a-z 0-9 - . _ ~`.
    pub fn from_verifier(verifier: impl Into<String>) -> Result<Self> {
        let verifier = verifier.into();
        let unreserved =
            |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~');
        if !(43..=128).contains(&verifier.len()) || !verifier.bytes().all(unreserved) {
            return Err(Error::InvalidRequest(
                "a PKCE code verifier must be 43 to 128 characters from A-Z a-z 0-9 - . _ ~"
                    .to_owned(),
            ));
        }
        Ok(Self {
            verifier: Secret::new(verifier),
        })
    }

    /// The code verifier, to store until the code comes back. Keep it out of logs and URLs.
    pub fn verifier(&self) -> &str {
        self.verifier.expose()
    }

    /// The S256 code challenge: the verifier's SHA-256, base64url-encoded without padding.
    pub fn challenge(&self) -> String {
        URL_SAFE_NO_PAD.encode(Sha256::digest(self.verifier.expose().as_bytes()))
    }
}

impl fmt::Debug for Pkce {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pkce")
            .field("verifier", &"***")
            .field("challenge", &self.challenge())
            .finish()
    }
}

/// `bytes` random bytes from the operating system, base64url-encoded without padding.
fn random_text(bytes: usize) -> Result<String> {
    let mut buffer = vec![0; bytes];
    getrandom::fill(&mut buffer).map_err(|e| {
        Error::Config(format!(
            "the operating system's random number generator failed: {e}"
        ))
    })?;
    Ok(URL_SAFE_NO_PAD.encode(buffer))
}

/// What an OAuth client needs to reach the token endpoint.
pub(crate) struct OAuthApp {
    client_id: String,
    redirect_uri: String,
    /// `{looker_url}/auth`.
    auth_url: Url,
    /// `{base_url}/api/token`.
    token_url: Url,
}

/// Signing in a user with OAuth and PKCE, for an application registered in Looker as an OAuth
/// client app (`register_oauth_client_app`) that cannot keep a secret, such as a desktop or
/// command-line tool.
///
/// 1. Make a [`Pkce`] and a random `state` ([`OAuthFlow::new_state`]), keep both, and send the
///    user's browser to [`authorization_url`](Self::authorization_url).
/// 2. Looker redirects the browser to your `redirect_uri` with `code` and `state`:
///    [`code_from_redirect`](Self::code_from_redirect) checks the state and takes the code.
/// 3. [`redeem_code`](Self::redeem_code) trades the code for an [`AuthToken`] (with a refresh
///    token), and [`client`](Self::client) makes an SDK client (`S`, such as
///    `looker_sdk::LookerSdk`, whose `OAuthFlow` names it) that uses it and refreshes it when it
///    expires.
///
/// The verifier, code and tokens travel only in form bodies, never in URLs.
///
/// ```
/// use looker_sdk::{OAuthFlow, Pkce};
///
/// let flow = OAuthFlow::new(
///     "https://example.looker.com:19999",       // the API
///     "https://example.looker.com",             // the web UI, with its /auth page
///     "my-app",                                 // the app's client_guid
///     "http://127.0.0.1:8765/callback",         // its registered redirect_uri
/// )?;
/// let pkce = Pkce::new()?;
/// let state = OAuthFlow::new_state()?;
/// let url = flow.authorization_url(&pkce, &state);
/// assert!(url.starts_with("https://example.looker.com/auth?response_type=code&client_id=my-app"));
/// # Ok::<(), looker_sdk::Error>(())
/// ```
pub struct OAuthFlow<S> {
    /// A client without a token, for its connection pool and settings.
    sdk: Client,
    app: Arc<OAuthApp>,
    clients: PhantomData<fn() -> S>,
}

impl<S> Clone for OAuthFlow<S> {
    fn clone(&self) -> Self {
        Self {
            sdk: self.sdk.clone(),
            app: Arc::clone(&self.app),
            clients: PhantomData,
        }
    }
}

impl<S> fmt::Debug for OAuthFlow<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthFlow")
            .field("client_id", &self.app.client_id)
            .field("redirect_uri", &self.app.redirect_uri)
            .field("auth_url", &self.app.auth_url.as_str())
            .field("token_url", &self.app.token_url.as_str())
            .finish()
    }
}

impl<S: Sdk> OAuthFlow<S> {
    /// The flow for the OAuth client app `client_id` (its `client_guid` in Looker) with the
    /// registered `redirect_uri`, on the instance whose API is at `base_url` (such as
    /// `https://example.looker.com:19999`) and whose web UI is at `looker_url` (such as
    /// `https://example.looker.com`; often the same host without the API port).
    ///
    /// Checks the URLs; sends nothing.
    pub fn new(
        base_url: impl Into<String>,
        looker_url: &str,
        client_id: impl Into<String>,
        redirect_uri: impl Into<String>,
    ) -> Result<Self> {
        let client_id = client_id.into();
        Self::with_settings(
            ApiSettings::new(base_url, client_id, ""),
            looker_url,
            redirect_uri,
        )
    }

    /// Like [`new`](Self::new), with other settings (such as the timeout) for the API; the
    /// settings' client id is the OAuth app's, and their client secret is not used.
    pub fn with_settings(
        settings: ApiSettings,
        looker_url: &str,
        redirect_uri: impl Into<String>,
    ) -> Result<Self> {
        let client_id = settings.client_id().trim().to_owned();
        if client_id.is_empty() {
            return Err(Error::Config("the OAuth client_id is empty".to_owned()));
        }
        let redirect_uri = redirect_uri.into();
        let redirect = Url::parse(redirect_uri.trim())
            .map_err(|e| Error::Config(format!("redirect_uri is not an absolute URL ({e})")))?;
        if redirect.fragment().is_some() {
            return Err(Error::Config(
                "redirect_uri must not have a fragment".to_owned(),
            ));
        }
        let auth_url = web_url(looker_url)?;
        let unauthenticated = Client::with_auth(settings, S::API, TokenCache::default())?;
        let api = unauthenticated.api_url();
        // `{base_url}/api/4.0` → `{base_url}/api/token`.
        let base = api.rsplit_once('/').map_or(api, |(base, _version)| base);
        let token_url = Url::parse(&format!("{base}/token"))
            .map_err(|e| Error::Config(format!("base_url gives no token URL ({e})")))?;
        let app = Arc::new(OAuthApp {
            client_id,
            redirect_uri: redirect_uri.trim().to_owned(),
            auth_url,
            token_url,
        });
        // Used only for its connections: it holds no token, and cannot log in.
        let sdk = unauthenticated.with_token_cache(TokenCache::oauth(Arc::clone(&app), None)?);
        Ok(Self {
            sdk,
            app,
            clients: PhantomData,
        })
    }

    /// A random `state` value for [`authorization_url`](Self::authorization_url): keep it, and
    /// accept the redirect only if it brings the same value back (it guards against forged
    /// redirects).
    pub fn new_state() -> Result<String> {
        random_text(16)
    }

    /// The URL of the instance's `/auth` page where the user signs in and approves the app:
    /// `response_type=code`, `client_id`, `redirect_uri`, `scope=cors_api`, `state`,
    /// `code_challenge_method=S256` and `code_challenge`.
    pub fn authorization_url(&self, pkce: &Pkce, state: &str) -> String {
        let query = encode_pairs(&[
            ("response_type", "code".to_owned()),
            ("client_id", self.app.client_id.clone()),
            ("redirect_uri", self.app.redirect_uri.clone()),
            ("scope", SCOPE.to_owned()),
            ("state", state.to_owned()),
            ("code_challenge_method", "S256".to_owned()),
            ("code_challenge", pkce.challenge()),
        ]);
        format!("{}?{query}", self.app.auth_url)
    }

    /// The `code` from the URL Looker redirected the browser to (or just its query string),
    /// after checking that its `state` is `expected_state`. A redirect carrying `error` (the user
    /// declined) or another state is an [`Error::InvalidRequest`].
    pub fn code_from_redirect(&self, redirect: &str, expected_state: &str) -> Result<String> {
        let redirect = redirect.trim();
        let query = match redirect.split_once('?') {
            Some((_, query)) => query,
            None => redirect,
        };
        let query = query.split('#').next().unwrap_or_default();
        let (mut code, mut state, mut error) = (None, None, None);
        for (name, value) in url_form_pairs(query) {
            match name.as_str() {
                "code" => code = Some(value),
                "state" => state = Some(value),
                "error" => error = Some(value),
                _ => {}
            }
        }
        let invalid = |message: String| Err(Error::InvalidRequest(message));
        if let Some(error) = error {
            return invalid(format!("sign-in was not completed: {error}"));
        }
        if state.as_deref() != Some(expected_state) {
            return invalid("the redirect's state does not match: it may be forged".to_owned());
        }
        match code {
            Some(code) if !code.is_empty() => Ok(code),
            _ => invalid("the redirect has no code".to_owned()),
        }
    }

    /// Trades the authorization `code` for tokens at `/api/token` (`grant_type=authorization_code`
    /// with the code verifier), returning the access token with its refresh token.
    pub async fn redeem_code(&self, code: &str, pkce: &Pkce) -> Result<AuthToken> {
        request_token(
            &self.sdk,
            &self.app,
            vec![
                ("grant_type", "authorization_code".to_owned()),
                ("code", code.to_owned()),
                ("code_verifier", pkce.verifier().to_owned()),
                ("client_id", self.app.client_id.clone()),
                ("redirect_uri", self.app.redirect_uri.clone()),
            ],
        )
        .await
    }

    /// Trades a refresh token for a new access token at `/api/token`
    /// (`grant_type=refresh_token`). A client from [`client`](Self::client) does this by itself.
    pub async fn refresh(&self, refresh_token: &str) -> Result<AuthToken> {
        refresh(&self.sdk, &self.app, refresh_token).await
    }

    /// A client that uses `token` and, if it has a refresh token, refreshes it when it expires or
    /// is rejected. Without one (or once Looker refuses it) calls fail with
    /// [`Error::TokenExpired`]. It shares the flow's connection pool.
    pub fn client(&self, token: AuthToken) -> Result<S> {
        let cache = TokenCache::oauth(Arc::clone(&self.app), Some(&token))?;
        Ok(S::from(self.sdk.with_token_cache(cache)))
    }
}

/// The form pairs of a query string, decoded.
fn url_form_pairs(query: &str) -> Vec<(String, String)> {
    let mut url = Url::parse("http://redirect.invalid/").ok();
    if let Some(url) = url.as_mut() {
        url.set_query(Some(query));
    }
    url.map(|url| url.query_pairs().into_owned().collect())
        .unwrap_or_default()
}

/// `{looker_url}/auth`, checking the URL.
fn web_url(looker_url: &str) -> Result<Url> {
    let config = |message: &str| Error::Config(format!("looker_url {message}"));
    let url = Url::parse(looker_url.trim()).map_err(|e| {
        config(&format!(
            "is not an absolute URL such as https://example.looker.com ({e})"
        ))
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return Err(config("must be an http(s) URL with a host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(config("must not contain credentials"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(config("must not have a query or fragment"));
    }
    let auth = format!("{}/auth", url.as_str().trim_end_matches('/'));
    Url::parse(&auth).map_err(|e| config(&format!("gives no /auth URL ({e})")))
}

/// Trades `refresh_token` for a new access token.
pub(crate) async fn refresh(
    sdk: &Client,
    app: &OAuthApp,
    refresh_token: &str,
) -> Result<AuthToken> {
    request_token(
        sdk,
        app,
        vec![
            ("grant_type", "refresh_token".to_owned()),
            ("refresh_token", refresh_token.to_owned()),
            ("client_id", app.client_id.clone()),
            ("redirect_uri", app.redirect_uri.clone()),
        ],
    )
    .await
}

/// `POST /api/token` with `form` as the body. Its errors never carry the form's values.
async fn request_token(
    sdk: &Client,
    app: &OAuthApp,
    form: Vec<(&'static str, String)>,
) -> Result<AuthToken> {
    let started = Instant::now();
    let (http, agent_tag) = sdk.http();
    let request = http
        .post(app.token_url.clone())
        .timeout(sdk.settings().request_timeout())
        .header(X_LOOKER_APPID, agent_tag.clone())
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(ACCEPT, "application/json")
        .body(encode_pairs(&form));
    let span = tracing::debug_span!("looker_request", method = "POST", path = "/api/token");
    async move {
        let response = request.send().await.map_err(transport_error)?;
        let status = response.status();
        let body = response.bytes().await.map_err(transport_error)?;
        tracing::debug!(status = status.as_u16(), elapsed = ?started.elapsed(), "response");
        if !status.is_success() {
            return Err(Error::api(
                status.as_u16(),
                body,
                Some(Endpoint::new(None, Method::POST, "/api/token")),
            ));
        }
        AuthToken::from_response(started, &body)
    }
    .instrument(span)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::TestSdk;

    fn flow() -> Result<OAuthFlow<TestSdk>> {
        OAuthFlow::new(
            "https://looker.example:19999/",
            "https://looker.example/",
            "the-app",
            "http://127.0.0.1:8765/callback?x=1",
        )
    }

    #[test]
    fn rfc_7636_appendix_b() -> Result<()> {
        let pkce = Pkce::from_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")?;
        assert_eq!(
            pkce.challenge(),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        Ok(())
    }

    #[test]
    fn generated_verifiers_are_random_and_valid() -> Result<()> {
        let (a, b) = (Pkce::new()?, Pkce::new()?);
        assert_ne!(a.verifier(), b.verifier());
        for pkce in [&a, &b] {
            assert_eq!(pkce.verifier().len(), 43);
            assert!(Pkce::from_verifier(pkce.verifier()).is_ok());
            assert_eq!(pkce.challenge().len(), 43);
            let debug = format!("{pkce:?}");
            assert!(!debug.contains(pkce.verifier()), "{debug}");
        }
        assert_ne!(
            OAuthFlow::<TestSdk>::new_state()?,
            OAuthFlow::<TestSdk>::new_state()?
        );
        Ok(())
    }

    #[test]
    fn verifiers_outside_the_rfc_are_refused() {
        for bad in [
            "a".repeat(42),
            "a".repeat(129),
            format!("{}+", "a".repeat(42)),
        ] {
            assert!(Pkce::from_verifier(bad).is_err());
        }
        assert!(Pkce::from_verifier("a~._-".repeat(25)).is_ok());
    }

    #[test]
    fn the_authorization_url_has_every_parameter() -> Result<()> {
        let flow = flow()?;
        let pkce = Pkce::from_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")?;
        let url = flow.authorization_url(&pkce, "st ate");
        assert_eq!(
            url,
            "https://looker.example/auth?response_type=code&client_id=the-app\
             &redirect_uri=http%3A%2F%2F127.0.0.1%3A8765%2Fcallback%3Fx%3D1&scope=cors_api\
             &state=st%20ate&code_challenge_method=S256\
             &code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        assert!(!url.contains(pkce.verifier()));
        assert_eq!(
            flow.app.token_url.as_str(),
            "https://looker.example:19999/api/token"
        );
        Ok(())
    }

    #[test]
    fn redirects_are_checked() -> Result<()> {
        let flow = flow()?;
        let url = "http://127.0.0.1:8765/callback?code=c%2F1&state=s1";
        assert_eq!(flow.code_from_redirect(url, "s1")?, "c/1");
        assert_eq!(flow.code_from_redirect("code=c1&state=s1", "s1")?, "c1");
        for (redirect, state) in [
            (url, "s2"),
            ("code=c1", "s1"),
            ("state=s1", "s1"),
            ("error=access_denied&state=s1", "s1"),
        ] {
            assert!(
                matches!(
                    flow.code_from_redirect(redirect, state),
                    Err(Error::InvalidRequest(_))
                ),
                "{redirect}"
            );
        }
        Ok(())
    }

    #[test]
    fn bad_settings_are_config_errors() {
        let new = |base: &str, web: &str, id: &str, redirect: &str| {
            matches!(
                OAuthFlow::<TestSdk>::new(base, web, id, redirect),
                Err(Error::Config(_))
            )
        };
        assert!(new(
            "https://x:19999",
            "https://x",
            " ",
            "http://127.0.0.1/cb"
        ));
        assert!(new("https://x:19999", "x", "id", "http://127.0.0.1/cb"));
        assert!(new(
            "https://x:19999",
            "https://x?a",
            "id",
            "http://127.0.0.1/cb"
        ));
        assert!(new("https://x:19999", "https://x", "id", "/cb"));
        assert!(new(
            "https://x:19999",
            "https://x",
            "id",
            "http://127.0.0.1/cb#f"
        ));
        assert!(new("x", "https://x", "id", "http://127.0.0.1/cb"));
    }
}
