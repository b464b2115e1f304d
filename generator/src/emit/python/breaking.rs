//! Which spec changes break code written against the previous `looker-codegen-sdk` package:
//! the Python rules of `looker-codegen diff` ([`crate::diff`]).
//!
//! They follow the official SDK's signatures, which the package keeps: a method takes every
//! argument positionally or by keyword in `Method::arguments` order (required first, an
//! optional one defaults to `None`), so an argument that moves breaks callers passing it by
//! position; a model's `__init__` takes keyword-only arguments, required properties without
//! a default; enums are `enum.Enum` classes whose unknown values decode as
//! `invalid_api_enum_value`. Annotations are not enforced when the code runs, but type-checked
//! callers (mypy) fail on a changed one, so a type change breaks when its annotation is
//! spelled differently.

use super::context::return_type;
use super::types::{PyTypes, Site};
use crate::diff::{ChangeKind, Judge, Subject, Verdict};
use crate::model::{Api, Argument, BodyEncoding, Method, Param, TypeKind};

/// The Python judge of one pair of models, with every class of both named once.
pub(super) struct PythonJudge<'a> {
    old: Side<'a>,
    new: Side<'a>,
}

struct Side<'a> {
    api: &'a Api,
    types: PyTypes,
}

impl<'a> Side<'a> {
    fn new(api: &'a Api) -> Self {
        Side {
            api,
            types: PyTypes::new(api),
        }
    }

    fn method(&self, id: &str) -> Option<&'a Method> {
        self.api.method(id)
    }

    fn param(&self, id: &str, wire: &str) -> Option<&'a Param> {
        self.method(id)?.params.iter().find(|p| p.name.wire == wire)
    }

    /// The annotation of a property in its class (`Optional[...]` aside).
    fn property_type(&self, type_name: &str, wire: &str) -> Option<String> {
        let TypeKind::Model(model) = &self.api.type_def(type_name)?.kind else {
            return None;
        };
        let p = model.properties.iter().find(|p| p.name.wire == wire)?;
        Some(self.types.expr(&p.ty, Site::Models).flat())
    }
}

impl<'a> PythonJudge<'a> {
    pub(super) fn new(old: &'a Api, new: &'a Api) -> Self {
        PythonJudge {
            old: Side::new(old),
            new: Side::new(new),
        }
    }
}

/// The arguments of the Python method, in order, by wire name (`body` for the body).
fn arguments(m: &Method) -> Vec<String> {
    m.arguments()
        .into_iter()
        .map(|arg| match arg {
            Argument::Param(p) => p.name.wire.clone(),
            Argument::Body(_) => "body".to_owned(),
        })
        .collect()
}

/// Compares the Python annotations of one thing on both sides.
fn spelled(old: Option<String>, new: Option<String>, what: &str) -> Verdict {
    match (old, new) {
        (Some(o), Some(n)) if o == n => Verdict::compatible(format!("{what} stays `{n}`")),
        (Some(o), Some(n)) => Verdict::breaks(format!(
            "{what} `{o}` becomes `{n}`: type-checked callers fail"
        )),
        _ => Verdict::breaks(format!("{what} changes")),
    }
}

