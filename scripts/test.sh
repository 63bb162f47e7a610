#!/usr/bin/env bash
# Run every test: optlib's unit tests, the book's structure checks, nbval over every notebook,
# the strict build of the site, and the browser tests of the built pages.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test --system
export PATH="$PWD/.venv/bin:$PATH"
export OPTCOURSE_SETUP_DONE=1  # the build inside the tests need not install again
# nbval runs the lessons as a learner's Jupyter does (live sliders: OPTLIB_STATIC is not set); the
# build inside the tests exports OPTLIB_STATIC=1 itself and checks the static site's frames.
unset OPTLIB_STATIC
exec python -m pytest tests book --nbval-lax -p no:cacheprovider "$@"
