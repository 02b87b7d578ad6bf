//! The bare link tokens (`-->`, `---`, `-.->`, `==>`, `~~~`, their marker
//! and length variants, and the openers of inline labels), read without
//! labels. The lexer asks it where unquoted text ends; `link.rs` builds
//! whole links with labels and ids on it. It depends on no other parser
//! module, so the two need not import each other.

use crate::diagram::flowchart::model::{Marker, Stroke};

/// A bare link token (no label) or the opener of an inline label.
pub(crate) enum Token {
    /// A complete link.
    Link {
        stroke: Stroke,
        start: Marker,
        end: Marker,
        length: usize,
    },
    /// `--`, `==` or `-.`: an inline label follows.
    Opener { stroke: Stroke, start: Marker },
}

/// The marker a character after a link's run stands for.
pub(super) fn marker_of(c: Option<char>) -> Option<Marker> {
    match c {
        Some('>') => Some(Marker::Arrow),
        Some('x') => Some(Marker::Cross),
        Some('o') => Some(Marker::Circle),
        _ => None,
    }
}

/// How many `c` open `i`.
pub(super) fn count_run(i: &str, c: char) -> usize {
    i.chars().take_while(|&x| x == c).count()
}

/// Reads `[xo<]? S{2,} [S x o >]` (S = `-` or `=`), `[xo<]? -? .+ - [xo>]?`
/// or `~{3,}` at the start of `i`; returns the token and its byte length.
pub(crate) fn token(i: &str) -> Option<(Token, usize)> {
    let (start, body, mlen) = match i.chars().next()? {
        '<' => (Marker::Arrow, &i[1..], 1),
        'x' | 'o' if i[1..].starts_with(['-', '=', '.']) => {
            (marker_of(i.chars().next()).unwrap_or_default(), &i[1..], 1)
        }
        _ => (Marker::None, i, 0),
    };
    let first = body.chars().next()?;
    match first {
        '.' => {
            // dotted without the leading dash: .{n}-[xo>]?
            let dots = count_run(body, '.');
            let after = body[dots..].strip_prefix('-')?;
            let end = marker_of(after.chars().next());
            Some((
                Token::Link {
                    stroke: Stroke::Dotted,
                    start,
                    end: end.unwrap_or(Marker::None),
                    length: dots,
                },
                mlen + dots + 1 + usize::from(end.is_some()),
            ))
        }
        '~' if start == Marker::None => {
            let n = count_run(body, '~');
            (n >= 3).then(|| {
                (
                    Token::Link {
                        stroke: Stroke::Invisible,
                        start,
                        end: Marker::None,
                        length: n - 2,
                    },
                    n,
                )
            })
        }
        '-' | '=' => {
            let stroke = if first == '-' {
                Stroke::Normal
            } else {
                Stroke::Thick
            };
            if first == '-' && body[1..].starts_with('.') {
                // dotted: -.{n}-[xo>]? or the opener -.
                let dots = count_run(&body[1..], '.');
                let after = &body[1 + dots..];
                if let Some(after_dash) = after.strip_prefix('-') {
                    let end = marker_of(after_dash.chars().next());
                    let len = mlen + 1 + dots + 1 + usize::from(end.is_some());
                    return Some((
                        Token::Link {
                            stroke: Stroke::Dotted,
                            start,
                            end: end.unwrap_or(Marker::None),
                            length: dots,
                        },
                        len,
                    ));
                }
                if dots == 1 {
                    return Some((
                        Token::Opener {
                            stroke: Stroke::Dotted,
                            start,
                        },
                        mlen + 2,
                    ));
                }
                return None;
            }
            let n = count_run(body, first);
            if n < 2 {
                return None;
            }
            let next = body[n..].chars().next();
            if let Some(end) = marker_of(next) {
                return Some((
                    Token::Link {
                        stroke,
                        start,
                        end,
                        length: n - 1,
                    },
                    mlen + n + 1,
                ));
            }
            if n >= 3 {
                return Some((
                    Token::Link {
                        stroke,
                        start,
                        end: Marker::None,
                        length: n - 2,
                    },
                    mlen + n,
                ));
            }
            Some((Token::Opener { stroke, start }, mlen + 2))
        }
        _ => None,
    }
}
