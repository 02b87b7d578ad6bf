//! Plain geometry the engine works in: points, boxes, and where a segment
//! crosses a polygon. Shared with every family's drawing; knows no shapes.

/// A point in diagram units.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Point {
    /// Horizontal, growing right.
    pub x: f32,
    /// Vertical, growing down.
    pub y: f32,
}

impl Point {
    /// The point `(x, y)`.
    pub fn new(x: f32, y: f32) -> Self {
        Point { x, y }
    }

    pub(crate) fn sub(self, o: Point) -> Point {
        Point::new(self.x - o.x, self.y - o.y)
    }
}

/// An axis-aligned box, `x`/`y` its top-left corner.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    /// Left.
    pub x: f32,
    /// Top.
    pub y: f32,
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

impl Rect {
    /// The box of size `width` x `height` centred on `c`.
    pub fn centered(c: Point, width: f32, height: f32) -> Rect {
        Rect {
            x: c.x - width / 2.0,
            y: c.y - height / 2.0,
            width,
            height,
        }
    }

    /// Its centre.
    pub fn center(&self) -> Point {
        Point::new(self.x + self.width / 2.0, self.y + self.height / 2.0)
    }

    /// Right edge.
    pub fn right(&self) -> f32 {
        self.x + self.width
    }

    /// Bottom edge.
    pub fn bottom(&self) -> f32 {
        self.y + self.height
    }

    /// True when `p` lies strictly inside.
    pub fn contains(&self, p: Point) -> bool {
        p.x > self.x && p.x < self.right() && p.y > self.y && p.y < self.bottom()
    }
}

/// Where the segment from `inside` (within the polygon) to `outside` first
/// crosses the polygon `poly` (absolute coordinates). Falls back to `inside`
/// when the segment does not cross it.
pub fn clip_to_polygon(poly: &[Point], inside: Point, outside: Point) -> Point {
    let mut best: Option<(f32, Point)> = None;
    for i in 0..poly.len() {
        let a = poly[i];
        let b = poly[(i + 1) % poly.len()];
        if let Some(t) = segment_intersection(inside, outside, a, b) {
            if best.is_none_or(|(bt, _)| t > bt) {
                let pt = Point::new(
                    inside.x + (outside.x - inside.x) * t,
                    inside.y + (outside.y - inside.y) * t,
                );
                best = Some((t, pt));
            }
        }
    }
    best.map_or(inside, |(_, p)| p)
}

/// Parameter `t` along `p→q` where it meets segment `a→b`, if it does.
pub fn segment_intersection(p: Point, q: Point, a: Point, b: Point) -> Option<f32> {
    let r = q.sub(p);
    let s = b.sub(a);
    let denom = r.x * s.y - r.y * s.x;
    if denom.abs() < 1e-9 {
        return None;
    }
    let ap = a.sub(p);
    let t = (ap.x * s.y - ap.y * s.x) / denom;
    let u = (ap.x * r.y - ap.y * r.x) / denom;
    ((-1e-6..=1.0 + 1e-6).contains(&t) && (-1e-6..=1.0 + 1e-6).contains(&u)).then_some(t)
}

/// The outline of a `w` × `h` box centred on the origin, corners clockwise
/// from the top left.
pub fn box_outline(w: f32, h: f32) -> Vec<Point> {
    let (hw, hh) = (w / 2.0, h / 2.0);
    vec![
        Point::new(-hw, -hh),
        Point::new(hw, -hh),
        Point::new(hw, hh),
        Point::new(-hw, hh),
    ]
}

/// The bounding box of `points` (an empty box at the origin for none).
pub fn bounds(points: &[Point]) -> Rect {
    let (mut x0, mut y0) = (f32::INFINITY, f32::INFINITY);
    let (mut x1, mut y1) = (f32::NEG_INFINITY, f32::NEG_INFINITY);
    for p in points {
        x0 = x0.min(p.x);
        y0 = y0.min(p.y);
        x1 = x1.max(p.x);
        y1 = y1.max(p.y);
    }
    if x0 > x1 {
        return Rect::default();
    }
    Rect {
        x: x0,
        y: y0,
        width: x1 - x0,
        height: y1 - y0,
    }
}
