//! Python names: keywords escaped as sdk-codegen escapes them, identifiers made safe, and the
//! order sdk-codegen sorts names in.

use std::cmp::Ordering;
use std::collections::BTreeSet;

use crate::names::Reserved;

/// `keyword.kwlist`: a property or argument with one of these names gets a `_` suffix, which
/// the official runtime's hooks (`hooks.tr_data_keys`, `hooks.unstructure_hook`) map back to the
/// wire name.
pub const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Attributes of `looker_sdk.rtl.api_methods.APIMethods` that a generated method must not
/// shadow.
pub const RUNTIME_METHODS: &[&str] = &[
    "auth",
    "api_path",
    "deserialize",
    "serialize",
    "transport",
    "encode_path_param",
    "get",
    "post",
    "put",
    "patch",
    "delete",
];

/// Python's reserved words, as the shared allocator takes them.
pub const RESERVED: Reserved = Reserved {
    keywords: KEYWORDS,
    client_methods: RUNTIME_METHODS,
};

pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Whether `name` is an ASCII Python identifier (the wire names Looker uses are).
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The identifier for a wire name: the wire name itself where Python allows it (as the official
/// SDK does), otherwise its snake case; keywords get a `_` suffix.
pub fn identifier(wire: &str, snake: &str) -> String {
    let base = if is_identifier(wire) {
        wire.to_owned()
    } else if is_identifier(snake) {
        snake.to_owned()
    } else {
        format!("_{snake}")
    };
    if is_keyword(&base) {
        format!("{base}_")
    } else {
        base
    }
}

/// Hands out names unique within one scope, appending `_` until a name is free.
#[derive(Debug, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    pub fn claim(&mut self, mut name: String) -> String {
        while self.taken.contains(&name) {
            name.push('_');
        }
        self.taken.insert(name.clone());
        name
    }
}

/// Orders names as sdk-codegen's `localeCompare` does for identifiers: case-insensitively first,
/// `_` before digits before letters, and lower case before upper case on a tie.
pub fn locale_cmp(a: &str, b: &str) -> Ordering {
    fn primary(c: char) -> (u8, char) {
        match c {
            c if c.is_ascii_alphabetic() => (3, c.to_ascii_lowercase()),
            c if c.is_ascii_digit() => (2, c),
            c if c.is_alphanumeric() => (4, c),
            c => (1, c),
        }
    }
    let key = |s: &str| s.chars().map(primary).collect::<Vec<_>>();
    let tertiary = |s: &str| {
        s.chars()
            .map(|c| c.is_ascii_uppercase())
            .collect::<Vec<_>>()
    };
    key(a)
        .cmp(&key(b))
        .then_with(|| tertiary(a).cmp(&tertiary(b)))
        .then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::{Scope, identifier, locale_cmp};
    use std::cmp::Ordering;

    #[test]
    fn keywords_get_a_suffix_and_odd_names_are_snake_cased() {
        assert_eq!(identifier("from", "from"), "from_");
        assert_eq!(identifier("can", "can"), "can");
        assert_eq!(identifier("foo-bar", "foo_bar"), "foo_bar");
        assert_eq!(identifier("2fa", "2fa"), "_2fa");
        assert_eq!(identifier("camelCase", "camel_case"), "camelCase");
    }

    #[test]
    fn scope_appends_underscores() {
        let mut scope = Scope::with_reserved(&["get"]);
        assert_eq!(scope.claim("get".into()), "get_");
        assert_eq!(scope.claim("get".into()), "get__");
    }

    #[test]
    fn sorts_like_locale_compare() {
        assert_eq!(locale_cmp("LookmlModel", "LookModel"), Ordering::Less);
        assert_eq!(locale_cmp("Look", "LookModel"), Ordering::Less);
        assert_eq!(locale_cmp("a_b", "ab"), Ordering::Less);
        assert_eq!(locale_cmp("Ab", "ab"), Ordering::Greater);
    }
}
