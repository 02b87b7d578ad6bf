//! ER diagram source to [`ErDiagram`]: the document shape (front matter,
//! directives and comments before the header, the header), then one
//! statement per line. Attribute blocks (`{ … }`) span lines and are read
//! as a stream of rows. One pass over the text, no recursion.
//!
//! The grammar we accept is written down in `grammar/er.ebnf`.

use std::collections::HashMap;

use nom::bytes::complete::{tag, take_while1};

use super::model::*;
use crate::diagram::style::StyleDecl;
use crate::error::ParseError;
use crate::error::Span;
use crate::layout::Direction;
use crate::syntax::{describe, offset_in, Fail, PResult, Preamble};

/// What statement readers return: the rest of the input and a value.
type Lexed<'a, T> = Result<(&'a str, T), Fail<'a>>;

/// Parses a whole ER diagram (`erDiagram`).
///
/// Takes any text. On success every entity, attribute and relationship
/// carries a span into `source`; on failure the error's span is on the
/// offending token (for a block never closed: its `{`). Never panics;
/// time linear in the input. Front matter (`title`, `config`) and
/// `%%{init}%%` directives are merged into [`ErDiagram::config`];
/// unreadable settings become warnings.
pub(crate) fn parse(source: &str) -> Result<ErDiagram, ParseError> {
    let mut b = Builder::new(source);
    b.document().map_err(|f| f.into_parse_error(source))?;
    Ok(b.finish())
}

/// The diagram being built, with lookups by name.
struct Builder<'a> {
    source: &'a str,
    d: ErDiagram,
    ids: HashMap<String, usize>,
    /// The last statement was an entity named alone with another entity
    /// after it on the same line (`buzz foo["batman"]`).
    chained: bool,
    /// The last statement was a style statement ended by `;`.
    semicolon: bool,
    /// Front matter and directives, read at the end.
    preamble: Preamble<'a>,
}

/// Skips spaces and tabs.
fn blanks(i: &str) -> &str {
    i.trim_start_matches([' ', '\t'])
}

/// Skips spaces, tabs and line breaks.
fn white(i: &str) -> &str {
    i.trim_start_matches([' ', '\t', '\n', '\r'])
}

/// True at the end of a line or of the input.
fn at_line_end(i: &str) -> bool {
    matches!(i.chars().next(), None | Some('\n' | '\r'))
}

/// `kw` at the start of `i`, followed by a blank, a line end or the end.
fn keyword<'a>(i: &'a str, kw: &str) -> Option<&'a str> {
    let rest = i.strip_prefix(kw)?;
    matches!(rest.chars().next(), None | Some(' ' | '\t' | '\n' | '\r')).then_some(rest)
}

/// The rest of the line (without its line break) and what follows it.
fn rest_of_line(i: &str) -> (&str, &str) {
    let end = i.find('\n').unwrap_or(i.len());
    (i[..end].trim_end_matches('\r'), &i[end..])
}

/// A character of an unquoted entity name: letters and digits of any
/// script, any non-ASCII character, `-`, `_`, `.`, `*`.
fn name_char(c: char) -> bool {
    c.is_alphanumeric() || !c.is_ascii() || matches!(c, '-' | '_' | '.' | '*')
}

/// A character of an attribute's type or name.
fn attr_char(c: char) -> bool {
    c.is_alphanumeric()
        || !c.is_ascii()
        || matches!(c, '-' | '_' | '(' | ')' | '[' | ']' | '*' | '~')
}

