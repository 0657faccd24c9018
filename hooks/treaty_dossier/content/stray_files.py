"""Files a contributor wrote that the build would not use: a note saved in the wrong place is named, never lost.

Two checks, run by ``load_dossier`` (so by the check, the build and the scaffold alike):

- a Markdown page with annotation front matter (a ``clause:`` field) outside
  ``annotations/<treaty-id>/`` (in ``docs/``, at the top of the project, in
  ``annotations/`` itself or a folder too deep) is an error naming the folder
  it belongs in: MkDocs would publish it as an orphan page, off every treaty;
- any other file under ``annotations/`` that the build does not read, whatever
  its extension, is a warning that says where such files go.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import content_files
from .annotations import CLAUSE_NAME
from .frontmatter import ContentProblem, decode, split
from .problems import Problem

PAGE_MAX_BYTES = 1024 * 1024
# Files anyone may keep beside the content: a folder's README, an empty folder's placeholder.
_KEPT = {"readme.md", ".gitkeep"}
WHERE = (
    "annotations are annotations/<treaty-id>/<name>.md, sources annotations/sources/<source-id>.yml, "
    "events annotations/events/<yyyy-mm-dd-name>.yml"
)


def belongs_in(text: str) -> str:
    """The folder for a note whose front matter names ``clause: <treaty-id>/<clause-id>``."""
    m = re.search(r"^clause[ \t]*:[ \t]*['\"]?([^'\"\s#]+)", text, re.MULTILINE)
    clause = CLAUSE_NAME.fullmatch(m[1]) if m else None
    return f"annotations/{clause['treaty']}/" if clause else "annotations/<treaty-id>/"


def annotation_outside(root: Path, files: list[Path]) -> list[Problem]:
    """An error for each of ``files`` (Markdown outside the treaty folders) whose front matter has ``clause:``."""
    problems = []
    for file in files:
        path = file.relative_to(root).as_posix()
        try:
            text = decode(file.read_bytes(), path, PAGE_MAX_BYTES)
            doc = split(text, path)
        except ContentProblem:
            continue  # not an annotation (no front matter), or the page's own problem, reported where it is read
        if "clause" not in doc.data:
            continue
        folder = belongs_in(text)
        message = f"this file has an annotation's front matter ('clause:') but is not in a treaty folder; move it to {folder}"
        problems.append(Problem(path, doc.line_of("clause"), message))
    return problems


def stray_files(root: Path, docs_dir: str) -> list[Problem]:
    """Annotations outside their folders, and files under ``annotations/`` that the build does not use."""
    base = root / "annotations"
    outside = [p for p in sorted((root / docs_dir).rglob("*.md")) if _readable(root, p)]
    outside += [p for p in sorted(root.glob("*.md")) if _readable(root, p)]
    unused = []
    for file in sorted(base.rglob("*")) if base.is_dir() else []:
        if not file.is_file() or file.name.lower() in _KEPT or content_files.refused(root, base, file):
            continue  # a link or an unreadable name: content_files names it, and nothing reads it
        rel = file.relative_to(base).parts
        if _used(rel):
            continue
        if file.suffix.lower() == ".md" and not (len(rel) == 2 and rel[0] not in ("sources", "events")):
            outside.append(file)  # a note in annotations/ itself, or a folder too deep: told its folder if it is one
        else:
            unused.append(file)
    problems = annotation_outside(root, outside)
    told = {p.path for p in problems}
    for file in unused + [f for f in outside if f.is_relative_to(base)]:
        path = file.relative_to(root).as_posix()
        if path not in told:
            problems.append(Problem(path, 1, f"the build does not use this file ({WHERE})", "warning"))
    return problems


def _readable(root: Path, file: Path) -> bool:
    """A file this check may open: no link out of the repository, a printable name (else content_files names it)."""
    return file.is_file() and not content_files.outside(root, file) and content_files.bad_name(root, file) is None


def _used(parts: tuple[str, ...]) -> bool:
    """Whether the build reads the file at ``annotations/<parts>`` (a wrongly named one is reported where it is read)."""
    if len(parts) != 2:
        return False
    folder, name = parts
    if folder in ("sources", "events"):
        return name.endswith((".yml", ".yaml"))
    return name.endswith(".md")
