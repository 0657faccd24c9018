"""Hostile input, third round (issue 25): the corpus in ``hostile_corpus.py`` through every path a pull
request takes (the workflow's check, ``mkdocs build --strict`` with the PDF, ``mkdocs serve``), and
one focused test per class. Script is looked for where it would run: in Chromium."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import markdown
import pytest
from hostile_corpus import ENTITY_OUTLET, FORGED, PIPE_OUTLET, SECRET, XSS, write_inert, write_refused
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import ANNOTATION, SOURCE, build, mkdocs_serve, tiny_project, wait_until_served, write
from test_pr_report import commands_in, run_step, summary_rows
from treaty_dossier.content.annotations import MAX_BYTES, parse_annotation
from treaty_dossier.content.dossier import load_dossier
from treaty_dossier.content.references import find_refs, md_escape
from treaty_dossier.contrib import check, github_report
from treaty_dossier.contrib.github_report import summary
from treaty_dossier.site import clause_notes, note_html, renderings_table, source_pages, timeline_page

# --- the refused corpus through the check, the build and the server -----------------------------


def test_refused_corpus_in_the_workflow_check_each_problem_at_its_line(tmp_path):
    expected = write_refused(tmp_path)
    project = tmp_path / "project"
    result, report = run_step(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr
    found = commands_in(result.stdout)
    for e in expected:
        assert any((path, line) == (e.path, e.line) and e.fragment in message for _, path, line, message in found), (
            e,
            [f for f in found if f[1] == e.path],
        )
    rows = summary_rows(report)
    assert len(rows) == len(found)  # no message forged a row or ended the table
    assert [(r[0], int(r[1])) for r in rows] == [(path, line) for _, path, line, _ in found]
    assert SECRET not in result.stdout + result.stderr + report


def test_refused_corpus_in_the_text_check_and_nothing_outside_is_read(tmp_path):
    expected = write_refused(tmp_path)
    result = subprocess.run(
        [sys.executable, "hooks/check.py", "--strict", str(tmp_path / "project")],
        cwd=Path(__file__).parent.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    for e in expected:
        assert f"{e.path}:{e.line}: " in result.stdout and e.fragment in result.stdout, e
    assert SECRET not in result.stdout
    assert f"{len(result.stdout.splitlines())} " in result.stderr or "error(s)" in result.stderr


@pytest.mark.pdf
def test_refused_corpus_stops_the_strict_build_with_the_same_messages(tmp_path):
    expected = write_refused(tmp_path)
    project = tmp_path / "project"
    result = build(project, pdf=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    for e in expected:
        assert any(f"{e.path}:{e.line}: " in line and e.fragment in line for line in result.stderr.split("\n")), e
    assert SECRET not in result.stderr
    assert not (project / "site" / "leak").exists()


@pytest.mark.browser
def test_refused_corpus_under_serve_shows_the_error_page_and_keeps_serving(tmp_path, browser):
    """c5: an invalid source cited by a rendering or named by derived_from stopped the server (KeyError)."""
    expected = write_refused(tmp_path)
    project = tmp_path / "project"
    log = tmp_path / "serve.log"
    with mkdocs_serve(project, log) as (server, base):
        url = f"{base}/treaties/t-2024/"
        context = browser.new_context()
        try:
            try:
                wait_until_served(url, server)
            except AssertionError:
                raise AssertionError(log.read_text()[-3000:]) from None
            page = context.new_page()
            page.goto(url)
            page.wait_for_selector("text=content error(s): the site cannot be shown", timeout=60_000)
            shown = " ".join(page.locator("li").all_inner_texts())
            for e in expected:
                assert f"{e.path}:{e.line}:" in shown, e
            assert SECRET not in page.content()
            response = page.goto(f"{base}/leak.txt")  # a link out of the repository is never copied
            assert response is not None and response.status == 404 and SECRET not in page.content()
            assert server.poll() is None
        finally:
            context.close()
    assert "Traceback" not in log.read_text()


# --- the inert corpus: built strict with the PDF, then read in Chromium ---------------------------


@pytest.mark.browser
@pytest.mark.pdf
def test_inert_corpus_builds_and_no_page_runs_contributor_script(tmp_path, browser):
    from browser_support import serve
    from test_reading_browser import CONFIG

    project, note_ids = write_inert(tmp_path)
    write(
        project, "mkdocs.yml", CONFIG
    )  # the real site's Markdown extensions (admonition, details); notes.js comes with the plugin
    assert check.check(project) == []  # c1: the timeline payload passed the check before, and still does
    result = build(project, pdf=True)
    assert result.returncode == 0, result.stderr[-3000:]
    site = project / "site"
    manifest = json.loads((site / "annotations.json").read_text(encoding="utf-8"))
    assert sorted(e["id"] for e in manifest) == note_ids  # every note is on the site
    assert (site / "pdf" / "t-2024.pdf").exists()
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    dialogs: list[str] = []
    errors: list[str] = []
    with serve(site) as base:
        context = browser.new_context()
        page = context.new_page()

        def on_dialog(dialog) -> None:
            dialogs.append(f"{page.url}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
        for rel in pages:  # every generated page: timeline, contributors, sources, comparison, changes, data
            page.goto(base + rel.removesuffix("index.html"))
            page.wait_for_load_state("load")
            page.wait_for_timeout(50)
            injected = page.evaluate(
                """() => [...document.querySelectorAll('article *')].filter(el =>
                    [...el.attributes].some(a => a.name.startsWith('on')) || el.tagName === 'SCRIPT' && el.textContent.includes('XSS')
                ).map(el => el.outerHTML.slice(0, 120))"""
            )
            assert injected == [], (rel, injected)
            # c8: plain fields are text: no admonition, no heading of theirs
            titles = page.locator("article .admonition-title, article details > summary").all_inner_texts()
            assert not [t for t in titles if "FORGED" in t], rel
            assert "FORGED-HEADING" not in " ".join(page.locator("article h1, article h2, article h3").all_inner_texts()), rel
        page.goto(base + "timeline/")
        assert "onerror" in page.locator("article").inner_text()  # the payload is shown, as text
        # c9: each outlet filter shows exactly the note that cites that outlet
        page.goto(base + "treaties/t-2024/")
        page.wait_for_selector("form.note-filters:not([hidden])")
        for outlet, note_id in ((PIPE_OUTLET, "fn:t-2024--pipe"), (ENTITY_OUTLET, "fn:t-2024--ent")):
            page.select_option('select[name="outlet"]', label=f"{outlet} (1)")
            shown = page.evaluate(
                "() => [...document.querySelectorAll('li.clause-note')].filter(li => !li.hidden).map(li => li.id)"
            )
            assert shown == [note_id], (outlet, shown)
        # c10: a malformed fragment is no uncaught error
        page.goto(base + "treaties/t-2024/#fn:%")
        page.wait_for_timeout(200)
        context.close()
    assert dialogs == [] and errors == [], (dialogs, errors)


# --- one focused test per class -------------------------------------------------------------------


def _render_page_markdown(text: str) -> str:
    return markdown.markdown(text, extensions=["admonition", "attr_list", "md_in_html", "tables", "pymdownx.details"])


def test_c1_timeline_resolves_references_itself_and_leaves_no_html(tmp_path):
    project, _ = write_inert(tmp_path)
    dossier, problems = load_dossier(project)
    assert problems == []
    page = _render_page_markdown(timeline_page.page(dossier))
    assert "<img" not in page and "onerror=" in page.replace("&quot;", '"')  # shown as text
    assert 'href="treaties/t-2024.md#art_1"' in page and 'href="sources/ew-2024-06-20.md"' in page


def test_c1_an_unresolved_reference_on_the_timeline_is_text_while_previewing(tmp_path):
    """Under serve and in non-strict builds a reference that does not resolve is a warning; it must still be text."""
    project = tiny_project(tmp_path)
    event = "[@<img/src=x/onerror=alert('XSS-tl')>] and [[no-such/art_1|<b onclick=alert(1)>x</b>]]"
    write(project, "annotations/events/e.yml", f"date: 2024-06-19\nevent: {json.dumps(event)}\nsources: [ew-2024-06-20]\n")
    dossier, problems = load_dossier(project)
    assert [p.severity for p in problems] == ["warning", "warning"]
    page = _render_page_markdown(timeline_page.page(dossier))
    assert "<img" not in page and "<b" not in page and "onerror" in page


def test_c1_an_unresolved_reference_in_a_note_is_text_not_markup(tmp_path):
    project = tiny_project(
        tmp_path, annotations={"t-2024/note": ANNOTATION.replace("A note", f"[@{XSS.replace(' ', '/')}] A note")}
    )
    dossier, _ = load_dossier(project)
    [ann] = dossier.annotations
    html = note_html.body_html(ann, dossier, lambda uri, anchor: uri)
    assert "<img" not in html and "[@" in html


FLOODS = ["[", "[[", "[@", "[a](", "[](", "<a ", "`", "``x", "```` x\n", "[" * 8 + "x" + "]" * 8, "![", "<", "(", "*_", "[[x|"]


def test_c2_the_checks_reference_scan_is_linear_on_full_size_bodies():
    """The check's scan alone (it runs on every file of every pull request): minutes before, a second now."""
    started = time.process_time()
    for unit in FLOODS:
        find_refs((unit * (MAX_BYTES // len(unit)))[:MAX_BYTES])
    assert time.process_time() - started < 10


@pytest.mark.slow
@pytest.mark.parametrize("unit", FLOODS)
def test_c2_every_scanner_is_linear_on_a_full_size_body(unit):
    """A 64 KB body of one unit: the check's scan, and the note's rendering of each paragraph, within a budget.

    The budget (10 s for everything one file costs) is far above the linear cost (well under a second)
    and far below the quadratic one (minutes before the fix)."""
    body = (unit * (MAX_BYTES // len(unit)))[: MAX_BYTES - 200]
    started = time.process_time()
    find_refs(body)
    _render_paragraphs(body)
    assert time.process_time() - started < 10


def _render_paragraphs(body: str) -> None:
    """Render ``body`` as the site renders a note, in paragraphs of the largest size the check lets through."""
    from treaty_dossier.site.markdown_guard import guard

    for paragraph in _paragraphs(body):
        note_html._NOTE_MARKDOWN.reset().convert(guard(paragraph))


def _paragraphs(body: str, size: int = 8000) -> list[str]:
    """The body cut into paragraphs of the largest size the check lets through."""
    return [body[i : i + size] for i in range(0, len(body), size)]


def test_c2_a_paragraph_beyond_the_limit_is_refused_at_its_line():
    text = ANNOTATION.replace("A note citing", "Short.\n\n" + "[" * 9000)
    _, problems = parse_annotation(text, "n.md", "t-2024/n")
    [problem] = problems
    assert problem.line == 10 and "paragraph of 9040 characters" in problem.message


ALPHABET = st.sampled_from(
    [
        "[",
        "]",
        "[[",
        "]]",
        "[@",
        "|",
        "`",
        "```",
        "~~~",
        "\n",
        "\n\n",
        "    ",
        " ",
        "x",
        "\\",
        "<",
        ">",
        "(",
        ")",
        "!",
        "*",
        "_",
        "t-2024/art_1",
    ]
)


@pytest.mark.slow
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(ALPHABET, min_size=1, max_size=40), st.integers(min_value=1, max_value=MAX_BYTES))
def test_c2_fuzz_full_size_bodies_stay_within_the_budget(pattern, size):
    """Bodies up to the 64 KB limit, made of a repeated random run of Markdown's special strings."""
    unit = "".join(pattern)
    body = (unit * (size // len(unit) + 1))[: size - 200]
    text = ANNOTATION.replace("A note citing", body + "\nA note citing")
    started = time.process_time()
    annotation, problems = parse_annotation(text, "n.md", "t-2024/n")
    find_refs(text)
    _render_paragraphs(body)
    assert time.process_time() - started < 10, (unit[:80], size)
    assert (annotation is None) == bool(problems)


def test_c2_an_escaped_backtick_opens_no_code_so_the_brackets_after_it_are_bounded_too():
    """Found by the fuzz test above: ``\\``` is text to Python-Markdown, but was taken for code, so the brackets
    after it went unguarded and a 24 KB body took 10 s of CPU to render (now 0.1 s)."""
    from treaty_dossier.content.references import code_spans
    from treaty_dossier.site.markdown_guard import guard

    assert code_spans("a \\`not code\\` b") == [] and code_spans("a \\\\`code` b") == [(4, 10)]
    body = "|\\`[[][@<" * 900
    guarded = guard(body)
    opened = guarded.count("[") - guarded.count("\\[")
    assert opened == guarded.count("]") - guarded.count("\\]")  # every bracket left for Python-Markdown is closed
    html = note_html._NOTE_MARKDOWN.reset().convert(guarded)
    assert html.count("[") == body.count("[")  # and each is still shown


@pytest.mark.parametrize(
    ("field", "char"),
    [("author", "\\x07"), ("author", "\\u009b"), ("author", "\\ud800"), ("tags", "\\uffff"), ("related", "\\x1b")],
)
def test_c3_control_characters_in_any_field_are_refused_at_their_line(field, char):
    text = ANNOTATION.replace("---\nA note", f'{field}: ["x{char}"]\n---\nA note').replace(
        "author: someone\n", "" if field == "author" else "author: someone\n"
    )
    _, problems = parse_annotation(text, "n.md", "t-2024/n")
    line = next(n for n, t in enumerate(text.split("\n"), 1) if t.startswith(f"{field}:"))
    assert [(p.line, p.message.split(" in a value")[0]) for p in problems] == [(line, f"character U+{char[2:].upper():0>4}")]


def test_c3_and_c6_the_check_prints_every_problem_despite_a_surrogate(tmp_path):
    project = tiny_project(
        tmp_path,
        annotations={
            "t-2024/a": ANNOTATION.replace("author: someone", 'author: "\\ud800"'),
            "t-2024/b": ANNOTATION.replace("author: someone\n", ""),
        },
    )
    for fmt in ("text", "github"):
        result = subprocess.run(
            [sys.executable, "hooks/check.py", "--format", fmt, str(project)],
            cwd=Path(__file__).parent.parent,
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )
        assert "Traceback" not in result.stderr and result.returncode == 1, result.stderr
        assert "annotations/t-2024/a.md" in result.stdout and "annotations/t-2024/b.md" in result.stdout


def test_c4_links_under_annotations_are_refused_by_their_own_path(tmp_path):
    project = tiny_project(tmp_path / "p")
    write(tmp_path, "outside/x.yml", f"{SECRET}: 1\n")
    (project / "annotations/t-2024/x.md").symlink_to(tmp_path / "outside/x.yml")
    (project / "annotations/t-2024/inside.md").symlink_to(project / "annotations/t-2024/note.md")
    problems = [str(p) for p in check.check(project)]
    assert problems == [
        "annotations/t-2024/inside.md:1: is a symbolic link; annotations/ takes only files and folders: put the file itself here",
        "annotations/t-2024/x.md:1: is a symbolic link; annotations/ takes only files and folders: put the file itself here",
    ]


def test_c5_generators_work_from_what_loaded(tmp_path):
    write_refused(tmp_path)
    dossier, problems = load_dossier(tmp_path / "project")
    assert problems
    copy = dossier.sources["copy-2024-06-21"]
    assert "bad\\-2024\\-06\\-20 (a source that could not be read)" in source_pages.source_page(dossier, copy)
    treaty = dossier.treaties["t-2024"]
    table = renderings_table.rendering_table_html(dossier, treaty, "art_1", lambda uri, anchor: uri)
    assert "source not readable" in table and "fn:t-2024--render" in table


def test_c7_the_summary_keeps_one_row_per_problem_whatever_the_line_breaks():
    from test_pr_report import summary_rows
    from treaty_dossier.content.problems import Problem

    breaks = ["\r", "\r\n", "\n", "\u2028", "\u2029", "\x85", "\x0b", "\x0c"]
    problems = [Problem(f"a{i}.md", 1, f"before{b}| forged | row |{b}after") for i, b in enumerate(breaks)]
    rows = summary_rows(summary(problems, strict=True))
    assert len(rows) == len(breaks) and all(len(r) == 4 and r[3].startswith("before") for r in rows)
    assert all("\r" not in github_report.workflow_command(p, True) for p in problems)


def test_c8_plain_fields_stay_on_one_line_as_text():
    rendered = _render_page_markdown(f"| {md_escape('someone' + FORGED)} |\n|---|\n\n{md_escape('note' + FORGED)}")
    assert "<h1" not in rendered and "<details" not in rendered and "FORGED-HEADING" in rendered


def test_c9_outlets_are_stored_as_a_list_that_keeps_every_name():
    names = [PIPE_OUTLET, ENTITY_OUTLET, 'Quote " <Wire>']
    value = clause_notes.outlets_attribute(names)
    assert "&" not in value and json.loads(value) == names


@pytest.mark.parametrize("name", ["x.MD", "x.markdown", "x.md.txt", "x.Md"])
def test_c10_names_no_loader_reads_are_reported(tmp_path, name):
    project = tiny_project(tmp_path)
    write(project, f"annotations/t-2024/{name}", ANNOTATION)
    [problem] = check.check(project)
    assert (problem.path, problem.line, problem.severity) == (f"annotations/t-2024/{name}", 1, "warning")
    assert problem.message.startswith("the build does not use this file")


@pytest.mark.parametrize("value", ["[a, b]", "{a: b}", "true"])
def test_c10_prefix_and_suffix_are_text(value):
    for key in ("prefix", "suffix"):
        text = ANNOTATION.replace("quote: state of war", f"quote: {{exact: state of war, {key}: {value}}}")
        _, problems = parse_annotation(text, "n.md", "t-2024/n")
        assert [p.line for p in problems] == [3] and f"'{key}' expected text" in problems[0].message


def test_c8_source_fields_with_newlines_render_without_blocks(tmp_path):
    project = tiny_project(tmp_path, sources={"ew-2024-06-20": SOURCE + f"note: {json.dumps('n' + FORGED)}\n"})
    dossier, _ = load_dossier(project)
    html = _render_page_markdown(source_pages.source_page(dossier, dossier.sources["ew-2024-06-20"]))
    assert "FORGED-ADMONITION" in html and "<details" not in html and "<h1>FORGED" not in html  # shown, as text
