//! One test over every family folder of Mermaid's corpus
//! (`../shared/corpus/<family>/`, with `manifest.tsv` saying `ok` or
//! `error`): every case is told its family as Mermaid tells it; for a
//! family we draw, every `ok` case renders a well-formed SVG (usvg reads
//! it, no `<foreignObject>`, the same bytes twice) and every `error` case
//! fails with a span inside the source; for a family we do not draw yet,
//! every case is refused naming its family. A drawn case's layout JSON
//! also obeys the laws every family shares (no overlapping nodes, clusters
//! that hold their members only, no edge through a node, no label on a
//! node or another label) and is the same twice. A family that becomes
//! drawable is covered here with no change; its labels and its own laws
//! are checked by its own tests (`corpus_render.rs` for flowcharts, the
//! sequence slice's own corpus tests).
//!
//! Cases treated differently on purpose are listed, with their reasons, in
//! `tests/corpus-exceptions/<family>.md`. Without the corpus the test says
//! SKIPPED loudly, unless `MERMAID_RENDER_REQUIRE_CORPUS=1`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use mermaid_render::{render, Error, Kind, Options};

/// The folder of Mermaid's cases for each family, and the family.
const FAMILIES: &[(&str, Kind)] = &[
    ("architecture", Kind::Architecture),
    ("block", Kind::Block),
    ("c4", Kind::C4),
    ("class", Kind::Class),
    ("er", Kind::Er),
    ("flowchart", Kind::Flowchart),
    ("gantt", Kind::Gantt),
    ("gitGraph", Kind::GitGraph),
    ("journey", Kind::Journey),
    ("kanban", Kind::Kanban),
    ("mindmap", Kind::Mindmap),
    ("packet", Kind::Packet),
    ("pie", Kind::Pie),
    ("quadrantChart", Kind::QuadrantChart),
    ("radar", Kind::Radar),
    ("requirement", Kind::Requirement),
    ("sankey", Kind::Sankey),
    ("sequence", Kind::Sequence),
    ("state", Kind::State),
    ("timeline", Kind::Timeline),
    ("treemap", Kind::Treemap),
    ("xychart", Kind::XyChart),
];

/// The corpus root, beside the crate (or `MERMAID_RENDER_CORPUS`'s parent).
fn corpus_root() -> PathBuf {
    match std::env::var_os("MERMAID_RENDER_CORPUS") {
        Some(dir) => PathBuf::from(dir).join(".."),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
    }
}

/// The case names listed in `tests/corpus-exceptions/<family>.md` (first
/// column of its table).
fn exceptions(family: &str) -> BTreeSet<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus-exceptions")
        .join(format!("{family}.md"));
    let Ok(text) = fs::read_to_string(path) else {
        return BTreeSet::new();
    };
    text.lines()
        .filter(|l| l.trim_start().starts_with('|'))
        .filter_map(|l| l.trim().trim_matches('|').split('|').next())
        .map(|c| c.trim().trim_matches('`').to_string())
        .filter(|c| !c.is_empty() && c != "case" && !c.starts_with("---"))
        .collect()
}

/// What is wrong with one case, if anything.
fn check(source: &str, expect_ok: bool, kind: Kind) -> Result<(), String> {
    match mermaid_render::detect(source) {
        Some(d) if d.kind == kind => {}
        // Mermaid itself may reject a case before telling its family.
        _ if !expect_ok => {}
        other => return Err(format!("told {other:?}")),
    }
    let options = Options::default();
    match (render(source, &options), expect_ok) {
        (Ok(first), true) => {
            mermaid_render::check_svg(&first.svg).map_err(|e| format!("usvg: {e}"))?;
            if first.svg.contains("foreignObject") {
                return Err("has a foreignObject".into());
            }
            let second = render(source, &options).map_err(|e| e.to_string())?;
            if second.svg != first.svg {
                return Err("different bytes on the second render".into());
            }
            if let Some(fault) = crate::common::family_faults(&first.layout).first() {
                return Err(format!("layout: {fault}"));
            }
            if first.layout.to_json() != second.layout.to_json() {
                return Err("different layout JSON on the second render".into());
            }
            Ok(())
        }
        (Err(Error::Unsupported(u)), _) if !kind.is_supported() => {
            if u.kind != kind || !u.error().message.contains(&u.keyword) {
                return Err(format!("refused as {:?} ({})", u.kind, u.error().message));
            }
            Ok(())
        }
        (Err(Error::Parse(e)), false) => {
            if e.span.start <= e.span.end && e.span.end <= source.len() {
                // Printing it must work too (line, column, caret).
                let shown = e.display("case.mmd", source);
                if shown.starts_with("case.mmd:") {
                    return Ok(());
                }
                return Err(format!("printed as {shown:?}"));
            }
            Err(format!("error span {:?} outside the source", e.span))
        }
        (Ok(_), false) if !kind.is_supported() => Err("drawn, but not supported".into()),
        (Ok(_), false) => Err("drawn, but Mermaid rejects it".into()),
        (Err(e), _) => Err(e.to_string()),
    }
}

