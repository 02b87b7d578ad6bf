//! No injection: the cases of Mermaid's own security fixes (its Cypress
//! `xss*.html`, `ghsa*.html` and `css-injection.html` pages), written as
//! flowcharts, plus the link schemes its URL sanitiser refuses. Whatever a
//! label, id, class, style, link or directive holds, the SVG keeps it as
//! text or drops it: no element, attribute, script, unsafe link or CSS
//! rule can come out of it (`common::safety` says exactly what is allowed).

use crate::common::safety::{check_render, injection_faults};
use crate::common::svg_text;
use mermaid_render::{render, Options, Rendered};

/// Renders `src`, which must give a picture, and checks it is safe.
fn safe(src: &str) -> Rendered {
    if let Err(e) = check_render(src, &Options::default()) {
        panic!("{e}\nfor {src:?}");
    }
    render(src, &Options::default()).unwrap()
}

/// `src` renders safely and no attribute value holds any of `needles`
/// (text may: a `;` ends a `style` statement, so what follows it is read
/// as the next statement, as in Mermaid).
fn attributes_lack(src: &str, needles: &[&str]) {
    let svg = safe(src).svg;
    let doc = roxmltree::Document::parse(&svg).unwrap();
    for node in doc.descendants() {
        for attr in node.attributes() {
            let value = attr.value().to_ascii_lowercase();
            for n in needles {
                assert!(
                    !value.contains(n),
                    "{n:?} in {}=\"{}\" for {src:?}",
                    attr.name(),
                    attr.value()
                );
            }
        }
    }
}

/// `src` renders safely and none of `absent` appears anywhere in the SVG.
fn absent(src: &str, absent: &[&str]) {
    let svg = safe(src).svg.to_ascii_lowercase();
    for a in absent {
        assert!(
            !svg.contains(&a.to_ascii_lowercase()),
            "{a:?} found in the SVG of {src:?}"
        );
    }
}

/// `src` renders safely; its text holds `shown` but none of `hidden`.
fn text_is(src: &str, shown: &str, hidden: &[&str]) {
    // Lines wrapped at the wrapping width read as one.
    let text = svg_text(&safe(src).svg).replace("\n\n", " ");
    assert!(
        text.contains(shown),
        "{shown:?} not shown; the text is {text:?}"
    );
    for h in hidden {
        assert!(!text.contains(h), "{h:?} shown; the text is {text:?}");
    }
}

#[test]
fn tags_in_labels_are_dropped_and_entity_coded_ones_shown_as_text() {
    // Labels read `<b>`, `<i>` and `<br>`; every other tag is dropped
    // whole, attributes and all. `safe` checks no element came of any.
    // xss.spec "should handle xss in tags" (and in non-html mode).
    text_is(
        "graph LR\n      B-->D(<img onerror=location=`javascript\\u003axssAttack\\u0028document.domain\\u0029` src=x>);",
        "B",
        &["onerror", "xssAttack"],
    );
    // xss5.html: the same in a quoted label.
    text_is(
        "graph LR\nB-->D(\"<img onerror=location=`javascript\\x3a;xssAttack\\u0028\\u0029` src=x>\");\n",
        "B",
        &["onerror", "xssAttack"],
    );
    // xss6.html
    text_is(
        "graph LR\nA(<img/src/onerror=xssAttack`1`>)",
        "",
        &["onerror"],
    );
    // xss4.html: an iframe with a script in srcdoc, htmlLabels asked for.
    // The script tag inside the quotes is dropped; what is left of the
    // iframe is no tag any more and is shown as text.
    text_is(
        "%%{init: {\"flowchart\": {\"htmlLabels\": \"true\"}} }%%\nflowchart\nA[\"<iframe srcdoc='<script src=http://localhost:9000/exploit.js></script>'></iframe>\"]",
        "<iframe srcdoc=''>",
        &["exploit", "script"],
    );
    // ghsa3.html: a style element in a label; its rule is plain text.
    text_is(
        "%%{init: {\"flowchart\": {\"htmlLabels\": \"true\"}} }%%\nflowchart\nA[\"<p><style> * { background : red}</style>test</p>\"]",
        "* { background : red}test",
        &["<style"],
    );
    // xss20.html / xss21.html: links in labels, colons as entity codes.
    text_is(
        "  graph TD\nA --> B[\"<a href='javascript#colon;xssAttack()'>AAA</a>\"]",
        "AAA",
        &["xssAttack"],
    );
    text_is(
        "  graph TD\n      A --> B[\"<a href='javascript#9;t#colon;xssAttack()'>AAA</a>\"]",
        "AAA",
        &["xssAttack"],
    );
    // Entity-coded markup is shown, as text.
    text_is(
        "graph TD\n  A[\"#lt;script#gt;alert(1)#lt;/script#gt;\"]",
        "<script>alert(1)</script>",
        &[],
    );
    text_is(
        "graph TD\n  A[\"&lt;img src=x onerror=alert(1)&gt;\"]",
        "<img src=x onerror=alert(1)>",
        &[],
    );
}

