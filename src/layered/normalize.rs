//! Normalisation: the typed graph as a proper layered graph.
//!
//! Takes a [`Graph`] of one direction (clusters' own directions are
//! `compound`'s business). Builds the layout graph in layout space (see
//! `graph`): a node per graph node, widened by the room its self-loops need,
//! and a filler for each empty cluster; ranks them on the constraint edges
//! (an edge to a cluster keeps the whole cluster on its far side) after
//! `acyclic` has reversed a feedback arc set; then gives each edge spanning
//! several ranks a chain of dummy nodes (the label's node on its middle
//! rank) and each cluster a filler on every rank it spans but has no member
//! on.
//!
//! Guarantees: every layout edge joins adjacent ranks; every cluster has a
//! member on each rank of its span; each graph edge has one [`Plan`] saying
//! how `route` draws it.

use std::collections::BTreeSet;

use petgraph::stable_graph::{NodeIndex, StableGraph};
use petgraph::visit::NodeIndexable;

use super::graph::{Cluster, LEdge, LNode, LayoutGraph, NodeKind};
use super::position::Pads;
use super::{acyclic, rank, Direction, End, Graph};

/// Room between a self-loop and its node.
pub const LOOP_REACH: f32 = 22.0;

/// How `route` draws one graph edge.
#[derive(Debug, Clone)]
pub enum Plan {
    /// Through a chain of layout nodes on consecutive ranks, from the upper
    /// end to the lower; `reversed` when the edge points up the ranks.
    Chain {
        /// The ends and the dummy nodes between them, top down.
        nodes: Vec<NodeIndex>,
        /// The edge runs from the last node to the first.
        reversed: bool,
    },
    /// Both ends on one rank: a straight line between them.
    Flat(NodeIndex, NodeIndex),
    /// A self-loop on the far side of graph node `node` along its rank.
    Loop {
        /// The node drawn on (a loop on a cluster is drawn on node 0).
        node: usize,
    },
}

/// The layout graph of one direction, ready for `order`.
pub struct Normalized {
    /// Nodes, chains and fillers, ranked.
    pub lg: LayoutGraph,
    /// Each cluster's padding on its four sides, in layout space.
    pub pads: Vec<Pads>,
    /// Gap between ranks (halved when labels take ranks of their own).
    pub rank_gap: f32,
    /// How each graph edge is drawn.
    pub plans: Vec<Plan>,
}

/// Builds the layered graph of `graph` (see the module doc).
pub fn normalize(graph: &Graph) -> Normalized {
    let has_labels = graph.edges.iter().any(|e| e.label.is_some());
    // With labels every edge spans twice its length so labels get a rank of
    // their own (as dagre does); the gap between ranks halves to match.
    let rank_scale = if has_labels { 2 } else { 1 };
    let rank_gap = graph.spacing.rank / rank_scale as f32;

    let clusters = clusters(graph);
    let pads = pads(graph.direction, &clusters);
    let (mut lg, members) = nodes(graph, clusters);
    let end_nodes = |end: End| -> Vec<NodeIndex> {
        match end {
            End::Node(i) => vec![lg.node_of[i]],
            End::Cluster(c) => members[c].clone(),
        }
    };
    let ranks = rank_nodes(graph, &lg, rank_scale, &end_nodes);
    for n in lg.graph.node_indices().collect::<Vec<_>>() {
        lg.graph[n].rank = ranks[n.index()];
    }
    let plans = chains(graph, &mut lg, &members);
    fill_cluster_ranks(&mut lg);
    Normalized {
        lg,
        pads,
        rank_gap,
        plans,
    }
}

/// Swaps a size into layout space (breadth along the rank, depth across).
fn orient(direction: Direction, w: f32, h: f32) -> (f32, f32) {
    if direction.is_horizontal() {
        (h, w)
    } else {
        (w, h)
    }
}

/// The cluster tree in layout space, ranks not yet known.
fn clusters(graph: &Graph) -> Vec<Cluster> {
    let horizontal = graph.direction.is_horizontal();
    graph
        .clusters
        .iter()
        .map(|cl| {
            let mut depth = 0;
            let mut p = cl.parent;
            while let Some(i) = p {
                depth += 1;
                p = graph.clusters.get(i).and_then(|x| x.parent);
                if depth > graph.clusters.len() {
                    break;
                }
            }
            let head = if cl.titled {
                cl.title.height + 4.0
            } else {
                0.0
            };
            Cluster {
                parent: cl.parent,
                depth,
                padding: cl.padding,
                min_breadth: if horizontal {
                    0.0
                } else {
                    cl.title.width + 2.0 * cl.padding
                },
                head,
                ranks: None,
                lo: 0.0,
                hi: 0.0,
            }
        })
        .collect()
}

