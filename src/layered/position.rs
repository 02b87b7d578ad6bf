//! Coordinates: places nodes along each rank and the ranks across.
//!
//! Takes an ordered layered graph (clusters contiguous and consistently
//! ordered, see `order`). Along the ranks, every node, and each cluster's
//! two frame sides, is a variable; separation and containment are
//! difference constraints `x[b] - x[a] >= d`.
//!
//! The positions minimise `Σ ω·|x_u − x_v|` over the layout edges under
//! those constraints, by network simplex on the auxiliary graph (Gansner et
//! al. 1993, §4.2), with long-edge segments weighing most so they run
//! straight. Up to about 1,000 flowchart nodes it solves the whole
//! auxiliary graph from scratch: the optimum. Network simplex from scratch
//! grows about with the square of the size on graphs without subgraphs
//! (5 s at 20,000 nodes), much less with them, where frames leave little
//! freedom (0.26 s). So a larger graph with subgraphs first gets network
//! simplex from scratch within a work budget linear in its size, and any
//! other larger graph gets close in steps that are each linear:
//!
//! 1. projected Gauss-Seidel sweeps (each node towards the weighted mean of
//!    its neighbours, within what its constraints allow, then each run of
//!    touching rank neighbours as one block to the weighted median of its
//!    pulls) give a start;
//! 2. network simplex places one band of ranks after another optimally
//!    with the rest held fixed, in two passes with shifted bands;
//! 3. with subgraphs, whose frames tie ranks together beyond a band,
//!    network simplex on the whole auxiliary graph, started from that
//!    solution, pivots within a work budget.
//!
//! On generated graphs of 1,500 to 40,000 nodes with subgraphs that gives
//! the optimum; without subgraphs, 1,500 to 20,000 nodes end within 0.4–5.7%
//! of the optimum's weighted edge length, and 6.7–11.5% with edge labels
//! (twice the ranks, so more dummy nodes) (`docs/performance.md`).
//!
//! Brandes–Köpf was tried for the large graphs and measured worse than the
//! sweeps on generated graphs: its blocks of aligned long edges stack into
//! staircases that made drawings about six times wider and the weighted edge
//! length three to eight times larger (`docs/performance.md`).
//!
//! Guarantees: nodes of one rank keep their order and never overlap; every
//! cluster's sides enclose its members with padding and keep foreign nodes
//! and sibling frames outside.
//!
//! Across ranks, each rank is a band as deep as its deepest node; the gap
//! between bands grows by the padding and title of the frames that end or
//! begin there, so stacked frames never touch.

use petgraph::stable_graph::NodeIndex;
use petgraph::visit::{EdgeRef, IntoEdgeReferences, NodeIndexable};

use super::graph::{LayoutGraph, NodeKind};
use super::simplex::{refine, solve_within, Constraint, Limits};

/// Spacing settings along and across ranks.
#[derive(Debug, Clone, Copy)]
pub struct Spacing {
    /// Gap between neighbouring nodes of a rank.
    pub node: f32,
    /// Gap between neighbouring edge points.
    pub edge: f32,
    /// Gap between a frame and its neighbours.
    pub cluster: f32,
    /// Gap between ranks.
    pub rank: f32,
}

/// Cluster paddings on the four sides, in layout space.
#[derive(Debug, Clone, Copy, Default)]
pub struct Pads {
    /// Order-axis start side.
    pub order_lo: f32,
    /// Order-axis end side.
    pub order_hi: f32,
    /// Rank-axis start side.
    pub rank_lo: f32,
    /// Rank-axis end side.
    pub rank_hi: f32,
}

/// Places every node along its rank and sets each cluster's `lo`/`hi`
/// (see the module doc).
pub fn place_along_ranks(lg: &mut LayoutGraph, pads: &[Pads], spacing: Spacing) {
    let nb = lg.graph.node_bound();
    let n_vars = nb + 2 * lg.clusters.len();
    let lo = |c: usize| nb + 2 * c;
    let hi = |c: usize| nb + 2 * c + 1;
    let cons = constraints_of(lg, pads, spacing);
    let aux_size = n_vars + lg.graph.edge_count();
    let clustered = lg.clusters.iter().any(|c| c.ranks.is_some());
    let x = if aux_size <= SIMPLEX_LIMIT {
        simplex_positions(lg, n_vars, &cons, nb, usize::MAX).0
    } else {
        // Subgraph frames tie ranks together beyond any band of the
        // windows, and make network simplex from scratch cheap (well under
        // the budget on generated graphs up to 40,000 nodes): try it first.
        let exact = clustered
            .then(|| simplex_positions(lg, n_vars, &cons, nb, CLUSTERED_WORK))
            .filter(|(_, optimal)| *optimal);
        match exact {
            Some((x, _)) => x,
            None => approach(lg, n_vars, &cons, nb, clustered),
        }
    };
    for n in lg.graph.node_indices().collect::<Vec<_>>() {
        lg.graph[n].pos = x[n.index()];
    }
    for c in 0..lg.clusters.len() {
        lg.clusters[c].lo = x[lo(c)];
        lg.clusters[c].hi = x[hi(c)];
    }
}

