//! Deterministic generator of flowcharts for tests and benchmarks: layered
//! random graphs with optional nested subgraphs and edge labels.
//!
//! The same seed gives the same text on every machine (a fixed 64-bit
//! linear congruential generator, no platform randomness).
//!
//! Shared by the integration tests, the benches and `examples/gen.rs`
//! (each includes this file); none of them uses every item.
#![allow(dead_code)]

use std::fmt::Write;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GraphSpec {
    /// Number of nodes.
    pub nodes: usize,
    /// Edges per node, in tenths (15 = about 1.5 edges per node).
    pub edges_per_node_x10: usize,
    /// Wrap groups of nodes in (nested) subgraphs.
    pub clusters: bool,
    /// Put a label on about one edge in eight.
    pub edge_labels: bool,
    /// Seed of the generator.
    pub seed: u64,
}

impl GraphSpec {
    /// `nodes` nodes, 1.5 edges per node, no clusters, no labels, seed 1.
    pub fn new(nodes: usize) -> Self {
        GraphSpec {
            nodes,
            edges_per_node_x10: 15,
            clusters: false,
            edge_labels: false,
            seed: 1,
        }
    }
}

/// A small deterministic random source (Knuth's MMIX LCG), also used by
/// the layout's unit tests.
pub(crate) struct Lcg(pub(crate) u64);

impl Lcg {
    /// The next value, 31 bits.
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    /// A value in `0..n` (0 when `n` is 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Mermaid source of a layered random graph: nodes fall into layers of
/// about `sqrt(n)` nodes and edges mostly point one or two layers down, with
/// a few going back up (cycles) so every phase gets work.
pub fn flowchart(spec: &GraphSpec) -> String {
    let n = spec.nodes.max(1);
    let mut rng = Lcg(spec.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5DEE_CE66D);
    let width = ((n as f64).sqrt().ceil() as usize).max(2);
    let layer_of = |i: usize| i / width;
    let layers = n.div_ceil(width);
    let mut out = String::with_capacity(n * 40);
    out.push_str("flowchart TD\n");
    let shapes = [
        ("[", "]"),
        ("(", ")"),
        ("{", "}"),
        ("([", "])"),
        ("[[", "]]"),
    ];
    let declare = |out: &mut String, i: usize, rng: &mut Lcg| {
        let (open, close) = shapes[rng.below(shapes.len() * 3).min(shapes.len() - 1)];
        let _ = writeln!(out, "    n{i}{open}Node {i}{close}");
    };
    if spec.clusters {
        // Consecutive runs of nodes form subgraphs; every third one nests
        // in the previous one.
        let mut i = 0;
        let mut cluster = 0;
        while i < n {
            let run = 3 + rng.below(6);
            let nested = cluster % 3 == 1 && run > 4;
            let _ = writeln!(out, "  subgraph c{cluster}[Group {cluster}]");
            let end = (i + run).min(n);
            let split = if nested { i + run / 2 } else { end };
            for k in i..split.min(end) {
                declare(&mut out, k, &mut rng);
            }
            if nested && split < end {
                let _ = writeln!(out, "    subgraph c{cluster}x[Inner {cluster}]");
                for k in split..end {
                    declare(&mut out, k, &mut rng);
                }
                out.push_str("    end\n");
            }
            out.push_str("  end\n");
            i = end;
            cluster += 1;
        }
    } else {
        for i in 0..n {
            declare(&mut out, i, &mut rng);
        }
    }
    let edges = n * spec.edges_per_node_x10 / 10;
    for k in 0..edges {
        let from = if k < n { k } else { rng.below(n) };
        let layer = layer_of(from);
        let back = rng.below(20) == 0 && layer > 0;
        let target_layer = if back {
            layer - 1
        } else {
            (layer + 1 + rng.below(2)).min(layers.saturating_sub(1))
        };
        let to = (target_layer * width + rng.below(width)).min(n - 1);
        if to == from {
            continue;
        }
        if spec.edge_labels && rng.below(8) == 0 {
            let _ = writeln!(out, "  n{from} -->|e{k}| n{to}");
        } else {
            let _ = writeln!(out, "  n{from} --> n{to}");
        }
    }
    out
}
