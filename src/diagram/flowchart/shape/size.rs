//! Flowchart shape geometry: how big a node is for its label, and the
//! outline an edge is clipped to. Points, boxes and clipping themselves are
//! the layered engine's ([`crate::layered::geometry`]).

use super::Shape;
use crate::layered::geometry::{box_outline, Point};
use crate::text::TextBlock;

/// Inner space between a label and its node's outline, px.
pub const NODE_PADDING_X: f32 = 15.0;
/// Inner space above and below a label, px.
pub const NODE_PADDING_Y: f32 = 10.0;

/// Size (width, height) of a node of `shape` holding `text`.
pub fn node_size(shape: Shape, text: &TextBlock) -> (f32, f32) {
    let line = text.line_height();
    let tw = text.width.max(if text.is_empty() { 0.0 } else { 8.0 });
    let th = text.height.max(line);
    let w = tw + 2.0 * NODE_PADDING_X;
    let h = th + 2.0 * NODE_PADDING_Y;
    match shape {
        Shape::Rect
        | Shape::Rounded
        | Shape::State
        | Shape::Note
        | Shape::NotchedRect
        | Shape::DividedRect
        | Shape::Text => (w, h),
        Shape::Subroutine | Shape::LinedRect | Shape::WindowPane | Shape::TaggedRect => {
            (w + 16.0, h)
        }
        Shape::StackedRect => (w + 10.0, h + 10.0),
        Shape::Stadium => (w + h / 2.0, h),
        Shape::Delay => (w + h / 4.0, h),
        Shape::Cylinder | Shape::LinedCylinder | Shape::DataStore => (w, h + 2.0 * cyl_ry(w)),
        Shape::HorizontalCylinder => (w + h / 2.0, h),
        Shape::Circle | Shape::CrossedCircle => {
            let d = tw.max(th) + 2.0 * NODE_PADDING_Y;
            (d, d)
        }
        Shape::DoubleCircle => {
            let d = tw.max(th) + 2.0 * NODE_PADDING_Y + 10.0;
            (d, d)
        }
        Shape::Ellipse => (w * 1.3, h * 1.3),
        Shape::Diamond | Shape::Choice => {
            // A rhombus through the corners of the padded label box, no
            // flatter than 1:2 so wide labels do not make huge squares.
            let (a, b) = (w * 0.5 + h * 0.5, h * 0.5 + w * 0.25);
            (2.0 * a, 2.0 * b.max(h * 0.75))
        }
        Shape::Hexagon => (w + h / 2.0, h),
        Shape::LeanRight
        | Shape::LeanLeft
        | Shape::Trapezoid
        | Shape::InvTrapezoid
        | Shape::CurvedTrapezoid => (w + h * 2.0 / 3.0, h),
        Shape::SlopedRect => (w, h + 10.0),
        Shape::Odd => (w + h / 4.0, h),
        Shape::Document | Shape::LinedDocument | Shape::TaggedDocument | Shape::Flag => {
            (w, h + 12.0)
        }
        Shape::StackedDocument => (w + 10.0, h + 22.0),
        Shape::Triangle | Shape::FlippedTriangle => {
            let s = (w + h).max(2.0 * h);
            (s, s * 0.75)
        }
        Shape::NotchedPentagon | Shape::BowTieRect => (w + 20.0, h),
        Shape::Hourglass => (30.0, 40.0),
        Shape::Bolt => (35.0, 50.0),
        Shape::SmallCircle => (14.0, 14.0),
        Shape::FramedCircle => (17.0, 17.0),
        Shape::FilledCircle => (14.0, 14.0),
        Shape::Fork => (70.0, 10.0),
        Shape::Anchor => (4.0, 4.0),
        Shape::BraceLeft | Shape::BraceRight => (w + 10.0, h),
        Shape::Braces => (w + 20.0, h),
        Shape::Bang | Shape::Cloud => (w * 1.3, h * 1.4),
        Shape::Icon | Shape::Image => {
            let (aw, ah) = asset_size(shape, None);
            let lh = if text.is_empty() { 0.0 } else { th + ASSET_GAP };
            (aw.max(tw + 8.0), ah + lh)
        }
    }
}

/// Gap between an icon or image and its label.
pub const ASSET_GAP: f32 = 6.0;

/// Size of the picture of an `icon` or `image` node: `@{ w, h }` when given
/// (clamped to sane bounds), else a square of 48 (icon) or 80 (image).
pub fn asset_size(shape: Shape, given: Option<(f32, f32)>) -> (f32, f32) {
    let default = if shape == Shape::Icon { 48.0 } else { 80.0 };
    match given {
        Some((w, h)) if w.is_finite() && h.is_finite() && w > 0.0 && h > 0.0 => {
            (w.clamp(4.0, 2000.0), h.clamp(4.0, 2000.0))
        }
        _ => (default, default),
    }
}

