//! Acting as another user (sudo): an admin client makes a client for user N, calls `me` as each,
//! then ends the user's session while the admin's goes on. Also shows `sudo_token`, which only
//! creates a token for the user (to hand to a front end, say).
//!
//! The admin's settings come from the environment (`LOOKERSDK_BASE_URL`, `LOOKERSDK_CLIENT_ID`,
//! `LOOKERSDK_CLIENT_SECRET`: an API key of a Looker admin):
//!
//! ```sh
//! cargo run -p looker-sdk --example sudo -- 42
//! ```

use looker_sdk::{ApiSettings, LookerSdk};

#[tokio::main]
async fn main() -> Result<(), looker_sdk::Error> {
    let Some(user_id) = std::env::args().nth(1) else {
        eprintln!("usage: sudo USER_ID");
        std::process::exit(2);
    };
    let admin = LookerSdk::new(ApiSettings::from_env()?)?;

    // A client acting as the user: its calls carry the user's token, the admin's calls the
    // admin's. It renews the user's token through the admin when it expires.
    let user = admin.sudo(&user_id).await?;
    let me = user.me().fields("id,display_name").await?;
    println!("acting as {:?}", me.display_name);
    let admin_me = admin.me().fields("id,display_name").await?;
    println!("still the admin: {:?}", admin_me.display_name);

    // Ends the user's API session on the server; the user's client then refuses further calls.
    user.end_session().await?;
    match user.me().await {
        Err(looker_sdk::Error::TokenExpired(reason)) => {
            println!("the user's client stops: {reason}")
        }
        other => println!("unexpected: {other:?}"),
    }

    // Just a token for the user, for code elsewhere (it expires: see `time_left`).
    let token = admin.sudo_token(&user_id).await?;
    println!(
        "a token for user {user_id}, valid for {:?}",
        token.time_left()
    );
    // Whoever holds it builds a client from it alone; that client never logs in.
    let elsewhere = LookerSdk::from_access_token(admin.settings().base_url(), token)?;
    println!("{:?}", elsewhere.me().fields("id").await?.id);
    elsewhere.end_session().await?;

    admin.end_session().await
}
