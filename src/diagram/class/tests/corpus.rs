//! Mermaid's own cases (`../shared/corpus/class`): `ok` cases render,
//! `error` cases fail inside the text, every text Mermaid shows is among
//! the texts we draw, and Mermaid's counts of classes, relations and notes
//! are the model's (on the shared harness, `diagram::corpus_cases`).

use crate::diagram::corpus_cases::{run, Suite};

/// Every class's span covers its name, every member's its text, every
/// relation, note and namespace span lies on character boundaries.
fn check_spans(d: &super::super::model::ClassDiagram, src: &str) -> Result<(), String> {
    for c in d.classes.iter().filter(|c| !(c.interface && c.label.is_some())) {
        if src.get(c.span.start..c.span.end) != Some(c.id.as_str()) {
            return Err(format!("class {:?} has span {:?}", c.id, c.span));
        }
        for m in c.attributes.iter().chain(&c.methods) {
            if src.get(m.span.start..m.span.end) != Some(m.raw.as_str()) {
                return Err(format!("member {:?} has span {:?}", m.raw, m.span));
            }
        }
    }
    let others = d
        .relations
        .iter()
        .map(|r| r.span)
        .chain(d.notes.iter().map(|n| n.span))
        .chain(d.namespaces.iter().map(|n| n.span));
    for span in others {
        src.get(span.start..span.end)
            .ok_or(format!("span {span:?} off the text"))?;
    }
    Ok(())
}

/// The model's counts of what Mermaid counts (interfaces aside).
fn counts(d: &super::super::model::ClassDiagram) -> Vec<(&'static str, usize)> {
    vec![
        ("classes", d.classes.iter().filter(|c| !c.interface).count()),
        ("relations", d.relations.len()),
        ("notes", d.notes.len()),
    ]
}

#[test]
fn corpus() {
    run(&Suite {
        family: "class",
        render: super::super::render,
        parse: super::super::parse,
        spans: check_spans,
        counts,
        has_errors: true,
    });
}
