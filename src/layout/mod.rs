//! Layered (Sugiyama) layout of a flowchart on a petgraph graph.
//!
//! Phases, one module each, run in this order by [`layout`]:
//! `acyclic` (reverse a feedback arc set) → `rank` (layers) → normalise
//! (dummy nodes for long edges, label nodes, cluster fillers; in this file) →
//! `order` (crossing reduction, clusters as blocks) → `position`
//! (coordinates) → `route` (edge paths clipped to shape outlines).
//! The result, [`Layout`], is plain geometry in SVG user units.

mod acyclic;
mod compound;
pub mod geometry;
mod graph;
mod json;
mod order;
mod position;
mod rank;
mod route;
mod simplex;

use petgraph::stable_graph::{NodeIndex, StableGraph};
use petgraph::visit::NodeIndexable;

use crate::model::{Direction, Flowchart, LabelKind, Shape, Stroke};
use crate::text::{layout_label, layout_text, TextBlock};
pub use geometry::{Point, Rect};
use graph::{Cluster, LEdge, LNode, LayoutGraph, NodeKind};
use position::{Pads, Spacing};

/// A laid-out node.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeLayout {
    /// Flowchart node id.
    pub id: String,
    /// Shape drawn.
    pub shape: Shape,
    /// Bounding box of the drawn shape.
    pub rect: Rect,
    /// The label, decoded and measured (empty for label-less shapes).
    pub label: TextBlock,
    /// Innermost subgraph (index into `Layout::clusters`).
    pub parent: Option<usize>,
}

/// One cubic Bézier piece of an edge path: start, two controls, end.
pub type Cubic = [Point; 4];

/// A laid-out edge.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeLayout {
    /// Source node or subgraph id.
    pub from: String,
    /// Target node or subgraph id.
    pub to: String,
    /// The drawn path as cubic pieces, from the source outline to the
    /// target outline (where the arrow tip is).
    pub path: Vec<Cubic>,
    /// The path flattened to a polyline (within a fraction of a unit).
    pub points: Vec<Point>,
    /// The label, decoded and measured.
    pub label: Option<TextBlock>,
    /// The label's background box.
    pub label_box: Option<Rect>,
}

/// A laid-out subgraph frame.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterLayout {
    /// Subgraph id.
    pub id: String,
    /// The frame, title included.
    pub rect: Rect,
    /// The title, decoded and measured.
    pub title: TextBlock,
    /// Centre of the title's first line box.
    pub title_center: Point,
    /// Enclosing subgraph.
    pub parent: Option<usize>,
}

/// The geometry of a whole diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Drawing width, margins included.
    pub width: f32,
    /// Drawing height, margins included.
    pub height: f32,
    /// Direction of the diagram.
    pub direction: Direction,
    /// Nodes, in flowchart order.
    pub nodes: Vec<NodeLayout>,
    /// Edges, in flowchart order.
    pub edges: Vec<EdgeLayout>,
    /// Subgraph frames, in flowchart order.
    pub clusters: Vec<ClusterLayout>,
    /// The diagram's title (front matter `title:`), measured, and the centre
    /// of its first line, above everything else.
    pub title: Option<(TextBlock, Point)>,
}

impl Layout {
    /// The layout as JSON in the schema of `tools/LAYOUT_JSON.md`.
    pub fn to_json(&self) -> String {
        json::to_json(self)
    }
}

/// Settings the layout reads from the flowchart's config.
#[derive(Debug, Clone, Copy)]
struct Settings {
    font_size: f32,
    node_spacing: f32,
    rank_spacing: f32,
    wrapping_width: f32,
    margin: f32,
}

impl Settings {
    fn from(chart: &Flowchart) -> Settings {
        let c = &chart.config;
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
            wrapping_width: c.wrapping_width.filter(|s| *s > 10.0).unwrap_or(200.0),
            margin: c
                .diagram_padding
                .filter(|s| s.is_finite() && *s >= 0.0)
                .unwrap_or(8.0),
        }
    }
}

