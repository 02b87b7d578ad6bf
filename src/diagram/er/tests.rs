//! Tests of the ER diagram slice: parsing per construct and per error,
//! the grammar's examples, the geometry a reader relies on, and Mermaid's
//! own corpus.

use super::layout::{self, Geometry, Settings};
use super::model::*;
use super::parse;
use crate::config::Config;

mod corpus;

/// Parses `body` after a header line, panicking with the rendered error.
fn ok(body: &str) -> ErDiagram {
    let src = format!("erDiagram\n{body}");
    match parse(&src) {
        Ok(d) => d,
        Err(e) => panic!("{}", e.display("test", &src)),
    }
}

/// The error of `body` after a header line: line, column and message.
fn err(body: &str) -> (usize, usize, String) {
    let src = format!("erDiagram\n{body}");
    let e = parse(&src).expect_err("should fail");
    let (line, col) = crate::line_col(&src, e.span.start);
    (line, col, e.message.clone())
}

fn laid_out(body: &str) -> (ErDiagram, Geometry) {
    let d = ok(body);
    let g = layout::layout(&d, &Settings::from_config(&Config::default()));
    (d, g)
}

#[test]
fn entities_aliases_and_attributes() {
    let d = ok("p[Person] {\n  string(99) firstName PK, FK \"the name\"\n  List~int~ ids UK\n  int age\n}\nc[\"Customer Account\"]\n\"a b\"\nBOOK { string title }\nEMPTY {}");
    let ids: Vec<&str> = d.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["p", "c", "a b", "BOOK", "EMPTY"]);
    assert_eq!(d.entities[0].title(), "Person");
    assert_eq!(d.entities[1].title(), "Customer Account");
    let a = &d.entities[0].attributes;
    assert_eq!(a.len(), 3);
    assert_eq!(
        (a[0].ty.as_str(), a[0].name.as_str()),
        ("string(99)", "firstName")
    );
    assert_eq!(a[0].keys, ["PK", "FK"]);
    assert_eq!(a[0].comment.as_deref(), Some("the name"));
    assert_eq!(a[1].keys, ["UK"]);
    assert_eq!(a[2].comment, None);
    assert_eq!(d.entities[3].attributes[0].name, "title");
    assert!(d.entities[4].attributes.is_empty());
}

#[test]
fn every_cardinality_spelling() {
    use Cardinality::*;
    let cases = [
        ("A |o--o| B : x", ZeroOrOne, ZeroOrOne, true),
        ("A ||--|| B : x", ExactlyOne, ExactlyOne, true),
        ("A }o--o{ B : x", ZeroOrMore, ZeroOrMore, true),
        ("A }|..|{ B : x", OneOrMore, OneOrMore, false),
        ("A o{--|| B : x", ZeroOrMore, ExactlyOne, true),
        ("A u--o{ B : x", MdParent, ZeroOrMore, true),
        (
            "A one or zero to one or more B : x",
            ZeroOrOne,
            OneOrMore,
            true,
        ),
        (
            "A one or many optionally to zero or one B : x",
            OneOrMore,
            ZeroOrOne,
            false,
        ),
        (
            "A zero or more to zero or many B : x",
            ZeroOrMore,
            ZeroOrMore,
            true,
        ),
        ("A many(0) to many(1) B : x", ZeroOrMore, OneOrMore, true),
        ("A 0+ .- 1+ B : x", ZeroOrMore, OneOrMore, false),
        ("A only one -. one B : x", ExactlyOne, ExactlyOne, false),
        ("A 1--1 B : x", ExactlyOne, ExactlyOne, true),
        ("A many to Only One B : x", ZeroOrMore, ExactlyOne, true),
    ];
    for (src, from, to, identifying) in cases {
        let d = ok(src);
        let r = &d.relationships[0];
        assert_eq!(
            (r.from_card, r.to_card, r.identifying),
            (from, to, identifying),
            "{src}"
        );
        assert_eq!(d.entities.len(), 2, "{src}");
    }
}

