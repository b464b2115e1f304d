//! JSON pointers (RFC 6901), the way every spec location is named in warnings and errors.

/// Escapes one reference token: `~` becomes `~0` and `/` becomes `~1`.
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Joins `base` and one unescaped token into a pointer.
pub fn join(base: &str, token: &str) -> String {
    format!("{base}/{}", escape(token))
}
