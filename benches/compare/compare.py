#!/usr/bin/env python3
"""Crossing-count comparison of mermaid-render with dagre, ELK and dot.

Driven by run.sh, which installs the engines and builds the binaries. For
every graph of the set: generate the Mermaid source, lay it out with our
binary (--layout-json), turn that layout into the neutral graph description
(graph_input.py: same nodes, sizes, edges, clusters for everyone), lay that
out with dagre and ELK (layout.mjs) and dot (dot_layout.py), and count edge
crossings of every result with the same audit (layout_audit.py).

Writes results.tsv (one row a graph) and the Markdown report.

  compare.py --bin BIN --gen GEN --audit AUDIT --work DIR --tsv FILE --md FILE
             [--set quick|full] [--timeout SECONDS]
  compare.py --report-only --tsv FILE --md FILE    (re-render the report)
"""
import argparse
import datetime
import json
import os
import platform
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ENGINES = ["ours", "dagre", "elk", "dot"]
ENGINE_NAMES = {"ours": "ours", "dagre": "dagre", "elk": "ELK", "dot": "dot"}

# (nodes, seeds) of the set; every entry is run without and with clusters.
SETS = {
    "full": [(10, 3), (20, 3), (50, 3), (100, 3), (200, 3), (500, 2), (1000, 2), (2000, 2)],
    "quick": [(10, 1), (20, 1), (50, 1), (100, 1)],
}


