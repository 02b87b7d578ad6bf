//! A laid-out sequence diagram as a [`Scene`]: boxes, `rect` backgrounds,
//! lifelines, frames, activation bars, messages, notes, then the heads on
//! top, in the theme's sequence colours. The one SVG writer spells it.

use super::layout::{
    loop_controls, Align, Geometry, HeadPlace, Label, Menu, Settings, NUMBER_FONT, NUMBER_R, SYMBOL_H,
};
use super::model::{ArrowHead, BlockKind, EventKind, ParticipantKind, Sequence};
use crate::layout::{Point, Rect};
use crate::config::Config;
use crate::sanitize::css_value;
use crate::scene::svg::num;
use crate::scene::{Anchor, Element, Group, Item, Link, Marker, MarkerKind, Scene, Tag, Text};
use crate::theme::{Role, SequenceColours, Theme};

/// The scene of `g`, the layout of `seq`, drawn with `config`'s theme.
///
/// Takes the geometry [`super::layout::layout`] made of the same diagram.
/// Every element lies within the geometry's width and height; ids are
/// numbered by participant index, so they are unique.
pub(crate) fn scene(seq: &Sequence, g: &Geometry, s: &Settings, config: &Config) -> Scene {
    let theme = Theme::from_config(config);
    let mut items: Vec<Item> = Vec::new();
    let push_group = |items: &mut Vec<Item>, group: Group| {
        if !group.children.is_empty() {
            items.push(Item::Group(group));
            items.push(Item::Break);
        }
    };

    if let Some(t) = &g.title {
        let mut grp = Group::new("title");
        grp.children
            .push(text(t, &theme.palette.title_text, vec![Role::TitleText]));
        push_group(&mut items, grp);
    }

    // Back to front: boxes, `rect` backgrounds, lifelines, bars, frames,
    // messages, notes, heads.
    for group in [
        boxes_group(seq, g, &theme),
        backgrounds_group(seq, g),
        lifelines_group(g, &theme),
        bars_group(g, &theme),
        frames_group(g, &theme),
        messages_group(g, s, &theme),
        notes_group(g, s, &theme),
        heads_group(seq, g, s, &theme),
    ] {
        push_group(&mut items, group);
    }

    let plain = |t: &Option<super::model::Text>| {
        t.as_ref()
            .map(|t| super::model::display_lines(&t.raw).join("\n"))
    };
    let mut scene = Scene::new(
        config,
        ("sequence", &Role::SEQUENCE),
        theme,
        (g.width, g.height),
        s.message_font_size,
    );
    scene.title = plain(&seq.acc_title).or_else(|| plain(&seq.title));
    scene.description = plain(&seq.acc_descr);
    scene.items = items;
    if !g.menus.is_empty() && !s.force_menus {
        scene.stylesheets.push(MENU_CSS.to_string());
    }
    scene
}

/// The `box` groups, behind everything.
fn boxes_group(seq: &Sequence, g: &Geometry, theme: &Theme) -> Group {
    let mut boxes = Group::new("boxes");
    for b in &g.boxes {
        let model = &seq.boxes[b.index];
        let fill = model
            .colour
            .as_deref()
            .and_then(css_value)
            .unwrap_or_else(|| "none".to_string());
        boxes.children.push(Item::Element(
            rect(b.rect)
                .text("fill", fill)
                .text("stroke", "rgb(0,0,0)")
                .text("stroke-opacity", "0.5")
                .text("stroke-width", "1"),
        ));
        if let Some(l) = &b.label {
            boxes
                .children
                .push(text(l, &theme.palette.title_text, vec![Role::TitleText]));
        }
        boxes.children.push(Item::Break);
    }
    boxes
}

