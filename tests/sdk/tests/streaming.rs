//! Streamed bodies (`stream()`) and paging (`pages()`) against mock servers: wiremock, and a raw
//! TCP server for bodies that arrive slowly or stall.

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use looker_sdk::models::WriteQuery;
use looker_sdk::{ApiSettings, Error, LookerSdk, RequestOptions};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn sdk_at(base_url: String) -> LookerSdk {
    match LookerSdk::new(ApiSettings::new(base_url, "the-id", "the-secret")) {
        Ok(sdk) => sdk,
        Err(e) => panic!("settings rejected: {e}"),
    }
}

async fn mock_sdk() -> (MockServer, LookerSdk) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/4.0/login"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "tok-1",
            "token_type": "Bearer",
            "expires_in": 3600,
        })))
        .mount(&server)
        .await;
    let sdk = sdk_at(server.uri());
    (server, sdk)
}

fn query() -> WriteQuery {
    WriteQuery {
        model: "thelook".to_owned(),
        view: "orders".to_owned(),
        ..WriteQuery::default()
    }
}

/// About 20 MB of CSV.
fn big_csv() -> Vec<u8> {
    let mut csv = b"id,name,amount\n".to_vec();
    let mut row = 0u64;
    while csv.len() < 20 * 1024 * 1024 {
        csv.extend_from_slice(
            format!("{row},name {row},{}.{}\n", row * 7 % 1000, row % 100).as_bytes(),
        );
        row += 1;
    }
    csv
}

#[tokio::test]
async fn a_large_csv_arrives_intact_in_chunks() -> looker_sdk::Result<()> {
    let (server, sdk) = mock_sdk().await;
    let csv = big_csv();
    Mock::given(method("POST"))
        .and(path("/api/4.0/queries/run/csv"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(csv.clone(), "text/csv"))
        .expect(1)
        .mount(&server)
        .await;

    let mut stream = sdk.run_inline_query("csv", &query()).stream().await?;
    assert_eq!(stream.content_type(), Some("text/csv"));
    assert_eq!(stream.content_length(), Some(csv.len() as u64));
    let (mut received, mut chunks, mut largest) = (0usize, 0usize, 0usize);
    // Through the `futures` Stream trait; each chunk is compared where it belongs, not kept.
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        assert_eq!(
            &csv[received..received + chunk.len()],
            chunk.as_ref(),
            "chunk {chunks} at {received}"
        );
        received += chunk.len();
        chunks += 1;
        largest = largest.max(chunk.len());
    }
    assert_eq!(received, csv.len());
    assert!(chunks > 10, "{chunks} chunks");
    assert!(largest < csv.len() / 10, "a chunk of {largest} bytes");
    assert!(stream.next_chunk().await.is_none(), "the stream ended");
    Ok(())
}

