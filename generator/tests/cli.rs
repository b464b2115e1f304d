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

    let models = out.join("src/models/shared.rs");
    let original = std::fs::read_to_string(&models).expect("models/shared.rs");
    std::fs::write(&models, format!("{original}// edited by hand\n")).expect("edit");
    check_drift(&spec, &out, &["changed: src/models/shared.rs"]);

    std::fs::write(out.join("src/notes.txt"), "not generated").expect("extra file");
    check_drift(
        &spec,
        &out,
        &["changed: src/models/shared.rs", "extra:   src/notes.txt"],
    );

    std::fs::remove_file(out.join("README.md")).expect("remove");
    check_drift(
        &spec,
        &out,
        &[
            "missing: README.md",
            "changed: src/models/shared.rs",
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
fn check_of_a_missing_directory_says_so_and_how_to_write_it() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let spec = fixture("no_content");
    let out = tmp.path().join("nothing");
    let result = cli(&["check", "--spec", path_str(&spec), "--out", path_str(&out)]);
    assert!(!result.status.success());
    let err = stderr(&result);
    assert!(err.contains("does not exist"), "{err}");
    assert!(!err.contains("missing:"), "no list of every file: {err}");
    let rerun = format!(
        "looker-codegen generate --lang rust --spec {} --out {}",
        spec.display(),
        out.display()
    );
    assert!(err.contains(&rerun), "names the exact command: {err}");
    assert!(!out.exists());
}

/// Repairs print as one line per rule by default, every place with `--verbose`, nothing with
/// `--quiet`.
#[test]
fn warnings_are_summarised_listed_or_quiet() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let spec = fixture("delimited_array");
    let loud = generate(&spec, &tmp.path().join("loud"), &[]);
    assert!(loud.status.success(), "{}", stderr(&loud));
    let err = stderr(&loud);
    assert!(err.contains("repaired 2 place(s)"), "{err}");
    let summary: Vec<&str> = err.lines().filter(|l| l.contains("warning:")).collect();
    assert_eq!(
        summary,
        [
            "  warning: query-style-simple: 2 place(s), first /paths/~1users~1search/get/parameters/0/style: \
          style: simple on a query parameter: read as a comma-delimited array (style: form, explode: false)"
        ],
        "{err}"
    );
    let verbose = generate(&spec, &tmp.path().join("verbose"), &["--verbose"]);
    assert!(verbose.status.success(), "{}", stderr(&verbose));
    let err = stderr(&verbose);
    let listed: Vec<&str> = err.lines().filter(|l| l.contains("warning:")).collect();
    assert_eq!(listed.len(), 2, "{err}");
    assert!(
        listed[0].starts_with("  warning: /paths/~1users~1search/get/parameters/0/style: ")
            && listed[0].ends_with("[query-style-simple]"),
        "{err}"
    );
    let quiet = generate(&spec, &tmp.path().join("quiet"), &["--quiet"]);
    assert!(quiet.status.success(), "{}", stderr(&quiet));
    assert!(!stderr(&quiet).contains("warning"), "{}", stderr(&quiet));
}

/// `--allow-repair RULE` lets known repairs through `--deny-warnings`; any other still fails,
/// and an unknown rule name is an error listing the known ones.
#[test]
fn allow_repair_lets_known_rules_through_deny_warnings() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let spec = fixture("delimited_array");
    let allowed = generate(
        &spec,
        &tmp.path().join("allowed"),
        &["--deny-warnings", "--allow-repair", "query-style-simple"],
    );
    assert!(allowed.status.success(), "{}", stderr(&allowed));
    let other = generate(
        &spec,
        &tmp.path().join("other"),
        &["--deny-warnings", "--allow-repair", "type-any"],
    );
    assert!(!other.status.success());
    assert!(
        stderr(&other).contains("[query-style-simple]"),
        "{}",
        stderr(&other)
    );
    assert!(!tmp.path().join("other").exists());
    let unknown = generate(&spec, &tmp.path().join("x"), &["--allow-repair", "nope"]);
    assert!(!unknown.status.success());
    assert!(
        stderr(&unknown).contains("the rules are null-description"),
        "{}",
        stderr(&unknown)
    );
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

/// An output of only these rendered files, keeping nothing.
fn rendered<const N: usize>(files: [(PathBuf, String); N]) -> write::Output {
    write::Output::rendered(BTreeMap::from(files))
}

