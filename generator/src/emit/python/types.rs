//! Python type expressions for model types, as sdk-codegen's `python.gen.ts` maps them.

use std::collections::BTreeMap;

use super::layout::Expr;
use super::names;
use crate::model::{Api, Intrinsic, TypeRef};

/// Where a type is spelled: in `models.py` model types are forward references (`"User"`); in
/// `methods.py` they are qualified by the models module (`mdls.User`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Site {
    Models,
    Methods,
}

/// The Python class name of every named type.
pub struct PyTypes {
    class_names: BTreeMap<String, String>,
    enums: std::collections::BTreeSet<String>,
}

impl PyTypes {
    pub fn new(api: &Api) -> Self {
        let mut scope = names::class_scope();
        let class_names = api
            .types
            .iter()
            .map(|(wire, def)| {
                (
                    wire.clone(),
                    names::claim_class(&mut scope, wire, &def.name.pascal),
                )
            })
            .collect();
        let enums = api
            .types
            .iter()
            .filter(|(_, def)| matches!(def.kind, crate::model::TypeKind::Enum(_)))
            .map(|(wire, _)| wire.clone())
            .collect();
        PyTypes { class_names, enums }
    }

    /// The annotation of a parameter. The runtime sends query values that are scalars or
    /// sequences (`api_methods.TQueryParams`) and cannot encode enum members: an object-typed
    /// parameter is passed as its JSON text and an enum-typed one as its value, both `str`, as
    /// the official SDK types them.
    pub fn param_expr(&self, ty: &TypeRef) -> Expr {
        match ty {
            TypeRef::Map(_) => Expr::atom("str"),
            TypeRef::Named(name) if self.enums.contains(name) => Expr::atom("str"),
            TypeRef::Array(inner) => Expr::sub("Sequence", vec![self.param_expr(inner)]),
            TypeRef::DelimArray(inner) => {
                Expr::sub("mdls.DelimSequence", vec![self.param_expr(inner)])
            }
            _ => self.expr(ty, Site::Methods),
        }
    }

    pub fn class_name(&self, wire: &str) -> String {
        self.class_names
            .get(wire)
            .cloned()
            .unwrap_or_else(|| wire.to_owned())
    }

    /// The annotation of a value of type `ty`.
    pub fn expr(&self, ty: &TypeRef, site: Site) -> Expr {
        match ty {
            TypeRef::Intrinsic(i) => Expr::atom(intrinsic(*i)),
            TypeRef::Named(name) => {
                let class = self.class_name(name);
                Expr::Atom(match site {
                    Site::Models => format!("\"{class}\""),
                    Site::Methods => format!("mdls.{class}"),
                })
            }
            TypeRef::Array(inner) => Expr::sub("Sequence", vec![self.expr(inner, site)]),
            TypeRef::Map(inner) => {
                // As sdk-codegen does: a map of strings is typed as a map of anything, since
                // Looker sends other values in such maps (`vis_config`).
                let value = match **inner {
                    TypeRef::Intrinsic(Intrinsic::String) => Expr::atom("Any"),
                    _ => self.expr(inner, site),
                };
                Expr::sub("MutableMapping", vec![Expr::atom("str"), value])
            }
            TypeRef::DelimArray(inner) => Expr::sub(
                match site {
                    Site::Models => "DelimSequence",
                    Site::Methods => "mdls.DelimSequence",
                },
                vec![self.expr(inner, site)],
            ),
        }
    }
}

/// sdk-codegen's Python spelling of each intrinsic.
fn intrinsic(i: Intrinsic) -> &'static str {
    match i {
        Intrinsic::String
        | Intrinsic::Password
        | Intrinsic::Uri
        | Intrinsic::Email
        | Intrinsic::Uuid => "str",
        // sdk-codegen types an object without declared properties as `str`.
        Intrinsic::Object => "str",
        Intrinsic::Integer | Intrinsic::Int32 | Intrinsic::Int64 => "int",
        Intrinsic::Number | Intrinsic::Float | Intrinsic::Double => "float",
        Intrinsic::Boolean => "bool",
        Intrinsic::Date | Intrinsic::DateTime => "datetime.datetime",
        Intrinsic::Binary => "bytes",
        Intrinsic::Any => "Any",
    }
}

impl PyTypes {
    /// Whether a path parameter of this type is percent-encoded (sdk-codegen's `doEncode`:
    /// strings and dates; enum parameters are strings too).
    pub fn encodes_path(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Intrinsic(i) => {
                matches!(i, Intrinsic::String | Intrinsic::Date | Intrinsic::DateTime)
            }
            TypeRef::Named(name) => self.enums.contains(name),
            _ => false,
        }
    }
}
