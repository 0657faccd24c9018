""" "Cite this clause / this note": plain text, BibTeX and CSL-JSON, and the HTML that offers them.

All three come from one CSL item (``csl.clause_item`` / ``csl.note_item``), so
they never disagree. BibTeX escapes TeX's special characters in every field
(contributor handles and titles are data, not TeX). The HTML is a closed
``<details>``: nothing to load, readable without JavaScript; ``cite.js`` adds
the copy buttons' behaviour. A note's Cite carries only its CSL item as data, and
``cite.js`` writes the three formats from it when opened (the same functions, in
JavaScript: a test compares both); without script it links the treaty's
citations page, where they are written out.
"""

from __future__ import annotations

import json
import re
from html import escape
from typing import Any

_TEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}
_TEX_SPECIAL = re.compile(r"[\\{}%&$#_^~]")
_KEY = re.compile(r"[^A-Za-z0-9]+")


def tex(text: str) -> str:
    """Text as a BibTeX field value: every special character escaped."""
    return _TEX_SPECIAL.sub(lambda m: _TEX[m[0]], text)


def _date(item: dict[str, Any]) -> str | None:
    parts = item.get("issued", {}).get("date-parts", [[]])[0]
    return "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts)) if parts else None


def _edition(item: dict[str, Any]) -> str:
    date, commit = _date(item), item.get("version")
    words = [f"edition of {date}" if date else "undated edition"]
    if commit:
        words.append(f"commit {commit[:10]}")
    return ", ".join(words)


def plain_text(item: dict[str, Any]) -> str:
    """A reference a reader can paste into prose."""
    authors = "; ".join(a.get("literal", "") for a in item.get("author", []))
    section = f", {item['section']}" if item.get("section") else ""
    genre = f" ({item['genre']})" if item.get("genre") else ""
    lead = f"{authors}, " if authors else ""
    revised = f" {item['note']}." if item.get("note") else ""
    return f"{lead}“{item['title']}”{section}{genre}.{revised} {item['container-title']}, {_edition(item)}. {item['URL']}"


def bibtex(item: dict[str, Any]) -> str:
    """A ``@misc`` entry (biblatex reads ``url``, ``urldate``-free, and ``version``)."""
    key = _KEY.sub("-", item["id"]).strip("-") or "item"
    fields: list[tuple[str, str]] = []
    if item.get("author"):
        fields.append(("author", " and ".join("{" + tex(a.get("literal", "")) + "}" for a in item["author"])))
    title = item["title"] + (f", {item['section']}" if item.get("section") else "")
    fields.append(("title", tex(title)))
    fields.append(("howpublished", tex(item["container-title"])))
    date = _date(item)
    if date:
        fields.append(("year", date[:4]))
        fields.append(("date", date))
    if item.get("version"):
        fields.append(("version", tex(item["version"])))
    note = ", ".join(x for x in (item.get("genre"), item.get("note"), _edition(item)) if x)
    fields.append(("note", tex(note)))
    fields.append(("url", item["URL"]))  # biblatex reads url verbatim: no TeX escapes (our own address)
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}"


def csl_json(item: dict[str, Any]) -> str:
    """A one-item CSL-JSON array, one field a line (short enough to read in a narrow column)."""
    lines = ",\n".join(f"  {json.dumps(key)}: {json.dumps(item[key], ensure_ascii=False)}" for key in sorted(item))
    return "[{\n" + lines + "\n}]"


def formats_html(item: dict[str, Any], what: str) -> str:
    """The three formats, each with a copy button, and the status line the copy reports to."""
    formats = (("Text", plain_text(item)), ("BibTeX", bibtex(item)), ("CSL-JSON", csl_json(item)))
    blocks = "".join(
        f'<div class="cite__format"><span class="cite__label">{name}</span>'
        f'<button type="button" class="cite__copy" aria-label="{escape(f"Copy {what} as {name}")}">Copy</button>'
        f'<pre class="cite__text"><code>{escape(text)}</code></pre></div>'
        for name, text in formats
    )
    return f'{blocks}<span class="cite__status" role="status"></span>'


def cite_html(item: dict[str, Any], what: str, search_exclude: bool = True) -> str:
    """The "Cite" disclosure with the three formats, each with a copy button; ``what`` names the cited thing."""
    return (
        f'<details class="cite"{" data-search-exclude" if search_exclude else ""}>'
        f'<summary aria-label="{escape(f"Cite {what}")}">Cite</summary>{formats_html(item, what)}</details>'
    )


# The fields every note of one edition shares: a page gives them once (``data-cite-edition``), not per note.
EDITION_FIELDS = ("container-title", "publisher", "issued", "version")


def _attribute(data: dict[str, Any]) -> str:
    """JSON in a single-quoted attribute: its many double quotes stay one byte each."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return escape(text, quote=False).replace("'", "&#x27;")


def edition_json(item: dict[str, Any]) -> str:
    """The edition's fields as JSON (for an attribute that a serialiser escapes)."""
    return json.dumps({k: item[k] for k in EDITION_FIELDS if k in item}, ensure_ascii=False, separators=(",", ":"))


def cite_on_demand_html(item: dict[str, Any], what: str, elsewhere: str) -> str:
    """A note's "Cite": a link to ``elsewhere``, where the three formats are written out, carrying the item's
    own fields as data. ``cite.js`` makes it a button that opens the three formats, written from that data
    (the same text as :func:`cite_html`, which a page with thousands of notes cannot carry: 1.7 KB a note).

    A link rather than a ``<details>``: Material's script sets up every ``<details>`` of a page when it
    loads, and at a thousand notes that was a quarter of the time before the page answered (issue 22).
    """
    own = {k: v for k, v in item.items() if k not in EDITION_FIELDS}
    return (
        f'<div class="cite cite--note" data-search-exclude><a class="cite__open" href="{escape(elsewhere)}"'
        f" data-cite='{_attribute(own)}' aria-label=\"{escape(f'Cite {what}')}\">Cite</a></div>"
    )
