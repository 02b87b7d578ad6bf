//! Behaviour of the parser through the public API: the seed diagrams, the
//! grammar's own examples, shapes, links, subgraphs, styles, settings, and
//! errors with their positions. One `check_*` helper per concern.

use std::fs;
use std::path::Path;

use mermaid_render::diagram::flowchart::model::{
    ClickAction, Curve, Direction, Flowchart, LabelKind, Marker, Shape, Stroke,
};
use mermaid_render::parse::parse;

// ------------------------------------------------------------- helpers

/// Parses `src`, failing the test with the rendered error if it does not.
fn ok(src: &str) -> Flowchart {
    match parse(src) {
        Ok(f) => f,
        Err(e) => panic!("should parse:\n{src}\n{}", e.display("test", src)),
    }
}

/// A seed file from `samples/`.
fn seed(n: u32) -> (String, Flowchart) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("samples/seed-0{n}.mmd"));
    let src = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let chart = ok(&src);
    (src, chart)
}

/// Node `id` has label text `text` and shape `shape`.
fn check_node(chart: &Flowchart, id: &str, text: &str, shape: Shape) {
    let node = chart
        .node(id)
        .unwrap_or_else(|| panic!("no node {id}; nodes: {:?}", ids(chart)));
    assert_eq!(node.display_text(), text, "text of {id}");
    assert_eq!(node.shape, shape, "shape of {id}");
}

/// The node ids in order.
fn ids(chart: &Flowchart) -> Vec<&str> {
    chart.nodes.iter().map(|n| n.id.as_str()).collect()
}

/// Node `id` sits directly in the subgraph with id `parent` (or none).
fn check_parent(chart: &Flowchart, id: &str, parent: Option<&str>) {
    let node = chart.node(id).unwrap_or_else(|| panic!("no node {id}"));
    let got = node.parent.map(|p| chart.subgraphs[p].id.as_str());
    assert_eq!(got, parent, "parent of {id}");
}

/// Node `id` has exactly the `style` declarations `decls` (`prop:value`).
fn check_styles(chart: &Flowchart, id: &str, decls: &[&str]) {
    let node = chart.node(id).unwrap_or_else(|| panic!("no node {id}"));
    let got: Vec<String> = node
        .styles
        .iter()
        .map(|d| format!("{}:{}", d.property, d.value))
        .collect();
    assert_eq!(got, decls, "styles of {id}");
}

/// The subgraphs as `(id, title)` in order of their `subgraph` keyword.
fn check_subgraphs(chart: &Flowchart, expected: &[(&str, Option<&str>)]) {
    let got: Vec<(&str, Option<&str>)> = chart
        .subgraphs
        .iter()
        .map(|s| (s.id.as_str(), s.title.as_ref().map(|t| t.text.as_str())))
        .collect();
    assert_eq!(got, expected);
}

/// The single link of `graph TD\nA <link> B` has this stroke, markers and length.
fn check_link(link: &str, stroke: Stroke, start: Marker, end: Marker, length: u8) {
    let src = format!("graph TD\nA {link} B");
    let chart = ok(&src);
    assert_eq!(chart.edges.len(), 1, "{link}");
    let e = &chart.edges[0];
    assert_eq!(
        (
            e.from.as_str(),
            e.to.as_str(),
            e.stroke,
            e.start,
            e.end,
            e.length
        ),
        ("A", "B", stroke, start, end, length),
        "{link}"
    );
}

/// The edges as `from>to:label` strings.
fn check_edges(src: &str, expected: &[&str]) {
    let chart = ok(src);
    let got: Vec<String> = chart
        .edges
        .iter()
        .map(|e| match &e.label {
            Some(l) => format!("{}>{}:{}", e.from, e.to, l.text),
            None => format!("{}>{}", e.from, e.to),
        })
        .collect();
    assert_eq!(got, expected, "{src}");
}

/// `src` fails with a message containing `message` at `line:col`, and the
/// error span covers `token`.
fn check_error(src: &str, message: &str, line: usize, col: usize, token: &str) {
    let err = match parse(src) {
        Ok(_) => panic!("should fail:\n{src}"),
        Err(e) => e,
    };
    assert!(
        err.message.contains(message),
        "message {:?} lacks {message:?}",
        err.message
    );
    assert_eq!(err.line_col(src), (line, col), "{}", err.display("t", src));
    assert_eq!(mermaid_render::line_col(src, err.span.start), (line, col));
    assert_eq!(
        &src[err.span.start..err.span.end],
        token,
        "span of the error"
    );
}

/// `src` parses or fails, but never panics, and any error span is in range.
fn check_no_panic(src: &str) {
    if let Err(e) = parse(src) {
        assert!(
            e.span.start <= e.span.end && e.span.end <= src.len(),
            "{e:?}"
        );
    }
}

// ----------------------------------------------------------------- seeds

