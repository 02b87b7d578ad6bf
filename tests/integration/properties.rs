//! Properties of the whole pipeline on generated input: arbitrary text,
//! structure-aware flowcharts (random ids, shapes, links, labels full of
//! `<>&"'`, subgraphs, styles, classes, clicks, directives) and sequence
//! diagrams (every arrow, participant kinds, notes, nested frames, boxes,
//! create/destroy, links with hostile schemes, wrapping) and ER diagrams
//! (hostile quoted names and aliases, attribute rows, every cardinality,
//! styles). For all of them
//! the library returns `Ok` or a parse error and never panics; every SVG is
//! well-formed, accepted by usvg, the same when rendered twice, and no text
//! of the diagram becomes markup (see `common::safety`).
//!
//! The runs are seeded, so they are reproducible; `PROPTEST_RNG_SEED=<n>`
//! explores other inputs and `PROPTEST_CASES=<n>` runs more of them.

use crate::common::safety::check_render;
use mermaid_render::Options;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngSeed, TestRunner};

/// `cases` runs with a fixed seed, unless the environment asks otherwise.
fn config(cases: u32) -> Config {
    let mut c = Config::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        c.cases = cases;
    }
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        c.rng_seed = RngSeed::Fixed(0x6d65_726d_6169_6400);
    }
    c
}

fn check(src: &str) -> Result<bool, TestCaseError> {
    check_render(src, &Options::default())
        .map_err(|e| TestCaseError::fail(format!("{e}\nfor {src:?}")))
}

/// Pieces of hostile label text: markup, handlers, schemes, entities.
const HOSTILE: &[&str] = &[
    "a",
    "Z",
    "한글",
    " ",
    "<",
    ">",
    "&",
    "'",
    "\"",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    " onload=alert(1) ",
    "javascript:alert(1)",
    "\"><script>",
    "]]>",
    "<![CDATA[",
    "<!--",
    "#quot;",
    "#lt;",
    "#9829;",
    "&lt;",
    "&#x3C;",
    "&amp;",
    "<br/>",
    "<b>",
    "</b>",
    "**",
    "*",
    "`",
    "\\",
    "%%",
    ";",
    "\u{0}",
    "\u{7}",
    "\u{1b}[31m",
    "\u{feff}",
    "\u{fffe}",
    "\u{202e}",
    "\t",
    "fa:fa-car",
];

fn hostile_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(HOSTILE), 0..max).prop_map(|v| v.concat())
}

/// Text without `"` (for quoted labels) or line breaks.
fn quotable_text() -> impl Strategy<Value = String> {
    hostile_text(6).prop_map(|t| t.replace('"', "#quot;"))
}

/// Text for unquoted labels: what the syntax allows, and a few bad bits.
fn bare_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(
            &[
                "a", "b", "x y", "1", "-", "_", "한", ".", ",", "?", "!", "<", ">", "&", "'",
                "#quot;", "<br>", "<i>", ":", "a", "b", "c", "d", "e",
            ][..],
        ),
        1..5,
    )
    .prop_map(|v| v.concat())
}

fn id() -> impl Strategy<Value = String> {
    prop::sample::select(
        &[
            "A", "B", "C", "D", "n1", "x_y", "한글", "a.b", "q!", "p#q", "x'y", "A&B", "end2",
            "sub", "e1", "L_A_B_0", "dir",
        ][..],
    )
    .prop_map(str::to_string)
}

fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => quotable_text().prop_map(|t| format!("\"{t}\"")),
        2 => bare_text(),
        1 => quotable_text().prop_map(|t| format!("\"`{}`\"", t.replace('`', ""))),
    ]
}

/// A node with an optional shape and class.
fn node() -> impl Strategy<Value = String> {
    let shapes = prop::sample::select(
        &[
            ("[", "]"),
            ("(", ")"),
            ("{", "}"),
            ("((", "))"),
            ("(((", ")))"),
            (">", "]"),
            ("[[", "]]"),
            ("[(", ")]"),
            ("{{", "}}"),
            ("([", "])"),
            ("[/", "/]"),
            ("[\\", "\\]"),
            ("[/", "\\]"),
        ][..],
    );
    (
        id(),
        prop::option::of((shapes, label())),
        prop::option::weighted(
            0.3,
            prop_oneof![9 => prop::sample::select(&["c1", "big", "x-y"][..]), 1 => Just("<b>")],
        ),
        prop::option::weighted(0.15, node_data()),
    )
        .prop_map(|(id, shape, class, data)| {
            let mut s = id;
            if let Some(((open, close), text)) = shape {
                s.push_str(&format!("{open}{text}{close}"));
            }
            if let Some(c) = class {
                s.push_str(&format!(":::{c}"));
            }
            if let Some(d) = data {
                s.push_str(&d);
            }
            s
        })
}

