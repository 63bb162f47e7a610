"""Execute the book's notebooks in parallel into the build's execution cache.

Jupyter Book 1 (``execute_notebooks: cache``) executes notebooks one after the other while Sphinx
reads them, which leaves every core but one idle.  ``scripts/build.sh`` runs this script first: it
finds the notebooks of ``_toc.yml`` that the cache (``_build/.jupyter_cache``) does not hold, runs
them several at a time (one kernel per core), with the build's own settings (``execute.timeout``,
``execute.allow_errors``, the notebook's folder as working directory, the same environment), and
stores them in that cache.  The build then finds every notebook cached, exactly as if it had run
them itself.

A notebook that fails here is not cached: the build runs it again and reports the failure as usual
(with the traceback, and the build fails).

The cache knows a notebook by its code only, but the outputs also depend on ``optlib`` (the frames
it draws, the checkers' messages) and on the pinned packages.  So a fingerprint of ``optlib/`` and
the pins (``binder/requirements.txt``, ``requirements.txt``) is kept beside the cache; when it
changes, the cache is emptied and every notebook runs again.

    python scripts/execute_notebooks.py [--jobs N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import nbformat
import yaml
from optcourse_site import notebook_times
from optcourse_site.layout import toc_notebooks

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "_build" / ".jupyter_cache"
FINGERPRINT = CACHE / "optlib-inputs.sha256"
#: typical seconds of each notebook, kept in the repository (a clean build, with no times of its own
#: yet, still starts the longest first; only the order depends on it: refresh it from SECONDS when the
#: notebooks' times change a lot), and how long each took in the last build (nbval runs the longest
#: first too: optcourse_site.pytest_plugin reads the record without importing jupyter_cache)
TYPICAL_SECONDS, SECONDS, _ = notebook_times.records(ROOT)


def inputs_fingerprint() -> str:
    """A digest of what the notebooks' outputs depend on besides their own code."""
    digest = hashlib.sha256()
    pins = [ROOT / "binder" / "requirements.txt", ROOT / "binder" / "runtime.txt", ROOT / "requirements.txt"]
    for path in sorted([*(ROOT / "optlib").rglob("*.py"), *(p for p in pins if p.exists())]):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


#: the thread pools of NumPy's BLAS and OpenMP, sized by these variables when a kernel starts
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _execute(path: str, timeout: int, allow_errors: bool, threads: int):
    """Run one notebook in a kernel from its own folder (in a worker process)."""
    from jupyter_cache.executors.utils import single_nb_execution

    # kernels side by side share the cores: each gets its share of threads (more would only make
    # them wait for each other); a setting of the caller's wins
    for name in THREAD_VARIABLES:
        os.environ.setdefault(name, str(threads))
    # the kernel's own stderr (jupyter_client's notice about TCP transport, once per kernel) is not
    # shown: a cell's error is in its outputs, and a notebook that fails is run again by the build,
    # which reports it in full
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)

    nb = nbformat.read(path, as_version=4)
    result = single_nb_execution(nb, cwd=str(Path(path).parent), timeout=timeout, allow_errors=allow_errors,
                                 meta_override=True)
    return path, nbformat.writes(nb), result.time, result.exc_string if result.err is not None else None


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="notebooks run at once (default: cores)")
    args = ap.parse_args(argv)

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8")).get("execute", {})
    if config.get("execute_notebooks", "auto") != "cache" or config.get("run_in_temp", False):
        return 0  # only the cache mode, run in the notebook's folder, is mirrored here
    timeout, allow_errors = int(config.get("timeout", 30)), bool(config.get("allow_errors", False))

    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache = get_cache(str(CACHE))
    fingerprint = inputs_fingerprint()
    if not FINGERPRINT.exists() or FINGERPRINT.read_text().strip() != fingerprint:
        if cache.list_cache_records():
            print("==> optlib or the pinned packages changed: every notebook runs again", flush=True)
        cache.clear_cache()  # (removes the folder)
        cache = get_cache(str(CACHE))
        CACHE.mkdir(parents=True, exist_ok=True)
        FINGERPRINT.write_text(fingerprint + "\n")
    todo = []
    for path in toc_notebooks(ROOT):
        try:
            cache.match_cache_notebook(nbformat.read(path, as_version=4))
        except KeyError:
            todo.append(path)
    if not todo:
        return 0
    # longest first (the last known run of each file, or its typical time), so the last kernel to
    # finish starts early
    seconds_of = notebook_times.read(SECONDS)
    last = {**notebook_times.read(TYPICAL_SECONDS), **seconds_of}
    last.update({Path(r.uri).relative_to(ROOT).as_posix(): r.data.get("execution_seconds", 0)
                 for r in cache.list_cache_records() if Path(r.uri).is_relative_to(ROOT)})
    todo.sort(key=lambda p: -last.get(Path(p).relative_to(ROOT).as_posix(), float("inf")))
    jobs = max(1, min(args.jobs, len(todo)))
    print(f"==> executing {len(todo)} notebook(s), {jobs} at a time, into {CACHE.relative_to(ROOT)}", flush=True)
    t0, failed = time.perf_counter(), 0
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        threads = max(1, (os.cpu_count() or 1) // jobs)
        futures = [pool.submit(_execute, str(p), timeout, allow_errors, threads) for p in todo]
        for future in as_completed(futures):
            path, text, seconds, error = future.result()
            rel = Path(path).relative_to(ROOT)
            if error is not None:
                failed += 1
                print(f"    {rel}: failed after {seconds:.1f} s (the build will run it again and report it)",
                      flush=True)
                continue
            cache.cache_notebook_bundle(CacheBundleIn(nbformat.reads(text, as_version=4), path,
                                                      data={"execution_seconds": seconds}),
                                        check_validity=False, overwrite=True)
            seconds_of[rel.as_posix()] = round(seconds, 2)
            SECONDS.write_text(json.dumps(seconds_of, indent=1, sort_keys=True) + "\n")
            print(f"    {rel}: {seconds:.1f} s", flush=True)
    print(f"    {len(todo) - failed} cached in {time.perf_counter() - t0:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
