//! Cluster titles as obstacles: the last pass over the finished geometry.
//!
//! Takes the whole [`Geometry`] (blocks of their own direction already
//! merged, titles already moved aside by `route` where a free spot on the
//! frame's top existed). Where an edge still runs through a title's box, the
//! part of its path inside the box (grown by [`CLEARANCE`]) is cut out and
//! replaced by a run around the box's corners (slanted in and out, corners
//! rounded), the shortest way
//! that stays clear of the box; a detour that would cross a node the edge
//! does not join is not taken.
//!
//! Guarantees: every path it changes still starts and ends where it did and
//! keeps clear of that title; every other edge is untouched; each changed
//! edge's polyline is flattened again from its path.

use super::geometry::{bounds, Point, Rect};
use super::route::{cubic_at, flatten, line, split_cubic};
use super::{Cubic, End, Geometry, Graph};

/// How far a detour keeps from a title's box.
const CLEARANCE: f32 = 5.0;

/// How far before a title's box a detour leaves the path, where it can.
const APPROACH: f32 = 14.0;

/// Largest radius of a detour's rounded corners.
const ROUNDING: f32 = 6.0;

/// Fewest samples per cubic piece when looking for where a path enters a
/// box.
const SAMPLES: usize = 48;

/// Most samples per cubic piece.
const MAX_SAMPLES: usize = 4096;

/// Samples for `c`: at least one every two units of its control polygon
/// (which is at least as long as the curve), so no sample step jumps over
/// a zone round a title.
fn samples(c: &Cubic) -> usize {
    let polygon: f32 = c
        .windows(2)
        .map(|w| (w[1].x - w[0].x).hypot(w[1].y - w[0].y))
        .sum();
    if !polygon.is_finite() {
        return SAMPLES;
    }
    ((polygon / 2.0).ceil() as usize).clamp(SAMPLES, MAX_SAMPLES)
}

/// Keeps every edge of `geometry` out of every cluster title's box (see the
/// module doc). `graph` is the graph `geometry` was laid out from.
pub fn clear_titles(graph: &Graph, geometry: &mut Geometry) {
    let titles: Vec<Rect> = graph
        .clusters
        .iter()
        .zip(&geometry.clusters)
        .filter(|(c, f)| c.titled && f.rect.width > 0.0)
        .map(|(c, f)| Rect {
            x: f.title_center.x - c.title.width / 2.0,
            y: f.title_center.y - c.title_line / 2.0,
            width: c.title.width,
            height: c.title.height,
        })
        .collect();
    if titles.is_empty() {
        return;
    }
    let grid = BoxGrid::new(&titles, APPROACH);
    // Built on the first detour: most drawings need none.
    let mut node_grid: Option<BoxGrid> = None;
    for (k, edge) in graph.edges.iter().enumerate() {
        let Some(route) = geometry.edges.get(k) else {
            continue;
        };
        let candidates = grid.near_polyline(&route.points, &titles, APPROACH);
        if candidates.is_empty() {
            continue;
        }
        let ends = [edge.from, edge.to];
        let mut path = route.path.clone();
        let mut points = route.points.clone();
        let mut changed = false;
        for t in candidates {
            let title = titles[t];
            if !polyline_hits(&points, title, 0.0) {
                continue;
            }
            let Some((detoured, way)) = detour(&path, title) else {
                continue;
            };
            let nodes = &geometry.nodes;
            let node_grid = node_grid.get_or_insert_with(|| BoxGrid::new(nodes, 0.0));
            let clear_of_nodes = node_grid
                .near_polyline(&way, nodes, 0.0)
                .into_iter()
                .all(|n| ends.contains(&End::Node(n)) || !polyline_hits(&way, nodes[n], 2.0));
            if clear_of_nodes {
                path = detoured;
                points = flatten(&path);
                changed = true;
            }
        }
        if changed {
            let route = &mut geometry.edges[k];
            route.points = points;
            route.path = path;
        }
    }
}

/// Segments of a polyline looked up in a [`BoxGrid`] at once.
const CHUNK: usize = 8;