impl Judge for PythonJudge<'_> {
    fn verdict(&self, subject: &Subject, change: &ChangeKind) -> Verdict {
        let (old_name, name) = (subject.old(), subject.name.as_str());
        match change {
            ChangeKind::OperationAdded { .. } => Verdict::compatible("a new method"),
            ChangeKind::OperationRemoved { .. } => Verdict::breaks("the method is gone"),
            ChangeKind::EndpointChanged { .. } => {
                Verdict::compatible("the same method calls the new endpoint")
            }
            ChangeKind::TagChanged { .. } => {
                Verdict::compatible("every method is on the one `Looker40SDK` class")
            }
            ChangeKind::StatusChanged { .. } => Verdict::compatible("documentation only"),
            ChangeKind::ParameterAdded { required: true, .. } => {
                Verdict::breaks("a new required argument")
            }
            ChangeKind::ParameterAdded { .. } => {
                Verdict::compatible("a new argument that defaults to `None`")
            }
            ChangeKind::ParameterRemoved { .. } => {
                Verdict::breaks("the argument is gone: passing it raises `TypeError`")
            }
            ChangeKind::ParameterRequired { required: true, .. } => {
                Verdict::breaks("the argument loses its default")
            }
            ChangeKind::ParameterRequired { .. } => {
                Verdict::compatible("the argument now defaults to `None`")
            }
            ChangeKind::ParameterTypeChanged { parameter, .. } => {
                let annotation = |side: &Side<'_>, id: &str| {
                    let p = side.param(id, parameter)?;
                    Some(side.types.param_expr(&p.ty).flat())
                };
                spelled(
                    annotation(&self.old, old_name),
                    annotation(&self.new, name),
                    "the argument's annotation",
                )
            }
            ChangeKind::ParameterLocationChanged { .. } => Verdict::compatible(
                "the same argument (a move in the argument order is its own change)",
            ),
            ChangeKind::ArgumentsReordered { .. } => {
                let (Some(o), Some(n)) = (self.old.method(old_name), self.new.method(name)) else {
                    return Verdict::breaks("the method changed");
                };
                let (o, n) = (arguments(o), arguments(n));
                let moved: Vec<&str> = o
                    .iter()
                    .enumerate()
                    .filter(|(i, a)| n.iter().position(|b| b == *a).is_some_and(|j| j != *i))
                    .map(|(_, a)| a.as_str())
                    .collect();
                if moved.is_empty() {
                    Verdict::compatible("every argument keeps its position")
                } else {
                    Verdict::breaks(format!(
                        "arguments passed by position move: {}",
                        moved.join(", ")
                    ))
                }
            }
            ChangeKind::ParameterDeprecated { .. } => {
                Verdict::compatible("documentation only (a `(DEPRECATED)` comment)")
            }
            ChangeKind::BodyAdded { required: true, .. } => {
                Verdict::breaks("a new required argument `body`")
            }
            ChangeKind::BodyAdded { .. } => {
                Verdict::compatible("a new argument `body` that defaults to `None`")
            }
            ChangeKind::BodyRemoved { .. } => {
                Verdict::breaks("the argument `body` is gone: passing it raises `TypeError`")
            }
            ChangeKind::BodyTypeChanged { .. } | ChangeKind::BodyMediaTypeChanged { .. } => {
                let annotation = |side: &Side<'_>, id: &str| {
                    let b = side.method(id)?.body.as_ref()?;
                    Some(match b.encoding {
                        BodyEncoding::Text => "str".to_owned(),
                        BodyEncoding::Json => side.types.expr(&b.ty, Site::Methods).flat(),
                    })
                };
                spelled(
                    annotation(&self.old, old_name),
                    annotation(&self.new, name),
                    "the body's annotation",
                )
            }
            ChangeKind::BodyRequired { required: true } => {
                Verdict::breaks("the argument `body` loses its default")
            }
            ChangeKind::BodyRequired { .. } => {
                Verdict::compatible("the argument `body` now defaults to `None`")
            }
            ChangeKind::ResponseChanged { .. } => spelled(
                self.old
                    .method(old_name)
                    .map(|m| return_type(m, &self.old.types).0.flat()),
                self.new
                    .method(name)
                    .map(|m| return_type(m, &self.new.types).0.flat()),
                "the return annotation",
            ),
            ChangeKind::TypeAdded { .. } => Verdict::compatible("a new class"),
            ChangeKind::TypeRemoved { .. } => Verdict::breaks("the class is gone"),
            ChangeKind::TypeRenamed { old, new, .. } => {
                let (o, n) = (
                    self.old.types.class_name(old),
                    self.new.types.class_name(new),
                );
                if o == n {
                    Verdict::compatible(format!("still `{n}` in Python"))
                } else {
                    Verdict::breaks(format!("the class `{o}` is now `{n}`"))
                }
            }
            ChangeKind::TypeKindChanged { .. } => {
                Verdict::breaks("a model class becomes an enum or the reverse")
            }
            ChangeKind::PropertyAdded { required: true, .. } => {
                Verdict::breaks("a new required keyword argument of `__init__`")
            }
            ChangeKind::PropertyAdded { .. } => {
                Verdict::compatible("a new keyword argument of `__init__` that defaults to `None`")
            }
            ChangeKind::PropertyRemoved { .. } => {
                Verdict::breaks("the attribute and its `__init__` argument are gone")
            }
            ChangeKind::PropertyRequired { required: true, .. } => {
                Verdict::breaks("the `__init__` argument loses its default")
            }
            ChangeKind::PropertyRequired { .. } => {
                Verdict::compatible("the `__init__` argument now defaults to `None`")
            }
            ChangeKind::PropertyTypeChanged { property, .. } => spelled(
                self.old.property_type(old_name, property),
                self.new.property_type(name, property),
                "the attribute's annotation",
            ),
            ChangeKind::PropertyDeprecated { .. } => Verdict::compatible("documentation only"),
            ChangeKind::EnumValueAdded { .. } => Verdict::compatible(
                "a new member (the value decoded as `invalid_api_enum_value` before)",
            ),
            ChangeKind::EnumValueRemoved { .. } => {
                Verdict::breaks("the member is gone: naming it raises `AttributeError`")
            }
        }
    }
}
