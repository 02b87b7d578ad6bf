//! Sequence diagrams: participants side by side, messages between their
//! lifelines top to bottom. `parse` → [`model::Sequence`] → `layout` →
//! [`layout::Geometry`] → `scene` → [`crate::scene::Scene`].

mod build;
mod export;
pub(crate) mod layout;
mod lex;
pub(crate) mod model;
mod parse;
pub(crate) mod scene;
mod statement;

pub(crate) use parse::parse;

use crate::model::Config;

/// Lays out and draws `seq` with `config` (already merged from the
/// caller's defaults, the diagram's own settings and the caller's
/// overrides): the geometry in the shape every family shares, and the SVG
/// document. Never fails.
pub(crate) fn draw(seq: &model::Sequence, config: &Config) -> (crate::layout::Layout, String) {
    let settings = layout::Settings::from_config(&config.sequence);
    let geometry = layout::layout(seq, &settings);
    let scene = scene::scene(seq, &geometry, &settings, config);
    let svg = crate::scene::svg::write(&scene);
    (export::layout(seq, &geometry, settings.right_angles), svg)
}

#[cfg(test)]
mod tests;
