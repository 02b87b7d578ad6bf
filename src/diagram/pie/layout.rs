//! Where a pie chart's parts go, in Mermaid's proportions: a pie of
//! radius 185 in a 450 × 450 square (a 40 px margin), slices clockwise
//! from twelve o'clock in source order, the title 200 px above the
//! centre, the legend (18 px swatches, 22 px apart) centred on the pie's
//! height to its right, the view box as wide as the legend needs.
//!
//! Slices under 1% of the total are left out of the pie (they stay in the
//! legend), as in Mermaid; each drawn slice shows its share as a whole
//! percentage at `textPosition` of the radius. A percentage that would
//! cover another text moves outwards along its slice's middle until it
//! is clear.

use super::model::PieChart;
use crate::config::Config;
use crate::diagram::chart::Placed;
use crate::layout::{Point, Rect};
use crate::text::{layout_text, LabelKind, TextBlock, Wrap};

/// Mermaid's pie square, px.
const SQUARE: f32 = 450.0;
/// Room between the square's edge and the pie.
const MARGIN: f32 = 40.0;
/// A legend swatch's side.
const SWATCH: f32 = 18.0;
/// Room between legend rows and between a swatch and its text.
const LEGEND_GAP: f32 = 4.0;

/// What the layout reads from the settings.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Settings {
    /// `pie.textPosition`, clamped to `0..=1`.
    pub text_position: f32,
    /// `pieTitleTextSize`, px.
    pub title_size: f32,
    /// `pieSectionTextSize`, px.
    pub section_size: f32,
    /// `pieLegendTextSize`, px.
    pub legend_size: f32,
    /// `pieOuterStrokeWidth`, px.
    pub outer_stroke_width: f32,
}

impl Settings {
    /// The settings `config` gives, Mermaid's defaults for the rest.
    pub fn from_config(config: &Config) -> Settings {
        let px = |name: &str, default: f32| {
            config
                .theme_variables
                .iter()
                .rev()
                .find(|(k, _)| k == name)
                .and_then(|(_, v)| v.trim().trim_end_matches("px").trim().parse::<f32>().ok())
                .filter(|v| v.is_finite() && *v >= 0.0 && *v <= 200.0)
                .unwrap_or(default)
        };
        Settings {
            text_position: config
                .pie
                .text_position
                .filter(|v| v.is_finite())
                .unwrap_or(0.75)
                .clamp(0.0, 1.0),
            title_size: px("pieTitleTextSize", 25.0).max(1.0),
            section_size: px("pieSectionTextSize", 17.0).max(1.0),
            legend_size: px("pieLegendTextSize", 17.0).max(1.0),
            outer_stroke_width: px("pieOuterStrokeWidth", 2.0),
        }
    }
}

/// One drawn slice.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SliceGeo {
    /// Index of the slice in the model.
    pub slice: usize,
    /// Start angle, radians clockwise from twelve o'clock.
    pub start: f32,
    /// End angle.
    pub end: f32,
    /// Its fill: index into the theme's twelve pie colours.
    pub colour: usize,
    /// Its percentage, when it shows one.
    pub label: Option<Placed>,
}

/// One legend row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LegendRow {
    /// The swatch.
    pub swatch: Rect,
    /// Its fill: index into the theme's twelve pie colours.
    pub colour: usize,
    /// `Label` or `Label [value]`.
    pub text: Placed,
}

/// A laid-out pie chart.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Geometry {
    /// Width of the view box.
    pub width: f32,
    /// Height of the view box.
    pub height: f32,
    /// The pie's centre.
    pub centre: Point,
    /// The pie's radius.
    pub radius: f32,
    /// Radius of the circle drawn around the pie.
    pub outer_radius: f32,
    /// The title, when there is one.
    pub title: Option<Placed>,
    /// The drawn slices, clockwise.
    pub slices: Vec<SliceGeo>,
    /// Legend rows, one per slice of the model, in source order.
    pub legend: Vec<LegendRow>,
}

/// The point at `angle` (clockwise from twelve o'clock) and `r` from `c`.
pub(crate) fn polar(c: Point, r: f32, angle: f32) -> Point {
    Point::new(c.x + r * angle.sin(), c.y - r * angle.cos())
}

/// Whether two boxes share more than a hair.
fn overlap(a: Rect, b: Rect) -> bool {
    let eps = 0.5;
    a.x + a.width > b.x + eps
        && b.x + b.width > a.x + eps
        && a.y + a.height > b.y + eps
        && b.y + b.height > a.y + eps
}

/// One line of text at `size` px, never wrapped, its line box 1.2 em
/// tall (so legend rows 22 px apart hold 17 px text without their boxes
/// overlapping).
fn line(text: &str, size: f32) -> TextBlock {
    layout_text(text, LabelKind::Text, size, Wrap::NEVER).spaced(1.2)
}

