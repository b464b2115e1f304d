//! Template contexts: everything a Rust template prints, precomputed from the model.

use std::collections::BTreeMap;

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
    pub docs: Vec<String>,
    pub modules: Vec<ModCtx>,
    /// Whether the modules' items are re-exported here (`pub use module::*`).
    pub reexport: bool,
}

pub struct ModCtx {
    /// `#[cfg(...)]`, when the module needs a feature.
    pub cfg: Option<String>,
    /// `pub ` for a module users see (an area's page of methods), else empty.
    pub vis: &'static str,
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
    /// TOML strings: the generator's repository, and the crate's docs on docs.rs.
    pub repository: String,
    pub documentation: String,
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
    pub notice: &'static str,
    pub looker_release: String,
    pub spec_version: String,
    pub api_version: String,
    pub method_count: usize,
    pub type_count: usize,
    /// The generator's repository, an absolute URL (the README is read on crates.io too).
    pub repository: &'static str,
    /// The crate's root on docs.rs, at this version (`https://docs.rs/looker-sdk/26.12.3/looker_sdk`).
    pub docs_url: String,
    /// How a parameter typed as an enum is taken, with the API's first such parameter as the
    /// example; `None` when it has none (Looker's spec has none).
    pub enum_params: Option<String>,
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
    /// The crate root's list of API areas: two inner attributes per area, each a line linking
    /// the area's page where its feature is on and naming it elsewhere, laid out as rustfmt
    /// does (`lib.rs` is not formatted by the generator).
    pub areas: Vec<String>,
}

#[derive(Template)]
#[template(path = "rust/methods.rs.askama", escape = "none")]
pub struct Methods {
    /// The docs of the area's module (`methods::<area>`): the area's page, listing its methods.
    pub module_docs: Vec<String>,
    /// The doc comment of the area's `impl LookerSdk` block (its heading in rustdoc).
    pub docs: Vec<String>,
    pub methods: Vec<MethodCtx>,
}

/// One line of a doc comment as a template prints it.
pub enum Doc {
    /// `/// {line}`.
    Line(String),
    /// An attribute that stands for a line in some builds only
    /// (`#[cfg_attr(feature = "look", doc = "...")]`), escaped already.
    Attr(String),
}

impl Doc {
    /// The lines of `lines`: a line whose links exist only behind a feature becomes two
    /// attributes, the line with its links where they exist and without them elsewhere.
    fn from_lines(lines: Vec<docs::DocLine>) -> Vec<Doc> {
        let mut out = Vec::with_capacity(lines.len());
        for line in lines {
            match line {
                docs::DocLine::Same(text) => out.push(Doc::Line(text)),
                docs::DocLine::Cfg {
                    when,
                    linked,
                    plain,
                } => {
                    // A `doc` attribute's text has no leading space where `///` has one:
                    // rustdoc unindents the two kinds alike.
                    out.push(Doc::Attr(format!(
                        "#[cfg_attr({when}, doc = {:?})]",
                        docs::line(&linked)
                    )));
                    out.push(Doc::Attr(format!(
                        "#[cfg_attr(not({when}), doc = {:?})]",
                        docs::line(&plain)
                    )));
                }
            }
        }
        out
    }

    fn lines(lines: Vec<String>) -> Vec<Doc> {
        lines.into_iter().map(Doc::Line).collect()
    }
}

pub struct MethodCtx {
    pub docs: Vec<Doc>,
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
    /// The statement that takes the parameter out of the request again (`set_x(None)`).
    pub clear: String,
    /// Its twin that takes an `Option` (`set_fields(Option<String>)`, as aws-sdk-rust's
    /// builders have), so that a value that may be absent needs no branch.
    pub set_name: String,
    pub set_arg: String,
    pub set_docs: Vec<String>,
}

/// The package name when `--package-name` does not give one.
pub(super) const PACKAGE: &str = "looker-sdk";

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

/// The suffix of every request builder's name (`DashboardRequest`, `MeRequest`): a builder is
/// never named like the model it returns (`models::Dashboard`).
const BUILDER_SUFFIX: &str = "Request";

