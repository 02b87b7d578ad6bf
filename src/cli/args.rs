//! The command line, as clap sees it. Flag names follow Mermaid's own CLI
//! (`mmdc`) where the two overlap, so muscle memory carries over.

use std::path::PathBuf;

use clap::{ArgGroup, Parser, Subcommand, ValueEnum};

/// Examples shown at the end of `--help`.
const EXAMPLES: &str = "\
Examples:
  mermaid-render diagram.mmd                     writes diagram.svg
  mermaid-render diagram.mmd -o diagram.png -s 2 PNG at twice the size
  mermaid-render diagram.mmd -o out.png -w 1200  PNG 1200 pixels wide
  mermaid-render -i diagram.mmd -o out.svg -t dark -c mermaid.json
  mermaid-render README.md -o build/README.md    diagrams to build/README-1.svg, …
                                                 and a copy of the Markdown linking them
  mermaid-render docs/ -o build/                 every .mmd and .md under docs/, the
                                                 other files copied: a complete tree
  mermaid-render --check docs/                   report every broken diagram, write nothing
  mermaid-render diagram.mmd --layout-json layout.json
  cat diagram.mmd | mermaid-render - -o - --format png > diagram.png
  mermaid-render completions bash > /etc/bash_completion.d/mermaid-render

mdBook: add to book.toml
  [preprocessor.mermaid-render]
  command = \"mermaid-render mdbook\"

Blocks of families not drawn yet (gantt, mindmap, …) stay in the
Markdown as code, with a warning (--unsupported error makes them errors).
Theme and settings: Mermaid's defaults < --configFile < --theme < the
diagram's own %%{init}%% and front matter (--theme-override wins over all).

Exit status: 0 on success; 1 when a diagram has an error or a file cannot be
read or written (that input's outputs are then not created or changed, the
other inputs are still done); 2 for a wrong command line, or two outputs
(or an output and a file this program did not write) on one path, found
before anything is written.";

/// Renders Mermaid diagrams to SVG, PNG or PDF, offline and without a
/// browser: single diagrams, the ```mermaid blocks of Markdown files, whole
/// folders. Flowcharts are drawn; blocks of other families are kept as code.
#[derive(Debug, Parser)]
#[command(name = "mermaid-render", version, after_help = EXAMPLES)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
#[command(group(ArgGroup::new("source").required(true).multiple(true).args(["inputs", "input_flag"])))]
pub struct Args {
    /// Mermaid files (.mmd, .mermaid), Markdown files (.md, .markdown) or
    /// folders to search for both; `-` reads one diagram from standard input.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// The same as a positional INPUT (Mermaid CLI spelling).
    #[arg(short = 'i', long = "input", value_name = "INPUT")]
    pub input_flag: Option<PathBuf>,

    /// File to write, `-` for standard output, or a folder (for several
    /// inputs or a folder input). For Markdown input, `X.md` writes the
    /// diagrams to `X-1.svg`, `X-2.svg`, … and a copy of the Markdown with
    /// each block replaced by an image link; `X.svg` (or .png) writes only the
    /// pictures. [default: beside each input, its extension replaced by the
    /// format's (`doc-1.svg`, … for Markdown); standard output for `-`]
    #[arg(short, long, value_name = "OUTPUT")]
    pub output: Option<PathBuf>,

