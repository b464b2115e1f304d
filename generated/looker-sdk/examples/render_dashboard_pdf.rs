//! Renders a dashboard to PDF: creates a render task, polls it until it has succeeded (or
//! failed), then streams the PDF into a file without holding it in memory.
//!
//! Settings come from an optional ini file (Looker's `looker.ini` format, its first section),
//! overridden by the environment (`LOOKERSDK_BASE_URL`, `LOOKERSDK_CLIENT_ID`,
//! `LOOKERSDK_CLIENT_SECRET`, `LOOKERSDK_VERIFY_SSL`, `LOOKERSDK_TIMEOUT`):
//!
//! ```sh
//! export LOOKERSDK_BASE_URL=https://mycompany.looker.com:19999
//! export LOOKERSDK_CLIENT_ID=... LOOKERSDK_CLIENT_SECRET=...
//! cargo run -p looker-sdk --example render_dashboard_pdf -- 42 dashboard.pdf [looker.ini]
//! ```

use std::time::{Duration, Instant};

use looker_sdk::models::CreateDashboardRenderTask;
use looker_sdk::{ApiSettings, LookerSdk, RetryPolicy};
use tokio::io::AsyncWriteExt;

const USAGE: &str = "usage: render_dashboard_pdf DASHBOARD_ID OUTPUT.pdf [looker.ini]";

/// How often to ask whether the render task is done, and how long to wait at most.
const POLL_EVERY: Duration = Duration::from_secs(2);
const GIVE_UP_AFTER: Duration = Duration::from_secs(15 * 60);

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dashboard_id, output, rest @ ..] = args.as_slice() else {
        return Err(USAGE.into());
    };

    let mut settings = ApiSettings::builder();
    if let Some(ini) = rest.first() {
        settings = settings.ini_file(ini);
    }
    // Retry the polling (GET) calls if Looker is busy.
    let sdk = LookerSdk::new(settings.env().retry(RetryPolicy::new()).build()?)?;

    let body = CreateDashboardRenderTask {
        dashboard_style: Some("tiled".to_owned()),
        ..CreateDashboardRenderTask::default()
    };
    let task = sdk
        .create_dashboard_render_task(dashboard_id, "pdf", &body, 1280, 1024)
        .pdf_paper_size("a4")
        .pdf_landscape(true)
        .await?;
    let task_id = task
        .id
        .ok_or("Looker returned a render task without an id")?;
    eprintln!("render task {task_id} created");

    let started = Instant::now();
    loop {
        let task = sdk
            .render_task(&task_id)
            .fields("status,status_detail")
            .await?;
        match task.status.as_deref() {
            Some("success") => break,
            Some("failure") => {
                let detail = task.status_detail.unwrap_or_default();
                return Err(format!("rendering failed: {detail}").into());
            }
            status => eprintln!("render task is {}", status.unwrap_or("unknown")),
        }
        if started.elapsed() > GIVE_UP_AFTER {
            return Err("rendering took too long".into());
        }
        tokio::time::sleep(POLL_EVERY).await;
    }

    let mut pdf = sdk.render_task_results(&task_id).stream().await?;
    let mut file = tokio::fs::File::create(output).await?;
    while let Some(chunk) = pdf.next_chunk().await {
        file.write_all(&chunk?).await?;
    }
    file.flush().await?;
    eprintln!("wrote {output}");
    Ok(())
}
