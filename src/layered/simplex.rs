//! Network simplex for difference-constrained integer placement (Gansner,
//! Koutsofios, North and Vo, "A technique for drawing directed graphs",
//! 1993, §2.3).
//!
//! Solves: minimise `Σ weight · (x[to] - x[from])` subject to
//! `x[to] - x[from] >= minlen` for every edge. Used for ranking (edges of the
//! flowchart) and for coordinates along ranks (the auxiliary graph of §4.2).
//!
//! [`solve`] takes any constraint graph without a cycle, [`refine`] one
//! whose cycles all pass through a given anchor; edges of a disconnected
//! graph are tied together through a virtual root with free (weight 0,
//! minlen 0) edges. Returns integer values whose least is 0.
//! Edge lengths are perturbed lexicographically, so no pivot is degenerate
//! (see [`Value`]). The initial tight tree is grown with two heaps in
//! O(E log E). The tree is kept as parent links, child lists and subtree
//! sizes, never renumbered, so a pivot costs time in the smaller of the two
//! parts it cuts the tree into (scanned for the entering edge, and shifted)
//! and in the cycle it closes. The number of pivots can be capped; every
//! intermediate solution is feasible, so a cap only costs optimality.

/// One constraint `x[to] - x[from] >= minlen`, pulled tight with `weight`.
#[derive(Debug, Clone, Copy)]
pub struct Constraint {
    /// Tail.
    pub from: usize,
    /// Head.
    pub to: usize,
    /// Least difference.
    pub minlen: i32,
    /// Cost per unit of difference (>= 0).
    pub weight: f64,
}

/// How far the exchanges of [`refine`] may go.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Exchanges.
    pub pivots: usize,
    /// Nodes and edges scanned by all exchanges together: each scans the
    /// nodes of the smaller of the two parts it cuts the tree into and
    /// their edges, which is most of what a pivot costs (the cycle it
    /// closes is not counted).
    pub work: usize,
}

/// Solves the problem of the module doc for `n` variables, starting from
/// the longest-path solution. At most `max_pivots` exchanges are made.
pub fn solve(n: usize, constraints: &[Constraint], max_pivots: usize) -> Vec<i32> {
    let limits = Limits {
        pivots: max_pivots,
        work: usize::MAX,
    };
    solve_within(n, constraints, limits).0
}

/// [`solve`] within `limits`, and whether the result is an optimum (the
/// limits were not reached).
pub fn solve_within(n: usize, constraints: &[Constraint], limits: Limits) -> (Vec<i32>, bool) {
    if n == 0 {
        return (Vec::new(), true);
    }
    let mut s = Simplex::new(n + 1, rooted(n, constraints), None);
    if !s.longest_path() {
        // A cycle: no longest paths; give the best effort.
        return (s.integer_ranks(n, s.least(n)), false);
    }
    let optimal = s.optimise(limits);
    (s.integer_ranks(n, s.least(n)), optimal)
}

/// Improves the feasible solution `start` to an optimum of the problem of
/// the module doc, within `limits`, keeping `x[anchor]` at 0 (the other
/// values are shifted with it), and whether that is an optimum (the limits
/// were not reached). Every exchange keeps the solution feasible and never
/// raises the cost, but the tight tree the exchanges start from may cost a
/// little more than `start`.
///
/// Unlike [`solve`], the constraints may have cycles, provided every cycle
/// passes through `anchor` and has length at most 0 (no positive cycle):
/// that is how a part of a larger problem is solved with the rest held
/// fixed, each fixed value a constraint against the anchor. The edges into
/// the anchor are perturbed by a large negative amount, so every cycle is
/// negative under perturbation too. `start` must satisfy every constraint;
/// when it does not, it is returned unchanged.
pub fn refine(
    constraints: &[Constraint],
    start: &[i32],
    anchor: usize,
    limits: Limits,
) -> (Vec<i32>, bool) {
    let n = start.len();
    debug_assert!(n < 1 << 24, "paths of the perturbation argument");
    if anchor >= n
        || constraints.iter().any(|c| {
            c.from >= n
                || c.to >= n
                || i64::from(start[c.to]) - i64::from(start[c.from]) < i64::from(c.minlen)
        })
    {
        return (start.to_vec(), false);
    }
    let edges = rooted(n, constraints);
    let mut s = Simplex::new(n + 1, edges, Some(anchor));
    if !s.start_from(start, anchor) {
        return (start.to_vec(), false);
    }
    let optimal = s.optimise(limits);
    (s.integer_ranks(n, s.rank[anchor].0), optimal)
}

