//! Ranking: assigns every node a layer so each edge points down at least
//! its `minlen` ranks.
//!
//! Network simplex (Gansner et al. 1993) minimises the total weighted edge
//! length, so `--->` edges span more ranks and lone sources sit next to
//! their targets. Before it runs, the graph shrinks by reductions that keep
//! the optimum: parallel edges merge (weights add, the longer minlen
//! holds), a node with one edge hangs at its neighbour, and a node with one
//! edge in and one out is replaced by an edge that spans both (it then sits
//! next to the end that pulls harder). Flowcharts are full of such nodes,
//! and the simplex's cost grows faster than the graph, so this pays twice.

use std::collections::HashMap;

use super::simplex::{solve, Constraint};

/// Pivots allowed for `n` nodes and `m` edges. On graphs of ordinary
/// density this is far more than any graph has needed (about one per
/// node): only a guard against pathological inputs. On dense graphs (`A &
/// B & … --> C & D & …` makes every pair) a pivot costs time in proportion
/// to the edges, so the budget is bounded by the edge count instead.
fn pivot_budget(n: usize, m: usize) -> usize {
    if m > 8 * n.max(2_500) {
        (5_000_000 / m).max(10)
    } else {
        50 * n + 10_000
    }
}

/// Takes `n` nodes and acyclic edges `(from, to, minlen, weight)`; returns
/// ranks with `rank[to] - rank[from] >= minlen` for every edge, the smallest
/// rank 0, and the least weighted edge length.
pub fn assign_ranks(n: usize, edges: &[(usize, usize, i32, f32)]) -> Vec<i32> {
    let mut red = Reduced::new(n, edges);
    red.reduce();
    let (core, constraints) = red.core();
    let core_ranks = solve(
        core.len(),
        &constraints,
        pivot_budget(core.len(), constraints.len()),
    );
    red.expand(&core, &core_ranks)
}

/// An edge of the graph being reduced.
#[derive(Debug, Clone, Copy)]
struct REdge {
    from: usize,
    to: usize,
    minlen: i32,
    weight: f64,
    alive: bool,
}

/// How a removed node gets its rank back, in the order of removal.
#[derive(Debug, Clone, Copy)]
enum Removal {
    /// Its only edge, kept tight.
    Leaf { node: usize, edge: usize },
    /// Its edges `u → node` and `node → x`; it sits tight against the
    /// heavier one (`u` on a tie).
    Through {
        node: usize,
        edge_in: usize,
        edge_out: usize,
    },
}

/// The ranking graph under reduction.
struct Reduced {
    n: usize,
    edges: Vec<REdge>,
    /// Incident edge ids per node (dead ones are skipped when read).
    incident: Vec<Vec<usize>>,
    /// The live edge from one node to another, for merging parallels.
    between: HashMap<(usize, usize), usize>,
    removed: Vec<bool>,
    removals: Vec<Removal>,
}

impl Reduced {
    fn new(n: usize, edges: &[(usize, usize, i32, f32)]) -> Self {
        let mut r = Reduced {
            n,
            edges: Vec::with_capacity(edges.len()),
            incident: vec![Vec::new(); n],
            between: HashMap::with_capacity(edges.len()),
            removed: vec![false; n],
            removals: Vec::new(),
        };
        for &(from, to, minlen, weight) in edges {
            if from != to && from < n && to < n {
                r.add_edge(from, to, minlen, f64::from(weight.max(0.0)));
            }
        }
        r
    }

    /// Adds `from → to`, or merges it into the live edge already there.
    fn add_edge(&mut self, from: usize, to: usize, minlen: i32, weight: f64) {
        if let Some(&e) = self.between.get(&(from, to)) {
            let old = &mut self.edges[e];
            old.minlen = old.minlen.max(minlen);
            old.weight += weight;
            return;
        }
        let e = self.edges.len();
        self.edges.push(REdge {
            from,
            to,
            minlen,
            weight,
            alive: true,
        });
        self.incident[from].push(e);
        self.incident[to].push(e);
        self.between.insert((from, to), e);
    }

    fn kill(&mut self, e: usize) {
        let c = &mut self.edges[e];
        c.alive = false;
        self.between.remove(&(c.from, c.to));
    }

    /// Live edges at `v`, dropping dead ones from its list.
    fn live(&mut self, v: usize) -> &[usize] {
        let edges = &self.edges;
        self.incident[v].retain(|&e| edges[e].alive);
        &self.incident[v]
    }

