//! `looker-codegen diff`: each kind of change on small spec pairs (`tests/fixtures/diff/*/`),
//! judged for Rust and Python; the Markdown and JSON reports; the command line's exit codes and
//! errors; and Looker 25.20 against 26.12, with the added and removed operations computed
//! straight from the two JSON files.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use looker_codegen::diff::{self, Change, Diff};
use looker_codegen::emit;

fn pair_dir(case: &str) -> PathBuf {
    common::fixtures_dir().join("diff").join(case)
}

fn load(path: &Path) -> looker_codegen::model::Api {
    looker_codegen::load_api(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .api
}

fn diff_of(old: &Path, new: &Path) -> Diff {
    diff::diff(&load(old), &load(new), emit::LANGUAGES)
}

fn fixture(case: &str) -> Diff {
    let dir = pair_dir(case);
    diff_of(&dir.join("old.json"), &dir.join("new.json"))
}

/// One change as the tests compare it: subject, kind, the parameter, property or value it is
/// about, and whether it breaks Rust and Python.
type Row = (String, String, String, bool, bool);

fn row(change: &Change) -> Row {
    let json = serde_json::to_value(&change.kind).expect("a change serializes");
    let field = |key: &str| json.get(key).and_then(|v| v.as_str()).map(str::to_owned);
    (
        change.subject.name.clone(),
        field("change").unwrap_or_default(),
        field("parameter")
            .or_else(|| field("property"))
            .or_else(|| field("value"))
            .unwrap_or_default(),
        change.breaks("rust"),
        change.breaks("python"),
    )
}

fn rows(diff: &Diff) -> Vec<Row> {
    diff.changes.iter().map(row).collect()
}

/// Expected rows, written compactly: `(subject, change, about, rust breaks, python breaks)`.
fn expect(list: &[(&str, &str, &str, bool, bool)]) -> Vec<Row> {
    list.iter()
        .map(|(s, c, a, r, p)| (s.to_string(), c.to_string(), a.to_string(), *r, *p))
        .collect()
}

/// Every change must be on the list and every listed change must be there, in the diff's
/// order; the message names the first difference.
fn assert_rows(case: &str, diff: &Diff, expected: &[(&str, &str, &str, bool, bool)]) {
    let actual = rows(diff);
    let expected = expect(expected);
    for (i, (a, e)) in actual.iter().zip(&expected).enumerate() {
        assert_eq!(a, e, "{case}: change {i} differs (rust, python: breaks?)");
    }
    assert_eq!(
        actual.len(),
        expected.len(),
        "{case}: {} changes, expected {}:\n{actual:#?}",
        actual.len(),
        expected.len()
    );
}

#[test]
fn operations_added_removed_moved_and_restatused() {
    let diff = fixture("operations");
    assert_rows(
        "operations",
        &diff,
        &[
            // A method in another Cargo feature is gone for crates that enabled only the old
            // one; Python has one class for every method.
            ("list_things", "tag_changed", "", true, false),
            ("list_things", "status_changed", "", false, false),
            ("create_thing", "operation_added", "", false, false),
            ("get_thing", "status_changed", "", false, false),
            ("move_me", "endpoint_changed", "", false, false),
            ("delete_thing", "operation_removed", "", true, true),
        ],
    );
    assert_eq!(diff.added_operations(), ["create_thing"]);
    assert_eq!(diff.removed_operations(), ["delete_thing"]);
    let status = |id: &str| {
        diff.changes
            .iter()
            .find(|c| c.subject.name == id && c.message.starts_with("status"))
            .map(|c| c.message.clone())
    };
    assert_eq!(status("get_thing").as_deref(), Some("status beta → stable"));
    assert_eq!(
        status("list_things").as_deref(),
        Some("status stable → deprecated")
    );
}

#[test]
fn parameters_judged_per_language() {
    let diff = fixture("parameters");
    assert_rows(
        "parameters",
        &diff,
        &[
            // Appended after every argument: nobody notices.
            ("append_optional", "parameter_added", "b", false, false),
            // Inserted before `c`: `c` moves for Python callers passing it by position; Rust
            // takes optional parameters through setters.
            ("insert_optional", "parameter_added", "b", false, false),
            ("insert_optional", "arguments_reordered", "", false, true),
            ("add_required", "parameter_added", "r", true, true),
            ("add_required", "arguments_reordered", "", false, true),
            ("remove_optional", "parameter_removed", "b", true, true),
            ("now_required", "parameter_required", "a", true, true),
            // A positional Rust argument becomes a setter; Python gives it a default.
            ("now_optional", "parameter_required", "a", true, false),
            // i32 to i64 in Rust, `int` either way in Python.
            ("int_width", "parameter_type_changed", "n", true, false),
            // A string in both.
            ("uri_to_string", "parameter_type_changed", "u", false, false),
            ("deprecate", "parameter_deprecated", "a", false, false),
            // Two required arguments swap places in both languages.
            (
                "swap_locations",
                "parameter_location_changed",
                "a",
                true,
                false,
            ),
            (
                "swap_locations",
                "parameter_location_changed",
                "b",
                true,
                false,
            ),
            ("swap_locations", "arguments_reordered", "", true, true),
        ],
    );
    let reordered = diff
        .changes
        .iter()
        .find(|c| c.subject.name == "insert_optional" && c.breaks("python"))
        .expect("a reorder");
    assert!(
        reordered.impact["python"].reason.contains('c'),
        "the reason names the argument that moves: {}",
        reordered.impact["python"].reason
    );
    let width = diff
        .changes
        .iter()
        .find(|c| c.subject.name == "int_width")
        .expect("a type change");
    assert_eq!(
        width.impact["rust"].reason,
        "the argument's type `i32` becomes `i64`"
    );
}

#[test]
fn bodies_and_responses() {
    let diff = fixture("bodies");
    assert_rows(
        "bodies",
        &diff,
        &[
            ("add_body", "body_added", "", true, true),
            // The Rust SDK always takes the body; Python defaults an optional one to None.
            ("add_optional_body", "body_added", "", true, false),
            ("remove_body", "body_removed", "", true, true),
            ("body_type", "body_type_changed", "", true, true),
            ("body_optional", "body_required", "", false, false),
            ("body_required", "body_required", "", false, true),
            ("returns_array", "response_changed", "", true, true),
            ("json_to_png", "response_changed", "", true, true),
            // A 204 returns `()` in Rust either way; Python returns what the spec declares.
            ("declared_204", "response_changed", "", false, true),
            ("WriteOther", "type_added", "", false, false),
        ],
    );
}

#[test]
fn properties_of_response_models_and_write_types() {
    let diff = fixture("properties");
    assert_rows(
        "properties",
        &diff,
        &[
            ("Thing", "property_removed", "gone", true, true),
            // Every field of a Rust response model is an Option.
            ("Thing", "property_required", "name", false, false),
            ("Thing", "property_type_changed", "size", true, false),
            // Dates and times are one `DateTimeValue` in Rust responses, one `datetime`
            // in Python.
            ("Thing", "property_type_changed", "born", false, false),
            ("Thing", "property_required", "note", false, true),
            ("Thing", "property_deprecated", "flag", false, false),
            ("Thing", "property_added", "extra", false, false),
            ("Thing", "property_added", "must", false, true),
            // The write type callers build keeps required fields and declared types.
            ("WriteThing", "property_removed", "gone", true, true),
            ("WriteThing", "property_required", "name", true, false),
            ("WriteThing", "property_type_changed", "size", true, false),
            ("WriteThing", "property_type_changed", "born", true, false),
            ("WriteThing", "property_required", "note", true, true),
            ("WriteThing", "property_deprecated", "flag", false, false),
            ("WriteThing", "property_added", "extra", false, false),
            ("WriteThing", "property_added", "must", true, true),
        ],
    );
}

/// `RenderTask.format` was the enum `Format`; a new schema earlier in the spec declares another
/// `format`, takes the name, and `RenderTask`'s enum becomes `RenderTaskFormat`. Matched by its
/// use, that is one rename, not `Format`'s values replaced and a new `RenderTaskFormat`.
#[test]
fn inline_enum_moved_by_the_spec_is_a_rename() {
    let diff = fixture("enums");
    assert_rows(
        "enums",
        &diff,
        &[
            ("alphas", "response_changed", "", true, true),
            ("Alpha", "type_added", "", false, false),
            ("Format", "type_added", "", false, false),
            ("RenderTaskFormat", "type_renamed", "", true, true),
            // Exhaustive Rust matches miss the new variant; Python enums just grow.
            ("RenderTaskFormat", "enum_value_added", "gif", true, false),
            ("Status", "enum_value_removed", "done", true, true),
        ],
    );
    let renamed = diff
        .changes
        .iter()
        .find(|c| c.subject.name == "RenderTaskFormat")
        .expect("the rename");
    assert_eq!(renamed.subject.old_name.as_deref(), Some("Format"));
    assert!(
        !diff.changes.iter().any(|c| c.subject.name == "RenderTask"),
        "RenderTask.format keeps its enum: {:#?}",
        diff.changes
    );
    let summary = diff.summary();
    assert_eq!(summary.types.renamed, Some(1));
    assert_eq!(summary.types.added, 2);
}

#[test]
fn a_spec_against_itself_has_no_changes() {
    let dir = pair_dir("enums");
    let same = diff_of(&dir.join("new.json"), &dir.join("new.json"));
    assert!(same.changes.is_empty(), "{:#?}", same.changes);
    assert!(!same.has_breaking());
    assert_eq!(same.languages, ["rust", "python"]);
}

/// Every pair of the single-spec fixtures (`tests/fixtures/*.json`, one quirk each), both
/// ways: the diff neither panics nor changes with the order it runs in, a spec has no change
/// against itself, and the added and removed operations are the difference of the two sets of
/// operationIds.
#[test]
fn every_pair_of_fixture_specs() {
    let mut apis = Vec::new();
    for entry in std::fs::read_dir(common::fixtures_dir()).expect("tests/fixtures") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "json") {
            apis.push((path.clone(), load(&path)));
        }
    }
    assert!(apis.len() > 10, "the fixtures are there");
    let ids = |api: &looker_codegen::model::Api| -> BTreeSet<String> {
        api.methods.iter().map(|m| m.name.wire.clone()).collect()
    };
    for (a_path, a) in &apis {
        for (b_path, b) in &apis {
            let d = diff::diff(a, b, emit::LANGUAGES);
            let name = format!("{} → {}", a_path.display(), b_path.display());
            assert_eq!(
                d,
                diff::diff(a, b, emit::LANGUAGES),
                "{name}: not deterministic"
            );
            if a_path == b_path {
                assert!(d.changes.is_empty(), "{name}: {:#?}", d.changes);
            }
            let added: BTreeSet<String> = ids(b).difference(&ids(a)).cloned().collect();
            let removed: BTreeSet<String> = ids(a).difference(&ids(b)).cloned().collect();
            let set = |v: Vec<&str>| v.into_iter().map(str::to_owned).collect::<BTreeSet<_>>();
            assert_eq!(set(d.added_operations()), added, "{name}");
            assert_eq!(set(d.removed_operations()), removed, "{name}");
            for change in &d.changes {
                assert_eq!(change.impact.len(), 2, "{name}: {change:?}");
            }
        }
    }
}

