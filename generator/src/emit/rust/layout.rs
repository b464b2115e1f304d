//! Lays out rendered Rust as prettyplease prints it, without parsing it.
//!
//! Parsing every rendered module with syn and printing it with prettyplease was most of the
//! generation time (about 0.45 s of CPU for 2.8 MB of Rust). The templates already print one
//! construct per line, indented as prettyplease would; what prettyplease adds is breaking the
//! lines longer than its margin, dropping blank lines and plain comments, and a few spellings
//! (no trailing comma in a one-line list). This module does exactly that for the shapes the
//! templates print, line by line. A piece with a long line of any other shape is handed back
//! (`None`), and the caller formats that piece with prettyplease, so the output never depends
//! on which path a piece took: `tests::fast_layout_matches_prettyplease` checks it on every
//! fixture and on Looker's spec.

/// prettyplease's margin: a line of at most this many columns is printed whole.
const MARGIN: usize = 89;

/// One level of indentation.
pub(super) const INDENT: &str = "    ";

/// prettyplease keeps a struct literal at the end of a block (`requests::Me { call }`) on one
/// line only up to this column.
const STRUCT_LITERAL_MARGIN: usize = 43;

/// Lays out one piece of a rendered module (whole top-level items), or `None` when a line needs
/// a layout this module does not know.
pub(super) fn lay_out(piece: &str) -> Option<String> {
    let mut out = String::with_capacity(piece.len());
    for raw in piece.lines() {
        let line = raw.trim_end();
        let code = trim_indent(line);
        if code.is_empty() || is_plain_comment(code) {
            continue;
        }
        let indent = &line[..line.len() - code.len()];
        if code.starts_with("///") || code.starts_with("//!") {
            push(&mut out, line);
            continue;
        }
        let spaced = macro_spacing(code)?;
        let (line, code) = match &spaced {
            Some(code) => (&*[indent, code].concat(), code.as_str()),
            None => (line, code),
        };
        if let Some(items) = array_items(code) {
            array(&mut out, indent, &items)?;
        } else if let Some(literal) = struct_literal(code) {
            if line.len() <= STRUCT_LITERAL_MARGIN {
                push(&mut out, line);
            } else {
                let (path, fields) = literal;
                push_parts(&mut out, &[indent, path, " {"]);
                for field in fields {
                    push_parts(&mut out, &[indent, INDENT, field, ","]);
                }
                push_parts(&mut out, &[indent, "}"]);
            }
        } else if line.len() <= MARGIN {
            push(&mut out, line);
        } else {
            long_line(&mut out, indent, code)?;
        }
    }
    Some(out)
}

/// A macro's arguments as prettyplease prints them, token by token: `&id` becomes `& id`.
/// `Some(None)` when the line needs no change, `None` when it holds tokens this module does not
/// know how prettyplease spaces.
fn macro_spacing(code: &str) -> Option<Option<String>> {
    let bytes = code.as_bytes();
    // `code.find("!(")`, without setting up a substring search for every line.
    let mut bangs = bytes.iter().enumerate().filter(|(_, b)| **b == b'!');
    let Some((start, _)) = bangs.find(|(i, _)| bytes.get(i + 1) == Some(&b'(')) else {
        return Some(None);
    };
    let mut ampersands = Vec::new();
    let mut i = start + 2;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = string_end(bytes, i)?,
            b'&' if bytes.get(i + 1).is_some_and(|b| b.is_ascii_alphabetic()) => ampersands.push(i),
            b'r' if bytes.get(i + 1) == Some(&b'#') => i += 1,
            b if b.is_ascii_alphanumeric() || b"_.,() :;".contains(&b) => {}
            _ => return None,
        }
        i += 1;
    }
    if ampersands.is_empty() {
        return Some(None);
    }
    let mut spaced = String::with_capacity(code.len() + ampersands.len());
    let mut from = 0;
    for at in ampersands {
        spaced.push_str(&code[from..=at]);
        spaced.push(' ');
        from = at + 1;
    }
    spaced.push_str(&code[from..]);
    Some(Some(spaced))
}

