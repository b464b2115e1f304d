//! The language-neutral facts of the model, asserted on the fixture specs: what every emitter
//! reads instead of deriving it again (recursion, id leniency, presence, the reverse index,
//! tags, status prose).

mod common;

use common::*;
use looker_codegen::model::{
    Activity, IdLeniency, Presence, Property, Recursion, Status, TypeKind, TypeRef,
};

/// The property `prop` of model `ty` in fixture output `out`.
fn property<'a>(out: &'a Output, ty: &str, prop: &str) -> &'a Property {
    match out.api.type_def(ty).map(|d| &d.kind) {
        Some(TypeKind::Model(m)) => m
            .properties
            .iter()
            .find(|p| p.name.wire == prop)
            .unwrap_or_else(|| panic!("{ty} has no property {prop}")),
        _ => panic!("no model {ty}"),
    }
}

#[test]
fn recursion_graph() {
    let out = fixture("recursive_type");
    let recursion = |ty: &str, prop: &str| property(&out, ty, prop).recursion;
    assert_eq!(recursion("Folder", "name"), Recursion::None);
    assert_eq!(recursion("Folder", "parent"), Recursion::Direct);
    // An array breaks the cycle for layout, but a forward reference is still needed.
    assert_eq!(recursion("Folder", "children"), Recursion::Collection);
    // Folder -> Owner -> Folder, both held directly.
    assert_eq!(recursion("Folder", "owner"), Recursion::Direct);
    assert_eq!(recursion("Owner", "home_folder"), Recursion::Direct);
    let out = fixture("type_uses");
    assert_eq!(property(&out, "Look", "folder").recursion, Recursion::None);
}

#[test]
fn id_leniency() {
    let out = fixture("type_uses");
    let rule = |ty: &str, prop: &str| property(&out, ty, prop).id_leniency;
    assert_eq!(rule("Look", "id"), Some(IdLeniency::String));
    assert_eq!(rule("Folder", "parent_id"), Some(IdLeniency::Integer));
    assert_eq!(rule("Folder", "child_ids"), Some(IdLeniency::StringArray));
    assert_eq!(rule("Folder", "name"), None);
    assert_eq!(rule("Look", "folder"), None);
    // The rule keys on the name and the type together.
    let string = TypeRef::Intrinsic(looker_codegen::model::Intrinsic::String);
    assert_eq!(IdLeniency::of("idea", &string), None);
    assert_eq!(IdLeniency::of("user_ids", &string), None);
}

#[test]
fn textual_types() {
    use looker_codegen::model::Intrinsic::*;
    for textual in [String, Uri, Email, Uuid, Password, Binary] {
        assert!(TypeRef::Intrinsic(textual).is_textual(), "{textual:?}");
    }
    for other in [Date, DateTime, Int64, Boolean, Any, Object] {
        assert!(!TypeRef::Intrinsic(other).is_textual(), "{other:?}");
    }
    let array = TypeRef::Array(Box::new(TypeRef::Intrinsic(String)));
    assert!(!array.is_textual());
    assert!(!TypeRef::Named("Folder".into()).is_textual());
}

#[test]
fn presence_follows_required_alone() {
    let out = fixture("write_types");
    for def in out.api.types.values() {
        let TypeKind::Model(model) = &def.kind else {
            continue;
        };
        for p in &model.properties {
            let expected = match (p.required, p.nullable) {
                (false, _) => Presence::Optional,
                (true, false) => Presence::Required,
                (true, true) => Presence::RequiredNullable,
            };
            assert_eq!(p.presence(), expected, "{}.{}", def.name.wire, p.name.wire);
        }
    }
}

#[test]
fn reverse_index_of_types() {
    let out = fixture("type_uses");
    let uses = |ty: &str| {
        out.api.uses_of(ty).map(|u| {
            (
                u.methods.iter().cloned().collect::<Vec<_>>(),
                u.tags.iter().cloned().collect::<Vec<_>>(),
            )
        })
    };
    // Reached from `look` through Look.folder, and from `all_folders` directly (two tags).
    assert_eq!(
        uses("Folder"),
        Some((
            vec!["all_folders".into(), "look".into()],
            vec!["Folder".into(), "Look".into(), "Shared".into()]
        ))
    );
    assert_eq!(
        uses("Look"),
        Some((vec!["look".into()], vec!["Look".into()]))
    );
    // Error responses count: the method declares them.
    assert_eq!(
        uses("Error"),
        Some((vec!["look".into()], vec!["Look".into()]))
    );
    // A body uses its write type, not the spec model the write type comes from.
    assert_eq!(
        uses("WriteNote"),
        Some((vec!["create_note".into()], vec!["Shared".into()]))
    );
    assert_eq!(uses("Note"), None);
    assert_eq!(uses("Orphan"), None);
}

#[test]
fn every_tag_of_an_operation_and_lookup_by_name() {
    let out = fixture("type_uses");
    let method = out.api.method("all_folders").expect("all_folders");
    assert_eq!(method.tags, ["Folder", "Shared"]);
    assert_eq!(method.tag, "Folder");
    // Lookup by name finds every method, wherever it is in spec order.
    for m in &out.api.methods {
        assert_eq!(
            out.api.method(&m.name.wire).map(|f| &f.pointer),
            Some(&m.pointer)
        );
    }
    assert!(out.api.method("nope").is_none());
}

