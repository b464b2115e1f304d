//! The language-neutral model of the API: what every emitter reads, and all it reads.
//!
//! Built once from the repaired spec by [`build`] (through [`crate::load_api`]). Emitters never see `openapiv3` types; a
//! second language or a spec diff works from these structs alone. Everything here is in a
//! deterministic order: methods and types in spec order, with derived types (write types,
//! inline enums) following the rules in their modules.

#![warn(missing_docs)]

mod build;
mod dump;
mod enums;
mod graph;
mod name;
mod write;

use std::collections::{BTreeMap, BTreeSet};

pub use build::build;
pub use dump::dump;
pub use name::Name;

/// The whole API.
///
/// Built by [`build`] and then only read: the indexes below are derived from `methods` and
/// `types` once, so nothing may change those afterwards.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// Title, versions and release of the spec.
    pub info: ApiInfo,
    /// The spec's tags, in spec order.
    pub tags: Vec<Tag>,
    /// One per operation, in spec order (path, then verb).
    pub methods: Vec<Method>,
    /// Every named type by its wire name: spec schemas, write types and inline enums.
    pub types: BTreeMap<String, TypeDef>,
    /// Index into `methods` by operationId, so that lookups do not scan.
    method_index: BTreeMap<String, usize>,
    /// For each named type, the methods and tags that reach it (see [`Api::uses_of`]).
    uses: BTreeMap<String, TypeUses>,
}

/// The methods and tags that use one named type, directly or through other types.
///
/// A method uses every type its parameters, body, success and error responses reach, following
/// properties, array elements and map values through any depth. This is what a language needs
/// to emit only the types of some tags (a later issue turns tags into Cargo features).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TypeUses {
    /// operationIds, sorted.
    pub methods: BTreeSet<String>,
    /// Tags of those methods (every tag of each), sorted.
    pub tags: BTreeSet<String>,
}

/// Facts about the spec as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiInfo {
    /// `info.title`.
    pub title: String,
    /// `info.version`, e.g. `4.0.26.12`.
    pub spec_version: String,
    /// The API version the SDK talks to, e.g. `4.0` (the base path `/api/4.0`).
    pub api_version: String,
    /// `x-looker-release-version`, e.g. `26.12.3`.
    pub looker_release: Option<String>,
    /// `info.description`, when not empty.
    pub description: Option<String>,
}

impl ApiInfo {
    /// The Looker release the spec is of: `x-looker-release-version`, or `info.version` for a
    /// spec that names none. SDK versions and changelog entries follow it.
    pub fn release(&self) -> &str {
        self.looker_release.as_deref().unwrap_or(&self.spec_version)
    }
}

/// One of the spec's tags: the area of the API an operation belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// The tag as operations name it, e.g. `Dashboard`.
    pub name: String,
    /// The tag's description, when not empty.
    pub description: Option<String>,
}

