//! Text: the bundled font, label decoding (HTML breaks, entity codes,
//! markdown strings) and measurement with the same font the PNG is drawn
//! with.
//!
//! We measure with the font's own advance widths and switch kerning off in
//! the SVG (`font-kerning: none`), so the width we lay out with is the width
//! resvg draws. The font is parsed once, on first use.

mod decode;

use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::OnceLock;

use crate::model::{Label, LabelKind};

pub use decode::decode_label;

/// The bundled font: NanumGothic (SIL OFL 1.1, see `fonts/OFL.txt`). It has
/// Latin and all 11,172 Hangul syllables, so Korean labels need no system
/// font.
pub static FONT_DATA: &[u8] = include_bytes!("../../fonts/NanumGothic.ttf");

/// The bold face of the same family (SIL OFL 1.1), for `**bold**` and `<b>`.
pub static FONT_DATA_BOLD: &[u8] = include_bytes!("../../fonts/NanumGothicBold.ttf");

/// The family name of [`FONT_DATA`], first in every `font-family` we write.
pub const FONT_FAMILY: &str = "NanumGothic";

/// The CSS font-family list written into SVGs: our font first, then the
/// Korean-capable sans fonts common on Linux, Windows and macOS, then
/// Mermaid's own list, so a viewer without NanumGothic still finds Hangul.
pub const FONT_FAMILY_CSS: &str =
    "NanumGothic, 'Nanum Gothic', 'Noto Sans KR', 'Noto Sans CJK KR', \
     'Malgun Gothic', 'Apple SD Gothic Neo', 'trebuchet ms', verdana, arial, sans-serif";

/// Line height as a multiple of the font size.
pub const LINE_HEIGHT: f32 = 1.5;

/// Advance widths per char, in font units, for the bundled font.
struct Metrics {
    units_per_em: f32,
    /// Advances of chars below U+0800, filled in as they are first asked
    /// for ([`NOT_YET`] until then): looking all of them up at start cost
    /// more than the rest of a small diagram's run.
    low: Box<[AtomicU16]>,
    face: ttf_parser::Face<'static>,
    /// Advance used for chars the font lacks (its `.notdef` glyph).
    missing: u16,
}

/// A slot of [`Metrics::low`] not looked up yet (no glyph is that wide).
const NOT_YET: u16 = u16::MAX;

impl Metrics {
    fn load(data: &'static [u8]) -> Metrics {
        // The font ships with the crate; failing to parse it is a build defect
        // that every test would catch, so treat it as such.
        let face = ttf_parser::Face::parse(data, 0).expect("bundled font parses");
        let missing = face
            .glyph_hor_advance(ttf_parser::GlyphId(0))
            .unwrap_or(500);
        Metrics {
            units_per_em: f32::from(face.units_per_em()),
            low: (0..0x800).map(|_| AtomicU16::new(NOT_YET)).collect(),
            face,
            missing,
        }
    }

    fn lookup(&self, c: char) -> u16 {
        self.face
            .glyph_index(c)
            .and_then(|g| self.face.glyph_hor_advance(g))
            .unwrap_or(self.missing)
            .min(NOT_YET - 1)
    }

    fn advance(&self, c: char) -> u16 {
        let Some(slot) = self.low.get(c as usize) else {
            return self.lookup(c);
        };
        // Threads that race here store the same value, so the result never
        // depends on who wins.
        match slot.load(Ordering::Relaxed) {
            NOT_YET => {
                let a = self.lookup(c);
                slot.store(a, Ordering::Relaxed);
                a
            }
            a => a,
        }
    }
}

fn metrics(bold: bool) -> &'static Metrics {
    static REGULAR: OnceLock<Metrics> = OnceLock::new();
    static BOLD: OnceLock<Metrics> = OnceLock::new();
    if bold {
        BOLD.get_or_init(|| Metrics::load(FONT_DATA_BOLD))
    } else {
        REGULAR.get_or_init(|| Metrics::load(FONT_DATA))
    }
}

/// Width in px of `text` set in the bundled font (its bold face when
/// `bold`) at `font_size` px.
pub fn text_width(text: &str, font_size: f32, bold: bool) -> f32 {
    let m = metrics(bold);
    let units: u32 = text
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| u32::from(m.advance(c)))
        .sum();
    units as f32 * font_size / m.units_per_em
}

/// A piece of a line with one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// The text, entities decoded.
    pub text: String,
    /// Bold (`**x**`, `<b>`).
    pub bold: bool,
    /// Italic (`*x*`, `<i>`).
    pub italic: bool,
}

/// One line of a label.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    /// Its runs, left to right.
    pub runs: Vec<Run>,
    /// Measured width in px.
    pub width: f32,
}

impl Line {
    /// The line's text without styling.
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

/// A label decoded, broken into lines and measured.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TextBlock {
    /// Lines top to bottom; empty for an empty label.
    pub lines: Vec<Line>,
    /// Font size in px.
    pub font_size: f32,
    /// Widest line, px.
    pub width: f32,
    /// Lines times line height, px.
    pub height: f32,
}

