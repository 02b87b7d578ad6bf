//! Shared checks for tests: the layout laws every picture must obey.
#![allow(dead_code)]

pub mod cli;
pub mod safety;

use mermaid_render::layout::Layout;
use mermaid_render::layout::{Point, Rect};

const EPS: f32 = 0.5;

fn intersects(a: &Rect, b: &Rect) -> bool {
    a.x + EPS < b.right()
        && b.x + EPS < a.right()
        && a.y + EPS < b.bottom()
        && b.y + EPS < a.bottom()
}

fn inside(inner: &Rect, outer: &Rect) -> bool {
    inner.x >= outer.x - EPS
        && inner.y >= outer.y - EPS
        && inner.right() <= outer.right() + EPS
        && inner.bottom() <= outer.bottom() + EPS
}

/// Does segment p-q pass through the interior of `b` shrunk by 2 units?
fn segment_hits(p: Point, q: Point, b: &Rect) -> bool {
    segment_hits_shrunk(p, q, b, 2.0)
}

/// Does segment p-q pass through the interior of `b` shrunk by `shrink`
/// units on every side (Liang-Barsky clipping, as `layout_audit.py` does)?
fn segment_hits_shrunk(p: Point, q: Point, b: &Rect, shrink: f32) -> bool {
    let window = (
        b.x + shrink,
        b.y + shrink,
        b.right() - shrink,
        b.bottom() - shrink,
    );
    clip(p, q, window).is_some_and(|(t0, t1)| t1 - t0 > 1e-4)
}

/// The part of segment p-q inside the window `(x0, y0, x1, y1)`, as the
/// interval of the segment's parameter (Liang-Barsky clipping); `None`
/// when the window is empty or the segment misses it.
fn clip(p: Point, q: Point, (x0, y0, x1, y1): (f32, f32, f32, f32)) -> Option<(f32, f32)> {
    if x0 >= x1 || y0 >= y1 {
        return None;
    }
    let (dx, dy) = (q.x - p.x, q.y - p.y);
    let (mut t0, mut t1) = (0.0f32, 1.0f32);
    for (pk, qk) in [
        (-dx, p.x - x0),
        (dx, x1 - p.x),
        (-dy, p.y - y0),
        (dy, y1 - p.y),
    ] {
        if pk.abs() < 1e-9 {
            if qk < 0.0 {
                return None;
            }
        } else {
            let t = qk / pk;
            if pk < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
            if t0 > t1 {
                return None;
            }
        }
    }
    Some((t0, t1))
}

/// How close to a cluster's frame a line may run alongside it, and for
/// how long, before it reads as a second frame.
const BORDER_BAND: f32 = 10.0;
const BORDER_RUN: f32 = 40.0;

/// Edges that run along a side of a cluster's frame: within
/// `BORDER_BAND` of the side, at less than 15° to it, for `BORDER_RUN`
/// units or more in all. A reader takes such a line for part of the frame.
pub fn border_runs(l: &Layout) -> Vec<String> {
    let tan15 = 15f32.to_radians().tan();
    let mut out = Vec::new();
    for (k, e) in l.edges.iter().enumerate() {
        for cl in &l.clusters {
            let r = &cl.rect;
            // (window of the band, is the side horizontal, which side)
            let sides = [
                (
                    (r.x, r.y - BORDER_BAND, r.right(), r.y + BORDER_BAND),
                    true,
                    "top",
                ),
                (
                    (
                        r.x,
                        r.bottom() - BORDER_BAND,
                        r.right(),
                        r.bottom() + BORDER_BAND,
                    ),
                    true,
                    "bottom",
                ),
                (
                    (r.x - BORDER_BAND, r.y, r.x + BORDER_BAND, r.bottom()),
                    false,
                    "left",
                ),
                (
                    (
                        r.right() - BORDER_BAND,
                        r.y,
                        r.right() + BORDER_BAND,
                        r.bottom(),
                    ),
                    false,
                    "right",
                ),
            ];
            for (window, horizontal, side) in sides {
                let mut run = 0.0;
                for w in e.points.windows(2) {
                    let (dx, dy) = (w[1].x - w[0].x, w[1].y - w[0].y);
                    let (along, across) = if horizontal { (dx, dy) } else { (dy, dx) };
                    if across.abs() > tan15 * along.abs() {
                        continue;
                    }
                    if let Some((t0, t1)) = clip(w[0], w[1], window) {
                        run += (t1 - t0) * dx.hypot(dy);
                    }
                }
                if run >= BORDER_RUN {
                    out.push(format!(
                        "edge {k} {}->{} runs {run:.0} along the {side} of {}",
                        e.from, e.to, cl.id
                    ));
                }
            }
        }
    }
    out
}

