#[test]
fn perf() {
    let t = std::time::Instant::now();
    let src = format!("graph TD\n{}", "A-->B;".repeat(100_000));
    let c = mermaid_render::parse::parse(&src).unwrap();
    eprintln!("one line: {} edges {:?}", c.edges.len(), t.elapsed());
    let t = std::time::Instant::now();
    let mut s = String::from("graph TD\n");
    for k in 0..50_000 {
        s.push_str(&format!("n{k}[label {k}] --> n{}\n", k + 1));
    }
    let c = mermaid_render::parse::parse(&s).unwrap();
    eprintln!("lines: {} nodes {:?}", c.nodes.len(), t.elapsed());
    let t = std::time::Instant::now();
    let s = format!("graph TD\nA[{}", "x".repeat(1_000_000));
    let _ = mermaid_render::parse::parse(&s);
    let s = format!("graph TD\nA -- {}", "x ".repeat(500_000));
    let _ = mermaid_render::parse::parse(&s);
    eprintln!("unclosed: {:?}", t.elapsed());
}
