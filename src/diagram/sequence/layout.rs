//! Sequence diagram geometry: participants in columns, events in rows.
//!
//! Three passes over the model, each linear in its size:
//!
//! 1. **Measure** every text (participant labels, messages, notes, frame
//!    labels) with the bundled font, wrapping where `wrap` asks.
//! 2. **Columns.** Each lifeline's x is the longest path through
//!    "at least this far apart" constraints that all point left to right:
//!    neighbours keep their boxes and `actorMargin` apart, a message's text
//!    fits between its two lifelines, a note beside a lifeline fits before
//!    the next one, a frame's tab and label fit inside it, a box's title
//!    fits over its members. Constraints are grouped by their right end,
//!    so one sweep places every column.
//! 3. **Rows.** A cursor runs down the events: every message, note, frame
//!    edge and section gets a row of its own, tall enough for its text, so
//!    texts never share a row; activations, creations and destructions
//!    mark the rows they happen at.
//!
//! Everything is then moved right so the leftmost item sits at
//! `diagramMarginX`. Layout never fails.

use super::model::{
    Arrow, BlockKind, EventKind, NotePlacement, ParticipantKind, Sequence, Text as ModelText,
};
use crate::layout::{Point, Rect};
use crate::config::Config;
use crate::text::LabelKind;
use crate::text::{layout_text, wrap_block, TextBlock, Wrap};

/// Mermaid's `sequence` settings with their defaults filled in.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Settings {
    pub mirror_actors: bool,
    pub actor_margin: f32,
    pub width: f32,
    pub height: f32,
    pub box_margin: f32,
    pub box_text_margin: f32,
    pub note_margin: f32,
    pub message_margin: f32,
    pub message_align: Align,
    pub note_align: Align,
    pub right_angles: bool,
    pub show_sequence_numbers: bool,
    pub wrap: bool,
    pub diagram_margin_x: f32,
    pub diagram_margin_y: f32,
    pub actor_font_size: f32,
    pub note_font_size: f32,
    pub message_font_size: f32,
    pub activation_width: f32,
    /// Participant labels (and their menus) in bold (`actorFontWeight`).
    pub actor_bold: bool,
    /// Notes in bold (`noteFontWeight`).
    pub note_bold: bool,
    /// Messages and frame labels in bold (`messageFontWeight`).
    pub message_bold: bool,
    pub label_box_width: f32,
    pub label_box_height: f32,
    pub bottom_margin_adj: f32,
    pub wrap_padding: f32,
    pub force_menus: bool,
}

/// Whether a CSS font weight draws with the bold face: we bundle a regular
/// and a bold face, so `bold`, `bolder` and 600 and over are bold and the
/// rest regular.
fn is_bold(weight: Option<&str>) -> bool {
    match weight.map(str::trim) {
        Some("bold" | "bolder") => true,
        Some(w) => w.parse::<f32>().is_ok_and(|w| w >= 600.0),
        None => false,
    }
}

/// Horizontal placement of a text in the room it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
    Right,
}

impl Align {
    fn from_name(name: Option<&str>) -> Align {
        match name.map(str::trim) {
            Some("left") => Align::Left,
            Some("right") => Align::Right,
            _ => Align::Center,
        }
    }
}

impl Settings {
    /// `config`'s `sequence` section over Mermaid's defaults; sizes are
    /// clamped to sane ranges so no setting can make the layout degenerate.
    ///
    /// Texts take the diagram's `fontSize` (16), as Mermaid 11 draws them:
    /// its global font size overrides `actorFontSize`, `noteFontSize` and
    /// `messageFontSize` (checked with Mermaid 11.17.2), so we read no
    /// such keys.
    pub fn from_config(config: &Config) -> Settings {
        let c = &config.sequence;
        let size = |v: Option<f32>, default: f32, lo: f32, hi: f32| {
            v.filter(|v| v.is_finite()).unwrap_or(default).clamp(lo, hi)
        };
        let text_size = config.font_size.filter(|v| v.is_finite());
        Settings {
            mirror_actors: c.mirror_actors.unwrap_or(true),
            actor_margin: size(c.actor_margin, 50.0, 0.0, 2000.0),
            width: size(c.width, 150.0, 10.0, 2000.0),
            height: size(c.height, 65.0, 10.0, 2000.0),
            box_margin: size(c.box_margin, 10.0, 0.0, 500.0),
            box_text_margin: size(c.box_text_margin, 5.0, 0.0, 500.0),
            note_margin: size(c.note_margin, 10.0, 0.0, 500.0),
            message_margin: size(c.message_margin, 35.0, 0.0, 2000.0),
            message_align: Align::from_name(c.message_align.as_deref()),
            note_align: Align::from_name(c.note_align.as_deref()),
            right_angles: c.right_angles.unwrap_or(false),
            show_sequence_numbers: c.show_sequence_numbers.unwrap_or(false),
            wrap: c.wrap.unwrap_or(false),
            diagram_margin_x: size(c.diagram_margin_x, 50.0, 0.0, 2000.0),
            diagram_margin_y: size(c.diagram_margin_y, 10.0, 0.0, 2000.0),
            actor_font_size: size(text_size, 16.0, 1.0, 200.0),
            note_font_size: size(text_size, 16.0, 1.0, 200.0),
            message_font_size: size(text_size, 16.0, 1.0, 200.0),
            activation_width: size(c.activation_width, 10.0, 1.0, 200.0),
            actor_bold: is_bold(c.actor_font_weight.as_deref()),
            note_bold: is_bold(c.note_font_weight.as_deref()),
            message_bold: is_bold(c.message_font_weight.as_deref()),
            label_box_width: size(c.label_box_width, 50.0, 0.0, 2000.0),
            label_box_height: size(c.label_box_height, 20.0, 0.0, 2000.0),
            bottom_margin_adj: size(c.bottom_margin_adj, 1.0, -1000.0, 2000.0),
            wrap_padding: size(c.wrap_padding, 10.0, 0.0, 2000.0),
            force_menus: c.force_menus.unwrap_or(false),
        }
    }
}

/// Room between a message's text and the lifelines it runs between.
const TEXT_PAD: f32 = 12.0;
/// Width and height of a self message's loop.
const LOOP_W: f32 = 30.0;
const LOOP_H: f32 = 20.0;
/// Height of the symbol above the label of stick figures and UML shapes.
pub(crate) const SYMBOL_H: f32 = 44.0;

/// Half the width of the widest symbol (actor, boundary, control, entity,
/// database): where a message to a created or destroyed one ends.
const SYMBOL_HALF_W: f32 = 20.0;
/// Space between a frame's tab and its label.
const TAB_GAP: f32 = 10.0;
/// Radius of a sequence number's disc.
pub(crate) const NUMBER_R: f32 = 8.0;
/// Font size of sequence numbers.
pub(crate) const NUMBER_FONT: f32 = 12.0;

