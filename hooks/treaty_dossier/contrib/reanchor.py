"""``python hooks/check.py --reanchor [--apply [--yes]]``: put detached notes back, one confirmed proposal at a time.

Without ``--apply`` it only lists: each detached note with its proposal (or why
there is none), and each note whose quote still matches but whose clause changed
since the note was last edited (for review). With ``--apply`` it shows each
proposal again and, on a terminal, asks ``[y/N/q]``; without a terminal it
writes nothing unless ``--yes`` is given, which accepts exactly the proposals it
has just printed. Writing changes only the ``quote:`` field of the note file;
every other byte stays as it was, and the file is read back to make sure.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..content.anchor_repair import MIN_SIMILARITY, Repair, repair
from ..content.annotations import Annotation, Quote, parse_annotation
from ..content.clause_history import ClauseHistory, read_clause_history
from ..content.dossier import Dossier, load_dossier
from ..content.word_diff import diff_text

Ask = Callable[[str], str]


@dataclass
class Review:
    """A note whose quote still matches although its clause changed since the note was written."""

    annotation: Annotation
    old: str
    new: str


def find(root: Path, dossier: Dossier, history: ClauseHistory) -> tuple[list[Repair], list[Review]]:
    """Detached notes with what re-anchoring found, and notes to review."""
    repairs, reviews = [], []
    for ann in dossier.annotations:
        where = dossier.anchors.get(ann.id)
        treaty = dossier.treaties.get(ann.treaty_id)
        if where is None or treaty is None:
            continue
        if where.detached and ann.quote is not None:
            repairs.append(repair(ann, treaty, history.old_texts.get(ann.id)))
        elif ann.id in history.written_on:
            reviews.append(Review(ann, history.written_on[ann.id].text, treaty.clause_text(ann.clause_id)))
    return repairs, reviews


def review_lines(reviews: list[Review]) -> list[str]:
    """Notes to review, grouped by clause: the clause's words that changed once, then each note."""
    by_clause: dict[str, list[Review]] = {}
    for rev in reviews:
        by_clause.setdefault(rev.annotation.clause, []).append(rev)
    lines = []
    for clause, group in by_clause.items():
        for rev in group:
            ann = rev.annotation
            how = "its quote still matches" if ann.quote else "it quotes no phrase"
            lines.append(
                f"{ann.path}:{ann.line_of('quote')}: review: {how}, but {clause} changed since this note was last edited"
            )
        olds = list(dict.fromkeys(rev.old for rev in group))  # notes last edited on different wordings: one diff each
        lines += [f"    {clause}: {diff_text(old, group[0].new)}" for old in olds]
    return lines


def describe(r: Repair, old_text: str | None = None) -> str:
    """The lines that show one detached note and what is proposed for it."""
    ann, quote = r.annotation, r.annotation.quote
    assert quote is not None
    head = f"{ann.path}:{ann.line_of('quote')}: detached from {ann.clause}: quote '{quote.exact}'"
    if r.status in ("exact", "fuzzy") and r.quote is not None and r.best is not None:
        how = (
            "same words after normalising case and punctuation"
            if r.status == "exact"
            else f"fuzzy, similarity {r.best.similarity:.2f}"
        )
        lines = [
            head,
            f"    proposal ({how}): {_show(r.quote)}",
            f"    changed words: {diff_text(quote.exact, r.quote.exact, None)}",
        ]
        return "\n".join(lines)
    if r.status == "ambiguous" and r.best and r.runner_up:
        return (
            f"{head}\n    no proposal: two candidates too close to choose, '{r.best.around}' (score {r.best.score:.2f}) "
            f"and '{r.runner_up.around}' (score {r.runner_up.score:.2f}); "
            "write the quote by hand, with prefix/suffix to say which"
        )
    if r.best is not None:  # similar enough, but no quote finds it alone
        return f"{head}\n    orphan: '{r.best.text}' cannot be quoted unambiguously; write the quote by hand"
    closest = f" (closest: '{r.closest.text}', {r.closest.similarity:.2f}; not proposed)" if r.closest else ""
    return (
        f"{head}\n    orphan: nothing in the clause's current text is at least {MIN_SIMILARITY} similar to the quote"
        f"{closest}; write the quote by hand, or move the note"
    )


def _show(q: Quote) -> str:
    extra = "".join(f", {k} '{v}'" for k, v in (("prefix", q.prefix), ("suffix", q.suffix)) if v)
    return f"'{q.exact}'{extra}"


