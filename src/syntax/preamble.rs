//! What comes before a diagram's header, and the settings it holds:
//! front matter (`---` … `---`), `%%` comments and `%%{…}%%` directives.
//! A family's parser gathers them as source slices while it runs
//! ([`Preamble::skip`] before the header, [`Preamble::directive`] among
//! the statements) and reads them once at the end ([`Preamble::read`]).

use super::{front_matter_settings, offset_in, directive_settings, Fail};
use crate::config::Config;
use crate::error::{Span, Warning};

/// Front matter and directives as slices of the source.
#[derive(Debug, Default)]
pub(crate) struct Preamble<'a> {
    /// The YAML between the `---` lines, and the opening `---`.
    pub front_matter: Option<(&'a str, &'a str)>,
    /// Each directive's body (between `%%{` and `}%%`) and its whole text,
    /// in source order.
    pub directives: Vec<(&'a str, &'a str)>,
}

/// What the preamble says.
#[derive(Debug, Default)]
pub(crate) struct Read {
    /// The front matter's `title:`, and where its `---` stands.
    pub title: Option<(String, Span)>,
    /// The front matter's `config:`, then every directive, merged in order.
    pub config: Config,
    /// A `%%{wrap}%%` directive was seen.
    pub wrap: bool,
    /// Settings that could not be read, each pointing where reading stopped.
    pub warnings: Vec<Warning>,
}

impl<'a> Preamble<'a> {
    /// `i` past its front matter, blank lines, `%%` comments and
    /// directives: where the header should stand.
    pub fn skip(&mut self, i: &'a str) -> Result<&'a str, Fail<'a>> {
        let mut i = self.front_matter(i)?;
        loop {
            i = blanks(i);
            if i.starts_with("%%{") {
                i = self.directive(i)?;
            } else if i.starts_with("%%") {
                i = i.find(['\n', '\r']).map_or("", |k| &i[k..]);
            } else {
                return Ok(i);
            }
        }
    }

    /// The directive `%%{ … }%%` (it may span lines) at the start of `i`
    /// recorded, and what follows it.
    pub fn directive(&mut self, i: &'a str) -> Result<&'a str, Fail<'a>> {
        match i.get(3..).and_then(|body| body.find("}%%")) {
            Some(k) => {
                self.directives.push((&i[3..3 + k], &i[..3 + k + 3]));
                Ok(&i[3 + k + 3..])
            }
            None => Err(Fail::new(i, 3, "unclosed directive '%%{': expected '}%%'")),
        }
    }

    /// `---` … `---` at the start (after blank lines) recorded, and what
    /// follows it.
    fn front_matter(&mut self, i: &'a str) -> Result<&'a str, Fail<'a>> {
        let start = blanks(i);
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
                self.front_matter = Some((&body[..pos], &start[..3]));
                return Ok(&body[pos + line.len()..]);
            }
            pos += line.len();
        }
        Err(
            Fail::new(start, 3, "unclosed front matter: expected a line '---'")
                .hint("front matter is YAML between two lines of '---'"),
        )
    }

    /// The settings, read from the slices of `source`.
    pub fn read(&self, source: &str) -> Read {
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
        let mut read = Read::default();
        if let Some((yaml, at)) = self.front_matter {
            match front_matter_settings(yaml) {
                Ok((title, config)) => {
                    read.title = title.map(|t| (t, span(at)));
                    read.config.merge(&config);
                }
                Err((msg, offset)) => read.warnings.push(Warning {
                    message: format!("front matter ignored: {msg}"),
                    span: Some(stop(yaml, offset, at)),
                }),
            }
        }
        for &(body, at) in &self.directives {
            if body.trim() == "wrap" {
                read.wrap = true;
                continue;
            }
            match directive_settings(body) {
                Ok(Some(c)) => read.config.merge(&c),
                Ok(None) => {}
                Err((msg, offset)) => read.warnings.push(Warning {
                    message: format!("directive ignored: {msg}"),
                    span: Some(stop(body, offset, at)),
                }),
            }
        }
        read
    }
}

/// `i` past spaces, tabs and line breaks.
fn blanks(i: &str) -> &str {
    i.trim_start_matches([' ', '\t', '\n', '\r'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_comments_and_directives_come_before_the_header() {
        let src = "\n---\ntitle: Orders\nconfig:\n  theme: dark\n---\n%% a comment\n%%{init: {\"fontSize\": 20}}%%\n%%{wrap}%%\nclassDiagram\n";
        let mut p = Preamble::default();
        let rest = p.skip(src).unwrap();
        assert_eq!(rest, "classDiagram\n");
        let read = p.read(src);
        let (title, at) = read.title.unwrap();
        assert_eq!(title, "Orders");
        assert_eq!(&src[at.start..at.end], "---");
        assert_eq!(read.config.theme.as_deref(), Some("dark"));
        assert_eq!(read.config.font_size, Some(20.0));
        assert!(read.wrap);
        assert!(read.warnings.is_empty(), "{:?}", read.warnings);
    }

    #[test]
    fn unreadable_settings_warn_where_reading_stopped() {
        let src = "%%{init: {\"theme\": }}%%\nstateDiagram\n";
        let mut p = Preamble::default();
        p.skip(src).unwrap();
        let read = p.read(src);
        assert_eq!(read.warnings.len(), 1, "{:?}", read.warnings);
        let span = read.warnings[0].span.unwrap();
        assert!(span.end - span.start <= 4, "{span:?}");
        assert!(src[span.start..].starts_with('}'), "{:?}", &src[span.start..]);
    }

    #[test]
    fn an_unclosed_directive_or_front_matter_is_an_error_at_its_start() {
        for src in ["%%{init: {}\nsequenceDiagram", "---\ntitle: x\nsequenceDiagram"] {
            let e = Preamble::default().skip(src).unwrap_err().into_parse_error(src);
            assert_eq!(e.span.start, 0, "{src:?}: {e:?}");
        }
    }
}
