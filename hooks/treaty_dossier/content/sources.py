"""The source registry: one YAML file per news report, statement or analysis."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from . import fields as F
from .dates import short_date
from .frontmatter import parse_file
from .problems import Problem

MAX_BYTES = 16 * 1024
KINDS = ("news", "official", "analysis", "reference")

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
    "note": F.Field(F.long_text),
    "derived_from": F.Field(F.text),
}


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
    note: str | None = None
    derived_from: str | None = None
    line_of_derived: int = 1
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
            if data.get(name) is None:
                problems.append(
                    Problem(
                        path,
                        doc.line_for_missing(name),
                        f"missing required field '{name}' in a source (only a copy with 'derived_from' may lack it)",
                    )
                )
    if problems:
        return None, problems
    authors = tuple(clean.pop("authors", ()))
    return Source(id=stem, path=path, authors=authors, line_of_derived=doc.line_of("derived_from"), **clean), []


def load_source(path_on_disk: Path, path: str) -> tuple[Source | None, list[Problem]]:
    """Read and parse a source file; ``path`` is how problems name it."""
    return parse_file(path_on_disk, path, MAX_BYTES, parse_source)
