//! A back-end script that logs in with API credentials: it prints who it is logged in as, then
//! searches dashboards by title.
//!
//! The settings come from `looker.ini` in the current directory when there is one, and from the
//! environment, which wins (`ApiSettings::load()`); without the file the environment alone will
//! do:
//!
//! ```sh
//! export LOOKERSDK_BASE_URL=https://mycompany.looker.com:19999
//! export LOOKERSDK_CLIENT_ID=...        # an API key of a Looker user
//! export LOOKERSDK_CLIENT_SECRET=...
//! cargo run -p looker-sdk --example api_credentials -- 'Sales%'
//! ```
//!
//! The client logs in on its first call, keeps the token, and logs in again by itself when the
//! token expires; `end_session` ends the API session on the server at the end.

use looker_sdk::{ApiSettings, LookerSdk};

#[tokio::main]
async fn main() -> Result<(), looker_sdk::Error> {
    let title = std::env::args().nth(1).unwrap_or_else(|| "%".to_owned());

    // looker.ini if it exists, then LOOKERSDK_*. Or in code:
    // ApiSettings::new("https://mycompany.looker.com:19999", "client-id", "secret").
    let sdk = LookerSdk::new(ApiSettings::load()?)?;

    let me = sdk.me().fields("id,display_name,email").await?;
    println!(
        "logged in as {} ({})",
        me.display_name.as_deref().unwrap_or("?"),
        me.email.as_deref().unwrap_or("no email"),
    );

    // Optional parameters are set on the request before `.await`.
    let dashboards = sdk
        .search_dashboards()
        .title(title.as_str())
        .fields("id,title")
        .limit(20)
        .await?;
    println!("{} dashboards match {title:?}:", dashboards.len());
    for dashboard in dashboards {
        println!(
            "  {:>6}  {}",
            dashboard.id.as_deref().unwrap_or("?"),
            dashboard.title.as_deref().unwrap_or("(untitled)"),
        );
    }

    sdk.end_session().await
}
