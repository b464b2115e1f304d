//! Template contexts: everything a Python template prints, precomputed from the model.
//!
//! The rules are sdk-codegen's (`packages/sdk-codegen/src/python.gen.ts`), so that the modules
//! match the official `looker_sdk` package. Its language-neutral rules are the model's (method
//! order `Api::methods_by_tag`, argument order `Method::arguments`, `Method::response_modes`);
//! the Python ones are here: forward references for model types, `__annotations__` with
//! `ForwardRef` where a required property names a model or enum, and the runtime's structure
//! hooks at the end of `models.py`. Line breaks are decided here too ([`layout`]).

use askama::Template;

use super::docs;
use super::layout::{self, Expr};
use super::names;
use super::types::{PyTypes, Site};
use crate::emit::{GENERATED_NOTICE, Options};
use crate::model::{
    Api, Argument, Location, Method, Origin, Param, PathPart, Property, ResponseModes, TypeDef,
    TypeKind, TypeRef,
};
use crate::names::locale_cmp;

/// All the contexts of one package.
pub struct Package {
    pub pyproject: Pyproject,
    pub readme: Readme,
    pub init: Init,
    pub constants: Constants,
    pub methods: Methods,
    pub models: Models,
}

#[derive(Template)]
#[template(path = "python/pyproject.toml.askama", escape = "none")]
pub struct Pyproject {
    pub notice: &'static str,
    pub distribution: String,
    pub version: String,
    /// A TOML string.
    pub description: String,
    /// The official runtime required, e.g. `looker-sdk~=26.12.0` ([`runtime_requirement`]).
    pub runtime: String,
    pub package: &'static str,
}

#[derive(Template)]
#[template(path = "python/README.md.askama", escape = "none")]
pub struct Readme {
    pub distribution: String,
    pub package: &'static str,
    pub title: String,
    pub version: String,
    pub runtime: String,
    pub api_version: String,
    pub method_count: usize,
    pub type_count: usize,
}

#[derive(Template)]
#[template(path = "python/__init__.py.askama", escape = "none")]
pub struct Init {
    pub notice: &'static str,
    pub package: &'static str,
    /// A Python string literal: the package's version.
    pub version: String,
    /// A Python string literal, e.g. `"4.0"`.
    pub api_version: String,
    /// The API version without dots, e.g. `40`.
    pub api_ref: String,
}

#[derive(Template)]
#[template(path = "python/constants.py.askama", escape = "none")]
pub struct Constants {
    pub notice: &'static str,
    /// Python string literals.
    pub sdk_version: String,
    pub environment_prefix: String,
}

/// A module with nothing but the notice (`sdk/__init__.py`, `sdk/api40/__init__.py`).
#[derive(Template)]
#[template(path = "python/module.py.askama", escape = "none")]
pub struct Module {
    pub notice: &'static str,
    /// What the module is for, as a comment sentence.
    pub purpose: &'static str,
}

#[derive(Template)]
#[template(path = "python/methods.py.askama", escape = "none")]
pub struct Methods {
    pub notice: &'static str,
    pub count: String,
    /// The `looker_sdk.rtl` modules the methods use: `model` only where a form body needs it,
    /// as in the official module.
    pub runtime_imports: Vec<&'static str>,
    pub class_name: String,
    pub regions: Vec<Region>,
}

/// The methods of one tag.
pub struct Region {
    pub title: String,
    pub methods: Vec<MethodCtx>,
}

pub struct MethodCtx {
    /// The comment above the method, indented, one line each.
    pub comment: String,
    /// `def name(...) -> T:`, laid out.
    pub signature: String,
    /// The statements of the body, laid out and indented.
    pub body: String,
}

#[derive(Template)]
#[template(path = "python/models.py.askama", escape = "none")]
pub struct Models {
    pub notice: &'static str,
    pub count: String,
    pub classes: Vec<ClassCtx>,
    /// The models that need the key-translating structure hook.
    pub translated: Vec<String>,
    pub api_ref: String,
}

pub struct ClassCtx {
    pub name: String,
    pub is_enum: bool,
    /// The docstring's lines between the quotes, indented; empty lines are empty.
    pub doc: String,
    /// Enum members, or annotated fields and the `__annotations__` a class may need, laid out.
    pub fields: String,
    /// `__init__` of a model, laid out.
    pub init: String,
}

