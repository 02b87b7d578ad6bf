//! Network simplex for difference-constrained integer placement (Gansner,
//! Koutsofios, North and Vo, "A technique for drawing directed graphs",
//! 1993, §2.3).
//!
//! Solves: minimise `Σ weight · (x[to] - x[from])` subject to
//! `x[to] - x[from] >= minlen` for every edge. Used for ranking (edges of the
//! flowchart) and for coordinates along ranks (the auxiliary graph of §4.2).
//!
//! Takes any constraint graph without a positive cycle; edges of a
//! disconnected graph are tied together through a virtual root with free
//! (weight 0, minlen 0) edges. Returns integer values whose least is 0.
//! Each pivot recomputes the tree numbering and cut values in O(V + E); the
//! number of pivots is capped so huge inputs stay fast, and every
//! intermediate solution is feasible, so the cap only costs optimality.

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

/// Solves the problem of the module doc for `n` variables, starting from
/// the longest-path solution. At most `max_pivots` exchanges are made.
pub fn solve(n: usize, constraints: &[Constraint], max_pivots: usize) -> Vec<i32> {
    if n == 0 {
        return Vec::new();
    }
    // A virtual root makes the graph connected.
    let root = n;
    let mut edges: Vec<Constraint> = constraints
        .iter()
        .filter(|c| c.from != c.to && c.from < n && c.to < n)
        .copied()
        .collect();
    // One free edge from the root into each connected component.
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
    let mut s = Simplex::new(n + 1, edges);
    if !s.longest_path() {
        // A positive cycle: no feasible solution; give the best effort.
        let mut x = s.rank;
        x.truncate(n);
        return normalise(x);
    }
    s.local_moves(8);
    s.feasible_tree();
    s.number_tree();
    s.cut_values();
    let mut start = 0;
    let mut side = Vec::new();
    for _ in 0..max_pivots {
        let Some(leave) = s.leave_edge(&mut start) else {
            break;
        };
        let c = s.edges[leave];
        let lower = if s.lim[c.from] < s.lim[c.to] {
            c.from
        } else {
            c.to
        };
        s.subtree(lower, &mut side);
        let Some(enter) = s.enter_edge(leave, &side) else {
            break;
        };
        s.exchange(leave, enter, &side);
    }
    let mut x = s.rank;
    x.truncate(n);
    normalise(x)
}

fn normalise(mut x: Vec<i32>) -> Vec<i32> {
    let min = x.iter().copied().min().unwrap_or(0);
    for v in &mut x {
        *v -= min;
    }
    x
}

struct Simplex {
    n: usize,
    edges: Vec<Constraint>,
    /// Incident edge ids per node.
    incident: Vec<Vec<usize>>,
    rank: Vec<i32>,
    in_tree: Vec<bool>,
    /// Tree edge ids per node.
    tree_adj: Vec<Vec<usize>>,
    /// Tree edge to the parent, per node (`usize::MAX` at the root).
    parent_edge: Vec<usize>,
    low: Vec<usize>,
    lim: Vec<usize>,
    cut: Vec<f64>,
    tree_edges: Vec<usize>,
    /// Nodes in postorder (children before parents), from `number_tree`.
    postorder: Vec<usize>,
}

impl Simplex {
    fn new(n: usize, edges: Vec<Constraint>) -> Self {
        let mut incident = vec![Vec::new(); n];
        for (i, e) in edges.iter().enumerate() {
            incident[e.from].push(i);
            incident[e.to].push(i);
        }
        let m = edges.len();
        Simplex {
            n,
            edges,
            incident,
            rank: vec![0; n],
            in_tree: vec![false; m],
            tree_adj: vec![Vec::new(); n],
            parent_edge: vec![usize::MAX; n],
            low: vec![0; n],
            lim: vec![0; n],
            cut: vec![0.0; m],
            tree_edges: Vec::new(),
            postorder: Vec::with_capacity(n),
        }
    }

