#!/usr/bin/env bash
# The committed corpus of one target, rebuilt from the work corpus (what campaigns found) and the
# corpus committed so far: the fewest inputs that keep every feature reached (`cargo fuzz cmin`,
# which prefers short inputs). tests/fuzz_corpus.rs replays it on stable.
#
#   fuzz/minimise.sh TARGET
#
# Inputs are cut to 512 bytes. The readers' corpora keep all features (edges and hit counts): every
# edge of the 2,048-byte corpus, ~96 % of its features, half its size. For extract that would still
# be well over 1 MB, so it keeps edges only (-use_counters=0): ~93 % of the edges of its 1,024-byte
# corpus, ~330 KB.
# Prints the number of files and bytes: the committed corpora stay within a few hundred KB in all.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: fuzz/minimise.sh TARGET}
max_len=512
features=()
[ "$target" = extract ] && features=(-use_counters=0)
all=$(mktemp -d)
mkdir -p "fuzz/corpus/$target" "fuzz/corpus-work/$target"
cp -n "fuzz/corpus-work/$target"/* "fuzz/corpus/$target"/* "$all"/ 2>/dev/null || true
nice -n 10 cargo +nightly fuzz cmin "$target" "$all" -- -max_len="$max_len" "${features[@]}" -timeout=5 >"$all.log" 2>&1 || { tail -20 "$all.log"; exit 1; }
grep -E 'MERGE-OUTER: [0-9]+ new files' "$all.log" || true
rm -rf "fuzz/corpus/$target"
mv "$all" "fuzz/corpus/$target"
chmod 755 "fuzz/corpus/$target"
echo "$target: $(ls "fuzz/corpus/$target" | wc -l) files, $(cat "fuzz/corpus/$target"/* | wc -c) bytes (max_len $max_len)"
