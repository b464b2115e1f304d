//! The forgiving-decoding table: every (field kind × odd value) pair a Looker server can send,
//! decoded into the generated models the way `Response::json` decodes a body (serde_json through
//! serde_path_to_error), with the value each must decode to, or the field path of its error.

use looker_sdk::models::{
    Agent, Alert, ChatMessage, Conversation, Dashboard, DashboardElement, GoldenQuery, LdapConfig,
    Project, Query, User, WriteQuery,
};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// What a row must give: `Ok(the field's Debug text)`, or `Err(the error's field path)`.
type Expected = Result<&'static str, &'static str>;

/// Decodes `body` as the SDK does, keeping the path of a failure.
fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    let mut de = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut de).map_err(|e| e.path().to_string())
}

/// Runs rows and collects the ones that come out wrong, so one run shows all of them.
#[derive(Default)]
struct Table {
    rows: usize,
    wrong: Vec<String>,
}

impl Table {
    /// Decodes `{wire: sent}` into `T` for each row and compares `show` of the result.
    fn check<T: DeserializeOwned, S: std::fmt::Debug>(
        &mut self,
        kind: &str,
        wire: &str,
        show: fn(T) -> S,
        rows: &[(Value, Expected)],
    ) {
        for (sent, expected) in rows {
            self.rows += 1;
            let body = json!({ wire: sent }).to_string();
            let got = decode::<T>(body.as_bytes()).map(|m| format!("{:?}", show(m)));
            let right = match (&got, expected) {
                (Ok(value), Ok(expected)) => value == expected,
                (Err(path), Err(expected)) => path == expected,
                _ => false,
            };
            if !right {
                self.wrong
                    .push(format!("{kind} {body}: got {got:?}, expected {expected:?}"));
            }
        }
    }
}

