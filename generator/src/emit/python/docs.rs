//! Spec prose made safe for Python comments and docstrings, in the shape ruff leaves alone.

/// The lines of `text`: every line break Python or ruff knows (`\r\n`, `\r`, `\n`) splits, other
/// control characters become spaces, tabs are expanded, trailing whitespace is dropped, and the
/// indentation common to all lines is removed (ruff would remove it from docstrings).
pub fn lines(text: &str) -> Vec<String> {
    let cleaned: String = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .map(|c| match c {
            '\n' => '\n',
            '\t' => '\t',
            '\u{2028}' | '\u{2029}' | '\u{85}' => ' ',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let mut out: Vec<String> = cleaned
        .split('\n')
        .map(|l| l.replace('\t', "    ").trim_end().to_owned())
        .collect();
    let common = out
        .iter()
        .filter(|l| !l.is_empty())
        // Spaces only: tabs are expanded above, and other whitespace is not indentation.
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    for line in &mut out {
        if !line.is_empty() {
            line.replace_range(..common, "");
        }
    }
    while out.first().is_some_and(String::is_empty) {
        out.remove(0);
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// `text` as comment lines at `indent`.
pub fn comment(indent: usize, text: &str) -> Vec<String> {
    let pad = " ".repeat(indent);
    lines(text)
        .into_iter()
        .map(|l| {
            if l.is_empty() {
                format!("{pad}#")
            } else {
                format!("{pad}# {l}")
            }
        })
        .collect()
}

/// Text inside a `"""` docstring: backslashes and quote runs escaped so the literal means what
/// the spec says and cannot end early.
pub fn docstring_text(line: &str) -> String {
    line.replace('\\', "\\\\").replace("\"\"\"", "\\\"\\\"\\\"")
}

/// A one-line docstring at `indent`, as ruff prints it.
pub fn one_line_docstring(indent: usize, text: &str) -> Option<String> {
    let joined = lines(text)
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if joined.is_empty() {
        return None;
    }
    let mut body = docstring_text(&joined);
    // ruff separates a closing quote of the text from the docstring's own quotes.
    if body.ends_with('"') {
        body.push(' ');
    }
    Some(format!("{}\"\"\"{body}\"\"\"", " ".repeat(indent)))
}

#[cfg(test)]
mod tests {
    use super::{comment, docstring_text, lines, one_line_docstring};

    #[test]
    fn lone_carriage_returns_break_lines() {
        assert_eq!(lines("a\rb\r\nc\n"), ["a", "b", "c"]);
    }

    #[test]
    fn common_indentation_and_trailing_space_go() {
        assert_eq!(lines("  a  \n\n    b"), ["a", "", "  b"]);
    }

    #[test]
    fn wide_whitespace_is_not_indentation() {
        assert_eq!(lines("\u{3000}a\n  b"), ["\u{3000}a", "  b"]);
    }

    #[test]
    fn comments_have_no_trailing_space() {
        assert_eq!(comment(4, "a\n\nb"), ["    # a", "    #", "    # b"]);
    }

    #[test]
    fn docstrings_cannot_end_early() {
        assert_eq!(docstring_text(r#"a """ b \ c"#), r#"a \"\"\" b \\ c"#);
        assert_eq!(
            one_line_docstring(8, "Say \"hi\"").as_deref(),
            Some("        \"\"\"Say \"hi\" \"\"\"")
        );
    }
}
