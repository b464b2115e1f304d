//! Embeds the Rust runtime and examples from `templates/rust/` so the binary needs no template
//! directory at run time.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let out_dir = std::env::var("OUT_DIR").unwrap_or_default();
    for (dir, file) in [
        ("runtime", "rust_runtime.rs"),
        ("examples", "rust_examples.rs"),
    ] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../templates/rust")
            .join(dir);
        std::fs::write(Path::new(&out_dir).join(file), embed(&dir))
            .unwrap_or_else(|e| panic!("cannot write {file}: {e}"));
    }
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
