#!/usr/bin/env bash
# Whole-process times of mermaid-render next to Mermaid's own CLI (mmdc) and
# the other Rust Mermaid renderers with a command line, on the same inputs:
# the six seed diagrams, generated flowcharts of 100, 1,000 and 5,000 nodes,
# and the Markdown file holding all six seeds (for the tools that read
# Markdown). Every tool is first run once per input to check that it exits 0
# and writes a well-formed SVG; what passes is then timed with hyperfine
# (start to exit, SVG out, one warm-up run).
#
# The tools are installed OUTSIDE the repository, in $PEERS_TOOLS (default
# ~/.cache/mermaid-render-peers):
#   mmdc        npm @mermaid-js/mermaid-cli, with PUPPETEER_SKIP_DOWNLOAD=1
#               and Debian's Chromium (/usr/bin/chromium) through -p
#   cargo/bin/  `cargo install --locked --root` of the Rust peers below
#
# Writes:
#   benches/peers/results.md    the table of medians, failures, versions,
#                               machine, load (committed; only a full run of
#                               all tools replaces it)
#   benches/peers/results.tsv   the same, one row per tool and input
#   $PEERS_OUT (default benches/peers/out, git-ignored): hyperfine JSON and
#                               markdown, every tool's SVGs and stderr, and
#                               results.md/runs.tsv of every run
#
# Usage: benches/peers/run.sh [--quick] [--runs N] [--mmdc-runs N]
#                             [--timeout SECONDS] [--only TOOL,...]
#   --quick       seeds and 100 nodes only, 5 runs (a smoke test)
#   --runs N      runs per Rust tool and input (default 50; at most 20 when
#                 one run takes over 0.1 s, 5 over a second, 3 over ten)
#   --mmdc-runs N runs per mmdc input (default 5; 3 when one run takes over
#                 twenty seconds)
#   --timeout S   give up on one run after S seconds (default 120)
#   --only LIST   time only these tools (ours,mmdc,mmdr,merman,mmrs,arielc)
# Environment:
#   CARGO_TARGET_DIR  where cargo builds ours (default: the crate's target/)
#   PEERS_TOOLS, PEERS_OUT  see above
#   MMDC_VERSION, MMDR_VERSION, MERMAN_VERSION, MMRS_VERSION, ARIEL_VERSION
#                     the versions installed (defaults below)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
TOOLS="${PEERS_TOOLS:-$HOME/.cache/mermaid-render-peers}"
OUT="${PEERS_OUT:-$HERE/out}"
MMDC_VERSION="${MMDC_VERSION:-12.2.0}"
MMDR_VERSION="${MMDR_VERSION:-0.3.1}"      # crate mermaid-rs-renderer
MERMAN_VERSION="${MERMAN_VERSION:-0.6.2}"  # crate merman-cli (latest non-prerelease)
MMRS_VERSION="${MMRS_VERSION:-0.1.5}"      # crate mermaid-rs-cli
ARIEL_VERSION="${ARIEL_VERSION:-0.2.0}"    # crate ariel-rs-cli
SET=full
RUNS=50
MMDC_RUNS=5
TIMEOUT=120
ALL="ours,mmdc,mmdr,merman,mmrs,arielc"
ONLY="$ALL"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) SET=quick; RUNS=5; MMDC_RUNS=2 ;;
    --runs) RUNS="$2"; shift ;;
    --mmdc-runs) MMDC_RUNS="$2"; shift ;;
    --timeout) TIMEOUT="$2"; shift ;;
    --only) ONLY="$2"; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
START=$(date +%s)
wanted() { case ",$ONLY," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }

# --- system packages ----------------------------------------------------------
need_apt=()
command -v hyperfine >/dev/null 2>&1 || need_apt+=(hyperfine)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
if wanted mmdc; then
  [ -x /usr/bin/chromium ] || need_apt+=(chromium)
  command -v npm >/dev/null 2>&1 || need_apt+=(nodejs npm)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "== apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y "${need_apt[@]}" >/dev/null 2>&1 || { apt-get update && apt-get install -y "${need_apt[@]}"; }
fi

