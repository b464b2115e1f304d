//! `cargo xtask test`: every test of the workspace, with the SDK's integration tests run against
//! Stoplight Prism serving the repaired Looker spec.
//!
//! Prism (pinned in `tests/prism/package.json`, installed with `npm ci`) runs twice: in static
//! mode (examples, or values sampled from the schemas) and in dynamic mode (`-d`: random values,
//! nulls for nullable fields, extra keys). Both run with `--errors`, so a request that breaks the
//! spec gets an error status as well as an `sl-violations` header. `cargo test` learns their base
//! URLs from [`STATIC_URL_VAR`] and [`DYNAMIC_URL_VAR`]; `tests/sdk/tests/prism.rs` fails without
//! them. Each Prism runs in its own process group, which is killed whatever happens: on success,
//! on error, on Ctrl-C or SIGTERM, and (on Linux) when this process dies. The Python steps
//! (`xtask/src/python.rs`) run after `cargo test`, against the same two Prisms.

use std::fs;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use serde_json::{Value, json};

use crate::python;

/// The environment variable that gives the tests the static Prism's base URL.
pub const STATIC_URL_VAR: &str = "LOOKER_PRISM_STATIC_URL";
/// The environment variable that gives the tests the dynamic Prism's base URL.
pub const DYNAMIC_URL_VAR: &str = "LOOKER_PRISM_DYNAMIC_URL";

/// Where Prism and its lockfile live, relative to the workspace root.
const NPM_DIR: &str = "tests/prism";
/// Prism's entry point inside `node_modules`, run with `node` so that no shebang is involved.
const PRISM_JS: &str = "node_modules/@stoplight/prism-cli/dist/index.js";
/// Prism 5.14.2 needs this Node.js or newer (its `engines` field).
const MIN_NODE: (u32, u32) = (18, 20);
/// Prism's ports are the first free ones from here: far from the usual development ports.
const PORT_RANGE: std::ops::Range<u16> = 47_310..47_410;
/// The seed of the dynamic mode's random values, so that a failure can be reproduced.
const DYNAMIC_SEED: &str = "looker-codegen";
/// How long Prism may take to load the spec and answer.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(120);
/// The name of the test-only security scheme added to the spec.
const SCHEME: &str = "LookerApiToken";

