// Lays out a graph description with dagre or ELK and writes layout JSON in
// mermaid-render's schema (see LAYOUT_JSON.md in the shared tools), so that
// layout_audit.py can measure every engine the same way.
//
// Usage: node layout.mjs dagre|elk INPUT.json OUTPUT.json
//
// INPUT.json is what graph_input.py writes:
//   {"direction": "TB",
//    "nodes":    [{"id", "width", "height", "parent"}],
//    "edges":    [{"from", "to", "label_width", "label_height"}],
//    "clusters": [{"id", "title", "parent", "members": [...]}]}
// Edge end points may name a cluster. Prints the layout time in ms on stdout.

import { readFileSync, writeFileSync } from "node:fs";
import dagre from "@dagrejs/dagre";
import ELK from "elkjs/lib/elk.bundled.js";

// Same spacing for every engine (Mermaid's defaults: 50 px between nodes
// and between ranks).
const NODE_SEP = 50;
const RANK_SEP = 50;
const CLUSTER_PAD = 8;
const CLUSTER_TITLE = 24;

const [engine, inPath, outPath] = process.argv.slice(2);
if (!engine || !inPath || !outPath) {
  console.error("usage: node layout.mjs dagre|elk INPUT.json OUTPUT.json");
  process.exit(2);
}
const graph = JSON.parse(readFileSync(inPath, "utf8"));
const clusterIds = new Set(graph.clusters.map((c) => c.id));

// First node (depth first, in source order) inside a cluster: stands in for
// the cluster as the end of an edge where the engine cannot attach edges to
// clusters.
function representative(id) {
  if (!clusterIds.has(id)) return id;
  const node = graph.nodes.find((n) => {
    let p = n.parent;
    while (p) {
      if (p === id) return true;
      p = graph.clusters.find((c) => c.id === p)?.parent ?? null;
    }
    return false;
  });
  return node ? node.id : id;
}