/// `write::write` failing halfway (a file `a` and a file `a/b` cannot both exist) leaves the old
/// output untouched and no staging directory behind.
#[test]
fn write_failing_midway_leaves_the_old_output_untouched() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("sdk");
    let old = rendered([
        (PathBuf::from("keep.txt"), "old\n".to_owned()),
        (PathBuf::from("src/lib.rs"), "// old\n".to_owned()),
    ]);
    write::write(&out, &old, write::Overwrite::GeneratedOnly).expect("first write");
    let before = tree(&out);
    assert_eq!(
        before.keys().map(|p| path_str(p)).collect::<Vec<_>>(),
        [write::MANIFEST, "keep.txt", "src/lib.rs"]
    );

    let broken = rendered([
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
    let err = write::write(&out, &broken, write::Overwrite::GeneratedOnly)
        .expect_err("a/b cannot be written under the file a");
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
    let new = rendered([(PathBuf::from("src/lib.rs"), "// new\n".to_owned())]);
    write::write(&out, &new, write::Overwrite::GeneratedOnly).expect("second write");
    let after = tree(&out);
    assert_eq!(
        after.keys().map(|p| path_str(p)).collect::<Vec<_>>(),
        [write::MANIFEST, "src/lib.rs"]
    );
    assert_eq!(after[Path::new("src/lib.rs")], b"// new\n");
    assert!(
        String::from_utf8_lossy(&after[Path::new(write::MANIFEST)]).ends_with("\nsrc/lib.rs\n"),
        "the manifest lists what was written"
    );
    assert_eq!(leftovers(tmp.path()), Vec::<String>::new());
    assert_eq!(
        write::check(&out, &old).expect("check"),
        [
            Drift::Missing("keep.txt".into()),
            Drift::Changed(write::MANIFEST.into()),
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
        ta.contains_key(Path::new("src/models/shared.rs")) && ta.len() > 10,
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

/// A directory with a user's files in it, as `(relative path, contents)`.
const USER_FILES: [(&str, &str); 2] = [("precious.txt", "mine\n"), ("sub/notes.md", "also mine\n")];

fn user_dir(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    for (rel, text) in USER_FILES {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    tree(dir)
}

/// `generate --out` never deletes files it did not write: a non-empty directory without the
/// manifest is refused, with the reason and the way out, and left exactly as it was.
#[test]
fn generate_refuses_a_directory_it_did_not_write() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("mydata");
    let before = user_dir(&out);
    let result = generate(&fixture("no_content"), &out, &["--quiet"]);
    assert!(!result.status.success(), "a user's directory was replaced");
    let err = stderr(&result);
    for expected in [
        "refusing to write to",
        "precious.txt",
        "--force",
        write::MANIFEST,
    ] {
        assert!(err.contains(expected), "{expected:?} missing from: {err}");
    }
    assert!(tree(&out) == before, "the user's files changed");
    assert_eq!(leftovers(tmp.path()), Vec::<String>::new());
}

/// `--force` is the way to replace such a directory anyway.
#[test]
fn generate_with_force_replaces_a_foreign_directory() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("mydata");
    user_dir(&out);
    let spec = fixture("no_content");
    let result = generate(&spec, &out, &["--quiet", "--force"]);
    assert!(result.status.success(), "{}", stderr(&result));
    assert!(!out.join("precious.txt").exists());
    check_drift(&spec, &out, &[]);
    // From now on the directory is the generator's own: no `--force` needed.
    let again = generate(&spec, &out, &["--quiet"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(leftovers(tmp.path()), Vec::<String>::new());
}

/// A file is never turned into a directory, `--force` or not.
#[test]
fn generate_refuses_a_file() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("afile");
    std::fs::write(&out, "data\n").expect("write");
    for extra in [&["--quiet"][..], &["--quiet", "--force"]] {
        let result = generate(&fixture("no_content"), &out, extra);
        assert!(!result.status.success(), "{extra:?}: the file was replaced");
        let err = stderr(&result);
        assert!(err.contains("is a file"), "{err}");
        assert_eq!(std::fs::read(&out).expect("still a file"), b"data\n");
    }
    assert_eq!(leftovers(tmp.path()), Vec::<String>::new());
}

/// The current directory, and any directory containing it, cannot be swapped out: refused
/// clearly, `--force` or not, with nothing changed and no staging directory left behind.
#[test]
fn generate_refuses_the_current_directory_and_its_parents() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let work = tmp.path().join("work");
    let before = user_dir(&work);
    let spec = fixture("no_content");
    let inside = work.join("sub");
    let cases: [(&Path, &str); 4] = [
        (&work, "."),
        (&work, "./"),
        (&inside, ".."),
        (&inside, path_str(&work)),
    ];
    for (cwd, out) in cases {
        for force in [false, true] {
            let mut args = vec![
                "generate",
                "--quiet",
                "--spec",
                path_str(&spec),
                "--out",
                out,
            ];
            if force {
                args.push("--force");
            }
            let result = Command::new(env!("CARGO_BIN_EXE_looker-codegen"))
                .args(&args)
                .current_dir(cwd)
                .output()
                .expect("runs");
            let err = stderr(&result);
            assert!(
                !result.status.success(),
                "--out {out} from {}: {err}",
                cwd.display()
            );
            assert!(err.contains("refusing to write to"), "{err}");
            assert!(tree(&work) == before, "--out {out}: the directory changed");
            assert_eq!(leftovers(&work), Vec::<String>::new(), "--out {out}");
            assert_eq!(leftovers(tmp.path()), Vec::<String>::new(), "--out {out}");
        }
    }
}

/// New and empty directories are fine; so is output written before manifests existed (a
/// `Cargo.toml` with the notice), and a symlink to the output, which stays a symlink.
#[test]
fn generate_accepts_empty_legacy_and_linked_outputs() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let spec = fixture("no_content");

    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).expect("mkdir");
    let result = generate(&spec, &empty, &["--quiet"]);
    assert!(result.status.success(), "{}", stderr(&result));
    check_drift(&spec, &empty, &[]);

    let legacy = tmp.path().join("legacy");
    std::fs::create_dir(&legacy).expect("mkdir");
    std::fs::write(
        legacy.join("Cargo.toml"),
        format!("# {}\n[package]\n", looker_codegen::emit::GENERATED_NOTICE),
    )
    .expect("write");
    std::fs::write(legacy.join("stale.rs"), "// old output\n").expect("write");
    let result = generate(&spec, &legacy, &["--quiet"]);
    assert!(result.status.success(), "{}", stderr(&result));
    check_drift(&spec, &legacy, &[]);

    let link = tmp.path().join("link");
    std::os::unix::fs::symlink(&empty, &link).expect("symlink");
    let result = generate(&spec, &link, &["--quiet"]);
    assert!(result.status.success(), "{}", stderr(&result));
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("exists")
            .file_type()
            .is_symlink(),
        "the link was replaced by a directory"
    );
    check_drift(&spec, &empty, &[]);
    assert_eq!(leftovers(tmp.path()), Vec::<String>::new());
}