/// The control points of a curved self-message loop `w` wide and `h` tall
/// that starts at `from` (the scene draws it, the layout JSON flattens it).
pub(crate) fn loop_controls(from: Point, w: f32, h: f32) -> (Point, Point) {
    (
        Point::new(from.x + w * 1.6, from.y - h * 0.4),
        Point::new(from.x + w * 1.6, from.y + h * 1.4),
    )
}

/// Text set in a box: the measured block and where its lines go. The box
/// is exactly the text's extent (`width` × `height` of the block).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Label {
    pub block: TextBlock,
    pub rect: Rect,
    pub align: Align,
}

impl Label {
    fn new(block: TextBlock, x: f32, y: f32, align: Align) -> Label {
        let rect = Rect {
            x,
            y,
            width: block.width,
            height: block.height,
        };
        Label { block, rect, align }
    }
}

/// Where a participant's head is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HeadPlace {
    Top,
    /// On the row of the message that creates the participant.
    Created,
    /// On the row of the message that destroys it, where its lifeline
    /// ends (Mermaid draws no box at the bottom then).
    Destroyed,
    Bottom,
}

/// A participant's box or symbol with its label.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Head {
    pub participant: usize,
    pub kind: ParticipantKind,
    pub place: HeadPlace,
    /// The whole head (box, or symbol and label).
    pub rect: Rect,
    pub label: Label,
}

/// A lifeline from below its head to where it ends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Lifeline {
    pub participant: usize,
    pub x: f32,
    pub top: f32,
    pub bottom: f32,
}

/// A `box` around participant columns.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GroupBox {
    pub index: usize,
    pub rect: Rect,
    pub label: Option<Label>,
}

/// A frame (`loop`, `alt`, …) or a `rect` background.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Frame {
    pub kind: BlockKind,
    /// Index of the `BlockStart` event.
    pub event: usize,
    /// Nesting depth, 0 outermost.
    pub depth: usize,
    pub rect: Rect,
    /// The tab in the top-left corner and its keyword (not for `rect`).
    pub tab: Option<(Rect, Label)>,
    /// The `[label]` of the first section.
    pub label: Option<Label>,
    /// Further sections: the divider's y and the section's label.
    pub sections: Vec<(f32, Option<Label>)>,
}

/// An activation bar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Activation {
    pub participant: usize,
    pub depth: usize,
    pub rect: Rect,
}

/// A note.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NoteBox {
    pub event: usize,
    pub rect: Rect,
    pub label: Label,
}

/// A message arrow.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Signal {
    pub event: usize,
    pub arrow: Arrow,
    /// Where the line starts (the sender's side) and ends.
    pub from: Point,
    pub to: Point,
    /// A self message: the loop's width and height to the right of `from`.
    pub self_loop: Option<(f32, f32)>,
    pub label: Option<Label>,
    /// The sequence number's disc centre and text.
    pub number: Option<(Point, Label)>,
    /// Small circles of `()` central connections.
    pub central_from: bool,
    pub central_to: bool,
}

/// The laid-out diagram, in SVG user units.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Geometry {
    pub width: f32,
    pub height: f32,
    pub title: Option<Label>,
    pub boxes: Vec<GroupBox>,
    pub frames: Vec<Frame>,
    pub lifelines: Vec<Lifeline>,
    pub activations: Vec<Activation>,
    pub signals: Vec<Signal>,
    pub notes: Vec<NoteBox>,
    pub heads: Vec<Head>,
    /// Link menus, under the first head of their participant.
    pub menus: Vec<Menu>,
    /// Each participant's lifeline x.
    pub columns: Vec<f32>,
}

/// A participant's `link`/`links` menu: a panel under its first head with
/// one entry per link, as Mermaid's popup lays it out.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Menu {
    pub participant: usize,
    /// The index in [`Geometry::heads`] of the head it hangs from.
    pub head: usize,
    pub panel: Rect,
    /// Each entry's text and the index of its link in the participant's
    /// `links`.
    pub entries: Vec<(Label, usize)>,
}

/// Space between a menu's entries, and above the first.
const MENU_ROW: f32 = 30.0;

impl Geometry {
    /// Every text's box, for laws and tests.
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn text_boxes(&self) -> Vec<Rect> {
        let mut out = Vec::new();
        let mut push = |l: &Label| {
            if !l.block.is_empty() {
                out.push(l.rect);
            }
        };
        self.title.iter().for_each(&mut push);
        for b in &self.boxes {
            b.label.iter().for_each(&mut push);
        }
        for f in &self.frames {
            if let Some((_, l)) = &f.tab {
                push(l);
            }
            f.label.iter().for_each(&mut push);
            for (_, l) in &f.sections {
                l.iter().for_each(&mut push);
            }
        }
        for s in &self.signals {
            s.label.iter().for_each(&mut push);
            if let Some((_, l)) = &s.number {
                push(l);
            }
        }
        for n in &self.notes {
            push(&n.label);
        }
        for h in &self.heads {
            push(&h.label);
        }
        out
    }

    fn shift(&mut self, dx: f32) {
        let r = |r: &mut Rect| r.x += dx;
        let l = |l: &mut Label| l.rect.x += dx;
        if let Some(t) = &mut self.title {
            l(t);
        }
        for b in &mut self.boxes {
            r(&mut b.rect);
            b.label.iter_mut().for_each(l);
        }
        for f in &mut self.frames {
            r(&mut f.rect);
            if let Some((t, lab)) = &mut f.tab {
                r(t);
                l(lab);
            }
            f.label.iter_mut().for_each(l);
            for (_, s) in &mut f.sections {
                s.iter_mut().for_each(l);
            }
        }
        for v in &mut self.lifelines {
            v.x += dx;
        }
        for a in &mut self.activations {
            r(&mut a.rect);
        }
        for s in &mut self.signals {
            s.from.x += dx;
            s.to.x += dx;
            s.label.iter_mut().for_each(l);
            if let Some((c, lab)) = &mut s.number {
                c.x += dx;
                l(lab);
            }
        }
        for n in &mut self.notes {
            r(&mut n.rect);
            l(&mut n.label);
        }
        for h in &mut self.heads {
            r(&mut h.rect);
            l(&mut h.label);
        }
        for m in &mut self.menus {
            r(&mut m.panel);
            for (e, _) in &mut m.entries {
                l(e);
            }
        }
        for x in &mut self.columns {
            *x += dx;
        }
    }
}

/// Measured texts of one event.
enum Measured {
    Message(Option<TextBlock>),
    Note(TextBlock, f32),
    Block {
        tab: Option<TextBlock>,
        label: Option<TextBlock>,
    },
    Nothing,
}

/// Lays out `seq` with `settings`.
///
/// Takes any parsed diagram (indices in events refer to existing
/// participants, as the parser guarantees). Guarantees: every text has a
/// row of its own or a column gap wide enough for it, so no two text boxes
/// overlap; every item lies inside `width` × `height`; frames enclose the
/// rows between their start and end; time and memory linear in the
/// number of participants plus events.
pub(crate) fn layout(seq: &Sequence, s: &Settings) -> Geometry {
    let m = Measure::new(seq, s);
    let (measured, x) = columns(seq, s, &m);
    let mut rows = Rows::new(seq, s, &m, x);
    for (i, (e, texts)) in seq.events.iter().zip(measured).enumerate() {
        rows.event(i, &e.kind, texts);
    }
    rows.finish()
}

