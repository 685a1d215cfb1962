#!/usr/bin/env bash
# The Python figures of BENCHMARKS.md ("From Python and Spark"): a release wheel in its own
# virtualenv (target/py-bench-venv, with trafilatura), the batch benchmark's corpus
# (examples/bench_corpus.rs), then python/bench/bench.py, which prints the tables.
#   python/bench/run.sh [N]        N pages (default 1000); RUNS=3 by default
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-1000}
VENV=${CAIXIN_PY_BENCH_VENV:-target/py-bench-venv}
REQ=python/bench/requirements.txt
if [[ ! -x $VENV/bin/python ]] || ! cat "$REQ" python/requirements-test.txt | cmp -s - "$VENV/requirements.txt"; then
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  (cd python/bench && "../../$VENV/bin/pip" install --quiet --disable-pip-version-check -r requirements.txt)
  cat "$REQ" python/requirements-test.txt > "$VENV/requirements.txt"
fi
cargo build --locked --release --bin caixin-export --example bench_corpus
rm -rf target/wheels/release
"$VENV/bin/maturin" build --locked --release --manifest-path python/Cargo.toml --target-dir target/python --interpreter "$VENV/bin/python" --out target/wheels/release
"$VENV/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps target/wheels/release/caixin_sidebar-*.whl
OUT=target/bench-python
mkdir -p "$OUT"
target/release/examples/bench_corpus "$OUT" "$N" >&2
export JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
PYSPARK_PYTHON=$PWD/$VENV/bin/python "$VENV/bin/python" python/bench/bench.py "$OUT" target/release/caixin-export
