//! The diagram model: plain data that the parser produces and every later
//! stage reads. Nothing here knows about text syntax, geometry or SVG.
//!
//! Every item the parser makes carries a [`Span`] (byte offsets into the
//! original source) so later stages can point warnings at the text.

mod shape;

pub use crate::sanitize::link_is_safe;

pub use shape::{Shape, SHAPE_NAMES};

/// A byte range `start..end` in the original source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (byte offsets).
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
}

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

/// How a label's raw text is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum LabelKind {
    /// Plain text with HTML line breaks (`<br>`) and entity codes (`#quot;`).
    #[default]
    Text,
    /// A markdown string (``"`...`"``): `**bold**`, `*italic*`, newlines,
    /// automatic wrapping.
    Markdown,
}

/// Text shown on a node, an edge or a subgraph frame, as written in the
/// source (quotes removed, nothing else decoded).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Label {
    /// The raw text, e.g. `단일 장애점<br/>Single Point of Failure`.
    pub text: String,
    /// Plain or markdown.
    pub kind: LabelKind,
    /// Where the text stands in the source.
    pub span: Span,
}

impl Label {
    /// A plain-text label.
    pub fn plain(text: impl Into<String>, span: Span) -> Self {
        Label {
            text: text.into(),
            kind: LabelKind::Text,
            span,
        }
    }
}

/// One CSS declaration from `style`, `classDef` or `linkStyle`, e.g.
/// `fill:#e8f5e8` as `("fill", "#e8f5e8")`. Both sides are trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StyleDecl {
    /// Property name, lower case (`fill`, `stroke-width`, `color`).
    pub property: String,
    /// Value as written (`#e8f5e8`, `4px`).
    pub value: String,
}

/// A `classDef name[,name] css` statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassDef {
    /// Class name (`default` applies to every node without a class).
    pub name: String,
    /// Its declarations, in source order.
    pub styles: Vec<StyleDecl>,
    /// The statement.
    pub span: Span,
}

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

/// Curve used to draw an edge's path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Curve {
    /// Uniform B-spline through the route (Mermaid's default).
    #[default]
    Basis,
    /// Straight segments.
    Linear,
    /// Axis-parallel steps.
    Step,
    /// Steps that turn at the start of each segment.
    StepBefore,
    /// Steps that turn at the end of each segment.
    StepAfter,
    /// Cardinal spline.
    Cardinal,
    /// Catmull-Rom spline.
    CatmullRom,
    /// Monotone in x.
    MonotoneX,
    /// Monotone in y.
    MonotoneY,
    /// Natural cubic spline.
    Natural,
    /// Bump curve with horizontal tangents.
    BumpX,
    /// Bump curve with vertical tangents.
    BumpY,
}

impl Curve {
    /// Parses one of Mermaid's curve names (`basis`, `linear`, `stepAfter`…).
    pub fn from_name(name: &str) -> Option<Curve> {
        Some(match name {
            "basis" => Curve::Basis,
            "linear" => Curve::Linear,
            "step" => Curve::Step,
            "stepBefore" => Curve::StepBefore,
            "stepAfter" => Curve::StepAfter,
            "cardinal" => Curve::Cardinal,
            "catmullRom" => Curve::CatmullRom,
            "monotoneX" => Curve::MonotoneX,
            "monotoneY" => Curve::MonotoneY,
            "natural" => Curve::Natural,
            "bumpX" => Curve::BumpX,
            "bumpY" => Curve::BumpY,
            _ => return None,
        })
    }
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

/// Settings from `%%{init}%%`, front matter and the caller, merged (later
/// sources win). Only what the renderer uses is kept; every field is optional
/// so the merge order stays simple.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Config {
    /// Theme name (`default`, `neutral`, `dark`, `forest`, `base`, or our
    /// `auto`: `default` switching to `dark` under a dark colour scheme).
    pub theme: Option<String>,
    /// `themeVariables` as name/value pairs, in source order.
    pub theme_variables: Vec<(String, String)>,
    /// `flowchart.curve`.
    pub curve: Option<Curve>,
    /// `flowchart.nodeSpacing`: gap between nodes of one rank.
    pub node_spacing: Option<f32>,
    /// `flowchart.rankSpacing`: gap between ranks.
    pub rank_spacing: Option<f32>,
    /// `flowchart.wrappingWidth`: node labels wrap at this width (200).
    pub wrapping_width: Option<f32>,
    /// `markdownAutoWrap`: `false` keeps markdown labels unwrapped (true).
    pub markdown_auto_wrap: Option<bool>,
    /// `htmlLabels` (or the older `flowchart.htmlLabels`): Mermaid's HTML
    /// labels, which decide how text wraps (true).
    pub html_labels: Option<bool>,
    /// `flowchart.diagramPadding`: margin around the drawing.
    pub diagram_padding: Option<f32>,
    /// `fontSize` in px.
    pub font_size: Option<f32>,
    /// `fontFamily` as a CSS font-family list (used in the SVG only).
    pub font_family: Option<String>,
    /// `themeCSS`: the diagram's own CSS, written into the SVG after the
    /// theme's.
    pub theme_css: Option<String>,
    /// CSS from the caller (the CLI's `--css FILE`), written into the SVG
    /// after `theme_css`, so it wins over the diagram's own CSS.
    pub extra_css: Option<String>,
    /// `id` of the root `<svg>` (the CLI's `--svgId`); when set, every id
    /// inside the SVG starts with it and a `-`, so several diagrams can be
    /// inlined into one HTML page without clashing ids.
    pub svg_id: Option<String>,
    /// A background painted behind the whole SVG (the CLI's
    /// `--backgroundColor` when given): any CSS colour; `transparent` or
    /// an unreadable colour paints nothing.
    pub background: Option<String>,
    /// The SVG will sit inline in an HTML page (mdBook): it scales down to
    /// its column (`max-width: 100%`, `height: auto`), its natural size the
    /// upper bound.
    pub inline: Option<bool>,
    /// With the `auto` theme, also follow mdBook's theme picker: its
    /// `light` and `rust` classes on `<html>` draw the light palette,
    /// `coal`, `navy` and `ayu` the dark one, whatever the system's mode.
    pub mdbook_themes: Option<bool>,
    /// The `sequence` section (and the global `wrap`).
    pub sequence: SequenceConfig,
    /// The `class` section.
    pub class: ClassConfig,
}

