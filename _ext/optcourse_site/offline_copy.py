"""Sphinx extension: the whole site as one zip, for reading offline.

The built site needs no network (``offline_assets``), so it works as files on the reader's own
computer, opened from ``file://``.  At the end of every HTML build the site is packed into
``optcourse-offline.zip`` at its root (one folder inside; ``index.html`` in it opens the book), and
the ``offline-download`` directive links it, with its size, in the language it is given::

    ```{offline-download} ja
    ```

The size is written into the page after the zip is made, and that page is the last thing packed,
so the size the page shows is the size of the zip that holds it.
"""

from __future__ import annotations

import html
import posixpath
import re
import shutil
import zipfile
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

ZIP_NAME = "optcourse-offline.zip"
FOLDER = "optcourse-offline"  # the one folder inside the zip
SIZE_RE = re.compile(r'(<span class="offline-size">)[^<]*(</span>)')
STORED = {".png", ".jpg", ".jpeg", ".gif", ".woff", ".woff2", ".zip", ".gz"}  # compressed already

TEXT = {
    "ja": ("オフライン版をダウンロード（サイト全体の zip、{size}）",
           "展開したフォルダーの index.html をブラウザーで開くと、ネットワークなしで読めます。"
           "スライダー、数式、検索もそのまま動きます。"),
    "en": ("Download the offline copy (the whole site as a zip, {size})",
           "Unzip it and open index.html in its folder with your browser: the book works with no "
           "network, sliders, formulas and search included."),
}


class OfflineDownload(SphinxDirective):
    """A link to the site's zip, with its size, in the language given as argument."""

    required_arguments = 1
    option_spec = {"class": directives.class_option}

    def run(self):
        lang = self.arguments[0]
        if lang not in TEXT:
            raise self.error(f"offline-download: no words for language {lang!r} (known: {', '.join(TEXT)})")
        label, note = TEXT[lang]
        href = posixpath.relpath(ZIP_NAME, posixpath.dirname(self.env.docname) or ".")
        size = '<span class="offline-size">…</span>'
        markup = (f'<p class="offline-download" lang="{lang}"><a href="{html.escape(href)}" download>'
                  f'{html.escape(label).replace("{size}", size)}</a><br>'
                  f'<span class="offline-note">{html.escape(note)}</span></p>')
        return [nodes.raw("", markup, format="html")]


def format_size(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


def _add(zf: zipfile.ZipFile, path: Path, arcname: str, data: bytes | None = None):
    kind = zipfile.ZIP_STORED if path.suffix.lower() in STORED else zipfile.ZIP_DEFLATED
    if data is None:
        zf.write(path, arcname, compress_type=kind)
    else:
        zf.writestr(zipfile.ZipInfo.from_file(path, arcname), data, compress_type=kind)


def make_zip(outdir: Path) -> tuple[Path, int]:
    """Pack ``outdir`` into ``outdir/ZIP_NAME`` and write its size into the pages that link it."""
    target = outdir / ZIP_NAME
    files = sorted(p for p in outdir.rglob("*")
                   if p.is_file() and p != target and p.name != ".buildinfo" and not p.name.startswith(ZIP_NAME))
    linking = [p for p in files if p.suffix == ".html" and b'class="offline-size"' in p.read_bytes()]
    base = outdir / (ZIP_NAME + ".part")
    with zipfile.ZipFile(base, "w", compresslevel=6) as zf:
        for path in files:
            if path not in linking:
                _add(zf, path, f"{FOLDER}/{path.relative_to(outdir).as_posix()}")
    # the pages that show the size go last: try the size of the zip they make until it holds
    size_text, work = None, outdir / (ZIP_NAME + ".try")
    for _ in range(5):
        shutil.copyfile(base, work)
        pages = {p: SIZE_RE.sub(lambda m: m.group(1) + (size_text or "…") + m.group(2),
                                p.read_text(encoding="utf-8")) for p in linking}
        with zipfile.ZipFile(work, "a", compresslevel=6) as zf:
            for path, text in pages.items():
                _add(zf, path, f"{FOLDER}/{path.relative_to(outdir).as_posix()}", text.encode("utf-8"))
        size = work.stat().st_size
        if size_text == format_size(size):
            break
        size_text = format_size(size)
    else:
        logger.warning(f"offline copy: the size shown ({size_text}) may differ from the zip's ({format_size(size)})")
    for path, text in pages.items():
        path.write_text(text, encoding="utf-8")
    work.replace(target)
    base.unlink()
    return target, size


def _on_build_finished(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    target, size = make_zip(Path(app.outdir))
    logger.info(f"offline copy: {target.name}, {format_size(size)}")


def setup(app):
    app.add_directive("offline-download", OfflineDownload)
    # after the other extensions have copied their files into the site (priority 500)
    app.connect("build-finished", _on_build_finished, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
