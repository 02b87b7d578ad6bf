//! `mermaid-render mdbook`: an mdBook preprocessor. mdBook runs
//! `mermaid-render mdbook supports RENDERER` first, then `mermaid-render
//! mdbook` with `[context, book]` as JSON on standard input, and expects
//! the book back as JSON on standard output. Every ```mermaid block of
//! every chapter becomes an inline SVG, so the built book shows its
//! diagrams with no JavaScript.
//!
//! Settings come from the preprocessor's table in `book.toml`:
//!
//! ```toml
//! [preprocessor.mermaid-render]
//! command = "mermaid-render mdbook"
//! theme = "dark"        # optional: default, neutral, dark, forest, base, auto
//! unsupported = "keep"  # optional: "error" fails the build on such blocks
//! ```
//!
//! The theme is a default: a diagram's own `%%{init}%%` or front matter
//! wins, as in Mermaid. `auto` follows mdBook's theme picker (`light` and
//! `rust` light, `coal`, `navy` and `ayu` dark) and, before a choice is
//! made, the system's mode. Pictures shrink to the text column. A block of
//! a family not drawn yet stays a ```mermaid code block (a client-side
//! Mermaid can still pick it up), with a warning on standard error.
//!
//! Both mdBook 0.4 (`sections`) and 0.5 (`items`) book shapes are read;
//! fields we do not touch pass through unchanged.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use mermaid_render::markdown::{self, Block};
use mermaid_render::{Error, Options};
use serde_json::Value;

/// Renderers whose output is HTML, where inline SVG works.
const HTML_RENDERERS: &[&str] = &["html"];

