//! Edge routing and the final geometry: maps layout space to x/y, builds
//! frames, routes edges through their dummy positions, clips their ends to
//! the nodes' outlines (or to a cluster's frame), smooths them into the
//! edge's curve and moves everything into positive coordinates.
//!
//! Takes a positioned layout graph (every node has `pos`, every rank a
//! centre and depth) and each edge's [`Plan`]; returns the [`Geometry`],
//! whose edge paths start on the source outline and end, where an arrow tip
//! goes, on the target outline, with coordinates rounded to 1/100.

use std::collections::HashMap;

use petgraph::stable_graph::NodeIndex;
use petgraph::visit::{EdgeRef, IntoEdgeReferences};
use petgraph::Direction::{Incoming, Outgoing};

use super::geometry::{bounds, box_outline, clip_to_polygon, segment_intersection, Point, Rect};
use super::graph::{LayoutGraph, NodeKind};
use super::normalize::{Normalized, Plan, LOOP_REACH};
use super::position::Pads;
use super::{Cluster, Cubic, Curve, Direction, Edge, End, Frame, Geometry, Graph, Route};

/// Where `position` put the ranks: each rank's centre across the ranks and
/// its depth (the band its nodes occupy).
pub struct Ranks<'a> {
    /// Centre of each rank.
    pub centres: &'a [f32],
    /// Depth of each rank.
    pub band: &'a [f32],
}

/// Builds the final [`Geometry`] (see the module doc).
pub fn finish(graph: &Graph, n: &Normalized, ranks: &Ranks<'_>) -> Geometry {
    let lg = &n.lg;
    let space = Space {
        lg,
        dir: graph.direction,
        ranks,
    };
    let nodes: Vec<Rect> = graph
        .nodes
        .iter()
        .enumerate()
        .map(|(i, node)| {
            let c = space.centre(lg.node_of[i]);
            Rect::centered(c, node.size.width, node.size.height)
        })
        .collect();
    let spans = spans(&space, &n.pads);
    let mut clusters = frames(graph, &space, &spans);
    let mut router = Router {
        graph,
        space: &space,
        spans: &spans,
        nodes: &nodes,
        ports: ports(graph, lg),
        hops: hops(lg),
        loop_count: vec![0; graph.nodes.len()],
    };
    let edges: Vec<Route> = graph
        .edges
        .iter()
        .zip(&n.plans)
        .enumerate()
        .map(|(i, (e, plan))| {
            let mut route = router.route(i, e, plan);
            // Edges to and from clusters end on the frame.
            if let End::Cluster(c) = e.to {
                cut_path_at_frame(&mut route.path, clusters[c].rect, true);
            }
            if let End::Cluster(c) = e.from {
                cut_path_at_frame(&mut route.path, clusters[c].rect, false);
            }
            route.points = flatten(&route.path);
            route
        })
        .collect();

    // Titles step aside from edges that cross the frame's top.
    if graph.clusters.iter().any(|c| c.titled) {
        let index = EdgeRows::new(&edges);
        for (frame, c) in clusters.iter_mut().zip(&graph.clusters) {
            place_title(frame, c, &edges, &index);
        }
    }
    into_place(nodes, edges, clusters, graph.spacing.margin)
}

/// Layout space of a positioned graph, and its map to x/y.
struct Space<'a> {
    lg: &'a LayoutGraph,
    dir: Direction,
    ranks: &'a Ranks<'a>,
}

impl Space<'_> {
    /// The point at `p` along the ranks and `q` across them.
    fn map(&self, p: f32, q: f32) -> Point {
        match self.dir {
            Direction::TopBottom => Point::new(p, q),
            Direction::BottomTop => Point::new(p, -q),
            Direction::LeftRight => Point::new(q, p),
            Direction::RightLeft => Point::new(-q, p),
        }
    }

    /// The box spanning `p0..p1` along the ranks and `q0..q1` across.
    fn map_rect(&self, p0: f32, p1: f32, q0: f32, q1: f32) -> Rect {
        let a = self.map(p0, q0);
        let b = self.map(p1, q1);
        Rect {
            x: a.x.min(b.x),
            y: a.y.min(b.y),
            width: (a.x - b.x).abs(),
            height: (a.y - b.y).abs(),
        }
    }

    /// Centre of `n`'s rank across the ranks.
    fn q_of(&self, n: NodeIndex) -> f32 {
        self.ranks.centres[self.lg.graph[n].rank as usize]
    }

    /// Depth of `n`'s rank.
    fn band_of(&self, n: NodeIndex) -> f32 {
        self.ranks.band[self.lg.graph[n].rank as usize]
    }

    /// `n`'s centre in x/y.
    fn centre(&self, n: NodeIndex) -> Point {
        self.map(self.lg.graph[n].pos, self.q_of(n))
    }
}

