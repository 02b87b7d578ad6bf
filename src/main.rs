//! `mermaid-render`: the command line front end. Reads Mermaid diagrams,
//! Markdown files with ```mermaid blocks, or folders of both; renders them
//! with the library (on all cores) and writes SVG or PNG, rewritten
//! Markdown, and on request the layout as JSON. Also an mdBook preprocessor
//! and a completion-script generator.
//!
//! Exit status: 0 on success; 1 when any diagram has an error or a file
//! cannot be read or written; 2 for a wrong command line. Each input's
//! files are written all-or-nothing (see `cli::atomic`): an input with an
//! error gets no output at all, while the other inputs are still done.
#![forbid(unsafe_code)]

mod cli {
    pub mod args;
    pub mod atomic;
    pub mod mdbook;
    pub mod plan;
    pub mod work;
}

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser};
use mermaid_render::markdown::{self, Block};
use mermaid_render::{Config, Error, Options, ParseError, Warning};

use cli::args::{Args, Command, Format, Supports, Unsupported};
use cli::atomic::Staged;
use cli::plan::{Output, Plan, Source, Target, Unit};

fn main() -> ExitCode {
    // Help and version exit 0, usage errors exit 2 (clap's convention).
    let args = Args::try_parse().unwrap_or_else(|e| e.exit());
    match &args.command {
        Some(Command::Completions { shell }) => {
            // Generated into memory, then written like every other output:
            // a closed pipe (`| head`) ends quietly instead of panicking.
            let mut command = Args::command();
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut command, "mermaid-render", &mut script);
            return match write_stdout(&script) {
                Ok(()) => ExitCode::SUCCESS,
                Err(report) if report.is_empty() => ExitCode::SUCCESS,
                Err(report) => {
                    to_stderr(&report);
                    ExitCode::FAILURE
                }
            };
        }
        Some(Command::Mdbook {
            supports: Some(Supports::Supports { renderer }),
        }) => return cli::mdbook::supports(renderer),
        Some(Command::Mdbook { supports: None }) => {
            return match cli::mdbook::run() {
                Ok(()) => ExitCode::SUCCESS,
                Err(report) => {
                    to_stderr(&report);
                    ExitCode::FAILURE
                }
            }
        }
        None => {}
    }
    let plan = Plan::from_args(&args).unwrap_or_else(|message| usage_error(message));
    let settings = match Settings::from_args(&args) {
        Ok(settings) => settings,
        Err(report) => {
            to_stderr(&report);
            return ExitCode::FAILURE;
        }
    };
    if !settings.quiet {
        to_stderr(&unused_options(&args, plan.format));
    }
    run(&plan, &settings)
}

/// Warnings for options that do nothing with this output.
fn unused_options(args: &Args, format: Format) -> String {
    let mut out = String::new();
    if args.check {
        return out;
    }
    let sized = args.width.is_some() || args.height.is_some();
    if format != Format::Png {
        for (given, flag) in [
            (args.scale.is_some(), "--scale"),
            (args.width.is_some(), "--width"),
            (args.height.is_some(), "--height"),
        ] {
            if given {
                out.push_str(&format!(
                    "warning: {flag} applies to PNG output only; it is ignored for {}\n",
                    format.extension().to_uppercase()
                ));
            }
        }
    } else if sized && args.scale.is_some() {
        out.push_str("warning: --scale is ignored when --width or --height is given\n");
    }
    out
}

/// Prints a usage error the way clap does and exits with status 2.
fn usage_error(message: String) -> ! {
    Args::command()
        .error(ErrorKind::ArgumentConflict, message)
        .exit()
}

/// How every diagram of the run is drawn.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Library options (themes, config file, CSS, background).
    pub options: Options,
    /// `--scale`.
    pub scale: Option<f32>,
    /// `--width`.
    pub width: Option<u32>,
    /// `--height`.
    pub height: Option<u32>,
    /// Only parse (`--check`).
    pub check: bool,
    /// No warnings or progress.
    pub quiet: bool,
    /// Diagrams at once.
    pub jobs: usize,
    /// What becomes of diagrams of families not drawn yet.
    pub unsupported: Unsupported,
    /// `--in-place`.
    pub in_place: bool,
    /// `--overwrite`.
    pub overwrite: bool,
}

