"""A tiny dossier in a temporary git repository whose treaty is revised over several commits."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from support import ANNOTATION, TREATY, tiny_project, write

ART_1 = 'If either Party is put in a state of war, the other Party shall without delay provide "military" assistance.'
ART_2 = "The Parties shall consult. The Parties shall consult again."
PARA_1 = "1\\. First numbered paragraph. {#art_2__para_1}"

# Commit by commit: (date, subject, {old text: new text}) applied to the treaty file.
REVISIONS = [
    (
        "2025-02-01T10:00:00+00:00",
        "Art. 1: wording checked against the Korean text",
        {
            ART_1: "If either Party is put in a state of war, the other Party shall without any delay provide military assistance.",
        },
    ),
    (
        "2025-03-01T10:00:00+00:00",
        "Art. 1: the cause of the state of war",
        {
            "state of war, the other": "state of war by an armed attack, the other",
        },
    ),
    (
        "2025-04-01T10:00:00+00:00",
        "Art. 1 and 2 revised from the published text",
        {
            "provide military assistance.": "provide military and other assistance.",
            ART_2: "The Parties shall consult in Moscow. The Parties shall consult in Minsk.",
            PARA_1: "1\\. A quite different rule. {#art_2__para_1}",
        },
    ),
]


def note(clause: str, quote: str) -> str:
    return ANNOTATION.replace("clause: t-2024/art_1", f"clause: {clause}").replace("quote: state of war", quote)


NOTES = {
    "t-2024/exact": note("t-2024/art_1", "quote: '\"military\"'"),  # loses its quotation marks: same words
    "t-2024/fuzzy": note("t-2024/art_1", "quote: the other Party shall without delay provide"),  # one word added
    "t-2024/review": note("t-2024/art_1", "quote: state of war"),  # still there, but the clause changed around it
    "t-2024/orphan": note("t-2024/art_2__para_1", "quote: First numbered paragraph"),  # the phrase is gone
    "t-2024/ambiguous": note("t-2024/art_2", "quote: {exact: shall consult, suffix: again}"),  # two look-alikes
}


def git(root: Path, *args: str, date: str = "2025-01-10T10:00:00+00:00") -> str:
    env = os.environ | {
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(root),
    }
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, env=env, check=True)
    return done.stdout


def revised_project(root: Path, notes: dict[str, str] | None = None, upto: int = len(REVISIONS)) -> Path:
    """``tiny_project`` committed, then its treaty revised in ``upto`` more commits (the notes untouched)."""
    tiny_project(root, annotations=NOTES if notes is None else notes)
    write(root, ".gitignore", "site/\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "First publication")
    text = TREATY
    for date, subject, edits in REVISIONS[:upto]:
        for old, new in edits.items():
            assert old in text, old
            text = text.replace(old, new)
        write(root, "docs/treaties/t-2024.md", text)
        git(root, "commit", "-q", "-am", subject, date=date)
    return root
