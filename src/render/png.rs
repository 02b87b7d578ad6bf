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
    pixmap
        .encode_png()
        .map_err(|e| Error::Raster(e.to_string()))
}

/// Any CSS colour (`#rgb`, `#rrggbb`, `red`, `rgb(…)`); `None` for
/// `transparent` or what does not parse.
fn parse_color(s: &str) -> Option<resvg::tiny_skia::Color> {
    let c: svgtypes::Color = s.trim().parse().ok()?;
    (c.alpha > 0).then(|| resvg::tiny_skia::Color::from_rgba8(c.red, c.green, c.blue, c.alpha))
}