/// `line.trim_start()`, quicker for the usual indentation (spaces, then code).
pub(super) fn trim_indent(line: &str) -> &str {
    let spaces = line.bytes().take_while(|b| *b == b' ').count();
    let code = &line[spaces..];
    match code.chars().next() {
        Some(c) if c.is_whitespace() => line.trim_start(),
        _ => code,
    }
}

/// A comment that syn drops (not a doc comment), such as a template's cut marker.
fn is_plain_comment(code: &str) -> bool {
    code.starts_with("//") && !code.starts_with("///") && !code.starts_with("//!")
}

fn push(out: &mut String, line: &str) {
    out.push_str(line);
    out.push('\n');
}

fn push_parts(out: &mut String, parts: &[&str]) {
    for part in parts {
        out.push_str(part);
    }
    out.push('\n');
}

/// Breaks a line longer than the margin, as prettyplease would.
fn long_line(out: &mut String, indent: &str, code: &str) -> Option<()> {
    if let Some((head, params, tail)) = fn_signature(code) {
        // One parameter per line, with a trailing comma.
        let first = [indent, head, "("].concat();
        let last = [indent, ")", tail].concat();
        if first.len() > MARGIN || last.len() > MARGIN {
            return None;
        }
        push(out, &first);
        for param in split_top_level(params)? {
            let line = [indent, INDENT, param, ","].concat();
            if line.len() > MARGIN {
                return None;
            }
            push(out, &line);
        }
        push(out, &last);
        return Some(());
    }
    if let Some((receiver, _)) = method_call_statement(code)
        && receiver.len() <= INDENT.len()
    {
        // A receiver no wider than an indent stays with its call (`call.query(`).
        return method_call(out, indent, code);
    }
    if let Some((receiver, call)) = method_call_statement(code) {
        // The receiver alone, then the call on the next line one level in, its arguments one
        // per line if it is still too long.
        push_parts(out, &[indent, receiver]);
        let inner = [indent, INDENT].concat();
        return method_call(out, &inner, call);
    }
    if code.starts_with('.') {
        // A link of a chain already on its own line (`.field("a", &self.a)`).
        return method_call(out, indent, code);
    }
    if let Some(meta) = code.strip_prefix("#[").and_then(|c| c.strip_suffix(']')) {
        return attribute(out, indent, meta);
    }
    if let Some(rest) = code.strip_prefix("use ") {
        return use_list(out, indent, rest);
    }
    None
}

/// `.method(args)` plus what follows it (`;` or nothing), at `indent`: on one line when it fits,
/// else one argument per line with a trailing comma.
fn method_call(out: &mut String, indent: &str, call: &str) -> Option<()> {
    let line = [indent, call].concat();
    if line.len() <= MARGIN {
        push(out, &line);
        return Some(());
    }
    let open = call.find('(')?;
    let close = matching(call, open)?;
    let (name, args, suffix) = (&call[..open], &call[open + 1..close], &call[close + 1..]);
    if !(suffix.is_empty() || suffix == ";") || name.contains([' ', '"']) {
        return None;
    }
    push_parts(out, &[indent, name, "("]);
    let inner = [indent, INDENT].concat();
    for arg in split_top_level(args)? {
        argument(out, &inner, arg)?;
    }
    push_parts(out, &[indent, ")", suffix]);
    Some(())
}

/// One argument of an exploded call, with its comma; a `format!` too long for its line gets its
/// own arguments filled into lines one level in (no trailing comma, as prettyplease prints
/// macro arguments).
fn argument(out: &mut String, indent: &str, arg: &str) -> Option<()> {
    let line = [indent, arg, ","].concat();
    if line.len() <= MARGIN {
        push(out, &line);
        return Some(());
    }
    let inner = arg.strip_prefix("format!(")?.strip_suffix(')')?;
    if inner.contains("& ") {
        // prettyplease fills macro arguments token by token, and may break after the `&`.
        return None;
    }
    push_parts(out, &[indent, "format!("]);
    let deeper = [indent, INDENT].concat();
    fill(out, &deeper, &split_top_level(inner)?, false)?;
    push_parts(out, &[indent, "),"]);
    Some(())
}

