"""Each timeline page opened in headless Chromium, proved to work, then measured.

Every page is driven the way its own slider drives it: afmap's and the
floor's ``setIndex(i)``, TimestampedGeoJson's ``timeDimension.setCurrentTimeIndex(i)``,
TimeSliderChoropleth's range input (an ``input`` event), Plotly's
``Plotly.animate`` with the slider's arguments. For each page:

- **works**: the shapes are drawn (one path per shape, no copies) and the
  drawn fill of a known shape changes between two steps whose states differ
  (read from the SVG path, after the step);
- **offline**: the same with every network request refused. Pages that
  link their scripts from a CDN are measured with those requests answered
  from local copies of the same files (``bench_cdn.py``), every other
  request refused, as if the browser had them cached;
- **first paint**: from navigation start to the first animation frame after
  every shape's path exists (polled each frame from before the page's own
  scripts run); the first contentful paint entry is kept too;
- **JS heap**: ``Runtime.getHeapUsage`` after ``HeapProfiler.collectGarbage``;
- **step**: consecutive steps from the first state, each started right after
  an animation frame. *work* is the step's script (until its promise
  settles, for Plotly) plus the style and layout it forces; *next frame* is
  the time from the start of the step to the next animation frame, painting
  included: 16.7 ms at 60 Hz when the step fits in one frame. Medians.
  Rasterisation on the compositor's threads is not included.
"""

from __future__ import annotations

import importlib.util
import shutil
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import bench_cdn as cdn

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking"]
VIEWPORT = {"width": 1280, "height": 800}
#: How long a page may take to draw its shapes before it counts as not working.
DRAW_TIMEOUT_MS = 60_000
OFFLINE_TIMEOUT_MS = 8_000

#: The shape paths of each kind of page.
SELECTORS = {
    "afmap": "path.afmap-province",
    "floor": "path.floor-shape",
    "tgj": "path.tgj-shape",
    "tsc": "path[id*='-feature-']",
    "plotly": ".choroplethlocation",
}

#: ``window.__bench`` for each kind of page: n(), step(i) (maybe a promise),
#: fill(code) (the drawn fill of that shape), drawn() (shape paths on the page).
DRIVERS = {
    "afmap": """({
      n: () => window.afmap.dates.length,
      step: i => window.afmap.setIndex(i),
      fill: c => { const p = document.querySelector('path.afmap-province[data-code="' + c + '"]');
                   return p ? p.getAttribute("fill") : null; },
    })""",
    "floor": """({
      n: () => window.floor.n,
      step: i => window.floor.setIndex(i),
      fill: c => { const p = document.querySelector('path.floor-shape[data-code="' + c + '"]');
                   return p ? p.getAttribute("fill") : null; },
    })""",
    "tgj": """(() => {
      const map = Object.values(window).find(v => v instanceof L.Map && v.timeDimension);
      const td = map.timeDimension;
      return {
        n: () => td.getAvailableTimes().length,
        step: i => new Promise(r => { td.once("timeload", r); td.setCurrentTimeIndex(i); }),
        fill: c => { const p = document.querySelector("path.shape-" + c);
                     return p ? p.getAttribute("fill") : null; },
      };
    })()""",
    "tsc": """(() => {
      const input = document.querySelector("div[id^=slider_] > input");
      return {
        n: () => +input.max + 1,
        step: i => { input.value = String(i); input.dispatchEvent(new Event("input")); },
        fill: c => { const p = document.querySelector("path[id$='-feature-" + c + "']");
                     return p ? p.getAttribute("fill") : null; },
      };
    })()""",
    "plotly": """(() => {
      const gd = document.querySelector(".js-plotly-plot");
      const args = {mode: "immediate", frame: {duration: 0, redraw: true}, transition: {duration: 0}};
      return {
        n: () => gd._transitionData._frames.length,
        step: i => Plotly.animate(gd, [gd._transitionData._frames[i].name], args),
        fill: c => { const k = gd.data[0].locations.indexOf(c);
                     const p = gd.querySelectorAll(".choroplethlocation")[k];
                     return p ? p.getAttribute("fill") : null; },
      };
    })()""",
}

