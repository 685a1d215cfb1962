#!/usr/bin/env bash
# Batch throughput of caixin-export (BENCHMARKS.md, "Batch export"): the same N pages (default
# 1000) as a directory, a .warc and a .warc.gz, on all cores and on one thread, beside the same
# pages run one process per page (in turn, and with xargs -P over the cores). One hyperfine run,
# so the rows are measured side by side; prints the Markdown table.
#   scripts/bench-batch.sh [N]      RUNS=5 by default
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
RUNS=${RUNS:-5}

need_apt=()
command -v hyperfine >/dev/null || need_apt+=(hyperfine)
command -v jq >/dev/null || need_apt+=(jq)
if ((${#need_apt[@]})); then
  SUDO=""; [[ $(id -u) == 0 ]] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}"
fi

cargo build --release --bin caixin-export --example bench_corpus
OUT=target/bench-batch
mkdir -p "$OUT"
target/release/examples/bench_corpus "$OUT" "$N" >&2
BIN=$PWD/target/release/caixin-export
CORES=$(nproc)
html_bytes=$(cat "$OUT"/pages/*.html | wc -c)
warc_bytes=$(stat -c %s "$OUT/pages.warc")
gz_bytes=$(stat -c %s "$OUT/pages.warc.gz")

hyperfine --warmup 1 --runs "$RUNS" --export-json "$OUT/hyperfine.json" --style basic \
  -n "directory, all cores" "$BIN --format ndjson $OUT/pages > /dev/null" \
  -n "directory, 1 thread (-j 1)" "$BIN --format ndjson -j 1 $OUT/pages > /dev/null" \
  -n ".warc, all cores" "$BIN --format ndjson $OUT/pages.warc > /dev/null" \
  -n ".warc.gz, all cores" "$BIN --format ndjson $OUT/pages.warc.gz > /dev/null" \
  -n "one process per page, in turn" "ls $OUT/pages/*.html | xargs -n 1 $BIN --format ndjson > /dev/null" \
  -n "one process per page, xargs -P $CORES" "ls $OUT/pages/*.html | xargs -n 1 -P $CORES $BIN --format ndjson > /dev/null" >&2

echo
echo "$N pages: $(awk "BEGIN { printf \"%.1f\", $html_bytes / 1e6 }") MB of HTML; .warc $(awk "BEGIN { printf \"%.1f\", $warc_bytes / 1e6 }") MB, .warc.gz $(awk "BEGIN { printf \"%.1f\", $gz_bytes / 1e6 }") MB; $CORES cores; load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| input | wall time (mean ± σ) | pages/s | MB/s of HTML | time ÷ directory, all cores | CPU time (user + sys) | pages per CPU second |"
echo "|---|---|---|---|---|---|---|"
# Wall time is what a user waits; CPU time is the work done, which other load on the machine
# does not change.
jq -r --argjson n "$N" --argjson bytes "$html_bytes" '
  .results as $r | ($r[0].mean) as $base |
  $r[] | (.user + .system) as $cpu |
  "| \(.command) | \(.mean * 1000 | round) ± \(.stddev * 1000 | round) ms | \($n / .mean | round) | \($bytes / 1e6 / .mean * 10 | round / 10) | \(.mean / $base * 100 | round / 100)× | \($cpu * 1000 | round) ms | \($n / $cpu | round) |"
' "$OUT/hyperfine.json"