/// The generator's repository (the workspace's `repository`, read from Cargo's metadata): the
/// one place the generated crate's links to it come from.
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// The library name of the generated crate, whatever its package is called (its `[lib]`).
const LIB_NAME: &str = "looker_sdk";

/// The crate's items that the spec's links into Looker's API explorer can name.
struct Links<'a> {
    api: &'a Api,
    layout: &'a Layout,
    types: &'a RustTypes<'a>,
    /// Each operation's method and area, by operationId.
    methods: BTreeMap<&'a str, (String, usize)>,
}

impl Links<'_> {
    /// The item `target` (`Dashboard/dashboard`, `types/Query`) names, for a doc compiled with
    /// area `from`. Its last part is an operationId or, failing that, a type's name; the tag
    /// before it is not trusted (the spec links `get_agent` under `Agent`, whose tag is
    /// `ConversationalAnalytics`).
    fn target(&self, target: &str, from: usize) -> docs::Target {
        let last = target.rsplit('/').next().unwrap_or(target);
        if let Some((name, area)) = self.methods.get(last) {
            return docs::Target::Link {
                path: format!("crate::LookerSdk::{}", name.trim_start_matches("r#")),
                when: self.layout.area_needs(*area, from),
            };
        }
        if self.api.types.contains_key(last) {
            return docs::Target::Link {
                path: format!("crate::models::{}", self.types.type_name(last)),
                when: self.layout.type_needs(last, from),
            };
        }
        docs::Target::Text
    }
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
    let package = options.package_name.as_deref().unwrap_or(PACKAGE);
    let version = crate_version(&release);
    let mut builder_names = Scope::with_reserved(names::REQUEST_IMPORTS);
    // requests.rs names the prelude's types too (`String`, `Vec`, `Option`, ...).
    builder_names.reserve(names::MODEL_NAMES);
    // A builder never takes a model's name, even one that ends in the suffix (a schema
    // `CreateFooRequest` beside the operation `create_foo`): the builder is suffixed instead.
    builder_names.reserve(&types.names());
    // Generated methods join the runtime's `impl LookerSdk`: its own methods are taken.
    let mut method_names = names::RESERVED.method_scope();
    // Every method and builder is named before any doc is written: docs link other methods.
    let named: Vec<(&Method, String, String, Option<usize>)> = api
        .methods
        .iter()
        .map(|method| {
            let name = claim_value(&mut method_names, &method.name.snake);
            let builder = claim_type(
                &mut builder_names,
                &format!("{}{BUILDER_SUFFIX}", method.name.pascal),
            );
            (method, name, builder, layout.method_area(&method.name.wire))
        })
        .collect();
    let links = Links {
        api,
        layout: &layout,
        types: &types,
        methods: named
            .iter()
            .filter_map(|(m, name, _, area)| Some((m.name.wire.as_str(), (name.clone(), (*area)?))))
            .collect(),
    };
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
                module_docs: Vec::new(),
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
                docs,
                builders: Vec::new(),
            };
            (area.module.clone(), ctx)
        })
        .collect();
    let enum_params = enum_param_note(&named, &types);
    let mut listed: Vec<Vec<String>> = vec![Vec::new(); layout.areas.len()];
    for (method, name, builder, area) in named {
        let Some(area) = area else {
            continue;
        };
        let (m, b, entry) = method_ctx(method, name, builder, area, &types, &links);
        methods[area].1.methods.push(m);
        requests[area].1.builders.push(b);
        listed[area].push(entry);
    }
    // Each area's page (`methods::<area>`): what the area is, its feature, and its methods.
    for ((area, (_, ctx)), entries) in layout.areas.iter().zip(&mut methods).zip(listed) {
        let mut docs = vec![match &area.description {
            Some(d) => format!("The {} area: {}", tag(area), markdown_line(d)),
            None => format!("The {} area.", tag(area)),
        }];
        docs.push(String::new());
        docs.push(format!(
            "With the crate feature `{}` (on by default). Its methods, on [`LookerSdk`] under \
             the area's heading:",
            area.feature
        ));
        docs.push(String::new());
        docs.extend(entries);
        ctx.module_docs = docs;
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
    let area_modules = |of_models: bool, vis: &'static str| -> Vec<ModCtx> {
        let mut modules: Vec<ModCtx> = layout
            .areas
            .iter()
            .zip(&with_models)
            .filter(|(_, has_models)| !of_models || **has_models)
            .map(|(area, _)| ModCtx {
                cfg: Some(areas::cfg(&[&area.feature])),
                vis,
                name: area.module.clone(),
            })
            .collect();
        if of_models {
            modules.push(ModCtx {
                cfg: None,
                vis,
                name: SHARED.to_owned(),
            });
        }
        modules
    };
    let models_mod = ModFile {
        docs: vec![
            "Every type of the Looker API: one struct per schema, `Write*` structs for request \
             bodies, and one enum per set of allowed values (unknown values are kept in \
             `Unknown`)."
                .to_owned(),
            String::new(),
            "Each type is compiled with the features of the API areas whose operations use it."
                .to_owned(),
        ],
        modules: area_modules(true, ""),
        reexport: true,
    };
    let methods_mod = ModFile {
        docs: vec![
            "The API areas, one page each: what the area covers, its crate feature, and its \
             methods."
                .to_owned(),
            String::new(),
            "The methods themselves are on [`LookerSdk`](crate::LookerSdk), one `impl` block \
             per area. Each takes the required parameters and returns a request from \
             [`crate::requests`] on which optional parameters are set before `.await`."
                .to_owned(),
        ],
        modules: area_modules(false, "pub "),
        reexport: false,
    };
    let requests_mod = ModFile {
        docs: vec![format!(
            "The requests that [`LookerSdk`](crate::LookerSdk)'s methods return, one per \
                 operation and named after it (the method `foo_bar` returns a \
                 `FooBar{BUILDER_SUFFIX}`): set optional parameters with their methods, then \
                 `.await` them to send."
        )],
        modules: area_modules(false, ""),
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
    let lib_areas = layout
        .areas
        .iter()
        .flat_map(|area| {
            let name = markdown_line(&area.tag);
            let what = area
                .description
                .as_deref()
                .map(|d| format!(": {}", markdown_line(d)))
                .unwrap_or_default();
            let feature = &area.feature;
            let on = areas::predicate(&[feature]);
            [
                inner_cfg_attr(
                    &on,
                    &format!(
                        "- [{name}](crate::methods::{}) (`{feature}`){what}",
                        area.module
                    ),
                ),
                inner_cfg_attr(
                    &format!("not({on})"),
                    &format!("- {name} (`{feature}`, not in this build){what}"),
                ),
            ]
        })
        .collect();
    Crate {
        cargo_toml: CargoToml {
            notice: GENERATED_NOTICE,
            name: toml_string(package),
            version: version.clone(),
            description: toml_string(&format!(
                "Rust SDK for the Looker API {} (Looker {release})",
                api.info.api_version
            )),
            repository: toml_string(REPOSITORY),
            documentation: toml_string(&format!("https://docs.rs/{package}")),
            runtime_version: super::RUNTIME_VERSION,
            full: areas::FULL,
            areas: area_features,
            area_list,
        },
        // The README is the crate's documentation too: spec text in it is folded to one line of
        // Markdown, so that it cannot open a code fence (a doctest) or a heading.
        readme: Readme {
            notice: GENERATED_NOTICE,
            looker_release: markdown_line(&release),
            spec_version: markdown_line(&api.info.spec_version),
            api_version: markdown_line(&api.info.api_version),
            method_count: api.methods.len(),
            type_count: api.types.len(),
            repository: REPOSITORY,
            docs_url: format!("https://docs.rs/{package}/{version}/{LIB_NAME}"),
            enum_params,
        },
        lib: Lib {
            notice: GENERATED_NOTICE,
            looker_release: format!("{release:?}"),
            api_version: format!("{:?}", api.info.api_version),
            spec_version: format!("{:?}", api.info.spec_version),
            api_version_text: markdown_line(&api.info.api_version),
            areas: lib_areas,
        },
        models_mod,
        methods_mod,
        requests_mod,
        models,
        methods,
        requests,
    }
}

