// The ipywidgets manager, as RequireJS modules served by the site itself (no CDN), and started.
// _ext/optcourse_site/offline_assets.py serves the manager's bundle (embed-amd.js) as one file per
// module under _static/vendor/jupyter-widgets/, so a page fetches only the modules it uses, and
// anywidget's module (optlib's route figures) under _static/vendor/anywidget/.  The manager's
// modules find their fonts next to their own address, which these paths make the site's copy.
(function () {
  var root = new URL(document.documentElement.dataset.content_root || "./", location.href);
  var vendor = function (path) { return new URL("_static/vendor/" + path, root).href; };
  var paths = { anywidget: vendor("anywidget/index") };
  ["base", "base7", "controls", "controls7", "html-manager", "html-manager/dist/libembed-amd"].forEach(
    function (name) { paths["@jupyter-widgets/" + name] = vendor("jupyter-widgets/" + name.replace(/\//g, "-")); });
  require.config({ paths: paths });
  // what the bundle's own start-up did: render every widget on the page once it has loaded
  require(["@jupyter-widgets/html-manager/dist/libembed-amd"], function (embed) {
    if (document.readyState === "complete") embed.renderWidgets();
    else window.addEventListener("load", function () { embed.renderWidgets(); });
  });
})();
