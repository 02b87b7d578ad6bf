//! The whole pipeline, source to SVG: never panics; every SVG is accepted
//! by usvg, and rendering the same source twice gives the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mermaid_render::{render, Options};

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let options = Options::default();
    let Ok(first) = render(source, &options) else {
        return;
    };
    if let Err(e) = mermaid_render::check_svg(&first.svg) {
        panic!("usvg rejects the SVG: {e}\n{}", first.svg);
    }
    let second = render(source, &options).expect("the second render fails");
    assert!(first.svg == second.svg, "two renders differ");
});