/// A text measured with the bundled font, wrapped at `wrap_at` when the
/// text or the diagram asks for wrapping.
fn measure_text(t: &ModelText, size: f32, bold: bool, wrap_at: f32, s: &Settings) -> TextBlock {
    let block = weighted(line_text(&t.raw, size), bold);
    leaded(if t.wrap.unwrap_or(s.wrap) {
        wrap_block(block, wrap_at.max(size * 4.0))
    } else {
        block
    })
}

/// `block` with the room of a flowchart line ([`crate::text::LINE_HEIGHT`])
/// for its first line and [`LINE_EM`] for each further one: one-line texts
/// keep the rows Mermaid draws (44 px between one-line messages), and
/// wrapped lines sit as close as Mermaid sets them. The scene centres the
/// lines in the height.
fn leaded(mut block: TextBlock) -> TextBlock {
    if !block.lines.is_empty() {
        block.height = block.lines.len() as f32 * block.line_height()
            + (crate::text::LINE_HEIGHT - LINE_EM) * block.font_size;
    }
    block
}

/// Distance between the baselines of a sequence diagram's text lines, in
/// ems: Mermaid sets them 17 px apart at its 16 px default, tighter than
/// the flowchart's labels.
const LINE_EM: f32 = 17.0 / 16.0;

/// `raw` decoded and measured in lines [`LINE_EM`] apart.
fn line_text(raw: &str, size: f32) -> TextBlock {
    layout_text(raw, LabelKind::Text, size, Wrap::NEVER).spaced(LINE_EM)
}

/// `block` with every run bold when `bold`, measured again.
fn weighted(mut block: TextBlock, bold: bool) -> TextBlock {
    if !bold {
        return block;
    }
    let fs = block.font_size;
    for l in &mut block.lines {
        for r in &mut l.runs {
            r.bold = true;
        }
        l.width = l.runs.iter().map(|r| crate::text::run_width(r, fs)).sum();
    }
    block.width = block.lines.iter().map(|l| l.width).fold(0.0, f32::max);
    block
}

/// Pass 1 over the participants and boxes: their texts and sizes.
struct Measure {
    head_labels: Vec<TextBlock>,
    head_w: Vec<f32>,
    head_h: Vec<f32>,
    /// Half the room a column needs for itself (a lone member's box title
    /// may need more than its head).
    half: Vec<f32>,
    box_labels: Vec<Option<TextBlock>>,
}

impl Measure {
    fn new(seq: &Sequence, s: &Settings) -> Measure {
        let head_labels: Vec<TextBlock> = seq
            .participants
            .iter()
            .map(|p| measure_text(&p.label, s.actor_font_size, s.actor_bold, s.width - 20.0, s))
            .collect();
        let head_w: Vec<f32> = head_labels
            .iter()
            .map(|b| s.width.max(b.width + 20.0))
            .collect();
        let head_h: Vec<f32> = seq
            .participants
            .iter()
            .zip(&head_labels)
            .map(|(p, b)| match p.kind {
                ParticipantKind::Participant
                | ParticipantKind::Collections
                | ParticipantKind::Queue => s.height.max(b.height + 20.0),
                _ => s.height.max(SYMBOL_H + b.height + 6.0),
            })
            .collect();
        let mut half: Vec<f32> = head_w.iter().map(|w| w / 2.0).collect();
        let box_labels: Vec<Option<TextBlock>> = seq
            .boxes
            .iter()
            .map(|b| {
                b.label
                    .as_ref()
                    .map(|l| measure_text(l, s.message_font_size, s.message_bold, f32::INFINITY, s))
                    .filter(|b| !b.is_empty())
            })
            .collect();
        for (b, label) in seq.boxes.iter().zip(&box_labels) {
            if let (Some(l), [only]) = (label, b.members.as_slice()) {
                half[*only] = half[*only].max(l.width / 2.0 + 10.0 - s.box_margin);
            }
        }
        Measure {
            head_labels,
            head_w,
            head_h,
            half,
            box_labels,
        }
    }
}

/// Whether `m` shows a sequence number.
fn numbered(m: &super::model::Message, s: &Settings) -> bool {
    m.number.is_some() || s.show_sequence_numbers
}

/// The "at least this far apart" constraints of pass 2, grouped by their
/// right column, and the frames open while they are gathered.
struct Gaps {
    /// `need[right]`: `(left, d)` for `x[right] - x[left] >= d`.
    need: Vec<Vec<(usize, f32)>>,
    /// For each open frame: the lowest and highest participant it touches
    /// and the width its tab and labels ask for.
    open: Vec<(usize, usize, f32)>,
}

impl Gaps {
    fn constrain(&mut self, left: usize, right: usize, d: f32) {
        if left < right && right < self.need.len() {
            self.need[right].push((left, d));
        }
    }

    /// Participant `p` is inside the innermost open frame.
    fn touch(&mut self, p: usize) {
        if let Some(o) = self.open.last_mut() {
            o.0 = o.0.min(p);
            o.1 = o.1.max(p);
        }
    }
}

/// Passes 1 (events) and 2: each event's measured texts, and each
/// lifeline's x as the longest path through the constraints they make.
fn columns(seq: &Sequence, s: &Settings, m: &Measure) -> (Vec<Measured>, Vec<f32>) {
    let base = base_distances(seq, s, m);
    let mut plan = Plan::new(seq, s, m, &base);
    let measured = seq
        .events
        .iter()
        .enumerate()
        .map(|(i, e)| match &e.kind {
            EventKind::Message(msg) => plan.message(i, msg),
            EventKind::Note(note) => plan.note(note),
            EventKind::BlockStart { kind, label } => plan.block_start(*kind, label),
            EventKind::BlockSection { kind, label } => plan.block_section(*kind, label),
            EventKind::BlockEnd { .. } => plan.block_end(),
            _ => Measured::Nothing,
        })
        .collect();
    plan.box_labels();
    // Pass 2: columns, the longest path through the constraints.
    let n = seq.participants.len();
    let mut x = vec![0.0f32; n];
    for j in 1..n {
        let mut at = x[j - 1] + base[j];
        for &(left, d) in &plan.gaps.need[j] {
            at = at.max(x[left] + d);
        }
        x[j] = at;
    }
    (measured, x)
}

/// The default distance of each column from the one before it: the heads'
/// halves, `actorMargin`, and `boxMargin` where a `box` starts or ends.
fn base_distances(seq: &Sequence, s: &Settings, m: &Measure) -> Vec<f32> {
    let n = seq.participants.len();
    let half = &m.half;
    let mut base = vec![0.0f32; n];
    for j in 1..n {
        let mut d = half[j - 1] + s.actor_margin + half[j];
        let (a, b) = (seq.participants[j - 1].in_box, seq.participants[j].in_box);
        if a != b {
            d += s.box_margin * (a.is_some() as u8 + b.is_some() as u8) as f32;
        }
        base[j] = d;
    }
    base
}

