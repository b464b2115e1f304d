//! Connection settings: [`ApiSettings`], read from code, a `looker.ini` file and the environment by
//! [`ApiSettingsBuilder`], and the [`Secret`] wrapper that keeps credentials out of `Debug` output.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::time::Duration;

use reqwest::header::HeaderValue;

use super::error::{Error, Result};
use super::retry::RetryPolicy;

/// The default time limit for one request.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// The default prefix of the environment variables read by [`ApiSettingsBuilder::env`].
pub const DEFAULT_ENV_PREFIX: &str = "LOOKERSDK";

/// The ini file [`ApiSettings::load`] reads when it exists, as Looker's SDKs do.
pub const DEFAULT_INI_FILE: &str = "looker.ini";

/// The settings read from ini files and the environment, as `looker.ini` spells them. Other keys
/// (such as `api_version`, `redirect_uri` or `looker_url`, which other Looker SDKs read from the
/// same file) are ignored.
const KEYS: [&str; 7] = [
    "base_url",
    "client_id",
    "client_secret",
    "verify_ssl",
    "timeout",
    "proxy",
    "agent_tag",
];

/// Where and how to reach a Looker instance.
///
/// Build it in code with [`ApiSettings::new`], or read it from a `looker.ini` file and the
/// environment with [`ApiSettings::builder`] or [`ApiSettings::from_env`].
///
/// `Debug` never shows the client secret or the proxy URL (which may hold a password).
///
/// ```
/// use looker_sdk::ApiSettings;
///
/// let settings = ApiSettings::new("https://example.looker.com:19999", "client-id", "client-secret")
///     .timeout(std::time::Duration::from_secs(30));
/// assert!(!format!("{settings:?}").contains("client-secret"));
/// ```
#[derive(Clone, Debug)]
pub struct ApiSettings {
    pub(crate) base_url: String,
    pub(crate) client_id: String,
    pub(crate) client_secret: Secret,
    pub(crate) timeout: Duration,
    pub(crate) verify_ssl: bool,
    pub(crate) proxy: Option<Secret>,
    pub(crate) agent_tag: Option<String>,
    pub(crate) retry: Option<RetryPolicy>,
    /// The application's own HTTP client, used instead of one built from these settings.
    pub(crate) http_client: Option<reqwest::Client>,
}

impl ApiSettings {
    /// Settings for the instance at `base_url` (such as `https://example.looker.com:19999`; the SDK
    /// appends `/api/4.0`), logging in with an API key's `client_id` and `client_secret`.
    ///
    /// Nothing is checked here: [`Client::new`](crate::Client::new) validates the settings.
    pub fn new(
        base_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        Self {
            base_url: base_url.into(),
            client_id: client_id.into(),
            client_secret: Secret::new(client_secret.into()),
            timeout: DEFAULT_TIMEOUT,
            verify_ssl: true,
            proxy: None,
            agent_tag: None,
            retry: None,
            http_client: None,
        }
    }

    /// Reads settings from several sources: an ini file, the environment and code. See
    /// [`ApiSettingsBuilder`].
    pub fn builder() -> ApiSettingsBuilder {
        ApiSettingsBuilder::default()
    }

    /// Reads settings from the environment variables `LOOKERSDK_BASE_URL`,
    /// `LOOKERSDK_CLIENT_ID`, `LOOKERSDK_CLIENT_SECRET`, `LOOKERSDK_VERIFY_SSL`,
    /// `LOOKERSDK_TIMEOUT`, `LOOKERSDK_PROXY` and `LOOKERSDK_AGENT_TAG`.
    ///
    /// Short for `ApiSettings::builder().env().build()`.
    pub fn from_env() -> Result<Self> {
        Self::builder().env().build()
    }

    /// Reads settings as Looker's own SDKs do: `looker.ini` in the current directory if there is
    /// one (its first section), then the `LOOKERSDK_*` environment variables, each overriding
    /// the file. Without the file, the environment alone must supply the settings.
    ///
    /// Short for `ApiSettings::builder().ini_file_if_exists("looker.ini").env().build()`.
    pub fn load() -> Result<Self> {
        Self::builder()
            .ini_file_if_exists(DEFAULT_INI_FILE)
            .env()
            .build()
    }

