//! Colours of Mermaid's themes, overridable by `themeVariables`.
//!
//! Each theme is computed the way Mermaid computes it
//! (`packages/mermaid/src/themes/theme-*.js`): a theme's constructor sets
//! its base variables (some derived from others at that moment), then the
//! user's `themeVariables` are written over them, then the theme's
//! `updateColors` derives the rest (for flowcharts: `mainBkg`,
//! `nodeBorder`, `clusterBkg`, `clusterBorder`, `titleColor`,
//! `edgeLabelBackground`, …), and finally the user's values are written
//! again so a derived variable set by the user keeps the user's value. Only
//! the variables a flowchart or a sequence diagram uses are kept. Which variable paints what
//! follows Mermaid's flowchart stylesheet
//! (`packages/mermaid/src/diagrams/flowchart/styles.ts`).
//!
//! `auto` (our extension) is the `default` palette, with the `dark` palette
//! as its alternative under `prefers-color-scheme: dark`.

use std::fmt::Write;

pub(crate) mod colour;

use crate::config::Config;
use colour::Colour;

/// The colours one theme paints a flowchart with, as CSS colour values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Palette {
    /// Node fill (`mainBkg`).
    pub node_fill: String,
    /// Node outline (`nodeBorder`).
    pub node_stroke: String,
    /// Node label text (`nodeTextColor`, else `textColor`).
    pub node_text: String,
    /// Edge lines and arrowheads (`lineColor`).
    pub line: String,
    /// Subgraph fill (`clusterBkg`).
    pub cluster_fill: String,
    /// Subgraph outline (`clusterBorder`).
    pub cluster_stroke: String,
    /// Subgraph title (`titleColor`).
    pub cluster_title: String,
    /// Edge label background (`edgeLabelBackground`).
    pub edge_label_fill: String,
    /// Edge label text (`nodeTextColor`, else `textColor`, as in Mermaid).
    pub edge_text: String,
    /// Diagram title (`textColor`).
    pub title_text: String,
    /// The background the theme is designed for (`background`); the SVG
    /// does not paint it.
    pub background: String,
    /// The colours of sequence diagrams.
    pub sequence: SequenceColours,
    /// The colours of state diagrams beyond the node and line colours.
    pub state: StateColours,
    /// The colours of ER diagrams beyond the node and line colours.
    pub er: ErColours,
    /// The colours of pie charts.
    pub pie: PieColours,
    /// The section colours of timelines and journeys.
    pub scale: ScaleColours,
}

/// The colours charts give their sections in turn (Mermaid's `cScaleN`,
/// `cScaleLabelN` and `fillTypeN` theme variables), as CSS colour values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScaleColours {
    /// Timeline section fills (`cScale0` … `cScale11`).
    pub fills: [String; 12],
    /// Text on them (`cScaleLabel0` … `cScaleLabel11`).
    pub labels: [String; 12],
    /// Journey section fills (`fillType0` … `fillType7`).
    pub journey: [String; 8],
}

/// The colours a pie chart paints (Mermaid's `pie…` theme variables), as
/// CSS colour values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PieColours {
    /// The slices' fills in turn (`pie1` … `pie12`).
    pub slices: [String; 12],
    /// Slice outlines (`pieStrokeColor`).
    pub stroke: String,
    /// The circle around the pie (`pieOuterStrokeColor`).
    pub outer_stroke: String,
    /// The title (`pieTitleTextColor`).
    pub title: String,
    /// The percentages on the slices (`pieSectionTextColor`).
    pub section_text: String,
    /// The legend's texts (`pieLegendTextColor`).
    pub legend_text: String,
}

/// The colours an ER diagram paints beside the node and line colours
/// (Mermaid's ER theme variables), as CSS colour values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErColours {
    /// Odd attribute rows, the first one included
    /// (`attributeBackgroundColorOdd`).
    pub row_odd: String,
    /// Even attribute rows (`attributeBackgroundColorEven`).
    pub row_even: String,
}

/// The colours a state diagram paints beside the node, line and note
/// colours (Mermaid's state theme variables), as CSS colour values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateColours {
    /// Inside a composite state, below its title band
    /// (`compositeBackground`, else `background`).
    pub composite_fill: String,
    /// A concurrency region's fill (`altBackground`).
    pub region_fill: String,
    /// The dot of an end state (`innerEndBackground`, the node border).
    pub end_inner: String,
}

/// The colours one theme paints a sequence diagram with (Mermaid's
/// sequence theme variables), as CSS colour values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SequenceColours {
    /// Participant box fill (`actorBkg`).
    pub actor_fill: String,
    /// Participant box outline (`actorBorder`).
    pub actor_stroke: String,
    /// Participant label (`actorTextColor`).
    pub actor_text: String,
    /// Lifelines (`actorLineColor`).
    pub actor_line: String,
    /// Message lines and heads (`signalColor`).
    pub signal: String,
    /// Message text (`signalTextColor`).
    pub signal_text: String,
    /// Frame tab fill (`labelBoxBkgColor`).
    pub label_box_fill: String,
    /// Frame tab and frame lines (`labelBoxBorderColor`).
    pub label_box_stroke: String,
    /// Frame tab text (`labelTextColor`).
    pub label_text: String,
    /// Frame and section labels (`loopTextColor`).
    pub loop_text: String,
    /// Note fill (`noteBkgColor`).
    pub note_fill: String,
    /// Note outline (`noteBorderColor`).
    pub note_stroke: String,
    /// Note text (`noteTextColor`).
    pub note_text: String,
    /// Activation bar fill (`activationBkgColor`).
    pub activation_fill: String,
    /// Activation bar outline (`activationBorderColor`).
    pub activation_stroke: String,
    /// Sequence number text (`sequenceNumberColor`).
    pub number_text: String,
}

