"""Reading input files safely: regular files only, and never more than a bound.

A FIFO given as an input would block forever, ``/dev/zero`` would fill the
memory, a terminal would wait for typing: every input (scenario YAML, province
GeoJSON) is checked to be a regular file before it is opened, and is read up
to a limit only.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotRegularFileError(OSError):
    """An input path names a FIFO, device, socket or folder, not a regular file."""

    def __init__(self, path: Path, kind: str, hint: str | None = None) -> None:
        super().__init__(f"not a regular file ({kind})" + (f"; give {hint}" if hint else ""))
        self.path, self.kind = path, kind

    def __str__(self) -> str:
        return str(self.args[0])


def file_kind(mode: int) -> str:
    """What ``mode`` (an ``os.stat`` result's ``st_mode``) names, for a message: 'a FIFO'..."""
    for test, kind in ((stat.S_ISREG, "a regular file"), (stat.S_ISDIR, "a folder"),
                       (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return kind
    return "not a file"


def read_regular_file(path: Path | str, limit: int, hint: str | None = None) -> bytes:
    """The bytes of ``path``, at most ``limit`` of them (like ``file.read(limit)``).

    ``path`` must be a regular file (symbolic links are followed); anything
    else is refused before it is opened, so no FIFO or device can block or
    flood the reader. A caller that must know whether a file holds more than
    its limit asks for one byte more and compares.

    Raises
    ------
    NotRegularFileError
        If ``path`` is a FIFO, device, socket or folder; its message is
        ``not a regular file (a FIFO)``, followed by ``; give <hint>`` when given.
    OSError
        If the file cannot be read (``FileNotFoundError`` when it is missing).
    """
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise NotRegularFileError(Path(path), file_kind(mode), hint)
    # O_NONBLOCK: should the path be swapped for a FIFO between the check and the
    # open, opening it still does not wait for a writer; fstat then refuses it.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as fh:
        mode = os.fstat(fh.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFileError(Path(path), file_kind(mode), hint)
        return fh.read(limit)
