//! Where a timeline's parts go, left to right as Mermaid draws it: the
//! title on top, the sections' boxes over their periods, one column per
//! period (150 px boxes, 50 px apart, wider when a word needs it), the
//! time line with its arrow under the periods, and each period's events
//! stacked below it on a dashed line. Texts wrap at the box width; a
//! `<br>` breaks a line.

use super::model::Timeline;
use crate::config::Config;
use crate::diagram::chart::{bold_title, literal_block, Placed};
use crate::layout::{Point, Rect};

/// A box's width unless a word needs more.
const BOX_WIDTH: f32 = 150.0;
/// Room between columns.
const COLUMN_GAP: f32 = 50.0;
/// Room between a box's edge and its text.
const PAD: f32 = 10.0;
/// Room around the drawing.
const MARGIN: f32 = 50.0;
/// Room between rows (title, sections, periods, line, events).
const ROW_GAP: f32 = 20.0;
/// Room between stacked events.
const EVENT_GAP: f32 = 10.0;
/// A box's height at least.
const MIN_HEIGHT: f32 = 50.0;

/// One box with its text and its colour.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    /// The box.
    pub rect: Rect,
    /// Its text.
    pub text: Placed,
    /// Index into the theme's twelve section colours.
    pub colour: usize,
}

/// A laid-out timeline.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Geometry {
    /// Width of the view box.
    pub width: f32,
    /// Height of the view box.
    pub height: f32,
    /// The title, when there is one.
    pub title: Option<Placed>,
    /// Section boxes in source order.
    pub sections: Vec<Node>,
    /// Period boxes in source order.
    pub periods: Vec<Node>,
    /// Each period's event boxes, top to bottom.
    pub events: Vec<Vec<Node>>,
    /// The dashed line under each period, top and bottom.
    pub stems: Vec<(Point, Point)>,
    /// The time line, start and arrow tip.
    pub line: (Point, Point),
}

/// A box `width` wide at `x`, `y` around `raw`'s text (at least
/// [`MIN_HEIGHT`] tall, or `height` when given).
fn node(raw: &str, font: f32, x: f32, y: f32, width: f32, height: Option<f32>, colour: usize) -> Node {
    let block = literal_block(raw, font, width - 2.0 * PAD, 1.2);
    let h = height.unwrap_or((block.height + 2.0 * PAD).max(MIN_HEIGHT));
    let text = Placed::middle(block, x + width / 2.0, y + h / 2.0);
    Node {
        rect: Rect {
            x,
            y,
            width,
            height: h,
        },
        text,
        colour,
    }
}

/// The height a box around `raw` needs at `width`.
fn needed(raw: &str, font: f32, width: f32) -> f32 {
    (literal_block(raw, font, width - 2.0 * PAD, 1.2).height + 2.0 * PAD).max(MIN_HEIGHT)
}

/// The width a box around `raw` needs: [`BOX_WIDTH`], or more for a word
/// longer than that.
fn width_for(raw: &str, font: f32) -> f32 {
    let b = literal_block(raw, font, BOX_WIDTH - 2.0 * PAD, 1.2);
    (b.width + 2.0 * PAD).max(BOX_WIDTH)
}

