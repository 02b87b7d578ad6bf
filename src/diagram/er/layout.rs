//! Layout of an ER diagram: every entity box is measured (a header with
//! its name, then an attribute table whose columns — type, name, keys,
//! comment — appear only when some row uses them, as Mermaid draws it),
//! relationships are edges with their label in the middle; the layered
//! engine places them.

use super::model::ErDiagram;
use crate::config::Config;
use crate::layered::{self, Curve, End, Point, Rect, Size};
use crate::text::{layout_text, run_width, LabelKind, Line, Run, TextBlock, Wrap};

/// Room left and right of a table cell's text.
pub(crate) const CELL_PAD_X: f32 = 10.0;
/// Room above and below a table row's text.
pub(crate) const CELL_PAD_Y: f32 = 6.0;
/// Room around a middle label's text in its box.
const LABEL_PAD: (f32, f32) = (8.0, 4.0);
/// Relationship labels wrap at Mermaid's `createText` default width.
const WRAP_200: Wrap = Wrap {
    width: 200.0,
    html: true,
    markdown_auto_wrap: true,
};

/// What the layout reads from the configuration.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Settings {
    /// Font size of all text.
    pub font_size: f32,
    node_spacing: f32,
    rank_spacing: f32,
    margin: f32,
    min_width: f32,
    min_height: f32,
    padding: f32,
}

impl Settings {
    /// Mermaid's ER defaults (`minEntityWidth` 100, `minEntityHeight` 75,
    /// `entityPadding` 15, `nodeSpacing` 140, `rankSpacing` 80, `diagramPadding` 20), with the
    /// font size and the `er` section's overrides.
    pub fn from_config(c: &Config) -> Settings {
        let positive = |v: Option<f32>, d: f32, max: f32| {
            v.filter(|v| v.is_finite() && *v >= 0.0 && *v <= max)
                .unwrap_or(d)
        };
        let font_size =
            c.er.font_size
                .or(c.font_size)
                .filter(|s| *s > 1.0 && *s < 200.0)
                .unwrap_or(16.0);
        Settings {
            font_size,
            node_spacing: positive(c.er.node_spacing, 140.0, 2000.0),
            rank_spacing: positive(c.er.rank_spacing, 80.0, 2000.0),
            margin: positive(c.er.diagram_padding, 20.0, 2000.0),
            min_width: positive(c.er.min_entity_width, 100.0, 4000.0),
            min_height: positive(c.er.min_entity_height, 75.0, 4000.0),
            padding: positive(c.er.entity_padding, 15.0, 500.0),
        }
    }
}

/// The columns of the attribute table, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Column {
    /// The attribute's type.
    Type,
    /// Its name.
    Name,
    /// `PK, FK, UK`.
    Keys,
    /// Its comment.
    Comment,
}

/// One row of an attribute table, placed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    /// Top of the row.
    pub top: f32,
    /// Its height.
    pub height: f32,
    /// One text per column of the table (empty where the row has none).
    pub cells: Vec<TextBlock>,
}

/// An entity box, placed, with its texts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EntityBox {
    /// The box.
    pub rect: Rect,
    /// The name (alias) shown in the header.
    pub title: TextBlock,
    /// Where the header ends and the table starts.
    pub header_bottom: f32,
    /// The table's columns, in order.
    pub columns: Vec<Column>,
    /// The left edge of each column.
    pub column_x: Vec<f32>,
    /// The rows, top to bottom.
    pub rows: Vec<Row>,
}

/// A text in its box.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Placed {
    /// The text.
    pub text: TextBlock,
    /// Its box (background).
    pub rect: Rect,
}

/// A relationship, placed.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct RelationshipGeo {
    /// The path as cubic pieces, from the first entity's outline to the
    /// second's.
    pub path: Vec<layered::Cubic>,
    /// The path flattened.
    pub points: Vec<Point>,
    /// The label on its middle.
    pub label: Option<Placed>,
}

/// The geometry of an ER diagram, indexed like the model.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Geometry {
    /// Drawing width.
    pub width: f32,
    /// Drawing height.
    pub height: f32,
    /// One box per entity.
    pub entities: Vec<EntityBox>,
    /// One per relationship.
    pub relationships: Vec<RelationshipGeo>,
    /// The front-matter title and its box.
    pub title: Option<Placed>,
}

/// One line of plain text, measured (entity codes decoded, `<br>`
/// breaking lines).
fn plain(raw: &str, font_size: f32, bold: bool) -> TextBlock {
    let lines: Vec<String> = layout_text(raw, LabelKind::Text, font_size, Wrap::NEVER)
        .lines
        .into_iter()
        .map(|l| l.runs.into_iter().map(|r| r.text).collect())
        .collect();
    literal(lines, font_size, bold)
}

