//! The pictures committed in `samples/` are what the current code draws.
//!
//! For every `samples/NAME.mmd` (and `samples/sequence/NAME.mmd`, `samples/state/NAME.mmd`, `samples/class/NAME.mmd`, `samples/er/NAME.mmd`, `samples/pie/NAME.mmd`, `samples/timeline/NAME.mmd`, `samples/journey/NAME.mmd`) the binary renders `NAME.svg` and `NAME.png`
//! (default options) and compares them byte for byte with the committed
//! files. On a mismatch the fresh output is written beside the committed one
//! as `NAME.new.svg` / `NAME.new.png` for inspection, and the test fails.
//!
//! To accept the current output (after a deliberate change), regenerate:
//!
//! ```text
//! MERMAID_RENDER_BLESS=1 cargo test --test integration samples
//! ```

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_mermaid-render");
const REGENERATE: &str = "MERMAID_RENDER_BLESS=1 cargo test --test integration samples";

fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// Every `samples/*.mmd` and `samples/<family>/*.mmd`, sorted by path.
fn sources() -> Vec<PathBuf> {
    let mut sources: Vec<PathBuf> = [
        samples_dir(),
        samples_dir().join("sequence"),
        samples_dir().join("state"),
        samples_dir().join("class"),
        samples_dir().join("er"),
        samples_dir().join("pie"),
        samples_dir().join("timeline"),
        samples_dir().join("journey"),
    ]
    .iter()
    .flat_map(|dir| fs::read_dir(dir).expect("a samples folder is missing"))
    .map(|e| e.unwrap().path())
    .filter(|p| p.extension().is_some_and(|e| e == "mmd"))
    .collect();
    sources.sort();
    sources
}

fn bless() -> bool {
    std::env::var_os("MERMAID_RENDER_BLESS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// What `mermaid-render SOURCE -o - --format FORMAT` writes.
fn render(source: &Path, format: &str) -> Vec<u8> {
    let out = Command::new(BIN)
        .arg(source)
        .args(["-o", "-", "--format", format, "--quiet"])
        .output()
        .expect("cannot start mermaid-render");
    assert!(
        out.status.success(),
        "{} does not render to {format}:\n{}",
        source.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn committed_samples_match_current_output() {
    let sources = sources();
    assert!(
        sources.len() >= 6,
        "expected samples/seed-01.mmd … seed-06.mmd"
    );
    let mut stale = Vec::new();
    for source in &sources {
        for format in ["svg", "png"] {
            let committed = source.with_extension(format);
            let fresh_path = source.with_extension(format!("new.{format}"));
            let fresh = render(source, format);
            if fs::read(&committed).ok().as_deref() == Some(fresh.as_slice()) {
                let _ = fs::remove_file(&fresh_path);
            } else if bless() {
                fs::write(&committed, &fresh).unwrap();
                let _ = fs::remove_file(&fresh_path);
                eprintln!("regenerated {}", committed.display());
            } else {
                fs::write(&fresh_path, &fresh).unwrap();
                let why = if committed.exists() {
                    "differs"
                } else {
                    "is missing"
                };
                stale.push(format!(
                    "  {} {why}; current output in {}",
                    committed.display(),
                    fresh_path.display()
                ));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "committed samples are stale:\n{}\nIf the change is intended, regenerate them with\n  {REGENERATE}",
        stale.join("\n")
    );
}

/// The seed diagrams are the ones in `../shared/samples`, byte for byte.
#[test]
fn seed_sources_are_the_shared_ones() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/samples");
    if !shared.is_dir() {
        // CI has ../shared beside the clone and sets this; there, absence is a fault.
        assert!(
            std::env::var_os("MERMAID_RENDER_REQUIRE_CORPUS")
                .is_none_or(|v| v.is_empty() || v == "0"),
            "{} is absent and MERMAID_RENDER_REQUIRE_CORPUS is set",
            shared.display()
        );
        eprintln!(
            "SKIPPED: {} is absent; seed sources not compared",
            shared.display()
        );
        return;
    }
    for i in 1..=6 {
        let name = format!("seed-0{i}.mmd");
        let ours = fs::read(samples_dir().join(&name));
        let theirs = fs::read(shared.join(&name));
        assert!(
            ours.is_ok() && ours.as_ref().ok() == theirs.as_ref().ok(),
            "samples/{name} differs from ../shared/samples/{name}; copy it over"
        );
    }
}