def run(cmd, timeout, stdout=None):
    """Run cmd in its own process group; kill the whole group on timeout.
    Returns (status, seconds, stdout text) with status 'ok', 'timeout' or
    'error'."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=stdout or subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, start_new_session=True)
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        return "timeout", time.monotonic() - t0, ""
    secs = time.monotonic() - t0
    if p.returncode != 0:
        sys.stderr.write(f"  {' '.join(cmd[:3])}... failed ({p.returncode}): {err.strip()[:500]}\n")
        return "error", secs, out or ""
    return "ok", secs, out or ""


def audit(audit_py, layout_json):
    res = subprocess.run([sys.executable, audit_py, layout_json, "--json"],
                         capture_output=True, text=True)
    if res.returncode == 2 or not res.stdout.strip():
        return None
    return json.loads(res.stdout)


COLUMNS = ["graph", "nodes", "clusters_flag", "seed", "edges", "clusters"]
for _e in ENGINES:
    COLUMNS += [f"{_e}_crossings", f"{_e}_seconds", f"{_e}_faults"]


def measure(args):
    os.makedirs(args.work, exist_ok=True)
    rows = []
    # Engines that timed out on a size are not tried again on that size or
    # larger ones of the same kind (with or without clusters).
    gave_up = {}
    for size, seeds in SETS[args.set]:
        for clusters in (False, True):
            for seed in range(1, seeds + 1):
                name = f"n{size}{'-c' if clusters else ''}-s{seed}"
                base = os.path.join(args.work, name)
                print(f"{name}:", end="", flush=True)
                with open(base + ".mmd", "w") as f:
                    gen_cmd = [args.gen, str(size), str(seed)] + (["clusters"] if clusters else [])
                    subprocess.run(gen_cmd, stdout=f, check=True)
                if os.path.exists(base + ".graph.json"):
                    os.remove(base + ".graph.json")
                row = {"graph": name, "nodes": size, "clusters_flag": int(clusters), "seed": seed,
                       "edges": "", "clusters": ""}
                for engine in ENGINES:
                    out_json = f"{base}.{engine}.json"
                    if os.path.exists(out_json):
                        os.remove(out_json)
                    if gave_up.get((engine, clusters)):
                        status, secs = "timeout", float("nan")
                    elif engine == "ours":
                        status, secs, _ = run([args.bin, base + ".mmd", "-o", base + ".ours.svg",
                                               "--layout-json", out_json], args.timeout)
                        if status == "ok":
                            subprocess.run([sys.executable, os.path.join(HERE, "graph_input.py"),
                                            out_json, base + ".graph.json"], check=True)
                    elif not os.path.exists(base + ".graph.json") or row["ours_crossings"] in ("timeout", "error"):
                        status, secs = "error", float("nan")
                    elif engine in ("dagre", "elk"):
                        status, secs, _ = run(["node", os.path.join(HERE, "layout.mjs"), engine,
                                               base + ".graph.json", out_json], args.timeout)
                    else:
                        status, secs, _ = run([sys.executable, os.path.join(HERE, "dot_layout.py"),
                                               base + ".graph.json", out_json], args.timeout)
                    if status == "timeout" and secs == secs:
                        gave_up[(engine, clusters)] = True
                    crossings, faults = status, ""
                    if status == "ok":
                        a = audit(args.audit, out_json)
                        if a is None:
                            crossings = "error"
                        else:
                            crossings = a["crossings"]
                            faults = a["overlaps"] + a["cluster_faults"] + a["through_nodes"]
                            if engine == "ours":
                                row["edges"], row["clusters"] = a["edges"], a["clusters"]
                    row[f"{engine}_crossings"] = crossings
                    row[f"{engine}_seconds"] = "" if secs != secs else f"{secs:.2f}"
                    row[f"{engine}_faults"] = faults
                    print(f" {engine}={crossings}" + ("" if secs != secs else f" ({secs:.1f}s)"),
                          end="", flush=True)
                print(flush=True)
                rows.append(row)
                write_tsv(args.tsv, rows)
    return rows


def write_tsv(path, rows):
    with open(path, "w") as f:
        f.write("\t".join(COLUMNS) + "\n")
        for r in rows:
            f.write("\t".join(str(r.get(c, "")) for c in COLUMNS) + "\n")


def read_tsv(path):
    with open(path) as f:
        lines = [l.rstrip("\n").split("\t") for l in f if l.strip()]
    head = lines[0]
    return [dict(zip(head, l)) for l in lines[1:]]


def machine_info():
    info = {}
    info["date"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    info["nproc"] = str(os.cpu_count())
    try:
        info["nproc"] = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    except OSError:
        pass
    cpu = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    info["cpu"] = cpu

    def pkg_version(name):
        try:
            with open(os.path.join(HERE, "node_modules", name, "package.json")) as f:
                return json.load(f)["version"]
        except (OSError, ValueError, KeyError):
            return "?"

    info["dagre"] = pkg_version("@dagrejs/dagre")
    info["elkjs"] = pkg_version("elkjs")
    try:
        r = subprocess.run(["dot", "-V"], capture_output=True, text=True)
        info["dot"] = (r.stderr or r.stdout).strip().replace("dot - graphviz version ", "")
    except OSError:
        info["dot"] = "?"
    try:
        info["node"] = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    except OSError:
        info["node"] = "?"
    root = os.path.dirname(os.path.dirname(HERE))
    # The commit, marked dirty only by changes other than this script's own
    # outputs (which are rewritten before this runs).
    try:
        head = subprocess.run(["git", "-C", root, "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True).stdout.strip() or "?"
        changed = subprocess.run(
            ["git", "-C", root, "status", "--porcelain", "--", ".",
             ":!benches/compare/results.tsv", ":!docs/layout-comparison.md"],
            capture_output=True, text=True).stdout.strip()
        info["ours"] = head + ("-dirty" if changed else "")
    except OSError:
        info["ours"] = "?"
    return info


def as_int(v):
    try:
        return int(v)
    except (TypeError, ValueError):
        return None


def fmt_secs(v):
    try:
        return f"{float(v):.1f}"
    except (TypeError, ValueError):
        return ""


def totals(rows):
    """Per engine: total crossings over the graphs where all four engines
    gave a result, and how many such graphs there are."""
    common = [r for r in rows if all(as_int(r[f"{e}_crossings"]) is not None for e in ENGINES)]
    return {e: sum(as_int(r[f"{e}_crossings"]) for r in common) for e in ENGINES}, len(common)


def ratio(a, b):
    return f"{a / b:.3f}" if b else "–"


def pairwise(rows, engine):
    """(graphs, ours total, engine total) over graphs where both finished."""
    both = [r for r in rows
            if as_int(r["ours_crossings"]) is not None and as_int(r[f"{engine}_crossings"]) is not None]
    return (len(both), sum(as_int(r["ours_crossings"]) for r in both),
            sum(as_int(r[f"{engine}_crossings"]) for r in both))


def subsets(rows):
    return (("without clusters", [r for r in rows if r["clusters_flag"] == "0"]),
            ("with clusters", [r for r in rows if r["clusters_flag"] == "1"]),
            ("all", rows))


def write_md(path, rows, info, elapsed=None, note=""):
    L = []
    L.append("# Layout comparison: edge crossings")
    L.append("")
    L.append("Written by `benches/compare/run.sh` (do not edit by hand; run it again). "
             "Every engine lays out the same graphs with the same node sizes (those our layout "
             "gives), and `layout_audit.py` counts the pairs of drawn edges that properly cross "
             "(shared end points not counted) in every result the same way. Graphs come from "
             "`examples/gen.rs` (`gen NODES SEED [clusters]`, about 1.5 edges per node, a few "
             "back edges); `-c` marks the ones with (nested) subgraphs.")
    L.append("")
    L.append(f"- Date: {info['date']}")
    L.append(f"- Machine: {info['nproc']} cores, {info['cpu']}")
    L.append(f"- Versions: mermaid-render `{info['ours']}`, @dagrejs/dagre {info['dagre']}, "
             f"elkjs {info['elkjs']} (node {info['node']}), Graphviz dot {info['dot']}")
    if elapsed is not None:
        L.append(f"- Whole comparison run (build excluded): {elapsed / 60:.1f} min")
    L.append("- Settings: top to bottom; 50 px between nodes and between ranks for all; dagre "
             "compound graph (setParent), edge polylines as dagre returns them; ELK `layered` "
             "with `INCLUDE_CHILDREN`, orthogonal edges; dot `splines=spline`, "
             "`fixedsize` boxes, clusters as `subgraph cluster_*`, B-splines flattened. "
             "`timeout`: the engine took longer than the limit on this size (then it is not "
             "tried on larger sizes of the same kind).")
    if note:
        L.append(f"- {note}")
    L.append("")

    L.append("## Totals")
    L.append("")
    L.append("Over the graphs where all four engines finished.")
    L.append("")
    L.append("| set | graphs | ours | dagre | ELK | dot | ours / dagre | ours / ELK | ours / dot |")
    L.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")

    for label, subset in subsets(rows):
        t, n = totals(subset)
        L.append(f"| {label} | {n} | {t['ours']} | {t['dagre']} | {t['elk']} | {t['dot']} | "
                 f"{ratio(t['ours'], t['dagre'])} | {ratio(t['ours'], t['elk'])} | "
                 f"{ratio(t['ours'], t['dot'])} |")
    L.append("")
    L.append("Ours against each engine over the graphs where both finished (so a timeout "
             "of one engine does not drop the graph from the other comparisons).")
    L.append("")
    L.append("| set | vs | graphs | ours | theirs | ours / theirs |")
    L.append("| --- | --- | ---: | ---: | ---: | ---: |")
    goal = {}
    for label, subset in subsets(rows):
        for e in ENGINES[1:]:
            n, ours, theirs = pairwise(subset, e)
            L.append(f"| {label} | {ENGINE_NAMES[e]} | {n} | {ours} | {theirs} | {ratio(ours, theirs)} |")
            if label == "all":
                goal[e] = (ours, theirs)
    L.append("")
    L.append("Goal (all graphs, pairwise totals above):")
    L.append("")
    o, t = goal["dagre"]
    L.append(f"- fewer than dagre: {'yes' if o < t else 'no'} ({o} vs {t})")
    o, t = goal["elk"]
    L.append(f"- fewer than ELK: {'yes' if o < t else 'no'} ({o} vs {t})")
    o, t = goal["dot"]
    L.append(f"- at most 5% above dot: {'yes' if o <= 1.05 * t else 'no'} "
             f"({o} vs {t}, limit {1.05 * t:.0f})")
    L.append("")

    L.append("## By size")
    L.append("")
    L.append("Crossings summed over the seeds of a size (`timeout` when an engine missed one).")
    L.append("")
    L.append("| nodes | clusters | seeds | ours | dagre | ELK | dot | ours / dot |")
    L.append("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    keys = []
    for r in rows:
        k = (int(r["nodes"]), r["clusters_flag"])
        if k not in keys:
            keys.append(k)
    for size, flag in keys:
        group = [r for r in rows if int(r["nodes"]) == size and r["clusters_flag"] == flag]
        sums = {}
        for e in ENGINES:
            vals = [as_int(r[f"{e}_crossings"]) for r in group]
            sums[e] = None if any(v is None for v in vals) else sum(vals)
        cell = lambda v: "timeout" if v is None else str(v)
        rd = ratio(sums["ours"], sums["dot"]) if None not in (sums["ours"], sums["dot"]) else "–"
        L.append(f"| {size} | {'yes' if flag == '1' else 'no'} | {len(group)} | "
                 + " | ".join(cell(sums[e]) for e in ENGINES) + f" | {rd} |")
    L.append("")

    L.append("## Per graph")
    L.append("")
    L.append("Crossings, with layout seconds in brackets (whole process, start-up included; "
             "ours also renders the SVG). `faults` after a count: node overlaps, cluster faults "
             "and edges through nodes that the audit found in that layout.")
    L.append("")
    L.append("| graph | nodes | edges | clusters | ours | dagre | ELK | dot |")
    L.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        cells = []
        for e in ENGINES:
            c = r[f"{e}_crossings"]
            s = fmt_secs(r[f"{e}_seconds"])
            f = as_int(r[f"{e}_faults"])
            cell = str(c)
            if s:
                cell += f" ({s} s)"
            if f:
                cell += f" · {f} faults"
            cells.append(cell)
        L.append(f"| {r['graph']} | {r['nodes']} | {r['edges']} | {r['clusters']} | "
                 + " | ".join(cells) + " |")
    L.append("")

    L.append("## Where we lose most")
    L.append("")
    L.append("Graphs where our count is furthest above the best other engine.")
    L.append("")
    gaps = []
    for r in rows:
        ours = as_int(r["ours_crossings"])
        others = {e: as_int(r[f"{e}_crossings"]) for e in ENGINES[1:]}
        others = {e: v for e, v in others.items() if v is not None}
        if ours is None or not others:
            continue
        best = min(others, key=others.get)
        gaps.append((ours - others[best], r["graph"], ours, best, others[best]))
    gaps.sort(reverse=True)
    L.append("| graph | ours | best other | gap | ours / best |")
    L.append("| --- | ---: | --- | ---: | ---: |")
    for gap, g, ours, best, v in gaps[:10]:
        if gap <= 0:
            break
        L.append(f"| {g} | {ours} | {ENGINE_NAMES[best]} {v} | +{gap} | {ratio(ours, v)} |")
    L.append("")
    L.append("The same by ratio, graphs where the best engine has at least 20 crossings:")
    L.append("")
    L.append("| graph | ours | best other | gap | ours / best |")
    L.append("| --- | ---: | --- | ---: | ---: |")
    rel = sorted((g for g in gaps if g[4] >= 20 and g[0] > 0), key=lambda g: g[2] / g[4], reverse=True)
    for gap, g, ours, best, v in rel[:10]:
        L.append(f"| {g} | {ours} | {ENGINE_NAMES[best]} {v} | +{gap} | {ratio(ours, v)} |")
    L.append("")
    with open(path, "w") as f:
        f.write("\n".join(L))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin")
    ap.add_argument("--gen")
    ap.add_argument("--audit")
    ap.add_argument("--work")
    ap.add_argument("--tsv", required=True)
    ap.add_argument("--md", required=True)
    ap.add_argument("--set", default="full", choices=sorted(SETS))
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--report-only", action="store_true")
    args = ap.parse_args()
    t0 = time.monotonic()
    if args.report_only:
        write_md(args.md, read_tsv(args.tsv), machine_info())
        return 0
    measure(args)
    write_md(args.md, read_tsv(args.tsv), machine_info(), elapsed=time.monotonic() - t0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
