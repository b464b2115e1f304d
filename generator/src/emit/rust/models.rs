//! The contexts of `models.rs`: one struct or enum per named type, and how each struct is
//! encoded and decoded.
//!
//! Structs do not derive serde's traits: the derive writes a visitor, a field enum and a wrapper
//! type for every leniently read field, which made the models most of the crate's compile time.
//! Each struct instead implements the runtime's `de::Model` (its wire names and, per field, the
//! decoder its type needs, as a `match`) and `ser::Model` (one call per field), and its
//! `Deserialize`/`Serialize` impls call the runtime's generic `de::model` and `ser::model`,
//! which behave as the derive did. Only structs without a `Default` (write types with a
//! required enum or model) keep the derive: decoding starts from the empty value.

use askama::Template;

use super::context::{deprecated_attr, doc_lines, filters, status_note};
use super::names::{claim_type, claim_value};
use super::types::{RustTypes, Site};
use crate::model::{
    IdLeniency, Intrinsic, Model, Origin, Presence, Property, Recursion, TypeDef, TypeKind, TypeRef,
};
use crate::names::Scope;

#[derive(Template)]
#[template(path = "rust/models.rs.askama", escape = "none")]
pub struct Models {
    pub notice: &'static str,
    /// The module's doc comment.
    pub docs: Vec<String>,
    pub items: Vec<Item>,
}

/// One named type in `models.rs`.
pub enum Item {
    Struct(StructCtx),
    Enum(EnumCtx),
}

impl Item {
    /// The type under `cfg` (see [`StructCtx::cfg`]).
    pub fn with_cfg(mut self, cfg: Option<String>) -> Self {
        match &mut self {
            Item::Struct(s) => s.cfg = cfg,
            Item::Enum(e) => e.cfg = cfg,
        }
        self
    }
}

pub struct StructCtx {
    /// The `#[cfg(...)]` of the API areas (Cargo features) that need the type, printed before
    /// the type and each of its impls; `None` when every build needs it.
    pub cfg: Option<String>,
    pub docs: Vec<String>,
    pub attrs: Vec<String>,
    pub name: String,
    pub fields: Vec<FieldCtx>,
    /// A hand-written `Debug` that hides secrets, for structs that hold any.
    pub redacted_debug: Option<Vec<DebugField>>,
    /// The runtime-based serde impls; `None` for a struct that derives them (see the module
    /// docs).
    pub codec: Option<CodecCtx>,
}

/// One field of a redacting `Debug` impl.
pub struct DebugField {
    /// The field name as a string literal.
    pub label: String,
    /// The expression printed for it.
    pub value: String,
}

pub struct FieldCtx {
    pub docs: Vec<String>,
    pub attrs: Vec<String>,
    pub name: String,
    pub ty: String,
}

/// The `de::Model` and `ser::Model` impls of a struct.
pub struct CodecCtx {
    /// The type's name as a string literal (`NAME`).
    pub literal: String,
    /// Every field's wire name as a string literal, in order (`FIELDS`).
    pub wire_names: Vec<String>,
    /// The indexes of the required fields (`REQUIRED`), when there are any.
    pub required: Option<String>,
    /// The fields' arms and calls; `None` for a struct without fields, which the traits'
    /// default methods describe (a `match` with only a `_` arm would not pass clippy).
    pub fields: Option<Vec<CodecField>>,
}

/// How one field is decoded and encoded.
pub struct CodecField {
    /// Its place in `FIELDS`.
    pub index: usize,
    /// Its wire name as a string literal.
    pub wire: String,
    /// The field name.
    pub name: String,
    /// The `de::Values` method that reads it.
    pub decoder: &'static str,
    /// The `ser::Fields` method that writes it: `optional`, `nullable` or `required`.
    pub encoder: &'static str,
}

pub struct EnumCtx {
    /// As [`StructCtx::cfg`].
    pub cfg: Option<String>,
    pub docs: Vec<String>,
    pub name: String,
    pub variants: Vec<VariantCtx>,
}

pub struct VariantCtx {
    pub docs: Vec<String>,
    pub name: String,
    /// The wire value as a Rust string literal.
    pub literal: String,
}