/// An entity name: quoted (any characters but `"`, `%`, `\` and control
/// characters) or unquoted. The name and the rest.
fn entity_name(i: &str) -> Lexed<'_, &str> {
    if let Some(body) = i.strip_prefix('"') {
        for (k, c) in body.char_indices() {
            match c {
                '"' if k == 0 => {
                    return Err(Fail::new(i, 2, "empty entity name")
                        .hint("a quoted entity name holds at least one character"))
                }
                '"' => return Ok((&body[k + 1..], &body[..k])),
                '%' | '\\' => {
                    return Err(Fail::new(
                        &body[k..],
                        c.len_utf8(),
                        format!("'{c}' cannot appear in a quoted entity name"),
                    )
                    .hint("a quoted name holds any characters but '\"', '%' and '\\'"))
                }
                c if c.is_control() => {
                    return Err(Fail::new(
                        &body[k..],
                        c.len_utf8(),
                        "a quoted entity name ends on its line: expected '\"'",
                    ))
                }
                _ => {}
            }
        }
        return Err(Fail::new(i, 1, "unclosed entity name: expected '\"'"));
    }
    let len = i.find(|c: char| !name_char(c)).unwrap_or(i.len());
    if len == 0 {
        return Err(Fail::new(
            i,
            i.chars().next().map_or(0, char::len_utf8),
            format!("expected an entity name, found {}", describe(i)),
        )
        .hint("an entity name is made of letters, digits, '-', '_', '.' and '*', or quoted"));
    }
    Ok((&i[len..], &i[..len]))
}

/// `:::a,b` after an entity name.
fn css_shorthand(i: &str) -> PResult<'_, &str> {
    let (r, _) = tag(":::")(i)?;
    match take_while1::<_, _, Fail>(|c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | ','))(
        r,
    ) {
        Ok(v) => Ok(v),
        Err(_) => Fail::new(r, 0, "expected a style class name after ':::'").cut(),
    }
}

/// Word spellings of cardinalities (either side), longest first within
/// each prefix family so `one or more` wins over `one`.
const WORDS: &[(&str, Cardinality)] = &[
    ("zero or more", Cardinality::ZeroOrMore),
    ("zero or many", Cardinality::ZeroOrMore),
    ("one or zero", Cardinality::ZeroOrOne),
    ("zero or one", Cardinality::ZeroOrOne),
    ("one or more", Cardinality::OneOrMore),
    ("one or many", Cardinality::OneOrMore),
    ("only one", Cardinality::ExactlyOne),
    ("many(0)", Cardinality::ZeroOrMore),
    ("many(1)", Cardinality::OneOrMore),
    ("many", Cardinality::ZeroOrMore),
    ("one", Cardinality::ExactlyOne),
    ("0+", Cardinality::ZeroOrMore),
    ("1+", Cardinality::OneOrMore),
    ("1", Cardinality::ExactlyOne),
    ("u", Cardinality::MdParent),
];

/// A cardinality at the start of `i`: symbols of the side (`left` or
/// right), else a word spelling not followed by a letter or digit.
fn cardinality(i: &str, left: bool) -> Option<(&str, Cardinality)> {
    // Each side's own spelling first; Mermaid takes the mirrored one too
    // (`o{--||`).
    let own = [
        ("|o", Cardinality::ZeroOrOne),
        ("||", Cardinality::ExactlyOne),
        ("}o", Cardinality::ZeroOrMore),
        ("}|", Cardinality::OneOrMore),
    ];
    let mirrored = [
        ("o|", Cardinality::ZeroOrOne),
        ("||", Cardinality::ExactlyOne),
        ("o{", Cardinality::ZeroOrMore),
        ("|{", Cardinality::OneOrMore),
    ];
    let (first, second) = if left {
        (own, mirrored)
    } else {
        (mirrored, own)
    };
    for (s, c) in first.into_iter().chain(second) {
        if let Some(r) = i.strip_prefix(s) {
            return Some((r, c));
        }
    }
    for (w, c) in WORDS {
        let Some(head) = i.get(..w.len()) else {
            continue;
        };
        if head.eq_ignore_ascii_case(w) {
            let r = &i[w.len()..];
            if !r.starts_with(|c: char| c.is_alphanumeric() || c == '_') {
                return Some((r, *c));
            }
        }
    }
    None
}

