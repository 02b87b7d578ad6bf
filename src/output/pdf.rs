//! SVG to PDF: one page the size of the diagram, shapes and edges as vector
//! paths, and text kept as text in the bundled font (subset and embedded,
//! with a map back to Unicode, so the PDF's text can be selected, searched
//! and copied).
//!
//! The SVG is read with usvg exactly as for the PNG, so the PDF shows the
//! same glyphs at the same places. What our SVG emitter writes is covered:
//! filled and stroked paths (any fill rule, dashes, caps, joins, opacity),
//! text with fill and stroke (halos included, in their paint order), and
//! pictures (drawn as images). Gradients, patterns, masks, filters and clip
//! paths, which the emitter never writes, are not.
//!
//! Output is deterministic: no dates, no random ids.

use std::collections::BTreeMap;

use pdf_writer::types::{
    CidFontType, FontFlags, LineCapStyle, LineJoinStyle, SystemInfo, TextRenderingMode, UnicodeCmap,
};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use resvg::tiny_skia::{PathSegment, Transform};
use resvg::usvg::{self, fontdb, Node, Paint, PaintOrder};

use super::png::parse_svg;
use crate::error::Error;

/// PDF points per SVG unit (CSS pixel): 72 / 96.
const PT_PER_PX: f32 = 0.75;

/// Pixels per SVG unit at which pictures are embedded.
const IMAGE_RESOLUTION: f32 = 2.0;

/// Renders `svg` to a one-page PDF, over `background` (any SVG colour;
/// `None` or `transparent` leaves the page clear).
pub fn render(svg: &str, background: Option<&str>) -> Result<Vec<u8>, Error> {
    let tree = parse_svg(svg)?;
    let mut writer = Writer::new(tree.fontdb().clone());
    let (w, h) = (tree.size().width(), tree.size().height());
    // SVG units, y down, to PDF points, y up.
    writer
        .content
        .transform([PT_PER_PX, 0.0, 0.0, -PT_PER_PX, 0.0, h * PT_PER_PX]);
    if let Some([r, g, b, a]) = super::background_rgba(background) {
        writer.fill_color(r, g, b, f32::from(a) / 255.0);
        writer.content.rect(0.0, 0.0, w, h).fill_nonzero();
    }
    writer.group(tree.root());
    writer.finish(w * PT_PER_PX, h * PT_PER_PX)
}

/// A font face used on the page, with the glyphs drawn from it.
struct FontUse {
    /// Resource name, `F0`, `F1`, …
    name: String,
    /// Old glyph id to id in the subset.
    remapper: subsetter::GlyphRemapper,
    /// Text each used glyph stands for, by id in the subset.
    text: BTreeMap<u16, String>,
    /// Font units per em.
    units_per_em: f32,
}

/// The page being written and the resources it uses.
struct Writer {
    content: Content,
    fonts: BTreeMap<fontdb::ID, FontUse>,
    db: std::sync::Arc<fontdb::Database>,
    /// Opacity states by (fill alpha, stroke alpha) in thousandths.
    states: BTreeMap<(u16, u16), String>,
    /// Pictures, in drawing order.
    images: Vec<Picture>,
}

/// A picture rasterised for the page.
struct Picture {
    /// Resource name, `I0`, `I1`, …
    name: String,
    /// 8-bit RGB samples.
    rgb: Vec<u8>,
    /// 8-bit alpha samples (the soft mask).
    alpha: Vec<u8>,
    /// Size in pixels.
    width: u32,
    height: u32,
}

impl Writer {
    fn new(db: std::sync::Arc<fontdb::Database>) -> Writer {
        Writer {
            content: Content::new(),
            fonts: BTreeMap::new(),
            db,
            states: BTreeMap::new(),
            images: Vec::new(),
        }
    }

