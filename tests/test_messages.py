"""Messages that lead to the fix: one message per cause, at the line at fault, with the nearest phrase.

Each test writes a tiny dossier with one newcomer mistake and reads what ``hooks/check.py`` reports.
"""

from __future__ import annotations

from pathlib import Path

from support import ANNOTATION, SOURCE, TREATY, tiny_project, write
from treaty_dossier.content.annotations import Quote
from treaty_dossier.contrib import check
from treaty_dossier.contrib.file_drafts import AnnotationDraft, SourceDraft, annotation_text, source_text


def messages(root: Path) -> list[str]:
    return [str(p) for p in check.check(root)]


def test_an_invalid_source_is_reported_once_and_its_notes_are_not_told_it_is_unknown(tmp_path):
    """The issue's case: one http:// URL gave three messages, the real cause last."""
    tiny_project(tmp_path, sources={"ew-2024-06-20": SOURCE.replace("https://", "http://")})
    assert messages(tmp_path) == [
        "annotations/sources/ew-2024-06-20.yml:6: field 'url': 'http://news.test/report' is not https; use the https:// address"
    ]


def test_a_derived_copy_of_an_invalid_source_is_not_told_its_original_is_unknown(tmp_path):
    copy = "kind: news\nlanguage: en\nderived_from: ew-2024-06-20\n"
    tiny_project(tmp_path, sources={"ew-2024-06-20": SOURCE.replace("language: en", "language: English"), "copy-2024": copy})
    assert messages(tmp_path) == [
        "annotations/sources/ew-2024-06-20.yml:7: field 'language': 'English' is not a language code like en, ru or ko"
    ]


def test_an_unknown_source_listed_and_cited_inline_is_one_message(tmp_path):
    note = ANNOTATION.replace("ew-2024-06-20", "ew-2024-06-21")  # in `sources` and as [@ew-2024-06-21]
    tiny_project(tmp_path, annotations={"t-2024/note": note})
    found = messages(tmp_path)
    assert len(found) == 1 and found[0].startswith("annotations/t-2024/note.md:4: unknown source 'ew-2024-06-21'")


def test_notes_on_an_unreadable_treaty_file_are_not_told_their_clause_is_unknown(tmp_path):
    tiny_project(tmp_path, treaty=TREATY.replace("  status: in force\n", ""))
    assert messages(tmp_path) == ["docs/treaties/t-2024.md:11: missing required field 'status' in the treaty metadata"]


def test_missing_source_fields_are_reported_at_the_scaffolds_placeholder_lines(tmp_path):
    text = source_text(SourceDraft("https://news.test/report", kind="news", language="en"))
    tiny_project(tmp_path, sources={"ew-2024-06-20": text})
    lines = text.split("\n")
    found = messages(tmp_path)
    assert len(found) == 3
    for message in found:
        field = message.split("'")[1]
        line = int(message.split(":")[1])
        assert lines[line - 1].startswith(f"# {field}:"), (message, lines[line - 1])


def test_a_missing_author_is_reported_on_the_annotate_templates_author_line(tmp_path):
    template = annotation_text(AnnotationDraft("t-2024/art_1", sources=["ew-2024-06-20"])) + "A note.\n"
    tiny_project(tmp_path, annotations={"t-2024/note": template})
    [message] = messages(tmp_path)
    line = int(message.split(":")[1])
    assert message.endswith("missing required field 'author' in an annotation")
    assert template.split("\n")[line - 1].startswith("author:")


def test_a_field_missing_without_a_placeholder_is_reported_where_it_would_be_added(tmp_path):
    tiny_project(tmp_path, annotations={"t-2024/note": ANNOTATION.replace("author: someone\n", "")})
    assert messages(tmp_path) == ["annotations/t-2024/note.md:6: missing required field 'author' in an annotation"]
    assert ANNOTATION.replace("author: someone\n", "").split("\n")[5] == "---"  # the closing line of the front matter


def test_a_mistyped_quote_gets_the_nearest_phrase_and_the_words_that_differ(tmp_path):
    tiny_project(tmp_path, annotations={"t-2024/note": ANNOTATION.replace("quote: state of war", "quote: stat of wars")})
    assert messages(tmp_path) == [
        "annotations/t-2024/note.md:3: quote 'stat of wars' is not in the text of t-2024/art_1 "
        "(did you mean: 'state of war' [stat → state; wars → war]?); "
        "the note is shown at the end of the clause until the quote is fixed (copy the words as the page shows them)"
    ]


