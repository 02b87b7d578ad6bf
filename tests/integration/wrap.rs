//! Label wrapping as Mermaid does it (its `createText`): node labels, plain
//! and markdown, wrap at `flowchart.wrappingWidth`; edge labels at 200 px;
//! `markdownAutoWrap: false` keeps only markdown labels on their lines;
//! label text is trimmed. Checked on the corpus cases where the issue saw
//! us differ, and on small diagrams of our own.

use std::path::Path;

use mermaid_render::layout::Layout;
use mermaid_render::{render, Options};

/// Room the rectangle shapes leave around their text (15 px a side).
const PAD: f32 = 30.0;

fn lay_out(src: &str) -> Layout {
    render(src, &Options::default())
        .unwrap_or_else(|e| panic!("does not render: {e}\n{src}"))
        .layout
}

/// The corpus case `name`, or `None` (said loudly) without the corpus.
fn corpus(name: &str) -> Option<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/flowchart")
        .join(format!("{name}.mmd"));
    match std::fs::read_to_string(&path) {
        Ok(s) => Some(s),
        Err(_) if std::env::var_os("MERMAID_RENDER_REQUIRE_CORPUS").is_some() => {
            panic!("{} missing", path.display())
        }
        Err(_) => {
            eprintln!("SKIPPED: {} missing", path.display());
            None
        }
    }
}

fn node<'a>(l: &'a Layout, id: &str) -> &'a mermaid_render::layout::NodeLayout {
    l.nodes
        .iter()
        .find(|n| n.id == id)
        .unwrap_or_else(|| panic!("no node {id}"))
}

fn lines(block: &mermaid_render::text::TextBlock) -> Vec<String> {
    block.lines.iter().map(|l| l.text()).collect()
}

#[test]
fn plain_node_labels_wrap_at_the_wrapping_width() {
    let l =
        lay_out("flowchart LR\n  A[Dedicated Test Business Logic Server:Service 1] --> B[Short]\n");
    let a = node(&l, "A");
    assert!(a.label.lines.len() >= 2, "{:?}", lines(&a.label));
    assert_eq!(a.label.width, 200.0);
    assert_eq!(a.rect.width, 200.0 + PAD);
    assert_eq!(lines(&node(&l, "B").label), ["Short"]);
    // A wider setting keeps the label on one line.
    let wide = lay_out(
        "%%{init: {\"flowchart\": {\"wrappingWidth\": 600}}}%%\nflowchart LR\n  A[Dedicated Test Business Logic Server:Service 1]\n",
    );
    assert_eq!(node(&wide, "A").label.lines.len(), 1);
}

#[test]
fn edge_labels_wrap_at_200_whatever_the_wrapping_width() {
    let l = lay_out(
        "%%{init: {\"flowchart\": {\"wrappingWidth\": 600}}}%%\nflowchart LR\n  A -- a label long enough to pass two hundred pixels --> B\n",
    );
    let label = l.edges[0].label.as_ref().expect("edge label");
    assert!(label.lines.len() >= 2, "{:?}", lines(label));
    assert_eq!(label.width, 200.0);
}

#[test]
fn without_html_labels_boxes_fit_the_widest_line() {
    let l = lay_out(
        "%%{init: {\"htmlLabels\": false}}%%\nflowchart LR\n  A[Dedicated Test Business Logic Server:Service 1]\n",
    );
    let a = node(&l, "A");
    assert!(a.label.lines.len() >= 2);
    assert!(a.label.width < 200.0, "{}", a.label.width);
}

#[test]
fn cypress_v1_007_nodes_stay_near_the_wrapping_width() {
    let Some(src) = corpus("cypress-v1-007") else {
        return;
    };
    let l = lay_out(&src);
    for n in &l.nodes {
        // Only a single unbreakable word may pass the width.
        let widest_word = n
            .label
            .lines
            .iter()
            .filter(|line| line.width > 200.0)
            .all(|line| !line.text().contains(' '));
        assert!(
            n.rect.width <= 200.0 + PAD || widest_word,
            "{} is {} wide: {:?}",
            n.id,
            n.rect.width,
            lines(&n.label)
        );
    }
    let text = |id: &str| lines(&node(&l, id).label);
    assert_eq!(
        text("5e112290_1ec3_e711_8c5a_005056ad0002"),
        ["Dedicated Test Business", "Logic Server:Service 1"]
    );
    assert_eq!(
        text("ca122290_1ec3_e711_8c5a_005056ad0002"),
        ["Shared Report Server"]
    );
    // Mermaid's browser breaks `].[`; the backslash stays in the text.
    assert_eq!(
        text("b7042290_1ec3_e711_8c5a_005056ad0002"),
        ["[DBServer\\SharedDbInstance].", "[SupportDb]"]
    );
}

#[test]
fn cypress_v2_078_markdown_auto_wrap_false_spares_plain_labels() {
    let Some(src) = corpus("cypress-v2-078") else {
        return;
    };
    let l = lay_out(&src);
    let a = node(&l, "A");
    assert_eq!(a.label.width, 200.0);
    assert!(a.label.lines.len() >= 3, "{:?}", lines(&a.label));
    // `\n` in a plain label breaks the line, as in Mermaid.
    assert_eq!(
        lines(&a.label).last().map(String::as_str),
        Some("newlines too.")
    );
    let b = node(&l, "B");
    assert_eq!(b.label.lines.len(), 1, "{:?}", lines(&b.label));
    assert!(b.label.width > 600.0);
    let plain_edge = l.edges[0].label.as_ref().expect("label");
    assert!(plain_edge.lines.len() >= 4, "{:?}", lines(plain_edge));
    let markdown_edge = l.edges[1].label.as_ref().expect("label");
    assert_eq!(markdown_edge.lines.len(), 1);
}

#[test]
fn cypress_v1_012_labels_lose_their_surrounding_blank_lines() {
    let Some(src) = corpus("cypress-v1-012") else {
        return;
    };
    let l = lay_out(&src);
    let first = node(&l, "sid-B3655226-6C29-4D00-B685-3D5C734DC7E1");
    assert_eq!(lines(&first.label), ["提交申请", "熊大"]);
    for n in &l.nodes {
        assert!(n.label.lines.len() <= 2, "{}: {:?}", n.id, lines(&n.label));
        assert!(
            n.rect.height <= 2.0 * 24.0 + 20.0,
            "{} is {} tall",
            n.id,
            n.rect.height
        );
    }
}

#[test]
fn docs_misc_004_long_label_wraps_like_mermaid() {
    let Some(src) = corpus("docs-misc-004") else {
        return;
    };
    let l = lay_out(&src);
    let published = node(&l, "published");
    assert_eq!(published.rect.width, 200.0 + PAD);
    assert_eq!(
        published.label.lines.len(),
        3,
        "{:?}",
        lines(&published.label)
    );
    let source = node(&l, "source");
    assert_eq!(lines(&source.label), ["Edit", "/packages/mermaid/src/docs"]);
}
