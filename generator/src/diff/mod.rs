//! What changed between two specs, for the people who use the SDKs: `looker-codegen diff`.
//!
//! The comparison works on two [`Api`] models, never on the JSON, so it sees what the emitters
//! see: write types, inline enums by the names they get, argument order, what a call returns.
//! [`compare`] is language-neutral: it lists each [`Change`] with its facts. Whether a change
//! breaks code written against the old SDK is a question only a language can answer (a new
//! enum value breaks an exhaustive Rust `match` and no Python code; a new optional parameter
//! in the middle moves Python's positional arguments and no Rust argument), so each language
//! answers it through [`crate::emit::Language::compatibility`], and [`diff`] asks every
//! language that has rules.
//!
//! Inline enums are matched by where they are used (the properties and parameters that
//! declare them), not by name: their names follow the spec's layout, and an enum the spec moved
//! shows as one rename instead of a removal and an unrelated addition.
//!
//! # JSON schema (`--format json`, version 1)
//!
//! Tools read this; fields are only ever added within a version.
//!
//! ```text
//! {
//!   "format": "looker-codegen-diff", "version": 1,
//!   "old": {"title", "spec_version", "looker_release"},   // looker_release may be null
//!   "new": {...},
//!   "languages": ["rust", "python"],                      // the languages judged
//!   "summary": {
//!     "changes": n, "breaking": {"rust": n, ...},          // counts of changes
//!     "operations": {"added", "removed", "changed"},       // counts of operations
//!     "types": {"added", "removed", "renamed", "changed"}  // counts of types
//!   },
//!   "changes": [{
//!     "subject": {"kind": "operation" | "type", "name": "...", "old_name": "..."?},
//!     "change": "<kind>", ...the kind's fields...,
//!     "message": "one line for people",
//!     "impact": {"rust": {"breaking": bool, "reason": "..."}, ...}
//!   }]
//! }
//! ```
//!
//! `subject.name` is the name in the new spec (the old one for removals); `old_name` is there
//! only when the two differ (a renamed type). Types are spelled language-neutrally: `string`,
//! `int64`, `date-time`, ..., a named type by its name, `T[]`, `map<string, T>`,
//! `delimited<T>` (a comma-delimited array). The kinds and their fields are [`ChangeKind`]'s
//! variants in snake case: `operation_added {verb, path, status}`, `parameter_added
//! {parameter, location, required, type}`, `property_type_changed {property, old, new}`, ...

mod compare;
mod markdown;

use indexmap::IndexMap;
use serde::Serialize;

use crate::emit::Language;
use crate::model::{
    Api, BodyEncoding, Location, Origin, ResponseMode, Status, TypeDef, TypeKind, TypeRef,
};

pub use compare::compare;

/// The version of the JSON schema above; raised when a field changes meaning or goes away.
pub const JSON_VERSION: u32 = 1;

/// Two specs compared, each change judged for each language. [`Diff::json`] writes it in the
/// documented schema (with its summary).
#[derive(Debug, Clone, PartialEq)]
pub struct Diff {
    /// The spec users have now.
    pub old: Release,
    /// The spec compared with it.
    pub new: Release,
    /// The languages whose verdicts [`Change::impact`] holds, in the order given.
    pub languages: Vec<String>,
    /// Every change: operations in the new spec's order (removed ones after), then types by
    /// name.
    pub changes: Vec<Change>,
}

/// Which release a spec describes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Release {
    /// `info.title`.
    pub title: String,
    /// `info.version`, e.g. `4.0.26.12`.
    pub spec_version: String,
    /// `x-looker-release-version`, e.g. `26.12.3`.
    pub looker_release: Option<String>,
}

/// One change, with what each language makes of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The operation or type that changed.
    pub subject: Subject,
    /// What changed, with its facts.
    #[serde(flatten)]
    pub kind: ChangeKind,
    /// The change in one line, as the Markdown report prints it.
    pub message: String,
    /// Each judged language's verdict, by language name, in [`Diff::languages`]' order.
    pub impact: IndexMap<String, Verdict>,
}

impl Change {
    /// Whether this change breaks callers in `language` (false when it was not judged).
    pub fn breaks(&self, language: &str) -> bool {
        self.impact.get(language).is_some_and(|v| v.breaking)
    }

