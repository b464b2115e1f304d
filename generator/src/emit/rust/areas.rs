//! API areas as Cargo features: one area per tag of the spec, each a feature of the crate and a
//! file in each of `src/methods/`, `src/requests/` and `src/models/`.
//!
//! An operation belongs to the area of its first tag. A type belongs to the areas of the
//! operations that reach it ([`Api::uses_of`]): a type of one area lives in that area's models
//! file, which is compiled with the feature; a type of several areas lives in
//! `models/shared.rs` under `#[cfg(any(...))]` of their features; a type that every area needs
//! has no condition, and a type no operation reaches is compiled only with `full`.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToKebabCase, ToSnakeCase};

use crate::model::Api;
use crate::names::Scope;

/// The feature that turns on every area (and is part of `default`).
pub const FULL: &str = "full";

/// Feature names the crate defines besides the areas.
const OTHER_FEATURES: &[&str] = &[
    "default",
    FULL,
    "rustls",
    "rustls-aws-lc",
    "rustls-ring",
    "native-tls",
    "gzip",
];

/// Module names the area files cannot take.
const OTHER_MODULES: &[&str] = &["mod", "shared", "std", "core", "crate", "self", "super"];

/// One API area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Area {
    /// The tag, as operations name it (`ScheduledPlan`).
    pub tag: String,
    /// Its Cargo feature (`scheduled-plan`).
    pub feature: String,
    /// Its module and file name (`scheduled_plan`).
    pub module: String,
    /// The tag's description, when the spec has one.
    pub description: Option<String>,
}

/// Where each operation and type goes.
#[derive(Debug)]
pub struct Layout {
    /// Areas in the order of the spec's tag list (then tags only operations name, sorted).
    pub areas: Vec<Area>,
    /// Index into `areas` of each operation, by operationId.
    method_area: BTreeMap<String, usize>,
    /// Index into `areas` of each type's areas, by wire name.
    type_areas: BTreeMap<String, BTreeSet<usize>>,
}

/// Where one type is emitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// In the models file of one area (`areas[i]`).
    Area(usize),
    /// In `models/shared.rs`, with this `#[cfg]` (`None`: every build needs it).
    Shared(Option<String>),
}

impl Layout {
    pub fn new(api: &Api) -> Self {
        let mut tags: Vec<(String, Option<String>)> = api
            .tags
            .iter()
            .map(|t| (t.name.clone(), t.description.clone()))
            .collect();
        let listed: BTreeSet<String> = tags.iter().map(|(t, _)| t.clone()).collect();
        let unlisted: BTreeSet<String> = api
            .methods
            .iter()
            .map(|m| m.tag.clone())
            .filter(|t| !listed.contains(t))
            .collect();
        tags.extend(unlisted.into_iter().map(|t| (t, None)));
        // Tags without operations make no area.
        let used: BTreeSet<&str> = api.methods.iter().map(|m| m.tag.as_str()).collect();
        tags.retain(|(t, _)| used.contains(t.as_str()));

        let mut features = Scope::with_reserved(OTHER_FEATURES);
        let mut modules = Scope::with_reserved(OTHER_MODULES);
        let areas: Vec<Area> = tags
            .into_iter()
            .map(|(tag, description)| {
                let ascii = super::names::ascii(&tag, 'u');
                let base = if ascii.is_empty() { "other" } else { &ascii };
                Area {
                    feature: features.claim_spelled(base, feature_name),
                    module: modules.claim_spelled(base, module_name),
                    tag,
                    description,
                }
            })
            .collect();
        let index: BTreeMap<&str, usize> = areas
            .iter()
            .enumerate()
            .map(|(i, a)| (a.tag.as_str(), i))
            .collect();
        let method_area: BTreeMap<String, usize> = api
            .methods
            .iter()
            .filter_map(|m| Some((m.name.wire.clone(), *index.get(m.tag.as_str())?)))
            .collect();
        let type_areas = api
            .types
            .keys()
            .map(|name| {
                let areas = api
                    .uses_of(name)
                    .map(|uses| {
                        uses.methods
                            .iter()
                            .filter_map(|m| method_area.get(m).copied())
                            .collect()
                    })
                    .unwrap_or_default();
                (name.clone(), areas)
            })
            .collect();
        Self {
            areas,
            method_area,
            type_areas,
        }
    }

    /// The area of an operation (by operationId).
    pub fn method_area(&self, operation_id: &str) -> Option<usize> {
        self.method_area.get(operation_id).copied()
    }

    /// What a doc compiled with area `from` needs for an item of area `to` to exist: nothing
    /// (`None`) within one area, else the `cfg` predicate of `to`'s feature.
    pub fn area_needs(&self, to: usize, from: usize) -> Option<String> {
        (to != from).then(|| predicate(&[&self.areas[to].feature]))
    }

    /// What a doc compiled with area `from` needs for the type `type_name` (by wire name) to
    /// exist: nothing (`None`) when every build of `from` compiles it, else the `cfg` predicate
    /// under which it is compiled.
    pub fn type_needs(&self, type_name: &str, from: usize) -> Option<String> {
        let areas = self.type_areas.get(type_name).cloned().unwrap_or_default();
        if areas.contains(&from) || (!areas.is_empty() && areas.len() == self.areas.len()) {
            return None;
        }
        let features: Vec<&str> = if areas.is_empty() {
            vec![FULL]
        } else {
            areas
                .iter()
                .map(|i| self.areas[*i].feature.as_str())
                .collect()
        };
        Some(predicate(&features))
    }