/// A place a theme colour is painted: one SVG property of one kind of
/// element. In `auto` each is a CSS class hook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// `fill` of node shapes.
    NodeFill,
    /// `stroke` of node shapes.
    NodeStroke,
    /// `fill` of node label text.
    NodeText,
    /// `stroke` of edge lines and cross markers.
    LineStroke,
    /// `fill` of arrowheads, circle markers and filled-circle nodes.
    LineFill,
    /// `fill` of subgraph frames.
    ClusterFill,
    /// `stroke` of subgraph frames.
    ClusterStroke,
    /// `fill` of subgraph titles.
    ClusterTitle,
    /// `stroke` of the halo under subgraph titles (the frame's fill).
    ClusterHalo,
    /// `fill` of edge label backgrounds.
    EdgeLabelFill,
    /// `fill` of edge label text.
    EdgeText,
    /// `fill` of the diagram title.
    TitleText,
    /// `fill` of sequence participant boxes.
    ActorFill,
    /// `stroke` of sequence participant boxes and figures.
    ActorStroke,
    /// `fill` of sequence participant labels.
    ActorText,
    /// `stroke` of lifelines.
    ActorLine,
    /// `stroke` of message lines and open heads.
    SignalStroke,
    /// `fill` of filled message heads and sequence number discs.
    SignalFill,
    /// `fill` of message text.
    SignalText,
    /// `fill` of frame tabs.
    LabelBoxFill,
    /// `stroke` of frame tabs, frames and section dividers.
    LabelBoxStroke,
    /// `fill` of frame tab text.
    LabelText,
    /// `fill` of frame and section labels.
    LoopText,
    /// `fill` of notes.
    NoteFill,
    /// `stroke` of notes.
    NoteStroke,
    /// `fill` of note text.
    NoteText,
    /// `fill` of activation bars.
    ActivationFill,
    /// `stroke` of activation bars.
    ActivationStroke,
    /// `fill` of sequence numbers.
    NumberText,
    /// `fill` of a composite state's inside.
    CompositeFill,
    /// `fill` of a concurrency region.
    RegionFill,
    /// `fill` of an ER entity's odd attribute rows.
    RowOdd,
    /// `fill` of an ER entity's even attribute rows.
    RowEven,
}

impl Role {
    /// The roles of a flowchart, in the order its `auto` stylesheet lists
    /// them.
    pub const FLOWCHART: [Role; 12] = [
        Role::NodeFill,
        Role::NodeStroke,
        Role::NodeText,
        Role::LineStroke,
        Role::LineFill,
        Role::ClusterFill,
        Role::ClusterStroke,
        Role::ClusterTitle,
        Role::ClusterHalo,
        Role::EdgeLabelFill,
        Role::EdgeText,
        Role::TitleText,
    ];

    /// The roles of a sequence diagram, in the order its `auto`
    /// stylesheet lists them.
    pub const SEQUENCE: [Role; 18] = [
        Role::TitleText,
        Role::ActorFill,
        Role::ActorStroke,
        Role::ActorText,
        Role::ActorLine,
        Role::SignalStroke,
        Role::SignalFill,
        Role::SignalText,
        Role::LabelBoxFill,
        Role::LabelBoxStroke,
        Role::LabelText,
        Role::LoopText,
        Role::NoteFill,
        Role::NoteStroke,
        Role::NoteText,
        Role::ActivationFill,
        Role::ActivationStroke,
        Role::NumberText,
    ];

    /// The roles of a state diagram, in the order its `auto` stylesheet
    /// lists them.
    pub const STATE: [Role; 14] = [
        Role::NodeFill,
        Role::NodeStroke,
        Role::NodeText,
        Role::LineStroke,
        Role::LineFill,
        Role::EdgeLabelFill,
        Role::EdgeText,
        Role::TitleText,
        Role::ClusterTitle,
        Role::NoteFill,
        Role::NoteStroke,
        Role::NoteText,
        Role::CompositeFill,
        Role::RegionFill,
    ];

    /// The CSS class that marks an element painted in this role.
    pub fn class(self) -> &'static str {
        match self {
            Role::NodeFill => "mr-node-fill",
            Role::NodeStroke => "mr-node-stroke",
            Role::NodeText => "mr-node-text",
            Role::LineStroke => "mr-line-stroke",
            Role::LineFill => "mr-line-fill",
            Role::ClusterFill => "mr-cluster-fill",
            Role::ClusterStroke => "mr-cluster-stroke",
            Role::ClusterTitle => "mr-cluster-title",
            Role::ClusterHalo => "mr-cluster-halo",
            Role::EdgeLabelFill => "mr-edge-label-fill",
            Role::EdgeText => "mr-edge-text",
            Role::TitleText => "mr-title-text",
            Role::ActorFill => "mr-actor-fill",
            Role::ActorStroke => "mr-actor-stroke",
            Role::ActorText => "mr-actor-text",
            Role::ActorLine => "mr-actor-line",
            Role::SignalStroke => "mr-signal-stroke",
            Role::SignalFill => "mr-signal-fill",
            Role::SignalText => "mr-signal-text",
            Role::LabelBoxFill => "mr-label-box-fill",
            Role::LabelBoxStroke => "mr-label-box-stroke",
            Role::LabelText => "mr-label-text",
            Role::LoopText => "mr-loop-text",
            Role::NoteFill => "mr-note-fill",
            Role::NoteStroke => "mr-note-stroke",
            Role::NoteText => "mr-note-text",
            Role::ActivationFill => "mr-activation-fill",
            Role::ActivationStroke => "mr-activation-stroke",
            Role::NumberText => "mr-number-text",
            Role::CompositeFill => "mr-composite-fill",
            Role::RegionFill => "mr-region-fill",
            Role::RowOdd => "mr-row-odd",
            Role::RowEven => "mr-row-even",
        }
    }

    /// The SVG property the role paints.
    pub fn property(self) -> &'static str {
        match self {
            Role::NodeStroke
            | Role::LineStroke
            | Role::ClusterStroke
            | Role::ClusterHalo
            | Role::ActorStroke
            | Role::ActorLine
            | Role::SignalStroke
            | Role::LabelBoxStroke
            | Role::NoteStroke
            | Role::ActivationStroke => "stroke",
            _ => "fill",
        }
    }
}

