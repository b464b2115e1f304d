//! Lowering the repaired spec into the model, in two passes so forward references cost nothing.
//!
//! Pass one reserves every `components/schemas` name; pass two lowers schemas, then operations,
//! then derives write types for request bodies. Every error names a JSON pointer.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, OpenAPI, Operation, Parameter, ParameterSchemaOrContent, QueryStyle,
    ReferenceOr, RequestBody, Schema, SchemaData, SchemaKind, StatusCode, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::enums::{InlineEnum, Registry};
use super::{
    Activity, Api, ApiInfo, Body, BodyEncoding, Content, IdLeniency, Intrinsic, Location, Method,
    Model, Name, Origin, Paging, Param, PathPart, Property, Recursion, Response, ResponseMode,
    Status, Tag, TypeDef, TypeKind, TypeRef, Verb,
};
use crate::error::{Error, Result};
use crate::spec::pointer::join;

const SCHEMA_REF: &str = "#/components/schemas/";
const FORM: &str = "application/x-www-form-urlencoded";

/// Builds the model from a repaired spec. Callers start from [`crate::load_api`], which loads,
/// repairs and then calls this; it stays public for tests that compare two parsed specs.
pub fn build(spec: &OpenAPI) -> Result<Api> {
    let empty = IndexMap::new();
    let schemas = spec.components.as_ref().map_or(&empty, |c| &c.schemas);
    let mut lower = Lower {
        spec,
        schemas,
        types: BTreeMap::new(),
        taken: schemas
            .keys()
            .map(|k| Name::new(k.as_str()).pascal)
            .collect(),
        enums: Registry::default(),
    };
    for (name, schema) in schemas {
        let ptr = join("/components/schemas", name);
        let def = lower.component(name, schema, &ptr)?;
        lower.types.insert(name.clone(), def);
    }
    let mut methods = Vec::new();
    for (path, item) in &spec.paths.paths {
        let item_ptr = join("/paths", path);
        let ReferenceOr::Item(item) = item else {
            return Err(Error::spec(item_ptr, "path item $ref is not supported"));
        };
        for (verb_str, op) in item.iter() {
            let verb = parse_verb(verb_str);
            let ptr = join(&item_ptr, verb_str);
            methods.push(lower.method(path, verb, &item.parameters, op, &ptr)?);
        }
    }
    let mut types = lower.types;
    super::write::add_write_types(&mut types, &mut methods);
    super::graph::mark_recursion(&mut types);
    let tags = spec
        .tags
        .iter()
        .map(|t| Tag {
            name: t.name.clone(),
            description: non_empty(t.description.as_deref()),
        })
        .collect();
    Ok(Api::new(info(spec), tags, methods, types))
}

struct Lower<'a> {
    spec: &'a OpenAPI,
    schemas: &'a IndexMap<String, ReferenceOr<Schema>>,
    types: BTreeMap<String, TypeDef>,
    /// UpperCamelCase spellings of every type name in use, for enum naming.
    taken: BTreeSet<String>,
    enums: Registry,
}

