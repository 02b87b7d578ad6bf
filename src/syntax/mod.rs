//! What every family's parser shares: reading settings (front matter,
//! `%%{init}%%` directives, configuration files), the bounds on a
//! diagram's size, and the nom error type with its conversion to the
//! public [`ParseError`] (byte offsets of sub-slices, descriptions of what
//! was found).

mod diag;
mod limits;
mod preamble;
pub(crate) mod settings;

use crate::error::ParseError;
use crate::error::Span;

pub(crate) use diag::{describe, offset_in, Fail, PResult};
pub(crate) use limits::{check_input, exceeded};
pub(crate) use preamble::Preamble;
pub use limits::{Limit, Limits};

/// Reads a Mermaid configuration file: strict JSON, as `mmdc` reads it
/// (the object `mermaid.initialize` takes: `theme`, `themeVariables`,
/// `flowchart`, …). The error's span points where reading stopped in
/// `text`.
pub fn config_file(text: &str) -> Result<crate::Config, ParseError> {
    settings::config_file(text).map_err(|e| {
        let error = ParseError::new(e.message, Span::new(e.at, (e.at + 1).min(text.len())));
        match e.hint {
            Some(hint) => error.with_hint(hint),
            None => error,
        }
    })
}

/// Reads front matter YAML of any family: its `title` and `config`; `Err`
/// is the message and the byte offset in `yaml` where reading stopped.
pub(crate) fn front_matter_settings(
    yaml: &str,
) -> Result<(Option<String>, crate::Config), (String, usize)> {
    settings::front_matter(yaml).map_err(|e| (e.message, e.at))
}

/// Reads a `%%{…}%%` body of any family (`init`, `initialize`, `wrap`);
/// `Err` is the message and the byte offset in `body` of the mistake.
pub(crate) fn directive_settings(body: &str) -> Result<Option<crate::Config>, (String, usize)> {
    settings::directive(body).map_err(|e| (e.message, e.at))
}
