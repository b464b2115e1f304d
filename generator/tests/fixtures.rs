//! The Rust emitted for each fixture spec in `tests/fixtures/` (one quirk of Looker's spec each):
//! snapshots over a glob, so that a new fixture is new coverage, plus plain asserts on the facts
//! each quirk must produce, so that a wrong snapshot cannot be accepted unnoticed.

mod common;

use common::*;
use looker_codegen::model::{
    Intrinsic, Location, Origin, ResponseMode, Status, TypeDef, TypeKind, TypeRef,
};

/// Snapshots, for every fixture: the model (as `model::dump` prints it, so a model change is
/// reviewed once, before any language), the repair warnings, and the output of every language
/// in `emit::LANGUAGES` (so a new fixture is coverage for every language, and a new language is
/// snapshotted on every fixture).
#[test]
fn fixture_snapshots() {
    insta::glob!("../../tests/fixtures", "*.json", |path| {
        check_model(path);
        for lang in looker_codegen::emit::LANGUAGES {
            check_emit(path, *lang);
        }
    });
}

fn check_model(path: &std::path::Path) {
    let loaded =
        looker_codegen::load_api(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    insta::assert_snapshot!("model", looker_codegen::model::dump(&loaded.api));
    let warnings: String = loaded.warnings.iter().map(|w| format!("{w}\n")).collect();
    insta::assert_snapshot!("warnings", warnings);
}

fn check_emit(path: &std::path::Path, lang: &dyn looker_codegen::emit::Language) {
    let api = looker_codegen::load_api(path).expect("loads").api;
    let files = lang
        .emit(&api)
        .unwrap_or_else(|e| panic!("{} in {}: {e}", path.display(), lang.name()));
    let mut emitted = String::new();
    for (rel, text) in &files {
        if snapshotted(lang.name(), rel) {
            let rel = rel.display();
            emitted.push_str(&format!("===== {rel} =====\n\n{text}\n"));
        }
    }
    insta::assert_snapshot!(lang.name(), emitted);
}

/// The files of a language's output that depend on the spec. Rust's runtime, examples,
/// Cargo.toml and README and Python's package scaffolding are pinned by the generated SDKs
/// under `generated/` instead; a new language is snapshotted whole.
fn snapshotted(lang: &str, rel: &std::path::Path) -> bool {
    let rel = rel.to_string_lossy();
    match lang {
        "rust" => ["src/models/", "src/methods/", "src/requests/"]
            .iter()
            .any(|dir| rel.starts_with(dir)),
        "python" => rel.ends_with("api40/methods.py") || rel.ends_with("api40/models.py"),
        _ => true,
    }
}

/// Every fixture has the full file set, and its repairs name pointers that exist in the
/// repaired document (or, for moved and removed keys, whose parent exists).
#[test]
fn fixtures_emit_every_file_and_warnings_point_into_the_spec() {
    let mut seen = 0;
    for entry in std::fs::read_dir(fixtures_dir()).expect("tests/fixtures exists") {
        let path = entry.expect("readable entry").path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        seen += 1;
        let out = run(&path);
        for rel in [
            "Cargo.toml",
            "README.md",
            "src/lib.rs",
            "src/models/mod.rs",
            "src/models/shared.rs",
            "src/methods/mod.rs",
            "src/requests/mod.rs",
        ] {
            assert!(
                out.files.contains_key(std::path::Path::new(rel)),
                "{}: no {rel}",
                path.display()
            );
        }
        let json = looker_codegen::spec::load(&path).expect("loads").json;
        for w in &out.warnings {
            let parent = &w.pointer[..w.pointer.rfind('/').unwrap_or(0)];
            assert!(
                json.pointer(&w.pointer).is_some() || json.pointer(parent).is_some(),
                "{}: warning names a pointer that is not in the spec: {w}",
                path.display()
            );
        }
    }
    assert!(seen >= 20, "expected at least 20 fixtures, found {seen}");
}

/// The warnings of fixture `name`, as (pointer, message) pairs.
fn warnings(name: &str) -> Vec<(String, String)> {
    fixture(name)
        .warnings
        .into_iter()
        .map(|w| (w.pointer, w.message))
        .collect()
}

/// Asserts that fixture `name` was repaired exactly at `pointers`, each with a message
/// containing `message`.
fn check_warnings(name: &str, message: &str, pointers: &[&str]) {
    let found = warnings(name);
    let found_pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(found_pointers, pointers, "{name}: warnings {found:#?}");
    for (pointer, m) in &found {
        assert!(
            m.contains(message),
            "{name}: warning at {pointer} is {m:?}, expected {message:?}"
        );
    }
}

/// Asserts the compact type of field `field` of struct `strukt` in fixture output `out`.
fn check_field(out: &Output, strukt: &str, field_name: &str, ty: &str) {
    let models = out.models();
    let s = find_struct(&models, strukt);
    assert_eq!(
        compact(&field(s, field_name).ty),
        ty,
        "{strukt}.{field_name}"
    );
}

/// Asserts the serde attribute of a field (compact), or that it has none, in a struct that
/// derives serde's traits (a struct without a `Default`).
fn check_serde(out: &Output, strukt: &str, field_name: &str, serde: Option<&str>) {
    let models = out.models();
    assert!(
        codecs(&models, strukt).is_none(),
        "{strukt} has the runtime's serde impls, not the derive"
    );
    let f = field(find_struct(&models, strukt), field_name);
    let found: Vec<String> = attrs(&f.attrs)
        .into_iter()
        .filter(|a| a.starts_with("#[serde("))
        .collect();
    match serde {
        Some(expected) => assert_eq!(found, [expected], "{strukt}.{field_name}"),
        None => assert!(found.is_empty(), "{strukt}.{field_name}: {found:?}"),
    }
}

/// How one field of a struct with the runtime's serde impls is read and written: its wire
/// name, the `de::Values` method that decodes it and the `ser::Fields` method that encodes it.
#[derive(Debug, PartialEq, Eq)]
struct Codec {
    wire: String,
    decoder: String,
    encoder: String,
}

/// Asserts how field `field_name` of `strukt` is decoded and encoded: `(wire name, decoder,
/// encoder)`, read from the struct's impls by [`codecs`] (which checks that they agree).
fn check_codec(out: &Output, strukt: &str, field_name: &str, expected: (&str, &str, &str)) {
    let models = out.models();
    let codecs =
        codecs(&models, strukt).unwrap_or_else(|| panic!("{strukt} derives serde's traits"));
    let found = codecs
        .into_iter()
        .find(|(name, _)| name == field_name)
        .map(|(_, codec)| codec);
    let (wire, decoder, encoder) = expected;
    let expected = Codec {
        wire: wire.to_owned(),
        decoder: decoder.to_owned(),
        encoder: encoder.to_owned(),
    };
    assert_eq!(found, Some(expected), "{strukt}.{field_name}");
}

/// The trait impl `impl <trait_path> for <strukt>` (the path compact), if any.
fn trait_impl<'a>(
    file: &'a syn::File,
    trait_path: &str,
    strukt: &str,
) -> Option<&'a syn::ItemImpl> {
    impls(file, Some(strukt)).into_iter().find(|imp| {
        imp.trait_
            .as_ref()
            .is_some_and(|(_, path, _)| compact(path) == trait_path)
    })
}

