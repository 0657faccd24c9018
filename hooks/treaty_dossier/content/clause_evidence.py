"""What each clause's wording was checked against, and the status that follows from it.

A treaty's front matter carries a ``checked:`` record, one entry per clause::

    checked:
      art_4: {full: [kcna-ko-copy, tass-2024-10-14], summary: [reuters-2024-06-20-factbox]}
      art_13: {note: The wording was not found in any stored copy.}

``full`` lists the stored copies that gave the clause's whole wording, ``summary``
those that only summarised it; ``status`` may state the status expected, and the
check refuses it when the record does not support it; ``note`` says what is
missing. The status is never kept by hand: it follows from the record and the
sources' ``derived_from`` links (:func:`derive`):

- ``verified``: full wordings from two independent copies, that is copies whose
  originals (following ``derived_from`` to its end) differ;
- ``one-copy``: a full wording from one copy only (or from copies of one original);
- ``unverified``: summaries only, or nothing.

Reading the record (:func:`parse_record`) needs only the treaty; checking it
against the sources (:func:`check`) happens once the dossier's sources are known.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from . import fields as F
from .frontmatter import Document
from .languages import language_name
from .problems import Problem, suggest

STATUSES = ("verified", "one-copy", "unverified")
GAVE = ("full", "summary")
_KEYS = (*GAVE, "status", "note")

WORDS = {
    "verified": "Verified against two independent texts",
    "one-copy": "From one copy: not yet checked against a second, independent text",
    "unverified": "Not verified: the wording rests on summaries, not on a published text",
}
NO_TEXT = "Not verified: no published wording of this clause was found"
DEFAULT_NOTE = "This clause's wording has not yet been checked against a published text of the treaty."


class _Source(Protocol):
    """What the check needs of a source (``content.sources.Source``)."""

    id: str
    derived_from: str | None


@dataclass(frozen=True)
class Checked:
    """One stored copy a clause was checked against, and whether it gave the ``full`` wording or a ``summary``."""

    source: str
    gave: str


@dataclass
class ClauseEvidence:
    clause_id: str
    path: str
    line: int
    checked: tuple[Checked, ...] = ()
    claim: str | None = None
    note: str | None = None
    status: str = "unverified"  # set by :func:`check` from the record and the sources
    roots: tuple[str, ...] = field(default=())  # the independent originals behind the full wordings

    @property
    def words(self) -> str:
        """The status in words, as the page and the PDF print it."""
        if self.status == "unverified" and not self.checked:
            return NO_TEXT
        return WORDS[self.status]


def parse_record(sub: Document, clause_ids: list[str], top_level: list[str]) -> tuple[dict[str, ClauseEvidence], list[Problem]]:
    """The ``checked:`` record of a treaty's metadata ``sub``; each problem at the line of its clause's entry."""
    raw = sub.data.get("checked")
    if raw is None:
        return {}, []
    path = sub.path
    if not isinstance(raw, dict):
        return {}, [
            Problem(path, sub.line_of("checked"), "'checked' must map clause ids to records, e.g. art_1: {full: [source-id]}")
        ]
    found: dict[str, ClauseEvidence] = {}
    problems: list[Problem] = []
    for key, value in raw.items():
        cid = str(key)
        line = sub.line_of(f"checked.{cid}")
        if cid not in clause_ids:
            problems.append(Problem(path, line, f"'checked' names unknown clause '{cid}'{suggest(cid, clause_ids)}"))
            continue
        entry, message = _entry(cid, value, path, line)
        if message:
            problems.append(Problem(path, line, f"'checked' entry for {cid}: {message}"))
        if entry is not None:
            found[cid] = entry
    missing = [cid for cid in top_level if cid not in raw]
    if missing:
        problems.append(
            Problem(
                path,
                sub.line_of("checked"),
                f"'checked' has no entry for {', '.join(missing)}; give each clause one,"
                f" e.g. {missing[0]}: {{note: not yet checked}}",
            )
        )
    return found, problems


def _entry(cid: str, value: Any, path: str, line: int) -> tuple[ClauseEvidence | None, str]:
    """One clause's entry, or ``None`` and what is wrong with it."""
    if not isinstance(value, dict):
        return None, "expected a mapping like {full: [source-id], summary: [source-id]}"
    unknown = [str(k) for k in value if k not in _KEYS]
    if unknown:
        return None, f"unknown key '{unknown[0]}'{suggest(unknown[0], _KEYS)}; the keys are {', '.join(_KEYS)}"
    checked: list[Checked] = []
    try:
        for gave in GAVE:
            checked += [Checked(sid, gave) for sid in F.text_list(value.get(gave, []))]
        claim = F.one_of(*STATUSES)(value["status"]) if "status" in value else None
        note = F.long_text(value["note"]) if "note" in value else None
    except ValueError as exc:
        return None, str(exc)
    seen: set[str] = set()
    for item in checked:
        if item.source in seen:
            return None, f"names source '{item.source}' twice; each copy counts once, so list it once"
        seen.add(item.source)
    return ClauseEvidence(cid, path, line, tuple(checked), claim, note), ""


