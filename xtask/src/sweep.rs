//! Writes `tests/sdk/tests/prism/sweep.rs`: one call per GET operation of the SDK, with every
//! parameter filled, for the Prism tests to send to both Prisms.
//!
//! The operations come from the generator's model; the Rust spelling of each call (method name,
//! arguments, the request builder's setters and their types) comes from the generated
//! `methods.rs` and `requests.rs`, parsed with syn, so that the sweep calls exactly what the SDK
//! offers without repeating the emitter's naming rules. Required arguments and optional setters
//! alike get a plausible value of their type, so that Prism checks how the SDK encodes every
//! parameter. An operation with a required argument the sweep cannot fill is listed in
//! `SKIPPED`, an optional parameter it cannot fill in `UNSET`, each with the reason. Like
//! `generated/`, the file is written by `cargo xtask regen` and checked by `cargo xtask check`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anyhow::Context;
use looker_codegen::model::{Api, Verb};
use quote::ToTokens;

/// Where the sweep goes, relative to the workspace root.
pub const PATH: &str = "tests/sdk/tests/prism/sweep.rs";

/// Values for string parameters by wire name, where a name reads better than `"1"`.
const PLAUSIBLE: &[(&str, &str)] = &[
    ("api_version", "4.0"),
    ("branch_name", "dev"),
    ("connection_name", "thelook"),
    ("credential_type", "email"),
    ("explore_name", "users"),
    ("field_name", "users.id"),
    ("fields", "id"),
    ("lookml_model_name", "thelook"),
    ("model", "thelook"),
    ("model_name", "thelook"),
    ("namespace", "sdk-tests"),
    ("pattern", "users"),
    ("result_format", "json"),
    ("sorts", "id"),
    ("specification", "swagger"),
    ("terms", "sales"),
    ("theme_type", "light"),
    ("type", "dashboard"),
    ("view", "users"),
    ("view_name", "users"),
];

/// The sweep's source text for `api`, whose Rust methods and request builders are in
/// `methods_rs` and `requests_rs`.
pub fn render(api: &Api, methods_rs: &[&str], requests_rs: &[&str]) -> anyhow::Result<String> {
    let mut methods = BTreeMap::new();
    for text in methods_rs {
        methods.extend(self::methods(text)?);
    }
    let mut setters = BTreeMap::new();
    for text in requests_rs {
        setters.extend(self::setters(text)?);
    }
    let mut calls = String::new();
    let mut skipped = String::new();
    let mut unset = String::new();
    let mut total = 0;
    let mut set = 0;
    for method in api.methods.iter().filter(|m| m.verb == Verb::Get) {
        total += 1;
        let id = &method.name.wire;
        let Some(signature) = methods.get(&method.name.snake) else {
            let reason = format!("no method `{}` in methods.rs", method.name.snake);
            writeln!(skipped, "    ({id:?}, {reason:?}),")?;
            continue;
        };
        let args: Result<Vec<String>, String> = signature
            .args
            .iter()
            .map(|(name, ty)| value(name, ty))
            .collect();
        let args = match args {
            Ok(args) => args,
            Err(reason) => {
                writeln!(skipped, "    ({id:?}, {reason:?}),")?;
                continue;
            }
        };
        let mut chain = format!("sdk.{}({})", signature.name, args.join(", "));
        for (setter, ty) in setters.get(&signature.builder).into_iter().flatten() {
            match value(setter, ty) {
                Ok(value) => {
                    set += 1;
                    write!(chain, "\n            .{setter}({value})")?;
                }
                Err(reason) => writeln!(unset, "    ({id:?}, {reason:?}),")?,
            }
        }
        writeln!(
            calls,
            "    Op {{ id: {id:?}, path: {path:?}, call: |sdk| {{
        let request = {chain};
        Box::pin(async move {{ request.await.map(drop) }})
    }} }},",
            path = method.path,
        )?;
    }
    Ok(format!(
        "//! {notice}
//!
//! Written by `cargo xtask regen` (`xtask/src/sweep.rs`) from the generator's model and the
//! generated `methods.rs` and `requests.rs`; `cargo xtask check` fails when it is stale. One call
//! per GET operation, with a plausible value for every argument and optional parameter.

use looker_sdk::{{CallFuture, LookerSdk}};

/// One GET operation and how to call it; the call succeeds when the response decoded.
pub(crate) struct Op {{
    /// The operationId.
    pub(crate) id: &'static str,
    /// The path template.
    pub(crate) path: &'static str,
    pub(crate) call: fn(&LookerSdk) -> CallFuture<()>,
}}

/// How many GET operations the SDK has.
pub(crate) const GET_OPERATIONS: usize = {total};

/// How many optional parameters the calls set.
pub(crate) const OPTIONAL_SET: usize = {set};

/// GET operations the sweep cannot call, with the reason.
pub(crate) const SKIPPED: &[(&str, &str)] = &[
{skipped}];

/// Optional parameters the sweep leaves unset, by operation, with the reason.
pub(crate) const UNSET: &[(&str, &str)] = &[
{unset}];

/// Every GET operation the sweep calls.
pub(crate) const CALLS: &[Op] = &[
{calls}];
",
        notice = looker_codegen::emit::GENERATED_NOTICE,
    ))
}