def quote_yaml(quote: Quote) -> str:
    """The ``quote:`` field as YAML: a plain phrase, or a mapping when prefix or suffix is needed."""
    value: object = quote.exact
    if quote.prefix or quote.suffix:
        value = {k: v for k, v in (("exact", quote.exact), ("prefix", quote.prefix), ("suffix", quote.suffix)) if v}
    return yaml.safe_dump({"quote": value}, allow_unicode=True, sort_keys=False, width=10**6, default_flow_style=False)


def rewrite_quote(text: str, quote: Quote) -> str:
    """``text`` (a whole note file) with only its front matter's top-level ``quote:`` field replaced."""
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    if not lines or lines[0].strip().lstrip("\ufeff") != "---":
        raise ValueError("the file does not start with front matter")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    start = next((i for i in range(1, end or 0) if lines[i].startswith("quote:") or lines[i].startswith("quote ")), None)
    if end is None or start is None:
        raise ValueError("no top-level 'quote:' field in the front matter")
    stop = start + 1
    while stop < end and lines[stop][:1] in (" ", "\t") and lines[stop].strip():
        stop += 1  # the field's indented continuation (a block mapping or a folded phrase)
    new = [line + newline for line in quote_yaml(quote).splitlines()]
    return "".join(lines[:start] + new + lines[stop:])


def apply_one(root: Path, ann: Annotation, quote: Quote) -> str | None:
    """Write ``quote`` into the note's file; return a problem instead if the result would not read back the same."""
    file = root / ann.path
    raw = file.read_bytes()
    text = raw.decode("utf-8")
    try:
        new_text = rewrite_quote(text, quote)
    except ValueError as exc:
        return f"{ann.path}: not written: {exc}"
    parsed, problems = parse_annotation(new_text.lstrip("\ufeff").replace("\r\n", "\n"), ann.path, ann.id)
    if parsed is None or parsed.quote != quote or _same_except_quote(parsed) != _same_except_quote(ann):
        details = "; ".join(str(p) for p in problems) or "the other fields would change"
        return f"{ann.path}: not written: the rewritten file does not read back as intended ({details})"
    file.write_bytes(new_text.encode("utf-8"))
    return None


def _same_except_quote(ann: Annotation) -> tuple:
    return (ann.clause, ann.sources, ann.kind, ann.author, ann.body, ann.wording, ann.related, ann.tags)


def run(root: Path, apply: bool = False, yes: bool = False, ask: Ask | None = None, out=sys.stdout) -> int:
    """List (and with ``apply``, write) re-anchoring proposals; exit status 1 while detached notes remain."""
    dossier, problems = load_dossier(root)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        for p in errors:
            print(p, file=out)
        print("fix these errors first: re-anchoring needs a dossier that loads", file=out)
        return 1
    history = read_clause_history(root, dossier.treaties, dossier.annotations)
    repairs, reviews = find(root, dossier, history)
    if not history.available:
        print(f"note: no git history ({history.reason}); proposals use the quote and its prefix/suffix only", file=out)
    for text in review_lines(reviews):
        print(text, file=out)
    proposals = [r for r in repairs if r.quote is not None]
    for r in repairs:
        print(describe(r), file=out)
    left = len(repairs) - len(proposals)
    summary = (
        f"{len(repairs)} detached note(s): {len(proposals)} proposal(s), {left} without one; {len(reviews)} note(s) to review"
    )
    if not apply:
        print(summary + ("; run with --apply to confirm and write the proposals" if proposals else ""), file=out)
        return 1 if repairs else 0
    if proposals and not yes and ask is None:
        if not sys.stdin.isatty():
            print(
                summary
                + "; not a terminal, so nothing was written: rerun with --apply --yes to write the proposals listed above",
                file=out,
            )
            return 1
        ask = input
    written = 0
    for r in proposals:
        assert r.quote is not None
        if not yes:
            answer = (ask or input)(f"{r.annotation.path}: write quote {_show(r.quote)}? [y/N/q] ").strip().lower()
            if answer == "q":
                break
            if answer != "y":
                continue
        problem = apply_one(root, r.annotation, r.quote)
        print(problem or f"{r.annotation.path}: quote written", file=out)
        written += problem is None
    print(f"{written} of {len(proposals)} proposal(s) written; {len(repairs) - written} detached note(s) left", file=out)
    return 1 if len(repairs) - written else 0
