"""Start a new annotation or source file: ``python hooks/scaffold.py annotation|source ...``.

    python hooks/scaffold.py annotation dprk-russia-2024/art_4 --quote "state of war" \\
        --source ap-2024-06-20 --kind commentary --author your-handle
    python hooks/scaffold.py source https://example.org/report --id outlet-2024-06-20
    python hooks/scaffold.py source --id outlet-2024-06-20 --note "why no address could be confirmed"

Both commands write the file's text and put it through the build's own checks
(the clause exists, the quote is in its text, the sources are registered, the
fields are valid), and refuse with the check's messages otherwise; the
annotation waits for the note's text. The source command writes the fields it was given and
leaves the others commented out for the contributor to fill in from the page
itself: nothing is guessed from the address. Neither overwrites a file.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ..content.annotations import KINDS, Quote, parse_annotation
from ..content.dossier import Dossier, check_annotation, load_dossier
from ..content.sources import KINDS as SOURCE_KINDS
from ..content.sources import parse_source
from .file_drafts import AnnotationDraft, SourceDraft, annotation_text, default_name, source_text

NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # annotation names and source ids


class ScaffoldError(Exception):
    """The scaffold refuses: ``problems`` says why, one line each."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class NewFile:
    path: str  # relative to the project root, POSIX
    text: str
    todo: list[str]  # what the contributor still has to do before the check passes


def plan_annotation(
    dossier: Dossier,
    clause: str,
    *,
    sources: list[str],
    kind: str,
    author: str,
    quote: Quote | None = None,
    name: str | None = None,
    wording: str | None = None,
    text: str | None = None,
    related: list[str] | None = None,
    tags: list[str] | None = None,
) -> NewFile:
    """The annotation file for ``clause``, or :class:`ScaffoldError` listing every reason it cannot be made.

    The file is written out as text and put through the build's own checks (fields, clause,
    quote, sources, related clauses, wording), so the scaffold refuses exactly what the check
    would report; only its own options (``--name``) are checked here.
    """
    treaty_id, _, clause_id = clause.partition("/")
    problems: list[str] = []
    if name is not None and not NAME.fullmatch(name):
        problems.append(f"--name '{name}' must be lower-case letters and digits joined by '-', like art4-state-of-war")
    if name is None or problems:
        name = default_name(clause_id, quote)
        name = name if NAME.fullmatch(name) else "note"  # a malformed clause is reported by the check below
    treaty = dossier.treaties.get(treaty_id)
    subclauses = [c.id for c in treaty.clauses.values() if c.parent == clause_id] if treaty else []
    draft = AnnotationDraft(
        clause, quote, list(sources), kind, author, wording, text, subclauses, list(related or []), list(tags or [])
    )
    path = f"annotations/{treaty_id or 'unknown'}/{name}.md"
    content = annotation_text(draft)
    # Without --text the note is written later; check the front matter as it will be, with a body.
    probe = content if text else content + "(the note)\n"
    annotation, found = parse_annotation(probe, path, f"{treaty_id}/{name}")
    if annotation is not None:
        found = check_annotation(dossier, annotation, new=True)
    problems += [p.message for p in sorted(found, key=lambda p: p.line)]
    if problems:
        raise ScaffoldError(problems)
    todo = [] if text else [f"write the note below the front matter of {path}, in your own words"]
    return NewFile(path, content, todo)


def plan_source(
    dossier: Dossier,
    url: str | None,
    source_id: str,
    *,
    kind: str | None = None,
    outlet: str | None = None,
    title: str | None = None,
    authors: list[str] | None = None,
    published: str | None = None,
    language: str | None = None,
    archived_url: str | None = None,
    note: str | None = None,
    archived_on: str | None = None,
) -> NewFile:
    """The source file, or :class:`ScaffoldError` listing every reason it cannot be made.

    The file is put through the build's own source checks; fields the contributor has still
    to fill in (``missing required field``) are left as placeholders and listed as next steps.
    """
    problems = []
    if not NAME.fullmatch(source_id):
        problems.append(f"--id '{source_id}' must be lower-case words joined by '-', like outlet-2024-06-20")
    elif source_id in dossier.sources or source_id in dossier.invalid_sources:
        existing = dossier.sources[source_id].path if source_id in dossier.sources else dossier.invalid_sources[source_id]
        problems.append(f"source '{source_id}' already exists: {existing}")
    same = [s.id for s in dossier.sources.values() if url and s.url == url]
    if same:
        problems.append(f"{url} is already registered as '{same[0]}'; cite that id")
    if url is None and not note:
        problems.append(
            'without a URL, say in --note why (e.g. "the page could not be opened"), '
            "and put the lead in research/unconfirmed-sources/ if the source itself is not confirmed"
        )
    draft = SourceDraft(url, kind, outlet, title, list(authors or []), published, language, archived_url, note, archived_on)
    path = f"annotations/sources/{source_id}.yml"
    content = source_text(draft)
    # A malformed --id is told once, above, not again as the file name it would make.
    _, found = parse_source(content, path if NAME.fullmatch(source_id) else "annotations/sources/source.yml")
    todo = [p.message for p in found if p.message.startswith("missing required field")]
    problems += [p.message for p in found if not p.message.startswith("missing required field")]
    if problems:
        raise ScaffoldError(problems)
    return NewFile(path, content, [f"fill in {path}: {m}" for m in todo])