/// Lays out `d` with `s`. Never fails: an empty chart or one whose values
/// are all zero is a bare circle with its legend.
///
/// Post-conditions: every box lies inside `width` × `height`; legend rows
/// and the title do not overlap; each percentage is clear of every other
/// text unless no place along its slice's middle is.
pub(crate) fn layout(d: &PieChart, s: &Settings) -> Geometry {
    let radius = SQUARE / 2.0 - MARGIN;
    let mut centre = Point::new(SQUARE / 2.0, SQUARE / 2.0);
    let total = d.total();
    // Colours go to labels in the order they are first asked for: the
    // drawn slices first, then the legend's others (Mermaid's ordinal
    // scale grows the same way).
    let shown: Vec<usize> = (0..d.slices.len())
        .filter(|&k| total > 0.0 && d.slices[k].value / total * 100.0 >= 1.0)
        .collect();
    let mut colour_of = vec![0usize; d.slices.len()];
    let order = shown
        .iter()
        .copied()
        .chain((0..d.slices.len()).filter(|k| !shown.contains(k)));
    for (n, k) in order.enumerate() {
        colour_of[k] = n % 12;
    }

    let title = d
        .title
        .as_deref()
        .map(|t| line(t, s.title_size))
        .filter(|b| !b.is_empty())
        .map(|b| {
            let cy = centre.y - (SQUARE - 50.0) / 2.0;
            Placed::middle(b, centre.x, cy)
        });

    // The legend: rows 22 px apart, centred on the pie's middle.
    let row = SWATCH + LEGEND_GAP;
    let n = d.slices.len() as f32;
    let legend_x = centre.x + 12.0 * SWATCH;
    let legend: Vec<LegendRow> = d
        .slices
        .iter()
        .enumerate()
        .map(|(k, slice)| {
            let y = centre.y + k as f32 * row - row * n / 2.0;
            let text = if d.show_data {
                format!("{} [{}]", slice.label, slice.value_text())
            } else {
                slice.label.clone()
            };
            let block = line(&text, s.legend_size);
            let text = Placed::at(
                block.clone(),
                legend_x + row,
                y + SWATCH / 2.0 - block.height / 2.0,
            );
            LegendRow {
                swatch: Rect {
                    x: legend_x,
                    y,
                    width: SWATCH,
                    height: SWATCH,
                },
                colour: colour_of[k],
                text,
            }
        })
        .collect();

    // A title too wide to clear a tall legend goes above the legend.
    let title = title.map(|mut t| {
        let legend_top = legend.iter().map(|r| r.swatch.y).fold(f32::INFINITY, f32::min);
        if legend.iter().any(|r| overlap(r.text.rect, t.rect) || overlap(r.swatch, t.rect)) {
            t.rect.y = legend_top - t.rect.height - LEGEND_GAP;
        }
        t
    });

    // Slices clockwise from twelve o'clock over the drawn ones' sum.
    let drawn_total: f64 = shown.iter().map(|&k| d.slices[k].value).sum();
    let mut placed: Vec<Rect> = title.iter().map(|t| t.rect).collect();
    placed.extend(legend.iter().map(|r| r.text.rect));
    let mut angle = 0.0f64;
    let mut slices = Vec::with_capacity(shown.len());
    for &k in &shown {
        let value = d.slices[k].value;
        let sweep = value / drawn_total * std::f64::consts::TAU;
        let (start, end) = (angle as f32, (angle + sweep) as f32);
        angle += sweep;
        let share = (value / total * 100.0).round();
        let label = (share > 0.0).then(|| {
            let block = line(&format!("{share}%"), s.section_size);
            let mid = (start + end) / 2.0;
            let mut r = radius * s.text_position;
            let mut spot = Placed::middle(block.clone(), 0.0, 0.0);
            for _ in 0..40 {
                let p = polar(centre, r, mid);
                spot = Placed::middle(block.clone(), p.x, p.y);
                if !placed.iter().any(|q| overlap(*q, spot.rect)) {
                    break;
                }
                r += block.font_size * 0.5;
            }
            placed.push(spot.rect);
            spot
        });
        slices.push(SliceGeo {
            slice: k,
            start,
            end,
            colour: colour_of[k],
            label,
        });
    }

    // The view box: Mermaid's square and legend, grown to hold whatever
    // reaches past them (a long title, a tall legend), then moved so it
    // starts at the origin.
    let outer_radius = radius + s.outer_stroke_width / 2.0;
    let widest = legend.iter().map(|r| r.text.block.width).fold(0.0, f32::max);
    let mut min = Point::new(0.0, 0.0);
    let mut max = Point::new(SQUARE + MARGIN + row + widest, SQUARE);
    let mut grow = |r: Rect| {
        min.x = min.x.min(r.x);
        min.y = min.y.min(r.y);
        max.x = max.x.max(r.x + r.width);
        max.y = max.y.max(r.y + r.height);
    };
    let pie_box = Rect {
        x: centre.x - outer_radius - s.outer_stroke_width,
        y: centre.y - outer_radius - s.outer_stroke_width,
        width: 2.0 * (outer_radius + s.outer_stroke_width),
        height: 2.0 * (outer_radius + s.outer_stroke_width),
    };
    grow(pie_box);
    for r in placed.iter().chain(legend.iter().map(|r| &r.swatch)) {
        grow(*r);
    }
    let pad = |v: f32| if v < 0.0 { v - 8.0 } else { v };
    let shift = Point::new(-pad(min.x), -pad(min.y));
    let width = max.x + shift.x + if min.x < 0.0 { 8.0 } else { 0.0 };
    let height = max.y + shift.y + if max.y > SQUARE { 8.0 } else { 0.0 };
    let moved = |r: Rect| Rect {
        x: r.x + shift.x,
        y: r.y + shift.y,
        ..r
    };
    let move_placed = |p: Placed| Placed {
        rect: moved(p.rect),
        block: p.block,
    };
    centre = Point::new(centre.x + shift.x, centre.y + shift.y);
    Geometry {
        width,
        height,
        centre,
        radius,
        outer_radius,
        title: title.map(move_placed),
        slices: slices
            .into_iter()
            .map(|g| SliceGeo {
                label: g.label.map(move_placed),
                ..g
            })
            .collect(),
        legend: legend
            .into_iter()
            .map(|r| LegendRow {
                swatch: moved(r.swatch),
                text: move_placed(r.text),
                ..r
            })
            .collect(),
    }
}
