//! Pie chart source to [`PieChart`]: the preamble (front matter,
//! directives, comments), the header `pie [showData]`, then one statement
//! per line: `title`, the accessibility statements, slices
//! (`"Label" : value`). One pass over the text, no recursion.
//!
//! The grammar we accept is written down in `grammar/pie.ebnf`.

use nom::bytes::complete::take_while1;
use nom::character::complete::char as one;
use nom::combinator::{opt, recognize};
use nom::sequence::pair;
use nom::Parser;

use super::model::{PieChart, Slice};
use crate::diagram::chart::{accessibility, blanks, header, keyword, line_end, rest_of_line};
use crate::error::{ParseError, Span};
use crate::syntax::{describe, offset_in, Fail, Preamble};

/// Parses a whole pie chart (`pie`).
///
/// Takes any text. On success every slice carries the span of its
/// statement; on failure the error's span is on the offending token (a
/// negative value: the number). Never panics; time linear in the input.
/// Front matter (`title`, `config`) and `%%{init}%%` directives are merged
/// into [`PieChart::config`]; unreadable settings become warnings.
pub(crate) fn parse(source: &str) -> Result<PieChart, ParseError> {
    crate::diagram::chart::parse_chart(source, document)
}

/// The whole text into `d`.
fn document<'a>(
    source: &'a str,
    d: &mut PieChart,
    preamble: &mut Preamble<'a>,
) -> Result<(), Fail<'a>> {
    let mut i = source.strip_prefix('\u{feff}').unwrap_or(source);
    i = preamble.skip(i)?;
    i = blanks(header(i, "pie")?);
    if let Some(r) = keyword(i, "showData") {
        d.show_data = true;
        i = r;
    }
    crate::diagram::chart::statements(i, false, preamble, |i| statement(source, i, d))
}

/// One statement at `i` (not blank): what follows its line.
fn statement<'a>(source: &'a str, i: &'a str, d: &mut PieChart) -> Result<&'a str, Fail<'a>> {
    if let Some(r) = keyword(i, "title") {
        let (text, rest) = rest_of_line(r);
        d.title = Some(text.trim().to_string());
        return Ok(rest);
    }
    if let Some(rest) = accessibility(i, &mut d.acc)? {
        return Ok(rest);
    }
    if i.starts_with(['"', '\'']) {
        let (rest, slice) = slice(source, i)?;
        if !d.slices.iter().any(|s| s.label == slice.label) {
            d.slices.push(slice);
        }
        return line_end(rest);
    }
    let len = i.find(char::is_whitespace).unwrap_or(i.len());
    Err(Fail::new(
        i,
        len,
        format!("expected a slice, 'title' or an accessibility statement, found {}", describe(i)),
    )
    .hint("a slice is a quoted label, ':' and a number: \"Dogs\" : 386"))
}

/// A quoted label with backslash escapes at `i` (which starts with its
/// quote): the text and what follows the closing quote.
fn quoted(i: &str) -> Result<(&str, String), Fail<'_>> {
    let quote = i.chars().next().unwrap_or('"');
    let mut text = String::new();
    let mut chars = i[1..].char_indices();
    while let Some((k, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, e)) => text.push(e),
                None => break,
            },
            '\n' | '\r' => break,
            c if c == quote => return Ok((&i[1 + k + 1..], text)),
            c => text.push(c),
        }
    }
    Err(Fail::new(i, 1, format!("unclosed label: expected {quote}"))
        .hint("a slice's label is quoted on its line: \"Dogs\" : 386"))
}

/// A number: digits, maybe a fraction, maybe a leading minus.
fn number(i: &str) -> nom::IResult<&str, &str, Fail<'_>> {
    let digits = || take_while1(|c: char| c.is_ascii_digit());
    recognize(pair(
        opt(one('-')),
        pair(digits(), opt(pair(one('.'), digits()))),
    ))
    .parse(i)
}

/// A slice statement `"Label" : value` at `i`.
fn slice<'a>(source: &'a str, i: &'a str) -> Result<(&'a str, Slice), Fail<'a>> {
    let (r, label) = quoted(i)?;
    let r = blanks(r);
    let Some(r) = r.strip_prefix(':') else {
        return Err(Fail::new(
            r,
            0,
            format!("expected ':' after the slice's label, found {}", describe(r)),
        )
        .hint("a slice is a quoted label, ':' and a number: \"Dogs\" : 386"));
    };
    let r = blanks(r);
    let Ok((rest, written)) = number(r) else {
        return Err(Fail::new(
            r,
            0,
            format!("expected the slice's value (a number), found {}", describe(r)),
        ));
    };
    if rest.starts_with(|c: char| c.is_alphanumeric() || c == '.') {
        let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        return Err(Fail::new(
            r,
            written.len() + len,
            format!("expected a number, found '{}'", &r[..written.len() + len]),
        ));
    }
    let value: f64 = written.parse().unwrap_or(0.0);
    if value < 0.0 {
        return Err(Fail::new(
            r,
            written.len(),
            format!("a slice's value cannot be negative, found {written}"),
        )
        .hint("pie chart values are zero or more"));
    }
    if !value.is_finite() {
        return Err(Fail::new(r, written.len(), "the value is too large"));
    }
    let start = offset_in(source, i);
    let span = Span::new(start, offset_in(source, rest));
    let slice = Slice {
        label,
        value,
        span,
    };
    Ok((rest, slice))
}
