//! The large CJK fonts of mermaid-render's fallback chain, as static bytes.
//! They live in a crate of their own so that each crate stays under
//! crates.io's size limit; mermaid-render decides how they are used.

#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

/// NanumGothic Regular (SIL OFL 1.1): all 11,172 Hangul syllables, kana and
/// the 4,620 Hanja of KS X 1001. Maps U+005C to a won sign.
pub static NANUM_GOTHIC: &[u8] = include_bytes!("../fonts/NanumGothic.ttf");

/// NanumGothic Bold (SIL OFL 1.1), the same coverage as [`NANUM_GOTHIC`].
pub static NANUM_GOTHIC_BOLD: &[u8] = include_bytes!("../fonts/NanumGothicBold.ttf");

/// Droid Sans Fallback Full (Apache-2.0): the 20,902 CJK unified
/// ideographs, 6,582 of extension A (Simplified and Traditional Chinese),
/// kana and CJK punctuation. One regular face only.
pub static DROID_SANS_FALLBACK: &[u8] = include_bytes!("../fonts/DroidSansFallbackFull.ttf");