/// IO errors say each thing once and name the path; a missing default spec suggests `--spec`.
#[test]
fn io_errors_name_the_path_once_and_suggest_a_fix() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let result = Command::new(env!("CARGO_BIN_EXE_looker-codegen"))
        .args(["generate", "--out", "sdk"])
        .current_dir(tmp.path())
        .output()
        .expect("runs");
    assert!(!result.status.success());
    let err = stderr(&result);
    assert!(
        err.contains("cannot read spec/Looker.4.0.oas.json"),
        "{err}"
    );
    assert_eq!(err.matches("No such file or directory").count(), 1, "{err}");
    assert!(err.contains("--spec <file>"), "{err}");

    let yaml = tmp.path().join("looker.yaml");
    std::fs::write(&yaml, "openapi: 3.0.0\n").expect("write");
    let result = generate(&yaml, &tmp.path().join("sdk"), &[]);
    assert!(!result.status.success());
    let err = stderr(&result);
    assert!(
        err.contains("not JSON") && err.contains("reads JSON"),
        "{err}"
    );
    assert!(!tmp.path().join("sdk").exists());
}

/// `--package-name` renames the published package in every language; the import name stays.
#[test]
fn package_name_reaches_every_language() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let spec = fixture("no_content");
    for (lang, manifest, expected) in [
        ("rust", "Cargo.toml", "name = \"acme-looker\""),
        ("python", "pyproject.toml", "name = \"acme-looker\""),
    ] {
        let out = tmp.path().join(lang);
        let result = generate(
            &spec,
            &out,
            &["--quiet", "--lang", lang, "--package-name", "acme-looker"],
        );
        assert!(result.status.success(), "{}", stderr(&result));
        let text = std::fs::read_to_string(out.join(manifest)).expect("manifest");
        assert!(text.contains(expected), "{lang}: {text}");
    }
    let cargo = std::fs::read_to_string(tmp.path().join("rust/Cargo.toml")).expect("Cargo.toml");
    assert!(cargo.contains("[lib]\nname = \"looker_sdk\""), "{cargo}");
    assert!(
        tmp.path()
            .join("python/looker_codegen_sdk/__init__.py")
            .exists()
    );
}