    /// Removes leaves and pass-through nodes until none is left.
    fn reduce(&mut self) {
        let mut queue: std::collections::VecDeque<usize> = (0..self.n).collect();
        while let Some(v) = queue.pop_front() {
            if self.removed[v] {
                continue;
            }
            // Only nodes with one or two live edges are reduced; a hub is
            // not copied each time a neighbour's removal queues it again.
            let live = self.live(v);
            if live.len() > 2 {
                continue;
            }
            let live = live.to_vec();
            match live[..] {
                [] => {}
                [e] => {
                    self.kill(e);
                    self.removed[v] = true;
                    self.removals.push(Removal::Leaf { node: v, edge: e });
                    let c = self.edges[e];
                    queue.push_back(if c.from == v { c.to } else { c.from });
                }
                [a, b] => {
                    let (ea, eb) = (self.edges[a], self.edges[b]);
                    let (edge_in, edge_out) = if ea.to == v && eb.from == v {
                        (a, b)
                    } else if eb.to == v && ea.from == v {
                        (b, a)
                    } else {
                        continue;
                    };
                    let (ci, co) = (self.edges[edge_in], self.edges[edge_out]);
                    if ci.from == co.to {
                        continue; // a cycle: not ours to reduce
                    }
                    self.kill(edge_in);
                    self.kill(edge_out);
                    self.removed[v] = true;
                    self.removals.push(Removal::Through {
                        node: v,
                        edge_in,
                        edge_out,
                    });
                    self.add_edge(
                        ci.from,
                        co.to,
                        ci.minlen + co.minlen,
                        ci.weight.min(co.weight),
                    );
                    queue.push_back(ci.from);
                    queue.push_back(co.to);
                }
                _ => {}
            }
        }
    }

    /// The nodes left (in index order) and their edges as constraints on
    /// indices into that list.
    fn core(&self) -> (Vec<usize>, Vec<Constraint>) {
        let core: Vec<usize> = (0..self.n).filter(|&v| !self.removed[v]).collect();
        let mut index = vec![usize::MAX; self.n];
        for (i, &v) in core.iter().enumerate() {
            index[v] = i;
        }
        let constraints = self
            .edges
            .iter()
            .filter(|c| c.alive)
            .map(|c| Constraint {
                from: index[c.from],
                to: index[c.to],
                minlen: c.minlen,
                weight: c.weight,
            })
            .collect();
        (core, constraints)
    }

    /// Ranks of all nodes from those of the core: removed nodes come back
    /// in reverse order of removal; every connected part (a node without
    /// edges is one) is moved up to start at rank 0.
    fn expand(&self, core: &[usize], core_ranks: &[i32]) -> Vec<i32> {
        let mut rank = vec![0i32; self.n];
        for (&v, &r) in core.iter().zip(core_ranks) {
            rank[v] = r;
        }
        for removal in self.removals.iter().rev() {
            match *removal {
                Removal::Leaf { node, edge } => {
                    let c = self.edges[edge];
                    rank[node] = if c.from == node {
                        rank[c.to] - c.minlen
                    } else {
                        rank[c.from] + c.minlen
                    };
                }
                Removal::Through {
                    node,
                    edge_in,
                    edge_out,
                } => {
                    let (ci, co) = (self.edges[edge_in], self.edges[edge_out]);
                    rank[node] = if ci.weight >= co.weight {
                        rank[ci.from] + ci.minlen
                    } else {
                        rank[co.to] - co.minlen
                    };
                }
            }
        }
        // Each connected part starts at rank 0, as longest paths put it.
        let mut part: Vec<usize> = (0..self.n).collect();
        fn find(part: &mut [usize], mut v: usize) -> usize {
            while part[v] != v {
                part[v] = part[part[v]];
                v = part[v];
            }
            v
        }
        for c in &self.edges {
            let (a, b) = (find(&mut part, c.from), find(&mut part, c.to));
            if a != b {
                part[a.max(b)] = a.min(b);
            }
        }
        let root: Vec<usize> = (0..self.n).map(|v| find(&mut part, v)).collect();
        let mut top = vec![i32::MAX; self.n];
        for (&p, &r) in root.iter().zip(&rank) {
            top[p] = top[p].min(r);
        }
        for (r, &p) in rank.iter_mut().zip(&root) {
            *r -= top[p];
        }
        rank
    }
}

