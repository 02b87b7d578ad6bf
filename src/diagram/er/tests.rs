//! Tests of the ER diagram slice: parsing per construct and per error,
//! the grammar's examples, the geometry a reader relies on, and Mermaid's
//! own corpus.

use super::layout::{self, Geometry, Settings};
use super::model::*;
use super::parse;
use crate::config::Config;

mod corpus;

/// Parses `body` after a header line, panicking with the rendered error.
fn ok(body: &str) -> ErDiagram {
    let src = format!("erDiagram\n{body}");
    match parse(&src) {
        Ok(d) => d,
        Err(e) => panic!("{}", e.display("test", &src)),
    }
}

/// The error of `body` after a header line: line, column and message.
fn err(body: &str) -> (usize, usize, String) {
    let src = format!("erDiagram\n{body}");
    let e = parse(&src).expect_err("should fail");
    let (line, col) = crate::line_col(&src, e.span.start);
    (line, col, e.message.clone())
}

fn laid_out(body: &str) -> (ErDiagram, Geometry) {
    let d = ok(body);
    let g = layout::layout(&d, &Settings::from_config(&Config::default()));
    (d, g)
}

#[test]
fn placeholder() {
    let _ = (ok("A"), laid_out("A"));
    let _ = err("A ~");
}
