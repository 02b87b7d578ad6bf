//! Mermaid diagrams inside Markdown: finding the ```` ```mermaid ```` and
//! `~~~mermaid` fenced blocks of a document, mapping positions inside a
//! block back to the document, and replacing blocks while leaving every
//! other byte alone.
//!
//! Blocks are found by a CommonMark parser (`pulldown-cmark`), so fences
//! inside lists and block quotes count, and a `mermaid` example shown inside
//! a longer fence (```` ```` ````) or an indented code block does not.
//!
//! ```
//! let doc = "# Title\n\n```mermaid\ngraph LR\n  A --> B\n```\n\nText.\n";
//! let blocks = mermaid_render::markdown::blocks(doc);
//! assert_eq!(blocks.len(), 1);
//! assert_eq!(blocks[0].source, "graph LR\n  A --> B\n");
//! let out = mermaid_render::markdown::replace(doc, &blocks, |_, _| "![diagram](d-1.svg)".into());
//! assert_eq!(out, "# Title\n\n![diagram](d-1.svg)\n\nText.\n");
//! ```

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use crate::error::Span;
use crate::ParseError;

/// One Mermaid block of a Markdown document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Its place among the document's Mermaid blocks, from 0.
    pub index: usize,
    /// The whole block in the document: from its opening fence to the end
    /// of its closing fence, the line break after it not included.
    pub range: Range<usize>,
    /// The diagram text, as a Markdown renderer sees it (indentation and
    /// block-quote markers removed).
    pub source: String,
    /// Pieces of `source` with the document offset each begins at, in order:
    /// `(offset in source, offset in document, copied)`. A copied piece is
    /// the document's bytes unchanged; any other piece (spaces the parser
    /// made of a tab) maps as a whole to its document offset.
    pieces: Vec<(usize, usize, bool)>,
}

impl Block {
    /// The document byte offset of byte `offset` of [`Block::source`],
    /// always inside [`Block::range`].
    pub fn document_offset(&self, offset: usize) -> usize {
        let i = self
            .pieces
            .partition_point(|&(start, _, _)| start <= offset)
            .saturating_sub(1);
        let at = match self.pieces.get(i) {
            Some(&(start, doc, true)) => doc + (offset - start.min(offset)),
            Some(&(_, doc, false)) => doc,
            None => self.range.start,
        };
        // The text of a fence left open runs to the end of the document,
        // past the range (which leaves out the final line break).
        at.min(self.range.end)
    }

    /// `error`, found in [`Block::source`], with its span moved to the
    /// document, so `error.display(file, document)` points into the
    /// Markdown file.
    pub fn to_document(&self, error: &ParseError) -> ParseError {
        let start = self.document_offset(error.span.start);
        let end = self.document_offset(error.span.end).max(start);
        ParseError {
            span: Span { start, end },
            ..error.clone()
        }
    }
}

/// Every Mermaid block of `document`, in document order. A block's info
/// string must begin with the word `mermaid` (as on GitHub and in mdBook).
pub fn blocks(document: &str) -> Vec<Block> {
    let mut found = Vec::new();
    let mut open: Option<Block> = None;
    for (event, range) in Parser::new(document).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if info.split_whitespace().next() == Some("mermaid") =>
            {
                open = Some(Block {
                    index: found.len(),
                    range: range.clone(),
                    source: String::new(),
                    pieces: Vec::new(),
                });
            }
            Event::Text(text) => {
                if let Some(block) = &mut open {
                    // The text is the source slice, except where the
                    // parser removed indentation or expanded a tab (into
                    // spaces that have no bytes of their own to map to).
                    let raw = document.get(range.clone()).unwrap_or("");
                    let (head, tail) = common_ends(raw, &text);
                    let at = block.source.len();
                    if head > 0 {
                        block.pieces.push((at, range.start, true));
                    }
                    if head + tail < text.len() {
                        block.pieces.push((at + head, range.start + head, false));
                    }
                    if tail > 0 {
                        block
                            .pieces
                            .push((at + text.len() - tail, range.end - tail, true));
                    }
                    block.source.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(mut block) = open.take() {
                    let whole = document.get(block.range.start..range.end).unwrap_or("");
                    let kept = whole.trim_end_matches(['\n', '\r']).len();
                    block.range.end = block.range.start + kept;
                    found.push(block);
                }
            }
            _ => {}
        }
    }
    found
}

/// Byte lengths of the longest common prefix and, in the rest, the longest
/// common suffix of `a` and `b`, in whole characters.
fn common_ends(a: &str, b: &str) -> (usize, usize) {
    let head: usize = a
        .chars()
        .zip(b.chars())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum();
    let tail = a[head..]
        .chars()
        .rev()
        .zip(b[head..].chars().rev())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum();
    (head, tail)
}

