//! Hostile and odd input: whatever the text, the library returns Ok or Err
//! and never panics; every Ok SVG is accepted by usvg and is the same twice;
//! every Err points inside the source. Each of `Options::limits` fails with
//! an error naming it, and the classic traps (deep nesting, huge chains,
//! cycles, long labels, NUL, CRLF and BOM) at full size give a picture or a
//! clear error on a 2 MB stack. Their speed is not asserted here (tests
//! assert behaviour).

use mermaid_render::{render, Error, Limits, Options};

fn check(src: &str) {
    check_with(src, &Options::default());
}

fn check_with(src: &str, options: &Options) {
    match std::panic::catch_unwind(|| render(src, options)) {
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
            mermaid_render::check_svg(&r.svg)
                .unwrap_or_else(|e| panic!("usvg rejects the SVG of {src:?}: {e}"));
            let again = render(src, options).unwrap();
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
    // 10 KB: usvg lays out one long line in quadratic time, so the 1 MB
    // label of the limit tests is checked without it.
    let long_label = format!("graph TD\n  A[{}] --> B", "word ".repeat(2_000));
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

/// Runs `f` on a thread with a 2 MB stack (the main thread has 8 MB), so
/// recursion that grows with the input shows up as a stack overflow.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

/// Options whose limits are `limits`.
fn with_limits(limits: Limits) -> Options {
    Options {
        limits,
        ..Options::default()
    }
}

/// `src` fails with a parse error naming `field`, whose span starts at
/// `at` (the first item past the limit).
fn check_limit(src: &str, options: &Options, field: &str, at: usize) {
    match render(src, options) {
        Err(Error::Parse(e)) => {
            assert!(
                e.message.contains(field),
                "message {:?} does not name {field}",
                e.message
            );
            let hint = e.hint.as_deref().unwrap_or("");
            assert!(
                hint.contains(field) && hint.contains("Options::limits"),
                "hint {hint:?} does not say how to raise {field}"
            );
            let shown: String = src.chars().take(200).collect();
            assert_eq!(e.span.start, at, "span of {:?} in {shown:?}", e.message);
        }
        Err(other) => panic!("expected a limit error naming {field}, got {other}"),
        Ok(_) => panic!("expected a limit error naming {field}, got a picture"),
    }
}

#[test]
fn each_limit_fails_with_an_error_naming_it_at_the_first_item_past_it() {
    let small = Limits {
        max_input_bytes: 200,
        max_nodes: 3,
        max_edges: 2,
        max_subgraph_depth: 2,
        max_label_chars: 5,
    };
    let options = with_limits(small);
    let long = format!("graph TD\n  A --> B\n%% {}\n", "x".repeat(200));
    check_limit(&long, &options, "max_input_bytes", 200);
    let nodes = "graph TD\n  A --> B\n  C\n  D --> A";
    check_limit(nodes, &options, "max_nodes", nodes.find("D -->").unwrap());
    let edges = "graph TD\n  A --> B\n  B --> C\n  C ==> A";
    check_limit(edges, &options, "max_edges", edges.find("==>").unwrap());
    let deep =
        "graph TD\n  subgraph a\n    subgraph b\n      subgraph c\n      end\n    end\n  end";
    check_limit(
        deep,
        &options,
        "max_subgraph_depth",
        deep.find("subgraph c").unwrap(),
    );
    let label = "graph TD\n  A[short] --> B[\"longer\"]";
    check_limit(
        label,
        &options,
        "max_label_chars",
        label.find("longer").unwrap(),
    );
    for (src, what) in [
        ("graph TD\n  A -->|abcdef| B", "edge label"),
        (
            "graph TD\n  subgraph s [abcdef]\n  A\n  end",
            "subgraph title",
        ),
        ("graph TD\n  A@{ label: \"abcdef\" }", "node data label"),
    ] {
        match render(src, &options) {
            Err(Error::Parse(e)) => assert!(e.message.contains("max_label_chars"), "{what}: {e}"),
            other => panic!("{what}: expected a label limit error, got {other:?}"),
        }
    }
    // At the limits exactly, everything is drawn.
    let at_limits =
        "graph TD\n  subgraph a\n    subgraph b\n      A[abcde] --> B\n    end\n  end\n  B --> C";
    assert!(render(at_limits, &options).is_ok());
    // Sequence diagrams obey the same bounds, with the same messages.
    let long = format!("sequenceDiagram\n  A->>B: hi\n%% {}\n", "x".repeat(200));
    check_limit(&long, &options, "max_input_bytes", 200);
    let actors = "sequenceDiagram\n  A->>B: hi\n  C->>D: ho";
    check_limit(actors, &options, "max_nodes", actors.rfind('D').unwrap());
    let rows = "sequenceDiagram\n  A->>B: 1\n  B->>A: 2\n  A->>B: 3";
    check_limit(rows, &options, "max_edges", rows.find("A->>B: 3").unwrap());
}

#[test]
fn a_cross_product_of_groups_stops_at_the_edge_limit() {
    // 600 x 600 pairs from one short line: 360,000 edges asked for.
    let group = |p: &str| {
        (0..600)
            .map(|i| format!("{p}{i}"))
            .collect::<Vec<_>>()
            .join(" & ")
    };
    let src = format!("graph TD\n  {} --> {}\n", group("a"), group("b"));
    check_limit(
        &src,
        &Options::default(),
        "max_edges",
        src.find("-->").unwrap(),
    );
}

#[test]
fn limits_can_be_raised_or_lifted() {
    let label = format!("graph TD\n  A[{}] --> B", "x".repeat(1 << 20));
    check_limit(
        &label,
        &Options::default(),
        "max_label_chars",
        "graph TD\n  A[".len(),
    );
    let lifted = with_limits(Limits::none());
    assert!(render(&label, &lifted).is_ok());
    assert_eq!(Limits::default().max_input_bytes, 10 * 1024 * 1024);
}

#[test]
fn ten_thousand_nested_subgraphs_need_no_deep_stack() {
    let depth = 10_000;
    let src = format!(
        "graph TD\n{}A --> B\n{}",
        "subgraph s\n".repeat(depth),
        "end\n".repeat(depth)
    );
    // Past the default limit: a clear error, not a crash.
    check_limit(
        &src,
        &Options::default(),
        "max_subgraph_depth",
        "graph TD\n".len() + 1_000 * "subgraph s\n".len(),
    );
    // Raised: all of it on a 2 MB stack.
    let options = with_limits(Limits {
        max_subgraph_depth: depth,
        ..Limits::default()
    });
    // Parsed, laid out, drawn and read back by usvg (the PNG path).
    let svg = on_small_stack(move || {
        let svg = render(&src, &options)?.svg;
        mermaid_render::check_svg(&svg)?;
        Ok::<_, Error>(svg)
    });
    let svg = svg.expect("10,000 nested subgraphs render");
    assert_eq!(svg.matches("class=\"cluster\"").count(), depth);
}

#[test]
fn the_classic_traps_at_full_size_give_a_picture_or_a_clear_error() {
    let chain = format!("graph TD\n  A{} --> B\n", " & A".repeat(100_000));
    let cycle = format!(
        "graph TD\n{}  n4999 --> n0\n",
        (0..4999)
            .map(|i| format!("  n{i} --> n{}\n", i + 1))
            .collect::<String>()
    );
    let nested_brackets = format!(
        "graph TD\n  A{}x{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let nested_parens = format!(
        "graph TD\n  A{}x{}\n",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    let nested_directive = format!(
        "%%{{init: {}{}}}%%\ngraph TD\n  A\n",
        "{\"a\": ".repeat(100_000),
        "}".repeat(100_000)
    );
    let nested_front_matter = format!(
        "---\nconfig: {}{}\n---\ngraph TD\n  A\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    // Nine levels of ten aliases each: a billion values if copied out.
    let mut laughs =
        String::from("---\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..10 {
        let refs = vec![format!("*l{}", level - 1); 10].join(", ");
        laughs.push_str(&format!("l{level}: &l{level} [{refs}]\n"));
    }
    laughs.push_str("config: *l9\n---\ngraph TD\n  A\n");
    let crlf_bom = format!(
        "\u{feff}graph TD\r\n{}",
        (0..500)
            .map(|i| format!("  n{i}[\"n{i}\"] --> n{}\r\n", i + 1))
            .collect::<String>()
    );
    let nul = format!("graph TD\n  A[\"{}\"] --> B\n", "\u{0}".repeat(1000));
    let traps: Vec<(&str, String)> = vec![
        ("100,000 & in a chain", chain),
        ("cycle through 5,000 nodes", cycle),
        ("100,000 nested brackets", nested_brackets),
        ("100,000 nested parentheses", nested_parens),
        ("100,000 nested directive objects", nested_directive),
        ("100,000 nested front matter lists", nested_front_matter),
        ("a billion laughs in front matter", laughs),
        ("CRLF and BOM", crlf_bom),
        ("NUL bytes in a label", nul),
    ];
    for (name, src) in traps {
        // One render each (determinism is the property tests' job), on a
        // small stack, its SVG checked by usvg.
        let outcome = on_small_stack(move || {
            let r = render(&src, &Options::default())?;
            mermaid_render::check_svg(&r.svg)?;
            Ok::<_, Error>(r.layout.nodes.len())
        });
        match (name, outcome) {
            ("100,000 & in a chain", Ok(n)) => assert_eq!(n, 2, "{name}"),
            ("cycle through 5,000 nodes", Ok(n)) => assert_eq!(n, 5000, "{name}"),
            ("CRLF and BOM", Ok(n)) => assert_eq!(n, 501, "{name}"),
            ("NUL bytes in a label", Ok(n)) => assert_eq!(n, 2, "{name}"),
            ("100,000 nested directive objects", Ok(n)) => assert_eq!(n, 1, "{name}"),
            ("100,000 nested front matter lists", Ok(n)) => assert_eq!(n, 1, "{name}"),
            ("a billion laughs in front matter", Ok(n)) => assert_eq!(n, 1, "{name}"),
            (_, Err(Error::Parse(_))) if name.contains("nested b") || name.contains("nested p") => {
            }
            (_, other) => panic!("{name}: unexpected {other:?}"),
        }
    }
}

#[test]
fn noncharacters_and_controls_never_reach_the_svg() {
    // Found by the property tests: U+FFFE is not an XML character.
    let src = "graph TD\n  A[\"a\u{fffe}b\u{ffff}c\u{1}d\u{1b}[31m\"] --> B";
    check(src);
    let svg = render(src, &Options::default()).unwrap().svg;
    assert!(!svg.contains(['\u{fffe}', '\u{ffff}', '\u{1}', '\u{1b}']));
}