/// Pass 1: measures each event's texts and gathers the gaps they need.
struct Plan<'a> {
    seq: &'a Sequence,
    s: &'a Settings,
    m: &'a Measure,
    /// Running sum of the default distances (for the wrap width of texts
    /// spanning several gaps).
    reach: Vec<f32>,
    gaps: Gaps,
}

impl<'a> Plan<'a> {
    fn new(seq: &'a Sequence, s: &'a Settings, m: &'a Measure, base: &[f32]) -> Plan<'a> {
        let n = seq.participants.len();
        let mut reach = vec![0.0f32; n];
        for j in 1..n {
            reach[j] = reach[j - 1] + base[j];
        }
        Plan {
            seq,
            s,
            m,
            reach,
            gaps: Gaps {
                need: vec![Vec::new(); n],
                open: Vec::new(),
            },
        }
    }

    /// The default distance between columns `a` and `b`.
    fn span_width(&self, a: usize, b: usize) -> f32 {
        (self.reach[a.max(b)] - self.reach[a.min(b)]).abs()
    }

    /// A message's text, wrapped to the room between its lifelines, and
    /// the gap it needs (to the right of a self message's lifeline).
    fn message(&mut self, i: usize, msg: &super::model::Message) -> Measured {
        let (s, aw) = (self.s, self.s.activation_width);
        let (a, b) = (msg.from, msg.to);
        let wrap_at = if a == b {
            s.width
        } else {
            // The room the gap constraint below asks for.
            self.span_width(a, b) - 2.0 * TEXT_PAD.max(s.wrap_padding) - aw * 1.5
        };
        let block = Some(measure_text(
            &msg.text,
            s.message_font_size,
            s.message_bold,
            wrap_at,
            s,
        ))
        .filter(|b| !b.is_empty());
        let tw = block.as_ref().map_or(0.0, |b| b.width);
        let num = if numbered(msg, s) {
            2.0 * NUMBER_R + 4.0
        } else {
            0.0
        };
        if a == b {
            let room = (tw + 6.0).max(LOOP_W) + aw * 1.5 + TEXT_PAD + num;
            self.gaps.constrain(a, a + 1, room);
        } else {
            let created = self.seq.participants[b].created.is_some_and(|c| c < i);
            let mut d = tw + 2.0 * TEXT_PAD + aw * 1.5 + num;
            if created {
                d += self.m.head_w[b] / 2.0;
            }
            self.gaps.constrain(a.min(b), a.max(b), d);
        }
        self.gaps.touch(a);
        self.gaps.touch(b);
        Measured::Message(block)
    }

    /// A note's text and width, and the gap it needs beside or between
    /// its participants.
    fn note(&mut self, note: &super::model::Note) -> Measured {
        let (s, aw) = (self.s, self.s.activation_width);
        let (a, b) = match note.second {
            Some(b) => (note.first.min(b), note.first.max(b)),
            None => (note.first, note.first),
        };
        let wrap_at = match note.placement {
            NotePlacement::Over if a != b => self.span_width(a, b) + s.width / 2.0,
            _ => s.width,
        } - 2.0 * s.note_margin.max(s.wrap_padding);
        let block = measure_text(&note.text, s.note_font_size, s.note_bold, wrap_at, s);
        let w = if a != b || note.placement == NotePlacement::Over {
            (block.width + 2.0 * s.note_margin).max(if a == b { s.width } else { 0.0 })
        } else {
            (block.width + 2.0 * s.note_margin).max(s.width * 0.66)
        };
        let gaps = &mut self.gaps;
        match note.placement {
            NotePlacement::RightOf => gaps.constrain(a, a + 1, w + 2.0 * aw + 25.0),
            NotePlacement::LeftOf if a > 0 => gaps.constrain(a - 1, a, w + 2.0 * aw + 25.0),
            NotePlacement::Over if a != b => gaps.constrain(a, b, w - 50.0),
            _ => {}
        }
        gaps.touch(a);
        gaps.touch(b);
        Measured::Note(block, w)
    }

    /// A frame opens: its tab and label, and the width they ask of it.
    fn block_start(&mut self, kind: BlockKind, label: &ModelText) -> Measured {
        let s = self.s;
        let tab = kind
            .tab()
            .map(|t| leaded(weighted(line_text(t, s.message_font_size), s.message_bold)));
        let label = bracketed(label, kind, s);
        let w = tab.as_ref().map_or(0.0, |t| tab_width(t, s))
            + label.as_ref().map_or(0.0, |l| l.width + 2.0 * TAB_GAP);
        self.gaps.open.push((usize::MAX, 0, w));
        Measured::Block { tab, label }
    }

    /// A further section (`else`, `and`, `option`): its label widens the
    /// open frame.
    fn block_section(&mut self, kind: BlockKind, label: &ModelText) -> Measured {
        let label = bracketed(label, kind, self.s);
        if let (Some(o), Some(l)) = (self.gaps.open.last_mut(), &label) {
            o.2 = o.2.max(l.width + 2.0 * TAB_GAP);
        }
        Measured::Block { tab: None, label }
    }

    /// A frame closes: the participants it spans must leave room for its
    /// labels, and its parent holds what it held.
    fn block_end(&mut self) -> Measured {
        let margin = self.s.box_margin;
        if let Some((lo, hi, w)) = self.gaps.open.pop() {
            if lo < hi {
                self.gaps.constrain(lo, hi, w - 2.0 * margin);
            }
            if let Some(parent) = self.gaps.open.last_mut() {
                if lo <= hi {
                    parent.0 = parent.0.min(lo);
                    parent.1 = parent.1.max(hi);
                }
                parent.2 = parent.2.max(w + 2.0 * margin);
            }
        }
        Measured::Nothing
    }

    /// A `box` label must fit over the participants the box holds.
    fn box_labels(&mut self) {
        let (seq, s, half) = (self.seq, self.s, &self.m.half);
        for (b, label) in seq.boxes.iter().zip(&self.m.box_labels) {
            if let (Some(l), Some(&first), Some(&last)) = (label, b.members.first(), b.members.last())
            {
                let (lo, hi) = (first.min(last), first.max(last));
                if lo < hi {
                    let d = l.width + 20.0 - half[lo] - half[hi] - 2.0 * s.box_margin;
                    self.gaps.constrain(lo, hi, d);
                }
            }
        }
    }
}

/// What a message does to the participants at its ends.
struct Ends {
    /// It creates its receiver, whose box is drawn on its row.
    creates: bool,
    /// Its sender is destroyed by it.
    destroys_from: bool,
    /// Its receiver is destroyed by it.
    destroys_to: bool,
}

/// A message's sequence number: its disc centred at `c`, and its text.
fn number_disc(msg: &super::model::Message, c: Point) -> (Point, Label) {
    let t = super::model::format_number(msg.number.unwrap_or(msg.counter));
    let bl = layout_text(&t, LabelKind::Text, NUMBER_FONT, Wrap::NEVER);
    let mut lab = Label::new(bl, c.x, c.y, Align::Center);
    lab.rect.x = c.x - lab.rect.width / 2.0;
    lab.rect.y = c.y - lab.rect.height / 2.0;
    (c, lab)
}

/// A frame whose `end` has not come yet, and the extent of what it holds.
struct OpenFrame {
    frame: Frame,
    min_x: f32,
    max_x: f32,
    need_w: f32,
}

/// Pass 3: the cursor that runs down the events, giving each its row.
struct Rows<'a> {
    seq: &'a Sequence,
    s: &'a Settings,
    m: &'a Measure,
    /// Each lifeline's x (pass 2).
    x: Vec<f32>,
    g: Geometry,
    /// The top of the next row.
    y: f32,
    /// The title, and the y of its top.
    title: Option<TextBlock>,
    title_y: f32,
    /// The top of the participant boxes' frames.
    box_top: f32,
    /// The y of the latest message line, where activations start.
    last_line: f32,
    /// Each participant's open activation bars (their top y).
    bars: Vec<Vec<f32>>,
    pending_create: Vec<bool>,
    pending_destroy: Vec<bool>,
    created_drawn: Vec<bool>,
    lifeline_top: Vec<f32>,
    lifeline_end: Vec<Option<f32>>,
    frames: Vec<OpenFrame>,
}

