"""Timeline events: one YAML file per dated event, tied to its sources and clauses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from . import fields as F
from .annotations import clause_names, source_ids
from .frontmatter import parse_file
from .problems import Problem

MAX_BYTES = 8 * 1024

EVENT_FIELDS: dict[str, F.Field] = {
    "date": F.Field(F.date, required=True),
    "event": F.Field(F.long_text, required=True),
    "sources": F.Field(source_ids, required=True),
    "clauses": F.Field(clause_names),
}


@dataclass
class Event:
    id: str
    path: str
    date: dt.date
    event: str  # Markdown, in the project's own words; may hold [@source] and [[clause]] references
    sources: list[str]
    clauses: list[str] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)


def parse_event(raw_text: str, path: str) -> tuple[Event | None, list[Problem]]:
    """Parse one event file's text; ``path`` names it in problems."""
    doc, clean, problems = F.check_yaml_file(raw_text, path, EVENT_FIELDS, "an event")
    if doc is None or problems:
        return None, problems
    return Event(id=PurePosixPath(path).stem, path=path, lines=doc.key_lines, **clean), []


def load_event(path_on_disk: Path, path: str) -> tuple[Event | None, list[Problem]]:
    """Read and parse an event file; ``path`` is how problems name it."""
    return parse_file(path_on_disk, path, MAX_BYTES, parse_event)
