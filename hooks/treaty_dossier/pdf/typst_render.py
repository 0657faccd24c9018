"""Compile a print document with Typst (the ``typst`` wheel: the compiler runs in-process) and check it.

One :class:`typst.Compiler` per process keeps the font book and Typst's caches (the
build compiles each document in a process of its own: :mod:`.typeset`). The document's data
goes in as ``sys.inputs.data`` (a JSON string, never Typst code); the compiler's
root is this folder, so the template can read nothing outside it.

After compiling, ``typst.query`` reads back the template's ``<print-check>``
record (each footnote's call, where its entry starts, the page count): each note
must be there exactly once, in reading order, with the site's number. A character
that no font can show is an error under PDF/UA-1; it is printed as ``[U+XXXX]``
instead and reported, naming the text it is in.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

import typst

TEMPLATE = Path(__file__).with_name("edition.typ")
PDF_STANDARD: Literal["ua-1"] = "ua-1"  # tagged PDF with the PDF/UA-1 identification; title and language from the data
MISSING_GLYPH = re.compile(r"the text `\"(?P<text>.+?)\"` could not be displayed with (?:any )?font")
_WHERE = re.compile(r"┌─ (?P<file>[^\n:]+):(?P<line>\d+):\d+")


@dataclass
class Diagnostic:
    """A Typst error or warning: its message and the template line it points at (0 if none)."""

    message: str
    line: int = 0
    severity: str = "error"


@dataclass
class Compiled:
    pdf: bytes | None
    pages: int
    seconds: float
    notes: list[dict[str, Any]] = field(default_factory=list)  # each footnote's call (id, n, page), in document order
    entries: dict[str, int] = field(default_factory=dict)  # annotation id -> page where its footnote starts
    diagnostics: list[Diagnostic] = field(default_factory=list)
    missing_glyphs: list[str] = field(default_factory=list)  # characters printed as [U+XXXX]

    def record(self) -> dict[str, Any]:
        """Everything but the PDF itself, as JSON data (kept beside the PDF, or sent by a worker process)."""
        return {k: v for k, v in asdict(self).items() if k != "pdf"}

    @classmethod
    def from_record(cls, pdf: bytes | None, record: dict[str, Any]) -> Compiled:
        """The compile a :meth:`record` was made from, with its PDF (raises KeyError or TypeError if it is not one)."""
        diagnostics = [Diagnostic(**d) for d in record["diagnostics"]]
        fields = record["pages"], record["seconds"], record["notes"], record["entries"]
        return cls(pdf, *fields, diagnostics, record["missing_glyphs"])


@cache
def compiler() -> typst.Compiler:
    """The process's compiler: system fonts (Noto CJK for Korean and Japanese) and Typst's own."""
    return typst.Compiler(TEMPLATE, root=TEMPLATE.parent)


def placeholder(char: str) -> str:
    return f"[U+{ord(char):04X}]"


def data_text(data: dict[str, Any]) -> str:
    """The document's data as the template reads it (``sys.inputs.data``)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def compile_pdf(data: dict[str, Any], timestamp: int) -> Compiled:
    """Compile ``data`` with the template; the PDF (or None after an error), the notes found, what Typst said."""
    return compile_text(data_text(data), timestamp)


def compile_text(text: str, timestamp: int) -> Compiled:
    """Compile the document whose data is ``text`` (:func:`data_text`), as :func:`compile_pdf`."""
    start = time.perf_counter()
    missing: list[str] = []
    for _ in range(3):  # a missing glyph: print its code point instead and compile again
        try:
            pdf, warnings = compiler().compile_with_warnings(
                sys_inputs={"data": text}, format="pdf", pdf_standards=[PDF_STANDARD], timestamp=timestamp
            )
        except typst.TypstError as error:
            chars = sorted({c for m in MISSING_GLYPH.finditer(error.diagnostic or error.message) for c in m["text"]} - set(" "))
            if chars and not set(chars) & set(missing):
                missing += chars
                for char in chars:
                    text = text.replace(char, placeholder(char))
                continue
            return Compiled(
                None, 0, time.perf_counter() - start, diagnostics=_diagnostics(error, "error"), missing_glyphs=missing
            )
        break
    else:
        failed = [Diagnostic("characters missing from every font")]
        return Compiled(None, 0, time.perf_counter() - start, diagnostics=failed, missing_glyphs=missing)
    assert isinstance(pdf, bytes)
    try:  # the same document again: Typst's caches answer without a new layout
        (record,) = json.loads(compiler().query("<print-check>", field="value", format="json"))
    except (typst.TypstError, RuntimeError) as error:
        failed = [Diagnostic(f"the notes could not be read back from the PDF: {error}")]
        return Compiled(None, 0, time.perf_counter() - start, diagnostics=failed, missing_glyphs=missing)
    diagnostics = [d for w in warnings for d in _diagnostics(w, "warning")]
    seconds = time.perf_counter() - start
    return Compiled(pdf, record["pages"], seconds, record["notes"], record["entries"], diagnostics, missing)


def _diagnostics(item: typst.TypstError | typst.TypstWarning, severity: str) -> list[Diagnostic]:
    """One per message in Typst's report (an error report may hold several)."""
    text = item.diagnostic or item.message
    blocks = re.split(r"\n(?=(?:error|warning): )", text.strip()) if text else [item.message]
    out = []
    for block in blocks:
        first = block.split("\n", 1)[0]
        message = re.sub(r"^(?:error|warning): ", "", first) or item.message
        where = _WHERE.search(block)
        out.append(Diagnostic(message, int(where["line"]) if where else 0, severity))
    return out


def check_notes(found: list[dict[str, Any]], expected: list[tuple[str, int]], entries: dict[str, int]) -> dict[str, str]:
    """Compare the printed notes with ``expected`` (annotation id, number) in reading order.

    Returns annotation id -> what is wrong, for every note printed other than once, out of order,
    with another number, or away from its call. A footnote starts on the page of its call, or
    (when earlier notes already fill that page's foot) it continues overleaf right behind them,
    as in a printed commentary: its predecessor then ends the call's page or a later one, and
    starts on the footnote's page or the one before.
    """
    wrong: dict[str, str] = {}
    counts: dict[str, int] = {}
    for record in found:
        counts[record["id"]] = counts.get(record["id"], 0) + 1
    for ann_id, _ in expected:
        if counts.get(ann_id, 0) != 1:
            wrong[ann_id] = f"the note is printed {counts.get(ann_id, 0)} time(s), not once"
    for ann_id in counts.keys() - {a for a, _ in expected}:
        wrong[ann_id] = "a note printed that the document does not hold"
    if not wrong:
        for (ann_id, number), record in zip(expected, found, strict=True):
            if record["id"] != ann_id:
                wrong[ann_id] = f"the note is out of reading order (found {record['id']} in its place)"
            elif record["n"] != number:
                wrong[ann_id] = f"the note is numbered {record['n']} in the PDF but {number} on the site"
    if not wrong:
        previous: int | None = None  # the page where the previous footnote starts
        for record in found:
            call, entry = record["page"], entries.get(record["id"])
            queued = previous is not None and entry is not None and previous >= call and entry - 1 <= previous <= entry
            if entry is None or entry < call or (entry > call and not queued):
                wrong[record["id"]] = f"the footnote starts on page {entry}, away from its call on page {call}"
            previous = entry
    return wrong