    /// Whether it breaks callers in any judged language.
    pub fn breaks_any(&self) -> bool {
        self.impact.values().any(|v| v.breaking)
    }
}

/// What a change is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Subject {
    /// An operation or a type.
    pub kind: SubjectKind,
    /// Its name in the new spec (the old one when it was removed): an operationId or a type's
    /// wire name.
    pub name: String,
    /// Its name in the old spec, when that differs (a renamed inline enum).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_name: Option<String>,
}

impl Subject {
    /// The operation `id`.
    pub fn operation(id: &str) -> Self {
        Subject {
            kind: SubjectKind::Operation,
            name: id.to_owned(),
            old_name: None,
        }
    }

    /// The type called `old` in the old spec and `new` in the new one.
    pub fn type_named(old: &str, new: &str) -> Self {
        Subject {
            kind: SubjectKind::Type,
            name: new.to_owned(),
            old_name: (old != new).then(|| old.to_owned()),
        }
    }

    /// Its name in the old spec.
    pub fn old(&self) -> &str {
        self.old_name.as_deref().unwrap_or(&self.name)
    }
}

/// An operation or a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    /// A method of the API, by operationId.
    Operation,
    /// A named type (model or enum), by wire name.
    Type,
}

/// Whether a change breaks code written against the old SDK of one language, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// True when such code may stop compiling, type-checking, or working.
    pub breaking: bool,
    /// Why, in the language's terms (`a new positional argument`).
    pub reason: String,
}

impl Verdict {
    /// A change that breaks callers, for `reason`.
    pub fn breaks(reason: impl Into<String>) -> Self {
        Verdict {
            breaking: true,
            reason: reason.into(),
        }
    }

    /// A change existing callers do not notice, for `reason`.
    pub fn compatible(reason: impl Into<String>) -> Self {
        Verdict {
            breaking: false,
            reason: reason.into(),
        }
    }
}

/// How one language judges changes between two specs: made by
/// [`Language::compatibility`] once per pair of models, so that it can spell every type of
/// both once.
pub trait Judge {
    /// The verdict on one change. The subject's old name finds it in the old model, its name
    /// in the new one.
    fn verdict(&self, subject: &Subject, change: &ChangeKind) -> Verdict;
}

