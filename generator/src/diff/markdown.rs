//! The Markdown report: a summary with counts, the breaking changes with each language's
//! reason, then every change by section (operations removed, added, changed; types removed,
//! renamed, added, changed).

use std::fmt::Write as _;

use super::{Change, Diff, Release, Section, Subject, SubjectKind};

pub(super) fn render(diff: &Diff) -> String {
    let mut out = String::new();
    let release = |r: &Release| match &r.looker_release {
        Some(release) => format!("Looker {release}"),
        None => format!("spec {}", r.spec_version),
    };
    let _ = writeln!(
        out,
        "# API changes: {} → {}\n",
        release(&diff.old),
        release(&diff.new)
    );
    let _ = writeln!(
        out,
        "{}, spec {} → {}.",
        diff.new.title, diff.old.spec_version, diff.new.spec_version
    );
    let summary = diff.summary();
    let judged = if diff.languages.is_empty() {
        "No language was asked whether a change breaks its callers.".to_owned()
    } else {
        format!(
            "Whether a change breaks existing callers is judged for each SDK: {}.",
            diff.languages.join(", ")
        )
    };
    let _ = writeln!(out, "{judged}\n");

    out.push_str("## Summary\n\n");
    out.push_str("| | added | removed | renamed | changed |\n");
    out.push_str("| --- | ---: | ---: | ---: | ---: |\n");
    let o = &summary.operations;
    let t = &summary.types;
    let _ = writeln!(
        out,
        "| operations | {} | {} | – | {} |",
        o.added, o.removed, o.changed
    );
    let _ = writeln!(
        out,
        "| types | {} | {} | {} | {} |\n",
        t.added,
        t.removed,
        t.renamed.unwrap_or(0),
        t.changed
    );
    let breaking: Vec<String> = summary
        .breaking
        .iter()
        .map(|(lang, n)| format!("{n} for {lang}"))
        .collect();
    let _ = writeln!(
        out,
        "{} change(s) in all{}.\n",
        summary.changes,
        if breaking.is_empty() {
            String::new()
        } else {
            format!("; breaking: {}", breaking.join(", "))
        }
    );

    out.push_str("## Breaking changes\n\n");
    let breaking: Vec<&Change> = diff.changes.iter().filter(|c| c.breaks_any()).collect();
    if breaking.is_empty() {
        out.push_str("None.\n\n");
    }
    for change in &breaking {
        let reasons: Vec<String> = change
            .impact
            .iter()
            .filter(|(_, v)| v.breaking)
            .map(|(lang, v)| format!("{lang}: {}", v.reason))
            .collect();
        let _ = writeln!(
            out,
            "- {}: {} — {}",
            subject_name(&change.subject),
            change.message,
            reasons.join("; ")
        );
    }
    if !breaking.is_empty() {
        out.push('\n');
    }

    let sections = diff.sections();
    for (kind, title) in [
        (SubjectKind::Operation, "Operations"),
        (SubjectKind::Type, "Types"),
    ] {
        for (section, heading) in [
            (Section::Removed, "removed"),
            (Section::Renamed, "renamed"),
            (Section::Added, "added"),
            (Section::Changed, "changed"),
        ] {
            let subjects: Vec<&Subject> = sections
                .iter()
                .filter(|(s, sec)| s.kind == kind && *sec == section)
                .map(|(s, _)| *s)
                .collect();
            if subjects.is_empty() {
                continue;
            }
            let _ = writeln!(out, "## {title} {heading}\n");
            match section {
                Section::Added | Section::Removed => {
                    for subject in subjects {
                        for change in diff.changes_of(subject) {
                            let text = change
                                .message
                                .strip_prefix(match section {
                                    Section::Added => "added: ",
                                    _ => "removed: ",
                                })
                                .unwrap_or(&change.message);
                            let _ = writeln!(
                                out,
                                "- {}: {text}{}",
                                subject_name(subject),
                                marker(change)
                            );
                        }
                    }
                    out.push('\n');
                }
                Section::Renamed | Section::Changed => {
                    for subject in subjects {
                        let _ = writeln!(out, "### {}\n", subject_name(subject));
                        for change in diff.changes_of(subject) {
                            let _ = writeln!(out, "- {}{}", change.message, marker(change));
                        }
                        out.push('\n');
                    }
                }
            }
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// ` — **breaking** for rust, python` when the change breaks some language.
fn marker(change: &Change) -> String {
    let langs: Vec<&str> = change
        .impact
        .iter()
        .filter(|(_, v)| v.breaking)
        .map(|(lang, _)| lang.as_str())
        .collect();
    if langs.is_empty() {
        String::new()
    } else {
        format!(" — **breaking** for {}", langs.join(", "))
    }
}

fn subject_name(subject: &Subject) -> String {
    match &subject.old_name {
        Some(old) => format!("{} (was {})", code(&subject.name), code(old)),
        None => code(&subject.name),
    }
}

/// `text` as a Markdown code span, fenced with more backticks than it contains in a row.
pub(super) fn code(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if longest > 0 || text.starts_with(' ') || text.ends_with(' ') {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}
