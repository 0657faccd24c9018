"""What the search index holds: one record per clause of a treaty page, one per other page.

Read from each built page, so the index holds exactly what a reader sees there: on a treaty
page, a clause's text, its notes and its renderings table, under the clause's label, landing
on ``#art_N``; on any other page, its article. Cite blocks, permalinks, note numbers and the
lists of links under a clause are left out: they repeat what other records hold.

Pagefind indexes a record in one language (stemming, word segmentation). Quotations here are
in Russian, Ukrainian, Korean and Japanese inside English pages, so every record is English and
each block of text (paragraph, list item, table cell) written in another script is also indexed
in that script's language, as a second record of the same clause (the search box merges them).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from .source_pages import LANGUAGES

ARTICLE_CLASS = "md-content__inner"  # Material's <article>: the page's own content
# Left out of every record: repeated on other pages or not words a reader searches for. Elements the hooks
# mark data-search-exclude (the links and sources under a clause, its history, the note filters) and:
SKIP_TAGS = {"script", "style", "nav"}
SKIP_CLASSES = {
    "cite",  # the Cite block of a clause (details.cite) or note (div.cite)
    "headerlink",
    "note-mark",  # a note's number in the text
    "footnote-sep",
    "footnote-backref",
    "annotation__permalink",
    "annotation__data",
    "md-source-file",
}
CONTAINERS = {"div", "ol", "ul", "table", "details", "aside", "figure"}
# One parser for every page: lxml's plain elements (the lxml.html classes cost a lookup per element).
PARSER = etree.HTMLParser(encoding="utf-8")
BLOCKS = {
    "p",
    "li",
    "td",
    "th",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "summary",
    "figcaption",
    "dt",
    "dd",
    "pre",
    "blockquote",
    "tr",
}
# Blocks of text in these scripts are also indexed in the script's language (see the module docstring).
SCRIPTS = {
    "ko": re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]"),
    "ja": re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff]"),
    "ru": re.compile(r"[\u0400-\u04ff]"),
}
UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")  # letters Russian does not use
SPACE = re.compile(r"\s+")


@dataclass
class Record:
    """One search result: where it lands, its heading, and the words it is found by."""

    href: str  # relative to the site's root, with the clause's anchor
    title: str
    language: str
    content: str
    filters: dict[str, list[str]] = field(default_factory=dict)


def page_records(html: str, href: str, title: str) -> list[Record]:
    """The records of an ordinary page: its article, in English and in each other script it holds."""
    article = _article(html)
    if article is None:
        return []
    heading = article.find(".//h1")
    return _by_language(
        href or "./", _text(heading) if heading is not None else title, list(_blocks(article)), {"type": ["Page"]}
    )


def clause_records(
    html: str,
    href: str,
    treaty: str,
    clauses: dict[str, str],
    note_languages: dict[str, list[str]],
    head: bool = True,
) -> list[Record]:
    """The records of a treaty page: the text above its first clause (unless not ``head``), then one per clause.

    ``clauses`` maps each top-level clause id to its label (``art_4`` -> ``Art. 4``), in page
    order; ``note_languages`` maps a note's element id (``fn:…``) to the languages of its sources.
    """
    article = _article(html)
    if article is None:
        return []
    records: list[Record] = []
    current: str | None = None
    sections: dict[str | None, list] = {None: []}
    for child in article:
        anchor = child.get("id") if isinstance(child.tag, str) else None
        if child.tag in {"h2", "h3", "h4"} and anchor in clauses:
            current = anchor
            sections.setdefault(current, [])
        sections[current].append(child)
    heading = article.find(".//h1")
    title = _text(heading) if heading is not None else treaty
    before_first = sections.pop(None)
    above = [b for el in before_first for b in _blocks(el)] if head else []
    records += _by_language(href, title, above, {"treaty": [treaty], "type": ["Treaty"]})
    for cid, elements in sections.items():
        assert cid is not None
        notes = [li for el in elements for li in el.iter("li") if li.get("data-kind")]
        filters = {
            "treaty": [treaty],
            "type": ["Clause"],
            "kind": sorted({li.get("data-kind", "").capitalize() for li in notes} - {""}),
            "outlet": sorted({o for li in notes for o in _outlets(li) if o}),
            "language": sorted(
                LANGUAGES.get(code, code)  # the names the source pages show
                for code in {lang for li in notes for lang in note_languages.get(li.get("id", ""), [])}
                | {q.get("lang", "") for el in elements for q in el.iter("q")} - {""}
            ),
        }
        blocks = [b for el in elements for b in _blocks(el)]
        records += _by_language(f"{href}#{cid}", f"{clauses[cid]}, {treaty}", blocks, {k: v for k, v in filters.items() if v})
    return records


def _outlets(item: etree._Element) -> list[str]:
    """A note's outlets: ``data-outlets`` holds them as a JSON list (site/clause_notes.py)."""
    try:
        value = json.loads(item.get("data-outlets") or "[]")
    except ValueError:
        return []
    return [str(o) for o in value] if isinstance(value, list) else []


def _article(html: str) -> etree._Element | None:
    # Only the <article> is parsed: on a source page Material's header, navigation and footer are
    # most of the HTML, and parsing them was most of the time the search records took at 5,000 notes.
    start, end = html.find("<article"), html.rfind("</article>")
    if 0 <= start < end:
        html = html[start : end + len("</article>")]
    try:
        root = etree.fromstring(html.encode("utf-8"), PARSER)
    except etree.ParserError:
        return None
    if root is None:
        return None
    return next((a for a in root.iter("article") if ARTICLE_CLASS in (a.get("class") or "").split()), None)


def _skipped(el: etree._Element) -> bool:
    if not isinstance(el.tag, str) or el.tag in SKIP_TAGS or el.get("data-search-exclude") is not None:
        return True
    classes = el.get("class")
    return bool(classes) and not SKIP_CLASSES.isdisjoint(classes.split())


def _blocks(el: etree._Element) -> Iterator[str]:
    """The texts of the smallest blocks under ``el`` (a paragraph, a list item's own text, a cell)."""
    if _skipped(el):
        return
    children = list(el)
    nested = any(c.tag in BLOCKS or c.tag in CONTAINERS for c in children if not _skipped(c))
    if el.tag in BLOCKS and not nested:
        text = _text(el)
        if text:
            yield text
        return
    own = SPACE.sub(" ", el.text or "").strip()
    if own:
        yield own
    for child in children:
        yield from _blocks(child)
        tail = SPACE.sub(" ", child.tail or "").strip()
        if tail:
            yield tail


def _text(el: etree._Element) -> str:
    return SPACE.sub(" ", "".join(_itertext(el))).strip()


def _itertext(el: etree._Element) -> Iterator[str]:
    """The text under ``el``, without what is left out (a note's number in a paragraph, say), with every tail."""
    if el.text:
        yield el.text
    for child in el:
        if not _skipped(child):
            yield from _itertext(child)
        if child.tail:
            yield child.tail


def _by_language(href: str, title: str, blocks: list[str], filters: dict[str, list[str]]) -> list[Record]:
    """An English record of all blocks, and one per other script holding that script's blocks."""
    if not blocks:
        return []
    records = [Record(href, title, "en", " ".join(blocks), filters)]
    other: dict[str, list[str]] = {}
    for block in blocks:
        for language, letters in SCRIPTS.items():
            if letters.search(block):
                if language == "ru" and UKRAINIAN.search(block):
                    language = "uk"
                other.setdefault(language, []).append(block)
    records += [Record(href, title, language, " … ".join(texts), filters) for language, texts in other.items()]
    return records
