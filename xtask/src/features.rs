//! `cargo xtask features`: the generated crate (and the runtime) checked with every feature
//! combination that matters, so that no API area or TLS choice breaks the build: all features, no
//! default features, and each API area alone (with the default TLS), as cargo-hack's
//! `--each-feature` would, without installing it. A warning fails a check like an error.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, bail};

/// The generated crate whose features are checked.
const SDK: &str = "generated/looker-sdk";

/// Runs every check, stopping at the first failure.
pub fn run(root: &Path) -> anyhow::Result<()> {
    let manifest = std::fs::read_to_string(root.join(SDK).join("Cargo.toml"))
        .with_context(|| format!("cannot read {SDK}/Cargo.toml"))?;
    let areas = area_features(&manifest);
    if areas.is_empty() {
        bail!("{SDK}/Cargo.toml declares no API area features");
    }
    let mut runs: Vec<(String, Vec<String>)> = vec![
        (
            "looker-sdk-rtl".into(),
            vec!["--no-default-features".into()],
        ),
        ("looker-sdk-rtl".into(), vec!["--all-features".into()]),
        ("looker-sdk".into(), vec!["--all-features".into()]),
        ("looker-sdk".into(), vec!["--no-default-features".into()]),
    ];
    for area in &areas {
        runs.push((
            "looker-sdk".into(),
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
        eprintln!("features: cargo check -p {package} {}", args.join(" "));
        // Warnings fail the check too. They are read from the output rather than denied with
        // RUSTFLAGS, which would rebuild every dependency with other flags.
        let output = Command::new(env!("CARGO"))
            .args(["check", "--quiet", "-p", package])
            .args(args)
            .current_dir(root)
            .output()
            .context("cannot run cargo check")?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        if !output.status.success() || stderr.contains("warning") {
            eprintln!("{stderr}");
            bail!(
                "`cargo check -p {package} {}` failed or warned",
                args.join(" ")
            );
        }
    }
    Ok(())
}

/// The API area features of a generated Cargo.toml: the `name = []` lines of `[features]`.
fn area_features(manifest: &str) -> Vec<String> {
    let mut in_features = false;
    let mut areas = Vec::new();
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_features = line == "[features]";
            continue;
        }
        if let Some(name) = line.strip_suffix(" = []")
            && in_features
            && !name.starts_with('#')
        {
            areas.push(name.to_owned());
        }
    }
    areas
}

#[cfg(test)]
mod tests {
    use super::area_features;

    #[test]
    fn reads_the_area_features() {
        let manifest = "[package]\nname = \"x\"\n\n[features]\ndefault = [\"rustls\", \"full\"]\nfull = [\"query\", \"look\"]\nrustls = [\"rt/rustls\"]\n# Query: Run queries\nquery = []\nlook = []\n\n[dependencies]\nserde = []\n";
        assert_eq!(area_features(manifest), ["query", "look"]);
    }
}
