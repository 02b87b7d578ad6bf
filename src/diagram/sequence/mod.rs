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

use crate::config::Config;
use crate::error::{Error, Warning};
use crate::syntax::{check_input, exceeded, Limit};
use crate::{pipeline, Limits, Options, Rendered};

/// Lays out and draws `seq` with `config` (already merged from the
/// caller's defaults, the diagram's own settings and the caller's
/// overrides): the geometry in the shape every family shares, and the SVG
/// document. Never fails.
fn draw(seq: &model::Sequence, config: &Config) -> (crate::layout::Layout, String) {
    let settings = layout::Settings::from_config(config);
    let seq = &*shown(seq, config);
    let geometry = layout::layout(seq, &settings);
    let scene = scene::scene(seq, &geometry, &settings, config);
    let svg = crate::scene::svg::write(&scene);
    (export::layout(seq, &geometry, settings.right_angles), svg)
}

/// The part of `seq` that is drawn: all of it, or without the unused
/// participants when `hideUnusedParticipants` asks.
fn shown<'a>(seq: &'a model::Sequence, config: &Config) -> std::borrow::Cow<'a, model::Sequence> {
    if config.sequence.hide_unused_participants == Some(true) {
        std::borrow::Cow::Owned(seq.without_unused_participants())
    } else {
        std::borrow::Cow::Borrowed(seq)
    }
}

/// The sequence diagram's warnings, or the error that stops its parse.
pub(crate) fn check(source: &str, limits: &Limits) -> Result<Vec<Warning>, Error> {
    Ok(parse_within(source, limits)?.warnings)
}

/// A sequence diagram within `limits`: the input size, participants
/// (counted as nodes) and statements (counted as edges).
fn parse_within(source: &str, limits: &Limits) -> Result<model::Sequence, Error> {
    check_input(source, limits)?;
    let seq = parse(source)?;
    if let Some(p) = seq.participants.get(limits.max_nodes) {
        let what = format!("participant '{}'", p.id);
        return Err(exceeded(&what, limits.max_nodes, "participants", Limit::Nodes, p.span).into());
    }
    if let Some(e) = seq.events.get(limits.max_edges) {
        let what = "the number of statements";
        return Err(exceeded(what, limits.max_edges, "statements", Limit::Edges, e.span).into());
    }
    Ok(seq)
}

/// Parse, settings, layout, scene and SVG of a sequence diagram.
pub(crate) fn render(source: &str, options: &Options) -> Result<Rendered, Error> {
    let mut seq = parse_within(source, &options.limits)?;
    let config = pipeline::settle_config(&seq.config, options, &mut seq.warnings);
    let (layout, svg) = draw(&seq, &config);
    let text = |t: &Option<model::Text>| t.as_ref().map(|t| model::display_lines(&t.raw).join("\n"));
    Ok(Rendered {
        svg,
        layout,
        title: text(&seq.acc_title).or_else(|| text(&seq.title)),
        description: text(&seq.acc_descr),
        warnings: seq.warnings,
    })
}

#[cfg(test)]
mod tests;
