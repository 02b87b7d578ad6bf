//! Benchmarks of whole documents: the seed Markdown file (six ```mermaid
//! blocks with Korean and English labels) from text to every picture, and
//! its PDF output. Run with `cargo bench --bench documents`; see
//! docs/performance.md.

use divan::{black_box, Bencher};
use mermaid_render::{markdown, render_pdf, render_svg, Options};

fn main() {
    divan::main();
}

const DOCUMENT: &str = include_str!("../samples/seed-orchestration-roadmap.md");

/// Finding the blocks only (CommonMark parse of the whole document).
#[divan::bench]
fn markdown_blocks() -> usize {
    markdown::blocks(black_box(DOCUMENT)).len()
}

/// Every block to SVG, one after another, and the rewritten Markdown.
#[divan::bench]
fn markdown_to_svg(b: Bencher) {
    let options = Options::default();
    b.bench(|| {
        let blocks = markdown::blocks(black_box(DOCUMENT));
        let svgs: Vec<String> = blocks
            .iter()
            .map(|block| render_svg(&block.source, &options).unwrap())
            .collect();
        markdown::replace(DOCUMENT, &blocks, |i, _| {
            format!("![diagram](./doc-{}.svg) {}", i + 1, svgs[i].len())
        })
    });
}

/// Every block to PDF (layout, SVG, usvg, font subsetting, PDF objects).
#[divan::bench]
fn markdown_to_pdf(b: Bencher) {
    let options = Options::default();
    let blocks = markdown::blocks(DOCUMENT);
    b.bench(|| {
        blocks
            .iter()
            .map(|block| {
                render_pdf(black_box(&block.source), &options)
                    .unwrap()
                    .len()
            })
            .sum::<usize>()
    });
}
