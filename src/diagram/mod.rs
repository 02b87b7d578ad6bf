//! Diagram families: which one a text is, the way Mermaid tells.
//!
//! Mermaid strips front matter, `%%{…}%%` directives and `%%` comments,
//! then asks an ordered list of detectors, each a keyword at the start of
//! what is left; the first that matches wins (so `flowchart-elk` is asked
//! before `flowchart`, and `classDiagram-v2` before `classDiagram`).
//! [`detect`] does the same over every family Mermaid knows, so a diagram
//! of a family we cannot draw yet is named as such instead of failing as a
//! broken flowchart.

use crate::error::Span;

pub mod flowchart;
pub(crate) mod chart;
pub(crate) mod class;
#[cfg(test)]
pub(crate) mod corpus_cases;
pub(crate) mod er;
pub(crate) mod journey;
pub(crate) mod pie;
pub(crate) mod sequence;
pub(crate) mod style;
pub(crate) mod state;
pub(crate) mod timeline;

/// A Mermaid diagram family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `graph`, `flowchart`, `flowchart-elk`.
    Flowchart,
    /// `sequenceDiagram`.
    Sequence,
    /// `classDiagram`, `classDiagram-v2`.
    Class,
    /// `stateDiagram`, `stateDiagram-v2`.
    State,
    /// `erDiagram`.
    Er,
    /// `gantt`.
    Gantt,
    /// `pie`.
    Pie,
    /// `journey`.
    Journey,
    /// `timeline`.
    Timeline,
    /// `mindmap`.
    Mindmap,
    /// `gitGraph`.
    GitGraph,
    /// `C4Context`, `C4Container`, `C4Component`, `C4Dynamic`, `C4Deployment`.
    C4,
    /// `kanban`.
    Kanban,
    /// `info`.
    Info,
    /// `requirementDiagram`.
    Requirement,
    /// `quadrantChart`.
    QuadrantChart,
    /// `sankey`, `sankey-beta`.
    Sankey,
    /// `packet`, `packet-beta`.
    Packet,
    /// `xychart`, `xychart-beta`.
    XyChart,
    /// `block`, `block-beta`.
    Block,
    /// `radar-beta`.
    Radar,
    /// `treemap`, `treemap-beta`.
    Treemap,
    /// `architecture`, `architecture-beta`.
    Architecture,
    /// `zenuml` (a Mermaid plugin).
    ZenUml,
}

/// Mermaid's detectors in Mermaid's order: the family and the keywords
/// that open it, longer spellings first where one is a prefix of another.
/// Like Mermaid's regular expressions, a keyword matches as a prefix of the
/// first word (`pie` also opens `pie showData`).
const DETECTORS: &[(Kind, &[&str])] = &[
    (Kind::Flowchart, &["flowchart-elk"]),
    (Kind::Mindmap, &["mindmap"]),
    (Kind::Architecture, &["architecture-beta", "architecture"]),
    (
        Kind::C4,
        &[
            "C4Context",
            "C4Container",
            "C4Component",
            "C4Dynamic",
            "C4Deployment",
        ],
    ),
    (Kind::Kanban, &["kanban"]),
    (Kind::Class, &["classDiagram-v2", "classDiagram"]),
    (Kind::Er, &["erDiagram"]),
    (Kind::Gantt, &["gantt"]),
    (Kind::Info, &["info"]),
    (Kind::Pie, &["pie"]),
    (Kind::Requirement, &["requirementDiagram", "requirement"]),
    (Kind::Sequence, &["sequenceDiagram"]),
    (Kind::Flowchart, &["graph", "flowchart"]),
    (Kind::Timeline, &["timeline"]),
    (Kind::GitGraph, &["gitGraph"]),
    (Kind::State, &["stateDiagram-v2", "stateDiagram"]),
    (Kind::Journey, &["journey"]),
    (Kind::QuadrantChart, &["quadrantChart"]),
    (Kind::Sankey, &["sankey-beta", "sankey"]),
    (Kind::Packet, &["packet-beta", "packet"]),
    (Kind::XyChart, &["xychart-beta", "xychart"]),
    (Kind::Block, &["block-beta", "block"]),
    (Kind::Radar, &["radar-beta"]),
    (Kind::Treemap, &["treemap-beta", "treemap"]),
    (Kind::ZenUml, &["zenuml"]),
];

impl Kind {
    /// Whether this crate draws the family.
    pub fn is_supported(self) -> bool {
        matches!(
            self,
            Kind::Flowchart
                | Kind::Sequence
                | Kind::State
                | Kind::Class
                | Kind::Er
                | Kind::Pie
                | Kind::Timeline
                | Kind::Journey
        )
    }

    /// The family's usual header keyword, for messages.
    pub fn keyword(self) -> &'static str {
        DETECTORS
            .iter()
            .filter(|(kind, _)| *kind == self)
            .flat_map(|(_, words)| words.iter())
            .last()
            .copied()
            .unwrap_or("graph")
    }

    /// Each family's usual keyword once, in Mermaid's order, for a hint.
    pub(crate) fn all_keywords() -> Vec<&'static str> {
        let mut kinds: Vec<Kind> = Vec::new();
        for (kind, _) in DETECTORS {
            if !kinds.contains(kind) {
                kinds.push(*kind);
            }
        }
        kinds.into_iter().map(Kind::keyword).collect()
    }
}

