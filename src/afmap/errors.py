"""The one exception hierarchy of afmap.

Every failure a user can cause is an :class:`AfmapError`; the command line turns
it into a message and exit code 1. Anything else is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass


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
        # One problem, one line: names quoted in messages may hold line breaks.
        message = self.message.replace("\r", "\\r").replace("\n", "\\n")
        if self.line:
            return f"{self.path}:{self.line}:{self.col}: {message}"
        return f"{self.path}: {message}"


class AfmapError(Exception):
    """Root of every error afmap reports to its user."""

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