impl Lower<'_> {
    fn component(
        &mut self,
        name: &str,
        schema: &ReferenceOr<Schema>,
        ptr: &str,
    ) -> Result<TypeDef> {
        let ReferenceOr::Item(schema) = schema else {
            return Err(Error::spec(
                ptr,
                "a component schema that is only a $ref is not supported",
            ));
        };
        let data = &schema.schema_data;
        let kind = match object_parts(schema) {
            Some((props, required)) if !props.is_empty() || !is_map(schema) => {
                TypeKind::Model(self.model(name, props, required, ptr)?)
            }
            _ => {
                return Err(Error::spec(
                    ptr,
                    "a component schema must be an object with properties",
                ));
            }
        };
        Ok(TypeDef {
            name: Name::new(name),
            description: non_empty(data.description.as_deref()),
            status: status(data.extensions.get("x-looker-status")),
            deprecated: deprecated(data),
            kind,
            origin: Origin::Spec,
            pointer: ptr.to_owned(),
        })
    }

    fn model(
        &mut self,
        owner: &str,
        props: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        ptr: &str,
    ) -> Result<Model> {
        let mut properties = Vec::with_capacity(props.len());
        for (prop_name, prop) in props {
            let prop_ptr = join(&join(ptr, "properties"), prop_name);
            let data = match prop {
                ReferenceOr::Item(s) => Some(&s.schema_data),
                ReferenceOr::Reference { .. } => None,
            };
            let ty = self.type_ref_boxed(prop, &prop_ptr, Some((owner, prop_name)))?;
            properties.push(Property {
                name: Name::new(prop_name.as_str()),
                description: data.and_then(|d| non_empty(d.description.as_deref())),
                required: required.contains(prop_name),
                read_only: data.is_some_and(|d| d.read_only),
                write_only: data.is_some_and(|d| {
                    d.write_only
                        || d.extensions.get("x-looker-write-only") == Some(&Value::Bool(true))
                }),
                nullable: data.is_some_and(|d| d.nullable),
                deprecated: data.is_some_and(deprecated),
                secret: Property::is_secret(prop_name, &ty),
                id_leniency: IdLeniency::of(prop_name, &ty),
                // Known only once every type exists: see `graph::mark_recursion`.
                recursion: Recursion::None,
                ty,
            });
        }
        Ok(Model {
            properties,
            write_type: None,
            unwritable: false,
        })
    }

    fn type_ref_boxed(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        ptr: &str,
        owner: Option<(&str, &str)>,
    ) -> Result<TypeRef> {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, ptr),
            ReferenceOr::Item(schema) => self.schema_type(schema, ptr, owner),
        }
    }

    fn type_ref(
        &mut self,
        schema: &ReferenceOr<Schema>,
        ptr: &str,
        owner: Option<(&str, &str)>,
    ) -> Result<TypeRef> {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, ptr),
            ReferenceOr::Item(schema) => self.schema_type(schema, ptr, owner),
        }
    }

    fn reference(&self, reference: &str, ptr: &str) -> Result<TypeRef> {
        match reference.strip_prefix(SCHEMA_REF) {
            Some(name) if self.schemas.contains_key(name) => Ok(TypeRef::Named(name.to_owned())),
            _ => Err(Error::DanglingRef {
                pointer: join(ptr, "$ref"),
                reference: reference.to_owned(),
            }),
        }
    }

    /// Lowers an inline schema. `owner` is (type or method, property or parameter) and names
    /// inline enums.
    fn schema_type(
        &mut self,
        schema: &Schema,
        ptr: &str,
        owner: Option<(&str, &str)>,
    ) -> Result<TypeRef> {
        let description = non_empty(schema.schema_data.description.as_deref());
        Ok(match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
                if let (false, Some((owner, property))) = (values.is_empty(), owner) {
                    let name = self.enums.register(
                        &mut self.types,
                        &mut self.taken,
                        InlineEnum {
                            owner,
                            property,
                            values,
                            description,
                            pointer: ptr.to_owned(),
                        },
                    );
                    return Ok(TypeRef::Named(name));
                }
                TypeRef::Intrinsic(string_format(&s.format))
            }
            SchemaKind::Type(Type::Integer(i)) => TypeRef::Intrinsic(match &i.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => Intrinsic::Int32,
                VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int64) => Intrinsic::Int64,
                _ => Intrinsic::Integer,
            }),
            SchemaKind::Type(Type::Number(n)) => TypeRef::Intrinsic(match &n.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => Intrinsic::Float,
                VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Double) => Intrinsic::Double,
                _ => Intrinsic::Number,
            }),
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Intrinsic(Intrinsic::Boolean),
            SchemaKind::Type(Type::Array(a)) => match &a.items {
                Some(items) => TypeRef::Array(Box::new(self.type_ref_boxed(
                    items,
                    &join(ptr, "items"),
                    owner,
                )?)),
                None => TypeRef::Array(Box::new(TypeRef::Intrinsic(Intrinsic::Any))),
            },
            SchemaKind::Type(Type::Object(o)) => self.object(
                &o.properties,
                &o.required,
                o.additional_properties.as_ref(),
                ptr,
                owner,
            )?,
            SchemaKind::Any(any) => {
                if let Some(ty) = &any.typ {
                    return Err(Error::spec(
                        join(ptr, "type"),
                        format!("unknown type {ty:?}"),
                    ));
                }
                if let Some(items) = &any.items {
                    TypeRef::Array(Box::new(self.type_ref_boxed(
                        items,
                        &join(ptr, "items"),
                        owner,
                    )?))
                } else if !any.properties.is_empty() || any.additional_properties.is_some() {
                    self.object(
                        &any.properties,
                        &any.required,
                        any.additional_properties.as_ref(),
                        ptr,
                        owner,
                    )?
                } else {
                    TypeRef::Intrinsic(Intrinsic::Any)
                }
            }
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                self.type_ref(&all_of[0], &join(ptr, "allOf/0"), owner)?
            }
            SchemaKind::AllOf { .. }
            | SchemaKind::OneOf { .. }
            | SchemaKind::AnyOf { .. }
            | SchemaKind::Not { .. } => TypeRef::Intrinsic(Intrinsic::Any),
        })
    }

    fn object(
        &mut self,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        ptr: &str,
        owner: Option<(&str, &str)>,
    ) -> Result<TypeRef> {
        if !properties.is_empty() {
            // An inline model: name it after where it is, as inline enums are.
            let (owner, property) = owner.unwrap_or(("Inline", "object"));
            let base = format!("{}{}", Name::new(owner).pascal, Name::new(property).pascal);
            let name = std::iter::once(base.clone())
                .chain((2..).map(|n| format!("{base}{n}")))
                .find(|c| !self.taken.contains(c))
                .unwrap_or(base);
            self.taken.insert(name.clone());
            let model = self.model(&name, properties, required, ptr)?;
            self.types.insert(
                name.clone(),
                TypeDef {
                    name: Name::new(name.clone()),
                    description: None,
                    status: Status::Stable,
                    deprecated: false,
                    kind: TypeKind::Model(model),
                    origin: Origin::Spec,
                    pointer: ptr.to_owned(),
                },
            );
            return Ok(TypeRef::Named(name));
        }
        Ok(match additional {
            Some(AdditionalProperties::Schema(inner)) => TypeRef::Map(Box::new(self.type_ref(
                inner,
                &join(ptr, "additionalProperties"),
                owner,
            )?)),
            Some(AdditionalProperties::Any(true)) => {
                TypeRef::Map(Box::new(TypeRef::Intrinsic(Intrinsic::Any)))
            }
            Some(AdditionalProperties::Any(false)) | None => TypeRef::Intrinsic(Intrinsic::Object),
        })
    }

    fn method(
        &mut self,
        path: &str,
        verb: Verb,
        shared: &[ReferenceOr<Parameter>],
        op: &Operation,
        ptr: &str,
    ) -> Result<Method> {
        let Some(operation_id) = op.operation_id.as_deref().filter(|id| !id.is_empty()) else {
            return Err(Error::spec(join(ptr, "operationId"), "missing operationId"));
        };
        let mut params = Vec::new();
        // Operation-level parameters override path-level ones with the same name and location.
        let shared_ptr = join(&ptr[..ptr.rfind('/').unwrap_or(0)], "parameters");
        let op_ptr = join(ptr, "parameters");
        for (i, p) in shared.iter().enumerate() {
            let p = self.parameter(p, &join(&shared_ptr, &i.to_string()), operation_id)?;
            params.push(p);
        }
        for (i, p) in op.parameters.iter().enumerate() {
            let p = self.parameter(p, &join(&op_ptr, &i.to_string()), operation_id)?;
            params.retain(|q: &Param| !(q.name.wire == p.name.wire && q.location == p.location));
            params.push(p);
        }
        let path_parts = path_parts(path);
        for part in &path_parts {
            let declared = |name: &String| {
                params
                    .iter()
                    .any(|p| p.location == Location::Path && &p.name.wire == name)
            };
            if let PathPart::Param(name) = part
                && !declared(name)
            {
                return Err(Error::spec(
                    op_ptr.clone(),
                    format!("path parameter {{{name}}} of {path} is not declared"),
                ));
            }
        }
        let body = match &op.request_body {
            Some(body) => self.body(body, &join(ptr, "requestBody"), operation_id, &mut params)?,
            None => None,
        };
        let mut responses = Vec::new();
        let mut errors = Vec::new();
        for (code, response) in &op.responses.responses {
            let StatusCode::Code(status) = code else {
                continue;
            };
            let resp_ptr = join(&join(ptr, "responses"), &status.to_string());
            let response = self.response(*status, response, &resp_ptr)?;
            if (200..300).contains(status) {
                responses.push(response);
            } else {
                errors.push(response);
            }
        }
        // 204 No Content has no body, whatever the spec declares (Looker declares a JSON string
        // on most of its 204s): what a client reads comes from the other responses.
        let contents = responses
            .iter()
            .filter(|r| r.status != 204)
            .flat_map(|r| &r.content);
        let mode = contents
            .clone()
            .map(|c| c.mode)
            .max()
            .unwrap_or(ResponseMode::Empty);
        let returns = contents
            .clone()
            .find(|c| c.mode == ResponseMode::Json)
            .or_else(|| contents.clone().next())
            .map(|c| c.ty.clone());
        let ext = &op.extensions;
        let status = if op.deprecated {
            Status::Deprecated
        } else {
            status(ext.get("x-looker-status"))
        };
        let declared_returns = declared_returns(&responses, returns.as_ref());
        let paging = paging(&params, mode, returns.as_ref());
        Ok(Method {
            name: Name::new(operation_id),
            verb,
            path: path.to_owned(),
            path_parts,
            tag: op.tags.first().cloned().unwrap_or_default(),
            tags: op.tags.clone(),
            summary: op.summary.clone().unwrap_or_default(),
            description: non_empty(op.description.as_deref()),
            status,
            activity: match ext.get("x-looker-activity-type").and_then(Value::as_str) {
                Some("none") | None => Activity::None,
                Some("non_query") => Activity::NonQuery,
                Some("db_query") => Activity::DbQuery,
                Some(other) => Activity::Other(other.to_owned()),
            },
            rate_limited: ext.get("x-looker-rate-limited") == Some(&Value::Bool(true)),
            params,
            body,
            responses,
            errors,
            mode,
            returns,
            declared_returns,
            authenticates: verb == Verb::Post && path == "/login",
            paging,
            pointer: ptr.to_owned(),
        })
    }

    fn parameter(
        &mut self,
        param: &ReferenceOr<Parameter>,
        ptr: &str,
        operation_id: &str,
    ) -> Result<Param> {
        let components = self.spec.components.as_ref();
        let param = resolve(
            param,
            "#/components/parameters/",
            components.map(|c| &c.parameters),
            ptr,
        )?;
        let (data, location, delimited) = match param {
            Parameter::Query {
                parameter_data,
                style,
                ..
            } => (
                parameter_data,
                Location::Query,
                *style == QueryStyle::Form && parameter_data.explode == Some(false),
            ),
            Parameter::Path { parameter_data, .. } => (parameter_data, Location::Path, false),
            Parameter::Header { parameter_data, .. } => (parameter_data, Location::Header, false),
            Parameter::Cookie { parameter_data, .. } => (parameter_data, Location::Cookie, false),
        };
        let ParameterSchemaOrContent::Schema(schema) = &data.format else {
            return Err(Error::spec(
                ptr,
                "parameters with `content` are not supported",
            ));
        };
        let mut ty = self.type_ref(
            schema,
            &join(ptr, "schema"),
            Some((operation_id, &data.name)),
        )?;
        if let (true, TypeRef::Array(inner)) = (delimited, &ty) {
            ty = TypeRef::DelimArray(inner.clone());
        }
        Ok(Param {
            name: Name::new(data.name.as_str()),
            location,
            required: data.required || location == Location::Path,
            deprecated: data.deprecated.unwrap_or(false),
            description: non_empty(data.description.as_deref()),
            ty,
        })
    }

    fn body(
        &mut self,
        body: &ReferenceOr<RequestBody>,
        ptr: &str,
        operation_id: &str,
        params: &mut Vec<Param>,
    ) -> Result<Option<Body>> {
        let components = self.spec.components.as_ref();
        let body = resolve(
            body,
            "#/components/requestBodies/",
            components.map(|c| &c.request_bodies),
            ptr,
        )?;
        let Some((media_type, content)) = body.content.first() else {
            return Ok(None);
        };
        let content_ptr = join(&join(ptr, "content"), media_type);
        let Some(schema) = &content.schema else {
            return Err(Error::spec(content_ptr, "request body without a schema"));
        };
        let schema_ptr = join(&content_ptr, "schema");
        let encoding = match ResponseMode::of_media_type(media_type) {
            _ if media_type == FORM => {
                // Form fields become parameters: each is a separate value in the body.
                let ReferenceOr::Item(schema) = schema else {
                    return Err(Error::spec(
                        schema_ptr,
                        "a form body must be an inline object",
                    ));
                };
                let Some((props, required)) = object_parts(schema) else {
                    return Err(Error::spec(schema_ptr, "a form body must be an object"));
                };
                for (name, prop) in props {
                    let prop_ptr = join(&join(&schema_ptr, "properties"), name);
                    let data = match prop {
                        ReferenceOr::Item(s) => Some(&s.schema_data),
                        ReferenceOr::Reference { .. } => None,
                    };
                    params.push(Param {
                        name: Name::new(name.as_str()),
                        location: Location::Form,
                        required: required.contains(name),
                        deprecated: data.is_some_and(deprecated),
                        description: data.and_then(|d| non_empty(d.description.as_deref())),
                        ty: self.type_ref_boxed(prop, &prop_ptr, Some((operation_id, name)))?,
                    });
                }
                return Ok(None);
            }
            ResponseMode::Json => BodyEncoding::Json,
            ResponseMode::Text => BodyEncoding::Text,
            ResponseMode::Binary | ResponseMode::Empty => {
                return Err(Error::spec(
                    content_ptr,
                    format!("request bodies of media type {media_type} are not supported"),
                ));
            }
        };
        let ty = self.type_ref(schema, &schema_ptr, Some((operation_id, "body")))?;
        Ok(Some(Body {
            ty: ty.clone(),
            spec_ty: ty,
            encoding,
            media_type: media_type.clone(),
            required: body.required,
            description: non_empty(body.description.as_deref()),
        }))
    }

    fn response(
        &mut self,
        status: u16,
        response: &ReferenceOr<openapiv3::Response>,
        ptr: &str,
    ) -> Result<Response> {
        let ReferenceOr::Item(response) = response else {
            return Err(Error::spec(ptr, "response $ref is not supported"));
        };
        let mut content = Vec::new();
        // Kept as declared, a 204's too: `Method::returns` leaves 204s out, and
        // `Method::declared_returns` is what the official SDKs make of them.
        for (media_type, media) in &response.content {
            let media_ptr = join(&join(ptr, "content"), media_type);
            let ty = match &media.schema {
                Some(schema) => self.type_ref(schema, &join(&media_ptr, "schema"), None)?,
                None => TypeRef::Intrinsic(Intrinsic::Any),
            };
            content.push(Content {
                media_type: media_type.clone(),
                ty,
                mode: ResponseMode::of_media_type(media_type),
            });
        }
        Ok(Response {
            status,
            description: non_empty(Some(&response.description)),
            content,
        })
    }
}

