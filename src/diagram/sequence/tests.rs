//! Tests of the sequence parser: one per construct and per error, and the
//! corpus of Mermaid's own cases.

use super::model::*;
use super::parse;

mod corpus;

fn ok(src: &str) -> Sequence {
    match parse(src) {
        Ok(s) => s,
        Err(e) => panic!("{}", e.display("test", src)),
    }
}

#[test]
fn smoke() {
    let s = ok("sequenceDiagram\nA->>B: hi");
    assert_eq!(s.participants.len(), 2);
}
