//! Mermaid's own cases (`../shared/corpus/er`): `ok` cases render,
//! `error` cases fail inside the text, every text Mermaid shows is among
//! the texts we draw, and Mermaid's counts of entities and relationships
//! are the model's (on the shared harness, `diagram::corpus_cases`).

use crate::diagram::corpus_cases::{run, Suite};

/// Every entity's span covers its name, every attribute's and
/// relationship's lies on character boundaries.
fn check_spans(d: &super::super::model::ErDiagram, src: &str) -> Result<(), String> {
    for e in &d.entities {
        if src.get(e.span.start..e.span.end) != Some(e.id.as_str()) {
            return Err(format!("entity {:?} has span {:?}", e.id, e.span));
        }
        for a in &e.attributes {
            src.get(a.span.start..a.span.end)
                .ok_or(format!("attribute span {:?} off the text", a.span))?;
        }
    }
    for r in &d.relationships {
        src.get(r.span.start..r.span.end)
            .ok_or(format!("span {:?} off the text", r.span))?;
    }
    Ok(())
}

/// The model's counts of what Mermaid counts.
fn counts(d: &super::super::model::ErDiagram) -> Vec<(&'static str, usize)> {
    vec![
        ("entities", d.entities.len()),
        ("relationships", d.relationships.len()),
    ]
}

#[test]
fn corpus() {
    run(&Suite {
        family: "er",
        render: super::super::render,
        parse: super::super::parse,
        spans: check_spans,
        counts,
        has_errors: true,
    });
}
