//! Runs a query and streams its result as CSV into a file, never holding the whole result in
//! memory: `run_inline_query("csv", ...).stream()` hands back the body chunk by chunk.
//!
//! Settings come from an optional ini file (Looker's `looker.ini` format, its first section),
//! overridden by the environment (`LOOKERSDK_BASE_URL`, `LOOKERSDK_CLIENT_ID`,
//! `LOOKERSDK_CLIENT_SECRET`, `LOOKERSDK_VERIFY_SSL`, `LOOKERSDK_TIMEOUT`):
//!
//! ```sh
//! export LOOKERSDK_BASE_URL=https://mycompany.looker.com:19999
//! export LOOKERSDK_CLIENT_ID=... LOOKERSDK_CLIENT_SECRET=...
//! cargo run -p looker-sdk --example download_csv -- \
//!     thelook order_items order_items.id,order_items.created_date orders.csv [looker.ini]
//! ```

use std::time::Duration;

use looker_sdk::models::WriteQuery;
use looker_sdk::{ApiSettings, LookerSdk, RequestOptions, RetryPolicy};
use tokio::io::AsyncWriteExt;

const USAGE: &str = "usage: download_csv MODEL VIEW FIELD,FIELD,... OUTPUT.csv [looker.ini]";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [model, view, fields, output, rest @ ..] = args.as_slice() else {
        return Err(USAGE.into());
    };

    let mut settings = ApiSettings::builder();
    if let Some(ini) = rest.first() {
        settings = settings.ini_file(ini);
    }
    let sdk = LookerSdk::new(settings.env().build()?)?;

    let query = WriteQuery {
        model: model.clone(),
        view: view.clone(),
        fields: fields
            .split(',')
            .map(str::to_owned)
            .collect::<Vec<_>>()
            .into(),
        // All rows: the result is streamed, however large.
        limit: "-1".to_owned().into(),
        ..WriteQuery::default()
    };
    // A large query may take a while to start answering: allow ten minutes for the first
    // bytes and between chunks, and retry if Looker is busy or its proxy fails (429, 502, 503,
    // 504) or the connection is refused.
    let options = RequestOptions::new()
        .timeout(Duration::from_secs(600))
        .retry(RetryPolicy::new().allow_unsafe());
    let mut csv = sdk
        .run_inline_query("csv", &query)
        .with_options(options)
        .stream()
        .await?;
    eprintln!(
        "receiving {}",
        csv.content_type().unwrap_or("an unknown type")
    );

    let mut file = tokio::fs::File::create(output).await?;
    let mut written: u64 = 0;
    while let Some(chunk) = csv.next_chunk().await {
        let chunk = chunk?;
        file.write_all(&chunk).await?;
        written += chunk.len() as u64;
    }
    file.flush().await?;
    eprintln!("wrote {written} bytes to {output}");
    Ok(())
}
