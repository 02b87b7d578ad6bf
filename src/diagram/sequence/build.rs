//! Mermaid's meaning of the statements, applied in order: participants
//! appear at their first mention, declarations without an alias keep an
//! existing participant as it is, activations are counted, blocks and boxes
//! are opened and closed on an explicit stack, `create`/`destroy` must be
//! followed by a message that involves the participant, sequence numbers
//! count on while hidden. The error cases are Mermaid's (its `sequenceDb`).

use std::collections::HashMap;

use super::lex::{split_wrap, string_object};
use super::model::{
    Autonumber, BlockKind, Event, EventKind, Link, Message, Note, Participant, ParticipantBox,
    ParticipantKind, Sequence, Text,
};
use super::parse::offset_in;
use super::statement::Stmt;
use crate::error::ParseError;
use crate::error::{Span, Warning};

/// An open block or box.
#[derive(Debug)]
enum Open {
    /// A block; the index of its `BlockStart` event and its keyword's span.
    Block(BlockKind, usize, Span),
    /// A box; its index in `boxes` and its keyword's span.
    Box(usize, Span),
}

/// A `destroy` waiting for its message.
#[derive(Debug)]
struct PendingDestroy {
    /// The participant id.
    id: String,
    /// The `Destroy` event to fill in once the participant is known.
    event: usize,
    /// The statement.
    span: Span,
    /// The name in it.
    name: Span,
}

/// The diagram under construction.
pub(super) struct Builder<'a> {
    /// The whole source; every span is relative to it.
    pub source: &'a str,
    seq: Sequence,
    ids: HashMap<String, usize>,
    stack: Vec<Open>,
    /// Open activations per participant.
    active: Vec<u32>,
    /// The next sequence number and its step.
    counter: f64,
    step: f64,
    numbering: bool,
    pending_create: Option<(usize, Span)>,
    pending_destroy: Option<PendingDestroy>,
}

/// Rounds to two decimals, as sequence numbers are shown.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

impl<'a> Builder<'a> {
    /// An empty diagram over `source`.
    pub fn new(source: &'a str) -> Self {
        Builder {
            source,
            seq: Sequence::default(),
            ids: HashMap::new(),
            stack: Vec::new(),
            active: Vec::new(),
            counter: 1.0,
            step: 1.0,
            numbering: false,
            pending_create: None,
            pending_destroy: None,
        }
    }

    /// The span of `part`, a slice of the source.
    fn span(&self, part: &str) -> Span {
        let start = offset_in(self.source, part);
        Span::new(start, (start + part.len()).min(self.source.len()))
    }

    /// A [`Text`] from a raw slice: trimmed, `wrap:` prefix split off.
    fn text(&self, raw: &str) -> Text {
        let (t, wrap) = split_wrap(raw);
        Text {
            raw: t.to_string(),
            span: self.span(t),
            wrap,
        }
    }

    /// A label: `None` when empty.
    fn label(&self, raw: &str) -> Option<Text> {
        let t = self.text(raw);
        (!t.raw.is_empty()).then_some(t)
    }

    fn error(&self, message: impl Into<String>, at: &str) -> ParseError {
        ParseError::new(message, self.span(at))
    }

    fn warn(&mut self, message: impl Into<String>, at: &str) {
        let span = self.span(at);
        self.seq.warnings.push(Warning {
            message: message.into(),
            span: Some(span),
        });
    }

    fn push(&mut self, kind: EventKind, span: Span) -> usize {
        self.seq.events.push(Event { kind, span });
        self.seq.events.len() - 1
    }

    fn current_box(&self) -> Option<usize> {
        match self.stack.last() {
            Some(Open::Box(b, _)) => Some(*b),
            _ => None,
        }
    }