/// Lays out `d` at the font size `config` gives (16 px by default).
/// Never fails: a timeline without periods is its title and its
/// sections.
///
/// Post-conditions: every box lies inside `width` × `height`; no two
/// boxes overlap; each text lies inside its box.
pub(crate) fn layout(d: &Timeline, config: &Config) -> Geometry {
    let font = config
        .font_size
        .filter(|f| f.is_finite() && *f >= 4.0 && *f <= 100.0)
        .unwrap_or(16.0);
    let multicolour = config.timeline.disable_multicolor != Some(true);

    // Columns: one per period; a section without periods takes one.
    #[derive(Clone, Copy)]
    enum Column {
        Period(usize),
        Empty(usize),
    }
    let mut columns = Vec::new();
    for (s, _) in d.sections.iter().enumerate() {
        if s == 0 {
            columns.extend(
                (0..d.periods.len())
                    .filter(|&p| d.periods[p].section.is_none())
                    .map(Column::Period),
            );
        }
        let mine: Vec<usize> = (0..d.periods.len())
            .filter(|&p| d.periods[p].section == Some(s))
            .collect();
        if mine.is_empty() {
            columns.push(Column::Empty(s));
        }
        columns.extend(mine.into_iter().map(Column::Period));
    }
    if d.sections.is_empty() {
        columns.extend((0..d.periods.len()).map(Column::Period));
    }
    let widths: Vec<f32> = columns
        .iter()
        .map(|c| match *c {
            Column::Period(p) => {
                let period = &d.periods[p];
                std::iter::once(period.text.as_str())
                    .chain(period.events.iter().map(|e| e.text.as_str()))
                    .map(|t| width_for(t, font))
                    .fold(BOX_WIDTH, f32::max)
            }
            Column::Empty(_) => BOX_WIDTH,
        })
        .collect();
    let mut xs = Vec::with_capacity(columns.len());
    let mut x = MARGIN;
    for w in &widths {
        xs.push(x);
        x += w + COLUMN_GAP;
    }
    let content_right = (x - COLUMN_GAP).max(MARGIN + BOX_WIDTH);

    let title = d
        .title
        .as_deref()
        .and_then(|t| bold_title(t, font * 2.0))
        .map(|b| Placed::at(b, MARGIN, ROW_GAP));
    let mut y = title
        .as_ref()
        .map_or(ROW_GAP, |t| t.rect.y + t.rect.height + ROW_GAP);

    // Sections over their columns.
    let colour_of_section = |s: usize| if multicolour { s % 12 } else { 0 };
    let mut sections = Vec::new();
    if !d.sections.is_empty() {
        let spans: Vec<(f32, f32)> = (0..d.sections.len())
            .map(|s| {
                let mine = columns.iter().enumerate().filter(|(_, c)| match **c {
                    Column::Period(p) => d.periods[p].section == Some(s),
                    Column::Empty(e) => e == s,
                });
                let (mut lo, mut hi) = (f32::INFINITY, f32::NEG_INFINITY);
                for (k, _) in mine {
                    lo = lo.min(xs[k]);
                    hi = hi.max(xs[k] + widths[k]);
                }
                (lo, hi)
            })
            .collect();
        let height = d
            .sections
            .iter()
            .zip(&spans)
            .map(|(s, (lo, hi))| needed(&s.text, font, hi - lo))
            .fold(MIN_HEIGHT, f32::max);
        for (k, (s, (lo, hi))) in d.sections.iter().zip(&spans).enumerate() {
            sections.push(node(&s.text, font, *lo, y, hi - lo, Some(height), colour_of_section(k)));
        }
        y += height + ROW_GAP;
    }

    // Periods, all as tall as the tallest.
    let colour_of_period = |p: usize| match d.periods[p].section {
        Some(s) => colour_of_section(s),
        None if d.sections.is_empty() && multicolour => p % 12,
        None => 0,
    };
    let column_of: Vec<(usize, usize)> = columns
        .iter()
        .enumerate()
        .filter_map(|(k, c)| match *c {
            Column::Period(p) => Some((p, k)),
            Column::Empty(_) => None,
        })
        .collect();
    let period_height = column_of
        .iter()
        .map(|&(p, k)| needed(&d.periods[p].text, font, widths[k]))
        .fold(MIN_HEIGHT, f32::max);
    let mut periods = vec![None; d.periods.len()];
    let mut events = vec![Vec::new(); d.periods.len()];
    let mut stems = vec![(Point::new(0.0, 0.0), Point::new(0.0, 0.0)); d.periods.len()];
    let line_y = y + period_height + ROW_GAP;
    let mut bottom = line_y;
    for &(p, k) in &column_of {
        let colour = colour_of_period(p);
        let n = node(&d.periods[p].text, font, xs[k], y, widths[k], Some(period_height), colour);
        let mut ey = line_y + ROW_GAP;
        for e in &d.periods[p].events {
            let ev = node(&e.text, font, xs[k], ey, widths[k], None, colour);
            ey = ev.rect.y + ev.rect.height + EVENT_GAP;
            events[p].push(ev);
        }
        let cx = xs[k] + widths[k] / 2.0;
        let stem_end = if events[p].is_empty() { line_y } else { ey - EVENT_GAP + ROW_GAP };
        stems[p] = (Point::new(cx, y + period_height), Point::new(cx, stem_end));
        bottom = bottom.max(stem_end);
        periods[p] = Some(n);
    }
    let periods: Vec<Node> = periods.into_iter().flatten().collect();
    let line = (
        Point::new(MARGIN / 2.0, line_y),
        Point::new(content_right + MARGIN / 2.0, line_y),
    );
    let title_right = title.as_ref().map_or(0.0, |t| t.rect.x + t.rect.width);
    let width = (content_right + MARGIN).max(title_right + MARGIN);
    let height = bottom + MARGIN / 2.0;
    Geometry {
        width,
        height,
        title,
        sections,
        periods,
        events,
        stems,
        line,
    }
}
