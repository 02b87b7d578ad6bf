//! Drawing: laws every picture obeys (on Mermaid's corpus and on hand-made
//! diagrams) and the layout behaviour a reader sees.

use super::super::layout::{layout, Geometry, HeadPlace, Settings};
use super::super::model::Sequence;
use super::super::parse;
use super::corpus::{corpus_dir, exceptions, find, Found};
use crate::layout::Rect;
use crate::config::Config;

/// Parses `src` and draws it with `extra` over the diagram's own config.
fn draw(src: &str, extra: &Config) -> (Sequence, Geometry, String) {
    let seq = parse(src).unwrap_or_else(|e| panic!("{src}: {e:?}"));
    let mut config = seq.config.clone();
    config.merge(extra);
    let (_, svg) = super::super::draw(&seq, &config);
    let g = layout(&super::super::shown(&seq, &config), &Settings::from_config(&config));
    (seq, g, svg)
}

fn geometry(src: &str) -> Geometry {
    draw(src, &Config::default()).1
}

fn overlap(a: &Rect, b: &Rect) -> bool {
    let e = 0.5;
    a.x + e < b.right() && b.x + e < a.right() && a.y + e < b.bottom() && b.y + e < a.bottom()
}

/// The laws of every drawing.
fn laws(seq: &Sequence, g: &Geometry, svg: &str, again: &str) -> Result<(), String> {
    let texts = g.text_boxes();
    for (i, a) in texts.iter().enumerate() {
        for b in &texts[i + 1..] {
            if overlap(a, b) {
                return Err(format!("texts overlap: {a:?} and {b:?}"));
            }
        }
    }
    let inside = |r: &Rect, what: &str| {
        let e = 0.01;
        if r.x < -e || r.y < -e || r.right() > g.width + e || r.bottom() > g.height + e {
            Err(format!(
                "{what} {r:?} outside the view box {}x{}",
                g.width, g.height
            ))
        } else {
            Ok(())
        }
    };
    for r in &texts {
        inside(r, "text")?;
    }
    for h in &g.heads {
        inside(&h.rect, "head")?;
    }
    for f in &g.frames {
        inside(&f.rect, "frame")?;
    }
    for b in &g.boxes {
        inside(&b.rect, "box")?;
    }
    for n in &g.notes {
        inside(&n.rect, "note")?;
    }
    for a in &g.activations {
        inside(&a.rect, "activation")?;
    }
    for s in &g.signals {
        let w = s.self_loop.map_or(0.0, |(w, _)| w * 1.4);
        let r = Rect {
            x: s.from.x.min(s.to.x),
            y: s.from.y.min(s.to.y),
            width: (s.from.x - s.to.x).abs() + w,
            height: (s.from.y - s.to.y).abs(),
        };
        inside(&r, "message")?;
    }
    for l in &g.lifelines {
        if l.top > l.bottom || l.bottom > g.height || l.x < 0.0 || l.x > g.width {
            return Err(format!("lifeline {l:?} outside"));
        }
    }
    if svg != again {
        return Err("two renders differ".into());
    }
    if svg.contains("foreignObject") {
        return Err("foreignObject".into());
    }
    crate::output::png::parse_svg(svg).map_err(|e| format!("usvg: {e}"))?;
    let mut ids: Vec<&str> = svg
        .split(" id=\"")
        .skip(1)
        .map(|r| &r[..r.find('"').unwrap_or(0)])
        .collect();
    ids.sort_unstable();
    let n = ids.len();
    ids.dedup();
    if ids.len() != n {
        return Err("duplicate ids".into());
    }
    let _ = seq;
    Ok(())
}

