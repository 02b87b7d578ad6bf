//! Documentation pipelines as a user runs them: Markdown in and Markdown
//! out, folders of inputs, `--check` for CI, config and CSS files, PNG
//! sizes, shell completions, and mdBook's preprocessor protocol (with the
//! real `mdbook` binary when it is installed).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::cli::{run, s, Scratch, BIN};

/// The document the project started from: six ```mermaid blocks with
/// Korean and English labels.
fn seed_document() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/seed-orchestration-roadmap.md")
}

/// The input's lines with every ```mermaid … ``` block replaced by one
/// placeholder line: an independent reading of what must be kept.
fn lines_outside_blocks(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in text.split('\n') {
        if !inside && line.trim_start().starts_with("```mermaid") {
            inside = true;
            out.push("<block>".to_string());
        } else if inside && line.trim_start() == "```" {
            inside = false;
        } else if !inside {
            out.push(line.to_string());
        }
    }
    out
}

fn assert_svg(bytes: &[u8], what: &str) {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|_| panic!("{what} is not UTF-8"));
    assert!(text.starts_with("<svg"), "{what} is not an SVG");
    resvg::usvg::Tree::from_str(text, &resvg::usvg::Options::default())
        .unwrap_or_else(|e| panic!("{what} does not parse: {e}"));
}

#[test]
fn markdown_out_differs_from_markdown_in_only_in_the_blocks() {
    let dir = Scratch::new("md-seed");
    let input = dir.file("roadmap.md", fs::read(seed_document()).unwrap());
    let out = dir.path("site").join("roadmap.md");
    fs::create_dir(dir.path("site")).unwrap();
    run(&[s(&input), "-o", s(&out)], None).assert_code(0);

    let original = fs::read_to_string(&input).unwrap();
    let rewritten = fs::read_to_string(&out).unwrap();
    let kept = lines_outside_blocks(&original);
    let got: Vec<String> = rewritten.split('\n').map(str::to_string).collect();
    assert_eq!(kept.len(), got.len(), "line count outside the blocks");
    let mut images = 0;
    for (want, have) in kept.iter().zip(&got) {
        if want == "<block>" {
            images += 1;
            assert_eq!(have, &format!("![diagram](./roadmap-{images}.svg)"));
        } else {
            assert_eq!(want, have);
        }
    }
    assert_eq!(images, 6);
    for i in 1..=6 {
        let svg = fs::read(dir.path("site").join(format!("roadmap-{i}.svg"))).unwrap();
        assert_svg(&svg, &format!("roadmap-{i}.svg"));
    }
    // The Korean labels are drawn as text.
    let first = fs::read_to_string(dir.path("site/roadmap-1.svg")).unwrap();
    assert!(first.contains("단일 장애점"), "Hangul label missing");
}

#[test]
fn image_links_take_the_title_as_alt_text_and_png_works() {
    let dir = Scratch::new("md-alt");
    let input = dir.file(
        "doc.md",
        "Intro\n\n~~~mermaid\nflowchart LR\n  accTitle: Build [fast] flow\n  A --> B\n~~~\n\n\
         ```mermaid\n---\ntitle: Second\n---\ngraph TD\n  C --> D\n```\n\n```mermaid\ngraph TD\n  E\n```\nEnd\n",
    );
    let out = dir.path("out.md");
    run(&[s(&input), "-o", s(&out), "-e", "png"], None).assert_code(0);
    let text = fs::read_to_string(&out).unwrap();
    assert_eq!(
        text,
        "Intro\n\n![Build \\[fast\\] flow](./out-1.png)\n\n![Second](./out-2.png)\n\n![diagram](./out-3.png)\nEnd\n"
    );
    for i in 1..=3 {
        let png = fs::read(dir.path(&format!("out-{i}.png"))).unwrap();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "out-{i}.png");
    }
}

#[test]
fn markdown_to_picture_names_writes_only_pictures() {
    let dir = Scratch::new("md-pics");
    let input = dir.file(
        "doc.md",
        "```mermaid\ngraph TD\nA-->B\n```\n```mermaid\ngraph TD\nC\n```\n",
    );
    run(&[s(&input), "-o", s(&dir.path("fig.svg"))], None).assert_code(0);
    assert_eq!(dir.entries(), ["doc.md", "fig-1.svg", "fig-2.svg"]);
    // Without -o the pictures go beside the input; the Markdown is untouched.
    let before = fs::read(&input).unwrap();
    run(&[s(&input)], None).assert_code(0);
    assert_eq!(fs::read(&input).unwrap(), before);
    assert!(dir.path("doc-1.svg").is_file() && dir.path("doc-2.svg").is_file());
}

#[test]
fn markdown_is_rewritten_in_place_only_when_asked() {
    let dir = Scratch::new("md-inplace");
    let text = "# T\n```mermaid\ngraph TD\nA-->B\n```\n";
    let input = dir.file("doc.md", text);
    let refused = run(&[s(&input), "-o", s(&input)], None);
    refused.assert_code(2);
    assert!(refused.stderr.contains("--in-place"), "{}", refused.stderr);
    assert_eq!(fs::read_to_string(&input).unwrap(), text);
    run(&[s(&input), "-o", s(&input), "--in-place"], None).assert_code(0);
    assert_eq!(
        fs::read_to_string(&input).unwrap(),
        "# T\n![diagram](./doc-1.svg)\n"
    );
}