    fn slack(&self, e: usize) -> i32 {
        let c = &self.edges[e];
        self.rank[c.to] - self.rank[c.from] - c.minlen
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
        let mut rank = vec![i32::MIN; self.n];
        for &v in &stack {
            rank[v] = 0;
        }
        while let Some(v) = stack.pop() {
            seen += 1;
            if rank[v] == i32::MIN {
                rank[v] = 0;
            }
            for &e in &self.incident[v] {
                let c = self.edges[e];
                if c.from == v {
                    rank[c.to] = rank[c.to].max(rank[v].saturating_add(c.minlen));
                    indeg[c.to] -= 1;
                    if indeg[c.to] == 0 {
                        stack.push(c.to);
                    }
                }
            }
        }
        for r in &mut rank {
            if *r == i32::MIN {
                *r = 0;
            }
        }
        self.rank = rank;
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
                let (mut lo, mut hi) = (i32::MIN, i32::MAX);
                let (mut w_in, mut w_out) = (0.0f64, 0.0f64);
                for &e in &self.incident[v] {
                    let c = self.edges[e];
                    if c.to == v {
                        lo = lo.max(self.rank[c.from].saturating_add(c.minlen));
                        w_in += c.weight;
                    } else {
                        hi = hi.min(self.rank[c.to].saturating_sub(c.minlen));
                        w_out += c.weight;
                    }
                }
                let target = if w_in > w_out && lo != i32::MIN {
                    lo
                } else if w_out > w_in && hi != i32::MAX {
                    hi
                } else {
                    continue;
                };
                if target != self.rank[v] && lo <= target && target <= hi {
                    self.rank[v] = target;
                    moved = true;
                }
            }
            if !moved {
                break;
            }
        }
    }

    /// Grows a spanning tree of tight edges, shifting the tree's ranks by
    /// the least slack whenever it cannot grow (§2.3, `feasible_tree`).
    fn feasible_tree(&mut self) {
        let mut in_tree_node = vec![false; self.n];
        in_tree_node[self.n - 1] = true; // the virtual root
        let mut members = vec![self.n - 1];
        let mut size = 1;
        loop {
            // Grow along tight edges.
            let mut stack = members.clone();
            while let Some(v) = stack.pop() {
                for k in 0..self.incident[v].len() {
                    let e = self.incident[v][k];
                    let c = self.edges[e];
                    let w = if c.from == v { c.to } else { c.from };
                    if !in_tree_node[w] && self.slack(e) == 0 {
                        in_tree_node[w] = true;
                        self.in_tree[e] = true;
                        self.tree_edges.push(e);
                        members.push(w);
                        stack.push(w);
                        size += 1;
                    }
                }
            }
            if size >= self.n {
                break;
            }
            // The incident non-tree edge of least slack.
            let mut best: Option<(i32, usize)> = None;
            for (e, c) in self.edges.iter().enumerate() {
                if in_tree_node[c.from] != in_tree_node[c.to] {
                    let s = self.slack(e);
                    if best.is_none_or(|(bs, _)| s < bs) {
                        best = Some((s, e));
                    }
                }
            }
            let Some((s, e)) = best else { break };
            let delta = if in_tree_node[self.edges[e].from] {
                s
            } else {
                -s
            };
            for &v in &members {
                self.rank[v] += delta;
            }
        }
        for (e, &t) in self.in_tree.iter().enumerate() {
            if t {
                let c = self.edges[e];
                self.tree_adj[c.from].push(e);
                self.tree_adj[c.to].push(e);
            }
        }
    }

    /// Postorder numbers `low..=lim` of each subtree, and parent edges, from
    /// the root (iterative DFS).
    fn number_tree(&mut self) {
        self.postorder.clear();
        let root = self.n - 1;
        self.parent_edge[root] = usize::MAX;
        self.number_subtree(root, 1, true);
    }

    /// Numbers the subtree under `top` (keeping its parent edge), starting
    /// at `counter`; records the postorder when `record`.
    fn number_subtree(&mut self, top: usize, mut counter: usize, record: bool) {
        // (node, next child index)
        let mut stack: Vec<(usize, usize)> = vec![(top, 0)];
        self.low[top] = counter;
        while let Some(&mut (v, ref mut k)) = stack.last_mut() {
            if *k < self.tree_adj[v].len() {
                let e = self.tree_adj[v][*k];
                *k += 1;
                if e == self.parent_edge[v] {
                    continue;
                }
                let c = self.edges[e];
                let w = if c.from == v { c.to } else { c.from };
                self.parent_edge[w] = e;
                self.low[w] = counter;
                stack.push((w, 0));
            } else {
                self.lim[v] = counter;
                counter += 1;
                if record {
                    self.postorder.push(v);
                }
                stack.pop();
            }
        }
    }

    /// Cut values of all tree edges, children before parents.
    fn cut_values(&mut self) {
        for k in 0..self.postorder.len() {
            let v = self.postorder[k];
            let e = self.parent_edge[v];
            if e == usize::MAX {
                continue;
            }
            self.cut[e] = self.cut_value(v, e);
        }
    }

    /// Cut value of tree edge `pe` joining `child` to its parent, from the
    /// cut values of the child's own tree edges (dagre's formulation).
    fn cut_value(&self, child: usize, pe: usize) -> f64 {
        let pc = self.edges[pe];
        let child_is_tail = pc.from == child;
        let mut cut = pc.weight;
        for &e in &self.incident[child] {
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

    /// A tree edge with a negative cut value, searched round-robin.
    fn leave_edge(&self, start: &mut usize) -> Option<usize> {
        let m = self.tree_edges.len();
        for k in 0..m {
            let i = (*start + k) % m;
            let e = self.tree_edges[i];
            if self.cut[e] < -1e-9 {
                *start = (i + 1) % m;
                return Some(e);
            }
        }
        None
    }

    fn is_descendant(&self, v: usize, of: usize) -> bool {
        self.low[of] <= self.lim[v] && self.lim[v] <= self.lim[of]
    }

    /// Nodes of the subtree under `top` (the side of a tree edge away from
    /// the root), by their postorder range.
    fn subtree(&self, top: usize, out: &mut Vec<usize>) {
        out.clear();
        out.push(top);
        let mut k = 0;
        while k < out.len() {
            let v = out[k];
            k += 1;
            for &e in &self.tree_adj[v] {
                if e == self.parent_edge[v] {
                    continue;
                }
                let c = self.edges[e];
                out.push(if c.from == v { c.to } else { c.from });
            }
        }
    }

    /// The non-tree edge of least slack that reconnects the two parts when
    /// `leave` is removed, crossing the cut against `leave`'s direction.
    /// Only edges at the nodes of the part away from the root are looked at.
    fn enter_edge(&self, leave: usize, side: &[usize]) -> Option<usize> {
        let c = self.edges[leave];
        // The part away from the root is `leave`'s tail side or head side.
        let tail_below = self.lim[c.from] < self.lim[c.to];
        let top = if tail_below { c.from } else { c.to };
        let mut best: Option<(i32, usize)> = None;
        for &v in side {
            for &e in &self.incident[v] {
                if self.in_tree[e] {
                    continue;
                }
                let ec = self.edges[e];
                // Into the tail side, or out of the head side.
                let ok = if tail_below {
                    ec.to == v && !self.is_descendant(ec.from, top)
                } else {
                    ec.from == v && !self.is_descendant(ec.to, top)
                };
                if ok {
                    let s = self.slack(e);
                    if best.is_none_or(|(bs, be)| s < bs || (s == bs && e < be)) {
                        best = Some((s, e));
                    }
                }
            }
        }
        best.map(|(_, e)| e)
    }

    fn exchange(&mut self, leave: usize, enter: usize, side: &[usize]) {
        // Shift the part below `leave` (away from the root) by the slack of
        // `enter`, making it tight.
        let c = self.edges[leave];
        let lower = if self.lim[c.from] < self.lim[c.to] {
            c.from
        } else {
            c.to
        };
        let s = self.slack(enter);
        let ec = self.edges[enter];
        let delta = if self.is_descendant(ec.to, lower) {
            -s
        } else {
            s
        };
        for &v in side {
            self.rank[v] += delta;
        }
        // Cut values change only on the tree path that `enter` closes into
        // a cycle: walk up from both of its ends to their common ancestor
        // (Gansner et al. 1993, §2.4), then renumber that ancestor's subtree.
        let cv = self.cut[leave];
        let lca = self.update_path(ec.from, ec.to, cv, true);
        self.update_path(ec.to, ec.from, cv, false);
        self.cut[enter] = -cv;
        self.cut[leave] = 0.0;
        self.in_tree[leave] = false;
        self.in_tree[enter] = true;
        for x in [c.from, c.to] {
            self.tree_adj[x].retain(|&e| e != leave);
        }
        self.tree_adj[ec.from].push(enter);
        self.tree_adj[ec.to].push(enter);
        if let Some(slot) = self.tree_edges.iter_mut().find(|e| **e == leave) {
            *slot = enter;
        }
        let start = self.low[lca];
        self.number_subtree(lca, start, false);
    }

    /// Walks from `v` up the tree until reaching an ancestor of `w`,
    /// adding `cv` to the cut value of each parent edge met in direction
    /// `dir` (tail first) and subtracting it otherwise. Returns that
    /// ancestor.
    fn update_path(&mut self, mut v: usize, w: usize, cv: f64, dir: bool) -> usize {
        while !self.is_descendant(w, v) {
            let e = self.parent_edge[v];
            if e == usize::MAX {
                break;
            }
            let c = self.edges[e];
            let along = if c.from == v { dir } else { !dir };
            if along {
                self.cut[e] += cv;
            } else {
                self.cut[e] -= cv;
            }
            v = if self.lim[c.from] > self.lim[c.to] {
                c.from
            } else {
                c.to
            };
        }
        v
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
        let mut seed = 12345u64;
        let mut next = |m: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % m
        };
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
}