#[test]
fn seed_01_korean_subgraphs_with_generated_ids() {
    let (src, c) = seed(1);
    assert_eq!(c.direction, Direction::TopBottom);
    assert_eq!(ids(&c), ["A", "D", "B", "C", "E", "F", "G", "H"]);
    check_node(
        &c,
        "A",
        "단일 장애점<br/>Single Point of Failure",
        Shape::Rect,
    );
    check_node(&c, "D", "오케스트레이션 필요성", Shape::Rect);
    check_node(&c, "F", "안정적 서비스", Shape::Rect);
    check_subgraphs(
        &c,
        &[
            ("subGraph0", Some("단일 컨테이너 한계")),
            ("subGraph1", Some("오케스트레이션 해결책")),
        ],
    );
    for id in ["A", "B", "C", "D"] {
        check_parent(&c, id, Some("subGraph0"));
    }
    for id in ["E", "F", "G", "H"] {
        check_parent(&c, id, Some("subGraph1"));
    }
    assert_eq!(c.edges.len(), 9);
    check_styles(&c, "A", &["fill:#ffebee"]);
    check_styles(&c, "F", &["fill:#4caf50"]);
    // spans point into the original text
    let a = c.node("A").unwrap();
    assert_eq!(
        &src[a.label.as_ref().unwrap().span.start..a.label.as_ref().unwrap().span.end],
        "단일 장애점<br/>Single Point of Failure"
    );
    let sg = &c.subgraphs[0];
    assert!(src[sg.span.start..sg.span.end].starts_with("subgraph"));
    assert!(src[sg.span.start..sg.span.end].ends_with("end"));
}

#[test]
fn seed_02_three_subgraphs_chained() {
    let (_, c) = seed(2);
    assert_eq!(c.nodes.len(), 12);
    assert_eq!(c.edges.len(), 11);
    check_subgraphs(
        &c,
        &[
            ("subGraph0", Some("Week 3: Kubernetes 운영과 관리")),
            ("subGraph1", Some("Week 4: 클라우드 네이티브 아키텍처")),
            ("subGraph2", Some("Week 5-6: CI/CD & 최신 트렌드")),
        ],
    );
    check_node(&c, "G", "API Gateway<br/>서비스 디스커버리", Shape::Rect);
    check_parent(&c, "E", Some("subGraph0"));
    check_parent(&c, "I", Some("subGraph1"));
    check_parent(&c, "L", Some("subGraph2"));
    check_styles(&c, "L", &["fill:#f3e5f5"]);
}

#[test]
fn seed_03_quoted_title_without_blank_is_the_id() {
    let (_, c) = seed(3);
    assert_eq!(c.nodes.len(), 11);
    assert_eq!(c.edges.len(), 8);
    check_subgraphs(
        &c,
        &[
            ("subGraph0", Some("로컬 환경")),
            ("subGraph1", Some("클라우드 환경")),
            ("하이브리드", Some("하이브리드")),
        ],
    );
    check_parent(&c, "K", Some("하이브리드"));
    check_parent(&c, "D", Some("subGraph0"));
    check_styles(&c, "D", &[]);
    check_styles(&c, "I", &["fill:#f3e5f5"]);
}

#[test]
fn seeds_04_to_06_style_list_extension() {
    for (n, fill) in [(4, "#e8f5e8"), (5, "#fff3e0"), (6, "#f3e5f5")] {
        let (_, c) = seed(n);
        assert_eq!(c.direction, Direction::LeftRight);
        assert_eq!(c.nodes.len(), 8, "seed {n}");
        assert_eq!(c.edges.len(), 7, "seed {n}");
        assert!(c.subgraphs.is_empty());
        let fill = format!("fill:{fill}");
        for id in ["A", "B", "C", "D"] {
            check_styles(&c, id, &[fill.as_str()]);
        }
        for id in ["A1", "B1", "C1", "D1"] {
            check_styles(&c, id, &[]);
            check_parent(&c, id, None);
        }
        assert!(c.node("A,B,C,D").is_none());
    }
    let (_, c) = seed(4);
    check_node(&c, "A1", "컨테이너 vs Pod", Shape::Rect);
}

// ------------------------------------------------------- grammar examples

/// Every `(* example: … *)` of the grammar, with `\n` / `\r` unescaped.
fn grammar_examples() -> Vec<(String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("grammar/flowchart.ebnf");
    let text = fs::read_to_string(&path).expect("grammar/flowchart.ebnf is readable");
    let mut out = Vec::new();
    let mut production = String::from("(top)");
    for line in text.lines() {
        if let Some((name, _)) = line.split_once('=') {
            let name = name.trim();
            if !name.is_empty()
                && !line.trim_start().starts_with("(*")
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                production = name.to_string();
            }
        }
        let Some(start) = line.find("(* example: ") else {
            continue;
        };
        let body = &line[start + "(* example: ".len()..];
        let body = body.rfind(" *)").map_or(body, |k| &body[..k]);
        let body = body.replace("\\r", "\r").replace("\\n", "\n");
        out.push((production.clone(), body));
    }
    out
}

