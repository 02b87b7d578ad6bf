//! The layered (Sugiyama) layout engine: nodes, edges and nested clusters
//! in, boxes and edge paths out. It knows sizes, outlines, labels' boxes and
//! cluster titles' boxes, never a diagram family: each family turns its
//! model into a [`Graph`] and its own labels back onto the [`Geometry`].
//!
//! Phases, one module each, run in this order by [`layout`]:
//! `compound` (clusters with a direction of their own become blocks laid out
//! apart) → per direction: `normalize` (loop room, cluster pads, fillers;
//! `acyclic` reverses the edges that close a cycle in reading order, `rank` assigns layers, then long
//! edges get dummy nodes and labels a node of their own) → `order` (crossing
//! reduction, clusters as blocks) → `position` (coordinates) → `route`
//! (edge paths clipped to node outlines or cluster frames); last, `titles`
//! takes edges around cluster titles they would still run through.
//! The result is plain geometry in SVG user units.

mod acyclic;
mod compound;
pub mod geometry;
mod graph;
mod normalize;
mod order;
mod position;
mod rank;
mod route;
mod simplex;
mod titles;

pub use geometry::{Point, Rect};
use position::Spacing as Gaps;

/// Which way ranks run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    /// Ranks stacked from the top down.
    #[default]
    TopBottom,
    /// Ranks stacked from the bottom up.
    BottomTop,
    /// Ranks side by side from the left.
    LeftRight,
    /// Ranks side by side from the right.
    RightLeft,
}

impl Direction {
    /// True when ranks are columns (`LeftRight`, `RightLeft`).
    pub fn is_horizontal(self) -> bool {
        matches!(self, Direction::LeftRight | Direction::RightLeft)
    }
}

/// How an edge's route is turned into a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Curve {
    /// Uniform cubic B-spline through the route (d3's `curveBasis`).
    #[default]
    Basis,
    /// Straight segments.
    Linear,
    /// Axis-parallel steps turning halfway.
    Step,
    /// Steps that turn at the start of each segment.
    StepBefore,
    /// Steps that turn at the end of each segment.
    StepAfter,
}

/// A width and a height.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Size {
    /// Extent along x.
    pub width: f32,
    /// Extent along y.
    pub height: f32,
}

impl Size {
    /// The size `width` × `height`.
    pub fn new(width: f32, height: f32) -> Self {
        Size { width, height }
    }
}

/// A node to place.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Its drawn size.
    pub size: Size,
    /// The outline edges are clipped to, as a closed polygon centred on the
    /// origin (within `size`).
    pub outline: Vec<Point>,
    /// Innermost cluster holding it (index into [`Graph::clusters`]).
    pub cluster: Option<usize>,
}

/// One end of an edge: a node, or a cluster (the edge ends on its frame and
/// keeps the whole cluster on its side in the ranking).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// Index into [`Graph::nodes`].
    Node(usize),
    /// Index into [`Graph::clusters`].
    Cluster(usize),
}

/// An edge to route.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// Source end.
    pub from: End,
    /// Target end (where the path ends, at the outline).
    pub to: End,
    /// Size of the label's box, when the edge has a label: it gets a rank
    /// of its own between the ends.
    pub label: Option<Size>,
    /// Least number of ranks between the ends (at least 1).
    pub min_length: i32,
    /// How strongly the ranking pulls the ends together.
    pub weight: f32,
    /// How the route becomes a path.
    pub curve: Curve,
}

/// A cluster: a frame around its members (nodes and clusters naming it as
/// their cluster or parent).
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// Enclosing cluster; parents come before their children.
    pub parent: Option<usize>,
    /// Its own direction, when it has one (a cluster whose direction
    /// differs from its surroundings is laid out on its own).
    pub direction: Option<Direction>,
    /// Size of the title's text block.
    pub title: Size,
    /// Height of the title's first line.
    pub title_line: f32,
    /// Whether the title shows (and so takes room at the frame's top).
    pub titled: bool,
    /// Inner space between the frame and what it holds.
    pub padding: f32,
}

