//! A cheap syntax check of rendered Python: strings closed, brackets balanced, indentation in
//! steps of four spaces that only deepens after a line ending in `:`, and no tabs or stray
//! control characters. It catches what a broken template or an unescaped spec string produces;
//! the full check (`ast.parse`, mypy, ruff) runs in the Python test harness.

/// Checks `text`; the error says the line and what is wrong.
pub fn check(text: &str) -> Result<(), String> {
    let mut stack: Vec<(char, usize)> = Vec::new();
    let mut indents: Vec<usize> = vec![0];
    let mut expect_indent = false;
    let mut in_triple: Option<usize> = None;
    for (index, line) in text.split('\n').enumerate() {
        let number = index + 1;
        if line.contains('\r') || line.chars().any(|c| c.is_control() && c != '\t') {
            return Err(format!("line {number}: control character"));
        }
        if line.contains('\t') {
            return Err(format!("line {number}: tab"));
        }
        let starts_in_string = in_triple.is_some();
        let logical_start = stack.is_empty() && !starts_in_string;
        let trimmed = line.trim_start();
        if logical_start && !trimmed.is_empty() && !trimmed.starts_with('#') {
            let indent = line.len() - trimmed.len();
            let current = *indents.last().unwrap_or(&0);
            if expect_indent {
                if indent <= current {
                    return Err(format!("line {number}: expected an indented block"));
                }
                indents.push(indent);
                expect_indent = false;
            } else if indent > current {
                return Err(format!("line {number}: unexpected indent"));
            } else {
                while indents.last().is_some_and(|&i| i > indent) {
                    indents.pop();
                }
                if indents.last() != Some(&indent) {
                    return Err(format!("line {number}: indentation matches no block"));
                }
            }
            if indent % 4 != 0 {
                return Err(format!(
                    "line {number}: indentation is not a multiple of four"
                ));
            }
        }
        let code_end = scan(line, number, &mut stack, &mut in_triple)?;
        if stack.is_empty() && in_triple.is_none() {
            let code = line[..code_end].trim_end();
            if code.ends_with(':') && !code.trim_start().starts_with('#') {
                expect_indent = true;
            }
        }
    }
    if let Some(start) = in_triple {
        return Err(format!("line {start}: unterminated triple-quoted string"));
    }
    if let Some((open, line)) = stack.pop() {
        return Err(format!("line {line}: unclosed {open:?}"));
    }
    if expect_indent {
        return Err("end of file: expected an indented block".to_owned());
    }
    Ok(())
}

/// Scans one line for strings, comments and brackets; returns where the code ends (before a
/// comment).
fn scan(
    line: &str,
    number: usize,
    stack: &mut Vec<(char, usize)>,
    in_triple: &mut Option<usize>,
) -> Result<usize, String> {
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if in_triple.is_some() {
            match line[i..].find("\"\"\"") {
                Some(at) => {
                    let end = i + at;
                    if is_escaped(bytes, end) {
                        i = end + 1;
                        continue;
                    }
                    *in_triple = None;
                    i = end + 3;
                }
                None => return Ok(bytes.len()),
            }
            continue;
        }
        match bytes[i] {
            b'#' => return Ok(i),
            b'"' | b'\'' if line[i..].starts_with("\"\"\"") => {
                *in_triple = Some(number);
                i += 3;
            }
            quote @ (b'"' | b'\'') => {
                let mut j = i + 1;
                loop {
                    match bytes.get(j) {
                        None => return Err(format!("line {number}: unterminated string")),
                        Some(b'\\') => j += 2,
                        Some(&c) if c == quote => break,
                        Some(_) => j += 1,
                    }
                }
                i = j + 1;
            }
            open @ (b'(' | b'[' | b'{') => {
                stack.push((open as char, number));
                i += 1;
            }
            close @ (b')' | b']' | b'}') => {
                let expected = match close {
                    b')' => '(',
                    b']' => '[',
                    _ => '{',
                };
                match stack.pop() {
                    Some((open, _)) if open == expected => {}
                    _ => return Err(format!("line {number}: unbalanced {:?}", close as char)),
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    Ok(bytes.len())
}

/// Whether the byte at `at` is preceded by an odd number of backslashes.
fn is_escaped(bytes: &[u8], at: usize) -> bool {
    bytes[..at]
        .iter()
        .rev()
        .take_while(|&&b| b == b'\\')
        .count()
        % 2
        == 1
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn accepts_python() {
        let text = "class A:\n    \"\"\"\n    Doc \\\"\\\"\\\" x\n    \"\"\"\n\n    def f(\n        self,  # c (\n    ) -> None:\n        x = {\"a\": \"b)\"}\n        return x\n";
        assert_eq!(check(text), Ok(()));
    }

    #[test]
    fn rejects_broken_python() {
        assert!(check("x = (\n").unwrap_err().contains("unclosed"));
        assert!(
            check("x = \"a\n")
                .unwrap_err()
                .contains("unterminated string")
        );
        assert!(check("def f():\nx = 1\n").unwrap_err().contains("indented"));
        assert!(
            check("x = 1\n  y = 2\n")
                .unwrap_err()
                .contains("unexpected indent")
        );
        assert!(check("x = ]\n").unwrap_err().contains("unbalanced"));
        assert!(check("\"\"\"a\n").unwrap_err().contains("triple"));
    }
}
