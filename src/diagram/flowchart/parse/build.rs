//! Applies statements to the [`Flowchart`] being built, with Mermaid's
//! semantics: nodes are created on first mention, later shapes and labels
//! win, a node belongs to the first subgraph (in order of their `end`) whose
//! block mentions it, and generated subgraph ids count every subgraph
//! closed before (`subGraph0`, `subGraph1`, …).

use std::collections::{HashMap, HashSet};

use crate::syntax::offset_in;
use super::lexical::RawText;
use crate::syntax::{exceeded, Limit, Limits};
use super::link::LinkTok;
use super::node::{NodeData, VertexTok};
use crate::syntax::settings;
use super::statement::{ClickTok, Stmt};
use crate::error::ParseError;
use crate::sanitize::link_is_safe;
use crate::diagram::flowchart::model::{
    ClassDef, Click, ClickAction, Curve, Direction, Edge, Flowchart, Label,
    LabelKind, Node, Shape, Span, StyleDecl, Subgraph, SubgraphId, Warning,
};

/// One open `subgraph` block.
struct Open {
    /// Its index in `Flowchart::subgraphs`.
    index: SubgraphId,
    /// The id written in the source, if any.
    explicit_id: Option<String>,
    /// Ids mentioned by vertex statements of this block, in order.
    mentions: Vec<String>,
    /// The same, for de-duplication.
    seen: HashSet<String>,
}

/// A `click` waiting for the end of the input (its node may come later).
struct PendingClick {
    ids: String,
    click: Click,
}

/// The flowchart under construction.
pub(crate) struct Builder<'s> {
    /// The whole source (spans are offsets into it).
    src: &'s str,
    /// Bounds on the diagram's size.
    limits: Limits,
    /// The first bound found exceeded inside a statement, reported when
    /// the statement is done.
    over_limit: Option<ParseError>,
    /// The result.
    pub chart: Flowchart,
    /// Node id to index in `chart.nodes`.
    node_index: HashMap<String, usize>,
    /// Open subgraphs, innermost last (an explicit stack: no recursion).
    open: Vec<Open>,
    /// Subgraphs closed so far (Mermaid's `subCount`).
    closed: usize,
    /// Clicks to apply at the end.
    clicks: Vec<PendingClick>,
    /// `linkStyle default` declarations.
    default_link_styles: Vec<StyleDecl>,
    /// `linkStyle default interpolate …`.
    default_curve: Option<Curve>,
    /// Edge ids (`e1@-->`) to the edges that carry them, in order.
    edge_ids: HashMap<String, Vec<usize>>,
    /// Mermaid's generated edge ids (`L_A_B_0`) to the first edge of each.
    generated_edge_ids: HashMap<String, usize>,
    /// Edges so far between each `(from, to)` pair, for generated ids.
    pair_count: HashMap<(String, String), usize>,
    /// Subgraph ids to the subgraphs that carry them, in order.
    subgraph_ids: HashMap<String, Vec<SubgraphId>>,
}

impl<'s> Builder<'s> {
    /// An empty builder over `src`, holding the diagram within `limits`.
    pub fn new(src: &'s str, limits: Limits) -> Self {
        Builder {
            src,
            limits,
            over_limit: None,
            chart: Flowchart::default(),
            node_index: HashMap::new(),
            open: Vec::new(),
            closed: 0,
            clicks: Vec::new(),
            default_link_styles: Vec::new(),
            default_curve: None,
            edge_ids: HashMap::new(),
            generated_edge_ids: HashMap::new(),
            pair_count: HashMap::new(),
            subgraph_ids: HashMap::new(),
        }
    }

    /// The span of `part`, a slice of the source.
    pub fn span(&self, part: &str) -> Span {
        let start = offset_in(self.src, part);
        Span::new(start, (start + part.len()).min(self.src.len()))
    }

    /// A warning at `part`.
    pub fn warn(&mut self, message: impl Into<String>, part: &str) {
        let span = self.span(part);
        self.chart.warnings.push(Warning {
            message: message.into(),
            span: Some(span),
        });
    }

