//! What every graph family's `classDef` and `style` statements make:
//! CSS declarations the scene checks and writes (flowchart, state, and
//! the class and ER diagrams to come).

use crate::error::Span;

/// One CSS declaration from `style`, `classDef` or `linkStyle`, e.g.
/// `fill:#e8f5e8` as `("fill", "#e8f5e8")`. Both sides are trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StyleDecl {
    /// Property name, lower case (`fill`, `stroke-width`, `color`).
    pub property: String,
    /// Value as written (`#e8f5e8`, `4px`).
    pub value: String,
}

/// A `classDef name[,name] css` statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassDef {
    /// Class name (`default` applies to every node without a class).
    pub name: String,
    /// Its declarations, in source order.
    pub styles: Vec<StyleDecl>,
    /// The statement.
    pub span: Span,
}
