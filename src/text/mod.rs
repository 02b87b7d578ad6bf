//! Text: the bundled fonts as one fallback chain ([`font`]), label
//! decoding (HTML breaks, entity codes, markdown strings), line breaking
//! and measurement with the same fonts the PNG and PDF are drawn with.
//!
//! We measure with the fonts' own advance widths and switch kerning off in
//! the SVG (`font-kerning: none`), so the width we lay out with is the width
//! resvg draws. The fonts are parsed once, on first use.

mod decode;
pub mod font;

use crate::error::{Span, Warning};

pub use decode::decode_label;

/// How a label's raw text is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum LabelKind {
    /// Plain text with HTML line breaks (`<br>`) and entity codes (`#quot;`).
    #[default]
    Text,
    /// A markdown string (``"`...`"``): `**bold**`, `*italic*`, newlines,
    /// automatic wrapping.
    Markdown,
}

/// Text shown on a node, an edge or a subgraph frame, as written in the
/// source (quotes removed, nothing else decoded).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Label {
    /// The raw text, e.g. `단일 장애점<br/>Single Point of Failure`.
    pub text: String,
    /// Plain or markdown.
    pub kind: LabelKind,
    /// Where the text stands in the source.
    pub span: Span,
}

impl Label {
    /// A plain-text label.
    pub fn plain(text: impl Into<String>, span: Span) -> Self {
        Label {
            text: text.into(),
            kind: LabelKind::Text,
            span,
        }
    }
}


/// The CSS font-family list on the SVG's root: the chain's first family
/// and what stands in for it, then the Korean fonts (text the first family
/// cannot draw also names its own family, see [`font::segments`]).
pub fn font_family_css() -> &'static str {
    font::families()
        .first()
        .map_or("sans-serif", |f| f.css.as_str())
}

/// Line height as a multiple of the font size.
pub const LINE_HEIGHT: f32 = 1.5;

/// Width in px of `text` set in the bundled fonts (bold when `bold`) at
/// `font_size` px.
#[cfg(test)]
pub fn text_width(text: &str, font_size: f32, bold: bool) -> f32 {
    font::width(text, font_size, bold, false)
}

/// Width in px of `run` at `font_size` px, in its weight and style.
pub fn run_width(run: &Run, font_size: f32) -> f32 {
    font::width(&run.text, font_size, run.bold, run.italic)
}

/// Width in px of one `c` (see [`text_width`]).
fn char_width(c: char, font_size: f32, style: &Run) -> f32 {
    let mut buf = [0u8; 4];
    font::width(c.encode_utf8(&mut buf), font_size, style.bold, style.italic)
}

/// The one warning for a diagram whose drawn text (the `<text>` elements
/// of its `svg`) has characters no bundled font can draw, or `None`. It
/// names each character with its code point and where it stands in
/// `source` (`line:col`, at most five places each; a character written
/// as an entity code has none), and points at the first of them.
pub(crate) fn missing_glyphs_warning(source: &str, svg: &str) -> Option<Warning> {
    let missing = font::missing_chars(&drawn_text(svg));
    if missing.is_empty() {
        return None;
    }
    const PLACES: usize = 5;
    let mut first: Option<Span> = None;
    let mut parts = Vec::with_capacity(missing.len());
    for c in &missing {
        let at: Vec<usize> = source
            .char_indices()
            .filter(|&(_, d)| d == *c)
            .map(|(i, _)| i)
            .collect();
        if let Some(&i) = at.first() {
            if first.is_none_or(|f| i < f.start) {
                first = Some(Span::new(i, i + c.len_utf8()));
            }
        }
        let mut places: Vec<String> = at
            .iter()
            .take(PLACES)
            .map(|&i| {
                let (line, col) = crate::error::line_col(source, i);
                format!("{line}:{col}")
            })
            .collect();
        if at.len() > PLACES {
            places.push(format!("{} more", at.len() - PLACES));
        }
        let code = format!("{c} (U+{:04X})", u32::from(*c));
        parts.push(if places.is_empty() {
            format!("{code} from an entity code")
        } else {
            format!("{code} at {}", places.join(", "))
        });
    }
    Some(Warning {
        message: format!(
            "no bundled font can draw {}; they are drawn as empty boxes",
            parts.join("; ")
        ),
        span: first,
    })
}