/// The constraints between `n` variables, without self-loops, plus one free
/// edge (weight 0, minlen 0) from a virtual root `n` into each connected
/// component, so the graph is connected.
fn rooted(n: usize, constraints: &[Constraint]) -> Vec<Constraint> {
    let root = n;
    let mut edges: Vec<Constraint> = constraints
        .iter()
        .filter(|c| c.from != c.to && c.from < n && c.to < n)
        .copied()
        .collect();
    let mut comp: Vec<usize> = (0..n).collect();
    fn find(comp: &mut [usize], mut v: usize) -> usize {
        while comp[v] != v {
            comp[v] = comp[comp[v]];
            v = comp[v];
        }
        v
    }
    for e in &edges {
        let (a, b) = (find(&mut comp, e.from), find(&mut comp, e.to));
        if a != b {
            comp[a.max(b)] = a.min(b);
        }
    }
    for v in 0..n {
        if find(&mut comp, v) == v {
            edges.push(Constraint {
                from: root,
                to: v,
                minlen: 0,
                weight: 0.0,
            });
        }
    }
    edges
}

/// A rank under perturbation: the integer value, then the sum of the
/// perturbations along the way, compared lexicographically. Every edge's
/// length is `minlen + ε·δ` with a distinct pseudo-random `δ` and `ε`
/// infinitely small, so no two paths tie and no pivot is degenerate
/// (Charnes' perturbation): pivots cannot stall or cycle on the many
/// equal-length paths of a layered graph, and the integer parts of the
/// perturbed optimum are an optimum of the real problem.
///
/// The perturbation parts wrap: each exchange shifts one part of the tree
/// by the entering edge's slack, and with [`refine`]'s anchor those slacks
/// carry ±2^55, so absolute parts may drift past the range of `i64`. Only
/// differences along tree paths (slacks) are compared once pivoting has
/// begun, and those stay far inside it, so the wrapped values compare
/// right.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Value(i64, i64);

impl std::ops::Add for Value {
    type Output = Value;
    fn add(self, o: Value) -> Value {
        Value(self.0 + o.0, self.1.wrapping_add(o.1))
    }
}

impl std::ops::Sub for Value {
    type Output = Value;
    fn sub(self, o: Value) -> Value {
        Value(self.0 - o.0, self.1.wrapping_sub(o.1))
    }
}

impl std::ops::Neg for Value {
    type Output = Value;
    fn neg(self) -> Value {
        Value(-self.0, self.1.wrapping_neg())
    }
}

/// The perturbation of edge `e`'s length: a fixed hash (SplitMix64) of
/// its index, below 2^30 so sums over any path fit.
fn perturbation(e: usize) -> i64 {
    (super::splitmix((e as u64).wrapping_add(super::GOLDEN)) >> 34) as i64
}

/// Perturbation of the edges into a [`refine`] anchor, to which each adds
/// its own ordinary one (so they stay distinct): more negative than any
/// path of ordinary perturbations (each below 2^30, over a path of fewer
/// than 2^24 nodes) is positive, so every cycle through the anchor is
/// negative.
const ANCHOR_PERTURBATION: i64 = -(1 << 55);

/// Tree edges looked at per search for a leaving edge.
const LEAVE_BLOCK: usize = 100;

/// No edge (the root's parent edge, an unused slot).
const NONE: usize = usize::MAX;

/// One edge as seen from one of its ends.
#[derive(Debug, Clone, Copy)]
struct Arc {
    edge: u32,
    /// The node at the other end.
    other: u32,
    /// Whether the edge leaves this end.
    out: bool,
}

/// The solver's state. The spanning tree hangs from the virtual root (the
/// last node) by parent links with child lists and subtree sizes, so a
/// pivot costs time in the smaller part it cuts the tree into and in the
/// cycle it closes, never in the size of the whole tree.
struct Simplex {
    n: usize,
    edges: Vec<Constraint>,
    /// Perturbed length of each edge.
    len: Vec<Value>,
    /// The arcs of node `v` are `arcs[arc_start[v]..arc_start[v + 1]]`.
    arc_start: Vec<usize>,
    arcs: Vec<Arc>,
    rank: Vec<Value>,
    in_tree: Vec<bool>,
    /// Parent node and tree edge to it, per node (`NONE` at the root).
    parent: Vec<usize>,
    parent_edge: Vec<usize>,
    /// Children of each node as a doubly linked list.
    first_child: Vec<usize>,
    next_sibling: Vec<usize>,
    prev_sibling: Vec<usize>,
    /// Nodes in the subtree under each node, itself included.
    size: Vec<usize>,
    cut: Vec<f64>,
    tree_edges: Vec<usize>,
    /// Position of each tree edge in `tree_edges`.
    tree_slot: Vec<usize>,
    /// `mark[v] == stamp` for the nodes of the part being scanned.
    mark: Vec<u32>,
    stamp: u32,
    /// Scratch: the tree path turned round by an exchange.
    path: Vec<usize>,
}

