//! Signing a user in with OAuth and PKCE, for an application that cannot keep a client secret
//! (a desktop or command-line tool): it prints the URL to open, reads back where Looker
//! redirected the browser, trades the code for tokens, and calls `me` as the user.
//!
//! Register the application once, as a Looker admin, with `register_oauth_client_app`
//! (`client_guid`, `redirect_uri`, `display_name`, `enabled: true`). Then:
//!
//! ```sh
//! export LOOKERSDK_BASE_URL=https://mycompany.looker.com:19999   # the API
//! export LOOKERSDK_LOOKER_URL=https://mycompany.looker.com       # the web UI (its /auth page)
//! export LOOKERSDK_CLIENT_ID=my-app                              # the app's client_guid
//! export LOOKERSDK_REDIRECT_URI=http://127.0.0.1:8765/callback   # as registered
//! cargo run -p looker-sdk --example oauth_pkce
//! ```
//!
//! Nothing needs to listen on the redirect URI: after approving, copy the address the browser
//! was sent to (it holds `code` and `state`) and paste it, or pass it as the first argument.

use std::io::BufRead as _;

use looker_sdk::{ApiSettings, OAuthFlow, Pkce};

fn var(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("set {name}"))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Base URL, client id (the app's client_guid) and timeout; an OAuth app has no secret.
    let settings = ApiSettings::from_env()?;
    let flow = OAuthFlow::with_settings(
        settings,
        &var("LOOKERSDK_LOOKER_URL")?,
        var("LOOKERSDK_REDIRECT_URI")?,
    )?;

    // One verifier and state per sign-in: a web app keeps them in the user's session.
    let pkce = Pkce::new()?;
    let state = OAuthFlow::new_state()?;
    println!(
        "Open this URL and approve the app:\n\n{}\n",
        flow.authorization_url(&pkce, &state)
    );

    let redirect = match std::env::args().nth(1) {
        Some(redirect) => redirect,
        None => {
            println!("Then paste the address the browser was redirected to:");
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line)?;
            line
        }
    };
    let code = flow.code_from_redirect(&redirect, &state)?;

    // The token comes with a refresh token: the client renews the access token by itself.
    let token = flow.redeem_code(&code, &pkce).await?;
    println!("signed in; the token is valid for {:?}", token.time_left());
    let sdk = flow.client(token)?;
    let me = sdk.me().fields("id,display_name").await?;
    println!("hello, {}", me.display_name.as_deref().unwrap_or("?"));

    // Ends the session (and the refresh token's grant) on the server.
    sdk.end_session().await?;
    Ok(())
}