/// `document` with each of `blocks` replaced by `replacement(index, block)`
/// (index from 0); every byte outside the blocks is kept as it was.
/// `blocks` must come from [`blocks`] on the same document.
pub fn replace(
    document: &str,
    blocks: &[Block],
    mut replacement: impl FnMut(usize, &Block) -> String,
) -> String {
    let mut out = String::with_capacity(document.len());
    let mut at = 0;
    for (i, block) in blocks.iter().enumerate() {
        let Some(kept) = document.get(at..block.range.start) else {
            continue;
        };
        out.push_str(kept);
        out.push_str(&replacement(i, block));
        at = block.range.end;
    }
    out.push_str(document.get(at..).unwrap_or(""));
    out
}

/// A Markdown image link, `![alt](url)`, with `alt` escaped so brackets and
/// backslashes in a diagram title cannot end it early, and `url` wrapped in
/// angle brackets when it holds spaces or parentheses.
pub fn image_link(alt: &str, url: &str) -> String {
    let mut escaped = String::with_capacity(alt.len());
    for c in alt.chars() {
        match c {
            '[' | ']' | '\\' => {
                escaped.push('\\');
                escaped.push(c);
            }
            '\n' | '\r' => escaped.push(' '),
            _ => escaped.push(c),
        }
    }
    if url.contains([' ', '(', ')', '<', '>']) {
        let url = url.replace('<', "%3C").replace('>', "%3E");
        format!("![{escaped}](<{url}>)")
    } else {
        format!("![{escaped}]({url})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backtick_and_tilde_fences_are_found_in_order() {
        let doc = "a\n```mermaid\ngraph TD\nA\n```\nb\n~~~ mermaid {.big}\ngraph LR\nB\n~~~\n";
        let found = blocks(doc);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].source, "graph TD\nA\n");
        assert_eq!(found[1].source, "graph LR\nB\n");
        assert_eq!(&doc[found[0].range.clone()], "```mermaid\ngraph TD\nA\n```");
        assert_eq!(
            &doc[found[1].range.clone()],
            "~~~ mermaid {.big}\ngraph LR\nB\n~~~"
        );
    }

    #[test]
    fn other_languages_and_nested_examples_are_not_blocks() {
        let doc = "````markdown\n```mermaid\ngraph TD\n```\n````\n\n    ```mermaid\n    indented code\n    ```\n\n```rust\nfn main() {}\n```\n\n```mermaidx\ngraph TD\n```\n";
        assert!(blocks(doc).is_empty());
    }

    #[test]
    fn offsets_map_back_through_indentation_and_quotes() {
        let doc = "- item\n\n  ```mermaid\n  graph TD\n  A-->B\n  ```\n\n> ```mermaid\n> graph LR\n> C\n> ```\n";
        let found = blocks(doc);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].source, "graph TD\nA-->B\n");
        let b = found[0].source.find('B').unwrap();
        assert_eq!(&doc[found[0].document_offset(b)..][..1], "B");
        assert_eq!(found[1].source, "graph LR\nC\n");
        let c = found[1].source.find('C').unwrap();
        assert_eq!(&doc[found[1].document_offset(c)..][..1], "C");
    }

    #[test]
    fn replacing_keeps_every_other_byte() {
        let doc = "\u{feff}x\r\n```mermaid\r\ngraph TD\r\n```\r\ny  \n";
        let found = blocks(doc);
        assert_eq!(found.len(), 1);
        let out = replace(doc, &found, |i, _| format!("[{i}]"));
        assert_eq!(out, "\u{feff}x\r\n[0]\r\ny  \n");
    }

    #[test]
    fn an_unclosed_fence_runs_to_the_end() {
        let doc = "```mermaid\ngraph TD\nA";
        let found = blocks(doc);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].source, "graph TD\nA");
        assert_eq!(found[0].range, 0..doc.len());
    }

    #[test]
    fn spaces_from_a_tab_never_map_into_the_next_character() {
        // Found by the `markdown` fuzz target: the fence is indented by one
        // column, so the tab becomes three spaces, and offsets in them used
        // to land in the middle of the two-byte 'ʼ'.
        let doc = " ```mermaid\n\tʼ";
        let found = blocks(doc);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].source, "   ʼ");
        // The parser puts the spaces, with an empty range, after the tab.
        let after_tab = doc.find('ʼ').unwrap();
        for k in 0..=3 {
            assert_eq!(found[0].document_offset(k), after_tab);
        }
        assert_eq!(found[0].document_offset(found[0].source.len()), doc.len());
    }

    #[test]
    fn the_end_of_an_unclosed_fence_maps_inside_the_block() {
        // Found by the `markdown` fuzz target.
        let doc = "```mermaid\ngraph TD\n  unclosed\n";
        let found = blocks(doc);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].range, 0..doc.len() - 1);
        let end = found[0].source.len();
        assert_eq!(found[0].document_offset(end), doc.len() - 1);
    }

    #[test]
    fn image_links_escape_their_text() {
        assert_eq!(
            image_link("a [b] \\", "x-1.svg"),
            "![a \\[b\\] \\\\](x-1.svg)"
        );
        assert_eq!(image_link("t", "my dir/x.svg"), "![t](<my dir/x.svg>)");
    }
}
