//! Where a user journey's parts go, as Mermaid draws it: the actor legend
//! on the left (a coloured dot and the name, wrapped at
//! `journey.maxLabelWidth`), then the title, the sections' boxes over
//! their tasks, one column per task (150 px boxes, 50 px apart), each
//! task's actors as dots on its box, a dashed stem down to a face whose
//! height tells the score (5 at the top), and the arrow of time under
//! everything.

use super::model::Journey;
use crate::config::Config;
use crate::diagram::chart::{bold_title, literal_block, Placed};
use crate::layout::{Point, Rect};

/// A task's box width.
const BOX_WIDTH: f32 = 150.0;
/// Room between columns.
const COLUMN_GAP: f32 = 50.0;
/// Room between a box's edge and its text.
const PAD: f32 = 10.0;
/// Room around the drawing.
const MARGIN: f32 = 20.0;
/// Room between rows.
const ROW_GAP: f32 = 20.0;
/// A box's height at least.
const MIN_HEIGHT: f32 = 50.0;
/// A face's radius.
pub(crate) const FACE: f32 = 15.0;
/// Vertical room per score step.
const SCORE_STEP: f32 = 30.0;
/// An actor dot's radius.
pub(crate) const DOT: f32 = 7.0;

/// One box with its text and its colour.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    /// The box.
    pub rect: Rect,
    /// Its text.
    pub text: Placed,
    /// Index into the theme's eight journey colours.
    pub colour: usize,
}

/// One task as drawn.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TaskGeo {
    /// Its box.
    pub node: Node,
    /// Its actors' dots: centre and index into the actor colours.
    pub dots: Vec<(Point, usize)>,
    /// The stem from the box down to the face.
    pub stem: (Point, Point),
    /// The face's centre.
    pub face: Point,
    /// The score, clamped to `0..=5` for the face's height and mood.
    pub score: f32,
}

/// One actor in the legend.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ActorGeo {
    /// The dot's centre.
    pub dot: Point,
    /// Index into the actor colours.
    pub colour: usize,
    /// The name.
    pub text: Placed,
}

/// A laid-out journey.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Geometry {
    /// Width of the view box.
    pub width: f32,
    /// Height of the view box.
    pub height: f32,
    /// The title, when there is one.
    pub title: Option<Placed>,
    /// The actor legend, in the model's actor order.
    pub actors: Vec<ActorGeo>,
    /// Section boxes in source order.
    pub sections: Vec<Node>,
    /// Tasks in source order.
    pub tasks: Vec<TaskGeo>,
    /// The arrow of time, start and tip.
    pub line: (Point, Point),
}