#[tokio::test]
async fn binary_bodies_stream_byte_for_byte() -> looker_sdk::Result<()> {
    let (server, sdk) = mock_sdk().await;
    // Every byte value, much of it invalid UTF-8, and a NUL and a BOM.
    let mut pdf = b"%PDF-1.7\n\xef\xbb\xbf\x00".to_vec();
    for _ in 0..4096 {
        pdf.extend(0..=255u8);
    }
    Mock::given(method("GET"))
        .and(path("/api/4.0/render_tasks/r1/results"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(pdf.clone(), "application/pdf"))
        .expect(1)
        .mount(&server)
        .await;

    let mut stream = sdk.render_task_results("r1").stream().await?;
    assert_eq!(stream.content_type(), Some("application/pdf"));
    let mut received = Vec::new();
    while let Some(chunk) = stream.next_chunk().await {
        received.extend_from_slice(&chunk?);
    }
    assert_eq!(received, pdf);
    Ok(())
}

#[tokio::test]
async fn a_failed_status_is_an_api_error_before_any_streaming() {
    let (server, sdk) = mock_sdk().await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/render_tasks/gone/results"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "Not found"})))
        .expect(1)
        .mount(&server)
        .await;

    let result = sdk.render_task_results("gone").stream().await;
    let Err(error) = result else {
        panic!("expected an error, got {result:?}");
    };
    assert_eq!(error.status(), Some(404));
    assert_eq!(error.message(), Some("Not found"));
}

#[tokio::test]
async fn the_time_limit_of_a_stream_is_per_chunk_not_for_the_whole_body() -> looker_sdk::Result<()>
{
    // Ten chunks 150 ms apart: 1.5 s in all, with a limit of 600 ms.
    let base_url = raw_server(|mut socket| async move {
        let head = "HTTP/1.1 200 OK\r\ncontent-type: text/csv\r\ncontent-length: 100\r\nconnection: close\r\n\r\n";
        write(&mut socket, head.as_bytes()).await;
        for i in 0..10u8 {
            tokio::time::sleep(Duration::from_millis(150)).await;
            write(&mut socket, &[b'0' + i; 10]).await;
        }
    })
    .await;

    let mut stream = sdk_at(base_url)
        .run_inline_query("csv", &query())
        .with_options(RequestOptions::new().timeout(Duration::from_millis(600)))
        .stream()
        .await?;
    let mut received = Vec::new();
    while let Some(chunk) = stream.next_chunk().await {
        received.extend_from_slice(&chunk?);
    }
    let expected: Vec<u8> = (0..10u8).flat_map(|i| [b'0' + i; 10]).collect();
    assert_eq!(received, expected);
    Ok(())
}

#[tokio::test]
async fn a_stalled_stream_hands_out_what_arrived_then_times_out() -> looker_sdk::Result<()> {
    let base_url = raw_server(|mut socket| async move {
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/pdf\r\ncontent-length: 1000\r\nconnection: close\r\n\r\n";
        write(&mut socket, head.as_bytes()).await;
        write(&mut socket, b"%PDF-first-part").await;
        tokio::time::sleep(Duration::from_secs(10)).await;
    })
    .await;

    let mut stream = sdk_at(base_url)
        .render_task_results("r1")
        .with_options(RequestOptions::new().timeout(Duration::from_millis(400)))
        .stream()
        .await?;
    // The first part is handed out while the server has not finished: the body is streamed.
    let first = stream.next_chunk().await.transpose()?;
    assert_eq!(first.as_deref(), Some(&b"%PDF-first-part"[..]));
    let started = Instant::now();
    let stalled = stream.next_chunk().await;
    assert!(matches!(stalled, Some(Err(Error::Timeout))), "{stalled:?}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(
        stream.next_chunk().await.is_none(),
        "the stream ended after the error"
    );
    Ok(())
}

#[tokio::test]
async fn slow_response_headers_are_a_timeout_for_a_stream() {
    let (server, sdk) = mock_sdk().await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/render_tasks/slow/results"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(b"late".to_vec(), "application/pdf")
                .set_delay(Duration::from_secs(5)),
        )
        .mount(&server)
        .await;

    let started = Instant::now();
    let result = sdk
        .render_task_results("slow")
        .with_options(RequestOptions::new().timeout(Duration::from_millis(300)))
        .stream()
        .await;
    assert!(matches!(result, Err(Error::Timeout)), "{result:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

/// Serves `/api/4.0/login` and answers every other request with `respond`, one connection each.
async fn raw_server<F, Fut>(respond: F) -> String
where
    F: Fn(TcpStream) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let listener = match TcpListener::bind("127.0.0.1:0").await {
        Ok(listener) => listener,
        Err(e) => panic!("cannot listen: {e}"),
    };
    let address = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let request = read_request(&mut socket).await;
            if request.starts_with("POST /api/4.0/login ") {
                let body = r#"{"access_token":"tok-1","token_type":"Bearer","expires_in":3600}"#;
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                write(&mut socket, response.as_bytes()).await;
            } else {
                tokio::spawn(respond(socket));
            }
        }
    });
    format!("http://{address}")
}