impl Palette {
    /// The colour painted in `role`.
    pub fn colour(&self, role: Role) -> &str {
        match role {
            Role::NodeFill => &self.node_fill,
            Role::NodeStroke => &self.node_stroke,
            Role::NodeText => &self.node_text,
            Role::LineStroke | Role::LineFill => &self.line,
            Role::ClusterFill | Role::ClusterHalo => &self.cluster_fill,
            Role::ClusterStroke => &self.cluster_stroke,
            Role::ClusterTitle => &self.cluster_title,
            Role::EdgeLabelFill => &self.edge_label_fill,
            Role::EdgeText => &self.edge_text,
            Role::TitleText => &self.title_text,
            Role::ActorFill => &self.sequence.actor_fill,
            Role::ActorStroke => &self.sequence.actor_stroke,
            Role::ActorText => &self.sequence.actor_text,
            Role::ActorLine => &self.sequence.actor_line,
            Role::SignalStroke | Role::SignalFill => &self.sequence.signal,
            Role::SignalText => &self.sequence.signal_text,
            Role::LabelBoxFill => &self.sequence.label_box_fill,
            Role::LabelBoxStroke => &self.sequence.label_box_stroke,
            Role::LabelText => &self.sequence.label_text,
            Role::LoopText => &self.sequence.loop_text,
            Role::NoteFill => &self.sequence.note_fill,
            Role::NoteStroke => &self.sequence.note_stroke,
            Role::NoteText => &self.sequence.note_text,
            Role::ActivationFill => &self.sequence.activation_fill,
            Role::ActivationStroke => &self.sequence.activation_stroke,
            Role::NumberText => &self.sequence.number_text,
            Role::CompositeFill => &self.state.composite_fill,
            Role::RegionFill => &self.state.region_fill,
            Role::RowOdd => &self.er.row_odd,
            Role::RowEven => &self.er.row_even,
        }
    }

    /// The palette of the theme `name` (Mermaid's `default` when unknown)
    /// with the user's `themeVariables` applied.
    pub fn of(name: &str, overrides: &[(String, String)]) -> Palette {
        let kind = match name {
            "dark" => Kind::Dark,
            "forest" => Kind::Forest,
            "neutral" => Kind::Neutral,
            "base" => Kind::Base,
            _ => Kind::Default,
        };
        Vars::compute(kind, overrides).palette()
    }
}

/// The colours a diagram is drawn with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    /// The palette written as presentation attributes.
    pub palette: Palette,
    /// For `auto`: the palette a dark colour scheme switches to.
    pub dark: Option<Palette>,
}

impl Theme {
    /// The theme `config` names (`default` when none or unknown), with its
    /// `themeVariables` applied; `auto` is `default` with `dark` as the
    /// dark-scheme alternative.
    pub fn from_config(config: &Config) -> Theme {
        let name = config.theme.as_deref().map(str::trim).unwrap_or("default");
        let vars = &config.theme_variables;
        if name == "auto" {
            Theme {
                palette: Palette::of("default", vars),
                dark: Some(Palette::of("dark", vars)),
            }
        } else {
            Theme {
                palette: Palette::of(name, vars),
                dark: None,
            }
        }
    }

    /// ` class="…"` naming the hooks of `roles` when the theme switches
    /// with the colour scheme, else nothing. Callers leave out the roles
    /// whose property a user style already sets, so user colours win in
    /// both schemes.
    pub fn hooks(&self, roles: &[Role]) -> String {
        if self.dark.is_none() || roles.is_empty() {
            return String::new();
        }
        let mut s = String::from(" class=\"");
        for (i, r) in roles.iter().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(r.class());
        }
        s.push('"');
        s
    }

    /// For `auto`: the class that scopes the stylesheet (put it on the
    /// root `<svg>`) and the stylesheet that repaints every hook with the
    /// dark palette under `prefers-color-scheme: dark`.
    ///
    /// The scope class is a hash of the rules, so several diagrams with
    /// different palettes can share one HTML page; `:where()` keeps the
    /// rules' specificity at one class, so a user's `themeCSS` rule such as
    /// `.node path` still wins over them.
    ///
    /// With `page_classes` (mdBook), the theme picker's classes on `<html>`
    /// win over the system's mode: `coal`, `navy` and `ayu` draw the dark
    /// palette, `light` and `rust` the light one. Those rules come after the
    /// media query at the same specificity, so they win where both apply.
    ///
    /// Only `roles`, the ones the family paints, are listed.
    pub fn dark_scheme_css(&self, roles: &[Role], page_classes: bool) -> Option<(String, String)> {
        let dark = self.dark.as_ref()?;
        let rules = |palette: &Palette, scope: &str| {
            let mut rules = String::new();
            for &role in roles {
                let _ = writeln!(
                    rules,
                    "{scope}{{scope}} .{}{{{}:{}}}",
                    role.class(),
                    role.property(),
                    palette.colour(role)
                );
            }
            rules
        };
        let scheme = rules(dark, "");
        let mut picker = String::new();
        if page_classes {
            picker.push_str(&rules(dark, ":where(html.coal, html.navy, html.ayu) "));
            picker.push_str(&rules(&self.palette, ":where(html.light, html.rust) "));
        }
        let scope = format!(
            "mr-auto-{:08x}",
            fnv1a(format!("{scheme}{picker}").as_bytes())
        );
        let css = format!("@media (prefers-color-scheme: dark) {{\n{scheme}}}\n{picker}");
        let css = css.replace("{scope}", &format!(":where(.{scope})"));
        Some((scope, css))
    }
}

/// 32-bit FNV-1a, for short deterministic scope names.
fn fnv1a(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Mermaid's classic themes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Default,
    Neutral,
    Dark,
    Forest,
    Base,
}

