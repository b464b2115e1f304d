//! Settings from code, ini files and the environment: precedence, parsing, defaults, and errors
//! at construction. The environment is given as a map (`env_lookup`), never by changing the
//! process environment, so these tests can run in parallel.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use looker_sdk::{ApiSettings, ApiSettingsBuilder, Error, LookerSdk, Result};
use serde_json::json;
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// An ini file in the temporary directory, removed when dropped.
struct IniFile(PathBuf);

impl IniFile {
    fn new(name: &str, text: &str) -> Self {
        let path = std::env::temp_dir().join(format!(
            "looker-sdk-settings-{}-{name}.ini",
            std::process::id()
        ));
        if let Err(e) = std::fs::write(&path, text) {
            panic!("cannot write {}: {e}", path.display());
        }
        Self(path)
    }
}

impl Drop for IniFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl FnMut(&str) -> Option<String> + 'a {
    let vars: HashMap<&str, &str> = vars.iter().copied().collect();
    move |name| vars.get(name).map(|value| (*value).to_owned())
}

fn config_error(result: Result<ApiSettings>) -> String {
    match result {
        Err(Error::Config(message)) => message,
        other => panic!("expected a config error, got {other:?}"),
    }
}

#[tokio::test]
async fn ini_then_environment_then_code_each_overriding_the_one_before() -> Result<()> {
    let server = MockServer::start().await;
    // What the server receives shows which source won for each credential and the agent tag.
    Mock::given(method("POST"))
        .and(path("/api/4.0/login"))
        .and(body_string("client_id=ini-id&client_secret=code-secret"))
        .and(header("x-looker-appid", "env-tag"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "tok-1", "token_type": "Bearer", "expires_in": 3600
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/users/1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "1"})))
        .expect(1)
        .mount(&server)
        .await;

    let ini = IniFile::new(
        "precedence",
        "[Looker]\nbase_url=https://ini.example.invalid:19999\nclient_id=ini-id\n\
         client_secret=ini-secret\ntimeout=10\nagent_tag=ini-tag\nverify_ssl=true\n",
    );
    let uri = server.uri();
    let vars = [
        ("LOOKERSDK_BASE_URL", uri.as_str()),
        ("LOOKERSDK_CLIENT_SECRET", "env-secret"),
        ("LOOKERSDK_TIMEOUT", "20"),
        ("LOOKERSDK_AGENT_TAG", "env-tag"),
        ("LOOKERSDK_VERIFY_SSL", "no"),
    ];
    // The order of the calls does not matter: code is given first here.
    let settings = ApiSettings::builder()
        .client_secret("code-secret")
        .verify_ssl(true)
        .env_lookup("LOOKERSDK", env(&vars))
        .ini_file(&ini.0)
        .build()?;
    assert_eq!(settings.base_url(), uri);
    assert_eq!(settings.client_id(), "ini-id");
    assert_eq!(settings.request_timeout(), Duration::from_secs(20));
    assert_eq!(settings.agent_tag_value(), Some("env-tag"));
    assert!(settings.verifies_ssl());

    LookerSdk::new(settings)?.user("1").await?;
    Ok(())
}

#[test]
fn code_overrides_the_environment() -> Result<()> {
    let vars = [
        ("LOOKERSDK_BASE_URL", "https://env.example"),
        ("LOOKERSDK_TIMEOUT", "20"),
    ];
    let settings = ApiSettings::builder()
        .env_lookup("LOOKERSDK", env(&vars))
        .base_url("https://code.example")
        .timeout(Duration::from_secs(3))
        .build()?;
    assert_eq!(settings.base_url(), "https://code.example");
    assert_eq!(settings.request_timeout(), Duration::from_secs(3));
    Ok(())
}

#[test]
fn defaults_are_120_seconds_and_tls_verification() -> Result<()> {
    let settings = ApiSettings::builder()
        .ini_text("[Looker]\nbase_url=https://x\n", None)
        .build()?;
    assert_eq!(settings.request_timeout(), Duration::from_secs(120));
    assert!(settings.verifies_ssl());
    assert!(!settings.has_proxy());
    assert_eq!(settings.agent_tag_value(), None);
    assert_eq!(settings.retry_policy(), None);
    let settings = ApiSettings::new("https://x", "id", "secret");
    assert_eq!(settings.request_timeout(), Duration::from_secs(120));
    assert!(settings.verifies_ssl());
    Ok(())
}

