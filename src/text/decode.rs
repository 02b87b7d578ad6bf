//! From raw label text to styled lines: HTML line breaks and inline tags,
//! Mermaid entity codes (`#quot;`, `#9829;`), HTML entities, markdown
//! emphasis, Font Awesome tokens.

use super::{push_run, Run};
use crate::text::LabelKind;

/// Splits raw label text into lines of styled runs.
///
/// Plain text breaks at `<br>` (any spelling) and newlines; `<b>`/`<strong>`
/// and `<i>`/`<em>` style the text they hold; other tags are dropped.
/// Markdown text additionally reads `**bold**`, `__bold__`, `*italic*`,
/// `_italic_`. The text is trimmed, and so is each line. Entity codes are decoded last, so `#lt;b>`
/// shows `<b>` instead of starting a tag.
pub fn decode_label(raw: &str, kind: LabelKind) -> Vec<Vec<Run>> {
    let mut lines: Vec<Vec<Run>> = vec![Vec::new()];
    let mut bold = 0u32;
    let mut italic = 0u32;
    let mut md_bold = false;
    let mut md_italic = false;
    let markdown = kind == LabelKind::Markdown;
    // Mermaid trims label text before anything else (flowDb), and HTML
    // drops the white space at the start and end of each line.
    let text = if markdown {
        dedent(raw)
    } else {
        raw.trim().to_string()
    };
    let mut rest = text.as_str();
    let mut pending = String::new();

    macro_rules! flush {
        () => {
            if !pending.is_empty() {
                let style = Run {
                    text: String::new(),
                    bold: bold > 0 || md_bold,
                    italic: italic > 0 || md_italic,
                };
                let decoded = strip_icons(&decode_entities(&pending));
                let line = lines.last_mut().expect("at least one line");
                push_run(line, decoded, &style);
                pending.clear();
            }
        };
    }

    while let Some(c) = rest.chars().next() {
        if c == '<' {
            if let Some((tag, len)) = read_tag(rest) {
                flush!();
                match tag.name.as_str() {
                    "br" => lines.push(Vec::new()),
                    "b" | "strong" => bold = step(bold, tag.closing),
                    "i" | "em" => italic = step(italic, tag.closing),
                    _ => {}
                }
                rest = &rest[len..];
                continue;
            }
        }
        if c == '\n' {
            flush!();
            lines.push(Vec::new());
            rest = &rest[1..];
            continue;
        }
        if markdown && (c == '*' || c == '_') {
            let double = rest[1..].starts_with(c);
            let prev = pending.chars().last();
            let next = rest[if double { 2 } else { 1 }..].chars().next();
            // `_` inside a word (snake_case) is text, as in CommonMark.
            let word_inner = c == '_'
                && prev.is_some_and(char::is_alphanumeric)
                && next.is_some_and(char::is_alphanumeric);
            if !word_inner {
                flush!();
                if double {
                    md_bold = !md_bold;
                    rest = &rest[2..];
                } else {
                    md_italic = !md_italic;
                    rest = &rest[1..];
                }
                continue;
            }
        }
        pending.push(c);
        rest = &rest[c.len_utf8()..];
    }
    flush!();
    for line in &mut lines {
        trim_line(line);
    }
    lines
}

fn step(depth: u32, closing: bool) -> u32 {
    if closing {
        depth.saturating_sub(1)
    } else {
        depth + 1
    }
}

/// Removes the common leading indentation and surrounding blank lines, as
/// Mermaid does with markdown strings.
fn dedent(raw: &str) -> String {
    let lines: Vec<&str> = raw.lines().collect();
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let body: Vec<&str> = lines
        .iter()
        .map(|l| l.get(indent..).unwrap_or_else(|| l.trim_start()))
        .collect();
    body.join("\n").trim_matches('\n').to_string()
}

fn trim_line(line: &mut Vec<Run>) {
    if let Some(first) = line.first_mut() {
        first.text = first.text.trim_start().to_string();
    }
    if let Some(last) = line.last_mut() {
        last.text = last.text.trim_end().to_string();
    }
    line.retain(|r| !r.text.is_empty());
}

struct Tag {
    name: String,
    closing: bool,
}

/// Reads an HTML tag at the start of `s`: `<name …>`, `</name>`, `<name/>`.
/// Returns the lower-case name and the tag's byte length.
fn read_tag(s: &str) -> Option<(Tag, usize)> {
    let bytes = s.as_bytes();
    let mut i = 1;
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
        i += 1;
    }
    if i == name_start || !bytes[name_start].is_ascii_alphabetic() {
        return None;
    }
    let name = s[name_start..i].to_ascii_lowercase();
    // Attributes and a self-closing slash, up to `>` on the same line.
    let end = s[i..].find(['>', '\n', '<'])? + i;
    if bytes[end] != b'>' {
        return None;
    }
    Some((Tag { name, closing }, end + 1))
}

