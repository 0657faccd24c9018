"""The check and the build agree: a table of broken dossiers, each given to both.

Each row is a tiny dossier with one slip (a file written into ``tests/support.py``'s fixture),
the message expected at its line, and the proof that ``hooks/check.py``'s problems and the
strict ``mkdocs build``'s logged problems are the same, at the same lines. Every message of
CONTRIBUTING.md's list that content can cause has a row (the PDF's, the scaffold's and
re-anchoring's have their own tests); no row may end in a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pytest
from support import ANNOTATION, ROOT, SOURCE, TREATY, build, tiny_project
from test_contributing import documented_messages
from treaty_dossier.contrib import check
from treaty_dossier.site import message_guide

NOTE = "annotations/t-2024/note.md"
SRC = "annotations/sources/ew-2024-06-20.yml"
TREATY_FILE = "docs/treaties/t-2024.md"
CLAUSES = ("preamble", "art_1", "art_2", "art_40")  # the fixture's clauses, and one it does not have
EVENT = "date: 2024-06-19\nevent: The treaty is signed.\nsources: [ew-2024-06-20]\nclauses: [t-2024/art_1]\n"


def note(old: str, new: str) -> dict[str, str]:
    assert old in ANNOTATION, old
    return {NOTE: ANNOTATION.replace(old, new)}


def source(old: str, new: str) -> dict[str, str]:
    assert old in SOURCE, old
    return {SRC: SOURCE.replace(old, new)}


def treaty(old: str, new: str) -> dict[str, str]:
    assert old in TREATY, old
    return {TREATY_FILE: TREATY.replace(old, new)}


# (files to write over the fixture, the problem expected: "path:line: message" as the check prints it, without any
# "did you mean" list, which depends on the ids around); an empty expectation: the dossier is valid.
ROWS: dict[str, tuple[Mapping[str, str | bytes], str]] = {
    # Files and YAML
    "oversize": ({NOTE: ANNOTATION + "x" * 70_000}, f"{NOTE}:1: file is 70160 bytes; the limit is 65536"),
    "not UTF-8": ({NOTE: ANNOTATION.encode() + b"\xff\n"}, f"{NOTE}:9: file is not valid UTF-8 text"),
    "NUL byte": ({NOTE: ANNOTATION.encode() + b"\x00\n"}, f"{NOTE}:9: file contains a NUL byte (binary file?)"),
    "no front matter": (
        {NOTE: ANNOTATION.removeprefix("---\n")},
        f"{NOTE}:1: missing front matter: the file must start with a '---' line",
    ),
    "front matter not closed": (
        {NOTE: ANNOTATION.replace("---\nA note", "A note")},
        f"{NOTE}:1: front matter is not closed: add a '---' line after it",
    ),
    "front matter a list": (
        {NOTE: "---\n- clause\n---\nA note.\n"},
        f"{NOTE}:2: front matter must be a mapping of 'key: value' lines",
    ),
    "source a list": ({SRC: "- kind\n"}, f"{SRC}:1: a source file must be a mapping of 'key: value' lines"),
    "tab indentation": (
        note("quote: state of war", "quote:\n\texact: state of war"),
        f"{NOTE}:4: malformed YAML: tab character used for indentation; indent with spaces",
    ),
    "unclosed bracket": (note("[ew-2024-06-20]\n", "[ew-2024-06-20\n"), f"{NOTE}:5: malformed YAML: "),
    "duplicate key": (
        note("kind: commentary", "kind: commentary\nkind: context"),
        f"{NOTE}:6: duplicate key 'kind' (first at line 5)",
    ),
    "alias": (note("author: someone", "author: *someone"), f"{NOTE}:6: YAML anchors and aliases (&, *) are not allowed"),
    "too deep": (
        note("author: someone", "author: someone\ntags: [[[[[[[[x]]]]]]]]"),
        f"{NOTE}:7: YAML nested deeper than 6 levels",
    ),
    # Fields
    "unknown field": (note("sources:", "source:"), f"{NOTE}:4: unknown field 'source' in an annotation"),
    "missing field": (note("author: someone\n", ""), f"{NOTE}:6: missing required field 'author' in an annotation"),
    "source without outlet": (
        source("outlet: Example Wire\n", ""),
        f"{SRC}:6: missing required field 'outlet' in a source (only a copy with 'derived_from' may lack it)",
    ),
    "list for text": (note("author: someone", "author: [a, b]"), f"{NOTE}:6: field 'author': expected text, found a list"),
    "empty value": (note("author: someone", 'author: ""'), f"{NOTE}:6: field 'author': must not be empty"),
    "too long": (note("author: someone", "author: " + "a" * 501), f"{NOTE}:6: field 'author': is longer than 500 characters"),
    "mapping for list": (
        note("author: someone", "author: someone\ntags: {a: b}"),
        f"{NOTE}:7: field 'tags': expected a list like [a, b], found a mapping",
    ),
    "unknown kind": (
        note("kind: commentary", "kind: comment"),
        f"{NOTE}:5: field 'kind': 'comment' is not one of: commentary, context, rendering, correction",
    ),
    "date in words": (
        source("published: 2024-06-20", "published: 20 June 2024"),
        f"{SRC}:5: field 'published': expected a date as YYYY-MM-DD, found '20 June 2024'",
    ),
    "month 13": (
        source("published: 2024-06-20", "published: 2024-13-45"),
        f"{SRC}:5: field 'published': '2024-13-45' is not a date: month 13 does not exist",
    ),
    "day 30 of February": (
        source("published: 2024-06-20", "published: 2023-02-29"),
        f"{SRC}:5: field 'published': '2023-02-29' is not a date: February 2023 has 28 days",
    ),
    "http": (
        source("https://", "http://"),
        f"{SRC}:6: field 'url': 'http://news.test/report' is not https; use the https:// address",
    ),
    "space in URL": (
        source("https://news.test/report", "https://news.test/a b"),
        f"{SRC}:6: field 'url': 'https://news.test/a b' is not an https:// URL",
    ),
    "language name": (
        source("language: en", "language: English"),
        f"{SRC}:7: field 'language': 'English' is not a language code",
    ),
    "clause in words": (
        note("clause: t-2024/art_1", "clause: Article 1"),
        f"{NOTE}:2: field 'clause': 'Article 1' is not a clause name like dprk-russia-2024/art_4",
    ),
    "no source": (note("sources: [ew-2024-06-20]", "sources: []"), f"{NOTE}:4: field 'sources': list at least one source id"),
    "quote key": (
        note("quote: state of war", "quote: {text: state of war}"),
        f"{NOTE}:3: field 'quote': unknown key(s) text; use exact, prefix, suffix",
    ),
    "quote without exact": (
        note("quote: state of war", "quote: {prefix: a}"),
        f"{NOTE}:3: field 'quote': a quote mapping needs 'exact'",
    ),
    "source id": (
        {"annotations/sources/Example_Bad.yml": SOURCE},
        "annotations/sources/Example_Bad.yml:1: source id 'Example_Bad' (the file name) must be lower-case words joined by '-'",
    ),
    # Annotations
    "capital file name": (
        {"annotations/t-2024/My-Note.md": ANNOTATION},
        "annotations/t-2024/My-Note.md:1: annotation file must be annotations/<treaty-id>/<name>.md",
    ),
    "wrong treaty folder": (
        {"annotations/other-2024/note.md": ANNOTATION},
        "annotations/other-2024/note.md:2: an annotation on 't-2024/art_1' belongs in annotations/t-2024/, not annotations/other-2024/",
    ),
    "note in docs": (
        {"docs/art1-note.md": ANNOTATION},
        "docs/art1-note.md:2: this file has an annotation's front matter ('clause:') but is not in a treaty folder; "
        "move it to annotations/t-2024/",
    ),
    "note in annotations/": (
        {"annotations/art1-note.md": ANNOTATION},
        "annotations/art1-note.md:2: this file has an annotation's front matter ('clause:') but is not in a treaty folder; "
        "move it to annotations/t-2024/",
    ),
    "unused file": (
        {"annotations/t-2024/note2.txt": ANNOTATION},
        "annotations/t-2024/note2.txt:1: the build does not use this file",
    ),
    "no text": (
        note("A note citing [@ew-2024-06-20] and [[t-2024/art_2]].\n", ""),
        f"{NOTE}:8: the annotation has no text after its front matter",
    ),
    "unknown clause": (note("clause: t-2024/art_1", "clause: t-2024/art_11"), f"{NOTE}:2: unknown clause 't-2024/art_11'"),
    "unknown source": (
        note("sources: [ew-2024-06-20]", "sources: [ew-2024-06-21]"),
        f"{NOTE}:4: unknown source 'ew-2024-06-21'; add annotations/sources/ew-2024-06-21.yml or fix the id",
    ),
    "unknown related": (
        note("author: someone", "author: someone\nrelated: [t-2024/art_11]"),
        f"{NOTE}:7: unknown clause 't-2024/art_11' in 'related'",
    ),
    "quote not found": (
        note("quote: state of war", "quote: state of wor"),
        f"{NOTE}:3: quote 'state of wor' is not in the text of t-2024/art_1; the note is shown at the end of the clause "
        "until the quote is fixed (copy the words as the page shows them)",
    ),
    "quote with markup": (
        note("quote: state of war", 'quote: "*state* of war"'),
        f"{NOTE}:3: quote '*state* of war' has Markdown formatting, which the page does not show; write it as 'state of war'",
    ),
    "clause with markup, quote without": (treaty("a state of war", "a *state* of **war**"), ""),
    "clause with HTML and an entity, quote without": (treaty("a state of war", "a <b>state</b> of&nbsp;war"), ""),
    "quote twice": (note("quote: state of war", "quote: Party"), f"{NOTE}:3: quote 'Party' occurs 2 times in t-2024/art_1"),
    "rendering without wording": (
        note("kind: commentary", "kind: rendering"),
        f"{NOTE}:5: a note of kind 'rendering' needs 'wording'",
    ),
    "wording on a commentary": (
        note("author: someone", "author: someone\nwording: war"),
        f"{NOTE}:7: 'wording' is only for notes of kind 'rendering', not 'commentary'",
    ),
    "HTML removed": (
        note("A note citing", '<iframe src="https://x.test"></iframe> A note citing'),
        f"{NOTE}:8: <iframe> is removed when the site is built",
    ),
    "unclosed reference in a note": (
        note("[[t-2024/art_2]].", "[[t-2024/art_2."),
        f"{NOTE}:8: reference '[[t-2024/art_2.' is not closed or not well formed",
    ),
    "unclosed reference in a page": (
        {"docs/index.md": "# Home\n\nSee [[t-2024/art_1.\n"},
        "docs/index.md:3: reference '[[t-2024/art_1.' is not closed or not well formed",
    ),
    # Sources and events
    "duplicate source id": ({SRC.replace(".yml", ".yaml"): SOURCE}, f"{SRC}:1: duplicate source id 'ew-2024-06-20'"),
    "unknown derived_from": (
        {"annotations/sources/copy-2024-06-20.yml": "kind: news\nlanguage: en\nderived_from: ew-2024-06-2\n"},
        "annotations/sources/copy-2024-06-20.yml:3: 'derived_from' names unknown source 'ew-2024-06-2'",
    ),
    "event source": (
        {"annotations/events/2024-06-19-signing.yml": EVENT.replace("[ew-2024-06-20]", "[ew-2024-06-21]")},
        "annotations/events/2024-06-19-signing.yml:3: unknown source 'ew-2024-06-21'",
    ),
    "event clause": (
        {"annotations/events/2024-06-19-signing.yml": EVENT.replace("art_1]", "art_11]")},
        "annotations/events/2024-06-19-signing.yml:4: unknown clause 't-2024/art_11' in 'clauses'",
    ),
    # References in text
    "unknown cited source": (
        {"docs/index.md": "# Home\n\nSee [@nobody].\n"},
        "docs/index.md:3: unknown source 'nobody' in [@nobody]",
    ),
    "unknown referred clause": (
        {"docs/index.md": "# Home\n\nSee [[t-2024/art_9]].\n"},
        "docs/index.md:3: unknown clause 't-2024/art_9' in [[t-2024/art_9]]",
    ),
    # Treaty pages
    "treaty not a mapping": (
        treaty("treaty:\n  id: t-2024", "treaty: t-2024\nx:\n  id: t-2024"),
        f"{TREATY_FILE}:2: treaty file needs a 'treaty:' mapping in its front matter",
    ),
    "treaty id": (
        treaty("  id: t-2024", "  id: t-2025"),
        f"{TREATY_FILE}:3: treaty id 't-2025' does not match the file name 't-2024.md'",
    ),
    "signed": (
        treaty("{date: 2024-06-19, place: Pyongyang}", "{date: 2024-06-19}"),
        f"{TREATY_FILE}:7: field 'signed': needs 'date' and 'place'",
    ),
    "checked record": (
        treaty(
            "  text_basis:", "  checked:\n" + "".join(f"    {c}: {{note: not yet checked}}\n" for c in CLAUSES) + "  text_basis:"
        ),
        f"{TREATY_FILE}:15: 'checked' names unknown clause 'art_40'",  # the line of its entry
    ),
    "clause id": (treaty("{#art_2}", "{#Art2}"), f"{TREATY_FILE}:24: clause id 'Art2' is not of the form art_4 or art_4__para_2"),
    "duplicate clause id": (treaty("{#art_2}", "{#art_1}"), f"{TREATY_FILE}:24: duplicate clause id 'art_1' (first at line 20)"),
    "heading without id": (
        treaty("## Article 2 {#art_2}", "## Article 2"),
        f"{TREATY_FILE}:24: heading 'Article 2' has no clause id",
    ),
}

GUIDE = message_guide.entries((ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"))
_LOGGED = re.compile(r"^(?P<level>ERROR|WARNING)\s+-\s+(?P<problem>\S+:\d+: .*)$", re.MULTILINE)


def check_problems(project: Path) -> set[str]:
    return {f"{p} [{p.severity}]" for p in check.check(project)}


def build_problems(stderr: str) -> set[str]:
    """The ``path:line: message`` problems the build logged (not its summary lines)."""
    return {f"{m['problem']} [{m['level'].lower()}]" for m in _LOGGED.finditer(stderr)}


def _without_suggestions(problem: str) -> str:
    return re.sub(r" \(did you mean: [^)]*\?\)", "", problem)


def assert_documented(message: str) -> None:
    """The guide's list has an example of this message (with its own values)."""
    shape = message_guide.shape
    assert shape(message) in {shape(d) for d in documented_messages()}, f"not in CONTRIBUTING.md's list: {message}"