impl<'a> Rows<'a> {
    /// The title, the boxes' label band and the top row of heads.
    fn new(seq: &'a Sequence, s: &'a Settings, m: &'a Measure, x: Vec<f32>) -> Rows<'a> {
        let n = seq.participants.len();
        let mut y = s.diagram_margin_y;
        let title = seq
            .title
            .as_ref()
            .map(|t| {
                leaded(line_text(&t.raw, s.message_font_size * 1.125))
            })
            .filter(|b| !b.is_empty());
        let title_y = y;
        if let Some(t) = &title {
            y += t.height + 10.0;
        }
        let box_top = y;
        if !seq.boxes.is_empty() {
            let label_h = m
                .box_labels
                .iter()
                .flatten()
                .map(|b| b.height)
                .fold(0.0, f32::max);
            y += s.box_margin + label_h;
        }
        let heads_top = y;
        let top_row = (0..n)
            .filter(|&p| seq.participants[p].created.is_none())
            .map(|p| m.head_h[p])
            .fold(0.0, f32::max);
        let mut rows = Rows {
            seq,
            s,
            m,
            g: Geometry {
                columns: x.clone(),
                ..Geometry::default()
            },
            x,
            y: heads_top + top_row + 10.0,
            title,
            title_y,
            box_top,
            last_line: heads_top + top_row + 10.0,
            bars: vec![Vec::new(); n],
            pending_create: vec![false; n],
            pending_destroy: vec![false; n],
            created_drawn: vec![false; n],
            lifeline_top: vec![heads_top; n],
            lifeline_end: vec![None; n],
            frames: Vec::new(),
        };
        for p in 0..n {
            if seq.participants[p].created.is_none() {
                rows.head(p, heads_top, HeadPlace::Top);
                rows.lifeline_top[p] = heads_top + m.head_h[p];
            }
        }
        rows
    }

    /// Participant `p`'s head box with its top at `top`.
    fn head(&mut self, p: usize, top: f32, place: HeadPlace) {
        let (w, h) = (self.m.head_w[p], self.m.head_h[p]);
        let kind = self.seq.participants[p].kind;
        let block = self.m.head_labels[p].clone();
        let label_y = match kind {
            ParticipantKind::Participant
            | ParticipantKind::Collections
            | ParticipantKind::Queue => top + (h - block.height) / 2.0,
            _ => top + SYMBOL_H + 2.0,
        };
        let x = self.x[p];
        let label = Label::new(block, x - self.m.head_labels[p].width / 2.0, label_y, Align::Center);
        self.g.heads.push(Head {
            participant: p,
            kind,
            place,
            rect: Rect {
                x: x - w / 2.0,
                y: top,
                width: w,
                height: h,
            },
            label,
        });
    }

    /// The innermost open frame also holds `lo..hi`.
    fn widen(&mut self, lo: f32, hi: f32) {
        if let Some(f) = self.frames.last_mut() {
            f.min_x = f.min_x.min(lo);
            f.max_x = f.max_x.max(hi);
        }
    }

    /// The x where a line leaving participant `p` towards `toward` starts,
    /// outside its activation bars.
    fn edge(&self, p: usize, toward: f32) -> f32 {
        let aw = self.s.activation_width;
        let d = self.bars[p].len();
        if d == 0 {
            self.x[p]
        } else if toward >= self.x[p] {
            self.x[p] + aw / 2.0 + (d - 1) as f32 * aw / 2.0
        } else {
            self.x[p] - aw / 2.0
        }
    }

    /// The side of `p`'s box (or symbol) that faces `other`.
    fn box_side(&self, p: usize, other: usize) -> f32 {
        let half = match self.seq.participants[p].kind {
            ParticipantKind::Participant
            | ParticipantKind::Collections
            | ParticipantKind::Queue => self.m.head_w[p] / 2.0,
            _ => SYMBOL_HALF_W,
        };
        self.x[p] - half.copysign(self.x[p] - self.x[other])
    }

    /// Ends `p`'s innermost activation bar at `at`.
    fn end_bar(&mut self, p: usize, at: f32) {
        let aw = self.s.activation_width;
        if let Some(start) = self.bars[p].pop() {
            let depth = self.bars[p].len();
            self.g.activations.push(Activation {
                participant: p,
                depth,
                rect: Rect {
                    x: self.x[p] - aw / 2.0 + depth as f32 * aw / 2.0,
                    y: start,
                    width: aw,
                    height: (at - start).max(6.0),
                },
            });
        }
    }

    /// Whether `msg` shows a sequence number.
    fn numbered(&self, msg: &super::model::Message) -> bool {
        numbered(msg, self.s)
    }

    /// Event `i` of `kind`, with the texts pass 1 measured for it.
    fn event(&mut self, i: usize, kind: &EventKind, texts: Measured) {
        match (kind, texts) {
            (EventKind::Message(msg), Measured::Message(block)) => self.message(i, msg, block),
            (EventKind::Note(note), Measured::Note(block, w)) => self.note(i, note, block, w),
            (EventKind::BlockStart { kind, .. }, Measured::Block { tab, label }) => {
                self.block_start(i, *kind, tab, label)
            }
            (EventKind::BlockSection { .. }, Measured::Block { label, .. }) => {
                self.block_section(label)
            }
            (EventKind::BlockEnd { .. }, _) => self.block_end(),
            (EventKind::Activate { participant }, _) => {
                self.bars[*participant].push(self.last_line);
            }
            (EventKind::Deactivate { participant }, _) => {
                let last = self.last_line;
                let at = last.max(self.bars[*participant].last().copied().unwrap_or(last) + 10.0);
                self.end_bar(*participant, at);
                self.y = self.y.max(at + 4.0);
            }
            (EventKind::Create { participant }, _) => self.pending_create[*participant] = true,
            (EventKind::Destroy { participant }, _) => self.pending_destroy[*participant] = true,
            _ => {}
        }
    }

    /// A message's row: its text above the line, numbers, created and
    /// destroyed heads on the line, activations it opens or closes.
    fn message(&mut self, i: usize, msg: &super::model::Message, block: Option<TextBlock>) {
        let (a, b) = (msg.from, msg.to);
        let is_numbered = self.numbered(msg);
        let ends = Ends {
            creates: self.pending_create[b] && a != b,
            // A destroyed participant's box sits on this row, centred on
            // the line, as a created one's does.
            destroys_from: self.pending_destroy[a] && a != b,
            destroys_to: self.pending_destroy[b] && a != b,
        };
        let line_y = self.line_y(msg, &block, is_numbered, &ends);
        if msg.activate_target {
            self.bars[b].push(line_y);
        }
        let (from_x, to_x, label) = if a == b {
            self.self_message(a, block, is_numbered)
        } else {
            self.message_between(a, b, block, is_numbered, &ends)
        };
        let number = is_numbered.then(|| {
            // From a destroyed sender's box the number sits just outside
            // its side, where the line starts.
            let cx = if ends.destroys_from {
                from_x + NUMBER_R.copysign(to_x - from_x)
            } else {
                from_x
            };
            number_disc(msg, Point::new(cx, line_y))
        });
        if ends.creates {
            self.head(b, line_y - self.m.head_h[b] / 2.0, HeadPlace::Created);
            self.lifeline_top[b] = line_y + self.m.head_h[b] / 2.0;
            self.pending_create[b] = false;
            self.created_drawn[b] = true;
            self.widen(self.x[b] - self.m.head_w[b] / 2.0, self.x[b] + self.m.head_w[b] / 2.0);
        }
        self.g.signals.push(Signal {
            event: i,
            arrow: msg.arrow,
            from: Point::new(from_x, line_y),
            to: Point::new(to_x, if a == b { line_y + LOOP_H } else { line_y }),
            self_loop: (a == b).then_some((LOOP_W, LOOP_H)),
            label,
            number,
            central_from: msg.central_from,
            central_to: msg.central_to,
        });
        let mut bottom = line_y + if a == b { LOOP_H } else { 0.0 };
        if ends.creates || ends.destroys_to {
            bottom = bottom.max(line_y + self.m.head_h[b] / 2.0);
        }
        if ends.destroys_from {
            bottom = bottom.max(line_y + self.m.head_h[a] / 2.0);
        }
        if msg.deactivate_source {
            self.end_bar(a, bottom);
        }
        for p in [a, b] {
            if self.pending_destroy[p] {
                bottom = bottom.max(self.destroy(p, if a == b { None } else { Some(line_y) }, bottom));
            }
        }
        self.last_line = line_y;
        self.y = bottom + (self.s.message_margin * 0.4).max(4.0);
    }

    /// The y of a message's line: under its text, and low enough for the
    /// box of a participant it creates or destroys to sit centred on it.
    fn line_y(
        &self,
        msg: &super::model::Message,
        block: &Option<TextBlock>,
        is_numbered: bool,
        ends: &Ends,
    ) -> f32 {
        let text_h = block.as_ref().map_or(0.0, |b| b.height);
        let mut line_y = self.y + text_h + if is_numbered { 10.0 } else { 6.0 };
        let (a, b) = (msg.from, msg.to);
        for (p, boxed) in [(b, ends.creates || ends.destroys_to), (a, ends.destroys_from)] {
            if boxed {
                line_y = line_y.max(self.y + self.m.head_h[p] / 2.0 + 4.0);
            }
        }
        line_y
    }

    /// A self message on `a`: where its loop starts and ends, and its
    /// text, to the right of the loop.
    fn self_message(
        &mut self,
        a: usize,
        block: Option<TextBlock>,
        is_numbered: bool,
    ) -> (f32, f32, Option<Label>) {
        let from_x = self.edge(a, self.x[a] + 1.0);
        let lx = from_x + 6.0 + if is_numbered { NUMBER_R } else { 0.0 };
        let label = block.map(|bl| Label::new(bl, lx, self.y, Align::Left));
        self.widen(
            self.x[a] - self.s.activation_width,
            lx.max(from_x + LOOP_W + 10.0) + label.as_ref().map_or(0.0, |l| l.rect.width),
        );
        (from_x, from_x, label)
    }

    /// A message from `a` to `b`: where its line starts and ends (at a
    /// bar's edge or a created or destroyed box's side), and its text,
    /// aligned by `messageAlign` between them.
    fn message_between(
        &mut self,
        a: usize,
        b: usize,
        block: Option<TextBlock>,
        is_numbered: bool,
        ends: &Ends,
    ) -> (f32, f32, Option<Label>) {
        let from_x = if ends.destroys_from {
            self.box_side(a, b)
        } else {
            self.edge(a, self.x[b])
        };
        let to_x = if ends.creates || ends.destroys_to {
            self.box_side(b, a)
        } else {
            self.edge(b, self.x[a])
        };
        let (lo, hi) = (from_x.min(to_x), from_x.max(to_x));
        let num_room = if is_numbered && from_x <= to_x {
            NUMBER_R
        } else {
            0.0
        };
        let label = block.map(|bl| {
            let w = bl.width;
            let lx = match self.s.message_align {
                Align::Left => lo + TEXT_PAD + num_room,
                Align::Right => hi - TEXT_PAD - w,
                Align::Center => (lo + hi) / 2.0 - w / 2.0,
            };
            Label::new(bl, lx, self.y, self.s.message_align)
        });
        self.widen(lo, hi);
        (from_x, to_x, label)
    }

    /// Participant `p` is destroyed by the message whose line is at
    /// `line_y` (`None` for a self message, whose loop comes first and
    /// ends at `bottom`): its bars and lifeline end, and its box is drawn.
    /// The bottom of that box.
    fn destroy(&mut self, p: usize, line_y: Option<f32>, bottom: f32) -> f32 {
        self.pending_destroy[p] = false;
        let top = line_y.map_or(bottom, |y| y - self.m.head_h[p] / 2.0);
        while !self.bars[p].is_empty() {
            self.end_bar(p, top);
        }
        self.lifeline_end[p] = Some(top);
        self.head(p, top, HeadPlace::Destroyed);
        self.widen(self.x[p] - self.m.head_w[p] / 2.0, self.x[p] + self.m.head_w[p] / 2.0);
        top + self.m.head_h[p]
    }

    /// A note's row.
    fn note(&mut self, i: usize, note: &super::model::Note, block: TextBlock, w: f32) {
        let a = note.first;
        let b = note.second.unwrap_or(a);
        let h = block.height + 2.0 * self.s.note_margin;
        let (lo, hi) = (self.x[a.min(b)], self.x[a.max(b)]);
        let left = match note.placement {
            NotePlacement::RightOf => self.edge(a, f32::INFINITY) + 15.0,
            NotePlacement::LeftOf => self.edge(a, f32::NEG_INFINITY) - 15.0 - w,
            NotePlacement::Over if a != b => {
                let width = (hi - lo + 50.0).max(w);
                (lo + hi) / 2.0 - width / 2.0
            }
            NotePlacement::Over => lo - w / 2.0,
        };
        let width = match note.placement {
            NotePlacement::Over if a != b => (hi - lo + 50.0).max(w),
            _ => w,
        };
        let rect = Rect {
            x: left,
            y: self.y + 4.0,
            width,
            height: h,
        };
        let lx = match self.s.note_align {
            Align::Left => left + self.s.note_margin,
            Align::Right => left + width - self.s.note_margin - block.width,
            Align::Center => left + width / 2.0 - block.width / 2.0,
        };
        let label = Label::new(block, lx, rect.y + self.s.note_margin, self.s.note_align);
        self.widen(rect.x, rect.right());
        self.g.notes.push(NoteBox {
            event: i,
            rect,
            label,
        });
        self.y = rect.bottom() + 10.0;
    }

    /// A frame's top: its tab and label; the frame stays open until its end.
    fn block_start(
        &mut self,
        i: usize,
        kind: BlockKind,
        tab: Option<TextBlock>,
        label: Option<TextBlock>,
    ) {
        let top = self.y;
        let tab_h = tab.as_ref().map_or(0.0, |t| (t.height + 4.0).max(self.s.label_box_height));
        let label_h = label.as_ref().map_or(0.0, |l| l.height);
        let tab_w = tab.as_ref().map_or(0.0, |t| tab_width(t, self.s));
        let need_w = tab_w + label.as_ref().map_or(0.0, |l| l.width + 2.0 * TAB_GAP);
        let tab = tab.map(|t| {
            let r = Rect {
                x: 0.0,
                y: top,
                width: tab_w,
                height: tab_h,
            };
            let l = Label::new(
                t,
                0.0,
                top + (tab_h - label_h.max(0.0).min(tab_h)) * 0.0
                    + (tab_h - r.height) / 2.0
                    + 2.0,
                Align::Center,
            );
            (r, l)
        });
        let label = label.map(|l| Label::new(l, 0.0, top + 2.0, Align::Center));
        self.y = top
            + tab_h.max(label_h + 4.0)
            + if kind == BlockKind::Rect {
                self.s.box_margin
            } else {
                6.0
            };
        self.frames.push(OpenFrame {
            frame: Frame {
                kind,
                event: i,
                depth: self.frames.len(),
                rect: Rect {
                    x: 0.0,
                    y: top,
                    width: 0.0,
                    height: 0.0,
                },
                tab,
                label,
                sections: Vec::new(),
            },
            min_x: f32::INFINITY,
            max_x: f32::NEG_INFINITY,
            need_w,
        });
    }

    /// A divider of the innermost open frame, with its label.
    fn block_section(&mut self, label: Option<TextBlock>) {
        let at = self.y;
        let label_h = label.as_ref().map_or(0.0, |l| l.height);
        let label = label.map(|l| Label::new(l, 0.0, at + 3.0, Align::Center));
        if let Some(f) = self.frames.last_mut() {
            f.need_w = f
                .need_w
                .max(label.as_ref().map_or(0.0, |l| l.rect.width + 2.0 * TAB_GAP));
            f.frame.sections.push((at, label));
        }
        self.y = at + label_h + 9.0;
    }

    /// The innermost open frame's bottom: its box around what it held.
    fn block_end(&mut self) {
        let Some(mut f) = self.frames.pop() else { return };
        if f.min_x > f.max_x {
            // An empty frame spans the diagram's columns.
            f.min_x = self.x.first().copied().unwrap_or(0.0) - 30.0;
            f.max_x = self.x.last().copied().unwrap_or(0.0) + 30.0;
        }
        let pad = self.s.box_margin;
        let left = f.min_x - pad;
        let width = (f.max_x + pad - left).max(f.need_w);
        let bottom = self.y + if f.frame.kind == BlockKind::Rect {
            0.0
        } else {
            2.0
        };
        f.frame.rect = Rect {
            x: left,
            y: f.frame.rect.y,
            width,
            height: bottom - f.frame.rect.y,
        };
        let centre = left + width / 2.0;
        let tab_right = match &mut f.frame.tab {
            Some((r, l)) => {
                r.x = left;
                l.rect.x = left + r.width / 2.0 - l.rect.width / 2.0;
                l.rect.y = r.y + (r.height - l.rect.height) / 2.0;
                r.right()
            }
            None => left,
        };
        if let Some(l) = &mut f.frame.label {
            let w = l.rect.width;
            l.rect.x = (centre - w / 2.0).max(tab_right + TAB_GAP);
        }
        for (_, l) in &mut f.frame.sections {
            if let Some(l) = l {
                l.rect.x = centre - l.rect.width / 2.0;
            }
        }
        let r = f.frame.rect;
        self.g.frames.push(f.frame);
        self.widen(r.x, r.right());
        self.y = bottom + pad;
    }

    /// The bottom: unclosed frames, heads created by no message, lifelines,
    /// mirrored heads, the boxes, then the extent and the title.
    fn finish(mut self) -> Geometry {
        let n = self.seq.participants.len();
        // Frames never closed cannot happen after a successful parse; close
        // any anyway so layout stays total.
        while let Some(f) = self.frames.pop() {
            self.g.frames.push(f.frame);
        }
        let mut y = self.y + 10.0;
        let head_h = &self.m.head_h;
        // Participants created by no message appear where the diagram ends.
        for (p, participant) in self.seq.participants.iter().enumerate() {
            if participant.created.is_some() && !self.created_drawn[p] {
                self.head(p, y, HeadPlace::Created);
                self.lifeline_top[p] = y + head_h[p];
                self.lifeline_end[p] = Some(y + head_h[p]);
            }
        }
        let bottom_row = if self.s.mirror_actors {
            (0..n)
                .filter(|&p| self.lifeline_end[p].is_none())
                .map(|p| head_h[p])
                .fold(0.0, f32::max)
        } else {
            0.0
        };
        let bottom_top = y.max(self.lifeline_top.iter().copied().fold(y, f32::max) + 10.0);
        for p in 0..n {
            let end = self.lifeline_end[p].unwrap_or(bottom_top);
            while !self.bars[p].is_empty() {
                self.end_bar(p, end);
            }
            self.g.lifelines.push(Lifeline {
                participant: p,
                x: self.x[p],
                top: self.lifeline_top[p],
                bottom: end.max(self.lifeline_top[p]),
            });
            if self.s.mirror_actors && self.lifeline_end[p].is_none() {
                self.head(p, bottom_top, HeadPlace::Bottom);
            }
        }
        y = bottom_top + bottom_row;
        if !self.seq.boxes.is_empty() {
            y += self.s.box_margin;
        }
        self.boxes(y);
        self.menus();
        if self.s.force_menus {
            // Menus always shown must fit in the picture.
            y = self.g.menus.iter().map(|m| m.panel.bottom()).fold(y, f32::max);
        }
        let Rows {
            mut g,
            s,
            title,
            title_y,
            ..
        } = self;
        extent(&mut g, s, title, title_y, y);
        g
    }

    /// The link menus: a panel under the first head of each participant
    /// with links, an entry every [`MENU_ROW`], as wide as the head or the
    /// widest entry and its margins.
    fn menus(&mut self) {
        let s = self.s;
        for (p, participant) in self.seq.participants.iter().enumerate() {
            let Some(head) = self.g.heads.iter().position(|h| h.participant == p) else {
                continue;
            };
            let at = self.g.heads[head].rect;
            // Entries whose address the writer would drop are left out.
            let links: Vec<usize> = (0..participant.links.len())
                .filter(|&i| crate::sanitize::link_is_safe(&participant.links[i].url))
                .collect();
            if links.is_empty() {
                continue;
            }
            let blocks: Vec<TextBlock> = links
                .iter()
                .map(|&i| {
                    let l = &participant.links[i];
                    let text = ModelText {
                        raw: l.label.clone(),
                        span: l.span,
                        wrap: Some(false),
                    };
                    measure_text(&text, s.actor_font_size, s.actor_bold, f32::INFINITY, s)
                })
                .collect();
            let widest = blocks.iter().map(|b| b.width).fold(0.0, f32::max);
            let panel = Rect {
                x: at.x,
                y: at.bottom(),
                width: at.width.max(widest + 20.0),
                height: MENU_ROW * blocks.len() as f32 + 20.0,
            };
            let entries = blocks
                .into_iter()
                .zip(links)
                .enumerate()
                .map(|(row, (b, link))| {
                    let y = panel.y + MENU_ROW * (row as f32 + 1.0) - b.height / 2.0;
                    (Label::new(b, panel.x + 10.0, y, Align::Left), link)
                })
                .collect();
            self.g.menus.push(Menu {
                participant: p,
                head,
                panel,
                entries,
            });
        }
    }

    /// The participant boxes, from their label band down to `bottom`.
    fn boxes(&mut self, bottom: f32) {
        let (s, m, x, top) = (self.s, self.m, &self.x, self.box_top);
        for (i, (b, label)) in self.seq.boxes.iter().zip(&m.box_labels).enumerate() {
            let (lo, hi) = b
                .members
                .iter()
                .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &p| {
                    (lo.min(x[p] - m.half[p]), hi.max(x[p] + m.half[p]))
                });
            if lo > hi {
                continue;
            }
            let rect = Rect {
                x: lo - s.box_margin,
                y: top,
                width: hi - lo + 2.0 * s.box_margin,
                height: bottom - top,
            };
            let label = label.clone().map(|l| {
                let w = l.width;
                Label::new(
                    l,
                    rect.x + rect.width / 2.0 - w / 2.0,
                    top + s.box_margin / 2.0,
                    Align::Center,
                )
            });
            self.g.boxes.push(GroupBox {
                index: i,
                rect,
                label,
            });
        }
    }
}