/// The non-ASCII characters of the character data of the `<text>`
/// elements of `svg`, entity references left out (we only ever write them
/// for ASCII).
fn drawn_text(svg: &str) -> String {
    let mut out = String::new();
    let mut rest = svg;
    while let Some(open) = rest.find("<text") {
        let body = &rest[open..];
        let end = body.find("</text>").unwrap_or(body.len());
        let mut in_markup = false;
        for c in body[..end].chars() {
            match c {
                '<' | '&' => in_markup = true,
                '>' | ';' if in_markup => in_markup = false,
                // ASCII is always drawn (see `font::missing_chars`).
                c if !in_markup && !c.is_ascii() => out.push(c),
                _ => {}
            }
        }
        out.push('\n');
        rest = &body[end..];
    }
    out
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
    /// Distance between baselines in ems, when not [`LINE_HEIGHT`] (the
    /// sequence diagram sets its lines tighter, as Mermaid does).
    pub spacing: Option<f32>,
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
        self.font_size * self.spacing.unwrap_or(LINE_HEIGHT)
    }

    /// The block with `em` between baselines, its height measured again.
    pub fn spaced(mut self, em: f32) -> TextBlock {
        self.spacing = Some(em);
        self.height = self.lines.len() as f32 * self.line_height();
        self
    }

    /// True when nothing is shown.
    pub fn is_empty(&self) -> bool {
        self.lines
            .iter()
            .all(|l| l.runs.iter().all(|r| r.text.is_empty()))
    }
}

/// How labels break into lines: Mermaid's `createText` rules for one
/// kind of label (node, edge, title).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Wrap {
    /// Width in px lines wrap at (`flowchart.wrappingWidth` for nodes, 200
    /// for edge labels); infinite for never.
    pub width: f32,
    /// `htmlLabels` (Mermaid's default `true`): a label whose unwrapped
    /// width reaches `width` is set in a box exactly `width` wide and
    /// breaks at spaces only, a longer word widening the box. Without
    /// HTML labels Mermaid wraps SVG text lines, cutting a word that
    /// alone does not fit between characters, and the box is as wide as
    /// the widest line.
    pub html: bool,
    /// `markdownAutoWrap` (default `true`): `false` keeps HTML markdown
    /// labels on their lines (Mermaid turns their spaces into `&nbsp;`);
    /// plain labels wrap anyway, as in Mermaid.
    pub markdown_auto_wrap: bool,
}

impl Wrap {
    /// Never wrap.
    pub const NEVER: Wrap = Wrap {
        width: f32::INFINITY,
        html: true,
        markdown_auto_wrap: true,
    };

    /// Mermaid's defaults at `width` px.
    #[cfg(test)]
    pub fn at(width: f32) -> Wrap {
        Wrap {
            width,
            ..Wrap::NEVER
        }
    }
}

/// Decodes and measures `label` at `font_size`, wrapping it by `wrap`.
pub fn layout_label(label: &Label, font_size: f32, wrap: Wrap) -> TextBlock {
    layout_text(&label.text, label.kind, font_size, wrap)
}

