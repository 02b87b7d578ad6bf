//! Mermaid blocks of arbitrary Markdown: replacing each block with its own
//! text gives back the document, and every source offset of a block maps
//! to a character boundary inside the document.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mermaid_render::markdown::{blocks, replace};

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = std::str::from_utf8(data) else {
        return;
    };
    let found = blocks(doc);
    let mut last_end = 0;
    for b in &found {
        assert!(
            last_end <= b.range.start && b.range.start <= b.range.end && b.range.end <= doc.len(),
            "block range {:?} out of order or outside the document",
            b.range
        );
        assert!(doc.is_char_boundary(b.range.start) && doc.is_char_boundary(b.range.end));
        last_end = b.range.end;
        for offset in (0..=b.source.len()).filter(|&k| b.source.is_char_boundary(k)) {
            let at = b.document_offset(offset);
            assert!(
                at <= doc.len() && doc.is_char_boundary(at),
                "offset {offset} of block {:?} maps to {at}, not a char boundary of the document",
                b.range
            );
            assert!(
                b.range.start <= at && at <= b.range.end,
                "offset {offset} maps to {at}, outside its block {:?}",
                b.range
            );
        }
    }
    let same = replace(doc, &found, |_, b| doc[b.range.clone()].to_string());
    assert_eq!(
        same, doc,
        "replacing blocks with themselves changed the document"
    );
});
