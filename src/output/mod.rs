//! From the one SVG to the other formats: PNG through resvg, PDF through
//! usvg's tree and pdf-writer. Both take any SVG the writer made, of any
//! family.

pub(crate) mod pdf;
pub(crate) mod png;

/// The name every picture we write carries (the SVG root's
/// `data-generator`, a PNG `Software` text chunk, the PDF producer), so the
/// command line can tell its own earlier output from a file of the user's.
pub(crate) const GENERATOR: &str = "mermaid-render";

/// Whether `head`, the start of a file (its first 4 KiB, or all of a PDF),
/// is a picture this crate wrote: it carries [`GENERATOR`], or it is an SVG
/// of the flowchart writer from before the mark (root attributes in the
/// order only that writer used).
pub(crate) fn is_generated(head: &[u8]) -> bool {
    let first_line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    let has = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
    if head.starts_with(b"<svg ") {
        let mark = format!(" data-generator=\"{GENERATOR}\"");
        return has(first_line, mark.as_bytes())
            || (head.starts_with(b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                && has(
                    first_line,
                    b"\" role=\"img\" aria-roledescription=\"flowchart\"",
                ));
    }
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        return head.get(33..).is_some_and(|rest| {
            rest.get(4..8) == Some(b"tEXt") && rest[8..].starts_with(png::SOFTWARE_TEXT)
        });
    }
    if head.starts_with(b"%PDF-") {
        return has(head, format!("/Producer ({GENERATOR})").as_bytes());
    }
    false
}

/// The colour painted behind a PNG or PDF page for `background` (any CSS
/// colour) as red, green, blue and alpha, or `None` to leave it clear
/// (`transparent`, a zero alpha, or text that is no colour).
pub(crate) fn background_rgba(background: Option<&str>) -> Option<[u8; 4]> {
    let c: svgtypes::Color = background?.trim().parse().ok()?;
    (c.alpha > 0).then_some([c.red, c.green, c.blue, c.alpha])
}
