//! Template contexts: everything a Rust template prints, precomputed from the model.

use askama::Template;

use super::areas::{self, Layout, Placement};
use super::docs;
use super::models::{Models, item};
use super::names::{self, claim_type, claim_value};
use super::types::{RustTypes, Site};
use crate::emit::{GENERATED_NOTICE, Options};
use crate::model::{
    Api, BodyEncoding, Intrinsic, Location, Method, Param, PathPart, ResponseMode, Status, TypeRef,
};
use crate::names::Scope;

/// The filters the Rust templates use (askama finds them here, beside the contexts).
pub(super) mod filters {
    /// A doc comment line, made safe by [`super::docs::line`]: every template prints
    /// `/// {{ line|doc }}`.
    #[askama::filter_fn]
    pub fn doc(value: impl std::fmt::Display, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(super::docs::line(&value.to_string()))
    }
}

/// All the contexts of one crate.
pub struct Crate {
    pub cargo_toml: CargoToml,
    pub readme: Readme,
    pub lib: Lib,
    /// `src/models/mod.rs`, `src/methods/mod.rs`, `src/requests/mod.rs`.
    pub models_mod: ModFile,
    pub methods_mod: ModFile,
    pub requests_mod: ModFile,
    /// `src/models/<module>.rs` by module name: one per area, and `shared`.
    pub models: Vec<(String, Models)>,
    /// `src/methods/<module>.rs` and `src/requests/<module>.rs`, one per area.
    pub methods: Vec<(String, Methods)>,
    pub requests: Vec<(String, Requests)>,
}

/// A `mod.rs` that declares one module per area, each under its feature.
#[derive(Template)]
#[template(path = "rust/mod.rs.askama", escape = "none")]
pub struct ModFile {
    pub notice: &'static str,
    pub docs: Vec<String>,
    pub modules: Vec<ModCtx>,
    /// Whether the modules' items are re-exported here (`pub use module::*`).
    pub reexport: bool,
}

pub struct ModCtx {
    /// `#[cfg(...)]`, when the module needs a feature.
    pub cfg: Option<String>,
    pub name: String,
}

/// One Cargo feature of an API area.
pub struct FeatureCtx {
    /// The feature's name, as written in TOML (a bare key).
    pub name: String,
    /// A one-line TOML comment describing it.
    pub comment: String,
}

#[derive(Template)]
#[template(path = "rust/Cargo.toml.askama", escape = "none")]
pub struct CargoToml {
    pub notice: &'static str,
    /// The package name, a TOML string.
    pub name: String,
    pub version: String,
    /// A TOML string.
    pub description: String,
    /// The version of the runtime crate (`looker-sdk-rtl`) the crate depends on.
    pub runtime_version: &'static str,
    /// The feature that turns on every area.
    pub full: &'static str,
    pub areas: Vec<FeatureCtx>,
    /// The areas' features as a TOML array's items (`"alert", "api-auth", ...`).
    pub area_list: String,
}

#[derive(Template)]
#[template(path = "rust/README.md.askama", escape = "none")]
pub struct Readme {
    pub title: String,
    pub looker_release: String,
    pub spec_version: String,
    pub api_version: String,
    pub method_count: usize,
    pub type_count: usize,
    /// The API areas' features: (feature, tag, description as one Markdown line).
    pub areas: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "rust/lib.rs.askama", escape = "none")]
pub struct Lib {
    pub notice: &'static str,
    /// Rust string literals.
    pub looker_release: String,
    pub api_version: String,
    pub spec_version: String,
    /// The API version as doc text.
    pub api_version_text: String,
}

#[derive(Template)]
#[template(path = "rust/methods.rs.askama", escape = "none")]
pub struct Methods {
    pub notice: &'static str,
    /// The doc comment of the area's `impl LookerSdk` block (its heading in rustdoc).
    pub docs: Vec<String>,
    pub methods: Vec<MethodCtx>,
}

pub struct MethodCtx {
    pub docs: Vec<String>,
    pub attrs: Vec<String>,
    pub name: String,
    pub builder: String,
    pub args: Vec<ArgCtx>,
    /// Statements that build `call` from the arguments.
    pub statements: Vec<String>,
}

pub struct ArgCtx {
    pub name: String,
    pub ty: String,
}

#[derive(Template)]
#[template(path = "rust/requests.rs.askama", escape = "none")]
pub struct Requests {
    pub notice: &'static str,
    /// The module's doc comment.
    pub docs: Vec<String>,
    pub builders: Vec<BuilderCtx>,
}

