//! `cargo xtask old-specs`: the Rust crate generated from older Looker specs (those under
//! `spec/history/`) must build without a warning, as people run older instances.
//!
//! Each crate is written to `target/old-specs/<file stem>/` as its own workspace, patched to this
//! repository's runtime like the workspace's own crate, and checked with the workspace's target
//! directory so that dependencies are built once.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, bail};
use looker_codegen::{emit, write};

pub fn run(root: &Path) -> anyhow::Result<()> {
    let history = root.join("spec/history");
    let mut specs: Vec<_> = std::fs::read_dir(&history)
        .with_context(|| format!("cannot read {}", history.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    specs.sort();
    if specs.is_empty() {
        bail!("no specs in {}", history.display());
    }
    for spec in &specs {
        let stem = spec
            .file_stem()
            .and_then(|s| s.to_str())
            .context("a spec file name is not UTF-8")?;
        let out = root.join("target/old-specs").join(stem);
        let api = looker_codegen::load_api(spec)?.api;
        let mut files = emit::language("rust")?.emit(&api)?;
        files.retain(|path, _| !path.starts_with("examples"));
        let manifest = files
            .get_mut(Path::new("Cargo.toml"))
            .context("the Rust SDK has no Cargo.toml")?;
        manifest.push_str(&format!(
            "\n# Checked by `cargo xtask old-specs` on its own, against this repository's runtime.\n\
             [workspace]\n\n{}\n",
            crate::runtime_patch(root)?
        ));
        write::write(&out, &files, write::Overwrite::GeneratedOnly)?;
        eprintln!("old-specs: {stem}: cargo check (warnings fail it)");
        let mut cmd = Command::new(env!("CARGO"));
        cmd.args(["check", "--quiet", "--lib", "--manifest-path"])
            .arg(out.join("Cargo.toml"))
            .arg("--target-dir")
            .arg(root.join("target"))
            .current_dir(root);
        crate::features::check_warning_free(&mut cmd, &format!("cargo check of {stem}'s crate"))?;
    }
    Ok(())
}
