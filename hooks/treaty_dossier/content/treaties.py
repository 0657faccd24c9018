"""Treaty files: metadata from front matter, and clauses with their stable ids.

A clause is a heading carrying an id (``## Article 4 {#art_4}``) with the text
under it, or a paragraph ending in an id marker (``... {#art_4__para_2}``),
which is a sub-clause of the heading above it. Clause ids follow the Akoma
Ntoso naming convention and never change once published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from . import fields as F
from .clause_evidence import DEFAULT_NOTE, ClauseEvidence, parse_record
from .frontmatter import Document
from .plain_text import Labeller, Plain, plain
from .problems import Problem

CLAUSE_ID = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*(?:__[a-z][a-z0-9]*(?:_[a-z0-9]+)*)*")
_HEADING = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<title>.*?)[ \t]*(?:\{:?[ \t]*#(?P<id>[^\s}]+)[ \t]*\})?[ \t]*$")
PARA_MARKER = re.compile(r"[ \t]*\{:?[ \t]*#(?P<id>[^\s}]+)[ \t]*\}[ \t]*$")
_ART = re.compile(r"art_(\d+\w*?)(?:__para_(\w+))?$")


def _record(value: Any) -> Any:
    """``checked`` is read entry by entry, with each entry's line, by :func:`clause_evidence.parse_record`."""
    return value


def signed(value: Any) -> dict[str, Any]:
    """``signed: {date: 2024-06-19, place: Pyongyang}``."""
    if not (isinstance(value, dict) and {"date", "place"} <= set(value)):
        raise ValueError("needs 'date' and 'place', e.g. {date: 2024-06-19, place: Pyongyang}")
    return {"date": F.date(value["date"]), "place": F.text(value["place"])}


TREATY_FIELDS: dict[str, F.Field] = {
    "id": F.Field(F.text, required=True),
    "title": F.Field(F.text, required=True),
    "short_title": F.Field(F.text, required=True),
    "parties": F.Field(F.text_list, required=True),
    "signed": F.Field(signed, required=True),
    "in_force": F.Field(F.date),
    "status": F.Field(F.text, required=True),
    "authentic_languages": F.Field(F.text_list, required=True),
    "text_basis": F.Field(F.long_text, required=True),
    # false: the page gives an authentic English text (as published), not the project's working translation
    "working_translation": F.Field(F.boolean),
    "checked": F.Field(_record),
}


@dataclass
class Clause:
    treaty_id: str
    id: str
    heading: str
    line: int
    parent: str | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)  # offsets into the body
    paragraphs: list[Plain] = field(default_factory=list)  # each span as a reader sees it (see .plain_text)
    heading_end: int = 0  # offset in the body right after its heading line (a clause without text ends there)

    @property
    def name(self) -> str:
        """Global name, ``<treaty-id>/<clause-id>``."""
        return f"{self.treaty_id}/{self.id}"

    @property
    def label(self) -> str:
        """Short human label: ``Art. 4``, ``Art. 4(2)``, ``Preamble``."""
        m = _ART.fullmatch(self.id)
        if m:
            return f"Art. {m[1]}" + (f"({m[2]})" if m[2] else "")
        return self.heading or self.id.replace("_", " ").capitalize()

    def text(self, body: str) -> str:
        return "\n\n".join(body[a:b] for a, b in self.spans)

    def read(self, body: str, label: Labeller | None = None) -> None:
        """Set :attr:`paragraphs` from ``body``; ``label`` gives the words the page shows for a reference."""
        self.paragraphs = [plain(body[a:b], label, a) for a, b in self.spans]

    @property
    def end(self) -> int:
        """Offset in the body right after the clause's text (where a note without a phrase goes)."""
        return self.spans[-1][1] if self.spans else self.heading_end


