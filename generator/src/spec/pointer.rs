//! JSON pointers (RFC 6901), the way every spec location is named in warnings and errors.

/// Escapes one reference token: `~` becomes `~0` and `/` becomes `~1`.
pub fn escape(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    push_escaped(&mut out, token);
    out
}

/// Joins `base` and one unescaped token into a pointer.
///
/// The loader names every node it walks this way, so it is built in one allocation, without
/// the formatting machinery.
pub fn join(base: &str, token: &str) -> String {
    let mut out = String::with_capacity(base.len() + 1 + token.len());
    out.push_str(base);
    out.push('/');
    push_escaped(&mut out, token);
    out
}

/// A pointer not yet written out: a base and the tokens below it, borrowed from the document
/// being walked, so that naming every node costs nothing until one is reported.
#[derive(Clone, Copy)]
pub(crate) enum Lazy<'a> {
    /// An already escaped pointer (`/components/schemas`).
    Root(&'a str),
    /// An unescaped key below a pointer.
    Key(&'a Lazy<'a>, &'a str),
    /// An array index below a pointer.
    Index(&'a Lazy<'a>, usize),
}

impl Lazy<'_> {
    /// The pointer, written out.
    pub(crate) fn render(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Lazy::Root(root) => out.push_str(root),
            Lazy::Key(base, key) => {
                base.write(out);
                out.push('/');
                push_escaped(out, key);
            }
            Lazy::Index(base, index) => {
                base.write(out);
                out.push('/');
                out.push_str(&index.to_string());
            }
        }
    }
}

fn push_escaped(out: &mut String, token: &str) {
    if !token.bytes().any(|b| b == b'~' || b == b'/') {
        out.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Lazy, escape, join};

    #[test]
    fn tokens_are_escaped_once() {
        assert_eq!(escape("a~/b"), "a~0~1b");
        assert_eq!(join("/paths", "/users/{id}"), "/paths/~1users~1{id}");
        assert_eq!(join("", "~1"), "/~01");
        let root = Lazy::Root("/paths");
        let path = Lazy::Key(&root, "/x~y");
        let index = Lazy::Index(&path, 3);
        assert_eq!(index.render(), "/paths/~1x~0y/3");
    }
}