/// Follows a `$ref` to a component of the kind under `prefix` (one level: Looker's components
/// are never references themselves).
fn resolve<'a, T>(
    item: &'a ReferenceOr<T>,
    prefix: &str,
    components: Option<&'a IndexMap<String, ReferenceOr<T>>>,
    ptr: &str,
) -> Result<&'a T> {
    match item {
        ReferenceOr::Item(item) => Ok(item),
        ReferenceOr::Reference { reference } => {
            let found = reference
                .strip_prefix(prefix)
                .and_then(|name| components?.get(name));
            match found {
                Some(ReferenceOr::Item(item)) => Ok(item),
                _ => Err(Error::DanglingRef {
                    pointer: join(ptr, "$ref"),
                    reference: reference.clone(),
                }),
            }
        }
    }
}

type Properties = IndexMap<String, ReferenceOr<Box<Schema>>>;

/// The properties and required list of an object schema, if it is one.
fn object_parts(schema: &Schema) -> Option<(&Properties, &[String])> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => Some((&o.properties, &o.required)),
        SchemaKind::Any(a) if a.typ.is_none() => Some((&a.properties, &a.required)),
        _ => None,
    }
}

fn is_map(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => o.additional_properties.is_some(),
        SchemaKind::Any(a) => a.additional_properties.is_some(),
        _ => false,
    }
}

