#!/usr/bin/env python3
"""Turn mermaid-render's layout JSON into the engine-neutral graph description
that layout.mjs (dagre, ELK) and dot_layout.py (Graphviz) read, so all
engines lay out the identical graph with the identical node sizes.

Usage: graph_input.py LAYOUT.json GRAPH.json

GRAPH.json:
  {"direction": "TB",
   "nodes":    [{"id", "width", "height", "parent"}],
   "edges":    [{"from", "to", "label_width", "label_height"}],
   "clusters": [{"id", "title", "parent", "members"}]}

Node sizes are the boxes our layout drew; an edge label gets the size of our
label box (or none). `members` lists a cluster's direct child nodes and
clusters. Order of every array is the order of the layout JSON (order of
first appearance in the Mermaid source).
"""
import json
import sys


def graph_from_layout(lay):
    nodes = [
        {
            "id": n["id"],
            "width": round(float(n["width"]), 2),
            "height": round(float(n["height"]), 2),
            "parent": n.get("parent"),
        }
        for n in lay.get("nodes", [])
    ]
    clusters = [
        {"id": c["id"], "title": c.get("title") or "", "parent": c.get("parent"), "members": []}
        for c in lay.get("clusters", [])
    ]
    by_id = {c["id"]: c for c in clusters}
    for item in clusters + nodes:
        parent = item.get("parent")
        if parent is not None and parent in by_id:
            by_id[parent]["members"].append(item["id"])
    edges = []
    for e in lay.get("edges", []):
        lb = e.get("label_box")
        edges.append({
            "from": e["from"],
            "to": e["to"],
            "label_width": round(float(lb["width"]), 2) if lb else None,
            "label_height": round(float(lb["height"]), 2) if lb else None,
        })
    return {
        "direction": lay.get("direction", "TB"),
        "nodes": nodes,
        "edges": edges,
        "clusters": clusters,
    }


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        lay = json.load(f)
    with open(argv[2], "w", encoding="utf-8") as f:
        json.dump(graph_from_layout(lay), f)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