/// Every text the drawing shows: each label's lines, one by one and joined.
fn shown(g: &Geometry) -> Vec<String> {
    fn add(out: &mut Vec<String>, b: &crate::text::TextBlock) {
        let lines: Vec<String> = b.lines.iter().map(|l| l.text()).collect();
        out.push(lines.join(" "));
        out.extend(lines);
    }
    let mut out = Vec::new();
    let labels = g
        .title
        .iter()
        .chain(g.boxes.iter().filter_map(|b| b.label.as_ref()))
        .chain(g.frames.iter().flat_map(|f| {
            f.tab
                .iter()
                .map(|(_, l)| l)
                .chain(f.label.iter())
                .chain(f.sections.iter().filter_map(|(_, l)| l.as_ref()))
        }))
        .chain(
            g.signals
                .iter()
                .flat_map(|s| s.label.iter().chain(s.number.iter().map(|(_, l)| l))),
        )
        .chain(g.notes.iter().map(|n| &n.label))
        .chain(g.heads.iter().map(|h| &h.label));
    for l in labels {
        add(&mut out, &l.block);
    }
    // Empty labels: Mermaid draws an empty line for them.
    out.push(String::new());
    out
}

#[test]
fn corpus_renders_obey_the_laws_and_show_every_text() {
    let Some(dir) = corpus_dir() else { return };
    let manifest = std::fs::read_to_string(dir.join("manifest.tsv")).unwrap();
    let labels: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("labels.json")).unwrap()).unwrap();
    let exceptions = exceptions();
    let (mut drawn, mut texts) = (0, 0);
    let mut failures = Vec::new();
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (name, expect) = (cols[0], cols[2]);
        if expect != "ok" || exceptions.contains_key(name) {
            continue;
        }
        let src = std::fs::read_to_string(dir.join(format!("{name}.mmd"))).unwrap();
        let extra = std::fs::read_to_string(dir.join(format!("{name}.options.json")))
            .ok()
            .and_then(|t| crate::syntax::config_file(&t).ok())
            .unwrap_or_default();
        let (seq, g, svg) = draw(&src, &extra);
        let (_, _, again) = draw(&src, &extra);
        if let Err(e) = laws(&seq, &g, &svg, &again) {
            failures.push(format!("{name}: {e}"));
            continue;
        }
        let have = shown(&g);
        for l in labels[name].as_array().into_iter().flatten() {
            let Some(l) = l.as_str() else { continue };
            texts += 1;
            if find(l, &have) == Found::Missing {
                failures.push(format!("{name}: {l:?} is not shown"));
            }
        }
        drawn += 1;
    }
    eprintln!("sequence corpus: {drawn} drawn, {texts} shown texts found");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn hand_made_diagrams_obey_the_laws() {
    for src in [
        "sequenceDiagram\nA->>A: self\nA->>A: again and again with a long text\nNote left of A: left\nNote right of A: right",
        "sequenceDiagram\nautonumber 1000 7\nloop l\nalt a\nA->>B: x\nelse b\nB->>A: y\nend\nend\ncritical c\nA-xB: z\noption o\nA--)B: w\nend",
        "sequenceDiagram\nbox Aqua One\nactor A\nend\nbox Two with a very long title indeed\nparticipant B\nend\nA->>B: hi",
        "sequenceDiagram\nparticipant A\ncreate actor B\nA->>B: make\ndestroy B\nB-->>A: bye\nA->>A: alone",
        "sequenceDiagram\nA->>+B: a\nB->>+B: b\nB->>+C: c\nC-->>-B: d\nB-->>-A: e\ndeactivate B",
        "sequenceDiagram\nNote over A,B: a long note over two that is much wider than the gap between them\nrect rgb(0,255,0)\nA->>B: inside\nend",
        "%%{init: {\"sequence\": {\"wrap\": true, \"width\": 80}}}%%\nsequenceDiagram\nA->>B: a long message that wraps at the available width of the gap\nNote over A: wrapped note text that is long",
    ] {
        let (seq, g, svg) = draw(src, &Config::default());
        let (_, _, again) = draw(src, &Config::default());
        laws(&seq, &g, &svg, &again).unwrap_or_else(|e| panic!("{src}: {e}"));
    }
}

#[test]
fn a_long_message_widens_the_gap_so_its_text_fits_between_the_lifelines() {
    let long = "a message much longer than the default distance of two lifelines";
    let g = geometry(&format!("sequenceDiagram\nA->>B: {long}"));
    let short = geometry("sequenceDiagram\nA->>B: hi");
    let l = g.signals[0].label.as_ref().unwrap();
    assert!(
        l.rect.x > g.columns[0] && l.rect.right() < g.columns[1],
        "{l:?}"
    );
    assert!(g.columns[1] - g.columns[0] > short.columns[1] - short.columns[0] + 100.0);
}