/// The theme variables any of our families reads, by Mermaid's names,
/// sorted (for [`slot`]). A `themeVariables` entry not listed here is
/// never read, so it is not kept.
const VARIABLES: [&str; 99] = [
    "activationBkgColor",
    "activationBorderColor",
    "actorBkg",
    "actorBorder",
    "actorLineColor",
    "actorTextColor",
    "altBackground",
    "arrowheadColor",
    "attributeBackgroundColorEven",
    "attributeBackgroundColorOdd",
    "background",
    "border1",
    "border2",
    "cScale0",
    "cScale1",
    "cScale10",
    "cScale11",
    "cScale2",
    "cScale3",
    "cScale4",
    "cScale5",
    "cScale6",
    "cScale7",
    "cScale8",
    "cScale9",
    "cScaleLabel0",
    "cScaleLabel1",
    "cScaleLabel10",
    "cScaleLabel11",
    "cScaleLabel2",
    "cScaleLabel3",
    "cScaleLabel4",
    "cScaleLabel5",
    "cScaleLabel6",
    "cScaleLabel7",
    "cScaleLabel8",
    "cScaleLabel9",
    "clusterBkg",
    "clusterBorder",
    "compositeBackground",
    "contrast",
    "defaultLinkColor",
    "edgeLabelBackground",
    "fillType0",
    "fillType1",
    "fillType2",
    "fillType3",
    "fillType4",
    "fillType5",
    "fillType6",
    "fillType7",
    "innerEndBackground",
    "labelBackground",
    "labelBoxBkgColor",
    "labelBoxBorderColor",
    "labelTextColor",
    "lineColor",
    "loopTextColor",
    "mainBkg",
    "mainContrastColor",
    "nodeBkg",
    "nodeBorder",
    "nodeTextColor",
    "noteBkgColor",
    "noteBorderColor",
    "noteTextColor",
    "pie1",
    "pie10",
    "pie11",
    "pie12",
    "pie2",
    "pie3",
    "pie4",
    "pie5",
    "pie6",
    "pie7",
    "pie8",
    "pie9",
    "pieLegendTextColor",
    "pieOuterStrokeColor",
    "pieSectionTextColor",
    "pieStrokeColor",
    "pieTitleTextColor",
    "primaryBorderColor",
    "primaryColor",
    "primaryTextColor",
    "secondBkg",
    "secondaryBorderColor",
    "secondaryColor",
    "secondaryTextColor",
    "sequenceNumberColor",
    "signalColor",
    "signalTextColor",
    "tertiaryBorderColor",
    "tertiaryColor",
    "tertiaryTextColor",
    "text",
    "textColor",
    "titleColor",
];

/// The index of variable `name` in [`VARIABLES`].
fn slot(name: &str) -> Option<usize> {
    VARIABLES.binary_search(&name).ok()
}

/// Theme variables by Mermaid's names; absent means JavaScript's
/// `undefined`. A fixed table rather than a map: a theme sets about fifty
/// variables once per diagram, and this runs at every start.
struct Vars {
    colours: [Option<Colour>; VARIABLES.len()],
    /// `darkMode`, which flips the derivations of `base`.
    dark_mode: bool,
}

impl Vars {
    /// Mermaid's `getThemeVariables(overrides)` for `kind`, as far as a
    /// flowchart needs it.
    fn compute(kind: Kind, overrides: &[(String, String)]) -> Vars {
        let mut v = Vars {
            colours: [None; VARIABLES.len()],
            dark_mode: false,
        };
        v.construct(kind);
        // Only values that are plain CSS colours are taken (Mermaid would
        // fail on anything khroma cannot parse); `darkMode` is a flag.
        let parsed: Vec<(&str, Colour)> = overrides
            .iter()
            .filter_map(|(k, val)| {
                let safe = crate::sanitize::css_value(val)?;
                Some((k.as_str(), Colour::parse(&safe)?))
            })
            .collect();
        let dark_mode = overrides
            .iter()
            .rev()
            .find(|(k, _)| k == "darkMode")
            .map(|(_, val)| val.trim() == "true");
        if let Some(d) = dark_mode {
            v.dark_mode = d;
        }
        for &(k, c) in &parsed {
            v.set(k, c);
        }
        v.update(kind);
        for &(k, c) in &parsed {
            v.set(k, c);
        }
        v
    }

    fn get(&self, name: &str) -> Option<Colour> {
        debug_assert!(slot(name).is_some(), "{name} is not in VARIABLES");
        slot(name).and_then(|i| self.colours[i])
    }

    /// The variable, or black if a theme left it undefined (none of ours
    /// does for the variables read here).
    fn at(&self, name: &str) -> Colour {
        self.get(name).unwrap_or(Colour::hex(0x000000))
    }

    /// Sets `name`; a variable no family reads is dropped.
    fn set(&mut self, name: &str, c: Colour) {
        if let Some(i) = slot(name) {
            self.colours[i] = Some(c);
        }
    }

    /// JavaScript's `this.name = this.name || value`.
    fn or_set(&mut self, name: &str, value: impl FnOnce(&Vars) -> Colour) {
        if self.get(name).is_none() {
            let c = value(self);
            self.set(name, c);
        }
    }