/// The `version` of a generated crate's `[package]`, read from its `Cargo.toml`.
fn crate_version(out: &Path) -> String {
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("Cargo.toml");
    manifest
        .lines()
        .find_map(|l| l.strip_prefix("version = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .expect("a version line")
        .to_owned()
}

/// The text of the changelog in `out`.
fn changelog(out: &Path) -> String {
    std::fs::read_to_string(out.join("CHANGELOG.md")).expect("a changelog")
}

/// The changelog's `## ` headings.
fn changelog_entries(out: &Path) -> Vec<String> {
    changelog(out)
        .lines()
        .filter(|l| l.starts_with("## "))
        .map(str::to_owned)
        .collect()
}

/// The changelog is history: a first output begins one with a single entry for the spec's
/// release, and every later `generate`, `--force` included, keeps it byte for byte while
/// replacing the rendered files. The manifest never lists it among the generator's files.
#[test]
fn generate_begins_the_changelog_then_keeps_it() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("sdk");
    let spec = fixture("write_types");
    let first = generate(&spec, &out, &["--quiet"]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("began CHANGELOG.md"),
        "{}",
        stderr(&first)
    );
    // The fixture names no Looker release: its spec version stands in, as in the crate's docs.
    let version = crate_version(&out);
    assert_eq!(
        changelog_entries(&out),
        [format!("## {version} (Looker 4.0.1.0)")]
    );
    let manifest = std::fs::read_to_string(out.join(write::MANIFEST)).expect("manifest");
    assert!(
        !manifest.lines().any(|l| l == "CHANGELOG.md"),
        "the manifest lists the changelog as rendered: {manifest}"
    );
    check_drift(&spec, &out, &[]);

    // A maintainer's history, older entries edited by hand included, survives a regeneration.
    let history = format!(
        "{}\n## 0.9.0 (Looker 0.9)\n\nWritten by hand.\n",
        changelog(&out)
    );
    std::fs::write(out.join("CHANGELOG.md"), &history).expect("write history");
    let again = generate(&spec, &out, &[]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("kept CHANGELOG.md"),
        "{}",
        stderr(&again)
    );
    assert_eq!(changelog(&out), history);
    check_drift(&spec, &out, &[]);

    // `--force` replaces rendered files (an edit and an extra file go) and keeps the changelog.
    std::fs::write(out.join("README.md"), "edited by hand\n").expect("edit");
    std::fs::write(out.join("notes.txt"), "not generated\n").expect("extra");
    let forced = generate(&spec, &out, &["--quiet", "--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert!(!out.join("notes.txt").exists());
    assert_ne!(
        std::fs::read_to_string(out.join("README.md")).expect("README"),
        "edited by hand\n"
    );
    assert_eq!(changelog(&out), history);
    check_drift(&spec, &out, &[]);

    // So does `--force` over a directory the generator did not write.
    let foreign = tmp.path().join("theirs");
    std::fs::create_dir(&foreign).expect("mkdir");
    std::fs::write(foreign.join("CHANGELOG.md"), &history).expect("their changelog");
    std::fs::write(foreign.join("precious.txt"), "theirs\n").expect("their file");
    let forced = generate(&spec, &foreign, &["--quiet", "--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert!(!foreign.join("precious.txt").exists());
    assert_eq!(changelog(&foreign), history);
    assert_eq!(leftovers(tmp.path()), Vec::<String>::new());
}

/// A changelog whose newest entry is another version does not belong to the SDK beside it:
/// `check` fails naming both versions and the way to a release, and `generate` writes nothing.
#[test]
fn a_changelog_of_another_version_fails_check_and_generate() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("sdk");
    let spec = fixture("write_types");
    assert!(generate(&spec, &out, &["--quiet"]).status.success());
    let version = crate_version(&out);
    std::fs::write(
        out.join("CHANGELOG.md"),
        "# Changelog of looker-sdk\n\n## 99.1.0 (Looker 99.1.0)\n\nA release from the future.\n",
    )
    .expect("write");
    let before = tree(&out);
    let checked = cli(&[
        "check",
        "--spec",
        path_str(&spec),
        "--out",
        path_str(&out),
        "--quiet",
    ]);
    let err = stderr(&checked);
    assert!(!checked.status.success(), "check passed: {err}");
    for expected in [
        "CHANGELOG.md",
        "is 99.1.0, but the spec makes it",
        &version,
        "cargo xtask release",
    ] {
        assert!(err.contains(expected), "{expected:?} missing from: {err}");
    }
    let generated = generate(&spec, &out, &["--quiet"]);
    assert!(!generated.status.success(), "generate replaced history");
    assert!(
        stderr(&generated).contains("is 99.1.0"),
        "{}",
        stderr(&generated)
    );
    assert!(
        tree(&out) == before,
        "a refused generate changed the output"
    );
    assert_eq!(leftovers(tmp.path()), Vec::<String>::new());
}

/// The documented check passes on the project's own committed output, for every language under
/// `generated/`, with the generator's defaults.
#[test]
fn check_passes_on_every_committed_sdk() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for lang in looker_codegen::emit::LANGUAGES {
        let out = root.join(lang.default_out());
        let result = cli(&[
            "check",
            "--lang",
            lang.name(),
            "--spec",
            path_str(&real_spec()),
            "--out",
            path_str(&out),
            "--quiet",
        ]);
        assert!(
            result.status.success(),
            "check --lang {} --out {}: {}",
            lang.name(),
            lang.default_out(),
            stderr(&result)
        );
    }
}