/// A frame in layout space: `lo..hi` along the ranks, `q_lo..q_hi`
/// across them.
#[derive(Debug, Clone, Copy)]
struct Span {
    lo: f32,
    hi: f32,
    q_lo: f32,
    q_hi: f32,
}

/// Each cluster's frame in layout space: along the ranks from position,
/// across from its members; `None` for a cluster with no members.
fn spans(space: &Space<'_>, pads: &[Pads]) -> Vec<Option<Span>> {
    let lg = space.lg;
    let n_cl = lg.clusters.len();
    let mut q_lo = vec![f32::INFINITY; n_cl];
    let mut q_hi = vec![f32::NEG_INFINITY; n_cl];
    for n in lg.graph.node_indices() {
        let node = &lg.graph[n];
        if let Some(c) = node.cluster {
            let q = space.q_of(n);
            q_lo[c] = q_lo[c].min(q - node.depth / 2.0 - pads[c].rank_lo);
            q_hi[c] = q_hi[c].max(q + node.depth / 2.0 + pads[c].rank_hi);
        }
    }
    let mut by_depth: Vec<usize> = (0..n_cl).collect();
    by_depth.sort_by_key(|&c| std::cmp::Reverse(lg.clusters[c].depth));
    for &c in &by_depth {
        if let Some(p) = lg.clusters[c].parent {
            if q_lo[c].is_finite() {
                q_lo[p] = q_lo[p].min(q_lo[c] - pads[p].rank_lo);
                q_hi[p] = q_hi[p].max(q_hi[c] + pads[p].rank_hi);
            }
        }
    }
    (0..n_cl)
        .map(|c| {
            q_lo[c].is_finite().then(|| Span {
                lo: lg.clusters[c].lo,
                hi: lg.clusters[c].hi,
                q_lo: q_lo[c],
                q_hi: q_hi[c],
            })
        })
        .collect()
}

/// Frames in x/y, from their layout-space spans.
fn frames(graph: &Graph, space: &Space<'_>, spans: &[Option<Span>]) -> Vec<Frame> {
    graph
        .clusters
        .iter()
        .zip(spans)
        .map(|(cluster, span)| {
            let rect = span.map_or(Rect::default(), |f| {
                space.map_rect(f.lo, f.hi, f.q_lo, f.q_hi)
            });
            let title_center = Point::new(
                rect.x + rect.width / 2.0,
                rect.y + 6.0 + cluster.title_line / 2.0,
            );
            Frame { rect, title_center }
        })
        .collect()
}

/// Least room between two ports on one side of a node, where the side
/// has it.
const PORT_GAP: f32 = 8.0;

/// Ports: edges leaving or entering one side of a node spread over the
/// middle half of that side, in the order of their other ends; where the
/// middle half gives them less than [`PORT_GAP`] each, over as much as
/// they need of all but the side's outer 15%. Keyed by layout edge index
/// and direction.
fn ports(graph: &Graph, lg: &LayoutGraph) -> HashMap<(usize, usize), f32> {
    let mut port: HashMap<(usize, usize), f32> = Default::default();
    for n in lg.graph.node_indices() {
        if !matches!(lg.graph[n].kind, NodeKind::Real(_) | NodeKind::Filler(_)) {
            continue;
        }
        let side = match lg.graph[n].kind {
            NodeKind::Real(i) => {
                let size = graph.nodes[i].size;
                if graph.direction.is_horizontal() {
                    size.height
                } else {
                    size.width
                }
            }
            _ => lg.graph[n].breadth,
        };
        for d in [Outgoing, Incoming] {
            let mut es: Vec<(f32, usize, usize)> = lg
                .graph
                .edges_directed(n, d)
                .map(|e| {
                    let other = if d == Outgoing {
                        e.target()
                    } else {
                        e.source()
                    };
                    (lg.graph[other].pos, e.id().index(), other.index())
                })
                .collect();
            es.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let k = es.len() as f32;
            let spread = (PORT_GAP * k).clamp(side / 2.0, (side * 0.85).max(side / 2.0));
            for (j, &(_, eid, _)) in es.iter().enumerate() {
                let off = if es.len() == 1 {
                    0.0
                } else {
                    -spread / 2.0 + spread * (j as f32 + 0.5) / k
                };
                port.insert((eid, d as usize), off);
            }
        }
    }
    port
}

/// The layout edge of each graph edge between two layout nodes, looked up
/// once: scanning the edges between two nodes for every graph edge is
/// quadratic when thousands of edges join the same pair.
fn hops(lg: &LayoutGraph) -> HashMap<(usize, usize, usize), usize> {
    let mut hop: HashMap<(usize, usize, usize), usize> = Default::default();
    for x in lg.graph.edge_references() {
        if let Some(i) = x.weight().edge {
            hop.entry((i, x.source().index(), x.target().index()))
                .or_insert(x.id().index());
        }
    }
    hop
}