/// Boxes (titles or nodes) bucketed by the cells of a square grid they
/// cover, so an edge looks only at the boxes near its own segments. The
/// cells are one dense table over the boxes' extent (no hashing: every
/// segment of every edge is looked up).
struct BoxGrid {
    /// Side of a cell.
    cell: f32,
    /// The cell of the table's first column and row.
    origin: (i64, i64),
    /// Columns and rows of the table.
    size: (i64, i64),
    /// The boxes of each cell, row by row.
    cells: Vec<Vec<usize>>,
    /// Boxes too big to bucket (seen by every query).
    big: Vec<usize>,
}

impl BoxGrid {
    /// Smallest side of a cell.
    const CELL: f32 = 64.0;
    /// Most cells one box or segment is looked up in; a bigger one is
    /// checked against every box instead.
    const MAX_CELLS: i64 = 256;
    /// Most cells a side of the table has (the cell side grows to keep
    /// under it), plus the partial cells at its borders.
    const SIDE: f32 = 256.0;

    fn cell_of(&self, v: f32) -> i64 {
        (v / self.cell).floor() as i64
    }

    /// The cells `r` covers, as x and y ranges, and how many they are.
    fn span(&self, r: Rect) -> ((i64, i64), (i64, i64), i64) {
        let (x0, x1) = (self.cell_of(r.x), self.cell_of(r.right()));
        let (y0, y1) = (self.cell_of(r.y), self.cell_of(r.bottom()));
        let count = x1
            .saturating_sub(x0)
            .saturating_add(1)
            .saturating_mul(y1.saturating_sub(y0).saturating_add(1));
        ((x0, x1), (y0, y1), count)
    }

    /// The grid of `boxes`, each grown by `margin`.
    fn new(boxes: &[Rect], margin: f32) -> Self {
        let grown: Vec<Rect> = boxes.iter().map(|&r| grow(r, margin)).collect();
        let extent = bounds(
            &grown
                .iter()
                .flat_map(|r| [Point::new(r.x, r.y), Point::new(r.right(), r.bottom())])
                .collect::<Vec<_>>(),
        );
        // At most `SIDE` cells a side, however large the drawing.
        let cell = Self::CELL
            .max(extent.width / Self::SIDE)
            .max(extent.height / Self::SIDE);
        if !(extent.width.is_finite() && extent.height.is_finite()) {
            // No table over an unbounded extent: every query sees every box.
            return BoxGrid {
                cell: Self::CELL,
                origin: (0, 0),
                size: (0, 0),
                cells: Vec::new(),
                big: (0..boxes.len()).collect(),
            };
        }
        let mut grid = BoxGrid {
            cell,
            origin: (0, 0),
            size: (0, 0),
            cells: Vec::new(),
            big: Vec::new(),
        };
        let ((x0, x1), (y0, y1), _) = grid.span(extent);
        grid.origin = (x0, y0);
        grid.size = (x1 - x0 + 1, y1 - y0 + 1);
        let len = (grid.size.0.max(0) * grid.size.1.max(0)) as usize;
        grid.cells = vec![Vec::new(); len];
        for (i, &r) in grown.iter().enumerate() {
            let ((x0, x1), (y0, y1), count) = grid.span(r);
            if count > Self::MAX_CELLS {
                grid.big.push(i);
                continue;
            }
            for y in y0..=y1 {
                for x in x0..=x1 {
                    if let Some(k) = grid.index(x, y) {
                        grid.cells[k].push(i);
                    }
                }
            }
        }
        grid
    }

    /// The table index of cell (`x`, `y`), `None` outside the table.
    fn index(&self, x: i64, y: i64) -> Option<usize> {
        let (cx, cy) = (x - self.origin.0, y - self.origin.1);
        let inside = (0..self.size.0).contains(&cx) && (0..self.size.1).contains(&cy);
        inside
            .then(|| (cy * self.size.0 + cx) as usize)
            .filter(|&k| k < self.cells.len())
    }