    /// The theme's constructor: base values, and values derived from them
    /// before any user override is seen.
    fn construct(&mut self, kind: Kind) {
        let hex = Colour::hex;
        match kind {
            // theme-default.js
            Kind::Default => {
                let primary = hex(0xececff);
                let secondary = hex(0xffffde);
                let tertiary = primary.adjust(-160.0, 0.0, 0.0);
                self.set("primaryColor", primary);
                self.set("secondaryColor", secondary);
                self.set("tertiaryColor", tertiary);
                self.set("primaryBorderColor", primary.border(false));
                self.set("secondaryBorderColor", secondary.border(false));
                self.set("tertiaryBorderColor", tertiary.border(false));
                self.set("primaryTextColor", primary.invert());
                self.set("secondaryTextColor", secondary.invert());
                self.set("tertiaryTextColor", tertiary.invert());
                self.set("background", hex(0xffffff));
                self.set("mainBkg", hex(0xececff));
                self.set("secondBkg", hex(0xffffde));
                self.set("lineColor", hex(0x333333));
                self.set("border1", hex(0x9370db));
                self.set("border2", hex(0xaaaa33));
                self.set("arrowheadColor", hex(0x333333));
                self.set("labelBackground", Colour::rgba(232, 232, 232, 0.8));
                self.set("textColor", hex(0x333333));
                self.set("actorTextColor", hex(0x000000));
                self.set("noteBkgColor", hex(0xfff5ad));
                self.set("activationBorderColor", hex(0x666666));
                self.set("activationBkgColor", hex(0xf4f4f4));
                self.set("sequenceNumberColor", hex(0xffffff));
            }
            // theme-neutral.js
            Kind::Neutral => {
                let primary = hex(0xeeeeee);
                let contrast = hex(0x707070);
                let secondary = contrast.lighten(55.0);
                let background = hex(0xffffff);
                let tertiary = primary.adjust(-160.0, 0.0, 0.0);
                self.set("primaryColor", primary);
                self.set("contrast", contrast);
                self.set("secondaryColor", secondary);
                self.set("background", background);
                self.set("tertiaryColor", tertiary);
                self.set("primaryBorderColor", primary.border(false));
                self.set("secondaryBorderColor", secondary.border(false));
                self.set("tertiaryBorderColor", tertiary.border(false));
                self.set("primaryTextColor", primary.invert());
                self.set("secondaryTextColor", secondary.invert());
                self.set("tertiaryTextColor", tertiary.invert());
                self.set("textColor", background.invert());
                self.set("mainBkg", hex(0xeeeeee));
                self.set("lineColor", hex(0x666666));
                self.set("border1", hex(0x999999));
                self.set("text", hex(0x333333));
                self.set("arrowheadColor", hex(0x333333));
                self.set("edgeLabelBackground", hex(0xffffff));
                self.set("activationBorderColor", hex(0x666666));
                self.set("activationBkgColor", hex(0xf4f4f4));
                self.set("sequenceNumberColor", hex(0xffffff));
            }
            // theme-dark.js
            Kind::Dark => {
                let background = hex(0x333333);
                let primary = hex(0x1f2020);
                let secondary = primary.lighten(16.0);
                let tertiary = primary.adjust(-160.0, 0.0, 0.0);
                self.set("background", background);
                self.set("primaryColor", primary);
                self.set("secondaryColor", secondary);
                self.set("tertiaryColor", tertiary);
                self.set("primaryBorderColor", background.invert());
                self.set("secondaryBorderColor", secondary.border(false));
                self.set("tertiaryBorderColor", tertiary.border(false));
                self.set("primaryTextColor", primary.invert());
                self.set("secondaryTextColor", secondary.invert());
                self.set("tertiaryTextColor", tertiary.invert());
                self.set("mainBkg", hex(0x1f2020));
                self.set("mainContrastColor", hex(0xd3d3d3)); // lightgrey
                self.set("border1", hex(0xcccccc));
                self.set("border2", Colour::rgba(255, 255, 255, 0.25));
                self.set("labelBackground", hex(0x181818));
                self.set("textColor", hex(0xcccccc));
                self.set("titleColor", hex(0xf9fffe));
                self.set("noteBkgColor", hex(0xfff5ad));
                self.set("sequenceNumberColor", hex(0x000000));
            }
            // theme-forest.js
            Kind::Forest => {
                let primary = hex(0xcde498);
                let secondary = hex(0xcdffb2);
                let background = hex(0xffffff);
                let tertiary = hex(0xcde498).lighten(10.0);
                self.set("background", background);
                self.set("primaryColor", primary);
                self.set("secondaryColor", secondary);
                self.set("mainBkg", hex(0xcde498));
                self.set("secondBkg", hex(0xcdffb2));
                self.set("border1", hex(0x13540c));
                self.set("border2", hex(0x6eaa49));
                self.set("arrowheadColor", hex(0x008000)); // green
                self.set("tertiaryColor", tertiary);
                self.set("primaryBorderColor", primary.border(false));
                self.set("secondaryBorderColor", secondary.border(false));
                self.set("tertiaryBorderColor", tertiary.border(false));
                self.set("primaryTextColor", primary.invert());
                self.set("secondaryTextColor", secondary.invert());
                self.set("tertiaryTextColor", primary.invert());
                // `lineColor = 'green'` comes first and is then replaced.
                self.set("lineColor", background.invert());
                self.set("textColor", background.invert());
                self.set("titleColor", hex(0x333333));
                self.set("edgeLabelBackground", hex(0xe8e8e8));
                self.set("actorTextColor", hex(0x000000));
                self.set("signalColor", hex(0x333333));
                self.set("signalTextColor", hex(0x333333));
                self.set("labelBoxBorderColor", hex(0x326932));
                self.set("noteBkgColor", hex(0xfff5ad));
                self.set("activationBorderColor", hex(0x666666));
                self.set("activationBkgColor", hex(0xf4f4f4));
                self.set("sequenceNumberColor", hex(0xffffff));
            }
            // theme-base.js
            Kind::Base => {
                self.set("background", hex(0xf4f4f4));
                self.set("primaryColor", hex(0xfff4dd));
                self.set("noteBkgColor", hex(0xfff5ad));
                self.set("noteTextColor", hex(0x333333));
            }
        }
    }

