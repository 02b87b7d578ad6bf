#!/usr/bin/env python3
"""check_svg.py DIR INPUT_PATH: every .svg in DIR must be well-formed XML whose root
is <svg>; a Markdown INPUT must have produced one picture per mermaid block.
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
print(len(svgs), total)
