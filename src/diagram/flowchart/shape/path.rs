//! SVG path data for each node shape, drawn into its bounding box.

use std::fmt::Write;

use super::size::{cyl_ry, outline};
use super::Shape;
use crate::layered::geometry::Rect;
// Numbers as the SVG writer spells them (hundredths, no trailing zeros).
use crate::scene::svg::num as f;

/// Path data of a shape: the filled outline, and extra strokes drawn on top
/// (inner lines, a cylinder's front rim) with no fill.
pub struct ShapePaths {
    /// Closed outline, filled and stroked.
    pub outline: String,
    /// Open decoration strokes, if any.
    pub detail: Option<String>,
    /// A closed shape in front of the outline (the front sheet of a stack),
    /// filled and stroked like it.
    pub front: Option<String>,
}


/// SVG path data, built command by command with numbers spelled as the
/// SVG writer spells them; commands are separated by one space
/// (`M0,0 L10,0 A5,5 0 0,1 10,10 Z`).
struct PathData(String);

impl PathData {
    /// A path starting with a move to `(x, y)`.
    fn start(x: f32, y: f32) -> PathData {
        PathData(format!("M{},{}", f(x), f(y)))
    }

    /// Command `c` with its points.
    fn command(mut self, c: char, points: &[(f32, f32)]) -> PathData {
        if !self.0.is_empty() {
            self.0.push(' ');
        }
        self.0.push(c);
        for (i, (x, y)) in points.iter().enumerate() {
            let gap = if i == 0 { "" } else { " " };
            let _ = write!(self.0, "{gap}{},{}", f(*x), f(*y));
        }
        self
    }

    /// A move to `(x, y)` (a new sub-path).
    fn m(self, x: f32, y: f32) -> PathData {
        self.command('M', &[(x, y)])
    }

    /// A line to `(x, y)`.
    fn l(self, x: f32, y: f32) -> PathData {
        self.command('L', &[(x, y)])
    }

    /// A quadratic curve through `control` to `to`.
    fn q(self, control: (f32, f32), to: (f32, f32)) -> PathData {
        self.command('Q', &[control, to])
    }

    /// A cubic curve through `c1` and `c2` to `to`.
    fn c(self, c1: (f32, f32), c2: (f32, f32), to: (f32, f32)) -> PathData {
        self.command('C', &[c1, c2, to])
    }

    /// An elliptical arc of radii `r` to `to`, with SVG's large-arc and
    /// sweep flags.
    fn arc(mut self, r: (f32, f32), large: bool, sweep: bool, to: (f32, f32)) -> PathData {
        let _ = write!(
            self.0,
            " A{},{} 0 {},{} {},{}",
            f(r.0),
            f(r.1),
            u8::from(large),
            u8::from(sweep),
            f(to.0),
            f(to.1)
        );
        self
    }

    /// The path closed.
    fn z(mut self) -> String {
        self.0.push_str(" Z");
        self.0
    }

    /// The path left open.
    fn open(self) -> String {
        self.0
    }
}

/// A closed polygon through `pts`.
fn polygon(pts: &[(f32, f32)]) -> String {
    let Some((&(x, y), rest)) = pts.split_first() else {
        return "Z".to_string();
    };
    rest.iter()
        .fold(PathData::start(x, y), |p, &(x, y)| p.l(x, y))
        .z()
}

/// The box `r` as a closed rectangle.
fn rectangle(r: &Rect) -> String {
    let (x0, y0, x1, y1) = (r.x, r.y, r.right(), r.bottom());
    polygon(&[(x0, y0), (x1, y0), (x1, y1), (x0, y1)])
}

/// An ellipse centred on `(cx, cy)`, as two half arcs.
fn ellipse(cx: f32, cy: f32, rx: f32, ry: f32) -> String {
    PathData::start(cx - rx, cy)
        .arc((rx, ry), true, false, (cx + rx, cy))
        .arc((rx, ry), true, false, (cx - rx, cy))
        .z()
}