#[test]
fn labels_styles_classes_and_direction() {
    let d = ok("direction RL\nA:::hot ||--o{ B:::cold,big : \"has many\"\nA ||--|| C : \"\"\nclassDef hot fill:#f00\nclass C cold, big\nstyle A,B stroke:#00f; %% end\nbuzz foo[\"batman\"]");
    assert_eq!(d.direction, crate::layout::Direction::RightLeft);
    assert_eq!(d.relationships[0].label, "has many");
    assert_eq!(d.relationships[1].label, "");
    assert_eq!(d.entities[0].css_classes, ["hot"]);
    assert_eq!(d.entities[1].css_classes, ["cold", "big"]);
    assert_eq!(d.entities[2].css_classes, ["cold", "big"]);
    assert_eq!(d.entities[0].styles[0].property, "stroke");
    assert_eq!(d.class_defs[0].0, "hot");
    let foo = d.entities.iter().find(|e| e.id == "foo").unwrap();
    assert_eq!(foo.title(), "batman");
    assert_eq!(d.entities.len(), 5);
}

#[test]
fn preamble_title_and_settings() {
    let src = "---\ntitle: Shop\nconfig:\n  er:\n    minEntityWidth: 300\n---\n%%{init: {\"er\": {\"nodeSpacing\": 10}}}%%\nerDiagram\nA";
    let d = parse(src).unwrap();
    assert_eq!(d.title.as_deref(), Some("Shop"));
    assert_eq!(d.config.er.min_entity_width, Some(300.0));
    assert_eq!(d.config.er.node_spacing, Some(10.0));
    let g = layout::layout(&d, &Settings::from_config(&d.config));
    assert!(g.entities[0].rect.width >= 300.0);
    assert!(g.title.is_some());
}

#[test]
fn layout_direction_applies_without_a_direction_statement() {
    let opts = crate::Options::default();
    let json = |src: &str| crate::render(src, &opts).unwrap().layout.direction;
    let init = "%%{init: {\"er\": {\"layoutDirection\": \"LR\"}}}%%\nerDiagram\nA ||--o{ B : x\n";
    assert_eq!(json(init), crate::layout::Direction::LeftRight);
    let both = format!("{init}direction BT\n");
    assert_eq!(json(&both), crate::layout::Direction::BottomTop);
}

#[test]
fn errors_point_at_the_mistake() {
    let cases = [
        ("Blo~rf", 2, 4, "relationship"),
        ("\"Blo%rf\"", 2, 5, "'%'"),
        ("A ||--o{ B", 2, 11, "':'"),
        ("A ||--o{ B :", 2, 13, "label"),
        ("A xx B : has", 2, 8, "relationship"),
        ("A ||~~o{ B : x", 2, 3, "'--'"),
        ("A ||--xx B : x", 2, 7, "cardinality"),
        ("BOOK {\nstring 0author\n}", 3, 8, "attribute name"),
        ("BOOK {\nstring author", 2, 6, "never closed"),
        ("Blo[rf", 2, 4, "alias"),
        ("direction UP", 2, 11, "TB"),
        ("Blo;rf", 2, 4, "relationship"),
        ("\"\" ||--o{ B : x", 2, 1, "empty"),
        ("A ||--o{ B : has many", 2, 18, "end of the line"),
    ];
    for (body, line, col, word) in cases {
        let (l, c, m) = err(body);
        assert_eq!((l, c), (line, col), "{body}: {m}");
        assert!(m.contains(word), "{body}: {m}");
    }
    let e = parse("erDiagramX\nA").unwrap_err();
    assert!(e.message.contains("erDiagram"));
}

