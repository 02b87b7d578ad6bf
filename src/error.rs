//! Errors: only parsing and I/O can fail. Parse errors carry byte spans and
//! turn into `file:line:col` only when printed.

/// A syntax error in diagram source, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// What went wrong, e.g. `expected ']' to close '['`.
    pub message: String,
    /// The offending token (for an unclosed bracket: the opening bracket).
    pub span: Span,
    /// A guess at the fix, if we have one.
    pub hint: Option<String>,
    /// The bound of [`crate::Limits`] the diagram exceeds, when that is the
    /// error (so a front end can name its own option for it).
    pub limit: Option<crate::syntax::Limit>,
}

impl ParseError {
    /// An error at `span`.
    pub fn new(message: impl Into<String>, span: Span) -> Self {
        ParseError {
            message: message.into(),
            span,
            hint: None,
            limit: None,
        }
    }

    /// The same error with a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// 1-based line and column (in characters) of the error's start in `source`.
    pub fn line_col(&self, source: &str) -> (usize, usize) {
        line_col(source, self.span.start)
    }

    /// Formats the error like rustc: `name:line:col: error: message`, the
    /// source line, a caret under the offending token, and the hint.
    pub fn display(&self, name: &str, source: &str) -> String {
        let (line, col) = self.line_col(source);
        let text = source.lines().nth(line - 1).unwrap_or("");
        let gutter = line.to_string();
        let pad = " ".repeat(gutter.len());
        let caret_pad: String = text
            .chars()
            .take(col - 1)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let len = source
            .get(self.span.start..self.span.end.min(source.len()))
            .map_or(1, |s| s.lines().next().unwrap_or("").chars().count())
            .max(1);
        let mut out = format!(
            "{name}:{line}:{col}: error: {msg}\n{pad} |\n{gutter} | {text}\n{pad} | {caret_pad}{carets}\n",
            msg = self.message,
            carets = "^".repeat(len)
        );
        if let Some(hint) = &self.hint {
            out.push_str(&format!("{pad} = help: {hint}\n"));
        }
        out
    }
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseError {}

/// 1-based line and column (in characters) of byte `offset` in `source`.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// Everything the library can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The diagram source is not valid.
    #[error("{0}")]
    Parse(#[from] ParseError),
    /// The SVG could not be turned into a PNG (e.g. a size of zero or one
    /// too large to allocate).
    #[error("cannot rasterise: {0}")]
    Raster(String),
    /// The PDF could not be written (the font could not be embedded).
    #[error("cannot write the PDF: {0}")]
    Pdf(String),
    /// The diagram is of a family this crate cannot draw yet.
    #[error("{}", .0.error().message)]
    Unsupported(Unsupported),
    /// A font given to [`crate::add_fonts`] cannot be used.
    #[error("{0}")]
    Font(String),
}

/// A diagram of a family this crate cannot draw yet: which family, and
/// the header word that names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported {
    /// The family.
    pub kind: crate::Kind,
    /// The header word as written (`sequenceDiagram`, `stateDiagram-v2`).
    pub keyword: String,
    /// Where that word is in the source.
    pub span: Span,
}

impl Unsupported {
    /// The same finding as a diagnostic at the header word: `KEYWORD is
    /// not supported yet`, with a hint naming what is drawn.
    pub fn error(&self) -> ParseError {
        ParseError::new(
            format!("{} is not supported yet", self.keyword),
            self.span,
        )
        .with_hint("mermaid-render draws flowcharts ('flowchart', 'graph'), sequence, class, state and ER diagrams, pie charts, timelines and user journeys so far; in Markdown, folder and mdBook runs such a block is kept as code")
    }
}

/// A byte range `start..end` in the original source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (byte offsets).
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
}

/// Something odd but not fatal, found while parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// What is odd.
    pub message: String,
    /// Where in the source, when the finding has a place (a setting the
    /// caller gave, or one the whole diagram shares, has none).
    pub span: Option<Span>,
}
