//! progenitor's crate for the same spec, the other side of `bench compile`.
//!
//! progenitor 0.15 reads only a subset of what Looker publishes. It gets the output of our
//! `looker-codegen normalize` (valid OpenAPI 3.0: the published file fails to parse), trimmed by
//! [`trim`] to what progenitor accepts while keeping every operation and every schema, so that
//! the two crates cover the same API.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, bail};
use serde_json::{Map, Value};

use super::{build, cargo, measure, utf8};

/// The operations' HTTP methods in an OpenAPI path item (its other keys are parameters,
/// servers, ...).
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The one error schema kept: what most of Looker's error responses are.
const ERROR_SCHEMA: &str = "#/components/schemas/Error";

/// What progenitor is told to make of the normalized spec, by operation:
///
/// - **One success response.** progenitor gives each operation a single success type and
///   rejects (an assertion in `progenitor-impl`'s `method.rs`) an operation with several: Looker
///   declares 200 beside 204, 201 or 202 for 20 operations. The lowest 2xx status is kept, which
///   is the one with the body where one of them has one.
/// - **One media type per response and request body.** progenitor picks its decoding by media
///   type and cannot offer several: 47 of Looker's responses list more than one (JSON, and text
///   or images for the same status). `application/json` is kept where it is offered, otherwise
///   the first listed.
/// - **One error type.** Like the success type, an operation has one error type in progenitor:
///   Looker's error responses are `Error` for most statuses and `ValidationError` for 422 (and
///   text or binary bodies on some), so only the error responses whose JSON body is `Error`
///   are kept.
///
/// Returns how many operations were trimmed at all.
pub fn trim(spec: &mut Value) -> anyhow::Result<usize> {
    let paths = spec
        .get_mut("paths")
        .and_then(Value::as_object_mut)
        .context("the normalized spec has no `paths` object")?;
    let mut trimmed = 0;
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            bail!("/paths/{path} is not an object");
        };
        for (method, op) in item.iter_mut() {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            let op = op
                .as_object_mut()
                .with_context(|| format!("/paths/{path}/{method} is not an object"))?;
            if trim_operation(op) {
                trimmed += 1;
            }
        }
    }
    Ok(trimmed)
}

/// Trims one operation as [`trim`] says; true when anything changed.
fn trim_operation(op: &mut Map<String, Value>) -> bool {
    let mut changed = false;
    if let Some(body) = op.get_mut("requestBody").and_then(Value::as_object_mut) {
        changed |= one_media_type(body);
    }
    let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
        return changed;
    };
    let success = responses
        .keys()
        .filter(|status| status.starts_with('2'))
        .min()
        .cloned();
    let before = responses.len();
    responses.retain(|status, response| {
        if status.starts_with('2') {
            Some(status) == success.as_ref()
        } else {
            is_error_schema(response)
        }
    });
    changed |= responses.len() != before;
    for response in responses.values_mut() {
        if let Some(response) = response.as_object_mut() {
            changed |= one_media_type(response);
        }
    }
    changed
}

/// Keeps one entry of `content`: `application/json` if offered, else the first.
fn one_media_type(holder: &mut Map<String, Value>) -> bool {
    let Some(content) = holder.get_mut("content").and_then(Value::as_object_mut) else {
        return false;
    };
    if content.len() <= 1 {
        return false;
    }
    let keep = if content.contains_key("application/json") {
        "application/json".to_owned()
    } else {
        match content.keys().next() {
            Some(first) => first.clone(),
            None => return false,
        }
    };
    content.retain(|media_type, _| *media_type == keep);
    true
}

/// Whether an error response's JSON body is [`ERROR_SCHEMA`].
fn is_error_schema(response: &Value) -> bool {
    response
        .pointer("/content/application~1json/schema/$ref")
        .and_then(Value::as_str)
        == Some(ERROR_SCHEMA)
}

/// The package name of progenitor's crate.
pub const PACKAGE: &str = "looker-progenitor";

/// Makes progenitor's crate at `out` from the normalized spec at `normalized`: trims it into
/// `trimmed`, runs `cargo progenitor` (installed when missing), and makes the crate its own
/// workspace. `Ok(Err(reason))` when progenitor cannot be had or cannot generate: the
/// comparison is then skipped with that reason.
pub fn make_crate(
    normalized: &Path,
    trimmed: &Path,
    out: &Path,
) -> anyhow::Result<Result<(), String>> {
    if let Err(reason) = ensure_installed() {
        return Ok(Err(reason));
    }
    let text = std::fs::read(normalized)
        .with_context(|| format!("cannot read {}", normalized.display()))?;
    let mut spec: Value = serde_json::from_slice(&text)
        .with_context(|| format!("{} is not JSON", normalized.display()))?;
    let count = trim(&mut spec)?;
    eprintln!("progenitor: trimmed {count} operations");
    let text = serde_json::to_vec(&spec).context("cannot encode the trimmed spec")?;
    std::fs::write(trimmed, text).with_context(|| format!("cannot write {}", trimmed.display()))?;
    if out.exists() {
        std::fs::remove_dir_all(out).with_context(|| format!("cannot empty {}", out.display()))?;
    }
    eprintln!("progenitor: generating its crate into {}", out.display());
    let generated = measure(
        cargo().args([
            "progenitor",
            "-i",
            utf8(trimmed)?,
            "-o",
            utf8(out)?,
            "-n",
            PACKAGE,
            "-v",
            "0.1.0",
        ]),
        "cargo progenitor",
    );
    if let Err(e) = generated {
        return Ok(Err(format!(
            "cargo progenitor could not generate a crate: {e:#}"
        )));
    }
    let manifest = out.join("Cargo.toml");
    let toml = std::fs::read_to_string(&manifest)
        .with_context(|| format!("cargo progenitor wrote no {}", manifest.display()))?;
    std::fs::write(&manifest, fix_manifest(&toml))
        .with_context(|| format!("cannot write {}", manifest.display()))?;
    Ok(Ok(()))
}

