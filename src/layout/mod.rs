//! The geometry a diagram was drawn from, in the shape every family
//! shares: nodes with their boxes and outlines, edges with their paths and
//! label boxes, clusters with their frames and titles, in SVG user units.
//! What [`crate::Rendered::layout`] holds and `--layout-json` writes.

mod json;

pub use crate::diagram::flowchart::model::Shape;
use crate::diagram::flowchart::shape;
pub use crate::layered::geometry::{Point, Rect};
pub use crate::layered::Cubic;
pub use crate::text::{Line, Run, TextBlock};

/// Flow direction of a diagram or of one subgraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Direction {
    /// Top to bottom (`TB`, `TD`, `v`).
    #[default]
    TopBottom,
    /// Bottom to top (`BT`, `^`).
    BottomTop,
    /// Left to right (`LR`, `>`).
    LeftRight,
    /// Right to left (`RL`, `<`).
    RightLeft,
}

impl Direction {
    /// The canonical two-letter name (`TB`, `BT`, `LR`, `RL`).
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::TopBottom => "TB",
            Direction::BottomTop => "BT",
            Direction::LeftRight => "LR",
            Direction::RightLeft => "RL",
        }
    }

    /// True when ranks run left/right (`LR`, `RL`).
    pub fn is_horizontal(self) -> bool {
        matches!(self, Direction::LeftRight | Direction::RightLeft)
    }
}

/// A laid-out node.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeLayout {
    /// Flowchart node id.
    pub id: String,
    /// Shape drawn.
    pub shape: Shape,
    /// Bounding box of the drawn shape.
    pub rect: Rect,
    /// The label, decoded and measured (empty for label-less shapes).
    pub label: TextBlock,
    /// Innermost subgraph (index into `Layout::clusters`).
    pub parent: Option<usize>,
}

impl NodeLayout {
    /// The outline edges are clipped to, as a closed polygon in diagram
    /// coordinates (a circle or rounded shape as many short sides).
    pub fn outline(&self) -> Vec<Point> {
        shape::placed_outline(
            self.shape,
            self.rect.center(),
            self.rect.width,
            self.rect.height,
        )
    }
}

/// A laid-out edge.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeLayout {
    /// Source node or subgraph id.
    pub from: String,
    /// Target node or subgraph id.
    pub to: String,
    /// The drawn path as cubic pieces, from the source outline to the
    /// target outline (where the arrow tip is).
    pub path: Vec<Cubic>,
    /// The path flattened to a polyline (within a fraction of a unit).
    pub points: Vec<Point>,
    /// The label, decoded and measured.
    pub label: Option<TextBlock>,
    /// The label's background box.
    pub label_box: Option<Rect>,
    /// Boxes of the labels at the ends (a class relation's
    /// cardinalities), source end first; empty for most families.
    pub end_label_boxes: Vec<Rect>,
}

/// A laid-out subgraph frame.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterLayout {
    /// Subgraph id.
    pub id: String,
    /// The frame, title included.
    pub rect: Rect,
    /// The title, decoded and measured.
    pub title: TextBlock,
    /// Centre of the title's first line box.
    pub title_center: Point,
    /// The box of the drawn title text (`None` when the title is empty);
    /// the layout keeps edges out of it.
    pub title_box: Option<Rect>,
    /// Enclosing subgraph.
    pub parent: Option<usize>,
}

/// The geometry of a whole diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Drawing width, margins included.
    pub width: f32,
    /// Drawing height, margins included.
    pub height: f32,
    /// Direction of the diagram.
    pub direction: Direction,
    /// Nodes, in flowchart order.
    pub nodes: Vec<NodeLayout>,
    /// Edges, in flowchart order.
    pub edges: Vec<EdgeLayout>,
    /// Subgraph frames, in flowchart order.
    pub clusters: Vec<ClusterLayout>,
    /// The diagram's title (front matter `title:`), measured, and the centre
    /// of its first line, above everything else.
    pub title: Option<(TextBlock, Point)>,
}

impl Layout {
    /// The layout as JSON in the schema of `tools/LAYOUT_JSON.md`.
    pub fn to_json(&self) -> String {
        json::to_json(self)
    }
}
