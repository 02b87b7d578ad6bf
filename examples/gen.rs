//! Prints a generated flowchart: `cargo run --example gen -- NODES [SEED] [clusters] [labels]`.

#[path = "../benches/support/generate.rs"]
mod generate;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let nodes = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(20);
    let seed = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(1);
    let spec = generate::GraphSpec {
        nodes,
        edges_per_node_x10: 15,
        clusters: args.iter().any(|a| a == "clusters"),
        edge_labels: args.iter().any(|a| a == "labels"),
        seed,
    };
    print!("{}", generate::flowchart(&spec));
}