/// Placement variables and constraints (see the module doc): `x[b] -
/// x[a] >= d` for each `(a, b, d)`. Nodes are variables by index, then each
/// cluster's low and high sides.
fn constraints_of(lg: &LayoutGraph, pads: &[Pads], spacing: Spacing) -> Vec<(usize, usize, f32)> {
    let nb = lg.graph.node_bound();
    let lo = |c: usize| nb + 2 * c;
    let hi = |c: usize| nb + 2 * c + 1;
    let mut cons: Vec<(usize, usize, f32)> = Vec::new();

    // Neighbours on a rank.
    for layer in &lg.layers {
        for pair in layer.windows(2) {
            let (u, v) = (pair[0], pair[1]);
            let (nu, nv) = (&lg.graph[u], &lg.graph[v]);
            let cu = lg.cluster_chain(nu.cluster);
            let cv = lg.cluster_chain(nv.cluster);
            // Chains run innermost first and share their outer part: the
            // outermost cluster holding one node and not the other sits just
            // inside that common tail (linear, not quadratic, in the depth).
            let common = cu
                .iter()
                .rev()
                .zip(cv.iter().rev())
                .take_while(|(a, b)| a == b)
                .count();
            let only_u = cu.len().checked_sub(common + 1).map(|k| cu[k]);
            let only_v = cv.len().checked_sub(common + 1).map(|k| cv[k]);
            let sep_u = if only_u.is_some() {
                spacing.cluster
            } else if nu.is_edge_part() {
                spacing.edge
            } else {
                spacing.node
            };
            let sep_v = if only_v.is_some() {
                spacing.cluster
            } else if nv.is_edge_part() {
                spacing.edge
            } else {
                spacing.node
            };
            let (left, left_off) = match only_u {
                Some(c) => (hi(c), 0.0),
                None => (u.index(), nu.breadth / 2.0),
            };
            let (right, right_off) = match only_v {
                Some(c) => (lo(c), 0.0),
                None => (v.index(), -nv.breadth / 2.0),
            };
            cons.push((left, right, left_off - right_off + (sep_u + sep_v) / 2.0));
        }
    }
    // Containment.
    for n in lg.graph.node_indices() {
        let node = &lg.graph[n];
        if let Some(c) = node.cluster {
            cons.push((lo(c), n.index(), node.breadth / 2.0 + pads[c].order_lo));
            cons.push((n.index(), hi(c), node.breadth / 2.0 + pads[c].order_hi));
        }
    }
    for (c, cl) in lg.clusters.iter().enumerate() {
        if cl.ranks.is_none() {
            continue;
        }
        if let Some(p) = cl.parent {
            cons.push((lo(p), lo(c), pads[p].order_lo));
            cons.push((hi(c), hi(p), pads[p].order_hi));
        }
        cons.push((lo(c), hi(c), cl.min_breadth));
    }
    cons
}

/// Largest auxiliary graph placed by network simplex from scratch: about
/// 1,000 flowchart nodes and their edges, where it takes about 13 ms. Its
/// cost grows about with the square of the size, so larger graphs start
/// from the sweeps and the windows ([`refine_in_windows`],
/// [`refine_whole`]).
/// (`tests/integration/layout.rs` relies on 1,500 generated nodes being over it.)
const SIMPLEX_LIMIT: usize = 6_000;

/// The placement problem of a graph too large for network simplex from
/// scratch as lists, built once for all the steps of [`approach`].
struct Lists {
    /// `(b, d)` of each constraint `x[b] - x[a] >= d` leaving `a`.
    outs: Vec<Vec<(usize, f32)>>,
    /// `(a, d)` of each constraint entering `b`.
    ins: Vec<Vec<(usize, f32)>>,
    /// The other end and the straightening weight of each layout edge at
    /// each node: straight long edges matter most.
    pulls: Vec<Vec<(usize, f32)>>,
}

impl Lists {
    fn new(lg: &LayoutGraph, n_vars: usize, cons: &[(usize, usize, f32)]) -> Self {
        let mut outs: Vec<Vec<(usize, f32)>> = vec![Vec::new(); n_vars];
        let mut ins: Vec<Vec<(usize, f32)>> = vec![Vec::new(); n_vars];
        for &(a, b, d) in cons {
            outs[a].push((b, d));
            ins[b].push((a, d));
        }
        let mut pulls: Vec<Vec<(usize, f32)>> = vec![Vec::new(); lg.graph.node_bound()];
        for e in lg.graph.edge_references() {
            let (s, t) = (e.source(), e.target());
            let w = straightening_weight(lg, s, t, e.weight().weight);
            pulls[s.index()].push((t.index(), w));
            pulls[t.index()].push((s.index(), w));
        }
        Lists { outs, ins, pulls }
    }
}

