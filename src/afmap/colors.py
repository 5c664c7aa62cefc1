"""The one colour rule: what a faction's ``color`` may be, and how afmap draws it.

A colour is read by the CSS Color Level 4 parser of ``tinycss2``
(:func:`tinycss2.color4.parse_color`), so ``afmap check`` accepts what a
browser accepts: hex (``#2b6cb0``, ``#abc``, ``#2b6cb080``), the CSS colour
names (``teal``, ``rebeccapurple``, ``transparent``), ``rgb()``/``rgba()``,
``hsl()``/``hsla()`` and ``hwb()``, in the comma and the space syntax
(``rgb(1 2 3 / 50%)``, ``hsl(120deg, 50%, 50%)``). Out-of-range channels are
clamped, as CSS does.

Every accepted colour becomes one :class:`Color`: 8-bit sRGB channels and an
alpha rounded to 3 decimals. From it afmap makes

- the CSS the HTML pages write (:attr:`Color.css`): ``#rrggbb``, or
  ``rgba(r,g,b,a)`` when not opaque, text afmap composes itself, so what a
  user typed never reaches a page as CSS;
- the RGBA tuple matplotlib draws with (:attr:`Color.rgba`), so the PNG, the
  SVG and the HTML map show the same colour.

Refused, each with a message saying why:

- ``currentcolor``: it has no colour of its own, it takes the colour of the
  text around it. On a map that is the label ink, so a province drawn in it
  would be indistinguishable from the labels and from any other faction
  drawn in it, and the static images (which have no surrounding text) would
  have to invent a value. A faction needs a colour of its own: name it.
- ``lab()``, ``lch()``, ``oklab()``, ``oklch()`` and ``color()`` in a space
  other than sRGB: they can name colours outside sRGB, which the PNG and SVG
  cannot show; turning them into sRGB would need gamut mapping, and the
  static map would then differ from the page. afmap draws in sRGB.
- system colours and keywords such as ``inherit`` or ``none``, and anything
  that is not a CSS colour at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

#: Colour spaces whose colours convert exactly to sRGB.
_SRGB_SPACES = ("srgb", "hsl", "hwb")
_EXAMPLES = "e.g. '#2b6cb0' or 'teal'"


class ColorError(ValueError):
    """A colour text afmap cannot draw: ``'TEXT' REASON; use e.g. ...``."""

    def __init__(self, text: str, reason: str) -> None:
        self.text = text.strip() if len(text) <= 100 else text.strip()[:50] + "..."
        self.reason = reason
        super().__init__(f"'{self.text}' {reason}; use {_EXAMPLES}")


@dataclass(frozen=True)
class Color:
    """A colour as afmap draws it: 8-bit sRGB channels and an alpha in [0, 1]."""

    red: int
    green: int
    blue: int
    alpha: float = 1.0

    @property
    def css(self) -> str:
        """The CSS text the HTML pages write: ``#rrggbb`` or ``rgba(r,g,b,a)``."""
        if self.alpha >= 1:
            return f"#{self.red:02x}{self.green:02x}{self.blue:02x}"
        alpha = f"{self.alpha:.3f}".rstrip("0").rstrip(".")
        return f"rgba({self.red},{self.green},{self.blue},{alpha})"

    @property
    def rgba(self) -> tuple[float, float, float, float]:
        """The colour as matplotlib takes it: four floats in [0, 1]."""
        return (self.red / 255, self.green / 255, self.blue / 255, self.alpha)

    def is_dark(self) -> bool:
        """Whether light text reads better on this colour (over a white page)."""
        r, g, b = (self.alpha * c / 255 + (1 - self.alpha) for c in
                   (self.red, self.green, self.blue))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.45


def parse_color(text: str) -> Color:
    """Read a CSS colour; raise :class:`ColorError` saying why it cannot be drawn.

    Examples
    --------
    >>> parse_color("hsl(120deg, 50%, 50%)").css
    '#40bf40'
    >>> parse_color("rgb(1 2 3 / 50%)").css
    'rgba(1,2,3,0.5)'
    """
    from afmap.scenario import MAX_COLOR

    if len(text) > MAX_COLOR:
        raise ColorError(text, f"is {len(text):,} characters long; the limit is {MAX_COLOR}")
    return _parse(text)


@lru_cache(maxsize=1024)
def _parse(text: str) -> Color:
    from tinycss2.color4 import parse_color as css_parse

    parsed = css_parse(text)
    if parsed == "currentcolor":
        raise ColorError(text, "has no colour of its own (it takes the colour of the text "
                         "around it)")
    if parsed is None:
        raise ColorError(text, "is not a CSS colour")
    if parsed.space not in _SRGB_SPACES:
        raise ColorError(text, f"is in the {parsed.space} colour space, and afmap draws in sRGB")
    channels = (round(255 * min(1.0, max(0.0, c))) for c in parsed.to("srgb").coordinates)
    red, green, blue = channels
    return Color(red, green, blue, round(parsed.alpha, 3))


def color_problem(text: str) -> str | None:
    """Why ``text`` is not a colour afmap can draw, or None if it is one."""
    try:
        parse_color(text)
    except ColorError as exc:
        return str(exc)
    return None


def faction_color(faction_id: str, color: str) -> Color:
    """A faction's colour for drawing; a :class:`~afmap.errors.RenderError` if it has none.

    A checked scenario never raises here; a timeline built by other code may.
    """
    try:
        return parse_color(color)
    except ColorError as exc:
        from afmap.errors import RenderError

        raise RenderError(f"faction {faction_id!r}: colour '{exc.text}' {exc.reason}; "
                          f"use {_EXAMPLES} (afmap check shows where)") from None


def page_color(faction_id: str, color: str) -> str:
    """The CSS an HTML page writes for a faction's colour (see :attr:`Color.css`)."""
    return faction_color(faction_id, color).css


def draw_color(faction_id: str, color: str) -> tuple[float, float, float, float]:
    """The RGBA tuple matplotlib draws a faction in (see :attr:`Color.rgba`)."""
    return faction_color(faction_id, color).rgba
