/*
 * Zoom, pan and name labels for the server-rendered SVG maps (directory/maps/drawing.py).
 *
 * Progressive enhancement only: without this file the map is a static SVG whose points and
 * arcs are ordinary links. Each map sits in an element with [data-map] whose data-label-*
 * attributes carry the translated button labels (templates/includes/_map_frame.html).
 *
 * - Zoom: mouse wheel or trackpad (around the pointer), pinch (two pointers), the +/− buttons,
 *   the + and − keys; "reset" (button or 0 key) shows the whole map again. Zoom stays between
 *   1× and MAX_ZOOM×, and the view never leaves the map's own area.
 * - Pan: drag with the mouse or a finger; arrow keys while a map link has focus and the map is
 *   zoomed in. A drag never opens the link it started on.
 * - Points keep their size on screen when zoomed; strokes do so through CSS
 *   (vector-effect: non-scaling-stroke).
 * - Label: hovering or focusing a point, arc or highlighted country shows its name (the
 *   element's SVG <title>, moved to aria-label so the browser's own tooltip does not double it).
 *
 * - Permanent labels (text.map__label, placed on the server without overlaps, see
 *   directory/maps/drawing.py place_labels): each keeps 12 px on screen and shows from its
 *   data-min-scale (screen pixels per SVG unit) on, so more names appear as one zooms in.
 * - Targets: every point's transparent hit circle (circle.map__hit) stays at least 12 px in
 *   radius on screen (24 × 24 px, WCAG 2.2 target size) whatever the zoom and screen width.
 * - The +/− buttons zoom towards where the points are (the centre of the points in view), not
 *   the middle of the map. On a narrow screen the map is made taller (fitToPoints) and starts
 *   on the part of the map with the most points; a sideways drag pans to the rest.
 *
 * Only the viewBox and r attributes and CSSOM properties change, both allowed by the site's
 * Content-Security-Policy (no style attributes, no inline script). performance.measure
 * "map-init" records how long setting up all maps took (bench/map_render.py reads it).
 */
