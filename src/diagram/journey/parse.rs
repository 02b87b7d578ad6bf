//! User journey source to [`Journey`]: the preamble, the header
//! `journey`, then one statement per line: `title`, `section`, the
//! accessibility statements, a task (`Make tea: 5: Me, Cat`). One pass
//! over the text, no recursion.
//!
//! The grammar we accept is written down in `grammar/journey.ebnf`.

use nom::bytes::complete::take_till1;
use nom::Parser;

use super::model::{Journey, Section, Task};
use crate::diagram::chart::{accessibility, blanks, header, keyword, rest_of_line};
use crate::error::{ParseError, Span};
use crate::syntax::{describe, offset_in, Fail, Preamble};

/// Parses a whole user journey (`journey`).
///
/// Takes any text. On success every section and task carries the span of
/// its text; on failure the error's span is on the offending token (a
/// task without its score: where the `:` should be). Never panics; time
/// linear in the input.
pub(crate) fn parse(source: &str) -> Result<Journey, ParseError> {
    crate::diagram::chart::parse_chart(source, document)
}

/// The whole text into `d`.
fn document<'a>(
    source: &'a str,
    d: &mut Journey,
    preamble: &mut Preamble<'a>,
) -> Result<(), Fail<'a>> {
    let mut i = source.strip_prefix('\u{feff}').unwrap_or(source);
    i = preamble.skip(i)?;
    i = header(i, "journey")?;
    crate::diagram::chart::statements(i, true, preamble, |i| statement(source, i, d))
}

/// `text` trimmed, with its span in `source`.
fn trimmed(source: &str, text: &str) -> (String, Span) {
    let t = text.trim();
    let start = offset_in(source, t);
    (t.to_string(), Span::new(start, start + t.len()))
}

/// One statement at `i` (not blank): what follows its line.
fn statement<'a>(source: &'a str, i: &'a str, d: &mut Journey) -> Result<&'a str, Fail<'a>> {
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
    let (line, rest) = rest_of_line(i);
    let line = line.split(['#', ';']).next().unwrap_or(line);
    let Ok((data, name)) = take_till1::<_, _, Fail>(|c| c == ':').parse(line) else {
        return Err(Fail::new(i, 1, format!("expected a task, found {}", describe(i)))
            .hint("a task is its text, ':' and a score, maybe ':' and actors: Make tea: 5: Me"));
    };
    let Some(data) = data.strip_prefix(':') else {
        return Err(Fail::new(data, 0, "expected ':' and a score after the task")
            .hint("a task is its text, ':' and a score, maybe ':' and actors: Make tea: 5: Me"));
    };
    let (score_text, actors) = data.split_once(':').unwrap_or((data, ""));
    let score_at = blanks(score_text);
    let score = match score_text.trim().parse::<f32>() {
        Ok(s) if s.is_finite() => s,
        _ => {
            return Err(Fail::new(
                score_at,
                score_at.trim_end().len(),
                format!("expected the task's score (a number), found {}", describe(score_at)),
            ))
        }
    };
    let (text, span) = trimmed(source, name);
    d.tasks.push(Task {
        text,
        span,
        score,
        actors: actors
            .split(',')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_string)
            .collect(),
        section: d.sections.len().checked_sub(1),
    });
    Ok(rest)
}