#[test]
fn a_broken_block_fails_the_file_with_its_markdown_position() {
    let dir = Scratch::new("md-broken");
    let input = dir.file(
        "doc.md",
        "# Guide\n\n```mermaid\ngraph TD\nA-->B\n```\n\n- item\n\n  ```mermaid\n  graph TD\n    A --> B[oops\n  ```\n",
    );
    let out = dir.path("out.md");
    let result = run(&[s(&input), "-o", s(&out)], None);
    result.assert_code(1);
    let want = format!("{}:12:12: error:", s(&input));
    assert!(result.stderr.starts_with(&want), "{}", result.stderr);
    assert!(
        result.stderr.contains("    A --> B[oops"),
        "{}",
        result.stderr
    );
    // Nothing of this input was written, not even its good first block.
    assert_eq!(dir.entries(), ["doc.md"]);
}

#[test]
fn check_reports_every_error_at_its_place_and_writes_nothing() {
    let dir = Scratch::new("md-check");
    fs::create_dir_all(dir.path("docs/sub")).unwrap();
    dir.file("docs/ok.mmd", "graph LR\n  A --> B\n");
    dir.file("docs/bad.mmd", "graph LR\n  A --> B\n  C -->\n");
    dir.file(
        "docs/sub/guide.md",
        "Text\n\n> ```mermaid\n> graph TD\n>   X{{open\n> ```\n\n```mermaid\ngraph TD\n  Y --> Z\n```\n",
    );
    dir.file("docs/notes.txt", "graph TD\n  not read\n");
    let before = dir.entries();
    let result = run(&["--check", s(&dir.path("docs"))], None);
    result.assert_code(1);
    let bad = format!("{}:3:", s(&dir.path("docs/bad.mmd")));
    let guide = format!("{}:5:6: error:", s(&dir.path("docs/sub/guide.md")));
    assert!(result.stderr.contains(&bad), "{}", result.stderr);
    assert!(result.stderr.contains(&guide), "{}", result.stderr);
    assert!(
        result.stderr.contains("2 of 3 inputs failed"),
        "{}",
        result.stderr
    );
    assert_eq!(dir.entries(), before);
    assert!(!dir.path("docs/ok.svg").exists());

    // A clean tree passes.
    fs::remove_file(dir.path("docs/bad.mmd")).unwrap();
    fs::remove_file(dir.path("docs/sub/guide.md")).unwrap();
    let result = run(&["--check", s(&dir.path("docs"))], None);
    result.assert_code(0);
    assert!(result.stderr.is_empty(), "{}", result.stderr);
}

