"""The HTML a note may carry, and what the site's sanitiser would remove from it.

The allow-list lives here, in the content layer, so that the check names what
the build's sanitiser (``site/sanitize.py``, nh3 with these lists) removes: the
note still builds without it, but its writer learns that the embed, the style or
the script is gone. Raw HTML is read outside code, as Markdown reads it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from .references import code_spans

TAGS = frozenset(
    {
        *("p", "br", "em", "strong", "b", "i", "code", "pre", "blockquote", "q", "cite"),
        *("ul", "ol", "li", "dl", "dt", "dd", "a", "abbr", "sub", "sup", "del", "ins"),
        *("table", "thead", "tbody", "tr", "th", "td", "span", "hr"),
    }
)
ATTRIBUTES = {
    "a": frozenset({"href", "title"}),
    "abbr": frozenset({"title"}),
    "th": frozenset({"align"}),
    "td": frozenset({"align"}),
}
URL_SCHEMES = frozenset({"https", "http", "mailto"})
_SCHEME = re.compile(r"\s*([A-Za-z][A-Za-z0-9+.-]*):")
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_MD_LINK = re.compile(r"\]\(\s*<?(?P<url>[A-Za-z][A-Za-z0-9+.-]*:[^)\s>]*)")  # [text](scheme:…)


@dataclass(frozen=True)
class Removed:
    line: int  # 1-based in the scanned text
    what: str  # "<iframe>", "attribute 'onclick' of <a>", "link 'javascript:…'"


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.removed: list[Removed] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag not in TAGS:
            self.removed.append(Removed(line, f"<{tag}>"))
            return
        for name, value in attrs:
            if name not in ATTRIBUTES.get(tag, ()):
                self.removed.append(Removed(line, f"attribute '{name}' of <{tag}>"))
            elif name == "href" and value and (m := _SCHEME.match(value)) and m[1].lower() not in URL_SCHEMES:
                self.removed.append(Removed(line, f"link '{value[:40]}'"))


def removed_html(text: str) -> list[Removed]:
    """What the sanitiser would remove from the Markdown ``text``: tags, attributes, link schemes, images."""
    blanked = list(text)
    for start, stop in code_spans(text):  # code is shown as text, never as HTML
        for i in range(start, stop):
            if blanked[i] != "\n":
                blanked[i] = " "
    plain = "".join(blanked)
    scan = _Scan()
    scan.feed(plain)
    scan.close()
    found = scan.removed
    found += [Removed(plain.count("\n", 0, m.start()) + 1, "image") for m in _IMAGE.finditer(plain)]
    found += [
        Removed(plain.count("\n", 0, m.start()) + 1, f"link '{m['url'][:40]}'")
        for m in _MD_LINK.finditer(plain)
        if (scheme := _SCHEME.match(m["url"])) and scheme[1].lower() not in URL_SCHEMES
    ]
    return sorted(found, key=lambda r: r.line)
