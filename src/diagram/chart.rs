//! What the chart families (pie, timeline, journey) share: reading their
//! line-oriented statements (blanks, line ends, keywords, the
//! accessibility statements, the header), the input-size limit, a piece
//! of text placed in a box, and the shared geometry they hand back (each
//! drawn text as a node, so the layout laws check that no two overlap).

use crate::config::Config;
use crate::error::{Error, ParseError, Span, Warning};
use crate::layout::{Layout, NodeLayout, Point, Rect, Shape};
use crate::scene::{Anchor, Item, Text};
use crate::syntax::{describe, Fail, Preamble};
use crate::text::TextBlock;
use crate::theme::Role;

/// `i` past spaces and tabs.
pub(crate) fn blanks(i: &str) -> &str {
    i.trim_start_matches([' ', '\t'])
}

/// The rest of the line (without its line break) and what follows it
/// (from the line break on).
pub(crate) fn rest_of_line(i: &str) -> (&str, &str) {
    let end = i.find('\n').unwrap_or(i.len());
    (i[..end].trim_end_matches('\r'), &i[end..])
}

/// `kw` at the start of `i`, followed by a blank, a line end or the end:
/// what follows it.
pub(crate) fn keyword<'a>(i: &'a str, kw: &str) -> Option<&'a str> {
    let rest = i.strip_prefix(kw)?;
    matches!(rest.chars().next(), None | Some(' ' | '\t' | '\n' | '\r' | ';')).then_some(rest)
}

/// `i` past blanks and a `%%` comment: empty or a line break when the
/// statement ended properly, else an error at what follows it.
pub(crate) fn line_end(i: &str) -> Result<&str, Fail<'_>> {
    let e = blanks(i);
    let e = match e.strip_prefix(';') {
        Some(r) => blanks(r),
        None => e,
    };
    let e = if e.starts_with("%%") && !e.starts_with("%%{") {
        rest_of_line(e).1
    } else {
        e
    };
    match e.chars().next() {
        None | Some('\n' | '\r') => Ok(e),
        Some(c) => Err(Fail::new(
            e,
            c.len_utf8(),
            format!(
                "expected a line break after the statement, found {}",
                describe(e)
            ),
        )
        .hint("write one statement per line")),
    }
}

/// What every chart model carries besides its content: a title, the
/// accessibility texts, its own settings and its warnings. The one parse
/// wrapper ([`parse_chart`]) and the one render path ([`render_chart`])
/// work on it.
pub(crate) trait Chart: Default {
    /// `title …` (else the front matter's `title`).
    fn title_mut(&mut self) -> &mut Option<String>;
    /// Settings from front matter and directives.
    fn config_mut(&mut self) -> &mut Config;
    /// Findings that do not stop the chart.
    fn warnings_mut(&mut self) -> &mut Vec<Warning>;
    /// The title a reader is told (`accTitle`, else the title) and the
    /// description (`accDescr`).
    fn accessible(&self) -> (Option<String>, Option<String>);
}

/// Implements [`Chart`] for a model with the fields `title`, `acc`,
/// `config` and `warnings`.
macro_rules! chart_model {
    ($model:ty) => {
        impl $crate::diagram::chart::Chart for $model {
            fn title_mut(&mut self) -> &mut Option<String> {
                &mut self.title
            }
            fn config_mut(&mut self) -> &mut $crate::config::Config {
                &mut self.config
            }
            fn warnings_mut(&mut self) -> &mut Vec<$crate::error::Warning> {
                &mut self.warnings
            }
            fn accessible(&self) -> (Option<String>, Option<String>) {
                (
                    self.acc.title.clone().or_else(|| self.title.clone()),
                    self.acc.description.clone(),
                )
            }
        }
    };
}
pub(crate) use chart_model;

/// Parses a whole chart: `document` reads the text after the preamble's
/// start into a fresh model; front matter and `%%{init}%%` directives are
/// then merged into its settings (the front matter's `title` where the
/// chart has none), unreadable settings becoming warnings.
pub(crate) fn parse_chart<'a, M: Chart>(
    source: &'a str,
    document: impl FnOnce(&'a str, &mut M, &mut Preamble<'a>) -> Result<(), Fail<'a>>,
) -> Result<M, ParseError> {
    let mut d = M::default();
    let mut preamble = Preamble::default();
    document(source, &mut d, &mut preamble).map_err(|f| f.into_parse_error(source))?;
    let read = preamble.read(source);
    if d.title_mut().is_none() {
        *d.title_mut() = read.title.map(|(t, _)| t);
    }
    d.config_mut().merge(&read.config);
    d.warnings_mut().extend(read.warnings);
    Ok(d)
}

