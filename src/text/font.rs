//! The bundled fonts as one fallback chain: each character is set in the
//! first family of the chain ([`families`]) that has a glyph for it. Measuring, line
//! breaking, the SVG (which names the family of every piece of text that
//! is not in the first one) and so PNG and PDF all follow this one rule,
//! so the width we lay out with is the width drawn everywhere.

use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::OnceLock;

/// A font family of the chain.
#[derive(Debug)]
pub struct Family {
    /// The family name in the font files (what the PNG's font database
    /// knows it by).
    pub name: String,
    /// The CSS `font-family` list written into SVGs for text set in this
    /// family: the family first, then fonts with the same metrics or
    /// coverage that viewers commonly have.
    pub css: String,
    /// Whether the family has its own italic faces; without them italic
    /// text is slanted.
    pub has_italic: bool,
    /// Whether the family has its own bold faces; without them bold text
    /// is emboldened by an outline of its own colour.
    pub has_bold: bool,
    /// Whether white space after a char of this family is set in it too
    /// (so `한국 어` is one piece); Noto Emoji's space is over an em wide,
    /// so spaces between emoji come from the chain's first family instead.
    pub own_spaces: bool,
}

/// One font file of the chain.
#[derive(Debug)]
pub struct Face {
    /// The font file.
    pub data: &'static [u8],
    /// Index of its family in [`families`].
    pub family: usize,
    /// Bold face.
    pub bold: bool,
    /// Italic face.
    pub italic: bool,
}

/// The bundled families, in chain order: (name in the font files, CSS
/// `font-family` list, has italic faces, keeps the spaces after its chars;
/// see [`Family`]).
///
/// - Liberation Sans (SIL OFL 1.1, `fonts/LiberationSans-OFL.txt`) has
///   Arial's metrics, one of Mermaid's default fonts, and a real backslash.
/// - NanumGothic (SIL OFL 1.1, in the `mermaid-render-cjk-fonts` crate) has
///   all 11,172 Hangul syllables, kana and the Hanja of KS X 1001.
/// - Droid Sans Fallback (Apache-2.0, same crate) has the rest of the CJK
///   ideographs: Simplified and Traditional Chinese.
/// - Noto Emoji (SIL OFL 1.1, `fonts/NotoEmoji-OFL.txt`): monochrome
///   outline emoji, so PNG and PDF keep them as glyphs.
/// - DejaVu Sans (Bitstream Vera licence, `fonts/DejaVuSans-LICENSE.txt`):
///   arrows, maths, box drawing, dingbats and other symbols.
const BUNDLED: [(&str, &str, bool, bool); 5] = [
    (
        "Liberation Sans",
        "'Liberation Sans', Arial, Helvetica, NanumGothic, 'Nanum Gothic', \
         'Noto Sans KR', 'Malgun Gothic', 'Apple SD Gothic Neo', sans-serif",
        true,
        true,
    ),
    (
        "NanumGothic",
        "NanumGothic, 'Nanum Gothic', 'Noto Sans KR', 'Noto Sans CJK KR', \
         'Malgun Gothic', 'Apple SD Gothic Neo', sans-serif",
        false,
        true,
    ),
    (
        "Droid Sans Fallback",
        "'Droid Sans Fallback', 'Noto Sans CJK SC', 'Noto Sans SC', \
         'Microsoft YaHei', 'PingFang SC', sans-serif",
        false,
        true,
    ),
    (
        "Noto Emoji",
        "'Noto Emoji', 'Apple Color Emoji', 'Segoe UI Emoji', \
         'Noto Color Emoji', sans-serif",
        false,
        false,
    ),
    (
        "DejaVu Sans",
        "'DejaVu Sans', 'Segoe UI Symbol', 'Apple Symbols', sans-serif",
        false,
        true,
    ),
];

