//! Mermaid's own cases (`../shared/corpus/state`): `ok` cases render,
//! `error` cases fail inside the text, and every text Mermaid shows
//! (`labels.json`) is among the texts we draw.

use std::collections::BTreeMap;
use std::path::PathBuf;

fn corpus_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/state");
    if dir.join("manifest.tsv").exists() {
        return Some(dir);
    }
    if std::env::var("MERMAID_RENDER_REQUIRE_CORPUS").as_deref() == Ok("1") {
        panic!(
            "corpus folder {} is missing and MERMAID_RENDER_REQUIRE_CORPUS=1",
            dir.display()
        );
    }
    eprintln!("SKIPPED: state corpus not found at {}", dir.display());
    None
}

/// The case names of `tests/corpus-exceptions/state.md` (first column of
/// its table).
fn exceptions() -> Vec<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus-exceptions/state.md");
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    text.lines()
        .filter(|l| l.trim_start().starts_with('|'))
        .filter_map(|l| l.trim().trim_matches('|').split('|').next())
        .map(|c| c.trim().trim_matches('`').to_string())
        .filter(|c| !c.is_empty() && c != "case" && !c.starts_with("---"))
        .collect()
}

/// The text content of `svg`'s `<text>` elements, entities decoded.
pub(super) fn drawn_text(svg: &str) -> String {
    let mut out = String::new();
    let mut rest = svg;
    while let Some(k) = rest.find("<text") {
        let after = &rest[k..];
        let end = after.find("</text>").unwrap_or(after.len());
        let mut in_tag = false;
        for c in after[..end].chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.push('\n');
        rest = &after[end..];
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// `s` without white space, entity codes decoded.
fn squeeze(s: &str) -> String {
    crate::text::decode_label(s, crate::text::LabelKind::Text).into_iter().flatten().map(|r| r.text).collect::<String>()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[test]
fn every_case_behaves_as_mermaid_says_and_shows_mermaids_texts() {
    let Some(dir) = corpus_dir() else { return };
    let labels: BTreeMap<String, serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(dir.join("labels.json")).expect("labels.json"),
    )
    .expect("labels.json is JSON");
    let manifest = std::fs::read_to_string(dir.join("manifest.tsv")).expect("manifest");
    let excepted = exceptions();
    let (mut cases, mut failures) = (0, Vec::new());
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (name, expect_ok) = match cols.as_slice() {
            [name, _, "ok", ..] => (*name, true),
            [name, _, "error", ..] => (*name, false),
            _ => continue,
        };
        if excepted.iter().any(|e| e == name) {
            continue;
        }
        cases += 1;
        let src = std::fs::read_to_string(dir.join(format!("{name}.mmd"))).expect("case");
        let result = super::super::render(&src, &crate::Options::default());
        match (result, expect_ok) {
            (Ok(r), true) => {
                let drawn = squeeze(&drawn_text(&r.svg));
                let shown = labels.get(name).and_then(|v| v.as_array()).cloned();
                for l in shown.unwrap_or_default() {
                    let Some(text) = l.as_str() else { continue };
                    let want = squeeze(text);
                    if !want.is_empty() && !drawn.contains(&want) {
                        failures.push(format!("{name}: does not show {text:?}"));
                    }
                }
            }
            (Err(crate::Error::Parse(e)), false) => {
                assert!(e.span.end <= src.len(), "{name}: span off the text");
            }
            (Ok(_), false) => failures.push(format!("{name}: drawn, but Mermaid rejects it")),
            (Err(e), _) => failures.push(format!("{name}: {e}")),
        }
    }
    eprintln!("state corpus: {cases} cases, {} failures", failures.len());
    assert!(cases > 100, "only {cases} cases");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