impl Settings {
    /// The settings, with the config and CSS files read; `Err` is the
    /// report of a file that cannot be read.
    fn from_args(args: &Args) -> Result<Settings, String> {
        let asked = args.background.as_deref().map(str::trim);
        let background = match asked {
            Some(c) if c.eq_ignore_ascii_case("transparent") => None,
            Some(c) => Some(c.to_string()),
            None => Some("white".to_string()),
        };
        let mut options = Options {
            background,
            ..Options::default()
        };
        // Given explicitly, the background is painted behind SVGs too.
        options.config.background = asked.map(str::to_string);
        if let Some(path) = &args.config_file {
            options.defaults = read_config(path)?;
        }
        // As in Mermaid's CLI, `-t` is a default the diagram's own settings
        // override; `--theme-override` wins over them.
        if args.theme.is_some() {
            options.defaults.theme = args.theme.clone();
        }
        options.config.theme = args.theme_override.clone();
        if !args.fonts.is_empty() {
            let mut files = Vec::with_capacity(args.fonts.len());
            for path in &args.fonts {
                let data = read_input(&Source::File(path.clone()))?;
                mermaid_render::check_font(&data)
                    .map_err(|e| format!("error: '{}': {e}\n", path.display()))?;
                files.push(data);
            }
            mermaid_render::add_fonts(files).map_err(|e| format!("error: {e}\n"))?;
        }
        if let Some(path) = &args.css_file {
            let name = path.display().to_string();
            let css = decode(&name, read_input(&Source::File(path.clone()))?)?;
            options.config.extra_css = Some(css);
        }
        let limits = &mut options.limits;
        for (slot, asked) in [
            (&mut limits.max_input_bytes, args.max_input_bytes),
            (&mut limits.max_nodes, args.max_nodes),
            (&mut limits.max_edges, args.max_edges),
            (&mut limits.max_subgraph_depth, args.max_depth),
            (&mut limits.max_label_chars, args.max_label_chars),
        ] {
            if let Some(n) = asked {
                *slot = n;
            }
        }
        options.config.svg_id = args.svg_id.clone();
        let jobs = args.jobs.map(usize::from).unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
        });
        Ok(Settings {
            options,
            scale: args.scale,
            width: args.width,
            height: args.height,
            check: args.check,
            quiet: args.quiet,
            jobs,
            unsupported: args.unsupported,
            in_place: args.in_place,
            overwrite: args.overwrite,
        })
    }

    /// PNG pixels per SVG unit for a drawing `w` × `h` units large.
    fn png_scale(&self, w: f32, h: f32) -> f32 {
        let fit_w = self.width.map(|px| px as f32 / w.max(1.0));
        let fit_h = self.height.map(|px| px as f32 / h.max(1.0));
        match (fit_w, fit_h) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => self.scale.unwrap_or(1.0),
        }
    }
}

/// A Mermaid configuration file, or the report of why it cannot be used.
fn read_config(path: &Path) -> Result<Config, String> {
    let name = path.display().to_string();
    let text = decode(&name, read_input(&Source::File(path.to_path_buf()))?)?;
    mermaid_render::read_config_file(&text).map_err(|e| e.display(&name, &text))
}

/// One diagram to draw: which unit it belongs to, and which block of it.
struct Task<'a> {
    /// Index into the plan's units.
    unit: usize,
    /// The Markdown block, for Markdown units.
    block: Option<&'a Block>,
    /// The diagram text.
    source: &'a str,
}

/// A unit's input text, or the report of why it cannot be read.
struct Loaded {
    /// The text (without a byte-order mark).
    text: String,
    /// Whether the input began with a byte-order mark (kept in Markdown
    /// output so the file is unchanged outside the blocks).
    bom: bool,
    /// The Mermaid blocks of a Markdown unit.
    blocks: Vec<Block>,
}

