"""Parsing and validation of single files: one test per kind of error, asserting message and line."""

from __future__ import annotations

import pytest
from support import ANNOTATION as ANN
from support import SOURCE, TREATY
from treaty_dossier.content.annotations import parse_annotation
from treaty_dossier.content.frontmatter import ContentProblem, YamlProblem, decode, load_yaml, split
from treaty_dossier.content.sources import parse_source
from treaty_dossier.content.treaties import parse_body, parse_treaty


def only(problems):
    assert len(problems) == 1, problems
    return str(problems[0])


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("kind: news\ntitle: [unclosed\n", 3, "malformed YAML"),
        ("kind: news\n\toutlet: x\n", 2, "tab character used for indentation"),
        ("a: &x [1]\nb: *x\n", 1, "anchors and aliases"),
        ("a: [[[[[[[1]]]]]]]\n", 1, "nested deeper than"),
    ],
)
def test_bad_yaml_is_refused_with_its_line(text, line, message):
    with pytest.raises(YamlProblem) as exc:
        load_yaml(text)
    assert exc.value.line == line
    assert message in exc.value.message


def test_yaml_records_nested_key_lines():
    _, lines = load_yaml("treaty:\n  id: x\n  signed:\n    date: 2024-01-01\n")
    assert lines == {"treaty": 1, "treaty.id": 2, "treaty.signed": 3, "treaty.signed.date": 4}


def test_front_matter_must_open_and_close():
    with pytest.raises(ContentProblem, match=r"a\.md:1: missing front matter"):
        split("no front matter\n", "a.md")
    with pytest.raises(ContentProblem, match=r"a\.md:1: front matter is not closed"):
        split("---\nkind: x\n", "a.md")


def test_decode_accepts_bom_and_crlf_and_refuses_binary():
    assert decode("\ufeffa: 1\r\nb: 2\r\n".encode(), "x", 100) == "a: 1\nb: 2\n"
    with pytest.raises(ContentProblem, match=r"x:2: file is not valid UTF-8"):
        decode(b"a: 1\n\xff\xfe\n", "x", 100)
    with pytest.raises(ContentProblem, match=r"x:1: file is 101 bytes"):
        decode(b"a" * 101, "x", 100)


# --- sources ------------------------------------------------------------------------------


def test_valid_source():
    source, problems = parse_source(SOURCE, "annotations/sources/ew-2024-06-20.yml")
    assert problems == []
    assert source.label == "EW, 20 Jun 2024"


@pytest.mark.parametrize(
    "change, expected",
    [
        (
            ("url: https://news.test/report", "url: http://news.test/report"),
            "s/ew.yml:6: field 'url': 'http://news.test/report' is not https; use the https:// address",
        ),
        (
            ("kind: news", "kind: newz"),
            "s/ew.yml:1: field 'kind': 'newz' is not one of: news, official, analysis, reference (did you mean: news?)",
        ),
        (
            ("published: 2024-06-20", "published: 20 June 2024"),
            "s/ew.yml:5: field 'published': expected a date as YYYY-MM-DD, found '20 June 2024'",
        ),
        (("language: en", "language: en\nauthor: x"), "s/ew.yml:8: unknown field 'author' in a source (did you mean: authors?)"),
        (
            ("title: A report\n", ""),
            "s/ew.yml:6: missing required field 'title' in a source (only a copy with 'derived_from' may lack it)",
        ),
    ],
)
def test_source_errors(change, expected):
    old, new = change
    assert old in SOURCE
    _, problems = parse_source(SOURCE.replace(old, new), "s/ew.yml")
    assert only(problems) == expected


