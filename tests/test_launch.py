"""Launch buttons: every lesson page links to Binder, Colab and (when configured) a JupyterHub, and
carries the Thebe configuration for "Live Code", all built from the one ``repository`` setting of
``_config.yml``.

The site's own build is checked as it is; a small second build (two pages, notebooks not executed)
with a fork's repository, branch, site address (``html.baseurl``) and a JupyterHub shows that these
settings move every link: launch buttons, hreflang and canonical links.
"""

from __future__ import annotations

import html as html_lib
import os
import re
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
LESSONS = sorted(p.relative_to(ROOT).with_suffix("").as_posix() for p in (ROOT / "book").glob("*/*.ipynb"))


def _links(page_html: str) -> dict[str, str]:
    """The launch menu's links by their text (Binder, JupyterHub, Colab)."""
    found = {}
    for href, text in re.findall(r'<a href="([^"]+)"[^>]*>\s*(?:<span[^>]*>.*?</span>\s*)?'
                                 r'<span class="btn__text-container">([^<]+)</span>', page_html, re.S):
        found[text.strip()] = html_lib.unescape(href)
    return found


def _thebe_config(page_html: str) -> str:
    m = re.search(r'<script type="text/x-thebe-config">(.*?)</script>', page_html, re.S)
    assert m, "no Thebe configuration on the page"
    return m.group(1)


def _expect(page_html: str, docname: str, config: dict) -> None:
    repo_url = config["repository"]["url"].rstrip("/")
    branch = config["repository"].get("branch") or "master"
    org, repo = urlsplit(repo_url).path.strip("/").split("/")[:2]
    buttons = config["launch_buttons"]
    links = _links(page_html)
    path = f"{docname}.ipynb"

    binder = urlsplit(links["Binder"])
    assert f"{binder.scheme}://{binder.netloc}" == buttons["binderhub_url"].rstrip("/")
    assert binder.path == f"/v2/gh/{org}/{repo}/{branch}"
    assert parse_qs(binder.query)["urlpath"] == [f"lab/tree/{path}"]

    assert links["Colab"] == f"{buttons['colab_url'].rstrip('/')}/github/{org}/{repo}/blob/{branch}/{path}"

    hub = buttons.get("jupyterhub_url", "").rstrip("/")
    if hub:
        got = urlsplit(links["JupyterHub"])
        assert f"{got.scheme}://{got.netloc}{got.path}" == f"{hub}/hub/user-redirect/git-pull"
        q = parse_qs(got.query)
        assert q["repo"] == [repo_url] and q["branch"] == [branch] and q["urlpath"] == [f"lab/tree/{repo}/{path}"]
    else:
        assert "JupyterHub" not in links

    assert 'onclick="initThebeSBT()"' in page_html, "no Live Code button"
    thebe = _thebe_config(page_html)
    assert f'repo: "{org}/{repo}"' in thebe and f'ref: "{branch}"' in thebe
    assert f'path: "./{docname.rsplit("/", 1)[0]}"' in thebe, "the kernel would not start in the notebook's folder"


@pytest.mark.parametrize("docname", LESSONS)
def test_launch_buttons_point_at_the_configured_repository(build, docname):
    _expect((HTML / f"{docname}.html").read_text(encoding="utf-8"), docname, CONFIG)


def test_one_repository_setting_moves_every_launch_link(build, tmp_path):
    """A fork sets repository.url, branch and launch_buttons.jupyterhub_url: every button follows."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["repository"].update(url="https://github.com/a-teacher/optimization-course-fork", branch="spring-term")
    config["launch_buttons"]["jupyterhub_url"] = "https://hub.example.edu"
    config["execute"]["execute_notebooks"] = "off"  # the links do not depend on the outputs
    config["html"]["baseurl"] = "https://a-teacher.example.edu/optimization/"  # the fork's site
    # paths in a config file are read relative to it: point them back at the repository
    config["html"]["favicon"] = str(ROOT / config["html"]["favicon"])
    config["execute"]["execute_notebooks"] = "off"
    (tmp_path / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    pages = ["book/ja/00_how_to_use", "book/en/00_how_to_use"]
    toc = {"format": "jb-book", "root": "book/index",
           "parts": [{"caption": lang, "chapters": [{"file": f"book/{lang}/index", "sections": [{"file": p}]}]}
                     for lang, p in zip(("ja", "en"), pages)]}
    (tmp_path / "_toc.yml").write_text(yaml.safe_dump(toc), encoding="utf-8")
    env = dict(os.environ, PATH=f"{ROOT / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}")
    proc = subprocess.run(["jupyter-book", "build", ".", "--config", str(tmp_path / "_config.yml"),
                           "--toc", str(tmp_path / "_toc.yml"), "--path-output", str(tmp_path)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    for docname in pages:
        page_html = (tmp_path / "_build" / "html" / f"{docname}.html").read_text(encoding="utf-8")
        _expect(page_html, docname, config)
        # the site's address moves the absolute hreflang links and the canonical link with it
        for lang in ("ja", "en"):
            href = f'{config["html"]["baseurl"]}book/{lang}/00_how_to_use.html'
            assert f'hreflang="{lang}" href="{href}"' in page_html
        assert f'hreflang="x-default" href="{config["html"]["baseurl"]}book/index.html"' in page_html
        assert f'<link rel="canonical" href="{config["html"]["baseurl"]}{docname}.html"' in page_html