    /// Sets the time limit for each request, from sending it to reading the whole response
    /// (default 120 seconds). A request that takes longer fails with
    /// [`Error::Timeout`](crate::Error::Timeout). Per call, see
    /// [`RequestOptions::timeout`](crate::RequestOptions::timeout).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Whether to verify the server's TLS certificate (default `true`). Switch it off only to
    /// test against a server with a self-signed certificate: without verification anyone on the
    /// network path can read and change the traffic, credentials included.
    pub fn verify_ssl(mut self, verify_ssl: bool) -> Self {
        self.verify_ssl = verify_ssl;
        self
    }

    /// Sends every request through the proxy at `url` (such as `http://proxy.internal:3128` or
    /// `http://user:password@proxy:3128`). Without it, the standard environment variables
    /// (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`) and the system's proxy settings
    /// apply.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(Secret::new(url.into()));
        self
    }

    /// The agent tag sent as the `x-looker-appid` header, which Looker records with each call
    /// (default `looker-sdk-rust/<SDK version> looker/<Looker release>`). Per call, see
    /// [`RequestOptions::agent_tag`](crate::RequestOptions::agent_tag).
    pub fn agent_tag(mut self, agent_tag: impl Into<String>) -> Self {
        self.agent_tag = Some(agent_tag.into());
        self
    }

    /// Sends every request through `client`, the application's own `reqwest::Client`: for
    /// custom root certificates, client certificates, a proxy or DNS setup that these settings do
    /// not cover. The SDK then builds no client of its own, so [`verify_ssl`](Self::verify_ssl)
    /// and [`proxy`](Self::proxy) do not apply (configure them on `client`); time limits still
    /// apply per request.
    ///
    /// Build `client` with `redirect(reqwest::redirect::Policy::none())`, as the SDK's own
    /// client is: Looker's API does not redirect, and a followed redirect would send the login
    /// form, client secret included, wherever it points. With the `rustls-ring` feature, call
    /// [`install_crypto_provider`](crate::install_crypto_provider) before building it.
    ///
    /// ```
    /// use looker_sdk::ApiSettings;
    ///
    /// looker_sdk::install_crypto_provider();
    /// let client = reqwest::Client::builder()
    ///     .redirect(reqwest::redirect::Policy::none())
    ///     .build()?;
    /// let settings = ApiSettings::new("https://example.looker.com:19999", "id", "secret")
    ///     .http_client(client);
    /// # let _ = settings;
    /// # Ok::<(), reqwest::Error>(())
    /// ```
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Whether requests go through the application's own HTTP client
    /// ([`http_client`](Self::http_client)).
    pub fn has_http_client(&self) -> bool {
        self.http_client.is_some()
    }

    /// Retries calls that Looker answers with 429, 502, 503, 504 or "not ready yet", or that
    /// cannot connect, by `policy` (by default calls are not retried; see [`RetryPolicy`]). Per
    /// call, see
    /// [`RequestOptions::retry`](crate::RequestOptions::retry).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// The base URL, as given.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The API key's client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The time limit for each request.
    pub fn request_timeout(&self) -> Duration {
        self.timeout
    }

    /// Whether the server's TLS certificate is verified.
    pub fn verifies_ssl(&self) -> bool {
        self.verify_ssl
    }

    /// Whether a proxy is set in these settings (the proxy environment variables aside).
    pub fn has_proxy(&self) -> bool {
        self.proxy.is_some()
    }

    /// A reqwest client builder set up from these settings as the SDK's own client is: TLS
    /// verification, the connect time limit, the proxy (or, without one, the proxy environment
    /// variables), and no redirects (a redirect would resend a login form elsewhere). For tools
    /// that talk to the same instance outside its API, as looker-codegen's `fetch-spec` does to
    /// download the spec; add a user agent and build. An application's own client
    /// ([`http_client`](Self::http_client)) is not consulted: use that client instead.
    ///
    /// ```
    /// let settings = looker_sdk_rtl::ApiSettings::new("https://looker.example.com", "id", "secret")
    ///     .proxy("http://proxy.example.com:3128");
    /// let http = settings.http_client_builder()?.user_agent("my-tool/1.0").build();
    /// assert!(http.is_ok());
    /// # Ok::<(), looker_sdk_rtl::Error>(())
    /// ```
    pub fn http_client_builder(&self) -> Result<reqwest::ClientBuilder> {
        crate::client::install_crypto_provider();
        let mut builder = reqwest::Client::builder()
            .connect_timeout(self.timeout)
            .redirect(reqwest::redirect::Policy::none());
        #[cfg(any(feature = "rustls", feature = "rustls-ring", feature = "native-tls"))]
        {
            builder = builder.tls_danger_accept_invalid_certs(!self.verify_ssl);
        }
        // Without a proxy here, reqwest uses HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY
        // from the environment, and the system's settings.
        if let Some(proxy) = &self.proxy {
            let url = proxy.expose().trim();
            check_proxy(url).map_err(Error::Config)?;
            let proxy = reqwest::Proxy::all(url)
                .map_err(|_| Error::Config("proxy is not a valid proxy URL".to_owned()))?;
            builder = builder.proxy(proxy);
        }
        Ok(builder)
    }

    /// The agent tag, if one was set (otherwise the SDK's default is sent).
    pub fn agent_tag_value(&self) -> Option<&str> {
        self.agent_tag.as_deref()
    }

    /// The client's retry policy, if any.
    pub fn retry_policy(&self) -> Option<RetryPolicy> {
        self.retry
    }
}

