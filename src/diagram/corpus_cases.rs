//! The corpus harness every family slice's own corpus test runs on
//! Mermaid's cases (`../shared/corpus/<family>/`): `ok` cases render,
//! `error` cases fail with a span inside the text, every text Mermaid
//! shows (`labels.json`) is among the texts we draw, the parser's spans
//! lie on the text, and Mermaid's counts (`facts.json`) are the model's.
//!
//! Cases where some shown text is drawn differently on purpose are listed
//! in `tests/corpus-exceptions/<family>.md` under "Shown texts", one
//! `- name: reason` line each. Without the corpus the test says SKIPPED
//! loudly and passes, unless `MERMAID_RENDER_REQUIRE_CORPUS=1`.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::error::ParseError;
use crate::{Error, Options, Rendered};

/// What a family gives the harness: its folder and its stages.
pub(crate) struct Suite<M> {
    /// The corpus folder (`er`, `class`, `pie`).
    pub family: &'static str,
    /// The family's whole render.
    pub render: fn(&str, &Options) -> Result<Rendered, Error>,
    /// The family's parser.
    pub parse: fn(&str) -> Result<M, ParseError>,
    /// What is wrong with the model's spans, if anything.
    pub spans: fn(&M, &str) -> Result<(), String>,
    /// The model's counts under `facts.json`'s keys.
    pub counts: fn(&M) -> Vec<(&'static str, usize)>,
    /// The manifest lists `error` cases for this family.
    pub has_errors: bool,
}

/// The family's corpus folder, or `None` (said loudly) when absent; with
/// `MERMAID_RENDER_REQUIRE_CORPUS=1` an absent folder is a failure.
pub(crate) fn corpus_dir(family: &str) -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus")
        .join(family);
    if dir.join("manifest.tsv").exists() {
        return Some(dir);
    }
    if std::env::var("MERMAID_RENDER_REQUIRE_CORPUS").as_deref() == Ok("1") {
        panic!(
            "corpus folder {} is missing and MERMAID_RENDER_REQUIRE_CORPUS=1",
            dir.display()
        );
    }
    eprintln!("SKIPPED: {family} corpus not found at {}", dir.display());
    None
}

/// The `- name: reason` lines of `tests/corpus-exceptions/<family>.md`
/// (its "Shown texts" part).
pub(crate) fn exceptions(family: &str) -> BTreeSet<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus-exceptions")
        .join(format!("{family}.md"));
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
pub(crate) fn svg_text(svg: &str) -> String {
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

/// What one run over a family's corpus found.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Summary {
    /// `ok` cases drawn.
    pub ok_drawn: usize,
    /// `ok` cases.
    pub ok_total: usize,
    /// `error` cases that failed with a span inside the text.
    pub err_failed: usize,
    /// `error` cases.
    pub err_total: usize,
    /// Shown texts found in our SVG.
    pub found: usize,
    /// Shown texts listed.
    pub shown: usize,
    /// Cases whose counts were compared.
    pub counted: usize,
    /// Cases listed as exceptions.
    pub exceptions: usize,
}

/// Runs every case of the family's corpus, prints the counts and fails
/// the test on any case that does not behave (exceptions aside). `None`
/// when the corpus is absent (and not required).
pub(crate) fn run<M>(suite: &Suite<M>) -> Option<Summary> {
    let family = suite.family;
    let dir = corpus_dir(family)?;
    let manifest = std::fs::read_to_string(dir.join("manifest.tsv")).unwrap();
    let labels: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("labels.json")).unwrap()).unwrap();
    let facts: serde_json::Value = std::fs::read_to_string(dir.join("facts.json"))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    let excepted = exceptions(family);
    let mut s = Summary {
        exceptions: excepted.len(),
        ..Summary::default()
    };
    let mut failures = Vec::new();
    let options = Options::default();
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (name, expect) = (cols[0], cols[2]);
        let src = std::fs::read_to_string(dir.join(format!("{name}.mmd"))).unwrap();
        let skip = excepted.contains(name);
        let result = (suite.render)(&src, &options);
        if expect != "ok" {
            s.err_total += 1;
            match &result {
                Err(Error::Parse(e)) if e.span.end <= src.len() => s.err_failed += 1,
                Err(e) if !skip => failures.push(format!("{name}: fails without a span: {e}")),
                Ok(_) if !skip => failures.push(format!("{name}: Mermaid rejects it, we drew it")),
                _ => {}
            }
            continue;
        }
        s.ok_total += 1;
        let rendered = match result {
            Ok(r) => r,
            Err(e) => {
                if !skip {
                    failures.push(format!("{name}: should render: {e}"));
                }
                continue;
            }
        };
        s.ok_drawn += 1;
        let text = svg_text(&rendered.svg);
        if let Some(serde_json::Value::Array(list)) = labels.get(name) {
            for l in list.iter().filter_map(|v| v.as_str()) {
                let want: String = l.chars().filter(|c| !c.is_whitespace()).collect();
                s.shown += 1;
                if text.contains(&want) {
                    s.found += 1;
                } else if !skip {
                    failures.push(format!("{name}: shown text {l:?} not drawn"));
                }
            }
        }
        let Ok(d) = (suite.parse)(&src) else { continue };
        if let Err(e) = (suite.spans)(&d, &src) {
            failures.push(format!("{name}: {e}"));
        }
        if let Some(f) = facts.get(name) {
            for (key, n) in (suite.counts)(&d) {
                match f.get(key).and_then(|v| v.as_u64()) {
                    Some(m) if m as usize != n && !skip => {
                        failures.push(format!("{name}: Mermaid counts {m} {key}, the model {n}"))
                    }
                    _ => {}
                }
            }
            s.counted += 1;
        }
    }
    eprintln!(
        "{family} corpus: ok {}/{} drawn, error {}/{} rejected, shown texts {}/{} drawn, counts checked on {} cases, {} exceptions",
        s.ok_drawn, s.ok_total, s.err_failed, s.err_total, s.found, s.shown, s.counted, s.exceptions
    );
    assert!(
        failures.is_empty(),
        "{} corpus failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        s.ok_total > 0 && (s.err_total > 0 || !suite.has_errors),
        "the manifest lists no cases"
    );
    Some(s)
}