#[test]
fn the_first_section_or_a_named_one_with_quoted_values() -> Result<()> {
    let ini = IniFile::new(
        "sections",
        "; Looker settings\n[Looker]\nbase_url = \"https://first.example:19999\"\n\
         client_id = 'first-id'\n\n[Production]\n# quoted values are unquoted\n\
         base_url: \"https://prod.example:19999\"\nCLIENT_ID = \"prod id\"\ntimeout = '45'\n\
         verify_ssl = \"False\"\nlooker_url = https://prod.example:9999\n",
    );
    let first = ApiSettings::builder().ini_file(&ini.0).build()?;
    assert_eq!(first.base_url(), "https://first.example:19999");
    assert_eq!(first.client_id(), "first-id");
    assert_eq!(first.request_timeout(), Duration::from_secs(120));

    let prod = ApiSettings::builder()
        .ini_section(&ini.0, "Production")
        .build()?;
    assert_eq!(prod.base_url(), "https://prod.example:19999");
    assert_eq!(prod.client_id(), "prod id");
    assert_eq!(prod.request_timeout(), Duration::from_secs(45));
    assert!(!prod.verifies_ssl());

    let message = config_error(
        ApiSettings::builder()
            .ini_section(&ini.0, "Staging")
            .build(),
    );
    assert!(message.contains("[Staging]"), "{message}");
    Ok(())
}

#[test]
fn booleans_accept_lookers_spellings_in_any_case() -> Result<()> {
    let build = |value: &str| {
        ApiSettings::builder()
            .env_lookup(
                "LOOKERSDK",
                env(&[
                    ("LOOKERSDK_BASE_URL", "https://x"),
                    ("LOOKERSDK_VERIFY_SSL", value),
                ]),
            )
            .build()
    };
    for value in ["true", "T", "yes", "Y", "1", "TRUE"] {
        assert!(build(value)?.verifies_ssl(), "{value}");
    }
    for value in ["false", "F", "no", "N", "0", "No"] {
        assert!(!build(value)?.verifies_ssl(), "{value}");
    }
    Ok(())
}

#[test]
fn an_invalid_boolean_is_an_error_naming_the_setting_and_its_source() {
    let message = config_error(
        ApiSettings::builder()
            .env_lookup(
                "LOOKERSDK",
                env(&[
                    ("LOOKERSDK_BASE_URL", "https://x"),
                    ("LOOKERSDK_VERIFY_SSL", "maybe"),
                ]),
            )
            .build(),
    );
    assert!(message.contains("verify_ssl"), "{message}");
    assert!(message.contains("LOOKERSDK_VERIFY_SSL"), "{message}");
    assert!(message.contains("maybe"), "{message}");

    let ini = IniFile::new(
        "bad-bool",
        "[Dev]\nbase_url=https://x\nverify_ssl=sometimes\n",
    );
    let message = config_error(ApiSettings::builder().ini_file(&ini.0).build());
    assert!(message.contains("verify_ssl"), "{message}");
    assert!(message.contains(&ini.0.display().to_string()), "{message}");
    assert!(message.contains("[Dev]"), "{message}");
}

#[test]
fn an_invalid_timeout_is_an_error_naming_the_setting() {
    for value in ["soon", "0", "-5"] {
        let message = config_error(
            ApiSettings::builder()
                .ini_text("[L]\nbase_url=https://x\n", None)
                .env_lookup("APP", env(&[("APP_TIMEOUT", value)]))
                .build(),
        );
        assert!(
            message.contains("timeout") && message.contains("APP_TIMEOUT"),
            "{message}"
        );
    }
}

#[test]
fn the_environment_prefix_can_be_changed() -> Result<()> {
    let vars = [
        ("LOOKERSDK_BASE_URL", "https://default.example"),
        ("MYAPP_BASE_URL", "https://myapp.example"),
        ("MYAPP_CLIENT_ID", "myapp-id"),
        ("MYAPP_CLIENT_SECRET", ""),
    ];
    let settings = ApiSettings::builder()
        .env_lookup("MYAPP", env(&vars))
        .build()?;
    assert_eq!(settings.base_url(), "https://myapp.example");
    assert_eq!(settings.client_id(), "myapp-id");
    // An empty variable counts as not set: the missing secret is reported at construction.
    let message = match LookerSdk::new(settings) {
        Err(Error::Config(message)) => message,
        other => panic!("expected a config error, got {other:?}"),
    };
    assert!(message.contains("client_secret"), "{message}");
    Ok(())
}

#[test]
fn a_missing_or_malformed_base_url_is_an_error_before_any_call() {
    let message = config_error(ApiSettingsBuilder::default().client_id("id").build());
    assert!(message.contains("base_url"), "{message}");
    for bad in [
        "",
        "looker.example.com",
        "ftp://x",
        "https://user:pw@x",
        "https://x?y=1",
    ] {
        let message = match LookerSdk::new(ApiSettings::new(bad, "id", "secret")) {
            Err(Error::Config(message)) => message,
            other => panic!("expected a config error for {bad:?}, got {other:?}"),
        };
        assert!(message.contains("base_url"), "{bad}: {message}");
        assert!(!message.contains("pw"), "{message}");
    }
    let message = config_error(
        ApiSettings::builder()
            .ini_text("[Looker]\nbase_url=not a url\n", None)
            .build(),
    );
    assert!(
        message.contains("base_url") && message.contains("[Looker]"),
        "{message}"
    );
}

