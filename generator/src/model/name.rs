//! Names: the wire spelling plus the neutral casings that every language derives its own from.

use heck::{ToLowerCamelCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// A name as the spec spells it, with its casings computed once by heck.
///
/// Languages pick a casing and then apply their own keyword escaping and collision rules; the
/// wire name is what goes over HTTP and into serialization renames.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name {
    /// Exactly as the spec spells it.
    pub wire: String,
    /// `snake_case`.
    pub snake: String,
    /// `UpperCamelCase`.
    pub pascal: String,
    /// `lowerCamelCase`.
    pub camel: String,
    /// `SHOUTY_SNAKE_CASE`.
    pub shouty: String,
}

impl Name {
    /// Computes every casing of `wire`.
    pub fn new(wire: impl Into<String>) -> Self {
        let wire = wire.into();
        // heck drops characters that cannot be in identifiers; keep something for all-symbol names.
        let base = if wire.chars().any(char::is_alphanumeric) {
            wire.clone()
        } else {
            format!(
                "value_{}",
                wire.bytes().map(|b| format!("{b:02x}")).collect::<String>()
            )
        };
        Name {
            snake: base.to_snake_case(),
            pascal: base.to_upper_camel_case(),
            camel: base.to_lower_camel_case(),
            shouty: base.to_shouty_snake_case(),
            wire,
        }
    }
}