/// The statements from `i` to the end: blank lines (and `;` where
/// `semicolons` ends statements too), `%%{…}%%` directives (into
/// `preamble`) and `%%` comments are passed over; every other line goes
/// to `statement`, which gives back what follows it.
pub(crate) fn statements<'a>(
    mut i: &'a str,
    semicolons: bool,
    preamble: &mut Preamble<'a>,
    mut statement: impl FnMut(&'a str) -> Result<&'a str, Fail<'a>>,
) -> Result<(), Fail<'a>> {
    loop {
        i = blanks(i);
        match i.chars().next() {
            None => return Ok(()),
            Some('\n' | '\r') => {
                i = &i[1..];
                continue;
            }
            Some(';') if semicolons => {
                i = &i[1..];
                continue;
            }
            _ => {}
        }
        if i.starts_with("%%{") {
            i = preamble.directive(i)?;
            continue;
        }
        if i.starts_with("%%") {
            i = rest_of_line(i).1;
            continue;
        }
        i = statement(i)?;
    }
}

/// Draws a parsed chart with the settings merged from the caller's
/// defaults, the chart's own and the caller's overrides; `draw` lays it
/// out and writes the SVG. Never fails.
pub(crate) fn render_chart<M: Chart>(
    mut d: M,
    options: &crate::Options,
    draw: impl FnOnce(&M, &Config) -> (Layout, String),
) -> crate::Rendered {
    let own = std::mem::take(d.config_mut());
    let mut warnings = std::mem::take(d.warnings_mut());
    let config = crate::pipeline::settle_config(&own, options, &mut warnings);
    *d.config_mut() = own;
    let (layout, svg) = draw(&d, &config);
    let (title, description) = d.accessible();
    crate::Rendered {
        svg,
        layout,
        title,
        description,
        warnings,
    }
}

/// The accessibility texts of a chart.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Accessibility {
    /// `accTitle: …`.
    pub title: Option<String>,
    /// `accDescr: …` or `accDescr { … }` (lines trimmed, joined by `\n`).
    pub description: Option<String>,
}

/// An `accTitle: …`, `accDescr: …` or `accDescr { … }` statement at `i`
/// recorded in `acc`: what follows it; `Ok(None)` when `i` holds none.
pub(crate) fn accessibility<'a>(
    i: &'a str,
    acc: &mut Accessibility,
) -> Result<Option<&'a str>, Fail<'a>> {
    let (r, title) = if let Some(r) = i.strip_prefix("accTitle") {
        (r, true)
    } else if let Some(r) = i.strip_prefix("accDescr") {
        (r, false)
    } else {
        return Ok(None);
    };
    let b = blanks(r);
    if let Some(after) = b.strip_prefix(':') {
        let (text, rest) = rest_of_line(after);
        let text = Some(text.trim().to_string());
        if title {
            acc.title = text;
        } else {
            acc.description = text;
        }
        return Ok(Some(rest));
    }
    if !title {
        if let Some(after) = b.strip_prefix('{') {
            return match after.find('}') {
                Some(k) => {
                    let lines: Vec<&str> = after[..k]
                        .lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .collect();
                    acc.description = Some(lines.join("\n"));
                    Ok(Some(&after[k + 1..]))
                }
                None => Err(Fail::new(b, 1, "accDescr block never closed: expected '}'")),
            };
        }
    }
    let len = "accTitle".len();
    Err(
        Fail::new(i, len, format!("expected ':' after '{}'", &i[..len]))
            .hint("write 'accTitle: text' or 'accDescr: text'"),
    )
}

/// The header word `word` at `i` (not followed by a letter, digit, `-`
/// or `_`): what follows it, else an error at the word found.
pub(crate) fn header<'a>(i: &'a str, word: &str) -> Result<&'a str, Fail<'a>> {
    if let Some(rest) = i.strip_prefix(word) {
        if !rest.starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '-') {
            return Ok(rest);
        }
    }
    let len = i.find(char::is_whitespace).unwrap_or(i.len());
    Err(Fail::new(
        i,
        len,
        format!("expected '{word}', found {}", describe(i)),
    )
    .hint(format!("this diagram starts with the word '{word}'")))
}

/// An error when `source` is longer than `limits` allow, pointing at the
/// first byte past the limit.
pub(crate) fn check_size(source: &str, limits: &crate::Limits) -> Result<(), Error> {
    if source.len() <= limits.max_input_bytes {
        return Ok(());
    }
    let mut at = limits.max_input_bytes;
    while !source.is_char_boundary(at) {
        at -= 1;
    }
    Err(Error::Parse(ParseError::new(
        format!(
            "the input of {} bytes exceeds the limit of {}",
            source.len(),
            limits.max_input_bytes
        ),
        Span::new(at, source.len()),
    )))
}