/// Reads [`ApiSettings`] from a `looker.ini` file, the environment and code.
///
/// Each source fills in what the ones before it leave out and overrides what they set, in this
/// order whatever order the methods are called in:
///
/// 1. ini files ([`ini_file`](Self::ini_file), [`ini_section`](Self::ini_section),
///    [`ini_text`](Self::ini_text)), a later file over an earlier one;
/// 2. the environment ([`env`](Self::env), [`env_prefix`](Self::env_prefix),
///    [`env_lookup`](Self::env_lookup));
/// 3. code: the setters such as [`base_url`](Self::base_url) and [`timeout`](Self::timeout).
///
/// The settings are `base_url`, `client_id`, `client_secret`, `verify_ssl`, `timeout` (in seconds),
/// `proxy` and `agent_tag`: the keys of Looker's `looker.ini`, and the environment variables
/// `LOOKERSDK_BASE_URL` and so on. Booleans are `true`, `t`, `yes`, `y`, `1` or `false`, `f`,
/// `no`, `n`, `0`, in any case. An empty value counts as not set.
///
/// ```no_run
/// use std::time::Duration;
/// use looker_sdk::{ApiSettings, LookerSdk};
///
/// # fn run() -> looker_sdk::Result<()> {
/// let settings = ApiSettings::builder()
///     .ini_file("looker.ini")
///     .env()
///     .timeout(Duration::from_secs(30))
///     .build()?;
/// let sdk = LookerSdk::new(settings)?;
/// # let _ = sdk;
/// # Ok(())
/// # }
/// ```
///
/// A problem with a source (a missing file, a malformed line, a value that does not parse) is an
/// [`Error::Config`] from [`build`](Self::build) that names the setting and where it came from.
/// `Debug` shows where each setting came from, not the values.
#[derive(Default)]
pub struct ApiSettingsBuilder {
    ini: Layer,
    env: Layer,
    code: Code,
    error: Option<Error>,
}

/// Raw settings from one kind of source, by key.
type Layer = BTreeMap<&'static str, Sourced>;

/// A raw setting and where it came from.
struct Sourced {
    value: String,
    /// Such as `looker.ini [Looker]` or `environment variable LOOKERSDK_TIMEOUT`.
    source: String,
}

/// Settings given in code.
#[derive(Default)]
struct Code {
    base_url: Option<String>,
    client_id: Option<String>,
    client_secret: Option<Secret>,
    timeout: Option<Duration>,
    verify_ssl: Option<bool>,
    proxy: Option<Secret>,
    agent_tag: Option<String>,
    retry: Option<RetryPolicy>,
}

