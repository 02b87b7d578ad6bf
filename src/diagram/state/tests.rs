//! Tests of the state diagram slice: parsing, the grammar's examples,
//! drawing, and Mermaid's own corpus.

use super::model::*;

mod corpus;
mod draw;

/// Parses `body` after a header line, panicking with the rendered error.
fn ok(body: &str) -> StateDiagram {
    let src = format!("stateDiagram-v2\n{body}");
    match super::parse(&src, &crate::Limits::default()) {
        Ok(s) => s,
        Err(e) => panic!("{}", e.display("test", &src)),
    }
}

fn src_of(src: &str, span: crate::error::Span) -> &str {
    &src[span.start..span.end]
}

fn err(body: &str) -> (String, (usize, usize)) {
    let src = format!("stateDiagram-v2\n{body}");
    match super::parse(&src, &crate::Limits::default()) {
        Ok(_) => panic!("parsed: {body}"),
        Err(e) => (e.message.clone(), e.line_col(&src)),
    }
}

#[test]
fn grammar_examples_parse() {
    let grammar = include_str!("../../../grammar/state.ebnf");
    let mut n = 0;
    for line in grammar.lines() {
        let Some(ex) = line.trim().strip_prefix("(* example: ") else {
            continue;
        };
        let ex = ex.strip_suffix(" *)").expect("example ends with ' *)'");
        let text = ex.replace("\\n", "\n");
        let src = if text.contains("stateDiagram") {
            text
        } else {
            format!("stateDiagram-v2\n{text}")
        };
        if let Err(e) = super::parse(&src, &crate::Limits::default()) {
            panic!("grammar example does not parse:\n{}", e.display("state.ebnf", &src));
        }
        n += 1;
    }
    assert!(n >= 40, "only {n} examples found");
}

#[test]
fn states_transitions_and_pseudo_states_of_each_document() {
    let d = ok("[*] --> A\nA --> B : go\nB --> [*]\nstate C {\n  [*] --> c\n  c --> [*]\n}\nA --> [*]");
    let ids: Vec<&str> = d.states.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        ["[*]:start", "A", "B", "[*]:end", "C", "C:start", "c", "C:end"]
    );
    assert_eq!(d.states[0].kind, StateKind::Start);
    assert_eq!(d.states[3].kind, StateKind::End);
    assert!(d.states[4].composite);
    assert_eq!(d.states[6].parent, Some(0));
    assert_eq!(d.scopes[0], Scope { state: 4, region: 0 });
    // The top-level end is shared by both transitions into it.
    assert_eq!(d.transitions[2].to, d.transitions[5].to);
    assert_eq!(d.transitions[1].label.as_ref().unwrap().raw, "go");
}

#[test]
fn descriptions_names_and_kinds() {
    let src = "stateDiagram-v2\nstate \"Some long name\" as S1: The description\nS2 : only\nstate f <<fork>>\nstate j [[join]]\nstate c <<choice>>\nstate \"as\" as as";
    let d = super::parse(src, &crate::Limits::default()).unwrap();
    let s1 = &d.states[0];
    assert_eq!(s1.title(), "Some long name");
    assert_eq!(s1.body()[0].raw, "The description");
    assert_eq!(src_of(src, s1.body()[0].span), "The description");
    assert_eq!(src_of(src, s1.span), "S1");
    assert_eq!(d.states[1].title(), "only");
    assert!(d.states[1].body().is_empty());
    let kinds: Vec<StateKind> = d.states[2..5].iter().map(|s| s.kind).collect();
    assert_eq!(kinds, [StateKind::Fork, StateKind::Join, StateKind::Choice]);
    assert_eq!(d.states[5].id, "as");
    assert_eq!(d.states[5].title(), "as");
}

#[test]
fn regions_split_a_composite_and_each_has_its_start() {
    let d = ok("state A {\n  [*] --> a\n  --\n  [*] --> b\n  --\n  c\n}");
    assert_eq!(d.regions(0).len(), 3);
    let a = d.states.iter().find(|s| s.id == "a").unwrap();
    let b = d.states.iter().find(|s| s.id == "b").unwrap();
    assert_ne!(a.parent, b.parent);
    assert!(d.states.iter().any(|s| s.id == "A:1:start"));
    assert!(d.states.iter().any(|s| s.id == "A:start"));
}

