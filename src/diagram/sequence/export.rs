//! A sequence diagram's geometry in the shape every family shares
//! ([`crate::layout::Layout`]), which `--layout-json` writes and the layout
//! audit reads: participant heads and notes as nodes, messages as edges
//! (with their label boxes), participant `box` groups as clusters.
//!
//! Node ids are unique: a participant's first head takes its id, a later
//! one the id with `~bottom` or `~destroyed`; notes are `note-N` (N counts
//! the notes from 0 in source order). A message that creates or destroys a
//! participant ends at the head drawn on its row, and names that head.

use super::layout::{loop_controls, Geometry, HeadPlace, Label};
use super::model::{EventKind, Sequence};
use crate::layout::{ClusterLayout, EdgeLayout, Layout, NodeLayout, Point};
use crate::layout::{Direction, Shape};

/// How finely a curved self-message loop is flattened.
const LOOP_STEPS: usize = 12;

/// The layout of `seq` as drawn in `g` (self messages with square
/// corners when `right_angles`).
pub(crate) fn layout(seq: &Sequence, g: &Geometry, right_angles: bool) -> Layout {
    let box_of = |p: usize| {
        seq.boxes
            .iter()
            .position(|b| b.members.contains(&p))
            .and_then(|i| cluster_index(g, i))
    };
    let mut nodes = Vec::with_capacity(g.heads.len() + g.notes.len());
    // The node id of each head, with its participant and centre line.
    let mut rows: Vec<(usize, f32, String)> = Vec::new();
    let mut seen = vec![false; seq.participants.len()];
    for h in &g.heads {
        let p = &seq.participants[h.participant];
        let id = if std::mem::replace(&mut seen[h.participant], true) {
            match h.place {
                HeadPlace::Destroyed => format!("{}~destroyed", p.id),
                _ => format!("{}~bottom", p.id),
            }
        } else {
            p.id.clone()
        };
        if matches!(h.place, HeadPlace::Created | HeadPlace::Destroyed) {
            rows.push((h.participant, h.rect.y + h.rect.height / 2.0, id.clone()));
        }
        nodes.push(NodeLayout {
            id,
            shape: Shape::Rect,
            rect: h.rect,
            label: h.label.block.clone(),
            parent: box_of(h.participant),
        });
    }
    for (k, n) in g.notes.iter().enumerate() {
        let parent = match &seq.events[n.event].kind {
            EventKind::Note(note) => {
                let first = box_of(note.first);
                let second = note.second.map_or(first, box_of);
                first.filter(|_| first == second)
            }
            _ => None,
        };
        nodes.push(NodeLayout {
            id: format!("note-{k}"),
            shape: Shape::Rect,
            rect: n.rect,
            label: n.label.block.clone(),
            parent,
        });
    }
    let end_id = |p: usize, y: f32| {
        rows.iter()
            .find(|(q, cy, _)| *q == p && (cy - y).abs() < 0.5)
            .map_or_else(|| seq.participants[p].id.clone(), |(_, _, id)| id.clone())
    };
    let edges = g
        .signals
        .iter()
        .filter_map(|sg| {
            let EventKind::Message(msg) = &seq.events[sg.event].kind else {
                return None;
            };
            Some(EdgeLayout {
                from: end_id(msg.from, sg.from.y),
                to: end_id(msg.to, sg.to.y),
                path: Vec::new(),
                points: message_points(sg.from, sg.to, sg.self_loop, right_angles),
                label: sg.label.as_ref().map(|l: &Label| l.block.clone()),
                label_box: sg.label.as_ref().map(|l| l.rect),
                end_label_boxes: Vec::new(),
            })
        })
        .collect();
    let clusters = g
        .boxes
        .iter()
        .map(|b| ClusterLayout {
            id: format!("box-{}", b.index),
            rect: b.rect,
            title: b
                .label
                .as_ref()
                .map(|l| l.block.clone())
                .unwrap_or_default(),
            title_center: b.label.as_ref().map_or(
                Point::new(b.rect.x + b.rect.width / 2.0, b.rect.y),
                |l| Point::new(l.rect.x + l.rect.width / 2.0, l.rect.y),
            ),
            title_box: b.label.as_ref().map(|l| l.rect),
            parent: None,
        })
        .collect();
    Layout {
        width: g.width,
        height: g.height,
        direction: Direction::TopBottom,
        nodes,
        edges,
        clusters,
        title: g
            .title
            .as_ref()
            .map(|t| (t.block.clone(), Point::new(t.rect.x + t.rect.width / 2.0, t.rect.y))),
    }
}

/// Index in `g.boxes` of the drawn box for `seq.boxes[index]`.
fn cluster_index(g: &Geometry, index: usize) -> Option<usize> {
    g.boxes.iter().position(|b| b.index == index)
}

/// The drawn line of a message: straight, or a self-message's loop with
/// square corners or as one cubic (flattened), as the scene draws it.
fn message_points(
    from: Point,
    to: Point,
    self_loop: Option<(f32, f32)>,
    right_angles: bool,
) -> Vec<Point> {
    match self_loop {
        None => vec![from, to],
        Some((w, h)) if right_angles => vec![
            from,
            Point::new(from.x + w, from.y),
            Point::new(from.x + w, from.y + h),
            to,
        ],
        Some((w, h)) => {
            let (c1, c2) = loop_controls(from, w, h);
            (0..=LOOP_STEPS)
                .map(|i| {
                    let t = i as f32 / LOOP_STEPS as f32;
                    let u = 1.0 - t;
                    let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
                    Point::new(
                        a * from.x + b * c1.x + c * c2.x + d * to.x,
                        a * from.y + b * c1.y + c * c2.y + d * to.y,
                    )
                })
                .collect()
        }
    }
}
