//! A laid-out ER diagram as a [`Scene`], in the theme's node and line
//! colours: relationship lines (dashed when not identifying) with their
//! crow's-foot marks drawn at each entity's border, the entity boxes with
//! a name header and an attribute table in the theme's alternating row
//! fills (`attributeBackgroundColorOdd` / `Even`), then
//! the relationship labels on a background. The one SVG writer spells it.

use super::layout::{point_along, EntityBox, Geometry, RelationshipGeo, CELL_PAD_X};
use super::model::{Cardinality, ErDiagram};
use crate::config::Config;
use crate::diagram::style::StyleDecl;
use crate::layered::{Point, Rect};
use crate::sanitize::css_value;
use crate::scene::svg::num;
use crate::scene::{Anchor, Element, Group, Item, Scene, Tag, Text};
use crate::text::TextBlock;
use crate::theme::{Role, Theme};

/// The roles an ER diagram paints, in the order its `auto` stylesheet
/// lists them.
const ROLES: [Role; 10] = [
    Role::NodeFill,
    Role::NodeStroke,
    Role::NodeText,
    Role::LineStroke,
    Role::LineFill,
    Role::EdgeLabelFill,
    Role::EdgeText,
    Role::TitleText,
    Role::RowOdd,
    Role::RowEven,
];

/// Half the width of a bar or a crow's foot across the line.
const HALF: f32 = 8.0;
/// How far along the line a crow's foot reaches from the border.
const FOOT: f32 = 16.0;
/// Radius of the "zero" circle.
const RADIUS: f32 = 5.0;

/// Presentation settings from `classDef`s and `style`s, whitelisted.
#[derive(Debug, Default, Clone)]
struct Style {
    fill: Option<String>,
    stroke: Option<String>,
    stroke_width: Option<String>,
    dasharray: Option<String>,
    color: Option<String>,
}

impl Style {
    /// `classDef default`, then the entity's style classes, then its own
    /// `style` declarations; later ones win.
    fn of(d: &ErDiagram, classes: &[String], own: &[StyleDecl]) -> Style {
        let mut s = Style::default();
        let apply_class = |name: &str, s: &mut Style| {
            for (n, decls) in &d.class_defs {
                if n == name {
                    s.apply(decls);
                }
            }
        };
        apply_class("default", &mut s);
        for c in classes {
            apply_class(c, &mut s);
        }
        s.apply(own);
        s
    }

    fn apply(&mut self, decls: &[StyleDecl]) {
        for decl in decls {
            let Some(v) = css_value(&decl.value) else {
                continue;
            };
            let slot = match decl.property.as_str() {
                "fill" | "background" | "background-color" => &mut self.fill,
                "stroke" | "border-color" => &mut self.stroke,
                "stroke-width" => &mut self.stroke_width,
                "stroke-dasharray" => &mut self.dasharray,
                "color" => &mut self.color,
                _ => continue,
            };
            *slot = Some(v.trim_end_matches("px").to_string());
        }
    }
}

/// The scene of `g`, the layout of `d`, in `config`'s theme. Every item
/// lies within the geometry's width and height; group ids are numbered by
/// model index, so they are unique.
pub(crate) fn scene(d: &ErDiagram, g: &Geometry, config: &Config) -> Scene {
    let theme = Theme::from_config(config);
    let p = &theme.palette;
    let mut items: Vec<Item> = Vec::new();
    let push = |items: &mut Vec<Item>, grp: Group| {
        if !grp.children.is_empty() {
            items.push(Item::Group(grp));
            items.push(Item::Break);
        }
    };

    if let Some(t) = &g.title {
        let mut grp = Group::new("title");
        grp.font_size = Some(t.text.font_size);
        grp.children.extend(centred(
            &t.text,
            t.rect,
            &p.title_text,
            vec![Role::TitleText],
        ));
        push(&mut items, grp);
    }

    let mut lines = Group::new("relationships");
    for (k, (rel, geo)) in d.relationships.iter().zip(&g.relationships).enumerate() {
        if geo.points.len() < 2 {
            continue;
        }
        let mut grp = Group::new("relationship");
        grp.id = Some(format!("relationship-{k}"));
        grp.children
            .push(Item::Element(line(geo, &p.line, !rel.identifying)));
        for (card, at_end) in [(rel.from_card, false), (rel.to_card, true)] {
            grp.children
                .extend(marks(card, geo, at_end, &p.line, &p.node_fill));
        }
        lines.children.push(Item::Group(grp));
        lines.children.push(Item::Break);
    }
    push(&mut items, lines);

    let mut boxes = Group::new("entities");
    for (k, (entity, b)) in d.entities.iter().zip(&g.entities).enumerate() {
        let style = Style::of(d, &entity.css_classes, &entity.styles);
        let mut grp = Group::new("entity");
        grp.id = Some(format!("entity-{k}"));
        grp.children.extend(entity_items(b, &style, p));
        boxes.children.push(Item::Group(grp));
        boxes.children.push(Item::Break);
    }
    push(&mut items, boxes);

    let mut labels = Group::new("relationship-labels");
    for geo in &g.relationships {
        if let Some(l) = &geo.label {
            labels.children.push(Item::Element(
                rect(l.rect)
                    .text("fill", &p.edge_label_fill)
                    .hooks(vec![Role::EdgeLabelFill]),
            ));
            labels
                .children
                .extend(centred(&l.text, l.rect, &p.edge_text, vec![Role::EdgeText]));
        }
    }
    push(&mut items, labels);

    let font_size = g
        .entities
        .first()
        .map(|e| e.title.font_size)
        .unwrap_or_else(|| {
            config
                .font_size
                .filter(|s| *s > 1.0 && *s < 200.0)
                .unwrap_or(16.0)
        });
    let mut scene = Scene::new(
        config,
        ("erDiagram", &ROLES),
        theme.clone(),
        (g.width, g.height),
        font_size,
    );
    scene.title = d.acc_title.clone().or_else(|| d.title.clone());
    scene.description = d.acc_descr.clone();
    scene.items = items;
    scene
}

