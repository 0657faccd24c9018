"""Attributed quotations: found on the parsed note, checked against the cited source's excerpts.

Unit tests of the finding rule and of the comparison; the check command and a strict build on a
fixture whose note alters one word of its source's excerpt; the checked mark in a browser.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from support import ANNOTATION, ROOT, SOURCE, build, tiny_project
from treaty_dossier.content.excerpt_match import match, normalise, parts
from treaty_dossier.content.sources import parse_source
from treaty_dossier.site.quotations import find

EXCERPT = "The other side shall provide military and other assistance with all means at its disposal without delay."
SOURCE_WITH_EXCERPT = SOURCE + f"excerpts:\n  - {EXCERPT}\n"
NOTE = ANNOTATION.replace(
    "A note citing [@ew-2024-06-20] and [[t-2024/art_2]].",
    "Compare [[t-2024/art_2]].\n\nThe wire wrote that the other side “shall provide {words} and other\nassistance” [@ew-2024-06-20].",
)
NOTE_LINE = 10  # the line on which the quotation starts (front matter: 7 lines; then a paragraph, a blank line)


def source():
    parsed, problems = parse_source(SOURCE_WITH_EXCERPT, "annotations/sources/ew-2024-06-20.yml")
    assert problems == []
    return parsed


# --- finding --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, expected",
    [
        ('AP wrote "all means at its disposal" [@ap].', [("all means at its disposal", "ap")]),
        # the narrow rule: only the quotation right before the citation is the source's
        (
            'Unlike KCNA\'s "all means in its possession", AP wrote "all means at its disposal" [@ap].',
            [("all means at its disposal", "ap")],
        ),
        ("«без промедления», [@tass] and 「遅滞なく」 — [@nhk]", [("без промедления", "tass"), ("遅滞なく", "nhk")]),
        ("『戦争状態』 [@nhk] and “nested «inner» end” ([@b])", [("戦争状態", "nhk"), ("nested «inner» end", "b")]),
        ("A quotation “across\na soft line break” [@x].", [("across a soft line break", "x")]),
        ('Words between: "a quote" said AP [@ap].', []),
        ("No quotation before [@ap].", []),
        ('In code: `"x" [@ap]` and\n\n    "y" [@ap]\n', []),
        ("- a list item “in a list” [@d]\n- next", [("in a list", "d")]),
    ],
)
def test_quotations_are_found_on_the_parsed_text(body, expected):
    assert [(f.text, f.source_id) for f in find(body)] == expected


def test_unbalanced_or_code_holding_quotations_are_listed_unreadable():
    (unbalanced,) = find("it ended here” [@x]")
    assert unbalanced.unreadable == "unbalanced quotation marks"
    (code,) = find("“with `code` inside” [@x]")
    assert code.unreadable == "the quotation holds code or a citation"


# --- comparing ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "quotation",
    [
        "shall provide military and other assistance",
        "shall  provide\nmilitary and other assistance,",  # white space, and end punctuation inside the marks
        "The other side shall provide … without delay.",  # an ellipsis: parts in order
        "The other side ... all means at its disposal",
        "ｓｈａｌｌ provide",  # compatibility forms (NFKC)
    ],
)
def test_a_quotation_matches_its_excerpt_despite_typography(quotation):
    assert match(quotation, source()).excerpt is not None


@pytest.mark.parametrize(
    "quotation, hint",
    [
        (
            "shall provide navy and other assistance",
            " (did you mean: 'shall provide military and other assistance' [navy → military]?)",
        ),
        ("without delay … all means", ""),  # parts out of order: not found (no phrase near enough to suggest)
    ],
)
def test_a_changed_word_or_order_is_not_found(quotation, hint):
    result = match(quotation, source())
    assert result.excerpt is None
    assert result.hint.startswith(hint) if hint else True


def test_normalising_unifies_quotes_apostrophes_and_dashes():
    assert normalise("“a” ‘b’ it’s x — y – z\u00a0w") == "\"a\" 'b' it's x-y-z w"
    assert parts("a … b [...] c") == ["a", "b", "c"]


# --- the check and the build ----------------------------------------------------------------


def check(project, *args):
    return subprocess.run(
        [sys.executable, str(ROOT / "hooks" / "check.py"), str(project), *args], capture_output=True, text=True, timeout=120
    )


EXPECTED = (
    f"annotations/t-2024/note.md:{NOTE_LINE}: quotation “shall provide navy and other assistance” is not in the "
    "excerpts of source 'ew-2024-06-20' (EW, 20 Jun 2024) "
    "(did you mean: 'shall provide military and other assistance' [navy → military]"
)


def test_check_names_the_altered_word_at_its_line(tmp_path):
    project = tiny_project(
        tmp_path, annotations={"t-2024/note": NOTE.format(words="navy")}, sources={"ew-2024-06-20": SOURCE_WITH_EXCERPT}
    )
    result = check(project)
    assert result.returncode == 1
    assert EXPECTED in result.stdout
    listed = check(project, "--quotations")
    assert f"annotations/t-2024/note.md:{NOTE_LINE}: not found (did you mean:" in listed.stdout
    assert listed.returncode == 1


def _checked_and_unchecked(tmp_path):
    """A note quoting a source that stores the words (EW) and one that stores none (OW)."""
    plain = SOURCE.replace("Example Wire", "Other Wire").replace("outlet_short: EW", "outlet_short: OW")
    note = NOTE.format(words="military").replace("[@ew-2024-06-20].", '[@ew-2024-06-20]; OW had "something" [@ow-2024-06-20].')
    return tiny_project(
        tmp_path,
        annotations={"t-2024/note": note},
        sources={"ew-2024-06-20": SOURCE_WITH_EXCERPT, "ow-2024-06-20": plain},
    )


def test_check_lists_checked_and_unchecked_quotations(tmp_path):
    project = _checked_and_unchecked(tmp_path)
    assert check(project).returncode == 0
    listed = check(project, "--quotations")
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert listed.stdout.splitlines() == [
        f"annotations/t-2024/note.md:{NOTE_LINE}: checked: ew-2024-06-20: “shall provide military and other assistance”",
        f"annotations/t-2024/note.md:{NOTE_LINE + 1}: unchecked (the source has no excerpts): ow-2024-06-20: “something”",
    ]
    assert "2 attributed, 1 checked against their source's excerpts, 1 unchecked, 0 not found" in listed.stderr


@pytest.mark.build
def test_strict_build_fails_on_the_altered_word_and_marks_the_right_one(tmp_path):
    project = tiny_project(
        tmp_path, annotations={"t-2024/note": NOTE.format(words="navy")}, sources={"ew-2024-06-20": SOURCE_WITH_EXCERPT}
    )
    wrong = build(project)
    assert wrong.returncode == 1
    assert "ERROR   -  " + EXPECTED in wrong.stderr
    (project / "annotations/t-2024/note.md").write_text(NOTE.format(words="military"), encoding="utf-8")
    right = build(project)
    assert right.returncode == 0, right.stderr
    assert "Quotations: 1 attributed, 1 checked" in right.stderr
    page = (project / "site/treaties/t-2024/index.html").read_text(encoding="utf-8")
    assert 'aria-label="checked against the excerpt stored for EW, 20 Jun 2024"' in page
    assert 'href="../../sources/ew-2024-06-20/#excerpt-1"' in page
    source_page = (project / "site/sources/ew-2024-06-20/index.html").read_text(encoding="utf-8")
    assert 'id="excerpt-1"' in source_page and EXCERPT in source_page
    assert "“shall provide military and other assistance”" in source_page and "checked against" in source_page


@pytest.mark.browser
def test_checked_mark_has_its_name_and_leads_to_the_excerpt(tmp_path, browser):
    from browser_support import serve

    project = _checked_and_unchecked(tmp_path)
    result = build(project)
    assert result.returncode == 0, result.stderr
    with serve(project / "site") as url:
        page = browser.new_page()
        try:
            page.goto(url + "treaties/t-2024/")
            marks = page.locator(".annotation .quote-check")
            assert marks.count() == 1, page.locator(".annotation").first.inner_html()  # the unchecked one has none
            mark = page.get_by_role("link", name="checked against the excerpt stored for EW, 20 Jun 2024")
            assert mark.count() == 1
            mark.click()
            page.wait_for_url("**/sources/ew-2024-06-20/#excerpt-1")
            excerpt = page.locator("#excerpt-1")
            assert EXCERPT in excerpt.inner_text()
            assert "Example Wire" in excerpt.locator("figcaption").inner_text()
        finally:
            page.close()


ARCHIVED = SOURCE_WITH_EXCERPT + "archived_url: https://archive.test/web/2024/report\narchived_on: 2024-06-21\n"


@pytest.mark.build
def test_archived_copy_is_a_robust_link_everywhere_and_the_data_carries_statuses(tmp_path):
    import json

    import jsonschema
    from treaty_dossier.data.dossier_json import SCHEMA_FILE

    project = tiny_project(
        tmp_path, annotations={"t-2024/note": NOTE.format(words="military")}, sources={"ew-2024-06-20": ARCHIVED}
    )
    (project / "docs/index.md").write_text("# Home\n\n<!-- dossier-figures -->\n", encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    robust = (
        'href="https://news.test/report" data-originalurl="https://news.test/report" '
        'data-versionurl="https://archive.test/web/2024/report" data-versiondate="2024-06-21"'
    )
    treaty_page = (site / "treaties/t-2024/index.html").read_text(encoding="utf-8")
    source_page = (site / "sources/ew-2024-06-20/index.html").read_text(encoding="utf-8")
    for page in (treaty_page, source_page):  # the note's list of sources; the source page
        assert robust in page
        assert ">archived copy</a>" in page and 'href="https://archive.test/web/2024/report"' in page
    assert "taken 21 Jun 2024" in source_page
    dossier = json.loads((site / "data/dossier.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))).validate(dossier)
    [src] = dossier["sources"]
    assert src["archived_on"] == "2024-06-21" and src["excerpts"][0]["text"] == EXCERPT
    assert src["excerpts"][0]["url"].endswith("/sources/ew-2024-06-20/#excerpt-1")
    [note] = dossier["annotations"]
    assert note["quotations"] == [
        {
            "text": "shall provide military and other assistance",
            "source": "ew-2024-06-20",
            "origin": "body",
            "line": NOTE_LINE,
            "status": "checked",
            "excerpt": 1,
            "reason": None,
        }
    ]
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "1</strong> attributed quotation: 1 checked against the excerpts stored for their source, 0 unchecked" in home


def test_scaffold_writes_an_archived_copy_with_its_date(tmp_path):
    project = tiny_project(tmp_path)
    run = [sys.executable, str(ROOT / "hooks" / "scaffold.py"), "--root", str(project), "source", "https://news.test/other"]
    fields = ["--id", "ew-2024-06-21", "--kind", "news", "--outlet", "Example Wire", "--title", "Another report"]
    fields += ["--published", "2024-06-21", "--language", "en", "--archived-url", "https://archive.test/web/other"]
    without = subprocess.run([*run, *fields], capture_output=True, text=True, timeout=60)
    assert without.returncode == 2
    assert "scaffold: missing 'archived_on': the date of the archived copy" in without.stderr
    made = subprocess.run([*run, *fields, "--archived-on", "2024-06-22"], capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    text = (project / "annotations/sources/ew-2024-06-21.yml").read_text(encoding="utf-8")
    assert 'archived_url: "https://archive.test/web/other"\narchived_on: 2024-06-22\n' in text
    assert check(project).returncode == 0