/// The `rect` backgrounds.
fn backgrounds_group(seq: &Sequence, g: &Geometry) -> Group {
    let mut backgrounds = Group::new("rects");
    for f in g.frames.iter().filter(|f| f.kind == BlockKind::Rect) {
        let colour = match &seq.events[f.event].kind {
            EventKind::BlockStart { label, .. } => css_value(&label.raw),
            _ => None,
        };
        backgrounds.children.push(Item::Element(
            rect(f.rect).text("fill", colour.unwrap_or_else(|| "none".to_string())),
        ));
    }
    backgrounds
}

/// The lifelines.
fn lifelines_group(g: &Geometry, theme: &Theme) -> Group {
    let c = &theme.palette.sequence;
    let mut lifelines = Group::new("lifelines");
    for l in &g.lifelines {
        lifelines.children.push(Item::Element(
            Element::new(Tag::Path)
                .text(
                    "d",
                    format!("M{},{} V{}", num(l.x), num(l.top), num(l.bottom)),
                )
                .text("stroke", &c.actor_line)
                .text("stroke-width", "1")
                .hooks(vec![Role::ActorLine]),
        ));
    }
    lifelines
}

/// The activation bars.
fn bars_group(g: &Geometry, theme: &Theme) -> Group {
    let c = &theme.palette.sequence;
    let mut bars = Group::new("activations");
    let mut sorted: Vec<_> = g.activations.iter().collect();
    sorted.sort_by_key(|a| a.depth);
    for a in sorted {
        bars.children.push(Item::Element(
            rect(a.rect)
                .text("fill", &c.activation_fill)
                .text("stroke", &c.activation_stroke)
                .hooks(vec![Role::ActivationFill, Role::ActivationStroke]),
        ));
    }
    bars
}

/// The frames: box, tab, label, section dividers and labels.
fn frames_group(g: &Geometry, theme: &Theme) -> Group {
    let c = &theme.palette.sequence;
    let mut frames = Group::new("frames");
    for f in g.frames.iter().filter(|f| f.kind != BlockKind::Rect) {
        frames.children.push(Item::Element(
            rect(f.rect)
                .text("fill", "none")
                .text("stroke", &c.label_box_stroke)
                .text("stroke-width", "2")
                .text("stroke-dasharray", "2,2")
                .hooks(vec![Role::LabelBoxStroke]),
        ));
        if let Some((r, l)) = &f.tab {
            let cut = (r.height * 0.35).min(8.0);
            frames.children.push(Item::Element(
                Element::new(Tag::Path)
                    .text(
                        "d",
                        format!(
                            "M{},{} H{} V{} L{},{} H{} Z",
                            num(r.x),
                            num(r.y),
                            num(r.right()),
                            num(r.bottom() - cut),
                            num(r.right() - cut),
                            num(r.bottom()),
                            num(r.x)
                        ),
                    )
                    .text("fill", &c.label_box_fill)
                    .text("stroke", &c.label_box_stroke)
                    .hooks(vec![Role::LabelBoxFill, Role::LabelBoxStroke]),
            ));
            frames
                .children
                .push(text(l, &c.label_text, vec![Role::LabelText]));
        }
        if let Some(l) = &f.label {
            frames
                .children
                .push(text(l, &c.loop_text, vec![Role::LoopText]));
        }
        for (y, l) in &f.sections {
            frames.children.push(Item::Element(
                Element::new(Tag::Path)
                    .text(
                        "d",
                        format!("M{},{} H{}", num(f.rect.x), num(*y), num(f.rect.right())),
                    )
                    .text("stroke", &c.label_box_stroke)
                    .text("stroke-width", "2")
                    .text("stroke-dasharray", "3,3")
                    .hooks(vec![Role::LabelBoxStroke]),
            ));
            if let Some(l) = l {
                frames
                    .children
                    .push(text(l, &c.loop_text, vec![Role::LoopText]));
            }
        }
        frames.children.push(Item::Break);
    }
    frames
}

