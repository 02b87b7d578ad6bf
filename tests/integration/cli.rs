//! The `mermaid-render` binary as a user meets it: files in, files out, exit
//! codes, messages on stderr, and no damage to existing files on failure.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::cli::{run, s, Scratch};
use serde_json::Value;

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// `samples/seed-01.mmd` … `seed-06.mmd`.
fn seeds() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let seeds: Vec<PathBuf> = (1..=6)
        .map(|i| dir.join(format!("seed-0{i}.mmd")))
        .collect();
    for seed in &seeds {
        assert!(seed.is_file(), "{} is missing", seed.display());
    }
    seeds
}

fn seed(i: usize) -> PathBuf {
    seeds()[i - 1].clone()
}

/// Checks an SVG document as a viewer would take it.
fn assert_svg(bytes: &[u8], what: &str) {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|_| panic!("{what}: SVG is not UTF-8"));
    assert!(text.starts_with("<svg"), "{what}: does not start with <svg");
    assert!(
        text.trim_end().ends_with("</svg>"),
        "{what}: does not end with </svg>"
    );
    assert!(
        !text.contains("foreignObject"),
        "{what}: uses foreignObject, which non-browser viewers cannot show"
    );
}

/// Checks the PNG signature and returns the image size from the IHDR chunk.
fn png_size(bytes: &[u8], what: &str) -> (u32, u32) {
    assert!(bytes.starts_with(PNG_SIGNATURE), "{what}: no PNG signature");
    assert!(
        bytes.len() > 24 && &bytes[12..16] == b"IHDR",
        "{what}: no IHDR chunk"
    );
    let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    assert!(width > 0 && height > 0, "{what}: empty image");
    (width, height)
}

/// Renders `input` to a file of `name` in `dir` and returns the bytes.
fn render_to(dir: &Scratch, input: &Path, name: &str, extra: &[&str]) -> Vec<u8> {
    let out = dir.path(name);
    let mut args = vec![s(input), "-o", s(&out)];
    args.extend_from_slice(extra);
    run(&args, None).assert_code(0);
    fs::read(&out).unwrap_or_else(|e| panic!("{name} was not written: {e}"))
}

// ---------------------------------------------------------------------------
// Rendering the seed diagrams
// ---------------------------------------------------------------------------

#[test]
fn every_seed_renders_to_svg() {
    let dir = Scratch::new("seed-svg");
    for (i, seed) in seeds().iter().enumerate() {
        let name = format!("seed-{i}.svg");
        let svg = render_to(&dir, seed, &name, &[]);
        assert_svg(&svg, &seed.display().to_string());
    }
}

#[test]
fn every_seed_renders_to_png() {
    let dir = Scratch::new("seed-png");
    for (i, seed) in seeds().iter().enumerate() {
        let png = render_to(&dir, seed, &format!("seed-{i}.png"), &[]);
        png_size(&png, &seed.display().to_string());
    }
}

#[test]
fn format_flag_picks_png_whatever_the_extension() {
    let dir = Scratch::new("format-flag");
    let png = render_to(&dir, &seed(4), "picture.out", &["--format", "png"]);
    png_size(&png, "--format png");
    let png = render_to(&dir, &seed(4), "picture2.out", &["-e", "PNG"]);
    png_size(&png, "-e PNG");
    let svg = render_to(&dir, &seed(4), "picture3.out", &["--outputFormat", "svg"]);
    assert_svg(&svg, "--outputFormat svg");
}

#[test]
fn input_flag_works_like_the_positional_argument() {
    let dir = Scratch::new("input-flag");
    let out = dir.path("flag.svg");
    run(&["-i", s(&seed(5)), "-o", s(&out)], None).assert_code(0);
    let positional = render_to(&dir, &seed(5), "positional.svg", &[]);
    assert!(
        fs::read(&out).unwrap() == positional,
        "-i and INPUT render differently"
    );
}

