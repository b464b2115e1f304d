//! The Rust emitter: model to template contexts, askama to text, then laid out line by line as
//! prettyplease would print it ([`layout`]; syn and prettyplease for the few items it hands back).
//!
//! Every decision about Rust spelling is made here, in Rust; the templates under
//! `templates/rust/` only print the precomputed strings. The runtime is a crate of its own
//! (`runtime/`, `looker-sdk-rtl`) that the generated crate depends on by version.

mod areas;
mod breaking;
mod context;
mod docs;
mod layout;
mod models;
mod names;
mod types;

use std::path::PathBuf;

use askama::DynTemplate;
use rayon::prelude::*;

use super::{Files, GENERATED_NOTICE, Language, Options, Package};
use crate::error::{Error, Result};
use crate::model::Api;
use crate::names::Reserved;

/// The Rust SDK: the `looker-sdk` crate.
pub struct Rust;

/// The version of the runtime crate (`runtime/Cargo.toml`), read by `build.rs`: the generated
/// crate depends on it.
pub const RUNTIME_VERSION: &str = env!("LOOKER_SDK_RTL_VERSION");

/// The examples, embedded by `build.rs` from `templates/rust/examples/`.
const EXAMPLES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/rust_examples.rs"));

impl Language for Rust {
    fn name(&self) -> &'static str {
        "rust"
    }

    fn default_out(&self) -> &'static str {
        "generated/looker-sdk"
    }

    fn package(&self, api: &Api, options: &Options) -> Package {
        Package::named(
            options,
            context::PACKAGE,
            context::crate_version(api.info.release()),
        )
    }

    fn reserved(&self) -> &'static Reserved {
        &names::RESERVED
    }

    fn needs(&self, _api: &Api) -> Vec<String> {
        vec![
            "Rust 1.88 or newer (edition 2024)".to_owned(),
            format!(
                "its runtime crate, looker-sdk-rtl {RUNTIME_VERSION} (runtime/ in this repository)"
            ),
            "crates: reqwest, serde, serde_json, tokio, tracing and their kin (see its Cargo.toml)"
                .to_owned(),
        ]
    }

    fn compatibility<'a>(
        &self,
        old: &'a Api,
        new: &'a Api,
    ) -> Option<Box<dyn crate::diff::Judge + 'a>> {
        Some(Box::new(breaking::RustJudge::new(old, new)))
    }

    fn render(&self, api: &Api, options: &Options) -> Result<Files> {
        let crate_ctx = context::build(api, options);
        // (path, template, context): rendered on every core, each into its own string.
        let mut pages: Vec<(PathBuf, &str, &(dyn DynTemplate + Sync))> = vec![
            ("Cargo.toml".into(), "Cargo.toml", &crate_ctx.cargo_toml),
            ("README.md".into(), "README.md", &crate_ctx.readme),
            ("src/lib.rs".into(), "lib.rs", &crate_ctx.lib),
        ];
        for (dir, ctx) in [
            ("models", &crate_ctx.models_mod),
            ("methods", &crate_ctx.methods_mod),
            ("requests", &crate_ctx.requests_mod),
        ] {
            pages.push((PathBuf::from("src").join(dir).join("mod.rs"), "mod.rs", ctx));
        }
        for (module, ctx) in &crate_ctx.models {
            let path = PathBuf::from("src/models").join(format!("{module}.rs"));
            pages.push((path, "models.rs", ctx));
        }
        for (module, ctx) in &crate_ctx.methods {
            let path = PathBuf::from("src/methods").join(format!("{module}.rs"));
            pages.push((path, "methods.rs", ctx));
        }
        for (module, ctx) in &crate_ctx.requests {
            let path = PathBuf::from("src/requests").join(format!("{module}.rs"));
            pages.push((path, "requests.rs", ctx));
        }
        let texts = pages
            .par_iter()
            .map(|(_, name, ctx)| render(name, *ctx))
            .collect::<Vec<_>>();
        let mut files = Files::new();
        for ((path, _, _), text) in pages.into_iter().zip(texts) {
            files.insert(path, text?);
        }
        files.insert("LICENSE".into(), super::LICENSE.to_owned());
        for (name, text) in EXAMPLES {
            files.insert(PathBuf::from("examples").join(name), (*text).to_owned());
        }
        Ok(files)
    }

    /// Formats the rendered modules (`src/**/*.rs` but `lib.rs`); the examples are copied as they
    /// are written.
    fn post_process(&self, mut files: Files) -> Result<Files> {
        let paths: Vec<PathBuf> = files
            .keys()
            .filter(|path| is_rendered_module(path))
            .cloned()
            .collect();
        let rendered: Vec<(&str, String)> = paths
            .iter()
            .map(|path| (template_of(path), files.remove(path).unwrap_or_default()))
            .collect();
        for (path, text) in paths.iter().zip(format_rust(&rendered, Layout::Fast)?) {
            let text = if template_of(path) == "models.rs" {
                text
            } else {
                // A plain comment, which formatting would drop: a `//!` line would be the first
                // line of the module's docs, where users read what the module is.
                format!("// {GENERATED_NOTICE}\n\n{text}")
            };
            files.insert(path.clone(), text);
        }
        Ok(files)
    }
}