/// Reads one request's head and body; returns the head.
async fn read_request(socket: &mut TcpStream) -> String {
    let mut data = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        let head_end = data.windows(4).position(|w| w == b"\r\n\r\n");
        if let Some(end) = head_end {
            let head = String::from_utf8_lossy(&data[..end]).to_string();
            let length = head
                .lines()
                .find_map(|line| {
                    let (name, value) = line.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            if data.len() >= end + 4 + length {
                return head;
            }
        }
        match socket.read(&mut buffer).await {
            Ok(0) | Err(_) => return String::from_utf8_lossy(&data).to_string(),
            Ok(n) => data.extend_from_slice(&buffer[..n]),
        }
    }
}

async fn write(socket: &mut TcpStream, bytes: &[u8]) {
    let _ = socket.write_all(bytes).await;
    let _ = socket.flush().await;
}

fn users(ids: std::ops::Range<u32>) -> serde_json::Value {
    ids.map(|id| json!({"id": id.to_string()})).collect()
}

fn ids(page: &[looker_sdk::models::User]) -> Vec<String> {
    page.iter().filter_map(|user| user.id.clone()).collect()
}

#[tokio::test]
async fn pages_follow_the_link_header_across_three_pages() -> looker_sdk::Result<()> {
    let (server, sdk) = mock_sdk().await;
    // The caller asks for pages of 3; Looker caps them at 2 and says so in its links, which name
    // its own (internal) host: only offset and limit are taken from them.
    let link = |offset: u32, rels: &str| {
        format!(
            "<https://internal.looker:9999/api/4.0/users/search?fields=id&limit=2&offset=0>; rel=\"first\", \
             <https://internal.looker:9999/api/4.0/users/search?fields=id&limit=2&offset={offset}>; rel=\"{rels}\""
        )
    };
    for (offset, limit, items, link) in [
        // A page shorter than asked for, but the link says there is more.
        ("0", "3", users(0..2), link(2, "next")),
        ("2", "2", users(2..4), link(4, "next")),
        // A full page and more results by the count, but no rel="next": it is the last.
        ("4", "2", users(4..6), link(4, "last")),
    ] {
        Mock::given(method("GET"))
            .and(path("/api/4.0/users/search"))
            .and(query_param("fields", "id"))
            .and(query_param("limit", limit))
            .and(query_param("offset", offset))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(items)
                    .insert_header("link", link.as_str())
                    .insert_header("x-total-count", "9"),
            )
            .expect(1)
            .mount(&server)
            .await;
    }
    Mock::given(path("/api/4.0/users/search"))
        .and(query_param("offset", "6"))
        .respond_with(ResponseTemplate::new(200).set_body_json(users(6..8)))
        .expect(0)
        .mount(&server)
        .await;

    let mut pages = sdk.search_users().fields("id").limit(3).pages();
    assert_eq!(pages.total_count(), None);
    let mut seen = Vec::new();
    while let Some(page) = pages.next_page().await {
        seen.push(ids(&page?));
        assert_eq!(pages.total_count(), Some(9));
    }
    assert_eq!(seen, [["0", "1"], ["2", "3"], ["4", "5"]]);
    for request in server.received_requests().await.unwrap_or_default() {
        assert_ne!(request.url.host_str(), Some("internal.looker"));
    }
    Ok(())
}

