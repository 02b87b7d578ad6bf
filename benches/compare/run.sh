#!/usr/bin/env bash
# Crossing-count comparison of mermaid-render's layout with dagre, ELK and
# Graphviz dot on generated layered graphs (10 to 2000 nodes, with and
# without clusters). Installs what is missing, builds our release binary,
# runs every engine on the same graphs, audits them all with the same
# layout_audit.py and writes:
#   docs/layout-comparison.md     the table of the last results
#   benches/compare/results.tsv   the same, machine-readable
#
# Usage: benches/compare/run.sh [--quick] [--timeout SECONDS]
#   --quick    only 10 to 100 nodes, one seed (a smoke test, a minute)
# Environment:
#   CARGO_TARGET_DIR   where cargo builds (default: the crate's target/)
#   LAYOUT_AUDIT       path of layout_audit.py (default: shared/tools beside
#                      the repository, then /work/shared/tools)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SET=full
TIMEOUT=60
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) SET=quick ;;
    --timeout) TIMEOUT="$2"; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
START=$(date +%s)

# --- tools ------------------------------------------------------------------
if ! command -v dot >/dev/null 2>&1; then
  echo "== installing graphviz"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y graphviz >/dev/null 2>&1 || { apt-get update && apt-get install -y graphviz; }
fi
if ! command -v node >/dev/null 2>&1; then
  echo "== installing nodejs"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y nodejs npm >/dev/null 2>&1 || { apt-get update && apt-get install -y nodejs npm; }
fi
if [ ! -d "$HERE/node_modules/@dagrejs/dagre" ] || [ ! -d "$HERE/node_modules/elkjs" ]; then
  echo "== npm ci (dagre, elkjs)"
  (cd "$HERE" && npm ci --no-audit --no-fund)
fi

AUDIT="${LAYOUT_AUDIT:-}"
if [ -z "$AUDIT" ]; then
  for cand in "$ROOT/../shared/tools/layout_audit.py" /work/shared/tools/layout_audit.py; do
    if [ -f "$cand" ]; then AUDIT="$cand"; break; fi
  done
fi
if [ -z "$AUDIT" ] || [ ! -f "$AUDIT" ]; then
  echo "layout_audit.py not found; set LAYOUT_AUDIT" >&2
  exit 1
fi

# --- our binaries -----------------------------------------------------------
echo "== cargo build --release"
(cd "$ROOT" && cargo build --release --bin mermaid-render --example gen)
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="$TARGET/release/mermaid-render"
GEN="$TARGET/release/examples/gen"

# --- the comparison ---------------------------------------------------------
echo "== comparing (set: $SET, timeout ${TIMEOUT}s an engine a graph)"
mkdir -p "$ROOT/docs"
python3 "$HERE/compare.py" --bin "$BIN" --gen "$GEN" --audit "$AUDIT" \
  --work "$HERE/out" --tsv "$HERE/results.tsv" --md "$ROOT/docs/layout-comparison.md" \
  --set "$SET" --timeout "$TIMEOUT"
echo "== done in $(( $(date +%s) - START )) s: docs/layout-comparison.md, benches/compare/results.tsv"