/// Padding inside a subgraph frame.
const CLUSTER_PADDING: f32 = 15.0;
/// Room between a self-loop and its node.
const LOOP_REACH: f32 = 22.0;

/// One end of an edge: a node, or a subgraph (edges to subgraphs end on the
/// frame).
#[derive(Debug, Clone, Copy, PartialEq)]
enum End {
    Node(usize),
    Cluster(usize),
}

/// Lays out `chart`. Never fails: every parsed flowchart gets a picture.
/// Guarantees (tested on the seed diagrams, the corpus and generated graphs):
/// nodes never overlap; frames hold their members and keep foreign nodes and
/// sibling frames out; edges leave and enter on shape outlines and do not
/// cross nodes they do not join.
pub fn layout(chart: &Flowchart) -> Layout {
    let mut l = compound::layout_with_directions(chart);
    // A front-matter title gets a band of its own above the drawing.
    let title = chart
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    if let Some(title) = title {
        let s = Settings::from(chart);
        let block = layout_text(title, LabelKind::Text, s.font_size * 1.125, f32::INFINITY);
        let band = block.height + 8.0;
        l.translate(0.0, band);
        l.height += band;
        let width = block.width + 2.0 * s.margin;
        if width > l.width {
            l.translate((width - l.width) / 2.0, 0.0);
            l.width = width;
        }
        let centre = Point::new(l.width / 2.0, s.margin + block.line_height() / 2.0);
        l.title = Some((block, centre));
    }
    l
}

