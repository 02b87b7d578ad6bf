//! Token-level parsers shared by the statement parsers: blanks, node ids,
//! label text (plain, quoted, markdown) and the keyword rules.

use nom::bytes::complete::take_while;
use nom::Parser;

use crate::syntax::{Fail, PResult};
use crate::diagram::flowchart::model::LabelKind;

/// Skips spaces and tabs (never a line break).
pub(crate) fn blanks(i: &str) -> &str {
    i.trim_start_matches([' ', '\t'])
}

/// Skips spaces, tabs and line breaks.
pub(crate) fn blanks_nl(i: &str) -> &str {
    i.trim_start_matches([' ', '\t', '\n', '\r'])
}

/// True at a statement end: `;`, a line break or the end of input.
pub(crate) fn at_separator(i: &str) -> bool {
    matches!(i.chars().next(), None | Some(';') | Some('\n') | Some('\r'))
}

/// The part of `start` consumed up to `rest` (`rest` is a suffix of `start`).
pub(crate) fn consumed<'a>(start: &'a str, rest: &'a str) -> &'a str {
    &start[..start.len() - rest.len()]
}

/// Characters that may appear anywhere in a node id (Mermaid's
/// `NODE_STRING` plus Unicode letters). `-`, `=` and `:` need a look-ahead,
/// see [`node_id`].
fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '!' | '#'
                | '$'
                | '%'
                | '&'
                | '\''
                | '*'
                | '+'
                | '.'
                | '`'
                | '?'
                | '\\'
                | '_'
                | '/'
                | ','
        )
        || (!c.is_ascii() && !c.is_whitespace() && !c.is_control())
}

/// Length in bytes of the node id at the start of `i` (0 if none).
///
/// `-` joins an id unless a link follows (`-`, `.`, `>` next); `=` unless
/// another `=` follows; `:` unless it starts `:::`. A `"` may appear inside
/// an id, never first.
pub(crate) fn id_len(i: &str) -> usize {
    let bytes = i.as_bytes();
    let mut pos = 0;
    for (idx, c) in i.char_indices() {
        let next = bytes.get(idx + 1).copied();
        let ok = if is_id_char(c) {
            true
        } else {
            match c {
                // Mermaid's lexer tries links first, then `-` as a minus
                // that joins the id (`odd->x]` is node `odd-`).
                '-' => super::arrow::token(&i[idx..]).is_none(),
                '=' => next != Some(b'='),
                ':' => !i[idx..].starts_with(":::"),
                '"' => idx > 0,
                _ => false,
            }
        };
        if !ok {
            return idx;
        }
        pos = idx + c.len_utf8();
    }
    pos
}

/// Keywords that may not start a node id when followed by `.`, `-` or `/`
/// (Mermaid's lexer splits them off and the grammar then fails).
const ID_PREFIX_KEYWORDS: &[&str] = &[
    "flowchart-elk",
    "flowchart",
    "graph",
    "subgraph",
    "linkStyle",
    "interpolate",
    "classDef",
    "class",
    "style",
    "_self",
    "_blank",
    "_parent",
    "_top",
    "end",
];

/// Rejects ids Mermaid's lexer cannot form: `end`, and ids that start with
/// a keyword followed by `.`, `-` or `/` (`end-node`, `style.x`).
pub(crate) fn check_id(id: &str) -> Result<(), (String, Option<String>)> {
    if id == "end" {
        return Err((
            "'end' is a keyword and cannot be a node id".to_string(),
            Some("use another id, e.g. 'End' or 'endNode'".to_string()),
        ));
    }
    for kw in ID_PREFIX_KEYWORDS {
        if let Some(rest) = id.strip_prefix(kw) {
            if let Some(c @ ('.' | '-' | '/')) = rest.chars().next() {
                return Err((
                    format!("node id '{id}' starts with the keyword '{kw}' followed by '{c}'"),
                    Some(format!(
                        "Mermaid cannot read such ids; rename it (e.g. '{kw}{}')",
                        &rest[1..]
                    )),
                ));
            }
        }
    }
    Ok(())
}

/// True if `i` starts with the word `kw` followed by a non-id character.
pub(crate) fn keyword<'a>(i: &'a str, kw: &str) -> Option<&'a str> {
    let rest = i.strip_prefix(kw)?;
    match rest.chars().next() {
        None => Some(rest),
        Some(c) if c.is_whitespace() || c == ';' => Some(rest),
        _ => None,
    }
}

