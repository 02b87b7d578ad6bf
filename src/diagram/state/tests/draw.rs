//! Geometry a reader of the picture cares about: composites hold their
//! members, start and end states are small circles, regions do not
//! overlap, labels hit nothing, the output is the same twice.

use crate::layout::{Layout, Rect};
use crate::layout::Shape;

fn render(body: &str) -> crate::Rendered {
    let src = format!("stateDiagram-v2\n{body}");
    super::super::render(&src, &crate::Options::default()).expect("renders")
}

fn node<'a>(l: &'a Layout, id: &str) -> &'a crate::layout::NodeLayout {
    l.nodes.iter().find(|n| n.id == id).unwrap_or_else(|| panic!("no node {id}"))
}

fn cluster(l: &Layout, id: &str) -> Rect {
    l.clusters.iter().find(|c| c.id == id).unwrap_or_else(|| panic!("no cluster {id}")).rect
}

fn inside(inner: Rect, outer: Rect) -> bool {
    inner.x >= outer.x && inner.y >= outer.y && inner.right() <= outer.right() && inner.bottom() <= outer.bottom()
}

fn overlap(a: Rect, b: Rect) -> bool {
    a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom()
}

#[test]
fn composites_hold_their_members_nested() {
    let r = render("[*] --> A\nstate A {\n  [*] --> a\n  state B {\n    b --> [*]\n  }\n  a --> B\n}\nA --> C");
    let l = &r.layout;
    let (a, b) = (cluster(l, "A"), cluster(l, "B"));
    assert!(inside(b, a), "{b:?} in {a:?}");
    for id in ["a", "A:start"] {
        assert!(inside(node(l, id).rect, a), "{id}");
        assert!(!overlap(node(l, id).rect, b), "{id}");
    }
    for id in ["b", "B:end"] {
        assert!(inside(node(l, id).rect, b), "{id}");
    }
    for id in ["C", "[*]:start"] {
        assert!(!overlap(node(l, id).rect, a), "{id}");
    }
    // The transition into A ends on A's frame.
    let e = l.edges.iter().find(|e| e.to == "A").unwrap();
    let last = *e.points.last().unwrap();
    assert!((last.y - a.y).abs() < 1.5, "{last:?} {a:?}");
}

#[test]
fn start_and_end_are_small_circles_and_bars_and_diamonds_are_fixed() {
    let r = render("[*] --> f\nstate f <<fork>>\nstate c <<choice>>\nf --> c\nc --> [*]");
    let l = &r.layout;
    let s = node(l, "[*]:start");
    let e = node(l, "[*]:end");
    assert_eq!((s.shape, e.shape), (Shape::SmallCircle, Shape::FramedCircle));
    assert_eq!((s.rect.width, s.rect.height), (14.0, 14.0));
    assert_eq!((e.rect.width, e.rect.height), (14.0, 14.0));
    let f = node(l, "f");
    assert_eq!((f.shape, f.rect.width, f.rect.height), (Shape::Fork, 70.0, 10.0));
    assert_eq!(node(l, "c").shape, Shape::Choice);
    assert!(r.svg.contains("<circle"));
    // Pseudo-states show no text.
    assert!(s.label.is_empty() && f.label.is_empty());
}

#[test]
fn regions_are_separate_dashed_frames_inside_their_composite() {
    let r = render("state A {\n  [*] --> a1\n  a1 --> a2\n  --\n  [*] --> b1\n  --\n  c1\n}");
    let l = &r.layout;
    let a = cluster(l, "A");
    let regions: Vec<Rect> = (0..3).map(|k| cluster(l, &format!("A:region:{k}"))).collect();
    for (k, reg) in regions.iter().enumerate() {
        assert!(inside(*reg, a), "region {k}");
        for other in &regions[k + 1..] {
            assert!(!overlap(*reg, *other), "regions overlap");
        }
    }
    assert!(inside(node(l, "a1").rect, regions[0]));
    assert!(inside(node(l, "b1").rect, regions[1]));
    assert!(inside(node(l, "A:1:start").rect, regions[1]));
    assert!(inside(node(l, "c1").rect, regions[2]));
    assert!(r.svg.contains("stroke-dasharray=\"10,10\""));
}

#[test]
fn described_states_are_taller_and_notes_stand_beside_their_state() {
    let r = render("A : one\nA : two\nB\nA --> B : go\nnote right of B : a note");
    let l = &r.layout;
    assert_eq!(node(l, "A").shape, Shape::DividedRect);
    assert!(node(l, "A").rect.height > node(l, "B").rect.height);
    let note = node(l, "note:0");
    assert!(!overlap(note.rect, node(l, "B").rect));
    let link = l.edges.iter().find(|e| e.to == "note:0").unwrap();
    assert_eq!(link.from, "B");
    let label = l.edges[0].label_box.expect("a labelled transition has a box");
    for n in &l.nodes {
        assert!(!overlap(label, n.rect), "label on {}", n.id);
    }
    for text in ["one", "two", "go", "a note"] {
        assert!(r.svg.contains(text), "{text}");
    }
}

