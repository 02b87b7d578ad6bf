//! A laid-out flowchart as a [`Scene`]: frames, edges, titles, edge
//! labels and nodes, in that painting order, with the colours of the theme
//! and of `classDef`/`style`/`linkStyle`. The one SVG writer
//! ([`crate::scene::svg`]) spells it.


use super::shape::shape_paths;
use super::shape::{asset_size, ASSET_GAP};
use crate::layered::geometry::Point;
use crate::layout::{EdgeLayout, Layout, NodeLayout};
use crate::diagram::flowchart::model::{Edge, Flowchart, Marker, Node, Shape, Stroke};
use crate::diagram::style::{ClassDefs, Prop, Style};
use crate::sanitize::safe_image_data;
use crate::scene::svg::num;
use crate::scene::{Element, Group, Item, Link, MarkerKind, Scene, Tag, Text};
use crate::text::TextBlock;
use crate::theme::{Role, Theme};

/// Writes `layout` of `chart` as an SVG document.
pub(crate) fn render(chart: &Flowchart, layout: &Layout) -> String {
    crate::scene::svg::write(&scene(chart, layout))
}

/// The scene of `layout` of `chart`.
pub(crate) fn scene(chart: &Flowchart, layout: &Layout) -> Scene {
    let theme = Theme::from_config(&chart.config);
    let p = &theme.palette;
    let defs = class_defs(chart);
    let font_size = layout.nodes.first().map_or(16.0, |n| n.label.font_size);
    let mut items = Vec::with_capacity(16 + layout.nodes.len() * 2);
    if let Some((block, centre)) = &layout.title {
        let mut g = Group::new("title");
        g.font_size = Some(block.font_size);
        g.children.extend(text(
            block,
            centre.x,
            centre.y - block.line_height() / 2.0,
            &p.title_text,
            &Style::default(),
            vec![Role::TitleText],
        ));
        items.push(Item::Group(g));
        items.push(Item::Break);
    }
    // Frames, outer before inner.
    let mut clusters = Group::new("clusters");
    clusters.children.push(Item::Break);
    let mut order: Vec<usize> = (0..layout.clusters.len()).collect();
    order.sort_by_key(|&c| depth(chart, c));
    for c in order {
        let cl = &layout.clusters[c];
        let sg = &chart.subgraphs[c];
        let style = Style::resolve(&defs, &sg.classes, &sg.styles, true);
        let r = cl.rect;
        let frame = Element::new(Tag::Rect)
            .num("x", r.x)
            .num("y", r.y)
            .num("width", r.width)
            .num("height", r.height)
            .text("rx", "3")
            .text("fill", style.fill.as_deref().unwrap_or(&p.cluster_fill))
            .text(
                "stroke",
                style.stroke.as_deref().unwrap_or(&p.cluster_stroke),
            )
            .text("stroke-width", style.stroke_width.as_deref().unwrap_or("1"));
        let frame = style.extra(frame).hooks(style.unset(&[
            (Prop::Fill, Role::ClusterFill),
            (Prop::Stroke, Role::ClusterStroke),
        ]));
        let mut g = Group::new("cluster");
        g.id = Some(format!("cluster-{}", sg.id));
        g.children = vec![Item::Element(frame), Item::Break];
        clusters.children.push(Item::Group(g));
        clusters.children.push(Item::Break);
    }
    items.push(Item::Group(clusters));
    items.push(Item::Break);

    let mut edges = Group::new("edges");
    edges.children.push(Item::Break);
    for (i, e) in layout.edges.iter().enumerate() {
        if let Some(g) = edge(&chart.edges[i], e, &theme, &defs) {
            edges.children.push(Item::Group(g));
            edges.children.push(Item::Break);
        }
    }
    items.push(Item::Group(edges));
    items.push(Item::Break);

    // Titles after edges, with a halo of the frame's fill, so an edge
    // entering through the title never runs through its letters.
    let mut titles = Group::new("cluster-titles");
    titles.children.push(Item::Break);
    for (c, cl) in layout.clusters.iter().enumerate() {
        let sg = &chart.subgraphs[c];
        let style = Style::resolve(&defs, &sg.classes, &sg.styles, true);
        let halo = style.fill.as_deref().unwrap_or(&p.cluster_fill);
        let top = cl.title_center.y - cl.title.line_height() / 2.0;
        let mut text_style = style.clone();
        text_style.halo = Some(halo.to_string());
        let hooks = style.unset(&[
            (Prop::Color, Role::ClusterTitle),
            (Prop::Fill, Role::ClusterHalo),
        ]);
        if let Some(t) = text(
            &cl.title,
            cl.title_center.x,
            top,
            style.color.as_deref().unwrap_or(&p.cluster_title),
            &text_style,
            hooks,
        ) {
            titles.children.push(t);
            titles.children.push(Item::Break);
        }
    }
    items.push(Item::Group(titles));
    items.push(Item::Break);

    let mut labels = Group::new("edge-labels");
    labels.children.push(Item::Break);
    for (i, e) in layout.edges.iter().enumerate() {
        if let (Some(label), Some(r)) = (&e.label, e.label_box) {
            let style =
                Style::resolve(&defs, &chart.edges[i].classes, &chart.edges[i].styles, false);
            // Mermaid paints the label box in `edgeLabelBackground` as it
            // is; the default theme's has an alpha of 0.8 built in.
            let back = Element::new(Tag::Rect)
                .num("x", r.x)
                .num("y", r.y)
                .num("width", r.width)
                .num("height", r.height)
                .text("fill", &p.edge_label_fill)
                .hooks(vec![Role::EdgeLabelFill]);
            let c = r.center();
            let mut g = Group::new("edge-label");
            g.children = vec![Item::Element(back), Item::Break];
            g.children.extend(text(
                label,
                c.x,
                c.y - label.height / 2.0,
                style.color.as_deref().unwrap_or(&p.edge_text),
                &style,
                style.unset(&[(Prop::Color, Role::EdgeText)]),
            ));
            labels.children.push(Item::Group(g));
            labels.children.push(Item::Break);
        }
    }
    items.push(Item::Group(labels));
    items.push(Item::Break);

    let mut nodes = Group::new("nodes");
    nodes.children.push(Item::Break);
    for (i, n) in layout.nodes.iter().enumerate() {
        nodes
            .children
            .push(Item::Group(node(&chart.nodes[i], n, &theme, &defs)));
        nodes.children.push(Item::Break);
    }
    items.push(Item::Group(nodes));
    items.push(Item::Break);

    let mut scene = Scene::new(
        &chart.config,
        ("flowchart", &Role::FLOWCHART),
        theme,
        (layout.width, layout.height),
        font_size,
    );
    scene.title = chart.acc_title.clone().or_else(|| chart.title.clone());
    scene.description = chart.acc_descr.clone();
    scene.items = items;
    scene
}

