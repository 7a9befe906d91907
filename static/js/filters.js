/*
 * Filters that respond: progressive enhancement of the filter form of the list pages
 * (templates/includes/_filters.html). Without this file the form is a plain GET form with a
 * sticky apply button.
 *
 * A change of a checkbox fetches the page for the new address (the same URL the form would
 * submit), then
 * - swaps every element marked [data-live-region] for the one with the same id in the answer
 *   (result count and list, active-filter chips, notices, the search form's hidden state, map);
 * - updates the facet counts in place, so the checkbox just ticked keeps its focus (a facet whose
 *   options changed is replaced, and focus goes to the same option in the new one);
 * - puts the new address in the history (pushState), so that back and forward work (popstate);
 * - announces the new result count in the polite live region #filter-status.
 * The apply button turns into "Show N results": it closes the panel on a phone and moves focus
 * to the results. If a request fails, the form is submitted the ordinary way.
 * After a swap, the event "live-filter:updated" lets other scripts (map.js) enhance new content.
 */
(function () {
  "use strict";
  var form = document.querySelector("form[data-live-filter]");
  if (!form || !window.fetch || !window.DOMParser || !window.history.pushState) {
    return;
  }
  var panel = form.closest("details");
  var status = document.getElementById("filter-status");
  var pending = null;
  var generation = 0;

  function addressOf() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      params.append(name, value);
    });
    var query = params.toString();
    return form.getAttribute("action") + (query ? "?" + query : "");
  }

  function optionKeys(fieldset) {
    return Array.prototype.map
      .call(fieldset.querySelectorAll("input"), function (input) {
        return input.name + "=" + input.value;
      })
      .join("&");
  }

  function findInput(root, name, value) {
    return Array.prototype.find.call(root.querySelectorAll("input"), function (input) {
      return input.name === name && input.value === value;
    });
  }

  // Bring the facets in line with the answer without replacing what did not change.
  function updateFacets(fresh) {
    var container = document.getElementById("filter-facets");
    if (!container || !fresh) {
      return;
    }
    var active = document.activeElement;
    var focusName = active && container.contains(active) ? active.name : null;
    var focusValue = focusName ? active.value : null;
    var seen = [];
    var previous = null;
    Array.prototype.forEach.call(fresh.querySelectorAll("fieldset[data-facet]"), function (next) {
      var name = next.dataset.facet;
      var current = container.querySelector('fieldset[data-facet="' + name + '"]');
      var node;
      if (current && optionKeys(current) === optionKeys(next)) {
        var inputs = current.querySelectorAll("input");
        var counts = current.querySelectorAll(".count");
        var nextInputs = next.querySelectorAll("input");
        var nextCounts = next.querySelectorAll(".count");
        Array.prototype.forEach.call(inputs, function (input, index) {
          input.checked = nextInputs[index].checked;
          input.disabled = nextInputs[index].disabled;
        });
        Array.prototype.forEach.call(counts, function (count, index) {
          if (nextCounts[index] && count.innerHTML !== nextCounts[index].innerHTML) {
            count.innerHTML = nextCounts[index].innerHTML;
          }
        });
        node = current;
      } else {
        node = document.importNode(next, true);
        if (current) {
          current.replaceWith(node);
        } else if (previous) {
          previous.after(node);
        } else {
          container.prepend(node);
        }
      }
      seen.push(node);
      previous = node;
    });
    Array.prototype.forEach.call(container.querySelectorAll("fieldset[data-facet]"), function (old) {
      if (seen.indexOf(old) < 0) {
        old.remove();
      }
    });
    if (focusName && !container.contains(document.activeElement)) {
      var again = findInput(container, focusName, focusValue);
      if (again) {
        again.focus({ preventScroll: true });
      }
    }
  }

  function swapRegions(fresh) {
    document.querySelectorAll("[data-live-region][id]").forEach(function (region) {
      var next = fresh.getElementById(region.id);
      if (next) {
        region.replaceWith(document.importNode(next, true));
      }
    });
  }

  function labelButton() {
    var button = form.querySelector(".filters__apply");
    if (button && button.dataset.liveLabel) {
      button.textContent = button.dataset.liveLabel;
    }
  }

  function announce() {
    var heading = document.getElementById("results-heading");
    if (status && heading) {
      status.textContent = heading.textContent.replace(/\s+/g, " ").trim();
    }
  }

  function load(address, push) {
    if (pending) {
      pending.abort();
    }
    var controller = new AbortController();
    var mine = ++generation;
    pending = controller;
    form.setAttribute("aria-busy", "true");
    return fetch(address, {
      signal: controller.signal,
      credentials: "same-origin",
      headers: { Accept: "text/html" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        if (mine !== generation) {
          return;
        }
        var fresh = new DOMParser().parseFromString(html, "text/html");
        var scrollX = window.scrollX;
        var scrollY = window.scrollY;
        swapRegions(fresh);
        updateFacets(fresh.getElementById("filter-facets"));
        labelButton();
        if (fresh.title) {
          document.title = fresh.title;
        }
        if (push) {
          window.history.pushState({ liveFilter: true }, "", address);
        }
        window.scrollTo(scrollX, scrollY);
        announce();
        document.dispatchEvent(new CustomEvent("live-filter:updated"));
      })
      .catch(function (error) {
        if (error && error.name === "AbortError") {
          return;
        }
        if (push) {
          form.submit(); // the ordinary way still works
        } else {
          window.location.reload();
        }
      })
      .finally(function () {
        if (mine === generation) {
          pending = null;
          form.removeAttribute("aria-busy");
        }
      });
  }

  form.addEventListener("change", function (event) {
    if (event.target.matches("input[type=checkbox]")) {
      load(addressOf(), true);
    }
  });

  form.addEventListener("submit", function (event) {
    if (pending) {
      // Not applied yet: let the browser submit, and drop the fetch so that its answer cannot
      // rewrite the address or the list while the new page loads.
      pending.abort();
      pending = null;
      generation++;
      return;
    }
    event.preventDefault();
    if (panel && panel.dataset.collapseBelow) {
      var narrow = window.matchMedia("(max-width: " + panel.dataset.collapseBelow + ")");
      if (narrow.matches) {
        panel.open = false;
      }
    }
    var heading = document.getElementById("results-heading");
    if (heading) {
      heading.scrollIntoView({ block: "start" });
      heading.focus({ preventScroll: true });
    }
  });

  // On a phone an opened panel moves to the top of the screen, so that its options and the
  // sticky "show N results" button at its bottom are in view together.
  if (panel && panel.dataset.collapseBelow) {
    panel.addEventListener("toggle", function () {
      var narrow = window.matchMedia("(max-width: " + panel.dataset.collapseBelow + ")");
      if (panel.open && narrow.matches) {
        panel.scrollIntoView({ block: "start" });
      }
    });
  }

  window.addEventListener("popstate", function () {
    load(window.location.pathname + window.location.search, false);
  });

  // The page's own entry, so that coming back to it fetches it again.
  window.history.replaceState({ liveFilter: true }, "", window.location.href);
  labelButton();
})();
