//! What the fuzz targets share: a structure-aware mutator for JSON inputs.
//!
//! Byte-level mutations of a spec almost never stay JSON, so they only exercise the JSON parser.
//! [`mutate_json`] parses the input, changes one node the way a broken or hostile spec would
//! (a node of another kind, a removed key, text with newlines or keywords, a subtree copied
//! elsewhere, deeper nesting) and prints it again, so every run reaches the loader, the model
//! and the emitters. Inputs that are not JSON fall back to libFuzzer's own mutations.

use serde_json::{Map, Value};

/// Strings that have broken generators: newlines, comment and string terminators, keywords,
/// names that clash with Rust and Python items, digits first, unicode, empty.
const ODD_STRINGS: &[&str] = &[
    "",
    "\n",
    "x\npub const INJECTED: () = ();\n//",
    "*/ \"\"\" ''' \\",
    "self",
    "Self",
    "type",
    "Result",
    "None",
    "class",
    "0day",
    "naïve-名前",
    "a b",
    "{x}",
    "String",
    "sudo",
    "$ref",
    "#/components/schemas/Missing",
    "any",
    "array",
    "object",
    "integer",
    "date-time",
    "text",
];

/// A tiny deterministic random source (xorshift), seeded by libFuzzer.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        if n == 0 {
            0
        } else {
            (self.0 % n as u64) as usize
        }
    }
}

/// Mutates `data[..size]` in place as JSON; returns the new size, or `None` when the input is
/// not JSON or the result does not fit in `max_size` (the caller then mutates bytes instead).
pub fn mutate_json(data: &mut [u8], size: usize, max_size: usize, seed: u32) -> Option<usize> {
    let mut doc: Value = serde_json::from_slice(&data[..size]).ok()?;
    let mut rng = Rng(u64::from(seed).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let count = count_nodes(&doc);
    let target = rng.below(count);
    let donor = pick(&doc, rng.below(count)).cloned().unwrap_or(Value::Null);
    mutate_at(&mut doc, target, &mut rng, &donor);
    let text = serde_json::to_vec(&doc).ok()?;
    if text.len() > max_size {
        return None;
    }
    data[..text.len()].copy_from_slice(&text);
    Some(text.len())
}

fn count_nodes(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(count_nodes).sum(),
        Value::Object(map) => map.values().map(count_nodes).sum(),
        _ => 0,
    }
}

/// The `n`th node in pre-order.
fn pick(value: &Value, n: usize) -> Option<&Value> {
    fn walk<'a>(value: &'a Value, n: &mut usize) -> Option<&'a Value> {
        if *n == 0 {
            return Some(value);
        }
        *n -= 1;
        let children: Box<dyn Iterator<Item = &Value>> = match value {
            Value::Array(items) => Box::new(items.iter()),
            Value::Object(map) => Box::new(map.values()),
            _ => return None,
        };
        for child in children {
            if let Some(found) = walk(child, n) {
                return Some(found);
            }
        }
        None
    }
    walk(value, &mut { n })
}

/// Applies one mutation to the `n`th node in pre-order.
fn mutate_at(value: &mut Value, n: usize, rng: &mut Rng, donor: &Value) {
    fn walk(value: &mut Value, n: &mut usize, rng: &mut Rng, donor: &Value) -> bool {
        if *n == 0 {
            mutate_node(value, rng, donor);
            return true;
        }
        *n -= 1;
        match value {
            Value::Array(items) => items.iter_mut().any(|c| walk(c, n, rng, donor)),
            Value::Object(map) => map.values_mut().any(|c| walk(c, n, rng, donor)),
            _ => false,
        }
    }
    walk(value, &mut { n }, rng, donor);
}

fn odd_string(rng: &mut Rng) -> String {
    ODD_STRINGS[rng.below(ODD_STRINGS.len())].to_owned()
}

fn mutate_node(node: &mut Value, rng: &mut Rng, donor: &Value) {
    match rng.below(12) {
        0 => *node = Value::Null,
        1 => *node = Value::Bool(rng.below(2) == 0),
        2 => *node = Value::from([0i64, -1, 1, i64::MAX, 42][rng.below(5)]),
        3 => *node = Value::from(1e300),
        4 => *node = Value::String(odd_string(rng)),
        5 => *node = Value::Array(vec![node.take()]),
        6 => {
            let mut map = Map::new();
            map.insert(odd_string(rng), node.take());
            *node = Value::Object(map);
        }
        7 => *node = donor.clone(),
        // Changes inside containers: remove, rename or add a key; drop or repeat an element.
        _ => match node {
            Value::Object(map) if !map.is_empty() => {
                let keys: Vec<String> = map.keys().cloned().collect();
                let key = keys[rng.below(keys.len())].clone();
                match rng.below(3) {
                    0 => {
                        map.shift_remove(&key);
                    }
                    1 => {
                        if let Some(v) = map.shift_remove(&key) {
                            map.insert(format!("{key}{}", odd_string(rng)), v);
                        }
                    }
                    _ => {
                        map.insert(odd_string(rng), donor.clone());
                    }
                }
            }
            Value::Array(items) if !items.is_empty() => {
                let i = rng.below(items.len());
                if rng.below(2) == 0 {
                    items.remove(i);
                } else {
                    let copy = items[i].clone();
                    items.push(copy);
                }
            }
            Value::String(s) => {
                let extra = odd_string(rng);
                let at = rng.below(s.len() + 1);
                if s.is_char_boundary(at) {
                    s.insert_str(at, &extra);
                }
            }
            other => *other = Value::String(odd_string(rng)),
        },
    }
}

/// Runs the loader, the model and every emitter on `data`: each may fail, none may panic, and
/// every Rust file emitted must parse (generation lays most of it out without parsing it).
pub fn generate_all(data: &[u8]) {
    let Ok(json) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let Ok(spec) = looker_codegen::spec::from_json(json) else {
        return;
    };
    let Ok(api) = looker_codegen::model::build(&spec.openapi) else {
        return;
    };
    for language in looker_codegen::emit::LANGUAGES {
        let Ok(files) = language.emit(&api) else {
            continue;
        };
        for (path, text) in &files {
            if path.extension().is_some_and(|e| e == "rs")
                && let Err(e) = syn::parse_file(text)
            {
                panic!("{} does not parse: {e}", path.display());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutations_keep_json_and_change_it() {
        let seed = br#"{"a": {"b": [1, 2, "x"]}, "c": true}"#;
        let mut changed = 0;
        for s in 0..200 {
            let mut buf = vec![0u8; 4096];
            buf[..seed.len()].copy_from_slice(seed);
            let size = mutate_json(&mut buf, seed.len(), buf.len(), s).expect("fits");
            let out: Value = serde_json::from_slice(&buf[..size]).expect("still JSON");
            if out != serde_json::from_slice::<Value>(seed).expect("seed") {
                changed += 1;
            }
        }
        assert!(
            changed > 150,
            "only {changed} of 200 mutations changed the input"
        );
    }
}
