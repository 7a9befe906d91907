"""Checks that run inside a page, each returning a list of readable problems (empty = fine).

tests/browser/test_checks.py proves on deliberately broken pages that each check finds what it
looks for, so a passing page check means something.
"""

import functools
import json
import subprocess
from pathlib import Path

from playwright.sync_api import Page

from tests.browser.tools import AXE_SCRIPT, VNU_JAR, java_path

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@functools.cache
def _axe_source() -> str:
    return AXE_SCRIPT.read_text(encoding="utf-8")


def axe_violations(page: Page) -> list[str]:
    """axe-core's violations of the WCAG 2.2 A and AA rules (with 2.0 and 2.1) on the page."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, so a strict Content-Security-Policy does not
        # stop it as it would an injected <script> element.
        page.evaluate(_axe_source())
    violations = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return result.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map((n) => ({
                    target: n.target.join(" "), summary: n.failureSummary,
                })),
            }));
        }""",
        WCAG_TAGS,
    )
    problems = []
    for violation in violations:
        for node in violation["nodes"]:
            summary = " ".join(node["summary"].split())
            problems.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']}"
                f" at {node['target']}: {summary}"
            )
    return problems


# Text fragments are the line boxes of visible text nodes (Range.getClientRects), cut to what
# clipping ancestors (overflow, clip, clip-path) let show. Two fragments overlap when they share
# more than a sliver: wider than 2 px and taller than a quarter of the smaller line. Line boxes of
# neighbouring lines touch or overlap by a pixel or two in ordinary typography; that is allowed.
_LAYOUT_SCRIPT = """
() => {
  const root = document.documentElement;
  const viewportWidth = root.clientWidth;
  const describe = (el) => {
    let name = el.tagName.toLowerCase();
    if (el.id) name += "#" + el.id;
    if (el.classList.length) name += "." + [...el.classList].join(".");
    return name;
  };
  const problems = [];
  if (root.scrollWidth > viewportWidth) {
    problems.push(`page scrolls horizontally: ${root.scrollWidth}px content in ${viewportWidth}px`);
    const wide = [...document.body.querySelectorAll("*")].filter((el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.right > viewportWidth + 1 && el.checkVisibility();
    });
    // Report the outermost culprits only: their children stick out because they do.
    wide.filter((el) => !wide.includes(el.parentElement)).slice(0, 10).forEach((el) => {
      problems.push(`  ${describe(el)} reaches ${Math.round(el.getBoundingClientRect().right)}px`);
    });
  }

  const clipOf = (el) => {
    let box = {left: -Infinity, top: -Infinity, right: Infinity, bottom: Infinity};
    for (let a = el; a && a !== root; a = a.parentElement) {
      const style = getComputedStyle(a);
      const clips = style.overflowX !== "visible" || style.overflowY !== "visible"
        || style.clip !== "auto" || style.clipPath !== "none";
      if (clips) {
        const r = a.getBoundingClientRect();
        box = {left: Math.max(box.left, r.left), top: Math.max(box.top, r.top),
               right: Math.min(box.right, r.right), bottom: Math.min(box.bottom, r.bottom)};
      }
    }
    return box;
  };
  // Text scrolled beneath a sticky or fixed bar (e.g. the filter panel's apply button) is
  // hidden by the bar's background, not overlapping it.
  const pinned = (el) => {
    for (let a = el; a && a !== root; a = a.parentElement) {
      const position = getComputedStyle(a).position;
      if (position === "sticky" || position === "fixed") return a;
    }
    return null;
  };
  const coveredBySticky = (el, box) => {
    const top = document.elementFromPoint((box.left + box.right) / 2, (box.top + box.bottom) / 2);
    const bar = top && pinned(top);
    return Boolean(bar) && !bar.contains(el);
  };
  const fragments = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el) continue;
    if (["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "OPTION"].includes(el.tagName)) continue;
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const clip = clipOf(el);
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      const box = {left: Math.max(r.left, clip.left), top: Math.max(r.top, clip.top),
                   right: Math.min(r.right, clip.right), bottom: Math.min(r.bottom, clip.bottom)};
      if (box.right - box.left < 2 || box.bottom - box.top < 2) continue;
      if (coveredBySticky(el, box)) continue;
      fragments.push({box, height: r.height, el, text: node.textContent.trim().slice(0, 40)});
    }
  }
  let overlaps = 0;
  for (let i = 0; i < fragments.length; i++) {
    for (let j = i + 1; j < fragments.length; j++) {
      const a = fragments[i], b = fragments[j];
      // Text scrolling under a sticky or fixed bar (the filters' apply button) is by design.
      const pa = pinned(a.el), pb = pinned(b.el);
      if (pa !== pb && (pa || pb)) continue;
      const w = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
      const h = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
      if (w > 2 && h > Math.min(a.height, b.height) / 4) {
        overlaps += 1;
        if (overlaps <= 10) {
          problems.push(`text overlaps: "${a.text}" (${describe(a.el)}) and`
                        + ` "${b.text}" (${describe(b.el)})`);
        }
      }
    }
  }
  if (overlaps > 10) problems.push(`… and ${overlaps - 10} more overlapping text fragments`);
  return problems;
}
"""


def layout_problems(page: Page) -> list[str]:
    """Horizontal scrolling and overlapping text at the page's current viewport width."""
    return page.evaluate(_LAYOUT_SCRIPT)


def structure_problems(page: Page, *, language: str) -> list[str]:
    """A title, exactly one h1 and the page language on <html lang>."""
    facts = page.evaluate(
        """() => ({
            title: document.title.trim(),
            h1: document.querySelectorAll("h1").length,
            lang: document.documentElement.getAttribute("lang"),
        })"""
    )
    problems = []
    if not facts["title"]:
        problems.append("the page has no title")
    if facts["h1"] != 1:
        problems.append(f"the page has {facts['h1']} h1 elements, not one")
    if facts["lang"] != language:
        problems.append(f'<html lang="{facts["lang"]}">, expected "{language}"')
    return problems


def html_errors(documents: dict[str, str], folder: Path) -> dict[str, list[str]]:
    """The Nu HTML Checker's errors (not warnings) per document, all checked in one Java run.

    ``documents`` maps a name to its HTML; each is written to ``folder`` as ``<name>.html``.
    """
    files = {}
    for name, html in documents.items():
        path = folder / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        files[path.resolve().as_uri()] = name
    result = subprocess.run(
        [java_path(), "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout"]
        + [str(folder / f"{name}.html") for name in documents],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(result.stdout)
    errors = {name: [] for name in documents}
    for message in report["messages"]:
        name = files.get(message.get("url"), message.get("url", "?"))
        errors.setdefault(name, []).append(
            f"line {message.get('lastLine', '?')}: {message['message']}"
            f" [{message.get('extract', '').strip()}]"
        )
    return errors


# Chromium reports a blocked inline script or style only in its own log, which Playwright does
# not pass on; the page's securitypolicyviolation event does reach us, through console.error.
_REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


def collect_page_errors(page: Page) -> list[str]:
    """Console errors, uncaught exceptions and Content-Security-Policy violations.

    Call before navigating: the returned list fills in as the page runs.
    """
    problems: list[str] = []
    page.add_init_script(_REPORT_CSP_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            problems.append(f"console error: {message.text}") if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"uncaught exception: {error}"))
    return problems