/// The layered layout of one direction: every subgraph is laid out in
/// `chart.direction`. `fixed` gives node sizes decided elsewhere (blocks
/// standing for subgraphs laid out in their own direction).
fn layout_flat(chart: &Flowchart, fixed: &std::collections::HashMap<String, (f32, f32)>) -> Layout {
    let s = Settings::from(chart);
    let horizontal = chart.direction.is_horizontal();
    let orient = |w: f32, h: f32| if horizontal { (h, w) } else { (w, h) };

    // Measure.
    let labels: Vec<TextBlock> = chart
        .nodes
        .iter()
        .map(|n| {
            if n.shape.hides_label() {
                TextBlock {
                    font_size: s.font_size,
                    ..Default::default()
                }
            } else {
                match &n.label {
                    Some(l) => layout_label(l, s.font_size, s.wrapping_width),
                    None => layout_text(&n.id, LabelKind::Text, s.font_size, s.wrapping_width),
                }
            }
        })
        .collect();
    let sizes: Vec<(f32, f32)> = chart
        .nodes
        .iter()
        .zip(&labels)
        .map(|(n, t)| {
            fixed.get(&n.id).copied().unwrap_or_else(|| match n.shape {
                Shape::Icon | Shape::Image => geometry::asset_node_size(n.shape, n.asset_size, t),
                _ => geometry::node_size(n.shape, t),
            })
        })
        .collect();
    let edge_labels: Vec<Option<TextBlock>> = chart
        .edges
        .iter()
        .map(|e| {
            e.label
                .as_ref()
                .map(|l| layout_label(l, s.font_size, s.wrapping_width))
                .filter(|t| !t.is_empty())
        })
        .collect();
    let has_labels = edge_labels.iter().any(Option::is_some);
    // With labels every edge spans twice its length so labels get a rank of
    // their own (as dagre does); the gap between ranks halves to match.
    let rank_scale = if has_labels { 2 } else { 1 };
    let rank_gap = s.rank_spacing / rank_scale as f32;

    // Edge ends; self-loops are kept aside.
    let ids = Ids::new(chart);
    let resolved: Vec<Option<(End, End)>> = chart
        .edges
        .iter()
        .map(|e| Some((ids.resolve(&e.from)?, ids.resolve(&e.to)?)))
        .collect();
    let valid: Vec<bool> = resolved.iter().map(Option::is_some).collect();
    let ends: Vec<(End, End)> = resolved
        .iter()
        .map(|r| r.unwrap_or((End::Cluster(usize::MAX), End::Cluster(usize::MAX))))
        .collect();
    let is_loop: Vec<bool> = ends
        .iter()
        .zip(&valid)
        .map(|((a, b), &v)| v && a == b)
        .collect();

    // Loops widen their node so the loop and its label have room.
    let mut loop_room = vec![0.0f32; chart.nodes.len()];
    for (i, &(a, _)) in ends.iter().enumerate() {
        if let (true, End::Node(n)) = (is_loop[i], a) {
            let label_room = edge_labels[i].as_ref().map_or(0.0, |t| {
                let (b, _) = orient(t.width + 8.0, t.height + 4.0);
                b + 4.0
            });
            loop_room[n] += LOOP_REACH + label_room;
        }
    }

    // Clusters.
    let title_blocks: Vec<TextBlock> = chart
        .subgraphs
        .iter()
        .map(|sg| match &sg.title {
            Some(l) => layout_label(l, s.font_size, s.wrapping_width),
            None => TextBlock {
                font_size: s.font_size,
                ..Default::default()
            },
        })
        .collect();
    let mut clusters: Vec<Cluster> = chart
        .subgraphs
        .iter()
        .zip(&title_blocks)
        .map(|(sg, title)| {
            let mut depth = 0;
            let mut p = sg.parent;
            while let Some(i) = p {
                depth += 1;
                p = chart.subgraphs.get(i).and_then(|x| x.parent);
                if depth > chart.subgraphs.len() {
                    break;
                }
            }
            let head = if title.is_empty() {
                0.0
            } else {
                title.height + 4.0
            };
            Cluster {
                parent: sg.parent,
                depth,
                padding: CLUSTER_PADDING,
                min_breadth: if horizontal {
                    0.0
                } else {
                    title.width + 2.0 * CLUSTER_PADDING
                },
                head,
                ranks: None,
                lo: 0.0,
                hi: 0.0,
            }
        })
        .collect();
    let pads: Vec<Pads> = clusters
        .iter()
        .map(|c| {
            let p = c.padding;
            match chart.direction {
                Direction::TopBottom => Pads {
                    order_lo: p,
                    order_hi: p,
                    rank_lo: p + c.head,
                    rank_hi: p,
                },
                Direction::BottomTop => Pads {
                    order_lo: p,
                    order_hi: p,
                    rank_lo: p,
                    rank_hi: p + c.head,
                },
                Direction::LeftRight | Direction::RightLeft => Pads {
                    order_lo: p + c.head,
                    order_hi: p,
                    rank_lo: p,
                    rank_hi: p,
                },
            }
        })
        .collect();

    // The graph: real nodes, then a filler for each empty subgraph.
    let mut g: StableGraph<LNode, LEdge> = StableGraph::new();
    let node_of: Vec<NodeIndex> = chart
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let (b, d) = orient(sizes[i].0, sizes[i].1);
            g.add_node(LNode::new(
                NodeKind::Real(i),
                b + 2.0 * loop_room[i],
                d,
                n.parent,
            ))
        })
        .collect();
    let mut members: Vec<Vec<NodeIndex>> = vec![Vec::new(); clusters.len()];
    for (i, n) in chart.nodes.iter().enumerate() {
        let mut p = n.parent;
        let mut guard = 0;
        while let Some(c) = p {
            members[c].push(node_of[i]);
            p = clusters[c].parent;
            guard += 1;
            if guard > clusters.len() {
                break;
            }
        }
    }
    let mut empty_filler: Vec<Option<NodeIndex>> = vec![None; clusters.len()];
    for c in 0..clusters.len() {
        if members[c].is_empty() {
            let (b, d) = orient(40.0, 20.0);
            let f = g.add_node(LNode::new(NodeKind::Filler(c), b, d, Some(c)));
            empty_filler[c] = Some(f);
            let mut p = Some(c);
            while let Some(x) = p {
                members[x].push(f);
                p = clusters[x].parent;
            }
        }
    }
    let mut lg = LayoutGraph {
        graph: g,
        node_of,
        clusters: Vec::new(),
        layers: Vec::new(),
        chains: Vec::new(),
    };
    let end_nodes = |end: End| -> Vec<NodeIndex> {
        match end {
            End::Node(i) => vec![lg.node_of[i]],
            End::Cluster(c) => members[c].clone(),
        }
    };

    // Ranking on constraint edges: an edge to a subgraph keeps the whole
    // subgraph on its far side.
    let mut rank_edges: Vec<(usize, usize, f32, i32)> = Vec::new();
    for (i, e) in chart.edges.iter().enumerate() {
        if is_loop[i] || !valid[i] {
            continue;
        }
        let (from, to) = (end_nodes(ends[i].0), end_nodes(ends[i].1));
        let minlen = i32::from(e.length.max(1)) * rank_scale;
        let weight = if e.stroke == Stroke::Invisible {
            0.5
        } else {
            1.0
        };
        let pairs = from.len() * to.len();
        if pairs > 4096 {
            rank_edges.push((from[0].index(), to[0].index(), weight, minlen));
            continue;
        }
        for &u in &from {
            for &v in &to {
                if u != v {
                    rank_edges.push((u.index(), v.index(), weight / pairs as f32, minlen));
                }
            }
        }
    }
    let n_bound = lg.graph.node_bound();
    let reversed = acyclic::feedback_edges(
        n_bound,
        &rank_edges
            .iter()
            .map(|&(u, v, w, _)| (u, v, w))
            .collect::<Vec<_>>(),
    );
    let dag: Vec<(usize, usize, i32, f32)> = rank_edges
        .iter()
        .zip(&reversed)
        .map(|(&(u, v, w, len), &r)| if r { (v, u, len, w) } else { (u, v, len, w) })
        .collect();
    let ranks = rank::assign_ranks(n_bound, &dag);
    for n in lg.graph.node_indices().collect::<Vec<_>>() {
        lg.graph[n].rank = ranks[n.index()];
    }

    // Drawn edges: subgraph ends pick the member nearest the other end.
    let rank_of = |lg: &LayoutGraph, n: NodeIndex| lg.graph[n].rank;
    let mut chains: Vec<Option<(Vec<NodeIndex>, bool)>> = vec![None; chart.edges.len()];
    let mut flat: Vec<Option<(NodeIndex, NodeIndex)>> = vec![None; chart.edges.len()];
    for (i, _) in chart.edges.iter().enumerate() {
        if is_loop[i] || !valid[i] {
            continue;
        }
        let from = end_nodes(ends[i].0);
        let to = end_nodes(ends[i].1);
        let a = *from
            .iter()
            .max_by_key(|&&n| (rank_of(&lg, n), std::cmp::Reverse(n.index())))
            .expect("an end has a node");
        let b = *to
            .iter()
            .min_by_key(|&&n| (rank_of(&lg, n), n.index()))
            .expect("an end has a node");
        let (ra, rb) = (rank_of(&lg, a), rank_of(&lg, b));
        if ra == rb {
            flat[i] = Some((a, b));
            continue;
        }
        let (top, bottom, rev) = if ra < rb { (a, b, false) } else { (b, a, true) };
        let mut chain = vec![top];
        let (rt, rbm) = (rank_of(&lg, top), rank_of(&lg, bottom));
        let dummy_cluster = lg_common(&clusters, lg.graph[top].cluster, lg.graph[bottom].cluster);
        let label_rank = edge_labels[i].as_ref().map(|_| rt + (rbm - rt) / 2);
        for r in rt + 1..rbm {
            let node = match (label_rank == Some(r), &edge_labels[i]) {
                (true, Some(t)) => {
                    let (b, d) = orient(t.width + 8.0, t.height + 4.0);
                    LNode::new(NodeKind::Label(i), b, d, dummy_cluster)
                }
                _ => LNode::new(NodeKind::Dummy(i), 0.0, 0.0, dummy_cluster),
            };
            let mut node = node;
            node.rank = r;
            chain.push(lg.graph.add_node(node));
        }
        chain.push(bottom);
        for w in chain.windows(2) {
            lg.graph.add_edge(
                w[0],
                w[1],
                LEdge {
                    edge: Some(i),
                    weight: 1.0,
                },
            );
        }
        chains[i] = Some((chain, rev));
    }

    // Cluster rank spans, and fillers on ranks a cluster spans but has no
    // member on.
    for c in &mut clusters {
        c.ranks = None;
    }
    let mut present: Vec<std::collections::BTreeSet<i32>> =
        vec![Default::default(); clusters.len()];
    for n in lg.graph.node_indices() {
        let node = &lg.graph[n];
        let mut p = node.cluster;
        while let Some(c) = p {
            let r = node.rank;
            clusters[c].ranks = Some(match clusters[c].ranks {
                None => (r, r),
                Some((lo, hi)) => (lo.min(r), hi.max(r)),
            });
            present[c].insert(r);
            p = clusters[c].parent;
        }
    }
    for c in 0..clusters.len() {
        if let Some((lo, hi)) = clusters[c].ranks {
            for r in lo..=hi {
                if !present[c].contains(&r) {
                    let mut f = LNode::new(NodeKind::Filler(c), 0.0, 0.0, Some(c));
                    f.rank = r;
                    lg.graph.add_node(f);
                    let mut p = Some(c);
                    while let Some(x) = p {
                        present[x].insert(r);
                        p = clusters[x].parent;
                    }
                }
            }
        }
    }
    lg.clusters = clusters;

    order::order(&mut lg);
    let spacing = Spacing {
        node: s.node_spacing,
        edge: 20.0,
        cluster: 30.0,
        rank: rank_gap,
    };
    position::place_along_ranks(&mut lg, &pads, spacing);
    let (centres, band) = position::place_ranks(&lg, &pads, spacing.rank);

    route::finish(route::Input {
        chart,
        lg: &lg,
        labels,
        sizes,
        edge_labels,
        title_blocks,
        pads: &pads,
        centres: &centres,
        band: &band,
        ends: &ends
            .iter()
            .zip(&valid)
            .map(|(&(a, b), &v)| {
                if v {
                    (end_cluster(a), end_cluster(b))
                } else {
                    (None, None)
                }
            })
            .collect::<Vec<_>>(),
        chains: &chains,
        flat: &flat,
        loops: &is_loop,
        margin: s.margin,
        empty_filler: &empty_filler,
    })
}

