//! The sequence diagram as plain data: participants (columns), boxes that
//! group them, and the ordered events (rows) that layout turns into
//! lifelines, messages, notes and frames. Every item carries the [`Span`]
//! of the source it came from.

use crate::config::Config;
use crate::error::{Span, Warning};
use crate::text::LabelKind;

/// A parsed sequence diagram.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Sequence {
    /// Participants in column order (order of first appearance, as Mermaid).
    pub participants: Vec<Participant>,
    /// `box … end` groups, in source order.
    pub boxes: Vec<ParticipantBox>,
    /// Everything that happens, top to bottom, in source order.
    pub events: Vec<Event>,
    /// `title Text` (or the legacy `title: Text`); the last one wins.
    pub title: Option<Text>,
    /// `accTitle: …`; the last one wins.
    pub acc_title: Option<Text>,
    /// `accDescr: …` or `accDescr { … }`; the last one wins.
    pub acc_descr: Option<Text>,
    /// Non-fatal findings (unknown participant type, unreadable links, …).
    pub warnings: Vec<Warning>,
    /// Settings from front matter and `%%{init}%%` directives.
    pub config: Config,
}

/// Text as written in the source: trimmed, a `wrap:`/`nowrap:` prefix
/// removed, nothing else decoded (`<br>` and `#quot;` stay as written).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Text {
    /// The raw text.
    pub raw: String,
    /// Where `raw` stands in the source (empty span where the text is empty).
    pub span: Span,
    /// `Some(true)` after a `wrap:` prefix, `Some(false)` after `nowrap:`,
    /// `None` when the diagram's `wrap` setting decides.
    pub wrap: Option<bool>,
}

// The tests compare shown texts through these helpers.
#[cfg_attr(not(test), allow(dead_code))]
impl Text {
    /// The lines Mermaid shows: split at `<br>` (any spelling), other tags
    /// dropped, entity codes (`#quot;`, `#9829;`, `&amp;`) decoded. An
    /// empty text is one empty line.
    pub fn lines(&self) -> Vec<String> {
        display_lines(&self.raw)
    }
}

/// [`Text::lines`] for any raw string.
pub(crate) fn display_lines(raw: &str) -> Vec<String> {
    crate::text::decode_label(raw, LabelKind::Text)
        .iter()
        .map(|line| line.iter().map(|run| run.text.as_str()).collect())
        .collect()
}

/// How a participant is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub(crate) enum ParticipantKind {
    /// A box (`participant`, and every participant only used in messages).
    #[default]
    Participant,
    /// A stick figure (`actor`).
    Actor,
    /// UML boundary: a circle with a bar on its left.
    Boundary,
    /// UML control: a circle with an arrow on top.
    Control,
    /// UML entity: a circle on a line.
    Entity,
    /// A cylinder.
    Database,
    /// A stack of boxes.
    Collections,
    /// A horizontal cylinder.
    Queue,
}

impl ParticipantKind {
    /// The kind named by a `"type"` value or keyword (case-insensitive).
    pub fn from_name(name: &str) -> Option<ParticipantKind> {
        Some(match name.to_ascii_lowercase().as_str() {
            "participant" => ParticipantKind::Participant,
            "actor" => ParticipantKind::Actor,
            "boundary" => ParticipantKind::Boundary,
            "control" => ParticipantKind::Control,
            "entity" => ParticipantKind::Entity,
            "database" => ParticipantKind::Database,
            "collections" => ParticipantKind::Collections,
            "queue" => ParticipantKind::Queue,
            _ => return None,
        })
    }
}

/// One column of the diagram.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Participant {
    /// The id messages use (`A` in `participant A as Alice`).
    pub id: String,
    /// What the head shows: the alias, else the id.
    pub label: Text,
    /// How it is drawn. Set by its first declaration; a later declaration
    /// with an alias replaces kind and label (as Mermaid's `addActor` does).
    pub kind: ParticipantKind,
    /// The participant's first appearance (declaration or first use).
    pub span: Span,
    /// True when only messages, notes or other statements introduced it.
    pub implicit: bool,
    /// Index into [`Sequence::events`] of its [`EventKind::Create`], if it
    /// is created mid-diagram (`create participant B`).
    pub created: Option<usize>,
    /// Index into [`Sequence::events`] of its [`EventKind::Destroy`].
    pub destroyed: Option<usize>,
    /// Index into [`Sequence::boxes`] of the box holding it.
    pub in_box: Option<usize>,
    /// Popup menu entries from `link` and `links`, in order (a later entry
    /// with the same label replaces the earlier one's URL in place).
    pub links: Vec<Link>,
    /// `properties A: {json}` and `details A: id` statements, raw.
    pub properties: Vec<Text>,
}

/// One entry of a participant's popup menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Link {
    /// The menu text.
    pub label: String,
    /// Where it leads (not validated; the drawing sanitises it).
    pub url: String,
    /// The statement it came from.
    pub span: Span,
}

