"""Typst's errors and warnings, and characters no font has, as problems naming the file they come from.

Typst reports against the template (the data is not code, so it has no lines of
its own); the text a message quotes is looked up in the notes, treaties and
sources of the document, so a contributor sees their own file and line. What
cannot be traced names the template line.
"""

from __future__ import annotations

import json
import re

from ..content.dossier import Dossier
from ..content.problems import Problem, Severity
from .print_data import PrintData
from .typst_render import TEMPLATE, Diagnostic, placeholder

_QUOTED = re.compile(r"`\"?(?P<text>[^`\"]+)\"?`")
TEMPLATE_PATH = TEMPLATE.relative_to(TEMPLATE.parents[3]).as_posix()  # hooks/treaty_dossier/pdf/edition.typ


def files_holding(dossier: Dossier, doc: PrintData, text: str) -> list[tuple[str, int]]:
    """(path, line) of each note, treaty and cited source in ``doc`` whose text holds ``text``."""
    found = []
    for ann in dossier.annotations:
        if ann.id in doc.notes and text in ann.body + ann.author + (ann.quote.exact if ann.quote else ""):
            at = ann.body.find(text)
            found.append((ann.path, ann.body_line + ann.body.count("\n", 0, at) if at >= 0 else 1))
    printed = {t["id"] for t in doc.data["treaties"]}
    for treaty in dossier.treaties.values():
        if treaty.id in printed and text in treaty.body + json.dumps(treaty.meta, default=str, ensure_ascii=False):
            at = treaty.body.find(text)
            found.append((treaty.path, treaty.body_line + treaty.body.count("\n", 0, at) if at >= 0 else 1))
    cited = {e["id"] for e in doc.data["bibliography"]}
    for source in dossier.sources.values():
        if source.id in cited and text in json.dumps(vars(source), default=str, ensure_ascii=False):
            found.append((source.path, 1))
    return found


def typst_problems(dossier: Dossier, doc: PrintData, rel: str, diagnostic: Diagnostic) -> list[Problem]:
    """A Typst message at the files holding the text it quotes, or else at the template line it points to."""
    level: Severity = "error" if diagnostic.severity == "error" else "warning"
    message = f"{rel}: Typst: {diagnostic.message}"
    quoted = [m["text"] for m in _QUOTED.finditer(diagnostic.message)]
    places = [place for text in quoted for place in files_holding(dossier, doc, text)]
    if not places:
        places = [(TEMPLATE_PATH, diagnostic.line or 1)]
    return [Problem(path, line, message, level) for path, line in dict.fromkeys(places)]


def glyph_problems(dossier: Dossier, doc: PrintData, rel: str, char: str) -> list[Problem]:
    """A warning for each file in ``doc`` whose text holds ``char``, which no font can print."""
    message = (
        f"{rel}: character {placeholder(char)} ('{char}') is in no font the PDF can use; it prints as "
        f"{placeholder(char)} (install fonts-noto-cjk for Korean and Japanese, or use another character)"
    )
    places = files_holding(dossier, doc, char) or [(TEMPLATE_PATH, 1)]
    return [Problem(path, line, message, "warning") for path, line in places]
