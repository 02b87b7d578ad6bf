//! What a state diagram says, after parsing: states (with the start and
//! end pseudo-states of each document), the documents they live in
//! (composite states and their concurrency regions), transitions, notes
//! and styles. Every item keeps the span of its source text.

use crate::config::Config;
use crate::diagram::style::{ClassDef, StyleDecl};
use crate::error::{Span, Warning};
use crate::layout::Direction;

/// Text as written in the source (nothing decoded), with where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Text {
    /// The raw text, trimmed.
    pub raw: String,
    /// Where it is in the source.
    pub span: Span,
}

/// What a state is drawn as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StateKind {
    /// A rounded box with its name (and descriptions).
    Plain,
    /// `[*]` as a source: a filled circle.
    Start,
    /// `[*]` as a target: a ringed circle.
    End,
    /// `<<fork>>`: a bar.
    Fork,
    /// `<<join>>`: a bar.
    Join,
    /// `<<choice>>`: a diamond.
    Choice,
}

/// One state.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct State {
    /// Its id (`[*]` pseudo-states get ids no user can write, with a `:`).
    pub id: String,
    /// What it is drawn as.
    pub kind: StateKind,
    /// `state "…" as id` and `id : …` texts, in source order: one is the
    /// shown name; with two or more the first is the title and the rest
    /// stand under a divider (as Mermaid draws them).
    pub descriptions: Vec<Text>,
    /// The document it lives in (index into [`StateDiagram::scopes`]);
    /// `None` is the diagram's top level.
    pub parent: Option<usize>,
    /// Whether it holds a document of its own (a composite state).
    pub composite: bool,
    /// `direction` inside its document.
    pub direction: Option<Direction>,
    /// Style classes (`class`, `:::`), in order.
    pub classes: Vec<String>,
    /// Its own `style` declarations.
    pub styles: Vec<StyleDecl>,
    /// `click` link: address and tooltip.
    pub link: Option<(String, Option<String>)>,
    /// Where it is first named.
    pub span: Span,
}

impl State {
    /// The name shown: the first description, else the id.
    pub fn title(&self) -> &str {
        self.descriptions.first().map_or(&self.id, |d| d.raw.as_str())
    }

    /// The description lines under the divider (all but the first).
    pub fn body(&self) -> &[Text] {
        self.descriptions.get(1..).unwrap_or(&[])
    }
}

/// A document: one concurrency region of a composite state (a composite
/// without `--` has one region).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Scope {
    /// The composite state (index into [`StateDiagram::states`]).
    pub state: usize,
    /// Which region, from 0.
    pub region: usize,
}

/// A transition `from --> to : label`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Transition {
    /// Source state.
    pub from: usize,
    /// Target state.
    pub to: usize,
    /// Its label.
    pub label: Option<Text>,
    /// The statement.
    pub span: Span,
}

/// Where a note stands beside its state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// `note left of`.
    Left,
    /// `note right of`.
    Right,
}

/// A note on a state.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Note {
    /// The state it is on.
    pub state: usize,
    /// Which side.
    pub side: Side,
    /// Its text (lines as written, trimmed).
    pub text: Text,
    /// The statement.
    pub span: Span,
}

/// A parsed state diagram.
#[derive(Debug, Clone, Default)]
pub(crate) struct StateDiagram {
    /// Top-level direction.
    pub direction: Direction,
    /// Every state, in order of first mention.
    pub states: Vec<State>,
    /// Every document of a composite state.
    pub scopes: Vec<Scope>,
    /// Transitions in source order.
    pub transitions: Vec<Transition>,
    /// Notes in source order.
    pub notes: Vec<Note>,
    /// `classDef`s in source order.
    pub class_defs: Vec<ClassDef>,
    /// Front matter `title` or a `title` statement.
    pub title: Option<Text>,
    /// `accTitle`.
    pub acc_title: Option<Text>,
    /// `accDescr`.
    pub acc_descr: Option<Text>,
    /// Settings from front matter and directives.
    pub config: Config,
    /// Findings that did not stop parsing.
    pub warnings: Vec<Warning>,
}

impl StateDiagram {
    /// The regions of composite state `state`, in order (scope indices).
    pub fn regions(&self, state: usize) -> Vec<usize> {
        (0..self.scopes.len())
            .filter(|&s| self.scopes[s].state == state)
            .collect()
    }

    /// Nesting depth of `scope` (1 for a region of a top-level composite).
    pub fn depth(&self, mut scope: Option<usize>) -> usize {
        let mut d = 0;
        while let Some(s) = scope {
            d += 1;
            if d > self.scopes.len() {
                break;
            }
            scope = self.states[self.scopes[s].state].parent;
        }
        d
    }
}

/// The lines a raw text shows: `<br>` breaks (any spelling) and line
/// breaks split it; each line is trimmed.
pub(crate) fn display_lines(raw: &str) -> Vec<String> {
    crate::text::decode_label(raw, crate::text::LabelKind::Text)
        .into_iter()
        .map(|runs| runs.into_iter().map(|r| r.text).collect::<String>())
        .collect()
}