/// Label text as written, with the slice it came from (for its span).
#[derive(Debug, Clone)]
pub(crate) struct RawText<'a> {
    /// The text, quotes removed, nothing decoded.
    pub text: String,
    /// Plain or markdown.
    pub kind: LabelKind,
    /// The text in the source.
    pub at: &'a str,
}

/// Characters plain (unquoted) label text may not contain.
fn forbidden_in_text(c: char) -> bool {
    matches!(c, '[' | ']' | '(' | ')' | '{' | '}' | '|' | '"')
}

/// A quoted label at `i` (which starts with `"`): ``"`markdown`"`` or
/// `"plain"`. Quoted text may span lines and contain any character but the
/// closing quote.
pub(crate) fn quoted(i: &str) -> PResult<'_, RawText<'_>> {
    if let Some(body) = i.strip_prefix("\"`") {
        return match body.find("`\"") {
            Some(end) => Ok((
                &body[end + 2..],
                RawText {
                    text: body[..end].to_string(),
                    kind: LabelKind::Markdown,
                    at: &body[..end],
                },
            )),
            None => Fail::new(i, 2, "unclosed markdown string: expected '`\"'").cut(),
        };
    }
    let body = match i.strip_prefix('"') {
        Some(b) => b,
        None => return Fail::from_nothing(i, "'\"'").soft(),
    };
    match body.find('"') {
        Some(end) => Ok((
            &body[end + 1..],
            RawText {
                text: body[..end].to_string(),
                kind: LabelKind::Text,
                at: &body[..end],
            },
        )),
        None => Fail::new(i, 1, "unclosed '\"': expected a closing '\"'")
            .hint("a label cannot contain '\"'; write #quot; instead")
            .cut(),
    }
}

/// The text between an opening token `open` (already consumed; `i` follows
/// it) and one of `closers`. Returns the text and the closer found.
///
/// Plain text runs to the first closer and may not contain
/// `[ ] ( ) { } | "` or a line break; quoted text must be the whole label.
pub(crate) fn enclosed<'a>(
    i: &'a str,
    open: &'a str,
    closers: &[&'static str],
) -> PResult<'a, (RawText<'a>, &'static str)> {
    let closer_name = closers[0];
    let unclosed = || {
        Fail::new(
            open,
            open.len(),
            format!("unclosed '{open}': expected '{closer_name}'"),
        )
    };
    let after_blank = blanks(i);
    if after_blank.starts_with('"') {
        let (rest, text) = quoted(after_blank)?;
        let rest = blanks(rest);
        for c in closers {
            if let Some(r) = rest.strip_prefix(c) {
                return Ok((r, (text, c)));
            }
        }
        if rest.is_empty() || rest.starts_with(['\n', '\r']) {
            return unclosed().cut();
        }
        return Fail::new(
            rest,
            0,
            format!(
                "expected '{closer_name}' after the quoted label, found {}",
                crate::syntax::describe(rest)
            ),
        )
        .hint("text and a quoted string cannot be mixed in one label; quote the whole label")
        .cut();
    }
    let mut idx = 0;
    loop {
        let rest = &i[idx..];
        for c in closers {
            if let Some(after) = rest.strip_prefix(c) {
                let text = &i[..idx];
                return Ok((
                    after,
                    (
                        RawText {
                            text: text.to_string(),
                            kind: LabelKind::Text,
                            at: text,
                        },
                        c,
                    ),
                ));
            }
        }
        let Some(ch) = rest.chars().next() else {
            return unclosed().cut();
        };
        if ch == '\n' || ch == '\r' {
            return unclosed().cut();
        }
        if forbidden_in_text(ch) {
            // the start of a closer that does not match: the bracket itself
            // is unbalanced (`A(((x)) --> B`)
            if closers.iter().any(|c| c.len() > 1 && c.starts_with(ch)) {
                return unclosed().cut();
            }
            return Fail::new(
                rest,
                ch.len_utf8(),
                format!("unexpected '{ch}' in label text: expected '{closer_name}'"),
            )
            .hint("put the whole label in double quotes, e.g. A[\"a (b) c\"]")
            .cut();
        }
        idx += ch.len_utf8();
    }
}

/// The rest of the line (up to `\n`, `\r` or end of input).
pub(crate) fn rest_of_line(i: &str) -> PResult<'_, &str> {
    take_while(|c: char| c != '\n' && c != '\r').parse(i)
}

impl<'a> Fail<'a> {
    /// A recoverable "expected <what>" failure at `i`.
    pub(crate) fn from_nothing(i: &'a str, what: &'static str) -> Self {
        Fail {
            at: i,
            len: 0,
            message: None,
            expected: Some(what),
            hint: None,
        }
    }
}