#[test]
fn grammar_examples_parse() {
    let grammar = include_str!("../../../grammar/er.ebnf");
    let mut n = 0;
    for line in grammar.lines() {
        let Some(ex) = line.trim().strip_prefix("(* example: ") else {
            continue;
        };
        let ex = ex.strip_suffix(" *)").expect("example ends with ' *)'");
        let text = ex.replace("\\n", "\n");
        let src =
            if text.starts_with("erDiagram") || text.starts_with("---") || text.starts_with("%%") {
                text
            } else {
                format!("erDiagram\n{text}")
            };
        if let Err(e) = parse(&src) {
            panic!(
                "grammar example does not parse:\n{}",
                e.display("er.ebnf", &src)
            );
        }
        n += 1;
    }
    assert!(n >= 40, "only {n} examples found");
}

#[test]
fn tables_show_only_used_columns_and_hold_their_text() {
    let (_, g) = laid_out("A {\n  string name\n  int id PK\n}\nB {\n  string name \"c\"\n}\nC");
    assert_eq!(
        g.entities[0].columns,
        [
            layout::Column::Type,
            layout::Column::Name,
            layout::Column::Keys
        ]
    );
    assert_eq!(
        g.entities[1].columns,
        [
            layout::Column::Type,
            layout::Column::Name,
            layout::Column::Comment
        ]
    );
    assert!(g.entities[2].columns.is_empty());
    for b in &g.entities {
        let r = b.rect;
        assert!(b.header_bottom > r.y && b.header_bottom <= r.bottom() + 0.01);
        for row in &b.rows {
            assert!(row.top >= b.header_bottom - 0.01 && row.top + row.height <= r.bottom() + 0.01);
            for (cell, x) in row.cells.iter().zip(&b.column_x) {
                assert!(
                    x + cell.width <= r.right() + 0.01,
                    "cell runs out of its box"
                );
            }
        }
    }
}

#[test]
fn lines_end_on_the_borders_and_marks_are_drawn() {
    let (d, g) = laid_out("A ||--o{ B : places\nB }|..|o C : has");
    for (r, geo) in d.relationships.iter().zip(&g.relationships) {
        let (a, b) = (g.entities[r.from].rect, g.entities[r.to].rect);
        let first = geo.points.first().unwrap();
        let last = geo.points.last().unwrap();
        let on = |p: &crate::layered::Point, r: crate::layered::Rect| {
            let near = |v: f32, w: f32| (v - w).abs() < 1.0;
            (near(p.x, r.x) || near(p.x, r.right()) || near(p.y, r.y) || near(p.y, r.bottom()))
                && p.x >= r.x - 1.0
                && p.x <= r.right() + 1.0
                && p.y >= r.y - 1.0
                && p.y <= r.bottom() + 1.0
        };
        assert!(on(first, a) && on(last, b), "{first:?} {last:?}");
        assert!(geo.label.is_some());
    }
    let svg = crate::render(
        "erDiagram\nA ||--o{ B : places\nB }|..|o C : has",
        &crate::Options::default(),
    )
    .unwrap()
    .svg;
    assert!(svg.contains("<circle"), "zero marks are circles");
    assert!(
        svg.contains("stroke-dasharray=\"8,8\""),
        "non-identifying lines are dashed"
    );
    assert!(!svg.contains("foreignObject"));
}

#[test]
fn every_prefix_parses_or_fails_inside_the_text() {
    let src = "---\ntitle: T\n---\nerDiagram\n  direction LR\n  p[Person]:::a,b {\n    string(99) name PK, FK \"c\" %% x\n    List~int~ ids\n  }\n  \"a b\" }|..o{ p : \"has\"\n  p one or more optionally to 1 q[\"Q\"] : owns\n  style p fill:#f9f; class q a\n  classDef a stroke:red\n  accDescr {\n  d\n  }\n";
    for (k, _) in src.char_indices() {
        let prefix = &src[..k];
        match parse(prefix) {
            Ok(d) => {
                let g = layout::layout(&d, &Settings::from_config(&Config::default()));
                assert_eq!(g.entities.len(), d.entities.len());
            }
            Err(e) => assert!(
                e.span.start <= e.span.end && e.span.end <= prefix.len(),
                "{prefix:?}"
            ),
        }
    }
}