_PAINT_PROBE = """
(() => {
  window.__paint = {};
  // A script that failed to load, an uncaught error or a logged error: offline, the
  // page will not draw, so there is no need to wait for it.
  window.addEventListener("error", () => { window.__failed = true; }, true);
  const logError = console.error;
  console.error = function () { window.__failed = true; return logError.apply(this, arguments); };
  const sel = %(sel)r, want = %(want)d;
  try {
    new PerformanceObserver(l => l.getEntries().forEach(e => { window.__paint[e.name] = e.startTime; }))
      .observe({type: "paint", buffered: true});
  } catch (e) {}
  const poll = () => {
    if (document.querySelectorAll(sel).length >= want) {
      requestAnimationFrame(() => { window.__paint.shapes = performance.now(); });
    } else {
      requestAnimationFrame(poll);
    }
  };
  requestAnimationFrame(poll);
})();
"""

_MEASURE = """
async ({steps}) => {
  const B = window.__bench;
  const frame = () => new Promise(r => requestAnimationFrame(() => r(performance.now())));
  const force = () => {
    const p = document.querySelector(B.sel);
    if (p) { getComputedStyle(p).fill; }
    document.body.getBoundingClientRect();
  };
  await B.step(0);
  await frame(); await frame();
  const idle = [];
  let t = await frame();
  for (let k = 0; k < 10; k++) { const t2 = await frame(); idle.push(t2 - t); t = t2; }
  const work = [], frames = [];
  for (let s = 1; s <= steps; s++) {
    await frame();
    const t0 = performance.now();
    const p = B.step(s);
    if (p && p.then) { await p; }
    force();
    const t1 = performance.now();
    const t2 = await frame();
    work.push(t1 - t0);
    frames.push(t2 - t0);
  }
  return {idle, work, frames};
}
"""


@dataclass(frozen=True)
class PageSpec:
    """One page to open: its file, its kind, its shapes and a shape known to change."""

    key: str
    path: Path
    kind: str
    shapes: int
    #: (code, step a, step b): a shape whose look differs between steps a and b.
    probe: tuple[str, int, int] | None


@dataclass
class PageResult:
    """What one page did in Chromium."""

    key: str
    works: bool = False
    offline: bool = False
    drawn: int = 0
    probe_fills: tuple[str | None, str | None] = (None, None)
    steps_available: int = 0
    errors: list[str] = field(default_factory=list)
    served: int = 0  # requests answered from local copies of CDN files
    served_bytes: int = 0
    refused: int = 0
    first_paint_ms: float | None = None
    fcp_ms: float | None = None
    heap_bytes: int | None = None
    steps: int = 0
    work_ms: float | None = None
    frame_ms: float | None = None
    idle_frame_ms: float | None = None
    failure: str = ""

    @property
    def stepped(self) -> bool:
        """Whether the known shape's drawn fill changed between the two steps."""
        a, b = self.probe_fills
        return a is not None and b is not None and a != b


def browser_missing() -> str | None:
    """Why the browser measurement cannot run here, or None when it can."""
    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed (pip install playwright)"
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    return None