/// Gaps the layout keeps.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spacing {
    /// Between neighbouring nodes of a rank.
    pub node: f32,
    /// Between ranks.
    pub rank: f32,
    /// Around the drawing.
    pub margin: f32,
    /// Around the drawing when some cluster has a direction of its own
    /// (the flowchart passes its padding unchecked here; it differs from
    /// `margin` only for a negative padding).
    pub compound_margin: f32,
}

/// What the engine lays out.
#[derive(Debug, Clone, PartialEq)]
pub struct Graph {
    /// Which way ranks run.
    pub direction: Direction,
    /// The nodes.
    pub nodes: Vec<Node>,
    /// The edges, ends resolved.
    pub edges: Vec<Edge>,
    /// The cluster tree.
    pub clusters: Vec<Cluster>,
    /// Gaps.
    pub spacing: Spacing,
}

/// One cubic Bézier piece of an edge path: start, two controls, end.
pub type Cubic = [Point; 4];

/// A routed edge.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Route {
    /// The path as cubic pieces, from the source outline to the target
    /// outline (where an arrow tip goes); empty when there is nothing to
    /// draw.
    pub path: Vec<Cubic>,
    /// The path flattened to a polyline (within a fraction of a unit).
    pub points: Vec<Point>,
    /// Where the label's box goes, when the edge has a label.
    pub label_box: Option<Rect>,
}

/// A cluster's frame.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Frame {
    /// The frame, title included.
    pub rect: Rect,
    /// Centre of the title's first line, moved aside from crossing edges.
    pub title_center: Point,
}

/// The engine's result, indexed like the [`Graph`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Geometry {
    /// Drawing width, margins included.
    pub width: f32,
    /// Drawing height, margins included.
    pub height: f32,
    /// Each node's box.
    pub nodes: Vec<Rect>,
    /// Each edge's route.
    pub edges: Vec<Route>,
    /// Each cluster's frame.
    pub clusters: Vec<Frame>,
}

/// Lays out `graph`. Never fails.
/// Guarantees (tested on the seed diagrams, the corpus and generated graphs):
/// nodes never overlap; frames hold their members and keep foreign nodes and
/// sibling frames out; edges leave and enter on node outlines (or end on a
/// cluster's frame) and do not cross nodes they do not join nor, where a
/// way around exists, cluster titles; everything lies
/// `spacing.margin` inside `width` × `height`.
pub fn layout(graph: &Graph) -> Geometry {
    let mut geometry = compound::layout_with_directions(graph);
    titles::clear_titles(graph, &mut geometry);
    geometry
}

/// The layered layout of one direction: every cluster is laid out in
/// `graph.direction`.
fn layout_flat(graph: &Graph) -> Geometry {
    let mut n = normalize::normalize(graph);
    order::order(&mut n.lg);
    let gaps = Gaps {
        node: graph.spacing.node,
        edge: 20.0,
        cluster: 30.0,
        rank: n.rank_gap,
    };
    position::place_along_ranks(&mut n.lg, &n.pads, gaps);
    let (centres, band) = position::place_ranks(&n.lg, &n.pads, gaps.rank);
    route::finish(
        graph,
        &n,
        &route::Ranks {
            centres: &centres,
            band: &band,
        },
    )
}