#[test]
fn every_family_of_the_corpus_behaves_as_mermaid_says() {
    let root = corpus_root();
    if !root.join("flowchart/manifest.tsv").is_file() {
        if std::env::var("MERMAID_RENDER_REQUIRE_CORPUS").as_deref() == Ok("1") {
            panic!("corpus not found at {}", root.display());
        }
        eprintln!("SKIPPED: corpus not found at {}", root.display());
        return;
    }
    let mut failures = Vec::new();
    let mut stale = Vec::new();
    let mut cases = 0;
    for (family, kind) in FAMILIES {
        let dir = root.join(family);
        let manifest = fs::read_to_string(dir.join("manifest.tsv"))
            .unwrap_or_else(|e| panic!("{family}/manifest.tsv: {e}"));
        let excepted = exceptions(family);
        let (mut ok, mut total) = (0, 0);
        for line in manifest.lines().skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            let (name, expect_ok) = match cols.as_slice() {
                [name, _, "ok", ..] => (*name, true),
                [name, _, "error", ..] => (*name, false),
                _ => continue,
            };
            let source = fs::read_to_string(dir.join(format!("{name}.mmd")))
                .unwrap_or_else(|e| panic!("{family}/{name}.mmd: {e}"));
            total += 1;
            match check(&source, expect_ok, *kind) {
                Ok(()) => {
                    ok += 1;
                    if excepted.contains(name) {
                        stale.push(format!("{family}/{name}"));
                    }
                }
                Err(why) if !excepted.contains(name) => {
                    failures.push(format!("{family}/{name}: {why}"))
                }
                Err(_) => {}
            }
        }
        let what = if kind.is_supported() {
            "drawn"
        } else {
            "kept (not drawn yet)"
        };
        eprintln!("corpus {family}: {ok}/{total} as Mermaid says, {what}");
        cases += total;
    }
    assert!(cases > 3000, "only {cases} cases seen");
    assert!(
        stale.is_empty(),
        "listed as exceptions but passing now (remove them): {stale:?}"
    );
    assert!(
        failures.is_empty(),
        "{} case(s) fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Cases where an edge still runs along a frame: each enters a cluster
/// under a title that fills the frame's top, so the title cannot step
/// aside, and the detour round the title's end runs just under the frame
/// before it turns back into the node. A case that no longer does fails
/// the test below (remove it here then).
const BORDER_RUNS_KNOWN: &[&str] = &[
    "class/cypress-classdiagram-v2-020",
    "class/docs-020",
    "flowchart/cypress-v2-018",
    "state/cypress-statediagram-v2-038",
];

/// No edge runs along a side of a cluster's frame (the border-run law of
/// `common::border_runs`) in any drawn case of the graph families.
#[test]
fn no_edge_runs_along_a_cluster_frame() {
    let root = corpus_root();
    if !root.join("flowchart/manifest.tsv").is_file() {
        if std::env::var("MERMAID_RENDER_REQUIRE_CORPUS").as_deref() == Ok("1") {
            panic!("corpus not found at {}", root.display());
        }
        eprintln!("SKIPPED: corpus not found at {}", root.display());
        return;
    }
    let (mut runs, mut stale, mut seen) = (Vec::new(), Vec::new(), 0);
    for family in ["flowchart", "class", "state", "er"] {
        let dir = root.join(family);
        let manifest = fs::read_to_string(dir.join("manifest.tsv"))
            .unwrap_or_else(|e| panic!("{family}/manifest.tsv: {e}"));
        for line in manifest.lines().skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            let [name, _, "ok", ..] = cols.as_slice() else {
                continue;
            };
            let case = format!("{family}/{name}");
            let source = fs::read_to_string(dir.join(format!("{name}.mmd")))
                .unwrap_or_else(|e| panic!("{case}.mmd: {e}"));
            let Ok(drawn) = render(&source, &Options::default()) else {
                continue;
            };
            seen += 1;
            let faults = crate::common::border_runs(&drawn.layout);
            match (faults.first(), BORDER_RUNS_KNOWN.contains(&case.as_str())) {
                (Some(f), false) => runs.push(format!("{case}: {f}")),
                (None, true) => stale.push(case),
                _ => {}
            }
        }
    }
    assert!(seen > 2000, "only {seen} cases drawn");
    assert!(
        stale.is_empty(),
        "no border run any more (remove them): {stale:?}"
    );
    assert!(
        runs.is_empty(),
        "{} case(s):\n{}",
        runs.len(),
        runs.join("\n")
    );
}
