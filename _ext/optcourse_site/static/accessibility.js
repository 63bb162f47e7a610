/*
 * Accessibility of the widgets the page's ipywidgets manager draws in the browser
 * (added to every page by _ext/accessibility.py).
 *
 * The sliders of optlib.widgets.slider_figure are ipywidgets SelectionSliders.  Their handle is an
 * ARIA slider with no name, and its aria-valuetext is the index of the value (0, 1, 2...), not the
 * value the reader sees.  Here every slider handle is named by its visible label
 * (aria-labelledby) and says the value shown in its readout (aria-valuetext); the frame a slider
 * switches is a polite live region, so a screen reader reads the new figure's alternative text.
 * The widgets are drawn after the page loads and redrawn as the sliders move, so a
 * MutationObserver applies the fixes whenever the widgets change.  Display formulas take the keyboard
 * focus (one that is wider than the column scrolls sideways).
 */
(function () {
  "use strict";
  var counter = 0;

  function fixSlider(slider) {
    var handle = slider.querySelector("[role=slider]");
    if (!handle) return;
    var label = slider.querySelector("label.widget-label");
    if (label && label.textContent.trim()) {
      if (!label.id) label.id = "optcourse-slider-label-" + ++counter;
      if (handle.getAttribute("aria-labelledby") !== label.id) handle.setAttribute("aria-labelledby", label.id);
    }
    var readout = slider.querySelector(".widget-readout");
    var text = readout ? readout.textContent.trim() : "";
    if (text && handle.getAttribute("aria-valuetext") !== text) handle.setAttribute("aria-valuetext", text);
  }

  function fixAll() {
    document.querySelectorAll(".widget-slider").forEach(fixSlider);
    // ipywidgets writes title="null" on labels of widgets without a tooltip
    document.querySelectorAll('label.widget-label[title="null"]').forEach(function (l) {
      l.removeAttribute("title");
    });
    document.querySelectorAll(".optlib-slider-figure").forEach(function (fig) {
      var frames = fig.lastElementChild;
      if (frames && !frames.hasAttribute("aria-live")) frames.setAttribute("aria-live", "polite");
    });
  }

  // A display formula can be wider than the column (it then scrolls sideways, and how wide it is
  // changes as fonts load and the window is resized): every display formula takes the keyboard
  // focus, so that it can be scrolled without a mouse.  (MathJax's context menu, left out to keep
  // the pages light, used to make every formula focusable.)
  function focusableFormulas() {
    document.querySelectorAll('mjx-container[display="true"]:not([tabindex])').forEach(function (m) {
      m.setAttribute("tabindex", "0");
    });
  }

  function whenTypeset() {
    var mj = window.MathJax;
    if (mj && mj.startup && mj.startup.promise) {
      mj.startup.promise.then(focusableFormulas);
    } else if (document.querySelector(".math")) {
      setTimeout(whenTypeset, 100);
    }
  }

  function start() {
    fixAll();
    whenTypeset();
    new MutationObserver(fixAll).observe(document.body, {
      subtree: true, childList: true, characterData: true,
      attributes: true, attributeFilter: ["aria-valuetext", "title"],
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
