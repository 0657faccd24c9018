"""The pull request workflow's content report, run as the workflow runs it, on fixture dossiers.

GitHub itself cannot run here; the workflow's own "Check content" step is taken from
``.github/workflows/pr.yml`` and run with bash in a tiny project, with ``GITHUB_STEP_SUMMARY``
set as the runner sets it. The workflow commands it prints are decoded as the runner decodes
them, and the job summary is rendered as Markdown, so each problem is checked where GitHub
would show it: on its file and line, and as a row of the summary.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import cmarkgfm
import yaml
from support import ANNOTATION, ROOT, SOURCE, tiny_project, write
from treaty_dossier.contrib import check

COMMAND = re.compile(r"^::(?P<level>error|warning) (?P<props>[^:]*)::(?P<message>.*)$")


def check_step() -> str:
    flow = yaml.safe_load((ROOT / ".github/workflows/pr.yml").read_text(encoding="utf-8"))
    [job] = flow["jobs"].values()
    [step] = [s for s in job["steps"] if s.get("name") == "Check content"]
    return step["run"]


def run_step(project: Path) -> tuple[subprocess.CompletedProcess, str]:
    """Run the workflow's check step in ``project`` as the runner would; return the result and the job summary."""
    shutil.copytree(ROOT / "hooks", project / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    summary = project / "step-summary.md"
    summary.write_text("", encoding="utf-8")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env |= {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    result = subprocess.run(["bash", "-e", "-c", check_step()], cwd=project, env=env, capture_output=True, text=True, timeout=120)
    return result, summary.read_text(encoding="utf-8")


def unescape(value: str, prop: bool) -> str:
    """As the Actions runner decodes a command (ActionCommand.cs): %0D, %0A, and in properties %3A and %2C; %25 last."""
    value = value.replace("%0D", "\r").replace("%0A", "\n")
    if prop:
        value = value.replace("%3A", ":").replace("%2C", ",")
    return value.replace("%25", "%")


def commands_in(stdout: str) -> list[tuple[str, str, int, str]]:
    found = []
    for line in re.split(r"\r\n|\r|\n", stdout):  # the runner reads lines as .NET's ReadLine does, not as str.splitlines
        m = COMMAND.match(line)
        if m:
            props = dict(part.split("=", 1) for part in m["props"].split(","))
            found.append((m["level"], unescape(props["file"], True), int(props["line"]), unescape(m["message"], False)))
    return found


def summary_rows(summary: str) -> list[list[str]]:
    """The summary rendered by GitHub's own Markdown renderer (cmark-gfm): the text of each table row's cells."""
    page = cmarkgfm.github_flavored_markdown_to_html(summary)
    rows = re.findall(r"<tr>(.*?)</tr>", page, re.DOTALL)[1:]  # after the header row
    return [[html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.DOTALL)] for r in rows]


MISTAKES = {
    "annotations/sources/ew-2024-06-20.yml": SOURCE.replace("https://", "http://"),  # an invalid source, cited below
    "annotations/t-2024/typo.md": ANNOTATION.replace("state of war", "stat of war").replace("author: someone\n", ""),
    "annotations/t-2024/quote.md": ANNOTATION.replace("state of war", "state of wor").replace("ew-2024-06-20", "ew-2024-06-21"),
}


def test_the_workflow_reports_each_problem_on_its_line_and_in_the_summary(tmp_path):
    project = tiny_project(tmp_path, annotations={}, sources={})
    for rel, text in MISTAKES.items():
        write(project, rel, text)
    result, summary = run_step(project)
    assert result.returncode == 1  # the step fails, so the pull request shows a failed check
    expected = check.check(project)
    # One message per cause: the http URL (not also "unknown source" for the note citing it), the
    # missing author, and in quote.md an unknown source and a mistyped quote.
    assert len(expected) == 4
    found = commands_in(result.stdout)
    assert [(f, line, msg) for _, f, line, msg in found] == [(p.path, p.line, p.message) for p in expected]
    assert {level for level, *_ in found} == {"error"}  # --strict: the warning fails the check too
    rows = summary_rows(summary)
    assert [(r[0], int(r[1]), r[3]) for r in rows] == [(p.path, p.line, p.message) for p in expected]
    assert "3 error(s), 1 warning(s)" in summary and "CONTRIBUTING.md" in summary


def test_a_warning_fails_the_strict_check_and_says_so(tmp_path):
    project = tiny_project(tmp_path, annotations={"t-2024/note": ANNOTATION.replace("state of war", "state of wor")})
    result, summary = run_step(project)
    assert result.returncode == 1
    [(level, path, line, message)] = commands_in(result.stdout)
    assert (level, path, line) == ("error", "annotations/t-2024/note.md", 3)
    assert "did you mean: 'state of war' [wor → war]" in message
    assert "title=Content check (warning%2C fails --strict)" in result.stdout
    assert [r[2] for r in summary_rows(summary)] == ["warning"]


def test_contributor_text_in_a_message_stays_data(tmp_path):
    """A quote with markup, a pipe, a percent sign and '::' must not break the command or the summary."""
    hostile = "<script>alert(1)</script> | 100% :: `x` **y**"
    note = ANNOTATION.replace("quote: state of war", f"quote: {hostile!r}".replace("'", '"'))
    project = tiny_project(tmp_path, annotations={"t-2024/note": note})
    result, summary = run_step(project)
    [(_, _, _, message)] = commands_in(result.stdout)
    assert hostile in message
    [row] = summary_rows(summary)
    assert len(row) == 4 and hostile in row[3]
    assert "<script>" not in cmarkgfm.github_flavored_markdown_to_html(summary)


def test_a_valid_note_passes_the_workflow_check(tmp_path):
    project = tiny_project(tmp_path)
    result, summary = run_step(project)
    assert result.returncode == 0, result.stdout
    assert commands_in(result.stdout) == []
    assert summary.startswith("## Content check: no problems")