/// What changed, language-neutrally: the facts each language's [`Judge`] reads.
///
/// Types are spelled by [`spell`]. Parameters and properties are named by wire name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum ChangeKind {
    /// A new operation.
    OperationAdded {
        /// `GET`, `POST`, ...
        verb: String,
        /// The path template.
        path: String,
        /// `stable`, `beta`, `alpha`, `deprecated`, or what the spec says.
        status: String,
    },
    /// An operation the new spec no longer has.
    OperationRemoved { verb: String, path: String },
    /// The same operationId on another verb or path.
    EndpointChanged { old: String, new: String },
    /// The operation's first tag (its API area) changed.
    TagChanged { old: String, new: String },
    /// The status of an operation or a type (`x-looker-status`, or deprecated).
    StatusChanged { old: String, new: String },
    /// A new parameter.
    ParameterAdded {
        parameter: String,
        location: String,
        required: bool,
        #[serde(rename = "type")]
        ty: String,
    },
    /// A parameter the operation no longer takes.
    ParameterRemoved {
        parameter: String,
        location: String,
        required: bool,
    },
    /// A parameter became required (`required: true`) or optional.
    ParameterRequired { parameter: String, required: bool },
    /// A parameter's type changed.
    ParameterTypeChanged {
        parameter: String,
        old: String,
        new: String,
    },
    /// A parameter travels elsewhere (query, path, header, form).
    ParameterLocationChanged {
        parameter: String,
        old: String,
        new: String,
    },
    /// A parameter became deprecated (`deprecated: true`) or no longer is.
    ParameterDeprecated { parameter: String, deprecated: bool },
    /// Arguments present in both specs moved in the argument order every official SDK follows
    /// ([`crate::model::Method::arguments`]): required before optional; path, body, query.
    /// Both orders, by parameter wire name (`body` for the body).
    ArgumentsReordered { old: Vec<String>, new: Vec<String> },
    /// The operation takes a body now.
    BodyAdded {
        #[serde(rename = "type")]
        ty: String,
        required: bool,
    },
    /// The operation takes no body any more.
    BodyRemoved {
        #[serde(rename = "type")]
        ty: String,
    },
    /// The type callers pass as the body changed (its write type, where it has one).
    BodyTypeChanged { old: String, new: String },
    /// The body's media type changed (JSON to text, say).
    BodyMediaTypeChanged { old: String, new: String },
    /// The body became required (`required: true`) or optional.
    BodyRequired { required: bool },
    /// What a call returns changed: the decoded type, how the body is read, or what the spec
    /// declares.
    ResponseChanged {
        old: ResponseShape,
        new: ResponseShape,
    },
    /// A new named type.
    TypeAdded {
        /// `model` or `enum`.
        type_kind: String,
        /// `spec`, `write` (a derived request-body type) or `inline_enum`.
        origin: String,
        /// Where a derived type comes from: the model a write type is written from, or the
        /// `Owner.property` uses of an inline enum.
        from: Vec<String>,
    },
    /// A named type the new spec no longer has.
    TypeRemoved { type_kind: String, origin: String },
    /// An inline enum that gets another name because the spec moved it: matched by the
    /// properties and parameters that use it (`uses`, as `Owner.property`, in both specs).
    TypeRenamed {
        old: String,
        new: String,
        uses: Vec<String>,
    },
    /// A model became an enum or the reverse.
    TypeKindChanged { old: String, new: String },
    /// A new property of a model.
    PropertyAdded {
        property: String,
        required: bool,
        #[serde(rename = "type")]
        ty: String,
    },
    /// A property the model no longer has.
    PropertyRemoved {
        property: String,
        required: bool,
        #[serde(rename = "type")]
        ty: String,
    },
    /// A property became required (`required: true`) or optional.
    PropertyRequired { property: String, required: bool },
    /// A property's type changed.
    PropertyTypeChanged {
        property: String,
        old: String,
        new: String,
    },
    /// A property became deprecated (`deprecated: true`) or no longer is.
    PropertyDeprecated { property: String, deprecated: bool },
    /// A new value of an enum.
    EnumValueAdded { value: String },
    /// A value the enum no longer has.
    EnumValueRemoved { value: String },
}

/// What a call returns, as far as any SDK's signature depends on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResponseShape {
    /// How the success body is read: `empty`, `json`, `text` or `binary`
    /// ([`crate::model::Method::mode`]).
    pub mode: String,
    /// The decoded success type ([`crate::model::Method::returns`]).
    pub returns: Option<String>,
    /// What the spec declares as the result ([`crate::model::Method::declared_returns`]).
    pub declared: Option<String>,
    /// Some response, errors included, is binary ([`crate::model::ResponseModes`]).
    pub binary: bool,
    /// Some response, errors included, is JSON or text.
    pub string: bool,
}

/// Counts over a [`Diff`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Every change.
    pub changes: usize,
    /// The breaking changes, per judged language.
    pub breaking: IndexMap<String, usize>,
    /// Operations added, removed, and changed otherwise.
    pub operations: Counts,
    /// Types added, removed, renamed, and changed otherwise.
    pub types: Counts,
}

/// How many subjects were added, removed, renamed or changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub added: usize,
    pub removed: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renamed: Option<usize>,
    pub changed: usize,
}

/// The section a subject belongs to in a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Section {
    Removed,
    Renamed,
    Added,
    Changed,
}