/// Every file under `dir`, relative, sorted.
fn tree(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                out.push(path.strip_prefix(base).unwrap().display().to_string());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

#[test]
fn folders_keep_their_structure_and_one_failure_does_not_stop_the_rest() {
    let dir = Scratch::new("md-tree");
    fs::create_dir_all(dir.path("docs/guide/deep")).unwrap();
    dir.file("docs/a.mmd", "graph LR\n  A --> B\n");
    dir.file(
        "docs/guide/intro.md",
        "# Intro\n```mermaid\ngraph TD\n  A --> B\n```\nplain\n",
    );
    dir.file("docs/guide/deep/b.mermaid", "graph TD\n  X --> Y\n");
    dir.file("docs/guide/deep/broken.mmd", "graph TD\n  X --> (\n");
    dir.file("docs/guide/none.md", "no diagrams here\n");
    let result = run(&[s(&dir.path("docs")), "-o", s(&dir.path("build"))], None);
    result.assert_code(1);
    assert!(result.stderr.contains("broken.mmd:2:"), "{}", result.stderr);
    assert_eq!(
        tree(&dir.path("build")),
        [
            "a.svg",
            "guide/deep/b.svg",
            "guide/intro-1.svg",
            "guide/intro.md",
            "guide/none.md",
        ]
    );
    assert_eq!(
        fs::read_to_string(dir.path("build/guide/intro.md")).unwrap(),
        "# Intro\n![diagram](./intro-1.svg)\nplain\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path("build/guide/none.md")).unwrap(),
        "no diagrams here\n"
    );
}

#[test]
fn all_cores_give_the_same_bytes_as_one() {
    let dir = Scratch::new("md-jobs");
    let text = fs::read_to_string(seed_document()).unwrap();
    dir.file("doc.md", &text);
    let doc = dir.path("doc.md");
    fs::create_dir(dir.path("one")).unwrap();
    fs::create_dir(dir.path("many")).unwrap();
    run(
        &[s(&doc), "-o", s(&dir.path("one/doc.md")), "-j", "1"],
        None,
    )
    .assert_code(0);
    let many = run(
        &[s(&doc), "-o", s(&dir.path("many/doc.md")), "-j", "4"],
        None,
    );
    many.assert_code(0);
    // Not a terminal: no progress bar on stderr.
    assert!(many.stderr.is_empty(), "{}", many.stderr);
    for name in tree(&dir.path("one")) {
        assert_eq!(
            fs::read(dir.path("one").join(&name)).unwrap(),
            fs::read(dir.path("many").join(&name)).unwrap(),
            "{name} differs"
        );
    }
}

#[test]
fn config_file_sets_the_theme_and_the_diagram_still_wins() {
    let dir = Scratch::new("md-config");
    let config = dir.file(
        "mermaid.json",
        "{\n  \"theme\": \"dark\",\n  \"flowchart\": { \"curve\": \"linear\" }\n}\n",
    );
    let plain = dir.file("plain.mmd", "graph LR\n  A --> B\n");
    let own = dir.file(
        "own.mmd",
        "%%{init: {\"theme\": \"forest\"}}%%\ngraph LR\n  A --> B\n",
    );
    let reference = dir.path("reference.svg");
    run(&[s(&plain), "-o", s(&reference), "-t", "dark"], None).assert_code(0);
    run(
        &[s(&plain), "-o", s(&dir.path("p.svg")), "-c", s(&config)],
        None,
    )
    .assert_code(0);
    let with_config = fs::read_to_string(dir.path("p.svg")).unwrap();
    let dark = fs::read_to_string(&reference).unwrap();
    let fill = |svg: &str| {
        let at = svg.find("class=\"node\"").unwrap();
        let f = svg[at..].find("fill=\"").unwrap() + at + 6;
        svg[f..f + 7].to_string()
    };
    assert_eq!(fill(&with_config), fill(&dark));
    run(
        &[s(&own), "-o", s(&dir.path("o.svg")), "-c", s(&config)],
        None,
    )
    .assert_code(0);
    let forest = fs::read_to_string(dir.path("o.svg")).unwrap();
    assert_ne!(
        fill(&forest),
        fill(&dark),
        "the diagram's own init must win"
    );

    let broken = dir.file(
        "broken.json",
        "{\n  \"theme\": \"dark\",\n  \"flowchart\" {}\n}\n",
    );
    let result = run(
        &[s(&plain), "-o", s(&dir.path("x.svg")), "-c", s(&broken)],
        None,
    );
    result.assert_code(1);
    assert!(
        result.stderr.starts_with(&format!("{}:3:", s(&broken))),
        "{}",
        result.stderr
    );
    assert!(!dir.path("x.svg").exists());
}

#[test]
fn css_file_and_theme_auto_reach_the_svg() {
    let dir = Scratch::new("md-css");
    let input = dir.file("d.mmd", "graph LR\n  A --> B\n");
    let css = dir.file(
        "extra.css",
        ".node rect { stroke-width: 3px; }\n</style><script>alert(1)</script>\n",
    );
    run(
        &[
            s(&input),
            "-o",
            s(&dir.path("c.svg")),
            "-C",
            s(&css),
            "-t",
            "auto",
        ],
        None,
    )
    .assert_code(0);
    let svg = fs::read_to_string(dir.path("c.svg")).unwrap();
    assert!(svg.contains(".node rect { stroke-width: 3px; }"), "{svg}");
    assert!(
        svg.contains("prefers-color-scheme: dark"),
        "theme auto missing"
    );
    // The CSS cannot end its element: no script element anywhere.
    let doc = resvg::usvg::roxmltree::Document::parse(&svg).unwrap();
    assert!(doc.descendants().all(|n| n.tag_name().name() != "script"));
    // A missing CSS file is an error that names it, and nothing is written.
    let result = run(
        &[
            s(&input),
            "-o",
            s(&dir.path("m.svg")),
            "-C",
            s(&dir.path("nope.css")),
        ],
        None,
    );
    result.assert_code(1);
    assert!(result.stderr.contains("nope.css"), "{}", result.stderr);
    assert!(!dir.path("m.svg").exists());
}

#[test]
fn svg_id_prefixes_every_id_and_numbers_markdown_blocks() {
    let dir = Scratch::new("md-svgid");
    let input = dir.file(
        "d.mmd",
        "graph LR\n  accTitle: T\n  A --> B\n  subgraph S\n    B\n  end\n",
    );
    run(&[s(&input), "-o", s(&dir.path("d.svg")), "-I", "fig"], None).assert_code(0);
    let svg = fs::read_to_string(dir.path("d.svg")).unwrap();
    let doc = resvg::usvg::roxmltree::Document::parse(&svg).unwrap();
    let ids: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("id"))
        .collect();
    assert_eq!(ids[0], "fig");
    assert!(ids.len() > 3, "{ids:?}");
    assert!(ids[1..].iter().all(|id| id.starts_with("fig-")), "{ids:?}");
    assert!(svg.contains("aria-labelledby=\"fig-chart-title\""));

    let md = dir.file(
        "doc.md",
        "```mermaid\ngraph TD\nA\n```\n```mermaid\ngraph TD\nA\n```\n",
    );
    run(&[s(&md), "-o", s(&dir.path("out.md")), "-I", "x"], None).assert_code(0);
    let first = fs::read_to_string(dir.path("out-1.svg")).unwrap();
    let second = fs::read_to_string(dir.path("out-2.svg")).unwrap();
    assert!(first.contains("id=\"x-1-node-A\""), "{first}");
    assert!(second.contains("id=\"x-2-node-A\""), "{second}");
}