    /// The theme's `updateColors`, for the variables a flowchart reads.
    fn update(&mut self, kind: Kind) {
        let copy = |v: &mut Vars, to: &str, from: &str| {
            let c = v.at(from);
            v.set(to, c);
        };
        match kind {
            Kind::Default => {
                copy(self, "nodeBkg", "mainBkg");
                copy(self, "nodeBorder", "border1");
                copy(self, "clusterBkg", "secondBkg");
                copy(self, "clusterBorder", "border2");
                copy(self, "defaultLinkColor", "lineColor");
                copy(self, "titleColor", "textColor");
                copy(self, "edgeLabelBackground", "labelBackground");
                copy(self, "actorBorder", "border1");
                copy(self, "actorBkg", "mainBkg");
                copy(self, "labelBoxBkgColor", "actorBkg");
                copy(self, "signalColor", "textColor");
                copy(self, "signalTextColor", "textColor");
                copy(self, "labelBoxBorderColor", "actorBorder");
                copy(self, "labelTextColor", "actorTextColor");
                copy(self, "loopTextColor", "actorTextColor");
                copy(self, "noteBorderColor", "border2");
                copy(self, "noteTextColor", "actorTextColor");
                // Mermaid 11.17: lifelines take the participant border.
                copy(self, "actorLineColor", "actorBorder");
            }
            Kind::Neutral => {
                let second = self.at("contrast").lighten(55.0);
                self.set("secondBkg", second);
                copy(self, "border2", "contrast");
                copy(self, "nodeBkg", "mainBkg");
                copy(self, "nodeBorder", "border1");
                copy(self, "clusterBkg", "secondBkg");
                copy(self, "clusterBorder", "border2");
                copy(self, "defaultLinkColor", "lineColor");
                copy(self, "titleColor", "text");
                let border = self.at("border1").lighten(23.0);
                self.set("actorBorder", border);
                copy(self, "actorBkg", "mainBkg");
                copy(self, "actorTextColor", "text");
                copy(self, "actorLineColor", "actorBorder");
                copy(self, "signalColor", "text");
                copy(self, "signalTextColor", "text");
                copy(self, "labelBoxBkgColor", "actorBkg");
                copy(self, "labelBoxBorderColor", "actorBorder");
                copy(self, "labelTextColor", "text");
                copy(self, "loopTextColor", "text");
                self.set("noteBorderColor", Colour::hex(0x999999));
                self.set("noteBkgColor", Colour::hex(0x666666));
                self.set("noteTextColor", Colour::hex(0xffffff));
            }
            Kind::Dark => {
                let second = self.at("mainBkg").lighten(16.0);
                self.set("secondBkg", second);
                copy(self, "lineColor", "mainContrastColor");
                copy(self, "arrowheadColor", "mainContrastColor");
                copy(self, "nodeBkg", "mainBkg");
                copy(self, "nodeBorder", "border1");
                copy(self, "clusterBkg", "secondBkg");
                copy(self, "clusterBorder", "border2");
                copy(self, "defaultLinkColor", "lineColor");
                let label = self.at("labelBackground").lighten(25.0);
                self.set("edgeLabelBackground", label);
                copy(self, "actorBorder", "border1");
                copy(self, "actorBkg", "mainBkg");
                copy(self, "actorLineColor", "actorBorder");
                for to in [
                    "actorTextColor",
                    "signalColor",
                    "signalTextColor",
                    "labelTextColor",
                    "loopTextColor",
                ] {
                    copy(self, to, "mainContrastColor");
                }
                copy(self, "labelBoxBkgColor", "actorBkg");
                copy(self, "labelBoxBorderColor", "actorBorder");
                copy(self, "noteBorderColor", "secondaryBorderColor");
                copy(self, "noteBkgColor", "secondBkg");
                copy(self, "noteTextColor", "secondaryTextColor");
                copy(self, "activationBorderColor", "border1");
                copy(self, "activationBkgColor", "secondBkg");
            }
            Kind::Forest => {
                let border = self.at("mainBkg").darken(20.0);
                self.set("actorBorder", border);
                copy(self, "actorBkg", "mainBkg");
                copy(self, "actorLineColor", "actorBorder");
                copy(self, "labelBoxBkgColor", "actorBkg");
                copy(self, "labelTextColor", "actorTextColor");
                copy(self, "loopTextColor", "actorTextColor");
                copy(self, "noteBorderColor", "border2");
                copy(self, "noteTextColor", "actorTextColor");
                copy(self, "nodeBkg", "mainBkg");
                copy(self, "nodeBorder", "border1");
                copy(self, "clusterBkg", "secondBkg");
                copy(self, "clusterBorder", "border2");
                copy(self, "defaultLinkColor", "lineColor");
            }
            Kind::Base => {
                let dark = self.dark_mode;
                self.or_set("primaryTextColor", |_| {
                    Colour::hex(if dark { 0xeeeeee } else { 0x333333 })
                });
                self.or_set("secondaryColor", |v| {
                    v.at("primaryColor").adjust(-120.0, 0.0, 0.0)
                });
                self.or_set("tertiaryColor", |v| {
                    v.at("primaryColor").adjust(180.0, 0.0, 5.0)
                });
                self.or_set("primaryBorderColor", |v| v.at("primaryColor").border(dark));
                self.or_set("secondaryBorderColor", |v| {
                    v.at("secondaryColor").border(dark)
                });
                self.or_set("tertiaryBorderColor", |v| {
                    v.at("tertiaryColor").border(dark)
                });
                self.or_set("secondaryTextColor", |v| v.at("secondaryColor").invert());
                self.or_set("tertiaryTextColor", |v| v.at("tertiaryColor").invert());
                self.or_set("lineColor", |v| v.at("background").invert());
                self.or_set("arrowheadColor", |v| v.at("background").invert());
                self.or_set("textColor", |v| v.at("primaryTextColor"));
                self.or_set("border2", |v| v.at("tertiaryBorderColor"));
                self.or_set("nodeBkg", |v| v.at("primaryColor"));
                self.or_set("mainBkg", |v| v.at("primaryColor"));
                self.or_set("nodeBorder", |v| v.at("primaryBorderColor"));
                self.or_set("clusterBkg", |v| v.at("tertiaryColor"));
                self.or_set("clusterBorder", |v| v.at("tertiaryBorderColor"));
                self.or_set("defaultLinkColor", |v| v.at("lineColor"));
                self.or_set("titleColor", |v| v.at("tertiaryTextColor"));
                self.or_set("edgeLabelBackground", |v| {
                    let s = v.at("secondaryColor");
                    if dark {
                        s.darken(30.0)
                    } else {
                        s
                    }
                });
                self.or_set("nodeTextColor", |v| v.at("primaryTextColor"));
                self.or_set("noteBorderColor", |v| v.at("noteBkgColor").border(dark));
                self.or_set("actorBorder", |v| v.at("primaryBorderColor"));
                self.or_set("actorBkg", |v| v.at("mainBkg"));
                self.or_set("actorTextColor", |v| v.at("primaryTextColor"));
                self.or_set("actorLineColor", |v| v.at("actorBorder"));
                self.or_set("labelBoxBkgColor", |v| v.at("actorBkg"));
                self.or_set("signalColor", |v| v.at("textColor"));
                self.or_set("signalTextColor", |v| v.at("textColor"));
                self.or_set("labelBoxBorderColor", |v| v.at("actorBorder"));
                self.or_set("labelTextColor", |v| v.at("actorTextColor"));
                self.or_set("loopTextColor", |v| v.at("actorTextColor"));
                self.or_set("activationBorderColor", |v| {
                    v.at("secondaryColor").darken(10.0)
                });
                self.or_set("activationBkgColor", |v| v.at("secondaryColor"));
                self.or_set("sequenceNumberColor", |v| v.at("lineColor").invert());
            }
        }
    }

