//! Any bytes that are UTF-8 parse to a flowchart or to an error whose span
//! lies inside the source; the parser never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(mermaid_render::Error::Parse(e)) = mermaid_render::parse(source) {
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
