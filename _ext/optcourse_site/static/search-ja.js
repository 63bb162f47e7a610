/*
 * The words of Sphinx's search script on the Japanese search page (_ext/optcourse_site/search.py).
 * Sphinx ships a Japanese catalog for its scripts, but it leaves the result summary untranslated;
 * these are this book's words for all of them.  (The search page loads this after Sphinx's scripts.)
 */
(function () {
  "use strict";
  var catalog = {
    locale: "ja",
    messages: {
      "Search Results": "検索結果",
      "Searching": "検索しています",
      "Preparing search...": "検索の準備をしています...",
      "Search finished, found ${resultCount} page(s) matching the search query.":
        "検索が終わりました。${resultCount} ページが見つかりました。",
      "Your search did not match any documents. Please make sure that all words are spelled correctly and that you've selected enough categories.":
        "検索した言葉を含むページは見つかりませんでした。言葉のつづりを確かめてください。",
      ", in ": "、",
    },
    plural_expr: "0",
  };
  // Sphinx's doctools.js declares Documentation (a global const, not a property of window); the
  // search page loads this script after it and before the search runs
  if (typeof Documentation !== "undefined") Documentation.addTranslations(catalog);
})();