/// The bundled font files: (data, family in [`BUNDLED`], bold, italic).
const BUNDLED_FACES: [(&[u8], usize, bool, bool); 9] = [
    (
        include_bytes!("../../fonts/LiberationSans-Regular.ttf"),
        0,
        false,
        false,
    ),
    (
        include_bytes!("../../fonts/LiberationSans-Bold.ttf"),
        0,
        true,
        false,
    ),
    (
        include_bytes!("../../fonts/LiberationSans-Italic.ttf"),
        0,
        false,
        true,
    ),
    (
        include_bytes!("../../fonts/LiberationSans-BoldItalic.ttf"),
        0,
        true,
        true,
    ),
    (mermaid_render_cjk_fonts::NANUM_GOTHIC, 1, false, false),
    (mermaid_render_cjk_fonts::NANUM_GOTHIC_BOLD, 1, true, false),
    (mermaid_render_cjk_fonts::DROID_SANS_FALLBACK, 2, false, false),
    (
        include_bytes!("../../fonts/NotoEmoji-Regular.ttf"),
        3,
        false,
        false,
    ),
    (include_bytes!("../../fonts/DejaVuSans.ttf"), 4, false, false),
];

/// The chain: the caller's fonts ([`add_fonts`]) first, then the bundled
/// ones; built once, on first use.
struct Chain {
    families: Vec<Family>,
    faces: Vec<Face>,
    metrics: Vec<OnceLock<Metrics>>,
    /// Per family, the face [`face_index`] picks for regular, italic, bold
    /// and bold italic text (looked up once: it is asked per char).
    styles: Vec<[usize; 4]>,
}

/// Font files given with [`add_fonts`], before the chain was built.
static EXTRA: OnceLock<Vec<&'static [u8]>> = OnceLock::new();
static CHAIN: OnceLock<Chain> = OnceLock::new();

fn chain() -> &'static Chain {
    CHAIN.get_or_init(|| {
        let mut families: Vec<Family> = Vec::new();
        let mut faces = Vec::new();
        for &data in EXTRA.get().map_or(&[][..], Vec::as_slice) {
            // Checked by `add_fonts`.
            let Ok(face) = ttf_parser::Face::parse(data, 0) else {
                continue;
            };
            let name = family_name(&face);
            let family = match families.iter().position(|f| f.name == name) {
                Some(i) => i,
                None => {
                    families.push(Family {
                        css: format!("'{name}', {}", BUNDLED[0].1),
                        name,
                        has_italic: false,
                        has_bold: false,
                        own_spaces: true,
                    });
                    families.len() - 1
                }
            };
            families[family].has_italic |= face.is_italic();
            families[family].has_bold |= face.is_bold();
            faces.push(Face {
                data,
                family,
                bold: face.is_bold(),
                italic: face.is_italic(),
            });
        }
        let first_bundled = families.len();
        for (i, (name, css, has_italic, own_spaces)) in BUNDLED.into_iter().enumerate() {
            families.push(Family {
                name: name.to_string(),
                css: css.to_string(),
                has_italic,
                has_bold: BUNDLED_FACES.iter().any(|f| f.1 == i && f.2),
                own_spaces,
            });
        }
        for (data, family, bold, italic) in BUNDLED_FACES {
            faces.push(Face {
                data,
                family: first_bundled + family,
                bold,
                italic,
            });
        }
        let metrics = faces.iter().map(|_| OnceLock::new()).collect();
        let styles = (0..families.len())
            .map(|family| {
                [(false, false), (false, true), (true, false), (true, true)]
                    .map(|(bold, italic)| pick_face(&faces, family, bold, italic))
            })
            .collect();
        Chain {
            families,
            faces,
            metrics,
            styles,
        }
    })
}

/// A face's family name (typographic, else legacy), without the quotes
/// and backslashes that would end a CSS string.
fn family_name(face: &ttf_parser::Face<'_>) -> String {
    let names = face.names();
    let pick = |id: u16| {
        names
            .into_iter()
            .filter(|n| n.name_id == id && n.is_unicode())
            .find_map(|n| n.to_string())
    };
    pick(ttf_parser::name_id::TYPOGRAPHIC_FAMILY)
        .or_else(|| pick(ttf_parser::name_id::FAMILY))
        .unwrap_or_else(|| "User Font".to_string())
        .chars()
        .filter(|c| !matches!(c, '\'' | '"' | '\\' | '<' | '>' | '&') && !c.is_control())
        .collect()
}

