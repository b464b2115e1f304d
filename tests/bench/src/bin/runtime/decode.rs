//! Decoding: the SDK's JSON path (`looker_sdk::decode_json`, what every JSON operation and
//! `ResponseBody::json` use) against `serde_json::from_slice` into the very same types.
//!
//! Two bodies, built here from fixtures so that their size is exact and nothing is read from
//! disk while timing: `count` dashboards (`fixtures/dashboard.json`, a dashboard with four
//! tiles, their queries and result makers, three filters and a layout, each copy with its own
//! id and title), decoded as `Vec<models::Dashboard>`; and a query result of `rows` rows of ten
//! columns, as `run_query(id, "json")` returns it, decoded as `Vec<serde_json::Map<String,
//! Value>>` (the SDK hands query results back as a `ResponseBody`; its `json::<T>()` is
//! `decode_json` with the caller's `T`, and a row of a Looker query is a JSON object).
//!
//! Each side decodes once to warm up (and the two results are compared), then `reps` times,
//! alternating which goes first; the figure is the median, and the decoded value is dropped
//! outside the timed region.

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use bytes::Bytes;
use looker_sdk::decode_json;
use looker_sdk::models::Dashboard;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use crate::{median, result};

const DASHBOARD_JSON: &str = include_str!("../../../fixtures/dashboard.json");

type Row = Map<String, Value>;

pub fn run(count: usize, rows: usize, reps: usize) -> anyhow::Result<()> {
    let body = dashboards(count)?;
    eprintln!(
        "decode: {count} dashboards, {:.1} MB of JSON, {reps} times per side",
        body.len() as f64 / 1e6
    );
    let (sdk, raw) = compare::<Vec<Dashboard>>(&body, reps, |a, b| {
        a.len() == b.len() && a.first() == b.first() && a.last() == b.last()
    })?;
    result("decode.dashboards.count", count as f64);
    result("decode.dashboards.bytes", body.len() as f64);
    result("decode.dashboards.sdk_ms", sdk);
    result("decode.dashboards.raw_ms", raw);
    drop(body);

    let body = query_rows(rows)?;
    eprintln!(
        "decode: {rows} query rows, {:.1} MB of JSON, {reps} times per side",
        body.len() as f64 / 1e6
    );
    let (sdk, raw) = compare::<Vec<Row>>(&body, reps, |a, b| a == b)?;
    result("decode.rows.count", rows as f64);
    result("decode.rows.bytes", body.len() as f64);
    result("decode.rows.sdk_ms", sdk);
    result("decode.rows.raw_ms", raw);
    Ok(())
}

/// Median milliseconds of the SDK's decoding and of serde_json's, after a warm-up whose two
/// results `same` must accept.
fn compare<T: DeserializeOwned>(
    body: &Bytes,
    reps: usize,
    same: impl Fn(&T, &T) -> bool,
) -> anyhow::Result<(f64, f64)> {
    let (sdk, _) = timed(|| decode_json::<T>(body).context("the SDK could not decode the body"))?;
    let (raw, _) = timed(|| {
        serde_json::from_slice::<T>(body).context("serde_json could not decode the body")
    })?;
    if !same(&sdk, &raw) {
        bail!("decode_json and serde_json decoded the same body differently");
    }
    drop((sdk, raw));
    let (mut sdk_ms, mut raw_ms) = (Vec::new(), Vec::new());
    for rep in 0..reps {
        for side in [rep % 2, 1 - rep % 2] {
            let elapsed = if side == 0 {
                timed(|| decode_json::<T>(body).context("the SDK could not decode the body"))?.1
            } else {
                timed(|| serde_json::from_slice::<T>(body).context("serde_json could not decode"))?
                    .1
            };
            if side == 0 { &mut sdk_ms } else { &mut raw_ms }.push(elapsed.as_secs_f64() * 1e3);
        }
    }
    Ok((
        median(&mut sdk_ms).context("no repetitions")?,
        median(&mut raw_ms).context("no repetitions")?,
    ))
}

