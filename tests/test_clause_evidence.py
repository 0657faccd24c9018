"""The ``checked:`` record of a treaty: what each clause was checked against, and the status derived from it."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import SOURCE, TREATY, tiny_project
from treaty_dossier.content import clause_evidence as E
from treaty_dossier.content.dossier import load_dossier
from treaty_dossier.content.frontmatter import split
from treaty_dossier.content.treaties import parse_treaty

KCNA = SOURCE.replace("outlet: Example Wire\noutlet_short: EW", "outlet: Korean Central News Agency\noutlet_short: KCNA").replace(
    "language: en", "language: ko"
)
TASS = SOURCE.replace("outlet: Example Wire\noutlet_short: EW", "outlet: TASS\noutlet_short: TASS").replace(
    "language: en", "language: ru"
)
COPY_OF_KCNA = "kind: news\nlanguage: ja\nderived_from: kcna\n"
SOURCES = {"kcna": KCNA, "tass": TASS, "kcna-copy": COPY_OF_KCNA, "ew": SOURCE}


def with_record(record: str) -> str:
    """The fixture treaty with a ``checked:`` record (each line of ``record`` indented under it)."""
    body = "".join(f"    {line}\n" for line in record.strip("\n").split("\n"))
    return TREATY.replace(
        "  text_basis: Working translation for tests.\n", f"  text_basis: Working translation for tests.\n  checked:\n{body}"
    )


GOOD = """\
preamble: {full: [kcna]}
art_1: {full: [kcna, tass], summary: [ew]}
art_2: {summary: [ew], note: Only a summary.}
"""


def record_line(text: str, cid: str) -> int:
    """The file line of ``cid``'s entry in the treaty text."""
    return next(n for n, line in enumerate(text.split("\n"), start=1) if line.startswith(f"    {cid}:"))


def check(root: Path, record: str):
    text = with_record(record)
    dossier, problems = load_dossier(tiny_project(root, annotations={}, sources=SOURCES, treaty=text))
    return text, dossier, [str(p) for p in problems]


def test_statuses_follow_from_the_record_and_derived_from(tmp_path):
    record = GOOD + "art_2__para_1: {full: [kcna, kcna-copy]}\n"
    _, dossier, problems = check(tmp_path, record)
    assert problems == []
    treaty = dossier.treaties["t-2024"]
    statuses = {cid: e.status for cid, e in treaty.evidence.items()}
    # a copy of KCNA's text is not a second, independent text: still one copy
    assert statuses == {"preamble": "one-copy", "art_1": "verified", "art_2": "unverified", "art_2__para_1": "one-copy"}
    assert treaty.unverified() == {"art_2": "Only a summary."}
    assert E.counts_sentence(treaty.evidence) == "1 of 2 articles verified against two independent texts; 1 not verified."
    assert E.checked_sentence(treaty.evidence["art_1"], dossier.sources) == (
        "Verified against two independent texts. Checked against: KCNA (Korean, full text) · TASS (Russian, full text)"
        " · EW (English, summary)."
    )


