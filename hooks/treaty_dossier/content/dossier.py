"""Load the whole dossier (treaties, sources, annotations), check it, and index it.

``load_dossier`` is the single entry point shared by the MkDocs hooks and the
command-line check: it returns the dossier and every problem found, so a
contributor sees all of them at once.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import clause_evidence, content_files, file_cache
from .annotations import Annotation, load_annotation
from .clause_history import ClauseHistory, wording_lookup
from .frontmatter import ContentProblem, decode, split
from .plain_text import Labeller
from .problems import Problem, Severity, suggest
from .quote_match import Anchor, anchor
from .quote_problems import WrittenOn, never_written, quote_problems
from .raw_html import removed_html
from .references import Ref, find_refs, malformed_refs
from .sources import Source, load_source
from .stray_files import stray_files
from .timeline_events import Event, load_event
from .treaties import Clause, Treaty, parse_treaty

TREATY_MAX_BYTES = 1024 * 1024
PAGE_MAX_BYTES = 1024 * 1024
ANNOTATION_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:[-_][a-z0-9]+)*")


@dataclass(frozen=True)
class Target:
    """Where a reference points: a page (``src_uri``), an anchor, a readable label."""

    src_uri: str
    anchor: str | None
    label: str


@dataclass
class Dossier:
    treaties: dict[str, Treaty] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    annotations: list[Annotation] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)  # timeline, in date order
    anchors: dict[str, Anchor] = field(default_factory=dict)  # annotation id -> anchor
    cited_by: dict[str, list[Annotation]] = field(default_factory=lambda: defaultdict(list))
    referred_by: dict[str, list[tuple[str, Annotation | Clause]]] = field(default_factory=lambda: defaultdict(list))
    notes_by_clause: dict[str, list[Annotation]] = field(default_factory=lambda: defaultdict(list))
    numbers: dict[str, int] = field(default_factory=dict)  # annotation id -> its number on its treaty (site, PDF, data)
    history: ClauseHistory | None = None  # from git, set by the build (clause_history.read_clause_history)
    _cites: dict[str, list[Source]] = field(default_factory=dict)  # annotation id -> its sources
    # Files that exist but could not be read: their own messages say why, so what cites them is not
    # told again that the id is unknown (one message per cause).
    invalid_sources: dict[str, str] = field(default_factory=dict)  # source id -> path
    invalid_treaties: dict[str, str] = field(default_factory=dict)  # treaty id -> path

    def is_invalid(self, kind: str, target: str) -> bool:
        """Whether ``target`` (a source id, or a clause name) is in a file that exists but has errors."""
        if kind == "source":
            return target in self.invalid_sources
        return target.partition("/")[0] in self.invalid_treaties

    def clause(self, name: str) -> Clause | None:
        treaty_id, _, clause_id = name.partition("/")
        treaty = self.treaties.get(treaty_id)
        return treaty.clauses.get(clause_id) if treaty else None

    def notes_on(self, treaty_id: str) -> list[Annotation]:
        return [a for a in self.annotations if a.treaty_id == treaty_id]

    def sources_of(self, annotation: Annotation) -> list[Source]:
        """The sources an annotation rests on: its ``sources`` list, then inline citations."""
        if annotation.id not in self._cites:
            ids = dict.fromkeys(annotation.sources + [r.target for r, _ in find_refs(annotation.body) if r.kind == "source"])
            self._cites[annotation.id] = [self.sources[i] for i in ids if i in self.sources]
        return self._cites[annotation.id]

    def target(self, ref: Ref, from_treaty: str | None = None) -> Target | None:
        """Resolve a reference; clause labels omit the treaty when it is ``from_treaty``."""
        if ref.kind == "source":
            source = self.sources.get(ref.target)
            return Target(source.src_uri, None, source.label) if source else None
        clause = self.clause(ref.target)
        if clause is None:
            return None
        treaty = self.treaties[clause.treaty_id]
        return Target(treaty.src_uri, clause.id, ref.text or self.clause_label(clause, from_treaty))

    def clause_label(self, clause: Clause, here: str | None = None) -> str:
        """ "Art. 4, 1961 Treaty"; just "Art. 4" on the pages of its own treaty (``here``)."""
        if clause.treaty_id == here:
            return clause.label
        return f"{clause.label}, {self.treaties[clause.treaty_id].short_title}"

    def ref_problems(self, refs: list[Ref], path: str, first_line: int, severity: Severity = "warning") -> list[Problem]:
        """Problems for references that do not resolve, with the nearest valid ids."""
        problems = []
        for ref in refs:
            if self.target(ref) is not None or self.is_invalid(ref.kind, ref.target):
                continue
            if ref.kind == "source":
                message = f"unknown source '{ref.target}' in [@{ref.target}]{suggest(ref.target, self.sources)}"
            else:
                message = f"unknown clause '{ref.target}' in [[{ref.target}]]{self.near_clause(ref.target)}"
            problems.append(Problem(path, first_line + ref.line - 1, message, severity))
        return problems

    def near_clause(self, name: str) -> str:
        """' (did you mean: …?)' with the nearest clause names at the same depth (article or paragraph)."""
        treaty_id, _, clause_id = name.partition("/")
        depth = clause_id.count("__")
        treaties = [self.treaties[treaty_id]] if treaty_id in self.treaties else list(self.treaties.values())
        names = [c.name for t in treaties for c in t.clauses.values() if c.id.count("__") == depth]
        return suggest(name, names)


def malformed_ref_problems(text: str, path: str, first_line: int) -> list[Problem]:
    """A warning for each ``[[`` or ``[@`` in ``text`` that starts no reference (the page prints it as written)."""
    return [
        Problem(
            path,
            first_line + line - 1,
            f"reference '{written}' is not closed or not well formed; write [[treaty-id/clause-id]], "
            "[[treaty-id/clause-id|text]] or [@source-id]",
            "warning",
        )
        for line, written in malformed_refs(text)
    ]


def load_dossier(root: Path, docs_dir: str = "docs") -> tuple[Dossier, list[Problem]]:
    """Read every treaty, source and annotation under ``root`` and check them together."""
    dossier = Dossier()
    problems: list[Problem] = []
    file_cache.begin_build()
    # Links, unreadable names and files no loader reads: refused here, skipped by the loaders below.
    problems += content_files.problems_under(root, "annotations") + content_files.problems_under(root, docs_dir)
    problems += _load_treaties(dossier, root, docs_dir)
    problems += _check_pages(root, docs_dir)
    problems += _load_sources(dossier, root)
    for treaty in dossier.treaties.values():
        problems += clause_evidence.check(treaty.evidence, dossier.sources, dossier.invalid_sources)
    problems += _load_annotations(dossier, root)
    _read_references_in_clauses(dossier)
    problems += _check_annotations(dossier, root)
    problems += _load_events(dossier, root)
    problems += stray_files(root, docs_dir)
    _index(dossier)
    file_cache.end_build()
    return dossier, sorted(set(problems))


def _read_references_in_clauses(dossier: Dossier) -> None:
    """Read again the clauses whose text has references: the page shows them as their labels."""
    for treaty in dossier.treaties.values():
        for clause in treaty.clauses.values():
            if any("[" in treaty.body[a:b] for a, b in clause.spans):
                clause.read(treaty.body, _labeller(dossier, treaty.id))


def _labeller(dossier: Dossier, here: str) -> Labeller:
    def label(ref: Ref) -> str | None:
        target = dossier.target(ref, here)
        return target.label if target is not None else None

    return label


def _rel(root: Path, file: Path) -> str:
    return file.relative_to(root).as_posix()


def _load_treaties(dossier: Dossier, root: Path, docs_dir: str) -> list[Problem]:
    problems = []
    inside = root.resolve()
    for file in sorted((root / docs_dir / "treaties").glob("*.md")):
        if not file.resolve().is_relative_to(inside) or content_files.bad_name(root, file):
            continue
        path = _rel(root, file)
        try:
            doc = split(decode(file.read_bytes(), path, TREATY_MAX_BYTES), path)
        except ContentProblem as exc:
            problems.append(exc.problem)
            continue
        if "treaty" not in doc.data:
            continue  # an ordinary page in the treaties folder, such as an index
        treaty, found = parse_treaty(doc, file.stem)
        problems += found
        if treaty:
            dossier.treaties[treaty.id] = treaty
        else:
            dossier.invalid_treaties[file.stem] = path
    return problems


def _check_pages(root: Path, docs_dir: str) -> list[Problem]:
    """What the other pages of the docs folder must not hold either: control characters, bytes that are not UTF-8."""
    problems = []
    inside = root.resolve()
    for file in sorted((root / docs_dir).rglob("*.md")):
        if file.parent == root / docs_dir / "treaties" or content_files.bad_name(root, file):
            continue  # treaty files are read above; a bad name is reported by content_files
        if not file.resolve().is_relative_to(inside):
            continue
        try:
            decode(file.read_bytes(), _rel(root, file), PAGE_MAX_BYTES)
        except ContentProblem as exc:
            problems.append(exc.problem)
    return problems


def _load_sources(dossier: Dossier, root: Path) -> list[Problem]:
    problems = []
    seen: dict[str, str] = {}
    files = sorted([*(root / "annotations" / "sources").glob("*.yml"), *(root / "annotations" / "sources").glob("*.yaml")])
    for file in files:
        if content_files.refused(root, root / "annotations", file):
            continue
        path = _rel(root, file)
        if file.stem in seen:
            problems.append(Problem(path, 1, f"duplicate source id '{file.stem}': {seen[file.stem]} has the same name"))
            continue
        seen[file.stem] = path
        source, found = file_cache.cached(load_source, file, path)
        problems += found
        if source:
            dossier.sources[source.id] = dataclasses.replace(source)  # a copy: `original` is set below, per build
        else:
            dossier.invalid_sources[file.stem] = path
    for source in dossier.sources.values():
        source.original = dossier.sources.get(source.derived_from or "")
        if source.derived_from and source.original is None and not dossier.is_invalid("source", source.derived_from):
            problems.append(
                Problem(
                    source.path,
                    source.line_of_derived,
                    f"'derived_from' names unknown source '{source.derived_from}'{suggest(source.derived_from, dossier.sources)}",
                )
            )
    return problems


def _load_annotations(dossier: Dossier, root: Path) -> list[Problem]:
    problems = []
    base = root / "annotations"
    for file in sorted(base.rglob("*.md")):
        if content_files.refused(root, base, file):
            continue
        rel = file.relative_to(base)
        if len(rel.parts) != 2 or rel.parts[0] in ("sources", "events") or rel.name.lower() == "readme.md":
            continue  # not where annotations go: stray_files names it
        path = _rel(root, file)
        annotation_id = rel.with_suffix("").as_posix()
        if not ANNOTATION_ID.fullmatch(annotation_id):
            problems.append(
                Problem(
                    path,
                    1,
                    "annotation file must be annotations/<treaty-id>/<name>.md, the name in lower-case letters, digits and '-'",
                )
            )
            continue
        annotation, found = file_cache.cached(load_annotation, file, path, annotation_id)
        problems += found
        if annotation:
            dossier.annotations.append(annotation)
    return problems


def _load_events(dossier: Dossier, root: Path) -> list[Problem]:
    problems: list[Problem] = []
    for file in sorted((root / "annotations" / "events").glob("*.y*ml")):
        if content_files.refused(root, root / "annotations", file):
            continue
        event, found = file_cache.cached(load_event, file, _rel(root, file))
        problems += found
        if event is None:
            continue
        problems += _unknown_ids(dossier, event.path, event.line_of, event.sources, "clauses", event.clauses)
        problems += dossier.ref_problems(_new_refs(event.event, event.sources), event.path, event.line_of("event"))
        problems += malformed_ref_problems(event.event, event.path, event.line_of("event"))
        dossier.events.append(event)
    dossier.events.sort(key=lambda e: (e.date, e.id))
    return problems


def _new_refs(text: str, listed_sources: list[str]) -> list[Ref]:
    """References in ``text``, less citations of sources the file already lists (those are checked once, there)."""
    return [r for r, _ in find_refs(text) if not (r.kind == "source" and r.target in listed_sources)]


def _unknown_ids(
    dossier: Dossier, path: str, line_of: Callable[[str], int], sources: list[str], clause_field: str, clauses: list[str]
) -> list[Problem]:
    """Problems for source ids and clause names (in ``clause_field``) that the dossier does not hold."""
    problems = [
        Problem(
            path,
            line_of("sources"),
            f"unknown source '{sid}'{suggest(sid, dossier.sources)}; add annotations/sources/{sid}.yml or fix the id",
        )
        for sid in sources
        if sid not in dossier.sources and not dossier.is_invalid("source", sid)
    ]
    problems += [
        Problem(path, line_of(clause_field), f"unknown clause '{name}' in '{clause_field}'{dossier.near_clause(name)}")
        for name in clauses
        if dossier.clause(name) is None and not dossier.is_invalid("clause", name)
    ]
    return problems


def _check_annotations(dossier: Dossier, root: Path) -> list[Problem]:
    problems: list[Problem] = []
    kept = []
    written_on = wording_lookup(root, dossier.treaties)
    for ann in dossier.annotations:
        found = check_annotation(dossier, ann, written_on)
        problems += found
        if not any(p.severity == "error" for p in found) and dossier.clause(ann.clause) is not None:
            kept.append(ann)  # (a clause in an unreadable treaty file is that file's error, reported there)
    dossier.annotations = kept
    return problems


def check_annotation(
    dossier: Dossier, ann: Annotation, written_on: WrittenOn = never_written, new: bool = False
) -> list[Problem]:
    """Everything about one parsed annotation that depends on the rest of the dossier (the scaffold runs it too, ``new``).

    ``written_on`` tells a detached note (its quote was in the clause when it was written) from one never placed.
    """
    problems: list[Problem] = []
    clause = dossier.clause(ann.clause)
    folder = ann.id.rpartition("/")[0]
    if clause is None and dossier.is_invalid("clause", ann.clause):
        pass
    elif clause is None:
        problems.append(
            Problem(ann.path, ann.line_of("clause"), f"unknown clause '{ann.clause}'{dossier.near_clause(ann.clause)}")
        )
    elif folder != ann.treaty_id:
        problems.append(
            Problem(
                ann.path,
                ann.line_of("clause"),
                f"an annotation on '{ann.clause}' belongs in annotations/{ann.treaty_id}/, not annotations/{folder or '.'}/",
            )
        )
    problems += _unknown_ids(dossier, ann.path, ann.line_of, ann.sources, "related", ann.related)
    problems += dossier.ref_problems(_new_refs(ann.body, ann.sources), ann.path, ann.body_line)
    problems += malformed_ref_problems(ann.body, ann.path, ann.body_line)
    problems += [
        Problem(
            ann.path,
            ann.body_line + r.line - 1,
            f"{r.what} is removed when the site is built: a note keeps text, links, lists, tables and quotations only",
            "warning",
        )
        for r in removed_html(ann.body)
    ]
    if clause is not None:
        where = anchor(clause.paragraphs, clause.end, ann.quote)
        problems += quote_problems(dossier.treaties[clause.treaty_id], ann, where, written_on, new)
        dossier.anchors[ann.id] = where
    return problems


def _number(dossier: Dossier) -> None:
    """Number each treaty's notes in reading order: by where the mark goes, notes at one place by id.

    Computed once, here: the site, the PDF edition and the open data all print these numbers.
    """
    by_treaty: dict[str, list[Annotation]] = defaultdict(list)
    for ann in dossier.annotations:
        by_treaty[ann.treaty_id].append(ann)
    for notes in by_treaty.values():
        notes.sort(key=lambda a: (dossier.anchors[a.id].offset, a.id))
        dossier.numbers.update({ann.id: number for number, ann in enumerate(notes, start=1)})


def _index(dossier: Dossier) -> None:
    """Who cites each source, and who refers to each clause."""
    _number(dossier)
    for ann in dossier.annotations:
        dossier.notes_by_clause[ann.clause].append(ann)
        for source in dossier.sources_of(ann):
            dossier.cited_by[source.id].append(ann)
        targets = list(ann.related) + [r.target for r, _ in find_refs(ann.body) if r.kind == "clause"]
        for name in dict.fromkeys(targets):
            if name != ann.clause and dossier.clause(name) is not None:
                dossier.referred_by[name].append(("annotation", ann))
    for treaty in dossier.treaties.values():
        for clause in treaty.clauses.values():
            if clause.parent:
                continue
            for ref, _ in find_refs(clause.text(treaty.body)):
                if ref.kind == "clause" and dossier.clause(ref.target) is not None and ref.target != clause.name:
                    dossier.referred_by[ref.target].append(("clause", clause))