#[test]
fn notes_classes_styles_and_settings() {
    let d = ok(concat!(
        "direction LR\naccTitle: t\naccDescr {\n  two\n  lines\n}\n",
        "classDef hot fill:#f00,color:white;\nA:::hot --> B\nclass B, C hot\nstyle A stroke:rgb(1,2,3),stroke-width:2px\n",
        "note right of A : short\nnote left of B\n  long\n  text\nend note\n",
        "hide empty description\nscale 350 width\nstate D {\n  direction TB\n  d\n}\n",
        "click B \"https://example.com\" \"tip\""
    ));
    assert_eq!(d.direction, crate::layout::Direction::LeftRight);
    assert_eq!(d.acc_title.as_ref().unwrap().raw, "t");
    assert_eq!(d.acc_descr.as_ref().unwrap().raw, "two\nlines");
    assert_eq!(d.states[0].classes, ["hot"]);
    assert_eq!(d.states[1].classes, ["hot"]);
    assert_eq!(d.states[0].styles[0].value, "rgb(1,2,3)");
    assert_eq!(d.class_defs[0].styles.len(), 2);
    assert_eq!(d.notes.len(), 2);
    assert_eq!(d.notes[1].text.raw, "long\ntext");
    assert_eq!(d.notes[1].side, Side::Left);
    let dd = d.states.iter().find(|s| s.id == "D").unwrap();
    assert_eq!(dd.direction, Some(crate::layout::Direction::TopBottom));
    assert_eq!(d.states[1].link.as_ref().unwrap().0, "https://example.com");
}

#[test]
fn several_statements_may_share_a_line_and_comments_end_them() {
    let d = ok("Moving --> Still %inline\nslow --> fast %% comment\nA B");
    let ids: Vec<&str> = d.states.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["Moving", "Still", "%inline", "slow", "fast", "A", "B"]);
}

#[test]
fn errors_point_at_the_mistake() {
    let cases: &[(&str, &str, (usize, usize))] = &[
        ("A --> ", "expected a state after '-->'", (2, 7)),
        ("A -> B", "unknown arrow '->'", (2, 3)),
        ("}", "unexpected '}'", (2, 1)),
        ("state A {\n  a", "unclosed composite state 'A'", (2, 9)),
        ("note right of A\n text", "unclosed note", (2, 1)),
        ("note over A : x", "expected 'left of' or 'right of'", (2, 6)),
        ("state \"x", "unclosed '\"'", (2, 7)),
        ("state A <<wide>>", "unknown state kind '<<wide>>'", (2, 9)),
        ("direction up", "expected a direction", (2, 11)),
        ("[*]", "expected '-->' after '[*]'", (2, 4)),
        ("A : x\n:", "expected a state or a statement", (3, 1)),
        ("accTitle x", "expected ':' after 'accTitle'", (2, 10)),
    ];
    for (body, message, at) in cases {
        let (m, lc) = err(body);
        assert!(m.contains(message), "{body:?}: {m}");
        assert_eq!(lc, *at, "{body:?}: {m}");
    }
    let e = super::parse("graph TD\nA", &crate::Limits::default()).unwrap_err();
    assert!(e.message.contains("stateDiagram-v2"));
}

#[test]
fn limits_are_parse_errors_naming_the_bound() {
    let limits = crate::Limits {
        max_nodes: 2,
        ..crate::Limits::default()
    };
    let e = super::parse("stateDiagram-v2\nA --> B\nC", &limits).unwrap_err();
    assert_eq!(e.limit, Some(crate::Limit::Nodes));
    let limits = crate::Limits {
        max_subgraph_depth: 1,
        ..crate::Limits::default()
    };
    let e = super::parse("stateDiagram-v2\nstate A {\nstate B {\n}\n}", &limits).unwrap_err();
    assert_eq!(e.limit, Some(crate::Limit::SubgraphDepth));
    let limits = crate::Limits {
        max_edges: 1,
        ..crate::Limits::default()
    };
    let e = super::parse("stateDiagram-v2\nA --> B\nB --> A", &limits).unwrap_err();
    assert_eq!(e.limit, Some(crate::Limit::Edges));
}

#[test]
fn front_matter_title_and_directives_are_read() {
    let src = "---\ntitle: Doors\nconfig:\n  theme: forest\n---\n%%{init: {\"fontSize\": 20}}%%\nstateDiagram-v2\nA";
    let d = super::parse(src, &crate::Limits::default()).unwrap();
    assert_eq!(d.title.as_ref().unwrap().raw, "Doors");
    assert_eq!(d.config.theme.as_deref(), Some("forest"));
    assert_eq!(d.config.font_size, Some(20.0));
}

#[test]
fn no_input_makes_the_parser_panic() {
    let pieces = [
        "state", " ", "\"", "A", "-->", "[*]", ":", "{", "}", "\n", "--", "note", "left of", "end note",
        "<<fork>>", ":::c", "classDef", "%%", "é", ";", "#colon;", "[[", "<<",
    ];
    let mut seed = 7u64;
    for _ in 0..3000 {
        let mut s = String::from("stateDiagram-v2\n");
        for _ in 0..12 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            s.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
        }
        if let Ok(d) = super::parse(&s, &crate::Limits::default()) {
            let _ = super::draw(&d, &crate::Config::default());
        }
    }
}

#[test]
fn keywords_take_any_case_where_what_follows_fits() {
    let d = ok("State \"Long\" as L\nNote Right Of L : hi\nState --> B\nnote left of B\n  x\nEND NOTE");
    let ids: Vec<&str> = d.states.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["L", "State", "B"]);
    assert_eq!(d.notes.len(), 2);
}