#[test]
fn loops_on_states_and_composites_are_drawn() {
    let r = render("state A {\n  a\n}\nA --> A : LOG\nb --> b : again");
    let l = &r.layout;
    for e in &l.edges {
        assert!(e.points.len() >= 2, "{} -> {} has no path", e.from, e.to);
    }
    assert!(!l.nodes.iter().any(|n| n.id.is_empty()));
    assert!(r.svg.contains("LOG") && r.svg.contains("again"));
}

#[test]
fn directions_of_the_diagram_and_of_composites() {
    let r = render("direction LR\nA --> B\nstate C {\n  direction TB\n  c1 --> c2\n}\nB --> C");
    let l = &r.layout;
    assert!(node(l, "A").rect.right() < node(l, "B").rect.x);
    assert!(node(l, "c1").rect.bottom() < node(l, "c2").rect.y);
}

#[test]
fn composites_without_a_direction_run_top_to_bottom_at_any_depth() {
    // Mermaid 11 lays out a composite without `direction` top to bottom,
    // whatever the diagram's or its parent's direction.
    let r = render("direction LR\nA --> B\nstate B {\n  x --> C\n  state C {\n    p --> q\n  }\n}\nB --> D");
    let l = &r.layout;
    assert!(cluster(l, "B").right() < node(l, "D").rect.x, "the diagram runs left to right");
    assert!(node(l, "x").rect.bottom() < cluster(l, "C").y);
    assert!(node(l, "p").rect.bottom() < node(l, "q").rect.y);
    let (p, q) = (node(l, "p").rect, node(l, "q").rect);
    assert!((p.center().x - q.center().x).abs() < 1.0, "{p:?} {q:?}");
}

#[test]
fn same_bytes_twice_and_styles_reach_the_svg() {
    let body = "classDef bad fill:#f00,color:white\n[*] --> A:::bad\nA --> B\nstyle B stroke:#00f";
    let (a, b) = (render(body), render(body));
    assert_eq!(a.svg, b.svg);
    assert_eq!(a.layout.to_json(), b.layout.to_json());
    assert!(a.svg.contains("#ff0000") || a.svg.contains("#f00"));
    assert!(a.svg.contains("#00f"));
    assert!(a.svg.contains("aria-roledescription=\"stateDiagram\""));
}

#[test]
fn a_class_on_a_composite_paints_its_body_as_mermaid_does() {
    let r = render("classDef hot fill:#f96,stroke:#c00,color:#fff\n[*] --> B\nstate B {\n  x --> y\n}\nclass B hot");
    let at = r.svg.find("id=\"state-B\"").or_else(|| r.svg.find("state-B\"")).expect("the composite's group");
    let group = &r.svg[at..at + r.svg[at..].find("</g>").expect("closed")];
    let rects: Vec<&str> = group.split("<rect").skip(1).collect();
    assert!(rects.len() >= 2, "{group}");
    // The frame and title band keep the theme; the body takes the class.
    assert!(!rects[0].contains("#ff9966") && !rects[0].contains("#cc0000"), "{}", rects[0]);
    assert!(rects[1].contains("fill=\"#f96\"") || rects[1].contains("fill=\"#ff9966\""), "{}", rects[1]);
    assert!(rects[1].contains("stroke=\"#c00\"") || rects[1].contains("stroke=\"#cc0000\""), "{}", rects[1]);
}

#[test]
fn state_spacing_comes_from_the_state_section() {
    let tight = render("%%{init: {\"state\": {\"rankSpacing\": 10}}}%%\nA --> B");
    let wide = render("%%{init: {\"state\": {\"rankSpacing\": 120}}}%%\nA --> B");
    let gap = |r: &crate::Rendered| node(&r.layout, "B").rect.y - node(&r.layout, "A").rect.bottom();
    assert!(gap(&wide) > gap(&tight) + 50.0, "{} {}", gap(&wide), gap(&tight));
    // The flowchart's spacing does not reach state diagrams.
    let flow = render("%%{init: {\"flowchart\": {\"rankSpacing\": 120}}}%%\nA --> B");
    assert!((gap(&flow) - gap(&render("A --> B"))).abs() < 0.01);
}

#[test]
fn transitions_between_a_composite_and_its_inside_leave_the_frame() {
    let r = render("state A {\n  a --> b\n}\nA --> a : in\nb --> A : out");
    let l = &r.layout;
    let frame = cluster(l, "A");
    for (from, to) in [("A", "a"), ("b", "A")] {
        let e = l.edges.iter().find(|e| e.from == from && e.to == to).unwrap();
        assert!(
            e.points.iter().any(|p| !frame.contains(*p)),
            "{from} -> {to} stays inside the frame"
        );
    }
    assert!(r.svg.contains(">in<") && r.svg.contains(">out<"));
}
