"""Render real afmap maps and photograph them in headless Chromium for the README.

Run from the repository root::

    .venv/bin/python scripts/screenshots.py

It runs ``afmap render --year 1998`` and ``afmap render`` (the timeline) into
a temporary folder, opens each page with every network request refused, and
writes 1280x800 PNGs:

- ``docs/map-1998.png``: the single-year map;
- ``docs/timeline.png``: the timeline map opened at ``#2021-08-10``.

Options change the year, the timeline date, the scenario, the geodata and the
output folder. A page that logs a console error or asks for the network
fails the run, so a broken map never lands in the README.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking"]

_SETTLED = """
async () => {
  await document.fonts.ready;
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return window.afmap.current().day;
}
"""


class ScreenshotError(Exception):
    """A map could not be rendered or photographed."""


def render(args: list[str], out: Path, scenario: Path | None, geodata: Path | None) -> Path:
    """Run ``afmap render ARGS --out OUT`` in a fresh interpreter."""
    cmd = [sys.executable, "-m", "afmap", "render", *args, "--out", str(out)]
    if scenario:
        cmd += ["--scenario", str(scenario)]
    if geodata:
        cmd += ["--geodata", str(geodata)]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise ScreenshotError(f"{' '.join(cmd)} failed:\n{done.stderr.strip()}")
    return out


def photograph(shots: list[tuple[Path, str, Path]], width: int, height: int) -> None:
    """Open each (html, hash, png) in Chromium, network refused, and write the PNG."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            for html, hash_, png in shots:
                page = browser.new_page(viewport={"width": width, "height": height},
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
                page.goto(html.resolve().as_uri() + (f"#{hash_}" if hash_ else ""))
                page.wait_for_function("window.afmap !== undefined")
                day = page.evaluate(_SETTLED)
                if problems:
                    raise ScreenshotError(f"{html.name}: " + "; ".join(problems))
                png.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(png))
                print(f"wrote {png.relative_to(ROOT) if png.is_relative_to(ROOT) else png} "
                      f"({html.name}{'#' + hash_ if hash_ else ''}, showing {day})")
                page.close()
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    """Parse options, render, photograph."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--year", type=int, default=1998, help="year of the single map [1998]")
    parser.add_argument("--date", type=dt.date.fromisoformat, default=dt.date(2021, 8, 10),
                        help="date the timeline opens at [2021-08-10]")
    parser.add_argument("--scenario", type=Path, default=None)
    parser.add_argument("--geodata", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder of the PNGs [docs]")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        try:
            single = render(["--year", str(args.year)], Path(tmp) / f"afmap-{args.year}.html",
                            args.scenario, args.geodata)
            timeline = render([], Path(tmp) / "afmap-timeline.html", args.scenario, args.geodata)
            photograph([(single, "", args.out / f"map-{args.year}.png"),
                        (timeline, args.date.isoformat(), args.out / "timeline.png")],
                       args.width, args.height)
        except ScreenshotError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
