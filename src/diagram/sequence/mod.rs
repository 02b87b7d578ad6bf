//! Sequence diagrams: participants side by side, messages between their
//! lifelines top to bottom. This folder holds the parser and the model;
//! layout and drawing build on [`model::Sequence`].

mod build;
mod lex;
pub(crate) mod model;
mod parse;
mod statement;

pub(crate) use parse::parse;

#[cfg(test)]
mod tests;
