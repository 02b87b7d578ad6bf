//! Mermaid's own flowchart cases: every `ok` case must parse and every
//! `error` case must fail with a span inside the source. Cases we handle
//! differently on purpose are listed in `tests/corpus-exceptions/flowchart.md`.
//!
//! The corpus lives at `../shared/corpus/flowchart` (relative to the crate)
//! or wherever `MERMAID_RENDER_CORPUS` points. Without it the test says
//! SKIPPED loudly, unless `MERMAID_RENDER_REQUIRE_CORPUS=1`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Where the corpus is.
fn corpus_dir() -> PathBuf {
    match std::env::var_os("MERMAID_RENDER_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/flowchart"),
    }
}

/// Case name -> reason, from the first column of each table row.
fn exceptions() -> BTreeMap<String, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus-exceptions/flowchart.md");
    let text = fs::read_to_string(&path).expect("tests/corpus-exceptions/flowchart.md is readable");
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let cells: Vec<&str> = line
            .trim()
            .trim_matches('|')
            .split('|')
            .map(str::trim)
            .collect();
        if !line.trim_start().starts_with('|') || cells.len() < 2 {
            continue;
        }
        let name = cells[0].trim_matches('`');
        if name.is_empty() || name == "case" || name.starts_with("---") {
            continue;
        }
        out.insert(name.to_string(), cells[1].to_string());
    }
    out
}

/// What happened to one case.
enum Outcome {
    Pass,
    Fail(String),
}

/// Runs one case against its expectation.
fn check(source: &str, expect_ok: bool) -> Outcome {
    match (mermaid_render::parse::parse(source), expect_ok) {
        (Ok(_), true) => Outcome::Pass,
        (Err(e), false) => {
            if e.span.start <= e.span.end && e.span.end <= source.len() {
                Outcome::Pass
            } else {
                Outcome::Fail(format!("error span {:?} outside the source", e.span))
            }
        }
        (Ok(_), false) => Outcome::Fail("parsed, but Mermaid rejects it".to_string()),
        (Err(e), true) => {
            let (l, c) = e.line_col(source);
            Outcome::Fail(format!("{l}:{c}: {}", e.message))
        }
    }
}

#[test]
fn corpus_cases_parse_as_mermaid_says() {
    let dir = corpus_dir();
    let manifest = dir.join("manifest.tsv");
    let Ok(text) = fs::read_to_string(&manifest) else {
        if std::env::var("MERMAID_RENDER_REQUIRE_CORPUS").as_deref() == Ok("1") {
            panic!("corpus not found at {}", dir.display());
        }
        eprintln!("SKIPPED: corpus not found at {}", dir.display());
        return;
    };
    let exceptions = exceptions();
    let mut counts = BTreeMap::<&str, (usize, usize)>::new();
    let mut failures = Vec::new();
    let mut excepted_but_passing = Vec::new();
    for line in text.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            continue;
        }
        let (name, expect) = (cols[0], cols[2]);
        let expect_ok = match expect {
            "ok" => true,
            "error" => false,
            _ => continue,
        };
        let source = fs::read_to_string(dir.join(format!("{name}.mmd")))
            .unwrap_or_else(|e| panic!("{name}.mmd: {e}"));
        let tally = counts.entry(expect).or_default();
        tally.1 += 1;
        match check(&source, expect_ok) {
            Outcome::Pass => {
                tally.0 += 1;
                if exceptions.contains_key(name) {
                    excepted_but_passing.push(name.to_string());
                }
            }
            Outcome::Fail(why) => {
                if !exceptions.contains_key(name) {
                    failures.push(format!("{name} (expect {expect}): {why}"));
                }
            }
        }
    }
    for (expect, (pass, total)) in &counts {
        eprintln!("corpus {expect}: {pass}/{total} as Mermaid");
    }
    eprintln!("corpus exceptions listed: {}", exceptions.len());
    assert!(
        excepted_but_passing.is_empty(),
        "listed in corpus-exceptions.md but passing now (remove them): {excepted_but_passing:?}"
    );
    assert!(
        failures.is_empty(),
        "{} corpus case(s) fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