/// Statement-level examples get a header.
fn with_header(example: &str) -> String {
    let first = example
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("%%"))
        .unwrap_or("");
    if first.starts_with("graph") || first.starts_with("flowchart") || first.starts_with("---") {
        example.to_string()
    } else {
        format!("graph TD\n{example}")
    }
}

#[test]
fn every_grammar_example_parses() {
    let examples = grammar_examples();
    assert!(examples.len() > 40, "only {} examples", examples.len());
    for (production, example) in &examples {
        let src = with_header(example);
        if let Err(e) = parse(&src) {
            panic!(
                "example of {production} fails:\n{}",
                e.display("flowchart.ebnf", &src)
            );
        }
    }
}

#[test]
fn every_grammar_production_has_an_example() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("grammar/flowchart.ebnf");
    let text = fs::read_to_string(path).unwrap();
    let with_examples: Vec<String> = grammar_examples().into_iter().map(|(p, _)| p).collect();
    for line in text.lines() {
        let Some((name, _)) = line.split_once('=') else {
            continue;
        };
        let name = name.trim();
        if line.trim_start().starts_with("(*")
            || name.is_empty()
            || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            continue;
        }
        assert!(
            with_examples.iter().any(|p| p == name),
            "production {name} has no example"
        );
    }
}

// ----------------------------------------------------------------- nodes

#[test]
fn classic_shapes() {
    let c = ok("graph TD\nA\nB[rect]\nC(round)\nD([stadium])\nE[[sub]]\nF[(cyl)]\nG((circle))\nH>odd]\nI{diamond}\nJ{{hex}}\nK[/lr/]\nL[\\ll\\]\nM[/trap\\]\nN[\\inv/]\nO(((dbl)))\nP(-ell-)");
    check_node(&c, "A", "A", Shape::Rect);
    check_node(&c, "B", "rect", Shape::Rect);
    check_node(&c, "C", "round", Shape::Rounded);
    check_node(&c, "D", "stadium", Shape::Stadium);
    check_node(&c, "E", "sub", Shape::Subroutine);
    check_node(&c, "F", "cyl", Shape::Cylinder);
    check_node(&c, "G", "circle", Shape::Circle);
    check_node(&c, "H", "odd", Shape::Odd);
    check_node(&c, "I", "diamond", Shape::Diamond);
    check_node(&c, "J", "hex", Shape::Hexagon);
    check_node(&c, "K", "lr", Shape::LeanRight);
    check_node(&c, "L", "ll", Shape::LeanLeft);
    check_node(&c, "M", "trap", Shape::Trapezoid);
    check_node(&c, "N", "inv", Shape::InvTrapezoid);
    check_node(&c, "O", "dbl", Shape::DoubleCircle);
    check_node(&c, "P", "ell", Shape::Ellipse);
}

#[test]
fn labels_quoted_markdown_and_raw() {
    let c = ok("graph TD\nA[\"a (b) [c]\"] --> B[\"`**bold**`\"]\nC[x #quot;y#quot; <br/> z]");
    check_node(&c, "A", "a (b) [c]", Shape::Rect);
    check_node(&c, "B", "**bold**", Shape::Rect);
    assert_eq!(
        c.node("B").unwrap().label.as_ref().unwrap().kind,
        LabelKind::Markdown
    );
    assert_eq!(
        c.node("A").unwrap().label.as_ref().unwrap().kind,
        LabelKind::Text
    );
    check_node(&c, "C", "x #quot;y#quot; <br/> z", Shape::Rect);
}

#[test]
fn redefinition_keeps_first_span_and_last_shape() {
    let src = "graph TD\nA --> B\nA(round)\nA{diamond}";
    let c = ok(src);
    check_node(&c, "A", "diamond", Shape::Diamond);
    let a = c.node("A").unwrap();
    assert_eq!(&src[a.span.start..a.span.end], "A");
    assert_eq!(a.span.start, 9);
}

#[test]
fn node_data_block() {
    let c = ok("flowchart TB\nA@{ shape: circle, label: \"Hi there\" }\nB@{ icon: \"fa:user\", form: circle, pos: t, w: 60, h: 40 }\nC@{ img: \"https://x/y.png\" } --> D@{ shape: dbl-circ }");
    check_node(&c, "A", "Hi there", Shape::Circle);
    assert_eq!(
        c.node("A").unwrap().label.as_ref().unwrap().kind,
        LabelKind::Markdown
    );
    let b = c.node("B").unwrap();
    assert_eq!(b.shape, Shape::Icon);
    assert_eq!(b.icon.as_deref(), Some("fa:user"));
    assert!(b.label_on_top);
    assert_eq!(b.asset_size, Some((60.0, 40.0)));
    assert_eq!(b.display_text(), "");
    assert_eq!(
        c.node("C").unwrap().image.as_deref(),
        Some("https://x/y.png")
    );
    check_node(&c, "D", "D", Shape::DoubleCircle);
}