#[test]
fn wrapping_keeps_the_gap_and_breaks_the_text() {
    let long = "a message much longer than the default distance of two lifelines";
    let g = geometry(&format!("sequenceDiagram\nA->>B: wrap:{long}"));
    let short = geometry("sequenceDiagram\nA->>B: hi");
    let l = g.signals[0].label.as_ref().unwrap();
    assert!(l.block.lines.len() > 1);
    assert_eq!(
        g.columns[1] - g.columns[0],
        short.columns[1] - short.columns[0]
    );
}

#[test]
fn a_self_message_loop_stays_clear_of_the_next_row() {
    let g = geometry("sequenceDiagram\nA->>A: think\nA->>B: next");
    let (w, h) = g.signals[0].self_loop.expect("a loop");
    assert!(w > 0.0 && h > 0.0);
    let next = g.signals[1].label.as_ref().unwrap();
    assert!(next.rect.y >= g.signals[0].from.y + h, "{next:?}");
    let own = g.signals[0].label.as_ref().unwrap();
    assert!(own.rect.x > g.columns[0] && own.rect.right() < g.columns[1]);
}

#[test]
fn nested_activations_are_offset() {
    let g = geometry("sequenceDiagram\nA->>+B: one\nA->>+B: two\nB-->>-A: three\nB-->>-A: four");
    assert_eq!(g.activations.len(), 2);
    let (a, b) = (&g.activations[0].rect, &g.activations[1].rect);
    assert!((a.x - b.x).abs() > 1.0, "{a:?} {b:?}");
    assert!(
        b.y < a.y && b.bottom() > a.bottom(),
        "the outer bar encloses the inner"
    );
}

#[test]
fn a_note_over_two_participants_spans_both() {
    let g = geometry("sequenceDiagram\nA->>B: hi\nNote over A,B: both");
    let r = g.notes[0].rect;
    assert!(r.x < g.columns[0] && r.right() > g.columns[1], "{r:?}");
}

#[test]
fn frames_enclose_their_messages() {
    let g = geometry("sequenceDiagram\nloop every day\nA->>B: ping\nend\nB->>A: after");
    let f = g.frames[0].rect;
    let inner = &g.signals[0];
    let outer = &g.signals[1];
    let l = inner.label.as_ref().unwrap().rect;
    assert!(f.x <= inner.from.x.min(inner.to.x) && f.right() >= inner.from.x.max(inner.to.x));
    assert!(f.y < l.y && f.bottom() > inner.from.y);
    assert!(outer.label.as_ref().unwrap().rect.y > f.bottom());
}

#[test]
fn autonumber_numbers_the_messages() {
    let g =
        geometry("sequenceDiagram\nautonumber 10 5\nA->>B: a\nB->>A: b\nautonumber off\nA->>B: c");
    let numbers: Vec<String> = g
        .signals
        .iter()
        .map(|s| {
            s.number
                .as_ref()
                .map_or(String::new(), |(_, l)| l.block.plain_text())
        })
        .collect();
    assert_eq!(numbers, ["10", "15", ""]);
}

#[test]
fn mirror_actors_false_drops_the_bottom_row() {
    let bottoms = |g: &Geometry| {
        g.heads
            .iter()
            .filter(|h| h.place == HeadPlace::Bottom)
            .count()
    };
    assert_eq!(bottoms(&geometry("sequenceDiagram\nA->>B: hi")), 2);
    let off = "%%{init: {\"sequence\": {\"mirrorActors\": false}}}%%\nsequenceDiagram\nA->>B: hi";
    let g = geometry(off);
    assert_eq!(bottoms(&g), 0);
    assert!(g.height < geometry("sequenceDiagram\nA->>B: hi").height - 50.0);
}

