"""Sphinx extension: search in the reader's language, finding Japanese compound words as well as
English words.

**Search pages.**  Each language has its own search page (``book/ja/search.html``,
``book/en/search.html``, see ``layout.search_pages``); the search box of a page sends the query to
the search page of the page's language (``templates/components/search-field.html``), which speaks
that language (``<html lang>``, its words, the messages of Sphinx's search script from
``static/search-ja.js``) and lists the results in the page's language first, then the other
language's, each marked with its language (``static/search-language.js``).  The landing page and
the index keep Sphinx's ``search.html``.

**Words.**  Sphinx's Japanese search splits text into words with TinySegmenter, at build time in
Python and (with sphinx-tsegsearch) at query time in the browser.  The two disagree on compound
words: in a sentence 学習率 becomes 学習 / 率, while the query 学習率 stays one word, so the search
finds nothing; and the one-character piece 的 of 確率的勾配降下法 is never indexed, so that query
fails too.

This search does not guess word boundaries.  Every run of Japanese characters (kanji, hiragana,
katakana) is indexed as its overlapping pairs of characters (bigrams): 学習率 → 学習, 習率.  The
query is split the same way in the browser (``splitQuery`` below), and Sphinx's search keeps the
pages that contain every pair, so any word or phrase of two or more characters is found wherever it
occurs.  Other words (English, numbers, code) are lower-cased and Porter-stemmed as in Sphinx's
English search (the Python and JavaScript stemmers are the same algorithm), so "momentum" and "bias
correction" work on the English pages.  Text is NFKC-normalised at both ends (full-width ＳＧＤ → SGD,
half-width katakana → full width).

The index is registered as the search language ``ja``; ``html_search_language: ja`` selects it.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import snowballstemmer
from sphinx.search import SearchLanguage
from sphinx.search.en import english_stopwords, js_porter_stemmer

from . import book_layout

# Kanji (with 々 〆 and the compatibility block), hiragana, katakana (with ー and the phonetic
# extensions) and half-width katakana.  The JavaScript below uses the very same ranges.
_CJK_RANGES = [
    (0x3005, 0x3006), (0x3040, 0x30FF), (0x31F0, 0x31FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF), (0xFF66, 0xFF9F), (0x20000, 0x2FA1F),
]


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in _CJK_RANGES)


def _is_word_char(ch: str) -> bool:
    # the same class as the browser's /[\p{L}\p{N}_]/u
    return ch == "_" or unicodedata.category(ch)[0] in "LN"


@lru_cache(maxsize=None)  # the index asks about every character of the book: decide each once
def _char_kind(ch: str) -> str | None:
    """``"cjk"`` for a Japanese word character, ``"word"`` for another, None between words."""
    return ("cjk" if _is_cjk(ch) else "word") if _is_word_char(ch) else None


def split_text(text: str) -> list[str]:
    """Words of ``text``: each run of Japanese characters as its bigrams, other words whole."""
    out: list[str] = []
    seg: list[str] = []
    kind = None

    def flush():
        if seg:
            if kind == "cjk" and len(seg) > 1:
                out.extend(seg[i] + seg[i + 1] for i in range(len(seg) - 1))
            else:
                out.append("".join(seg))
            seg.clear()

    for ch in unicodedata.normalize("NFKC", text):
        k = _char_kind(ch)
        if k != kind:
            flush()
            kind = k
        if k:
            seg.append(ch)
    flush()
    return out


def _js_ranges() -> str:
    return "".join(f"\\u{{{lo:x}}}-\\u{{{hi:x}}}" for lo, hi in _CJK_RANGES)


JS_SPLITTER = """
/* bilingual_search: the query is split exactly as the index was (see _ext/bilingual_search.py). */
var OPTCOURSE_CJK = /^[%(ranges)s]$/u;
var splitQuery = function (query) {
  var out = [], seg = [], kind = null;
  var flush = function () {
    if (seg.length === 0) return;
    if (kind === "cjk" && seg.length > 1) {
      for (var i = 0; i + 1 < seg.length; i++) out.push(seg[i] + seg[i + 1]);
    } else {
      out.push(seg.join(""));
    }
    seg = [];
  };
  Array.from(query.normalize("NFKC")).forEach(function (ch) {
    var k = /^[\\p{L}\\p{N}_]$/u.test(ch) ? (OPTCOURSE_CJK.test(ch) ? "cjk" : "word") : null;
    if (k !== kind) { flush(); kind = k; }
    if (k) seg.push(ch);
  });
  flush();
  return out;
};
""" % {"ranges": _js_ranges()}

JS_STEMMER = js_porter_stemmer + """
/* bilingual_search: Japanese bigrams are kept as they are, other words are Porter-stemmed. */
var OptcoursePorterStemmer = Stemmer;
Stemmer = function () {
  var porter = new OptcoursePorterStemmer();
  this.stemWord = function (w) {
    return Array.from(w).some(function (ch) { return OPTCOURSE_CJK.test(ch); }) ? w : porter.stemWord(w);
  };
};
"""


class SearchBilingual(SearchLanguage):
    """Japanese as character bigrams, English Porter-stemmed, in one index."""

    lang = "ja"
    language_name = "Japanese and English"
    stopwords = english_stopwords
    js_splitter_code = JS_SPLITTER
    js_stemmer_code = JS_STEMMER

    def init(self, options):
        self.stemmer = snowballstemmer.stemmer("porter")
        self._stems: dict[str, str] = {}  # the same words come back thousands of times

    def split(self, input: str) -> list[str]:
        return split_text(input)

    def stem(self, word: str) -> str:
        stem = self._stems.get(word)
        if stem is None:
            stem = word if any(_is_cjk(ch) for ch in word) else self.stemmer.stemWord(word.lower())
            self._stems[word] = stem
        return stem

    def word_filter(self, word: str) -> bool:
        # keep every bigram (the query side drops none); drop English stop words and bare numbers,
        # which the browser drops from queries too
        return bool(word) and word not in self.stopwords and not word.isdigit()


def _search_pages(app):
    """One search page per language, made like Sphinx's own ``search.html``."""
    if app.builder.format != "html" or not getattr(app.builder, "search", False):
        return []
    return [(docname, {}, "search.html") for docname in book_layout(app.config).search_pages().values()]


def _on_page_context(app, pagename, templatename, context, doctree):
    lay = book_layout(app.config)
    lang = lay.page_language(pagename)
    if templatename == "search.html":
        context["optcourse_search_lang"] = lang or (app.config.language or "en")
        context["optcourse_search_config"] = {"prefix": lay.prefix, "languages": lay.languages}
    target = lay.search_pages().get(lang)
    pathto = context.get("pathto")
    if target is None or pathto is None:
        return

    # every link to "the search page" (the search box, the search dialog, <link rel="search">)
    # leads to the search page of the page's language
    def pathto_in_language(otheruri, resource=False, baseuri=None):
        if otheruri == "search" and not resource:
            otheruri = target
        return pathto(otheruri, resource) if baseuri is None else pathto(otheruri, resource, baseuri)

    context["pathto"] = pathto_in_language


def setup(app):
    app.add_search_language(SearchBilingual)
    app.connect("html-collect-pages", _search_pages)
    app.connect("html-page-context", _on_page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
