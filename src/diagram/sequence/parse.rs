//! Sequence diagram source to [`Sequence`]: the document shape (front
//! matter, directives and comments before the header, the header), the
//! statement loop, and each statement's syntax. Meaning (participants,
//! activations, blocks) lives in [`super::build`].
//!
//! The grammar we accept is written down in `grammar/sequence.ebnf`.
//! Statements are read one at a time, blocks are opened and closed by
//! separate statements onto an explicit stack, so nesting costs no
//! recursion and the whole parse is one pass over the text.

use super::build::Builder;
use super::lex::{at_statement_end, blanks, blanks_nl, keyword, skip_comment, Fail};
use super::model::{Sequence, Text};
use super::statement::statement;
use crate::error::ParseError;
use crate::error::{Span, Warning};

/// Parses a whole sequence diagram: front matter, `%%{…}%%` directives and
/// `%%` comments before the header are skipped (not interpreted), then the
/// header `sequenceDiagram` and the statements.
///
/// Takes any text. On success every participant, box and event carries a
/// span into `source`; on failure the error's span is on the offending
/// token (for a block never closed: its keyword). Never panics; runs in
/// time linear in the input; nesting costs no recursion.
///
/// Settings are read too: front matter (`title:`, `config:`) and every
/// `%%{init}%%` directive, before the header or among the statements, are
/// merged in source order into [`Sequence::config`]; `%%{wrap}%%` turns
/// wrapping on. Settings that cannot be read become warnings.
pub(crate) fn parse(source: &str) -> Result<Sequence, ParseError> {
    let mut rest = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut settings = Settings::default();
    rest = front_matter(rest, &mut settings).map_err(|f| to_error(f, source))?;
    rest = prelude(rest, &mut settings).map_err(|f| to_error(f, source))?;
    rest = header(rest).map_err(|f| to_error(f, source))?;
    let mut b = Builder::new(source);
    statements(rest, &mut b, &mut settings)?;
    let mut seq = b.finish()?;
    settings.apply(&mut seq, source);
    Ok(seq)
}

/// Front matter and directives found while parsing, applied at the end.
#[derive(Default)]
struct Settings<'a> {
    /// The YAML between the `---` lines and the first `---`.
    front_matter: Option<(&'a str, &'a str)>,
    /// `%%{…}%%` bodies and the whole directives, in source order.
    directives: Vec<(&'a str, &'a str)>,
}

impl Settings<'_> {
    fn apply(&self, seq: &mut Sequence, source: &str) {
        let span = |part: &str| {
            let at = offset_in(source, part);
            Span::new(at, at + part.len())
        };
        // The character of `text` at `offset` where a reader stopped, or
        // `whole` when it stopped at the end.
        let stop = |text: &str, offset: usize, whole: &str| match text
            .get(offset..)
            .and_then(|rest| rest.chars().next())
        {
            Some(c) => {
                let at = offset_in(source, text) + offset;
                Span::new(at, at + c.len_utf8())
            }
            None => span(whole),
        };
        if let Some((yaml, at)) = self.front_matter {
            match crate::syntax::front_matter_settings(yaml) {
                Ok((title, config)) => {
                    if seq.title.is_none() {
                        seq.title = title.map(|raw| Text {
                            raw,
                            span: span(&at[..0]),
                            wrap: None,
                        });
                    }
                    seq.config.merge(&config);
                }
                Err((msg, offset)) => seq.warnings.push(Warning {
                    message: format!("front matter ignored: {msg}"),
                    span: Some(stop(yaml, offset, at)),
                }),
            }
        }
        for &(body, at) in &self.directives {
            if body.trim() == "wrap" {
                seq.config.sequence.wrap = Some(true);
                continue;
            }
            match crate::syntax::directive_settings(body) {
                Ok(Some(c)) => seq.config.merge(&c),
                Ok(None) => {}
                Err((msg, offset)) => seq.warnings.push(Warning {
                    message: format!("directive ignored: {msg}"),
                    span: Some(stop(body, offset, at)),
                }),
            }
        }
    }
}