/// One operation of the API.
#[derive(Debug, Clone, PartialEq)]
pub struct Method {
    /// From the operationId.
    pub name: Name,
    /// The HTTP method.
    pub verb: Verb,
    /// The path template as in the spec, e.g. `/users/{user_id}`.
    pub path: String,
    /// `path` cut into literal text and parameters, in order.
    pub path_parts: Vec<PathPart>,
    /// The first tag; Looker gives every operation exactly one. Empty when it has none.
    pub tag: String,
    /// Every tag of the operation, in spec order (`tag` is the first).
    pub tags: Vec<String>,
    /// The operation's one-line summary (empty when the spec has none).
    pub summary: String,
    /// The longer description, when not empty.
    pub description: Option<String>,
    /// `x-looker-status`, or `Deprecated` when the operation is marked deprecated.
    pub status: Status,
    /// `x-looker-activity-type`.
    pub activity: Activity,
    /// `x-looker-rate-limited`.
    pub rate_limited: bool,
    /// Parameters in spec order (path-level first, form fields last); [`Method::arguments`]
    /// puts them in argument order.
    pub params: Vec<Param>,
    /// The body, when it is one value (JSON or text). Form fields are parameters instead.
    pub body: Option<Body>,
    /// Success responses (2xx), in spec order.
    pub responses: Vec<Response>,
    /// Error responses, in spec order.
    pub errors: Vec<Response>,
    /// How the success body is read, taken over all success media types but a 204's: 204 No
    /// Content carries no body, whatever the spec declares.
    pub mode: ResponseMode,
    /// The decoded success type (the first JSON one, else the first), 204s left out as in
    /// `mode`; `None` when no other success response has a body. The Rust SDK returns this.
    pub returns: Option<TypeRef>,
    /// The type the spec declares as the result, as sdk-codegen picks it (its
    /// `primaryResponse`): the first 200's `application/json` content, else the first 200
    /// content, else what a 204 declares. Looker declares a JSON string on most 204s, and the
    /// official SDKs type those calls as returning it (Python's `delete_board -> str`), while
    /// [`Method::returns`] is `None` for them.
    pub declared_returns: Option<TypeRef>,
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
    /// A path, query, header, cookie or form parameter.
    Param(&'a Param),
    /// The request body.
    Body(&'a Body),
}

impl Argument<'_> {
    /// Whether the caller must pass it: a parameter's `required`, the body's
    /// `requestBody.required`.
    pub fn required(&self) -> bool {
        match self {
            Argument::Param(p) => p.required,
            Argument::Body(b) => b.required,
        }
    }
}

/// Which kinds of body a method's responses declare, over all of them (errors included), as
/// sdk-codegen's `responseModes` reads them. Its SDKs type a call that may answer with bytes as
/// returning bytes (`bytes`, or `Union[T, bytes]` beside a decoded or text body).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct ResponseModes {
    /// Some response is binary ([`ResponseMode::Binary`]).
    pub binary: bool,
    /// Some response is JSON or text: sdk-codegen's `string` mode.
    pub string: bool,
}

impl Method {
    /// Parameters and body in sdk-codegen's argument order (its `allParams`), which every
    /// official Looker SDK follows: required before optional ([`Argument::required`]); within
    /// each, path, then body, then query, header and cookie parameters, each in spec order.
    /// A body the spec calls optional is an optional argument, and form fields rank as query
    /// parameters, which is what Looker's spec declares them as (`/login`; the repair moves
    /// them into a form body).
    pub fn arguments(&self) -> Vec<Argument<'_>> {
        self.ordered_arguments(
            |location| match location {
                Location::Path => 0,
                Location::Query | Location::Form => 2,
                Location::Header => 3,
                Location::Cookie => 4,
            },
            |body| body.required,
        )
    }

    /// The order the Rust SDK takes arguments in. It differs from [`Method::arguments`] in two
    /// ways, kept so that the Rust SDK's signatures do not change: the body is always required
    /// (an empty body is an empty value of its type, `create_user`), and form fields rank with
    /// the body, before query parameters.
    pub fn arguments_body_required(&self) -> Vec<Argument<'_>> {
        self.ordered_arguments(
            |location| match location {
                Location::Path => 0,
                Location::Form => 1,
                Location::Query => 2,
                Location::Header => 3,
                Location::Cookie => 4,
            },
            |_| true,
        )
    }

    /// Required before optional, then by `rank`; a stable sort, so spec order within each.
    fn ordered_arguments(
        &self,
        rank: impl Fn(Location) -> u8,
        body_required: impl Fn(&Body) -> bool,
    ) -> Vec<Argument<'_>> {
        let mut args: Vec<(bool, u8, Argument<'_>)> = self
            .params
            .iter()
            .map(|p| (!p.required, rank(p.location), Argument::Param(p)))
            .collect();
        if let Some(body) = &self.body {
            // The body ranks between path and query parameters, as sdk-codegen's `strBody`.
            args.push((!body_required(body), 1, Argument::Body(body)));
        }
        args.sort_by_key(|(optional, rank, _)| (*optional, *rank));
        args.into_iter().map(|(_, _, arg)| arg).collect()
    }

    /// The kinds of body over every response, errors included (see [`ResponseModes`]). A
    /// 204's declared content counts, as it does for sdk-codegen.
    pub fn response_modes(&self) -> ResponseModes {
        let mut modes = ResponseModes::default();
        for content in self
            .responses
            .iter()
            .chain(&self.errors)
            .flat_map(|r| &r.content)
        {
            match content.mode {
                ResponseMode::Binary => modes.binary = true,
                ResponseMode::Json | ResponseMode::Text => modes.string = true,
                ResponseMode::Empty => {}
            }
        }
        modes
    }
}