#[test]
fn created_heads_appear_at_their_row_and_destroyed_lifelines_end_with_a_cross() {
    let g = geometry("sequenceDiagram\nA->>A: first\ncreate participant B\nA->>B: make\ndestroy B\nB->>A: end\nA->>A: later");
    let top = g
        .heads
        .iter()
        .find(|h| h.participant == 0 && h.place == HeadPlace::Top)
        .unwrap();
    let made = g.heads.iter().find(|h| h.participant == 1).unwrap();
    assert_eq!(made.place, HeadPlace::Created);
    let line = g.signals[1].from.y;
    assert!((made.rect.y + made.rect.height / 2.0 - line).abs() < 0.01);
    assert!(made.rect.y > top.rect.bottom());
    // The arrow ends at the new head's side.
    assert!((g.signals[1].to.x - made.rect.x).abs() < 0.01);
    // As in Mermaid 11, the destroyed participant's box is drawn again on
    // the destroying message's row, centred on its line; the lifeline ends
    // at that box and the message starts at its side.
    let gone = g
        .heads
        .iter()
        .find(|h| h.participant == 1 && h.place == HeadPlace::Destroyed)
        .unwrap();
    let line = g.signals[2].from.y;
    assert!((gone.rect.y + gone.rect.height / 2.0 - line).abs() < 0.01);
    assert!((g.signals[2].from.x - gone.rect.x).abs() < 0.01);
    let life = g.lifelines.iter().find(|l| l.participant == 1).unwrap();
    assert!((life.bottom - gone.rect.y).abs() < 0.01);
    // The next row starts below the box.
    assert!(g.signals[3].label.as_ref().unwrap().rect.y >= gone.rect.bottom());
    assert!(!g
        .heads
        .iter()
        .any(|h| h.participant == 1 && h.place == HeadPlace::Bottom));
}

#[test]
fn two_destroys_in_a_row_both_end_their_lifelines() {
    // Found by fuzzing: the first `destroy` was left without a participant
    // when a second one followed, and layout indexed past the columns.
    let at = |g: &Geometry, p: usize| {
        g.heads
            .iter()
            .find(|h| h.participant == p && h.place == HeadPlace::Destroyed)
            .map(|h| h.rect.y + h.rect.height / 2.0)
    };
    let g = geometry("sequenceDiagram\nA->>B: hi\ndestroy A\ndestroy B\nA->>B: bye\nB->>A: late");
    // B is claimed by the next message; A too, as it sends it.
    assert_eq!(at(&g, 1), Some(g.signals[1].from.y));
    assert_eq!(at(&g, 0), Some(g.signals[1].from.y));
    // An earlier destroy of a participant the diagram never names again
    // declares it, and nothing panics.
    let g = geometry("sequenceDiagram\ndestroy X\ndestroy Y\nA->>Y: y");
    assert_eq!(g.columns.len(), 3);
    assert_eq!(at(&g, 2), Some(g.signals[0].to.y));
}

#[test]
fn settings_change_the_picture() {
    let s = Settings::from_config(&Default::default());
    assert_eq!(
        (s.width, s.height, s.actor_margin, s.mirror_actors),
        (150.0, 65.0, 50.0, true)
    );
    let wide =
        geometry("%%{init: {\"sequence\": {\"actorMargin\": 200}}}%%\nsequenceDiagram\nA->>B: hi");
    let plain = geometry("sequenceDiagram\nA->>B: hi");
    assert!((wide.columns[1] - wide.columns[0]) - (plain.columns[1] - plain.columns[0]) > 149.0);
    let seq = parse("sequenceDiagram\nA->>B: hi").unwrap();
    let g = layout(
        &seq,
        &Settings {
            diagram_margin_x: 0.0,
            ..s
        },
    );
    assert!(g.heads.iter().any(|h| h.rect.x.abs() < 0.01));
}