impl ApiSettingsBuilder {
    /// Reads the first section of the ini file at `path` (such as `looker.ini`).
    ///
    /// The file has Looker's `looker.ini` format: `[section]` headers, `key = value` (or
    /// `key: value`) lines, comments starting with `#` or `;`. Values may be quoted with `"` or
    /// `'`.
    pub fn ini_file(self, path: impl AsRef<Path>) -> Self {
        self.read_ini_file(path.as_ref(), None)
    }

    /// Like [`ini_file`](Self::ini_file), but a file that does not exist is no error: the other
    /// sources (environment, code) must then supply the settings. A file that exists but cannot
    /// be read or parsed still is an error.
    pub fn ini_file_if_exists(self, path: impl AsRef<Path>) -> Self {
        let path = path.as_ref();
        match std::fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => self,
            _ => self.read_ini_file(path, None),
        }
    }

    /// Reads the section `[section]` of the ini file at `path`; an [`Error::Config`] if it has none.
    pub fn ini_section(self, path: impl AsRef<Path>, section: &str) -> Self {
        self.read_ini_file(path.as_ref(), Some(section))
    }

    /// Reads ini text held in memory: the first section, or `section` if given.
    pub fn ini_text(self, text: &str, section: Option<&str>) -> Self {
        self.read_ini(text, section, "ini text")
    }

    /// Reads the environment variables `LOOKERSDK_BASE_URL`, `LOOKERSDK_CLIENT_ID`,
    /// `LOOKERSDK_CLIENT_SECRET`, `LOOKERSDK_VERIFY_SSL`, `LOOKERSDK_TIMEOUT`, `LOOKERSDK_PROXY`
    /// and `LOOKERSDK_AGENT_TAG`.
    pub fn env(self) -> Self {
        self.env_prefix(DEFAULT_ENV_PREFIX)
    }

    /// Reads the environment variables named `{prefix}_BASE_URL` and so on, such as
    /// `MYAPP_BASE_URL` for the prefix `MYAPP`.
    pub fn env_prefix(self, prefix: &str) -> Self {
        self.env_lookup(prefix, |name| std::env::var(name).ok())
    }

    /// Reads the settings `{prefix}_BASE_URL` and so on through `lookup`, which returns the value
    /// of a variable or `None`: for environments kept elsewhere than the process environment, and
    /// for tests.
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use looker_sdk::ApiSettings;
    ///
    /// let vars = HashMap::from([
    ///     ("APP_BASE_URL", "https://example.looker.com:19999"),
    ///     ("APP_TIMEOUT", "30"),
    /// ]);
    /// let settings = ApiSettings::builder()
    ///     .env_lookup("APP", |name| vars.get(name).map(|v| v.to_string()))
    ///     .build()?;
    /// assert_eq!(settings.request_timeout().as_secs(), 30);
    /// # Ok::<(), looker_sdk::Error>(())
    /// ```
    pub fn env_lookup(
        mut self,
        prefix: &str,
        mut lookup: impl FnMut(&str) -> Option<String>,
    ) -> Self {
        let prefix = prefix.trim_end_matches('_');
        for key in KEYS {
            let name = format!("{prefix}_{}", key.to_ascii_uppercase());
            if let Some(value) = lookup(&name).filter(|value| !value.trim().is_empty()) {
                let source = format!("environment variable {name}");
                self.env.insert(key, Sourced { value, source });
            }
        }
        self
    }

    /// The Looker instance, such as `https://example.looker.com:19999` (the SDK appends
    /// `/api/4.0`).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.code.base_url = Some(base_url.into());
        self
    }

    /// The API key's client id.
    pub fn client_id(mut self, client_id: impl Into<String>) -> Self {
        self.code.client_id = Some(client_id.into());
        self
    }

    /// The API key's client secret.
    pub fn client_secret(mut self, client_secret: impl Into<String>) -> Self {
        self.code.client_secret = Some(Secret::new(client_secret.into()));
        self
    }

    /// See [`ApiSettings::timeout`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.code.timeout = Some(timeout);
        self
    }

    /// See [`ApiSettings::verify_ssl`].
    pub fn verify_ssl(mut self, verify_ssl: bool) -> Self {
        self.code.verify_ssl = Some(verify_ssl);
        self
    }

    /// See [`ApiSettings::proxy`].
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.code.proxy = Some(Secret::new(url.into()));
        self
    }

    /// See [`ApiSettings::agent_tag`].
    pub fn agent_tag(mut self, agent_tag: impl Into<String>) -> Self {
        self.code.agent_tag = Some(agent_tag.into());
        self
    }

    /// See [`ApiSettings::retry`] (code only).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.code.retry = Some(policy);
        self
    }

    /// The settings: the first problem met while reading the sources, or a value that does not
    /// parse, or a missing or malformed `base_url`, is an [`Error::Config`] naming the setting
    /// and its source. Missing credentials are reported by
    /// [`Client::new`](crate::Client::new).
    pub fn build(self) -> Result<ApiSettings> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let Self {
            mut ini, env, code, ..
        } = self;
        ini.extend(env);
        let mut raw = ini;
        let mut take = |key: &str| raw.remove(key);

        let base_url = match (code.base_url, take("base_url")) {
            (Some(url), _) => Sourced::code(url),
            (None, Some(url)) => url,
            (None, None) => {
                return Err(Error::Config(
                    "base_url is not set: give it in code, in an ini file or in the environment \
                     (LOOKERSDK_BASE_URL)"
                        .to_owned(),
                ));
            }
        };
        if let Err(Error::Config(message)) = super::client::check_base_url(&base_url.value) {
            return Err(Error::Config(format!(
                "{message} (from {})",
                base_url.source
            )));
        }
        let client_id = code.client_id.or(take("client_id").map(|s| s.value));
        let client_secret = code
            .client_secret
            .or(take("client_secret").map(|s| Secret::new(s.value)));
        let timeout = match (code.timeout, take("timeout")) {
            (Some(timeout), _) => timeout,
            (None, Some(raw)) => {
                raw.parse("timeout", parse_seconds, "a number of seconds above zero")?
            }
            (None, None) => DEFAULT_TIMEOUT,
        };
        let verify_ssl = match (code.verify_ssl, take("verify_ssl")) {
            (Some(verify), _) => verify,
            (None, Some(raw)) => raw.parse(
                "verify_ssl",
                parse_bool,
                "true, t, yes, y, 1, false, f, no, n or 0",
            )?,
            (None, None) => true,
        };
        let proxy = match (code.proxy, take("proxy")) {
            (Some(proxy), _) => Some(proxy),
            (None, Some(raw)) => {
                check_proxy(&raw.value)
                    .map_err(|message| Error::Config(format!("{message} (from {})", raw.source)))?;
                Some(Secret::new(raw.value))
            }
            (None, None) => None,
        };
        let agent_tag = match (code.agent_tag, take("agent_tag")) {
            (Some(tag), _) => Some(tag),
            (None, Some(raw)) => Some(raw.parse(
                "agent_tag",
                |text| HeaderValue::from_str(text).ok().map(|_| text.to_owned()),
                "text that can be sent in an HTTP header",
            )?),
            (None, None) => None,
        };
        Ok(ApiSettings {
            base_url: base_url.value,
            client_id: client_id.unwrap_or_default(),
            client_secret: client_secret.unwrap_or_else(|| Secret::new(String::new())),
            timeout,
            verify_ssl,
            proxy,
            agent_tag,
            retry: code.retry,
            http_client: None,
        })
    }

    fn read_ini_file(self, path: &Path, section: Option<&str>) -> Self {
        if self.error.is_some() {
            return self;
        }
        match std::fs::read_to_string(path) {
            Ok(text) => self.read_ini(&text, section, &path.display().to_string()),
            Err(e) => self.fail(format!("cannot read ini file {}: {e}", path.display())),
        }
    }

    fn read_ini(mut self, text: &str, section: Option<&str>, origin: &str) -> Self {
        if self.error.is_some() {
            return self;
        }
        let (name, pairs) = match parse_ini(text, section, origin) {
            Ok(found) => found,
            Err(message) => return self.fail(message),
        };
        for (key, value) in pairs {
            if let Some(key) = KEYS.iter().copied().find(|known| *known == key) {
                let source = format!("{origin} [{name}]");
                self.ini.insert(key, Sourced { value, source });
            }
        }
        self
    }

    fn fail(mut self, message: String) -> Self {
        self.error.get_or_insert(Error::Config(message));
        self
    }
}

