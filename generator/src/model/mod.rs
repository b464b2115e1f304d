//! The language-neutral model of the API: what every emitter reads, and all it reads.
//!
//! Built once from the repaired spec by [`build`] (through [`crate::load_api`]). Emitters never see `openapiv3` types; a
//! second language or a spec diff works from these structs alone. Everything here is in a
//! deterministic order: methods and types in spec order, with derived types (write types,
//! inline enums) following the rules in their modules.

mod build;
mod enums;
mod name;
mod write;

use std::collections::BTreeMap;

pub use build::build;
pub use name::Name;

/// The whole API.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    pub info: ApiInfo,
    pub tags: Vec<Tag>,
    /// One per operation, in spec order (path, then verb).
    pub methods: Vec<Method>,
    /// Every named type by its wire name: spec schemas, write types and inline enums.
    pub types: BTreeMap<String, TypeDef>,
}

/// Facts about the spec as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiInfo {
    pub title: String,
    /// `info.version`, e.g. `4.0.26.12`.
    pub spec_version: String,
    /// The API version the SDK talks to, e.g. `4.0` (the base path `/api/4.0`).
    pub api_version: String,
    /// `x-looker-release-version`, e.g. `26.12.3`.
    pub looker_release: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub name: String,
    pub description: Option<String>,
}

/// One operation of the API.
#[derive(Debug, Clone, PartialEq)]
pub struct Method {
    /// From the operationId.
    pub name: Name,
    pub verb: Verb,
    /// The path template as in the spec, e.g. `/users/{user_id}`.
    pub path: String,
    pub path_parts: Vec<PathPart>,
    /// The first tag; Looker gives every operation exactly one.
    pub tag: String,
    pub summary: String,
    pub description: Option<String>,
    pub status: Status,
    pub activity: Activity,
    pub rate_limited: bool,
    /// Parameters in argument order: required before optional; path, body, query within each.
    pub params: Vec<Param>,
    /// The body, when it is one value (JSON or text). Form fields are parameters instead.
    pub body: Option<Body>,
    /// Success responses (2xx), in spec order.
    pub responses: Vec<Response>,
    /// Error responses, in spec order.
    pub errors: Vec<Response>,
    /// How the success body is read, taken over all success media types.
    pub mode: ResponseMode,
    /// The decoded success type; `None` when no success response has a body (204).
    pub returns: Option<TypeRef>,
    /// True for the operation that logs in with credentials (`POST /login`): it is sent
    /// without a token, and its form fields carry secrets.
    pub authenticates: bool,
    /// How to walk the results page by page, when the operation returns a JSON array and
    /// takes optional `limit` and `offset` query parameters.
    pub paging: Option<Paging>,
    /// Where the operation is in the spec.
    pub pointer: String,
}

/// Offset paging: the parameters that select a page, and the array element type.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    /// Wire name of the page size parameter (`limit`).
    pub limit: String,
    /// Wire name of the first-row parameter (`offset`).
    pub offset: String,
    /// The type of one item of a page.
    pub item: TypeRef,
}