/// A module rendered from a template (`src/models/*.rs`, `src/methods/*.rs`, ...), as opposed to
/// the examples, which are copied.
///
/// `src/lib.rs` is kept as its template writes it (formatted as rustfmt would): it is small, and
/// its maintainer notice is a plain comment, which parsing and printing would drop.
fn is_rendered_module(path: &std::path::Path) -> bool {
    path.starts_with("src")
        && path.extension().is_some_and(|e| e == "rs")
        && path != std::path::Path::new("src/lib.rs")
}

/// The template a rendered module comes from: `mod.rs`, or the file's folder
/// (`src/models/query.rs` comes from `models.rs`).
fn template_of(path: &std::path::Path) -> &'static str {
    let folder = path
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str());
    match (path.file_name().and_then(|n| n.to_str()), folder) {
        (Some("mod.rs"), _) => "mod.rs",
        (_, Some("models")) => "models.rs",
        (_, Some("methods")) => "methods.rs",
        (_, Some("requests")) => "requests.rs",
        _ => "lib.rs",
    }
}

fn render(name: &str, template: &dyn DynTemplate) -> Result<String> {
    template.dyn_render().map_err(|e| Error::Render {
        template: name.to_owned(),
        message: e.to_string(),
    })
}

/// Where a template allows a file to be cut for formatting: between top-level items.
const CUT: &str = "\n//~ cut\n";

/// Lays out rendered Rust files as prettyplease prints them.
///
/// Templates mark the places between top-level items where a file may be cut ([`CUT`]). Each
/// item is laid out line by line ([`layout`]); the few it hands back are parsed by syn (an item
/// that does not parse is a generator error naming its template) and printed by prettyplease.
/// Jobs of several items run on every core and are joined again; the text is the same as
/// formatting each file whole, which `tests::fast_layout_matches_prettyplease` checks. Items on
/// the fast path are not parsed: spec text reaches Rust only through the escaping functions of
/// this emitter, and the tests and the `build_model` fuzz target parse everything emitted.
fn format_rust(files: &[(&str, String)], layout: Layout) -> Result<Vec<String>> {
    // Pieces of about this many bytes keep every core busy without much overhead.
    const PIECE: usize = 64 * 1024;
    let mut jobs: Vec<(usize, &str)> = Vec::new();
    for (index, (_, text)) in files.iter().enumerate() {
        let mut start = 0;
        for at in cuts(text) {
            if at - start >= PIECE {
                jobs.push((index, &text[start..at]));
                start = at;
            }
        }
        jobs.push((index, &text[start..]));
    }
    let pieces: Vec<Result<String>> = jobs
        .par_iter()
        .map(|(file, piece)| format_job(files[*file].0, piece, layout))
        .collect();
    let mut out = vec![String::new(); files.len()];
    for ((file, _), piece) in jobs.iter().zip(pieces) {
        let piece = piece?;
        if !out[*file].is_empty() {
            out[*file].push('\n');
        }
        out[*file].push_str(&piece);
    }
    Ok(out.par_iter().map(|text| separate_items(text)).collect())
}

