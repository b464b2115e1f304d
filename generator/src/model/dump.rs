//! A stable, readable text dump of the model, one line per fact, for snapshot review: a model
//! change is read once here, before any language's output.

use std::fmt::Write;

use super::{
    Activity, Api, Location, Method, Origin, Presence, Property, Recursion, Status, TypeDef,
    TypeKind, TypeRef,
};

/// The whole model as text: the spec's facts, then each method in spec order, then each type
/// by name, each fact on its own line. Two equal models give equal text.
pub fn dump(api: &Api) -> String {
    let mut out = String::new();
    let info = &api.info;
    let _ = writeln!(
        out,
        "api {:?} spec {} api {} release {}",
        info.title,
        info.spec_version,
        info.api_version,
        info.looker_release.as_deref().unwrap_or("-")
    );
    let tags: Vec<&str> = api.tags.iter().map(|t| t.name.as_str()).collect();
    let _ = writeln!(out, "tags {}", tags.join(", "));
    for method in &api.methods {
        out.push('\n');
        dump_method(&mut out, method);
    }
    for def in api.types.values() {
        out.push('\n');
        dump_type(&mut out, api, def);
    }
    out
}

fn dump_method(out: &mut String, m: &Method) {
    let mut head = format!(
        "method {}: {} {} tags [{}]",
        m.name.wire,
        m.verb.as_str(),
        m.path,
        m.tags.join(", ")
    );
    flags(&mut head, &m.status, &m.activity);
    if m.rate_limited {
        head.push_str(" rate-limited");
    }
    if m.authenticates {
        head.push_str(" authenticates");
    }
    let _ = writeln!(out, "{head}");
    for arg in m.arguments() {
        match arg {
            super::Argument::Param(p) => {
                let _ = writeln!(
                    out,
                    "  param {}: {} {}{}{}",
                    p.name.wire,
                    location(p.location),
                    type_ref(&p.ty),
                    if p.required { " required" } else { "" },
                    if p.deprecated { " deprecated" } else { "" },
                );
            }
            super::Argument::Body(b) => {
                let spec = if b.spec_ty == b.ty {
                    String::new()
                } else {
                    format!(" (spec {})", type_ref(&b.spec_ty))
                };
                let _ = writeln!(
                    out,
                    "  body: {}{spec} {}{}",
                    type_ref(&b.ty),
                    b.media_type,
                    if b.required { " required" } else { "" }
                );
            }
        }
    }
    for r in m.responses.iter().chain(&m.errors) {
        if r.content.is_empty() {
            let _ = writeln!(out, "  response {}: empty", r.status);
        }
        for c in &r.content {
            let _ = writeln!(
                out,
                "  response {} {}: {} ({:?})",
                r.status,
                c.media_type,
                type_ref(&c.ty),
                c.mode
            );
        }
    }
    let returns = m.returns.as_ref().map_or_else(|| "-".to_owned(), type_ref);
    let declared = if m.declared_returns == m.returns {
        String::new()
    } else {
        let ty = m
            .declared_returns
            .as_ref()
            .map_or_else(|| "-".to_owned(), type_ref);
        format!(" declares {ty}")
    };
    let _ = writeln!(out, "  reads {:?} returns {returns}{declared}", m.mode);
    if let Some(p) = &m.paging {
        let _ = writeln!(
            out,
            "  pages by {} and {} of {}",
            p.limit,
            p.offset,
            type_ref(&p.item)
        );
    }
}

fn dump_type(out: &mut String, api: &Api, def: &TypeDef) {
    let origin = match &def.origin {
        Origin::Spec => "spec".to_owned(),
        Origin::Write { of, removes } if removes.is_empty() => format!("write form of {of}"),
        Origin::Write { of, removes } => {
            format!("write form of {of}, removes {}", removes.join(", "))
        }
        Origin::InlineEnum { uses } => {
            let list: Vec<String> = uses.iter().map(|(t, p)| format!("{t}.{p}")).collect();
            format!("inline enum of {}", list.join(", "))
        }
    };
    let kind = match def.kind {
        TypeKind::Model(_) => "model",
        TypeKind::Enum(_) => "enum",
    };
    let mut head = format!("{kind} {} ({origin})", def.name.wire);
    flags(&mut head, &def.status, &Activity::None);
    if def.deprecated {
        head.push_str(" deprecated");
    }
    let _ = writeln!(out, "{head}");
    match &def.kind {
        TypeKind::Enum(e) => {
            let values: Vec<&str> = e.values.iter().map(|v| v.wire.as_str()).collect();
            let _ = writeln!(out, "  values {}", values.join(", "));
        }
        TypeKind::Model(model) => {
            for p in &model.properties {
                dump_property(out, p);
            }
            if let Some(write) = &model.write_type {
                let _ = writeln!(out, "  written as {write}");
            }
            if model.unwritable {
                let _ = writeln!(out, "  no writable property");
            }
        }
    }
    if let Some(uses) = api.uses_of(&def.name.wire) {
        let methods: Vec<&str> = uses.methods.iter().map(String::as_str).collect();
        let tags: Vec<&str> = uses.tags.iter().map(String::as_str).collect();
        let _ = writeln!(
            out,
            "  used by {} tags [{}]",
            methods.join(", "),
            tags.join(", ")
        );
    }
}

fn dump_property(out: &mut String, p: &Property) {
    let mut line = format!(
        "  prop {}: {} {}",
        p.name.wire,
        type_ref(&p.ty),
        match p.presence() {
            Presence::Required => "required",
            Presence::RequiredNullable => "required nullable",
            Presence::Optional if p.nullable => "optional nullable",
            Presence::Optional => "optional",
        }
    );
    for (on, flag) in [
        (p.read_only, "read-only"),
        (p.write_only, "write-only"),
        (p.deprecated, "deprecated"),
        (p.secret, "secret"),
    ] {
        if on {
            line.push(' ');
            line.push_str(flag);
        }
    }
    if let Some(rule) = p.id_leniency {
        let _ = write!(line, " lenient-id {rule:?}");
    }
    match p.recursion {
        Recursion::None => {}
        Recursion::Collection => line.push_str(" recursive through a collection"),
        Recursion::Direct => line.push_str(" recursive directly"),
    }
    let _ = writeln!(out, "{line}");
}

fn flags(head: &mut String, status: &Status, activity: &Activity) {
    if let Some(label) = status.label() {
        let text = match status {
            Status::Other(s) => s.clone(),
            _ => label.to_ascii_lowercase(),
        };
        let _ = write!(head, " status {text}");
    }
    match activity {
        Activity::None => {}
        Activity::NonQuery => head.push_str(" activity non_query"),
        Activity::DbQuery => head.push_str(" activity db_query"),
        Activity::Other(other) => {
            let _ = write!(head, " activity {other}");
        }
    }
}

fn location(location: Location) -> &'static str {
    match location {
        Location::Path => "path",
        Location::Query => "query",
        Location::Header => "header",
        Location::Cookie => "cookie",
        Location::Form => "form",
    }
}

/// A type reference in a compact notation: `string`, `Folder`, `[Folder]` (array),
/// `{string: Folder}` (map), `csv[string]` (delimited array).
fn type_ref(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Intrinsic(i) => i.spec_name().to_owned(),
        TypeRef::Named(name) => name.clone(),
        TypeRef::Array(inner) => format!("[{}]", type_ref(inner)),
        TypeRef::Map(inner) => format!("{{string: {}}}", type_ref(inner)),
        TypeRef::DelimArray(inner) => format!("csv[{}]", type_ref(inner)),
    }
}
