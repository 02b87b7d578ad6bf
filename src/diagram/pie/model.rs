//! What a pie chart says: its slices in source order, the title, whether
//! legend entries show their values, the accessibility texts. Built by
//! the parser; read by layout and scene, which never fail on it.

use crate::config::Config;
use crate::diagram::chart::Accessibility;
use crate::error::{Span, Warning};

/// A parsed pie chart.
#[derive(Debug, Clone, Default)]
pub(crate) struct PieChart {
    /// Slices in source order (a label given twice: the first one).
    pub slices: Vec<Slice>,
    /// `title …` (else the front matter's `title`).
    pub title: Option<String>,
    /// `showData`: legend entries read `Label [value]`.
    pub show_data: bool,
    /// `accTitle` and `accDescr`.
    pub acc: Accessibility,
    /// Settings from front matter and directives.
    pub config: Config,
    /// Findings that do not stop the chart.
    pub warnings: Vec<Warning>,
}

/// One slice: a label and a value of zero or more.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Slice {
    /// The label, quotes and escapes removed.
    pub label: String,
    /// The value.
    pub value: f64,
    /// Where the slice statement stands.
    pub span: Span,
}

impl PieChart {
    /// The sum of all values.
    pub fn total(&self) -> f64 {
        self.slices.iter().map(|s| s.value).sum()
    }
}

impl Slice {
    /// The value as JavaScript prints a number (`42.96`, `5`), for the
    /// legend with `showData`.
    pub fn value_text(&self) -> String {
        format!("{}", self.value)
    }
}

crate::diagram::chart::chart_model!(PieChart);