/// Each cluster's padding on its four sides; the title band goes on the
/// side ranks start from (the left in horizontal layouts).
fn pads(direction: Direction, clusters: &[Cluster]) -> Vec<Pads> {
    clusters
        .iter()
        .map(|c| {
            let p = c.padding;
            match direction {
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
        .collect()
}

/// The layout graph's first nodes: the graph's nodes (widened for their
/// self-loops), then a filler for each empty cluster; and each cluster's
/// members at any depth.
fn nodes(graph: &Graph, clusters: Vec<Cluster>) -> (LayoutGraph, Vec<Vec<NodeIndex>>) {
    let dir = graph.direction;
    // Loops widen their node so the loop and its label have room.
    let mut loop_room = vec![0.0f32; graph.nodes.len()];
    for e in &graph.edges {
        if let (End::Node(n), true) = (e.from, e.from == e.to) {
            let label_room = e.label.map_or(0.0, |t| {
                let (b, _) = orient(dir, t.width, t.height);
                b + 4.0
            });
            loop_room[n] += LOOP_REACH + label_room;
        }
    }
    let mut g: StableGraph<LNode, LEdge> = StableGraph::new();
    let node_of: Vec<NodeIndex> = graph
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let (b, d) = orient(dir, n.size.width, n.size.height);
            g.add_node(LNode::new(
                NodeKind::Real(i),
                b + 2.0 * loop_room[i],
                d,
                n.cluster,
            ))
        })
        .collect();
    let mut members: Vec<Vec<NodeIndex>> = vec![Vec::new(); clusters.len()];
    for (i, n) in graph.nodes.iter().enumerate() {
        let mut p = n.cluster;
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
    for c in 0..clusters.len() {
        if members[c].is_empty() {
            let (b, d) = orient(dir, 40.0, 20.0);
            let f = g.add_node(LNode::new(NodeKind::Filler(c), b, d, Some(c)));
            let mut p = Some(c);
            while let Some(x) = p {
                members[x].push(f);
                p = clusters[x].parent;
            }
        }
    }
    let lg = LayoutGraph {
        graph: g,
        node_of,
        clusters,
        layers: Vec::new(),
        chains: Vec::new(),
    };
    (lg, members)
}

/// Ranks of the layout graph's nodes (indexed by node index), from the
/// constraint edges: each edge to a cluster stands for edges to all its
/// members, sharing the edge's weight.
fn rank_nodes(
    graph: &Graph,
    lg: &LayoutGraph,
    rank_scale: i32,
    end_nodes: &dyn Fn(End) -> Vec<NodeIndex>,
) -> Vec<i32> {
    let mut rank_edges: Vec<(usize, usize, f32, i32)> = Vec::new();
    for e in &graph.edges {
        if e.from == e.to {
            continue;
        }
        let (from, to) = (end_nodes(e.from), end_nodes(e.to));
        let minlen = e.min_length * rank_scale;
        let weight = e.weight;
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
    rank::assign_ranks(n_bound, &dag)
}

/// Each edge's plan; edges across ranks get their chain of dummy nodes
/// (and label node) and layout edges. Cluster ends pick the member nearest
/// the other end.
fn chains(graph: &Graph, lg: &mut LayoutGraph, members: &[Vec<NodeIndex>]) -> Vec<Plan> {
    let dir = graph.direction;
    let rank_of = |lg: &LayoutGraph, n: NodeIndex| lg.graph[n].rank;
    let mut plans = Vec::with_capacity(graph.edges.len());
    for (i, e) in graph.edges.iter().enumerate() {
        if e.from == e.to {
            // A cluster's loop goes round its first member in declaration
            // order (an empty cluster has none: then the first node).
            let node = match e.from {
                End::Node(n) => n,
                End::Cluster(c) => (0..lg.node_of.len())
                    .find(|&i| members[c].contains(&lg.node_of[i]))
                    .unwrap_or(0),
            };
            plans.push(Plan::Loop { node });
            continue;
        }
        let end_nodes = |end: End| -> Vec<NodeIndex> {
            match end {
                End::Node(i) => vec![lg.node_of[i]],
                End::Cluster(c) => members[c].clone(),
            }
        };
        let from = end_nodes(e.from);
        let to = end_nodes(e.to);
        let a = *from
            .iter()
            .max_by_key(|&&n| (rank_of(lg, n), std::cmp::Reverse(n.index())))
            .expect("an end has a node");
        let b = *to
            .iter()
            .min_by_key(|&&n| (rank_of(lg, n), n.index()))
            .expect("an end has a node");
        let (ra, rb) = (rank_of(lg, a), rank_of(lg, b));
        if ra == rb {
            plans.push(Plan::Flat(a, b));
            continue;
        }
        let (top, bottom, reversed) = if ra < rb { (a, b, false) } else { (b, a, true) };
        let mut chain = vec![top];
        let (rt, rbm) = (rank_of(lg, top), rank_of(lg, bottom));
        let dummy_cluster = common_cluster(
            &lg.clusters,
            lg.graph[top].cluster,
            lg.graph[bottom].cluster,
        );
        let label_rank = e.label.map(|_| rt + (rbm - rt) / 2);
        for r in rt + 1..rbm {
            let mut node = match (label_rank == Some(r), e.label) {
                (true, Some(t)) => {
                    let (b, d) = orient(dir, t.width, t.height);
                    LNode::new(NodeKind::Label(i), b, d, dummy_cluster)
                }
                _ => LNode::new(NodeKind::Dummy(i), 0.0, 0.0, dummy_cluster),
            };
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
        plans.push(Plan::Chain {
            nodes: chain,
            reversed,
        });
    }
    plans
}

/// Sets each cluster's rank span and adds a filler on every rank of it
/// where the cluster has no member.
fn fill_cluster_ranks(lg: &mut LayoutGraph) {
    let clusters = &mut lg.clusters;
    for c in clusters.iter_mut() {
        c.ranks = None;
    }
    let mut present: Vec<BTreeSet<i32>> = vec![Default::default(); clusters.len()];
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
}

/// The innermost cluster holding both `a` and `b`.
fn common_cluster(clusters: &[Cluster], a: Option<usize>, b: Option<usize>) -> Option<usize> {
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
