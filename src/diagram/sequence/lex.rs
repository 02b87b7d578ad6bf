//! Tokens of the sequence grammar: blanks, keywords, participant names,
//! free text up to the end of a statement, arrows, numbers and the
//! `@{ … }` participant object. Every function takes a suffix of the
//! source and returns the rest, so spans can be recovered by address.

use nom::bytes::complete::{tag, take_while1};
use nom::combinator::{opt, recognize};
use nom::sequence::pair;
use nom::Parser;

use super::model::{Arrow, ArrowHead};

/// A parser failure: the one every family's parser uses.
pub(super) use crate::syntax::Fail;

/// What statement parsers return: the rest of the input and a value.
pub(super) type Lexed<'a, T> = Result<(&'a str, T), Fail<'a>>;

/// Skips spaces and tabs (never a line break).
pub(super) fn blanks(i: &str) -> &str {
    i.trim_start_matches([' ', '\t'])
}

/// Skips spaces, tabs and line breaks.
pub(super) fn blanks_nl(i: &str) -> &str {
    i.trim_start_matches([' ', '\t', '\n', '\r'])
}

/// True where a keyword may end: end of input, a blank, a line break,
/// `;` or a `#` comment.
pub(super) fn at_word_end(i: &str) -> bool {
    matches!(
        i.chars().next(),
        None | Some(' ' | '\t' | '\n' | '\r' | ';' | '#')
    )
}

/// `kw` (ASCII, any case) at the start of `i`; the rest. Compares bytes,
/// not lowercased chars: nom's `tag_no_case` takes U+212A (Kelvin sign)
/// for `k` and then cuts inside it.
pub(super) fn prefix_no_case<'a>(i: &'a str, kw: &str) -> Option<&'a str> {
    let head = i.get(..kw.len())?;
    head.eq_ignore_ascii_case(kw).then(|| &i[kw.len()..])
}

/// `kw` (any case) at the start of `i`, ending at a word end; the rest.
pub(super) fn keyword<'a>(i: &'a str, kw: &str) -> Option<&'a str> {
    prefix_no_case(i, kw).filter(|rest| at_word_end(rest))
}

/// `a` and `b` separated by blanks (`left of`), any case; the rest.
pub(super) fn two_words<'a>(i: &'a str, a: &str, b: &str) -> Option<&'a str> {
    let rest = prefix_no_case(i, a)?;
    let after = blanks(rest);
    if after.len() == rest.len() {
        return None;
    }
    keyword(after, b)
}

/// Length of an entity code (`#quot;`, `#9829;`) at the start of `i`.
/// Mermaid protects these before parsing, so their `#` and `;` are text.
pub(super) fn entity_len(i: &str) -> Option<usize> {
    let body = i.strip_prefix('#')?;
    let n = body
        .bytes()
        .take(32)
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    (n > 0 && body[n..].starts_with(';')).then_some(n + 2)
}

/// End of a statement: `;`, a line break, or end of input.
pub(super) fn at_statement_end(i: &str) -> bool {
    matches!(i.chars().next(), None | Some(';' | '\n' | '\r'))
}

/// Text up to the end of the statement: stops before a line break, `;`,
/// or a `#` that starts a comment (entity codes are text). Returns the
/// untrimmed text and the rest (at the stop).
pub(super) fn rest_of_line(i: &str) -> (&str, &str) {
    let mut at = 0;
    while let Some(c) = i[at..].chars().next() {
        match c {
            '\n' | '\r' | ';' => break,
            '#' => match entity_len(&i[at..]) {
                Some(n) => at += n,
                None => break,
            },
            _ => at += c.len_utf8(),
        }
    }
    (&i[..at], &i[at..])
}

/// Skips a `#` or `%%` comment (to the end of the line) if one starts here.
pub(super) fn skip_comment(i: &str) -> &str {
    let comment = (i.starts_with('#') && entity_len(i).is_none())
        || (i.starts_with("%%") && !i.starts_with("%%{"));
    if comment {
        i.find(['\n', '\r']).map_or("", |k| &i[k..])
    } else {
        i
    }
}

/// `text` trimmed, with its `wrap:`/`nowrap:` prefix (optionally after a
/// `:`) removed: (trimmed text, wrap flag).
pub(super) fn split_wrap(text: &str) -> (&str, Option<bool>) {
    let t = text.trim();
    let body = t.strip_prefix(':').unwrap_or(t);
    let lower: String = body
        .chars()
        .take(7)
        .collect::<String>()
        .to_ascii_lowercase();
    if lower.starts_with("wrap:") {
        (body[5..].trim(), Some(true))
    } else if lower.starts_with("nowrap:") {
        (body[7..].trim(), Some(false))
    } else {
        (t, None)
    }
}

