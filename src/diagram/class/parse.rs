//! Class diagram source to [`ClassDiagram`]: the document shape (front
//! matter, directives and comments before the header, the header), then
//! one statement per line. Class bodies (`{ … }`) and namespace blocks
//! span lines; namespaces nest on an explicit stack, so nesting costs no
//! recursion and the parse is one pass over the text.
//!
//! The grammar we accept is written down in `grammar/class.ebnf`.

use std::collections::HashMap;

use nom::bytes::complete::{tag, take_while1};
use nom::combinator::opt;
use nom::Parser;

use super::member::member;
use super::model::*;
use crate::error::ParseError;
use crate::diagram::style::StyleDecl;
use crate::error::{Span, Warning};
use crate::layout::Direction;
use crate::syntax::{describe, offset_in, Fail, PResult, Preamble};

/// What statement readers return: the rest of the input and a value.
type Lexed<'a, T> = Result<(&'a str, T), Fail<'a>>;

/// Parses a whole class diagram (`classDiagram` or `classDiagram-v2`).
///
/// Takes any text. On success every class, member, relation, note and
/// namespace carries a span into `source`; on failure the error's span is
/// on the offending token (for a block never closed: its opening). Never
/// panics; time linear in the input (a class body is scanned once).
/// Front matter (`title`, `config`) and `%%{init}%%` directives are merged
/// into [`ClassDiagram::config`]; unreadable settings become warnings.
pub(crate) fn parse(source: &str) -> Result<ClassDiagram, ParseError> {
    let mut b = Builder::new(source);
    b.document().map_err(|f| f.into_parse_error(source))?;
    Ok(b.finish())
}

/// The diagram being built, with lookups by id.
struct Builder<'a> {
    source: &'a str,
    d: ClassDiagram,
    ids: HashMap<String, usize>,
    namespace_ids: HashMap<String, usize>,
    /// Open namespace blocks: the namespace and its `namespace` keyword.
    open: Vec<(usize, &'a str)>,
    /// Front matter and directives, read at the end.
    preamble: Preamble<'a>,
}

/// Skips spaces and tabs.
fn blanks(i: &str) -> &str {
    i.trim_start_matches([' ', '\t'])
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

/// A character of a class or namespace name (letters and digits of any
/// script, `_`; `-` and `.` only between such characters, so `A-->B`
/// and `A..B` are arrows).
fn name_len(i: &str) -> usize {
    let mut len = 0;
    let mut chars = i.char_indices().peekable();
    while let Some((k, c)) = chars.next() {
        let word = |c: char| c.is_alphanumeric() || c == '_';
        let ok = word(c)
            || ((c == '-' || c == '.') && len > 0 && chars.peek().is_some_and(|&(_, n)| word(n)));
        if !ok {
            break;
        }
        len = k + c.len_utf8();
    }
    len
}

/// A class name: a backtick name, or name characters and an optional
/// `~generic~`. The id, the generic's inside and the rest.
fn class_name(i: &str) -> Lexed<'_, (&str, Option<&str>)> {
    if let Some(body) = i.strip_prefix('`') {
        // A backtick name may span lines; Mermaid shows each line.
        return match body.find('`') {
            Some(0) => Err(Fail::new(i, 2, "empty backtick class name")),
            Some(k) => {
                let rest = &body[k + 1..];
                match generic(rest)? {
                    Some((after, g)) => Ok((after, (&body[..k], Some(g)))),
                    None => Ok((rest, (&body[..k], None))),
                }
            }
            None => Err(Fail::new(i, 1, "unclosed backtick name: expected '`'")
                .hint("a backtick name ends with a second '`'")),
        };
    }
    let len = name_len(i);
    if len == 0 {
        return Err(Fail::new(
            i,
            0,
            format!("expected a class name, found {}", describe(i)),
        ));
    }
    let (id, rest) = i.split_at(len);
    match generic(rest)? {
        Some((after, g)) => Ok((after, (id, Some(g)))),
        None => Ok((rest, (id, None))),
    }
}

/// A `~generic~` right after a class name: the rest and its inside.
fn generic(rest: &str) -> Result<Option<(&str, &str)>, Fail<'_>> {
    if let Some(after) = rest.strip_prefix('~') {
        // The generic runs to the last tilde before a blank or a mark
        // that ends a name.
        let token_end = after
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '{' | '[' | ':' | '<'))
            .unwrap_or(after.len());
        return match after[..token_end].rfind('~') {
            Some(k) => Ok(Some((&after[k + 1..], &after[..k]))),
            None => Err(Fail::new(rest, 1, "unclosed generic: expected '~'")
                .hint("a generic is written between tildes: Square~Shape~")),
        };
    }
    Ok(None)
}