/// One node: its outline (or picture) and label, maybe as a link.
fn node(node: &Node, n: &NodeLayout, theme: &Theme, defs: &ClassDefs) -> Group {
    let p = &theme.palette;
    let style = Style::resolve(defs, &node.classes, &node.styles, true);
    let mut g = Group::new("node");
    g.id = Some(format!("node-{}", n.id));
    if let Some(c) = &node.click {
        if let crate::diagram::flowchart::model::ClickAction::Href { url, target } = &c.action {
            if crate::sanitize::safe_url(url).is_some() {
                g.link = Some(Link {
                    href: url.clone(),
                    target: target.clone(),
                });
                g.tooltip = c.tooltip.clone();
            }
        }
    }
    if matches!(n.shape, Shape::Icon | Shape::Image) {
        g.children = asset_node(node, n, &style, theme);
        return g;
    }
    let paths = shape_paths(n.shape, &n.rect);
    let filled = matches!(n.shape, Shape::FilledCircle | Shape::Fork);
    let (fill, fill_role) = if filled {
        (
            style.fill.clone().unwrap_or_else(|| p.line.clone()),
            Some(Role::LineFill),
        )
    } else if n.shape == Shape::Text {
        (style.fill.clone().unwrap_or_else(|| "none".into()), None)
    } else {
        (
            style.fill.clone().unwrap_or_else(|| p.node_fill.clone()),
            Some(Role::NodeFill),
        )
    };
    let (stroke, stroke_role) = if n.shape == Shape::Text {
        (style.stroke.clone().unwrap_or_else(|| "none".into()), None)
    } else {
        (
            style
                .stroke
                .clone()
                .unwrap_or_else(|| p.node_stroke.clone()),
            Some(Role::NodeStroke),
        )
    };
    // Theme hooks for the properties no user style set.
    let mut themed = Vec::new();
    if let Some(r) = fill_role {
        themed.push((Prop::Fill, r));
    }
    if let Some(r) = stroke_role {
        themed.push((Prop::Stroke, r));
    }
    let shape_hooks = style.unset(&themed);
    let detail_hooks = stroke_role
        .map(|r| style.unset(&[(Prop::Stroke, r)]))
        .unwrap_or_default();
    let sw = style.stroke_width.as_deref().unwrap_or("1");
    let body = |d: &str| {
        let e = Element::new(Tag::Path)
            .text("d", d)
            .text("fill", &fill)
            .text("stroke", &stroke)
            .text("stroke-width", sw);
        Item::Element(style.extra(e).hooks(shape_hooks.clone()))
    };
    if !paths.outline.is_empty() {
        g.children.push(body(&paths.outline));
    }
    if let Some(d) = &paths.front {
        g.children.push(body(d));
    }
    if let Some(d) = paths.detail {
        g.children.push(Item::Element(
            Element::new(Tag::Path)
                .text("d", d)
                .text("fill", "none")
                .text("stroke", &stroke)
                .text("stroke-width", sw)
                .hooks(detail_hooks),
        ));
    }
    let c = n.rect.center();
    g.children.extend(text(
        &n.label,
        c.x,
        c.y - n.label.height / 2.0,
        style.color.as_deref().unwrap_or(&p.node_text),
        &style,
        style.unset(&[(Prop::Color, Role::NodeText)]),
    ));
    g
}

