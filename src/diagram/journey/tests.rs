//! Tests of the user journey slice: parsing per construct and per error,
//! the grammar's examples, the geometry a reader relies on (faces by
//! score, actors on their tasks and in the legend), and Mermaid's corpus.

use super::layout::layout;
use super::model::Journey;
use super::parse;
use crate::config::Config;
use crate::diagram::chart::laws::faults;

mod corpus;

/// Parses `src`, panicking with the rendered error.
fn ok(src: &str) -> Journey {
    match parse(src) {
        Ok(d) => d,
        Err(e) => panic!("{}", e.display("test", src)),
    }
}

#[test]
fn tasks_scores_actors_and_sections() {
    let d = ok("journey\ntitle My working day\nsection Go to work\n  Make tea: 5: Me\n  Do work: 1: Me, Cat\n  Think : 3 :\nsection Go home\n  Sit down: 4\n");
    assert_eq!(d.title.as_deref(), Some("My working day"));
    let tasks: Vec<(&str, f32, Vec<&str>, Option<usize>)> = d
        .tasks
        .iter()
        .map(|t| (t.text.as_str(), t.score, t.actors.iter().map(String::as_str).collect(), t.section))
        .collect();
    assert_eq!(
        tasks,
        [
            ("Make tea", 5.0, vec!["Me"], Some(0)),
            ("Do work", 1.0, vec!["Me", "Cat"], Some(0)),
            ("Think", 3.0, vec![], Some(0)),
            ("Sit down", 4.0, vec![], Some(1)),
        ]
    );
    assert_eq!(d.actors(), ["Cat", "Me"]);
}

#[test]
fn accessibility_on_one_line_with_the_title() {
    let d = ok("journey\naccDescr {\n  A user journey\n  for shopping\n}title Shopping\naccTitle: Acc\n");
    assert_eq!(d.title.as_deref(), Some("Shopping"));
    assert_eq!(d.acc.title.as_deref(), Some("Acc"));
    assert_eq!(d.acc.description.as_deref(), Some("A user journey\nfor shopping"));
}

#[test]
fn errors_point_at_the_mistake() {
    let cases = [
        ("journey\n  Make tea\n", 2, 11, "expected ':'"),
        ("journey\n  Make tea: great: Me\n", 2, 13, "score"),
        ("journey\n  : 5: Me\n", 2, 3, "expected a task"),
        ("journeys\n", 1, 1, "expected 'journey'"),
    ];
    for (src, line, col, what) in cases {
        let e = parse(src).expect_err(src);
        let (l, c) = crate::line_col(src, e.span.start);
        assert_eq!((l, c), (line, col), "{src:?}: {}", e.message);
        assert!(e.message.contains(what), "{src:?}: {}", e.message);
    }
}

#[test]
fn grammar_examples_parse() {
    let grammar = include_str!("../../../grammar/journey.ebnf");
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
fn higher_scores_sit_higher_and_actors_keep_their_colour() {
    let d = ok("journey\nsection S\n a: 5: Me\n b: 3: Cat, Me\n c: 1: Cat\n");
    let g = layout(&d, &Config::default());
    let ys: Vec<f32> = g.tasks.iter().map(|t| t.face.y).collect();
    assert!(ys[0] < ys[1] && ys[1] < ys[2], "{ys:?}");
    // Legend sorted (Cat, Me); each task's dots in its actor's colour.
    let legend: Vec<String> = g.actors.iter().map(|a| a.text.block.plain_text()).collect();
    assert_eq!(legend, ["Cat", "Me"]);
    let colours: Vec<Vec<usize>> = g.tasks.iter().map(|t| t.dots.iter().map(|d| d.1).collect()).collect();
    assert_eq!(colours, [vec![1], vec![0, 1], vec![0]]);
    // The legend is left of every task.
    let right = g.actors.iter().map(|a| a.text.rect.x + a.text.rect.width).fold(0.0, f32::max);
    assert!(g.tasks.iter().all(|t| t.node.rect.x > right));
}

#[test]
fn max_label_width_wraps_actor_names() {
    let d = ok("journey\nsection S\n a: 5: Gustavo Fring is played by Giancarlo Esposito in Breaking Bad\n");
    let lines = |w: f32| {
        let mut c = Config::default();
        c.journey.max_label_width = Some(w);
        layout(&d, &c).actors[0].text.block.lines.len()
    };
    assert_eq!(lines(1000.0), 1);
    assert!(lines(120.0) >= 3, "{}", lines(120.0));
}

#[test]
fn big_and_empty_journeys_obey_the_laws() {
    let mut src = String::from("journey\ntitle A long journey title wider than a few columns are\n");
    for k in 0..16 {
        if k % 5 == 0 {
            src.push_str(&format!("section Part {k}\n"));
        }
        let actors: Vec<String> = (0..(k % 12)).map(|a| format!("actor {a}")).collect();
        src.push_str(&format!("task number {k}: {}: {}\n", k % 7, actors.join(", ")));
    }
    for src in [src.as_str(), "journey", "journey\nsection lonely\n", "journey\ntitle t\n"] {
        let r = crate::render(src, &crate::Options::default()).unwrap();
        let f = faults(&r.layout, &r.svg);
        assert!(f.is_empty(), "{src:?}: {f:?}");
    }
}

#[test]
fn every_prefix_parses_or_fails_inside_the_text() {
    let src = "---\ntitle: x\n---\njourney\n  title T \u{1f436}\n  section S\n  Make tea: 5: Me, Cat\n  accDescr { a\n b }\n";
    for end in (0..=src.len()).filter(|&k| src.is_char_boundary(k)) {
        let part = &src[..end];
        match parse(part) {
            Ok(d) => {
                let g = layout(&d, &d.config);
                assert!(g.width.is_finite() && g.height.is_finite());
            }
            Err(e) => assert!(e.span.end <= part.len(), "{part:?}"),
        }
    }
}