/// How the runtime reads one field (`runtime/src/de.rs`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Decoder {
    /// The field type's own `Deserialize`: enums keep unknown values, `DateTimeValue` keeps any
    /// text, `Option` map values take `null`, nested models read leniently by themselves (a
    /// `null` model without required fields as the empty model).
    Value,
    /// A lenient scalar.
    Scalar,
    /// An array of lenient scalars.
    Scalars,
    /// A map of lenient scalars.
    ScalarMap,
    /// An array of models, `null` elements read as the empty model.
    Models,
    /// A lenient scalar in a `Nullable` (an id of a write type): `null` is `Null`.
    NullableScalar,
    /// An array of lenient scalars in a `Nullable`.
    NullableScalars,
}

impl Decoder {
    /// The `de::Values` method.
    fn method(self) -> &'static str {
        match self {
            Decoder::Value => "value",
            Decoder::Scalar => "scalar",
            Decoder::Scalars => "scalars",
            Decoder::ScalarMap => "scalar_map",
            Decoder::Models => "models",
            Decoder::NullableScalar => "nullable_scalar",
            Decoder::NullableScalars => "nullable_scalars",
        }
    }

    /// The `de` function a derived struct names in `deserialize_with`.
    fn function(self) -> Option<&'static str> {
        match self {
            Decoder::Value => None,
            Decoder::Scalar => Some("lenient"),
            Decoder::Scalars => Some("lenient_vec"),
            Decoder::ScalarMap => Some("lenient_map"),
            Decoder::Models => Some("lenient_models"),
            Decoder::NullableScalar => Some("lenient_nullable"),
            Decoder::NullableScalars => Some("lenient_nullable_vec"),
        }
    }
}

pub fn item(def: &TypeDef, types: &RustTypes<'_>) -> Item {
    let name = types.type_name(&def.name.wire);
    let mut doc = doc_lines(
        def.description.as_deref(),
        &format!("The `{}` type of the Looker API.", def.name.wire),
    );
    status_note(&def.status, "type", &mut doc);
    match &def.kind {
        TypeKind::Enum(e) => {
            if let Origin::InlineEnum { uses } = &def.origin {
                let list: Vec<String> = uses.iter().map(|(t, p)| format!("`{t}.{p}`")).collect();
                doc.push(String::new());
                doc.push(format!("Used by {}.", list.join(", ")));
            }
            let mut scope = Scope::with_reserved(&["Unknown"]);
            let variants = e
                .values
                .iter()
                .map(|v| VariantCtx {
                    docs: vec![format!("`{}`", v.wire.replace('`', "'"))],
                    name: claim_type(&mut scope, &v.pascal),
                    literal: format!("{:?}", v.wire),
                })
                .collect();
            Item::Enum(EnumCtx {
                cfg: None,
                docs: doc,
                name,
                variants,
            })
        }
        TypeKind::Model(model) => {
            let is_write = matches!(def.origin, Origin::Write { .. });
            let mut scope = Scope::default();
            let fields: Vec<Field> = model
                .properties
                .iter()
                .map(|p| field(p, is_write, &mut scope, types))
                .collect();
            let defaultable = fields.iter().all(|f| f.defaultable);
            // Secrets never reach Debug output: such structs print `***` in their place.
            let has_secret = model.properties.iter().any(|p| p.secret);
            let derives = format!(
                "#[derive({}Clone, {}PartialEq{})]",
                if has_secret { "" } else { "Debug, " },
                if defaultable { "Default, " } else { "" },
                if defaultable {
                    ""
                } else {
                    ", serde::Serialize, serde::Deserialize"
                },
            );
            let redacted_debug = has_secret.then(|| {
                model
                    .properties
                    .iter()
                    .zip(&fields)
                    .map(|(p, f)| DebugField {
                        label: format!("{:?}", f.ctx.name.trim_start_matches("r#")),
                        value: match (p.secret, f.optional) {
                            (true, true) => {
                                format!("&self.{}.as_ref().map(|_| \"***\")", f.ctx.name)
                            }
                            (true, false) => "&\"***\"".to_owned(),
                            (false, _) => format!("&self.{}", f.ctx.name),
                        },
                    })
                    .collect()
            });
            let mut attrs = vec![derives];
            if def.deprecated {
                attrs.push(deprecated_attr("type"));
            }
            let codec = defaultable.then(|| codec(&name, &fields));
            Item::Struct(StructCtx {
                cfg: None,
                docs: doc,
                attrs,
                name,
                fields: fields
                    .into_iter()
                    .map(|mut f| {
                        if !defaultable {
                            f.ctx.attrs.splice(0..0, f.serde_attr());
                        }
                        f.ctx
                    })
                    .collect(),
                redacted_debug,
                codec,
            })
        }
    }
}

