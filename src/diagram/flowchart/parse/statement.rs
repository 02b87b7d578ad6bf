//! Statement parsers: one call reads one statement (up to, not including,
//! its `;` or line break) into a [`Stmt`]. Nesting (`subgraph` … `end`) is
//! not handled here: `subgraph` and `end` are separate statements and the
//! driver keeps an explicit stack, so depth costs no recursion.

use nom::error::context;
use nom::Parser;

use crate::syntax::{describe, Fail, PResult};
use super::lexical::{
    at_separator, blanks, blanks_nl, consumed, enclosed, keyword, quoted, rest_of_line, RawText,
};
use super::link::{link, starts_link, LinkTok};
use super::node::{class_name_len, vertex, VertexTok};
use crate::diagram::flowchart::model::{Curve, Direction};

/// One statement.
#[derive(Debug, Clone)]
pub(crate) enum Stmt<'a> {
    /// `A --> B & C --> D`: node groups joined by links
    /// (`links.len() + 1 == groups.len()`).
    Chain {
        groups: Vec<Vec<VertexTok<'a>>>,
        links: Vec<LinkTok<'a>>,
    },
    /// `style id[,id…] css`.
    Style {
        ids: Vec<&'a str>,
        css: &'a str,
        at: &'a str,
    },
    /// `classDef name[,name…] css`.
    ClassDef {
        names: Vec<&'a str>,
        css: &'a str,
        at: &'a str,
    },
    /// `class id[,id…] name`.
    Class {
        ids: Vec<&'a str>,
        class: &'a str,
        at: &'a str,
    },
    /// `linkStyle default|n[,n…] [interpolate curve] [css]`.
    LinkStyle {
        /// `None` is `default`; otherwise each index with its text.
        indexes: Option<Vec<(usize, &'a str)>>,
        curve: Option<(&'a str, Option<Curve>)>,
        css: &'a str,
        at: &'a str,
    },
    /// `click id …`.
    Click {
        ids: &'a str,
        action: ClickTok<'a>,
        tooltip: Option<String>,
        at: &'a str,
    },
    /// `subgraph …` (the block follows).
    SubgraphOpen {
        id: Option<&'a str>,
        title: Option<RawText<'a>>,
        keyword: &'a str,
    },
    /// `end`.
    End { at: &'a str },
    /// `direction XX` (or any line holding it, Mermaid's whole-line rule).
    Direction { dir: Direction, at: &'a str },
    /// `accTitle: …`.
    AccTitle(String),
    /// `accDescr: …` or `accDescr { … }`.
    AccDescr(String),
    /// `%%{ … }%%` (the text between the braces).
    Directive { body: &'a str, at: &'a str },
}

/// What a click statement does, as written.
#[derive(Debug, Clone)]
pub(crate) enum ClickTok<'a> {
    /// A URL and optional target.
    Href {
        url: String,
        target: Option<&'a str>,
    },
    /// A callback name.
    Callback { name: &'a str },
}

/// Reads one statement at `i` (blanks already skipped, not at a separator).
/// `line_start` is true for the first statement of a line: only there is
/// the whole-line `direction` rule tried (a later statement of the line was
/// covered by that check, and checking once keeps long lines linear).
pub(crate) fn statement(i: &str, line_start: bool) -> PResult<'_, Stmt<'_>> {
    if line_start {
        if let Some(r) = direction_line(i) {
            return Ok(r);
        }
    }
    if i.starts_with("%%{") {
        return directive(i);
    }
    if let Some(r) = keyword(i, "subgraph") {
        return subgraph_open(i, r);
    }
    if let Some(r) = keyword(i, "end") {
        return Ok((r, Stmt::End { at: &i[..3] }));
    }
    if let Some(r) = keyword(i, "style") {
        return style(i, r);
    }
    if let Some(r) = keyword(i, "classDef") {
        return class_def(i, r);
    }
    if let Some(r) = keyword(i, "class") {
        return class(i, r);
    }
    if let Some(r) = keyword(i, "linkStyle") {
        return link_style(i, r);
    }
    if let Some(r) = keyword(i, "click") {
        return click(i, r);
    }
    if let Some(r) = acc_keyword(i, "accTitle") {
        return acc_title(r);
    }
    if let Some(r) = acc_keyword(i, "accDescr") {
        return acc_descr(i, r);
    }
    chain(i)
}

/// `accTitle`/`accDescr` followed by blanks and `:` or `{`.
fn acc_keyword<'a>(i: &'a str, kw: &str) -> Option<&'a str> {
    let r = i.strip_prefix(kw)?;
    let b = blanks(r);
    b.starts_with([':', '{']).then_some(b)
}

/// Mermaid lexes any line containing `direction` + blanks + `TB|TD|BT|RL|LR`
/// as a direction statement, whatever else the line holds.
fn direction_line(i: &str) -> Option<(&str, Stmt<'_>)> {
    let (rest, line) = rest_of_line(i).ok()?;
    let mut from = 0;
    while let Some(k) = line[from..].find("direction") {
        let after = &line[from + k + "direction".len()..];
        let b = after.trim_start_matches([' ', '\t']);
        if b.len() < after.len() {
            let dir = match b.get(..2) {
                Some("TB") | Some("TD") => Some(Direction::TopBottom),
                Some("BT") => Some(Direction::BottomTop),
                Some("RL") => Some(Direction::RightLeft),
                Some("LR") => Some(Direction::LeftRight),
                _ => None,
            };
            if let Some(dir) = dir {
                return Some((rest, Stmt::Direction { dir, at: line }));
            }
        }
        from += k + 1;
    }
    None
}

/// `%%{ … }%%`, possibly over several lines.
fn directive(i: &str) -> PResult<'_, Stmt<'_>> {
    let body = &i[3..];
    match body.find("}%%") {
        Some(k) => Ok((
            &body[k + 3..],
            Stmt::Directive {
                body: &body[..k],
                at: &i[..3 + k + 3],
            },
        )),
        None => Fail::new(i, 3, "unclosed directive '%%{': expected '}%%'").cut(),
    }
}

/// `subgraph`, `subgraph id`, `subgraph id[title]`, `subgraph "title"`,
/// `subgraph title words`.
fn subgraph_open<'a>(i: &'a str, r: &'a str) -> PResult<'a, Stmt<'a>> {
    let kw = &i[.."subgraph".len()];
    let b = blanks(r);
    if at_separator(b) {
        return Ok((
            b,
            Stmt::SubgraphOpen {
                id: None,
                title: None,
                keyword: kw,
            },
        ));
    }
    if b.starts_with('"') {
        // the quoted text is both id and title; the id is dropped if the
        // text has blanks (Mermaid then generates one).
        let (rest, text) = quoted(b)?;
        let id = (!text.text.chars().any(char::is_whitespace)).then_some(text.at);
        return Ok((
            rest,
            Stmt::SubgraphOpen {
                id,
                title: Some(text),
                keyword: kw,
            },
        ));
    }
    // id text runs to '[' or the end of the statement
    let end = b.find(['[', ';', '\n', '\r', '"']).unwrap_or(b.len());
    let words = b[..end].trim_end();
    if words.is_empty() {
        return Fail::new(
            b,
            0,
            format!("expected a subgraph id or title, found {}", describe(b)),
        )
        .cut();
    }
    let after = &b[end..];
    if let Some(body) = after.strip_prefix('[') {
        let (rest, (title, _)) = enclosed(body, &after[..1], &["]"])?;
        return Ok((
            rest,
            Stmt::SubgraphOpen {
                id: Some(words),
                title: Some(title),
                keyword: kw,
            },
        ));
    }
    if after.starts_with('"') {
        return Fail::new(after, 1, "unexpected '\"' in subgraph title")
            .hint("quote the whole title: subgraph \"…\"")
            .cut();
    }
    let id = (!words.chars().any(char::is_whitespace)).then_some(words);
    Ok((
        &b[words.len()..],
        Stmt::SubgraphOpen {
            id,
            title: Some(RawText {
                text: words.to_string(),
                kind: crate::diagram::flowchart::model::LabelKind::Text,
                at: words,
            }),
            keyword: kw,
        },
    ))
}

