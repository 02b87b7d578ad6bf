//! Timeline source to [`Timeline`]: the preamble, the header `timeline`
//! (maybe with a direction), then one statement per line: `title`,
//! `section`, the accessibility statements, a period with its events
//! (`2004 : Facebook : Google`) or more events of the last period
//! (`: Google`). One pass over the text, no recursion.
//!
//! The grammar we accept is written down in `grammar/timeline.ebnf`.

use nom::bytes::complete::tag;
use nom::Parser;

use super::model::{Event, Period, Section, Timeline};
use crate::diagram::chart::{accessibility, blanks, header, keyword, rest_of_line};
use crate::error::{ParseError, Span};
use crate::syntax::{offset_in, Fail, Preamble};

/// Parses a whole timeline (`timeline`).
///
/// Takes any text. On success every section, period and event carries the
/// span of its text; on failure the error's span is on the offending
/// token (events with no period before them: their `:`). Never panics;
/// time linear in the input.
pub(crate) fn parse(source: &str) -> Result<Timeline, ParseError> {
    crate::diagram::chart::parse_chart(source, document)
}

/// The whole text into `d`.
fn document<'a>(
    source: &'a str,
    d: &mut Timeline,
    preamble: &mut Preamble<'a>,
) -> Result<(), Fail<'a>> {
    let mut i = source.strip_prefix('\u{feff}').unwrap_or(source);
    i = preamble.skip(i)?;
    i = blanks(header(i, "timeline")?);
    for dir in ["TD", "LR"] {
        if let Some(r) = keyword(i, dir) {
            d.direction = Some(dir.to_string());
            i = r;
        }
    }
    crate::diagram::chart::statements(i, false, preamble, |i| statement(source, i, d))
}

/// `text` trimmed, with its span in `source`.
fn trimmed(source: &str, text: &str) -> (String, Span) {
    let t = text.trim();
    let start = offset_in(source, t);
    (t.to_string(), Span::new(start, start + t.len()))
}

/// Where the next event starts in `line` (which starts with `:`): the
/// next `:` followed by a blank or the line's end, as Mermaid's lexer
/// splits events (`http://x` stays whole).
fn next_separator(line: &str) -> Option<usize> {
    line.char_indices().skip(1).find_map(|(k, c)| {
        let after = (c == ':').then(|| line[k + 1..].chars().next())?;
        matches!(after, None | Some(' ' | '\t' | '\r')).then_some(k)
    })
}

/// The events `: a : b` at `i` (which starts with `:`) up to the line's
/// end: the events and what follows the line.
fn events<'a>(source: &'a str, i: &'a str) -> (Vec<Event>, &'a str) {
    let (line, rest) = rest_of_line(i);
    let mut out = Vec::new();
    let mut r = line;
    while let Ok((after, _)) = tag::<_, _, Fail>(":").parse(r) {
        let end = next_separator(r).map_or(after.len(), |k| k - 1);
        let (text, after) = after.split_at(end);
        let (text, span) = trimmed(source, text);
        if !text.is_empty() {
            out.push(Event { text, span });
        }
        r = after;
    }
    (out, rest)
}

/// One statement at `i` (not blank): what follows its line.
fn statement<'a>(source: &'a str, i: &'a str, d: &mut Timeline) -> Result<&'a str, Fail<'a>> {
    if let Some(r) = keyword(i, "title") {
        let (text, rest) = rest_of_line(r);
        d.title = Some(text.trim().to_string());
        return Ok(rest);
    }
    if let Some(r) = keyword(i, "section") {
        let (text, rest) = rest_of_line(r);
        let (text, span) = trimmed(source, text);
        d.sections.push(Section { text, span });
        return Ok(rest);
    }
    if let Some(rest) = accessibility(i, &mut d.acc)? {
        return Ok(rest);
    }
    if i.starts_with(':') {
        let (more, rest) = events(source, i);
        let Some(period) = d.periods.last_mut() else {
            return Err(Fail::new(i, 1, "events with no period before them")
                .hint("a period comes first: '2004 : Facebook', then more events on lines ': Google'"));
        };
        period.events.extend(more);
        return Ok(rest);
    }
    let (line, rest) = rest_of_line(i);
    let head = line.find(':').map_or(line, |k| &line[..k]);
    let (text, span) = trimmed(source, head);
    let events = match line.find(':') {
        Some(k) => events(source, &line[k..]).0,
        None => Vec::new(),
    };
    d.periods.push(Period {
        text,
        span,
        section: d.sections.len().checked_sub(1),
        events,
    });
    Ok(rest)
}