impl Simplex {
    /// The solver over `n` nodes (the last is the root); edges into
    /// `anchor` get [`ANCHOR_PERTURBATION`].
    fn new(n: usize, edges: Vec<Constraint>, anchor: Option<usize>) -> Self {
        let m = edges.len();
        let mut degree = vec![0usize; n + 1];
        for e in &edges {
            degree[e.from] += 1;
            degree[e.to] += 1;
        }
        let mut arc_start = vec![0usize; n + 1];
        for v in 0..n {
            arc_start[v + 1] = arc_start[v] + degree[v];
        }
        let mut fill = arc_start.clone();
        let mut arcs = vec![
            Arc {
                edge: 0,
                other: 0,
                out: false
            };
            2 * m
        ];
        for (i, e) in edges.iter().enumerate() {
            arcs[fill[e.from]] = Arc {
                edge: i as u32,
                other: e.to as u32,
                out: true,
            };
            fill[e.from] += 1;
            arcs[fill[e.to]] = Arc {
                edge: i as u32,
                other: e.from as u32,
                out: false,
            };
            fill[e.to] += 1;
        }
        let len = (0..m)
            .map(|e| {
                let delta = if Some(edges[e].to) == anchor {
                    ANCHOR_PERTURBATION + perturbation(e)
                } else {
                    perturbation(e)
                };
                Value(i64::from(edges[e].minlen), delta)
            })
            .collect();
        Simplex {
            n,
            edges,
            len,
            arc_start,
            arcs,
            rank: vec![Value::default(); n],
            in_tree: vec![false; m],
            parent: vec![NONE; n],
            parent_edge: vec![NONE; n],
            first_child: vec![NONE; n],
            next_sibling: vec![NONE; n],
            prev_sibling: vec![NONE; n],
            size: vec![1; n],
            cut: vec![0.0; m],
            tree_edges: Vec::new(),
            tree_slot: vec![NONE; m],
            mark: vec![0; n],
            stamp: 0,
            path: Vec::new(),
        }
    }

    fn slack(&self, e: usize) -> Value {
        let c = &self.edges[e];
        self.rank[c.to] - self.rank[c.from] - self.len[e]
    }

    /// The least integer part of the first `n` ranks.
    fn least(&self, n: usize) -> i64 {
        self.rank[..n].iter().map(|r| r.0).min().unwrap_or(0)
    }

    /// The integer parts of the first `n` ranks less `base`.
    fn integer_ranks(&self, n: usize, base: i64) -> Vec<i32> {
        self.rank[..n]
            .iter()
            .map(|r| (r.0 - base).clamp(i64::from(i32::MIN / 2), i64::from(i32::MAX / 2)) as i32)
            .collect()
    }

    /// Ranks from a feasible integer solution of the first `n - 1` nodes,
    /// the root one below their least. The perturbed parts are longest paths
    /// along the tight edges, in topological order of the edges not into
    /// `anchor` (a DAG when every cycle passes through it), so every edge
    /// is feasible under perturbation too. False when that order does not
    /// exist.
    fn start_from(&mut self, start: &[i32], anchor: usize) -> bool {
        let root = self.n - 1;
        let least = start.iter().copied().min().unwrap_or(0);
        let int = |v: usize| {
            if v == root {
                i64::from(least) - 1
            } else {
                i64::from(start[v])
            }
        };
        let mut indeg = vec![0usize; self.n];
        for e in &self.edges {
            if e.to != anchor {
                indeg[e.to] += 1;
            }
        }
        let mut stack: Vec<usize> = (0..self.n).filter(|&v| indeg[v] == 0).collect();
        let mut part = vec![0i64; self.n];
        let mut seen = 0;
        while let Some(v) = stack.pop() {
            seen += 1;
            for k in self.arc_start[v]..self.arc_start[v + 1] {
                let e = self.arcs[k].edge as usize;
                let c = self.edges[e];
                if c.from != v || c.to == anchor {
                    continue;
                }
                if int(c.to) - int(v) == self.len[e].0 {
                    part[c.to] = part[c.to].max(part[v] + self.len[e].1);
                }
                indeg[c.to] -= 1;
                if indeg[c.to] == 0 {
                    stack.push(c.to);
                }
            }
        }
        self.rank = part
            .iter()
            .enumerate()
            .map(|(v, &p)| Value(int(v), p))
            .collect();
        seen == self.n
    }

