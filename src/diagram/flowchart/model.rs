//! The flowchart model: plain data that the parser produces and every later
//! stage reads. Nothing here knows about text syntax, geometry or SVG.
//!
//! Every item the parser makes carries a [`Span`] (byte offsets into the
//! original source) so later stages can point warnings at the text.

pub use super::shape::{Shape, SHAPE_NAMES};
pub use crate::config::{Config, Curve};
pub use crate::diagram::style::{ClassDef, StyleDecl};
pub use crate::error::{Span, Warning};
pub use crate::layout::Direction;
pub use crate::text::{Label, LabelKind};

/// What a `click` statement does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClickAction {
    /// Open a URL (`click A "https://…"` or `click A href "…"`).
    Href {
        /// The URL as written.
        url: String,
        /// `_self`, `_blank`, `_parent` or `_top`, if given.
        target: Option<String>,
    },
    /// A JavaScript callback (`click A cb` / `click A call cb(…)`); we never
    /// run scripts, so this is kept only to warn about it.
    Callback {
        /// The function name.
        name: String,
    },
}

/// A `click` statement on a node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Click {
    /// What it does.
    pub action: ClickAction,
    /// Tooltip text, if given.
    pub tooltip: Option<String>,
    /// The statement.
    pub span: Span,
}

/// Index of a subgraph in [`Flowchart::subgraphs`].
pub type SubgraphId = usize;

/// A node (vertex) of the flowchart.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The id as written (`A`, `단계1`).
    pub id: String,
    /// The label; `None` shows the id.
    pub label: Option<Label>,
    /// The shape to draw.
    pub shape: Shape,
    /// Classes from `class`, `:::`, in order of application.
    pub classes: Vec<String>,
    /// Declarations from `style` statements, in order.
    pub styles: Vec<StyleDecl>,
    /// A `click` action, if any.
    pub click: Option<Click>,
    /// Innermost subgraph holding the node (the first subgraph, in order of
    /// their `end`, whose block mentions it), or `None`.
    pub parent: Option<SubgraphId>,
    /// `@{ img: … }` image reference for image shapes.
    pub image: Option<String>,
    /// `@{ icon: … }` icon name for icon shapes.
    pub icon: Option<String>,
    /// `@{ w: …, h: … }` asset size for icon and image shapes.
    pub asset_size: Option<(f32, f32)>,
    /// `@{ pos: t }`: label above the asset instead of below.
    pub label_on_top: bool,
    /// First appearance of the node.
    pub span: Span,
}

impl Node {
    /// A node with default shape and no label, first seen at `span`.
    pub fn new(id: impl Into<String>, span: Span) -> Self {
        Node {
            id: id.into(),
            label: None,
            shape: Shape::default(),
            classes: Vec::new(),
            styles: Vec::new(),
            click: None,
            parent: None,
            image: None,
            icon: None,
            asset_size: None,
            label_on_top: false,
            span,
        }
    }

    /// The raw text to display: the label if any, otherwise the id.
    #[cfg(any(test, feature = "internals"))]
    pub fn display_text(&self) -> &str {
        self.label.as_ref().map_or(self.id.as_str(), |l| &l.text)
    }
}

/// The stroke of an edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Stroke {
    /// `--`: solid.
    #[default]
    Normal,
    /// `==`: thick.
    Thick,
    /// `-.-`: dotted.
    Dotted,
    /// `~~~`: not drawn, but laid out.
    Invisible,
}

/// The decoration at one end of an edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Marker {
    /// Nothing.
    #[default]
    None,
    /// An arrowhead (`>` / `<`).
    Arrow,
    /// A cross (`x`).
    Cross,
    /// A circle (`o`).
    Circle,
}

/// An edge (link) between two nodes or subgraphs.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// Edge id from `e1@-->`, if given.
    pub id: Option<String>,
    /// Source: a node id or a subgraph id.
    pub from: String,
    /// Target: a node id or a subgraph id.
    pub to: String,
    /// Solid, thick, dotted or invisible.
    pub stroke: Stroke,
    /// Marker at the source end (`<`, `x`, `o` before the stroke).
    pub start: Marker,
    /// Marker at the target end.
    pub end: Marker,
    /// Minimum number of ranks the edge spans (1 for `-->`, 2 for `--->`).
    pub length: u8,
    /// Label text, if any.
    pub label: Option<Label>,
    /// Declarations from `linkStyle`, in order.
    pub styles: Vec<StyleDecl>,
    /// Classes from `class e1 name`.
    pub classes: Vec<String>,
    /// Curve from `linkStyle … interpolate` or `e1@{ curve: … }`.
    pub curve: Option<Curve>,
    /// `e1@{ animate: true }`.
    pub animate: bool,
    /// The link token (and label) in the source.
    pub span: Span,
}

impl Edge {
    /// A plain `-->` edge from `from` to `to`.
    pub fn new(from: impl Into<String>, to: impl Into<String>, span: Span) -> Self {
        Edge {
            id: None,
            from: from.into(),
            to: to.into(),
            stroke: Stroke::Normal,
            start: Marker::None,
            end: Marker::Arrow,
            length: 1,
            label: None,
            styles: Vec::new(),
            classes: Vec::new(),
            curve: None,
            animate: false,
            span,
        }
    }
}

/// A subgraph: a titled frame holding nodes and other subgraphs.
#[derive(Debug, Clone, PartialEq)]
pub struct Subgraph {
    /// Its id (generated as `subGraph0`, `subGraph1`… when the source gives
    /// only a title, as Mermaid does).
    pub id: String,
    /// Title shown in the frame; `None` shows nothing (bare `subgraph`).
    pub title: Option<Label>,
    /// `direction` given inside the block, if any.
    pub direction: Option<Direction>,
    /// Enclosing subgraph, or `None` at top level.
    pub parent: Option<SubgraphId>,
    /// Classes from `class`/`:::`.
    pub classes: Vec<String>,
    /// Declarations from `style`.
    pub styles: Vec<StyleDecl>,
    /// From `subgraph` to its `end`.
    pub span: Span,
}

/// A parsed flowchart.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Flowchart {
    /// Direction of the whole diagram.
    pub direction: Direction,
    /// Nodes in order of first appearance.
    pub nodes: Vec<Node>,
    /// Edges in source order (the order `linkStyle` indexes count).
    pub edges: Vec<Edge>,
    /// Subgraphs in order of their `subgraph` keyword.
    pub subgraphs: Vec<Subgraph>,
    /// `classDef` statements, in order.
    pub class_defs: Vec<ClassDef>,
    /// `title:` from front matter.
    pub title: Option<String>,
    /// `accTitle:`.
    pub acc_title: Option<String>,
    /// `accDescr:`.
    pub acc_descr: Option<String>,
    /// Settings from directives and front matter.
    pub config: Config,
    /// Non-fatal findings.
    pub warnings: Vec<Warning>,
}

impl Flowchart {
    /// The node with this id.
    #[cfg(any(test, feature = "internals"))]
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }

    /// The class definition named `name` (the last one wins, as in Mermaid).
    #[cfg(any(test, feature = "internals"))]
    pub fn class_def(&self, name: &str) -> Option<&ClassDef> {
        self.class_defs.iter().rev().find(|c| c.name == name)
    }
}
