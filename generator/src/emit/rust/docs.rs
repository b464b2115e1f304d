//! Doc comments from the spec's Markdown, made safe for rustdoc.
//!
//! Looker's descriptions are Markdown written for a web page. rustdoc reads some of it
//! differently: untagged code fences and indented blocks become doctests, `[x]` becomes an
//! intra-doc link, bare URLs and stray `<tags>` are warnings. Each rule here keeps the text as
//! the spec wrote it while avoiding one of those readings.

/// One doc comment line as the templates print it after `/// `: every line break and other
/// control character becomes a space, so that no spec text can end the comment and become code
/// (a path `"/x\npub const INJECTED: () = ();"`), and a lone carriage return, which rustc
/// refuses in doc comments, never reaches one. Every `///` line of every template goes through
/// this function (the `doc` filter), whatever built the line.
pub fn line(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// Turns Markdown into doc comment lines (without the `///`).
pub fn lines(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fence: Option<String> = None;
    let mut in_list = false;
    // A lone carriage return is a line break too (and may not appear in a doc comment).
    let markdown = markdown.replace("\r\n", "\n").replace('\r', "\n");
    for raw in markdown.trim().lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        let ticks = fence_marker(trimmed);
        match (&fence, ticks) {
            (None, Some(marker)) => {
                // Spec code is never Rust: fence it as text so rustdoc does not test it.
                out.push(format!("{marker}text"));
                fence = Some(marker);
            }
            (Some(open), Some(marker)) if marker.starts_with(open.as_str()) => {
                out.push(open.clone());
                fence = None;
            }
            (Some(_), _) => out.push(line.to_owned()),
            (None, None) => {
                // Four spaces of indentation would make an indented code block (a doctest).
                let indent = (line.len() - trimmed.len()).min(3);
                // A line right after a list item, not indented, is a new paragraph, not a lazy
                // continuation of the item.
                let item = is_list_item(trimmed);
                if in_list && !item && indent == 0 && !trimmed.is_empty() {
                    out.push(String::new());
                }
                in_list = (in_list && !trimmed.is_empty() && indent > 0) || item;
                out.push(format!("{}{}", " ".repeat(indent), inline(trimmed)));
            }
        }
    }
    if let Some(open) = fence {
        out.push(open);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

fn is_list_item(line: &str) -> bool {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    line.starts_with("- ")
        || line.starts_with("* ")
        || line.starts_with("+ ")
        || (digits > 0 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") ")))
}

/// The fence marker (three or more backticks or tildes) a line opens or closes with.
fn fence_marker(line: &str) -> Option<String> {
    let c = line.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let marker: String = line.chars().take_while(|x| *x == c).collect();
    (marker.len() >= 3).then_some(marker)
}

/// Escapes one line of prose outside code spans.
fn inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut in_code = false;
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            i += 1;
            continue;
        }
        if in_code {
            out.push(c);
            i += 1;
            continue;
        }
        match c {
            '[' => {
                if let Some(end) = markdown_link_end(&chars, i) {
                    // A real Markdown link `[text](url)`: keep it, escaping its text only.
                    let close = chars[i..end]
                        .iter()
                        .position(|x| *x == ']')
                        .map_or(end, |p| p + i);
                    out.push('[');
                    out.push_str(&inline(&chars[i + 1..close].iter().collect::<String>()));
                    out.extend(&chars[close..end]);
                    i = end;
                    continue;
                }
                out.push_str("\\[");
            }
            ']' => out.push_str("\\]"),
            '<' => {
                if let Some(end) = autolink_end(&chars, i) {
                    out.extend(&chars[i..end]);
                    i = end;
                    continue;
                }
                out.push_str("&lt;");
            }
            '>' if i > 0 => out.push_str("&gt;"),
            'h' if starts_url(&chars[i..]) => {
                let end = url_end(&chars, i);
                out.push('<');
                out.extend(&chars[i..end]);
                out.push('>');
                i = end;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

fn starts_url(chars: &[char]) -> bool {
    let s: String = chars.iter().take(8).collect();
    s.starts_with("http://") || s.starts_with("https://")
}

/// End (exclusive) of a bare URL starting at `start`, leaving trailing punctuation outside.
fn url_end(chars: &[char], start: usize) -> usize {
    let mut end = start;
    while end < chars.len()
        && !chars[end].is_whitespace()
        && !matches!(chars[end], '<' | '>' | '"' | '`' | ')' | '(')
    {
        end += 1;
    }
    while end > start && matches!(chars[end - 1], '.' | ',' | ';' | ':' | '!' | '?' | '\'') {
        end -= 1;
    }
    end
}

/// End (exclusive) of `[text](target)` starting at `start`, if that is what is there.
fn markdown_link_end(chars: &[char], start: usize) -> Option<usize> {
    let mut depth = 0;
    let mut i = start;
    while i < chars.len() {
        match chars[i] {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if chars.get(i + 1) != Some(&'(') {
        return None;
    }
    let close = chars[i + 1..].iter().position(|c| *c == ')')? + i + 1;
    Some(close + 1)
}

/// End (exclusive) of an autolink `<https://...>` starting at `start`.
fn autolink_end(chars: &[char], start: usize) -> Option<usize> {
    if !starts_url(&chars[start + 1..]) {
        return None;
    }
    let close = chars[start..].iter().position(|c| *c == '>')? + start;
    chars[start..close]
        .iter()
        .all(|c| !c.is_whitespace())
        .then_some(close + 1)
}

#[cfg(test)]
mod tests {
    use super::{line, lines};

    #[test]
    fn a_doc_line_never_breaks() {
        assert_eq!(
            line("/x\npub const INJECTED: () = ();\n//"),
            "/x pub const INJECTED: () = (); //"
        );
        assert_eq!(line("a\rb\u{2028}c\td"), "a b c d");
        assert_eq!(line("*/ \\ \"q\""), "*/ \\ \"q\"");
    }

    fn check(input: &str, expected: &[&str]) {
        assert_eq!(lines(input), expected, "input: {input:?}");
    }

    #[test]
    fn fences_become_text() {
        check("a\n```\nx = 1\n```", &["a", "```text", "x = 1", "```"]);
        check(
            "````\nPOST /login\n````\nb",
            &["````text", "POST /login", "````", "b"],
        );
    }

    #[test]
    fn unclosed_fence_is_closed() {
        check("```\ncode", &["```text", "code", "```"]);
    }

    #[test]
    fn indentation_never_makes_a_code_block() {
        check("a\n\n      indented", &["a", "", "   indented"]);
    }

    #[test]
    fn brackets_are_escaped_but_links_kept() {
        check("list of [string]", &["list of \\[string\\]"]);
        check(
            "see [docs](https://x.y/a_b) now",
            &["see [docs](https://x.y/a_b) now"],
        );
        check("code `[1, 2]` stays", &["code `[1, 2]` stays"]);
    }

    #[test]
    fn text_after_a_list_is_a_new_paragraph() {
        check("- a\n- b\nafter", &["- a", "- b", "", "after"]);
        check("1. a\n   more\nafter", &["1. a", "   more", "", "after"]);
    }

    #[test]
    fn urls_and_tags() {
        check(
            "go to https://looker.com/x.",
            &["go to <https://looker.com/x>."],
        );
        check("already <https://a.b>", &["already <https://a.b>"]);
        check("a <b> tag", &["a &lt;b&gt; tag"]);
    }
}