impl fmt::Debug for ApiSettingsBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sources = |layer: &Layer| -> BTreeMap<&'static str, String> {
            layer
                .iter()
                .map(|(key, raw)| (*key, raw.source.clone()))
                .collect()
        };
        f.debug_struct("ApiSettingsBuilder")
            .field("ini", &sources(&self.ini))
            .field("env", &sources(&self.env))
            .field("error", &self.error)
            .finish_non_exhaustive()
    }
}

impl Sourced {
    fn code(value: String) -> Self {
        Self {
            value,
            source: "code".to_owned(),
        }
    }

    /// Parses the value of setting `key`; an error names the setting, its source and what it
    /// should have been (and quotes the value: only used for settings that are not secret).
    fn parse<T>(&self, key: &str, parse: impl Fn(&str) -> Option<T>, expected: &str) -> Result<T> {
        parse(self.value.trim()).ok_or_else(|| {
            Error::Config(format!(
                "{key} from {} must be {expected}, not {:?}",
                self.source, self.value
            ))
        })
    }
}

/// Looker's booleans: `true`/`t`/`yes`/`y`/`1` and `false`/`f`/`no`/`n`/`0`, in any case.
pub(crate) fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "t" | "yes" | "y" | "1" => Some(true),
        "false" | "f" | "no" | "n" | "0" => Some(false),
        _ => None,
    }
}