#[test]
fn a_given_background_is_painted_behind_the_svg_too() {
    let dir = Scratch::new("md-bg");
    let input = dir.file("d.mmd", "graph LR\n  A --> B\n");
    run(&[s(&input), "-o", s(&dir.path("plain.svg"))], None).assert_code(0);
    let plain = fs::read_to_string(dir.path("plain.svg")).unwrap();
    assert!(
        !plain.contains("class=\"background\""),
        "no background unless asked"
    );
    run(
        &[s(&input), "-o", s(&dir.path("bg.svg")), "-b", "#123456"],
        None,
    )
    .assert_code(0);
    let svg = fs::read_to_string(dir.path("bg.svg")).unwrap();
    assert!(
        svg.contains(
            "<rect class=\"background\" width=\"100%\" height=\"100%\" fill=\"#123456\"/>"
        ),
        "{svg}"
    );
    // The colour is checked: a bad one is a usage error and writes nothing.
    let bad = run(
        &[
            s(&input),
            "-o",
            s(&dir.path("x.svg")),
            "-b",
            "red\"/><script>",
        ],
        None,
    );
    bad.assert_code(2);
    assert!(!dir.path("x.svg").exists());
}

#[test]
fn width_and_height_set_the_png_size() {
    let dir = Scratch::new("md-size");
    let input = dir.file("d.mmd", "graph LR\n  A --> B --> C\n");
    let size = |png: &[u8]| {
        (
            u32::from_be_bytes(png[16..20].try_into().unwrap()),
            u32::from_be_bytes(png[20..24].try_into().unwrap()),
        )
    };
    run(&[s(&input), "-o", s(&dir.path("w.png")), "-w", "900"], None).assert_code(0);
    let (w, h) = size(&fs::read(dir.path("w.png")).unwrap());
    assert!((899..=901).contains(&w), "width {w}");
    run(&[s(&input), "-o", s(&dir.path("h.png")), "-H", "300"], None).assert_code(0);
    let (_, h2) = size(&fs::read(dir.path("h.png")).unwrap());
    assert!((299..=301).contains(&h2), "height {h2}");
    // Both: the largest size that fits the box, proportions kept.
    run(
        &[
            s(&input),
            "-o",
            s(&dir.path("b.png")),
            "-w",
            "900",
            "-H",
            "50",
        ],
        None,
    )
    .assert_code(0);
    let (bw, bh) = size(&fs::read(dir.path("b.png")).unwrap());
    assert!((49..=51).contains(&bh) && bw < 900, "{bw}x{bh}");
    assert!(((bw as f32 / bh as f32) - (w as f32 / h as f32)).abs() < 0.1);
}

#[test]
fn completions_are_generated_for_bash() {
    let result = run(&["completions", "bash"], None);
    result.assert_code(0);
    let script = String::from_utf8(result.stdout).unwrap();
    assert!(script.contains("mermaid-render"));
    assert!(script.contains("--check") && script.contains("--configFile"));
}

/// The `mdbook` binary: `MERMAID_RENDER_MDBOOK`, else `mdbook` on the PATH.
fn mdbook() -> Option<PathBuf> {
    if let Ok(path) = std::env::var("MERMAID_RENDER_MDBOOK") {
        return Some(PathBuf::from(path));
    }
    Command::new("mdbook")
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|_| PathBuf::from("mdbook"))
}

/// A small book whose chapter holds `chapter`.
fn write_book(dir: &Scratch, chapter: &str) {
    fs::create_dir_all(dir.path("src")).unwrap();
    dir.file(
        "book.toml",
        format!(
            "[book]\ntitle = \"Test\"\n\n[preprocessor.mermaid-render]\ncommand = \"{BIN} mdbook\"\n"
        ),
    );
    dir.file("src/SUMMARY.md", "# Summary\n\n- [Chapter](chapter.md)\n");
    dir.file("src/chapter.md", chapter);
}