/// Every arrow, longest spelling first so that `-->>` is not read as `-->`.
const ARROWS: &[(&str, bool, ArrowHead)] = &[
    ("<<-->>", true, ArrowHead::BothFilled),
    ("<<->>", false, ArrowHead::BothFilled),
    ("-->>", true, ArrowHead::Filled),
    ("--|\\", true, ArrowHead::HalfTop),
    ("--|/", true, ArrowHead::HalfBottom),
    ("--\\\\", true, ArrowHead::StickTop),
    ("--//", true, ArrowHead::StickBottom),
    ("/|--", true, ArrowHead::HalfTopReversed),
    ("\\|--", true, ArrowHead::HalfBottomReversed),
    ("//--", true, ArrowHead::StickTopReversed),
    ("\\\\--", true, ArrowHead::StickBottomReversed),
    ("->>", false, ArrowHead::Filled),
    ("-->", true, ArrowHead::None),
    ("--x", true, ArrowHead::Cross),
    ("--X", true, ArrowHead::Cross),
    ("--)", true, ArrowHead::Open),
    ("-|\\", false, ArrowHead::HalfTop),
    ("-|/", false, ArrowHead::HalfBottom),
    ("-\\\\", false, ArrowHead::StickTop),
    ("-//", false, ArrowHead::StickBottom),
    ("/|-", false, ArrowHead::HalfTopReversed),
    ("\\|-", false, ArrowHead::HalfBottomReversed),
    ("//-", false, ArrowHead::StickTopReversed),
    ("\\\\-", false, ArrowHead::StickBottomReversed),
    ("->", false, ArrowHead::None),
    ("-x", false, ArrowHead::Cross),
    ("-X", false, ArrowHead::Cross),
    ("-)", false, ArrowHead::Open),
];

/// The arrow at the start of `i`, if any: (rest, arrow, its spelling).
pub(super) fn arrow(i: &str) -> Option<(&str, Arrow, &str)> {
    ARROWS.iter().find_map(|&(spelling, dotted, head)| {
        let r: nom::IResult<&str, &str> = tag(spelling).parse(i);
        r.ok()
            .map(|(rest, token)| (rest, Arrow { dotted, head }, token))
    })
}

/// True where a message arrow (or a `()` central connection before one)
/// starts: the end of the sender's name.
fn at_arrow(i: &str) -> bool {
    arrow(i).is_some()
        || i.strip_prefix("()")
            .is_some_and(|r| arrow(blanks(r)).is_some())
}

/// A participant name inside a message or note: characters up to an arrow,
/// `:`, `,`, `+`, `<`, `>`, `;` or a line break (a `-` that starts no arrow
/// is part of the name, as in `my-service`). Returns (rest, trimmed name);
/// the name may be empty.
pub(super) fn actor_ref(i: &str) -> (&str, &str) {
    let mut at = 0;
    while let Some(c) = i[at..].chars().next() {
        let here = &i[at..];
        match c {
            ':' | ',' | '+' | '<' | '>' | ';' | '\n' | '\r' => break,
            '-' | '/' | '\\' | '(' if at_arrow(here) => break,
            _ => at += c.len_utf8(),
        }
    }
    let name = &i[..at];
    (&i[at..], name.trim())
}

/// The name in a participant declaration, `activate`, `destroy`: up to
/// ` as `, `@{`, a `#` comment, `;` or a line break. `:`, `,` and `>` are
/// errors there (as in Mermaid). Returns (rest, trimmed name).
pub(super) fn declared_name(i: &str) -> Lexed<'_, &str> {
    let mut at = 0;
    let mut last_blank = false;
    while let Some(c) = i[at..].chars().next() {
        let here = &i[at..];
        match c {
            '\n' | '\r' | ';' => break,
            '#' if entity_len(here).is_none() => break,
            '#' => {
                at += entity_len(here).unwrap_or(1);
                last_blank = false;
                continue;
            }
            '@' if here.starts_with("@{") => break,
            ':' | ',' | '>' => {
                return Err(
                    Fail::new(here, 1, format!("unexpected '{c}' in a participant name"))
                        .hint("write 'participant ID as Label text' to show other characters"),
                )
            }
            _ => {}
        }
        if last_blank && keyword(here, "as").is_some() && at_alias(here) {
            break;
        }
        last_blank = c == ' ' || c == '\t';
        at += c.len_utf8();
    }
    Ok((&i[at..], i[..at].trim()))
}

/// True when `i` starts `as` followed by a blank (an alias follows).
fn at_alias(i: &str) -> bool {
    i.len() > 2 && matches!(i.as_bytes()[2], b' ' | b'\t')
}

/// `as` (any case) and a blank after a declared name: the alias text start.
pub(super) fn alias_keyword(i: &str) -> Option<&str> {
    let r = keyword(i, "as")?;
    at_alias(i).then(|| blanks(r))
}