    /// Sets the opacity of fills and strokes from here on.
    fn opacity(&mut self, fill: f32, stroke: f32) {
        let key = (
            (fill.clamp(0.0, 1.0) * 1000.0).round() as u16,
            (stroke.clamp(0.0, 1.0) * 1000.0).round() as u16,
        );
        let next = self.states.len();
        let name = self
            .states
            .entry(key)
            .or_insert_with(|| format!("G{next}"))
            .clone();
        self.content.set_parameters(Name(name.as_bytes()));
    }

    fn fill_color(&mut self, r: u8, g: u8, b: u8, alpha: f32) {
        self.opacity(alpha, 1.0);
        self.content.set_fill_rgb(
            f32::from(r) / 255.0,
            f32::from(g) / 255.0,
            f32::from(b) / 255.0,
        );
    }

    /// Every node of `group`, in drawing order.
    fn group(&mut self, group: &usvg::Group) {
        for node in group.children() {
            match node {
                Node::Group(g) => self.group(g),
                Node::Path(p) => self.path(p),
                Node::Text(t) => self.text(t),
                Node::Image(i) => self.image(i),
            }
        }
    }

    fn path(&mut self, path: &usvg::Path) {
        if !path.is_visible() {
            return;
        }
        let order = match path.paint_order() {
            PaintOrder::FillAndStroke => [true, false],
            PaintOrder::StrokeAndFill => [false, true],
        };
        for fill in order {
            self.content.save_state();
            self.content.transform(matrix(path.abs_transform()));
            let painted = if fill {
                self.set_fill(path.fill())
            } else {
                self.set_stroke(path.stroke(), 1.0)
            };
            if painted {
                self.outline(path.data());
                match (fill, path.fill().map(usvg::Fill::rule)) {
                    (true, Some(usvg::FillRule::EvenOdd)) => self.content.fill_even_odd(),
                    (true, _) => self.content.fill_nonzero(),
                    (false, _) => self.content.stroke(),
                };
            }
            self.content.restore_state();
        }
    }

    /// Sets the fill colour; `false` when there is nothing to fill with.
    fn set_fill(&mut self, fill: Option<&usvg::Fill>) -> bool {
        match fill.map(|f| (f.paint(), f.opacity().get())) {
            Some((Paint::Color(c), alpha)) => {
                self.fill_color(c.red, c.green, c.blue, alpha);
                true
            }
            _ => false,
        }
    }

    /// Sets stroke colour and line style; widths are divided by `scale`
    /// (text is stroked in text space, one em per unit).
    fn set_stroke(&mut self, stroke: Option<&usvg::Stroke>, scale: f32) -> bool {
        let Some(stroke) = stroke else { return false };
        let Paint::Color(c) = stroke.paint() else {
            return false;
        };
        self.opacity(1.0, stroke.opacity().get());
        self.content.set_stroke_rgb(
            f32::from(c.red) / 255.0,
            f32::from(c.green) / 255.0,
            f32::from(c.blue) / 255.0,
        );
        self.content.set_line_width(stroke.width().get() / scale);
        self.content.set_line_cap(match stroke.linecap() {
            usvg::LineCap::Butt => LineCapStyle::ButtCap,
            usvg::LineCap::Round => LineCapStyle::RoundCap,
            usvg::LineCap::Square => LineCapStyle::ProjectingSquareCap,
        });
        self.content.set_line_join(match stroke.linejoin() {
            usvg::LineJoin::Miter | usvg::LineJoin::MiterClip => LineJoinStyle::MiterJoin,
            usvg::LineJoin::Round => LineJoinStyle::RoundJoin,
            usvg::LineJoin::Bevel => LineJoinStyle::BevelJoin,
        });
        self.content.set_miter_limit(stroke.miterlimit().get());
        if let Some(dashes) = stroke.dasharray() {
            self.content.set_dash_pattern(
                dashes.iter().map(|d| d / scale),
                stroke.dashoffset() / scale,
            );
        }
        true
    }

