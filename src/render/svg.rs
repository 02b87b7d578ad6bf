//! The SVG emitter: a laid-out flowchart as a standalone SVG document.
//!
//! Pure SVG 1.1 with presentation attributes (no `<foreignObject>`, no
//! scripts), so every viewer draws it the same. CSS appears only where it
//! is asked for: the `auto` theme's dark-scheme rules (which repaint class
//! hooks; the attributes hold the light colours), `themeCSS` and the
//! caller's extra CSS, each in a `<style>` of its own. All text from the
//! diagram is escaped; style values pass a whitelist.

use std::collections::HashMap;
use std::fmt::Write;

use super::shapes::shape_paths;
use super::theme::{Role, Theme};
use crate::layout::geometry::{asset_size, Point, ASSET_GAP};
use crate::layout::{EdgeLayout, Layout, NodeLayout};
use crate::model::{ClassDef, Edge, Flowchart, Marker, Node, Shape, Stroke, StyleDecl};
use crate::text::{TextBlock, FONT_FAMILY_CSS};

/// Writes `layout` of `chart` as an SVG document.
pub fn render(chart: &Flowchart, layout: &Layout) -> String {
    let theme = Theme::from_config(&chart.config);
    let p = &theme.palette;
    let dark_scheme = theme.dark_scheme_css(chart.config.mdbook_themes == Some(true));
    let defs = class_defs(chart);
    let font_size = layout
        .nodes
        .first()
        .map_or(16.0, |n| n.label.font_size)
        .max(1.0);
    let mut out = String::with_capacity(4096 + layout.nodes.len() * 600);
    let (w, h) = (num(layout.width), num(layout.height));
    let title = chart.acc_title.as_deref().or(chart.title.as_deref());
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-roledescription=\"flowchart\" data-generator=\"{}\"",
        super::GENERATOR
    );
    // Inline in a page, the picture shrinks to its column (never grows past
    // its natural size, which `width` keeps); a standalone file keeps its
    // exact size.
    if chart.config.inline == Some(true) {
        out.push_str(" style=\"max-width:100%;height:auto\"");
    }
    // Ids inside the SVG start with the root's own id, when it has one.
    let prefix = match chart.config.svg_id.as_deref().filter(|id| !id.is_empty()) {
        Some(id) => {
            let _ = write!(out, " id=\"{}\"", escape(id));
            format!("{id}-")
        }
        None => String::new(),
    };
    if title.is_some() {
        let _ = write!(
            out,
            " aria-labelledby=\"{}\"",
            escape(&format!("{prefix}chart-title"))
        );
    }
    if chart.acc_descr.is_some() {
        let _ = write!(
            out,
            " aria-describedby=\"{}\"",
            escape(&format!("{prefix}chart-desc"))
        );
    }
    if let Some((scope, _)) = &dark_scheme {
        let _ = write!(out, " class=\"{scope}\"");
    }
    let _ = writeln!(
        out,
        " font-family=\"{}\" font-size=\"{}\" font-kerning=\"none\">",
        escape(FONT_FAMILY_CSS),
        num(font_size)
    );
    if let Some(t) = title {
        let _ = writeln!(
            out,
            "<title id=\"{}\">{}</title>",
            escape(&format!("{prefix}chart-title")),
            escape(t)
        );
    }
    if let Some(d) = &chart.acc_descr {
        let _ = writeln!(
            out,
            "<desc id=\"{}\">{}</desc>",
            escape(&format!("{prefix}chart-desc")),
            escape(d)
        );
    }
    // One stylesheet each, so a broken one (an open comment or brace)
    // cannot swallow the next; the caller's CSS comes last and wins.
    let sheets = [
        dark_scheme.map(|(_, css)| css),
        chart.config.theme_css.clone(),
        chart.config.extra_css.clone(),
    ];
    for css in sheets.iter().flatten() {
        style_element(&mut out, css);
    }

    // The caller's background, as a colour we write ourselves (never the
    // text as given).
    if let Some(colour) = chart
        .config
        .background
        .as_deref()
        .and_then(super::colour::Colour::parse)
        .filter(|c| c.a > 0.0)
    {
        let _ = writeln!(
            out,
            "<rect class=\"background\" width=\"100%\" height=\"100%\" fill=\"{}\"/>",
            colour.css()
        );
    }
    if let Some((block, centre)) = &layout.title {
        let _ = write!(
            out,
            "<g class=\"title\" font-size=\"{}\">",
            num(block.font_size)
        );
        text(
            &mut out,
            block,
            centre.x,
            centre.y - block.line_height() / 2.0,
            &p.title_text,
            &Style::default(),
            &theme.hooks(&[Role::TitleText]),
        );
        out.push_str("</g>\n");
    }
    // Frames, outer before inner.
    out.push_str("<g class=\"clusters\">\n");
    let mut order: Vec<usize> = (0..layout.clusters.len()).collect();
    order.sort_by_key(|&c| depth(chart, c));
    for c in order {
        let cl = &layout.clusters[c];
        let sg = &chart.subgraphs[c];
        let style = Style::resolve(&defs, &sg.classes, &sg.styles, false);
        let r = cl.rect;
        let hooks = theme.hooks(&style.unset(&[
            (Prop::Fill, Role::ClusterFill),
            (Prop::Stroke, Role::ClusterStroke),
        ]));
        let _ = writeln!(
            out,
            "<g class=\"cluster\" id=\"{}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\"{}{hooks}/>",
            escape(&format!("{prefix}cluster-{}", sg.id)),
            num(r.x),
            num(r.y),
            num(r.width),
            num(r.height),
            style.fill.as_deref().unwrap_or(&p.cluster_fill),
            style.stroke.as_deref().unwrap_or(&p.cluster_stroke),
            style.stroke_width.as_deref().unwrap_or("1"),
            style.extra()
        );
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n<g class=\"edges\">\n");
    for (i, e) in layout.edges.iter().enumerate() {
        edge(&mut out, &chart.edges[i], e, &theme, &defs);
    }
    // Titles after edges, with a halo of the frame's fill, so an edge
    // entering through the title never runs through its letters.
    out.push_str("</g>\n<g class=\"cluster-titles\">\n");
    for (c, cl) in layout.clusters.iter().enumerate() {
        let sg = &chart.subgraphs[c];
        let style = Style::resolve(&defs, &sg.classes, &sg.styles, false);
        let halo = style.fill.as_deref().unwrap_or(&p.cluster_fill);
        let top = cl.title_center.y - cl.title.line_height() / 2.0;
        let mut text_style = style.clone();
        text_style.halo = Some(halo.to_string());
        let hooks = theme.hooks(&style.unset(&[
            (Prop::Color, Role::ClusterTitle),
            (Prop::Fill, Role::ClusterHalo),
        ]));
        text(
            &mut out,
            &cl.title,
            cl.title_center.x,
            top,
            style.color.as_deref().unwrap_or(&p.cluster_title),
            &text_style,
            &hooks,
        );
        if !cl.title.is_empty() {
            out.push('\n');
        }
    }
    out.push_str("</g>\n<g class=\"edge-labels\">\n");
    for (i, e) in layout.edges.iter().enumerate() {
        if let (Some(label), Some(r)) = (&e.label, e.label_box) {
            let style =
                Style::resolve(&defs, &chart.edges[i].classes, &chart.edges[i].styles, true);
            // Mermaid paints the label box in `edgeLabelBackground` as it
            // is; the default theme's has an alpha of 0.8 built in.
            let _ = writeln!(
                out,
                "<g class=\"edge-label\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"{}/>",
                num(r.x),
                num(r.y),
                num(r.width),
                num(r.height),
                p.edge_label_fill,
                theme.hooks(&[Role::EdgeLabelFill])
            );
            let c = r.center();
            text(
                &mut out,
                label,
                c.x,
                c.y - label.height / 2.0,
                style.color.as_deref().unwrap_or(&p.edge_text),
                &style,
                &theme.hooks(&style.unset(&[(Prop::Color, Role::EdgeText)])),
            );
            out.push_str("</g>\n");
        }
    }
    out.push_str("</g>\n<g class=\"nodes\">\n");
    for (i, n) in layout.nodes.iter().enumerate() {
        let node = &chart.nodes[i];
        let style = Style::resolve(&defs, &node.classes, &node.styles, false);
        let link = node.click.as_ref().and_then(|c| match &c.action {
            crate::model::ClickAction::Href { url, target } => {
                safe_url(url).map(|u| (u, target.clone(), c.tooltip.clone()))
            }
            _ => None,
        });
        if let Some((url, target, _)) = &link {
            let _ = write!(out, "<a href=\"{}\"", escape(url));
            if let Some(t) = target {
                let _ = write!(out, " target=\"{}\"", escape(t));
            }
            out.push('>');
        }
        let _ = write!(
            out,
            "<g class=\"node\" id=\"{}\">",
            escape(&format!("{prefix}node-{}", n.id))
        );
        if let Some((_, _, Some(tip))) = &link {
            let _ = write!(out, "<title>{}</title>", escape(tip));
        }
        if matches!(n.shape, Shape::Icon | Shape::Image) {
            asset_node(&mut out, node, n, &style, &theme);
            out.push_str("</g>");
            if link.is_some() {
                out.push_str("</a>");
            }
            out.push('\n');
            continue;
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
        let shape_hooks = theme.hooks(&style.unset(&themed));
        let detail_hooks = stroke_role
            .map(|r| theme.hooks(&style.unset(&[(Prop::Stroke, r)])))
            .unwrap_or_default();
        let sw = style.stroke_width.as_deref().unwrap_or("1");
        if !paths.outline.is_empty() {
            let _ = write!(
                out,
                "<path d=\"{}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\"{}{shape_hooks}/>",
                paths.outline,
                fill,
                stroke,
                sw,
                style.extra()
            );
        }
        if let Some(d) = &paths.front {
            let _ = write!(
                out,
                "<path d=\"{d}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{sw}\"{}{shape_hooks}/>",
                style.extra()
            );
        }
        if let Some(d) = paths.detail {
            let _ = write!(
                out,
                "<path d=\"{d}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{sw}\"{detail_hooks}/>"
            );
        }
        let c = n.rect.center();
        text(
            &mut out,
            &n.label,
            c.x,
            c.y - n.label.height / 2.0,
            style.color.as_deref().unwrap_or(&p.node_text),
            &style,
            &theme.hooks(&style.unset(&[(Prop::Color, Role::NodeText)])),
        );
        out.push_str("</g>");
        if link.is_some() {
            out.push_str("</a>");
        }
        out.push('\n');
    }
    out.push_str("</g>\n</svg>\n");
    out
}

