//! The one SVG writer: a [`Scene`] as a standalone SVG document.
//!
//! Pure SVG 1.1 with presentation attributes (no `<foreignObject>`, no
//! scripts), so every viewer draws it the same. CSS appears only where it
//! is asked for: the `auto` theme's dark-scheme rules (which repaint class
//! hooks; the attributes hold the light colours) and the scene's
//! stylesheets, each in a `<style>` of its own. Every text and attribute
//! value is escaped here; links and pictures pass the policies of
//! [`crate::sanitize`].

use std::fmt::Write;

use super::{Anchor, Element, Group, Item, Marker, MarkerKind, Scene, Tag, Text, Value};
use crate::sanitize::{push_escaped, safe_image_data, safe_url, style_text, Escaped};
use crate::text::{font, font_family_css};
use crate::theme::Theme;

/// Writes `scene` as an SVG document. Ids inside start with the root's id
/// and a `-` when the scene has one; the output depends on nothing but the
/// scene.
pub(crate) fn write(scene: &Scene) -> String {
    let dark_scheme = scene.theme.dark_scheme_css(scene.roles, scene.page_classes);
    let mut out = String::with_capacity(4096 + scene.items.len() * 600);
    let (w, h) = (Num(scene.width), Num(scene.height));
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-roledescription=\"{}\" data-generator=\"{}\"",
        Escaped(scene.role),
        crate::output::GENERATOR
    );
    // Inline in a page, the picture shrinks to its column (never grows past
    // its natural size, which `width` keeps); a standalone file keeps its
    // exact size.
    if scene.inline {
        out.push_str(" style=\"max-width:100%;height:auto\"");
    }
    let prefix = match scene.id.as_deref().filter(|id| !id.is_empty()) {
        Some(id) => {
            let _ = write!(out, " id=\"{}\"", Escaped(id));
            format!("{id}-")
        }
        None => String::new(),
    };
    if scene.title.is_some() {
        let _ = write!(
            out,
            " aria-labelledby=\"{}\"",
            Escaped(&format!("{prefix}chart-title"))
        );
    }
    if scene.description.is_some() {
        let _ = write!(
            out,
            " aria-describedby=\"{}\"",
            Escaped(&format!("{prefix}chart-desc"))
        );
    }
    if let Some((scope, _)) = &dark_scheme {
        let _ = write!(out, " class=\"{scope}\"");
    }
    let _ = writeln!(
        out,
        " font-family=\"{}\" font-size=\"{}\" font-kerning=\"none\">",
        Escaped(font_family_css()),
        Num(scene.font_size.max(1.0))
    );
    if let Some(t) = &scene.title {
        let _ = writeln!(
            out,
            "<title id=\"{}\">{}</title>",
            Escaped(&format!("{prefix}chart-title")),
            Escaped(t)
        );
    }
    if let Some(d) = &scene.description {
        let _ = writeln!(
            out,
            "<desc id=\"{}\">{}</desc>",
            Escaped(&format!("{prefix}chart-desc")),
            Escaped(d)
        );
    }
    // One stylesheet each, so a broken one (an open comment or brace)
    // cannot swallow the next; the caller's CSS comes last and wins.
    let sheets = dark_scheme
        .iter()
        .map(|(_, css)| css)
        .chain(&scene.stylesheets);
    for css in sheets.filter(|css| !css.trim().is_empty()) {
        let _ = writeln!(out, "<style>{}</style>", style_text(css));
    }
    if let Some(colour) = &scene.background {
        let _ = writeln!(
            out,
            "<rect class=\"background\" width=\"100%\" height=\"100%\" fill=\"{}\"/>",
            Escaped(colour)
        );
    }
    let mut w = Writer {
        out,
        prefix,
        theme: &scene.theme,
        font_size: scene.font_size.max(1.0),
    };
    for item in &scene.items {
        w.item(item);
    }
    w.out.push_str("</svg>\n");
    w.out
}

/// The document being written.
struct Writer<'a> {
    out: String,
    /// Prefix of every id.
    prefix: String,
    /// For the `auto` hooks.
    theme: &'a Theme,
    /// The font size in force (the root's, or the innermost group's).
    font_size: f32,
}

/// The slant of italic text in a family without italic faces: the 12°
/// browsers use when they synthesise an oblique face.
const SYNTHETIC_SLANT_DEG: f32 = -12.0;