/// A relationship line: `--`, `to` (identifying) or `..`, `.-`, `-.`,
/// `optionally to` (not identifying).
fn line_kind(i: &str) -> Option<(&str, bool)> {
    for (s, identifying) in [("--", true), ("..", false), (".-", false), ("-.", false)] {
        if let Some(r) = i.strip_prefix(s) {
            return Some((r, identifying));
        }
    }
    if let Some(r) = keyword(i, "to") {
        return Some((r, true));
    }
    if let Some(r) = keyword(i, "optionally") {
        return keyword(blanks(r), "to").map(|r| (r, false));
    }
    None
}

/// `key:value` declarations separated by commas (or semicolons).
fn style_decls(text: &str) -> Vec<StyleDecl> {
    text.split([',', ';'])
        .filter_map(|d| d.split_once(':'))
        .map(|(k, v)| StyleDecl {
            property: k.trim().to_ascii_lowercase(),
            value: v.trim().to_string(),
        })
        .filter(|d| !d.property.is_empty() && !d.value.is_empty())
        .collect()
}

/// An attribute key (`PK`, `FK`, `UK`) at the start of `i`.
fn key(i: &str) -> Option<(&str, &str)> {
    ["PK", "FK", "UK"].into_iter().find_map(|k| {
        let r = i.strip_prefix(k)?;
        (!r.starts_with(attr_char)).then_some((r, &i[..k.len()]))
    })
}

/// A type or name token of an attribute row: it starts with a letter,
/// `*`, `_` or a non-ASCII character.
fn attr_token<'a>(i: &'a str, what: &str) -> Lexed<'a, &'a str> {
    let ok_start = i
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || !c.is_ascii() || c == '*' || c == '_');
    let len = i.find(|c: char| !attr_char(c)).unwrap_or(i.len());
    if !ok_start || len == 0 {
        return Err(Fail::new(
            i,
            i.chars().next().map_or(0, char::len_utf8),
            format!("expected an attribute {what}, found {}", describe(i)),
        )
        .hint("an attribute row is 'type name [PK, FK, UK] [\"comment\"]'; type and name start with a letter, '*' or '_'"));
    }
    Ok((&i[len..], &i[..len]))
}

impl<'a> Builder<'a> {
    fn new(source: &'a str) -> Self {
        Builder {
            source,
            d: ErDiagram::default(),
            ids: HashMap::new(),
            chained: false,
            semicolon: false,
            preamble: Preamble::default(),
        }
    }

    fn span(&self, part: &str) -> Span {
        let at = offset_in(self.source, part);
        Span::new(at, at + part.len())
    }

