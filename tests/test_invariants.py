"""The real-dossier invariants (``site_invariants``): on the real site, on a copy with generated notes, and that they can fail."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from site_invariants import site_problems
from support import ROOT, build, copy_repo, tiny_project
from treaty_dossier.content.annotations import Quote
from treaty_dossier.content.dossier import load_dossier


def test_the_real_site_keeps_the_invariants(real_site):
    assert site_problems(real_site, ROOT) == []


def _note(clause: str, quote: Quote | str | None, source: str, body: str) -> str:
    """An annotation file; the quote written as JSON (which is YAML), so any phrase stays data."""
    head = [f"clause: {clause}", f"sources: [{source}]", "kind: commentary", "author: generated-contributor"]
    if isinstance(quote, Quote):
        head.append("quote: " + json.dumps({k: v for k, v in vars(quote).items() if v}, ensure_ascii=False))
    elif quote:
        head.append("quote: " + json.dumps(quote, ensure_ascii=False))
    return "---\n" + "\n".join(head) + f"\n---\n{body}\n"


def _opening(text: str, words: int) -> str:
    """The clause's first ``words`` words, or more until the phrase occurs only once in it."""
    split = text.split()
    for n in range(words, len(split) + 1):
        phrase = " ".join(split[:n])
        if " ".join(split).count(phrase) == 1:
            return phrase
    return " ".join(split)