/// A `LookerSdk` method as `methods.rs` declares it.
#[derive(Debug, PartialEq)]
struct Method {
    /// As written (`r#move`).
    name: String,
    /// Each argument's name and type, as tokens.
    args: Vec<(String, String)>,
    /// The request builder it returns (`AllUsersRequest` for `requests::AllUsersRequest`).
    builder: String,
}

/// The methods of `methods.rs` by name without `r#`.
fn methods(methods_rs: &str) -> anyhow::Result<BTreeMap<String, Method>> {
    let file = syn::parse_file(methods_rs).context("the generated methods.rs does not parse")?;
    let mut methods = BTreeMap::new();
    for function in impl_fns(&file) {
        let name = function.sig.ident.to_string();
        let builder = match &function.sig.output {
            syn::ReturnType::Type(_, ty) => match &**ty {
                syn::Type::Path(path) => path
                    .path
                    .segments
                    .last()
                    .map(|s| s.ident.to_string())
                    .unwrap_or_default(),
                _ => String::new(),
            },
            syn::ReturnType::Default => String::new(),
        };
        let method = Method {
            name: name.clone(),
            args: typed_args(&function.sig),
            builder,
        };
        methods.insert(name.trim_start_matches("r#").to_owned(), method);
    }
    Ok(methods)
}

/// The setters of each request builder in `requests.rs`: methods taking `mut self` and one
/// value, returning `Self`, other than `with_options` and the setters' `Option` twins
/// (`set_fields(Option<String>)`, which set what `fields` sets).
fn setters(requests_rs: &str) -> anyhow::Result<BTreeMap<String, Vec<(String, String)>>> {
    let file = syn::parse_file(requests_rs).context("the generated requests.rs does not parse")?;
    let mut builders: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for item in &file.items {
        let syn::Item::Impl(block) = item else {
            continue;
        };
        if block.trait_.is_some() {
            continue;
        }
        let syn::Type::Path(self_ty) = &*block.self_ty else {
            continue;
        };
        let Some(builder) = self_ty.path.segments.last() else {
            continue;
        };
        let setters = builders.entry(builder.ident.to_string()).or_default();
        for item in &block.items {
            let syn::ImplItem::Fn(function) = item else {
                continue;
            };
            let returns_self = matches!(&function.sig.output,
                syn::ReturnType::Type(_, ty) if ty.to_token_stream().to_string() == "Self");
            let args = typed_args(&function.sig);
            let name = function.sig.ident.to_string();
            let twin = args
                .first()
                .is_some_and(|(_, ty)| ty.starts_with("Option <"));
            if returns_self && args.len() == 1 && name != "with_options" && !twin {
                setters.push((name, args[0].1.clone()));
            }
        }
    }
    Ok(builders)
}