/// An entity box: its outline and fill, the header's name, the table's
/// rows (every second one shaded), column dividers and cell texts.
fn entity_items(b: &EntityBox, style: &Style, p: &crate::theme::Palette) -> Vec<Item> {
    let fill = style.fill.as_deref().unwrap_or(&p.node_fill);
    let stroke = style.stroke.as_deref().unwrap_or(&p.node_stroke);
    let width = style.stroke_width.as_deref().unwrap_or("1");
    let colour = style.color.as_deref().unwrap_or(&p.node_text);
    let mut hooks = Vec::new();
    if style.fill.is_none() {
        hooks.push(Role::NodeFill);
    }
    if style.stroke.is_none() {
        hooks.push(Role::NodeStroke);
    }
    let stroke_hooks = if style.stroke.is_none() {
        vec![Role::NodeStroke]
    } else {
        Vec::new()
    };
    let text_hooks = if style.color.is_none() {
        vec![Role::NodeText]
    } else {
        Vec::new()
    };
    let mut out = Vec::new();
    out.push(Item::Element(
        rect(b.rect)
            .text("fill", fill)
            .text("stroke", "none")
            .hooks(
                hooks
                    .iter()
                    .copied()
                    .filter(|r| *r == Role::NodeFill)
                    .collect(),
            ),
    ));
    // The rows in the theme's alternating attribute colours (white and
    // light grey in the light themes, as Mermaid paints them).
    for (k, row) in b.rows.iter().enumerate() {
        let (colour, role) = if k % 2 == 0 {
            (&p.er.row_odd, Role::RowOdd)
        } else {
            (&p.er.row_even, Role::RowEven)
        };
        out.push(Item::Element(
            rect(Rect {
                x: b.rect.x,
                y: row.top,
                width: b.rect.width,
                height: row.height,
            })
            .text("fill", colour)
            .hooks(vec![role]),
        ));
    }
    let path = |d: String| {
        Item::Element(
            Element::new(Tag::Path)
                .text("d", d)
                .text("fill", "none")
                .text("stroke", stroke)
                .text("stroke-width", width)
                .hooks(stroke_hooks.clone()),
        )
    };
    if !b.rows.is_empty() {
        let mut d = String::new();
        for row in &b.rows {
            d.push_str(&format!(
                "M{},{} H{} ",
                num(b.rect.x),
                num(row.top),
                num(b.rect.right())
            ));
        }
        let top = b.header_bottom;
        for x in b.column_x.iter().skip(1) {
            d.push_str(&format!(
                "M{},{} V{} ",
                num(*x),
                num(top),
                num(b.rect.bottom())
            ));
        }
        out.push(path(d.trim_end().to_string()));
    }
    out.push(Item::Element(
        rect(b.rect)
            .text("fill", "none")
            .text("stroke", stroke)
            .text("stroke-width", width)
            .maybe("stroke-dasharray", style.dasharray.as_deref())
            .hooks(stroke_hooks.clone()),
    ));
    let header = Rect {
        x: b.rect.x,
        y: b.rect.y,
        width: b.rect.width,
        height: b.header_bottom - b.rect.y,
    };
    out.extend(centred(&b.title, header, colour, text_hooks.clone()));
    for row in &b.rows {
        for (cell, x) in row.cells.iter().zip(&b.column_x) {
            if cell.is_empty() {
                continue;
            }
            let top = row.top + (row.height - cell.height) / 2.0;
            let mut t = Text::block(cell, x + CELL_PAD_X, top, Anchor::Start, colour);
            t.hooks = text_hooks.clone();
            out.push(Item::Text(t));
        }
    }
    out
}