#[test]
fn status_and_activity_prose() {
    assert_eq!(Status::Stable.label(), None);
    assert_eq!(Status::Stable.prose("operation"), None);
    assert_eq!(Status::Beta.label(), Some("Beta"));
    assert_eq!(
        Status::Beta.prose("type").as_deref(),
        Some("Looker may change this type in a later release.")
    );
    assert_eq!(
        Status::Other("sunset".into()).prose("type").as_deref(),
        Some("sunset.")
    );
    assert_eq!(
        Activity::DbQuery.prose().as_deref(),
        Some("Runs database queries.")
    );
    assert_eq!(Activity::NonQuery.prose(), None);
    assert_eq!(
        Activity::Other("bulk".into()).prose().as_deref(),
        Some("Activity: bulk.")
    );
}

/// sdk-codegen's method order, which the official SDKs' methods files follow: tags sorted as
/// `localeCompare` sorts them, then paths in spec order, each path's verbs GET, PUT, POST,
/// PATCH, DELETE (spec order has DELETE before PATCH).
#[test]
fn methods_by_tag_in_sdk_codegen_order() {
    let out = fixture("sdk_codegen_order");
    let spec_order: Vec<&str> = out
        .api
        .methods
        .iter()
        .map(|m| m.name.wire.as_str())
        .collect();
    assert_eq!(
        spec_order,
        [
            "thing",
            "delete_thing",
            "update_thing",
            "thing_image",
            "create_apple"
        ]
    );
    let grouped: Vec<(&str, Vec<&str>)> = out
        .api
        .methods_by_tag()
        .into_iter()
        .map(|(tag, ms)| (tag, ms.iter().map(|m| m.name.wire.as_str()).collect()))
        .collect();
    assert_eq!(
        grouped,
        [
            ("apple", vec!["create_apple"]),
            (
                "Thing",
                vec!["thing", "update_thing", "delete_thing", "thing_image"]
            ),
        ]
    );
}

/// sdk-codegen's argument order: required first (an optional body is optional), then path,
/// body, query. The Rust SDK's order keeps the body required.
#[test]
fn arguments_in_sdk_codegen_order_and_the_rust_sdk_order() {
    use looker_codegen::model::Argument;
    let out = fixture("sdk_codegen_order");
    let method = out.api.method("create_apple").expect("create_apple");
    let names = |args: Vec<Argument<'_>>| -> Vec<(String, bool)> {
        args.iter()
            .map(|a| match a {
                Argument::Param(p) => (p.name.wire.clone(), a.required()),
                Argument::Body(_) => ("body".to_owned(), a.required()),
            })
            .collect()
    };
    assert_eq!(
        names(method.arguments()),
        [
            ("orchard_id".to_owned(), true),
            ("body".to_owned(), false),
            ("variety".to_owned(), false)
        ]
    );
    let rust: Vec<String> = names(method.arguments_body_required())
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(rust, ["body", "orchard_id", "variety"]);
}

/// Response modes over every response, errors included, as sdk-codegen reads them.
#[test]
fn response_modes_over_all_responses() {
    use looker_codegen::model::ResponseModes;
    let out = fixture("sdk_codegen_order");
    let modes = |name: &str| out.api.method(name).expect(name).response_modes();
    assert_eq!(
        modes("thing_image"),
        ResponseModes {
            binary: true,
            string: true
        }
    );
    assert_eq!(
        modes("thing"),
        ResponseModes {
            binary: false,
            string: true
        }
    );
    assert_eq!(modes("delete_thing"), ResponseModes::default());
}

/// Write-type facts the official SDKs print: what a write type removes, and the models whose
/// write type came out empty.
#[test]
fn write_type_removals_and_unwritable_models() {
    use looker_codegen::model::Origin;
    let out = fixture("write_types");
    let def = out.api.type_def("WriteDashboard").expect("WriteDashboard");
    assert_eq!(
        def.origin,
        Origin::Write {
            of: "Dashboard".to_owned(),
            removes: vec!["can".to_owned(), "id".to_owned(), "created_by".to_owned()],
        }
    );
    let unwritable = |name: &str| match out.api.type_def(name).map(|d| &d.kind) {
        Some(TypeKind::Model(m)) => m.unwritable,
        _ => panic!("no model {name}"),
    };
    // Every property of UserRef is read-only, and a POST's body names it.
    assert!(unwritable("UserRef"));
    assert!(!unwritable("Dashboard"));
    assert!(!unwritable("Report"));
}

/// An enum declared on an array has its description on the array: the model hands it to the
/// enum as the official SDKs do.
#[test]
fn declared_description_of_an_array_enum() {
    let out = fixture("array_enum");
    let def = |name: &str| out.api.type_def(name).expect(name);
    let formats = def("SupportedFormats");
    assert_eq!(formats.description, None);
    assert_eq!(
        out.api.declared_description(formats),
        Some("Data formats the integration supports")
    );
    // A type with its own description keeps it.
    let integration = def("Integration");
    assert_eq!(
        out.api.declared_description(integration),
        integration.description.as_deref()
    );
}