/// The family of a diagram and the header word that told it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detected {
    /// The family.
    pub kind: Kind,
    /// The header's first word as written (`stateDiagram-v2`, `pie`).
    pub keyword: String,
    /// Where that word is in the source.
    pub span: Span,
}

/// The family of `source`, or `None` when no family keyword opens it.
///
/// Front matter (`---` lines at the very start), `%%{…}%%` directives,
/// `%%` comment lines and blank lines before the header are skipped, as
/// Mermaid's detection does; the rest must begin with a family keyword.
/// Never fails on any text and reads it once.
pub fn detect(source: &str) -> Option<Detected> {
    let start = header_offset(source);
    let rest = &source[start..];
    for (kind, words) in DETECTORS {
        if let Some(word) = words.iter().find(|w| rest.starts_with(**w)) {
            let len = rest
                .find(|c: char| c.is_whitespace() || c == ';')
                .unwrap_or(rest.len())
                .max(word.len());
            return Some(Detected {
                kind: *kind,
                keyword: rest[..len].to_string(),
                span: Span::new(start, start + len),
            });
        }
    }
    None
}

/// Byte offset of the first text after the preamble: a byte-order mark,
/// front matter, directives, comment lines and blanks.
pub(crate) fn header_offset(source: &str) -> usize {
    let mut at = if source.starts_with('\u{feff}') { 3 } else { 0 };
    at = skip_blanks(source, at);
    if let Some(end) = front_matter_end(source, at) {
        at = end;
    }
    loop {
        at = skip_blanks(source, at);
        let rest = &source[at..];
        if let Some(body) = rest.strip_prefix("%%{") {
            // An unclosed directive runs to the end, as Mermaid reads it.
            at = match body.find("}%%") {
                Some(k) => at + 3 + k + 3,
                None => source.len(),
            };
        } else if rest.starts_with("%%") {
            at = rest.find('\n').map_or(source.len(), |k| at + k + 1);
        } else {
            return at;
        }
    }
}

/// `at` moved past spaces, tabs and line breaks.
fn skip_blanks(source: &str, at: usize) -> usize {
    let rest = &source[at..];
    at + (rest.len() - rest.trim_start().len())
}

/// The end of a front matter block (`---` alone on the first line, YAML,
/// `---` alone again, not right after the first) starting at `at`, past
/// its closing line.
fn front_matter_end(source: &str, at: usize) -> Option<usize> {
    let after = source[at..].strip_prefix("---")?;
    let first = after.find('\n').map_or(after.len(), |k| k + 1);
    if !after[..first].trim().is_empty() {
        return None;
    }
    let mut pos = at + 3 + first;
    for (k, line) in source[pos..].split_inclusive('\n').enumerate() {
        if k > 0 && line.trim_end() == "---" {
            return Some(pos + line.len());
        }
        pos += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(source: &str) -> Option<(Kind, String)> {
        detect(source).map(|d| (d.kind, d.keyword))
    }

    #[test]
    fn families_are_told_by_their_first_word_after_the_preamble() {
        let cases = [
            ("graph LR\nA-->B", Kind::Flowchart, "graph"),
            ("flowchart-elk TD", Kind::Flowchart, "flowchart-elk"),
            (
                "sequenceDiagram\nA->>B: hi",
                Kind::Sequence,
                "sequenceDiagram",
            ),
            ("  classDiagram-v2\n", Kind::Class, "classDiagram-v2"),
            ("stateDiagram-v2", Kind::State, "stateDiagram-v2"),
            ("pie showData", Kind::Pie, "pie"),
            ("xychart-beta", Kind::XyChart, "xychart-beta"),
            ("gitGraph:", Kind::GitGraph, "gitGraph:"),
            ("C4Context\n", Kind::C4, "C4Context"),
            ("radar-beta", Kind::Radar, "radar-beta"),
        ];
        for (source, expected, word) in cases {
            assert_eq!(kind(source), Some((expected, word.to_string())), "{source}");
        }
    }

    #[test]
    fn front_matter_directives_and_comments_come_before_the_header() {
        let source = "\u{feff}\n---\ntitle: graph of things\nconfig:\n  theme: dark\n---\n%%{init: {\"theme\": \"forest\"}}%%\n%% graph LR\n  sequenceDiagram\n  A->>B: x\n";
        let d = detect(source).unwrap();
        assert_eq!(d.kind, Kind::Sequence);
        assert_eq!(&source[d.span.start..d.span.end], "sequenceDiagram");
        assert_eq!(crate::line_col(source, d.span.start), (9, 3));
    }

    #[test]
    fn text_without_a_family_keyword_is_no_family() {
        for source in [
            "",
            "   \n",
            "hello",
            "---\ntitle: x\n",
            "%%{init: {}",
            "Graph LR",
        ] {
            assert_eq!(detect(source), None, "{source:?}");
        }
    }

    #[test]
    fn flowcharts_sequence_state_and_class_diagrams_are_drawn() {
        assert!(Kind::Flowchart.is_supported());
        assert!(Kind::Sequence.is_supported());
        assert!(Kind::State.is_supported());
        assert!(Kind::Class.is_supported());
        assert!(Kind::Er.is_supported());
        assert!(Kind::Pie.is_supported());
        assert!(!Kind::Gantt.is_supported());
        assert_eq!(Kind::Sequence.keyword(), "sequenceDiagram");
        assert_eq!(Kind::Flowchart.keyword(), "flowchart");
        assert_eq!(Kind::Class.keyword(), "classDiagram");
    }
}