/// Routes edges one by one.
struct Router<'a> {
    graph: &'a Graph,
    space: &'a Space<'a>,
    /// Each cluster's frame in layout space.
    spans: &'a [Option<Span>],
    /// Each graph node's box.
    nodes: &'a [Rect],
    ports: HashMap<(usize, usize), f32>,
    hops: HashMap<(usize, usize, usize), usize>,
    /// Self-loops drawn so far on each node (later ones reach further).
    loop_count: Vec<usize>,
}

impl Router<'_> {
    /// The outline of layout node `n`, placed.
    fn outline(&self, n: NodeIndex) -> Vec<Point> {
        let lg = self.space.lg;
        let (poly, c) = match lg.graph[n].kind {
            NodeKind::Real(i) => (self.graph.nodes[i].outline.clone(), self.nodes[i].center()),
            _ => {
                let node = &lg.graph[n];
                let q = self.space.q_of(n);
                let r = self.space.map_rect(
                    node.pos - node.breadth / 2.0,
                    node.pos + node.breadth / 2.0,
                    q - node.depth / 2.0,
                    q + node.depth / 2.0,
                );
                (box_outline(r.width, r.height), r.center())
            }
        };
        poly.into_iter()
            .map(|p| Point::new(p.x + c.x, p.y + c.y))
            .collect()
    }

    /// Edge `i`'s route by its plan, before frame cuts (`points` unset).
    fn route(&mut self, i: usize, e: &Edge, plan: &Plan) -> Route {
        match plan {
            Plan::Chain { nodes, reversed } => self.chain(i, e, nodes, *reversed),
            &Plan::Flat(a, b) => {
                let s = self.space;
                let mut pts = vec![s.centre(a), s.centre(b)];
                clip_ends(&mut pts, &self.outline(a), &self.outline(b));
                // Clipping may leave one point (both ends clip to the same
                // spot).
                let mut label_box = None;
                if let (Some(t), Some(p0), Some(p1)) = (e.label, pts.first(), pts.last()) {
                    let mid = Point::new((p0.x + p1.x) / 2.0, (p0.y + p1.y) / 2.0);
                    label_box = Some(Rect::centered(mid, t.width, t.height));
                }
                Route {
                    path: smooth(&pts, e.curve),
                    points: Vec::new(),
                    label_box,
                }
            }
            &Plan::Loop { node } => self.self_loop(e, node),
        }
    }

    /// An edge across ranks, through its chain of layout nodes.
    fn chain(&self, i: usize, e: &Edge, chain: &[NodeIndex], rev: bool) -> Route {
        let (lg, s) = (self.space.lg, self.space);
        let mut label_box = None;
        let first = chain[0];
        let last = *chain.last().expect("chain has two ends");
        let eid = |a: NodeIndex, b: NodeIndex| self.hops.get(&(i, a.index(), b.index())).copied();
        let out_port = eid(first, chain[1])
            .and_then(|x| self.ports.get(&(x, Outgoing as usize)))
            .copied()
            .unwrap_or(0.0);
        let in_port = eid(chain[chain.len() - 2], last)
            .and_then(|x| self.ports.get(&(x, Incoming as usize)))
            .copied()
            .unwrap_or(0.0);
        // Waypoints in layout space: straight runs inside rank bands
        // (where a dummy holds a free slot, or inside the end node's own
        // column), curves only in the gaps between bands, which hold no
        // nodes. So no edge can cross a node it does not join.
        let mut runs: Vec<((f32, f32), (f32, f32))> = Vec::new();
        let (p0, q0) = (lg.graph[first].pos, s.q_of(first));
        // End runs go straight across the ranks at their port, so ends
        // spread over the node's side as far apart as their ports are.
        runs.push((
            (p0 + out_port, q0),
            (p0 + out_port, q0 + s.band_of(first) / 2.0),
        ));
        for &m in &chain[1..chain.len() - 1] {
            let (p, q, b) = (lg.graph[m].pos, s.q_of(m), s.band_of(m));
            if let NodeKind::Label(_) = lg.graph[m].kind {
                let t = e.label.map_or((0.0, 0.0), |t| (t.width, t.height));
                label_box = Some(Rect::centered(s.map(p, q), t.0, t.1));
            }
            runs.push(((p, q - b / 2.0), (p, q + b / 2.0)));
        }
        let (pn, qn) = (lg.graph[last].pos, s.q_of(last));
        runs.push((
            (pn + in_port, qn - s.band_of(last) / 2.0),
            (pn + in_port, qn),
        ));
        // Clip the end runs to the node outlines; where the port's line
        // misses the outline (a shape narrower there), the run aims at the
        // centre instead.
        let k = runs.len() - 1;
        let start = self.end_on_outline(first, runs[0].1, (p0, q0), runs[0].0);
        let end = self.end_on_outline(last, runs[k].0, (pn, qn), runs[k].1);
        let mut path: Vec<Cubic> = Vec::new();
        for (j, &(a, b)) in runs.iter().enumerate() {
            let pa = if j == 0 { start } else { s.map(a.0, a.1) };
            let pb = if j == k { end } else { s.map(b.0, b.1) };
            if j > 0 {
                // The gap from the previous run's end to this run's start.
                let prev = path.last().map_or(start, |c: &Cubic| c[3]);
                let (from, to) = (runs[j - 1].1, a);
                match e.curve {
                    Curve::Linear | Curve::Step | Curve::StepBefore | Curve::StepAfter => {
                        path.push(line(prev, pa))
                    }
                    Curve::Basis => {
                        // The turn keeps off the frame lines in the gap:
                        // straight across them, curved between them.
                        let (q0, q1) = self.turn(from, to);
                        let (u, v) = (s.map(from.0, q0), s.map(to.0, q1));
                        let mid = (q0 + q1) / 2.0;
                        if q0 > from.1 {
                            path.push(line(prev, u));
                        }
                        path.push([
                            if q0 > from.1 { u } else { prev },
                            s.map(from.0, mid),
                            s.map(to.0, mid),
                            if q1 < to.1 { v } else { pa },
                        ]);
                        if q1 < to.1 {
                            path.push(line(v, pa));
                        }
                    }
                }
            }
            if (pa.x - pb.x).abs() + (pa.y - pb.y).abs() > 0.01 {
                path.push(line(pa, pb));
            }
        }
        if matches!(e.curve, Curve::Step | Curve::StepBefore | Curve::StepAfter) {
            let corners: Vec<Point> = std::iter::once(start)
                .chain(path.iter().map(|c| c[3]))
                .collect();
            path = smooth(&corners, e.curve);
        }
        if rev {
            reverse_path(&mut path);
        }
        Route {
            path,
            points: Vec::new(),
            label_box,
        }
    }

    /// Where an end run from `outside` (layout space, on the band's
    /// edge) into layout node `n` meets its outline: on the line to the
    /// port's point `port` level with the centre when that line meets the
    /// outline, else on the line to the centre `centre`.
    fn end_on_outline(
        &self,
        n: NodeIndex,
        outside: (f32, f32),
        centre: (f32, f32),
        port: (f32, f32),
    ) -> Point {
        let s = self.space;
        let outline = self.outline(n);
        let (o, p) = (s.map(outside.0, outside.1), s.map(port.0, port.1));
        let at_port = clip_to_polygon(&outline, p, o);
        if point_in_polygon(&outline, p) && at_port != p {
            at_port
        } else {
            clip_to_polygon(&outline, s.map(centre.0, centre.1), o)
        }
    }

    /// Where in the gap from `from` to `to` (layout space, `from.1 <
    /// to.1`) an edge makes its turn along the ranks: the widest stretch
    /// between the frame lines that lie in the gap where the turn would
    /// meet them. Outside that stretch the edge runs straight across the
    /// ranks, so it crosses a frame line square and never runs along one.
    fn turn(&self, from: (f32, f32), to: (f32, f32)) -> (f32, f32) {
        let (q0, q1) = (from.1, to.1);
        let (p_lo, p_hi) = (from.0.min(to.0), from.0.max(to.0));
        if p_hi - p_lo < 1.0 {
            return (q0, q1);
        }
        let mut cuts: Vec<f32> = self
            .spans
            .iter()
            .flatten()
            .filter(|f| f.lo < p_hi && p_lo < f.hi)
            .flat_map(|f| [f.q_lo, f.q_hi])
            .filter(|&q| q0 < q && q < q1)
            .collect();
        if cuts.is_empty() {
            return (q0, q1);
        }
        cuts.push(q0);
        cuts.push(q1);
        cuts.sort_by(f32::total_cmp);
        let widest = cuts
            .windows(2)
            .map(|w| (w[0], w[1]))
            .fold((q0, q0), |best, w| {
                if w.1 - w.0 > best.1 - best.0 + 1e-3 {
                    w
                } else {
                    best
                }
            });
        widest
    }

    /// A self-loop on the node's far side along the rank; each further
    /// loop on the same node reaches a little further.
    fn self_loop(&mut self, e: &Edge, n: usize) -> Route {
        let (lg, s) = (self.space.lg, self.space);
        let k = self.loop_count.get(n).copied().unwrap_or(0);
        if let Some(c) = self.loop_count.get_mut(n) {
            *c += 1;
        }
        let mut label_box = None;
        let pts = match lg.node_of.get(n).copied() {
            Some(ni) => {
                let size = self.graph.nodes[n].size;
                let (w, h) = (size.width, size.height);
                let horizontal = s.dir.is_horizontal();
                let (hb, d) = if horizontal {
                    (h / 2.0, w)
                } else {
                    (w / 2.0, h)
                };
                let (p, q) = (lg.graph[ni].pos, s.q_of(ni));
                let reach = LOOP_REACH * 0.8 + 10.0 * k as f32;
                let sy = (d / 4.0).min(12.0);
                if let Some(t) = e.label {
                    let lb = if horizontal { t.height } else { t.width };
                    let c = s.map(p + hb + reach + 2.0 + lb / 2.0, q);
                    label_box = Some(Rect::centered(c, t.width, t.height));
                }
                vec![
                    s.map(p + hb, q - sy),
                    s.map(p + hb + reach, q - sy - 4.0),
                    s.map(p + hb + reach, q + sy + 4.0),
                    s.map(p + hb, q + sy),
                ]
            }
            None => Vec::new(),
        };
        Route {
            path: smooth(&pts, e.curve),
            points: Vec::new(),
            label_box,
        }
    }
}

