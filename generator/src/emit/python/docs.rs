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

/// `text` on one line, for a single-line position (after `# ` in a comment): every line break
/// is folded to a space, so that no spec text can end the comment and become code.
pub fn one_line(text: &str) -> String {
    lines(text).join(" ")
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

/// The lines of a class docstring, between its quotes, laid out as sdk-codegen writes them and
/// black then re-indents them, so that the text is the official SDK's: the description at 4
/// with its further lines at column 0 and a blank line after it; `Attributes:` at 4 and one
/// `name: text` line per attribute at 8, further lines again at column 0. Black strips the
/// indentation all lines share and indents every line by 4 (a description of several lines
/// moves the rest right); ruff leaves the result as it is. Empty when there is nothing to say.
pub fn class_docstring(
    description: Option<&str>,
    attributes: &[(String, Option<String>)],
) -> Vec<String> {
    let mut raw: Vec<String> = Vec::new();
    let text = |raw: &mut Vec<String>, first: String, body: &str| {
        let body = lines(body);
        let mut body = body.iter();
        let head = body.next().map(|l| docstring_text(l)).unwrap_or_default();
        raw.push(format!("{first}{head}").trim_end().to_owned());
        raw.extend(body.map(|l| docstring_text(l)));
    };
    if let Some(description) = description.filter(|d| !lines(d).is_empty()) {
        text(&mut raw, "    ".to_owned(), description);
        raw.push(String::new());
    }
    if !attributes.is_empty() {
        raw.push("    Attributes:".to_owned());
        for (name, description) in attributes {
            text(
                &mut raw,
                format!("        {name}: "),
                description.as_deref().unwrap_or_default(),
            );
        }
    }
    let common = raw
        .iter()
        .filter(|l| !l.is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    raw.into_iter()
        .map(|l| {
            if l.is_empty() {
                l
            } else {
                format!("    {}", &l[common..])
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{class_docstring, comment, docstring_text, lines, one_line_docstring};

    #[test]
    fn class_docstrings_are_laid_out_as_sdk_codegen_and_black_leave_them() {
        let attrs = [
            ("a".to_owned(), Some("First".to_owned())),
            ("b".to_owned(), None),
        ];
        assert_eq!(
            class_docstring(Some("A type"), &attrs),
            [
                "    A type",
                "",
                "    Attributes:",
                "        a: First",
                "        b:"
            ]
        );
        // A description of two lines: its second line starts at column 0, so black indents
        // every line by 4 more.
        assert_eq!(
            class_docstring(Some("Removes:\na, b"), &attrs[1..]),
            [
                "        Removes:",
                "    a, b",
                "",
                "        Attributes:",
                "            b:"
            ]
        );
        assert_eq!(class_docstring(Some("Only"), &[]), ["    Only", ""]);
        assert!(class_docstring(None, &[]).is_empty());
    }

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
