//! `looker-codegen fetch-spec`: downloads the API 4.0 spec a Looker instance serves and saves it
//! under `spec/`, named after the instance's Looker release (`Looker.4.0.26.12.json`).
//!
//! As Looker's own sdk-codegen does (`packages/sdk-codegen-scripts/src/fetchSpec.ts`): ask
//! `{base_url}/versions` for the `supported_versions` entry of version `4.0` and its
//! `swagger_url`, name the file after the first two parts of `looker_release_version`, and
//! download the spec without logging in first (instances serve it to anyone), logging in with
//! the API credentials only when the instance answers 401 or 403, and logging out afterwards.
//!
//! The settings are the Rust SDK's own ([`looker_sdk_rtl::ApiSettings`], read from `looker.ini`
//! and `LOOKERSDK_*` variables by the runtime's builder), so a `looker.ini` that works for the
//! SDK works here. Logging in goes through the runtime's [`Client`] too (its `POST
//! /api/4.0/login` form, its handling of secrets): the runtime does not hand out the client
//! secret, and this file does not read it again.
//!
//! Nothing is saved until the download is JSON, a 4.0 spec of the release `/versions` named,
//! and loads into the generator's model; the file is then written beside its final name and
//! renamed over it, so a failure leaves any previous file untouched.

use std::error::Error as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use looker_sdk_rtl::{ApiInfo, ApiSettings, Client};
use reqwest::header::{ACCEPT, HeaderValue};
use reqwest::{Method, StatusCode, Url};
use serde_json::Value;

/// The API version the generator handles.
pub const API_VERSION: &str = "4.0";

/// The largest spec accepted (Looker's is about 2 MB): a server that sends more is not sending a
/// spec, and is not read into memory.
const MAX_SPEC_BYTES: usize = 64 << 20;

/// `/versions` answers are small; this bounds what a wrong server can make us read.
const MAX_VERSIONS_BYTES: usize = 1 << 20;

/// What the generator says it is, to Looker (`User-Agent`, and the agent tag unless the settings
/// set one).
const USER_AGENT: &str = concat!("looker-codegen/", env!("CARGO_PKG_VERSION"));

/// Why fetching failed. URLs are shown without query or credentials; no message ever holds the
/// client secret or a token (the runtime's errors never do either).
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("settings")]
    Settings(#[source] Box<looker_sdk_rtl::Error>),
    #[error("cannot build the HTTP client")]
    Client(#[source] reqwest::Error),
    #[error("cannot start the async runtime")]
    Runtime(#[source] std::io::Error),
    #[error("cannot reach {url}: {detail}")]
    Unreachable { url: String, detail: String },
    #[error("GET {url} timed out (the `timeout` setting)")]
    Timeout { url: String },
    #[error("GET {url} answered HTTP {status}{hint}")]
    Status {
        url: String,
        status: u16,
        hint: &'static str,
    },
    #[error("the answer of {url} is not what Looker's /versions sends: {problem}")]
    Versions { url: String, problem: String },
    #[error("{url}: the instance serves no API {API_VERSION} (it lists {supported})")]
    NoApi { url: String, supported: String },
    #[error(
        "{url} requires logging in, and no API credentials are set: set client_id and \
         client_secret in looker.ini, or LOOKERSDK_CLIENT_ID and LOOKERSDK_CLIENT_SECRET"
    )]
    NeedsLogin { url: String },
    #[error(
        "{url} requires logging in, but it is not under the instance's API ({api_url}): the \
         API credentials are only sent there"
    )]
    OtherOrigin { url: String, api_url: String },
    #[error("GET {url}, logged in at {api_url}/login, failed{hint}")]
    LoggedIn {
        url: String,
        api_url: String,
        hint: &'static str,
        #[source]
        source: Box<looker_sdk_rtl::Error>,
    },
    #[error("the download of {url} failed before its end (cut off?): {detail}")]
    Download { url: String, detail: String },
    #[error("{url} sent more than {MAX} MiB", MAX = MAX_SPEC_BYTES >> 20)]
    TooLarge { url: String },
    #[error("{url} is not JSON (a download cut off short?)")]
    NotJson {
        url: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("{url} is not a Looker API {API_VERSION} spec: {problem}")]
    NotSpec { url: String, problem: String },
    #[error("{url} does not load as a spec")]
    Unusable {
        url: String,
        #[source]
        source: looker_codegen::Error,
    },
    #[error("cannot save {path}")]
    Save {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Where the settings come from: an ini file (and section), then the `LOOKERSDK_*` variables,
/// which override it.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// The ini file; `None` reads none.
    pub ini: Option<PathBuf>,
    /// Its section; the first one when `None`.
    pub section: Option<String>,
}

