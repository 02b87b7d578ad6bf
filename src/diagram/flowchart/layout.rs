//! Layout of a flowchart: measures its labels and shapes, hands the
//! layered engine (`src/layered/`) a typed graph of sizes, outlines,
//! clusters and edge ends, and puts the labels back onto the geometry it
//! returns, as the shared [`Layout`].

use std::collections::HashMap;

use super::model::{Curve, Direction, Flowchart, LabelKind, Shape, Stroke};
use super::shape;
use crate::layered::{self, End, Size};
use crate::layout::{ClusterLayout, EdgeLayout, Layout, NodeLayout, Point, Rect};
use crate::text::{layout_label, layout_text, TextBlock, Wrap};

/// Settings the layout reads from the flowchart's config.
#[derive(Debug, Clone, Copy)]
struct Settings {
    font_size: f32,
    node_spacing: f32,
    rank_spacing: f32,
    /// How node labels wrap (`flowchart.wrappingWidth`).
    node_wrap: Wrap,
    /// How edge labels wrap: Mermaid gives them its `createText` default
    /// of 200 px whatever `wrappingWidth` says.
    edge_wrap: Wrap,
    margin: f32,
}

impl Settings {
    fn from(chart: &Flowchart) -> Settings {
        let c = &chart.config;
        let wrap = |width| Wrap {
            width,
            html: c.html_labels.unwrap_or(true),
            markdown_auto_wrap: c.markdown_auto_wrap.unwrap_or(true),
        };
        let font_size = c
            .font_size
            .filter(|s| *s > 1.0 && *s < 200.0)
            .unwrap_or(16.0);
        Settings {
            font_size,
            node_spacing: c
                .node_spacing
                .filter(|s| s.is_finite() && *s >= 0.0)
                .unwrap_or(50.0),
            rank_spacing: c
                .rank_spacing
                .filter(|s| s.is_finite() && *s >= 0.0)
                .unwrap_or(50.0),
            node_wrap: wrap(c.wrapping_width.filter(|s| *s > 10.0).unwrap_or(200.0)),
            edge_wrap: wrap(EDGE_WRAP_WIDTH),
            margin: c
                .diagram_padding
                .filter(|s| s.is_finite() && *s >= 0.0)
                .unwrap_or(8.0),
        }
    }
}

/// Width edge labels wrap at (Mermaid's `createText` default).
const EDGE_WRAP_WIDTH: f32 = 200.0;

/// Padding inside a subgraph frame.
const CLUSTER_PADDING: f32 = 15.0;

/// Room around an edge label's text in its box (width, height).
const LABEL_PAD: (f32, f32) = (8.0, 4.0);

/// Lays out `chart`. Never fails: every parsed flowchart gets a picture.
/// Guarantees (tested on the seed diagrams, the corpus and generated graphs):
/// nodes never overlap; frames hold their members and keep foreign nodes and
/// sibling frames out; edges leave and enter on shape outlines and do not
/// cross nodes they do not join.
pub(crate) fn layout(chart: &Flowchart) -> Layout {
    let s = Settings::from(chart);
    let text = Measured::new(chart, &s);
    let (graph, edge_of) = graph(chart, &s, &text);
    let mut g = layered::layout(&graph);
    // A front-matter title gets a band of its own above the drawing.
    let title = chart
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|title| {
            let block = layout_text(title, LabelKind::Text, s.font_size * 1.125, Wrap::NEVER);
            let band = block.height + 8.0;
            g.translate(0.0, band);
            g.height += band;
            let width = block.width + 2.0 * s.margin;
            if width > g.width {
                g.translate((width - g.width) / 2.0, 0.0);
                g.width = width;
            }
            let centre = Point::new(g.width / 2.0, s.margin + block.line_height() / 2.0);
            (block, centre)
        });
    let mut l = assemble(chart, text, &edge_of, g);
    l.title = title;
    l
}

/// The flowchart's texts, measured.
struct Measured {
    /// Each node's label (empty for label-less shapes).
    nodes: Vec<TextBlock>,
    /// Each edge's label, when it shows.
    edges: Vec<Option<TextBlock>>,
    /// Each subgraph's title.
    titles: Vec<TextBlock>,
}