fn distance_to_polygon(poly: &[Point], p: Point) -> f32 {
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
        let (cx, cy) = (a.x + vx * t, a.y + vy * t);
        best = best.min((p.x - cx).hypot(p.y - cy));
    }
    best
}

/// Every violation of the layout laws of a graph (a flowchart), as
/// readable lines (empty = clean): the laws every family's layout obeys,
/// and edges that end on the outline of the node they join.
pub fn faults(l: &Layout) -> Vec<String> {
    let mut out = family_faults(l);
    out.extend(end_faults(l));
    out
}

/// Violations of the laws every family's layout JSON obeys, whatever its
/// edges end on (a sequence diagram's messages end on lifelines): no two
/// nodes overlap, clusters hold their members and nothing else, no edge
/// runs through a node it does not join, no label box hits a node or
/// another label, and edge ends on a side with room for them do not meet
/// on one spot.
pub fn family_faults(l: &Layout) -> Vec<String> {
    let mut out = crowded_ends(l);
    let ancestors = |mut c: Option<usize>| {
        let mut v = Vec::new();
        while let Some(i) = c {
            v.push(i);
            c = l.clusters[i].parent;
        }
        v
    };
    for (i, a) in l.nodes.iter().enumerate() {
        for b in &l.nodes[i + 1..] {
            if intersects(&a.rect, &b.rect) {
                out.push(format!("nodes {} and {} overlap", a.id, b.id));
            }
        }
        let anc = ancestors(a.parent);
        for (c, cl) in l.clusters.iter().enumerate() {
            if anc.contains(&c) {
                if !inside(&a.rect, &cl.rect) {
                    out.push(format!("node {} outside its cluster {}", a.id, cl.id));
                }
            } else if intersects(&a.rect, &cl.rect) {
                out.push(format!("node {} inside foreign cluster {}", a.id, cl.id));
            }
        }
    }
    for a in 0..l.clusters.len() {
        for b in a + 1..l.clusters.len() {
            let (ca, cb) = (&l.clusters[a], &l.clusters[b]);
            if ancestors(Some(b)).contains(&a) {
                if !inside(&cb.rect, &ca.rect) {
                    out.push(format!("cluster {} not inside {}", cb.id, ca.id));
                }
            } else if ancestors(Some(a)).contains(&b) {
                if !inside(&ca.rect, &cb.rect) {
                    out.push(format!("cluster {} not inside {}", ca.id, cb.id));
                }
            } else if intersects(&ca.rect, &cb.rect) {
                out.push(format!("clusters {} and {} overlap", ca.id, cb.id));
            }
        }
    }
    for (k, e) in l.edges.iter().enumerate() {
        for w in e.points.windows(2) {
            for n in &l.nodes {
                if n.id != e.from && n.id != e.to && segment_hits(w[0], w[1], &n.rect) {
                    out.push(format!("edge {k} {}->{} through {}", e.from, e.to, n.id));
                }
            }
        }
        if let Some(lb) = &e.label_box {
            for n in &l.nodes {
                if intersects(lb, &n.rect) {
                    out.push(format!("label of edge {k} hits node {}", n.id));
                }
            }
            for (j, f) in l.edges.iter().enumerate().skip(k + 1) {
                if let Some(fb) = &f.label_box {
                    if intersects(lb, fb) {
                        out.push(format!("labels of edges {k} and {j} overlap"));
                    }
                }
            }
        }
        // End labels (cardinalities) keep off nodes, every other label
        // and every line.
        for (a, eb) in e.end_label_boxes.iter().enumerate() {
            for n in &l.nodes {
                if intersects(eb, &n.rect) {
                    out.push(format!("end label {a} of edge {k} hits node {}", n.id));
                }
            }
            for (j, f) in l.edges.iter().enumerate() {
                let later_ends = match j.cmp(&k) {
                    std::cmp::Ordering::Less => 0..0,
                    std::cmp::Ordering::Equal => a + 1..f.end_label_boxes.len(),
                    std::cmp::Ordering::Greater => 0..f.end_label_boxes.len(),
                };
                let mut others = f
                    .label_box
                    .iter()
                    .chain(f.end_label_boxes[later_ends].iter());
                if others.any(|fb| intersects(eb, fb)) {
                    out.push(format!(
                        "end label {a} of edge {k} hits a label of edge {j}"
                    ));
                }
                if f.points
                    .windows(2)
                    .any(|w| segment_hits_shrunk(w[0], w[1], eb, 0.5))
                {
                    out.push(format!(
                        "end label {a} of edge {k} hits the line of edge {j}"
                    ));
                }
            }
        }
        // No edge runs through a cluster's title (the audit's box, not
        // shrunk).
        for cl in &l.clusters {
            if let Some(tb) = &cl.title_box {
                if e.points
                    .windows(2)
                    .any(|w| segment_hits_shrunk(w[0], w[1], tb, 0.0))
                {
                    out.push(format!(
                        "edge {k} {}->{} through the title of {}",
                        e.from, e.to, cl.id
                    ));
                }
            }
        }
    }
    out
}

