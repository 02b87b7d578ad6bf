//! A laid-out class diagram as a [`Scene`], in Mermaid's class diagram
//! colours (the theme's node, line, cluster and note variables): namespace
//! frames, then relation lines with their ends (hollow triangle, filled or
//! hollow diamond, arrowhead, lollipop circle; dashed for `..`), the class
//! boxes with their compartments, notes, then the labels on top. The one
//! SVG writer spells it.

use super::layout::{point_along, Geometry, EdgePath, NOTE_PAD, PAD_X};
use super::model::{ClassDiagram, Classifier, EndKind};
use crate::config::Config;
use crate::diagram::style::StyleDecl;
use crate::sanitize::css_value;
use crate::scene::svg::num;
use crate::scene::{Anchor, Element, Group, Item, Link, Marker, MarkerKind, Scene, Tag, Text};
use crate::text::TextBlock;
use crate::theme::{Role, Theme};

/// The roles a class diagram paints, in the order its `auto` stylesheet
/// lists them.
const ROLES: [Role; 15] = [
    Role::NodeFill,
    Role::NodeStroke,
    Role::NodeText,
    Role::LineStroke,
    Role::LineFill,
    Role::ClusterFill,
    Role::ClusterStroke,
    Role::ClusterTitle,
    Role::EdgeLabelFill,
    Role::EdgeText,
    Role::TitleText,
    Role::NoteFill,
    Role::NoteStroke,
    Role::NoteText,
    Role::ClusterHalo,
];

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
    /// `classDef default`, then the class's style classes, then its own
    /// `style` declarations; later ones win.
    fn of(d: &ClassDiagram, classes: &[String], own: &[StyleDecl]) -> Style {
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
pub(crate) fn scene(d: &ClassDiagram, g: &Geometry, config: &Config) -> Scene {
    let theme = Theme::from_config(config);
    let p = &theme.palette;
    let n = &p.sequence;
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
        grp.children.extend(centred(&t.text, t.rect, &p.title_text, vec![Role::TitleText]));
        push(&mut items, grp);
    }

    // Frames, outer before inner.
    let mut frames = Group::new("clusters");
    let depth = |mut k: usize| {
        let mut depth = 0;
        while let Some(parent) = d.namespaces[k].parent {
            depth += 1;
            k = parent;
        }
        depth
    };
    let mut order: Vec<usize> = (0..g.frames.len()).collect();
    order.sort_by_key(|&k| depth(k));
    for k in order {
        let f = &g.frames[k];
        let mut grp = Group::new("cluster");
        grp.id = Some(format!("namespace-{k}"));
        grp.children.push(Item::Element(
            rect(f.rect)
                .text("rx", "3")
                .text("fill", &p.cluster_fill)
                .text("stroke", &p.cluster_stroke)
                .text("stroke-width", "1")
                .hooks(vec![Role::ClusterFill, Role::ClusterStroke]),
        ));
        if let Some(tb) = f.title_box {
            grp.children
                .extend(centred(&f.title, tb, &p.cluster_title, vec![Role::ClusterTitle]));
        }
        frames.children.push(Item::Group(grp));
        frames.children.push(Item::Break);
    }
    push(&mut items, frames);

    // Lines with their ends.
    let mut lines = Group::new("relations");
    for (k, (rel, geo)) in d.relations.iter().zip(&g.relations).enumerate() {
        if geo.line.points.len() < 2 {
            continue;
        }
        let mut grp = Group::new("relation");
        grp.id = Some(format!("relation-{k}"));
        grp.children
            .push(Item::Element(line(&geo.line, &p.line, rel.dashed)));
        for (kind, at_end) in [(rel.from_end, false), (rel.to_end, true)] {
            if let Some(m) = marker(kind, &geo.line, at_end, &p.line) {
                grp.children.push(Item::Marker(m));
            }
        }
        lines.children.push(Item::Group(grp));
        lines.children.push(Item::Break);
    }
    for (k, l) in g.note_links.iter().enumerate() {
        if let Some(l) = l.as_ref().filter(|l| l.points.len() >= 2) {
            let mut grp = Group::new("note-link");
            grp.id = Some(format!("note-link-{k}"));
            grp.children.push(Item::Element(line(l, &p.line, true)));
            lines.children.push(Item::Group(grp));
            lines.children.push(Item::Break);
        }
    }
    push(&mut items, lines);

    // Class boxes.
    let mut boxes = Group::new("classes");
    for (k, (class, b)) in d.classes.iter().zip(&g.classes).enumerate() {
        let style = Style::of(d, &class.css_classes, &class.styles);
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
        let text_hooks = if style.color.is_none() {
            vec![Role::NodeText]
        } else {
            Vec::new()
        };
        if class.interface {
            let mut grp = Group::new("interface");
            grp.id = Some(format!("class-{k}"));
            grp.children.extend(
                Text::centred(&b.title, b.rect.x + b.rect.width / 2.0, b.title_top, colour)
                    .map(|t| Item::Text(with_hooks(t, &text_hooks))),
            );
            boxes.children.push(Item::Group(grp));
            boxes.children.push(Item::Break);
            continue;
        }
        let mut grp = Group::new("class");
        grp.id = Some(format!("class-{k}"));
        grp.link = class.link.as_ref().map(|l| Link {
            href: l.href.clone(),
            target: l.target.clone(),
        });
        grp.tooltip = class.tooltip.clone();
        grp.children.push(Item::Element(
            rect(b.rect)
                .text("fill", fill)
                .text("stroke", stroke)
                .text("stroke-width", width)
                .maybe("stroke-dasharray", style.dasharray.as_deref())
                .hooks(hooks),
        ));
        for y in [b.attributes_top, b.methods_top]
            .into_iter()
            .filter(|y| *y < b.rect.bottom() - 0.5)
        {
            grp.children.push(Item::Element(
                Element::new(Tag::Path)
                    .text(
                        "d",
                        format!("M{},{} H{}", num(b.rect.x), num(y), num(b.rect.right())),
                    )
                    .text("stroke", stroke)
                    .text("stroke-width", width)
                    .hooks(if style.stroke.is_none() {
                        vec![Role::NodeStroke]
                    } else {
                        Vec::new()
                    }),
            ));
        }
        let cx = b.rect.x + b.rect.width / 2.0;
        let mut y = b.title_top;
        for a in &b.annotations {
            grp.children.extend(
                Text::centred(a, cx, y, colour).map(|t| Item::Text(with_hooks(t, &text_hooks))),
            );
            y += a.height;
        }
        grp.children.extend(
            Text::centred(&b.title, cx, y, colour)
                .map(|t| Item::Text(with_hooks(t, &text_hooks))),
        );
        let left = b.rect.x + PAD_X;
        let members = class
            .attributes
            .iter()
            .zip(&b.attributes)
            .chain(class.methods.iter().zip(&b.methods));
        for (m, (block, top)) in members {
            if block.is_empty() {
                continue;
            }
            let t = Text::block(block, left, *top, Anchor::Start, colour);
            if m.classifier == Some(Classifier::Static) {
                for (line, l) in t.lines.iter().zip(&block.lines) {
                    let uy = line.y + block.font_size * 0.15;
                    grp.children.push(Item::Element(
                        Element::new(Tag::Path)
                            .text(
                                "d",
                                format!("M{},{} H{}", num(left), num(uy), num(left + l.width)),
                            )
                            .text("stroke", colour)
                            .text("stroke-width", "1"),
                    ));
                }
            }
            grp.children.push(Item::Text(with_hooks(t, &text_hooks)));
        }
        boxes.children.push(Item::Group(grp));
        boxes.children.push(Item::Break);
    }
    push(&mut items, boxes);

    let mut notes = Group::new("notes");
    for (k, nb) in g.notes.iter().enumerate() {
        let mut grp = Group::new("note");
        grp.id = Some(format!("note-{k}"));
        grp.children.push(Item::Element(
            rect(nb.rect)
                .text("fill", &n.note_fill)
                .text("stroke", &n.note_stroke)
                .text("stroke-width", "1")
                .hooks(vec![Role::NoteFill, Role::NoteStroke]),
        ));
        let top = nb.rect.y + (nb.rect.height - nb.text.height) / 2.0;
        // Left-aligned, as Mermaid sets note text.
        if !nb.text.is_empty() {
            let t = Text::block(
                &nb.text,
                nb.rect.x + NOTE_PAD.0,
                top,
                Anchor::Start,
                &n.note_text,
            );
            grp.children
                .push(Item::Text(with_hooks(t, &[Role::NoteText])));
        }
        notes.children.push(Item::Group(grp));
        notes.children.push(Item::Break);
    }
    push(&mut items, notes);

    let mut labels = Group::new("relation-labels");
    for geo in &g.relations {
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
        for l in [&geo.from_label, &geo.to_label].into_iter().flatten() {
            labels
                .children
                .extend(centred(&l.text, l.rect, &p.edge_text, vec![Role::EdgeText]));
        }
    }
    push(&mut items, labels);

    let font_size = config
        .font_size
        .filter(|s| *s > 1.0 && *s < 200.0)
        .unwrap_or(16.0);
    let mut scene = Scene::new(
        config,
        ("classDiagram", &ROLES),
        theme.clone(),
        (g.width, g.height),
        font_size,
    );
    scene.title = d.acc_title.clone().or_else(|| d.title.clone());
    scene.description = d.acc_descr.clone();
    scene.items = items;
    scene
}