/// A `"…"` string on one line: its inside and the rest.
fn quoted(i: &str) -> PResult<'_, &str> {
    let (r, _) = tag("\"")(i)?;
    let line = rest_of_line(r).0;
    match line.find('"') {
        Some(k) => Ok((&r[k + 1..], &r[..k])),
        None => Fail::new(i, 1, "unclosed string: expected '\"'").cut(),
    }
}

/// A `"…"` string that may span lines (a note's text).
fn quoted_multiline(i: &str) -> Lexed<'_, &str> {
    let Some(r) = i.strip_prefix('"') else {
        return Err(Fail::new(
            i,
            0,
            format!("expected a quoted text, found {}", describe(i)),
        )
        .hint("write the note's text in double quotes: note \"text\""));
    };
    match r.find('"') {
        Some(k) => Ok((&r[k + 1..], &r[..k])),
        None => Err(Fail::new(i, 1, "unclosed string: expected '\"'")),
    }
}

/// A note's text: a quoted text, running on to the last `"` of its
/// closing line when more text follows the first closing quote there
/// (Mermaid keeps quotes inside a note, as in HTML attributes).
fn note_text(i: &str) -> Lexed<'_, &str> {
    let (rest, text) = quoted_multiline(i)?;
    let (line, _) = rest_of_line(rest);
    if line.trim().is_empty() || line.trim_start().starts_with("%%") {
        return Ok((rest, text));
    }
    match line.rfind('"') {
        Some(k) => {
            let end = offset_in(i, rest) + k;
            Ok((&i[end + 1..], &i[1..end]))
        }
        None => Ok((rest, text)),
    }
}

/// `:::name` after a class name.
fn css_shorthand(i: &str) -> PResult<'_, &str> {
    let (r, _) = tag(":::")(i)?;
    match take_while1::<_, _, Fail>(|c: char| c.is_alphanumeric() || c == '_' || c == '-')(r) {
        Ok(v) => Ok(v),
        Err(_) => Fail::new(r, 0, "expected a style class name after ':::'").cut(),
    }
}

/// `<<annotation>>`: the inside and the rest.
fn annotation(i: &str) -> Lexed<'_, &str> {
    let r = &i[2..];
    let line = rest_of_line(r).0;
    match line.find(">>") {
        Some(k) => Ok((&r[k + 2..], r[..k].trim())),
        None => Err(Fail::new(i, 2, "unclosed annotation: expected '>>'")),
    }
}

/// One end of an arrow: on the left (`<|`, `*`, `o`, `<`, `()`).
fn left_end(i: &str) -> (&str, EndKind) {
    for (t, k) in [
        ("<|", EndKind::Extension),
        ("()", EndKind::Lollipop),
        ("*", EndKind::Composition),
        ("o", EndKind::Aggregation),
        ("<", EndKind::Dependency),
    ] {
        if let Some(r) = i.strip_prefix(t) {
            if r.starts_with("--") || r.starts_with("..") {
                return (r, k);
            }
        }
    }
    (i, EndKind::None)
}

/// One end of an arrow on the right (`|>`, `*`, `o`, `>`, `()`).
fn right_end(i: &str) -> (&str, EndKind) {
    for (t, k) in [
        ("|>", EndKind::Extension),
        ("()", EndKind::Lollipop),
        ("*", EndKind::Composition),
        (">", EndKind::Dependency),
    ] {
        if let Some(r) = i.strip_prefix(t) {
            return (r, k);
        }
    }
    if let Some(r) = i.strip_prefix('o') {
        if name_len(r) == 0 {
            return (r, EndKind::Aggregation);
        }
    }
    (i, EndKind::None)
}