#[test]
fn markup_in_every_other_text_is_text() {
    let payload = "<script>alert(1)</script><img src=x onerror=alert(1)>";
    for src in [
        format!("graph TD\n  A -->|\"{payload}\"| B"),
        format!("graph TD\n  A -- \"{payload}\" --> B"),
        format!("graph TD\n  subgraph s [\"{payload}\"]\n    A\n  end"),
        format!("graph TD\n  A[\"`**{payload}**`\"]"),
        format!("graph TD\n  A@{{ shape: hex, label: \"{payload}\" }}"),
        format!("graph TD\n  accTitle: {payload}\n  accDescr: {payload}\n  A"),
        format!("---\ntitle: \"{payload}\"\n---\ngraph TD\n  A"),
        "graph TD\n  A[\"#lt;script#gt;alert(1)#lt;/script#gt;\"]".to_string(),
        "graph TD\n  A[\"&lt;script&gt;alert(1)&lt;/script&gt;\"]".to_string(),
        "graph TD\n  A[\"]]><script>alert(1)</script><![CDATA[\"]".to_string(),
        "graph TD\n  A[\"<!-- x --><svg onload=alert(1)>\"]".to_string(),
    ] {
        absent(&src, &["<script", "<img", "<svg onload"]);
    }
}

#[test]
fn ids_and_class_names_cannot_leave_their_attribute() {
    for src in [
        "graph TD\n  x\"y --> z'w",
        "graph TD\n  onload=alert(1) --> B",
        "graph TD\n  A&B --> C",
        "graph TD\n  subgraph q\"><script>alert(1)</script>\n    A\n  end",
        "graph TD\n  subgraph s1 [t]\n    A\n  end\n  class s1 x\n  style s1 fill:#f00",
        // xss24.html used backticks in class names; ours are words only.
        "graph TD\n  A:::x-y --> B\n  class A,B `x<img src=x onerror=alert(1)>`",
    ] {
        match render(src, &Options::default()) {
            Ok(r) => assert_eq!(injection_faults(&r.svg), Vec::<String>::new(), "{src:?}"),
            Err(mermaid_render::Error::Parse(_)) => {}
            Err(e) => panic!("{e}"),
        }
        check_render(src, &Options::default()).unwrap_or_else(|e| panic!("{e}\nfor {src:?}"));
    }
}

