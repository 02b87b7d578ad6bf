//! Layout of a state diagram on the layered engine (`src/layered/`): every
//! simple state, pseudo-state and note is a node sized by its text or its
//! fixed shape; every composite state is a titled cluster (with its own
//! direction), its concurrency regions untitled clusters inside it;
//! transitions to or from a composite end on its frame; a note hangs on
//! its state by an unlabelled edge. The engine's geometry comes back
//! indexed by the diagram's own states, transitions and notes.

use crate::layered::{self, Cluster, Curve, Edge, End, Node, Size};
use crate::diagram::flowchart::shape::outline;
use crate::layered::geometry::{box_outline, Point, Rect};
use crate::layout::{Cubic, TextBlock};
use crate::config::Config;
use crate::layout::{Direction, Shape};
use crate::text::LabelKind;
use crate::text::{layout_text, Wrap};

use super::model::{Side, StateDiagram, StateKind};

/// Padding around a state's text.
const STATE_PAD: f32 = 8.0;
/// Padding around a note's text.
const NOTE_PAD: f32 = 15.0;
/// Room around a transition label's text in its box (each side).
const LABEL_PAD: (f32, f32) = (2.0, 1.0);
/// A start or end circle's diameter.
pub(crate) const CIRCLE: f32 = 14.0;
/// A fork or join bar: length and thickness.
pub(crate) const BAR: (f32, f32) = (70.0, 10.0);
/// A choice diamond's width and height.
pub(crate) const CHOICE: f32 = 28.0;
/// Space between a composite's frame and what it holds.
const COMPOSITE_PAD: f32 = 12.0;
/// Space between a region's dashed frame and what it holds.
const REGION_PAD: f32 = 10.0;
/// Width at which transition labels wrap.
const LABEL_WRAP: f32 = 200.0;

/// Settings the layout reads from the config.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Settings {
    /// Font size of every text, px.
    pub font_size: f32,
    node_spacing: f32,
    rank_spacing: f32,
    margin: f32,
}

impl Settings {
    /// The settings `config` gives (Mermaid's defaults where it is silent):
    /// the font size and the `state` section's spacing.
    pub(crate) fn from_config(config: &Config) -> Settings {
        let ok = |v: Option<f32>, d: f32| v.filter(|s| s.is_finite() && *s >= 0.0).unwrap_or(d);
        Settings {
            font_size: config
                .font_size
                .filter(|s| *s > 1.0 && *s < 200.0)
                .unwrap_or(16.0),
            node_spacing: ok(config.state.node_spacing, 50.0),
            rank_spacing: ok(config.state.rank_spacing, 50.0),
            margin: 8.0,
        }
    }
}

/// A drawn simple state or pseudo-state.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Placed {
    /// Its box.
    pub rect: Rect,
    /// The shape drawn.
    pub shape: Shape,
    /// Its name (empty for pseudo-states, forks, joins and choices).
    pub title: TextBlock,
    /// Its description lines under the divider (maybe empty).
    pub body: TextBlock,
}

/// A composite state's frame.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Composite {
    /// The frame, title band included.
    pub rect: Rect,
    /// Its title.
    pub title: TextBlock,
    /// Centre of the title's first line.
    pub title_center: Point,
    /// Height of the title band (from the frame's top).
    pub band: f32,
}

/// A routed transition or note link.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Routed {
    /// Cubic pieces of the path.
    pub path: Vec<Cubic>,
    /// The path flattened.
    pub points: Vec<Point>,
    /// The label, measured.
    pub label: Option<TextBlock>,
    /// The label's background box.
    pub label_box: Option<Rect>,
}

/// A drawn note.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PlacedNote {
    /// Its box.
    pub rect: Rect,
    /// Its text.
    pub text: TextBlock,
    /// The dashed link to its state.
    pub link: Routed,
}

/// The geometry of a state diagram, indexed like the model.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Geometry {
    /// Drawing width.
    pub width: f32,
    /// Drawing height.
    pub height: f32,
    /// Each state's box (`None` for a composite).
    pub states: Vec<Option<Placed>>,
    /// Each state's frame when it is a composite.
    pub composites: Vec<Option<Composite>>,
    /// Each scope's dashed region frame (when its composite has several).
    pub regions: Vec<Option<Rect>>,
    /// Each transition.
    pub transitions: Vec<Routed>,
    /// Each note.
    pub notes: Vec<PlacedNote>,
    /// The diagram title and the centre of its first line.
    pub title: Option<(TextBlock, Point)>,
}