/// Puts the fonts in `files` (TrueType or OpenType) in front of the
/// bundled ones, in order. Must come before any text is measured or drawn
/// (the command line calls it first); fails when a file is no font or
/// the chain is already in use.
pub fn add_fonts(files: Vec<Vec<u8>>) -> Result<(), String> {
    for (i, data) in files.iter().enumerate() {
        add_fonts_check(data).map_err(|e| format!("font {}: {e}", i + 1))?;
    }
    if CHAIN.get().is_some() {
        return Err("fonts must be added before the first diagram is drawn".to_string());
    }
    // Kept for the whole run, as the bundled fonts are.
    let leaked = files
        .into_iter()
        .map(|d| &*Box::leak(d.into_boxed_slice()))
        .collect();
    EXTRA
        .set(leaked)
        .map_err(|_| "fonts can be added only once".to_string())
}

/// Why [`add_fonts`] would refuse `data`, if it would.
pub fn add_fonts_check(data: &[u8]) -> Result<(), String> {
    ttf_parser::Face::parse(data, 0)
        .map(|_| ())
        .map_err(|e| format!("not a TrueType or OpenType font ({e})"))
}

/// The families of the chain, in order.
pub fn families() -> &'static [Family] {
    &chain().families
}

/// Every font file of the chain, in chain order.
pub fn faces() -> &'static [Face] {
    &chain().faces
}

/// The face of `family` drawn for `bold`/`italic` text: the exact style,
/// else the upright one of the same weight (as font matching picks it),
/// else any face of the family.
pub fn face_index(family: usize, bold: bool, italic: bool) -> usize {
    chain()
        .styles
        .get(family)
        .map_or(0, |s| s[usize::from(bold) * 2 + usize::from(italic)])
}

/// [`face_index`] worked out from the list of faces.
fn pick_face(faces: &[Face], family: usize, bold: bool, italic: bool) -> usize {
    let find = |bold: bool, italic: bool| {
        faces
            .iter()
            .position(|f| f.family == family && f.bold == bold && f.italic == italic)
    };
    find(bold, italic)
        .or_else(|| find(bold, false))
        .or_else(|| faces.iter().position(|f| f.family == family))
        .unwrap_or(0)
}

/// Advance widths per char, in font units, for one face.
struct Metrics {
    units_per_em: f32,
    /// Advances of the Basic Multilingual Plane in pages of [`PAGE`]
    /// chars, each page made when one of its chars is first asked for and
    /// each slot filled in then ([`NOT_YET`] until then, [`NO_GLYPH`] for
    /// chars the face lacks): looking all of them up at start cost more
    /// than the rest of a small diagram's run, and looking one up in the
    /// face's `cmap` each time it is measured cost a third of a Korean
    /// diagram's.
    pages: Box<[OnceLock<Box<[AtomicU16]>>]>,
    face: ttf_parser::Face<'static>,
    /// Advance of the face's `.notdef` glyph, drawn for chars no face has.
    missing: u16,
}

/// A slot of [`Metrics::pages`] not looked up yet (no glyph is that wide).
const NOT_YET: u16 = u16::MAX;
/// A slot of [`Metrics::pages`] for a char the face has no glyph for.
const NO_GLYPH: u16 = u16::MAX - 1;
/// Chars per page of [`Metrics::pages`].
const PAGE: usize = 256;

impl Metrics {
    fn load(data: &'static [u8]) -> Metrics {
        // The fonts ship with the crate; failing to parse one is a build
        // defect that every test would catch, so treat it as such.
        let face = ttf_parser::Face::parse(data, 0).expect("bundled font parses");
        let missing = face
            .glyph_hor_advance(ttf_parser::GlyphId(0))
            .unwrap_or(500)
            .min(NO_GLYPH - 1);
        Metrics {
            units_per_em: f32::from(face.units_per_em()),
            pages: (0..0x10000 / PAGE).map(|_| OnceLock::new()).collect(),
            face,
            missing,
        }
    }

