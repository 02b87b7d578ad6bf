//! What a user sees in the SVG of each seed diagram: every label, in plain
//! `<text>`, no `<foreignObject>` or script, accepted by usvg, the style
//! colours applied, and the same bytes every time.

use mermaid_render::{render_svg, Options};

fn seed(n: usize) -> String {
    let path = format!("{}/samples/seed-0{n}.mmd", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Label texts written in the source, found without our parser: the text
/// in `[...]` of each node and in the quotes of each `subgraph "..."`,
/// split at `<br/>`.
fn source_labels(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in src.lines() {
        let t = line.trim();
        if let Some(title) = t.strip_prefix("subgraph \"") {
            out.push(title.trim_end_matches('"').to_string());
            continue;
        }
        let mut rest = t;
        while let Some(open) = rest.find('[') {
            let Some(close) = rest[open..].find(']') else {
                break;
            };
            for part in rest[open + 1..open + close].split("<br/>") {
                out.push(part.to_string());
            }
            rest = &rest[open + close + 1..];
        }
    }
    out
}

/// The text of each line `<tspan x=…>` of `svg`, with the pieces inside
/// it (set in another font, bold, italic) joined.
fn text_lines(svg: &str) -> Vec<String> {
    svg.split("<tspan x=")
        .skip(1)
        .map(|piece| {
            let piece = piece.split("</text>").next().unwrap_or(piece);
            let piece = &piece[piece.find('>').map_or(0, |i| i + 1)..];
            crate::common::strip_tags(piece)
        })
        .collect()
}

#[test]
fn every_seed_label_is_plain_svg_text() {
    for n in 1..=6 {
        let src = seed(n);
        let svg = render_svg(&src, &Options::default()).unwrap();
        let lines = text_lines(&svg);
        let lines: Vec<&str> = lines.iter().map(|l| l.trim()).collect();
        let labels = source_labels(&src);
        assert!(
            labels.len() >= 8,
            "seed-0{n}: only {} labels found",
            labels.len()
        );
        for label in labels {
            assert!(
                lines.contains(&label.as_str()),
                "seed-0{n}: {label:?} not shown"
            );
        }
        assert!(!svg.contains("foreignObject") && !svg.contains("<script"));
        mermaid_render::check_svg(&svg).expect("usvg accepts the SVG");
    }
}

#[test]
fn style_statements_colour_their_nodes() {
    let svg = render_svg(&seed(1), &Options::default()).unwrap();
    let node = |id: &str| {
        let start = svg.find(&format!("id=\"node-{id}\"")).unwrap();
        svg[start..start + svg[start..].find("</g>").unwrap()].to_string()
    };
    assert!(node("A").contains("fill=\"#ffebee\""));
    assert!(node("F").contains("fill=\"#4caf50\""));
    // seed-04's `style A,B,C,D fill:#e8f5e8` (our extension) styles all four.
    let svg4 = render_svg(&seed(4), &Options::default()).unwrap();
    for id in ["A", "B", "C", "D"] {
        let start = svg4.find(&format!("id=\"node-{id}\"")).unwrap();
        let g = &svg4[start..start + svg4[start..].find("</g>").unwrap()];
        assert!(g.contains("fill=\"#e8f5e8\""), "{id} not styled");
    }
    // Unstyled nodes keep the theme's lavender.
    let start = svg4.find("id=\"node-A1\"").unwrap();
    assert!(svg4[start..start + 300].contains("fill=\"#ececff\""));
}

#[test]
fn label_text_cannot_inject_markup() {
    let svg = render_svg(
        "flowchart LR\n  A[\"<script>alert(1)</script> #lt;img onerror=x#gt;\"] --> B",
        &Options::default(),
    )
    .unwrap();
    assert!(!svg.contains("<script") && !svg.contains("<img"));
    mermaid_render::check_svg(&svg).expect("still valid");
}

#[test]
fn rendering_twice_gives_the_same_bytes() {
    for n in 1..=6 {
        let a = render_svg(&seed(n), &Options::default()).unwrap();
        let b = render_svg(&seed(n), &Options::default()).unwrap();
        assert_eq!(a, b);
        let pa = mermaid_render::render_png(&seed(n), &Options::default()).unwrap();
        let pb = mermaid_render::render_png(&seed(n), &Options::default()).unwrap();
        assert_eq!(pa, pb);
    }
}

#[test]
fn images_come_only_from_data_uris() {
    let png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC";
    let src = format!(
        "flowchart LR\n  A@{{ img: \"{png}\", label: \"Inline\", w: 40, h: 30 }} --> B@{{ img: \"https://example.com/x.png\", label: \"Remote\" }}\n  B --> C@{{ img: \"data:text/html;base64,PHNjcmlwdD4=\", label: \"Html\" }}\n"
    );
    let rendered = mermaid_render::render(&src, &Options::default()).unwrap();
    let svg = &rendered.svg;
    assert!(
        svg.contains(&format!("<image href=\"{png}\"")),
        "the data: image is drawn"
    );
    assert_eq!(
        svg.matches("<image").count(),
        1,
        "only the data: image is drawn"
    );
    assert!(!svg.contains("example.com") && !svg.contains("text/html"));
    assert!(rendered
        .warnings
        .iter()
        .any(|w| w.message.contains("https://example.com/x.png")
            && w.message.contains("never fetched")));
    // The picture box has the size asked for, the label sits below it.
    let a = rendered.layout.nodes.iter().find(|n| n.id == "A").unwrap();
    assert!(a.rect.height >= 30.0 + a.label.height && a.rect.width >= 40.0);
    mermaid_render::render_png(&src, &Options::default()).expect("PNG with an image");
}

#[test]
fn local_pictures_are_embedded_only_from_the_permitted_folder() {
    let dir = std::env::temp_dir().join(format!("mr-render-img-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // A 1x1 PNG.
    let png: &[u8] = &[
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0,
        0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xde, 0, 0, 0, 0x0c, 0x49, 0x44,
        0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0, 0, 3, 1, 1, 0, 0xc9, 0xfe, 0x92, 0xef,
        0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ];
    std::fs::write(dir.join("pic.png"), png).unwrap();
    let src = "flowchart LR\n  A@{ img: \"pic.png\", label: \"Local\" } --> B\n";
    let allowed = Options {
        image_dir: Some(dir.clone()),
        ..Options::default()
    };
    let svg = render_svg(src, &allowed).unwrap();
    assert!(
        svg.contains("<image href=\"data:image/png;base64,iVBORw0KGgo"),
        "embedded"
    );
    mermaid_render::render_png(src, &allowed).expect("PNG with the picture");
    // Without a permitted folder nothing is read.
    let closed = mermaid_render::render(src, &Options::default()).unwrap();
    assert!(!closed.svg.contains("<image"));
    assert!(closed
        .warnings
        .iter()
        .any(|w| w.message.contains("pic.png")));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_front_matter_title_is_shown_above_the_diagram() {
    let src = "---\ntitle: Deployment flow\n---\nflowchart TB\n  A[Build] --> B[Ship]\n";
    let r = mermaid_render::render(src, &Options::default()).unwrap();
    let (block, centre) = r.layout.title.clone().expect("a title band");
    assert_eq!(block.plain_text(), "Deployment flow");
    let top_node = r
        .layout
        .nodes
        .iter()
        .map(|n| n.rect.y)
        .fold(f32::INFINITY, f32::min);
    assert!(
        centre.y + block.height / 2.0 <= top_node,
        "title overlaps the nodes"
    );
    assert!(crate::common::svg_text(&r.svg)
        .lines()
        .any(|l| l.trim() == "Deployment flow"));
    assert!(r
        .svg
        .contains("<title id=\"chart-title\">Deployment flow</title>"));
}