    /// Pivots from the current feasible ranks towards the optimum: a tight
    /// tree, cut values, then exchanges within `limits`. True when it
    /// reached the optimum (no tree edge with a negative cut value left).
    fn optimise(&mut self, limits: Limits) -> bool {
        self.local_moves(8);
        self.feasible_tree();
        self.cut_values();
        let mut start = 0;
        let mut side = Vec::new();
        let mut work = 0usize;
        for _ in 0..limits.pivots {
            let Some(leave) = self.leave_edge(&mut start) else {
                return true;
            };
            let lower = self.child_end(leave);
            let below = self.smaller_part(lower, &mut side);
            let arcs: usize = side
                .iter()
                .map(|&v| self.arc_start[v + 1] - self.arc_start[v])
                .sum();
            work = work.saturating_add(side.len() + arcs);
            if work > limits.work {
                break;
            }
            let Some(enter) = self.enter_edge(leave, lower, &side, below) else {
                break;
            };
            self.exchange(leave, lower, enter, &side, below);
        }
        false
    }

    /// Least feasible ranks by longest paths in topological order. False
    /// when the constraints have a cycle.
    fn longest_path(&mut self) -> bool {
        let mut indeg = vec![0usize; self.n];
        for e in &self.edges {
            indeg[e.to] += 1;
        }
        let mut stack: Vec<usize> = (0..self.n).filter(|&v| indeg[v] == 0).collect();
        let mut seen = 0;
        let mut rank: Vec<Option<Value>> = vec![None; self.n];
        while let Some(v) = stack.pop() {
            seen += 1;
            let rv = *rank[v].get_or_insert_default();
            for k in self.arc_start[v]..self.arc_start[v + 1] {
                let e = self.arcs[k].edge as usize;
                let c = self.edges[e];
                if c.from == v {
                    let r = rv + self.len[e];
                    rank[c.to] = Some(rank[c.to].map_or(r, |x| x.max(r)));
                    indeg[c.to] -= 1;
                    if indeg[c.to] == 0 {
                        stack.push(c.to);
                    }
                }
            }
        }
        self.rank = rank.into_iter().map(Option::unwrap_or_default).collect();
        seen == self.n
    }

    /// Cheap improvement of a feasible solution before pivoting: each node
    /// in turn moves to the end of its feasible interval that its edges
    /// pull it to (down when more weight leaves it downwards, and so on).
    /// Keeps feasibility; never increases the cost.
    fn local_moves(&mut self, sweeps: usize) {
        let root = self.n - 1;
        for sweep in 0..sweeps {
            let mut moved = false;
            for k in 0..self.n {
                let v = if sweep % 2 == 0 { k } else { self.n - 1 - k };
                if v == root {
                    continue;
                }
                let (mut lo, mut hi): (Option<Value>, Option<Value>) = (None, None);
                let (mut w_in, mut w_out) = (0.0f64, 0.0f64);
                for k in self.arc_start[v]..self.arc_start[v + 1] {
                    let e = self.arcs[k].edge as usize;
                    let c = self.edges[e];
                    if c.to == v {
                        let r = self.rank[c.from] + self.len[e];
                        lo = Some(lo.map_or(r, |x| x.max(r)));
                        w_in += c.weight;
                    } else {
                        let r = self.rank[c.to] - self.len[e];
                        hi = Some(hi.map_or(r, |x| x.min(r)));
                        w_out += c.weight;
                    }
                }
                let target = match (w_in > w_out, w_out > w_in) {
                    (true, _) if lo.is_some() => lo,
                    (_, true) if hi.is_some() => hi,
                    _ => None,
                };
                let Some(target) = target else {
                    continue;
                };
                if target != self.rank[v]
                    && lo.is_none_or(|l| l <= target)
                    && hi.is_none_or(|h| target <= h)
                {
                    self.rank[v] = target;
                    moved = true;
                }
            }
            if !moved {
                break;
            }
        }
    }