/// [`layout_label`] on raw text. Leading and trailing white space (blank
/// lines too) is dropped, as Mermaid trims label text; markdown labels
/// also lose their blank lines inside (Mermaid's paragraphs have no gap).
pub fn layout_text(raw: &str, kind: LabelKind, font_size: f32, wrap: Wrap) -> TextBlock {
    let mut lines = decode_label(raw, kind);
    if kind == LabelKind::Markdown {
        lines.retain(|l| l.iter().any(|r| !r.text.is_empty()));
    }
    let measure = |runs: &[Run]| runs.iter().map(|r| run_width(r, font_size)).sum::<f32>();
    let natural = lines.iter().map(|l| measure(l)).fold(0.0, f32::max);
    let mut floor = 0.0;
    if wrap.width.is_finite() {
        if !wrap.html {
            lines = lines
                .into_iter()
                .flat_map(|l| wrap_line(l, font_size, wrap.width, true))
                .collect();
        } else if natural >= wrap.width && (kind == LabelKind::Text || wrap.markdown_auto_wrap) {
            // Mermaid measures the label unwrapped in a box capped at the
            // width; a capped box is then fixed at exactly that width.
            floor = wrap.width;
            lines = lines
                .into_iter()
                .flat_map(|l| wrap_line(l, font_size, wrap.width, false))
                .collect();
        }
    }
    let mut block = TextBlock {
        lines: Vec::with_capacity(lines.len()),
        font_size,
        width: floor,
        height: 0.0,
        spacing: None,
    };
    for runs in lines {
        let width = measure(&runs);
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
        spacing: block.spacing,
    };
    for line in block.lines {
        for runs in wrap_line(line.runs, font_size, max_width, false) {
            let width = runs.iter().map(|r| run_width(r, font_size)).sum::<f32>();
            out.width = out.width.max(width);
            out.lines.push(Line { runs, width });
        }
    }
    out.height = out.lines.len() as f32 * out.line_height();
    out
}

/// Greedy word wrap of one line of runs at `max_width` px. Lines break at
/// spaces and, as browsers break CJK text, beside ideographs, kana and
/// Hangul syllables. A word wider than the limit stays whole on its own
/// line, or, with `split_words`, is cut between characters (at least one
/// per line), as Mermaid's SVG-text wrapping does.
fn wrap_line(runs: Vec<Run>, font_size: f32, max_width: f32, split_words: bool) -> Vec<Vec<Run>> {
    let total: f32 = runs.iter().map(|r| run_width(r, font_size)).sum();
    if total <= max_width {
        return vec![runs];
    }
    let mut out: Vec<Vec<Run>> = Vec::new();
    let mut line: Vec<Run> = Vec::new();
    let mut line_width = 0.0;
    for run in &runs {
        for (joiner, word) in break_points(&run.text) {
            // The space before a word belongs to it unless it starts a line.
            let piece = if line_width > 0.0 {
                format!("{joiner}{word}")
            } else {
                word.to_string()
            };
            let w = font::width(&piece, font_size, run.bold, run.italic);
            if line_width + w <= max_width || (line_width == 0.0 && !split_words) {
                line_width += w;
                push_run(&mut line, piece, run);
                continue;
            }
            if line_width > 0.0 {
                out.push(std::mem::take(&mut line));
            }
            let mut rest = word;
            if split_words {
                while font::width(rest, font_size, run.bold, run.italic) > max_width {
                    let cut = fitting_prefix(rest, font_size, run, max_width);
                    push_run(&mut line, rest[..cut].to_string(), run);
                    out.push(std::mem::take(&mut line));
                    rest = &rest[cut..];
                }
            }
            line_width = font::width(rest, font_size, run.bold, run.italic);
            push_run(&mut line, rest.to_string(), run);
        }
    }
    if line.iter().any(|r| !r.text.is_empty()) {
        out.push(line);
    }
    out
}

