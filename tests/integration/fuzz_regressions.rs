//! Inputs that once broke a fuzz target (see `fuzz/README.md`), kept as
//! files under `tests/fuzz-regressions/<target>/`. Each must now pass the
//! checks of its target. A new crash is added by copying its input there.

use std::path::PathBuf;

use crate::common::safety::check_render;
use mermaid_render::markdown::{blocks, replace};
use mermaid_render::Options;

/// The inputs of one target, as `(file name, text)`, sorted by name (none
/// when the target has no folder yet).
fn inputs(target: &str) -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-regressions")
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out: Vec<(String, String)> = entries
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(&path).unwrap();
            let text = String::from_utf8(bytes).unwrap_or_else(|_| panic!("{name} is not UTF-8"));
            (name, text)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn parse_inputs_give_a_model_or_an_error_inside_the_source() {
    // Every input of the render target is a parse input too.
    for (name, src) in inputs("parse").into_iter().chain(inputs("render_svg")) {
        if let Err(mermaid_render::Error::Parse(e)) = mermaid_render::stages::parse(&src) {
            assert!(
                e.span.start <= e.span.end && e.span.end <= src.len(),
                "{name}: {e}"
            );
            let _ = e.display(&name, &src);
        }
    }
}

#[test]
fn render_svg_inputs_render_safely() {
    let found = inputs("render_svg");
    assert!(!found.is_empty());
    for (name, src) in found {
        if let Err(e) = check_render(&src, &Options::default()) {
            panic!("{name}: {e}");
        }
    }
}

#[test]
fn markdown_inputs_keep_their_bytes_and_map_offsets_inside_blocks() {
    let found = inputs("markdown");
    assert!(!found.is_empty());
    for (name, doc) in found {
        let found = blocks(&doc);
        for b in &found {
            for offset in (0..=b.source.len()).filter(|&k| b.source.is_char_boundary(k)) {
                let at = b.document_offset(offset);
                assert!(
                    doc.is_char_boundary(at) && b.range.start <= at && at <= b.range.end,
                    "{name}: offset {offset} of block {:?} maps to {at}",
                    b.range
                );
            }
        }
        let same = replace(&doc, &found, |_, b| doc[b.range.clone()].to_string());
        assert_eq!(same, doc, "{name}: replacing blocks with themselves");
    }
}
