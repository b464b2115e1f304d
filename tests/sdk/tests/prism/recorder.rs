//! A recording reverse proxy between the SDK and Prism.
//!
//! The SDK hands back decoded values, never response headers, but Prism reports what it found
//! wrong with a request in the `sl-violations` response header. The SDK under test talks to this
//! proxy; the proxy forwards each request to Prism unchanged and keeps a record of both sides,
//! so that a test can assert on every exchange, including the login the SDK makes by itself.

use std::convert::Infallible;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::header::{CONNECTION, CONTENT_LENGTH, HOST, TRANSFER_ENCODING};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// One request the SDK sent and the response Prism gave.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub method: String,
    /// Path and query as sent, such as `/api/4.0/users?ids=1%2C2`.
    pub target: String,
    pub request_headers: Vec<(String, String)>,
    pub request_body: Bytes,
    pub status: u16,
    pub content_type: Option<String>,
    /// Prism's `sl-violations`, every severity.
    pub violations: Vec<Violation>,
    pub response_body: Bytes,
}

/// One entry of Prism's `sl-violations` header.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// `Error`, `Warning`, `Information` or `Hint`.
    pub severity: String,
    /// Such as `request.query.limit`.
    pub location: String,
    pub code: String,
    pub message: String,
}

impl Exchange {
    /// The violations of severity `Error`.
    pub fn errors(&self) -> Vec<&Violation> {
        self.violations
            .iter()
            .filter(|v| v.severity == "Error")
            .collect()
    }

    /// A request header's value (names are compared case-insensitively).
    pub fn request_header(&self, name: &str) -> Option<&str> {
        self.request_headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// True when Prism accepted the request and answered with a success.
    pub fn passed(&self) -> bool {
        (200..300).contains(&self.status) && self.errors().is_empty()
    }
}

impl fmt::Display for Exchange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} -> {}", self.method, self.target, self.status)?;
        for v in &self.violations {
            write!(
                f,
                "\n      {} at {} ({}): {}",
                v.severity, v.location, v.code, v.message
            )?;
        }
        if !(200..300).contains(&self.status) {
            let body = String::from_utf8_lossy(&self.response_body);
            write!(f, "\n      body: {}", truncate(&body, 400))?;
        }
        Ok(())
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at {} ({}): {}",
            self.severity, self.location, self.code, self.message
        )
    }
}

/// The proxy: listens on an ephemeral port of 127.0.0.1 until dropped.
pub struct Recorder {
    url: String,
    log: Arc<Mutex<Vec<Exchange>>>,
    server: JoinHandle<()>,
}

impl Recorder {
    /// Starts a proxy to `upstream` (such as `http://127.0.0.1:47310`).
    pub async fn start(upstream: &str) -> std::io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let url = format!("http://{}", listener.local_addr()?);
        let log = Arc::new(Mutex::new(Vec::new()));
        // reqwest is built without a TLS provider of its own (the SDK's default TLS); a client
        // built before any SDK client needs the SDK to install it.
        looker_sdk::install_crypto_provider();
        let forwarder = Forwarder {
            upstream: upstream.trim_end_matches('/').to_owned(),
            client: reqwest::Client::builder()
                .no_proxy()
                .build()
                .map_err(std::io::Error::other)?,
            log: Arc::clone(&log),
        };
        let server = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let forwarder = forwarder.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |request| {
                        let forwarder = forwarder.clone();
                        async move { Ok::<_, Infallible>(forwarder.forward(request).await) }
                    });
                    // A connection the client drops is not the proxy's failure.
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Ok(Self { url, log, server })
    }

    /// The base URL to give the SDK.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Takes the exchanges recorded since the last call.
    pub fn take(&self) -> Vec<Exchange> {
        std::mem::take(&mut *self.log.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        self.server.abort();
    }
}

#[derive(Clone)]
struct Forwarder {
    upstream: String,
    client: reqwest::Client,
    log: Arc<Mutex<Vec<Exchange>>>,
}