fn impl_const<'a>(imp: &'a syn::ItemImpl, name: &str) -> Option<&'a syn::Expr> {
    imp.items.iter().find_map(|item| match item {
        syn::ImplItem::Const(c) if c.ident == name => Some(&c.expr),
        _ => None,
    })
}

fn impl_fn<'a>(imp: &'a syn::ItemImpl, name: &str) -> Option<&'a syn::ImplItemFn> {
    imp.items.iter().find_map(|item| match item {
        syn::ImplItem::Fn(f) if f.sig.ident == name => Some(f),
        _ => None,
    })
}

/// The elements of `&[a, b, ...]`, compact.
fn slice_items(expr: &syn::Expr) -> Vec<String> {
    match expr {
        syn::Expr::Reference(r) => match &*r.expr {
            syn::Expr::Array(a) => a.elems.iter().map(compact).collect(),
            other => panic!("not an array: {}", compact(other)),
        },
        other => panic!("not a slice: {}", compact(other)),
    }
}

/// The `(pattern, body)` of each arm of the `match` that is the whole body of `f`, compact.
fn match_arms(f: &syn::ImplItemFn) -> Vec<(String, String)> {
    match f.block.stmts.as_slice() {
        [syn::Stmt::Expr(syn::Expr::Match(m), None)] => m
            .arms
            .iter()
            .map(|arm| (compact(&arm.pat), compact(&arm.body)))
            .collect(),
        _ => panic!("{}: not one match: {:?}", f.sig.ident, statements(f)),
    }
}

/// `method(&mut self.field)` or `method("wire", &self.field)` called on `receiver`: the method
/// and its arguments, compact.
fn call_on(expr: &syn::Expr, receiver: &str) -> (String, Vec<String>) {
    match expr {
        syn::Expr::MethodCall(call) if compact(&call.receiver) == receiver => (
            call.method.to_string(),
            call.args.iter().map(compact).collect(),
        ),
        other => panic!("not a call on {receiver}: {}", compact(other)),
    }
}

/// Every field of `strukt` with how it is decoded and encoded, in order, or `None` when the
/// struct derives serde's traits. Checks that the struct's four impls agree with each other and
/// with the struct: `Deserialize` and `Serialize` call the runtime's generic code, every field
/// has one arm in `field` and one call in `fields`, in declaration order, `FIELDS` and `index`
/// give it the same index and wire name as the encoder, `REQUIRED` lists exactly the fields
/// encoded as required, and only the derive of `Default` stays.
fn codecs(models: &syn::File, strukt: &str) -> Option<Vec<(String, Codec)>> {
    let s = find_struct(models, strukt);
    let derives: Vec<String> = attrs(&s.attrs)
        .into_iter()
        .filter(|a| a.starts_with("#[derive("))
        .collect();
    let Some(de) = trait_impl(models, "looker_sdk_rtl::de::Model", strukt) else {
        assert!(
            derives
                .iter()
                .any(|d| d.contains("serde::Serialize,serde::Deserialize")),
            "{strukt}: neither the runtime's impls nor the derive: {derives:?}"
        );
        assert!(trait_impl(models, "looker_sdk_rtl::ser::Model", strukt).is_none());
        return None;
    };
    assert!(
        derives
            .iter()
            .all(|d| !d.contains("serde") && d.contains("Default")),
        "{strukt}: {derives:?}"
    );
    let body = |trait_path: &str, method: &str| {
        let imp = trait_impl(models, trait_path, strukt)
            .unwrap_or_else(|| panic!("{strukt}: no impl {trait_path}"));
        let f = impl_fn(imp, method).unwrap_or_else(|| panic!("{strukt}: no {method}"));
        statements(f)
    };
    assert_eq!(
        body("serde::Deserialize<'de>", "deserialize"),
        ["looker_sdk_rtl::de::model(deserializer)"],
        "{strukt}"
    );
    assert_eq!(
        body("serde::Serialize", "serialize"),
        ["looker_sdk_rtl::ser::model(self,serializer)"],
        "{strukt}"
    );
    let ser = trait_impl(models, "looker_sdk_rtl::ser::Model", strukt)
        .unwrap_or_else(|| panic!("{strukt}: no ser::Model"));
    let literal = format!("{strukt:?}");
    for imp in [de, ser] {
        assert_eq!(impl_const(imp, "NAME").map(compact), Some(literal.clone()));
    }
    let wire_names = slice_items(impl_const(de, "FIELDS").expect("FIELDS"));
    let required = impl_const(de, "REQUIRED")
        .map(slice_items)
        .unwrap_or_default();
    let names = field_names(s);
    assert_eq!(wire_names.len(), names.len(), "{strukt}: FIELDS");
    if names.is_empty() {
        // The traits' default methods: a model without fields.
        assert!(impl_fn(de, "index").is_none() && impl_fn(de, "field").is_none());
        assert!(impl_fn(ser, "fields").is_none());
        return Some(Vec::new());
    }
    let index_arms = match_arms(impl_fn(de, "index").expect("index"));
    let field_arms = match_arms(impl_fn(de, "field").expect("field"));
    let encoders = impl_fn(ser, "fields")
        .expect("fields")
        .block
        .stmts
        .iter()
        .map(|stmt| match stmt {
            syn::Stmt::Expr(e, Some(_)) => call_on(e, "fields"),
            other => panic!("{strukt}: {}", compact(other)),
        });
    let encoders: Vec<(String, Vec<String>)> = encoders.collect();
    let (last_index, last_field) = (index_arms.last(), field_arms.last());
    assert_eq!(last_index, Some(&("_".to_owned(), "None".to_owned())));
    assert_eq!(
        last_field,
        Some(&("_".to_owned(), "value.ignore()".to_owned()))
    );
    assert_eq!(index_arms.len(), names.len() + 1, "{strukt}: index arms");
    assert_eq!(field_arms.len(), names.len() + 1, "{strukt}: field arms");
    assert_eq!(encoders.len(), names.len(), "{strukt}: encoder calls");
    let mut found = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let wire = &wire_names[i];
        assert_eq!(
            index_arms[i],
            (wire.clone(), format!("Some({i})")),
            "{strukt}.{name}"
        );
        let (pattern, decode) = &field_arms[i];
        assert_eq!(pattern, &i.to_string(), "{strukt}.{name}");
        let decode = syn::parse_str::<syn::Expr>(decode).expect("an expression");
        let (decoder, decode_args) = call_on(&decode, "value");
        assert_eq!(decode_args, [format!("&mutself.{name}")], "{strukt}.{name}");
        let (encoder, encode_args) = &encoders[i];
        assert_eq!(
            encode_args,
            &[wire.clone(), format!("&self.{name}")],
            "{strukt}.{name}"
        );
        assert_eq!(
            required.contains(&i.to_string()),
            encoder == "required",
            "{strukt}.{name}: REQUIRED {required:?}"
        );
        let unquoted = syn::parse_str::<syn::LitStr>(wire).expect("a string literal");
        found.push((
            name.clone(),
            Codec {
                wire: unquoted.value(),
                decoder,
                encoder: encoder.clone(),
            },
        ));
    }
    Some(found)
}

