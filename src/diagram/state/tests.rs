//! Tests of the state diagram slice: parsing, the grammar's examples,
//! drawing, and Mermaid's own corpus.

use super::model::*;

mod corpus;
mod draw;

/// Parses `body` after a header line, panicking with the rendered error.
fn ok(body: &str) -> StateDiagram {
    let src = format!("stateDiagram-v2\n{body}");
    match super::parse(&src, &crate::Limits::default()) {
        Ok(s) => s,
        Err(e) => panic!("{}", e.display("test", &src)),
    }
}
