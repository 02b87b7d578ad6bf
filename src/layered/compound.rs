//! Clusters with a direction of their own.
//!
//! A cluster whose direction differs from its surroundings, and that no
//! edge links with the outside, is laid out on its own, in its direction,
//! and then stands in the enclosing layout as one block node of its
//! frame's size; edges to the cluster itself end on that block. A cluster
//! an edge crosses into keeps its surroundings' direction, as in Mermaid
//! (see [`linked_outside`]), so no edge has to find its way through a
//! block's border.
//!
//! Takes any [`Graph`]; the blocks and inner layouts are sub-graphs of it.
//! Returns the same [`Geometry`] as the flat layout, indexed like the
//! graph, with no trace of blocks.

use std::collections::{BTreeMap, HashMap};

use super::geometry::{box_outline, Point, Rect};
use super::{layout_flat, Cluster, Edge, End, Frame, Geometry, Graph, Node, Route, Size};

/// Lays out `graph`, honouring the direction of every cluster no edge
/// crosses into.
pub fn layout_with_directions(graph: &Graph) -> Geometry {
    let blocks = top_blocks(graph);
    if blocks.is_empty() {
        return layout_flat(graph);
    }
    let n_sub = graph.clusters.len();
    // Which top block holds each cluster and node.
    let sub_block: Vec<Option<usize>> = (0..n_sub)
        .map(|s| {
            let mut cur = Some(s);
            let mut guard = 0;
            while let Some(c) = cur {
                if blocks.contains(&c) {
                    return Some(c);
                }
                cur = graph.clusters[c].parent;
                guard += 1;
                if guard > n_sub {
                    break;
                }
            }
            None
        })
        .collect();
    let node_block: Vec<Option<usize>> = graph
        .nodes
        .iter()
        .map(|n| n.cluster.and_then(|p| sub_block[p]))
        .collect();
    // The block an edge end lies in (or is).
    let end_of = |end: End| -> Option<usize> {
        match end {
            End::Cluster(s) => sub_block[s],
            End::Node(n) => node_block[n],
        }
    };

    // Inner layouts, one per block.
    let mut inner: BTreeMap<usize, Inner> = BTreeMap::new();
    for &b in &blocks {
        inner.insert(b, Inner::build(graph, b, &sub_block, &node_block, &end_of));
    }

    // The outer graph: blocks become nodes.
    let mut outer = Graph {
        direction: graph.direction,
        nodes: Vec::new(),
        edges: Vec::new(),
        clusters: Vec::new(),
        spacing: graph.spacing,
    };
    let mut outer_sub: Vec<Option<usize>> = vec![None; n_sub];
    for (s, cl) in graph.clusters.iter().enumerate() {
        if sub_block[s].is_none() {
            outer_sub[s] = Some(outer.clusters.len());
            outer.clusters.push(Cluster {
                parent: cl.parent.and_then(|p| outer_sub[p]),
                ..cl.clone()
            });
        }
    }
    // Outer nodes keep the graph's reading order (cycle breaking follows
    // it): a block stands where its first member node is declared.
    let mut outer_node: Vec<Option<usize>> = vec![None; graph.nodes.len()];
    let mut block_node: HashMap<usize, usize> = HashMap::new();
    let push_block = |b: usize, outer: &mut Graph, block_node: &mut HashMap<usize, usize>| {
        if block_node.contains_key(&b) {
            return;
        }
        let frame = inner[&b].frame();
        block_node.insert(b, outer.nodes.len());
        outer.nodes.push(Node {
            size: Size::new(frame.width, frame.height),
            outline: box_outline(frame.width, frame.height),
            cluster: graph.clusters[b].parent.and_then(|p| outer_sub[p]),
        });
    };
    for (i, n) in graph.nodes.iter().enumerate() {
        match node_block[i] {
            Some(b) => push_block(b, &mut outer, &mut block_node),
            None => {
                outer_node[i] = Some(outer.nodes.len());
                outer.nodes.push(Node {
                    cluster: n.cluster.and_then(|p| outer_sub[p]),
                    ..n.clone()
                });
            }
        }
    }
    // Blocks holding no node (only empty clusters) come last.
    for &b in &blocks {
        push_block(b, &mut outer, &mut block_node);
    }
    let mut outer_edge: Vec<Option<usize>> = vec![None; graph.edges.len()];
    for (k, e) in graph.edges.iter().enumerate() {
        let (fb, tb) = (end_of(e.from), end_of(e.to));
        if fb.is_some() && fb == tb {
            continue; // inside one block
        }
        let outside = |end: End, block: Option<usize>| match (block, end) {
            (Some(b), _) => End::Node(block_node[&b]),
            (None, End::Node(n)) => End::Node(outer_node[n].expect("a node outside blocks")),
            (None, End::Cluster(c)) => {
                End::Cluster(outer_sub[c].expect("a cluster outside blocks"))
            }
        };
        outer_edge[k] = Some(outer.edges.len());
        outer.edges.push(Edge {
            from: outside(e.from, fb),
            to: outside(e.to, tb),
            ..e.clone()
        });
    }
    let out = layout_flat(&outer);

    // Place each inner layout on its block.
    let block_rect: HashMap<usize, Rect> = blocks
        .iter()
        .map(|&b| (b, out.nodes[block_node[&b]]))
        .collect();
    for (&b, inn) in inner.iter_mut() {
        let f = inn.frame();
        let r = block_rect[&b];
        inn.geometry.translate(r.x - f.x, r.y - f.y);
    }

    // Merge, in the graph's order.
    let nodes: Vec<Rect> = (0..graph.nodes.len())
        .map(|i| match (node_block[i], outer_node[i]) {
            (Some(b), _) => {
                let inn = &inner[&b];
                inn.geometry.nodes[inn.node_of[&i]]
            }
            (None, Some(o)) => out.nodes[o],
            (None, None) => Rect::default(),
        })
        .collect();
    let clusters: Vec<Frame> = (0..n_sub)
        .map(|s| match sub_block[s] {
            Some(b) => {
                let inn = &inner[&b];
                inn.geometry.clusters[inn.sub_of[&s]]
            }
            None => out.clusters[outer_sub[s].unwrap_or(0)],
        })
        .collect();
    let edges: Vec<Route> = graph
        .edges
        .iter()
        .enumerate()
        .map(|(k, e)| {
            let fb = end_of(e.from);
            if let (Some(b), true) = (fb, fb == end_of(e.to)) {
                return inner[&b].edge_for(k).cloned().unwrap_or_default();
            }
            let Some(o) = outer_edge[k].and_then(|o| out.edges.get(o)) else {
                return Route::default();
            };
            o.clone()
        })
        .collect();
    let mut result = Geometry {
        width: out.width,
        height: out.height,
        nodes,
        edges,
        clusters,
    };
    result.fit(graph.spacing.compound_margin);
    result
}

