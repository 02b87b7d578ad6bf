//! The bundled fallback chain as a reader sees it: every script and symbol
//! a label is likely to hold is drawn with a real glyph in the PNG (not the
//! missing-glyph box, and `\` not as a won sign), and the PDF's text layer
//! gives the characters back.

use std::collections::BTreeMap;

use mermaid_render::{render, render_pdf, render_svg, svg_to_png, Options};

/// One label per script or style, with the characters that must draw.
const LABELS: [(&str, &str); 7] = [
    ("backslash", "DBServer\\SharedDbInstance"),
    ("simplified", "请头确执负责结"),
    ("traditional", "繁體中文臺灣"),
    ("japanese", "日本語 かな カナ"),
    ("korean", "한국어 라벨"),
    ("emoji", "🛠️ 🚀 ✅ ❌"),
    ("symbols", "✓ ✗ ⇒ ★ ⌘"),
];

fn flowchart(label: &str) -> String {
    format!("flowchart LR\n  A[\"{label}\"]\n")
}

/// `svg` with `from` replaced by `to` in the character data of its
/// `<text>` elements only (never in markup, styles or titles).
fn replace_in_text(svg: &str, from: char, to: char) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut in_tag = false;
    let mut in_text = false;
    let mut tag = String::new();
    for c in svg.chars() {
        match c {
            '<' => {
                in_tag = true;
                tag.clear();
            }
            '>' if in_tag => {
                in_tag = false;
                if tag.starts_with("text") {
                    in_text = true;
                } else if tag.starts_with("/text") {
                    in_text = false;
                }
            }
            _ if in_tag => tag.push(c),
            _ => {}
        }
        out.push(if !in_tag && in_text && c == from {
            to
        } else {
            c
        });
    }
    out
}

/// A private-use character: no bundled font has it, so it is drawn as the
/// missing-glyph box of whatever family its piece names.
const NO_GLYPH: char = '\u{E000}';

fn png(svg: &str) -> Vec<u8> {
    svg_to_png(svg, 1.0, Some("white")).unwrap()
}

#[test]
fn every_script_draws_real_glyphs_in_png() {
    for (what, label) in LABELS {
        let source = flowchart(label);
        let rendered = render(&source, &Options::default()).unwrap();
        assert!(
            rendered.warnings.is_empty(),
            "{what}: {:?}",
            rendered.warnings
        );
        let svg = rendered.svg;
        let drawn = png(&svg);
        for c in label
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{FE0F}')
        {
            // In the same piece of text (same font family), the box for a
            // char no font has: a char drawn as the box would give the
            // same picture.
            let boxed = replace_in_text(&svg, c, NO_GLYPH);
            assert_ne!(boxed, svg, "{what}: {c:?} is not in the SVG text");
            assert_ne!(
                png(&boxed),
                drawn,
                "{what}: {c:?} (U+{:04X}) is drawn as the missing-glyph box",
                c as u32
            );
        }
    }
}

#[test]
fn a_backslash_is_not_drawn_as_a_won_sign() {
    // Beside Hangul too: NanumGothic, the Hangul font, maps U+005C to ₩.
    for label in ["DBServer\\SharedDbInstance", "DB\\공유 인스턴스"] {
        let svg = render_svg(&flowchart(label), &Options::default()).unwrap();
        let won = replace_in_text(&svg, '\\', '₩');
        assert_ne!(won, svg);
        assert_ne!(png(&won), png(&svg), "{label}: `\\` looks like `₩`");
    }
}

#[test]
fn italic_and_bold_use_their_own_faces_in_png() {
    // Latin has real italic and bold faces, Hangul a bold face and a
    // synthesised slant: each styled label is drawn unlike the plain one.
    for word in ["italic", "기울임", "请头"] {
        let plain =
            png(&render_svg(&flowchart(&format!("`{word}`")), &Options::default()).unwrap());
        for styled in [format!("`*{word}*`"), format!("`**{word}**`")] {
            let svg = render_svg(&flowchart(&styled), &Options::default()).unwrap();
            assert_ne!(png(&svg), plain, "{styled} is drawn as plain text");
        }
    }
}

