#!/usr/bin/env python3
"""check_svg.py DIR INPUT_PATH: every .svg in DIR must be well-formed XML whose root
is <svg> and must not be Mermaid's "Syntax error in text" picture (an element
of class error-icon or error-text, or aria-roledescription="error", which some
tools write with exit status 0); a Markdown INPUT must have produced one
picture per mermaid block; for a generated INPUT (labels "Node N"), every
label of the input must appear in the picture's text.
Prints "COUNT BYTES" and exits 0, or prints the problem and exits 1."""
import os
import re
import sys
import xml.etree.ElementTree as ET

folder, inp = sys.argv[1], sys.argv[2]
svgs = sorted(f for f in os.listdir(folder) if f.endswith(".svg"))
if not svgs:
    print("no SVG written")
    sys.exit(1)
if inp.endswith(".md"):
    want = len(re.findall(r"^\s*(```|~~~)\s*mermaid\s*$", open(inp, encoding="utf-8").read(), re.M))
    if len(svgs) != want:
        print(f"{len(svgs)} SVGs for {want} blocks")
        sys.exit(1)
total = 0
for name in svgs:
    path = os.path.join(folder, name)
    total += os.path.getsize(path)
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        print(f"{name}: not well-formed XML: {e}")
        sys.exit(1)
    if root.tag.rsplit("}", 1)[-1] != "svg":
        print(f"{name}: root element is <{root.tag}>, not <svg>")
        sys.exit(1)
    for el in root.iter():
        classes = (el.get("class") or "").split()
        if "error-icon" in classes or "error-text" in classes or el.get("aria-roledescription") == "error":
            words = " ".join(t.text.strip() for t in root.iter() if t.text and t.text.strip() and "error-text" in (t.get("class") or ""))
            print(f"{name}: an error picture ({words or 'error icon'})")
            sys.exit(1)
labels = set(re.findall(r"\bNode \d+\b", open(inp, encoding="utf-8").read()))
if labels and not inp.endswith(".md"):
    root = ET.parse(os.path.join(folder, svgs[0])).getroot()
    text = " ".join(e.text for e in root.iter() if e.text and not e.tag.endswith("style"))
    missing = labels - set(re.findall(r"\bNode \d+\b", text))
    if missing:
        print(f"{svgs[0]}: {len(missing)} of {len(labels)} node labels missing")
        sys.exit(1)
print(len(svgs), total)
