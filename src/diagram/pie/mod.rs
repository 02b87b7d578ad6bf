//! Pie charts (`pie`): slices in the theme's pie colours with their
//! percentages, a title and a legend. `parse` → [`model::PieChart`] →
//! `layout` → [`layout::Geometry`] → `scene` → [`crate::scene::Scene`].

pub(crate) mod layout;
pub(crate) mod model;
mod parse;
pub(crate) mod scene;

pub(crate) use parse::parse;

use crate::diagram::chart::{check_count, check_size, layout_of};
use crate::error::{Error, Warning};

/// A pie chart within `limits`: the input size and the slices (counted
/// as nodes).
fn parse_within(source: &str, limits: &crate::Limits) -> Result<model::PieChart, Error> {
    check_size(source, limits)?;
    let d = parse(source)?;
    let spans: Vec<_> = d.slices.iter().map(|s| s.span).collect();
    check_count(&spans, limits.max_nodes, "slices")?;
    Ok(d)
}

/// Checks a pie chart without drawing it: its warnings, or the error that
/// stops it.
pub(crate) fn check(source: &str, limits: &crate::Limits) -> Result<Vec<Warning>, Error> {
    Ok(parse_within(source, limits)?.warnings)
}

/// Parses, lays out and draws a pie chart with the settings merged from
/// the caller's defaults, the chart's own and the caller's overrides.
/// Only parsing fails.
pub(crate) fn render(source: &str, options: &crate::Options) -> Result<crate::Rendered, Error> {
    let d = parse_within(source, &options.limits)?;
    Ok(crate::diagram::chart::render_chart(d, options, draw))
}

/// Lays out and draws `d` with the merged `config`: the shared geometry
/// (every text a node) and the SVG document. Never fails.
pub(crate) fn draw(
    d: &model::PieChart,
    config: &crate::config::Config,
) -> (crate::layout::Layout, String) {
    let g = layout::layout(d, &layout::Settings::from_config(config));
    let svg = crate::scene::svg::write(&scene::scene(d, &g, config));
    let mut texts = Vec::new();
    for s in &g.slices {
        if let Some(l) = &s.label {
            texts.push((format!("share-{}", s.slice), l));
        }
    }
    for (k, r) in g.legend.iter().enumerate() {
        texts.push((format!("legend-{k}"), &r.text));
    }
    if let Some(t) = &g.title {
        texts.push(("title".to_string(), t));
    }
    (layout_of(g.width, g.height, texts, g.title.as_ref()), svg)
}

#[cfg(test)]
mod tests;