(function () {
  "use strict";

  var MAX_ZOOM = 12;
  var BUTTON_STEP = 2;
  var KEY_PAN = 0.15; // share of the visible width or height per arrow key press
  var DRAG_THRESHOLD = 4; // pixels a pointer must move before a press becomes a drag
  var LABELLED = "a.map__link, g.map__item, path.map__land--focus";
  var HIT_RADIUS_PX = 12.5; // 24 px across, and a little to spare for rounding
  var LABEL_FONT_PX = 12;
  var NARROW_WIDTH = 600; // pixels: below, the map is made taller (fitToPoints)
  var MAX_PHONE_HEIGHT = 420;
  var PHONE_RATIO = 0.9; // height to width of the map on a narrow screen

  function enhance(frame) {
    var svg = frame.querySelector("svg.map");
    if (!svg || frame.classList.contains("map-frame--enhanced")) {
      return;
    }
    var box = svg.viewBox.baseVal;
    if (!box || !box.width || !box.height) {
      return;
    }
    // The map's whole area (the view never leaves it) and the home view: the whole area, or on
    // a taller-than-wide frame (phones) its full height, centred on the points.
    var extent = { x: box.x, y: box.y, width: box.width, height: box.height };
    var circles = Array.prototype.map.call(svg.querySelectorAll("circle.map__point"), function (
      circle
    ) {
      return {
        element: circle,
        radius: circle.r.baseVal.value,
        x: circle.cx.baseVal.value,
        y: circle.cy.baseVal.value,
      };
    });
    var hits = Array.prototype.map.call(svg.querySelectorAll("circle.map__hit"), function (hit) {
      return { element: hit, point: hit.parentNode.querySelector("circle.map__point") };
    });
    var labels = Array.prototype.map.call(svg.querySelectorAll("text.map__label"), function (text) {
      return {
        element: text,
        x: parseFloat(text.dataset.x),
        y: parseFloat(text.dataset.y),
        offset: parseFloat(text.dataset.offset),
        minScale: parseFloat(text.dataset.minScale),
      };
    });
    var home = null;
    var view = null;
    var shownItem = null; // the item whose name the tooltip shows

    frame.classList.add("map-frame--enhanced");
    fitToPoints();
    home = homeView(); // after the class: a phone's enhanced map is taller (site.css)
    view = { x: home.x, y: home.y, width: home.width, height: home.height };
    var tooltip = document.createElement("div");
    tooltip.className = "map-tooltip";
    tooltip.setAttribute("aria-hidden", "true");
    tooltip.hidden = true;
    frame.appendChild(tooltip);

    var controls = document.createElement("div");
    controls.className = "map-controls";
    var zoomIn = button("map-controls__in", "+", frame.dataset.labelZoomIn);
    var zoomOut = button("map-controls__out", "\u2212", frame.dataset.labelZoomOut);
    var reset = button("map-controls__reset", "\u21ba", frame.dataset.labelReset);
    controls.append(zoomIn, zoomOut, reset);
    frame.insertBefore(controls, frame.firstChild);
    // A phone shows part of the map's width: say that the rest is a drag away.
    if (home.width < extent.width - 1e-6 && frame.dataset.labelPanHint) {
      var hint = document.createElement("p");
      hint.className = "map-hint";
      hint.textContent = frame.dataset.labelPanHint;
      frame.parentNode.insertBefore(hint, frame.nextSibling);
    }

    // Narrow screens: the whole map would be a strip (343 × 132 px on a phone). Make it taller
    // (PHONE_RATIO of its width, at most MAX_PHONE_HEIGHT); homeView then shows its full height
    // and the part of its width that holds the most points, to be panned sideways.
    function fitToPoints() {
      var width = svg.clientWidth;
      if (!width || width >= NARROW_WIDTH) {
        return;
      }
      var height = Math.min(width * PHONE_RATIO, MAX_PHONE_HEIGHT, window.innerHeight * 0.7);
      if (height > svg.clientHeight + 1) {
        svg.style.height = Math.round(height) + "px";
      }
    }

    // The centre of the `width`-wide band of the map holding the most points.
    function busiestBand(width) {
      var xs = circles.map(function (c) { return c.x; }).sort(function (a, b) { return a - b; });
      var best = { count: 0, centre: extent.x + extent.width / 2 };
      for (var first = 0, last = 0; first < xs.length; first++) {
        while (last < xs.length && xs[last] - xs[first] <= width) {
          last++;
        }
        if (last - first > best.count) {
          best = { count: last - first, centre: (xs[first] + xs[last - 1]) / 2 };
        }
      }
      return best.centre;
    }

    function homeView() {
      var width = svg.clientWidth;
      var height = svg.clientHeight;
      if (!width || !height || width / height >= extent.width / extent.height - 1e-3) {
        return { x: extent.x, y: extent.y, width: extent.width, height: extent.height };
      }
      var viewWidth = extent.height * (width / height);
      var centre = busiestBand(viewWidth * 0.9);
      return clampTo(
        { x: centre - viewWidth / 2, y: extent.y, width: viewWidth, height: extent.height },
        extent
      );
    }

    // The centre of the points inside `area` (the area's centre if it has none).
    function pointsCentre(area) {
      var inside = circles.filter(function (circle) {
        return (
          circle.x >= area.x &&
          circle.x <= area.x + area.width &&
          circle.y >= area.y &&
          circle.y <= area.y + area.height
        );
      });
      if (!inside.length) {
        return { x: area.x + area.width / 2, y: area.y + area.height / 2 };
      }
      var xs = inside.map(function (c) { return c.x; });
      var ys = inside.map(function (c) { return c.y; });
      return {
        x: (Math.min.apply(null, xs) + Math.max.apply(null, xs)) / 2,
        y: (Math.min.apply(null, ys) + Math.max.apply(null, ys)) / 2,
      };
    }

    function zoomLevel() {
      return home.width / view.width;
    }

    // Screen pixels per SVG unit at the current view.
    function screenScale() {
      var width = svg.clientWidth || svg.getBoundingClientRect().width;
      return width ? width / view.width : 1000 / extent.width;
    }

    function show() {
      svg.setAttribute(
        "viewBox",
        [view.x, view.y, view.width, view.height]
          .map(function (value) {
            return Math.round(value * 1000) / 1000;
          })
          .join(" ")
      );
      var level = zoomLevel();
      circles.forEach(function (circle) {
        circle.element.setAttribute("r", Math.round((circle.radius / level) * 1000) / 1000);
      });
      var scale = screenScale();
      hits.forEach(function (hit) {
        var radius = hit.point ? hit.point.r.baseVal.value : 0;
        hit.element.setAttribute("r", round(Math.max(radius, HIT_RADIUS_PX / scale)));
      });
      labels.forEach(function (label) {
        var text = label.element;
        if (scale + 1e-6 < label.minScale) {
          text.setAttribute("display", "none");
          return;
        }
        text.removeAttribute("display");
        text.classList.remove("map__label--later");
        text.setAttribute("x", round(label.x + label.offset / scale));
        text.setAttribute("y", round(label.y + (0.35 * LABEL_FONT_PX) / scale));
        text.setAttribute("font-size", round(LABEL_FONT_PX / scale));
      });
      zoomIn.disabled = level >= MAX_ZOOM - 1e-6;
      zoomOut.disabled = reset.disabled = level <= 1 + 1e-6;
      frame.classList.toggle("map-frame--zoomed", level > 1 + 1e-6);
    }

    // Zoom by `factor` (> 1 zooms in) keeping the map point (cx, cy) where it is on screen.
    function zoomAt(factor, cx, cy) {
      var level = Math.min(Math.max(zoomLevel() * factor, 1), MAX_ZOOM);
      var width = home.width / level;
      var height = home.height / level;
      var ratio = width / view.width;
      view = clamp({
        x: cx - (cx - view.x) * ratio,
        y: cy - (cy - view.y) * ratio,
        width: width,
        height: height,
      });
      show();
    }

    // The buttons and keys zoom towards the points in view (not into an empty middle).
    function zoomAtCentre(factor) {
      var centre = factor > 1 ? pointsCentre(view) : null;
      if (!centre) {
        zoomAt(factor, view.x + view.width / 2, view.y + view.height / 2);
        return;
      }
      var level = Math.min(Math.max(zoomLevel() * factor, 1), MAX_ZOOM);
      var width = home.width / level;
      var height = home.height / level;
      view = clamp({
        x: centre.x - width / 2,
        y: centre.y - height / 2,
        width: width,
        height: height,
      });
      show();
    }

    function panBy(dx, dy) {
      view = clamp({ x: view.x + dx, y: view.y + dy, width: view.width, height: view.height });
      show();
    }

    function clamp(v) {
      return clampTo(v, extent);
    }

    // Screen pixels to map units (the SVG keeps its aspect ratio: one factor for both axes).
    function toMap(clientX, clientY) {
      var matrix = svg.getScreenCTM();
      if (!matrix) {
        return null;
      }
      var point = new DOMPoint(clientX, clientY).matrixTransform(matrix.inverse());
      return { x: point.x, y: point.y, scale: 1 / matrix.a };
    }

    zoomIn.addEventListener("click", function () {
      zoomAtCentre(BUTTON_STEP);
    });
    zoomOut.addEventListener("click", function () {
      zoomAtCentre(1 / BUTTON_STEP);
    });
    reset.addEventListener("click", function () {
      view = { x: home.x, y: home.y, width: home.width, height: home.height };
      show();
    });

    svg.addEventListener(
      "wheel",
      function (event) {
        var delta = event.deltaY * (event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? 400 : 1);
        var factor = Math.exp(-delta * (event.ctrlKey ? 0.01 : 0.002));
        var level = zoomLevel();
        // At the limits the wheel scrolls the page as usual instead of doing nothing.
        if ((factor > 1 && level >= MAX_ZOOM) || (factor < 1 && level <= 1) || factor === 1) {
          return;
        }
        event.preventDefault();
        var at = toMap(event.clientX, event.clientY);
        if (at) {
          zoomAt(factor, at.x, at.y);
        }
      },
      { passive: false }
    );

    // Pointers: one drags, two pinch. A press that moves less than DRAG_THRESHOLD is a click.
    var pointers = new Map();
    var dragged = false;
    var pinch = null;

    // Touch: the first tap on a place shows its name (the tooltip), the second opens its link.
    var touchTap = false;
    var shownBeforeTap = null;
    svg.addEventListener("pointerdown", function (event) {
      touchTap = event.pointerType !== "mouse";
      shownBeforeTap = shownItem;
      if (event.pointerType === "mouse" && event.button !== 0) {
        return;
      }
      pointers.set(event.pointerId, {
        x: event.clientX,
        y: event.clientY,
        startX: event.clientX,
        startY: event.clientY,
      });
      dragged = false;
      pinch = pointers.size === 2 ? pinchState() : null;
    });

    svg.addEventListener("pointermove", function (event) {
      var pointer = pointers.get(event.pointerId);
      if (!pointer) {
        return;
      }
      if (!dragged) {
        var moved = Math.hypot(event.clientX - pointer.startX, event.clientY - pointer.startY);
        if (moved < DRAG_THRESHOLD) {
          return;
        }
        dragged = true;
        frame.classList.add("map-frame--dragging");
        hideTooltip();
        // Captured only now: capturing on pointerdown would retarget the click of a plain
        // press to the <svg> and so break the links.
        pointers.forEach(function (_, id) {
          if (svg.hasPointerCapture && !svg.hasPointerCapture(id)) {
            try {
              svg.setPointerCapture(id);
            } catch (error) {
              // The pointer is already gone: nothing to capture.
            }
          }
        });
      }
      var at = toMap(event.clientX, event.clientY);
      if (!at) {
        return;
      }
      if (pointers.size === 1) {
        panBy((pointer.x - event.clientX) * at.scale, (pointer.y - event.clientY) * at.scale);
        pointer.x = event.clientX;
        pointer.y = event.clientY;
      } else if (pointers.size === 2 && pinch) {
        pointer.x = event.clientX;
        pointer.y = event.clientY;
        var now = pinchState();
        var centre = toMap(now.x, now.y);
        if (centre && pinch.distance > 0) {
          zoomAt(now.distance / pinch.distance, centre.x, centre.y);
          panBy((pinch.x - now.x) * centre.scale, (pinch.y - now.y) * centre.scale);
        }
        pinch = now;
      }
    });

    function pinchState() {
      var both = Array.from(pointers.values());
      return {
        x: (both[0].x + both[1].x) / 2,
        y: (both[0].y + both[1].y) / 2,
        distance: Math.hypot(both[0].x - both[1].x, both[0].y - both[1].y),
      };
    }

    function release(event) {
      pointers.delete(event.pointerId);
      pinch = pointers.size === 2 ? pinchState() : null;
      if (!pointers.size) {
        frame.classList.remove("map-frame--dragging");
      }
    }
    svg.addEventListener("pointerup", release);
    svg.addEventListener("pointercancel", release);

    // The click that ends a drag must not open the link under the pointer.
    svg.addEventListener(
      "click",
      function (event) {
        if (dragged) {
          event.preventDefault();
          event.stopPropagation();
          dragged = false;
          return;
        }
        if (!touchTap) {
          return;
        }
        var item = event.target.closest && event.target.closest(LABELLED);
        if (!item) {
          hideTooltip();
        } else if (item !== shownBeforeTap) {
          event.preventDefault();
          showTooltip(item, null);
        }
      },
      true
    );

    // Keyboard: + / − / 0 anywhere in the map; arrows pan while zoomed in.
    svg.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) {
        return;
      }
      var keys = {
        "+": function () { zoomAtCentre(BUTTON_STEP); },
        "=": function () { zoomAtCentre(BUTTON_STEP); },
        "-": function () { zoomAtCentre(1 / BUTTON_STEP); },
        "0": function () { reset.click(); },
      };
      if (zoomLevel() > 1 + 1e-6) {
        keys.ArrowLeft = function () { panBy(-view.width * KEY_PAN, 0); };
        keys.ArrowRight = function () { panBy(view.width * KEY_PAN, 0); };
        keys.ArrowUp = function () { panBy(0, -view.height * KEY_PAN); };
        keys.ArrowDown = function () { panBy(0, view.height * KEY_PAN); };
      }
      if (keys[event.key]) {
        event.preventDefault();
        keys[event.key]();
      }
    });

    // A link reached with Tab while zoomed in is brought into view.
    svg.addEventListener("focusin", function (event) {
      var item = event.target.closest && event.target.closest(LABELLED);
      if (!item) {
        return;
      }
      var shape = item.querySelector("circle, .map__arc") || item;
      var bounds = shape.getBBox();
      var cx = bounds.x + bounds.width / 2;
      var cy = bounds.y + bounds.height / 2;
      if (cx < view.x || cx > view.x + view.width || cy < view.y || cy > view.y + view.height) {
        view = clamp({
          x: cx - view.width / 2,
          y: cy - view.height / 2,
          width: view.width,
          height: view.height,
        });
        show();
      }
      showTooltip(item, null);
    });
    svg.addEventListener("focusout", hideTooltip);

    svg.addEventListener("pointerover", function (event) {
      if ((dragged && pointers.size) || event.pointerType === "touch") {
        return; // a touch shows the name on its tap (the click handler above)
      }
      var item = event.target.closest && event.target.closest(LABELLED);
      if (item) {
        showTooltip(item, event);
      }
    });
    svg.addEventListener("pointermove", function (event) {
      if (!tooltip.hidden && !pointers.size && event.pointerType === "mouse") {
        place(event.clientX, event.clientY);
      }
    });
    svg.addEventListener("pointerout", function (event) {
      if (event.pointerType === "touch") {
        return; // the name stays after a tap until the next one
      }
      var item = event.target.closest && event.target.closest(LABELLED);
      if (item && !item.contains(event.relatedTarget)) {
        hideTooltip();
      }
    });

    function labelOf(item) {
      var title = item.querySelector(":scope > title");
      if (title) {
        // The name becomes the aria-label (the same accessible name), so that the browser's
        // own <title> tooltip does not appear on top of ours.
        item.setAttribute("aria-label", title.textContent);
        title.remove();
      }
      return item.getAttribute("aria-label") || "";
    }

    function showTooltip(item, event) {
      var text = labelOf(item);
      if (!text) {
        return;
      }
      tooltip.textContent = text;
      tooltip.hidden = false;
      shownItem = item;
      if (event && event.pointerType === "mouse") {
        place(event.clientX, event.clientY);
      } else {
        var rect = item.getBoundingClientRect();
        place(rect.left + rect.width / 2, rect.top);
      }
    }

    function hideTooltip() {
      tooltip.hidden = true;
      shownItem = null;
    }

    // Above the pointer or element, kept inside the frame.
    function place(clientX, clientY) {
      var frameRect = frame.getBoundingClientRect();
      var width = tooltip.offsetWidth;
      var height = tooltip.offsetHeight;
      var left = clientX - frameRect.left - width / 2;
      var top = clientY - frameRect.top - height - 12;
      left = Math.min(Math.max(left, 4), frameRect.width - width - 4);
      if (top < 4) {
        top = clientY - frameRect.top + 20;
      }
      tooltip.style.left = Math.round(left) + "px";
      tooltip.style.top = Math.round(top) + "px";
    }

    show();
    window.addEventListener("resize", show);
  }

  function round(value) {
    return Math.round(value * 1000) / 1000;
  }

  function clampTo(v, area) {
    v.x = Math.min(Math.max(v.x, area.x), area.x + area.width - v.width);
    v.y = Math.min(Math.max(v.y, area.y), area.y + area.height - v.height);
    return v;
  }

  function button(className, text, label) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "map-controls__button " + className;
    element.textContent = text;
    if (label) {
      element.setAttribute("aria-label", label);
      element.title = label;
    }
    return element;
  }

  performance.mark("map-init-start");
  document.querySelectorAll("[data-map]").forEach(enhance);
  performance.measure("map-init", "map-init-start");
  // A map swapped in by filters.js (a new filter applied without a page load).
  document.addEventListener("live-filter:updated", function () {
    document.querySelectorAll("[data-map]").forEach(enhance);
  });
})();
