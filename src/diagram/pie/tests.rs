//! Tests of the pie chart slice: parsing per construct and per error, the
//! grammar's examples, the geometry a reader relies on (slices in order
//! and in proportion, percentages, legend), and Mermaid's own corpus.

use super::layout::{layout, Geometry, Settings};
use super::model::PieChart;
use super::parse;
use crate::config::Config;
use crate::diagram::chart::laws::faults;

mod corpus;

/// Parses `src`, panicking with the rendered error.
fn ok(src: &str) -> PieChart {
    match parse(src) {
        Ok(d) => d,
        Err(e) => panic!("{}", e.display("test", src)),
    }
}

/// The error of `src`: line, column and message.
fn err(src: &str) -> (usize, usize, String) {
    let e = parse(src).expect_err("should fail");
    let (line, col) = crate::line_col(src, e.span.start);
    (line, col, e.message.clone())
}

fn laid_out(src: &str) -> (PieChart, Geometry) {
    let d = ok(src);
    let g = layout(&d, &Settings::from_config(&d.config));
    (d, g)
}

/// The slices' labels and values.
fn slices(d: &PieChart) -> Vec<(&str, f64)> {
    d.slices.iter().map(|s| (s.label.as_str(), s.value)).collect()
}

#[test]
fn header_title_slices_and_show_data() {
    let d = ok("pie showData title Pets adopted\n  \"Dogs\" : 386\n  'Cats' : 85.5\n\"Rats\":15 %% few\n");
    assert!(d.show_data);
    assert_eq!(d.title.as_deref(), Some("Pets adopted"));
    assert_eq!(slices(&d), [("Dogs", 386.0), ("Cats", 85.5), ("Rats", 15.0)]);
    let d = ok("\n\tpie\t\n  title  Key elements  \n \"a \\\"b\\\"\" : 1\n");
    assert!(!d.show_data);
    assert_eq!(d.title.as_deref(), Some("Key elements"));
    assert_eq!(slices(&d), [("a \"b\"", 1.0)]);
}

#[test]
fn a_label_given_twice_keeps_its_first_value() {
    let d = ok("pie\n\"a\": 1\n\"b\": 2\n\"a\": 3\n");
    assert_eq!(slices(&d), [("a", 1.0), ("b", 2.0)]);
}

#[test]
fn accessibility_front_matter_and_settings() {
    let src = "---\ntitle: From front matter\nconfig:\n  pie:\n    textPosition: 0.5\n  themeVariables:\n    pie1: \"#ff0000\"\n---\npie accTitle: Pets\naccDescr {\n  first line\n  second line\n}\n\"Dogs\": 3\n";
    let d = ok(src);
    assert_eq!(d.title.as_deref(), Some("From front matter"));
    assert_eq!(d.acc.title.as_deref(), Some("Pets"));
    assert_eq!(d.acc.description.as_deref(), Some("first line\nsecond line"));
    assert_eq!(d.config.pie.text_position, Some(0.5));
    let r = crate::render(src, &crate::Options::default()).unwrap();
    assert_eq!(r.title.as_deref(), Some("Pets"));
    assert!(r.svg.contains("<title") && r.svg.contains("first line"));
    assert!(r.svg.contains("fill=\"#ff0000\""), "pie1 paints the first slice");
}

#[test]
fn errors_point_at_the_mistake() {
    let cases = [
        ("pie\n  \"ash\" : -60.67\n", 2, 11, "negative"),
        ("pie\n  ash : 60\n", 2, 3, "expected a slice"),
        ("pie\n  \"ash\" 60\n", 2, 9, "expected ':'"),
        ("pie\n  \"ash\" : sixty\n", 2, 11, "expected the slice's value"),
        ("pie\n  \"ash\" : 6x\n", 2, 11, "expected a number"),
        ("pie\n  \"ash : 60\n", 2, 3, "unclosed label"),
        ("pie\n  \"a\" : 1 \"b\" : 2\n", 2, 11, "line break"),
        ("pie\naccTitle Pets\n", 2, 1, "expected ':'"),
        ("pie\naccDescr {\n  never closed\n", 2, 10, "never closed"),
        ("pies\n\"a\": 1\n", 1, 1, "expected 'pie'"),
    ];
    for (src, line, col, what) in cases {
        let (l, c, m) = err(src);
        assert_eq!((l, c), (line, col), "{src:?}: {m}");
        assert!(m.contains(what), "{src:?}: {m}");
    }
}

#[test]
fn grammar_examples_parse() {
    let grammar = include_str!("../../../grammar/pie.ebnf");
    let mut seen = 0;
    for example in grammar.lines().filter_map(|l| l.trim().strip_prefix("(* e.g. ")) {
        let example = example.trim_end_matches("*)").trim().replace("\\n", "\n");
        seen += 1;
        if let Err(e) = parse(&example) {
            panic!("{example:?}: {}", e.display("grammar", &example));
        }
    }
    let productions = grammar.lines().filter(|l| l.contains(" ::= ")).count();
    assert!(productions > 0 && seen >= productions, "{seen} examples for {productions} productions");
}