    fn lookup(&self, c: char) -> u16 {
        self.face
            .glyph_index(c)
            .filter(|g| g.0 != 0)
            .map(|g| self.face.glyph_hor_advance(g).unwrap_or(0))
            .map_or(NO_GLYPH, |a| a.min(NO_GLYPH - 1))
    }

    /// The advance of `c` in font units, `None` when the face lacks it.
    fn advance(&self, c: char) -> Option<u16> {
        let page = self.pages.get(c as usize / PAGE).map(|p| {
            p.get_or_init(|| (0..PAGE).map(|_| AtomicU16::new(NOT_YET)).collect())
        });
        let a = match page.and_then(|p| p.get(c as usize % PAGE)) {
            None => self.lookup(c),
            // Threads that race here store the same value, so the result
            // never depends on who wins.
            Some(slot) => match slot.load(Ordering::Relaxed) {
                NOT_YET => {
                    let a = self.lookup(c);
                    slot.store(a, Ordering::Relaxed);
                    a
                }
                a => a,
            },
        };
        (a != NO_GLYPH).then_some(a)
    }
}

fn metrics(face: usize) -> &'static Metrics {
    let c = chain();
    let face = face.min(c.faces.len() - 1);
    c.metrics[face].get_or_init(|| Metrics::load(c.faces[face].data))
}

/// Where one char is set: the family, and its advance in px at 1 px per
/// em; `found` is false when no family has the char (it is drawn as the
/// family's empty box).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    /// Index into [`families`].
    pub family: usize,
    /// Advance at a font size of 1 px.
    pub advance: f32,
    /// Whether the family has a glyph for the char.
    pub found: bool,
}

/// The family `c` is set in, given the family of the char before it
/// (`prev`). The first family of the chain with a glyph wins, except that
/// white space stays in the family before it where that family keeps its
/// spaces ([`Family::own_spaces`]), so `한국 어` is one piece of
/// text; a char no family has also stays with the one before (or the
/// first family).
pub fn place(c: char, prev: Option<usize>, bold: bool, italic: bool) -> Placed {
    let at = |family: usize| {
        let m = metrics(face_index(family, bold, italic));
        m.advance(c).map(|a| Placed {
            family,
            advance: f32::from(a) / m.units_per_em,
            found: true,
        })
    };
    if c.is_whitespace() {
        let keeps = prev.filter(|&p| families().get(p).is_some_and(|f| f.own_spaces));
        if let Some(p) = keeps.and_then(at) {
            return p;
        }
    }
    if is_invisible(c) {
        // A variation selector or joiner belongs to the char before it
        // (`🛠️`, `👨‍💻` are one piece for the shaper); where that family
        // lacks it the shaper hides it, so it takes no room.
        let family = prev.unwrap_or(0);
        return at(family).unwrap_or(Placed {
            family,
            advance: 0.0,
            found: true,
        });
    }
    if let Some(p) = (0..families().len()).find_map(at) {
        return p;
    }
    let family = prev.unwrap_or(0);
    let m = metrics(face_index(family, bold, italic));
    Placed {
        family,
        advance: f32::from(m.missing) / m.units_per_em,
        found: false,
    }
}

/// `text` cut into pieces each set in one family, left to right, with the
/// family's index into [`families`].
pub fn segments(text: &str, bold: bool, italic: bool) -> Vec<(usize, &str)> {
    let mut out: Vec<(usize, &str)> = Vec::new();
    let mut start = 0;
    let mut prev: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_control() {
            continue;
        }
        let family = place(c, prev, bold, italic).family;
        if let Some(p) = prev.filter(|&p| p != family) {
            out.push((p, &text[start..i]));
            start = i;
        }
        prev = Some(family);
    }
    out.push((prev.unwrap_or(0), &text[start..]));
    out.retain(|(_, s)| !s.is_empty());
    out
}

/// Width in px of `text` set through the chain at `font_size` px.
pub fn width(text: &str, font_size: f32, bold: bool, italic: bool) -> f32 {
    let mut prev = None;
    let mut em = 0.0;
    for c in text.chars().filter(|c| !c.is_control()) {
        let p = place(c, prev, bold, italic);
        em += p.advance;
        prev = Some(p.family);
    }
    em * font_size
}