pub(super) const DISTRIBUTION: &str = "looker-codegen-sdk";
const PACKAGE: &str = "looker_codegen_sdk";

/// Builds every context of the package from the model.
pub fn build(api: &Api, options: &Options) -> Package {
    let distribution = options
        .package_name
        .clone()
        .unwrap_or_else(|| DISTRIBUTION.to_owned());
    let types = PyTypes::new(api);
    let release = api
        .info
        .looker_release
        .clone()
        .unwrap_or_else(|| api.info.spec_version.clone());
    let version = package_version(&release);
    let runtime = runtime_requirement(&release);
    // `40` for API 4.0, as in `init40`, `api40` and `Looker40SDK`: only what identifiers allow.
    let api_ref: String = api
        .info
        .api_version
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let class_name = format!("Looker{api_ref}SDK");
    Package {
        pyproject: Pyproject {
            notice: GENERATED_NOTICE,
            distribution: distribution.clone(),
            version: version.clone(),
            description: toml_string(&format!(
                "Python SDK for the Looker API {} (Looker {release}), generated by looker-codegen on Looker's official runtime",
                api.info.api_version
            )),
            runtime: runtime.clone(),
            package: PACKAGE,
        },
        readme: Readme {
            distribution,
            package: PACKAGE,
            title: api.info.title.clone(),
            version: version.clone(),
            runtime: runtime.clone(),
            api_version: api.info.api_version.clone(),
            method_count: api.methods.len(),
            type_count: api.types.len(),
        },
        init: Init {
            notice: GENERATED_NOTICE,
            package: PACKAGE,
            version: py_string(&version),
            api_version: py_string(&api.info.api_version),
            api_ref: api_ref.clone(),
        },
        constants: Constants {
            notice: GENERATED_NOTICE,
            sdk_version: py_string(&sdk_version(&release)),
            environment_prefix: py_string("LOOKERSDK"),
        },
        methods: methods(api, &types, class_name, runtime_sends_forms(api)),
        models: models(api, &types, api_ref),
    }
}

/// A Python string literal; Python accepts JSON's escapes.
pub fn py_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

/// A TOML basic string holding `text`.
fn toml_string(text: &str) -> String {
    // TOML basic strings take JSON's escapes too.
    py_string(text)
}

/// Whether the pinned official runtime can send a form body (`model.URLSearchParams`, first in
/// looker-sdk 26.4, sdk-codegen #1674). Before it, form fields go in the query string, as the
/// official SDK of those releases sends them: its runtime has no other way. A spec that names no
/// Looker release is taken to be current.
fn runtime_sends_forms(api: &Api) -> bool {
    api.info
        .looker_release
        .as_deref()
        .is_none_or(|release| release_parts(release) >= vec![26, 4, 0])
}

fn release_parts(release: &str) -> Vec<u64> {
    let mut parts: Vec<u64> = release
        .split('.')
        .map_while(|p| p.parse().ok())
        .take(3)
        .collect();
    parts.resize(3, 0);
    parts
}

/// The distribution's version: Looker's release, e.g. `26.12.3`.
pub(super) fn package_version(release: &str) -> String {
    let p = release_parts(release);
    format!("{}.{}.{}", p[0], p[1], p[2])
}

/// The official runtime of the same release: `looker-sdk` publishes `<major>.<minor>.0`.
pub(super) fn runtime_version(release: &str) -> String {
    let p = release_parts(release);
    format!("{}.{}.0", p[0], p[1])
}

/// The requirement on the official runtime: that release's `looker-sdk` or a patch release of
/// it (`~=26.12.0` is `>=26.12.0, ==26.12.*`). Some releases are on PyPI only as a patch
/// (22.2.1, 23.14.1, no 22.2.0 or 23.14.0), whose packages an exact `==<major>.<minor>.0` pin
/// could not install; patch releases are the runtime's fixes.
pub(super) fn runtime_requirement(release: &str) -> String {
    format!("looker-sdk~={}", runtime_version(release))
}

/// `constants.sdk_version` as the official package sets it: `<major>.<minor>`.
fn sdk_version(release: &str) -> String {
    let p = release_parts(release);
    format!("{}.{}", p[0], p[1])
}

// ---------------------------------------------------------------------------------------------
// methods.py