impl Forwarder {
    async fn forward(&self, request: Request<Incoming>) -> Response<Full<Bytes>> {
        let (parts, body) = request.into_parts();
        let request_body = match body.collect().await {
            Ok(body) => body.to_bytes(),
            Err(e) => return bad_gateway(format!("cannot read the request body: {e}")),
        };
        let target = parts
            .uri
            .path_and_query()
            .map_or_else(|| parts.uri.path().to_owned(), ToString::to_string);
        let mut upstream = self
            .client
            .request(parts.method.clone(), format!("{}{target}", self.upstream));
        let mut request_headers = Vec::new();
        for (name, value) in &parts.headers {
            request_headers.push((
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            ));
            if ![HOST, CONNECTION, CONTENT_LENGTH, TRANSFER_ENCODING].contains(name) {
                upstream = upstream.header(name, value);
            }
        }
        let mut exchange = Exchange {
            method: parts.method.to_string(),
            target,
            request_headers,
            request_body: request_body.clone(),
            status: 0,
            content_type: None,
            violations: Vec::new(),
            response_body: Bytes::new(),
        };
        let response = match upstream.body(request_body).send().await {
            Ok(response) => response,
            Err(e) => {
                exchange.status = 502;
                exchange.response_body = Bytes::from(format!("Prism did not answer: {e}"));
                self.record(exchange);
                return bad_gateway(format!("Prism did not answer: {e}"));
            }
        };
        let status = response.status();
        let headers = response.headers().clone();
        let body = match response.bytes().await {
            Ok(body) => body,
            Err(e) => return bad_gateway(format!("cannot read Prism's response: {e}")),
        };
        exchange.status = status.as_u16();
        exchange.content_type = headers
            .get(hyper::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        exchange.violations = headers
            .get_all("sl-violations")
            .iter()
            .flat_map(|v| parse_violations(v.as_bytes()))
            .collect();
        exchange.response_body = body.clone();
        self.record(exchange);

        let mut out = Response::new(Full::new(body));
        *out.status_mut() = status;
        for (name, value) in &headers {
            if ![CONNECTION, CONTENT_LENGTH, TRANSFER_ENCODING].contains(name)
                && name.as_str() != "keep-alive"
            {
                out.headers_mut().append(name, value.clone());
            }
        }
        out
    }

    fn record(&self, exchange: Exchange) {
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(exchange);
    }
}

/// Parses `sl-violations`: a JSON array of `{location: [..], severity, code, message}`. A header
/// that does not parse becomes one `Error`, so that it cannot go unnoticed.
fn parse_violations(header: &[u8]) -> Vec<Violation> {
    let Ok(Value::Array(entries)) = serde_json::from_slice::<Value>(header) else {
        return vec![Violation {
            severity: "Error".to_owned(),
            location: "sl-violations".to_owned(),
            code: "unparsed".to_owned(),
            message: String::from_utf8_lossy(header).into_owned(),
        }];
    };
    let text = |v: Option<&Value>| match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    entries
        .iter()
        .map(|entry| Violation {
            severity: text(entry.get("severity")),
            location: entry
                .get("location")
                .and_then(Value::as_array)
                .map(|parts| {
                    parts
                        .iter()
                        .map(|p| text(Some(p)))
                        .collect::<Vec<_>>()
                        .join(".")
                })
                .unwrap_or_default(),
            code: text(entry.get("code")),
            message: text(entry.get("message")),
        })
        .collect()
}

fn bad_gateway(message: String) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(message)));
    *response.status_mut() = StatusCode::BAD_GATEWAY;
    response
}

/// At most `max` bytes of `text`, on a character boundary.
pub fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[test]
fn parses_prism_violations() {
    let header = br#"[{"location":["request","query","page"],"severity":"Error","code":"type","message":"must be integer"},{"location":["request","query","page"],"severity":"Warning","code":"deprecated","message":"deprecated"}]"#;
    let violations = parse_violations(header);
    assert_eq!(violations.len(), 2);
    assert_eq!(violations[0].severity, "Error");
    assert_eq!(violations[0].location, "request.query.page");
    assert_eq!(violations[1].code, "deprecated");
    assert_eq!(parse_violations(b"not json")[0].severity, "Error");
}
