"""The site's own tools, without a build: the book's layout, the joining of Japanese lines, the
offline zip, and the Binder-facing pieces they read."""

from __future__ import annotations

import zipfile
from pathlib import Path

from docutils import nodes
from optcourse_site.cjk import SPACED_BREAK, join_lines
from optcourse_site.layout import Layout, from_config, toc_entries
from optcourse_site.offline_copy import FOLDER, ZIP_NAME, format_size, make_zip

ROOT = Path(__file__).resolve().parents[1]


# ---- layout ---------------------------------------------------------------------------------------
def test_layout_knows_languages_twins_and_pages_outside_the_trees():
    lay = Layout({"ja": "日本語", "en": "English"}, "book/")
    assert lay.page_language("book/ja/02_sgd") == "ja"
    assert lay.page_language("book/en/sub/page") == "en"
    assert lay.page_language("book/index") is None
    assert lay.page_language("book/fr/02_sgd") is None
    assert lay.page_language("search") is None
    assert lay.twin("book/ja/02_sgd") == "book/en/02_sgd"
    assert lay.twin("book/en/sub/page") == "book/ja/sub/page"
    assert lay.twin("book/index") is None
    assert lay.search_pages() == {"ja": "book/ja/search", "en": "book/en/search"}


def test_layout_follows_the_configuration():
    lay = Layout({"en": "English", "fr": "Français"}, "lessons/")
    assert lay.page_language("lessons/fr/a") == "fr" and lay.page_language("book/ja/a") is None
    assert lay.twin("lessons/en/a") == "lessons/fr/a"
    configured = from_config(ROOT)
    assert list(configured.languages) == ["ja", "en"] and configured.prefix == "book/"


def test_toc_walk_reads_parts_chapters_and_sections_in_order():
    toc = {"root": "book/index", "parts": [
        {"caption": "a", "chapters": [{"file": "book/ja/index", "sections": [{"file": "book/ja/01.ipynb"}]}]},
        {"caption": "b", "chapters": [{"file": "book/en/index.md"}]}]}
    assert toc_entries(toc) == ["book/index", "book/ja/index", "book/ja/01", "book/en/index"]


# ---- Japanese soft line breaks -----------------------------------------------------------------------
def _paragraph(*children) -> nodes.paragraph:
    return nodes.paragraph("", "", *children)


def test_soft_breaks_between_japanese_characters_are_removed_also_across_markup():
    p = _paragraph(nodes.Text("切り替えるので、\n"), nodes.strong("", "カーネル"),
                   nodes.Text("なしでも\n動きます。\nAdam\nの更新 2\n歩目"))
    assert join_lines(p) == 2
    assert p.astext() == "切り替えるので、カーネルなしでも動きます。\nAdam\nの更新 2\n歩目"


def test_empty_text_nodes_between_do_not_hide_the_characters_around_a_break():
    # as MyST writes "**ステップ 1: 確認**\n誤差…": the bold text, an empty text, the break, the next line
    p = _paragraph(nodes.Text(""), nodes.strong("", "ステップ 1: 確認（勾配）"), nodes.Text(""), nodes.Text("\n"),
                   nodes.Text("誤差逆伝播法"))
    assert join_lines(p) == 1
    assert p.astext() == "ステップ 1: 確認（勾配）誤差逆伝播法"


def test_code_and_formulas_keep_their_line_breaks():
    p = _paragraph(nodes.literal("", "関数\n名前"), nodes.Text(" と "), nodes.math("", "学習\n率"))
    assert join_lines(p) == 0
    assert p.astext() == "関数\n名前 と 学習\n率"


def test_the_built_page_check_sees_a_spaced_break():
    assert SPACED_BREAK.search("ので、\nカーネル") and SPACED_BREAK.search("学習 \n 率")
    assert not SPACED_BREAK.search("Adam\nの") and not SPACED_BREAK.search("ので、カーネル")


# ---- the offline zip ---------------------------------------------------------------------------------------
def test_offline_zip_holds_the_site_and_the_page_shows_the_zip_size(tmp_path):
    site = tmp_path / "html"
    (site / "book").mkdir(parents=True)
    (site / "index.html").write_text('<meta http-equiv="refresh" content="0; url=book/index.html">')
    (site / "book" / "index.html").write_text(
        '<p><a href="../optcourse-offline.zip">zip, <span class="offline-size">…</span></a></p>' + "x" * 5000)
    (site / "_static").mkdir()
    (site / "_static" / "a.png").write_bytes(bytes(range(256)) * 40)
    (site / ".buildinfo").write_text("not shipped")
    target, size = make_zip(site)
    assert target == site / ZIP_NAME and size == target.stat().st_size
    with zipfile.ZipFile(target) as zf:
        assert sorted(zf.namelist()) == [f"{FOLDER}/_static/a.png", f"{FOLDER}/book/index.html", f"{FOLDER}/index.html"]
        page = zf.read(f"{FOLDER}/book/index.html").decode()
    assert f'<span class="offline-size">{format_size(size)}</span>' in page
    assert (site / "book" / "index.html").read_text() == page
    assert not list(site.glob(ZIP_NAME + ".*")), "work files left behind"
    # built again (the page now shows a size): the same size comes back
    _, again = make_zip(site)
    assert format_size(again) == format_size(size)


# ---- an edited script or template rewrites the pages -------------------------------------------------
def test_an_edit_to_the_sites_scripts_or_templates_marks_every_page_outdated(tmp_path, monkeypatch):
    import optcourse_site

    static, templates = tmp_path / "static", tmp_path / "templates"
    static.mkdir()
    templates.mkdir()
    (static / "a.js").write_text("one", encoding="utf-8")
    (templates / "page.html").write_text("<p>", encoding="utf-8")
    monkeypatch.setattr(optcourse_site, "HERE", tmp_path)
    monkeypatch.setattr(optcourse_site, "STATIC", static)
    monkeypatch.setattr(optcourse_site, "TEMPLATES", templates)

    class Env:  # what the hook reads and keeps of Sphinx's build environment
        found_docs = {"book/ja/01", "book/en/01"}

    env = Env()
    outdated = optcourse_site._pages_follow_the_folders
    assert outdated(None, env, set(), set(), set()) == ["book/en/01", "book/ja/01"]  # the first build
    assert outdated(None, env, set(), set(), set()) == []                            # nothing changed
    (static / "a.js").write_text("two", encoding="utf-8")
    assert outdated(None, env, set(), set(), set()) == ["book/en/01", "book/ja/01"]
    (templates / "page.html").write_text("<p class=x>", encoding="utf-8")
    assert outdated(None, env, set(), set(), set()) == ["book/en/01", "book/ja/01"]
    (static / "b.css").write_text("", encoding="utf-8")                                # a new file
    assert outdated(None, env, set(), set(), set()) == ["book/en/01", "book/ja/01"]
    assert outdated(None, env, set(), set(), set()) == []