@dataclass
class Treaty:
    id: str
    path: str
    meta: dict[str, Any]
    body: str
    body_line: int
    clauses: dict[str, Clause]
    evidence: dict[str, ClauseEvidence] = field(default_factory=dict)  # the ``checked:`` record, clause by clause

    def unverified(self) -> dict[str, str]:
        """Clause id -> what is missing, for each clause whose record rests on summaries only (status set by the dossier)."""
        return {cid: e.note or DEFAULT_NOTE for cid, e in self.evidence.items() if e.status == "unverified"}

    @property
    def short_title(self) -> str:
        return self.meta["short_title"]

    @property
    def working_translation(self) -> bool:
        """True unless the treaty file says its text is an authentic English text (``working_translation: false``)."""
        return self.meta.get("working_translation", True) is not False

    @property
    def src_uri(self) -> str:
        return f"treaties/{self.id}.md"

    def clause_text(self, clause_id: str) -> str:
        return self.clauses[clause_id].text(self.body)


def parse_treaty(doc: Document, stem: str) -> tuple[Treaty | None, list[Problem]]:
    """Build a :class:`Treaty` from a parsed treaty file."""
    problems: list[Problem] = []
    raw = doc.data.get("treaty")
    if not isinstance(raw, dict):
        return None, [Problem(doc.path, doc.line_of("treaty"), "treaty file needs a 'treaty:' mapping in its front matter")]
    sub = Document(
        doc.path,
        raw,
        {k[len("treaty.") :]: v for k, v in doc.key_lines.items() if k.startswith("treaty.")},
        start_line=doc.line_of("treaty"),
        end_line=doc.end_line,
    )
    meta, found = F.check_fields(sub, TREATY_FIELDS, "the treaty metadata")
    problems += found
    if meta.get("id") and meta["id"] != stem:
        problems.append(
            Problem(doc.path, sub.line_of("id"), f"treaty id '{meta['id']}' does not match the file name '{stem}.md'")
        )
    clauses, found = parse_body(doc.body, stem, doc.path, doc.body_line)
    problems += found
    evidence, found = parse_record(sub, list(clauses), [c.id for c in clauses.values() if not c.parent])
    problems += found
    if any(p.severity == "error" for p in problems):
        return None, problems
    return Treaty(stem, doc.path, meta, doc.body, doc.body_line, clauses, evidence), problems


def parse_body(body: str, treaty_id: str, path: str = "", first_line: int = 1) -> tuple[dict[str, Clause], list[Problem]]:
    """Find the clauses of a treaty body and the text spans that belong to each."""
    clauses: dict[str, Clause] = {}
    problems: list[Problem] = []
    article: Clause | None = None
    offset = 0
    para_start: int | None = None
    para_line = 0
    lines = body.split("\n")

    def add(cid: str, heading: str, line: int, parent: str | None) -> Clause | None:
        if not CLAUSE_ID.fullmatch(cid):
            problems.append(Problem(path, line, f"clause id '{cid}' is not of the form art_4 or art_4__para_2"))
            return None
        if cid in clauses:
            problems.append(Problem(path, line, f"duplicate clause id '{cid}' (first at line {clauses[cid].line})"))
            return None
        clauses[cid] = Clause(treaty_id, cid, heading, line, parent)
        return clauses[cid]

    def close_paragraph(end: int) -> None:
        nonlocal para_start
        if para_start is None:
            return
        text = body[para_start:end].rstrip()
        stop = para_start + len(text)
        marker = PARA_MARKER.search(text)
        if marker and article is not None:
            sub = add(marker["id"], "", para_line, article.id)
            stop = para_start + marker.start()
            if sub:
                sub.spans.append((para_start, stop))
        if article is not None:
            article.spans.append((para_start, stop))
        para_start = None

    for number, line in enumerate(lines):
        m = _HEADING.match(line)
        if m:
            close_paragraph(offset)
            if m["id"]:
                article = add(m["id"], m["title"], first_line + number, None)
                if article is not None:
                    article.heading_end = offset + m.end("title")  # before its {#id}, which must stay last
            elif len(m["hashes"]) > 1:
                problems.append(
                    Problem(path, first_line + number, f"heading '{m['title']}' has no clause id; add one like {{#art_1}}")
                )
                article = None
        elif not line.strip():
            close_paragraph(offset)
        elif para_start is None:
            para_start, para_line = offset, first_line + number
        offset += len(line) + 1
    close_paragraph(len(body))
    for clause in clauses.values():
        clause.read(body)
    return clauses, problems