/// Lays out `d` at the font size `config` gives (16 px by default). Never
/// fails: a journey without tasks is its title and legend.
///
/// Post-conditions: every box, dot and face lies inside `width` ×
/// `height`; no two texts overlap; the legend is left of every column.
pub(crate) fn layout(d: &Journey, config: &Config) -> Geometry {
    let font = config
        .font_size
        .filter(|f| f.is_finite() && *f >= 4.0 && *f <= 100.0)
        .unwrap_or(16.0);
    let max_label = config
        .journey
        .max_label_width
        .filter(|w| w.is_finite() && *w >= 20.0)
        .unwrap_or(360.0);
    let block = |raw: &str, w: f32| literal_block(raw, font, w, 1.2);

    // The legend.
    let names = d.actors();
    let mut actors = Vec::with_capacity(names.len());
    let mut y = MARGIN + 40.0;
    let mut legend_right: f32 = 0.0;
    for (k, name) in names.iter().enumerate() {
        let b = block(name, max_label);
        let text = Placed::at(b, MARGIN + 2.0 * DOT + 10.0, y);
        let dot = Point::new(MARGIN + DOT, y + font * 0.6);
        legend_right = legend_right.max(text.rect.x + text.rect.width);
        y = text.rect.y + text.rect.height.max(2.0 * DOT) + 8.0;
        actors.push(ActorGeo {
            dot,
            colour: k % 6,
            text,
        });
    }
    let legend_bottom = y;
    let left = if actors.is_empty() {
        MARGIN
    } else {
        legend_right + 2.0 * MARGIN
    };

    let title = d
        .title
        .as_deref()
        .and_then(|t| bold_title(t, font * 2.0))
        .map(|b| Placed::at(b, left, MARGIN));
    let mut y = title
        .as_ref()
        .map_or(MARGIN, |t| t.rect.y + t.rect.height + ROW_GAP);

    // Columns: one per task, sections over theirs.
    let column_x = |k: usize| left + k as f32 * (BOX_WIDTH + COLUMN_GAP);
    let mut sections = Vec::new();
    if !d.sections.is_empty() {
        let blocks: Vec<_> = d
            .sections
            .iter()
            .enumerate()
            .map(|(s, sec)| {
                let cols: Vec<usize> = (0..d.tasks.len())
                    .filter(|&t| d.tasks[t].section == Some(s))
                    .collect();
                let (lo, hi) = match (cols.first(), cols.last()) {
                    (Some(&a), Some(&b)) => (column_x(a), column_x(b) + BOX_WIDTH),
                    _ => (column_x(0), column_x(0)),
                };
                (block(&sec.text, (hi - lo - 2.0 * PAD).max(1.0)), lo, hi)
            })
            .collect();
        let height = blocks
            .iter()
            .map(|(b, _, _)| b.height + 2.0 * PAD)
            .fold(MIN_HEIGHT, f32::max);
        for (k, (b, lo, hi)) in blocks.into_iter().enumerate() {
            if hi <= lo {
                continue;
            }
            let text = Placed::middle(b, (lo + hi) / 2.0, y + height / 2.0);
            sections.push(Node {
                rect: Rect {
                    x: lo,
                    y,
                    width: hi - lo,
                    height,
                },
                text,
                colour: k % 8,
            });
        }
        y += height + ROW_GAP;
    }

    let blocks: Vec<_> = d
        .tasks
        .iter()
        .map(|t| block(&t.text, BOX_WIDTH - 2.0 * PAD))
        .collect();
    let task_height = blocks
        .iter()
        .map(|b| b.height + 2.0 * PAD + 2.0 * DOT)
        .fold(MIN_HEIGHT, f32::max);
    let faces_top = y + task_height + ROW_GAP + FACE;
    let mut tasks = Vec::with_capacity(d.tasks.len());
    for (k, (t, b)) in d.tasks.iter().zip(blocks).enumerate() {
        let x = column_x(k);
        let rect = Rect {
            x,
            y,
            width: BOX_WIDTH,
            height: task_height,
        };
        let text = Placed::middle(b, x + BOX_WIDTH / 2.0, y + DOT + task_height / 2.0);
        let dots = t
            .actors
            .iter()
            .enumerate()
            .map(|(n, a)| {
                let colour = names.iter().position(|m| m == a).unwrap_or(0) % 6;
                let per_row = ((BOX_WIDTH - 2.0 * DOT) / (2.0 * DOT + 4.0)).floor().max(1.0) as usize;
                let at = Point::new(
                    x + DOT + 4.0 + (n % per_row) as f32 * (2.0 * DOT + 4.0),
                    y - (n / per_row) as f32 * (2.0 * DOT + 2.0),
                );
                (at, colour)
            })
            .collect();
        let score = if t.score.is_finite() { t.score.clamp(0.0, 5.0) } else { 0.0 };
        let cx = x + BOX_WIDTH / 2.0;
        let face = Point::new(cx, faces_top + (5.0 - score) * SCORE_STEP);
        tasks.push(TaskGeo {
            node: Node {
                rect,
                text,
                colour: t.section.map_or(0, |s| s % 8),
            },
            dots,
            stem: (Point::new(cx, y + task_height), Point::new(cx, face.y - FACE)),
            face,
            score,
        });
    }
    let line_y = faces_top + 5.0 * SCORE_STEP + FACE + ROW_GAP;
    let right = column_x(d.tasks.len().max(1)) - COLUMN_GAP;
    let line = (Point::new(left, line_y), Point::new(right + MARGIN, line_y));
    let title_right = title.as_ref().map_or(0.0, |t| t.rect.x + t.rect.width);
    let width = (right + 2.0 * MARGIN).max(title_right + MARGIN);
    // Dots of many actors may climb above the boxes.
    let top = tasks
        .iter()
        .flat_map(|t| t.dots.iter().map(|(p, _)| p.y - DOT))
        .fold(0.0, f32::min);
    let height = (line_y + MARGIN).max(legend_bottom + MARGIN);
    let mut g = Geometry {
        width,
        height,
        title,
        actors,
        sections,
        tasks,
        line,
    };
    if top < 0.0 {
        shift_down(&mut g, MARGIN - top);
    }
    g
}

/// Moves everything of `g` down by `dy`.
fn shift_down(g: &mut Geometry, dy: f32) {
    let p = |p: &mut Point| p.y += dy;
    let r = |r: &mut Rect| r.y += dy;
    g.height += dy;
    if let Some(t) = &mut g.title {
        r(&mut t.rect);
    }
    for a in &mut g.actors {
        p(&mut a.dot);
        r(&mut a.text.rect);
    }
    for s in &mut g.sections {
        r(&mut s.rect);
        r(&mut s.text.rect);
    }
    for t in &mut g.tasks {
        r(&mut t.node.rect);
        r(&mut t.node.text.rect);
        for (d, _) in &mut t.dots {
            p(d);
        }
        p(&mut t.stem.0);
        p(&mut t.stem.1);
        p(&mut t.face);
    }
    p(&mut g.line.0);
    p(&mut g.line.1);
}