/// An attribute too long for its line: its meta list one item per line, recursively, without
/// trailing commas (`#[cfg(` / `any(` / `feature = "a",` ... / `)` / `)]`).
fn attribute(out: &mut String, indent: &str, meta: &str) -> Option<()> {
    let open = meta.find('(')?;
    let close = matching(meta, open)?;
    if close != meta.len() - 1 {
        return None;
    }
    push_parts(out, &[indent, "#[", &meta[..open], "("]);
    meta_items(out, &[indent, INDENT].concat(), &meta[open + 1..close])?;
    push_parts(out, &[indent, ")]"]);
    Some(())
}

/// The items of a meta list, one per line at `indent`, a nested list broken the same way when
/// it does not fit.
fn meta_items(out: &mut String, indent: &str, list: &str) -> Option<()> {
    let items = split_top_level(list)?;
    for (i, item) in items.iter().enumerate() {
        let comma = if i + 1 < items.len() { "," } else { "" };
        let line = [indent, item, comma].concat();
        if line.len() <= MARGIN {
            push(out, &line);
            continue;
        }
        let open = item.find('(')?;
        let close = matching(item, open)?;
        if close != item.len() - 1 || item[..open].contains([' ', '"']) {
            return None;
        }
        push_parts(out, &[indent, &item[..open], "("]);
        meta_items(out, &[indent, INDENT].concat(), &item[open + 1..close])?;
        push_parts(out, &[indent, ")", comma]);
    }
    Some(())
}

/// Fills `items` into lines at `indent`, as many as fit on each, comma-separated; the last one
/// takes a comma only with `trailing_comma`.
fn fill(out: &mut String, indent: &str, items: &[&str], trailing_comma: bool) -> Option<()> {
    let mut line = String::from(indent);
    for (i, item) in items.iter().enumerate() {
        let comma = if i + 1 < items.len() || trailing_comma {
            ","
        } else {
            ""
        };
        let starts_line = line.len() == indent.len();
        let width = line.len() + usize::from(!starts_line) + item.len() + comma.len();
        if !starts_line && width > MARGIN {
            push(out, &line);
            line.truncate(indent.len());
        }
        if line.len() > indent.len() {
            line.push(' ');
        }
        line.push_str(item);
        line.push_str(comma);
        if line.len() > MARGIN {
            return None;
        }
    }
    if line.len() > indent.len() {
        push(out, &line);
    }
    Some(())
}

/// `[pub ]fn name<...>(params) -> T {` as (head before the parameters' parenthesis, the
/// parameters, what follows the closing parenthesis).
fn fn_signature(code: &str) -> Option<(&str, &str, &str)> {
    let after_vis = code
        .strip_prefix("pub ")
        .or_else(|| code.strip_prefix("pub(crate) "))
        .unwrap_or(code);
    if !after_vis.starts_with("fn ") || !code.ends_with(" {") {
        return None;
    }
    let open = top_level_paren(code)?;
    let close = matching(code, open)?;
    let tail = &code[close + 1..];
    if !(tail == " {" || tail.starts_with(" -> ")) {
        return None;
    }
    Some((&code[..open], &code[open + 1..close], tail))
}

/// The first `(` outside angle brackets: where a signature's parameters start.
fn top_level_paren(code: &str) -> Option<usize> {
    let mut angle = 0usize;
    for (i, b) in code.bytes().enumerate() {
        match b {
            b'<' => angle += 1,
            b'>' => angle = angle.checked_sub(1)?,
            b'(' if angle == 0 => return Some(i),
            _ => {}
        }
    }
    None
}

/// `receiver.method(args);` as (`receiver`, `.method(args);`), where the call is the last link of
/// the chain and the receiver a plain path (`fields`, `self.call`, `let call = self`).
fn method_call_statement(code: &str) -> Option<(&str, &str)> {
    if !code.ends_with(");") {
        return None;
    }
    let close = code.len() - 2;
    let open = close - matching_back(code, close)?;
    let name_start = code[..open].rfind('.')?;
    let receiver = &code[..name_start];
    let name = &code[name_start + 1..open];
    let plain = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
    };
    let receiver_ok = match receiver.strip_prefix("let ") {
        Some(binding) => binding.split_once(" = ").is_some_and(|(var, value)| {
            plain(var.strip_prefix("mut ").unwrap_or(var)) && plain(value)
        }),
        None => plain(receiver),
    };
    if receiver.is_empty() || !receiver_ok || name.is_empty() || !plain(name) {
        return None;
    }
    Some((receiver, &code[name_start..]))
}

