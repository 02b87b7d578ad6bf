//! One node occurrence in a chain: `id`, the classic bracket shapes
//! (`A[t]`, `A((t))`, `A[/t\]` …), `:::class` and `@{ key: value }` data.

use crate::syntax::{Fail, PResult};
use super::lexical::{check_id, consumed, enclosed, id_len, RawText};
use crate::diagram::flowchart::model::{Shape, SHAPE_NAMES};

/// A node as written at one place in the source.
#[derive(Debug, Clone)]
pub(crate) struct VertexTok<'a> {
    /// The id.
    pub id: &'a str,
    /// Shape and text from brackets, if any.
    pub shape: Option<(Shape, RawText<'a>)>,
    /// `:::name` classes.
    pub classes: Vec<&'a str>,
    /// `@{ … }` blocks.
    pub data: Vec<NodeData<'a>>,
    /// The whole occurrence.
    pub at: &'a str,
}

/// The entries of one `@{ … }` block, in order.
#[derive(Debug, Clone)]
pub(crate) struct NodeData<'a> {
    /// `(key, value, value in the source)`.
    pub entries: Vec<(&'a str, String, &'a str)>,
}

impl NodeData<'_> {
    /// The last value given for `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries
            .iter()
            .rev()
            .find(|(k, _, _)| *k == key)
            .map(|(_, v, _)| v.as_str())
    }
}

/// Bracket openers, longest first, with their closers and shapes.
const OPENERS: &[(&str, &[(&str, Shape)])] = &[
    ("(((", &[(")))", Shape::DoubleCircle)]),
    ("((", &[("))", Shape::Circle)]),
    ("([", &[("])", Shape::Stadium)]),
    ("(-", &[("-)", Shape::Ellipse)]),
    ("(", &[(")", Shape::Rounded)]),
    ("[[", &[("]]", Shape::Subroutine)]),
    ("[(", &[(")]", Shape::Cylinder)]),
    ("[/", &[("/]", Shape::LeanRight), ("\\]", Shape::Trapezoid)]),
    (
        "[\\",
        &[("\\]", Shape::LeanLeft), ("/]", Shape::InvTrapezoid)],
    ),
    ("[", &[("]", Shape::Rect)]),
    ("{{", &[("}}", Shape::Hexagon)]),
    ("{", &[("}", Shape::Diamond)]),
    (">", &[("]", Shape::Odd)]),
];

/// The id at `i`, checked against the keyword rules.
pub(crate) fn checked_id(i: &str) -> PResult<'_, &str> {
    let n = id_len(i);
    if n == 0 {
        return Fail::from_nothing(i, "a node id").soft();
    }
    let id = &i[..n];
    if let Err((msg, hint)) = check_id(id) {
        let mut f = Fail::new(i, n, msg);
        f.hint = hint;
        return f.cut();
    }
    Ok((&i[n..], id))
}

/// A node occurrence: id, optional bracket shape, then any number of
/// `:::class` and `@{…}` suffixes.
pub(crate) fn vertex(i: &str) -> PResult<'_, VertexTok<'_>> {
    let (mut rest, id) = checked_id(i)?;
    let mut shape = None;
    for (open, closers) in OPENERS {
        if let Some(body) = rest.strip_prefix(open) {
            // `[|prop|text]`: a rect with a property list; the property is
            // not drawn, so it is skipped.
            let mut body = body;
            if *open == "[" {
                if let Some(props) = body.strip_prefix('|') {
                    match props.find('|') {
                        Some(k) if !props[..k].contains(['\n', ']']) => body = &props[k + 1..],
                        _ => {
                            return Fail::new(body, 1, "unclosed '|' property: expected '|'").cut()
                        }
                    }
                }
            }
            let names: Vec<&'static str> = closers.iter().map(|(c, _)| *c).collect();
            let (r, (text, closer)) = enclosed(body, &rest[..open.len()], &names)?;
            let s = closers
                .iter()
                .find(|(c, _)| *c == closer)
                .map_or(Shape::Rect, |(_, s)| *s);
            shape = Some((s, text));
            rest = r;
            break;
        }
    }
    let mut classes = Vec::new();
    let mut data = Vec::new();
    loop {
        if let Some(r) = rest.strip_prefix(":::") {
            let n = class_name_len(r);
            if n == 0 {
                return Fail::new(&rest[..3], 3, "expected a class name after ':::'").cut();
            }
            classes.push(&r[..n]);
            rest = &r[n..];
        } else if rest.starts_with("@{") {
            let (r, d) = node_data(rest)?;
            data.push(d);
            rest = r;
        } else {
            break;
        }
    }
    Ok((
        rest,
        VertexTok {
            id,
            shape,
            classes,
            data,
            at: consumed(i, rest),
        },
    ))
}