    fn outline(&mut self, data: &resvg::tiny_skia::Path) {
        let mut last = (0.0, 0.0);
        for segment in data.segments() {
            match segment {
                PathSegment::MoveTo(p) => {
                    self.content.move_to(p.x, p.y);
                    last = (p.x, p.y);
                }
                PathSegment::LineTo(p) => {
                    self.content.line_to(p.x, p.y);
                    last = (p.x, p.y);
                }
                PathSegment::QuadTo(c, p) => {
                    // The same curve as a cubic.
                    let c1 = (
                        last.0 + 2.0 / 3.0 * (c.x - last.0),
                        last.1 + 2.0 / 3.0 * (c.y - last.1),
                    );
                    let c2 = (p.x + 2.0 / 3.0 * (c.x - p.x), p.y + 2.0 / 3.0 * (c.y - p.y));
                    self.content.cubic_to(c1.0, c1.1, c2.0, c2.1, p.x, p.y);
                    last = (p.x, p.y);
                }
                PathSegment::CubicTo(c1, c2, p) => {
                    self.content.cubic_to(c1.x, c1.y, c2.x, c2.y, p.x, p.y);
                    last = (p.x, p.y);
                }
                PathSegment::Close => {
                    self.content.close_path();
                }
            }
        }
    }

    fn text(&mut self, text: &usvg::Text) {
        let base = text.abs_transform();
        for span in text.layouted() {
            if !span.visible {
                continue;
            }
            let order = match span.paint_order {
                PaintOrder::FillAndStroke => [true, false],
                PaintOrder::StrokeAndFill => [false, true],
            };
            for fill in order {
                self.content.save_state();
                let size = span.font_size.get();
                let painted = if fill {
                    self.set_fill(span.fill.as_ref())
                } else {
                    self.set_stroke(span.stroke.as_ref(), size)
                };
                if !painted {
                    self.content.restore_state();
                    continue;
                }
                self.content.begin_text();
                self.content.set_text_rendering_mode(if fill {
                    TextRenderingMode::Fill
                } else {
                    TextRenderingMode::Stroke
                });
                for (glyph, text) in self.clusters(&span.positioned_glyphs) {
                    let Some((name, gid, upem)) = self.glyph(glyph, text) else {
                        continue;
                    };
                    let m = base
                        .pre_concat(glyph.outline_transform())
                        .pre_concat(Transform::from_scale(upem, upem));
                    self.content.set_font(Name(name.as_bytes()), 1.0);
                    self.content.set_text_matrix(matrix(m));
                    self.content.show(Str(&gid.to_be_bytes()));
                }
                self.content.end_text();
                self.content.restore_state();
            }
        }
    }

