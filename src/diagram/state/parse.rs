//! State diagram source to [`StateDiagram`]: the document shape (front
//! matter, directives and comments before the header, the header), the
//! statement loop, each statement's syntax (nom token parsers over
//! suffixes of the source, so spans come back by address) and its meaning
//! (states created on first mention, the start and end of each document,
//! composite states and their regions on an explicit stack).
//!
//! The grammar we accept is written down in `grammar/state.ebnf`. Nesting
//! costs no recursion; the parse is one pass over the text.

use std::collections::HashMap;

use nom::bytes::complete::{tag, take_while1};
use nom::Parser;

use super::model::*;
use crate::error::ParseError;
use crate::diagram::style::{ClassDef, StyleDecl};
use crate::error::{Span, Warning};
use crate::layout::Direction;
use crate::syntax::{describe, exceeded, offset_in, Fail, Limit, Limits, PResult, Preamble};

/// Parses a whole state diagram within `limits`.
///
/// Takes any text. On success every state, transition and note carries a
/// span into `source`; on failure the error's span is on the offending
/// token (for a composite never closed: its `{`). Never panics; runs in
/// time linear in the input.
///
/// Front matter (`title:`, `config:`) and every `%%{init}%%` directive
/// are merged in source order into [`StateDiagram::config`]; settings that
/// cannot be read become warnings.
pub(crate) fn parse(source: &str, limits: &Limits) -> Result<StateDiagram, ParseError> {
    if source.len() > limits.max_input_bytes {
        let mut at = limits.max_input_bytes;
        while !source.is_char_boundary(at) {
            at -= 1;
        }
        return Err(exceeded(
            &format!("the input of {} bytes", source.len()),
            limits.max_input_bytes,
            "bytes",
            Limit::InputBytes,
            Span::new(at, source.len()),
        ));
    }
    let err = |f: Fail<'_>| f.into_parse_error(source);
    let mut rest = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut preamble = Preamble::default();
    rest = preamble.skip(rest).map_err(err)?;
    rest = header(rest).map_err(err)?;
    let mut b = Builder::new(source, limits);
    b.statements(rest, &mut preamble)?;
    let mut d = b.finish()?;
    let read = preamble.read(source);
    if d.title.is_none() {
        d.title = read.title.map(|(raw, span)| Text { raw, span });
    }
    d.config.merge(&read.config);
    d.warnings.extend(read.warnings);
    Ok(d)
}

// ------------------------------------------------------------ preamble

/// The header `stateDiagram-v2` or `stateDiagram`.
fn header(i: &str) -> Result<&str, Fail<'_>> {
    for kw in ["stateDiagram-v2", "stateDiagram"] {
        if let Some(rest) = keyword(i, kw) {
            return Ok(rest);
        }
    }
    let len = i.find(char::is_whitespace).unwrap_or(i.len());
    Err(Fail::new(
        i,
        len,
        format!("expected 'stateDiagram-v2', found {}", describe(i)),
    )
    .hint("a state diagram starts with the line 'stateDiagram-v2' (or 'stateDiagram')"))
}

// -------------------------------------------------------------- tokens

/// Skips spaces and tabs.
fn blanks(i: &str) -> &str {
    i.trim_start_matches([' ', '\t'])
}

/// Skips spaces, tabs and line breaks.
fn blanks_nl(i: &str) -> &str {
    i.trim_start_matches([' ', '\t', '\n', '\r'])
}

/// True where a keyword may end.
fn at_word_end(i: &str) -> bool {
    matches!(i.chars().next(), None | Some(' ' | '\t' | '\n' | '\r' | ';'))
        || i.starts_with("%%")
}

/// `kw` (exactly) at the start of `i`, ending at a word end; the rest.
fn keyword<'a>(i: &'a str, kw: &str) -> Option<&'a str> {
    let r: PResult<'a, &'a str> = tag(kw).parse(i);
    r.ok().map(|(rest, _)| rest).filter(|rest| at_word_end(rest))
}

/// `kw` (ASCII, any case) at the start of `i`, ending at a word end.
/// Compares bytes, so a multi-byte character never matches a letter.
fn keyword_no_case<'a>(i: &'a str, kw: &str) -> Option<&'a str> {
    let head = i.get(..kw.len())?;
    head.eq_ignore_ascii_case(kw)
        .then(|| &i[kw.len()..])
        .filter(|rest| at_word_end(rest))
}

