//! Mermaid's own cases (`../shared/corpus/pie`) on the shared harness
//! (`diagram::corpus_cases`): `ok` cases render, the `error` case fails at
//! its value, every text Mermaid shows (percentages, title, legend) is
//! drawn, Mermaid's count of slices is the model's; and every drawn case
//! obeys the chart laws.

use crate::diagram::chart::laws::corpus_obeys_the_laws;
use crate::diagram::corpus_cases::{run, Suite};

/// Every slice's span starts at its label's quote and lies on the text.
fn check_spans(d: &super::super::model::PieChart, src: &str) -> Result<(), String> {
    for s in &d.slices {
        match src.get(s.span.start..s.span.end) {
            Some(t) if t.starts_with(['"', '\'']) => {}
            _ => return Err(format!("slice {:?} has span {:?}", s.label, s.span)),
        }
    }
    Ok(())
}

/// The model's counts of what Mermaid counts.
fn counts(d: &super::super::model::PieChart) -> Vec<(&'static str, usize)> {
    vec![("slices", d.slices.len())]
}

#[test]
fn corpus() {
    run(&Suite {
        family: "pie",
        render: super::super::render,
        parse: super::super::parse,
        spans: check_spans,
        counts,
        has_errors: true,
    });
}

#[test]
fn corpus_cases_obey_the_chart_laws() {
    corpus_obeys_the_laws("pie", super::super::render);
}
