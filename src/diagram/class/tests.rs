//! Tests of the class diagram slice: parsing per construct and per error,
//! the grammar's examples, the geometry a reader relies on (compartments
//! hold their text, cardinalities clear of everything, markers at the
//! right end), and Mermaid's own corpus.

use super::layout::{self, overlaps, segment_hits, Geometry, Settings};
use super::model::*;
use super::parse;
use crate::config::Config;

mod corpus;

/// Parses `body` after a header line, panicking with the rendered error.
fn ok(body: &str) -> ClassDiagram {
    let src = format!("classDiagram\n{body}");
    match parse(&src) {
        Ok(d) => d,
        Err(e) => panic!("{}", e.display("test", &src)),
    }
}

/// The error of `body` after a header line: line, column and message.
fn err(body: &str) -> (usize, usize, String) {
    let src = format!("classDiagram\n{body}");
    let e = parse(&src).expect_err("should fail");
    let (line, col) = crate::line_col(&src, e.span.start);
    (line, col, e.message.clone())
}

fn laid_out(body: &str) -> (ClassDiagram, Geometry) {
    let d = ok(body);
    let g = layout::layout(&d, &Settings::from_config(&Config::default()));
    (d, g)
}

#[test]
fn classes_members_and_annotations() {
    let d = ok("class Duck~T~ <<animal>> {\n  +String beak\n  +swim()$\n  -List~int~ ids\n  quack() void*\n}\nDuck : +int age\n<<interface>> Duck");
    let c = &d.classes[0];
    assert_eq!(c.id, "Duck");
    assert_eq!(c.title(), "Duck<T>");
    assert_eq!(c.annotations, ["animal", "interface"]);
    let attrs: Vec<&str> = c.attributes.iter().map(|m| m.display.as_str()).collect();
    assert_eq!(attrs, ["+String beak", "-List<int> ids", "+int age"]);
    let methods: Vec<(&str, Option<Classifier>)> = c
        .methods
        .iter()
        .map(|m| (m.display.as_str(), m.classifier))
        .collect();
    assert_eq!(
        methods,
        [
            ("+swim()", Some(Classifier::Static)),
            ("quack() : void", Some(Classifier::Abstract))
        ]
    );
}

#[test]
fn labels_backticks_and_css_shorthand() {
    let d = ok("class A[\"Shown label\"]:::hot\nclass `Animal Class!`\nB:::cold --> A");
    assert_eq!(d.classes[0].label.as_deref(), Some("Shown label"));
    assert_eq!(d.classes[0].css_classes, ["hot"]);
    assert_eq!(d.classes[1].id, "Animal Class!");
    assert_eq!(d.classes[2].css_classes, ["cold"]);
}

#[test]
fn every_arrow_reads_its_two_ends() {
    use EndKind::*;
    let cases = [
        ("A <|-- B", Extension, None, false),
        ("A *-- B", Composition, None, false),
        ("A o-- B", Aggregation, None, false),
        ("A --> B", None, Dependency, false),
        ("A -- B", None, None, false),
        ("A ..> B", None, Dependency, true),
        ("A ..|> B", None, Extension, true),
        ("A .. B", None, None, true),
        ("A <|--|> B", Extension, Extension, false),
        ("A *--o B", Composition, Aggregation, false),
        ("A <--> B", Dependency, Dependency, false),
        ("A ()-- B", Lollipop, None, false),
        ("A --() B", None, Lollipop, false),
        ("A --o B", None, Aggregation, false),
        ("A --* B", None, Composition, false),
    ];
    for (src, from, to, dashed) in cases {
        let d = ok(src);
        let r = &d.relations[0];
        assert_eq!((r.from_end, r.to_end, r.dashed), (from, to, dashed), "{src}");
        assert_eq!(d.classes.len(), 2, "{src}");
    }
    // A class whose name starts with "o" after a plain arrow.
    let d = ok("A -- oB");
    assert_eq!(d.relations[0].to_end, EndKind::None);
    assert_eq!(d.classes[1].id, "oB");
}

#[test]
fn cardinalities_and_labels() {
    let d = ok("Customer \"1\" --> \"0..*\" Ticket : buys <br> many");
    let r = &d.relations[0];
    assert_eq!(r.from_card.as_deref(), Some("1"));
    assert_eq!(r.to_card.as_deref(), Some("0..*"));
    assert_eq!(r.label.as_deref(), Some("buys <br> many"));
}

