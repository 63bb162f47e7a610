#!/usr/bin/env bash
# Build the whole bilingual site into _build/html (notebooks are executed, with the cache on).
# Fails on any Sphinx warning or notebook execution error.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${OPTCOURSE_SETUP_DONE:-}" = 1 ] || bash scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
# The static site shows precomputed, jslinked slider frames: the notebook kernels inherit this
# (in a live kernel, on Binder, Colab or Thebe, optlib.widgets draws the figure on each move).
export OPTLIB_STATIC=1
log="_build/build.log"
mkdir -p _build
# Jupyter Book runs notebooks one at a time; run the uncached ones first, one per core, into its cache.
python scripts/execute_notebooks.py
echo "==> building the book (log: $log)"
set +e
jupyter-book build . --path-output . -W -n --keep-going "$@" >"$log" 2>&1
status=$?
set -e
grep -E "(WARNING|ERROR|CRITICAL):|Executing|Executed|Using cached|succeeded|failed" "$log" || true
# Jupyter Book can exit 0 after a failed cell or a warning: read the log as well.
if [ "$status" -ne 0 ] || grep -qE "(WARNING|ERROR|CRITICAL):|Execution Failed|Traceback" "$log"; then
  echo "Build FAILED: see $log" >&2
  exit 1
fi
echo
echo "The site is built. Open it in a browser:"
echo "    file://$PWD/_build/html/index.html"
echo "or serve it (sliders and search work either way):"
echo "    python3 -m http.server --directory _build/html 8000   then open http://localhost:8000"