/// Skips a `%%` comment (to the end of the line) if one starts here.
fn skip_comment(i: &str) -> &str {
    if i.starts_with("%%") && !i.starts_with("%%{") {
        i.find(['\n', '\r']).map_or("", |k| &i[k..])
    } else {
        i
    }
}

/// Length of an entity code (`#colon;`, `#9829;`) at the start of `i`:
/// its `;` is text, not a statement end.
fn entity_len(i: &str) -> Option<usize> {
    let body = i.strip_prefix('#')?;
    let n = body
        .bytes()
        .take(32)
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    (n > 0 && body[n..].starts_with(';')).then_some(n + 2)
}

/// Text up to the end of the statement: a line break, `;` (not of an
/// entity code) or a `%%` comment. Returns (text, rest at the stop).
fn rest_of_line(i: &str) -> (&str, &str) {
    let mut at = 0;
    while let Some(c) = i[at..].chars().next() {
        match c {
            '\n' | '\r' | ';' => break,
            '%' if i[at..].starts_with("%%") => break,
            '#' => at += entity_len(&i[at..]).unwrap_or(1),
            _ => at += c.len_utf8(),
        }
    }
    (&i[..at], &i[at..])
}

/// True for a character a state id may hold.
fn id_char(c: char) -> bool {
    !(c.is_whitespace() || matches!(c, ':' | '-' | '{' | '}' | ';' | '"' | ','))
}

/// A state id: a run of characters other than blanks and `: - { } ; " ,`,
/// ending before a `<<` or `[[` kind.
fn state_id(i: &str) -> PResult<'_, &str> {
    let (_, run) = take_while1(id_char).parse(i)?;
    let mut end = run.len();
    for kind in ["<<", "[["] {
        if let Some(k) = run.find(kind) {
            end = end.min(k);
        }
    }
    if end == 0 {
        return Fail::new(i, 0, "expected a state id").soft();
    }
    Ok((&i[end..], &i[..end]))
}

/// A `"…"` string on one line; returns (rest, text inside).
fn quoted(i: &str) -> PResult<'_, &str> {
    let (body, _) = tag("\"").parse(i)?;
    match body.find(['"', '\n', '\r']) {
        Some(k) if body[k..].starts_with('"') => Ok((&body[k + 1..], &body[..k])),
        _ => Fail::new(i, 1, "unclosed '\"': expected '\"' on the same line").cut(),
    }
}

/// A class name after `:::` or in `class`/`classDef`.
fn class_name(i: &str) -> PResult<'_, &str> {
    take_while1(|c: char| !(c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '{' | '}')))
        .parse(i)
}

/// `-->` at `i`; the rest.
fn arrow(i: &str) -> Option<&str> {
    let r: PResult<'_, &str> = tag("-->").parse(i);
    r.ok().map(|(rest, _)| rest)
}

/// `prop:value` declarations separated by `,` or `;` (not inside
/// parentheses, so `rgb(1,2,3)` stays whole).
fn style_decls(css: &str) -> Vec<StyleDecl> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0usize);
    let mut push = |part: &str| {
        if let Some((p, v)) = part.split_once(':') {
            if !p.trim().is_empty() {
                out.push(StyleDecl {
                    property: p.trim().to_ascii_lowercase(),
                    value: v.trim().to_string(),
                });
            }
        }
    };
    for (k, c) in css.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' | ';' if depth <= 0 => {
                push(&css[start..k]);
                start = k + 1;
            }
            _ => {}
        }
    }
    push(&css[start..]);
    out
}

/// A direction word.
fn direction_word(i: &str) -> Option<(&str, Direction)> {
    for (w, d) in [
        ("TB", Direction::TopBottom),
        ("TD", Direction::TopBottom),
        ("BT", Direction::BottomTop),
        ("LR", Direction::LeftRight),
        ("RL", Direction::RightLeft),
    ] {
        if let Some(r) = keyword(i, w) {
            return Some((r, d));
        }
    }
    None
}

/// The special kinds written after a state's id.
const KINDS: &[(&str, StateKind)] = &[
    ("<<fork>>", StateKind::Fork),
    ("<<join>>", StateKind::Join),
    ("<<choice>>", StateKind::Choice),
    ("[[fork]]", StateKind::Fork),
    ("[[join]]", StateKind::Join),
    ("[[choice]]", StateKind::Choice),
];

// ------------------------------------------------------------- builder