fn end_cluster(e: End) -> Option<usize> {
    match e {
        End::Cluster(c) => Some(c),
        End::Node(_) => None,
    }
}

fn lg_common(clusters: &[Cluster], a: Option<usize>, b: Option<usize>) -> Option<usize> {
    let chain = |mut c: Option<usize>| {
        let mut v = Vec::new();
        while let Some(i) = c {
            v.push(i);
            c = clusters[i].parent;
            if v.len() > clusters.len() {
                break;
            }
        }
        v
    };
    // Chains run innermost first and share exactly their outer part, so the
    // innermost common cluster ends the common tail (linear in the depth).
    let (ca, cb) = (chain(a), chain(b));
    let common = ca
        .iter()
        .rev()
        .zip(cb.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    (common > 0).then(|| ca[ca.len() - common])
}

/// Lookup of node and subgraph ids.
struct Ids<'a> {
    nodes: std::collections::HashMap<&'a str, usize>,
    subgraphs: std::collections::HashMap<&'a str, usize>,
}

impl<'a> Ids<'a> {
    fn new(chart: &'a Flowchart) -> Self {
        let mut nodes = std::collections::HashMap::new();
        for (i, n) in chart.nodes.iter().enumerate() {
            nodes.entry(n.id.as_str()).or_insert(i);
        }
        let mut subgraphs = std::collections::HashMap::new();
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

/// The golden-ratio increment of SplitMix64, for spreading small integers
/// before [`splitmix`].
const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 finaliser: a fixed, well-spread hash of `z`. The layout's
/// only source of "randomness" (perturbations in `simplex`, child orders of
/// restarts in `order`), so output stays the same on every machine.
fn splitmix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
