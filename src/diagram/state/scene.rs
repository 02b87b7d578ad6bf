//! A laid-out state diagram as a [`Scene`]: composite frames (title band,
//! inside, dashed regions), transitions with their arrowheads, note
//! links, composite titles, transition labels, then states and notes on
//! top, in the theme's colours and those of `classDef`/`style`. The one
//! SVG writer spells it.

use std::collections::HashMap;

use super::layout::{Geometry, Placed, Routed};
use super::model::{StateDiagram, StateKind};
use crate::layout::{Point, Rect};
use crate::config::Config;
use crate::diagram::style::{ClassDef, Prop, Style};
use crate::layout::Shape;
use crate::scene::svg::num;
use crate::scene::{Element, Group, Item, Link, Marker, MarkerKind, Scene, Tag, Text};
use crate::text::TextBlock;
use crate::theme::{Role, Theme};

/// The scene of `g`, the layout of `d`, drawn with `config`'s theme.
///
/// Takes the geometry [`super::layout::layout`] made of the same diagram.
/// Every element lies within the geometry's width and height; group ids
/// are the states' ids (unique) and numbered notes.
pub(crate) fn scene(d: &StateDiagram, g: &Geometry, config: &Config, font_size: f32) -> Scene {
    let theme = Theme::from_config(config);
    let p = &theme.palette;
    let defs: HashMap<&str, &ClassDef> = d
        .class_defs
        .iter()
        .map(|c| (c.name.as_str(), c))
        .collect();
    let mut items: Vec<Item> = Vec::new();
    let push = |items: &mut Vec<Item>, group: Group| {
        if !group.children.is_empty() {
            items.push(Item::Group(group));
            items.push(Item::Break);
        }
    };
    if let Some((block, centre)) = &g.title {
        let mut grp = Group::new("title");
        grp.font_size = Some(block.font_size);
        grp.children.extend(text(
            block,
            centre.x,
            centre.y - block.line_height() / 2.0,
            &p.title_text,
            &Style::default(),
            vec![Role::TitleText],
        ));
        push(&mut items, grp);
    }

    // Composite frames, outer before inner; regions inside them.
    let mut order: Vec<usize> = (0..d.states.len())
        .filter(|&i| g.composites[i].is_some())
        .collect();
    order.sort_by_key(|&i| d.depth(d.states[i].parent));
    let mut frames = Group::new("composites");
    for i in order {
        let Some(c) = &g.composites[i] else { continue };
        let st = &d.states[i];
        let style = Style::resolve(&defs, &st.classes, &st.styles, true);
        let mut grp = Group::new("composite");
        grp.id = Some(format!("state-{}", st.id));
        let r = c.rect;
        // As Mermaid 11 applies a class to a composite: its fill and stroke
        // paint the body under the title band; the band and the frame keep
        // the theme's colours (checked with mmdc).
        let stroke = p.node_stroke.clone();
        grp.children.push(Item::Element(
            rect(r)
                .text("rx", "5")
                .text("fill", &p.node_fill)
                .text("stroke", &stroke)
                .text("stroke-width", "1")
                .hooks(vec![Role::NodeFill, Role::NodeStroke]),
        ));
        let band = c.band.min(r.height);
        let inner = Rect {
            x: r.x,
            y: r.y + band,
            width: r.width,
            height: (r.height - band - 4.0).max(0.0),
        };
        grp.children.push(Item::Element(
            rect(inner)
                .text("fill", style.fill.as_deref().unwrap_or(&p.state.composite_fill))
                .text("stroke", style.stroke.as_deref().unwrap_or(&stroke))
                .text("stroke-width", "1")
                .hooks(style.unset(&[(Prop::Fill, Role::CompositeFill), (Prop::Stroke, Role::NodeStroke)])),
        ));
        for s in d.regions(i) {
            if let Some(Some(rr)) = g.regions.get(s) {
                grp.children.push(Item::Element(
                    rect(*rr)
                        .text("fill", &p.state.region_fill)
                        .text("stroke", &stroke)
                        .text("stroke-width", "1")
                        .text("stroke-dasharray", "10,10")
                        .hooks(vec![Role::RegionFill]),
                ));
            }
        }
        frames.children.push(Item::Group(grp));
        frames.children.push(Item::Break);
    }
    push(&mut items, frames);

    let mut edges = Group::new("transitions");
    for (k, t) in g.transitions.iter().enumerate() {
        if let Some(grp) = edge(t, &p.line, false) {
            let mut grp = grp;
            grp.id = Some(format!("transition-{k}"));
            edges.children.push(Item::Group(grp));
            edges.children.push(Item::Break);
        }
    }
    for n in &g.notes {
        if let Some(grp) = edge(&n.link, &p.line, true) {
            edges.children.push(Item::Group(grp));
            edges.children.push(Item::Break);
        }
    }
    push(&mut items, edges);

    let mut titles = Group::new("composite-titles");
    for (i, c) in g.composites.iter().enumerate() {
        let Some(c) = c else { continue };
        let st = &d.states[i];
        let style = Style::resolve(&defs, &st.classes, &st.styles, true);
        let top = c.title_center.y - c.title.line_height() / 2.0;
        titles.children.extend(text(
            &c.title,
            c.title_center.x,
            top,
            style.color.as_deref().unwrap_or(&p.node_text),
            &style,
            style.unset(&[(Prop::Color, Role::NodeText)]),
        ));
    }
    push(&mut items, titles);

    let mut labels = Group::new("transition-labels");
    for t in &g.transitions {
        if let (Some(label), Some(r)) = (&t.label, t.label_box) {
            let mut grp = Group::new("transition-label");
            grp.children.push(Item::Element(
                rect(r)
                    .text("fill", &p.edge_label_fill)
                    .hooks(vec![Role::EdgeLabelFill]),
            ));
            let c = r.center();
            grp.children.extend(text(
                label,
                c.x,
                c.y - label.height / 2.0,
                &p.edge_text,
                &Style::default(),
                vec![Role::EdgeText],
            ));
            labels.children.push(Item::Group(grp));
            labels.children.push(Item::Break);
        }
    }
    push(&mut items, labels);

    let mut nodes = Group::new("states");
    for (i, st) in d.states.iter().enumerate() {
        let Some(Some(placed)) = g.states.get(i) else { continue };
        let style = match st.kind {
            StateKind::Plain => Style::resolve(&defs, &st.classes, &st.styles, true),
            _ => Style::resolve(&defs, &st.classes, &st.styles, false),
        };
        let mut grp = Group::new("state");
        grp.id = Some(format!("state-{}", st.id));
        if let Some((url, tooltip)) = &st.link {
            if crate::sanitize::safe_url(url).is_some() {
                grp.link = Some(Link {
                    href: url.clone(),
                    target: None,
                });
                grp.tooltip = tooltip.clone();
            }
        }
        grp.children = state_items(st.kind, placed, &style, &theme);
        nodes.children.push(Item::Group(grp));
        nodes.children.push(Item::Break);
    }
    for (k, n) in g.notes.iter().enumerate() {
        let mut grp = Group::new("note");
        grp.id = Some(format!("note-{k}"));
        grp.children.push(Item::Element(
            rect(n.rect)
                .text("fill", &p.sequence.note_fill)
                .text("stroke", &p.sequence.note_stroke)
                .text("stroke-width", "1")
                .hooks(vec![Role::NoteFill, Role::NoteStroke]),
        ));
        let c = n.rect.center();
        grp.children.extend(text(
            &n.text,
            c.x,
            c.y - n.text.height / 2.0,
            &p.sequence.note_text,
            &Style::default(),
            vec![Role::NoteText],
        ));
        nodes.children.push(Item::Group(grp));
        nodes.children.push(Item::Break);
    }
    push(&mut items, nodes);

    let plain = |t: &Option<super::model::Text>| {
        t.as_ref()
            .map(|t| super::model::display_lines(&t.raw).join("\n"))
    };
    let mut scene = Scene::new(
        config,
        ("stateDiagram", &Role::STATE),
        theme.clone(),
        (g.width, g.height),
        font_size,
    );
    scene.title = plain(&d.acc_title).or_else(|| plain(&d.title));
    scene.description = plain(&d.acc_descr);
    scene.items = items;
    scene
}

