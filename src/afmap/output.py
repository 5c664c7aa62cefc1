"""Writing output files atomically: all of the new file, or the old one untouched."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from afmap.errors import RenderError


def write_atomic(path: Path, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    On any failure the temporary file is removed and an earlier ``path``
    stays byte-identical.

    Raises
    ------
    RenderError
        If the folder cannot be created or the file cannot be written.
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RenderError(f"{path.parent}: cannot create the output folder: {exc.strerror}") from None
    if path.is_dir():
        raise RenderError(f"{path}: is a folder; give --out a file name")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise RenderError(f"{path}: cannot write here: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise RenderError(f"{path}: cannot write: {exc.strerror}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
