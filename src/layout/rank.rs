//! Ranking: assigns every node a layer so each edge points down at least
//! its `minlen` ranks.
//!
//! Network simplex (Gansner et al. 1993) minimises the total weighted edge
//! length, so `--->` edges span more ranks and lone sources sit next to
//! their targets. Graphs too large for it to finish quickly start from
//! the longest-path ranking and get a capped number of pivots.

use super::simplex::{solve, Constraint};

/// Pivots allowed for graphs of `n` nodes and `m` edges: enough to converge
/// on diagrams people draw, bounded on generated giants. A pivot costs time
/// in proportion to the edges too, so dense graphs (`A & B & … --> C & D &
/// …` makes every pair) are bounded by their edge count as well.
fn pivot_budget(n: usize, m: usize) -> usize {
    if n <= 2000 && m <= 20_000 {
        usize::MAX
    } else {
        (5_000_000 / n.max(m)).max(10)
    }
}

/// Takes `n` nodes and acyclic edges `(from, to, minlen, weight)`; returns
/// ranks with `rank[to] - rank[from] >= minlen` for every edge, the smallest
/// rank 0, and the weighted edge length as small as the budget allows.
pub fn assign_ranks(n: usize, edges: &[(usize, usize, i32, f32)]) -> Vec<i32> {
    let constraints: Vec<Constraint> = edges
        .iter()
        .filter(|e| e.0 != e.1)
        .map(|&(from, to, minlen, weight)| Constraint {
            from,
            to,
            minlen,
            weight: f64::from(weight.max(0.0)),
        })
        .collect();
    solve(n, &constraints, pivot_budget(n, constraints.len()))
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
}