impl Geometry {
    /// Moves everything by `(dx, dy)`.
    pub fn translate(&mut self, dx: f32, dy: f32) {
        let mv = |p: &mut Point| {
            p.x += dx;
            p.y += dy;
        };
        for r in &mut self.nodes {
            r.x += dx;
            r.y += dy;
        }
        for c in &mut self.clusters {
            c.rect.x += dx;
            c.rect.y += dy;
            mv(&mut c.title_center);
        }
        for e in &mut self.edges {
            e.points.iter_mut().for_each(mv);
            e.path.iter_mut().flatten().for_each(mv);
            if let Some(r) = &mut e.label_box {
                r.x += dx;
                r.y += dy;
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn node(w: f32, h: f32, cluster: Option<usize>) -> Node {
        Node {
            size: Size::new(w, h),
            outline: geometry::box_outline(w, h),
            cluster,
        }
    }

    fn edge(from: End, to: End) -> Edge {
        Edge {
            from,
            to,
            label: None,
            min_length: 1,
            weight: 1.0,
            curve: Curve::Basis,
        }
    }

    fn cluster(parent: Option<usize>, direction: Option<Direction>) -> Cluster {
        Cluster {
            parent,
            direction,
            title: Size::new(30.0, 24.0),
            title_line: 24.0,
            titled: true,
            padding: 15.0,
        }
    }

    fn graph(
        direction: Direction,
        nodes: Vec<Node>,
        edges: Vec<Edge>,
        clusters: Vec<Cluster>,
    ) -> Graph {
        Graph {
            direction,
            nodes,
            edges,
            clusters,
            spacing: Spacing {
                node: 50.0,
                rank: 50.0,
                margin: 8.0,
                compound_margin: 8.0,
            },
        }
    }

    fn near(a: f32, b: f32) -> bool {
        (a - b).abs() < 0.05
    }

    fn inside(outer: Rect, inner: Rect) -> bool {
        outer.x <= inner.x
            && outer.y <= inner.y
            && inner.right() <= outer.right()
            && inner.bottom() <= outer.bottom()
    }

    #[test]
    fn a_chain_runs_down_the_ranks_from_outline_to_outline() {
        let g = graph(
            Direction::TopBottom,
            vec![node(60.0, 40.0, None), node(80.0, 30.0, None)],
            vec![Edge {
                label: Some(Size::new(40.0, 20.0)),
                ..edge(End::Node(0), End::Node(1))
            }],
            Vec::new(),
        );
        let out = layout(&g);
        let (a, b) = (out.nodes[0], out.nodes[1]);
        assert!(a.bottom() < b.y, "{a:?} {b:?}");
        let points = &out.edges[0].points;
        let (first, last) = (points[0], points[points.len() - 1]);
        assert!(near(first.y, a.bottom()) && near(last.y, b.y), "{points:?}");
        let label = out.edges[0].label_box.expect("a labelled edge has a box");
        assert!(a.bottom() < label.y && label.bottom() < b.y, "{label:?}");
        assert!(inside(
            Rect {
                x: 0.0,
                y: 0.0,
                width: out.width,
                height: out.height
            },
            a
        ));
    }

    #[test]
    fn an_edge_from_a_cluster_to_itself_loops_on_a_member_of_that_cluster() {
        // Node 0 outside, node 1 in the cluster; the loop must go round
        // node 1 (it used to go round node 0, whatever the cluster).
        let g = graph(
            Direction::TopBottom,
            vec![node(50.0, 40.0, None), node(50.0, 40.0, Some(0))],
            vec![
                edge(End::Node(0), End::Node(1)),
                edge(End::Cluster(0), End::Cluster(0)),
            ],
            vec![cluster(None, None)],
        );
        let out = layout(&g);
        let (outside, member) = (out.nodes[0], out.nodes[1]);
        let points = &out.edges[1].points;
        assert!(points.len() >= 2, "{points:?}");
        let dist = |r: Rect, p: Point| (r.center().x - p.x).hypot(r.center().y - p.y);
        for &p in points {
            assert!(dist(member, p) < dist(outside, p), "{p:?} of {points:?}");
        }
    }

    #[test]
    fn a_cluster_in_its_own_direction_holds_its_members_and_edges_end_on_its_frame() {
        // Nodes 0 and 1 in a left-to-right cluster; node 2 outside points
        // at the cluster.
        let g = graph(
            Direction::TopBottom,
            vec![
                node(50.0, 40.0, Some(0)),
                node(50.0, 40.0, Some(0)),
                node(50.0, 40.0, None),
            ],
            vec![
                edge(End::Node(0), End::Node(1)),
                edge(End::Node(2), End::Cluster(0)),
            ],
            vec![cluster(None, Some(Direction::LeftRight))],
        );
        let out = layout(&g);
        let frame = out.clusters[0].rect;
        let (a, b, c) = (out.nodes[0], out.nodes[1], out.nodes[2]);
        assert!(
            inside(frame, a) && inside(frame, b),
            "{frame:?} {a:?} {b:?}"
        );
        assert!(near(a.center().y, b.center().y) && a.right() < b.x);
        assert!(c.bottom() < frame.y, "{c:?} {frame:?}");
        let points = &out.edges[1].points;
        let last = points[points.len() - 1];
        assert!(near(last.y, frame.y), "{points:?} {frame:?}");
    }
}
