//! The `looker-codegen` command line, run as a child process: generate, check, normalize,
//! languages, `--deny-warnings`, atomic writes and determinism.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{fixtures_dir, spec_dir};
use looker_codegen::write::{self, Drift};

/// Runs the binary with `args` and returns its output.
fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_looker-codegen"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

/// Every file under `dir` with its bytes, by relative path.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).expect("under root").to_owned();
                out.insert(rel, std::fs::read(&path).expect("readable"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Names in `dir` that `write` uses for its staging and backup directories.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("readable dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with(".looker-codegen"))
        .collect()
}

fn real_spec() -> PathBuf {
    spec_dir().join("Looker.4.0.oas.json")
}

fn fixture(name: &str) -> PathBuf {
    fixtures_dir().join(format!("{name}.json"))
}

/// `generate --spec <spec> --out <out>` plus `extra` flags.
fn generate(spec: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["generate", "--spec", path_str(spec), "--out", path_str(out)];
    args.extend_from_slice(extra);
    cli(&args)
}

/// Runs `check` on `out` and asserts its outcome: success, or failure listing exactly `drift`.
fn check_drift(spec: &Path, out: &Path, drift: &[&str]) {
    let result = cli(&[
        "check",
        "--spec",
        path_str(spec),
        "--out",
        path_str(out),
        "--quiet",
    ]);
    let err = stderr(&result);
    if drift.is_empty() {
        assert!(result.status.success(), "check failed: {err}");
        assert!(err.contains("is up to date"), "{err}");
        return;
    }
    assert!(
        !result.status.success(),
        "check passed despite {drift:?}: {err}"
    );
    let listed: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("  "))
        .map(str::trim)
        .collect();
    assert_eq!(listed, drift, "{err}");
    assert!(
        err.contains("cargo xtask regen"),
        "the message says how to fix it: {err}"
    );
}

#[test]
fn languages_lists_rust_and_python() {
    let out = cli(&["languages"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "rust\tgenerated/looker-sdk\npython\tgenerated/python\n"
    );
}

#[test]
fn generate_then_check_reports_drift() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("sdk");
    let spec = fixture("write_types");
    let generated = generate(&spec, &out, &[]);
    assert!(generated.status.success(), "{}", stderr(&generated));
    let count = common::fixture("write_types").files.len();
    assert!(
        stderr(&generated).contains(&format!("wrote {count} files to")),
        "{}",
        stderr(&generated)
    );
    check_drift(&spec, &out, &[]);

    let models = out.join("src/models.rs");
    let original = std::fs::read_to_string(&models).expect("models.rs");
    std::fs::write(&models, format!("{original}// edited by hand\n")).expect("edit");
    check_drift(&spec, &out, &["changed: src/models.rs"]);

    std::fs::write(out.join("src/notes.txt"), "not generated").expect("extra file");
    check_drift(
        &spec,
        &out,
        &["changed: src/models.rs", "extra:   src/notes.txt"],
    );

    std::fs::remove_file(out.join("README.md")).expect("remove");
    check_drift(
        &spec,
        &out,
        &[
            "missing: README.md",
            "changed: src/models.rs",
            "extra:   src/notes.txt",
        ],
    );

    // Generating again restores exactly the generated set.
    let again = generate(&spec, &out, &["--quiet"]);
    assert!(again.status.success(), "{}", stderr(&again));
    check_drift(&spec, &out, &[]);
    assert!(!out.join("src/notes.txt").exists());
    assert_eq!(leftovers(tmp.path()), Vec::<String>::new());
}

#[test]
fn check_of_a_missing_directory_lists_every_file_as_missing() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let result = cli(&[
        "check",
        "--spec",
        path_str(&fixture("no_content")),
        "--out",
        path_str(&tmp.path().join("nothing")),
    ]);
    assert!(!result.status.success());
    let err = stderr(&result);
    let missing = err
        .lines()
        .filter(|l| l.trim_start().starts_with("missing: "))
        .count();
    // The command lists the first 20 differences.
    assert_eq!(
        missing,
        common::fixture("no_content").files.len().min(20),
        "{err}"
    );
}