#[test]
fn mdbook_builds_a_book_with_inline_svg_and_no_javascript() {
    let Some(mdbook) = mdbook() else {
        eprintln!(
            "SKIPPED: mdbook end-to-end test: no `mdbook` binary (set MERMAID_RENDER_MDBOOK or put it on the PATH)"
        );
        assert!(
            std::env::var_os("MERMAID_RENDER_REQUIRE_MDBOOK").is_none(),
            "MERMAID_RENDER_REQUIRE_MDBOOK is set but mdbook was not found"
        );
        return;
    };
    let dir = Scratch::new("mdbook");
    let chapter = fs::read_to_string(seed_document()).unwrap()
        + "\n- a list\n\n  ```mermaid\n  graph LR\n    L1 --> L2\n  ```\n";
    write_book(&dir, &chapter);
    let out = Command::new(&mdbook)
        .arg("build")
        .arg(&dir.0)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "mdbook build failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = fs::read_to_string(dir.path("book/chapter.html")).unwrap();
    assert_eq!(
        html.matches("<div class=\"mermaid-render\"><svg").count(),
        7
    );
    assert!(
        !html.contains("language-mermaid"),
        "a mermaid code block is left"
    );
    assert!(!html.to_lowercase().contains("mermaid.min.js"));
    assert!(html.contains("단일 장애점"));
    assert!(html.contains("L2"));

    // A git graph in one chapter stays code, the book is built, and
    // a wide flowchart in another shrinks to the column.
    let wide: String = (0..30)
        .map(|i| format!("  N{i} --> N{}\n", i + 1))
        .collect();
    write_book(
        &dir,
        &format!(
            "# Mixed\n\n```mermaid\ngitGraph\n  commit\n```\n\n```mermaid\ngraph LR\n{wide}```\n"
        ),
    );
    let out = Command::new(&mdbook)
        .arg("build")
        .arg(&dir.0)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "mdbook build failed:\n{stderr}");
    assert!(
        stderr.contains(
            "chapter.md:4:1: warning: gitGraph is not supported yet; the block is kept as code"
        ),
        "{stderr}"
    );
    let html = fs::read_to_string(dir.path("book/chapter.html")).unwrap();
    assert!(
        html.contains("<code class=\"language-mermaid\">gitGraph\n  commit\n</code>"),
        "the kept block is not in the page:\n{html}"
    );
    let svg_at = html
        .find("<div class=\"mermaid-render\"><svg")
        .expect("the flowchart is drawn");
    let svg_at = svg_at + "<div class=\"mermaid-render\">".len();
    let root = &html[svg_at..svg_at + html[svg_at..].find('>').unwrap()];
    assert!(
        root.contains("style=\"max-width:100%;height:auto\""),
        "{root}"
    );
    let width: f32 = root
        .split("width=\"")
        .nth(1)
        .and_then(|w| w.split('"').next())
        .and_then(|w| w.parse().ok())
        .unwrap();
    assert!(
        width > 2000.0,
        "the test diagram should be wider than a column: {width}"
    );

    // Flowcharts and sequence diagrams on one page are both drawn.
    write_book(&dir, FLOW_AND_SEQUENCE);
    let out = Command::new(&mdbook)
        .arg("build")
        .arg(&dir.0)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = fs::read_to_string(dir.path("book/chapter.html")).unwrap();
    assert_flow_and_sequence_drawn(&html);
    assert!(
        !html.contains("language-mermaid"),
        "a block was left as code"
    );

    // A broken diagram fails the build and names the chapter's line.
    write_book(
        &dir,
        "# Broken\n\n```mermaid\ngraph TD\n  A --> B[oops\n```\n",
    );
    let out = Command::new(&mdbook)
        .arg("build")
        .arg(&dir.0)
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "a broken diagram must fail the build"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("chapter.md:5:"), "{stderr}");
}

#[test]
fn a_progress_bar_shows_on_a_terminal_only() {
    // `script` (util-linux) gives the program a terminal.
    let has_script = Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_script {
        eprintln!("SKIPPED: progress bar test: no `script` command to provide a terminal");
        return;
    }
    let dir = Scratch::new("md-progress");
    fs::create_dir(dir.path("in")).unwrap();
    for seed in 0..8 {
        let text = crate::generate::flowchart(&crate::generate::GraphSpec {
            nodes: 200,
            edges_per_node_x10: 15,
            clusters: false,
            edge_labels: false,
            seed,
        });
        dir.file(&format!("in/g{seed:02}.mmd"), text);
    }
    let command = format!(
        "{BIN} {} -o {} -j 1",
        s(&dir.path("in")),
        s(&dir.path("tty-out"))
    );
    // The bar waits 400 ms before it appears; the test does not rely on the
    // machine being slow enough for that.
    let out = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("MERMAID_RENDER_PROGRESS_AFTER_MS", "0")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("/8 diagrams"), "no progress bar: {shown:?}");
    assert!(shown.contains("\r\x1b[2K"), "the bar must clear its line");
    // Not a terminal: no bar, and the same pictures.
    let quiet = run(
        &[
            s(&dir.path("in")),
            "-o",
            s(&dir.path("pipe-out")),
            "-j",
            "1",
        ],
        None,
    );
    quiet.assert_code(0);
    assert!(quiet.stderr.is_empty(), "{}", quiet.stderr);
    for name in tree(&dir.path("pipe-out")) {
        assert_eq!(
            fs::read(dir.path("pipe-out").join(&name)).unwrap(),
            fs::read(dir.path("tty-out").join(&name)).unwrap()
        );
    }
}

// ------------------------------------------- documentation builds (issue 13)

/// A page with two flowcharts around blocks of families not drawn yet.
const MIXED_PAGE: &str = "# Mixed\n\n```mermaid\ngraph LR\n  A --> B\n```\n\n```mermaid\n---\ntitle: Login\n---\n%%{init: {\"theme\": \"dark\"}}%%\n%% a comment\ngitGraph\n  commit\n```\n\nBetween.\n\n~~~mermaid\nquadrantChart\n  title Pets\n~~~\n\n```mermaid\nflowchart TD\n  C --> D\n```\n";