/// Positions of a graph too large for network simplex from scratch:
/// sweeps, then windows, then (with subgraphs) whole-graph pivots from
/// there (see the module doc).
fn approach(
    lg: &LayoutGraph,
    n_vars: usize,
    cons: &[(usize, usize, f32)],
    nb: usize,
    clustered: bool,
) -> Vec<f32> {
    let lists = Lists::new(lg, n_vars, cons);
    let mut x = least_solution(&lists);
    balance(lg, &mut x, &lists, nb);
    if let Some(mut xi) = integer_start(&x, &lists) {
        refine_in_windows(lg, &mut xi, &lists, nb);
        // Without frames the whole-graph pivots gained under 0.5% for a
        // third more time.
        if clustered {
            refine_whole(lg, &mut xi, cons, nb);
        }
        x = xi.iter().map(|&v| v as f32).collect();
    }
    x
}

/// Work budget (per variable of the auxiliary graph) of network simplex
/// from scratch on a large graph with subgraphs; generated ones need 41
/// (5,000 nodes) to 265 (40,000 nodes).
const CLUSTERED_WORK: usize = 320;

/// Network simplex on the auxiliary graph (Gansner et al. 1993, §4.2):
/// every layout edge `(u, v)` gets a node `n` with edges `n→u`, `n→v` of its
/// weight, so the optimum minimises `Σ ω·|x_u − x_v|` under the separation
/// and containment constraints; frames pull their sides together lightly.
/// Within `work` per variable (and at most about four pivots per
/// variable, which only hostile input reaches); also says whether the
/// result is the optimum.
fn simplex_positions(
    lg: &LayoutGraph,
    n_vars: usize,
    cons: &[(usize, usize, f32)],
    nb: usize,
    work: usize,
) -> (Vec<f32>, bool) {
    let (cs, total) = auxiliary_graph(lg, n_vars, cons, nb);
    let limits = Limits {
        pivots: 4 * total + 10_000,
        work: work.saturating_mul(total),
    };
    let (x, optimal) = solve_within(total, &cs, limits);
    (x[..n_vars].iter().map(|&v| v as f32).collect(), optimal)
}

/// The auxiliary graph of [`simplex_positions`] as constraints, and its
/// number of variables: the placement variables, then one per layout edge.
fn auxiliary_graph(
    lg: &LayoutGraph,
    n_vars: usize,
    cons: &[(usize, usize, f32)],
    nb: usize,
) -> (Vec<Constraint>, usize) {
    let mut cs: Vec<Constraint> = cons
        .iter()
        .map(|&(a, b, d)| Constraint {
            from: a,
            to: b,
            minlen: d.ceil() as i32,
            weight: 0.0,
        })
        .collect();
    for c in 0..lg.clusters.len() {
        if lg.clusters[c].ranks.is_some() {
            cs.push(Constraint {
                from: nb + 2 * c,
                to: nb + 2 * c + 1,
                minlen: 0,
                weight: 0.5,
            });
        }
    }
    let mut next = n_vars;
    for e in lg.graph.edge_references() {
        let (s, t) = (e.source(), e.target());
        let w = f64::from(straightening_weight(lg, s, t, e.weight().weight));
        for end in [s, t] {
            cs.push(Constraint {
                from: next,
                to: end.index(),
                minlen: 0,
                weight: w,
            });
        }
        next += 1;
    }
    (cs, next)
}

/// Largest coordinate the integer steps work with: constraint lengths and
/// coordinates up to it keep every sum and difference they form within
/// `i32`.
const INTEGER_REACH: i64 = 1 << 29;

/// A feasible integer solution close to `x` (constraint lengths rounded
/// up): in topological order, each variable rounded, then pushed up to
/// what its constraints demand. `None` when the constraints have a cycle,
/// which a consistent order never makes, or when a value would lie beyond
/// [`INTEGER_REACH`] (spacing settings in the billions).
fn integer_start(x: &[f32], lists: &Lists) -> Option<Vec<i32>> {
    let n = x.len();
    let (outs, ins) = (&lists.outs, &lists.ins);
    let mut xi = vec![0i64; n];
    let mut indeg: Vec<usize> = ins.iter().map(Vec::len).collect();
    let mut stack: Vec<usize> = (0..n).rev().filter(|&v| indeg[v] == 0).collect();
    let mut seen = 0;
    while let Some(v) = stack.pop() {
        seen += 1;
        let rounded = f64::from(x[v]).round() as i64;
        let least = ins[v]
            .iter()
            .map(|&(a, d)| xi[a].saturating_add(f64::from(d).ceil() as i64))
            .max();
        xi[v] = least.map_or(rounded, |l| l.max(rounded));
        if xi[v].abs() > INTEGER_REACH {
            return None;
        }
        for &(b, _) in &outs[v] {
            indeg[b] -= 1;
            if indeg[b] == 0 {
                stack.push(b);
            }
        }
    }
    (seen == n).then(|| xi.into_iter().map(|v| v as i32).collect())
}