/// Decodes Mermaid entity codes (`#quot;`, `#9829;`) and HTML entities
/// (`&amp;`, `&#35;`, `&#x2665;`). Unknown names are left as written.
pub fn decode_entities(text: &str) -> String {
    if !text.contains(['#', '&']) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find(['#', '&']) {
        out.push_str(&rest[..pos]);
        let lead = rest.as_bytes()[pos];
        let after = &rest[pos + 1..];
        // `&#…;` is the numeric HTML form; `#…;` Mermaid's.
        let (body_start, numeric_html) = if lead == b'&' && after.starts_with('#') {
            (1, true)
        } else {
            (0, false)
        };
        let body = &after[body_start..];
        let end = body
            .char_indices()
            .take(12)
            .find(|&(_, c)| c == ';')
            .map(|(i, _)| i);
        let decoded = end.and_then(|end| {
            let name = &body[..end];
            let ch = if numeric_html || name.starts_with(|c: char| c.is_ascii_digit()) {
                numeric_entity(name)
            } else {
                named_entity(name)
            };
            ch.map(|c| (c, body_start + end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &after[len..];
            }
            None => {
                out.push(lead as char);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn numeric_entity(name: &str) -> Option<char> {
    let code = if let Some(hex) = name.strip_prefix(['x', 'X']) {
        u32::from_str_radix(hex, 16).ok()?
    } else {
        name.parse::<u32>().ok()?
    };
    char::from_u32(code).filter(|c| !c.is_control() || *c == '\t')
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "quot" => '"',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "hellip" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "laquo" => '«',
        "raquo" => '»',
        "hearts" => '♥',
        "deg" => '°',
        "times" => '×',
        "divide" => '÷',
        "middot" => '·',
        "bull" => '•',
        "larr" => '←',
        "rarr" => '→',
        "uarr" => '↑',
        "darr" => '↓',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "cent" => '¢',
        "sect" => '§',
        "para" => '¶',
        "plusmn" => '±',
        "frac12" => '½',
        "infin" => '∞',
        "ne" => '≠',
        "le" => '≤',
        "ge" => '≥',
        // HTML5's names of ASCII punctuation (`#colon;` in a state label).
        "colon" => ':',
        "semi" => ';',
        "comma" => ',',
        "period" => '.',
        "excl" => '!',
        "quest" => '?',
        "num" => '#',
        "percnt" => '%',
        "lpar" => '(',
        "rpar" => ')',
        "lsqb" => '[',
        "rsqb" => ']',
        "lcub" | "lbrace" => '{',
        "rcub" | "rbrace" => '}',
        "vert" => '|',
        "sol" => '/',
        "bsol" => '\\',
        "equals" => '=',
        "plus" => '+',
        "ast" => '*',
        "commat" => '@',
        "dollar" => '$',
        "lowbar" => '_',
        "grave" => '`',
        _ => return None,
    })
}

/// Drops Font Awesome tokens (`fa:fa-car`, `fab:fa-github`): we draw no icon
/// font, and the label's words still read without them.
fn strip_icons(text: &str) -> String {
    if !text.contains(":fa-") {
        return text.to_string();
    }
    text.split(' ')
        .filter(|w| {
            !(w.starts_with("fa")
                && w.split_once(":fa-").is_some_and(|(p, n)| {
                    p.len() <= 3 && p.chars().all(|c| c.is_ascii_lowercase()) && !n.is_empty()
                }))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(raw: &str, kind: LabelKind) -> Vec<String> {
        decode_label(raw, kind)
            .iter()
            .map(|l| l.iter().map(|r| r.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn html_breaks_split_lines() {
        assert_eq!(
            lines("단일 장애점<br/>Single Point of Failure", LabelKind::Text),
            ["단일 장애점", "Single Point of Failure"]
        );
        assert_eq!(lines("a<BR >b<br>c", LabelKind::Text), ["a", "b", "c"]);
    }

    #[test]
    fn entities_decode_after_tags() {
        assert_eq!(lines("#quot;x#quot; #9829;", LabelKind::Text), ["\"x\" ♥"]);
        assert_eq!(lines("#lt;b#gt; &amp; &#35;", LabelKind::Text), ["<b> & #"]);
        assert_eq!(lines("C# is #1", LabelKind::Text), ["C# is #1"]);
    }

    #[test]
    fn markdown_emphasis() {
        let runs = &decode_label("**bold** and *it*", LabelKind::Markdown)[0];
        assert!(runs[0].bold && runs[0].text == "bold");
        assert!(!runs[1].bold && !runs[1].italic);
        assert!(runs[2].italic && runs[2].text == "it");
        assert_eq!(
            lines("snake_case_id", LabelKind::Markdown),
            ["snake_case_id"]
        );
    }

    #[test]
    fn icons_are_dropped() {
        assert_eq!(lines("fa:fa-car Car", LabelKind::Text), ["Car"]);
    }
}
