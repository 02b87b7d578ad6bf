//! Every `ok` case of Mermaid's corpus renders: no error, no panic, an SVG
//! that usvg accepts with no `<foreignObject>`, every text Mermaid shows
//! (from `labels.json`) present in it, and a layout that obeys the layout
//! laws (no overlaps, cluster faults, edges through nodes, label overlaps).
//!
//! Corpus location and skipping as in `tests/corpus_parse.rs`:
//! `MERMAID_RENDER_CORPUS`, else `../shared/corpus/flowchart`; absent means a
//! loud SKIPPED, or a failure under `MERMAID_RENDER_REQUIRE_CORPUS=1`.

use std::path::{Path, PathBuf};

use mermaid_render::{render, Options};
use serde_json::Value as Json;

fn corpus_dir() -> PathBuf {
    match std::env::var_os("MERMAID_RENDER_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/flowchart"),
    }
}

/// Shapes on which Mermaid draws no label (corpus README).
const LABEL_LESS: &[&str] = &[
    "sm-circ",
    "start",
    "small-circle",
    "fr-circ",
    "stop",
    "framed-circle",
    "fork",
    "join",
    "hourglass",
    "collate",
    "bolt",
    "com-link",
    "lightning-bolt",
    "f-circ",
    "junction",
    "filled-circle",
    "cross-circ",
    "summary",
    "crossed-circle",
    "choice",
    "anchor",
];

/// What a viewer reads of a raw label: tags, markdown markers and icon
/// tokens removed, entity codes decoded, whitespace removed (line breaks
/// and wrapping put text in separate `<tspan>`s).
fn visible(raw: &str) -> String {
    let mut s = String::new();
    let mut in_tag = false;
    let chars: Vec<char> = raw.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '<'
            && chars
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_alphabetic() || *n == '/')
        {
            in_tag = true;
        } else if in_tag && c == '>' {
            in_tag = false;
        } else if !in_tag {
            s.push(c);
        }
        i += 1;
    }
    // labels.json keeps Mermaid's placeholders for entity codes:
    // `ﬂ°name¶ß` for `#name;` and `ﬂ°°123¶ß` for `#123;`.
    let s = s.replace("ﬂ°°", "#").replace("ﬂ°", "#").replace("¶ß", ";");
    let mut s = decode(&s);
    s = s
        .split_whitespace()
        .filter(|w| !(w.contains(":fa-") && w.starts_with("fa")))
        .collect::<Vec<_>>()
        .join(" ");
    s.chars()
        .filter(|c| !c.is_whitespace() && !"*_`".contains(*c))
        .collect()
}

fn decode(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(p) = rest.find(['#', '&']) {
        out.push_str(&rest[..p]);
        let after = &rest[p + 1..];
        let body = after.strip_prefix('#').unwrap_or(after);
        let end = body.find(';').filter(|&e| e > 0 && e < 10);
        let ch = end.and_then(|e| {
            let name = &body[..e];
            let c = match name {
                "quot" => Some('"'),
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => name.parse::<u32>().ok().and_then(char::from_u32),
            };
            c.map(|c| (c, e + 1 + (after.len() - body.len())))
        });
        match ch {
            Some((c, len)) => {
                out.push(c);
                rest = &after[len..];
            }
            None => {
                out.push_str(&rest[p..p + 1]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text content of an SVG, whitespace and markdown markers removed.
fn svg_text(svg: &str) -> String {
    crate::common::svg_text(svg)
        .chars()
        .filter(|c| !c.is_whitespace() && !"*_`".contains(*c))
        .collect()
}

#[test]
fn every_ok_case_renders_with_its_labels_and_a_clean_layout() {
    let dir = corpus_dir();
    let manifest = match std::fs::read_to_string(dir.join("manifest.tsv")) {
        Ok(m) => m,
        Err(_) => {
            if std::env::var("MERMAID_RENDER_REQUIRE_CORPUS").as_deref() == Ok("1") {
                panic!("corpus required but not found at {}", dir.display());
            }
            eprintln!(
                "SKIPPED: corpus not found at {} (set MERMAID_RENDER_CORPUS)",
                dir.display()
            );
            return;
        }
    };
    let labels = std::fs::read_to_string(dir.join("labels.json"))
        .ok()
        .map(|t| serde_json::from_str::<Json>(&t).expect("labels.json parses"));
    let mut failures = Vec::new();
    let mut passed = 0;
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 || cols[2] != "ok" {
            continue;
        }
        let name = cols[0];
        let Ok(src) = std::fs::read_to_string(dir.join(format!("{name}.mmd"))) else {
            failures.push(format!("{name}: unreadable"));
            continue;
        };
        let result = std::panic::catch_unwind(|| render(&src, &Options::default()));
        let rendered = match result {
            Ok(Ok(r)) => r,
            Ok(Err(e)) => {
                failures.push(format!("{name}: error: {e}"));
                continue;
            }
            Err(_) => {
                failures.push(format!("{name}: PANIC"));
                continue;
            }
        };
        let mut problems = Vec::new();
        if rendered.svg.contains("foreignObject") {
            problems.push("has foreignObject".to_string());
        }
        if let Err(e) = mermaid_render::check_svg(&rendered.svg) {
            problems.push(format!("usvg rejects it: {e}"));
        }
        let text = svg_text(&rendered.svg);
        if let Some(Json::Array(items)) = labels.as_ref().and_then(|l| l.get(name)) {
            let subgraph_ids: Vec<&str> = items
                .iter()
                .filter(|i| i.get("kind").and_then(Json::as_str) == Some("subgraph"))
                .filter_map(|i| i.get("id").and_then(Json::as_str))
                .collect();
            for item in items {
                // A vertex named like a subgraph (from `style sub …`) is
                // drawn as that subgraph's frame, not as a node.
                let is_node = item.get("kind").and_then(Json::as_str) == Some("node");
                let id = item.get("id").and_then(Json::as_str).unwrap_or("");
                if is_node && subgraph_ids.contains(&id) {
                    continue;
                }
                let shape = item.get("shape").and_then(Json::as_str).unwrap_or("");
                if LABEL_LESS.contains(&shape) {
                    continue;
                }
                let raw = item.get("text").and_then(Json::as_str).unwrap_or("");
                // In a plain label Mermaid's flowcharts break the line at
                // the two characters `\n` (not in markdown or KaTeX).
                let plain = item.get("labelType").and_then(Json::as_str) != Some("markdown");
                let raw = if plain && !raw.contains("$$") {
                    raw.replace("\\n", "\n")
                } else {
                    raw.to_string()
                };
                let want = visible(&raw);
                if !want.is_empty() && !text.contains(&want) {
                    problems.push(format!("label {want:?} missing"));
                }
            }
        }
        let faults = crate::common::faults(&rendered.layout);
        if !faults.is_empty() {
            problems.push(format!(
                "{} layout faults, e.g. {}",
                faults.len(),
                faults[0]
            ));
        }
        if problems.is_empty() {
            passed += 1;
        } else {
            failures.push(format!("{name}: {}", problems.join("; ")));
        }
    }
    eprintln!("corpus render: {passed} passed, {} failed", failures.len());
    assert!(
        failures.is_empty(),
        "{} cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
