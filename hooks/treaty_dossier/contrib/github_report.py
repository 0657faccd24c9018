"""The content check's report for GitHub Actions: annotations on the lines at fault, and a job summary.

``python hooks/check.py --format github`` prints one workflow command per problem,
``::error file=<path>,line=<n>,title=...::<message>``, which GitHub shows on that line of the
pull request's "Files changed" tab, and appends a Markdown summary of every message to the
file named by ``$GITHUB_STEP_SUMMARY`` (the run's summary page).

Messages quote contributor text (a quote, a URL), so both outputs escape it as data: workflow
commands with the runner's percent-encoding, the summary with CommonMark backslash escapes.
Written here rather than taken from a library because the check must run with PyYAML alone
(its pre-commit hook installs nothing else), and the two encodings are a few lines each.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..content.problems import Problem

GUIDE_ANCHOR = "CONTRIBUTING.md, section “Messages and how to fix them”"
_MD_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character may be backslash-escaped
# Every character some reader takes for a line break (CommonMark: CR and LF; Python and browsers:
# also VT, FF, the separators U+001C-U+001E, NEL, LS and PS): one would end the summary's table row.
_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def _escape_data(text: str) -> str:
    """A workflow command's message: the runner decodes %25, %0D and %0A."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A workflow command's property value: also ':' and ',', which separate properties."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(problem: Problem, strict: bool) -> str:
    """``::error file=…,line=…,title=…::message`` for one problem (a warning is an error under --strict)."""
    level = "error" if problem.severity == "error" or strict else "warning"
    title = "Content check" if problem.severity == "error" else "Content check (warning, fails --strict)"
    props = ",".join(
        f"{key}={_escape_property(value)}"
        for key, value in (("file", problem.path), ("line", str(problem.line)), ("title", title))
    )
    return f"::{level} {props}::{_escape_data(problem.message)}"


def markdown_text(text: str) -> str:
    """``text`` as literal CommonMark text: no markup, no HTML, no table cell break."""
    return _LINE_BREAK.sub(" ", _MD_PUNCTUATION.sub(r"\\\1", text))


def summary(problems: Iterable[Problem], strict: bool) -> str:
    """The job summary: a headline with the counts, then a table of every message at its file and line."""
    problems = list(problems)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return "## Content check: no problems\n\nEvery annotation, source, event and treaty page passed the check.\n"
    failed = errors or (strict and warnings)
    lines = [
        f"## Content check: {errors} error(s), {warnings} warning(s){' — failed' if failed else ''}",
        "",
        "Each problem is also marked on its line in the pull request's *Files changed* tab. "
        f"{GUIDE_ANCHOR} explains every message and its fix; "
        "run `python hooks/check.py --strict` locally to see the same list.",
        "",
        "| File | Line | Level | Message |",
        "| --- | ---: | --- | --- |",
    ]
    for p in problems:
        lines.append(f"| {markdown_text(p.path)} | {p.line} | {p.severity} | {markdown_text(p.message)} |")
    return "\n".join(lines) + "\n"
