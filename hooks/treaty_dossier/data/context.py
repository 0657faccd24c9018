"""What every export needs to know about the build: addresses, edition and dates.

Exports name things by absolute IRIs under the site's address (``site_url``).
A build without ``site_url`` (a local preview) still writes every export, under
the reserved host ``site-url-not-set.invalid`` (RFC 2606: it never resolves),
so the files keep their shape and nobody mistakes them for published addresses.

Dates are never the build's clock: the edition is ``SOURCE_DATE_EPOCH`` when
set, else the checked-out commit's date; a note's created and modified dates
are its file's first and last commits. Two builds of one commit are identical.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..content.git_history import Commit, History, head_commit, read_history

PLACEHOLDER_BASE = "https://site-url-not-set.invalid/"
FOLDER = "data"  # every export lives under site/data/


@dataclass(frozen=True)
class Edition:
    """Which state of the dossier an export shows: a date and the git commit, either may be unknown."""

    date: dt.datetime | None
    commit: str | None

    @property
    def short_commit(self) -> str | None:
        return self.commit[:10] if self.commit else None

    @property
    def day(self) -> str | None:
        return self.date.date().isoformat() if self.date else None

    def text(self) -> str:
        """``edition of 2024-06-20, commit 91d70b54aa``, or what is known of it."""
        parts = [f"edition of {self.day}" if self.day else "undated edition"]
        if self.short_commit:
            parts.append(f"commit {self.short_commit}")
        return ", ".join(parts)


def read_edition(root: Path, environ: Mapping[str, str] = os.environ, head: Commit | None = None) -> Edition:
    """``SOURCE_DATE_EPOCH`` (reproducible builds) or the commit's date; the commit from git."""
    head = head if head is not None else head_commit(root)
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    date = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch.isdigit() else (head.date if head else None)
    return Edition(date.astimezone(dt.UTC) if date else None, head.sha if head else None)


@dataclass
class ExportContext:
    """Addresses, edition and git history for one build."""

    base: str = PLACEHOLDER_BASE  # absolute, ends with "/"
    url_of: dict[str, str] = field(default_factory=dict)  # src_uri -> site-relative page URL
    history: History = field(default_factory=History)
    edition: Edition = field(default_factory=lambda: Edition(None, None))
    site_name: str = "Treaty Annotations"

    @property
    def placeholder(self) -> bool:
        """True when the site has no ``site_url``: the IRIs are under the reserved ``.invalid`` host."""
        return self.base == PLACEHOLDER_BASE

    def iri(self, site_path: str) -> str:
        """Absolute IRI of a site-relative path (``data/…`` or a page URL)."""
        return self.base + site_path.lstrip("/")

    def page(self, src_uri: str, anchor: str | None = None) -> str:
        """Absolute URL of a page (by its source file), with ``#anchor``."""
        return self.iri(self.url_of.get(src_uri, src_uri)) + (f"#{anchor}" if anchor else "")

    def created(self, path: str) -> str | None:
        commit = self.history.created(path) if self.history.available else None
        return iso(commit.date) if commit else None

    def modified(self, path: str) -> str | None:
        commit = self.history.modified(path) if self.history.available else None
        return iso(commit.date) if commit else None


def iso(moment: dt.datetime) -> str:
    """UTC, seconds, ``Z``: the form the W3C model and Atom both take (xsd:dateTime)."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def base_url(site_url: str | None) -> str:
    """The site's address ending with ``/``, or the placeholder when ``site_url`` is unset."""
    if not site_url:
        return PLACEHOLDER_BASE
    return site_url if site_url.endswith("/") else site_url + "/"


def make_context(
    root: Path, site_url: str | None, url_of: dict[str, str], site_name: str, history: History | None = None
) -> ExportContext:
    """Gather what the exports need; ``history`` is the build's one read of git (read here if not given)."""
    history = history if history is not None else read_history(root)
    return ExportContext(base_url(site_url), url_of, history, read_edition(root, head=head_commit(root)), site_name)


def relative(from_url: str, to_path: str) -> str:
    """Link from the page at site-relative ``from_url`` to the site-relative file ``to_path``."""
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    return posixpath.relpath("/" + to_path, "/" + base)