/// A `<rect>` filling `r`.
fn rect(r: Rect) -> Element {
    Element::new(Tag::Rect)
        .num("x", r.x)
        .num("y", r.y)
        .num("width", r.width)
        .num("height", r.height)
}

/// The drawing of one simple state or pseudo-state.
fn state_items(kind: StateKind, n: &Placed, style: &Style, theme: &Theme) -> Vec<Item> {
    let p = &theme.palette;
    let r = n.rect;
    let c = r.center();
    let fill = style.fill.clone().unwrap_or_else(|| p.node_fill.clone());
    let stroke = style.stroke.clone().unwrap_or_else(|| p.node_stroke.clone());
    let sw = style.stroke_width.clone().unwrap_or_else(|| "1".to_string());
    let hooks = style.unset(&[(Prop::Fill, Role::NodeFill), (Prop::Stroke, Role::NodeStroke)]);
    let mut out = Vec::new();
    match kind {
        StateKind::Start => out.push(Item::Element(
            Element::new(Tag::Circle)
                .num("cx", c.x)
                .num("cy", c.y)
                .num("r", r.width / 2.0)
                .text("fill", style.fill.as_deref().unwrap_or(&p.line))
                .text("stroke", style.stroke.as_deref().unwrap_or(&p.line))
                .text("stroke-width", "1")
                .hooks(style.unset(&[(Prop::Fill, Role::LineFill), (Prop::Stroke, Role::LineStroke)])),
        )),
        StateKind::End => {
            out.push(Item::Element(
                Element::new(Tag::Circle)
                    .num("cx", c.x)
                    .num("cy", c.y)
                    .num("r", r.width / 2.0 - 0.75)
                    .text("fill", &fill)
                    .text("stroke", style.stroke.as_deref().unwrap_or(&p.line))
                    .text("stroke-width", "1.5")
                    .hooks(style.unset(&[(Prop::Fill, Role::NodeFill), (Prop::Stroke, Role::LineStroke)])),
            ));
            out.push(Item::Element(
                Element::new(Tag::Circle)
                    .num("cx", c.x)
                    .num("cy", c.y)
                    .num("r", r.width / 2.0 - 3.5)
                    .text("fill", &p.state.end_inner)
                    .text("stroke", "none"),
            ));
        }
        StateKind::Fork | StateKind::Join => out.push(Item::Element(
            rect(r)
                .text("fill", style.fill.as_deref().unwrap_or(&p.line))
                .text("stroke", style.stroke.as_deref().unwrap_or(&p.line))
                .text("stroke-width", "1")
                .hooks(style.unset(&[(Prop::Fill, Role::LineFill), (Prop::Stroke, Role::LineStroke)])),
        )),
        StateKind::Choice => {
            let d = format!(
                "M{},{} L{},{} L{},{} L{},{} Z",
                num(c.x),
                num(r.y),
                num(r.right()),
                num(c.y),
                num(c.x),
                num(r.bottom()),
                num(r.x),
                num(c.y)
            );
            out.push(Item::Element(
                Element::new(Tag::Path)
                    .text("d", d)
                    .text("fill", &fill)
                    .text("stroke", &stroke)
                    .text("stroke-width", &sw)
                    .hooks(hooks),
            ));
        }
        StateKind::Plain => {
            let body = style.extra(
                rect(r)
                    .text("rx", "5")
                    .text("fill", &fill)
                    .text("stroke", &stroke)
                    .text("stroke-width", &sw),
            );
            out.push(Item::Element(body.hooks(hooks)));
            let colour = style.color.as_deref().unwrap_or(&p.node_text);
            let text_hooks = style.unset(&[(Prop::Color, Role::NodeText)]);
            if n.shape == Shape::DividedRect {
                let top = r.y + r.height / 2.0 - (n.title.height + n.body.height) / 2.0 - 2.0;
                out.extend(text(&n.title, c.x, top, colour, style, text_hooks.clone()));
                let y = top + n.title.height + 2.0;
                out.push(Item::Element(
                    Element::new(Tag::Path)
                        .text("d", format!("M{},{} H{}", num(r.x), num(y), num(r.right())))
                        .text("stroke", &stroke)
                        .text("stroke-width", "1")
                        .hooks(style.unset(&[(Prop::Stroke, Role::NodeStroke)])),
                ));
                out.extend(text(&n.body, c.x, y + 2.0, colour, style, text_hooks));
            } else {
                out.extend(text(
                    &n.title,
                    c.x,
                    c.y - n.title.height / 2.0,
                    colour,
                    style,
                    text_hooks,
                ));
            }
        }
    }
    out
}