def test_source_excerpts_and_archived_copy():
    text = SOURCE + (
        "archived_url: https://archive.test/2024/report\n"
        "archived_on: 2024-06-21\n"
        "excerpts:\n"
        "  - The treaty was signed on Wednesday.\n"
        "  - text: >-\n"
        "      \u201cmilitary and other assistance\u201d\n"
        "    at: https://archive.test/2024/report\n"
    )
    source, problems = parse_source(text, "s/ew.yml")
    assert problems == []
    assert source.archived_on.isoformat() == "2024-06-21"
    first, second = source.excerpts
    assert (first.text, first.at, first.line, first.anchor) == ("The treaty was signed on Wednesday.", None, 11, "excerpt-1")
    assert (second.text, second.at, second.line, second.number) == (
        "\u201cmilitary and other assistance\u201d",
        "https://archive.test/2024/report",
        12,
        2,
    )
    assert source.line_of_url == 6


LONG = " ".join(["word"] * 81)


@pytest.mark.parametrize(
    "extra, expected",
    [
        (
            "excerpts: one passage\n",
            "s/ew.yml:8: field 'excerpts': expected a list of items each starting with '- ', found a string",
        ),
        ("excerpts:\n  - fine\n  - ''\n", "s/ew.yml:10: excerpt 2: the passage must not be empty"),
        (
            "excerpts:\n  - fine\n  - [a, b]\n",
            "s/ew.yml:10: excerpt 2: expected the passage as text, or {text: ..., at: ...}, found a list",
        ),
        ("excerpts:\n  -\n", "s/ew.yml:9: excerpt 1: expected the passage as text, or {text: ..., at: ...}, found nothing"),
        (
            f"excerpts:\n  - ok\n  - {LONG}\n",
            "s/ew.yml:10: excerpt 2 has 81 words; quote at most 80 (keep the sentence a quotation needs, or split it with '...')",
        ),
        (
            "excerpts:\n" + "".join(f"  - {' '.join(['w'] * 80)}\n" for _ in range(6)),
            "s/ew.yml:8: the excerpts total 480 words; at most 400 per source (fair quotation: keep fewer)",
        ),
        (
            "excerpts:\n  - text: fine\n    at: http://archive.test/x\n",
            "s/ew.yml:10: excerpt 1: 'at' 'http://archive.test/x' is not https; use the https:// address",
        ),
        ("excerpts:\n  - text: fine\n    where: x\n", "s/ew.yml:10: excerpt 1: unknown key 'where'; use text and at"),
        (
            'excerpts:\n  - ok\n  - "bell\\a in it"\n',
            "s/ew.yml:10: character U+0007 in a value (written as an escape) is not allowed: a control character, non-character or lone surrogate; remove it",
        ),
        ("excerpts:\n  - at: https://a.test/\n", "s/ew.yml:9: excerpt 1: a mapping needs 'text': the passage, verbatim"),
        (
            "archived_url: http://archive.test/x\narchived_on: 2024-06-21\n",
            "s/ew.yml:8: field 'archived_url': 'http://archive.test/x' is not https; use the https:// address",
        ),
        (
            "archived_url: https://archive.test/x\narchived_on: 2024-06-19\n",
            "s/ew.yml:9: field 'archived_on': 2024-06-19 is before 'published' (2024-06-20); "
            "a copy cannot be archived before the source appeared",
        ),
        ("archived_url: https://archive.test/x\n", "s/ew.yml:8: missing 'archived_on': the date of the archived copy"),
        ("archived_on: 2024-06-21\n", "s/ew.yml:8: 'archived_on' without 'archived_url': add the archived copy's https address"),
    ],
)
def test_source_excerpt_and_archive_errors(extra, expected):
    _, problems = parse_source(SOURCE + extra, "s/ew.yml")
    assert only(problems) == expected


def test_excerpt_words_count_cjk_characters():
    from treaty_dossier.content.fields import word_count

    assert word_count("all means at its disposal, don't stop") == 7
    assert word_count("\u7b2c\u56db\u6761") == 3  # three characters, three words
    _, problems = parse_source(SOURCE + "excerpts:\n  - " + "\u6761" * 81 + "\n", "s/ew.yml")
    assert "81 words" in only(problems)


# --- annotations ----------------------------------------------------------------------------


def test_valid_annotation():
    ann, problems = parse_annotation(ANN, "a/t-2024/n.md", "t-2024/n")
    assert problems == []
    assert (ann.clause_id, ann.quote.exact, ann.body_line, ann.label) == ("art_1", "state of war", 8, "t-2024--n")


