"""What every static image (map, chart) shares: safe text, fonts, deterministic bytes.

Dari and Pashto are drawn in Vazirmatn, shipped in ``afmap/fonts/`` (SIL OFL
1.1, ``OFL.txt`` and ``README.md`` beside it). Their letters must be joined
and laid out right to left: matplotlib 3.11 and later do that themselves
(libraqm: HarfBuzz and FriBiDi) and are handed the text as it is written;
older ones draw every letter on its own, left to right, so :func:`plain`
reshapes such text with ``arabic-reshaper`` and orders it with
``python-bidi`` first.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import re
import warnings
from functools import cache
from typing import TYPE_CHECKING, Any

from afmap.errors import RenderError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Image formats the static renderers write.
IMAGE_FORMATS = ("png", "svg")

#: Colour of land no period covers.
NO_DATA_COLOR = "#e4e4e4"

_RC: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "svg.hashsalt": "afmap",       # stable ids in the SVG
    "svg.fonttype": "path",        # looks the same without the font installed
    "hatch.linewidth": 1.6,
    "text.parse_math": False,      # scenario text is text: "$5 and $6" is not mathtext
    "text.usetex": False,
}

#: The font of Dari and Pashto images, and the files of it afmap ships.
ARABIC_FONT = "Vazirmatn"
FONT_FILES = ("Vazirmatn-Regular.ttf", "Vazirmatn-Bold.ttf")

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# Arabic, Arabic Supplement, Extended-A and the presentation forms
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")


def plain(text: str) -> str:
    """Any text as a figure prints it: the images' one text boundary.

    Figures are drawn under ``text.parse_math: False`` (see ``_RC``), so
    ``$...$`` is never read as mathtext and prints as written. Control
    characters other than the line break cannot be drawn and are not allowed
    in the SVG's XML, so each becomes U+FFFD. A line in Arabic script is
    joined and ordered right to left where matplotlib cannot do it itself
    (:func:`shaped`); text without Arabic script comes out as it went in.
    """
    text = _CONTROLS.sub("\ufffd", text.replace("\t", " "))
    if _ARABIC_SCRIPT.search(text) and not matplotlib_shapes():
        text = "\n".join(shaped(line) for line in text.split("\n"))
    return text


@cache
def matplotlib_shapes() -> bool:
    """Whether this matplotlib joins Arabic script and lays it out by itself (3.11+, libraqm)."""
    from matplotlib.text import Text

    return hasattr(Text, "set_language")


def shaped(line: str) -> str:
    """One line of Arabic script as a renderer that neither joins nor reorders must get it.

    Letters become their joined presentation forms (``arabic-reshaper``,
    marks such as the hamza of "جبههٔ" kept), then the line is put in
    display order (``python-bidi``, brackets mirrored). Pashto's own letters
    (ټ ډ ړ ږ ښ ګ ڼ ۍ) have no presentation forms in Unicode: they stay
    unjoined on this path, one reason to prefer matplotlib 3.11 or later.
    """
    from bidi.algorithm import get_display

    line = line.replace("\u2068", "").replace("\u2069", "")  # isolates: unknown to it
    return str(get_display(_reshaper().reshape(line)))


@cache
def _reshaper() -> Any:
    import arabic_reshaper

    return arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False})


_FONT_FILES = contextlib.ExitStack()
atexit.register(_FONT_FILES.close)


@cache
def register_fonts() -> None:
    """Make the shipped Vazirmatn known to matplotlib, from wherever afmap is installed."""
    from importlib import resources

    from matplotlib import font_manager

    for name in FONT_FILES:
        path = _FONT_FILES.enter_context(
            resources.as_file(resources.files("afmap").joinpath("fonts", name)))
        font_manager.fontManager.addfont(str(path))


def _rc(lang: str) -> dict[str, Any]:
    """``_RC``, with the shipped font first for a language in Arabic script."""
    if lang == "en":
        return _RC
    import matplotlib

    register_fonts()
    rc = dict(_RC, **{"font.family": [ARABIC_FONT, "DejaVu Sans"]})
    if "text.language" in matplotlib.rcParams:   # libraqm picks the language's letter forms
        from afmap.i18n import language

        rc["text.language"] = language(lang).tag
    return rc


def new_figure(width_in: float, height_in: float) -> Figure:
    """A figure that does not touch pyplot's global state."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width_in, height_in), dpi=150, facecolor="white")


def figure_bytes(fig: Figure, fmt: str, lang: str = "en") -> bytes:
    """The figure as PNG or SVG bytes, the same bytes for the same figure.

    Raises
    ------
    RenderError
        If ``fmt`` is not png or svg.
    """
    import matplotlib

    if fmt not in IMAGE_FORMATS:
        raise RenderError(f"cannot write a static image as '{fmt}'; use png or svg")
    metadata: dict[str, str | None] = (
        {"Date": None, "Creator": "afmap"} if fmt == "svg" else {"Software": "afmap"})
    buf = io.BytesIO()
    with matplotlib.rc_context(_rc(lang)), warnings.catch_warnings():  # type: ignore[arg-type]
        # A glyph the font lacks prints as a box; the warning would only be noise on stderr.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
        fig.savefig(buf, format=fmt, metadata=metadata, facecolor=fig.get_facecolor())
    return buf.getvalue()


def rc_context(lang: str = "en") -> Any:
    """The rc settings the figures of ``lang`` are drawn under (hatch width, fonts)."""
    import matplotlib

    return matplotlib.rc_context(_rc(lang))  # type: ignore[arg-type]
