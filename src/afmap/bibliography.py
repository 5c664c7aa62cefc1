"""Works cited once, by key: how a citation reads, and CSL-JSON and BibTeX for reference managers.

A source on a claim is either plain text or a :class:`~afmap.scenario.Citation`
of a :class:`~afmap.scenario.Work`. Every reader-facing output shows a
citation as one line of text (:func:`cite_text`), so popups, tables, exports
and images need not know the difference.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from afmap.edtfdates import parse as parse_edtf
from afmap.scenario import Citation, Work


@dataclass(frozen=True)
class CitedWork:
    """A work with its key, as :func:`csl_json` and :func:`bibtex` list it."""

    key: str
    work: Work


def work_text(work: Work) -> str:
    """One line for a work: ``Ahmed Rashid, 'Taliban', Yale University Press, 2000``."""
    if work.text is not None and work.title is None:
        return work.text
    parts: list[str] = []
    if work.author:
        parts.append(work.author)
    if work.title:
        parts.append(f"'{work.title}'")
    for value in (work.container, work.publisher, work.edition):
        if value:
            parts.append(value)
    if work.date:
        parts.append(parse_edtf(work.date).words())
    if work.url:
        parts.append(work.url)
    if work.accessed:
        parts.append(f"accessed {work.accessed.isoformat()}")
    text = ", ".join(parts)
    return f"{text} ({work.text})" if work.text else text


def cite_text(citation: Citation, works: Mapping[str, Work],
              texts: dict[str, str] | None = None) -> str:
    """A citation as a reader sees it: the work, the pinpoint, the quotation.

    ``texts`` (when given) keeps each work's :func:`work_text` by key, for a
    caller that cites the same works many times.
    """
    if texts is None:
        text = work_text(works[citation.cite])
    else:
        if citation.cite not in texts:
            texts[citation.cite] = work_text(works[citation.cite])
        text = texts[citation.cite]
    if citation.at:
        text += f", {citation.at}"
    if citation.quote:
        text += f": '{citation.quote}'"
    return text


def source_text(source: str | Citation, works: Mapping[str, Work],
                texts: dict[str, str] | None = None) -> str:
    """Plain text as written; a citation through :func:`cite_text`."""
    return source if isinstance(source, str) else cite_text(source, works, texts)


def cited_keys(sources: Iterable[str | Citation]) -> list[str]:
    """The work keys among ``sources``, in order, each once."""
    return list(dict.fromkeys(s.cite for s in sources if isinstance(s, Citation)))


# --- reference-manager formats ------------------------------------------------------------

_CSL_TYPES = {"article": "article-journal", "book": "book", "chapter": "chapter",
              "report": "report", "news": "article-newspaper", "web": "webpage",
              "encyclopedia": "entry-encyclopedia", "dataset": "dataset", "map": "map",
              "other": "document", None: "document"}
_BIB_TYPES = {"article": "article", "book": "book", "chapter": "incollection",
              "report": "techreport", "news": "article", "web": "online",
              "encyclopedia": "online", "dataset": "misc", "map": "misc", "other": "misc",
              None: "misc"}


def _date_parts(text: str) -> dict[str, object]:
    when = parse_edtf(text)
    parts: list[int] = [when.first.year]
    if when.precision in ("month", "day"):
        parts.append(when.first.month)
    if when.precision == "day":
        parts.append(when.first.day)
    out: dict[str, object] = {"date-parts": [parts]}
    if when.qualifier:
        out["circa"] = True
    return out


def csl_item(key: str, work: Work) -> dict[str, object]:
    """One CSL-JSON item (the format Zotero, Mendeley and pandoc import)."""
    item: dict[str, object] = {"id": key, "type": _CSL_TYPES[work.type]}
    item["title"] = work.title or work.text
    if work.author:
        item["author"] = [{"literal": work.author}]
    if work.container:
        item["container-title"] = work.container
    if work.publisher:
        item["publisher"] = work.publisher
    if work.edition:
        item["edition"] = work.edition
    if work.date:
        item["issued"] = _date_parts(work.date)
    if work.url:
        item["URL"] = work.url
    if work.accessed:
        a = work.accessed
        item["accessed"] = {"date-parts": [[a.year, a.month, a.day]]}
    if work.note:
        item["note"] = work.note
    return item


def csl_json(works: Iterable[CitedWork]) -> str:
    """A CSL-JSON array of ``works``."""
    return json.dumps([csl_item(w.key, w.work) for w in works], ensure_ascii=False, indent=2) + "\n"


#: BibTeX's predefined month macros, written without braces.
_BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_BIB_SPECIAL = re.compile(r"([\\{}&%$#_^~])")


def _bib_escape(text: str) -> str:
    """Text as a BibTeX value: braces and TeX's special characters escaped, no line breaks."""
    def one(match: re.Match[str]) -> str:
        ch = match.group(1)
        return {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}.get(ch, "\\" + ch)

    return _BIB_SPECIAL.sub(one, " ".join(text.split()))


def bibtex(works: Iterable[CitedWork]) -> str:
    """The works as BibTeX entries (``@book{rashid-2000, ...}``)."""
    out: list[str] = []
    for cited in works:
        work = cited.work
        fields: list[tuple[str, str]] = []
        if work.author:
            fields.append(("author", "{" + _bib_escape(work.author) + "}"))
        fields.append(("title", "{" + _bib_escape(work.title or work.text or "") + "}"))
        container = {"article": "journal", "news": "journal", "chapter": "booktitle"}.get(
            work.type or "", "howpublished")
        if work.container:
            fields.append((container, _bib_escape(work.container)))
        if work.publisher:
            fields.append(("institution" if work.type == "report" else "publisher",
                           _bib_escape(work.publisher)))
        if work.edition:
            fields.append(("edition", _bib_escape(work.edition)))
        if work.date:
            when = parse_edtf(work.date)
            fields.append(("year", str(when.first.year)))
            if when.precision in ("month", "day"):
                fields.append(("month", _BIBTEX_MONTHS[when.first.month - 1]))
        if work.url:
            fields.append(("url", re.sub(r"[{}\\\s]", "", work.url)))  # url fields are verbatim
        if work.accessed:
            fields.append(("urldate", work.accessed.isoformat()))
        if work.note:
            fields.append(("note", _bib_escape(work.note)))
        key = re.sub(r"[^A-Za-z0-9_.:-]", "-", cited.key)
        body = ",\n".join(f"  {name} = {{{value}}}" if not value.startswith("{")
                          else f"  {name} = {value}" for name, value in fields)
        out.append(f"@{_BIB_TYPES[work.type]}{{{key},\n{body}\n}}\n")
    return "\n".join(out)
