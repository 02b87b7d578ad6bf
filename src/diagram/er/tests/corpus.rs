//! Mermaid's own cases (`../shared/corpus/er`): `ok` cases render,
//! `error` cases fail inside the text, every text Mermaid shows is among
//! the texts we draw, and Mermaid's counts of entities and relationships
//! are the model's.
//! (Built like the class slice's corpus test.)

use std::collections::BTreeSet;
use std::path::PathBuf;

fn corpus_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/er");
    if dir.join("manifest.tsv").exists() {
        return Some(dir);
    }
    if std::env::var("MERMAID_RENDER_REQUIRE_CORPUS").as_deref() == Ok("1") {
        panic!(
            "corpus folder {} is missing and MERMAID_RENDER_REQUIRE_CORPUS=1",
            dir.display()
        );
    }
    eprintln!("SKIPPED: er corpus not found at {}", dir.display());
    None
}

/// The `- name: reason` lines of `tests/corpus-exceptions/er.md`
/// (its "Shown texts" part).
fn exceptions() -> BTreeSet<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus-exceptions/er.md");
    let Ok(text) = std::fs::read_to_string(path) else {
        return BTreeSet::new();
    };
    text.lines()
        .filter_map(|l| l.strip_prefix("- ")?.split_once(": "))
        .map(|(n, _)| n.trim_matches('`').to_string())
        .collect()
}

/// The text an SVG shows: the contents of its elements, entities decoded,
/// without any white space (Mermaid's shown texts join lines without a
/// separator).
fn svg_text(svg: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    let mut in_style = false;
    for (k, c) in svg.char_indices() {
        match c {
            '<' => {
                in_tag = true;
                in_style = svg[k..].starts_with("<style");
            }
            '>' => in_tag = false,
            c if !in_tag && !in_style && !c.is_whitespace() => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

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

#[test]
fn corpus() {
    let Some(dir) = corpus_dir() else { return };
    let manifest = std::fs::read_to_string(dir.join("manifest.tsv")).unwrap();
    let labels: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("labels.json")).unwrap()).unwrap();
    let facts: serde_json::Value = std::fs::read_to_string(dir.join("facts.json"))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    let excepted = exceptions();
    let (mut ok_total, mut ok_drawn, mut err_total, mut err_failed) = (0, 0, 0, 0);
    let (mut shown, mut found, mut counted) = (0, 0, 0);
    let mut failures = Vec::new();
    let options = crate::Options::default();
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (name, expect) = (cols[0], cols[2]);
        let src = std::fs::read_to_string(dir.join(format!("{name}.mmd"))).unwrap();
        let skip = excepted.contains(name);
        let result = super::super::render(&src, &options);
        if expect != "ok" {
            err_total += 1;
            match &result {
                Err(crate::Error::Parse(e)) if e.span.end <= src.len() => err_failed += 1,
                Err(e) if !skip => failures.push(format!("{name}: fails without a span: {e}")),
                Ok(_) if !skip => failures.push(format!("{name}: Mermaid rejects it, we drew it")),
                _ => {}
            }
            continue;
        }
        ok_total += 1;
        let rendered = match result {
            Ok(r) => r,
            Err(e) => {
                if !skip {
                    failures.push(format!("{name}: should render: {e}"));
                }
                continue;
            }
        };
        ok_drawn += 1;
        let text = svg_text(&rendered.svg);
        if let Some(serde_json::Value::Array(list)) = labels.get(name) {
            for l in list.iter().filter_map(|v| v.as_str()) {
                let want: String = l.chars().filter(|c| !c.is_whitespace()).collect();
                shown += 1;
                if text.contains(&want) {
                    found += 1;
                } else if !skip {
                    failures.push(format!("{name}: shown text {l:?} not drawn"));
                }
            }
        }
        if let Ok(d) = super::super::parse(&src) {
            if let Err(e) = check_spans(&d, &src) {
                failures.push(format!("{name}: {e}"));
            }
        }
        if let (Some(f), Ok(d)) = (facts.get(name), super::super::parse(&src)) {
            let ours = [
                ("entities", d.entities.len()),
                ("relationships", d.relationships.len()),
            ];
            for (key, n) in ours {
                match f.get(key).and_then(|v| v.as_u64()) {
                    Some(m) if m as usize != n && !skip => {
                        failures.push(format!("{name}: Mermaid counts {m} {key}, the model {n}"))
                    }
                    _ => {}
                }
            }
            counted += 1;
        }
    }
    eprintln!(
        "er corpus: ok {ok_drawn}/{ok_total} drawn, error {err_failed}/{err_total} rejected, shown texts {found}/{shown} drawn, counts checked on {counted} cases, {} exceptions",
        excepted.len()
    );
    assert!(
        failures.is_empty(),
        "{} corpus failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(ok_total > 0 && err_total > 0, "the manifest lists no cases");
}