/// Network simplex on the whole auxiliary graph, started from the feasible
/// integer solution `x` (of the windows) instead of from scratch, within a
/// budget of work linear in the size: the windows cannot make the moves
/// that span more than a band, such as a run of subgraph frames shifting
/// through many ranks, and these pivots can. Leaves in `x` the optimum, or
/// when the budget runs out the cheaper of the start and where it stopped
/// (the tight tree the pivots start from may cost a little more than `x`).
fn refine_whole(lg: &LayoutGraph, x: &mut [i32], cons: &[(usize, usize, f32)], nb: usize) {
    let n_vars = x.len();
    let (cs, total) = auxiliary_graph(lg, n_vars, cons, nb);
    let mut start = x.to_vec();
    for e in lg.graph.edge_references() {
        start.push(x[e.source().index()].min(x[e.target().index()]));
    }
    // The anchor: a free variable of its own.
    start.push(0);
    let limits = Limits {
        pivots: 4 * total + 10_000,
        work: WHOLE_WORK * total,
    };
    let (solved, optimal) = refine(&cs, &start, total, limits);
    let cost = |y: &[i32]| cost_of(&cs, y);
    if optimal || cost(&solved) < cost(&start) {
        x.copy_from_slice(&solved[..n_vars]);
    }
}

/// `Σ weight · (y[to] − y[from])`: what network simplex minimises.
fn cost_of(cs: &[Constraint], y: &[i32]) -> f64 {
    cs.iter()
        .map(|c| c.weight * (f64::from(y[c.to]) - f64::from(y[c.from])))
        .sum()
}

/// Work budget of one window per variable of its problem: generous, as
/// windows are small; it bounds hostile ones.
const WINDOW_WORK: usize = 1_024;

/// Work budget of [`refine_whole`] per variable of the auxiliary graph.
const WHOLE_WORK: usize = 160;

/// Auxiliary-graph size of one window of [`refine_in_windows`]: a band of
/// consecutive ranks grows while its nodes and their edge ends stay under
/// this many. The frame sides of the subgraphs it meets come on top; a
/// band of over four times this many variables keeps its positions.
const WINDOW_SIZE: usize = 2_500;

/// Passes of [`refine_in_windows`]; odd passes start with half a band, so
/// a boundary between two bands of one pass lies inside a band of the next
/// (except where bands hold a single rank each: those stay where they are).
const WINDOW_PASSES: usize = 2;

/// Network simplex on the auxiliary graph, one window at a time,
/// everything outside the window held fixed (block-coordinate descent on
/// the problem of [`simplex_positions`]). Windows are bands of consecutive
/// ranks. Starts from the feasible integer solution `x`; each window's
/// positions become the optimum given the rest, so the cost never grows.
/// Each window costs about the square of its size, so the whole costs time
/// linear in the graph.
fn refine_in_windows(lg: &LayoutGraph, x: &mut [i32], lists: &Lists, nb: usize) {
    let mut w = Windows::new(x, lists, nb);
    let k = WINDOW_SIZE;
    // Bands grow by whole ranks, each rank weighing its nodes and their
    // edge ends (about its share of the auxiliary graph).
    let size: Vec<usize> = lg
        .layers
        .iter()
        .map(|layer| layer.iter().map(|v| 1 + lists.pulls[v.index()].len()).sum())
        .collect();
    let framed: Vec<(usize, i32, i32)> = (0..lg.clusters.len())
        .filter_map(|c| lg.clusters[c].ranks.map(|(lo, hi)| (c, lo, hi)))
        .collect();
    let mut members: Vec<usize> = Vec::new();
    for pass in 0..WINDOW_PASSES {
        let mut r0 = 0;
        let mut first = true;
        while r0 < lg.layers.len() && w.budget > 0 {
            let limit = if first && pass % 2 == 1 { k / 2 } else { k };
            first = false;
            let mut r1 = r0 + 1;
            let mut total = size[r0];
            while r1 < lg.layers.len() && total + size[r1] <= limit {
                total += size[r1];
                r1 += 1;
            }
            let band = (r0, r1);
            r0 = r1;
            if total > 4 * k {
                continue;
            }
            // The band's variables: its nodes, then the frame sides of the
            // clusters it meets. A band of one rank too wide to solve keeps
            // its positions.
            members.clear();
            w.budget = w.budget.saturating_sub(framed.len());
            for layer in &lg.layers[band.0..band.1] {
                members.extend(layer.iter().map(|v| v.index()));
            }
            for &(c, lo, hi) in &framed {
                if (lo as usize) < band.1 && hi as usize >= band.0 {
                    members.push(nb + 2 * c);
                    members.push(nb + 2 * c + 1);
                }
            }
            // Frame sides count too: many subgraphs reaching into a band
            // make it too large to solve as well.
            if members.len() > 4 * k {
                continue;
            }
            w.solve(&members);
        }
    }
    x.copy_from_slice(&w.xi);
}