/// An arrow: ends and line style, and the rest; `None` when `i` holds none.
fn arrow(i: &str) -> Option<(&str, (EndKind, bool, EndKind))> {
    let (r, left) = left_end(i);
    let (r, dashed) = if let Some(r) = r.strip_prefix("--") {
        (r, false)
    } else if let Some(r) = r.strip_prefix("..") {
        (r, true)
    } else {
        return None;
    };
    let (r, right) = right_end(r);
    Some((r, (left, dashed, right)))
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

impl<'a> Builder<'a> {
    fn new(source: &'a str) -> Self {
        Builder {
            source,
            d: ClassDiagram::default(),
            ids: HashMap::new(),
            namespace_ids: HashMap::new(),
            open: Vec::new(),
            preamble: Preamble::default(),
        }
    }

    fn span(&self, part: &str) -> Span {
        let at = offset_in(self.source, part);
        Span::new(at, at + part.len())
    }

    /// The whole text: preamble, header, statements, open blocks.
    fn document(&mut self) -> Result<(), Fail<'a>> {
        let source = self.source;
        let mut i = source.strip_prefix('\u{feff}').unwrap_or(source);
        i = self.preamble.skip(i)?;
        i = header(i)?;
        i = self.statements(i)?;
        debug_assert!(i.is_empty());
        if let Some(&(_, kw)) = self.open.last() {
            return Err(Fail::new(kw, kw.len(), "namespace block never closed: expected '}'")
                .hint("close the namespace with a line '}'"));
        }
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
            let after = self.statement(r)?;
            let e = blanks(after);
            let e = if e.starts_with("%%") && !e.starts_with("%%{") {
                rest_of_line(e).1
            } else {
                e
            };
            if !at_line_end(e) {
                return Err(Fail::new(
                    e,
                    0,
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
        if let Some(r) = i.strip_prefix('}') {
            if self.open.pop().is_none() {
                return Err(Fail::new(i, 1, "'}' closes no namespace block"));
            }
            return Ok(r);
        }
        if let Some(r) = keyword(i, "class") {
            return self.class_statement(r);
        }
        if let Some(r) = keyword(i, "namespace") {
            return self.namespace(i, r);
        }
        if let Some(r) = keyword(i, "note") {
            return self.note(i, r);
        }
        if let Some(r) = keyword(i, "direction") {
            return self.direction(i, r);
        }
        if let Some(r) = keyword(i, "style") {
            return self.style(i, r);
        }
        if let Some(r) = keyword(i, "classDef") {
            return self.class_def(i, r);
        }
        if let Some(r) = keyword(i, "cssClass") {
            return self.css_class(i, r);
        }
        if let Some(r) = keyword(i, "click") {
            return self.click(i, r);
        }
        if let Some(r) = keyword(i, "link") {
            return self.link(i, r);
        }
        if let Some(r) = keyword(i, "callback") {
            return self.callback(i, r);
        }
        if let Some(r) = i.strip_prefix("accTitle") {
            return self.acc(i, r, true);
        }
        if let Some(r) = i.strip_prefix("accDescr") {
            return self.acc(i, r, false);
        }
        if i.starts_with("<<") {
            let (r, text) = annotation(i)?;
            let (r, (id, generic)) = class_name(blanks(r))
                .map_err(|f| f.hint("an annotation statement names its class: <<interface>> Shape"))?;
            let c = self.class(id, generic);
            self.push_annotation(c, text);
            return Ok(r);
        }
        self.relation_or_member(i)
    }

    /// The class `id` (created when new), its generic recorded.
    fn class(&mut self, id: &'a str, generic: Option<&'a str>) -> usize {
        let k = match self.ids.get(id) {
            Some(&k) => k,
            None => {
                let span = self.span(id);
                self.d.classes.push(Class::new(id.to_string(), span));
                self.ids.insert(id.to_string(), self.d.classes.len() - 1);
                self.d.classes.len() - 1
            }
        };
        if let Some(g) = generic {
            self.d.classes[k].generic = Some(g.to_string());
        }
        k
    }

    /// The interface at a lollipop end naming class `c`: `c` itself when
    /// the relation made it, a fresh interface of the same name when `c`
    /// is already one (Mermaid draws one lollipop per relation), else the
    /// class `c`.
    fn interface(&mut self, c: usize, new: bool) -> usize {
        if new {
            self.d.classes[c].interface = true;
            return c;
        }
        if !self.d.classes[c].interface {
            return c;
        }
        let base = &self.d.classes[c];
        let mut fresh = Class::new(
            format!("{}~{}", base.id, self.d.classes.len()),
            base.span,
        );
        fresh.label = Some(base.label.clone().unwrap_or_else(|| base.id.clone()));
        fresh.generic = base.generic.clone();
        fresh.interface = true;
        self.d.classes.push(fresh);
        self.d.classes.len() - 1
    }

    fn push_annotation(&mut self, c: usize, text: &str) {
        let list = &mut self.d.classes[c].annotations;
        if !list.iter().any(|a| a == text) {
            list.push(text.to_string());
        }
    }

    /// `class Name["label"]:::css <<annotation>> { members }`.
    fn class_statement(&mut self, r: &'a str) -> Result<&'a str, Fail<'a>> {
        let at = blanks(r);
        let (mut r, (id, generic)) = class_name(at)
            .map_err(|f| f.hint("write 'class Name' or 'class Name { members }'"))?;
        let c = self.class(id, generic);
        self.d.classes[c].interface = false;
        if let Some(&(ns, _)) = self.open.last() {
            self.d.classes[c].namespace = Some(ns);
        }
        loop {
            if r.starts_with("[\"") {
                let (after, label) = quoted_multiline(&r[1..])?;
                let Some(after) = after.strip_prefix(']') else {
                    return Err(Fail::new(after, 0, "expected ']' after the class label"));
                };
                self.d.classes[c].label = Some(label.to_string());
                r = after;
                continue;
            }
            if r.starts_with(":::") {
                let (after, css) = css_shorthand(r).map_err(nom_fail)?;
                self.d.classes[c].css_classes.push(css.to_string());
                r = after;
                continue;
            }
            let b = blanks(r);
            if b.starts_with("<<") {
                let (after, text) = annotation(b)?;
                self.push_annotation(c, text);
                r = after;
                continue;
            }
            if b.starts_with('{') {
                return self.body(c, b);
            }
            if b.starts_with('[') {
                return Err(Fail::new(b, 1, "expected '[\"' to open a class label")
                    .hint("a class label is quoted: class Animal[\"Shown label\"]"));
            }
            return Ok(r);
        }
    }

    /// `{` members `}` of class `c`, starting at the `{`.
    fn body(&mut self, c: usize, open: &'a str) -> Result<&'a str, Fail<'a>> {
        let inside = &open[1..];
        let Some(end) = inside.find(['}', '{']) else {
            return Err(Fail::new(open, 1, "class body never closed: expected '}'")
                .hint("end the member list with a line '}'"));
        };
        if inside[end..].starts_with('{') {
            return Err(Fail::new(&inside[end..], 1, "unexpected '{' inside a class body")
                .hint("a class body holds one member per line and ends with '}'"));
        }
        for line in inside[..end].split('\n') {
            let text = line.trim();
            if text.is_empty() || text.starts_with("%%") {
                continue;
            }
            self.add_member(c, text);
        }
        Ok(&inside[end + 1..])
    }

    /// One member line (or an annotation) of class `c`.
    fn add_member(&mut self, c: usize, text: &'a str) {
        if let Some(inner) = text.strip_prefix("<<").and_then(|t| t.strip_suffix(">>")) {
            self.push_annotation(c, inner.trim());
            return;
        }
        let m = member(text, self.span(text));
        let class = &mut self.d.classes[c];
        match m.kind {
            MemberKind::Attribute => class.attributes.push(m),
            MemberKind::Method => class.methods.push(m),
        }
    }

    /// `namespace Name["Label"] {`.
    fn namespace(&mut self, kw: &'a str, r: &'a str) -> Result<&'a str, Fail<'a>> {
        let at = blanks(r);
        let (r, (name, _)) = class_name(at)
            .map_err(|f| f.hint("write 'namespace Name {' and close it with '}'"))?;
        let mut r = r;
        let mut label = None;
        if r.starts_with("[\"") {
            let (after, l) = quoted(&r[1..]).map_err(nom_fail)?;
            r = after.strip_prefix(']').ok_or_else(|| {
                Fail::new(after, 0, "expected ']' after the namespace label")
            })?;
            label = Some(l);
        }
        let b = r.trim_start_matches([' ', '\t', '\n', '\r']);
        let Some(after) = b.strip_prefix('{') else {
            return Err(Fail::new(
                b,
                0,
                format!("expected '{{' after the namespace name, found {}", describe(b)),
            )
            .hint("a namespace holds its classes between '{' and '}'"));
        };
        // Dotted names make nested namespaces, one per part.
        let mut parent = self.open.last().map(|&(n, _)| n);
        let parts: Vec<&str> = name.split('.').collect();
        let mut full = match parent {
            Some(p) => self.d.namespaces[p].id.clone(),
            None => String::new(),
        };
        for (k, part) in parts.iter().enumerate() {
            if !full.is_empty() {
                full.push('.');
            }
            full.push_str(part);
            let last = k + 1 == parts.len();
            let n = match self.namespace_ids.get(&full) {
                Some(&n) => n,
                None => {
                    self.d.namespaces.push(Namespace {
                        id: full.clone(),
                        label: part.to_string(),
                        parent,
                        declared: false,
                        span: self.span(name),
                    });
                    self.namespace_ids
                        .insert(full.clone(), self.d.namespaces.len() - 1);
                    self.d.namespaces.len() - 1
                }
            };
            if last {
                self.d.namespaces[n].declared = true;
                if let Some(l) = label {
                    self.d.namespaces[n].label = l.to_string();
                }
            }
            parent = Some(n);
        }
        if let Some(n) = parent {
            self.open.push((n, &kw[..9]));
        }
        Ok(after)
    }

    /// `note "text"` or `note for Class "text"`.
    fn note(&mut self, kw: &'a str, r: &'a str) -> Result<&'a str, Fail<'a>> {
        let mut r = blanks(r);
        let mut class = None;
        if let Some(after) = keyword(r, "for") {
            let (after, (id, generic)) = class_name(blanks(after))
                .map_err(|f| f.hint("write 'note for ClassName \"text\"'"))?;
            class = Some(self.class(id, generic));
            r = blanks(after);
        }
        let (rest, text) = note_text(r)?;
        let start = offset_in(self.source, kw);
        let end = offset_in(self.source, rest);
        self.d.notes.push(Note {
            text: text.to_string(),
            class,
            span: Span::new(start, end),
        });
        Ok(rest)
    }

    /// `direction TB|BT|LR|RL`.
    fn direction(&mut self, _kw: &'a str, r: &'a str) -> Result<&'a str, Fail<'a>> {
        let at = blanks(r);
        let len = at
            .find(|c: char| c.is_whitespace())
            .unwrap_or(at.len());
        let dir = match &at[..len] {
            "TB" | "TD" => Direction::TopBottom,
            "BT" => Direction::BottomTop,
            "LR" => Direction::LeftRight,
            "RL" => Direction::RightLeft,
            _ => {
                return Err(Fail::new(
                    at,
                    len,
                    format!("expected TB, BT, LR or RL after 'direction', found {}", describe(at)),
                ))
            }
        };
        self.d.direction = dir;
        Ok(&at[len..])
    }

    /// `style Id css`.
    fn style(&mut self, _kw: &'a str, r: &'a str) -> Result<&'a str, Fail<'a>> {
        let (r, (id, generic)) =
            class_name(blanks(r)).map_err(|f| f.hint("write 'style ClassName fill:#f9f'"))?;
        let c = self.class(id, generic);
        let (css, rest) = rest_of_line(r);
        self.d.classes[c].styles.extend(style_decls(css));
        Ok(rest)
    }

    /// `classDef a,b css`.
    fn class_def(&mut self, _kw: &'a str, r: &'a str) -> Result<&'a str, Fail<'a>> {
        let at = blanks(r);
        let len = at.find([' ', '\t', '\n', '\r']).unwrap_or(at.len());
        if len == 0 {
            return Err(Fail::new(at, 0, "expected a style class name after 'classDef'")
                .hint("write 'classDef name fill:#f9f'"));
        }
        let (css, rest) = rest_of_line(&at[len..]);
        let decls = style_decls(css);
        for name in at[..len].split(',').map(str::trim).filter(|n| !n.is_empty()) {
            self.d.class_defs.push((name.to_string(), decls.clone()));
        }
        Ok(rest)
    }

    /// `cssClass "A,B" name`.
    fn css_class(&mut self, _kw: &'a str, r: &'a str) -> Result<&'a str, Fail<'a>> {
        let at = blanks(r);
        let (r, list) = quoted(at).map_err(nom_fail).map_err(|f| {
            f.hint("write 'cssClass \"Class1,Class2\" styleName'")
        })?;
        let at2 = blanks(r);
        let len = name_len(at2);
        if len == 0 {
            return Err(Fail::new(at2, 0, "expected a style class name after the class list"));
        }
        for id in list.split(',').map(str::trim) {
            if let Some(&c) = self.ids.get(id) {
                self.d.classes[c].css_classes.push(at2[..len].to_string());
            }
        }
        Ok(&at2[len..])
    }

    /// A link or a callback's tooltip and target after the address.
    fn tooltip_and_target(&mut self, r: &'a str) -> Lexed<'a, (Option<&'a str>, Option<&'a str>)> {
        let mut r = blanks(r);
        let mut tip = None;
        if r.starts_with('"') {
            let (after, t) = quoted(r).map_err(nom_fail)?;
            tip = Some(t);
            r = blanks(after);
        }
        let mut target = None;
        for t in ["_blank", "_self", "_parent", "_top"] {
            if let Some(after) = keyword(r, t) {
                target = Some(&r[..t.len()]);
                r = after;
            }
        }
        Ok((r, (tip, target)))
    }

    fn set_link(&mut self, id: &'a str, href: &str, tip: Option<&str>, target: Option<&str>) {
        if let Some(&c) = self.ids.get(id) {
            let class = &mut self.d.classes[c];
            class.link = Some(ClassLink {
                href: href.to_string(),
                target: target.map(str::to_string),
            });
            if let Some(t) = tip {
                class.tooltip = Some(t.to_string());
            }
        }
    }

    fn ignore_callback(&mut self, kw: &'a str, end: &'a str) {
        let start = offset_in(self.source, kw);
        let stop = offset_in(self.source, end);
        self.d.warnings.push(Warning {
            message: "click callbacks run scripts; they are ignored (links are drawn)".to_string(),
            span: Some(Span::new(start, stop)),
        });
    }

    /// `click Id href "url" …`, `click Id call fn() …`, `click Id "url" …`.
    fn click(&mut self, kw: &'a str, r: &'a str) -> Result<&'a str, Fail<'a>> {
        let (r, (id, _)) = class_name(blanks(r))
            .map_err(|f| f.hint("write 'click ClassName href \"url\"'"))?;
        let r = blanks(r);
        if let Some(after) = keyword(r, "href") {
            let at = blanks(after);
            let (after, url) = quoted(at).map_err(nom_fail)?;
            let (rest, (tip, target)) = self.tooltip_and_target(after)?;
            self.set_link(id, url, tip, target);
            return Ok(rest);
        }
        if let Some(after) = keyword(r, "call") {
            let at = blanks(after);
            let len = name_len(at);
            if len == 0 {
                return Err(Fail::new(at, 0, "expected a function name after 'call'"));
            }
            let mut rest = &at[len..];
            if rest.starts_with('(') {
                match rest_of_line(rest).0.find(')') {
                    Some(k) => rest = &rest[k + 1..],
                    None => return Err(Fail::new(rest, 1, "expected ')' after the arguments")),
                }
            }
            let (rest, _) = self.tooltip_and_target(rest)?;
            self.ignore_callback(kw, rest);
            return Ok(rest);
        }
        if r.starts_with('"') {
            let (after, url) = quoted(r).map_err(nom_fail)?;
            let (rest, (tip, target)) = self.tooltip_and_target(after)?;
            self.set_link(id, url, tip, target);
            return Ok(rest);
        }
        let len = name_len(r);
        if len == 0 {
            return Err(Fail::new(
                r,
                0,
                format!("expected 'href', 'call' or a quoted link, found {}", describe(r)),
            ));
        }
        let (rest, _) = self.tooltip_and_target(&r[len..])?;
        self.ignore_callback(kw, rest);
        Ok(rest)
    }

    /// `link Id "url" ["tooltip"] [target]`.
    fn link(&mut self, _kw: &'a str, r: &'a str) -> Result<&'a str, Fail<'a>> {
        let (r, (id, _)) =
            class_name(blanks(r)).map_err(|f| f.hint("write 'link ClassName \"url\"'"))?;
        let (after, url) = quoted(blanks(r)).map_err(nom_fail)?;
        let (rest, (tip, target)) = self.tooltip_and_target(after)?;
        self.set_link(id, url, tip, target);
        Ok(rest)
    }

    /// `callback Id "fn" ["tooltip"]`: ignored with a warning.
    fn callback(&mut self, kw: &'a str, r: &'a str) -> Result<&'a str, Fail<'a>> {
        let (r, _) = class_name(blanks(r))
            .map_err(|f| f.hint("write 'callback ClassName \"function\"'"))?;
        let (after, _) = quoted(blanks(r)).map_err(nom_fail)?;
        let (rest, _) = self.tooltip_and_target(after)?;
        self.ignore_callback(kw, rest);
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
        Err(Fail::new(
            kw,
            len,
            format!("expected ':' after '{}'", &kw[..len]),
        )
        .hint("write 'accTitle: text' or 'accDescr: text'"))
    }

    /// `A "1" <|-- "*" B : label` or `A : member`.
    fn relation_or_member(&mut self, i: &'a str) -> Result<&'a str, Fail<'a>> {
        let (r, (id, generic)) = class_name(i).map_err(|f| {
            f.hint("a statement starts with a keyword (class, note, namespace, …) or a class name")
        })?;
        let (r, css) = opt(css_shorthand).parse(r).map_err(nom_fail)?;
        let known = self.d.classes.len();
        let first = self.class(id, generic);
        let first_new = first >= known;
        if let Some(css) = css {
            self.d.classes[first].css_classes.push(css.to_string());
        }
        let b = blanks(r);
        if let Some(after) = b.strip_prefix(':') {
            let (text, rest) = rest_of_line(after);
            let text = text.trim();
            if !text.is_empty() {
                self.add_member(first, text);
            }
            return Ok(rest);
        }
        if at_line_end(b) || b.starts_with("%%") {
            return Ok(b);
        }
        let mut r = b;
        let mut from_card = None;
        if r.starts_with('"') {
            let (after, c) = quoted(r).map_err(nom_fail)?;
            from_card = Some(c);
            r = blanks(after);
        }
        let Some((after, (from_end, dashed, to_end))) = arrow(r) else {
            return Err(Fail::new(
                r,
                0,
                format!("expected a relation arrow or ':', found {}", describe(r)),
            )
            .hint("relations look like 'A <|-- B', members like 'A : +int id'"));
        };
        let mut r = blanks(after);
        let mut to_card = None;
        if r.starts_with('"') {
            let (after, c) = quoted(r).map_err(nom_fail)?;
            to_card = Some(c);
            r = blanks(after);
        }
        let (r, (id2, generic2)) = class_name(r)
            .map_err(|f| f.hint("a relation joins two classes: 'A --> B'"))?;
        let (r, css2) = opt(css_shorthand).parse(r).map_err(nom_fail)?;
        let known = self.d.classes.len();
        let second = self.class(id2, generic2);
        let second_new = second >= known;
        // The lollipop side of `bar ()-- foo` is an interface of foo,
        // not a class, unless it is one already.
        let mut first = first;
        let mut second = second;
        if from_end == EndKind::Lollipop {
            first = self.interface(first, first_new);
        }
        if to_end == EndKind::Lollipop {
            second = self.interface(second, second_new);
        }
        if let Some(css) = css2 {
            self.d.classes[second].css_classes.push(css.to_string());
        }
        let b = blanks(r);
        let (label, rest) = match b.strip_prefix(':') {
            Some(after) => {
                let (text, rest) = rest_of_line(after);
                let t = text.trim();
                ((!t.is_empty()).then(|| t.to_string()), rest)
            }
            None => (None, b),
        };
        let start = offset_in(self.source, i);
        let end = offset_in(self.source, rest);
        self.d.relations.push(Relation {
            from: first,
            to: second,
            from_end,
            to_end,
            dashed,
            from_card: from_card.map(str::to_string),
            to_card: to_card.map(str::to_string),
            label,
            span: Span::new(start, end),
        });
        Ok(rest)
    }

    /// The diagram, with the settings applied.
    fn finish(mut self) -> ClassDiagram {
        let source = self.source;
        let read = self.preamble.read(source);
        self.d.title = read.title.map(|(title, _)| title);
        self.d.config.merge(&read.config);
        self.d.warnings.extend(read.warnings);
        self.d
    }
}

/// The header `classDiagram` or `classDiagram-v2`.
fn header(i: &str) -> Result<&str, Fail<'_>> {
    for kw in ["classDiagram-v2", "classDiagram"] {
        if let Some(rest) = keyword(i, kw) {
            return Ok(rest);
        }
    }
    let len = i.find(char::is_whitespace).unwrap_or(i.len());
    Err(Fail::new(
        i,
        len,
        format!("expected 'classDiagram', found {}", describe(i)),
    )
    .hint("a class diagram starts with the line 'classDiagram'"))
}

/// A nom error as a plain failure.
fn nom_fail(e: nom::Err<Fail<'_>>) -> Fail<'_> {
    match e {
        nom::Err::Error(f) | nom::Err::Failure(f) => f,
        nom::Err::Incomplete(_) => Fail::new("", 0, "unexpected end of input"),
    }
}
