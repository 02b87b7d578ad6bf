//! Cycle breaking: picks edges to reverse so the graph becomes acyclic.
//!
//! Greedy feedback arc set of Eades, Lin and Smyth (1993): repeatedly take
//! sinks to the back of a sequence, sources to the front, and otherwise the
//! node whose out-weight most exceeds its in-weight to the front. Edges that
//! point backwards in the sequence are reversed. Ties break on node index,
//! so the result is deterministic.

use std::collections::BTreeSet;

/// Takes `n` nodes and weighted edges `(from, to, weight)`; returns, for each
/// edge, whether it must be reversed. Self-loops are never reversed (callers
/// leave them out of ranking). Guarantees: reversing the marked edges leaves
/// no cycle.
pub fn feedback_edges(n: usize, edges: &[(usize, usize, f32)]) -> Vec<bool> {
    let mut out_w = vec![0.0f64; n];
    let mut in_w = vec![0.0f64; n];
    let mut outs: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut ins: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, &(u, v, w)) in edges.iter().enumerate() {
        if u == v {
            continue;
        }
        let w = f64::from(w.max(0.0)) + 1e-3;
        out_w[u] += w;
        in_w[v] += w;
        outs[u].push(i);
        ins[v].push(i);
    }
    // Buckets keyed by class: sinks, sources, then by (in - out) so the
    // smallest key is the best "source-like" node.
    let key = |v: usize, out_w: &[f64], in_w: &[f64], alive_out: usize, alive_in: usize| {
        let class = if alive_out == 0 {
            0
        } else if alive_in == 0 {
            1
        } else {
            2
        };
        let delta = ((in_w[v] - out_w[v]) * 1000.0).round() as i64;
        (class, delta, v)
    };
    let mut alive_out: Vec<usize> = outs.iter().map(Vec::len).collect();
    let mut alive_in: Vec<usize> = ins.iter().map(Vec::len).collect();
    let mut removed = vec![false; n];
    let mut queue: BTreeSet<(u8, i64, usize)> = (0..n)
        .map(|v| key(v, &out_w, &in_w, alive_out[v], alive_in[v]))
        .collect();
    let mut front = Vec::with_capacity(n);
    let mut back = Vec::with_capacity(n);
    while let Some(k) = queue.pop_first() {
        let v = k.2;
        removed[v] = true;
        if k.0 == 0 {
            back.push(v);
        } else {
            front.push(v);
        }
        let mut touched = Vec::new();
        for &e in &outs[v] {
            let (_, t, w) = edges[e];
            if !removed[t] {
                let old = key(t, &out_w, &in_w, alive_out[t], alive_in[t]);
                queue.remove(&old);
                in_w[t] -= f64::from(w.max(0.0)) + 1e-3;
                alive_in[t] -= 1;
                touched.push(t);
            }
        }
        for &e in &ins[v] {
            let (s, _, w) = edges[e];
            if !removed[s] {
                let old = key(s, &out_w, &in_w, alive_out[s], alive_in[s]);
                queue.remove(&old);
                out_w[s] -= f64::from(w.max(0.0)) + 1e-3;
                alive_out[s] -= 1;
                touched.push(s);
            }
        }
        for t in touched {
            queue.insert(key(t, &out_w, &in_w, alive_out[t], alive_in[t]));
        }
    }
    back.reverse();
    front.extend(back);
    let mut place = vec![0usize; n];
    for (i, &v) in front.iter().enumerate() {
        place[v] = i;
    }
    edges
        .iter()
        .map(|&(u, v, _)| u != v && place[u] > place[v])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cycle_loses_one_edge() {
        let edges = [(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.0), (2, 3, 1.0)];
        let rev = feedback_edges(4, &edges);
        assert_eq!(rev.iter().filter(|&&r| r).count(), 1);
    }

    #[test]
    fn a_dag_keeps_every_edge() {
        let edges = [(0, 1, 1.0), (0, 2, 1.0), (1, 3, 1.0), (2, 3, 1.0)];
        assert!(feedback_edges(4, &edges).iter().all(|&r| !r));
    }
}