#[test]
fn style_and_class_values_cannot_break_out_of_their_attribute() {
    let attacks = [
        "red\" onload=\"alert(1)",
        "url(javascript:alert(1))",
        "url(\"https://example.test/1.png\")",
        "expression(alert(1))",
        "red;background:url(https://example.test/x.png)",
        "</style><script>alert(1)</script>",
        "red} body {display:none",
        "'x' onmouseover='alert(1)'",
    ];
    for attack in attacks {
        let css = |p: &str| format!("{p}:{}", attack.replace(',', "\\,"));
        for src in [
            format!("graph TD\n  A --> B\n  style A {}", css("fill")),
            format!("graph TD\n  A:::c --> B\n  classDef c {}", css("stroke")),
            format!("graph TD\n  A --> B\n  classDef default {}", css("color")),
            format!("graph TD\n  A --> B\n  linkStyle 0 {}", css("stroke")),
            format!(
                "graph TD\n  A --> B\n  linkStyle default {}",
                css("stroke-width")
            ),
            format!(
                "graph TD\n  subgraph s\n    A\n  end\n  style s {}",
                css("fill")
            ),
        ] {
            attributes_lack(
                &src,
                &[
                    "url(",
                    "expression",
                    "example.test",
                    "script",
                    "alert",
                    "display",
                    ";",
                    "\"",
                ],
            );
        }
    }
    // css-injection.html: a classDef that tries to close its rule.
    absent(
        "graph TD\n  A:::x\n  classDef x }}body{.otp{border: 1px solid red}.otp{color: red}.otp-1{ background-image: url(\"https://example.test/1.png\")}}",
        &["url(", "example.test", ".otp", "body{"],
    );
}