/// Runs `cargo test` (with `cargo_args`; `--workspace --no-fail-fast` when empty) with both
/// Prisms up, and without `cargo_args` the Python steps after it, against the same Prisms.
pub fn test(root: &Path, cargo_args: &[String]) -> anyhow::Result<()> {
    let started = Instant::now();
    let root = &root.canonicalize().unwrap_or_else(|_| root.to_owned());
    let (mut servers, out_dir) = start(root)?;

    // The virtualenv is made beside the build: pip waits on the network, the build on the CPU.
    let python_setup = cargo_args.is_empty().then(|| {
        let root = root.clone();
        std::thread::spawn(move || python::setup(&root))
    });

    // Every test binary runs even when one fails, so that one run reports every failure.
    let default_args = ["--workspace".to_owned(), "--no-fail-fast".to_owned()];
    let args = if cargo_args.is_empty() {
        &default_args[..]
    } else {
        cargo_args
    };
    // Compile while Prism loads the spec.
    let build = Instant::now();
    cargo_test(root, &["--no-run"], args, &[])?;
    let build_time = build.elapsed();
    let waited = Instant::now();
    servers.wait_ready()?;
    eprintln!(
        "prism: static on {}, dynamic on {} (waited {:.1} s after the build; logs in {})",
        servers.url(0),
        servers.url(1),
        waited.elapsed().as_secs_f64(),
        out_dir.display()
    );

    let tests = Instant::now();
    let env = servers.env();
    let result = cargo_test(root, &[], args, &env);
    let rust_time = tests.elapsed();
    let python = Instant::now();
    let python_result = python_setup.map(|setup| {
        let toolchain = setup
            .join()
            .map_err(|_| anyhow::anyhow!("the virtualenv setup panicked"))??;
        python::test(root, &toolchain, &env, &[])
    });
    servers.stop_all();
    eprintln!(
        "prism: build {:.1} s, Rust tests {:.1} s, Python steps {:.1} s, {:.1} s in all",
        build_time.as_secs_f64(),
        rust_time.as_secs_f64(),
        python.elapsed().as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    let result = match (result, python_result) {
        (Ok(()), None | Some(Ok(()))) => Ok(()),
        (Err(e), None | Some(Ok(()))) | (Ok(()), Some(Err(e))) => Err(e),
        (Err(rust), Some(Err(python))) => Err(anyhow::anyhow!("{rust:#}\n{python:#}")),
    };
    if result.is_err() {
        eprintln!("prism: Prism's logs are in {}", out_dir.display());
    }
    result
}

/// Runs only the Python steps (`pytest_args` go to pytest) with both Prisms up.
pub fn pytest(root: &Path, pytest_args: &[String]) -> anyhow::Result<()> {
    let root = &root.canonicalize().unwrap_or_else(|_| root.to_owned());
    let (mut servers, out_dir) = start(root)?;
    let toolchain = python::setup(root)?;
    servers.wait_ready()?;
    let result = python::test(root, &toolchain, &servers.env(), pytest_args);
    servers.stop_all();
    if result.is_err() {
        eprintln!("prism: Prism's logs are in {}", out_dir.display());
    }
    result
}

/// Installs Prism, writes its spec and starts both Prisms (without waiting for them); returns
/// them and the directory of their spec and logs.
fn start(root: &Path) -> anyhow::Result<(Servers, PathBuf)> {
    let started = Instant::now();
    let npm_dir = root.join(NPM_DIR);
    install(&npm_dir)?;
    let out_dir = root.join("target/prism");
    fs::create_dir_all(&out_dir).with_context(|| format!("cannot create {}", out_dir.display()))?;
    let spec = out_dir.join("looker.4.0.prism.json");
    write_spec(&root.join("spec/Looker.4.0.oas.json"), &spec)?;
    eprintln!(
        "prism: wrote {} ({:.1} s)",
        spec.display(),
        started.elapsed().as_secs_f64()
    );

    let ports = free_ports(2)?;
    let mut servers = Servers::default();
    servers.start(&npm_dir, &spec, ports[0], &[], &out_dir.join("static.log"))?;
    let dynamic = ["--dynamic", "--seed", DYNAMIC_SEED];
    servers.start(
        &npm_dir,
        &spec,
        ports[1],
        &dynamic,
        &out_dir.join("dynamic.log"),
    )?;
    Ok((servers, out_dir))
}

/// Runs `cargo test FLAGS ARGS` in `root` with `env` added.
fn cargo_test(
    root: &Path,
    flags: &[&str],
    args: &[String],
    env: &[(&str, String)],
) -> anyhow::Result<()> {
    let mut command = Command::new(cargo());
    command.arg("test").args(flags).args(args).current_dir(root);
    for (name, value) in env {
        command.env(name, value);
    }
    let line = format!(
        "cargo test {}",
        [flags.join(" "), args.join(" ")].join(" ").trim()
    );
    eprintln!("prism: {line}");
    let mut child = command
        .spawn()
        .with_context(|| format!("cannot run `{line}`"))?;
    group::register_cargo(child.id());
    let status = child.wait();
    group::register_cargo(0);
    let status = status.with_context(|| format!("`{line}` did not finish"))?;
    if !status.success() {
        bail!("`{line}` failed ({status})");
    }
    Ok(())
}

/// Writes the spec Prism serves: the generator's repaired spec (what `looker-codegen normalize`
/// writes), plus what only the tests need.
pub fn write_spec(source: &Path, out: &Path) -> anyhow::Result<()> {
    let loaded = looker_codegen::spec::load(source)
        .with_context(|| format!("cannot load {}", source.display()))?;
    let mut json = loaded.json;
    prepare_for_prism(&mut json)?;
    let text = serde_json::to_string_pretty(&json)? + "\n";
    fs::write(out, text).with_context(|| format!("cannot write {}", out.display()))
}

/// Adapts the repaired spec to Prism: a test-only security scheme, paths under the API's base
/// path, and a token lifetime the official Python runtime can hold.
///
/// Looker's spec declares no security scheme, so Prism would accept calls without a token. The
/// scheme added here is HTTP bearer, as the SDK sends it (`Authorization: Bearer <token>`), and
/// applies to every operation except `POST /login`, which authenticates with its form body.
///
/// Prism matches request paths against the spec's paths and ignores the path of `servers`
/// (`https://host:port/api/4.0`), so the base path moves onto every path.
pub fn prepare_for_prism(spec: &mut Value) -> anyhow::Result<()> {
    let root = spec
        .as_object_mut()
        .context("the spec is not a JSON object")?;
    let server = root
        .get("servers")
        .and_then(|s| s.get(0))
        .and_then(|s| s.get("url"))
        .and_then(Value::as_str)
        .context("the spec has no `servers[0].url` to take the base path from")?;
    let base_path = base_path(server).to_owned();
    root.remove("servers");

    let paths = root
        .get_mut("paths")
        .and_then(Value::as_object_mut)
        .context("the spec has no `paths`")?;
    let login = paths
        .get_mut("/login")
        .and_then(|p| p.get_mut("post"))
        .and_then(Value::as_object_mut)
        .context("the spec has no `POST /login`")?;
    login.insert("security".to_owned(), json!([]));
    let mounted = std::mem::take(paths)
        .into_iter()
        .map(|(path, item)| (format!("{base_path}{path}"), item))
        .collect();
    *paths = mounted;

    let components = root
        .entry("components")
        .or_insert_with(|| json!({}))
        .as_object_mut()
        .context("`components` is not an object")?;
    let schemes = components
        .entry("securitySchemes")
        .or_insert_with(|| json!({}))
        .as_object_mut()
        .context("`components.securitySchemes` is not an object")?;
    schemes.insert(
        SCHEME.to_owned(),
        json!({
            "type": "http",
            "scheme": "bearer",
            "description": "Test only (added by `cargo xtask test`): the access token from `POST /login`."
        }),
    );
    root.insert("security".to_owned(), json!([{ SCHEME: [] }]));
    bound_token_lifetime(root);
    Ok(())
}

/// Gives `AccessToken.expires_in` a realistic example and range, when the spec has it.
///
/// Without them static Prism answers the login with `-9007199254740991` and dynamic Prism with
/// any 53-bit number; the official Python runtime (`auth_token.py`, which the generated Python
/// SDK runs on) turns the lifetime into a `timedelta` and overflows on both. Looker itself
/// answers 3600.
fn bound_token_lifetime(root: &mut serde_json::Map<String, Value>) {
    let expires_in = root
        .get_mut("components")
        .and_then(|c| c.get_mut("schemas"))
        .and_then(|s| s.get_mut("AccessToken"))
        .and_then(|t| t.get_mut("properties"))
        .and_then(|p| p.get_mut("expires_in"))
        .and_then(Value::as_object_mut);
    if let Some(expires_in) = expires_in {
        expires_in.insert("example".to_owned(), json!(3600));
        expires_in.insert("minimum".to_owned(), json!(1));
        expires_in.insert("maximum".to_owned(), json!(86_400));
    }
}

/// The path of a server URL, without a trailing slash: `/api/4.0` for `https://h:1/api/4.0/`.
fn base_path(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    path.trim_end_matches('/')
}

/// Runs `npm ci` when Prism is not installed, or installed from an older lockfile.
fn install(npm_dir: &Path) -> anyhow::Result<()> {
    check_node()?;
    let lockfile = npm_dir.join("package-lock.json");
    let installed = npm_dir.join("node_modules/.package-lock.json");
    let modified = |path: &Path| fs::metadata(path).and_then(|m| m.modified()).ok();
    let up_to_date = npm_dir.join(PRISM_JS).is_file()
        && matches!((modified(&installed), modified(&lockfile)), (Some(i), Some(l)) if i >= l);
    if up_to_date {
        return Ok(());
    }
    eprintln!("prism: npm ci in {}", npm_dir.display());
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(npm_dir)
        .status()
        .map_err(|e| tool_missing("npm", &e))?;
    if !status.success() {
        bail!("`npm ci` failed in {} ({status})", npm_dir.display());
    }
    if !npm_dir.join(PRISM_JS).is_file() {
        bail!(
            "`npm ci` did not install Prism: {} is missing",
            npm_dir.join(PRISM_JS).display()
        );
    }
    Ok(())
}

/// Fails clearly when `node` is missing or too old for Prism.
fn check_node() -> anyhow::Result<()> {
    let output = Command::new("node")
        .arg("--version")
        .output()
        .map_err(|e| tool_missing("node", &e))?;
    let version = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    let mut parts = version
        .trim_start_matches('v')
        .split('.')
        .map(|p| p.parse::<u32>().ok());
    let major_minor = (parts.next().flatten(), parts.next().flatten());
    match major_minor {
        (Some(major), Some(minor)) if (major, minor) >= MIN_NODE => Ok(()),
        _ => bail!(
            "Prism needs Node.js {}.{} or newer, and `node --version` says {version:?}",
            MIN_NODE.0,
            MIN_NODE.1
        ),
    }
}

fn tool_missing(tool: &str, e: &std::io::Error) -> anyhow::Error {
    anyhow::anyhow!(
        "cannot run `{tool}` ({e}): `cargo xtask test` needs Node.js {}.{}+ with npm on the PATH \
         to run Stoplight Prism",
        MIN_NODE.0,
        MIN_NODE.1
    )
}

/// `count` ports on 127.0.0.1 that nothing listens on now.
fn free_ports(count: usize) -> anyhow::Result<Vec<u16>> {
    let ports: Vec<u16> = PORT_RANGE
        .filter(|&port| TcpListener::bind((Ipv4Addr::LOCALHOST, port)).is_ok())
        .take(count)
        .collect();
    if ports.len() < count {
        bail!(
            "fewer than {count} free ports in {}..{} on 127.0.0.1 for Prism",
            PORT_RANGE.start,
            PORT_RANGE.end
        );
    }
    Ok(ports)
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// The running Prisms; dropping this stops them.
#[derive(Default)]
struct Servers {
    running: Vec<Server>,
}

struct Server {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Servers {
    fn start(
        &mut self,
        npm_dir: &Path,
        spec: &Path,
        port: u16,
        extra: &[&str],
        log: &Path,
    ) -> anyhow::Result<()> {
        let log_file =
            fs::File::create(log).with_context(|| format!("cannot create {}", log.display()))?;
        let mut command = Command::new("node");
        command
            .arg(npm_dir.join(PRISM_JS))
            // `--errors`: a request that breaks the spec gets an error status. `-v warn`: Prism
            // answers a third faster without logging every request; the tests record them.
            .args(["mock", "--errors", "-v", "warn", "-h", "127.0.0.1", "-p"])
            .arg(port.to_string())
            .args(extra)
            .arg(spec)
            .current_dir(npm_dir)
            .stdin(Stdio::null())
            .stdout(log_file.try_clone()?)
            .stderr(log_file);
        group::isolate(&mut command);
        let child = command.spawn().map_err(|e| tool_missing("node", &e))?;
        group::register(child.id());
        self.running.push(Server {
            child,
            port,
            log: log.to_owned(),
        });
        Ok(())
    }

    fn url(&self, index: usize) -> String {
        format!("http://127.0.0.1:{}", self.running[index].port)
    }

    /// The variables that give the tests both base URLs.
    fn env(&self) -> [(&'static str, String); 2] {
        [
            (STATIC_URL_VAR, self.url(0)),
            (DYNAMIC_URL_VAR, self.url(1)),
        ]
    }

    /// Waits until every Prism answers HTTP, failing early when one exits.
    fn wait_ready(&mut self) -> anyhow::Result<()> {
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        for server in &mut self.running {
            loop {
                if let Some(status) = server.child.try_wait()? {
                    bail!(
                        "Prism on port {} exited ({status}) before answering:\n{}",
                        server.port,
                        tail(&server.log)
                    );
                }
                if answers(server.port) {
                    break;
                }
                if Instant::now() > deadline {
                    bail!(
                        "Prism on port {} did not answer within {} s:\n{}",
                        server.port,
                        STARTUP_TIMEOUT.as_secs(),
                        tail(&server.log)
                    );
                }
                std::thread::sleep(Duration::from_millis(200));
            }
        }
        Ok(())
    }

    fn stop_all(&mut self) {
        for mut server in self.running.drain(..) {
            group::stop(&mut server.child);
        }
    }
}

impl Drop for Servers {
    fn drop(&mut self) {
        self.stop_all();
    }
}

/// True when something on `port` answers an HTTP request (any status: it needs no token).
fn answers(port: u16) -> bool {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_secs(1)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let request = "GET /api/4.0/versions HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).is_ok() && head.starts_with(b"HTTP/1.")
}

/// The last lines of a log, for an error message.
fn tail(log: &Path) -> String {
    let text = fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(20)..].join("\n")
}

/// Process groups: each Prism leads its own, so that stopping it stops everything it started,
/// and a signal to this process stops them too.
#[cfg(unix)]
mod group {
    use std::os::unix::process::CommandExt;
    use std::process::{Child, Command};
    use std::sync::Once;
    use std::sync::atomic::{AtomicI32, Ordering};
    use std::time::{Duration, Instant};

    /// Groups to kill on a signal; 0 is a free slot.
    static GROUPS: [AtomicI32; 4] = [const { AtomicI32::new(0) }; 4];
    /// The running `cargo test` (0: none), to pass a signal on to: it shares this process's
    /// group, so a Ctrl-C reaches it anyway, but a signal to this process alone does not.
    static CARGO: AtomicI32 = AtomicI32::new(0);
    static HANDLERS: Once = Once::new();

    /// Makes the command lead a new process group and (on Linux) die with this process.
    pub fn isolate(command: &mut Command) {
        command.process_group(0);
        #[cfg(target_os = "linux")]
        // SAFETY: prctl is async-signal-safe and touches no memory of the parent.
        unsafe {
            command.pre_exec(|| {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM) == -1 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }

    /// Remembers the group led by `pid`, for the signal handler.
    pub fn register(pid: u32) {
        install_handlers();
        let Ok(pid) = i32::try_from(pid) else { return };
        for slot in &GROUPS {
            if slot
                .compare_exchange(0, pid, Ordering::SeqCst, Ordering::SeqCst)
                .is_ok()
            {
                return;
            }
        }
    }

    /// Remembers the running `cargo test` (0: none), for the signal handler.
    pub fn register_cargo(pid: u32) {
        install_handlers();
        CARGO.store(i32::try_from(pid).unwrap_or(0), Ordering::SeqCst);
    }

    fn install_handlers() {
        HANDLERS.call_once(|| {
            let handler = on_signal as extern "C" fn(libc::c_int);
            for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
                // SAFETY: the handler only calls async-signal-safe functions.
                unsafe {
                    libc::signal(signal, handler as libc::sighandler_t);
                }
            }
        });
    }

    /// Stops the group `child` leads: SIGTERM, then SIGKILL if it has not exited in 5 s.
    pub fn stop(child: &mut Child) {
        let Ok(pid) = i32::try_from(child.id()) else {
            let _ = child.kill();
            let _ = child.wait();
            return;
        };
        // SAFETY: plain system calls on a process group this process created.
        unsafe {
            libc::kill(-pid, libc::SIGTERM);
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        while matches!(child.try_wait(), Ok(None)) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        // Whatever is left of the group, including children the leader did not take along.
        // SAFETY: as above; ESRCH (no such group) is expected and harmless.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
        let _ = child.wait();
        for slot in &GROUPS {
            let _ = slot.compare_exchange(pid, 0, Ordering::SeqCst, Ordering::SeqCst);
        }
    }

    extern "C" fn on_signal(signal: libc::c_int) {
        // SAFETY (all blocks below): kill, signal and raise are async-signal-safe.
        let cargo = CARGO.load(Ordering::SeqCst);
        if cargo > 0 {
            unsafe {
                libc::kill(cargo, libc::SIGTERM);
            }
        }
        for slot in &GROUPS {
            let pid = slot.load(Ordering::SeqCst);
            if pid > 0 {
                unsafe {
                    libc::kill(-pid, libc::SIGKILL);
                }
            }
        }
        // Die of the same signal, as without the handler.
        unsafe {
            libc::signal(signal, libc::SIG_DFL);
            libc::raise(signal);
        }
    }
}

#[cfg(not(unix))]
mod group {
    use std::process::{Child, Command};

    pub fn isolate(_: &mut Command) {}

    pub fn register(_: u32) {}

    pub fn register_cargo(_: u32) {}

    pub fn stop(child: &mut Child) {
        let _ = child.kill();
        let _ = child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_is_the_server_urls_path() {
        assert_eq!(base_path("https://localhost:20000/api/4.0"), "/api/4.0");
        assert_eq!(base_path("https://h/api/4.0/"), "/api/4.0");
        assert_eq!(base_path("/api/4.0"), "/api/4.0");
        assert_eq!(base_path("https://h"), "");
    }

    #[test]
    fn prism_spec_requires_a_bearer_token_except_for_login() {
        let mut spec = json!({
            "openapi": "3.0.0",
            "servers": [{ "url": "https://localhost:20000/api/4.0" }],
            "paths": {
                "/login": { "post": { "operationId": "login" } },
                "/user": { "get": { "operationId": "me" } }
            }
        });
        prepare_for_prism(&mut spec).expect("prepares");
        assert_eq!(
            spec["paths"]["/api/4.0/login"]["post"]["security"],
            json!([])
        );
        assert!(
            spec["paths"]["/api/4.0/user"]["get"]
                .get("security")
                .is_none()
        );
        assert!(spec["paths"].get("/user").is_none());
        assert!(spec.get("servers").is_none());
        assert_eq!(spec["security"], json!([{ "LookerApiToken": [] }]));
        assert_eq!(
            spec["components"]["securitySchemes"]["LookerApiToken"]["scheme"],
            "bearer"
        );
    }

    #[test]
    fn prism_spec_bounds_the_token_lifetime() {
        let mut spec = json!({
            "servers": [{ "url": "/api/4.0" }],
            "paths": { "/login": { "post": {} } },
            "components": { "schemas": { "AccessToken": { "properties": {
                "expires_in": { "type": "integer", "format": "int64" }
            } } } }
        });
        prepare_for_prism(&mut spec).expect("prepares");
        let expires_in = &spec["components"]["schemas"]["AccessToken"]["properties"]["expires_in"];
        assert_eq!(expires_in["example"], 3600);
        assert_eq!(expires_in["maximum"], 86_400);
    }

    #[test]
    fn a_spec_without_login_is_an_error() {
        let mut spec = json!({
            "servers": [{ "url": "/api/4.0" }],
            "paths": { "/user": {} }
        });
        let error = prepare_for_prism(&mut spec).expect_err("no login");
        assert!(error.to_string().contains("POST /login"), "{error}");
    }
}