/// The runtime-based serde impls of a struct with these fields.
fn codec(name: &str, fields: &[Field]) -> CodecCtx {
    let required: Vec<String> = fields
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.optional)
        .map(|(i, _)| i.to_string())
        .collect();
    let arms: Vec<CodecField> = fields
        .iter()
        .enumerate()
        .map(|(index, f)| CodecField {
            index,
            wire: format!("{:?}", f.wire),
            name: f.ctx.name.clone(),
            decoder: f.decoder.method(),
            encoder: match (f.optional, f.nullable) {
                (true, true) => "nullable",
                (true, false) => "optional",
                (false, _) => "required",
            },
        })
        .collect();
    CodecCtx {
        literal: format!("{name:?}"),
        wire_names: arms.iter().map(|f| f.wire.clone()).collect(),
        required: (!required.is_empty()).then(|| required.join(", ")),
        fields: (!arms.is_empty()).then_some(arms),
    }
}

/// One struct field, with what its serde impls need to know.
struct Field {
    ctx: FieldCtx,
    /// The wire name.
    wire: String,
    /// `Option<...>`: may be missing or `null` when decoded, skipped when `None` when encoded.
    optional: bool,
    /// `Nullable<...>` (an optional field too): skipped when `Absent`, `null` when `Null`.
    nullable: bool,
    decoder: Decoder,
    /// Whether its type has a `Default` (so the struct can derive one).
    defaultable: bool,
}

impl Field {
    /// The `#[serde(...)]` attribute of the field in a struct that derives serde's traits.
    fn serde_attr(&self) -> Option<String> {
        let mut serde = Vec::new();
        let bare = self.ctx.name.strip_prefix("r#").unwrap_or(&self.ctx.name);
        if bare != self.wire {
            serde.push(format!("rename = {:?}", self.wire));
        }
        if self.optional {
            serde.push("default".to_owned());
            if let Some(decoder) = self.decoder.function() {
                serde.push(format!(
                    "deserialize_with = \"looker_sdk_rtl::de::{decoder}\""
                ));
            }
            serde.push(
                if self.nullable {
                    "skip_serializing_if = \"crate::Nullable::is_absent\""
                } else {
                    "skip_serializing_if = \"Option::is_none\""
                }
                .to_owned(),
            );
        }
        (!serde.is_empty()).then(|| format!("#[serde({})]", serde.join(", ")))
    }
}

/// Whether the field of `p` is an `Option`. Responses are read forgivingly: every field may be
/// missing or null, whatever the spec says. Only the write types that callers build keep
/// required fields required, nullable or not (as Looker's Python SDK does).
pub(super) fn field_is_optional(p: &Property, is_write: bool) -> bool {
    !is_write || p.presence() == Presence::Optional
}

/// Whether the field of `p` is a `Nullable`: an optional property of a write type that the model
/// marks nullable, where the caller must be able to say "leave it" (absent) apart from "clear it"
/// (`null`, the official Python SDK's `EXPLICIT_NULL`). Required nullable properties stay
/// required, as in the Python SDK; response models read `null` as `None` and need no third state.
pub(super) fn field_is_nullable(p: &Property, is_write: bool) -> bool {
    is_write && p.presence() == Presence::Optional && p.nullable
}

/// The Rust type of the field of `p`, `Option` or `Nullable` included: what callers read and
/// write.
pub(super) fn field_type(p: &Property, is_write: bool, types: &RustTypes<'_>) -> String {
    // Response models hold what the server sent (see `RustTypes::response_value`); the write
    // types callers build keep the declared types, so what the SDK sends is unchanged.
    let mut ty = if is_write {
        types.value(&p.ty, Site::Models)
    } else {
        types.response_value(&p.ty)
    };
    if p.recursion == Recursion::Direct {
        ty = format!("Box<{ty}>");
    }
    if field_is_nullable(p, is_write) {
        format!("crate::Nullable<{ty}>")
    } else if field_is_optional(p, is_write) {
        format!("Option<{ty}>")
    } else {
        ty
    }
}

