//! The drawing every family emits: a tree of groups, shapes, texts and
//! markers in SVG user units, with colours already chosen. One writer
//! ([`svg::write`]) turns it into SVG text; it alone escapes, numbers
//! ids, formats numbers, draws markers and writes the `auto` theme's hooks,
//! so no family writes SVG (or can forget to escape) itself.
//!
//! The items are close to SVG on purpose: a family says which element and
//! which presentation attributes, in which order, and the writer only
//! spells them. [`Item::Break`] is a line break in the SVG text, for
//! readable output; it draws nothing.

pub(crate) mod svg;

use crate::layout::Point;
use crate::text::TextBlock;
use crate::theme::{Role, Theme};

/// A whole drawing, `width` × `height` user units from the origin.
#[derive(Debug, Clone)]
pub(crate) struct Scene {
    /// Width of the view box.
    pub width: f32,
    /// Height of the view box.
    pub height: f32,
    /// The family, for `aria-roledescription` (`flowchart`, `sequence`).
    pub role: &'static str,
    /// `id` of the root element; every id inside is prefixed with it.
    pub id: Option<String>,
    /// Accessible title (`<title>`).
    pub title: Option<String>,
    /// Accessible description (`<desc>`).
    pub description: Option<String>,
    /// The colours' theme: with `auto`, the writer adds the dark-scheme
    /// stylesheet and the hooks items ask for.
    pub theme: Theme,
    /// The roles the family paints: the `auto` stylesheet lists these.
    pub roles: &'static [Role],
    /// With `auto`, also follow mdBook's theme classes on `<html>`.
    pub page_classes: bool,
    /// Font size of the root, in px.
    pub font_size: f32,
    /// The picture sits inline in a page: it shrinks to its column.
    pub inline: bool,
    /// Stylesheets after the theme's (the diagram's `themeCSS`, the
    /// caller's CSS), each written into a `<style>` of its own.
    pub stylesheets: Vec<String>,
    /// A background colour (CSS, already checked) painted behind all.
    pub background: Option<String>,
    /// What is drawn, in painting order.
    pub items: Vec<Item>,
}

impl Scene {
    /// An empty scene of `width` × `height` at `font_size` for the family
    /// `role` (painting `roles` in `theme`), with what every family takes
    /// from its settings `c` spelled one way for all: the root id (an
    /// empty one is none), mdBook page classes, inline sizing, the
    /// diagram's and the caller's stylesheets, and the background as a
    /// colour we write ourselves (never the text as given). The family adds
    /// its title, description and items.
    pub(crate) fn new(
        c: &crate::config::Config,
        (role, roles): (&'static str, &'static [Role]),
        theme: Theme,
        (width, height): (f32, f32),
        font_size: f32,
    ) -> Scene {
        Scene {
            width,
            height,
            role,
            id: c.svg_id.clone().filter(|id| !id.is_empty()),
            title: None,
            description: None,
            theme,
            roles,
            page_classes: c.mdbook_themes == Some(true),
            font_size,
            inline: c.inline == Some(true),
            stylesheets: [c.theme_css.clone(), c.extra_css.clone()]
                .into_iter()
                .flatten()
                .collect(),
            background: c
                .background
                .as_deref()
                .and_then(crate::theme::colour::Colour::parse)
                .filter(|c| c.a > 0.0)
                .map(|c| c.css()),
            items: Vec::new(),
        }
    }
}

/// One thing in a scene.
#[derive(Debug, Clone)]
pub(crate) enum Item {
    /// A group of items (`<g>`), maybe a link.
    Group(Group),
    /// A path, rectangle, circle or picture.
    Element(Element),
    /// Lines of text.
    Text(Text),
    /// An arrowhead or other line end.
    Marker(Marker),
    /// A line break in the SVG text.
    Break,
}

/// A group of items.
#[derive(Debug, Clone, Default)]
pub(crate) struct Group {
    /// Its `class` (what it is: `node`, `edge`, `cluster`, `actor`).
    pub class: &'static str,
    /// Its id, without the root's prefix (the writer adds it).
    pub id: Option<String>,
    /// A font size for the text inside.
    pub font_size: Option<f32>,
    /// A link the whole group is (`<a>` around it).
    pub link: Option<Link>,
    /// A tooltip (`<title>` as the first child).
    pub tooltip: Option<String>,
    /// Whether it takes keyboard focus (`tabindex="0"`), so a stylesheet
    /// can show what it hides on `:focus-within` as on `:hover`.
    pub focusable: bool,
    /// What it holds.
    pub children: Vec<Item>,
}

impl Group {
    /// An empty group of `class`.
    pub fn new(class: &'static str) -> Group {
        Group {
            class,
            ..Group::default()
        }
    }
}

/// A link target; the writer drops one whose scheme is not safe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Link {
    /// The address.
    pub href: String,
    /// `target` (`_blank`, …).
    pub target: Option<String>,
}