    /// A spanning tree of tight edges (§2.3, `feasible_tree`), grown from
    /// the root one node at a time by the crossing edge of least slack,
    /// the tree shifting by that slack when it is not tight. The tree's
    /// shift is kept as one offset, so each crossing edge keeps a fixed key
    /// in one of two heaps (tree→outside, outside→tree): O(E log E).
    fn feasible_tree(&mut self) {
        use std::cmp::Reverse;
        use std::collections::BinaryHeap;
        let n = self.n;
        let root = n - 1;
        let mut joined = vec![false; n];
        // A tree node's rank is `rel + offset`.
        let mut rel = vec![Value::default(); n];
        let mut offset = Value::default();
        // Keys: tree→outside edges `rank[to] - rel[from] - minlen` (slack
        // is key - offset); outside→tree `rel[to] - rank[from] - minlen`
        // (slack is key + offset).
        type Heap = BinaryHeap<Reverse<(Value, usize)>>;
        let mut down: Heap = BinaryHeap::new();
        let mut up: Heap = BinaryHeap::new();
        let join = |v: usize,
                    offset: Value,
                    joined: &mut Vec<bool>,
                    rel: &mut Vec<Value>,
                    down: &mut Heap,
                    up: &mut Heap| {
            joined[v] = true;
            rel[v] = self.rank[v] - offset;
            for arc in &self.arcs[self.arc_start[v]..self.arc_start[v + 1]] {
                let e = arc.edge as usize;
                let c = self.edges[e];
                if c.from == v && !joined[c.to] {
                    down.push(Reverse((self.rank[c.to] - rel[v] - self.len[e], e)));
                } else if c.to == v && !joined[c.from] {
                    up.push(Reverse((rel[v] - self.rank[c.from] - self.len[e], e)));
                }
            }
        };
        join(root, offset, &mut joined, &mut rel, &mut down, &mut up);
        let mut size = 1;
        while size < n {
            // Drop edges whose both ends have joined.
            while down
                .peek()
                .is_some_and(|Reverse((_, e))| joined[self.edges[*e].to])
            {
                down.pop();
            }
            while up
                .peek()
                .is_some_and(|Reverse((_, e))| joined[self.edges[*e].from])
            {
                up.pop();
            }
            let d = down.peek().map(|Reverse((k, e))| (*k - offset, *e));
            let u = up.peek().map(|Reverse((k, e))| (*k + offset, *e));
            let (slack, e, outward) = match (d, u) {
                (Some(a), Some(b)) if b < a => (b.0, b.1, false),
                (Some(a), _) => (a.0, a.1, true),
                (None, Some(b)) => (b.0, b.1, false),
                (None, None) => break,
            };
            let c = self.edges[e];
            let w = if outward {
                down.pop();
                offset = offset + slack;
                c.to
            } else {
                up.pop();
                offset = offset - slack;
                c.from
            };
            self.in_tree[e] = true;
            self.tree_slot[e] = self.tree_edges.len();
            self.tree_edges.push(e);
            join(w, offset, &mut joined, &mut rel, &mut down, &mut up);
            size += 1;
        }
        for v in 0..n {
            if joined[v] {
                self.rank[v] = rel[v] + offset;
            }
        }
    }

    /// Hangs the tree from the root (parents, child lists, subtree sizes),
    /// then computes the cut values of all tree edges, children before
    /// parents (dagre's formulation).
    fn cut_values(&mut self) {
        let root = self.n - 1;
        let mut order = vec![root];
        let mut k = 0;
        while k < order.len() {
            let v = order[k];
            k += 1;
            for i in self.arc_start[v]..self.arc_start[v + 1] {
                let arc = self.arcs[i];
                let (e, w) = (arc.edge as usize, arc.other as usize);
                if !self.in_tree[e] || e == self.parent_edge[v] {
                    continue;
                }
                self.parent_edge[w] = e;
                self.link(w, v);
                order.push(w);
            }
        }
        self.size.fill(1);
        for &v in order.iter().rev() {
            let e = self.parent_edge[v];
            if e != NONE {
                self.cut[e] = self.cut_value(v, e);
                let p = self.parent[v];
                self.size[p] += self.size[v];
            }
        }
    }

    /// Makes `child` a child of `p` (first in its list).
    fn link(&mut self, child: usize, p: usize) {
        self.parent[child] = p;
        self.prev_sibling[child] = NONE;
        self.next_sibling[child] = self.first_child[p];
        if self.first_child[p] != NONE {
            self.prev_sibling[self.first_child[p]] = child;
        }
        self.first_child[p] = child;
    }

    /// Takes `child` out of its parent's list.
    fn unlink(&mut self, child: usize) {
        let (prev, next) = (self.prev_sibling[child], self.next_sibling[child]);
        if prev == NONE {
            self.first_child[self.parent[child]] = next;
        } else {
            self.next_sibling[prev] = next;
        }
        if next != NONE {
            self.prev_sibling[next] = prev;
        }
    }

    /// Cut value of tree edge `pe` joining `child` to its parent, from the
    /// cut values of the child's own tree edges.
    fn cut_value(&self, child: usize, pe: usize) -> f64 {
        let pc = self.edges[pe];
        let child_is_tail = pc.from == child;
        let mut cut = pc.weight;
        for arc in &self.arcs[self.arc_start[child]..self.arc_start[child + 1]] {
            let e = arc.edge as usize;
            if e == pe {
                continue;
            }
            let c = self.edges[e];
            let is_out = c.from == child;
            let points_to_head = is_out == child_is_tail;
            cut += if points_to_head { c.weight } else { -c.weight };
            if self.in_tree[e] {
                let oc = self.cut[e];
                cut += if points_to_head { -oc } else { oc };
            }
        }
        cut
    }

