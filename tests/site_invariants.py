"""What holds for the built site of any valid dossier, derived from the dossier's own files.

Tests over the real dossier (and over copies of it with generated notes) run
:func:`site_problems` and expect no problem; nothing here names a note, a
phrase or a number of the real content, so a contributor's correct new note
cannot make it fail. Checked:

- each annotation is in ``annotations.json`` once, and on its treaty page has
  exactly one mark and one note (in the notes list after its clause, or, for a
  clause with many notes, on the clause's notes page that the list links to,
  where the mark links too and whose back link returns to the mark); the
  manifest names the page the note is on;
- each mark sits in its clause, right after its quoted phrase (after the marks
  already there), or, without a quote, at the end of the clause;
- marks are numbered 1, 2, 3… in reading order, the notes list follows the
  same order, and the manifest and back links carry the same numbers;
- every reference is resolved: no ``[[…]]`` or ``[@…]`` is left in the text
  of a page (outside code), and every link between the site's pages reaches
  an existing page and, with a fragment, an existing element on it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from lxml import html as lxml_html
from treaty_dossier.content.dossier import Dossier, load_dossier
from treaty_dossier.content.quote_match import normalise_phrase
from treaty_dossier.content.treaties import Treaty

_REF_LEFT = re.compile(r"\[\[[^\]\n]+\]\]|\[@[^\]\s]+\]")
_SKIP_TEXT = {"code", "pre", "script", "style"}


def site_problems(site: Path, root: Path) -> list[str]:
    """Every invariant broken by the site built in ``site`` from the project at ``root`` (empty: all hold)."""
    dossier, found = load_dossier(root)
    problems = [f"dossier: {p}" for p in found if p.severity == "error"]
    manifest = json.loads((site / "annotations.json").read_text(encoding="utf-8"))
    ids = [entry["id"] for entry in manifest]
    for ann in dossier.annotations:
        if ids.count(ann.id) != 1:
            problems.append(f"{ann.id}: {ids.count(ann.id)} entries in annotations.json, expected 1")
    problems += [f"{i}: in annotations.json but not in the dossier" for i in set(ids) - {a.id for a in dossier.annotations}]
    numbers = {entry["id"]: entry["number"] for entry in manifest}
    pages = {entry["id"]: entry["page"] for entry in manifest}
    for treaty in dossier.treaties.values():
        problems += _treaty_page_problems(site / "treaties" / treaty.id / "index.html", treaty, dossier, numbers, pages)
    problems += _unresolved(site)
    return problems


def _content(page: Path):
    doc = lxml_html.parse(str(page)).getroot()
    article = doc.find(".//article")
    return article if article is not None else doc


def _notes_in_order(page: Path, article) -> list[tuple[Any, Path]]:
    """Every note's list item in reading order: a clause's list, then the items on its notes page (if any)."""
    found: list[tuple[Any, Path]] = []
    for box in article.xpath('.//details[contains(@class, "clause-notes")]'):
        found += [(li, page) for li in box.xpath('./div[@class="footnote"]/ol/li')]
        for link in box.xpath('./p[@class="clause-notes__more"]/a'):
            other = (page.parent / urlsplit(link.get("href")).path).resolve()
            other = other / "index.html" if other.is_dir() else other
            if other.is_file():
                found += [(li, other) for li in _content(other).xpath('.//div[@class="footnote"]/ol/li')]
    return found


def _treaty_page_problems(
    page: Path, treaty: Treaty, dossier: Dossier, numbers: dict[str, int], pages: dict[str, str]
) -> list[str]:
    where = f"{page.parent.name}"
    article = _content(page)
    notes = {a.label: a for a in dossier.notes_on(treaty.id)}
    problems: list[str] = []
    marks = [el for el in article.iter("sup") if el.get("id", "").startswith("fnref:")]
    labels = [m.get("id")[len("fnref:") :] for m in marks]
    located = _notes_in_order(page, article)
    items = [li for li, _ in located]
    item_labels = [li.get("id", "")[len("fn:") :] for li in items]
    site = page.parent.parent.parent
    for (li, on), label in zip(located, item_labels, strict=True):
        mark = marks[labels.index(label)] if label in labels else None
        href = mark.find("a").get("href") if mark is not None else ""
        target = (page.parent / urlsplit(href).path).resolve() if urlsplit(href).path else page
        target = target / "index.html" if target.is_dir() else target
        if mark is not None and (target != on or urlsplit(href).fragment != f"fn:{label}"):
            problems.append(f"{where}: mark {label} links to {href}, not to its note on {on.relative_to(site)}")
        page_url = on.parent.relative_to(site).as_posix() + "/"
        if label in notes and pages.get(notes[label].id) != page_url:
            problems.append(f"{notes[label].id}: annotations.json puts it on {pages.get(notes[label].id)}, it is on {page_url}")
        back = li.xpath('.//a[@class="footnote-backref"]')
        back_to = (
            (on.parent / urlsplit(back[0].get("href")).path).resolve() if back and urlsplit(back[0].get("href")).path else on
        )
        back_to = back_to / "index.html" if back_to.is_dir() else back_to
        if back and (back_to != page or urlsplit(back[0].get("href")).fragment != f"fnref:{label}"):
            problems.append(f"{where}: the back link of note {label} leads to {back[0].get('href')}, not to its mark")
    for label, ann in notes.items():
        if labels.count(label) != 1 or item_labels.count(label) != 1:
            problems.append(
                f"{ann.id}: {labels.count(label)} mark(s) and {item_labels.count(label)} note(s) on {where}, expected 1 and 1"
            )
    problems += [f"{where}: mark {label} belongs to no annotation" for label in set(labels) - set(notes)]
    # Numbering in reading order, the list in the same order, the same numbers everywhere.
    shown = [m.findtext("a") for m in marks]
    if shown != [str(n) for n in range(1, len(marks) + 1)]:
        problems.append(f"{where}: marks numbered {shown}, expected 1..{len(marks)} in reading order")
    if item_labels != labels:
        problems.append(f"{where}: notes listed in another order than their marks")
    for n, label in enumerate(labels, start=1):
        if label in notes and numbers.get(notes[label].id) != n:
            problems.append(f"{notes[label].id}: number {numbers.get(notes[label].id)} in annotations.json, {n} on the page")
    for li, label in zip(items, item_labels, strict=True):
        back = li.xpath('.//a[@class="footnote-backref"]')
        if label in labels and (not back or f"mark {labels.index(label) + 1} " not in back[0].get("title", "")):
            problems.append(f"{where}: the back link of note {label} does not name its number")
    problems += _placement_problems(article, treaty, dossier, notes, where)
    return problems


def _placement_problems(article, treaty: Treaty, dossier: Dossier, notes: dict, where: str) -> list[str]:
    """Each mark in its clause, right after its phrase (or at the clause's end)."""
    problems: list[str] = []
    clause_of_block: dict[object, str] = {}
    last_block: dict[str, object] = {}
    current = None
    for block in article:
        if block.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            cid = block.get("id")
            current = cid if cid in treaty.clauses and not treaty.clauses[cid].parent else None
            if cid == "notes":
                current = None
            continue
        if current is None or "clause-refs" in (block.get("class") or "") or block.tag == "figure":
            continue
        own = block.get("id")
        clause_of_block[block] = own if own in treaty.clauses else current
        if block.tag in ("p", "ol", "ul", "blockquote", "table"):
            last_block[current] = block
            if own in treaty.clauses:
                last_block[own] = block
    for block, cid in clause_of_block.items():
        for label, before, after in _marks_in(block):
            ann = notes.get(label)
            if ann is None:
                continue
            parent = treaty.clauses[cid].parent
            if ann.clause_id not in (cid, parent):
                problems.append(f"{ann.id}: its mark is in {treaty.id}/{cid}, not in {ann.clause}")
                continue
            anchor = dossier.anchors.get(ann.id)
            if ann.quote is not None and anchor is not None and not anchor.detached:
                text = normalise_phrase(before)
                if not text.endswith(normalise_phrase(ann.quote.exact)):
                    problems.append(f"{ann.id}: its mark follows '…{text[-40:]}', not the quote '{ann.quote.exact}'")
                elif ann.quote.suffix and not normalise_phrase(after).startswith(normalise_phrase(ann.quote.suffix)):
                    problems.append(f"{ann.id}: its mark is after another occurrence of '{ann.quote.exact}' (suffix)")
            elif after.strip() or block is not last_block.get(ann.clause_id):
                problems.append(f"{ann.id}: has no quote (or a detached one) but its mark is not at the end of {ann.clause}")
    return problems


def _marks_in(block) -> list[tuple[str, str, str]]:
    """(label, text before the mark, text after it) for each mark in ``block``; marks and separators are not text."""
    pieces: list[tuple[str, str]] = []  # ("text", …) or ("mark", label)

    def walk(el, top: bool = False) -> None:
        is_mark = el.tag == "sup" and el.get("id", "").startswith("fnref:")
        if is_mark:
            pieces.append(("mark", el.get("id")[len("fnref:") :]))
        elif "footnote-sep" not in (el.get("class") or ""):
            pieces.append(("text", el.text or ""))
            for child in el:
                walk(child)
        if not top:
            pieces.append(("text", el.tail or ""))

    walk(block, top=True)
    found = []
    for n, (kind, value) in enumerate(pieces):
        if kind == "mark":
            before = "".join(v for k, v in pieces[:n] if k == "text")
            after = "".join(v for k, v in pieces[n + 1 :] if k == "text")
            found.append((value, before, after))
    return found


def _unresolved(site: Path) -> list[str]:
    """References left as written, and links between pages that lead nowhere."""
    problems: list[str] = []
    site = site.resolve()
    ids: dict[Path, set[str]] = {}
    pages = sorted(p for p in site.rglob("*.html") if "assets" not in p.relative_to(site).parts)
    links: list[tuple[Path, str]] = []
    for page in pages:
        article = _content(page)
        for el in article.iter():
            if el.tag in _SKIP_TEXT or not isinstance(el.tag, str):
                continue
            if any(a.tag in _SKIP_TEXT for a in el.iterancestors()):
                continue
            for text in (el.text, el.tail if el.getparent() is not None and el.getparent().tag not in _SKIP_TEXT else None):
                for m in _REF_LEFT.finditer(text or ""):
                    problems.append(f"{page.relative_to(site)}: reference {m[0]} left unresolved")
        ids[page] = {el.get("id") for el in lxml_html.parse(str(page)).getroot().iter() if el.get("id")}
        links += [(page, a.get("href")) for a in article.iter("a") if a.get("href")]
    for page, href in links:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith("mailto:"):
            continue
        target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.exists():
            if target.suffix in ("", ".html"):
                problems.append(f"{page.relative_to(site)}: link {href} leads to no page")
            continue
        fragment = unquote(parts.fragment)
        if fragment and target.suffix == ".html" and fragment not in ids.get(target, set()):
            problems.append(f"{page.relative_to(site)}: link {href} leads to no element #{fragment}")
    return problems
