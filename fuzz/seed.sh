#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with starting inputs: Mermaid's own flowchart,
# sequence, state, class, ER, pie, timeline and journey cases (../../shared/corpus, beside the repository), our
# samples, and
# Markdown documents for the markdown target. The corpora are not committed.
set -euo pipefail
cd "$(dirname "$0")"
shared=${SHARED:-../../shared}
mkdir -p corpus/parse corpus/render_svg corpus/markdown
for target in parse render_svg; do
    cp ../samples/*.mmd ../samples/sequence/*.mmd ../samples/state/*.mmd ../samples/class/*.mmd ../samples/er/*.mmd ../samples/pie/*.mmd ../samples/timeline/*.mmd ../samples/journey/*.mmd corpus/$target/
    for family in flowchart sequence state class er pie timeline journey; do
        if [ -d "$shared/corpus/$family" ]; then
            for f in "$shared"/corpus/$family/*.mmd; do
                cp "$f" "corpus/$target/$family-$(basename "$f")"
            done
        fi
    done
    cp seeds/*.mmd corpus/$target/
done
for md in "$shared/seed-orchestration-roadmap.md" "$shared/corpus/flowchart-syntax.md"; do
    [ -f "$md" ] && cp "$md" corpus/markdown/
done
cp seeds/*.md corpus/markdown/
for f in ../samples/*.mmd; do
    { printf '# %s\n\n```mermaid\n' "$(basename "$f")"; cat "$f"; printf '```\n\nText after.\n'; } > "corpus/markdown/$(basename "$f" .mmd).md"
done
echo "corpus/parse: $(ls corpus/parse | wc -l) files"
echo "corpus/render_svg: $(ls corpus/render_svg | wc -l) files"
echo "corpus/markdown: $(ls corpus/markdown | wc -l) files"