/// The HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[allow(missing_docs)]
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
    /// The method as HTTP spells it (`GET`).
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
    /// Text copied as it is.
    Literal(String),
    /// A path parameter, by wire name.
    Param(String),
}

/// `x-looker-status` of an operation or type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// `stable`, or no status at all.
    Stable,
    /// `beta`: may change in a later release.
    Beta,
    /// `alpha`: experimental.
    Alpha,
    /// `deprecated` (or the OpenAPI `deprecated` flag on an operation).
    Deprecated,
    /// Any other value, kept as written.
    Other(String),
}

impl Status {
    /// The status as a short label for documentation (`Beta`), `None` when stable.
    pub fn label(&self) -> Option<&str> {
        match self {
            Status::Stable => None,
            Status::Beta => Some("Beta"),
            Status::Alpha => Some("Alpha"),
            Status::Deprecated => Some("Deprecated"),
            Status::Other(_) => Some("Status"),
        }
    }

    /// What the status means to a caller, as a sentence about `what` (`operation`, `type`),
    /// `None` when stable. Every language prints the same words after [`Status::label`].
    pub fn prose(&self, what: &str) -> Option<String> {
        match self {
            Status::Stable => None,
            Status::Beta => Some(format!("Looker may change this {what} in a later release.")),
            Status::Alpha => Some(format!(
                "this {what} is experimental; Looker may change or remove it."
            )),
            Status::Deprecated => Some(format!("Looker plans to remove this {what}.")),
            Status::Other(s) => Some(format!("{s}.")),
        }
    }
}

/// `x-looker-activity-type`: whether a call runs database queries.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Activity {
    /// `none`, or no activity declared.
    None,
    /// `non_query`: no database queries.
    NonQuery,
    /// `db_query`: the call runs queries against a database connection.
    DbQuery,
    /// Any other value, kept as written.
    Other(String),
}

impl Activity {
    /// A sentence for documentation when the activity matters to a caller, `None` otherwise.
    pub fn prose(&self) -> Option<String> {
        match self {
            Activity::DbQuery => Some("Runs database queries.".to_owned()),
            Activity::Other(other) => Some(format!("Activity: {other}.")),
            Activity::None | Activity::NonQuery => None,
        }
    }
}

/// A parameter of a method (path, query, header, cookie or form field).
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The parameter's wire name with its casings.
    pub name: Name,
    /// Where the value travels.
    pub location: Location,
    /// Required by the spec; path parameters always are.
    pub required: bool,
    /// Marked deprecated in the spec.
    pub deprecated: bool,
    /// The parameter's description, when not empty.
    pub description: Option<String>,
    /// The value's type.
    pub ty: TypeRef,
}

/// Where a parameter travels in the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Location {
    /// A segment of the path.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
    /// A field of an `application/x-www-form-urlencoded` body.
    Form,
}

/// The request body of a method, when it is one value.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The type the caller passes: the write type of the spec's schema when it has one.
    pub ty: TypeRef,
    /// The schema the spec names, before write-type substitution.
    pub spec_ty: TypeRef,
    /// How the value is written into the body.
    pub encoding: BodyEncoding,
    /// The declared media type, e.g. `application/json`.
    pub media_type: String,
    /// `requestBody.required` (the body is an argument either way; see [`Method::arguments`]).
    pub required: bool,
    /// The body's description, when not empty.
    pub description: Option<String>,
}

/// How a body value is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BodyEncoding {
    /// Serialized as JSON.
    Json,
    /// Sent as text (`text/plain` and the like).
    Text,
}

/// One response of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The HTTP status code.
    pub status: u16,
    /// The response's description, when not empty.
    pub description: Option<String>,
    /// Each media type with its type and mode, in spec order, as declared (a 204's too; what a
    /// client decodes leaves them out: see [`Method::returns`]).
    pub content: Vec<Content>,
}