/// A number of `autonumber`: digits with at most two decimals, or `.5`.
/// Returns (rest, value, token).
pub(super) fn number(i: &str) -> Lexed<'_, (f64, &str)> {
    let digits = |s| take_while1::<_, _, nom::error::Error<&str>>(|c: char| c.is_ascii_digit())(s);
    let parsed: nom::IResult<&str, &str> =
        recognize(pair(opt(digits), opt(pair(tag("."), digits)))).parse(i);
    let token_len = i
        .find(|c: char| c.is_whitespace() || c == ';' || c == '#')
        .unwrap_or(i.len());
    let token = &i[..token_len];
    let bad = || {
        Fail::new(
            i,
            token_len,
            format!("expected a number after 'autonumber', found '{token}'"),
        )
        .hint("write 'autonumber', 'autonumber 10', 'autonumber 10 5' or 'autonumber off'; numbers may have up to two decimals")
    };
    match parsed {
        Ok((rest, n)) if !n.is_empty() && n != "." && n.len() == token_len => {
            let decimals = n.split_once('.').map_or(0, |(_, d)| d.len());
            if decimals > 2 {
                return Err(
                    Fail::new(i, token_len, format!("'{n}' has more than two decimals"))
                        .hint("sequence numbers may have at most two decimals, e.g. 10.01"),
                );
            }
            let value: f64 = n.parse().map_err(|_| bad())?;
            Ok((rest, (value, n)))
        }
        _ => Err(bad()),
    }
}

/// The fields Mermaid reads from a participant's `@{ … }` object.
#[derive(Debug, Default)]
pub(super) struct Metadata<'a> {
    /// `"type"`: the shape name (a slice of the source).
    pub kind: Option<&'a str>,
    /// `"alias"`: the label and where it stands.
    pub alias: Option<&'a str>,
}

/// The `@{ … }` object after a participant name (`i` starts at `@{`):
/// YAML flow-mapping entries `key: value`, separated by `,` or line breaks,
/// keys and values quoted or bare. Returns (rest after `}`, fields).
pub(super) fn metadata(i: &str) -> Lexed<'_, Metadata<'_>> {
    let open = &i[..2];
    let body_start = &i[2..];
    let Some(close) = body_start.find('}') else {
        return Err(
            Fail::new(i, open.len(), "unclosed '@{': expected '}'").hint(
                "the participant object ends with '}', e.g. participant A@{ \"type\": \"queue\" }",
            ),
        );
    };
    let rest = &body_start[close + 1..];
    let mut meta = Metadata::default();
    let mut r = &body_start[..close];
    loop {
        r = r.trim_start_matches([' ', '\t', '\n', '\r', ',']);
        if r.is_empty() {
            break;
        }
        let (after_key, key) = scalar(r)?;
        let after_key = blanks(after_key);
        let Some(after_colon) = after_key.strip_prefix(':') else {
            return Err(
                Fail::new(after_key, 0, format!("expected ':' after the key '{key}'"))
                    .hint("write entries as \"key\": \"value\", separated by commas"),
            );
        };
        let (after_value, value) = scalar(blanks(after_colon))?;
        let after_value = blanks(after_value);
        if !(after_value.is_empty() || after_value.starts_with([',', '\n', '\r'])) {
            return Err(Fail::new(
                after_value,
                0,
                "expected ',' between entries of '@{ … }'",
            ));
        }
        match key {
            "type" => meta.kind = Some(value),
            "alias" => meta.alias = Some(value),
            _ => {}
        }
        r = after_value;
    }
    Ok((rest, meta))
}

/// A quoted (`"…"`, `'…'`) or bare scalar; returns (rest, text inside).
fn scalar(i: &str) -> Lexed<'_, &str> {
    if let Some(q) = i.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let body = &i[1..];
        return match body.find(q) {
            Some(k) => Ok((&body[k + 1..], &body[..k])),
            None => Err(Fail::new(i, 1, format!("unclosed quote {q}"))),
        };
    }
    let len = i.find([':', ',', '\n', '\r']).unwrap_or(i.len());
    let text = i[..len].trim_end();
    if text.is_empty() {
        return Err(Fail::new(i, 0, "expected a key or a value"));
    }
    Ok((&i[text.len()..], text))
}

/// A JSON object of strings (`{"Label": "URL", …}`) in written order
/// (Mermaid keeps insertion order; a later duplicate replaces the value in
/// place).
pub(super) fn string_object(text: &str) -> Result<Vec<(String, String)>, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("not a JSON object: {e}"))?;
    let serde_json::Value::Object(map) = value else {
        return Err("expected a JSON object".to_string());
    };
    // serde_json sorts keys; recover the written order from the text: the
    // strings at depth 1 that a ':' follows are the keys.
    let mut order: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let (mut depth, mut at) = (0usize, 0usize);
    let bytes = text.as_bytes();
    while at < bytes.len() {
        match bytes[at] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'"' => {
                let start = at;
                at += 1;
                while at < bytes.len() && bytes[at] != b'"' {
                    at += if bytes[at] == b'\\' { 2 } else { 1 };
                }
                let end = (at + 1).min(bytes.len());
                let is_key = depth == 1 && blanks_nl(&text[end..]).starts_with(':');
                if is_key {
                    if let Ok(k) = serde_json::from_str::<String>(&text[start..end]) {
                        if seen.insert(k.clone()) {
                            order.push(k);
                        }
                    }
                }
            }
            _ => {}
        }
        at += 1;
    }
    order
        .into_iter()
        .map(|k| match map.get(&k) {
            Some(serde_json::Value::String(v)) => Ok((k, v.clone())),
            _ => Err(format!("the value of '{k}' is not a string")),
        })
        .collect()
}
