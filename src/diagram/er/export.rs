//! An ER diagram's geometry in the shape every family shares
//! ([`crate::layout::Layout`]), which `--layout-json` writes and the
//! layout audit reads: entity boxes as nodes (their label the header
//! followed by one line per row, its cells a blank apart), relationships
//! as edges with the label's box.

use super::layout::Geometry;
use super::model::ErDiagram;
use crate::layout::{EdgeLayout, Layout, NodeLayout, Point, Shape};
use crate::text::TextBlock;

/// The layout of `d` as drawn in `g`.
pub(crate) fn layout(d: &ErDiagram, g: &Geometry) -> Layout {
    let nodes = d
        .entities
        .iter()
        .zip(&g.entities)
        .map(|(e, b)| {
            let mut label = b.title.clone();
            // One line per row: its cells' texts, a blank between.
            for row in &b.rows {
                let mut line = crate::text::Line::default();
                for cell in row.cells.iter().filter(|c| !c.is_empty()) {
                    for l in &cell.lines {
                        if !line.runs.is_empty() {
                            line.runs.push(crate::text::Run {
                                text: " ".to_string(),
                                bold: false,
                                italic: false,
                            });
                        }
                        line.runs.extend(l.runs.iter().cloned());
                        line.width += l.width;
                    }
                }
                label.lines.push(line);
            }
            NodeLayout {
                id: e.id.clone(),
                shape: Shape::Rect,
                rect: b.rect,
                label,
                parent: None,
            }
        })
        .collect();
    let edges = d
        .relationships
        .iter()
        .zip(&g.relationships)
        .map(|(r, geo)| EdgeLayout {
            from: d.entities[r.from].id.clone(),
            to: d.entities[r.to].id.clone(),
            path: geo.path.clone(),
            points: geo.points.clone(),
            label: geo.label.as_ref().map(|l| l.text.clone()),
            label_box: geo.label.as_ref().map(|l| l.rect),
            end_label_boxes: Vec::new(),
        })
        .collect();
    Layout {
        width: g.width,
        height: g.height,
        direction: d.direction,
        nodes,
        edges,
        clusters: Vec::new(),
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
