#[test]
fn try_it() {
    let cases = [
        "graph TD\nA[foo --> B",
        "graph TD\nsubgraph x\nA-->B\n",
        "graph TD\nA -=> B",
        "graph TD\nA --> B\nend",
        "",
        "graph",
        "graph TD;",
        "graph TD\nA(((x)) --> B",
        "graph TD\nA[\"x\" y] --> B",
        "graph TD\nA@{ shape: Rect }",
        "graph TD\nA@{ shape: foo }",
        "graph TD\nA-->B\nlinkStyle 3 stroke:red",
        "graph TD\nA-->B %% hi",
        "graph TD\n\0",
        "graph TD\nA[\"unbalanced]",
        "graph XY\nA",
        "graph TD\nA --> ",
        "graph TD\nA & B --> C & D\nstyle A,B fill:#fff\nclick A \"http://x\" \"tip\" _blank\nA:::foo --> E@{ shape: circle, label: \"hi\" }",
    ];
    for c in cases {
        match mermaid_render::parse::parse(c) {
            Ok(f) => println!(
                "{c:?}\n  OK nodes={:?} edges={} warnings={:?}",
                f.nodes
                    .iter()
                    .map(|n| (
                        &n.id,
                        n.shape,
                        n.label.as_ref().map(|l| &l.text),
                        &n.styles,
                        &n.classes,
                        n.click.is_some()
                    ))
                    .collect::<Vec<_>>(),
                f.edges.len(),
                f.warnings
            ),
            Err(e) => println!("{}", e.display("x.mmd", c)),
        }
    }
}
