"""A treaty page may give an authentic English text instead of the project's working translation
(``working_translation: false``); citations, open data and the PDF say which."""

from __future__ import annotations

import pytest
from support import TREATY
from treaty_dossier.content.frontmatter import split
from treaty_dossier.content.treaties import parse_treaty
from treaty_dossier.data import csl
from treaty_dossier.data.context import ExportContext
from treaty_dossier.pdf.print_data import notice

pytestmark = pytest.mark.unit

AUTHENTIC = TREATY.replace("  text_basis:", "  working_translation: false\n  text_basis:")


def treaty(text: str):
    found, problems = parse_treaty(split(text, "docs/treaties/t-2024.md"), "t-2024")
    assert found is not None, problems
    return found


def test_a_treaty_is_a_working_translation_unless_it_says_otherwise():
    translated, authentic = treaty(TREATY), treaty(AUTHENTIC)
    assert translated.working_translation and not authentic.working_translation
    assert csl.clause_item(translated, translated.clauses["art_1"], ExportContext())["genre"] == "English working translation"
    assert csl.clause_item(authentic, authentic.clauses["art_1"], ExportContext())["genre"] == "authentic English text"


def test_the_pdf_notice_names_the_kind_of_texts_it_prints():
    translated, authentic = treaty(TREATY), treaty(AUTHENTIC)
    assert notice([translated]).startswith("The treaty texts are the project's own English working translations")
    assert notice([authentic]).startswith("The treaty texts are authentic English texts")
    assert notice([translated, authentic]).startswith("Some treaty texts are authentic English texts")


def test_a_flag_that_is_not_true_or_false_is_named_at_its_line():
    _, problems = parse_treaty(
        split(TREATY.replace("  text_basis:", '  working_translation: "no"\n  text_basis:'), "t.md"), "t-2024"
    )
    assert [str(p) for p in problems] == ["t.md:11: field 'working_translation': expected true or false, found a string"]