/// An `icon` or `image` node: the picture on top (below with `pos: t`),
/// the label under it. Only `data:` images are drawn; anything else is
/// never fetched and shows a placeholder frame.
fn asset_node(node: &Node, n: &NodeLayout, style: &Style, theme: &Theme) -> Vec<Item> {
    let (aw, ah) = asset_size(n.shape, node.asset_size);
    let r = n.rect;
    let ax = r.x + (r.width - aw) / 2.0;
    let (ay, label_top) = if node.label_on_top {
        (r.bottom() - ah, r.y)
    } else {
        (r.y, r.y + ah + ASSET_GAP)
    };
    let p = &theme.palette;
    let fill = style.fill.as_deref().unwrap_or(&p.node_fill);
    let stroke = style.stroke.as_deref().unwrap_or(&p.node_stroke);
    let shape_hooks = style.unset(&[
        (Prop::Fill, Role::NodeFill),
        (Prop::Stroke, Role::NodeStroke),
    ]);
    let sw = style.stroke_width.as_deref().unwrap_or("1");
    let data = node.image.as_deref().filter(|u| safe_image_data(u));
    let mut items = Vec::new();
    match (n.shape, data) {
        (Shape::Image, Some(uri)) => {
            items.push(Item::Element(
                Element::new(Tag::Image)
                    .text("href", uri)
                    .num("x", ax)
                    .num("y", ay)
                    .num("width", aw)
                    .num("height", ah)
                    .text("preserveAspectRatio", "xMidYMid meet"),
            ));
        }
        _ => {
            let rx = if n.shape == Shape::Icon { "6" } else { "0" };
            let frame = Element::new(Tag::Rect)
                .num("x", ax)
                .num("y", ay)
                .num("width", aw)
                .num("height", ah)
                .text("rx", rx)
                .text("fill", fill)
                .text("stroke", stroke)
                .text("stroke-width", sw);
            items.push(Item::Element(style.extra(frame).hooks(shape_hooks)));
            if n.shape == Shape::Image {
                // The usual "picture missing" cross.
                let d = format!(
                    "M{},{} L{},{} M{},{} L{},{}",
                    num(ax),
                    num(ay),
                    num(ax + aw),
                    num(ay + ah),
                    num(ax + aw),
                    num(ay),
                    num(ax),
                    num(ay + ah),
                );
                items.push(Item::Element(
                    Element::new(Tag::Path)
                        .text("d", d)
                        .text("stroke", stroke)
                        .text("stroke-width", "1")
                        .text("stroke-opacity", "0.5")
                        .hooks(style.unset(&[(Prop::Stroke, Role::NodeStroke)])),
                ));
            }
        }
    }
    items.extend(text(
        &n.label,
        r.x + r.width / 2.0,
        label_top,
        style.color.as_deref().unwrap_or(&p.node_text),
        style,
        style.unset(&[(Prop::Color, Role::NodeText)]),
    ));
    items
}

