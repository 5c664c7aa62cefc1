"""The one colour rule: what a faction's ``color`` may be, and how afmap draws it.

A colour is read as CSS Color Level 4 defines it, so ``afmap check`` accepts
what a browser accepts: hex (``#2b6cb0``, ``#abc``, ``#2b6cb080``), the CSS
colour names (``teal``, ``rebeccapurple``, ``transparent``), ``color(srgb …)``,
and ``rgb()``/``rgba()``, ``hsl()``/``hsla()`` and ``hwb()``. Those three are
read here, by the grammar of CSS Color 4: the space syntax takes numbers,
percentages and ``none`` in any mix (``rgb(100% 0 0)``, ``hsl(120 50% 50)``,
``rgb(1 2 3 / none)``); the comma syntax of ``rgb()`` takes three numbers or
three percentages, that of ``hsl()`` a hue and two percentages, and
``hwb()`` has none. Keywords, hex and ``color()`` are read by ``tinycss2``
(:func:`tinycss2.color4.parse_color`), which also converts hsl and hwb to
sRGB. Out-of-range channels are clamped and ``none`` counts as zero, as CSS
does. ``tests/test_colors.py`` holds the verdict of Chromium on every form.

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
- ``calc()`` and other functions inside a colour: afmap does not evaluate
  CSS arithmetic; the message asks for the value instead.
- system colours and keywords such as ``inherit`` or ``none``, and anything
  that is not a CSS colour at all. A comma form that CSS refuses but whose
  space form it takes (``hsl(120, 50, 50)``) is refused with that space form
  as the fix.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

#: Colour spaces whose colours convert exactly to sRGB.
_SRGB_SPACES = ("srgb", "hsl", "hwb")
_EXAMPLES = "e.g. '#2b6cb0' or 'teal'"
#: The functions read by CSS Color 4's grammar here, by the space they are in.
_FUNCTIONS = {"rgb": "srgb", "rgba": "srgb", "hsl": "hsl", "hsla": "hsl", "hwb": "hwb"}
#: Degrees per unit of a CSS <angle>.
_ANGLES = {"deg": 1.0, "grad": 0.9, "rad": 180 / math.pi, "turn": 360.0}


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
    from tinycss2 import parse_one_component_value
    from tinycss2.color4 import parse_color as css_parse

    token = parse_one_component_value(text, skip_comments=True)
    args = [t for t in token.arguments if t.type not in ("whitespace", "comment")] \
        if token.type == "function" else []
    inner = next((t for t in args if t.type == "function"), None)
    if inner:
        raise ColorError(text, f"uses {inner.lower_name}(), which afmap does not evaluate; "
                         "write the value instead")
    if token.type == "function" and not args:
        parsed = None  # tinycss2 raises on an empty color()
    elif token.type == "function" and token.lower_name in _FUNCTIONS:
        parsed = _function_color(token.lower_name, args, text)
    else:
        parsed = css_parse(token)
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


def _function_color(name: str, args: list[Any], text: str) -> Any:
    """``rgb()``, ``hsl()`` or ``hwb()`` (``name`` lower case, ``args`` without whitespace)
    as a tinycss2 colour, or None if it is not CSS."""
    if any(t == "," for t in args):
        values, commas = args[::2], args[1::2]
        if len(args) not in (5, 7) or any(t != "," for t in commas) or "," in values:
            return None
        channels, alpha = values[:3], values[3] if len(values) == 4 else None
        if not _comma_syntax_allows(name, channels, alpha):
            if _space_syntax_color(name, channels, alpha) is None:
                return None
            spaced = " ".join(t.serialize() for t in channels)
            spaced = f"{name}({spaced}{'' if alpha is None else ' / ' + alpha.serialize()})"
            raise ColorError(text, f"is not a CSS colour in the comma syntax; write it without "
                             f"commas, '{spaced}'")
    elif len(args) == 5 and args[3] == "/":
        channels, alpha = args[:3], args[4]
    elif len(args) == 3:
        channels, alpha = args, None
    else:
        return None
    return _space_syntax_color(name, channels, alpha)


def _comma_syntax_allows(name: str, channels: list[Any], alpha: Any) -> bool:
    """Whether CSS's comma ("legacy") syntax allows these channels: no ``none``, no mix."""
    if alpha is not None and alpha.type not in ("number", "percentage"):
        return False
    kinds = [t.type for t in channels]
    if _FUNCTIONS[name] == "srgb":
        return kinds in (["number"] * 3, ["percentage"] * 3)
    if _FUNCTIONS[name] == "hsl":
        return kinds[0] != "ident" and _hue(channels[0]) is not None \
            and kinds[1:] == ["percentage"] * 2
    return False  # hwb() has no comma syntax


def _space_syntax_color(name: str, channels: list[Any], alpha: Any) -> Any:
    """The colour of the space syntax: numbers, percentages and ``none`` in any mix."""
    from tinycss2.color4 import Color as CssColor

    space = _FUNCTIONS[name]
    if space == "srgb":
        coordinates = [_amount(t, 255, 100) for t in channels]
    else:
        coordinates = [_hue(channels[0]), *(_amount(t, 1, 1) for t in channels[1:])]
    opacity = 1.0 if alpha is None else _amount(alpha, 1, 100)
    if None in coordinates or opacity is None:
        return None
    return CssColor(space, coordinates, min(1.0, max(0.0, opacity)))


def _amount(token: Any, per_number: float, per_percent: float) -> float | None:
    """A number divided by ``per_number``, a percentage by ``per_percent``, ``none`` as zero.

    None for any other token. An rgb channel is ``(255, 100)``: ``255`` and ``100%`` are
    both 1; saturation, lightness, whiteness and blackness are ``(1, 1)`` (0-100 in both
    forms); an alpha is ``(1, 100)``.
    """
    if token.type == "ident" and token.lower_value == "none":
        return 0.0
    if token.type == "number":
        return token.value / per_number
    if token.type == "percentage":
        return token.value / per_percent
    return None


def _hue(token: Any) -> float | None:
    """A hue in degrees, in [0, 360): a number, an angle or ``none``; None for anything else."""
    if token.type == "ident" and token.lower_value == "none":
        return 0.0
    if token.type == "number":
        return token.value % 360
    if token.type == "dimension" and token.lower_unit in _ANGLES:
        return token.value * _ANGLES[token.lower_unit] % 360
    return None


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