pub struct BuilderCtx {
    pub docs: Vec<String>,
    pub name: String,
    pub setters: Vec<SetterCtx>,
    /// The Rust type the request resolves to.
    pub output: String,
    /// The `Call` method that sends and reads the response: `json`, `body` or `empty`.
    pub finish: &'static str,
    /// The future it gives: `ResponseFuture<T>` (decoded where it is awaited) for JSON, else
    /// `CallFuture<T>`.
    pub future: String,
    /// True when the body can be streamed (text and binary operations).
    pub streams: bool,
    /// For operations with offset paging: the item type and the expression that walks pages.
    pub pages: Option<PagesCtx>,
}

pub struct PagesCtx {
    pub item: String,
    pub call: String,
}

pub struct SetterCtx {
    pub docs: Vec<String>,
    pub attrs: Vec<String>,
    pub name: String,
    pub arg: String,
    pub statement: String,
}

/// The package name when `--package-name` does not give one.
const PACKAGE: &str = "looker-sdk";

/// The models module of types that several areas use.
const SHARED: &str = "shared";

/// Text as one TOML comment line (`# ...`): its first line, without control characters.
fn toml_comment(text: &str) -> String {
    let line: String = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    format!("# {line}")
}

/// Builds every context of the crate from the model.
pub fn build(api: &Api, options: &Options) -> Crate {
    let types = RustTypes::new(api);
    let release = api
        .info
        .looker_release
        .clone()
        .unwrap_or_else(|| api.info.spec_version.clone());
    let layout = Layout::new(api);
    let mut builder_names = Scope::with_reserved(names::REQUEST_IMPORTS);
    // requests.rs names the prelude's types too (`String`, `Vec`, `Option`, ...).
    builder_names.reserve(names::MODEL_NAMES);
    // Generated methods join the runtime's `impl LookerSdk`: its own methods are taken.
    let mut method_names = names::RESERVED.method_scope();
    // A file's docs for one area: its first line, the area's description, and its feature.
    let area_docs = |first: String, area: &areas::Area| {
        let mut docs = vec![first];
        if let Some(description) = &area.description {
            docs.push(String::new());
            docs.extend(docs::lines(description));
        }
        docs.push(String::new());
        docs.push(format!(
            "With the crate feature `{}` (on by default).",
            area.feature
        ));
        docs
    };
    let tag = |area: &areas::Area| docs::line(&area.tag);
    let mut methods: Vec<(String, Methods)> = layout
        .areas
        .iter()
        .map(|area| {
            let docs = area_docs(format!("# {}", tag(area)), area);
            let ctx = Methods {
                notice: GENERATED_NOTICE,
                docs,
                methods: Vec::new(),
            };
            (area.module.clone(), ctx)
        })
        .collect();
    let mut requests: Vec<(String, Requests)> = layout
        .areas
        .iter()
        .map(|area| {
            let docs = area_docs(format!("The requests of the {} area.", tag(area)), area);
            let ctx = Requests {
                notice: GENERATED_NOTICE,
                docs,
                builders: Vec::new(),
            };
            (area.module.clone(), ctx)
        })
        .collect();
    for method in &api.methods {
        let name = claim_value(&mut method_names, &method.name.snake);
        let builder = claim_type(&mut builder_names, &method.name.pascal);
        let (m, b) = method_ctx(method, name, builder, &types);
        if let Some(area) = layout.method_area(&method.name.wire) {
            methods[area].1.methods.push(m);
            requests[area].1.builders.push(b);
        }
    }
    let mut models: Vec<(String, Models)> = layout
        .areas
        .iter()
        .map(|area| {
            let docs = area_docs(format!("The types only the {} area uses.", tag(area)), area);
            let ctx = Models {
                notice: GENERATED_NOTICE,
                docs,
                items: Vec::new(),
            };
            (area.module.clone(), ctx)
        })
        .collect();
    let mut shared = Models {
        notice: GENERATED_NOTICE,
        docs: vec![
            "The types more than one API area uses, each compiled with any of the features of \
             the areas that use it."
                .to_owned(),
        ],
        items: Vec::new(),
    };
    for def in api.types.values() {
        let item = item(def, &types);
        match layout.placement(&def.name.wire) {
            Placement::Area(area) => models[area].1.items.push(item),
            Placement::Shared(cfg) => shared.items.push(item.with_cfg(cfg)),
        }
    }
    // An area whose operations use only shared types has no models file.
    let with_models: Vec<bool> = models.iter().map(|(_, m)| !m.items.is_empty()).collect();
    models.retain(|(_, m)| !m.items.is_empty());
    models.push((SHARED.to_owned(), shared));
    let area_modules = |of_models: bool| -> Vec<ModCtx> {
        let mut modules: Vec<ModCtx> = layout
            .areas
            .iter()
            .zip(&with_models)
            .filter(|(_, has_models)| !of_models || **has_models)
            .map(|(area, _)| ModCtx {
                cfg: Some(areas::cfg(&[&area.feature])),
                name: area.module.clone(),
            })
            .collect();
        if of_models {
            modules.push(ModCtx {
                cfg: None,
                name: SHARED.to_owned(),
            });
        }
        modules
    };
    let models_mod = ModFile {
        notice: GENERATED_NOTICE,
        docs: vec![
            "Every type of the Looker API: one struct per schema, `Write*` structs for request \
             bodies, and one enum per set of allowed values (unknown values are kept in \
             `Unknown`)."
                .to_owned(),
            String::new(),
            "Each type is compiled with the features of the API areas whose operations use it."
                .to_owned(),
        ],
        modules: area_modules(true),
        reexport: true,
    };
    let methods_mod = ModFile {
        notice: GENERATED_NOTICE,
        docs: vec![
            "One method on [`LookerSdk`](crate::LookerSdk) per operation, one `impl` block per \
             API area. Each takes the required parameters and returns a request from \
             [`crate::requests`] on which optional parameters are set before `.await`."
                .to_owned(),
        ],
        modules: area_modules(false),
        reexport: false,
    };
    let requests_mod = ModFile {
        notice: GENERATED_NOTICE,
        docs: vec![
            "The requests that [`LookerSdk`](crate::LookerSdk)'s methods return: set optional \
             parameters with their methods, then `.await` them to send."
                .to_owned(),
        ],
        modules: area_modules(false),
        reexport: true,
    };
    let area_features: Vec<FeatureCtx> = layout
        .areas
        .iter()
        .map(|area| FeatureCtx {
            name: area.feature.clone(),
            comment: toml_comment(&match &area.description {
                Some(d) => format!("{}: {}", area.tag, d),
                None => area.tag.clone(),
            }),
        })
        .collect();
    let area_list = area_features
        .iter()
        .map(|f| format!("{:?}", f.name))
        .collect::<Vec<_>>()
        .join(", ");
    Crate {
        cargo_toml: CargoToml {
            notice: GENERATED_NOTICE,
            name: toml_string(options.package_name.as_deref().unwrap_or(PACKAGE)),
            version: crate_version(&release),
            description: toml_string(&format!(
                "Rust SDK for the Looker API {} (Looker {release})",
                api.info.api_version
            )),
            runtime_version: super::RUNTIME_VERSION,
            full: areas::FULL,
            areas: area_features,
            area_list,
        },
        // The README is the crate's documentation too: spec text in it is folded to one line of
        // Markdown, so that it cannot open a code fence (a doctest) or a heading.
        readme: Readme {
            title: markdown_line(&api.info.title),
            looker_release: markdown_line(&release),
            spec_version: markdown_line(&api.info.spec_version),
            api_version: markdown_line(&api.info.api_version),
            method_count: api.methods.len(),
            type_count: api.types.len(),
            areas: layout
                .areas
                .iter()
                .map(|a| {
                    let description = a.description.as_deref().unwrap_or_default();
                    (
                        a.feature.clone(),
                        markdown_line(&a.tag).replace('|', "\\|"),
                        markdown_line(description).replace('|', "\\|"),
                    )
                })
                .collect(),
        },
        lib: Lib {
            notice: GENERATED_NOTICE,
            looker_release: format!("{release:?}"),
            api_version: format!("{:?}", api.info.api_version),
            spec_version: format!("{:?}", api.info.spec_version),
            api_version_text: markdown_line(&api.info.api_version),
        },
        models_mod,
        methods_mod,
        requests_mod,
        models,
        methods,
        requests,
    }
}