/// The state of [`refine_in_windows`]: the problem's lists (constraint
/// lengths rounded up where they are read), the current integer solution,
/// and scratch for building one window's problem.
struct Windows<'a> {
    /// Frame sides are variables from here on.
    nb: usize,
    lists: &'a Lists,
    xi: Vec<i32>,
    /// Each variable's index in the current window, or `usize::MAX`.
    local: Vec<usize>,
    /// Constraint scans and window constraints left: frame sides may have
    /// as many constraints as their subgraphs have members, scanned in
    /// every window they reach, so a budget linear in the graph keeps deep
    /// nesting or wide subgraphs from making the passes quadratic. When it
    /// runs out, the windows not yet solved keep their positions.
    budget: usize,
    lc: Vec<Constraint>,
    start: Vec<i32>,
}

impl<'a> Windows<'a> {
    /// The state for the feasible integer solution `x`.
    fn new(x: &[i32], lists: &'a Lists, nb: usize) -> Self {
        let n = x.len();
        let constraints: usize = lists.outs.iter().map(Vec::len).sum();
        Windows {
            nb,
            lists,
            xi: x.to_vec(),
            local: vec![usize::MAX; n],
            budget: 64 * (n + constraints) + 100_000,
            lc: Vec::new(),
            start: Vec::new(),
        }
    }

    /// Places the window `members` (variables; a frame's two sides next to
    /// each other, low first) optimally with the rest fixed. Inside the
    /// window, fixed values are constraints against one anchor variable:
    /// an edge to a node outside pulls towards its fixed position, and a
    /// variable with constraints outside stays within the bounds they allow.
    fn solve(&mut self, members: &[usize]) {
        const NONE: usize = usize::MAX;
        let nb = self.nb;
        for (k, &v) in members.iter().enumerate() {
            self.local[v] = k;
        }
        let anchor = members.len();
        let (lc, start, xi, local) = (&mut self.lc, &mut self.start, &self.xi, &self.local);
        lc.clear();
        start.clear();
        start.extend(members.iter().map(|&v| xi[v]));
        start.push(0);
        for (k, &v) in members.iter().enumerate() {
            self.budget = self
                .budget
                .saturating_sub(self.lists.outs[v].len() + self.lists.ins[v].len());
            // Outside ends become one bound each way against the anchor.
            let (mut below, mut above) = (None::<i32>, None::<i32>);
            for &(b, d) in &self.lists.outs[v] {
                let d = d.ceil() as i32;
                if local[b] == NONE {
                    let m = d - xi[b];
                    above = Some(above.map_or(m, |a: i32| a.max(m)));
                } else {
                    lc.push(Constraint {
                        from: k,
                        to: local[b],
                        minlen: d,
                        weight: 0.0,
                    });
                }
            }
            for &(a, d) in &self.lists.ins[v] {
                let d = d.ceil() as i32;
                if local[a] == NONE {
                    let m = xi[a] + d;
                    below = Some(below.map_or(m, |b: i32| b.max(m)));
                }
            }
            if let Some(m) = above {
                lc.push(Constraint {
                    from: k,
                    to: anchor,
                    minlen: m,
                    weight: 0.0,
                });
            }
            if let Some(m) = below {
                lc.push(Constraint {
                    from: anchor,
                    to: k,
                    minlen: m,
                    weight: 0.0,
                });
            }
            if v >= nb {
                if (v - nb) % 2 == 0 {
                    // Frames pull their sides together lightly.
                    lc.push(Constraint {
                        from: k,
                        to: k + 1,
                        minlen: 0,
                        weight: 0.5,
                    });
                }
                continue;
            }
            for &(u, w) in &self.lists.pulls[v] {
                let w = f64::from(w);
                let (other, fixed) = match local[u] {
                    NONE => (anchor, -xi[u]),
                    lu if u > v => (lu, 0),
                    _ => continue,
                };
                let aux = start.len();
                start.push(xi[v].min(xi[u]));
                lc.push(Constraint {
                    from: aux,
                    to: k,
                    minlen: 0,
                    weight: w,
                });
                lc.push(Constraint {
                    from: aux,
                    to: other,
                    minlen: fixed,
                    weight: w,
                });
            }
        }
        let limits = Limits {
            pivots: 4 * start.len() + 10_000,
            work: WINDOW_WORK * start.len(),
        };
        self.budget = self.budget.saturating_sub(lc.len());
        let (solved, optimal) = refine(lc, start, anchor, limits);
        // Where the limits stop it, the tight tree it started from may
        // cost more than the start; a result out of reach is not used.
        let keep = (optimal || cost_of(lc, &solved) < cost_of(lc, start))
            && solved.iter().all(|&v| i64::from(v).abs() <= INTEGER_REACH);
        for (k, &v) in members.iter().enumerate() {
            if keep {
                self.xi[v] = solved[k];
            }
            self.local[v] = NONE;
        }
    }
}

/// How hard a layout edge pulls its ends into line: 1 between nodes, 2 from
/// a node to an edge point, 8 between edge points, so long edges run
/// straight (Gansner et al. 1993, §4, Ω).
fn straightening_weight(lg: &LayoutGraph, s: NodeIndex, t: NodeIndex, weight: f32) -> f32 {
    let parts = [&lg.graph[s], &lg.graph[t]]
        .iter()
        .filter(|n| n.is_edge_part())
        .count();
    [1.0, 2.0, 8.0][parts] * weight.max(0.1)
}

