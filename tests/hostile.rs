//! Hostile and odd input: whatever the text, the library returns Ok or Err
//! and never panics; every Ok SVG is accepted by usvg and is the same twice;
//! every Err points inside the source.

use mermaid_render::{render, Options};

fn check(src: &str) {
    match std::panic::catch_unwind(|| render(src, &Options::default())) {
        Err(_) => panic!("panic on input {src:?}"),
        Ok(Err(mermaid_render::Error::Parse(e))) => {
            assert!(
                e.span.start <= e.span.end && e.span.end <= src.len(),
                "span {:?} outside {src:?}",
                e.span
            );
            let (line, col) = e.line_col(src);
            assert!(line >= 1 && col >= 1);
        }
        Ok(Err(e)) => panic!("unexpected error {e} for {src:?}"),
        Ok(Ok(r)) => {
            mermaid_render::render::png::parse_svg(&r.svg)
                .unwrap_or_else(|e| panic!("usvg rejects the SVG of {src:?}: {e}"));
            let again = render(src, &Options::default()).unwrap();
            assert_eq!(r.svg, again.svg, "not deterministic for {src:?}");
        }
    }
}

fn seed(n: usize) -> String {
    let path = format!("{}/samples/seed-0{n}.mmd", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn random_edits_of_the_seeds_never_break_the_pipeline() {
    let pieces = [
        "[",
        "]",
        "(",
        ")",
        "{",
        "}",
        "\"",
        "|",
        "-->",
        "---",
        "==>",
        "-.->",
        "~~~",
        "&",
        ":::",
        "\n",
        ";",
        " ",
        "subgraph ",
        "end",
        "%%",
        "<br/>",
        "#quot;",
        "@{",
        "한",
        "\u{0}",
        "\r\n",
        "style ",
        "classDef x fill:#f00",
        "direction LR\n",
    ];
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = |m: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % m as u64) as usize
    };
    for round in 0..200 {
        let mut src = seed(1 + round % 6);
        for _ in 0..1 + next(4) {
            let mut at = next(src.len() + 1);
            while !src.is_char_boundary(at) {
                at -= 1;
            }
            match next(3) {
                0 => src.insert_str(at, pieces[next(pieces.len())]),
                1 => {
                    let mut end = (at + 1 + next(8)).min(src.len());
                    while !src.is_char_boundary(end) {
                        end += 1;
                    }
                    src.replace_range(at..end, "");
                }
                _ => {
                    let mut end = (at + 1).min(src.len());
                    while !src.is_char_boundary(end) {
                        end += 1;
                    }
                    src.replace_range(at..end, pieces[next(pieces.len())]);
                }
            }
        }
        check(&src);
    }
}

#[test]
fn classic_traps_give_a_picture_or_a_clear_error() {
    let nested = format!("graph TD\n  A{}x{}", "[".repeat(500), "]".repeat(500));
    let chain = format!(
        "graph TD\n  {} --> Z",
        (0..800)
            .map(|i| format!("n{i}"))
            .collect::<Vec<_>>()
            .join(" & ")
    );
    let cycle = format!(
        "graph TD\n{}  n299 --> n0\n",
        (0..299)
            .map(|i| format!("  n{i} --> n{}\n", i + 1))
            .collect::<String>()
    );
    let deep = format!(
        "graph TD\n{}A\n{}",
        "subgraph s\n".repeat(300),
        "end\n".repeat(300)
    );
    let long_label = format!("graph TD\n  A[{}] --> B", "word ".repeat(20_000));
    for src in [
        "",
        "graph",
        "graph TD",
        "\u{feff}graph TD\r\n  A --> B\r\n",
        "graph TD\n  A\u{0}B --> C",
        "flowchart LR\n  A --> A --> A",
        "graph TD\n  A[\"unterminated",
        nested.as_str(),
        chain.as_str(),
        cycle.as_str(),
        deep.as_str(),
        long_label.as_str(),
    ] {
        check(src);
    }
}
