//! Edge routing and the final geometry: maps layout space to x/y, builds
//! frames, routes edges through their dummy positions, clips their ends to
//! the shapes' outlines (or to a subgraph's frame), smooths them into the
//! configured curve and moves everything into positive coordinates.
//!
//! Takes positioned nodes (every node has `pos` and a rank centre); returns
//! a [`Layout`] whose edge paths start on the source outline and end, where
//! the arrow tip goes, on the target outline.

use petgraph::stable_graph::NodeIndex;
use petgraph::visit::EdgeRef;
use petgraph::Direction::{Incoming, Outgoing};

use super::geometry::{clip_to_polygon, placed_outline, segment_intersection, Point, Rect};
use super::graph::{LayoutGraph, NodeKind};
use super::position::Pads;
use super::{ClusterLayout, Cubic, EdgeLayout, Layout, NodeLayout, LOOP_REACH};
use crate::model::{Curve, Direction, Flowchart, Shape};
use crate::text::TextBlock;

/// What `finish` needs from the earlier phases.
pub struct Input<'a> {
    pub chart: &'a Flowchart,
    pub lg: &'a LayoutGraph,
    pub labels: Vec<TextBlock>,
    pub sizes: Vec<(f32, f32)>,
    pub edge_labels: Vec<Option<TextBlock>>,
    pub title_blocks: Vec<TextBlock>,
    pub pads: &'a [Pads],
    pub centres: &'a [f32],
    pub band: &'a [f32],
    /// For each edge: the subgraph its source / target end is, if any.
    pub ends: &'a [(Option<usize>, Option<usize>)],
    pub chains: &'a [Option<(Vec<NodeIndex>, bool)>],
    pub flat: &'a [Option<(NodeIndex, NodeIndex)>],
    pub loops: &'a [bool],
    pub margin: f32,
    pub empty_filler: &'a [Option<NodeIndex>],
}