/// A block's closing struct literal, `path { a, b }`, as its path and fields.
fn struct_literal(code: &str) -> Option<(&str, Vec<&str>)> {
    // What every literal ends with, checked before looking for where it starts.
    if !code.ends_with(" }") {
        return None;
    }
    let (path, rest) = code.split_once(" { ")?;
    let fields = rest.strip_suffix(" }")?;
    let path_ok = path
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b':');
    let fields: Vec<&str> = fields.split(", ").collect();
    let fields_ok = fields
        .iter()
        .all(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
    (path_ok && fields_ok && path.contains("::")).then_some((path, fields))
}

/// `const NAME: T = &[a, b, ];` as its items (a trailing comma in the template is allowed).
fn array_items(code: &str) -> Option<(&str, Vec<&str>)> {
    if !code.starts_with("const ") {
        return None;
    }
    let (head, rest) = code.split_once(" = &[")?;
    let inner = rest.strip_suffix("];")?;
    let inner = inner.trim_end();
    let inner = inner.strip_suffix(',').unwrap_or(inner);
    let items = split_top_level(inner)?;
    Some((head, items))
}

/// Prints a constant array on one line when it fits, else one item per line.
fn array(out: &mut String, indent: &str, items: &(&str, Vec<&str>)) -> Option<()> {
    let (head, items) = items;
    let one_line = [indent, head, " = &[", &items.join(", "), "];"].concat();
    if one_line.len() <= MARGIN {
        push(out, &one_line);
        return Some(());
    }
    let first = [indent, head, " = &["].concat();
    if first.len() > MARGIN {
        return None;
    }
    push(out, &first);
    for item in items {
        let line = [indent, INDENT, item, ","].concat();
        if line.len() > MARGIN {
            return None;
        }
        push(out, &line);
    }
    push_parts(out, &[indent, "];"]);
    Some(())
}

/// `use path::{A, B, ...};` too long for a line: the names filled into lines one level in.
fn use_list(out: &mut String, indent: &str, rest: &str) -> Option<()> {
    let (path, names) = rest.split_once("::{")?;
    let names = names.strip_suffix("};")?;
    if names.contains(['{', '}']) {
        return None;
    }
    push_parts(out, &[indent, "use ", path, "::{"]);
    let names: Vec<&str> = names
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect();
    fill(out, &[indent, INDENT].concat(), &names, true)?;
    push_parts(out, &[indent, "};"]);
    Some(())
}