#[test]
fn directive_values_cannot_inject_markup_or_css() {
    // xss.spec "should not allow tags in the css": fontFamily.
    absent(
        "%%{init: { 'fontFamily': '\\\"></style><img src=x onerror=xssAttack()>'} }%%\ngraph LR\n     A --> B",
        &["xssAttack", "<img", "</style"],
    );
    // ghsa1.html: a theme variable that closes the rule.
    absent(
        "%%{ init: { \"themeVariables\" : { \"textColor\": \"green;} #target { background-color: crimson }\", \"mainBkg\": \"#fff000\" } } }%%\ngraph TD\n    A[Goose]",
        &["crimson", "#target", "background-color"],
    );
    // themeCSS is copied into a <style> of its own as text: whatever it
    // holds, it cannot end that element or start another one (and `url(`
    // is taken out: diagram CSS may not load anything).
    let css = ".node rect { fill: url(javascript:alert(1)) } </style><script>alert(1)</script><![CDATA[ ]]></svg><svg onload=alert(1)>";
    let src = format!("%%{{init: {{\"themeCSS\": \"{css}\"}}}}%%\ngraph TD\n  A");
    let svg = safe(&src).svg;
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let sheets: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("style"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(sheets, [css.replace("url(", "")]);
    // xss2.html: __proto__ in the config.
    absent(
        "%%{init: {\"__proto__\": {\"polluted\": \"yes\"}, \"constructor\": {\"prototype\": {\"x\": \"y\"}}}}%%\ngraph TD\n  A",
        &["polluted"],
    );
    // The same through front matter.
    absent(
        "---\nconfig:\n  fontFamily: \"</style><script>alert(1)</script>\"\n  themeVariables:\n    primaryColor: \"red\\\" onload=\\\"alert(1)\"\n    lineColor: \"url(javascript:alert(1))\"\n---\ngraph TD\n  A --> B",
        &["<script", "onload", "javascript"],
    );
}

/// Links a browser could run code from, as Mermaid's sanitiser
/// (`@braintree/sanitize-url`) and its click tests see them.
const UNSAFE_LINKS: &[&str] = &[
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "  javascript:alert(1)",
    "\tjavascript:alert(1)",
    "java\tscript:alert(1)",
    "java\u{0}script:alert(1)",
    "java\u{200b}script:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "jav&#9;ascript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "javascript&#58;alert(1)",
    "javascript&#x3a;alert(1)",
    "javascript#colon;alert(1)",
    "javascript#58;alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,x",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "file:///etc/passwd",
];

#[test]
fn unsafe_click_links_are_dropped_with_a_warning() {
    for link in UNSAFE_LINKS {
        for src in [
            format!("graph TD\n  A --> B\n  click A \"{link}\" \"tip\""),
            format!("graph TD\n  A --> B\n  click A href \"{link}\" _blank"),
        ] {
            let r = safe(&src);
            assert!(!r.svg.contains("<a "), "link kept for {src:?}");
            let warned = r
                .warnings
                .iter()
                .any(|w| w.message.contains("dropped") && w.message.contains("click A"));
            assert!(warned, "no warning for {src:?}: {:?}", r.warnings);
            let w = r
                .warnings
                .iter()
                .find(|w| w.message.contains("dropped"))
                .unwrap();
            assert!(
                w.span
                    .is_some_and(|span| src[span.start..span.end].starts_with("click A")),
                "warning span {:?} not on the click statement",
                w.span
            );
            assert!(
                !w.message.contains(['\u{0}', '\t']),
                "raw control characters in {w:?}"
            );
        }
    }
}

#[test]
fn safe_click_links_are_kept_escaped() {
    for (link, href) in [
        (
            "https://example.com/a?b=1&c=2",
            "https://example.com/a?b=1&amp;c=2",
        ),
        ("http://example.com", "http://example.com"),
        ("mailto:someone@example.com", "mailto:someone@example.com"),
        ("relative/page.html", "relative/page.html"),
        ("#anchor", "#anchor"),
        ("/docs?q=a:b", "/docs?q=a:b"),
        ("page.html#58", "page.html#58"),
    ] {
        let src =
            format!("graph TD\n  A --> B\n  click A \"{link}\" \"<strong>tip</strong>\" _blank");
        let r = safe(&src);
        assert!(
            r.svg
                .contains(&format!("<a href=\"{href}\" target=\"_blank\">")),
            "link {link:?} not kept in {}",
            r.svg
        );
        assert!(r
            .svg
            .contains("<title>&lt;strong&gt;tip&lt;/strong&gt;</title>"));
        assert!(!r.warnings.iter().any(|w| w.message.contains("dropped")));
    }
}

#[test]
fn pictures_come_only_from_plain_data_addresses() {
    for img in [
        "javascript:alert(1)",
        "data:image/png;base64,AAAA\\\" onload=\\\"alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "https://example.test/x.png",
    ] {
        let src = format!("graph TD\n  A@{{ img: \"{img}\", label: \"pic\" }}");
        absent(&src, &["onload", "javascript", "text/html", "example.test"]);
    }
}

#[test]
fn diagram_css_cannot_load_anything() {
    // Front matter, not a directive: Mermaid turns every `'` of a
    // directive into `"`, so the quoted @import would break its JSON.
    let source = "---\nconfig:\n  themeCSS: \".node rect { fill: red; background: URL(https://evil.example/x.png); } @import 'https://evil.example/a.css'; .a { background: u\\\\rl(//evil.example/y) } .b { b: uurl(rl(x) }\"\n---\ngraph LR\n  A --> B\n";
    let rendered = mermaid_render::render(source, &mermaid_render::Options::default()).unwrap();
    let lower = rendered.svg.to_ascii_lowercase();
    assert!(
        lower.contains(".node rect { fill: red;"),
        "the harmless rule stays"
    );
    for banned in ["url(", "@import"] {
        assert!(
            !lower.contains(banned),
            "{banned} left in:\n{}",
            rendered.svg
        );
    }
    assert!(
        rendered
            .warnings
            .iter()
            .any(|w| w.message.contains("themeCSS")),
        "a warning says what was removed"
    );
    // The caller's own CSS is trusted and kept as given.
    let mut options = mermaid_render::Options::default();
    options.config.extra_css = Some(".x { background: url(logo.png) }".into());
    let svg = mermaid_render::render_svg("graph LR\n  A\n", &options).unwrap();
    assert!(svg.contains("url(logo.png)"));
}