/// The README's sentence on parameters typed as an enum, naming the first of them, if any.
fn enum_param_note(
    named: &[(&Method, String, String, Option<usize>)],
    types: &RustTypes<'_>,
) -> Option<String> {
    named.iter().find_map(|(method, name, _, _)| {
        let p = method.params.iter().find(|p| types.is_enum(&p.ty))?;
        Some(format!(
            "A parameter whose values the spec lists takes its enum, or a string for a value \
             this SDK does not know: `{}` takes its `{}` as `{}`.",
            name.trim_start_matches("r#"),
            p.name.wire,
            setter_type(&p.ty, types)
        ))
    })
}

/// An inner attribute `#![cfg_attr(predicate, doc = "text")]` laid out as rustfmt lays it out
/// by default: on one line when its arguments fit in 70 columns (`attr_fn_like_width`) and the
/// line in 100 (`max_width`), else one argument a line.
fn inner_cfg_attr(predicate: &str, text: &str) -> String {
    let literal = format!("{:?}", docs::line(text));
    let args = format!("{predicate}, doc = {literal}");
    let one = format!("#![cfg_attr({args})]");
    if args.chars().count() <= 70 && one.chars().count() <= 100 {
        one
    } else {
        format!("#![cfg_attr(\n    {predicate},\n    doc = {literal}\n)]")
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
pub(super) fn crate_version(release: &str) -> String {
    let mut parts: Vec<u64> = release
        .split('.')
        .map_while(|p| p.parse().ok())
        .take(3)
        .collect();
    parts.resize(3, 0);
    format!("{}.{}.{}", parts[0], parts[1], parts[2])
}

/// One operation: its method on `LookerSdk`, its request builder, and its line in its area's
/// page. Its docs are compiled with `area`'s feature: links to items elsewhere are made for the
/// builds that have them ([`Links::target`]).
fn method_ctx(
    method: &Method,
    name: String,
    builder: String,
    area: usize,
    types: &RustTypes<'_>,
    links: &Links<'_>,
) -> (MethodCtx, BuilderCtx, String) {
    // `path_segment` is the helper the path is built with: an argument of that name would
    // shadow it.
    let mut arg_names = Scope::with_reserved(&["call", "self", "path_segment"]);
    let mut setter_names =
        Scope::with_reserved(&["call", "into_future", "with_options", "stream", "pages"]);
    let mut args = Vec::new();
    let mut statements = Vec::new();
    let mut optional: Vec<(&Param, String)> = Vec::new();
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
    // An enum in the path is converted once, before the path is built from it.
    let bindings: Vec<String> = bound
        .iter()
        .filter(|(p, _)| types.is_enum(&p.ty))
        .map(|(p, ident)| {
            format!(
                "let {ident}: {} = {ident}.into();",
                types.value(&p.ty, Site::Crate)
            )
        })
        .collect();
    let path_expr = path_expr(method, &bound, types);
    statements.push(format!(
        "let mut call = self.call(looker_sdk_rtl::Method::{verb}, {path_expr});"
    ));
    // Errors name the operation they came from.
    statements.push(format!("call.operation({:?});", method.name.wire));
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
                arg_docs.push(arg_doc(&ident, p.description.as_deref(), &p.ty, types));
            }
            crate::model::Argument::Param(p) if p.required => {
                let ident = claim_value(&mut arg_names, &p.name.snake);
                args.push(ArgCtx {
                    name: ident.clone(),
                    ty: positional_type(&p.ty, types),
                });
                arg_docs.push(arg_doc(&ident, p.description.as_deref(), &p.ty, types));
                statements.push(param_statement("call", p, &ident, true, types));
            }
            crate::model::Argument::Param(p) => {
                optional.push((p, claim_value(&mut setter_names, &p.name.snake)));
            }
            crate::model::Argument::Body(body) => {
                let ty = body_type(&body.ty, body.encoding, types);
                let ident = arg_names.claim("body");
                statements.push(match body.encoding {
                    BodyEncoding::Json => format!("call.json_body({ident});"),
                    BodyEncoding::Text => format!("call.text_body({ident}.to_owned());"),
                });
                arg_docs.push(arg_doc(
                    &ident,
                    body.description.as_deref(),
                    &body.ty,
                    types,
                ));
                args.push(ArgCtx { name: ident, ty });
            }
        }
    }
    // Each setter's `Option` twin is named after every setter is, so that a parameter that
    // happens to be called `set_x` keeps its own name; the twin is named after the setter as
    // spelled, without the escapes a prefix makes needless (`r#type`, `self_`, `_1st`).
    let setters: Vec<SetterCtx> = optional
        .into_iter()
        .map(|(p, ident)| {
            let bare = ident.trim_start_matches("r#").trim_matches('_');
            let set_name = claim_value(&mut setter_names, &format!("set_{bare}"));
            setter_ctx(p, ident.clone(), set_name, types)
        })
        .collect();
    statements.splice(0..0, bindings);
    statements.push(format!("requests::{builder} {{ call }}"));

    let output = output_type(method, types);
    let finish = match method.mode {
        ResponseMode::Empty => "empty",
        ResponseMode::Text | ResponseMode::Binary => "body",
        ResponseMode::Json => "json",
    };
    let request = format!("crate::requests::{builder}");
    // What awaiting the request gives, in words, with links to the model types.
    let gives = match method.mode {
        ResponseMode::Empty => "`()`: the response has no content".to_owned(),
        ResponseMode::Text | ResponseMode::Binary => format!(
            "[`ResponseBody`](crate::ResponseBody), the body and its content type (or call \
             [`stream`]({request}::stream) for its bytes as they arrive)"
        ),
        ResponseMode::Json => type_doc(
            method
                .returns
                .as_ref()
                .unwrap_or(&TypeRef::Intrinsic(Intrinsic::Any)),
            types,
        ),
    };
    let pages = method
        .paging
        .as_ref()
        .map(|_| format!(" Or walk the results page by page with [`pages`]({request}::pages)."))
        .unwrap_or_default();
    let then = if setters.is_empty() {
        ""
    } else {
        "set optional parameters on it, then "
    };

    // Intra-doc links name items without `r#` (rustdoc reads `r#type` as `r`).
    let shown = name.trim_start_matches("r#");
    let resolve = |target: &str| links.target(target, area);
    let mut docs = Doc::lines(doc_lines(
        Some(&method.summary),
        &format!("`{}`", method.name.wire),
    ));
    if let Some(description) = &method.description {
        let desc = docs::lines_linked(description, &resolve);
        // Looker repeats the summary as a heading; skip the repetition.
        let skip = desc.first().is_some_and(|l| {
            matches!(l, docs::DocLine::Same(t)
                if t.trim_start_matches('#').trim() == method.summary.trim())
        });
        let blank = docs::DocLine::Same(String::new());
        docs.push(Doc::Line(String::new()));
        docs.extend(Doc::from_lines(
            desc.into_iter()
                .skip(usize::from(skip))
                .skip_while(|l| *l == blank)
                .collect(),
        ));
    }
    let mut tail = Vec::new();
    status_note(&method.status, "operation", &mut tail);
    tail.push(String::new());
    tail.push(call_summary(method));
    if !arg_docs.is_empty() {
        tail.push(String::new());
        tail.push("# Arguments".to_owned());
        tail.push(String::new());
        tail.extend(arg_docs);
    }
    tail.push(String::new());
    tail.push("# Returns".to_owned());
    tail.push(String::new());
    tail.push(format!(
        "[`{builder}`]({request}), the request: {then}`.await` it for {gives}.{pages}"
    ));
    docs.extend(Doc::lines(tail));
    let deprecated = matches!(method.status, Status::Deprecated);
    let attrs = if deprecated {
        vec![deprecated_attr("operation")]
    } else {
        Vec::new()
    };
    let summary = docs::lines(&method.summary).join(" ");
    let entry = format!(
        "- [`{shown}`](crate::LookerSdk::{shown}): {summary}{}",
        if deprecated { " (deprecated)" } else { "" }
    );

    let builder_docs = vec![
        format!(
            "The request of [`LookerSdk::{shown}`](crate::LookerSdk::{shown}): `{verb} {}`.",
            method.path
        ),
        String::new(),
        format!(
            "{}`.await` it for {gives}.{pages}",
            if setters.is_empty() {
                ""
            } else {
                "Set optional parameters with its methods (each `x(value)` has a \
                 `set_x(Option<_>)` twin, for a value that may be absent), then "
            },
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
        entry,
    )
}

