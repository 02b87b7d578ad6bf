//! From the command line to a plan: which inputs there are (files, folders
//! searched for diagrams and Markdown, or standard input), and where each
//! one's outputs go. Every usage error is found here, before anything is
//! read or written.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::args::{Args, Format};

/// Where one input comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Standard input (`-`).
    Stdin,
    /// A file, as named on the command line or found in a folder.
    File(PathBuf),
}

impl Source {
    /// The name diagnostics use: the path as given, or `<stdin>`.
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".to_string(),
            Source::File(path) => path.display().to_string(),
        }
    }
}

/// Where one output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
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

/// What one input is and what is made of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// `--check`: parse only, write nothing.
    Check,
    /// One diagram to one picture (and maybe its layout).
    Diagram {
        /// The picture.
        picture: Target,
        /// `--layout-json`.
        layout_json: Option<Target>,
    },
    /// A Markdown file: its blocks to numbered pictures `STEM-1.EXT`, …,
    /// and maybe a copy of the Markdown that links them.
    Markdown {
        /// Path of the pictures without the `-N.EXT` ending.
        stem: PathBuf,
        /// Where the rewritten Markdown goes, if anywhere.
        markdown: Option<PathBuf>,
    },
}

/// One input and its outputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Where the text comes from.
    pub source: Source,
    /// Whether the text is Markdown (else one Mermaid diagram).
    pub markdown: bool,
    /// What is written.
    pub output: Output,
}

impl Unit {
    /// The path of picture `index` (from 0) of a Markdown unit.
    pub fn picture_path(stem: &Path, index: usize, format: Format) -> PathBuf {
        let mut name = stem.file_name().unwrap_or_default().to_os_string();
        name.push(format!("-{}.{}", index + 1, format.extension()));
        stem.with_file_name(name)
    }
}

/// The whole run.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The inputs in the order they are reported.
    pub units: Vec<Unit>,
    /// Picture format.
    pub format: Format,
    /// Whether missing output folders are created (output to a folder);
    /// a single named output file needs its folder to exist.
    pub make_folders: bool,
}

/// Whether `path` names a Markdown file (by extension).
fn is_markdown(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("md" | "markdown")
    )
}

/// Whether a file found in a folder is one we read.
fn is_wanted(path: &Path) -> bool {
    is_markdown(path)
        || matches!(
            path.extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
                .as_deref(),
            Some("mmd" | "mermaid")
        )
}

/// The files under `dir` that hold diagrams, sorted by path, without hidden
/// entries; symbolic links to folders are not followed (no cycles).
fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries =
        fs::read_dir(dir).map_err(|e| format!("cannot read folder '{}': {e}", dir.display()))?;
    let mut paths: Vec<(PathBuf, bool)> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read folder '{}': {e}", dir.display()))?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        paths.push((entry.path(), is_dir));
    }
    paths.sort();
    for (path, is_dir) in paths {
        if is_dir {
            walk(&path, found)?;
        } else if is_wanted(&path) {
            found.push(path);
        }
    }
    Ok(())
}

/// `path` with its file name's extension replaced (or added).
fn with_extension(path: &Path, ext: &str) -> PathBuf {
    path.with_extension(ext)
}

/// `path` without its extension.
fn stem_of(path: &Path) -> PathBuf {
    path.with_extension("")
}

/// The format an output name implies, or a usage error when it contradicts
/// `--format`.
fn format_for(
    asked: Option<Format>,
    output: Option<&Path>,
    markdown: bool,
) -> Result<Format, String> {
    let ext = output
        .filter(|p| *p != Path::new("-"))
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let implied = ext.as_deref().and_then(Format::from_extension);
    match (asked, implied, output) {
        (Some(a), Some(i), Some(path)) if a != i => Err(format!(
            "--format {} contradicts the output name '{}'",
            a.extension(),
            path.display()
        )),
        (Some(a), _, _) => Ok(a),
        (None, Some(i), _) => Ok(i),
        (None, None, Some(path))
            if path != Path::new("-")
                && !(markdown && matches!(ext.as_deref(), Some("md" | "markdown"))) =>
        {
            Err(format!(
                "cannot tell the output format from '{}': name it .svg, .png or .pdf, or give --format",
                path.display()
            ))
        }
        (None, None, _) => Ok(Format::Svg),
    }
}

