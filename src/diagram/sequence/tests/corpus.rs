//! Mermaid's own cases (`../shared/corpus/sequence`): `ok` cases parse,
//! `error` cases fail inside the text, and every text Mermaid shows is
//! among the texts the model holds.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::super::model::*;
use super::super::parse;

pub(super) fn corpus_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/sequence");
    if dir.join("manifest.tsv").exists() {
        return Some(dir);
    }
    if std::env::var("MERMAID_RENDER_REQUIRE_CORPUS").as_deref() == Ok("1") {
        panic!(
            "corpus folder {} is missing and MERMAID_RENDER_REQUIRE_CORPUS=1",
            dir.display()
        );
    }
    eprintln!("SKIPPED: sequence corpus not found at {}", dir.display());
    None
}

/// `name: reason` lines of `tests/corpus-exceptions/sequence.md`.
pub(super) fn exceptions() -> BTreeMap<String, String> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus-exceptions/sequence.md");
    let Ok(text) = std::fs::read_to_string(path) else {
        return BTreeMap::new();
    };
    text.lines()
        .filter_map(|l| l.strip_prefix("- ").unwrap_or(l).split_once(": "))
        .filter(|(n, _)| !n.contains(' ') && !n.is_empty())
        .map(|(n, r)| (n.trim_matches('`').to_string(), r.to_string()))
        .collect()
}

/// Every text the model holds, as the lines Mermaid would show.
pub(super) fn model_texts(s: &Sequence) -> Vec<String> {
    let mut out = Vec::new();
    for p in &s.participants {
        out.extend(p.label.lines());
    }
    for b in &s.boxes {
        if let Some(l) = &b.label {
            out.extend(l.lines());
        }
    }
    if let Some(t) = &s.title {
        out.extend(t.lines());
    }
    for e in &s.events {
        match &e.kind {
            EventKind::Message(m) => {
                out.extend(m.text.lines());
                if let Some(n) = m.number {
                    out.push(format_number(n));
                }
            }
            EventKind::Note(n) => out.extend(n.text.lines()),
            EventKind::BlockStart { kind, label } => {
                out.extend(kind.tab().map(str::to_string));
                if *kind != BlockKind::Rect {
                    out.extend(bracketed(label));
                }
            }
            EventKind::BlockSection { label, .. } => out.extend(bracketed(label)),
            _ => {}
        }
    }
    out
}

/// Every text of the model whose raw string is a slice of the source,
/// checked to be exactly what its span covers; every other span to lie on
/// character boundaries of the source.
pub(super) fn check_spans(s: &Sequence, src: &str) -> Result<(), String> {
    let mut texts: Vec<&Text> = Vec::new();
    for e in &s.events {
        src.get(e.span.start..e.span.end)
            .ok_or(format!("event span {:?} off the text", e.span))?;
        match &e.kind {
            EventKind::Message(m) => texts.push(&m.text),
            EventKind::Note(n) => texts.push(&n.text),
            EventKind::BlockStart { label, .. } | EventKind::BlockSection { label, .. } => {
                texts.push(label)
            }
            _ => {}
        }
    }
    texts.extend(s.boxes.iter().filter_map(|b| b.label.as_ref()));
    texts.extend(s.participants.iter().map(|p| &p.label));
    for t in texts {
        match src.get(t.span.start..t.span.end) {
            Some(slice) if slice == t.raw => {}
            other => {
                return Err(format!(
                    "text {:?} has span {:?} covering {other:?}",
                    t.raw, t.span
                ))
            }
        }
    }
    for p in &s.participants {
        if src.get(p.span.start..p.span.end) != Some(p.id.as_str()) {
            return Err(format!("participant {:?} has span {:?}", p.id, p.span));
        }
    }
    Ok(())
}

