//! State diagrams (`stateDiagram`, `stateDiagram-v2`): states, pseudo-states
//! and notes as nodes of the layered engine, composite states and their
//! concurrency regions as its clusters. `parse` → [`model::StateDiagram`]
//! → `layout` → [`layout::Geometry`] → `scene` → [`crate::scene::Scene`].

mod export;
pub(crate) mod layout;
pub(crate) mod model;
mod parse;
pub(crate) mod scene;

pub(crate) use parse::parse;

use crate::config::Config;
use crate::error::Warning;

/// The warning for a `themeCSS` that lost something to defusing.
const DEFUSED: &str = "themeCSS: `url(`, `@import`, `expression(`, `image-set(` and backslash escapes are removed (they could load content or hide one another)";

/// Parses `source` within `limits`: its warnings, or the error that stops
/// it (with its span).
pub(crate) fn check(source: &str, limits: &crate::Limits) -> Result<Vec<Warning>, crate::Error> {
    Ok(parse(source, limits)?.warnings)
}

/// Parses, lays out and draws `source`: settings merged from the caller's
/// defaults, the diagram's own and the caller's overrides (in that order),
/// the diagram's `themeCSS` defused. Only parsing fails.
pub(crate) fn render(source: &str, options: &crate::Options) -> Result<crate::Rendered, crate::Error> {
    let mut d = parse(source, &options.limits)?;
    let mut config = options.defaults.clone();
    config.merge(&d.config);
    config.merge(&options.config);
    if let Some(css) = config.theme_css.take() {
        let (kept, removed) = crate::sanitize::defuse_css(&css);
        if removed {
            d.warnings.push(Warning {
                message: DEFUSED.to_string(),
                span: None,
            });
        }
        config.theme_css = Some(kept);
    }
    let (layout, svg) = draw(&d, &config);
    let text = |t: &Option<model::Text>| {
        t.as_ref()
            .map(|t| model::display_lines(&t.raw).join("\n"))
    };
    Ok(crate::Rendered {
        svg,
        layout,
        title: text(&d.acc_title).or_else(|| text(&d.title)),
        description: text(&d.acc_descr),
        warnings: d.warnings,
    })
}

/// Lays out and draws `d` with `config` (already merged): the geometry in
/// the shape every family shares, and the SVG document. Never fails.
pub(crate) fn draw(d: &model::StateDiagram, config: &Config) -> (crate::layout::Layout, String) {
    let settings = layout::Settings::from_config(config);
    let geometry = layout::layout(d, &settings);
    let scene = scene::scene(d, &geometry, config, settings.font_size);
    let svg = crate::scene::svg::write(&scene);
    (export::layout(d, &geometry), svg)
}

#[cfg(test)]
mod tests;
