//! Node shapes, all a flowchart knows of them in one place: their names
//! (the classic bracket shapes and the `@{ shape: … }` registry, here),
//! their sizes and clipping outlines (`size`), and their SVG paths
//! (`path`).

mod path;
mod size;

pub(crate) use path::shape_paths;
pub(crate) use size::{asset_node_size, asset_size, node_size, outline, placed_outline, ASSET_GAP};

/// The outline a node is drawn with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Shape {
    /// `A[text]`, `rect`, `proc`, `process`, `rectangle`, and bare ids.
    #[default]
    Rect,
    /// `A(text)`, `rounded`, `event`.
    Rounded,
    /// `A([text])`, `stadium`, `terminal`, `pill`.
    Stadium,
    /// `A[[text]]`, `fr-rect`, `subprocess`, `subroutine`.
    Subroutine,
    /// `A[(text)]`, `cyl`, `db`, `database`, `cylinder`.
    Cylinder,
    /// `datastore`, `data-store`.
    DataStore,
    /// `A((text))`, `circle`, `circ`.
    Circle,
    /// `A(((text)))`, `dbl-circ`, `double-circle`.
    DoubleCircle,
    /// `A(-text-)`.
    Ellipse,
    /// `A>text]`, `odd`.
    Odd,
    /// `A{text}`, `diam`, `decision`, `diamond`, `question`.
    Diamond,
    /// `A{{text}}`, `hex`, `hexagon`, `prepare`.
    Hexagon,
    /// `A[/text/]`, `lean-r`, `lean-right`, `in-out`.
    LeanRight,
    /// `A[\text\]`, `lean-l`, `lean-left`, `out-in`.
    LeanLeft,
    /// `A[/text\]`, `trap-b`, `priority`, `trapezoid`.
    Trapezoid,
    /// `A[\text/]`, `trap-t`, `manual`, `inv-trapezoid`.
    InvTrapezoid,
    /// `bang`.
    Bang,
    /// `cloud`.
    Cloud,
    /// `text`: label only, no outline.
    Text,
    /// `notch-rect`, `card`.
    NotchedRect,
    /// `lin-rect`, `lined-process`, `shaded-process`.
    LinedRect,
    /// `sm-circ`, `start`, `small-circle`.
    SmallCircle,
    /// `fr-circ`, `stop`, `framed-circle`.
    FramedCircle,
    /// `fork`, `join`: a filled bar.
    Fork,
    /// `hourglass`, `collate`.
    Hourglass,
    /// `brace`, `comment`, `brace-l`.
    BraceLeft,
    /// `brace-r`.
    BraceRight,
    /// `braces`.
    Braces,
    /// `bolt`, `com-link`, `lightning-bolt`.
    Bolt,
    /// `doc`, `document`.
    Document,
    /// `delay`, `half-rounded-rectangle`.
    Delay,
    /// `h-cyl`, `das`, `horizontal-cylinder`.
    HorizontalCylinder,
    /// `lin-cyl`, `disk`, `lined-cylinder`.
    LinedCylinder,
    /// `curv-trap`, `display`, `curved-trapezoid`.
    CurvedTrapezoid,
    /// `div-rect`, `divided-process`.
    DividedRect,
    /// `tri`, `extract`, `triangle`.
    Triangle,
    /// `win-pane`, `internal-storage`, `window-pane`.
    WindowPane,
    /// `f-circ`, `junction`, `filled-circle`.
    FilledCircle,
    /// `notch-pent`, `loop-limit`, `notched-pentagon`.
    NotchedPentagon,
    /// `flip-tri`, `manual-file`, `flipped-triangle`.
    FlippedTriangle,
    /// `sl-rect`, `manual-input`, `sloped-rectangle`.
    SlopedRect,
    /// `docs`, `documents`, `st-doc`, `stacked-document`.
    StackedDocument,
    /// `st-rect`, `procs`, `processes`, `stacked-rectangle`.
    StackedRect,
    /// `bow-rect`, `stored-data`, `bow-tie-rectangle`.
    BowTieRect,
    /// `cross-circ`, `summary`, `crossed-circle`.
    CrossedCircle,
    /// `tag-doc`, `tagged-document`.
    TaggedDocument,
    /// `tag-rect`, `tagged-process`.
    TaggedRect,
    /// `flag`, `paper-tape`.
    Flag,
    /// `lin-doc`, `lined-document`.
    LinedDocument,
    /// `state`: a rounded state box.
    State,
    /// `choice`: a small diamond without label.
    Choice,
    /// `note`.
    Note,
    /// `anchor`: an invisible point.
    Anchor,
    /// `icon` (and `@{ icon: … }`): an icon with a label below.
    Icon,
    /// `image` (and `@{ img: … }`): a picture with a label below.
    Image,
}