fn node_data() -> impl Strategy<Value = String> {
    (
        prop::sample::select(&["rect", "circle", "hex", "cyl", "doc", "bolt", "img", "text"][..]),
        quotable_text(),
    )
        .prop_map(|(shape, text)| format!("@{{ shape: {shape}, label: \"{text}\" }}"))
}

fn link() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(
            &["-->", "---", "-.->", "==>", "~~~", "--x", "--o", "<-->", "--->", "-.-", "===", "o--o", "x--x"][..]
        )
        .prop_map(str::to_string),
        1 => quotable_text().prop_map(|t| format!("-->|\"{t}\"|")),
        1 => bare_text().prop_map(|t| format!("-->|{t}|")),
        1 => bare_text().prop_map(|t| format!("-- {t} -->")),
    ]
}

/// A CSS value, plain or trying to break out of its attribute or rule.
fn css_value() -> impl Strategy<Value = String> {
    prop::sample::select(
        &[
            "#f9f",
            "red",
            "rgb(1,2,3)",
            "4px",
            "5 5",
            "url(javascript:alert(1))",
            "url(#x)",
            "expression(alert(1))",
            "red\" onload=\"alert(1)",
            "red;background:url(x)",
            "</style><script>alert(1)</script>",
            "red} body {display:none",
            "#f00 !important",
            "'x'",
        ][..],
    )
    .prop_map(str::to_string)
}

fn css() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(&["fill", "stroke", "stroke-width", "color", "opacity", "x"][..]),
            css_value(),
        ),
        1..3,
    )
    .prop_map(|v| {
        v.iter()
            .map(|(p, v)| format!("{p}:{}", v.replace(',', "\\,")))
            .collect::<Vec<_>>()
            .join(",")
    })
}

fn url() -> impl Strategy<Value = String> {
    prop::sample::select(
        &[
            "https://example.com/a?b=1&c=2",
            "relative/page.html",
            "#anchor",
            "mailto:a@example.com",
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "jav&#x09;ascript:alert(1)",
            "javascript&colon;alert(1)",
            "javascript#colon;alert(1)",
            "&#106;avascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "\"><script>alert(1)</script>",
        ][..],
    )
    .prop_map(str::to_string)
}

/// One statement, or a `subgraph`/`end` token (balanced afterwards).
fn statement() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (node(), prop::collection::vec((link(), node()), 1..3)).prop_map(|(first, rest)| {
            let mut s = first;
            for (l, n) in rest {
                s.push_str(&format!(" {l} {n}"));
            }
            s
        }),
        1 => (id(), id(), link(), id()).prop_map(|(a, b, l, c)| format!("{a} & {b} {l} {c}")),
        2 => node(),
        1 => (id(), css()).prop_map(|(i, c)| format!("style {i} {c}")),
        1 => (prop::sample::select(&["c1", "big", "default"][..]), css())
            .prop_map(|(n, c)| format!("classDef {n} {c}")),
        1 => (id(), prop::sample::select(&["c1", "big"][..])).prop_map(|(i, c)| format!("class {i} {c}")),
        1 => (id(), url(), prop::option::of(quotable_text()), prop::bool::ANY).prop_map(|(i, u, tip, href)| {
            let tip = tip.map_or(String::new(), |t| format!(" \"{t}\""));
            let kw = if href { "href " } else { "" };
            format!("click {i} {kw}\"{u}\"{tip} _blank")
        }),
        1 => (prop_oneof![4 => Just(0usize), 1 => 1..4usize], css())
            .prop_map(|(k, c)| format!("linkStyle {k} {c}")),
        1 => (id(), prop::option::of(label())).prop_map(|(i, t)| match t {
            Some(t) if !t.starts_with('"') => format!("subgraph {i} [{t}]"),
            Some(t) => format!("subgraph {i} [{t}]"),
            None => format!("subgraph {i}"),
        }),
        1 => Just("end".to_string()),
        1 => prop::sample::select(&["direction LR", "direction BT", "%% a comment <script>", "accTitle: <x> & y"][..])
            .prop_map(str::to_string),
    ]
}

