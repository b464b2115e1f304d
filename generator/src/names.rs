//! Identifier allocation shared by every language: unique names within a scope, with each
//! language's reserved words given as data ([`Reserved`]).
//!
//! A language supplies two things: the words its identifiers must avoid (keywords, and the
//! names its runtime already defines in the scope generated code joins), and a spelling
//! function that turns a neutral casing from [`crate::model::Name`] into a legal identifier
//! (Rust: `r#type`; Python: `type_`). The [`Scope`] then picks the first free candidate of
//! `base`, `base2`, `base3`, ... as spelled, so collisions resolve the same way in every
//! language and a suffixed name never needs escaping again.

use std::cmp::Ordering;
use std::collections::BTreeSet;

/// One language's reserved words, as data.
#[derive(Debug, Clone, Copy)]
pub struct Reserved {
    /// Words that cannot be identifiers as they are; the language's spelling function
    /// escapes them.
    pub keywords: &'static [&'static str],
    /// Names the runtime already defines in the scope that generated methods join (the
    /// client type's own methods: `sudo`, `settings`, ...). A generated method must not take
    /// one, or it would clash with, or hide, the runtime's.
    pub client_methods: &'static [&'static str],
}

impl Reserved {
    /// True when `word` is a keyword of the language.
    pub fn is_keyword(&self, word: &str) -> bool {
        self.keywords.contains(&word)
    }

    /// A scope for the client's methods: the runtime's own methods are taken.
    pub fn method_scope(&self) -> Scope {
        Scope::with_reserved(self.client_methods)
    }
}

/// Hands out names unique within one scope (a type's fields, a client's methods, ...).
#[derive(Debug, Default, Clone)]
pub struct Scope {
    used: BTreeSet<String>,
}

impl Scope {
    /// A scope in which `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope {
            used: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Takes `names` too, for a scope whose code reads more names than its language reserves.
    pub fn reserve(&mut self, names: &[&str]) {
        self.used.extend(names.iter().map(|s| (*s).to_owned()));
    }

    /// Takes the first free spelling of `base`, `base2`, `base3`, ... through `spell`, which
    /// makes a candidate a legal identifier of the language (escaping keywords and the like).
    pub fn claim_spelled(&mut self, base: &str, spell: impl Fn(&str) -> String) -> String {
        let mut candidate = spell(base);
        let mut n = 2;
        while !self.used.insert(candidate.clone()) {
            candidate = spell(&format!("{base}{n}"));
            n += 1;
        }
        candidate
    }

    /// Takes `name` if free, otherwise `name2`, `name3`, ... (for names that need no escaping).
    pub fn claim(&mut self, name: &str) -> String {
        self.claim_spelled(name, str::to_owned)
    }

    /// True when `name` is taken in this scope.
    pub fn is_taken(&self, name: &str) -> bool {
        self.used.contains(name)
    }
}

/// Orders names as sdk-codegen's `localeCompare` sorts tags and types (the order of every
/// official SDK's files): case-insensitively first, `_` before digits before letters, and lower
/// case before upper case on a tie.
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

/// `name` with every character outside `[A-Za-z0-9_]` spelled as `mark` and its hex code
/// point (`naïve` is `nau00efve` in a value, `Ünï` is `U00dcnU00ef` in a type: the mark keeps
/// each casing's lint quiet). Rust and Python accept Unicode identifiers, but rustc lints some
/// of them (`uncommon_codepoints`, `confusable_idents`), Python NFKC-normalizes them (so `ﬁeld`
/// and `field` would be one name), and a user cannot type them easily; ASCII spellings are
/// always legal, lint-free and still distinct for distinct inputs.
pub fn ascii(name: &str, mark: char) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else {
            out.push_str(&format!("{mark}{:04x}", u32::from(c)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_collisions_and_respects_reserved() {
        let mut scope = Scope::with_reserved(&["call"]);
        assert_eq!(scope.claim("call"), "call2");
        assert_eq!(scope.claim("x"), "x");
        assert_eq!(scope.claim("x"), "x2");
        assert_eq!(scope.claim("x"), "x3");
        assert!(scope.is_taken("x2"));
    }

    #[test]
    fn spells_every_candidate() {
        // A spelling that escapes one keyword: the suffixed candidate needs no escape.
        let spell = |s: &str| {
            if s == "type" {
                "r#type".to_owned()
            } else {
                s.to_owned()
            }
        };
        let mut scope = Scope::default();
        assert_eq!(scope.claim_spelled("type", spell), "r#type");
        assert_eq!(scope.claim_spelled("type", spell), "type2");
    }

    #[test]
    fn reserve_takes_more_names() {
        let mut scope = Scope::with_reserved(&["a"]);
        scope.reserve(&["b"]);
        assert_eq!(scope.claim("b"), "b2");
        assert_eq!(scope.claim("a"), "a2");
    }

    #[test]
    fn sorts_like_locale_compare() {
        assert_eq!(locale_cmp("LookmlModel", "LookModel"), Ordering::Less);
        assert_eq!(locale_cmp("Look", "LookModel"), Ordering::Less);
        assert_eq!(locale_cmp("a_b", "ab"), Ordering::Less);
        assert_eq!(locale_cmp("Ab", "ab"), Ordering::Greater);
    }

    #[test]
    fn method_scope_reserves_the_client_methods() {
        const WORDS: Reserved = Reserved {
            keywords: &["fn"],
            client_methods: &["sudo"],
        };
        let mut scope = WORDS.method_scope();
        assert_eq!(scope.claim("sudo"), "sudo2");
        assert!(WORDS.is_keyword("fn"));
        assert!(!WORDS.is_keyword("sudo"));
    }
}
