//! The steps every family's render shares, around the family's own
//! parse → layout → scene: telling the family, settling the settings
//! (caller's defaults, then the diagram's own, then the caller's
//! overrides, with the diagram's CSS defused), and the checks after
//! drawing (glyphs no bundled font has).

use crate::config::Config;
use crate::diagram::{self, detect, Kind};
use crate::error::{Error, Unsupported, Warning};
use crate::{sanitize, text, Limits, Options, Rendered};

/// The family of `source` as Mermaid tells it; text with no family
/// keyword goes to the flowchart parser, whose error says what a header
/// looks like.
fn family(source: &str) -> Result<Kind, Error> {
    match detect(source) {
        None => Ok(Kind::Flowchart),
        Some(found) if found.kind.is_supported() => Ok(found.kind),
        Some(found) => Err(Error::Unsupported(Unsupported {
            kind: found.kind,
            keyword: found.keyword,
            span: found.span,
        })),
    }
}

/// Parses, lays out and draws `source` with the family's slice.
pub(crate) fn render(source: &str, options: &Options) -> Result<Rendered, Error> {
    let mut rendered = match family(source)? {
        Kind::Sequence => diagram::sequence::render(source, options),
        Kind::State => diagram::state::render(source, options),
        Kind::Class => diagram::class::render(source, options),
        Kind::Er => diagram::er::render(source, options),
        Kind::Pie => diagram::pie::render(source, options),
        Kind::Timeline => diagram::timeline::render(source, options),
        Kind::Journey => diagram::journey::render(source, options),
        _ => diagram::flowchart::render(source, options),
    }?;
    rendered
        .warnings
        .extend(text::missing_glyphs_warning(source, &rendered.svg));
    Ok(rendered)
}

/// Parses `source` with the family's slice: its warnings.
pub(crate) fn check(source: &str, limits: &Limits) -> Result<Vec<Warning>, Error> {
    match family(source)? {
        Kind::Sequence => diagram::sequence::check(source, limits),
        Kind::State => diagram::state::check(source, limits),
        Kind::Class => diagram::class::check(source, limits),
        Kind::Er => diagram::er::check(source, limits),
        Kind::Pie => diagram::pie::check(source, limits),
        Kind::Timeline => diagram::timeline::check(source, limits),
        Kind::Journey => diagram::journey::check(source, limits),
        _ => diagram::flowchart::check(source, limits),
    }
}

/// The settings a diagram is drawn with: the caller's defaults, overlaid
/// by the diagram's `own` settings, overlaid by the caller's overrides.
///
/// The diagram's CSS may not load anything: it can end up inside a web
/// page (an inlined SVG), where `url()` or `@import` would fetch from
/// anywhere; what is removed is said in `warnings`. The caller's
/// `extra_css` is trusted and kept as given.
pub(crate) fn settle_config(
    own: &Config,
    options: &Options,
    warnings: &mut Vec<Warning>,
) -> Config {
    let mut config = options.defaults.clone();
    config.merge(own);
    config.merge(&options.config);
    if let Some(css) = config.theme_css.take() {
        let (kept, removed) = sanitize::defuse_css(&css);
        if removed {
            warnings.push(Warning {
                message: "themeCSS: `url(`, `@import`, `expression(`, `image-set(` and backslash escapes are removed (they could load content or hide one another)".to_string(),
                span: None,
            });
        }
        config.theme_css = Some(kept);
    }
    config
}