/// Class diagram settings (Mermaid's `class` config keys); every field is
/// optional, `None` taking Mermaid's default.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ClassConfig {
    /// `hierarchicalNamespaces`: dotted namespace names nest (true).
    pub hierarchical_namespaces: Option<bool>,
    /// `hideEmptyMembersBox`: a class without members shows its title
    /// band only (false).
    pub hide_empty_members_box: Option<bool>,
    /// `nodeSpacing`: gap between classes of one rank (50).
    pub node_spacing: Option<f32>,
    /// `rankSpacing`: gap between ranks (50).
    pub rank_spacing: Option<f32>,
    /// `diagramPadding`: margin around the drawing (8).
    pub diagram_padding: Option<f32>,
}

impl ClassConfig {
    /// Overlays every field that `other` sets on `self`.
    pub fn merge(&mut self, other: &ClassConfig) {
        macro_rules! take {
            ($($f:ident),*) => { $( if other.$f.is_some() { self.$f = other.$f; } )* };
        }
        take!(
            hierarchical_namespaces,
            hide_empty_members_box,
            node_spacing,
            rank_spacing,
            diagram_padding
        );
    }
}

/// Sequence diagram settings (Mermaid's `sequence` config keys); every
/// field is optional, `None` taking Mermaid's default.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SequenceConfig {
    /// `mirrorActors`: draw the participants again at the bottom (true).
    pub mirror_actors: Option<bool>,
    /// `actorMargin`: gap between participant boxes (50).
    pub actor_margin: Option<f32>,
    /// `width`: participant box width (150).
    pub width: Option<f32>,
    /// `height`: participant box height (65).
    pub height: Option<f32>,
    /// `boxMargin`: space around frames and boxes (10).
    pub box_margin: Option<f32>,
    /// `boxTextMargin`: padding of frame tab text (5).
    pub box_text_margin: Option<f32>,
    /// `noteMargin`: padding inside notes (10).
    pub note_margin: Option<f32>,
    /// `messageMargin`: vertical space between messages (35).
    pub message_margin: Option<f32>,
    /// `messageAlign`: `left`, `center` or `right` (center).
    pub message_align: Option<String>,
    /// `rightAngles`: self messages as right angles (false).
    pub right_angles: Option<bool>,
    /// `showSequenceNumbers`: number every message (false).
    pub show_sequence_numbers: Option<bool>,
    /// `wrap` (the `sequence` key or the global one): wrap long texts (false).
    pub wrap: Option<bool>,
    /// `diagramMarginX` (50).
    pub diagram_margin_x: Option<f32>,
    /// `diagramMarginY` (10).
    pub diagram_margin_y: Option<f32>,
    /// `actorFontSize` (14).
    pub actor_font_size: Option<f32>,
    /// `noteFontSize` (14).
    pub note_font_size: Option<f32>,
    /// `messageFontSize` (16).
    pub message_font_size: Option<f32>,
    /// `activationWidth` (10).
    pub activation_width: Option<f32>,
    /// `noteAlign`: `left`, `center` or `right` (center).
    pub note_align: Option<String>,
}

impl SequenceConfig {
    /// Overlays every field that `other` sets on `self`.
    pub fn merge(&mut self, other: &SequenceConfig) {
        macro_rules! take {
            ($($f:ident),*) => { $( if other.$f.is_some() { self.$f = other.$f.clone(); } )* };
        }
        take!(
            mirror_actors,
            actor_margin,
            width,
            height,
            box_margin,
            box_text_margin,
            note_margin,
            message_margin,
            message_align,
            right_angles,
            show_sequence_numbers,
            wrap,
            diagram_margin_x,
            diagram_margin_y,
            actor_font_size,
            note_font_size,
            message_font_size,
            activation_width,
            note_align
        );
    }
}

impl Config {
    /// Overlays every field that `other` sets on `self`.
    pub fn merge(&mut self, other: &Config) {
        macro_rules! take {
            ($($f:ident),*) => { $( if other.$f.is_some() { self.$f = other.$f.clone(); } )* };
        }
        take!(
            theme,
            curve,
            node_spacing,
            rank_spacing,
            wrapping_width,
            markdown_auto_wrap,
            html_labels,
            diagram_padding,
            font_size,
            font_family,
            theme_css,
            extra_css,
            svg_id,
            background,
            inline,
            mdbook_themes
        );
        self.sequence.merge(&other.sequence);
        self.class.merge(&other.class);
        for (k, v) in &other.theme_variables {
            if let Some(slot) = self.theme_variables.iter_mut().find(|(n, _)| n == k) {
                slot.1 = v.clone();
            } else {
                self.theme_variables.push((k.clone(), v.clone()));
            }
        }
    }
}

/// Something odd but not fatal, found while parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// What is odd.
    pub message: String,
    /// Where in the source, when the finding has a place (a setting the
    /// caller gave, or one the whole diagram shares, has none).
    pub span: Option<Span>,
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