/// An `icon` or `image` node: the picture on top (below with `pos: t`),
/// the label under it. Only `data:` images are drawn; anything else is
/// never fetched and shows a placeholder frame.
fn asset_node(out: &mut String, node: &Node, n: &NodeLayout, style: &Style, theme: &Theme) {
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
    let shape_hooks = theme.hooks(&style.unset(&[
        (Prop::Fill, Role::NodeFill),
        (Prop::Stroke, Role::NodeStroke),
    ]));
    let sw = style.stroke_width.as_deref().unwrap_or("1");
    let data = node.image.as_deref().filter(|u| safe_image_data(u));
    match (n.shape, data) {
        (Shape::Image, Some(uri)) => {
            let _ = write!(
                out,
                "<image href=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" preserveAspectRatio=\"xMidYMid meet\"/>",
                escape(uri),
                num(ax),
                num(ay),
                num(aw),
                num(ah)
            );
        }
        _ => {
            let rx = if n.shape == Shape::Icon { 6.0 } else { 0.0 };
            let _ = write!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{rx}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{sw}\"{}{shape_hooks}/>",
                num(ax),
                num(ay),
                num(aw),
                num(ah),
                style.extra()
            );
            if n.shape == Shape::Image {
                // The usual "picture missing" cross.
                let _ = write!(
                    out,
                    "<path d=\"M{},{} L{},{} M{},{} L{},{}\" stroke=\"{stroke}\" stroke-width=\"1\" stroke-opacity=\"0.5\"{}/>",
                    num(ax),
                    num(ay),
                    num(ax + aw),
                    num(ay + ah),
                    num(ax + aw),
                    num(ay),
                    num(ax),
                    num(ay + ah),
                    theme.hooks(&style.unset(&[(Prop::Stroke, Role::NodeStroke)]))
                );
            }
        }
    }
    text(
        out,
        &n.label,
        r.x + r.width / 2.0,
        label_top,
        style.color.as_deref().unwrap_or(&p.node_text),
        style,
        &theme.hooks(&style.unset(&[(Prop::Color, Role::NodeText)])),
    );
}