/// Answers `supports RENDERER`: success for HTML output only.
pub fn supports(renderer: &str) -> ExitCode {
    if HTML_RENDERERS.contains(&renderer) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// One Mermaid block of one chapter.
struct Job {
    /// Index of its chapter.
    chapter: usize,
    /// The block.
    block: Block,
}

/// What became of one block.
enum Drawn {
    /// The picture, as one line of HTML.
    Inline(String),
    /// A family not drawn yet: the block stays, with this warning.
    Kept(String),
}

/// A chapter with Mermaid blocks.
struct Chapter {
    /// JSON pointer to its `content` string.
    pointer: String,
    /// Its Markdown.
    content: String,
    /// Name for messages: the chapter's source path under the book's
    /// source folder.
    name: String,
    /// Folder local pictures (`img:`) are read from.
    folder: PathBuf,
}

/// Reads the book from standard input, renders, writes it to standard
/// output. `Err` is the report for standard error.
pub fn run() -> Result<(), String> {
    let mut input = String::new();
    io::stdin()
        .lock()
        .read_to_string(&mut input)
        .map_err(|e| format!("error: cannot read mdBook's input: {e}\n"))?;
    let output = preprocess(&input)?;
    let mut out = io::stdout().lock();
    out.write_all(output.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| format!("error: cannot write to mdBook: {e}\n"))
}

/// The book JSON out for `[context, book]` JSON in.
pub fn preprocess(input: &str) -> Result<String, String> {
    let value: Value = serde_json::from_str(input)
        .map_err(|e| format!("error: mdBook's input is not the expected JSON: {e}\n"))?;
    let Value::Array(mut pair) = value else {
        return Err("error: mdBook's input is not a [context, book] array\n".into());
    };
    if pair.len() != 2 {
        return Err("error: mdBook's input is not a [context, book] array\n".into());
    }
    let mut book = pair.pop().unwrap_or(Value::Null);
    let context = pair.pop().unwrap_or(Value::Null);

    let root = context
        .get("root")
        .and_then(Value::as_str)
        .map_or_else(|| PathBuf::from("."), PathBuf::from);
    let src = context
        .pointer("/config/book/src")
        .and_then(Value::as_str)
        .unwrap_or("src");
    let table = ["mermaid-render", "mermaid_render", "mermaid"]
        .iter()
        .find_map(|name| context.pointer(&format!("/config/preprocessor/{name}")));
    let mut options = Options::default();
    if let Some(theme) = table.and_then(|t| t.get("theme")).and_then(Value::as_str) {
        options.defaults.theme = Some(theme.to_string());
    }
    options.config.inline = Some(true);
    options.config.mdbook_themes = Some(true);
    let keep = match table.and_then(|t| t.get("unsupported")) {
        None => true,
        Some(v) if v.as_str() == Some("keep") => true,
        Some(v) if v.as_str() == Some("error") => false,
        Some(v) => {
            return Err(format!(
                "error: book.toml: preprocessor.mermaid-render.unsupported is {v}; expected \"keep\" or \"error\"\n"
            ))
        }
    };

    let mut chapters = Vec::new();
    collect(&book, String::new(), &root.join(src), &mut chapters);
    let mut jobs = Vec::new();
    for (i, chapter) in chapters.iter().enumerate() {
        jobs.extend(
            markdown::blocks(&chapter.content)
                .into_iter()
                .map(|block| Job { chapter: i, block }),
        );
    }
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let drawn = super::work::map(&jobs, threads, false, |job| {
        let chapter = &chapters[job.chapter];
        let mut options = options.clone();
        options.image_dir = Some(chapter.folder.clone());
        // Unique ids on the page (and across the book).
        options.config.svg_id = Some(format!(
            "mermaid-render-{}-{}",
            job.chapter + 1,
            job.block.index + 1
        ));
        let located = |e: &mermaid_render::ParseError| {
            job.block
                .to_document(e)
                .display(&chapter.name, &chapter.content)
        };
        match mermaid_render::render(&job.block.source, &options) {
            Ok(r) => Ok(Drawn::Inline(inline(&r.svg))),
            Err(Error::Parse(e)) => Err(located(&e)),
            Err(Error::Unsupported(u)) if keep => {
                let e = job.block.to_document(&u.error());
                let (line, col) = e.line_col(&chapter.content);
                Ok(Drawn::Kept(format!(
                    "{}:{line}:{col}: warning: {}; the block is kept as code\n",
                    chapter.name, e.message
                )))
            }
            Err(Error::Unsupported(u)) => Err(located(&u.error())),
            Err(other) => Err(format!("{}: error: {other}\n", chapter.name)),
        }
    });

    let mut errors = String::new();
    let mut warnings = String::new();
    let mut by_chapter: Vec<Vec<Option<String>>> = vec![Vec::new(); chapters.len()];
    for (job, result) in jobs.iter().zip(drawn) {
        match result {
            Ok(Drawn::Inline(html)) => by_chapter[job.chapter].push(Some(html)),
            Ok(Drawn::Kept(warning)) => {
                warnings.push_str(&warning);
                by_chapter[job.chapter].push(None);
            }
            Err(report) => errors.push_str(&report),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if !warnings.is_empty() {
        // mdBook shows a preprocessor's standard error in its own log.
        let _ = io::stderr().lock().write_all(warnings.as_bytes());
    }
    for (i, chapter) in chapters.iter().enumerate() {
        let blocks: Vec<Block> = jobs
            .iter()
            .filter(|j| j.chapter == i)
            .map(|j| j.block.clone())
            .collect();
        if blocks.is_empty() {
            continue;
        }
        let html = &by_chapter[i];
        let content = markdown::replace(&chapter.content, &blocks, |k, block| match html.get(k) {
            Some(Some(svg)) => svg.clone(),
            _ => chapter.content[block.range.clone()].to_string(),
        });
        if let Some(slot) = book.pointer_mut(&chapter.pointer) {
            *slot = Value::String(content);
        }
    }
    serde_json::to_string(&book).map_err(|e| format!("error: cannot write the book: {e}\n"))
}

/// An SVG as one line of HTML, so that it is one HTML block wherever the
/// Markdown block stood (in a list or a quote too) and no blank line can
/// end it early.
fn inline(svg: &str) -> String {
    let one_line: String = svg
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    format!("<div class=\"mermaid-render\">{one_line}</div>")
}

/// Every chapter with a `content` string below `value`, in book order.
fn collect(value: &Value, pointer: String, src: &Path, out: &mut Vec<Chapter>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(chapter)) = map.get("Chapter") {
                if let Some(Value::String(content)) = chapter.get("content") {
                    let source = chapter
                        .get("source_path")
                        .or_else(|| chapter.get("path"))
                        .and_then(Value::as_str)
                        .unwrap_or("chapter.md");
                    let folder = src
                        .join(source)
                        .parent()
                        .map_or_else(|| src.to_path_buf(), Path::to_path_buf);
                    out.push(Chapter {
                        pointer: format!("{pointer}/Chapter/content"),
                        content: content.clone(),
                        name: src.join(source).display().to_string(),
                        folder,
                    });
                }
            }
            for (key, child) in map {
                let key = key.replace('~', "~0").replace('/', "~1");
                collect(child, format!("{pointer}/{key}"), src, out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                collect(child, format!("{pointer}/{i}"), src, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book(items_key: &str, content: &str) -> String {
        let chapter = serde_json::json!({
            "Chapter": {
                "name": "One", "content": content, "number": [1],
                "sub_items": [{"Chapter": {"name": "Two", "content": "```mermaid\ngraph LR\nX-->Y\n```\n",
                    "number": [1, 1], "sub_items": [], "path": "two.md", "source_path": "two.md",
                    "parent_names": ["One"]}}],
                "path": "one.md", "source_path": "one.md", "parent_names": []
            }
        });
        let context = serde_json::json!({
            "root": "/nowhere", "renderer": "html", "mdbook_version": "0.5.4",
            "config": {"book": {"src": "src"}, "preprocessor": {"mermaid-render": {"theme": "dark"}}}
        });
        serde_json::json!([context, {items_key: [chapter, "Separator"], "__non_exhaustive": null}])
            .to_string()
    }

    #[test]
    fn blocks_become_inline_svg_and_the_rest_stays() {
        for key in ["sections", "items"] {
            let input = book(key, "# One\n\n```mermaid\ngraph TD\nA-->B\n```\n\nAfter.\n");
            let out: Value = serde_json::from_str(&preprocess(&input).unwrap()).unwrap();
            let one = out[key][0]["Chapter"]["content"].as_str().unwrap();
            assert!(
                one.starts_with("# One\n\n<div class=\"mermaid-render\"><svg"),
                "{one}"
            );
            assert!(one.ends_with("</svg></div>\n\nAfter.\n"), "{one}");
            assert!(!one.contains("```"));
            let two = out[key][0]["Chapter"]["sub_items"][0]["Chapter"]["content"]
                .as_str()
                .unwrap();
            assert!(two.starts_with("<div class=\"mermaid-render\"><svg"));
            assert_eq!(out[key][1], "Separator");
            // The dark theme from book.toml was used.
            assert!(one.contains("#1f2020"), "dark node fill missing");
        }
    }

    #[test]
    fn an_error_names_the_chapter_file_and_line() {
        let input = book(
            "items",
            "# One\n\ntext\n\n```mermaid\ngraph TD\nA-->B[oops\n```\n",
        );
        let report = preprocess(&input).unwrap_err();
        assert!(
            report.starts_with("/nowhere/src/one.md:7:"),
            "report: {report}"
        );
    }

    #[test]
    fn other_families_stay_code_and_pictures_fit_the_column() {
        let class = "```mermaid\nquadrantChart\n  title Pets\n```";
        let input = book(
            "items",
            &format!("# One\n\n{class}\n\n```mermaid\n%%{{init: {{\"theme\": \"forest\"}}}}%%\ngraph TD\nA-->B\n```\n"),
        );
        let out: Value = serde_json::from_str(&preprocess(&input).unwrap()).unwrap();
        let one = out["items"][0]["Chapter"]["content"].as_str().unwrap();
        assert!(
            one.starts_with(&format!("# One\n\n{class}\n\n<div")),
            "{one}"
        );
        assert!(
            one.contains("style=\"max-width:100%;height:auto\""),
            "{one}"
        );
        // The diagram's own theme wins over book.toml's dark.
        assert!(one.contains("#cde498") && !one.contains("#1f2020"), "{one}");

        let strict = input.replace(
            "\"theme\":\"dark\"",
            "\"theme\":\"dark\",\"unsupported\":\"error\"",
        );
        assert_ne!(strict, input);
        let report = preprocess(&strict).unwrap_err();
        assert!(
            report.contains("one.md:4:1: error: quadrantChart is not supported yet"),
            "{report}"
        );
    }

    #[test]
    fn an_auto_book_follows_the_theme_picker() {
        let input = book("items", "```mermaid\ngraph TD\nA-->B\n```\n")
            .replace("\"theme\":\"dark\"", "\"theme\":\"auto\"");
        let out = preprocess(&input).unwrap();
        assert!(out.contains("@media (prefers-color-scheme: dark)"));
        assert!(out.contains(":where(html.coal, html.navy, html.ayu) :where(.mr-auto-"));
        assert!(out.contains(":where(html.light, html.rust) :where(.mr-auto-"));
    }

    #[test]
    fn only_html_is_supported() {
        assert_eq!(supports("html"), ExitCode::SUCCESS);
        assert_eq!(supports("epub"), ExitCode::FAILURE);
    }
}
