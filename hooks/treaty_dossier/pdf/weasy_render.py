"""Run WeasyPrint on a print document and check that every footnote landed.

WeasyPrint can drop a footnote silently when the line holding its call moves
to another page (orphans/widows handling, WeasyPrint issues 2432 and 2437).
After layout, and before the PDF is written, each page's footnote calls are
compared with the footnote bodies in that page's footnote area: a note that is
missing, doubled or separated from its call is reported, and the caller fails
the build. The check reads WeasyPrint's layout boxes (``Page._page_box``), an
internal structure: WeasyPrint is pinned in requirements.txt for this reason.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .print_document import fill_pages, make_room

STYLESHEET = Path(__file__).with_name("print.css")
MAX_PASSES = 12
PAGES_PER_PASS = 3
PDF_VARIANT = "pdf/ua-1"  # tagged PDF with the PDF/UA-1 identification; title and language from the HTML


@dataclass
class Rendered:
    pages: int
    seconds: float
    problems: list[tuple[str, int, str]] = field(default_factory=list)  # (footnote id, page, what is wrong)
    warnings: list[str] = field(default_factory=list)  # what WeasyPrint logged
    deferred: list[tuple[str, int, str]] = field(default_factory=list)  # notes continued on a later page


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def render_pdf(html: str, target: Path, footnote_ids: set[str], base_url: str | None = None) -> Rendered:
    """Lay out ``html`` until every footnote sits on the page of its call and every page
    reference is right, then write ``target``.

    Each pass fills in the page numbers found by the previous one and starts a new
    page before the blocks whose notes were pushed to a later page. ``footnote_ids``
    are the element ids of every footnote the document must show. The PDF is
    written even when problems remain, so it can be inspected; the caller fails.
    """
    import weasyprint  # imported here: previews with the PDF edition off never load it

    start = time.perf_counter()
    collect = _Collect()
    engine_log = logging.getLogger("weasyprint")
    engine_log.addHandler(collect)
    stylesheet = weasyprint.CSS(filename=str(STYLESHEET))
    pages: dict[str, int] = {}
    source = html
    stuck: set[str] = set()  # notes whose call already opens a page: nothing more to try
    try:
        for _ in range(MAX_PASSES):
            source = fill_pages(source, pages)
            document = weasyprint.HTML(string=source, base_url=base_url).render(stylesheets=[stylesheet], pdf_variant=PDF_VARIANT)
            problems = check_footnotes(document, footnote_ids)
            found = anchor_pages(document)
            changed = False
            blocks_done: dict[int, tuple[bool, int]] = {}  # block start -> (changed, spot of the note tried)
            # Fix the first few pages with a pushed note only: a change moves everything after it.
            open_problems = [(n, page) for n, page, _ in problems if n and page and n not in stuck]
            first_pages = sorted({page for _, page in open_problems})[:PAGES_PER_PASS]
            for note in sorted({n for n, page in open_problems if page in first_pages}, key=source.find):
                at = source.find(f' id="{note}"')
                block, spot = source.rfind("<p", 0, at), source.rfind('<span class="fn-group">', 0, at)
                if block in blocks_done:
                    if blocks_done[block] == (False, spot):
                        stuck.add(note)  # at the same spot as a note with no room left
                    continue  # one change per block and pass: the next layout may settle the rest
                source, did = make_room(source, note)
                blocks_done[block] = (did, spot)
                changed |= did
                if not did:
                    stuck.add(note)
            if found == pages and not changed:
                break
            pages = found
        else:
            problems.append(("", 0, f"page references or footnotes still changing after {MAX_PASSES} layouts"))
        # A note that is there once but after its call, although the call already opens its page,
        # belongs to a group too tall for one page: it continues overleaf, as in print. Say so (a
        # warning); anything else (lost, doubled, or not yet tried) stays an error.
        counts = Counter(n for n, page, _ in problems if not page)
        deferred = [p for p in problems if p[0] in stuck and p[1] and not counts[p[0]]]
        problems = [p for p in problems if p not in deferred]
        target.parent.mkdir(parents=True, exist_ok=True)
        document.write_pdf(target, pdf_variant=PDF_VARIANT)
    finally:
        engine_log.removeHandler(collect)
    return Rendered(len(document.pages), time.perf_counter() - start, problems, list(dict.fromkeys(collect.messages)), deferred)


def anchor_pages(document) -> dict[str, int]:
    """Page number (from 1) of every element id in the laid-out document."""
    return {name: number for number, page in reversed(list(enumerate(document.pages, start=1))) for name in page.anchors}


def _boxes(box) -> Iterator:
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _boxes(child)


def footnotes_by_page(document) -> list[tuple[Counter, Counter]]:
    """For each page: (ids of footnote calls in the text, ids of footnote bodies at the bottom)."""
    pages = []
    for page in document.pages:
        children = page._page_box.children
        flow = children[0]  # the root element's box; then the footnote area, if the page has one
        area = next((c for c in children[1:] if type(c).__name__ == "FootnoteAreaBox"), None)
        calls = Counter(b.footnote.element.get("id") for b in _boxes(flow) if getattr(b, "footnote", None) is not None)
        # A footnote split over several boxes counts once: count its outermost boxes only.
        bodies = Counter(
            b.element.get("id")
            for b in getattr(area, "children", None) or ()
            if getattr(b, "element", None) is not None and b.element.get("id")
        )
        pages.append((calls, bodies))
    return pages


def check_footnotes(document, footnote_ids: set[str]) -> list[tuple[str, int, str]]:
    """Every footnote exactly once, on the page of its call; nothing else in the footnote areas.

    Returns ``(footnote id, page number or 0, what is wrong)`` triples.
    """
    problems = []
    seen: Counter = Counter()
    for number, (calls, bodies) in enumerate(footnotes_by_page(document), start=1):
        for note in sorted((calls | bodies).keys()):
            if calls[note] != bodies[note]:
                problems.append(
                    (
                        note,
                        number,
                        f"page {number}: footnote {note} has {calls[note]} call(s) but {bodies[note]} body/bodies on this page",
                    )
                )
        seen.update(bodies)
    for note in sorted(footnote_ids - seen.keys()):
        problems.append((note, 0, f"footnote {note} is missing from the PDF"))
    for note in sorted(n for n, count in seen.items() if count > 1 or n not in footnote_ids):
        problems.append((note, 0, f"footnote {note} appears {seen[note]} time(s) but should appear {int(note in footnote_ids)}"))
    return problems