/// The setter of the optional parameter `p` (named `ident`) and its `Option` twin (`set_name`).
fn setter_ctx(p: &Param, ident: String, set_name: String, types: &RustTypes<'_>) -> SetterCtx {
    let shown = ident.trim_start_matches("r#");
    let mut docs = doc_lines(
        p.description.as_deref(),
        &format!("Sets `{}`.", p.name.wire),
    );
    match &p.ty {
        ty @ TypeRef::Named(_) if types.is_enum(ty) => {
            docs.push(String::new());
            docs.push(format!(
                "Takes {} or a string (for a value this SDK does not know).",
                type_doc(ty, types)
            ));
        }
        TypeRef::Array(inner) | TypeRef::DelimArray(inner) if types.is_enum(inner) => {
            docs.push(String::new());
            docs.push(format!(
                "Takes {} values or strings (for values this SDK does not know).",
                type_doc(inner, types)
            ));
        }
        _ => {}
    }
    if p.deprecated {
        docs.push(String::new());
        docs.push("Deprecated in the Looker API.".to_owned());
    }
    let set_docs = vec![format!(
        "Sets `{0}` when `{shown}` is `Some`, as [`{shown}`](Self::{shown}) does; `None` \
             sends no `{0}`, taking out one set before.",
        p.name.wire
    )];
    SetterCtx {
        docs,
        attrs: if p.deprecated {
            vec![deprecated_attr("parameter")]
        } else {
            Vec::new()
        },
        arg: setter_type(&p.ty, types),
        set_arg: format!("Option<{}>", option_type(&p.ty, types)),
        statement: param_statement("self.call", p, &ident, false, types),
        clear: clear_statement("self.call", p),
        name: ident,
        set_name,
        set_docs,
    }
}

