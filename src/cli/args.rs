//! The command line, as clap sees it. Flag names follow Mermaid's own CLI
//! (`mmdc`) where the two overlap, so muscle memory carries over.

use std::path::PathBuf;

use clap::{ArgGroup, Parser, ValueEnum};

/// Examples shown at the end of `--help`.
const EXAMPLES: &str = "\
Examples:
  mermaid-render diagram.mmd                     writes diagram.svg
  mermaid-render diagram.mmd -o diagram.png      PNG, format from the extension
  mermaid-render diagram.mmd -o out.png -s 2     PNG at twice the size
  mermaid-render diagram.mmd -o out.png -b transparent
  mermaid-render -i diagram.mmd -o out.svg -t dark
  mermaid-render diagram.mmd --layout-json layout.json
  cat diagram.mmd | mermaid-render - -o - > diagram.svg
  cat diagram.mmd | mermaid-render - -o - --format png > diagram.png

Exit status: 0 on success, 1 when the diagram has an error or a file cannot be
read or written (no output file is created or changed then), 2 for a wrong
command line.";

/// Renders a Mermaid flowchart to SVG or PNG, offline and without a browser.
#[derive(Debug, Parser)]
#[command(name = "mermaid-render", version, after_help = EXAMPLES)]
#[command(group(ArgGroup::new("source").required(true).args(["input", "input_flag"])))]
pub struct Args {
    /// Mermaid flowchart file to read, or `-` for standard input.
    #[arg(value_name = "INPUT")]
    pub input: Option<PathBuf>,

    /// The same as the positional INPUT (Mermaid CLI spelling).
    #[arg(short = 'i', long = "input", value_name = "INPUT")]
    pub input_flag: Option<PathBuf>,

    /// File to write, or `-` for standard output. [default: INPUT with its
    /// extension replaced by that of the format; standard output when INPUT
    /// is `-`]
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
    #[arg(short, long, default_value_t = 1.0, value_parser = parse_scale, value_name = "N")]
    pub scale: f32,

    /// Also write the layout geometry (nodes, edges, clusters) as JSON to
    /// FILE (`-` for standard output).
    #[arg(long = "layout-json", value_name = "FILE")]
    pub layout_json: Option<PathBuf>,

    /// Background of the PNG: a CSS colour, or `transparent`.
    #[arg(
        short = 'b',
        long = "backgroundColor",
        visible_alias = "background",
        default_value = "white",
        value_name = "COLOR"
    )]
    pub background: String,

    /// Theme, overriding the diagram's own `%%{init}%%` or front matter.
    #[arg(
        short = 't',
        long,
        value_parser = ["default", "neutral", "dark", "forest", "base"],
        value_name = "NAME"
    )]
    pub theme: Option<String>,

    /// Do not print warnings.
    #[arg(short, long)]
    pub quiet: bool,
}

impl Args {
    /// The input path, from the positional argument or `-i` (clap's
    /// required `source` group makes sure there is exactly one).
    pub fn input_path(&self) -> Option<&PathBuf> {
        self.input.as_ref().or(self.input_flag.as_ref())
    }
}

/// What to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Scalable Vector Graphics.
    Svg,
    /// Portable Network Graphics.
    Png,
}

impl Format {
    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
        }
    }

    /// The format a file extension stands for (case-insensitive).
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "svg" => Some(Format::Svg),
            "png" => Some(Format::Png),
            _ => None,
        }
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
        assert_eq!(Format::from_extension("pdf"), None);
    }
}
