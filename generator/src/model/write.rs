//! Write types: the form of a model that a request body takes.
//!
//! Following sdk-codegen: a model needs a write type when it has a read-only property, or a
//! writable property whose type needs one. `WriteX` is X without its read-only properties (and
//! without properties whose type is all read-only), with nested models replaced by their write
//! types. When the spec already defines `WriteX` (Looker's `WriteScheduledPlan`), that schema is
//! X's write type: it is neither shadowed nor duplicated.

use std::collections::{BTreeMap, BTreeSet};

use super::{Method, Model, Name, Origin, Property, TypeDef, TypeKind, TypeRef};

/// Derives write types for every JSON body and points each body at the type it should take.
pub(super) fn add_write_types(types: &mut BTreeMap<String, TypeDef>, methods: &mut [Method]) {
    let mut writer = Writer {
        types,
        memo: BTreeMap::new(),
    };
    for method in methods.iter_mut() {
        if let Some(body) = &mut method.body {
            body.ty = writer.write_ref(&body.spec_ty);
        }
    }
}

struct Writer<'a> {
    types: &'a mut BTreeMap<String, TypeDef>,
    /// Write type name (or `None` for "the model itself") by model name.
    memo: BTreeMap<String, Option<String>>,
}

impl Writer<'_> {
    fn write_ref(&mut self, ty: &TypeRef) -> TypeRef {
        match ty {
            TypeRef::Named(name) => {
                TypeRef::Named(self.write_type(name).unwrap_or_else(|| name.clone()))
            }
            TypeRef::Array(inner) => TypeRef::Array(Box::new(self.write_ref(inner))),
            TypeRef::Map(inner) => TypeRef::Map(Box::new(self.write_ref(inner))),
            TypeRef::DelimArray(inner) => TypeRef::DelimArray(Box::new(self.write_ref(inner))),
            TypeRef::Intrinsic(_) => ty.clone(),
        }
    }

    /// The write type of model `name`, creating it on first use; `None` when the model is
    /// writable as it is.
    fn write_type(&mut self, name: &str) -> Option<String> {
        if let Some(known) = self.memo.get(name) {
            return known.clone();
        }
        if !self.needs_write(name, &mut BTreeSet::new()) {
            self.memo.insert(name.to_owned(), None);
            return None;
        }
        let write_name = format!("Write{name}");
        self.memo.insert(name.to_owned(), Some(write_name.clone()));
        if let Some(TypeDef {
            origin: Origin::Spec,
            ..
        }) = self.types.get(&write_name)
        {
            // The spec's own WriteX is X's write type.
        } else {
            let Some(def) = self.derive(name, &write_name) else {
                self.memo.insert(name.to_owned(), None);
                return None;
            };
            self.types.insert(write_name.clone(), def);
        }
        if let Some(TypeDef {
            kind: TypeKind::Model(model),
            ..
        }) = self.types.get_mut(name)
        {
            model.write_type = Some(write_name.clone());
        }
        Some(write_name)
    }

    fn derive(&mut self, name: &str, write_name: &str) -> Option<TypeDef> {
        let source = self.types.get(name).cloned();
        let Some(TypeDef {
            kind: TypeKind::Model(model),
            status,
            deprecated,
            pointer,
            description,
            ..
        }) = source
        else {
            return None;
        };
        let mut removed = Vec::new();
        let mut properties = Vec::new();
        for prop in model.properties {
            if prop.read_only || self.all_read_only(&prop.ty) {
                removed.push(prop.name.wire);
                continue;
            }
            let complex = !matches!(prop.ty, TypeRef::Intrinsic(_));
            properties.push(Property {
                ty: self.write_ref(&prop.ty),
                // As in sdk-codegen: nested models are optional in write types.
                nullable: prop.nullable || complex,
                ..prop
            });
        }
        let summary = description.map(|d| format!("\n\n{d}")).unwrap_or_default();
        Some(TypeDef {
            name: Name::new(write_name),
            description: Some(format!(
                "Writable form of {name}, for request bodies: without the read-only {}.{summary}",
                if removed.is_empty() {
                    "properties of its nested types".to_owned()
                } else {
                    format!("properties {}", removed.join(", "))
                }
            )),
            status,
            deprecated,
            kind: TypeKind::Model(Model {
                properties,
                write_type: None,
            }),
            origin: Origin::Write {
                of: name.to_owned(),
            },
            pointer,
        })
    }

    fn model(&self, name: &str) -> Option<&Model> {
        match self.types.get(name) {
            Some(TypeDef {
                kind: TypeKind::Model(m),
                origin: Origin::Spec,
                ..
            }) => Some(m),
            _ => None,
        }
    }

    /// A model whose properties are all read-only cannot be written at all.
    fn all_read_only(&self, ty: &TypeRef) -> bool {
        let Some(name) = ty.named() else { return false };
        self.model(name)
            .is_some_and(|m| !m.properties.is_empty() && m.properties.iter().all(|p| p.read_only))
    }

    fn needs_write(&self, name: &str, visiting: &mut BTreeSet<String>) -> bool {
        let Some(model) = self.model(name) else {
            return false;
        };
        if !visiting.insert(name.to_owned()) {
            return false;
        }
        model.properties.iter().any(|p| {
            p.read_only
                || self.all_read_only(&p.ty)
                || p.ty.named().is_some_and(|n| self.needs_write(n, visiting))
        })
    }
}