/// Every name `@{ shape: … }` accepts, with the shape it means, in the order
/// of Mermaid's registry. Used for lookup and for the "valid names" hint.
pub const SHAPE_NAMES: &[(&str, Shape)] = &[
    ("rect", Shape::Rect),
    ("proc", Shape::Rect),
    ("process", Shape::Rect),
    ("rectangle", Shape::Rect),
    ("rounded", Shape::Rounded),
    ("event", Shape::Rounded),
    ("stadium", Shape::Stadium),
    ("terminal", Shape::Stadium),
    ("pill", Shape::Stadium),
    ("fr-rect", Shape::Subroutine),
    ("subprocess", Shape::Subroutine),
    ("subproc", Shape::Subroutine),
    ("framed-rectangle", Shape::Subroutine),
    ("subroutine", Shape::Subroutine),
    ("cyl", Shape::Cylinder),
    ("db", Shape::Cylinder),
    ("database", Shape::Cylinder),
    ("cylinder", Shape::Cylinder),
    ("datastore", Shape::DataStore),
    ("data-store", Shape::DataStore),
    ("circle", Shape::Circle),
    ("circ", Shape::Circle),
    ("bang", Shape::Bang),
    ("cloud", Shape::Cloud),
    ("diam", Shape::Diamond),
    ("decision", Shape::Diamond),
    ("diamond", Shape::Diamond),
    ("question", Shape::Diamond),
    ("hex", Shape::Hexagon),
    ("hexagon", Shape::Hexagon),
    ("prepare", Shape::Hexagon),
    ("lean-r", Shape::LeanRight),
    ("lean-right", Shape::LeanRight),
    ("in-out", Shape::LeanRight),
    ("lean-l", Shape::LeanLeft),
    ("lean-left", Shape::LeanLeft),
    ("out-in", Shape::LeanLeft),
    ("trap-b", Shape::Trapezoid),
    ("priority", Shape::Trapezoid),
    ("trapezoid-bottom", Shape::Trapezoid),
    ("trapezoid", Shape::Trapezoid),
    ("trap-t", Shape::InvTrapezoid),
    ("manual", Shape::InvTrapezoid),
    ("trapezoid-top", Shape::InvTrapezoid),
    ("inv-trapezoid", Shape::InvTrapezoid),
    ("dbl-circ", Shape::DoubleCircle),
    ("double-circle", Shape::DoubleCircle),
    ("text", Shape::Text),
    ("notch-rect", Shape::NotchedRect),
    ("card", Shape::NotchedRect),
    ("notched-rectangle", Shape::NotchedRect),
    ("lin-rect", Shape::LinedRect),
    ("lined-rectangle", Shape::LinedRect),
    ("lined-process", Shape::LinedRect),
    ("lin-proc", Shape::LinedRect),
    ("shaded-process", Shape::LinedRect),
    ("sm-circ", Shape::SmallCircle),
    ("start", Shape::SmallCircle),
    ("small-circle", Shape::SmallCircle),
    ("fr-circ", Shape::FramedCircle),
    ("stop", Shape::FramedCircle),
    ("framed-circle", Shape::FramedCircle),
    ("fork", Shape::Fork),
    ("join", Shape::Fork),
    ("hourglass", Shape::Hourglass),
    ("collate", Shape::Hourglass),
    ("brace", Shape::BraceLeft),
    ("comment", Shape::BraceLeft),
    ("brace-l", Shape::BraceLeft),
    ("brace-r", Shape::BraceRight),
    ("braces", Shape::Braces),
    ("bolt", Shape::Bolt),
    ("com-link", Shape::Bolt),
    ("lightning-bolt", Shape::Bolt),
    ("doc", Shape::Document),
    ("document", Shape::Document),
    ("delay", Shape::Delay),
    ("half-rounded-rectangle", Shape::Delay),
    ("h-cyl", Shape::HorizontalCylinder),
    ("das", Shape::HorizontalCylinder),
    ("horizontal-cylinder", Shape::HorizontalCylinder),
    ("lin-cyl", Shape::LinedCylinder),
    ("disk", Shape::LinedCylinder),
    ("lined-cylinder", Shape::LinedCylinder),
    ("curv-trap", Shape::CurvedTrapezoid),
    ("curved-trapezoid", Shape::CurvedTrapezoid),
    ("display", Shape::CurvedTrapezoid),
    ("div-rect", Shape::DividedRect),
    ("div-proc", Shape::DividedRect),
    ("divided-rectangle", Shape::DividedRect),
    ("divided-process", Shape::DividedRect),
    ("tri", Shape::Triangle),
    ("extract", Shape::Triangle),
    ("triangle", Shape::Triangle),
    ("win-pane", Shape::WindowPane),
    ("internal-storage", Shape::WindowPane),
    ("window-pane", Shape::WindowPane),
    ("f-circ", Shape::FilledCircle),
    ("junction", Shape::FilledCircle),
    ("filled-circle", Shape::FilledCircle),
    ("notch-pent", Shape::NotchedPentagon),
    ("loop-limit", Shape::NotchedPentagon),
    ("notched-pentagon", Shape::NotchedPentagon),
    ("flip-tri", Shape::FlippedTriangle),
    ("manual-file", Shape::FlippedTriangle),
    ("flipped-triangle", Shape::FlippedTriangle),
    ("sl-rect", Shape::SlopedRect),
    ("manual-input", Shape::SlopedRect),
    ("sloped-rectangle", Shape::SlopedRect),
    ("docs", Shape::StackedDocument),
    ("documents", Shape::StackedDocument),
    ("st-doc", Shape::StackedDocument),
    ("stacked-document", Shape::StackedDocument),
    ("st-rect", Shape::StackedRect),
    ("procs", Shape::StackedRect),
    ("processes", Shape::StackedRect),
    ("stacked-rectangle", Shape::StackedRect),
    ("bow-rect", Shape::BowTieRect),
    ("stored-data", Shape::BowTieRect),
    ("bow-tie-rectangle", Shape::BowTieRect),
    ("cross-circ", Shape::CrossedCircle),
    ("summary", Shape::CrossedCircle),
    ("crossed-circle", Shape::CrossedCircle),
    ("tag-doc", Shape::TaggedDocument),
    ("tagged-document", Shape::TaggedDocument),
    ("tag-rect", Shape::TaggedRect),
    ("tagged-rectangle", Shape::TaggedRect),
    ("tag-proc", Shape::TaggedRect),
    ("tagged-process", Shape::TaggedRect),
    ("flag", Shape::Flag),
    ("paper-tape", Shape::Flag),
    ("odd", Shape::Odd),
    ("lin-doc", Shape::LinedDocument),
    ("lined-document", Shape::LinedDocument),
    ("state", Shape::State),
    ("choice", Shape::Choice),
    ("note", Shape::Note),
    ("icon", Shape::Icon),
    ("anchor", Shape::Anchor),
    ("image", Shape::Image),
];

