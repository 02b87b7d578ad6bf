//! Layout of a class diagram: every class box is measured (title band with
//! its annotations, attributes compartment, methods compartment, as
//! Mermaid draws them), notes are boxes of their own, relations and the
//! dashed note links are edges, namespaces are clusters; the layered
//! engine places them. Cardinalities (end labels) are then put beside the
//! ends of their lines where they touch no node, no label, no title and no
//! line ([`place_end_labels`]).

use super::model::{ClassDiagram, MemberKind};
use crate::layered::{self, Curve, End, Point, Rect, Size};
use crate::config::Config;
use crate::text::LabelKind;
use crate::text::{layout_text, run_width, Line, Run, TextBlock, Wrap};

/// Room left and right of the text in a class box.
pub(crate) const PAD_X: f32 = 12.0;
/// Room above and below the title band's text.
pub(crate) const TITLE_PAD: f32 = 8.0;
/// Room above and below a compartment's members.
pub(crate) const COMPARTMENT_PAD: f32 = 6.0;
/// Height of a compartment without members.
pub(crate) const EMPTY_COMPARTMENT: f32 = 12.0;
/// Room around a note's text.
pub(crate) const NOTE_PAD: (f32, f32) = (15.0, 10.0);
/// Room around a middle label's text in its box.
const LABEL_PAD: (f32, f32) = (8.0, 4.0);
/// Room around an end label's text in its box.
const END_PAD: (f32, f32) = (4.0, 2.0);
/// Notes and labels wrap at Mermaid's `createText` default width.
const WRAP_200: Wrap = Wrap {
    width: 200.0,
    html: true,
    markdown_auto_wrap: true,
};
/// Padding inside a namespace frame.
const CLUSTER_PADDING: f32 = 15.0;

/// What the layout reads from the configuration.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Settings {
    /// Font size of all text.
    pub font_size: f32,
    node_spacing: f32,
    rank_spacing: f32,
    margin: f32,
    /// `hideEmptyMembersBox`: no empty compartments.
    hide_empty: bool,
}

impl Settings {
    /// Mermaid's class diagram defaults, with the font size and the
    /// `class` section's spacing, padding and `hideEmptyMembersBox`.
    pub fn from_config(c: &Config) -> Settings {
        let positive = |v: Option<f32>, d: f32| v.filter(|v| v.is_finite() && *v >= 0.0).unwrap_or(d);
        Settings {
            font_size: c
                .font_size
                .filter(|s| *s > 1.0 && *s < 200.0)
                .unwrap_or(16.0),
            node_spacing: positive(c.class.node_spacing, 50.0),
            rank_spacing: positive(c.class.rank_spacing, 50.0),
            margin: positive(c.class.diagram_padding, 8.0),
            hide_empty: c.class.hide_empty_members_box.unwrap_or(false),
        }
    }
}

/// A class box, placed, with its texts and where each part starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ClassBox {
    /// The box.
    pub rect: Rect,
    /// `«annotation»` lines, above the title.
    pub annotations: Vec<TextBlock>,
    /// The name (bold).
    pub title: TextBlock,
    /// Top of the first annotation (or of the title).
    pub title_top: f32,
    /// Each attribute's text and the top of its first line.
    pub attributes: Vec<(TextBlock, f32)>,
    /// Each method's text and the top of its first line.
    pub methods: Vec<(TextBlock, f32)>,
    /// Where the attributes compartment starts (the first divider).
    pub attributes_top: f32,
    /// Where the methods compartment starts (the second divider).
    pub methods_top: f32,
}

/// A note box.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NoteBox {
    /// The box.
    pub rect: Rect,
    /// Its text.
    pub text: TextBlock,
}

/// A text in its box.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Placed {
    /// The text.
    pub text: TextBlock,
    /// Its box (background).
    pub rect: Rect,
}