# --- peers, outside the repository ----------------------------------------------
mkdir -p "$TOOLS" "$OUT/logs"
MMDC="$TOOLS/mmdc/node_modules/.bin/mmdc"
if wanted mmdc; then
  if [ ! -x "$MMDC" ] || [ "$("$MMDC" --version 2>/dev/null)" != "$MMDC_VERSION" ]; then
    echo "== npm install @mermaid-js/mermaid-cli@$MMDC_VERSION (no browser download)"
    mkdir -p "$TOOLS/mmdc"
    [ -f "$TOOLS/mmdc/package.json" ] || echo '{"private": true}' > "$TOOLS/mmdc/package.json"
    (cd "$TOOLS/mmdc" && PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-audit --no-fund \
      "@mermaid-js/mermaid-cli@$MMDC_VERSION")
  fi
fi
# cargo install is a no-op when that version is already in the root.
install_crate() { # CRATE VERSION BIN
  if [ -x "$TOOLS/cargo/bin/$3" ] && grep -q "^$1 v$2:" <(cargo install --list --root "$TOOLS/cargo" 2>/dev/null); then
    return 0
  fi
  echo "== cargo install $1@$2 (log: $OUT/logs/install-$1.log)"
  if ! nice -n 10 cargo install --locked --root "$TOOLS/cargo" "$1" --version "=$2" \
      >"$OUT/logs/install-$1.log" 2>&1; then
    echo "   FAILED to build $1@$2; see $OUT/logs/install-$1.log" >&2
    tail -5 "$OUT/logs/install-$1.log" >&2
  fi
}
wanted mmdr && install_crate mermaid-rs-renderer "$MMDR_VERSION" mmdr
wanted merman && install_crate merman-cli "$MERMAN_VERSION" merman-cli
wanted mmrs && install_crate mermaid-rs-cli "$MMRS_VERSION" mmrs
wanted arielc && install_crate ariel-rs-cli "$ARIEL_VERSION" arielc

# --- ours ---------------------------------------------------------------------------
echo "== cargo build --release (mermaid-render, example gen)"
(cd "$ROOT" && nice -n 10 cargo build --release --quiet --bin mermaid-render --example gen)
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
OURS="$TARGET/release/mermaid-render"
GEN="$TARGET/release/examples/gen"

# --- inputs -------------------------------------------------------------------------
IN="$OUT/in"
rm -rf "$IN" "$OUT/svg" "$OUT/hyperfine"
mkdir -p "$IN" "$OUT/svg" "$OUT/hyperfine"
INPUTS=()
for i in 1 2 3 4 5 6; do
  cp "$ROOT/samples/seed-0$i.mmd" "$IN/"
  INPUTS+=("seed-0$i.mmd")
done
if [ "$SET" = quick ]; then SIZES="100"; else SIZES="100 1000 5000"; fi
for n in $SIZES; do
  "$GEN" "$n" 1 > "$IN/gen-$n.mmd"
  INPUTS+=("gen-$n.mmd")
done
cp "$ROOT/samples/seed-orchestration-roadmap.md" "$IN/doc.md"
INPUTS+=("doc.md")

cat > "$OUT/puppeteer-config.json" <<'EOF'
{
  "executablePath": "/usr/bin/chromium",
  "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run",
           "--disable-quic"]
}
EOF
# mmdc refuses more than 500 edges and 50,000 characters by default.
echo '{ "maxTextSize": 50000000, "maxEdges": 1000000 }' > "$OUT/mmdc-config.json"

# --- the command of each tool for one input --------------------------------------------
# cmd TOOL INPUT OUTDIR -> prints the command line (no shell syntax; hyperfine -N),
# or nothing when the tool does not take that kind of input.
cmd() {
  local tool="$1" in="$IN/$2" base="${2%.*}" dir="$3"
  case "$2" in
    *.md)
      case "$tool" in
        ours) echo "$OURS -q $in -o $dir/$base.md" ;;
        mmdc) echo "$MMDC -q -p $OUT/puppeteer-config.json -c $OUT/mmdc-config.json -i $in -o $dir/$base.md" ;;
        # mmdr writes the pictures (doc-N.svg) but no rewritten Markdown.
        mmdr) echo "$TOOLS/cargo/bin/mmdr -i $in -o $dir/$base.md" ;;
      esac ;;
    *)
      case "$tool" in
        ours) echo "$OURS -q $in -o $dir/$base.svg" ;;
        mmdc) echo "$MMDC -q -p $OUT/puppeteer-config.json -c $OUT/mmdc-config.json -i $in -o $dir/$base.svg" ;;
        mmdr) echo "$TOOLS/cargo/bin/mmdr -i $in -o $dir/$base.svg" ;;
        merman) echo "$TOOLS/cargo/bin/merman-cli render $in --out $dir/$base.svg" ;;
        mmrs) echo "$TOOLS/cargo/bin/mmrs -i $in -o $dir/$base.svg" ;;
        arielc) echo "$TOOLS/cargo/bin/arielc --quiet -i $in -o $dir/$base.svg" ;;
      esac ;;
  esac
}
tool_bin() {
  case "$1" in
    ours) echo "$OURS" ;; mmdc) echo "$MMDC" ;;
    mmdr) echo "$TOOLS/cargo/bin/mmdr" ;; merman) echo "$TOOLS/cargo/bin/merman-cli" ;;
    mmrs) echo "$TOOLS/cargo/bin/mmrs" ;; arielc) echo "$TOOLS/cargo/bin/arielc" ;;
  esac
}