#[test]
fn without_output_the_input_extension_is_replaced() {
    let dir = Scratch::new("default-output");
    let input = dir.file("flow.mmd", fs::read(seed(4)).unwrap());
    run(&[s(&input)], None).assert_code(0);
    assert_svg(&fs::read(dir.path("flow.svg")).unwrap(), "flow.svg");
    run(&[s(&input), "--format", "png"], None).assert_code(0);
    png_size(&fs::read(dir.path("flow.png")).unwrap(), "flow.png");
    assert_eq!(dir.entries(), ["flow.mmd", "flow.png", "flow.svg"]);
}

#[test]
fn stdin_to_stdout_gives_the_same_bytes_as_files() {
    let dir = Scratch::new("stdio");
    let source = fs::read(seed(2)).unwrap();

    let run_svg = run(&["-", "-o", "-"], Some(&source));
    run_svg.assert_code(0);
    assert_svg(&run_svg.stdout, "stdout SVG");
    assert!(
        run_svg.stdout == render_to(&dir, &seed(2), "file.svg", &[]),
        "SVG on stdout differs from the SVG file"
    );

    let run_png = run(&["-", "-o", "-", "--format", "png"], Some(&source));
    run_png.assert_code(0);
    png_size(&run_png.stdout, "stdout PNG");
    assert!(
        run_png.stdout == render_to(&dir, &seed(2), "file.png", &[]),
        "PNG on stdout differs from the PNG file"
    );

    // Standard input without -o writes SVG to standard output.
    let bare = run(&["-"], Some(&source));
    bare.assert_code(0);
    assert!(
        bare.stdout == run_svg.stdout,
        "`mermaid-render -` differs from `-o -`"
    );
}