/// The box `r` with corners rounded to `radius` (at most half a side).
fn rounded_rect(r: &Rect, radius: f32) -> String {
    let k = radius.min(r.width / 2.0).min(r.height / 2.0);
    let (x0, y0, x1, y1) = (r.x, r.y, r.right(), r.bottom());
    PathData::start(x0 + k, y0)
        .l(x1 - k, y0)
        .arc((k, k), false, true, (x1, y0 + k))
        .l(x1, y1 - k)
        .arc((k, k), false, true, (x1 - k, y1))
        .l(x0 + k, y1)
        .arc((k, k), false, true, (x0, y1 - k))
        .l(x0, y0 + k)
        .arc((k, k), false, true, (x0 + k, y0))
        .z()
}

/// `p` continued by a wave along the bottom of a document shape, from
/// `(x1, y)` right to left to `(x0, y)`.
fn wavy_bottom(p: PathData, x0: f32, x1: f32, y: f32, amp: f32) -> PathData {
    let w = x1 - x0;
    p.l(x1, y)
        .c(
            (x1 - w * 0.25, y + amp),
            (x1 - w * 0.25, y - amp),
            (x1 - w * 0.5, y),
        )
        .c(
            (x0 + w * 0.25, y + amp),
            (x0 + w * 0.25, y + amp * 2.0),
            (x0, y),
        )
}

/// A closed outline with open strokes drawn over it.
fn detailed(outline: String, detail: String) -> ShapePaths {
    ShapePaths {
        outline,
        front: None,
        detail: Some(detail),
    }
}

/// A closed outline alone.
fn plain(outline: String) -> ShapePaths {
    ShapePaths {
        outline,
        front: None,
        detail: None,
    }
}

