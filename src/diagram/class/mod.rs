//! Class diagrams (`classDiagram`, `classDiagram-v2`): class boxes with
//! their compartments, relations between them, notes and namespaces, on
//! the layered engine. `parse` → [`model::ClassDiagram`] → `layout` →
//! [`layout::Geometry`] → `scene` → [`crate::scene::Scene`].

mod export;
pub(crate) mod layout;
mod member;
pub(crate) mod model;
mod parse;
pub(crate) mod scene;

pub(crate) use parse::parse;

use crate::error::{Error, ParseError};
use crate::error::{Span, Warning};
use crate::sanitize;

/// A class diagram within `limits`: the input size, classes and notes
/// (counted as nodes) and relations (counted as edges).
fn parse_within(source: &str, limits: &crate::Limits) -> Result<model::ClassDiagram, Error> {
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
    if d.classes.len() + d.notes.len() > limits.max_nodes {
        let span = d
            .classes
            .get(limits.max_nodes)
            .map(|c| c.span)
            .or_else(|| d.notes.last().map(|n| n.span))
            .unwrap_or_default();
        return Err(too_big(
            "the number of classes and notes".to_string(),
            limits.max_nodes,
            span,
        ));
    }
    if let Some(r) = d.relations.get(limits.max_edges) {
        return Err(too_big(
            "the number of relations".to_string(),
            limits.max_edges,
            r.span,
        ));
    }
    Ok(d)
}

/// Checks a class diagram without drawing it: its warnings, or the error
/// that stops it.
pub(crate) fn check(source: &str, limits: &crate::Limits) -> Result<Vec<Warning>, Error> {
    Ok(parse_within(source, limits)?.warnings)
}

/// Parses, lays out and draws a class diagram: settings merged from the
/// caller's defaults, the diagram's own and the caller's overrides, the
/// diagram's `themeCSS` defused. Only parsing fails.
pub(crate) fn render(source: &str, options: &crate::Options) -> Result<crate::Rendered, Error> {
    let mut d = parse_within(source, &options.limits)?;
    let mut config = options.defaults.clone();
    config.merge(&d.config);
    config.merge(&options.config);
    if let Some(css) = config.theme_css.take() {
        let (kept, removed) = sanitize::defuse_css(&css);
        if removed {
            d.warnings.push(Warning {
                message: "themeCSS: `url(`, `@import`, `expression(`, `image-set(` and backslash escapes are removed (they could load content or hide one another)".to_string(),
                span: None,
            });
        }
        config.theme_css = Some(kept);
    }
    if config.class.hierarchical_namespaces == Some(false) {
        d.flatten_namespaces();
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
    d: &model::ClassDiagram,
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
