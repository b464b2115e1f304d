//! The language-neutral comparison of two models: which operations and types were added,
//! removed or renamed, and what changed in the others.

use std::collections::{BTreeMap, BTreeSet};

use super::{
    ChangeKind, ResponseShape, Subject, encoding_name, kind_name, location_name, mode_name,
    origin_name, spell, status_name, type_status,
};
use crate::model::{Api, Argument, Method, Model, Origin, Param, TypeDef, TypeKind, TypeRef};

/// Every change from `old` to `new`, each with its subject: operations in the new spec's
/// order, then the removed ones in the old spec's; then types by their new name, removed
/// types by their old one.
pub fn compare(old: &Api, new: &Api) -> Vec<(Subject, ChangeKind)> {
    let matched = match_types(old, new);
    let cx = Cx { matched: &matched };
    let mut out = Vec::new();
    for m in &new.methods {
        let subject = Subject::operation(&m.name.wire);
        match old.method(&m.name.wire) {
            None => out.push((
                subject,
                ChangeKind::OperationAdded {
                    verb: m.verb.as_str().to_owned(),
                    path: m.path.clone(),
                    status: status_name(&m.status),
                },
            )),
            Some(o) => {
                for kind in cx.method(o, m) {
                    out.push((subject.clone(), kind));
                }
            }
        }
    }
    for m in old
        .methods
        .iter()
        .filter(|m| new.method(&m.name.wire).is_none())
    {
        out.push((
            Subject::operation(&m.name.wire),
            ChangeKind::OperationRemoved {
                verb: m.verb.as_str().to_owned(),
                path: m.path.clone(),
            },
        ));
    }

    let mut types: Vec<(Subject, Vec<ChangeKind>)> = Vec::new();
    let matched_new: BTreeSet<&str> = matched.values().map(String::as_str).collect();
    for (o, n) in &matched {
        let (od, nd) = (&old.types[o], &new.types[n]);
        types.push((Subject::type_named(o, n), cx.type_def(od, nd)));
    }
    for (name, def) in new
        .types
        .iter()
        .filter(|(n, _)| !matched_new.contains(n.as_str()))
    {
        let from = match &def.origin {
            Origin::Spec => Vec::new(),
            Origin::Write { of, .. } => vec![of.clone()],
            Origin::InlineEnum { uses } => uses.iter().map(|(o, p)| format!("{o}.{p}")).collect(),
        };
        types.push((
            Subject::type_named(name, name),
            vec![ChangeKind::TypeAdded {
                type_kind: kind_name(&def.kind).to_owned(),
                origin: origin_name(&def.origin).to_owned(),
                from,
            }],
        ));
    }
    for (name, def) in old.types.iter().filter(|(n, _)| !matched.contains_key(*n)) {
        types.push((
            Subject::type_named(name, name),
            vec![ChangeKind::TypeRemoved {
                type_kind: kind_name(&def.kind).to_owned(),
                origin: origin_name(&def.origin).to_owned(),
            }],
        ));
    }
    types.sort_by(|a, b| a.0.name.cmp(&b.0.name).then(a.0.old().cmp(b.0.old())));
    for (subject, kinds) in types {
        out.extend(kinds.into_iter().map(|k| (subject.clone(), k)));
    }
    out
}