/// `text` as one line of Markdown prose.
fn markdown_line(text: &str) -> String {
    docs::lines(text).join(" ")
}

/// A TOML basic string holding `text`.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c) & 0xFFFF)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A semver crate version from Looker's release (`26.12.3`), padding missing parts.
fn crate_version(release: &str) -> String {
    let mut parts: Vec<u64> = release
        .split('.')
        .map_while(|p| p.parse().ok())
        .take(3)
        .collect();
    parts.resize(3, 0);
    format!("{}.{}.{}", parts[0], parts[1], parts[2])
}

fn method_ctx(
    method: &Method,
    name: String,
    builder: String,
    types: &RustTypes<'_>,
) -> (MethodCtx, BuilderCtx) {
    // `path_segment` is the helper the path is built with: an argument of that name would
    // shadow it.
    let mut arg_names = Scope::with_reserved(&["call", "self", "path_segment"]);
    let mut setter_names =
        Scope::with_reserved(&["call", "into_future", "with_options", "stream", "pages"]);
    let mut args = Vec::new();
    let mut statements = Vec::new();
    let mut setters = Vec::new();
    let mut arg_docs = Vec::new();
    let verb = method.verb.as_str();
    // Path: bind each path parameter's argument name first, since the path is built from them.
    let mut bound: Vec<(&Param, String)> = Vec::new();
    for p in method
        .params
        .iter()
        .filter(|p| p.location == Location::Path)
    {
        bound.push((p, claim_value(&mut arg_names, &p.name.snake)));
    }
    let path_expr = path_expr(method, &bound);
    statements.push(format!(
        "let mut call = self.call(looker_sdk_rtl::Method::{verb}, {path_expr});"
    ));
    if method.authenticates {
        statements.push("call.without_auth();".to_owned());
    }
    for arg in method.arguments_body_required() {
        match arg {
            crate::model::Argument::Param(p) if p.location == Location::Path => {
                let ident = bound
                    .iter()
                    .find(|(b, _)| std::ptr::eq(*b, p))
                    .map(|(_, n)| n.clone())
                    .unwrap_or_default();
                args.push(ArgCtx {
                    name: ident.clone(),
                    ty: positional_type(&p.ty, types),
                });
                arg_docs.push(arg_doc(&ident, p.description.as_deref()));
            }
            crate::model::Argument::Param(p) if p.required => {
                let ident = claim_value(&mut arg_names, &p.name.snake);
                args.push(ArgCtx {
                    name: ident.clone(),
                    ty: positional_type(&p.ty, types),
                });
                arg_docs.push(arg_doc(&ident, p.description.as_deref()));
                statements.push(param_statement("call", p, &ident, true, types));
            }
            crate::model::Argument::Param(p) => {
                let ident = claim_value(&mut setter_names, &p.name.snake);
                let mut docs = doc_lines(
                    p.description.as_deref(),
                    &format!("Sets `{}`.", p.name.wire),
                );
                if p.deprecated {
                    docs.push(String::new());
                    docs.push("Deprecated in the Looker API.".to_owned());
                }
                setters.push(SetterCtx {
                    docs,
                    attrs: if p.deprecated {
                        vec![deprecated_attr("parameter")]
                    } else {
                        Vec::new()
                    },
                    arg: setter_type(&p.ty, types),
                    statement: param_statement("self.call", p, &ident, false, types),
                    name: ident,
                });
            }
            crate::model::Argument::Body(body) => {
                let ty = body_type(&body.ty, body.encoding, types);
                let ident = arg_names.claim("body");
                statements.push(match body.encoding {
                    BodyEncoding::Json => format!("call.json_body({ident});"),
                    BodyEncoding::Text => format!("call.text_body({ident}.to_owned());"),
                });
                arg_docs.push(arg_doc(&ident, body.description.as_deref()));
                args.push(ArgCtx { name: ident, ty });
            }
        }
    }
    if statements.len() == 1 {
        // Nothing else touches the call.
        statements[0] = statements[0].replacen("let mut call", "let call", 1);
    }
    statements.push(format!("requests::{builder} {{ call }}"));

    let output = output_type(method, types);
    let finish = match method.mode {
        ResponseMode::Empty => "empty",
        ResponseMode::Text | ResponseMode::Binary => "body",
        ResponseMode::Json => "json",
    };

    let mut docs = doc_lines(Some(&method.summary), &format!("`{}`", method.name.wire));
    if let Some(description) = &method.description {
        let desc = docs::lines(description);
        // Looker repeats the summary as a heading; skip the repetition.
        let skip = desc
            .first()
            .is_some_and(|l| l.trim_start_matches('#').trim() == method.summary.trim());
        docs.push(String::new());
        docs.extend(
            desc.into_iter()
                .skip(usize::from(skip))
                .skip_while(String::is_empty),
        );
    }
    status_note(&method.status, "operation", &mut docs);
    docs.push(String::new());
    docs.push(call_summary(method));
    if !arg_docs.is_empty() {
        docs.push(String::new());
        docs.push("# Arguments".to_owned());
        docs.push(String::new());
        docs.extend(arg_docs);
    }
    docs.push(String::new());
    docs.push(match (setters.is_empty(), finish) {
        (true, _) => format!("`.await` the returned [`requests::{builder}`] to send the request."),
        (false, _) => format!(
            "Optional parameters are set on the returned [`requests::{builder}`]; `.await` it to send the request."
        ),
    });
    let deprecated = matches!(method.status, Status::Deprecated);
    let attrs = if deprecated {
        vec![deprecated_attr("operation")]
    } else {
        Vec::new()
    };

    let builder_docs = vec![
        format!(
            "The request of [`LookerSdk::{name}`](crate::LookerSdk::{name}): `{verb} {}`.",
            method.path
        ),
        String::new(),
        format!(
            "{}`.await` it for {}.",
            if setters.is_empty() {
                ""
            } else {
                "Set optional parameters with its methods, then "
            },
            match finish {
                "empty" => "the outcome".to_owned(),
                "body" => "the response body".to_owned(),
                _ => format!("a `{output}`"),
            }
        ),
    ];
    (
        MethodCtx {
            docs,
            attrs,
            name,
            builder: builder.clone(),
            args,
            statements,
        },
        BuilderCtx {
            docs: builder_docs,
            name: builder,
            setters,
            future: if finish == "json" {
                format!("ResponseFuture<{output}>")
            } else {
                format!("CallFuture<{output}>")
            },
            output,
            finish,
            streams: matches!(method.mode, ResponseMode::Text | ResponseMode::Binary),
            pages: method.paging.as_ref().map(|p| PagesCtx {
                item: types.value(&p.item, Site::Crate),
                call: format!("self.call.pages({:?}, {:?})", p.limit, p.offset),
            }),
        },
    )
}

