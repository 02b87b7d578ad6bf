//! The nom parser: Mermaid flowchart source to [`Flowchart`].
//!
//! The grammar we accept is written down in `grammar/flowchart.ebnf`. The
//! source is parsed in place (no preprocessed copy), so every span is a
//! byte range of the text the caller gave:
//!
//! 1. front matter (`---` … `---`), directives (`%%{…}%%`), `%%` comment
//!    lines and blank lines before the header;
//! 2. the header `graph|flowchart [direction]`;
//! 3. statements, one at a time ([`statement`]), applied in order to a
//!    builder ([`build`]) that holds Mermaid's semantics. `subgraph` and
//!    `end` are separate statements and the builder keeps an explicit
//!    stack of open blocks, so nesting depth costs no recursion.

mod arrow;
mod build;
mod lexical;
mod link;
mod node;
mod statement;

use crate::error::ParseError;
use crate::diagram::flowchart::model::{Direction, Flowchart, Span};

use crate::syntax::{describe, offset_in, settings, Fail, Limits};

use build::Builder;
use lexical::{at_separator, blanks, blanks_nl};

/// Parses a whole flowchart (front matter, directives, header, statements)
/// within the default [`Limits`].
///
/// Takes any text. On success every node, edge, subgraph, label, class
/// definition and click carries a span into `source`; on failure the error's
/// span is on the offending token (for an unclosed bracket: the opening
/// bracket; for a missing `end`: the `subgraph` keyword left open). Never
/// panics; nesting depth costs no recursion.
#[cfg(any(test, feature = "internals"))]
pub fn parse(source: &str) -> Result<Flowchart, ParseError> {
    parse_with_limits(source, &Limits::default())
}

/// [`parse`], failing with an error that names the bound when the diagram
/// exceeds one of `limits` (input size, nodes, edges, subgraph depth, label
/// length).
pub fn parse_with_limits(source: &str, limits: &Limits) -> Result<Flowchart, ParseError> {
    crate::syntax::check_input(source, limits)?;
    let mut b = Builder::new(source, *limits);
    let mut rest = source.strip_prefix('\u{feff}').unwrap_or(source);
    rest = front_matter(rest, &mut b)?;
    rest = prelude(rest, &mut b)?;
    rest = header(rest, source, &mut b)?;
    statements(rest, source, &mut b)?;
    b.finish()
}

/// Converts a nom error into the public one.
fn to_error(e: nom::Err<Fail<'_>>, source: &str) -> ParseError {
    match e {
        nom::Err::Error(f) | nom::Err::Failure(f) => f.into_parse_error(source),
        nom::Err::Incomplete(_) => ParseError::new(
            "unexpected end of input",
            Span::new(source.len(), source.len()),
        ),
    }
}

/// `---` YAML `---` at the very start (after blank lines).
fn front_matter<'a>(i: &'a str, b: &mut Builder<'_>) -> Result<&'a str, ParseError> {
    let start = blanks_nl(i);
    let Some(after) = start.strip_prefix("---") else {
        return Ok(i);
    };
    let line_rest = after.split(['\n', '\r']).next().unwrap_or("");
    if !line_rest.trim().is_empty() {
        return Ok(i);
    }
    let body = &after[line_rest.len()..];
    // the closing line is `---` alone
    let mut pos = 0;
    for line in body.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim_end() == "---" && pos > 0 {
            let yaml = &body[..pos];
            match settings::front_matter(yaml) {
                Ok((title, config)) => {
                    b.chart.title = title;
                    b.chart.config.merge(&config);
                }
                // At the place the YAML reader stopped: one character, or
                // the closing `---` when the text ended too early.
                Err(e) => {
                    let at = &body[e.at..];
                    let len = match at.chars().next() {
                        Some(c) if e.at < pos => c.len_utf8(),
                        _ => 3,
                    };
                    b.warn(format!("front matter ignored: {}", e.message), &at[..len]);
                }
            }
            return Ok(&body[pos + line.len()..]);
        }
        pos += line.len();
    }
    Err(ParseError::new(
        "unclosed front matter: expected a line '---'",
        b.span(&start[..3]),
    )
    .with_hint("front matter is YAML between two lines of '---'"))
}

/// Blank lines, `%%` comment lines and directives before the header.
fn prelude<'a>(mut i: &'a str, b: &mut Builder<'_>) -> Result<&'a str, ParseError> {
    loop {
        i = blanks_nl(i);
        if let Some(body) = i.strip_prefix("%%{") {
            match body.find("}%%") {
                Some(k) => {
                    b.directive(&body[..k], &i[..3 + k + 3]);
                    i = &body[k + 3..];
                }
                None => {
                    return Err(ParseError::new(
                        "unclosed directive '%%{': expected '}%%'",
                        b.span(&i[..3]),
                    ))
                }
            }
        } else if i.starts_with("%%") {
            i = i.find('\n').map_or("", |k| &i[k..]);
        } else {
            return Ok(i);
        }
    }
}