/// Length of a class name (`[A-Za-z0-9_-]` and Unicode letters).
pub(crate) fn class_name_len(i: &str) -> usize {
    i.char_indices()
        .find(|&(k, c)| {
            let joins = c.is_alphanumeric()
                || c == '_'
                || (c == '-' && super::arrow::token(&i[k..]).is_none());
            !joins
        })
        .map_or(i.len(), |(k, _)| k)
}

/// `@{ key: value, … }` (or one `key: value` per line) up to the matching
/// `}`; quoted values may hold `}` and `,`. Validates `shape:` at once so
/// the error points at the name.
pub(crate) fn node_data(i: &str) -> PResult<'_, NodeData<'_>> {
    let body = &i[2..];
    // find the closing brace outside quotes
    let mut quote: Option<char> = None;
    let mut close = None;
    for (k, c) in body.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => {
                // a quote only opens a string at the start of a value
                let before = body[..k].trim_end_matches([' ', '\t']);
                if before.ends_with([':', ',', '{', '\n']) || before.is_empty() {
                    quote = Some(c);
                }
            }
            None if c == '}' => {
                close = Some(k);
                break;
            }
            None => {}
        }
    }
    let Some(close) = close else {
        return Fail::new(i, 2, "unclosed '@{': expected '}'").cut();
    };
    let content = &body[..close];
    let rest = &body[close + 1..];
    let block_style = content.trim().contains('\n');
    let parts = split_entries(content, block_style);
    let mut entries = Vec::new();
    let mut k = 0;
    while k < parts.len() {
        let part = parts[k];
        k += 1;
        let trimmed = part.trim_matches(|c: char| c.is_whitespace() || c == ',');
        if trimmed.is_empty() {
            continue;
        }
        let Some(colon) = trimmed.find(':') else {
            return Fail::new(
                trimmed,
                trimmed.len(),
                format!("expected 'key: value' in '@{{…}}', found '{trimmed}'"),
            )
            .cut();
        };
        let key = trimmed[..colon].trim();
        let mut raw = trimmed[colon + 1..].trim();
        let value = if block_style && matches!(raw, "|" | "|-" | "|+" | ">" | ">-" | ">+") {
            // a YAML block scalar: the following, deeper-indented lines
            let key_indent = indent_of(part);
            let first = k;
            while k < parts.len()
                && (parts[k].trim().is_empty() || indent_of(parts[k]) > key_indent)
            {
                k += 1;
            }
            let lines = &parts[first..k];
            let body_indent = lines
                .iter()
                .filter(|l| !l.trim().is_empty())
                .map(|l| indent_of(l))
                .min()
                .unwrap_or(0);
            let texts: Vec<&str> = lines
                .iter()
                .map(|l| l.trim_end_matches('\r'))
                .map(|l| l.get(body_indent..).unwrap_or("").trim_end())
                .collect();
            let texts: Vec<&str> = {
                let mut t = texts;
                while t.last().is_some_and(|l| l.is_empty()) {
                    t.pop();
                }
                t
            };
            if let (Some(a), Some(b)) = (lines.first(), lines.last()) {
                let start = a.as_ptr() as usize - content.as_ptr() as usize;
                let end = b.as_ptr() as usize - content.as_ptr() as usize + b.len();
                raw = &content[start..end];
            }
            let folded = raw_block_join(&texts, raw_indicator(trimmed[colon + 1..].trim()));
            folded
        } else {
            unquote_value(raw)
        };
        if key == "shape" {
            check_shape(&value, raw)?;
        }
        entries.push((key, value, raw));
    }
    Ok((rest, NodeData { entries }))
}

