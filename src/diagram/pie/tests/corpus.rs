//! Mermaid's own cases (`../shared/corpus/pie`) on the shared harness
//! (`diagram::corpus_cases`): `ok` cases render, the `error` case fails at
//! its value, every text Mermaid shows (percentages, title, legend) is
//! drawn, Mermaid's count of slices is the model's; and every drawn case
//! obeys the chart laws.

use crate::diagram::chart::laws::faults;
use crate::diagram::corpus_cases::{corpus_dir, run, Suite};

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
    let Some(dir) = corpus_dir("pie") else { return };
    let manifest = std::fs::read_to_string(dir.join("manifest.tsv")).unwrap();
    let mut bad = Vec::new();
    let mut seen = 0;
    for line in manifest.lines().skip(1).filter(|l| l.contains("\tok\t")) {
        let name = line.split('\t').next().unwrap_or_default();
        let src = std::fs::read_to_string(dir.join(format!("{name}.mmd"))).unwrap();
        let options = crate::Options::default();
        let Ok(first) = super::super::render(&src, &options) else { continue };
        let again = super::super::render(&src, &options).map(|r| r.svg).ok();
        if again.as_deref() != Some(first.svg.as_str()) {
            bad.push(format!("{name}: different bytes on the second render"));
        }
        bad.extend(faults(&first.layout, &first.svg).into_iter().map(|f| format!("{name}: {f}")));
        seen += 1;
    }
    assert!(seen > 0);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
