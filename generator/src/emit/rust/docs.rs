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

/// Turns Markdown into doc comment lines (without the `///`). The spec's links into Looker's
/// API explorer (`[text](#!/Tag/operation)`) lead nowhere outside it: each keeps its text only.
pub fn lines(markdown: &str) -> Vec<String> {
    lines_linked(markdown, &|_| Target::Text)
        .into_iter()
        .map(|line| match line {
            DocLine::Same(text) => text,
            DocLine::Cfg { plain, .. } => plain,
        })
        .collect()
}

/// Where a link into Looker's API explorer (`#!/Dashboard/dashboard`, `#!/types/Query`) goes in
/// the crate's docs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An intra-doc link to `path` (`crate::LookerSdk::dashboard`). `when` is `None` when the
    /// item exists in every build that compiles the doc, else the `cfg` predicate under which
    /// it does (`feature = "dashboard"`): a link to an item behind another area's feature.
    Link { path: String, when: Option<String> },
    /// No item of the crate: the link's text alone, as prose.
    Text,
}

/// One doc comment line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocLine {
    /// The same text in every build.
    Same(String),
    /// A line with links to items that exist only where the `cfg` predicate `when` holds:
    /// `linked` there, `plain` (the links' text alone) elsewhere, so that no build has a broken
    /// intra-doc link.
    Cfg {
        when: String,
        linked: String,
        plain: String,
    },
}

