#!/usr/bin/env python3
"""summarize.py META_TSV RUNS_TSV RESULTS_MD SET: the Markdown report of a
benches/peers/run.sh run (table of medians, failures, versions, machine)."""
import csv
import sys

meta_path, runs_path, md_path, which = sys.argv[1:5]
meta = {}
for line in open(meta_path, encoding="utf-8"):
    if "\t" in line:
        k, v = line.rstrip("\n").split("\t", 1)
        meta[k] = v
rows = list(csv.DictReader(open(runs_path, encoding="utf-8"), delimiter="\t"))

TOOLS = ["ours", "mmdc", "mmdr", "merman", "mmrs", "arielc"]
NAMES = {
    "ours": "mermaid-render",
    "mmdc": "mmdc",
    "mmdr": "mmdr",
    "merman": "merman-cli",
    "mmrs": "mmrs",
    "arielc": "arielc",
}
tools = [t for t in TOOLS if any(r["tool"] == t for r in rows)]
inputs = []
for r in rows:
    if r["input"] not in inputs:
        inputs.append(r["input"])
cell = {(r["tool"], r["input"]): r for r in rows}


def label(inp):
    if inp.startswith("gen-"):
        n = int(inp[4:].split(".")[0])
        return f"generated, {n:,} nodes"
    if inp == "doc.md":
        return "Markdown, six blocks"
    return inp


def ms(v):
    x = float(v)
    if x >= 100:
        return f"{x:,.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def short(r):
    s = r["status"]
    if s == "ok":
        return ms(r["median_ms"])
    if s == "no Markdown input":
        return "n/a"
    if s.startswith("exit"):
        return "fails"
    return s


out = []
out.append("# Whole-process times against other renderers (last run)\n")
out.append(
    f"Written by `benches/peers/run.sh`{' --quick' if which == 'quick' else ''} "
    f"on {meta.get('date', '?')}, commit {meta.get('commit', '?')}. "
    f"Machine: {meta.get('cores', '?')} cores of {meta.get('cpu', '?')}, "
    f"{meta.get('memory', '?')}, Linux {meta.get('kernel', '?')}; "
    f"hyperfine {meta.get('hyperfine', '?')}; the run took {meta.get('elapsed', '?')}.\n"
)
out.append(
    "Median wall time in milliseconds of one whole process (start to exit, SVG "
    "written), `hyperfine -N`, one warm-up run. `fails`: the tool exited "
    "non-zero; `timeout`: not finished in the time allowed (`--timeout`); `bad SVG`: "
    "exit 0 but an output that is not a well-formed `<svg>` document, or is "
    "Mermaid's \"Syntax error in text\" picture, or (Markdown) not one picture "
    "per block; `n/a`: the tool does not read Markdown.\n"
)
header = "| input | " + " | ".join(NAMES[t] for t in tools) + " |"
out.append(header)
out.append("| --- | " + " | ".join("---:" for _ in tools) + " |")
for inp in inputs:
    out.append(
        f"| {label(inp)} | "
        + " | ".join(short(cell[(t, inp)]) if (t, inp) in cell else "" for t in tools)
        + " |"
    )
out.append("")

loads = [float(r[k]) for r in rows for k in ("load_before", "load_after") if r.get(k)]
if loads:
    out.append(
        f"Load average (1 min) while timing: {min(loads):.2f} to {max(loads):.2f} "
        f"on {meta.get('cores', '?')} cores; each row of `results.tsv` has the "
        "load before and after its timing.\n"
    )

out.append("## Runs\n")
out.append("| tool | input | median ms | mean ± sd ms | min ms | runs | SVGs | bytes | load |")
out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
for t in tools:
    for inp in inputs:
        r = cell.get((t, inp))
        if not r or r["status"] != "ok":
            continue
        out.append(
            f"| {NAMES[t]} | {label(inp)} | {ms(r['median_ms'])} | "
            f"{ms(r['mean_ms'])} ± {ms(r['stddev_ms'])} | {ms(r['min_ms'])} | "
            f"{r['runs']} | {r['svgs']} | {int(r['bytes']):,} | "
            f"{r['load_before']} → {r['load_after']} |"
        )
out.append("")

fails = [r for r in rows if r["status"] not in ("ok", "no Markdown input")]
out.append("## Failures\n")
if not fails:
    out.append("None.\n")
else:
    for r in fails:
        note = r["note"].strip() or "(nothing on stderr)"
        out.append(f"- {NAMES[r['tool']]}, {label(r['input'])}: {r['status']}: `{note}`")
    out.append("")

out.append("## Versions\n")
for t in tools:
    if t in meta:
        out.append(f"- {NAMES[t]}: {meta[t]}")
out.append("")
open(md_path, "w", encoding="utf-8").write("\n".join(out))
print("\n".join(out))