@pytest.mark.build
@pytest.mark.parametrize("row", list(ROWS))
def test_the_check_and_the_strict_build_report_the_same_problems(tmp_path, row):
    files, expected = ROWS[row]
    project = tiny_project(tmp_path)
    for rel, text in files.items():
        target = project / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
    checked = check_problems(project)
    result = build(project)
    assert "Traceback" not in result.stderr, result.stderr
    built = build_problems(result.stderr)
    assert checked == built, f"check only: {sorted(checked - built)}\nbuild only: {sorted(built - checked)}"
    if not expected:  # a row that must pass: nothing to report, the build succeeds and shows the note
        assert checked == set() and result.returncode == 0, result.stderr
        from site_invariants import site_problems

        page = (project / "site/treaties/t-2024/index.html").read_text(encoding="utf-8")
        assert 'id="fnref:t-2024--note"' in page
        assert site_problems(project / "site", project) == []  # each mark right after its phrase, numbered in order
        return
    assert result.returncode == 1
    mine = [p for p in map(_without_suggestions, checked) if p.startswith(expected)]
    assert mine, f"expected {expected!r}, got {sorted(checked)}"
    for problem in check.check(project):
        assert_documented(str(problem))
        assert message_guide.anchor_for(problem.message, GUIDE), f"the error page would not link {problem} to the guide"