    /// Output format. [default: from OUTPUT's extension, else svg]
    #[arg(
        short = 'e',
        long = "format",
        visible_alias = "outputFormat",
        value_enum,
        ignore_case = true,
        value_name = "FORMAT"
    )]
    pub format: Option<Format>,

    /// PNG pixels per SVG unit (PNG only).
    #[arg(short, long, value_parser = parse_scale, value_name = "N")]
    pub scale: Option<f32>,

    /// PNG width in pixels; the height follows the diagram's proportions
    /// (with --height: the largest size that fits both).
    #[arg(short = 'w', long, value_parser = parse_pixels, value_name = "PIXELS")]
    pub width: Option<u32>,

    /// PNG height in pixels (see --width).
    #[arg(short = 'H', long, value_parser = parse_pixels, value_name = "PIXELS")]
    pub height: Option<u32>,

    /// Also write the layout geometry (nodes, edges, clusters) as JSON to
    /// FILE (`-` for standard output). One diagram input only.
    #[arg(long = "layout-json", value_name = "FILE")]
    pub layout_json: Option<PathBuf>,

    /// Background: a CSS colour, or `transparent`. [default: white for PNG
    /// and PDF, none for SVG; given, it is painted behind SVGs too]
    #[arg(
        short = 'b',
        long = "backgroundColor",
        visible_alias = "background",
        value_parser = parse_colour,
        value_name = "COLOR"
    )]
    pub background: Option<String>,

    /// Theme, as a default: a diagram's own `%%{init}%%` or front matter
    /// still wins, as with Mermaid's CLI. `auto` follows the viewer's light
    /// or dark mode (`prefers-color-scheme`), drawing `default` where that
    /// is unknown.
    #[arg(
        short = 't',
        long,
        value_parser = THEMES,
        value_name = "NAME"
    )]
    pub theme: Option<String>,

    /// Theme that wins over the diagram's own `%%{init}%%` and front matter.
    #[arg(long = "theme-override", value_parser = THEMES, value_name = "NAME", conflicts_with = "theme")]
    pub theme_override: Option<String>,

    /// Mermaid configuration file (JSON, the shape `mermaid.initialize`
    /// takes: `theme`, `themeVariables`, `flowchart`, …). A diagram's own
    /// `%%{init}%%` or front matter still wins over it, and so does --theme.
    #[arg(
        short = 'c',
        long = "configFile",
        visible_alias = "config",
        value_name = "FILE"
    )]
    pub config_file: Option<PathBuf>,

    /// CSS file whose rules are added to every SVG (in a `<style>` element).
    #[arg(
        short = 'C',
        long = "cssFile",
        visible_alias = "css",
        value_name = "FILE"
    )]
    pub css_file: Option<PathBuf>,

    /// A TrueType or OpenType font to measure and draw text with, in front
    /// of the bundled ones (repeatable: the first given comes first). Each
    /// character still falls back to the next font that has it.
    #[arg(long = "font", value_name = "FILE")]
    pub fonts: Vec<PathBuf>,

    /// `id` of the root `<svg>`; every id inside starts with it, so
    /// several diagrams can share an HTML page. Markdown blocks get
    /// `ID-1`, `ID-2`, …
    #[arg(short = 'I', long = "svgId", value_name = "ID")]
    pub svg_id: Option<String>,

    /// Largest input accepted, in bytes: a diagram, or a whole Markdown
    /// file. [default: 10485760]
    #[arg(long = "max-input-bytes", value_name = "N", help_heading = "Limits")]
    pub max_input_bytes: Option<usize>,

    /// Most nodes in one diagram. [default: 100000]
    #[arg(long = "max-nodes", value_name = "N", help_heading = "Limits")]
    pub max_nodes: Option<usize>,

    /// Most edges in one diagram (`A & B --> C & D` makes four).
    /// [default: 200000]
    #[arg(long = "max-edges", value_name = "N", help_heading = "Limits")]
    pub max_edges: Option<usize>,

    /// Deepest nesting of subgraphs. [default: 1000]
    #[arg(long = "max-depth", value_name = "N", help_heading = "Limits")]
    pub max_depth: Option<usize>,

    /// Longest label, in characters. [default: 100000]
    #[arg(long = "max-label-chars", value_name = "N", help_heading = "Limits")]
    pub max_label_chars: Option<usize>,

    /// Parse every diagram and report errors, writing nothing (for CI).
    #[arg(long, conflicts_with_all = ["output", "layout_json", "in_place"])]
    pub check: bool,

    /// Allow a Markdown output to replace its own input file (atomically).
    #[arg(long = "in-place")]
    pub in_place: bool,

    /// Allow pictures to replace existing files that mermaid-render did not
    /// write (without it, such a clash is refused before anything is written).
    #[arg(long)]
    pub overwrite: bool,

    /// What to do with a diagram of a family mermaid-render cannot draw yet
    /// (gantt, mindmap, …): `keep` leaves its Markdown
    /// block as it is, with a warning; `error` fails the run. A single
    /// diagram file of such a family is always an error.
    #[arg(long, value_enum, default_value_t = Unsupported::Keep, value_name = "WHAT")]
    pub unsupported: Unsupported,

    /// How many diagrams to render at once. [default: the number of cores]
    #[arg(short = 'j', long, value_parser = clap::value_parser!(u16).range(1..), value_name = "N")]
    pub jobs: Option<u16>,

    /// Do not print warnings or progress.
    #[arg(short, long)]
    pub quiet: bool,

    /// Other modes.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Theme names `--theme` and `--theme-override` take.