/// Where `text` holds [`CUT`], as `text.match_indices(CUT)` finds them, with memchr's
/// substring search (vectorised: several times quicker over megabytes).
fn cuts(text: &str) -> impl Iterator<Item = usize> + '_ {
    memchr::memmem::find_iter(text.as_bytes(), CUT.as_bytes())
}

/// How rendered Rust is laid out.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Layout {
    /// Line by line ([`layout`]), each item that needs more through prettyplease: the same text.
    Fast,
    /// Every item parsed by syn and printed by prettyplease: what the fast path must equal.
    #[cfg_attr(not(test), allow(dead_code))]
    Prettyplease,
}

/// Lays out one job's text: item by item (the text between cut marks), each through the fast
/// path when it can take it.
fn format_job(name: &str, text: &str, layout: Layout) -> Result<String> {
    if layout == Layout::Prettyplease {
        return format_piece(name, text);
    }
    let mut out = String::with_capacity(text.len());
    for item in text.split(CUT) {
        match layout::lay_out(item) {
            Some(laid_out) => out.push_str(&laid_out),
            None => out.push_str(&format_members(name, item)?),
        }
    }
    Ok(out)
}

/// Formats an item the fast path could not take whole, handing prettyplease as little as it
/// can: the item's top-level items one by one (a methods file is one piece: its docs, its
/// `use`s and `impl LookerSdk` with every method of the area), and, in a block (`impl`,
/// `struct`, `enum`), only the members that need it, each inside its block's header.
/// prettyplease prints top-level items, and the members of a block, one after the other, each
/// the same wherever it stands, so the text is that of formatting the item whole, for a
/// fraction of the parsing. A part that does not parse alone sends the item whole to
/// prettyplease, which then formats it or reports the error naming its template.
fn format_members(name: &str, item: &str) -> Result<String> {
    let Some(segments) = split_after(item, "", |code| code == "}" || code.ends_with(';')) else {
        return format_piece(name, item);
    };
    let mut out = String::with_capacity(item.len());
    for segment in segments {
        if let Some(laid_out) = layout::lay_out(segment) {
            out.push_str(&laid_out);
            continue;
        }
        match format_block(name, segment).map_or_else(|| format_piece(name, segment), Ok) {
            Ok(text) => out.push_str(&text),
            Err(_) => return format_piece(name, item),
        }
    }
    Ok(out)
}

/// A top-level block (`impl .. {` / `pub struct .. {` / `enum .. {`, its members one level
/// in, `}`) laid out member by member; `None` when `segment` is not one, a member does not
/// parse alone, or prettyplease lays the header out differently alone.
fn format_block(name: &str, segment: &str) -> Option<String> {
    const BLOCKS: &[&str] = &["impl", "pub struct ", "struct ", "pub enum ", "enum "];
    let body_end = segment.trim_end().strip_suffix("\n}")?.len();
    let mut at = 0;
    let header = segment[..body_end].split_inclusive('\n').find_map(|line| {
        at += line.len();
        let code = line.trim_end();
        (BLOCKS.iter().any(|b| code.starts_with(b)) && code.ends_with(" {")).then_some(code)
    });
    let header = header?;
    let (head, body) = (&segment[..at], &segment[at..=body_end]);
    let member_end = |code: &str| code.ends_with(['}', ';', ',']);
    let members = split_after(body, layout::INDENT, member_end)?;
    let mut out = layout::lay_out(head)?;
    for member in members {
        if let Some(laid_out) = layout::lay_out(member) {
            out.push_str(&laid_out);
            continue;
        }
        let alone = format_piece(name, &format!("{header}\n{member}}}\n")).ok()?;
        let text = alone
            .strip_prefix(header)?
            .strip_prefix('\n')?
            .strip_suffix("}\n")?;
        out.push_str(text);
    }
    out.push_str("}\n");
    Some(out)
}