/// A positive number of seconds, such as `120` or `0.5`.
fn parse_seconds(text: &str) -> Option<Duration> {
    let seconds: f64 = text.trim().parse().ok()?;
    Duration::try_from_secs_f64(seconds)
        .ok()
        .filter(|timeout| !timeout.is_zero())
}

/// Checks a proxy URL without quoting it (it may hold a password).
pub(crate) fn check_proxy(url: &str) -> std::result::Result<(), String> {
    match reqwest::Url::parse(url.trim()) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host_str().is_some() => Ok(()),
        Ok(_) => Err("proxy must be an http:// or https:// URL with a host".to_owned()),
        Err(e) => Err(format!("proxy is not a URL ({e})")),
    }
}

/// Parses ini `text` and returns the name and the `(key, value)` pairs of the section named
/// `wanted`, or of the first section. Keys are lowercased and values unquoted; empty values are
/// left out. Errors name `origin` and the line, never its contents (which may be a secret).
fn parse_ini(
    text: &str,
    wanted: Option<&str>,
    origin: &str,
) -> std::result::Result<(String, Vec<(String, String)>), String> {
    let mut sections: Vec<(String, Vec<(String, String)>)> = Vec::new();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        let number = index + 1;
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(header) = line.strip_prefix('[') {
            let Some(name) = header.strip_suffix(']') else {
                return Err(format!(
                    "{origin}: line {number}: a section header lacks its `]`"
                ));
            };
            sections.push((name.trim().to_owned(), Vec::new()));
            continue;
        }
        let Some(split) = line.find(['=', ':']) else {
            return Err(format!("{origin}: line {number} is not `key = value`"));
        };
        let key = line[..split].trim().to_ascii_lowercase();
        if key.is_empty() {
            return Err(format!("{origin}: line {number} has no key before its `=`"));
        }
        let Some((_, pairs)) = sections.last_mut() else {
            return Err(format!(
                "{origin}: line {number}: `{key}` comes before the first [section]"
            ));
        };
        pairs.push((key, unquote(line[split + 1..].trim()).to_owned()));
    }
    let name = match (wanted, sections.first()) {
        (Some(wanted), _) => wanted.to_owned(),
        (None, Some((first, _))) => first.clone(),
        (None, None) => return Err(format!("{origin} has no [section]")),
    };
    if !sections.iter().any(|(section, _)| *section == name) {
        return Err(format!("{origin} has no section [{name}]"));
    }
    // A section given twice is read as one, later lines winning.
    let pairs = sections
        .into_iter()
        .filter(|(section, _)| *section == name)
        .flat_map(|(_, pairs)| pairs)
        .filter(|(_, value)| !value.is_empty())
        .collect();
    Ok((name, pairs))
}

