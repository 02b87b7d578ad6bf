//! Everything that keeps a diagram's text from becoming markup or loading
//! content, in one place: escaping for SVG, the whitelist for style values,
//! the link and picture policies, and the defusing of `themeCSS`. The SVG
//! writer and the parsers call these; nothing else decides what is safe.

/// `s` escaped for SVG content and attribute values, dropping what XML
/// cannot hold (control characters but tab, and U+FFFE, U+FFFF), written
/// straight into a formatter: the SVG writer escapes every value without a
/// string of its own per value.
pub(crate) struct Escaped<'a>(pub &'a str);

/// Whether `s` is written as it is: no byte that escaping changes or drops
/// (markup characters, C0 controls and DEL; 0xC2 and 0xEF start every C1
/// control and U+FFFE/U+FFFF, so text with them takes the careful path).
fn needs_no_escape(s: &str) -> bool {
    s.bytes().all(|b| {
        !matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'' | 0x7f | 0xc2 | 0xef)
            && (b >= 0x20 || b == b'\t')
    })
}

/// Appends `s`, escaped as [`Escaped`] writes it, to `out`.
pub(crate) fn push_escaped(out: &mut String, s: &str) {
    if needs_no_escape(s) {
        out.push_str(s);
    } else {
        use std::fmt::Write;
        let _ = write!(out, "{}", Escaped(s));
    }
}

impl std::fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = self.0;
        if needs_no_escape(s) {
            return f.write_str(s);
        }
        let mut clean = 0;
        for (i, c) in s.char_indices() {
            let replacement = match c {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                c if c.is_control() && c != '\t' => "",
                '\u{fffe}' | '\u{ffff}' => "",
                _ => continue,
            };
            f.write_str(&s[clean..i])?;
            f.write_str(replacement)?;
            clean = i + c.len_utf8();
        }
        f.write_str(&s[clean..])
    }
}

