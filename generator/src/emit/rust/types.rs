//! Rust spellings of model types: fields, parameters and outputs.

use std::collections::BTreeMap;

use crate::model::{Api, Intrinsic, TypeDef, TypeKind, TypeRef};
use crate::names::Scope;

use super::names;

/// Maps model types to Rust, knowing the whole API (for type names).
pub struct RustTypes<'a> {
    api: &'a Api,
    /// The Rust name of every named type, by wire name, unique in `models.rs`.
    type_names: BTreeMap<String, String>,
}

/// Where a type is written: inside `models.rs` or elsewhere in the crate.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Site {
    Models,
    Crate,
}

impl<'a> RustTypes<'a> {
    /// Names every type through the shared allocator: types whose wire name is already their
    /// Rust spelling claim it first, so two schemas that map to one name (`Foo` and `foo`, or a
    /// spec's `write_foo` beside the derived `WriteFoo`) never move a name that needed no change.
    pub fn new(api: &'a Api) -> Self {
        let mut scope = Scope::with_reserved(names::MODEL_NAMES);
        let mut type_names = BTreeMap::new();
        let exact = |d: &&TypeDef| names::type_name(&d.name.pascal) == d.name.wire;
        let (first, rest): (Vec<&TypeDef>, Vec<&TypeDef>) = api.types.values().partition(exact);
        for def in first.into_iter().chain(rest) {
            let name = names::claim_type(&mut scope, &def.name.pascal);
            type_names.insert(def.name.wire.clone(), name);
        }
        RustTypes { api, type_names }
    }

    /// The Rust name of every named type: the names other public items of the crate (the
    /// request builders) leave to them.
    pub fn names(&self) -> Vec<&str> {
        self.type_names.values().map(String::as_str).collect()
    }

    /// The Rust name of the named type `name`.
    pub fn type_name(&self, name: &str) -> String {
        self.type_names.get(name).cloned().unwrap_or_else(|| {
            // A reference the model did not resolve: spell it, for an error that names it.
            names::type_name(&crate::model::Name::new(name).pascal)
        })
    }

    /// The Rust type of a value of `ty` (a field, a body, a response).
    pub fn value(&self, ty: &TypeRef, site: Site) -> String {
        match ty {
            TypeRef::Intrinsic(i) => intrinsic(*i).to_owned(),
            TypeRef::Named(name) => match site {
                Site::Models => self.type_name(name),
                Site::Crate => format!("models::{}", self.type_name(name)),
            },
            TypeRef::Array(inner) | TypeRef::DelimArray(inner) => {
                format!("Vec<{}>", self.value(inner, site))
            }
            TypeRef::Map(inner) => format!("BTreeMap<String, {}>", self.value(inner, site)),
        }
    }

    /// The Rust type of a response model's field of `ty`: as [`RustTypes::value`], except where
    /// Looker's servers send what the declared type cannot hold. Dates and times are
    /// `DateTimeValue`s (timestamps without a zone, bare dates, timestamps in date fields), and
    /// the values of maps are `Option`s (`{"k": null}`), unless they hold any JSON already.
    pub fn response_value(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Intrinsic(Intrinsic::Date | Intrinsic::DateTime) => {
                "crate::DateTimeValue".to_owned()
            }
            TypeRef::Array(inner) | TypeRef::DelimArray(inner) => {
                format!("Vec<{}>", self.response_value(inner))
            }
            TypeRef::Map(inner) if **inner != TypeRef::Intrinsic(Intrinsic::Any) => {
                format!("BTreeMap<String, Option<{}>>", self.response_value(inner))
            }
            _ => self.value(ty, Site::Models),
        }
    }

    /// True when `ty` names an enum.
    pub fn is_enum(&self, ty: &TypeRef) -> bool {
        matches!(ty, TypeRef::Named(n) if matches!(self.api.types.get(n), Some(TypeDef { kind: TypeKind::Enum(_), .. })))
    }

    /// True when `ty` has a `Default` in Rust (so a struct holding it can derive Default).
    pub fn has_default(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Intrinsic(Intrinsic::Date | Intrinsic::DateTime) => false,
            TypeRef::Intrinsic(_)
            | TypeRef::Array(_)
            | TypeRef::Map(_)
            | TypeRef::DelimArray(_) => true,
            TypeRef::Named(name) => matches!(
                self.api.types.get(name),
                Some(TypeDef {
                    kind: TypeKind::Model(_),
                    ..
                })
            ),
        }
    }
}

pub fn intrinsic(i: Intrinsic) -> &'static str {
    match i {
        Intrinsic::String
        | Intrinsic::Uri
        | Intrinsic::Email
        | Intrinsic::Uuid
        | Intrinsic::Password
        | Intrinsic::Binary => "String",
        Intrinsic::Integer | Intrinsic::Int64 => "i64",
        Intrinsic::Int32 => "i32",
        Intrinsic::Number | Intrinsic::Float | Intrinsic::Double => "f64",
        Intrinsic::Boolean => "bool",
        Intrinsic::Date => "chrono::NaiveDate",
        Intrinsic::DateTime => "chrono::DateTime<chrono::Utc>",
        Intrinsic::Any => "serde_json::Value",
        Intrinsic::Object => "serde_json::Map<String, serde_json::Value>",
    }
}