impl Measured {
    fn new(chart: &Flowchart, s: &Settings) -> Measured {
        let empty = || TextBlock {
            font_size: s.font_size,
            ..Default::default()
        };
        let nodes = chart
            .nodes
            .iter()
            .map(|n| {
                if n.shape.hides_label() {
                    empty()
                } else {
                    match &n.label {
                        Some(l) => flowchart_label(l, s.font_size, s.node_wrap),
                        None => layout_text(&n.id, LabelKind::Text, s.font_size, s.node_wrap),
                    }
                }
            })
            .collect();
        let edges = chart
            .edges
            .iter()
            .map(|e| {
                e.label
                    .as_ref()
                    .map(|l| flowchart_label(l, s.font_size, s.edge_wrap))
                    .filter(|t| !t.is_empty())
            })
            .collect();
        let titles = chart
            .subgraphs
            .iter()
            .map(|sg| match &sg.title {
                // Mermaid wraps a title at its frame's width, which its
                // layout made for the members alone; our frames grow to
                // hold the title, so it never needs to wrap.
                Some(l) => flowchart_label(l, s.font_size, Wrap::NEVER),
                None => empty(),
            })
            .collect();
        Measured {
            nodes,
            edges,
            titles,
        }
    }
}

/// A flowchart label measured: in plain labels the two characters `\n`
/// break the line too, as in Mermaid's flowcharts (markdown and KaTeX
/// `$$…$$` labels, where `\nu` is a letter, keep them).
fn flowchart_label(label: &crate::diagram::flowchart::model::Label, font_size: f32, wrap: Wrap) -> TextBlock {
    if label.kind == LabelKind::Text && label.text.contains("\\n") && !label.text.contains("$$") {
        let text = label.text.replace("\\n", "\n");
        layout_text(&text, label.kind, font_size, wrap)
    } else {
        layout_label(label, font_size, wrap)
    }
}

/// The engine's graph of `chart`, and for each flowchart edge its index in
/// the graph (`None` when an end names neither a node nor a subgraph).
fn graph(chart: &Flowchart, s: &Settings, text: &Measured) -> (layered::Graph, Vec<Option<usize>>) {
    let nodes = chart
        .nodes
        .iter()
        .zip(&text.nodes)
        .map(|(n, t)| {
            let (w, h) = match n.shape {
                Shape::Icon | Shape::Image => shape::asset_node_size(n.shape, n.asset_size, t),
                _ => shape::node_size(n.shape, t),
            };
            layered::Node {
                size: Size::new(w, h),
                outline: shape::outline(n.shape, w, h),
                cluster: n.parent,
            }
        })
        .collect();
    let clusters = chart
        .subgraphs
        .iter()
        .zip(&text.titles)
        .map(|(sg, t)| layered::Cluster {
            parent: sg.parent,
            direction: sg.direction.map(direction),
            title: Size::new(t.width, t.height),
            title_line: t.line_height(),
            titled: !t.is_empty(),
            padding: CLUSTER_PADDING,
        })
        .collect();
    let ids = Ids::new(chart);
    let default_curve = chart.config.curve.unwrap_or_default();
    let mut edges = Vec::with_capacity(chart.edges.len());
    let edge_of = chart
        .edges
        .iter()
        .zip(&text.edges)
        .map(|(e, label)| {
            let (from, to) = (ids.resolve(&e.from)?, ids.resolve(&e.to)?);
            edges.push(layered::Edge {
                from,
                to,
                label: label
                    .as_ref()
                    .map(|t| Size::new(t.width + LABEL_PAD.0, t.height + LABEL_PAD.1)),
                min_length: i32::from(e.length.max(1)),
                weight: if e.stroke == Stroke::Invisible {
                    0.5
                } else {
                    1.0
                },
                curve: curve(e.curve.unwrap_or(default_curve)),
            });
            Some(edges.len() - 1)
        })
        .collect();
    let graph = layered::Graph {
        direction: direction(chart.direction),
        nodes,
        edges,
        clusters,
        spacing: layered::Spacing {
            node: s.node_spacing,
            rank: s.rank_spacing,
            margin: s.margin,
            compound_margin: chart.config.diagram_padding.unwrap_or(8.0),
        },
    };
    (graph, edge_of)
}