/// Least solution of `x[b] - x[a] >= d` by longest paths in topological
/// order (Kahn). Variables on a cycle, which a consistent order never
/// makes, are placed with what is known when the cycle is reached.
fn least_solution(lists: &Lists) -> Vec<f32> {
    let (n, outs) = (lists.outs.len(), &lists.outs);
    let mut indeg: Vec<usize> = lists.ins.iter().map(Vec::len).collect();
    let mut x = vec![0.0f32; n];
    let mut done = vec![false; n];
    let mut stack: Vec<usize> = (0..n).rev().filter(|&v| indeg[v] == 0).collect();
    let mut processed = 0;
    loop {
        while let Some(a) = stack.pop() {
            done[a] = true;
            processed += 1;
            for &(b, d) in &outs[a] {
                x[b] = x[b].max(x[a] + d);
                indeg[b] -= 1;
                if indeg[b] == 0 {
                    stack.push(b);
                }
            }
        }
        if processed >= n {
            break;
        }
        // Break a cycle at its first unfinished variable.
        match (0..n).find(|&v| !done[v]) {
            Some(v) => {
                indeg[v] = 0;
                stack.push(v);
            }
            None => break,
        }
    }
    x
}

/// Projected Gauss-Seidel: each node moves towards the weighted mean of its
/// neighbours, within what its constraints allow; frames relax before and
/// tighten after each sweep so whole clusters can travel.
fn balance(lg: &LayoutGraph, x: &mut [f32], lists: &Lists, nb: usize) {
    let n = x.len();
    let (ins, outs, nbrs) = (&lists.ins, &lists.outs, &lists.pulls);
    let lower = |x: &[f32], v: usize| {
        ins[v]
            .iter()
            .map(|&(a, d)| x[a] + d)
            .fold(f32::NEG_INFINITY, f32::max)
    };
    let upper = |x: &[f32], v: usize| {
        outs[v]
            .iter()
            .map(|&(b, d)| x[b] - d)
            .fold(f32::INFINITY, f32::min)
    };
    let mut by_depth: Vec<usize> = (0..lg.clusters.len())
        .filter(|&c| lg.clusters[c].ranks.is_some())
        .collect();
    by_depth.sort_by_key(|&c| lg.clusters[c].depth);

    let iterations = if nb > 5000 { 8 } else { 24 };
    // Scratch for `block_moves`: the run each variable was last put in.
    let mut run_of = vec![0usize; n];
    let mut runs = 0usize;
    for it in 0..iterations {
        // Relax frames, outermost first.
        for &c in &by_depth {
            let (l, h) = (nb + 2 * c, nb + 2 * c + 1);
            x[l] = lower(x, l).max(f32::MIN / 4.0).min(x[l]);
            x[h] = upper(x, h).min(f32::MAX / 4.0).max(x[h]);
        }
        let layers: Vec<&Vec<NodeIndex>> = if it % 2 == 0 {
            lg.layers.iter().collect()
        } else {
            lg.layers.iter().rev().collect()
        };
        for layer in layers {
            let targets: Vec<Option<f32>> = layer
                .iter()
                .map(|&v| {
                    let list = &nbrs[v.index()];
                    let (s, w) = list
                        .iter()
                        .fold((0.0, 0.0), |(s, w), &(u, wt)| (s + x[u] * wt, w + wt));
                    (w > 0.0).then(|| s / w)
                })
                .collect();
            // Movers to the right go first from the right end, then movers
            // to the left from the left end, so neighbours make room.
            for (i, &v) in layer.iter().enumerate().rev() {
                if let Some(t) = targets[i] {
                    let v = v.index();
                    if t > x[v] {
                        x[v] = t.min(upper(x, v)).max(x[v]);
                    }
                }
            }
            for (i, &v) in layer.iter().enumerate() {
                if let Some(t) = targets[i] {
                    let v = v.index();
                    if t < x[v] {
                        x[v] = t.max(lower(x, v)).min(x[v]);
                    }
                }
            }
        }
        for layer in &lg.layers {
            block_moves(layer, x, ins, outs, nbrs, &mut run_of, &mut runs);
        }
        // Tighten frames, innermost first.
        for &c in by_depth.iter().rev() {
            let (l, h) = (nb + 2 * c, nb + 2 * c + 1);
            x[l] = upper(x, l).min(f32::MAX / 4.0);
            x[h] = lower(x, h).max(f32::MIN / 4.0);
        }
    }
    // Fillers of empty ranks have no neighbours: centre them in their frame.
    for nidx in lg.graph.node_indices() {
        if let NodeKind::Filler(_) = lg.graph[nidx].kind {
            let v = nidx.index();
            if nbrs[v].is_empty() {
                let (l, h) = (lower(x, v), upper(x, v));
                if l.is_finite() && h.is_finite() && l <= h {
                    x[v] = (l + h) / 2.0;
                }
            }
        }
    }
}

