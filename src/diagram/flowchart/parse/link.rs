//! Link (edge) tokens: `-->`, `---`, `-.->`, `==>`, `~~~`, their marker and
//! length variants, inline labels (`-- text -->`), pipe labels (`-->|t|`)
//! and edge ids (`e1@-->`).

use super::arrow::{count_run, marker_of, token, Token};
use crate::syntax::{describe, Fail, PResult};
use super::lexical::{blanks, consumed, enclosed, quoted, RawText};
use crate::diagram::flowchart::model::{Marker, Stroke};

/// Mermaid stores at most this edge length.
const MAX_LENGTH: usize = 10;

/// One link between two node groups of a chain.
#[derive(Debug, Clone)]
pub(crate) struct LinkTok<'a> {
    /// `e1` of `e1@-->`.
    pub id: Option<&'a str>,
    /// Solid, thick, dotted or invisible.
    pub stroke: Stroke,
    /// Marker at the source end.
    pub start: Marker,
    /// Marker at the target end.
    pub end: Marker,
    /// Ranks spanned.
    pub length: u8,
    /// The label, inline or piped.
    pub label: Option<RawText<'a>>,
    /// The whole token with its label.
    pub at: &'a str,
}

/// Finds the closing token of an inline label (`-->` after `-- text`):
/// returns (text length, end marker, length, closer length).
fn find_closer(i: &str, stroke: Stroke) -> Option<(usize, Marker, usize, usize)> {
    let mut idx = 0;
    while idx < i.len() {
        let rest = &i[idx..];
        let c = rest.chars().next()?;
        if c == '\n' || c == '\r' {
            return None;
        }
        match stroke {
            Stroke::Dotted if c == '.' => {
                let dots = count_run(rest, '.');
                if rest[dots..].starts_with('-') {
                    let end = marker_of(rest[dots + 1..].chars().next());
                    let mut text_len = idx;
                    let mut tok = dots + 1 + usize::from(end.is_some());
                    // an optional '-' right before the dots belongs to the closer
                    if i[..idx].ends_with(" -") {
                        text_len -= 1;
                        tok += 1;
                    }
                    return Some((text_len, end.unwrap_or(Marker::None), dots, tok));
                }
                idx += dots;
                continue;
            }
            Stroke::Normal | Stroke::Thick => {
                let s = if stroke == Stroke::Normal { '-' } else { '=' };
                if c == s && rest[1..].starts_with(s) {
                    let n = count_run(rest, s);
                    let next = rest[n..].chars().next();
                    if let Some(end) = marker_of(next) {
                        return Some((idx, end, n - 1, n + 1));
                    }
                    if n >= 3 {
                        return Some((idx, Marker::None, n - 2, n));
                    }
                    return None;
                }
            }
            _ => {}
        }
        idx += c.len_utf8();
    }
    None
}

/// An edge id directly before a link: `e1@` (any non-blank, non-quote
/// characters, then `@`, then not `{`).
fn edge_id(i: &str) -> Option<(&str, &str)> {
    // Edge ids longer than this are not looked for, which keeps a long
    // line of links without blanks linear.
    const MAX_ID: usize = 256;
    let run_len = i
        .char_indices()
        .take(MAX_ID)
        .find(|&(_, c)| c.is_whitespace() || c == '"' || c == '@' || c == ';')
        .map_or(i.len(), |(k, _)| k);
    if run_len == 0 || !i[run_len..].starts_with('@') {
        return None;
    }
    let after = &i[run_len + 1..];
    if after.starts_with(['{', '"']) {
        return None;
    }
    Some((&i[..run_len], after))
}

/// True if a link token (or an edge id and a link) starts at `i`.
pub(crate) fn starts_link(i: &str) -> bool {
    let i = blanks(i);
    token(i).is_some() || edge_id(i).is_some_and(|(_, after)| token(after).is_some())
}

/// A link with its label, after blanks. Fails softly if no link starts here.
pub(crate) fn link(i: &str) -> PResult<'_, LinkTok<'_>> {
    let i = blanks(i);
    let (id, tok_at) = match edge_id(i) {
        Some((id, after)) if token(after).is_some() => (Some(id), after),
        _ => (None, i),
    };
    let Some((tok, len)) = token(tok_at) else {
        return Fail::from_nothing(i, "a link such as '-->'").soft();
    };
    let after = &tok_at[len..];
    let (rest, stroke, start, end, length, label) = match tok {
        Token::Link {
            stroke,
            start,
            end,
            length,
        } => {
            // optional |pipe label|
            let b = blanks(after);
            if let Some(body) = b.strip_prefix('|') {
                let (rest, (text, _)) = enclosed(body, &b[..1], &["|"])?;
                (rest, stroke, start, end, length, Some(text))
            } else {
                (after, stroke, start, end, length, None)
            }
        }
        Token::Opener { stroke, start } => {
            let opener = &tok_at[..len];
            let body = blanks(after);
            let closer_name = match stroke {
                Stroke::Thick => "==>",
                Stroke::Dotted => ".->",
                _ => "-->",
            };
            let (rest, text) = if body.starts_with('"') {
                let (r, text) = quoted(body)?;
                let r = blanks(r);
                match find_closer(r, stroke) {
                    Some((0, end, length, tok)) => (&r[tok..], (text, end, length)),
                    _ => {
                        return Fail::new(
                            r,
                            0,
                            format!(
                                "expected '{closer_name}' to end the edge label, found {}",
                                describe(r)
                            ),
                        )
                        .cut()
                    }
                }
            } else {
                match find_closer(body, stroke) {
                    Some((text_len, end, length, tok)) => {
                        let raw = &body[..text_len];
                        let trimmed = raw.trim_end();
                        (
                            &body[text_len + tok..],
                            (
                                RawText {
                                    text: trimmed.to_string(),
                                    kind: crate::diagram::flowchart::model::LabelKind::Text,
                                    at: trimmed,
                                },
                                end,
                                length,
                            ),
                        )
                    }
                    None => {
                        return Fail::new(
                            opener,
                            opener.len(),
                            format!(
                            "unfinished link '{opener}': expected a label and then '{closer_name}'"
                        ),
                        )
                        .hint(format!(
                            "write 'A {opener} text {closer_name} B' or 'A {closer_name} B'"
                        ))
                        .cut()
                    }
                }
            };
            let (text, end, length) = text;
            (rest, stroke, start, end, length, Some(text))
        }
    };
    let whole = consumed(i, rest);
    let at = match id {
        Some(_) => whole,
        None => whole,
    };
    Ok((
        rest,
        LinkTok {
            id,
            stroke,
            start,
            end,
            length: length.clamp(1, MAX_LENGTH) as u8,
            label,
            at,
        },
    ))
}