/// An error when the chart has more than `limit` items of `what`, at the
/// first one past it.
pub(crate) fn check_count(spans: &[Span], limit: usize, what: &str) -> Result<(), Error> {
    match spans.get(limit) {
        Some(span) => Err(Error::Parse(ParseError::new(
            format!("the number of {what} exceeds the limit of {limit}"),
            *span,
        ))),
        None => Ok(()),
    }
}

/// Text laid out in a box: `rect` is where its lines stand.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Placed {
    /// The lines, measured.
    pub block: TextBlock,
    /// The box the lines fill.
    pub rect: Rect,
}

impl Placed {
    /// `block` with its box's top left corner at (`x`, `y`).
    pub fn at(block: TextBlock, x: f32, y: f32) -> Placed {
        let rect = Rect {
            x,
            y,
            width: block.width,
            height: block.height,
        };
        Placed { block, rect }
    }

    /// `block` centred on `cx`, its top at `y`.
    pub fn centred(block: TextBlock, cx: f32, y: f32) -> Placed {
        let x = cx - block.width / 2.0;
        Placed::at(block, x, y)
    }

    /// `block` centred on (`cx`, `cy`).
    pub fn middle(block: TextBlock, cx: f32, cy: f32) -> Placed {
        let y = cy - block.height / 2.0;
        Placed::centred(block, cx, y)
    }

    /// The text as a scene item in `fill` (painting `roles`); `None` when
    /// it shows nothing.
    pub fn item(&self, fill: &str, roles: Vec<Role>) -> Option<Item> {
        if self.block.is_empty() {
            return None;
        }
        let mut t = Text::block(
            &self.block,
            self.rect.x + self.rect.width / 2.0,
            self.rect.y,
            Anchor::Middle,
            fill,
        );
        t.hooks = roles;
        Some(Item::Text(t))
    }
}

/// The shared geometry of a chart `width` × `height`: each drawn text a
/// node named `id` (so the layout laws see every text box), no edges.
pub(crate) fn layout_of(
    width: f32,
    height: f32,
    texts: Vec<(String, &Placed)>,
    title: Option<&Placed>,
) -> Layout {
    let nodes = texts
        .into_iter()
        .map(|(id, p)| NodeLayout {
            id,
            shape: Shape::Rect,
            rect: p.rect,
            label: p.block.clone(),
            parent: None,
        })
        .collect();
    Layout {
        width,
        height,
        direction: crate::layout::Direction::TopBottom,
        nodes,
        edges: Vec::new(),
        clusters: Vec::new(),
        title: title.map(|t| {
            let centre = Point::new(
                t.rect.x + t.rect.width / 2.0,
                t.rect.y + t.block.line_height() / 2.0,
            );
            (t.block.clone(), centre)
        }),
    }
}

/// `raw` as lines at `font_size` px: broken at each `<br>` (any case,
/// `<br/>` and `<br />` not: Mermaid's chart texts show those as
/// written), other markup shown as written, each line wrapped at spaces
/// to `max_width`, and line boxes `spacing` em apart.
pub(crate) fn literal_block(raw: &str, font_size: f32, max_width: f32, spacing: f32) -> TextBlock {
    let mut lines = Vec::new();
    let lower = raw.to_ascii_lowercase();
    let mut from = 0;
    let mut pieces = Vec::new();
    while let Some(k) = lower[from..].find("<br>") {
        pieces.push(&raw[from..from + k]);
        from += k + 4;
    }
    pieces.push(&raw[from..]);
    let mut width: f32 = 0.0;
    for piece in pieces {
        let run = crate::text::Run {
            text: piece.trim().to_string(),
            bold: false,
            italic: false,
        };
        let w = crate::text::run_width(&run, font_size);
        width = width.max(w);
        lines.push(crate::text::Line {
            runs: vec![run],
            width: w,
        });
    }
    let block = TextBlock {
        lines,
        font_size,
        width,
        height: 0.0,
        spacing: Some(spacing),
    };
    let mut block = crate::text::wrap_block(block, max_width).spaced(spacing);
    if block.is_empty() {
        block.lines.clear();
        block.width = 0.0;
        block.height = 0.0;
    }
    block
}

/// A chart's title: `text` in bold at `font_size`, one line per source
/// line, never wrapped; `None` when it shows nothing.
pub(crate) fn bold_title(text: &str, font_size: f32) -> Option<TextBlock> {
    let mut b = literal_block(text, font_size, f32::INFINITY, 1.2);
    for l in &mut b.lines {
        for r in &mut l.runs {
            r.bold = true;
        }
        l.width = l.runs.iter().map(|r| crate::text::run_width(r, b.font_size)).sum();
    }
    b.width = b.lines.iter().map(|l| l.width).fold(0.0, f32::max);
    (!b.is_empty()).then_some(b)
}

