//! The type graph: which properties lead back to their own model (recursion), and which methods
//! and tags reach each named type (the reverse index).
//!
//! Both are computed once, after write types exist, so that every emitter reads the same facts
//! instead of walking the graph itself.

use std::collections::{BTreeMap, BTreeSet};

use super::{Method, Recursion, TypeDef, TypeKind, TypeRef, TypeUses};

/// Sets [`super::Property::recursion`] on every property of every model.
///
/// A property is `Direct` when its type is a model in the same strongly connected component as
/// the owner in the graph of direct holds (not behind an array or map); `Collection` when the
/// two share a component only in the graph of all references.
pub(super) fn mark_recursion(types: &mut BTreeMap<String, TypeDef>) {
    let direct = components(types, true);
    let any = components(types, false);
    let same = |parts: &BTreeMap<String, usize>, a: &str, b: &str| {
        parts.get(a).is_some_and(|x| parts.get(b) == Some(x))
    };
    // A one-model component is a cycle only when the model refers to itself.
    for (owner, def) in types.iter_mut() {
        let TypeKind::Model(model) = &mut def.kind else {
            continue;
        };
        for prop in &mut model.properties {
            prop.recursion = match (&prop.ty, prop.ty.named()) {
                (TypeRef::Named(n), _) if same(&direct, owner, n) => Recursion::Direct,
                (_, Some(n)) if same(&any, owner, n) => Recursion::Collection,
                _ => Recursion::None,
            };
        }
    }
}

/// Strongly connected components of the model graph, by type name, keeping only the
/// components that are cycles (more than one model, or a model that refers to itself).
/// `direct_only` keeps only edges of properties whose type is the model itself.
fn components(types: &BTreeMap<String, TypeDef>, direct_only: bool) -> BTreeMap<String, usize> {
    let mut edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, def) in types {
        let TypeKind::Model(model) = &def.kind else {
            continue;
        };
        let targets = model
            .properties
            .iter()
            .filter_map(|p| match &p.ty {
                TypeRef::Named(n) => Some(n.as_str()),
                other if !direct_only => other.named(),
                _ => None,
            })
            .filter(|n| matches!(types.get(*n).map(|d| &d.kind), Some(TypeKind::Model(_))))
            .collect();
        edges.insert(name.as_str(), targets);
    }
    let mut tarjan = Tarjan {
        edges: &edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        found: BTreeMap::new(),
        count: 0,
    };
    for node in edges.keys() {
        if !tarjan.index.contains_key(node) {
            tarjan.visit(node);
        }
    }
    tarjan.found
}

/// Tarjan's algorithm. The recursion is as deep as the longest chain of models, a few dozen in
/// Looker's spec.
struct Tarjan<'a> {
    edges: &'a BTreeMap<&'a str, Vec<&'a str>>,
    index: BTreeMap<&'a str, usize>,
    low: BTreeMap<&'a str, usize>,
    stack: Vec<&'a str>,
    on_stack: BTreeSet<&'a str>,
    next: usize,
    found: BTreeMap<String, usize>,
    count: usize,
}

impl<'a> Tarjan<'a> {
    fn visit(&mut self, node: &'a str) {
        self.index.insert(node, self.next);
        self.low.insert(node, self.next);
        self.next += 1;
        self.stack.push(node);
        self.on_stack.insert(node);
        let edges = self.edges;
        for &next in edges.get(node).into_iter().flatten() {
            if !self.index.contains_key(next) {
                self.visit(next);
                let low = self.low[node].min(self.low[next]);
                self.low.insert(node, low);
            } else if self.on_stack.contains(next) {
                let low = self.low[node].min(self.index[next]);
                self.low.insert(node, low);
            }
        }
        if self.low[node] != self.index[node] {
            return;
        }
        let mut members = Vec::new();
        while let Some(top) = self.stack.pop() {
            self.on_stack.remove(top);
            members.push(top);
            if top == node {
                break;
            }
        }
        let self_loop = edges.get(node).is_some_and(|e| e.contains(&node));
        if members.len() > 1 || self_loop {
            for m in members {
                self.found.insert(m.to_owned(), self.count);
            }
            self.count += 1;
        }
    }
}

/// The reverse index: for each named type, the methods (and their tags) that reach it from
/// their parameters, body, success and error responses, through any depth of properties.
pub(super) fn uses(
    methods: &[Method],
    types: &BTreeMap<String, TypeDef>,
) -> BTreeMap<String, TypeUses> {
    let mut uses: BTreeMap<String, TypeUses> = BTreeMap::new();
    for method in methods {
        let roots = method
            .params
            .iter()
            .map(|p| &p.ty)
            .chain(method.body.iter().map(|b| &b.ty))
            .chain(
                method
                    .responses
                    .iter()
                    .chain(&method.errors)
                    .flat_map(|r| &r.content)
                    .map(|c| &c.ty),
            );
        let mut stack: Vec<&str> = roots.filter_map(TypeRef::named).collect();
        let mut seen = BTreeSet::new();
        while let Some(name) = stack.pop() {
            let Some(def) = types.get(name) else { continue };
            if !seen.insert(name) {
                continue;
            }
            if let TypeKind::Model(model) = &def.kind {
                stack.extend(model.properties.iter().filter_map(|p| p.ty.named()));
            }
        }
        for name in seen {
            let entry = uses.entry(name.to_owned()).or_default();
            entry.methods.insert(method.name.wire.clone());
            entry.tags.extend(method.tags.iter().cloned());
        }
    }
    uses
}
