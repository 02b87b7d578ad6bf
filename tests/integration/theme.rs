//! Themes: Mermaid's colours for every theme, `themeVariables` and what is
//! derived from them, user styles over the theme, the `auto` theme's
//! dark-scheme stylesheet, and CSS that cannot break out of its `<style>`.
//!
//! The expected colours are Mermaid's, not computed by our theme code:
//! Mermaid 12.3.0 (the npm package) rendered [`PROBE`] with
//! `look: "classic"` in headless Chromium 156, and `getComputedStyle` gave
//! the paint of each element (node shape, `.flowchart-link`, the marker,
//! `.cluster rect`, the cluster label, the node and edge labels, the edge
//! label background, the root's `fill`, which is `textColor` and also paints
//! Mermaid's diagram title). They agree with the variables in
//! `packages/mermaid/src/themes/theme-{default,neutral,dark,forest,base}.js`
//! as `packages/mermaid/src/diagrams/flowchart/styles.ts` uses them.

use mermaid_render::{render_png, render_svg, Options};
use roxmltree::{Document, Node};

/// The diagram Mermaid rendered for the expected tables. Our copy adds a
/// title, which Mermaid paints in `textColor` (the root `fill` it reported).
const PROBE: &str =
    "---\ntitle: T\n---\nflowchart LR\n  subgraph S[Title]\n    A[Node] -->|label| B[Other]\n  end\n";

/// What each paint is, in the order of the tables.
const PAINTS: [&str; 11] = [
    "node fill (mainBkg)",
    "node stroke (nodeBorder)",
    "edge stroke (lineColor)",
    "arrowhead fill (lineColor)",
    "cluster fill (clusterBkg)",
    "cluster stroke (clusterBorder)",
    "cluster title (titleColor)",
    "node text (nodeTextColor || textColor)",
    "edge label background (edgeLabelBackground)",
    "edge label text (nodeTextColor || textColor)",
    "diagram title (textColor)",
];