#[test]
fn missing_credentials_and_bad_proxies_are_errors_at_construction() {
    let cases = [
        (ApiSettings::new("https://x", "", "secret"), "client_id"),
        (ApiSettings::new("https://x", "id", ""), "client_secret"),
        (
            ApiSettings::new("https://x", "id", "secret").proxy("not a proxy"),
            "proxy",
        ),
        (
            ApiSettings::new("https://x", "id", "secret").agent_tag("bad\ntag"),
            "agent_tag",
        ),
    ];
    for (settings, setting) in cases {
        match LookerSdk::new(settings) {
            Err(Error::Config(message)) => assert!(message.contains(setting), "{message}"),
            other => panic!("expected a config error naming {setting}, got {other:?}"),
        }
    }
}

#[test]
fn a_missing_ini_file_or_malformed_line_is_an_error() {
    let message = config_error(
        ApiSettings::builder()
            .ini_file("/nonexistent/looker.ini")
            .base_url("https://x")
            .build(),
    );
    assert!(message.contains("/nonexistent/looker.ini"), "{message}");
    let ini = IniFile::new(
        "malformed",
        "[Looker]\nbase_url=https://x\nthis line has a secret\n",
    );
    let message = config_error(ApiSettings::builder().ini_file(&ini.0).build());
    assert!(
        message.contains("line 3") && !message.contains("secret"),
        "{message}"
    );
}

#[test]
fn debug_of_settings_and_builder_shows_no_secrets() -> Result<()> {
    let builder = ApiSettings::builder()
        .ini_text("[L]\nbase_url=https://x\nclient_secret=ini-hunter2\n", None)
        .env_lookup("L", env(&[("L_CLIENT_SECRET", "env-hunter2")]))
        .client_id("id")
        .client_secret("code-hunter2")
        .proxy("http://user:proxy-hunter2@proxy:3128");
    let debug = format!("{builder:?}");
    assert!(!debug.contains("hunter2"), "{debug}");
    assert!(debug.contains("L_CLIENT_SECRET"), "{debug}");
    let settings = builder.build()?;
    let debug = format!("{settings:?}");
    assert!(!debug.contains("hunter2"), "{debug}");
    let sdk = LookerSdk::new(settings)?;
    assert!(!format!("{sdk:?}").contains("hunter2"));
    Ok(())
}

#[test]
fn an_ini_file_that_may_be_absent_is_optional_and_read_when_present() -> Result<()> {
    let vars = [
        ("LOOKERSDK_BASE_URL", "https://env.example.com"),
        ("LOOKERSDK_CLIENT_ID", "env-id"),
        ("LOOKERSDK_CLIENT_SECRET", "env-secret"),
    ];
    let missing = std::env::temp_dir().join(format!(
        "looker-sdk-settings-{}-absent.ini",
        std::process::id()
    ));
    // No file: the environment supplies everything.
    let settings = ApiSettings::builder()
        .ini_file_if_exists(&missing)
        .env_lookup("LOOKERSDK", env(&vars))
        .build()?;
    assert_eq!(settings.base_url(), "https://env.example.com");
    // Where `ini_file` insists on it.
    let message = config_error(
        ApiSettings::builder()
            .ini_file(&missing)
            .env_lookup("LOOKERSDK", env(&vars))
            .build(),
    );
    assert!(message.contains("absent.ini"), "{message}");
    // A file that is there is read, and the environment still overrides it.
    let ini = IniFile::new(
        "present",
        "[Looker]\nbase_url=https://ini.example.com\nclient_id=ini-id\ntimeout=7\n",
    );
    let settings = ApiSettings::builder()
        .ini_file_if_exists(&ini.0)
        .env_lookup("LOOKERSDK", env(&vars))
        .build()?;
    assert_eq!(settings.base_url(), "https://env.example.com");
    assert_eq!(settings.client_id(), "env-id");
    assert_eq!(settings.request_timeout(), Duration::from_secs(7));
    // Present but unreadable as a file (a directory) is still an error.
    let message = config_error(
        ApiSettings::builder()
            .ini_file_if_exists(std::env::temp_dir())
            .env_lookup("LOOKERSDK", env(&vars))
            .build(),
    );
    assert!(message.contains("cannot read ini file"), "{message}");
    Ok(())
}