/// Every struct of every fixture either has the runtime's serde impls, all of them agreeing
/// ([`codecs`]), or derives serde's traits (only structs without a `Default`).
#[test]
fn every_struct_has_consistent_serde_impls() {
    let mut seen = (0, 0);
    for entry in std::fs::read_dir(fixtures_dir()).expect("tests/fixtures exists") {
        let path = entry.expect("readable entry").path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let models = run(&path).models();
        for name in struct_names(&models) {
            match codecs(&models, &name) {
                Some(_) => seen.0 += 1,
                None => seen.1 += 1,
            }
        }
    }
    assert!(seen.0 > 20, "{seen:?}");
}

#[test]
fn delimited_array() {
    check_warnings(
        "delimited_array",
        "style: simple on a query parameter",
        &[
            "/paths/~1users~1search/get/parameters/0/style",
            "/paths/~1users~1search/get/parameters/1/style",
        ],
    );
    let out = fixture("delimited_array");
    let method = out.api.method("search_users").expect("search_users");
    let ty = |name: &str| {
        &method
            .params
            .iter()
            .find(|p| p.name.wire == name)
            .expect(name)
            .ty
    };
    let string = || Box::new(TypeRef::Intrinsic(Intrinsic::String));
    assert_eq!(ty("ids"), &TypeRef::DelimArray(string()));
    assert_eq!(
        ty("group_ids"),
        &TypeRef::DelimArray(Box::new(TypeRef::Intrinsic(Intrinsic::Int64)))
    );
    // Without `style: simple`, an array query parameter is a plain (exploded) array.
    assert_eq!(ty("tags"), &TypeRef::Array(string()));

    let (methods, requests) = (out.methods(), out.requests());
    let f = sdk_method(&methods, "search_users");
    assert_eq!(
        args(f),
        [(
            "ids".into(),
            "implIntoIterator<Item=implInto<String>>".into()
        )]
    );
    // The runtime's QueryValue for Vec<T> joins the items with commas.
    assert!(
        statements(f).contains(
            &r#"call.query("ids",&ids.into_iter().map(Into::into).collect::<Vec<String>>());"#
                .to_owned()
        ),
        "{:?}",
        statements(f)
    );
    let group_ids = setter(&requests, "SearchUsersRequest", "group_ids");
    assert_eq!(
        args(group_ids),
        [("group_ids".into(), "implIntoIterator<Item=i64>".into())]
    );
    assert_eq!(
        statements(group_ids)[0],
        r#"self.call.query("group_ids",&group_ids.into_iter().collect::<Vec<i64>>());"#
    );
}

#[test]
fn keyword_properties() {
    let out = fixture("keyword_properties");
    let models = out.models();
    let item = find_struct(&models, "ContentItem");
    assert_eq!(
        field_names(item),
        ["r#type", "self_", "crate_", "r#async", "r#gen", "_3d"]
    );
    // Each field keeps its wire name, raw identifiers and escaped keywords alike; response
    // scalars are read by the runtime's lenient decoder.
    for (name, wire) in [
        ("r#type", "type"),
        ("self_", "self"),
        ("crate_", "crate"),
        ("r#async", "async"),
        ("r#gen", "gen"),
        ("_3d", "3d"),
    ] {
        check_codec(&out, "ContentItem", name, (wire, "scalar", "optional"));
    }

    let (methods, requests) = (out.methods(), out.requests());
    let f = sdk_method(&methods, "content_item");
    let names: Vec<String> = args(f).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["r#type", "resource_id", "r#match"]);
    let body = statements(f);
    assert!(body[0].contains("path_segment(r#type)"), "{body:?}");
    assert!(
        body.contains(&r#"call.query("match",r#match);"#.to_owned()),
        "{body:?}"
    );
    let self_setter = setter(&requests, "ContentItemRequest", "self_");
    assert_eq!(
        statements(self_setter)[0],
        r#"self.call.query("self",&self_);"#
    );
}