impl Sources {
    /// The settings, read by the runtime's [`ApiSettings::builder`], with its errors (which name
    /// the setting and where it came from).
    pub fn settings(&self) -> Result<ApiSettings, FetchError> {
        let mut builder = ApiSettings::builder();
        if let Some(ini) = &self.ini {
            builder = match &self.section {
                Some(section) => builder.ini_section(ini, section),
                None => builder.ini_file(ini),
            };
        }
        builder
            .env()
            .build()
            .map_err(|e| FetchError::Settings(Box::new(e)))
    }
}

/// What [`fetch`] saved.
#[derive(Debug)]
pub struct Fetched {
    /// The file written.
    pub path: PathBuf,
    /// Whether it replaced a file of the same name.
    pub replaced: bool,
    /// `looker_release_version` as `/versions` gave it, e.g. `26.12.3`.
    pub looker_release: String,
    /// `Swagger 2.0` or `OpenAPI 3.x`.
    pub format: &'static str,
    /// How many operations the spec's model has.
    pub operations: usize,
}

/// The API version entry of `/versions`, as far as fetching needs it.
#[derive(Debug, PartialEq, Eq)]
pub struct Versions {
    /// `looker_release_version`, e.g. `26.12.3`.
    pub looker_release: String,
    /// The release as the file name carries it: its first two parts, e.g. `26.12`.
    pub release: String,
    /// The `supported_versions` entries: (version, status, swagger_url).
    pub supported: Vec<(String, Option<String>, Option<String>)>,
}

impl Versions {
    /// The `swagger_url` of API `version`, if the instance lists it with one.
    pub fn swagger_url(&self, version: &str) -> Option<&str> {
        self.supported
            .iter()
            .find(|(v, _, url)| v == version && url.is_some())
            .and_then(|(_, _, url)| url.as_deref())
    }

    /// The status the instance gives API `version` (`stable`, `current`, ...).
    pub fn status(&self, version: &str) -> Option<&str> {
        self.supported
            .iter()
            .find(|(v, _, _)| v == version)
            .and_then(|(_, status, _)| status.as_deref())
    }
}

/// Reads Looker's `/versions` answer: `looker_release_version` (such as `26.12.3`) and the
/// `supported_versions` array of `{version, status, swagger_url}`. A problem is said in words.
pub fn parse_versions(body: &[u8]) -> Result<Versions, String> {
    let json: Value = serde_json::from_slice(body).map_err(|e| format!("not JSON ({e})"))?;
    let Some(object) = json.as_object() else {
        return Err("not a JSON object".to_owned());
    };
    let looker_release = match object.get("looker_release_version") {
        Some(Value::String(release)) => release.trim().to_owned(),
        Some(_) => return Err("`looker_release_version` is not a string".to_owned()),
        None => return Err("no `looker_release_version`".to_owned()),
    };
    let release = release_name(&looker_release).ok_or_else(|| {
        format!("`looker_release_version` {looker_release:?} is not a release such as 26.12.3")
    })?;
    let entries = match object.get("supported_versions") {
        Some(Value::Array(entries)) => entries,
        Some(_) => return Err("`supported_versions` is not an array".to_owned()),
        None => return Err("no `supported_versions`".to_owned()),
    };
    let mut supported = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        let text = |key: &str| -> Result<Option<String>, String> {
            match entry.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(text)) => Ok(Some(text.clone())),
                Some(_) => Err(format!(
                    "`supported_versions[{index}].{key}` is not a string"
                )),
            }
        };
        if !entry.is_object() {
            return Err(format!("`supported_versions[{index}]` is not an object"));
        }
        let Some(version) = text("version")? else {
            return Err(format!("`supported_versions[{index}]` has no `version`"));
        };
        supported.push((version, text("status")?, text("swagger_url")?));
    }
    Ok(Versions {
        looker_release,
        release,
        supported,
    })
}