/// Pairs each old type with the new type it became, by old name.
///
/// Inline enums first, by where they are used: their names follow the spec's layout (a
/// property's name, prefixed by its owner on a clash), so an enum keeps its identity through
/// the properties and parameters that declare it. Pairs sharing the most uses win; a tie goes
/// to the pair that kept its name, then to the one sharing the most values. Every other type,
/// and an inline enum no use connects, pairs with the type of the same name.
fn match_types(old: &Api, new: &Api) -> BTreeMap<String, String> {
    let uses = |def: &TypeDef| -> BTreeSet<(String, String)> {
        match &def.origin {
            Origin::InlineEnum { uses } => uses.iter().cloned().collect(),
            _ => BTreeSet::new(),
        }
    };
    let mut by_use: BTreeMap<(String, String), &str> = BTreeMap::new();
    for (name, def) in &new.types {
        for u in uses(def) {
            by_use.insert(u, name);
        }
    }
    let values = |def: &TypeDef| -> BTreeSet<String> {
        match &def.kind {
            TypeKind::Enum(e) => e.values.iter().map(|v| v.wire.clone()).collect(),
            TypeKind::Model(_) => BTreeSet::new(),
        }
    };
    // (shared uses, kept its name, shared values, old, new)
    let mut candidates: Vec<(usize, bool, usize, &str, &str)> = Vec::new();
    for (name, def) in &old.types {
        let mut overlap: BTreeMap<&str, usize> = BTreeMap::new();
        for u in uses(def) {
            if let Some(n) = by_use.get(&u) {
                *overlap.entry(n).or_default() += 1;
            }
        }
        let old_values = values(def);
        for (n, count) in overlap {
            let shared = values(&new.types[n]).intersection(&old_values).count();
            candidates.push((count, n == name, shared, name, n));
        }
    }
    candidates.sort_by(|a, b| {
        (b.0, b.1, b.2)
            .cmp(&(a.0, a.1, a.2))
            .then_with(|| (a.3, a.4).cmp(&(b.3, b.4)))
    });
    let mut matched: BTreeMap<String, String> = BTreeMap::new();
    let mut taken: BTreeSet<&str> = BTreeSet::new();
    for (_, _, _, o, n) in candidates {
        if !matched.contains_key(o) && !taken.contains(n) {
            matched.insert(o.to_owned(), n.to_owned());
            taken.insert(n);
        }
    }
    for name in old.types.keys() {
        if !matched.contains_key(name)
            && new.types.contains_key(name)
            && !taken.contains(name.as_str())
        {
            matched.insert(name.clone(), name.clone());
            taken.insert(name);
        }
    }
    matched
}

/// What the comparison knows across both models: which type each old type became.
struct Cx<'a> {
    /// Old name to new name, for every old type that has a counterpart ([`match_types`]).
    matched: &'a BTreeMap<String, String>,
}

/// An argument's identity across two specs: a parameter by wire name, or the body.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum ArgKey {
    Param(String),
    Body,
}

impl ArgKey {
    fn of(arg: &Argument<'_>) -> Self {
        match arg {
            Argument::Param(p) => ArgKey::Param(p.name.wire.clone()),
            Argument::Body(_) => ArgKey::Body,
        }
    }

    fn label(&self) -> String {
        match self {
            ArgKey::Param(name) => name.clone(),
            ArgKey::Body => "body".to_owned(),
        }
    }
}

