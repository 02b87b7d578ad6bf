//! mermaid-render: Mermaid flowcharts, sequence, class and state diagrams to SVG,
//! PNG and PDF, without a browser.
//!
//! The pipeline, data flowing one way: the shared preamble tells the
//! family ([`detect`]); the family's parser makes its model, its layout the
//! geometry, and its scene a `Scene` that the one SVG writer spells; PNG
//! and PDF are made from that SVG, whatever the family.
//!
//! ```text
//! source ─detect─▶ Kind ─parse─▶ model ─layout─▶ geometry ─scene─▶ Scene ─svg─▶ SVG ─▶ PNG / PDF
//! ```
//!
//! ```
//! let svg = mermaid_render::render_svg("graph LR\n  A --> B", &Default::default()).unwrap();
//! assert!(svg.starts_with("<svg"));
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

/// Stages and models that are crate-private, unless the `internals`
/// feature (this crate's own tests and benches, not covered by semver)
/// makes them reachable.
macro_rules! internal_modules {
    ($($name:ident),* $(,)?) => {
        $(
            #[cfg(feature = "internals")]
            #[doc(hidden)]
            pub mod $name;
            #[cfg(not(feature = "internals"))]
            mod $name;
        )*
    };
}

internal_modules!(diagram, layered, sanitize, syntax, text);

/// The flowchart parser, for this crate's tests (the `internals` feature).
#[cfg(feature = "internals")]
#[doc(hidden)]
pub use diagram::flowchart::parse;

mod config;
mod error;
/// The graph generator the benches and integration tests use; the unit
/// tests take its random source.
#[cfg(test)]
#[path = "../benches/support/generate.rs"]
mod generate;
mod images;
pub mod layout;
pub mod markdown;
mod output;
mod pipeline;
mod scene;
mod theme;

pub use config::{ClassConfig, Config, Curve, SequenceConfig, StateConfig};
pub use diagram::{detect, Detected, Kind};
pub use error::{line_col, Error, ParseError, Unsupported};
pub use error::{Span, Warning};
pub use syntax::{Limit, Limits};

/// How to render: the caller's settings, which win over the diagram's own
/// `%%{init}%%` and front matter.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Settings the diagram's own `%%{init}%%` and front matter override,
    /// as a site-wide Mermaid configuration file would be (`--configFile`).
    pub defaults: Config,
    /// Settings that override the diagram's (theme, spacing, curve, …).
    pub config: Config,
    /// PNG pixels per SVG unit.
    pub scale: f32,
    /// Background colour painted behind the PNG; `None` is transparent.
    pub background: Option<String>,
    /// Folder from which `@{ img: "file.png" }` may read local pictures
    /// (the CLI uses the input file's folder). `None` reads no files; web
    /// addresses are never fetched either way.
    pub image_dir: Option<std::path::PathBuf>,
    /// Bounds on the diagram's size (input bytes, nodes, edges, subgraph
    /// depth, label length); exceeding one is a parse error.
    pub limits: Limits,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            defaults: Config::default(),
            config: Config::default(),
            scale: 1.0,
            background: Some("white".to_string()),
            image_dir: None,
            limits: Limits::default(),
        }
    }
}

/// Everything one render produces.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The SVG document.
    pub svg: String,
    /// The geometry it was drawn from.
    pub layout: layout::Layout,
    /// Non-fatal findings of every stage.
    pub warnings: Vec<Warning>,
    /// The diagram's accessible title (`accTitle`), else its front-matter
    /// `title`: what an image link's alt text should say.
    pub title: Option<String>,
    /// The diagram's accessible description (`accDescr`).
    pub description: Option<String>,
}

/// Puts `fonts` (TrueType or OpenType files, in order) in front of the
/// bundled fallback chain for the rest of the process: text is measured,
/// broken and drawn with them in SVG, PNG and PDF, each character they
/// lack falling back to the next font. Call it once, before the first
/// render; later calls and files that are no font are [`Error::Font`].
pub fn add_fonts(fonts: Vec<Vec<u8>>) -> Result<(), Error> {
    text::font::add_fonts(fonts).map_err(Error::Font)
}