fn call_summary(method: &Method) -> String {
    let activity = method
        .activity
        .prose()
        .map(|p| format!(" {p}"))
        .unwrap_or_default();
    let limited = if method.rate_limited {
        " Rate limited."
    } else {
        ""
    };
    format!(
        "Calls `{} {}`.{activity}{limited}",
        method.verb.as_str(),
        method.path
    )
}

pub(super) fn status_note(status: &Status, what: &str, docs: &mut Vec<String>) {
    if let (Some(label), Some(prose)) = (status.label(), status.prose(what)) {
        docs.push(String::new());
        docs.push(format!("**{label}**: {prose}"));
    }
}

pub(super) fn deprecated_attr(what: &str) -> String {
    format!("#[deprecated(note = \"this {what} is deprecated in the Looker API\")]")
}

pub(super) fn doc_lines(text: Option<&str>, fallback: &str) -> Vec<String> {
    match text.map(docs::lines) {
        Some(lines) if !lines.is_empty() => lines,
        _ => vec![fallback.to_owned()],
    }
}

fn arg_doc(ident: &str, description: Option<&str>) -> String {
    let text = description
        .map(|d| docs::lines(d).join(" "))
        .unwrap_or_default();
    format!("- `{}`: {text}", ident.trim_start_matches("r#"))
}

