"""Annotation files: front matter naming a clause and sources, and a Markdown body."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import fields as F
from .frontmatter import ContentProblem, Document, parse_file, split
from .problems import Problem

MAX_BYTES = 64 * 1024
KINDS = ("commentary", "context", "rendering", "correction")
# An ``author`` that is a GitHub handle (with or without "@") links to its profile on every page.
GITHUB_HANDLE = re.compile(r"@?([A-Za-z0-9][A-Za-z0-9-]{0,38})")
MAX_WORDING = 300  # a short attributed quotation, a sentence or so
# Python-Markdown's inline work grows with the square of a paragraph's length (every match copies the
# paragraph), so a body is bounded paragraph by paragraph; a note's paragraph is rarely 2000 characters.
MAX_PARAGRAPH = 8000
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
CLAUSE_NAME = re.compile(r"(?P<treaty>[a-z0-9]+(?:-[a-z0-9]+)*)/(?P<clause>[a-z][a-z0-9_]*)")


@dataclass(frozen=True)
class Quote:
    """A W3C TextQuoteSelector: the exact phrase and optional context around it."""

    exact: str
    prefix: str = ""
    suffix: str = ""


def clause_name(value: Any) -> str:
    value = F.text(value)
    if not CLAUSE_NAME.fullmatch(value):
        raise ValueError(f"'{value}' is not a clause name like dprk-russia-2024/art_4")
    return value


def clause_names(value: Any) -> list[str]:
    return [clause_name(v) for v in F.text_list(value)]


def quote(value: Any) -> Quote:
    if isinstance(value, dict):
        unknown = set(value) - {"exact", "prefix", "suffix"}
        if unknown:
            raise ValueError(f"unknown key(s) {', '.join(sorted(map(str, unknown)))}; use exact, prefix, suffix")
        if "exact" not in value:
            raise ValueError("a quote mapping needs 'exact'")
        return Quote(F.text(value["exact"]), *(_context(value, k) for k in ("prefix", "suffix")))
    return Quote(F.text(value))


def _context(quote: dict, key: str) -> str:
    """A quote's ``prefix`` or ``suffix``: text as written (its spaces count), or empty when left out."""
    value = quote.get(key)
    if value is None:
        return ""
    try:
        F.text(value)
    except ValueError as exc:
        raise ValueError(f"'{key}' {exc}") from None
    return str(value)


def source_ids(value: Any) -> list[str]:
    ids = F.text_list(value)
    if not ids:
        raise ValueError("list at least one source id")
    return ids


ANNOTATION_FIELDS: dict[str, F.Field] = {
    "clause": F.Field(clause_name, required=True),
    "quote": F.Field(quote),
    "sources": F.Field(source_ids, required=True),
    "related": F.Field(clause_names),
    "kind": F.Field(F.one_of(*KINDS), required=True),
    "tags": F.Field(F.text_list),
    "author": F.Field(F.text, required=True),
    "wording": F.Field(lambda v: F.text(v, limit=MAX_WORDING)),
}


@dataclass
class Annotation:
    id: str  # path under annotations/ without .md
    path: str
    clause: str
    sources: list[str]
    kind: str
    author: str
    body: str
    body_line: int
    quote: Quote | None = None
    wording: str | None = None  # for kind: rendering, the outlet's own wording of the clause
    related: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)

    @property
    def treaty_id(self) -> str:
        return self.clause.split("/", 1)[0]

    @property
    def clause_id(self) -> str:
        return self.clause.split("/", 1)[1]

    @property
    def label(self) -> str:
        """Footnote label; also the anchor ``#fn:<label>`` of the note."""
        return self.id.replace("/", "--")


def parse_annotation(text: str, path: str, annotation_id: str) -> tuple[Annotation | None, list[Problem]]:
    """Parse one annotation file's text."""
    try:
        doc = split(text, path)
    except ContentProblem as exc:
        return None, [exc.problem]
    clean, problems = F.check_fields(doc, ANNOTATION_FIELDS, "an annotation")
    body = doc.body.strip()
    if not body:
        problems.append(Problem(path, doc.body_line, "the annotation has no text after its front matter"))
    problems += _check_wording(doc, clean)
    problems += _long_paragraphs(doc.body, path, doc.body_line)
    if problems:
        return None, problems
    lead = len(doc.body) - len(doc.body.lstrip("\n"))
    return (
        Annotation(
            id=annotation_id,
            path=path,
            body=body,
            body_line=doc.body_line + lead,
            lines=doc.key_lines,
            **clean,
        ),
        [],
    )


def _check_wording(doc: Document, clean: dict[str, Any]) -> list[Problem]:
    """A rendering records an outlet's wording; other kinds have none."""
    kind, wording = clean.get("kind"), clean.get("wording")
    if kind == "rendering" and "wording" not in doc.data:
        return [
            Problem(
                doc.path,
                doc.line_of("kind"),
                "a note of kind 'rendering' needs 'wording': the outlet's own short wording of the clause, quoted exactly",
            )
        ]
    if wording is not None and kind not in (None, "rendering"):
        return [
            Problem(
                doc.path,
                doc.line_of("wording"),
                f"'wording' is only for notes of kind 'rendering', not '{kind}'; put the quotation in the text",
            )
        ]
    return []


def _long_paragraphs(body: str, path: str, first_line: int) -> list[Problem]:
    """A problem at the first line of each paragraph longer than :data:`MAX_PARAGRAPH`."""
    problems, start = [], 0
    for brk in [*_PARAGRAPH_BREAK.finditer(body), None]:
        end = brk.start() if brk else len(body)
        if end - start > MAX_PARAGRAPH:
            text_at = start + len(body[start:end]) - len(body[start:end].lstrip())
            problems.append(
                Problem(
                    path,
                    first_line + body.count("\n", 0, text_at),
                    f"paragraph of {end - start} characters; the limit is {MAX_PARAGRAPH}: split it with a blank line",
                )
            )
        start = brk.end() if brk else end
    return problems


def load_annotation(file: Path, path: str, annotation_id: str) -> tuple[Annotation | None, list[Problem]]:
    """Read and parse an annotation file; ``path`` is how problems name it."""
    return parse_file(file, path, MAX_BYTES, parse_annotation, annotation_id)
