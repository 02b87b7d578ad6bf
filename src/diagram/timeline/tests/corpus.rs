//! Mermaid's own cases (`../shared/corpus/timeline`) on the shared
//! harness (`diagram::corpus_cases`): every case renders, every text
//! Mermaid shows (title, sections, periods, events, and the pieces Mermaid
//! wraps them into) is drawn, Mermaid's counts of sections and tasks are
//! the model's; and every case obeys the chart laws.

use crate::diagram::chart::laws::corpus_obeys_the_laws;
use crate::diagram::corpus_cases::{run, Suite};

/// Every section's, period's and event's span covers its text.
fn check_spans(d: &super::super::model::Timeline, src: &str) -> Result<(), String> {
    let texts = d
        .sections
        .iter()
        .map(|s| (&s.text, s.span))
        .chain(d.periods.iter().flat_map(|p| {
            std::iter::once((&p.text, p.span)).chain(p.events.iter().map(|e| (&e.text, e.span)))
        }));
    for (text, span) in texts {
        if src.get(span.start..span.end) != Some(text.as_str()) {
            return Err(format!("{text:?} has span {span:?}"));
        }
    }
    Ok(())
}

/// The model's counts of what Mermaid counts (its tasks are our periods).
fn counts(d: &super::super::model::Timeline) -> Vec<(&'static str, usize)> {
    vec![("sections", d.sections.len()), ("tasks", d.periods.len())]
}

#[test]
fn corpus() {
    run(&Suite {
        family: "timeline",
        render: super::super::render,
        parse: super::super::parse,
        spans: check_spans,
        counts,
        has_errors: false,
    });
}

#[test]
fn corpus_cases_obey_the_chart_laws() {
    corpus_obeys_the_laws("timeline", super::super::render);
}