/// What drawing one diagram gave.
struct Drawn {
    /// The picture's bytes (empty in check mode); `None` for a diagram of
    /// a family not drawn yet, whose Markdown block is kept as it is.
    picture: Option<Vec<u8>>,
    /// The layout JSON, when asked for.
    layout_json: Option<Vec<u8>>,
    /// Alt text for an image link.
    alt: Option<String>,
}

/// Reads, renders and writes every unit: exit status 0 when all
/// succeeded, 1 when any failed, 2 when outputs clash (found after reading
/// and before anything is drawn or written).
fn run(plan: &Plan, settings: &Settings) -> ExitCode {
    let max_bytes = settings.options.limits.max_input_bytes;
    let loaded: Vec<Result<Loaded, String>> = plan
        .units
        .iter()
        .map(|unit| load(unit, max_bytes))
        .collect();
    // The blocks that become pictures, as far as reading tells: a block
    // of a family not drawn yet keeps its place in the Markdown.
    let pictures: Vec<Vec<usize>> = loaded
        .iter()
        .zip(&plan.units)
        .map(|(load, unit)| match load {
            Ok(load) if unit.markdown => load
                .blocks
                .iter()
                .filter(|b| !is_kept(&b.source, settings))
                .map(|b| b.index)
                .collect(),
            Ok(load) if !unit.named && is_kept(&load.text, settings) => Vec::new(),
            Ok(_) => vec![0],
            Err(_) => Vec::new(),
        })
        .collect();
    let planned = plan.outputs(&pictures);
    if let Err(report) = plan.check_outputs(&planned, settings.in_place, settings.overwrite) {
        to_stderr(&report);
        return ExitCode::from(2);
    }
    let mut tasks = Vec::new();
    for (i, load) in loaded.iter().enumerate() {
        if let Ok(load) = load {
            match &plan.units[i] {
                Unit {
                    output: Output::Copy { .. },
                    ..
                } => {}
                Unit { markdown: true, .. } => tasks.extend(load.blocks.iter().map(|block| Task {
                    unit: i,
                    block: Some(block),
                    source: &block.source,
                })),
                _ => tasks.push(Task {
                    unit: i,
                    block: None,
                    source: &load.text,
                }),
            }
        }
    }
    let results = cli::work::map(&tasks, settings.jobs, !settings.quiet, |task| {
        let unit = &plan.units[task.unit];
        let text = loaded[task.unit].as_ref().map_or("", |l| l.text.as_str());
        draw(unit, task, text, plan.format, settings)
    });

    let mut failed = 0;
    let mut results = results.into_iter().zip(&tasks).peekable();
    let diagrams = plan
        .units
        .iter()
        .filter(|u| !matches!(u.output, Output::Copy { .. }))
        .count();
    for (i, unit) in plan.units.iter().enumerate() {
        let mut drawn = Vec::new();
        let mut ok = true;
        let load = match &loaded[i] {
            Ok(load) => load,
            Err(report) => {
                to_stderr(report);
                failed += 1;
                continue;
            }
        };
        while let Some((result, _)) = results.next_if(|(_, t)| t.unit == i) {
            let (outcome, messages) = result;
            if !settings.quiet || outcome.is_err() {
                to_stderr(&messages);
            }
            match outcome {
                Ok(d) => drawn.push(d),
                Err(report) => {
                    to_stderr(&report);
                    ok = false;
                }
            }
        }
        if ok {
            if let Err(report) = write_unit(unit, load, drawn, plan) {
                to_stderr(&report);
                ok = false;
            }
        }
        if !ok {
            failed += 1;
        }
    }
    if failed > 0 && diagrams > 1 {
        to_stderr(&format!("error: {failed} of {diagrams} inputs failed\n",));
    }
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Whether a Markdown block is kept as written: a diagram of a family not
/// drawn yet, with `--unsupported keep`.
fn is_kept(source: &str, settings: &Settings) -> bool {
    settings.unsupported == Unsupported::Keep
        && mermaid_render::detect(source).is_some_and(|d| !d.kind.is_supported())
}

/// A limit error's hint, naming the command-line flag that raises it
/// instead of the library field.
fn with_flag_hint(error: &ParseError) -> ParseError {
    use mermaid_render::Limit;
    let mut error = error.clone();
    if let Some(limit) = error.limit {
        let flag = match limit {
            Limit::InputBytes => "--max-input-bytes",
            Limit::Nodes => "--max-nodes",
            Limit::Edges => "--max-edges",
            Limit::SubgraphDepth => "--max-depth",
            Limit::LabelChars => "--max-label-chars",
        };
        error.hint = Some(format!(
            "the limit guards against runaway input; raise it with {flag} N"
        ));
    }
    error
}

/// Reads and decodes a unit's input, finding Markdown blocks.
fn load(unit: &Unit, max_bytes: usize) -> Result<Loaded, String> {
    if matches!(unit.output, Output::Copy { .. }) {
        // Copied byte for byte when written; any size, any content.
        return Ok(Loaded {
            text: String::new(),
            bom: false,
            blocks: Vec::new(),
        });
    }
    let name = unit.source.name();
    // A file over the limit is refused before it is read.
    if let Source::File(path) = &unit.source {
        if let Ok(meta) = std::fs::metadata(path) {
            if meta.len() > max_bytes as u64 {
                return Err(format!(
                    "{name}: error: the input is {} bytes, over the limit of {max_bytes} bytes\n\
                     = help: the limit guards against runaway input; raise it with --max-input-bytes N\n",
                    meta.len()
                ));
            }
        }
    }
    let bytes = read_input(&unit.source)?;
    let bom = bytes.starts_with("\u{feff}".as_bytes());
    let text = decode(&name, bytes)?;
    let blocks = if unit.markdown {
        markdown::blocks(&text)
    } else {
        Vec::new()
    };
    Ok(Loaded { text, bom, blocks })
}

/// Draws one diagram: `(outcome, warnings text)`; the outcome's `Err` is
/// the error report.
fn draw(
    unit: &Unit,
    task: &Task<'_>,
    file_text: &str,
    format: Format,
    settings: &Settings,
) -> (Result<Drawn, String>, String) {
    let name = unit.source.name();
    // Positions are reported in the file: through the block for Markdown.
    let place = |span_start: usize| match task.block {
        Some(block) => mermaid_render::line_col(file_text, block.document_offset(span_start)),
        None => mermaid_render::line_col(file_text, span_start),
    };
    let describe_parse = |e: &ParseError| {
        let e = with_flag_hint(e);
        match task.block {
            Some(block) => block.to_document(&e).display(&name, file_text),
            None => e.display(&name, file_text),
        }
    };
    let warnings_text = |warnings: &[Warning]| {
        let mut out = String::new();
        for w in warnings {
            // A finding without a place of its own is reported at its
            // Markdown block, or for the whole file.
            let at = match (w.span, task.block) {
                (Some(span), _) => Some(place(span.start)),
                (None, Some(block)) => Some(mermaid_render::line_col(file_text, block.range.start)),
                (None, None) => None,
            };
            match at {
                Some((line, col)) => {
                    out.push_str(&format!("{name}:{line}:{col}: warning: {}\n", w.message))
                }
                None => out.push_str(&format!("{name}: warning: {}\n", w.message)),
            }
        }
        out
    };

    // A diagram of a family not drawn yet: in Markdown its block stays,
    // a file found in a folder gets no picture; a diagram the user named
    // (or `--unsupported error`) fails.
    let unsupported = |u: &mermaid_render::Unsupported| {
        let error = u.error();
        let (line, col) = place(error.span.start);
        let keep = settings.unsupported == Unsupported::Keep;
        match task.block {
            Some(_) if keep => Ok((
                Drawn {
                    picture: None,
                    layout_json: None,
                    alt: None,
                },
                format!(
                    "{name}:{line}:{col}: warning: {}; the block is kept as code\n",
                    error.message
                ),
            )),
            None if keep && !unit.named => Ok((
                Drawn {
                    picture: None,
                    layout_json: None,
                    alt: None,
                },
                format!(
                    "{name}:{line}:{col}: warning: {}; no picture is written\n",
                    error.message
                ),
            )),
            _ => Err(describe_parse(&error)),
        }
    };
    let failed = |error: Error| -> (Result<Drawn, String>, String) {
        match error {
            Error::Parse(e) => {
                let mut e = e;
                if matches!(unit.source, Source::Stdin) && !markdown::blocks(file_text).is_empty() {
                    e.hint = Some("standard input is read as one diagram, and this looks like Markdown: give the Markdown file's name (doc.md) instead".into());
                }
                (Err(describe_parse(&e)), String::new())
            }
            Error::Unsupported(u) => match unsupported(&u) {
                Ok((drawn, warning)) => (Ok(drawn), warning),
                Err(report) => (Err(report), String::new()),
            },
            other => (Err(format!("{name}: error: {other}\n")), String::new()),
        }
    };

    if settings.check {
        return match mermaid_render::check(task.source, &settings.options.limits) {
            Ok(warnings) => (
                Ok(Drawn {
                    picture: Some(Vec::new()),
                    layout_json: None,
                    alt: None,
                }),
                warnings_text(&warnings),
            ),
            Err(e) => failed(e),
        };
    }

    let mut options = settings.options.clone();
    if let (Some(id), Some(block)) = (&settings.options.config.svg_id, task.block) {
        options.config.svg_id = Some(format!("{id}-{}", block.index + 1));
    }
    options.image_dir = match &unit.source {
        Source::File(path) => Some(match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        }),
        Source::Stdin => None,
    };
    let rendered = match mermaid_render::render(task.source, &options) {
        Ok(r) => r,
        Err(e) => return failed(e),
    };
    let warnings = warnings_text(&rendered.warnings);
    let layout_json = match &unit.output {
        Output::Diagram {
            layout_json: Some(_),
            ..
        } => Some(rendered.layout.to_json().into_bytes()),
        _ => None,
    };
    let picture = match format {
        Format::Svg => rendered.svg.into_bytes(),
        Format::Png => {
            let scale = settings.png_scale(rendered.layout.width, rendered.layout.height);
            match mermaid_render::svg_to_png(
                &rendered.svg,
                scale,
                settings.options.background.as_deref(),
            ) {
                Ok(png) => png,
                Err(e) => {
                    let at = task.block.map_or(String::new(), |b| {
                        let (line, col) = mermaid_render::line_col(file_text, b.range.start);
                        format!("{line}:{col}:")
                    });
                    return (Err(format!("{name}:{at} error: {e}\n")), warnings);
                }
            }
        }
        Format::Pdf => {
            match mermaid_render::svg_to_pdf(&rendered.svg, settings.options.background.as_deref())
            {
                Ok(pdf) => pdf,
                Err(e) => return (Err(format!("{name}: error: {e}\n")), warnings),
            }
        }
    };
    let alt = rendered.title.or(rendered.description);
    (
        Ok(Drawn {
            picture: Some(picture),
            layout_json,
            alt,
        }),
        warnings,
    )
}

