"""The source registry: one YAML file per news report, statement or analysis."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from . import fields as F
from .dates import short_date
from .frontmatter import Document, parse_file
from .problems import Problem

MAX_BYTES = 16 * 1024
KINDS = ("news", "official", "analysis", "reference")
# Fair quotation: an excerpt is a sentence or two, and a source's excerpts stay a small part of it.
MAX_EXCERPT_WORDS = 80
MAX_SOURCE_WORDS = 400
MAX_EXCERPT_CHARS = 1200
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

SOURCE_FIELDS: dict[str, F.Field] = {
    "kind": F.Field(F.one_of(*KINDS), required=True),
    "outlet": F.Field(F.text),
    "outlet_short": F.Field(F.text),
    "title": F.Field(F.text),
    "authors": F.Field(F.text_list),
    "published": F.Field(F.date),
    "url": F.Field(F.https_url),
    "language": F.Field(F.language, required=True),
    "archived_url": F.Field(F.https_url),
    "archived_on": F.Field(F.date),
    "excerpts": F.Field(F.any_list),
    "note": F.Field(F.long_text),
    "derived_from": F.Field(F.text),
}


@dataclass(frozen=True)
class Excerpt:
    """A short verbatim passage as the source printed it; ``at`` is where it was read, if not ``url``."""

    text: str
    line: int
    number: int  # 1-based; the source page's anchor is ``#excerpt-<number>``
    at: str | None = None

    @property
    def anchor(self) -> str:
        return f"excerpt-{self.number}"


@dataclass(eq=False)  # identity: one object per source file
class Source:
    id: str
    path: str
    kind: str
    language: str
    outlet: str | None = None
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None  # left out when no address could be verified
    outlet_short: str | None = None
    authors: tuple[str, ...] = ()
    archived_url: str | None = None
    archived_on: dt.date | None = None
    excerpts: tuple[Excerpt, ...] = ()
    note: str | None = None
    derived_from: str | None = None
    line_of_derived: int = 1
    line_of_url: int = 1
    original: Source | None = None  # set by the dossier for a copy with ``derived_from``

    @property
    def label(self) -> str:
        """Short citation label: ``AP, 20 Jun 2024``; a copy of unknown outlet is named by its original."""
        name = self.outlet_short or self.outlet
        if name is None:
            return f"Copy of {self.original.label}" if self.original else f"Copy of {self.derived_from}"
        return f"{name}, {short_date(self.published)}" if self.published else name

    @property
    def display_title(self) -> str:
        return self.title or "(title not known)"

    @property
    def src_uri(self) -> str:
        return f"sources/{self.id}.md"


def parse_source(raw_text: str, path: str) -> tuple[Source | None, list[Problem]]:
    """Parse one source file's text; ``path`` names it in problems."""
    stem = PurePosixPath(path).stem
    doc, clean, problems = F.check_yaml_file(raw_text, path, SOURCE_FIELDS, "a source")
    if doc is None:
        return None, problems
    data = doc.data
    if "derived_from" not in data:
        for name in ("outlet", "title", "published"):
            if name == "published" and data.get("kind") == "reference" and data.get("note"):
                continue  # a database or treaty collection often has no date of its own; its note says so
            if data.get(name) is None:
                problems.append(
                    Problem(
                        path,
                        doc.line_for_missing(name),
                        f"missing required field '{name}' in a source (only a copy with 'derived_from' may lack it)",
                    )
                )
    excerpts, excerpt_problems = _excerpts(doc, clean.pop("excerpts", []))
    problems += excerpt_problems + _check_archive(doc, clean)
    if problems:
        return None, problems
    authors = tuple(clean.pop("authors", ()))
    return (
        Source(
            id=stem,
            path=path,
            authors=authors,
            excerpts=excerpts,
            line_of_derived=doc.line_of("derived_from"),
            line_of_url=doc.line_of("url"),
            **clean,
        ),
        [],
    )