/// Builds the final [`Layout`] (see the module doc).
pub fn finish(input: Input<'_>) -> Layout {
    let Input {
        chart,
        lg,
        labels,
        sizes,
        edge_labels,
        title_blocks,
        pads,
        centres,
        band,
        ends,
        chains,
        flat,
        loops,
        margin,
        empty_filler,
    } = input;
    let dir = chart.direction;
    let map = |p: f32, q: f32| match dir {
        Direction::TopBottom => Point::new(p, q),
        Direction::BottomTop => Point::new(p, -q),
        Direction::LeftRight => Point::new(q, p),
        Direction::RightLeft => Point::new(-q, p),
    };
    let map_rect = |p0: f32, p1: f32, q0: f32, q1: f32| {
        let a = map(p0, q0);
        let b = map(p1, q1);
        Rect {
            x: a.x.min(b.x),
            y: a.y.min(b.y),
            width: (a.x - b.x).abs(),
            height: (a.y - b.y).abs(),
        }
    };
    let q_of = |n: NodeIndex| centres[lg.graph[n].rank as usize];
    let band_of = |n: NodeIndex| band[lg.graph[n].rank as usize];
    let centre = |n: NodeIndex| map(lg.graph[n].pos, q_of(n));

    // Nodes.
    let mut nodes: Vec<NodeLayout> = chart
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let c = centre(lg.node_of[i]);
            NodeLayout {
                id: n.id.clone(),
                shape: n.shape,
                rect: Rect::centered(c, sizes[i].0, sizes[i].1),
                label: labels[i].clone(),
                parent: n.parent,
            }
        })
        .collect();
    let outline_of = |nodes: &[NodeLayout], n: NodeIndex| -> Vec<Point> {
        match lg.graph[n].kind {
            NodeKind::Real(i) => {
                let r = nodes[i].rect;
                placed_outline(nodes[i].shape, r.center(), r.width, r.height)
            }
            _ => {
                let node = &lg.graph[n];
                let r = map_rect(
                    node.pos - node.breadth / 2.0,
                    node.pos + node.breadth / 2.0,
                    q_of(n) - node.depth / 2.0,
                    q_of(n) + node.depth / 2.0,
                );
                placed_outline(Shape::Rect, r.center(), r.width, r.height)
            }
        }
    };

    // Frames: along ranks from position, across from their members.
    let n_cl = lg.clusters.len();
    let mut q_lo = vec![f32::INFINITY; n_cl];
    let mut q_hi = vec![f32::NEG_INFINITY; n_cl];
    for n in lg.graph.node_indices() {
        let node = &lg.graph[n];
        if let Some(c) = node.cluster {
            let q = q_of(n);
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
    let clusters: Vec<ClusterLayout> = chart
        .subgraphs
        .iter()
        .enumerate()
        .map(|(c, sg)| {
            let cl = &lg.clusters[c];
            let rect = if q_lo[c].is_finite() {
                map_rect(cl.lo, cl.hi, q_lo[c], q_hi[c])
            } else {
                Rect::default()
            };
            let title = title_blocks[c].clone();
            let title_center = Point::new(
                rect.x + rect.width / 2.0,
                rect.y + 6.0 + title.line_height() / 2.0,
            );
            ClusterLayout {
                id: sg.id.clone(),
                rect,
                title,
                title_center,
                parent: sg.parent,
            }
        })
        .collect();
    let _ = empty_filler;

    // Ports: edges leaving or entering one side of a node spread over the
    // middle half of that side, in the order of their other ends.
    let mut port: std::collections::HashMap<(usize, usize), f32> = Default::default();
    for n in lg.graph.node_indices() {
        if !matches!(lg.graph[n].kind, NodeKind::Real(_) | NodeKind::Filler(_)) {
            continue;
        }
        let spread = match lg.graph[n].kind {
            NodeKind::Real(i) => {
                let (w, h) = sizes[i];
                if dir.is_horizontal() {
                    h
                } else {
                    w
                }
            }
            _ => lg.graph[n].breadth,
        } / 2.0;
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

    let curve_default = chart.config.curve.unwrap_or_default();
    let mut edges: Vec<EdgeLayout> = Vec::with_capacity(chart.edges.len());
    let mut loop_count = vec![0usize; chart.nodes.len()];
    for (i, e) in chart.edges.iter().enumerate() {
        let curve = e.curve.unwrap_or(curve_default);
        let label = edge_labels[i].clone();
        let mut label_box = None;
        let mut pts: Vec<Point>;
        if let Some((chain, rev)) = &chains[i] {
            let first = chain[0];
            let last = *chain.last().expect("chain has two ends");
            let eid = |a: NodeIndex, b: NodeIndex| {
                lg.graph
                    .edges_connecting(a, b)
                    .find(|x| x.weight().edge == Some(i))
                    .map(|x| x.id().index())
            };
            let out_port = eid(first, chain[1])
                .and_then(|x| port.get(&(x, Outgoing as usize)))
                .copied()
                .unwrap_or(0.0);
            let in_port = eid(chain[chain.len() - 2], last)
                .and_then(|x| port.get(&(x, Incoming as usize)))
                .copied()
                .unwrap_or(0.0);
            let mut lp: Vec<(f32, f32)> = vec![(lg.graph[first].pos, q_of(first))];
            lp.push((
                lg.graph[first].pos + out_port,
                q_of(first) + band_of(first) / 2.0,
            ));
            for &m in &chain[1..chain.len() - 1] {
                let (p, q, b) = (lg.graph[m].pos, q_of(m), band_of(m));
                lp.push((p, q - b / 2.0));
                if let NodeKind::Label(_) = lg.graph[m].kind {
                    lp.push((p, q));
                    let t = label.as_ref().map_or((0.0, 0.0), |t| (t.width, t.height));
                    label_box = Some(Rect::centered(map(p, q), t.0 + 8.0, t.1 + 4.0));
                }
                lp.push((p, q + b / 2.0));
            }
            lp.push((
                lg.graph[last].pos + in_port,
                q_of(last) - band_of(last) / 2.0,
            ));
            lp.push((lg.graph[last].pos, q_of(last)));
            pts = lp.into_iter().map(|(p, q)| map(p, q)).collect();
            dedup(&mut pts);
            if *rev {
                pts.reverse();
            }
            let (src, dst) = if *rev { (last, first) } else { (first, last) };
            clip_ends(&mut pts, &outline_of(&nodes, src), &outline_of(&nodes, dst));
        } else if let Some((a, b)) = flat[i] {
            pts = vec![centre(a), centre(b)];
            clip_ends(&mut pts, &outline_of(&nodes, a), &outline_of(&nodes, b));
            if let Some(t) = &label {
                let mid = Point::new((pts[0].x + pts[1].x) / 2.0, (pts[0].y + pts[1].y) / 2.0);
                label_box = Some(Rect::centered(mid, t.width + 8.0, t.height + 4.0));
            }
        } else if loops[i] {
            // A loop on the node's far side along the rank.
            let n = chart.nodes.iter().position(|n| n.id == e.from).unwrap_or(0);
            let k = loop_count.get(n).copied().unwrap_or(0);
            if let Some(c) = loop_count.get_mut(n) {
                *c += 1;
            }
            let ni = lg.node_of.get(n).copied();
            pts = match ni {
                Some(ni) => {
                    let (w, h) = sizes[n];
                    let (hb, d) = if dir.is_horizontal() {
                        (h / 2.0, w)
                    } else {
                        (w / 2.0, h)
                    };
                    let (p, q) = (lg.graph[ni].pos, q_of(ni));
                    let reach = LOOP_REACH * 0.8 + 10.0 * k as f32;
                    let s = (d / 4.0).min(12.0);
                    if let Some(t) = &label {
                        let (lb, _) = if dir.is_horizontal() {
                            (t.height + 4.0, t.width + 8.0)
                        } else {
                            (t.width + 8.0, t.height + 4.0)
                        };
                        let c = map(p + hb + reach + 2.0 + lb / 2.0, q);
                        label_box = Some(Rect::centered(c, t.width + 8.0, t.height + 4.0));
                    }
                    vec![
                        map(p + hb, q - s),
                        map(p + hb + reach, q - s - 4.0),
                        map(p + hb + reach, q + s + 4.0),
                        map(p + hb, q + s),
                    ]
                }
                None => Vec::new(),
            };
        } else {
            pts = Vec::new();
        }
        // Edges to and from subgraphs end on the frame.
        if let Some(c) = ends[i].1 {
            cut_at_frame(&mut pts, clusters[c].rect, true);
        }
        if let Some(c) = ends[i].0 {
            cut_at_frame(&mut pts, clusters[c].rect, false);
        }
        let path = smooth(&pts, curve);
        let points = flatten(&path);
        edges.push(EdgeLayout {
            from: e.from.clone(),
            to: e.to.clone(),
            path,
            points,
            label,
            label_box,
        });
    }

    // Into positive coordinates with a margin.
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
    nodes.iter().for_each(|n| grow(n.rect));
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
    for n in &mut nodes {
        mv_rect(&mut n.rect);
    }
    let mut clusters = clusters;
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
    Layout {
        width: round2(max.x - min.x + 2.0 * margin),
        height: round2(max.y - min.y + 2.0 * margin),
        direction: dir,
        nodes,
        edges,
        clusters,
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
    let inside = |poly: &[Point], p: Point| point_in_polygon(poly, p);
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

/// Truncates the route where it meets `frame`: at its end when `at_end`
/// (the edge points into the subgraph), else at its start.
fn cut_at_frame(pts: &mut Vec<Point>, frame: Rect, at_end: bool) {
    if pts.len() < 2 || frame.width <= 0.0 {
        return;
    }
    if !at_end {
        pts.reverse();
    }
    let corners = [
        Point::new(frame.x, frame.y),
        Point::new(frame.right(), frame.y),
        Point::new(frame.right(), frame.bottom()),
        Point::new(frame.x, frame.bottom()),
    ];
    if !frame.contains(pts[0]) {
        for k in 0..pts.len() - 1 {
            let (a, b) = (pts[k], pts[k + 1]);
            let hit = (0..4)
                .filter_map(|j| segment_intersection(a, b, corners[j], corners[(j + 1) % 4]))
                .fold(None, |m: Option<f32>, t| Some(m.map_or(t, |m| m.min(t))));
            if let Some(t) = hit {
                let p = Point::new(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
                pts.truncate(k + 1);
                pts.push(p);
                dedup(pts);
                break;
            }
        }
    }
    if !at_end {
        pts.reverse();
    }
}

/// Turns a route into cubic pieces following `curve`.
fn smooth(pts: &[Point], curve: Curve) -> Vec<Cubic> {
    if pts.len() < 2 {
        return Vec::new();
    }
    let line = |a: Point, b: Point| -> Cubic {
        [
            a,
            Point::new(a.x + (b.x - a.x) / 3.0, a.y + (b.y - a.y) / 3.0),
            Point::new(a.x + (b.x - a.x) * 2.0 / 3.0, a.y + (b.y - a.y) * 2.0 / 3.0),
            b,
        ]
    };
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
fn flatten(path: &[Cubic]) -> Vec<Point> {
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