/// `forms`: whether form fields are sent as a form body ([`runtime_sends_forms`]).
fn methods(api: &Api, types: &PyTypes, class_name: String, forms: bool) -> Methods {
    let mut method_names = names::method_scope();
    let regions = api
        .methods_by_tag()
        .into_iter()
        .map(|(tag, list)| {
            let description = api
                .tags
                .iter()
                .find(|t| t.name == tag)
                .and_then(|t| t.description.as_deref())
                .map(|d| docs::lines(d).join(" "))
                .unwrap_or_default();
            let title = if description.is_empty() {
                tag.to_owned()
            } else {
                format!("{tag}: {description}")
            };
            Region {
                title: docs::lines(&title).join(" "),
                methods: list
                    .into_iter()
                    .map(|m| {
                        let name = names::claim(&mut method_names, &m.name.wire, &m.name.snake);
                        method_ctx(m, &name, types, forms)
                    })
                    .collect(),
            }
        })
        .collect();
    let form = forms
        && api
            .methods
            .iter()
            .any(|m| m.params.iter().any(|p| p.location == Location::Form));
    let runtime_imports = if form {
        vec!["api_methods", "model", "transport"]
    } else {
        vec!["api_methods", "transport"]
    };
    Methods {
        notice: GENERATED_NOTICE,
        count: format!("{} API methods", api.methods.len()),
        runtime_imports,
        class_name,
        regions,
    }
}

/// The return annotation: the decoded type, `bytes` for binary results, and
/// `Union[T, bytes]` where a result may be either.
pub(super) fn return_type(method: &Method, types: &PyTypes) -> (Expr, bool) {
    // What the spec declares, as the official SDK has it: a 204 declaring a string is `str`.
    let decoded = match &method.declared_returns {
        None => Expr::atom("None"),
        Some(ty) => types.expr(ty, Site::Methods),
    };
    match method.response_modes() {
        ResponseModes {
            binary: true,
            string: true,
        } => (Expr::sub("Union", vec![decoded, Expr::atom("bytes")]), true),
        ResponseModes { binary: true, .. } => (Expr::atom("bytes"), false),
        _ => (decoded, false),
    }
}

