//! Timelines (`timeline`): periods with their events in columns under
//! their sections, in the theme's section colours. `parse` → [`model::Timeline`] →
//! `layout` → [`layout::Geometry`] → `scene` → [`crate::scene::Scene`].

pub(crate) mod layout;
pub(crate) mod model;
mod parse;
pub(crate) mod scene;

pub(crate) use parse::parse;

use crate::diagram::chart::{check_count, check_size, layout_of};
use crate::error::{Error, Warning};

/// A timeline within `limits`: the input size and the periods and
/// events (counted as nodes).
fn parse_within(source: &str, limits: &crate::Limits) -> Result<model::Timeline, Error> {
    check_size(source, limits)?;
    let d = parse(source)?;
    let spans: Vec<_> = d
        .periods
        .iter()
        .flat_map(|p| std::iter::once(p.span).chain(p.events.iter().map(|e| e.span)))
        .collect();
    check_count(&spans, limits.max_nodes, "periods and events")?;
    Ok(d)
}

/// Checks a timeline without drawing it: its warnings, or the error that
/// stops it.
pub(crate) fn check(source: &str, limits: &crate::Limits) -> Result<Vec<Warning>, Error> {
    Ok(parse_within(source, limits)?.warnings)
}

/// Parses, lays out and draws a timeline with the settings merged from
/// the caller's defaults, the chart's own and the caller's overrides.
/// Only parsing fails.
pub(crate) fn render(source: &str, options: &crate::Options) -> Result<crate::Rendered, Error> {
    let d = parse_within(source, &options.limits)?;
    Ok(crate::diagram::chart::render_chart(d, options, draw))
}

/// Lays out and draws `d` with the merged `config`: the shared geometry
/// (every text a node) and the SVG document. Never fails.
pub(crate) fn draw(
    d: &model::Timeline,
    config: &crate::config::Config,
) -> (crate::layout::Layout, String) {
    let g = layout::layout(d, config);
    let svg = crate::scene::svg::write(&scene::scene(d, &g, config));
    let mut texts = Vec::new();
    for (k, s) in g.sections.iter().enumerate() {
        texts.push((format!("section-{k}"), &s.text));
    }
    for (k, n) in g.periods.iter().enumerate() {
        texts.push((format!("period-{k}"), &n.text));
        for (e, n) in g.events.get(k).into_iter().flatten().enumerate() {
            texts.push((format!("event-{k}-{e}"), &n.text));
        }
    }
    if let Some(t) = &g.title {
        texts.push(("title".to_string(), t));
    }
    (layout_of(g.width, g.height, texts, g.title.as_ref()), svg)
}

#[cfg(test)]
mod tests;