/// The text up to the end of the statement (`;` or line break).
fn statement_text(i: &str) -> (&str, &str) {
    let end = i.find([';', '\n', '\r']).unwrap_or(i.len());
    (&i[end..], &i[..end])
}

/// Mermaid reads `#name;` as an entity code before parsing, except the last
/// `;` of a `style`/`classDef` line. A CSS value ending in `#word` whose `;`
/// has more text after it on the line therefore swallows that text.
fn check_entity_semicolon<'a>(css: &'a str, rest: &'a str) -> Result<(), nom::Err<Fail<'a>>> {
    let Some(after) = rest.strip_prefix(';') else {
        return Ok(());
    };
    let line_rest = after.split(['\n', '\r']).next().unwrap_or("");
    if !line_rest.contains(';') && line_rest.trim().is_empty() {
        return Ok(());
    }
    if !line_rest.contains(';') {
        return Ok(());
    }
    if let Some(hash) = css.rfind('#') {
        let word = &css[hash + 1..];
        if !word.is_empty() && word.chars().all(|c| c.is_alphanumeric() || c == '_') {
            return Fail::new(
                &css[hash..],
                css.len() - hash + 1,
                format!("'#{word};' is read as an entity code here, so the statement runs on"),
            )
            .hint("end the style statement with a line break instead of ';'")
            .cut();
        }
    }
    Ok(())
}