#[test]
fn ids_with_keywords_ampersands_and_unicode() {
    let c = ok("graph TD\nA&B --> endnode\n단계1 --> stylenode\ndefault.x --> click-me");
    assert_eq!(
        ids(&c),
        [
            "A&B",
            "endnode",
            "단계1",
            "stylenode",
            "default.x",
            "click-me"
        ]
    );
}

// ----------------------------------------------------------------- links

#[test]
fn link_tokens() {
    use Marker::{Arrow, Circle, Cross, None as No};
    check_link("-->", Stroke::Normal, No, Arrow, 1);
    check_link("---", Stroke::Normal, No, No, 1);
    check_link("--->", Stroke::Normal, No, Arrow, 2);
    check_link("----", Stroke::Normal, No, No, 2);
    check_link("-.->", Stroke::Dotted, No, Arrow, 1);
    check_link("-.-", Stroke::Dotted, No, No, 1);
    check_link("-...->", Stroke::Dotted, No, Arrow, 3);
    check_link("==>", Stroke::Thick, No, Arrow, 1);
    check_link("===", Stroke::Thick, No, No, 1);
    check_link("====>", Stroke::Thick, No, Arrow, 3);
    check_link("~~~", Stroke::Invisible, No, No, 1);
    check_link("--x", Stroke::Normal, No, Cross, 1);
    check_link("--o", Stroke::Normal, No, Circle, 1);
    check_link("<-->", Stroke::Normal, Arrow, Arrow, 1);
    check_link("x--x", Stroke::Normal, Cross, Cross, 1);
    check_link("o--o", Stroke::Normal, Circle, Circle, 1);
    check_link("<==>", Stroke::Thick, Arrow, Arrow, 1);
    check_link("<-.->", Stroke::Dotted, Arrow, Arrow, 1);
    check_link("-- text -->", Stroke::Normal, No, Arrow, 1);
    check_link("== text ==>", Stroke::Thick, No, Arrow, 1);
    check_link("-. text .->", Stroke::Dotted, No, Arrow, 1);
    check_link("-- text --->", Stroke::Normal, No, Arrow, 2);
    check_link("-->|text|", Stroke::Normal, No, Arrow, 1);
    check_link("----------------->", Stroke::Normal, No, Arrow, 10);
}

#[test]
fn edge_labels_and_chains() {
    check_edges("graph LR\nA -->|yes| B", &["A>B:yes"]);
    check_edges("graph LR\nA -- yes --> B", &["A>B:yes"]);
    check_edges("graph LR\nA == big ==> B", &["A>B:big"]);
    check_edges("graph LR\nA -. maybe .-> B", &["A>B:maybe"]);
    check_edges("graph LR\nA -- \"a -- b\" --> B", &["A>B:a -- b"]);
    check_edges("graph LR\nA --> B --> C", &["A>B", "B>C"]);
    check_edges("graph LR\nA & B --> C & D", &["A>C", "A>D", "B>C", "B>D"]);
    check_edges("graph LR\nA:::x --> B:::y & C", &["A>B", "A>C"]);
    check_edges("graph LR\nA--xyz-->B", &["A>yz", "yz>B"]);
    check_edges("graph LR\na[x]\n--> b", &["a>b"]);
}

#[test]
fn edge_ids_and_edge_data() {
    let c = ok("flowchart LR\nA e1@--> B\ne1@{ animate: true, curve: linear }\nclass e1 hot\nB --> C\nL_B_C_0@{ curve: step }");
    assert_eq!(c.nodes.len(), 3);
    let e = &c.edges[0];
    assert_eq!(e.id.as_deref(), Some("e1"));
    assert!(e.animate);
    assert_eq!(e.curve, Some(Curve::Linear));
    assert_eq!(e.classes, ["hot"]);
    assert_eq!(c.edges[1].curve, Some(Curve::Step));
}

// ------------------------------------------------------------- subgraphs

#[test]
fn subgraph_forms_and_counter() {
    let c = ok("graph TB\nsubgraph id1 [Title is set]\nA\nend\nsubgraph Two words\nB\nend\nsubgraph\nC\nend\nsubgraph x[\"quoted\"]\nD\nend\nsubgraph \"t t\"\nE\nend");
    check_subgraphs(
        &c,
        &[
            ("id1", Some("Title is set")),
            ("subGraph1", Some("Two words")),
            ("subGraph2", None),
            ("x", Some("quoted")),
            ("subGraph4", Some("t t")),
        ],
    );
    check_parent(&c, "C", Some("subGraph2"));
}