    /// The participant `id`, introduced (as a plain participant) if new.
    fn mention(&mut self, id: &str) -> usize {
        if let Some(&k) = self.ids.get(id) {
            return k;
        }
        let span = self.span(id);
        self.seq.participants.push(Participant {
            id: id.to_string(),
            label: Text {
                raw: id.to_string(),
                span,
                wrap: None,
            },
            kind: ParticipantKind::Participant,
            span,
            implicit: true,
            ..Participant::default()
        });
        self.active.push(0);
        let k = self.seq.participants.len() - 1;
        self.ids.insert(id.to_string(), k);
        k
    }

    /// A declaration: new participants are added; an existing one keeps
    /// its kind and label unless an alias is given (Mermaid's `addActor`).
    fn declare(
        &mut self,
        id: &str,
        kind: ParticipantKind,
        label: Option<Text>,
    ) -> Result<usize, ParseError> {
        let existed = self.ids.contains_key(id);
        let k = self.mention(id);
        let current = self.current_box();
        let p = &self.seq.participants[k];
        if let (Some(cur), Some(old)) = (current, p.in_box) {
            if cur != old {
                let name = |b: usize| {
                    self.seq.boxes[b]
                        .label
                        .as_ref()
                        .map_or_else(|| format!("box {}", b + 1), |t| format!("'{}'", t.raw))
                };
                return Err(self
                    .error(
                        format!(
                            "participant '{id}' is already in {} and cannot also be in {}",
                            name(old),
                            name(cur)
                        ),
                        id,
                    )
                    .with_hint("declare each participant in one box only"));
            }
        }
        if p.in_box.is_none() {
            if let Some(cur) = current {
                self.seq.participants[k].in_box = Some(cur);
                self.seq.boxes[cur].members.push(k);
            }
        }
        let span = self.span(id);
        let p = &mut self.seq.participants[k];
        if !existed {
            p.kind = kind;
            p.span = span;
        }
        p.implicit = false;
        if let Some(label) = label {
            p.kind = kind;
            p.label = label;
        }
        Ok(k)
    }