/// The messages: lines, arrowheads, texts and numbers.
fn messages_group(g: &Geometry, s: &Settings, theme: &Theme) -> Group {
    let c = &theme.palette.sequence;
    let mut messages = Group::new("messages");
    for sg in &g.signals {
        let mut m = Group::new("message");
        let d = match sg.self_loop {
            Some((w, h)) if s.right_angles => format!(
                "M{},{} H{} V{} H{}",
                num(sg.from.x),
                num(sg.from.y),
                num(sg.from.x + w),
                num(sg.from.y + h),
                num(sg.to.x)
            ),
            Some((w, h)) => {
                let (c1, c2) = loop_controls(sg.from, w, h);
                format!(
                    "M{},{} C{},{} {},{} {},{}",
                    num(sg.from.x),
                    num(sg.from.y),
                    num(c1.x),
                    num(c1.y),
                    num(c2.x),
                    num(c2.y),
                    num(sg.to.x),
                    num(sg.to.y)
                )
            }
            None => format!("M{},{} H{}", num(sg.from.x), num(sg.from.y), num(sg.to.x)),
        };
        let mut line = Element::new(Tag::Path)
            .text("d", d)
            .text("fill", "none")
            .text("stroke", &c.signal)
            .text("stroke-width", "1.5");
        if sg.arrow.dotted {
            line = line.text("stroke-dasharray", "3,3");
        }
        m.children
            .push(Item::Element(line.hooks(vec![Role::SignalStroke])));
        // The direction the line arrives in at each end.
        let (to_back, from_back) = match sg.self_loop {
            Some(_) => (
                Point::new(sg.to.x + 10.0, sg.to.y),
                Point::new(sg.from.x + 10.0, sg.from.y),
            ),
            None => (sg.from, sg.to),
        };
        heads(
            &mut m,
            sg.arrow.head,
            sg.to,
            to_back,
            sg.from,
            from_back,
            &c.signal,
        );
        for (on, at) in [(sg.central_from, sg.from), (sg.central_to, sg.to)] {
            if on {
                m.children.push(Item::Element(
                    Element::new(Tag::Circle)
                        .num("cx", at.x)
                        .num("cy", at.y)
                        .num("r", 4.0)
                        .text("fill", &c.actor_fill)
                        .text("stroke", &c.signal)
                        .hooks(vec![Role::ActorFill, Role::SignalStroke]),
                ));
            }
        }
        if let Some((centre, l)) = &sg.number {
            m.children.push(Item::Element(
                Element::new(Tag::Circle)
                    .num("cx", centre.x)
                    .num("cy", centre.y)
                    .num("r", NUMBER_R)
                    .text("fill", &c.signal)
                    .hooks(vec![Role::SignalFill]),
            ));
            let t = bold(text(l, &c.number_text, vec![Role::NumberText]));
            let mut grp = Group::new("sequence-number");
            grp.font_size = Some(NUMBER_FONT);
            grp.children.push(t);
            m.children.push(Item::Group(grp));
        }
        if let Some(l) = &sg.label {
            m.children
                .push(text(l, &c.signal_text, vec![Role::SignalText]));
        }
        messages.children.push(Item::Group(m));
        messages.children.push(Item::Break);
    }
    messages
}

/// The notes.
fn notes_group(g: &Geometry, s: &Settings, theme: &Theme) -> Group {
    let c = &theme.palette.sequence;
    let mut notes = Group::new("notes");
    notes.font_size = Some(s.note_font_size);
    for nb in &g.notes {
        notes.children.push(Item::Element(
            rect(nb.rect)
                .text("fill", &c.note_fill)
                .text("stroke", &c.note_stroke)
                .hooks(vec![Role::NoteFill, Role::NoteStroke]),
        ));
        notes
            .children
            .push(text(&nb.label, &c.note_text, vec![Role::NoteText]));
        notes.children.push(Item::Break);
    }
    notes
}

