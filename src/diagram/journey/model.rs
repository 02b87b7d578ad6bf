//! What a user journey says: tasks in source order, each with a score
//! and the actors taking part, grouped into sections, and a title. Built
//! by the parser; read by layout and scene, which never fail on it.

use crate::config::Config;
use crate::diagram::chart::Accessibility;
use crate::error::{Span, Warning};

/// A parsed user journey.
#[derive(Debug, Clone, Default)]
pub(crate) struct Journey {
    /// Sections in source order.
    pub sections: Vec<Section>,
    /// Tasks in source order.
    pub tasks: Vec<Task>,
    /// `title …` (else the front matter's `title`).
    pub title: Option<String>,
    /// `accTitle` and `accDescr`.
    pub acc: Accessibility,
    /// Settings from front matter and directives.
    pub config: Config,
    /// Findings that do not stop the journey.
    pub warnings: Vec<Warning>,
}

/// A `section` line: a heading over the tasks after it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Section {
    /// Its text, as written.
    pub text: String,
    /// Where its text stands.
    pub span: Span,
}

/// A task (`Make tea: 5: Me, Cat`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Task {
    /// Its text, as written (trimmed).
    pub text: String,
    /// Where its text stands.
    pub span: Span,
    /// How the actors feel about it, 1 (bad) to 5 (good) usually.
    pub score: f32,
    /// The actors taking part, as written.
    pub actors: Vec<String>,
    /// The section it belongs to (the last one before it).
    pub section: Option<usize>,
}

impl Journey {
    /// Every actor once, sorted, as Mermaid's legend lists them.
    pub fn actors(&self) -> Vec<&str> {
        let mut all: Vec<&str> = self
            .tasks
            .iter()
            .flat_map(|t| t.actors.iter().map(String::as_str))
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }
}

crate::diagram::chart::chart_model!(Journey);
