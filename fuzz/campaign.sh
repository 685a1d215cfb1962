#!/usr/bin/env bash
# One fuzzing campaign on one target, with the figures RELIABILITY.md keeps.
#
#   fuzz/campaign.sh TARGET SECONDS [MAX_LEN=2048] [JOBS=1]
#
# TARGET is extract, dates, byline or url. JOBS processes run side by side (under nice) for
# SECONDS each, sharing the work corpus fuzz/corpus-work/TARGET (kept between runs, git-ignored;
# seeded by fuzz/seed.py the first time). The committed corpus fuzz/corpus/TARGET is read as a
# second input folder and never written. An input slower than 1 s is a failure (-timeout=1), as
# is a crash; libFuzzer writes either to fuzz/artifacts/TARGET/.
#
# Needs: rustup toolchain install nightly; cargo install cargo-fuzz.
# Prints one Markdown table row at the end: paste it into RELIABILITY.md.
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:?usage: fuzz/campaign.sh TARGET SECONDS [MAX_LEN] [JOBS]}
seconds=${2:?usage: fuzz/campaign.sh TARGET SECONDS [MAX_LEN] [JOBS]}
max_len=${3:-2048}
jobs=${4:-1}

work=fuzz/corpus-work/$target
committed=fuzz/corpus/$target
artifacts=fuzz/artifacts/$target
logs=fuzz/logs/$target-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$work" "$committed" "$artifacts" "$logs"
[ -n "$(ls -A "$work")" ] || python3 fuzz/seed.py >/dev/null

# Build once (default cargo-fuzz profile: optimised, debug assertions and overflow checks, ASan).
nice -n 10 cargo +nightly fuzz build "$target" >"$logs/build.log" 2>&1 || { tail -30 "$logs/build.log"; exit 1; }
before=$(find "$artifacts" -maxdepth 1 -type f | wc -l)
corpus_before=$(ls "$work" | wc -l)

start=$(date +%s)
pids=()
for i in $(seq 1 "$jobs"); do
  nice -n 10 cargo +nightly fuzz run "$target" "$work" "$committed" -- \
    -max_total_time="$seconds" -max_len="$max_len" -timeout=1 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" >"$logs/job-$i.log" 2>&1 &
  pids+=($!)
done
status=0
for p in "${pids[@]}"; do wait "$p" || status=1; done
elapsed=$(( $(date +%s) - start ))

execs=0
cov=0
ft=0
slowest=0
for log in "$logs"/job-*.log; do
  n=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | awk '{print $2}' | tail -1)
  execs=$(( execs + ${n:-0} ))
  t=$(grep -o 'stat::slowest_unit_time_sec: *[0-9]*' "$log" | awk '{print $2}' | tail -1)
  [ "${t:-0}" -gt "$slowest" ] && slowest=$t
  # The last status line of the job: "#N  ... cov: C ft: F corp: ..."
  line=$(grep -E '^#[0-9]+.*cov: [0-9]+ ft: [0-9]+' "$log" | tail -1 || true)
  c=$(sed -E 's/.*cov: ([0-9]+).*/\1/' <<<"$line")
  f=$(sed -E 's/.*ft: ([0-9]+).*/\1/' <<<"$line")
  [ "${c:-0}" -gt "$cov" ] && cov=$c
  [ "${f:-0}" -gt "$ft" ] && ft=$f
done
# A timeout on a loaded machine may be the scheduler's, not the input's (libFuzzer times the wall
# clock): each new timeout is run again, alone, three times; one that passes is moved aside to
# $artifacts/unreproduced/ and reported, but not counted. Crashes always count.
unreproduced=0
for a in $(find "$artifacts" -maxdepth 1 -type f \( -name 'timeout-*' -o -name 'slow-unit-*' \) -newer "$logs/build.log"); do
  if nice -n 10 cargo +nightly fuzz run "$target" "$a" -- -runs=3 -timeout=1 >"$logs/rerun-$(basename "$a").log" 2>&1; then
    mkdir -p "$artifacts/unreproduced"
    mv "$a" "$artifacts/unreproduced/"
    echo "not reproduced (passes alone, 3 runs): $artifacts/unreproduced/$(basename "$a")"
    unreproduced=$(( unreproduced + 1 ))
  fi
done
crashes=$(( $(find "$artifacts" -maxdepth 1 -type f | wc -l) - before ))
corpus_after=$(ls "$work" | wc -l)
rate=$(( execs / (elapsed > 0 ? elapsed : 1) ))

echo "logs: $logs"
[ "$unreproduced" -gt 0 ] && echo "$unreproduced timeout(s) not reproduced: a job stopped early; the figures count what ran"
if [ "$crashes" -gt 0 ]; then
  echo "FAILURES ($crashes new in $artifacts):"
  find "$artifacts" -maxdepth 1 -type f -newer "$logs/build.log" | sed "s|^|  |"
  grep -h -A3 -E 'ERROR: libFuzzer|panicked at|SUMMARY' "$logs"/job-*.log | head -40 || true
fi
echo "| target | max_len | jobs | seconds (wall) | executions | exec/s | cov | ft | corpus (before → after) | slowest input (s) | crashes + slow inputs |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
echo "| $target | $max_len | $jobs | $elapsed | $execs | $rate | $cov | $ft | $corpus_before → $corpus_after | $slowest | $crashes |"
# Success: no reproducible failure, and every job ended well or stopped on an unreproduced timeout.
[ "$crashes" -eq 0 ] && { [ "$status" -eq 0 ] || [ "$unreproduced" -gt 0 ]; }