/// `text` cut where a line may break: each piece with what joins it to the
/// previous one on the same line (`" "` after a space, `""` beside a CJK
/// character or before an opening bracket, `""` for the first piece).
fn break_points(text: &str) -> Vec<(&'static str, &str)> {
    let mut out = Vec::new();
    for (i, word) in text.split(' ').enumerate() {
        let mut joiner = if i == 0 { "" } else { " " };
        let mut start = 0;
        let mut prev: Option<char> = None;
        for (j, c) in word.char_indices() {
            let cjk = prev.is_some_and(|p| breaks_beside(p) || breaks_beside(c)) && !closes(c);
            // `].[` and `).(` break before the bracket (UAX #14 allows a
            // break between closing punctuation and an opening one).
            let bracket = matches!(c, '(' | '[' | '{') && prev.is_some_and(closes);
            if cjk || bracket {
                out.push((joiner, &word[start..j]));
                joiner = "";
                start = j;
            }
            prev = Some(c);
        }
        out.push((joiner, &word[start..]));
    }
    out
}

/// Ideographs, kana and Hangul: UAX #14 lets a line break before and after
/// each of them.
fn breaks_beside(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF // Hangul Jamo
        | 0x2E80..=0x2FFF // CJK radicals
        | 0x3040..=0x30FF // Hiragana, Katakana
        | 0x3130..=0x318F // Hangul compatibility Jamo
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xAC00..=0xD7AF // Hangul syllables
        | 0xF900..=0xFAFF // CJK compatibility ideographs
        | 0x20000..=0x3FFFF) // CJK extensions B and later
}

/// Punctuation that never starts a line (UAX #14 classes CL, CP, EX, IS,
/// NS in their common CJK and Latin forms).
fn closes(c: char) -> bool {
    matches!(
        c,
        ')' | ']'
            | '}'
            | '!'
            | '?'
            | ','
            | '.'
            | ':'
            | ';'
            | '、'
            | '。'
            | '，'
            | '．'
            | '：'
            | '；'
            | '！'
            | '？'
            | '）'
            | '」'
            | '』'
            | '】'
            | '〉'
            | '》'
            | 'ー'
            | '々'
    )
}

