//! Members as Mermaid shows them: visibility, generics written with
//! tildes shown in angle brackets, a method's return type after ` : `,
//! and the `$` (static) or `*` (abstract) classifier taken off the text.

use super::model::{Classifier, Member, MemberKind};
use crate::error::Span;

/// The visibility prefixes.
const VISIBILITY: [char; 4] = ['+', '-', '#', '~'];

/// `raw` (one member line, trimmed) read as an attribute or a method.
pub(crate) fn member(raw: &str, span: Span) -> Member {
    let raw = raw.trim();
    match method(raw) {
        Some((display, classifier)) => Member {
            kind: MemberKind::Method,
            raw: raw.to_string(),
            display,
            classifier,
            span,
        },
        None => {
            let (vis, rest) = split_visibility(raw);
            let (body, classifier) = match rest.chars().last() {
                Some('$') => (&rest[..rest.len() - 1], Some(Classifier::Static)),
                Some('*') => (&rest[..rest.len() - 1], Some(Classifier::Abstract)),
                _ => (rest, None),
            };
            Member {
                kind: MemberKind::Attribute,
                raw: raw.to_string(),
                display: format!("{vis}{}", generics(body.trim_end())),
                classifier,
                span,
            }
        }
    }
}

/// A leading visibility character and the rest.
fn split_visibility(raw: &str) -> (&str, &str) {
    match raw.chars().next() {
        Some(c) if VISIBILITY.contains(&c) => raw.split_at(1),
        _ => ("", raw),
    }
}

/// A method's shown text and classifier, or `None` when `raw` has no
/// `(` … `)`.
fn method(raw: &str) -> Option<(String, Option<Classifier>)> {
    let open = raw.find('(')?;
    let close = raw.rfind(')').filter(|&c| c > open)?;
    let (vis, name) = split_visibility(&raw[..open]);
    let args = &raw[open + 1..close];
    let mut after = &raw[close + 1..];
    let mut classifier = None;
    for (mark, kind) in [('$', Classifier::Static), ('*', Classifier::Abstract)] {
        if let Some(r) = after.strip_prefix(mark) {
            classifier = Some(kind);
            after = r;
        }
    }
    let mut ret = after.trim();
    for (mark, kind) in [('$', Classifier::Static), ('*', Classifier::Abstract)] {
        if let Some(r) = ret.strip_suffix(mark) {
            classifier = Some(kind);
            ret = r.trim_end();
        }
    }
    let mut shown = format!("{vis}{}({})", generics(name.trim()), generics(args));
    if !ret.is_empty() {
        shown.push_str(" : ");
        shown.push_str(&generics(ret));
    }
    Some((shown, classifier))
}

/// Tilde generics as angle brackets: `List~List~int~~` is
/// `List<List<int>>`. A tilde opens a generic when it follows a
/// character and precedes a word character; otherwise it closes the
/// innermost open one, or stays a tilde when none is open.
pub(crate) fn generics(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for (k, &c) in chars.iter().enumerate() {
        if c != '~' {
            out.push(c);
            continue;
        }
        let prev = k.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(k + 1).copied();
        let opens = prev.is_some_and(|p| !p.is_whitespace())
            && next.is_some_and(|n| n.is_alphanumeric() || n == '_' || n == '[');
        if opens {
            depth += 1;
            out.push('<');
        } else if depth > 0 {
            depth -= 1;
            out.push('>');
        } else {
            out.push('~');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(raw: &str) -> (MemberKind, String, Option<Classifier>) {
        let m = member(raw, Span::new(0, raw.len()));
        (m.kind, m.display, m.classifier)
    }

    #[test]
    fn methods_show_their_return_type_after_a_colon() {
        let (kind, text, c) = shown("+getId() int");
        assert_eq!((kind, text.as_str(), c), (MemberKind::Method, "+getId() : int", None));
        let (_, text, c) = shown("test(List~int~ ids) List~bool~");
        assert_eq!(text, "test(List<int> ids) : List<bool>");
        assert_eq!(c, None);
        assert_eq!(shown("someMethod()*").2, Some(Classifier::Abstract));
        assert_eq!(shown("someMethod()$").2, Some(Classifier::Static));
        assert_eq!(shown("someMethod() int$").1, "someMethod() : int");
    }

    #[test]
    fn attributes_keep_visibility_and_lose_their_classifier() {
        assert_eq!(shown("~int privatePackage").1, "~int privatePackage");
        let (kind, text, c) = shown("String name$");
        assert_eq!(kind, MemberKind::Attribute);
        assert_eq!((text.as_str(), c), ("String name", Some(Classifier::Static)));
    }

    #[test]
    fn generics_nest() {
        assert_eq!(generics("List~List~int~~"), "List<List<int>>");
        assert_eq!(generics("Map~string~ x"), "Map<string> x");
        assert_eq!(generics("a ~ b"), "a ~ b");
    }
}