    /// The section colours: each `cScaleN` the user did not set turns
    /// the primary colour's hue (the first three are the primary,
    /// secondary and tertiary colours), each `fillTypeN` alternates the
    /// primary and secondary colours turned by 64° steps, as Mermaid's
    /// themes do; labels in the text colour.
    fn scale(&self) -> ScaleColours {
        let primary = self.at("primaryColor");
        let secondary = self.at("secondaryColor");
        let tertiary = self.at("tertiaryColor");
        let hues = [
            0.0, 0.0, 0.0, 30.0, 60.0, 90.0, 120.0, 150.0, 210.0, 270.0, 300.0, 330.0,
        ];
        let label = self.at("textColor");
        let fills = std::array::from_fn(|k| {
            let derived = match k {
                0 => primary,
                1 => secondary,
                2 => tertiary,
                _ => primary.adjust(hues[k], 0.0, 0.0),
            };
            self.get(&format!("cScale{k}")).unwrap_or(derived).css()
        });
        let labels =
            std::array::from_fn(|k| self.get(&format!("cScaleLabel{k}")).unwrap_or(label).css());
        let journey = std::array::from_fn(|k| {
            let base = if k % 2 == 0 { primary } else { secondary };
            let turn = [0.0, 64.0, -64.0, 128.0][k / 2];
            self.get(&format!("fillType{k}"))
                .unwrap_or(base.adjust(turn, 0.0, 0.0))
                .css()
        });
        ScaleColours {
            fills,
            labels,
            journey,
        }
    }

    /// The pie colours: each `pieN` the user did not set is derived from
    /// the theme's primary, secondary and tertiary colours, turning the
    /// hue and darkening as Mermaid's themes do; strokes black, texts in
    /// the text colour.
    fn pie(&self) -> PieColours {
        let primary = self.at("primaryColor");
        let secondary = self.at("secondaryColor");
        let tertiary = self.at("tertiaryColor");
        let derived = [
            primary,
            secondary,
            tertiary.adjust(0.0, 0.0, -40.0),
            primary.adjust(0.0, 0.0, -10.0),
            secondary.adjust(0.0, 0.0, -30.0),
            tertiary.adjust(0.0, 0.0, -20.0),
            primary.adjust(60.0, 0.0, -20.0),
            primary.adjust(-60.0, 0.0, -40.0),
            primary.adjust(120.0, 0.0, -40.0),
            primary.adjust(60.0, 0.0, -40.0),
            primary.adjust(-90.0, 0.0, -40.0),
            primary.adjust(120.0, 0.0, -30.0),
        ];
        let names = [
            "pie1", "pie2", "pie3", "pie4", "pie5", "pie6", "pie7", "pie8", "pie9", "pie10",
            "pie11", "pie12",
        ];
        let text = self.at("textColor");
        let or = |name: &str, c: Colour| self.get(name).unwrap_or(c).css();
        PieColours {
            slices: std::array::from_fn(|k| or(names[k], derived[k])),
            stroke: or("pieStrokeColor", Colour::hex(0x000000)),
            outer_stroke: or("pieOuterStrokeColor", Colour::hex(0x000000)),
            title: or("pieTitleTextColor", text),
            section_text: or("pieSectionTextColor", text),
            legend_text: or("pieLegendTextColor", text),
        }
    }

