//! SVG to PNG with resvg, using only the bundled fonts.

use std::sync::{Arc, OnceLock};

use crate::error::Error;
use crate::text::font;

/// The font database holding only our bundled fonts, in chain order, built
/// once. Every generic family names the chain's first family, so no text
/// is left undrawn for want of a font the machine would have had.
fn fonts() -> Arc<resvg::usvg::fontdb::Database> {
    static DB: OnceLock<Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = resvg::usvg::fontdb::Database::new();
        // The faces are static data: share them instead of copying.
        for face in font::faces() {
            db.load_font_source(resvg::usvg::fontdb::Source::Binary(Arc::new(face.data)));
        }
        let first = font::families()[0].name.as_str();
        db.set_sans_serif_family(first);
        db.set_serif_family(first);
        db.set_monospace_family(first);
        db.set_cursive_family(first);
        db.set_fantasy_family(first);
        Arc::new(db)
    })
    .clone()
}

/// Parses `svg` with usvg the way [`render`] does (our fonts only).
pub fn parse_svg(svg: &str) -> Result<resvg::usvg::Tree, Error> {
    let options = resvg::usvg::Options {
        font_family: font::families()[0].name.clone(),
        fontdb: fonts(),
        font_resolver: resvg::usvg::FontResolver {
            select_font: resvg::usvg::FontResolver::default_font_selector(),
            // No fallback: our SVGs name the family of every piece of text
            // (`text::font::segments`). usvg shapes a line's whole text
            // with each piece's font, and a fallback font that has every
            // char of the line would replace the piece's own glyphs, so a
            // backslash in a line with Hangul came out as NanumGothic's
            // won sign.
            select_fallback: Box::new(|_, _, _| None),
        },
        ..Default::default()
    };
    resvg::usvg::Tree::from_str(svg, &options).map_err(|e| Error::Raster(e.to_string()))
}

/// Rasterises `svg` at `scale` pixels per unit over `background` (any SVG
/// colour; `None` or `transparent` leaves it clear) and encodes a PNG.
pub fn render(svg: &str, scale: f32, background: Option<&str>) -> Result<Vec<u8>, Error> {
    if !(scale.is_finite() && scale > 0.0) {
        return Err(Error::Raster(format!(
            "scale must be positive, got {scale}"
        )));
    }
    let tree = parse_svg(svg)?;
    let size = tree.size();
    let width = (size.width() * scale).ceil();
    let height = (size.height() * scale).ceil();
    if width * height > 400_000_000.0 {
        return Err(Error::Raster(format!(
            "image of {width}x{height} pixels is too large; lower --scale"
        )));
    }
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width as u32, height as u32)
        .ok_or_else(|| Error::Raster(format!("cannot make a {width}x{height} image")))?;
    if let Some([r, g, b, a]) = super::background_rgba(background) {
        pixmap.fill(resvg::tiny_skia::Color::from_rgba8(r, g, b, a));
    }
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let png = pixmap
        .encode_png()
        .map_err(|e| Error::Raster(e.to_string()))?;
    Ok(with_software_text(png))
}

/// The `tEXt` chunk data `Software` = [`super::GENERATOR`].
pub(crate) const SOFTWARE_TEXT: &[u8] = b"Software\0mermaid-render";

/// `png` with a `tEXt` chunk naming us right after the header chunk, so a
/// later run can tell its own picture (the PNG specification allows text
/// chunks anywhere between `IHDR` and `IEND`).
fn with_software_text(mut png: Vec<u8>) -> Vec<u8> {
    // Signature (8) and IHDR: length (4), type (4), 13 bytes, CRC (4).
    const AFTER_IHDR: usize = 33;
    if png.len() < AFTER_IHDR || png.get(12..16) != Some(b"IHDR") {
        return png;
    }
    let mut chunk = Vec::with_capacity(SOFTWARE_TEXT.len() + 12);
    chunk.extend_from_slice(&(SOFTWARE_TEXT.len() as u32).to_be_bytes());
    chunk.extend_from_slice(b"tEXt");
    chunk.extend_from_slice(SOFTWARE_TEXT);
    let crc = crc32(&chunk[4..]);
    chunk.extend_from_slice(&crc.to_be_bytes());
    png.splice(AFTER_IHDR..AFTER_IHDR, chunk);
    png
}