/// A Rust type as doc text, with intra-doc links to the model types it names:
/// `` `Vec<`[`Dashboard`](crate::models::Dashboard)`>` ``, which reads as `Vec<Dashboard>`.
fn type_doc(ty: &TypeRef, types: &RustTypes<'_>) -> String {
    /// Code text, or a model type's name (a link).
    enum Part {
        Code(String),
        Model(String),
    }
    fn parts(ty: &TypeRef, types: &RustTypes<'_>, out: &mut Vec<Part>) {
        match ty {
            TypeRef::Intrinsic(i) => out.push(Part::Code(super::types::intrinsic(*i).to_owned())),
            TypeRef::Named(name) => out.push(Part::Model(types.type_name(name))),
            TypeRef::Array(inner) | TypeRef::DelimArray(inner) => {
                out.push(Part::Code("Vec<".to_owned()));
                parts(inner, types, out);
                out.push(Part::Code(">".to_owned()));
            }
            TypeRef::Map(inner) => {
                out.push(Part::Code("BTreeMap<String, ".to_owned()));
                parts(inner, types, out);
                out.push(Part::Code(">".to_owned()));
            }
        }
    }
    let mut all = Vec::new();
    parts(ty, types, &mut all);
    // Code next to code is one span: two spans side by side would read as a longer backtick
    // fence.
    let mut out = String::new();
    let mut code = String::new();
    for part in all {
        match part {
            Part::Code(text) => code.push_str(&text),
            Part::Model(name) => {
                if !code.is_empty() {
                    out.push_str(&format!("`{}`", std::mem::take(&mut code)));
                }
                out.push_str(&format!("[`{name}`](crate::models::{name})"));
            }
        }
    }
    if !code.is_empty() {
        out.push_str(&format!("`{code}`"));
    }
    out
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

/// An argument's line in `# Arguments`: its name, the model type it takes when it takes one
/// (linked), and its description.
fn arg_doc(ident: &str, description: Option<&str>, ty: &TypeRef, types: &RustTypes<'_>) -> String {
    let text = description
        .map(|d| docs::lines(d).join(" "))
        .unwrap_or_default();
    let named = |t: &TypeRef| matches!(t, TypeRef::Named(_));
    let takes = match ty {
        TypeRef::Named(_) if types.is_enum(ty) => format!(
            " ({} or a string, for a value this SDK does not know)",
            type_doc(ty, types)
        ),
        TypeRef::Array(inner) | TypeRef::DelimArray(inner) | TypeRef::Map(inner)
            if named(inner) =>
        {
            format!(" ({})", type_doc(ty, types))
        }
        t if named(t) => format!(" ({})", type_doc(ty, types)),
        _ => String::new(),
    };
    let colon = if text.is_empty() { "" } else { ": " };
    format!("- `{}`{takes}{colon}{text}", ident.trim_start_matches("r#"))
}

/// The path expression: a literal, or `format!` with each parameter encoded once.
fn path_expr(method: &Method, bound: &[(&Param, String)], types: &RustTypes<'_>) -> String {
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
                    // Bound to the enum before the path is built.
                    Some((p, ident)) if types.is_enum(&p.ty) => {
                        format!("path_segment({ident}.as_str())")
                    }
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

/// The type a setter (or a non-string positional argument) takes. An enum is taken as
/// anything that converts into it: a variant, or a string for a value this SDK does not know.
pub(super) fn setter_type(ty: &TypeRef, types: &RustTypes<'_>) -> String {
    match ty {
        t if t.is_textual() => "impl Into<String>".to_owned(),
        TypeRef::DelimArray(inner) | TypeRef::Array(inner) if inner.is_textual() => {
            "impl IntoIterator<Item = impl Into<String>>".to_owned()
        }
        TypeRef::DelimArray(inner) | TypeRef::Array(inner) if types.is_enum(inner) => format!(
            "impl IntoIterator<Item = impl Into<{}>>",
            types.value(inner, Site::Crate)
        ),
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
        TypeRef::Named(_) if types.is_enum(ty) => {
            format!("impl Into<{}>", types.value(ty, Site::Crate))
        }
        TypeRef::Named(_) => "&serde_json::Value".to_owned(),
        TypeRef::Intrinsic(_) => types.value(ty, Site::Crate),
    }
}

/// The type inside the `Option` a setter's twin (`set_x`) takes: a named type for each of
/// [`setter_type`]'s `impl` ones, so that `set_x(None)` needs no annotation.
fn option_type(ty: &TypeRef, types: &RustTypes<'_>) -> String {
    match ty {
        t if t.is_textual() => "String".to_owned(),
        TypeRef::DelimArray(inner) | TypeRef::Array(inner) if inner.is_textual() => {
            "Vec<String>".to_owned()
        }
        TypeRef::DelimArray(inner) | TypeRef::Array(inner) => {
            format!("Vec<{}>", types.value(inner, Site::Crate))
        }
        TypeRef::Named(_) if types.is_enum(ty) => types.value(ty, Site::Crate),
        _ => setter_type(ty, types),
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
        TypeRef::DelimArray(inner) | TypeRef::Array(inner) if types.is_enum(inner) => format!(
            "&{ident}.into_iter().map(Into::into).collect::<Vec<{}>>()",
            types.value(inner, Site::Crate)
        ),
        TypeRef::DelimArray(inner) | TypeRef::Array(inner) => {
            format!(
                "&{ident}.into_iter().collect::<Vec<{}>>()",
                types.value(inner, Site::Crate)
            )
        }
        TypeRef::Named(_) if types.is_enum(&p.ty) => {
            format!(
                "&Into::<{}>::into({ident})",
                types.value(&p.ty, Site::Crate)
            )
        }
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

/// The statement that takes the optional parameter `p` out of the request again.
fn clear_statement(target: &str, p: &Param) -> String {
    let wire = format!("{:?}", p.name.wire);
    match p.location {
        Location::Form => format!("{target}.remove_form_field({wire});"),
        Location::Header | Location::Cookie => format!("{target}.remove_header({wire});"),
        Location::Query | Location::Path => format!("{target}.remove_query({wire});"),
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
