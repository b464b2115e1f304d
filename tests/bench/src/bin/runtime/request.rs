//! Per-request overhead: `sdk.user("1")` against the same request written by hand with reqwest
//! and serde_json, decoded into the same `models::User`.
//!
//! The hand-written call sends exactly the headers the SDK sent (copied from what the server
//! received, `Authorization` included) and the comparison fails if the server sees any
//! difference, so the two sides do the same work on the wire. Sequential requests on one
//! keep-alive connection each; rounds alternate which side goes first, and each side's figure is
//! the median over rounds of the mean time per request; the ratio is the median of the rounds'
//! ratios (both sides of a round run back to back, so load that drifts between rounds cancels).

use std::time::Instant;

use anyhow::{Context, bail};
use hyper::header::{AUTHORIZATION, CONTENT_LENGTH, HOST, HeaderMap};
use looker_sdk::models::User;
use looker_sdk::{ApiSettings, LookerSdk};

use crate::server::{Server, USER_PATH};
use crate::{median, result};

/// The hand-written client: reqwest, the SDK's headers, serde_json.
struct Raw {
    client: reqwest::Client,
    url: String,
    headers: HeaderMap,
}

impl Raw {
    fn new(base_url: &str, sdk_headers: &HeaderMap) -> anyhow::Result<Raw> {
        let mut headers = sdk_headers.clone();
        // Set by reqwest for each request, as for the SDK's.
        headers.remove(HOST);
        headers.remove(CONTENT_LENGTH);
        looker_sdk::install_crypto_provider();
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .context("cannot build the reqwest client")?;
        Ok(Raw {
            client,
            url: format!("{base_url}{USER_PATH}"),
            headers,
        })
    }

    async fn user(&self) -> anyhow::Result<User> {
        let response = self
            .client
            .get(&self.url)
            .headers(self.headers.clone())
            // The SDK's call has a time limit (the settings' default, 120 s), which costs reqwest a
            // timer per request: the same request here has the same limit.
            .timeout(std::time::Duration::from_secs(120))
            .send()
            .await?
            .error_for_status()?;
        let body = response.bytes().await?;
        Ok(serde_json::from_slice(&body)?)
    }
}

/// One side of the comparison.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Sdk,
    Raw,
}

/// Measures both sides, or with `only`, sends `iters` requests from that side alone after the
/// same checks (for `perf record` or `strace -c` of one side) and reports its time.
pub async fn run(iters: usize, rounds: usize, only: Option<Side>) -> anyhow::Result<()> {
    let server = Server::start(0).await?;
    let settings = ApiSettings::new(server.base_url.clone(), "bench-id", "bench-secret");
    let sdk = LookerSdk::new(settings).context("the SDK rejected its settings")?;
    // The first call logs in; both sides then hold a token.
    let user = sdk.user("1").await.context("the SDK's call failed")?;
    let sdk_headers = server
        .take_seen()
        .pop()
        .context("the server saw no request from the SDK")?;
    let raw = Raw::new(&server.base_url, &sdk_headers)?;
    let raw_user = raw.user().await.context("the hand-written call failed")?;
    if raw_user != user {
        bail!("the SDK and serde_json decoded the same user differently");
    }
    let raw_headers = server
        .take_seen()
        .pop()
        .context("the server saw no hand-written request")?;
    if sorted(&sdk_headers, false) != sorted(&raw_headers, false) {
        bail!(
            "the two sides sent different headers:\n  SDK: {:?}\n  raw: {:?}",
            sorted(&sdk_headers, true),
            sorted(&raw_headers, true)
        );
    }

    if let Some(side) = only {
        let start = Instant::now();
        for _ in 0..iters {
            match side {
                Side::Sdk => std::hint::black_box(sdk.user("1").await?),
                Side::Raw => std::hint::black_box(raw.user().await?),
            };
        }
        let us = start.elapsed().as_secs_f64() * 1e6 / iters as f64;
        let key = if side == Side::Sdk {
            "request.sdk_us"
        } else {
            "request.raw_us"
        };
        result(key, us);
        return Ok(());
    }

    let per_round = (iters / rounds).max(1);
    eprintln!(
        "request: {rounds} rounds of {per_round} sequential requests per side, after a warm-up of {per_round}"
    );
    for _ in 0..per_round {
        std::hint::black_box(sdk.user("1").await?);
        std::hint::black_box(raw.user().await?);
    }
    let (mut sdk_us, mut raw_us) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        for side in [round % 2, 1 - round % 2] {
            let start = Instant::now();
            for _ in 0..per_round {
                if side == 0 {
                    std::hint::black_box(sdk.user("1").await?);
                } else {
                    std::hint::black_box(raw.user().await?);
                }
            }
            let us = start.elapsed().as_secs_f64() * 1e6 / per_round as f64;
            if side == 0 { &mut sdk_us } else { &mut raw_us }.push(us);
        }
        server.take_seen();
    }
    // Each round measures both sides back to back, so the ratio within a round is the least
    // touched by the machine's load drifting between rounds.
    let mut ratios: Vec<f64> = sdk_us.iter().zip(&raw_us).map(|(s, r)| s / r).collect();
    let ratio = median(&mut ratios).context("no rounds")?;
    let sdk_us = median(&mut sdk_us).context("no rounds")?;
    let raw_us = median(&mut raw_us).context("no rounds")?;
    result("request.iterations", (per_round * rounds) as f64);
    result("request.sdk_us", sdk_us);
    result("request.raw_us", raw_us);
    result("request.ratio", ratio);
    let (clone_ns, build_ns) = ownership_cost(&sdk, per_round * rounds);
    result("request.clone_ns", clone_ns);
    result("request.build_ns", build_ns);
    Ok(())
}

/// What it costs that requests own the client (so that they and their futures are
/// `Send + 'static`): cloning the SDK, and making a request builder and its boxed future and
/// dropping them unsent, in nanoseconds each (medians of 5 batches of `iters`). Both are in every
/// SDK request measured above; these say how much of it they are.
fn ownership_cost(sdk: &LookerSdk, iters: usize) -> (f64, f64) {
    use std::future::IntoFuture;
    let time_ns = |f: &dyn Fn()| {
        let mut batches: Vec<f64> = (0..5)
            .map(|_| {
                let start = Instant::now();
                for _ in 0..iters {
                    f();
                }
                start.elapsed().as_secs_f64() * 1e9 / iters as f64
            })
            .collect();
        median(&mut batches).unwrap_or(f64::NAN)
    };
    let clone_ns = time_ns(&|| drop(std::hint::black_box(sdk.clone())));
    let build_ns = time_ns(&|| drop(std::hint::black_box(sdk.user("1").into_future())));
    (clone_ns, build_ns)
}

/// The headers as sorted `name: value` lines, without the host (its port); `redact` hides the
/// value of `Authorization`, for printing.
fn sorted(headers: &HeaderMap, redact: bool) -> Vec<String> {
    let mut lines: Vec<String> = headers
        .iter()
        .filter(|(name, _)| *name != HOST)
        .map(|(name, value)| match name {
            name if redact && name == AUTHORIZATION => format!("{name}: ***"),
            name => format!("{name}: {}", String::from_utf8_lossy(value.as_bytes())),
        })
        .collect();
    lines.sort();
    lines
}