/// A `data:` URI of a raster or SVG image, base64 encoded, with nothing
/// that could leave the attribute.
fn safe_image_data(uri: &str) -> bool {
    let lower = uri.trim().to_ascii_lowercase();
    [
        "data:image/png;base64,",
        "data:image/jpeg;base64,",
        "data:image/gif;base64,",
        "data:image/webp;base64,",
        "data:image/svg+xml;base64,",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
        && uri
            .trim()
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+/=:;,-.".contains(&b))
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

/// Writes a label: one `<tspan>` per line, centred on `cx`, the first line
/// box starting at `top`; `hooks` is the `auto` theme's class attribute.
fn text(
    out: &mut String,
    block: &TextBlock,
    cx: f32,
    top: f32,
    color: &str,
    style: &Style,
    hooks: &str,
) {
    if block.is_empty() {
        return;
    }
    let lh = block.line_height();
    let _ = write!(out, "<text text-anchor=\"middle\" fill=\"{color}\"{hooks}");
    if let Some(wt) = &style.font_weight {
        let _ = write!(out, " font-weight=\"{wt}\"");
    }
    if let Some(st) = &style.font_style {
        let _ = write!(out, " font-style=\"{st}\"");
    }
    if let Some(h) = &style.halo {
        if h != "none" && h != "transparent" {
            let _ = write!(
                out,
                " stroke=\"{h}\" stroke-width=\"5\" stroke-linejoin=\"round\" paint-order=\"stroke\""
            );
        }
    }
    out.push('>');
    for (i, line) in block.lines.iter().enumerate() {
        // The baseline sits a little below the middle of the line box.
        let baseline = top + lh * i as f32 + lh / 2.0 + block.font_size * 0.35;
        let _ = write!(out, "<tspan x=\"{}\" y=\"{}\">", num(cx), num(baseline));
        for run in &line.runs {
            if run.bold || run.italic {
                out.push_str("<tspan");
                if run.bold {
                    out.push_str(" font-weight=\"bold\"");
                }
                if run.italic {
                    out.push_str(" font-style=\"italic\"");
                }
                let _ = write!(out, ">{}</tspan>", escape(&run.text));
            } else {
                out.push_str(&escape(&run.text));
            }
        }
        out.push_str("</tspan>");
    }
    out.push_str("</text>");
}

fn edge(out: &mut String, model: &Edge, e: &EdgeLayout, theme: &Theme, defs: &ClassDefs) {
    if model.stroke == Stroke::Invisible || e.path.is_empty() {
        return;
    }
    let style = Style::resolve(defs, &model.classes, &model.styles, true);
    let color = style
        .stroke
        .clone()
        .unwrap_or_else(|| theme.palette.line.clone());
    // Lines and markers follow the theme unless `linkStyle` set a stroke.
    let (line_hook, marker_hook) = if style.stroke.is_none() {
        (
            theme.hooks(&[Role::LineStroke]),
            theme.hooks(&[Role::LineFill]),
        )
    } else {
        (String::new(), String::new())
    };
    let width = style
        .stroke_width
        .clone()
        .unwrap_or_else(|| match model.stroke {
            Stroke::Thick => "3.5".into(),
            _ => "2".into(),
        });
    let mut d = String::new();
    let _ = write!(d, "M{},{}", num(e.path[0][0].x), num(e.path[0][0].y));
    for c in &e.path {
        let _ = write!(
            d,
            " C{},{} {},{} {},{}",
            num(c[1].x),
            num(c[1].y),
            num(c[2].x),
            num(c[2].y),
            num(c[3].x),
            num(c[3].y)
        );
    }
    let dash = match (&style.dasharray, model.stroke) {
        (Some(d), _) => format!(" stroke-dasharray=\"{d}\""),
        (None, Stroke::Dotted) => " stroke-dasharray=\"3 3\"".to_string(),
        _ => String::new(),
    };
    let _ = write!(
        out,
        "<g class=\"edge\"><path d=\"{d}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"{width}\"{dash}{}{line_hook}/>",
        style.opacity_attr()
    );
    let hooks = MarkerHooks {
        fill: &marker_hook,
        stroke: &line_hook,
    };
    if let (Some(tip), Some(back)) = (e.points.last(), back_point(&e.points, true)) {
        marker(out, model.end, *tip, back, &color, &hooks);
    }
    if let (Some(tip), Some(back)) = (e.points.first(), back_point(&e.points, false)) {
        marker(out, model.start, *tip, back, &color, &hooks);
    }
    out.push_str("</g>\n");
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

/// The `auto` theme's class attributes for filled and stroked markers.
struct MarkerHooks<'a> {
    fill: &'a str,
    stroke: &'a str,
}

/// Draws an end marker with its tip at `tip`, pointing away from `back`.
fn marker(
    out: &mut String,
    kind: Marker,
    tip: Point,
    back: Point,
    color: &str,
    hooks: &MarkerHooks,
) {
    let (dx, dy) = (tip.x - back.x, tip.y - back.y);
    let len = dx.hypot(dy);
    if len < 1e-3 {
        return;
    }
    let (ux, uy) = (dx / len, dy / len);
    let (nx, ny) = (-uy, ux);
    match kind {
        Marker::None => {}
        Marker::Arrow => {
            let (bx, by) = (tip.x - ux * 10.0, tip.y - uy * 10.0);
            let _ = write!(
                out,
                "<path d=\"M{},{} L{},{} L{},{} Z\" fill=\"{color}\"{}/>",
                num(tip.x),
                num(tip.y),
                num(bx + nx * 5.0),
                num(by + ny * 5.0),
                num(bx - nx * 5.0),
                num(by - ny * 5.0),
                hooks.fill
            );
        }
        Marker::Circle => {
            let _ = write!(
                out,
                "<circle cx=\"{}\" cy=\"{}\" r=\"4.5\" fill=\"{color}\"{}/>",
                num(tip.x - ux * 4.5),
                num(tip.y - uy * 4.5),
                hooks.fill
            );
        }
        Marker::Cross => {
            let (cx, cy) = (tip.x - ux * 6.0, tip.y - uy * 6.0);
            let k = 4.5;
            let _ = write!(
                out,
                "<path d=\"M{},{} L{},{} M{},{} L{},{}\" stroke=\"{color}\" stroke-width=\"2\"{}/>",
                num(cx - (ux + nx) * k),
                num(cy - (uy + ny) * k),
                num(cx + (ux + nx) * k),
                num(cy + (uy + ny) * k),
                num(cx - (ux - nx) * k),
                num(cy - (uy - ny) * k),
                num(cx + (ux - nx) * k),
                num(cy + (uy - ny) * k),
                hooks.stroke
            );
        }
    }
}

/// The class definitions by name, the last one of each name winning (as
/// [`Flowchart::class_def`]), looked up in O(1): a scan per element made
/// many classes times many nodes quadratic.
type ClassDefs<'a> = HashMap<&'a str, &'a ClassDef>;

fn class_defs(chart: &Flowchart) -> ClassDefs<'_> {
    chart
        .class_defs
        .iter()
        .map(|d| (d.name.as_str(), d))
        .collect()
}

/// A style property that can take over from a theme colour.
#[derive(Debug, Clone, Copy)]
enum Prop {
    Fill,
    Stroke,
    Color,
}

/// Presentation settings from `classDef`s and `style`s, whitelisted.
#[derive(Debug, Default, Clone)]
struct Style {
    fill: Option<String>,
    stroke: Option<String>,
    stroke_width: Option<String>,
    dasharray: Option<String>,
    color: Option<String>,
    opacity: Option<String>,
    font_weight: Option<String>,
    font_style: Option<String>,
    /// Outline drawn under text so lines behind it are masked.
    halo: Option<String>,
}

impl Style {
    /// `classDef default` (nodes only), then each class in order, then the
    /// element's own `style` declarations; later ones win.
    fn resolve(defs: &ClassDefs, classes: &[String], own: &[StyleDecl], is_edge: bool) -> Style {
        let mut s = Style::default();
        if !is_edge {
            if let Some(d) = defs.get("default") {
                s.apply(&d.styles);
            }
        }
        for c in classes {
            if let Some(d) = defs.get(c.as_str()) {
                s.apply(&d.styles);
            }
        }
        s.apply(own);
        s
    }

    fn apply(&mut self, decls: &[StyleDecl]) {
        for d in decls {
            let Some(v) = css_value(&d.value) else {
                continue;
            };
            let slot = match d.property.trim().to_ascii_lowercase().as_str() {
                "fill" | "background" | "background-color" => &mut self.fill,
                "stroke" | "border-color" => &mut self.stroke,
                "stroke-width" => &mut self.stroke_width,
                "stroke-dasharray" => &mut self.dasharray,
                "color" => &mut self.color,
                "opacity" => &mut self.opacity,
                "font-weight" => &mut self.font_weight,
                "font-style" => &mut self.font_style,
                _ => continue,
            };
            *slot = Some(v.trim_end_matches("px").to_string());
        }
    }

    /// The roles whose property this style leaves to the theme.
    fn unset(&self, wanted: &[(Prop, Role)]) -> Vec<Role> {
        wanted
            .iter()
            .filter(|(prop, _)| {
                match prop {
                    Prop::Fill => &self.fill,
                    Prop::Stroke => &self.stroke,
                    Prop::Color => &self.color,
                }
                .is_none()
            })
            .map(|&(_, role)| role)
            .collect()
    }

    fn opacity_attr(&self) -> String {
        self.opacity
            .as_ref()
            .map_or(String::new(), |o| format!(" opacity=\"{o}\""))
    }

    fn extra(&self) -> String {
        let mut s = self.opacity_attr();
        if let Some(d) = &self.dasharray {
            let _ = write!(s, " stroke-dasharray=\"{d}\"");
        }
        s
    }
}

/// A CSS value if it is plainly a colour, length, number or keyword list:
/// letters, digits, `#`, `.`, `,`, `%`, `-`, spaces and plain `rgb()`-style
/// calls. Anything else (quotes, `<`, `;`, `url(`, `expression(`) is
/// dropped, so no value can break out of its attribute.
pub fn css_value(v: &str) -> Option<String> {
    let v = v.trim().trim_end_matches("!important").trim();
    if v.is_empty() || v.len() > 100 {
        return None;
    }
    let ok = v
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || " #.,%-()".contains(c));
    let lower = v.to_ascii_lowercase();
    let call_ok = !lower.contains('(')
        || ["rgb(", "rgba(", "hsl(", "hsla("]
            .iter()
            .any(|f| lower.starts_with(f));
    (ok && call_ok).then(|| v.to_string())
}