/// Whether the struct of `model` derives `Default`: every field is an `Option` or of a type
/// with a default.
pub(super) fn struct_has_default(model: &Model, is_write: bool, types: &RustTypes<'_>) -> bool {
    model
        .properties
        .iter()
        .all(|p| field_is_optional(p, is_write) || types.has_default(&p.ty))
}

fn field(p: &Property, is_write: bool, scope: &mut Scope, types: &RustTypes<'_>) -> Field {
    let name = claim_value(scope, &p.name.snake);
    let ty = field_type(p, is_write, types);
    let optional = field_is_optional(p, is_write);
    let nullable = field_is_nullable(p, is_write);
    let decoder = if !optional {
        Decoder::Value
    } else if nullable {
        // A `Nullable` reads `null` as `Null`, through its own `Deserialize` or, for ids, the
        // lenient decoders' `Nullable` twins.
        p.id_leniency
            .map_or(Decoder::Value, |rule| match id_decoder(rule) {
                Decoder::Scalars => Decoder::NullableScalars,
                _ => Decoder::NullableScalar,
            })
    } else if is_write {
        p.id_leniency.map_or(Decoder::Value, id_decoder)
    } else if p.recursion == Recursion::Direct {
        Decoder::Value
    } else {
        response_decoder(&p.ty, types)
    };
    let mut attrs = Vec::new();
    if p.deprecated {
        attrs.push(deprecated_attr("field"));
    }
    let mut docs = doc_lines(p.description.as_deref(), &format!("`{}`", p.name.wire));
    let mut notes = Vec::new();
    if p.read_only {
        notes.push("Read-only.");
    }
    if p.required && optional {
        notes.push("Required by the spec, but decoded leniently.");
    }
    if p.write_only {
        notes.push("Write-only: the server does not send it back.");
    }
    if nullable {
        notes
            .push("`Nullable::Null` sends `null`, which clears the value; `Absent` leaves it out.");
    }
    if !notes.is_empty() {
        docs.push(String::new());
        docs.push(notes.join(" "));
    }
    let defaultable = optional || types.has_default(&p.ty);
    Field {
        ctx: FieldCtx {
            docs,
            attrs,
            name,
            ty,
        },
        wire: p.name.wire.clone(),
        optional,
        nullable,
        decoder,
        defaultable,
    }
}

/// The decoder of an optional field of a write type: only ids are read leniently there, as the
/// model's id-leniency rule says (the SDK sends these types and never decodes them itself).
fn id_decoder(rule: IdLeniency) -> Decoder {
    match rule {
        IdLeniency::String | IdLeniency::Integer => Decoder::Scalar,
        IdLeniency::StringArray => Decoder::Scalars,
    }
}

/// The decoder of a field of a response model of type `ty`: the lenient rules for scalars,
/// arrays and maps of scalars, and arrays of models; the type's own `Deserialize` for the rest,
/// which reads leniently by itself (enums keep unknown values, `DateTimeValue` keeps any text,
/// `Option` map values take `null`) or holds any JSON.
fn response_decoder(ty: &TypeRef, types: &RustTypes<'_>) -> Decoder {
    let scalar = |t: &TypeRef| matches!(t, TypeRef::Intrinsic(i) if lenient_scalar(*i));
    match ty {
        t if scalar(t) => Decoder::Scalar,
        TypeRef::Array(inner) | TypeRef::DelimArray(inner) if scalar(inner) => Decoder::Scalars,
        TypeRef::Array(inner) | TypeRef::DelimArray(inner)
            // A named type with a `Default` is a model (enums have none).
            if matches!(**inner, TypeRef::Named(_)) && types.has_default(inner) =>
        {
            Decoder::Models
        }
        TypeRef::Map(inner) if scalar(inner) => Decoder::ScalarMap,
        _ => Decoder::Value,
    }
}

/// The intrinsics the runtime's `de::Lenient` trait reads: strings, integers, floats and
/// booleans.
fn lenient_scalar(i: Intrinsic) -> bool {
    i.is_textual()
        || matches!(
            i,
            Intrinsic::Integer
                | Intrinsic::Int64
                | Intrinsic::Int32
                | Intrinsic::Number
                | Intrinsic::Float
                | Intrinsic::Double
                | Intrinsic::Boolean
        )
}