fn directive() -> impl Strategy<Value = String> {
    (
        prop::sample::select(&["default", "dark", "forest", "neutral", "base", "<x>"][..]),
        quotable_text(),
        quotable_text(),
        css_value(),
    )
        .prop_map(|(theme, font, css, colour)| {
            let esc = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"").replace("}%%", "");
            format!(
                "%%{{init: {{\"theme\": \"{theme}\", \"fontFamily\": \"{}\", \"themeCSS\": \"{}\", \"themeVariables\": {{\"primaryColor\": \"{}\", \"lineColor\": \"{}\"}}}}}}%%\n",
                esc(&font),
                esc(&css),
                esc(&colour),
                esc(&colour)
            )
        })
}

/// A whole flowchart: optional directive, header, statements with every
/// `subgraph` closed.
fn flowchart() -> impl Strategy<Value = String> {
    (
        prop::option::weighted(0.3, directive()),
        prop::sample::select(
            &[
                "graph TD",
                "flowchart LR",
                "graph BT",
                "flowchart RL",
                "graph",
            ][..],
        ),
        prop::collection::vec(statement(), 1..12),
        prop::sample::select(&["\n", "\r\n", ";\n"][..]),
    )
        .prop_map(|(directive, header, statements, newline)| {
            let mut s = directive.unwrap_or_default();
            s.push_str(header);
            s.push_str(newline);
            let mut depth = 0usize;
            for st in statements {
                if st == "end" {
                    if depth == 0 {
                        continue;
                    }
                    depth -= 1;
                } else if st.starts_with("subgraph") {
                    depth += 1;
                }
                s.push_str("  ");
                s.push_str(&st);
                s.push_str(newline);
            }
            for _ in 0..depth {
                s.push_str("end");
                s.push_str(newline);
            }
            s
        })
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn arbitrary_text_never_breaks_the_pipeline(text in ".{0,120}") {
        check(&text)?;
    }

    #[test]
    fn arbitrary_text_after_a_header_never_breaks_the_pipeline(text in "(.|\n){0,120}") {
        check(&format!("graph TD\n{text}"))?;
    }
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn generated_flowcharts_render_safely(src in flowchart()) {
        check(&src)?;
    }
}

/// The generated flowcharts must mostly be valid, or the property above
/// would only test error paths.
#[test]
fn generated_flowcharts_are_mostly_valid() {
    let mut runner = TestRunner::new(config(40));
    let strategy = flowchart();
    let mut ok = 0;
    for _ in 0..40 {
        let src = strategy.new_tree(&mut runner).unwrap().current();
        if check_render(&src, &Options::default()).unwrap_or_else(|e| panic!("{e}\nfor {src:?}")) {
            ok += 1;
        }
    }
    assert!(ok >= 20, "only {ok} of 40 generated flowcharts parse");
}

// ------------------------------------------------------ sequence diagrams

/// Text of a message, note or label: hostile pieces, never a line break
/// (a sequence statement ends at the end of its line).
fn sequence_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(HOSTILE), 0..4)
        .prop_map(|parts| parts.concat().replace(['\n', '\r'], " "))
}

/// One participant name among a few, so messages meet again.
fn participant() -> impl Strategy<Value = String> {
    prop::sample::select(&["A", "Bob", "한글", "x_1", "Carol"][..]).prop_map(str::to_string)
}

