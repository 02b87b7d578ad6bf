//! The integration tests, one binary (as resvg has): each module is one
//! concern (the command line, Markdown and folders, the corpus, hostile
//! input, …), sharing the helpers in `common`. One binary links once, which
//! keeps `cargo test` fast on two cores.

mod common;
#[path = "../../benches/support/generate.rs"]
mod generate;

mod cli;
mod corpus;
mod corpus_parse;
mod corpus_render;
mod fonts;
mod fuzz_regressions;
mod hostile;
mod injection;
mod layout;
mod markdown;
mod parse;
mod pdf;
mod properties;
mod render;
mod samples;
mod theme;
mod wrap;
