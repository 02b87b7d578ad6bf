//! A class diagram's geometry in the shape every family shares
//! ([`crate::layout::Layout`]), which `--layout-json` writes and the
//! layout audit reads: class boxes and notes as nodes (notes are
//! `note-N`, N counting from 0 in source order), relations and note links
//! as edges (with the middle label's box and the cardinalities' boxes),
//! namespaces as clusters.

use super::layout::Geometry;
use super::model::ClassDiagram;
use crate::layout::{ClusterLayout, EdgeLayout, Layout, NodeLayout, Point};
use crate::layout::Shape;
use crate::text::TextBlock;

/// The layout of `d` as drawn in `g`.
pub(crate) fn layout(d: &ClassDiagram, g: &Geometry) -> Layout {
    let mut nodes = Vec::with_capacity(g.classes.len() + g.notes.len());
    for (c, b) in d.classes.iter().zip(&g.classes) {
        let mut label = b.title.clone();
        for a in b.annotations.iter().rev() {
            label.lines.insert(0, a.lines[0].clone());
        }
        for (m, _) in b.attributes.iter().chain(&b.methods) {
            label.lines.extend(m.lines.iter().cloned());
        }
        nodes.push(NodeLayout {
            id: c.id.clone(),
            shape: Shape::Rect,
            rect: b.rect,
            label,
            parent: c.namespace,
        });
    }
    for (k, n) in g.notes.iter().enumerate() {
        nodes.push(NodeLayout {
            id: note_id(k),
            shape: Shape::Rect,
            rect: n.rect,
            label: n.text.clone(),
            parent: None,
        });
    }
    let mut edges: Vec<EdgeLayout> = d
        .relations
        .iter()
        .zip(&g.relations)
        .map(|(r, geo)| EdgeLayout {
            from: d.classes[r.from].id.clone(),
            to: d.classes[r.to].id.clone(),
            path: geo.line.path.clone(),
            points: geo.line.points.clone(),
            label: geo.label.as_ref().map(|l| l.text.clone()),
            label_box: geo.label.as_ref().map(|l| l.rect),
            end_label_boxes: [&geo.from_label, &geo.to_label]
                .into_iter()
                .flatten()
                .map(|l| l.rect)
                .collect(),
        })
        .collect();
    for (k, (n, l)) in d.notes.iter().zip(&g.note_links).enumerate() {
        if let (Some(c), Some(l)) = (n.class, l) {
            edges.push(EdgeLayout {
                from: note_id(k),
                to: d.classes[c].id.clone(),
                path: l.path.clone(),
                points: l.points.clone(),
                label: None,
                label_box: None,
                end_label_boxes: Vec::new(),
            });
        }
    }
    let clusters = d
        .namespaces
        .iter()
        .zip(&g.frames)
        .map(|(n, f)| ClusterLayout {
            id: n.id.clone(),
            rect: f.rect,
            title: f.title.clone(),
            title_center: f.title_box.map_or(
                Point::new(f.rect.x + f.rect.width / 2.0, f.rect.y),
                |t| Point::new(t.x + t.width / 2.0, t.y + f.title.line_height() / 2.0),
            ),
            title_box: f.title_box,
            parent: n.parent,
        })
        .collect();
    Layout {
        width: g.width,
        height: g.height,
        direction: d.direction,
        nodes,
        edges,
        clusters,
        title: g.title.as_ref().map(|t| {
            let block: TextBlock = t.text.clone();
            let centre = Point::new(
                t.rect.x + t.rect.width / 2.0,
                t.rect.y + block.line_height() / 2.0,
            );
            (block, centre)
        }),
    }
}

/// The node id of the `k`-th note.
fn note_id(k: usize) -> String {
    format!("note-{k}")
}