/// Removes one pair of matching quotes around `value`.
fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|rest| rest.strip_suffix(quote))
        {
            return inner;
        }
    }
    value
}

/// A credential (client secret, access token, or a proxy URL with a password) whose `Debug`
/// prints `***`.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(String);

impl Secret {
    pub(crate) fn new(value: String) -> Self {
        Self(value)
    }

    /// The secret itself, for the one place that must send it.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config_error(result: Result<ApiSettings>) -> String {
        match result {
            Err(Error::Config(message)) => message,
            other => panic!("expected a config error, got {other:?}"),
        }
    }

    #[test]
    fn debug_hides_the_secret() {
        let settings = ApiSettings::new("https://x:19999", "the-id", "hunter2-secret")
            .proxy("http://user:proxy-password@proxy:3128");
        let debug = format!("{settings:?}");
        assert!(!debug.contains("hunter2"), "{debug}");
        assert!(!debug.contains("proxy-password"), "{debug}");
        assert!(debug.contains("***"), "{debug}");
        assert!(debug.contains("the-id"), "{debug}");
        assert!(!format!("{settings:#?}").contains("hunter2"));
    }

    #[test]
    fn timeout_defaults_to_120_seconds_and_can_be_set() {
        let settings = ApiSettings::new("https://x", "id", "secret");
        assert_eq!(settings.request_timeout(), Duration::from_secs(120));
        assert!(settings.verifies_ssl());
        let settings = settings.timeout(Duration::from_secs(5));
        assert_eq!(settings.request_timeout(), Duration::from_secs(5));
    }

    #[test]
    fn booleans() {
        for text in ["true", "TRUE", "t", "Yes", "y", "1", " true "] {
            assert_eq!(parse_bool(text), Some(true), "{text}");
        }
        for text in ["false", "F", "no", "N", "0", "False"] {
            assert_eq!(parse_bool(text), Some(false), "{text}");
        }
        for text in ["", "maybe", "2", "on", "off", "yess", "-1"] {
            assert_eq!(parse_bool(text), None, "{text}");
        }
    }

    #[test]
    fn seconds() {
        assert_eq!(parse_seconds("120"), Some(Duration::from_secs(120)));
        assert_eq!(parse_seconds(" 0.5 "), Some(Duration::from_millis(500)));
        for text in ["0", "-1", "abc", "", "NaN", "inf", "1e400"] {
            assert_eq!(parse_seconds(text), None, "{text}");
        }
    }

    #[test]
    fn ini_reads_the_first_or_a_named_section() {
        let text = "\u{feff}# comment\n; another\n\n[Looker]\nbase_url=https://a:19999\n\
                    CLIENT_ID = \"quoted id\"\nclient_secret: 'single quoted'\nverify_ssl=\n\
                    [Other]\nbase_url = https://b\ntimeout=\"\"\n";
        let (name, pairs) = parse_ini(text, None, "f").unwrap_or_default();
        assert_eq!(name, "Looker");
        assert_eq!(
            pairs,
            [
                ("base_url".to_owned(), "https://a:19999".to_owned()),
                ("client_id".to_owned(), "quoted id".to_owned()),
                ("client_secret".to_owned(), "single quoted".to_owned()),
            ]
        );
        let (name, pairs) = parse_ini(text, Some("Other"), "f").unwrap_or_default();
        assert_eq!(name, "Other");
        assert_eq!(pairs, [("base_url".to_owned(), "https://b".to_owned())]);
    }

    #[test]
    fn ini_values_keep_inner_quotes_and_equals_signs() {
        let text = "[s]\na = \"x=y\"\nb = \"unbalanced\nc = 'it''s'\nd=\"\"\"\"\n";
        let (_, pairs) = parse_ini(text, None, "f").unwrap_or_default();
        let values: Vec<&str> = pairs.iter().map(|(_, v)| v.as_str()).collect();
        assert_eq!(values, ["x=y", "\"unbalanced", "it''s", "\"\""]);
    }

    #[test]
    fn ini_errors_name_the_file_and_line_but_not_the_contents() {
        let error = |text: &str, section: Option<&str>| {
            parse_ini(text, section, "my.ini").err().unwrap_or_default()
        };
        let message = error("[a]\nhunter2-secret-line\n", None);
        assert!(
            message.contains("my.ini") && message.contains("line 2"),
            "{message}"
        );
        assert!(!message.contains("hunter2"), "{message}");
        assert!(error("base_url=x\n[a]\n", None).contains("line 1"));
        assert!(error("[a\nx=1\n", None).contains("line 1"));
        assert!(error("[a]\n=1\n", None).contains("line 2"));
        assert!(error("# only a comment\n", None).contains("no [section]"));
        assert!(error("[a]\nx=1\n", Some("b")).contains("[b]"));
    }

    #[test]
    fn builder_layers_ini_then_env_then_code() -> Result<()> {
        let ini = "[Looker]\nbase_url=https://ini\nclient_id=ini-id\nclient_secret=ini-secret\n\
                   timeout=10\nverify_ssl=false\nagent_tag=ini-tag\napi_version=4.0\n";
        let env = BTreeMap::from([
            ("LOOKERSDK_CLIENT_ID", "env-id"),
            ("LOOKERSDK_TIMEOUT", "20"),
            ("LOOKERSDK_BASE_URL", ""),
        ]);
        let lookup = |name: &str| env.get(name).map(|v| (*v).to_owned());
        // Code first, ini last: the order of the calls does not matter.
        let settings = ApiSettings::builder()
            .timeout(Duration::from_secs(30))
            .env_lookup("LOOKERSDK", lookup)
            .ini_text(ini, None)
            .build()?;
        assert_eq!(settings.base_url(), "https://ini");
        assert_eq!(settings.client_id(), "env-id");
        assert_eq!(settings.client_secret.expose(), "ini-secret");
        assert_eq!(settings.request_timeout(), Duration::from_secs(30));
        assert!(!settings.verifies_ssl());
        assert_eq!(settings.agent_tag_value(), Some("ini-tag"));
        Ok(())
    }

    #[test]
    fn builder_errors_name_the_setting_and_source() {
        let message = config_error(
            ApiSettings::builder()
                .ini_text("[a]\nbase_url=https://x\nverify_ssl=maybe\n", None)
                .build(),
        );
        assert!(
            message.contains("verify_ssl") && message.contains("ini text [a]"),
            "{message}"
        );
        let message = config_error(
            ApiSettings::builder()
                .env_lookup("APP_", |name| {
                    (name == "APP_BASE_URL").then(|| "not a url".to_owned())
                })
                .build(),
        );
        assert!(
            message.contains("base_url") && message.contains("APP_BASE_URL"),
            "{message}"
        );
        let message = config_error(ApiSettings::builder().build());
        assert!(message.contains("base_url is not set"), "{message}");
        let message = config_error(
            ApiSettings::builder()
                .base_url("https://x")
                .env_lookup("L", |name| {
                    (name == "L_PROXY").then(|| "ftp://u:pw@proxy".to_owned())
                })
                .build(),
        );
        assert!(
            message.contains("proxy") && !message.contains("pw"),
            "{message}"
        );
        let message = config_error(
            ApiSettings::builder()
                .ini_file("/nonexistent/dir/looker.ini")
                .base_url("https://x")
                .build(),
        );
        assert!(message.contains("/nonexistent/dir/looker.ini"), "{message}");
    }
}
