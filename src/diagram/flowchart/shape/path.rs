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


fn polygon(pts: &[(f32, f32)]) -> String {
    let mut d = String::new();
    for (i, (x, y)) in pts.iter().enumerate() {
        let _ = write!(d, "{}{},{} ", if i == 0 { "M" } else { "L" }, f(*x), f(*y));
    }
    d.push('Z');
    d
}

fn ellipse(cx: f32, cy: f32, rx: f32, ry: f32) -> String {
    format!(
        "M{},{} A{},{} 0 1,0 {},{} A{},{} 0 1,0 {},{} Z",
        f(cx - rx),
        f(cy),
        f(rx),
        f(ry),
        f(cx + rx),
        f(cy),
        f(rx),
        f(ry),
        f(cx - rx),
        f(cy)
    )
}

fn rounded_rect(r: &Rect, radius: f32) -> String {
    let k = radius.min(r.width / 2.0).min(r.height / 2.0);
    let (x0, y0, x1, y1) = (r.x, r.y, r.right(), r.bottom());
    format!(
        "M{},{} L{},{} A{k},{k} 0 0,1 {},{} L{},{} A{k},{k} 0 0,1 {},{} L{},{} A{k},{k} 0 0,1 {},{} L{},{} A{k},{k} 0 0,1 {},{} Z",
        f(x0 + k), f(y0), f(x1 - k), f(y0), f(x1), f(y0 + k), f(x1), f(y1 - k), f(x1 - k), f(y1),
        f(x0 + k), f(y1), f(x0), f(y1 - k), f(x0), f(y0 + k), f(x0 + k), f(y0),
        k = f(k)
    )
}

/// Wave along the bottom of a document shape, from right to left.
fn wavy_bottom(x0: f32, x1: f32, y: f32, amp: f32) -> String {
    let w = x1 - x0;
    format!(
        "L{},{} C{},{} {},{} {},{} C{},{} {},{} {},{}",
        f(x1),
        f(y),
        f(x1 - w * 0.25),
        f(y + amp),
        f(x1 - w * 0.25),
        f(y - amp),
        f(x1 - w * 0.5),
        f(y),
        f(x0 + w * 0.25),
        f(y + amp),
        f(x0 + w * 0.25),
        f(y + amp * 2.0),
        f(x0),
        f(y)
    )
}

