//! Any bytes that are UTF-8 parse (as the family they open with: flowchart
//! or sequence diagram) or fail with an error whose span lies inside the
//! source; no parser ever panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let limits = mermaid_render::Limits::default();
    if let Err(mermaid_render::Error::Parse(e)) = mermaid_render::check(source, &limits) {
        assert!(
            e.span.start <= e.span.end && e.span.end <= source.len(),
            "span {:?} outside the source of {} bytes",
            e.span,
            source.len()
        );
        // Printing the error must not panic either.
        let _ = e.display("fuzz.mmd", source);
    }
});
