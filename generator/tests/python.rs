//! Facts of the Python SDK emitted for the fixture specs, asserted on the generated text (the
//! snapshots in `fixtures.rs` show the whole modules; these pin what each quirk must produce).

mod common;

use common::fixtures_dir;

/// The Python modules of `tests/fixtures/<name>.json`: (methods.py, models.py).
fn python(name: &str) -> (String, String) {
    let path = fixtures_dir().join(format!("{name}.json"));
    let loaded =
        looker_codegen::load_api(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut files = looker_codegen::emit::language("python")
        .and_then(|lang| lang.emit(&loaded.api))
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut module = |rel: &str| {
        files
            .remove(&std::path::Path::new("looker_codegen_sdk/sdk/api40").join(rel))
            .unwrap_or_else(|| panic!("{name}: no {rel}"))
    };
    (module("methods.py"), module("models.py"))
}

/// The names of the SDK class's methods (`    def name(`), in order.
fn method_names(methods: &str) -> Vec<String> {
    methods
        .lines()
        .filter_map(|l| l.strip_prefix("    def "))
        .map(|l| l.split('(').next().unwrap_or_default().to_owned())
        .collect()
}

/// The source of the generated method `name`, from its `def` to the next method's comment.
fn method_source<'a>(methods: &'a str, name: &str) -> &'a str {
    let start = methods
        .find(&format!("    def {name}("))
        .unwrap_or_else(|| panic!("no method {name}"));
    let rest = &methods[start..];
    let end = rest.find("\n\n").unwrap_or(rest.len());
    &rest[..end]
}

/// Operations named like members of the runtime's `APIMethods` (`get`, `delete`, ...) get
/// names that leave the runtime's own alone: every generated method sends its request through
/// `self.get`/`self.delete`, which a generated `get` would replace.
#[test]
fn runtime_name_clash() {
    let (methods, _) = python("runtime_name_clash");
    let names = method_names(&methods);
    for taken in ["get", "delete", "encode_path_param", "auth", "transport"] {
        assert!(
            !names.iter().any(|n| n == taken),
            "a generated method is named {taken}: {names:?}"
        );
    }
    for (renamed, path) in [
        ("get2", "GET /get"),
        ("delete2", "DELETE /delete/{id}"),
        ("encode_path_param2", "GET /encode"),
        ("auth2", "GET /auth"),
        // Not reserved in Python: Rust's runtime names stay as the spec has them.
        ("sudo", "POST /login/{user_id}"),
        ("settings", "GET /settings"),
    ] {
        assert!(
            methods.contains(&format!("    # {path} -> None\n    def {renamed}(")),
            "no {renamed} for {path}"
        );
    }
    // The renamed methods still send through the runtime's own methods.
    assert!(method_source(&methods, "get2").contains("self.get("));
    assert!(method_source(&methods, "delete2").contains("self.delete("));
    // A parameter named like the `cast` the body calls is renamed; its wire name is not.
    let get2 = method_source(&methods, "get2");
    assert!(get2.contains("cast2: Optional[str] = None,"), "{get2}");
    assert!(get2.contains("query_params={\"cast\": cast2}"), "{get2}");
    assert!(get2.contains("response = cast("), "{get2}");
}

/// A 204 that declares a JSON string returns `str`, as the official SDK types it
/// (`delete_board -> str`); a 204 without content returns `None`.
#[test]
fn no_content_returns_what_the_spec_declares() {
    let (methods, _) = python("no_content");
    let board = method_source(&methods, "delete_board");
    assert!(board.contains(") -> str:"), "{board}");
    assert!(board.contains("structure=str,"), "{board}");
    let user = method_source(&methods, "delete_user");
    assert!(user.contains(") -> None:"), "{user}");
    assert!(user.contains("structure=None,"), "{user}");
}

/// The class docstring of `class` in models.py, between its quotes.
fn class_doc<'a>(models: &'a str, class: &str) -> &'a str {
    let start = models
        .find(&format!("class {class}("))
        .unwrap_or_else(|| panic!("no class {class}"));
    let rest = &models[start..];
    let open = rest.find("\"\"\"\n").expect("a docstring") + 4;
    let close = rest[open..].find("    \"\"\"").expect("its end");
    &rest[open..open + close]
}

/// Class docstrings carry sdk-codegen's text for write types and unwritable models, laid out
/// as black leaves sdk-codegen's output (so that they equal the official SDK's).
#[test]
fn write_type_docstrings_are_sdk_codegen_s() {
    let (_, models) = python("write_types");
    assert_eq!(
        class_doc(&models, "WriteFolder"),
        "        Dynamic writeable type for Folder removes:\n    id\n\n        Attributes:\n            name: Folder name\n"
    );
    // A property without a description takes its write type's.
    let dashboard = class_doc(&models, "WriteDashboard");
    assert!(
        dashboard
            .contains("            folder: Dynamic writeable type for Folder removes:\n    id\n"),
        "{dashboard}"
    );
    assert!(
        class_doc(&models, "UserRef").starts_with(
            "    WARNING: no writeable properties found for POST, PUT, or PATCH\n\n    Attributes:\n"
        ),
        "{}",
        class_doc(&models, "UserRef")
    );
    let (_, models) = python("array_enum");
    assert_eq!(
        class_doc(&models, "SupportedFormats"),
        "    Data formats the integration supports (Enum defined in Integration)\n\n"
    );
}

/// Hostile spec text (newlines, `"""`, backslashes, carriage returns, keywords, non-ASCII names)
/// never breaks a module: every file of the odd fixture's package passes CPython's own
/// `ast.parse`, not only the generator's syntax check.
#[test]
fn odd_names_parse_with_cpython() {
    let path = fixtures_dir().join("odd_names.json");
    let api = looker_codegen::load_api(&path).expect("loads").api;
    let python = looker_codegen::emit::language("python").expect("python");
    let files = python.emit(&api).expect("emits");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut paths = Vec::new();
    for (rel, text) in &files {
        if rel.extension().is_some_and(|e| e == "py") {
            let file = dir.path().join(rel);
            std::fs::create_dir_all(file.parent().expect("a parent")).expect("mkdir");
            std::fs::write(&file, text).expect("write");
            paths.push(file);
        }
    }
    assert!(paths.len() >= 3, "too few modules: {paths:?}");
    let status = std::process::Command::new("python3")
        .arg("-c")
        .arg("import ast, sys\nfor f in sys.argv[1:]:\n    ast.parse(open(f, encoding='utf-8').read(), f)")
        .args(&paths)
        .status()
        .expect("python3 must be installed to run this test");
    assert!(status.success(), "a module does not parse");
    // The injected path stays inside a string and a comment.
    let methods = files
        .iter()
        .find(|(rel, _)| rel.ends_with("api40/methods.py"))
        .map(|(_, t)| t.as_str())
        .expect("methods.py");
    assert!(!methods.contains("\npub const INJECTED"), "{methods}");
}