/// `26.12` from `26.12.3` (the first two numbers, as sdk-codegen names its files); `None` unless
/// the release starts with two dot-separated numbers. The result is digits and one dot, so it is
/// safe in a file name.
pub fn release_name(looker_release: &str) -> Option<String> {
    fn number(part: Option<&str>) -> Option<&str> {
        part.filter(|p| !p.is_empty() && p.len() <= 6 && p.bytes().all(|b| b.is_ascii_digit()))
    }
    let mut parts = looker_release.split('.');
    let (major, minor) = (number(parts.next())?, number(parts.next())?);
    Some(format!("{major}.{minor}"))
}

/// The file name of the spec: `Looker.4.0.26.12.json` (Swagger 2.0, what instances serve) or
/// `Looker.4.0.26.12.oas.json` (OpenAPI 3), as in `spec/` and sdk-codegen's `spec/`.
pub fn file_name(release: &str, openapi3: bool) -> String {
    let suffix = if openapi3 { ".oas.json" } else { ".json" };
    format!("Looker.{API_VERSION}.{release}{suffix}")
}

/// The server's root (`https://host:19999`) and API URL (`https://host:19999/api/4.0`) from
/// `base_url`, which may end in `/` or already in `/api/4.0`, as the runtime accepts it.
pub fn roots(base_url: &str) -> Result<(Url, String), String> {
    let url = Url::parse(base_url.trim()).map_err(|e| format!("base_url is not a URL ({e})"))?;
    let api_path = format!("/api/{API_VERSION}");
    let mut text = url.as_str().trim_end_matches('/').to_owned();
    if let Some(root) = text.strip_suffix(&api_path) {
        text = root.to_owned();
    }
    let root = Url::parse(&format!("{text}/")).map_err(|e| format!("base_url: {e}"))?;
    Ok((root, format!("{text}{api_path}")))
}

/// The path of `url` relative to `api_url` (`/swagger.json`), if `url` is on the same origin
/// under it and has no query: only such a URL may be fetched logged in.
pub fn under_api(url: &Url, api_url: &str) -> Option<String> {
    let api = Url::parse(api_url).ok()?;
    if url.origin() != api.origin() || url.query().is_some() || url.fragment().is_some() {
        return None;
    }
    let rest = url.path().strip_prefix(api.path().trim_end_matches('/'))?;
    (rest.starts_with('/') && rest.len() > 1).then(|| rest.to_owned())
}

/// A URL as messages show it: without credentials, query or fragment.
pub fn shown(url: &Url) -> String {
    let mut url = url.clone();
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.set_query(None);
    url.set_fragment(None);
    url.to_string()
}

/// Checks that `body` is a Looker API 4.0 spec of `release` and loads it into the model; returns
/// its format and operation count.
pub fn check_spec(
    body: &[u8],
    url: &str,
    release: &str,
) -> Result<(&'static str, usize), FetchError> {
    let not_spec = |problem: String| FetchError::NotSpec {
        url: url.to_owned(),
        problem,
    };
    let json: Value = serde_json::from_slice(body).map_err(|source| FetchError::NotJson {
        url: url.to_owned(),
        source,
    })?;
    let format = match (json.get("swagger"), json.get("openapi")) {
        (Some(Value::String(v)), _) if v == "2.0" => "Swagger 2.0",
        (_, Some(Value::String(v))) if v.starts_with("3.") => "OpenAPI 3",
        _ => {
            return Err(not_spec(
                "it has neither `swagger: \"2.0\"` nor `openapi: \"3.x\"`".to_owned(),
            ));
        }
    };
    let info = json.get("info");
    let version = info.and_then(|i| i.get("version")).and_then(Value::as_str);
    match version {
        Some(v) if v == API_VERSION || v.starts_with(&format!("{API_VERSION}.")) => {}
        Some(v) => return Err(not_spec(format!("its info.version is {v:?}"))),
        None => return Err(not_spec("it has no info.version".to_owned())),
    }
    let spec_release = info
        .and_then(|i| i.get("x-looker-release-version"))
        .and_then(Value::as_str);
    if let Some(spec_release) = spec_release
        && release_name(spec_release).as_deref() != Some(release)
    {
        return Err(not_spec(format!(
            "its x-looker-release-version is {spec_release:?}, but /versions says the instance \
             runs Looker {release}"
        )));
    }
    let loaded = looker_codegen::api_from_json(json).map_err(|source| FetchError::Unusable {
        url: url.to_owned(),
        source,
    })?;
    Ok((format, loaded.api.methods.len()))
}