@pytest.mark.build
def test_generated_valid_notes_keep_the_invariants(tmp_path):
    """Notes a contributor could add, derived from the dossier (not from its current marks), pass every check."""
    repo = copy_repo(tmp_path)
    dossier, _ = load_dossier(repo)
    treaty = dossier.treaties["dprk-russia-2024"]
    source = sorted(dossier.sources)[0]
    art4 = treaty.clause_text("art_4")
    opening = _opening(art4, 10)  # today: "If either Party is put in a state of war" (issue 12's example)
    quoted = [a for a in dossier.notes_on(treaty.id) if a.quote]
    busy = max(quoted, key=lambda a: sum(b.quote == a.quote for b in quoted))
    other = next(t for t in dossier.treaties.values() if t.id != treaty.id)
    first = next(c for c in other.clauses.values() if c.spans)
    notes = {
        "dprk-russia-2024/art4-opening-words": _note("dprk-russia-2024/art_4", opening, source, "On the opening words."),
        # On a phrase that already carries notes; the name sorts before and after theirs.
        "dprk-russia-2024/aaa-same-phrase": _note(busy.clause, busy.quote, source, "Same phrase, sorts first."),
        "dprk-russia-2024/zzz-same-phrase": _note(busy.clause, busy.quote, source, "Same phrase, sorts last."),
        "dprk-russia-2024/art1-whole-article": _note("dprk-russia-2024/art_1", None, source, f"Refers to [[{first.name}]]."),
        f"{other.id}/generated-first-words": _note(first.name, _opening(first.text(other.body), 4), source, f"See [@{source}]."),
    }
    for name, text in notes.items():
        (repo / "annotations" / f"{name}.md").parent.mkdir(exist_ok=True)
        (repo / "annotations" / f"{name}.md").write_text(text, encoding="utf-8")
    check = subprocess.run([sys.executable, "hooks/check.py", "--strict"], cwd=repo, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    result = build(repo)
    assert result.returncode == 0, result.stderr
    assert site_problems(repo / "site", repo) == []
    page = (repo / "site/treaties/dprk-russia-2024/index.html").read_text(encoding="utf-8")
    marks = re.findall(r'<sup [^>]*id="fnref:dprk-russia-2024--([^"]+)">', page)
    assert marks.index("aaa-same-phrase") < marks.index("zzz-same-phrase")  # ties on one phrase: by name


@pytest.mark.build
def test_the_invariants_catch_a_broken_site(tmp_path):
    """Each kind of damage a placement bug would do is reported (the checks can fail)."""
    project = tiny_project(tmp_path)
    assert build(project).returncode == 0
    page = project / "site/treaties/t-2024/index.html"
    good = page.read_text(encoding="utf-8")
    assert site_problems(project / "site", project) == []
    mark = re.search(r'<sup [^>]*id="fnref:t-2024--note">.*?</sup>', good)
    assert mark is not None
    damage = {
        "not after its quote": good.replace(mark[0], "").replace("without delay", "without delay" + mark[0]),
        "numbered 2": good.replace('href="#fn:t-2024--note">1<', 'href="#fn:t-2024--note">2<'),
        "twice": good.replace(mark[0], mark[0] + mark[0]),
        "unresolved": good.replace("<p>The Parties have agreed", "<p>[[t-2024/art_9]] The Parties have agreed"),
        "leads to no element": good.replace('href="#fn:t-2024--note"', 'href="#fn:t-2024--gone"', 1),
    }
    for what, html in damage.items():
        assert html != good, what
        page.write_text(html, encoding="utf-8")
        assert site_problems(project / "site", project), f"a mark {what} went unnoticed"
    page.write_text(good, encoding="utf-8")


def _copy_project(dest):
    """The whole project (code, content, tests), without its build output, caches and environment."""
    import shutil

    anywhere = shutil.ignore_patterns(".git", "__pycache__", ".pytest_cache", "*.egg-info")
    at_top = {".venv", "site", "site-offline", "properdocs-site", "build"}  # (hooks/treaty_dossier/site/ is code)

    def skip(folder: str, names: list[str]) -> set[str]:
        return set(anywhere(folder, names)) | (at_top & set(names) if Path(folder) == ROOT else set())

    shutil.copytree(ROOT, dest, ignore=skip)
    return dest


def five_notes_on_art_4(repo) -> dict[str, str]:
    """Five valid notes on Art. 4 derived from the dossier as it is: two reuse the words of existing notes."""
    dossier, _ = load_dossier(repo)
    treaty = dossier.treaties["dprk-russia-2024"]
    art4 = treaty.clauses["art_4"]
    words = " ".join(p.text for p in art4.paragraphs).split()
    source = sorted(dossier.sources)[0]
    others = [a for a in dossier.annotations if a.clause.startswith("dprk-russia-2024/art_4")]
    # Their opening words, without markup or references (a cut reference would be a slip of the generator's).
    plain_words = [[w for w in a.body.split() if not set(w) & set("[]`*_<>|\\")] for a in sorted(others, key=lambda a: a.id)[:2]]
    borrowed = [" ".join(w[:12]) for w in plain_words]
    quoted = [a.quote for a in others if a.quote]
    mid = len(words) // 2
    middle = next((n for n in range(3, len(words) - mid + 1) if " ".join(words).count(" ".join(words[mid : mid + n])) == 1), 0)
    return {
        "dprk-russia-2024/art4-generated-opening": _note(
            "dprk-russia-2024/art_4", _opening(" ".join(words), 6), source, f"{borrowed[0]} [@{source}]."
        ),
        "dprk-russia-2024/art4-generated-whole": _note("dprk-russia-2024/art_4", None, source, f"{borrowed[-1]}."),
        "dprk-russia-2024/art4-generated-shared-phrase": _note(
            "dprk-russia-2024/art_4", quoted[0] if quoted else None, source, "On a phrase another note discusses."
        ),
        "dprk-russia-2024/art4-generated-context": _note(
            "dprk-russia-2024/art_4",
            Quote(" ".join(words[mid : mid + middle]), prefix=words[mid - 1]) if middle and mid else None,
            source,
            "Compare [[ussr-dprk-1961/art_1]].",
        ),
        "dprk-russia-2024/art4-generated-last-words": _note(
            "dprk-russia-2024/art_4", _closing(words), source, "On the article's last words."
        ),
    }


def _closing(words: list[str]) -> str | None:
    """The clause's last few words, more until they occur once."""
    text = " ".join(words)
    for n in range(3, len(words) + 1):
        phrase = " ".join(words[-n:])
        if text.count(phrase) == 1:
            return phrase
    return None


@pytest.mark.slow
def test_the_whole_non_browser_non_pdf_layer_passes_with_five_more_notes_on_art_4(tmp_path):
    """A contributor's correct notes never fail CI: the unit and build tests run on a copy with five new notes on Art. 4."""
    repo = _copy_project(tmp_path / "project")
    for name, text in five_notes_on_art_4(repo).items():
        (repo / "annotations" / f"{name}.md").write_text(text, encoding="utf-8")
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "a copy with five more notes"]):
        subprocess.run(
            ["git", *args],
            cwd=repo,
            check=True,
            env={
                **os.environ,
                "GIT_AUTHOR_NAME": "T",
                "GIT_AUTHOR_EMAIL": "t@example.org",
                "GIT_COMMITTER_NAME": "T",
                "GIT_COMMITTER_EMAIL": "t@example.org",
            },
        )
    check = subprocess.run([sys.executable, "hooks/check.py", "--strict"], cwd=repo, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    this = "tests/test_invariants.py::test_the_whole_non_browser_non_pdf_layer_passes_with_five_more_notes_on_art_4"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-m",
            "(unit or build) and not browser and not pdf",
            "--deselect",
            this,
        ],
        cwd=repo,
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if not k.startswith("PYTEST")},
    )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