    /// The whole text: preamble, header, statements.
    fn document(&mut self) -> Result<(), Fail<'a>> {
        let source = self.source;
        let mut i = source.strip_prefix('\u{feff}').unwrap_or(source);
        i = self.preamble.skip(i)?;
        i = header(i)?;
        self.statements(i)?;
        Ok(())
    }

    /// Statements to the end of the input.
    fn statements(&mut self, mut i: &'a str) -> Result<&'a str, Fail<'a>> {
        loop {
            let r = blanks(i);
            match r.chars().next() {
                None => return Ok(r),
                Some('\n' | '\r') => {
                    i = &r[1..];
                    continue;
                }
                _ => {}
            }
            if r.starts_with("%%{") {
                i = self.preamble.directive(r)?;
                continue;
            }
            if r.starts_with("%%") {
                i = rest_of_line(r).1;
                continue;
            }
            self.chained = false;
            self.semicolon = false;
            let after = self.statement(r)?;
            let e = blanks(after);
            if self.chained {
                i = e;
                continue;
            }
            if self.semicolon {
                i = &e[1..];
                continue;
            }
            let e = if e.starts_with("%%") && !e.starts_with("%%{") {
                rest_of_line(e).1
            } else {
                e
            };
            if !at_line_end(e) {
                return Err(Fail::new(
                    e,
                    e.chars().next().map_or(0, char::len_utf8),
                    format!(
                        "expected a line break after the statement, found {}",
                        describe(e)
                    ),
                )
                .hint("put each statement on its own line"));
            }
            i = e;
        }
    }

    /// One statement at `i` (not blank, not a comment); the rest.
    fn statement(&mut self, i: &'a str) -> Result<&'a str, Fail<'a>> {
        if let Some(r) = keyword(i, "direction") {
            return self.direction(r);
        }
        if let Some(r) = keyword(i, "style") {
            return self.style(r);
        }
        if let Some(r) = keyword(i, "classDef") {
            return self.class_def(r);
        }
        if let Some(r) = keyword(i, "class") {
            return self.class(r);
        }
        if let Some(r) = keyword(i, "title") {
            let (text, rest) = rest_of_line(r);
            self.d.title = Some(text.trim().to_string());
            return Ok(rest);
        }
        if let Some(r) = i.strip_prefix("accTitle") {
            return self.acc(i, r, true);
        }
        if let Some(r) = i.strip_prefix("accDescr") {
            return self.acc(i, r, false);
        }
        self.entity_or_relationship(i)
    }

    /// The entity `name` (created when new).
    fn entity(&mut self, name: &'a str) -> usize {
        if let Some(&k) = self.ids.get(name) {
            return k;
        }
        let span = self.span(name);
        self.d.entities.push(Entity {
            id: name.to_string(),
            span,
            alias: None,
            attributes: Vec::new(),
            css_classes: Vec::new(),
            styles: Vec::new(),
        });
        self.ids.insert(name.to_string(), self.d.entities.len() - 1);
        self.d.entities.len() - 1
    }

    /// An entity name with its optional alias and `:::classes`; the entity.
    fn entity_ref(&mut self, i: &'a str) -> Lexed<'a, usize> {
        let (mut r, name) = entity_name(i)?;
        let e = self.entity(name);
        if r.starts_with('[') {
            let (after, alias) = alias(r)?;
            self.d.entities[e].alias = Some(alias.to_string());
            r = after;
        }
        if r.starts_with(":::") {
            let (after, list) = css_shorthand(r).map_err(nom_fail)?;
            for c in list.split(',').filter(|c| !c.is_empty()) {
                self.d.entities[e].css_classes.push(c.to_string());
            }
            r = after;
        }
        Ok((r, e))
    }

    /// `A`, `A { … }` or `A REL B : label`.
    fn entity_or_relationship(&mut self, i: &'a str) -> Result<&'a str, Fail<'a>> {
        let (r, first) = self.entity_ref(i)?;
        let b = blanks(r);
        if b.starts_with('{') {
            return self.block(first, b);
        }
        if at_line_end(b) || b.starts_with("%%") {
            return Ok(b);
        }
        let rel_at = b;
        let rel = cardinality(b, true).filter(|(r, _)| line_kind(blanks(r)).is_some());
        if rel.is_none() && (b.starts_with('"') || b.starts_with(name_char)) {
            // Another entity named on the same line.
            self.chained = true;
            return Ok(b);
        }
        let Some((r, from_card)) = cardinality(b, true) else {
            return Err(Fail::new(
                b,
                b.chars().next().map_or(0, char::len_utf8),
                format!(
                    "expected a relationship or a line break, found {}",
                    describe(b)
                ),
            )
            .hint("relationships look like 'CUSTOMER ||--o{ ORDER : places'"));
        };
        let Some((r, identifying)) = line_kind(blanks(r)) else {
            return Err(Fail::new(
                rel_at,
                rel_at.len() - r.len(),
                format!("expected '--', '..' or 'to' after the cardinality, found {}", describe(blanks(r))),
            )
            .hint("a relationship is cardinality, line, cardinality: '||--o{', '}|..|{', '1 to zero or more'"));
        };
        let r = blanks(r);
        let Some((r, to_card)) = cardinality(r, false) else {
            return Err(Fail::new(
                r,
                r.chars().next().map_or(0, char::len_utf8),
                format!(
                    "expected a cardinality after the line, found {}",
                    describe(r)
                ),
            )
            .hint(
                "the right side is one of 'o|', '||', 'o{', '|{' or a word such as 'zero or more'",
            ));
        };
        let (r, second) = self
            .entity_ref(blanks(r))
            .map_err(|f| f.hint("a relationship joins two entities: 'A ||--o{ B : label'"))?;
        let b = blanks(r);
        let Some(after) = b.strip_prefix(':') else {
            return Err(Fail::new(
                b,
                b.chars().next().map_or(0, char::len_utf8),
                format!(
                    "expected ':' and a label after the relationship, found {}",
                    describe(b)
                ),
            )
            .hint("a relationship needs a label: 'A ||--o{ B : places' (or : \"\")"));
        };
        let a = blanks(after);
        let (label, rest) = if let Some(body) = a.strip_prefix('"') {
            let line = rest_of_line(body).0;
            match line.find('"') {
                Some(k) => (&body[..k], &body[k + 1..]),
                None => return Err(Fail::new(a, 1, "unclosed label: expected '\"'")),
            }
        } else {
            // One word, as Mermaid takes it; more words need quotes.
            let len = a
                .find(|c: char| c.is_whitespace() || c == ';')
                .unwrap_or(a.len());
            let len = a[..len].find("%%").unwrap_or(len);
            if len == 0 {
                return Err(Fail::new(a, 0, "expected a label after ':'")
                    .hint("write a word or a quoted text after ':', or \"\" for none"));
            }
            let rest = &a[len..];
            let after = blanks(rest);
            if !at_line_end(after) && !after.starts_with("%%") {
                return Err(Fail::new(
                    after,
                    after.chars().next().map_or(0, char::len_utf8),
                    format!(
                        "expected the end of the line after the label, found {}",
                        describe(after)
                    ),
                )
                .hint(format!(
                    "a label of several words is quoted: : \"{} …\"",
                    &a[..len]
                )));
            }
            (&a[..len], rest)
        };
        let start = offset_in(self.source, i);
        let end = offset_in(self.source, rest);
        self.d.relationships.push(Relationship {
            from: first,
            to: second,
            from_card,
            to_card,
            identifying,
            label: label.to_string(),
            span: Span::new(start, end.max(start)),
        });
        Ok(rest)
    }

    /// `{` attribute rows `}` of entity `e`, starting at the `{`.
    fn block(&mut self, e: usize, open: &'a str) -> Result<&'a str, Fail<'a>> {
        let mut i = &open[1..];
        loop {
            i = white(i);
            if i.starts_with("%%") {
                i = rest_of_line(i).1;
                continue;
            }
            if let Some(r) = i.strip_prefix('}') {
                return Ok(r);
            }
            if i.is_empty() {
                return Err(
                    Fail::new(open, 1, "attribute block never closed: expected '}'")
                        .hint("end the attribute rows with '}'"),
                );
            }
            let start = i;
            let (r, ty) = attr_token(i, "type")?;
            let r = blanks(r);
            let (mut r, name) = attr_token(r, "name")?;
            let mut keys = Vec::new();
            let mut b = blanks(r);
            if let Some((after, k)) = key(b) {
                keys.push(k.to_string());
                r = after;
                loop {
                    b = blanks(r);
                    let Some(after) = b.strip_prefix(',') else {
                        break;
                    };
                    let a = blanks(after);
                    let Some((after, k)) = key(a) else {
                        return Err(Fail::new(
                            a,
                            0,
                            format!("expected PK, FK or UK after ',', found {}", describe(a)),
                        ));
                    };
                    keys.push(k.to_string());
                    r = after;
                }
            }
            let b = blanks(r);
            let mut comment = None;
            if let Some(body) = b.strip_prefix('"') {
                let line = rest_of_line(body).0;
                match line.find('"') {
                    Some(k) => {
                        comment = Some(body[..k].to_string());
                        r = &body[k + 1..];
                    }
                    None => return Err(Fail::new(b, 1, "unclosed comment: expected '\"'")),
                }
            }
            let end = offset_in(self.source, r);
            let at = offset_in(self.source, start);
            let row = Attribute {
                ty: ty.to_string(),
                name: name.to_string(),
                keys,
                comment,
                span: Span::new(at, end),
            };
            self.d.entities[e].attributes.push(row);
            let next = blanks(r);
            if !(at_line_end(next) || next.starts_with('}') || next.starts_with("%%")) {
                return Err(Fail::new(
                    next,
                    next.chars().next().map_or(0, char::len_utf8),
                    format!(
                        "expected the end of the attribute row, found {}",
                        describe(next)
                    ),
                )
                .hint("an attribute row is 'type name [PK, FK, UK] [\"comment\"]'"));
            }
            i = next;
        }
    }

    /// `direction TB|BT|LR|RL`.
    fn direction(&mut self, r: &'a str) -> Result<&'a str, Fail<'a>> {
        let at = blanks(r);
        let len = at
            .find(|c: char| c.is_whitespace() || c == ';')
            .unwrap_or(at.len());
        self.d.direction_given = true;
        self.d.direction = match &at[..len] {
            "TB" | "TD" => Direction::TopBottom,
            "BT" => Direction::BottomTop,
            "LR" => Direction::LeftRight,
            "RL" => Direction::RightLeft,
            _ => {
                return Err(Fail::new(
                    at,
                    len,
                    format!(
                        "expected TB, BT, LR or RL after 'direction', found {}",
                        describe(at)
                    ),
                ))
            }
        };
        Ok(&at[len..])
    }

    /// The entities of a comma list `A,B` (created when new) and the rest.
    fn entity_list(&mut self, r: &'a str, usage: &str) -> Lexed<'a, Vec<usize>> {
        let mut r = blanks(r);
        let mut list = Vec::new();
        loop {
            let (after, name) = entity_name(r).map_err(|f| f.hint(usage.to_string()))?;
            list.push(self.entity(name));
            match after.strip_prefix(',') {
                Some(more) => r = blanks(more),
                None => return Ok((after, list)),
            }
        }
    }

    /// The rest of a style statement's line, up to a `;`.
    fn css_text(&mut self, r: &'a str) -> (&'a str, &'a str) {
        let (line, _) = rest_of_line(r);
        let end = line.find(';').unwrap_or(line.len());
        self.semicolon = end < line.len();
        (&line[..end], &r[end..])
    }

    /// `style A,B css`.
    fn style(&mut self, r: &'a str) -> Result<&'a str, Fail<'a>> {
        let (r, list) = self.entity_list(r, "write 'style ENTITY fill:#f9f'")?;
        let (css, rest) = self.css_text(r);
        let decls = style_decls(css);
        for e in list {
            self.d.entities[e].styles.extend(decls.iter().cloned());
        }
        Ok(rest)
    }

    /// `classDef a,b css`.
    fn class_def(&mut self, r: &'a str) -> Result<&'a str, Fail<'a>> {
        let at = blanks(r);
        let len = at.find([' ', '\t', '\n', '\r']).unwrap_or(at.len());
        if len == 0 {
            return Err(
                Fail::new(at, 0, "expected a style class name after 'classDef'")
                    .hint("write 'classDef name fill:#f9f'"),
            );
        }
        let (css, rest) = self.css_text(&at[len..]);
        let decls = style_decls(css);
        for name in at[..len]
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            self.d.class_defs.push((name.to_string(), decls.clone()));
        }
        Ok(rest)
    }

    /// `class A,B name[,name2]`.
    fn class(&mut self, r: &'a str) -> Result<&'a str, Fail<'a>> {
        let (r, list) = self.entity_list(r, "write 'class ENTITY styleName'")?;
        let (text, rest) = self.css_text(r);
        let names: Vec<&str> = text
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .collect();
        if names.is_empty() {
            let at = blanks(r);
            return Err(
                Fail::new(at, 0, "expected a style class name after the entities")
                    .hint("write 'class ENTITY styleName'"),
            );
        }
        for e in list {
            for n in &names {
                self.d.entities[e].css_classes.push(n.to_string());
            }
        }
        Ok(rest)
    }

    /// `accTitle: …`, `accDescr: …`, `accDescr { … }`.
    fn acc(&mut self, kw: &'a str, r: &'a str, title: bool) -> Result<&'a str, Fail<'a>> {
        let b = blanks(r);
        if let Some(after) = b.strip_prefix(':') {
            let (text, rest) = rest_of_line(after);
            let text = Some(text.trim().to_string());
            if title {
                self.d.acc_title = text;
            } else {
                self.d.acc_descr = text;
            }
            return Ok(rest);
        }
        if !title {
            if let Some(after) = b.strip_prefix('{') {
                return match after.find('}') {
                    Some(k) => {
                        let lines: Vec<&str> = after[..k]
                            .lines()
                            .map(str::trim)
                            .filter(|l| !l.is_empty())
                            .collect();
                        self.d.acc_descr = Some(lines.join("\n"));
                        Ok(&after[k + 1..])
                    }
                    None => Err(Fail::new(b, 1, "accDescr block never closed: expected '}'")),
                };
            }
        }
        let len = "accTitle".len();
        Err(
            Fail::new(kw, len, format!("expected ':' after '{}'", &kw[..len]))
                .hint("write 'accTitle: text' or 'accDescr: text'"),
        )
    }

    /// The diagram, with the settings applied.
    fn finish(mut self) -> ErDiagram {
        let source = self.source;
        let read = self.preamble.read(source);
        if let Some((title, _)) = read.title {
            self.d.title = Some(title);
        }
        self.d.config.merge(&read.config);
        self.d.warnings.extend(read.warnings);
        self.d
    }
}