/// A routed line.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct EdgePath {
    /// The path as cubic pieces, from the first end's outline to the
    /// second's.
    pub path: Vec<layered::Cubic>,
    /// The path flattened.
    pub points: Vec<Point>,
}

/// A relation, placed.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct RelationGeo {
    /// Its line, from the class written first to the second.
    pub line: EdgePath,
    /// The middle label.
    pub label: Option<Placed>,
    /// The cardinality at the first class.
    pub from_label: Option<Placed>,
    /// The cardinality at the second class.
    pub to_label: Option<Placed>,
}

/// A namespace frame.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Frame {
    /// The frame.
    pub rect: Rect,
    /// The title.
    pub title: TextBlock,
    /// The box of the title's text.
    pub title_box: Option<Rect>,
}

/// The geometry of a class diagram, indexed like the model.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Geometry {
    /// Drawing width.
    pub width: f32,
    /// Drawing height.
    pub height: f32,
    /// One box per class.
    pub classes: Vec<ClassBox>,
    /// One box per note.
    pub notes: Vec<NoteBox>,
    /// Each note's dashed link to its class, when it has one.
    pub note_links: Vec<Option<EdgePath>>,
    /// One per relation.
    pub relations: Vec<RelationGeo>,
    /// One per namespace.
    pub frames: Vec<Frame>,
    /// The front-matter title and its box.
    pub title: Option<Placed>,
}

/// The lines of a member or name as shown: split at `<br>` and line
/// breaks, entity codes decoded, angle brackets kept as text.
pub(crate) fn shown_lines(raw: &str) -> Vec<String> {
    let mut out = Vec::new();
    let normalised = raw.replace("\r\n", "\n");
    let mut rest = normalised.as_str();
    loop {
        let lower = rest.to_ascii_lowercase();
        let br = lower.find("<br");
        let nl = rest.find('\n');
        let cut = match (br, nl) {
            (Some(b), Some(n)) => Some(b.min(n)),
            (b, n) => b.or(n),
        };
        let Some(k) = cut else {
            out.push(decode_piece(rest));
            return out;
        };
        out.push(decode_piece(&rest[..k]));
        let after = &rest[k..];
        let skip = if after.starts_with('\n') {
            1
        } else {
            match after.find('>') {
                Some(e) if after[3..e].trim().trim_end_matches('/').trim().is_empty() => e + 1,
                _ => 3,
            }
        };
        rest = &after[skip..];
    }
}