#[test]
fn same_input_gives_identical_bytes() {
    let dir = Scratch::new("determinism");
    for seed in [seed(1), seed(3)] {
        for ext in ["svg", "png"] {
            let first = render_to(&dir, &seed, &format!("first.{ext}"), &[]);
            let second = render_to(&dir, &seed, &format!("second.{ext}"), &[]);
            assert!(
                first == second,
                "{} rendered to .{ext} twice gives different bytes",
                seed.display()
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------

#[test]
fn scale_multiplies_the_png_size() {
    let dir = Scratch::new("scale");
    let (w1, h1) = png_size(&render_to(&dir, &seed(4), "one.png", &[]), "scale 1");
    let (w2, h2) = png_size(
        &render_to(&dir, &seed(4), "two.png", &["--scale", "2"]),
        "scale 2",
    );
    assert!(w2.abs_diff(2 * w1) <= 1, "width {w1} at scale 1, {w2} at 2");
    assert!(
        h2.abs_diff(2 * h1) <= 1,
        "height {h1} at scale 1, {h2} at 2"
    );
    let (w3, _) = png_size(
        &render_to(&dir, &seed(4), "half.png", &["-s", "0.5"]),
        "scale .5",
    );
    assert!(
        w3.abs_diff(w1 / 2) <= 1,
        "width {w1} at scale 1, {w3} at 0.5"
    );
}

#[test]
fn background_colour_changes_the_png() {
    let dir = Scratch::new("background");
    let white = render_to(&dir, &seed(6), "white.png", &[]);
    let explicit_white = render_to(&dir, &seed(6), "white2.png", &["-b", "white"]);
    let transparent = render_to(
        &dir,
        &seed(6),
        "transparent.png",
        &["--backgroundColor", "transparent"],
    );
    let red = render_to(&dir, &seed(6), "red.png", &["--background", "#ff0000"]);
    let named_red = render_to(&dir, &seed(6), "named-red.png", &["-b", "red"]);
    assert!(white == explicit_white, "the default background is white");
    assert!(white != transparent, "-b transparent looks like white");
    assert!(white != red, "-b #ff0000 looks like white");
    assert!(transparent != red, "-b #ff0000 looks like transparent");
    assert!(red == named_red, "-b red differs from -b #ff0000");
}

#[test]
fn theme_changes_the_svg() {
    let dir = Scratch::new("theme");
    let default = render_to(&dir, &seed(4), "default.svg", &[]);
    let dark = render_to(&dir, &seed(4), "dark.svg", &["--theme", "dark"]);
    let forest = render_to(&dir, &seed(4), "forest.svg", &["-t", "forest"]);
    assert_svg(&dark, "dark");
    assert!(default != dark, "--theme dark looks like the default");
    assert!(default != forest, "-t forest looks like the default");
}

#[test]
fn layout_json_has_nodes_edges_and_clusters() {
    let dir = Scratch::new("layout-json");
    let json_path = dir.path("seed-01.json");
    render_to(
        &dir,
        &seed(1),
        "seed-01.svg",
        &["--layout-json", s(&json_path)],
    );
    let text = fs::read_to_string(&json_path).unwrap();
    let layout = serde_json::from_str::<Value>(&text)
        .unwrap_or_else(|e| panic!("invalid JSON ({e}):\n{text}"));
    let nodes = layout.get("nodes").and_then(Value::as_array);
    let edges = layout.get("edges").and_then(Value::as_array);
    let clusters = layout.get("clusters").and_then(Value::as_array);
    let (Some(nodes), Some(edges), Some(clusters)) = (nodes, edges, clusters) else {
        panic!("nodes, edges and clusters must be arrays:\n{text}");
    };
    // seed-01: eight nodes in order of first appearance, nine edges, two subgraphs.
    let ids: Vec<&str> = nodes
        .iter()
        .filter_map(|n| n.get("id").and_then(Value::as_str))
        .collect();
    assert_eq!(ids, ["A", "D", "B", "C", "E", "F", "G", "H"]);
    assert_eq!(edges.len(), 9);
    let titles: Vec<&str> = clusters
        .iter()
        .filter_map(|c| c.get("title").and_then(Value::as_str))
        .collect();
    assert_eq!(titles, ["단일 컨테이너 한계", "오케스트레이션 해결책"]);
    // Each titled cluster gives its title's box, inside its frame.
    let field = |v: &Value, k: &str| v.get(k).and_then(Value::as_f64).unwrap_or(f64::NAN);
    for c in clusters {
        let tb = c
            .get("title_box")
            .unwrap_or_else(|| panic!("a cluster without title_box:\n{text}"));
        let (x, y, w, h) = (
            field(tb, "x"),
            field(tb, "y"),
            field(tb, "width"),
            field(tb, "height"),
        );
        assert!(w > 0.0 && h > 0.0, "an empty title box: {tb}");
        assert!(
            x >= field(c, "x")
                && y >= field(c, "y")
                && x + w <= field(c, "x") + field(c, "width")
                && y + h <= field(c, "y") + field(c, "height"),
            "title box {tb} outside its frame {c}"
        );
    }
}

#[test]
fn layout_json_can_go_to_stdout() {
    let dir = Scratch::new("layout-json-stdout");
    let out = dir.path("seed-04.svg");
    let result = run(&[s(&seed(4)), "-o", s(&out), "--layout-json", "-"], None);
    result.assert_code(0);
    let text = String::from_utf8(result.stdout.clone()).unwrap();
    let layout = serde_json::from_str::<Value>(&text)
        .unwrap_or_else(|e| panic!("invalid JSON ({e}):\n{text}"));
    assert!(layout.get("nodes").is_some() && layout.get("edges").is_some());
    assert_svg(&fs::read(&out).unwrap(), "seed-04.svg");
}

#[test]
fn warnings_go_to_stderr_unless_quiet() {
    let dir = Scratch::new("warnings");
    let input = dir.file("click.mmd", "graph TD\n    A --> B\n    click A callback\n");
    let out = dir.path("click.svg");
    let loud = run(&[s(&input), "-o", s(&out)], None);
    loud.assert_code(0);
    let prefix = format!("{}:3:", input.display());
    assert!(
        loud.stderr
            .lines()
            .any(|l| l.starts_with(&prefix) && l.contains(": warning: ")),
        "expected a warning at line 3 (a click callback is never run); stderr:\n{}",
        loud.stderr
    );
    let quiet = run(&[s(&input), "-o", s(&out), "-q"], None);
    quiet.assert_code(0);
    assert_eq!(quiet.stderr, "", "-q must silence warnings");
}

// ---------------------------------------------------------------------------
// Diagram errors: exit 1, a located message, and no output touched
// ---------------------------------------------------------------------------

/// Rendering `source` must fail at `line:col` without creating an output
/// file, and must leave existing output files byte for byte as they were.
fn check_error(name: &str, source: &str, line: usize, col: usize) {
    let dir = Scratch::new(name);
    let input = dir.file(&format!("{name}.mmd"), source);
    let expected = format!("{}:{line}:{col}: error:", input.display());

    for ext in ["svg", "png"] {
        let out = dir.path(&format!("out.{ext}"));
        let json = dir.path("out.json");
        let args = [s(&input), "-o", s(&out), "--layout-json", s(&json)];

        // No output yet: none may appear.
        let result = run(&args, None);
        result.assert_code(1);
        assert!(
            result.stderr.starts_with(&expected),
            "{name}: expected stderr to start with `{expected}`, got:\n{}",
            result.stderr
        );
        assert!(
            result.stderr.contains('^'),
            "{name}: no caret under the error:\n{}",
            result.stderr
        );
        assert_eq!(
            dir.entries(),
            [format!("{name}.mmd")],
            "{name}: a failed run left files behind"
        );

        // Existing outputs stay exactly as they were.
        fs::write(&out, b"previous picture\n").unwrap();
        fs::write(&json, b"{\"previous\": true}").unwrap();
        run(&args, None).assert_code(1);
        assert_eq!(fs::read(&out).unwrap(), b"previous picture\n");
        assert_eq!(fs::read(&json).unwrap(), b"{\"previous\": true}");
        fs::remove_file(&out).unwrap();
        fs::remove_file(&json).unwrap();
    }

    // The same error read from standard input is reported as <stdin>.
    let result = run(&["-", "-o", "-"], Some(source.as_bytes()));
    result.assert_code(1);
    assert!(
        result
            .stderr
            .starts_with(&format!("<stdin>:{line}:{col}: error:")),
        "{name}: from stdin, got:\n{}",
        result.stderr
    );
    assert!(result.stdout.is_empty(), "{name}: wrote to stdout on error");
}

#[test]
fn unclosed_bracket_points_at_the_bracket() {
    check_error(
        "unclosed-bracket",
        "graph TD\n    A[Start --> B\n    B --> C\n",
        2,
        6,
    );
}

#[test]
fn missing_end_points_at_the_subgraph() {
    check_error(
        "missing-end",
        "graph TD\n    X --> Y\n    subgraph one\n        A --> B\n",
        3,
        5,
    );
}

#[test]
fn unknown_arrow_points_at_the_arrow() {
    check_error(
        "unknown-arrow",
        "graph LR\n    A --> B\n    B ->> C\n",
        3,
        7,
    );
}

// ---------------------------------------------------------------------------
// Input and output problems: exit 1 with a clear message
// ---------------------------------------------------------------------------

#[test]
fn missing_input_file_is_reported() {
    let dir = Scratch::new("missing-input");
    let input = dir.path("nowhere.mmd");
    let out = dir.path("out.svg");
    let result = run(&[s(&input), "-o", s(&out)], None);
    result.assert_code(1);
    assert!(
        result.stderr.contains("nowhere.mmd"),
        "the message must name the file:\n{}",
        result.stderr
    );
    assert!(dir.entries().is_empty());
}

#[test]
fn unwritable_output_is_reported() {
    let dir = Scratch::new("bad-output");
    // A missing folder on the way is made, parents included.
    let nested = dir.path("new").join("deeper").join("out.svg");
    run(&[s(&seed(4)), "-o", s(&nested)], None).assert_code(0);
    assert_svg(&fs::read(&nested).unwrap(), "picture in a new folder");
    fs::remove_dir_all(dir.path("new")).unwrap();
    // A file where a folder must be cannot be written through.
    dir.file("plain-file", "not a folder");
    let through_file = dir.path("plain-file").join("out.svg");
    let result = run(&[s(&seed(4)), "-o", s(&through_file)], None);
    result.assert_code(1);
    assert!(
        result.stderr.contains("plain-file"),
        "the message must name the output:\n{}",
        result.stderr
    );
    assert_eq!(dir.entries(), ["plain-file"]);
    fs::remove_file(dir.path("plain-file")).unwrap();
    // An existing folder as the output receives the picture, like `cp`.
    fs::create_dir(dir.path("taken.svg")).unwrap();
    let result = run(&[s(&seed(4)), "-o", s(&dir.path("taken.svg"))], None);
    result.assert_code(0);
    assert_eq!(dir.entries(), ["taken.svg"]);
    assert!(dir.path("taken.svg").join("seed-04.svg").is_file());
}

#[test]
fn non_utf8_input_is_reported() {
    let dir = Scratch::new("non-utf8");
    let input = dir.file("latin1.mmd", b"graph TD\n    A[caf\xe9] --> B\n");
    let out = dir.path("out.svg");
    let result = run(&[s(&input), "-o", s(&out)], None);
    result.assert_code(1);
    assert!(
        result
            .stderr
            .starts_with(&format!("{}:2:10: error:", input.display())),
        "expected the position of the bad byte:\n{}",
        result.stderr
    );
    assert!(result.stderr.contains("UTF-8"), "{}", result.stderr);
    assert!(!out.exists());
}

#[test]
fn byte_order_mark_is_ignored() {
    let dir = Scratch::new("bom");
    let mut source = b"\xef\xbb\xbf".to_vec();
    source.extend(fs::read(seed(4)).unwrap());
    let input = dir.file("bom.mmd", source);
    let with_bom = render_to(&dir, &input, "bom.svg", &[]);
    assert!(
        with_bom == render_to(&dir, &seed(4), "plain.svg", &[]),
        "a byte-order mark changes the picture"
    );
}

#[test]
fn impossible_png_size_fails_cleanly() {
    let dir = Scratch::new("huge-scale");
    let out = dir.path("huge.png");
    let result = run(&[s(&seed(1)), "-o", s(&out), "--scale", "100000"], None);
    result.assert_code(1);
    assert!(result.stderr.contains("error"), "{}", result.stderr);
    assert!(!result.stderr.contains("panicked"), "{}", result.stderr);
    assert!(dir.entries().is_empty());
}

// ---------------------------------------------------------------------------
// Usage errors: exit 2, nothing written
// ---------------------------------------------------------------------------

#[test]
fn usage_errors_exit_2_and_write_nothing() {
    let dir = Scratch::new("usage");
    let input = dir.file("in.mmd", fs::read(seed(4)).unwrap());
    let out = dir.path("out.svg");
    let gif = dir.path("out.gif");
    let (i, o) = (s(&input), s(&out));
    let cases: &[&[&str]] = &[
        &[i, "-o", o, "--no-such-flag"],
        &[],
        &["-o", o],
        &[i, "-i", i, "-o", o],
        &[i, "-o", o, "--scale", "0"],
        &[i, "-o", o, "--scale", "-2"],
        &[i, "-o", o, "--scale", "big"],
        &[i, "-o", o, "--format", "gif"],
        &[i, "-o", o, "--format", "png"],
        &[i, "-o", o, "--theme", "sparkly"],
        &[i, "-o", s(&gif)],
        &[i, "-o", "-", "--layout-json", "-"],
        &[i, "-o", o, "--layout-json", o],
    ];
    for args in cases {
        let result = run(args, None);
        assert_eq!(
            result.code,
            Some(2),
            "{args:?} should be a usage error; stderr:\n{}",
            result.stderr
        );
        assert!(
            result.stderr.starts_with("error:"),
            "{args:?}: {}",
            result.stderr
        );
        assert!(result.stdout.is_empty(), "{args:?} wrote to stdout");
        assert_eq!(dir.entries(), ["in.mmd"], "{args:?} wrote a file");
    }
}

#[test]
fn help_shows_flags_and_examples() {
    let result = run(&["--help"], None);
    result.assert_code(0);
    let help = String::from_utf8(result.stdout).unwrap();
    for flag in [
        "--input",
        "--output",
        "--format",
        "--scale",
        "--layout-json",
        "--backgroundColor",
        "--theme",
        "--quiet",
        "Examples:",
    ] {
        assert!(help.contains(flag), "--help does not mention {flag}");
    }
}

#[test]
fn limits_are_options_with_clear_errors() {
    let dir = Scratch::new("limits");
    let input = dir.file("d.mmd", "graph TD\n  A --> B\n  B --> C\n  C --> D\n");
    let out = dir.path("d.svg");
    let result = run(&[s(&input), "-o", s(&out), "--max-nodes", "3"], None);
    result.assert_code(1);
    assert!(
        result.stderr.starts_with(&format!("{}:4:", s(&input))),
        "{}",
        result.stderr
    );
    assert!(result.stderr.contains("max_nodes"), "{}", result.stderr);
    assert!(result.stderr.contains("--max-nodes N"), "{}", result.stderr);
    assert!(!out.exists());
    run(&[s(&input), "-o", s(&out), "--max-nodes", "4"], None).assert_code(0);

    let nested = dir.file(
        "n.mmd",
        "graph TD\n subgraph a\n subgraph b\n subgraph c\n  X\n end\n end\n end\n",
    );
    let result = run(&["--check", s(&nested), "--max-depth", "2"], None);
    result.assert_code(1);
    assert!(result.stderr.contains("--max-depth N"), "{}", result.stderr);

    let result = run(&[s(&input), "-o", s(&out), "--max-input-bytes", "10"], None);
    result.assert_code(1);
    assert!(
        result.stderr.contains("--max-input-bytes"),
        "{}",
        result.stderr
    );
}

#[test]
fn messages_cannot_drive_the_terminal() {
    let dir = Scratch::new("escapes");
    // An unknown arrow right after an escape sequence: the error line
    // quotes the source line.
    let input = dir.file(
        "d.mmd",
        "graph TD\n  A[\u{1b}]2;pwned\u{7}\u{1b}[31m] -x-x B\n",
    );
    let result = run(&[s(&input), "-o", s(&dir.path("d.svg"))], None);
    assert!(!result.stderr.contains('\u{1b}'), "{:?}", result.stderr);
    assert!(!result.stderr.contains('\u{7}'), "{:?}", result.stderr);
}

#[test]
fn a_warning_without_a_place_names_the_file_or_the_block() {
    let dir = Scratch::new("placeless-warning");
    let diagram =
        "%%{init: {\"themeCSS\": \".a { background: url(x.png) }\"}}%%\ngraph LR\n  A --> B\n";
    let input = dir.file("css.mmd", diagram);
    let result = run(&[s(&input), "-o", s(&dir.path("css.svg"))], None);
    result.assert_code(0);
    let expected = format!("{}: warning: themeCSS:", input.display());
    assert!(result.stderr.contains(&expected), "{}", result.stderr);
    // In Markdown it is reported at its block's opening fence.
    let page = dir.file("page.md", format!("# Title\n\n```mermaid\n{diagram}```\n"));
    let result = run(&[s(&page), "-o", s(&dir.path("out.md"))], None);
    result.assert_code(0);
    let expected = format!("{}:3:1: warning: themeCSS:", page.display());
    assert!(result.stderr.contains(&expected), "{}", result.stderr);
}

#[test]
fn characters_no_font_can_draw_get_one_located_warning() {
    let dir = Scratch::new("missing-glyphs");
    let source = "flowchart LR\n  A[\"न मस\"] --> B[\"𓀀 launch\"]\n  B --> C[\"न\"]\n";
    let input = dir.file("cjk.mmd", source);
    let out = dir.path("cjk.png");
    let loud = run(&[s(&input), "-o", s(&out)], None);
    loud.assert_code(0);
    let warnings: Vec<&str> = loud
        .stderr
        .lines()
        .filter(|l| l.contains("no bundled font can draw"))
        .collect();
    assert_eq!(warnings.len(), 1, "stderr:\n{}", loud.stderr);
    let w = warnings[0];
    assert!(
        w.starts_with(&format!("{}:2:6: warning: ", input.display())),
        "{w}"
    );
    for part in [
        "न (U+0928) at 2:6, 3:12",
        "म (U+092E) at 2:8",
        "𓀀 (U+13000) at 2:20",
    ] {
        assert!(w.contains(part), "{part:?} not in {w}");
    }
    // Latin, Hangul, Chinese, emoji and the backslash draw: no warning.
    let fine = dir.file(
        "fine.mmd",
        "flowchart LR\n  A[\"DB\\\\x 한글 请头 🚀✅\"]\n",
    );
    let ok = run(&[s(&fine), "-o", s(&dir.path("fine.svg"))], None);
    ok.assert_code(0);
    assert!(!ok.stderr.contains("no bundled font"), "{}", ok.stderr);
}

#[test]
fn a_font_given_with_font_comes_first_in_the_chain() {
    let dir = Scratch::new("font-flag");
    let input = dir.file("f.mmd", "flowchart LR\n  A[\"DB\\\\x 한글\"]\n");
    let nanum = Path::new(env!("CARGO_MANIFEST_DIR")).join("cjk-fonts/fonts/NanumGothic.ttf");
    let (plain, with_font) = (dir.path("plain.svg"), dir.path("font.svg"));
    run(&[s(&input), "-o", s(&plain)], None).assert_code(0);
    run(&[s(&input), "--font", s(&nanum), "-o", s(&with_font)], None).assert_code(0);
    let plain = std::fs::read_to_string(plain).unwrap();
    let with_font = std::fs::read_to_string(with_font).unwrap();
    // Bundled: Hangul names its own family; with NanumGothic first, it
    // draws everything, so nothing needs to.
    assert!(plain.contains("font-family=\"&#39;Liberation Sans&#39;"));
    assert!(plain.contains("<tspan font-family=\"NanumGothic"));
    assert!(with_font.contains("font-family=\"&#39;NanumGothic&#39;, &#39;Liberation Sans&#39;"));
    assert!(!with_font.contains("<tspan font-family="));
    // It is measured with it too: NanumGothic's `\` (a won sign) is
    // wider, so the drawing is.
    let width = |svg: &str| {
        let at = svg.find("viewBox=\"").unwrap() + 9;
        let v: Vec<f32> = svg[at..]
            .split('"')
            .next()
            .unwrap()
            .split(' ')
            .map(|n| n.parse().unwrap())
            .collect();
        v[2]
    };
    assert!(
        width(&with_font) > width(&plain),
        "{} vs {}",
        width(&with_font),
        width(&plain)
    );
    // A file that is no font is an error naming it.
    let bad = run(
        &[s(&input), "--font", s(&input), "-o", s(&dir.path("x.svg"))],
        None,
    );
    assert_ne!(bad.code, Some(0));
    assert!(
        bad.stderr.contains("f.mmd") && bad.stderr.contains("not a TrueType"),
        "{}",
        bad.stderr
    );
}