/// Turns Markdown into doc comment lines, as [`lines`], with the spec's links into Looker's API
/// explorer made intra-doc links where `resolve` finds their target (it is given the link's
/// target without `#!/`: `Dashboard/dashboard`).
pub fn lines_linked(markdown: &str, resolve: &dyn Fn(&str) -> Target) -> Vec<DocLine> {
    let mut out = Vec::new();
    let mut fence: Option<String> = None;
    let mut in_list = false;
    let same = |text: String| DocLine::Same(text);
    // A lone carriage return is a line break too (and may not appear in a doc comment).
    let markdown = markdown.replace("\r\n", "\n").replace('\r', "\n");
    for raw in markdown.trim().lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        let ticks = fence_marker(trimmed);
        match (&fence, ticks) {
            (None, Some(marker)) => {
                // Spec code is never Rust: fence it as text so rustdoc does not test it.
                out.push(same(format!("{marker}text")));
                fence = Some(marker);
            }
            (Some(open), Some(marker)) if marker.starts_with(open.as_str()) => {
                out.push(same(open.clone()));
                fence = None;
            }
            (Some(_), _) => out.push(same(line.to_owned())),
            (None, None) => {
                // Four spaces of indentation would make an indented code block (a doctest).
                let indent = " ".repeat((line.len() - trimmed.len()).min(3));
                // A line right after a list item, not indented, is a new paragraph, not a lazy
                // continuation of the item.
                let item = is_list_item(trimmed);
                if in_list && !item && indent.is_empty() && !trimmed.is_empty() {
                    out.push(same(String::new()));
                }
                in_list = (in_list && !trimmed.is_empty() && !indent.is_empty()) || item;
                let prose = inline(trimmed, resolve);
                out.push(if prose.when.is_empty() {
                    same(format!("{indent}{}", prose.linked))
                } else {
                    let when: Vec<String> = prose.when.into_iter().collect();
                    DocLine::Cfg {
                        when: match when.as_slice() {
                            [one] => one.clone(),
                            _ => format!("all({})", when.join(", ")),
                        },
                        linked: format!("{indent}{}", prose.linked),
                        plain: format!("{indent}{}", prose.plain),
                    }
                });
            }
        }
    }
    if let Some(open) = fence {
        out.push(same(open));
    }
    while out.last() == Some(&DocLine::Same(String::new())) {
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

/// One line of prose, escaped: with its links (`linked`), and with the links that need the
/// `cfg` predicates in `when` reduced to their text (`plain`).
struct Inline {
    linked: String,
    plain: String,
    when: std::collections::BTreeSet<String>,
}

impl Inline {
    fn push(&mut self, c: char) {
        self.linked.push(c);
        self.plain.push(c);
    }

    fn push_str(&mut self, s: &str) {
        self.linked.push_str(s);
        self.plain.push_str(s);
    }
}

/// The prefix of the spec's links into Looker's API explorer.
const EXPLORER: &str = "#!/";

/// Escapes one line of prose outside code spans.
fn inline(line: &str, resolve: &dyn Fn(&str) -> Target) -> Inline {
    let mut out = Inline {
        linked: String::with_capacity(line.len() + 8),
        plain: String::with_capacity(line.len() + 8),
        when: Default::default(),
    };
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
                    let text =
                        inline(&chars[i + 1..close].iter().collect::<String>(), resolve).plain;
                    let url: String = chars[(close + 2).min(end)..end.saturating_sub(1)]
                        .iter()
                        .collect();
                    match url.strip_prefix(EXPLORER).map(resolve) {
                        Some(Target::Link { path, when }) => {
                            let link = format!("[{text}]({path})");
                            out.linked.push_str(&link);
                            match when {
                                Some(when) => {
                                    out.plain.push_str(&text);
                                    out.when.insert(when);
                                }
                                None => out.plain.push_str(&link),
                            }
                        }
                        // A link into the explorer that leads to no item: its text.
                        Some(Target::Text) => out.push_str(&text),
                        None => {
                            out.push('[');
                            out.push_str(&text);
                            out.push_str(&chars[close..end].iter().collect::<String>());
                        }
                    }
                    i = end;
                    continue;
                }
                out.push_str("\\[");
            }
            ']' => out.push_str("\\]"),
            '<' => {
                if let Some(end) = autolink_end(&chars, i) {
                    out.push_str(&chars[i..end].iter().collect::<String>());
                    i = end;
                    continue;
                }
                out.push_str("&lt;");
            }
            '>' if i > 0 => out.push_str("&gt;"),
            'h' if starts_url(&chars[i..]) => {
                let end = url_end(&chars, i);
                out.push('<');
                out.push_str(&chars[i..end].iter().collect::<String>());
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
    use super::{DocLine, Target, line, lines, lines_linked};

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

    #[test]
    fn explorer_links_keep_their_text_without_a_resolver() {
        check(
            "see [dashboard()](#!/Dashboard/dashboard) and [x](https://a.b/c)",
            &["see dashboard() and [x](https://a.b/c)"],
        );
    }

    /// `Dashboard/*` resolves in every build, `Look/*` only with the `look` feature, anything
    /// else to text.
    fn resolve(target: &str) -> Target {
        match target.split_once('/') {
            Some(("Dashboard", op)) => Target::Link {
                path: format!("crate::LookerSdk::{op}"),
                when: None,
            },
            Some(("Look", op)) => Target::Link {
                path: format!("crate::LookerSdk::{op}"),
                when: Some(r#"feature = "look""#.to_owned()),
            },
            _ => Target::Text,
        }
    }

    #[test]
    fn explorer_links_become_intra_doc_links() {
        let same = |s: &str| DocLine::Same(s.to_owned());
        assert_eq!(
            lines_linked(
                "Get [dashboard()](#!/Dashboard/dashboard).\n- [Gone](#!/Theme/create) `[a](#!/x)`",
                &resolve
            ),
            [
                same("Get [dashboard()](crate::LookerSdk::dashboard)."),
                same("- Gone `[a](#!/x)`"),
            ]
        );
        // A link behind another feature: the line with it where the feature is on, and with its
        // text alone elsewhere; links that need nothing stay in both.
        assert_eq!(
            lines_linked(
                "- a\n   [look()](#!/Look/look) or [x](#!/Dashboard/x) or [y](#!/Look/y)",
                &resolve
            ),
            [
                DocLine::Same("- a".to_owned()),
                DocLine::Cfg {
                    when: r#"feature = "look""#.to_owned(),
                    linked: "   [look()](crate::LookerSdk::look) or [x](crate::LookerSdk::x) or \
                         [y](crate::LookerSdk::y)"
                        .to_owned(),
                    plain: "   look() or [x](crate::LookerSdk::x) or y".to_owned(),
                }
            ]
        );
    }

    #[test]
    fn lines_behind_several_features_need_them_all() {
        let two = |target: &str| Target::Link {
            path: format!("crate::{target}"),
            when: Some(format!("feature = {:?}", &target[..1])),
        };
        match lines_linked("[a](#!/a) [b](#!/b)", &two).as_slice() {
            [DocLine::Cfg { when, plain, .. }] => {
                assert_eq!(when, r#"all(feature = "a", feature = "b")"#);
                assert_eq!(plain, "a b");
            }
            other => panic!("{other:?}"),
        }
    }
}