/// A type's `~T~` generic parts as `<T>`, as Mermaid shows them: a
/// tilde before a letter or digit (and not after another tilde) opens,
/// any other closes the innermost open one, or stays a tilde.
fn generics(ty: &str) -> String {
    let chars: Vec<char> = ty.chars().collect();
    let mut out = String::with_capacity(ty.len());
    let mut depth = 0usize;
    for (k, &c) in chars.iter().enumerate() {
        if c != '~' {
            out.push(c);
            continue;
        }
        let prev = k.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(k + 1).copied();
        if next.is_some_and(|n| n.is_alphanumeric() || n == '_') && prev != Some('~') {
            depth += 1;
            out.push('<');
        } else if depth > 0 {
            depth -= 1;
            out.push('>');
        } else {
            out.push('~');
        }
    }
    out
}

/// Text of a cell or header, markdown emphasis read (`**b**`, `_i_`),
/// `<br>` breaking lines, entity codes decoded, never wrapped.
fn shown(raw: &str, font_size: f32) -> TextBlock {
    layout_text(raw, label_kind(raw), font_size, Wrap::NEVER)
}

/// Markdown when every run of `*` or `_` in `raw` pairs with a later run
/// of the same length (`*first*Name`, `_**b**_`), as an emphasis needs a
/// closing mark; plain text otherwise, so a lone `*` or `_` shows
/// (`Blo*rf`, `*the_Primary_Key`). An `_` inside a word is not a mark.
pub(crate) fn label_kind(raw: &str) -> LabelKind {
    let chars: Vec<char> = raw.chars().collect();
    let mut open: Vec<(char, usize)> = Vec::new();
    let mut any = false;
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k];
        if c != '*' && c != '_' {
            k += 1;
            continue;
        }
        let start = k;
        while k < chars.len() && chars[k] == c {
            k += 1;
        }
        let word = |at: Option<&char>| at.is_some_and(|c| c.is_alphanumeric());
        if c == '_' && word(start.checked_sub(1).and_then(|p| chars.get(p))) && word(chars.get(k)) {
            continue;
        }
        any = true;
        let run = (c, k - start);
        if open.last() == Some(&run) {
            open.pop();
        } else {
            open.push(run);
        }
    }
    if any && open.is_empty() {
        LabelKind::Markdown
    } else {
        LabelKind::Text
    }
}

/// A type or name as written, `<` and `>` kept as text.
fn literal_md(raw: &str, font_size: f32) -> TextBlock {
    shown(&raw.replace('<', "#lt;").replace('>', "#gt;"), font_size)
}

/// Lines shown as written, measured.
fn literal(lines: Vec<String>, font_size: f32, bold: bool) -> TextBlock {
    let mut block = TextBlock {
        lines: Vec::with_capacity(lines.len()),
        font_size,
        ..TextBlock::default()
    };
    for text in lines {
        let run = Run {
            text,
            bold,
            italic: false,
        };
        let width = run_width(&run, font_size);
        block.width = block.width.max(width);
        block.lines.push(Line {
            runs: vec![run],
            width,
        });
    }
    block.height = block.lines.len() as f32 * block.line_height();
    block
}

/// An entity's texts measured: its size and the parts' sizes.
struct Measured {
    title: TextBlock,
    header: f32,
    columns: Vec<Column>,
    widths: Vec<f32>,
    rows: Vec<(Vec<TextBlock>, f32)>,
    size: Size,
}

fn measure(d: &ErDiagram, e: usize, s: &Settings) -> Measured {
    let entity = &d.entities[e];
    let fs = s.font_size;
    let title = shown(entity.title(), fs);
    let attrs = &entity.attributes;
    let mut columns = Vec::new();
    if !attrs.is_empty() {
        columns.push(Column::Type);
        columns.push(Column::Name);
        if attrs.iter().any(|a| !a.keys.is_empty()) {
            columns.push(Column::Keys);
        }
        if attrs
            .iter()
            .any(|a| a.comment.as_deref().is_some_and(|c| !c.is_empty()))
        {
            columns.push(Column::Comment);
        }
    }
    let rows: Vec<(Vec<TextBlock>, f32)> = attrs
        .iter()
        .map(|a| {
            let cells: Vec<TextBlock> = columns
                .iter()
                .map(|c| match c {
                    Column::Type => literal_md(&generics(&a.ty), fs),
                    Column::Name => literal_md(&a.name, fs),
                    Column::Keys => plain(&a.keys.join(", "), fs, false),
                    Column::Comment => shown(a.comment.as_deref().unwrap_or(""), fs),
                })
                .collect();
            let h = cells
                .iter()
                .map(|c| c.height.max(c.line_height()))
                .fold(0.0, f32::max)
                + 2.0 * CELL_PAD_Y;
            (cells, h)
        })
        .collect();
    let mut widths: Vec<f32> = (0..columns.len())
        .map(|k| {
            rows.iter()
                .map(|(cells, _)| cells[k].width)
                .fold(0.0, f32::max)
                + 2.0 * CELL_PAD_X
        })
        .collect();
    let table_w: f32 = widths.iter().sum();
    let width = (title.width + 2.0 * s.padding)
        .max(table_w)
        .max(s.min_width);
    if !widths.is_empty() && width > table_w {
        let extra = (width - table_w) / widths.len() as f32;
        widths.iter_mut().for_each(|w| *w += extra);
    }
    let table_h: f32 = rows.iter().map(|(_, h)| h).sum();
    let (header, height) = if rows.is_empty() {
        let h = (title.height + 2.0 * s.padding).max(s.min_height);
        (h, h)
    } else {
        let h = title.height + 2.0 * CELL_PAD_Y + s.padding / 2.0;
        (h, h + table_h)
    };
    Measured {
        title,
        header,
        columns,
        widths,
        rows,
        size: Size::new(width, height),
    }
}