#[test]
fn subgraph_membership_follows_end_order() {
    let src = "graph TB\nsubgraph outer\n  a --> b\n  subgraph inner\n    direction LR\n    b --> c\n  end\nend\nc --> d\nsubgraph later\n  a & d\nend";
    let c = ok(src);
    check_subgraphs(
        &c,
        &[
            ("outer", Some("outer")),
            ("inner", Some("inner")),
            ("later", Some("later")),
        ],
    );
    check_parent(&c, "a", Some("outer"));
    check_parent(&c, "b", Some("inner"));
    check_parent(&c, "c", Some("inner"));
    check_parent(&c, "d", Some("later"));
    assert_eq!(c.subgraphs[1].parent, Some(0));
    assert_eq!(c.subgraphs[1].direction, Some(Direction::LeftRight));
    assert_eq!(c.subgraphs[0].parent, None);
}

#[test]
fn subgraph_as_edge_end_and_style_target() {
    let c = ok("graph LR\nsubgraph one\na\nend\nsubgraph two\nb\nend\none --> two\nstyle one fill:#eee\nclass two warm");
    assert_eq!(ids(&c), ["a", "b"]);
    assert_eq!(c.edges[0].from, "one");
    assert_eq!(c.subgraphs[0].styles.len(), 1);
    assert_eq!(c.subgraphs[1].classes, ["warm"]);
}

#[test]
fn deep_nesting_needs_no_recursion() {
    let depth = 10_000;
    let mut src = String::from("graph TD\n");
    for k in 0..depth {
        src.push_str(&format!("subgraph s{k}\n"));
    }
    src.push_str("leaf\n");
    src.push_str(&"end\n".repeat(depth));
    // Ten times the default depth limit, raised for the test.
    let limits = mermaid_render::Limits {
        max_subgraph_depth: depth,
        ..Default::default()
    };
    let c = mermaid_render::parse::parse_with_limits(&src, &limits)
        .unwrap_or_else(|e| panic!("{}", e.display("test", &src)));
    assert_eq!(c.subgraphs.len(), depth);
    check_parent(&c, "leaf", Some("s9999"));
    assert_eq!(c.subgraphs[9999].parent, Some(9998));
}

// ---------------------------------------------------------------- styles

#[test]
fn style_class_def_class_and_link_style() {
    let c = ok("graph TD\nA --> B --> C\nstyle A fill:#f9f,stroke:#333,Stroke-Width:4px\nstyle Z color:red\nclassDef hot,warm fill:#f96,font-family:a\\, b\nclassDef default stroke:#000\nclass A,B hot\nC:::warm\nlinkStyle 0,1 stroke:#ff3\nlinkStyle default interpolate stepBefore");
    check_styles(&c, "A", &["fill:#f9f", "stroke:#333", "stroke-width:4px"]);
    check_styles(&c, "Z", &["color:red"]);
    assert_eq!(c.class_defs.len(), 3);
    let hot = c.class_def("hot").unwrap();
    assert_eq!(hot.styles[1].value, "a, b");
    assert!(c.class_def("default").is_some());
    assert_eq!(c.node("A").unwrap().classes, ["hot"]);
    assert_eq!(c.node("C").unwrap().classes, ["warm"]);
    assert_eq!(c.edges[0].styles[0].value, "#ff3");
    assert_eq!(c.edges[1].curve, Some(Curve::StepBefore));
}

#[test]
fn click_statements() {
    let c = ok("graph TD\nA --> B --> C\nclick A \"https://a.example\" \"Go\" _blank\nclick B href \"https://b.example\"\nclick C call cb(\"x\") \"Run\"");
    let a = c.node("A").unwrap().click.as_ref().unwrap();
    assert_eq!(
        a.action,
        ClickAction::Href {
            url: "https://a.example".into(),
            target: Some("_blank".into())
        }
    );
    assert_eq!(a.tooltip.as_deref(), Some("Go"));
    let cc = c.node("C").unwrap().click.as_ref().unwrap();
    assert_eq!(cc.action, ClickAction::Callback { name: "cb".into() });
    assert!(!c.warnings.is_empty(), "callbacks are reported");
}

// ------------------------------------------------------------ settings

