"""What the search index holds, read from a built page (site/search_records.py), and how a record is written."""

from __future__ import annotations

import pytest
from treaty_dossier.site.search_bundle import record_html
from treaty_dossier.site.search_records import Record, clause_records, page_records

PAGE = """<!doctype html><html lang="en"><body><nav>Home Treaties</nav>
<article class="md-content__inner md-typeset">
<h1 id="test-treaty">Test Treaty of 2024</h1>
<p>Signed at Pyongyang.</p>
<h2 id="art_1">Article 1<a class="headerlink" href="#art_1">¶</a></h2>
<p>The Parties shall <mark class="note-phrase">consult</mark><sup class="note-mark"><a class="footnote-ref">1</a></sup>.</p>
<aside class="clause-notes-box"><details class="clause-notes"><summary>Notes on Art. 1</summary><div class="footnote"><ol>
<li class="clause-note" data-kind="rendering" data-outlets='["NHK", "Yonhap"]' id="fn:t--n1"><p>NHK wrote 「遅滞なく」 there.</p>
<details class="cite"><summary>Cite</summary><pre><code>@misc{t-n1}</code></pre></details>
<a class="footnote-backref" href="#fnref:t--n1">↩</a></li>
<li class="clause-note" data-kind="commentary" data-outlets='["Interfax"]' id="fn:t--n2"><p>Interfax: «незамедлительно»; Ukrinform: «невідкладно».</p></li>
</ol></div></details></aside>
<p class="clause-refs" data-search-exclude>Related: Art. 2</p>
<figure class="renderings"><table><thead data-search-exclude><tr><th>Outlet</th></tr></thead><tbody>
<tr><td>MBC</td><td><q lang="ko">조약은 지체없이</q></td><td data-search-exclude>original · note</td></tr></tbody></table></figure>
<h2 id="art_2">Article 2</h2><p>The Parties shall trade.</p>
</article></body></html>"""


def _clauses() -> list[Record]:
    languages = {"fn:t--n1": ["ja"], "fn:t--n2": ["ru", "uk"]}
    return clause_records(PAGE, "treaties/t/", "Test Treaty", {"art_1": "Art. 1", "art_2": "Art. 2"}, languages)


def test_each_clause_is_a_record_with_its_notes_and_rendering_table_landing_on_its_anchor():
    english = {r.href: r for r in _clauses() if r.language == "en"}
    assert list(english) == ["treaties/t/", "treaties/t/#art_1", "treaties/t/#art_2"]
    art1 = english["treaties/t/#art_1"]
    assert art1.title == "Art. 1, Test Treaty"
    assert "The Parties shall consult." in art1.content and "NHK wrote 「遅滞なく」 there." in art1.content
    assert "조약은 지체없이" in art1.content and "MBC" in art1.content
    assert "trade" not in art1.content and "trade" in english["treaties/t/#art_2"].content
    assert "Signed at Pyongyang." in english["treaties/t/"].content


@pytest.mark.parametrize(
    "left_out", ["@misc", "Related: Art. 2", "original · note", "Outlet", "¶", "↩", "Home Treaties"], ids=repr
)
def test_cite_blocks_links_under_a_clause_table_heads_and_marks_are_left_out(left_out):
    assert not [r.href for r in _clauses() if left_out in r.content]


def test_a_block_in_another_script_is_also_indexed_in_that_language():
    by_language = {(r.language, r.href): r.content for r in _clauses() if r.href.endswith("#art_1")}
    assert by_language[("ja", "treaties/t/#art_1")] == "NHK wrote 「遅滞なく」 there."
    assert by_language[("ko", "treaties/t/#art_1")] == "조약은 지체없이"
    # One block with Russian and Ukrainian words: Ukrainian letters (і, ї, є, ґ) make it Ukrainian.
    assert "невідкладно" in by_language[("uk", "treaties/t/#art_1")]
    assert ("ru", "treaties/t/#art_1") not in by_language


def test_filters_name_the_treaty_kinds_outlets_and_quotation_languages():
    art1 = next(r for r in _clauses() if r.href.endswith("#art_1") and r.language == "en")
    assert art1.filters == {
        "treaty": ["Test Treaty"],
        "type": ["Clause"],
        "kind": ["Commentary", "Rendering"],
        "outlet": ["Interfax", "NHK", "Yonhap"],
        "language": ["Japanese", "Korean", "Russian", "Ukrainian"],
    }


def test_an_ordinary_page_is_one_record_under_its_heading_and_the_home_page_lands_on_the_root():
    records = page_records(PAGE, "", "ignored")
    [record] = [r for r in records if r.language == "en"]
    assert {r.language for r in records} == {"en", "ja", "ko", "uk"}  # the same page, its other scripts
    assert "The Parties shall trade." in record.content and "Art. 1" not in record.title
    assert record.href == "./" and record.title == "Test Treaty of 2024" and record.filters == {"type": ["Page"]}
    assert page_records("<html><body><p>No article</p></body></html>", "x/", "X") == []


def test_a_record_is_written_as_text_whatever_its_content_and_filter_values():
    html = record_html(
        Record("a/#art_1", 'T "<b>"', "en", "<script>alert(1)</script> & more", {"outlet": ['<img src=x onerror="1">']})
    )
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    assert "<img" not in html and "&lt;img src=x onerror=&quot;1&quot;&gt;" in html
    assert '<span data-pagefind-meta="title">T &quot;&lt;b&gt;&quot;</span>' in html