    /// The glyphs of a span to draw, each with the text it stands for in
    /// the text layer. usvg gives a cluster's text to its last glyph and
    /// none to the others (`🛠️` is the emoji's glyph, then the variation
    /// selector's blank one with the text); here the first glyph drawn
    /// carries it, and blank glyphs inside a cluster are not drawn, so the
    /// text layer reads as the label does.
    fn clusters<'g>(
        &self,
        glyphs: &'g [usvg::layout::PositionedGlyph],
    ) -> Vec<(&'g usvg::layout::PositionedGlyph, &'g str)> {
        let mut out = Vec::with_capacity(glyphs.len());
        let mut start = 0;
        for (i, glyph) in glyphs.iter().enumerate() {
            if glyph.text.is_empty() && i + 1 < glyphs.len() {
                continue;
            }
            let cluster = &glyphs[start..=i];
            start = i + 1;
            if cluster.len() == 1 {
                out.push((glyph, glyph.text.as_str()));
                continue;
            }
            let mut drawn: Vec<_> = cluster.iter().filter(|g| !self.is_blank(g)).collect();
            if drawn.is_empty() {
                drawn.push(&cluster[0]);
            }
            for (k, g) in drawn.into_iter().enumerate() {
                out.push((g, if k == 0 { glyph.text.as_str() } else { "" }));
            }
        }
        out
    }

    /// Whether `glyph` has no outline (a space, a joiner, a selector).
    fn is_blank(&self, glyph: &usvg::layout::PositionedGlyph) -> bool {
        let Ok(id) = u16::try_from(glyph.id.0) else {
            return false;
        };
        self.db
            .with_face_data(glyph.font, |data, index| {
                ttf_parser::Face::parse(data, index)
                    .ok()
                    .map(|f| f.glyph_bounding_box(ttf_parser::GlyphId(id)).is_none())
            })
            .flatten()
            .unwrap_or(false)
    }

    /// The font resource, subset glyph id and units per em of `glyph`;
    /// `text` is what the glyph stands for in the text layer (the first
    /// text given for a glyph is kept).
    fn glyph(
        &mut self,
        glyph: &usvg::layout::PositionedGlyph,
        text: &str,
    ) -> Option<(String, u16, f32)> {
        if !self.fonts.contains_key(&glyph.font) {
            let upem = self
                .db
                .with_face_data(glyph.font, |data, index| {
                    ttf_parser::Face::parse(data, index)
                        .ok()
                        .map(|f| f32::from(f.units_per_em()))
                })
                .flatten()?;
            let name = format!("F{}", self.fonts.len());
            self.fonts.insert(
                glyph.font,
                FontUse {
                    name,
                    remapper: subsetter::GlyphRemapper::new(),
                    text: BTreeMap::new(),
                    units_per_em: upem,
                },
            );
        }
        let font = self.fonts.get_mut(&glyph.font)?;
        let gid = font.remapper.remap(u16::try_from(glyph.id.0).ok()?);
        let known = font.text.entry(gid).or_default();
        if known.is_empty() {
            text.clone_into(known);
        }
        Some((font.name.clone(), gid, font.units_per_em))
    }

    fn image(&mut self, image: &usvg::Image) {
        if !image.is_visible() {
            return;
        }
        // Rasterised over its box on the page, at twice the resolution.
        let node = Node::Image(Box::new(image.clone()));
        let Some(bbox) = node.abs_layer_bounding_box() else {
            return;
        };
        let (pw, ph) = (
            (bbox.width() * IMAGE_RESOLUTION).ceil().clamp(1.0, 4096.0) as u32,
            (bbox.height() * IMAGE_RESOLUTION).ceil().clamp(1.0, 4096.0) as u32,
        );
        let Some(mut pixmap) = resvg::tiny_skia::Pixmap::new(pw, ph) else {
            return;
        };
        // `render_node` draws the node's own coordinates through the given
        // transform after moving by minus the box corner; put the node's
        // absolute transform in between so the box lands on the pixmap.
        let fit = Transform::from_scale(pw as f32 / bbox.width(), ph as f32 / bbox.height())
            .pre_translate(-bbox.x(), -bbox.y())
            .pre_concat(image.abs_transform())
            .pre_translate(bbox.x(), bbox.y());
        resvg::render_node(&node, fit, &mut pixmap.as_mut());
        let mut rgb = Vec::with_capacity(pixmap.pixels().len() * 3);
        let mut alpha = Vec::with_capacity(pixmap.pixels().len());
        for px in pixmap.pixels() {
            let c = px.demultiply();
            rgb.extend([c.red(), c.green(), c.blue()]);
            alpha.push(c.alpha());
        }
        let name = format!("I{}", self.images.len());
        self.content.save_state();
        // The unit square (images are drawn y up) onto the box.
        self.content.transform([
            bbox.width(),
            0.0,
            0.0,
            -bbox.height(),
            bbox.x(),
            bbox.y() + bbox.height(),
        ]);
        self.content.x_object(Name(name.as_bytes()));
        self.content.restore_state();
        self.images.push(Picture {
            name,
            rgb,
            alpha,
            width: pw,
            height: ph,
        });
    }

    /// The whole PDF file, `w` × `h` points.
    fn finish(mut self, w: f32, h: f32) -> Result<Vec<u8>, Error> {
        let mut next = 1;
        let mut id = || {
            let r = Ref::new(next);
            next += 1;
            r
        };
        let (catalog, tree, page, contents) = (id(), id(), id(), id());
        let mut pdf = Pdf::new();
        pdf.catalog(catalog).pages(tree);
        pdf.pages(tree).kids([page]).count(1);

        let state_ids: Vec<(String, Ref, (u16, u16))> = self
            .states
            .iter()
            .map(|(&key, name)| (name.clone(), id(), key))
            .collect();
        let font_ids: Vec<(fontdb::ID, Ref)> = self.fonts.keys().map(|&k| (k, id())).collect();
        let image_ids: Vec<(Ref, Ref)> = self.images.iter().map(|_| (id(), id())).collect();

        {
            let mut p = pdf.page(page);
            p.media_box(Rect::new(0.0, 0.0, w, h));
            p.parent(tree);
            p.contents(contents);
            let mut resources = p.resources();
            {
                let mut fonts = resources.fonts();
                for (fid, r) in &font_ids {
                    if let Some(f) = self.fonts.get(fid) {
                        fonts.pair(Name(f.name.as_bytes()), *r);
                    }
                }
            }
            {
                let mut states = resources.ext_g_states();
                for (name, r, _) in &state_ids {
                    states.pair(Name(name.as_bytes()), *r);
                }
            }
            {
                let mut objects = resources.x_objects();
                for (picture, (r, _)) in self.images.iter().zip(&image_ids) {
                    objects.pair(Name(picture.name.as_bytes()), *r);
                }
            }
        }
        let page_content = std::mem::replace(&mut self.content, Content::new());
        let content = compress(&page_content.finish());
        pdf.stream(contents, &content).filter(Filter::FlateDecode);
        for (_, r, (fill, stroke)) in &state_ids {
            pdf.ext_graphics(*r)
                .non_stroking_alpha(f32::from(*fill) / 1000.0)
                .stroking_alpha(f32::from(*stroke) / 1000.0);
        }
        for (picture, (r, mask)) in self.images.iter().zip(&image_ids) {
            let (pw, ph) = (picture.width as i32, picture.height as i32);
            let data = compress(&picture.rgb);
            let mut x = pdf.image_xobject(*r, &data);
            x.filter(Filter::FlateDecode);
            x.width(pw).height(ph);
            x.color_space().device_rgb();
            x.bits_per_component(8);
            x.s_mask(*mask);
            x.finish();
            let data = compress(&picture.alpha);
            let mut m = pdf.image_xobject(*mask, &data);
            m.filter(Filter::FlateDecode);
            m.width(pw).height(ph);
            m.color_space().device_gray();
            m.bits_per_component(8);
            m.finish();
        }
        for (fid, type0) in font_ids {
            let Some(font) = self.fonts.get(&fid) else {
                continue;
            };
            let (cid, descriptor, file, cmap) = (id(), id(), id(), id());
            self.write_font(&mut pdf, fid, font, [type0, cid, descriptor, file, cmap])?;
        }
        // The producer marks the file as ours, so a later run may replace it
        // (the CLI refuses to overwrite files it did not write).
        pdf.document_info(id()).producer(TextStr(super::GENERATOR));
        Ok(pdf.finish())
    }

    /// The objects of one embedded font: Type 0 font, CID font, descriptor,
    /// subset font file, and the map back to Unicode.
    fn write_font(
        &self,
        pdf: &mut Pdf,
        fid: fontdb::ID,
        font: &FontUse,
        [type0, cid, descriptor, file, cmap]: [Ref; 5],
    ) -> Result<(), Error> {
        let fail = |why: String| Error::Pdf(format!("cannot embed the font: {why}"));
        let (subset, metrics) = self
            .db
            .with_face_data(fid, |data, index| {
                let subset = subsetter::subset(data, index, &font.remapper);
                let face = ttf_parser::Face::parse(data, index).ok();
                (subset, face.map(|f| FaceMetrics::read(&f, &font.remapper)))
            })
            .ok_or_else(|| fail("font data missing".into()))?;
        let subset = subset.map_err(|e| fail(e.to_string()))?;
        let metrics = metrics.ok_or_else(|| fail("font does not parse".into()))?;
        // A deterministic subset tag from the glyphs used.
        let mut hash: u32 = 2_166_136_261;
        for g in font.remapper.remapped_gids() {
            hash = (hash ^ u32::from(g)).wrapping_mul(16_777_619);
        }
        let tag: String = (0..6)
            .map(|i| char::from(b'A' + ((hash >> (i * 5)) % 26) as u8))
            .collect();
        let base = format!("{tag}+{}", metrics.family);
        let system = SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"Identity"),
            supplement: 0,
        };
        pdf.type0_font(type0)
            .base_font(Name(base.as_bytes()))
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid)
            .to_unicode(cmap);
        {
            let mut c = pdf.cid_font(cid);
            c.subtype(CidFontType::Type2);
            c.base_font(Name(base.as_bytes()));
            c.system_info(system);
            c.font_descriptor(descriptor);
            c.default_width(0.0);
            c.cid_to_gid_map_predefined(Name(b"Identity"));
            c.widths().consecutive(0, metrics.widths.iter().copied());
        }
        pdf.font_descriptor(descriptor)
            .name(Name(base.as_bytes()))
            .flags(FontFlags::NON_SYMBOLIC)
            .bbox(metrics.bbox)
            .italic_angle(0.0)
            .ascent(metrics.ascent)
            .descent(metrics.descent)
            .cap_height(metrics.cap_height)
            .stem_v(80.0)
            .font_file2(file);
        let data = compress(&subset);
        pdf.stream(file, &data).filter(Filter::FlateDecode);
        let mut unicode = UnicodeCmap::new(Name(b"Custom"), system);
        for (gid, text) in &font.text {
            if !text.is_empty() {
                unicode.pair_with_multiple(*gid, text.chars());
            }
        }
        pdf.cmap(cmap, &unicode.finish());
        Ok(())
    }
}