/// A `box [colour] [title] … end` around participant columns.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct ParticipantBox {
    /// The title, if any.
    pub label: Option<Text>,
    /// The fill as written (`LightGrey`, `rgb(1,2,3)`), `None` for no fill
    /// (no colour given, or `transparent`).
    pub colour: Option<String>,
    /// From `box` to its `end`.
    pub span: Span,
    /// Indices into [`Sequence::participants`], in declaration order.
    pub members: Vec<usize>,
}

/// One row-level happening, in source order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Event {
    /// What happens.
    pub kind: EventKind,
    /// The statement (or, for block ends, the `end` keyword).
    pub span: Span,
}

/// The things that happen in a sequence diagram.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum EventKind {
    /// An arrow from one lifeline to another (or to itself).
    Message(Message),
    /// A note beside or over lifelines.
    Note(Note),
    /// `loop`, `alt`, `opt`, `par`, `par_over`, `critical`, `break`, `rect`.
    BlockStart {
        /// Which frame.
        kind: BlockKind,
        /// The text after the keyword (for `rect`: the colour); may be
        /// empty (Mermaid then draws an empty label line).
        label: Text,
    },
    /// `else` (in `alt`), `and` (in `par`/`par_over`), `option` (in
    /// `critical`): a dashed divider starting a new section.
    BlockSection {
        /// The block the section belongs to.
        kind: BlockKind,
        /// The text after the keyword; may be empty.
        label: Text,
    },
    /// The `end` of a block.
    BlockEnd {
        /// The block it closes.
        kind: BlockKind,
        /// Index into [`Sequence::events`] of the matching `BlockStart`.
        start: usize,
    },
    /// `activate A`: an activation bar starts (they nest).
    Activate {
        /// Index into [`Sequence::participants`].
        participant: usize,
    },
    /// `deactivate A`: the innermost activation bar ends.
    Deactivate {
        /// Index into [`Sequence::participants`].
        participant: usize,
    },
    /// `autonumber …`: numbering settings from here on.
    Autonumber(Autonumber),
    /// `create participant B`: B's head is drawn at the next message.
    Create {
        /// Index into [`Sequence::participants`].
        participant: usize,
    },
    /// `destroy B`: B's lifeline ends with a cross at the next message
    /// that involves it.
    Destroy {
        /// Index into [`Sequence::participants`].
        participant: usize,
    },
}

/// A message arrow.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Message {
    /// Sender, index into [`Sequence::participants`].
    pub from: usize,
    /// Receiver, index into [`Sequence::participants`].
    pub to: usize,
    /// Line style and heads.
    pub arrow: Arrow,
    /// The text after `:`.
    pub text: Text,
    /// `+` before the receiver: the receiver's activation starts after the
    /// message.
    pub activate_target: bool,
    /// `-` before the receiver: the sender's innermost activation ends
    /// after the message.
    pub deactivate_source: bool,
    /// `()` at the sender end (a small circle on the lifeline).
    pub central_from: bool,
    /// `()` at the receiver end.
    pub central_to: bool,
    /// The sequence number Mermaid shows, when `autonumber` is on (the
    /// counter runs on while it is off). See [`format_number`].
    pub number: Option<f64>,
    /// The counter's value at this message whether shown or not (what the
    /// `showSequenceNumbers` setting shows without `autonumber`).
    pub counter: f64,
}

/// A message line: its style and what is drawn at its ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Arrow {
    /// Dotted (`--`) rather than solid (`-`).
    pub dotted: bool,
    /// The head.
    pub head: ArrowHead,
}

/// Arrow heads. Unless named `Reversed`, the head is at the receiver.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum ArrowHead {
    /// `->`: no head.
    None,
    /// `->>`: filled triangle.
    Filled,
    /// `<<->>`: filled triangles at both ends.
    BothFilled,
    /// `-x`: a cross.
    Cross,
    /// `-)`: an open (async) head.
    Open,
    /// `-|\`: the top half of a triangle.
    HalfTop,
    /// `-|/`: the bottom half of a triangle.
    HalfBottom,
    /// `-\\`: the top half "stick" (one line).
    StickTop,
    /// `-//`: the bottom half stick.
    StickBottom,
    /// `/|-`: top half triangle at the sender.
    HalfTopReversed,
    /// `\|-`: bottom half triangle at the sender.
    HalfBottomReversed,
    /// `//-`: top stick at the sender.
    StickTopReversed,
    /// `\\-`: bottom stick at the sender.
    StickBottomReversed,
}

/// A note.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Note {
    /// Where it stands.
    pub placement: NotePlacement,
    /// The lifeline (for `over A,B`: the first one).
    pub first: usize,
    /// The second lifeline of `over A,B`; `None` otherwise.
    pub second: Option<usize>,
    /// The text after `:`.
    pub text: Text,
}

/// Where a note stands relative to its lifeline(s).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum NotePlacement {
    /// `left of A`.
    LeftOf,
    /// `right of A`.
    RightOf,
    /// `over A` or `over A,B`.
    Over,
}