    /// Where a type (by wire name) is emitted.
    pub fn placement(&self, type_name: &str) -> Placement {
        let areas = self.type_areas.get(type_name).cloned().unwrap_or_default();
        match areas.len() {
            0 => Placement::Shared(Some(cfg(&[FULL]))),
            1 => areas
                .first()
                .map_or(Placement::Shared(None), |i| Placement::Area(*i)),
            n if n == self.areas.len() => Placement::Shared(None),
            _ => {
                let features: Vec<&str> = areas
                    .iter()
                    .map(|i| self.areas[*i].feature.as_str())
                    .collect();
                Placement::Shared(Some(cfg(&features)))
            }
        }
    }
}

/// `#[cfg(feature = "a")]`, or `#[cfg(any(feature = "a", feature = "b"))]`.
pub fn cfg(features: &[&str]) -> String {
    format!("#[cfg({})]", predicate(features))
}

/// The `cfg` predicate that holds when any of `features` is on: `feature = "a"`, or
/// `any(feature = "a", feature = "b")`.
pub fn predicate(features: &[&str]) -> String {
    let list: Vec<String> = features
        .iter()
        .map(|f| format!("feature = {f:?}"))
        .collect();
    match list.as_slice() {
        [one] => one.clone(),
        _ => format!("any({})", list.join(", ")),
    }
}

/// A Cargo feature name: kebab-case ASCII letters, digits and `-`, starting with a letter.
fn feature_name(base: &str) -> String {
    let name: String = base
        .to_kebab_case()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let name = name.trim_matches('-');
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name.to_owned()
    } else {
        format!("area-{name}").trim_end_matches('-').to_owned()
    }
}

/// A module (and file) name: snake_case ASCII, never a keyword or a leading digit.
fn module_name(base: &str) -> String {
    let name: String = base
        .to_snake_case()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let name = name.trim_matches('_');
    let name = if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name.to_owned()
    } else {
        format!("area_{name}").trim_end_matches('_').to_owned()
    };
    if super::names::RESERVED.is_keyword(&name) {
        format!("{name}_")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_valid_features_and_modules() {
        assert_eq!(feature_name("ScheduledPlan"), "scheduled-plan");
        assert_eq!(feature_name("ApiAuth"), "api-auth");
        assert_eq!(feature_name("3D"), "area-3d");
        assert_eq!(module_name("ScheduledPlan"), "scheduled_plan");
        assert_eq!(module_name("Type"), "type_");
        assert_eq!(module_name("42"), "area_42");
        for odd in ["Ünï/côde", "--", "a b\nc", "_x_", "9"] {
            let feature = feature_name(odd);
            assert!(
                feature.starts_with(|c: char| c.is_ascii_lowercase())
                    && feature
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{odd:?} gives feature {feature:?}"
            );
            let module = module_name(odd);
            assert!(
                syn::parse_str::<syn::Ident>(&module).is_ok(),
                "{odd:?} gives module {module:?}"
            );
        }
    }

    #[test]
    fn cfg_of_one_and_many() {
        assert_eq!(cfg(&["query"]), r#"#[cfg(feature = "query")]"#);
        assert_eq!(
            cfg(&["query", "look"]),
            r#"#[cfg(any(feature = "query", feature = "look"))]"#
        );
        assert_eq!(predicate(&["query"]), r#"feature = "query""#);
    }

    /// What a doc of one area needs for a link to an item elsewhere: nothing within the area or
    /// for a type every build of the area compiles, else the condition the item is compiled
    /// under (`tests/fixtures/type_uses.json`: `Look` is the `look` area's, `Folder` is used by
    /// `look` and `folder`, `Orphan` by no operation).
    #[test]
    fn what_a_link_from_an_area_needs() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/type_uses.json");
        let api = crate::load_api(&path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .api;
        let layout = Layout::new(&api);
        let area = |tag: &str| {
            layout
                .areas
                .iter()
                .position(|a| a.tag == tag)
                .unwrap_or_else(|| panic!("no area {tag}"))
        };
        let (look, folder, shared) = (area("Look"), area("Folder"), area("Shared"));
        assert_eq!(layout.area_needs(look, look), None);
        assert_eq!(
            layout.area_needs(folder, look).as_deref(),
            Some(r#"feature = "folder""#)
        );
        assert_eq!(layout.type_needs("Look", look), None);
        assert_eq!(
            layout.type_needs("Look", folder).as_deref(),
            Some(r#"feature = "look""#)
        );
        assert_eq!(layout.type_needs("Folder", folder), None);
        assert_eq!(
            layout.type_needs("Folder", shared).as_deref(),
            Some(r#"any(feature = "look", feature = "folder")"#)
        );
        assert_eq!(
            layout.type_needs("Orphan", look).as_deref(),
            Some(r#"feature = "full""#)
        );
    }
}