/// The Markdown of every pair, reviewed once; the asserts above pin the facts in them.
#[test]
fn markdown_snapshots() {
    for case in ["operations", "parameters", "bodies", "properties", "enums"] {
        insta::assert_snapshot!(format!("diff_markdown_{case}"), fixture(case).markdown());
    }
}

/// The JSON of one pair, so that a change to the documented schema shows up in review.
#[test]
fn json_snapshot_and_schema() {
    let diff = fixture("enums");
    let text = diff.json();
    let json: serde_json::Value = serde_json::from_str(&text).expect("the report is JSON");
    assert_eq!(json["format"], "looker-codegen-diff");
    assert_eq!(json["version"], diff::JSON_VERSION);
    assert_eq!(json["old"]["spec_version"], "4.0.1.0");
    assert_eq!(json["new"]["looker_release"], "2.0.0");
    let changes = json["changes"].as_array().expect("changes");
    assert_eq!(changes.len(), diff.changes.len());
    for change in changes {
        for key in ["subject", "change", "message", "impact"] {
            assert!(change.get(key).is_some(), "{key} missing in {change}");
        }
        for lang in ["rust", "python"] {
            assert!(change["impact"][lang]["breaking"].is_boolean(), "{change}");
            assert!(change["impact"][lang]["reason"].is_string(), "{change}");
        }
    }
    assert_eq!(
        json["summary"]["breaking"]["rust"],
        diff.changes.iter().filter(|c| c.breaks("rust")).count()
    );
    insta::assert_snapshot!("diff_json_enums", text);
}

