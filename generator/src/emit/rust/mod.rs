//! The Rust emitter: model to template contexts, askama to text, syn and prettyplease to format.
//!
//! Every decision about Rust spelling is made here, in Rust; the templates under
//! `templates/rust/` only print the precomputed strings. The runtime (`templates/rust/runtime/`)
//! is copied into the crate as it is.

mod context;
mod docs;
mod names;
mod types;

use std::path::PathBuf;

use askama::Template;

use super::{Files, Language};
use crate::error::{Error, Result};
use crate::model::Api;

/// The Rust SDK: the `looker-sdk` crate.
pub struct Rust;

/// The runtime files, embedded by `build.rs` from `templates/rust/runtime/`.
const RUNTIME: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/rust_runtime.rs"));

/// The examples, embedded by `build.rs` from `templates/rust/examples/`.
const EXAMPLES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/rust_examples.rs"));

impl Language for Rust {
    fn name(&self) -> &'static str {
        "rust"
    }

    fn default_out(&self) -> &'static str {
        "generated/looker-sdk"
    }

    fn emit(&self, api: &Api) -> Result<Files> {
        let crate_ctx = context::build(api);
        let mut files = Files::new();
        files.insert(
            "Cargo.toml".into(),
            render("Cargo.toml", &crate_ctx.cargo_toml)?,
        );
        files.insert("README.md".into(), render("README.md", &crate_ctx.readme)?);
        files.insert("src/lib.rs".into(), rust_file("lib.rs", &crate_ctx.lib)?);
        // Parsing and printing dominate generation time; the models file is as large as the
        // other two together, so two threads split the work evenly.
        let (models, methods, requests) = std::thread::scope(|scope| {
            let models = scope.spawn(|| rust_file("models.rs", &crate_ctx.models));
            let methods = rust_file("methods.rs", &crate_ctx.methods);
            let requests = rust_file("requests.rs", &crate_ctx.requests);
            let models = models
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (models, methods, requests)
        });
        files.insert("src/models.rs".into(), models?);
        files.insert("src/methods.rs".into(), methods?);
        files.insert("src/requests.rs".into(), requests?);
        for (name, text) in RUNTIME {
            files.insert(PathBuf::from("src/runtime").join(name), (*text).to_owned());
        }
        for (name, text) in EXAMPLES {
            files.insert(PathBuf::from("examples").join(name), (*text).to_owned());
        }
        Ok(files)
    }
}

fn render(name: &str, template: &impl Template) -> Result<String> {
    template.render().map_err(|e| Error::Render {
        template: name.to_owned(),
        message: e.to_string(),
    })
}

/// Renders a Rust template and formats it; output that does not parse is a generator error.
fn rust_file(name: &str, template: &impl Template) -> Result<String> {
    let text = render(name, template)?;
    let file = syn::parse_file(&text).map_err(|e| {
        let line = e.span().start().line;
        let context: String = text
            .lines()
            .skip(line.saturating_sub(3))
            .take(5)
            .collect::<Vec<_>>()
            .join("\n");
        Error::Unparsable {
            file: format!("templates/rust/{name}.askama"),
            message: format!("{e} at line {line}:\n{context}"),
        }
    })?;
    Ok(separate_items(&prettyplease::unparse(&file)))
}

/// prettyplease prints items back to back; a blank line between them reads like hand-written
/// Rust (and like rustfmt's output for such source).
fn separate_items(text: &str) -> String {
    const ITEM_STARTS: &[&str] = &[
        "///", "#[", "pub ", "pub(", "impl", "fn ", "const ", "static ", "mod ", "type ",
        "struct ", "enum ", "crate::", "use ",
    ];
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push('\n');
        let Some(next) = lines.get(i + 1) else {
            continue;
        };
        if line.starts_with("//!") {
            if !next.starts_with("//!") {
                out.push('\n');
            }
            continue;
        }
        let trimmed = line.trim_start();
        let next_trimmed = next.trim_start();
        if trimmed.starts_with("//") {
            // Inside a comment nothing ends.
            continue;
        }
        let indent = line.len() - trimmed.len();
        let next_indent = next.len() - next_trimmed.len();
        let is_use = |l: &str| l.starts_with("use ") || l.starts_with("#[allow(unused_imports)]");
        let ends_item = trimmed == "}"
            || line.ends_with(");")
            || trimmed.starts_with("use ")
            || (indent == 0 && line.ends_with(';'));
        // Fields and variants with docs read better apart, as rustfmt'd hand-written code does.
        let ends_field = line.ends_with(',') && next_trimmed.starts_with("///");
        if (ends_item || ends_field)
            && indent == next_indent
            && ITEM_STARTS.iter().any(|s| next_trimmed.starts_with(s))
            && !(is_use(trimmed) && is_use(next_trimmed))
        {
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::separate_items;

    #[test]
    fn separates_items_and_documented_fields() {
        let text = "struct A {\n    /// a\n    a: u8,\n    /// b\n    b: u8,\n}\nfn f() {}\n";
        assert_eq!(
            separate_items(text),
            "struct A {\n    /// a\n    a: u8,\n\n    /// b\n    b: u8,\n}\n\nfn f() {}\n"
        );
    }

    #[test]
    fn never_breaks_a_doc_comment() {
        let text = "/// {\n///   \"a\": 1,\n///   f(x);\n/// }\nfn f() {}\n";
        assert_eq!(separate_items(text), text);
    }
}
