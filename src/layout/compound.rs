//! Subgraphs with a `direction` of their own.
//!
//! A subgraph whose direction differs from its surroundings is laid out on
//! its own, in its direction, and then stands in the enclosing layout as one
//! block node of its frame's size. Edges that cross its border are honoured
//! (Mermaid drops the subgraph's direction in that case): inside, each gets
//! a port node outside the frame, so the inner layout routes it cleanly to
//! the frame; outside, the edge runs to the block; the two meet through a
//! corridor that hugs the frame closer than any neighbour may stand, so no
//! edge crosses a node.
//!
//! Takes any flowchart; returns the same [`Layout`] shape as the flat
//! layout, in the flowchart's order, with no trace of blocks or ports.

use std::collections::HashMap;

use super::geometry::{Point, Rect};
use super::route::{
    cut_path_at_frame, first_frame_crossing, flatten, line, reverse_path, split_cubic,
};
use super::{layout_flat, ClusterLayout, Cubic, EdgeLayout, Layout, NodeLayout};
use crate::model::{Direction, Edge, Flowchart, Label, Marker, Node, Shape, Subgraph};

/// Distance of the corridor from a block's frame: less than half of any
/// gap the flat layout leaves between a frame and its neighbours.
const CORRIDOR: f32 = 8.0;

