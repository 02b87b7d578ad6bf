//! Tests of the timeline slice: parsing per construct and per error, the
//! grammar's examples, the geometry a reader relies on (columns in order,
//! events under their period, section colours), and Mermaid's corpus.

use super::layout::layout;
use super::model::Timeline;
use super::parse;
use crate::config::Config;
use crate::diagram::chart::laws::faults;

mod corpus;

/// Parses `src`, panicking with the rendered error.
fn ok(src: &str) -> Timeline {
    match parse(src) {
        Ok(d) => d,
        Err(e) => panic!("{}", e.display("test", src)),
    }
}

/// Periods with their events' texts.
fn periods(d: &Timeline) -> Vec<(String, Vec<String>, Option<usize>)> {
    d.periods
        .iter()
        .map(|p| {
            let events = p.events.iter().map(|e| e.text.clone()).collect();
            (p.text.clone(), events, p.section)
        })
        .collect()
}

#[test]
fn periods_events_continuations_and_sections() {
    let d = ok("timeline LR\n  title History\n  2002 : LinkedIn\n  2004 : Facebook : Google\n       : Orkut\n  section Later\n  2006\n  2007 : Tumblr %% kept as text\n  2008 : see http://x.y : z\n");
    assert_eq!(d.title.as_deref(), Some("History"));
    assert_eq!(d.direction.as_deref(), Some("LR"));
    let s = |v: &[&str]| v.iter().map(|t| t.to_string()).collect::<Vec<_>>();
    assert_eq!(
        periods(&d),
        [
            ("2002".into(), s(&["LinkedIn"]), None),
            ("2004".into(), s(&["Facebook", "Google", "Orkut"]), None),
            ("2006".into(), s(&[]), Some(0)),
            ("2007".into(), s(&["Tumblr %% kept as text"]), Some(0)),
            ("2008".into(), s(&["see http://x.y", "z"]), Some(0)),
        ]
    );
    assert_eq!(d.sections[0].text, "Later");
}

#[test]
fn accessibility_and_settings() {
    let src = "---\nconfig:\n  timeline:\n    disableMulticolor: true\n---\ntimeline\naccTitle: Social media\naccDescr: When they started\n2002 : LinkedIn\n";
    let d = ok(src);
    assert_eq!(d.acc.title.as_deref(), Some("Social media"));
    assert_eq!(d.acc.description.as_deref(), Some("When they started"));
    assert_eq!(d.config.timeline.disable_multicolor, Some(true));
}

#[test]
fn errors_point_at_the_mistake() {
    let cases = [
        ("timeline\n  : Google\n", 2, 3, "no period"),
        ("timeline\naccTitle Pets\n", 2, 1, "expected ':'"),
        ("timelines\n2002 : x\n", 1, 1, "expected 'timeline'"),
        ("%%{init: {}\ntimeline\n", 1, 1, "unclosed directive"),
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
    let grammar = include_str!("../../../grammar/timeline.ebnf");
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
fn columns_run_left_to_right_with_events_below_their_period() {
    let d = ok("timeline\nsection A\n2002 : x : y\n2004 : z\nsection B\n2006 : w\n");
    let g = layout(&d, &Config::default());
    let xs: Vec<f32> = g.periods.iter().map(|n| n.rect.x).collect();
    assert!(xs.windows(2).all(|w| w[0] < w[1]), "{xs:?}");
    for (p, evs) in g.periods.iter().zip(&g.events) {
        let mut top = p.rect.y + p.rect.height;
        for e in evs {
            assert_eq!(e.rect.x, p.rect.x);
            assert!(e.rect.y > top, "an event below its period and the one before");
            top = e.rect.y + e.rect.height;
            assert_eq!(e.colour, p.colour);
        }
    }
    // Sections span their periods and give them their colour.
    let (a, b) = (&g.sections[0], &g.sections[1]);
    assert_eq!(a.rect.x, g.periods[0].rect.x);
    assert_eq!(a.rect.x + a.rect.width, g.periods[1].rect.x + g.periods[1].rect.width);
    assert_eq!((g.periods[0].colour, g.periods[1].colour, g.periods[2].colour), (a.colour, a.colour, b.colour));
    assert_ne!(a.colour, b.colour);
}

#[test]
fn periods_without_sections_each_take_a_colour_unless_multicolour_is_off() {
    let d = ok("timeline\n2002 : a\n2004 : b\n2006 : c\n");
    let colours = |c: &Config| layout(&d, c).periods.iter().map(|n| n.colour).collect::<Vec<_>>();
    assert_eq!(colours(&Config::default()), [0, 1, 2]);
    let mut off = Config::default();
    off.timeline.disable_multicolor = Some(true);
    assert_eq!(colours(&off), [0, 0, 0]);
    let svg = crate::render_svg(
        "%%{init: {'themeVariables': {'cScale1': '#00ff00'}}}%%\ntimeline\n2002 : a\n2004 : b\n",
        &crate::Options::default(),
    )
    .unwrap();
    assert!(svg.contains("fill=\"#00ff00\""), "cScale1 paints the second period");
}

#[test]
fn long_texts_wrap_and_br_breaks_lines() {
    let d = ok("timeline\n2002 : one two three four five six seven eight nine ten eleven<br>last\n");
    let g = layout(&d, &Config::default());
    let e = &g.events[0][0];
    assert!(e.text.block.lines.len() >= 3, "{:?}", e.text.block.plain_text());
    assert_eq!(e.text.block.lines.last().map(|l| l.text()), Some("last".to_string()));
    assert!(e.text.rect.width <= e.rect.width && e.text.rect.height <= e.rect.height);
}

#[test]
fn big_and_empty_timelines_obey_the_laws() {
    let mut src = String::from("timeline\ntitle A very long title of a timeline that is wider than its columns are\n");
    for k in 0..20 {
        if k % 4 == 0 {
            src.push_str(&format!("section Part {k} with a longer name\n"));
        }
        src.push_str(&format!("{k} : event {k} : Averyveryverylongwordthatcannotwrap : x\n"));
    }
    for src in [src.as_str(), "timeline", "timeline\nsection lonely\n", "timeline\ntitle t\n"] {
        let r = crate::render(src, &crate::Options::default()).unwrap();
        let f = faults(&r.layout, &r.svg);
        assert!(f.is_empty(), "{src:?}: {f:?}");
    }
}

#[test]
fn every_prefix_parses_or_fails_inside_the_text() {
    let src = "---\ntitle: x\n---\ntimeline TD\n  title T \u{1f436}\n  section S\n  2002 : a : b\n       : c\n  accDescr { a\n b }\n";
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
