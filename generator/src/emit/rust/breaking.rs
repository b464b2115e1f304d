//! Which spec changes break code written against the previous `looker-sdk` crate: the Rust
//! rules of `looker-codegen diff` ([`crate::diff`]).
//!
//! They follow what the crate is: required parameters (and the body, always) are positional
//! arguments of the method, optional ones setters on its request; the method sits in its first
//! tag's Cargo feature; response models have only `Option` fields, write types keep required
//! fields required; structs derive `Default` where every field has one, so callers build them
//! with `..Default::default()`; enums are exhaustive, with an `Unknown(String)` variant. A type
//! change breaks when the Rust type callers see is spelled differently.

use super::areas::Layout;
use super::context::{body_type, output_type, positional_type, setter_type};
use super::models::{field_is_optional, field_type, struct_has_default};
use super::types::RustTypes;
use crate::diff::{ChangeKind, Judge, Subject, Verdict};
use crate::model::{Api, Argument, Location, Method, Model, Origin, Param, TypeDef, TypeKind};

/// The Rust judge of one pair of models, with every type of both named once.
pub(super) struct RustJudge<'a> {
    old: Side<'a>,
    new: Side<'a>,
}

struct Side<'a> {
    api: &'a Api,
    types: RustTypes<'a>,
    layout: Layout,
}

impl<'a> Side<'a> {
    fn new(api: &'a Api) -> Self {
        Side {
            api,
            types: RustTypes::new(api),
            layout: Layout::new(api),
        }
    }

    /// The Cargo feature of the method's API area.
    fn feature(&self, id: &str) -> Option<&str> {
        let area = self.layout.method_area(id)?;
        Some(self.layout.areas[area].feature.as_str())
    }

    fn method(&self, id: &str) -> Option<&'a Method> {
        self.api.method(id)
    }

    fn param(&self, id: &str, wire: &str) -> Option<&'a Param> {
        self.method(id)?.params.iter().find(|p| p.name.wire == wire)
    }

    fn type_def(&self, name: &str) -> Option<&'a TypeDef> {
        self.api.type_def(name)
    }

    /// The model `name` and whether it is a write type (whose fields keep the spec's types).
    fn model(&self, name: &str) -> Option<(&'a Model, bool)> {
        let def = self.type_def(name)?;
        match &def.kind {
            TypeKind::Model(m) => Some((m, matches!(def.origin, Origin::Write { .. }))),
            TypeKind::Enum(_) => None,
        }
    }

    /// The type the caller passes for `p`: a positional argument's or a setter's.
    fn param_type(&self, p: &Param) -> String {
        if p.required || p.location == Location::Path {
            positional_type(&p.ty, &self.types)
        } else {
            setter_type(&p.ty, &self.types)
        }
    }

    fn field_type(&self, type_name: &str, wire: &str) -> Option<String> {
        let (model, is_write) = self.model(type_name)?;
        let p = model.properties.iter().find(|p| p.name.wire == wire)?;
        Some(field_type(p, is_write, &self.types))
    }
}

impl<'a> RustJudge<'a> {
    pub(super) fn new(old: &'a Api, new: &'a Api) -> Self {
        RustJudge {
            old: Side::new(old),
            new: Side::new(new),
        }
    }
}

/// The arguments of the Rust method, in order: path parameters, required parameters and the
/// body (always), as `Method::arguments_body_required` orders them.
fn positional(m: &Method) -> Vec<String> {
    m.arguments_body_required()
        .into_iter()
        .filter_map(|arg| match arg {
            Argument::Param(p) if p.required || p.location == Location::Path => {
                Some(p.name.wire.clone())
            }
            Argument::Param(_) => None,
            Argument::Body(_) => Some("body".to_owned()),
        })
        .collect()
}

/// Compares the Rust spellings of one thing on both sides.
fn spelled(old: Option<String>, new: Option<String>, what: &str) -> Verdict {
    match (old, new) {
        (Some(o), Some(n)) if o == n => Verdict::compatible(format!("{what} stays `{n}`")),
        (Some(o), Some(n)) => Verdict::breaks(format!("{what} `{o}` becomes `{n}`")),
        _ => Verdict::breaks(format!("{what} changes")),
    }
}