@pytest.mark.parametrize(
    "record, clause, message",
    [
        (
            GOOD.replace("full: [kcna, tass]", "full: [kcna, tas]"),
            "art_1",
            "'checked' entry for art_1 names unknown source 'tas' (did you mean: tass?)",
        ),
        (
            GOOD.replace("full: [kcna, tass]", "full: [kcna, kcna]"),
            "art_1",
            "'checked' entry for art_1: names source 'kcna' twice; each copy counts once, so list it once",
        ),
        (
            GOOD.replace("summary: [ew]}", "summary: [kcna]}", 1),
            "art_1",
            "'checked' entry for art_1: names source 'kcna' twice; each copy counts once, so list it once",
        ),
        (
            GOOD.replace("preamble: {full: [kcna]}", "preamble: {full: [kcna], status: verified}"),
            "preamble",
            "'checked' entry for preamble claims 'verified', but its record supports 'one-copy': it has 1 full wording(s),"
            " and needs two from independent copies (add the evidence, or correct 'status')",
        ),
        (
            GOOD.replace("preamble: {full: [kcna]}", "preamble: {full: [kcna, kcna-copy], status: verified}"),
            "preamble",
            "'checked' entry for preamble claims 'verified', but its record supports 'one-copy': its full wordings are not"
            " from two independent copies ('kcna-copy' is derived from 'kcna') (add the evidence, or correct 'status')",
        ),
        (
            GOOD.replace("note: Only a summary.}", "status: one-copy}"),
            "art_2",
            "'checked' entry for art_2 claims 'one-copy', but its record supports 'unverified' (add the evidence, or correct 'status')",
        ),
        (
            GOOD.replace("preamble: {full: [kcna]}", "preamble: {full: [kcna], status: checked}"),
            "preamble",
            "'checked' entry for preamble: 'checked' is not one of: verified, one-copy, unverified",
        ),
        (
            GOOD.replace("preamble: {full: [kcna]}", "preamble: {ful: [kcna]}"),
            "preamble",
            "'checked' entry for preamble: unknown key 'ful' (did you mean: full?); the keys are full, summary, status, note",
        ),
        (
            GOOD.replace("preamble: {full: [kcna]}", "preamble: [kcna]"),
            "preamble",
            "'checked' entry for preamble: expected a mapping like {full: [source-id], summary: [source-id]}",
        ),
        (GOOD + "art_9: {full: [kcna]}\n", "art_9", "'checked' names unknown clause 'art_9' (did you mean: art_2, art_1?)"),
    ],
)
def test_a_bad_record_gives_one_message_at_its_clause_line(tmp_path, record, clause, message):
    text, _, problems = check(tmp_path, record)
    assert problems == [f"docs/treaties/t-2024.md:{record_line(text, clause)}: {message}"]


def test_a_clause_missing_from_the_record_is_named_at_the_record():
    text = with_record(GOOD.replace("art_2: {summary: [ew], note: Only a summary.}\n", ""))
    treaty, problems = parse_treaty(split(text, "t.md"), "t-2024")
    line = text.split("\n").index("  checked:") + 1
    assert treaty is None
    assert [str(p) for p in problems] == [
        f"t.md:{line}: 'checked' has no entry for art_2; give each clause one, e.g. art_2: {{note: not yet checked}}"
    ]


def test_a_treaty_without_a_record_shows_no_status():
    treaty, problems = parse_treaty(split(TREATY, "t.md"), "t-2024")
    assert problems == [] and treaty is not None
    assert treaty.evidence == {} and treaty.unverified() == {}
    assert E.counts_sentence(treaty.evidence) == ""


def test_a_record_without_copies_says_nothing_was_found():
    entry = E.ClauseEvidence("art_13", "t.md", 3, note="Not found.")
    assert E.derive(entry, {}) == ("unverified", ())
    assert entry.words == "Not verified: no published wording of this clause was found"
    assert (
        E.checked_sentence(entry, {})
        == "Not verified: no published wording of this clause was found. Checked against: no stored copy."
    )


def test_an_outlet_named_twice_in_one_line_is_told_apart_by_date(tmp_path):
    later = TASS.replace("published: 2024-06-20", "published: 2024-10-14")
    root = tiny_project(tmp_path, annotations={}, sources={**SOURCES, "tass-later": later}, treaty=with_record(GOOD))
    dossier, problems = load_dossier(root)
    assert problems == []
    entry = E.ClauseEvidence("art_1", "t.md", 3, (E.Checked("tass", "full"), E.Checked("tass-later", "summary")))
    assert E.checked_sentence(entry, dossier.sources).endswith(
        "Checked against: TASS, 20 Jun 2024 (Russian, full text) · TASS, 14 Oct 2024 (Russian, summary)."
    )