    fn label(&mut self, t: &RawText<'_>) -> Label {
        let span = self.span(t.at);
        self.check_label(&t.text, span);
        Label {
            text: t.text.clone(),
            kind: t.kind,
            span,
        }
    }

    /// Records an error if `text` is longer than the label limit.
    fn check_label(&mut self, text: &str, span: Span) {
        // Bytes bound characters from above: count only when it may matter.
        if text.len() > self.limits.max_label_chars {
            let chars = text.chars().count();
            if chars > self.limits.max_label_chars {
                self.over(exceeded(
                    &format!("a label of {chars} characters"),
                    self.limits.max_label_chars,
                    "characters",
                    Limit::LabelChars,
                    span,
                ));
            }
        }
    }

    /// Keeps the first limit error.
    fn over(&mut self, error: ParseError) {
        if self.over_limit.is_none() {
            self.over_limit = Some(error);
        }
    }

    /// Applies one statement; fails on a syntax error or an exceeded limit.
    pub fn apply(&mut self, stmt: Stmt<'_>) -> Result<(), ParseError> {
        self.apply_statement(stmt)?;
        match self.over_limit.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    fn apply_statement(&mut self, stmt: Stmt<'_>) -> Result<(), ParseError> {
        match stmt {
            Stmt::Chain { groups, links } => self.chain(&groups, &links),
            Stmt::Style { ids, css, at } => {
                let styles = self.css(css);
                for id in ids {
                    // Mermaid creates the vertex a `style` names.
                    let k = self.node(id, at);
                    self.chart.nodes[k].styles.extend(styles.iter().cloned());
                }
                Ok(())
            }
            Stmt::ClassDef { names, css, at } => {
                let styles = self.css(css);
                let span = self.span(at);
                for name in names {
                    self.chart.class_defs.push(ClassDef {
                        name: name.to_string(),
                        styles: styles.clone(),
                        span,
                    });
                }
                Ok(())
            }
            Stmt::Class { ids, class, at } => {
                for id in ids {
                    self.add_class(id, class, at);
                }
                Ok(())
            }
            Stmt::LinkStyle {
                indexes,
                curve,
                css,
                at,
            } => self.link_style(indexes, curve, css, at),
            Stmt::Click {
                ids,
                action,
                tooltip,
                at,
            } => {
                let action = match action {
                    ClickTok::Href { url, .. } if !link_is_safe(&url) => {
                        // Shown escaped and cut short: it is hostile text.
                        let shown: String = url.chars().take(60).collect();
                        self.warn(
                            format!(
                                "link \"{}\" of 'click {ids}' is dropped: only http, https, \
                                 mailto and relative links are kept",
                                shown.escape_debug()
                            ),
                            at,
                        );
                        return Ok(());
                    }
                    ClickTok::Href { url, target } => ClickAction::Href {
                        url,
                        target: target.map(str::to_string),
                    },
                    ClickTok::Callback { name } => {
                        self.warn(
                            format!("click callback '{name}' is a script and will not run"),
                            at,
                        );
                        ClickAction::Callback {
                            name: name.to_string(),
                        }
                    }
                };
                let click = Click {
                    action,
                    tooltip,
                    span: self.span(at),
                };
                self.clicks.push(PendingClick {
                    ids: ids.to_string(),
                    click,
                });
                Ok(())
            }
            Stmt::SubgraphOpen { id, title, keyword } => {
                if self.open.len() >= self.limits.max_subgraph_depth {
                    return Err(exceeded(
                        "subgraph nesting",
                        self.limits.max_subgraph_depth,
                        "levels",
                        Limit::SubgraphDepth,
                        self.span(keyword),
                    ));
                }
                let parent = self.open.last().map(|o| o.index);
                let title = title.map(|t| self.label(&t));
                let index = self.chart.subgraphs.len();
                if let Some(id) = id {
                    self.subgraph_ids
                        .entry(id.to_string())
                        .or_default()
                        .push(index);
                }
                self.chart.subgraphs.push(Subgraph {
                    id: id.unwrap_or_default().to_string(),
                    title,
                    direction: None,
                    parent,
                    classes: Vec::new(),
                    styles: Vec::new(),
                    span: self.span(keyword),
                });
                self.open.push(Open {
                    index,
                    explicit_id: id.map(str::to_string),
                    mentions: Vec::new(),
                    seen: HashSet::new(),
                });
                Ok(())
            }
            Stmt::End { at } => self.close(at),
            Stmt::Direction { dir, at } => {
                match self.open.last() {
                    Some(o) => self.chart.subgraphs[o.index].direction = Some(dir),
                    None => self.warn(
                        format!(
                            "'direction {}' outside a subgraph has no effect; set it in the header",
                            dir.as_str()
                        ),
                        at,
                    ),
                }
                Ok(())
            }
            Stmt::AccTitle(t) => {
                self.chart.acc_title = Some(t);
                Ok(())
            }
            Stmt::AccDescr(t) => {
                self.chart.acc_descr = Some(t);
                Ok(())
            }
            Stmt::Directive { body, at } => {
                self.directive(body, at);
                Ok(())
            }
        }
    }

    /// Merges a `%%{init}%%` directive into the config (or warns).
    pub fn directive(&mut self, body: &str, at: &str) {
        match settings::directive(body) {
            Ok(Some(c)) => self.chart.config.merge(&c),
            Ok(None) => {}
            Err(e) => {
                // At the place reading stopped, inside the directive.
                let len = body[e.at..].chars().next().map_or(0, char::len_utf8);
                let part = if e.at < body.len() {
                    &body[e.at..e.at + len]
                } else {
                    at
                };
                self.warn(format!("directive ignored: {}", e.message), part);
            }
        }
    }

    /// The index of node `id`, creating it (first seen at `at`) if needed.
    fn node(&mut self, id: &str, at: &str) -> usize {
        if let Some(&k) = self.node_index.get(id) {
            return k;
        }
        let k = self.chart.nodes.len();
        let span = self.span(at);
        if k == self.limits.max_nodes {
            self.over(exceeded(
                &format!("node '{id}'"),
                self.limits.max_nodes,
                "nodes",
                Limit::Nodes,
                span,
            ));
        }
        self.chart.nodes.push(Node::new(id, span));
        self.node_index.insert(id.to_string(), k);
        k
    }

    /// Records that the innermost open block mentions `id`.
    fn mention(&mut self, id: &str) {
        if let Some(o) = self.open.last_mut() {
            if o.seen.insert(id.to_string()) {
                o.mentions.push(id.to_string());
            }
        }
    }

    fn chain(
        &mut self,
        groups: &[Vec<VertexTok<'_>>],
        links: &[LinkTok<'_>],
    ) -> Result<(), ParseError> {
        // `e1@{ … }` alone on a statement: edge data when e1 names an edge.
        if links.is_empty() && groups.len() == 1 && groups[0].len() == 1 {
            let v = &groups[0][0];
            if v.shape.is_none() && v.classes.is_empty() && !v.data.is_empty() {
                if let Some(e) = self.edge_by_id(v.id) {
                    for d in &v.data {
                        self.edge_data(e, d);
                    }
                    return Ok(());
                }
            }
        }
        for group in groups {
            for v in group {
                self.vertex(v);
            }
        }
        for (k, link) in links.iter().enumerate() {
            let starts = &groups[k];
            let ends = &groups[k + 1];
            for (si, s) in starts.iter().enumerate() {
                for (ei, e) in ends.iter().enumerate() {
                    // Checked edge by edge: `A & B & … --> C & D & …` makes
                    // every pair, so a short line can ask for millions.
                    if self.chart.edges.len() >= self.limits.max_edges {
                        return Err(exceeded(
                            "this link",
                            self.limits.max_edges,
                            "edges",
                            Limit::Edges,
                            self.span(link.at),
                        ));
                    }
                    let mut edge = Edge::new(s.id, e.id, self.span(link.at));
                    // only the last start x first end pair takes the id
                    if si + 1 == starts.len() && ei == 0 {
                        edge.id = link.id.map(str::to_string);
                    }
                    edge.stroke = link.stroke;
                    edge.start = link.start;
                    edge.end = link.end;
                    edge.length = link.length;
                    edge.label = link.label.as_ref().map(|t| self.label(t));
                    self.push_edge(edge);
                }
            }
        }
        Ok(())
    }

    /// One node occurrence: create or update it.
    fn vertex(&mut self, v: &VertexTok<'_>) {
        let k = self.node(v.id, v.at);
        if let Some((shape, text)) = &v.shape {
            let label = self.label(text);
            let node = &mut self.chart.nodes[k];
            node.shape = *shape;
            node.label = Some(label);
        }
        for c in &v.classes {
            self.chart.nodes[k].classes.push(c.to_string());
        }
        for d in &v.data {
            self.node_data(k, d);
        }
        self.mention(v.id);
    }

    /// Applies `@{ … }` to node `k` (shape names were checked by the parser).
    fn node_data(&mut self, k: usize, d: &NodeData<'_>) {
        let label_kind = match d.get("labelType") {
            Some("string") | Some("text") => LabelKind::Text,
            _ => LabelKind::Markdown,
        };
        let label_entry = d.entries.iter().rev().find(|(k, _, _)| *k == "label");
        let label = label_entry.map(|(_, v, at)| Label {
            text: v.clone(),
            kind: label_kind,
            span: self.span(at),
        });
        if let Some(l) = &label {
            self.check_label(&l.text, l.span);
        }
        let node = &mut self.chart.nodes[k];
        if let Some(shape) = d.get("shape").and_then(super::node::shape_by_name) {
            node.shape = shape;
        }
        let has_label = label.as_ref().is_some_and(|l| !l.text.trim().is_empty());
        if let Some(l) = label {
            node.label = Some(l);
        }
        let shows_id = node.label.as_ref().is_none_or(|l| l.text == node.id);
        let span = node.span;
        if let Some(icon) = d.get("icon") {
            node.icon = Some(icon.to_string());
            if d.get("shape").is_none() {
                node.shape = Shape::Icon;
            }
            if !has_label && shows_id {
                node.label = Some(Label::plain("", span));
            }
        }
        if let Some(img) = d.get("img") {
            node.image = Some(img.to_string());
            if d.get("shape").is_none() {
                node.shape = Shape::Image;
            }
            if !has_label && shows_id {
                node.label = Some(Label::plain("", span));
            }
        }
        if let Some(pos) = d.get("pos") {
            node.label_on_top = pos == "t";
        }
        let num = |key: &str| {
            d.get(key)
                .and_then(|v| v.trim().trim_end_matches("px").parse::<f32>().ok())
                .filter(|v| v.is_finite() && *v > 0.0)
        };
        match (num("w"), num("h")) {
            (Some(w), Some(h)) => node.asset_size = Some((w, h)),
            (Some(w), None) => node.asset_size = Some((w, w)),
            (None, Some(h)) => node.asset_size = Some((h, h)),
            (None, None) => {}
        }
    }

    /// Adds an edge, indexing its id (or the id Mermaid generates for an
    /// unnamed edge: `L_<from>_<to>_<n>`, n = 0 for the first edge between
    /// the pair, then 2, 3, …). Lookups by id then cost no scan of all
    /// edges, which made long diagrams quadratic.
    fn push_edge(&mut self, edge: Edge) {
        let k = self.chart.edges.len();
        let n = self
            .pair_count
            .entry((edge.from.clone(), edge.to.clone()))
            .or_insert(0);
        let counter = if *n == 0 { 0 } else { *n + 1 };
        *n += 1;
        match &edge.id {
            Some(id) => self.edge_ids.entry(id.clone()).or_default().push(k),
            None => {
                let generated = format!("L_{}_{}_{counter}", edge.from, edge.to);
                self.generated_edge_ids.entry(generated).or_insert(k);
            }
        }
        self.chart.edges.push(edge);
    }

    /// The edge named `id`: by its `e1@` id, or by the id Mermaid generates
    /// for an unnamed edge (see [`Builder::push_edge`]).
    fn edge_by_id(&self, id: &str) -> Option<usize> {
        if let Some(k) = self.edge_ids.get(id).and_then(|v| v.first()) {
            return Some(*k);
        }
        self.generated_edge_ids.get(id).copied()
    }

    /// Applies `e1@{ … }` to edge `e`.
    fn edge_data(&mut self, e: usize, d: &NodeData<'_>) {
        let mut warn = None;
        let edge = &mut self.chart.edges[e];
        for (key, value, at) in &d.entries {
            match *key {
                "animate" => edge.animate = value == "true",
                "animation" => edge.animate = matches!(value.as_str(), "fast" | "slow"),
                "curve" => match Curve::from_name(value) {
                    Some(c) => edge.curve = Some(c),
                    None => warn = Some((format!("unknown curve '{value}'"), *at)),
                },
                _ => {}
            }
        }
        if let Some((msg, at)) = warn {
            self.warn(msg, at);
        }
    }

    /// `class id name` on a node, an edge id or a subgraph.
    fn add_class(&mut self, id: &str, class: &str, at: &str) {
        let mut found = false;
        if let Some(&k) = self.node_index.get(id) {
            self.chart.nodes[k].classes.push(class.to_string());
            found = true;
        }
        for &e in self.edge_ids.get(id).into_iter().flatten() {
            self.chart.edges[e].classes.push(class.to_string());
            found = true;
        }
        for &s in self.subgraph_ids.get(id).into_iter().flatten() {
            self.chart.subgraphs[s].classes.push(class.to_string());
            found = true;
        }
        if !found {
            self.warn(format!("class '{class}' set on unknown id '{id}'"), at);
        }
    }

    fn link_style(
        &mut self,
        indexes: Option<Vec<(usize, &str)>>,
        curve: Option<(&str, Option<Curve>)>,
        css: &str,
        at: &str,
    ) -> Result<(), ParseError> {
        let styles = self.css(css);
        let curve = match curve {
            Some((_, Some(c))) => Some(c),
            Some((name, None)) => {
                self.warn(format!("unknown curve '{name}'; using the default"), at);
                None
            }
            None => None,
        };
        let Some(indexes) = indexes else {
            self.default_link_styles.extend(styles);
            if curve.is_some() {
                self.default_curve = curve;
            }
            return Ok(());
        };
        let count = self.chart.edges.len();
        for (n, text) in &indexes {
            if *n >= count {
                return Err(ParseError::new(
                    format!(
                        "linkStyle index {n} is out of range: the diagram has {count} edge{} before this line",
                        if count == 1 { "" } else { "s" }
                    ),
                    self.span(text),
                )
                .with_hint(match count {
                    0 => "define the edges before styling them".to_string(),
                    _ => format!("edges are numbered from 0 in source order; the last is {}", count - 1),
                }));
            }
        }
        for (n, _) in indexes {
            let e = &mut self.chart.edges[n];
            e.styles.extend(styles.iter().cloned());
            if curve.is_some() {
                e.curve = curve;
            }
        }
        Ok(())
    }

    /// Splits CSS text into declarations (`,` separates, `\,` escapes).
    fn css(&mut self, css: &str) -> Vec<StyleDecl> {
        let mut out = Vec::new();
        let mut parts = Vec::new();
        let mut cur = String::new();
        let mut chars = css.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\\' && chars.peek() == Some(&',') {
                cur.push(',');
                chars.next();
            } else if c == ',' {
                parts.push(std::mem::take(&mut cur));
            } else {
                cur.push(c);
            }
        }
        parts.push(cur);
        for part in parts {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            match part.split_once(':') {
                Some((p, v)) if !p.trim().is_empty() => out.push(StyleDecl {
                    property: p.trim().to_lowercase(),
                    value: v.trim().to_string(),
                }),
                _ => {
                    let msg = format!("CSS '{part}' has no 'property:value' form; ignored");
                    self.warn(msg, css);
                }
            }
        }
        out
    }

    /// `end`: closes the innermost subgraph, names it and claims members.
    fn close(&mut self, at: &str) -> Result<(), ParseError> {
        let Some(open) = self.open.pop() else {
            return Err(
                ParseError::new("'end' without an open subgraph", self.span(at))
                    .with_hint("remove it, or open a block with 'subgraph id'"),
            );
        };
        let id = match open.explicit_id {
            Some(id) => id,
            None => {
                let id = format!("subGraph{}", self.closed);
                self.subgraph_ids
                    .entry(id.clone())
                    .or_default()
                    .push(open.index);
                id
            }
        };
        self.closed += 1;
        let end = self.span(at).end;
        let sg = &mut self.chart.subgraphs[open.index];
        sg.id = id;
        sg.span.end = end;
        for m in &open.mentions {
            if let Some(&k) = self.node_index.get(m) {
                let node = &mut self.chart.nodes[k];
                if node.parent.is_none() {
                    node.parent = Some(open.index);
                }
            }
        }
        Ok(())
    }

    /// Checks the end state and finishes the model.
    pub fn finish(mut self) -> Result<Flowchart, ParseError> {
        if let Some(open) = self.open.last() {
            let sg = &self.chart.subgraphs[open.index];
            let name = match (&open.explicit_id, &sg.title) {
                (Some(id), _) => format!("subgraph '{id}'"),
                (None, Some(t)) => format!("subgraph \"{}\"", t.text),
                (None, None) => "subgraph".to_string(),
            };
            return Err(ParseError::new(
                format!("{name} is never closed: expected 'end'"),
                sg.span,
            )
            .with_hint("add a line 'end' after the subgraph's last statement"));
        }
        for pc in std::mem::take(&mut self.clicks) {
            let mut applied = false;
            for id in pc.ids.split(',') {
                if let Some(&k) = self.node_index.get(id) {
                    self.chart.nodes[k].click = Some(pc.click.clone());
                    applied = true;
                }
            }
            if !applied {
                self.chart.warnings.push(Warning {
                    message: format!("click on unknown node '{}'", pc.ids),
                    span: Some(pc.click.span),
                });
            }
        }
        if !self.default_link_styles.is_empty() || self.default_curve.is_some() {
            for e in &mut self.chart.edges {
                if e.styles.is_empty() {
                    e.styles = self.default_link_styles.clone();
                }
                if e.curve.is_none() {
                    e.curve = self.default_curve;
                }
            }
        }
        self.fold_subgraph_nodes();
        Ok(self.chart)
    }

    /// A vertex named like a subgraph is that subgraph (an edge endpoint
    /// or a `style` target): drop the node, give its classes and styles to
    /// the subgraph, and nest the subgraph where the node was mentioned.
    fn fold_subgraph_nodes(&mut self) {
        let sub_ids: HashMap<String, SubgraphId> = self
            .chart
            .subgraphs
            .iter()
            .enumerate()
            .map(|(k, s)| (s.id.clone(), k))
            .collect();
        if !self.chart.nodes.iter().any(|n| sub_ids.contains_key(&n.id)) {
            return;
        }
        let nodes = std::mem::take(&mut self.chart.nodes);
        for node in nodes {
            let Some(&s) = sub_ids.get(&node.id) else {
                self.chart.nodes.push(node);
                continue;
            };
            let sg = &mut self.chart.subgraphs[s];
            for c in node.classes {
                if !sg.classes.contains(&c) {
                    sg.classes.push(c);
                }
            }
            sg.styles.extend(node.styles);
            if let (None, Some(p)) = (sg.parent, node.parent) {
                if !self.is_within(p, s) {
                    self.chart.subgraphs[s].parent = Some(p);
                }
            }
        }
    }

    /// True if subgraph `a` is `b` or nested (at any depth) in `b`.
    fn is_within(&self, a: SubgraphId, b: SubgraphId) -> bool {
        let mut cur = Some(a);
        let mut steps = 0;
        while let Some(c) = cur {
            if c == b {
                return true;
            }
            steps += 1;
            if steps > self.chart.subgraphs.len() {
                return true;
            }
            cur = self.chart.subgraphs[c].parent;
        }
        false
    }

    /// Sets the diagram direction.
    pub fn set_direction(&mut self, d: Direction) {
        self.chart.direction = d;
    }
}