/// Writes `body` to `dir/name` atomically: into a temporary file in `dir`, then renamed over the
/// name (which replaces a file or link of that name, never writing through it). On failure the
/// temporary file is removed and the previous file is as it was. Returns whether a file was
/// replaced.
pub fn save(dir: &Path, name: &str, body: &[u8]) -> Result<(PathBuf, bool), FetchError> {
    let path = dir.join(name);
    let failed = |source| FetchError::Save {
        path: path.clone(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(failed)?;
    // A spec is no secret: the file gets the permissions a new file gets (0666 less the umask),
    // not a temporary file's 0600.
    use std::os::unix::fs::PermissionsExt as _;
    let mut file = tempfile::Builder::new()
        .prefix(".looker-codegen-fetch-")
        .suffix(".tmp")
        .permissions(std::fs::Permissions::from_mode(0o666))
        .tempfile_in(dir)
        .map_err(failed)?;
    file.write_all(body).map_err(failed)?;
    file.as_file().sync_all().map_err(failed)?;
    let replaced = path.symlink_metadata().is_ok();
    file.persist(&path).map_err(|e| failed(e.error))?;
    Ok((path, replaced))
}

/// Fetches the instance's API 4.0 spec with `settings` and saves it in `out_dir`. Progress goes
/// to standard error.
pub fn fetch(settings: &ApiSettings, out_dir: &Path) -> Result<Fetched, FetchError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(FetchError::Runtime)?;
    runtime.block_on(fetch_async(settings, out_dir))
}

async fn fetch_async(settings: &ApiSettings, out_dir: &Path) -> Result<Fetched, FetchError> {
    let (root, api_url) = roots(settings.base_url()).map_err(|message| {
        FetchError::Settings(Box::new(looker_sdk_rtl::Error::Config(message)))
    })?;
    let http = http_client(settings)?;
    let mut login = Login {
        settings,
        api_url,
        client: None,
        looker_release: None,
    };
    let result = fetch_with(&http, &mut login, &root, out_dir).await;
    login.end().await;
    result
}

async fn fetch_with(
    http: &reqwest::Client,
    login: &mut Login<'_>,
    root: &Url,
    out_dir: &Path,
) -> Result<Fetched, FetchError> {
    let versions_url = root.join("versions").map_err(|e| FetchError::Versions {
        url: shown(root),
        problem: e.to_string(),
    })?;
    eprintln!("GET {}", shown(&versions_url));
    let body = match get(http, &versions_url, MAX_VERSIONS_BYTES).await {
        // Looker serves /versions to anyone; the API's own `GET /versions` (the same answer)
        // takes a login.
        Err(FetchError::Status {
            status: 401 | 403, ..
        }) => {
            let url = Url::parse(&format!("{}/versions", login.api_url)).map_err(|e| {
                FetchError::Versions {
                    url: shown(&versions_url),
                    problem: e.to_string(),
                }
            })?;
            login.get(&url, MAX_VERSIONS_BYTES).await?
        }
        other => other?,
    };
    let versions = parse_versions(&body).map_err(|problem| FetchError::Versions {
        url: shown(&versions_url),
        problem,
    })?;
    let Some(swagger_url) = versions.swagger_url(API_VERSION) else {
        let listed: Vec<&str> = versions
            .supported
            .iter()
            .map(|(v, _, _)| v.as_str())
            .collect();
        return Err(FetchError::NoApi {
            url: shown(&versions_url),
            supported: if listed.is_empty() {
                "no API version".to_owned()
            } else {
                listed.join(", ")
            },
        });
    };
    // A relative swagger_url is relative to /versions.
    let swagger_url = versions_url
        .join(swagger_url)
        .map_err(|e| FetchError::Versions {
            url: shown(&versions_url),
            problem: format!("the swagger_url of API {API_VERSION} is not a URL ({e})"),
        })?;
    login.looker_release = Some(versions.looker_release.clone());
    eprintln!(
        "Looker {} serves API {API_VERSION} ({}) at {}",
        versions.looker_release,
        versions.status(API_VERSION).unwrap_or("no status"),
        shown(&swagger_url)
    );

    let spec = match get(http, &swagger_url, MAX_SPEC_BYTES).await {
        Err(FetchError::Status {
            status: 401 | 403, ..
        }) => login.get(&swagger_url, MAX_SPEC_BYTES).await?,
        other => other?,
    };
    let url = shown(&swagger_url);
    let (format, operations) = check_spec(&spec, &url, &versions.release)?;
    let name = file_name(&versions.release, format != "Swagger 2.0");
    let (path, replaced) = save(out_dir, &name, &spec)?;
    Ok(Fetched {
        path,
        replaced,
        looker_release: versions.looker_release,
        format,
        operations,
    })
}

/// The client for requests sent without logging in: the runtime's, from the same settings (TLS
/// verification, proxy, no redirects), with fetch-spec's user agent and the settings' time limit
/// for the whole request.
fn http_client(settings: &ApiSettings) -> Result<reqwest::Client, FetchError> {
    settings
        .http_client_builder()
        .map_err(|e| FetchError::Settings(Box::new(e)))?
        .user_agent(USER_AGENT)
        .timeout(settings.request_timeout())
        .build()
        .map_err(FetchError::Client)
}

/// GETs `url` without logging in and reads at most `limit` bytes of a 2xx answer.
async fn get(http: &reqwest::Client, url: &Url, limit: usize) -> Result<Vec<u8>, FetchError> {
    let shown = shown(url);
    let mut response = http
        .get(url.clone())
        .header(ACCEPT, HeaderValue::from_static("application/json"))
        .send()
        .await
        .map_err(|e| transport(e, &shown, false))?;
    let status = response.status();
    if !status.is_success() {
        return Err(FetchError::Status {
            url: shown,
            status: status.as_u16(),
            hint: status_hint(status),
        });
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| transport(e, &shown, true))?
    {
        if body.len() + chunk.len() > limit {
            return Err(FetchError::TooLarge { url: shown });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Requests made logged in, through the runtime's client, which logs in with the settings' API
/// credentials (`POST /api/4.0/login`, a form body) on the first of them.
struct Login<'a> {
    settings: &'a ApiSettings,
    /// `{base_url}/api/4.0`: the only place the credentials and the token are sent.
    api_url: String,
    /// Made on the first request that needs it.
    client: Option<Client>,
    /// The release `/versions` named, for the agent tag.
    looker_release: Option<String>,
}

impl Login<'_> {
    /// GETs `url`, which must be under the API, logged in, and reads at most `limit` bytes.
    async fn get(&mut self, url: &Url, limit: usize) -> Result<Vec<u8>, FetchError> {
        let shown = shown(url);
        let Some(path) = under_api(url, &self.api_url) else {
            return Err(FetchError::OtherOrigin {
                url: shown,
                api_url: self.api_url.clone(),
            });
        };
        let client = match &self.client {
            Some(client) => client.clone(),
            None => {
                let client = self.client(&shown)?;
                eprintln!(
                    "{shown} requires logging in: logging in at {}/login",
                    self.api_url
                );
                self.client.insert(client).clone()
            }
        };
        match client.call(Method::GET, path).body().await {
            Ok(body) if body.bytes().len() > limit => Err(FetchError::TooLarge { url: shown }),
            Ok(body) => Ok(body.into_bytes().to_vec()),
            Err(source) => Err(FetchError::LoggedIn {
                url: shown,
                api_url: self.api_url.clone(),
                hint: match source.status() {
                    Some(401) => {
                        ": Looker refused the API credentials or the token (check client_id \
                         and client_secret)"
                    }
                    // Looker answers a login with unknown credentials with 404.
                    Some(404) => {
                        ": check client_id and client_secret (Looker answers a login \
                                   with unknown credentials with 404)"
                    }
                    Some(403) => ": the API user may not read it",
                    _ => "",
                },
                source: Box::new(source),
            }),
        }
    }

    fn client(&self, shown: &str) -> Result<Client, FetchError> {
        if self.settings.client_id().trim().is_empty() {
            return Err(FetchError::NeedsLogin {
                url: shown.to_owned(),
            });
        }
        let release = self.looker_release.clone().unwrap_or_default();
        let api = ApiInfo {
            api_version: API_VERSION,
            // Sent in the agent tag; the one string this short-lived command leaks.
            looker_release: Box::leak(release.into_boxed_str()),
            user_agent: USER_AGENT,
        };
        match Client::new(self.settings.clone(), api) {
            Ok(client) => Ok(client),
            Err(looker_sdk_rtl::Error::Config(message)) if message.contains("client_secret") => {
                Err(FetchError::NeedsLogin {
                    url: shown.to_owned(),
                })
            }
            Err(e) => Err(FetchError::Settings(Box::new(e))),
        }
    }

    /// Logs out if a login happened, as sdk-codegen does; a failure costs nothing but a session
    /// left to expire.
    async fn end(self) {
        if let Some(client) = self.client
            && let Err(e) = client.end_session().await
        {
            eprintln!("warning: logging out failed ({e}); the session expires by itself");
        }
    }
}

/// A transport error as a message: what failed, with reqwest's chain of causes but not its URL
/// (shown once, without its query, by the caller).
fn transport(error: reqwest::Error, url: &str, reading: bool) -> FetchError {
    if error.is_timeout() {
        return FetchError::Timeout {
            url: url.to_owned(),
        };
    }
    let error = error.without_url();
    let mut detail = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        let text = inner.to_string();
        if !detail.contains(&text) {
            detail.push_str(": ");
            detail.push_str(&text);
        }
        cause = inner.source();
    }
    if reading {
        FetchError::Download {
            url: url.to_owned(),
            detail,
        }
    } else {
        FetchError::Unreachable {
            url: url.to_owned(),
            detail,
        }
    }
}

/// What a maintainer can do about a status.
fn status_hint(status: StatusCode) -> &'static str {
    match status.as_u16() {
        300..=399 => {
            " (a redirect, which fetch-spec does not follow: is base_url the API server, e.g. https://host:19999?)"
        }
        404 => " (is base_url the instance's API server, e.g. https://host:19999?)",
        401 | 403 => " (the instance requires logging in)",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_and_find_api_4() {
        let body = br#"{"looker_release_version":"26.12.3","current_version":{"version":"4.0"},
            "supported_versions":[
              {"version":"3.1","status":"legacy","swagger_url":"https://h:19999/api/3.1/swagger.json"},
              {"version":"4.0","full_version":"4.0.26.12","status":"stable","swagger_url":"https://h:19999/api/4.0/swagger.json"}]}"#;
        let versions = parse_versions(body).expect("parses");
        assert_eq!(versions.looker_release, "26.12.3");
        assert_eq!(versions.release, "26.12");
        assert_eq!(
            versions.swagger_url("4.0"),
            Some("https://h:19999/api/4.0/swagger.json")
        );
        assert_eq!(versions.status("4.0"), Some("stable"));
        assert_eq!(versions.swagger_url("5.0"), None);
    }

    #[test]
    fn malformed_versions_say_what_is_wrong() {
        let problem = |body: &str| parse_versions(body.as_bytes()).err().unwrap_or_default();
        assert!(problem("<html>").contains("not JSON"));
        assert!(problem("[]").contains("not a JSON object"));
        assert!(problem(r#"{"supported_versions":[]}"#).contains("looker_release_version"));
        assert!(
            problem(r#"{"looker_release_version":7,"supported_versions":[]}"#)
                .contains("not a string")
        );
        assert!(
            problem(r#"{"looker_release_version":"x","supported_versions":[]}"#)
                .contains("not a release")
        );
        assert!(problem(r#"{"looker_release_version":"26.12"}"#).contains("supported_versions"));
        assert!(
            problem(r#"{"looker_release_version":"26.12","supported_versions":{}}"#)
                .contains("not an array")
        );
        assert!(
            problem(r#"{"looker_release_version":"26.12","supported_versions":[{"status":"x"}]}"#)
                .contains("supported_versions[0]` has no `version`")
        );
        assert!(
            problem(r#"{"looker_release_version":"26.12","supported_versions":[{"version":4.0}]}"#)
                .contains("supported_versions[0].version")
        );
    }

    #[test]
    fn release_names_are_two_numbers() {
        assert_eq!(release_name("26.12.3").as_deref(), Some("26.12"));
        assert_eq!(release_name("7.20").as_deref(), Some("7.20"));
        assert_eq!(release_name("21.4.0-rc1").as_deref(), Some("21.4"));
        for bad in [
            "",
            "26",
            "26.",
            ".12",
            "26.x",
            "../26.12",
            "26/12.1",
            "2612345678.1",
        ] {
            assert_eq!(release_name(bad), None, "{bad}");
        }
        assert_eq!(file_name("26.12", false), "Looker.4.0.26.12.json");
        assert_eq!(file_name("26.12", true), "Looker.4.0.26.12.oas.json");
    }

    #[test]
    fn roots_of_base_urls() {
        for base in [
            "https://h:19999",
            "https://h:19999/",
            "https://h:19999/api/4.0",
            "https://h:19999/api/4.0/",
        ] {
            let (root, api) = roots(base).expect("a URL");
            assert_eq!(root.as_str(), "https://h:19999/", "{base}");
            assert_eq!(api, "https://h:19999/api/4.0", "{base}");
        }
        let (root, api) = roots("https://h/looker").expect("a URL");
        assert_eq!(root.as_str(), "https://h/looker/");
        assert_eq!(api, "https://h/looker/api/4.0");
    }

    #[test]
    fn only_urls_under_the_api_are_fetched_logged_in() {
        let api = "https://h:19999/api/4.0";
        let url = |text: &str| Url::parse(text).expect("a URL");
        assert_eq!(
            under_api(&url("https://h:19999/api/4.0/swagger.json"), api).as_deref(),
            Some("/swagger.json")
        );
        for other in [
            "https://h:19998/api/4.0/swagger.json",
            "http://h:19999/api/4.0/swagger.json",
            "https://evil:19999/api/4.0/swagger.json",
            "https://h:19999/api/4.01/swagger.json",
            "https://h:19999/api/4.0/",
            "https://h:19999/api/4.0",
            "https://h:19999/api/4.0/swagger.json?x=1",
            "https://h:19999/swagger.json",
        ] {
            assert_eq!(under_api(&url(other), api), None, "{other}");
        }
    }

    #[test]
    fn shown_urls_drop_credentials_and_queries() {
        let url =
            Url::parse("https://user:pw@h:19999/api/4.0/swagger.json?token=abc#x").expect("a URL");
        assert_eq!(shown(&url), "https://h:19999/api/4.0/swagger.json");
    }

    #[test]
    fn specs_are_checked_before_saving() {
        let problem = |body: &str| match check_spec(body.as_bytes(), "u", "26.12") {
            Err(e) => format!("{e:#}"),
            Ok(_) => String::new(),
        };
        assert!(problem("{\"swagger\": \"2.0\"").contains("not JSON"));
        assert!(problem("{}").contains("neither"));
        assert!(problem(r#"{"swagger":"2.0","info":{"version":"3.1.0"}}"#).contains("\"3.1.0\""));
        assert!(problem(r#"{"swagger":"2.0","info":{}}"#).contains("no info.version"));
        assert!(
            problem(
                r#"{"swagger":"2.0","info":{"version":"4.0.25.20","x-looker-release-version":"25.20.1"}}"#
            )
            .contains("25.20.1")
        );
        // The right header, but not a spec the generator can load.
        let unusable =
            problem(r#"{"openapi":"3.0.1","info":{"version":"4.0.26.12","title":"t"},"paths":7}"#);
        assert!(unusable.contains("u does not load as a spec"), "{unusable}");
    }

    #[test]
    fn saving_replaces_atomically_and_leaves_nothing_behind() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let (path, replaced) = save(dir.path(), "a.json", b"one").expect("saves");
        assert!(!replaced);
        assert_eq!(std::fs::read(&path).expect("readable"), b"one");
        let (_, replaced) = save(dir.path(), "a.json", b"two").expect("saves");
        assert!(replaced);
        assert_eq!(std::fs::read(&path).expect("readable"), b"two");
        // The permissions of any new file, not a temporary file's 0600.
        let plain = dir.path().join("plain");
        std::fs::write(&plain, "x").expect("writable");
        let mode = |p: &Path| {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::metadata(p).expect("metadata").permissions().mode()
        };
        assert_eq!(mode(&path), mode(&plain));
        std::fs::remove_file(&plain).expect("removable");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("readable")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .collect();
        assert_eq!(names, ["a.json"]);
    }
}
