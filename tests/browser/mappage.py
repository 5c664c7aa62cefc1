"""An open map page in Chromium, and how to read a rendered page's data block."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking"]


def page_data(page: str | Path) -> dict:
    """The JSON data block of a rendered page (its text or its file)."""
    text = page.read_text(encoding="utf-8") if isinstance(page, Path) else page
    m = re.search(r'<script type="application/json" id="afmap-data">(.*?)</script>', text, re.DOTALL)
    assert m, "no data block in the page"
    return json.loads(m.group(1))


def page_rows(data: dict) -> list[list[dict]]:
    """Per province, its changes ``{"day", "state"}`` (the state a record of
    :data:`afmap.pageformat.FORMAT`'s ``state`` fields, or None for no data),
    decoded by :func:`afmap.pageformat.decode` as the page decodes them."""
    from afmap.pageformat import decode

    tables = decode(data)
    return [[{"day": c["day"], "state": tables["states"][c["state"]] if c["state"] >= 0 else None}
             for c in changes] for changes in tables["changes"]]


def state_at(data: dict, i: int) -> list[dict | None]:
    """The state in force for each province at date index ``i`` (None: no data)."""
    out = []
    for rows in page_rows(data):
        live = [r for r in rows if r["day"] <= i]
        out.append(live[-1]["state"] if live else None)
    return out


def look(state: dict | None) -> tuple | None:
    """What a state looks like on the map: holder, contested, first challenger."""
    return state and (state["faction"], state["contested"], state["contestedBy"][:1])


def open_offline(browser: Any, url: str, seen_type: type, viewport: dict[str, int]) -> Any:
    """Open ``url`` in a fresh context with every non-file request refused.

    Returns ``(context, seen)``: ``seen`` is a ``seen_type(page)`` whose
    ``requests``, ``errors`` and ``dialogs`` lists record what the page tried.
    """
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    seen = seen_type(page)

    def route(r: Any) -> None:
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            seen.requests.append(r.request.url)
            r.abort()

    def dialog(d: Any) -> None:
        seen.dialogs.append(d.message)
        d.dismiss()

    context.route("**/*", route)
    page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen.errors.append(str(e)))
    page.on("dialog", dialog)
    page.goto(url)
    return context, seen


@dataclass
class MapPage:
    """An open map page and what it did: requests, console errors, dialogs."""

    page: Any
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def fills(self) -> dict[str, str]:
        """Province code -> the fill of its path, for every drawn province.

        A province whose faction is switched off shows the base colour and
        takes no clicks; it is not drawn.
        """
        return self.page.evaluate("""() => Object.fromEntries(
            [...document.querySelectorAll('path.afmap-province')]
              .filter(p => getComputedStyle(p).pointerEvents !== 'none' &&
                           getComputedStyle(p).display !== 'none')
              .map(p => [p.getAttribute('data-code'), p.getAttribute('fill')]))""")

    def drawn(self) -> int:
        """How many province paths are drawn (switched-off factions' are not)."""
        return len(self.fills())

    def current(self) -> dict:
        """``{index, day}`` of the state shown."""
        return self.page.evaluate("window.afmap.current()")

    def text(self, selector: str) -> str:
        """The rendered text of the one element ``selector`` matches."""
        return self.page.locator(selector).inner_text()