/// The blank-separated word at `i`.
fn word(i: &str) -> (&str, &str) {
    let end = i
        .find(|c: char| c.is_whitespace() || c == ';')
        .unwrap_or(i.len());
    (&i[end..], &i[..end])
}

/// Requires at least one blank, then returns what follows.
fn need_blank<'a>(i: &'a str, what: &'static str) -> PResult<'a, &'a str> {
    let b = blanks(i);
    if b.len() == i.len() || at_separator(b) {
        return Fail::new(b, 0, format!("expected {what}, found {}", describe(b))).cut();
    }
    Ok((b, b))
}

fn style<'a>(i: &'a str, r: &'a str) -> PResult<'a, Stmt<'a>> {
    let (b, _) = need_blank(r, "a node id after 'style'")?;
    let (r2, ids) = word(b);
    let (b2, _) = need_blank(r2, "CSS such as 'fill:#f9f' after the id")?;
    let (rest, css) = statement_text(b2);
    check_entity_semicolon(css, rest)?;
    Ok((
        rest,
        Stmt::Style {
            ids: ids.split(',').filter(|s| !s.is_empty()).collect(),
            css,
            at: consumed(i, rest),
        },
    ))
}

fn class_def<'a>(i: &'a str, r: &'a str) -> PResult<'a, Stmt<'a>> {
    let (b, _) = need_blank(r, "a class name after 'classDef'")?;
    let (r2, names) = word(b);
    let (b2, _) = need_blank(r2, "CSS such as 'fill:#f9f' after the class name")?;
    let (rest, css) = statement_text(b2);
    check_entity_semicolon(css, rest)?;
    Ok((
        rest,
        Stmt::ClassDef {
            names: names.split(',').filter(|s| !s.is_empty()).collect(),
            css,
            at: consumed(i, rest),
        },
    ))
}

fn class<'a>(i: &'a str, r: &'a str) -> PResult<'a, Stmt<'a>> {
    let (b, _) = need_blank(r, "node ids after 'class'")?;
    let (r2, ids) = word(b);
    let (b2, _) = need_blank(r2, "a class name after the ids")?;
    let n = class_name_len(b2);
    if n == 0 {
        return Fail::new(
            b2,
            0,
            format!("expected a class name, found {}", describe(b2)),
        )
        .cut();
    }
    let rest = &b2[n..];
    Ok((
        rest,
        Stmt::Class {
            ids: ids.split(',').filter(|s| !s.is_empty()).collect(),
            class: &b2[..n],
            at: consumed(i, rest),
        },
    ))
}

fn link_style<'a>(i: &'a str, r: &'a str) -> PResult<'a, Stmt<'a>> {
    let (b, _) = need_blank(r, "'default' or edge numbers after 'linkStyle'")?;
    let (r2, list) = word(b);
    let indexes = if list == "default" {
        None
    } else {
        let mut v = Vec::new();
        let mut off = 0;
        for part in list.split(',') {
            let at = &list[off..off + part.len()];
            off += part.len() + 1;
            match part.parse::<usize>() {
                Ok(n) if !part.starts_with('+') => v.push((n, at)),
                _ => {
                    return Fail::new(
                        at,
                        at.len().max(1),
                        format!(
                            "expected an edge number or 'default' in linkStyle, found '{part}'"
                        ),
                    )
                    .cut()
                }
            }
        }
        Some(v)
    };
    let mut rest = blanks(r2);
    let mut curve = None;
    if let Some(after) = keyword(rest, "interpolate") {
        let (b3, _) = need_blank(after, "a curve name after 'interpolate'")?;
        let (r3, name) = word(b3);
        curve = Some((name, Curve::from_name(name)));
        rest = blanks(r3);
    }
    let (rest, css) = statement_text(rest);
    if css.trim().is_empty() && curve.is_none() {
        return Fail::new(
            rest,
            0,
            "expected CSS such as 'stroke:#f00' after the edge numbers",
        )
        .cut();
    }
    check_entity_semicolon(css, rest)?;
    Ok((
        rest,
        Stmt::LinkStyle {
            indexes,
            curve,
            css,
            at: consumed(i, rest),
        },
    ))
}

