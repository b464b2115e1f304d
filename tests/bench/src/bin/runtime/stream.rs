//! Streaming: a chunked CSV body of `bytes` bytes from the local server, written to a file as
//! it arrives, through the SDK's `run_inline_query("csv", ..).stream()` or through reqwest's
//! `bytes_stream()` by hand. One side per process (the xtask spawns one for each), so that the
//! peak resident set (VmHWM) reported is that side's alone.
//!
//! Both sides log in first (the SDK by itself, the hand-written side with one form POST) and
//! write each chunk with a blocking `write_all` to the same kind of file; the time runs from
//! sending the query to the last byte written.

use std::io::Write as _;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, bail};
use futures_util::StreamExt as _;
use looker_sdk::models::WriteQuery;
use looker_sdk::{ApiSettings, LookerSdk};

use crate::server::{CSV_PATH, Server};
use crate::{peak_rss_kib, result};

#[derive(Clone, Copy)]
pub enum Mode {
    Sdk,
    Raw,
}

pub async fn run(mode: Mode, bytes: u64, out: &Path) -> anyhow::Result<()> {
    let server = Server::start(bytes).await?;
    let query = WriteQuery {
        model: "thelook".to_owned(),
        view: "order_items".to_owned(),
        fields: vec!["orders.id".to_owned(), "orders.created_date".to_owned()].into(),
        limit: "-1".to_owned().into(),
        ..WriteQuery::default()
    };
    let mut file =
        std::fs::File::create(out).with_context(|| format!("cannot create {}", out.display()))?;
    let write_error = || format!("cannot write {}", out.display());
    let mut written = 0u64;
    let seconds = match mode {
        Mode::Sdk => {
            let settings = ApiSettings::new(server.base_url.clone(), "bench-id", "bench-secret");
            let sdk = LookerSdk::new(settings).context("the SDK rejected its settings")?;
            // Log in before the clock starts, as the other side does.
            sdk.user("1").await.context("the SDK's login failed")?;
            let start = Instant::now();
            let mut csv = sdk
                .run_inline_query("csv", &query)
                .stream()
                .await
                .context("the SDK's query failed")?;
            while let Some(chunk) = csv.next_chunk().await {
                let chunk = chunk.context("the SDK's stream failed")?;
                file.write_all(&chunk).with_context(write_error)?;
                written += chunk.len() as u64;
            }
            start.elapsed().as_secs_f64()
        }
        Mode::Raw => {
            looker_sdk::install_crypto_provider();
            let client = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .context("cannot build the reqwest client")?;
            let login: serde_json::Value = serde_json::from_slice(
                &client
                    .post(format!("{}/api/4.0/login", server.base_url))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body("client_id=bench-id&client_secret=bench-secret")
                    .send()
                    .await?
                    .error_for_status()?
                    .bytes()
                    .await?,
            )
            .context("the login answer is not JSON")?;
            let token = login["access_token"]
                .as_str()
                .context("the login answer has no access_token")?;
            let body = serde_json::to_vec(&query).context("cannot encode the query")?;
            let start = Instant::now();
            let response = client
                .post(format!("{}{CSV_PATH}", server.base_url))
                .header("authorization", format!("token {token}"))
                .header("content-type", "application/json")
                .header("accept", "text/csv")
                .body(body)
                .send()
                .await
                .context("the query failed")?
                .error_for_status()?;
            let mut chunks = response.bytes_stream();
            while let Some(chunk) = chunks.next().await {
                let chunk = chunk.context("the stream failed")?;
                file.write_all(&chunk).with_context(write_error)?;
                written += chunk.len() as u64;
            }
            start.elapsed().as_secs_f64()
        }
    };
    file.flush().with_context(write_error)?;
    if written != bytes {
        bail!("received {written} bytes of the {bytes} sent");
    }
    result("stream.bytes", written as f64);
    result("stream.seconds", seconds);
    result("stream.vmhwm_kib", peak_rss_kib()? as f64);
    Ok(())
}
