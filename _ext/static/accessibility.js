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
 * MutationObserver applies the fixes whenever the widgets change.
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

  function start() {
    fixAll();
    new MutationObserver(fixAll).observe(document.body, {
      subtree: true, childList: true, characterData: true,
      attributes: true, attributeFilter: ["aria-valuetext", "title"],
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