/// Size of an `icon`/`image` node with its picture and label.
pub fn asset_node_size(shape: Shape, given: Option<(f32, f32)>, text: &TextBlock) -> (f32, f32) {
    let (aw, ah) = asset_size(shape, given);
    let lh = if text.is_empty() {
        0.0
    } else {
        text.height + ASSET_GAP
    };
    (aw.max(text.width + 8.0), ah + lh)
}

/// Half-height of a cylinder's end ellipse for a cylinder `w` wide.
pub fn cyl_ry(w: f32) -> f32 {
    (w / 2.0 / (2.5 + w / 50.0)).clamp(4.0, 12.0)
}

/// The outline of a node of `shape`, centred on the origin, as a closed
/// polygon (curves flattened). Used to clip edges to the drawn shape.
pub fn outline(shape: Shape, w: f32, h: f32) -> Vec<Point> {
    let (hw, hh) = (w / 2.0, h / 2.0);
    let p = Point::new;
    match shape {
        Shape::Circle
        | Shape::DoubleCircle
        | Shape::SmallCircle
        | Shape::FramedCircle
        | Shape::FilledCircle
        | Shape::CrossedCircle
        | Shape::Ellipse
        | Shape::Cloud
        | Shape::Bang => ellipse(hw, hh, 48),
        Shape::Diamond | Shape::Choice => vec![p(0.0, -hh), p(hw, 0.0), p(0.0, hh), p(-hw, 0.0)],
        Shape::Hexagon => {
            let k = h / 4.0;
            vec![
                p(-hw + k, -hh),
                p(hw - k, -hh),
                p(hw, 0.0),
                p(hw - k, hh),
                p(-hw + k, hh),
                p(-hw, 0.0),
            ]
        }
        Shape::LeanRight => {
            let k = h / 3.0;
            vec![p(-hw + k, -hh), p(hw, -hh), p(hw - k, hh), p(-hw, hh)]
        }
        Shape::LeanLeft => {
            let k = h / 3.0;
            vec![p(-hw, -hh), p(hw - k, -hh), p(hw, hh), p(-hw + k, hh)]
        }
        Shape::Trapezoid => {
            let k = h / 3.0;
            vec![p(-hw + k, -hh), p(hw - k, -hh), p(hw, hh), p(-hw, hh)]
        }
        Shape::InvTrapezoid | Shape::CurvedTrapezoid => {
            let k = h / 3.0;
            vec![p(-hw, -hh), p(hw, -hh), p(hw - k, hh), p(-hw + k, hh)]
        }
        Shape::Odd => {
            let k = h / 4.0;
            vec![
                p(-hw, -hh),
                p(hw, -hh),
                p(hw, hh),
                p(-hw, hh),
                p(-hw + k, 0.0),
            ]
        }
        Shape::Triangle => vec![p(0.0, -hh), p(hw, hh), p(-hw, hh)],
        Shape::FlippedTriangle => vec![p(-hw, -hh), p(hw, -hh), p(0.0, hh)],
        Shape::Stadium => {
            let mut pts = Vec::new();
            let r = hh.min(hw);
            for i in 0..=12 {
                let a = -std::f32::consts::FRAC_PI_2 + std::f32::consts::PI * i as f32 / 12.0;
                pts.push(p(hw - r + r * a.cos(), r * a.sin()));
            }
            for i in 0..=12 {
                let a = std::f32::consts::FRAC_PI_2 + std::f32::consts::PI * i as f32 / 12.0;
                pts.push(p(-hw + r + r * a.cos(), r * a.sin()));
            }
            pts
        }
        _ => box_outline(w, h),
    }
}

fn ellipse(rx: f32, ry: f32, n: usize) -> Vec<Point> {
    (0..n)
        .map(|i| {
            let a = std::f32::consts::TAU * i as f32 / n as f32;
            Point::new(rx * a.cos(), ry * a.sin())
        })
        .collect()
}

/// The polygon `outline(shape, w, h)` moved to centre `c`.
pub fn placed_outline(shape: Shape, c: Point, w: f32, h: f32) -> Vec<Point> {
    outline(shape, w, h)
        .into_iter()
        .map(|p| Point::new(p.x + c.x, p.y + c.y))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layered::geometry::clip_to_polygon;

    #[test]
    fn clipping_a_diamond_lands_on_its_edge() {
        let poly = placed_outline(Shape::Diamond, Point::new(100.0, 100.0), 80.0, 40.0);
        let hit = clip_to_polygon(&poly, Point::new(100.0, 100.0), Point::new(100.0, 300.0));
        assert!((hit.y - 120.0).abs() < 1e-3 && (hit.x - 100.0).abs() < 1e-3);
        // A diagonal leaves on the slanted side: |dx|/20... on the rhombus.
        let hit = clip_to_polygon(&poly, Point::new(100.0, 100.0), Point::new(200.0, 200.0));
        let on_edge = (hit.x - 100.0).abs() / 40.0 + (hit.y - 100.0).abs() / 20.0;
        assert!((on_edge - 1.0).abs() < 1e-3, "{hit:?}");
    }
}
