"""Which pages an edit shows on, for partial rebuilds under ``mkdocs serve``.

After a save, ``mkdocs serve`` would build every page again: thousands of source pages for one
changed note. The plugin instead compares what each page is made of before and after the edit:

- a treaty page by a digest of its inputs: the treaty file, every note on it with its number and
  anchor, the sources those notes and its evidence cite, and the HTML under its header and
  clauses (counts, cross-references, comparisons, history);
- a generated page (a source page, the changes, the timeline…) by its Markdown, made again;
- a written page (the home page, About…) when its file changed, or when it shows the figures.

Some edits change every page, or the list of pages: then nothing is planned and MkDocs builds
the whole site. That happens when a label that references print (a clause's, a source's, a
treaty's short title) changes, when a page or a generated page appears or goes, and when any
file other than the content (``annotations/``, the docs' Markdown, the contributing guide)
changes: ``mkdocs.yml``, the theme, the code, an image.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..content.dossier import Dossier
from ..content.treaties import Treaty
from .figures import MARKER

Stamp = tuple[int, int, int]


@dataclass(frozen=True)
class Changes:
    """Files changed between two snapshots, as paths relative to the content root."""

    modified: frozenset[str]
    added: frozenset[str]
    removed: frozenset[str]

    def __bool__(self) -> bool:
        return bool(self.modified or self.added or self.removed)

    @property
    def all(self) -> frozenset[str]:
        return self.modified | self.added | self.removed


def snapshot(root: Path, watched: Iterable[Path]) -> dict[str, Stamp]:
    """Modification time, size and inode of every file under the ``watched`` paths, by path under ``root``."""
    stamps: dict[str, Stamp] = {}
    top = str(root) + os.sep
    for path in watched:
        if path.is_file():
            files: Iterable[str] = [str(path)]
        else:
            files = (os.path.join(folder, name) for folder, _, names in os.walk(path) for name in names)
        for file in files:
            try:
                st = os.stat(file)
            except OSError:  # gone between the listing and now: counts as removed
                continue
            rel = file[len(top) :] if file.startswith(top) else os.path.relpath(file, root)  # slicing: 7,000 files at 5,000 notes
            stamps[rel.replace(os.sep, "/")] = (st.st_mtime_ns, st.st_size, st.st_ino)
    return stamps


def changes(before: dict[str, Stamp], after: dict[str, Stamp]) -> Changes:
    return Changes(
        modified=frozenset(p for p in before.keys() & after.keys() if before[p] != after[p]),
        added=frozenset(after.keys() - before.keys()),
        removed=frozenset(before.keys() - after.keys()),
    )


def needs_whole_site(found: Changes, docs_dir: str, written: Iterable[str]) -> str | None:
    """Why the edit needs every page built again, or ``None`` when the pages can be chosen.

    ``written`` are the docs' Markdown pages (source paths under ``docs_dir``) the site has now.
    """
    pages = set(written)
    for path in sorted(found.all):
        if path.startswith("annotations/") or path == "CONTRIBUTING.md":
            continue
        inside = path.removeprefix(f"{docs_dir}/") if path.startswith(f"{docs_dir}/") else None
        if inside is None or not inside.endswith(".md"):
            return f"{path} is not content"
        if path in found.added or path in found.removed:
            return f"{path} {'was added' if path in found.added else 'was removed'}: the list of pages changes"
        if inside not in pages:
            return f"{path} is not one of the site's pages (left out of the build, perhaps)"
    return None


def labels(dossier: Dossier) -> dict[str, str]:
    """What a reference prints for each target: clause labels with their treaty, and source labels."""
    found = {f"{t.id}/{cid}": dossier.clause_label(c) for t in dossier.treaties.values() for cid, c in t.clauses.items()}
    found |= {f"@{sid}": s.label for sid, s in dossier.sources.items()}
    found |= {f"!{name}": "invalid" for name in [*dossier.invalid_sources, *dossier.invalid_treaties]}
    return found


def treaty_digest(dossier: Dossier, treaty: Treaty, shown: Iterable[str]) -> str:
    """A digest of what the treaty's page is made of; ``shown`` is the HTML the page places outside its notes."""
    digest = hashlib.sha256()
    for part in (treaty.path, repr(treaty.meta), treaty.body, repr(treaty.evidence), *shown):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    evidence = {checked.source for record in treaty.evidence.values() for checked in record.checked}
    cited = {sid: s for sid, s in dossier.sources.items() if sid in evidence}
    for ann in dossier.notes_on(treaty.id):
        digest.update(repr((ann, dossier.numbers.get(ann.id), dossier.anchors.get(ann.id))).encode() + b"\0")
        cited |= {s.id: s for s in dossier.sources_of(ann)}
    for source_id in sorted(cited):
        digest.update(repr(cited[source_id]).encode() + b"\0")
    return digest.hexdigest()


def written_pages_to_build(found: Changes, docs_dir: str, markdown: dict[str, str]) -> set[str]:
    """Written pages (by source path in the docs) to build again: those edited, and those showing the figures."""
    edited = {p.removeprefix(f"{docs_dir}/") for p in found.modified if p.startswith(f"{docs_dir}/")}
    return {uri for uri, text in markdown.items() if uri in edited or MARKER in text}
