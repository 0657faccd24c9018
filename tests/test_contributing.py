"""The contributor's path: CONTRIBUTING.md, the scaffold, the check, and what the site offers.

The guide is the contract: every message the code can emit is documented there, and each
newcomer mistake is shown to produce a message that the guide lists word for word.
"""

from __future__ import annotations

import ast
import html
import importlib.metadata
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from site_invariants import site_problems
from support import ROOT, TEST_REPO_URL, build, copy_repo, write
from treaty_dossier.contrib import check

GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
TREATY_PAGE = "treaties/dprk-russia-2024/index.html"
NOTE = """\
---
clause: dprk-russia-2024/art_4
quote: state of war
sources: [ap-2024-06-20]
kind: commentary
author: newcomer-handle
---
A note by a newcomer.
"""

# --- every message is documented ------------------------------------------------------------

# Where a message is the text argument: Problem(path, line, message), ValueError(message), ...
_MESSAGE_ARG = {"Problem": 2, "ValueError": 0, "YamlProblem": 1, "ScaffoldError": 0, "PluginError": 0}
_DID_YOU_MEAN = re.compile(r" \(did you mean: [^)]*\?\)")
_FENCED = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"(?<!`)`([^`]+)`(?!`)")


def _template(node: ast.AST) -> str | None:
    """A string literal as a template; the parts of an f-string that vary become ``\\0``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(str(v.value) if isinstance(v, ast.Constant) else "\0" for v in node.values)
    return None


def message_templates(path: Path) -> list[str]:
    """Every message a hook module can emit, read from its syntax tree."""
    found: list[ast.AST] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in _MESSAGE_ARG and len(node.args) > _MESSAGE_ARG[name]:
                arg = node.args[_MESSAGE_ARG[name]]
                found += arg.elts if isinstance(arg, ast.List) else [arg]
            elif name == "append" and getattr(getattr(node.func, "value", None), "id", "") == "problems" and node.args:
                found.append(node.args[0])  # the scaffold collects its messages as text
        elif isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "message" for t in node.targets):
            found.append(node.value)
        elif isinstance(node, ast.FunctionDef) and node.name.endswith("_message"):
            found += [r.value for r in ast.walk(node) if isinstance(r, ast.Return) and r.value is not None]
    return [t for t in map(_template, found) if t]


def documented_messages() -> list[str]:
    """The inline code spans of CONTRIBUTING.md (a span may wrap onto the next line)."""
    return [re.sub(r"\s*\n\s*", " ", span) for span in _CODE_SPAN.findall(_FENCED.sub("", GUIDE))]


def _pattern(template: str) -> re.Pattern:
    body = ".*?".join(re.escape(part) for part in template.split("\0"))
    # A documented example may show the file and line, the field, the scaffold prefix, the level.
    return re.compile(rf"(?:\S+:\d+: )?(?:scaffold: )?(?:field '[^']*': )?{body}(?: \[warning\])?", re.DOTALL)


def test_message_extraction_finds_the_known_messages():
    """The scan must see messages of each shape (else the completeness test would pass vacuously)."""
    everything = [t for f in sorted((ROOT / "hooks").rglob("*.py")) for t in message_templates(f)]
    assert "the annotation has no text after its front matter" in everything
    assert "unknown clause '\0'\0" in everything  # an f-string in a Problem
    assert "'\0' is not https; use the https:// address" in everything  # a ValueError
    assert "malformed YAML: tab character used for indentation; indent with spaces" in everything  # a _message helper
    assert "unknown source '\0' in [@\0]\0" in everything  # assigned to `message`
    assert "--name '\0' must be lower-case letters and digits joined by '-', like art4-state-of-war" in everything  # the scaffold
    assert len(everything) > 50


@pytest.mark.parametrize("module", sorted(p.relative_to(ROOT / "hooks").as_posix() for p in (ROOT / "hooks").rglob("*.py")))
def test_every_message_is_explained_in_contributing(module):
    documented = documented_messages()
    missing = [
        t.replace("\0", "…")
        for t in message_templates(ROOT / "hooks" / module)
        if not any(_pattern(t).fullmatch(d) for d in documented)
    ]
    assert not missing, f"add an example of each to CONTRIBUTING.md (in `code`), with what it means and the fix: {missing}"


def assert_documented(message: str) -> None:
    """``message`` (a check or scaffold line) appears in CONTRIBUTING.md, word for word.

    The "did you mean" list is left out of the comparison: it depends on which ids exist.
    """
    text = re.sub(r"^(?:\S+:\d+: |scaffold: )", "", message.removesuffix(" [warning]"))
    wanted = _DID_YOU_MEAN.sub("", text)
    documented = {_DID_YOU_MEAN.sub("", re.sub(r"^\S+:\d+: ", "", d)) for d in documented_messages()}
    assert wanted in documented, f"not documented in CONTRIBUTING.md: {text}"


# --- the scaffold, the check, the build ------------------------------------------------------


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    """Run a contributor command (``hooks/scaffold.py``, ``hooks/check.py``) as the guide says, from the root."""
    return subprocess.run([sys.executable, *args], cwd=root, capture_output=True, text=True, timeout=120)


def messages(root: Path) -> list[str]:
    return [str(p) + (" [warning]" if p.severity == "warning" else "") for p in check.check(root)]


@pytest.mark.build
def test_newcomer_goes_from_a_clause_to_a_rendered_note(tmp_path):
    repo = copy_repo(tmp_path)
    created = run(
        repo,
        "hooks/scaffold.py",
        "annotation",
        "dprk-russia-2024/art_4",
        "--quote",
        "state of war",
        "--source",
        "ap-2024-06-20",
        "--kind",
        "commentary",
        "--author",
        "newcomer-handle",
    )
    assert created.returncode == 0, created.stderr
    path = "annotations/dprk-russia-2024/art4-state-of-war.md"
    assert f"created {path}" in created.stdout
    # Until the note is written, the check fails with a documented message.
    before = run(repo, "hooks/check.py", "--strict")
    assert before.returncode == 1
    assert re.search(rf"^{path}:\d+: the annotation has no text after its front matter$", before.stdout, re.MULTILINE)
    assert_documented("the annotation has no text after its front matter")

    with (repo / path).open("a", encoding="utf-8") as note:
        note.write("Only a state of war caused by an armed invasion triggers the duty to assist, in this newcomer's reading.\n")
    after = run(repo, "hooks/check.py", "--strict")
    assert after.returncode == 0, after.stdout
    result = build(repo, repo_url=TEST_REPO_URL)
    assert result.returncode == 0, result.stderr
    page = (repo / "site" / TREATY_PAGE).read_text(encoding="utf-8")
    label = "dprk-russia-2024--art4-state-of-war"
    # Every note once, each mark right after its phrase, numbered in reading order, every reference resolved.
    assert site_problems(repo / "site", repo) == []
    start = re.search(rf'<li\b[^>]*\bid="fn:{label}"', page)
    assert start, f"no note {label} on the page"
    rendered = page[start.start() :]
    rendered = rendered[: rendered.index("</li>")]
    assert "in this newcomer's reading" in html.unescape(rendered)
    assert 'href="https://github.com/newcomer-handle"' in rendered  # the footnote credits its author
    contributors = (repo / "site/contributors/index.html").read_text(encoding="utf-8")
    assert "@newcomer-handle" in contributors and f"#fn:{label}" in contributors


def test_scaffold_registers_a_source_without_guessing(tmp_path):
    repo = copy_repo(tmp_path)
    made = run(
        repo,
        "hooks/scaffold.py",
        "source",
        "https://news.example/2024/06/20/report",
        "--id",
        "example-2024-06-20",
        "--kind",
        "news",
        "--language",
        "en",
    )
    assert made.returncode == 0, made.stderr
    text = (repo / "annotations/sources/example-2024-06-20.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data == {"kind": "news", "url": "https://news.example/2024/06/20/report", "language": "en"}  # nothing guessed
    assert "# title:" in text and "FILL IN" in text
    found = [m for m in messages(repo) if "example-2024-06-20" in m]
    assert len(found) == 3 and all("missing required field" in m for m in found)
    for message in found:
        assert_documented(message)


@pytest.mark.parametrize(
    "args, expected",
    [
        (
            ["annotation", "dprk-russia-2024/art_44", "--source", "ap-2024-06-20", "--author", "a"],
            "unknown clause 'dprk-russia-2024/art_44'",
        ),
        (
            ["annotation", "dprk-russia-2024/art_4", "--quote", "state of peace", "--source", "ap-2024-06-20", "--author", "a"],
            "quote 'state of peace' is not in the text",
        ),
        (
            ["annotation", "dprk-russia-2024/art_4", "--quote", "state", "--source", "ap-2024-06-20", "--author", "a"],
            "occurs 3 times",
        ),
        (
            ["annotation", "dprk-russia-2024/art_4", "--source", "ap-2024-06-21", "--author", "a"],
            "unknown source 'ap-2024-06-21'",
        ),
        (["annotation", "dprk-russia-2024/art_4", "--author", "a"], "field 'sources': list at least one source id"),
        (
            ["annotation", "dprk-russia-2024/art_4", "--source", "ap-2024-06-20", "--author", "a", "--kind", "rendering"],
            "needs 'wording'",
        ),
        (["source", "http://example.org/report", "--id", "example-2024-06-20"], "is not https"),
        (["source", "https://news.example/report", "--id", "ap-2024-06-20"], "already exists"),
    ],
)
def test_scaffold_refuses_with_a_documented_message(tmp_path, args, expected):
    repo = copy_repo(tmp_path)
    before = sorted(p.relative_to(repo) for p in (repo / "annotations").rglob("*"))
    result = run(repo, "hooks/scaffold.py", *args)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[-1] == "scaffold: nothing was written"
    assert any(expected in line for line in lines), result.stderr
    for line in lines[:-1]:
        assert_documented(line)
    assert sorted(p.relative_to(repo) for p in (repo / "annotations").rglob("*")) == before


def test_scaffold_accepts_a_quote_with_other_quote_marks_and_spacing(tmp_path):
    """As documented: curly and straight apostrophes are the same, and runs of spaces are one."""
    repo = copy_repo(tmp_path)
    result = run(
        repo,
        "hooks/scaffold.py",
        "annotation",
        "dprk-russia-2024/art_4",
        "--quote",
        "Democratic People\u2019s  Republic",
        "--source",
        "ap-2024-06-20",
        "--author",
        "a",
        "--name",
        "art4-dprk",
        "--text",
        "A note.",
    )
    assert result.returncode == 0, result.stderr
    assert "People’s" in GUIDE and "any run of spaces" in GUIDE
    assert not [m for m in messages(repo) if "art4-dprk" in m]


# --- every command the guide shows works as written ------------------------------------------

_SH_BLOCK = re.compile(r"^ *```sh\n(.*?)^ *```", re.MULTILINE | re.DOTALL)


def guide_commands() -> list[str]:
    """The ``python hooks/...`` commands of CONTRIBUTING.md's ``sh`` blocks, in order, continuation lines joined."""
    commands = []
    for block in _SH_BLOCK.findall(GUIDE):
        for line in re.sub(r"\\\n\s*", "", block).splitlines():
            if line.strip().startswith("python hooks/"):
                commands.append(line.strip())
    return commands


