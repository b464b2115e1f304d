//! Helpers shared by the integration tests: running the pipeline on a spec and finding items in
//! the generated Rust with syn, so that tests look at parsed code rather than grep text.
// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use looker_codegen::{emit, model, spec};
use quote::ToTokens;

/// The workspace's `tests/fixtures/` directory.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

/// The workspace's `spec/` directory.
pub fn spec_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

/// One run of the whole pipeline: the model, the repairs and the generated files.
pub struct Output {
    pub api: model::Api,
    pub warnings: Vec<spec::Warning>,
    pub files: emit::Files,
}

impl Output {
    /// A generated file's text.
    pub fn file(&self, rel: &str) -> &str {
        self.files
            .get(Path::new(rel))
            .unwrap_or_else(|| panic!("{rel} was not generated"))
    }

    /// A generated Rust file, parsed.
    pub fn parse(&self, rel: &str) -> syn::File {
        syn::parse_file(self.file(rel)).unwrap_or_else(|e| panic!("{rel} does not parse: {e}"))
    }

    /// The text of every file in a folder of the output (`src/models`: one per API area and
    /// `shared`, `mod.rs` included), joined in path order.
    pub fn folder_text(&self, dir: &str) -> String {
        let texts: Vec<&str> = self
            .files
            .iter()
            .filter(|(path, _)| path.parent() == Some(Path::new(dir)))
            .map(|(_, text)| text.as_str())
            .collect();
        assert!(!texts.is_empty(), "nothing was generated in {dir}");
        texts.join("\n")
    }

    /// Every file of a folder, parsed and joined into one file's items.
    pub fn parse_folder(&self, dir: &str) -> syn::File {
        let mut all = syn::parse_file("").expect("an empty file parses");
        for (path, text) in &self.files {
            if path.parent() == Some(Path::new(dir)) {
                let file = syn::parse_file(text)
                    .unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()));
                all.items.extend(file.items);
            }
        }
        assert!(!all.items.is_empty(), "nothing was generated in {dir}");
        all
    }

    /// Every type, from all files of `src/models`.
    pub fn models(&self) -> syn::File {
        self.parse_folder("src/models")
    }

    /// Every `impl LookerSdk` block, from all files of `src/methods`.
    pub fn methods(&self) -> syn::File {
        self.parse_folder("src/methods")
    }

    /// Every request builder, from all files of `src/requests`.
    pub fn requests(&self) -> syn::File {
        self.parse_folder("src/requests")
    }

    /// The repair warnings, one `pointer: message` per line.
    pub fn warnings_text(&self) -> String {
        self.warnings.iter().map(|w| format!("{w}\n")).collect()
    }
}

/// Runs spec → model → Rust on the spec file at `path`, panicking with the error on failure.
pub fn run(path: &Path) -> Output {
    let loaded =
        looker_codegen::load_api(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let api = loaded.api;
    let files = emit::language("rust")
        .and_then(|l| l.emit(&api))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Output {
        api,
        warnings: loaded.warnings,
        files,
    }
}

/// Runs the pipeline on `tests/fixtures/<name>.json`.
pub fn fixture(name: &str) -> Output {
    run(&fixtures_dir().join(format!("{name}.json")))
}

/// Tokens of any syntax node as one string without whitespace, for compact comparisons:
/// `Option<Box<Folder>>`, `call.form_field("client_id",client_id.into());`.
pub fn compact(node: &impl ToTokens) -> String {
    node.to_token_stream()
        .to_string()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The top-level struct `name`.
pub fn find_struct<'a>(file: &'a syn::File, name: &str) -> &'a syn::ItemStruct {
    file.items
        .iter()
        .find_map(|item| match item {
            syn::Item::Struct(s) if s.ident == name => Some(s),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no struct {name}"))
}

/// The top-level enum `name`.
pub fn find_enum<'a>(file: &'a syn::File, name: &str) -> &'a syn::ItemEnum {
    file.items
        .iter()
        .find_map(|item| match item {
            syn::Item::Enum(e) if e.ident == name => Some(e),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no enum {name}"))
}

/// The idents of every top-level struct, in file order.
pub fn struct_names(file: &syn::File) -> Vec<String> {
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) => Some(s.ident.to_string()),
            _ => None,
        })
        .collect()
}

/// The idents of every top-level enum, in file order.
pub fn enum_names(file: &syn::File) -> Vec<String> {
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Enum(e) => Some(e.ident.to_string()),
            _ => None,
        })
        .collect()
}