/// The flowchart's layout from the engine's geometry: ids, shapes and
/// texts put back.
fn assemble(
    chart: &Flowchart,
    text: Measured,
    edge_of: &[Option<usize>],
    g: layered::Geometry,
) -> Layout {
    let nodes = chart
        .nodes
        .iter()
        .zip(text.nodes)
        .zip(&g.nodes)
        .map(|((n, label), &rect)| NodeLayout {
            id: n.id.clone(),
            shape: n.shape,
            rect,
            label,
            parent: n.parent,
        })
        .collect();
    let mut routes: Vec<Option<layered::Route>> = g.edges.into_iter().map(Some).collect();
    let edges = chart
        .edges
        .iter()
        .zip(text.edges)
        .zip(edge_of)
        .map(|((e, label), k)| {
            let route = k.and_then(|k| routes[k].take()).unwrap_or_default();
            EdgeLayout {
                from: e.from.clone(),
                to: e.to.clone(),
                path: route.path,
                points: route.points,
                label,
                label_box: route.label_box,
                end_label_boxes: Vec::new(),
            }
        })
        .collect();
    let clusters = chart
        .subgraphs
        .iter()
        .zip(text.titles)
        .zip(&g.clusters)
        .map(|((sg, title), frame)| ClusterLayout {
            id: sg.id.clone(),
            rect: frame.rect,
            title_box: title_box(&title, frame.title_center),
            title,
            title_center: frame.title_center,
            parent: sg.parent,
        })
        .collect();
    Layout {
        width: g.width,
        height: g.height,
        direction: chart.direction,
        nodes,
        edges,
        clusters,
        title: None,
    }
}

/// The box the scene draws `title` in: centred on `centre` along x, its
/// first line centred on `centre` along y.
fn title_box(title: &TextBlock, centre: Point) -> Option<Rect> {
    (!title.is_empty()).then(|| Rect {
        x: centre.x - title.width / 2.0,
        y: centre.y - title.line_height() / 2.0,
        width: title.width,
        height: title.height,
    })
}

/// The engine's direction for a flowchart direction.
fn direction(d: Direction) -> layered::Direction {
    match d {
        Direction::TopBottom => layered::Direction::TopBottom,
        Direction::BottomTop => layered::Direction::BottomTop,
        Direction::LeftRight => layered::Direction::LeftRight,
        Direction::RightLeft => layered::Direction::RightLeft,
    }
}

/// The engine's curve for a flowchart curve: the splines Mermaid offers
/// beyond these are drawn as its default B-spline.
fn curve(c: Curve) -> layered::Curve {
    match c {
        Curve::Linear => layered::Curve::Linear,
        Curve::Step => layered::Curve::Step,
        Curve::StepBefore => layered::Curve::StepBefore,
        Curve::StepAfter => layered::Curve::StepAfter,
        Curve::Basis
        | Curve::Cardinal
        | Curve::CatmullRom
        | Curve::MonotoneX
        | Curve::MonotoneY
        | Curve::Natural
        | Curve::BumpX
        | Curve::BumpY => layered::Curve::Basis,
    }
}

/// Lookup of node and subgraph ids.
struct Ids<'a> {
    nodes: HashMap<&'a str, usize>,
    subgraphs: HashMap<&'a str, usize>,
}

impl<'a> Ids<'a> {
    fn new(chart: &'a Flowchart) -> Self {
        let mut nodes = HashMap::new();
        for (i, n) in chart.nodes.iter().enumerate() {
            nodes.entry(n.id.as_str()).or_insert(i);
        }
        let mut subgraphs = HashMap::new();
        for (i, s) in chart.subgraphs.iter().enumerate() {
            subgraphs.entry(s.id.as_str()).or_insert(i);
        }
        Ids { nodes, subgraphs }
    }

    /// An edge end named `id`: a subgraph when one has that id (Mermaid
    /// prefers the subgraph), else a node.
    fn resolve(&self, id: &str) -> Option<End> {
        if let Some(&c) = self.subgraphs.get(id) {
            return Some(End::Cluster(c));
        }
        self.nodes.get(id).map(|&n| End::Node(n))
    }
}