/// The participant heads, on top of everything.
fn heads_group(seq: &Sequence, g: &Geometry, s: &Settings, theme: &Theme) -> Group {
    let c = &theme.palette.sequence;
    let mut heads_group = Group::new("actors");
    heads_group.font_size = Some(s.actor_font_size);
    for (index, h) in g.heads.iter().enumerate() {
        let p = &seq.participants[h.participant];
        let mut grp = Group::new("actor");
        grp.id = Some(format!(
            "actor-{}-{}",
            h.participant,
            match h.place {
                HeadPlace::Top => "top",
                HeadPlace::Created => "created",
                HeadPlace::Destroyed => "destroyed",
                HeadPlace::Bottom => "bottom",
            }
        ));
        symbol(&mut grp, h.kind, h.rect, c);
        grp.children
            .push(text(&h.label, &c.actor_text, vec![Role::ActorText]));
        if let Some(menu) = g.menus.iter().find(|m| m.head == index) {
            grp.focusable = true;
            grp.children.push(Item::Group(menu_group(p, menu, c)));
        }
        heads_group.children.push(Item::Group(grp));
        heads_group.children.push(Item::Break);
    }
    heads_group
}

/// Hides link menus until their participant's head is hovered or has the
/// keyboard focus: Mermaid opens them with a script on click, and we write
/// no scripts. Viewers without CSS interaction keep them hidden.
const MENU_CSS: &str = ".actor-menu{display:none}\
.actor:hover .actor-menu,.actor:focus-within .actor-menu{display:inline}";

/// A participant's link menu: a panel and one link per entry.
fn menu_group(p: &super::model::Participant, menu: &Menu, c: &SequenceColours) -> Group {
    let mut grp = Group::new("actor-menu");
    grp.children.push(Item::Element(
        rect(menu.panel)
            .num("rx", 3.0)
            .text("fill", &c.actor_fill)
            .text("stroke", &c.actor_stroke)
            .hooks(vec![Role::ActorFill, Role::ActorStroke]),
    ));
    for (label, link) in &menu.entries {
        let mut entry = Group::new("actor-menu-entry");
        entry.link = Some(Link {
            href: p.links[*link].url.clone(),
            target: Some("_blank".into()),
        });
        entry
            .children
            .push(text(label, &c.actor_text, vec![Role::ActorText]));
        grp.children.push(Item::Group(entry));
    }
    grp
}

fn rect(r: Rect) -> Element {
    Element::new(Tag::Rect)
        .num("x", r.x)
        .num("y", r.y)
        .num("width", r.width)
        .num("height", r.height)
}

fn bold(mut item: Item) -> Item {
    if let Item::Text(t) = &mut item {
        t.font_weight = Some("bold".into());
    }
    item
}

/// `l` as lines of text in `fill`, each aligned in the label's box.
fn text(l: &Label, fill: &str, hooks: Vec<Role>) -> Item {
    let b = &l.block;
    let (anchor, x) = match l.align {
        Align::Left => (Anchor::Start, l.rect.x),
        Align::Center => (Anchor::Middle, l.rect.x + l.rect.width / 2.0),
        Align::Right => (Anchor::End, l.rect.right()),
    };
    // Lines centred in the label's height, which may hold some leading.
    let lead = (b.height - b.lines.len() as f32 * b.line_height()).max(0.0) / 2.0;
    let mut t = Text::block(b, x, l.rect.y + lead, anchor, fill);
    t.hooks = hooks;
    if (b.font_size - 16.0).abs() > 0.01 {
        // Texts carry their size through a group.
        let mut g = Group::new("label");
        g.font_size = Some(b.font_size);
        t.hooks.shrink_to_fit();
        g.children.push(Item::Text(t));
        return Item::Group(g);
    }
    Item::Text(t)
}

