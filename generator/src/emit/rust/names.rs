//! Rust spellings of model names: keyword escaping, and the words Rust reserves as data for the
//! shared allocator in [`crate::names`].

use crate::names::{Reserved, Scope};

/// Rust's reserved words: its keywords, and every method a generated method could clash with
/// or hide: the inherent methods of the generated `LookerSdk` wrapper (`templates/rust/lib.rs.askama`)
/// and the public methods of the runtime's `Client` it dereferences to (`runtime/src/`), plus
/// `clone`. A test checks the list against both sources.
pub const RESERVED: Reserved = Reserved {
    keywords: KEYWORDS,
    client_methods: &[
        "api",
        "call",
        "client",
        "clone",
        "end_session",
        "from_access_token",
        "from_access_token_with_settings",
        "new",
        "request",
        "settings",
        "sudo",
        "sudo_token",
    ],
};

/// Words that cannot be identifiers as they are (strict and reserved keywords, 2024 edition).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot even be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// A value or field name (`snake_case` input): raw identifier for keywords, `_` suffix where raw
/// is not allowed, `_` prefix for a leading digit, non-ASCII characters spelled out ([`ascii`]).
pub fn value(snake: &str) -> String {
    let name = ascii(snake, 'u');
    let name = if name.is_empty() {
        "value"
    } else {
        name.as_str()
    };
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_owned()
    }
}

/// A type or variant name (`UpperCamelCase` input), non-ASCII characters spelled out as in
/// [`value`].
pub fn type_name(pascal: &str) -> String {
    let pascal = ascii(pascal, 'U');
    if pascal.is_empty() {
        "Value".to_owned()
    } else if pascal.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{pascal}")
    } else if pascal == "Self" {
        "Self_".to_owned()
    } else {
        pascal
    }
}

pub use crate::names::ascii;

/// The names `models.rs` uses unqualified (the prelude's types and traits, and its imports): a
/// type named after one (a schema `String` or `Option`) would shadow it, so none may take one.
pub const MODEL_NAMES: &[&str] = &[
    "AsMut",
    "AsRef",
    "BTreeMap",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "Drop",
    "Eq",
    "Err",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// The names `requests.rs` imports (`templates/rust/requests.rs.askama`): a request builder
/// must not take one. Builders are named `<Operation>Request` in a scope that also holds these,
/// [`MODEL_NAMES`] and every model's name (`context.rs`), so that none is named like a model
/// either (a schema `CreateEmbedUserRequest` makes the builder of `create_embed_user`
/// `CreateEmbedUserRequest2`).
pub const REQUEST_IMPORTS: &[&str] = &[
    "BTreeMap",
    "BodyStream",
    "Call",
    "CallFuture",
    "IntoFuture",
    "Pages",
    "QueryValue",
    "RequestOptions",
    "ResponseBody",
    "ResponseFuture",
    "Result",
];

/// Claims a value or field name in `scope` from its `snake_case` casing, escaped as [`value`].
pub fn claim_value(scope: &mut Scope, snake: &str) -> String {
    let base = if snake.is_empty() { "value" } else { snake };
    scope.claim_spelled(base, value)
}

/// Claims a type or variant name in `scope` from its `UpperCamelCase` casing, as [`type_name`].
pub fn claim_type(scope: &mut Scope, pascal: &str) -> String {
    let base = if pascal.is_empty() { "Value" } else { pascal };
    scope.claim_spelled(base, type_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_keywords_and_digits() {
        assert_eq!(value("type"), "r#type");
        assert_eq!(value("self"), "self_");
        assert_eq!(value("3d"), "_3d");
        assert_eq!(value("title"), "title");
        assert_eq!(type_name("3d"), "V3d");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(value("naïve_名前"), "nau00efve_u540du524d");
        assert_eq!(type_name("Ünïcode"), "U00dcnU00efcode");
    }

    #[test]
    fn claims_escape_then_suffix() {
        let mut scope = Scope::with_reserved(&["call"]);
        assert_eq!(claim_value(&mut scope, "call"), "call2");
        assert_eq!(claim_value(&mut scope, "type"), "r#type");
        assert_eq!(claim_value(&mut scope, "type"), "type2");
        assert_eq!(claim_value(&mut scope, "3d"), "_3d");
        assert_eq!(claim_value(&mut scope, "3d"), "_3d2");
        assert_eq!(claim_value(&mut scope, ""), "value");
        assert_eq!(claim_value(&mut scope, ""), "value2");
        assert_eq!(claim_type(&mut scope, "Self"), "Self_");
        assert_eq!(claim_type(&mut scope, "Self"), "Self2");
    }

    #[test]
    fn a_method_never_takes_a_runtime_method_name() {
        let mut scope = RESERVED.method_scope();
        assert_eq!(claim_value(&mut scope, "sudo"), "sudo2");
        assert_eq!(claim_value(&mut scope, "settings"), "settings2");
        assert_eq!(claim_value(&mut scope, "me"), "me");
    }

    /// `line` with each askama `{{ ... }}` expression replaced by `x`.
    fn strip_expressions(line: &str) -> String {
        let mut out = String::new();
        let mut rest = line;
        while let Some((before, after)) = rest.split_once("{{") {
            out.push_str(before);
            out.push('x');
            rest = after.split_once("}}").map_or("", |(_, after)| after);
        }
        out.push_str(rest);
        out
    }

    /// Every public method of the runtime's `Client` and every method of the generated
    /// `LookerSdk` is reserved, so that a new one cannot be shadowed by (or clash with) an
    /// operation of the same name unnoticed.
    #[test]
    fn reserved_client_methods_cover_the_runtime_and_the_wrapper() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut sources = vec![("LookerSdk", root.join("templates/rust/lib.rs.askama"))];
        let runtime = root.join("runtime/src");
        let mut files: Vec<_> = std::fs::read_dir(&runtime)
            .unwrap_or_else(|e| panic!("{}: {e}", runtime.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        files.sort();
        sources.extend(files.into_iter().map(|path| ("Client", path)));
        let mut defined = Vec::new();
        for (type_name, path) in sources {
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            // The template's askama comment, loops and expressions are not Rust; its impls are.
            // The runtime's sources are Rust as they are (a macro's `{{` is no expression).
            let text: String = if path.extension().is_some_and(|ext| ext == "askama") {
                text.lines()
                    .filter(|l| !l.starts_with("{#") && !l.contains("{%"))
                    .map(|l| strip_expressions(l) + "\n")
                    .collect()
            } else {
                text
            };
            let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            for item in file.items {
                let syn::Item::Impl(block) = item else {
                    continue;
                };
                let syn::Type::Path(ty) = &*block.self_ty else {
                    continue;
                };
                if block.trait_.is_some() || !ty.path.is_ident(type_name) {
                    continue;
                }
                for item in block.items {
                    if let syn::ImplItem::Fn(f) = item
                        && matches!(f.vis, syn::Visibility::Public(_))
                    {
                        defined.push(f.sig.ident.to_string());
                    }
                }
            }
        }
        assert!(defined.len() > 8, "found only {defined:?}");
        let missing: Vec<&String> = defined
            .iter()
            .filter(|d| !RESERVED.client_methods.contains(&d.as_str()))
            .collect();
        assert!(missing.is_empty(), "not reserved: {missing:?}");
    }
}
