//! Python spellings of model names for the shared allocator in [`crate::names`]: keywords
//! escaped as sdk-codegen escapes them, and the names each Python scope must leave alone, as data.
//!
//! A generated name may not hide a name the generated code reads in the same scope: Python
//! resolves it to the nearest binding, so a method named `str` defined in the SDK class would
//! turn every later `-> str` annotation of that class into the method. Each scope below lists
//! exactly the names its code reads, so that the names Looker's official SDK uses (`id`, `type`,
//! `format`, `model`, ...) stay as they are.

use crate::names::{Reserved, Scope};

/// Python's reserved words, and the members of the runtime's `api_methods.APIMethods` that
/// generated methods join.
pub const RESERVED: Reserved = Reserved {
    keywords: KEYWORDS,
    client_methods: API_METHODS,
};

/// `keyword.kwlist`: a property or argument with one of these names gets a `_` suffix, which
/// the official runtime's hooks (`hooks.tr_data_keys`, `hooks.unstructure_hook`) map back to the
/// wire name. Soft keywords (`match`, `case`, `type`, `_`) are identifiers and stay as they are.
const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Every member of `looker_sdk.rtl.api_methods.APIMethods` (26.12.0): the methods it defines and
/// the attributes its `__init__` sets. A generated method of the same name would replace the
/// runtime's own (`self.get(...)` is how every generated method sends its request).
const API_METHODS: &[&str] = &[
    "__enter__",
    "__exit__",
    "__init__",
    "_convert_query_params",
    "_get_serialized",
    "_path",
    "_return",
    "api_path",
    "auth",
    "delete",
    "deserialize",
    "encode_path_param",
    "get",
    "patch",
    "post",
    "put",
    "serialize",
    "transport",
];

/// The names the SDK class's signatures read at class scope (annotations and their modules):
/// no method may take one, or the signatures after it would read the method.
const SIGNATURE_NAMES: &[&str] = &[
    "Any",
    "MutableMapping",
    "Optional",
    "Sequence",
    "Union",
    "bool",
    "bytes",
    "datetime",
    "float",
    "int",
    "mdls",
    "str",
    "transport",
];

/// The names a method's body reads besides its arguments: no argument may take one. `model` is
/// read only by a form body (`model.URLSearchParams`), so it is reserved there alone
/// ([`FORM_BODY_NAMES`]): Looker's official SDK has arguments named `model`.
const BODY_NAMES: &[&str] = &[
    "self",
    "transport_options",
    "response",
    "cast",
    "warnings",
    "mdls",
    "Any",
    "MutableMapping",
    "Sequence",
    "Union",
    "bool",
    "bytes",
    "datetime",
    "float",
    "int",
    "str",
];

/// What a method with a form body reads too.
const FORM_BODY_NAMES: &[&str] = &["model"];

/// The names a model class's body reads at class scope (its annotations and `__init__`'s), where
/// a field with a default binds its name: no field may take one. `self` is `__init__`'s own.
const FIELD_NAMES: &[&str] = &[
    "self",
    "__annotations__",
    "Any",
    "DelimSequence",
    "ForwardRef",
    "MutableMapping",
    "Optional",
    "Sequence",
    "bool",
    "bytes",
    "datetime",
    "float",
    "int",
    "str",
];

/// Enum members the runtime or `enum` itself defines on every generated enum.
const ENUM_MEMBER_NAMES: &[&str] = &["invalid_api_enum_value", "mro"];

/// Names `models.py` binds at module level, and the builtins its annotations read: no class
/// may take one.
const MODULE_NAMES: &[&str] = &[
    "Any",
    "MutableMapping",
    "Optional",
    "Sequence",
    "ForwardRef",
    "DelimSequence",
    "EXPLICIT_NULL",
    "attr",
    "datetime",
    "enum",
    "functools",
    "model",
    "sr",
    "forward_ref_structure_hook",
    "translate_keys_structure_hook",
    "bool",
    "bytes",
    "float",
    "globals",
    "int",
    "str",
];

/// The scope of the SDK class's methods.
pub fn method_scope() -> Scope {
    let mut scope = RESERVED.method_scope();
    scope.reserve(SIGNATURE_NAMES);
    scope
}

/// The scope of one method's arguments; `form` when its body is a form.
pub fn argument_scope(form: bool) -> Scope {
    let mut scope = Scope::with_reserved(BODY_NAMES);
    if form {
        scope.reserve(FORM_BODY_NAMES);
    }
    scope
}

/// The scope of one model class's fields.
pub fn field_scope() -> Scope {
    Scope::with_reserved(FIELD_NAMES)
}

/// The scope of one enum's members.
pub fn member_scope() -> Scope {
    Scope::with_reserved(ENUM_MEMBER_NAMES)
}

/// The scope of the classes of `models.py`.
pub fn class_scope() -> Scope {
    Scope::with_reserved(MODULE_NAMES)
}

pub fn is_keyword(name: &str) -> bool {
    RESERVED.is_keyword(name)
}