/// The longest-path ranking, kept for comparison in tests.
#[cfg(test)]
fn longest_path(n: usize, edges: &[(usize, usize, i32)]) -> Vec<i32> {
    assign_ranks_longest(n, edges)
}

/// Takes `n` nodes and acyclic edges `(from, to, minlen)`; returns ranks
/// with `rank[to] - rank[from] >= minlen` for every edge and the smallest
/// rank 0.
#[cfg(test)]
fn assign_ranks_longest(n: usize, edges: &[(usize, usize, i32)]) -> Vec<i32> {
    let mut outs: Vec<Vec<(usize, i32)>> = vec![Vec::new(); n];
    let mut indeg = vec![0usize; n];
    for &(u, v, len) in edges {
        if u != v {
            outs[u].push((v, len));
            indeg[v] += 1;
        }
    }
    // Kahn's algorithm: topological order, longest path as we go.
    let mut rank = vec![0i32; n];
    let mut remaining = indeg.clone();
    let mut stack: Vec<usize> = (0..n).rev().filter(|&v| indeg[v] == 0).collect();
    let mut topo = Vec::with_capacity(n);
    while let Some(u) = stack.pop() {
        topo.push(u);
        for &(v, len) in outs[u].iter().rev() {
            rank[v] = rank[v].max(rank[u] + len);
            remaining[v] -= 1;
            if remaining[v] == 0 {
                stack.push(v);
            }
        }
    }
    // Sources with successors sit just above the nearest one.
    for &u in topo.iter().rev() {
        if indeg[u] == 0 {
            if let Some(r) = outs[u].iter().map(|&(v, len)| rank[v] - len).min() {
                rank[u] = r;
            }
        }
    }
    let min = rank.iter().copied().min().unwrap_or(0);
    for r in &mut rank {
        *r -= min;
    }
    rank
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_respect_minlen() {
        let edges = [
            (0, 1, 1, 1.0),
            (1, 2, 2, 1.0),
            (3, 2, 1, 1.0),
            (0, 4, 1, 1.0),
        ];
        let r = assign_ranks(5, &edges);
        for &(u, v, len, _) in &edges {
            assert!(r[v] - r[u] >= len);
        }
        // Node 3 only feeds 2 and so sits right above it.
        assert_eq!(r[2] - r[3], 1);
        assert_eq!(*r.iter().min().unwrap(), 0);
        let plain: Vec<_> = edges.iter().map(|e| (e.0, e.1, e.2)).collect();
        let lp = longest_path(5, &plain);
        let length = |r: &[i32]| edges.iter().map(|e| r[e.1] - r[e.0]).sum::<i32>();
        assert!(length(&r) <= length(&lp));
    }

    #[test]
    fn reductions_keep_the_optimum() {
        // Random DAGs (edges point from lower to higher index) full of
        // leaves, chains and parallel edges: the reduced solve must be as
        // short as the simplex on the whole graph, and feasible.
        let mut rng = crate::generate::Lcg(99);
        let mut next = |m: usize| rng.below(m);
        for round in 0..200 {
            let n = 2 + next(30);
            let m = next(2 * n);
            let mut edges = Vec::new();
            for _ in 0..m {
                let (a, b) = (next(n), next(n));
                if a != b {
                    let (u, v) = (a.min(b), a.max(b));
                    edges.push((u, v, 1 + next(2) as i32, [0.5, 1.0, 2.0][next(3)]));
                }
            }
            let r = assign_ranks(n, &edges);
            for &(u, v, len, _) in &edges {
                assert!(r[v] - r[u] >= len, "round {round}: {edges:?} gave {r:?}");
            }
            assert_eq!(r.iter().copied().min(), Some(0));
            let cs: Vec<Constraint> = edges
                .iter()
                .map(|&(from, to, minlen, w)| Constraint {
                    from,
                    to,
                    minlen,
                    weight: f64::from(w),
                })
                .collect();
            let direct = solve(n, &cs, usize::MAX);
            let cost = |x: &[i32]| {
                edges
                    .iter()
                    .map(|&(u, v, _, w)| f64::from(w) * f64::from(x[v] - x[u]))
                    .sum::<f64>()
            };
            assert_eq!(cost(&r), cost(&direct), "round {round}: {edges:?}");
        }
    }
}
