//! Ranking: assigns every node a layer so each edge points down at least
//! its `minlen` ranks.
//!
//! Longest path from the sources, then a tightening pass that moves every
//! node whose edges all point down (a source) to just above its nearest
//! successor, so lone sources do not float at the top.

/// Takes `n` nodes and acyclic edges `(from, to, minlen)`; returns ranks
/// with `rank[to] - rank[from] >= minlen` for every edge and the smallest
/// rank 0.
pub fn assign_ranks(n: usize, edges: &[(usize, usize, i32)]) -> Vec<i32> {
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
        let edges = [(0, 1, 1), (1, 2, 2), (3, 2, 1), (0, 4, 1)];
        let r = assign_ranks(5, &edges);
        for &(u, v, len) in &edges {
            assert!(r[v] - r[u] >= len);
        }
        // Node 3 only feeds 2 and so sits right above it.
        assert_eq!(r[2] - r[3], 1);
        assert_eq!(*r.iter().min().unwrap(), 0);
    }
}
