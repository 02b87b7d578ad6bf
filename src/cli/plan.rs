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
    /// Another file of an input folder (an image, a stylesheet), copied
    /// unchanged so the output folder is a complete tree.
    Copy {
        /// Where the copy goes.
        to: PathBuf,
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
    /// Whether the user named this input (else it was found in a folder):
    /// a named diagram of a family we cannot draw is an error, a found one
    /// is skipped with a warning.
    pub named: bool,
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
    /// Whether the one picture's path was named with `-o` (else made up
    /// from the input's name).
    pub explicit_picture: bool,
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

/// The files under `dir`, sorted by path, without hidden entries and
/// without the folder `skip` (an output folder inside the input);
/// symbolic links to folders are not followed (no cycles).
fn walk(dir: &Path, skip: Option<&Path>, found: &mut Vec<PathBuf>) -> Result<(), String> {
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
            if skip.is_some_and(|s| fs::canonicalize(&path).is_ok_and(|c| c == s)) {
                continue;
            }
            walk(&path, skip, found)?;
        } else {
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
            let units = gather(&inputs, None)?
                .into_iter()
                .filter(|found| found.wanted)
                .map(|found| Unit {
                    markdown: matches!(&found.source, Source::File(p) if is_markdown(p)),
                    source: found.source,
                    output: Output::Check,
                    named: found.named,
                })
                .collect();
            return Ok(Plan {
                units,
                format: args.format.unwrap_or(Format::Svg),
                explicit_picture: false,
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
            // Other files are copied only into an output folder, and never
            // from it (an output folder inside the input folder).
            let copy_to =
                output.map(|dir| fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf()));
            for found in gather(&inputs, copy_to.as_deref())? {
                let Found {
                    source,
                    rel,
                    named,
                    wanted,
                } = found;
                let Source::File(path) = &source else {
                    continue;
                };
                let base = match output {
                    Some(dir) => dir.join(&rel),
                    None => path.clone(),
                };
                if !wanted {
                    if output.is_some() {
                        units.push(Unit {
                            source: source.clone(),
                            markdown: false,
                            output: Output::Copy { to: base },
                            named,
                        });
                    }
                    continue;
                }
                let unit = if is_markdown(path) {
                    let markdown = output.map(|_| base.clone());
                    Unit {
                        source: source.clone(),
                        markdown: true,
                        output: Output::Markdown {
                            stem: stem_of(&base),
                            markdown,
                        },
                        named,
                    }
                } else {
                    Unit {
                        source: source.clone(),
                        markdown: false,
                        output: Output::Diagram {
                            picture: Target::File(with_extension(&base, format.extension())),
                            layout_json: None,
                        },
                        named,
                    }
                };
                units.push(unit);
            }
            drop_stale_pictures(&mut units);
            return Ok(Plan {
                units,
                format,
                explicit_picture: false,
            });
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
                    named: true,
                },
                Some(o) => Unit {
                    source,
                    markdown: true,
                    output: Output::Markdown {
                        stem: stem_of(o),
                        markdown: None,
                    },
                    named: true,
                },
                None => Unit {
                    source,
                    markdown: true,
                    output: Output::Markdown {
                        stem: stem_of(path),
                        markdown: None,
                    },
                    named: true,
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
                named: true,
            }
        };
        Ok(Plan {
            units: vec![unit],
            format,
            explicit_picture: output.is_some(),
        })
    }

    /// Every file the run will write, with what it is, given the block
    /// numbers of each Markdown unit that become pictures (`pictures[i]` for
    /// unit `i`; for a diagram unit, empty when it gets no picture).
    pub fn outputs(&self, pictures: &[Vec<usize>]) -> Vec<Planned> {
        let mut out = Vec::new();
        for (i, unit) in self.units.iter().enumerate() {
            let name = unit.source.name();
            let drawn = pictures.get(i).map_or(&[][..], Vec::as_slice);
            match &unit.output {
                Output::Check => {}
                Output::Diagram {
                    picture,
                    layout_json,
                } => {
                    if drawn.is_empty() {
                        continue;
                    }
                    if let Target::File(path) = picture {
                        out.push(Planned {
                            path: path.clone(),
                            what: format!("the picture of '{name}'"),
                            unit: i,
                            picture: true,
                            named: self.explicit_picture,
                        });
                    }
                    if let Some(Target::File(path)) = layout_json {
                        out.push(Planned {
                            path: path.clone(),
                            what: format!("the layout JSON of '{name}'"),
                            unit: i,
                            picture: false,
                            named: true,
                        });
                    }
                }
                Output::Markdown { stem, markdown } => {
                    for &k in drawn {
                        out.push(Planned {
                            path: Unit::picture_path(stem, k, self.format),
                            what: format!("picture {} of '{name}'", k + 1),
                            unit: i,
                            picture: true,
                            named: false,
                        });
                    }
                    if let Some(path) = markdown {
                        out.push(Planned {
                            path: path.clone(),
                            what: format!("the Markdown of '{name}'"),
                            unit: i,
                            picture: false,
                            named: true,
                        });
                    }
                }
                Output::Copy { to } => out.push(Planned {
                    path: to.clone(),
                    what: format!("the copy of '{name}'"),
                    unit: i,
                    picture: false,
                    named: true,
                }),
            }
        }
        out
    }

    /// Finds every clash before anything is written: two outputs on one
    /// path, an output on an input (a Markdown file on itself only with
    /// `in_place`), and a picture whose name the run made up on an existing
    /// file that is not one of our pictures (unless `overwrite`). `Err` is
    /// the report, one line per clash, naming both sides.
    pub fn check_outputs(
        &self,
        planned: &[Planned],
        in_place: bool,
        overwrite: bool,
    ) -> Result<(), String> {
        let key = |p: &Path| {
            // A file not there yet: its folder's real path and its name.
            fs::canonicalize(p).unwrap_or_else(|_| match (p.parent(), p.file_name()) {
                (Some(dir), Some(file)) if !dir.as_os_str().is_empty() => {
                    fs::canonicalize(dir).map_or_else(|_| p.to_path_buf(), |d| d.join(file))
                }
                _ => p.to_path_buf(),
            })
        };
        let inputs: BTreeMap<PathBuf, (usize, &Path)> = self
            .units
            .iter()
            .enumerate()
            .filter_map(|(i, u)| match &u.source {
                Source::File(p) => Some((key(p), (i, p.as_path()))),
                Source::Stdin => None,
            })
            .collect();
        let mut report = String::new();
        let mut seen: BTreeMap<PathBuf, &Planned> = BTreeMap::new();
        for out in planned {
            let k = key(&out.path);
            let path = out.path.display();
            if let Some(&(owner, input)) = inputs.get(&k) {
                let own_markdown = owner == out.unit && self.units[owner].markdown && !out.picture;
                if !(own_markdown && in_place) {
                    report.push_str(&format!(
                        "error: {} would overwrite the input '{}'{}\n",
                        out.what,
                        input.display(),
                        if own_markdown {
                            "; give --in-place to rewrite the Markdown file itself"
                        } else {
                            ""
                        }
                    ));
                    continue;
                }
            }
            if let Some(first) = seen.get(&k) {
                report.push_str(&format!(
                    "error: '{path}' would be written twice: as {} and as {}\n",
                    first.what, out.what
                ));
                continue;
            }
            if out.picture && !out.named && !overwrite && !is_ours_or_absent(&out.path) {
                report.push_str(&format!(
                    "error: '{path}' exists and mermaid-render did not write it; {} would replace it\n",
                    out.what
                ));
            }
            seen.insert(k, out);
        }
        if report.is_empty() {
            Ok(())
        } else {
            report.push_str("  = help: rename one of the files, give -o FOLDER for a separate output tree, or --overwrite to replace files anyway\n");
            Err(report)
        }
    }
}