#[test]
fn camel_case_names() {
    let out = fixture("camel_case_names");
    let models = out.models();
    let ds = find_struct(&models, "Datasource");
    assert_eq!(
        field_names(ds),
        [
            "created_at",
            "user_id",
            "http_status",
            "struct_schema",
            "snake_already",
            "sort_order"
        ]
    );
    // Each field also names the runtime's decoder its type needs (`DateTimeValue` and enums
    // decode leniently by themselves: their own `Deserialize`).
    for (name, wire, decoder) in [
        ("created_at", "createdAt", "value"),
        ("user_id", "userID", "scalar"),
        ("http_status", "HTTPStatus", "scalar"),
        ("struct_schema", "structSchema", "scalar_map"),
        ("snake_already", "snake_already", "scalar"),
        ("sort_order", "sortOrder", "value"),
    ] {
        check_codec(&out, "Datasource", name, (wire, decoder, "optional"));
    }
    check_field(&out, "Datasource", "sort_order", "Option<SortOrder>");
    // Response models hold what Looker sends: any date or time, and `null` map values.
    check_field(
        &out,
        "Datasource",
        "created_at",
        "Option<crate::DateTimeValue>",
    );
    check_field(
        &out,
        "Datasource",
        "struct_schema",
        "Option<BTreeMap<String,Option<String>>>",
    );
    assert_eq!(enum_names(&models), ["SortOrder"]);

    let (methods, requests) = (out.methods(), out.requests());
    let f = sdk_method(&methods, "list_datasources");
    assert_eq!(args(f), [("project_id".into(), "&str".into())]);
    assert!(statements(f).contains(&r#"call.query("projectID",project_id);"#.to_owned()));
    let page_size = setter(&requests, "ListDatasourcesRequest", "page_size");
    assert_eq!(
        statements(page_size)[0],
        r#"self.call.query("pageSize",&page_size);"#
    );
}

/// The inline enum named `name` and the (type, property) pairs that use it.
fn enum_uses(out: &Output, name: &str) -> Vec<(String, String)> {
    match out.api.type_def(name) {
        Some(TypeDef {
            kind: TypeKind::Enum(_),
            origin: Origin::InlineEnum { uses },
            ..
        }) => uses.clone(),
        other => panic!("{name} is not an inline enum: {other:?}"),
    }
}

fn uses(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(t, p)| ((*t).to_owned(), (*p).to_owned()))
        .collect()
}

#[test]
fn inline_enum_clash() {
    let out = fixture("inline_enum_clash");
    assert_eq!(enum_uses(&out, "Format"), uses(&[("RenderTask", "format")]));
    // Different values under the same property name: the owner's name is prefixed.
    assert_eq!(
        enum_uses(&out, "ScheduledPlanFormat"),
        uses(&[("ScheduledPlan", "format")])
    );
    assert_eq!(
        enum_uses(&out, "RenderTasksFormat"),
        uses(&[("render_tasks", "format")])
    );
    // `Status` is a schema, so no enum may take that name.
    assert_eq!(
        enum_uses(&out, "RenderTaskStatus"),
        uses(&[("RenderTask", "status")])
    );
    assert_eq!(
        enum_uses(&out, "ScheduledPlanStatus"),
        uses(&[("ScheduledPlan", "status")])
    );
    assert!(matches!(
        out.api.type_def("Status"),
        Some(TypeDef {
            kind: TypeKind::Model(_),
            origin: Origin::Spec,
            ..
        })
    ));

    let models = out.models();
    assert_eq!(
        enum_names(&models),
        [
            "Format",
            "RenderTaskStatus",
            "RenderTasksFormat",
            "ScheduledPlanFormat",
            "ScheduledPlanStatus"
        ]
    );
    assert_eq!(
        struct_names(&models),
        ["RenderTask", "ScheduledPlan", "Status"]
    );
    check_field(&out, "RenderTask", "format", "Option<Format>");
    check_field(&out, "RenderTask", "status", "Option<RenderTaskStatus>");
    check_field(
        &out,
        "ScheduledPlan",
        "format",
        "Option<ScheduledPlanFormat>",
    );
    let requests = out.requests();
    // An enum parameter takes a variant or a string (for a value this SDK does not know); its
    // `Option` twin takes the enum itself, so that `None` needs no annotation.
    let format = setter(&requests, "RenderTasksRequest", "format");
    assert_eq!(
        args(format),
        [(
            "format".into(),
            "implInto<models::RenderTasksFormat>".into()
        )]
    );
    assert_eq!(
        statements(format)[0],
        r#"self.call.query("format",&Into::<models::RenderTasksFormat>::into(format));"#
    );
    let set_format = setter(&requests, "RenderTasksRequest", "set_format");
    assert_eq!(
        args(set_format),
        [("format".into(), "Option<models::RenderTasksFormat>".into())]
    );
}

#[test]
fn inline_enum_merge() {
    let out = fixture("inline_enum_merge");
    assert_eq!(
        enum_uses(&out, "ResultFormat"),
        uses(&[
            ("Query", "result_format"),
            ("ScheduledPlan", "format"),
            ("run_query", "result_format")
        ])
    );
    // The same values in another order are another enum.
    assert_eq!(
        enum_uses(&out, "Order"),
        uses(&[("ScheduledPlan", "order")])
    );
    let models = out.models();
    // Types are spread over the areas' files: compare as a set.
    let mut names = enum_names(&models);
    names.sort();
    assert_eq!(names, ["Order", "ResultFormat"]);
    let variants: Vec<String> = find_enum(&models, "ResultFormat")
        .variants
        .iter()
        .map(|v| v.ident.to_string())
        .collect();
    assert_eq!(variants, ["Csv", "Json", "Png", "Unknown"]);
    check_field(&out, "Query", "result_format", "Option<ResultFormat>");
    check_field(&out, "ScheduledPlan", "format", "Option<ResultFormat>");
    check_field(&out, "ScheduledPlan", "order", "Option<Order>");
    let methods = out.methods();
    let f = sdk_method(&methods, "run_query");
    assert_eq!(
        args(f),
        [
            ("query_id".into(), "&str".into()),
            (
                "result_format".into(),
                "implInto<models::ResultFormat>".into()
            )
        ]
    );
    // The enum in the path is converted once, then written as its wire value.
    let s = statements(f);
    assert_eq!(
        s[0],
        "letresult_format:models::ResultFormat=result_format.into();"
    );
    assert!(
        s[1].contains("path_segment(result_format.as_str())"),
        "{s:?}"
    );
}

#[test]
fn write_types() {
    let out = fixture("write_types");
    let models = out.models();
    assert_eq!(
        struct_names(&models),
        [
            "Dashboard",
            "Folder",
            "Report",
            "UserRef",
            "WriteDashboard",
            "WriteFolder"
        ]
    );
    // Read-only fields (and `created_by`, whose type is all read-only) are gone; a nested model
    // named directly takes its write type, one in an array keeps its own type (as in
    // sdk-codegen); required fields stay required in write types, nullable or not.
    let write = find_struct(&models, "WriteDashboard");
    assert_eq!(field_names(write), ["title", "folder", "related_folders"]);
    check_field(&out, "WriteDashboard", "title", "String");
    check_field(&out, "WriteDashboard", "folder", "WriteFolder");
    check_field(
        &out,
        "WriteDashboard",
        "related_folders",
        // Optional and nullable (sdk-codegen marks non-intrinsics nullable in write types): the
        // caller can leave it out, send `null` or send a value.
        "crate::Nullable<Vec<Folder>>",
    );
    let Some(TypeDef {
        kind: TypeKind::Model(write_model),
        ..
    }) = out.api.type_def("WriteDashboard")
    else {
        panic!("no WriteDashboard")
    };
    let folder = &write_model.properties[1];
    assert_eq!(folder.name.wire, "folder");
    assert!(folder.required && folder.nullable, "{folder:?}");
    // A body whose type is all read-only has nothing to drop into a write type; a body no
    // writing operation reaches gets none either (sdk-codegen's `anyWriter`).
    for (operation, body) in [("update_user_ref", "UserRef"), ("delete_reports", "Report")] {
        let found = out.api.method(operation).and_then(|m| m.body.as_ref());
        assert_eq!(
            found.map(|b| &b.ty),
            Some(&TypeRef::Named(body.into())),
            "{operation}"
        );
    }
    assert_eq!(field_names(find_struct(&models, "WriteFolder")), ["name"]);
    check_field(&out, "WriteFolder", "name", "String");
    // A required field of a write type is read by its own type's rules, must be present, and is
    // always written.
    check_codec(&out, "WriteFolder", "name", ("name", "value", "required"));
    check_codec(
        &out,
        "WriteDashboard",
        "title",
        ("title", "value", "required"),
    );
    // A nullable optional field is skipped when Absent and written as null when Null.
    check_codec(
        &out,
        "WriteDashboard",
        "related_folders",
        ("related_folders", "value", "nullable"),
    );
    // The read type keeps everything, leniently.
    assert_eq!(
        field_names(find_struct(&models, "Dashboard")),
        [
            "can",
            "id",
            "title",
            "folder",
            "created_by",
            "related_folders"
        ]
    );
    check_field(&out, "Dashboard", "title", "Option<String>");

    let dashboard = out.api.type_def("Dashboard").expect("Dashboard");
    assert!(
        matches!(&dashboard.kind, TypeKind::Model(m) if m.write_type.as_deref() == Some("WriteDashboard"))
    );
    assert!(matches!(
        out.api.type_def("WriteDashboard"),
        Some(TypeDef { origin: Origin::Write { of, .. }, .. }) if of == "Dashboard"
    ));
    let body = out
        .api
        .method("update_dashboard")
        .and_then(|m| m.body.as_ref())
        .expect("a body");
    assert_eq!(body.ty, TypeRef::Named("WriteDashboard".into()));
    assert_eq!(body.spec_ty, TypeRef::Named("Dashboard".into()));
    let methods = out.methods();
    let f = sdk_method(&methods, "update_dashboard");
    assert_eq!(
        args(f),
        [
            ("dashboard_id".into(), "&str".into()),
            ("body".into(), "&models::WriteDashboard".into())
        ]
    );
    assert!(statements(f).contains(&"call.json_body(body);".to_owned()));
    let requests = out.requests();
    assert_eq!(
        output_type(&requests, "UpdateDashboardRequest"),
        "Result<models::Dashboard>"
    );
}

#[test]
fn write_type_from_spec() {
    let out = fixture("write_type_from_spec");
    let models = out.models();
    let names = struct_names(&models);
    assert_eq!(
        names,
        ["ScheduledPlan", "WriteNotes", "WriteScheduledPlan"],
        "one WriteScheduledPlan, not two"
    );
    assert!(matches!(
        out.api.type_def("WriteNotes"),
        Some(TypeDef {
            origin: Origin::Spec,
            ..
        })
    ));
    let by_id = out
        .api
        .method("scheduled_plan_run_once_by_id")
        .and_then(|m| m.body.as_ref())
        .expect("a body");
    assert_eq!(by_id.ty, TypeRef::Named("WriteScheduledPlan".into()));
    // As in Looker's SDKs, the derived write type replaces the spec's schema of the same name:
    // its extra field is gone.
    assert_eq!(
        field_names(find_struct(&models, "WriteScheduledPlan")),
        ["name", "user_id"]
    );
    assert!(matches!(
        out.api.type_def("WriteScheduledPlan"),
        Some(TypeDef {
            origin: Origin::Write { of, .. },
            ..
        }) if of == "ScheduledPlan"
    ));
    let plan = out.api.type_def("ScheduledPlan").expect("ScheduledPlan");
    assert!(
        matches!(&plan.kind, TypeKind::Model(m) if m.write_type.as_deref() == Some("WriteScheduledPlan"))
    );
    let methods = out.methods();
    let f = sdk_method(&methods, "create_scheduled_plan");
    assert_eq!(
        args(f),
        [("body".into(), "&models::WriteScheduledPlan".into())]
    );
}

/// Asserts how the success response of `operation` is read and what the request resolves to.
fn check_response(
    out: &Output,
    operation: &str,
    mode: ResponseMode,
    builder: &str,
    output: &str,
    finish: &str,
) {
    let method = out
        .api
        .method(operation)
        .unwrap_or_else(|| panic!("no {operation}"));
    assert_eq!(method.mode, mode, "{operation}");
    let requests = out.requests();
    assert_eq!(output_type(&requests, builder), output, "{operation}");
    let into_future = impl_fns(&requests, Some(builder))
        .into_iter()
        .find(|f| f.sig.ident == "into_future")
        .unwrap_or_else(|| panic!("no into_future for {builder}"));
    assert_eq!(
        statements(into_future),
        [format!("self.call.{finish}()")],
        "{operation}"
    );
}

#[test]
fn binary_response() {
    let out = fixture("binary_response");
    check_response(
        &out,
        "render_task_results",
        ResponseMode::Binary,
        "RenderTaskResultsRequest",
        "Result<ResponseBody>",
        "body",
    );
    // An SVG (XML, so text) or a PNG: never decoded as UTF-8.
    check_response(
        &out,
        "thumbnail",
        ResponseMode::Binary,
        "ThumbnailRequest",
        "Result<ResponseBody>",
        "body",
    );
    let media: Vec<(String, ResponseMode)> =
        out.api.method("thumbnail").expect("thumbnail").responses[0]
            .content
            .iter()
            .map(|c| (c.media_type.clone(), c.mode))
            .collect();
    assert_eq!(
        media,
        [
            ("image/svg+xml".to_owned(), ResponseMode::Text),
            ("image/png".to_owned(), ResponseMode::Binary)
        ]
    );
    let methods = out.methods();
    assert_eq!(
        args(sdk_method(&methods, "thumbnail")),
        [("id".into(), "i64".into())]
    );
}

#[test]
fn text_response() {
    let op = "/paths/~1sql_queries~1{slug}~1run~1{result_format}/post/responses";
    let expected = [
        (
            format!("{op}/200/content/text"),
            "media type \"text\" is not a media type",
        ),
        (
            format!("{op}/404/content/text"),
            "media type \"text\" is not a media type",
        ),
        // The 404's Error object under text/plain is a string of text.
        (
            format!("{op}/404/content/text~1plain/schema"),
            "an object schema for the non-JSON media type text/plain: read as a string",
        ),
    ];
    let found = warnings("text_response");
    assert_eq!(found.len(), expected.len(), "{found:#?}");
    for ((pointer, message), (want_pointer, want_message)) in found.iter().zip(&expected) {
        assert_eq!(pointer, want_pointer);
        assert!(message.contains(want_message), "{pointer}: {message}");
    }
    let out = fixture("text_response");
    let method = out.api.method("run_sql_query").expect("run_sql_query");
    let media: Vec<&str> = method.responses[0]
        .content
        .iter()
        .map(|c| c.media_type.as_str())
        .collect();
    assert_eq!(
        media,
        ["text/plain", "application/json"],
        "`text` becomes text/plain, in place"
    );
    check_response(
        &out,
        "run_sql_query",
        ResponseMode::Text,
        "RunSqlQueryRequest",
        "Result<ResponseBody>",
        "body",
    );
    check_response(
        &out,
        "query_sql",
        ResponseMode::Text,
        "QuerySqlRequest",
        "Result<ResponseBody>",
        "body",
    );
}

#[test]
fn no_content() {
    let out = fixture("no_content");
    check_response(
        &out,
        "delete_user",
        ResponseMode::Empty,
        "DeleteUserRequest",
        "Result<()>",
        "empty",
    );
    let method = out.api.method("delete_user").expect("delete_user");
    assert_eq!(method.returns, None);
    assert_eq!(method.declared_returns, None);
    assert_eq!(method.responses.len(), 1);
    assert_eq!(method.responses[0].status, 204);
    assert_eq!(method.errors.len(), 1);
    // A 204 declaring a JSON string (most of Looker's): the Rust SDK reads no body, while the
    // model keeps what the spec declares for the languages that return it.
    check_response(
        &out,
        "delete_board",
        ResponseMode::Empty,
        "DeleteBoardRequest",
        "Result<()>",
        "empty",
    );
    let method = out.api.method("delete_board").expect("delete_board");
    assert_eq!(method.returns, None);
    assert_eq!(
        method.declared_returns,
        Some(TypeRef::Intrinsic(Intrinsic::String))
    );
    assert_eq!(method.responses[0].content.len(), 1);
}

/// Looker's `/login`: the credentials are declared as query parameters beside an empty form
/// body. They must travel in the form body (never in the URL, where they would be logged), and
/// the call must not try to log in first.
#[test]
fn login_form() {
    check_warnings(
        "login_form",
        "moved into the form body",
        &["/paths/~1login/post/requestBody"],
    );
    let out = fixture("login_form");
    let method = out.api.method("login").expect("login");
    assert!(method.authenticates);
    let locations: Vec<(&str, Location)> = method
        .params
        .iter()
        .map(|p| (p.name.wire.as_str(), p.location))
        .collect();
    assert_eq!(
        locations,
        [
            ("client_id", Location::Form),
            ("client_secret", Location::Form)
        ]
    );
    assert_eq!(method.body, None);

    let (methods, requests) = (out.methods(), out.requests());
    let login = sdk_method(&methods, "login");
    assert!(
        statements(login).contains(&"call.without_auth();".to_owned()),
        "{:?}",
        statements(login)
    );
    for field_name in ["client_id", "client_secret"] {
        let s = statements(setter(&requests, "LoginRequest", field_name));
        assert_eq!(
            s[0],
            format!(r#"self.call.form_field("{field_name}",{field_name}.into());"#)
        );
    }
    let all: Vec<String> = impl_fns(&requests, Some("LoginRequest"))
        .into_iter()
        .flat_map(statements)
        .collect();
    assert!(
        !all.iter().any(|s| s.contains(".query(")),
        "login must not send anything in the query: {all:?}"
    );
}

#[test]
fn deprecated() {
    let out = fixture("deprecated");
    let method = out.api.method("old_look").expect("old_look");
    assert_eq!(method.status, Status::Deprecated);
    assert!(
        method
            .params
            .iter()
            .any(|p| p.name.wire == "fields" && p.deprecated)
    );
    let (models, methods, requests) = (out.models(), out.methods(), out.requests());
    assert!(is_deprecated(&sdk_method(&methods, "old_look").attrs));
    assert!(
        docs(&sdk_method(&methods, "old_look").attrs)
            .iter()
            .any(|l| l.contains("**Deprecated**"))
    );
    assert!(is_deprecated(
        &setter(&requests, "OldLookRequest", "fields").attrs
    ));
    let look = find_struct(&models, "LegacyLook");
    assert!(is_deprecated(&look.attrs));
    assert!(is_deprecated(&field(look, "space_id").attrs));
    assert!(!is_deprecated(&field(look, "id").attrs));
}

#[test]
fn status_beta_alpha() {
    let out = fixture("status_beta_alpha");
    assert_eq!(
        out.api.method("search_agents").map(|m| &m.status),
        Some(&Status::Beta)
    );
    assert_eq!(
        out.api.method("agent_experiment").map(|m| &m.status),
        Some(&Status::Alpha)
    );
    assert_eq!(
        out.api.type_def("Agent").map(|t| &t.status),
        Some(&Status::Beta)
    );
    let (models, methods) = (out.models(), out.methods());
    let note =
        |attrs: &[syn::Attribute], text: &str| docs(attrs).iter().any(|l| l.starts_with(text));
    let beta = sdk_method(&methods, "search_agents");
    assert!(note(&beta.attrs, "**Beta**"), "{:?}", docs(&beta.attrs));
    assert!(!is_deprecated(&beta.attrs));
    assert!(
        docs(&beta.attrs)
            .iter()
            .any(|l| l.contains("Runs database queries."))
    );
    assert!(note(
        &sdk_method(&methods, "agent_experiment").attrs,
        "**Alpha**"
    ));
    let agent = find_struct(&models, "Agent");
    assert!(note(&agent.attrs, "**Beta**"), "{:?}", docs(&agent.attrs));
}

#[test]
fn recursive_type() {
    let out = fixture("recursive_type");
    check_field(&out, "Folder", "parent", "Option<Box<Folder>>");
    // A Vec already puts its items on the heap.
    check_field(&out, "Folder", "children", "Option<Vec<Folder>>");
    // Folder -> Owner -> Folder: the cycle is broken by a box somewhere on it.
    let models = out.models();
    let owner = compact(&field(find_struct(&models, "Folder"), "owner").ty);
    let home = compact(&field(find_struct(&models, "Owner"), "home_folder").ty);
    assert!(
        owner.contains("Box<") || home.contains("Box<"),
        "Folder.owner: {owner}, Owner.home_folder: {home}"
    );
}

#[test]
fn path_params() {
    let out = fixture("path_params");
    let method = out.api.method("user_credentials_api3").expect("method");
    let path: Vec<(&str, Location, bool)> = method
        .params
        .iter()
        .map(|p| (p.name.wire.as_str(), p.location, p.required))
        .collect();
    // The path item's parameter comes first, then the operation's.
    assert_eq!(
        path,
        [
            ("user_id", Location::Path, true),
            ("credentials_api3_id", Location::Path, true),
            ("fields", Location::Query, false)
        ]
    );
    let methods = out.methods();
    let f = sdk_method(&methods, "user_credentials_api3");
    assert_eq!(
        args(f),
        [
            ("user_id".into(), "&str".into()),
            ("credentials_api3_id".into(), "i64".into())
        ]
    );
    let first = &statements(f)[0];
    assert!(
        first.contains(r#"self.call(looker_sdk_rtl::Method::GET,format!("/users/{}/credentials_api3/{}",path_segment(user_id),path_segment(&credentials_api3_id.to_string()))"#),
        "{first}"
    );
}

#[test]
fn any_type() {
    check_warnings(
        "any_type",
        "type: any is not an OpenAPI type",
        &[
            "/components/schemas/AlertFieldFilter/properties/field_value/type",
            "/components/schemas/AlertFieldFilter/properties/vis_config/additionalProperties/type",
            "/components/schemas/AlertFieldFilter/properties/data/items/type",
            "/paths/~1api_spec~1{api_version}/get/responses/200/content/application~1json/schema/type",
        ],
    );
    let out = fixture("any_type");
    check_field(
        &out,
        "AlertFieldFilter",
        "field_value",
        "Option<serde_json::Value>",
    );
    check_field(
        &out,
        "AlertFieldFilter",
        "vis_config",
        "Option<BTreeMap<String,serde_json::Value>>",
    );
    check_field(
        &out,
        "AlertFieldFilter",
        "data",
        "Option<Vec<serde_json::Value>>",
    );
    assert_eq!(
        output_type(&out.requests(), "ApiSpecRequest"),
        "Result<serde_json::Value>"
    );
    // `format: any` goes with `type: any`.
    let json = looker_codegen::spec::load(&fixtures_dir().join("any_type.json"))
        .expect("loads")
        .json;
    let text = json.to_string();
    assert!(!text.contains(r#""any""#), "{text}");
}

#[test]
fn null_description() {
    let pointers = [
        "/paths/~1users~1{user_id}~1update_emails/post/description",
        "/paths/~1users~1{user_id}~1update_emails/post/parameters/0/description",
        "/paths/~1users~1{user_id}~1update_emails/post/requestBody/description",
        "/paths/~1users~1{user_id}~1update_emails/post/responses/200/description",
        "/components/schemas/Email/description",
        "/components/schemas/Email/properties/email/description",
    ];
    check_warnings("null_description", "description: null", &pointers);
    let json = looker_codegen::spec::load(&fixtures_dir().join("null_description.json"))
        .expect("loads")
        .json;
    for pointer in pointers {
        assert_eq!(
            json.pointer(pointer),
            Some(&serde_json::Value::from("")),
            "{pointer}"
        );
    }
    let out = fixture("null_description");
    let method = out.api.method("update_emails").expect("update_emails");
    assert_eq!(method.description, None);
    assert_eq!(
        out.api
            .type_def("Email")
            .and_then(|t| t.description.clone()),
        None
    );
    let models = out.models();
    assert_eq!(
        docs(&find_struct(&models, "Email").attrs),
        ["The `Email` type of the Looker API."]
    );
}

#[test]
fn array_enum() {
    check_warnings(
        "array_enum",
        "enum on an array: moved to the array's items",
        &[
            "/components/schemas/Integration/properties/supported_formats/enum",
            "/components/schemas/Integration/properties/supported_action_types/enum",
            "/paths/~1integrations/get/parameters/0/schema/enum",
        ],
    );
    let out = fixture("array_enum");
    check_field(
        &out,
        "Integration",
        "supported_formats",
        "Option<Vec<SupportedFormats>>",
    );
    check_field(
        &out,
        "Integration",
        "supported_action_types",
        "Option<Vec<SupportedActionTypes>>",
    );
    let models = out.models();
    let variants: Vec<String> = find_enum(&models, "SupportedFormats")
        .variants
        .iter()
        .map(|v| v.ident.to_string())
        .collect();
    assert_eq!(variants, ["Txt", "Csv", "InlineJson", "Unknown"]);
    let param = &out.api.method("all_integrations").expect("method").params[0];
    assert_eq!(
        param.ty,
        TypeRef::Array(Box::new(TypeRef::Named("Formats".into())))
    );
    let requests = out.requests();
    let formats = setter(&requests, "AllIntegrationsRequest", "formats");
    assert_eq!(
        args(formats),
        [(
            "formats".into(),
            "implIntoIterator<Item=implInto<models::Formats>>".into()
        )]
    );
    assert_eq!(
        statements(formats)[0],
        r#"self.call.query("formats",&formats.into_iter().map(Into::into).collect::<Vec<models::Formats>>(),);"#
    );
    assert_eq!(
        args(setter(&requests, "AllIntegrationsRequest", "set_formats")),
        [("formats".into(), "Option<Vec<models::Formats>>".into())]
    );
}

#[test]
fn parameter_additional_properties() {
    let pointer = "/paths/~1models~1{model_name}~1suggestions/get/parameters/1";
    check_warnings(
        "parameter_additional_properties",
        "additionalProperties beside the parameter's schema: moved into the schema",
        &[&format!("{pointer}/additionalProperties")],
    );
    let json =
        looker_codegen::spec::load(&fixtures_dir().join("parameter_additional_properties.json"))
            .expect("loads")
            .json;
    assert_eq!(
        json.pointer(pointer),
        Some(&serde_json::json!({
            "name": "filters", "in": "query",
            "description": "Suggestion filters with field name keys and comparison expressions",
            "required": false,
            "schema": {"type": "object", "additionalProperties": {"type": "string"}}
        }))
    );
    let out = fixture("parameter_additional_properties");
    let param = &out
        .api
        .method("model_fieldname_suggestions")
        .expect("method")
        .params[1];
    assert_eq!(
        param.ty,
        TypeRef::Map(Box::new(TypeRef::Intrinsic(Intrinsic::String)))
    );
    let requests = out.requests();
    let filters = setter(&requests, "ModelFieldnameSuggestionsRequest", "filters");
    assert_eq!(
        args(filters),
        [("filters".into(), "&BTreeMap<String,String>".into())]
    );
}

#[test]
fn markdown_descriptions() {
    let out = fixture("markdown_descriptions");
    let (models, methods, requests) = (out.models(), out.methods(), out.requests());
    let lines = docs(&sdk_method(&methods, "markdown_docs").attrs);
    let has = |line: &str| lines.iter().any(|l| l == line);
    // The heading that repeats the summary is dropped; code fences never become doctests.
    assert_eq!(lines[0], "Markdown quirks");
    assert!(!has("### Markdown quirks"), "{lines:#?}");
    assert!(has("```text") && has("~~~~text"), "{lines:#?}");
    assert!(
        has("A list of \\[string\\] values, or [links](https://example.com/a_b)."),
        "{lines:#?}"
    );
    assert!(
        has(
            "See <https://cloud.google.com/looker/docs/r/api>. and <https://example.com/autolink>."
        ),
        "{lines:#?}"
    );
    assert!(
        has("A &lt;b&gt;tag&lt;/b&gt; and `code [1, 2] <x>` spans."),
        "{lines:#?}"
    );
    assert!(
        has("   four-space indented text that is not code"),
        "{lines:#?}"
    );
    assert!(
        !lines.iter().any(|l| l.starts_with("    ")),
        "no indented code block: {lines:#?}"
    );
    let doc = docs(&find_struct(&models, "Doc").attrs);
    assert_eq!(
        doc,
        [
            "A model whose docs hold an untagged fence:",
            "```text",
            "let x = [1];",
            "```",
            "and \\[brackets\\]."
        ]
    );
    let body = docs(&field(find_struct(&models, "Doc"), "body").attrs);
    assert_eq!(
        body,
        [
            "Text with &lt;html&gt; tags, \\[brackets\\], <http://example.com/x> and",
            "   indented lines"
        ]
    );
    let filter = docs(&setter(&requests, "MarkdownDocsRequest", "filter").attrs);
    assert_eq!(
        filter,
        ["Filter \\[expression\\], see <https://example.com/filters>."]
    );
}

/// Operations named like the runtime's own `LookerSdk` methods get names that do not clash:
/// the generated `impl LookerSdk` would not compile otherwise (or would hide the runtime's).
#[test]
fn runtime_name_clash() {
    let out = fixture("runtime_name_clash");
    let methods = out.methods();
    for (operation, name) in [
        ("sudo", "sudo2"),
        ("settings", "settings2"),
        ("end_session", "end_session2"),
        // `sudo2` is taken by the time it comes, in spec order: its own name gets the suffix.
        ("sudo2", "sudo22"),
        ("call", "call2"),
    ] {
        let m = out.api.method(operation).expect("operation");
        let calls = format!("Calls `{} {}`.", m.verb.as_str(), m.path);
        let docs = docs(&sdk_method(&methods, name).attrs);
        assert!(docs.contains(&calls), "{operation} -> {name}: {docs:?}");
    }
    let generated: Vec<String> = impl_fns(&methods, Some("LookerSdk"))
        .iter()
        .map(|f| f.sig.ident.to_string())
        .collect();
    for taken in ["sudo", "settings", "end_session", "call"] {
        assert!(
            !generated.iter().any(|g| g == taken),
            "a generated method is named {taken}: {generated:?}"
        );
    }
    // Request types carry their suffix: `call` makes `CallRequest`, never the runtime's
    // `Call` that requests.rs imports.
    let requests = out.requests();
    let builders = struct_names(&requests);
    for builder in ["SudoRequest", "Sudo2Request", "CallRequest", "GetRequest"] {
        assert!(
            builders.iter().any(|b| b == builder),
            "no request type {builder}: {builders:?}"
        );
    }
    assert!(
        builders.iter().all(|b| b.ends_with("Request")),
        "{builders:?}"
    );
}

/// Hostile names beside the names the emitter makes: a schema named like a request builder
/// (`ResultRequest`, the builder of `result`) keeps its name and the builder takes the next one;
/// each setter's `Option` twin is `set_` and the setter's name without its escapes; and the
/// spec's explorer links become links within the area, or text where nothing matches.
#[test]
fn odd_names_builders_twins_and_links() {
    let out = fixture("odd_names");
    let (models, methods, requests) = (out.models(), out.methods(), out.requests());
    assert!(struct_names(&models).contains(&"ResultRequest".to_owned()));
    let result = sdk_method(&methods, "result");
    let syn::ReturnType::Type(_, ty) = &result.sig.output else {
        panic!("result returns nothing")
    };
    assert_eq!(type_ident(ty), "ResultRequest2");
    let twins: Vec<String> = setter_names(&requests, "ResultRequest2")
        .into_iter()
        .filter(|n| n.starts_with("set_"))
        .collect();
    assert_eq!(
        twins,
        [
            "set_type",
            "set_self",
            "set_from",
            "set_self2",
            "set_1st",
            "set_a_b",
            "set_a_b2",
            "set_transport_options",
            "set_line_break"
        ]
    );
    assert_eq!(
        args(setter(&requests, "ResultRequest2", "set_self2")),
        [("self2".into(), "Option<i64>".into())]
    );
    assert_eq!(
        docs(&sdk_method(&methods, "enum_params").attrs)[2],
        "Takes each enum as a variant or as a string. See \
         [result()](crate::LookerSdk::result), [Foo](crate::models::Foo) and gone()."
    );
    // A path enum is taken as anything that converts into it.
    assert_eq!(
        args(sdk_method(&methods, "enum_params")),
        [("format".into(), "implInto<models::Format>".into())]
    );
}

/// The path key `"/x\npub const INJECTED: () = ();\n//"` stays text: the Rust output has the
/// string literal and folded doc lines, never the item (the crate is compiled as
/// `tests/odd-names`).
#[test]
fn spec_text_never_becomes_rust_code() {
    let api = looker_codegen::load_api(&fixtures_dir().join("odd_names.json"))
        .expect("loads")
        .api;
    let files = looker_codegen::emit::language("rust")
        .and_then(|lang| lang.emit(&api))
        .expect("emits");
    for (rel, text) in files
        .iter()
        .filter(|(rel, _)| rel.extension().is_some_and(|e| e == "rs"))
    {
        let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{}: {e}", rel.display()));
        let injected = file
            .items
            .iter()
            .any(|item| matches!(item, syn::Item::Const(c) if c.ident == "INJECTED"));
        assert!(!injected, "{} has the injected const", rel.display());
        assert!(
            !text
                .lines()
                .any(|l| l.trim_start().starts_with("pub const INJECTED")),
            "{}",
            rel.display()
        );
    }
}

/// A write type that requires an enum has no `Default`, so decoding cannot start from the empty
/// value: it keeps serde's derive, with the attributes the runtime's impls stand for elsewhere.
#[test]
fn write_type_without_default() {
    let out = fixture("write_type_without_default");
    let models = out.models();
    assert_eq!(struct_names(&models), ["Alert", "WriteAlert"]);
    check_field(&out, "WriteAlert", "comparison_type", "ComparisonType");
    check_serde(&out, "WriteAlert", "comparison_type", None);
    check_serde(&out, "WriteAlert", "cron", None);
    // An id is read leniently even in a write type (a number as its text).
    check_serde(
        &out,
        "WriteAlert",
        "owner_id",
        Some(
            r#"#[serde(default,deserialize_with="looker_sdk_rtl::de::lenient",skip_serializing_if="Option::is_none")]"#,
        ),
    );
    check_serde(
        &out,
        "WriteAlert",
        "threshold",
        Some(r#"#[serde(default,skip_serializing_if="Option::is_none")]"#),
    );
    // The read type, all optional, has the runtime's impls.
    check_codec(
        &out,
        "Alert",
        "owner_id",
        ("owner_id", "scalar", "optional"),
    );
    check_codec(
        &out,
        "Alert",
        "threshold",
        ("threshold", "scalar", "optional"),
    );
    check_codec(
        &out,
        "Alert",
        "comparison_type",
        ("comparison_type", "value", "optional"),
    );
}