fn string_format(format: &VariantOrUnknownOrEmpty<StringFormat>) -> Intrinsic {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Intrinsic::Date,
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Intrinsic::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Password) => Intrinsic::Password,
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => Intrinsic::Binary,
        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => Intrinsic::String,
        VariantOrUnknownOrEmpty::Unknown(f) => match f.as_str() {
            "uri" | "uri-reference" | "url" => Intrinsic::Uri,
            "email" => Intrinsic::Email,
            "uuid" => Intrinsic::Uuid,
            _ => Intrinsic::String,
        },
        VariantOrUnknownOrEmpty::Empty => Intrinsic::String,
    }
}

/// Offset paging applies where Looker documents it: a JSON array result with optional `limit`
/// and `offset` query parameters.
/// sdk-codegen's `primaryResponse` type: the first 200 response's `application/json` content,
/// else its first content of any media type, else what a 204 declares (nothing: `None`).
/// Operations with neither a 200 nor a 204 (sdk-codegen rejects them) take `returns`.
fn declared_returns(responses: &[Response], returns: Option<&TypeRef>) -> Option<TypeRef> {
    let ok = || {
        responses
            .iter()
            .filter(|r| r.status == 200)
            .flat_map(|r| &r.content)
    };
    if let Some(content) = ok()
        .find(|c| c.media_type == "application/json")
        .or_else(|| ok().next())
    {
        return Some(content.ty.clone());
    }
    match responses.iter().find(|r| r.status == 204) {
        Some(no_content) => no_content.content.first().map(|c| c.ty.clone()),
        None => returns.cloned(),
    }
}