/// Stroke width, in ems, that emboldens text of a family without a bold
/// face, as browsers synthesise bold (Skia strokes the outline by about
/// 1/24 to 1/32 of the size); advances stay as they are.
const SYNTHETIC_BOLD_EM: f32 = 1.0 / 26.0;

/// A piece of italic text drawn apart, slanted, because its family has no
/// italic face: where its line puts it and what it says.
struct Slanted<'a> {
    x: f32,
    y: f32,
    family: usize,
    bold: bool,
    text: &'a str,
}

impl Writer<'_> {
    fn item(&mut self, item: &Item) {
        match item {
            Item::Group(g) => self.group(g),
            Item::Element(e) => self.element(e),
            Item::Text(t) => self.text(t),
            Item::Marker(m) => self.marker(m),
            Item::Break => self.out.push('\n'),
        }
    }

    fn group(&mut self, g: &Group) {
        let link = g
            .link
            .as_ref()
            .and_then(|l| safe_url(&l.href).map(|href| (href, l.target.as_deref())));
        if let Some((href, target)) = &link {
            let _ = write!(self.out, "<a href=\"{}\"", Escaped(href));
            if let Some(t) = target {
                let _ = write!(self.out, " target=\"{}\"", Escaped(t));
            }
            self.out.push('>');
        }
        let _ = write!(self.out, "<g class=\"{}\"", Escaped(g.class));
        if let Some(id) = &g.id {
            let _ = write!(
                self.out,
                " id=\"{}\"",
                format_args!("{}{}", Escaped(&self.prefix), Escaped(id))
            );
        }
        if g.focusable {
            self.out.push_str(" tabindex=\"0\"");
        }
        let outer_size = self.font_size;
        if let Some(size) = g.font_size {
            let _ = write!(self.out, " font-size=\"{}\"", Num(size));
            self.font_size = size;
        }
        self.out.push('>');
        if let Some(tip) = &g.tooltip {
            let _ = write!(self.out, "<title>{}</title>", Escaped(tip));
        }
        for child in &g.children {
            self.item(child);
        }
        self.font_size = outer_size;
        self.out.push_str("</g>");
        if link.is_some() {
            self.out.push_str("</a>");
        }
    }

    fn element(&mut self, e: &Element) {
        let tag = match e.tag {
            Tag::Path => "path",
            Tag::Rect => "rect",
            Tag::Circle => "circle",
            Tag::Image => "image",
        };
        // Pictures only as `data:` URIs of raster or SVG images: nothing is
        // ever fetched by a viewer.
        if e.tag == Tag::Image
            && !e.attrs.iter().any(|(name, v)| {
                *name == "href" && matches!(v, Value::Text(uri) if safe_image_data(uri))
            })
        {
            return;
        }
        self.out.push('<');
        self.out.push_str(tag);
        for (name, value) in &e.attrs {
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            match value {
                Value::Num(v) => {
                    let _ = write!(self.out, "{}", Num(*v));
                }
                Value::Text(t) => push_escaped(&mut self.out, t),
            }
            self.out.push('"');
        }
        self.out.push_str(&self.theme.hooks(&e.hooks));
        self.out.push_str("/>");
    }

    /// One `<tspan>` per line; bold and italic runs in nested spans.
    fn text(&mut self, t: &Text) {
        if t.lines.is_empty() {
            return;
        }
        let anchor = match t.anchor {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        };
        let _ = write!(
            self.out,
            "<text text-anchor=\"{anchor}\" fill=\"{}\"{}",
            Escaped(&t.fill),
            self.theme.hooks(&t.hooks)
        );
        if let Some(wt) = &t.font_weight {
            let _ = write!(self.out, " font-weight=\"{}\"", Escaped(wt));
        }
        if let Some(st) = &t.font_style {
            let _ = write!(self.out, " font-style=\"{}\"", Escaped(st));
        }
        if let Some(h) = t
            .halo
            .as_deref()
            .filter(|h| *h != "none" && *h != "transparent")
        {
            let _ = write!(
                self.out,
                " stroke=\"{}\" stroke-width=\"5\" stroke-linejoin=\"round\" paint-order=\"stroke\"",
                Escaped(h)
            );
        }
        self.out.push('>');
        let mut slanted = Vec::new();
        for line in &t.lines {
            let _ = write!(
                self.out,
                "<tspan x=\"{}\" y=\"{}\">",
                Num(line.x),
                Num(line.y)
            );
            let pieces: Vec<(&super::Run, usize, &str)> = line
                .runs
                .iter()
                .flat_map(|run| {
                    font::segments(&run.text, run.bold, run.italic)
                        .into_iter()
                        .map(move |(family, piece)| (run, family, piece))
                })
                .collect();
            let size = self.font_size;
            let width =
                |run: &super::Run, piece: &str| font::width(piece, size, run.bold, run.italic);
            let total: f32 = pieces.iter().map(|(r, _, p)| width(r, p)).sum();
            let mut x = match t.anchor {
                Anchor::Start => line.x,
                Anchor::Middle => line.x - total / 2.0,
                Anchor::End => line.x - total,
            };
            for &(run, family, piece) in &pieces {
                let advance = width(run, piece);
                // Text the first font of the chain cannot draw names the
                // family that can, so every viewer sets it where we
                // measured it (resvg would otherwise switch the whole run
                // to the fallback font, backslashes and all).
                let has_italic = font::families().get(family).is_some_and(|f| f.has_italic);
                let slant = run.italic && !has_italic && !piece.trim().is_empty();
                let has_bold = font::families().get(family).is_some_and(|f| f.has_bold);
                let embolden = run.bold && !has_bold && !piece.trim().is_empty();
                if family == 0 && !run.bold && !run.italic {
                    push_escaped(&mut self.out, piece);
                    x += advance;
                    continue;
                }
                self.out.push_str("<tspan");
                if family != 0 {
                    let css = font::families().get(family).map_or("", |f| f.css.as_str());
                    let _ = write!(self.out, " font-family=\"{}\"", Escaped(css));
                }
                if run.bold {
                    self.out.push_str(" font-weight=\"bold\"");
                }
                if run.italic {
                    self.out.push_str(" font-style=\"italic\"");
                }
                if embolden && !slant {
                    self.embolden(&t.fill);
                }
                if slant {
                    // Kept in the line for its room; drawn slanted below.
                    self.out.push_str(" visibility=\"hidden\"");
                    slanted.push(Slanted {
                        x,
                        y: line.y,
                        family,
                        bold: run.bold,
                        text: piece,
                    });
                }
                let _ = write!(self.out, ">{}</tspan>", Escaped(piece));
                x += advance;
            }
            self.out.push_str("</tspan>");
        }
        self.out.push_str("</text>");
        // Italic text in a family without italic faces, slanted as
        // browsers synthesise it, so PNG and PDF show it italic too.
        for s in slanted {
            let css = font::families()
                .get(s.family)
                .map_or("", |f| f.css.as_str());
            let _ = write!(
                self.out,
                "<text text-anchor=\"start\" fill=\"{}\"{} font-family=\"{}\"",
                Escaped(&t.fill),
                self.theme.hooks(&t.hooks),
                Escaped(css)
            );
            if s.bold {
                self.out.push_str(" font-weight=\"bold\"");
                if !font::families().get(s.family).is_some_and(|f| f.has_bold) {
                    self.embolden(&t.fill);
                }
            }
            let _ = write!(
                self.out,
                " transform=\"translate({} {}) skewX({})\">{}</text>",
                Num(s.x),
                Num(s.y),
                Num(SYNTHETIC_SLANT_DEG),
                Escaped(s.text)
            );
        }
    }

    /// Attributes that draw text in a family without a bold face bold:
    /// its outline stroked in its own colour.
    fn embolden(&mut self, fill: &str) {
        let _ = write!(
            self.out,
            " stroke=\"{}\" stroke-width=\"{}\" stroke-linejoin=\"round\" paint-order=\"normal\"",
            Escaped(fill),
            Num(self.font_size * SYNTHETIC_BOLD_EM)
        );
    }

    fn marker(&mut self, m: &Marker) {
        let (tip, back) = (m.tip, m.back);
        let (dx, dy) = (tip.x - back.x, tip.y - back.y);
        let len = dx.hypot(dy);
        if len < 1e-3 {
            return;
        }
        let (ux, uy) = (dx / len, dy / len);
        let (nx, ny) = (-uy, ux);
        let colour = Escaped(&m.colour);
        let hooks = self.theme.hooks(&m.hooks);
        match m.kind {
            MarkerKind::Arrow => {
                let (bx, by) = (tip.x - ux * 10.0, tip.y - uy * 10.0);
                let _ = write!(
                    self.out,
                    "<path d=\"M{},{} L{},{} L{},{} Z\" fill=\"{colour}\"{hooks}/>",
                    Num(tip.x),
                    Num(tip.y),
                    Num(bx + nx * 5.0),
                    Num(by + ny * 5.0),
                    Num(bx - nx * 5.0),
                    Num(by - ny * 5.0),
                );
            }
            MarkerKind::Circle => {
                let _ = write!(
                    self.out,
                    "<circle cx=\"{}\" cy=\"{}\" r=\"4.5\" fill=\"{colour}\"{hooks}/>",
                    Num(tip.x - ux * 4.5),
                    Num(tip.y - uy * 4.5),
                );
            }
            MarkerKind::Cross => {
                let (cx, cy) = (tip.x - ux * 6.0, tip.y - uy * 6.0);
                let k = 4.5;
                let _ = write!(
                    self.out,
                    "<path d=\"M{},{} L{},{} M{},{} L{},{}\" stroke=\"{colour}\" stroke-width=\"2\"{hooks}/>",
                    Num(cx - (ux + nx) * k),
                    Num(cy - (uy + ny) * k),
                    Num(cx + (ux + nx) * k),
                    Num(cy + (uy + ny) * k),
                    Num(cx - (ux - nx) * k),
                    Num(cy - (uy - ny) * k),
                    Num(cx + (ux - nx) * k),
                    Num(cy + (uy - ny) * k),
                );
            }
            MarkerKind::Triangle => {
                let (bx, by) = (tip.x - ux * 18.0, tip.y - uy * 18.0);
                let _ = write!(
                    self.out,
                    "<path d=\"M{},{} L{},{} L{},{} Z\" fill=\"{}\" stroke=\"{colour}\" stroke-width=\"1\"{hooks}/>",
                    Num(tip.x),
                    Num(tip.y),
                    Num(bx + nx * 7.0),
                    Num(by + ny * 7.0),
                    Num(bx - nx * 7.0),
                    Num(by - ny * 7.0),
                    Escaped(&self.theme.palette.background),
                );
            }
            MarkerKind::Diamond | MarkerKind::HollowDiamond => {
                let (mx, my) = (tip.x - ux * 9.0, tip.y - uy * 9.0);
                let (bx, by) = (tip.x - ux * 18.0, tip.y - uy * 18.0);
                let fill = if m.kind == MarkerKind::Diamond {
                    m.colour.as_str()
                } else {
                    self.theme.palette.background.as_str()
                };
                let _ = write!(
                    self.out,
                    "<path d=\"M{},{} L{},{} L{},{} L{},{} Z\" fill=\"{}\" stroke=\"{colour}\" stroke-width=\"1\"{hooks}/>",
                    Num(tip.x),
                    Num(tip.y),
                    Num(mx + nx * 6.0),
                    Num(my + ny * 6.0),
                    Num(bx),
                    Num(by),
                    Num(mx - nx * 6.0),
                    Num(my - ny * 6.0),
                    Escaped(fill),
                );
            }
            MarkerKind::Lollipop => {
                let _ = write!(
                    self.out,
                    "<circle cx=\"{}\" cy=\"{}\" r=\"6\" fill=\"{}\" stroke=\"{colour}\" stroke-width=\"1\"{hooks}/>",
                    Num(tip.x - ux * 6.0),
                    Num(tip.y - uy * 6.0),
                    Escaped(&self.theme.palette.background),
                );
            }
        }
    }
}

/// `v` rounded to two decimals, without trailing zeros (`12`, `12.5`,
/// `-0.25`); `0` for what is not finite. Written from the integer number of
/// hundredths, which is several times faster than float formatting and
/// matters on large diagrams (hundreds of thousands of numbers).
pub(crate) fn num(v: f32) -> String {
    Num(v).to_string()
}

/// [`num`] written straight into a formatter, without a string of its own.
pub(crate) struct Num(pub f32);

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let v = self.0;
        if !v.is_finite() {
            return f.write_str("0");
        }
        // In f64, so coordinates past 2^17 keep their hundredths.
        let hundredths = (f64::from(v) * 100.0).round() as i64;
        let (whole, frac) = (
            hundredths.unsigned_abs() / 100,
            hundredths.unsigned_abs() % 100,
        );
        let sign = if hundredths < 0 { "-" } else { "" };
        match frac {
            0 if whole == 0 => f.write_str("0"),
            0 => write!(f, "{sign}{whole}"),
            d if d % 10 == 0 => write!(f, "{sign}{whole}.{}", d / 10),
            d => write!(f, "{sign}{whole}.{d:02}"),
        }
    }
}