#[test]
fn blocks_of_other_families_are_kept_and_the_page_is_written() {
    let dir = Scratch::new("md-unsupported");
    fs::create_dir_all(dir.path("docs/sub")).unwrap();
    dir.file("docs/page.md", MIXED_PAGE);
    dir.file("docs/sub/graph.mmd", "gitGraph\n  commit\n");
    dir.file("docs/sub/flow.mmd", "graph TD\n  X --> Y\n");
    let result = run(&[s(&dir.path("docs")), "-o", s(&dir.path("build"))], None);
    result.assert_code(0);
    // Pictures keep the block numbers; the kept blocks have none.
    assert_eq!(
        tree(&dir.path("build")),
        ["page-1.svg", "page-4.svg", "page.md", "sub/flow.svg"]
    );
    let page = fs::read_to_string(dir.path("build/page.md")).unwrap();
    let class_block = &MIXED_PAGE[MIXED_PAGE.find("```mermaid\n---").unwrap()..];
    let class_block = &class_block[..class_block.find("```\n\nBetween").unwrap() + 3];
    let quadrant_block = &MIXED_PAGE[MIXED_PAGE.find("~~~mermaid").unwrap()..];
    let quadrant_block = &quadrant_block[..quadrant_block[3..].find("~~~").unwrap() + 6];
    assert_eq!(
        page,
        format!(
            "# Mixed\n\n![diagram](./page-1.svg)\n\n{class_block}\n\nBetween.\n\n{quadrant_block}\n\n![diagram](./page-4.svg)\n"
        )
    );
    // Each warning names the file, the header's line and column, the family.
    let page_name = dir.path("docs/page.md");
    for expected in [
        format!(
            "{}:14:1: warning: gitGraph is not supported yet; the block is kept as code",
            page_name.display()
        ),
        format!(
            "{}:21:1: warning: quadrantChart is not supported yet; the block is kept as code",
            page_name.display()
        ),
        format!(
            "{}:1:1: warning: gitGraph is not supported yet; no picture is written",
            dir.path("docs/sub/graph.mmd").display()
        ),
    ] {
        assert!(
            result.stderr.contains(&expected),
            "missing {expected:?} in:\n{}",
            result.stderr
        );
    }
    assert!(!result.stderr.contains("flowchart TD"), "{}", result.stderr);

    // For CI: the same blocks as errors, and the page is not written.
    let strict = dir.path("strict");
    let result = run(
        &[
            s(&dir.path("docs")),
            "-o",
            s(&strict),
            "--unsupported",
            "error",
        ],
        None,
    );
    result.assert_code(1);
    assert!(
        result
            .stderr
            .contains("page.md:14:1: error: gitGraph is not supported yet"),
        "{}",
        result.stderr
    );
    assert_eq!(tree(&strict), ["sub/flow.svg"]);
}

#[test]
fn a_single_diagram_of_another_family_names_the_family() {
    let dir = Scratch::new("unsupported-file");
    let input = dir.file("chart.mmd", "%%{init: {}}%%\nquadrantChart\n  title Pets\n");
    let result = run(&[s(&input)], None);
    result.assert_code(1);
    assert!(
        result
            .stderr
            .contains("chart.mmd:2:1: error: quadrantChart is not supported yet"),
        "{}",
        result.stderr
    );
    assert!(
        !result.stderr.contains("start with 'flowchart TD'"),
        "{}",
        result.stderr
    );
    assert_eq!(dir.entries(), ["chart.mmd"]);
    // Text with no family keyword at all still gets a parse error.
    let result = run(&["-", "-o", "-"], Some(b"hello\n"));
    result.assert_code(1);
    assert!(
        result.stderr.contains("no diagram type found"),
        "{}",
        result.stderr
    );
}

#[test]
fn markdown_on_standard_input_gets_a_markdown_hint() {
    let result = run(&["-", "-o", "-"], Some(MIXED_PAGE.as_bytes()));
    result.assert_code(1);
    assert!(
        result.stderr.contains("looks like Markdown"),
        "{}",
        result.stderr
    );
}

#[test]
fn output_folders_are_made_for_every_output_kind() {
    let dir = Scratch::new("md-new-folders");
    let doc = dir.file("README.md", "```mermaid\ngraph LR\n  A --> B\n```\n");
    run(&[s(&doc), "-o", s(&dir.path("build/deep/README.md"))], None).assert_code(0);
    assert_eq!(
        tree(&dir.path("build")),
        ["deep/README-1.svg", "deep/README.md"]
    );
    let diagram = dir.file("d.mmd", "graph LR\n  A --> B\n");
    for out in ["new/x.svg", "new2/x.png", "new3/x.pdf"] {
        run(&[s(&diagram), "-o", s(&dir.path(out))], None).assert_code(0);
        assert!(dir.path(out).is_file(), "{out}");
    }
    run(
        &[
            s(&diagram),
            "-o",
            s(&dir.path("j/x.svg")),
            "--layout-json",
            s(&dir.path("k/l.json")),
        ],
        None,
    )
    .assert_code(0);
    assert!(dir.path("k/l.json").is_file());
}

/// Runs `args`, expecting exit 2 with each of `sides` in the message, and
/// checks that nothing changed in `dir`.
fn assert_clash(dir: &Scratch, args: &[&str], sides: &[&str]) {
    let before = tree(&dir.0);
    let contents: Vec<Vec<u8>> = before
        .iter()
        .map(|f| fs::read(dir.path(f)).unwrap())
        .collect();
    let result = run(args, None);
    result.assert_code(2);
    for side in sides {
        assert!(
            result.stderr.contains(side),
            "{side:?} not named in:\n{}",
            result.stderr
        );
    }
    assert_eq!(tree(&dir.0), before, "files were written");
    for (f, bytes) in before.iter().zip(contents) {
        assert_eq!(fs::read(dir.path(f)).unwrap(), bytes, "{f} changed");
    }
}

