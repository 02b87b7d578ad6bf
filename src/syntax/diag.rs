//! The error type the nom parsers return, and its conversion to the
//! public [`ParseError`].
//!
//! Every parser works on a suffix (or a sub-slice) of the original source,
//! so an error keeps the `&str` it failed at; its byte offset is recovered
//! from the slice's address relative to the whole source.

use nom::error::{ContextError, ErrorKind, ParseError as NomParseError};

use crate::error::ParseError;
use crate::error::Span;

/// A parser failure: where, how long the offending token is, and what was
/// expected there.
#[derive(Debug, Clone)]
pub(crate) struct Fail<'a> {
    /// The input at the offending token.
    pub at: &'a str,
    /// Length of the offending token in bytes (0: one character).
    pub len: usize,
    /// A complete message, when the parser knows exactly what is wrong.
    pub message: Option<String>,
    /// The innermost `context()` label, used as "expected <label>".
    pub expected: Option<&'static str>,
    /// A guess at the fix.
    pub hint: Option<String>,
}

impl<'a> Fail<'a> {
    /// A failure with a full message at the token `at[..len]`.
    pub fn new(at: &'a str, len: usize, message: impl Into<String>) -> Self {
        Fail {
            at,
            len,
            message: Some(message.into()),
            expected: None,
            hint: None,
        }
    }

    /// The same failure with a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Wraps the failure as an unrecoverable nom error (the `cut` flavour).
    pub fn cut<T>(self) -> Result<T, nom::Err<Fail<'a>>> {
        Err(nom::Err::Failure(self))
    }

    /// Wraps the failure as a recoverable nom error (lets `alt` go on).
    pub fn soft<T>(self) -> Result<T, nom::Err<Fail<'a>>> {
        Err(nom::Err::Error(self))
    }

    /// Turns the failure into the public error, with spans relative to `source`.
    pub fn into_parse_error(self, source: &str) -> ParseError {
        let start = offset_in(source, self.at);
        let len = if self.len == 0 {
            self.at.chars().next().map_or(0, char::len_utf8)
        } else {
            self.len
        };
        let end = (start + len).min(source.len());
        let message = match (self.message, self.expected) {
            (Some(m), _) => m,
            (None, Some(e)) => format!("expected {e}, found {}", describe(self.at)),
            (None, None) => format!("unexpected {}", describe(self.at)),
        };
        let mut err = ParseError::new(message, Span::new(start, end));
        if let Some(h) = self.hint {
            err = err.with_hint(h);
        }
        err
    }
}

impl<'a> NomParseError<&'a str> for Fail<'a> {
    fn from_error_kind(input: &'a str, _kind: ErrorKind) -> Self {
        Fail {
            at: input,
            len: 0,
            message: None,
            expected: None,
            hint: None,
        }
    }

    fn append(_input: &'a str, _kind: ErrorKind, other: Self) -> Self {
        other
    }

    /// Of two alternatives, keep the one that got further; on a tie keep the
    /// one that knows more.
    fn or(self, other: Self) -> Self {
        let self_knows_more =
            self.message.is_some() || (self.expected.is_some() && other.message.is_none());
        let keep_self = match self.at.len().cmp(&other.at.len()) {
            std::cmp::Ordering::Less => true,
            std::cmp::Ordering::Greater => false,
            std::cmp::Ordering::Equal => self_knows_more,
        };
        if keep_self {
            self
        } else {
            other
        }
    }
}

impl<'a> ContextError<&'a str> for Fail<'a> {
    fn add_context(_input: &'a str, ctx: &'static str, mut other: Self) -> Self {
        if other.expected.is_none() {
            other.expected = Some(ctx);
        }
        other
    }
}

/// The result type of every parser in this module.
pub(crate) type PResult<'a, T> = nom::IResult<&'a str, T, Fail<'a>>;

/// Byte offset of `part` (a sub-slice of `source`) in `source`. Slices that
/// do not come from `source` map to its end, which never panics.
pub(crate) fn offset_in(source: &str, part: &str) -> usize {
    let base = source.as_ptr() as usize;
    let at = part.as_ptr() as usize;
    if at >= base && at <= base + source.len() {
        at - base
    } else {
        source.len()
    }
}

/// `found 'x'` wording for the token at the start of `rest`.
pub(crate) fn describe(rest: &str) -> String {
    match rest.chars().next() {
        None => "end of input".to_string(),
        Some('\n') | Some('\r') => "end of line".to_string(),
        Some('\0') => "a NUL byte".to_string(),
        Some(_) => {
            let token: String = rest
                .chars()
                .take_while(|c| !c.is_whitespace())
                .take(20)
                .collect();
            format!("'{token}'")
        }
    }
}