#[test]
fn the_layout_json_names_every_head_note_and_message() {
    let src = "sequenceDiagram\nbox Aqua Team\nparticipant A\nparticipant B\nend\nA->>B: hi\nNote over A,B: both\ncreate participant C\nB->>C: make\ndestroy C\nC->>A: bye\nA->>A: self";
    let seq = parse(src).unwrap();
    let (l, _) = super::super::draw(&seq, &seq.config);
    let mut ids: Vec<&str> = l.nodes.iter().map(|n| n.id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        ["A", "A~bottom", "B", "B~bottom", "C", "C~destroyed", "note-0"]
    );
    let ends: Vec<(&str, &str)> = l
        .edges
        .iter()
        .map(|e| (e.from.as_str(), e.to.as_str()))
        .collect();
    assert_eq!(
        ends,
        [("A", "B"), ("B", "C"), ("C~destroyed", "A"), ("A", "A")]
    );
    // Straight messages are two points; the self message its whole loop.
    assert_eq!(l.edges[0].points.len(), 2);
    assert!(l.edges[3].points.len() > 4);
    let right = l.edges[3].points.iter().map(|p| p.x).fold(f32::MIN, f32::max);
    assert!(right > l.edges[3].points[0].x + 20.0);
    // Each label box is its text's box, and "bye" starts at C's box side.
    assert_eq!(
        l.edges[2].label.as_ref().map(|t| t.plain_text()),
        Some("bye".to_string())
    );
    let gone = l.nodes.iter().find(|n| n.id == "C~destroyed").unwrap();
    assert!((l.edges[2].points[0].x - gone.rect.x).abs() < 0.01);
    // The box is a cluster holding its members and the note over them.
    assert_eq!(l.clusters.len(), 1);
    assert_eq!(l.clusters[0].title.plain_text(), "Team");
    for id in ["A", "B", "note-0"] {
        let n = l.nodes.iter().find(|n| n.id == id).unwrap();
        assert_eq!(n.parent, Some(0), "{id}");
    }
    assert_eq!(l.nodes.iter().find(|n| n.id == "C").unwrap().parent, None);
    // And the JSON is JSON, the same twice.
    let json: serde_json::Value = serde_json::from_str(&l.to_json()).unwrap();
    assert_eq!(json["nodes"].as_array().unwrap().len(), 7);
    assert_eq!(super::super::draw(&seq, &seq.config).0.to_json(), l.to_json());
}

#[test]
fn every_text_takes_the_diagram_font_size_as_mermaid_11_draws_it() {
    let src = "sequenceDiagram\nAlice->>Bob: hello there\nNote over Bob: a note\n";
    let sizes = |g: &Geometry| {
        let head = g.heads[0].label.block.font_size;
        let note = g.notes[0].label.block.font_size;
        let message = g.signals[0].label.as_ref().unwrap().block.font_size;
        (head, note, message)
    };
    // Mermaid 11.17.2 draws actors, notes and messages at 16 px by default.
    assert_eq!(sizes(&geometry(src)), (16.0, 16.0, 16.0));
    let (_, _, svg) = draw(src, &Config::default());
    assert!(!svg.contains("font-size=\"14\""), "{svg}");
    // `fontSize` sizes them all, and the boxes grow with the text.
    let big = Config {
        font_size: Some(24.0),
        ..Config::default()
    };
    let (_, g, _) = draw(src, &big);
    assert_eq!(sizes(&g), (24.0, 24.0, 24.0));
    assert!(g.notes[0].rect.height > geometry(src).notes[0].rect.height);
}

#[test]
fn frame_labels_are_drawn_in_regular_weight() {
    let (_, _, svg) = draw(
        "sequenceDiagram\nloop every minute\nA->>B: ping\nend\n",
        &Config::default(),
    );
    let label = svg.find("[every minute]").expect("the frame label is drawn");
    let tag = &svg[svg[..label].rfind("<text").unwrap()..label];
    assert!(!tag.contains("bold"), "{tag}");
}