/// Whether `name` is an ASCII Python identifier (the wire names Looker uses are).
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The name to start from: the wire name itself where Python allows it (as the official SDK
/// has it), otherwise its neutral casing (`snake` or `pascal`).
fn base<'a>(wire: &'a str, casing: &'a str) -> &'a str {
    if is_identifier(wire) { wire } else { casing }
}

/// A legal ASCII identifier for `candidate`: characters outside `[A-Za-z0-9_]` spelled out
/// ([`crate::names::ascii`]: Python would NFKC-normalize them, making distinct names one);
/// keywords get a `_` suffix; a name that does not start like an identifier (`3d`) a `_` prefix.
pub fn spell(candidate: &str) -> String {
    let ascii = crate::names::ascii(candidate, 'u');
    let name = if is_identifier(&ascii) {
        ascii
    } else {
        format!("_{ascii}")
    };
    if is_keyword(&name) {
        format!("{name}_")
    } else {
        name
    }
}

/// An enum member's spelling: as [`spell`], but never starting with `_` (`_sunder_` and
/// `__dunder__` names are reserved by `enum`).
fn spell_member(candidate: &str) -> String {
    let name = spell(candidate);
    if name.starts_with('_') && !is_identifier(candidate) {
        format!("value{name}")
    } else if name.starts_with('_') {
        format!("value_{name}")
    } else {
        name
    }
}

/// Claims the identifier of a wire name (method, argument, field) in `scope`.
pub fn claim(scope: &mut Scope, wire: &str, snake: &str) -> String {
    scope.claim_spelled(base(wire, snake), spell)
}

/// Claims a class name in `scope`.
pub fn claim_class(scope: &mut Scope, wire: &str, pascal: &str) -> String {
    scope.claim_spelled(base(wire, pascal), spell)
}

/// Claims an enum member's name in `scope`: the value itself where it is an identifier (as the
/// official SDK has it), otherwise a safe spelling of it.
pub fn claim_member(scope: &mut Scope, wire: &str, snake: &str) -> String {
    scope.claim_spelled(base(wire, snake), spell_member)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(wire: &str, snake: &str) -> String {
        claim(&mut Scope::default(), wire, snake)
    }

    #[test]
    fn keywords_get_a_suffix_and_odd_names_are_snake_cased() {
        assert_eq!(one("from", "from"), "from_");
        assert_eq!(one("can", "can"), "can");
        assert_eq!(one("foo-bar", "foo_bar"), "foo_bar");
        assert_eq!(one("2fa", "2fa"), "_2fa");
        assert_eq!(one("camelCase", "camel_case"), "camelCase");
        assert_eq!(one("match", "match"), "match");
    }

    #[test]
    fn collisions_take_the_shared_suffix_and_the_suffix_needs_no_escape() {
        let mut scope = Scope::default();
        assert_eq!(claim(&mut scope, "from", "from"), "from_");
        assert_eq!(claim(&mut scope, "from", "from"), "from2");
        assert_eq!(claim(&mut scope, "from_", "from"), "from_2");
    }

    #[test]
    fn a_method_never_takes_a_runtime_member_or_a_name_signatures_read() {
        let mut scope = method_scope();
        for (wire, name) in [
            ("get", "get2"),
            ("delete", "delete2"),
            ("encode_path_param", "encode_path_param2"),
            ("auth", "auth2"),
            ("__init__", "__init__2"),
            ("str", "str2"),
            ("mdls", "mdls2"),
            ("me", "me"),
        ] {
            assert_eq!(claim(&mut scope, wire, wire), name);
        }
    }

    #[test]
    fn arguments_keep_official_names_and_avoid_what_the_body_reads() {
        let mut scope = argument_scope(false);
        for (wire, name) in [
            ("id", "id"),
            ("type", "type"),
            ("format", "format"),
            ("model", "model"),
            ("cast", "cast2"),
            ("self", "self2"),
            ("response", "response2"),
        ] {
            assert_eq!(claim(&mut scope, wire, wire), name);
        }
        assert_eq!(claim(&mut argument_scope(true), "model", "model"), "model2");
    }

    #[test]
    fn fields_avoid_the_names_annotations_read() {
        let mut scope = field_scope();
        assert_eq!(claim(&mut scope, "datetime", "datetime"), "datetime2");
        assert_eq!(claim(&mut scope, "filter", "filter"), "filter");
        assert_eq!(claim(&mut scope, "model", "model"), "model");
        assert_eq!(claim(&mut scope, "self", "self"), "self2");
    }

    /// Python folds identifiers with NFKC (`ﬁeld` is `field`, `ｘ` is `x`): names that differ
    /// only that way must still be two names, so every spelling is ASCII.
    #[test]
    fn names_that_nfkc_folds_together_stay_apart() {
        let mut scope = field_scope();
        let names: Vec<String> = ["field", "ﬁeld", "x", "ｘ", "café", "cafe\u{301}"]
            .iter()
            .map(|n| claim(&mut scope, n, n))
            .collect();
        assert!(
            names.iter().all(|n| n.is_ascii() && is_identifier(n)),
            "{names:?}"
        );
        let distinct: std::collections::BTreeSet<&String> = names.iter().collect();
        assert_eq!(distinct.len(), names.len(), "{names:?}");
    }

    #[test]
    fn enum_members_are_identifiers() {
        let mut scope = member_scope();
        assert_eq!(claim_member(&mut scope, "EQUAL_TO", "equal_to"), "EQUAL_TO");
        assert_eq!(claim_member(&mut scope, "in", "in"), "in_");
        assert_eq!(claim_member(&mut scope, "foo bar", "foo_bar"), "foo_bar");
        assert_eq!(claim_member(&mut scope, "1x", "1x"), "value_1x");
        assert_eq!(claim_member(&mut scope, "_x", "x"), "value__x");
        assert_eq!(
            claim_member(
                &mut scope,
                "invalid_api_enum_value",
                "invalid_api_enum_value"
            ),
            "invalid_api_enum_value2"
        );
    }

    #[test]
    fn classes_avoid_module_names_and_builtins() {
        let mut scope = class_scope();
        assert_eq!(claim_class(&mut scope, "str", "Str"), "str2");
        assert_eq!(claim_class(&mut scope, "Model", "Model"), "Model");
        assert_eq!(claim_class(&mut scope, "model", "Model"), "model2");
    }
}