/// One media type of a response.
#[derive(Debug, Clone, PartialEq)]
pub struct Content {
    /// The media type as declared, e.g. `text/csv`.
    pub media_type: String,
    /// The declared type of the body.
    pub ty: TypeRef,
    /// How a body of this media type is read.
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
    /// A built-in type.
    Intrinsic(Intrinsic),
    /// A named type: a key of [`Api::types`].
    Named(String),
    /// A JSON array of the inner type.
    Array(Box<TypeRef>),
    /// A map with string keys.
    Map(Box<TypeRef>),
    /// An array sent as one comma-delimited value (`a,b,c`).
    DelimArray(Box<TypeRef>),
}

impl TypeRef {
    /// True for the intrinsics that travel as JSON strings and that every language holds as
    /// its plain string type (see [`Intrinsic::is_textual`]).
    pub fn is_textual(&self) -> bool {
        matches!(self, TypeRef::Intrinsic(i) if i.is_textual())
    }

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
    /// `string`, and `string` with a format no language gives its own type (`byte`, unknown).
    String,
    /// `integer` without a format.
    Integer,
    /// `integer` with `format: int32`.
    Int32,
    /// `integer` with `format: int64`.
    Int64,
    /// `number` without a format.
    Number,
    /// `number` with `format: float`.
    Float,
    /// `number` with `format: double`.
    Double,
    /// `boolean`.
    Boolean,
    /// `string` with `format: date`.
    Date,
    /// `string` with `format: date-time`.
    DateTime,
    /// `uri` and `uri-reference`.
    Uri,
    /// `string` with `format: email`.
    Email,
    /// `string` with `format: uuid`.
    Uuid,
    /// `string` with `format: password`: a secret.
    Password,
    /// `string` with `format: binary`.
    Binary,
    /// Any JSON value (`type: any` in Looker's spec, or no type at all).
    Any,
    /// A JSON object with no declared properties.
    Object,
}

impl Intrinsic {
    /// True for the string formats that carry no type of their own in any SDK (plain strings,
    /// URIs, emails, UUIDs, passwords, binary-as-string): they travel as JSON strings and are
    /// passed, encoded and compared as text. Dates are strings on the wire but not textual.
    pub fn is_textual(self) -> bool {
        matches!(
            self,
            Intrinsic::String
                | Intrinsic::Uri
                | Intrinsic::Email
                | Intrinsic::Uuid
                | Intrinsic::Password
                | Intrinsic::Binary
        )
    }

    /// The spec's name for the type (`int64`, `date-time`, `any`): how language-neutral text such
    /// as the model dump and the diff report spells it.
    pub fn spec_name(self) -> &'static str {
        match self {
            Intrinsic::String => "string",
            Intrinsic::Integer => "integer",
            Intrinsic::Int32 => "int32",
            Intrinsic::Int64 => "int64",
            Intrinsic::Number => "number",
            Intrinsic::Float => "float",
            Intrinsic::Double => "double",
            Intrinsic::Boolean => "boolean",
            Intrinsic::Date => "date",
            Intrinsic::DateTime => "date-time",
            Intrinsic::Uri => "uri",
            Intrinsic::Email => "email",
            Intrinsic::Uuid => "uuid",
            Intrinsic::Password => "password",
            Intrinsic::Binary => "binary",
            Intrinsic::Any => "any",
            Intrinsic::Object => "object",
        }
    }
}

/// A named type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The type's wire name (the key in [`Api::types`]) with its casings.
    pub name: Name,
    /// The type's description, when not empty.
    pub description: Option<String>,
    /// `x-looker-status`.
    pub status: Status,
    /// Marked deprecated in the spec.
    pub deprecated: bool,
    /// A model (properties) or an enum (values).
    pub kind: TypeKind,
    /// Whether the spec defines it or the model derived it.
    pub origin: Origin,
    /// Where the type is defined (for derived types: where their source is).
    pub pointer: String,
}

/// What a named type is.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with properties.
    Model(Model),
    /// A string with a fixed set of values.
    Enum(EnumType),
}

