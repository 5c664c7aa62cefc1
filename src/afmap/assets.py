"""JavaScript and CSS that the HTML maps inline, read from installed packages.

The maps must work offline, so by default Leaflet is copied into the page
from the ``xstatic-leaflet`` wheel (Leaflet 1.9.3, the very version folium
0.20 links from its CDN). Nothing is vendored in this repository.
"""

from __future__ import annotations

import base64
import re
from importlib import resources
from pathlib import Path

from afmap.errors import RenderError

#: The CDN addresses folium 0.20 uses for the same Leaflet version.
LEAFLET_CDN_JS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"
LEAFLET_CDN_CSS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css"

_LEAFLET_LICENCE = """\
Leaflet 1.9.3 (from the xstatic-leaflet 1.9.3.0 package), BSD 2-Clause licence:

Copyright (c) 2010-2022, Vladimir Agafonkin
Copyright (c) 2010-2011, CloudMade
All rights reserved.

Redistribution and use in source and binary forms, with or without modification, are
permitted provided that the following conditions are met:

   1. Redistributions of source code must retain the above copyright notice, this list of
      conditions and the following disclaimer.

   2. Redistributions in binary form must reproduce the above copyright notice, this list
      of conditions and the following disclaimer in the documentation and/or other materials
      provided with the distribution.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY
EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF
MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE
COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL,
EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF
SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION)
HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR
TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS
SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE."""


def _leaflet_dir() -> Path:
    try:
        from xstatic.pkg import leaflet
    except ImportError:
        raise RenderError(
            "the xstatic-leaflet package is not installed; install it "
            "(pip install xstatic-leaflet==1.9.3.0) or use --cdn"
        ) from None
    if leaflet.VERSION != "1.9.3":
        raise RenderError(
            f"xstatic-leaflet ships Leaflet {leaflet.VERSION}, afmap needs 1.9.3 "
            "(pip install xstatic-leaflet==1.9.3.0) or use --cdn"
        )
    return Path(leaflet.BASE_DIR)


def script_safe(text: str) -> str:
    """Make library code safe to sit between ``<script>`` tags.

    ``</script`` would end the element early and ``<!--`` changes how the
    HTML parser reads the rest; both only occur inside JS strings, where
    ``<\\/`` and ``<\\!`` mean the same characters.
    """
    return re.sub(r"<(?=/script|!--)", r"<\\", text, flags=re.IGNORECASE)


def _data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def leaflet_inline_head() -> str:
    """Leaflet's CSS and JS as ``<style>`` and ``<script>`` elements.

    The CSS's images become ``data:`` URIs so no file is fetched and its
    comments go; the JS loses its source-map comment (the map file is not
    shipped) and keeps its licence banner.
    """
    base = _leaflet_dir()
    css = (base / "leaflet.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)  # comments only hold links and hints
    css = re.sub(r"\n\s*\n+", "\n", css)
    css = re.sub(
        r"url\(images/([A-Za-z0-9_.-]+\.png)\)",
        lambda m: f"url({_data_uri(base / 'images' / m.group(1))})",
        css,
    )
    js = (base / "leaflet.js").read_text(encoding="utf-8")
    js = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", js)
    return (
        f"<!--\n{_LEAFLET_LICENCE}\n-->\n"
        f"<style>\n{css.strip()}\n</style>\n"
        f"<script>\n{script_safe(js).strip()}\n</script>"
    )


def template_text(name: str) -> str:
    """The text of one of afmap's own templates (``afmap/templates/NAME``)."""
    return resources.files("afmap").joinpath("templates", name).read_text(encoding="utf-8")


def page_code(*names: str) -> str:
    """afmap's own scripts (``.js``) or stylesheets (``.css``) in ``templates/``, joined and minified.

    The templates are written to be read, with comments; a page carries them
    without comments and spare spaces (``rjsmin``, ``rcssmin``). Only afmap's
    own code passes through here, never a user's text.
    """
    kinds = {name.rsplit(".", 1)[-1] for name in names}
    if len(kinds) != 1 or not kinds <= {"js", "css"}:
        raise ValueError(f"page_code joins scripts or stylesheets, not {names}")
    text = "\n".join(template_text(name) for name in names)
    if kinds == {"js"}:
        import rjsmin

        return rjsmin.jsmin(text)
    import rcssmin

    return rcssmin.cssmin(text)
