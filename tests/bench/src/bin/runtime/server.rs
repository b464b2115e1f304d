//! The local Looker stand-in both sides of every runtime case talk to: an HTTP/1.1 server on
//! 127.0.0.1 (hyper, keep-alive) that answers the SDK's login, one small JSON model, and a CSV
//! query result of any size made as it is sent.
//!
//! It runs on the benchmark's own runtime, so its cost is in both sides of each ratio alike.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use anyhow::Context as _;
use bytes::Bytes;
use http_body_util::BodyExt as _;
use hyper::body::{Body, Frame, Incoming, SizeHint};
use hyper::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

/// The access token the login hands out; every other request must carry it.
pub const TOKEN: &str = "bench-access-token";

/// The path of the small JSON model (`GET /users/{id}`, the SDK's `user("1")`).
pub const USER_PATH: &str = "/api/4.0/users/1";

/// The path of the streamed CSV (`POST /queries/run/csv`, the SDK's `run_inline_query("csv")`).
pub const CSV_PATH: &str = "/api/4.0/queries/run/csv";

/// The user the model endpoint answers: a realistic `User` (credentials, roles, ui_state), about
/// 1.5 KB.
const USER_JSON: &str = include_str!("../../../fixtures/user.json");

/// The size of each chunk of the CSV body: what a server writing from a buffer sends.
const CSV_CHUNK: usize = 64 * 1024;

/// The server's state: what it serves, and the headers of the model requests it saw.
struct State {
    csv_bytes: u64,
    csv_block: Bytes,
    /// The headers of each `GET /users/1`, kept while `record` is set.
    seen: Mutex<Vec<HeaderMap>>,
}

/// A running server; it stops with the runtime it was started on.
pub struct Server {
    pub base_url: String,
    state: Arc<State>,
}

