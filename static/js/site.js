/*
 * Progressive enhancement only: the site works fully without this file.
 *
 * <details data-collapse-below="60em" open> – the filter panel is open by default (no JS, wide
 * screens); on narrow screens it starts closed so the results are not pushed far down.
 */
(function () {
  "use strict";
  document.querySelectorAll("details[data-collapse-below]").forEach(function (details) {
    var query = window.matchMedia("(max-width: " + details.dataset.collapseBelow + ")");
    if (query.matches) {
      details.open = false;
    }
  });
})();