#[test]
fn every_clash_is_found_before_anything_is_written() {
    let dir = Scratch::new("md-clash");
    fs::create_dir_all(dir.path("docs")).unwrap();
    let flow = "```mermaid\ngraph LR\n  A --> B\n```\n";
    dir.file("docs/x.md", format!("{flow}\n{flow}"));
    dir.file("docs/ok.mmd", "graph LR\n  O --> K\n");
    // An input's picture and another input's picture.
    dir.file("docs/x-1.mmd", "graph LR\n  C --> D\n");
    let docs = dir.path("docs");
    let build = dir.path("build");
    assert_clash(
        &dir,
        &[s(&docs), "-o", s(&build)],
        &[
            "x-1.svg' would be written twice",
            "picture 1 of '",
            "x.md'",
            "the picture of '",
            "x-1.mmd'",
        ],
    );
    fs::remove_file(dir.path("docs/x-1.mmd")).unwrap();

    // Two inputs of one name.
    dir.file("docs/a.mmd", "graph LR\n  A --> B\n");
    dir.file("docs/a.mermaid", "graph LR\n  A --> B\n");
    assert_clash(
        &dir,
        &[s(&docs), "-o", s(&build)],
        &["a.mmd'", "a.mermaid'", "a.svg' would be written twice"],
    );
    fs::remove_file(dir.path("docs/a.mermaid")).unwrap();

    // A picture and a file that is not ours (an asset beside the page).
    let asset = dir.file(
        "docs/x-2.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><!-- hand-drawn --></svg>",
    );
    assert_clash(
        &dir,
        &[s(&docs)],
        &[
            "x-2.svg' exists and mermaid-render did not write it",
            "picture 2 of '",
        ],
    );
    // Copied into the output folder, it clashes with the picture there too.
    assert_clash(
        &dir,
        &[s(&docs), "-o", s(&build)],
        &["x-2.svg' would be written twice", "the copy of '"],
    );
    // Only with --overwrite.
    run(&[s(&docs), "--overwrite"], None).assert_code(0);
    assert!(mermaid_render::is_generated(&fs::read(&asset).unwrap()));
    // Our own pictures are replaced on every run, and earlier pictures
    // beside the inputs are not copied as assets.
    run(&[s(&docs)], None).assert_code(0);
    run(&[s(&docs), "-o", s(&build)], None).assert_code(0);
    run(&[s(&docs), "-o", s(&build)], None).assert_code(0);
    assert_eq!(
        tree(&build),
        ["a.svg", "ok.svg", "x-1.svg", "x-2.svg", "x.md"]
    );
    // An output on an input: the Markdown copy on the page itself.
    assert_clash(
        &dir,
        &[
            s(&dir.path("docs/ok.mmd")),
            s(&dir.path("docs/x.md")),
            "-o",
            s(&docs),
        ],
        &[
            "the Markdown of '",
            "would overwrite the input '",
            "--in-place",
        ],
    );
}

#[test]
fn folder_runs_copy_the_other_files_so_links_keep_working() {
    let dir = Scratch::new("md-assets");
    fs::create_dir_all(dir.path("docs/img")).unwrap();
    let logo: Vec<u8> = (0..=255u8).cycle().take(5000).collect();
    dir.file("docs/img/logo.png", &logo);
    dir.file("docs/style.css", "body { color: red }\n");
    dir.file("docs/.hidden", "secret");
    dir.file(
        "docs/index.md",
        "![logo](img/logo.png)\n\n```mermaid\ngraph LR\n  A --> B\n```\n",
    );
    // The output folder inside the input folder is not read back.
    let build = dir.path("docs/build");
    for _ in 0..2 {
        run(&[s(&dir.path("docs")), "-o", s(&build)], None).assert_code(0);
        assert_eq!(
            tree(&build),
            ["img/logo.png", "index-1.svg", "index.md", "style.css"]
        );
    }
    assert_eq!(fs::read(build.join("img/logo.png")).unwrap(), logo);
    assert_eq!(
        fs::read_to_string(build.join("index.md")).unwrap(),
        "![logo](img/logo.png)\n\n![diagram](./index-1.svg)\n"
    );
}

#[test]
fn the_diagrams_own_theme_wins_over_the_command_line_default() {
    let dir = Scratch::new("precedence");
    let forest = dir.file(
        "forest.mmd",
        "%%{init: {\"theme\": \"forest\"}}%%\ngraph LR\n  A --> B\n",
    );
    let plain = dir.file("plain.mmd", "graph LR\n  A --> B\n");
    let svg_of = |input: &Path, extra: &[&str]| {
        let mut args = vec![s(input), "-o", "-"];
        args.extend_from_slice(extra);
        let result = run(&args, None);
        result.assert_code(0);
        String::from_utf8(result.stdout).unwrap()
    };
    // Node fills: default #ececff, dark #1f2020, forest #cde498.
    assert!(svg_of(&forest, &["-t", "dark"]).contains("#cde498"));
    assert!(svg_of(&plain, &["-t", "dark"]).contains("#1f2020"));
    assert!(svg_of(&forest, &["--theme-override", "dark"]).contains("#1f2020"));
    let config = dir.file("config.json", "{\"theme\": \"dark\"}");
    assert!(svg_of(&plain, &["-c", s(&config), "-t", "forest"]).contains("#cde498"));
    assert!(svg_of(&plain, &["-c", s(&config)]).contains("#1f2020"));
}