#[test]
fn directives_front_matter_and_accessibility() {
    let src = "---\ntitle: My chart\nconfig:\n  theme: forest\n  themeVariables:\n    primaryColor: \"#ff0000\"\n  flowchart:\n    curve: linear\n    nodeSpacing: 30\n---\n%%{init: {'fontSize': '18px', 'flowchart': {'rankSpacing': 70}}}%%\nflowchart LR\naccTitle: The title\naccDescr {\n  Line one\n  line two\n}\nA --> B";
    let c = ok(src);
    assert_eq!(c.title.as_deref(), Some("My chart"));
    assert_eq!(c.config.theme.as_deref(), Some("forest"));
    assert_eq!(
        c.config.theme_variables,
        [("primaryColor".to_string(), "#ff0000".to_string())]
    );
    assert_eq!(c.config.curve, Some(Curve::Linear));
    assert_eq!(c.config.node_spacing, Some(30.0));
    assert_eq!(c.config.rank_spacing, Some(70.0));
    assert_eq!(c.config.font_size, Some(18.0));
    assert_eq!(c.acc_title.as_deref(), Some("The title"));
    assert_eq!(c.acc_descr.as_deref(), Some("Line one\nline two"));
    assert_eq!(c.direction, Direction::LeftRight);
}

/// `src` parses with exactly one warning, starting `message` at
/// `line:col`.
fn check_warning(src: &str, message: &str, line: usize, col: usize) {
    let c = ok(src);
    let got: Vec<(String, (usize, usize))> = c
        .warnings
        .iter()
        .map(|w| {
            (
                w.message.clone(),
                mermaid_render::line_col(src, w.span.expect("a parse warning has a place").start),
            )
        })
        .collect();
    assert!(
        got.len() == 1 && got[0].0.starts_with(message) && got[0].1 == (line, col),
        "expected one warning '{message}…' at {line}:{col}, got {got:?}\n{src}"
    );
}

#[test]
fn front_matter_is_yaml() {
    // A folded block scalar is its text, not `>-`.
    let c = ok("---\ntitle: >-\n  A folded\n  title\n---\ngraph TD\nA");
    assert_eq!(c.title.as_deref(), Some("A folded title"));
    // Quoted titles: escapes in double quotes, '' in single quotes, and a
    // `#` inside quotes is no comment.
    let c = ok("---\ntitle: \"Tab\\there, \\\"quoted\\\", caf\\u00e9\" # note\n---\ngraph TD\nA");
    assert_eq!(c.title.as_deref(), Some("Tab\there, \"quoted\", café"));
    let c = ok("---\ntitle: 'it''s #1'\n---\ngraph TD\nA");
    assert_eq!(c.title.as_deref(), Some("it's #1"));
    // A literal block scalar keeps its lines and final line break.
    let c = ok("---\nconfig:\n  themeCSS: |\n    .node rect { fill: red; }\n    .edgeLabel { color: blue; }\n---\ngraph TD\nA");
    assert_eq!(
        c.config.theme_css.as_deref(),
        Some(".node rect { fill: red; }\n.edgeLabel { color: blue; }\n")
    );
    // Flow mappings and comments.
    let c = ok("---\n# settings\nconfig: { theme: dark, flowchart: { curve: linear } } # end\n---\ngraph TD\nA");
    assert_eq!(c.config.theme.as_deref(), Some("dark"));
    assert_eq!(c.config.curve, Some(Curve::Linear));
    // A null or empty title is no title (Mermaid keeps only a truthy one).
    assert_eq!(ok("---\ntitle:\n---\ngraph TD\nA").title, None);
    assert_eq!(ok("---\ntitle: ''\n---\ngraph TD\nA").title, None);
}

#[test]
fn front_matter_anchors_and_aliases() {
    // A whole config through an alias.
    let c = ok("---\ndefaults: &defaults\n  theme: forest\n  flowchart:\n    curve: linear\nconfig: *defaults\n---\ngraph TD\nA");
    assert_eq!(c.config.theme.as_deref(), Some("forest"));
    assert_eq!(c.config.curve, Some(Curve::Linear));
    // A colour named once and used twice.
    let c = ok("---\nconfig:\n  themeVariables:\n    primaryColor: &brand \"#ff0000\"\n    lineColor: *brand\n---\ngraph TD\nA");
    assert_eq!(
        c.config.theme_variables,
        [
            ("primaryColor".to_string(), "#ff0000".to_string()),
            ("lineColor".to_string(), "#ff0000".to_string())
        ]
    );
    // Mermaid loads front matter with js-yaml's JSON schema, which has no
    // merge keys: `<<` is an ordinary key and merges nothing.
    let c = ok("---\nbase: &base\n  theme: forest\nconfig:\n  <<: *base\n---\ngraph TD\nA");
    assert_eq!(c.config.theme, None);
}