@pytest.mark.parametrize(
    "change, expected",
    [
        (
            ("kind: commentary", "kind: comment"),
            "n.md:5: field 'kind': 'comment' is not one of: commentary, context, rendering, correction (did you mean: commentary?)",
        ),
        (
            ("clause: t-2024/art_1", "clause: Article 1"),
            "n.md:2: field 'clause': 'Article 1' is not a clause name like dprk-russia-2024/art_4",
        ),
        (("sources: [ew-2024-06-20]", "sources: []"), "n.md:4: field 'sources': list at least one source id"),
        (("author: someone\n", ""), "n.md:6: missing required field 'author' in an annotation"),
        ((ANN.split("---\n")[2], "\n"), "n.md:8: the annotation has no text after its front matter"),
        (
            ("quote: state of war", "quote: {exact: war, before: x}"),
            "n.md:3: field 'quote': unknown key(s) before; use exact, prefix, suffix",
        ),
    ],
)
def test_annotation_errors(change, expected):
    old, new = change
    _, problems = parse_annotation(ANN.replace(old, new), "n.md", "t-2024/n")
    assert only(problems) == expected


# --- treaties -------------------------------------------------------------------------------


def test_treaty_clauses_and_spans():
    doc = split(TREATY, "docs/treaties/t-2024.md")
    treaty, problems = parse_treaty(doc, "t-2024")
    assert problems == []
    assert list(treaty.clauses) == ["preamble", "art_1", "art_2", "art_2__para_1"]
    para = treaty.clauses["art_2__para_1"]
    assert (para.parent, para.label, treaty.clause_text("art_2__para_1")) == (
        "art_2",
        "Art. 2(1)",
        "1\\. First numbered paragraph.",
    )
    assert "First numbered paragraph." in treaty.clause_text("art_2")
    assert treaty.clauses["art_1"].line == 20


def test_duplicate_clause_id_and_heading_without_id():
    body = "## Article 1 {#art_1}\n\nText.\n\n## Article 1 again {#art_1}\n\n## Article 3\n"
    _, problems = parse_body(body, "t", "t.md", 10)
    assert [str(p) for p in problems] == [
        "t.md:14: duplicate clause id 'art_1' (first at line 10)",
        "t.md:16: heading 'Article 3' has no clause id; add one like {#art_1}",
    ]


def test_treaty_metadata_errors():
    bad = TREATY.replace("  in_force: 2024-12-04\n", "  in_force: soon\n").replace("id: t-2024", "id: t-2025")
    treaty, problems = parse_treaty(split(bad, "t.md"), "t-2024")
    assert treaty is None
    assert [str(p) for p in problems] == [
        "t.md:8: field 'in_force': expected a date as YYYY-MM-DD, found 'soon'",
        "t.md:3: treaty id 't-2025' does not match the file name 't-2024.md'",
    ]


def test_annotation_with_bom_and_crlf_reads_like_any_other(tmp_path):
    from treaty_dossier.content.annotations import load_annotation

    file = tmp_path / "n.md"
    file.write_bytes(b"\xef\xbb\xbf" + ANN.replace("\n", "\r\n").encode())
    ann, problems = load_annotation(file, "n.md", "t-2024/n")
    assert problems == [] and ann.body.startswith("A note citing") and ann.line_of("kind") == 5


def test_a_reference_work_without_a_date_needs_a_note_saying_so():
    reference = "kind: reference\noutlet: A treaty database\ntitle: The treaty's text\nurl: https://db.test/t\nlanguage: zh\n"
    source, problems = parse_source(reference + "note: The database gives no date for its copy.\n", "s/db.yml")
    assert problems == [] and source is not None and source.published is None
    _, problems = parse_source(reference, "s/db.yml")
    assert [str(p) for p in problems] == [
        "s/db.yml:5: missing required field 'published' in a source (only a copy with 'derived_from' may lack it)"
    ]