impl Judge for RustJudge<'_> {
    fn verdict(&self, subject: &Subject, change: &ChangeKind) -> Verdict {
        let (old_name, name) = (subject.old(), subject.name.as_str());
        match change {
            ChangeKind::OperationAdded { .. } => Verdict::compatible("a new method"),
            ChangeKind::OperationRemoved { .. } => Verdict::breaks("the method is gone"),
            ChangeKind::EndpointChanged { .. } => {
                Verdict::compatible("the same method calls the new endpoint")
            }
            ChangeKind::TagChanged { .. } => {
                match (self.old.feature(old_name), self.new.feature(name)) {
                    (Some(o), Some(n)) if o == n => {
                        Verdict::compatible(format!("the method stays in Cargo feature `{n}`"))
                    }
                    (o, n) => Verdict::breaks(format!(
                        "the method moves from Cargo feature `{}` to `{}`: crates enabling only the first lose it",
                        o.unwrap_or("?"),
                        n.unwrap_or("?")
                    )),
                }
            }
            ChangeKind::StatusChanged { new, .. } if new == "deprecated" => Verdict::compatible(
                "`#[deprecated]`: a warning, which fails only builds that deny warnings",
            ),
            ChangeKind::StatusChanged { .. } => Verdict::compatible("documentation only"),
            ChangeKind::ParameterAdded { required: true, .. } => {
                Verdict::breaks("a new positional argument")
            }
            ChangeKind::ParameterAdded { .. } => Verdict::compatible("a new setter on the request"),
            ChangeKind::ParameterRemoved { required: true, .. } => {
                Verdict::breaks("a positional argument is gone")
            }
            ChangeKind::ParameterRemoved { .. } => {
                Verdict::breaks("a setter of the request is gone")
            }
            ChangeKind::ParameterRequired { required: true, .. } => {
                Verdict::breaks("a setter becomes a positional argument")
            }
            ChangeKind::ParameterRequired { .. } => {
                Verdict::breaks("a positional argument becomes a setter")
            }
            ChangeKind::ParameterTypeChanged { parameter, .. } => spelled(
                self.old
                    .param(old_name, parameter)
                    .map(|p| self.old.param_type(p)),
                self.new
                    .param(name, parameter)
                    .map(|p| self.new.param_type(p)),
                "the argument's type",
            ),
            ChangeKind::ParameterLocationChanged { .. } | ChangeKind::ArgumentsReordered { .. } => {
                let (Some(o), Some(n)) = (self.old.method(old_name), self.new.method(name)) else {
                    return Verdict::breaks("the method changed");
                };
                let (o, n) = (positional(o), positional(n));
                let kept = |list: &[String], other: &[String]| -> Vec<String> {
                    list.iter().filter(|a| other.contains(a)).cloned().collect()
                };
                let (ko, kn) = (kept(&o, &n), kept(&n, &o));
                if ko == kn {
                    Verdict::compatible("the positional arguments keep their order")
                } else {
                    Verdict::breaks(format!(
                        "positional arguments `{}` become `{}`",
                        ko.join(", "),
                        kn.join(", ")
                    ))
                }
            }
            ChangeKind::ParameterDeprecated { .. } => {
                Verdict::compatible("`#[deprecated]` on a setter: a warning at most")
            }
            ChangeKind::BodyAdded { .. } => {
                Verdict::breaks("a new positional argument (the Rust SDK always takes the body)")
            }
            ChangeKind::BodyRemoved { .. } => Verdict::breaks("the body argument is gone"),
            ChangeKind::BodyTypeChanged { .. } | ChangeKind::BodyMediaTypeChanged { .. } => {
                let body = |side: &Side<'_>, id: &str| {
                    let b = side.method(id)?.body.as_ref()?;
                    Some(body_type(&b.ty, b.encoding, &side.types))
                };
                spelled(
                    body(&self.old, old_name),
                    body(&self.new, name),
                    "the body's type",
                )
            }
            ChangeKind::BodyRequired { .. } => {
                Verdict::compatible("the Rust SDK always takes the body")
            }
            ChangeKind::ResponseChanged { .. } => spelled(
                self.old
                    .method(old_name)
                    .map(|m| output_type(m, &self.old.types)),
                self.new
                    .method(name)
                    .map(|m| output_type(m, &self.new.types)),
                "the result",
            ),
            ChangeKind::TypeAdded { .. } => Verdict::compatible("a new type"),
            ChangeKind::TypeRemoved { .. } => Verdict::breaks("the type is gone"),
            ChangeKind::TypeRenamed { old, new, .. } => {
                let (o, n) = (self.old.types.type_name(old), self.new.types.type_name(new));
                if o == n {
                    Verdict::compatible(format!("still `{n}` in Rust"))
                } else {
                    Verdict::breaks(format!("`{o}` is now `{n}`"))
                }
            }
            ChangeKind::TypeKindChanged { .. } => {
                Verdict::breaks("a struct becomes an enum or the reverse")
            }
            ChangeKind::PropertyAdded { property, .. } => {
                let Some((model, is_write)) = self.new.model(name) else {
                    return Verdict::breaks("the struct changed");
                };
                let required = model
                    .properties
                    .iter()
                    .find(|p| &p.name.wire == property)
                    .is_some_and(|p| !field_is_optional(p, is_write));
                if required {
                    Verdict::breaks("a required field: callers must set it")
                } else if !struct_has_default(model, is_write, &self.new.types) {
                    Verdict::breaks(
                        "a new field of a struct without `Default`: struct literals must name it",
                    )
                } else {
                    Verdict::compatible(
                        "a new `Option` field: struct literals ending in `..Default::default()` still compile",
                    )
                }
            }
            ChangeKind::PropertyRemoved { .. } => Verdict::breaks("the field is gone"),
            ChangeKind::PropertyRequired { property, .. } => spelled(
                self.old.field_type(old_name, property),
                self.new.field_type(name, property),
                "the field's type",
            ),
            ChangeKind::PropertyTypeChanged { property, .. } => spelled(
                self.old.field_type(old_name, property),
                self.new.field_type(name, property),
                "the field's type",
            ),
            ChangeKind::PropertyDeprecated { .. } => {
                Verdict::compatible("`#[deprecated]` on a field: a warning at most")
            }
            ChangeKind::EnumValueAdded { .. } => Verdict::breaks(
                "a new variant: a `match` without a `_` arm stops compiling (the value was `Unknown` before)",
            ),
            ChangeKind::EnumValueRemoved { .. } => Verdict::breaks("the variant is gone"),
        }
    }
}