#[test]
fn namespaces_nest_and_hold_their_classes() {
    let d = ok("namespace A.B[\"Bee\"] {\n  class X\n  namespace C {\n    class Y\n  }\n}\nclass Z");
    let ids: Vec<&str> = d.namespaces.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, ["A", "A.B", "A.B.C"]);
    assert_eq!(d.namespaces[1].label, "Bee");
    assert_eq!(d.namespaces[2].parent, Some(1));
    assert_eq!(d.classes[0].namespace, Some(1));
    assert_eq!(d.classes[1].namespace, Some(2));
    assert_eq!(d.classes[2].namespace, None);
}

#[test]
fn notes_styles_links_and_callbacks() {
    let d = ok("class A\nnote for A \"one\\ntwo\"\nnote \"free\"\nstyle A fill:#f9f,stroke:#333\nclassDef hot fill:#f96\ncssClass \"A, Missing\" hot\nclick A href \"https://example.com\" \"tip\" _blank\ncallback A \"fn\" \"tip\"\ndirection LR\naccTitle: T\naccDescr {\n  many\n  lines\n}");
    assert_eq!(d.notes.len(), 2);
    assert_eq!(d.notes[0].class, Some(0));
    assert_eq!(d.classes[0].styles.len(), 2);
    assert_eq!(d.classes[0].css_classes, ["hot"]);
    let link = d.classes[0].link.as_ref().unwrap();
    assert_eq!((link.href.as_str(), link.target.as_deref()), ("https://example.com", Some("_blank")));
    assert_eq!(d.classes[0].tooltip.as_deref(), Some("tip"));
    assert_eq!(d.warnings.len(), 1, "{:?}", d.warnings);
    assert!(d.warnings[0].message.contains("callback"));
    assert_eq!(d.direction, crate::layout::Direction::LeftRight);
    assert_eq!(d.acc_descr.as_deref(), Some("many\nlines"));
    assert_eq!(d.classes.len(), 1, "cssClass names no new class");
}

#[test]
fn spans_cover_what_they_name() {
    let src = "classDiagram\n  class Animal {\n    +int age\n  }\n  Animal <|-- Duck : is a";
    let d = parse(src).unwrap();
    let at = |s: crate::error::Span| &src[s.start..s.end];
    assert_eq!(at(d.classes[0].span), "Animal");
    assert_eq!(at(d.classes[1].span), "Duck");
    assert_eq!(at(d.classes[0].attributes[0].span), "+int age");
    assert_eq!(at(d.relations[0].span), "Animal <|-- Duck : is a");
}

#[test]
fn errors_point_at_the_mistake() {
    assert_eq!(err("note text").0, 2);
    assert_eq!(err("note text").1, 6);
    assert!(err("note text").2.contains("quoted"));
    let (l, c, m) = err("class A {\n  int x\n");
    assert_eq!((l, c), (2, 9), "{m}");
    let (l, c, m) = err("A -> B");
    assert_eq!((l, c), (2, 3), "{m}");
    let (l, c, _) = err("namespace N {\n class A\n");
    assert_eq!((l, c), (2, 1));
    let (l, c, _) = err("direction up");
    assert_eq!((l, c), (2, 11));
    let (l, c, _) = err("}");
    assert_eq!((l, c), (2, 1));
    let e = parse("flowchart LR\nA-->B").unwrap_err();
    assert!(e.message.contains("classDiagram"));
}

#[test]
fn grammar_examples_parse() {
    let grammar = include_str!("../../../grammar/class.ebnf");
    let mut n = 0;
    for line in grammar.lines() {
        let Some(ex) = line.trim().strip_prefix("(* example: ") else {
            continue;
        };
        let ex = ex.strip_suffix(" *)").expect("example ends with ' *)'");
        let text = ex.replace("\\n", "\n");
        let src = if text.contains("classDiagram") {
            text
        } else {
            format!("classDiagram\n{text}")
        };
        if let Err(e) = parse(&src) {
            panic!("grammar example does not parse:\n{}", e.display("class.ebnf", &src));
        }
        n += 1;
    }
    assert!(n >= 50, "only {n} examples found");
}