/// `[Label]` or `["Label"]` right after an entity name: the rest and the
/// label.
fn alias(i: &str) -> Lexed<'_, &str> {
    let inner = &i[1..];
    if let Some(body) = inner.strip_prefix('"') {
        let line = rest_of_line(body).0;
        return match line.find('"') {
            Some(k) => match body[k + 1..].strip_prefix(']') {
                Some(rest) => Ok((rest, &body[..k])),
                None => Err(Fail::new(&body[k + 1..], 0, "expected ']' after the alias")),
            },
            None => Err(Fail::new(inner, 1, "unclosed alias: expected '\"'")),
        };
    }
    let line = rest_of_line(inner).0;
    match line.find(']') {
        Some(k) if k > 0 && !line[..k].contains(['[', '"']) => Ok((&inner[k + 1..], &inner[..k])),
        _ => Err(Fail::new(i, 1, "unclosed alias: expected ']'").hint(
            "an alias is written in brackets after the name: p[Person] or c[\"Customer Account\"]",
        )),
    }
}

/// The header `erDiagram`.
fn header(i: &str) -> Result<&str, Fail<'_>> {
    if let Some(rest) = i.strip_prefix("erDiagram") {
        if !rest.starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '-') {
            return Ok(rest);
        }
    }
    let len = i.find(char::is_whitespace).unwrap_or(i.len());
    Err(Fail::new(
        i,
        len,
        format!("expected 'erDiagram', found {}", describe(i)),
    )
    .hint("an ER diagram starts with the line 'erDiagram'"))
}

/// A nom error as a plain failure.
fn nom_fail(e: nom::Err<Fail<'_>>) -> Fail<'_> {
    match e {
        nom::Err::Error(f) | nom::Err::Failure(f) => f,
        nom::Err::Incomplete(_) => Fail::new("", 0, "unexpected end of input"),
    }
}
