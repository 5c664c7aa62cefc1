"""Whole numbers as short text: zigzag varints in base64url letters.

Each letter carries 5 bits of the number, lowest first, and a sixth bit
that says another letter follows; a signed number ``n`` is first mapped to
``2n`` (``n >= 0``) or ``-2n - 1``, so small numbers of either sign take one
letter. Every letter is safe unescaped in JSON and HTML. The page decodes
them with ``decodeVarints`` in ``templates/afmap-state.js``.
"""

from __future__ import annotations

from collections.abc import Iterable

#: The 64 letters of a varint digit: 5 bits of value and a continuation bit.
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def _letters(z: int) -> str:
    out = []
    while z >= 32:
        out.append(ALPHABET[32 | (z & 31)])
        z >>= 5
    out.append(ALPHABET[z])
    return "".join(out)


#: The letters of every zigzag value below 2 ** 10 (one or two letters), looked up.
_SHORT = [_letters(z) for z in range(1 << 10)]


def encode_varints(numbers: Iterable[int]) -> str:
    """Signed integers as zigzag varints, 5 bits per letter of :data:`ALPHABET`."""
    short, limit, letters = _SHORT, len(_SHORT), ALPHABET
    out = []
    append = out.append
    for n in numbers:
        z = 2 * n if n >= 0 else -2 * n - 1
        if z < limit:
            append(short[z])
            continue
        while z >= 32:
            append(letters[32 | (z & 31)])
            z >>= 5
        append(letters[z])
    return "".join(out)


def decode_varints(text: str) -> list[int]:
    """The inverse of :func:`encode_varints`."""
    numbers, z, mult = [], 0, 1
    for ch in text:
        c = ALPHABET.index(ch)
        z += (c & 31) * mult
        mult *= 32
        if not c & 32:
            numbers.append(-(z + 1) // 2 if z & 1 else z // 2)
            z, mult = 0, 1
    return numbers
