//! The layout graph: the typed graph's nodes and edges on a petgraph
//! `StableGraph`, in rank/order space, plus the cluster tree.
//!
//! Coordinates inside the layout are abstract: `pos` runs along a rank (the
//! order axis) and rank positions across ranks. A node's `breadth` is its
//! extent along the order axis and `depth` across it; for `LR`/`RL` diagrams
//! these are its height and width. `route::finish` maps them back to x/y.

use petgraph::stable_graph::{NodeIndex, StableGraph};

/// What a layout node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// A node of the graph (index into `Graph::nodes`).
    Real(usize),
    /// A point of a long edge on an inner rank (graph edge index).
    Dummy(usize),
    /// The label of an edge, on its middle rank (graph edge index).
    Label(usize),
    /// Holds a cluster's place on a rank where it has no member, or stands
    /// for an empty cluster.
    Filler(usize),
}

/// A node of the layout graph.
#[derive(Debug, Clone)]
pub struct LNode {
    /// What it stands for.
    pub kind: NodeKind,
    /// Extent along the order axis.
    pub breadth: f32,
    /// Extent across the order axis.
    pub depth: f32,
    /// Innermost cluster holding it.
    pub cluster: Option<usize>,
    /// Its layer.
    pub rank: i32,
    /// Index within its layer.
    pub order: usize,
    /// Centre along the order axis.
    pub pos: f32,
}

impl LNode {
    /// A node of `kind` with the given size and cluster, not yet placed.
    pub fn new(kind: NodeKind, breadth: f32, depth: f32, cluster: Option<usize>) -> Self {
        LNode {
            kind,
            breadth,
            depth,
            cluster,
            rank: 0,
            order: 0,
            pos: 0.0,
        }
    }

    /// True for edge points and labels, which want less room than nodes.
    pub fn is_edge_part(&self) -> bool {
        matches!(self.kind, NodeKind::Dummy(_) | NodeKind::Label(_))
    }
}

/// An edge of the layout graph.
#[derive(Debug, Clone)]
pub struct LEdge {
    /// The graph edge it draws, or `None` for a ranking-only constraint.
    pub edge: Option<usize>,
    /// How strongly it pulls its ends together.
    pub weight: f32,
}

/// A cluster's frame during layout.
#[derive(Debug, Clone)]
pub struct Cluster {
    /// Enclosing cluster.
    pub parent: Option<usize>,
    /// Nesting depth (0 at top level).
    pub depth: usize,
    /// Inner space between the frame and what it holds.
    pub padding: f32,
    /// Least breadth (fits the title).
    pub min_breadth: f32,
    /// Extra room at the frame's start across ranks (the title band, in
    /// vertical diagrams).
    pub head: f32,
    /// Lowest and highest rank of anything it holds (after normalisation).
    pub ranks: Option<(i32, i32)>,
    /// Frame bounds along the order axis, set by `position`.
    pub lo: f32,
    /// Upper frame bound along the order axis.
    pub hi: f32,
}

/// The typed graph as a layered graph to lay out.
#[derive(Debug, Clone)]
pub struct LayoutGraph {
    /// Nodes and edges.
    pub graph: StableGraph<LNode, LEdge>,
    /// Layout node of each graph node.
    pub node_of: Vec<NodeIndex>,
    /// The cluster tree, indexed like `Graph::clusters`.
    pub clusters: Vec<Cluster>,
    /// Layers after ordering: node indices left to right.
    pub layers: Vec<Vec<NodeIndex>>,
    /// Each node's clusters, innermost first (filled by `order`).
    pub chains: Vec<Vec<usize>>,
}

impl LayoutGraph {
    /// The clusters holding `c`, innermost first, `c` included.
    pub fn cluster_chain(&self, c: Option<usize>) -> Vec<usize> {
        let mut out = Vec::new();
        let mut cur = c;
        while let Some(i) = cur {
            out.push(i);
            cur = self.clusters[i].parent;
        }
        out
    }
}