#[test]
fn options_that_do_not_apply_are_warned_about() {
    let dir = Scratch::new("unused-options");
    let input = dir.file("d.mmd", "graph LR\n  A --> B\n");
    let result = run(&[s(&input), "-o", s(&dir.path("d.svg")), "-s", "3"], None);
    result.assert_code(0);
    assert!(
        result
            .stderr
            .contains("warning: --scale applies to PNG output only"),
        "{}",
        result.stderr
    );
    let result = run(
        &[
            s(&input),
            "-o",
            s(&dir.path("d.png")),
            "-s",
            "3",
            "-w",
            "100",
        ],
        None,
    );
    result.assert_code(0);
    assert!(
        result
            .stderr
            .contains("warning: --scale is ignored when --width or --height is given"),
        "{}",
        result.stderr
    );
    let result = run(&[s(&input), "-o", s(&dir.path("e.png")), "-s", "3"], None);
    assert!(result.stderr.is_empty(), "{}", result.stderr);
}

#[test]
fn a_closed_pipe_ends_the_completions_quietly() {
    for _ in 0..5 {
        let mut child = Command::new(BIN)
            .args(["completions", "bash"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert_eq!(out.status.code(), Some(0), "{stderr}");
    }
}

/// A page with a flowchart, a sequence diagram and another flowchart.
const FLOW_AND_SEQUENCE: &str = "# Both\n\n```mermaid\ngraph LR\n  A[Start] --> B[End]\n```\n\n```mermaid\nsequenceDiagram\n  Alice->>Bob: Hello Bob\n  Bob-->>Alice: Hi Alice\n```\n\n```mermaid\nflowchart TD\n  C --> D\n```\n";

/// `text` holds two flowchart pictures and one sequence picture, in page
/// order, with their texts.
fn assert_flow_and_sequence_drawn(text: &str) {
    let roles: Vec<&str> = text
        .match_indices("aria-roledescription=\"")
        .map(|(at, m)| {
            let rest = &text[at + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    assert_eq!(roles, ["flowchart", "sequence", "flowchart"], "{text}");
    for label in ["Start", "Hello Bob", "Hi Alice", "Alice", "Bob"] {
        assert!(text.contains(label), "{label} missing");
    }
}

#[test]
fn flowcharts_and_sequence_diagrams_on_one_page_are_both_drawn() {
    let dir = Scratch::new("md-flow-sequence");
    fs::create_dir_all(dir.path("docs")).unwrap();
    let page = dir.file("docs/page.md", FLOW_AND_SEQUENCE);
    // One file.
    run(&[s(&page), "-o", s(&dir.path("one/page.md"))], None).assert_code(0);
    assert_eq!(
        tree(&dir.path("one")),
        ["page-1.svg", "page-2.svg", "page-3.svg", "page.md"]
    );
    let pictures = |folder: &str| {
        (1..=3)
            .map(|k| fs::read_to_string(dir.path(&format!("{folder}/page-{k}.svg"))).unwrap())
            .collect::<String>()
    };
    assert_flow_and_sequence_drawn(&pictures("one"));
    assert_eq!(
        fs::read_to_string(dir.path("one/page.md")).unwrap(),
        "# Both\n\n![diagram](./page-1.svg)\n\n![diagram](./page-2.svg)\n\n![diagram](./page-3.svg)\n"
    );
    // A folder.
    run(&[s(&dir.path("docs")), "-o", s(&dir.path("tree"))], None).assert_code(0);
    assert_eq!(pictures("tree"), pictures("one"));
    // Check mode reads the sequence diagram too: an error in it is found.
    let broken = dir.file(
        "broken.md",
        "```mermaid\nsequenceDiagram\n  Alice->>: no target\n```\n",
    );
    let result = run(&["--check", s(&broken)], None);
    result.assert_code(1);
    assert!(result.stderr.contains("broken.md:3:"), "{}", result.stderr);
}

#[test]
fn pie_timeline_and_journey_blocks_are_drawn_like_any_other() {
    let dir = Scratch::new("md-charts");
    fs::create_dir_all(dir.path("docs")).unwrap();
    dir.file(
        "docs/page.md",
        "# Charts\n\n```mermaid\npie title Pets\n  \"Dogs\" : 3\n  \"Cats\" : 1\n```\n\n```mermaid\ntimeline\n  2002 : LinkedIn\n```\n\n~~~mermaid\njourney\n  Make tea: 5: Me\n~~~\n",
    );
    let result = run(&[s(&dir.path("docs")), "-o", s(&dir.path("build"))], None);
    result.assert_code(0);
    assert!(
        !result.stderr.contains("not supported"),
        "{}",
        result.stderr
    );
    assert_eq!(
        tree(&dir.path("build")),
        ["page-1.svg", "page-2.svg", "page-3.svg", "page.md"]
    );
    for (n, text) in [(1, "Dogs"), (1, "75%"), (2, "LinkedIn"), (3, "Make tea")] {
        let svg = fs::read_to_string(dir.path(&format!("build/page-{n}.svg"))).unwrap();
        assert!(svg.contains(text), "page-{n}.svg lacks {text:?}");
    }
    let page = fs::read_to_string(dir.path("build/page.md")).unwrap();
    for n in 1..=3 {
        assert!(page.contains(&format!("](./page-{n}.svg)")), "{page}");
    }
    assert!(
        !page.contains("```mermaid") && !page.contains("~~~mermaid"),
        "{page}"
    );
}
