"""Resolving province names: case-, accent- and punctuation-insensitive, in any script.

``Ghōr``, ``ghor``, ``GHOR`` and ``AF-GHO`` all name one province, and so do
``غور`` and its variants. In Arabic script the forms of one letter that Arabic,
Dari and Pashto write differently (yeh, kaf, gaf, heh, alef...) fold to one, as
accents fold in Latin script.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping

#: Arabic-script letters folded to one form. Hamza and madda forms (أ إ آ ؤ ئ ۀ)
#: need no entry: NFKD splits off the mark, which is then dropped like an accent.
_ARABIC_FOLDS = {
    # yeh: Arabic yeh, alef maksura, Pashto e and ey, yeh barree -> Farsi yeh
    "\u064a": "\u06cc", "\u0649": "\u06cc", "\u06d0": "\u06cc", "\u06cd": "\u06cc",
    "\u06d2": "\u06cc",
    # kaf: Arabic kaf, swash kaf -> keheh; gaf: Pashto gaf (ring) -> Dari gaf
    "\u0643": "\u06a9", "\u06aa": "\u06a9", "\u06ab": "\u06af",
    # heh: teh marbuta, ae (what NFKD leaves of heh with yeh above), heh goal,
    # heh doachashmee -> heh
    "\u0629": "\u0647", "\u06d5": "\u0647", "\u06c1": "\u0647", "\u06be": "\u0647",
    # alef wasla -> alef
    "\u0671": "\u0627",
    # Pashto letters with a ring or dots, as a Dari keyboard writes them
    "\u067c": "\u062a", "\u0689": "\u062f", "\u0693": "\u0631", "\u06bc": "\u0646",
    "\u069a": "\u0634", "\u0696": "\u0698",
    # tatweel (the joining stroke) is dropped
    "\u0640": None,
}
# Arabic-Indic and Extended Arabic-Indic (Persian) digits -> 0-9
_ARABIC_FOLDS.update({chr(0x0660 + d): str(d) for d in range(10)})
_ARABIC_FOLDS.update({chr(0x06F0 + d): str(d) for d in range(10)})
_FOLD = str.maketrans(_ARABIC_FOLDS)

#: "Province" in Dari/Pashto, and the Pashto "of" of "د ننګرهار ولايت".
_PROVINCE_WORD = "ولایت"
_OF = "د"
#: What separates words: spaces, and the zero-width non-joiner some put after ولایت.
_WORD_BREAK = re.compile(r"[\s\u200c]+")


def normalise(name: str) -> str:
    """Fold a name to a key: no accents, case, spaces or punctuation.

    Arabic-script variants fold too (yeh, kaf and gaf forms, Pashto letters,
    tatweel, zero-width (non-)joiners, harakat, Arabic-Indic digits).

    >>> normalise("Sar-e Pol") == normalise("sare pol") == "sarepol"
    True
    >>> normalise("كندهار") == normalise("کندهار")
    True
    """
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed.casefold().translate(_FOLD) if ch.isalnum())


def province_key(name: str) -> str:
    """:func:`normalise`, and without the word ولایت ("province") around the name.

    ``ولایت کندهار``, ``کندهار ولايت`` and the Pashto ``د کندهار ولايت`` all
    give the key of ``کندهار`` (so does ``ولایت‌کندهار``, with a zero-width
    non-joiner for the space).
    """
    words = [k for k in (normalise(w) for w in _WORD_BREAK.split(name)) if k]
    if len(words) > 1 and words[0] == _PROVINCE_WORD:
        return "".join(words[1:])
    if len(words) > 1 and words[-1] == _PROVINCE_WORD and words[:-1] != [_OF]:
        words = words[:-1]
        if len(words) > 1 and words[0] == _OF:
            words = words[1:]
    return "".join(words)  # with no ولایت, normalise(name): the words' keys, joined


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
    local_names
        Code -> (language, name) pairs, e.g. ``("fa", "هلمند")``: spellings too,
        and what :meth:`suggest` offers to whoever typed in their script.
    """

    def __init__(self, names: Mapping[str, str], aliases: Mapping[str, Iterable[str]],
                 local_names: Mapping[str, Iterable[tuple[str, str]]] | None = None) -> None:
        self.names = dict(names)
        local = {code: [n for _, n in pairs] for code, pairs in (local_names or {}).items()}
        #: What a suggestion may show for each code: the English name first.
        self._shown = {code: [name, *local.get(code, ())] for code, name in names.items()}
        self._lookup: dict[str, str] = {}
        for code, name in names.items():
            for spelling in (code, name, *local.get(code, ()), *aliases.get(code, ())):
                self._lookup.setdefault(province_key(spelling), code)

    def resolve(self, name: str) -> str | None:
        """The code for ``name``, or None if no province is called that."""
        return self._lookup.get(province_key(name))

    def suggest(self, name: str) -> str:
        """A " (did you mean 'Helmand'?)" hint for an unknown name, or ''.

        The hint names the province in the script typed: of its English and
        local names, the one closest to ``name`` (so ``هلمنت`` gets ``هلمند``).
        """
        key = province_key(name)
        match = difflib.get_close_matches(key, list(self._lookup), n=1, cutoff=0.6)
        if not match:
            return ""
        shown = self._shown[self._lookup[match[0]]]
        best = max(shown, key=lambda s: difflib.SequenceMatcher(None, key, normalise(s)).ratio())
        return f" (did you mean '{best}'?)"