/// One sequence statement, or a block keyword (balanced or not: an
/// unbalanced one is a parse error, which is fine).
fn sequence_statement() -> impl Strategy<Value = String> {
    let arrow = prop::sample::select(
        &[
            "->", "-->", "->>", "-->>", "-x", "--x", "-)", "--)", "<<->>", "<<-->>", "-|\\",
            "--|/", "->>+",
        ][..],
    );
    let kind = prop::sample::select(&["participant", "actor", "participant"][..]);
    let block = prop::sample::select(&["loop", "alt", "opt", "par", "critical", "break"][..]);
    prop_oneof![
        4 => (participant(), arrow, participant(), sequence_text())
            .prop_map(|(a, arrow, b, t)| format!("{a}{arrow}{b}: {t}")),
        2 => (kind, participant(), sequence_text())
            .prop_map(|(k, p, t)| format!("{k} {p} as {t}")),
        1 => (participant(), sequence_text()).prop_map(|(p, t)| format!("Note over {p}: {t}")),
        1 => (participant(), participant(), sequence_text())
            .prop_map(|(p, q, t)| format!("Note right of {p}: {t}<br>{q}")),
        2 => (block, sequence_text()).prop_map(|(b, t)| format!("{b} {t}")),
        2 => Just("end".to_string()),
        1 => (css_value(), sequence_text()).prop_map(|(c, _)| format!("rect {c}")),
        1 => (css_value(), sequence_text()).prop_map(|(c, t)| format!("box {c} {t}")),
        1 => (participant(), participant(), sequence_text())
            .prop_map(|(p, q, t)| format!("{p}->>{q}: wrap:{t}")),
        1 => participant().prop_map(|p| format!("activate {p}")),
        1 => Just("autonumber 10 5".to_string()),
        1 => (participant(), url()).prop_map(|(p, u)| format!("link {p}: Docs @ {u}")),
        // Mermaid's rule: the next message goes to the one created, or
        // involves the one destroyed.
        1 => (participant(), sequence_text())
            .prop_map(|(p, t)| format!("create participant New\n  {p}->>New: {t}")),
        1 => (participant(), sequence_text())
            .prop_map(|(p, t)| format!("create actor Gone\n  {p}->>Gone: {t}\n  destroy Gone\n  Gone-->>{p}: bye")),
        1 => sequence_text().prop_map(|t| format!("title {t}")),
    ]
}

/// A whole sequence diagram, maybe with a directive.
fn sequence() -> impl Strategy<Value = String> {
    (
        prop::option::of(directive()),
        prop::collection::vec(sequence_statement(), 0..24),
    )
        .prop_map(|(directive, statements)| {
            let mut src = directive.map(|d| d + "\n").unwrap_or_default();
            src.push_str("sequenceDiagram\n");
            // Blocks balanced: an `end` only closes an open block (or a
            // box, which may hold participant lines only: boxes stay at
            // the top level and are closed at once).
            let mut open = 0;
            for s in statements {
                let opens = [
                    "loop ",
                    "alt ",
                    "opt ",
                    "par ",
                    "critical ",
                    "break ",
                    "rect ",
                ]
                .iter()
                .any(|k| s.starts_with(k));
                if s == "end" {
                    if open == 0 {
                        continue;
                    }
                    open -= 1;
                } else if s.starts_with("box ") {
                    if open > 0 {
                        continue;
                    }
                    src.push_str(&format!("  {s}\n  participant Boxed\n  end\n"));
                    continue;
                } else if opens {
                    open += 1;
                }
                src.push_str("  ");
                src.push_str(&s);
                src.push('\n');
            }
            for _ in 0..open {
                src.push_str("  end\n");
            }
            src
        })
}

proptest! {
    #![proptest_config(config(384))]

    #[test]
    fn generated_sequence_diagrams_render_safely(src in sequence()) {
        check(&src)?;
    }

    #[test]
    fn arbitrary_text_after_a_sequence_header_never_breaks_the_pipeline(text in "(.|\n){0,120}") {
        check(&format!("sequenceDiagram\n{text}"))?;
    }
}

/// The generated sequence diagrams must often be valid, or the property
/// above would only test error paths.
#[test]
fn generated_sequence_diagrams_are_often_valid() {
    let mut runner = TestRunner::new(config(60));
    let strategy = sequence();
    let mut ok = 0;
    for _ in 0..60 {
        let src = strategy.new_tree(&mut runner).unwrap().current();
        if check_render(&src, &Options::default()).unwrap_or_else(|e| panic!("{e}\nfor {src:?}")) {
            ok += 1;
        }
    }
    assert!(
        ok >= 15,
        "only {ok} of 60 generated sequence diagrams parse"
    );
}

// ------------------------------------------------------------ ER diagrams

/// An entity name: bare, quoted with hostile text, with an alias.
fn er_entity() -> impl Strategy<Value = String> {
    let bare =
        prop::sample::select(&["A", "B", "C", "LINE-ITEM", "x_y", "한글", "1", "a.b", "u"][..]);
    prop_oneof![
        4 => bare.clone().prop_map(str::to_string),
        1 => quotable_text().prop_map(|t| format!("\"{}\"", t.replace(['%', '\\'], ""))),
        1 => (bare, quotable_text()).prop_map(|(b, t)| format!("{b}[\"{t}\"]")),
    ]
}

