"""Start a new annotation or source file: ``python hooks/scaffold.py annotation|source ...``.

    python hooks/scaffold.py annotation dprk-russia-2024/art_4 --quote "state of war" \\
        --source ap-2024-06-20 --kind commentary --author your-handle
    python hooks/scaffold.py source https://example.org/report --id outlet-2024-06-20

The annotation command checks, with the same code as the build, that the clause
exists, that the quote is in its text and that the sources are registered, and
refuses otherwise; the file it writes has its front matter filled in and waits
for the note's text. The source command writes the fields it was given and
leaves the others commented out for the contributor to fill in from the page
itself: nothing is guessed from the address. Neither overwrites a file.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ..content import fields as F
from ..content.annotations import KINDS, Quote, clause_name, parse_annotation
from ..content.dossier import Dossier, load_dossier
from ..content.problems import suggest
from ..content.quote_match import anchor
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
) -> NewFile:
    """The annotation file for ``clause``, or :class:`ScaffoldError` listing every reason it cannot be made."""
    problems: list[str] = []
    try:
        clause = clause_name(clause)
    except ValueError as exc:
        raise ScaffoldError([str(exc)]) from None
    found = dossier.clause(clause)
    if found is None:
        problems.append(f"unknown clause '{clause}'{dossier.near_clause(clause)}")
    elif quote is not None:
        treaty = dossier.treaties[found.treaty_id]
        where = anchor(treaty.body, found.spans, quote)
        if where.detached:
            problems.append(
                f"quote '{quote.exact}' is not in the text of {clause}; copy the words exactly from the clause "
                "(quote marks, spaces and line breaks may differ, nothing else)"
            )
        elif where.matches > 1:
            problems.append(
                f"quote '{quote.exact}' occurs {where.matches} times in {clause}; add --prefix or --suffix to say which"
            )
    if not sources:
        problems.append("give at least one --source (an id from annotations/sources/)")
    for sid in sources:
        if sid not in dossier.sources:
            hint = f"register it first: python hooks/scaffold.py source <https-url> --id {sid}"
            problems.append(f"unknown source '{sid}'{suggest(sid, dossier.sources)}; {hint}")
    problems += _field_problems({"kind": (F.one_of(*KINDS), kind), "author": (F.text, author)})
    if kind == "rendering" and not wording:
        problems.append("kind 'rendering' needs --wording: the outlet's own short wording of the clause, quoted exactly")
    elif wording and kind != "rendering":
        problems.append(f"--wording is only for kind 'rendering', not '{kind}'; put the quotation in the text")
    treaty_id, _, clause_id = clause.partition("/")
    name = name or default_name(clause_id, quote)
    if not NAME.fullmatch(name):
        problems.append(f"--name '{name}' must be lower-case letters and digits joined by '-', like art4-state-of-war")
    if problems:
        raise ScaffoldError(problems)
    subclauses = [c.id for c in dossier.treaties[treaty_id].clauses.values() if c.parent == clause_id]
    draft = AnnotationDraft(clause, quote, list(sources), kind, author, wording, text, subclauses)
    path = f"annotations/{treaty_id}/{name}.md"
    content = annotation_text(draft)
    _, found_problems = parse_annotation(content, path, f"{treaty_id}/{name}")
    unexpected = [str(p) for p in found_problems if "has no text" not in p.message]
    if unexpected:  # the template itself is wrong: a bug here, not the contributor's mistake
        raise ScaffoldError(["internal error, the generated file does not pass the check:", *unexpected])
    todo = [] if text else [f"write the note below the front matter of {path}, in your own words"]
    return NewFile(path, content, todo)


def plan_source(
    dossier: Dossier,
    url: str,
    source_id: str,
    *,
    kind: str | None = None,
    outlet: str | None = None,
    title: str | None = None,
    authors: list[str] | None = None,
    published: str | None = None,
    language: str | None = None,
    archived_url: str | None = None,
) -> NewFile:
    """The source file for ``url``, or :class:`ScaffoldError` listing every reason it cannot be made."""
    problems = _field_problems(
        {
            "url": (F.https_url, url),
            "kind": (F.one_of(*SOURCE_KINDS), kind),
            "published": (F.date, published),
            "language": (F.language, language),
            "archived_url": (F.https_url, archived_url),
        }
    )
    if not NAME.fullmatch(source_id):
        problems.append(f"--id '{source_id}' must be lower-case words joined by '-', like outlet-2024-06-20")
    elif source_id in dossier.sources:
        problems.append(f"source '{source_id}' already exists: {dossier.sources[source_id].path}")
    same = [s.id for s in dossier.sources.values() if s.url and s.url == url]
    if same:
        problems.append(f"{url} is already registered as '{same[0]}'; cite that id")
    if problems:
        raise ScaffoldError(problems)
    draft = SourceDraft(url, kind, outlet, title, list(authors or []), published, language, archived_url)
    path = f"annotations/sources/{source_id}.yml"
    content = source_text(draft)
    _, found = parse_source(content, path)
    todo = [p.message for p in found if p.message.startswith("missing required field")]
    unexpected = [str(p) for p in found if not p.message.startswith("missing required field")]
    if unexpected:
        raise ScaffoldError(["internal error, the generated file does not pass the check:", *unexpected])
    return NewFile(path, content, [f"fill in {path}: {m}" for m in todo])


def _field_problems(values: dict[str, tuple]) -> list[str]:
    """Run the check's own field validators on the given (non-empty) values."""
    problems = []
    for name, (validate, value) in values.items():
        if value is None:
            continue
        try:
            validate(value)
        except ValueError as exc:
            problems.append(f"field '{name}': {exc}")
    return problems


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
    src = sub.add_parser("source", help="a new source file for a URL")
    src.add_argument("url", help="the https:// address of the report or statement")
    src.add_argument("--id", required=True, dest="source_id", help="outlet-yyyy-mm-dd, e.g. ap-2024-06-20")
    src.add_argument("--kind", help=f"one of {', '.join(SOURCE_KINDS)}")
    src.add_argument("--outlet", help="the publisher's name")
    src.add_argument("--title", help="the headline exactly as published")
    src.add_argument("--author", action="append", default=[], dest="authors", help="a byline (repeat for several)")
    src.add_argument("--published", help="YYYY-MM-DD as printed on the page")
    src.add_argument("--language", help="language code of the text, e.g. en")
    src.add_argument("--archived-url", help="an https:// archived copy")
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