/// Leading blanks of a line.
fn indent_of(line: &str) -> usize {
    let line = line.trim_start_matches(['\n', '\r']);
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

/// The block scalar indicator (`|`, `>-`, …) as (literal, keep final break).
fn raw_indicator(ind: &str) -> (bool, bool) {
    (ind.starts_with('|'), !ind.ends_with('-'))
}

/// Joins block scalar lines: literal keeps line breaks, folded joins with
/// blanks; a final break unless the `-` chomping indicator was given.
fn raw_block_join(lines: &[&str], (literal, final_break): (bool, bool)) -> String {
    let mut out = lines.join(if literal { "\n" } else { " " });
    if final_break && !out.is_empty() {
        out.push('\n');
    }
    out
}

/// Splits node data into `key: value` parts on `,` (one-line form) or line
/// breaks (block form), never inside quotes.
fn split_entries(content: &str, block_style: bool) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut quote: Option<char> = None;
    let mut start = 0;
    let mut at_value_start = true;
    for (k, c) in content.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => {
                let sep = if block_style { c == '\n' } else { c == ',' };
                if sep {
                    parts.push(&content[start..k]);
                    start = k + 1;
                    at_value_start = true;
                    continue;
                }
                if (c == '"' || c == '\'') && at_value_start {
                    quote = Some(c);
                }
                if c == ':' {
                    at_value_start = true;
                } else if !c.is_whitespace() {
                    at_value_start = false;
                }
            }
        }
    }
    parts.push(&content[start..]);
    parts
}

/// A YAML scalar: quotes removed; line breaks in a double-quoted value
/// become `<br/>` (as Mermaid does before reading the YAML).
pub(crate) fn unquote_value(raw: &str) -> String {
    if raw.len() >= 2 && raw.starts_with('"') && raw.ends_with('"') {
        let inner = &raw[1..raw.len() - 1];
        let lines: Vec<&str> = inner.lines().map(str::trim).collect();
        lines.join("<br/>")
    } else if raw.len() >= 2 && raw.starts_with('\'') && raw.ends_with('\'') {
        raw[1..raw.len() - 1].replace("''", "'")
    } else {
        raw.to_string()
    }
}

/// Looks up a `shape:` name: the registry, plus `doublecircle`, the one
/// lower-case internal name Mermaid's validation lets through.
pub(crate) fn shape_by_name(name: &str) -> Option<Shape> {
    match name {
        "doublecircle" => Some(Shape::DoubleCircle),
        _ => Shape::from_name(name),
    }
}

/// Checks a `shape:` name against the registry.
fn check_shape<'a>(name: &str, at: &'a str) -> Result<(), nom::Err<Fail<'a>>> {
    if shape_by_name(name).is_some() {
        return Ok(());
    }
    if name.chars().any(|c| c.is_uppercase() || c == '_') {
        return Fail::new(
            at,
            at.len(),
            format!("No such shape: {name}. Shape names should be lowercase."),
        )
        .hint(format!("write '{}'", name.to_lowercase().replace('_', "-")))
        .cut();
    }
    let names: Vec<&str> = SHAPE_NAMES.iter().map(|(n, _)| *n).collect();
    Fail::new(at, at.len(), format!("No such shape: {name}."))
        .hint(format!("valid shape names: {}", names.join(", ")))
        .cut()
}