/// One file the run will write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// Where.
    pub path: PathBuf,
    /// What it is, for messages: `picture 2 of 'docs/x.md'`.
    pub what: String,
    /// The unit that writes it.
    pub unit: usize,
    /// Whether it is a picture.
    pub picture: bool,
    /// Whether the user named the path (else the run made it up).
    pub named: bool,
}

/// Whether nothing is at `path` yet, or a picture this program wrote.
fn is_ours_or_absent(path: &Path) -> bool {
    use std::io::Read;
    let Ok(meta) = fs::metadata(path) else {
        return true;
    };
    if !meta.is_file() {
        // A device or pipe (`/dev/null`) is written, never replaced.
        return !meta.is_dir();
    }
    // A PDF's producer sits near its end: PDFs are read whole, up to 64 MiB.
    let pdf = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    let limit = if pdf { 64 << 20 } else { 4096 };
    let mut head = Vec::new();
    match fs::File::open(path) {
        Ok(file) => {
            let _ = file.take(limit).read_to_end(&mut head);
        }
        Err(_) => return false,
    }
    mermaid_render::is_generated(&head)
}

/// One file found among the inputs.
struct Found {
    /// The file.
    source: Source,
    /// Its path below the output folder.
    rel: PathBuf,
    /// Named on the command line (else found in a folder).
    named: bool,
    /// A diagram or Markdown file (else another file of a folder).
    wanted: bool,
}

