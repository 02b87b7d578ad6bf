//! A laid-out pie chart as a [`Scene`], in the theme's pie colours: the
//! slices (`pie1` … `pie12`, outlined in `pieStrokeColor` at
//! `pieOpacity`), the circle around them (`pieOuterStrokeColor`), the
//! percentages, the title and the legend. The one SVG writer spells it.

use super::layout::{polar, Geometry};
use super::model::PieChart;
use crate::config::Config;
use crate::scene::svg::num;
use crate::scene::{Element, Group, Item, Scene, Tag};
use crate::theme::{Role, Theme};

/// The roles a pie chart paints, for the `auto` stylesheet.
const ROLES: [Role; 1] = [Role::TitleText];

/// The value of theme variable `name` as a number (`"2px"` is 2), within
/// `0..=max`.
fn variable(config: &Config, name: &str, max: f32) -> Option<f32> {
    config
        .theme_variables
        .iter()
        .rev()
        .find(|(k, _)| k == name)
        .and_then(|(_, v)| v.trim().trim_end_matches("px").trim().parse::<f32>().ok())
        .filter(|v| v.is_finite() && *v >= 0.0 && *v <= max)
}

/// The path of the slice from `start` to `end` (radians clockwise from
/// twelve o'clock) of the pie at `g`'s centre.
fn wedge(g: &Geometry, start: f32, end: f32) -> String {
    let c = g.centre;
    let r = g.radius;
    if end - start >= std::f32::consts::TAU - 1e-4 {
        // A whole pie: two half circles (one arc cannot close on itself).
        let top = polar(c, r, 0.0);
        let bottom = polar(c, r, std::f32::consts::PI);
        return format!(
            "M{},{}A{r},{r} 0 1 1 {},{}A{r},{r} 0 1 1 {},{}Z",
            num(top.x),
            num(top.y),
            num(bottom.x),
            num(bottom.y),
            num(top.x),
            num(top.y),
            r = num(r)
        );
    }
    let a = polar(c, r, start);
    let b = polar(c, r, end);
    let large = u8::from(end - start > std::f32::consts::PI);
    format!(
        "M{},{}L{},{}A{r},{r} 0 {large} 1 {},{}Z",
        num(c.x),
        num(c.y),
        num(a.x),
        num(a.y),
        num(b.x),
        num(b.y),
        r = num(r)
    )
}

/// The scene of `d` laid out as `g`, in the colours `config` names.
pub(crate) fn scene(d: &PieChart, g: &Geometry, config: &Config) -> Scene {
    let theme = Theme::from_config(config);
    let p = &theme.palette;
    let colours = &p.pie;
    let opacity = variable(config, "pieOpacity", 1.0).unwrap_or(0.7);
    let stroke_width = variable(config, "pieStrokeWidth", 50.0).unwrap_or(2.0);
    let outer_width = variable(config, "pieOuterStrokeWidth", 50.0).unwrap_or(2.0);
    let mut items = Vec::new();

    let mut pie = Group::new("pie");
    pie.children.push(Item::Element(
        Element::new(Tag::Circle)
            .num("cx", g.centre.x)
            .num("cy", g.centre.y)
            .num("r", g.outer_radius)
            .text("fill", "none")
            .text("stroke", &colours.outer_stroke)
            .num("stroke-width", outer_width),
    ));
    for s in &g.slices {
        let mut slice = Group::new("slice");
        slice.id = Some(format!("slice-{}", s.slice));
        slice.tooltip = d.slices.get(s.slice).map(|x| x.label.clone());
        slice.children.push(Item::Element(
            Element::new(Tag::Path)
                .text("d", wedge(g, s.start, s.end))
                .text("fill", &colours.slices[s.colour])
                .text("stroke", &colours.stroke)
                .num("stroke-width", stroke_width)
                .num("opacity", opacity),
        ));
        pie.children.push(Item::Group(slice));
        pie.children.push(Item::Break);
    }
    items.push(Item::Group(pie));
    items.push(Item::Break);

    let mut shares = Group::new("slice-labels");
    shares.font_size = Some(g.slices.first().and_then(|s| s.label.as_ref()).map_or(17.0, |l| l.block.font_size));
    for s in &g.slices {
        if let Some(label) = &s.label {
            shares
                .children
                .extend(label.item(&colours.section_text, Vec::new()));
        }
    }
    if !shares.children.is_empty() {
        items.push(Item::Group(shares));
        items.push(Item::Break);
    }

    if let Some(t) = &g.title {
        let mut title = Group::new("title");
        title.font_size = Some(t.block.font_size);
        title.children.extend(t.item(&colours.title, title_roles(p)));
        items.push(Item::Group(title));
        items.push(Item::Break);
    }

    let mut legend = Group::new("legend");
    legend.font_size = g.legend.first().map(|r| r.text.block.font_size);
    for (k, row) in g.legend.iter().enumerate() {
        let mut entry = Group::new("legend-entry");
        entry.id = Some(format!("legend-{k}"));
        let fill = &colours.slices[row.colour];
        entry.children.push(Item::Element(
            Element::new(Tag::Rect)
                .num("x", row.swatch.x)
                .num("y", row.swatch.y)
                .num("width", row.swatch.width)
                .num("height", row.swatch.height)
                .text("fill", fill)
                .text("stroke", fill),
        ));
        entry
            .children
            .extend(row.text.item(&colours.legend_text, title_roles(p)));
        legend.children.push(Item::Group(entry));
        legend.children.push(Item::Break);
    }
    if !legend.children.is_empty() {
        items.push(Item::Group(legend));
    }

    let mut scene = Scene::new(
        config,
        ("pie", &ROLES),
        theme.clone(),
        (g.width, g.height),
        17.0,
    );
    scene.title = d.acc.title.clone().or_else(|| d.title.clone());
    scene.description = d.acc.description.clone();
    scene.items = items;
    scene
}

/// The hooks of a text in the title colour: the `auto` theme may repaint
/// it, unless the user chose its colour.
fn title_roles(p: &crate::theme::Palette) -> Vec<Role> {
    if p.pie.title == p.title_text {
        vec![Role::TitleText]
    } else {
        Vec::new()
    }
}