#[test]
fn every_odd_value_decodes_to_what_was_sent_or_fails_naming_its_field() {
    let mut t = Table::default();

    // A non-id string: numbers and booleans are kept as their JSON text.
    t.check(
        "string",
        "title",
        |d: Dashboard| d.title,
        &[
            (json!("Sales"), Ok(r#"Some("Sales")"#)),
            (json!(42), Ok(r#"Some("42")"#)),
            (json!(-1.5), Ok(r#"Some("-1.5")"#)),
            (json!(2.0), Ok(r#"Some("2.0")"#)),
            (json!(true), Ok(r#"Some("true")"#)),
            (json!(""), Ok(r#"Some("")"#)),
            (json!(null), Ok("None")),
            (json!({"a": 1}), Err("title")),
            (json!(["a"]), Err("title")),
        ],
    );
    t.check(
        "string id",
        "id",
        |d: Dashboard| d.id,
        &[
            (json!(17), Ok(r#"Some("17")"#)),
            (json!("17"), Ok(r#"Some("17")"#)),
        ],
    );

    // An integer: whole floats and strings holding an integer; a fraction stays an error.
    t.check(
        "integer",
        "view_count",
        |d: Dashboard| d.view_count,
        &[
            (json!(42), Ok("Some(42)")),
            (json!(42.0), Ok("Some(42)")),
            (json!("42"), Ok("Some(42)")),
            (json!("42.0"), Ok("Some(42)")),
            (json!("-3"), Ok("Some(-3)")),
            (json!(""), Ok("None")),
            (json!(null), Ok("None")),
            (json!(42.5), Err("view_count")),
            (json!("42.5"), Err("view_count")),
            (json!("many"), Err("view_count")),
            (json!(true), Err("view_count")),
            (json!(u64::MAX), Err("view_count")),
        ],
    );
    t.check(
        "integer id",
        "id",
        |g: GoldenQuery| g.id,
        &[(json!("17"), Ok("Some(17)")), (json!(17.0), Ok("Some(17)"))],
    );
    // The rules are the type's, in any model.
    t.check(
        "integer",
        "git_application_server_http_port",
        |p: Project| p.git_application_server_http_port,
        &[(json!("8080"), Ok("Some(8080)"))],
    );

    // A float.
    t.check(
        "number",
        "threshold",
        |a: Alert| a.threshold,
        &[
            (json!(1.5), Ok("Some(1.5)")),
            (json!(3), Ok("Some(3.0)")),
            (json!("1.5"), Ok("Some(1.5)")),
            (json!(""), Ok("None")),
            (json!("NaN"), Err("threshold")),
            (json!(false), Err("threshold")),
        ],
    );

    // A boolean.
    t.check(
        "boolean",
        "hidden",
        |d: Dashboard| d.hidden,
        &[
            (json!(true), Ok("Some(true)")),
            (json!("true"), Ok("Some(true)")),
            (json!("False"), Ok("Some(false)")),
            (json!(0), Ok("Some(false)")),
            (json!(1), Ok("Some(true)")),
            (json!("1"), Ok("Some(true)")),
            (json!("0"), Ok("Some(false)")),
            (json!(""), Ok("None")),
            (json!(2), Err("hidden")),
            (json!("yes"), Err("hidden")),
        ],
    );

    // A `format: date-time` field: with or without a zone, a bare date, or any text.
    t.check(
        "date-time",
        "created_at",
        |d: Dashboard| d.created_at,
        &[
            (
                json!("2024-05-01T12:30:00.000+00:00"),
                Ok("Some(DateTime(2024-05-01T12:30:00+00:00))"),
            ),
            (
                json!("2024-05-01T12:30:00"),
                Ok("Some(Naive(2024-05-01T12:30:00))"),
            ),
            (
                json!("2024-05-01 12:30:00"),
                Ok("Some(Naive(2024-05-01T12:30:00))"),
            ),
            (json!("2024-05-01"), Ok("Some(Date(2024-05-01))")),
            (json!("not a time"), Ok(r#"Some(Text("not a time"))"#)),
            (json!(""), Ok(r#"Some(Text(""))"#)),
            (json!(1_714_566_600), Ok(r#"Some(Text("1714566600"))"#)),
            (json!(true), Err("created_at")),
        ],
    );

    // A `format: date` field, which Looker fills with a timestamp.
    t.check(
        "date",
        "created_at",
        |a: Agent| a.created_at,
        &[(
            json!("2024-05-01T12:30:00.123Z"),
            Ok("Some(DateTime(2024-05-01T12:30:00.123+00:00))"),
        )],
    );
    t.check(
        "date",
        "created_at",
        |c: Conversation| c.created_at,
        &[(
            json!("2024-05-01T12:30:00+02:00"),
            Ok("Some(DateTime(2024-05-01T12:30:00+02:00))"),
        )],
    );
    t.check(
        "date",
        "timestamp",
        |m: ChatMessage| m.timestamp,
        &[
            (
                json!("2024-05-01T12:30:00Z"),
                Ok("Some(DateTime(2024-05-01T12:30:00+00:00))"),
            ),
            (json!("2024-05-01"), Ok("Some(Date(2024-05-01))")),
        ],
    );

    // Maps of booleans and of strings: `null` values stay under their keys.
    t.check("bool map", "can", |d: Dashboard| d.can, &[
        (
            json!({"show": true, "update": null, "move": 0, "copy": "true"}),
            Ok(r#"Some({"copy": Some(true), "move": Some(false), "show": Some(true), "update": None})"#),
        ),
        (json!({"show": "maybe"}), Err("can.show")),
    ]);
    t.check("string map", "filters", |q: Query| q.filters, &[
        (
            json!({"orders.status": null, "orders.count": 5, "users.name": "x"}),
            Ok(r#"Some({"orders.count": Some("5"), "orders.status": None, "users.name": Some("x")})"#),
        ),
        (json!(["a"]), Err("filters")),
    ]);

    // An array of models: a `null` element is the model with no fields set, in its place.
    let titles = |d: Dashboard| {
        d.dashboard_elements
            .map(|elements| elements.into_iter().map(|e| e.title).collect::<Vec<_>>())
    };
    t.check(
        "model array",
        "dashboard_elements",
        titles,
        &[
            (
                json!([{"title": "a"}, null, {"title": 3}]),
                Ok(r#"Some([Some("a"), None, Some("3")])"#),
            ),
            (
                json!([{"title": "a"}, {"title": {}}]),
                Err("dashboard_elements[1].title"),
            ),
            (json!([7]), Err("dashboard_elements[0]")),
        ],
    );

    // Arrays of scalars: each element leniently, but every element must be a value.
    t.check(
        "string array",
        "fields",
        |q: Query| q.fields,
        &[
            (
                json!(["a.b", 2, false]),
                Ok(r#"Some(["a.b", "2", "false"])"#),
            ),
            (json!(["a.b", null]), Err("fields[1]")),
        ],
    );
    t.check(
        "id array",
        "default_new_user_group_ids",
        |l: LdapConfig| l.default_new_user_group_ids,
        &[(json!([1, "2"]), Ok(r#"Some(["1", "2"])"#))],
    );
    t.check(
        "integer array",
        "golden_query_ids",
        |a: Agent| a.golden_query_ids,
        &[
            (json!([1, "2", 3.0]), Ok("Some([1, 2, 3])")),
            (json!([1, ""]), Err("golden_query_ids[1]")),
        ],
    );

    // An enum: unknown values, numbers and booleans are kept as their text.
    t.check(
        "enum",
        "comparison_type",
        |a: Alert| a.comparison_type,
        &[
            (json!("GREATER_THAN"), Ok("Some(GreaterThan)")),
            (json!("NEWER"), Ok(r#"Some(Unknown("NEWER"))"#)),
            (json!(3), Ok(r#"Some(Unknown("3"))"#)),
            (json!({}), Err("comparison_type")),
        ],
    );

    assert!(
        t.wrong.is_empty(),
        "{} of {} rows:\n{}",
        t.wrong.len(),
        t.rows,
        t.wrong.join("\n")
    );
}

#[test]
fn a_null_model_element_is_the_empty_model() {
    let dashboard: Dashboard =
        decode(br#"{"dashboard_elements":[null,{"title":"a"}]}"#).unwrap_or_default();
    let elements = dashboard.dashboard_elements.unwrap_or_default();
    assert_eq!(elements.len(), 2);
    assert_eq!(elements[0], DashboardElement::default());
    assert_eq!(elements[1].title.as_deref(), Some("a"));
}

/// Decodes a whole response body through the SDK's own path (`decode_json`, as every JSON
/// operation and every page of a paged one does) into `show` of the value, or the error's path.
fn whole<T: DeserializeOwned, S: std::fmt::Debug>(
    body: &str,
    show: fn(T) -> S,
) -> Result<String, String> {
    let bytes = hyper::body::Bytes::copy_from_slice(body.as_bytes());
    match looker_sdk::decode_json::<T>(&bytes) {
        Ok(value) => Ok(format!("{:?}", show(value))),
        Err(looker_sdk::Error::Decode { path, .. }) => Err(path),
        Err(other) => Err(format!("not a decode error: {other}")),
    }
}

/// The ids of dashboards, for the rows below.
fn ids(dashboards: Vec<Dashboard>) -> Vec<Option<String>> {
    dashboards.into_iter().map(|d| d.id).collect()
}

/// The titles of rows of dashboard elements, for the rows below.
fn titles(rows: Vec<Vec<DashboardElement>>) -> Vec<Vec<Option<String>>> {
    rows.into_iter()
        .map(|row| row.into_iter().map(|e| e.title).collect())
        .collect()
}

/// How a row decodes its body: `whole` with the row's type.
type Decode = fn(&str) -> Result<String, String>;

#[test]
fn null_where_a_whole_response_holds_a_model_is_the_empty_model_in_its_place() {
    let rows: &[(&str, &str, Decode, Expected)] = &[
        // A top-level array of models: each `null` is the empty model, the rest in place.
        (
            "Vec<Dashboard>",
            r#"[{"id":"1"}, null]"#,
            |b| whole(b, ids),
            Ok(r#"[Some("1"), None]"#),
        ),
        ("Vec<Dashboard>", "[null]", |b| whole(b, ids), Ok("[None]")),
        (
            "Vec<Dashboard>",
            r#"[null,{"id":2},null]"#,
            |b| whole(b, ids),
            Ok(r#"[None, Some("2"), None]"#),
        ),
        ("Vec<Dashboard>", "[]", |b| whole(b, ids), Ok("[]")),
        // What is no model stays an error naming its element; the array itself is no model.
        (
            "Vec<Dashboard>",
            r#"[{"id":"1"}, 7]"#,
            |b| whole(b, ids),
            Err("[1]"),
        ),
        (
            "Vec<Dashboard>",
            r#"[null, {"id":{}}]"#,
            |b| whole(b, ids),
            Err("[1].id"),
        ),
        ("Vec<Dashboard>", "null", |b| whole(b, ids), Err(".")),
        // Where the type says `Option`, `null` stays `None`.
        (
            "Option<Vec<Dashboard>>",
            "null",
            |b| whole(b, |d: Option<Vec<Dashboard>>| d.map(ids)),
            Ok("None"),
        ),
        (
            "Option<Vec<Dashboard>>",
            "[null]",
            |b| whole(b, |d: Option<Vec<Dashboard>>| d.map(ids)),
            Ok("Some([None])"),
        ),
        (
            "Vec<Option<Dashboard>>",
            r#"[null,{"id":"1"}]"#,
            |b| {
                whole(b, |d: Vec<Option<Dashboard>>| {
                    d.into_iter().map(|d| d.map(|d| d.id)).collect::<Vec<_>>()
                })
            },
            Ok(r#"[None, Some(Some("1"))]"#),
        ),
        (
            "Option<Dashboard>",
            "null",
            |b| whole(b, |d: Option<Dashboard>| d.map(|d| d.id)),
            Ok("None"),
        ),
        // A bare model response: `null` says no more than `{}`.
        (
            "Dashboard",
            "null",
            |b| whole(b, |d: Dashboard| d == Dashboard::default()),
            Ok("true"),
        ),
        // Nested arrays: `null` models at any depth; an inner array is no model.
        (
            "Vec<Vec<DashboardElement>>",
            r#"[[null],[],[{"title":"a"},null]]"#,
            |b| whole(b, titles),
            Ok(r#"[[None], [], [Some("a"), None]]"#),
        ),
        (
            "Vec<Vec<DashboardElement>>",
            "[[null],null]",
            |b| whole(b, titles),
            Err("[1]"),
        ),
        // A write type has required fields: `null` is rejected as `{}` is.
        (
            "Vec<WriteQuery>",
            "[null]",
            |b| whole(b, |q: Vec<WriteQuery>| q.len()),
            Err("[0]"),
        ),
        (
            "WriteQuery",
            "null",
            |b| whole(b, |q: WriteQuery| q.model),
            Err("."),
        ),
    ];
    let wrong: Vec<String> = rows
        .iter()
        .filter_map(|(ty, body, decode, expected)| {
            let got = decode(body);
            let right = match (&got, expected) {
                (Ok(value), Ok(expected)) => value == expected,
                (Err(path), Err(expected)) => path == expected,
                _ => false,
            };
            (!right).then(|| format!("{ty} {body}: got {got:?}, expected {expected:?}"))
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "{} of {} rows:\n{}",
        wrong.len(),
        rows.len(),
        wrong.join("\n")
    );
}

#[test]
fn the_fuzz_seeds_of_odd_values_decode_whole() {
    // The committed `odd_*` seeds of the decode_response fuzz target start the fuzzer from
    // bodies full of odd values; each must decode, or the fuzzer would start from errors. Their
    // first byte picks the type as the target does.
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus/decode_response");
    let mut seeds: Vec<_> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    seeds.retain(|p| {
        p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("odd_"))
    });
    seeds.sort();
    assert!(seeds.len() >= 6, "{}: {seeds:?}", dir.display());
    for seed in seeds {
        let data = std::fs::read(&seed).unwrap_or_default();
        let Some((&which, body)) = data.split_first() else {
            panic!("{} is empty", seed.display());
        };
        let decoded = match which % 10 {
            0 => decode::<Alert>(body).map(drop),
            1 => decode::<Dashboard>(body).map(drop),
            2 => decode::<User>(body).map(drop),
            3 => decode::<Query>(body).map(drop),
            6 => decode::<Project>(body).map(drop),
            7 => decode::<Vec<Dashboard>>(body).map(drop),
            other => panic!("{}: no odd seed of type {other} here", seed.display()),
        };
        assert_eq!(decoded, Ok(()), "{}", seed.display());
    }
}