type Table = [&'static str; 11];

const DEFAULT: Table = [
    "rgb(236, 236, 255)",
    "rgb(147, 112, 219)",
    "rgb(51, 51, 51)",
    "rgb(51, 51, 51)",
    "rgb(255, 255, 222)",
    "rgb(170, 170, 51)",
    "rgb(51, 51, 51)",
    "rgb(51, 51, 51)",
    "rgba(232, 232, 232, 0.8)",
    "rgb(51, 51, 51)",
    "rgb(51, 51, 51)",
];

const NEUTRAL: Table = [
    "rgb(238, 238, 238)",
    "rgb(153, 153, 153)",
    "rgb(102, 102, 102)",
    "rgb(102, 102, 102)",
    "rgb(252, 252, 252)",
    "rgb(112, 112, 112)",
    "rgb(51, 51, 51)",
    "rgb(0, 0, 0)",
    "rgb(255, 255, 255)",
    "rgb(0, 0, 0)",
    "rgb(0, 0, 0)",
];

const DARK: Table = [
    "rgb(31, 32, 32)",
    "rgb(204, 204, 204)",
    "rgb(211, 211, 211)",
    "rgb(211, 211, 211)",
    "rgb(71, 73, 73)",
    "rgba(255, 255, 255, 0.25)",
    "rgb(249, 255, 254)",
    "rgb(204, 204, 204)",
    "rgb(88, 88, 88)",
    "rgb(204, 204, 204)",
    "rgb(204, 204, 204)",
];

const FOREST: Table = [
    "rgb(205, 228, 152)",
    "rgb(19, 84, 12)",
    "rgb(0, 0, 0)",
    "rgb(0, 0, 0)",
    "rgb(205, 255, 178)",
    "rgb(110, 170, 73)",
    "rgb(51, 51, 51)",
    "rgb(0, 0, 0)",
    "rgb(232, 232, 232)",
    "rgb(0, 0, 0)",
    "rgb(0, 0, 0)",
];

const BASE: Table = [
    "rgb(255, 244, 221)",
    "rgb(238, 222, 187)",
    "rgb(11, 11, 11)",
    "rgb(11, 11, 11)",
    "rgb(247, 249, 255)",
    "rgb(207, 219, 243)",
    "rgb(9, 6, 0)",
    "rgb(51, 51, 51)",
    "rgb(244, 221, 255)",
    "rgb(51, 51, 51)",
    "rgb(51, 51, 51)",
];

/// `base` with `themeVariables: { primaryColor: '#ff0000' }`: the fill,
/// the border derived from it, the cluster colours from its opposite hue,
/// the edge label background from `secondaryColor` (hue - 120).
const BASE_RED: Table = [
    "rgb(255, 0, 0)",
    "rgb(163, 41, 41)",
    "rgb(11, 11, 11)",
    "rgb(11, 11, 11)",
    "rgb(26, 255, 255)",
    "rgb(46, 184, 184)",
    "rgb(230, 0, 0)",
    "rgb(51, 51, 51)",
    "rgb(0, 0, 255)",
    "rgb(51, 51, 51)",
    "rgb(51, 51, 51)",
];

/// `base` with `themeVariables: { darkMode: true, primaryColor: '#1f2020' }`.
const BASE_DARK_MODE: Table = [
    "rgb(31, 32, 32)",
    "rgb(57, 57, 57)",
    "rgb(11, 11, 11)",
    "rgb(11, 11, 11)",
    "rgb(45, 44, 44)",
    "rgb(70, 70, 70)",
    "rgb(210, 211, 211)",
    "rgb(238, 238, 238)",
    "rgb(0, 0, 0)",
    "rgb(238, 238, 238)",
    "rgb(238, 238, 238)",
];

fn options(theme: &str, vars: &[(&str, &str)]) -> Options {
    let mut o = Options::default();
    o.config.theme = Some(theme.to_string());
    o.config.theme_variables = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    o
}

fn seed(n: usize) -> String {
    let path = format!("{}/samples/seed-0{n}.mmd", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Which colour scheme a viewer is in: light reads the presentation
/// attributes; dark also applies the `@media (prefers-color-scheme: dark)`
/// rules of the SVG's `<style>`, as a browser does.
#[derive(Clone, Copy, PartialEq)]
enum Scheme {
    Light,
    Dark,
}

/// `#rrggbb` as `rgb(r, g, b)`, the notation of the tables; `rgba(…)` and
/// anything else unchanged.
fn notation(v: &str) -> String {
    let h = v.trim();
    if h.len() == 7 && h.starts_with('#') {
        let ch = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).unwrap();
        return format!("rgb({}, {}, {})", ch(1), ch(3), ch(5));
    }
    h.to_string()
}

/// The value `class` gets for `property` inside the dark-scheme block of
/// the SVG's stylesheets (rules written `… .class{property:value}`).
fn dark_rule(css: &str, class: &str, property: &str) -> Option<String> {
    let block = &css[css.find("@media (prefers-color-scheme: dark)")?..];
    let needle = format!(".{class}{{");
    let start = block.find(&needle)? + needle.len();
    let body = &block[start..start + block[start..].find('}')?];
    let (p, v) = body.split_once(':')?;
    (p.trim() == property).then(|| v.trim().to_string())
}

/// The paint `property` of `el` as a viewer in `scheme` sees it.
fn paint(el: Node, property: &str, css: &str, scheme: Scheme) -> String {
    let attr = el
        .attribute(property)
        .unwrap_or_else(|| panic!("<{}> has no {property}", el.tag_name().name()));
    if scheme == Scheme::Dark {
        for class in el.attribute("class").unwrap_or("").split_whitespace() {
            if let Some(v) = dark_rule(css, class, property) {
                return notation(&v);
            }
        }
    }
    notation(attr)
}

fn find<'a, 'i>(doc: &'a Document<'i>, attr: &str, value: &str) -> Node<'a, 'i> {
    doc.descendants()
        .find(|n| n.attribute(attr) == Some(value))
        .unwrap_or_else(|| panic!("no element with {attr}=\"{value}\""))
}

fn first<'a, 'i>(parent: Node<'a, 'i>, tag: &str) -> Node<'a, 'i> {
    parent
        .descendants()
        .find(|n| n.has_tag_name(tag))
        .unwrap_or_else(|| panic!("no <{tag}> in <{}>", parent.tag_name().name()))
}

fn stylesheets(doc: &Document) -> String {
    doc.descendants()
        .filter(|n| n.has_tag_name("style"))
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The paints of [`PROBE`]'s SVG, in the order of [`PAINTS`].
fn paints(svg: &str, scheme: Scheme) -> Vec<String> {
    let doc = Document::parse(svg).expect("well-formed SVG");
    let css = stylesheets(&doc);
    let p = |el: Node, prop: &str| paint(el, prop, &css, scheme);
    let node = find(&doc, "id", "node-A");
    let shape = first(node, "path");
    let edge = find(&doc, "class", "edge");
    let mut edge_paths = edge.children().filter(|n| n.has_tag_name("path"));
    let line = edge_paths.next().expect("edge line");
    let arrow = edge_paths.next().expect("arrowhead");
    let cluster = first(find(&doc, "id", "cluster-S"), "rect");
    let title = first(find(&doc, "class", "cluster-titles"), "text");
    let label = find(&doc, "class", "edge-label");
    vec![
        p(shape, "fill"),
        p(shape, "stroke"),
        p(line, "stroke"),
        p(arrow, "fill"),
        p(cluster, "fill"),
        p(cluster, "stroke"),
        p(title, "fill"),
        p(first(node, "text"), "fill"),
        p(first(label, "rect"), "fill"),
        p(first(label, "text"), "fill"),
        p(first(find(&doc, "class", "title"), "text"), "fill"),
    ]
}

/// `svg` shows [`PROBE`] in `scheme` with the paints of `expected`.
fn check(what: &str, svg: &str, scheme: Scheme, expected: &Table) {
    let found = paints(svg, scheme);
    let wrong: Vec<String> = PAINTS
        .iter()
        .zip(expected.iter().zip(&found))
        .filter(|(_, (e, f))| **e != f.as_str())
        .map(|(name, (e, f))| format!("  {name}: Mermaid {e}, ours {f}"))
        .collect();
    assert!(wrong.is_empty(), "{what}:\n{}", wrong.join("\n"));
}

#[test]
fn every_theme_paints_mermaids_colours() {
    for (theme, table) in [
        ("default", &DEFAULT),
        ("neutral", &NEUTRAL),
        ("dark", &DARK),
        ("forest", &FOREST),
        ("base", &BASE),
    ] {
        let svg = render_svg(PROBE, &options(theme, &[])).unwrap();
        check(theme, &svg, Scheme::Light, table);
        assert!(!svg.contains("<style"), "{theme} needs no stylesheet");
    }
}

#[test]
fn theme_variables_override_and_the_derived_colours_follow() {
    let red = options("base", &[("primaryColor", "#ff0000")]);
    check(
        "base, primaryColor #ff0000",
        &render_svg(PROBE, &red).unwrap(),
        Scheme::Light,
        &BASE_RED,
    );
    let dark_mode = options("base", &[("darkMode", "true"), ("primaryColor", "#1f2020")]);
    check(
        "base, darkMode",
        &render_svg(PROBE, &dark_mode).unwrap(),
        Scheme::Light,
        &BASE_DARK_MODE,
    );
    // In `default` the flowchart colours are constants, not derived from
    // primaryColor: Mermaid draws it unchanged.
    let default_red = options("default", &[("primaryColor", "#ff0000")]);
    check(
        "default, primaryColor #ff0000",
        &render_svg(PROBE, &default_red).unwrap(),
        Scheme::Light,
        &DEFAULT,
    );
    // The same settings from the diagram's own init directive.
    let src = "---\ntitle: T\n---\n%%{init: {'theme': 'base', 'themeVariables': {'primaryColor': '#ff0000'}}}%%\nflowchart LR\n  subgraph S[Title]\n    A[Node] -->|label| B[Other]\n  end\n";
    check(
        "init directive",
        &render_svg(src, &Options::default()).unwrap(),
        Scheme::Light,
        &BASE_RED,
    );
}

#[test]
fn every_theme_renders_every_seed() {
    for theme in ["default", "neutral", "dark", "forest", "base", "auto"] {
        for n in 1..=6 {
            let svg = render_svg(&seed(n), &options(theme, &[])).unwrap();
            mermaid_render::check_svg(&svg)
                .unwrap_or_else(|e| panic!("{theme}, seed-0{n}: usvg rejects the SVG: {e}"));
            Document::parse(&svg).unwrap_or_else(|e| panic!("{theme}, seed-0{n}: {e}"));
            assert_eq!(
                svg.contains("prefers-color-scheme"),
                theme == "auto",
                "{theme}, seed-0{n}"
            );
        }
    }
}

#[test]
fn auto_is_default_in_attributes_and_dark_under_a_dark_scheme() {
    let svg = render_svg(PROBE, &options("auto", &[])).unwrap();
    check("auto, light", &svg, Scheme::Light, &DEFAULT);
    check("auto, dark", &svg, Scheme::Dark, &DARK);
    // resvg and other viewers without media queries draw the light version:
    // the same pixels as `default`.
    for n in [1, 4] {
        assert!(
            render_png(&seed(n), &options("auto", &[])).unwrap()
                == render_png(&seed(n), &options("default", &[])).unwrap(),
            "seed-0{n}: auto's PNG is not default's"
        );
    }
}

#[test]
fn user_styles_win_over_the_theme_in_both_schemes() {
    // seed-01 fills its nodes with `style`; strokes and text stay themed.
    let svg = render_svg(&seed(1), &options("auto", &[])).unwrap();
    let doc = Document::parse(&svg).unwrap();
    let css = stylesheets(&doc);
    let shape = first(find(&doc, "id", "node-A"), "path");
    for scheme in [Scheme::Light, Scheme::Dark] {
        assert_eq!(paint(shape, "fill", &css, scheme), "rgb(255, 235, 238)");
    }
    assert_eq!(paint(shape, "stroke", &css, Scheme::Light), DEFAULT[1]);
    assert_eq!(paint(shape, "stroke", &css, Scheme::Dark), DARK[1]);

    // classDef, subgraph style and linkStyle, each setting some properties.
    let src = format!(
        "{PROBE}  classDef hot fill:#ff8800,color:#112233\n  class B hot\n  style S stroke:#00aa00\n  linkStyle 0 stroke:#0000ff,color:#ff00ff\n"
    );
    for theme in ["default", "dark", "forest", "base", "auto"] {
        let svg = render_svg(&src, &options(theme, &[])).unwrap();
        let doc = Document::parse(&svg).unwrap();
        let css = stylesheets(&doc);
        let b = find(&doc, "id", "node-B");
        let cluster = first(find(&doc, "id", "cluster-S"), "rect");
        let edge = find(&doc, "class", "edge");
        let label = first(find(&doc, "class", "edge-label"), "text");
        for scheme in [Scheme::Light, Scheme::Dark] {
            let at = |el: Node, prop: &str| paint(el, prop, &css, scheme);
            assert_eq!(at(first(b, "path"), "fill"), "rgb(255, 136, 0)", "{theme}");
            assert_eq!(at(first(b, "text"), "fill"), "rgb(17, 34, 51)", "{theme}");
            assert_eq!(at(cluster, "stroke"), "rgb(0, 170, 0)", "{theme}");
            for part in edge.children().filter(|n| n.is_element()) {
                let prop = if part.attribute("stroke").is_some() {
                    "stroke"
                } else {
                    "fill"
                };
                assert_eq!(at(part, prop), "rgb(0, 0, 255)", "{theme}: edge {prop}");
            }
            assert_eq!(at(label, "fill"), "rgb(255, 0, 255)", "{theme}");
        }
    }
}

#[test]
fn theme_css_and_extra_css_are_written_verbatim_and_cannot_break_out() {
    let hostile = [
        "</style><script>alert(1)</script>",
        "]]><script>alert(2)</script><![CDATA[",
        ".node path { fill: red } /* <!-- --> */ a > b { x: \"&amp;\" }",
        "</svg><svg onload=alert(3)>",
    ];
    for css in hostile {
        for theme in ["default", "auto"] {
            let mut o = options(theme, &[]);
            o.config.theme_css = Some(format!("/*theme*/{css}"));
            o.config.extra_css = Some(format!("/*extra*/{css}"));
            let svg = render_svg(PROBE, &o).unwrap();
            let doc = Document::parse(&svg).unwrap_or_else(|e| panic!("{css:?}: {e}"));
            assert!(
                !doc.descendants().any(|n| n.has_tag_name("script")),
                "{css:?}: a script element"
            );
            assert!(!svg.contains("<script") && !svg.contains("<![CDATA["));
            assert!(!doc.descendants().any(|n| n.attribute("onload").is_some()));
            // The text reaches the CSS parser unchanged, diagram's first.
            let sheets: Vec<&str> = doc
                .descendants()
                .filter(|n| n.has_tag_name("style"))
                .filter_map(|n| n.text())
                .filter(|t| !t.contains("prefers-color-scheme"))
                .collect();
            assert_eq!(
                sheets,
                [format!("/*theme*/{css}"), format!("/*extra*/{css}")],
                "{theme}"
            );
            mermaid_render::check_svg(&svg).expect("usvg accepts it");
        }
    }
}

#[test]
fn merged_config_carries_extra_css() {
    let mut base = mermaid_render::Config::default();
    let caller = mermaid_render::Config {
        extra_css: Some(".x{}".into()),
        ..Default::default()
    };
    base.merge(&caller);
    assert_eq!(base.extra_css.as_deref(), Some(".x{}"));
    base.merge(&mermaid_render::Config::default());
    assert_eq!(base.extra_css.as_deref(), Some(".x{}"), "unset keeps it");
}