/// The heads of `head` at the receiver (`to`, arriving from `to_back`)
/// and, for two-headed and reversed arrows, at the sender.
fn heads(
    m: &mut Group,
    head: ArrowHead,
    to: Point,
    to_back: Point,
    from: Point,
    from_back: Point,
    colour: &str,
) {
    use ArrowHead::*;
    let filled = |m: &mut Group, tip: Point, back: Point| {
        m.children.push(Item::Marker(Marker {
            kind: MarkerKind::Arrow,
            tip,
            back,
            colour: colour.to_string(),
            hooks: vec![Role::SignalFill],
        }));
    };
    // A half head: `top` is above the line (smaller y).
    let half = |m: &mut Group, tip: Point, back: Point, top: bool, stick: bool| {
        let dx = if back.x < tip.x { -10.0 } else { 10.0 };
        let side = if top { -6.0 } else { 6.0 };
        let (bx, by) = (tip.x + dx, tip.y + side);
        let e = if stick {
            Element::new(Tag::Path)
                .text(
                    "d",
                    format!("M{},{} L{},{}", num(tip.x), num(tip.y), num(bx), num(by)),
                )
                .text("stroke", colour)
                .text("stroke-width", "1.5")
                .hooks(vec![Role::SignalStroke])
        } else {
            Element::new(Tag::Path)
                .text(
                    "d",
                    format!(
                        "M{},{} L{},{} L{},{} Z",
                        num(tip.x),
                        num(tip.y),
                        num(bx),
                        num(by),
                        num(tip.x + dx),
                        num(tip.y)
                    ),
                )
                .text("fill", colour)
                .hooks(vec![Role::SignalFill])
        };
        m.children.push(Item::Element(e));
    };
    match head {
        None => {}
        Filled => filled(m, to, to_back),
        BothFilled => {
            filled(m, to, to_back);
            filled(m, from, from_back);
        }
        Cross => m.children.push(Item::Marker(Marker {
            kind: MarkerKind::Cross,
            tip: to,
            back: to_back,
            colour: colour.to_string(),
            hooks: vec![Role::SignalStroke],
        })),
        Open => {
            let dx = if to_back.x < to.x { -9.0 } else { 9.0 };
            m.children.push(Item::Element(
                Element::new(Tag::Path)
                    .text(
                        "d",
                        format!(
                            "M{},{} L{},{} L{},{}",
                            num(to.x + dx),
                            num(to.y - 5.0),
                            num(to.x),
                            num(to.y),
                            num(to.x + dx),
                            num(to.y + 5.0)
                        ),
                    )
                    .text("fill", "none")
                    .text("stroke", colour)
                    .text("stroke-width", "1.5")
                    .hooks(vec![Role::SignalStroke]),
            ));
        }
        HalfTop => half(m, to, to_back, true, false),
        HalfBottom => half(m, to, to_back, false, false),
        StickTop => half(m, to, to_back, true, true),
        StickBottom => half(m, to, to_back, false, true),
        HalfTopReversed => half(m, from, from_back, true, false),
        HalfBottomReversed => half(m, from, from_back, false, false),
        StickTopReversed => half(m, from, from_back, true, true),
        StickBottomReversed => half(m, from, from_back, false, true),
    }
}