@pytest.mark.build
def test_a_note_detached_by_a_revision_is_told_so_and_a_new_slip_is_not(tmp_path):
    """From git: the quote was in the clause when the note was committed (detached), or it never was (not found)."""
    from test_opendata import git

    project = tiny_project(tmp_path)
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "first")
    revised = TREATY.replace("put in a state of war", "put in a state of armed conflict")
    (project / TREATY_FILE).write_text(revised, encoding="utf-8")
    git(project, "commit", "-qam", "Art. 1 revised", date="2024-08-01T12:00:00+00:00")
    (project / "annotations/t-2024/new.md").write_text(ANNOTATION.replace("state of war", "state of wor"), encoding="utf-8")
    checked = check_problems(project)
    result = build(project)
    assert checked == build_problems(result.stderr)
    assert {_without_suggestions(p) for p in checked} == {
        f"{NOTE}:3: quote 'state of war' is no longer in the text of t-2024/art_1, which was revised after the note was written; "
        "the note is shown detached at the end of the clause until the quote is fixed (copy the words as the page shows them) [warning]",
        "annotations/t-2024/new.md:3: quote 'state of wor' is not in the text of t-2024/art_1; "
        "the note is shown at the end of the clause until the quote is fixed (copy the words as the page shows them) [warning]",
    }
    for problem in check.check(project):
        assert_documented(str(problem))