fn er_statement() -> impl Strategy<Value = String> {
    let card = prop::sample::select(
        &[
            "|o",
            "||",
            "}o",
            "}|",
            "o|",
            "o{",
            "|{",
            "one or more",
            "zero or one",
            "1",
            "many(0)",
            "u",
        ][..],
    );
    let line = prop::sample::select(&["--", "..", " to ", " optionally to "][..]);
    prop_oneof![
        4 => (er_entity(), card.clone(), line, card, er_entity(), label())
            .prop_map(|(a, l, ln, r, b, t)| format!("{a} {l}{ln}{r} {b} : {t}")),
        2 => (er_entity(), prop::collection::vec((quotable_text(), any::<bool>()), 0..4)).prop_map(|(e, rows)| {
            let rows: Vec<String> = rows
                .into_iter()
                .map(|(c, pk)| format!("  string name{} \"{c}\"", if pk { " PK, FK" } else { "" }))
                .collect();
            format!("{e} {{\n{}\n}}", rows.join("\n"))
        }),
        1 => (er_entity(), css()).prop_map(|(e, c)| format!("style {e} {c}")),
        1 => css().prop_map(|c| format!("classDef hot {c}")),
        1 => er_entity().prop_map(|e| format!("{e}:::hot")),
        1 => prop::sample::select(&["TB", "BT", "LR", "RL"][..]).prop_map(|d| format!("direction {d}")),
    ]
}

fn er() -> impl Strategy<Value = String> {
    (
        prop::option::of(directive()),
        prop::collection::vec(er_statement(), 1..10),
    )
        .prop_map(|(d, body)| {
            format!(
                "{}erDiagram\n{}\n",
                d.map(|d| d + "\n").unwrap_or_default(),
                body.join("\n")
            )
        })
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn generated_er_diagrams_render_safely(src in er()) {
        check(&src)?;
    }

    #[test]
    fn arbitrary_text_after_an_er_header_never_breaks_the_pipeline(text in "(.|\n){0,120}") {
        check(&format!("erDiagram\n{text}"))?;
    }
}

/// The generated ER diagrams must often be valid, or the property above
/// would only test error paths.
#[test]
fn generated_er_diagrams_are_often_valid() {
    let mut runner = TestRunner::new(config(60));
    let strategy = er();
    let mut ok = 0;
    for _ in 0..60 {
        let src = strategy.new_tree(&mut runner).unwrap().current();
        if check_render(&src, &Options::default()).unwrap_or_else(|e| panic!("{e}\nfor {src:?}")) {
            ok += 1;
        }
    }
    assert!(ok >= 15, "only {ok} of 60 generated ER diagrams parse");
}

// ------------------------------------------------------------- pie charts

fn pie_statement() -> impl Strategy<Value = String> {
    let value = prop_oneof![
        20 => (0u32..1000).prop_map(|v| v.to_string()),
        20 => (0u32..100, 0u32..100).prop_map(|(a, b)| format!("{a}.{b}")),
        1 => Just("-3".to_string()),
    ];
    prop_oneof![
        6 => (quotable_text(), value).prop_map(|(t, v)| format!("  \"{}\" : {v}", t.replace(['"', '\\', '\n'], ""))),
        1 => quotable_text().prop_map(|t| format!("  title {}", t.replace('\n', " "))),
        1 => quotable_text().prop_map(|t| format!("  accTitle: {}", t.replace('\n', " "))),
        1 => quotable_text().prop_map(|t| format!("  accDescr {{ {} }}", t.replace('}', ""))),
        1 => Just("  %% a comment".to_string()),
    ]
}

fn pie() -> impl Strategy<Value = String> {
    (
        prop::option::of(directive()),
        any::<bool>(),
        prop::collection::vec(pie_statement(), 0..16),
    )
        .prop_map(|(d, show, body)| {
            format!(
                "{}pie{}\n{}\n",
                d.map(|d| d + "\n").unwrap_or_default(),
                if show { " showData" } else { "" },
                body.join("\n")
            )
        })
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn generated_pie_charts_render_safely(src in pie()) {
        check(&src)?;
    }

    #[test]
    fn arbitrary_text_after_a_pie_header_never_breaks_the_pipeline(text in "(.|\n){0,120}") {
        check(&format!("pie\n{text}"))?;
    }
}