/// A link target: `_self`, `_blank`, `_parent`, `_top`.
fn target(i: &str) -> Option<(&str, &str)> {
    let b = blanks(i);
    ["_self", "_blank", "_parent", "_top"]
        .iter()
        .find_map(|t| keyword(b, t).map(|r| (r, &b[..t.len()])))
}

/// An optional `"tooltip"` after blanks.
fn tooltip(i: &str) -> PResult<'_, Option<String>> {
    let b = blanks(i);
    if b.starts_with('"') {
        let (r, t) = quoted(b)?;
        Ok((r, Some(t.text)))
    } else {
        Ok((i, None))
    }
}

fn click<'a>(i: &'a str, r: &'a str) -> PResult<'a, Stmt<'a>> {
    let (b, _) = need_blank(r, "a node id after 'click'")?;
    let (r2, ids) = word(b);
    let (b2, _) = need_blank(
        r2,
        "a callback, 'call', 'href' or a \"url\" after the node id",
    )?;
    let (rest, action, tip) = if let Some(after) = keyword(b2, "href") {
        let u = blanks(after);
        let (r3, url) = context("a quoted URL after 'href'", quoted).parse(u)?;
        let (r4, tip) = tooltip(r3)?;
        let (r5, tgt) = target(r4).map_or((r4, None), |(r, t)| (r, Some(t)));
        (
            r5,
            ClickTok::Href {
                url: url.text,
                target: tgt,
            },
            tip,
        )
    } else if b2.starts_with('"') {
        let (r3, url) = quoted(b2)?;
        let (r4, tip) = tooltip(r3)?;
        let (r5, tgt) = target(r4).map_or((r4, None), |(r, t)| (r, Some(t)));
        (
            r5,
            ClickTok::Href {
                url: url.text,
                target: tgt,
            },
            tip,
        )
    } else {
        let (b3, is_call) = match keyword(b2, "call") {
            Some(after) => (blanks(after), true),
            None => (b2, false),
        };
        let n = b3
            .find(|c: char| c.is_whitespace() || c == '(' || c == ';' || c == '"')
            .unwrap_or(b3.len());
        if n == 0 {
            return Fail::new(
                b3,
                0,
                format!("expected a callback name, found {}", describe(b3)),
            )
            .cut();
        }
        let name = &b3[..n];
        let mut r3 = &b3[n..];
        if let Some(args) = r3.strip_prefix('(') {
            match args.find(')') {
                Some(k) if !args[..k].contains('\n') => r3 = &args[k + 1..],
                _ => return Fail::new(r3, 1, "unclosed '(': expected ')'").cut(),
            }
        } else if is_call {
            return Fail::new(r3, 0, "expected '(' after the function name of 'call'").cut();
        }
        let (r4, tip) = tooltip(r3)?;
        (r4, ClickTok::Callback { name }, tip)
    };
    Ok((
        rest,
        Stmt::Click {
            ids,
            action,
            tooltip: tip,
            at: consumed(i, rest),
        },
    ))
}

fn acc_title(r: &str) -> PResult<'_, Stmt<'_>> {
    match r.strip_prefix(':') {
        Some(t) => {
            let (rest, line) = rest_of_line(t)?;
            Ok((rest, Stmt::AccTitle(line.trim().to_string())))
        }
        None => Fail::new(r, 1, "expected ':' after 'accTitle'").cut(),
    }
}

