//! What an entity relationship diagram says: entities with their
//! attribute tables, relationships with a cardinality at each end, styles.
//! Built by the parser; read by layout and scene, which never fail on it.

use crate::config::Config;
use crate::diagram::style::StyleDecl;
use crate::error::{Span, Warning};
use crate::layout::Direction;

/// A parsed ER diagram.
#[derive(Debug, Clone, Default)]
pub(crate) struct ErDiagram {
    /// Entities in order of first mention.
    pub entities: Vec<Entity>,
    /// Relationships in source order.
    pub relationships: Vec<Relationship>,
    /// `direction` (TB when absent).
    pub direction: Direction,
    /// Whether a `direction` statement set it (else `er.layoutDirection`
    /// may).
    pub direction_given: bool,
    /// Front matter `title`.
    pub title: Option<String>,
    /// `accTitle`.
    pub acc_title: Option<String>,
    /// `accDescr`.
    pub acc_descr: Option<String>,
    /// `classDef` statements in order: names and declarations.
    pub class_defs: Vec<(String, Vec<StyleDecl>)>,
    /// Settings from front matter and directives.
    pub config: Config,
    /// Findings that do not stop the diagram.
    pub warnings: Vec<Warning>,
}

/// One entity box.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entity {
    /// The name relationships use (without quotes).
    pub id: String,
    /// Where it is first named.
    pub span: Span,
    /// `[Label]` or `["Label"]`, when given.
    pub alias: Option<String>,
    /// Attribute rows in order.
    pub attributes: Vec<Attribute>,
    /// Style classes (`:::`, `class`).
    pub css_classes: Vec<String>,
    /// Declarations of `style` statements.
    pub styles: Vec<StyleDecl>,
}

impl Entity {
    /// The header text: the alias, else the name.
    pub fn title(&self) -> &str {
        self.alias.as_deref().unwrap_or(&self.id)
    }
}

/// One row of an entity's attribute table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Attribute {
    /// The type, as written (`string(99)`, `type~T~`).
    pub ty: String,
    /// The name, as written.
    pub name: String,
    /// `PK`, `FK`, `UK` in order.
    pub keys: Vec<String>,
    /// The quoted comment's inside.
    pub comment: Option<String>,
    /// Where the row is written.
    pub span: Span,
}

/// How many of an entity one end of a relationship allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cardinality {
    /// `|o` / `o|`: a bar and a circle.
    ZeroOrOne,
    /// `||`: two bars.
    ExactlyOne,
    /// `}o` / `o{`: a crow's foot and a circle.
    ZeroOrMore,
    /// `}|` / `|{`: a crow's foot and a bar.
    OneOrMore,
    /// `u`: the parent side of a (MD) relationship, drawn without a mark.
    MdParent,
}

/// One relationship line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Relationship {
    /// Entity written first (index into `entities`).
    pub from: usize,
    /// Entity written second.
    pub to: usize,
    /// The cardinality drawn at `from`.
    pub from_card: Cardinality,
    /// The cardinality drawn at `to`.
    pub to_card: Cardinality,
    /// `--` / `to` (solid) rather than `..` / `optionally to` (dashed).
    pub identifying: bool,
    /// The label after `:` (quotes removed; may be empty).
    pub label: String,
    /// The statement.
    pub span: Span,
}