/// A CSS value if it is plainly a colour, length, number or keyword list:
/// letters, digits, `#`, `.`, `,`, `%`, `-`, spaces and plain `rgb()`-style
/// calls. Anything else (quotes, `<`, `;`, `url(`, `expression(`) is
/// dropped, so no value can break out of its attribute.
pub(crate) fn css_value(v: &str) -> Option<String> {
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

/// `css` as the character data of a `<style>` element. The text is
/// escaped as XML character data (`&`, `<`, `>`) instead of being wrapped
/// in CDATA, so no content can end the element, end a CDATA section or
/// start an element; XML parsers, and HTML parsers for an SVG inlined in a
/// page, decode the escapes before the CSS parser sees the text. Control
/// characters that XML forbids become spaces.
pub(crate) fn style_text(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
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
    out
}

/// A link target if its scheme is safe (http, https, mailto, relative):
/// the parser already dropped other links with a warning; this is the
/// second line of defence for scenes built by hand.
pub(crate) fn safe_url(url: &str) -> Option<String> {
    link_is_safe(url).then(|| url.trim().to_string())
}

/// True when a `click` link may be kept: `http:`, `https:`, `mailto:` or a
/// relative address. The scheme is read the way a lenient browser might
/// read it: after decoding HTML entities (`&#x09;`, `&colon;`) and Mermaid
/// entity codes (`#colon;`), and without blanks, control and zero-width
/// characters, so `jav&#x09;ascript:` counts as `javascript:`. Everything
/// else (`javascript:`, `vbscript:`, `data:`, `file:`, …) is refused.
pub fn link_is_safe(url: &str) -> bool {
    let plain: String = decode_link_entities(url)
        .chars()
        .filter(|&c| {
            !(c.is_whitespace()
                || c.is_control()
                || matches!(
                    c,
                    '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}'
                ))
        })
        .collect::<String>()
        .to_ascii_lowercase();
    let Some(colon) = plain.find(':') else {
        return true;
    };
    // A `/`, `?` or `#` before the first `:` makes it a relative address.
    if plain[..colon].contains(['/', '?', '#']) {
        return true;
    }
    matches!(&plain[..colon], "http" | "https" | "mailto")
}

/// Decodes the entities that can hide a scheme: HTML numeric ones (`&#58;`,
/// `&#x3a;`, the `;` optional as browsers allow), Mermaid's (`#58;`) and
/// the names `colon`, `tab` and `newline` (`&colon;`, `#colon;`). Anything
/// else stays as written.
fn decode_link_entities(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    let mut rest = url;
    while let Some(pos) = rest.find(['&', '#']) {
        out.push_str(&rest[..pos]);
        let html_numeric = rest[pos..].starts_with("&#");
        let body = &rest[pos + if html_numeric { 2 } else { 1 }..];
        match entity(body, html_numeric) {
            Some((c, len)) => {
                out.push(c);
                rest = &body[len..];
            }
            None => {
                out.push_str(&rest[pos..pos + 1]);
                rest = &rest[pos + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character an entity body (after `&#`, `&` or `#`) stands for, and
/// the bytes it takes with its `;`.
fn entity(body: &str, html_numeric: bool) -> Option<(char, usize)> {
    let (radix, from) = match body.as_bytes().first() {
        Some(b'x' | b'X') => (16, 1),
        _ => (10, 0),
    };
    let digits = body[from..]
        .bytes()
        .take_while(|b| (*b as char).is_digit(radix))
        .count();
    let semicolon = body[from + digits..].starts_with(';');
    if digits > 0 && (semicolon || html_numeric) {
        let code = u32::from_str_radix(&body[from..from + digits], radix).unwrap_or(u32::MAX);
        let c = char::from_u32(code).unwrap_or('\u{fffd}');
        return Some((c, from + digits + usize::from(semicolon)));
    }
    if html_numeric {
        return None;
    }
    [("colon;", ':'), ("tab;", '\t'), ("newline;", '\n')]
        .into_iter()
        .find(|(name, _)| {
            body.get(..name.len())
                .is_some_and(|b| b.eq_ignore_ascii_case(name))
        })
        .map(|(name, c)| (c, name.len()))
}

/// A `data:` URI of a raster or SVG image, base64 encoded, with nothing
/// that could leave the attribute.
pub(crate) fn safe_image_data(uri: &str) -> bool {
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

/// `css` without the constructs that load content (`url(`, `@import`,
/// `image-set(`, `expression(`) and without backslashes (CSS escapes could
/// spell those in disguise); `true` when anything was removed. Matching is
/// case-insensitive. One pass: each character is appended and a token that
/// now ends the output is cut off, so removing one token cannot join the
/// halves of another (the output never holds a whole token) and the cost
/// stays linear.
pub(crate) fn defuse_css(css: &str) -> (String, bool) {
    const BANNED: [&str; 4] = ["url(", "@import", "image-set(", "expression("];
    let mut out = String::with_capacity(css.len());
    let mut removed = false;
    for c in css.chars() {
        if c == '\\' {
            removed = true;
            continue;
        }
        out.push(c);
        for b in BANNED {
            let n = out.len();
            if n >= b.len()
                && out.is_char_boundary(n - b.len())
                && out[n - b.len()..].eq_ignore_ascii_case(b)
            {
                out.truncate(n - b.len());
                removed = true;
                break;
            }
        }
    }
    (out, removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_changes_markup_and_drops_what_xml_cannot_hold() {
        let cases = [
            ("plain #fff 12.5", "plain #fff 12.5"),
            ("a<b>&\"c'", "a&lt;b&gt;&amp;&quot;c&#39;"),
            (
                "tab\tkept, bell\u{7} and del\u{7f} dropped",
                "tab\tkept, bell and del dropped",
            ),
            ("C1\u{85} dropped, © kept", "C1 dropped, © kept"),
            ("\u{fffe}\u{ffff}\u{fffd}", "\u{fffd}"),
            ("한글 그대로", "한글 그대로"),
        ];
        for (raw, escaped) in cases {
            assert_eq!(Escaped(raw).to_string(), escaped, "{raw:?}");
            let mut out = String::from(">");
            push_escaped(&mut out, raw);
            assert_eq!(out, format!(">{escaped}"), "{raw:?}");
        }
    }
}
