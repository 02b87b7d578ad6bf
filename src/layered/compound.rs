//! Clusters with a direction of their own.
//!
//! A cluster whose direction differs from its surroundings is laid out on
//! its own, in its direction, and then stands in the enclosing layout as one
//! block node of its frame's size. Edges that cross its border are honoured
//! (Mermaid drops the subgraph's direction in that case): inside, each gets
//! a port node outside the frame, so the inner layout routes it cleanly to
//! the frame; outside, the edge runs to the block; the two meet through a
//! corridor that hugs the frame closer than any neighbour may stand, so no
//! edge crosses a node.
//!
//! Takes any [`Graph`]; the blocks and inner layouts are sub-graphs of it.
//! Returns the same [`Geometry`] as the flat layout, indexed like the
//! graph, with no trace of blocks or ports.

use std::collections::{BTreeMap, HashMap};

use super::geometry::{box_outline, Point, Rect};
use super::route::{
    cut_path_at_frame, first_frame_crossing, flatten, line, reverse_path, split_cubic,
};
use super::{layout_flat, Cluster, Cubic, Edge, End, Frame, Geometry, Graph, Node, Route, Size};

/// Distance of the corridor from a block's frame: less than half of any
/// gap the flat layout leaves between a frame and its neighbours.
const CORRIDOR: f32 = 8.0;

/// Size of a port node.
const PORT: f32 = 4.0;

