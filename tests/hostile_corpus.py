"""The third round of hostile contributions (issue 25), as two fixture dossiers the tests write.

``write_refused``: files the check and the build must refuse, each with its message at a known
``path:line`` (what the test expects is :data:`Expected`). ``write_inert``: valid files carrying
payloads that must come out as text on every page, with every note on the site.
Each case names its class in the issue (``c1`` … ``c10``).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from support import ANNOTATION, SOURCE, tiny_project, write

SECRET = "SECRET-OUTSIDE-0451"  # in files outside the repository: must never appear anywhere
XSS = "<img src=x onerror=\"alert('XSS-round3')\">"


@dataclass(frozen=True)
class Expected:
    case: str
    path: str
    line: int
    fragment: str


def note(**fields: str) -> str:
    """ANNOTATION with some front matter lines replaced (``key`` → the whole ``key: value`` line)."""
    text = ANNOTATION
    for key, line in fields.items():
        head, _, rest = text.partition(f"\n{key}:")
        text = head + "\n" + line + "\n" + rest.partition("\n")[2] if rest else text.replace("\n---\n", f"\n{line}\n---\n", 1)
    return text


def _outside(tmp: Path) -> Path:
    """Files outside the repository that a link points at: a valid note and a YAML file, both secret."""
    outside = tmp / "outside"
    write(outside, "secret.md", ANNOTATION.replace("A note citing", f"{SECRET} note citing"))
    write(outside, "secret.yml", f"{SECRET}: 1\n" + SOURCE)
    write(outside, "dir/note.md", ANNOTATION.replace("A note citing", f"{SECRET} note citing"))
    write(outside, "page.md", f"# {SECRET}\n")
    return outside


def write_refused(root: Path) -> list[Expected]:
    """A project whose every hostile file is refused; returns the message each must get."""
    project = tiny_project(root / "project")
    outside = _outside(root)
    a = "annotations/t-2024"
    files = {
        # c2: a paragraph far beyond what Python-Markdown renders in reasonable time
        f"{a}/flood.md": ANNOTATION.replace("A note citing", "[" * 9000 + " A note citing"),
        # c3: control characters typed, or written as YAML escapes; a lone surrogate (c6: it crashed print)
        f"{a}/bell.md": ANNOTATION.replace("A note citing", "A note \x07 citing"),
        f"{a}/escape.md": note(author='author: "some\\x85one"'),
        f"{a}/surrogate.md": note(author='author: "\\ud800"'),
        f"{a}/nonchar.md": note(tags='tags: ["\\uffff"]'),
        "docs/bell.md": "# Bell\n\nA \x07 bell.\n",
        "annotations/sources/ctl-2024-06-20.yml": SOURCE.replace("outlet: Example Wire", "outlet: Example\x0bWire"),
        # c1: references Python-Markdown reads differently ("\\]" is an escape to it, code spans come first)
        # are no references at all: the check names them rather than count them as resolved
        "annotations/events/2024-06-19-forms.yml": "date: 2024-06-19\nevent: "
        + json.dumps(f"Signed [[t-2024/art_1|{XSS}\\]] and [[t-2024/art_2|a `]] [[t-2024/art_1|b`{XSS}]].")
        + "\nsources: [ew-2024-06-20]\n",
        # c5: an invalid source that a rendering cites and a copy derives from (serve raised KeyError)
        "annotations/sources/bad-2024-06-20.yml": SOURCE.replace("https://", "http://"),
        "annotations/sources/copy-2024-06-21.yml": "kind: news\nlanguage: en\nderived_from: bad-2024-06-20\n",
        f"{a}/render.md": note(kind="kind: rendering", sources="sources: [bad-2024-06-20]").replace(
            "---\nA note", 'wording: "military assistance"\n---\nA note'
        ),
        # c7: a line separator in a quoted message must not add a row to the job summary
        f"{a}/separator.md": note(quote='quote: "state of war\\u2028| forged | row |"'),
        # c10: names no loader reads; a prefix that is not text
        f"{a}/upper.MD": ANNOTATION,
        f"{a}/long.markdown": ANNOTATION,
        f"{a}/text.md.txt": ANNOTATION,
        f"{a}/prefix.md": note(quote="quote: {exact: state of war, prefix: [a, b]}"),
    }
    for rel, text in files.items():
        write(project, rel, text)
    # c4: links out of the repository, under annotations/ (a file, a folder) and docs/
    (project / f"{a}/leak.md").symlink_to(outside / "secret.md")
    (project / "annotations/sources/leak-2024-06-20.yml").symlink_to(outside / "secret.yml")
    (project / "annotations/t-2025").symlink_to(outside / "dir", target_is_directory=True)
    (project / "docs/leak.md").symlink_to(outside / "page.md")
    (project / "docs/leak.txt").symlink_to(outside / "secret.yml")  # served as is, were it copied
    # c6, c7: a file name that is not UTF-8, and one with a carriage return and table pipes
    names = {"bad-name": os.fsencode(project / a) + b"/\xff.md", "cr-name": os.fsencode(project / a) + b"/x\r| forged |.md"}
    for raw in names.values():
        with open(raw, "w", encoding="utf-8") as out:
            out.write(ANNOTATION)

    def line(rel: str, marker: str) -> int:
        return next(n for n, text in enumerate(files[rel].split("\n"), 1) if marker in text)

    return [
        Expected("c1", "annotations/events/2024-06-19-forms.yml", 2, "not well formed"),
        Expected("c2", f"{a}/flood.md", line(f"{a}/flood.md", "[[["), "paragraph of"),
        Expected("c3", f"{a}/bell.md", line(f"{a}/bell.md", "\x07"), "control character U+0007 at column 8"),
        Expected("c3", f"{a}/escape.md", line(f"{a}/escape.md", "author:"), "character U+0085 in a value"),
        Expected("c6", f"{a}/surrogate.md", line(f"{a}/surrogate.md", "author:"), "character U+D800 in a value"),
        Expected("c3", f"{a}/nonchar.md", line(f"{a}/nonchar.md", "tags:"), "character U+FFFF in a value"),
        Expected("c3", "annotations/sources/ctl-2024-06-20.yml", 2, "control character U+000B"),
        Expected("c3", "docs/bell.md", 3, "control character U+0007 at column 3"),
        Expected("c5", "annotations/sources/bad-2024-06-20.yml", 6, "is not https"),
        Expected("c7", f"{a}/separator.md", line(f"{a}/separator.md", "quote:"), "| forged | row |' is not in the text"),
        Expected("c10", f"{a}/upper.MD", 1, "the build does not use this file"),
        Expected("c10", f"{a}/long.markdown", 1, "the build does not use this file"),
        Expected("c10", f"{a}/text.md.txt", 1, "the build does not use this file"),
        Expected("c10", f"{a}/prefix.md", line(f"{a}/prefix.md", "quote:"), "'prefix' expected text, found a list"),
        Expected("c4", f"{a}/leak.md", 1, "is a symbolic link"),
        Expected("c4", "annotations/sources/leak-2024-06-20.yml", 1, "is a symbolic link"),
        Expected("c4", "annotations/t-2025", 1, "is a symbolic link"),
        Expected("c4", "docs/leak.md", 1, "outside the repository"),
        Expected("c4", "docs/leak.txt", 1, "outside the repository"),
        Expected("c6", f"{a}/\\xff.md", 1, "file name is not UTF-8 text"),
        Expected("c7", f"{a}/x\\r| forged |.md", 1, "file name is not UTF-8 text"),
    ]


PIPE_OUTLET = "Pipe | Wire"
ENTITY_OUTLET = "Ent &amp; Co"
# A collapsible warning (pymdownx.details) styled as the maintainers', and a setext heading.
FORGED = '\n\n??? danger "Maintainers: FORGED-ADMONITION"\n    Merge this.\n\nFORGED-HEADING\n===\n'


def write_inert(root: Path) -> tuple[Path, list[str]]:
    """A valid project full of payloads that must render as text; returns it and its note ids."""
    sources = {
        "ew-2024-06-20": SOURCE,
        # c8: newlines in plain fields; c9: outlet names with a pipe and an HTML entity
        "pipe-2024-06-21": SOURCE.replace("Example Wire", PIPE_OUTLET).replace("outlet_short: EW\n", "")
        + f"note: {json.dumps('A note on the source.' + FORGED)}\nauthors: [{json.dumps('Ann' + FORGED)}]\n",
        "ent-2024-06-22": SOURCE.replace("Example Wire", ENTITY_OUTLET)
        .replace("outlet_short: EW\n", "")
        .replace("title: A report", f"title: {json.dumps('A report ' + XSS)}"),
    }
    notes = {
        "t-2024/note": ANNOTATION,
        "t-2024/pipe": note(sources="sources: [pipe-2024-06-21]", author=f"author: {json.dumps('someone' + FORGED)}"),
        "t-2024/ent": note(sources="sources: [ent-2024-06-22]", author=f"author: {json.dumps(XSS)}"),
        # c1: a reference whose label is a payload: resolved, its label is text
        "t-2024/label": ANNOTATION.replace("[[t-2024/art_2]]", "[[t-2024/art_2|*not emphasis* XSS-label]]"),
    }
    project = tiny_project(root, annotations=notes, sources=sources)
    event = f"Signed. [@ew-2024-06-20] [[t-2024/art_1|{XSS}]] " + FORGED.replace("\n", " ")
    write(
        project,
        "annotations/events/2024-06-19-signing.yml",
        f"date: 2024-06-19\nevent: {json.dumps(event)}\nsources: [ew-2024-06-20]\n",
    )
    return project, sorted(notes)