#[test]
fn slices_run_clockwise_in_proportion_and_show_whole_percentages() {
    let (_, g) = laid_out("pie\n\"a\": 1\n\"b\": 2\n\"c\": 1\n");
    let sweeps: Vec<f32> = g.slices.iter().map(|s| s.end - s.start).collect();
    let tau = std::f32::consts::TAU;
    for (sweep, want) in sweeps.iter().zip([0.25, 0.5, 0.25]) {
        assert!((sweep - want * tau).abs() < 1e-4, "{sweeps:?}");
    }
    assert!(g.slices[0].start.abs() < 1e-6, "the first slice starts at twelve o'clock");
    let shares: Vec<String> = g
        .slices
        .iter()
        .map(|s| s.label.as_ref().unwrap().block.plain_text())
        .collect();
    assert_eq!(shares, ["25%", "50%", "25%"]);
    // The first slice's share sits right of the centre, up (clockwise from the top).
    let l = &g.slices[0].label.as_ref().unwrap().rect;
    assert!(l.x + l.width / 2.0 > g.centre.x && l.y + l.height / 2.0 < g.centre.y);
}

#[test]
fn slices_under_one_percent_are_only_in_the_legend() {
    let (_, g) = laid_out("pie\n\"Dogs\": 386\n\"Cats\": 85\n\"Rats\": 1\n");
    assert_eq!(g.slices.len(), 2);
    assert_eq!(g.legend.len(), 3);
    let legend: Vec<String> = g.legend.iter().map(|r| r.text.block.plain_text()).collect();
    assert_eq!(legend, ["Dogs", "Cats", "Rats"]);
    // Colours: the drawn slices first, the legend's others after.
    assert_eq!(g.legend.iter().map(|r| r.colour).collect::<Vec<_>>(), [0, 1, 2]);
}

#[test]
fn show_data_puts_values_in_the_legend() {
    let (_, g) = laid_out("pie showData\n\"Calcium\": 42.96\n\"Iron\": 5\n");
    let legend: Vec<String> = g.legend.iter().map(|r| r.text.block.plain_text()).collect();
    assert_eq!(legend, ["Calcium [42.96]", "Iron [5]"]);
}

#[test]
fn text_position_moves_the_percentages() {
    let d = ok("pie\n\"a\": 1\n\"b\": 1\n");
    let at = |tp: f32| {
        let mut c = Config::default();
        c.pie.text_position = Some(tp);
        let g = layout(&d, &Settings::from_config(&c));
        let l = g.slices[0].label.clone().unwrap().rect;
        (l.x + l.width / 2.0 - g.centre.x).hypot(l.y + l.height / 2.0 - g.centre.y) / g.radius
    };
    assert!((at(0.5) - 0.5).abs() < 0.02, "{}", at(0.5));
    assert!((at(0.9) - 0.9).abs() < 0.02, "{}", at(0.9));
}

#[test]
fn crowded_percentages_and_long_texts_stay_clear_and_inside() {
    let mut src = String::from("pie title A title much longer than the square Mermaid draws the pie in, on one line\n");
    for k in 0..30 {
        src.push_str(&format!("\"slice number {k} with a long label\": {}\n", 1 + k % 3));
    }
    src.push_str("\"big\": 40\n");
    for theme in ["default", "dark", "forest", "neutral", "base"] {
        let options = crate::Options {
            config: Config {
                theme: Some(theme.into()),
                ..Config::default()
            },
            ..Default::default()
        };
        let r = crate::render(&src, &options).unwrap();
        let f = faults(&r.layout, &r.svg);
        assert!(f.is_empty(), "{theme}: {f:?}");
    }
}

#[test]
fn empty_and_all_zero_charts_are_drawn() {
    for src in ["pie", "pie\n\"a\": 0\n\"b\": 0\n", "pie showData\n"] {
        let r = crate::render(src, &crate::Options::default()).unwrap();
        assert!(faults(&r.layout, &r.svg).is_empty(), "{src:?}");
    }
}

#[test]
fn every_prefix_parses_or_fails_inside_the_text() {
    let src = "---\ntitle: x\n---\npie showData\n  title Pets \u{1f436}\n  accDescr { a\n b }\n  \"Dogs\" : 386\n  'Cats' : 8.5 %% c\n";
    for end in (0..=src.len()).filter(|&k| src.is_char_boundary(k)) {
        let part = &src[..end];
        match parse(part) {
            Ok(d) => {
                let g = layout(&d, &Settings::from_config(&d.config));
                assert!(g.width.is_finite() && g.height.is_finite());
            }
            Err(e) => assert!(e.span.start <= e.span.end && e.span.end <= part.len(), "{part:?}"),
        }
    }
}