/// The path expression: a literal, or `format!` with each parameter encoded once.
fn path_expr(method: &Method, bound: &[(&Param, String)]) -> String {
    let mut template = String::new();
    let mut values = Vec::new();
    for part in &method.path_parts {
        match part {
            PathPart::Literal(text) => {
                template.push_str(&text.replace('{', "{{").replace('}', "}}"))
            }
            PathPart::Param(wire) => {
                template.push_str("{}");
                let found = bound.iter().find(|(p, _)| &p.name.wire == wire);
                let value = match found {
                    Some((p, ident)) if p.ty.is_textual() => format!("path_segment({ident})"),
                    Some((_, ident)) => format!("path_segment(&{ident}.to_string())"),
                    None => "\"\"".to_owned(),
                };
                values.push(value);
            }
        }
    }
    if values.is_empty() {
        format!("{:?}.to_owned()", template)
    } else {
        format!("format!({:?}, {})", template, values.join(", "))
    }
}

/// What awaiting the request of `method` gives: `()`, the body, or the decoded type.
pub(super) fn output_type(method: &Method, types: &RustTypes<'_>) -> String {
    match method.mode {
        ResponseMode::Empty => "()".to_owned(),
        ResponseMode::Text | ResponseMode::Binary => "ResponseBody".to_owned(),
        ResponseMode::Json => method.returns.as_ref().map_or_else(
            || "serde_json::Value".to_owned(),
            |t| types.value(t, Site::Crate),
        ),
    }
}