def root_of(source_id: str, sources: Mapping[str, _Source]) -> str:
    """The original behind a source: its ``derived_from`` chain followed to the end (cycles stop where they close)."""
    seen = {source_id}
    current = source_id
    while (parent := getattr(sources.get(current), "derived_from", None)) and parent not in seen:
        seen.add(parent)
        current = parent
    return current


def derive(entry: ClauseEvidence, sources: Mapping[str, _Source]) -> tuple[str, tuple[str, ...]]:
    """The status the record supports, and the independent originals behind its full wordings."""
    roots: list[str] = []
    for item in entry.checked:
        if item.gave == "full" and item.source in sources:
            root = root_of(item.source, sources)
            if root not in roots:
                roots.append(root)
    if len(roots) >= 2:
        return "verified", tuple(roots)
    return ("one-copy" if roots else "unverified"), tuple(roots)


def check(record: Mapping[str, ClauseEvidence], sources: Mapping[str, _Source], invalid: Collection[str] = ()) -> list[Problem]:
    """Set each entry's status from its record; one problem per entry that names an unknown source or claims too much.

    ``invalid``: ids of source files that could not be read (their own error is reported there)."""
    problems = []
    for entry in record.values():
        entry.status, entry.roots = derive(entry, sources)
        unknown = [c.source for c in entry.checked if c.source not in sources and c.source not in invalid]
        if unknown:
            problems.append(
                Problem(
                    entry.path,
                    entry.line,
                    f"'checked' entry for {entry.clause_id} names unknown source '{unknown[0]}'{suggest(unknown[0], sources)}",
                )
            )
        elif entry.claim and entry.claim != entry.status:
            problems.append(Problem(entry.path, entry.line, _unsupported(entry, sources)))
    return problems


def _unsupported(entry: ClauseEvidence, sources: Mapping[str, _Source]) -> str:
    full = [c.source for c in entry.checked if c.gave == "full"]
    why = f"its record supports '{entry.status}'"
    if entry.claim == "verified" and len(full) >= 2:
        shared = [s for s in full if root_of(s, sources) != s]
        named = f" ('{shared[0]}' is derived from '{root_of(shared[0], sources)}')" if shared else ""
        why += f": its full wordings are not from two independent copies{named}"
    elif entry.claim == "verified":
        why += f": it has {len(full)} full wording(s), and needs two from independent copies"
    return f"'checked' entry for {entry.clause_id} claims '{entry.claim}', but {why} (add the evidence, or correct 'status')"


def article_counts(record: Mapping[str, ClauseEvidence]) -> dict[str, int]:
    """How many articles (``art_*`` entries) have each status."""
    counts = dict.fromkeys(STATUSES, 0)
    for cid, entry in record.items():
        if cid.startswith("art_") and "__" not in cid:
            counts[entry.status] += 1
    return counts


def counts_sentence(record: Mapping[str, ClauseEvidence]) -> str:
    """ "21 of 23 articles verified against two independent texts; 2 from one copy only." """
    counts = article_counts(record)
    total = sum(counts.values())
    if not total:
        return ""
    parts = [f"{counts['verified']} of {total} articles verified against two independent texts"]
    if counts["one-copy"]:
        parts.append(f"{counts['one-copy']} from one copy only")
    if counts["unverified"]:
        parts.append(f"{counts['unverified']} not verified")
    return "; ".join(parts) + "."


def checked_items(entry: ClauseEvidence, sources: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(source id, outlet name, "Korean, full text") for each copy in the record, in its order.

    An outlet named twice in one record is told apart by its date ("TASS, 14 Oct 2024")."""
    known = [(item, sources[item.source]) for item in entry.checked if item.source in sources]
    names = [s.outlet_short or s.outlet or s.label for _, s in known]
    items = []
    for (item, source), name in zip(known, names, strict=True):
        gave = "full text" if item.gave == "full" else "summary"
        shown = source.label if names.count(name) > 1 else name
        items.append((item.source, shown, f"{language_name(source.language)}, {gave}"))
    return items


def checked_sentence(entry: ClauseEvidence, sources: Mapping[str, Any]) -> str:
    """The line under a clause: "Verified against two independent texts. Checked against: KCNA (Korean, full text) · …"."""
    items = checked_items(entry, sources)
    listed = " · ".join(f"{name} ({what})" for _, name, what in items) if items else "no stored copy"
    return f"{entry.words}. Checked against: {listed}."