/// The paths for a node of `shape` filling `r`.
pub fn shape_paths(shape: Shape, r: &Rect) -> ShapePaths {
    let (x0, y0, x1, y1) = (r.x, r.y, r.right(), r.bottom());
    let (cx, cy) = (r.x + r.width / 2.0, r.y + r.height / 2.0);
    let (w, h) = (r.width, r.height);
    let plain = |d: String| ShapePaths {
        outline: d,
        front: None,
        detail: None,
    };
    let from_outline = || {
        let pts: Vec<(f32, f32)> = outline(shape, w, h)
            .into_iter()
            .map(|p| (p.x + cx, p.y + cy))
            .collect();
        polygon(&pts)
    };
    match shape {
        Shape::Rect | Shape::Text | Shape::Icon | Shape::Image => {
            plain(polygon(&[(x0, y0), (x1, y0), (x1, y1), (x0, y1)]))
        }
        Shape::Rounded | Shape::State | Shape::Note => plain(rounded_rect(r, 5.0)),
        Shape::Stadium => plain(rounded_rect(r, h / 2.0)),
        Shape::Subroutine => ShapePaths {
            outline: polygon(&[(x0, y0), (x1, y0), (x1, y1), (x0, y1)]),
            front: None,
            detail: Some(format!(
                "M{},{} L{},{} M{},{} L{},{}",
                f(x0 + 8.0),
                f(y0),
                f(x0 + 8.0),
                f(y1),
                f(x1 - 8.0),
                f(y0),
                f(x1 - 8.0),
                f(y1)
            )),
        },
        Shape::LinedRect => ShapePaths {
            outline: polygon(&[(x0, y0), (x1, y0), (x1, y1), (x0, y1)]),
            front: None,
            detail: Some(format!(
                "M{},{} L{},{}",
                f(x0 + 8.0),
                f(y0),
                f(x0 + 8.0),
                f(y1)
            )),
        },
        Shape::DividedRect => ShapePaths {
            outline: polygon(&[(x0, y0), (x1, y0), (x1, y1), (x0, y1)]),
            front: None,
            detail: Some(format!(
                "M{},{} L{},{}",
                f(x0),
                f(y0 + 12.0),
                f(x1),
                f(y0 + 12.0)
            )),
        },
        Shape::WindowPane => ShapePaths {
            outline: polygon(&[(x0, y0), (x1, y0), (x1, y1), (x0, y1)]),
            front: None,
            detail: Some(format!(
                "M{},{} L{},{} M{},{} L{},{}",
                f(x0 + 10.0),
                f(y0),
                f(x0 + 10.0),
                f(y1),
                f(x0),
                f(y0 + 10.0),
                f(x1),
                f(y0 + 10.0)
            )),
        },
        Shape::StackedRect => {
            let back = polygon(&[
                (x0 + 10.0, y0),
                (x1, y0),
                (x1, y1 - 10.0),
                (x0 + 10.0, y1 - 10.0),
            ]);
            let front = polygon(&[
                (x0, y0 + 10.0),
                (x1 - 10.0, y0 + 10.0),
                (x1 - 10.0, y1),
                (x0, y1),
            ]);
            ShapePaths {
                outline: back,
                detail: None,
                front: Some(front),
            }
        }
        Shape::Cylinder | Shape::LinedCylinder | Shape::DataStore => {
            let ry = cyl_ry(w);
            let rx = w / 2.0;
            let top = y0 + ry;
            let bottom = y1 - ry;
            let body = format!(
                "M{},{} A{},{} 0 0,1 {},{} L{},{} A{},{} 0 0,1 {},{} Z",
                f(x0),
                f(top),
                f(rx),
                f(ry),
                f(x1),
                f(top),
                f(x1),
                f(bottom),
                f(rx),
                f(ry),
                f(x0),
                f(bottom)
            );
            let mut detail = format!(
                "M{},{} A{},{} 0 0,0 {},{}",
                f(x0),
                f(top),
                f(rx),
                f(ry),
                f(x1),
                f(top)
            );
            if shape == Shape::LinedCylinder {
                let _ = write!(
                    detail,
                    " M{},{} A{},{} 0 0,0 {},{}",
                    f(x0),
                    f(top + 8.0),
                    f(rx),
                    f(ry),
                    f(x1),
                    f(top + 8.0)
                );
            }
            ShapePaths {
                outline: body,
                front: None,
                detail: Some(detail),
            }
        }
        Shape::HorizontalCylinder => {
            let rx = (h / 4.0).min(w / 4.0);
            let ry = h / 2.0;
            ShapePaths {
                outline: format!(
                    "M{},{} L{},{} A{},{} 0 0,1 {},{} L{},{} A{},{} 0 0,1 {},{} Z",
                    f(x0 + rx),
                    f(y0),
                    f(x1 - rx),
                    f(y0),
                    f(rx),
                    f(ry),
                    f(x1 - rx),
                    f(y1),
                    f(x0 + rx),
                    f(y1),
                    f(rx),
                    f(ry),
                    f(x0 + rx),
                    f(y0)
                ),
                front: None,
                detail: Some(format!(
                    "M{},{} A{},{} 0 0,0 {},{}",
                    f(x1 - rx),
                    f(y0),
                    f(rx),
                    f(ry),
                    f(x1 - rx),
                    f(y1)
                )),
            }
        }
        Shape::Circle | Shape::SmallCircle | Shape::Ellipse => {
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
            let mut d = format!("M{},{}", f(pt(0).0), f(pt(0).1));
            for i in 1..=k {
                let (px, py) = pt(i % k);
                let (qx, qy) = pt(i - 1);
                let r = ((px - qx).hypot(py - qy) / 2.0) * 1.05;
                let _ = write!(d, " A{},{} 0 0,1 {},{}", f(r), f(r), f(px), f(py));
            }
            d.push_str(" Z");
            plain(d)
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
        Shape::FilledCircle => plain(ellipse(cx, cy, w / 2.0, h / 2.0)),
        Shape::DoubleCircle | Shape::FramedCircle => ShapePaths {
            outline: ellipse(cx, cy, w / 2.0, h / 2.0),
            front: None,
            detail: Some(ellipse(
                cx,
                cy,
                w / 2.0 - 5.0_f32.min(w / 5.0),
                h / 2.0 - 5.0_f32.min(h / 5.0),
            )),
        },
        Shape::CrossedCircle => {
            let k = w / 2.0 * std::f32::consts::FRAC_1_SQRT_2;
            ShapePaths {
                outline: ellipse(cx, cy, w / 2.0, h / 2.0),
                front: None,
                detail: Some(format!(
                    "M{},{} L{},{} M{},{} L{},{}",
                    f(cx - k),
                    f(cy - k),
                    f(cx + k),
                    f(cy + k),
                    f(cx + k),
                    f(cy - k),
                    f(cx - k),
                    f(cy + k)
                )),
            }
        }
        Shape::StackedDocument => {
            let amp = 5.0;
            let sheet = |dx: f32, dy: f32| {
                format!(
                    "M{},{} L{},{} {} Z",
                    f(x0 + dx),
                    f(y0 + dy),
                    f(x1 - 10.0 + dx),
                    f(y0 + dy),
                    wavy_bottom(x0 + dx, x1 - 10.0 + dx, y1 - 20.0 + dy, amp)
                )
            };
            ShapePaths {
                outline: format!("{} {}", sheet(10.0, 0.0), sheet(5.0, 5.0)),
                detail: None,
                front: Some(sheet(0.0, 10.0)),
            }
        }
        Shape::Document | Shape::LinedDocument | Shape::TaggedDocument => {
            let amp = 6.0;
            let d = format!(
                "M{},{} L{},{} {} Z",
                f(x0),
                f(y0),
                f(x1),
                f(y0),
                wavy_bottom(x0, x1, y1 - amp * 1.5, amp)
            );
            let detail = match shape {
                Shape::LinedDocument => Some(format!(
                    "M{},{} L{},{}",
                    f(x0 + 8.0),
                    f(y0),
                    f(x0 + 8.0),
                    f(y1 - amp)
                )),
                Shape::TaggedDocument => Some(polygon(&[
                    (x1 - 14.0, y1 - amp * 2.5),
                    (x1, y1 - amp * 2.5 - 14.0),
                    (x1, y1 - amp * 2.5),
                ])),
                _ => None,
            };
            ShapePaths {
                outline: d,
                detail,
                front: None,
            }
        }
        Shape::Flag => {
            let amp = 6.0;
            ShapePaths {
                outline: format!(
                    "M{},{} C{},{} {},{} {},{} C{},{} {},{} {},{} {} Z",
                    f(x0),
                    f(y0 + amp),
                    f(x0 + w * 0.25),
                    f(y0 - amp),
                    f(x0 + w * 0.25),
                    f(y0 + amp * 2.0),
                    f(cx),
                    f(y0 + amp),
                    f(x1 - w * 0.25),
                    f(y0),
                    f(x1 - w * 0.25),
                    f(y0 + amp * 2.0),
                    f(x1),
                    f(y0 + amp),
                    wavy_bottom(x0, x1, y1 - amp, amp)
                ),
                front: None,
                detail: None,
            }
        }
        Shape::Delay => {
            let k = h / 2.0;
            plain(format!(
                "M{},{} L{},{} A{},{} 0 0,1 {},{} L{},{} Z",
                f(x0),
                f(y0),
                f(x1 - k),
                f(y0),
                f(k),
                f(k),
                f(x1 - k),
                f(y1),
                f(x0),
                f(y1)
            ))
        }
        Shape::NotchedRect => plain(polygon(&[
            (x0 + 12.0, y0),
            (x1, y0),
            (x1, y1),
            (x0, y1),
            (x0, y0 + 12.0),
        ])),
        Shape::TaggedRect => ShapePaths {
            outline: polygon(&[(x0, y0), (x1, y0), (x1, y1), (x0, y1)]),
            front: None,
            detail: Some(polygon(&[(x1 - 14.0, y1), (x1, y1 - 14.0), (x1, y1)])),
        },
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
            plain(format!(
                "M{},{} L{},{} A{},{} 0 0,0 {},{} L{},{} A{},{} 0 0,1 {},{} Z",
                f(x0 + k),
                f(y0),
                f(x1),
                f(y0),
                f(k),
                f(h / 2.0),
                f(x1),
                f(y1),
                f(x0 + k),
                f(y1),
                f(k),
                f(h / 2.0),
                f(x0 + k),
                f(y0)
            ))
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
        Shape::Fork => plain(polygon(&[(x0, y0), (x1, y0), (x1, y1), (x0, y1)])),
        Shape::Anchor => plain(ellipse(cx, cy, w / 2.0, h / 2.0)),
        Shape::BraceLeft | Shape::BraceRight | Shape::Braces => {
            let left = format!(
                "M{},{} Q{},{} {},{} L{},{} Q{},{} {},{} Q{},{} {},{} L{},{} Q{},{} {},{}",
                f(x0 + 10.0),
                f(y0),
                f(x0 + 5.0),
                f(y0),
                f(x0 + 5.0),
                f(y0 + 5.0),
                f(x0 + 5.0),
                f(cy - 5.0),
                f(x0 + 5.0),
                f(cy),
                f(x0),
                f(cy),
                f(x0 + 5.0),
                f(cy),
                f(x0 + 5.0),
                f(cy + 5.0),
                f(x0 + 5.0),
                f(y1 - 5.0),
                f(x0 + 5.0),
                f(y1),
                f(x0 + 10.0),
                f(y1)
            );
            let right = format!(
                "M{},{} Q{},{} {},{} L{},{} Q{},{} {},{} Q{},{} {},{} L{},{} Q{},{} {},{}",
                f(x1 - 10.0),
                f(y0),
                f(x1 - 5.0),
                f(y0),
                f(x1 - 5.0),
                f(y0 + 5.0),
                f(x1 - 5.0),
                f(cy - 5.0),
                f(x1 - 5.0),
                f(cy),
                f(x1),
                f(cy),
                f(x1 - 5.0),
                f(cy),
                f(x1 - 5.0),
                f(cy + 5.0),
                f(x1 - 5.0),
                f(y1 - 5.0),
                f(x1 - 5.0),
                f(y1),
                f(x1 - 10.0),
                f(y1)
            );
            let detail = match shape {
                Shape::BraceLeft => left,
                Shape::BraceRight => right,
                _ => format!("{left} {right}"),
            };
            // An invisible box keeps the node hit-able and fillable.
            ShapePaths {
                outline: String::new(),
                front: None,
                detail: Some(detail),
            }
        }
        Shape::CurvedTrapezoid => {
            let k = h / 3.0;
            plain(format!(
                "M{},{} L{},{} L{},{} Q{},{} {},{} Z",
                f(x0),
                f(y0),
                f(x1),
                f(y0),
                f(x1 - k),
                f(y1),
                f(cx),
                f(y1 + k * 0.6),
                f(x0 + k),
                f(y1)
            ))
        }
        _ => plain(from_outline()),
    }
}
