"""Render real afmap maps and photograph them in headless Chromium for the README.

Run from the repository root::

    .venv/bin/python scripts/screenshots.py

It runs ``afmap render --year 1998``, ``afmap render`` (the timeline) and
``afmap compare`` (the shipped history against its account of 1 December
2026, ``tests/data/period-form``) into a temporary folder, opens each page
with every network request refused, and writes PNGs:

- ``docs/map-1998.png``: the single-year map (1280x800);
- ``docs/timeline.png``: the timeline map opened at ``#2021-08-10`` (1280x800);
- ``docs/reader-phone.png``, ``reader-tablet.png``, ``reader-laptop.png``: the
  timeline on a phone (375x667, Kandahar's details open as a bottom sheet), a
  tablet (768x1024) and a short laptop screen (1366x600, Kunduz's details open);
- ``docs/compare.png``: the compare page (1400x800);
- ``docs/timeline-fa.png``: the timeline in Dari (``--lang fa``, 1280x800, Herat's
  details open) and ``docs/timeline-ps.png`` in Pashto on a phone (375x667);
- ``docs/map-1998-fa.png``: the static image of the single-year map in Dari
  (``--format png --lang fa``), written by afmap itself.

Options change the year, the timeline date, the scenario, the geodata and the
output folder. A page that logs a console error or asks for the network
fails the run, so a broken map never lands in the README.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PERIOD_FORM = ROOT / "tests" / "data" / "period-form" / "shipped-2026-12-01.tar.gz"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking"]

_SETTLED = """
async () => {
  await document.fonts.ready;
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return true;
}
"""


class ScreenshotError(Exception):
    """A map could not be rendered or photographed."""


def afmap(args: list[str], out: Path, scenario: Path | None, geodata: Path | None) -> Path:
    """Run ``afmap ARGS --out OUT`` in a fresh interpreter."""
    cmd = [sys.executable, "-m", "afmap", *args, "--out", str(out)]
    if scenario:
        cmd += ["--scenario", str(scenario)]
    if geodata:
        cmd += ["--geodata", str(geodata)]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise ScreenshotError(f"{' '.join(cmd)} failed:\n{done.stderr.strip()}")
    return out


@dataclass
class Shot:
    """One picture: a page (and #hash) at a window size, optionally a province's details open."""

    html: Path
    hash_: str
    png: Path
    size: tuple[int, int] = (1280, 800)
    details: str | None = None  # a province code: its details opened with the keyboard
    ready: str = "window.afmap !== undefined"


def photograph(shots: list[Shot]) -> None:
    """Open each shot's page in Chromium, network refused, and write its PNG."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            for shot in shots:
                page = browser.new_page(viewport={"width": shot.size[0], "height": shot.size[1]},
                                        device_scale_factor=1)
                problems: list[str] = []

                def console(msg, problems=problems):
                    if msg.type == "error":
                        problems.append(f"console error: {msg.text}")

                def page_error(exc, problems=problems):
                    problems.append(f"page error: {exc}")

                def refuse(route, problems=problems):
                    if route.request.url.startswith(("file:", "data:")):
                        route.continue_()
                    else:
                        problems.append(f"network request: {route.request.url}")
                        route.abort()

                page.on("console", console)
                page.on("pageerror", page_error)
                page.route("**/*", refuse)
                page.goto(shot.html.resolve().as_uri() + (f"#{shot.hash_}" if shot.hash_ else ""))
                page.wait_for_function(shot.ready)
                if shot.details:
                    page.locator(f'path.afmap-province[data-code="{shot.details}"]').first.focus()
                    page.keyboard.press("Enter")
                page.evaluate(_SETTLED)
                if problems:
                    raise ScreenshotError(f"{shot.html.name}: " + "; ".join(problems))
                shot.png.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(shot.png))
                png = shot.png
                print(f"wrote {png.relative_to(ROOT) if png.is_relative_to(ROOT) else png} "
                      f"({shot.html.name}{'#' + shot.hash_ if shot.hash_ else ''}, "
                      f"{shot.size[0]}x{shot.size[1]})")
                page.close()
        finally:
            browser.close()


def compare_with_earlier(tmp: Path, day: dt.date, scenario: Path | None,
                         geodata: Path | None) -> Path:
    """The history (shipped or ``scenario``) against its account of 1 December 2026
    (tests/data/period-form), on one compare page."""
    earlier = tmp / "earlier"
    with tarfile.open(PERIOD_FORM) as tar:
        tar.extractall(earlier, filter="data")
    folder = next(p.parent for p in sorted(earlier.rglob("factions.yaml")))
    return afmap(["compare", str(scenario or ROOT / "scenarios"), str(folder),
                  "--date", day.isoformat(),
                  "--names", "The history today", "The history of 1 December 2026"],
                 tmp / "afmap-compare.html", None, geodata)


def main(argv: list[str] | None = None) -> int:
    """Parse options, render, photograph."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--year", type=int, default=1998, help="year of the single map [1998]")
    parser.add_argument("--date", type=dt.date.fromisoformat, default=dt.date(2021, 8, 10),
                        help="date the timeline opens at [2021-08-10]")
    parser.add_argument("--scenario", type=Path, default=None)
    parser.add_argument("--geodata", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder of the PNGs [docs]")
    args = parser.parse_args(argv)
    out, when = args.out, args.date.isoformat()
    with tempfile.TemporaryDirectory() as tmp:
        try:
            single = afmap(["render", "--year", str(args.year)],
                           Path(tmp) / f"afmap-{args.year}.html", args.scenario, args.geodata)
            timeline = afmap(["render"], Path(tmp) / "afmap-timeline.html", args.scenario,
                             args.geodata)
            compare = compare_with_earlier(Path(tmp), dt.date(2001, 11, 20), args.scenario,
                                           args.geodata)
            dari, pashto = (afmap(["render", "--lang", code], Path(tmp) / f"afmap-timeline-{code}.html",
                                  args.scenario, args.geodata) for code in ("fa", "ps"))
            afmap(["render", "--year", str(args.year), "--format", "png", "--lang", "fa"],
                  out / f"map-{args.year}-fa.png", args.scenario, args.geodata)
            photograph([
                Shot(single, "", out / f"map-{args.year}.png"),
                Shot(timeline, when, out / "timeline.png"),
                Shot(timeline, when, out / "reader-phone.png", (375, 667), details="AF-KAN"),
                Shot(timeline, "1996-09-27", out / "reader-tablet.png", (768, 1024)),
                Shot(timeline, "2001-11-13", out / "reader-laptop.png", (1366, 600),
                     details="AF-KDZ"),
                Shot(compare, "", out / "compare.png", (1400, 800),
                     ready="window.afmapCompare !== undefined"),
                Shot(dari, when, out / "timeline-fa.png", details="AF-HER"),
                Shot(pashto, when, out / "timeline-ps.png", (375, 667)),
            ])
        except ScreenshotError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
