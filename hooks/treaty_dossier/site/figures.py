"""Figures about the dossier for the home page, computed at build time."""

from __future__ import annotations

from collections import Counter

from ..content.dossier import Dossier
from .source_pages import LANGUAGES

MARKER = "<!-- dossier-figures -->"


def figures_markdown(dossier: Dossier, quoted: dict[str, int] | None = None, top: int = 5) -> str:
    """A short list of counts, then the most-annotated clauses as ``[[…]]`` references; ``quoted`` counts the
    attributed quotations by status (``quotations.counts``)."""
    clauses = sum(1 for t in dossier.treaties.values() for c in t.clauses.values() if not c.parent)
    kinds = Counter(a.kind for a in dossier.annotations)
    languages = Counter(s.language.split("-")[0] for s in dossier.sources.values())
    per_clause = Counter(a.clause for a in dossier.annotations)
    lines = [
        f"- {_count(len(dossier.treaties), 'treaty', 'treaties')}, {_count(clauses, 'clause')}",
        f"- {_count(len(dossier.annotations), 'annotation')}: "
        + ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))),
        f"- {_count(len(dossier.sources), 'source')} in {_count(len(languages), 'language', bold=False)}: "
        + ", ".join(f"{LANGUAGES.get(code, code)} {n}" for code, n in sorted(languages.items(), key=lambda kv: (-kv[1], kv[0]))),
        f"- {_count(len(dossier.events), 'dated event')} on the [timeline](timeline.md)",
    ]
    if quoted is not None:
        total = sum(quoted.values())
        lines.append(
            f"- {_count(total, 'attributed quotation')}: {quoted.get('checked', 0)} checked against the excerpts stored "
            f"for their source, {quoted.get('unchecked', 0)} unchecked"
            + (f", {quoted['not found']} not found" if quoted.get("not found") else "")
        )
    if per_clause:
        lines += ["", "Most-annotated clauses:", ""]
        order = {c.name: i for i, c in enumerate(c for t in dossier.treaties.values() for c in t.clauses.values())}
        ranked = sorted(per_clause.items(), key=lambda kv: (-kv[1], order.get(kv[0], 0)))[:top]
        lines += [f"1. [[{name}]]: {_count(n, 'note', bold=False)}" for name, n in ranked]
    return '<div class="dossier-figures" markdown="1">\n\n' + "\n".join(lines) + "\n\n</div>"


def _count(n: int, one: str, many: str | None = None, bold: bool = True) -> str:
    number = f"**{n}**" if bold else str(n)
    return f"{number} {one if n == 1 else many or one + 's'}"