/// Byte length of the longest prefix of `word` that fits in `max_width`
/// px, at least one character.
fn fitting_prefix(word: &str, font_size: f32, style: &Run, max_width: f32) -> usize {
    let mut width = 0.0;
    let mut end = 0;
    for (i, c) in word.char_indices() {
        width += char_width(c, font_size, style);
        if width > max_width && end > 0 {
            break;
        }
        end = i + c.len_utf8();
    }
    end
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

    fn lines(block: &TextBlock) -> Vec<String> {
        block.lines.iter().map(Line::text).collect()
    }

    const LONG: &str = "This is a really long line of plain text that will autowrap";

    #[test]
    fn html_labels_reaching_the_width_wrap_in_a_box_that_wide() {
        for kind in [LabelKind::Text, LabelKind::Markdown] {
            let block = layout_text(LONG, kind, 16.0, Wrap::at(200.0));
            assert!(block.lines.len() >= 2, "{:?}", lines(&block));
            assert_eq!(block.width, 200.0);
            assert!(block.lines.iter().all(|l| l.width <= 200.0));
            assert_eq!(lines(&block).join(" "), LONG);
        }
        let short = layout_text(
            "Shared Report Server",
            LabelKind::Text,
            16.0,
            Wrap::at(200.0),
        );
        assert_eq!(lines(&short), ["Shared Report Server"]);
        assert!(short.width < 200.0);
    }

    #[test]
    fn a_word_wider_than_the_width_widens_the_html_box() {
        let block = layout_text(
            "Edit /packages/mermaid/src/docs",
            LabelKind::Text,
            16.0,
            Wrap::at(200.0),
        );
        assert_eq!(lines(&block), ["Edit", "/packages/mermaid/src/docs"]);
        assert!(block.width > 200.0);
    }

    #[test]
    fn markdown_auto_wrap_false_keeps_markdown_lines_only() {
        let wrap = Wrap {
            markdown_auto_wrap: false,
            ..Wrap::at(200.0)
        };
        let md = layout_text(LONG, LabelKind::Markdown, 16.0, wrap);
        assert_eq!(md.lines.len(), 1);
        assert!(md.width > 300.0);
        let plain = layout_text(LONG, LabelKind::Text, 16.0, wrap);
        assert!(plain.lines.len() >= 2);
    }

    #[test]
    fn svg_text_labels_cut_long_words_and_fit_their_lines() {
        let wrap = Wrap {
            html: false,
            ..Wrap::at(100.0)
        };
        let block = layout_text(
            "short Supercalifragilisticexpialidocious",
            LabelKind::Text,
            16.0,
            wrap,
        );
        assert!(block.lines.len() >= 3, "{:?}", lines(&block));
        assert!(block.width <= 100.0, "{}", block.width);
        assert_eq!(lines(&block)[0], "short");
        assert_eq!(
            lines(&block)[1..].concat(),
            "Supercalifragilisticexpialidocious"
        );
    }

    #[test]
    fn surrounding_blank_lines_are_trimmed() {
        let block = layout_text(
            "\n\n提交申请\n熊大\n",
            LabelKind::Text,
            16.0,
            Wrap::at(200.0),
        );
        assert_eq!(lines(&block), ["提交申请", "熊大"]);
        let inner = layout_text("a\n\nb", LabelKind::Text, 16.0, Wrap::at(200.0));
        assert_eq!(lines(&inner), ["a", "", "b"]);
        let md = layout_text(
            "Word!\n\n  Another",
            LabelKind::Markdown,
            16.0,
            Wrap::at(200.0),
        );
        assert_eq!(lines(&md), ["Word!", "Another"]);
    }

    #[test]
    fn cjk_text_breaks_between_characters() {
        let text = "가나다라마바사아자차카타파하가나다라마바사아자차카타파하";
        let block = layout_text(text, LabelKind::Text, 16.0, Wrap::at(200.0));
        assert!(block.lines.len() >= 2);
        assert!(block.lines.iter().all(|l| l.width <= 200.0));
        assert_eq!(lines(&block).concat(), text);
        // Closing punctuation stays with the character before it.
        assert_eq!(break_points("가。나"), [("", "가。"), ("", "나")]);
        assert_eq!(
            break_points("x [Db].[Test] f(a)"),
            [("", "x"), (" ", "[Db]."), ("", "[Test]"), (" ", "f(a)")]
        );
    }

    #[test]
    fn one_warning_names_every_missing_char_and_its_places() {
        let source = "flowchart LR\n  A[\"न ሀᚠ 𓀀\"] --> B[\"न #77824; 한글 \\\\\"]";
        let svg = "<svg><title>त</title><text><tspan x=\"1\">न ሀᚠ 𓀀</tspan></text>\
                   <text>न 𓀀 한글 &amp; \\</text></svg>";
        let w = missing_glyphs_warning(source, svg).expect("a warning");
        assert_eq!(
            w.message,
            "no bundled font can draw न (U+0928) at 2:6, 2:22; ሀ (U+1200) at 2:8; \
             ᚠ (U+16A0) at 2:9; 𓀀 (U+13000) at 2:11; they are drawn as empty boxes"
        );
        let span = w.span.expect("a place");
        assert_eq!(&source[span.start..span.end], "न");
        assert!(missing_glyphs_warning(source, "<text>한글 \\ abc</text>").is_none());
        // Drawn only through an entity code: no place to point at.
        let w = missing_glyphs_warning("A[\"#77824;\"]", "<text>𓀀</text>").unwrap();
        assert!(
            w.message.contains("𓀀 (U+13000) from an entity code"),
            "{}",
            w.message
        );
        assert!(w.span.is_none());
    }

    #[test]
    fn markdown_wraps_at_width() {
        let block = layout_text(
            "a long markdown label that certainly needs wrapping somewhere",
            LabelKind::Markdown,
            16.0,
            Wrap::at(200.0),
        );
        assert!(block.lines.len() >= 2);
        assert!(block.width <= 200.0);
    }
}