/// The engine direction of a diagram direction.
fn engine_direction(d: Direction) -> layered::Direction {
    match d {
        Direction::TopBottom => layered::Direction::TopBottom,
        Direction::BottomTop => layered::Direction::BottomTop,
        Direction::LeftRight => layered::Direction::LeftRight,
        Direction::RightLeft => layered::Direction::RightLeft,
    }
}

/// Measures `raw` as a plain label at `size`.
fn measure(raw: &str, size: f32, wrap: Wrap) -> TextBlock {
    layout_text(raw, LabelKind::Text, size, wrap)
}

/// The direction a state's document is laid out in.
fn direction_of(d: &StateDiagram, scope: Option<usize>) -> Direction {
    match scope {
        Some(s) => composite_direction(&d.states[d.scopes[s].state]),
        None => d.direction,
    }
}

/// The direction a composite state is laid out in: its own `direction`,
/// else top to bottom, whatever its parent's (as Mermaid 11 draws it,
/// checked with mmdc at two depths in a left-to-right diagram).
fn composite_direction(st: &super::model::State) -> Direction {
    st.direction.unwrap_or(Direction::TopBottom)
}

/// Whether state `inner` is `outer` or lies (at any depth) inside it.
fn within(d: &StateDiagram, inner: usize, outer: usize) -> bool {
    let mut cur = Some(inner);
    let mut guard = 0;
    while let Some(s) = cur {
        if s == outer {
            return true;
        }
        cur = d.states[s].parent.map(|sc| d.scopes[sc].state);
        guard += 1;
        if guard > d.states.len() {
            break;
        }
    }
    false
}