/// Runs `decode` and times it; the value is handed back to be dropped after the clock stops.
fn timed<T>(decode: impl FnOnce() -> anyhow::Result<T>) -> anyhow::Result<(T, Duration)> {
    let start = Instant::now();
    let value = std::hint::black_box(decode()?);
    Ok((value, start.elapsed()))
}

/// A JSON array of `count` copies of the fixture dashboard, each with its own id and title.
fn dashboards(count: usize) -> anyhow::Result<Bytes> {
    let mut dashboard: Value =
        serde_json::from_str(DASHBOARD_JSON).context("fixtures/dashboard.json is not JSON")?;
    let fields = dashboard
        .as_object_mut()
        .context("fixtures/dashboard.json is not a JSON object")?;
    let mut out = Vec::with_capacity(count * (DASHBOARD_JSON.len() * 4 / 5) + 2);
    out.push(b'[');
    for i in 0..count {
        if i > 0 {
            out.push(b',');
        }
        fields.insert("id".to_owned(), json!(i.to_string()));
        fields.insert("title".to_owned(), json!(format!("Sales overview {i}")));
        fields.insert("view_count".to_owned(), json!(i * 7 % 5000));
        serde_json::to_writer(&mut out, &*fields).context("cannot write the dashboards")?;
    }
    out.push(b']');
    Ok(Bytes::from(out))
}

/// A query result as Looker's `json` format gives it: an array of rows, each an object from
/// field name to value (numbers, strings, dates as text, some nulls).
fn query_rows(rows: usize) -> anyhow::Result<Bytes> {
    const STATUS: [&str; 3] = ["complete", "pending", "cancelled"];
    const COUNTRY: [&str; 4] = ["USA", "Germany", "Japan", "Brazil"];
    const BRAND: [&str; 5] = ["Allegra K", "Calvin Klein", "Carhartt", "Levi's", "Nike"];
    let mut out = Vec::with_capacity(rows * 330 + 2);
    out.push(b'[');
    for i in 0..rows {
        if i > 0 {
            out.push(b',');
        }
        let row = json!({
            "orders.id": i,
            "orders.created_date": format!("2026-{:02}-{:02}", i % 12 + 1, i % 28 + 1),
            "orders.status": STATUS[i % 3],
            "users.email": format!("user{}@example.com", i % 9973),
            "users.first_name": format!("Name{}", i % 611),
            "users.age": 18 + i % 70,
            "users.country": COUNTRY[i % 4],
            "order_items.sale_price": (i * 37 % 50_000) as f64 / 100.0,
            "products.brand": BRAND[i % 5],
            "products.category": if i % 10 == 0 { Value::Null } else { json!("Jeans") },
        });
        serde_json::to_writer(&mut out, &row).context("cannot write the query rows")?;
    }
    out.push(b']');
    Ok(Bytes::from(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bodies are what they claim: the fixture's nested parts decode into the model (a
    /// renamed field would silently make the benchmark lighter), and rows have ten columns.
    #[test]
    fn bodies_decode_into_the_types_measured() -> anyhow::Result<()> {
        let dashboards: Vec<Dashboard> = serde_json::from_slice(&dashboards(2)?)?;
        assert_eq!(dashboards.len(), 2);
        assert_eq!(dashboards[1].title.as_deref(), Some("Sales overview 1"));
        let elements = dashboards[0]
            .dashboard_elements
            .as_deref()
            .unwrap_or_default();
        assert_eq!(elements.len(), 4);
        assert!(
            elements
                .iter()
                .all(|e| e.query.is_some() && e.result_maker.is_some())
        );
        assert_eq!(
            dashboards[0].dashboard_filters.as_ref().map(Vec::len),
            Some(3)
        );
        let rows: Vec<Row> = serde_json::from_slice(&query_rows(3)?)?;
        assert_eq!(rows.len(), 3);
        assert!(rows.iter().all(|row| row.len() == 10));
        Ok(())
    }
}