const THEMES: [&str; 6] = ["default", "neutral", "dark", "forest", "base", "auto"];

/// What becomes of a diagram of a family that cannot be drawn yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Unsupported {
    /// Keep the Markdown block as written, with a warning.
    Keep,
    /// Report an error (exit status 1).
    Error,
}

/// The modes that are not rendering files.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run as an mdBook preprocessor (mdBook's protocol on standard input
    /// and output): every ```mermaid block becomes inline SVG, so the book
    /// needs no JavaScript.
    Mdbook {
        /// mdBook asks `mdbook supports RENDERER` before a build.
        #[command(subcommand)]
        supports: Option<Supports>,
    },
    /// Print a shell completion script to standard output.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// mdBook's capability question.
#[derive(Debug, Subcommand)]
pub enum Supports {
    /// Exit 0 when this preprocessor works for RENDERER, 1 otherwise.
    Supports {
        /// mdBook's renderer name (`html`, …).
        renderer: String,
    },
}

impl Args {
    /// Every input path, positional ones first, then `-i`.
    pub fn input_paths(&self) -> Vec<PathBuf> {
        let mut all = self.inputs.clone();
        all.extend(self.input_flag.clone());
        all
    }
}

/// What to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Scalable Vector Graphics.
    Svg,
    /// Portable Network Graphics.
    Png,
    /// Portable Document Format (vector, text kept as text).
    Pdf,
}

impl Format {
    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Pdf => "pdf",
        }
    }

    /// The format a file extension stands for (case-insensitive).
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "svg" => Some(Format::Svg),
            "png" => Some(Format::Png),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }
}

/// Accepts a CSS colour or `transparent`.
fn parse_colour(text: &str) -> Result<String, String> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("transparent") || t.parse::<svgtypes::Color>().is_ok() {
        Ok(t.to_string())
    } else {
        Err(format!(
            "'{text}' is not a colour (try white, #f8f8f8, rgb(0, 0, 0) or transparent)"
        ))
    }
}

/// Accepts a pixel count from 1 to 100,000.
fn parse_pixels(text: &str) -> Result<u32, String> {
    match text.trim().parse::<u32>() {
        Ok(n) if (1..=100_000).contains(&n) => Ok(n),
        _ => Err(format!("'{text}' is not a pixel count from 1 to 100000")),
    }
}

/// Accepts a positive, finite scale factor.
fn parse_scale(text: &str) -> Result<f32, String> {
    let scale: f32 = text
        .trim()
        .parse()
        .map_err(|_| format!("'{text}' is not a number"))?;
    if scale.is_finite() && scale > 0.0 {
        Ok(scale)
    } else {
        Err(format!("'{text}' is not a positive number"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Args::command().debug_assert();
    }

    #[test]
    fn scale_must_be_positive_and_finite() {
        assert_eq!(parse_scale("2"), Ok(2.0));
        assert_eq!(parse_scale("0.5"), Ok(0.5));
        assert!(parse_scale("0").is_err());
        assert!(parse_scale("-1").is_err());
        assert!(parse_scale("inf").is_err());
        assert!(parse_scale("NaN").is_err());
        assert!(parse_scale("two").is_err());
    }

    #[test]
    fn extensions_map_to_formats() {
        assert_eq!(Format::from_extension("SVG"), Some(Format::Svg));
        assert_eq!(Format::from_extension("png"), Some(Format::Png));
        assert_eq!(Format::from_extension("PDF"), Some(Format::Pdf));
        assert_eq!(Format::from_extension("txt"), None);
    }
}
