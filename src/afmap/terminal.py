"""Text for a terminal: control characters shown, never obeyed.

Names, notes and paths come from files anyone may have written. Printed raw, an
ESC could recolour the terminal or move the cursor, and a line break, U+2028
or a vertical tab could start a line that looks like afmap's own
``path:line:col:`` report. Everything afmap prints to a terminal passes
through :func:`visible` (or :func:`visible_lines`), which writes such
characters as escapes: ``\\x1b``, ``\\u2028``.
"""

from __future__ import annotations

import re

#: Characters escaped: C0 controls, DEL and C1 controls (Unicode category Cc, which
#: includes VT, FF, FS/GS/RS and U+0085), the line and paragraph separators U+2028
#: and U+2029, and the bidirectional embeddings, overrides and isolates (U+202A..U+202E,
#: U+2066..U+2069), which reorder the rest of a line as shown.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _SHORT:
        return _SHORT[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` as one terminal line: every control character as a visible escape.

    >>> visible("Kabul\\x1b[31m\\u2028x")
    'Kabul\\\\x1b[31m\\\\u2028x'
    """
    return _UNSAFE.sub(_escape, text)


def visible_lines(text: str) -> str:
    """Like :func:`visible`, but the line breaks (``\\n``) of ``text`` are kept."""
    return "\n".join(visible(line) for line in text.split("\n"))


def json_safe(text: str) -> str:
    """JSON text with the controls ``json.dumps`` leaves raw (DEL, C1, U+2028...) as ``\\uXXXX``.

    Outside strings JSON holds no such character, and inside one ``\\uXXXX``
    means the same character: the data is unchanged, the terminal is safe.
    """
    return _UNSAFE.sub(lambda m: m.group() if m.group() == "\n" else f"\\u{ord(m.group()):04x}",
                       text)