/// The PDF's objects by number: the dictionary text and, for a stream, its
/// data inflated.
fn objects(pdf: &[u8]) -> BTreeMap<u32, (String, Vec<u8>)> {
    let mut out = BTreeMap::new();
    let marker = b" 0 obj";
    let mut at = 0;
    while let Some(k) = find(&pdf[at..], marker) {
        let end = at + k;
        let start = pdf[..end]
            .iter()
            .rposition(|b| !b.is_ascii_digit())
            .map_or(0, |p| p + 1);
        let number: Option<u32> = std::str::from_utf8(&pdf[start..end])
            .ok()
            .and_then(|n| n.parse().ok());
        let body_start = end + marker.len();
        let body_end = find(&pdf[body_start..], b"endobj").map_or(pdf.len(), |e| body_start + e);
        let body = &pdf[body_start..body_end];
        let (dict, data) = match find(body, b"stream\n") {
            Some(s) => {
                let raw = &body[s + 7..];
                let raw = &raw[..find(raw, b"\nendstream").unwrap_or(raw.len())];
                let dict = String::from_utf8_lossy(&body[..s]).into_owned();
                let data = if dict.contains("/FlateDecode") {
                    miniz_oxide::inflate::decompress_to_vec_zlib(raw).expect("stream inflates")
                } else {
                    raw.to_vec()
                };
                (dict, data)
            }
            None => (String::from_utf8_lossy(body).into_owned(), Vec::new()),
        };
        if let Some(n) = number {
            out.insert(n, (dict, data));
        }
        at = body_end;
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The number after `key` in `dict` (`/Key 12 0 R`).
fn reference(dict: &str, key: &str) -> Option<u32> {
    let at = dict.find(key)? + key.len();
    dict[at..].split_whitespace().next()?.parse().ok()
}

/// A ToUnicode CMap's `beginbfchar` pairs: glyph code to text.
fn unicode_map(cmap: &[u8]) -> BTreeMap<u16, String> {
    let text = String::from_utf8_lossy(cmap);
    let mut out = BTreeMap::new();
    for block in text.split("beginbfchar").skip(1) {
        let block = block.split("endbfchar").next().unwrap_or("");
        let hex: Vec<&str> = block
            .split(['<', '>'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        for pair in hex.chunks(2) {
            let [code, utf16] = pair else { continue };
            let units: Vec<u16> = (0..utf16.len() / 4)
                .map(|i| u16::from_str_radix(&utf16[i * 4..i * 4 + 4], 16).unwrap())
                .collect();
            out.insert(
                u16::from_str_radix(code, 16).unwrap(),
                String::from_utf16(&units).unwrap(),
            );
        }
    }
    out
}

/// The bytes of the PDF literal string starting after `(` in `s`, and
/// where it ends.
fn literal(s: &[u8]) -> (Vec<u8>, usize) {
    let mut out = Vec::new();
    let mut i = 0;
    let mut depth = 0;
    while i < s.len() {
        match s[i] {
            b'\\' => {
                i += 1;
                match s.get(i) {
                    Some(b'n') => out.push(b'\n'),
                    Some(b'r') => out.push(b'\r'),
                    Some(b't') => out.push(b'\t'),
                    Some(b'b') => out.push(8),
                    Some(b'f') => out.push(12),
                    Some(d) if d.is_ascii_digit() => {
                        let digits: Vec<u8> = s[i..]
                            .iter()
                            .take(3)
                            .take_while(|d| (b'0'..=b'7').contains(d))
                            .copied()
                            .collect();
                        i += digits.len() - 1;
                        let v = digits.iter().fold(0u32, |v, d| v * 8 + u32::from(d - b'0'));
                        out.push(v as u8);
                    }
                    Some(&other) => out.push(other),
                    None => {}
                }
            }
            b'(' => {
                depth += 1;
                out.push(b'(');
            }
            b')' if depth == 0 => return (out, i + 1),
            b')' => {
                depth -= 1;
                out.push(b')');
            }
            b => out.push(b),
        }
        i += 1;
    }
    (out, i)
}

/// The bytes of the PDF hex string starting after `<` in `s`, and where
/// it ends.
fn hex_string(s: &[u8]) -> (Vec<u8>, usize) {
    let end = s.iter().position(|b| *b == b'>').unwrap_or(s.len());
    let digits: Vec<u8> = s[..end]
        .iter()
        .filter(|b| b.is_ascii_hexdigit())
        .copied()
        .collect();
    let bytes = digits
        .chunks(2)
        .map(|d| {
            let hex = std::str::from_utf8(d).unwrap();
            u8::from_str_radix(&format!("{hex:0<2}"), 16).unwrap()
        })
        .collect();
    (bytes, end + 1)
}

/// The text a PDF reader extracts from the page: each shown glyph code
/// through its font's ToUnicode map, in the order drawn.
fn text_layer(pdf: &[u8]) -> String {
    let objects = objects(pdf);
    // Resource name (`F0`) to that font's code-to-text map.
    let mut maps: BTreeMap<String, BTreeMap<u16, String>> = BTreeMap::new();
    let mut contents = Vec::new();
    for (dict, _) in objects.values() {
        if dict.contains("/Type /Page\n") || dict.contains("/Type /Page/") {
            if let Some(c) = reference(dict, "/Contents") {
                contents.push(c);
            }
        }
        if let Some(fonts) = dict.find("/Font <<") {
            let list = &dict[fonts + 8..];
            let list = &list[..list.find(">>").unwrap_or(list.len())];
            let words: Vec<&str> = list.split_whitespace().collect();
            for w in words.windows(4) {
                if let (Some(name), Ok(n), "0", "R") =
                    (w[0].strip_prefix('/'), w[1].parse(), w[2], w[3])
                {
                    let cmap = objects
                        .get(&n)
                        .and_then(|(d, _)| reference(d, "/ToUnicode"))
                        .and_then(|c| objects.get(&c))
                        .map(|(_, data)| unicode_map(data))
                        .unwrap_or_default();
                    maps.insert(name.to_string(), cmap);
                }
            }
        }
    }
    assert!(!maps.is_empty(), "no fonts on the page");
    let mut out = String::new();
    for c in contents {
        let stream = &objects[&c].1;
        let mut font = String::new();
        let mut i = 0;
        while i < stream.len() {
            if stream[i] == b'/' {
                let end = stream[i..]
                    .iter()
                    .position(|b| b.is_ascii_whitespace())
                    .map_or(stream.len(), |e| i + e);
                let name = String::from_utf8_lossy(&stream[i + 1..end]).into_owned();
                if stream[end..]
                    .trim_ascii_start()
                    .split(|b| *b == b' ' || *b == b'\n')
                    .nth(1)
                    == Some(b"Tf")
                {
                    font = name;
                }
                i = end;
            } else if stream[i] == b'(' || stream[i] == b'<' {
                let (bytes, len) = if stream[i] == b'(' {
                    literal(&stream[i + 1..])
                } else {
                    hex_string(&stream[i + 1..])
                };
                for code in bytes.chunks(2) {
                    let code = u16::from_be_bytes([code[0], *code.get(1).unwrap_or(&0)]);
                    if let Some(t) = maps.get(&font).and_then(|m| m.get(&code)) {
                        out.push_str(t);
                    }
                }
                i += 1 + len;
            } else {
                i += 1;
            }
        }
    }
    out
}

#[test]
fn the_pdf_text_layer_gives_the_characters_back() {
    let source = format!(
        "flowchart TB\n{}  I[\"`*italic* and **bold**`\"]\n",
        LABELS
            .iter()
            .enumerate()
            .map(|(i, (_, label))| format!("  N{i}[\"{label}\"]\n"))
            .collect::<String>()
    );
    let pdf = render_pdf(&source, &Options::default()).unwrap();
    let visible = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{FE0F}')
            .collect()
    };
    let layer = visible(&text_layer(&pdf));
    for (what, label) in LABELS {
        assert!(
            layer.contains(&visible(label)),
            "{what}: {label:?} not in the text layer {layer:?}"
        );
    }
    assert!(layer.contains("italicandbold"), "{layer:?}");
}