#[test]
fn hide_unused_participants_leaves_out_the_ones_nothing_involves() {
    let src = "sequenceDiagram\nbox Left\nparticipant A\nparticipant C\nend\nparticipant B\nparticipant D\nA->>B: hi\nNote over D: note only\n";
    // As Mermaid 11.17.2 draws it: C (no message, no note) goes, D stays.
    let hide = Config {
        sequence: crate::config::SequenceConfig {
            hide_unused_participants: Some(true),
            ..Default::default()
        },
        ..Config::default()
    };
    let (_, g, svg) = draw(src, &hide);
    assert_eq!(g.columns.len(), 3, "{:?}", g.columns);
    assert!(!svg.contains(">C<"), "C is drawn: {svg}");
    for name in [">A<", ">B<", ">D<", "note only", "Left"] {
        assert!(svg.contains(name), "{name} is missing");
    }
    // The message still runs from A to B, the note still sits over D.
    assert_eq!(g.signals[0].from.x, g.columns[0]);
    let note = &g.notes[0].rect;
    assert!(note.x < g.columns[2] && g.columns[2] < note.right());
    // Without the setting every participant is drawn.
    let (_, all, _) = draw(src, &Config::default());
    assert_eq!(all.columns.len(), 4);
}

#[test]
fn link_menus_hang_under_the_first_head_and_open_on_hover_or_focus() {
    let src = "sequenceDiagram\nparticipant A as Alice\nlink A: Dashboard @ https://example.com/dash\nlink A: Evil @ javascript:alert(1)\nlink A: Wiki @ https://example.com/wiki\nA->>B: hi";
    let (seq, g, svg) = draw(src, &Config::default());
    laws(&seq, &g, &svg, &draw(src, &Config::default()).2).unwrap();
    assert_eq!(g.menus.len(), 1, "one menu, for Alice");
    let m = &g.menus[0];
    let head = &g.heads[m.head];
    assert_eq!((head.participant, head.place), (0, HeadPlace::Top));
    // The panel hangs from the head, at least as wide, an entry every 30.
    assert_eq!((m.panel.x, m.panel.y), (head.rect.x, head.rect.bottom()));
    assert!(m.panel.width >= head.rect.width);
    let entries: Vec<usize> = m.entries.iter().map(|(_, i)| *i).collect();
    assert_eq!(entries, vec![0, 2], "the javascript: entry is left out");
    let dy = m.entries[1].0.rect.center().y - m.entries[0].0.rect.center().y;
    assert!((dy - 30.0).abs() < 0.01, "{dy}");
    for (l, _) in &m.entries {
        assert!(l.rect.right() <= m.panel.right() && l.rect.bottom() <= m.panel.bottom());
    }
    // One link per safe entry, inside the head's focusable group; hidden
    // by the stylesheet until hovered or focused.
    assert_eq!(svg.matches("<a href=").count(), 2, "{svg}");
    assert!(svg.contains("href=\"https://example.com/wiki\""));
    assert!(!svg.contains("javascript"));
    assert!(svg.contains("tabindex=\"0\""));
    assert!(svg.contains(".actor-menu{display:none}"));
    assert!(svg.contains(".actor:focus-within .actor-menu{display:inline}"));
}

#[test]
fn force_menus_shows_them_and_makes_room() {
    let src = "%%{init: {\"sequence\": {\"forceMenus\": true, \"mirrorActors\": false}}}%%\nsequenceDiagram\nlinks A: {\"One\": \"https://a.example\", \"Two\": \"https://b.example\", \"Three\": \"https://c.example\", \"Four with a much longer name than the head\": \"https://d.example\"}\nA->>B: hi";
    let (seq, g, svg) = draw(src, &Config::default());
    assert!(!svg.contains("display:none"), "no hiding sheet");
    assert_eq!(svg.matches("<a href=").count(), 4);
    let m = &g.menus[0];
    assert!(m.panel.bottom() <= g.height, "{:?} in {}", m.panel, g.height);
    assert!(m.panel.right() <= g.width);
    assert!(m.panel.width > g.heads[m.head].rect.width, "widened by its entry");
    let _ = seq;
}