/// Writes one unit's outputs, all or nothing; missing folders on the way
/// are made first.
fn write_unit(unit: &Unit, load: &Loaded, drawn: Vec<Drawn>, plan: &Plan) -> Result<(), String> {
    let format = plan.format;
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let mut stdout: Vec<Vec<u8>> = Vec::new();
    match &unit.output {
        Output::Check => return Ok(()),
        Output::Copy { to } => {
            let Source::File(from) = &unit.source else {
                return Ok(());
            };
            let bytes = std::fs::read(from)
                .map_err(|e| format!("error: cannot read '{}': {e}\n", from.display()))?;
            files.push((to.clone(), bytes));
        }
        Output::Diagram {
            picture,
            layout_json,
        } => {
            let Some(d) = drawn.into_iter().next() else {
                return Ok(());
            };
            for (target, bytes) in std::iter::once((Some(picture), d.picture))
                .chain(std::iter::once((layout_json.as_ref(), d.layout_json)))
            {
                match (target, bytes) {
                    (Some(Target::File(path)), Some(bytes)) => files.push((path.clone(), bytes)),
                    (Some(Target::Stdout), Some(bytes)) => stdout.push(bytes),
                    _ => {}
                }
            }
        }
        Output::Markdown { stem, markdown } => {
            // A kept block (`None`) is written back exactly as it stands.
            let mut replacements = Vec::new();
            for (block, d) in load.blocks.iter().zip(drawn) {
                let Some(picture) = d.picture else {
                    replacements.push(None);
                    continue;
                };
                let path = Unit::picture_path(stem, block.index, format);
                let file = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                replacements.push(Some(markdown::image_link(
                    d.alt.as_deref().unwrap_or("diagram"),
                    &format!("./{file}"),
                )));
                files.push((path, picture));
            }
            if let Some(md) = markdown {
                let mut text = String::new();
                if load.bom {
                    text.push('\u{feff}');
                }
                text.push_str(&markdown::replace(&load.text, &load.blocks, |k, block| {
                    match replacements.get(k) {
                        Some(Some(link)) => link.clone(),
                        _ => load.text[block.range.clone()].to_string(),
                    }
                }));
                files.push((md.clone(), text.into_bytes()));
            }
        }
    }
    for (path, _) in &files {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("error: cannot create folder '{}': {e}\n", dir.display()))?;
        }
    }
    let mut staged = Vec::new();
    for (path, bytes) in &files {
        let file = Staged::new(path, bytes)
            .map_err(|e| format!("error: cannot write '{}': {e}\n", path.display()))?;
        staged.push((path, file));
    }
    for (path, file) in staged {
        file.commit()
            .map_err(|e| format!("error: cannot write '{}': {e}\n", path.display()))?;
    }
    for bytes in stdout {
        write_stdout(&bytes)?;
    }
    Ok(())
}