impl Plan {
    /// Resolves inputs, outputs and format; `Err` is a usage error.
    pub fn from_args(args: &Args) -> Result<Plan, String> {
        let inputs = args.input_paths();
        if inputs.is_empty() {
            return Err("give the diagram or Markdown file to read as INPUT or --input".into());
        }
        let stdin = inputs.iter().any(|p| p == Path::new("-"));
        if stdin && inputs.len() > 1 {
            return Err("standard input (`-`) cannot be combined with other inputs".into());
        }
        let folder_input = inputs.iter().any(|p| p.is_dir());
        let output = args.output.as_deref();
        let output_is_folder = output.is_some_and(|o| {
            o != Path::new("-")
                && (o.is_dir() || o.as_os_str().to_string_lossy().ends_with(['/', '\\']))
        });
        let many = inputs.len() > 1 || folder_input || output_is_folder;

        if args.check {
            let units = gather(&inputs)?
                .into_iter()
                .map(|(source, _)| Unit {
                    markdown: matches!(&source, Source::File(p) if is_markdown(p)),
                    source,
                    output: Output::Check,
                })
                .collect();
            return Ok(Plan {
                units,
                format: args.format.unwrap_or(Format::Svg),
                make_folders: false,
            });
        }

        if many {
            if output == Some(Path::new("-")) {
                return Err(
                    "several inputs cannot all go to standard output; give -o FOLDER".into(),
                );
            }
            if args.layout_json.is_some() {
                return Err("--layout-json works with a single diagram input only".into());
            }
            let format = args.format.unwrap_or(Format::Svg);
            let mut units = Vec::new();
            for (source, rel) in gather(&inputs)? {
                let Source::File(path) = &source else {
                    continue;
                };
                let base = match output {
                    Some(dir) => dir.join(&rel),
                    None => path.clone(),
                };
                let unit = if is_markdown(path) {
                    let markdown = output.map(|_| base.clone());
                    Unit {
                        source: source.clone(),
                        markdown: true,
                        output: Output::Markdown {
                            stem: stem_of(&base),
                            markdown,
                        },
                    }
                } else {
                    Unit {
                        source: source.clone(),
                        markdown: false,
                        output: Output::Diagram {
                            picture: Target::File(with_extension(&base, format.extension())),
                            layout_json: None,
                        },
                    }
                };
                units.push(unit);
            }
            let plan = Plan {
                units,
                format,
                make_folders: true,
            };
            plan.check_outputs(args.in_place)?;
            return Ok(plan);
        }

        // One file (or standard input) to one named output.
        let input = &inputs[0];
        let source = if input == Path::new("-") {
            Source::Stdin
        } else {
            Source::File(input.clone())
        };
        let markdown = matches!(&source, Source::File(p) if is_markdown(p));
        let format = format_for(args.format, output, markdown)?;
        let unit = if markdown {
            let path = input;
            match output {
                Some(o) if o == Path::new("-") => {
                    return Err(
                        "Markdown input needs an output file (-o OUT.md), not standard output"
                            .into(),
                    )
                }
                Some(_) if args.layout_json.is_some() => {
                    return Err("--layout-json works with a single diagram input only".into())
                }
                Some(o) if is_markdown(o) => Unit {
                    source,
                    markdown: true,
                    output: Output::Markdown {
                        stem: stem_of(o),
                        markdown: Some(o.to_path_buf()),
                    },
                },
                Some(o) => Unit {
                    source,
                    markdown: true,
                    output: Output::Markdown {
                        stem: stem_of(o),
                        markdown: None,
                    },
                },
                None => Unit {
                    source,
                    markdown: true,
                    output: Output::Markdown {
                        stem: stem_of(path),
                        markdown: None,
                    },
                },
            }
        } else {
            let picture = match (output, &source) {
                (Some(o), _) => Target::from_arg(o),
                (None, Source::Stdin) => Target::Stdout,
                (None, Source::File(path)) => {
                    let derived = with_extension(path, format.extension());
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
                if *json == picture {
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
            Unit {
                source,
                markdown: false,
                output: Output::Diagram {
                    picture,
                    layout_json,
                },
            }
        };
        let plan = Plan {
            units: vec![unit],
            format,
            make_folders: false,
        };
        plan.check_outputs(args.in_place)?;
        Ok(plan)
    }

    /// No two inputs write the same file, and no output replaces an input
    /// (a Markdown file only with `--in-place`).
    fn check_outputs(&self, in_place: bool) -> Result<(), String> {
        let key = |p: &Path| fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        let inputs: BTreeMap<PathBuf, &Path> = self
            .units
            .iter()
            .filter_map(|u| match &u.source {
                Source::File(p) => Some((key(p), p.as_path())),
                Source::Stdin => None,
            })
            .collect();
        let mut written: BTreeMap<PathBuf, &Path> = BTreeMap::new();
        for unit in &self.units {
            let mut outs: Vec<(&Path, bool)> = Vec::new();
            match &unit.output {
                Output::Diagram {
                    picture: Target::File(p),
                    ..
                } => outs.push((p, false)),
                Output::Markdown {
                    markdown: Some(p), ..
                } => outs.push((p, true)),
                _ => {}
            }
            for (path, is_md) in outs {
                let k = key(path);
                if let Some(input) = inputs.get(&k) {
                    let own = matches!(&unit.source, Source::File(p) if key(p) == k);
                    if !(is_md && own && in_place) {
                        return Err(format!(
                            "'{}' would overwrite the input '{}'{}",
                            path.display(),
                            input.display(),
                            if is_md && own {
                                "; give --in-place to rewrite the Markdown file itself"
                            } else {
                                ""
                            }
                        ));
                    }
                }
                if let Some(other) = written.insert(k, path) {
                    return Err(format!("two inputs would both write '{}'", other.display()));
                }
            }
        }
        Ok(())
    }
}

/// The input files with their output paths relative to the output folder:
/// a file named directly keeps its file name, a file found in a folder its
/// path below that folder.
fn gather(inputs: &[PathBuf]) -> Result<Vec<(Source, PathBuf)>, String> {
    let mut out = Vec::new();
    for input in inputs {
        if input == Path::new("-") {
            out.push((Source::Stdin, PathBuf::new()));
        } else if input.is_dir() {
            let mut found = Vec::new();
            walk(input, &mut found)?;
            for path in found {
                let rel = path.strip_prefix(input).unwrap_or(&path).to_path_buf();
                out.push((Source::File(path), rel));
            }
        } else {
            let rel = input.file_name().map(PathBuf::from).unwrap_or_default();
            out.push((Source::File(input.clone()), rel));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picture_paths_are_numbered_from_one() {
        assert_eq!(
            Unit::picture_path(Path::new("out/doc"), 0, Format::Svg),
            PathBuf::from("out/doc-1.svg")
        );
        assert_eq!(
            Unit::picture_path(Path::new("a.b"), 11, Format::Png),
            PathBuf::from("a.b-12.png")
        );
    }

    #[test]
    fn markdown_outputs_need_no_format() {
        assert_eq!(
            format_for(None, Some(Path::new("x.md")), true),
            Ok(Format::Svg)
        );
        assert_eq!(
            format_for(None, Some(Path::new("x.png")), true),
            Ok(Format::Png)
        );
        assert!(format_for(None, Some(Path::new("x.md")), false).is_err());
        assert!(format_for(Some(Format::Svg), Some(Path::new("x.png")), true).is_err());
    }
}