/// Where a named type comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// `components/schemas`.
    Spec,
    /// A request-body form of the model named here, without its read-only properties.
    Write {
        /// The spec model this is the writable form of.
        of: String,
        /// Wire names of the properties of `of` it leaves out (read-only, or of an all
        /// read-only type), in spec order; empty when only nested types changed. The official
        /// SDKs print them ("Dynamic writeable type for X removes: a, b").
        removes: Vec<String>,
    },
    /// An enum declared inline on properties; each use as (type, property).
    InlineEnum {
        /// (type or operationId, property or parameter), in the order found.
        uses: Vec<(String, String)>,
    },
}

/// An object type.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// The properties, in spec order.
    pub properties: Vec<Property>,
    /// The write type used for request bodies, when this model needs one.
    pub write_type: Option<String>,
    /// The write-type rule asked for this model's write type (it is connected to a writing
    /// operation and has properties) and found every property read-only, so a body takes it as
    /// it is. sdk-codegen notes this in the docs of its SDKs ("WARNING: no writeable properties
    /// found for POST, PUT, or PATCH").
    pub unwritable: bool,
}

/// One property of a model.
#[derive(Debug, Clone, PartialEq)]
pub struct Property {
    /// The property's wire name with its casings.
    pub name: Name,
    /// The property's description, when not empty.
    pub description: Option<String>,
    /// The value's type.
    pub ty: TypeRef,
    /// Listed in the model's `required`: see [`Property::presence`].
    pub required: bool,
    /// `readOnly`: the server sets it; write types leave it out.
    pub read_only: bool,
    /// `writeOnly` (or `x-looker-write-only`): the server never sends it back.
    pub write_only: bool,
    /// `nullable`: null is an acceptable value. In write types, also every property that is not
    /// an intrinsic, as sdk-codegen marks them. It does not make a property optional.
    pub nullable: bool,
    /// Marked deprecated in the spec.
    pub deprecated: bool,
    /// Holds a credential or token: never to be shown in logs or debug output.
    pub secret: bool,
    /// Whether the property accepts a number where the spec says string (or the reverse):
    /// Looker's ids travel both ways. Languages that decode strictly read such fields leniently.
    pub id_leniency: Option<IdLeniency>,
    /// Whether the property's type leads back to its own model (see [`Recursion`]).
    pub recursion: Recursion,
}

/// How a property must be present in a value of its model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Presence {
    /// Required and not nullable: a value of its type must be there.
    Required,
    /// Required but nullable: the key must be there, and null is an acceptable value. Looker's
    /// Python SDK keeps such a property a required argument (`WriteAlert.field`), as the Rust
    /// write types do: nullability does not make it optional.
    RequiredNullable,
    /// Not required: it may be left out.
    Optional,
}

/// The id-leniency rule: which properties accept the other JSON type for an id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IdLeniency {
    /// A textual `id` or `*_id`: a number is read as its decimal text.
    String,
    /// An integer `id` or `*_id`: a numeric string is read as the number.
    Integer,
    /// An array of textual `ids` or `*_ids`: numbers among them are read as text.
    StringArray,
}

impl IdLeniency {
    /// The rule for a property named `wire` of type `ty`, if any applies.
    pub fn of(wire: &str, ty: &TypeRef) -> Option<IdLeniency> {
        let id_like = wire == "id" || wire.ends_with("_id");
        let ids_like = wire == "ids" || wire.ends_with("_ids");
        match ty {
            t if id_like && t.is_textual() => Some(IdLeniency::String),
            TypeRef::Intrinsic(Intrinsic::Int64 | Intrinsic::Integer) if id_like => {
                Some(IdLeniency::Integer)
            }
            TypeRef::Array(inner) if ids_like && inner.is_textual() => {
                Some(IdLeniency::StringArray)
            }
            _ => None,
        }
    }
}

/// Whether a property's type leads back to the model that holds it: the recursion graph.
///
/// Languages with values laid out inline (Rust) must box a `Direct` cycle; languages that name
/// classes before defining them (Python) need a forward reference for both kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Recursion {
    /// The type never leads back to the owner.
    None,
    /// The type leads back to the owner only through an array or a map.
    Collection,
    /// The property holds, not behind a collection, a model that holds the owner again the same
    /// way (or the owner itself).
    Direct,
}

