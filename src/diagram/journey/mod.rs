//! User journeys (`journey`): tasks with their scores and actors under
//! their sections, faces and an actor legend. `parse` → [`model::Journey`] →
//! `layout` → [`layout::Geometry`] → `scene` → [`crate::scene::Scene`].

pub(crate) mod layout;
pub(crate) mod model;
mod parse;
pub(crate) mod scene;

pub(crate) use parse::parse;

use crate::diagram::chart::{check_count, check_size, layout_of};
use crate::error::{Error, Warning};

/// A journey within `limits`: the input size and the tasks (counted as
/// nodes).
fn parse_within(source: &str, limits: &crate::Limits) -> Result<model::Journey, Error> {
    check_size(source, limits)?;
    let d = parse(source)?;
    let spans: Vec<_> = d.tasks.iter().map(|t| t.span).collect();
    check_count(&spans, limits.max_nodes, "tasks")?;
    Ok(d)
}

/// Checks a journey without drawing it: its warnings, or the error that
/// stops it.
pub(crate) fn check(source: &str, limits: &crate::Limits) -> Result<Vec<Warning>, Error> {
    Ok(parse_within(source, limits)?.warnings)
}

/// Parses, lays out and draws a journey with the settings merged from
/// the caller's defaults, the chart's own and the caller's overrides.
/// Only parsing fails.
pub(crate) fn render(source: &str, options: &crate::Options) -> Result<crate::Rendered, Error> {
    let d = parse_within(source, &options.limits)?;
    Ok(crate::diagram::chart::render_chart(d, options, draw))
}

/// Lays out and draws `d` with the merged `config`: the shared geometry
/// (every text a node) and the SVG document. Never fails.
pub(crate) fn draw(
    d: &model::Journey,
    config: &crate::config::Config,
) -> (crate::layout::Layout, String) {
    let g = layout::layout(d, config);
    let svg = crate::scene::svg::write(&scene::scene(d, &g, config));
    let mut texts = Vec::new();
    for (k, s) in g.sections.iter().enumerate() {
        texts.push((format!("section-{k}"), &s.text));
    }
    for (k, t) in g.tasks.iter().enumerate() {
        texts.push((format!("task-{k}"), &t.node.text));
    }
    for (k, a) in g.actors.iter().enumerate() {
        texts.push((format!("actor-{k}"), &a.text));
    }
    if let Some(t) = &g.title {
        texts.push(("title".to_string(), t));
    }
    (layout_of(g.width, g.height, texts, g.title.as_ref()), svg)
}

#[cfg(test)]
mod tests;