/// A transition (with an arrowhead) or a dashed note link.
fn edge(t: &Routed, colour: &str, note: bool) -> Option<Group> {
    let first = t.path.first()?;
    let mut d = format!("M{},{}", num(first[0].x), num(first[0].y));
    for c in &t.path {
        d.push_str(&format!(
            " C{},{} {},{} {},{}",
            num(c[1].x),
            num(c[1].y),
            num(c[2].x),
            num(c[2].y),
            num(c[3].x),
            num(c[3].y)
        ));
    }
    let mut grp = Group::new(if note { "note-link" } else { "transition" });
    let line = Element::new(Tag::Path)
        .text("d", d)
        .text("fill", "none")
        .text("stroke", colour)
        .text("stroke-width", "1")
        .maybe("stroke-dasharray", note.then_some("5"))
        .hooks(vec![Role::LineStroke]);
    grp.children.push(Item::Element(line));
    if !note {
        if let (Some(tip), Some(back)) = (t.points.last(), back_point(&t.points)) {
            grp.children.push(Item::Marker(Marker {
                kind: MarkerKind::Arrow,
                tip: *tip,
                back,
                colour: colour.to_string(),
                hooks: vec![Role::LineFill],
            }));
        }
    }
    Some(grp)
}

/// A point about one arrowhead back along the path from its end.
fn back_point(points: &[Point]) -> Option<Point> {
    let tip = points.last()?;
    let mut last = None;
    for p in points.iter().rev().skip(1) {
        last = Some(*p);
        if (p.x - tip.x).hypot(p.y - tip.y) >= 8.0 {
            break;
        }
    }
    last
}

/// A block centred on `cx`, its first line box at `top`.
fn text(block: &TextBlock, cx: f32, top: f32, colour: &str, style: &Style, hooks: Vec<Role>) -> Option<Item> {
    let mut t = Text::centred(block, cx, top, colour)?;
    t.hooks = hooks;
    t.font_weight = style.font_weight.clone();
    t.font_style = style.font_style.clone();
    Some(Item::Text(t))
}

