/*
 * "Live code" on a lesson page (added to every page by _ext/live_code.py).
 *
 * The launch menu's "Live Code" button calls initThebe().  It loads Thebe 0.9 from the site itself
 * (_static/vendor/thebe/), turns the page's code cells into editable cells and connects them to a
 * Jupyter kernel:
 *
 * - by default a kernel on mybinder.org, built from the repository and branch in _config.yml
 *   (the page's <script type="text/x-thebe-config"> written by sphinx-thebe);
 * - or a Jupyter server on the reader's own computer: open the page with
 *   ?jupyter=http://localhost:8888/&token=TOKEN (the server started with
 *   --ServerApp.allow_origin set to this site's origin).  Only localhost addresses are accepted, so a
 *   link cannot send the page's code to somebody else's server; the choice is kept for the tab's
 *   other pages (sessionStorage).
 *
 * Once the kernel runs the cells, optlib's sliders are live: the kernel draws the figure for any
 * value.  Messages and Thebe's buttons speak the page's language.  Nothing here runs until the
 * button is pressed.
 */
(function () {
  "use strict";

  var LOCAL_HOSTS = ["localhost", "127.0.0.1", "[::1]"];
  // Thebe's widget manager fetches RequireJS from this CDN before it loads any widget class
  var REQUIREJS_CDN = "https://cdnjs.cloudflare.com/ajax/libs/require.js/2.3.6/require.min.js";

  var TEXT = {
    ja: {
      loading: "ライブコードを読み込んでいます…",
      binder: "mybinder.org でカーネルを起動しています (数分かかることがあります)…",
      local: "このコンピューターの Jupyter に接続しています…",
      session: "カーネルを起動しています…",
      ready: "ライブコード: カーネルにつながりました。セルを編集して実行できます。実行した図のスライダーは、カーネルがどの値でも描き直します。",
      failed: "ライブコード: カーネルに接続できませんでした。",
      buttons: {
        run: ["実行", "このセルを実行"],
        runall: ["すべて実行", "すべてのセルを実行"],
        restart: ["再起動", "カーネルを再起動"],
        restartall: ["再起動してすべて実行", "カーネルを再起動してすべてのセルを実行"],
      },
    },
    en: {
      loading: "Loading live code…",
      binder: "Starting a kernel on mybinder.org (this can take a few minutes)…",
      local: "Connecting to the Jupyter server on this computer…",
      session: "Starting the kernel…",
      ready: "Live code: the kernel is connected. Edit and run the cells; the sliders of a figure you run are redrawn by the kernel, for any value.",
      failed: "Live code: could not connect to a kernel.",
      buttons: {
        run: ["run", "run this cell"],
        runall: ["run all", "run all cells"],
        restart: ["restart", "restart the kernel"],
        restartall: ["restart & run all", "restart the kernel and run all cells"],
      },
    },
  };

  function text() {
    return TEXT[document.documentElement.lang === "ja" ? "ja" : "en"];
  }

  function vendorUrl(path) {
    var root = new URL(document.documentElement.dataset.content_root || "./", location.href);
    return new URL("_static/vendor/" + path, root).href;
  }

  /* A Jupyter server on this computer, from ?jupyter=...&token=... or from earlier in this tab. */
  function localServer() {
    var query = new URLSearchParams(location.search);
    var url = query.get("jupyter") || sessionStorage.getItem("optcourse-jupyter");
    if (!url) return null;
    var parsed;
    try {
      parsed = new URL(url);
    } catch (e) {
      console.warn("[live code] not a URL: " + url);
      return null;
    }
    if (LOCAL_HOSTS.indexOf(parsed.hostname) < 0 || !/^https?:$/.test(parsed.protocol)) {
      console.warn("[live code] only a Jupyter server on localhost is used, not " + parsed.host);
      return null;
    }
    var token = query.get("token") || (query.get("jupyter") ? "" : sessionStorage.getItem("optcourse-jupyter-token") || "");
    sessionStorage.setItem("optcourse-jupyter", parsed.href);
    sessionStorage.setItem("optcourse-jupyter-token", token);
    var base = parsed.href.endsWith("/") ? parsed.href : parsed.href + "/";
    return { baseUrl: base, wsUrl: base.replace(/^http/, "ws"), token: token };
  }

  /* The line under the title that says what live code is doing (a polite live region). */
  function statusBox() {
    var box = document.querySelector(".optlib-live-status");
    if (box) return box;
    var old = document.querySelector(".thebe-launch-button");  // sphinx-book-theme puts it under the h1
    box = document.createElement("p");
    box.className = "thebe-launch-button optlib-live-status";
    box.setAttribute("role", "status");
    if (old) old.replaceWith(box);
    else {
      var h1 = document.querySelector("section h1, h1");
      if (h1) h1.insertAdjacentElement("afterend", box);
      else document.body.prepend(box);
    }
    return box;
  }

  function say(state, message) {
    document.body.dataset.liveCode = state;
    statusBox().textContent = message;
  }

  function load(tag, attrs) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement(tag);
      Object.keys(attrs).forEach(function (k) { el[k] = attrs[k]; });
      el.onload = resolve;
      el.onerror = function () { reject(new Error("could not load " + (attrs.src || attrs.href))); };
      document.head.appendChild(el);
    });
  }

  /* Widget modules the site serves itself, by RequireJS name (a path without ".js"). */
  function modulesOnSite() {
    return { anywidget: vendorUrl("anywidget/index") };
  }

  /* Runs inside Thebe's RequireJS (a hidden frame of its own): when Thebe points a module at its CDN
     (it does so for every module it does not bundle, such as anywidget's), point it at the site's
     copy instead. */
  function keepModulesOnSite(local) {
    var config = require.config;
    require.config = function (options) {
      if (options && options.paths) {
        Object.keys(options.paths).forEach(function (name) {
          if (Object.prototype.hasOwnProperty.call(local, name)) options.paths[name] = local[name];
        });
      }
      return config.apply(this, arguments);
    };
  }

  /* RequireJS from the site, not from the CDN Thebe names.  Thebe evaluates the text it fetches in
     its frame, so the site's copy ends with keepModulesOnSite, run there. */
  function serveRequireJs() {
    var fetch0 = window.fetch.bind(window);
    window.fetch = async function (input, init) {
      var url = typeof input === "string" ? input : input && input.url;
      if (url !== REQUIREJS_CDN) return fetch0(input, init);
      var response = await fetch0(vendorUrl("requirejs/require.js"), init);
      if (!response.ok) return response;
      var source = (await response.text()) + "\n;(" + keepModulesOnSite.toString() + ")(" +
        JSON.stringify(modulesOnSite()) + ");\n";
      return new Response(source, { status: 200, headers: { "Content-Type": "text/javascript" } });
    };
  }

  /* Mark the page's code cells for Thebe: every input with its own output placeholder (Thebe pairs
     inputs and outputs in page order, so a cell without output gets an empty one). */
  function markCells() {
    document.querySelectorAll(".cell").forEach(function (cell) {
      var source = cell.querySelector(".cell_input pre");
      if (!source) return;
      source.setAttribute("data-executable", "true");
      source.setAttribute("data-language", "python");
      var output = cell.querySelector(".cell_output");
      if (!output) {
        output = document.createElement("div");
        output.className = "cell_output docutils container";
        cell.appendChild(output);
      }
      output.setAttribute("data-output", "");
      cell.querySelectorAll("button.copybtn").forEach(function (b) { b.remove(); });
    });
  }

  function translateButtons() {
    var labels = text().buttons;
    Object.keys(labels).forEach(function (slug) {
      document.querySelectorAll(".thebe-" + slug + "-button").forEach(function (b) {
        b.textContent = labels[slug][0];
        b.title = labels[slug][1];
      });
    });
  }

  async function start() {
    var t = text();
    say("loading", t.loading);
    var local = localServer();
    var src = typeof THEBE_JS_URL === "string" ? THEBE_JS_URL : vendorUrl("thebe/index.js");
    try {
      await Promise.all([
        load("link", { rel: "stylesheet", href: vendorUrl("thebe/thebe.css") }),
        load("script", { src: src }),
      ]);
    } catch (e) {
      say("failed", t.failed + " " + e.message);
      throw e;
    }
    serveRequireJs();
    markCells();
    window.thebe.on("status", function (name, data) {
      if (!data) return;
      if (data.status === "launching" || data.status === "building") say("connecting", local ? t.local : t.binder);
      else if (data.subject === "session" && data.status === "starting") say("connecting", t.session);
      else if (/error/.test(data.status)) say("failed", t.failed + " " + (data.message || ""));
    });
    var options = {
      requestKernel: true,
      useBinder: !local,
      mountStatusWidget: false,
      mountActivateWidget: false,
      selector: "[data-executable]",
      outputSelector: "[data-output]",
      mathjaxUrl: "",  // the page's formulas are the site's; outputs need no MathJax 2 from a CDN
      codeMirrorConfig: { theme: "default", mode: "python" },
    };
    if (local) options.serverSettings = local;
    say("connecting", local ? t.local : t.binder);
    try {
      var live = await window.thebe.bootstrap(options);
      if (!live.session) throw new Error("no kernel session");
    } catch (e) {
      say("failed", t.failed + " " + (e && e.message ? e.message : e));
      throw e;
    }
    translateButtons();
    say("ready", t.ready);
  }

  var started = null;
  window.initThebe = function () {
    if (!started) {
      started = start();
      started.catch(function (e) { console.warn("[live code]", e); });
    }
    return started;
  };
})();