/// How far apart two edge ends on one node must be to read as two.
const ENDS_APART: f32 = 6.0;

/// Nodes where two edge ends (arrowheads or tails) on one side meet on
/// one spot instead of spreading over the side as ports: ends closer
/// than `ENDS_APART`, on a side with room for all its ends that far apart
/// (85% of it; a side too short for them, such as a state diagram's
/// end dot or a fork bar's edge, lets them meet as Mermaid does).
/// Self-loops are left out (both their ends are one edge's).
pub fn crowded_ends(l: &Layout) -> Vec<String> {
    let mut out = Vec::new();
    for n in &l.nodes {
        let r = &n.rect;
        // Ends by the side of the node's box they are nearest to.
        let mut sides: [Vec<(usize, Point)>; 4] = Default::default();
        for (k, e) in l.edges.iter().enumerate().filter(|(_, e)| e.from != e.to) {
            let tail = (e.from == n.id).then(|| e.points.first()).flatten();
            let head = (e.to == n.id).then(|| e.points.last()).flatten();
            for p in tail.into_iter().chain(head) {
                let d = [p.y - r.y, r.bottom() - p.y, p.x - r.x, r.right() - p.x];
                let side = (0..4)
                    .min_by(|&a, &b| d[a].abs().total_cmp(&d[b].abs()))
                    .unwrap_or(0);
                sides[side].push((k, *p));
            }
        }
        for (side, ends) in sides.iter().enumerate() {
            let length = if side < 2 { r.width } else { r.height };
            if ends.len() as f32 * ENDS_APART > 0.85 * length {
                continue;
            }
            for (i, &(a, p)) in ends.iter().enumerate() {
                for &(b, q) in &ends[i + 1..] {
                    if (p.x - q.x).hypot(p.y - q.y) < ENDS_APART {
                        out.push(format!("edges {a} and {b} end on one spot of {}", n.id));
                    }
                }
            }
        }
    }
    out
}

/// Edges whose ends do not touch the outline of the node they join.
fn end_faults(l: &Layout) -> Vec<String> {
    let mut out = Vec::new();
    for (k, e) in l.edges.iter().enumerate() {
        if e.from != e.to {
            for (id, p) in [(&e.from, e.points.first()), (&e.to, e.points.last())] {
                if let (Some(n), Some(p)) = (l.nodes.iter().find(|n| &n.id == id), p) {
                    let poly = n.outline();
                    let d = distance_to_polygon(&poly, *p);
                    if d > 1.5 {
                        out.push(format!("edge {k} end at {id} is {d:.1} off the outline"));
                    }
                }
            }
        }
    }
    out
}

/// The text content of an SVG, a line per element, entities decoded.
pub fn svg_text(svg: &str) -> String {
    strip_tags(&svg.replace('>', ">\n"))
}

/// `markup` without its tags, the entities our writer uses decoded.
pub fn strip_tags(markup: &str) -> String {
    let mut s = String::new();
    let mut in_tag = false;
    for c in markup.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => s.push(c),
            _ => {}
        }
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}
