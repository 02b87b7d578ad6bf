//! `mermaid-render`: the command line front end. Reads a Mermaid flowchart,
//! renders it with the library and writes SVG or PNG (and, on request, the
//! layout as JSON).
//!
//! Exit status: 0 on success; 1 for a diagram error, an unreadable input or
//! an unwritable output; 2 for a wrong command line. Every file is written
//! all-or-nothing (see `cli::atomic`), and nothing is written unless the
//! whole run succeeds.
#![forbid(unsafe_code)]

mod cli {
    pub mod args;
    pub mod atomic;
}

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser};
use mermaid_render::{Error, Options};

use cli::args::{Args, Format};
use cli::atomic::Staged;

/// Where the diagram comes from.
#[derive(Debug, Clone, PartialEq)]
enum Source {
    /// Standard input (`-`).
    Stdin,
    /// A file, as named on the command line.
    File(PathBuf),
}

impl Source {
    /// The name diagnostics use: the path as given, or `<stdin>`.
    fn name(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".to_string(),
            Source::File(path) => path.display().to_string(),
        }
    }
}

/// Where one output goes.
#[derive(Debug, Clone, PartialEq)]
enum Target {
    /// Standard output (`-`).
    Stdout,
    /// A file, replaced atomically.
    File(PathBuf),
}

impl Target {
    /// `-` for standard output, a file otherwise.
    fn from_arg(path: &Path) -> Target {
        if path == Path::new("-") {
            Target::Stdout
        } else {
            Target::File(path.to_path_buf())
        }
    }
}

/// The command line, checked and with every default filled in.
#[derive(Debug)]
struct Plan {
    input: Source,
    output: Target,
    format: Format,
    layout_json: Option<Target>,
    options: Options,
    quiet: bool,
}

impl Plan {
    /// Resolves output path and format; `Err` is a usage error.
    fn from_args(args: Args) -> Result<Plan, String> {
        let input = match args.input_path() {
            Some(path) if path == Path::new("-") => Source::Stdin,
            Some(path) => Source::File(path.clone()),
            None => return Err("give the diagram to read as INPUT or --input".to_string()),
        };
        let output = args.output.as_deref().map(Target::from_arg);
        let from_extension = match &output {
            Some(Target::File(path)) => path
                .extension()
                .and_then(|e| e.to_str())
                .and_then(Format::from_extension),
            _ => None,
        };
        let format = match (args.format, from_extension, &output) {
            (Some(asked), Some(implied), Some(Target::File(path))) if asked != implied => {
                return Err(format!(
                    "--format {} contradicts the output name '{}'",
                    asked.extension(),
                    path.display()
                ))
            }
            (Some(asked), _, _) => asked,
            (None, Some(implied), _) => implied,
            (None, None, Some(Target::File(path))) => {
                return Err(format!(
                "cannot tell the output format from '{}': name it .svg or .png, or give --format",
                path.display()
            ))
            }
            (None, None, _) => Format::Svg,
        };
        let output = match (output, &input) {
            (Some(target), _) => target,
            (None, Source::Stdin) => Target::Stdout,
            (None, Source::File(path)) => {
                let derived = path.with_extension(format.extension());
                if derived == *path {
                    return Err(format!(
                        "the default output '{}' would overwrite the input; give -o OUTPUT",
                        derived.display()
                    ));
                }
                Target::File(derived)
            }
        };
        let layout_json = args.layout_json.as_deref().map(Target::from_arg);
        if let Some(json) = &layout_json {
            if *json == output {
                return Err(match json {
                    Target::Stdout => {
                        "the picture and --layout-json cannot both go to standard output"
                            .to_string()
                    }
                    Target::File(path) => format!(
                        "the picture and --layout-json would both write '{}'",
                        path.display()
                    ),
                });
            }
        }
        let background = if args.background.eq_ignore_ascii_case("transparent") {
            None
        } else {
            Some(args.background)
        };
        // Local pictures (`@{ img: "pic.png" }`) come only from the input
        // file's own folder.
        let image_dir = match &input {
            Source::File(path) => path
                .parent()
                .map(|p| {
                    if p.as_os_str().is_empty() {
                        Path::new(".")
                    } else {
                        p
                    }
                })
                .map(Path::to_path_buf),
            Source::Stdin => None,
        };
        let mut options = Options {
            scale: args.scale,
            background,
            image_dir,
            ..Options::default()
        };
        options.config.theme = args.theme;
        Ok(Plan {
            input,
            output,
            format,
            layout_json,
            options,
            quiet: args.quiet,
        })
    }
}

fn main() -> ExitCode {
    // Help and version exit 0, usage errors exit 2 (clap's convention).
    let args = Args::try_parse().unwrap_or_else(|e| e.exit());
    let plan = match Plan::from_args(args) {
        Ok(plan) => plan,
        Err(message) => Args::command()
            .error(ErrorKind::ArgumentConflict, message)
            .exit(),
    };
    match run(&plan) {
        Ok(()) => ExitCode::SUCCESS,
        Err(report) => {
            to_stderr(&report);
            ExitCode::FAILURE
        }
    }
}

/// Reads, renders and writes; `Err` holds the complete text for stderr.
fn run(plan: &Plan) -> Result<(), String> {
    let name = plan.input.name();
    let bytes = read_input(&plan.input)?;
    let source = decode(&name, bytes)?;

    let rendered =
        mermaid_render::render(&source, &plan.options).map_err(|e| describe(&e, &name, &source))?;
    if !plan.quiet {
        for warning in &rendered.warnings {
            let (line, col) = mermaid_render::line_col(&source, warning.span.start);
            to_stderr(&format!(
                "{name}:{line}:{col}: warning: {}\n",
                warning.message
            ));
        }
    }

    // Everything is produced before anything is written.
    let layout_json = plan
        .layout_json
        .as_ref()
        .map(|target| (target, rendered.layout.to_json().into_bytes()));
    let picture = match plan.format {
        Format::Svg => rendered.svg.into_bytes(),
        Format::Png => mermaid_render::render::png::render(
            &rendered.svg,
            plan.options.scale,
            plan.options.background.as_deref(),
        )
        .map_err(|e| describe(&e, &name, &source))?,
    };

    let outputs: Vec<(&Target, Vec<u8>)> = std::iter::once((&plan.output, picture))
        .chain(layout_json)
        .collect();
    let mut staged = Vec::new();
    for (target, bytes) in &outputs {
        if let Target::File(path) = target {
            let file = Staged::new(path, bytes)
                .map_err(|e| format!("error: cannot write '{}': {e}\n", path.display()))?;
            staged.push((path, file));
        }
    }
    for (path, file) in staged {
        file.commit()
            .map_err(|e| format!("error: cannot write '{}': {e}\n", path.display()))?;
    }
    for (target, bytes) in &outputs {
        if **target == Target::Stdout {
            write_stdout(bytes)?;
        }
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
fn decode(name: &str, bytes: Vec<u8>) -> Result<String, String> {
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

/// The stderr text for a library error.
fn describe(error: &Error, name: &str, source: &str) -> String {
    match error {
        Error::Parse(parse) => parse.display(name, source),
        other => format!("{name}: error: {other}\n"),
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
fn to_stderr(text: &str) {
    let _ = io::stderr().lock().write_all(text.as_bytes());
}
