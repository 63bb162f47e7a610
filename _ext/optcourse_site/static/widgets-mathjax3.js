/*
 * The ipywidgets HTML manager typesets widget labels with MathJax 2's API,
 * MathJax.Hub.Queue(["Typeset", MathJax.Hub, element]), whenever window.MathJax exists.  The site
 * serves MathJax 3, which has no Hub: every slider label then threw "Cannot read properties of
 * undefined (reading 'Queue')".  This gives whatever window.MathJax holds (Sphinx's configuration
 * object first, then MathJax 3 itself) a hidden Hub.Queue that typesets with MathJax 3.
 * Added to every page by _ext/offline_assets.py, before the manager and MathJax.
 */
(function () {
  "use strict";
  var hub = {
    Queue: function (command) {
      var element = Array.isArray(command) ? command[2] : null;
      var mj = window.MathJax;
      var ready = mj && mj.startup && mj.startup.promise ? mj.startup.promise : Promise.resolve();
      ready.then(function () {
        var now = window.MathJax;
        if (element && now && typeof now.typesetPromise === "function") return now.typesetPromise([element]);
      }).catch(function (err) { console.warn("MathJax could not typeset a widget label:", err); });
    },
  };
  function withHub(obj) {
    if (obj && typeof obj === "object" && !("Hub" in obj)) {
      Object.defineProperty(obj, "Hub", { value: hub, enumerable: false, configurable: true });
    }
    return obj;
  }
  var current = withHub(window.MathJax);
  Object.defineProperty(window, "MathJax", {
    configurable: true,
    enumerable: true,
    get: function () { return current; },
    set: function (value) { current = withHub(value); },
  });
})();