/// An SVG element without content.
#[derive(Debug, Clone)]
pub(crate) struct Element {
    /// Which element.
    pub tag: Tag,
    /// Presentation attributes in the order written.
    pub attrs: Vec<(&'static str, Value)>,
    /// Theme roles whose colour this element shows (the `auto` hooks).
    pub hooks: Vec<Role>,
}

impl Element {
    /// A `tag` element with no attributes yet.
    pub fn new(tag: Tag) -> Element {
        Element {
            tag,
            attrs: Vec::new(),
            hooks: Vec::new(),
        }
    }

    /// The same element with `name` set to a number.
    pub fn num(mut self, name: &'static str, v: f32) -> Element {
        self.attrs.push((name, Value::Num(v)));
        self
    }

    /// The same element with `name` set to text (escaped when written).
    pub fn text(mut self, name: &'static str, v: impl Into<String>) -> Element {
        self.attrs.push((name, Value::Text(v.into())));
        self
    }

    /// The same element with `name` set to text, when there is one.
    pub fn maybe(self, name: &'static str, v: Option<&str>) -> Element {
        match v {
            Some(v) => self.text(name, v),
            None => self,
        }
    }

    /// The same element showing the colours of `roles`.
    pub fn hooks(mut self, roles: Vec<Role>) -> Element {
        self.hooks = roles;
        self
    }
}

/// The elements a scene uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tag {
    /// `<path>`.
    Path,
    /// `<rect>`.
    Rect,
    /// `<circle>`.
    #[allow(dead_code)] // the sequence scene is the first to use it
    Circle,
    /// `<image>` (only `data:` pictures; the writer checks).
    Image,
}

/// An attribute value.
#[derive(Debug, Clone)]
pub(crate) enum Value {
    /// A number, written to two decimals.
    Num(f32),
    /// Text, escaped.
    Text(String),
}

/// Horizontal alignment of text on its `x`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    /// Text starts at `x`.
    #[allow(dead_code)] // the sequence scene is the first to use it
    Start,
    /// Text is centred on `x`.
    Middle,
    /// Text ends at `x`.
    #[allow(dead_code)] // the sequence scene is the first to use it
    End,
}

/// Lines of text in one paint.
#[derive(Debug, Clone)]
pub(crate) struct Text {
    /// Alignment of every line on its `x`.
    pub anchor: Anchor,
    /// Text colour.
    pub fill: String,
    /// Theme roles whose colour the text shows.
    pub hooks: Vec<Role>,
    /// `font-weight` for all of it.
    pub font_weight: Option<String>,
    /// `font-style` for all of it.
    pub font_style: Option<String>,
    /// A halo of this colour under the letters, masking lines behind.
    pub halo: Option<String>,
    /// The lines.
    pub lines: Vec<TextLine>,
}

/// One line of text at its baseline.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TextLine {
    /// Anchor point.
    pub x: f32,
    /// Baseline.
    pub y: f32,
    /// Pieces of the line, each plain, bold or italic.
    pub runs: Vec<Run>,
}

/// A piece of a line in one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Run {
    /// The characters.
    pub text: String,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
}

impl Text {
    /// `block` aligned by `anchor` on `x`, its first line box starting at
    /// `top`, in `fill`. Each baseline sits a little below the middle of
    /// its line box.
    pub fn block(block: &TextBlock, x: f32, top: f32, anchor: Anchor, fill: &str) -> Text {
        let lh = block.line_height();
        let lines = block
            .lines
            .iter()
            .enumerate()
            .map(|(i, line)| TextLine {
                x,
                y: top + lh * i as f32 + lh / 2.0 + block.font_size * 0.35,
                runs: line
                    .runs
                    .iter()
                    .map(|r| Run {
                        text: r.text.clone(),
                        bold: r.bold,
                        italic: r.italic,
                    })
                    .collect(),
            })
            .collect();
        Text {
            anchor,
            fill: fill.to_string(),
            hooks: Vec::new(),
            font_weight: None,
            font_style: None,
            halo: None,
            lines,
        }
    }

    /// [`Text::block`] centred on `cx`; `None` for an empty block.
    pub fn centred(block: &TextBlock, cx: f32, top: f32, fill: &str) -> Option<Text> {
        (!block.is_empty()).then(|| Text::block(block, cx, top, Anchor::Middle, fill))
    }
}

/// A line end drawn at `tip`, pointing away from `back`.
#[derive(Debug, Clone)]
pub(crate) struct Marker {
    /// Its shape.
    pub kind: MarkerKind,
    /// Where the line ends.
    pub tip: Point,
    /// A point back along the line, giving the direction.
    pub back: Point,
    /// Its colour.
    pub colour: String,
    /// Theme roles whose colour it shows.
    pub hooks: Vec<Role>,
}

/// Shapes of line ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MarkerKind {
    /// A filled triangle, 10 long and 10 wide.
    Arrow,
    /// A filled circle of radius 4.5 touching the tip.
    Circle,
    /// An `x` of two strokes centred 6 back from the tip.
    Cross,
    /// A hollow triangle 18 long and 14 wide (inheritance, realization),
    /// filled with the theme's background.
    Triangle,
    /// A filled diamond 18 long and 12 wide (composition).
    Diamond,
    /// A hollow diamond 18 long and 12 wide (aggregation).
    HollowDiamond,
    /// A hollow circle of radius 6 touching the tip (lollipop interface).
    Lollipop,
}
