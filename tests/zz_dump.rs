use std::fs;
fn esc(s: &str) -> String {
    format!("{:?}", s)
}
#[test]
fn dump() {
    let dir = "/work/shared/corpus/flowchart";
    let mut out = String::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().map_or(true, |x| x != "mmd") {
            continue;
        }
        let name = p.file_stem().unwrap().to_str().unwrap().to_string();
        let src = fs::read_to_string(&p).unwrap();
        match mermaid_render::parse::parse(&src) {
            Err(e) => out.push_str(&format!("{}\tERR\t{}\n", name, esc(&e.message))),
            Ok(c) => {
                for n in &c.nodes {
                    let (t, k) = n.label.as_ref().map_or((n.id.clone(), "text".into()), |l| {
                        (l.text.clone(), format!("{:?}", l.kind))
                    });
                    out.push_str(&format!(
                        "{}\tnode\t{}\t{}\t{}\t{}\t{:?}\n",
                        name,
                        esc(&n.id),
                        n.shape.name(),
                        esc(&t),
                        k,
                        n.parent.map(|p| c.subgraphs[p].id.clone())
                    ));
                }
                for s in &c.subgraphs {
                    out.push_str(&format!(
                        "{}\tsubgraph\t{}\t{}\t{:?}\n",
                        name,
                        esc(&s.id),
                        esc(&s.title.as_ref().map_or(String::new(), |t| t.text.clone())),
                        s.parent
                    ));
                }
                for ed in &c.edges {
                    out.push_str(&format!(
                        "{}\tedge\t{}\t{}\t{}\t{:?}\t{:?}\t{:?}\t{}\n",
                        name,
                        esc(&ed.from),
                        esc(&ed.to),
                        esc(&ed.label.as_ref().map_or(String::new(), |t| t.text.clone())),
                        ed.stroke,
                        ed.start,
                        ed.end,
                        ed.length
                    ));
                }
            }
        }
    }
    fs::write("/tmp/pdump/ours.tsv", out).unwrap();
}
