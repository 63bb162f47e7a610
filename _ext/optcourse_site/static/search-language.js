/*
 * Search results in the reader's language first (_ext/optcourse_site/search.py).
 *
 * The site has one search index for both languages.  On a language's search page, results from
 * pages of that language come first (each group keeps Sphinx's own order), then the other
 * language's, each of which is marked with its language (a label and its lang attribute).  From
 * file:// (the offline copy) the results come without excerpts (the browser forbids reading them).  The
 * language switch of the search page keeps the query.  When every result is listed, the results
 * block gets data-search-done="true" (the browser tests wait for it).
 */
(function () {
  "use strict";
  var config = window.OPTCOURSE_SEARCH || {};
  var lang = document.documentElement.lang || "en";
  var prefix = config.prefix || "book/";
  var names = config.languages || {};
  // far above any score Sphinx gives, so that the page's language comes first as a group
  var BOOST = 1000000;

  function languageOf(path) {
    // "book/ja/02_sgd.html" -> "ja"; pages outside the language trees have none
    if (path.indexOf(prefix) !== 0) return null;
    var code = path.slice(prefix.length).split("/")[0];
    return Object.prototype.hasOwnProperty.call(names, code) ? code : null;
  }

  // Sphinx's searchtools.js (loaded before this script, in the page's head) declares Scorer and
  // Search; the query runs when the page has loaded, so both are hooked now
  if (typeof Scorer !== "undefined") {
    var score = Scorer.score;
    Scorer.score = function (result) {
      var base = score ? score(result) : result[4];
      return languageOf(result[0]) === lang ? base + BOOST : base;
    };
  }
  // Opened from file:// (the offline copy), the browser lets no page read another with fetch(), which
  // Sphinx uses for the excerpt under each result: list the results without excerpts there
  if (location.protocol === "file:" && typeof DOCUMENTATION_OPTIONS !== "undefined") {
    DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false;
  }
  var searchDone = false;
  if (typeof Search !== "undefined" && Search.stopPulse) {
    var stop = Search.stopPulse;
    Search.stopPulse = function () {
      var out = stop.apply(this, arguments);
      // Sphinx writes the summary right after this call: mark the list as complete after it
      queueMicrotask(function () {
        searchDone = true;
        finish();
      });
      return out;
    };
  }

  function root() {
    return new URL(document.documentElement.dataset.content_root || "./", location.href).href;
  }

  function mark(item) {
    if (item.dataset.optcourseLang !== undefined) return;
    var link = item.querySelector("a");
    var href = link ? link.href.split("#")[0].split("?")[0] : "";
    var base = root();
    var code = href.indexOf(base) === 0 ? languageOf(href.slice(base.length)) : null;
    item.dataset.optcourseLang = code || "";
    if (code && code !== lang) {
      item.lang = code;
      item.classList.add("optcourse-other-language");
      var label = document.createElement("span");
      label.className = "optcourse-search-language";
      label.textContent = names[code] || code;
      link.insertAdjacentElement("afterend", label);
    }
  }

  function markAll() {
    document.querySelectorAll("#search-results ul.search > li").forEach(mark);
  }

  function finish() {
    var results = document.getElementById("search-results");
    if (!results || !searchDone) return;
    markAll();
    results.dataset.searchDone = "true";
  }

  function start() {
    var results = document.getElementById("search-results");
    if (!results) return;
    new MutationObserver(markAll).observe(results, {childList: true, subtree: true});
    finish();  // (in case the search ended before this ran)
    // the other language's search page gets the same query
    var query = new URLSearchParams(location.search).get("q");
    document.querySelectorAll("a.lang-switch-link").forEach(function (a) {
      if (query) a.href = a.href.split("?")[0] + "?q=" + encodeURIComponent(query);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