/// Splits `a, b<c, d>, "e, f"` at its top-level commas; `None` when brackets do not balance.
fn split_top_level(list: &str) -> Option<Vec<&str>> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let bytes = list.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = string_end(bytes, i)?,
            b'(' | b'[' | b'{' | b'<' => depth += 1,
            b')' | b']' | b'}' => depth = depth.checked_sub(1)?,
            // `->` and `=>` are not closing brackets.
            b'>' if i == 0 || !matches!(bytes[i - 1], b'-' | b'=') => {
                depth = depth.checked_sub(1)?;
            }
            b',' if depth == 0 => {
                items.push(list[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if depth != 0 {
        return None;
    }
    let last = list[start..].trim();
    if !last.is_empty() {
        items.push(last);
    }
    Some(items)
}

/// The index of the closing quote of the string literal opening at `start`.
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// The index of the bracket closing the one at `open`, skipping string literals.
fn matching(code: &str, open: usize) -> Option<usize> {
    let bytes = code.as_bytes();
    let mut depth = 0usize;
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = string_end(bytes, i)?,
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// How far back from `close` (a closing parenthesis) its opening one is, skipping string
/// literals: found by scanning forward from the start, which knows where strings are.
fn matching_back(code: &str, close: usize) -> Option<usize> {
    let bytes = code.as_bytes();
    let mut stack = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = string_end(bytes, i)?,
            b'(' | b'[' | b'{' => stack.push(i),
            b')' | b']' | b'}' => {
                let open = stack.pop()?;
                if i == close {
                    return Some(close - open);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_signatures_take_one_parameter_per_line() {
        let line = "    fn field<'de, V: looker_sdk_rtl::de::Values<'de>>(&mut self, index: usize, value: V) -> Result<(), V::Error> {\n";
        assert_eq!(
            lay_out(line).as_deref(),
            Some(
                "    fn field<'de, V: looker_sdk_rtl::de::Values<'de>>(\n        &mut self,\n        index: usize,\n        value: V,\n    ) -> Result<(), V::Error> {\n"
            )
        );
    }

    #[test]
    fn arrays_lose_the_trailing_comma_or_take_a_line_per_item() {
        assert_eq!(
            lay_out("    const FIELDS: &'static [&'static str] = &[\"a\", \"b\", ];\n").as_deref(),
            Some("    const FIELDS: &'static [&'static str] = &[\"a\", \"b\"];\n")
        );
        let long: Vec<String> = (0..12).map(|i| format!("\"field_number_{i}\"")).collect();
        let line = format!(
            "    const FIELDS: &'static [&'static str] = &[{}, ];\n",
            long.join(", ")
        );
        let out = lay_out(&line).expect("laid out");
        assert!(out.starts_with(
            "    const FIELDS: &'static [&'static str] = &[\n        \"field_number_0\",\n"
        ));
        assert!(out.ends_with("        \"field_number_11\",\n    ];\n"));
    }

    #[test]
    fn a_long_call_moves_to_the_next_line_and_other_shapes_are_handed_back() {
        let line = "        fields.optional(\"investigative_content_title\", &self.investigative_content_title);\n";
        assert_eq!(
            lay_out(line).as_deref(),
            Some(
                "        fields\n            .optional(\"investigative_content_title\", &self.investigative_content_title);\n"
            )
        );
        // A string holding the brackets and commas the splitter looks for.
        let tricky = format!(
            "        fields.optional(\"a, (b\", &self.{});\n",
            "x".repeat(50)
        );
        assert!(
            lay_out(&tricky).is_some_and(|out| out.contains("\n            .optional(\"a, (b\""))
        );
        let unknown = format!(
            "    pub type X = Result<{}>;\n",
            ["models::Dashboard"; 6].join(", ")
        );
        assert_eq!(lay_out(&unknown), None);
        // prettyplease prints macro arguments token by token, `& id`, even where they fit.
        assert_eq!(
            lay_out("let p = format!(\"/x/{}\", path_segment(&id), r#type);\n").as_deref(),
            Some("let p = format!(\"/x/{}\", path_segment(& id), r#type);\n")
        );
        assert_eq!(lay_out("let p = format!(\"{}\", a + b);\n"), None);
    }

    #[test]
    fn long_attributes_take_one_meta_item_per_line() {
        let features: Vec<String> = (0..8).map(|i| format!("feature = \"area-{i}\"")).collect();
        let line = format!("#[cfg(any({}))]\n", features.join(", "));
        let out = lay_out(&line).expect("laid out");
        assert!(
            out.starts_with("#[cfg(\n    any(\n        feature = \"area-0\",\n"),
            "{out}"
        );
        assert!(
            out.ends_with("        feature = \"area-7\"\n    )\n)]\n"),
            "{out}"
        );
    }

    #[test]
    fn blank_lines_and_plain_comments_go_doc_comments_stay() {
        let piece =
            "//~ cut\n\n/// Doc.   \n// A note for the template's reader.\npub struct A {}\n";
        assert_eq!(
            lay_out(piece).as_deref(),
            Some("/// Doc.\npub struct A {}\n")
        );
    }

    #[test]
    fn splitting_respects_brackets_strings_and_arrows() {
        assert_eq!(
            split_top_level("a: B<C, D>, f: impl Fn(u8) -> u8, \"x, y\"").as_deref(),
            Some(&["a: B<C, D>", "f: impl Fn(u8) -> u8", "\"x, y\""][..])
        );
        assert_eq!(split_top_level("a(b"), None);
    }
}