def _excerpts(doc: Document, items: list[Any]) -> tuple[tuple[Excerpt, ...], list[Problem]]:
    """Each item a string or ``{text:, at:}``; one problem per faulty item, at its line."""
    found: list[Excerpt] = []
    problems: list[Problem] = []
    for index, item in enumerate(items):
        key = f"excerpts.{index}"
        try:
            text, at = _excerpt_item(item, doc, key)
        except _ItemProblem as exc:
            problems.append(Problem(doc.path, exc.line, f"excerpt {index + 1}: {exc.message}"))
            continue
        words = F.word_count(text)
        if words > MAX_EXCERPT_WORDS:
            problems.append(
                Problem(
                    doc.path,
                    doc.line_of(key),
                    f"excerpt {index + 1} has {words} words; quote at most {MAX_EXCERPT_WORDS} "
                    "(keep the sentence a quotation needs, or split it with '...')",
                )
            )
            continue
        found.append(Excerpt(text=text, line=doc.line_of(key), number=index + 1, at=at))
    total = sum(F.word_count(e.text) for e in found)
    if total > MAX_SOURCE_WORDS:
        problems.append(
            Problem(
                doc.path,
                doc.line_of("excerpts"),
                f"the excerpts total {total} words; at most {MAX_SOURCE_WORDS} per source (fair quotation: keep fewer)",
            )
        )
    return tuple(found), problems


class _ItemProblem(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


def _excerpt_item(item: Any, doc: Document, key: str) -> tuple[str, str | None]:
    at: str | None = None
    text_key = key
    if isinstance(item, dict):
        unknown = sorted(str(k) for k in item if k not in ("text", "at"))
        if unknown:
            raise _ItemProblem(doc.line_of(f"{key}.{unknown[0]}"), f"unknown key '{unknown[0]}'; use text and at")
        if item.get("text") is None:
            raise _ItemProblem(doc.line_of(key), "a mapping needs 'text': the passage, verbatim")
        if item.get("at") is not None:
            try:
                at = F.https_url(item["at"])
            except ValueError as exc:
                raise _ItemProblem(doc.line_of(f"{key}.at"), f"'at' {exc}") from None
        text_key, item = f"{key}.text", item["text"]
    if item is None or isinstance(item, (list, dict, bool)):
        kind = "nothing" if item is None else F.describe(item)
        raise _ItemProblem(doc.line_of(text_key), f"expected the passage as text, or {{text: ..., at: ...}}, found {kind}")
    try:
        text = F.text(item, limit=MAX_EXCERPT_CHARS)
    except ValueError as exc:
        raise _ItemProblem(doc.line_of(text_key), f"the passage {exc}") from None
    control = _CONTROL.search(text)
    if control:  # no output format carries them faithfully (XML cannot at all); a copy-paste accident
        message = f"the passage contains the control character U+{ord(control[0]):04X}; remove it"
        raise _ItemProblem(doc.line_of(text_key), message)
    return text, at


def _check_archive(doc: Document, clean: dict[str, Any]) -> list[Problem]:
    """An archived copy is named with its date (Robust Links need both), taken no earlier than publication."""
    url, on, published = clean.get("archived_url"), clean.get("archived_on"), clean.get("published")
    if url and on is None:
        return [Problem(doc.path, doc.line_for_missing("archived_on"), "missing 'archived_on': the date of the archived copy")]
    if on is not None and "archived_url" not in doc.data:
        message = "'archived_on' without 'archived_url': add the archived copy's https address"
        return [Problem(doc.path, doc.line_of("archived_on"), message)]
    if on is not None and published is not None and on < published:
        return [
            Problem(
                doc.path,
                doc.line_of("archived_on"),
                f"field 'archived_on': {on.isoformat()} is before 'published' ({published.isoformat()}); "
                "a copy cannot be archived before the source appeared",
            )
        ]
    return []


def load_source(path_on_disk: Path, path: str) -> tuple[Source | None, list[Problem]]:
    """Read and parse a source file; ``path`` is how problems name it."""
    return parse_file(path_on_disk, path, MAX_BYTES, parse_source)
