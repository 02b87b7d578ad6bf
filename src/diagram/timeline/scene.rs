//! A laid-out timeline as a [`Scene`], in the theme's section colours
//! (`cScale0` … `cScale11`, text in `cScaleLabel0` …): the time line with
//! its arrow, the dashed stems, the section, period and event boxes (a
//! darker line along each box's foot) and the title. The one SVG writer
//! spells it.

use super::layout::{Geometry, Node};
use super::model::Timeline;
use crate::config::Config;
use crate::scene::svg::num;
use crate::scene::{Element, Group, Item, Scene, Tag};
use crate::theme::colour::Colour;
use crate::theme::{Palette, Role, Theme};

/// The roles a timeline paints, for the `auto` stylesheet.
const ROLES: [Role; 2] = [Role::TitleText, Role::LineStroke];

/// A box and its text in section colour `n.colour`.
fn boxed(n: &Node, class: &'static str, id: String, p: &Palette) -> Group {
    let fill = &p.scale.fills[n.colour];
    let edge = Colour::parse(fill).map_or_else(|| fill.clone(), |c| c.darken(15.0).css());
    let mut g = Group::new(class);
    g.id = Some(id);
    let r = n.rect;
    g.children.push(Item::Element(
        Element::new(Tag::Rect)
            .num("x", r.x)
            .num("y", r.y)
            .num("width", r.width)
            .num("height", r.height)
            .num("rx", 5.0)
            .text("fill", fill),
    ));
    g.children.push(Item::Element(
        Element::new(Tag::Path)
            .text(
                "d",
                format!(
                    "M{},{}H{}",
                    num(r.x + 2.0),
                    num(r.y + r.height - 1.5),
                    num(r.x + r.width - 2.0)
                ),
            )
            .text("stroke", edge)
            .num("stroke-width", 3.0),
    ));
    g.children.extend(n.text.item(&p.scale.labels[n.colour], Vec::new()));
    g
}

/// The scene of `d` laid out as `g`, in the colours `config` names.
pub(crate) fn scene(d: &Timeline, g: &Geometry, config: &Config) -> Scene {
    let theme = Theme::from_config(config);
    let p = &theme.palette;
    let mut items = Vec::new();

    let mut lines = Group::new("time-line");
    crate::diagram::chart::time_arrow(&mut lines, g.line, &p.line);
    for (top, bottom) in &g.stems {
        if bottom.y > top.y {
            lines.children.push(Item::Element(
                Element::new(Tag::Path)
                    .text("d", format!("M{},{}V{}", num(top.x), num(top.y), num(bottom.y)))
                    .text("stroke", &p.line)
                    .num("stroke-width", 1.0)
                    .text("stroke-dasharray", "5,5")
                    .hooks(vec![Role::LineStroke]),
            ));
        }
    }
    items.push(Item::Group(lines));
    items.push(Item::Break);

    let mut boxes = Group::new("timeline-boxes");
    for (k, s) in g.sections.iter().enumerate() {
        boxes.children.push(Item::Group(boxed(s, "section", format!("section-{k}"), p)));
        boxes.children.push(Item::Break);
    }
    for (k, n) in g.periods.iter().enumerate() {
        boxes.children.push(Item::Group(boxed(n, "period", format!("period-{k}"), p)));
        boxes.children.push(Item::Break);
        for (e, n) in g.events.get(k).into_iter().flatten().enumerate() {
            boxes.children.push(Item::Group(boxed(n, "event", format!("event-{k}-{e}"), p)));
            boxes.children.push(Item::Break);
        }
    }
    items.push(Item::Group(boxes));
    items.push(Item::Break);

    if let Some(t) = &g.title {
        let mut title = Group::new("title");
        title.font_size = Some(t.block.font_size);
        title.children.extend(t.item(&p.title_text, vec![Role::TitleText]));
        items.push(Item::Group(title));
    }

    let font = g.periods.first().map_or(16.0, |n| n.text.block.font_size);
    let mut scene = Scene::new(config, ("timeline", &ROLES), theme.clone(), (g.width, g.height), font);
    scene.title = d.acc.title.clone().or_else(|| d.title.clone());
    scene.description = d.acc.description.clone();
    scene.items = items;
    scene
}