/// Moves everything into positive coordinates with `margin` around it,
/// rounded to 1/100.
fn into_place(
    mut nodes: Vec<Rect>,
    mut edges: Vec<Route>,
    mut clusters: Vec<Frame>,
    margin: f32,
) -> Geometry {
    let mut min = Point::new(f32::INFINITY, f32::INFINITY);
    let mut max = Point::new(f32::NEG_INFINITY, f32::NEG_INFINITY);
    let mut grow = |r: Rect| {
        if r.width > 0.0 || r.height > 0.0 {
            min.x = min.x.min(r.x);
            min.y = min.y.min(r.y);
            max.x = max.x.max(r.right());
            max.y = max.y.max(r.bottom());
        }
    };
    nodes.iter().for_each(|&r| grow(r));
    clusters.iter().for_each(|c| grow(c.rect));
    for e in &edges {
        e.label_box.iter().for_each(|&r| grow(r));
        for p in &e.points {
            grow(Rect {
                x: p.x - 0.5,
                y: p.y - 0.5,
                width: 1.0,
                height: 1.0,
            });
        }
    }
    if !min.x.is_finite() {
        min = Point::default();
        max = Point::default();
    }
    let dx = margin - min.x;
    let dy = margin - min.y;
    let mv = |p: &mut Point| {
        p.x = round2(p.x + dx);
        p.y = round2(p.y + dy);
    };
    let mv_rect = |r: &mut Rect| {
        r.x = round2(r.x + dx);
        r.y = round2(r.y + dy);
        r.width = round2(r.width);
        r.height = round2(r.height);
    };
    nodes.iter_mut().for_each(mv_rect);
    for c in &mut clusters {
        mv_rect(&mut c.rect);
        mv(&mut c.title_center);
    }
    for e in &mut edges {
        e.points.iter_mut().for_each(mv);
        e.path.iter_mut().flatten().for_each(mv);
        if let Some(r) = &mut e.label_box {
            mv_rect(r);
        }
    }
    Geometry {
        width: round2(max.x - min.x + 2.0 * margin),
        height: round2(max.y - min.y + 2.0 * margin),
        nodes,
        edges,
        clusters,
    }
}

