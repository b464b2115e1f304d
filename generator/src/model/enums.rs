//! Inline enums: deterministic names, merging of identical value sets, stable renames on clashes.
//!
//! Looker declares enums inline on properties. Following sdk-codegen, an enum is named after its
//! property (`result_format` becomes `ResultFormat`) and two enums with the same values, in the same
//! order, are one type. Where sdk-codegen resolves a name clash with a counter (`Name1`), we prefix
//! the owning type (`ScheduledPlanFormat`): that name does not change when an unrelated enum is
//! added earlier in a later spec. A counter is the last resort.

use std::collections::{BTreeMap, BTreeSet};

use super::{EnumType, Name, Origin, Status, TypeDef, TypeKind};

#[derive(Debug, Default)]
pub(super) struct Registry {
    /// Enum type name by its values, so identical value sets merge.
    by_values: BTreeMap<Vec<String>, String>,
}

/// One inline enum found on a property (or parameter) of `owner`.
pub(super) struct InlineEnum<'a> {
    pub owner: &'a str,
    pub property: &'a str,
    pub values: Vec<String>,
    pub description: Option<String>,
    pub pointer: String,
}

impl Registry {
    /// Registers an inline enum and returns the name of the type that represents it.
    ///
    /// `taken` holds the UpperCamelCase spelling of every name already used or reserved, so
    /// that no two types share a name in any language that uses that casing.
    pub(super) fn register(
        &mut self,
        types: &mut BTreeMap<String, TypeDef>,
        taken: &mut BTreeSet<String>,
        found: InlineEnum<'_>,
    ) -> String {
        let usage = (found.owner.to_owned(), found.property.to_owned());
        if let Some(name) = self.by_values.get(&found.values) {
            if let Some(TypeDef {
                origin: Origin::InlineEnum { uses },
                ..
            }) = types.get_mut(name)
            {
                uses.push(usage);
            }
            return name.clone();
        }
        let plain = Name::new(found.property).pascal;
        let prefixed = format!("{}{plain}", Name::new(found.owner).pascal);
        let name = [plain, prefixed.clone()]
            .into_iter()
            .chain((2..).map(|n| format!("{prefixed}{n}")))
            .find(|candidate| !taken.contains(candidate))
            .unwrap_or(prefixed);
        taken.insert(name.clone());
        self.by_values.insert(found.values.clone(), name.clone());
        types.insert(
            name.clone(),
            TypeDef {
                name: Name::new(name.clone()),
                description: found.description,
                status: Status::Stable,
                deprecated: false,
                kind: TypeKind::Enum(EnumType {
                    values: found.values.into_iter().map(Name::new).collect(),
                }),
                origin: Origin::InlineEnum { uses: vec![usage] },
                pointer: found.pointer,
            },
        );
        name
    }
}