fn impl_fns(file: &syn::File) -> impl Iterator<Item = &syn::ImplItemFn> {
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Impl(block) => Some(&block.items),
            _ => None,
        })
        .flatten()
        .filter_map(|item| match item {
            syn::ImplItem::Fn(function) => Some(function),
            _ => None,
        })
}

/// The arguments other than `self`, as (name, type) tokens.
fn typed_args(sig: &syn::Signature) -> Vec<(String, String)> {
    sig.inputs
        .iter()
        .filter_map(|input| match input {
            syn::FnArg::Typed(arg) => Some((
                arg.pat.to_token_stream().to_string(),
                arg.ty.to_token_stream().to_string(),
            )),
            syn::FnArg::Receiver(_) => None,
        })
        .collect()
}

/// A Rust expression of type `ty` for the parameter `name`, or why there is none.
fn value(name: &str, ty: &str) -> Result<String, String> {
    let wire = name.trim_start_matches("r#");
    let text = PLAUSIBLE
        .iter()
        .find(|(n, _)| *n == wire)
        .map_or("1", |(_, v)| v);
    let value = match ty {
        "& str" | "impl Into < String >" => format!("{text:?}"),
        "i64" | "i32" | "u64" => "1".to_owned(),
        "f64" | "f32" => "1.0".to_owned(),
        "bool" => "true".to_owned(),
        "impl IntoIterator < Item = impl Into < String > >" => format!("[{text:?}]"),
        "impl IntoIterator < Item = i64 >" => "[1]".to_owned(),
        "chrono :: DateTime < chrono :: Utc >" => {
            "\"2024-01-02T03:04:05Z\".parse().unwrap_or_default()".to_owned()
        }
        "chrono :: NaiveDate" => "\"2024-01-02\".parse().unwrap_or_default()".to_owned(),
        "& BTreeMap < String , String >" => {
            "&[(\"users.id\".to_owned(), \"1\".to_owned())].into()".to_owned()
        }
        _ => return Err(format!("cannot fill `{name}` of type `{ty}`")),
    };
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_the_parameter_types_of_get_operations() {
        assert_eq!(value("dashboard_id", "& str"), Ok("\"1\"".to_owned()));
        assert_eq!(value("r#type", "& str"), Ok("\"dashboard\"".to_owned()));
        assert_eq!(value("limit", "i64"), Ok("1".to_owned()));
        assert_eq!(
            value("ids", "impl IntoIterator < Item = impl Into < String > >"),
            Ok("[\"1\"]".to_owned())
        );
        assert_eq!(
            value("body", "& models :: WriteUser"),
            Err("cannot fill `body` of type `& models :: WriteUser`".to_owned())
        );
    }

    #[test]
    fn reads_methods_and_setters() {
        let methods_rs = "impl LookerSdk {
            pub fn r#move(&self, r#type: &str, n: i64) -> requests::MoveRequest { todo!() }
        }";
        let methods = methods(methods_rs).expect("parses");
        assert_eq!(
            methods["move"],
            Method {
                name: "r#move".to_owned(),
                args: vec![
                    ("r#type".to_owned(), "& str".to_owned()),
                    ("n".to_owned(), "i64".to_owned())
                ],
                builder: "MoveRequest".to_owned(),
            }
        );
        let requests_rs = "impl MoveRequest {
            pub fn fields(mut self, fields: impl Into<String>) -> Self { self }
            pub fn set_fields(self, fields: Option<String>) -> Self { self }
            pub fn with_options(mut self, options: RequestOptions) -> Self { self }
            pub fn stream(self) -> CallFuture<BodyStream> { todo!() }
        }
        impl IntoFuture for MoveRequest {
            fn into_future(self) -> Self::IntoFuture { todo!() }
        }";
        let setters = setters(requests_rs).expect("parses");
        assert_eq!(
            setters["MoveRequest"],
            [("fields".to_owned(), "impl Into < String >".to_owned())]
        );
    }
}