def test_the_guide_shows_every_scaffold_option():
    shown = {opt for opt in re.findall(r"`(--[a-z-]+)", GUIDE)}
    parser_text = (ROOT / "hooks/treaty_dossier/contrib/scaffold.py").read_text(encoding="utf-8")
    options = set(re.findall(r'add_argument\(\s*"(--[a-z-]+)"', parser_text))
    assert options and options <= shown, f"not in CONTRIBUTING.md: {sorted(options - shown)}"


@pytest.mark.build
def test_each_command_the_guide_shows_runs_as_written(tmp_path):
    """The guide's commands, run in order in a copy of the project; the check after the note is written (step 4)."""
    commands = guide_commands()
    assert sum("scaffold.py source" in c for c in commands) >= 2 and sum("scaffold.py annotation" in c for c in commands) >= 2
    repo = copy_repo(tmp_path)
    before = {p for p in (repo / "annotations").rglob("*") if p.is_file()}
    for command in commands:
        if "check.py" in command:
            for new in {p for p in (repo / "annotations").rglob("*.md")} - before:
                if not new.read_text(encoding="utf-8").split("\n---\n", 1)[1].strip():
                    with new.open("a", encoding="utf-8") as note:
                        note.write("A note in the contributor's own words.\n")
        result = subprocess.run(
            ["bash", "-c", command.replace("python ", f"{sys.executable} ", 1)],
            cwd=repo,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, f"{command}\n{result.stdout}{result.stderr}"
    created = {p.relative_to(repo).as_posix() for p in (repo / "annotations").rglob("*") if p.is_file()} - {
        p.relative_to(repo).as_posix() for p in before
    }
    assert {
        "annotations/sources/example-2024-06-21.yml",
        "annotations/sources/example-2024-06-22.yml",
        "annotations/dprk-russia-2024/art4-state-of-war.md",
    } <= created
    assert not [m for m in messages(repo) if any(c in m for c in created)]
    assert build(repo).returncode == 0


# --- each newcomer mistake gives the documented message ---------------------------------------

SOURCE = (
    "kind: news\noutlet: Example News\ntitle: A report\npublished: 2024-06-20\nurl: https://example.org/report\nlanguage: en\n"
)

MISTAKES = {
    "wrong clause id": (
        {"annotations/dprk-russia-2024/mistake.md": NOTE.replace("art_4", "art_44")},
        "annotations/dprk-russia-2024/mistake.md:2: unknown clause 'dprk-russia-2024/art_44' (did you mean: dprk-russia-2024/art_4, dprk-russia-2024/art_14, dprk-russia-2024/art_9?)",
    ),
    "quote wrapped in quote marks": (
        {"annotations/dprk-russia-2024/mistake.md": NOTE.replace("quote: state of war", "quote: '\u201cstate of war\u201d'")},
        "annotations/dprk-russia-2024/mistake.md:3: quote '\u201cstate of war\u201d' is not in the text of dprk-russia-2024/art_4 "
        "(did you mean: 'state of war' [\u201cstate → state; war\u201d → war]?); "
        "the note is shown at the end of the clause until the quote is fixed (python hooks/check.py --reanchor proposes 'state of war') [warning]",
    ),
    "quote not in the clause": (
        {"annotations/dprk-russia-2024/mistake.md": NOTE.replace("quote: state of war", "quote: state of wor")},
        "annotations/dprk-russia-2024/mistake.md:3: quote 'state of wor' is not in the text of dprk-russia-2024/art_4 "
        "(did you mean: 'state of war' [wor → war]?); "
        "the note is shown at the end of the clause until the quote is fixed (copy the words as the page shows them) [warning]",
    ),
    "missing source": (
        {"annotations/dprk-russia-2024/mistake.md": NOTE.replace("ap-2024-06-20", "ap-2024-06-21")},
        "annotations/dprk-russia-2024/mistake.md:4: unknown source 'ap-2024-06-21'",
    ),
    "http link": (
        {"annotations/sources/example-2024-06-20.yml": SOURCE.replace("https://", "http://")},
        "annotations/sources/example-2024-06-20.yml:5: field 'url': 'http://example.org/report' is not https; use the https:// address",
    ),
    "tab-indented YAML": (
        {"annotations/dprk-russia-2024/mistake.md": NOTE.replace("quote: state of war", "quote:\n\texact: state of war")},
        "annotations/dprk-russia-2024/mistake.md:4: malformed YAML: tab character used for indentation; indent with spaces",
    ),
    "misspelt field": (
        {"annotations/dprk-russia-2024/mistake.md": NOTE.replace("sources:", "source:")},
        "annotations/dprk-russia-2024/mistake.md:4: unknown field 'source' in an annotation (did you mean: sources?)",
    ),
    "file name with capitals": (
        {"annotations/dprk-russia-2024/My-Note.md": NOTE},
        "annotations/dprk-russia-2024/My-Note.md:1: annotation file must be annotations/<treaty-id>/<name>.md, the name in lower-case letters, digits and '-'",
    ),
}


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_newcomer_mistake_gives_the_documented_message(tmp_path, mistake):
    files, expected = MISTAKES[mistake]
    repo = copy_repo(tmp_path)
    for rel, text in files.items():
        write(repo, rel, text)
    found = messages(repo)
    mine = [m for m in found if any(m.startswith(rel + ":") for rel in files)]
    assert any(m.startswith(expected) for m in mine), f"expected {expected!r}, got {mine}"
    for message in mine:
        assert_documented(message)


@pytest.mark.build
def test_the_tab_mistake_is_also_reported_by_the_build(tmp_path):
    repo = copy_repo(tmp_path)
    write(
        repo,
        "annotations/dprk-russia-2024/mistake.md",
        MISTAKES["tab-indented YAML"][0]["annotations/dprk-russia-2024/mistake.md"],
    )
    result = build(repo, strict=False)
    assert result.returncode == 1
    assert (
        "annotations/dprk-russia-2024/mistake.md:4: malformed YAML: tab character used for indentation; indent with spaces"
        in result.stderr
    )


# --- the site: Annotate and edit links, contributors, the guide --------------------------------


def _annotate_links(page: str) -> dict[str, str]:
    """Clause line "Annotate" links by their aria-label."""
    return {
        html.unescape(m["label"]): html.unescape(m["href"])
        for m in re.finditer(
            r'<a class="clause-refs__annotate" href="(?P<href>[^"]+)" rel="nofollow noopener" aria-label="(?P<label>[^"]+)">Annotate</a>',
            page,
        )
    }


def test_each_clause_has_an_annotate_link_with_a_template_for_it(real_site, tmp_path):
    page = (real_site / TREATY_PAGE).read_text(encoding="utf-8")
    links = _annotate_links(page)
    assert "Annotate Art. 4" in links and "Annotate Preamble" in links
    from treaty_dossier.content.dossier import load_dossier

    treaty = load_dossier(ROOT)[0].treaties["dprk-russia-2024"]
    assert len(links) == sum(1 for c in treaty.clauses.values() if not c.parent)  # one per article, none twice
    url = urlsplit(links["Annotate Art. 4"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{TEST_REPO_URL}/new/main/annotations/dprk-russia-2024"
    query = parse_qs(url.query)
    assert query["filename"] == ["art4-note.md"]
    template = query["value"][0]
    assert template.startswith("---\nclause: dprk-russia-2024/art_4\n")
    # The template as GitHub shows it, left unfilled, fails the check with documented messages...
    repo = copy_repo(tmp_path)
    write(repo, "annotations/dprk-russia-2024/art4-note.md", template)
    unfilled = [m for m in messages(repo) if "art4-note" in m]
    assert len(unfilled) == 3  # no sources, no author, no text
    for message in unfilled:
        assert_documented(message)
    # ...and filled in, passes.
    filled = (
        template.replace("sources: []", "sources: [ap-2024-06-20]").replace("author:   #", "author: someone  #") + "A note.\n"
    )
    write(repo, "annotations/dprk-russia-2024/art4-note.md", filled)
    assert not [m for m in messages(repo) if "art4-note" in m]


def test_edit_links_on_hand_written_pages_only(real_site):
    index = (real_site / "index.html").read_text(encoding="utf-8")
    assert f'href="{TEST_REPO_URL}/edit/main/docs/index.md"' in index
    treaty = (real_site / TREATY_PAGE).read_text(encoding="utf-8")
    assert f'href="{TEST_REPO_URL}/edit/main/docs/treaties/dprk-russia-2024.md"' in treaty
    for generated in ("sources/index.html", "contributors/index.html", "contributing/index.html"):
        assert "/edit/" not in (real_site / generated).read_text(encoding="utf-8"), generated


def test_repository_link_makes_the_browser_fetch_nothing_from_github(real_site):
    """Material's repository widget would fetch stars and forks from api.github.com on every page."""
    for page in real_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert 'data-md-component="source"' not in text, page
    index = (real_site / "index.html").read_text(encoding="utf-8")
    assert f'<a href="{TEST_REPO_URL}" title="Go to repository" class="md-source"' in index


@pytest.mark.build
def test_without_a_repository_address_there_are_no_repository_links(tmp_path):
    repo = copy_repo(tmp_path)
    result = build(repo)  # TREATY_REPO_URL unset
    assert result.returncode == 0, result.stderr
    for page in (repo / "site").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "clause-refs__annotate" not in text and "md-source" not in text and "md-content__button" not in text, page


def test_contributors_page_credits_every_author(real_site):
    from treaty_dossier.content.dossier import load_dossier

    dossier, _ = load_dossier(ROOT)
    page = (real_site / "contributors/index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td[^>]*>(\d+)</td>", page, re.DOTALL)
    counts = {html.unescape(re.sub(r"<[^>]+>", "", who)).lstrip("@"): int(n) for who, n in rows}
    expected: dict[str, int] = {}
    for ann in dossier.annotations:
        expected[ann.author.lstrip("@")] = expected.get(ann.author.lstrip("@"), 0) + 1
    assert counts == expected
    nav = (real_site / "index.html").read_text(encoding="utf-8")
    assert 'href="contributors/"' in nav


def test_contributing_page_is_contributing_md(real_site):
    page = (real_site / "contributing/index.html").read_text(encoding="utf-8")
    headings = re.findall(r"^#+ (.+)$", GUIDE, re.MULTILINE)
    shown = html.unescape(re.sub(r"<[^>]+>", "", page))
    for heading in headings:
        assert heading.replace("`", "") in shown, heading
    assert "the annotation has no text after its front matter" in shown
    assert not (ROOT / "docs/contributing.md").exists()  # one source of truth


def test_manifest_lists_the_same_notes_with_a_repository_address(real_site):
    manifest = json.loads((real_site / "annotations.json").read_text(encoding="utf-8"))
    on_disk = {p.relative_to(ROOT / "annotations").with_suffix("").as_posix() for p in (ROOT / "annotations").glob("*/*.md")}
    assert {e["id"] for e in manifest} == on_disk


# --- pre-commit ----------------------------------------------------------------------------------


def test_pre_commit_runs_the_check_with_its_dependencies():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [repo] = config["repos"]
    assert repo["repo"] == "local"
    hooks_by_id = {h["id"]: h for h in repo["hooks"]}
    hook = hooks_by_id["treaty-content-check"]
    assert hook["entry"] == "python hooks/check.py --strict" and hook["pass_filenames"] is False
    assert re.search(hook["files"], "annotations/dprk-russia-2024/x.md") and re.search(hook["files"], "annotations/sources/x.yml")
    # The hook's own environment must hold every third-party package check.py imports, pinned as in requirements.txt.
    probe = "import sys; sys.path.insert(0, 'hooks'); before = set(sys.modules); import check; print('\\n'.join(set(sys.modules) - before))"
    loaded = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    hooks = {p.stem for p in (ROOT / "hooks").iterdir()}  # the scripts and the package
    tops = {m.split(".")[0] for m in loaded} - set(sys.stdlib_module_names) - hooks
    dists = importlib.metadata.packages_distributions()
    needed = {d for t in tops for d in dists.get(t, [])}
    pins = {
        line.split("==")[0].lower(): line.strip() for line in (ROOT / "requirements.txt").read_text().splitlines() if "==" in line
    }
    assert needed, "check.py reads YAML: PyYAML must be among its imports"
    for dist in needed:
        assert pins.get(dist.lower()) in hook["additional_dependencies"], f"{dist} pinned as in requirements.txt"
    # The linters run in pre-commit as in CI: the same commands, ruff pinned as in requirements-dev.txt.
    dev_pins = {
        line.split("==")[0]: line.strip() for line in (ROOT / "requirements-dev.txt").read_text().splitlines() if "==" in line
    }
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for lint in ("ruff-check", "ruff-format"):
        assert hooks_by_id[lint]["additional_dependencies"] == [dev_pins["ruff"]]
        assert f".venv/bin/{hooks_by_id[lint]['entry']}" in ci
    assert hooks_by_id["mypy"]["entry"] == ".venv/bin/mypy" and ".venv/bin/mypy" in ci