/// Lays out `d` with `s`. Never fails; every part of the geometry lies
/// inside `width` × `height`. Guarantees (tested on the corpus): entity
/// boxes never overlap; no line runs through a box it does not join; no
/// label touches a box or another label.
pub(crate) fn layout(d: &ErDiagram, s: &Settings) -> Geometry {
    let fs = s.font_size;
    let measured: Vec<Measured> = (0..d.entities.len()).map(|e| measure(d, e, s)).collect();
    let labels: Vec<Option<TextBlock>> = d
        .relationships
        .iter()
        .map(|r| {
            Some(layout_text(&r.label, label_kind(&r.label), fs, WRAP_200))
                .filter(|t| !t.is_empty())
        })
        .collect();
    let nodes: Vec<layered::Node> = measured
        .iter()
        .map(|m| layered::Node {
            size: m.size,
            outline: layered::geometry::box_outline(m.size.width, m.size.height),
            cluster: None,
        })
        .collect();
    let edges: Vec<layered::Edge> = d
        .relationships
        .iter()
        .zip(&labels)
        .map(|(r, l)| layered::Edge {
            from: End::Node(r.from),
            to: End::Node(r.to),
            label: l
                .as_ref()
                .map(|t| Size::new(t.width + LABEL_PAD.0, t.height + LABEL_PAD.1)),
            min_length: 1,
            weight: 1.0,
            curve: Curve::Basis,
        })
        .collect();
    let graph = layered::Graph {
        direction: engine_direction(d.direction),
        nodes,
        edges,
        clusters: Vec::new(),
        spacing: layered::Spacing {
            node: s.node_spacing,
            rank: s.rank_spacing,
            margin: s.margin,
            compound_margin: s.margin,
        },
    };
    let mut g = layered::layout(&graph);

    // The front-matter title gets a band of its own above the drawing.
    let title = d
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| {
            let block = layout_text(t, LabelKind::Text, fs * 1.125, Wrap::NEVER);
            let band = block.height + 8.0;
            g.translate(0.0, band);
            g.height += band;
            let width = block.width + 2.0 * s.margin;
            if width > g.width {
                g.translate((width - g.width) / 2.0, 0.0);
                g.width = width;
            }
            let rect = Rect {
                x: (g.width - block.width) / 2.0,
                y: s.margin,
                width: block.width,
                height: block.height,
            };
            Placed { text: block, rect }
        });

    let relationships = labels
        .into_iter()
        .zip(&g.edges)
        .map(|(label, route)| RelationshipGeo {
            path: route.path.clone(),
            points: route.points.clone(),
            label: label
                .zip(route.label_box)
                .map(|(text, rect)| Placed { text, rect }),
        })
        .collect();
    let entities = measured
        .into_iter()
        .zip(&g.nodes)
        .map(|(m, &rect)| place(m, rect))
        .collect();
    Geometry {
        width: g.width,
        height: g.height,
        entities,
        relationships,
        title,
    }
}

/// An entity box's parts placed inside `rect`.
fn place(m: Measured, rect: Rect) -> EntityBox {
    let header_bottom = rect.y + m.header;
    let mut column_x = Vec::with_capacity(m.widths.len());
    let mut x = rect.x;
    for w in &m.widths {
        column_x.push(x);
        x += w;
    }
    let mut y = header_bottom;
    let rows = m
        .rows
        .into_iter()
        .map(|(cells, height)| {
            let top = y;
            y += height;
            Row { top, height, cells }
        })
        .collect();
    EntityBox {
        rect,
        title: m.title,
        header_bottom,
        columns: m.columns,
        column_x,
        rows,
    }
}

/// The engine's direction for a diagram direction.
fn engine_direction(d: crate::layout::Direction) -> layered::Direction {
    use crate::layout::Direction as D;
    match d {
        D::TopBottom => layered::Direction::TopBottom,
        D::BottomTop => layered::Direction::BottomTop,
        D::LeftRight => layered::Direction::LeftRight,
        D::RightLeft => layered::Direction::RightLeft,
    }
}

/// The point `dist` along the polyline from its start (or its end).
pub(crate) fn point_along(points: &[Point], from_end: bool, dist: f32) -> Point {
    let n = points.len();
    let at = |k: usize| {
        if from_end {
            points[n - 1 - k]
        } else {
            points[k]
        }
    };
    let mut left = dist;
    for k in 0..n.saturating_sub(1) {
        let (a, b) = (at(k), at(k + 1));
        let len = (b.x - a.x).hypot(b.y - a.y);
        if len >= left && len > 0.0 {
            let t = left / len;
            return Point::new(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
        }
        left -= len;
    }
    if n == 0 {
        Point::new(0.0, 0.0)
    } else {
        at(n - 1)
    }
}