#[test]
fn font_weights_draw_and_measure_bold() {
    let src = "sequenceDiagram\nA->>B: a message\nloop every minute\nA->>B: x\nend\nNote over A: a note";
    let plain = draw(src, &Config::default());
    let heavy = draw(
        &format!("%%{{init: {{\"sequence\": {{\"messageFontWeight\": 800, \"actorFontWeight\": \"bold\", \"noteFontWeight\": \"300\"}}}}}}%%\n{src}"),
        &Config::default(),
    );
    let bold_runs = |l: &super::super::layout::Label| l.block.lines.iter().all(|l| l.runs.iter().all(|r| r.bold));
    let (pg, hg) = (&plain.1, &heavy.1);
    let label = |g: &Geometry| g.signals[0].label.clone().unwrap();
    assert!(!bold_runs(&label(pg)) && bold_runs(&label(hg)));
    assert!(label(hg).rect.width > label(pg).rect.width + 1.0, "bold is measured wider");
    assert!(bold_runs(&hg.heads[0].label) && !bold_runs(&pg.heads[0].label));
    assert!(!bold_runs(&hg.notes[0].label), "300 stays regular");
    let tab = |g: &Geometry| g.frames[0].tab.clone().unwrap().1;
    assert!(bold_runs(&tab(hg)) && !bold_runs(&tab(pg)));
    assert!(heavy.2.matches("font-weight=\"bold\"").count() > plain.2.matches("font-weight=\"bold\"").count());
}

#[test]
fn label_box_bottom_margin_and_wrap_padding_settings_apply() {
    let src = "sequenceDiagram\nloop l\nA->>B: hi\nend";
    let plain = geometry(src);
    let big = geometry(&format!(
        "%%{{init: {{\"sequence\": {{\"labelBoxWidth\": 120, \"labelBoxHeight\": 40, \"bottomMarginAdj\": 60}}}}}}%%\n{src}"
    ));
    let tab = |g: &Geometry| g.frames[0].tab.clone().unwrap().0;
    assert!(tab(&plain).width < 120.0 && tab(&plain).height < 40.0);
    assert!((tab(&big).width - 120.0).abs() < 0.01 && (tab(&big).height - 40.0).abs() < 0.01);
    // The taller tab pushes the rows down, the margin adds 59 more.
    let grown = big.height - plain.height - (tab(&big).height - tab(&plain).height);
    assert!((grown - 59.0).abs() < 0.01, "{grown}");

    let long = "sequenceDiagram\nA->>B: wrap:a long message that wraps at the room between the lifelines";
    let narrow = |pad: u32| {
        let g = geometry(&format!(
            "%%{{init: {{\"sequence\": {{\"wrapPadding\": {pad}, \"actorMargin\": 300}}}}}}%%\n{long}"
        ));
        (g.signals[0].label.clone().unwrap().rect.width, g.columns[1] - g.columns[0])
    };
    let (w10, span) = narrow(10);
    let (w80, span80) = narrow(80);
    assert_eq!(span, span80);
    assert!(w80 <= span80 - 160.0, "{w80} in {span80}");
    assert!(w10 > w80, "{w10} vs {w80}");
}

#[test]
fn wrapped_lines_sit_17_px_apart_as_mermaid_sets_them() {
    let src = "sequenceDiagram\nA->>B: one line\nNote over A: first<br>second<br>third";
    let g = geometry(src);
    let one = g.signals[0].label.clone().unwrap();
    let three = &g.notes[0].label;
    assert_eq!(three.block.lines.len(), 3);
    // A one-line text keeps the flowchart's 24 px; each further line adds 17.
    assert!((one.rect.height - 24.0).abs() < 0.01, "{}", one.rect.height);
    assert!((three.rect.height - (24.0 + 2.0 * 17.0)).abs() < 0.01, "{}", three.rect.height);
    let svg = draw(src, &Config::default()).2;
    let ys: Vec<f32> = ["first", "second", "third"]
        .iter()
        .map(|w| {
            let at = svg.find(&format!(">{w}<")).unwrap();
            let tspan = &svg[svg[..at].rfind("<tspan").unwrap()..at];
            let y = tspan.split(" y=\"").nth(1).unwrap();
            y[..y.find('"').unwrap()].parse().unwrap()
        })
        .collect();
    assert!((ys[1] - ys[0] - 17.0).abs() < 0.01 && (ys[2] - ys[1] - 17.0).abs() < 0.01, "{ys:?}");
}