/// The arrow of time from `line.0` to the tip `line.1`, in the theme's
/// line colour, pushed into `group`.
pub(crate) fn time_arrow(group: &mut crate::scene::Group, line: (Point, Point), line_colour: &str) {
    use crate::scene::{svg::num, Element, Marker, MarkerKind, Tag};
    let (a, b) = line;
    group.children.push(Item::Element(
        Element::new(Tag::Path)
            .text("d", format!("M{},{}H{}", num(a.x), num(a.y), num(b.x - 8.0)))
            .text("stroke", line_colour)
            .num("stroke-width", 4.0)
            .hooks(vec![Role::LineStroke]),
    ));
    group.children.push(Item::Marker(Marker {
        kind: MarkerKind::Arrow,
        tip: b,
        back: a,
        colour: line_colour.to_string(),
        hooks: vec![Role::LineFill],
    }));
}


/// Test helpers every chart family's tests share: the scene laws.
#[cfg(test)]
pub(crate) mod laws {
    use crate::layout::Layout;

    /// What breaks the laws every chart obeys: every text inside the view
    /// box, no two texts overlapping, ids unique, usvg reads the SVG, no
    /// `foreignObject`.
    pub(crate) fn faults(layout: &Layout, svg: &str) -> Vec<String> {
        let mut out = Vec::new();
        let eps = 0.5;
        for n in &layout.nodes {
            let r = n.rect;
            if r.x < -eps
                || r.y < -eps
                || r.x + r.width > layout.width + eps
                || r.y + r.height > layout.height + eps
            {
                out.push(format!("text {:?} at {r:?} leaves the view box", n.id));
            }
        }
        for (k, a) in layout.nodes.iter().enumerate() {
            for b in &layout.nodes[k + 1..] {
                let (p, q) = (a.rect, b.rect);
                let apart = p.x + p.width <= q.x + eps
                    || q.x + q.width <= p.x + eps
                    || p.y + p.height <= q.y + eps
                    || q.y + q.height <= p.y + eps;
                if !apart && p.width > 0.0 && q.width > 0.0 {
                    out.push(format!("texts {:?} and {:?} overlap", a.id, b.id));
                }
            }
        }
        match roxmltree::Document::parse(svg) {
            Ok(doc) => {
                let mut ids = std::collections::BTreeSet::new();
                for node in doc.descendants() {
                    if node.tag_name().name() == "foreignObject" {
                        out.push("a foreignObject".to_string());
                    }
                    if let Some(id) = node.attribute("id") {
                        if !ids.insert(id.to_string()) {
                            out.push(format!("id {id:?} twice"));
                        }
                    }
                }
            }
            Err(e) => out.push(format!("not XML: {e}")),
        }
        if let Err(e) = crate::check_svg(svg) {
            out.push(format!("usvg: {e}"));
        }
        out
    }

    /// Every `ok` case of the family's corpus, drawn with `render` twice:
    /// the same bytes both times and no [`faults`]. Nothing when the
    /// corpus is absent (said loudly by [`corpus_dir`]).
    ///
    /// [`corpus_dir`]: crate::diagram::corpus_cases::corpus_dir
    pub(crate) fn corpus_obeys_the_laws(
        family: &str,
        render: fn(&str, &crate::Options) -> Result<crate::Rendered, crate::Error>,
    ) {
        let Some(dir) = crate::diagram::corpus_cases::corpus_dir(family) else {
            return;
        };
        let manifest = std::fs::read_to_string(dir.join("manifest.tsv")).unwrap();
        let mut bad = Vec::new();
        let mut seen = 0;
        for line in manifest.lines().skip(1).filter(|l| l.contains("\tok\t")) {
            let name = line.split('\t').next().unwrap_or_default();
            let src = std::fs::read_to_string(dir.join(format!("{name}.mmd"))).unwrap();
            let options = crate::Options::default();
            let Ok(first) = render(&src, &options) else {
                continue;
            };
            let again = render(&src, &options).map(|r| r.svg).ok();
            if again.as_deref() != Some(first.svg.as_str()) {
                bad.push(format!("{name}: different bytes on the second render"));
            }
            bad.extend(
                faults(&first.layout, &first.svg)
                    .into_iter()
                    .map(|f| format!("{name}: {f}")),
            );
            seen += 1;
        }
        assert!(seen > 0, "no {family} case drawn");
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }
}