impl Cx<'_> {
    /// Whether an old type is the new one, reading old names through the matching: a renamed
    /// type is the same type, and a removed one is none of the new ones, even one that took its
    /// name.
    fn same(&self, old: &TypeRef, new: &TypeRef) -> bool {
        match (old, new) {
            (TypeRef::Intrinsic(a), TypeRef::Intrinsic(b)) => a == b,
            (TypeRef::Named(a), TypeRef::Named(b)) => self.matched.get(a) == Some(b),
            (TypeRef::Array(a), TypeRef::Array(b))
            | (TypeRef::Map(a), TypeRef::Map(b))
            | (TypeRef::DelimArray(a), TypeRef::DelimArray(b)) => self.same(a, b),
            _ => false,
        }
    }

    fn same_opt(&self, old: Option<&TypeRef>, new: Option<&TypeRef>) -> bool {
        match (old, new) {
            (None, None) => true,
            (Some(a), Some(b)) => self.same(a, b),
            _ => false,
        }
    }

    fn method(&self, old: &Method, new: &Method) -> Vec<ChangeKind> {
        let mut out = Vec::new();
        if (old.verb, &old.path) != (new.verb, &new.path) {
            out.push(ChangeKind::EndpointChanged {
                old: format!("{} {}", old.verb.as_str(), old.path),
                new: format!("{} {}", new.verb.as_str(), new.path),
            });
        }
        if old.tag != new.tag {
            out.push(ChangeKind::TagChanged {
                old: old.tag.clone(),
                new: new.tag.clone(),
            });
        }
        if old.status != new.status {
            out.push(ChangeKind::StatusChanged {
                old: status_name(&old.status),
                new: status_name(&new.status),
            });
        }
        self.params(old, new, &mut out);
        self.arguments(old, new, &mut out);
        self.body(old, new, &mut out);
        let (o, n) = (shape(old), shape(new));
        if !self.same_opt(old.returns.as_ref(), new.returns.as_ref())
            || !self.same_opt(old.declared_returns.as_ref(), new.declared_returns.as_ref())
            || (o.mode.as_str(), o.binary, o.string) != (n.mode.as_str(), n.binary, n.string)
        {
            out.push(ChangeKind::ResponseChanged { old: o, new: n });
        }
        out
    }

    fn params(&self, old: &Method, new: &Method, out: &mut Vec<ChangeKind>) {
        fn find<'m>(params: &'m [Param], wire: &str) -> Option<&'m Param> {
            params.iter().find(|p| p.name.wire == wire)
        }
        for p in &old.params {
            if find(&new.params, &p.name.wire).is_none() {
                out.push(ChangeKind::ParameterRemoved {
                    parameter: p.name.wire.clone(),
                    location: location_name(p.location).to_owned(),
                    required: p.required,
                });
            }
        }
        for n in &new.params {
            let parameter = n.name.wire.clone();
            let Some(o) = find(&old.params, &n.name.wire) else {
                out.push(ChangeKind::ParameterAdded {
                    parameter,
                    location: location_name(n.location).to_owned(),
                    required: n.required,
                    ty: spell(&n.ty),
                });
                continue;
            };
            if o.location != n.location {
                out.push(ChangeKind::ParameterLocationChanged {
                    parameter: parameter.clone(),
                    old: location_name(o.location).to_owned(),
                    new: location_name(n.location).to_owned(),
                });
            }
            if o.required != n.required {
                out.push(ChangeKind::ParameterRequired {
                    parameter: parameter.clone(),
                    required: n.required,
                });
            }
            if !self.same(&o.ty, &n.ty) {
                out.push(ChangeKind::ParameterTypeChanged {
                    parameter: parameter.clone(),
                    old: spell(&o.ty),
                    new: spell(&n.ty),
                });
            }
            if o.deprecated != n.deprecated {
                out.push(ChangeKind::ParameterDeprecated {
                    parameter,
                    deprecated: n.deprecated,
                });
            }
        }
    }

    /// Arguments present in both specs that sit elsewhere in [`Method::arguments`]: what
    /// callers passing arguments by position notice.
    fn arguments(&self, old: &Method, new: &Method, out: &mut Vec<ChangeKind>) {
        let keys = |m: &Method| -> Vec<ArgKey> { m.arguments().iter().map(ArgKey::of).collect() };
        let (o, n) = (keys(old), keys(new));
        let moved = o
            .iter()
            .enumerate()
            .any(|(i, key)| n.iter().position(|k| k == key).is_some_and(|j| j != i));
        if moved {
            out.push(ChangeKind::ArgumentsReordered {
                old: o.iter().map(ArgKey::label).collect(),
                new: n.iter().map(ArgKey::label).collect(),
            });
        }
    }

    fn body(&self, old: &Method, new: &Method, out: &mut Vec<ChangeKind>) {
        match (&old.body, &new.body) {
            (None, None) => {}
            (None, Some(b)) => out.push(ChangeKind::BodyAdded {
                ty: spell(&b.ty),
                required: b.required,
            }),
            (Some(b), None) => out.push(ChangeKind::BodyRemoved { ty: spell(&b.ty) }),
            (Some(o), Some(n)) => {
                if !self.same(&o.ty, &n.ty) {
                    out.push(ChangeKind::BodyTypeChanged {
                        old: spell(&o.ty),
                        new: spell(&n.ty),
                    });
                }
                if o.media_type != n.media_type || o.encoding != n.encoding {
                    out.push(ChangeKind::BodyMediaTypeChanged {
                        old: format!("{} ({})", o.media_type, encoding_name(o.encoding)),
                        new: format!("{} ({})", n.media_type, encoding_name(n.encoding)),
                    });
                }
                if o.required != n.required {
                    out.push(ChangeKind::BodyRequired {
                        required: n.required,
                    });
                }
            }
        }
    }

    fn type_def(&self, old: &TypeDef, new: &TypeDef) -> Vec<ChangeKind> {
        let mut out = Vec::new();
        if old.name.wire != new.name.wire {
            let uses = |def: &TypeDef| -> BTreeSet<String> {
                match &def.origin {
                    Origin::InlineEnum { uses } => {
                        uses.iter().map(|(o, p)| format!("{o}.{p}")).collect()
                    }
                    _ => BTreeSet::new(),
                }
            };
            let (ou, nu) = (uses(old), uses(new));
            out.push(ChangeKind::TypeRenamed {
                old: old.name.wire.clone(),
                new: new.name.wire.clone(),
                uses: ou.intersection(&nu).cloned().collect(),
            });
        }
        let (os, ns) = (type_status(old), type_status(new));
        if os != ns {
            out.push(ChangeKind::StatusChanged { old: os, new: ns });
        }
        match (&old.kind, &new.kind) {
            (TypeKind::Model(o), TypeKind::Model(n)) => self.model(o, n, &mut out),
            (TypeKind::Enum(o), TypeKind::Enum(n)) => {
                let wires = |values: &[crate::model::Name]| -> Vec<String> {
                    values.iter().map(|v| v.wire.clone()).collect()
                };
                let (o, n) = (wires(&o.values), wires(&n.values));
                for v in o.iter().filter(|v| !n.contains(v)) {
                    out.push(ChangeKind::EnumValueRemoved { value: v.clone() });
                }
                for v in n.iter().filter(|v| !o.contains(v)) {
                    out.push(ChangeKind::EnumValueAdded { value: v.clone() });
                }
            }
            (o, n) => out.push(ChangeKind::TypeKindChanged {
                old: kind_name(o).to_owned(),
                new: kind_name(n).to_owned(),
            }),
        }
        out
    }

    fn model(&self, old: &Model, new: &Model, out: &mut Vec<ChangeKind>) {
        fn find<'m>(m: &'m Model, wire: &str) -> Option<&'m crate::model::Property> {
            m.properties.iter().find(|p| p.name.wire == wire)
        }
        for p in &old.properties {
            if find(new, &p.name.wire).is_none() {
                out.push(ChangeKind::PropertyRemoved {
                    property: p.name.wire.clone(),
                    required: p.required,
                    ty: spell(&p.ty),
                });
            }
        }
        for n in &new.properties {
            let property = n.name.wire.clone();
            let Some(o) = find(old, &n.name.wire) else {
                out.push(ChangeKind::PropertyAdded {
                    property,
                    required: n.required,
                    ty: spell(&n.ty),
                });
                continue;
            };
            if o.required != n.required {
                out.push(ChangeKind::PropertyRequired {
                    property: property.clone(),
                    required: n.required,
                });
            }
            if !self.same(&o.ty, &n.ty) {
                out.push(ChangeKind::PropertyTypeChanged {
                    property: property.clone(),
                    old: spell(&o.ty),
                    new: spell(&n.ty),
                });
            }
            if o.deprecated != n.deprecated {
                out.push(ChangeKind::PropertyDeprecated {
                    property,
                    deprecated: n.deprecated,
                });
            }
        }
    }
}

/// What a method returns, in every form an SDK's signature reads.
fn shape(m: &Method) -> ResponseShape {
    let modes = m.response_modes();
    ResponseShape {
        mode: mode_name(m.mode).to_owned(),
        returns: m.returns.as_ref().map(spell),
        declared: m.declared_returns.as_ref().map(spell),
        binary: modes.binary,
        string: modes.string,
    }
}