/// `graph|flowchart|flowchart-elk [dir]` and its separator.
fn header<'a>(i: &'a str, source: &str, b: &mut Builder<'_>) -> Result<&'a str, ParseError> {
    let kw = ["flowchart-elk", "flowchart", "graph"]
        .iter()
        .find(|k| i.starts_with(*k) && !i[k.len()..].starts_with(|c: char| lexical_id_char(c)));
    let Some(kw) = kw else {
        let len = i
            .find(char::is_whitespace)
            .unwrap_or(i.len())
            .max(i.chars().next().map_or(0, char::len_utf8));
        let hint = if i.trim().is_empty() {
            "a diagram starts with its family's keyword, such as 'flowchart TD' or 'sequenceDiagram'".to_string()
        } else {
            let known = crate::Kind::all_keywords();
            format!(
                "a diagram starts with its family's keyword: {}",
                known.join(", ")
            )
        };
        return Err(ParseError::new(
            format!("no diagram type found: expected a keyword such as 'flowchart' or 'sequenceDiagram', found {}", describe(i)),
            Span::new(offset_in(source, i), offset_in(source, i) + len),
        )
        .with_hint(hint));
    };
    let after = &i[kw.len()..];
    let r = blanks(after);
    if at_separator(r) {
        if r.starts_with(';') {
            return Err(ParseError::new(
                format!("expected a direction after '{kw}'"),
                b.span(&r[..1]),
            )
            .with_hint(format!("write '{kw} TD;' or end the header line there")));
        }
        return Ok(r);
    }
    if r.len() == after.len() {
        return Err(to_error(
            nom::Err::Failure(Fail::new(r, 0, format!("expected a blank after '{kw}'"))),
            source,
        ));
    }
    let dir_len = r
        .find(|c: char| c.is_whitespace() || c == ';')
        .unwrap_or(r.len());
    let word = &r[..dir_len];
    let dir = match word {
        "TB" | "TD" | "v" => Direction::TopBottom,
        "BT" | "^" => Direction::BottomTop,
        "LR" | ">" => Direction::LeftRight,
        "RL" | "<" => Direction::RightLeft,
        "BR" => {
            b.warn("direction 'BR' is not a direction; using TB", word);
            Direction::TopBottom
        }
        _ => {
            return Err(ParseError::new(
                format!("unknown direction '{word}': expected TB, TD, BT, LR or RL"),
                b.span(word),
            ))
        }
    };
    b.set_direction(dir);
    let r2 = blanks(&r[dir_len..]);
    if !at_separator(r2) {
        return Err(ParseError::new(
            format!(
                "expected ';' or a line break after the header, found {}",
                describe(r2)
            ),
            b.span(&r2[..r2.chars().next().map_or(0, char::len_utf8)]),
        )
        .with_hint("put each statement after the header on its own line"));
    }
    Ok(r2)
}

/// Id characters, used to tell `graph` from `graphs`.
fn lexical_id_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-' || c == '.' || c == '/'
}

/// The statement loop.
fn statements(mut rest: &str, source: &str, b: &mut Builder<'_>) -> Result<(), ParseError> {
    let mut line_start = true;
    loop {
        let r = blanks(rest);
        match r.chars().next() {
            None => return Ok(()),
            Some('\n') | Some('\r') => {
                rest = &r[1..];
                line_start = true;
                continue;
            }
            Some(';') => {
                rest = &r[1..];
                line_start = false;
                continue;
            }
            _ => {}
        }
        if r.starts_with("%%") && !r.starts_with("%%{") {
            if line_start {
                rest = r.find('\n').map_or("", |k| &r[k..]);
                continue;
            }
            return Err(ParseError::new(
                "a comment must be on its own line",
                b.span(&r[..2]),
            )
            .with_hint("Mermaid reads '%%' after a statement as text; move the comment to its own line"));
        }
        let (after, stmt) = statement::statement(r, line_start).map_err(|e| to_error(e, source))?;
        b.apply(stmt)?;
        let e = blanks(after);
        if !at_separator(e) {
            let msg = if e.starts_with("%%") {
                "a comment must be on its own line".to_string()
            } else {
                format!(
                    "expected ';' or a line break after the statement, found {}",
                    describe(e)
                )
            };
            let len = e.chars().next().map_or(0, char::len_utf8);
            return Err(ParseError::new(msg, b.span(&e[..len])));
        }
        rest = e;
        line_start = false;
    }
}
