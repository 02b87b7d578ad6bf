//! The syntax of each statement: what follows its keyword, read into a
//! [`Stmt`] whose slices point into the source. No meaning is applied
//! here (see [`super::build`]).

use super::lex::{
    actor_ref, alias_keyword, arrow, at_statement_end, blanks, declared_name, keyword, metadata,
    number, prefix_no_case, rest_of_line, skip_comment, two_words, Fail, Lexed, Metadata,
};
use super::model::{Arrow, Autonumber, BlockKind, NotePlacement, ParticipantKind};
use super::parse::describe;

/// One statement as written, before its meaning is applied.
#[derive(Debug)]
pub(super) enum Stmt<'a> {
    /// `participant A`, `actor A as Label`, `create participant B@{…}`.
    Participant {
        /// The `participant`/`actor` keyword.
        keyword: &'a str,
        /// `actor` or `participant`.
        kind: ParticipantKind,
        /// Preceded by `create`.
        create: bool,
        /// The id.
        name: &'a str,
        /// The `@{ … }` object.
        meta: Option<Metadata<'a>>,
        /// The text after `as` (untrimmed).
        alias: Option<&'a str>,
    },
    /// `destroy B`.
    Destroy { name: &'a str },
    /// `box [colour] [title]`, the text after the keyword (untrimmed).
    Box { keyword: &'a str, line: &'a str },
    /// `loop …`, `alt …`, `rect …`, …
    Block {
        keyword: &'a str,
        kind: BlockKind,
        label: &'a str,
    },
    /// `else …`, `and …`, `option …`.
    Section { keyword: &'a str, label: &'a str },
    /// `end`.
    End { keyword: &'a str },
    /// `A->>+B: text`.
    Message {
        from: &'a str,
        to: &'a str,
        arrow: Arrow,
        /// `+` or `-` before the receiver.
        modifier: Option<&'a str>,
        central_from: bool,
        central_to: bool,
        text: &'a str,
    },
    /// `Note left of A: text`, `Note over A,B: text`.
    Note {
        placement: NotePlacement,
        first: &'a str,
        second: Option<&'a str>,
        text: &'a str,
    },
    /// `activate A`.
    Activate { name: &'a str },
    /// `deactivate A`.
    Deactivate { name: &'a str },
    /// `autonumber [N [STEP] | off]`.
    Autonumber(Autonumber),
    /// `title …`.
    Title(&'a str),
    /// `accTitle: …`.
    AccTitle(&'a str),
    /// `accDescr: …` or the inside of `accDescr { … }`.
    AccDescr(&'a str),
    /// `link A: Label @ URL`.
    Link { name: &'a str, text: &'a str },
    /// `links A: {json}`.
    Links { name: &'a str, text: &'a str },
    /// `properties A: {json}` or `details A: id`.
    Properties { name: &'a str, text: &'a str },
}

/// The keywords that open a block, with their kinds.
const BLOCKS: &[(&str, BlockKind)] = &[
    ("loop", BlockKind::Loop),
    ("alt", BlockKind::Alt),
    ("opt", BlockKind::Opt),
    ("par_over", BlockKind::ParOver),
    ("par", BlockKind::Par),
    ("critical", BlockKind::Critical),
    ("break", BlockKind::Break),
    ("rect", BlockKind::Rect),
];

/// One statement at `i` (a non-blank, non-comment character).
pub(super) fn statement(i: &str) -> Lexed<'_, Stmt<'_>> {
    if let Some(r) = keyword(i, "participant") {
        return participant(i, r, ParticipantKind::Participant, false);
    }
    if let Some(r) = keyword(i, "actor") {
        return participant(i, r, ParticipantKind::Actor, false);
    }
    if let Some(r) = keyword(i, "create") {
        let r2 = blanks(r);
        if let Some(r3) = keyword(r2, "participant") {
            return participant(r2, r3, ParticipantKind::Participant, true);
        }
        if let Some(r3) = keyword(r2, "actor") {
            return participant(r2, r3, ParticipantKind::Actor, true);
        }
        return Err(Fail::new(
            r2,
            0,
            format!(
                "expected 'participant' or 'actor' after 'create', found {}",
                describe(r2)
            ),
        )
        .hint("write 'create participant B' before the message that creates B"));
    }
    if let Some(r) = keyword(i, "destroy") {
        let (rest, name) = named(i, r, "destroy")?;
        return Ok((rest, Stmt::Destroy { name }));
    }
    if let Some(r) = keyword(i, "box") {
        let (line, rest) = rest_of_line(r);
        return Ok((
            rest,
            Stmt::Box {
                keyword: &i[..3],
                line,
            },
        ));
    }
    for &(kw, kind) in BLOCKS {
        if let Some(r) = keyword(i, kw) {
            let (label, rest) = rest_of_line(r);
            return Ok((
                rest,
                Stmt::Block {
                    keyword: &i[..kw.len()],
                    kind,
                    label,
                },
            ));
        }
    }
    for kw in ["else", "and", "option"] {
        if let Some(r) = keyword(i, kw) {
            let (label, rest) = rest_of_line(r);
            return Ok((
                rest,
                Stmt::Section {
                    keyword: &i[..kw.len()],
                    label,
                },
            ));
        }
    }
    if let Some(r) = keyword(i, "end") {
        return Ok((r, Stmt::End { keyword: &i[..3] }));
    }
    if let Some(r) = keyword(i, "note") {
        return note(r);
    }
    if let Some(r) = keyword(i, "activate") {
        let (rest, name) = named(i, r, "activate")?;
        return Ok((rest, Stmt::Activate { name }));
    }
    if let Some(r) = keyword(i, "deactivate") {
        let (rest, name) = named(i, r, "deactivate")?;
        return Ok((rest, Stmt::Deactivate { name }));
    }
    if let Some(r) = keyword(i, "autonumber") {
        return autonumber(r);
    }
    if let Some(r) = title(i) {
        return r;
    }
    if let Some(r) = accessibility(i) {
        return r;
    }
    for kw in ["links", "link", "properties", "details"] {
        if let Some(r) = menu(i, kw) {
            return Ok(r);
        }
    }
    message(i)
}

/// The participant name after `activate`, `deactivate`, `destroy`.
fn named<'a>(i: &'a str, r: &'a str, kw: &str) -> Lexed<'a, &'a str> {
    let (rest, name) = declared_name(blanks(r))?;
    if name.is_empty() {
        return Err(Fail::new(
            i,
            kw.len(),
            format!("expected a participant name after '{kw}'"),
        )
        .hint(format!("write '{kw} A'")));
    }
    Ok((rest, name))
}

/// `participant A[@{…}] [as Label]` after its keyword (`kw` at `i`).
fn participant<'a>(
    i: &'a str,
    r: &'a str,
    kind: ParticipantKind,
    create: bool,
) -> Lexed<'a, Stmt<'a>> {
    let kw = &i[..i.len() - r.len()];
    let (mut rest, name) = declared_name(blanks(r))?;
    if name.is_empty() {
        return Err(Fail::new(
            i,
            kw.len(),
            format!("expected a participant name after '{kw}'"),
        )
        .hint(format!("write '{kw} A' or '{kw} A as Label'")));
    }
    let mut meta = None;
    if rest.starts_with("@{") {
        let (after, m) = metadata(rest)?;
        meta = Some(m);
        rest = after;
    }
    let mut alias = None;
    let r2 = blanks(rest);
    if let Some(text_start) = alias_keyword(r2) {
        let (text, after) = rest_of_line(text_start);
        alias = Some(text);
        rest = after;
    } else if meta.is_some() && !at_statement_end(skip_comment(r2)) {
        return Err(Fail::new(
            r2,
            0,
            format!(
                "expected 'as' or the end of the statement, found {}",
                describe(r2)
            ),
        )
        .hint("write participant A@{ \"type\": \"queue\" } as Label"));
    }
    Ok((
        rest,
        Stmt::Participant {
            keyword: kw,
            kind,
            create,
            name,
            meta,
            alias,
        },
    ))
}

/// `Note` placement, participant(s) and text, after the keyword.
fn note(r: &str) -> Lexed<'_, Stmt<'_>> {
    let p = blanks(r);
    let (placement, after) = if let Some(a) = two_words(p, "left", "of") {
        (NotePlacement::LeftOf, a)
    } else if let Some(a) = two_words(p, "right", "of") {
        (NotePlacement::RightOf, a)
    } else if let Some(a) = keyword(p, "over") {
        (NotePlacement::Over, a)
    } else {
        return Err(Fail::new(
            p,
            0,
            format!(
                "expected 'left of', 'right of' or 'over' after 'Note', found {}",
                describe(p)
            ),
        )
        .hint("write 'Note right of A: text' or 'Note over A,B: text'"));
    };
    let (mut rest, first) = actor_ref(blanks(after));
    if first.is_empty() {
        return Err(
            Fail::new(blanks(after), 0, "expected a participant name in the note")
                .hint("write 'Note over A: text'"),
        );
    }
    let mut second = None;
    if placement == NotePlacement::Over {
        if let Some(r2) = rest.strip_prefix(',') {
            let (r3, name) = actor_ref(blanks(r2));
            if name.is_empty() {
                return Err(Fail::new(
                    blanks(r2),
                    0,
                    "expected a second participant after ','",
                ));
            }
            second = Some(name);
            rest = r3;
        }
    }
    let text = colon_text(rest, "the note")?;
    Ok((
        text.1,
        Stmt::Note {
            placement,
            first,
            second,
            text: text.0,
        },
    ))
}

/// `: text` to the end of the statement: (text, rest).
fn colon_text<'a>(i: &'a str, what: &str) -> Result<(&'a str, &'a str), Fail<'a>> {
    let r = blanks(i);
    match r.strip_prefix(':') {
        Some(t) => Ok(rest_of_line(t)),
        None => Err(Fail::new(
            r,
            0,
            format!("expected ':' and the text of {what}, found {}", describe(r)),
        )
        .hint("the text follows a ':' (it may be empty)")),
    }
}

/// `autonumber` settings after the keyword.
fn autonumber(r: &str) -> Lexed<'_, Stmt<'_>> {
    let p = blanks(r);
    if at_statement_end(skip_comment(p)) {
        return Ok((
            p,
            Stmt::Autonumber(Autonumber {
                start: None,
                step: None,
                visible: true,
            }),
        ));
    }
    if let Some(rest) = keyword(p, "off") {
        return Ok((
            rest,
            Stmt::Autonumber(Autonumber {
                start: None,
                step: None,
                visible: false,
            }),
        ));
    }
    let (rest, (start, _)) = number(p)?;
    let p2 = blanks(rest);
    if at_statement_end(skip_comment(p2)) {
        return Ok((
            p2,
            Stmt::Autonumber(Autonumber {
                start: Some(start),
                step: Some(1.0),
                visible: true,
            }),
        ));
    }
    let (rest, (step, _)) = number(p2)?;
    Ok((
        rest,
        Stmt::Autonumber(Autonumber {
            start: Some(start),
            step: Some(step),
            visible: true,
        }),
    ))
}

/// `title Text` or the legacy `title: Text`.
fn title(i: &str) -> Option<Lexed<'_, Stmt<'_>>> {
    let after = prefix_no_case(i, "title")?;
    let body = if let Some(b) = after.strip_prefix(':') {
        b
    } else if after.starts_with([' ', '\t']) {
        after
    } else if at_statement_end(after) {
        return Some(Err(Fail::new(
            i,
            5,
            "expected the title text after 'title'",
        )
        .hint("write 'title My diagram'")));
    } else {
        return None;
    };
    let (text, rest) = rest_of_line(body);
    if text.trim().is_empty() {
        return Some(Err(Fail::new(
            i,
            5,
            "expected the title text after 'title'",
        )
        .hint("write 'title My diagram'")));
    }
    Some(Ok((rest, Stmt::Title(text))))
}

/// `accTitle: …`, `accDescr: …`, `accDescr { … }`.
fn accessibility(i: &str) -> Option<Lexed<'_, Stmt<'_>>> {
    for kw in ["accTitle", "accDescr"] {
        let Some(after) = prefix_no_case(i, kw) else {
            continue;
        };
        let a = blanks(after);
        if let Some(v) = a.strip_prefix(':') {
            // The value runs to the end of the line, `;` and `#` included.
            let end = v.find(['\n', '\r']).unwrap_or(v.len());
            let (value, rest) = v.split_at(end);
            let stmt = if kw == "accTitle" {
                Stmt::AccTitle(value)
            } else {
                Stmt::AccDescr(value)
            };
            return Some(Ok((rest, stmt)));
        }
        if kw == "accDescr" {
            if let Some(v) = a.strip_prefix('{') {
                return Some(match v.find('}') {
                    Some(k) => Ok((&v[k + 1..], Stmt::AccDescr(&v[..k]))),
                    None => Err(Fail::new(
                        i,
                        kw.len(),
                        "unclosed 'accDescr {': expected '}'",
                    )),
                });
            }
        }
        return Some(Err(Fail::new(
            a,
            0,
            format!("expected ':' or '{{' after '{kw}', found {}", describe(a)),
        )
        .hint(format!("write '{kw}: text'"))));
    }
    None
}

/// `link A: …`, `links A: …`, `properties A: …`, `details A: …`: only
/// when a participant name and `:` follow, so `Link->>A: hi` stays a
/// message (as in Mermaid).
fn menu<'a>(i: &'a str, kw: &str) -> Option<(&'a str, Stmt<'a>)> {
    let r = keyword(i, kw)?;
    let (after, name) = actor_ref(blanks(r));
    if name.is_empty() || !blanks(after).starts_with(':') {
        return None;
    }
    let (text, rest) = rest_of_line(&blanks(after)[1..]);
    let stmt = match kw {
        "links" => Stmt::Links { name, text },
        "link" => Stmt::Link { name, text },
        _ => Stmt::Properties { name, text },
    };
    Some((rest, stmt))
}

/// `From [()]ARROW [+|-] [()]To : text`.
fn message(i: &str) -> Lexed<'_, Stmt<'_>> {
    let (rest, from) = actor_ref(i);
    let unknown = || {
        let len = i.find(['\n', '\r', ';']).unwrap_or(i.len());
        let line = i[..len].trim_end();
        Fail::new(i, line.len(), format!("unknown statement '{}'", line.chars().take(40).collect::<String>()))
            .hint("a message is written 'A->>B: text'; other statements start with a keyword such as 'participant', 'Note' or 'loop'")
    };
    if from.is_empty() {
        return Err(unknown());
    }
    let (rest, central_from) = match rest.strip_prefix("()") {
        Some(r) => (blanks(r), true),
        None => (rest, false),
    };
    let Some((rest, arrow, token)) = arrow(rest) else {
        if rest.starts_with(':') || at_statement_end(rest) {
            return Err(unknown());
        }
        return Err(Fail::new(
            rest,
            0,
            format!(
                "expected an arrow such as '->>' after '{from}', found {}",
                describe(rest)
            ),
        )
        .hint("a message is written 'A->>B: text'"));
    };
    let mut r = blanks(rest);
    let mut modifier = None;
    if r.starts_with(['+', '-']) {
        modifier = Some(&r[..1]);
        r = blanks(&r[1..]);
    }
    let (r, central_to) = match r.strip_prefix("()") {
        Some(r2) => (blanks(r2), true),
        None => (r, false),
    };
    let (r, to) = actor_ref(r);
    if to.is_empty() {
        return Err(Fail::new(
            r,
            0,
            format!(
                "expected the receiver after '{token}', found {}",
                describe(r)
            ),
        )
        .hint("a message is written 'A->>B: text'"));
    }
    let (text, rest) = colon_text(r, "the message")?;
    Ok((
        rest,
        Stmt::Message {
            from,
            to,
            arrow,
            modifier,
            central_from,
            central_to,
            text,
        },
    ))
}
