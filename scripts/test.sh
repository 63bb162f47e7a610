#!/usr/bin/env bash
# Run every test: optlib's unit tests, the book's structure checks, nbval over every notebook,
# the strict build of the site, and the browser tests of the built pages.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test --system
export PATH="$PWD/.venv/bin:$PATH"
export OPTCOURSE_SETUP_DONE=1  # the build inside the tests need not install again
export OPTLIB_STATIC=1  # nbval and the build run the static sliders (tests that want live mode unset it)
exec python -m pytest tests book --nbval-lax -p no:cacheprovider "$@"