/// Moves runs of rank neighbours that touch (their separation constraint
/// is tight) as rigid blocks, each to the weighted median of its edges'
/// pulls within what the constraints outside the run allow. Single nodes
/// stuck against a neighbour cannot move on their own; a run can.
/// `run_of` and `runs` are scratch: each run gets a fresh number, and its
/// members are marked with it (so membership costs O(1)).
fn block_moves(
    layer: &[NodeIndex],
    x: &mut [f32],
    ins: &[Vec<(usize, f32)>],
    outs: &[Vec<(usize, f32)>],
    nbrs: &[Vec<(usize, f32)>],
    run_of: &mut [usize],
    runs: &mut usize,
) {
    let mut i = 0;
    let mut pulls: Vec<(f32, f32)> = Vec::new();
    while i < layer.len() {
        // The run starting at i: next node joined while a direct constraint
        // between the two is tight (to 0.01, or about two units in the last
        // place of an f32 far from the origin).
        let mut j = i;
        while j + 1 < layer.len() {
            let (u, v) = (layer[j].index(), layer[j + 1].index());
            let tight = outs[u].iter().any(|&(b, d)| {
                b == v && (x[v] - x[u] - d).abs() < 0.01f32.max(x[v].abs() * 2.5e-7)
            });
            if !tight {
                break;
            }
            j += 1;
        }
        if j > i {
            let run = &layer[i..=j];
            *runs += 1;
            for m in run {
                run_of[m.index()] = *runs;
            }
            let member = |w: usize| run_of[w] == *runs;
            pulls.clear();
            let (mut lo, mut hi) = (f32::NEG_INFINITY, f32::INFINITY);
            for m in run {
                let m = m.index();
                for &(u, wt) in &nbrs[m] {
                    pulls.push((x[u] - x[m], wt));
                }
                for &(a, d) in &ins[m] {
                    if !member(a) {
                        lo = lo.max(x[a] + d - x[m]);
                    }
                }
                for &(b, d) in &outs[m] {
                    if !member(b) {
                        hi = hi.min(x[b] - d - x[m]);
                    }
                }
            }
            if !pulls.is_empty() && lo <= hi {
                pulls.sort_by(|a, b| a.0.total_cmp(&b.0));
                let total: f32 = pulls.iter().map(|p| p.1).sum();
                let mut acc = 0.0;
                let mut shift = 0.0;
                for &(d, wt) in &pulls {
                    acc += wt;
                    if acc * 2.0 >= total {
                        shift = d;
                        break;
                    }
                }
                let shift = shift.clamp(lo.min(0.0), hi.max(0.0));
                if shift != 0.0 {
                    for m in run {
                        x[m.index()] += shift;
                    }
                }
            }
        }
        i = j + 1;
    }
}