/// Clusters laid out on their own: those whose direction differs from
/// their surroundings, that no edge crosses into (see [`linked_outside`]),
/// and that lie in no other such cluster.
fn top_blocks(graph: &Graph) -> Vec<usize> {
    let n = graph.clusters.len();
    let linked = linked_outside(graph);
    let mut context = vec![graph.direction; n];
    let mut is_block = vec![false; n];
    let mut inside_block = vec![false; n];
    // Parents come before children.
    for (s, cl) in graph.clusters.iter().enumerate() {
        let (outer_dir, outer_block) = match cl.parent.filter(|&p| p < s) {
            Some(p) => (
                graph.clusters[p].direction.unwrap_or(context[p]),
                is_block[p] || inside_block[p],
            ),
            None => (graph.direction, false),
        };
        context[s] = outer_dir;
        inside_block[s] = outer_block;
        is_block[s] = !linked[s] && cl.direction.is_some_and(|d| d != outer_dir);
    }
    (0..n)
        .filter(|&s| is_block[s] && !inside_block[s])
        .collect()
}

/// Which clusters an edge links with the outside: one end lies within the
/// cluster (a member node at any depth, or a cluster nested in it) and the
/// other does not.
///
/// Such a cluster keeps no direction of its own and is laid out in its
/// surroundings' direction, as Mermaid's documented rule says ("if any of
/// a subgraph's nodes are linked to the outside, subgraph direction will be
/// ignored"). An edge to the cluster itself does not count: the frame is
/// then an end of its own and the direction holds.
fn linked_outside(graph: &Graph) -> Vec<bool> {
    let n = graph.clusters.len();
    let mut linked = vec![false; n];
    if graph.clusters.iter().all(|cl| cl.direction.is_none()) {
        return linked;
    }
    // The clusters an end lies within, innermost first.
    let within = |end: End| -> Vec<usize> {
        let mut cur = match end {
            End::Node(i) => graph.nodes.get(i).and_then(|node| node.cluster),
            End::Cluster(c) => graph.clusters.get(c).and_then(|cl| cl.parent),
        };
        let mut out = Vec::new();
        while let Some(c) = cur.filter(|&c| c < n && out.len() <= n) {
            out.push(c);
            cur = graph.clusters[c].parent;
        }
        out
    };
    for e in &graph.edges {
        let (a, b) = (within(e.from), within(e.to));
        for &c in a.iter().filter(|c| !b.contains(c)) {
            linked[c] = true;
        }
        for &c in b.iter().filter(|c| !a.contains(c)) {
            linked[c] = true;
        }
    }
    linked
}

