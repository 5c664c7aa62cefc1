"""Resolving province names: case-, accent- and punctuation-insensitive.

``Ghōr``, ``ghor``, ``GHOR`` and ``AF-GHO`` all name one province.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Mapping


def normalise(name: str) -> str:
    """Fold a name to a key: no accents, case, spaces or punctuation.

    >>> normalise("Sar-e Pol") == normalise("sare pol") == "sarepol"
    True
    """
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed.casefold() if ch.isalnum())


def did_you_mean(word: str, choices: Iterable[str], *, key: bool = True) -> str | None:
    """The closest of ``choices`` to ``word``, or None if nothing is close."""
    options = list(choices)
    if key:
        folded = {normalise(c): c for c in options}
        match = difflib.get_close_matches(normalise(word), list(folded), n=1, cutoff=0.6)
        return folded[match[0]] if match else None
    match = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return match[0] if match else None


def suggestion(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'X'?)`` or an empty string."""
    best = did_you_mean(word, choices)
    return f" (did you mean '{best}'?)" if best else ""


class ProvinceNames:
    """Lookup from any spelling of a province to its ISO 3166-2 code.

    Parameters
    ----------
    names
        Code -> common English name.
    aliases
        Code -> other spellings.
    """

    def __init__(self, names: Mapping[str, str], aliases: Mapping[str, Iterable[str]]) -> None:
        self.names = dict(names)
        self._lookup: dict[str, str] = {}
        for code, name in names.items():
            for spelling in (code, name, *aliases.get(code, ())):
                self._lookup.setdefault(normalise(spelling), code)

    def resolve(self, name: str) -> str | None:
        """The code for ``name``, or None if no province is called that."""
        return self._lookup.get(normalise(name))

    def suggest(self, name: str) -> str:
        """A " (did you mean 'Helmand'?)" hint for an unknown name, or ''."""
        key = normalise(name)
        match = difflib.get_close_matches(key, list(self._lookup), n=1, cutoff=0.6)
        if not match:
            return ""
        return f" (did you mean '{self.names[self._lookup[match[0]]]}'?)"