    /// Applies one statement whose source is `text`.
    pub fn apply(&mut self, stmt: Stmt<'a>, text: &'a str) -> Result<(), ParseError> {
        let span = self.span(text);
        if self.current_box().is_some()
            && !matches!(
                stmt,
                Stmt::Participant { create: false, .. } | Stmt::Destroy { .. } | Stmt::End { .. }
            )
        {
            return Err(self
                .error("only participant and actor lines may be inside a box", text)
                .with_hint("close the box with 'end' before this statement"));
        }
        match stmt {
            Stmt::Participant {
                keyword,
                kind,
                create,
                name,
                meta,
                alias,
            } => self.participant(keyword, kind, create, name, meta, alias, span)?,
            Stmt::Destroy { name } => {
                // Mermaid checks only the latest `destroy` against the next
                // message; an earlier one still waiting is drawn at the next
                // message that involves its participant.
                if let Some(d) = self.pending_destroy.take() {
                    self.settle_destroy(d);
                }
                let known = self.ids.get(name).copied();
                let event = self.push(
                    EventKind::Destroy {
                        participant: known.unwrap_or(usize::MAX),
                    },
                    span,
                );
                if let Some(k) = known {
                    self.seq.participants[k].destroyed = Some(event);
                }
                self.pending_destroy = Some(PendingDestroy {
                    id: name.to_string(),
                    event,
                    span,
                    name: self.span(name),
                });
            }
            Stmt::Box { keyword, line } => {
                let (colour, label) = box_head(line);
                let b = ParticipantBox {
                    label: label.and_then(|l| self.label(l)),
                    colour: colour.map(str::to_string),
                    span,
                    members: Vec::new(),
                };
                self.seq.boxes.push(b);
                let kw = self.span(keyword);
                self.stack.push(Open::Box(self.seq.boxes.len() - 1, kw));
            }
            Stmt::Block {
                keyword,
                kind,
                label,
            } => {
                let label = self.text(label);
                let e = self.push(EventKind::BlockStart { kind, label }, span);
                let kw = self.span(keyword);
                self.stack.push(Open::Block(kind, e, kw));
            }
            Stmt::Section { keyword, label } => {
                let word = keyword.to_ascii_lowercase();
                let kind = match self.stack.last() {
                    Some(Open::Block(kind, _, _)) if kind.section_keyword() == Some(&word) => *kind,
                    _ => {
                        let inside = match word.as_str() {
                            "else" => "an 'alt' block",
                            "and" => "a 'par' or 'par_over' block",
                            _ => "a 'critical' block",
                        };
                        return Err(self
                            .error(format!("'{word}' outside {inside}"), keyword)
                            .with_hint(format!(
                                "'{word}' starts a further section directly inside {inside}"
                            )));
                    }
                };
                let label = self.text(label);
                self.push(EventKind::BlockSection { kind, label }, span);
            }
            Stmt::End { keyword } => match self.stack.pop() {
                Some(Open::Block(kind, start, _)) => {
                    self.push(EventKind::BlockEnd { kind, start }, span);
                }
                Some(Open::Box(b, _)) => {
                    self.seq.boxes[b].span.end = span.end;
                }
                None => {
                    return Err(self
                        .error("'end' without an open block", keyword)
                        .with_hint("every 'end' closes a 'loop', 'alt', 'opt', 'par', 'critical', 'break', 'rect' or 'box'"));
                }
            },
            Stmt::Message {
                from,
                to,
                arrow,
                modifier,
                central_from,
                central_to,
                text: raw,
            } => {
                let f = self.mention(from);
                let t = self.mention(to);
                self.check_lifecycle(f, t, span)?;
                let number = self.numbering.then_some(self.counter);
                let counter = self.counter;
                self.counter = round2(self.counter + self.step);
                let message = Message {
                    from: f,
                    to: t,
                    arrow,
                    text: self.text(raw),
                    activate_target: modifier == Some("+"),
                    deactivate_source: modifier == Some("-"),
                    central_from,
                    central_to,
                    number,
                    counter,
                };
                self.push(EventKind::Message(message), span);
                match modifier {
                    Some("+") => self.active[t] += 1,
                    Some(m) => self.deactivate(f, m)?,
                    None => {}
                }
            }
            Stmt::Note {
                placement,
                first,
                second,
                text: raw,
            } => {
                let first = self.mention(first);
                let second = second.map(|s| self.mention(s));
                let note = Note {
                    placement,
                    first,
                    second,
                    text: self.text(raw),
                };
                self.push(EventKind::Note(note), span);
            }
            Stmt::Activate { name } => {
                let k = self.mention(name);
                self.active[k] += 1;
                self.push(EventKind::Activate { participant: k }, span);
            }
            Stmt::Deactivate { name } => {
                let k = self.mention(name);
                self.deactivate(k, name)?;
                self.push(EventKind::Deactivate { participant: k }, span);
            }
            Stmt::Autonumber(a) => {
                self.autonumber(a);
                self.push(EventKind::Autonumber(a), span);
            }
            Stmt::Title(raw) => self.seq.title = Some(self.plain_text(raw)),
            Stmt::AccTitle(raw) => self.seq.acc_title = Some(self.plain_text(raw)),
            Stmt::AccDescr(raw) => self.seq.acc_descr = Some(self.plain_text(raw)),
            Stmt::Link { name, text } => {
                let k = self.mention(name);
                match text.split_once('@') {
                    Some((label, url)) => {
                        let link = Link {
                            label: label.trim().to_string(),
                            url: url.trim().to_string(),
                            span,
                        };
                        add_link(&mut self.seq.participants[k].links, link);
                    }
                    None => self.warn("link ignored: expected 'Label @ URL' after ':'", text),
                }
            }
            Stmt::Links { name, text } => {
                let k = self.mention(name);
                match string_object(text.trim()) {
                    Ok(entries) => {
                        for (label, url) in entries {
                            let link = Link { label, url, span };
                            add_link(&mut self.seq.participants[k].links, link);
                        }
                    }
                    Err(msg) => self.warn(format!("links ignored: {msg}"), text),
                }
            }
            Stmt::Properties { name, text } => {
                let k = self.mention(name);
                let t = self.plain_text(text);
                self.seq.participants[k].properties.push(t);
            }
        }
        Ok(())
    }