#[tokio::test]
async fn pages_without_link_headers_advance_by_page_length_until_a_short_page()
-> looker_sdk::Result<()> {
    let (server, sdk) = mock_sdk().await;
    for (offset, items) in [("0", users(0..3)), ("3", users(3..6)), ("6", users(6..7))] {
        Mock::given(method("GET"))
            .and(path("/api/4.0/users/search"))
            .and(query_param("limit", "3"))
            .and(query_param("offset", offset))
            .respond_with(ResponseTemplate::new(200).set_body_json(items))
            .expect(1)
            .mount(&server)
            .await;
    }
    Mock::given(path("/api/4.0/users/search"))
        .and(query_param("offset", "7"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(0)
        .mount(&server)
        .await;

    // Through the `futures` Stream trait.
    let pages: Vec<_> = sdk.search_users().limit(3).pages().collect().await;
    let pages: Vec<Vec<String>> = pages
        .into_iter()
        .map(|page| page.map(|page| ids(&page)))
        .collect::<Result<_, _>>()?;
    assert_eq!(pages, [vec!["0", "1", "2"], vec!["3", "4", "5"], vec!["6"]]);
    Ok(())
}

#[tokio::test]
async fn pages_stop_at_an_empty_page_and_start_at_the_callers_offset() -> looker_sdk::Result<()> {
    let (server, sdk) = mock_sdk().await;
    for (offset, items) in [("40", users(40..140)), ("140", users(0..0))] {
        Mock::given(method("GET"))
            .and(path("/api/4.0/users/search"))
            // No limit given: pages of 100.
            .and(query_param("limit", "100"))
            .and(query_param("offset", offset))
            .respond_with(ResponseTemplate::new(200).set_body_json(items))
            .expect(1)
            .mount(&server)
            .await;
    }

    let mut pages = sdk.search_users().offset(40).pages();
    let first = pages.next_page().await.transpose()?.unwrap_or_default();
    assert_eq!(first.len(), 100);
    let second = pages.next_page().await.transpose()?;
    assert_eq!(second.map(|page| page.len()), Some(0));
    assert!(pages.next_page().await.is_none());
    assert_eq!(pages.total_count(), None);
    Ok(())
}

#[tokio::test]
async fn pages_use_the_total_count_when_the_last_page_is_full() -> looker_sdk::Result<()> {
    let (server, sdk) = mock_sdk().await;
    for (offset, items) in [("0", users(0..2)), ("2", users(2..4))] {
        Mock::given(method("GET"))
            .and(path("/api/4.0/users/search"))
            .and(query_param("offset", offset))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(items)
                    .insert_header("x-total-count", "4"),
            )
            .expect(1)
            .mount(&server)
            .await;
    }

    let pages: Vec<_> = sdk.search_users().limit(2).pages().collect().await;
    assert_eq!(pages.len(), 2);
    assert!(pages.iter().all(Result::is_ok));
    Ok(())
}

#[tokio::test]
async fn an_error_ends_the_pages() {
    let (server, sdk) = mock_sdk().await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/users/search"))
        .and(query_param("offset", "0"))
        .respond_with(ResponseTemplate::new(200).set_body_json(users(0..2)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/users/search"))
        .and(query_param("offset", "2"))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({"message": "boom"})))
        .expect(1)
        .mount(&server)
        .await;

    let mut pages = sdk.search_users().limit(2).pages();
    assert!(matches!(pages.next_page().await, Some(Ok(page)) if page.len() == 2));
    let error = pages.next_page().await;
    assert!(
        matches!(&error, Some(Err(Error::Api { status: 500, .. }))),
        "{error:?}"
    );
    assert!(pages.next_page().await.is_none());
}

#[tokio::test]
async fn items_walk_the_pages_one_result_at_a_time() -> looker_sdk::Result<()> {
    let (server, sdk) = mock_sdk().await;
    for (offset, items) in [("0", users(0..3)), ("3", users(3..6)), ("6", users(6..7))] {
        Mock::given(method("GET"))
            .and(path("/api/4.0/users/search"))
            .and(query_param("limit", "3"))
            .and(query_param("offset", offset))
            .respond_with(ResponseTemplate::new(200).set_body_json(items))
            .expect(2)
            .mount(&server)
            .await;
    }
    let mut items = sdk.search_users().limit(3).pages().items();
    let mut seen = Vec::new();
    while let Some(user) = items.next_item().await {
        seen.extend(user?.id);
    }
    assert_eq!(seen, ["0", "1", "2", "3", "4", "5", "6"]);
    // Through the `futures` Stream trait, and spawned: the stream is Send + 'static.
    let collected = tokio::spawn(async move {
        let items: Vec<_> = sdk.search_users().limit(3).pages().items().collect().await;
        items
    });
    let collected = collected.await.expect("the task ran");
    assert_eq!(collected.len(), 7);
    assert!(collected.iter().all(Result::is_ok));
    Ok(())
}

#[tokio::test]
async fn an_error_ends_the_items() {
    let (server, sdk) = mock_sdk().await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/users/search"))
        .and(query_param("offset", "0"))
        .respond_with(ResponseTemplate::new(200).set_body_json(users(0..2)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/4.0/users/search"))
        .and(query_param("offset", "2"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let items: Vec<_> = sdk.search_users().limit(2).pages().items().collect().await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(items[..2].iter().all(Result::is_ok));
    assert!(matches!(
        items[2],
        Err(looker_sdk::Error::Api { status: 500, .. })
    ));
}
