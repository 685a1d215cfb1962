#!/usr/bin/env bash
# The Python package (python/) and the Spark job: a virtualenv under target/ with the pinned tools
# of python/requirements-test.txt from PyPI (made again when that file changes, kept otherwise),
# the wheel built by maturin and pip-installed, then the pytest suite (python/tests/), which
# compares the package and the Spark job (local mode) with the CLI built here.
#
#   scripts/test-python.sh                 # everything
#   scripts/test-python.sh -k warc         # pytest arguments pass through
#   CAIXIN_PY_VENV=/elsewhere scripts/test-python.sh
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n==> %s\n' "$*"; }

VENV=${CAIXIN_PY_VENV:-target/py-venv}
REQ=python/requirements-test.txt
if [[ ! -x $VENV/bin/python ]] || ! cmp -s "$REQ" "$VENV/requirements-test.txt"; then
  step "virtualenv $VENV (pip install -r $REQ)"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$REQ"
  cp "$REQ" "$VENV/requirements-test.txt"
fi

step "the CLI the tests compare with (cargo build --bin caixin-export)"
cargo build --locked --bin caixin-export

step "the wheel (maturin build)"
# The dev profile: the tests need the same answers, not speed (python/bench/ builds --release).
# Its own target directory: built for the Python crate alone, shared crates get other features
# (serde's), and a second build of a crate beside the root's in target/debug/deps breaks the root's
# doctests ("multiple different versions of crate serde_core"; CONTRIBUTING.md, "Toolchain traps").
rm -rf target/wheels/test
"$VENV/bin/maturin" build --locked --manifest-path python/Cargo.toml --target-dir target/python --interpreter "$VENV/bin/python" --out target/wheels/test
"$VENV/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps target/wheels/test/caixin_sidebar-*.whl

step "pytest (package, WARC, GIL, Spark in local mode)"
# Java for Spark: Debian's OpenJDK 17 (scripts/install-deps.sh).
export JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
CAIXIN_EXPORT=$PWD/target/debug/caixin-export "$VENV/bin/python" -m pytest -p no:cacheprovider python/tests "$@"