fn paging(params: &[Param], mode: ResponseMode, returns: Option<&TypeRef>) -> Option<Paging> {
    let Some(TypeRef::Array(item)) = returns else {
        return None;
    };
    let has = |name: &str| {
        params
            .iter()
            .any(|p| p.location == Location::Query && !p.required && p.name.wire == name)
    };
    (mode == ResponseMode::Json && has("limit") && has("offset")).then(|| Paging {
        limit: "limit".to_owned(),
        offset: "offset".to_owned(),
        item: (**item).clone(),
    })
}

fn parse_verb(verb: &str) -> Verb {
    match verb {
        "put" => Verb::Put,
        "post" => Verb::Post,
        "delete" => Verb::Delete,
        "patch" => Verb::Patch,
        "head" => Verb::Head,
        "options" => Verb::Options,
        "trace" => Verb::Trace,
        _ => Verb::Get,
    }
}

fn path_parts(path: &str) -> Vec<PathPart> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| c + open) else {
            break;
        };
        if open > 0 {
            parts.push(PathPart::Literal(rest[..open].to_owned()));
        }
        parts.push(PathPart::Param(rest[open + 1..close].to_owned()));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_owned()));
    }
    parts
}

fn status(value: Option<&Value>) -> Status {
    match value.and_then(Value::as_str) {
        Some("stable") | None => Status::Stable,
        Some("beta") => Status::Beta,
        Some("alpha") => Status::Alpha,
        Some("deprecated") => Status::Deprecated,
        Some(other) => Status::Other(other.to_owned()),
    }
}