/// One block laid out on its own.
struct Inner {
    geometry: Geometry,
    /// Original cluster index -> index in the inner graph.
    sub_of: HashMap<usize, usize>,
    /// Original node index -> index in the inner graph.
    node_of: HashMap<usize, usize>,
    /// Original edge index -> index in the inner graph.
    edge_of: HashMap<usize, usize>,
}

impl Inner {
    fn build(
        graph: &Graph,
        b: usize,
        sub_block: &[Option<usize>],
        node_block: &[Option<usize>],
        end_of: &dyn Fn(End) -> Option<usize>,
    ) -> Inner {
        let mut sub = Graph {
            direction: graph.clusters[b].direction.unwrap_or(graph.direction),
            nodes: Vec::new(),
            edges: Vec::new(),
            clusters: Vec::new(),
            spacing: graph.spacing,
        };
        let mut sub_of = HashMap::new();
        for (s, cl) in graph.clusters.iter().enumerate() {
            if sub_block[s] == Some(b) {
                sub_of.insert(s, sub.clusters.len());
                let copy = Cluster {
                    parent: if s == b {
                        None
                    } else {
                        cl.parent.and_then(|p| sub_of.get(&p).copied())
                    },
                    direction: if s == b { None } else { cl.direction },
                    ..cl.clone()
                };
                sub.clusters.push(copy);
            }
        }
        let mut node_of = HashMap::new();
        for (i, n) in graph.nodes.iter().enumerate() {
            if node_block[i] == Some(b) {
                node_of.insert(i, sub.nodes.len());
                sub.nodes.push(Node {
                    cluster: n.cluster.and_then(|p| sub_of.get(&p).copied()),
                    ..n.clone()
                });
            }
        }
        // An end inside the block, in the inner graph.
        let inside = |end: End| match end {
            End::Node(n) => End::Node(node_of[&n]),
            End::Cluster(c) => End::Cluster(sub_of[&c]),
        };
        let mut edge_of = HashMap::new();
        for (k, e) in graph.edges.iter().enumerate() {
            if end_of(e.from) == Some(b) && end_of(e.to) == Some(b) {
                edge_of.insert(k, sub.edges.len());
                sub.edges.push(Edge {
                    from: inside(e.from),
                    to: inside(e.to),
                    ..e.clone()
                });
            }
        }
        Inner {
            geometry: layout_with_directions(&sub),
            sub_of,
            node_of,
            edge_of,
        }
    }

    /// The block's own frame (the first cluster of the inner graph).
    fn frame(&self) -> Rect {
        self.geometry
            .clusters
            .first()
            .map_or(Rect::default(), |c| c.rect)
    }

    fn edge_for(&self, k: usize) -> Option<&Route> {
        self.edge_of
            .get(&k)
            .and_then(|&i| self.geometry.edges.get(i))
    }
}

impl Geometry {
    /// Shifts and sizes the drawing so everything lies `margin` inside it.
    fn fit(&mut self, margin: f32) {
        let mut min = Point::new(f32::INFINITY, f32::INFINITY);
        let mut max = Point::new(f32::NEG_INFINITY, f32::NEG_INFINITY);
        let mut grow = |x0: f32, y0: f32, x1: f32, y1: f32| {
            min.x = min.x.min(x0);
            min.y = min.y.min(y0);
            max.x = max.x.max(x1);
            max.y = max.y.max(y1);
        };
        for r in &self.nodes {
            grow(r.x, r.y, r.right(), r.bottom());
        }
        for c in &self.clusters {
            grow(c.rect.x, c.rect.y, c.rect.right(), c.rect.bottom());
        }
        for e in &self.edges {
            for p in &e.points {
                grow(p.x, p.y, p.x, p.y);
            }
            if let Some(r) = e.label_box {
                grow(r.x, r.y, r.right(), r.bottom());
            }
        }
        if !min.x.is_finite() {
            return;
        }
        self.translate(margin - min.x, margin - min.y);
        self.width = max.x - min.x + 2.0 * margin;
        self.height = max.y - min.y + 2.0 * margin;
    }
}
