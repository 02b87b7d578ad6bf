//! SVG to PNG with resvg, using only the bundled font.

use std::sync::{Arc, OnceLock};

use crate::error::Error;
use crate::text::{FONT_DATA, FONT_DATA_BOLD, FONT_FAMILY};

/// The font database holding only our bundled font, built once.
fn fonts() -> Arc<resvg::usvg::fontdb::Database> {
    static DB: OnceLock<Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = resvg::usvg::fontdb::Database::new();
        // The faces are static data: share them instead of copying.
        for face in [FONT_DATA, FONT_DATA_BOLD] {
            db.load_font_source(resvg::usvg::fontdb::Source::Binary(Arc::new(face)));
        }
        db.set_sans_serif_family(FONT_FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// Parses `svg` with usvg the way [`render`] does (our font only).
pub fn parse_svg(svg: &str) -> Result<resvg::usvg::Tree, Error> {
    let options = resvg::usvg::Options {
        font_family: FONT_FAMILY.to_string(),
        fontdb: fonts(),
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
    if let Some(color) = background.and_then(parse_color) {
        pixmap.fill(color);
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

/// Any CSS colour (`#rgb`, `#rrggbb`, `red`, `rgb(…)`); `None` for
/// `transparent` or what does not parse.
fn parse_color(s: &str) -> Option<resvg::tiny_skia::Color> {
    let c: svgtypes::Color = s.trim().parse().ok()?;
    (c.alpha > 0).then(|| resvg::tiny_skia::Color::from_rgba8(c.red, c.green, c.blue, c.alpha))
}

#[cfg(test)]
mod tests {
    use super::*;

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
