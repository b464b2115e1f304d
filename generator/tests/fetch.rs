//! `looker-codegen fetch-spec` against a stub Looker on 127.0.0.1 that plays `/versions`,
//! `/api/4.0/login`, `/api/4.0/logout` and the spec's download: the spec is saved under its
//! release's name only when everything went right; every failure is a clear error that writes
//! nothing and leaves the previous file as it was.
#![cfg(feature = "fetch")]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

use common::spec_dir;

/// One request the stub received.
#[derive(Clone, Debug)]
struct Seen {
    method: String,
    /// Path and query, as sent.
    target: String,
    /// Header names lowercased.
    headers: Vec<(String, String)>,
    body: String,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What the stub answers.
enum Reply {
    Json(u16, String),
    /// A body shorter than the `Content-Length` it declares, then the connection closes.
    Cut {
        declared: usize,
        sent: Vec<u8>,
    },
}

/// A Looker stand-in: answers each request with `route`, one connection at a time, and records
/// what it received.
struct Stub {
    base_url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Stub {
    fn start(route: impl Fn(&Seen) -> Reply + Send + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
        let base_url = format!("http://{}", listener.local_addr().expect("an address"));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        // The thread ends with the test binary.
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                if let Some(request) = read_request(&stream) {
                    let reply = route(&request);
                    log.lock().expect("not poisoned").push(request);
                    write_reply(stream, reply);
                }
            }
        });
        Self { base_url, seen }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("not poisoned").clone()
    }

    fn targets(&self) -> Vec<String> {
        self.seen()
            .iter()
            .map(|s| format!("{} {}", s.method, s.target))
            .collect()
    }
}