fn method_ctx(method: &Method, name: &str, types: &PyTypes, forms: bool) -> MethodCtx {
    let (ret, is_union) = return_type(method, types);
    let form = forms && method.params.iter().any(|p| p.location == Location::Form);
    let mut arg_names = names::argument_scope(form);
    let args = method.arguments();
    let mut idents: Vec<(&Argument<'_>, String)> = Vec::new();
    for arg in &args {
        let ident = match arg {
            Argument::Param(p) => names::claim(&mut arg_names, &p.name.wire, &p.name.snake),
            Argument::Body(_) => arg_names.claim("body"),
        };
        idents.push((arg, ident));
    }
    let ident_of = |p: &Param| {
        idents
            .iter()
            .find(|(a, _)| matches!(a, Argument::Param(q) if std::ptr::eq(*q, p)))
            .map(|(_, i)| i.clone())
            .unwrap_or_default()
    };

    let mut sig = vec![format!("    def {name}("), "        self,".to_owned()];
    for (arg, ident) in &idents {
        let (ty, description) = match arg {
            Argument::Param(p) => {
                let mut d = p.description.clone().unwrap_or_default();
                if p.deprecated && !d.to_ascii_lowercase().contains("deprecated") {
                    d = format!("(DEPRECATED) {d}");
                }
                (types.param_expr(&p.ty), d)
            }
            Argument::Body(b) => (
                match b.encoding {
                    crate::model::BodyEncoding::Text => Expr::atom("str"),
                    crate::model::BodyEncoding::Json => types.expr(&b.ty, Site::Methods),
                },
                b.description.clone().unwrap_or_default(),
            ),
        };
        sig.extend(docs::comment(8, &description));
        sig.push(if arg.required() {
            layout::line(8, &format!("{ident}: "), &ty, ",")
        } else {
            layout::line(
                8,
                &format!("{ident}: "),
                &Expr::sub("Optional", vec![ty]),
                " = None,",
            )
        });
    }
    sig.push("        transport_options: Optional[transport.TransportOptions] = None,".to_owned());
    sig.push(layout::line(4, ") -> ", &ret, ":"));

    let mut head = method
        .description
        .as_deref()
        .map(|d| docs::comment(4, d))
        .unwrap_or_default();
    if !head.is_empty() {
        head.push("    #".to_owned());
    }
    head.push(format!(
        "    # {} {} -> {}",
        method.verb.as_str(),
        docs::one_line(&method.path),
        ret.flat()
    ));

    let mut body = Vec::new();
    if let Some(doc) = docs::one_line_docstring(8, &method.summary) {
        body.push(doc);
    }
    for p in method
        .params
        .iter()
        .filter(|p| p.location == Location::Path)
    {
        if types.encodes_path(&p.ty) {
            let ident = ident_of(p);
            body.push(layout::line(
                8,
                &format!("{ident} = "),
                &Expr::Call(
                    "self.encode_path_param".to_owned(),
                    vec![Expr::atom(ident.clone())],
                ),
                "",
            ));
        }
    }
    if method.name.wire == "login_user" {
        // sdk-codegen warns on this one call; the official SDK does too.
        body.push(layout::line(
            8,
            "",
            &Expr::Call(
                "warnings.warn".to_owned(),
                vec![Expr::atom(py_string(
                    "login_user behavior changed significantly in 21.4.0. See https://git.io/JOtH1",
                ))],
            ),
            "",
        ));
    }
    let mut call = vec![
        "        response = cast(".to_owned(),
        layout::line(12, "", &ret, ","),
        format!(
            "            self.{}(",
            method.verb.as_str().to_ascii_lowercase()
        ),
        format!("                path={},", path_literal(method, &ident_of)),
        layout::line(
            16,
            "structure=",
            &ret,
            if is_union { ",  # type: ignore" } else { "," },
        ),
    ];
    let query: Vec<(String, String)> = method
        .params
        .iter()
        .filter(|p| matches!(p.location, Location::Query | Location::Form))
        .map(|p| (py_string(&p.name.wire), ident_of(p)))
        .collect();
    if !query.is_empty() && !form {
        call.push(layout::line(16, "query_params=", &Expr::Dict(query), ","));
    } else if !query.is_empty() {
        call.push(layout::line(
            16,
            "body=",
            &Expr::Call("model.URLSearchParams".to_owned(), vec![Expr::Dict(query)]),
            ",",
        ));
    }
    if let Some((_, ident)) = idents.iter().find(|(a, _)| matches!(a, Argument::Body(_))) {
        call.push(format!("                body={ident},"));
    }
    call.push("                transport_options=transport_options,".to_owned());
    call.push("            ),".to_owned());
    call.push("        )".to_owned());
    body.push(call.join("\n"));
    body.push("        return response".to_owned());
    MethodCtx {
        comment: head.join("\n"),
        signature: sig.join("\n"),
        body: body.join("\n"),
    }
}

/// The `path=` value: a string, or an f-string naming the path arguments.
fn path_literal(method: &Method, ident_of: &dyn Fn(&Param) -> String) -> String {
    let mut text = String::new();
    let mut formatted = false;
    for part in &method.path_parts {
        match part {
            // JSON's escapes are Python's: quotes, backslashes and control characters (a newline
            // in a path key) are escaped, so the literal cannot end early.
            PathPart::Literal(l) => {
                let quoted = py_string(l);
                text.push_str(
                    &quoted[1..quoted.len() - 1]
                        .replace('{', "{{")
                        .replace('}', "}}"),
                );
            }
            PathPart::Param(wire) => {
                let ident = method
                    .params
                    .iter()
                    .find(|p| p.location == Location::Path && &p.name.wire == wire)
                    .map(ident_of)
                    .unwrap_or_default();
                text.push_str(&format!("{{{ident}}}"));
                formatted = true;
            }
        }
    }
    if formatted {
        format!("f\"{text}\"")
    } else {
        // Without placeholders the doubled braces would be wrong: undo them.
        format!("\"{}\"", text.replace("{{", "{").replace("}}", "}"))
    }
}

// ---------------------------------------------------------------------------------------------
// models.py

fn models(api: &Api, types: &PyTypes, api_ref: String) -> Models {
    let mut defs: Vec<&TypeDef> = api.types.values().collect();
    defs.sort_by(|a, b| {
        locale_cmp(
            &types.class_name(&a.name.wire),
            &types.class_name(&b.name.wire),
        )
    });
    let mut translated = Vec::new();
    let mut classes = Vec::new();
    let (mut spec, mut write, mut enums) = (0, 0, 0);
    for def in defs {
        match (&def.kind, &def.origin) {
            (TypeKind::Enum(_), _) => enums += 1,
            (_, Origin::Write { .. }) => write += 1,
            _ => spec += 1,
        }
        let (class, keywords) = class_ctx(api, def, types);
        if keywords {
            translated.push(class.name.clone());
        }
        classes.push(class);
    }
    Models {
        notice: GENERATED_NOTICE,
        count: format!(
            "{} API models: {spec} Spec, 0 Request, {write} Write, {enums} Enum",
            api.types.len()
        ),
        classes,
        translated,
        api_ref,
    }
}

/// The class of one type, and whether a property name is a Python keyword (so the class needs
/// the key-translating structure hook).
fn class_ctx(api: &Api, def: &TypeDef, types: &PyTypes) -> (ClassCtx, bool) {
    let name = types.class_name(&def.name.wire);
    let description = class_description(api, def, types);
    match &def.kind {
        TypeKind::Enum(e) => {
            let mut scope = names::member_scope();
            let mut fields: Vec<String> = e
                .values
                .iter()
                .map(|v| {
                    let member = names::claim_member(&mut scope, &v.wire, &v.snake);
                    layout::assign(4, &member, &py_string(&v.wire))
                })
                .collect();
            fields.push("    invalid_api_enum_value = \"invalid_api_enum_value\"".to_owned());
            let doc = docs::class_docstring(description.as_deref(), &[]);
            (
                ClassCtx {
                    doc: doc_text(doc, &name),
                    name,
                    is_enum: true,
                    fields: fields.join("\n"),
                    init: String::new(),
                },
                false,
            )
        }
        TypeKind::Model(model) => {
            // Required properties first, then optional ones, each in spec order.
            let props: Vec<&Property> = model
                .properties
                .iter()
                .filter(|p| p.required)
                .chain(model.properties.iter().filter(|p| !p.required))
                .collect();
            let mut scope = names::field_scope();
            let idents: Vec<String> = props
                .iter()
                .map(|p| names::claim(&mut scope, &p.name.wire, &p.name.snake))
                .collect();
            let keywords = props.iter().any(|p| names::is_keyword(&p.name.wire));
            let attributes: Vec<(String, Option<String>)> = props
                .iter()
                .zip(&idents)
                .map(|(p, ident)| (ident.clone(), property_description(api, p, types)))
                .collect();
            let doc = docs::class_docstring(description.as_deref(), &attributes);
            let mut fields = Vec::new();
            let mut annotations = Vec::new();
            let mut init = vec![
                "    def __init__(".to_owned(),
                "        self,".to_owned(),
                "        *,".to_owned(),
            ];
            let mut init_body = Vec::new();
            let mut bare_forward_ref = false;
            for (p, ident) in props.iter().zip(&idents) {
                let ty = types.expr(&p.ty, Site::Models);
                let is_forward = p.required && matches!(p.ty, TypeRef::Named(_));
                bare_forward_ref |= is_forward;
                let key = format!("{}: ", py_string(ident));
                if p.required {
                    fields.push(layout::line(4, &format!("{ident}: "), &ty, ""));
                    init.push(layout::line(8, &format!("{ident}: "), &ty, ","));
                    annotations.push(if is_forward {
                        layout::line(
                            8,
                            &key,
                            &Expr::Call("ForwardRef".to_owned(), vec![ty.clone()]),
                            ",",
                        )
                    } else {
                        layout::line(8, &key, &ty, ",")
                    });
                } else {
                    let optional = Expr::sub("Optional", vec![ty]);
                    fields.push(layout::annotated_assign(4, ident, &optional, "None"));
                    init.push(layout::line(
                        8,
                        &format!("{ident}: "),
                        &optional,
                        " = None,",
                    ));
                    annotations.push(layout::line(8, &key, &optional, ","));
                }
                init_body.push(layout::assign(8, &format!("self.{ident}"), ident));
            }
            if bare_forward_ref {
                // The runtime resolves `ForwardRef` annotations itself (its structure hook);
                // a bare string annotation on a required property would not reach it.
                fields.push("    __annotations__ = {".to_owned());
                fields.extend(annotations);
                fields.push("    }".to_owned());
            }
            if props.is_empty() {
                init = vec!["    def __init__(self):".to_owned()];
                init_body.push("        pass".to_owned());
            } else {
                init.push("    ):".to_owned());
            }
            init.extend(init_body);
            (
                ClassCtx {
                    doc: doc_text(doc, &name),
                    name,
                    is_enum: false,
                    fields: fields.join("\n"),
                    init: init.join("\n"),
                },
                keywords,
            )
        }
    }
}

/// The docstring's lines joined; a type without any text is described by its name.
fn doc_text(doc: Vec<String>, name: &str) -> String {
    if doc.is_empty() {
        format!("    {name}")
    } else {
        doc.join("\n")
    }
}

/// A type's description as sdk-codegen gives it: a write type's says what it removes, a model
/// whose write type came out empty carries sdk-codegen's warning, and an inline enum notes the
/// type that declares it first.
fn class_description(api: &Api, def: &TypeDef, types: &PyTypes) -> Option<String> {
    match (&def.kind, &def.origin) {
        (_, Origin::Write { of, removes }) => Some(write_description(of, removes, types)),
        (TypeKind::Model(model), _) if model.unwritable && def.description.is_none() => {
            // sdk-codegen adds the warning to an empty description only (to another it adds a
            // bare line break, by operator precedence).
            Some("WARNING: no writeable properties found for POST, PUT, or PATCH".to_owned())
        }
        (TypeKind::Enum(_), Origin::InlineEnum { uses }) => {
            let owner = uses.first().map(|(t, _)| t.as_str()).unwrap_or_default();
            let note = format!("(Enum defined in {owner})");
            Some(match api.declared_description(def) {
                Some(d) => format!("{d} {note}"),
                None => note,
            })
        }
        _ => def.description.clone(),
    }
}

/// sdk-codegen's description of a write type: "Dynamic writeable type for X removes:" and the
/// removed properties on the next line.
fn write_description(of: &str, removes: &[String], types: &PyTypes) -> String {
    let mut text = format!("Dynamic writeable type for {}", types.class_name(of));
    if !removes.is_empty() {
        text.push_str(" removes:\n");
        text.push_str(&removes.join(", "));
    }
    text
}

/// A property's description as sdk-codegen gives it: its own, or else its type's (a write
/// type's property without one gets the write type's description, or its source's).
fn property_description(api: &Api, p: &Property, types: &PyTypes) -> Option<String> {
    if p.description.is_some() {
        return p.description.clone();
    }
    let TypeRef::Named(name) = &p.ty else {
        return None;
    };
    let def = api.type_def(name)?;
    match &def.origin {
        Origin::Write { of, removes } => api
            .type_def(of)
            .and_then(|source| source.description.clone())
            .or_else(|| Some(write_description(of, removes, types))),
        _ => def.description.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::{
        package_version, runtime_requirement, runtime_sends_forms, runtime_version, sdk_version,
    };

    #[test]
    fn versions_follow_the_release() {
        assert_eq!(package_version("26.12.3"), "26.12.3");
        assert_eq!(runtime_version("26.12.3"), "26.12.0");
        assert_eq!(runtime_requirement("22.2.1"), "looker-sdk~=22.2.0");
        assert_eq!(sdk_version("26.12.3"), "26.12");
        assert_eq!(runtime_version("4.0.25.20"), "4.0.0");
    }

    /// Form bodies from looker-sdk 26.4 on (the runtime's `model.URLSearchParams`); a spec naming
    /// no release is taken to be current.
    #[test]
    fn form_bodies_need_the_26_4_runtime() {
        let api = |release: Option<&str>| {
            let mut spec = serde_json::json!({
                "openapi": "3.0.0", "info": {"title": "t", "version": "4.0.0"}, "paths": {}});
            if let Some(release) = release {
                spec["info"]["x-looker-release-version"] = release.into();
            }
            crate::api_from_json(spec).expect("loads").api
        };
        assert!(runtime_sends_forms(&api(Some("26.12.3"))));
        assert!(runtime_sends_forms(&api(Some("26.4.0"))));
        assert!(!runtime_sends_forms(&api(Some("26.2.7"))));
        assert!(!runtime_sends_forms(&api(Some("25.20.0"))));
        assert!(runtime_sends_forms(&api(None)));
    }
}
