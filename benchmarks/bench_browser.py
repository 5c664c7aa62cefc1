"""How long one slider step takes to restyle the map, in headless Chromium.

The timeline page exposes ``window.afmap.setIndex(i)`` (``templates/afmap.js``);
the slider's ``input`` handler calls the same function. Each step starts
right after a ``requestAnimationFrame`` callback, so it runs in that frame:

- *work*: the step's script plus the style recalculation and layout it
  causes (forced by reading a computed style and a bounding box);
- *frame*: from the start of the step to the next ``requestAnimationFrame``
  callback, i.e. until the frame holding the step has been produced, its
  painting included. When the step fits in one frame this equals the frame
  interval of a step that changes nothing (*no-op*, about 16.7 ms at 60 Hz);
  a step that overruns delays the next frame by as much.
  Rasterisation on the compositor's threads is not included.
"""

from __future__ import annotations

import importlib.util
import shutil
import statistics
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking"]
VIEWPORT = {"width": 1280, "height": 800}

_MEASURE = """
async ({steps}) => {
  const frame = () => new Promise(r => requestAnimationFrame(() => r(performance.now())));
  const svg = document.querySelector(".leaflet-overlay-pane svg");
  const n = window.afmap.dates.length;
  const idle = [];
  let t = await frame();
  for (let k = 0; k < 20; k++) { const t2 = await frame(); idle.push(t2 - t); t = t2; }
  window.afmap.setIndex(0);
  await frame();
  const still = [];
  for (let s = 0; s < 20; s++) {
    await frame();
    const t0 = performance.now();
    window.afmap.setIndex(0);
    svg.getBoundingClientRect();
    still.push(await frame() - t0);
  }
  const work = [], frames = [];
  for (let s = 1; s <= steps; s++) {
    await frame();
    const t0 = performance.now();
    window.afmap.setIndex(s % n);
    const path = document.querySelector("path.afmap-province");
    if (path) { getComputedStyle(path).fill; }
    svg.getBoundingClientRect();
    const t1 = performance.now();
    const t2 = await frame();
    work.push(t1 - t0);
    frames.push(t2 - t0);
  }
  return {idle: idle, still: still, work: work, frames: frames, dates: n,
          paths: document.querySelectorAll("path.afmap-province").length};
}
"""


@dataclass(frozen=True)
class SliderTiming:
    """Medians over the steps, in milliseconds."""

    steps: int
    paths: int
    work_ms: float
    frame_ms: float
    idle_frame_ms: float
    noop_frame_ms: float

    @property
    def within_one_frame(self) -> bool:
        """Whether the step's frame came no later than a no-op step's (10% slack)."""
        return self.frame_ms <= self.noop_frame_ms * 1.1


def browser_missing() -> str | None:
    """Why the browser measurement cannot run here, or None when it can."""
    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed (pip install playwright)"
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    return None


def slider_step(pages: dict[str, Path], steps: int = 50) -> dict[str, SliderTiming]:
    """Time ``steps`` consecutive slider steps on each timeline page (label -> file)."""
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            for label, path in pages.items():
                page = browser.new_page(viewport=VIEWPORT)
                page.route("**/*", lambda route: route.continue_()
                           if route.request.url.startswith("file:") else route.abort())
                page.goto(path.resolve().as_uri())
                page.wait_for_function("window.afmap && window.afmap.mode === 'timeline'")
                raw = page.evaluate(_MEASURE, {"steps": steps})
                results[label] = SliderTiming(
                    steps=steps, paths=raw["paths"],
                    work_ms=statistics.median(raw["work"]),
                    frame_ms=statistics.median(raw["frames"]),
                    idle_frame_ms=statistics.median(raw["idle"]),
                    noop_frame_ms=statistics.median(raw["still"]),
                )
                page.close()
        finally:
            browser.close()
    return results