/// The input files with their output paths relative to the output folder:
/// a file named directly keeps its file name, a file found in a folder its
/// path below that folder. Folders also give their other files (not
/// `wanted`), outside the folder `skip`.
fn gather(inputs: &[PathBuf], skip: Option<&Path>) -> Result<Vec<Found>, String> {
    let mut out = Vec::new();
    for input in inputs {
        if input == Path::new("-") {
            out.push(Found {
                source: Source::Stdin,
                rel: PathBuf::new(),
                named: true,
                wanted: true,
            });
        } else if input.is_dir() {
            let mut found = Vec::new();
            walk(input, skip, &mut found)?;
            for path in found {
                let rel = path.strip_prefix(input).unwrap_or(&path).to_path_buf();
                out.push(Found {
                    wanted: is_wanted(&path),
                    source: Source::File(path),
                    rel,
                    named: false,
                });
            }
        } else {
            let rel = input.file_name().map(PathBuf::from).unwrap_or_default();
            out.push(Found {
                source: Source::File(input.clone()),
                rel,
                named: true,
                wanted: true,
            });
        }
    }
    Ok(out)
}

/// Leaves out the copies of pictures an earlier run wrote beside an input
/// of the same folder (`x-1.svg` beside `x.md`, `y.png` beside `y.mmd`):
/// this run draws them anew.
fn drop_stale_pictures(units: &mut Vec<Unit>) {
    let inputs: std::collections::BTreeSet<PathBuf> = units
        .iter()
        .filter(|u| !matches!(u.output, Output::Copy { .. }))
        .filter_map(|u| match &u.source {
            Source::File(p) => Some(p.clone()),
            Source::Stdin => None,
        })
        .collect();
    let drawn_from_input = |path: &Path| {
        let is_picture = path
            .extension()
            .and_then(|e| e.to_str())
            .and_then(Format::from_extension)
            .is_some();
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        let (Some(stem), true) = (stem, is_picture) else {
            return false;
        };
        let beside = |name: String| inputs.contains(&path.with_file_name(name));
        let of_diagram = ["mmd", "mermaid"]
            .iter()
            .any(|ext| beside(format!("{stem}.{ext}")));
        let of_markdown = stem.rsplit_once('-').is_some_and(|(doc, n)| {
            !n.is_empty()
                && n.bytes().all(|b| b.is_ascii_digit())
                && ["md", "markdown"]
                    .iter()
                    .any(|ext| beside(format!("{doc}.{ext}")))
        });
        of_diagram || of_markdown
    };
    units.retain(|u| match (&u.output, &u.source) {
        (Output::Copy { .. }, Source::File(path)) => {
            !(drawn_from_input(path) && is_ours_or_absent(path))
        }
        _ => true,
    });
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