    /// A tree edge with a negative cut value, searched round-robin from
    /// where the last search stopped in blocks of `LEAVE_BLOCK` tree edges:
    /// of the first block that holds any, the one whose cut value is most
    /// negative per square of the part the pivot will visit (the smaller
    /// part it leaves). Cheap pivots go first; big parts, whose scan
    /// dominates the solver's time, wait until smaller moves have settled
    /// (measured: half the nodes visited of the plain most-negative rule).
    fn leave_edge(&self, start: &mut usize) -> Option<usize> {
        let m = self.tree_edges.len();
        let mut best: Option<(f64, usize)> = None;
        for k in 0..m {
            let i = (*start + k) % m;
            let e = self.tree_edges[i];
            let c = self.cut[e];
            if c < -1e-9 {
                let lower = self.child_end(e);
                let part = self.size[lower].min(self.n - self.size[lower]);
                let part = part as f64;
                let score = c / (part * part);
                if best.is_none_or(|(b, _)| score < b) {
                    best = Some((score, e));
                }
            }
            if k + 1 >= LEAVE_BLOCK && best.is_some() {
                *start = (i + 1) % m;
                break;
            }
        }
        best.map(|(_, e)| e)
    }

    /// The end of tree edge `e` away from the root.
    fn child_end(&self, e: usize) -> usize {
        let c = self.edges[e];
        if self.parent_edge[c.from] == e {
            c.from
        } else {
            c.to
        }
    }

