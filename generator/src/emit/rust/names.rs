//! Rust spellings of model names: keyword escaping and collision suffixes.

use std::collections::BTreeSet;

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
/// is not allowed, `_` prefix for a leading digit.
pub fn value(snake: &str) -> String {
    let name = if snake.is_empty() { "value" } else { snake };
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

/// A type or variant name (`UpperCamelCase` input).
pub fn type_name(pascal: &str) -> String {
    if pascal.is_empty() {
        "Value".to_owned()
    } else if pascal.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{pascal}")
    } else if pascal == "Self" {
        "Self_".to_owned()
    } else {
        pascal.to_owned()
    }
}

/// Hands out names unique within one scope, suffixing `2`, `3`, ... on collision.
#[derive(Debug, Default)]
pub struct Scope {
    used: BTreeSet<String>,
}

impl Scope {
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope {
            used: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// `name` if free, otherwise `name2`, `name3`, ...
    pub fn claim(&mut self, name: String) -> String {
        let mut candidate = name.clone();
        let mut n = 2;
        while !self.used.insert(candidate.clone()) {
            candidate = match name.strip_prefix("r#") {
                Some(bare) => format!("{bare}{n}"),
                None => format!("{name}{n}"),
            };
            n += 1;
        }
        candidate
    }
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
    }

    #[test]
    fn scope_suffixes_collisions() {
        let mut scope = Scope::with_reserved(&["call"]);
        assert_eq!(scope.claim("call".into()), "call2");
        assert_eq!(scope.claim("x".into()), "x");
        assert_eq!(scope.claim("x".into()), "x2");
        assert_eq!(scope.claim("r#type".into()), "r#type");
        assert_eq!(scope.claim("r#type".into()), "type2");
    }
}