/// `block` centred in `r`, as an item (none when empty).
fn centred(block: &TextBlock, r: Rect, fill: &str, roles: Vec<Role>) -> Option<Item> {
    let top = r.y + (r.height - block.height) / 2.0;
    Text::centred(block, r.x + r.width / 2.0, top, fill).map(|mut t| {
        t.hooks = roles;
        Item::Text(t)
    })
}

/// A `<rect>` over `r`.
fn rect(r: Rect) -> Element {
    Element::new(Tag::Rect)
        .num("x", r.x)
        .num("y", r.y)
        .num("width", r.width)
        .num("height", r.height)
}

/// A relationship line (dashed when not identifying).
fn line(l: &RelationshipGeo, colour: &str, dashed: bool) -> Element {
    let mut d = String::new();
    if let Some(first) = l.path.first() {
        d.push_str(&format!("M{},{}", num(first[0].x), num(first[0].y)));
        for c in &l.path {
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
    } else {
        for (k, p) in l.points.iter().enumerate() {
            let cmd = if k == 0 { "M" } else { " L" };
            d.push_str(&format!("{cmd}{},{}", num(p.x), num(p.y)));
        }
    }
    let e = Element::new(Tag::Path)
        .text("d", d)
        .text("fill", "none")
        .text("stroke", colour)
        .text("stroke-width", "1");
    let e = if dashed {
        e.text("stroke-dasharray", "8,8")
    } else {
        e
    };
    e.hooks(vec![Role::LineStroke])
}

/// The tip of the line at one end and the unit vector from it along the
/// line (away from the entity).
fn end_frame(l: &RelationshipGeo, at_end: bool) -> Option<(Point, Point)> {
    let points = &l.points;
    let tip = if at_end {
        *points.last()?
    } else {
        *points.first()?
    };
    let control = if at_end {
        l.path.last().map(|c| [c[2], c[1], c[0]])
    } else {
        l.path.first().map(|c| [c[1], c[2], c[3]])
    };
    let back = control
        .and_then(|cs| {
            cs.into_iter()
                .find(|c| (c.x - tip.x).hypot(c.y - tip.y) > 0.5)
        })
        .unwrap_or_else(|| point_along(points, at_end, 10.0));
    let (dx, dy) = (back.x - tip.x, back.y - tip.y);
    let len = dx.hypot(dy);
    if len < 1e-3 {
        return None;
    }
    Some((tip, Point::new(dx / len, dy / len)))
}

/// The crow's-foot marks of `card` at one end of the line: bars across
/// it, a circle on it, a three-pronged foot spreading to the border.
fn marks(
    card: Cardinality,
    l: &RelationshipGeo,
    at_end: bool,
    colour: &str,
    fill: &str,
) -> Vec<Item> {
    let Some((tip, u)) = end_frame(l, at_end) else {
        return Vec::new();
    };
    let n = Point::new(-u.y, u.x);
    // On a short line (a tight self-loop) both ends' marks shrink to fit
    // in its first and last third.
    let length: f32 = l
        .points
        .windows(2)
        .map(|w| (w[1].x - w[0].x).hypot(w[1].y - w[0].y))
        .sum();
    let scale = (length / 3.0 / (FOOT + 6.0 + RADIUS)).clamp(0.4, 1.0);
    let at = |along: f32, across: f32| {
        Point::new(
            tip.x + (u.x * along + n.x * across) * scale,
            tip.y + (u.y * along + n.y * across) * scale,
        )
    };
    let seg =
        |a: Point, b: Point| format!("M{},{} L{},{} ", num(a.x), num(a.y), num(b.x), num(b.y));
    let bar = |along: f32| seg(at(along, HALF), at(along, -HALF));
    let foot = || {
        let apex = at(FOOT, 0.0);
        seg(at(0.0, HALF + 1.0), apex) + &seg(tip, apex) + &seg(at(0.0, -HALF - 1.0), apex)
    };
    let (d, circle) = match card {
        Cardinality::ExactlyOne => (bar(8.0) + &bar(13.0), None),
        Cardinality::ZeroOrOne => (bar(8.0), Some(19.0)),
        Cardinality::OneOrMore => (foot() + &bar(FOOT + 4.0), None),
        Cardinality::ZeroOrMore => (foot(), Some(FOOT + 6.0)),
        Cardinality::MdParent => (String::new(), None),
    };
    let mut out = Vec::new();
    if !d.is_empty() {
        out.push(Item::Element(
            Element::new(Tag::Path)
                .text("d", d.trim_end().to_string())
                .text("fill", "none")
                .text("stroke", colour)
                .text("stroke-width", "1")
                .hooks(vec![Role::LineStroke]),
        ));
    }
    if let Some(along) = circle {
        let c = at(along, 0.0);
        out.push(Item::Element(
            Element::new(Tag::Circle)
                .num("cx", c.x)
                .num("cy", c.y)
                .num("r", RADIUS * scale)
                .text("fill", fill)
                .text("stroke", colour)
                .text("stroke-width", "1")
                .hooks(vec![Role::NodeFill, Role::LineStroke]),
        ));
    }
    out
}
