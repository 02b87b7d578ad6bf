//! The flowchart family: its nom parser (`parse`, grammar in
//! `grammar/flowchart.ebnf`) → [`model::Flowchart`] → `layout` (onto the
//! layered engine) → the shared [`crate::layout::Layout`] → `scene`
//! (a [`crate::scene::Scene`]).

pub(crate) mod layout;
pub mod model;
pub mod parse;
pub(crate) mod scene;
pub(crate) mod shape;

use crate::error::{Error, Warning};
use crate::{images, pipeline, Limits, Options, Rendered};

/// The flowchart's warnings, or the error that stops its parse.
pub(crate) fn check(source: &str, limits: &Limits) -> Result<Vec<Warning>, Error> {
    Ok(parse::parse_with_limits(source, limits)?.warnings)
}

/// Parse, settings, local pictures, layout, scene and SVG of a flowchart.
pub(crate) fn render(source: &str, options: &Options) -> Result<Rendered, Error> {
    let mut chart = parse::parse_with_limits(source, &options.limits)?;
    let mut warnings = Vec::new();
    for node in &mut chart.nodes {
        if let Some(url) = node.image.clone() {
            if url.trim_start().starts_with("data:") {
                continue;
            }
            match images::local(&url, options.image_dir.as_deref()) {
                Ok(data) => node.image = Some(data),
                Err(why) => warnings.push(Warning {
                    message: format!(
                        "image '{url}' of node '{}' is not drawn: {why}; a placeholder stands in",
                        node.id
                    ),
                    span: Some(node.span),
                }),
            }
        }
    }
    chart.config = pipeline::settle_config(&chart.config, options, &mut warnings);
    chart.warnings.extend(warnings);
    let layout = layout::layout(&chart);
    let svg = scene::render(&chart, &layout);
    Ok(Rendered {
        svg,
        layout,
        warnings: chart.warnings,
        title: chart.acc_title.or(chart.title),
        description: chart.acc_descr,
    })
}