/// One argument of a method, in argument order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Argument<'a> {
    Param(&'a Param),
    Body(&'a Body),
}

impl Method {
    /// Parameters and body in argument order, as sdk-codegen orders them: required before
    /// optional; within each, path, then body (and form fields), then query, header, cookie.
    pub fn arguments(&self) -> Vec<Argument<'_>> {
        let rank = |location: Location| match location {
            Location::Path => 0,
            Location::Form => 1,
            Location::Query => 2,
            Location::Header => 3,
            Location::Cookie => 4,
        };
        let mut args: Vec<(bool, u8, Argument<'_>)> = self
            .params
            .iter()
            .map(|p| (!p.required, rank(p.location), Argument::Param(p)))
            .collect();
        if let Some(body) = &self.body {
            // As in Looker's SDKs, the body is always an argument, even where the spec calls it
            // optional (`create_user`): an empty body is an empty value of its type.
            args.push((false, 1, Argument::Body(body)));
        }
        args.sort_by_key(|(optional, rank, _)| (*optional, *rank));
        args.into_iter().map(|(_, _, arg)| arg).collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verb {
    Get,
    Put,
    Post,
    Delete,
    Patch,
    Head,
    Options,
    Trace,
}

impl Verb {
    pub fn as_str(self) -> &'static str {
        match self {
            Verb::Get => "GET",
            Verb::Put => "PUT",
            Verb::Post => "POST",
            Verb::Delete => "DELETE",
            Verb::Patch => "PATCH",
            Verb::Head => "HEAD",
            Verb::Options => "OPTIONS",
            Verb::Trace => "TRACE",
        }
    }
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    Literal(String),
    /// A path parameter, by wire name.
    Param(String),
}

/// `x-looker-status` of an operation or type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Stable,
    Beta,
    Alpha,
    Deprecated,
    Other(String),
}

/// `x-looker-activity-type`: whether a call runs database queries.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Activity {
    None,
    NonQuery,
    DbQuery,
    Other(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: Name,
    pub location: Location,
    pub required: bool,
    pub deprecated: bool,
    pub description: Option<String>,
    pub ty: TypeRef,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Location {
    Path,
    Query,
    Header,
    Cookie,
    /// A field of an `application/x-www-form-urlencoded` body.
    Form,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The type the caller passes: the write type of the spec's schema when it has one.
    pub ty: TypeRef,
    /// The schema the spec names, before write-type substitution.
    pub spec_ty: TypeRef,
    pub encoding: BodyEncoding,
    pub media_type: String,
    pub required: bool,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BodyEncoding {
    Json,
    Text,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: u16,
    pub description: Option<String>,
    /// Each media type with its type and mode, in spec order; empty for 204.
    pub content: Vec<Content>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Content {
    pub media_type: String,
    pub ty: TypeRef,
    pub mode: ResponseMode,
}

/// How a response body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ResponseMode {
    /// Nothing to read (204, or no content declared).
    Empty,
    /// JSON decoded into the declared type.
    Json,
    /// Text (CSV, SQL, SVG, ...): handed over as bytes with the content type.
    Text,
    /// Bytes that are not text (images, PDF, ...): never decoded as UTF-8.
    Binary,
}

impl ResponseMode {
    /// Classifies one media type.
    pub fn of_media_type(media_type: &str) -> Self {
        let essence = media_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        if essence == "application/json" || essence.ends_with("+json") {
            ResponseMode::Json
        } else if essence.starts_with("text/")
            || essence.ends_with("+xml")
            || matches!(
                essence.as_str(),
                "application/xml"
                    | "application/sql"
                    | "application/javascript"
                    | "application/yaml"
            )
        {
            ResponseMode::Text
        } else {
            ResponseMode::Binary
        }
    }
}

/// A reference to a type, as parameters, properties and responses use them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    Intrinsic(Intrinsic),
    /// A named type: a key of [`Api::types`].
    Named(String),
    Array(Box<TypeRef>),
    /// A map with string keys.
    Map(Box<TypeRef>),
    /// An array sent as one comma-delimited value (`a,b,c`).
    DelimArray(Box<TypeRef>),
}

impl TypeRef {
    /// The named type this refers to, directly or as the element of collections.
    pub fn named(&self) -> Option<&str> {
        match self {
            TypeRef::Named(name) => Some(name),
            TypeRef::Intrinsic(_) => None,
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::DelimArray(inner) => {
                inner.named()
            }
        }
    }
}

/// Types every language has a spelling for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Intrinsic {
    String,
    /// `integer` without a format.
    Integer,
    Int32,
    Int64,
    /// `number` without a format.
    Number,
    Float,
    Double,
    Boolean,
    Date,
    DateTime,
    /// `uri` and `uri-reference`.
    Uri,
    Email,
    Uuid,
    Password,
    /// `string` with `format: binary`.
    Binary,
    /// Any JSON value (`type: any` in Looker's spec, or no type at all).
    Any,
    /// A JSON object with no declared properties.
    Object,
}

/// A named type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub name: Name,
    pub description: Option<String>,
    pub status: Status,
    pub deprecated: bool,
    pub kind: TypeKind,
    pub origin: Origin,
    /// Where the type is defined (for derived types: where their source is).
    pub pointer: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Model(Model),
    Enum(EnumType),
}

/// Where a named type comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// `components/schemas`.
    Spec,
    /// A request-body form of the model named here, without its read-only properties.
    Write { of: String },
    /// An enum declared inline on properties; each use as (type, property).
    InlineEnum { uses: Vec<(String, String)> },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub properties: Vec<Property>,
    /// The write type used for request bodies, when this model needs one.
    pub write_type: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Property {
    pub name: Name,
    pub description: Option<String>,
    pub ty: TypeRef,
    pub required: bool,
    pub read_only: bool,
    pub write_only: bool,
    pub nullable: bool,
    pub deprecated: bool,
    /// Holds a credential or token: never to be shown in logs or debug output.
    pub secret: bool,
}

impl Property {
    /// Whether a property named `wire` of type `ty` holds a secret: passwords, tokens and client
    /// secrets (`access_token`, `refresh_token`, `client_secret`, `api_token`, ...).
    pub fn is_secret(wire: &str, ty: &TypeRef) -> bool {
        let name = wire.to_ascii_lowercase();
        match ty {
            TypeRef::Intrinsic(Intrinsic::Password) => true,
            TypeRef::Intrinsic(Intrinsic::String) => {
                name.ends_with("token") || name.ends_with("secret") || name.contains("password")
            }
            _ => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumType {
    /// The wire values, in spec order.
    pub values: Vec<Name>,
}

impl Api {
    pub fn method(&self, operation_id: &str) -> Option<&Method> {
        self.methods.iter().find(|m| m.name.wire == operation_id)
    }

    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.types.get(name)
    }
}