/// Lays out `chart`, honouring every subgraph's own direction.
pub fn layout_with_directions(chart: &Flowchart) -> Layout {
    let blocks = top_blocks(chart);
    if blocks.is_empty() {
        return layout_flat(chart, &HashMap::new());
    }
    let n_sub = chart.subgraphs.len();
    // Which top block holds each subgraph and node.
    let sub_block: Vec<Option<usize>> = (0..n_sub)
        .map(|s| {
            let mut cur = Some(s);
            let mut guard = 0;
            while let Some(c) = cur {
                if blocks.contains(&c) {
                    return Some(c);
                }
                cur = chart.subgraphs[c].parent;
                guard += 1;
                if guard > n_sub {
                    break;
                }
            }
            None
        })
        .collect();
    let node_block: Vec<Option<usize>> = chart
        .nodes
        .iter()
        .map(|n| n.parent.and_then(|p| sub_block[p]))
        .collect();
    let node_index: HashMap<&str, usize> = chart
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .rev()
        .collect();
    let sub_index: HashMap<&str, usize> = chart
        .subgraphs
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .rev()
        .collect();
    // The block an edge end lies in, and whether it is the block itself.
    let end_of = |id: &str| -> (Option<usize>, bool) {
        if let Some(&s) = sub_index.get(id) {
            (sub_block[s], blocks.contains(&s))
        } else if let Some(&n) = node_index.get(id) {
            (node_block[n], false)
        } else {
            (None, false)
        }
    };

    // Inner layouts, one per block.
    let mut inner: HashMap<usize, Inner> = HashMap::new();
    for &b in &blocks {
        inner.insert(b, Inner::build(chart, b, &sub_block, &node_block, &end_of));
    }

    // The outer chart: blocks become nodes.
    let mut outer = Flowchart {
        direction: chart.direction,
        class_defs: chart.class_defs.clone(),
        config: chart.config.clone(),
        ..Default::default()
    };
    let mut outer_sub: Vec<Option<usize>> = vec![None; n_sub];
    for (s, sg) in chart.subgraphs.iter().enumerate() {
        if sub_block[s].is_none() {
            outer_sub[s] = Some(outer.subgraphs.len());
            let mut copy = sg.clone();
            copy.parent = sg.parent.and_then(|p| outer_sub[p]);
            outer.subgraphs.push(copy);
        }
    }
    for (i, n) in chart.nodes.iter().enumerate() {
        if node_block[i].is_none() {
            let mut copy = n.clone();
            copy.parent = n.parent.and_then(|p| outer_sub[p]);
            outer.nodes.push(copy);
        }
    }
    let mut fixed = HashMap::new();
    for &b in &blocks {
        let sg = &chart.subgraphs[b];
        let mut node = Node::new(sg.id.clone(), sg.span);
        node.label = Some(Label::plain("", sg.span));
        node.shape = Shape::Rect;
        node.parent = sg.parent.and_then(|p| outer_sub[p]);
        outer.nodes.push(node);
        let frame = inner[&b].frame();
        fixed.insert(sg.id.clone(), (frame.width, frame.height));
    }
    let mut outer_edge: Vec<Option<usize>> = vec![None; chart.edges.len()];
    for (k, e) in chart.edges.iter().enumerate() {
        let (fb, _) = end_of(&e.from);
        let (tb, _) = end_of(&e.to);
        if fb.is_some() && fb == tb {
            continue; // inside one block
        }
        let mut copy = e.clone();
        if let Some(b) = fb {
            copy.from = chart.subgraphs[b].id.clone();
        }
        if let Some(b) = tb {
            copy.to = chart.subgraphs[b].id.clone();
        }
        outer_edge[k] = Some(outer.edges.len());
        outer.edges.push(copy);
    }
    let out = layout_flat(&outer, &fixed);

    // Place each inner layout on its block.
    let block_rect: HashMap<usize, Rect> = blocks
        .iter()
        .map(|&b| {
            let id = &chart.subgraphs[b].id;
            let r = out
                .nodes
                .iter()
                .find(|n| &n.id == id)
                .map_or(Rect::default(), |n| n.rect);
            (b, r)
        })
        .collect();
    for (&b, inn) in inner.iter_mut() {
        let f = inn.frame();
        let r = block_rect[&b];
        inn.layout.translate(r.x - f.x, r.y - f.y);
    }

    // Merge, in the flowchart's order.
    let nodes: Vec<NodeLayout> = chart
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let src = match node_block[i] {
                Some(b) => &inner[&b].layout.nodes,
                None => &out.nodes,
            };
            let mut nl = src
                .iter()
                .find(|x| x.id == n.id)
                .cloned()
                .unwrap_or_else(|| NodeLayout {
                    id: n.id.clone(),
                    shape: n.shape,
                    rect: Rect::default(),
                    label: Default::default(),
                    parent: None,
                });
            nl.parent = n.parent;
            nl
        })
        .collect();
    let clusters: Vec<ClusterLayout> = chart
        .subgraphs
        .iter()
        .enumerate()
        .map(|(s, sg)| {
            let mut cl = match sub_block[s] {
                Some(b) => {
                    let inn = &inner[&b];
                    inn.layout.clusters[inn.sub_of[&s]].clone()
                }
                None => out.clusters[outer_sub[s].unwrap_or(0)].clone(),
            };
            cl.parent = sg.parent;
            cl
        })
        .collect();
    let edges: Vec<EdgeLayout> = chart
        .edges
        .iter()
        .enumerate()
        .map(|(k, e)| {
            let (fb, from_is_block) = end_of(&e.from);
            let (tb, to_is_block) = end_of(&e.to);
            if fb.is_some() && fb == tb {
                let inn = &inner[&fb.unwrap_or(0)];
                return inn.edge_for(k).cloned().unwrap_or_else(|| empty_edge(e));
            }
            let Some(o) = outer_edge[k].and_then(|o| out.edges.get(o)) else {
                return empty_edge(e);
            };
            let mut path = o.path.clone();
            // The target end inside a block.
            if let (Some(b), false) = (tb, to_is_block) {
                let inn = &inner[&b];
                if let Some(port_path) = inn.port_path(k) {
                    path = join_into(path, block_rect[&b], port_path, true);
                }
            }
            if let (Some(b), false) = (fb, from_is_block) {
                let inn = &inner[&b];
                if let Some(port_path) = inn.port_path(k) {
                    path = join_into(path, block_rect[&b], port_path, false);
                }
            }
            EdgeLayout {
                from: e.from.clone(),
                to: e.to.clone(),
                points: flatten(&path),
                path,
                label: o.label.clone(),
                label_box: o.label_box,
            }
        })
        .collect();
    let mut result = Layout {
        width: out.width,
        height: out.height,
        direction: chart.direction,
        nodes,
        edges,
        clusters,
        title: None,
    };
    result.fit(chart.config.diagram_padding.unwrap_or(8.0));
    result
}

/// An edge with nothing to draw (its ends could not be placed).
fn empty_edge(e: &Edge) -> EdgeLayout {
    EdgeLayout {
        from: e.from.clone(),
        to: e.to.clone(),
        path: Vec::new(),
        points: Vec::new(),
        label: None,
        label_box: None,
    }
}

/// Subgraphs whose direction differs from their surroundings and that lie
/// in no other such subgraph.
fn top_blocks(chart: &Flowchart) -> Vec<usize> {
    let n = chart.subgraphs.len();
    let mut context: Vec<Direction> = vec![chart.direction; n];
    let mut is_block = vec![false; n];
    let mut inside_block = vec![false; n];
    // Parents come before children in source order.
    for (s, sg) in chart.subgraphs.iter().enumerate() {
        let (outer_dir, outer_block) = match sg.parent.filter(|&p| p < s) {
            Some(p) => (
                chart.subgraphs[p].direction.unwrap_or(context[p]),
                is_block[p] || inside_block[p],
            ),
            None => (chart.direction, false),
        };
        context[s] = outer_dir;
        inside_block[s] = outer_block;
        is_block[s] = sg.direction.is_some_and(|d| d != outer_dir);
    }
    (0..n)
        .filter(|&s| is_block[s] && !inside_block[s])
        .collect()
}