/// progenitor's Cargo.toml, made to build where it is: its own `[workspace]`, since it lies
/// under our workspace's directory (target/bench/) and would otherwise be taken for an
/// unlisted member.
fn fix_manifest(toml: &str) -> String {
    if toml.lines().any(|l| l.trim() == "[workspace]") {
        return toml.to_owned();
    }
    format!(
        "{toml}\n# Not a member of looker-codegen's workspace, which it lies inside.\n[workspace]\n"
    )
}

/// `cargo progenitor`, installed with `cargo install cargo-progenitor --locked` when missing.
fn ensure_installed() -> Result<(), String> {
    let present = |cmd: &mut Command| {
        cmd.args(["progenitor", "--help"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if present(&mut cargo()) {
        return Ok(());
    }
    build(
        cargo().args(["install", "cargo-progenitor", "--locked"]),
        "installing cargo-progenitor (cargo install cargo-progenitor --locked)",
    )
    .map_err(|e| format!("cargo-progenitor is missing and could not be installed: {e:#}"))?;
    if present(&mut cargo()) {
        Ok(())
    } else {
        Err("cargo-progenitor was installed but `cargo progenitor` does not run".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn error(schema: &str) -> Value {
        json!({"description": "e", "content": {"application/json": {"schema": {"$ref": schema}}}})
    }

    #[test]
    fn one_success_one_media_type_one_error_type() -> anyhow::Result<()> {
        let mut spec = json!({"paths": {"/a": {
            "parameters": [],
            "post": {
                "requestBody": {"content": {
                    "text/plain": {"schema": {"type": "string"}},
                    "application/json": {"schema": {"type": "object"}},
                }},
                "responses": {
                    "204": {"description": "none"},
                    "200": {"description": "ok", "content": {
                        "text/plain": {"schema": {"type": "string"}},
                        "application/json": {"schema": {"$ref": "#/components/schemas/A"}},
                    }},
                    "400": error(ERROR_SCHEMA),
                    "422": error("#/components/schemas/ValidationError"),
                    "404": {"description": "png", "content": {
                        "image/png": {"schema": {"type": "string", "format": "binary"}},
                        "application/json": {"schema": {"$ref": ERROR_SCHEMA}},
                    }},
                },
            },
            "get": {"responses": {"200": {"description": "ok", "content": {
                "image/png": {"schema": {"type": "string"}},
                "image/jpeg": {"schema": {"type": "string"}},
            }}}},
            "delete": {"responses": {"204": {"description": "none"}}},
        }}});
        assert_eq!(trim(&mut spec)?, 2, "post and get changed, delete did not");
        let post = &spec["paths"]["/a"]["post"];
        let statuses: Vec<&String> = post["responses"]
            .as_object()
            .map(|r| r.keys().collect())
            .unwrap_or_default();
        assert_eq!(statuses, ["200", "400", "404"]);
        let media = |v: &Value| -> Vec<String> {
            v["content"]
                .as_object()
                .map(|c| c.keys().cloned().collect())
                .unwrap_or_default()
        };
        assert_eq!(media(&post["responses"]["200"]), ["application/json"]);
        assert_eq!(media(&post["responses"]["404"]), ["application/json"]);
        assert_eq!(media(&post["requestBody"]), ["application/json"]);
        assert_eq!(
            media(&spec["paths"]["/a"]["get"]["responses"]["200"]),
            ["image/png"]
        );
        assert!(
            spec["paths"]["/a"]["parameters"].is_array(),
            "not an operation: untouched"
        );
        Ok(())
    }

    #[test]
    fn a_spec_without_paths_is_an_error() {
        assert!(trim(&mut json!({"openapi": "3.0.0"})).is_err());
        assert!(trim(&mut json!({"paths": {"/a": []}})).is_err());
    }

    #[test]
    fn the_manifest_gets_its_own_workspace_once() {
        let fixed = fix_manifest("[package]\nname = \"x\"\n");
        assert!(fixed.contains("\n[workspace]\n"));
        assert_eq!(fix_manifest(&fixed), fixed);
    }
}
