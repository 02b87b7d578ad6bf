//! Tests of the sequence parser: one per construct and per error, the
//! grammar's examples, robustness, and the corpus of Mermaid's own cases.

use super::model::*;
use super::parse;

mod corpus;
mod draw;
mod errors;
mod robust;

/// Parses `body` after a header line, panicking with the rendered error.
fn ok(body: &str) -> Sequence {
    let src = format!("sequenceDiagram\n{body}");
    match parse(&src) {
        Ok(s) => s,
        Err(e) => panic!("{}", e.display("test", &src)),
    }
}

fn ids(s: &Sequence) -> Vec<&str> {
    s.participants.iter().map(|p| p.id.as_str()).collect()
}

fn messages(s: &Sequence) -> Vec<&Message> {
    s.messages().collect()
}

#[test]
fn participants_in_order_of_first_appearance() {
    let s = ok("participant B\nA->>B: hi\nC-->>A: back");
    assert_eq!(ids(&s), ["B", "A", "C"]);
    assert!(!s.participants[0].implicit);
    assert!(s.participants[1].implicit);
    assert_eq!(s.participants[1].kind, ParticipantKind::Participant);
}

#[test]
fn alias_and_actor() {
    let src = "sequenceDiagram\nparticipant A as Alice<br/>Smith\nactor Bob Jones as B.J.";
    let s = parse(src).unwrap();
    assert_eq!(s.participants[0].label.raw, "Alice<br/>Smith");
    assert_eq!(s.participants[0].label.lines(), ["Alice", "Smith"]);
    let sp = s.participants[0].label.span;
    assert_eq!(&src[sp.start..sp.end], "Alice<br/>Smith");
    assert_eq!(s.participants[1].id, "Bob Jones");
    assert_eq!(s.participants[1].kind, ParticipantKind::Actor);
    assert_eq!(s.participants[1].label.raw, "B.J.");
    let sp = s.participants[1].span;
    assert_eq!(&src[sp.start..sp.end], "Bob Jones");
}

#[test]
fn redeclaration_keeps_the_first_kind_unless_aliased() {
    // Mermaid's addActor returns early for a declaration without alias.
    let s = ok("A->>B: hi\nactor A\nactor B as Bee");
    assert_eq!(s.participants[0].kind, ParticipantKind::Participant);
    assert_eq!(s.participants[0].label.raw, "A");
    assert_eq!(s.participants[1].kind, ParticipantKind::Actor);
    assert_eq!(s.participants[1].label.raw, "Bee");
    assert!(!s.participants[0].implicit);
}

#[test]
fn participant_types_from_metadata() {
    let s = ok(concat!(
        "participant A@{ \"type\": \"boundary\" }\n",
        "participant B@{ \"type\" : \"control\", \"alias\": \"Ctl\" }\n",
        "actor C@{ \"type\": \"database\", \"alias\": \"Old\" } AS New DB\n",
        "participant D@{type: queue}\n",
        "participant E@{ \"type\": \"entity\" }\nparticipant F@{ \"type\": \"collections\" }\n",
        "participant G@{\n  \"type\": \"nonsense\"\n}\n",
    ));
    let kinds: Vec<_> = s.participants.iter().map(|p| p.kind).collect();
    use ParticipantKind::*;
    assert_eq!(
        kinds,
        [
            Boundary,
            Control,
            Database,
            Queue,
            Entity,
            Collections,
            Participant
        ]
    );
    assert_eq!(s.participants[1].label.raw, "Ctl");
    assert_eq!(s.participants[2].label.raw, "New DB");
    assert_eq!(s.warnings.len(), 1);
    assert!(
        s.warnings[0].message.contains("nonsense"),
        "{:?}",
        s.warnings
    );
}

#[test]
fn names_with_dashes_and_spaces() {
    let s = ok("my-service ->> Alice Smith: hi\nAlice Smith-->>my-service: ok");
    assert_eq!(ids(&s), ["my-service", "Alice Smith"]);
    let m = messages(&s);
    assert_eq!((m[1].from, m[1].to), (1, 0));
}