fn info(spec: &OpenAPI) -> ApiInfo {
    let spec_version = spec.info.version.clone();
    // Looker's spec versions are "<api version>.<release>", e.g. 4.0.26.12.
    let api_version = spec_version
        .split('.')
        .take(2)
        .collect::<Vec<_>>()
        .join(".");
    let from_server = spec
        .servers
        .first()
        .and_then(|s| s.url.rsplit("/api/").next().map(str::to_owned));
    ApiInfo {
        title: spec.info.title.clone(),
        api_version: from_server
            .filter(|v| !v.contains('/'))
            .unwrap_or(api_version),
        looker_release: spec
            .info
            .extensions
            .get("x-looker-release-version")
            .and_then(Value::as_str)
            .map(str::to_owned),
        description: non_empty(spec.info.description.as_deref()),
        spec_version,
    }
}

/// Whether a schema is deprecated: `deprecated: true`, or Looker's own `x-looker-deprecated:
/// true`, which Looker's OpenAPI files up to 22.2 carry on properties in its place (the Swagger
/// 2.0 file of the same release has the extension too, which `swagger2` makes `deprecated`, so
/// that both files give the same model; sdk-codegen's model reads both).
fn deprecated(data: &SchemaData) -> bool {
    data.deprecated || data.extensions.get("x-looker-deprecated") == Some(&Value::Bool(true))
}

fn non_empty(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}