/// Edges bucketed by the rows of a horizontal grid that their bounding
/// boxes cover, so a title (a thin horizontal band) looks only at the
/// edges that reach its height instead of at every edge of the diagram.
struct EdgeRows {
    boxes: Vec<Rect>,
    /// Bounding boxes of runs of `CHUNK` segments of each edge, so long
    /// edges are scanned only where they come near.
    chunks: Vec<Vec<Rect>>,
    rows: std::collections::HashMap<i32, Vec<u32>>,
    /// Edges too tall to bucket (seen by every query).
    tall: Vec<u32>,
}

impl EdgeRows {
    const ROW: f32 = 64.0;
    const CHUNK: usize = 16;
    /// Most rows one edge may cover before it counts as tall.
    const MAX_ROWS: i64 = 256;

    fn row(y: f32) -> i32 {
        (y / Self::ROW).floor() as i32
    }

    fn new(edges: &[Route]) -> Self {
        let boxes: Vec<Rect> = edges.iter().map(|e| bounds(&e.points)).collect();
        let mut rows: std::collections::HashMap<i32, Vec<u32>> = Default::default();
        let mut tall = Vec::new();
        for (i, b) in boxes.iter().enumerate() {
            if edges[i].points.is_empty() {
                continue;
            }
            let (lo, hi) = (Self::row(b.y), Self::row(b.bottom()));
            if i64::from(hi) - i64::from(lo) >= Self::MAX_ROWS {
                tall.push(i as u32);
                continue;
            }
            for r in lo..=hi {
                rows.entry(r).or_default().push(i as u32);
            }
        }
        let chunks = edges
            .iter()
            .map(|e| {
                let n = e.points.len();
                (0..n.saturating_sub(1))
                    .step_by(Self::CHUNK)
                    .map(|k| bounds(&e.points[k..(k + Self::CHUNK + 1).min(n)]))
                    .collect()
            })
            .collect();
        EdgeRows {
            boxes,
            chunks,
            rows,
            tall,
        }
    }