#[test]
fn every_arrow() {
    use ArrowHead::*;
    let cases = [
        ("->", false, None),
        ("-->", true, None),
        ("->>", false, Filled),
        ("-->>", true, Filled),
        ("<<->>", false, BothFilled),
        ("<<-->>", true, BothFilled),
        ("-x", false, Cross),
        ("--x", true, Cross),
        ("-)", false, Open),
        ("--)", true, Open),
        ("-|\\", false, HalfTop),
        ("--|\\", true, HalfTop),
        ("-|/", false, HalfBottom),
        ("--|/", true, HalfBottom),
        ("-\\\\", false, StickTop),
        ("--\\\\", true, StickTop),
        ("-//", false, StickBottom),
        ("--//", true, StickBottom),
        ("/|-", false, HalfTopReversed),
        ("/|--", true, HalfTopReversed),
        ("\\|-", false, HalfBottomReversed),
        ("\\|--", true, HalfBottomReversed),
        ("//-", false, StickTopReversed),
        ("//--", true, StickTopReversed),
        ("\\\\-", false, StickBottomReversed),
        ("\\\\--", true, StickBottomReversed),
    ];
    for (spelling, dotted, head) in cases {
        let s = ok(&format!("Alice{spelling}Bob: x"));
        assert_eq!(ids(&s), ["Alice", "Bob"], "{spelling}");
        let m = messages(&s)[0];
        assert_eq!(m.arrow, Arrow { dotted, head }, "{spelling}");
        assert_eq!(m.text.raw, "x");
    }
}

#[test]
fn central_connections_and_self_messages() {
    let s = ok("Alice ()->>() Bob: both\nBob ()-->> Carl: from\nA->>()B: to\nA->>A: self");
    let m = messages(&s);
    assert!(m[0].central_from && m[0].central_to);
    assert!(m[1].central_from && !m[1].central_to);
    assert!(!m[2].central_from && m[2].central_to);
    assert_eq!(m[3].from, m[3].to);
    assert_eq!(ids(&s), ["Alice", "Bob", "Carl", "A", "B"]);
}

#[test]
fn message_text_rules() {
    let src = "sequenceDiagram\nA->>B: a #59; b; B->>A:   wrap:  long  # comment\nA->>B:\nA->>B: #quot;q#quot; #9829;<br>two";
    let s = parse(src).unwrap();
    let m = messages(&s);
    assert_eq!(m[0].text.raw, "a #59; b");
    assert_eq!(m[0].text.lines(), ["a ; b"]);
    assert_eq!(m[1].text.raw, "long");
    assert_eq!(m[1].text.wrap, Some(true));
    let sp = m[1].text.span;
    assert_eq!(&src[sp.start..sp.end], "long");
    assert_eq!(m[2].text.raw, "");
    assert_eq!(m[3].text.lines(), ["\"q\" ♥", "two"]);
    let nowrap = ok("A->>B:nowrap: x");
    assert_eq!(messages(&nowrap)[0].text.wrap, Some(false));
}

#[test]
fn activation_on_messages_and_statements() {
    let s = ok("A->>+B: go\nactivate B\nB-->>-A: done\ndeactivate B");
    let m = messages(&s);
    assert!(m[0].activate_target && !m[0].deactivate_source);
    assert!(m[1].deactivate_source);
    assert!(matches!(
        s.events[1].kind,
        EventKind::Activate { participant: 1 }
    ));
    assert!(matches!(
        s.events[3].kind,
        EventKind::Deactivate { participant: 1 }
    ));
}

#[test]
fn notes() {
    let s =
        ok("Note left of A: l\nnote RIGHT  OF B: r\nNote over A: o\nNote over A,B: span<br/>two");
    let n: Vec<_> = s.notes().collect();
    assert_eq!(n[0].placement, NotePlacement::LeftOf);
    assert_eq!(n[1].placement, NotePlacement::RightOf);
    assert_eq!((n[2].placement, n[2].second), (NotePlacement::Over, None));
    assert_eq!((n[3].first, n[3].second), (0, Some(1)));
    assert_eq!(n[3].text.lines(), ["span", "two"]);
    assert_eq!(ids(&s), ["A", "B"]);
}