fn acc_descr<'a>(i: &'a str, r: &'a str) -> PResult<'a, Stmt<'a>> {
    if let Some(t) = r.strip_prefix(':') {
        let (rest, line) = rest_of_line(t)?;
        return Ok((rest, Stmt::AccDescr(line.trim().to_string())));
    }
    let body = &r[1..];
    match body.find('}') {
        Some(k) => {
            let text: Vec<&str> = body[..k].lines().map(str::trim).collect();
            let text = text.join("\n").trim().to_string();
            Ok((&body[k + 1..], Stmt::AccDescr(text)))
        }
        None => Fail::new(&i[..8], 8, "unclosed 'accDescr {': expected '}'").cut(),
    }
}

/// Nodes joined by `&` (with blanks on both sides).
fn group(i: &str) -> PResult<'_, Vec<VertexTok<'_>>> {
    let (mut rest, first) = context("a node id", vertex).parse(i)?;
    let mut nodes = vec![first];
    loop {
        let b = blanks(rest);
        if b.len() < rest.len() {
            if let Some(after) = b.strip_prefix('&') {
                let a = blanks(after);
                if a.len() < after.len() {
                    let (r, v) = context("a node id after '&'", vertex).parse(a)?;
                    nodes.push(v);
                    rest = r;
                    continue;
                }
            }
        }
        return Ok((rest, nodes));
    }
}

/// A vertex statement: groups of nodes joined by links.
fn chain(i: &str) -> PResult<'_, Stmt<'_>> {
    let (mut rest, first) = group(i)?;
    let mut groups = vec![first];
    let mut links = Vec::new();
    loop {
        let mut b = blanks(rest);
        // A link swallows the blanks and line breaks around it, so a line
        // that starts with a link continues the chain.
        let past_lines = blanks_nl(b);
        if past_lines.len() < b.len()
            && past_lines.starts_with(['-', '=', '.', '~', '<'])
            && starts_link(past_lines)
        {
            b = past_lines;
        }
        if at_separator(b) {
            return Ok((rest, Stmt::Chain { groups, links }));
        }
        if !starts_link(b) {
            let last = groups.last().and_then(|g| g.last()).map_or("", |v| v.id);
            return Err(nom::Err::Failure(unexpected_after_node(b, last)));
        }
        let (r, l) = link(b)?;
        let t = blanks_nl(r);
        if at_separator(t) || t.starts_with("%%") {
            return Fail::new(
                l.at,
                l.at.len(),
                format!("expected a node after the link '{}'", l.at.trim()),
            )
            .cut();
        }
        let (r2, g) = match group(t) {
            Ok(x) => x,
            Err(nom::Err::Error(_)) => {
                return Fail::new(
                    t,
                    0,
                    format!("expected a node after the link, found {}", describe(t)),
                )
                .cut()
            }
            Err(e) => return Err(e),
        };
        links.push(l);
        groups.push(g);
        rest = r2;
    }
}

/// The error for junk after a node: an unknown link, or just a stray token.
fn unexpected_after_node<'a>(b: &'a str, node: &str) -> Fail<'a> {
    let first = b.chars().next().map_or(0, char::len_utf8);
    let is_link_char = |c: char| matches!(c, '-' | '=' | '.' | '~' | '<' | '>' | 'x' | 'o');
    let len = if b.starts_with(['-', '=', '.', '~', '<', '>']) {
        b.find(|c: char| !is_link_char(c)).unwrap_or(b.len())
    } else {
        b.char_indices()
            .take(20)
            .find(|&(_, c)| c.is_whitespace())
            .map_or_else(
                || b.char_indices().nth(20).map_or(b.len(), |(k, _)| k),
                |(k, _)| k,
            )
    }
    .max(first);
    let tok = &b[..len];
    if tok.starts_with(['-', '=', '.', '~', '<', '>']) {
        Fail::new(b, len, format!("unknown link '{tok}'"))
            .hint("links look like -->, ---, -.->, ==>, ~~~, --x, --o or <-->")
    } else if tok.starts_with("%%") {
        Fail::new(b, len, "a comment must be on its own line")
            .hint("move the '%%' comment to a line of its own")
    } else if tok.starts_with('&') {
        Fail::new(b, 1, "'&' needs a blank on both sides").hint("write 'A & B'")
    } else {
        Fail::new(
            b,
            len,
            format!(
                "unexpected {} after node '{node}': expected a link, '&', ';' or a line break",
                describe(b)
            ),
        )
    }
}
