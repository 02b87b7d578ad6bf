//! The layout as JSON (`--layout-json`), in the schema of
//! `tools/LAYOUT_JSON.md`. Written by hand: the schema is small and fixed.

use std::fmt::Write;

use super::{Layout, Rect};

/// Serialises `layout`; numbers have at most two decimals.
pub fn to_json(layout: &Layout) -> String {
    let mut s = String::with_capacity(256 + layout.nodes.len() * 160);
    let _ = write!(
        s,
        "{{\n  \"width\": {}, \"height\": {},\n  \"direction\": \"{}\",\n  \"nodes\": [",
        num(layout.width),
        num(layout.height),
        layout.direction.as_str()
    );
    for (i, n) in layout.nodes.iter().enumerate() {
        let parent = parent_id(layout, n.parent);
        let _ = write!(
            s,
            "{}\n    {{\"id\": {}, \"label\": {}, \"shape\": \"{}\", {}, \"parent\": {}}}",
            if i == 0 { "" } else { "," },
            string(&n.id),
            string(&n.label.plain_text()),
            n.shape.name(),
            rect_fields(&n.rect),
            parent
        );
    }
    s.push_str("\n  ],\n  \"edges\": [");
    for (i, e) in layout.edges.iter().enumerate() {
        let label = e
            .label
            .as_ref()
            .map_or("null".to_string(), |t| string(&t.plain_text()));
        let label_box = e
            .label_box
            .as_ref()
            .map_or("null".to_string(), |r| format!("{{{}}}", rect_fields(r)));
        let points: Vec<String> = e
            .points
            .iter()
            .map(|p| format!("[{}, {}]", num(p.x), num(p.y)))
            .collect();
        // End labels only where a family has them, so other families'
        // JSON stays as it was.
        let end_boxes = if e.end_label_boxes.is_empty() {
            String::new()
        } else {
            let boxes: Vec<String> = e
                .end_label_boxes
                .iter()
                .map(|r| format!("{{{}}}", rect_fields(r)))
                .collect();
            format!(", \"end_label_boxes\": [{}]", boxes.join(", "))
        };
        let _ = write!(
            s,
            "{}\n    {{\"from\": {}, \"to\": {}, \"label\": {}, \"label_box\": {}{}, \"points\": [{}]}}",
            if i == 0 { "" } else { "," },
            string(&e.from),
            string(&e.to),
            label,
            label_box,
            end_boxes,
            points.join(", ")
        );
    }
    s.push_str("\n  ],\n  \"clusters\": [");
    for (i, c) in layout.clusters.iter().enumerate() {
        let _ = write!(
            s,
            "{}\n    {{\"id\": {}, \"title\": {}, {}, \"title_box\": {}, \"parent\": {}}}",
            if i == 0 { "" } else { "," },
            string(&c.id),
            string(&c.title.plain_text()),
            rect_fields(&c.rect),
            c.title_box
                .as_ref()
                .map_or("null".to_string(), |r| format!("{{{}}}", rect_fields(r))),
            parent_id(layout, c.parent)
        );
    }
    s.push_str("\n  ]\n}\n");
    s
}

fn parent_id(layout: &Layout, parent: Option<usize>) -> String {
    parent
        .and_then(|p| layout.clusters.get(p))
        .map_or("null".to_string(), |c| string(&c.id))
}

fn rect_fields(r: &Rect) -> String {
    format!(
        "\"x\": {}, \"y\": {}, \"width\": {}, \"height\": {}",
        num(r.x),
        num(r.y),
        num(r.width),
        num(r.height)
    )
}

/// A finite number with at most two decimals (JSON has no NaN).
fn num(v: f32) -> String {
    // The SVG writer's hundredths, always with a fraction (JSON readers
    // then see a float).
    let mut s = crate::scene::svg::num(v);
    if !s.contains('.') {
        s.push_str(".0");
    }
    s
}

/// A JSON string literal.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