/// One block laid out on its own.
struct Inner {
    layout: Layout,
    /// Original subgraph index -> index in the inner layout.
    sub_of: HashMap<usize, usize>,
    /// Original edge index -> index in the inner layout (inner edges and
    /// port edges).
    edge_of: HashMap<usize, usize>,
    /// Original edges that have a port edge here.
    ported: Vec<usize>,
}

/// Marks ids we make for ports; the parser never produces a control char.
const PORT_PREFIX: &str = "\u{1}port-";

impl Inner {
    fn build(
        chart: &Flowchart,
        b: usize,
        sub_block: &[Option<usize>],
        node_block: &[Option<usize>],
        end_of: &dyn Fn(&str) -> (Option<usize>, bool),
    ) -> Inner {
        let mut sub = Flowchart {
            direction: chart.subgraphs[b].direction.unwrap_or(chart.direction),
            class_defs: chart.class_defs.clone(),
            config: chart.config.clone(),
            ..Default::default()
        };
        let mut sub_of = HashMap::new();
        for (s, sg) in chart.subgraphs.iter().enumerate() {
            if sub_block[s] == Some(b) {
                sub_of.insert(s, sub.subgraphs.len());
                let copy = Subgraph {
                    parent: if s == b {
                        None
                    } else {
                        sg.parent.and_then(|p| sub_of.get(&p).copied())
                    },
                    direction: if s == b { None } else { sg.direction },
                    ..sg.clone()
                };
                sub.subgraphs.push(copy);
            }
        }
        for (i, n) in chart.nodes.iter().enumerate() {
            if node_block[i] == Some(b) {
                let mut copy = n.clone();
                copy.parent = n.parent.and_then(|p| sub_of.get(&p).copied());
                sub.nodes.push(copy);
            }
        }
        let mut edge_of = HashMap::new();
        let mut ported = Vec::new();
        for (k, e) in chart.edges.iter().enumerate() {
            let (fb, from_block) = end_of(&e.from);
            let (tb, to_block) = end_of(&e.to);
            if fb == Some(b) && tb == Some(b) {
                edge_of.insert(k, sub.edges.len());
                sub.edges.push(e.clone());
            } else if (fb == Some(b) && !from_block) || (tb == Some(b) && !to_block) {
                // One end inside: a port outside the frame stands for the
                // other end.
                let port = format!("{PORT_PREFIX}{k}");
                let mut node = Node::new(port.clone(), e.span);
                node.shape = Shape::Anchor;
                sub.nodes.push(node);
                let mut pe = Edge::new(e.from.clone(), e.to.clone(), e.span);
                if tb == Some(b) {
                    pe.from = port;
                } else {
                    pe.to = port;
                }
                pe.start = Marker::None;
                pe.end = Marker::None;
                pe.curve = e.curve;
                edge_of.insert(k, sub.edges.len());
                ported.push(k);
                sub.edges.push(pe);
            }
        }
        Inner {
            layout: layout_with_directions(&sub),
            sub_of,
            edge_of,
            ported,
        }
    }

    /// The block's own frame (the first subgraph of the inner chart).
    fn frame(&self) -> Rect {
        self.layout
            .clusters
            .first()
            .map_or(Rect::default(), |c| c.rect)
    }

    fn edge_for(&self, k: usize) -> Option<&EdgeLayout> {
        self.edge_of.get(&k).and_then(|&i| self.layout.edges.get(i))
    }

    /// The part of original edge `k`'s port edge that runs inside the frame,
    /// oriented from the frame to the inner end (for an edge into the
    /// block) or from the inner end to the frame.
    fn port_path(&self, k: usize) -> Option<Vec<Cubic>> {
        if !self.ported.contains(&k) {
            return None;
        }
        let e = self.edge_for(k)?;
        let frame = self.frame();
        let mut path = e.path.clone();
        if e.from.starts_with(PORT_PREFIX) {
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

impl Layout {
    /// Moves everything by `(dx, dy)`.
    pub(super) fn translate(&mut self, dx: f32, dy: f32) {
        let mv = |p: &mut Point| {
            p.x += dx;
            p.y += dy;
        };
        for n in &mut self.nodes {
            n.rect.x += dx;
            n.rect.y += dy;
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
        for n in &self.nodes {
            grow(n.rect.x, n.rect.y, n.rect.right(), n.rect.bottom());
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