    /// The segments of edge `e` (as indices of their first point) whose
    /// run's box meets `[x0, x1] × [y0, y1]`, in path order.
    fn segments_near(
        &self,
        e: usize,
        x0: f32,
        x1: f32,
        y0: f32,
        y1: f32,
    ) -> impl Iterator<Item = usize> + '_ {
        self.chunks[e]
            .iter()
            .enumerate()
            .filter(move |(_, b)| !(b.bottom() < y0 || b.y > y1 || b.right() < x0 || b.x > x1))
            .flat_map(|(c, _)| c * Self::CHUNK..(c + 1) * Self::CHUNK)
    }

    /// Edges whose bounding box meets the box `[x0, x1] × [y0, y1]`, in
    /// edge order.
    fn meeting(&self, x0: f32, x1: f32, y0: f32, y1: f32) -> Vec<usize> {
        let (lo, hi) = (Self::row(y0), Self::row(y1));
        let mut out: Vec<u32> = self.tall.clone();
        if i64::from(hi) - i64::from(lo) > self.rows.len() as i64 {
            for v in self.rows.values() {
                out.extend_from_slice(v);
            }
        } else {
            for r in lo..=hi {
                if let Some(v) = self.rows.get(&r) {
                    out.extend_from_slice(v);
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out.into_iter()
            .map(|e| e as usize)
            .filter(|&e| {
                let b = self.boxes[e];
                !(b.bottom() < y0 || b.y > y1 || b.right() < x0 || b.x > x1)
            })
            .collect()
    }
}

/// Moves a frame's title along its top to the free spot nearest the
/// centre, away from the edges that pass through the title band.
fn place_title(c: &mut Frame, cluster: &Cluster, edges: &[Route], index: &EdgeRows) {
    if !cluster.titled {
        return;
    }
    let half = cluster.title.width / 2.0 + 4.0;
    let (top, bottom) = (
        c.title_center.y - cluster.title_line / 2.0,
        c.title_center.y - cluster.title_line / 2.0 + cluster.title.height,
    );
    let (lo, hi) = (c.rect.x + half + 4.0, c.rect.right() - half - 4.0);
    if lo > hi {
        return;
    }
    // X-ranges blocked for the title's centre.
    let mut blocked: Vec<(f32, f32)> = Vec::new();
    let (x0, x1) = (c.rect.x, c.rect.right());
    for e in index.meeting(x0, x1, top, bottom) {
        let points = &edges[e].points;
        for k in index.segments_near(e, x0, x1, top, bottom) {
            if k + 1 >= points.len() {
                break;
            }
            let (a, b) = (points[k], points[k + 1]);
            if a.y.max(b.y) < top || a.y.min(b.y) > bottom {
                continue;
            }
            if a.x.max(b.x) < c.rect.x || a.x.min(b.x) > c.rect.right() {
                continue;
            }
            blocked.push((a.x.min(b.x) - half - 3.0, a.x.max(b.x) + half + 3.0));
        }
    }
    let free = |x: f32| blocked.iter().all(|&(l, r)| x <= l || x >= r);
    let centre = c.title_center.x.clamp(lo, hi);
    if free(centre) {
        return;
    }
    let mut candidates: Vec<f32> = blocked
        .iter()
        .flat_map(|&(l, r)| [l, r])
        .chain([lo, hi])
        .filter(|&x| x >= lo && x <= hi && free(x))
        .collect();
    candidates.sort_by(|a, b| (a - centre).abs().total_cmp(&(b - centre).abs()));
    if let Some(&x) = candidates.first() {
        c.title_center.x = x;
    }
}

/// Rounds to 1/100 so output text is short and stable.
fn round2(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

fn dedup(pts: &mut Vec<Point>) {
    pts.dedup_by(|a, b| (a.x - b.x).abs() < 0.01 && (a.y - b.y).abs() < 0.01);
}

/// Moves the first point to where the route leaves `src`'s outline and the
/// last to where it meets `dst`'s, dropping points inside either shape.
fn clip_ends(pts: &mut Vec<Point>, src: &[Point], dst: &[Point]) {
    if pts.len() < 2 {
        return;
    }
    // Points on the outline (a port on the edge of its band) count as
    // outside, so the route keeps them.
    let inside =
        |poly: &[Point], p: Point| point_in_polygon(poly, p) && distance_to_outline(poly, p) > 0.5;
    // Source: skip points still inside the shape.
    let c0 = pts[0];
    let mut k = 1;
    while k + 1 < pts.len() && inside(src, pts[k]) {
        k += 1;
    }
    let exit = clip_to_polygon(src, c0, pts[k]);
    pts.splice(0..k, [exit]);
    let n = pts.len();
    let cn = pts[n - 1];
    let mut k = n - 2;
    while k > 0 && inside(dst, pts[k]) {
        k -= 1;
    }
    let entry = clip_to_polygon(dst, cn, pts[k]);
    pts.splice(k + 1..n, [entry]);
    dedup(pts);
}

fn distance_to_outline(poly: &[Point], p: Point) -> f32 {
    let mut best = f32::INFINITY;
    for i in 0..poly.len() {
        let (a, b) = (poly[i], poly[(i + 1) % poly.len()]);
        let (vx, vy) = (b.x - a.x, b.y - a.y);
        let len2 = vx * vx + vy * vy;
        let t = if len2 > 0.0 {
            (((p.x - a.x) * vx + (p.y - a.y) * vy) / len2).clamp(0.0, 1.0)
        } else {
            0.0
        };
        best = best.min((p.x - a.x - vx * t).hypot(p.y - a.y - vy * t));
    }
    best
}

fn point_in_polygon(poly: &[Point], p: Point) -> bool {
    let mut inside = false;
    let mut j = poly.len().wrapping_sub(1);
    for i in 0..poly.len() {
        let (a, b) = (poly[i], poly[j]);
        if (a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// Truncates the path where it meets `frame`: keeps the part outside the
/// frame before its first crossing (`at_end`: the edge points into the
/// cluster) or after its last (the edge leaves it).
pub(super) fn cut_path_at_frame(path: &mut Vec<Cubic>, frame: Rect, at_end: bool) {
    if path.is_empty() || frame.width <= 0.0 {
        return;
    }
    if !at_end {
        reverse_path(path);
    }
    if !frame.contains(path[0][0]) {
        if let Some((k, t)) = first_frame_crossing(path, frame) {
            let (head, _) = split_cubic(&path[k], t);
            path.truncate(k);
            path.push(head);
        }
    }
    if !at_end {
        reverse_path(path);
    }
}

/// Reverses a path in place: pieces in reverse order, each one turned round.
pub(super) fn reverse_path(path: &mut [Cubic]) {
    path.reverse();
    for c in path.iter_mut() {
        c.reverse();
    }
}

/// The first place `path` crosses the border of `frame`, as (piece, t),
/// found by walking each piece in small steps.
pub(super) fn first_frame_crossing(path: &[Cubic], frame: Rect) -> Option<(usize, f32)> {
    let corners = [
        Point::new(frame.x, frame.y),
        Point::new(frame.right(), frame.y),
        Point::new(frame.right(), frame.bottom()),
        Point::new(frame.x, frame.bottom()),
    ];
    const STEPS: usize = 64;
    for (k, piece) in path.iter().enumerate() {
        let mut prev = piece[0];
        for s in 1..=STEPS {
            let p = cubic_at(piece, s as f32 / STEPS as f32);
            let hit = (0..4)
                .filter_map(|j| segment_intersection(prev, p, corners[j], corners[(j + 1) % 4]))
                .fold(None, |m: Option<f32>, u| Some(m.map_or(u, |m| m.min(u))));
            if let Some(u) = hit {
                return Some((k, (s as f32 - 1.0 + u) / STEPS as f32));
            }
            prev = p;
        }
    }
    None
}

pub(super) fn cubic_at(c: &Cubic, t: f32) -> Point {
    let u = 1.0 - t;
    let b = [u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t];
    Point::new(
        b[0] * c[0].x + b[1] * c[1].x + b[2] * c[2].x + b[3] * c[3].x,
        b[0] * c[0].y + b[1] * c[1].y + b[2] * c[2].y + b[3] * c[3].y,
    )
}

/// De Casteljau split of a cubic at `t`.
pub(super) fn split_cubic(c: &Cubic, t: f32) -> (Cubic, Cubic) {
    let ab = lerp(c[0], c[1], t);
    let bc = lerp(c[1], c[2], t);
    let cd = lerp(c[2], c[3], t);
    let abc = lerp(ab, bc, t);
    let bcd = lerp(bc, cd, t);
    let m = lerp(abc, bcd, t);
    ([c[0], ab, abc, m], [m, bcd, cd, c[3]])
}

/// A straight piece as a cubic.
pub(super) fn line(a: Point, b: Point) -> Cubic {
    [a, lerp(a, b, 1.0 / 3.0), lerp(a, b, 2.0 / 3.0), b]
}

/// Turns a route into cubic pieces following `curve`.
fn smooth(pts: &[Point], curve: Curve) -> Vec<Cubic> {
    if pts.len() < 2 {
        return Vec::new();
    }
    match curve {
        Curve::Linear => pts.windows(2).map(|w| line(w[0], w[1])).collect(),
        Curve::Step | Curve::StepBefore | Curve::StepAfter => {
            let mut out = Vec::new();
            for w in pts.windows(2) {
                let (a, b) = (w[0], w[1]);
                let corners: Vec<Point> = match curve {
                    Curve::StepBefore => vec![a, Point::new(a.x, b.y), b],
                    Curve::StepAfter => vec![a, Point::new(b.x, a.y), b],
                    _ => {
                        let my = (a.y + b.y) / 2.0;
                        vec![a, Point::new(a.x, my), Point::new(b.x, my), b]
                    }
                };
                for c in corners.windows(2) {
                    if (c[0].x - c[1].x).abs() + (c[0].y - c[1].y).abs() > 0.01 {
                        out.push(line(c[0], c[1]));
                    }
                }
            }
            out
        }
        _ => basis(pts),
    }
}

/// A uniform cubic B-spline through the route with its ends pinned to the
/// first and last points (the construction of d3's `curveBasis`, which
/// Mermaid draws with).
fn basis(p: &[Point]) -> Vec<Cubic> {
    let n = p.len();
    if n == 2 {
        return vec![[
            p[0],
            lerp(p[0], p[1], 1.0 / 3.0),
            lerp(p[0], p[1], 2.0 / 3.0),
            p[1],
        ]];
    }
    let mut out = Vec::with_capacity(n);
    // Start: straight to one sixth of the way.
    let first = Point::new((5.0 * p[0].x + p[1].x) / 6.0, (5.0 * p[0].y + p[1].y) / 6.0);
    out.push([
        p[0],
        lerp(p[0], first, 1.0 / 3.0),
        lerp(p[0], first, 2.0 / 3.0),
        first,
    ]);
    let mut cur = first;
    let piece = |a: Point, b: Point, c: Point| {
        (
            Point::new((2.0 * a.x + b.x) / 3.0, (2.0 * a.y + b.y) / 3.0),
            Point::new((a.x + 2.0 * b.x) / 3.0, (a.y + 2.0 * b.y) / 3.0),
            Point::new((a.x + 4.0 * b.x + c.x) / 6.0, (a.y + 4.0 * b.y + c.y) / 6.0),
        )
    };
    for k in 2..n {
        let (c1, c2, end) = piece(p[k - 2], p[k - 1], p[k]);
        out.push([cur, c1, c2, end]);
        cur = end;
    }
    let (c1, c2, end) = piece(p[n - 2], p[n - 1], p[n - 1]);
    out.push([cur, c1, c2, end]);
    out.push([
        end,
        lerp(end, p[n - 1], 1.0 / 3.0),
        lerp(end, p[n - 1], 2.0 / 3.0),
        p[n - 1],
    ]);
    out.retain(|c| (c[0].x - c[3].x).abs() + (c[0].y - c[3].y).abs() > 1e-3);
    out
}

fn lerp(a: Point, b: Point, t: f32) -> Point {
    Point::new(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t)
}

/// Flattens cubic pieces to a polyline within about a quarter unit.
pub(super) fn flatten(path: &[Cubic]) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::new();
    for c in path {
        if out.is_empty() {
            out.push(c[0]);
        }
        let hull = (c[1].x - c[0].x).hypot(c[1].y - c[0].y)
            + (c[2].x - c[1].x).hypot(c[2].y - c[1].y)
            + (c[3].x - c[2].x).hypot(c[3].y - c[2].y);
        let chord = (c[3].x - c[0].x).hypot(c[3].y - c[0].y);
        let steps = if hull - chord < 0.05 {
            1
        } else {
            ((hull / 6.0).ceil() as usize).clamp(2, 32)
        };
        for s in 1..=steps {
            let t = s as f32 / steps as f32;
            let u = 1.0 - t;
            let b = [u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t];
            out.push(Point::new(
                b[0] * c[0].x + b[1] * c[1].x + b[2] * c[2].x + b[3] * c[3].x,
                b[0] * c[0].y + b[1] * c[1].y + b[2] * c[2].y + b[3] * c[3].y,
            ));
        }
    }
    dedup(&mut out);
    out
}