def test_the_quote_message_names_reanchoring_only_when_it_proposes_that_quote(tmp_path):
    import io

    from treaty_dossier.contrib import reanchor

    project = tiny_project(tmp_path)
    cases = {"curly": "quote: '\u201cstate of war\u201d'", "far": "quote: state of peace"}
    for name, quote in cases.items():
        (project / f"annotations/t-2024/{name}.md").write_text(ANNOTATION.replace("quote: state of war", quote), encoding="utf-8")
    messages = {p.path.rsplit("/", 1)[1]: p.message for p in check.check(project)}
    named = re.search(r"\(python hooks/check.py --reanchor proposes '([^']+)'\)$", messages["curly.md"])
    assert named is not None, messages["curly.md"]
    assert messages["far.md"].endswith("(copy the words as the page shows them)")
    assert "(did you mean: 'state of war' [peace → war]?)" in messages["far.md"]  # the closest phrase, as the page shows it
    listing = io.StringIO()
    reanchor.run(project, out=listing)
    text = listing.getvalue()
    curly, far = text.index("curly.md"), text.index("far.md")
    proposal = text[curly:far] if curly < far else text[curly:]
    refusal = text[far:curly] if far < curly else text[far:]
    assert named[1] in proposal and "orphan" not in proposal
    assert "orphan" in refusal or "not proposed" in refusal, refusal