/// The box or symbol of a head within `r` (labels are drawn by the caller).
fn symbol(g: &mut Group, kind: ParticipantKind, r: Rect, c: &SequenceColours) {
    let fill = |e: Element| {
        e.text("fill", &c.actor_fill)
            .text("stroke", &c.actor_stroke)
            .text("stroke-width", "1.5")
            .hooks(vec![Role::ActorFill, Role::ActorStroke])
    };
    let stroke = |e: Element| {
        e.text("fill", "none")
            .text("stroke", &c.actor_stroke)
            .text("stroke-width", "1.5")
            .hooks(vec![Role::ActorStroke])
    };
    let path = |d: String| Element::new(Tag::Path).text("d", d);
    let circle = |cx: f32, cy: f32, rad: f32| {
        Element::new(Tag::Circle)
            .num("cx", cx)
            .num("cy", cy)
            .num("r", rad)
    };
    let cx = r.x + r.width / 2.0;
    let top = r.y;
    let mut push = |e: Element| g.children.push(Item::Element(e));
    match kind {
        ParticipantKind::Participant => push(fill(rect(r).text("rx", "3"))),
        ParticipantKind::Collections => {
            let back = Rect {
                x: r.x + 6.0,
                y: r.y - 6.0,
                ..r
            };
            let front = Rect {
                width: r.width - 6.0,
                height: r.height,
                ..r
            };
            push(fill(rect(Rect {
                width: r.width - 6.0,
                ..back
            })));
            push(fill(rect(front)));
        }
        ParticipantKind::Queue => {
            let ry = r.height / 2.0;
            let rx = 8.0;
            let (l, rt) = (r.x + rx, r.right() - rx);
            push(fill(path(format!(
                "M{l},{t} H{rt} A{rx},{ry} 0 0 1 {rt},{b} H{l} A{rx},{ry} 0 0 1 {l},{t} Z",
                l = num(l),
                t = num(r.y),
                rt = num(rt),
                b = num(r.bottom()),
                rx = num(rx),
                ry = num(ry)
            ))));
            push(stroke(path(format!(
                "M{rt},{t} A{rx},{ry} 0 0 0 {rt},{b}",
                rt = num(rt),
                t = num(r.y),
                b = num(r.bottom()),
                rx = num(rx),
                ry = num(ry)
            ))));
        }
        ParticipantKind::Actor => {
            push(fill(circle(cx, top + 9.0, 8.0)));
            push(stroke(path(format!(
                "M{cx},{a} V{b} M{l},{arm} H{r} M{l2},{foot} L{cx},{b} L{r2},{foot}",
                cx = num(cx),
                a = num(top + 17.0),
                b = num(top + 31.0),
                l = num(cx - 13.0),
                r = num(cx + 13.0),
                arm = num(top + 22.0),
                l2 = num(cx - 11.0),
                r2 = num(cx + 11.0),
                foot = num(top + SYMBOL_H - 2.0)
            ))));
        }
        ParticipantKind::Boundary => {
            push(fill(circle(cx + 7.0, top + 21.0, 15.0)));
            push(stroke(path(format!(
                "M{x},{a} V{b} M{x},{m} H{e}",
                x = num(cx - 22.0),
                a = num(top + 6.0),
                b = num(top + 36.0),
                m = num(top + 21.0),
                e = num(cx - 8.0)
            ))));
        }
        ParticipantKind::Control => {
            push(fill(circle(cx, top + 23.0, 15.0)));
            push(stroke(path(format!(
                "M{a},{y1} L{cx},{y0} L{a},{y2}",
                a = num(cx + 6.0),
                cx = num(cx - 1.0),
                y0 = num(top + 8.0),
                y1 = num(top + 3.0),
                y2 = num(top + 13.0)
            ))));
        }
        ParticipantKind::Entity => {
            push(fill(circle(cx, top + 19.0, 15.0)));
            push(stroke(path(format!(
                "M{l},{y} H{r}",
                l = num(cx - 15.0),
                r = num(cx + 15.0),
                y = num(top + 37.0)
            ))));
        }
        ParticipantKind::Database => {
            let (w, ry) = (36.0, 5.0);
            let (l, rt) = (cx - w / 2.0, cx + w / 2.0);
            let (t, b) = (top + 4.0 + ry, top + SYMBOL_H - ry - 2.0);
            push(fill(path(format!(
                "M{l},{t} A{hw},{ry} 0 0 1 {rt},{t} V{b} A{hw},{ry} 0 0 1 {l},{b} Z",
                l = num(l),
                rt = num(rt),
                t = num(t),
                b = num(b),
                hw = num(w / 2.0),
                ry = num(ry)
            ))));
            push(stroke(path(format!(
                "M{l},{t} A{hw},{ry} 0 0 0 {rt},{t}",
                l = num(l),
                rt = num(rt),
                t = num(t),
                hw = num(w / 2.0),
                ry = num(ry)
            ))));
        }
    }
}