def test_a_quote_with_added_words_shows_them(tmp_path):
    note = ANNOTATION.replace("quote: state of war", "quote: provide military assistance")
    tiny_project(tmp_path, annotations={"t-2024/note": note})
    [message] = messages(tmp_path)
    assert '(did you mean: \'provide "military" assistance\' [military → "military"]?)' in message


def test_a_quote_far_from_every_phrase_gets_no_suggestion(tmp_path):
    note = ANNOTATION.replace("quote: state of war", "quote: nuclear submarines")
    tiny_project(tmp_path, annotations={"t-2024/note": note})
    [message] = messages(tmp_path)
    assert "did you mean" not in message


def test_an_empty_source_file_names_each_missing_field(tmp_path):
    tiny_project(tmp_path, sources={"ew-2024-06-20": SOURCE, "empty-2024": "# nothing yet\n"})
    found = [m for m in messages(tmp_path) if "empty-2024" in m]
    assert [m.split(": ", 1)[1] for m in found] == [
        "missing required field 'kind' in a source",
        "missing required field 'language' in a source",
        "missing required field 'outlet' in a source (only a copy with 'derived_from' may lack it)",
        "missing required field 'published' in a source (only a copy with 'derived_from' may lack it)",
        "missing required field 'title' in a source (only a copy with 'derived_from' may lack it)",
    ]
    write(tmp_path, "annotations/sources/empty-2024.yml", SOURCE)
    assert not [m for m in messages(tmp_path) if "empty-2024" in m]


def test_a_malformed_source_id_in_the_scaffold_is_one_message(tmp_path):
    """--id Example_News used to be told twice: as the option, and again as the file name it would make."""
    import pytest
    from treaty_dossier.content.dossier import load_dossier
    from treaty_dossier.contrib.scaffold import ScaffoldError, plan_source

    tiny_project(tmp_path)
    dossier, _ = load_dossier(tmp_path)
    with pytest.raises(ScaffoldError) as refused:
        plan_source(dossier, "https://news.test/other", "Example_News", kind="news", language="en")
    assert refused.value.problems == ["--id 'Example_News' must be lower-case words joined by '-', like outlet-2024-06-20"]


def test_the_scaffold_refuses_a_quote_without_saying_the_note_is_shown(tmp_path):
    """Nothing was written, so the refusal says what to do, not where the note would be shown."""
    import pytest
    from treaty_dossier.content.dossier import load_dossier
    from treaty_dossier.contrib.scaffold import ScaffoldError, plan_annotation

    tiny_project(tmp_path)
    dossier, _ = load_dossier(tmp_path)
    for quote, told in (
        ("state of wor", "copy the words as the page shows them"),
        ("*state* of war", "write it as 'state of war'"),
    ):
        with pytest.raises(ScaffoldError) as refused:
            plan_annotation(dossier, "t-2024/art_1", sources=["ew-2024-06-20"], kind="commentary", author="a", quote=Quote(quote))
        [message] = refused.value.problems
        assert message.endswith(told) and "shown" not in message and "reanchor" not in message, message


def test_a_suggestion_quotes_the_clause_as_the_page_shows_it_without_its_markup(tmp_path):
    """The issue's case: the clause has *military*; the suggestion never asks for the asterisks."""
    treaty = TREATY.replace('provide "military" assistance', "provide *military* and other assistance")
    note = ANNOTATION.replace("quote: state of war", "quote: military and other assistence")
    tiny_project(tmp_path, annotations={"t-2024/note": note}, treaty=treaty)
    [message] = messages(tmp_path)
    assert "(did you mean: 'military and other assistance' [assistence → assistance]?)" in message, message
    assert "*" not in message
    reader = ANNOTATION.replace("quote: state of war", "quote: provide military and other assistance")
    tiny_project(tmp_path, annotations={"t-2024/note": reader}, treaty=treaty)
    assert messages(tmp_path) == []  # the words as a reader sees them match