/// Why [`add_fonts`] would refuse `data`, if it would (to name the file).
pub fn check_font(data: &[u8]) -> Result<(), Error> {
    text::font::add_fonts_check(data).map_err(Error::Font)
}

/// Reads a Mermaid configuration file (`--configFile`: JSON, as Mermaid's
/// CLI takes it) into the settings it holds; an error points at the line
/// and column of the file.
pub fn read_config_file(text: &str) -> Result<Config, ParseError> {
    syntax::config_file(text)
}

/// Checks `source` of any supported family without drawing it: its
/// warnings, or the error that stops it (a parse error with its span, or
/// [`Error::Unsupported`]).
pub fn check(source: &str, limits: &Limits) -> Result<Vec<Warning>, Error> {
    pipeline::check(source, limits)
}

/// Parses, lays out and draws `source`, keeping the geometry.
///
/// The family is told the way Mermaid tells it ([`detect`]); flowcharts,
/// sequence, class and state diagrams are drawn, other families are
/// [`Error::Unsupported`].
pub fn render(source: &str, options: &Options) -> Result<Rendered, Error> {
    pipeline::render(source, options)
}

/// Renders `source` to an SVG document.
pub fn render_svg(source: &str, options: &Options) -> Result<String, Error> {
    Ok(render(source, options)?.svg)
}

/// Renders `source` to PNG bytes at `options.scale`.
pub fn render_png(source: &str, options: &Options) -> Result<Vec<u8>, Error> {
    let svg = render_svg(source, options)?;
    svg_to_png(&svg, options.scale, options.background.as_deref())
}

/// Renders `source` to a one-page PDF (vector shapes, text as text in the
/// embedded font) over `options.background`.
pub fn render_pdf(source: &str, options: &Options) -> Result<Vec<u8>, Error> {
    let svg = render_svg(source, options)?;
    svg_to_pdf(&svg, options.background.as_deref())
}

/// The flowchart's stages one by one, for this crate's benches and tests
/// (the `internals` feature; not covered by semver).
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod stages {
    use super::*;

    use diagram::flowchart::model::Flowchart;

    /// Parsing alone, within the default [`Limits`]; a diagram of another
    /// family is [`Error::Unsupported`].
    pub fn parse(source: &str) -> Result<Flowchart, Error> {
        if let Some(found) = detect(source).filter(|d| d.kind != Kind::Flowchart) {
            return Err(Error::Unsupported(Unsupported {
                kind: found.kind,
                keyword: found.keyword,
                span: found.span,
            }));
        }
        Ok(diagram::flowchart::parse::parse(source)?)
    }

    /// Layout alone.
    pub fn layout(chart: &Flowchart) -> layout::Layout {
        diagram::flowchart::layout::layout(chart)
    }

    /// Drawing alone: a parsed flowchart and its layout as an SVG document.
    pub fn svg(chart: &Flowchart, layout: &layout::Layout) -> String {
        diagram::flowchart::scene::render(chart, layout)
    }
}

/// Rasterises an SVG this crate made at `scale` pixels per unit over
/// `background` (any CSS colour; `None` or `transparent` leaves it clear),
/// with the bundled fonts only.
pub fn svg_to_png(svg: &str, scale: f32, background: Option<&str>) -> Result<Vec<u8>, Error> {
    output::png::render(svg, scale, background)
}

/// A one-page PDF of an SVG this crate made, over `background`: vector
/// shapes, text as text in the embedded (subset) font.
pub fn svg_to_pdf(svg: &str, background: Option<&str>) -> Result<Vec<u8>, Error> {
    output::pdf::render(svg, background)
}

/// Checks that `svg` is an SVG document that usvg reads with the bundled
/// fonts (what PNG and PDF output need); `Err` says why not.
pub fn check_svg(svg: &str) -> Result<(), Error> {
    output::png::parse_svg(svg).map(|_| ())
}

/// Whether `head`, the start of a file (its first 4 KiB, or all of a PDF),
/// is a picture this crate wrote: SVG, PNG and PDF output carry a
/// `mermaid-render` mark, so a tool can replace its own earlier output and
/// leave other files alone.
pub fn is_generated(head: &[u8]) -> bool {
    output::is_generated(head)
}