/// `t` showing the colours of `roles`.
fn with_hooks(mut t: Text, roles: &[Role]) -> Text {
    t.hooks = roles.to_vec();
    t
}

/// `block` centred in `r`, as an item (none when empty).
fn centred(block: &TextBlock, r: crate::layered::Rect, fill: &str, roles: Vec<Role>) -> Option<Item> {
    let top = r.y + (r.height - block.height) / 2.0;
    Text::centred(block, r.x + r.width / 2.0, top, fill).map(|mut t| {
        t.hooks = roles;
        Item::Text(t)
    })
}

/// A `<rect>` over `r`.
fn rect(r: crate::layered::Rect) -> Element {
    Element::new(Tag::Rect)
        .num("x", r.x)
        .num("y", r.y)
        .num("width", r.width)
        .num("height", r.height)
}

/// A relation or note line (dashed for `..`).
fn line(l: &EdgePath, colour: &str, dashed: bool) -> Element {
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
        e.text("stroke-dasharray", "3")
    } else {
        e
    };
    e.hooks(vec![Role::LineStroke])
}

/// The marker of `kind` at the start (or `at_end`, the end) of `points`.
fn marker(kind: EndKind, line: &EdgePath, at_end: bool, colour: &str) -> Option<Marker> {
    let points = &line.points;
    let kind = match kind {
        EndKind::None => return None,
        EndKind::Extension => MarkerKind::Triangle,
        EndKind::Composition => MarkerKind::Diamond,
        EndKind::Aggregation => MarkerKind::HollowDiamond,
        EndKind::Dependency => MarkerKind::Arrow,
        EndKind::Lollipop => MarkerKind::Lollipop,
    };
    let tip = if at_end { *points.last()? } else { *points.first()? };
    // The curve's own tangent at the tip: its nearest control point that
    // differs from the tip, else a point back along the polyline.
    let control = if at_end {
        line.path.last().map(|c| [c[2], c[1], c[0]])
    } else {
        line.path.first().map(|c| [c[1], c[2], c[3]])
    };
    let back = control
        .and_then(|cs| {
            cs.into_iter()
                .find(|c| (c.x - tip.x).hypot(c.y - tip.y) > 0.5)
        })
        .unwrap_or_else(|| point_along(points, at_end, 10.0));
    let fill = matches!(kind, MarkerKind::Arrow | MarkerKind::Diamond);
    Some(Marker {
        kind,
        tip,
        back,
        colour: colour.to_string(),
        hooks: if fill {
            vec![Role::LineFill]
        } else {
            vec![Role::LineStroke]
        },
    })
}