/// The chars of `text` that no family of the chain can draw, in order,
/// each once.
pub fn missing_chars(text: &str) -> Vec<char> {
    let mut out: Vec<char> = Vec::new();
    for c in text.chars() {
        // Every chain ends with the bundled fonts, whose Latin face has
        // all of ASCII.
        if c.is_ascii() || c.is_control() || c.is_whitespace() || is_invisible(c) || out.contains(&c) {
            continue;
        }
        if !place(c, None, false, false).found {
            out.push(c);
        }
    }
    out
}

/// Format characters drawn as nothing even where a font lacks them
/// (variation selectors, zero-width joiners and spaces).
fn is_invisible(c: char) -> bool {
    matches!(c as u32, 0x200B..=0x200F | 0x2060..=0x2064 | 0xFE00..=0xFE0F | 0xFEFF | 0xE0100..=0xE01EF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_comes_from_the_latin_font_and_hangul_from_nanum() {
        assert_eq!(place('\\', None, false, false).family, 0);
        assert_eq!(place('a', None, true, true).family, 0);
        assert_eq!(place('한', None, false, false).family, 1);
        assert_eq!(place('한', None, false, true).family, 1);
        // The space between Hangul words stays with them.
        assert_eq!(
            segments("DB\\x 한국 어!", false, false),
            [(0, "DB\\x "), (1, "한국 어"), (0, "!")]
        );
    }

    #[test]
    fn the_backslash_is_a_backslash_not_a_won_sign() {
        // NanumGothic maps U+005C to a won sign; the glyph we measure and
        // draw must be the Latin font's, and it is narrower than `₩`.
        let face = ttf_parser::Face::parse(faces()[0].data, 0).unwrap();
        let glyph = face.glyph_index('\\').unwrap();
        assert_eq!(face.glyph_name(glyph), Some("backslash"));
        assert!(width("\\", 16.0, false, false) < width("₩", 16.0, false, false));
    }

    #[test]
    fn italic_faces_have_their_own_metrics() {
        assert_ne!(face_index(0, false, true), face_index(0, false, false));
        assert_eq!(face_index(1, false, true), face_index(1, false, false));
        assert_eq!(face_index(1, true, true), face_index(1, true, false));
    }

    #[test]
    fn chars_no_font_has_are_listed_once() {
        let private_use = '\u{E000}';
        assert_eq!(
            missing_chars(&format!("请 {private_use} 🚀 한 \u{10FFFD} {private_use} a\u{FE0F}")),
            [private_use, '\u{10FFFD}']
        );
        assert!(missing_chars("Hello, 세계 \\ ₩ é 请头确执 日本語 🛠️🚀✅❌ ✓ ⇒ ∀").is_empty());
    }

    #[test]
    fn chinese_emoji_and_symbols_have_their_own_families() {
        let family = |c: char| families()[place(c, None, false, false).family].name.as_str();
        for c in "请头确执负责结".chars() {
            assert_eq!(family(c), "Droid Sans Fallback", "{c}");
        }
        // Han that NanumGothic has stays there, as before.
        assert_eq!(family('日'), "NanumGothic");
        assert_eq!(family('體'), "NanumGothic");
        for c in "🛠🚀✅❌".chars() {
            assert_eq!(family(c), "Noto Emoji", "{c}");
        }
        for c in "✓✗⌘⇶⟶".chars() {
            assert_eq!(family(c), "DejaVu Sans", "{c}");
        }
        // The emoji's variation selector stays in its piece, taking no
        // room; the spaces between emoji are the Latin font's, not Noto
        // Emoji's, which are over an em wide.
        let emoji = place('🚀', None, false, false).family;
        assert_eq!(
            segments("a 🛠️ 🚀 b", false, false),
            [(0, "a "), (emoji, "🛠️"), (0, " "), (emoji, "🚀"), (0, " b")]
        );
        assert_eq!(width("🛠\u{FE0F}", 16.0, false, false), width("🛠", 16.0, false, false));
    }
}
