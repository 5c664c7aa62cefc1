"""Writing output files atomically: all of the new file, or the old one untouched.

Every file afmap writes goes through :func:`write_atomic`, which first refuses
a target that would destroy something: one of the command's inputs (the
scenario file, a ``*.yaml`` in the scenario folder, the geodata), or an
existing path that is not a regular file (``/dev/null``, a FIFO, a socket, a
folder), which replacing would turn into a plain file.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path

from afmap.errors import OutPathError, RenderError
from afmap.inputfiles import file_kind

#: One input of a command: what it is (``"the scenario"``) and its path.
Input = tuple[str, Path]

#: The files of a folder that are read as part of a scenario (see ``validate.scenario_files``).
_SCENARIO_SUFFIXES = (".yaml", ".yml")


def check_out(path: Path, inputs: Sequence[Input]) -> None:
    """Refuse to write ``path`` if that would replace an input or something not a file.

    Raises
    ------
    OutPathError
        If ``path`` is one of ``inputs`` (the same file, by any name or link),
        a ``*.yaml``/``*.yml`` file in an input folder (the next run would read
        it as part of the scenario), or exists and is not a regular file.
    """
    path = Path(path)
    # 'rp/nosuch/../new.yaml' names rp/new.yaml: the folder is compared as the file is written.
    parent = Path(os.path.abspath(path)).parent
    try:
        mode: int | None = os.stat(path).st_mode
    except OSError:
        mode = None  # nothing there yet (or a dangling link, which replacing harms no one)
    for role, given in inputs:
        given = Path(given)
        if mode is not None and given.exists() and os.path.samefile(path, given):
            raise OutPathError(f"{path}: --out is one of the inputs ({role}); give another file name")
        if (path.suffix.lower() in _SCENARIO_SUFFIXES and given.is_dir() and parent.is_dir()
                and os.path.samefile(parent, given)):
            raise OutPathError(f"{path}: --out is inside {role} folder ({given}), where every "
                               f"{path.suffix} file is an input; give another file name")
    if mode is not None and not stat.S_ISREG(mode):
        raise OutPathError(f"{path}: --out is {file_kind(mode)}, not a regular file; "
                           "give a file name")


def write_atomic(path: Path, data: str | bytes, *, inputs: Sequence[Input]) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    ``inputs`` are the files and folders the command read (``()`` if none):
    :func:`check_out` refuses ``path`` first if it is one of them or not a
    regular file. On any failure, Ctrl-C and (through the command line's
    handlers) SIGTERM and SIGHUP included, the temporary file is removed and an
    earlier ``path`` stays byte-identical.

    Raises
    ------
    OutPathError
        If ``path`` may not be written (see :func:`check_out`).
    RenderError
        If the folder cannot be created or the file cannot be written.
    """
    path = Path(path)
    check_out(path, inputs)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RenderError(f"{path.parent}: cannot create the output folder: {exc.strerror}") from None
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


#: What a file name's suffix says it holds (``.json`` is JSON, or GeoJSON where that is the choice).
_SUFFIX_FORMATS = {".html": ("html",), ".htm": ("html",), ".png": ("png",), ".svg": ("svg",),
                   ".geojson": ("geojson",), ".json": ("json", "geojson"), ".gpkg": ("gpkg",),
                   ".csv": ("csv",)}


def format_for(out: Path | None, given: str | None, choices: Sequence[str], default: str, *,
               inputs: Sequence[Input] = ()) -> str:
    """The format a command writes: ``--format`` if given, else what ``--out``'s suffix names.

    A suffix that names another of the command's formats than ``--format``
    is wrong usage (:class:`OutPathError`, exit 2), naming both: ``map.png``
    with ``--format html`` would be an HTML file called ``.png``. A suffix
    that names none of them (``.txt``, no suffix) leaves the choice to
    ``--format`` or the default. An ``out`` that would replace one of
    ``inputs`` is refused first (:func:`check_out`): that is the graver mistake.
    """
    named = None
    if out is not None:
        check_out(Path(out), inputs)
        named = next((f for f in _SUFFIX_FORMATS.get(Path(out).suffix.lower(), ())
                      if f in choices), None)
    if given is None:
        return named or default
    if named is not None and named != given:
        raise OutPathError(f"{out}: --out ends {Path(out).suffix}, a {named} file, but --format "
                           f"is {given}; give --format {named} or an --out for {given}")
    return given