fn depth(chart: &Flowchart, c: usize) -> usize {
    let mut d = 0;
    let mut p = chart.subgraphs[c].parent;
    while let Some(i) = p {
        d += 1;
        if d > chart.subgraphs.len() {
            break;
        }
        p = chart.subgraphs[i].parent;
    }
    d
}

/// A label centred on `cx`, its first line box starting at `top`, in
/// `color` with the font settings and halo of `style`; `hooks` are the
/// theme roles it shows. Nothing for an empty label.
fn text(
    block: &TextBlock,
    cx: f32,
    top: f32,
    color: &str,
    style: &Style,
    hooks: Vec<Role>,
) -> Option<Item> {
    let mut t = Text::centred(block, cx, top, color)?;
    t.hooks = hooks;
    t.font_weight = style.font_weight.clone();
    t.font_style = style.font_style.clone();
    t.halo = style.halo.clone();
    Some(Item::Text(t))
}

/// An edge: its curve and end markers; nothing for an invisible one.
fn edge(model: &Edge, e: &EdgeLayout, theme: &Theme, defs: &ClassDefs) -> Option<Group> {
    if model.stroke == Stroke::Invisible || e.path.is_empty() {
        return None;
    }
    let style = Style::resolve(defs, &model.classes, &model.styles, false);
    let color = style
        .stroke
        .clone()
        .unwrap_or_else(|| theme.palette.line.clone());
    // Lines and markers follow the theme unless `linkStyle` set a stroke.
    let themed = style.stroke.is_none();
    let width = style
        .stroke_width
        .clone()
        .unwrap_or_else(|| match model.stroke {
            Stroke::Thick => "3.5".into(),
            _ => "2".into(),
        });
    let mut d = format!("M{},{}", num(e.path[0][0].x), num(e.path[0][0].y));
    for c in &e.path {
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
    let dash = match (&style.dasharray, model.stroke) {
        (Some(d), _) => Some(d.as_str()),
        (None, Stroke::Dotted) => Some("3 3"),
        _ => None,
    };
    let line = Element::new(Tag::Path)
        .text("d", d)
        .text("fill", "none")
        .text("stroke", &color)
        .text("stroke-width", width)
        .maybe("stroke-dasharray", dash)
        .maybe("opacity", style.opacity.as_deref())
        .hooks(if themed {
            vec![Role::LineStroke]
        } else {
            Vec::new()
        });
    let mut g = Group::new("edge");
    g.children.push(Item::Element(line));
    let ends = [
        (model.end, e.points.last(), back_point(&e.points, true)),
        (model.start, e.points.first(), back_point(&e.points, false)),
    ];
    for (kind, tip, back) in ends {
        let kind = match kind {
            Marker::None => continue,
            Marker::Arrow => MarkerKind::Arrow,
            Marker::Circle => MarkerKind::Circle,
            Marker::Cross => MarkerKind::Cross,
        };
        if let (Some(tip), Some(back)) = (tip, back) {
            let role = if kind == MarkerKind::Cross {
                Role::LineStroke
            } else {
                Role::LineFill
            };
            g.children.push(Item::Marker(crate::scene::Marker {
                kind,
                tip: *tip,
                back,
                colour: color.clone(),
                hooks: if themed { vec![role] } else { Vec::new() },
            }));
        }
    }
    Some(g)
}

/// A point about one arrowhead back along the path from its end (or start).
fn back_point(points: &[Point], at_end: bool) -> Option<Point> {
    let tip = if at_end {
        points.last()?
    } else {
        points.first()?
    };
    let iter: Box<dyn Iterator<Item = &Point>> = if at_end {
        Box::new(points.iter().rev().skip(1))
    } else {
        Box::new(points.iter().skip(1))
    };
    let mut last = None;
    for p in iter {
        last = Some(*p);
        if (p.x - tip.x).hypot(p.y - tip.y) >= 8.0 {
            break;
        }
    }
    last
}

/// The class definitions by name, the last one of each name winning (as
/// [`Flowchart::class_def`]), looked up in O(1): a scan per element made
/// many classes times many nodes quadratic.
fn class_defs(chart: &Flowchart) -> ClassDefs<'_> {
    chart
        .class_defs
        .iter()
        .map(|d| (d.name.as_str(), d))
        .collect()
}