/// Compares `old` with `new` and has every language in `languages` judge each change.
/// Languages without rules ([`Language::compatibility`] is `None`) are left out.
pub fn diff(old: &Api, new: &Api, languages: &[&dyn Language]) -> Diff {
    let judges: Vec<(&str, Box<dyn Judge + '_>)> = languages
        .iter()
        .filter_map(|l| Some((l.name(), l.compatibility(old, new)?)))
        .collect();
    let changes = compare(old, new)
        .into_iter()
        .map(|(subject, kind)| {
            let impact = judges
                .iter()
                .map(|(name, judge)| ((*name).to_owned(), judge.verdict(&subject, &kind)))
                .collect();
            Change {
                message: message(&kind),
                subject,
                kind,
                impact,
            }
        })
        .collect();
    Diff {
        old: release(old),
        new: release(new),
        languages: judges.iter().map(|(n, _)| (*n).to_owned()).collect(),
        changes,
    }
}

fn release(api: &Api) -> Release {
    Release {
        title: api.info.title.clone(),
        spec_version: api.info.spec_version.clone(),
        looker_release: api.info.looker_release.clone(),
    }
}

impl Diff {
    /// Counts of changes and of the subjects they touch.
    pub fn summary(&self) -> Summary {
        let mut summary = Summary {
            changes: self.changes.len(),
            breaking: self
                .languages
                .iter()
                .map(|l| {
                    (
                        l.clone(),
                        self.changes.iter().filter(|c| c.breaks(l)).count(),
                    )
                })
                .collect(),
            operations: Counts::default(),
            types: Counts {
                renamed: Some(0),
                ..Counts::default()
            },
        };
        for (subject, section) in self.sections() {
            let counts = match subject.kind {
                SubjectKind::Operation => &mut summary.operations,
                SubjectKind::Type => &mut summary.types,
            };
            match section {
                Section::Added => counts.added += 1,
                Section::Removed => counts.removed += 1,
                Section::Renamed => *counts.renamed.get_or_insert(0) += 1,
                Section::Changed => counts.changed += 1,
            }
        }
        summary
    }

    /// Each subject once, with the section it belongs to: added, removed or renamed when one of
    /// its changes says so, changed otherwise.
    pub(crate) fn sections(&self) -> Vec<(&Subject, Section)> {
        let mut out: Vec<(&Subject, Section)> = Vec::new();
        for change in &self.changes {
            let section = match change.kind {
                ChangeKind::OperationAdded { .. } | ChangeKind::TypeAdded { .. } => Section::Added,
                ChangeKind::OperationRemoved { .. } | ChangeKind::TypeRemoved { .. } => {
                    Section::Removed
                }
                ChangeKind::TypeRenamed { .. } => Section::Renamed,
                _ => Section::Changed,
            };
            match out.iter_mut().find(|(s, _)| **s == change.subject) {
                Some((_, existing)) => *existing = (*existing).min(section),
                None => out.push((&change.subject, section)),
            }
        }
        out
    }

    /// The changes of one subject, in order.
    pub fn changes_of<'a>(&'a self, subject: &'a Subject) -> impl Iterator<Item = &'a Change> {
        self.changes.iter().filter(move |c| c.subject == *subject)
    }

    /// The operationIds the new spec adds, in its order.
    pub fn added_operations(&self) -> Vec<&str> {
        self.names_where(|k| matches!(k, ChangeKind::OperationAdded { .. }))
    }

    /// The operationIds the new spec no longer has.
    pub fn removed_operations(&self) -> Vec<&str> {
        self.names_where(|k| matches!(k, ChangeKind::OperationRemoved { .. }))
    }

    fn names_where(&self, pick: impl Fn(&ChangeKind) -> bool) -> Vec<&str> {
        self.changes
            .iter()
            .filter(|c| pick(&c.kind))
            .map(|c| c.subject.name.as_str())
            .collect()
    }

    /// Whether any change breaks callers in any judged language.
    pub fn has_breaking(&self) -> bool {
        self.changes.iter().any(Change::breaks_any)
    }

    /// The report for people: a summary with counts, the breaking changes with their reasons,
    /// then every change by section.
    pub fn markdown(&self) -> String {
        markdown::render(self)
    }

    /// The report for tools, in the schema the module documents.
    pub fn json(&self) -> String {
        #[derive(Serialize)]
        struct Document<'a> {
            format: &'static str,
            version: u32,
            old: &'a Release,
            new: &'a Release,
            languages: &'a [String],
            summary: Summary,
            changes: &'a [Change],
        }
        let document = Document {
            format: "looker-codegen-diff",
            version: JSON_VERSION,
            old: &self.old,
            new: &self.new,
            languages: &self.languages,
            summary: self.summary(),
            changes: &self.changes,
        };
        // Plain data with string keys: serializing cannot fail.
        serde_json::to_string_pretty(&document).unwrap_or_default() + "\n"
    }
}

