//! PDF output: a valid one-page document per diagram, the same bytes every
//! time, with its text kept as text (an embedded font whose glyphs map back
//! to the label characters).

use std::path::Path;

use mermaid_render::{render_pdf, Options};

use crate::common::cli::{run, s, Scratch};

fn seed(i: usize) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("samples/seed-0{i}.mmd"));
    std::fs::read_to_string(path).unwrap()
}

/// Every stream of the PDF, inflated where it is compressed.
fn streams(pdf: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(k) = find(&pdf[at..], b"stream\n") {
        let start = at + k + b"stream\n".len();
        let Some(len) = find(&pdf[start..], b"\nendstream") else {
            break;
        };
        let data = &pdf[start..start + len];
        let dict_start = pdf[..at + k]
            .windows(2)
            .rposition(|w| w == b"<<")
            .unwrap_or(0);
        let dict = &pdf[dict_start..at + k];
        if find(dict, b"/FlateDecode").is_some() {
            match miniz_oxide::inflate::decompress_to_vec_zlib(data) {
                Ok(inflated) => out.push(inflated),
                Err(e) => panic!("a stream does not inflate: {:?}", e.status),
            }
        } else {
            out.push(data.to_vec());
        }
        at = start + len + b"\nendstream".len();
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn every_seed_becomes_a_one_page_pdf_with_text() {
    for i in 1..=6 {
        let source = seed(i);
        let pdf = render_pdf(&source, &Options::default()).unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "seed {i}: not a PDF");
        assert!(
            pdf.trim_ascii_end().ends_with(b"%%EOF"),
            "seed {i}: truncated"
        );
        assert_eq!(
            pdf.windows(b"/Type /Page\n".len())
                .filter(|w| *w == b"/Type /Page\n")
                .count()
                + pdf
                    .windows(b"/Type /Page/".len())
                    .filter(|w| *w == b"/Type /Page/")
                    .count(),
            1,
            "seed {i}: one page"
        );
        assert!(
            find(&pdf, b"/FontFile2").is_some(),
            "seed {i}: font embedded"
        );
        // Text operators draw the glyphs (not outlines).
        let all: Vec<u8> = streams(&pdf).concat();
        assert!(find(&all, b" Tj").is_some(), "seed {i}: no text operators");
        // The ToUnicode map covers the label characters: the first
        // diagram's Hangul, as UTF-16 hex.
        if i == 1 {
            let text = String::from_utf8_lossy(&all).to_uppercase();
            for c in "단일장애점".chars() {
                let hex = format!("{:04X}", c as u32);
                assert!(text.contains(&hex), "seed 1: no ToUnicode entry for {c}");
            }
        }
        assert_eq!(
            pdf,
            render_pdf(&source, &Options::default()).unwrap(),
            "seed {i}: not deterministic"
        );
    }
}

#[test]
fn the_page_has_the_diagram_size_in_points() {
    let source = "graph LR\n  A --> B\n";
    let rendered = mermaid_render::render(source, &Options::default()).unwrap();
    let pdf = render_pdf(source, &Options::default()).unwrap();
    let text = String::from_utf8_lossy(&pdf);
    let at = text.find("/MediaBox [").expect("media box");
    let nums: Vec<f32> = text[at + 11..]
        .split(']')
        .next()
        .unwrap()
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    assert_eq!(nums.len(), 4);
    assert!(
        (nums[2] - rendered.layout.width * 0.75).abs() < 0.5,
        "{nums:?}"
    );
    assert!(
        (nums[3] - rendered.layout.height * 0.75).abs() < 0.5,
        "{nums:?}"
    );
}

#[test]
fn the_command_line_writes_pdf_from_the_extension() {
    let dir = Scratch::new("pdf");
    let input = dir.file("d.mmd", "graph TD\n  A[Start] --> B{OK?}\n");
    run(&[s(&input), "-o", s(&dir.path("d.pdf"))], None).assert_code(0);
    let pdf = std::fs::read(dir.path("d.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    run(&[s(&input), "-e", "pdf"], None).assert_code(0);
    assert_eq!(std::fs::read(dir.path("d.pdf")).unwrap(), pdf);
}

#[test]
fn latin_hangul_and_italic_text_embed_their_own_faces() {
    let pdf = render_pdf(
        "flowchart LR\n  A[\"DB\\Server 한국어\"] --> B[\"`*italic* **bold**`\"]",
        &Options::default(),
    )
    .unwrap();
    for face in [
        "LiberationSans",
        "LiberationSansItalic",
        "LiberationSansBold",
        "NanumGothic",
    ] {
        // Subset names are `/ABCDEF+Name` at the end of a line.
        let name = format!("+{face}\n");
        assert!(find(&pdf, name.as_bytes()).is_some(), "{face} not embedded");
    }
    // No bold NanumGothic: nothing bold is Hangul.
    assert!(find(&pdf, b"+NanumGothicBold").is_none());
}
