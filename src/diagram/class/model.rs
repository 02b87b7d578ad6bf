//! What a class diagram says: classes with their members, relations with
//! their ends, notes, namespaces, styles and links. Built by the parser;
//! read by layout and scene, which never fail on it.

use crate::config::Config;
use crate::diagram::style::StyleDecl;
use crate::error::{Span, Warning};
use crate::layout::Direction;

/// A parsed class diagram.
#[derive(Debug, Clone, Default)]
pub(crate) struct ClassDiagram {
    /// Classes in order of first mention.
    pub classes: Vec<Class>,
    /// Relations in source order.
    pub relations: Vec<Relation>,
    /// Notes in source order.
    pub notes: Vec<Note>,
    /// Namespaces in order of first mention; parents before children.
    pub namespaces: Vec<Namespace>,
    /// `direction` (TB when absent).
    pub direction: Direction,
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

/// One class box.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Class {
    /// The id relations use.
    pub id: String,
    /// Where it is first named.
    pub span: Span,
    /// `["label"]`, when given.
    pub label: Option<String>,
    /// `~T~` after the name, raw (tildes of nested generics kept).
    pub generic: Option<String>,
    /// `<<interface>>` and the like, without the angle brackets.
    pub annotations: Vec<String>,
    /// Attributes in order.
    pub attributes: Vec<Member>,
    /// Methods in order.
    pub methods: Vec<Member>,
    /// Style classes (`:::`, `cssClass`).
    pub css_classes: Vec<String>,
    /// Declarations of `style` statements.
    pub styles: Vec<StyleDecl>,
    /// `click … href` / `link`.
    pub link: Option<ClassLink>,
    /// Tooltip of a link or callback.
    pub tooltip: Option<String>,
    /// Innermost namespace.
    pub namespace: Option<usize>,
    /// An interface named only at the lollipop end of relations
    /// (`bar ()-- foo`): drawn as its name, not as a class box.
    pub interface: bool,
}

impl Class {
    /// A class `id` first named at `span`, with nothing else yet.
    pub fn new(id: String, span: Span) -> Class {
        Class {
            id,
            span,
            label: None,
            generic: None,
            annotations: Vec::new(),
            attributes: Vec::new(),
            methods: Vec::new(),
            css_classes: Vec::new(),
            styles: Vec::new(),
            link: None,
            tooltip: None,
            namespace: None,
            interface: false,
        }
    }

    /// The title line as Mermaid shows it: the label, else the id, with
    /// the generic as `<…>`.
    pub fn title(&self) -> String {
        let base = self.label.clone().unwrap_or_else(|| self.id.clone());
        match &self.generic {
            Some(g) => format!("{base}<{}>", super::member::generics(g)),
            None => base,
        }
    }
}

/// A link from a class box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ClassLink {
    /// The address as written (the scene's writer checks its scheme).
    pub href: String,
    /// `_blank`, `_self`, `_parent`, `_top`.
    pub target: Option<String>,
}

/// Attribute or method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MemberKind {
    /// No parentheses.
    Attribute,
    /// With `(…)`.
    Method,
}

/// `$` or `*` on a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Classifier {
    /// `$`: shown underlined.
    Static,
    /// `*`: shown italic.
    Abstract,
}

/// One line of a class's compartments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Member {
    /// Attribute or method.
    pub kind: MemberKind,
    /// The text as written, trimmed.
    pub raw: String,
    /// What is shown (generics as `<…>`, return type after ` : `).
    pub display: String,
    /// Static or abstract.
    pub classifier: Option<Classifier>,
    /// Where it is written.
    pub span: Span,
}

/// The shape at one end of a relation line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EndKind {
    /// A plain end.
    None,
    /// `<|` / `|>`: hollow triangle.
    Extension,
    /// `*`: filled diamond.
    Composition,
    /// `o`: hollow diamond.
    Aggregation,
    /// `<` / `>`: arrowhead.
    Dependency,
    /// `()`: lollipop circle.
    Lollipop,
}

/// One relation line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Relation {
    /// Class written first (index into `classes`).
    pub from: usize,
    /// Class written second.
    pub to: usize,
    /// The end drawn at `from`.
    pub from_end: EndKind,
    /// The end drawn at `to`.
    pub to_end: EndKind,
    /// `..` instead of `--`.
    pub dashed: bool,
    /// Cardinality near `from`.
    pub from_card: Option<String>,
    /// Cardinality near `to`.
    pub to_card: Option<String>,
    /// The label after `:`.
    pub label: Option<String>,
    /// The statement.
    pub span: Span,
}

/// A note.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Note {
    /// Its text, `\n` and `<br>` still in it.
    pub text: String,
    /// The class it is attached to.
    pub class: Option<usize>,
    /// The statement.
    pub span: Span,
}

/// A namespace box.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Namespace {
    /// Its full id (dotted parts joined).
    pub id: String,
    /// The title shown.
    pub label: String,
    /// Enclosing namespace.
    pub parent: Option<usize>,
    /// Named whole by a `namespace` block (not only a dotted name's
    /// leading part).
    pub declared: bool,
    /// Where it is named.
    pub span: Span,
}

impl ClassDiagram {
    /// The namespaces as `hierarchicalNamespaces: false` draws them: one
    /// frame per namespace block, titled with its whole dotted name, under
    /// the nearest enclosing block; the leading parts of dotted names get
    /// no frame of their own.
    pub fn flatten_namespaces(&mut self) {
        let mut new_index = vec![None; self.namespaces.len()];
        let mut kept = Vec::new();
        for (k, n) in self.namespaces.iter().enumerate() {
            if n.declared {
                new_index[k] = Some(kept.len());
                kept.push(k);
            }
        }
        // The nearest kept namespace at or above `k`.
        let nearest = |mut k: Option<usize>, ns: &[Namespace]| {
            while let Some(i) = k {
                if new_index[i].is_some() {
                    return new_index[i];
                }
                k = ns[i].parent;
            }
            None
        };
        let flat: Vec<Namespace> = kept
            .iter()
            .map(|&k| {
                let n = &self.namespaces[k];
                // A label of its own stays; a name's last part becomes
                // the whole name.
                let label = if n.label == n.id.rsplit('.').next().unwrap_or("") {
                    n.id.clone()
                } else {
                    n.label.clone()
                };
                Namespace {
                    id: n.id.clone(),
                    label,
                    parent: nearest(n.parent, &self.namespaces),
                    declared: true,
                    span: n.span,
                }
            })
            .collect();
        for c in &mut self.classes {
            c.namespace = nearest(c.namespace, &self.namespaces);
        }
        self.namespaces = flat;
    }
}