#[test]
fn blocks_nest_and_sections_follow_their_block() {
    let s = ok(concat!(
        "loop every minute\n alt ok\n  A->>B: x\n else\n  opt maybe\n  end\n else  no\n end\nend\n",
        "par one\nand two\nend\npar_over p\nand q\nend\n",
        "critical c\noption o\nend\nbreak b\nend\nrect rgb(0, 0, 255)\nend",
    ));
    let shape: Vec<String> = s
        .events
        .iter()
        .map(|e| match &e.kind {
            EventKind::BlockStart { kind, label } => format!("{}({})", kind.keyword(), label.raw),
            EventKind::BlockSection { kind, label } => {
                format!("|{}({})", kind.keyword(), label.raw)
            }
            EventKind::BlockEnd { kind, .. } => format!("/{}", kind.keyword()),
            EventKind::Message(_) => "msg".to_string(),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        shape,
        [
            "loop(every minute)",
            "alt(ok)",
            "msg",
            "|alt()",
            "opt(maybe)",
            "/opt",
            "|alt(no)",
            "/alt",
            "/loop",
            "par(one)",
            "|par(two)",
            "/par",
            "par_over(p)",
            "|par_over(q)",
            "/par_over",
            "critical(c)",
            "|critical(o)",
            "/critical",
            "break(b)",
            "/break",
            "rect(rgb(0, 0, 255))",
            "/rect",
        ]
    );
    let EventKind::BlockEnd { start, .. } = s.events[8].kind else {
        panic!()
    };
    assert_eq!(start, 0);
    assert_eq!(BlockKind::ParOver.tab(), Some("par"));
}

#[test]
fn deep_nesting_uses_no_recursion() {
    let depth = 50_000;
    let body = format!(
        "{}A->>B: x\n{}",
        "loop\n".repeat(depth),
        "end\n".repeat(depth)
    );
    let s = ok(&body);
    assert_eq!(s.events.len(), 2 * depth + 1);
}

#[test]
fn boxes() {
    let s = ok(concat!(
        "box LightGrey Alice and Bob\nparticipant A\n\n%% c\nactor B\nend\n",
        "box Group 1\nparticipant C\nend\nbox aqua\nparticipant D\nend\n",
        "box rgb(1, 2, 3) Tri Colour\nparticipant E\nend\nbox transparent Clear\nend\nbox\nend\n",
        "A->>F: x",
    ));
    let b: Vec<_> = s
        .boxes
        .iter()
        .map(|b| {
            (
                b.colour.as_deref(),
                b.label.as_ref().map(|l| l.raw.as_str()),
            )
        })
        .collect();
    assert_eq!(
        b,
        [
            (Some("LightGrey"), Some("Alice and Bob")),
            (None, Some("Group 1")),
            (Some("aqua"), None),
            (Some("rgb(1, 2, 3)"), Some("Tri Colour")),
            (None, Some("Clear")),
            (None, None),
        ]
    );
    assert_eq!(s.boxes[0].members, [0, 1]);
    assert_eq!(s.participants[1].in_box, Some(0));
    assert_eq!(s.participants[5].in_box, None);
}

#[test]
fn create_and_destroy() {
    let s = ok(
        "A->>B: hi\ncreate participant C\nA->>C: new\ndestroy C\nC-xA: bye\ndestroy D\nD->>A: last",
    );
    let c = s.participant("C").unwrap();
    let created = c.created.unwrap();
    assert!(matches!(
        s.events[created].kind,
        EventKind::Create { participant: 2 }
    ));
    let destroyed = c.destroyed.unwrap();
    assert!(matches!(
        s.events[destroyed].kind,
        EventKind::Destroy { participant: 2 }
    ));
    // D is unknown at `destroy`; its message introduces it.
    let d = s.participant("D").unwrap();
    assert!(matches!(
        s.events[d.destroyed.unwrap()].kind,
        EventKind::Destroy { participant: 3 }
    ));
    let s = ok("create actor E as Eve\nA->>E: hi");
    assert_eq!(ids(&s), ["E", "A"]);
    assert_eq!(s.participants[0].kind, ParticipantKind::Actor);
}

#[test]
fn autonumber_counts_on_while_hidden() {
    let s = ok(concat!(
        "A->>B: 1\nautonumber\nA->>B: 2\nautonumber 10 10\nA->>B: 3\nautonumber off\n",
        "A->>B: 4\nautonumber\nA->>B: 5\nautonumber 200\nA->>B: 6\nautonumber 1.1 .01\nA->>B: 7\nA->>B: 8",
    ));
    let shown: Vec<Option<String>> = s.messages().map(|m| m.number.map(format_number)).collect();
    let want = [
        None,
        Some("2"),
        Some("10"),
        None,
        Some("30"),
        Some("200"),
        Some("1.1"),
        Some("1.11"),
    ];
    assert_eq!(shown, want.map(|w| w.map(str::to_string)));
    assert_eq!(messages(&s)[0].counter, 1.0);
    assert_eq!(format_number(10.0), "10");
    assert_eq!(format_number(10.1 + 0.01 + 0.01), "10.12");
}

#[test]
fn links_properties_details() {
    let s = ok(concat!(
        "participant A\nparticipant Link as Channel\nA->>Link: message\nLink->>A: back\n",
        "link A: Wiki @ https://wiki.example/a@b\nlinks A: {\"Repo\": \"https://r\", \"Dash\": \"https://d\"}\n",
        "link A : Wiki @ https://new\nproperties A: {\"class\": \"x\"}\ndetails A: info-1\n",
        "links A: not json",
    ));
    assert_eq!(ids(&s), ["A", "Link"]);
    assert_eq!(s.messages().count(), 2);
    let links: Vec<_> = s.participants[0]
        .links
        .iter()
        .map(|l| (l.label.as_str(), l.url.as_str()))
        .collect();
    assert_eq!(
        links,
        [
            ("Wiki", "https://new"),
            ("Repo", "https://r"),
            ("Dash", "https://d")
        ]
    );
    assert_eq!(s.participants[0].properties.len(), 2);
    assert_eq!(s.warnings.len(), 1);
}

#[test]
fn titles_and_accessibility() {
    let s = ok(
        "title Hello there\naccTitle: A; b # c\naccDescr {\n  line one\n  line two\n}\nA->>B: x",
    );
    assert_eq!(s.title.as_ref().unwrap().raw, "Hello there");
    assert_eq!(s.acc_title.as_ref().unwrap().raw, "A; b # c");
    assert_eq!(s.acc_descr.as_ref().unwrap().raw, "line one\n  line two");
    assert_eq!(s.messages().count(), 1);
    let s = ok("title: Legacy\naccDescr: single");
    assert_eq!(s.title.unwrap().raw, "Legacy");
    assert_eq!(s.acc_descr.unwrap().raw, "single");
}

#[test]
fn preamble_comments_separators() {
    let src = "\u{feff}---\ntitle: x\nconfig:\n  theme: dark\n---\n%%{init: {'theme':'base'}}%%\n%% comment\n\n  SEQUENCEDIAGRAM\n# hash comment\nA->>B: one; B->>A: two\n%%{wrap}%%\n  %% indented\nend_of_name->>A: three";
    let s = parse(src).unwrap();
    assert_eq!(s.messages().count(), 3);
    assert_eq!(ids(&s), ["A", "B", "end_of_name"]);
    let e = &s.events[1];
    assert_eq!(&src[e.span.start..e.span.end], "B->>A: two");
}

#[test]
fn grammar_examples_parse() {
    let grammar = include_str!("../../../grammar/sequence.ebnf");
    let mut n = 0;
    for line in grammar.lines() {
        let Some(ex) = line.trim().strip_prefix("(* example: ") else {
            continue;
        };
        let ex = ex.strip_suffix(" *)").expect("example ends with ' *)'");
        let text = ex.replace("\\n", "\n");
        let src = if text.to_ascii_lowercase().contains("sequencediagram") {
            text
        } else {
            format!("sequenceDiagram\n{text}")
        };
        if let Err(e) = parse(&src) {
            panic!(
                "grammar example does not parse:\n{}",
                e.display("sequence.ebnf", &src)
            );
        }
        n += 1;
    }
    assert!(n >= 40, "only {n} examples found");
}

#[test]
fn links_keep_their_written_order() {
    let s = ok(
        "links A: {\"z\": \"1\", \"a\": \"{\\\"x\\\": 2}\", \"m\": \"3\"}\nlinks A: {\"bad\": 1}",
    );
    let labels: Vec<_> = s.participants[0]
        .links
        .iter()
        .map(|l| l.label.as_str())
        .collect();
    assert_eq!(labels, ["z", "a", "m"]);
    assert_eq!(s.participants[0].links[1].url, "{\"x\": 2}");
    assert!(
        s.warnings[0].message.contains("not a string"),
        "{:?}",
        s.warnings
    );
}

#[test]
fn windows_line_endings() {
    let src = "---\r\ntitle: t\r\n---\r\nsequenceDiagram\r\nparticipant A as Al\r\nloop x\r\nA->>B: hi\r\nend\r\naccTitle: t\r\n";
    let s = parse(src).unwrap();
    assert_eq!(s.participants[0].label.raw, "Al");
    assert_eq!(messages(&s)[0].text.raw, "hi");
    assert_eq!(s.acc_title.as_ref().unwrap().raw, "t");
    corpus::check_spans(&s, src).unwrap();
}
