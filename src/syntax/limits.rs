//! Bounds on the size of one diagram, checked while parsing, so a hostile or
//! runaway input fails at once with an error that names the bound instead
//! of taking minutes or gigabytes in layout.

use crate::error::ParseError;
use crate::error::Span;

/// The most one diagram may hold. Each bound that is exceeded is a
/// [`ParseError`] whose message names the field (e.g. `max_nodes`) and whose
/// span is on the first item past it. The defaults are far above any
/// diagram a person draws; raise a field to accept more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Longest source text, in bytes (default 10 MiB, 10,485,760 bytes).
    pub max_input_bytes: usize,
    /// Most nodes (default 100,000).
    pub max_nodes: usize,
    /// Most edges (default 200,000). `A & B --> C & D` makes four.
    pub max_edges: usize,
    /// Deepest nesting of subgraphs (default 1,000; a subgraph at top level
    /// has depth 1).
    pub max_subgraph_depth: usize,
    /// Longest label of a node, edge or subgraph, in characters (default
    /// 100,000).
    pub max_label_chars: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 10 * 1024 * 1024,
            max_nodes: 100_000,
            max_edges: 200_000,
            max_subgraph_depth: 1_000,
            max_label_chars: 100_000,
        }
    }
}

impl Limits {
    /// No bounds at all (every field `usize::MAX`), for trusted input.
    pub fn none() -> Self {
        Limits {
            max_input_bytes: usize::MAX,
            max_nodes: usize::MAX,
            max_edges: usize::MAX,
            max_subgraph_depth: usize::MAX,
            max_label_chars: usize::MAX,
        }
    }
}

/// One bound of [`Limits`], named in the error that exceeds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Limit {
    /// [`Limits::max_input_bytes`].
    InputBytes,
    /// [`Limits::max_nodes`].
    Nodes,
    /// [`Limits::max_edges`].
    Edges,
    /// [`Limits::max_subgraph_depth`].
    SubgraphDepth,
    /// [`Limits::max_label_chars`].
    LabelChars,
}

impl Limit {
    /// The field of [`Limits`] that sets this bound.
    pub fn field(self) -> &'static str {
        match self {
            Limit::InputBytes => "max_input_bytes",
            Limit::Nodes => "max_nodes",
            Limit::Edges => "max_edges",
            Limit::SubgraphDepth => "max_subgraph_depth",
            Limit::LabelChars => "max_label_chars",
        }
    }
}

/// The error for `what` past the bound `which` of `limit` units, at `span`.
pub(crate) fn exceeded(
    what: &str,
    limit: usize,
    unit: &str,
    which: Limit,
    span: Span,
) -> ParseError {
    let field = which.field();
    let mut error = ParseError::new(
        format!("{what} exceeds the limit of {limit} {unit} (Limits::{field})"),
        span,
    )
    .with_hint(format!(
        "the limit guards against runaway input; raise `{field}` in `Options::limits` to accept more"
    ));
    error.limit = Some(which);
    error
}

/// The input-size bound of `limits`, which every family's parser checks
/// first: the error points at the bytes past it.
pub(crate) fn check_input(source: &str, limits: &Limits) -> Result<(), ParseError> {
    if source.len() <= limits.max_input_bytes {
        return Ok(());
    }
    let mut at = limits.max_input_bytes;
    while !source.is_char_boundary(at) {
        at -= 1;
    }
    Err(exceeded(
        &format!("the input of {} bytes", source.len()),
        limits.max_input_bytes,
        "bytes",
        Limit::InputBytes,
        Span::new(at, source.len()),
    ))
}
