"""Revising a treaty text: clause histories from git, notes' earlier wordings, and re-anchoring that asks.

Every test works on a tiny dossier in a temporary git repository (``history_fixture``) whose
Article 1 is revised over three commits and Article 2 once, with five notes: one whose quote
only lost its quotation marks (exact), one whose phrase gained a word (fuzzy), one whose phrase
is gone (orphan), one whose phrase now occurs twice with nothing to tell them apart
(ambiguous), and one whose quote still matches in a changed clause (review).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from history_fixture import NOTES, git, note, revised_project
from support import ROOT, TEST_REPO_URL, build, require, tiny_project, write
from treaty_dossier.content.anchor_repair import MIN_SIMILARITY, repair
from treaty_dossier.content.annotations import Quote
from treaty_dossier.content.clause_history import read_clause_history
from treaty_dossier.content.dossier import load_dossier
from treaty_dossier.content.git_history import read_history
from treaty_dossier.contrib import reanchor

CHECK = [sys.executable, str(ROOT / "hooks" / "check.py")]


def history_of(root: Path):
    dossier, _ = load_dossier(root)
    return dossier, read_clause_history(root, dossier.treaties, dossier.annotations, TEST_REPO_URL)


# --- history from git ------------------------------------------------------------------------


def test_files_are_read_as_they_were_at_each_commit(tmp_path):
    root = revised_project(tmp_path, upto=1)
    history = read_history(root)
    first, second = reversed(history.commits_of("docs/treaties/t-2024.md"))
    texts = history.texts(
        [f"{first.sha}:docs/treaties/t-2024.md", f"{second.sha}:docs/treaties/t-2024.md", f"{first.sha}^:docs/treaties/t-2024.md"]
    )
    assert '"military"' in str(texts[f"{first.sha}:docs/treaties/t-2024.md"])
    assert "without any delay" in str(texts[f"{second.sha}:docs/treaties/t-2024.md"])
    assert texts[f"{first.sha}^:docs/treaties/t-2024.md"] is None  # before the first commit: no such file


def test_a_clause_revised_over_three_commits_has_three_dated_revisions(tmp_path):
    dossier, history = history_of(revised_project(tmp_path))
    art_1 = history.revisions("t-2024/art_1")
    assert [r.commit.date.date() for r in art_1] == [dt.date(2025, 4, 1), dt.date(2025, 3, 1), dt.date(2025, 2, 1)]
    assert art_1[2].before.endswith('provide "military" assistance.') and "without any delay" in art_1[2].after
    assert art_1[0].after == dossier.treaties["t-2024"].clause_text("art_1")  # the newest revision is the current text
    assert len(history.revisions("t-2024/art_2")) == 1 and history.revisions("t-2024/preamble") == []
    assert [c.subject for c, _ in history.changes()] == [
        "Art. 1 and 2 revised from the published text",
        "Art. 1: the cause of the state of war",
        "Art. 1: wording checked against the Korean text",
    ]
    assert history.texts_date(["t-2024"]) == dt.date(2025, 4, 1)  # for the PDF's title page
    assert history.commit_url(art_1[0].commit) == f"{TEST_REPO_URL}/commit/{art_1[0].commit.sha}"


def test_rewrapping_a_clause_is_not_a_revision(tmp_path):
    root = revised_project(tmp_path, notes={}, upto=0)
    treaty = (root / "docs/treaties/t-2024.md").read_text(encoding="utf-8")
    write(root, "docs/treaties/t-2024.md", treaty.replace("state of war, the other", "state of war,\nthe other"))
    git(root, "commit", "-q", "-am", "rewrap", date="2025-05-01T00:00:00+00:00")
    assert history_of(root)[1].revisions("t-2024/art_1") == []


def test_each_note_knows_the_wording_it_was_written_on(tmp_path):
    _, history = history_of(revised_project(tmp_path))
    written = history.written_on["t-2024/review"]
    assert written.commit.subject == "First publication" and "state of war, the other" in written.text
    assert [r.commit.date.date() for r in written.since] == [dt.date(2025, 4, 1), dt.date(2025, 3, 1), dt.date(2025, 2, 1)]


def test_a_note_edited_after_the_revision_is_on_the_current_wording(tmp_path):
    root = revised_project(tmp_path)
    write(root, "annotations/t-2024/review.md", NOTES["t-2024/review"] + "\nChecked against the revised text.\n")
    git(root, "commit", "-q", "-am", "note checked", date="2025-05-01T00:00:00+00:00")
    assert "t-2024/review" not in history_of(root)[1].written_on


def test_without_git_or_in_a_shallow_clone_there_is_no_history(tmp_path):
    plain = tiny_project(tmp_path / "plain")
    assert not read_history(plain).available and "not a git repository" in read_history(plain).reason
    origin = revised_project(tmp_path / "origin")
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{origin}", str(tmp_path / "shallow")], check=True)
    _, history = history_of(tmp_path / "shallow")
    assert not history.available and "shallow clone" in history.reason
    assert history.by_clause == {} and history.written_on == {} and history.texts_date() is None


# --- re-anchoring ----------------------------------------------------------------------------


def test_reanchoring_proposes_exact_and_fuzzy_and_never_guesses(tmp_path):
    root = revised_project(tmp_path)
    dossier, history = history_of(root)
    repairs, reviews = reanchor.find(root, dossier, history)
    found = {r.annotation.id: r for r in repairs}
    assert {i: r.status for i, r in found.items()} == {
        "t-2024/exact": "exact",
        "t-2024/fuzzy": "fuzzy",
        "t-2024/orphan": "orphan",
        "t-2024/ambiguous": "ambiguous",
    }
    assert found["t-2024/exact"].quote == Quote("military")
    assert found["t-2024/fuzzy"].quote == Quote("the other Party shall without any delay provide")
    assert found["t-2024/orphan"].quote is None and found["t-2024/ambiguous"].quote is None
    assert [r.annotation.id for r in reviews] == ["t-2024/review"]


def test_context_chooses_between_look_alikes_and_is_written_as_prefix_or_suffix(tmp_path):
    text = "The Parties shall consult in Moscow. The Parties shall consult in Minsk."
    root = tiny_project(
        tmp_path, annotations={"t-2024/n": note("t-2024/art_2", "quote: {exact: shall consult, suffix: in Minsk and}")}
    )
    treaty = (root / "docs/treaties/t-2024.md").read_text(encoding="utf-8")
    write(root, "docs/treaties/t-2024.md", treaty.replace("The Parties shall consult. The Parties shall consult again.", text))
    dossier, _ = load_dossier(root)
    ann = dossier.annotations[0]
    assert dossier.anchors[ann.id].detached
    fixed = repair(ann, dossier.treaties["t-2024"])
    assert fixed.status == "exact" and fixed.quote is not None
    assert fixed.quote.exact == "shall consult" and "Minsk" in fixed.quote.suffix + fixed.quote.prefix
    # the same look-alikes, told apart by the words around the quote in the wording it was written on
    ann.quote = Quote("shall consult")
    fixed = repair(ann, dossier.treaties["t-2024"], old_text="The Parties shall meet. The Parties shall consult in Minsk.")
    assert fixed.status == "exact" and fixed.quote is not None and "Minsk" in fixed.quote.suffix + fixed.quote.prefix
    assert repair(ann, dossier.treaties["t-2024"]).status == "ambiguous"  # without any context: no guess


@pytest.mark.parametrize(
    ("quote", "status"),
    [
        ("the other Party shall without delay provide", "fuzzy"),  # a word added in the clause
        ("Party shall without delay", "fuzzy"),
        ("put in a state of warfare", "fuzzy"),  # a slip in the quote itself
        ("without delay", "orphan"),  # two words of three: too little left to be sure
        ("provide military aid", "orphan"),  # "and" is not "aid", however alike the letters
        ("military or other assistance", "orphan"),  # "or" became "and": a change of meaning to look at
        ("state of peace", "orphan"),
    ],
)
def test_below_the_similarity_threshold_nothing_is_proposed(tmp_path, quote, status):
    root = revised_project(tmp_path, notes={"t-2024/n": note("t-2024/art_1", f"quote: {quote}")}, upto=1)
    dossier, history = history_of(root)
    repairs, _ = reanchor.find(root, dossier, history)
    assert [r.status for r in repairs] == [status]
    if status == "fuzzy":
        assert repairs[0].best is not None and repairs[0].best.similarity >= MIN_SIMILARITY
    else:  # the listing may name the closest words, never as a proposal
        assert repairs[0].quote is None and (repairs[0].closest is None or repairs[0].closest.similarity < MIN_SIMILARITY)


def test_an_orphan_listing_names_the_closest_words_without_proposing_them(tmp_path):
    root = revised_project(tmp_path, notes={"t-2024/n": note("t-2024/art_1", "quote: military or other assistance")}, upto=3)
    dossier, history = history_of(root)
    (found,), _ = reanchor.find(root, dossier, history)
    assert found.status == "orphan" and found.quote is None
    assert found.closest is not None and found.closest.text == "military and other assistance"
    assert "(closest: 'military and other assistance', 0.83; not proposed)" in reanchor.describe(found)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("quote: state of war\n", "quote: state of armed conflict\n"),
        ("quote:\n  exact: state\n  prefix: in a\n", "quote: state of armed conflict\n"),
        ("quote: {exact: state, suffix: of war}\n", "quote: state of armed conflict\n"),
        ("quote: state of war\r\n", "quote: state of armed conflict\r\n"),
    ],
)
def test_rewriting_changes_only_the_quote_field(before, after):
    newline = "\r\n" if before.endswith("\r\n") else "\n"
    head = f"---{newline}clause: t-2024/art_1   # the clause{newline}"
    tail = f"sources: [ew-2024-06-20]{newline}# a comment kept{newline}---{newline}Body  with  spaces.{newline}"
    assert reanchor.rewrite_quote(head + before + tail, Quote("state of armed conflict")) == head + after + tail
    mapping = reanchor.rewrite_quote(head + before + tail, Quote("state", "in a", "of armed"))
    assert mapping == head + f"quote:{newline}  exact: state{newline}  prefix: in a{newline}  suffix: of armed{newline}" + tail


def test_apply_asks_for_each_proposal_and_writes_only_what_was_accepted(tmp_path):
    root = revised_project(tmp_path)
    before = {p: p.read_bytes() for p in (root / "annotations/t-2024").glob("*.md")}
    asked: list[str] = []
    answers = iter(["y", "n"])  # proposals come in file order: exact.md, then fuzzy.md

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return next(answers)

    out = tmp_path / "out.txt"
    with out.open("w") as stream:
        assert reanchor.run(root, apply=True, ask=ask, out=stream) == 1  # detached notes remain
    assert [p.split(":")[0] for p in asked] == ["annotations/t-2024/exact.md", "annotations/t-2024/fuzzy.md"]
    changed = {p.name for p, raw in before.items() if p.read_bytes() != raw}
    assert changed == {"exact.md"}
    assert (root / "annotations/t-2024/exact.md").read_text() == NOTES["t-2024/exact"].replace(
        "quote: '\"military\"'", "quote: military"
    )
    assert "1 of 2 proposal(s) written; 3 detached note(s) left" in out.read_text()


def test_the_command_lists_and_without_a_terminal_writes_only_with_yes(tmp_path):
    root = revised_project(tmp_path)
    listing = subprocess.run([*CHECK, "--reanchor", str(root)], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert listing.returncode == 1, listing.stderr
    out = listing.stdout
    assert "annotations/t-2024/fuzzy.md:3: detached from t-2024/art_1: quote 'the other Party shall without delay provide'" in out
    assert "changed words: the other Party shall without {+any+} delay provide" in out
    assert (
        "annotations/t-2024/ambiguous.md:3: detached from t-2024/art_2: quote 'shall consult'\n    no proposal: two candidates too close to choose"
        in out
    )
    assert (
        "annotations/t-2024/orphan.md:3: detached from t-2024/art_2__para_1: quote 'First numbered paragraph'\n    orphan:" in out
    )
    assert "annotations/t-2024/review.md:3: review: its quote still matches, but t-2024/art_1 changed" in out
    assert "4 detached note(s): 2 proposal(s), 2 without one; 1 note(s) to review" in out
    untouched = git(root, "status", "--porcelain")
    refused = subprocess.run(
        [*CHECK, "--reanchor", "--apply", str(root)], capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    assert refused.returncode == 1 and "not a terminal, so nothing was written" in refused.stdout
    assert git(root, "status", "--porcelain") == untouched == ""
    applied = subprocess.run([*CHECK, "--reanchor", "--apply", "--yes", str(root)], capture_output=True, text=True)
    assert "2 of 2 proposal(s) written; 2 detached note(s) left" in applied.stdout
    assert git(root, "diff", "--stat").count("|") == 2
    assert re.findall(r"^[-+](?![-+]).*", git(root, "diff", "-U0"), re.MULTILINE) == [
        "-quote: '\"military\"'",
        "+quote: military",
        "-quote: the other Party shall without delay provide",
        "+quote: the other Party shall without any delay provide",
    ]


# --- on the site ------------------------------------------------------------------------------


def _with_repo_url(root: Path) -> Path:
    config = root / "mkdocs.yml"
    config.write_text(config.read_text() + f"repo_url: {TEST_REPO_URL}\nedit_uri: ''\n")
    git(root, "commit", "-q", "-am", "repository address")
    return root


@pytest.mark.build
def test_the_apply_result_passes_strict_and_the_site_shows_history_and_earlier_wordings(tmp_path):
    root = _with_repo_url(revised_project(tmp_path))
    subprocess.run([*CHECK, "--reanchor", "--apply", "--yes", str(root)], capture_output=True, check=False)
    # the two notes it would not guess for are fixed by hand, as its listing asks
    write(
        root, "annotations/t-2024/orphan.md", NOTES["t-2024/orphan"].replace("First numbered paragraph", "A quite different rule")
    )
    write(root, "annotations/t-2024/ambiguous.md", NOTES["t-2024/ambiguous"].replace("suffix: again", "suffix: in Minsk"))
    assert subprocess.run([*CHECK, "--strict", str(root)], capture_output=True).returncode == 0
    git(root, "commit", "-q", "-am", "Notes re-anchored", date="2025-04-02T00:00:00+00:00")
    result = build(root)
    assert result.returncode == 0, result.stderr
    page = (root / "site/treaties/t-2024/index.html").read_text(encoding="utf-8")
    shas = git(root, "log", "--format=%H", "--", "docs/treaties/t-2024.md").split()
    block = page[page.index('id="history-art_1"') : page.index("</details>", page.index('id="history-art_1"'))]
    assert "Art. 1 revised 3 times, last on 1 April 2025" in block
    assert re.findall(r'<time datetime="([\d-]+)"', block) == ["2025-04-01", "2025-03-01", "2025-02-01"]
    assert [f"{TEST_REPO_URL}/commit/{sha}" in block for sha in shas[:3]] == [True, True, True]
    assert "<del>war,</del> <ins>war by an armed attack,</ins>" in block and "<ins>any</ins>" in block
    assert "Art. 2 revised once" in page and "Art. 1 revised" not in page.split('id="history-art_1"')[0]
    assert "Text as of 1 April 2025; 2 articles revised since first published" in page
    notes = dict(re.findall(r'data-annotation="([^"]+)">(.*?)</div>', page))
    assert set(notes) == set(NOTES)
    earlier = {i for i, html in notes.items() if "Written on an earlier wording" in html}
    assert earlier == {"t-2024/review"}  # the re-anchored notes were committed on the current wording
    assert "as of 10 January 2025). The clause was revised 3 times since, last on 1 April 2025" in notes["t-2024/review"]
    earlier_p = re.search(r'<p class="annotation__earlier">.*?</p>', notes["t-2024/review"])
    assert earlier_p and "its history is under the clause" in earlier_p[0]
    assert 'href="#' not in earlier_p[0]  # the print edition shares notes and has no history block to point to
    changes = (root / "site/changes/index.html").read_text(encoding="utf-8")
    headings = re.findall(r"<h2[^>]*>(.*?)<a", changes)
    assert headings == [
        "1 April 2025: Art. 1 (Test Treaty), Art. 2 (Test Treaty)",
        "1 March 2025: Art. 1 (Test Treaty)",
        "1 February 2025: Art. 1 (Test Treaty)",
    ]
    assert changes.index("Art. 1 and 2 revised from the published text") < changes.index("Art. 1: the cause of the state of war")


@pytest.mark.pdf
def test_the_pdf_title_page_names_the_date_of_the_texts_it_prints(tmp_path):
    require(shutil.which("pdftotext") is not None, "pdftotext (Debian's poppler-utils)")
    origin = revised_project(tmp_path / "origin", notes={"t-2024/review": NOTES["t-2024/review"]})
    git(origin, "commit", "-q", "--allow-empty", "-m", "A later commit that revises no text", date="2025-06-01T00:00:00+00:00")
    assert build(origin, pdf=True).returncode == 0
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{origin}", str(shallow)], check=True)
    assert build(shallow, pdf=True).returncode == 0
    for root, expected in [(origin, "Texts as of 1 April 2025"), (shallow, "Date of the texts unknown: this is a shallow clone")]:
        for pdf in ("t-2024.pdf", "dossier.pdf"):
            title_page = subprocess.run(
                ["pdftotext", "-f", "1", "-l", "1", str(root / "site/pdf" / pdf), "-"], capture_output=True, text=True, check=True
            ).stdout
            assert expected in " ".join(title_page.split()), f"{root.name}/{pdf}: {title_page}"


@pytest.mark.build
def test_a_shallow_clone_builds_and_says_the_history_is_unavailable(tmp_path):
    origin = _with_repo_url(revised_project(tmp_path / "origin", notes={"t-2024/review": NOTES["t-2024/review"]}))
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{origin}", str(shallow)], check=True)
    result = build(shallow)
    assert result.returncode == 0, result.stderr
    page = (shallow / "site/treaties/t-2024/index.html").read_text(encoding="utf-8")
    assert "Revision history unavailable: this is a shallow clone" in page
    assert "clause-history" not in page and "Written on an earlier wording" not in page
    changes = (shallow / "site/changes/index.html").read_text(encoding="utf-8")
    assert "The revision history is unavailable: this is a shallow clone" in changes


@pytest.mark.parametrize(
    ("old", "new", "shown"),
    [
        ("shall without delay provide", "shall immediately provide", "shall [-without delay-] {+immediately+} provide"),
        (
            "This Treaty is not directed against any third state.",
            "The Parties shall cooperate in the mass media.",
            "[-This Treaty is not directed against any third state.-] {+The Parties shall cooperate in the mass media.+}",
        ),
    ],
)
def test_word_diffs_mark_changed_words_and_show_rewritten_sentences_whole(old, new, shown):
    from treaty_dossier.content.word_diff import diff_html, diff_text

    assert diff_text(old, new) == shown
    assert "<script>" not in diff_html("<script>", "x") and "&lt;script&gt;" in diff_html("a <script>", "a b")


def test_the_real_site_has_a_changes_page_in_its_nav_and_dates_its_texts(real_site):
    """What holds for any valid content and any checkout: full history, shallow clone or none."""
    assert 'href="changes/"' in (real_site / "index.html").read_text(encoding="utf-8")
    changes = (real_site / "changes/index.html").read_text(encoding="utf-8")
    assert "Every revision of a treaty text on this site, newest first" in changes
    for page in (real_site / "treaties").glob("*/index.html"):
        text = page.read_text(encoding="utf-8")
        if "treaty-meta" in text:
            assert ("Text as of " in text) != ("Revision history unavailable" in text), page
