//! The extension point, used as CONTRIBUTING.md's "Adding a language" describes it: a tiny
//! language defined here (a Markdown API reference) goes through the same public interface as
//! Rust and Python: the model, `Language`, the shared name allocator, `write`.
//! If this stops compiling or passing, the walkthrough is out of date.

use std::path::Path;

use askama::Template;
use looker_codegen::emit::{Files, Language, Options, Package};
use looker_codegen::model::{Api, TypeRef};
use looker_codegen::names::{Reserved, Scope};
use looker_codegen::{Error, Result, write};

mod common;

/// Step 1: the language's type, with its reserved words as data.
struct Markdown;

const RESERVED: Reserved = Reserved {
    // Markdown has no keywords; a heading called `Contents` would clash with the index.
    keywords: &[],
    client_methods: &["contents"],
};

/// Step 2: a template context of precomputed strings, and a template that only prints.
#[derive(Template)]
#[template(
    ext = "txt",
    escape = "none",
    source = "# {{ title }}\n{% for area in areas %}\n## {{ area.name }}\n{% for m in area.methods %}\n- `{{ m }}`{% endfor %}\n{% endfor %}"
)]
struct Reference {
    title: String,
    areas: Vec<Area>,
}

struct Area {
    name: String,
    methods: Vec<String>,
}

/// Step 3: the type mapping, in Rust, reading only the model.
fn spell(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Intrinsic(i) => format!("{i:?}").to_lowercase(),
        TypeRef::Named(name) => name.clone(),
        TypeRef::Array(inner) | TypeRef::DelimArray(inner) => format!("[{}]", spell(inner)),
        TypeRef::Map(inner) => format!("{{string: {}}}", spell(inner)),
    }
}

impl Language for Markdown {
    fn name(&self) -> &'static str {
        "markdown"
    }

    fn default_out(&self) -> &'static str {
        "generated/markdown"
    }

    fn reserved(&self) -> &'static Reserved {
        &RESERVED
    }

    /// What the output is published as: its changelog's newest entry names this version.
    fn package(&self, api: &Api, options: &Options) -> Package {
        Package::named(
            options,
            "looker-api-reference",
            api.info.release().to_owned(),
        )
    }

    fn needs(&self, _api: &Api) -> Vec<String> {
        vec!["a Markdown viewer".to_owned()]
    }

    /// Step 4: names through the shared allocator, the layout (one file), the rendering.
    fn render(&self, api: &Api, options: &Options) -> Result<Files> {
        let mut names = RESERVED.method_scope();
        let mut areas: Vec<Area> = api
            .tags
            .iter()
            .map(|t| Area {
                name: t.name.clone(),
                methods: Vec::new(),
            })
            .collect();
        for method in &api.methods {
            let name = names.claim(&method.name.snake);
            let args: Vec<String> = method
                .params
                .iter()
                .map(|p| format!("{}: {}", p.name.snake, spell(&p.ty)))
                .collect();
            let returns = method.returns.as_ref().map_or("nothing".to_owned(), spell);
            let line = format!("{name}({}) -> {returns}", args.join(", "));
            if let Some(area) = areas.iter_mut().find(|a| a.name == method.tag) {
                area.methods.push(line);
            }
        }
        let title = options
            .package_name
            .clone()
            .unwrap_or_else(|| api.info.title.clone());
        let text = Reference { title, areas }
            .render()
            .map_err(|e| Error::Render {
                template: "markdown/reference".to_owned(),
                message: e.to_string(),
            })?;
        Ok(Files::from([("API.md".into(), text + "\n")]))
    }

    /// Step 5: post-processing, here a check that no spec text broke a list item's line.
    fn post_process(&self, files: Files) -> Result<Files> {
        for (path, text) in &files {
            if let Some(line) = text
                .lines()
                .find(|l| l.starts_with("- ") && !l.ends_with('`'))
            {
                return Err(Error::Unparsable {
                    file: path.display().to_string(),
                    message: format!("a list item is cut short: {line:?}"),
                });
            }
        }
        Ok(files)
    }
}

#[test]
fn a_language_defined_outside_the_crate_generates_through_the_public_interface() {
    let api = looker_codegen::load_api(&common::fixtures_dir().join("path_params.json"))
        .expect("loads")
        .api;
    let files = Markdown.emit(&api).expect("emits");
    let text = &files[Path::new("API.md")];
    assert!(
        text.starts_with(&format!("# {}\n", api.info.title)),
        "{text}"
    );
    for method in &api.methods {
        assert!(
            text.contains(&format!("- `{}(", method.name.snake)),
            "{} missing from:\n{text}",
            method.name.snake
        );
    }

    // Options reach the language.
    let named = Markdown
        .emit_with(
            &api,
            &Options {
                package_name: Some("My API".to_owned()),
            },
        )
        .expect("emits");
    assert!(named[Path::new("API.md")].starts_with("# My API\n"));

    // The shared writer puts it on disk with its manifest and a first changelog, and `check`
    // agrees.
    let output = looker_codegen::output(&Markdown, &api, &Options::default()).expect("emits");
    assert_eq!(output.files, files);
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("markdown");
    write::write(&out, &output, write::Overwrite::GeneratedOnly).expect("writes");
    assert_eq!(write::check(&out, &output).expect("checks"), Vec::new());
    let changelog = std::fs::read_to_string(out.join("CHANGELOG.md")).expect("a changelog");
    assert!(
        changelog.starts_with("# Changelog of looker-api-reference\n"),
        "{changelog}"
    );
}

/// The reserved words are honoured: an operation named like a reserved word gets a suffix.
#[test]
fn reserved_words_come_from_the_language() {
    let mut scope = Markdown.reserved().method_scope();
    assert_eq!(scope.claim("contents"), "contents2");
    assert_eq!(scope.claim("me"), "me");
    let mut plain = Scope::default();
    assert_eq!(plain.claim("contents"), "contents");
}

/// Every fixture goes through the tiny language too: a fixture is coverage for every language,
/// including one written outside the crate.
#[test]
fn every_fixture_renders_in_the_tiny_language() {
    let mut seen = 0;
    for entry in std::fs::read_dir(common::fixtures_dir()).expect("fixtures") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let api = looker_codegen::load_api(&path).expect("loads").api;
        let a = Markdown
            .emit(&api)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let b = Markdown.emit(&api).expect("emits again");
        assert_eq!(a, b, "{}: not deterministic", path.display());
        seen += 1;
    }
    assert!(seen > 10, "only {seen} fixtures");
}