#[test]
fn unreadable_front_matter_is_a_warning_where_yaml_stopped() {
    // Not YAML: a second `: ` on one line. The diagram still parses and
    // renders, without any of the front matter.
    let src = "---\ntitle: Sales: Q3\nconfig:\n  theme: dark\n---\ngraph TD\nA --> B";
    check_warning(src, "front matter ignored: ", 2, 13);
    let c = ok(src);
    assert_eq!((c.title, c.config.theme), (None, None));
    let rendered = mermaid_render::render(src, &mermaid_render::Options::default()).unwrap();
    assert!(rendered.svg.contains("</svg>") && rendered.layout.nodes.len() == 2);
    // A key given twice (js-yaml refuses it): at the second one.
    check_warning(
        "---\ntitle: A\ntitle: B\n---\ngraph TD\nA",
        "front matter ignored: key 'title' given twice",
        3,
        1,
    );
    // A quoted string left open: at its opening quote.
    check_warning(
        "---\ntitle: \"open\n---\ngraph TD\nA",
        "front matter ignored: ",
        2,
        8,
    );
    // A flow list left open: at the closing `---`, where the text ended.
    check_warning(
        "---\ntitle: [a, b\n---\ngraph TD\nA",
        "front matter ignored: ",
        3,
        1,
    );
    // A tag js-yaml does not know.
    check_warning(
        "---\ntitle: !shout hello\n---\ngraph TD\nA",
        "front matter ignored: unknown tag",
        2,
        8,
    );
}

#[test]
fn directives_are_json_after_mermaids_quote_rewrite() {
    let c = ok("%%{init: {'theme': 'forest', 'themeVariables': {'primaryColor': '#00ff00'}, \"flowchart\": {'curve': 'linear', 'nodeSpacing': 25}}}%%\ngraph TD\nA");
    assert_eq!(c.config.theme.as_deref(), Some("forest"));
    assert_eq!(
        c.config.theme_variables,
        [("primaryColor".to_string(), "#00ff00".to_string())]
    );
    assert_eq!(c.config.curve, Some(Curve::Linear));
    assert_eq!(c.config.node_spacing, Some(25.0));
    // What JSON.parse refuses after the rewrite, Mermaid ignores: a
    // warning at the mistake, and the settings are not applied.
    for (src, col) in [
        ("%%{init: {theme: 'forest'}}%%\ngraph TD\nA", 11),
        ("%%{init: {'theme': 'forest',}}%%\ngraph TD\nA", 29),
        (
            "%%{init: {\"themeCSS\": \"a { content: 'x' }\"}}%%\ngraph TD\nA",
            38,
        ),
    ] {
        check_warning(src, "directive ignored: ", 1, col);
        assert_eq!(ok(src).config, Default::default(), "{src}");
    }
}

#[test]
fn config_files_are_strict_json() {
    use mermaid_render::read_config_file as config_file;
    let c = config_file(
        "\u{feff}{\"theme\": \"dark\", \"fontSize\": 18.0, \"flowchart\": {\"nodeSpacing\": 30}}",
    )
    .unwrap();
    assert_eq!(c.theme.as_deref(), Some("dark"));
    assert_eq!((c.font_size, c.node_spacing), (Some(18.0), Some(30.0)));
    // mmdc reads config files with JSON.parse: single quotes, bare keys
    // and trailing commas are errors, at the mistake, with a hint.
    for (text, line, col) in [
        ("{\n  'theme': 'dark'\n}", 2, 3),
        ("{\n  theme: \"dark\"\n}", 2, 3),
        ("{\n  \"theme\": \"dark\",\n}", 3, 1),
    ] {
        let e = config_file(text).unwrap_err();
        assert_eq!(e.line_col(text), (line, col), "{text}: {e:?}");
        assert!(
            e.hint.as_deref().is_some_and(|h| h.contains("strict JSON")),
            "{e:?}"
        );
    }
    let e = config_file("  [1, 2]").unwrap_err();
    assert_eq!(
        (e.message.as_str(), e.span.start),
        ("expected a JSON object '{'", 2)
    );
}

#[test]
fn separators_comments_and_line_endings() {
    let c = ok("%% leading\ngraph BT;A-->B;\r\n  %% inside\r\nB-->C;;\n\n");
    assert_eq!(c.direction, Direction::BottomTop);
    assert_eq!(ids(&c), ["A", "B", "C"]);
    assert_eq!(ok("graph <\nA").direction, Direction::RightLeft);
    // Mermaid's whole-line direction rule: the line defines no node
    let c = ok("graph TD\nsubgraph s\nA[direction LR]-->B\nend");
    assert!(c.nodes.is_empty());
}

// ---------------------------------------------------------------- errors

#[test]
fn error_unclosed_bracket_points_at_opening() {
    check_error(
        "graph TD\n  A[foo --> B",
        "unclosed '[': expected ']'",
        2,
        4,
        "[",
    );
    check_error(
        "graph TD\nA((x) --> B",
        "unclosed '((': expected '))'",
        2,
        2,
        "((",
    );
    check_error("graph TD\nA[\"no end] --> B", "unclosed '\"'", 2, 3, "\"");
}

#[test]
fn error_missing_end_points_at_subgraph() {
    check_error(
        "graph TD\nsubgraph one\n  subgraph two\n    a\n  end\n",
        "subgraph 'one' is never closed: expected 'end'",
        2,
        1,
        "subgraph",
    );
    check_error(
        "graph TD\nA\nend",
        "'end' without an open subgraph",
        3,
        1,
        "end",
    );
}