/// A composite state whose `{` is open.
struct Open<'a> {
    state: usize,
    scope: usize,
    brace: &'a str,
}

/// The diagram being built, statement by statement.
struct Builder<'a> {
    src: &'a str,
    limits: &'a Limits,
    d: StateDiagram,
    ids: HashMap<&'a str, usize>,
    /// The start (`false`) and end (`true`) state of each document.
    pseudo: HashMap<(Option<usize>, bool), usize>,
    open: Vec<Open<'a>>,
    /// `class` statements and `:::` uses: ids and class, applied at the end.
    class_uses: Vec<(Vec<&'a str>, &'a str)>,
    /// `style` statements: ids and declarations, applied at the end.
    style_uses: Vec<(Vec<&'a str>, Vec<StyleDecl>)>,
}

/// What a state reference in a statement is.
struct Ref<'a> {
    /// The id as written (`[*]` for a pseudo-state).
    text: &'a str,
    /// `:::class` after it.
    class: Option<&'a str>,
}

impl<'a> Builder<'a> {
    fn new(src: &'a str, limits: &'a Limits) -> Self {
        Builder {
            src,
            limits,
            d: StateDiagram::default(),
            ids: HashMap::new(),
            pseudo: HashMap::new(),
            open: Vec::new(),
            class_uses: Vec::new(),
            style_uses: Vec::new(),
        }
    }

    fn span(&self, part: &str) -> Span {
        let at = offset_in(self.src, part);
        Span::new(at, at + part.len())
    }

    fn error(&self, f: Fail<'_>) -> ParseError {
        f.into_parse_error(self.src)
    }

    fn scope(&self) -> Option<usize> {
        self.open.last().map(|o| o.scope)
    }