/// A type spelled language-neutrally: the spec's names for intrinsics, a named type by its
/// name, `T[]`, `map<string, T>`, `delimited<T>`.
pub fn spell(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Intrinsic(i) => i.spec_name().to_owned(),
        TypeRef::Named(name) => name.clone(),
        TypeRef::Array(inner) => format!("{}[]", spell(inner)),
        TypeRef::Map(inner) => format!("map<string, {}>", spell(inner)),
        TypeRef::DelimArray(inner) => format!("delimited<{}>", spell(inner)),
    }
}

/// A status as the JSON and the report spell it.
pub(crate) fn status_name(status: &Status) -> String {
    match status {
        Status::Stable => "stable".to_owned(),
        Status::Beta => "beta".to_owned(),
        Status::Alpha => "alpha".to_owned(),
        Status::Deprecated => "deprecated".to_owned(),
        Status::Other(other) => other.clone(),
    }
}

/// A type's status, with the spec's `deprecated` flag counted as the deprecated status.
pub(crate) fn type_status(def: &TypeDef) -> String {
    if def.deprecated {
        "deprecated".to_owned()
    } else {
        status_name(&def.status)
    }
}

pub(crate) fn location_name(location: Location) -> &'static str {
    match location {
        Location::Path => "path",
        Location::Query => "query",
        Location::Header => "header",
        Location::Cookie => "cookie",
        Location::Form => "form",
    }
}

pub(crate) fn mode_name(mode: ResponseMode) -> &'static str {
    match mode {
        ResponseMode::Empty => "empty",
        ResponseMode::Json => "json",
        ResponseMode::Text => "text",
        ResponseMode::Binary => "binary",
    }
}

pub(crate) fn encoding_name(encoding: BodyEncoding) -> &'static str {
    match encoding {
        BodyEncoding::Json => "json",
        BodyEncoding::Text => "text",
    }
}

pub(crate) fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Model(_) => "model",
        TypeKind::Enum(_) => "enum",
    }
}

pub(crate) fn origin_name(origin: &Origin) -> &'static str {
    match origin {
        Origin::Spec => "spec",
        Origin::Write { .. } => "write",
        Origin::InlineEnum { .. } => "inline_enum",
    }
}