    /// The boxes (grown by `margin`, as the grid was built) that meet the
    /// box of some segment of `points`, in index order.
    fn near_polyline(&self, points: &[Point], boxes: &[Rect], margin: f32) -> Vec<usize> {
        let mut out = Vec::new();
        let meets = |seg: Rect, i: usize| overlaps(seg, grow(boxes[i], margin));
        // Runs of segments share one lookup: fewer, slightly larger boxes.
        for run in points.windows(CHUNK + 1).step_by(CHUNK).chain(
            // The last, shorter run (when the points do not divide evenly).
            points
                .get(points.len().saturating_sub(1) / CHUNK * CHUNK..)
                .filter(|rest| rest.len() >= 2 && (points.len() - 1) % CHUNK != 0),
        ) {
            let seg = bounds(run);
            out.extend(self.big.iter().copied().filter(|&i| meets(seg, i)));
            let ((x0, x1), (y0, y1), count) = self.span(seg);
            if count > Self::MAX_CELLS {
                out.extend((0..boxes.len()).filter(|&i| meets(seg, i)));
                continue;
            }
            for y in y0..=y1 {
                for x in x0..=x1 {
                    if let Some(k) = self.index(x, y) {
                        out.extend(self.cells[k].iter().copied().filter(|&i| meets(seg, i)));
                    }
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// `path` with its run through `title` replaced by a way around the box
/// grown by [`CLEARANCE`], leaving the path [`APPROACH`] before the box
/// where it can (so the turn is a slant, not a step) and rounding the
/// corners; `None` when the path starts or ends inside the box or no way
/// around keeps clear.
fn detour(path: &[Cubic], title: Rect) -> Option<(Vec<Cubic>, Vec<Point>)> {
    [APPROACH, CLEARANCE]
        .into_iter()
        .find_map(|reach| detour_from(path, title, reach))
}

/// [`detour`], cutting the path where it comes within `reach` of the box.
fn detour_from(path: &[Cubic], title: Rect, reach: f32) -> Option<(Vec<Cubic>, Vec<Point>)> {
    let zone = grow(title, CLEARANCE);
    let approach = grow(title, reach);
    let inside = |p: Point| approach.contains(p);
    // Where the path first enters the zone, and where it last leaves it.
    let mut entry = None;
    // A cubic lies within its control points' hull: pieces whose control
    // box misses the zone need no sampling.
    let near = |c: &Cubic| overlaps(bounds(c), approach);
    'find_entry: for (k, c) in path.iter().enumerate() {
        if !near(c) {
            continue;
        }
        let n = samples(c);
        for s in 1..=n {
            let t = s as f32 / n as f32;
            if inside(cubic_at(c, t)) {
                let t0 = (s - 1) as f32 / n as f32;
                entry = Some((k, boundary(c, t0, t, &inside)));
                break 'find_entry;
            }
        }
    }
    let mut exit = None;
    'find_exit: for (k, c) in path.iter().enumerate().rev() {
        if !near(c) {
            continue;
        }
        let n = samples(c);
        for s in (0..n).rev() {
            let t = s as f32 / n as f32;
            if inside(cubic_at(c, t)) {
                let t1 = (s + 1) as f32 / n as f32;
                exit = Some((k, boundary(c, t1, t, &inside)));
                break 'find_exit;
            }
        }
    }
    let ((k_in, t_in), (k_out, t_out)) = (entry?, exit?);
    if inside(path.first()?[0]) || inside(path.last()?[3]) || (k_in, t_in) > (k_out, t_out) {
        return None;
    }
    let (head, _) = split_cubic(&path[k_in], t_in);
    let tail = if k_in == k_out {
        let (_, rest) = split_cubic(&path[k_in], t_in);
        let t = if t_in < 1.0 {
            (t_out - t_in) / (1.0 - t_in)
        } else {
            1.0
        };
        split_cubic(&rest, t.clamp(0.0, 1.0)).1
    } else {
        split_cubic(&path[k_out], t_out).1
    };
    let (p, q) = (head[3], tail[0]);
    let corners = around(zone, title, p, q)?;
    let mut out: Vec<Cubic> = path[..k_in].to_vec();
    out.push(head);
    let mut way = vec![p];
    way.extend(corners);
    way.push(q);
    let rounded = rounded(&way);
    if polyline_hits(&flatten(&rounded), title, 0.0) {
        out.extend(way.windows(2).map(|w| line(w[0], w[1])));
    } else {
        out.extend(rounded);
    }
    out.push(tail);
    out.extend_from_slice(&path[k_out + 1..]);
    out.retain(|c| (c[0].x - c[3].x).abs() + (c[0].y - c[3].y).abs() > 0.01);
    Some((out, way))
}

/// The polyline `way` as cubic pieces, each inner corner rounded off with
/// a radius of up to [`ROUNDING`].
fn rounded(way: &[Point]) -> Vec<Cubic> {
    // The circle's cubic approximation puts controls this far along.
    const KAPPA: f32 = 0.552;
    let toward = |from: Point, to: Point, d: f32| {
        let len = (to.x - from.x).hypot(to.y - from.y);
        if len <= f32::EPSILON {
            from
        } else {
            Point::new(
                from.x + (to.x - from.x) * d / len,
                from.y + (to.y - from.y) * d / len,
            )
        }
    };
    let dist = |a: Point, b: Point| (b.x - a.x).hypot(b.y - a.y);
    let mut out = Vec::new();
    let Some(&first) = way.first() else {
        return out;
    };
    let mut prev = first;
    for w in way.windows(3) {
        let (a, c, b) = (w[0], w[1], w[2]);
        let r = ROUNDING.min(dist(a, c) / 2.0).min(dist(c, b) / 2.0);
        let (u, v) = (toward(c, a, r), toward(c, b, r));
        out.push(line(prev, u));
        out.push([u, toward(u, c, r * KAPPA), toward(v, c, r * KAPPA), v]);
        prev = v;
    }
    if let Some(&last) = way.last() {
        out.push(line(prev, last));
    }
    out.retain(|c| (c[0].x - c[3].x).abs() + (c[0].y - c[3].y).abs() > 0.01);
    out
}

/// The parameter between `outside_t` and `inside_t` on `c` where it
/// crosses into the zone `inside` tells (bisection, to a hair).
fn boundary(c: &Cubic, outside_t: f32, inside_t: f32, inside: &dyn Fn(Point) -> bool) -> f32 {
    let (mut out_t, mut in_t) = (outside_t, inside_t);
    for _ in 0..24 {
        let mid = (out_t + in_t) / 2.0;
        if inside(cubic_at(c, mid)) {
            in_t = mid;
        } else {
            out_t = mid;
        }
    }
    out_t
}

/// The corners of `zone` that lead from `p` to `q` (both on or outside its
/// border) the shortest way without entering `title` grown by half the
/// clearance; `None` when no run of corners does.
fn around(zone: Rect, title: Rect, p: Point, q: Point) -> Option<Vec<Point>> {
    let corners = [
        Point::new(zone.x, zone.y),
        Point::new(zone.right(), zone.y),
        Point::new(zone.right(), zone.bottom()),
        Point::new(zone.x, zone.bottom()),
    ];
    let keep_out = grow(title, CLEARANCE / 2.0);
    let clear = |pts: &[Point]| !polyline_hits(pts, keep_out, 0.0);
    let length = |pts: &[Point]| {
        pts.windows(2)
            .map(|w| (w[1].x - w[0].x).hypot(w[1].y - w[0].y))
            .sum::<f32>()
    };
    let mut best: Option<(f32, Vec<Point>)> = None;
    if clear(&[p, q]) {
        return Some(Vec::new());
    }
    // Runs of one to three consecutive corners, either way round.
    for start in 0..4 {
        for step in [1usize, 3] {
            for count in 1..=3 {
                let run: Vec<Point> = (0..count)
                    .map(|i| corners[(start + i * step) % 4])
                    .collect();
                let mut pts = vec![p];
                pts.extend_from_slice(&run);
                pts.push(q);
                if !clear(&pts) {
                    continue;
                }
                let len = length(&pts);
                if best.as_ref().is_none_or(|(b, _)| len < *b - 1e-3) {
                    best = Some((len, run));
                }
            }
        }
    }
    best.map(|(_, run)| run)
}

/// `r` grown by `d` on every side.
fn grow(r: Rect, d: f32) -> Rect {
    Rect {
        x: r.x - d,
        y: r.y - d,
        width: r.width + 2.0 * d,
        height: r.height + 2.0 * d,
    }
}

/// Do the boxes `a` and `b` meet?
fn overlaps(a: Rect, b: Rect) -> bool {
    a.x <= b.right() && b.x <= a.right() && a.y <= b.bottom() && b.y <= a.bottom()
}

/// Does some segment of `points` pass through the interior of `b` shrunk
/// by `shrink` (Liang-Barsky clipping)?
fn polyline_hits(points: &[Point], b: Rect, shrink: f32) -> bool {
    points
        .windows(2)
        .any(|w| segment_hits(w[0], w[1], b, shrink))
}

/// Does the segment `p`-`q` pass through the interior of `b` shrunk by
/// `shrink`?
fn segment_hits(p: Point, q: Point, b: Rect, shrink: f32) -> bool {
    let (x0, y0, x1, y1) = (
        b.x + shrink,
        b.y + shrink,
        b.right() - shrink,
        b.bottom() - shrink,
    );
    if x0 >= x1 || y0 >= y1 {
        return false;
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
                return false;
            }
        } else {
            let t = qk / pk;
            if pk < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
            if t0 > t1 {
                return false;
            }
        }
    }
    t1 - t0 > 1e-6
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_finds_exactly_the_boxes_a_brute_force_scan_finds() {
        let mut rng = crate::generate::Lcg(31);
        let mut coord = |scale: usize| rng.below(scale) as f32 - 50.0;
        for (scale, count) in [(300, 10), (5_000, 200), (200_000, 300)] {
            let boxes: Vec<Rect> = (0..count)
                .map(|_| Rect {
                    x: coord(scale),
                    y: coord(scale),
                    width: coord(400) + 51.0,
                    height: coord(100) + 51.0,
                })
                .collect();
            for margin in [0.0, 12.0] {
                let grid = BoxGrid::new(&boxes, margin);
                for _ in 0..40 {
                    let points: Vec<Point> = (0..1 + coord(40).abs() as usize)
                        .map(|_| Point::new(coord(scale), coord(scale)))
                        .collect();
                    let mut want: Vec<usize> = (0..boxes.len())
                        .filter(|&i| {
                            // Runs of CHUNK segments, sharing their end points.
                            (0..points.len().saturating_sub(1)).step_by(CHUNK).any(|k| {
                                let run = &points[k..=(k + CHUNK).min(points.len() - 1)];
                                overlaps(bounds(run), grow(boxes[i], margin))
                            })
                        })
                        .collect();
                    want.sort_unstable();
                    assert_eq!(grid.near_polyline(&points, &boxes, margin), want);
                }
            }
        }
    }

    #[test]
    fn a_straight_edge_through_a_title_goes_around_it_and_keeps_its_ends() {
        let title = Rect {
            x: 40.0,
            y: 40.0,
            width: 60.0,
            height: 20.0,
        };
        let (a, b) = (Point::new(60.0, 0.0), Point::new(60.0, 100.0));
        let path = vec![line(a, b)];
        assert!(polyline_hits(&flatten(&path), title, 0.0));
        let (out, _) = detour(&path, title).expect("a way around");
        let points = flatten(&out);
        assert!(!polyline_hits(&points, title, 0.0), "{points:?}");
        assert_eq!(points.first(), Some(&a));
        assert_eq!(points.last(), Some(&b));
        // The short way: round the left side, nearer to x = 60.
        assert!(points.iter().all(|p| p.x <= 60.0 + 0.01), "{points:?}");
    }

    #[test]
    fn a_path_ending_inside_a_title_is_left_alone() {
        let title = Rect {
            x: 40.0,
            y: 40.0,
            width: 60.0,
            height: 20.0,
        };
        let path = vec![line(Point::new(60.0, 0.0), Point::new(60.0, 50.0))];
        assert!(detour(&path, title).is_none());
    }
}