/// Centre of each rank across the ranks, and each rank's depth (its deepest
/// node), leaving room between ranks for the frames that end or begin there.
pub fn place_ranks(lg: &LayoutGraph, pads: &[Pads], rank_gap: f32) -> (Vec<f32>, Vec<f32>) {
    let n = lg.layers.len();
    let mut depth = vec![0.0f32; n];
    // Extra room a rank needs before/after it for frames that begin/end
    // there: the sum of paddings along the deepest such chain of frames.
    let mut before = vec![0.0f32; n];
    let mut after = vec![0.0f32; n];
    for nidx in lg.graph.node_indices() {
        let node = &lg.graph[nidx];
        let r = node.rank as usize;
        depth[r] = depth[r].max(node.depth);
        let (mut b, mut a) = (0.0, 0.0);
        for c in lg.cluster_chain(node.cluster) {
            if let Some((lo, hi)) = lg.clusters[c].ranks {
                if lo == node.rank {
                    b += pads[c].rank_lo;
                }
                if hi == node.rank {
                    a += pads[c].rank_hi;
                }
            }
        }
        before[r] = before[r].max(b);
        after[r] = after[r].max(a);
    }
    let mut centre = vec![0.0f32; n];
    let mut cursor = before.first().copied().unwrap_or(0.0);
    for r in 0..n {
        if r > 0 {
            cursor += rank_gap + after[r - 1] + before[r];
        }
        centre[r] = cursor + depth[r] / 2.0;
        cursor += depth[r];
    }
    (centre, depth)
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::Lcg;
    use crate::layered::graph::{Cluster, LEdge, LNode};
    use petgraph::stable_graph::StableGraph;

    /// A layered graph of `ranks` × `width` nodes, each with one or two
    /// edges to nearby nodes of the next rank; every third node an edge
    /// point. With `clusters`, the first nodes of each rank fall into
    /// subgraphs of four neighbours over seven ranks, nested two by two in
    /// subgraphs of eight, so frames reach across band boundaries.
    fn layered(ranks: usize, width: usize, clusters: bool, seed: u64) -> LayoutGraph {
        let mut rng = Lcg(seed);
        let mut graph = StableGraph::new();
        let mut layers = Vec::new();
        let mut cl: Vec<Cluster> = Vec::new();
        let mut ids = std::collections::BTreeMap::new();
        let mut cluster_of = |key: (usize, usize, usize), parent: Option<usize>, r: usize| {
            let span = 7;
            *ids.entry(key).or_insert_with(|| {
                let lo = (r / span * span) as i32;
                let hi = (lo + span as i32 - 1).min(ranks as i32 - 1);
                cl.push(Cluster {
                    parent,
                    depth: usize::from(parent.is_some()),
                    padding: 8.0,
                    min_breadth: 20.0,
                    head: 0.0,
                    ranks: Some((lo, hi)),
                    lo: 0.0,
                    hi: 0.0,
                });
                cl.len() - 1
            })
        };
        for r in 0..ranks {
            let mut layer = Vec::new();
            for i in 0..width {
                let kind = if i % 3 == 2 {
                    NodeKind::Dummy(0)
                } else {
                    NodeKind::Real(0)
                };
                let breadth = if i % 3 == 2 {
                    0.0
                } else {
                    2.0 * (15 + rng.below(30)) as f32
                };
                let cluster = (clusters && i < width / 8 * 8).then(|| {
                    let outer = cluster_of((i / 8, r / 7, 0), None, r);
                    cluster_of((i / 4, r / 7, 1), Some(outer), r)
                });
                let mut node = LNode::new(kind, breadth, 20.0, cluster);
                node.rank = r as i32;
                node.order = i;
                layer.push(graph.add_node(node));
            }
            layers.push(layer);
        }
        for r in 0..ranks - 1 {
            for (i, &u) in layers[r].iter().enumerate() {
                for _ in 0..1 + rng.below(2) {
                    // Mostly near the same place, as an ordering leaves it.
                    let near = (i + rng.below(7)).saturating_sub(3).min(width - 1);
                    let v = layers[r + 1][near];
                    let weight = 1.0;
                    graph.add_edge(u, v, LEdge { edge: None, weight });
                }
            }
        }
        LayoutGraph {
            graph,
            node_of: Vec::new(),
            clusters: cl,
            layers,
            chains: Vec::new(),
        }
    }

    fn length(lg: &LayoutGraph, x: &[f32]) -> f64 {
        lg.graph
            .edge_references()
            .map(|e| {
                let w = straightening_weight(lg, e.source(), e.target(), e.weight().weight);
                f64::from(w) * f64::from((x[e.source().index()] - x[e.target().index()]).abs())
            })
            .sum()
    }

    #[test]
    fn windows_keep_the_constraints_and_come_close_to_the_optimum() {
        let pads = vec![
            Pads {
                order_lo: 8.0,
                order_hi: 8.0,
                rank_lo: 8.0,
                rank_hi: 8.0,
            };
            1000
        ];
        let spacing = Spacing {
            node: 50.0,
            edge: 10.0,
            cluster: 20.0,
            rank: 50.0,
        };
        for clusters in [false, true] {
            let mut lg = layered(50, 50, clusters, 7);
            assert!(lg.graph.node_count() + lg.graph.edge_count() > SIMPLEX_LIMIT);
            place_along_ranks(&mut lg, &pads, spacing);
            let nb = lg.graph.node_bound();
            let n_vars = nb + 2 * lg.clusters.len();
            let mut x = vec![0.0f32; n_vars];
            for v in lg.graph.node_indices() {
                x[v.index()] = lg.graph[v].pos;
            }
            for (c, cl) in lg.clusters.iter().enumerate() {
                x[nb + 2 * c] = cl.lo;
                x[nb + 2 * c + 1] = cl.hi;
            }
            // Every constraint holds, both as placed and on the way for
            // graphs too large for network simplex from scratch; the windows'
            // weighted edge length is close to the optimum's and below the
            // sweeps' they start from, and the whole-graph pivots after them
            // only shorten it.
            let cons = constraints_of(&lg, &pads, spacing);
            let holds = |x: &[f32]| {
                for &(a, b, d) in &cons {
                    assert!(x[b] - x[a] >= d - 1e-3, "{a} -> {b} needs {d}");
                }
            };
            holds(&x);
            let optimum = simplex_positions(&lg, n_vars, &cons, nb, usize::MAX).0;
            let optimum = length(&lg, &optimum);
            let lists = Lists::new(&lg, n_vars, &cons);
            let mut sweeps = least_solution(&lists);
            balance(&lg, &mut sweeps, &lists, nb);
            let mut windows = integer_start(&sweeps, &lists).unwrap();
            refine_in_windows(&lg, &mut windows, &lists, nb);
            let windows: Vec<f32> = windows.iter().map(|&v| v as f32).collect();
            holds(&windows);
            let approached = approach(&lg, n_vars, &cons, nb, clusters);
            holds(&approached);
            let (sweeps, windows) = (length(&lg, &sweeps), length(&lg, &windows));
            assert!(length(&lg, &approached) <= windows);
            assert!(length(&lg, &x) <= windows);
            assert!(
                windows <= 1.05 * optimum && windows < sweeps,
                "clusters {clusters}: windows {windows}, optimum {optimum}, sweeps {sweeps}"
            );
        }
    }
}