impl TextBlock {
    /// The displayed text with `\n` between lines.
    pub fn plain_text(&self) -> String {
        self.lines
            .iter()
            .map(Line::text)
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Distance between baselines, px.
    pub fn line_height(&self) -> f32 {
        self.font_size * LINE_HEIGHT
    }

    /// True when nothing is shown.
    pub fn is_empty(&self) -> bool {
        self.lines
            .iter()
            .all(|l| l.runs.iter().all(|r| r.text.is_empty()))
    }
}

/// Decodes and measures `label` at `font_size`. Markdown labels wrap at
/// `wrap_width` px (Mermaid's `wrappingWidth`); plain labels break only
/// where the author put a line break.
pub fn layout_label(label: &Label, font_size: f32, wrap_width: f32) -> TextBlock {
    layout_text(&label.text, label.kind, font_size, wrap_width)
}

/// [`layout_label`] on raw text.
pub fn layout_text(raw: &str, kind: LabelKind, font_size: f32, wrap_width: f32) -> TextBlock {
    let mut lines = decode_label(raw, kind);
    if kind == LabelKind::Markdown {
        lines = lines
            .into_iter()
            .flat_map(|l| wrap_line(l, font_size, wrap_width))
            .collect();
    }
    let mut block = TextBlock {
        lines: Vec::with_capacity(lines.len()),
        font_size,
        width: 0.0,
        height: 0.0,
    };
    for runs in lines {
        let width = runs
            .iter()
            .map(|r| text_width(&r.text, font_size, r.bold))
            .sum::<f32>();
        block.width = block.width.max(width);
        block.lines.push(Line { runs, width });
    }
    if block.is_empty() {
        block.lines.clear();
        block.width = 0.0;
    }
    block.height = block.lines.len() as f32 * block.line_height();
    block
}

/// `block` with every line wider than `max_width` px broken at spaces
/// (greedily; a word wider than the limit stays whole on its own line).
pub(crate) fn wrap_block(block: TextBlock, max_width: f32) -> TextBlock {
    if block.width <= max_width {
        return block;
    }
    let font_size = block.font_size;
    let mut out = TextBlock {
        lines: Vec::with_capacity(block.lines.len() * 2),
        font_size,
        width: 0.0,
        height: 0.0,
    };
    for line in block.lines {
        for runs in wrap_line(line.runs, font_size, max_width) {
            let width = runs
                .iter()
                .map(|r| text_width(&r.text, font_size, r.bold))
                .sum::<f32>();
            out.width = out.width.max(width);
            out.lines.push(Line { runs, width });
        }
    }
    out.height = out.lines.len() as f32 * out.line_height();
    out
}

/// Greedy word wrap of one line of runs at `max_width` px. A single word
/// wider than the limit stays whole on its own line.
fn wrap_line(runs: Vec<Run>, font_size: f32, max_width: f32) -> Vec<Vec<Run>> {
    let total: f32 = runs
        .iter()
        .map(|r| text_width(&r.text, font_size, r.bold))
        .sum();
    if total <= max_width {
        return vec![runs];
    }
    // Split into words that keep their style; a word is text up to a space.
    let mut out: Vec<Vec<Run>> = Vec::new();
    let mut line: Vec<Run> = Vec::new();
    let mut line_width = 0.0;
    for run in runs {
        for (i, word) in run.text.split(' ').enumerate() {
            let piece = if i == 0 || line.is_empty() && line_width == 0.0 {
                word.to_string()
            } else {
                format!(" {word}")
            };
            let w = text_width(&piece, font_size, run.bold);
            if line_width + w > max_width && line_width > 0.0 {
                out.push(std::mem::take(&mut line));
                let trimmed = piece.trim_start().to_string();
                line_width = text_width(&trimmed, font_size, run.bold);
                push_run(&mut line, trimmed, &run);
            } else {
                line_width += w;
                push_run(&mut line, piece, &run);
            }
        }
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

fn push_run(line: &mut Vec<Run>, text: String, style: &Run) {
    match line.last_mut() {
        Some(last) if last.bold == style.bold && last.italic == style.italic => {
            last.text.push_str(&text)
        }
        _ => line.push(Run {
            text,
            bold: style.bold,
            italic: style.italic,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hangul_is_measured_wider_than_latin() {
        let latin = text_width("abc", 16.0, false);
        let hangul = text_width("한국어", 16.0, false);
        assert!(latin > 10.0 && latin < 40.0, "{latin}");
        assert!(hangul > latin, "{hangul} vs {latin}");
        // Hangul syllables are full-width: about one em each.
        assert!((hangul - 48.0).abs() < 8.0, "{hangul}");
    }

    #[test]
    fn width_scales_with_size() {
        let a = text_width("Service Discovery", 16.0, false);
        let b = text_width("Service Discovery", 32.0, false);
        assert!((b - 2.0 * a).abs() < 0.01);
    }

    #[test]
    fn markdown_wraps_at_width() {
        let block = layout_text(
            "a long markdown label that certainly needs wrapping somewhere",
            LabelKind::Markdown,
            16.0,
            200.0,
        );
        assert!(block.lines.len() >= 2);
        assert!(block.width <= 200.0);
    }
}
