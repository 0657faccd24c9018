"""Check all content without building the site: ``python hooks/check.py``.

Runs the same loading and validation as the build and prints one
``path:line: message`` line per problem. Exit status 1 if there are errors, or
warnings with ``--strict`` (as ``mkdocs build --strict`` would fail).
``--format github`` prints GitHub Actions annotations instead, and writes a job
summary to ``$GITHUB_STEP_SUMMARY`` when that is set (see ``github_report``).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..content import content_files
from ..content.dossier import PAGE_MAX_BYTES, load_dossier, malformed_ref_problems
from ..content.frontmatter import ContentProblem, decode
from ..content.references import find_refs
from ..site import quotations
from . import github_report, link_check


def check(root: Path, docs_dir: str = "docs") -> list:
    """Every problem in the dossier and in the references of ordinary pages."""
    dossier, problems = load_dossier(root, docs_dir)
    problems += quotations.problems(quotations.collect(dossier))
    inside = root.resolve()
    for file in sorted((root / docs_dir).rglob("*.md")):
        if not file.resolve().is_relative_to(inside) or content_files.bad_name(root, file):
            continue  # reported by load_dossier; never read
        path = file.relative_to(root).as_posix()
        try:
            text = decode(file.read_bytes(), path, PAGE_MAX_BYTES)
        except ContentProblem as exc:
            problems.append(exc.problem)
            continue
        problems += dossier.ref_problems([ref for ref, _ in find_refs(text)], path, 1)
        problems += malformed_ref_problems(text, path, 1)
    return sorted(set(problems))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", default=".", type=Path, help="project folder (default: current)")
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    parser.add_argument(
        "--reanchor", action="store_true", help="list detached notes with a proposed new quote, and notes to review"
    )
    parser.add_argument("--apply", action="store_true", help="with --reanchor: confirm each proposal ([y/N/q]) and write it")
    parser.add_argument("--yes", action="store_true", help="with --reanchor --apply: write every proposal listed, without asking")
    parser.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="text: path:line: message (default); github: GitHub Actions annotations and job summary",
    )
    parser.add_argument(
        "--quotations",
        action="store_true",
        help="list every attributed quotation: file:line, source, status (checked / unchecked / not found)",
    )
    parser.add_argument(
        "--links",
        action="store_true",
        help="request every source address and archived copy; report what is gone, moved or unreachable",
    )
    parser.add_argument("--timeout", type=float, default=link_check.TIMEOUT, help="with --links: seconds per request")
    args = parser.parse_args(argv)
    if args.quotations:
        return list_quotations(args.root)
    if args.links:
        return link_check.run(args.root, timeout=args.timeout)
    if args.apply or args.yes:
        if not args.reanchor:
            parser.error("--apply and --yes go with --reanchor")
    if args.reanchor:
        from . import reanchor

        return reanchor.run(args.root, apply=args.apply, yes=args.yes)
    # A message may quote anything a file holds; it is printed, never a reason to stop printing.
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]  # a TextIOWrapper here
    problems = check(args.root)
    for problem in problems:
        if args.format == "github":
            print(github_report.workflow_command(problem, args.strict))
        else:
            print(f"{problem}" + (" [warning]" if problem.severity == "warning" else ""))
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if args.format == "github" and summary_file:
        with open(summary_file, "a", encoding="utf-8", errors="backslashreplace") as out:
            out.write(github_report.summary(problems, args.strict))
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors or (args.strict and warnings) else 0


def list_quotations(root: Path) -> int:
    """``--quotations``: every attributed quotation with its status; exit 1 if one is not found (or content errors)."""
    dossier, problems = load_dossier(root)
    for problem in problems:
        print(problem, file=sys.stderr)
    found = quotations.collect(dossier)
    for q in found:
        reason = f" ({q.reason.strip(' ()')})" if q.reason and q.status != quotations.CHECKED else ""
        print(f"{q.where}: {q.status}{reason}: {q.source.id}: “{q.text}”")
    print(quotations.summary(found), file=sys.stderr)
    return 1 if problems or any(q.status == quotations.NOT_FOUND for q in found) else 0