#[test]
fn warnings_are_printed_unless_quiet() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let spec = fixture("delimited_array");
    let loud = generate(&spec, &tmp.path().join("loud"), &[]);
    assert!(loud.status.success(), "{}", stderr(&loud));
    let err = stderr(&loud);
    assert!(err.contains("repaired 2 place(s)"), "{err}");
    assert!(
        err.contains("warning: /paths/~1users~1search/get/parameters/0/style: "),
        "{err}"
    );
    let quiet = generate(&spec, &tmp.path().join("quiet"), &["--quiet"]);
    assert!(quiet.status.success(), "{}", stderr(&quiet));
    assert!(!stderr(&quiet).contains("warning"), "{}", stderr(&quiet));
}

#[test]
fn deny_warnings_on_the_real_spec_fails_naming_a_pointer() {
    // `normalize` only loads the spec, so this costs a fraction of `generate`; the flag is shared
    // (and `failed_generate_leaves_the_previous_output_untouched` covers it on `generate`).
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("normalized.json");
    let result = cli(&[
        "normalize",
        "--deny-warnings",
        "--spec",
        path_str(&real_spec()),
        "--out",
        path_str(&out),
    ]);
    assert!(!result.status.success(), "the real spec needs repairs");
    let err = stderr(&result);
    assert!(err.contains("--deny-warnings"), "{err}");
    assert!(
        err.contains(
            "/paths/~1content_validation/get/parameters/1/style: style: simple on a query parameter"
        ),
        "{err}"
    );
    assert!(!out.exists(), "nothing is written when warnings are denied");
}

/// A `generate` that fails, for whatever reason, leaves the previous output byte-identical.
#[test]
fn failed_generate_leaves_the_previous_output_untouched() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("sdk");
    let first = generate(&fixture("write_types"), &out, &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    let before = tree(&out);

    let not_json = tmp.path().join("not_json.json");
    std::fs::write(&not_json, "{").expect("write");
    let no_operation_id = tmp.path().join("no_operation_id.json");
    std::fs::write(
        &no_operation_id,
        r#"{"openapi": "3.0.1", "info": {"title": "t", "version": "1"},
            "paths": {"/x": {"get": {"responses": {}}}}}"#,
    )
    .expect("write");
    let cases: [(&Path, &[&str], &str); 4] = [
        (&not_json, &[], "not JSON"),
        (&no_operation_id, &[], "/paths/~1x/get/operationId"),
        (&tmp.path().join("absent.json"), &[], "cannot read"),
        (
            &fixture("delimited_array"),
            &["--deny-warnings"],
            "--deny-warnings",
        ),
    ];
    for (spec, extra, message) in cases {
        let result = generate(spec, &out, extra);
        assert!(!result.status.success(), "{} should fail", spec.display());
        assert!(stderr(&result).contains(message), "{}", stderr(&result));
        assert!(
            tree(&out) == before,
            "{}: the previous output changed",
            spec.display()
        );
    }
    assert_eq!(leftovers(tmp.path()), Vec::<String>::new());
}

/// `write::write` failing halfway (a file `a` and a file `a/b` cannot both exist) leaves the old
/// output untouched and no staging directory behind.
#[test]
fn write_failing_midway_leaves_the_old_output_untouched() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("sdk");
    let old: looker_codegen::emit::Files = BTreeMap::from([
        (PathBuf::from("keep.txt"), "old\n".to_owned()),
        (PathBuf::from("src/lib.rs"), "// old\n".to_owned()),
    ]);
    write::write(&out, &old).expect("first write");
    let before = tree(&out);
    assert_eq!(before.len(), 2);

    let broken: looker_codegen::emit::Files = BTreeMap::from([
        (
            PathBuf::from("0_first.txt"),
            "written before the failure\n".to_owned(),
        ),
        (PathBuf::from("a"), "a file\n".to_owned()),
        (
            PathBuf::from("a/b"),
            "a file inside the file a\n".to_owned(),
        ),
    ]);
    let err = write::write(&out, &broken).expect_err("a/b cannot be written under the file a");
    assert!(
        matches!(err, looker_codegen::Error::Write { .. }),
        "{err:?}"
    );
    assert!(tree(&out) == before, "the old output changed");
    assert_eq!(leftovers(tmp.path()), Vec::<String>::new());
    assert_eq!(
        write::check(&out, &old).expect("check"),
        Vec::<Drift>::new()
    );

    // A successful write replaces the directory: stale files go.
    let new: looker_codegen::emit::Files =
        BTreeMap::from([(PathBuf::from("src/lib.rs"), "// new\n".to_owned())]);
    write::write(&out, &new).expect("second write");
    assert_eq!(
        tree(&out),
        BTreeMap::from([(PathBuf::from("src/lib.rs"), b"// new\n".to_vec())])
    );
    assert_eq!(leftovers(tmp.path()), Vec::<String>::new());
    assert_eq!(
        write::check(&out, &old).expect("check"),
        [
            Drift::Missing("keep.txt".into()),
            Drift::Changed("src/lib.rs".into())
        ]
    );
}

