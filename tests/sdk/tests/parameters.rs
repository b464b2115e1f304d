//! How parameters reach the wire: a parameter the spec types as an enum takes a variant or a
//! string, and every optional parameter's `set_x(Option<_>)` twin sets what `x` sets, or takes
//! it out again.
//!
//! Looker's spec types no parameter as an enum, so the enum cases call the crate of the
//! odd-names fixture (`tests/odd-names`, generated from `tests/fixtures/odd_names.json`): a path
//! enum with the value `a b/c`, an optional query enum, and a delimited array of an enum.

use odd_names::models::{Format, Kinds, Order};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A mock Looker that accepts any login and answers every GET with `body`.
async fn server(body: serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/login"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "t",
            "token_type": "Bearer",
            "expires_in": 3600,
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    server
}

/// Path and query (as sent, percent-encoded) of each GET the server received.
async fn gets(server: &MockServer) -> Vec<(String, Option<String>)> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r: &&Request| r.method.as_str() == "GET")
        .map(|r| (r.url.path().to_owned(), r.url.query().map(str::to_owned)))
        .collect()
}

fn odd_sdk(server: &MockServer) -> odd_names::LookerSdk {
    let settings = odd_names::ApiSettings::new(server.uri(), "id", "secret");
    odd_names::LookerSdk::new(settings).unwrap_or_else(|e| panic!("settings rejected: {e}"))
}

#[tokio::test]
async fn enum_parameters_take_a_variant_or_a_string() -> odd_names::Result<()> {
    let server = server(json!({})).await;
    let sdk = odd_sdk(&server);
    sdk.enum_params(Format::ABC)
        .order(Order::Desc)
        .kinds([Kinds::X, Kinds::YZ])
        .await?;
    // Values this SDK does not know, as strings (a `&str`, a `String`, a `&String`).
    let unknown = String::from("sideways");
    sdk.enum_params("xlsx")
        .order(&unknown)
        .kinds(["y z", "new"])
        .await?;
    sdk.enum_params(String::from("a b/c")).await?;
    assert_eq!(
        gets(&server).await,
        [
            (
                "/api/4.0/formats/a%20b%2Fc".to_owned(),
                Some("order=desc&kinds=x%2Cy%20z".to_owned())
            ),
            (
                "/api/4.0/formats/xlsx".to_owned(),
                Some("order=sideways&kinds=y%20z%2Cnew".to_owned())
            ),
            // A string with a known value is that variant, sent the same way.
            ("/api/4.0/formats/a%20b%2Fc".to_owned(), None),
        ]
    );
    Ok(())
}

#[tokio::test]
async fn option_setters_set_a_value_or_take_it_out() -> odd_names::Result<()> {
    let server = server(json!({})).await;
    let sdk = odd_sdk(&server);
    let absent: Option<Order> = None;
    sdk.enum_params(Format::Csv)
        .set_order(absent)
        .set_kinds(Some(vec![Kinds::YZ]))
        .await?;
    // `None` takes out a value set before, and leaves the other parameters.
    sdk.enum_params(Format::Csv)
        .order(Order::Asc)
        .kinds(vec![Kinds::YZ])
        .set_order(None)
        .await?;
    sdk.enum_params(Format::Csv)
        .set_order(Some(Order::Asc))
        .set_order(Some(Order::Desc))
        .await?;
    assert_eq!(
        gets(&server).await,
        [
            (
                "/api/4.0/formats/csv".to_owned(),
                Some("kinds=y%20z".to_owned())
            ),
            (
                "/api/4.0/formats/csv".to_owned(),
                Some("kinds=y%20z".to_owned())
            ),
            (
                "/api/4.0/formats/csv".to_owned(),
                Some("order=desc".to_owned())
            ),
        ]
    );
    Ok(())
}

/// The generated SDK's own setters: a filter that may be absent needs no branch.
#[tokio::test]
async fn option_setters_of_the_looker_sdk() -> looker_sdk::Result<()> {
    let server = server(json!([])).await;
    let settings = looker_sdk::ApiSettings::new(server.uri(), "id", "secret");
    let sdk = looker_sdk::LookerSdk::new(settings)?;
    let search = |folder_id: Option<String>| -> looker_sdk::requests::SearchDashboardsRequest {
        sdk.search_dashboards()
            .title("Sales%")
            .set_folder_id(folder_id)
            .set_limit(Some(5))
    };
    search(None).await?;
    search(Some("7".to_owned())).await?;
    assert_eq!(
        gets(&server).await,
        [
            (
                "/api/4.0/dashboards/search".to_owned(),
                Some("title=Sales%25&limit=5".to_owned())
            ),
            (
                "/api/4.0/dashboards/search".to_owned(),
                Some("title=Sales%25&folder_id=7&limit=5".to_owned())
            ),
        ]
    );
    Ok(())
}