/// The type of a positional argument.
pub(super) fn positional_type(ty: &TypeRef, types: &RustTypes<'_>) -> String {
    match ty {
        t if t.is_textual() => "&str".to_owned(),
        _ => setter_type(ty, types),
    }
}

/// The type a setter (or a non-string positional argument) takes.
pub(super) fn setter_type(ty: &TypeRef, types: &RustTypes<'_>) -> String {
    match ty {
        t if t.is_textual() => "impl Into<String>".to_owned(),
        TypeRef::DelimArray(inner) | TypeRef::Array(inner) if inner.is_textual() => {
            "impl IntoIterator<Item = impl Into<String>>".to_owned()
        }
        TypeRef::DelimArray(inner) | TypeRef::Array(inner) => {
            format!(
                "impl IntoIterator<Item = {}>",
                types.value(inner, Site::Crate)
            )
        }
        TypeRef::Map(inner) if inner.is_textual() => "&BTreeMap<String, String>".to_owned(),
        TypeRef::Intrinsic(Intrinsic::Any | Intrinsic::Object) | TypeRef::Map(_) => {
            "&serde_json::Value".to_owned()
        }
        TypeRef::Named(_) if types.is_enum(ty) => types.value(ty, Site::Crate),
        TypeRef::Named(_) => "&serde_json::Value".to_owned(),
        TypeRef::Intrinsic(_) => types.value(ty, Site::Crate),
    }
}

/// The statement that puts parameter `p`, held in `ident`, into the request.
fn param_statement(
    target: &str,
    p: &Param,
    ident: &str,
    positional: bool,
    types: &RustTypes<'_>,
) -> String {
    let wire = format!("{:?}", p.name.wire);
    let value = match &p.ty {
        t if t.is_textual() && positional => ident.to_owned(),
        t if t.is_textual() => format!("&{ident}.into()"),
        TypeRef::DelimArray(inner) | TypeRef::Array(inner) if inner.is_textual() => {
            format!("&{ident}.into_iter().map(Into::into).collect::<Vec<String>>()")
        }
        TypeRef::DelimArray(inner) | TypeRef::Array(inner) => {
            format!(
                "&{ident}.into_iter().collect::<Vec<{}>>()",
                types.value(inner, Site::Crate)
            )
        }
        TypeRef::Named(_) if types.is_enum(&p.ty) => format!("{ident}.as_str()"),
        TypeRef::Map(inner) if inner.is_textual() => ident.to_owned(),
        TypeRef::Named(_)
        | TypeRef::Map(_)
        | TypeRef::Intrinsic(Intrinsic::Any | Intrinsic::Object) => ident.to_owned(),
        TypeRef::Intrinsic(_) => format!("&{ident}"),
    };
    match p.location {
        Location::Form => {
            let text = match &p.ty {
                t if t.is_textual() && positional => format!("{ident}.to_owned()"),
                t if t.is_textual() => format!("{ident}.into()"),
                _ => format!("QueryValue::to_query({value})"),
            };
            format!("{target}.form_field({wire}, {text});")
        }
        Location::Header | Location::Cookie => {
            format!("{target}.header({wire}, QueryValue::to_query({value}));")
        }
        Location::Query | Location::Path => format!("{target}.query({wire}, {value});"),
    }
}

pub(super) fn body_type(ty: &TypeRef, encoding: BodyEncoding, types: &RustTypes<'_>) -> String {
    match (encoding, ty) {
        (BodyEncoding::Text, _) => "&str".to_owned(),
        (_, t) if t.is_textual() => "&str".to_owned(),
        (_, TypeRef::Array(inner)) => format!("&[{}]", types.value(inner, Site::Crate)),
        (_, t) => format!("&{}", types.value(t, Site::Crate)),
    }
}
