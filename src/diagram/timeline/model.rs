//! What a timeline says: periods in source order, each with its events,
//! grouped into sections, and a title. Built by the parser; read by
//! layout and scene, which never fail on it.

use crate::config::Config;
use crate::diagram::chart::Accessibility;
use crate::error::{Span, Warning};

/// A parsed timeline.
#[derive(Debug, Clone, Default)]
pub(crate) struct Timeline {
    /// Sections in source order.
    pub sections: Vec<Section>,
    /// Periods in source order.
    pub periods: Vec<Period>,
    /// `title …` (else the front matter's `title`).
    pub title: Option<String>,
    /// The header asked for a direction (`TD` or `LR`); the timeline is
    /// drawn left to right either way.
    pub direction: Option<String>,
    /// `accTitle` and `accDescr`.
    pub acc: Accessibility,
    /// Settings from front matter and directives.
    pub config: Config,
    /// Findings that do not stop the timeline.
    pub warnings: Vec<Warning>,
}

/// A `section` line: a heading over the periods after it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Section {
    /// Its text, as written.
    pub text: String,
    /// Where its text stands.
    pub span: Span,
}

/// A period (`2004 : Facebook : Google`) and its events.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Period {
    /// Its text, as written (trimmed).
    pub text: String,
    /// Where its text stands.
    pub span: Span,
    /// The section it belongs to (the last one before it).
    pub section: Option<usize>,
    /// Its events in order (continuation lines `: …` included).
    pub events: Vec<Event>,
}

/// One event of a period.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Event {
    /// Its text, as written (trimmed).
    pub text: String,
    /// Where its text stands.
    pub span: Span,
}

crate::diagram::chart::chart_model!(Timeline);
