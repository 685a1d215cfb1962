#!/usr/bin/env bash
# One fuzzing campaign on one target, with the figures RELIABILITY.md keeps.
#
#   fuzz/campaign.sh TARGET SECONDS [MAX_LEN=2048] [JOBS=1]
#
# TARGET is extract, dates, byline or url. JOBS processes run side by side (under nice) for
# SECONDS each, sharing the work corpus fuzz/corpus-work/TARGET (kept between runs, git-ignored;
# seeded by fuzz/seed.py the first time). The committed corpus fuzz/corpus/TARGET is read as a
# second input folder and never written. An input slower than 1 s is a failure (-timeout=1), as
# is a crash; libFuzzer writes either to fuzz/artifacts/TARGET/. (A timeout that does not happen
# again when the input is run alone is set aside and the job resumes: see `job` below.)
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

# One job: libFuzzer until SECONDS have passed. A timeout on a loaded machine may be the
# scheduler's, not the input's (libFuzzer times the wall clock): the input is run again alone,
# three times; if it passes, it is moved aside to $artifacts/unreproduced/ and the job resumes for
# the time left. A crash, or a timeout that reproduces, ends the job.
job() {
  local i=$1 seg=0 end left log a
  end=$(( $(date +%s) + seconds ))
  while left=$(( end - $(date +%s) )); [ "$left" -gt 0 ]; do
    seg=$(( seg + 1 ))
    log="$logs/job-$i-$seg.log"
    nice -n 10 cargo +nightly fuzz run "$target" "$work" "$committed" -- \
      -max_total_time="$left" -max_len="$max_len" -timeout=1 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$artifacts/" >"$log" 2>&1 && return 0
    a=$(grep -o 'Test unit written to .*' "$log" | sed 's/^Test unit written to //' | tail -1 || true)
    case "$(basename "${a:-none}")" in
      timeout-* | slow-unit-*)
        if nice -n 10 cargo +nightly fuzz run "$target" "$a" -- -runs=3 -timeout=1 >"$log.rerun" 2>&1; then
          mkdir -p "$artifacts/unreproduced"
          mv "$a" "$artifacts/unreproduced/"
          echo "job $i: timeout not reproduced alone (3 runs), resumed: $artifacts/unreproduced/$(basename "$a")"
          continue
        fi
        ;;
    esac
    return 1
  done
}

start=$(date +%s)
pids=()
for i in $(seq 1 "$jobs"); do
  job "$i" &
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
  n=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | awk '{print $2}' | tail -1 || true)
  execs=$(( execs + ${n:-0} ))
  t=$(grep -o 'stat::slowest_unit_time_sec: *[0-9]*' "$log" | awk '{print $2}' | tail -1 || true)
  [ "${t:-0}" -gt "$slowest" ] && slowest=$t
  # The last status line of the job: "#N  ... cov: C ft: F corp: ..."
  line=$(grep -E '^#[0-9]+.*cov: [0-9]+ ft: [0-9]+' "$log" | tail -1 || true)
  c=$(sed -E 's/.*cov: ([0-9]+).*/\1/' <<<"$line")
  f=$(sed -E 's/.*ft: ([0-9]+).*/\1/' <<<"$line")
  [ "${c:-0}" -gt "$cov" ] && cov=$c
  [ "${f:-0}" -gt "$ft" ] && ft=$f
done
mkdir -p "$artifacts/unreproduced"
unreproduced=$(find "$artifacts/unreproduced" -type f -newer "$logs/build.log" | wc -l)
crashes=$(( $(find "$artifacts" -maxdepth 1 -type f | wc -l) - before ))
corpus_after=$(ls "$work" | wc -l)
rate=$(( execs / (elapsed > 0 ? elapsed : 1) ))

echo "logs: $logs"
[ "$unreproduced" -gt 0 ] && echo "$unreproduced timeout(s) not reproduced alone: moved to $artifacts/unreproduced/, not counted"
if [ "$crashes" -gt 0 ]; then
  echo "FAILURES ($crashes new in $artifacts):"
  find "$artifacts" -maxdepth 1 -type f -newer "$logs/build.log" | sed "s|^|  |"
  grep -h -A3 -E 'ERROR: libFuzzer|panicked at|SUMMARY' "$logs"/job-*.log | head -40 || true
fi
echo "| target | max_len | jobs | seconds (wall) | executions | exec/s | cov | ft | corpus (before → after) | slowest input (s) | crashes + slow inputs |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
echo "| $target | $max_len | $jobs | $elapsed | $execs | $rate | $cov | $ft | $corpus_before → $corpus_after | $slowest | $crashes |"
[ "$crashes" -eq 0 ] && [ "$status" -eq 0 ]
