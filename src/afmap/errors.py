"""The one exception hierarchy of afmap.

Every failure a user can cause is an :class:`AfmapError`; the command line turns
it into a message and its ``exit_code`` (1, or 2 for wrong usage). Anything else is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass

from afmap.terminal import visible


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in an input file.

    ``line`` and ``col`` are 1-based; 0 means "not known" and is left out of
    the message.
    """

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        # One problem, one line: names quoted in messages (and file names) may hold
        # line breaks, U+2028 or terminal escapes; they are shown, never obeyed.
        path, message = visible(self.path), visible(self.message)
        if self.line:
            return f"{path}:{self.line}:{self.col}: {message}"
        return f"{path}: {message}"


class AfmapError(Exception):
    """Root of every error afmap reports to its user."""

    #: The command line's exit code: 1 for input data it cannot use.
    exit_code = 1

    def lines(self) -> list[str]:
        """The message as the lines the command line prints."""
        return [str(self)]


class ScenarioError(AfmapError):
    """A scenario file or folder is broken; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.path, p.line, p.col, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class GeodataError(AfmapError):
    """The province geometry file is missing or broken."""


class RenderError(AfmapError):
    """A map or export could not be written."""


class TranslationError(ScenarioError):
    """A translation file (``afmap/translations/*.yaml``) is broken; every problem, located."""


class OptionError(AfmapError):
    """An option names something afmap does not know (a tile layer, say): wrong usage, exit 2."""

    exit_code = 2


class OutPathError(RenderError):
    """``--out`` names a file afmap must not write: an input, a device, a FIFO, a folder.

    Wrong usage, so the command line exits 2.
    """

    exit_code = 2