/// A frame label as Mermaid shows it: `[text]`, or an empty line.
fn bracketed(label: &Text) -> Vec<String> {
    if label.raw.is_empty() {
        return vec![String::new()];
    }
    label.lines().iter().map(|l| format!("[{l}]")).collect()
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How a shown text is found among the model's: exactly (the empty line
/// Mermaid draws as a zero-width space included), as a run of whole words
/// of a longer text (Mermaid wrapped it), or of a frame label (Mermaid
/// wraps those to the frame whatever the `wrap` setting).
#[derive(Debug, PartialEq)]
pub(super) enum Found {
    Exact,
    Wrapped,
    FrameWrapped,
    Missing,
}

pub(super) fn find(label: &str, texts: &[String]) -> Found {
    let l = norm(label);
    let texts: Vec<String> = texts.iter().map(|t| norm(t)).collect();
    if label == "\u{200b}" && texts.contains(&String::new()) {
        return Found::Exact;
    }
    if texts.contains(&l) {
        return Found::Exact;
    }
    if l.is_empty() {
        return Found::Missing;
    }
    let words = |s: &str| format!(" {s} ");
    let (frames, others): (Vec<&String>, Vec<&String>) = texts
        .iter()
        .partition(|t| t.starts_with('[') && t.ends_with(']'));
    if others.iter().any(|t| words(t).contains(&words(&l))) {
        return Found::Wrapped;
    }
    // In a frame label the first part keeps the `[`, the last the `]`.
    if frames.iter().any(|t| {
        let inner = &t[1..t.len() - 1];
        words(&format!("[ {inner} ]")).contains(&words(&l.replace('[', "[ ").replace(']', " ]")))
    }) {
        return Found::FrameWrapped;
    }
    Found::Missing
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
    let mut facts_checked = 0;
    let exceptions = exceptions();
    let (mut ok_total, mut ok_parsed, mut err_total, mut err_failed) = (0, 0, 0, 0);
    let (mut shown, mut exact, mut wrapped, mut frame_wrapped) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (name, expect) = (cols[0], cols[2]);
        let src = std::fs::read_to_string(dir.join(format!("{name}.mmd"))).unwrap();
        let result = parse(&src);
        let excepted = exceptions.contains_key(name);
        match expect {
            "ok" => {
                ok_total += 1;
                match &result {
                    Ok(_) => ok_parsed += 1,
                    Err(e) if !excepted => {
                        failures.push(format!("{name}: should parse:\n{}", e.display(name, &src)))
                    }
                    Err(_) => {}
                }
            }
            _ => {
                err_total += 1;
                match &result {
                    Err(e) if e.span.start <= e.span.end && e.span.end <= src.len() => {
                        err_failed += 1;
                        eprintln!("{}", e.display(name, &src));
                    }
                    Err(e) => {
                        failures.push(format!("{name}: error span {:?} outside the text", e.span))
                    }
                    Ok(_) if !excepted => {
                        failures.push(format!("{name}: Mermaid rejects it, we accepted it"))
                    }
                    Ok(_) => {}
                }
            }
        }
        if let Ok(seq) = &result {
            if let Err(e) = check_spans(seq, &src) {
                failures.push(format!("{name}: {e}"));
            }
        }
        if let (Ok(seq), Some(f)) = (&result, facts.get(name)) {
            let ours = [
                ("actors", seq.participants.len()),
                ("messages", seq.messages().count()),
                ("notes", seq.notes().count()),
                ("boxes", seq.boxes.len()),
            ];
            for (key, n) in ours {
                match f.get(key).and_then(|v| v.as_u64()) {
                    Some(m) if m as usize == n => {}
                    Some(m) if !excepted => {
                        failures.push(format!("{name}: Mermaid counts {m} {key}, the model {n}"))
                    }
                    _ => {}
                }
            }
            facts_checked += 1;
        }
        if let (Ok(seq), Some(serde_json::Value::Array(list))) = (&result, labels.get(name)) {
            let texts = model_texts(seq);
            // Wrapped parts are only expected where wrapping is on: a
            // `wrap:` prefix, a `wrap` directive or setting, or the
            // Cypress options.
            let options = std::fs::read_to_string(dir.join(format!("{name}.options.json")))
                .unwrap_or_default();
            let wraps = src.contains("wrap") || options.contains("wrap");
            for l in list.iter().filter_map(|v| v.as_str()) {
                shown += 1;
                match find(l, &texts) {
                    Found::Exact => exact += 1,
                    Found::FrameWrapped => frame_wrapped += 1,
                    Found::Wrapped if wraps => wrapped += 1,
                    Found::Wrapped if !excepted => failures.push(format!(
                        "{name}: shown text {l:?} is only part of a model text, but wrapping is off"
                    )),
                    Found::Missing if !excepted => failures.push(format!(
                        "{name}: shown text {l:?} not in the model; model has {texts:?}"
                    )),
                    Found::Missing | Found::Wrapped => {}
                }
            }
        }
    }
    eprintln!(
        "sequence corpus: ok {ok_parsed}/{ok_total} parsed, error {err_failed}/{err_total} rejected, shown texts {}/{shown} found ({exact} exact, {wrapped} as parts of texts wrapped by the wrap setting, {frame_wrapped} as parts of wrapped frame labels), counts checked on {facts_checked} cases, {} exceptions",
        exact + wrapped + frame_wrapped,
        exceptions.len()
    );
    assert!(
        failures.is_empty(),
        "{} corpus failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(ok_total > 0 && err_total > 0, "the manifest lists no cases");
}

#[test]
fn shown_texts_match_whole_words_only() {
    let texts = [
        "Hello big world".to_string(),
        "[a frame label]".to_string(),
        String::new(),
    ];
    assert_eq!(find("Hello big world", &texts), Found::Exact);
    assert_eq!(find("\u{200b}", &texts), Found::Exact);
    assert_eq!(find("big world", &texts), Found::Wrapped);
    assert_eq!(find("ig wor", &texts), Found::Missing);
    assert_eq!(find("[a frame", &texts), Found::FrameWrapped);
    assert_eq!(find("label]", &texts), Found::FrameWrapped);
    assert_eq!(find("frame", &texts), Found::FrameWrapped);
    assert_eq!(find("[label]", &texts), Found::Missing);
    assert_eq!(find("Goodbye", &texts), Found::Missing);
}
