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
use super::lex::{at_statement_end, blanks, keyword, skip_comment, Fail};
use super::model::{Sequence, Text};
use super::statement::statement;
use crate::error::ParseError;
use crate::error::Span;
use crate::syntax::Preamble;

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
    let mut preamble = Preamble::default();
    rest = preamble.skip(rest).map_err(|f| to_error(f, source))?;
    rest = header(rest).map_err(|f| to_error(f, source))?;
    let mut b = Builder::new(source);
    statements(rest, &mut b, &mut preamble)?;
    let mut seq = b.finish()?;
    let read = preamble.read(source);
    if seq.title.is_none() {
        seq.title = read.title.map(|(raw, at)| Text {
            raw,
            span: Span::new(at.start, at.start),
            wrap: None,
        });
    }
    seq.config.merge(&read.config);
    if read.wrap {
        seq.config.sequence.wrap = Some(true);
    }
    seq.warnings.extend(read.warnings);
    Ok(seq)
}

/// The public error of a [`Fail`].
pub(super) fn to_error(f: Fail<'_>, source: &str) -> ParseError {
    f.into_parse_error(source)
}

pub(super) use crate::syntax::{describe, offset_in};

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
    preamble: &mut Preamble<'a>,
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
            rest = preamble.directive(r).map_err(|f| to_error(f, source))?;
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