impl Property {
    /// Whether the property must be present, following `required` alone (see [`Presence`]).
    pub fn presence(&self) -> Presence {
        match (self.required, self.nullable) {
            (true, false) => Presence::Required,
            (true, true) => Presence::RequiredNullable,
            (false, _) => Presence::Optional,
        }
    }

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

/// An enum type.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumType {
    /// The wire values, in spec order.
    pub values: Vec<Name>,
}

impl Api {
    /// Assembles the API and derives its indexes: the one constructor, used by [`build`].
    fn new(
        info: ApiInfo,
        tags: Vec<Tag>,
        methods: Vec<Method>,
        types: BTreeMap<String, TypeDef>,
    ) -> Self {
        let method_index = methods
            .iter()
            .enumerate()
            .map(|(i, m)| (m.name.wire.clone(), i))
            .collect();
        let uses = graph::uses(&methods, &types);
        Api {
            info,
            tags,
            methods,
            types,
            method_index,
            uses,
        }
    }

    /// The method with this operationId.
    pub fn method(&self, operation_id: &str) -> Option<&Method> {
        self.method_index
            .get(operation_id)
            .map(|&i| &self.methods[i])
    }

    /// The named type with this wire name.
    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.types.get(name)
    }

    /// The methods grouped by tag in sdk-codegen's order, which every official Looker SDK's
    /// methods file follows: tags sorted as its `localeCompare` sorts them
    /// ([`crate::names::locale_cmp`]); within a tag, paths in spec order and each path's
    /// operations in the order GET, PUT, POST, PATCH, DELETE (then HEAD, OPTIONS, TRACE, which
    /// sdk-codegen does not read). A method is listed under its first tag only: sdk-codegen lists
    /// it under every tag, which is the same for Looker's spec (one tag per operation) and would
    /// define a method twice otherwise. The Rust SDK keeps spec order (`methods`), where a
    /// path's DELETE comes before its PATCH.
    pub fn methods_by_tag(&self) -> Vec<(&str, Vec<&Method>)> {
        let verb_rank = |v: Verb| match v {
            Verb::Get => 0,
            Verb::Put => 1,
            Verb::Post => 2,
            Verb::Patch => 3,
            Verb::Delete => 4,
            Verb::Head => 5,
            Verb::Options => 6,
            Verb::Trace => 7,
        };
        let mut path_rank: BTreeMap<&str, usize> = BTreeMap::new();
        for m in &self.methods {
            let next = path_rank.len();
            path_rank.entry(m.path.as_str()).or_insert(next);
        }
        let mut tags: Vec<&str> = self.methods.iter().map(|m| m.tag.as_str()).collect();
        tags.sort_by(|a, b| crate::names::locale_cmp(a, b));
        tags.dedup();
        tags.into_iter()
            .map(|tag| {
                let mut methods: Vec<&Method> =
                    self.methods.iter().filter(|m| m.tag == tag).collect();
                methods.sort_by_key(|m| (path_rank[m.path.as_str()], verb_rank(m.verb)));
                (tag, methods)
            })
            .collect()
    }

    /// The description of a type as the official SDKs print it: its own, or, for an inline
    /// enum without one, that of the property or parameter that declares it first. Looker
    /// describes an array of enum values on the array (`Integration.supported_formats`), and
    /// sdk-codegen gives that text to the enum.
    pub fn declared_description<'a>(&'a self, def: &'a TypeDef) -> Option<&'a str> {
        if let Some(own) = &def.description {
            return Some(own);
        }
        let Origin::InlineEnum { uses } = &def.origin else {
            return None;
        };
        let (owner, name) = uses.first()?;
        match self.types.get(owner).map(|t| &t.kind) {
            Some(TypeKind::Model(model)) => model
                .properties
                .iter()
                .find(|p| &p.name.wire == name)?
                .description
                .as_deref(),
            _ => self
                .method(owner)?
                .params
                .iter()
                .find(|p| &p.name.wire == name)?
                .description
                .as_deref(),
        }
    }

    /// The methods and tags that use the named type `name`; `None` when no method reaches it.
    pub fn uses_of(&self, name: &str) -> Option<&TypeUses> {
        self.uses.get(name)
    }
}