#[test]
fn error_unknown_link_points_at_token() {
    check_error("graph TD\nA -=> B", "unknown link '-=>'", 2, 3, "-=>");
    check_error(
        "graph TD\nA --> B C",
        "unexpected 'C' after node 'B'",
        2,
        9,
        "C",
    );
    check_error(
        "graph TD\nA -->",
        "expected a node after the link '-->'",
        2,
        3,
        "-->",
    );
    check_error(
        "graph TD\nA &B",
        "'&' needs a blank on both sides",
        2,
        3,
        "&",
    );
}

#[test]
fn error_header_and_statements() {
    check_error("", "no diagram type found", 1, 1, "");
    check_error(
        "sequenceDiagram\nA->>B: hi",
        "no diagram type found",
        1,
        1,
        "sequenceDiagram",
    );
    check_error("graph XY\nA", "unknown direction 'XY'", 1, 7, "XY");
    check_error(
        "graph TD A-->B",
        "expected ';' or a line break after the header",
        1,
        10,
        "A",
    );
    check_error("graph;A", "expected a direction after 'graph'", 1, 6, ";");
    check_error(
        "graph TD\nA-->B %% no",
        "a comment must be on its own line",
        2,
        7,
        "%%",
    );
    check_error(
        "graph TD\nA[a (b) c]",
        "unexpected '(' in label text",
        2,
        5,
        "(",
    );
    check_error(
        "graph TD\nA[\"x\" y]",
        "expected ']' after the quoted label",
        2,
        7,
        "y",
    );
    check_error("graph TD\nA-->end", "'end' is a keyword", 2, 5, "end");
    check_error(
        "graph TD\nend-node",
        "starts with the keyword 'end'",
        2,
        1,
        "end-node",
    );
}

#[test]
fn error_node_data_and_link_style() {
    check_error(
        "flowchart TB\nA@{ shape: nope }",
        "No such shape: nope.",
        2,
        12,
        "nope",
    );
    check_error(
        "flowchart TB\nA@{ shape: Rect }",
        "Shape names should be lowercase",
        2,
        12,
        "Rect",
    );
    check_error("flowchart TB\nA@{ shape: rect", "unclosed '@{'", 2, 2, "@{");
    check_error(
        "graph TD\nA-->B\nlinkStyle 0,2 stroke:red",
        "linkStyle index 2 is out of range",
        3,
        13,
        "2",
    );
    let err = parse("flowchart TB\nA@{ shape: nope }").unwrap_err();
    assert!(err.hint.unwrap().contains("double-circle"));
}

#[test]
fn error_display_like_rustc() {
    let src = "graph TD\n  A[foo --> B";
    let text = parse(src).unwrap_err().display("chart.mmd", src);
    assert!(
        text.starts_with("chart.mmd:2:4: error: unclosed '['"),
        "{text}"
    );
    assert!(text.contains("2 |   A[foo --> B"), "{text}");
}

// --------------------------------------------------------- robustness

#[test]
fn hostile_inputs_never_panic() {
    for src in [
        "",
        "graph",
        "graph TD",
        "\0",
        "graph TD\n\0\0",
        "graph TD\nA[\"",
        "graph TD\nA\"",
        "graph TD\nA[\u{1F600}] --> \u{1F600}",
        "graph TD\n@{",
        "graph TD\nA@{",
        "graph TD\nA@{ label: \"}",
        "---",
        "---\ntitle: x",
        "%%{init: {",
        "%%{init: {\"a\": [1, {\"b\": }]}}%%\ngraph TD",
        "graph TD\nclick",
        "graph TD\nlinkStyle",
        "graph TD\nlinkStyle 99999999999999999999999 x:y",
        "graph TD\nA -- text",
        "graph TD\nA -. text",
        "graph TD\nsubgraph \"",
        "graph TD\naccDescr {",
        "graph TD\nA --> B\nL_A_B_0@{",
        "graph TD\nA[|x",
    ] {
        check_no_panic(src);
    }
    // byte-level mutations of a seed, deterministic
    let (base, _) = seed(1);
    let bytes = base.as_bytes();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let specials = b"[](){}|\"-=.>xo&:;@%\n ";
    for _ in 0..2000 {
        let mut m = bytes.to_vec();
        for _ in 0..3 {
            let at = (next() as usize) % m.len();
            match next() % 3 {
                0 => m[at] = specials[(next() as usize) % specials.len()],
                1 => {
                    m.remove(at);
                }
                _ => m.insert(at, specials[(next() as usize) % specials.len()]),
            }
        }
        let text = String::from_utf8_lossy(&m);
        check_no_panic(&text);
    }
}