#[test]
fn compartments_hold_their_text() {
    let (_, g) = laid_out("class BankAccount {\n  <<entity>>\n  +String owner\n  +BigDecimal balance\n  +deposit(amount) bool\n  +withdrawEverythingAtOnce(amount, reason) bool\n}");
    let b = &g.classes[0];
    let r = b.rect;
    assert!(r.y < b.title_top && b.title_top + b.title.height <= b.attributes_top);
    for (block, top) in &b.attributes {
        assert!(*top >= b.attributes_top && top + block.height <= b.methods_top);
        assert!(block.width + 2.0 * layout::PAD_X <= r.width + 0.01);
    }
    for (block, top) in &b.methods {
        assert!(*top >= b.methods_top && top + block.height <= r.bottom() + 0.01);
        assert!(block.width + 2.0 * layout::PAD_X <= r.width + 0.01);
    }
    assert_eq!(b.annotations.len(), 1);
}

#[test]
fn cardinalities_clear_boxes_labels_and_lines() {
    let (_, g) = laid_out("A \"1\" --> \"many\" B : uses\nA \"0..1\" --> \"1..*\" C : has\nB \"1\" o-- \"*\" C\nC \"x\" *-- \"y\" D : part\nA \"1\" <|-- \"2\" D");
    let mut boxes = Vec::new();
    for r in &g.relations {
        for p in [&r.from_label, &r.to_label].into_iter().flatten() {
            boxes.push(p.rect);
        }
    }
    assert_eq!(boxes.len(), 10);
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            assert!(!overlaps(a, b), "{a:?} {b:?}");
        }
        for c in &g.classes {
            assert!(!overlaps(a, &c.rect), "{a:?} on {:?}", c.rect);
        }
        for r in &g.relations {
            if let Some(l) = &r.label {
                assert!(!overlaps(a, &l.rect));
            }
            for w in r.line.points.windows(2) {
                assert!(!segment_hits(w[0], w[1], a), "{a:?} on a line");
            }
        }
        assert!(a.x >= 0.0 && a.y >= 0.0 && a.right() <= g.width && a.bottom() <= g.height);
    }
}

#[test]
fn markers_sit_at_the_end_they_belong_to() {
    let d = ok("Animal <|-- Duck\nDuck --> Pond\nPond --* Water");
    let g = layout::layout(&d, &Settings::from_config(&Config::default()));
    let scene = super::scene::scene(&d, &g, &Config::default());
    let mut markers = Vec::new();
    fn walk(items: &[crate::scene::Item], out: &mut Vec<crate::scene::Marker>) {
        for i in items {
            match i {
                crate::scene::Item::Group(g) => walk(&g.children, out),
                crate::scene::Item::Marker(m) => out.push(m.clone()),
                _ => {}
            }
        }
    }
    walk(&scene.items, &mut markers);
    use crate::scene::MarkerKind;
    let near = |p: crate::layered::Point, r: crate::layered::Rect| {
        let dx = (p.x - r.x.max(p.x.min(r.right()))).abs();
        let dy = (p.y - r.y.max(p.y.min(r.bottom()))).abs();
        dx < 1.5 && dy < 1.5
    };
    let kinds: Vec<MarkerKind> = markers.iter().map(|m| m.kind).collect();
    assert_eq!(kinds, [MarkerKind::Triangle, MarkerKind::Arrow, MarkerKind::Diamond]);
    // The triangle at Animal (written first), the arrow at Pond, the
    // diamond at Water.
    assert!(near(markers[0].tip, g.classes[0].rect));
    assert!(near(markers[1].tip, g.classes[2].rect));
    assert!(near(markers[2].tip, g.classes[3].rect));
    // Inheritance puts the parent above.
    assert!(g.classes[0].rect.bottom() < g.classes[1].rect.y);
}

#[test]
fn links_are_sanitised_links_and_output_is_deterministic() {
    let src = "classDiagram\nclass A\nclass B\nclick A href \"https://example.com\"\nlink B \"javascript:alert(1)\"";
    let options = crate::Options::default();
    let first = super::render(src, &options).unwrap();
    assert!(first.svg.contains("<a href=\"https://example.com\""));
    assert!(!first.svg.contains("javascript"));
    assert_eq!(super::render(src, &options).unwrap().svg, first.svg);
}

#[test]
fn limits_are_parse_errors() {
    let limits = crate::Limits {
        max_nodes: 2,
        ..crate::Limits::default()
    };
    let e = super::check("classDiagram\nA --> B\nB --> C", &limits).unwrap_err();
    assert!(e.to_string().contains("limit"), "{e}");
}

