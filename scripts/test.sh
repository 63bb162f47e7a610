#!/usr/bin/env bash
# Run every test: optlib's unit tests, the book's structure checks, nbval over every notebook,
# the strict build of the site, and the browser tests of the built pages.
#
#   bash scripts/test.sh                 # everything (the README's test command, and CI's)
#   bash scripts/test.sh -m unit         # the fast loop: no build, no browser, no kernel
#   bash scripts/test.sh tests/test_x.py # extra arguments go to pytest
#
# Markers (tests/conftest.py gives them; CONTRIBUTING.md says when to use which): unit, build,
# browser, slow.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test --system
export PATH="$PWD/.venv/bin:$PATH"
export OPTCOURSE_SETUP_DONE=1  # the build inside the tests need not install again
# nbval runs the lessons as a learner's Jupyter does (live sliders: OPTLIB_STATIC is not set); the
# build inside the tests exports OPTLIB_STATIC=1 itself and checks the static site's frames.
unset OPTLIB_STATIC
if [ "${1:-}" = "-m" ] && [ "${2:-}" = "unit" ]; then
  # The unit loop (budget 30 s): nbval's notebooks are all "slow", so nbval is not even loaded
  # (loading it imports nbformat and jsonschema: seconds); the tests run on two workers unless
  # the arguments choose (-n).
  workers=(-n 2)
  for arg in "$@"; do case "$arg" in -n|-n*|--numprocesses*) workers=() ;; esac; done
  exec python -m pytest tests -p no:nbval -p no:cacheprovider "${workers[@]}" "$@"
fi
exec python -m pytest tests book --nbval-lax -p no:cacheprovider "$@"
