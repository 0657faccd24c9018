"""Typeset each document once: a compiled PDF is kept under the key of everything that shapes it.

The key is a hash of the document's data (the JSON Typst reads), the template, the Typst version
and the edition's timestamp, so a treaty whose notes, sources and text did not change is not
typeset again: ``mkdocs serve`` after an edit, and a build after a build, retypeset only the
treaties that changed and the dossier. A hit gives back the same PDF bytes and the same checks
(notes, pages, warnings) as the compile that made it; an error is never kept.

Kept in memory for the process (``mkdocs serve``) and on disk under ``.cache/pdf/`` in the
project (ignored by git), the newest ``KEEP`` files per document path.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

import typst

from .typst_render import TEMPLATE, Compiled

KEEP = 3  # versions kept on disk per document
_memory: dict[str, tuple[str, Compiled]] = {}  # document name -> its latest key and compile (one each: memory stays flat)


@cache
def _template_hash() -> str:
    digest = hashlib.sha256(getattr(typst, "__version__", "").encode())
    for template in sorted(TEMPLATE.parent.glob("*.typ")):
        digest.update(template.read_bytes())
    return digest.hexdigest()


def key(text: str, timestamp: int) -> str:
    """The document's key: its data, the templates, the Typst version and the timestamp."""
    return hashlib.sha256(f"{_template_hash()}\n{timestamp}\n{text}".encode()).hexdigest()[:32]


def load(folder: Path | None, name: str, digest: str) -> Compiled | None:
    """The compiled document under ``digest``, from memory or from ``folder``; None if never compiled."""
    if name in _memory and _memory[name][0] == digest:
        return _memory[name][1]
    if folder is None:
        return None
    pdf, meta = folder / f"{name}.{digest}.pdf", folder / f"{name}.{digest}.json"
    try:
        compiled = Compiled.from_record(pdf.read_bytes(), json.loads(meta.read_text(encoding="utf-8")))
        compiled.seconds = 0.0  # nothing was typeset for it this time
    except (OSError, ValueError, KeyError, TypeError):
        return None  # not there, or written by another version: typeset again
    _memory[name] = (digest, compiled)
    return compiled


def store(folder: Path | None, name: str, digest: str, compiled: Compiled) -> None:
    """Keep a successful compile (in memory, and in ``folder`` when given); drop older versions beyond ``KEEP``."""
    if compiled.pdf is None:
        return
    _memory[name] = (digest, compiled)
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.{digest}.json").write_text(json.dumps(compiled.record()), encoding="utf-8")
        (folder / f"{name}.{digest}.pdf").write_bytes(compiled.pdf)
        versions = sorted(folder.glob(f"{name}.*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in versions[KEEP:]:
            old.unlink(missing_ok=True)
            old.with_suffix(".pdf").unlink(missing_ok=True)
    except OSError:
        pass  # a read-only checkout: the cache is an optimisation, the PDF is written all the same
