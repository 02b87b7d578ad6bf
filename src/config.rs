//! Settings every family reads: Mermaid's configuration (theme, fonts,
//! spacing, a section per family) as merged from the caller's defaults,
//! the diagram's own `%%{init}%%` and front matter, and the caller's
//! overrides. Read by `crate::syntax::settings`, used by layout and drawing.

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
    /// The `state` section.
    pub state: StateConfig,
    /// The `class` section.
    pub class: ClassConfig,
    /// The `er` section.
    pub er: ErConfig,
    /// The `pie` section.
    pub pie: PieConfig,
    /// The `timeline` section.
    pub timeline: TimelineConfig,
    /// The `journey` section.
    pub journey: JourneyConfig,
}

/// User journey settings (Mermaid's `journey` config keys); `None` takes
/// Mermaid's default.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct JourneyConfig {
    /// `maxLabelWidth`: actor names in the legend wrap at this width (360).
    pub max_label_width: Option<f32>,
}

/// Pie chart settings (Mermaid's `pie` config keys); `None` takes
/// Mermaid's default.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PieConfig {
    /// `textPosition`: where a slice's percentage sits, from the centre
    /// (0) to the rim (1) (0.75).
    pub text_position: Option<f32>,
}

/// Timeline settings (Mermaid's `timeline` config keys); `None` takes
/// Mermaid's default.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TimelineConfig {
    /// `disableMulticolor`: every section in the first colour (false).
    pub disable_multicolor: Option<bool>,
}

/// ER diagram settings (Mermaid's `er` config keys); every field is
/// optional, `None` taking Mermaid's default.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ErConfig {
    /// `minEntityWidth`: the narrowest entity box (100).
    pub min_entity_width: Option<f32>,
    /// `minEntityHeight`: the lowest box of an entity without attributes (75).
    pub min_entity_height: Option<f32>,
    /// `entityPadding`: room around an entity's name (15).
    pub entity_padding: Option<f32>,
    /// `nodeSpacing`: gap between entities of one rank (140).
    pub node_spacing: Option<f32>,
    /// `rankSpacing`: gap between ranks (80).
    pub rank_spacing: Option<f32>,
    /// `diagramPadding`: margin around the drawing (20).
    pub diagram_padding: Option<f32>,
    /// `fontSize`: the ER diagram's own font size (the global one else).
    pub font_size: Option<f32>,
    /// `layoutDirection`: the direction when the diagram has no
    /// `direction` statement (TB).
    pub layout_direction: Option<crate::layout::Direction>,
}

impl ErConfig {
    /// Overlays every field that `other` sets on `self`.
    pub fn merge(&mut self, other: &ErConfig) {
        macro_rules! take {
            ($($f:ident),*) => { $( if other.$f.is_some() { self.$f = other.$f; } )* };
        }
        take!(
            min_entity_width,
            min_entity_height,
            entity_padding,
            node_spacing,
            rank_spacing,
            diagram_padding,
            font_size,
            layout_direction
        );
    }
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

/// State diagram settings (Mermaid's `state` config keys); `None` takes
/// Mermaid's default.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StateConfig {
    /// `nodeSpacing`: gap between neighbouring states of a rank (50).
    pub node_spacing: Option<f32>,
    /// `rankSpacing`: gap between ranks (50).
    pub rank_spacing: Option<f32>,
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
    /// `hideUnusedParticipants`: leave out participants no message, note
    /// or activation involves (false).
    pub hide_unused_participants: Option<bool>,
    /// `showSequenceNumbers`: number every message (false).
    pub show_sequence_numbers: Option<bool>,
    /// `wrap` (the `sequence` key or the global one): wrap long texts (false).
    pub wrap: Option<bool>,
    /// `diagramMarginX` (50).
    pub diagram_margin_x: Option<f32>,
    /// `diagramMarginY` (10).
    pub diagram_margin_y: Option<f32>,
    /// `activationWidth` (10).
    pub activation_width: Option<f32>,
    /// `noteAlign`: `left`, `center` or `right` (center).
    pub note_align: Option<String>,
    /// `actorFontWeight` (400): 600 and over, or `bold`, draws bold.
    pub actor_font_weight: Option<String>,
    /// `noteFontWeight` (400).
    pub note_font_weight: Option<String>,
    /// `messageFontWeight` (400), also frame labels.
    pub message_font_weight: Option<String>,
    /// `labelBoxWidth`: least width of a frame's keyword tab (50).
    pub label_box_width: Option<f32>,
    /// `labelBoxHeight`: least height of a frame's keyword tab (20).
    pub label_box_height: Option<f32>,
    /// `bottomMarginAdj`: extra room under the diagram (1).
    pub bottom_margin_adj: Option<f32>,
    /// `wrapPadding`: room kept on each side of a wrapped text (10).
    pub wrap_padding: Option<f32>,
    /// `forceMenus`: show participants' link menus always, not only on
    /// hover or focus (false).
    pub force_menus: Option<bool>,
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
            hide_unused_participants,
            show_sequence_numbers,
            wrap,
            diagram_margin_x,
            diagram_margin_y,
            activation_width,
            note_align,
            actor_font_weight,
            note_font_weight,
            message_font_weight,
            label_box_width,
            label_box_height,
            bottom_margin_adj,
            wrap_padding,
            force_menus
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
        self.er.merge(&other.er);
        if other.pie.text_position.is_some() {
            self.pie.text_position = other.pie.text_position;
        }
        if other.journey.max_label_width.is_some() {
            self.journey.max_label_width = other.journey.max_label_width;
        }
        if other.timeline.disable_multicolor.is_some() {
            self.timeline.disable_multicolor = other.timeline.disable_multicolor;
        }
        if other.state.node_spacing.is_some() {
            self.state.node_spacing = other.state.node_spacing;
        }
        if other.state.rank_spacing.is_some() {
            self.state.rank_spacing = other.state.rank_spacing;
        }
        for (k, v) in &other.theme_variables {
            if let Some(slot) = self.theme_variables.iter_mut().find(|(n, _)| n == k) {
                slot.1 = v.clone();
            } else {
                self.theme_variables.push((k.clone(), v.clone()));
            }
        }
    }
}
