//! A state diagram's geometry in the shape every family shares
//! ([`crate::layout::Layout`]), which `--layout-json` writes and the layout
//! audit reads: simple states, pseudo-states and notes as nodes,
//! transitions and note links as edges (with label boxes), composite
//! states and their regions as clusters.
//!
//! Ids are unique: a state keeps its id; the start and end of a document
//! are `<composite>:start` / `<composite>:end` (`[*]:start` at top level,
//! `<composite>:<region>:start` in a later region); notes are `note:N`
//! (N counts notes from 0); regions are `<composite>:region:N`. None of
//! these can be a user's id, which never holds a `:`. A transition to or
//! from a composite names the composite (a cluster).

use super::layout::Geometry;
use super::model::StateDiagram;
use crate::layout::{ClusterLayout, EdgeLayout, Layout, NodeLayout, Point, TextBlock};

/// The layout of `d` as drawn in `g`.
pub(crate) fn layout(d: &StateDiagram, g: &Geometry) -> Layout {
    // Cluster index of each composite and each region scope.
    let mut cluster_of_state = vec![None; d.states.len()];
    let mut cluster_of_scope = vec![None; d.scopes.len()];
    let mut clusters: Vec<ClusterLayout> = Vec::new();
    let parent_of = |scope: Option<usize>, of_state: &[Option<usize>], of_scope: &[Option<usize>]| {
        scope.and_then(|s| of_scope[s].or(of_state[d.scopes[s].state]))
    };
    for (i, st) in d.states.iter().enumerate() {
        let Some(c) = &g.composites[i] else { continue };
        let parent = parent_of(st.parent, &cluster_of_state, &cluster_of_scope);
        let title_box = (!c.title.is_empty()).then(|| crate::layout::Rect {
            x: c.title_center.x - c.title.width / 2.0,
            y: c.title_center.y - c.title.line_height() / 2.0,
            width: c.title.width,
            height: c.title.height,
        });
        clusters.push(ClusterLayout {
            id: st.id.clone(),
            rect: c.rect,
            title: c.title.clone(),
            title_center: c.title_center,
            title_box,
            parent,
        });
        let me = clusters.len() - 1;
        cluster_of_state[i] = Some(me);
        for s in d.regions(i) {
            if let Some(Some(r)) = g.regions.get(s) {
                clusters.push(ClusterLayout {
                    id: format!("{}:region:{}", st.id, d.scopes[s].region),
                    rect: *r,
                    title: TextBlock::default(),
                    title_center: Point::new(r.x + r.width / 2.0, r.y),
                    title_box: None,
                    parent: Some(me),
                });
                cluster_of_scope[s] = Some(clusters.len() - 1);
            }
        }
    }
    let mut nodes = Vec::new();
    for (i, st) in d.states.iter().enumerate() {
        let Some(Some(p)) = g.states.get(i) else { continue };
        let mut label = p.title.clone();
        label.lines.extend(p.body.lines.iter().cloned());
        label.height += p.body.height;
        label.width = label.width.max(p.body.width);
        nodes.push(NodeLayout {
            id: st.id.clone(),
            shape: p.shape,
            rect: p.rect,
            label,
            parent: parent_of(st.parent, &cluster_of_state, &cluster_of_scope),
        });
    }
    for (k, n) in g.notes.iter().enumerate() {
        let on = d.notes[k].state;
        nodes.push(NodeLayout {
            id: format!("note:{k}"),
            shape: crate::layout::Shape::Note,
            rect: n.rect,
            label: n.text.clone(),
            parent: parent_of(d.states[on].parent, &cluster_of_state, &cluster_of_scope),
        });
    }
    let mut edges = Vec::new();
    for (t, r) in d.transitions.iter().zip(&g.transitions) {
        edges.push(EdgeLayout {
            from: d.states[t.from].id.clone(),
            to: d.states[t.to].id.clone(),
            path: r.path.clone(),
            points: r.points.clone(),
            label: r.label.clone(),
            label_box: r.label_box,
            end_label_boxes: Vec::new(),
        });
    }
    for (k, (n, r)) in d.notes.iter().zip(&g.notes).enumerate() {
        let (a, b) = (d.states[n.state].id.clone(), format!("note:{k}"));
        let (from, to) = match n.side {
            super::model::Side::Right => (a, b),
            super::model::Side::Left => (b, a),
        };
        edges.push(EdgeLayout {
            from,
            to,
            path: r.link.path.clone(),
            points: r.link.points.clone(),
            label: None,
            label_box: None,
            end_label_boxes: Vec::new(),
        });
    }
    Layout {
        width: g.width,
        height: g.height,
        direction: d.direction,
        nodes,
        edges,
        clusters,
        title: g.title.clone(),
    }
}
