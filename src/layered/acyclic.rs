//! Cycle breaking: picks edges to reverse so the graph becomes acyclic.
//!
//! The rule is reading order, as dot does it (Gansner, Koutsofios, North and
//! Vo, "A technique for drawing directed graphs", 1993, section 2.1): a
//! depth-first search starts from each not yet visited node in index order
//! (the order the source declares its nodes) and follows each node's
//! out-edges in the order the edges were given. An edge that leads back to a
//! node on the current search path closes a cycle and is reversed; every
//! other edge keeps its direction. So the first-declared path of a cycle
//! points down the ranks and only the edge returning to an earlier node
//! points up, which is how a reader of the source expects the picture.
//! The search is iterative (no recursion depth limit) and visits nodes and
//! edges in a fixed order, so the result is deterministic.

/// Where a node stands in the depth-first search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Visit {
    /// Not reached yet.
    New,
    /// On the current search path.
    OnPath,
    /// Finished: all its descendants are done.
    Done,
}

/// Takes `n` nodes and edges `(from, to, weight)` in declaration order;
/// returns, for each edge, whether it must be reversed. Weights do not
/// matter to the rule (see the module doc). Self-loops are never reversed
/// (callers leave them out of ranking). Guarantees: reversing the marked
/// edges leaves no cycle; an edge is reversed only when it closes a cycle
/// back to a node on the search path.
pub fn feedback_edges(n: usize, edges: &[(usize, usize, f32)]) -> Vec<bool> {
    let mut outs: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, &(u, v, _)) in edges.iter().enumerate() {
        if u != v && u < n && v < n {
            outs[u].push(i);
        }
    }
    let mut reversed = vec![false; edges.len()];
    let mut state = vec![Visit::New; n];
    // The search path: each node with the position of its next out-edge.
    let mut path: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if state[root] != Visit::New {
            continue;
        }
        state[root] = Visit::OnPath;
        path.push((root, 0));
        while let Some(top) = path.last_mut() {
            let (u, next) = *top;
            let Some(&e) = outs[u].get(next) else {
                state[u] = Visit::Done;
                path.pop();
                continue;
            };
            top.1 += 1;
            let v = edges[e].1;
            match state[v] {
                Visit::New => {
                    state[v] = Visit::OnPath;
                    path.push((v, 0));
                }
                Visit::OnPath => reversed[e] = true,
                Visit::Done => {}
            }
        }
    }
    reversed
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks that reversing the marked edges of `edges` leaves no cycle,
    /// and that exactly the edges in `expected` are marked.
    fn check(n: usize, edges: &[(usize, usize)], expected: &[usize]) {
        let weighted: Vec<_> = edges.iter().map(|&(u, v)| (u, v, 1.0)).collect();
        let rev = feedback_edges(n, &weighted);
        let marked: Vec<usize> = (0..edges.len()).filter(|&i| rev[i]).collect();
        assert_eq!(marked, expected, "reversed edges of {edges:?}");
        // Kahn's algorithm on the result: every node gets removed.
        let dag: Vec<(usize, usize)> = edges
            .iter()
            .zip(&rev)
            .filter(|(e, _)| e.0 != e.1)
            .map(|(&(u, v), &r)| if r { (v, u) } else { (u, v) })
            .collect();
        let mut indeg = vec![0; n];
        for &(_, v) in &dag {
            indeg[v] += 1;
        }
        let mut ready: Vec<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
        let mut seen = 0;
        while let Some(u) = ready.pop() {
            seen += 1;
            for &(a, b) in &dag {
                if a == u {
                    indeg[b] -= 1;
                    if indeg[b] == 0 {
                        ready.push(b);
                    }
                }
            }
        }
        assert_eq!(seen, n, "a cycle is left in {dag:?}");
    }

    #[test]
    fn a_cycle_loses_the_edge_back_to_its_first_node() {
        check(4, &[(0, 1), (1, 2), (2, 0), (2, 3)], &[2]);
    }

    #[test]
    fn a_dag_keeps_every_edge() {
        check(4, &[(0, 1), (0, 2), (1, 3), (2, 3)], &[]);
    }

    #[test]
    fn the_edge_into_an_earlier_node_is_reversed_even_when_declared_first() {
        // 1 -> 0 is declared before 0 -> 1, but 0 comes first in reading
        // order, so 0 -> 1 points down and 1 -> 0 is the one that turns.
        check(2, &[(1, 0), (0, 1)], &[0]);
    }

    #[test]
    fn a_long_cycle_keeps_its_path_and_turns_only_the_return() {
        // 0 -> 1 -> ... -> 8 -> 0, with a side trip 2 -> 9 -> 2 and a
        // return 5 -> 3: only the edges into earlier nodes on the path turn.
        let mut edges: Vec<(usize, usize)> = (0..8).map(|i| (i, i + 1)).collect();
        edges.push((8, 0));
        edges.push((2, 9));
        edges.push((9, 2));
        edges.push((5, 3));
        check(10, &edges, &[8, 10, 11]);
    }

    #[test]
    fn an_edge_to_a_finished_branch_keeps_its_direction() {
        // 0 -> 1, 0 -> 2, 2 -> 1: node 1 is done when 2 -> 1 is seen.
        check(3, &[(0, 1), (0, 2), (2, 1)], &[]);
    }
}