# --- versions and machine ---------------------------------------------------------------
{
  echo "date	$(date -u +%Y-%m-%dT%H:%MZ)"
  echo "commit	$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')$(cd "$ROOT" && git diff --quiet HEAD -- src Cargo.toml Cargo.lock 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "cpu	$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "cores	$(nproc)"
  echo "memory	$(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
  echo "kernel	$(uname -r)"
  echo "hyperfine	$(hyperfine --version | awk '{print $2}')"
  echo "ours	$("$OURS" --version 2>&1 | head -1), $(rustc --version | awk '{print $1, $2}')"
  if wanted mmdc && [ -x "$MMDC" ]; then
    echo "mmdc	@mermaid-js/mermaid-cli $("$MMDC" --version 2>&1 | tail -1) (mermaid $(node -p "require('$TOOLS/mmdc/node_modules/mermaid/package.json').version" 2>/dev/null), puppeteer $(node -p "require('$TOOLS/mmdc/node_modules/puppeteer/package.json').version" 2>/dev/null)), node $(node --version), $(/usr/bin/chromium --version 2>/dev/null | head -1)"
  fi
  if [ -d "$TOOLS/cargo" ]; then
    cargo install --list --root "$TOOLS/cargo" 2>/dev/null | awk '/^[^ ]/ {c=$1; v=$2; sub(":","",v)} /^ / {print $1 "\t" c " " v}' |
      while IFS='	' read -r bin what; do
        case "$bin" in
          mmdr) if wanted mmdr; then echo "mmdr	$what"; fi ;;
          merman-cli) if wanted merman; then echo "merman	$what"; fi ;;
          mmrs) if wanted mmrs; then echo "mmrs	$what"; fi ;;
          arielc) if wanted arielc; then echo "arielc	$what"; fi ;;
        esac
      done
  fi
} > "$OUT/meta.tsv"