impl Server {
    /// Starts the server on an ephemeral port of 127.0.0.1; `csv_bytes` is the size of every
    /// CSV answer.
    pub async fn start(csv_bytes: u64) -> anyhow::Result<Server> {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .context("cannot listen on 127.0.0.1")?;
        let addr: SocketAddr = listener.local_addr().context("no local address")?;
        let state = Arc::new(State {
            csv_bytes,
            csv_block: csv_block(),
            seen: Mutex::new(Vec::new()),
        });
        let shared = Arc::clone(&state);
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let state = Arc::clone(&shared);
                tokio::spawn(async move {
                    let service = service_fn(move |req| handle(req, Arc::clone(&state)));
                    // A connection that fails ends; the client reports the failure.
                    let _ = http1::Builder::new()
                        .keep_alive(true)
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Ok(Server {
            base_url: format!("http://{addr}"),
            state,
        })
    }

    /// The headers of the model requests received since the last call, oldest first.
    pub fn take_seen(&self) -> Vec<HeaderMap> {
        match self.state.seen.lock() {
            Ok(mut seen) => std::mem::take(&mut *seen),
            Err(poisoned) => std::mem::take(&mut *poisoned.into_inner()),
        }
    }
}

async fn handle(
    req: Request<Incoming>,
    state: Arc<State>,
) -> Result<Response<BenchBody>, Infallible> {
    let (parts, body) = req.into_parts();
    // Read the request body whole (a login form, a query), so the connection stays reusable.
    let _ = body.collect().await;
    let authorized = parts
        .headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.ends_with(TOKEN));
    let response = match (parts.method, parts.uri.path()) {
        (Method::POST, "/api/4.0/login") => json(format!(
            r#"{{"access_token":"{TOKEN}","token_type":"Bearer","expires_in":86400}}"#
        )),
        (_, _) if !authorized => status(StatusCode::UNAUTHORIZED),
        (Method::GET, USER_PATH) => {
            if let Ok(mut seen) = state.seen.lock() {
                // A few are enough to compare; the loop must not grow memory.
                if seen.len() < 4 {
                    seen.push(parts.headers.clone());
                }
            }
            json(USER_JSON.to_owned())
        }
        (Method::POST, CSV_PATH) => {
            let mut response = Response::new(BenchBody::Csv {
                block: state.csv_block.clone(),
                offset: 0,
                remaining: state.csv_bytes,
            });
            response
                .headers_mut()
                .insert(CONTENT_TYPE, HeaderValue::from_static("text/csv"));
            response
        }
        _ => status(StatusCode::NOT_FOUND),
    };
    Ok(response)
}

fn json(text: String) -> Response<BenchBody> {
    let mut response = Response::new(BenchBody::Full(Some(Bytes::from(text))));
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

fn status(code: StatusCode) -> Response<BenchBody> {
    let mut response = Response::new(BenchBody::Full(None));
    *response.status_mut() = code;
    response
}

/// About a megabyte of CSV rows (a header, then order lines), repeated to make a body of any
/// size: the server does almost nothing per byte, so the client's work is what is measured.
fn csv_block() -> Bytes {
    let mut csv = String::from(
        "orders.id,orders.created_date,orders.status,users.email,users.country,order_items.sale_price\n",
    );
    let mut row = 0u64;
    while csv.len() < 1 << 20 {
        csv.push_str(&format!(
            "{row},2026-{:02}-{:02},{},user{}@example.com,{},{}.{:02}\n",
            row % 12 + 1,
            row % 28 + 1,
            ["complete", "pending", "cancelled"][(row % 3) as usize],
            row % 9973,
            ["US", "DE", "JP", "BR"][(row % 4) as usize],
            row * 37 % 500,
            row % 100,
        ));
        row += 1;
    }
    Bytes::from(csv)
}

/// A response body: a whole JSON text (with its length), or `remaining` bytes of CSV sent in
/// [`CSV_CHUNK`] pieces of `block`, with no length announced (chunked, as Looker streams
/// query results).
pub enum BenchBody {
    Full(Option<Bytes>),
    Csv {
        block: Bytes,
        offset: usize,
        remaining: u64,
    },
}

impl Body for BenchBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let frame = match self.get_mut() {
            BenchBody::Full(bytes) => bytes.take(),
            BenchBody::Csv {
                block,
                offset,
                remaining,
            } => next_csv_chunk(block, offset, remaining),
        };
        Poll::Ready(frame.map(|bytes| Ok(Frame::data(bytes))))
    }

    fn is_end_stream(&self) -> bool {
        match self {
            BenchBody::Full(bytes) => bytes.is_none(),
            BenchBody::Csv { remaining, .. } => *remaining == 0,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            BenchBody::Full(bytes) => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
            BenchBody::Csv { .. } => SizeHint::default(),
        }
    }
}

/// The next piece of the CSV body, or `None` once `remaining` bytes were handed out.
fn next_csv_chunk(block: &Bytes, offset: &mut usize, remaining: &mut u64) -> Option<Bytes> {
    if *remaining == 0 || block.is_empty() {
        return None;
    }
    if *offset >= block.len() {
        *offset = 0;
    }
    let room = (block.len() - *offset).min(CSV_CHUNK);
    let len = usize::try_from(*remaining).map_or(room, |r| r.min(room));
    let chunk = block.slice(*offset..*offset + len);
    *offset += len;
    *remaining -= len as u64;
    Some(chunk)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The body is exactly as long as asked, across block boundaries, in chunks no larger than
    /// `CSV_CHUNK`, and starts with the header.
    #[test]
    fn csv_bodies_have_the_size_asked_for() {
        let block = csv_block();
        assert!(block.starts_with(b"orders.id,"));
        for size in [
            0u64,
            1,
            100,
            block.len() as u64,
            3 * block.len() as u64 + 12_345,
        ] {
            let (mut offset, mut remaining, mut total, mut largest) = (0, size, 0u64, 0);
            while let Some(chunk) = next_csv_chunk(&block, &mut offset, &mut remaining) {
                total += chunk.len() as u64;
                largest = largest.max(chunk.len());
            }
            assert_eq!(total, size);
            assert!(largest <= CSV_CHUNK, "{largest}");
        }
    }
}