/// Every `fn` in the `impl` blocks for `self_ty` (all of them when `None`), in file order.
pub fn impl_fns<'a>(file: &'a syn::File, self_ty: Option<&str>) -> Vec<&'a syn::ImplItemFn> {
    impls(file, self_ty)
        .into_iter()
        .flat_map(|imp| &imp.items)
        .filter_map(|item| match item {
            syn::ImplItem::Fn(f) => Some(f),
            _ => None,
        })
        .collect()
}

/// The `impl` blocks (inherent or trait) whose self type is `self_ty` (all when `None`).
pub fn impls<'a>(file: &'a syn::File, self_ty: Option<&str>) -> Vec<&'a syn::ItemImpl> {
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Impl(imp) if self_ty.is_none_or(|t| type_ident(&imp.self_ty) == t) => {
                Some(imp)
            }
            _ => None,
        })
        .collect()
}

/// The last path segment of a type (`Login` for `Login<'a>`), or its tokens.
pub fn type_ident(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(p) => p
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default(),
        other => compact(other),
    }
}

/// The method `name` of `LookerSdk` in methods.rs.
pub fn sdk_method<'a>(methods: &'a syn::File, name: &str) -> &'a syn::ImplItemFn {
    impl_fns(methods, Some("LookerSdk"))
        .into_iter()
        .find(|f| f.sig.ident == name)
        .unwrap_or_else(|| panic!("no LookerSdk::{name}"))
}

/// The setter `name` on the request builder `builder` in requests.rs.
pub fn setter<'a>(requests: &'a syn::File, builder: &str, name: &str) -> &'a syn::ImplItemFn {
    impl_fns(requests, Some(builder))
        .into_iter()
        .find(|f| f.sig.ident == name)
        .unwrap_or_else(|| panic!("no {builder}::{name}"))
}

/// The setters of request builder `builder`, by name (without the trait's `into_future`).
pub fn setter_names(requests: &syn::File, builder: &str) -> Vec<String> {
    impls(requests, Some(builder))
        .into_iter()
        .filter(|imp| imp.trait_.is_none())
        .flat_map(|imp| &imp.items)
        .filter_map(|item| match item {
            syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
            _ => None,
        })
        .collect()
}

/// `(name, type)` of each argument after `&self`, compact.
pub fn args(f: &syn::ImplItemFn) -> Vec<(String, String)> {
    f.sig
        .inputs
        .iter()
        .filter_map(|arg| match arg {
            syn::FnArg::Typed(t) => Some((compact(&t.pat), compact(&t.ty))),
            syn::FnArg::Receiver(_) => None,
        })
        .collect()
}

/// The statements of a function's body, each compact.
pub fn statements(f: &syn::ImplItemFn) -> Vec<String> {
    f.block.stmts.iter().map(compact).collect()
}

/// The `Output` type of the `IntoFuture` impl of request builder `builder`, compact.
pub fn output_type(requests: &syn::File, builder: &str) -> String {
    impls(requests, Some(builder))
        .into_iter()
        .filter(|imp| imp.trait_.is_some())
        .flat_map(|imp| &imp.items)
        .find_map(|item| match item {
            syn::ImplItem::Type(t) if t.ident == "Output" => Some(compact(&t.ty)),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no IntoFuture for {builder}"))
}

/// The named field `name` of struct `s`.
pub fn field<'a>(s: &'a syn::ItemStruct, name: &str) -> &'a syn::Field {
    s.fields
        .iter()
        .find(|f| f.ident.as_ref().is_some_and(|i| i == name))
        .unwrap_or_else(|| panic!("no field {}.{name}", s.ident))
}

/// The names of the named fields of struct `s`, in order (raw identifiers keep their `r#`).
pub fn field_names(s: &syn::ItemStruct) -> Vec<String> {
    s.fields
        .iter()
        .filter_map(|f| f.ident.as_ref().map(ToString::to_string))
        .collect()
}

/// The attributes of a node other than doc comments, compact.
pub fn attrs(attrs: &[syn::Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|a| !a.path().is_ident("doc"))
        .map(compact)
        .collect()
}

/// The doc comment of a node, one string per `///` line (leading space removed).
pub fn docs(attrs: &[syn::Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) if nv.path.is_ident("doc") => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(
                    s.value()
                        .strip_prefix(' ')
                        .map(str::to_owned)
                        .unwrap_or_else(|| s.value()),
                ),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// Whether a node has a `#[deprecated]` attribute.
pub fn is_deprecated(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("deprecated"))
}

/// Pretty-prints items (taken from generated files) as one Rust source text.
pub fn pretty(items: Vec<syn::Item>) -> String {
    prettyplease::unparse(&syn::File {
        shebang: None,
        attrs: Vec::new(),
        items,
    })
}
