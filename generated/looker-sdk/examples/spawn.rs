//! Calls on tasks of their own, several at once, and a paged search handed out by a function.
//!
//! Requests and their futures own a clone of the client (one reference count) rather than
//! borrowing it, so they are `Send + 'static`: `tokio::spawn(sdk.me().into_future())` runs a call
//! on its own task, and a function can return a request, its future or a `Pages` stream without
//! tying it to a borrow. The client logs in once however many calls are waiting for a token.
//!
//! Settings come from `looker.ini` when it exists and from the environment, which wins:
//!
//! ```sh
//! export LOOKERSDK_BASE_URL=https://mycompany.looker.com:19999
//! export LOOKERSDK_CLIENT_ID=... LOOKERSDK_CLIENT_SECRET=...
//! cargo run -p looker-sdk --example spawn -- 'Sales%'
//! ```

use std::future::IntoFuture;

use looker_sdk::models::Dashboard;
use looker_sdk::{ApiSettings, Items, LookerSdk, Pages, RetryPolicy};

/// Every dashboard whose title matches, 50 a page. The stream owns what it needs, so it can be
/// returned, stored or moved to another task; nothing is fetched until it is read.
fn dashboards_titled(sdk: &LookerSdk, title: &str) -> Pages<Dashboard> {
    sdk.search_dashboards()
        .title(title)
        .fields("id,title")
        .limit(50)
        .pages()
}

/// The same results one dashboard at a time: the next page is fetched when the last one's
/// dashboards are used up.
fn each_dashboard_titled(sdk: &LookerSdk, title: &str) -> Items<Dashboard> {
    dashboards_titled(sdk, title).items()
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let title = std::env::args().nth(1).unwrap_or_else(|| "%".to_owned());
    // Retries 429, 502, 503 and 504 answers and refused connections, for every call below.
    let sdk = LookerSdk::new(ApiSettings::load()?.retry(RetryPolicy::new()))?;

    // One call on a task of its own: the handle gives the call's result once the task ends.
    let me = tokio::spawn(sdk.me().fields("id,display_name").into_future());

    // Several calls at once on this task; the first error ends the wait.
    let (session, folders) = tokio::try_join!(
        sdk.session().into_future(),
        sdk.all_folders().fields("id,name").into_future(),
    )?;
    println!(
        "session on workspace {:?}; {} folders",
        session.workspace_id,
        folders.len()
    );

    // A paged search on another task: the stream came from a function and moves there.
    let mut pages = dashboards_titled(&sdk, &title);
    let counted = tokio::spawn(async move {
        let mut count = 0usize;
        while let Some(page) = pages.next_page().await {
            count += page?.len();
        }
        Ok::<_, looker_sdk::Error>(count)
    });

    // The dashboards one by one, here.
    let mut dashboards = each_dashboard_titled(&sdk, &title);
    while let Some(dashboard) = dashboards.next_item().await {
        let dashboard = dashboard?;
        println!(
            "  {:>6}  {}",
            dashboard.id.as_deref().unwrap_or("?"),
            dashboard.title.as_deref().unwrap_or("(untitled)"),
        );
    }

    // A task's handle fails only if the task panicked or was cancelled (the outer `?`); the call's
    // own error is the inner one.
    let me = me.await??;
    println!(
        "logged in as {}; {} dashboards match {title:?}",
        me.display_name.as_deref().unwrap_or("?"),
        counted.await??,
    );

    // An API error names the call it answered: "... from dashboard (GET /dashboards/0)".
    if let Err(error) = sdk.dashboard("0").await {
        eprintln!("as expected: {error}");
        if let Some(endpoint) = error.endpoint() {
            eprintln!(
                "  operation {:?}, path {}",
                endpoint.operation(),
                endpoint.path()
            );
        }
    }

    sdk.end_session().await?;
    Ok(())
}