/// Writes `css` as a `<style>` element. The text is escaped as XML
/// character data (`&`, `<`, `>`) instead of being wrapped in CDATA, so no
/// content can end the element, end a CDATA section or start an element;
/// XML parsers, and HTML parsers for an SVG inlined in a page, decode the
/// escapes before the CSS parser sees the text. Control characters that
/// XML forbids become spaces.
fn style_element(out: &mut String, css: &str) {
    if css.trim().is_empty() {
        return;
    }
    out.push_str("<style>");
    for c in css.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' | '\r' => out.push(c),
            '\u{fffe}' | '\u{ffff}' => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push_str("</style>\n");
}

/// A link target if its scheme is safe (http, https, mailto, relative):
/// the parser already dropped other links with a warning; this is the
/// second line of defence for models built by hand.
fn safe_url(url: &str) -> Option<String> {
    crate::model::link_is_safe(url).then(|| url.trim().to_string())
}

/// Escapes text for SVG content and attribute values, dropping what XML
/// cannot hold (control characters but tab, and U+FFFE, U+FFFF).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\t' => {}
            '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// `v` rounded to two decimals, without trailing zeros (`12`, `12.5`,
/// `-0.25`); `0` for what is not finite. Written from the integer number of
/// hundredths, which is several times faster than float formatting and
/// matters on large diagrams (hundreds of thousands of numbers).
fn num(v: f32) -> String {
    if !v.is_finite() {
        return "0".into();
    }
    // In f64, so coordinates past 2^17 keep their hundredths.
    let hundredths = (f64::from(v) * 100.0).round() as i64;
    let (whole, frac) = (
        hundredths.unsigned_abs() / 100,
        hundredths.unsigned_abs() % 100,
    );
    let sign = if hundredths < 0 { "-" } else { "" };
    match frac {
        0 if whole == 0 => "0".into(),
        0 => format!("{sign}{whole}"),
        f if f % 10 == 0 => format!("{sign}{whole}.{}", f / 10),
        f => format!("{sign}{whole}.{f:02}"),
    }
}
