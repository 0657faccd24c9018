"""Write the search index: Pagefind's bundle under ``site/pagefind/``, from the records of every page.

Pagefind splits the index into small chunks that the browser fetches for the words of a query,
so a page downloads nothing for search until the reader uses it. The binary comes inside the
``pagefind[extended]`` wheel (the extended build segments Chinese and Japanese words): no
download at build time, no Node.

Each record becomes a small HTML file in a temporary folder that the binary indexes in one run
(its ``lang`` sets the record's language; its title, landing address and filters are Pagefind
``meta`` and ``filter`` attributes). Pagefind's Python API would take the records one by one,
but its client reads one reply every 0.1 s: 2,000 records would take 200 s.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from html import escape
from pathlib import Path

from .search_canonical import FormatError, canonical_filters
from .search_records import Record

FOLDER = "pagefind"
ENTRY = "pagefind-entry.json"  # what the browser reads first: the languages and their index files


class SearchIndexError(Exception):
    """Pagefind failed or is not installed; the message says which and what to do."""


@dataclass
class Written:
    records: int
    languages: list[str]
    seconds: float


def record_html(record: Record) -> str:
    """One record as the page Pagefind indexes: the content is the body; title, address, filters are read apart."""
    filters = "".join(
        f'<span data-pagefind-filter="{escape(name)}">{escape(value)}</span>'
        for name, values in record.filters.items()
        for value in values
    )
    return (
        f'<!doctype html><html lang="{escape(record.language)}"><head><meta charset="utf-8"><title></title></head><body>'
        f'<div hidden><span data-pagefind-meta="title">{escape(record.title)}</span>'
        f'<span data-pagefind-meta="href">{escape(record.href)}</span>{filters}</div>'
        f"<main data-pagefind-body><p>{escape(record.content)}</p></main></body></html>"
    )


class Indexing:
    """Pagefind at work on the records (it runs beside the rest of the build); ``finish`` waits for it."""

    def __init__(self, site: Path, records: list[Record], folder: str = FOLDER) -> None:
        try:
            from pagefind_bin_extended import get_executable  # type: ignore[import-untyped]  # the wheel has no type hints
        except ImportError as error:
            raise SearchIndexError(
                "the search index needs Pagefind's extended binary: pip install -r requirements.txt (pagefind[extended])"
            ) from error
        self.started = time.perf_counter()
        self.records = len(records)
        self.languages = sorted({r.language for r in records})
        self.folder = tempfile.TemporaryDirectory(prefix="treaty-search-")
        pages = Path(self.folder.name)
        for number, record in enumerate(records):
            (pages / f"{number:06d}.html").write_text(record_html(record), encoding="utf-8")
        self.out = site / folder
        self.process = subprocess.Popen(
            [str(get_executable()), "--site", str(pages), "--output-path", str(self.out), "--quiet"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            # One thread: Pagefind's threads number the records in the order they finish, so two builds of
            # the same commit would differ (it runs beside the rest of the build, which has the other core).
            env=os.environ | {"RAYON_NUM_THREADS": "1"},
        )

    def finish(self) -> Written:
        """Wait for Pagefind; remove the record files. Raises :class:`SearchIndexError` if it failed."""
        try:
            output, _ = self.process.communicate()
        finally:
            self.folder.cleanup()
        if self.process.returncode != 0:
            raise SearchIndexError(f"Pagefind failed to index the site: {(output or '').strip()[-2000:]}")
        try:
            canonical_filters(self.out, ENTRY)  # the same files in every build of the same content
        except (FormatError, KeyError, IndexError, ValueError) as error:
            raise SearchIndexError(
                f"Pagefind wrote its index in a form this code does not read ({error}); install the version requirements.txt pins"
            ) from error
        return Written(self.records, self.languages, time.perf_counter() - self.started)

    def abandon(self) -> None:
        """Stop Pagefind and remove the record files (the build failed meanwhile)."""
        self.process.kill()
        self.process.communicate()
        self.folder.cleanup()


def replace_bundle(site: Path, records: list[Record]) -> Written:
    """Index ``records`` beside the current bundle, then put the new one in its place (while serving, the
    browser may be reading the old one meanwhile)."""
    written = Indexing(site, records, f".{FOLDER}-next").finish()
    current, old = site / FOLDER, site / f".{FOLDER}-old"
    shutil.rmtree(old, ignore_errors=True)
    if current.exists():
        current.rename(old)
    (site / f".{FOLDER}-next").rename(current)
    shutil.rmtree(old, ignore_errors=True)
    return written
