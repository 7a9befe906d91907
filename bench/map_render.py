"""Page weight and render time of the map pages in headless Chromium (Debian's, via Playwright).

Runs against a server that is already running, e.g. the demo site of ``make run``:

    .venv/bin/python bench/map_render.py http://127.0.0.1:8000 --runs 7

Each run opens a fresh browser context (empty cache, new connection) and loads the page; one
unmeasured load per page first fills the server's page cache. Printed per page, medians of the
runs:

- weight: bytes of the document, of its map SVG, of map.js and of everything the page loaded
  (document + CSS + JS + icon), raw and gzip-compressed here at level 6 (what a compressing
  proxy would send; Django's development server sends them uncompressed);
- time in ms since the navigation started: the map <svg> in the DOM (a MutationObserver added
  before any page script), first contentful paint, DOMContentLoaded end, load end, and how long
  map.js took to set up all maps (its performance.measure "map-init").

Paths default to the home page, the twinning list, Kazakhstan's page and one twinning page.
"""

import argparse
import gzip
import re
import statistics
import sys

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEFAULT_PATHS = ["/de/", "/de/twinnings/", "/de/countries/kz/", "/de/twinnings/berlin-taschkent/"]
SVG = re.compile(rb"<svg[^>]*\bclass=\"map\".*?</svg>", re.DOTALL)

WATCH_SVG = """
new MutationObserver((records, observer) => {
  if (document.querySelector("svg.map")) {
    window.__mapSvgInDom = performance.now();
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""

TIMINGS = """() => {
  const navigation = performance.getEntriesByType("navigation")[0];
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  const init = performance.getEntriesByName("map-init")[0];
  return {
    svg_in_dom: window.__mapSvgInDom ?? null,
    fcp: paint ? paint.startTime : null,
    dcl: navigation.domContentLoadedEventEnd,
    load: navigation.loadEventEnd,
    js_init: init ? init.duration : null,
  };
}"""

TIME_COLUMNS = ["svg_in_dom", "fcp", "dcl", "load", "js_init"]


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def measure(browser, url: str) -> tuple[dict, dict]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="de-DE")
    page = context.new_page()
    page.add_init_script(WATCH_SVG)
    bodies = {}
    page.on("response", lambda response: bodies.setdefault(response.url, response))
    response = page.goto(url, wait_until="load")
    if response is None or not response.ok:
        raise SystemExit(f"{url} answered {response.status if response else 'nothing'}")
    page.wait_for_function("() => document.readyState === 'complete'")
    page.wait_for_timeout(50)  # loadEventEnd is set after the load handlers have run
    timings = page.evaluate(TIMINGS)
    contents = {address: answer.body() for address, answer in bodies.items()}
    context.close()

    document = contents[response.url]
    svg = SVG.search(document)
    svg = svg.group(0) if svg else b""
    script = next(
        (body for address, body in contents.items() if address.split("?")[0].endswith("/map.js")),
        b"",
    )
    weight = {
        "html": (len(document), gzipped(document)),
        "svg": (len(svg), gzipped(svg)),
        "map.js": (len(script), gzipped(script)),
        "total": (
            sum(len(body) for body in contents.values()),
            sum(gzipped(body) for body in contents.values()),
        ),
        "requests": (len(contents), len(contents)),
    }
    return weight, timings


def kb(value: float) -> str:
    return f"{value / 1024:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url", help="e.g. http://127.0.0.1:8000")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--paths", nargs="+", default=DEFAULT_PATHS)
    args = parser.parse_args()

    weights, times = {}, {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for path in args.paths:
            url = args.base_url.rstrip("/") + path
            measure(browser, url)  # fills the page cache
            runs = [measure(browser, url) for _ in range(args.runs)]
            weights[path] = runs[-1][0]
            times[path] = {
                column: statistics.median(
                    value for _, timing in runs if (value := timing[column]) is not None
                )
                if any(timing[column] is not None for _, timing in runs)
                else None
                for column in TIME_COLUMNS
            }
        browser.close()

    print(f"Page weight in KiB, raw / gzip (level 6); {args.base_url}")
    print(f"{'page':34} {'html':>13} {'of it svg':>13} {'map.js':>11} {'all':>13} {'req':>4}")
    for path, weight in weights.items():
        cells = [f"{kb(raw)} / {kb(packed)}" for raw, packed in list(weight.values())[:4]]
        print(
            f"{path:34} {cells[0]:>13} {cells[1]:>13} {cells[2]:>11} {cells[3]:>13}"
            f" {weight['requests'][0]:>4}"
        )
    print()
    print(f"Milliseconds since navigation start, median of {args.runs} runs (fresh context each)")
    print(f"{'page':34} " + " ".join(f"{column:>10}" for column in TIME_COLUMNS))
    for path, timing in times.items():
        cells = ["-" if timing[c] is None else f"{timing[c]:.1f}" for c in TIME_COLUMNS]
        print(f"{path:34} " + " ".join(f"{cell:>10}" for cell in cells))


if __name__ == "__main__":
    sys.exit(main())