/// The paths for a node of `shape` filling `r`.
pub fn shape_paths(shape: Shape, r: &Rect) -> ShapePaths {
    let (x0, y0, x1, y1) = (r.x, r.y, r.right(), r.bottom());
    let (cx, cy) = (r.x + r.width / 2.0, r.y + r.height / 2.0);
    let (w, h) = (r.width, r.height);
    // A vertical and a horizontal stroke across the box.
    let down = |p: PathData, x: f32| p.m(x, y0).l(x, y1);
    let across = |p: PathData, y: f32| p.m(x0, y).l(x1, y);
    let strokes = || PathData(String::new());
    match shape {
        Shape::Rect | Shape::Text | Shape::Icon | Shape::Image | Shape::Fork => plain(rectangle(r)),
        Shape::Rounded | Shape::State | Shape::Note => plain(rounded_rect(r, 5.0)),
        Shape::Stadium => plain(rounded_rect(r, h / 2.0)),
        Shape::Subroutine => detailed(
            rectangle(r),
            down(down(strokes(), x0 + 8.0), x1 - 8.0).open(),
        ),
        Shape::LinedRect => detailed(rectangle(r), down(strokes(), x0 + 8.0).open()),
        Shape::DividedRect => detailed(rectangle(r), across(strokes(), y0 + 12.0).open()),
        Shape::WindowPane => detailed(
            rectangle(r),
            across(down(strokes(), x0 + 10.0), y0 + 10.0).open(),
        ),
        Shape::StackedRect => ShapePaths {
            outline: polygon(&[
                (x0 + 10.0, y0),
                (x1, y0),
                (x1, y1 - 10.0),
                (x0 + 10.0, y1 - 10.0),
            ]),
            detail: None,
            front: Some(polygon(&[
                (x0, y0 + 10.0),
                (x1 - 10.0, y0 + 10.0),
                (x1 - 10.0, y1),
                (x0, y1),
            ])),
        },
        Shape::Cylinder | Shape::LinedCylinder | Shape::DataStore => {
            let (rx, ry) = (w / 2.0, cyl_ry(w));
            let (top, bottom) = (y0 + ry, y1 - ry);
            let body = PathData::start(x0, top)
                .arc((rx, ry), false, true, (x1, top))
                .l(x1, bottom)
                .arc((rx, ry), false, true, (x0, bottom))
                .z();
            let rim = |p: PathData, y: f32| p.m(x0, y).arc((rx, ry), false, false, (x1, y));
            let mut detail = rim(strokes(), top);
            if shape == Shape::LinedCylinder {
                detail = rim(detail, top + 8.0);
            }
            detailed(body, detail.open())
        }
        Shape::HorizontalCylinder => {
            let (rx, ry) = ((h / 4.0).min(w / 4.0), h / 2.0);
            let body = PathData::start(x0 + rx, y0)
                .l(x1 - rx, y0)
                .arc((rx, ry), false, true, (x1 - rx, y1))
                .l(x0 + rx, y1)
                .arc((rx, ry), false, true, (x0 + rx, y0))
                .z();
            let rim = PathData::start(x1 - rx, y0).arc((rx, ry), false, false, (x1 - rx, y1));
            detailed(body, rim.open())
        }
        Shape::Circle | Shape::SmallCircle | Shape::Ellipse | Shape::FilledCircle | Shape::Anchor => {
            plain(ellipse(cx, cy, w / 2.0, h / 2.0))
        }
        Shape::Cloud => {
            // Bumps: arcs bulging out between points on an inner ellipse.
            let k = 10;
            let (rx, ry) = (w / 2.0 * 0.86, h / 2.0 * 0.8);
            let pt = |i: usize| {
                let a = std::f32::consts::TAU * i as f32 / k as f32;
                (cx + rx * a.cos(), cy + ry * a.sin())
            };
            let (sx, sy) = pt(0);
            let cloud = (1..=k).fold(PathData::start(sx, sy), |p, i| {
                let (px, py) = pt(i % k);
                let (qx, qy) = pt(i - 1);
                let r = ((px - qx).hypot(py - qy) / 2.0) * 1.05;
                p.arc((r, r), false, true, (px, py))
            });
            plain(cloud.z())
        }
        Shape::Bang => {
            // A burst: points alternating between the box and an inner ring.
            let k = 24;
            let pts: Vec<(f32, f32)> = (0..k)
                .map(|i| {
                    let a = std::f32::consts::TAU * i as f32 / k as f32;
                    let s = if i % 2 == 0 { 1.0 } else { 0.8 };
                    (cx + w / 2.0 * s * a.cos(), cy + h / 2.0 * s * a.sin())
                })
                .collect();
            plain(polygon(&pts))
        }
        Shape::DoubleCircle | Shape::FramedCircle => detailed(
            ellipse(cx, cy, w / 2.0, h / 2.0),
            ellipse(
                cx,
                cy,
                w / 2.0 - 5.0_f32.min(w / 5.0),
                h / 2.0 - 5.0_f32.min(h / 5.0),
            ),
        ),
        Shape::CrossedCircle => {
            let k = w / 2.0 * std::f32::consts::FRAC_1_SQRT_2;
            let cross = strokes()
                .m(cx - k, cy - k)
                .l(cx + k, cy + k)
                .m(cx + k, cy - k)
                .l(cx - k, cy + k);
            detailed(ellipse(cx, cy, w / 2.0, h / 2.0), cross.open())
        }
        Shape::StackedDocument => {
            let sheet = |dx: f32, dy: f32| {
                let (left, right) = (x0 + dx, x1 - 10.0 + dx);
                let top = PathData::start(left, y0 + dy).l(right, y0 + dy);
                wavy_bottom(top, left, right, y1 - 20.0 + dy, 5.0).z()
            };
            ShapePaths {
                outline: format!("{} {}", sheet(10.0, 0.0), sheet(5.0, 5.0)),
                detail: None,
                front: Some(sheet(0.0, 10.0)),
            }
        }
        Shape::Document | Shape::LinedDocument | Shape::TaggedDocument => {
            let amp = 6.0;
            let top = PathData::start(x0, y0).l(x1, y0);
            let outline = wavy_bottom(top, x0, x1, y1 - amp * 1.5, amp).z();
            let detail = match shape {
                Shape::LinedDocument => Some(
                    PathData::start(x0 + 8.0, y0)
                        .l(x0 + 8.0, y1 - amp)
                        .open(),
                ),
                Shape::TaggedDocument => Some(polygon(&[
                    (x1 - 14.0, y1 - amp * 2.5),
                    (x1, y1 - amp * 2.5 - 14.0),
                    (x1, y1 - amp * 2.5),
                ])),
                _ => None,
            };
            ShapePaths {
                outline,
                detail,
                front: None,
            }
        }
        Shape::Flag => {
            let amp = 6.0;
            let top = PathData::start(x0, y0 + amp)
                .c(
                    (x0 + w * 0.25, y0 - amp),
                    (x0 + w * 0.25, y0 + amp * 2.0),
                    (cx, y0 + amp),
                )
                .c(
                    (x1 - w * 0.25, y0),
                    (x1 - w * 0.25, y0 + amp * 2.0),
                    (x1, y0 + amp),
                );
            plain(wavy_bottom(top, x0, x1, y1 - amp, amp).z())
        }
        Shape::Delay => {
            let k = h / 2.0;
            let d = PathData::start(x0, y0)
                .l(x1 - k, y0)
                .arc((k, k), false, true, (x1 - k, y1))
                .l(x0, y1)
                .z();
            plain(d)
        }
        Shape::NotchedRect => plain(polygon(&[
            (x0 + 12.0, y0),
            (x1, y0),
            (x1, y1),
            (x0, y1),
            (x0, y0 + 12.0),
        ])),
        Shape::TaggedRect => detailed(
            rectangle(r),
            polygon(&[(x1 - 14.0, y1), (x1, y1 - 14.0), (x1, y1)]),
        ),
        Shape::SlopedRect => plain(polygon(&[(x0, y0 + 10.0), (x1, y0), (x1, y1), (x0, y1)])),
        Shape::NotchedPentagon => plain(polygon(&[
            (x0 + 10.0, y0),
            (x1 - 10.0, y0),
            (x1, y0 + 10.0),
            (x1, y1),
            (x0, y1),
            (x0, y0 + 10.0),
        ])),
        Shape::BowTieRect => {
            let k = 10.0;
            let d = PathData::start(x0 + k, y0)
                .l(x1, y0)
                .arc((k, h / 2.0), false, false, (x1, y1))
                .l(x0 + k, y1)
                .arc((k, h / 2.0), false, true, (x0 + k, y0))
                .z();
            plain(d)
        }
        Shape::Hourglass => plain(polygon(&[(x0, y0), (x1, y0), (x0, y1), (x1, y1)])),
        Shape::Bolt => plain(polygon(&[
            (x0 + w * 0.6, y0),
            (x0, cy + h * 0.05),
            (cx, cy + h * 0.05),
            (x0 + w * 0.4, y1),
            (x1, cy - h * 0.05),
            (cx, cy - h * 0.05),
        ])),
        Shape::BraceLeft | Shape::BraceRight | Shape::Braces => {
            // A brace whose stem stands at `x` and whose tips point `out`
            // (-1 to the left, 1 to the right).
            let brace = |p: PathData, x: f32, out: f32| {
                let tip = x + out * 5.0;
                p.m(x - out * 5.0, y0)
                    .q((x, y0), (x, y0 + 5.0))
                    .l(x, cy - 5.0)
                    .q((x, cy), (tip, cy))
                    .q((x, cy), (x, cy + 5.0))
                    .l(x, y1 - 5.0)
                    .q((x, y1), (x - out * 5.0, y1))
            };
            let left = || brace(strokes(), x0 + 5.0, -1.0);
            let right = || brace(strokes(), x1 - 5.0, 1.0);
            let detail = match shape {
                Shape::BraceLeft => left().open(),
                Shape::BraceRight => right().open(),
                _ => brace(left(), x1 - 5.0, 1.0).open(),
            };
            // No outline: the brace strokes alone are drawn.
            ShapePaths {
                outline: String::new(),
                front: None,
                detail: Some(detail),
            }
        }
        Shape::CurvedTrapezoid => {
            let k = h / 3.0;
            let d = PathData::start(x0, y0)
                .l(x1, y0)
                .l(x1 - k, y1)
                .q((cx, y1 + k * 0.6), (x0 + k, y1))
                .z();
            plain(d)
        }
        _ => {
            let pts: Vec<(f32, f32)> = outline(shape, w, h)
                .into_iter()
                .map(|p| (p.x + cx, p.y + cy))
                .collect();
            plain(polygon(&pts))
        }
    }
}