    /// Which variable paints what, after the flowchart stylesheet: node
    /// shapes `mainBkg`/`nodeBorder`, labels `nodeTextColor || textColor`,
    /// edges and markers `lineColor`, frames `clusterBkg`/`clusterBorder`,
    /// frame titles `titleColor`, the diagram title `textColor`.
    fn palette(&self) -> Palette {
        let label = self
            .get("nodeTextColor")
            .unwrap_or_else(|| self.at("textColor"));
        Palette {
            node_fill: self.at("mainBkg").css(),
            node_stroke: self.at("nodeBorder").css(),
            node_text: label.css(),
            line: self.at("lineColor").css(),
            cluster_fill: self.at("clusterBkg").css(),
            cluster_stroke: self.at("clusterBorder").css(),
            cluster_title: self.at("titleColor").css(),
            edge_label_fill: self.at("edgeLabelBackground").css(),
            edge_text: label.css(),
            title_text: self.at("textColor").css(),
            background: self.at("background").css(),
            sequence: SequenceColours {
                actor_fill: self.at("actorBkg").css(),
                actor_stroke: self.at("actorBorder").css(),
                actor_text: self.at("actorTextColor").css(),
                actor_line: self.at("actorLineColor").css(),
                signal: self.at("signalColor").css(),
                signal_text: self.at("signalTextColor").css(),
                label_box_fill: self.at("labelBoxBkgColor").css(),
                label_box_stroke: self.at("labelBoxBorderColor").css(),
                label_text: self.at("labelTextColor").css(),
                loop_text: self.at("loopTextColor").css(),
                note_fill: self.at("noteBkgColor").css(),
                note_stroke: self.at("noteBorderColor").css(),
                note_text: self.at("noteTextColor").css(),
                activation_fill: self.at("activationBkgColor").css(),
                activation_stroke: self.at("activationBorderColor").css(),
                number_text: self.at("sequenceNumberColor").css(),
            },
            state: StateColours {
                composite_fill: self
                    .get("compositeBackground")
                    .unwrap_or_else(|| self.at("background"))
                    .css(),
                region_fill: self
                    .get("altBackground")
                    .unwrap_or_else(|| {
                        let bg = self.at("background");
                        if self.dark_mode || bg.r + bg.g + bg.b < 1.5 * 255.0 {
                            self.at("background").lighten(10.0)
                        } else {
                            Colour::hex(0xf0f0f0)
                        }
                    })
                    .css(),
                end_inner: self
                    .get("innerEndBackground")
                    .unwrap_or_else(|| self.at("nodeBorder"))
                    .css(),
            },
            er: {
                // Mermaid's light themes use white and light grey rows;
                // on a dark background the rows are lightened background.
                let bg = self.at("background");
                let dark = self.dark_mode || bg.r + bg.g + bg.b < 1.5 * 255.0;
                let (odd, even) = if dark {
                    (bg.lighten(12.0), bg.lighten(2.0))
                } else {
                    (Colour::hex(0xffffff), Colour::hex(0xf2f2f2))
                };
                ErColours {
                    row_odd: self.get("attributeBackgroundColorOdd").unwrap_or(odd).css(),
                    row_even: self
                        .get("attributeBackgroundColorEven")
                        .unwrap_or(even)
                        .css(),
                }
            },
            pie: self.pie(),
            scale: self.scale(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_are_sorted_for_the_binary_search() {
        assert!(VARIABLES.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(
            slot("primaryColor").map(|i| VARIABLES[i]),
            Some("primaryColor")
        );
        assert_eq!(slot("noSuchVariable"), None);
    }

    fn vars(kind: Kind, overrides: &[(&str, &str)]) -> Vars {
        let o: Vec<(String, String)> = overrides
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Vars::compute(kind, &o)
    }

    #[test]
    fn base_derives_borders_from_the_primary_colour() {
        let v = vars(Kind::Base, &[("primaryColor", "#ff0000")]);
        // mkBorder(#ff0000) = hsl(0, 60%, 40%) = rgb(163.2, 40.8, 40.8).
        assert_eq!(v.at("nodeBorder").css(), "#a32929");
        // secondaryColor = hue - 120 = blue, the edge label background.
        assert_eq!(v.at("edgeLabelBackground").css(), "#0000ff");
    }

    #[test]
    fn a_derived_variable_set_by_the_user_keeps_the_users_value() {
        let v = vars(Kind::Dark, &[("lineColor", "#123456")]);
        assert_eq!(v.at("lineColor").css(), "#123456");
        let v = vars(
            Kind::Base,
            &[("primaryColor", "#ff0000"), ("nodeBorder", "blue")],
        );
        assert_eq!(v.at("nodeBorder").css(), "#0000ff");
    }

    #[test]
    fn unusable_overrides_are_ignored() {
        let v = vars(
            Kind::Default,
            &[("mainBkg", "url(#x)"), ("border1", "nonsense")],
        );
        assert_eq!(v.at("mainBkg").css(), "#ececff");
        assert_eq!(v.at("nodeBorder").css(), "#9370db");
    }

    #[test]
    fn the_auto_stylesheet_is_scoped_and_deterministic() {
        let config = Config {
            theme: Some("auto".into()),
            ..Config::default()
        };
        let t = Theme::from_config(&config);
        let (scope, css) = t.dark_scheme_css(&Role::FLOWCHART, false).unwrap();
        assert!(scope.starts_with("mr-auto-") && scope.len() == 16);
        assert!(css.starts_with("@media (prefers-color-scheme: dark) {"));
        assert!(css.contains(&format!(":where(.{scope}) .mr-node-fill{{fill:#1f2020}}")));
        assert_eq!(
            Theme::from_config(&config)
                .dark_scheme_css(&Role::FLOWCHART, false)
                .unwrap()
                .1,
            css
        );
        assert_eq!(
            t.hooks(&[Role::NodeFill, Role::NodeStroke]),
            " class=\"mr-node-fill mr-node-stroke\""
        );
        // mdBook's picker: its dark themes switch, its light ones switch back,
        // after the media query; another scope, so both can share a page.
        let (picker_scope, picker) = t.dark_scheme_css(&Role::FLOWCHART, true).unwrap();
        assert_ne!(picker_scope, scope);
        let media_end = picker.find("}\n:where(html").unwrap();
        let dark_rule = format!(":where(html.coal, html.navy, html.ayu) :where(.{picker_scope}) .mr-node-fill{{fill:#1f2020}}");
        let light_rule = format!(
            ":where(html.light, html.rust) :where(.{picker_scope}) .mr-node-fill{{fill:#ececff}}"
        );
        assert!(
            picker.find(&dark_rule).is_some_and(|at| at > media_end),
            "{picker}"
        );
        assert!(
            picker.find(&light_rule).is_some_and(|at| at > media_end),
            "{picker}"
        );
        let plain = Theme::from_config(&Config::default());
        assert!(
            plain.dark_scheme_css(&Role::FLOWCHART, false).is_none()
                && plain.hooks(&[Role::NodeFill]).is_empty()
        );
    }
}