/// Splits `text` after each line at `indent` (and no deeper) for which `ends` holds of the
/// code (docs, attributes and comments never end a part). `None` when a line of `text` is less
/// indented, or something other than blank lines follows the last part.
fn split_after<'a>(
    text: &'a str,
    indent: &str,
    ends: impl Fn(&str) -> bool,
) -> Option<Vec<&'a str>> {
    let mut parts = Vec::new();
    let (mut start, mut at) = (0, 0);
    for line in text.split_inclusive('\n') {
        at += line.len();
        let code = line.trim_end();
        if code.is_empty() {
            continue;
        }
        let inner = code.strip_prefix(indent)?;
        if !inner.starts_with([' ', '/', '#']) && ends(inner) {
            parts.push(&text[start..at]);
            start = at;
        }
    }
    text[start..].trim().is_empty().then_some(parts)
}

fn format_piece(name: &str, text: &str) -> Result<String> {
    let file = syn::parse_file(text).map_err(|e| {
        let line = e.span().start().line;
        let context: String = text
            .lines()
            .skip(line.saturating_sub(3))
            .take(5)
            .collect::<Vec<_>>()
            .join("\n");
        Error::Unparsable {
            file: format!("templates/rust/{name}.askama"),
            message: format!("{e} at line {line} of the piece:\n{context}"),
        }
    })?;
    Ok(prettyplease::unparse(&file))
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
        let trimmed = layout::trim_indent(line);
        if trimmed.starts_with("//") {
            // Inside a comment nothing ends.
            continue;
        }
        let indent = line.len() - trimmed.len();
        let ends_item = trimmed == "}"
            || line.ends_with(");")
            || trimmed.starts_with("use ")
            || (indent == 0 && line.ends_with(';'));
        if !ends_item && !line.ends_with(',') {
            continue;
        }
        let next_trimmed = layout::trim_indent(next);
        let next_indent = next.len() - next_trimmed.len();
        let is_use = |l: &str| l.starts_with("use ") || l.starts_with("#[allow(unused_imports)]");
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
    use super::{CUT, Layout, format_rust, separate_items};

    #[test]
    fn formatting_in_pieces_equals_formatting_whole() {
        let items: Vec<String> = (0..4000)
            .map(|i| {
                format!("/// Item {i}.\npub struct S{i} {{ pub a: Option<u8>, b: Vec<String> }}")
            })
            .collect();
        let text = format!("//! Header.\nuse std::fmt;\n{CUT}{}", items.join(CUT));
        assert!(
            text.len() > 3 * 64 * 1024,
            "the test must make several pieces"
        );
        let whole = match syn::parse_file(&text) {
            Ok(file) => separate_items(&prettyplease::unparse(&file)),
            Err(e) => panic!("{e}"),
        };
        match format_rust(&[("test.rs", text)], Layout::Prettyplease) {
            Ok(pieces) => assert!(pieces == [whole], "pieces differ from the whole"),
            Err(e) => panic!("{e}"),
        }
    }

    /// The fast layout gives the text prettyplease gives, file by file, for every fixture spec
    /// and for Looker's specs (26.12 and the 25.20 of `spec/history/`).
    #[test]
    fn fast_layout_matches_prettyplease() {
        use crate::emit::{Language, Options};
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut specs: Vec<std::path::PathBuf> = std::fs::read_dir(root.join("tests/fixtures"))
            .expect("tests/fixtures")
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|e| e == "json"))
            .collect();
        specs.sort();
        specs.push(root.join("spec/Looker.4.0.oas.json"));
        specs.extend(
            std::fs::read_dir(root.join("spec/history"))
                .into_iter()
                .flatten()
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| path.extension().is_some_and(|e| e == "json")),
        );
        let mut compared = 0;
        for spec in &specs {
            let Ok(loaded) = crate::load_api(spec) else {
                // Fixtures of bad input do not load; the errors tests cover them.
                continue;
            };
            let files = super::Rust
                .render(&loaded.api, &Options::default())
                .expect("renders");
            let rendered: Vec<(&str, String)> = files
                .iter()
                .filter(|(path, _)| super::is_rendered_module(path))
                .map(|(path, text)| (super::template_of(path), text.clone()))
                .collect();
            if spec.ends_with("spec/Looker.4.0.oas.json") {
                // The fast path is the point: nearly all of Looker's spec must take it (4.5%
                // does not today: methods files with a path literal too long for a line or a
                // `&` in a `format!` that must be filled, which prettyplease breaks by token).
                let (mut total, mut handed_back) = (0, 0);
                for (_, text) in &rendered {
                    for item in text.split(CUT) {
                        total += item.len();
                        if super::layout::lay_out(item).is_none() {
                            handed_back += item.len();
                        }
                    }
                }
                assert!(
                    handed_back * 10 <= total,
                    "{handed_back} of {total} bytes need prettyplease"
                );
            }
            let fast = format_rust(&rendered, Layout::Fast).expect("fast layout");
            let slow = format_rust(&rendered, Layout::Prettyplease).expect("prettyplease");
            for (((name, _), fast), slow) in rendered.iter().zip(&fast).zip(&slow) {
                if fast != slow {
                    let line = fast
                        .lines()
                        .zip(slow.lines())
                        .position(|(a, b)| a != b)
                        .unwrap_or(0);
                    let show = |t: &str| {
                        t.lines()
                            .skip(line.saturating_sub(2))
                            .take(6)
                            .collect::<Vec<_>>()
                            .join("\n")
                    };
                    panic!(
                        "{}: a {name} file differs at line {}:\nfast:\n{}\nprettyplease:\n{}",
                        spec.display(),
                        line + 1,
                        show(fast),
                        show(slow)
                    );
                }
            }
            compared += 1;
        }
        assert!(compared >= 20, "only {compared} specs compared");
    }

    /// An item the fast path cannot take whole is formatted top-level item by item, and a block
    /// member by member, with the text of formatting it whole.
    #[test]
    fn members_alone_format_as_the_whole_item() {
        let long_type = ["models::Dashboard"; 6].join(", ");
        let item = format!(
            "//! Module.\n\n#[allow(unused_imports)]\nuse std::fmt;\n\n/// Docs.\nimpl S {{\n    /// One.\n    \
             pub fn one(&self) -> u8 {{\n        1\n    }}\n    #[doc(hidden)]\n    pub fn two(&self) {{\n        \
             let x: Result<{long_type}> = todo!();\n    }}\n    type T = Result<{long_type}>;\n}}\n\
             pub struct S {{\n    /// A.\n    pub a: Result<{long_type}>,\n    b: u8,\n}}\n\
             pub type U = Result<{long_type}>;\n"
        );
        assert!(
            super::layout::lay_out(&item).is_none(),
            "the test needs the slow path"
        );
        let whole = super::format_piece("test.rs", &item).expect("parses");
        let pieces = super::format_job("test.rs", &item, Layout::Fast).expect("formats");
        assert_eq!(pieces, whole);
    }

    #[test]
    fn cuts_are_found_as_match_indices_finds_them() {
        for text in [
            "",
            "a\n//~ cut\nb",
            "\n//~ cut\n//~ cut\n~~ \u{e9}~\n//~ cut\n",
            "~\n//~ cut\n\n//~ cut",
        ] {
            let expected: Vec<usize> = text.match_indices(CUT).map(|(at, _)| at).collect();
            assert_eq!(super::cuts(text).collect::<Vec<_>>(), expected, "{text:?}");
        }
    }

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
