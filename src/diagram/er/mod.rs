//! Entity relationship diagrams (`erDiagram`): entity boxes with their
//! attribute tables, relationships with crow's-foot ends, on the layered
//! engine. `parse` → [`model::ErDiagram`] → `layout` →
//! [`layout::Geometry`] → `scene` → [`crate::scene::Scene`].

mod export;
pub(crate) mod layout;
pub(crate) mod model;
mod parse;
pub(crate) mod scene;

pub(crate) use parse::parse;

use crate::error::{Error, ParseError};
use crate::error::{Span, Warning};

/// An ER diagram within `limits`: the input size, entities (counted as
/// nodes) and relationships (counted as edges).
fn parse_within(source: &str, limits: &crate::Limits) -> Result<model::ErDiagram, Error> {
    let too_big = |what: String, limit: usize, span: Span| {
        Error::Parse(ParseError::new(
            format!("{what} exceeds the limit of {limit}"),
            span,
        ))
    };
    if source.len() > limits.max_input_bytes {
        let mut at = limits.max_input_bytes;
        while !source.is_char_boundary(at) {
            at -= 1;
        }
        return Err(too_big(
            format!("the input of {} bytes", source.len()),
            limits.max_input_bytes,
            Span::new(at, source.len()),
        ));
    }
    let d = parse(source)?;
    if let Some(e) = d.entities.get(limits.max_nodes) {
        return Err(too_big(
            "the number of entities".to_string(),
            limits.max_nodes,
            e.span,
        ));
    }
    if let Some(r) = d.relationships.get(limits.max_edges) {
        return Err(too_big(
            "the number of relationships".to_string(),
            limits.max_edges,
            r.span,
        ));
    }
    Ok(d)
}

/// Checks an ER diagram without drawing it: its warnings, or the error
/// that stops it.
pub(crate) fn check(source: &str, limits: &crate::Limits) -> Result<Vec<Warning>, Error> {
    Ok(parse_within(source, limits)?.warnings)
}

/// Parses, lays out and draws an ER diagram: settings merged from the
/// caller's defaults, the diagram's own and the caller's overrides, the
/// diagram's `themeCSS` defused. Only parsing fails.
pub(crate) fn render(source: &str, options: &crate::Options) -> Result<crate::Rendered, Error> {
    let mut d = parse_within(source, &options.limits)?;
    let own = std::mem::take(&mut d.config);
    let config = crate::pipeline::settle_config(&own, options, &mut d.warnings);
    d.config = own;
    if let Some(dir) = config.er.layout_direction.filter(|_| !d.direction_given) {
        d.direction = dir;
    }
    let (layout, svg) = draw(&d, &config);
    Ok(crate::Rendered {
        svg,
        layout,
        title: d.acc_title.clone().or_else(|| d.title.clone()),
        description: d.acc_descr.clone(),
        warnings: d.warnings,
    })
}

/// Lays out and draws `d` with the merged `config`: the shared geometry
/// and the SVG document. Never fails.
pub(crate) fn draw(
    d: &model::ErDiagram,
    config: &crate::config::Config,
) -> (crate::layout::Layout, String) {
    let settings = layout::Settings::from_config(config);
    let geometry = layout::layout(d, &settings);
    let scene = scene::scene(d, &geometry, config);
    let svg = crate::scene::svg::write(&scene);
    (export::layout(d, &geometry), svg)
}

#[cfg(test)]
mod tests;