/// The change in one line of Markdown (names in code spans).
fn message(kind: &ChangeKind) -> String {
    use markdown::code;
    let required = |r: bool| if r { "required" } else { "optional" };
    match kind {
        ChangeKind::OperationAdded { verb, path, status } => match status.as_str() {
            "stable" => format!("added: {}", code(&format!("{verb} {path}"))),
            _ => format!("added: {} ({status})", code(&format!("{verb} {path}"))),
        },
        ChangeKind::OperationRemoved { verb, path } => {
            format!("removed: {}", code(&format!("{verb} {path}")))
        }
        ChangeKind::EndpointChanged { old, new } => {
            format!("endpoint {} → {}", code(old), code(new))
        }
        ChangeKind::TagChanged { old, new } => {
            format!("API area (first tag) {} → {}", code(old), code(new))
        }
        ChangeKind::StatusChanged { old, new } => format!("status {old} → {new}"),
        ChangeKind::ParameterAdded {
            parameter,
            location,
            required: r,
            ty,
        } => format!(
            "parameter {} added ({location}, {}, {})",
            code(parameter),
            required(*r),
            code(ty)
        ),
        ChangeKind::ParameterRemoved {
            parameter,
            location,
            required: r,
        } => format!(
            "parameter {} removed (was {location}, {})",
            code(parameter),
            required(*r)
        ),
        ChangeKind::ParameterRequired {
            parameter,
            required: r,
        } => {
            format!("parameter {} is now {}", code(parameter), required(*r))
        }
        ChangeKind::ParameterTypeChanged {
            parameter,
            old,
            new,
        } => format!(
            "parameter {} type {} → {}",
            code(parameter),
            code(old),
            code(new)
        ),
        ChangeKind::ParameterLocationChanged {
            parameter,
            old,
            new,
        } => format!("parameter {} moves from {old} to {new}", code(parameter)),
        ChangeKind::ParameterDeprecated {
            parameter,
            deprecated,
        } => format!(
            "parameter {} is {}",
            code(parameter),
            if *deprecated {
                "now deprecated"
            } else {
                "no longer deprecated"
            }
        ),
        ChangeKind::ArgumentsReordered { old, new } => format!(
            "argument order {} → {}",
            code(&old.join(", ")),
            code(&new.join(", "))
        ),
        ChangeKind::BodyAdded { ty, required: r } => {
            format!("body added ({}, {})", required(*r), code(ty))
        }
        ChangeKind::BodyRemoved { ty } => format!("body removed (was {})", code(ty)),
        ChangeKind::BodyTypeChanged { old, new } => {
            format!("body type {} → {}", code(old), code(new))
        }
        ChangeKind::BodyMediaTypeChanged { old, new } => {
            format!("body media type {} → {}", code(old), code(new))
        }
        ChangeKind::BodyRequired { required: r } => format!("body is now {}", required(*r)),
        ChangeKind::ResponseChanged { old, new } => {
            let mut parts = Vec::new();
            let opt = |t: &Option<String>| t.as_deref().map_or("nothing".to_owned(), code);
            if old.returns != new.returns || old.mode != new.mode {
                parts.push(format!(
                    "returns {} ({}) → {} ({})",
                    opt(&old.returns),
                    old.mode,
                    opt(&new.returns),
                    new.mode
                ));
            }
            if old.declared != new.declared {
                parts.push(format!(
                    "declares {} → {}",
                    opt(&old.declared),
                    opt(&new.declared)
                ));
            }
            if (old.binary, old.string) != (new.binary, new.string) {
                let modes = |s: &ResponseShape| match (s.binary, s.string) {
                    (true, true) => "binary and text",
                    (true, false) => "binary",
                    (false, true) => "text",
                    (false, false) => "none",
                };
                parts.push(format!("response kinds {} → {}", modes(old), modes(new)));
            }
            format!("response: {}", parts.join("; "))
        }
        ChangeKind::TypeAdded {
            type_kind,
            origin,
            from,
        } => {
            let from = from.iter().map(|f| code(f)).collect::<Vec<_>>().join(", ");
            match origin.as_str() {
                "write" => format!("added: write type of {from}"),
                "inline_enum" => format!("added: enum of {from}"),
                _ => format!("added: {type_kind}"),
            }
        }
        ChangeKind::TypeRemoved { type_kind, origin } => match origin.as_str() {
            "write" => "removed: write type".to_owned(),
            "inline_enum" => "removed: inline enum".to_owned(),
            _ => format!("removed: {type_kind}"),
        },
        ChangeKind::TypeRenamed { old, new, uses } => format!(
            "renamed {} → {} (the enum of {})",
            code(old),
            code(new),
            uses.iter().map(|u| code(u)).collect::<Vec<_>>().join(", ")
        ),
        ChangeKind::TypeKindChanged { old, new } => format!("was a {old}, now a {new}"),
        ChangeKind::PropertyAdded {
            property,
            required: r,
            ty,
        } => format!(
            "property {} added ({}, {})",
            code(property),
            required(*r),
            code(ty)
        ),
        ChangeKind::PropertyRemoved {
            property,
            required: r,
            ty,
        } => format!(
            "property {} removed (was {}, {})",
            code(property),
            required(*r),
            code(ty)
        ),
        ChangeKind::PropertyRequired {
            property,
            required: r,
        } => {
            format!("property {} is now {}", code(property), required(*r))
        }
        ChangeKind::PropertyTypeChanged { property, old, new } => format!(
            "property {} type {} → {}",
            code(property),
            code(old),
            code(new)
        ),
        ChangeKind::PropertyDeprecated {
            property,
            deprecated,
        } => format!(
            "property {} is {}",
            code(property),
            if *deprecated {
                "now deprecated"
            } else {
                "no longer deprecated"
            }
        ),
        ChangeKind::EnumValueAdded { value } => format!("value {} added", code(value)),
        ChangeKind::EnumValueRemoved { value } => format!("value {} removed", code(value)),
    }
}
