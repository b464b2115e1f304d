//! Write types: the form of a model that a request body takes, derived as Looker's sdk-codegen
//! derives them (`mayGetWriteableType` in its `sdkModels.ts`), so that every SDK has the same set.
//!
//! The rule, for the type of each parameter and body of each method:
//! - only a model named directly gets a write type: arrays, maps and enums never do (a write type
//!   keeps `applied_dashboard_filters: Vec<AlertAppliedDashboardFilter>` as it is);
//! - the model must be connected, through properties in either direction, to a type that a
//!   `POST`, `PUT` or `PATCH` operation uses (sdk-codegen's `anyWriter`);
//! - its writable properties are those that are not read-only and whose type is not all
//!   read-only (a model whose properties are all read-only, or a collection of one); each that
//!   names a model directly takes that model's write type, if it has one;
//! - `WriteX` exists when X has writable properties and they differ from its properties (one
//!   was dropped or took a write type). Its properties keep `required`; every one that is not
//!   an intrinsic is also nullable, as in sdk-codegen (presence follows `required` alone).
//!
//! Everything is judged on the spec's own definitions. A derived `WriteX` replaces a schema of
//! the same name that the spec defines (Looker's `WriteScheduledPlan`), as it does in Looker's
//! SDKs, so references to that schema reach the derived type.

use std::collections::{BTreeMap, BTreeSet};

use super::{Method, Model, Name, Origin, Property, TypeDef, TypeKind, TypeRef, Verb};

/// Derives write types for every parameter and body and points each body at the type it takes.
pub(super) fn add_write_types(types: &mut BTreeMap<String, TypeDef>, methods: &mut [Method]) {
    let mut writer = Writer {
        connected: connected_to_writers(types, methods),
        types,
        memo: BTreeMap::new(),
        derived: BTreeMap::new(),
        in_progress: BTreeSet::new(),
        unwritable: BTreeSet::new(),
    };
    // As sdk-codegen's `makeTypes`, every parameter's type is considered; only bodies take it.
    for method in methods.iter_mut() {
        for param in &method.params {
            writer.write_type(&param.ty);
        }
        if let Some(body) = &mut method.body
            && let Some(write) = writer.write_type(&body.spec_ty)
        {
            body.ty = TypeRef::Named(write);
        }
    }
    let Writer {
        memo,
        derived,
        unwritable,
        ..
    } = writer;
    types.extend(derived);
    for name in unwritable {
        if let Some(TypeDef {
            kind: TypeKind::Model(model),
            ..
        }) = types.get_mut(&name)
        {
            model.unwritable = true;
        }
    }
    for (source, write) in memo {
        if let (
            Some(write),
            Some(TypeDef {
                kind: TypeKind::Model(model),
                origin: Origin::Spec,
                ..
            }),
        ) = (write, types.get_mut(&source))
        {
            model.write_type = Some(write);
        }
    }
}

struct Writer<'a> {
    /// The spec's types (schemas, inline models and enums), never changed while deriving.
    types: &'a BTreeMap<String, TypeDef>,
    /// Types connected to an operation that writes.
    connected: BTreeSet<String>,
    /// Write type name (or `None` for "writable as it is") by model name.
    memo: BTreeMap<String, Option<String>>,
    /// The write types made so far, added to the model at the end.
    derived: BTreeMap<String, TypeDef>,
    /// Models whose write type is being decided, to stop on cycles (where sdk-codegen would
    /// recurse without end): a model met again on the way is taken as it is.
    in_progress: BTreeSet<String>,
    /// Models found to have no writable property at all.
    unwritable: BTreeSet<String>,
}