/// The CRC-32 of PNG chunks (ISO 3309, reflected polynomial 0xEDB88320),
/// bit by bit: it runs over a few dozen bytes once per picture.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `<text>` of `tree`, with the families of the faces its
    /// glyphs came from, char by char.
    fn texts(tree: &resvg::usvg::Tree) -> Vec<(f32, Vec<(String, String)>)> {
        fn walk(
            g: &resvg::usvg::Group,
            db: &resvg::usvg::fontdb::Database,
            out: &mut Vec<(f32, Vec<(String, String)>)>,
        ) {
            for node in g.children() {
                match node {
                    resvg::usvg::Node::Group(g) => walk(g, db, out),
                    resvg::usvg::Node::Text(t) => {
                        let glyphs = t
                            .layouted()
                            .iter()
                            .flat_map(|span| &span.positioned_glyphs)
                            .map(|glyph| {
                                // The family, and `italic` after it for
                                // an italic face.
                                let family = db
                                    .face(glyph.font)
                                    .map(|f| {
                                        let italic = f.style == resvg::usvg::fontdb::Style::Italic;
                                        let style = if italic { " italic" } else { "" };
                                        format!("{}{style}", f.families[0].0)
                                    })
                                    .unwrap_or_default();
                                (glyph.text.clone(), family)
                            })
                            .collect();
                        out.push((t.bounding_box().width(), glyphs));
                    }
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        walk(tree.root(), tree.fontdb(), &mut out);
        out
    }

    #[test]
    fn resvg_draws_each_char_from_the_font_we_measured_it_in() {
        let src = "flowchart LR\n  A[\"DB\\Share 공유 인스턴스\"] --> B[\"`**굵게 bold** and *italic 기울임*`\"]\n  B --> C[\"x\\y\"]";
        let rendered = crate::render(src, &crate::Options::default()).unwrap();
        let tree = parse_svg(&rendered.svg).unwrap();
        let drawn = texts(&tree);
        for node in &rendered.layout.nodes {
            let want = node.label.plain_text();
            let Some((width, glyphs)) = drawn
                .iter()
                .find(|(_, g)| {
                    g.iter().map(|(t, _)| t.as_str()).collect::<String>() == want.replace(' ', "")
                })
                .or_else(|| {
                    drawn.iter().find(|(_, g)| {
                        g.iter().map(|(t, _)| t.as_str()).collect::<String>() == want
                    })
                })
            else {
                panic!("{want:?} not drawn; drawn: {drawn:?}");
            };
            // The width we laid out with is the width resvg draws.
            assert!(
                (width - node.label.width).abs() < 0.05,
                "{want:?}: measured {} drawn {width}",
                node.label.width
            );
            // The glyphs of the word `italic`, where the label has it.
            let joined: String = glyphs.iter().map(|(t, _)| t.as_str()).collect();
            let italic_at = joined
                .find("italic")
                .map(|b| joined[..b].chars().count())
                .filter(|_| want.starts_with("굵게"));
            for (k, (text, family)) in glyphs.iter().enumerate() {
                let hangul = text.chars().all(|c| ('가'..='힣').contains(&c));
                // Italic Latin comes from the italic face; NanumGothic has
                // none, so italic Hangul is upright.
                let italic = italic_at.is_some_and(|at| (at..at + 6).contains(&k));
                let expected = match (hangul, italic) {
                    (true, _) => "NanumGothic",
                    (false, true) => "Liberation Sans italic",
                    (false, false) => "Liberation Sans",
                };
                if text.trim().is_empty() {
                    continue;
                }
                assert_eq!(family, expected, "{text:?} in {want:?}");
            }
        }
        assert!(rendered.svg.contains("x\\y"));
    }

    #[test]
    fn italic_hangul_is_drawn_slanted_where_its_line_puts_it() {
        let src = "flowchart LR\n  A[\"`ab *기울임* cd`\"]";
        let rendered = crate::render(src, &crate::Options::default()).unwrap();
        let node = rendered.layout.nodes[0].rect;
        let tree = parse_svg(&rendered.svg).unwrap();
        let mut drawn = Vec::new();
        fn walk(g: &resvg::usvg::Group, out: &mut Vec<(String, bool, f32, f32, f32)>) {
            for node in g.children() {
                match node {
                    resvg::usvg::Node::Group(g) => walk(g, out),
                    resvg::usvg::Node::Text(t) => {
                        for span in t.layouted().iter().filter(|s| s.visible) {
                            let text: String = span
                                .positioned_glyphs
                                .iter()
                                .map(|g| g.text.as_str())
                                .collect();
                            let ts = t.abs_transform();
                            let b = t.abs_bounding_box();
                            out.push((text, ts.kx != 0.0, b.left(), b.right(), ts.ty));
                        }
                    }
                    _ => {}
                }
            }
        }
        walk(tree.root(), &mut drawn);
        let slanted: Vec<_> = drawn.iter().filter(|d| d.1).collect();
        assert_eq!(slanted.len(), 1, "{drawn:?}");
        let (text, _, left, right, _) = slanted[0];
        assert_eq!(text, "기울임");
        // Between `ab ` and ` cd`, inside the node.
        let upright = drawn.iter().find(|d| !d.1).expect("the upright line");
        assert_eq!(upright.0, "ab ");
        let gap_start = upright.2 + crate::text::text_width("ab ", 16.0, false);
        assert!((left - gap_start).abs() < 3.0, "{left} vs {gap_start}");
        assert!(*left > node.x && *right < node.x + node.width);
    }

    #[test]
    fn crc_matches_the_png_specification_example() {
        // The CRC of an empty IEND chunk, as every PNG ends with it.
        assert_eq!(crc32(b"IEND"), 0xAE42_6082);
    }

    #[test]
    fn pngs_carry_the_software_text_and_stay_readable() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"><rect width="4" height="3" fill="red"/></svg>"#;
        let png = render(svg, 1.0, None).unwrap();
        assert!(crate::output::is_generated(&png));
        let back = resvg::tiny_skia::Pixmap::decode_png(&png).unwrap();
        assert_eq!((back.width(), back.height()), (4, 3));
        assert!(!crate::output::is_generated(&png[..33]));
    }
}