/// What the PDF needs to know of a face, in thousandths of an em.
struct FaceMetrics {
    family: String,
    /// Advance widths by subset glyph id.
    widths: Vec<f32>,
    bbox: Rect,
    ascent: f32,
    descent: f32,
    cap_height: f32,
}

impl FaceMetrics {
    fn read(face: &ttf_parser::Face<'_>, remapper: &subsetter::GlyphRemapper) -> FaceMetrics {
        let em = 1000.0 / f32::from(face.units_per_em());
        let family = face
            .names()
            .into_iter()
            .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME && n.is_unicode())
            .and_then(|n| n.to_string())
            .unwrap_or_else(|| "Font".to_string())
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        let widths = remapper
            .remapped_gids()
            .map(|old| {
                f32::from(
                    face.glyph_hor_advance(ttf_parser::GlyphId(old))
                        .unwrap_or(0),
                ) * em
            })
            .collect();
        let b = face.global_bounding_box();
        FaceMetrics {
            family,
            widths,
            bbox: Rect::new(
                f32::from(b.x_min) * em,
                f32::from(b.y_min) * em,
                f32::from(b.x_max) * em,
                f32::from(b.y_max) * em,
            ),
            ascent: f32::from(face.ascender()) * em,
            descent: f32::from(face.descender()) * em,
            cap_height: f32::from(face.capital_height().unwrap_or(face.ascender())) * em,
        }
    }
}

/// A tiny-skia transform as a PDF matrix.
fn matrix(t: Transform) -> [f32; 6] {
    [t.sx, t.ky, t.kx, t.sy, t.tx, t.ty]
}

/// zlib-compressed bytes (`FlateDecode`).
fn compress(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}
