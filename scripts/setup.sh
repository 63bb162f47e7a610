#!/usr/bin/env bash
# Install what the course needs, idempotently: a Python virtual environment in .venv with the
# pinned packages, the pinned npm packages the site serves itself, with --test the Jupyter server of
# the Live Code test in its own environment (.venv-server), and with --system the Debian packages the
# browser tests use. Safe to run again: steps whose inputs did not change are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
want_system=0
for arg in "$@"; do
  case "$arg" in
    --test) want_test=1 ;;
    --system) want_system=1 ;;
    *) echo "setup.sh: unknown option $arg (use --test, --system)" >&2; exit 2 ;;
  esac
done

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# --- Debian packages: Chromium for the browser tests, Noto CJK so Japanese pages render as text
# (and Noto Color Emoji for the pages' few emoji) in the screenshots ---
if [ "$want_system" = 1 ]; then
  missing=()
  for pkg in chromium fonts-noto-cjk fonts-noto-color-emoji; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

# --- Python: .venv with requirements (pinned) ---
PY="${PYTHON:-python3}"
# make_venv DIR: a virtual environment in DIR (pip is the last thing venv installs: a half-made one is
# made again)
make_venv() {
  if [ ! -x "$1/bin/pip" ]; then
    say "creating $1"
    "$PY" -m venv "$1"
  fi
}
# pip_install DIR REQUIREMENTS: the current pip, then the pinned packages, into the environment DIR
pip_install() {
  "$1/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
  "$1/bin/python" -m pip install --quiet --disable-pip-version-check -r "$2"
}
make_venv .venv
req="requirements.txt"; [ "$want_test" = 1 ] && req="requirements-test.txt"
stamp=".venv/.installed-$(cat requirements.txt requirements-test.txt pyproject.toml binder/requirements.txt _ext/pyproject.toml | sha256sum | cut -c1-16)-$want_test"
# (an environment with the test packages also has everything the build needs)
if [ ! -f "$stamp" ] && ! { [ "$want_test" = 0 ] && [ -f "${stamp%-0}-1" ]; }; then
  say "installing Python packages from $req"
  pip_install .venv "$req"
  # the kernel the notebooks name ("python3") must be this environment's
  .venv/bin/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3" >/dev/null
  rm -f .venv/.installed-*
  touch "$stamp"
fi

# --- Python, for the tests only: .venv-server, the Jupyter server of the Live Code test (pinned) ---
# Its own environment, so that .venv (where the lessons' kernels run) stays what the build and a
# learner's kernel have; the server starts kernels from .venv's kernel spec (tests/test_live_code.py).
if [ "$want_test" = 1 ]; then
  make_venv .venv-server
  server_stamp=".venv-server/.installed-$(sha256sum requirements-server.txt | cut -c1-16)"
  if [ ! -f "$server_stamp" ]; then
    say "installing the Jupyter server from requirements-server.txt"
    pip_install .venv-server requirements-server.txt
    rm -f .venv-server/.installed-*
    touch "$server_stamp"
  fi
fi

# --- npm: the ipywidgets HTML manager and MathJax the built site serves itself ---
lock_stamp="node_modules/.installed-$(sha256sum package-lock.json | cut -c1-16)"
if [ ! -f "$lock_stamp" ]; then
  say "installing npm packages (package-lock.json)"
  npm ci --no-audit --no-fund --loglevel=error
  touch "$lock_stamp"
fi
