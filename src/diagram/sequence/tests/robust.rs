//! Any input gives a diagram or an error inside the text, never a panic.

use super::super::parse;

/// A small deterministic generator (64-bit LCG), so failures replay.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[track_caller]
fn survives(src: &str) {
    match parse(src) {
        Ok(s) => {
            if let Err(e) = super::corpus::check_spans(&s, src) {
                panic!("{e} in {src:?}");
            }
        }
        Err(e) => {
            assert!(
                e.span.start <= e.span.end && e.span.end <= src.len(),
                "span {:?} outside {src:?}",
                e.span
            );
            // The error must be printable at its position.
            let _ = e.display("x", src);
        }
    }
}

const SAMPLE: &str = "sequenceDiagram\n  box Aqua Team\n  participant A@{ \"type\": \"queue\", \"alias\": \"Q\" } as Alice\n  actor B\n  end\n  autonumber 1.5 .25\n  create participant C\n  A->>+C: hi #quot;x#quot;<br/>y\n  loop every #59; minute\n    C--x-A: back # c\n  else\n  end\n  Note over A,B: n\n  destroy C\n  C-)A: bye; link A: W @ https://x\n  accDescr {\n a\n}\n  rect rgb(1,2,3)\n  par_over p\n  and q\n  end\n  end\n";

#[test]
fn every_prefix_of_a_rich_diagram() {
    for (i, _) in SAMPLE.char_indices() {
        survives(&SAMPLE[..i]);
        survives(&SAMPLE[i..]);
    }
}

#[test]
fn random_edits() {
    let alphabet: Vec<char> = "-<>()+:;,#%{}@\"'|/\\ \n\tax0.é".chars().collect();
    let mut rng = Lcg(7);
    for _ in 0..3000 {
        let mut s: Vec<char> = SAMPLE.chars().collect();
        for _ in 0..1 + rng.next() % 6 {
            let at = (rng.next() as usize) % (s.len() + 1);
            match rng.next() % 3 {
                0 if at < s.len() => {
                    s.remove(at);
                }
                _ => s.insert(at, alphabet[(rng.next() as usize) % alphabet.len()]),
            }
        }
        survives(&s.into_iter().collect::<String>());
    }
}

#[test]
fn large_input_is_linear_enough() {
    // 200k messages and one very long line: finishes (no quadratic blow-up
    // would make this test time out in CI; speed itself is not asserted).
    let mut src = String::from("sequenceDiagram\n");
    for i in 0..200_000 {
        src.push_str(&format!("P{}->>P{}: m\n", i % 50, (i + 1) % 50));
    }
    src.push_str(&format!("A->>B: {}\n", "x-".repeat(200_000)));
    let s = parse(&src).unwrap();
    assert_eq!(s.participants.len(), 52);
}

#[test]
fn look_alike_letters_in_keywords() {
    // U+212A KELVIN SIGN lowercases to 'k': a keyword matcher that compares
    // lowercased chars but cuts by byte length would split it.
    for body in [
        "brea\u{212A} x\nend",
        "lin\u{212A} A: x",
        "\u{212A}elvin->>B: x",
    ] {
        survives(&format!("sequenceDiagram\n{body}"));
    }
    let s = parse("sequenceDiagram\nbrea\u{212A} x\nend");
    assert!(s.is_err(), "a look-alike letter is no keyword: {s:?}");
}