/// One line's text: entity codes decoded, `<` and `>` kept.
fn decode_piece(piece: &str) -> String {
    let protected = piece.replace('<', "#lt;").replace('>', "#gt;");
    crate::text::decode_label(&protected, LabelKind::Text)
        .into_iter()
        .map(|runs| runs.into_iter().map(|r| r.text).collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lines of plain text in one style, measured.
pub(crate) fn plain_block(lines: &[String], font_size: f32, bold: bool, italic: bool) -> TextBlock {
    let mut block = TextBlock {
        lines: Vec::with_capacity(lines.len()),
        font_size,
        ..TextBlock::default()
    };
    for text in lines {
        let run = Run {
            text: text.clone(),
            bold,
            italic,
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

/// Text with HTML line breaks, entity codes and literal `\n`, measured
/// (notes, relation labels, namespace titles).
fn html_block(raw: &str, font_size: f32, wrap: Wrap) -> TextBlock {
    layout_text(&raw.replace("\\n", "\n"), LabelKind::Text, font_size, wrap)
}

/// A note's `~word~` pairs as `<word>`, as Mermaid rewrites them (the
/// result then reads as an HTML tag, which the text decoder drops).
fn note_generics(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(k) = rest.find('~') {
        out.push_str(&rest[..k]);
        let after = &rest[k + 1..];
        let word = after
            .find(|c: char| c == '~' || c.is_whitespace())
            .filter(|&e| e > 0 && after[e..].starts_with('~'));
        match word {
            Some(e) => {
                out.push('<');
                out.push_str(&after[..e]);
                out.push('>');
                rest = &after[e + 1..];
            }
            None => {
                out.push('~');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A class's texts measured, sized but not yet placed.
struct Measured {
    annotations: Vec<TextBlock>,
    title: TextBlock,
    attributes: Vec<TextBlock>,
    methods: Vec<TextBlock>,
    size: Size,
}

impl Measured {
    fn title_band(&self) -> f32 {
        let mut h: f32 = self.annotations.iter().map(|a| a.height).sum();
        h += self.title.height;
        h + 2.0 * TITLE_PAD
    }

    fn compartment(blocks: &[TextBlock], hide_empty: bool) -> f32 {
        if blocks.is_empty() && hide_empty {
            0.0
        } else if blocks.is_empty() {
            EMPTY_COMPARTMENT
        } else {
            blocks.iter().map(|b| b.height).sum::<f32>() + 2.0 * COMPARTMENT_PAD
        }
    }
}

fn measure_class(d: &ClassDiagram, c: usize, fs: f32, hide_empty: bool) -> Measured {
    let class = &d.classes[c];
    if class.interface {
        // Only its name, under the lollipop circle.
        let title = plain_block(&shown_lines(&class.title()), fs, false, false);
        let size = Size::new(title.width + 8.0, title.height + 4.0);
        return Measured {
            annotations: Vec::new(),
            title,
            attributes: Vec::new(),
            methods: Vec::new(),
            size,
        };
    }
    let annotations: Vec<TextBlock> = class
        .annotations
        .iter()
        .map(|a| plain_block(&[format!("«{}»", shown_lines(a).join(" "))], fs, false, false))
        .collect();
    let title = plain_block(&shown_lines(&class.title()), fs, true, false);
    let member = |m: &super::model::Member| {
        let italic = m.classifier == Some(super::model::Classifier::Abstract);
        plain_block(&shown_lines(&m.display), fs, false, italic)
    };
    let attributes: Vec<TextBlock> = class.attributes.iter().map(member).collect();
    let methods: Vec<TextBlock> = class.methods.iter().map(member).collect();
    debug_assert!(class.methods.iter().all(|m| m.kind == MemberKind::Method));
    let widest = annotations
        .iter()
        .chain(std::iter::once(&title))
        .chain(&attributes)
        .chain(&methods)
        .map(|b| b.width)
        .fold(0.0, f32::max);
    let mut m = Measured {
        annotations,
        title,
        attributes,
        methods,
        size: Size::default(),
    };
    let height =
        m.title_band() + Measured::compartment(&m.attributes, hide_empty) + Measured::compartment(&m.methods, hide_empty);
    m.size = Size::new((widest + 2.0 * PAD_X).max(60.0), height);
    m
}

/// Lays out `d` with `s`. Never fails; every part of the geometry lies
/// inside `width` × `height`. Guarantees (tested on the corpus): class and
/// note boxes never overlap; frames hold their members; no line runs
/// through a box it does not join; no label or cardinality touches a box,
/// another label or a line (where a free place exists near the end).
pub(crate) fn layout(d: &ClassDiagram, s: &Settings) -> Geometry {
    let fs = s.font_size;
    let measured: Vec<Measured> = (0..d.classes.len())
        .map(|c| measure_class(d, c, fs, s.hide_empty))
        .collect();
    let note_text: Vec<TextBlock> = d
        .notes
        .iter()
        .map(|n| html_block(&note_generics(&n.text), fs, WRAP_200))
        .collect();
    let edge_wrap = WRAP_200;
    let labels: Vec<Option<TextBlock>> = d
        .relations
        .iter()
        .map(|r| {
            r.label
                .as_deref()
                .map(|l| html_block(l, fs, edge_wrap))
                .filter(|t| !t.is_empty())
        })
        .collect();
    let titles: Vec<TextBlock> = d
        .namespaces
        .iter()
        .map(|n| html_block(&n.label, fs, Wrap::NEVER))
        .collect();

    let mut nodes: Vec<layered::Node> = measured
        .iter()
        .zip(&d.classes)
        .map(|(m, c)| layered::Node {
            size: m.size,
            outline: layered::geometry::box_outline(m.size.width, m.size.height),
            cluster: c.namespace,
        })
        .collect();
    for t in &note_text {
        let (w, h) = (t.width + 2.0 * NOTE_PAD.0, t.height + 2.0 * NOTE_PAD.1);
        nodes.push(layered::Node {
            size: Size::new(w, h),
            outline: layered::geometry::box_outline(w, h),
            cluster: None,
        });
    }
    let mut edges: Vec<layered::Edge> = d
        .relations
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
    let mut note_edge = Vec::with_capacity(d.notes.len());
    for (k, n) in d.notes.iter().enumerate() {
        note_edge.push(n.class.map(|c| {
            edges.push(layered::Edge {
                from: End::Node(d.classes.len() + k),
                to: End::Node(c),
                label: None,
                min_length: 1,
                weight: 1.0,
                curve: Curve::Basis,
            });
            edges.len() - 1
        }));
    }
    let clusters = d
        .namespaces
        .iter()
        .zip(&titles)
        .map(|(n, t)| layered::Cluster {
            parent: n.parent,
            direction: None,
            title: Size::new(t.width, t.height),
            title_line: t.line_height(),
            titled: !t.is_empty(),
            padding: CLUSTER_PADDING,
        })
        .collect();
    let graph = layered::Graph {
        direction: engine_direction(d.direction),
        nodes,
        edges,
        clusters,
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

    let frames: Vec<Frame> = titles
        .into_iter()
        .zip(&g.clusters)
        .map(|(t, f)| Frame {
            rect: f.rect,
            title_box: (!t.is_empty()).then(|| Rect {
                x: f.title_center.x - t.width / 2.0,
                y: f.title_center.y - t.line_height() / 2.0,
                width: t.width,
                height: t.height,
            }),
            title: t,
        })
        .collect();

    let mut relations: Vec<RelationGeo> = labels
        .into_iter()
        .zip(&g.edges)
        .map(|(label, route)| RelationGeo {
            line: EdgePath {
                path: route.path.clone(),
                points: route.points.clone(),
            },
            label: label.zip(route.label_box).map(|(text, rect)| Placed { text, rect }),
            from_label: None,
            to_label: None,
        })
        .collect();
    let note_links = note_edge
        .iter()
        .map(|k| {
            k.map(|k| EdgePath {
                path: g.edges[k].path.clone(),
                points: g.edges[k].points.clone(),
            })
        })
        .collect();

    let classes: Vec<ClassBox> = measured
        .into_iter()
        .zip(&g.nodes)
        .zip(&d.classes)
        .map(|((m, &rect), c)| place_class(m, rect, c.interface, s.hide_empty))
        .collect();
    let notes: Vec<NoteBox> = note_text
        .into_iter()
        .zip(&g.nodes[d.classes.len()..])
        .map(|(text, &rect)| NoteBox { rect, text })
        .collect();

    let mut geo = Geometry {
        width: g.width,
        height: g.height,
        classes,
        notes,
        note_links,
        relations: Vec::new(),
        frames,
        title,
    };
    place_end_labels(d, &mut relations, &geo, fs);
    geo.relations = relations;
    fit(&mut geo, s.margin);
    geo
}

/// A class box's parts placed inside `rect`.
fn place_class(m: Measured, rect: Rect, interface: bool, hide_empty: bool) -> ClassBox {
    if interface {
        return ClassBox {
            rect,
            annotations: Vec::new(),
            title_top: rect.y + (rect.height - m.title.height) / 2.0,
            title: m.title,
            attributes: Vec::new(),
            methods: Vec::new(),
            attributes_top: rect.bottom(),
            methods_top: rect.bottom(),
        };
    }
    let mut y = rect.y + TITLE_PAD;
    let title_top = y;
    y += m.annotations.iter().map(|a| a.height).sum::<f32>() + m.title.height + TITLE_PAD;
    let attributes_top = y;
    let place = |blocks: Vec<TextBlock>, top: f32| {
        let mut y = top + COMPARTMENT_PAD;
        blocks
            .into_iter()
            .map(|b| {
                let at = y;
                y += b.height;
                (b, at)
            })
            .collect::<Vec<_>>()
    };
    let attr_h = Measured::compartment(&m.attributes, hide_empty);
    let attributes = place(m.attributes, attributes_top);
    let methods_top = attributes_top + attr_h;
    let methods = place(m.methods, methods_top);
    ClassBox {
        rect,
        annotations: m.annotations,
        title: m.title,
        title_top,
        attributes,
        methods,
        attributes_top,
        methods_top,
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

/// A uniform grid over boxes and line segments, for finding what a
/// candidate box would touch without scanning everything.
struct Grid {
    cell: f32,
    cells: std::collections::HashMap<(i32, i32), Vec<usize>>,
    items: Vec<Obstacle>,
}

/// Something an end label must not touch.
#[derive(Debug, Clone, Copy)]
enum Obstacle {
    Box(Rect),
    Segment(Point, Point),
}

impl Grid {
    fn new(cell: f32) -> Grid {
        Grid {
            cell,
            cells: std::collections::HashMap::new(),
            items: Vec::new(),
        }
    }

    fn range(&self, r: &Rect) -> (i32, i32, i32, i32) {
        let f = |v: f32| (v / self.cell).floor().clamp(-1e6, 1e6) as i32;
        (f(r.x), f(r.y), f(r.right()), f(r.bottom()))
    }

    fn insert(&mut self, o: Obstacle) {
        let r = match o {
            Obstacle::Box(r) => r,
            Obstacle::Segment(p, q) => layered::geometry::bounds(&[p, q]),
        };
        let k = self.items.len();
        self.items.push(o);
        let (x0, y0, x1, y1) = self.range(&r);
        // A huge item (never in practice) goes into a bounded range.
        let (x1, y1) = (x1.min(x0 + 4096), y1.min(y0 + 4096));
        for x in x0..=x1 {
            for y in y0..=y1 {
                self.cells.entry((x, y)).or_default().push(k);
            }
        }
    }

    fn hits(&self, r: &Rect) -> bool {
        let (x0, y0, x1, y1) = self.range(r);
        for x in x0..=x1.min(x0 + 64) {
            for y in y0..=y1.min(y0 + 64) {
                if let Some(list) = self.cells.get(&(x, y)) {
                    for &k in list {
                        let hit = match self.items[k] {
                            Obstacle::Box(b) => overlaps(&b, r),
                            Obstacle::Segment(p, q) => segment_hits(p, q, r),
                        };
                        if hit {
                            return true;
                        }
                    }
                }
            }
        }
        false
    }
}

/// Whether two boxes overlap (touching is not overlapping).
pub(crate) fn overlaps(a: &Rect, b: &Rect) -> bool {
    a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom()
}

/// Whether segment `p`–`q` passes through box `r` (Liang–Barsky).
pub(crate) fn segment_hits(p: Point, q: Point, r: &Rect) -> bool {
    let (dx, dy) = (q.x - p.x, q.y - p.y);
    let (mut t0, mut t1) = (0.0f32, 1.0f32);
    for (pk, qk) in [
        (-dx, p.x - r.x),
        (dx, r.right() - p.x),
        (-dy, p.y - r.y),
        (dy, r.bottom() - p.y),
    ] {
        if pk.abs() < 1e-9 {
            if qk < 0.0 {
                return false;
            }
        } else {
            let t = qk / pk;
            if pk < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
            if t0 > t1 {
                return false;
            }
        }
    }
    t1 - t0 > 1e-6
}

/// How far past a box a label keeps, px.
const CLEARANCE: f32 = 2.0;

/// Puts each cardinality beside its end of the line: the first candidate
/// place (near the end, on either side, then farther along the line) that
/// touches no box, label, title or line; the nearest candidate when none
/// is free. Deterministic: relations in order, `from` before `to`.
fn place_end_labels(d: &ClassDiagram, relations: &mut [RelationGeo], geo: &Geometry, fs: f32) {
    if d.relations.iter().all(|r| r.from_card.is_none() && r.to_card.is_none()) {
        return;
    }
    let mut grid = Grid::new(64.0);
    for c in &geo.classes {
        grid.insert(Obstacle::Box(c.rect));
    }
    for n in &geo.notes {
        grid.insert(Obstacle::Box(n.rect));
    }
    for f in &geo.frames {
        if let Some(t) = f.title_box {
            grid.insert(Obstacle::Box(t));
        }
    }
    if let Some(t) = &geo.title {
        grid.insert(Obstacle::Box(t.rect));
    }
    let lines = relations
        .iter()
        .map(|r| &r.line)
        .chain(geo.note_links.iter().flatten());
    for l in lines {
        for w in l.points.windows(2) {
            grid.insert(Obstacle::Segment(w[0], w[1]));
        }
    }
    for r in relations.iter() {
        if let Some(l) = &r.label {
            grid.insert(Obstacle::Box(l.rect));
        }
    }
    for (k, rel) in d.relations.iter().enumerate() {
        for at_end in [false, true] {
            let card = if at_end { &rel.to_card } else { &rel.from_card };
            let Some(card) = card.as_deref().filter(|c| !c.trim().is_empty()) else {
                continue;
            };
            let text = plain_block(&shown_lines(card), fs, false, false);
            if text.is_empty() {
                continue;
            }
            let size = Size::new(text.width + 2.0 * END_PAD.0, text.height + 2.0 * END_PAD.1);
            let points = &relations[k].line.points;
            let rect = end_label_place(points, at_end, size, &grid);
            grid.insert(Obstacle::Box(rect));
            let placed = Some(Placed { text, rect });
            if at_end {
                relations[k].to_label = placed;
            } else {
                relations[k].from_label = placed;
            }
        }
    }
}

/// The box of a `size` label beside the first (or, `at_end`, the last)
/// point of `points`.
fn end_label_place(points: &[Point], at_end: bool, size: Size, grid: &Grid) -> Rect {
    let Some(&tip) = (if at_end { points.last() } else { points.first() }) else {
        return Rect {
            x: 0.0,
            y: 0.0,
            width: size.width,
            height: size.height,
        };
    };
    let along = |dist: f32| point_along(points, at_end, dist);
    let mut first = None;
    for step in 0..12 {
        let dist = 10.0 + 12.0 * step as f32;
        let p = along(dist);
        let q = along(dist + 1.0);
        let (mut ux, mut uy) = (q.x - p.x, q.y - p.y);
        let len = ux.hypot(uy);
        if len < 1e-6 {
            ux = 0.0;
            uy = 1.0;
        } else {
            ux /= len;
            uy /= len;
        }
        let (nx, ny) = (-uy, ux);
        // Half the box's extent across the line, plus a gap.
        let half = (nx.abs() * size.width + ny.abs() * size.height) / 2.0 + 4.0;
        for (side, shift) in [1.0f32, -1.0]
            .into_iter()
            .flat_map(|side| [0.0f32, 12.0, 28.0, 48.0].map(|shift| (side, shift)))
        {
            let across = half + shift;
            let c = Point::new(p.x + nx * across * side, p.y + ny * across * side);
            let rect = Rect {
                x: c.x - size.width / 2.0,
                y: c.y - size.height / 2.0,
                width: size.width,
                height: size.height,
            };
            let inflated = Rect {
                x: rect.x - CLEARANCE,
                y: rect.y - CLEARANCE,
                width: rect.width + 2.0 * CLEARANCE,
                height: rect.height + 2.0 * CLEARANCE,
            };
            first.get_or_insert(rect);
            if !grid.hits(&inflated) {
                return rect;
            }
        }
    }
    // Crowded ends: rings around the tip, farther and farther out.
    for ring in 1..=24 {
        let radius = 20.0 * ring as f32;
        for k in 0..16 {
            let angle = std::f32::consts::TAU * k as f32 / 16.0;
            let c = Point::new(tip.x + radius * angle.cos(), tip.y + radius * angle.sin());
            let rect = Rect {
                x: c.x - size.width / 2.0,
                y: c.y - size.height / 2.0,
                width: size.width,
                height: size.height,
            };
            let inflated = Rect {
                x: rect.x - CLEARANCE,
                y: rect.y - CLEARANCE,
                width: rect.width + 2.0 * CLEARANCE,
                height: rect.height + 2.0 * CLEARANCE,
            };
            if !grid.hits(&inflated) {
                return rect;
            }
        }
    }
    first.unwrap_or_default()
}

/// The point `dist` along the polyline from its start (or its end).
pub(crate) fn point_along(points: &[Point], from_end: bool, dist: f32) -> Point {
    let n = points.len();
    let at = |k: usize| if from_end { points[n - 1 - k] } else { points[k] };
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

/// Grows the drawing (moving everything) so every end label lies at
/// least `margin` inside it.
fn fit(geo: &mut Geometry, margin: f32) {
    let boxes: Vec<Rect> = geo
        .relations
        .iter()
        .flat_map(|r| [&r.from_label, &r.to_label])
        .flatten()
        .map(|p| p.rect)
        .collect();
    if boxes.is_empty() {
        return;
    }
    let min_x = boxes.iter().map(|r| r.x).fold(f32::INFINITY, f32::min);
    let min_y = boxes.iter().map(|r| r.y).fold(f32::INFINITY, f32::min);
    let max_x = boxes.iter().map(|r| r.right()).fold(f32::NEG_INFINITY, f32::max);
    let max_y = boxes.iter().map(|r| r.bottom()).fold(f32::NEG_INFINITY, f32::max);
    let dx = (margin - min_x).max(0.0);
    let dy = (margin - min_y).max(0.0);
    if dx > 0.0 || dy > 0.0 {
        translate(geo, dx, dy);
    }
    geo.width = (geo.width + dx).max(max_x + dx + margin);
    geo.height = (geo.height + dy).max(max_y + dy + margin);
}

/// Moves everything by `(dx, dy)`.
fn translate(geo: &mut Geometry, dx: f32, dy: f32) {
    let mv = |r: &mut Rect| {
        r.x += dx;
        r.y += dy;
    };
    let mvp = |p: &mut Point| {
        p.x += dx;
        p.y += dy;
    };
    let mv_line = |l: &mut EdgePath| {
        l.points.iter_mut().for_each(mvp);
        l.path.iter_mut().flatten().for_each(mvp);
    };
    for c in &mut geo.classes {
        mv(&mut c.rect);
        c.title_top += dy;
        c.attributes_top += dy;
        c.methods_top += dy;
        c.attributes.iter_mut().for_each(|(_, y)| *y += dy);
        c.methods.iter_mut().for_each(|(_, y)| *y += dy);
    }
    for n in &mut geo.notes {
        mv(&mut n.rect);
    }
    for l in geo.note_links.iter_mut().flatten() {
        mv_line(l);
    }
    for r in &mut geo.relations {
        mv_line(&mut r.line);
        for p in [&mut r.label, &mut r.from_label, &mut r.to_label]
            .into_iter()
            .flatten()
        {
            mv(&mut p.rect);
        }
    }
    for f in &mut geo.frames {
        mv(&mut f.rect);
        if let Some(t) = &mut f.title_box {
            mv(t);
        }
    }
    if let Some(t) = &mut geo.title {
        mv(&mut t.rect);
    }
}