function layoutDagre() {
  const g = new dagre.graphlib.Graph({ multigraph: true, compound: true });
  const rankdir = { TB: "TB", TD: "TB", BT: "BT", LR: "LR", RL: "RL" }[graph.direction] || "TB";
  g.setGraph({ rankdir, nodesep: NODE_SEP, ranksep: RANK_SEP, edgesep: 10, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const c of graph.clusters) g.setNode(c.id, { label: c.title || "" });
  for (const n of graph.nodes) g.setNode(n.id, { width: n.width, height: n.height });
  for (const c of graph.clusters) if (c.parent) g.setParent(c.id, c.parent);
  for (const n of graph.nodes) if (n.parent) g.setParent(n.id, n.parent);
  graph.edges.forEach((e, k) => {
    const label = {};
    if (e.label_width) {
      label.width = e.label_width;
      label.height = e.label_height;
      label.labelpos = "c";
    }
    g.setEdge(representative(e.from), representative(e.to), label, `e${k}`);
  });
  const t0 = performance.now();
  dagre.layout(g);
  const ms = performance.now() - t0;

  const box = (v) => ({ x: v.x - v.width / 2, y: v.y - v.height / 2, width: v.width, height: v.height });
  const out = {
    width: g.graph().width,
    height: g.graph().height,
    direction: rankdir,
    nodes: graph.nodes.map((n) => ({ id: n.id, shape: "rect", parent: n.parent, ...box(g.node(n.id)) })),
    edges: graph.edges.map((e, k) => {
      const v = g.edge(representative(e.from), representative(e.to), `e${k}`);
      return {
        from: e.from,
        to: e.to,
        label: null,
        label_box: e.label_width
          ? { x: v.x - e.label_width / 2, y: v.y - e.label_height / 2, width: e.label_width, height: e.label_height }
          : null,
        points: v.points.map((p) => [p.x, p.y]),
      };
    }),
    clusters: graph.clusters.map((c) => ({ id: c.id, title: c.title, parent: c.parent, ...box(g.node(c.id)) })),
  };
  return { out, ms };
}

async function layoutElk() {
  const direction = { TB: "DOWN", TD: "DOWN", BT: "UP", LR: "RIGHT", RL: "LEFT" }[graph.direction] || "DOWN";
  const elkNodes = new Map();
  const root = {
    id: "__root__",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": direction,
      "elk.hierarchyHandling": "INCLUDE_CHILDREN",
      "elk.spacing.nodeNode": String(NODE_SEP),
      "elk.layered.spacing.nodeNodeBetweenLayers": String(RANK_SEP),
      "elk.spacing.edgeNode": "10",
      "elk.spacing.edgeEdge": "10",
      "elk.padding": "[top=8,left=8,bottom=8,right=8]",
      "org.eclipse.elk.json.shapeCoords": "ROOT",
      "org.eclipse.elk.json.edgeCoords": "ROOT",
    },
    children: [],
    edges: [],
  };
  elkNodes.set(null, root);
  for (const c of graph.clusters) {
    elkNodes.set(c.id, {
      id: c.id,
      layoutOptions: {
        "elk.padding": `[top=${CLUSTER_PAD + CLUSTER_TITLE},left=${CLUSTER_PAD},bottom=${CLUSTER_PAD},right=${CLUSTER_PAD}]`,
      },
      children: [],
      edges: [],
    });
  }
  for (const c of graph.clusters) elkNodes.get(c.parent ?? null).children.push(elkNodes.get(c.id));
  for (const n of graph.nodes) {
    const node = { id: n.id, width: n.width, height: n.height };
    elkNodes.set(n.id, node);
    elkNodes.get(n.parent ?? null).children.push(node);
  }
  // Every edge lives in the root; with INCLUDE_CHILDREN and ROOT coordinates
  // its container does not matter for the result.
  graph.edges.forEach((e, k) => {
    const edge = { id: `e${k}`, sources: [e.from], targets: [e.to] };
    if (e.label_width) {
      edge.labels = [{ id: `e${k}l`, text: "label", width: e.label_width, height: e.label_height }];
    }
    root.edges.push(edge);
  });

  const elk = new ELK();
  const t0 = performance.now();
  const res = await elk.layout(root);
  const ms = performance.now() - t0;

  const byId = new Map();
  const walk = (n) => {
    byId.set(n.id, n);
    for (const ch of n.children || []) walk(ch);
  };
  walk(res);
  const edgeById = new Map();
  const walkEdges = (n) => {
    for (const e of n.edges || []) edgeById.set(e.id, e);
    for (const ch of n.children || []) walkEdges(ch);
  };
  walkEdges(res);
  const box = (v) => ({ x: v.x, y: v.y, width: v.width, height: v.height });
  const out = {
    width: res.width,
    height: res.height,
    direction: graph.direction,
    nodes: graph.nodes.map((n) => ({ id: n.id, shape: "rect", parent: n.parent, ...box(byId.get(n.id)) })),
    edges: graph.edges.map((e, k) => {
      const r = edgeById.get(`e${k}`);
      const points = [];
      for (const s of r.sections || []) {
        for (const p of [s.startPoint, ...(s.bendPoints || []), s.endPoint]) {
          const last = points[points.length - 1];
          if (!last || last[0] !== p.x || last[1] !== p.y) points.push([p.x, p.y]);
        }
      }
      const l = (r.labels || [])[0];
      return {
        from: e.from,
        to: e.to,
        label: null,
        label_box: l ? { x: l.x, y: l.y, width: l.width, height: l.height } : null,
        points,
      };
    }),
    clusters: graph.clusters.map((c) => ({ id: c.id, title: c.title, parent: c.parent, ...box(byId.get(c.id)) })),
  };
  return { out, ms };
}

const { out, ms } = engine === "dagre" ? layoutDagre() : engine === "elk" ? await layoutElk() : (() => {
  console.error(`unknown engine ${engine}`);
  process.exit(2);
})();
writeFileSync(outPath, JSON.stringify(out));
console.log(ms.toFixed(0));