#[test]
fn cut_and_mangled_inputs_never_panic() {
    // Every prefix (at a character boundary, every few bytes) of diagrams
    // using most of the syntax, and the same with characters swapped for
    // syntax marks: parsing fails or succeeds, layout and drawing always
    // finish.
    let sources = [
        "classDiagram\nnamespace A.B[\"x\"] {\nclass `C d`~T~[\"L\"]:::k <<i>> {\n+int a$\n-m(List~int~ x) bool*\n}\n}\nC \"1\" <|--|> \"*\" D : l\nnote for D \"n\\nm\"\nstyle D fill:#f9f\nclick D href \"https://x\" \"t\" _blank\n",
        "---\ntitle: T\n---\nclassDiagram-v2\ndirection RL\nA ()-- B\nB --() C\nA *--o C\nA ..|> A : self\ncssClass \"A,B\" k\ncallback A \"f\"\naccDescr {\nx\n}\n",
    ];
    let marks = ['"', '{', '}', '<', '>', '~', '`', ':', '\n', '|', '(', ')'];
    let options = crate::Options::default();
    for src in sources {
        let mut variants = Vec::new();
        for (k, _) in src.char_indices().step_by(3) {
            variants.push(src[..k].to_string());
        }
        for (k, c) in src.char_indices().step_by(5) {
            let mark = marks[k % marks.len()];
            variants.push(format!("{}{mark}{}", &src[..k], &src[k + c.len_utf8()..]));
        }
        for v in variants {
            if let Ok(r) = super::render(&v, &options) {
                assert!(r.svg.starts_with("<svg"), "{v:?}");
            }
        }
    }
}

#[test]
fn layout_keeps_everything_inside_the_drawing() {
    let (_, g) = laid_out("A \"1\" --> \"2\" B\nB \"3\" --> \"4\" C\nC \"5\" --> \"6\" A\nnote for A \"x\"\nnamespace N {\nclass D\n}\nD --> A : edge label");
    let inside = |r: &crate::layered::Rect| {
        r.x >= 0.0 && r.y >= 0.0 && r.right() <= g.width + 0.01 && r.bottom() <= g.height + 0.01
    };
    for c in &g.classes {
        assert!(inside(&c.rect), "{:?}", c.rect);
    }
    for n in &g.notes {
        assert!(inside(&n.rect));
    }
    for f in &g.frames {
        assert!(inside(&f.rect));
    }
    for r in &g.relations {
        for p in [&r.label, &r.from_label, &r.to_label].into_iter().flatten() {
            assert!(inside(&p.rect), "{:?}", p.rect);
        }
    }
    for c in &g.classes {
        for n in &g.notes {
            assert!(!overlaps(&c.rect, &n.rect));
        }
    }
}

#[test]
fn class_settings_hide_empty_compartments_and_flatten_namespaces() {
    let src = "---\nconfig:\n  class:\n    hideEmptyMembersBox: true\n    hierarchicalNamespaces: false\n---\nclassDiagram\nnamespace A.B {\nclass X\n}\nclass Y {\n+int a\n}";
    let r = super::render(src, &crate::Options::default()).unwrap();
    let titles: Vec<String> = r.layout.clusters.iter().map(|c| c.title.plain_text()).collect();
    assert_eq!(titles, ["A.B"]);
    assert_eq!(r.layout.nodes[0].parent, Some(0));
    // X has no members: its box is its title band alone.
    let (x, y) = (&r.layout.nodes[0].rect, &r.layout.nodes[1].rect);
    assert!(x.height < y.height, "{x:?} {y:?}");
    let d = ok("namespace A.B {\nclass X\n}");
    assert_eq!(d.namespaces.len(), 2);
}

#[test]
fn each_lollipop_relation_draws_its_own_interface() {
    let d = ok("Class01 --() bar\nClass02 --() bar\nfoo ()-- Class01");
    let interfaces: Vec<String> = d
        .classes
        .iter()
        .filter(|c| c.interface)
        .map(|c| c.title())
        .collect();
    assert_eq!(interfaces, ["bar", "bar", "foo"]);
    assert_eq!(d.classes.iter().filter(|c| !c.interface).count(), 2);
    assert_ne!(d.relations[0].to, d.relations[1].to);
}
