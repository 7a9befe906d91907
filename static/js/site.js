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

/*
 * <fieldset data-shown-for-kind="new_entry"> in the suggestion form: shown only while the
 * "kind" radio button with that value is chosen. Without this script it is always shown, with a
 * note that it is only needed for a new entry.
 */
(function () {
  "use strict";
  document.querySelectorAll("fieldset[data-shown-for-kind]").forEach(function (fieldset) {
    var radios = fieldset.form ? fieldset.form.querySelectorAll("input[name='kind']") : [];
    function update() {
      var chosen = fieldset.form.querySelector("input[name='kind']:checked");
      fieldset.hidden = Boolean(chosen) && chosen.value !== fieldset.dataset.shownForKind;
    }
    radios.forEach(function (radio) {
      radio.addEventListener("change", update);
    });
    if (radios.length) {
      update();
    }
  });
})();
