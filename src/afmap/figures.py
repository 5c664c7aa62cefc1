"""What every static image (map, chart) shares: safe text, fonts, deterministic bytes."""

from __future__ import annotations

import io
import re
import warnings
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

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def plain(text: str) -> str:
    """Scenario text as a figure prints it: the images' one text boundary.

    Figures are drawn under ``text.parse_math: False`` (see ``_RC``), so
    ``$...$`` is never read as mathtext and prints as written. Control
    characters other than the line break cannot be drawn and are not allowed
    in the SVG's XML, so each becomes U+FFFD.
    """
    return _CONTROLS.sub("\ufffd", text.replace("\t", " "))


def new_figure(width_in: float, height_in: float) -> Figure:
    """A figure that does not touch pyplot's global state."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width_in, height_in), dpi=150, facecolor="white")


def figure_bytes(fig: Figure, fmt: str) -> bytes:
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
    with matplotlib.rc_context(_RC), warnings.catch_warnings():  # type: ignore[arg-type]
        # A glyph the font lacks prints as a box; the warning would only be noise on stderr.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
        fig.savefig(buf, format=fmt, metadata=metadata, facecolor=fig.get_facecolor())
    return buf.getvalue()


def rc_context() -> Any:
    """The rc settings the figures are drawn under (hatch width, fonts)."""
    import matplotlib

    return matplotlib.rc_context(_RC)  # type: ignore[arg-type]
