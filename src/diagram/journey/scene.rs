//! A laid-out user journey as a [`Scene`]: the actor legend, the section
//! and task boxes in the theme's journey colours (`fillType0` …
//! `fillType7`), the actors' dots, the dashed stems, the faces (smiling
//! above 3, frowning below, straight at 3), the arrow of time and the
//! title. The one SVG writer spells it.

use super::layout::{Geometry, Node, DOT, FACE};
use super::model::Journey;
use crate::config::Config;
use crate::layout::Point;
use crate::scene::svg::num;
use crate::scene::{Element, Group, Item, Scene, Tag};
use crate::theme::{Palette, Role, Theme};

/// The roles a journey paints, for the `auto` stylesheet.
const ROLES: [Role; 3] = [Role::TitleText, Role::LineStroke, Role::LineFill];

/// Mermaid's `journey.actorColours`.
const ACTOR_COLOURS: [&str; 6] = ["#8FBC8F", "#7CFC00", "#00FFFF", "#20B2AA", "#B0E0E6", "#FFFFE0"];
/// A face's fill (Mermaid's `faceColor`).
const FACE_FILL: &str = "#FFF8DC";

/// A filled circle.
fn dot(c: Point, r: f32, fill: &str, stroke: &str) -> Item {
    Item::Element(
        Element::new(Tag::Circle)
            .num("cx", c.x)
            .num("cy", c.y)
            .num("r", r)
            .text("fill", fill)
            .text("stroke", stroke),
    )
}

/// A box and its text in journey colour `n.colour`.
fn boxed(n: &Node, class: &'static str, id: String, p: &Palette) -> Group {
    let mut g = Group::new(class);
    g.id = Some(id);
    let r = n.rect;
    g.children.push(Item::Element(
        Element::new(Tag::Rect)
            .num("x", r.x)
            .num("y", r.y)
            .num("width", r.width)
            .num("height", r.height)
            .num("rx", 3.0)
            .text("fill", &p.scale.journey[n.colour])
            .text("stroke", &p.node_stroke),
    ));
    g.children.extend(n.text.item(&p.node_text, vec![Role::NodeText]));
    g
}

/// A face at `c` for `score`: eyes and a mouth that smiles above 3.
fn face(c: Point, score: f32, stroke: &str) -> Vec<Item> {
    let mut out = vec![dot(c, FACE, FACE_FILL, "#999")];
    for dx in [-5.0, 5.0] {
        out.push(dot(Point::new(c.x + dx, c.y - 5.0), 1.5, "#666", "#666"));
    }
    let (x0, x1) = (num(c.x - 7.0), num(c.x + 7.0));
    let mouth = if score > 3.0 {
        format!("M{x0},{}Q{},{} {x1},{}", num(c.y + 3.0), num(c.x), num(c.y + 10.0), num(c.y + 3.0))
    } else if score < 3.0 {
        format!("M{x0},{}Q{},{} {x1},{}", num(c.y + 8.0), num(c.x), num(c.y + 1.0), num(c.y + 8.0))
    } else {
        format!("M{x0},{}H{x1}", num(c.y + 5.0))
    };
    out.push(Item::Element(
        Element::new(Tag::Path)
            .text("d", mouth)
            .text("fill", "none")
            .text("stroke", stroke)
            .num("stroke-width", 2.0),
    ));
    out
}

/// The scene of `d` laid out as `g`, in the colours `config` names.
pub(crate) fn scene(d: &Journey, g: &Geometry, config: &Config) -> Scene {
    let theme = Theme::from_config(config);
    let p = &theme.palette;
    let mut items = Vec::new();

    let mut legend = Group::new("actors");
    for (k, a) in g.actors.iter().enumerate() {
        let mut entry = Group::new("actor");
        entry.id = Some(format!("actor-{k}"));
        entry.children.push(dot(a.dot, DOT, ACTOR_COLOURS[a.colour], "#000"));
        let mut text = a.text.item(&p.title_text, vec![Role::TitleText]);
        if let Some(Item::Text(t)) = &mut text {
            // Left-aligned names: each line starts at the box's left.
            t.anchor = crate::scene::Anchor::Start;
            for l in &mut t.lines {
                l.x = a.text.rect.x;
            }
        }
        entry.children.extend(text);
        legend.children.push(Item::Group(entry));
        legend.children.push(Item::Break);
    }
    if !legend.children.is_empty() {
        items.push(Item::Group(legend));
        items.push(Item::Break);
    }

    let mut lines = Group::new("journey-lines");
    for t in &g.tasks {
        let (a, b) = t.stem;
        if b.y > a.y {
            lines.children.push(Item::Element(
                Element::new(Tag::Path)
                    .text("d", format!("M{},{}V{}", num(a.x), num(a.y), num(b.y)))
                    .text("stroke", "#666")
                    .num("stroke-width", 1.0)
                    .text("stroke-dasharray", "4,2"),
            ));
        }
    }
    crate::diagram::chart::time_arrow(&mut lines, g.line, &p.line);
    items.push(Item::Group(lines));
    items.push(Item::Break);

    let mut boxes = Group::new("journey-boxes");
    for (k, s) in g.sections.iter().enumerate() {
        boxes.children.push(Item::Group(boxed(s, "section", format!("section-{k}"), p)));
        boxes.children.push(Item::Break);
    }
    for (k, t) in g.tasks.iter().enumerate() {
        let mut grp = boxed(&t.node, "task", format!("task-{k}"), p);
        for (c, colour) in &t.dots {
            grp.children.push(dot(*c, DOT, ACTOR_COLOURS[*colour], "#000"));
        }
        grp.children.extend(face(t.face, t.score, "#666"));
        boxes.children.push(Item::Group(grp));
        boxes.children.push(Item::Break);
    }
    items.push(Item::Group(boxes));
    items.push(Item::Break);

    if let Some(t) = &g.title {
        let mut title = Group::new("title");
        title.font_size = Some(t.block.font_size);
        title.children.extend(t.item(&p.title_text, vec![Role::TitleText]));
        items.push(Item::Group(title));
    }

    let font = g.tasks.first().map_or(16.0, |t| t.node.text.block.font_size);
    let mut scene = Scene::new(config, ("journey", &ROLES), theme.clone(), (g.width, g.height), font);
    scene.title = d.acc.title.clone().or_else(|| d.title.clone());
    scene.description = d.acc.description.clone();
    scene.items = items;
    scene
}
