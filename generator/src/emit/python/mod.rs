//! The Python emitter: the `looker-codegen-sdk` package, whose API 4.0 `methods` and `models`
//! modules plug into the runtime of Looker's official `looker_sdk` package (`looker_sdk.rtl`).
//!
//! Every decision is made in Rust (`context.rs`, with line breaks laid out the way ruff lays
//! them out by `layout.rs`); the templates under `templates/python/` only print. Each rendered
//! Python file passes a syntax check (`check.rs`) or generation fails naming its template.

mod breaking;
mod check;
mod context;
mod docs;
mod layout;
mod names;
mod types;

use std::path::PathBuf;

use askama::Template;
use rayon::prelude::*;

use super::{Files, GENERATED_NOTICE, Language, Options, Package};
use crate::error::{Error, Result};
use crate::model::Api;
use crate::names::Reserved;

/// The Python SDK: a package on the official runtime.
pub struct Python;

impl Language for Python {
    fn name(&self) -> &'static str {
        "python"
    }

    fn default_out(&self) -> &'static str {
        "generated/python"
    }

    fn package(&self, api: &Api, options: &Options) -> Package {
        Package::named(
            options,
            context::DISTRIBUTION,
            context::package_version(api.info.release()),
        )
    }

    fn reserved(&self) -> &'static Reserved {
        &names::RESERVED
    }

    fn needs(&self, api: &Api) -> Vec<String> {
        let release = api
            .info
            .looker_release
            .as_deref()
            .unwrap_or(&api.info.spec_version);
        vec![
            "Python 3.9 or newer".to_owned(),
            format!(
                "the official runtime: {} (looker_sdk.rtl), with requests, attrs and cattrs",
                context::runtime_requirement(release)
            ),
        ]
    }

    fn compatibility<'a>(
        &self,
        old: &'a Api,
        new: &'a Api,
    ) -> Option<Box<dyn crate::diff::Judge + 'a>> {
        Some(Box::new(breaking::PythonJudge::new(old, new)))
    }

    fn render(&self, api: &Api, options: &Options) -> Result<Files> {
        let ctx = context::build(api, options);
        let package = PathBuf::from("looker_codegen_sdk");
        let api40 = package
            .join("sdk")
            .join(format!("api{}", ctx.models.api_ref));
        let sdk_init = context::Module {
            notice: GENERATED_NOTICE,
            purpose: "The generated SDK modules, laid out as in the official `looker_sdk` package.",
        };
        let api_init = context::Module {
            notice: GENERATED_NOTICE,
            purpose: "The API 4.0 methods and models.",
        };
        let mut files = Files::new();
        files.insert(
            "pyproject.toml".into(),
            render("pyproject.toml", &ctx.pyproject)?,
        );
        files.insert("README.md".into(), render("README.md", &ctx.readme)?);
        files.insert("LICENSE".into(), super::LICENSE.to_owned());
        // PEP 561: the package ships its annotations; the marker file is empty by definition.
        files.insert(package.join("py.typed"), String::new());
        let python = [
            (
                package.join("__init__.py"),
                render("__init__.py", &ctx.init)?,
            ),
            (
                package.join("sdk").join("__init__.py"),
                render("module.py", &sdk_init)?,
            ),
            (
                package.join("sdk").join("constants.py"),
                render("constants.py", &ctx.constants)?,
            ),
            (api40.join("__init__.py"), render("module.py", &api_init)?),
            (
                api40.join("methods.py"),
                render("methods.py", &ctx.methods)?,
            ),
            (api40.join("models.py"), render("models.py", &ctx.models)?),
        ];
        for (path, text) in python {
            files.insert(path, text);
        }
        Ok(files)
    }

    /// A syntax check of every Python file, on every core; a failure names the template it
    /// came from (the first failing file's, in path order).
    fn post_process(&self, files: Files) -> Result<Files> {
        let python: Vec<(&PathBuf, &String)> = files
            .iter()
            .filter(|(path, _)| path.extension().is_some_and(|e| e == "py"))
            .collect();
        let checked: Vec<Result<()>> = python
            .par_iter()
            .map(|(path, text)| {
                check::check(text).map_err(|message| Error::Unparsable {
                    file: format!(
                        "{} (templates/python/{}.askama)",
                        path.display(),
                        template_of(path)
                    ),
                    message,
                })
            })
            .collect();
        // In the files' order, so that the error reported is always the same one.
        checked.into_iter().collect::<Result<()>>()?;
        Ok(files)
    }
}

/// The template a Python file is rendered from.
fn template_of(path: &std::path::Path) -> &str {
    match path.file_name().and_then(|n| n.to_str()) {
        Some("__init__.py") if path.components().count() == 2 => "__init__.py",
        Some("__init__.py") => "module.py",
        Some(name) => name,
        None => "module.py",
    }
}

/// Renders a template; the text ends in a newline (askama drops the template's last one).
fn render(name: &str, template: &impl Template) -> Result<String> {
    let mut text = template.render().map_err(|e| Error::Render {
        template: format!("python/{name}"),
        message: e.to_string(),
    })?;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}