/// Lays out `graph`, honouring every cluster's own direction.
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
    // The block an edge end lies in, and whether it is the block itself.
    let end_of = |end: End| -> (Option<usize>, bool) {
        match end {
            End::Cluster(s) => (sub_block[s], blocks.contains(&s)),
            End::Node(n) => (node_block[n], false),
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
        let (fb, _) = end_of(e.from);
        let (tb, _) = end_of(e.to);
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
            let (fb, from_is_block) = end_of(e.from);
            let (tb, to_is_block) = end_of(e.to);
            if let (Some(b), true) = (fb, fb == tb) {
                return inner[&b].edge_for(k).cloned().unwrap_or_default();
            }
            let Some(o) = outer_edge[k].and_then(|o| out.edges.get(o)) else {
                return Route::default();
            };
            let mut path = o.path.clone();
            // The target end inside a block.
            if let (Some(b), false) = (tb, to_is_block) {
                if let Some(port_path) = inner[&b].port_path(k) {
                    path = join_into(path, block_rect[&b], port_path, true);
                }
            }
            if let (Some(b), false) = (fb, from_is_block) {
                if let Some(port_path) = inner[&b].port_path(k) {
                    path = join_into(path, block_rect[&b], port_path, false);
                }
            }
            Route {
                points: flatten(&path),
                path,
                label_box: o.label_box,
            }
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

/// Clusters whose direction differs from their surroundings and that lie
/// in no other such cluster.
fn top_blocks(graph: &Graph) -> Vec<usize> {
    let n = graph.clusters.len();
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
        is_block[s] = cl.direction.is_some_and(|d| d != outer_dir);
    }
    (0..n)
        .filter(|&s| is_block[s] && !inside_block[s])
        .collect()
}

/// One block laid out on its own.
struct Inner {
    geometry: Geometry,
    /// Original cluster index -> index in the inner graph.
    sub_of: HashMap<usize, usize>,
    /// Original node index -> index in the inner graph.
    node_of: HashMap<usize, usize>,
    /// Original edge index -> index in the inner graph (inner edges and
    /// port edges).
    edge_of: HashMap<usize, usize>,
    /// Original edges that have a port edge here, and whether the port is
    /// that edge's source (the edge comes into the block).
    ported: HashMap<usize, bool>,
}

impl Inner {
    fn build(
        graph: &Graph,
        b: usize,
        sub_block: &[Option<usize>],
        node_block: &[Option<usize>],
        end_of: &dyn Fn(End) -> (Option<usize>, bool),
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
        let mut ported = HashMap::new();
        for (k, e) in graph.edges.iter().enumerate() {
            let (fb, from_block) = end_of(e.from);
            let (tb, to_block) = end_of(e.to);
            if fb == Some(b) && tb == Some(b) {
                edge_of.insert(k, sub.edges.len());
                sub.edges.push(Edge {
                    from: inside(e.from),
                    to: inside(e.to),
                    ..e.clone()
                });
            } else if (fb == Some(b) && !from_block) || (tb == Some(b) && !to_block) {
                // One end inside: a port outside the frame stands for the
                // other end.
                let port = End::Node(sub.nodes.len());
                sub.nodes.push(Node {
                    size: Size::new(PORT, PORT),
                    outline: box_outline(PORT, PORT),
                    cluster: None,
                });
                let into = tb == Some(b);
                let (from, to) = if into {
                    (port, inside(e.to))
                } else {
                    (inside(e.from), port)
                };
                edge_of.insert(k, sub.edges.len());
                ported.insert(k, into);
                sub.edges.push(Edge {
                    from,
                    to,
                    label: None,
                    min_length: 1,
                    weight: 1.0,
                    curve: e.curve,
                });
            }
        }
        Inner {
            geometry: layout_with_directions(&sub),
            sub_of,
            node_of,
            edge_of,
            ported,
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

    /// The part of original edge `k`'s port edge that runs inside the frame,
    /// oriented from the frame to the inner end (for an edge into the
    /// block) or from the inner end to the frame.
    fn port_path(&self, k: usize) -> Option<Vec<Cubic>> {
        let &into = self.ported.get(&k)?;
        let e = self.edge_for(k)?;
        let frame = self.frame();
        let mut path = e.path.clone();
        if into {
            Some(after_entry(path, frame))
        } else {
            reverse_path(&mut path);
            let mut inside = after_entry(path, frame);
            reverse_path(&mut inside);
            Some(inside)
        }
    }
}

/// The part of `path` after it first crosses into `frame` (the whole path
/// when it never crosses the border).
fn after_entry(path: Vec<Cubic>, frame: Rect) -> Vec<Cubic> {
    match first_frame_crossing(&path, frame) {
        Some((k, t)) => {
            let (_, tail) = split_cubic(&path[k], t);
            let mut out = vec![tail];
            out.extend_from_slice(&path[k + 1..]);
            out
        }
        None => path,
    }
}

/// Joins an outer path that ends (`at_end`) or starts on a block's frame
/// with the inner piece, through the corridor around the frame.
fn join_into(mut outer: Vec<Cubic>, block: Rect, inner: Vec<Cubic>, at_end: bool) -> Vec<Cubic> {
    let ring = Rect {
        x: block.x - CORRIDOR,
        y: block.y - CORRIDOR,
        width: block.width + 2.0 * CORRIDOR,
        height: block.height + 2.0 * CORRIDOR,
    };
    if !at_end {
        reverse_path(&mut outer);
    }
    // The outer path now ends at the block: stop it on the ring.
    cut_path_at_frame(&mut outer, ring, true);
    let mut inner = inner;
    if !at_end {
        reverse_path(&mut inner);
    }
    let (Some(q), Some(f)) = (outer.last().map(|c| c[3]), inner.first().map(|c| c[0])) else {
        let mut all = outer;
        all.extend(inner);
        if !at_end {
            reverse_path(&mut all);
        }
        return all;
    };
    let f_out = push_out(f, block, CORRIDOR);
    let mut joined = outer;
    let mut prev = q;
    for corner in ring_walk(ring, q, f_out) {
        joined.push(line(prev, corner));
        prev = corner;
    }
    joined.push(line(prev, f_out));
    joined.push(line(f_out, f));
    joined.extend(inner);
    joined.retain(|c| (c[0].x - c[3].x).abs() + (c[0].y - c[3].y).abs() > 0.01);
    if !at_end {
        reverse_path(&mut joined);
    }
    joined
}

/// `p` on `r`'s border moved `d` outwards.
fn push_out(p: Point, r: Rect, d: f32) -> Point {
    let dl = (p.x - r.x).abs();
    let dr = (p.x - r.right()).abs();
    let dt = (p.y - r.y).abs();
    let db = (p.y - r.bottom()).abs();
    let m = dl.min(dr).min(dt).min(db);
    if m == dl {
        Point::new(r.x - d, p.y)
    } else if m == dr {
        Point::new(r.right() + d, p.y)
    } else if m == dt {
        Point::new(p.x, r.y - d)
    } else {
        Point::new(p.x, r.bottom() + d)
    }
}

/// Corners of `r` passed going the shorter way round from `a` to `b`
/// (both on its border).
fn ring_walk(r: Rect, a: Point, b: Point) -> Vec<Point> {
    let corners = [
        Point::new(r.x, r.y),
        Point::new(r.right(), r.y),
        Point::new(r.right(), r.bottom()),
        Point::new(r.x, r.bottom()),
    ];
    let perim = 2.0 * (r.width + r.height);
    let s = |p: Point| -> f32 {
        if (p.y - r.y).abs() < 0.5 {
            p.x - r.x
        } else if (p.x - r.right()).abs() < 0.5 {
            r.width + (p.y - r.y)
        } else if (p.y - r.bottom()).abs() < 0.5 {
            r.width + r.height + (r.right() - p.x)
        } else {
            2.0 * r.width + r.height + (r.bottom() - p.y)
        }
    };
    let corner_s = [0.0, r.width, r.width + r.height, 2.0 * r.width + r.height];
    let (sa, sb) = (s(a), s(b));
    let forward = (sb - sa).rem_euclid(perim);
    let clockwise = forward <= perim - forward;
    let mut out = Vec::new();
    for k in 0..4 {
        let idx = if clockwise { k } else { 3 - k };
        let cs = corner_s[idx];
        let along = if clockwise {
            (cs - sa).rem_euclid(perim)
        } else {
            (sa - cs).rem_euclid(perim)
        };
        let total = if clockwise { forward } else { perim - forward };
        if along > 0.01 && along < total - 0.01 {
            out.push((along, corners[idx]));
        }
    }
    out.sort_by(|x, y| x.0.total_cmp(&y.0));
    out.into_iter().map(|(_, p)| p).collect()
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