/// Two runs on the real spec, into different directories, give byte-identical trees.
#[test]
fn generate_is_deterministic() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    let spawn = |out: &Path| {
        Command::new(env!("CARGO_BIN_EXE_looker-codegen"))
            .args([
                "generate",
                "--quiet",
                "--spec",
                path_str(&real_spec()),
                "--out",
                path_str(out),
            ])
            .output()
    };
    let (ra, rb) = std::thread::scope(|s| {
        let ha = s.spawn(|| spawn(&a));
        let hb = s.spawn(|| spawn(&b));
        (ha.join().expect("thread"), hb.join().expect("thread"))
    });
    for r in [ra, rb] {
        let r = r.expect("runs");
        assert!(r.status.success(), "{}", stderr(&r));
    }
    let (ta, tb) = (tree(&a), tree(&b));
    assert!(
        ta.contains_key(Path::new("src/models.rs")) && ta.len() > 10,
        "{:?}",
        ta.keys()
    );
    let differing: Vec<&PathBuf> = ta.keys().filter(|k| ta.get(*k) != tb.get(*k)).collect();
    assert!(
        differing.is_empty() && ta.len() == tb.len(),
        "runs differ in {differing:?}"
    );
}

/// `normalize` writes a spec that is valid OpenAPI 3.0 as it is: loading it needs no repair, and
/// it describes the same API.
#[test]
fn normalize_output_reloads_without_warnings() {
    let tmp = tempfile::tempdir().expect("temp dir");
    for (name, spec) in [
        ("oas", real_spec()),
        ("swagger2", spec_dir().join("Looker.4.0.json")),
        ("login_form", fixture("login_form")),
    ] {
        let out = tmp.path().join(format!("{name}.json"));
        let result = cli(&[
            "normalize",
            "--quiet",
            "--spec",
            path_str(&spec),
            "--out",
            path_str(&out),
        ]);
        assert!(result.status.success(), "{name}: {}", stderr(&result));
        let reloaded = looker_codegen::spec::load(&out).unwrap_or_else(|e| panic!("{name}: {e}"));
        let left: Vec<String> = reloaded.warnings.iter().map(ToString::to_string).collect();
        assert!(
            left.is_empty(),
            "{name}: the normalized spec still needs repairs:\n{}",
            left.join("\n")
        );
        assert!(
            !reloaded.converted_from_swagger2,
            "{name}: normalize writes OpenAPI 3"
        );
        if name == "login_form" {
            let original = looker_codegen::spec::load(&spec).expect("loads");
            let api = |s: &looker_codegen::spec::Spec| {
                looker_codegen::model::build(&s.openapi).expect("builds")
            };
            assert!(
                api(&reloaded) == api(&original),
                "{name}: normalizing changed the API"
            );
        }
    }
    // Without --out, the spec goes to standard output.
    let result = cli(&[
        "normalize",
        "--quiet",
        "--spec",
        path_str(&fixture("no_content")),
    ]);
    assert!(result.status.success(), "{}", stderr(&result));
    let json: serde_json::Value = serde_json::from_slice(&result.stdout).expect("JSON on stdout");
    assert_eq!(
        json["paths"]["/users/{user_id}"]["delete"]["operationId"],
        "delete_user"
    );
}