# --- check, then time -------------------------------------------------------------------
load1() { cut -d' ' -f1 /proc/loadavg; }
TSV="$OUT/runs.tsv"
printf 'tool\tinput\tstatus\tmedian_ms\tmean_ms\tstddev_ms\tmin_ms\truns\tsvgs\tbytes\tload_before\tload_after\tnote\n' > "$TSV"
echo "== load before timing: $(cat /proc/loadavg)"
# Input by input, every tool in turn, so that the tools compared on one input
# are timed minutes apart, not an hour (the machine's load drifts).
for input in "${INPUTS[@]}"; do
  for tool in ours mmdc mmdr merman mmrs arielc; do
    wanted "$tool" || continue
    if [ ! -x "$(tool_bin "$tool")" ]; then
      printf '%s\t%s\tnot built\t\t\t\t\t\t\t\t\t\tsee logs/install-*.log\n' "$tool" "$input" >> "$TSV"
      continue
    fi
    base="${input%.*}"
    dir="$OUT/svg/$tool/$base"
    mkdir -p "$dir"
    c="$(cmd "$tool" "$input" "$dir")"
    if [ -z "$c" ]; then
      printf '%s\t%s\tno Markdown input\t\t\t\t\t\t\t\t\t\t\n' "$tool" "$input" >> "$TSV"
      continue
    fi
    log="$OUT/logs/$tool-$base.stderr"
    # The check run: exit status, time, well-formed SVG output.
    t0=$(date +%s.%N)
    set +e
    # shellcheck disable=SC2086
    timeout "$TIMEOUT" $c >"$OUT/logs/$tool-$base.stdout" 2>"$log"
    rc=$?
    set -e
    t1=$(date +%s.%N)
    secs=$(python3 -c "print(f'{$t1 - $t0:.2f}')")
    note="$( (grep -v '^\s*$' "$log" || true) | head -1 | tr '\t' ' ')"
    note="${note//$OUT\//}"; note="${note:0:160}"
    if [ $rc -eq 124 ]; then
      echo "   $tool $input: timeout after ${TIMEOUT}s"
      printf '%s\t%s\ttimeout\t\t\t\t\t\t\t\t\t\t>%ss\n' "$tool" "$input" "$TIMEOUT" >> "$TSV"
      continue
    fi
    if [ $rc -ne 0 ]; then
      echo "   $tool $input: exit $rc: $note"
      printf '%s\t%s\texit %s\t\t\t\t\t\t\t\t\t\t%s\n' "$tool" "$input" "$rc" "$note" >> "$TSV"
      continue
    fi
    # Every SVG the run wrote must parse as XML with an <svg> root; a Markdown
    # run must write one picture per block (six).
    valid="$(python3 "$HERE/check_svg.py" "$dir" "$IN/$input")" || {
      echo "   $tool $input: bad output: $valid"
      printf '%s\t%s\tbad SVG\t\t\t\t\t\t\t\t\t\t%s\n' "$tool" "$input" "$valid" >> "$TSV"
      continue
    }
    svgs="${valid%% *}"; bytes="${valid##* }"
    over() { python3 -c "import sys; sys.exit(0 if $secs > $1 else 1)"; }
    runs=$RUNS; warmup=1
    if [ "$tool" = mmdc ]; then
      runs=$MMDC_RUNS
      over 20 && [ "$runs" -gt 3 ] && runs=3
      c="timeout $TIMEOUT $c"
    else
      over 0.1 && [ "$runs" -gt 20 ] && runs=20
      over 1 && [ "$runs" -gt 5 ] && runs=5
      over 10 && [ "$runs" -gt 3 ] && runs=3
    fi
    # Over ten seconds a run, the check run above stands in for the warm-up.
    over 10 && warmup=0
    lb=$(load1)
    echo "   $tool $input: ok (${secs}s once), timing $runs runs, load $lb"
    set +e
    nice -n 0 hyperfine -N --style basic --warmup "$warmup" --runs "$runs" \
      --export-json "$OUT/hyperfine/$tool-$base.json" \
      --export-markdown "$OUT/hyperfine/$tool-$base.md" \
      --command-name "$tool $input" "$c" >"$OUT/logs/$tool-$base.hyperfine" 2>&1
    hrc=$?
    set -e
    la=$(load1)
    if [ $hrc -ne 0 ]; then
      echo "   $tool $input: failed while timing (see logs/$tool-$base.hyperfine)"
      printf '%s\t%s\tfailed while timing\t\t\t\t\t\t\t\t%s\t%s\t%s\n' "$tool" "$input" "$lb" "$la" \
        "$(tail -1 "$OUT/logs/$tool-$base.hyperfine" | cut -c1-160 | tr '\t' ' ')" >> "$TSV"
      continue
    fi
    python3 - "$OUT/hyperfine/$tool-$base.json" "$tool" "$input" "$svgs" "$bytes" "$lb" "$la" "$note" >> "$TSV" <<'EOF'
import json, statistics, sys
path, tool, inp, svgs, nbytes, lb, la, note = sys.argv[1:]
r = json.load(open(path))["results"][0]
t = r["times"]
ms = lambda s: f"{s * 1000:.2f}"
print("\t".join([tool, inp, "ok", ms(statistics.median(t)), ms(r["mean"]),
                 ms(r["stddev"] or 0.0), ms(min(t)), str(len(t)), svgs, nbytes,
                 lb, la, note.replace("\t", " ")]))
EOF
  done
done
echo "== load after timing: $(cat /proc/loadavg)"

ELAPSED=$(( $(date +%s) - START ))
echo "elapsed	${ELAPSED} s" >> "$OUT/meta.tsv"
python3 "$HERE/summarize.py" "$OUT/meta.tsv" "$TSV" "$OUT/results.md" "$SET"
# Only a full run of every tool replaces the committed results.
if [ "$SET" = full ] && [ "$ONLY" = "$ALL" ]; then
  cp "$OUT/results.md" "$HERE/results.md"
  cp "$TSV" "$HERE/results.tsv"
  echo "== done in ${ELAPSED} s: benches/peers/results.md, benches/peers/results.tsv, $OUT"
else
  echo "== done in ${ELAPSED} s: $OUT/results.md (a partial run; benches/peers/results.md left as it was)"
fi
