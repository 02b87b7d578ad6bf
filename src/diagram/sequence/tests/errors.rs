//! Every error: where it points (line:col of the source, counting the
//! header as line 1) and what it says.

use super::super::parse;

/// Parses `body` after a header line and checks the error's position and
/// that its message contains `message`.
#[track_caller]
fn check(body: &str, line: usize, col: usize, message: &str) {
    let src = format!("sequenceDiagram\n{body}");
    let e = match parse(&src) {
        Ok(s) => panic!("expected an error, parsed {s:?}"),
        Err(e) => e,
    };
    assert_eq!(e.line_col(&src), (line, col), "{}", e.display("test", &src));
    assert!(
        e.message.contains(message),
        "message {:?} lacks {message:?}",
        e.message
    );
    assert!(e.span.start <= e.span.end && e.span.end <= src.len());
}

#[test]
fn header() {
    let e = parse("graph TD\nA-->B").unwrap_err();
    assert_eq!(e.line_col("graph TD\nA-->B"), (1, 1));
    assert!(e.message.contains("expected 'sequenceDiagram'"));
    assert!(e.hint.is_some());
    let e = parse("sequenceDiagrams\nA->>B: x").unwrap_err();
    assert_eq!(e.span.start, 0);
    let src = "---\ntitle: x\nsequenceDiagram";
    assert!(parse(src)
        .unwrap_err()
        .message
        .contains("unclosed front matter"));
    let src = "%%{init: {}\nsequenceDiagram";
    assert!(parse(src)
        .unwrap_err()
        .message
        .contains("unclosed directive"));
}

#[test]
fn unknown_statements() {
    check(
        "A->>B: ok\nhello world",
        3,
        1,
        "unknown statement 'hello world'",
    );
    check("A->>B hi", 2, 9, "expected ':' and the text of the message");
    check("A->>: hi", 2, 5, "expected the receiver after '->>'");
    check(
        "A=>B: hi",
        2,
        3,
        "expected an arrow such as '->>' after 'A='",
    );
    check(
        "A->>B: x y z q\n  A -< B: x",
        3,
        6,
        "expected an arrow such as '->>' after 'A -'",
    );
}

#[test]
fn participants() {
    check(
        "participant",
        2,
        1,
        "expected a participant name after 'participant'",
    );
    check(
        "participant A:B",
        2,
        14,
        "unexpected ':' in a participant name",
    );
    check(
        "participant X asAAAA:BBB",
        2,
        21,
        "unexpected ':' in a participant name",
    );
    check(
        "participant C@{ \"type\" \"control\" }",
        2,
        24,
        "expected ':' after the key 'type'",
    );
    check(
        "participant E@{ \"type\": \"entity\"\nE->>E: x",
        2,
        14,
        "unclosed '@{'",
    );
    check(
        "participant E@{ \"type\": \"entity\" } junk",
        2,
        36,
        "expected 'as' or the end",
    );
    check(
        "create A",
        2,
        8,
        "expected 'participant' or 'actor' after 'create'",
    );
}

#[test]
fn create_and_destroy() {
    check(
        "A->>B: x\ncreate participant B\nA->>B: y",
        3,
        20,
        "participant 'B' already exists",
    );
    check(
        "create participant C\nA->>B: y",
        3,
        1,
        "the created participant 'C' must receive the message",
    );
    check(
        "A->>B: x\ndestroy Bo\nB->>A: y",
        4,
        1,
        "the destroyed participant 'Bo' must send or receive",
    );
    check(
        "destroy",
        2,
        1,
        "expected a participant name after 'destroy'",
    );
}

#[test]
fn activations() {
    check(
        "A->>+B: x\nB->>-A: y\nB->>-A: z",
        4,
        5,
        "cannot deactivate 'B': it is not active",
    );
    check("deactivate A", 2, 12, "cannot deactivate 'A'");
    check(
        "activate A\ndeactivate A\ndeactivate A",
        4,
        12,
        "not active",
    );
    check(
        "activate",
        2,
        1,
        "expected a participant name after 'activate'",
    );
}

#[test]
fn blocks() {
    check("else x", 2, 1, "'else' outside an 'alt' block");
    check(
        "alt a\nloop b\nelse c\nend\nend",
        4,
        1,
        "'else' outside an 'alt' block",
    );
    check(
        "par a\noption b\nend",
        3,
        1,
        "'option' outside a 'critical' block",
    );
    check(
        "critical a\nand b\nend",
        3,
        1,
        "'and' outside a 'par' or 'par_over' block",
    );
    check("A->>B: x\nend", 3, 1, "'end' without an open block");
    check(
        "loop a\n  opt b\n  end\nA->>B: x",
        2,
        1,
        "'loop' is never closed",
    );
    check("loop a\n  opt b\nA->>B: x", 3, 3, "'opt' is never closed");
}

#[test]
fn boxes() {
    check(
        "box Aqua one\nparticipant A\nend\nbox two\nparticipant A\nend",
        6,
        13,
        "participant 'A' is already in 'one' and cannot also be in 'two'",
    );
    check(
        "box Aqua one\nparticipant A\nA->>B: x\nend",
        4,
        1,
        "only participant and actor lines may be inside a box",
    );
    check("box one\nparticipant A", 2, 1, "'box' is never closed");
}

#[test]
fn notes() {
    check(
        "Note above A: x",
        2,
        6,
        "expected 'left of', 'right of' or 'over'",
    );
    check("Note over A", 2, 12, "expected ':'");
    check(
        "Note over : x",
        2,
        11,
        "expected a participant name in the note",
    );
    check("Note over A,: x", 2, 13, "expected a second participant");
}

#[test]
fn autonumber() {
    check(
        "autonumber 10.001",
        2,
        12,
        "'10.001' has more than two decimals",
    );
    check(
        "autonumber ten",
        2,
        12,
        "expected a number after 'autonumber'",
    );
    check("autonumber 1 2 3", 2, 16, "expected ';' or a line break");
}

#[test]
fn titles_and_accessibility() {
    check("title", 2, 1, "expected the title text");
    check("accDescr {\n  never closed", 2, 1, "unclosed 'accDescr {'");
    check("accTitle A", 2, 10, "expected ':' or '{' after 'accTitle'");
}

#[test]
fn display_has_caret_and_hint() {
    let src = "sequenceDiagram\n  A->>+B: x\n  B->>-A: y\n  B->>-A: z";
    let e = parse(src).unwrap_err();
    let shown = e.display("d.mmd", src);
    assert!(
        shown.starts_with("d.mmd:4:7: error: cannot deactivate 'B'"),
        "{shown}"
    );
    assert!(shown.contains("4 |   B->>-A: z\n  |       ^\n"), "{shown}");
    assert!(shown.contains("= help:"), "{shown}");
}