/// Frame kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum BlockKind {
    /// `loop`.
    Loop,
    /// `alt` (sections: `else`).
    Alt,
    /// `opt`.
    Opt,
    /// `par` (sections: `and`).
    Par,
    /// `par_over`: parallel sections drawn overlapped.
    ParOver,
    /// `critical` (sections: `option`).
    Critical,
    /// `break`.
    Break,
    /// `rect COLOUR`: a background highlight without a frame label.
    Rect,
}

impl BlockKind {
    /// The keyword, which is also the tab text Mermaid draws (`rect` has none).
    pub fn keyword(self) -> &'static str {
        match self {
            BlockKind::Loop => "loop",
            BlockKind::Alt => "alt",
            BlockKind::Opt => "opt",
            BlockKind::Par => "par",
            BlockKind::ParOver => "par_over",
            BlockKind::Critical => "critical",
            BlockKind::Break => "break",
            BlockKind::Rect => "rect",
        }
    }

    /// The tab text Mermaid draws in the frame's corner (`par_over` shows
    /// `par`); `None` for `rect`, which has no frame.
    pub fn tab(self) -> Option<&'static str> {
        match self {
            BlockKind::ParOver => Some("par"),
            BlockKind::Rect => None,
            k => Some(k.keyword()),
        }
    }

    /// The keyword that starts a further section, if the block has sections.
    pub fn section_keyword(self) -> Option<&'static str> {
        match self {
            BlockKind::Alt => Some("else"),
            BlockKind::Par | BlockKind::ParOver => Some("and"),
            BlockKind::Critical => Some("option"),
            _ => None,
        }
    }
}

/// An `autonumber` statement.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Autonumber {
    /// `autonumber N [STEP]`: the next message's number.
    pub start: Option<f64>,
    /// `autonumber N STEP`: the increment (`autonumber N` sets 1).
    pub step: Option<f64>,
    /// False for `autonumber off`.
    pub visible: bool,
}

/// A sequence number as Mermaid shows it: at most two decimals, no
/// trailing zeros (`10`, `10.1`, `10.11`).
pub(crate) fn format_number(n: f64) -> String {
    let rounded = (n * 100.0).round() / 100.0;
    let mut s = format!("{rounded:.2}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    if s == "-0" {
        s = "0".to_string();
    }
    s
}

#[cfg_attr(not(test), allow(dead_code))]
impl Sequence {
    /// The diagram without the participants no event involves (no message,
    /// note, activation, creation or destruction), as Mermaid's
    /// `hideUnusedParticipants` leaves them out; boxes keep the members
    /// that remain.
    pub fn without_unused_participants(&self) -> Sequence {
        let mut used = vec![false; self.participants.len()];
        let mut mark = |p: usize| {
            if let Some(u) = used.get_mut(p) {
                *u = true;
            }
        };
        for e in &self.events {
            match &e.kind {
                EventKind::Message(m) => {
                    mark(m.from);
                    mark(m.to);
                }
                EventKind::Note(n) => {
                    mark(n.first);
                    n.second.into_iter().for_each(&mut mark);
                }
                EventKind::Activate { participant }
                | EventKind::Deactivate { participant }
                | EventKind::Create { participant }
                | EventKind::Destroy { participant } => mark(*participant),
                _ => {}
            }
        }
        let mut out = self.clone();
        if used.iter().all(|u| *u) {
            return out;
        }
        let mut index = vec![usize::MAX; used.len()];
        out.participants.clear();
        for (i, p) in self.participants.iter().enumerate() {
            if used[i] {
                index[i] = out.participants.len();
                out.participants.push(p.clone());
            }
        }
        let to = |p: &mut usize| *p = index[*p];
        for e in &mut out.events {
            match &mut e.kind {
                EventKind::Message(m) => {
                    to(&mut m.from);
                    to(&mut m.to);
                }
                EventKind::Note(n) => {
                    to(&mut n.first);
                    n.second.iter_mut().for_each(to);
                }
                EventKind::Activate { participant }
                | EventKind::Deactivate { participant }
                | EventKind::Create { participant }
                | EventKind::Destroy { participant } => to(participant),
                _ => {}
            }
        }
        for b in &mut out.boxes {
            b.members.retain(|m| used[*m]);
            b.members.iter_mut().for_each(to);
        }
        out
    }

    /// The participant with id `id`, if any.
    pub fn participant(&self, id: &str) -> Option<&Participant> {
        self.participants.iter().find(|p| p.id == id)
    }

    /// The messages in order.
    pub fn messages(&self) -> impl Iterator<Item = &Message> {
        self.events.iter().filter_map(|e| match &e.kind {
            EventKind::Message(m) => Some(m),
            _ => None,
        })
    }

    /// The notes in order.
    pub fn notes(&self) -> impl Iterator<Item = &Note> {
        self.events.iter().filter_map(|e| match &e.kind {
            EventKind::Note(n) => Some(n),
            _ => None,
        })
    }
}
