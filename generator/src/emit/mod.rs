//! Emitters: one per language, each turning the model into files through its templates.

pub mod python;
pub mod rust;

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::model::Api;
use crate::names::Reserved;

/// Generated files by path relative to the output directory, in a deterministic order.
pub type Files = BTreeMap<PathBuf, String>;

/// Options every emitter takes, from the command line or a caller of the library. A language
/// ignores the options that mean nothing for it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The name the package is published under (Cargo's `name`, the Python distribution's
    /// name); the language's own default when `None`. Import paths do not change with it.
    pub package_name: Option<String>,
}

/// What a language's output is published as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    /// The package's name (Cargo's `name`, the Python distribution's name).
    pub name: String,
    /// Its version, as its manifest says it (`26.12.3`).
    pub version: String,
}

impl Package {
    /// The package named by `--package-name` when given, else `default`, at `version`.
    pub fn named(options: &Options, default: &str, version: String) -> Self {
        Package {
            name: options
                .package_name
                .clone()
                .unwrap_or_else(|| default.to_owned()),
            version,
        }
    }
}

/// A target language: a folder of templates under `templates/<name>/` plus one implementation
/// of this trait. See CONTRIBUTING.md, "Adding a language".
///
/// The language decides its names (through [`crate::names::Scope`] with its [`Reserved`]
/// words), its type mapping and its file layout in [`Language::render`], which reads only the
/// model; [`Language::post_process`] checks or formats what was rendered. Callers use
/// [`Language::emit`], which runs both.
pub trait Language: Sync {
    /// The name used with `--lang`, and the folder of its templates.
    fn name(&self) -> &'static str;
    /// Where `generate` writes by default, relative to the workspace root.
    fn default_out(&self) -> &'static str;
    /// The words generated identifiers must avoid: keywords, and the names the language's
    /// runtime already defines on the client.
    fn reserved(&self) -> &'static Reserved;
    /// The package [`Language::render`] writes for `api` with `options`: the name and version
    /// its manifest carries, which its changelog's newest entry must name.
    fn package(&self, api: &Api, options: &Options) -> Package;
    /// Files of its output, besides the changelog, that the generator keeps from the previous
    /// output instead of rendering them (paths relative to the output directory). None by
    /// default.
    fn kept(&self) -> &'static [&'static str] {
        &[]
    }
    /// What the generated code needs besides itself (its runtime, its dependencies), one line
    /// each, as `looker-codegen languages --verbose` prints them.
    fn needs(&self, api: &Api) -> Vec<String>;
    /// Renders every file of the SDK from the model: names, types and layout are decided here.
    fn render(&self, api: &Api, options: &Options) -> Result<Files>;
    /// Checks, and may reformat, the rendered files (Rust: parse and print; Python: a syntax
    /// check). Output that does not pass is a generator bug, reported naming its template.
    fn post_process(&self, files: Files) -> Result<Files> {
        Ok(files)
    }
    /// The whole SDK: rendered, then post-processed.
    fn emit_with(&self, api: &Api, options: &Options) -> Result<Files> {
        self.post_process(self.render(api, options)?)
    }
    /// How this language judges the changes between two specs ([`crate::diff`]): whether code
    /// written against the SDK generated from `old` still builds and works with the SDK from
    /// `new`. Only the language knows (a new enum value breaks an exhaustive Rust `match` and
    /// no Python code), so its rules live with its emitter. `None`, the default: `diff`
    /// leaves the language out.
    fn compatibility<'a>(
        &self,
        old: &'a Api,
        new: &'a Api,
    ) -> Option<Box<dyn crate::diff::Judge + 'a>> {
        let _ = (old, new);
        None
    }
    /// [`Language::emit_with`] the default options.
    fn emit(&self, api: &Api) -> Result<Files> {
        self.emit_with(api, &Options::default())
    }
}

/// Every language this generator knows.
pub const LANGUAGES: &[&dyn Language] = &[&rust::Rust, &python::Python];

/// Looks a language up by its `--lang` name.
pub fn language(name: &str) -> Result<&'static dyn Language> {
    LANGUAGES
        .iter()
        .copied()
        .find(|l| l.name() == name)
        .ok_or_else(|| Error::UnknownLanguage(name.to_owned()))
}

/// Every SDK's `LICENSE` (`templates/LICENSE`): MIT, with the copyright of the generator's authors
/// and of Looker's spec, whose names, types and descriptions the SDK carries. A package on
/// crates.io or PyPI ships its license text; it has no placeholders, so it is not rendered.
pub const LICENSE: &str = include_str!("../../../templates/LICENSE");

/// The first line of every generated file that takes comments.
pub const GENERATED_NOTICE: &str = "Generated by looker-codegen from the Looker API spec. Do not edit: change the generator or its templates and run `cargo xtask regen`.";