/// The generated pie charts must often be valid, or the property above
/// would only test error paths.
#[test]
fn generated_pie_charts_are_often_valid() {
    let mut runner = TestRunner::new(config(60));
    let strategy = pie();
    let mut ok = 0;
    for _ in 0..60 {
        let src = strategy.new_tree(&mut runner).unwrap().current();
        if check_render(&src, &Options::default()).unwrap_or_else(|e| panic!("{e}\nfor {src:?}")) {
            ok += 1;
        }
    }
    assert!(ok >= 15, "only {ok} of 60 generated pie charts parse");
}

// -------------------------------------------------------------- timelines

fn timeline_statement() -> impl Strategy<Value = String> {
    let text = || quotable_text().prop_map(|t| t.replace(['\n', ':'], " "));
    prop_oneof![
        4 => (text(), prop::collection::vec(text(), 0..4))
            .prop_map(|(p, e)| format!("  {p} : {}", e.join(" : "))),
        2 => prop::collection::vec(text(), 1..3).prop_map(|e| format!("       : {}", e.join(" : "))),
        1 => text().prop_map(|t| format!("  section {t}")),
        1 => text().prop_map(|t| format!("  title {t}")),
        1 => text().prop_map(|t| format!("  accTitle: {t}")),
        1 => Just("  %% a comment".to_string()),
    ]
}

fn timeline() -> impl Strategy<Value = String> {
    (
        prop::option::of(directive()),
        prop::collection::vec(timeline_statement(), 0..14),
    )
        .prop_map(|(d, body)| {
            format!(
                "{}timeline\n  2000 : start\n{}\n",
                d.map(|d| d + "\n").unwrap_or_default(),
                body.join("\n")
            )
        })
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn generated_timelines_render_safely(src in timeline()) {
        check(&src)?;
    }

    #[test]
    fn arbitrary_text_after_a_timeline_header_never_breaks_the_pipeline(text in "(.|\n){0,120}") {
        check(&format!("timeline\n{text}"))?;
    }
}

/// The generated timelines must often be valid, or the property above
/// would only test error paths.
#[test]
fn generated_timelines_are_often_valid() {
    let mut runner = TestRunner::new(config(60));
    let strategy = timeline();
    let mut ok = 0;
    for _ in 0..60 {
        let src = strategy.new_tree(&mut runner).unwrap().current();
        if check_render(&src, &Options::default()).unwrap_or_else(|e| panic!("{e}\nfor {src:?}")) {
            ok += 1;
        }
    }
    assert!(ok >= 15, "only {ok} of 60 generated timelines parse");
}

// ----------------------------------------------------------- user journeys

fn journey_statement() -> impl Strategy<Value = String> {
    let text = || quotable_text().prop_map(|t| t.replace(['\n', ':', ',', '#', ';'], " "));
    prop_oneof![
        5 => (text(), 0u32..7, prop::collection::vec(text(), 0..4))
            .prop_map(|(t, s, a)| format!("  x{t}: {s}: {}", a.join(", "))),
        1 => text().prop_map(|t| format!("  section {t}")),
        1 => text().prop_map(|t| format!("  title {t}")),
        1 => text().prop_map(|t| format!("  accTitle: {t}")),
        1 => Just("  %% a comment".to_string()),
    ]
}

fn journey() -> impl Strategy<Value = String> {
    (
        prop::option::of(directive()),
        prop::collection::vec(journey_statement(), 0..14),
    )
        .prop_map(|(d, body)| {
            format!(
                "{}journey\n{}\n",
                d.map(|d| d + "\n").unwrap_or_default(),
                body.join("\n")
            )
        })
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn generated_journeys_render_safely(src in journey()) {
        check(&src)?;
    }

    #[test]
    fn arbitrary_text_after_a_journey_header_never_breaks_the_pipeline(text in "(.|\n){0,120}") {
        check(&format!("journey\n{text}"))?;
    }
}

/// The generated journeys must often be valid, or the property above
/// would only test error paths.
#[test]
fn generated_journeys_are_often_valid() {
    let mut runner = TestRunner::new(config(60));
    let strategy = journey();
    let mut ok = 0;
    for _ in 0..60 {
        let src = strategy.new_tree(&mut runner).unwrap().current();
        if check_render(&src, &Options::default()).unwrap_or_else(|e| panic!("{e}\nfor {src:?}")) {
            ok += 1;
        }
    }
    assert!(ok >= 15, "only {ok} of 60 generated journeys parse");
}