def _open(browser, spec: PageSpec, result: PageResult, *, serve: bool, timeout_ms: int):
    """A new tab with ``spec`` loaded and its shapes drawn, or None when they never were."""
    from playwright.sync_api import Error as PlaywrightError

    page = browser.new_page(viewport=VIEWPORT)
    page_url = spec.path.resolve().as_uri()

    def route(r) -> None:
        url = r.request.url
        if url == page_url:
            r.continue_()
            return
        local = cdn.local_file(url) if serve else None
        if local is None:
            result.refused += 1
            r.abort()
        else:
            result.served += 1
            result.served_bytes += local.stat().st_size
            r.fulfill(path=str(local))

    page.route("**/*", route)
    if serve:
        def on_console(msg) -> None:
            if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
                result.errors.append(msg.text[:200])
        page.on("console", on_console)
        page.on("pageerror", lambda exc: result.errors.append(str(exc)[:200]))
    sel = SELECTORS[spec.kind]
    page.add_init_script(_PAINT_PROBE % {"sel": sel, "want": spec.shapes})
    try:
        page.goto(page_url, wait_until="load", timeout=timeout_ms)
        drawn = "window.__paint && window.__paint.shapes !== undefined"
        page.wait_for_function(drawn if serve else f"({drawn}) || window.__failed",
                               timeout=timeout_ms)
        if not page.evaluate(f"() => !!({drawn})"):
            result.failure = "did not draw its shapes"
            page.close()
            return None
        page.evaluate(f"() => {{ window.__bench = {DRIVERS[spec.kind]}; "
                      f"window.__bench.sel = {sel!r}; }}")
    except PlaywrightError as exc:
        result.failure = result.failure or str(exc).splitlines()[0][:200]
        page.close()
        return None
    return page


def _prove(page, spec: PageSpec) -> tuple[int, tuple[str | None, str | None], int]:
    """(steps on the slider, the probe's fill at steps a and b, shape paths drawn)."""
    n = page.evaluate("() => window.__bench.n()")
    fills: tuple[str | None, str | None] = (None, None)
    if spec.probe:
        code, a, b = spec.probe
        fills = tuple(page.evaluate(  # type: ignore[assignment]
            "async ([c, a, b]) => { const B = window.__bench; await B.step(a); const x = B.fill(c);"
            " await B.step(b); return [x, B.fill(c)]; }", [code, a, b]))
    drawn = page.evaluate(f"() => document.querySelectorAll({SELECTORS[spec.kind]!r}).length")
    return n, fills, drawn


def measure_page(browser, spec: PageSpec, steps: int) -> PageResult:
    """Prove one page works (served, then offline), then measure it."""
    result = PageResult(spec.key)
    page = _open(browser, spec, result, serve=True, timeout_ms=DRAW_TIMEOUT_MS)
    if page is None:
        return result
    try:
        result.steps_available, result.probe_fills, result.drawn = _prove(page, spec)
        result.works = result.stepped and result.drawn == spec.shapes and not result.errors
        paint = page.evaluate("() => window.__paint")
        result.first_paint_ms = paint.get("shapes")
        result.fcp_ms = paint.get("first-contentful-paint") or page.evaluate(
            "() => { const e = performance.getEntriesByName('first-contentful-paint')[0];"
            " return e ? e.startTime : null; }")
        cdp = page.context.new_cdp_session(page)
        page.evaluate("() => window.__bench.step(0)")
        cdp.send("HeapProfiler.collectGarbage")
        result.heap_bytes = int(cdp.send("Runtime.getHeapUsage")["usedSize"])
        cdp.detach()
        result.steps = max(0, min(steps, result.steps_available - 1))
        raw = page.evaluate(_MEASURE, {"steps": result.steps})
        if raw["work"]:
            result.work_ms = statistics.median(raw["work"])
            result.frame_ms = statistics.median(raw["frames"])
        result.idle_frame_ms = statistics.median(raw["idle"])
    finally:
        page.close()
    if result.served == 0 and result.refused == 0:
        result.offline = result.works  # it asked for nothing: this was an offline run
    else:
        quiet = PageResult(spec.key)
        off = _open(browser, spec, quiet, serve=False, timeout_ms=OFFLINE_TIMEOUT_MS)
        if off is not None:
            try:
                _, fills, drawn = _prove(off, spec)
                quiet.probe_fills = fills
                result.offline = quiet.stepped and drawn == spec.shapes
            finally:
                off.close()
    return result


def measure_pages(specs: list[PageSpec], steps: int,
                  log: Callable[[str], None] = lambda s: None) -> dict[str, PageResult]:
    """Open, prove and measure every page in one headless Chromium."""
    from playwright.sync_api import sync_playwright

    results: dict[str, PageResult] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            for spec in specs:
                log(f"  {spec.key} ...")
                results[spec.key] = measure_page(browser, spec, steps)
        finally:
            browser.close()
    return results
