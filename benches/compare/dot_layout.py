#!/usr/bin/env python3
"""Lay out a graph description (from graph_input.py) with Graphviz dot and
write layout JSON in mermaid-render's schema.

Usage: dot_layout.py GRAPH.json OUTPUT.json [--keep-dot FILE.dot]

Nodes are fixed-size boxes of the given size (inches = px / 72, so one
Graphviz point is one of our pixels), clusters are `subgraph cluster_*`
with their title as label, edges are splines; the B-spline control points
dot returns are flattened into polylines that end at the arrow tip.
"""
import json
import math
import subprocess
import sys

NODE_SEP = 50  # px, as for dagre and ELK
RANK_SEP = 50


def q(s):
    return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_dot(graph):
    clusters = {c["id"]: c for c in graph["clusters"]}
    rankdir = {"TD": "TB"}.get(graph.get("direction", "TB"), graph.get("direction", "TB"))
    children = {None: []}
    for c in graph["clusters"]:
        children.setdefault(c["id"], [])
    for c in graph["clusters"]:
        children.setdefault(c.get("parent"), []).append(("cluster", c))
    for n in graph["nodes"]:
        children.setdefault(n.get("parent"), []).append(("node", n))

    # A node standing in for a cluster at an edge end (lhead / ltail).
    def representative(cid):
        for kind, item in children.get(cid, []):
            if kind == "node":
                return item["id"]
        for kind, item in children.get(cid, []):
            if kind == "cluster":
                r = representative(item["id"])
                if r is not None:
                    return r
        return None

    out = ["digraph G {"]
    out.append(
        f"  graph [rankdir={rankdir}, nodesep={NODE_SEP / 72:.4f}, ranksep={RANK_SEP / 72:.4f}, "
        "splines=spline, compound=true, margin=0, pad=0.1];"
    )
    out.append('  node [shape=box, fixedsize=true, label=""];')

    def emit(cid, indent):
        for kind, item in children.get(cid, []):
            if kind == "node":
                out.append(
                    f"{indent}{q(item['id'])} [width={item['width'] / 72:.4f}, "
                    f"height={item['height'] / 72:.4f}];"
                )
            else:
                out.append(f"{indent}subgraph {q('cluster_' + item['id'])} {{")
                out.append(f"{indent}  label={q(item.get('title', ''))};")
                emit(item["id"], indent + "  ")
                out.append(f"{indent}}}")

    emit(None, "  ")
    for k, e in enumerate(graph["edges"]):
        attrs = [f"id={q('e%d' % k)}"]
        a, b = e["from"], e["to"]
        if a in clusters:
            attrs.append(f"ltail={q('cluster_' + a)}")
            a = representative(a)
        if b in clusters:
            attrs.append(f"lhead={q('cluster_' + b)}")
            b = representative(b)
        if e.get("label_width"):
            attrs.append(
                'label=<<TABLE BORDER="0" CELLPADDING="0" FIXEDSIZE="TRUE" '
                f'WIDTH="{max(1, round(e["label_width"]))}" HEIGHT="{max(1, round(e["label_height"]))}">'
                "<TR><TD></TD></TR></TABLE>>"
            )
        out.append(f"  {q(a)} -> {q(b)} [{', '.join(attrs)}];")
    out.append("}")
    return "\n".join(out) + "\n"


def bezier_flatten(ctrl, step=3.0):
    """Polyline of a piecewise cubic Bezier (1 + 3k control points)."""
    pts = [ctrl[0]]
    for i in range(0, len(ctrl) - 3, 3):
        p0, p1, p2, p3 = ctrl[i:i + 4]
        hull = math.dist(p0, p1) + math.dist(p1, p2) + math.dist(p2, p3)
        n = max(2, min(64, int(hull / step) + 1))
        for j in range(1, n + 1):
            t = j / n
            u = 1 - t
            a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
            pts.append((a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0],
                        a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]))
    return pts


def parse_pos(pos):
    start = end = None
    ctrl = []
    for tok in pos.split():
        if tok.startswith("s,"):
            _, x, y = tok.split(",")
            start = (float(x), float(y))
        elif tok.startswith("e,"):
            _, x, y = tok.split(",")
            end = (float(x), float(y))
        else:
            x, y = tok.split(",")[:2]
            ctrl.append((float(x), float(y)))
    return start, ctrl, end


def layout_from_dot_json(graph, dj):
    x0, y0, x1, y1 = (float(v) for v in dj["bb"].split(","))

    def pt(p):
        return [round(p[0] - x0, 2), round(y1 - p[1], 2)]

    objs = {o["name"]: o for o in dj.get("objects", [])}
    nodes = []
    for n in graph["nodes"]:
        o = objs[n["id"]]
        cx, cy = (float(v) for v in o["pos"].split(","))
        w, h = float(o["width"]) * 72, float(o["height"]) * 72
        c = pt((cx, cy))
        nodes.append({"id": n["id"], "shape": "rect", "parent": n.get("parent"),
                      "x": c[0] - w / 2, "y": c[1] - h / 2, "width": w, "height": h})
    clusters = []
    for c in graph["clusters"]:
        o = objs["cluster_" + c["id"]]
        bx0, by0, bx1, by1 = (float(v) for v in o["bb"].split(","))
        a, b = pt((bx0, by1)), pt((bx1, by0))
        clusters.append({"id": c["id"], "title": c.get("title"), "parent": c.get("parent"),
                         "x": a[0], "y": a[1], "width": b[0] - a[0], "height": b[1] - a[1]})
    by_edge_id = {e.get("id"): e for e in dj.get("edges", [])}
    edges = []
    for k, e in enumerate(graph["edges"]):
        o = by_edge_id[f"e{k}"]
        start, ctrl, end = parse_pos(o["pos"])
        pts = bezier_flatten(ctrl) if len(ctrl) >= 4 else list(ctrl)
        if start is not None:
            pts.insert(0, start)
        if end is not None:
            pts.append(end)
        label_box = None
        if e.get("label_width") and "lp" in o:
            lx, ly = (float(v) for v in o["lp"].split(","))
            c = pt((lx, ly))
            label_box = {"x": c[0] - e["label_width"] / 2, "y": c[1] - e["label_height"] / 2,
                         "width": e["label_width"], "height": e["label_height"]}
        edges.append({"from": e["from"], "to": e["to"], "label": None, "label_box": label_box,
                      "points": [pt(p) for p in pts]})
    return {"width": x1 - x0, "height": y1 - y0, "direction": graph.get("direction", "TB"),
            "nodes": nodes, "edges": edges, "clusters": clusters}


def main(argv):
    args = argv[1:]
    keep = None
    if "--keep-dot" in args:
        i = args.index("--keep-dot")
        keep = args[i + 1]
        del args[i:i + 2]
    if len(args) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    with open(args[0], encoding="utf-8") as f:
        graph = json.load(f)
    src = write_dot(graph)
    if keep:
        with open(keep, "w", encoding="utf-8") as f:
            f.write(src)
    res = subprocess.run(["dot", "-Tjson"], input=src, capture_output=True, text=True)
    if res.returncode != 0:
        sys.stderr.write(res.stderr)
        return 1
    lay = layout_from_dot_json(graph, json.loads(res.stdout))
    with open(args[1], "w", encoding="utf-8") as f:
        json.dump(lay, f)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