    /// The smaller of the two parts that removing tree edge `leave`
    /// (whose end away from the root is `lower`) leaves: the subtree under
    /// `lower` or the rest. Fills `part` with it, marks its nodes with a
    /// fresh stamp, and says whether it is the subtree.
    fn smaller_part(&mut self, lower: usize, part: &mut Vec<usize>) -> bool {
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.mark.fill(0);
            self.stamp = 1;
        }
        let below = self.size[lower] <= self.n - self.size[lower];
        let top = if below { lower } else { self.n - 1 };
        part.clear();
        part.push(top);
        self.mark[top] = self.stamp;
        let mut k = 0;
        while k < part.len() {
            let mut w = self.first_child[part[k]];
            k += 1;
            while w != NONE {
                if w != lower || below {
                    self.mark[w] = self.stamp;
                    part.push(w);
                }
                w = self.next_sibling[w];
            }
        }
        below
    }

    /// Whether `v` lies in the subtree being cut off, given the part that
    /// `smaller_part` marked.
    fn in_subtree(&self, v: usize, below: bool) -> bool {
        (self.mark[v] == self.stamp) == below
    }

    /// The non-tree edge of least slack that reconnects the two parts when
    /// `leave` is removed, crossing the cut against `leave`'s direction.
    /// Only edges at the nodes of the smaller part are looked at; `leave`
    /// is the only tree edge across the cut.
    fn enter_edge(&self, leave: usize, lower: usize, part: &[usize], below: bool) -> Option<usize> {
        // The subtree is `leave`'s tail side or its head side; the edge
        // wanted runs into the tail side or out of the head side.
        let into_subtree = self.edges[leave].from == lower;
        let mut best: Option<(Value, usize)> = None;
        for &v in part {
            for arc in &self.arcs[self.arc_start[v]..self.arc_start[v + 1]] {
                let e = arc.edge as usize;
                if e == leave || self.mark[arc.other as usize] == self.stamp {
                    continue;
                }
                // It crosses; it runs into the subtree when it leaves a
                // node of the rest or enters a node of the subtree.
                if (arc.out != below) == into_subtree {
                    let s = self.slack(e);
                    if best.is_none_or(|(bs, be)| s < bs || (s == bs && e < be)) {
                        best = Some((s, e));
                    }
                }
            }
        }
        best.map(|(_, e)| e)
    }

    /// Replaces tree edge `leave` (with `lower` its end away from the root)
    /// by `enter`; `part` and `below` as `smaller_part` left them.
    fn exchange(&mut self, leave: usize, lower: usize, enter: usize, part: &[usize], below: bool) {
        // Shift the subtree under `lower` by the slack of `enter`, making
        // it tight (or the rest the other way, when that is smaller).
        let s = self.slack(enter);
        let ec = self.edges[enter];
        let to_inside = self.in_subtree(ec.to, below);
        let delta = if to_inside { -s } else { s };
        let delta = if below { delta } else { -delta };
        for &v in part {
            self.rank[v] = self.rank[v] + delta;
        }
        // Cut values change only on the tree path that `enter` closes into
        // a cycle: walk up from both of its ends to their common ancestor
        // (Gansner et al. 1993, §2.4).
        let cv = self.cut[leave];
        let lca = self.common_ancestor(ec.from, ec.to);
        self.update_path(ec.from, lca, cv, true);
        self.update_path(ec.to, lca, cv, false);
        self.cut[enter] = -cv;
        self.cut[leave] = 0.0;
        // Subtree sizes: the subtree moves from under `lower`'s parent to
        // under `p`, the end of `enter` outside it.
        let (q, p) = if to_inside {
            (ec.to, ec.from)
        } else {
            (ec.from, ec.to)
        };
        let moved = self.size[lower];
        let mut v = self.parent[lower];
        while v != lca {
            self.size[v] -= moved;
            v = self.parent[v];
        }
        let mut v = p;
        while v != lca {
            self.size[v] += moved;
            v = self.parent[v];
        }
        // Hang the subtree from `enter`: the path from `q` up to `lower`
        // turns round, and each node on it keeps what its old child on the
        // path did not hold.
        let mut path = std::mem::take(&mut self.path);
        path.clear();
        path.push(q);
        while *path.last().unwrap_or(&lower) != lower {
            let up = self.parent[*path.last().unwrap_or(&lower)];
            if up == NONE {
                break;
            }
            path.push(up);
        }
        for &v in &path {
            self.unlink(v);
        }
        let mut new_parent = (p, enter);
        let mut child_size = 0;
        for &v in &path {
            let (old_edge, old_size) = (self.parent_edge[v], self.size[v]);
            self.parent_edge[v] = new_parent.1;
            self.size[v] = moved - child_size;
            self.link(v, new_parent.0);
            new_parent = (v, old_edge);
            child_size = old_size;
        }
        self.path = path;
        self.in_tree[leave] = false;
        self.in_tree[enter] = true;
        let slot = self.tree_slot[leave];
        self.tree_edges[slot] = enter;
        self.tree_slot[enter] = slot;
        self.tree_slot[leave] = NONE;
    }

    /// The parent of `v` in the tree (`v` itself at the root).
    fn up(&self, v: usize) -> usize {
        match self.parent[v] {
            NONE => v,
            p => p,
        }
    }

    /// The deepest node that is an ancestor of both `a` and `b`: an
    /// ancestor's subtree is larger than any of its descendants', so the
    /// end with the smaller subtree climbs.
    fn common_ancestor(&self, mut a: usize, mut b: usize) -> usize {
        while a != b {
            if self.size[a] < self.size[b] {
                a = self.up(a);
            } else {
                b = self.up(b);
            }
        }
        a
    }

    /// Walks from `v` up the tree to its ancestor `top`, adding `cv` to the
    /// cut value of each parent edge met in direction `dir` (tail first)
    /// and subtracting it otherwise.
    fn update_path(&mut self, mut v: usize, top: usize, cv: f64, dir: bool) {
        while v != top {
            let e = self.parent_edge[v];
            if e == NONE {
                break;
            }
            let along = if self.edges[e].from == v { dir } else { !dir };
            if along {
                self.cut[e] += cv;
            } else {
                self.cut[e] -= cv;
            }
            v = self.parent[v];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(from: usize, to: usize, minlen: i32, weight: f64) -> Constraint {
        Constraint {
            from,
            to,
            minlen,
            weight,
        }
    }

    fn cost(x: &[i32], cs: &[Constraint]) -> f64 {
        cs.iter()
            .map(|c| c.weight * f64::from(x[c.to] - x[c.from]))
            .sum()
    }

    #[test]
    fn pulls_a_lone_source_down_to_its_target() {
        // 0 -> 1 -> 2 -> 3 and 4 -> 3: longest path puts 4 at rank 0,
        // the optimum at rank 2.
        let cs = [
            c(0, 1, 1, 1.0),
            c(1, 2, 1, 1.0),
            c(2, 3, 1, 1.0),
            c(4, 3, 1, 1.0),
        ];
        let x = solve(5, &cs, 100);
        for k in &cs {
            assert!(x[k.to] - x[k.from] >= k.minlen);
        }
        assert_eq!(x[3] - x[4], 1);
        assert_eq!(cost(&x, &cs), 4.0);
    }

    #[test]
    fn balances_a_diamond_against_a_long_side() {
        // a->b->c->d and a->d with weight 3: d as close to a as the path allows.
        let cs = [
            c(0, 1, 1, 1.0),
            c(1, 2, 1, 1.0),
            c(2, 3, 1, 1.0),
            c(0, 3, 1, 3.0),
        ];
        let x = solve(4, &cs, 100);
        assert_eq!(x[3] - x[0], 3);
    }

    #[test]
    fn optimum_matches_brute_force_on_small_graphs() {
        // A small graph where the sources are pulled in opposite ways.
        let cs = [
            c(0, 2, 1, 1.0),
            c(1, 2, 1, 1.0),
            c(2, 3, 1, 1.0),
            c(1, 4, 3, 2.0),
            c(3, 4, 1, 1.0),
        ];
        let x = solve(5, &cs, 100);
        let got = cost(&x, &cs);
        let mut best = f64::INFINITY;
        for a in 0..5 {
            for b in 0..5 {
                for d in 0..6 {
                    for e in 0..8 {
                        let y = [a, b, d, d + 1, e];
                        if cs.iter().all(|k| y[k.to] - y[k.from] >= k.minlen) {
                            best = best.min(cost(&y, &cs));
                        }
                    }
                }
            }
        }
        assert_eq!(got, best);
    }

    #[test]
    fn optimum_matches_brute_force_on_random_graphs() {
        let mut rng = crate::generate::Lcg(12345);
        let mut next = |m: u64| rng.next() % m;
        for _ in 0..40 {
            let n = 5;
            let mut cs = Vec::new();
            for _ in 0..7 {
                let a = next(n as u64) as usize;
                let b = next(n as u64) as usize;
                if a < b {
                    cs.push(c(a, b, 1 + next(2) as i32, 1.0 + next(3) as f64));
                }
            }
            let x = solve(n, &cs, usize::MAX);
            assert!(cs.iter().all(|k| x[k.to] - x[k.from] >= k.minlen));
            let mut best = f64::INFINITY;
            let mut y = [0i32; 5];
            for code in 0..9usize.pow(5) {
                let mut r = code;
                for slot in y.iter_mut() {
                    *slot = (r % 9) as i32;
                    r /= 9;
                }
                if cs.iter().all(|k| y[k.to] - y[k.from] >= k.minlen) {
                    best = best.min(cost(&y, &cs));
                }
            }
            assert_eq!(cost(&x, &cs), best, "{cs:?} gave {x:?}");
        }
    }

    #[test]
    fn refine_finds_the_best_window_with_the_rest_fixed() {
        let mut rng = crate::generate::Lcg(777);
        let mut next = |m: u64| rng.next() % m;
        for trial in 0..60 {
            // A random DAG on 6 variables and a feasible solution with slack.
            let n = 6;
            let mut cs = Vec::new();
            for _ in 0..9 {
                let a = next(n as u64) as usize;
                let b = next(n as u64) as usize;
                if a < b {
                    cs.push(c(a, b, next(3) as i32, next(3) as f64));
                }
            }
            let mut y = vec![0i32; n];
            for v in 0..n {
                let least = cs
                    .iter()
                    .filter(|k| k.to == v)
                    .map(|k| y[k.from] + k.minlen);
                y[v] = least.max().unwrap_or(0) + next(3) as i32;
            }
            // Variables 1, 3 and 4 are free; the rest are fixed, each fixed
            // value a constraint against the anchor (local index 3).
            let free = [1usize, 3, 4];
            let local = |v: usize| free.iter().position(|&f| f == v);
            let anchor = free.len();
            let mut lc = Vec::new();
            for k in &cs {
                match (local(k.from), local(k.to)) {
                    (Some(a), Some(b)) => lc.push(c(a, b, k.minlen, k.weight)),
                    (Some(a), None) => lc.push(c(a, anchor, k.minlen - y[k.to], k.weight)),
                    (None, Some(b)) => lc.push(c(anchor, b, k.minlen + y[k.from], k.weight)),
                    (None, None) => {}
                }
            }
            let mut start: Vec<i32> = free.iter().map(|&v| y[v]).collect();
            start.push(0);
            let limits = Limits {
                pivots: usize::MAX,
                work: usize::MAX,
            };
            // Every edge stays feasible under perturbation, from the start
            // and after any number of exchanges.
            for pivots in [0, 1, 3, usize::MAX] {
                let mut s = Simplex::new(anchor + 2, rooted(anchor + 1, &lc), Some(anchor));
                assert!(s.start_from(&start, anchor));
                for e in 0..s.edges.len() {
                    assert!(
                        s.slack(e) >= Value::default(),
                        "trial {trial}: start, edge {e}"
                    );
                }
                let limits = Limits {
                    pivots,
                    work: usize::MAX,
                };
                s.optimise(limits);
                for e in 0..s.edges.len() {
                    assert!(s.slack(e) >= Value::default(), "trial {trial}: edge {e}");
                }
            }
            let (got, optimal) = refine(&lc, &start, anchor, limits);
            assert!(optimal);
            assert_eq!(got[anchor], 0);
            let mut x = y.clone();
            for (k, &v) in free.iter().enumerate() {
                x[v] = got[k];
            }
            assert!(
                cs.iter().all(|k| x[k.to] - x[k.from] >= k.minlen),
                "trial {trial}: {cs:?} from {y:?} gave {x:?}"
            );
            // Brute force over the free values around the fixed ones.
            let mut best = f64::INFINITY;
            let mut z = y.clone();
            for code in 0..24usize.pow(3) {
                let mut r = code;
                for &v in &free {
                    z[v] = (r % 24) as i32 - 6;
                    r /= 24;
                }
                if cs.iter().all(|k| z[k.to] - z[k.from] >= k.minlen) {
                    best = best.min(cost(&z, &cs));
                }
            }
            assert_eq!(
                cost(&x, &cs),
                best,
                "trial {trial}: {cs:?} from {y:?} gave {x:?}"
            );
        }
    }
}