/// The horizontal extent of everything in `g`, the title centred over it,
/// and everything moved right so the leftmost item sits at
/// `diagramMarginX`; `bottom` is where the drawing ends.
fn extent(g: &mut Geometry, s: &Settings, title: Option<TextBlock>, title_y: f32, bottom: f32) {
    let mut lo = f32::INFINITY;
    let mut hi = f32::NEG_INFINITY;
    let mut span = |l: f32, h: f32| {
        lo = lo.min(l);
        hi = hi.max(h);
    };
    for h in &g.heads {
        span(h.rect.x, h.rect.right());
    }
    for b in &g.boxes {
        span(b.rect.x, b.rect.right());
    }
    for f in &g.frames {
        span(f.rect.x, f.rect.right());
    }
    for nb in &g.notes {
        span(nb.rect.x, nb.rect.right());
    }
    if s.force_menus {
        for m in &g.menus {
            span(m.panel.x, m.panel.right());
        }
    }
    for sg in &g.signals {
        span(sg.from.x.min(sg.to.x), sg.from.x.max(sg.to.x));
        if let Some((w, _)) = sg.self_loop {
            span(sg.from.x, sg.from.x + w + 4.0);
        }
        if let Some(l) = &sg.label {
            span(l.rect.x, l.rect.right());
        }
        if let Some((c, _)) = &sg.number {
            span(c.x - NUMBER_R, c.x + NUMBER_R);
        }
    }
    if !lo.is_finite() {
        lo = 0.0;
        hi = 0.0;
    }
    if let Some(t) = title {
        let w = t.width;
        let l = Label::new(t, (lo + hi) / 2.0 - w / 2.0, title_y, Align::Center);
        lo = lo.min(l.rect.x);
        hi = hi.max(l.rect.right());
        g.title = Some(l);
    }
    g.shift(s.diagram_margin_x - lo);
    g.width = hi - lo + 2.0 * s.diagram_margin_x;
    g.height = (bottom + s.diagram_margin_y + s.bottom_margin_adj).max(bottom);
}