    /// The statement loop: separators, comments, directives, statements.
    fn statements(&mut self, mut rest: &'a str, preamble: &mut Preamble<'a>) -> Result<(), ParseError> {
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
                rest = preamble.directive(r).map_err(|f| self.error(f))?;
                continue;
            }
            if r.starts_with("%%") {
                rest = skip_comment(r);
                continue;
            }
            rest = self.statement(r)?;
        }
    }

    /// One statement at `i` (not blank, not a comment); the rest.
    fn statement(&mut self, i: &'a str) -> Result<&'a str, ParseError> {
        if let Some(r) = i.strip_prefix('}') {
            return match self.open.pop() {
                Some(_) => Ok(r),
                None => Err(self.error(
                    Fail::new(i, 1, "unexpected '}': no composite state is open")
                        .hint("a composite state is written 'state Name {' … '}'"),
                )),
            };
        }
        if i.starts_with("--") && !i.starts_with("-->") && at_word_end(&i[2..]) {
            self.divider(i);
            return Ok(&i[2..]);
        }
        if let Some(r) = keyword(i, "state") {
            return self.state_statement(r);
        }
        if let Some(r) = keyword(i, "note") {
            return self.note(i, r);
        }
        // Mermaid's keywords take any case; another spelling counts as
        // one only where what follows fits (`State --> B` is a state).
        if let Some(r) = keyword_no_case(i, "state") {
            let b = blanks(r);
            if b.len() < r.len() && (b.starts_with('"') || state_id(b).is_ok()) {
                return self.state_statement(r);
            }
        }
        if let Some(r) = keyword_no_case(i, "note") {
            let b = blanks(r);
            let placed = keyword_no_case(b, "left").or_else(|| keyword_no_case(b, "right"));
            if b.len() < r.len() && (b.starts_with('"') || placed.is_some()) {
                return self.note(i, r);
            }
        }
        if let Some(r) = keyword(i, "classDef") {
            return self.class_def(i, r);
        }
        if let Some(r) = keyword(i, "class") {
            return self.class(r);
        }
        if let Some(r) = keyword(i, "style") {
            return self.style(r);
        }
        if let Some(r) = keyword(i, "click") {
            return self.click(i, r);
        }
        if let Some(r) = keyword(i, "direction") {
            return match direction_word(blanks(r)) {
                Some((rest, dir)) => {
                    match self.open.last() {
                        Some(o) => self.d.states[o.state].direction = Some(dir),
                        None => self.d.direction = dir,
                    }
                    Ok(rest)
                }
                None => Err(self.error(
                    Fail::new(blanks(r), 0, format!("expected a direction after 'direction', found {}", describe(blanks(r))))
                        .hint("write 'direction TB', 'direction BT', 'direction LR' or 'direction RL'"),
                )),
            };
        }
        if let Some(r) = self.accessibility(i)? {
            return Ok(r);
        }
        for kw in ["hide", "scale"] {
            // `hide empty description`, `scale 350 width`: legacy, no effect.
            if let Some(r) = keyword(i, kw) {
                return Ok(rest_of_line(r).1);
            }
        }
        if let Some(r) = keyword(i, "title") {
            let (text, rest) = rest_of_line(r);
            let text = text.trim();
            if !text.is_empty() && !text.starts_with("-->") && !text.starts_with(':') {
                self.d.title = Some(Text {
                    raw: text.to_string(),
                    span: self.span(text),
                });
                return Ok(rest);
            }
        }
        self.reference_statement(i)
    }

    /// `accTitle: …`, `accDescr: …`, `accDescr { … }`.
    fn accessibility(&mut self, i: &'a str) -> Result<Option<&'a str>, ParseError> {
        let Some(r) = i.strip_prefix("accTitle").or_else(|| i.strip_prefix("accDescr")) else {
            return Ok(None);
        };
        let is_title = i.starts_with("accTitle");
        let b = blanks(r);
        if let Some(body) = b.strip_prefix(':') {
            let (text, rest) = rest_of_line(body);
            let t = text.trim();
            let text = Text {
                raw: t.to_string(),
                span: self.span(t),
            };
            if is_title {
                self.d.acc_title = Some(text);
            } else {
                self.d.acc_descr = Some(text);
            }
            return Ok(Some(rest));
        }
        if let (false, Some(body)) = (is_title, b.strip_prefix('{')) {
            let Some(k) = body.find('}') else {
                return Err(self.error(Fail::new(b, 1, "unclosed 'accDescr {': expected '}'")));
            };
            let lines: Vec<&str> = body[..k]
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            self.d.acc_descr = Some(Text {
                raw: lines.join("\n"),
                span: self.span(&body[..k]),
            });
            return Ok(Some(&body[k + 1..]));
        }
        if at_word_end(r) || b.len() != r.len() {
            let kw = &i[..8];
            return Err(self.error(
                Fail::new(b, 0, format!("expected ':' after '{kw}', found {}", describe(b)))
                    .hint(format!("write '{kw}: text'")),
            ));
        }
        Ok(None)
    }

    /// `--` inside a composite: a new concurrency region.
    fn divider(&mut self, at: &'a str) {
        match self.open.last().map(|o| o.state) {
            Some(state) => {
                let region = self.d.regions(state).len();
                self.d.scopes.push(Scope { state, region });
                let scope = self.d.scopes.len() - 1;
                if let Some(o) = self.open.last_mut() {
                    o.scope = scope;
                }
            }
            None => self.d.warnings.push(Warning {
                message: "'--' outside a composite state divides nothing; ignored".to_string(),
                span: Some(self.span(&at[..2])),
            }),
        }
    }

    /// `state …`: a declaration, a special kind, a composite's opening.
    fn state_statement(&mut self, r: &'a str) -> Result<&'a str, ParseError> {
        let b = blanks(r);
        let (mut rest, id, label) = if b.starts_with('"') {
            let (after, text) = quoted(b).map_err(|e| self.nom_error(e, b))?;
            let a = blanks(after);
            match keyword(a, "as") {
                Some(r2) => {
                    let r2 = blanks(r2);
                    let (rest, id) = state_id(r2).map_err(|_| {
                        self.error(
                            Fail::new(r2, 0, format!("expected a state id after 'as', found {}", describe(r2)))
                                .hint("write 'state \"Long name\" as id'"),
                        )
                    })?;
                    (rest, id, Some(text))
                }
                // `state "Name"` alone: the text is the id.
                None if !text.trim().is_empty() => (after, text.trim(), None),
                None => {
                    return Err(self.error(
                        Fail::new(a, 0, format!("expected 'as' after the state's name, found {}", describe(a)))
                            .hint("write 'state \"Long name\" as id'"),
                    ))
                }
            }
        } else {
            match state_id(b) {
                Ok((rest, id)) => (rest, id, None),
                Err(_) => {
                    return Err(self.error(
                        Fail::new(b, 0, format!("expected a state id after 'state', found {}", describe(b)))
                            .hint("write 'state Id', 'state \"Long name\" as Id' or 'state Id {'"),
                    ))
                }
            }
        };
        let s = self.state(id)?;
        if let Some(text) = label {
            self.describe_state(s, text)?;
        }
        let a = blanks(rest);
        if let Some(&(spelling, kind)) = KINDS.iter().find(|(w, _)| a.starts_with(w)) {
            if self.d.states[s].kind == StateKind::Plain {
                self.d.states[s].kind = kind;
            }
            rest = &a[spelling.len()..];
        } else if a.starts_with("<<") || a.starts_with("[[") {
            let len = a.find(char::is_whitespace).unwrap_or(a.len());
            return Err(self.error(
                Fail::new(a, len, format!("unknown state kind '{}'", &a[..len]))
                    .hint("the kinds are <<fork>>, <<join>> and <<choice>>"),
            ));
        }
        let a = blanks(rest);
        if let Some(body) = a.strip_prefix(':').filter(|b| !b.starts_with("::")) {
            let (text, rest) = rest_of_line(body);
            self.describe_state(s, text)?;
            return Ok(rest);
        }
        // The `{` of a composite may stand on the next line.
        let brace = blanks_nl(rest);
        if let Some(after) = brace.strip_prefix('{') {
            self.open_composite(s, brace)?;
            return Ok(after);
        }
        Ok(rest)
    }

    fn open_composite(&mut self, s: usize, brace: &'a str) -> Result<(), ParseError> {
        if self.open.len() >= self.limits.max_subgraph_depth {
            return Err(exceeded(
                "the nesting of composite states",
                self.limits.max_subgraph_depth,
                "levels",
                Limit::SubgraphDepth,
                self.span(&brace[..1]),
            ));
        }
        let scope = match self.d.regions(s).last() {
            Some(&last) => last,
            None => {
                self.d.scopes.push(Scope { state: s, region: 0 });
                self.d.scopes.len() - 1
            }
        };
        let st = &mut self.d.states[s];
        st.composite = true;
        if !matches!(st.kind, StateKind::Plain) {
            st.kind = StateKind::Plain;
        }
        self.open.push(Open {
            state: s,
            scope,
            brace,
        });
        Ok(())
    }

    /// A nom error as a public one (`at` where the token began).
    fn nom_error(&self, e: nom::Err<Fail<'_>>, at: &str) -> ParseError {
        match e {
            nom::Err::Error(f) | nom::Err::Failure(f) => self.error(f),
            nom::Err::Incomplete(_) => self.error(Fail::new(at, 0, "unexpected end of input")),
        }
    }

    /// Adds a description line to state `s`.
    fn describe_state(&mut self, s: usize, text: &'a str) -> Result<(), ParseError> {
        let t = text.trim();
        self.check_label(t)?;
        if t.is_empty() {
            return Ok(());
        }
        let span = self.span(t);
        self.d.states[s].descriptions.push(Text {
            raw: t.to_string(),
            span,
        });
        Ok(())
    }

    fn check_label(&self, t: &str) -> Result<(), ParseError> {
        if t.chars().count() > self.limits.max_label_chars {
            return Err(exceeded(
                "a text",
                self.limits.max_label_chars,
                "characters",
                Limit::LabelChars,
                self.span(t),
            ));
        }
        Ok(())
    }

    /// The state named `id`, made in the current document if new.
    fn state(&mut self, id: &'a str) -> Result<usize, ParseError> {
        if let Some(&s) = self.ids.get(id) {
            return Ok(s);
        }
        let s = self.new_state(id.to_string(), StateKind::Plain, self.span(id))?;
        self.ids.insert(id, s);
        Ok(s)
    }

    fn new_state(&mut self, id: String, kind: StateKind, span: Span) -> Result<usize, ParseError> {
        if self.d.states.len() >= self.limits.max_nodes {
            return Err(exceeded(
                &format!("state '{id}'"),
                self.limits.max_nodes,
                "states",
                Limit::Nodes,
                span,
            ));
        }
        self.d.states.push(State {
            id,
            kind,
            descriptions: Vec::new(),
            parent: self.scope(),
            composite: false,
            direction: None,
            classes: Vec::new(),
            styles: Vec::new(),
            link: None,
            span,
        });
        Ok(self.d.states.len() - 1)
    }

    /// The start (or end) state of the current document.
    fn pseudo(&mut self, at: &'a str, end: bool) -> Result<usize, ParseError> {
        let scope = self.scope();
        if let Some(&s) = self.pseudo.get(&(scope, end)) {
            return Ok(s);
        }
        let place = match scope {
            None => "[*]".to_string(),
            Some(sc) => {
                let Scope { state, region } = self.d.scopes[sc];
                let id = &self.d.states[state].id;
                if region == 0 {
                    id.clone()
                } else {
                    format!("{id}:{region}")
                }
            }
        };
        let (id, kind) = if end {
            (format!("{place}:end"), StateKind::End)
        } else {
            (format!("{place}:start"), StateKind::Start)
        };
        let s = self.new_state(id, kind, self.span(&at[..3]))?;
        self.pseudo.insert((scope, end), s);
        Ok(s)
    }

    /// `[*]` or an id, with an optional `:::class`.
    fn reference(&self, i: &'a str) -> Option<(&'a str, Ref<'a>)> {
        let (rest, text) = if let Some(rest) = i.strip_prefix("[*]") {
            (rest, &i[..3])
        } else {
            state_id(i).ok()?
        };
        if let Some(after) = rest.strip_prefix(":::") {
            if let Ok((r, class)) = class_name(after) {
                return Some((
                    r,
                    Ref {
                        text,
                        class: Some(class),
                    },
                ));
            }
        }
        Some((rest, Ref { text, class: None }))
    }

    /// The state a reference names (a pseudo-state as source or target).
    fn resolve(&mut self, r: &Ref<'a>, as_target: bool) -> Result<usize, ParseError> {
        if r.text == "[*]" {
            return self.pseudo(r.text, as_target);
        }
        let s = self.state(r.text)?;
        if let Some(c) = r.class {
            self.class_uses.push((vec![r.text], c));
        }
        Ok(s)
    }

    /// `A`, `A : description`, `A --> B`, `A --> B : label`.
    fn reference_statement(&mut self, i: &'a str) -> Result<&'a str, ParseError> {
        let Some((rest, from)) = self.reference(i) else {
            let len = i.chars().next().map_or(0, char::len_utf8);
            return Err(self.error(
                Fail::new(i, len, format!("expected a state or a statement, found {}", describe(i)))
                    .hint("write 'A', 'A : description' or 'A --> B : label'"),
            ));
        };
        let a = blanks(rest);
        if let Some(after) = arrow(a) {
            let t = blanks(after);
            let Some((rest, to)) = self.reference(t) else {
                return Err(self.error(
                    Fail::new(t, 0, format!("expected a state after '-->', found {}", describe(t)))
                        .hint("write 'A --> B' or 'A --> [*]'"),
                ));
            };
            let f = self.resolve(&from, false)?;
            let g = self.resolve(&to, true)?;
            let b = blanks(rest);
            let (label, rest) = match b.strip_prefix(':') {
                Some(body) => {
                    let (text, rest) = rest_of_line(body);
                    let t = text.trim();
                    self.check_label(t)?;
                    let label = (!t.is_empty()).then(|| Text {
                        raw: t.to_string(),
                        span: self.span(t),
                    });
                    (label, rest)
                }
                None => (None, rest),
            };
            if self.d.transitions.len() >= self.limits.max_edges {
                return Err(exceeded(
                    "the number of transitions",
                    self.limits.max_edges,
                    "transitions",
                    Limit::Edges,
                    self.span(&i[..i.len() - rest.len()]),
                ));
            }
            let span = self.span(i[..i.len() - rest.len()].trim_end());
            self.d.transitions.push(Transition {
                from: f,
                to: g,
                label,
                span,
            });
            return Ok(rest);
        }
        if a.starts_with('-') {
            let len = a.find(char::is_whitespace).unwrap_or(a.len());
            return Err(self.error(
                Fail::new(a, len, format!("unknown arrow '{}'", &a[..len]))
                    .hint("state diagrams have one arrow: 'A --> B'"),
            ));
        }
        if from.text == "[*]" {
            return Err(self.error(
                Fail::new(a, 0, format!("expected '-->' after '[*]', found {}", describe(a)))
                    .hint("'[*]' is a start ('[*] --> A') or an end ('A --> [*]')"),
            ));
        }
        let s = self.resolve(&from, false)?;
        if let Some(body) = a.strip_prefix(':') {
            let (text, rest) = rest_of_line(body);
            self.describe_state(s, text)?;
            return Ok(rest);
        }
        Ok(rest)
    }

    /// `note left of A : text`, the block form, `note "text" as N`.
    fn note(&mut self, i: &'a str, r: &'a str) -> Result<&'a str, ParseError> {
        let b = blanks(r);
        if b.starts_with('"') {
            // A floating note: Mermaid parses it and draws nothing.
            let (after, _) = quoted(b).map_err(|e| self.nom_error(e, b))?;
            let a = blanks(after);
            let rest = keyword(a, "as")
                .and_then(|r| state_id(blanks(r)).ok())
                .map(|(rest, _)| rest)
                .ok_or_else(|| {
                    self.error(
                        Fail::new(a, 0, format!("expected 'as' and an id after the note, found {}", describe(a)))
                            .hint("write 'note \"text\" as N1'"),
                    )
                })?;
            self.d.warnings.push(Warning {
                message: "a floating note ('note \"…\" as …') is not drawn, as in Mermaid"
                    .to_string(),
                span: Some(self.span(&i[..i.len() - rest.len()])),
            });
            return Ok(rest);
        }
        let (side, after) = if let Some(r) = keyword_no_case(b, "left") {
            (Side::Left, r)
        } else if let Some(r) = keyword_no_case(b, "right") {
            (Side::Right, r)
        } else {
            return Err(self.error(
                Fail::new(b, 0, format!("expected 'left of' or 'right of' after 'note', found {}", describe(b)))
                    .hint("write 'note right of State : text'"),
            ));
        };
        let o = blanks(after);
        let Some(after_of) = keyword_no_case(o, "of") else {
            return Err(self.error(
                Fail::new(o, 0, format!("expected 'of', found {}", describe(o)))
                    .hint("write 'note right of State : text'"),
            ));
        };
        let t = blanks(after_of);
        let Some((rest, target)) = self.reference(t).filter(|(_, r)| r.text != "[*]") else {
            return Err(self.error(
                Fail::new(t, 0, format!("expected the state the note is on, found {}", describe(t)))
                    .hint("write 'note right of State : text'"),
            ));
        };
        let state = self.resolve(&target, false)?;
        let a = blanks(rest);
        let (text, rest) = if let Some(body) = a.strip_prefix(':') {
            let (text, rest) = rest_of_line(body);
            let t = text.trim();
            (
                Text {
                    raw: t.to_string(),
                    span: self.span(t),
                },
                rest,
            )
        } else {
            self.note_block(i, a)?
        };
        self.check_label(&text.raw)?;
        let span = self.span(&i[..i.len() - rest.len()]);
        self.d.notes.push(Note {
            state,
            side,
            text,
            span,
        });
        Ok(rest)
    }

    /// The lines of a block note after its first line, up to a line that
    /// starts with `end note`; (text, rest after `end note`).
    fn note_block(&self, i: &'a str, a: &'a str) -> Result<(Text, &'a str), ParseError> {
        let (junk, mut r) = rest_of_line(a);
        if !junk.trim().is_empty() {
            return Err(self.error(
                Fail::new(a, 0, format!("expected ':' or a line break after the note's state, found {}", describe(a)))
                    .hint("write 'note right of State : text', or the text on the lines below and 'end note'"),
            ));
        }
        let body_start = r;
        let mut lines = Vec::new();
        loop {
            r = r.trim_start_matches([';', '\n', '\r']);
            let line_start = blanks(r);
            if let Some(after) = keyword_no_case(line_start, "end") {
                if let Some(rest) = keyword_no_case(blanks(after), "note") {
                    let body = &body_start[..body_start.len() - r.len()];
                    let raw = lines.join("\n");
                    let text = Text {
                        raw,
                        span: self.span(body.trim()),
                    };
                    return Ok((text, rest));
                }
            }
            if r.is_empty() {
                return Err(self.error(
                    Fail::new(i, 4, "unclosed note: expected a line 'end note'")
                        .hint("a note over several lines ends with the line 'end note'"),
                ));
            }
            let end = r.find(['\n', '\r']).unwrap_or(r.len());
            let line = r[..end].trim();
            if !line.is_empty() {
                lines.push(line);
            }
            r = &r[end..];
        }
    }

    /// `classDef name[,name] css`.
    fn class_def(&mut self, i: &'a str, r: &'a str) -> Result<&'a str, ParseError> {
        let b = blanks(r);
        let Ok((after, names)) = take_while1::<_, _, Fail<'_>>(|c: char| !c.is_whitespace() && c != ';').parse(b) else {
            return Err(self.error(
                Fail::new(b, 0, format!("expected a class name after 'classDef', found {}", describe(b)))
                    .hint("write 'classDef name fill:#f96,stroke:#333'"),
            ));
        };
        let (css, rest) = css_text(after);
        let span = self.span(&i[..i.len() - rest.len()]);
        for name in names.split(',').filter(|n| !n.is_empty()) {
            self.d.class_defs.push(ClassDef {
                name: name.to_string(),
                styles: style_decls(css),
                span,
            });
        }
        Ok(rest)
    }

    /// `class a,b name`.
    fn class(&mut self, r: &'a str) -> Result<&'a str, ParseError> {
        let (line, rest) = rest_of_line(r);
        let line = line.trim();
        let Some(k) = line.rfind(char::is_whitespace) else {
            let at = blanks(r);
            return Err(self.error(
                Fail::new(at, 0, format!("expected state ids and a class name after 'class', found {}", describe(at)))
                    .hint("write 'class A,B name'"),
            ));
        };
        let (ids, name) = (&line[..k], line[k..].trim());
        let ids: Vec<&str> = ids.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
        self.class_uses.push((ids, name));
        Ok(rest)
    }

    /// `style a,b css`.
    fn style(&mut self, r: &'a str) -> Result<&'a str, ParseError> {
        let b = blanks(r);
        let Ok((after, ids)) = take_while1::<_, _, Fail<'_>>(|c: char| !c.is_whitespace() && c != ';').parse(b) else {
            return Err(self.error(
                Fail::new(b, 0, format!("expected state ids after 'style', found {}", describe(b)))
                    .hint("write 'style A fill:#f96'"),
            ));
        };
        let (css, rest) = css_text(after);
        let ids = ids.split(',').filter(|s| !s.is_empty()).collect();
        self.style_uses.push((ids, style_decls(css)));
        Ok(rest)
    }

    /// `click A "url" "tooltip"`, `click A href "url" "tooltip" _blank`.
    fn click(&mut self, i: &'a str, r: &'a str) -> Result<&'a str, ParseError> {
        let b = blanks(r);
        let Some((after, target)) = self.reference(b).filter(|(_, r)| r.text != "[*]") else {
            return Err(self.error(
                Fail::new(b, 0, format!("expected a state after 'click', found {}", describe(b)))
                    .hint("write 'click A \"https://…\" \"tooltip\"'"),
            ));
        };
        let mut a = blanks(after);
        if let Some(r) = keyword(a, "href") {
            a = blanks(r);
        }
        let (line, rest) = rest_of_line(a);
        let s = self.resolve(&target, false)?;
        if line.starts_with('"') {
            let (after_url, url) = quoted(line).map_err(|e| self.nom_error(e, line))?;
            let tip = blanks(after_url);
            let tooltip = if tip.starts_with('"') {
                quoted(tip).ok().map(|(_, t)| t.to_string())
            } else {
                None
            };
            self.d.states[s].link = Some((url.to_string(), tooltip));
        } else {
            self.d.warnings.push(Warning {
                message: "click callbacks are never run; only links ('click A \"url\"') are drawn"
                    .to_string(),
                span: Some(self.span(&i[..i.len() - rest.len()])),
            });
        }
        Ok(rest)
    }

    /// Closes the diagram: open composites are errors, classes and styles
    /// land on their states.
    fn finish(mut self) -> Result<StateDiagram, ParseError> {
        if let Some(o) = self.open.first() {
            let id = self.d.states[o.state].id.clone();
            return Err(self.error(
                Fail::new(o.brace, 1, format!("unclosed composite state '{id}': expected '}}'"))
                    .hint("close the composite state with '}' on a line of its own"),
            ));
        }
        for (ids, class) in std::mem::take(&mut self.class_uses) {
            for id in ids {
                if let Some(&s) = self.ids.get(id) {
                    self.d.states[s].classes.push(class.to_string());
                }
            }
        }
        for (ids, decls) in std::mem::take(&mut self.style_uses) {
            for id in ids {
                if let Some(&s) = self.ids.get(id) {
                    self.d.states[s].styles.extend(decls.iter().cloned());
                }
            }
        }
        Ok(self.d)
    }
}

/// CSS after a `classDef`/`style` name: to the end of the line or a `%%`
/// comment (`;` separates declarations here); (text, rest).
fn css_text(i: &str) -> (&str, &str) {
    let end = i.find(['\n', '\r']).unwrap_or(i.len());
    let end = i[..end].find("%%").unwrap_or(end);
    (i[..end].trim(), &i[end..])
}