// The command line.

fn cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_looker-codegen"))
        .arg("diff")
        .args(args)
        .output()
        .expect("the binary runs")
}

fn pair_args(case: &str) -> (String, String) {
    let dir = pair_dir(case);
    let s = |f: &str| dir.join(f).to_str().expect("UTF-8 path").to_owned();
    (s("old.json"), s("new.json"))
}

#[test]
fn exit_codes_follow_fail_on() {
    let (old, new) = pair_args("enums");
    let code = |extra: &[&str], old: &str, new: &str| {
        let mut args = vec![old, new, "-q"];
        args.extend_from_slice(extra);
        let out = cli(&args);
        assert!(
            out.status.code() != Some(2),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.status.code()
    };
    assert_eq!(code(&[], &old, &new), Some(0), "no --fail-on: 0");
    assert_eq!(code(&["--fail-on", "breaking"], &old, &new), Some(1));
    assert_eq!(code(&["--fail-on", "any"], &old, &new), Some(1));
    assert_eq!(code(&["--fail-on", "breaking"], &new, &new), Some(0));
    assert_eq!(code(&["--fail-on", "any"], &new, &new), Some(0));

    // A new enum value breaks only Rust: judged for Python alone, nothing fails.
    let dir = tempfile::tempdir().expect("temp dir");
    let grown = dir.path().join("grown.json");
    let text = std::fs::read_to_string(&new).expect("fixture");
    assert!(text.contains("\"gif\""));
    std::fs::write(&grown, text.replace("\"gif\"", "\"gif\", \"webp\"")).expect("written");
    let grown = grown.to_str().expect("UTF-8");
    let breaking = ["--fail-on", "breaking"];
    assert_eq!(code(&breaking, &new, grown), Some(1));
    assert_eq!(
        code(&[&breaking[..], &["--lang", "rust"]].concat(), &new, grown),
        Some(1)
    );
    assert_eq!(
        code(
            &[&breaking[..], &["--lang", "python"]].concat(),
            &new,
            grown
        ),
        Some(0)
    );
    assert_eq!(
        code(&["--fail-on", "any", "--lang", "python"], &new, grown),
        Some(1)
    );
}

#[test]
fn formats_and_out() {
    let (old, new) = pair_args("parameters");
    let out = cli(&[&old, &new, "-q", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(json["languages"], serde_json::json!(["rust", "python"]));
    assert_eq!(
        json["changes"].as_array().map(Vec::len),
        Some(fixture("parameters").changes.len())
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("CHANGES.md");
    let out = cli(&[&old, &new, "-q", "--out", report.to_str().expect("UTF-8")]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty(), "--out writes nothing to stdout");
    let text = std::fs::read_to_string(&report).expect("the report is written");
    assert_eq!(text, fixture("parameters").markdown());
}

#[test]
fn bad_specs_give_the_errors_generate_gives_and_exit_2() {
    let (old, _) = pair_args("enums");
    let missing = pair_dir("enums").join("missing.json");
    let missing = missing.to_str().expect("UTF-8");
    let out = cli(&[&old, missing]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(&format!("cannot read {missing}")), "{err}");
    assert!(
        err.contains("hint: the new spec must be an existing file"),
        "{err}"
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let not_json = dir.path().join("spec.json");
    std::fs::write(&not_json, "openapi: 3.0.1\n").expect("written");
    let not_json = not_json.to_str().expect("UTF-8");
    let out = cli(&[not_json, &old]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(&format!("{not_json}: not JSON")), "{err}");
    // The same message as `generate` for the same file.
    let generate = Command::new(env!("CARGO_BIN_EXE_looker-codegen"))
        .args(["generate", "--spec", not_json, "--out"])
        .arg(dir.path().join("out"))
        .output()
        .expect("the binary runs");
    let first = |text: &[u8]| {
        String::from_utf8_lossy(text)
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(first(&out.stderr), first(&generate.stderr));

    let dangling = dir.path().join("dangling.json");
    let text = std::fs::read_to_string(&old).expect("fixture").replace(
        "#/components/schemas/RenderTask\"",
        "#/components/schemas/Nowhere\"",
    );
    std::fs::write(&dangling, text).expect("written");
    let out = cli(&[&old, dangling.to_str().expect("UTF-8")]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("dangling $ref #/components/schemas/Nowhere at /paths/"),
        "{err}"
    );

    let out = cli(&[&old, &old, "--lang", "cobol"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown language \"cobol\""));
}

// Looker 25.20 against 26.12.

struct Real {
    diff: Diff,
    /// The 26.12 model.
    api: looker_codegen::model::Api,
    old: serde_json::Value,
    new: serde_json::Value,
}

fn real() -> &'static Real {
    static REAL: OnceLock<Real> = OnceLock::new();
    REAL.get_or_init(|| {
        let old = common::spec_dir().join("history/Looker.4.0.25.20.oas.json");
        let new = common::spec_dir().join("Looker.4.0.oas.json");
        let json = |p: &Path| -> serde_json::Value {
            let text =
                std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            serde_json::from_str(&text).expect("the spec is JSON")
        };
        let api = load(&new);
        Real {
            diff: diff::diff(&load(&old), &api, emit::LANGUAGES),
            api,
            old: json(&old),
            new: json(&new),
        }
    })
}

/// Every operationId under `paths`, read from the JSON alone.
fn operation_ids(spec: &serde_json::Value) -> BTreeSet<String> {
    const VERBS: &[&str] = &[
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let mut ids = BTreeSet::new();
    for item in spec["paths"].as_object().expect("paths").values() {
        for (verb, op) in item.as_object().expect("a path item") {
            if VERBS.contains(&verb.as_str())
                && let Some(id) = op["operationId"].as_str()
            {
                ids.insert(id.to_owned());
            }
        }
    }
    ids
}

#[test]
fn real_specs_added_and_removed_operations_match_the_json() {
    let real = real();
    let (old, new) = (operation_ids(&real.old), operation_ids(&real.new));
    let added: BTreeSet<String> = new.difference(&old).cloned().collect();
    let removed: BTreeSet<String> = old.difference(&new).cloned().collect();
    let listed = |names: Vec<&str>| -> BTreeSet<String> {
        let set: BTreeSet<String> = names.iter().map(|s| s.to_string()).collect();
        assert_eq!(set.len(), names.len(), "an operation listed twice");
        set
    };
    assert!(!added.is_empty(), "26.12 adds operations");
    assert_eq!(listed(real.diff.added_operations()), added);
    assert_eq!(listed(real.diff.removed_operations()), removed);
}

/// Facts checked by hand in the two JSON files.
#[test]
fn real_specs_pinned_changes() {
    let diff = &real().diff;
    let find = |subject: &str, message: &str| -> &Change {
        diff.changes
            .iter()
            .find(|c| c.subject.name == subject && c.message == message)
            .unwrap_or_else(|| {
                let of: Vec<&str> = diff
                    .changes
                    .iter()
                    .filter(|c| c.subject.name == subject)
                    .map(|c| c.message.as_str())
                    .collect();
                panic!("{subject}: no change {message:?}; its changes: {of:#?}")
            })
    };
    let breaks = |c: &Change| (c.breaks("rust"), c.breaks("python"));

    // /queries/{query_id}/run/{result_format}: 25.20 has `source` and
    // `enable_oauth_error_response`, 26.12 neither.
    for p in ["source", "enable_oauth_error_response"] {
        let c = find(
            "run_query",
            &format!("parameter `{p}` removed (was query, optional)"),
        );
        assert_eq!(breaks(c), (true, true));
    }
    // POST /login/{user_id}: `associative` (query, optional) is gone.
    let c = find(
        "login_user",
        "parameter `associative` removed (was query, optional)",
    );
    assert_eq!(breaks(c), (true, true));
    // GET /users/search: `full_name` (query, optional string) is new, between `last_name`
    // and `verified_looker_employee`: a Rust setter, and a shift of every later Python
    // argument.
    let c = find(
        "search_users",
        "parameter `full_name` added (query, optional, `string`)",
    );
    assert_eq!(breaks(c), (false, false));
    let reorder = diff
        .changes_of(&c.subject)
        .find(|c| c.message.starts_with("argument order"))
        .expect("search_users' arguments move");
    assert_eq!(breaks(reorder), (false, true));
    assert!(
        reorder.impact["python"]
            .reason
            .contains("verified_looker_employee")
    );
    // search_lookml_dashboards: x-looker-status beta in 25.20, stable in 26.12.
    let c = find("search_lookml_dashboards", "status beta → stable");
    assert_eq!(breaks(c), (false, false));
    // default_theme: stable, then `deprecated: true`.
    find("default_theme", "status stable → deprecated");
    // Alert.enhancements: new in 26.12, an inline enum NONE, STRATEGIC_NARRATIVE (also on
    // AlertPatch); WriteAlert gets it too, and WriteAlert has no `Default` in Rust.
    let c = find(
        "Alert",
        "property `enhancements` added (optional, `Enhancements`)",
    );
    assert_eq!(breaks(c), (false, false));
    let c = find(
        "WriteAlert",
        "property `enhancements` added (optional, `Enhancements`)",
    );
    assert_eq!(breaks(c), (true, false));
    let c = find(
        "Enhancements",
        "added: enum of `Alert.enhancements`, `AlertPatch.enhancements`",
    );
    assert_eq!(breaks(c), (false, false));
    // Dashboard.user_id was readOnly in 25.20 and is not in 26.12: WriteDashboard gains it.
    find(
        "WriteDashboard",
        "property `user_id` added (optional, `string`)",
    );
    assert!(
        !diff
            .changes
            .iter()
            .any(|c| c.subject.name == "Dashboard" && c.message.contains("`user_id`")),
        "Dashboard itself always had user_id"
    );
    // MergeQuery.limit: new, an optional string.
    find("MergeQuery", "property `limit` added (optional, `string`)");
}

/// An operation whose JSON is the same in both files, path-level parameters included, has no
/// change of its own: the diff invents nothing.
#[test]
fn real_specs_unchanged_operations_have_no_changes() {
    let real = real();
    let by_id = |spec: &serde_json::Value| {
        let mut ops = std::collections::BTreeMap::new();
        for (path, item) in spec["paths"].as_object().expect("paths") {
            for (verb, op) in item.as_object().expect("a path item") {
                if let Some(id) = op.get("operationId").and_then(|v| v.as_str()) {
                    ops.insert(
                        id.to_owned(),
                        (
                            path.clone(),
                            verb.clone(),
                            op.clone(),
                            item.get("parameters").cloned(),
                        ),
                    );
                }
            }
        }
        ops
    };
    let (old, new) = (by_id(&real.old), by_id(&real.new));
    let mut same = 0;
    for (id, o) in &old {
        if new.get(id) == Some(o) {
            same += 1;
            let changes: Vec<&str> = real
                .diff
                .changes
                .iter()
                .filter(|c| &c.subject.name == id && c.subject.kind == diff::SubjectKind::Operation)
                .map(|c| c.message.as_str())
                .collect();
            assert!(
                changes.is_empty(),
                "{id} is unchanged in the JSON: {changes:?}"
            );
        }
    }
    assert!(same > 300, "most operations are unchanged ({same})");
}

/// The Swagger 2.0 file an instance serves gives the model of the OpenAPI file: no change.
#[test]
fn real_spec_against_its_swagger_twin_has_no_changes() {
    let swagger = load(&common::spec_dir().join("Looker.4.0.json"));
    let diff = diff::diff(&real().api, &swagger, emit::LANGUAGES);
    let messages: Vec<&str> = diff.changes.iter().map(|c| c.message.as_str()).collect();
    assert!(messages.is_empty(), "{messages:#?}");
}
