//! What any SVG we emit must be, whatever the input: well-formed XML made
//! only of the elements and attributes the renderer writes, with no
//! scripts, no event handlers, no unsafe links and no CSS that could leave
//! its attribute. `<style>` elements (the `auto` theme's rules, `themeCSS`,
//! the caller's CSS) hold text only.

use mermaid_render::sanitize::link_is_safe;
use mermaid_render::{render, Error, Options};

/// The elements the renderer writes.
const ELEMENTS: &[&str] = &[
    "svg", "title", "desc", "style", "g", "rect", "path", "circle", "text", "tspan", "a", "image",
];

/// Attributes whose values are free text or path data, checked otherwise.
const FREE: &[&str] = &["id", "d", "viewBox", "font-family", "href", "target"];

/// Every way `svg` breaks the rules of the module doc (empty: clean).
pub fn injection_faults(svg: &str) -> Vec<String> {
    let mut out = Vec::new();
    for tag in [
        "<script",
        "<iframe",
        "<foreignobject",
        "<![cdata[",
        "<!doctype",
        "<!entity",
    ] {
        if svg.to_ascii_lowercase().contains(tag) {
            out.push(format!("markup {tag} in the SVG"));
        }
    }
    let doc = match roxmltree::Document::parse(svg) {
        Ok(doc) => doc,
        Err(e) => {
            out.push(format!("not well-formed XML: {e}"));
            return out;
        }
    };
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        if !ELEMENTS.contains(&name) {
            out.push(format!("element <{name}>"));
        }
        if name == "style" && node.children().any(|c| !c.is_text()) {
            out.push("a <style> holding more than text".to_string());
        }
        if node.tag_name().namespace() != Some("http://www.w3.org/2000/svg") {
            out.push(format!("element <{name}> outside the SVG namespace"));
        }
        for attr in node.attributes() {
            let (key, value) = (attr.name(), attr.value());
            if key.to_ascii_lowercase().starts_with("on") {
                out.push(format!("event handler {key}=\"{value}\" on <{name}>"));
            }
            if key == "style" {
                out.push(format!("style attribute on <{name}>: {value}"));
            }
            match (name, key) {
                ("a", "href") if !link_is_safe(value) => {
                    out.push(format!("unsafe link href=\"{value}\""));
                }
                ("image", "href") if !value.starts_with("data:image/") => {
                    out.push(format!("image from \"{value}\""));
                }
                (_, "href") if !matches!(name, "a" | "image") => {
                    out.push(format!("href on <{name}>"));
                }
                ("a", "target") if !matches!(value, "_self" | "_blank" | "_parent" | "_top") => {
                    out.push(format!("link target \"{value}\""));
                }
                _ => {}
            }
            let plain = |c: char| c.is_ascii_alphanumeric() || " #.,%()-".contains(c);
            let is_namespace = attr.namespace().is_some() || key == "xmlns";
            let lower = value.to_ascii_lowercase();
            let active = lower.contains("url(") || lower.contains("expression(");
            if !FREE.contains(&key) && !is_namespace && (active || !value.chars().all(plain)) {
                out.push(format!(
                    "attribute {key}=\"{value}\" on <{name}> is not plain"
                ));
            }
        }
    }
    out
}

/// Runs the whole pipeline on `src` and checks the result: an `Err` must be
/// a parse error pointing inside `src`; an `Ok` SVG must be accepted by
/// usvg, identical when rendered again, and free of injected markup.
/// Returns a description of the first broken rule.
pub fn check_render(src: &str, options: &Options) -> Result<bool, String> {
    match render(src, options) {
        Err(Error::Parse(e)) => {
            if e.span.start <= e.span.end && e.span.end <= src.len() {
                Ok(false)
            } else {
                Err(format!("span {:?} outside the source: {e}", e.span))
            }
        }
        // A family not drawn yet is refused at its header word.
        Err(Error::Unsupported(u)) if u.span.end <= src.len() => Ok(false),
        Err(e) => Err(format!("unexpected error: {e}")),
        Ok(first) => {
            mermaid_render::check_svg(&first.svg)
                .map_err(|e| format!("usvg rejects the SVG: {e}"))?;
            let second = render(src, options).map_err(|e| format!("second render: {e}"))?;
            if second.svg != first.svg {
                return Err("two renders differ".to_string());
            }
            let faults = injection_faults(&first.svg);
            if !faults.is_empty() {
                return Err(faults.join("\n"));
            }
            Ok(true)
        }
    }
}