fn read_request(stream: &TcpStream) -> Option<Seen> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next()?.to_owned(), parts.next()?.to_owned());
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Seen {
        method,
        target,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

fn write_reply(mut stream: TcpStream, reply: Reply) {
    let (status, declared, body) = match reply {
        Reply::Json(status, body) => (status, body.len(), body.into_bytes()),
        Reply::Cut { declared, sent } => (200, declared, sent),
    };
    let head = format!(
        "HTTP/1.1 {status} Stub\r\nContent-Type: application/json\r\nContent-Length: {declared}\r\nConnection: close\r\n\r\n"
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
    let _ = stream.flush();
}

/// Looker's `/versions` for release `release`, listing `apis` with their swagger URLs on `base`.
fn versions(base: &str, release: &str, apis: &[&str]) -> String {
    let entries: Vec<String> = apis
        .iter()
        .map(|v| {
            format!(
                r#"{{"version":"{v}","full_version":"{v}.0","status":"stable","swagger_url":"{base}/api/{v}/swagger.json"}}"#
            )
        })
        .collect();
    format!(
        r#"{{"looker_release_version":"{release}","current_version":{{"version":"4.0"}},"supported_versions":[{}],"api_server_url":"{base}"}}"#,
        entries.join(",")
    )
}

/// A small Swagger 2.0 spec whose `info.version` is `api_version`, for Looker `release`, which
/// the generator loads.
fn mini_spec(api_version: &str, release: &str) -> String {
    serde_json::json!({
        "swagger": "2.0",
        "info": {
            "version": api_version,
            "x-looker-release-version": release,
            "title": "Looker API 4.0 Reference"
        },
        "basePath": "/api/4.0",
        "host": "localhost:19999",
        "schemes": ["https"],
        "consumes": ["application/json"],
        "produces": ["application/json"],
        "tags": [{"name": "ApiAuth"}],
        "paths": {"/versions": {"get": {
            "tags": ["ApiAuth"],
            "operationId": "versions",
            "summary": "Versions",
            "responses": {"200": {
                "description": "ok",
                "schema": {"$ref": "#/definitions/ApiVersion"}
            }}
        }}},
        "definitions": {"ApiVersion": {"properties": {
            "looker_release_version": {"type": "string"}
        }}}
    })
    .to_string()
}

const NOT_FOUND: &str = r#"{"message":"Not found"}"#;
const REQUIRES_AUTH: &str = r#"{"message":"Requires authentication"}"#;
const TOKEN: &str = "tok-4711";
const SECRET: &str = "s3cret-value";

/// Runs `fetch-spec --out-dir <out>` in `cwd` with only `env` in its environment (no proxy
/// variables, no ambient LOOKERSDK_*).
fn fetch_spec(cwd: &Path, out: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_looker-codegen"))
        .arg("fetch-spec")
        .arg("--out-dir")
        .arg(out)
        .args(args)
        .current_dir(cwd)
        .env_clear()
        .env("LOOKERSDK_TIMEOUT", "20")
        .envs(env.iter().copied())
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The names in `dir`.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("readable")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    names.sort();
    names
}

#[test]
fn saves_the_spec_an_instance_serves_under_its_release_without_logging_in() {
    let spec = std::fs::read_to_string(spec_dir().join("Looker.4.0.json")).expect("the spec");
    let stub = self_pointing(
        move |request, _| match request.target.as_str() {
            "/api/4.0/swagger.json" => Reply::Json(200, spec.clone()),
            _ => Reply::Json(404, NOT_FOUND.to_owned()),
        },
        "26.12.3",
        &["3.1", "4.0"],
    );
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = dir.path().join("spec");
    let result = fetch_spec(
        dir.path(),
        &out,
        &[],
        &[("LOOKERSDK_BASE_URL", &stub.base_url)],
    );
    let stderr = text(&result.stderr);
    assert!(result.status.success(), "{stderr}");
    let saved = out.join("Looker.4.0.26.12.json");
    assert_eq!(text(&result.stdout).trim(), saved.display().to_string());
    assert_eq!(
        std::fs::read(&saved).expect("saved"),
        std::fs::read(spec_dir().join("Looker.4.0.json")).expect("the spec"),
        "saved as served"
    );
    assert_eq!(names(&out), ["Looker.4.0.26.12.json"]);
    assert!(stderr.contains("Swagger 2.0, Looker 26.12.3"), "{stderr}");
    assert_eq!(
        stub.targets(),
        ["GET /versions", "GET /api/4.0/swagger.json"],
        "no login where none is needed"
    );
    // The saved file is one the generator takes.
    let loaded = looker_codegen::load_api(&saved).expect("loads");
    assert_eq!(loaded.api.info.looker_release.as_deref(), Some("26.12.3"));
}

/// A stub whose `route` also gets the stub's own base URL (for the swagger URLs of
/// `/versions`).
fn knowing_its_url(route: impl Fn(&Seen, &str) -> Reply + Send + 'static) -> Stub {
    let base = Arc::new(Mutex::new(String::new()));
    let known = Arc::clone(&base);
    let stub = Stub::start(move |request| {
        let base = known.lock().expect("not poisoned").clone();
        route(request, &base)
    });
    *base.lock().expect("not poisoned") = stub.base_url.clone();
    stub
}

/// A stub whose `/versions` lists `apis` with swagger URLs on the stub itself, for Looker
/// `release`; every other request goes to `route`.
fn self_pointing(
    route: impl Fn(&Seen, &str) -> Reply + Send + 'static,
    release: &str,
    apis: &[&str],
) -> Stub {
    let release = release.to_owned();
    let apis: Vec<String> = apis.iter().map(|a| (*a).to_owned()).collect();
    knowing_its_url(move |request, base| {
        if request.target == "/versions" {
            let apis: Vec<&str> = apis.iter().map(String::as_str).collect();
            return Reply::Json(200, versions(base, &release, &apis));
        }
        route(request, base)
    })
}

/// The routes of an instance that serves its spec (and the API's own `/versions`) only to a
/// logged-in client. `accept` decides whether a login form is right; a wrong one is answered
/// with `refused` (Looker says 404).
fn requiring_login(
    spec: String,
    accept: impl Fn(&Seen) -> bool + Send + 'static,
    refused: u16,
) -> impl Fn(&Seen, &str) -> Reply + Send + 'static {
    move |request, base| {
        let authorized = request.header("authorization") == Some(&format!("Bearer {TOKEN}"));
        match (request.method.as_str(), request.target.as_str()) {
            ("POST", "/api/4.0/login") if accept(request) => Reply::Json(
                200,
                format!(r#"{{"access_token":"{TOKEN}","token_type":"Bearer","expires_in":3600}}"#),
            ),
            ("POST", "/api/4.0/login") => Reply::Json(refused, NOT_FOUND.to_owned()),
            ("GET", "/api/4.0/swagger.json") if authorized => Reply::Json(200, spec.clone()),
            ("GET", "/api/4.0/versions") if authorized => {
                Reply::Json(200, versions(base, "26.12.3", &["4.0"]))
            }
            ("GET", _) => Reply::Json(401, REQUIRES_AUTH.to_owned()),
            ("DELETE", "/api/4.0/logout") if authorized => Reply::Json(204, String::new()),
            _ => Reply::Json(404, NOT_FOUND.to_owned()),
        }
    }
}

#[test]
fn logs_in_with_the_settings_credentials_where_the_instance_requires_it() {
    let stub = self_pointing(
        requiring_login(
            mini_spec("4.0.26.12", "26.12.3"),
            |login| login.body == format!("client_id=the-id&client_secret={SECRET}"),
            404,
        ),
        "26.12.3",
        &["4.0"],
    );
    let dir = tempfile::tempdir().expect("a temporary directory");
    // base_url and client_id from looker.ini (read by default from the current directory), the
    // secret from the environment.
    std::fs::write(
        dir.path().join("looker.ini"),
        format!(
            "[Looker]\nbase_url = {}\nclient_id = the-id\nclient_secret = wrong-in-ini\nverify_ssl = true\n",
            stub.base_url
        ),
    )
    .expect("writable");
    let out = dir.path().join("spec");
    let result = fetch_spec(
        dir.path(),
        &out,
        &[],
        &[("LOOKERSDK_CLIENT_SECRET", SECRET)],
    );
    let (stdout, stderr) = (text(&result.stdout), text(&result.stderr));
    assert!(result.status.success(), "{stderr}");
    assert_eq!(names(&out), ["Looker.4.0.26.12.json"]);
    assert_eq!(
        stub.targets(),
        [
            "GET /versions",
            "GET /api/4.0/swagger.json",
            "POST /api/4.0/login",
            "GET /api/4.0/swagger.json",
            "DELETE /api/4.0/logout",
        ]
    );
    let seen = stub.seen();
    let login = &seen[2];
    assert_eq!(
        login.header("content-type"),
        Some("application/x-www-form-urlencoded"),
        "the credentials go in a form body, never in the URL"
    );
    for output in [&stdout, &stderr] {
        assert!(
            !output.contains(SECRET) && !output.contains(TOKEN),
            "{output}"
        );
    }
    for request in &seen {
        assert!(!request.target.contains(SECRET), "{}", request.target);
    }
}

#[test]
fn asks_the_api_for_its_versions_when_the_instance_hides_them() {
    let stub = knowing_its_url(requiring_login(
        mini_spec("4.0.26.12", "26.12.3"),
        |login| login.body == format!("client_id=the-id&client_secret={SECRET}"),
        404,
    ));
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = dir.path().join("spec");
    let result = fetch_spec(
        dir.path(),
        &out,
        &[],
        &[
            ("LOOKERSDK_BASE_URL", &format!("{}/api/4.0/", stub.base_url)),
            ("LOOKERSDK_CLIENT_ID", "the-id"),
            ("LOOKERSDK_CLIENT_SECRET", SECRET),
        ],
    );
    let stderr = text(&result.stderr);
    assert!(result.status.success(), "{stderr}");
    assert_eq!(names(&out), ["Looker.4.0.26.12.json"]);
    assert_eq!(
        stub.targets(),
        [
            "GET /versions",
            "POST /api/4.0/login",
            "GET /api/4.0/versions",
            "GET /api/4.0/swagger.json",
            "GET /api/4.0/swagger.json",
            "DELETE /api/4.0/logout",
        ],
        "one login, one logout"
    );
}

/// The ways fetching can fail: each is an error that says what went wrong, writes nothing and
/// leaves the previous spec of the release as it was.
#[test]
fn failures_are_clear_errors_that_write_nothing() {
    let good = mini_spec("4.0.26.12", "26.12.3");
    let cut = good.as_bytes()[..good.len() / 2].to_vec();
    let declared = good.len();
    let unreachable = {
        // A port nothing listens on.
        let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
        format!("http://{}", listener.local_addr().expect("an address"))
    };
    let spec_at = |spec: String| {
        move |request: &Seen, _: &str| match request.target.as_str() {
            "/api/4.0/swagger.json" => Reply::Json(200, spec.clone()),
            _ => Reply::Json(404, NOT_FOUND.to_owned()),
        }
    };
    struct Case {
        name: &'static str,
        stub: Option<Stub>,
        env: Vec<(&'static str, String)>,
        expected: &'static str,
    }
    let with_stub = |name, stub: Stub, expected| Case {
        name,
        env: vec![
            ("LOOKERSDK_BASE_URL", stub.base_url.clone()),
            ("LOOKERSDK_CLIENT_ID", "the-id".to_owned()),
            ("LOOKERSDK_CLIENT_SECRET", SECRET.to_owned()),
        ],
        stub: Some(stub),
        expected,
    };
    let answering = |body: &'static str| Stub::start(move |_| Reply::Json(200, body.to_owned()));
    let cases = vec![
        Case {
            name: "unreachable host",
            stub: None,
            env: vec![("LOOKERSDK_BASE_URL", unreachable)],
            expected: "cannot reach http://127.0.0.1:",
        },
        with_stub(
            "credentials refused (as Looker does)",
            self_pointing(
                requiring_login(good.clone(), |_| false, 404),
                "26.12.3",
                &["4.0"],
            ),
            "check client_id and client_secret (Looker answers a login with unknown credentials with 404)",
        ),
        with_stub(
            "credentials refused with 401",
            self_pointing(
                requiring_login(good.clone(), |_| false, 401),
                "26.12.3",
                &["4.0"],
            ),
            "failed: Looker refused the API credentials or the token",
        ),
        with_stub(
            "versions need a login that is refused",
            knowing_its_url(requiring_login(good.clone(), |_| false, 401)),
            "/api/4.0/versions, logged in at http://127.0.0.1",
        ),
        {
            let mut case = with_stub(
                "login needed, no credentials",
                self_pointing(
                    requiring_login(good.clone(), |_| true, 404),
                    "26.12.3",
                    &["4.0"],
                ),
                "requires logging in, and no API credentials are set",
            );
            case.env.retain(|(name, _)| *name == "LOOKERSDK_BASE_URL");
            case
        },
        with_stub(
            "versions not found",
            Stub::start(|_| Reply::Json(404, NOT_FOUND.to_owned())),
            "/versions answered HTTP 404",
        ),
        with_stub(
            "versions not JSON",
            answering("<html>Looker</html>"),
            "is not what Looker's /versions sends: not JSON",
        ),
        with_stub(
            "versions without supported_versions",
            answering(r#"{"looker_release_version":"26.12.3"}"#),
            "no `supported_versions`",
        ),
        with_stub(
            "versions with an odd release",
            answering(r#"{"looker_release_version":"latest","supported_versions":[]}"#),
            "is not a release such as 26.12.3",
        ),
        with_stub(
            "no API 4.0",
            self_pointing(spec_at(good.clone()), "26.12.3", &["3.0", "3.1"]),
            "serves no API 4.0 (it lists 3.0, 3.1)",
        ),
        with_stub(
            "download cut off",
            self_pointing(
                move |request, _| match request.target.as_str() {
                    "/api/4.0/swagger.json" => Reply::Cut {
                        declared,
                        sent: cut.clone(),
                    },
                    _ => Reply::Json(404, NOT_FOUND.to_owned()),
                },
                "26.12.3",
                &["4.0"],
            ),
            "failed before its end",
        ),
        with_stub(
            "download truncated by the server",
            self_pointing(
                spec_at(good[..good.len() - 3].to_owned()),
                "26.12.3",
                &["4.0"],
            ),
            "is not JSON",
        ),
        with_stub(
            "not a 4.0 spec",
            self_pointing(spec_at(mini_spec("3.1.0", "26.12.3")), "26.12.3", &["4.0"]),
            "is not a Looker API 4.0 spec: its info.version is \"3.1.0\"",
        ),
        with_stub(
            "the spec of another release",
            self_pointing(
                spec_at(mini_spec("4.0.26.10", "26.10.1")),
                "26.12.3",
                &["4.0"],
            ),
            "x-looker-release-version is \"26.10.1\"",
        ),
        with_stub(
            "a spec that does not load",
            self_pointing(
                spec_at(r#"{"swagger":"2.0","info":{"version":"4.0.26.12"},"paths":7}"#.to_owned()),
                "26.12.3",
                &["4.0"],
            ),
            "does not load as a spec",
        ),
    ];
    for case in cases {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let out = dir.path().join("spec");
        std::fs::create_dir(&out).expect("writable");
        let previous = out.join("Looker.4.0.26.12.json");
        std::fs::write(&previous, "previous").expect("writable");
        let env: Vec<(&str, &str)> = case.env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let result = fetch_spec(dir.path(), &out, &[], &env);
        let stderr = text(&result.stderr);
        let name = case.name;
        assert!(!result.status.success(), "{name}: succeeded\n{stderr}");
        assert!(stderr.contains(case.expected), "{name}: {stderr}");
        assert!(result.stdout.is_empty(), "{name}: printed a path");
        assert!(!stderr.contains(SECRET), "{name}: {stderr}");
        assert_eq!(
            names(&out),
            ["Looker.4.0.26.12.json"],
            "{name}: wrote something"
        );
        assert_eq!(
            std::fs::read_to_string(&previous).expect("readable"),
            "previous",
            "{name}: changed the previous file"
        );
        if let Some(stub) = &case.stub {
            assert!(!stub.seen().is_empty(), "{name}: the stub saw nothing");
        }
    }
}

#[test]
fn bad_settings_are_errors_naming_the_setting() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = dir.path().join("spec");
    let result = fetch_spec(dir.path(), &out, &[], &[]);
    let stderr = text(&result.stderr);
    assert!(!result.status.success());
    assert!(stderr.contains("base_url is not set"), "{stderr}");
    let result = fetch_spec(
        dir.path(),
        &out,
        &["--ini", "missing.ini"],
        &[("LOOKERSDK_BASE_URL", "http://127.0.0.1:9")],
    );
    let stderr = text(&result.stderr);
    assert!(
        stderr.contains("cannot read ini file missing.ini"),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing written");
}

/// The settings' `proxy` is the runtime's: fetch-spec sends `/versions` and the download
/// through it, with its credentials, which no message shows.
#[test]
fn goes_through_the_proxy_from_the_settings() {
    const INSTANCE: &str = "http://looker.example.invalid:19999";
    let spec = std::fs::read_to_string(spec_dir().join("Looker.4.0.json")).expect("the spec");
    // The stub plays an HTTP proxy: it receives each request's full URL.
    let proxy = Stub::start(move |request| match request.target.strip_prefix(INSTANCE) {
        _ if request.header("proxy-authorization").is_none() => {
            Reply::Json(407, NOT_FOUND.to_owned())
        }
        Some("/versions") => Reply::Json(200, versions(INSTANCE, "26.12.3", &["4.0"])),
        Some("/api/4.0/swagger.json") => Reply::Json(200, spec.clone()),
        _ => Reply::Json(404, NOT_FOUND.to_owned()),
    });
    let proxy_url = proxy
        .base_url
        .replacen("http://", "http://user:proxy-pw@", 1);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = dir.path().join("spec");
    let result = fetch_spec(
        dir.path(),
        &out,
        &[],
        &[
            ("LOOKERSDK_BASE_URL", INSTANCE),
            ("LOOKERSDK_PROXY", &proxy_url),
        ],
    );
    let stderr = text(&result.stderr);
    assert!(result.status.success(), "{stderr}");
    assert!(!stderr.contains("proxy-pw"), "{stderr}");
    assert_eq!(names(&out), ["Looker.4.0.26.12.json"]);
    assert_eq!(
        proxy.targets(),
        [
            format!("GET {INSTANCE}/versions"),
            format!("GET {INSTANCE}/api/4.0/swagger.json")
        ]
    );
}