/// The raw bytes of the input.
fn read_input(source: &Source) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    match source {
        Source::Stdin => io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map(|_| bytes)
            .map_err(|e| format!("error: cannot read standard input: {e}\n")),
        Source::File(path) => std::fs::read(path)
            .map_err(|e| format!("error: cannot read '{}': {e}\n", path.display())),
    }
}

/// The input as text, without a leading byte-order mark. Non-UTF-8 input is
/// an error pointing at the first bad byte.
pub fn decode(name: &str, bytes: Vec<u8>) -> Result<String, String> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        }),
        Err(err) => {
            let bytes = err.as_bytes();
            let valid = err.utf8_error().valid_up_to();
            let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
            let (line, col) = mermaid_render::line_col(prefix, prefix.len());
            let bad = bytes.get(valid).copied().unwrap_or_default();
            Err(format!(
                "{name}:{line}:{col}: error: the input is not UTF-8 text (byte 0x{bad:02X})\n\
                 = help: save the file as UTF-8\n"
            ))
        }
    }
}

/// Writes to standard output; a closed pipe ends the run quietly.
fn write_stdout(bytes: &[u8]) -> Result<(), String> {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Err(String::new()),
        Err(e) => Err(format!("error: cannot write standard output: {e}\n")),
    }
}

/// Writes to stderr, ignoring failure (there is nowhere left to report it).
/// Control characters from a diagram (an escape sequence in a label, say)
/// are shown as `\u{…}`, so a message cannot drive the terminal.
fn to_stderr(text: &str) {
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() && c != '\n' && c != '\t' {
            shown.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            shown.push(c);
        }
    }
    let _ = io::stderr().lock().write_all(shown.as_bytes());
}