def write_new(root: Path, new: NewFile) -> Path:
    """Write ``new`` under ``root``; never overwrite."""
    target = root / new.path
    if target.exists():
        raise ScaffoldError([f"{new.path} already exists; choose another --name"])
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8", newline="\n") as out:
        out.write(new.text)
    return target


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", default=".", type=Path, help="project folder (default: current)")
    sub = parser.add_subparsers(dest="command", required=True)
    ann = sub.add_parser("annotation", help="a new annotation on a clause")
    ann.add_argument("clause", help="treaty-id/clause-id, e.g. dprk-russia-2024/art_4")
    ann.add_argument("--quote", help="exact words of the clause the note is about (the mark goes after them)")
    ann.add_argument("--prefix", default="", help="words just before the quote, when it occurs more than once")
    ann.add_argument("--suffix", default="", help="words just after the quote, when it occurs more than once")
    ann.add_argument("--source", action="append", default=[], dest="sources", help="a source id (repeat for several)")
    ann.add_argument("--kind", default="commentary", help=f"one of {', '.join(KINDS)} (default: commentary)")
    ann.add_argument("--author", required=True, help="your GitHub handle")
    ann.add_argument("--name", help="file name without .md (default: from the clause and quote)")
    ann.add_argument("--wording", help="for --kind rendering: the outlet's own short wording of the clause")
    ann.add_argument("--text", help="the note itself (default: write it in the file afterwards)")
    ann.add_argument("--related", action="append", default=[], help="another clause the note connects (repeat for several)")
    ann.add_argument("--tag", action="append", default=[], dest="tags", help="a short lower-case tag (repeat for several)")
    src = sub.add_parser("source", help="a new source file")
    src.add_argument(
        "url", nargs="?", help="the https:// address you opened and confirmed (leave it out if you could not; say why in --note)"
    )
    src.add_argument("--id", required=True, dest="source_id", help="outlet-yyyy-mm-dd, e.g. ap-2024-06-20")
    src.add_argument("--kind", help=f"one of {', '.join(SOURCE_KINDS)}")
    src.add_argument("--outlet", help="the publisher's name")
    src.add_argument("--title", help="the headline exactly as published")
    src.add_argument("--author", action="append", default=[], dest="authors", help="a byline (repeat for several)")
    src.add_argument("--published", help="YYYY-MM-DD as printed on the page")
    src.add_argument("--language", help="language code of the text, e.g. en")
    src.add_argument("--archived-url", help="an https:// archived copy")
    src.add_argument("--archived-on", help="YYYY-MM-DD, the date of the archived copy (with --archived-url)")
    src.add_argument("--note", help="what a reader should know about the source; without a URL, why there is none")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    dossier, _ = load_dossier(args.root)  # other files' problems are the check's business, not the scaffold's
    try:
        if args.command == "annotation":
            quote = Quote(args.quote, args.prefix, args.suffix) if args.quote is not None else None
            new = plan_annotation(
                dossier,
                args.clause,
                sources=args.sources,
                kind=args.kind,
                author=args.author,
                quote=quote,
                name=args.name,
                wording=args.wording,
                text=args.text,
                related=args.related,
                tags=args.tags,
            )
        else:
            new = plan_source(
                dossier,
                args.url,
                args.source_id,
                kind=args.kind,
                outlet=args.outlet,
                title=args.title,
                authors=args.authors,
                published=args.published,
                language=args.language,
                archived_url=args.archived_url,
                archived_on=args.archived_on,
                note=args.note,
            )
        write_new(args.root, new)
    except ScaffoldError as exc:
        for line in exc.problems:
            print(f"scaffold: {line}", file=sys.stderr)
        print("scaffold: nothing was written", file=sys.stderr)
        return 2
    print(f"created {new.path}")
    for step in new.todo:
        print(f"  next: {step}")
    print("  then: python hooks/check.py --strict")
    return 0
