//! Embeds the Rust examples from `templates/rust/` so the binary needs no template directory at
//! run time, and reads the runtime crate's version, which generated crates depend on.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let out_dir = std::env::var("OUT_DIR").unwrap_or_default();
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/Cargo.toml");
    println!("cargo:rerun-if-changed={}", runtime.display());
    let manifest = std::fs::read_to_string(&runtime)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", runtime.display()));
    let version = manifest
        .lines()
        .find_map(|line| line.strip_prefix("version = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .unwrap_or_else(|| panic!("{} has no `version = \"...\"` line", runtime.display()));
    println!("cargo:rustc-env=LOOKER_SDK_RTL_VERSION={version}");
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../templates/rust/examples");
    std::fs::write(
        Path::new(&out_dir).join("rust_examples.rs"),
        embed(&examples),
    )
    .unwrap_or_else(|e| panic!("cannot write rust_examples.rs: {e}"));
}

/// A `&[(file name, contents)]` expression of the files in `dir`, sorted by name.
fn embed(dir: &Path) -> String {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.is_file());
    files.sort();
    let mut out = String::from("&[\n");
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let abs = path.canonicalize().unwrap_or_else(|_| path.clone());
        let _ = writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            abs.display().to_string()
        );
    }
    out.push_str("]\n");
    out
}