/// Width of a frame's tab around its keyword.
fn tab_width(t: &TextBlock, s: &Settings) -> f32 {
    (t.width + 4.0 * s.box_text_margin + 8.0).max(s.label_box_width)
}

/// A frame label as Mermaid shows it, `[text]`; none when empty or for
/// `rect` (whose text is its colour).
fn bracketed(label: &ModelText, kind: BlockKind, s: &Settings) -> Option<TextBlock> {
    if kind == BlockKind::Rect || label.raw.trim().is_empty() {
        return None;
    }
    let block = weighted(
        line_text(&label.raw, s.message_font_size),
        s.message_bold,
    );
    let mut block = if label.wrap.unwrap_or(s.wrap) {
        wrap_block(block, s.width * 2.0)
    } else {
        block
    };
    if let Some(first) = block.lines.first_mut() {
        if let Some(r) = first.runs.first_mut() {
            r.text.insert(0, '[');
        }
    }
    if let Some(last) = block.lines.last_mut() {
        if let Some(r) = last.runs.last_mut() {
            r.text.push(']');
        }
    }
    // Re-measure with the brackets.
    let fs = block.font_size;
    for l in &mut block.lines {
        l.width = l.runs.iter().map(|r| crate::text::run_width(r, fs)).sum();
    }
    block.width = block.lines.iter().map(|l| l.width).fold(0.0, f32::max);
    Some(leaded(block))
}
