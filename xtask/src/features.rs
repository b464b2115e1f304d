//! `cargo xtask features`: the generated crate (and the runtime) checked with every feature
//! combination that matters, so that no API area or TLS choice breaks the build: all features,
//! no default features, the runtime on *ring* alone, and each API area alone (with the default
//! TLS), as cargo-hack's `--each-feature` would, without installing it. A warning fails a check
//! like an error.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, bail};

/// The generated crate whose features are checked.
const SDK: &str = "generated/looker-sdk";

/// The feature of the generated crate that turns on every API area.
const FULL: &str = "full";

/// Runs every check, stopping at the first failure.
pub fn run(root: &Path) -> anyhow::Result<()> {
    let manifest = root.join(SDK).join("Cargo.toml");
    let (_, features) = crate::bench::compile::package_features(root, &manifest)?;
    let areas = area_features(&features)?;
    let mut runs: Vec<(&str, Vec<String>)> = vec![
        ("looker-sdk-rtl", vec!["--no-default-features".into()]),
        ("looker-sdk-rtl", vec!["--all-features".into()]),
        // The *ring* provider alone: `--all-features` turns on the default TLS beside it, which
        // leaves its installation out.
        (
            "looker-sdk-rtl",
            vec![
                "--no-default-features".into(),
                "--features".into(),
                "rustls-ring".into(),
            ],
        ),
        ("looker-sdk", vec!["--all-features".into()]),
        ("looker-sdk", vec!["--no-default-features".into()]),
    ];
    for area in &areas {
        runs.push((
            "looker-sdk",
            vec![
                "--no-default-features".into(),
                "--features".into(),
                format!("rustls,{area}"),
            ],
        ));
    }
    eprintln!(
        "features: {} checks ({} API areas one at a time)",
        runs.len(),
        areas.len()
    );
    for (package, args) in &runs {
        let what = format!("cargo check -p {package} {}", args.join(" "));
        eprintln!("features: {what}");
        let mut cmd = Command::new(env!("CARGO"));
        cmd.args(["check", "--quiet", "-p", package])
            .args(args)
            .current_dir(root);
        check_warning_free(&mut cmd, &what)?;
    }
    Ok(())
}

/// Runs a `cargo check` command and fails when it fails or prints a warning. Warnings are read
/// from the output rather than denied with RUSTFLAGS, which would rebuild every dependency with
/// other flags (registry dependencies' warnings are capped by cargo, so only ours show).
pub fn check_warning_free(cmd: &mut Command, what: &str) -> anyhow::Result<()> {
    let output = cmd
        .output()
        .with_context(|| format!("cannot run `{what}`"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if failed_or_warned(&output.status, &stderr) {
        eprintln!("{stderr}");
        bail!("`{what}` failed or warned");
    }
    Ok(())
}

/// Whether a cargo command failed, or printed a warning on `stderr`.
pub fn failed_or_warned(status: &std::process::ExitStatus, stderr: &str) -> bool {
    !status.success() || stderr.contains("warning")
}

/// The API area features of the generated crate: what its `full` feature turns on.
fn area_features(
    features: &serde_json::Map<String, serde_json::Value>,
) -> anyhow::Result<Vec<String>> {
    let areas: Vec<String> = features
        .get(FULL)
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(serde_json::Value::as_str)
        .map(str::to_owned)
        .collect();
    if areas.is_empty() {
        bail!("{SDK}/Cargo.toml has no `{FULL}` feature listing the API areas");
    }
    Ok(areas)
}

#[cfg(test)]
mod tests {
    use super::area_features;

    #[test]
    fn the_areas_are_what_full_turns_on() {
        let features = serde_json::json!({
            "default": ["rustls", "full"],
            "full": ["query", "look"],
            "rustls": ["looker-sdk-rtl/rustls"],
            "query": [],
            "look": [],
        });
        let features = features.as_object().cloned().unwrap_or_default();
        assert_eq!(
            area_features(&features).ok(),
            Some(vec!["query".to_owned(), "look".to_owned()])
        );
        let none = serde_json::Map::new();
        assert!(area_features(&none).is_err());
    }
}
