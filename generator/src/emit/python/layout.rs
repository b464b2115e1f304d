//! Line layout the way `ruff format` (and black) lays Python out, so the output passes
//! `ruff format --check` without needing Python or ruff at generation time.
//!
//! Only the shapes the templates print are covered: a line made of a head, one expression and a
//! tail (`name: Optional[Sequence["X"]] = None,`), split at the expression's last bracket when
//! it does not fit, recursively, as ruff's right-hand split does; and collection literals, which
//! ruff explodes one item per line with a trailing comma when they do not fit.

/// ruff's default line length.
pub const LINE_LENGTH: usize = 88;

/// A Python expression, as far as layout needs to know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// Printed as it is and never split: a name, a string literal, a number.
    Atom(String),
    /// `head[args]`, e.g. `Optional[str]`.
    Subscript(String, Vec<Expr>),
    /// `head(args)`, e.g. `ForwardRef("X")`.
    Call(String, Vec<Expr>),
    /// `{key: value, ...}` with keys and values printed as they are.
    Dict(Vec<(String, String)>),
}

impl Expr {
    pub fn atom(text: impl Into<String>) -> Self {
        Expr::Atom(text.into())
    }

    pub fn sub(head: &str, args: Vec<Expr>) -> Self {
        Expr::Subscript(head.to_owned(), args)
    }

    /// The expression on one line.
    pub fn flat(&self) -> String {
        match self {
            Expr::Atom(text) => text.clone(),
            Expr::Subscript(head, args) => format!("{head}[{}]", join_flat(args)),
            Expr::Call(head, args) => format!("{head}({})", join_flat(args)),
            Expr::Dict(entries) => {
                let items: Vec<String> = entries.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                format!("{{{}}}", items.join(", "))
            }
        }
    }
}

fn join_flat(args: &[Expr]) -> String {
    args.iter().map(Expr::flat).collect::<Vec<_>>().join(", ")
}

/// Width as ruff measures it; the generated code is ASCII apart from comments and strings.
fn width(text: &str) -> usize {
    text.chars().count()
}

/// `indent` spaces, then `head`, `expr` and `tail`, as ruff formats that one logical line.
pub fn line(indent: usize, head: &str, expr: &Expr, tail: &str) -> String {
    let mut out = String::new();
    push_line(&mut out, indent, head, expr, tail);
    out.pop();
    out
}

/// Appends the lines of [`line`], each ending in a newline.
fn push_line(out: &mut String, indent: usize, head: &str, expr: &Expr, tail: &str) {
    let pad = " ".repeat(indent);
    let flat = format!("{pad}{head}{}{tail}", expr.flat());
    if width(&flat) <= LINE_LENGTH {
        out.push_str(&flat);
        out.push('\n');
        return;
    }
    let (open, close, args) = match expr {
        Expr::Atom(_) => {
            // Nothing to split: ruff leaves an overlong atom where it is.
            out.push_str(&flat);
            out.push('\n');
            return;
        }
        Expr::Subscript(h, args) => (format!("{h}["), "]", Some(args)),
        Expr::Call(h, args) => (format!("{h}("), ")", Some(args)),
        Expr::Dict(_) => ("{".to_owned(), "}", None),
    };
    out.push_str(&format!("{pad}{head}{open}\n"));
    let inner = indent + 4;
    match (expr, args) {
        (Expr::Dict(entries), _) => {
            for (k, v) in entries {
                out.push_str(&format!("{}{k}: {v},\n", " ".repeat(inner)));
            }
        }
        (_, Some(args)) if args.len() == 1 => push_line(out, inner, "", &args[0], ""),
        (_, Some(args)) => {
            let joined = format!("{}{}", " ".repeat(inner), join_flat(args));
            if width(&joined) <= LINE_LENGTH {
                out.push_str(&joined);
                out.push('\n');
            } else {
                for arg in args {
                    push_line(out, inner, "", arg, ",");
                }
            }
        }
        (_, None) => {}
    }
    out.push_str(&format!("{pad}{close}{tail}\n"));
}

/// `target = value` as ruff formats it: the value moves into parentheses on its own line when
/// that makes it fit.
pub fn assign(indent: usize, target: &str, value: &str) -> String {
    let pad = " ".repeat(indent);
    let flat = format!("{pad}{target} = {value}");
    if width(&flat) <= LINE_LENGTH || width(value) + indent + 4 > LINE_LENGTH {
        flat
    } else {
        format!("{pad}{target} = (\n{pad}    {value}\n{pad})")
    }
}

/// `target: annotation = value` as ruff formats it: when the line does not fit, ruff first
/// moves the value into parentheses if the line up to `= (` then fits, and only otherwise splits
/// the annotation.
pub fn annotated_assign(indent: usize, target: &str, annotation: &Expr, value: &str) -> String {
    let pad = " ".repeat(indent);
    let head = format!("{pad}{target}: {}", annotation.flat());
    if width(&head) + 3 + width(value) <= LINE_LENGTH {
        return format!("{head} = {value}");
    }
    if width(&head) + 4 <= LINE_LENGTH {
        return format!("{head} = (\n{pad}    {value}\n{pad})");
    }
    line(
        indent,
        &format!("{target}: "),
        annotation,
        &format!(" = {value}"),
    )
}

#[cfg(test)]
mod tests {
    use super::{Expr, annotated_assign, assign, line};

    fn optional_seq(name: &str) -> Expr {
        Expr::sub(
            "Optional",
            vec![Expr::sub("Sequence", vec![Expr::atom(format!("{name:?}"))])],
        )
    }

    #[test]
    fn fits_on_one_line() {
        assert_eq!(
            line(4, "a: ", &optional_seq("X"), " = None"),
            "    a: Optional[Sequence[\"X\"]] = None"
        );
    }

    #[test]
    fn splits_at_the_outermost_bracket_as_ruff_does() {
        assert_eq!(
            line(
                4,
                "supported_visualization_formattings: ",
                &optional_seq("SupportedVisualizationFormattings"),
                " = None"
            ),
            "    supported_visualization_formattings: Optional[\n        Sequence[\"SupportedVisualizationFormattings\"]\n    ] = None"
        );
    }

    #[test]
    fn parenthesizes_the_value_before_splitting_the_annotation() {
        assert_eq!(
            annotated_assign(
                4,
                "scheduled_plan_destination",
                &optional_seq("WriteScheduledPlanDestination"),
                "None"
            ),
            "    scheduled_plan_destination: Optional[Sequence[\"WriteScheduledPlanDestination\"]] = (\n        None\n    )"
        );
        assert!(
            annotated_assign(
                4,
                "supported_visualization_formattings",
                &optional_seq("SupportedVisualizationFormattings"),
                "None"
            )
            .ends_with("\n    ] = None")
        );
    }

    #[test]
    fn explodes_a_dict_that_does_not_fit() {
        let dict = Expr::Dict(
            (0..8)
                .map(|i| (format!("\"key_{i}\""), format!("value_{i}")))
                .collect(),
        );
        let text = line(16, "query_params=", &dict, ",");
        assert!(
            text.starts_with("                query_params={\n"),
            "{text}"
        );
        assert!(
            text.contains("\n                    \"key_7\": value_7,\n"),
            "{text}"
        );
        assert!(text.ends_with("\n                },"), "{text}");
    }

    #[test]
    fn parenthesizes_a_long_value() {
        let name = "alert_sync_with_dashboard_filter_enabled";
        assert_eq!(
            assign(8, &format!("self.{name}"), name),
            format!("        self.{name} = (\n            {name}\n        )")
        );
    }
}