impl Shape {
    /// Looks up a `@{ shape: … }` name or alias (lower case, as Mermaid wants).
    pub fn from_name(name: &str) -> Option<Shape> {
        SHAPE_NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, s)| s)
    }

    /// The short name written in the layout JSON (`rect`, `diamond`, …).
    pub fn name(self) -> &'static str {
        match self {
            Shape::Rect => "rect",
            Shape::Rounded => "rounded",
            Shape::Stadium => "stadium",
            Shape::Subroutine => "subroutine",
            Shape::Cylinder => "cylinder",
            Shape::DataStore => "datastore",
            Shape::Circle => "circle",
            Shape::DoubleCircle => "double-circle",
            Shape::Ellipse => "ellipse",
            Shape::Odd => "odd",
            Shape::Diamond => "diamond",
            Shape::Hexagon => "hexagon",
            Shape::LeanRight => "lean-right",
            Shape::LeanLeft => "lean-left",
            Shape::Trapezoid => "trapezoid",
            Shape::InvTrapezoid => "inv-trapezoid",
            Shape::Bang => "bang",
            Shape::Cloud => "cloud",
            Shape::Text => "text",
            Shape::NotchedRect => "notch-rect",
            Shape::LinedRect => "lin-rect",
            Shape::SmallCircle => "sm-circ",
            Shape::FramedCircle => "fr-circ",
            Shape::Fork => "fork",
            Shape::Hourglass => "hourglass",
            Shape::BraceLeft => "brace",
            Shape::BraceRight => "brace-r",
            Shape::Braces => "braces",
            Shape::Bolt => "bolt",
            Shape::Document => "doc",
            Shape::Delay => "delay",
            Shape::HorizontalCylinder => "h-cyl",
            Shape::LinedCylinder => "lin-cyl",
            Shape::CurvedTrapezoid => "curv-trap",
            Shape::DividedRect => "div-rect",
            Shape::Triangle => "tri",
            Shape::WindowPane => "win-pane",
            Shape::FilledCircle => "f-circ",
            Shape::NotchedPentagon => "notch-pent",
            Shape::FlippedTriangle => "flip-tri",
            Shape::SlopedRect => "sl-rect",
            Shape::StackedDocument => "docs",
            Shape::StackedRect => "st-rect",
            Shape::BowTieRect => "bow-rect",
            Shape::CrossedCircle => "cross-circ",
            Shape::TaggedDocument => "tag-doc",
            Shape::TaggedRect => "tag-rect",
            Shape::Flag => "flag",
            Shape::LinedDocument => "lin-doc",
            Shape::State => "state",
            Shape::Choice => "choice",
            Shape::Note => "note",
            Shape::Anchor => "anchor",
            Shape::Icon => "icon",
            Shape::Image => "image",
        }
    }

    /// Mermaid draws no label on these shapes.
    pub fn hides_label(self) -> bool {
        matches!(
            self,
            Shape::SmallCircle
                | Shape::FramedCircle
                | Shape::Fork
                | Shape::Hourglass
                | Shape::Bolt
                | Shape::FilledCircle
                | Shape::CrossedCircle
                | Shape::Choice
                | Shape::Anchor
        )
    }
}