    /// Trimmed text without `wrap:` handling (titles, accessibility texts).
    fn plain_text(&self, raw: &str) -> Text {
        let t = raw.trim();
        Text {
            raw: t.to_string(),
            span: self.span(t),
            wrap: None,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn participant(
        &mut self,
        keyword: &'a str,
        kind: ParticipantKind,
        create: bool,
        name: &'a str,
        meta: Option<super::lex::Metadata<'a>>,
        alias: Option<&'a str>,
        span: Span,
    ) -> Result<(), ParseError> {
        let mut kind = kind;
        let mut label = None;
        if let Some(meta) = &meta {
            if let Some(t) = meta.kind {
                match ParticipantKind::from_name(t) {
                    Some(k) => kind = k,
                    None => self.warn(
                        format!(
                            "unknown participant type '{t}'; drawn as '{}'",
                            keyword.to_ascii_lowercase()
                        ),
                        t,
                    ),
                }
            }
            if let Some(a) = meta.alias {
                label = Some(self.plain_text(a));
            }
        }
        if let Some(a) = alias {
            label = Some(self.text(a));
        }
        if create {
            if self.ids.contains_key(name) {
                return Err(self
                    .error(
                        format!("participant '{name}' already exists; 'create' must introduce a new one"),
                        name,
                    )
                    .with_hint(format!(
                        "Mermaid allows one participant per id, even after 'destroy'; create another id with an alias: create participant {name}2 as {name}"
                    )));
            }
            let k = self.declare(name, kind, label)?;
            let e = self.push(EventKind::Create { participant: k }, span);
            self.seq.participants[k].created = Some(e);
            self.pending_create = Some((k, span));
        } else {
            self.declare(name, kind, label)?;
        }
        Ok(())
    }

    /// The created participant must receive the next message; a destroyed
    /// one must send or receive it (checked in this order, as Mermaid).
    fn check_lifecycle(&mut self, from: usize, to: usize, span: Span) -> Result<(), ParseError> {
        if let Some((c, cspan)) = self.pending_create.take() {
            if to != c {
                let id = &self.seq.participants[c].id;
                return Err(ParseError::new(
                    format!("the created participant '{id}' must receive the message after its 'create'"),
                    span,
                )
                .with_hint(format!(
                    "write a message to '{id}' right after line {} ('create …')",
                    crate::error::line_col(self.source, cspan.start).0
                )));
            }
        } else if let Some(d) = self.pending_destroy.take() {
            let from_id = &self.seq.participants[from].id;
            let to_id = &self.seq.participants[to].id;
            if *from_id != d.id && *to_id != d.id {
                return Err(ParseError::new(
                    format!(
                        "the destroyed participant '{}' must send or receive the message after its 'destroy'",
                        d.id
                    ),
                    span,
                )
                .with_hint(format!(
                    "write a message from or to '{}' right after line {} ('destroy …')",
                    d.id,
                    crate::error::line_col(self.source, d.span.start).0
                )));
            }
            let k = if *from_id == d.id { from } else { to };
            self.seq.events[d.event].kind = EventKind::Destroy { participant: k };
            self.seq.participants[k].destroyed = Some(d.event);
        }
        Ok(())
    }

    /// Ends `k`'s innermost activation; an error at `at` when it has none.
    fn deactivate(&mut self, k: usize, at: &str) -> Result<(), ParseError> {
        if self.active[k] == 0 {
            let id = &self.seq.participants[k].id;
            return Err(self
                .error(format!("cannot deactivate '{id}': it is not active"), at)
                .with_hint(format!(
                    "each deactivation of '{id}' needs an earlier 'activate {id}' or a message such as 'A->>+{id}: text'"
                )));
        }
        self.active[k] -= 1;
        Ok(())
    }

    /// The numbering state after an `autonumber` (Mermaid's renderer: a
    /// start or step of 0 keeps the current value).
    fn autonumber(&mut self, a: Autonumber) {
        if let Some(s) = a.start.filter(|s| *s != 0.0) {
            self.counter = s;
        }
        if let Some(s) = a.step.filter(|s| *s != 0.0) {
            self.step = s;
        }
        self.numbering = a.visible;
    }

    /// The finished diagram, or an error for a block left open.
    pub fn finish(mut self) -> Result<Sequence, ParseError> {
        if let Some(open) = self.stack.last() {
            let (what, span) = match open {
                Open::Block(kind, _, span) => (format!("'{}'", kind.keyword()), *span),
                Open::Box(_, span) => ("'box'".to_string(), *span),
            };
            return Err(
                ParseError::new(format!("{what} is never closed: expected 'end'"), span)
                    .with_hint("close every block with its own 'end' line"),
            );
        }
        if let Some((c, span)) = self.pending_create.take() {
            let id = self.seq.participants[c].id.clone();
            self.seq.warnings.push(Warning {
                message: format!("'{id}' is created but no message follows to create it"),
                span: Some(span),
            });
        }
        if let Some(d) = self.pending_destroy.take() {
            let warning = Warning {
                message: format!(
                    "'{}' is destroyed but no message follows to destroy it",
                    d.id
                ),
                span: Some(d.span),
            };
            self.settle_destroy(d);
            self.seq.warnings.push(warning);
        }
        Ok(self.seq)
    }

    /// Gives a `destroy` no message has claimed its participant, declaring
    /// it if the diagram never named it.
    fn settle_destroy(&mut self, d: PendingDestroy) {
        let k = self.mention_at(&d.id, d.name);
        self.seq.events[d.event].kind = EventKind::Destroy { participant: k };
        self.seq.participants[k].destroyed = Some(d.event);
    }

    /// [`Self::mention`] for an id that is not a slice of the source.
    fn mention_at(&mut self, id: &str, span: Span) -> usize {
        if let Some(&k) = self.ids.get(id) {
            return k;
        }
        let k = self.mention(id);
        self.seq.participants[k].span = span;
        self.seq.participants[k].label.span = span;
        k
    }
}

/// Adds a menu entry; a label already present gets the new URL in place.
fn add_link(links: &mut Vec<Link>, link: Link) {
    match links.iter_mut().find(|l| l.label == link.label) {
        Some(old) => *old = link,
        None => links.push(link),
    }
}

/// `box` text: (colour, title). The first word is a colour when it is
/// a CSS colour (`rgb(…)`/`hsl(…)` forms included); `transparent` and no
/// colour give `None`.
fn box_head(line: &str) -> (Option<&str>, Option<&str>) {
    let t = line.trim();
    let lower = t.to_ascii_lowercase();
    let functional = ["rgba", "rgb", "hsla", "hsl"]
        .iter()
        .find(|f| lower.starts_with(*f) && lower[f.len()..].trim_start().starts_with('('));
    let colour_len = match functional {
        Some(_) => t.rfind(')').map_or(0, |k| k + 1),
        None => t
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(t.len()),
    };
    let (colour, rest) = t.split_at(colour_len);
    let title = rest.trim();
    let title = (!title.is_empty()).then_some(title);
    if colour.is_empty() {
        return (None, title);
    }
    if colour.eq_ignore_ascii_case("transparent") {
        return (None, title);
    }
    if colour
        .to_ascii_lowercase()
        .parse::<svgtypes::Color>()
        .is_ok()
    {
        (Some(colour), title)
    } else {
        (None, Some(t))
    }
}