impl<'a> Writer<'a> {
    /// The write type of `ty`, deriving it on first use; `None` when `ty` is taken as it is.
    fn write_type(&mut self, ty: &TypeRef) -> Option<String> {
        let TypeRef::Named(name) = ty else {
            return None;
        };
        let model = self.model(name)?;
        if !self.connected.contains(name) || model.properties.is_empty() {
            return None;
        }
        if let Some(known) = self.memo.get(name) {
            return known.clone();
        }
        if !self.in_progress.insert(name.clone()) {
            return None;
        }
        let mut removed = Vec::new();
        let mut writable = Vec::new();
        let mut retyped = false;
        for prop in &model.properties {
            if prop.read_only || self.read_only(&prop.ty) {
                removed.push(prop.name.wire.clone());
                continue;
            }
            let ty = match self.write_type(&prop.ty) {
                Some(write) => {
                    retyped = true;
                    TypeRef::Named(write)
                }
                None => prop.ty.clone(),
            };
            writable.push(Property {
                // As in sdk-codegen: everything but intrinsics is nullable in write types.
                nullable: prop.nullable || !matches!(ty, TypeRef::Intrinsic(_)),
                ty,
                ..prop.clone()
            });
        }
        self.in_progress.remove(name);
        if writable.is_empty() {
            self.unwritable.insert(name.clone());
        }
        let write_name = (!writable.is_empty() && (retyped || !removed.is_empty()))
            .then(|| format!("Write{name}"));
        if let Some(write_name) = &write_name {
            let def = self.derive(name, write_name, writable, &removed);
            self.derived.insert(write_name.clone(), def);
        }
        self.memo.insert(name.clone(), write_name.clone());
        write_name
    }

    fn derive(
        &self,
        name: &str,
        write_name: &str,
        properties: Vec<Property>,
        removed: &[String],
    ) -> TypeDef {
        let source = &self.types[name];
        let summary = source
            .description
            .as_ref()
            .map(|d| format!("\n\n{d}"))
            .unwrap_or_default();
        TypeDef {
            name: Name::new(write_name),
            description: Some(format!(
                "Writable form of {name}, for request bodies: without the read-only {}.{summary}",
                if removed.is_empty() {
                    "properties of its nested types".to_owned()
                } else {
                    format!("properties {}", removed.join(", "))
                }
            )),
            status: source.status.clone(),
            deprecated: source.deprecated,
            kind: TypeKind::Model(Model {
                properties,
                write_type: None,
                unwritable: false,
            }),
            origin: Origin::Write {
                of: name.to_owned(),
                removes: removed.to_vec(),
            },
            pointer: source.pointer.clone(),
        }
    }

    /// The spec model named `name`, if it is one (write types are never judged again).
    fn model(&self, name: &str) -> Option<&'a Model> {
        match self.types.get(name) {
            Some(TypeDef {
                kind: TypeKind::Model(m),
                ..
            }) => Some(m),
            _ => None,
        }
    }

    /// sdk-codegen's `readOnly` of a type: a model whose properties are all read-only (an
    /// empty model too), or a collection of one. Such a property cannot be written at all.
    fn read_only(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Intrinsic(_) => false,
            TypeRef::Named(name) => self
                .model(name)
                .is_some_and(|m| m.properties.iter().all(|p| p.read_only)),
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::DelimArray(inner) => {
                self.read_only(inner)
            }
        }
    }
}

/// The types connected, through properties in either direction, to a type that a `POST`, `PUT`
/// or `PATCH` operation names in a parameter, its body or a response (sdk-codegen's `anyWriter`).
fn connected_to_writers(types: &BTreeMap<String, TypeDef>, methods: &[Method]) -> BTreeSet<String> {
    let mut neighbours: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (name, def) in types {
        let TypeKind::Model(model) = &def.kind else {
            continue;
        };
        for held in model.properties.iter().filter_map(|p| p.ty.named()) {
            neighbours.entry(name).or_default().insert(held);
            neighbours.entry(held).or_default().insert(name);
        }
    }
    let mut stack: Vec<&str> = methods
        .iter()
        .filter(|m| matches!(m.verb, Verb::Post | Verb::Put | Verb::Patch))
        .flat_map(|m| {
            m.params
                .iter()
                .map(|p| &p.ty)
                .chain(m.body.iter().map(|b| &b.spec_ty))
                .chain(
                    m.responses
                        .iter()
                        .chain(&m.errors)
                        .flat_map(|r| &r.content)
                        .map(|c| &c.ty),
                )
        })
        .filter_map(TypeRef::named)
        .collect();
    let mut connected = BTreeSet::new();
    while let Some(name) = stack.pop() {
        if connected.insert(name.to_owned()) {
            stack.extend(neighbours.get(name).into_iter().flatten().copied());
        }
    }
    connected
}