/// The public error of a [`Fail`].
pub(super) fn to_error(f: Fail<'_>, source: &str) -> ParseError {
    f.into_parse_error(source)
}

pub(super) use crate::syntax::{describe, offset_in};

/// `---` … `---` at the start (after blank lines), skipped.
fn front_matter<'a>(i: &'a str, settings: &mut Settings<'a>) -> Result<&'a str, Fail<'a>> {
    let start = blanks_nl(i);
    let Some(after) = start.strip_prefix("---") else {
        return Ok(i);
    };
    let first = after.split(['\n', '\r']).next().unwrap_or("");
    if !first.trim().is_empty() {
        return Ok(i);
    }
    let body = &after[first.len()..];
    let mut pos = 0;
    for line in body.split_inclusive('\n') {
        if pos > 0 && line.trim_end() == "---" {
            settings.front_matter = Some((&body[..pos], &start[..3]));
            return Ok(&body[pos + line.len()..]);
        }
        pos += line.len();
    }
    Err(
        Fail::new(start, 3, "unclosed front matter: expected a line '---'")
            .hint("front matter is YAML between two lines of '---'"),
    )
}

/// Blank lines, `%%` comment lines and `%%{…}%%` directives before the header.
fn prelude<'a>(mut i: &'a str, settings: &mut Settings<'a>) -> Result<&'a str, Fail<'a>> {
    loop {
        i = blanks_nl(i);
        if i.starts_with("%%{") {
            let rest = directive(i)?;
            settings
                .directives
                .push((&i[3..i.len() - rest.len() - 3], &i[..i.len() - rest.len()]));
            i = rest;
        } else if i.starts_with("%%") {
            i = skip_comment(i);
        } else {
            return Ok(i);
        }
    }
}

/// Skips a `%%{ … }%%` directive (it may span lines) starting at `i`.
fn directive(i: &str) -> Result<&str, Fail<'_>> {
    match i[3..].find("}%%") {
        Some(k) => Ok(&i[3 + k + 3..]),
        None => Err(Fail::new(i, 3, "unclosed directive '%%{': expected '}%%'")),
    }
}

/// The header `sequenceDiagram` (any case).
fn header(i: &str) -> Result<&str, Fail<'_>> {
    match keyword(i, "sequenceDiagram") {
        Some(rest) => Ok(rest),
        None => {
            let len = i.find(char::is_whitespace).unwrap_or(i.len());
            Err(Fail::new(
                i,
                len,
                format!("expected 'sequenceDiagram', found {}", describe(i)),
            )
            .hint("a sequence diagram starts with the line 'sequenceDiagram'"))
        }
    }
}

/// The statement loop: separators, comments, directives, statements.
fn statements<'a>(
    mut rest: &'a str,
    b: &mut Builder<'a>,
    settings: &mut Settings<'a>,
) -> Result<(), ParseError> {
    let source = b.source;
    loop {
        let r = blanks(rest);
        match r.chars().next() {
            None => return Ok(()),
            Some('\n' | '\r' | ';') => {
                rest = &r[1..];
                continue;
            }
            _ => {}
        }
        if r.starts_with("%%{") {
            rest = directive(r).map_err(|f| to_error(f, source))?;
            settings
                .directives
                .push((&r[3..r.len() - rest.len() - 3], &r[..r.len() - rest.len()]));
            continue;
        }
        let skipped = skip_comment(r);
        if skipped.len() != r.len() {
            rest = skipped;
            continue;
        }
        let (after, stmt) = statement(r).map_err(|f| to_error(f, source))?;
        let text = r[..r.len() - after.len()].trim_end();
        b.apply(stmt, text)?;
        let e = skip_comment(blanks(after));
        if !at_statement_end(e) {
            return Err(to_error(
                Fail::new(
                    e,
                    0,
                    format!(
                        "expected ';' or a line break after the statement, found {}",
                        describe(e)
                    ),
                )
                .hint("put each statement on its own line"),
                source,
            ));
        }
        rest = e;
    }
}