/// Lays out `d`. Never fails: every parsed diagram gets a picture.
///
/// Guarantees what the engine guarantees (no overlapping nodes, frames
/// that hold their members and keep others out, edges that do not cross
/// nodes they do not join, labels that hit nothing); composites' frames
/// end on their title bands, notes sit next to their states.
pub(crate) fn layout(d: &StateDiagram, s: &Settings) -> Geometry {
    let fs = s.font_size;
    let never = Wrap::NEVER;
    let label_wrap = Wrap {
        width: LABEL_WRAP,
        ..Wrap::NEVER
    };
    // Clusters: each composite, then its regions when it has several.
    let mut cluster_of_state: Vec<Option<usize>> = vec![None; d.states.len()];
    let mut cluster_of_scope: Vec<Option<usize>> = vec![None; d.scopes.len()];
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut titles: Vec<(usize, TextBlock)> = Vec::new();
    let inner_cluster = |scope: Option<usize>,
                         of_state: &[Option<usize>],
                         of_scope: &[Option<usize>]|
     -> Option<usize> {
        let s = scope?;
        of_scope[s].or(of_state[d.scopes[s].state])
    };
    for (i, st) in d.states.iter().enumerate() {
        if !st.composite {
            continue;
        }
        let title = measure(st.title(), fs, never);
        let parent = inner_cluster(st.parent, &cluster_of_state, &cluster_of_scope);
        clusters.push(Cluster {
            parent,
            // Only a turn is a block of its own for the engine; the same
            // direction as the parent's is laid out with it.
            direction: (composite_direction(st) != direction_of(d, st.parent))
                .then(|| engine_direction(composite_direction(st))),
            title: Size::new(title.width, title.height),
            title_line: title.line_height(),
            titled: !title.is_empty(),
            padding: COMPOSITE_PAD,
        });
        let c = clusters.len() - 1;
        cluster_of_state[i] = Some(c);
        titles.push((i, title));
        let regions = d.regions(i);
        if regions.len() > 1 {
            for r in regions {
                clusters.push(Cluster {
                    parent: Some(c),
                    direction: None,
                    title: Size::default(),
                    title_line: 0.0,
                    titled: false,
                    padding: REGION_PAD,
                });
                cluster_of_scope[r] = Some(clusters.len() - 1);
            }
        }
    }
    let cluster_for = |scope: Option<usize>| inner_cluster(scope, &cluster_of_state, &cluster_of_scope);

    // Nodes: simple states and pseudo-states, then notes.
    let mut nodes: Vec<Node> = Vec::new();
    let mut node_of: Vec<Option<usize>> = vec![None; d.states.len()];
    let mut placed: Vec<Option<(Shape, TextBlock, TextBlock)>> = vec![None; d.states.len()];
    for (i, st) in d.states.iter().enumerate() {
        if st.composite {
            continue;
        }
        let vertical = !direction_of(d, st.parent).is_horizontal();
        let empty = || TextBlock {
            font_size: fs,
            ..TextBlock::default()
        };
        let (shape, w, h, title, body) = match st.kind {
            StateKind::Start => (Shape::SmallCircle, CIRCLE, CIRCLE, empty(), empty()),
            StateKind::End => (Shape::FramedCircle, CIRCLE, CIRCLE, empty(), empty()),
            StateKind::Fork | StateKind::Join => {
                let (w, h) = if vertical { BAR } else { (BAR.1, BAR.0) };
                (Shape::Fork, w, h, empty(), empty())
            }
            StateKind::Choice => (Shape::Choice, CHOICE, CHOICE, empty(), empty()),
            StateKind::Plain => {
                let title = measure(st.title(), fs, never);
                let lines: Vec<&str> = st.body().iter().map(|t| t.raw.as_str()).collect();
                let body = measure(&lines.join("\n"), fs, never);
                if body.is_empty() {
                    let w = title.width.max(fs) + 2.0 * STATE_PAD;
                    let h = title.height.max(title.line_height()) + 2.0 * STATE_PAD;
                    (Shape::State, w, h, title, body)
                } else {
                    let w = title.width.max(body.width) + 2.0 * STATE_PAD;
                    let h = title.height + body.height + 2.0 * STATE_PAD;
                    (Shape::DividedRect, w, h, title, body)
                }
            }
        };
        nodes.push(Node {
            size: Size::new(w, h),
            outline: match shape {
                Shape::State | Shape::DividedRect | Shape::Fork => box_outline(w, h),
                _ => outline(shape, w, h),
            },
            cluster: cluster_for(st.parent),
        });
        node_of[i] = Some(nodes.len() - 1);
        placed[i] = Some((shape, title, body));
    }
    let end = |i: usize| match (node_of[i], cluster_of_state[i]) {
        (Some(n), _) => End::Node(n),
        (None, Some(c)) => End::Cluster(c),
        // Unreachable: every state is a node or a composite.
        (None, None) => End::Node(0),
    };
    let mut edges: Vec<Edge> = Vec::new();
    let mut labels: Vec<Option<TextBlock>> = Vec::new();
    // The engine edges of each transition: one, or two through an anchor
    // for a composite's loop onto itself (the engine loops on nodes only).
    let mut parts: Vec<Vec<usize>> = Vec::with_capacity(d.transitions.len());
    for t in &d.transitions {
        let label = t
            .label
            .as_ref()
            .map(|l| measure(&l.raw, fs, label_wrap))
            .filter(|b| !b.is_empty());
        let size = label
            .as_ref()
            .map(|b| Size::new(b.width + 2.0 * LABEL_PAD.0, b.height + 2.0 * LABEL_PAD.1));
        let edge = |from, to, label| Edge {
            from,
            to,
            label,
            min_length: 1,
            weight: 1.0,
            curve: Curve::Basis,
        };
        // A composite's loop onto itself, or a transition between a
        // composite and something inside it: out of the frame to an anchor
        // beside the composite and back (the engine joins a cluster only
        // from outside it).
        let around = [(t.from, t.to), (t.to, t.from)]
            .into_iter()
            .find(|&(outer, inner)| node_of[outer].is_none() && within(d, inner, outer))
            .map(|(outer, _)| outer);
        if let Some(outer) = around {
            nodes.push(Node {
                size: Size::new(2.0, 2.0),
                outline: box_outline(2.0, 2.0),
                cluster: cluster_for(d.states[outer].parent),
            });
            let anchor = End::Node(nodes.len() - 1);
            edges.push(edge(end(t.from), anchor, size));
            edges.push(edge(anchor, end(t.to), None));
            parts.push(vec![edges.len() - 2, edges.len() - 1]);
        } else {
            edges.push(edge(end(t.from), end(t.to), size));
            parts.push(vec![edges.len() - 1]);
        }
        labels.push(label);
    }
    let mut note_texts = Vec::with_capacity(d.notes.len());
    let mut note_nodes = Vec::with_capacity(d.notes.len());
    let mut note_edges = Vec::with_capacity(d.notes.len());
    for n in &d.notes {
        let text = measure(&n.text.raw, fs, never);
        let w = text.width + 2.0 * NOTE_PAD;
        let h = text.height.max(text.line_height()) + 2.0 * NOTE_PAD;
        nodes.push(Node {
            size: Size::new(w, h),
            outline: box_outline(w, h),
            cluster: cluster_for(d.states[n.state].parent),
        });
        note_nodes.push(nodes.len() - 1);
        let me = End::Node(nodes.len() - 1);
        let (from, to) = match n.side {
            Side::Right => (end(n.state), me),
            Side::Left => (me, end(n.state)),
        };
        edges.push(Edge {
            from,
            to,
            label: None,
            min_length: 1,
            weight: 1.0,
            curve: Curve::Basis,
        });
        note_edges.push(edges.len() - 1);
        note_texts.push(text);
    }
    let graph = layered::Graph {
        direction: engine_direction(d.direction),
        nodes,
        edges,
        clusters,
        spacing: layered::Spacing {
            node: s.node_spacing,
            rank: s.rank_spacing,
            margin: s.margin,
            compound_margin: s.margin,
        },
    };
    let mut g = if graph.nodes.is_empty() && graph.clusters.is_empty() {
        layered::Geometry {
            width: 2.0 * s.margin,
            height: 2.0 * s.margin,
            ..Default::default()
        }
    } else {
        layered::layout(&graph)
    };
    let title = d
        .title
        .as_ref()
        .map(|t| t.raw.trim())
        .filter(|t| !t.is_empty())
        .map(|t| {
            let block = measure(t, fs * 1.125, never);
            let band = block.height + 8.0;
            g.translate(0.0, band);
            g.height += band;
            let width = block.width + 2.0 * s.margin;
            if width > g.width {
                g.translate((width - g.width) / 2.0, 0.0);
                g.width = width;
            }
            let centre = Point::new(g.width / 2.0, s.margin + block.line_height() / 2.0);
            (block, centre)
        });

    let mut transitions = Vec::with_capacity(d.transitions.len());
    for (label, ks) in labels.into_iter().zip(&parts) {
        let mut r = Routed {
            label,
            ..Routed::default()
        };
        for &k in ks {
            let Some(route) = g.edges.get(k) else { continue };
            r.path.extend(route.path.iter().copied());
            r.points.extend(route.points.iter().copied());
            r.label_box = r.label_box.or(route.label_box);
        }
        if r.label.is_none() {
            r.label_box = None;
        }
        transitions.push(r);
    }
    let notes = note_texts
        .into_iter()
        .zip(note_nodes.iter().zip(&note_edges))
        .map(|(text, (&n, &e))| {
            let r = g.edges.get(e).cloned().unwrap_or_default();
            PlacedNote {
                rect: g.nodes.get(n).copied().unwrap_or_default(),
                text,
                link: Routed {
                    path: r.path,
                    points: r.points,
                    label: None,
                    label_box: None,
                },
            }
        })
        .collect();
    let states = placed
        .into_iter()
        .zip(&node_of)
        .map(|(p, n)| {
            let (shape, title, body) = p?;
            Some(Placed {
                rect: g.nodes.get((*n)?).copied().unwrap_or_default(),
                shape,
                title,
                body,
            })
        })
        .collect();
    let mut composites: Vec<Option<Composite>> = vec![None; d.states.len()];
    for (i, title) in titles {
        let Some(c) = cluster_of_state[i] else { continue };
        let frame = g.clusters.get(c).copied().unwrap_or_default();
        let band = if title.is_empty() {
            4.0
        } else {
            frame.title_center.y - frame.rect.y + title.height - title.line_height() / 2.0 + 4.0
        };
        composites[i] = Some(Composite {
            rect: frame.rect,
            title,
            title_center: frame.title_center,
            band,
        });
    }
    let regions = cluster_of_scope
        .iter()
        .map(|c| c.and_then(|c| g.clusters.get(c)).map(|f| f.rect))
        .collect();
    Geometry {
        width: g.width,
        height: g.height,
        states,
        composites,
        regions,
        transitions,
        notes,
        title,
    }
}
