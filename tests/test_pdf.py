"""The PDF edition, read back from the real PDFs with pypdf and pdftotext (poppler-utils).

The real site is built once per session (``real_pdf``, with the PDF edition on, as the
README's commands build it); tiny sites cover a broken reference, the edition date and Korean text.
"""

from __future__ import annotations

import html as html_lib
import json
import re
import subprocess
from pathlib import Path

import pypdf
import pytest
from support import ANNOTATION, ROOT, build, tiny_project
from treaty_dossier.content.dossier import load_dossier
from treaty_dossier.pdf.print_document import dangling_links
from treaty_dossier.site import note_html

DOSSIER, _ = load_dossier(ROOT)


def pages_text(pdf: Path) -> list[str]:
    """Each page's text, whitespace collapsed."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(page.split()) for page in out.split("\f")[:-1]]


def snippet(annotation) -> str:
    """The first words of a note as printed: its body's text up to the end of its first link."""
    body = note_html.body_html(annotation, DOSSIER, lambda uri, anchor: "#x")
    body = body[: body.find("</a>")] if "</a>" in body else body
    words = html_lib.unescape(re.sub(r"<[^>]+>", "", body)).split()
    return " ".join(words[:8])


def note_page(texts: list[str], number: int, annotation) -> list[int]:
    needle = f"{number}. {snippet(annotation)}"
    return [i for i, t in enumerate(texts) if needle in t]


def mark_pages(texts: list[str], number: int, annotation) -> list[int]:
    """Pages where the quote's last word is followed by the note's number among its footnote calls
    (only the last word: a page may break inside the quoted phrase)."""
    tail = annotation.quote.exact.split()[-1]
    mark = re.compile(re.escape(tail) + r"[\d,]*?(?<!\d)" + str(number) + r"(?!\d)")
    return [i for i, t in enumerate(texts) if mark.search(t)]


@pytest.fixture(scope="session")
def pdfs(real_pdf) -> dict[str, Path]:
    folder = real_pdf / "pdf"
    assert folder.is_dir(), "the default build must write the PDF edition (is TREATY_PDF=0 set?)"
    return {p.stem: p for p in folder.glob("*.pdf")}


@pytest.fixture(scope="session")
def manifest(real_pdf) -> dict[str, dict]:
    return {e["id"]: e for e in json.loads((real_pdf / "annotations.json").read_text())}


@pytest.fixture(scope="session")
def texts(pdfs) -> dict[str, list[str]]:
    return {name: pages_text(pdf) for name, pdf in pdfs.items()}


def test_a_pdf_per_treaty_and_the_dossier_linked_from_each_treaty_page(real_pdf, pdfs):
    assert set(pdfs) == set(DOSSIER.treaties) | {"dossier"}
    for treaty_id in DOSSIER.treaties:
        page = (real_pdf / f"treaties/{treaty_id}/index.html").read_text()
        link = re.search(r'<a href="(?P<href>[^"]+)" download>Download PDF</a>', page)
        assert link, treaty_id
        assert (real_pdf / f"treaties/{treaty_id}" / link["href"]).resolve() == pdfs[treaty_id].resolve()
        assert 'href="../../pdf/dossier.pdf" download' in page


def test_every_note_is_a_footnote_on_the_page_of_its_mark_numbered_as_on_the_site(texts, manifest):
    for name, pages in texts.items():
        notes = [a for a in DOSSIER.annotations if name == "dossier" or a.treaty_id == name]
        assert notes or name != "dossier"
        for ann in notes:
            number = manifest[ann.id]["number"]  # the site's number
            found = note_page(pages, number, ann)
            assert len(found) == 1, f"{name}.pdf: footnote {number} ({ann.path}) found on pages {found}"
            if ann.quote and not DOSSIER.anchors[ann.id].detached:
                assert found[0] in mark_pages(pages, number, ann), (
                    f"{name}.pdf: footnote {number} ({ann.path}) is not on the page of its mark"
                )


def test_footnote_count_equals_annotation_count(texts, manifest):
    on_disk = {p.relative_to(ROOT / "annotations").with_suffix("").as_posix() for p in (ROOT / "annotations").glob("*/*.md")}
    on_disk = {i for i in on_disk if not i.startswith(("sources/", "events/"))}
    assert on_disk == {a.id for a in DOSSIER.annotations}
    dossier_pages = texts["dossier"]
    printed = [a for a in DOSSIER.annotations if note_page(dossier_pages, manifest[a.id]["number"], a)]
    assert len(printed) == len(on_disk)


def test_outline_holds_every_treaty_and_article(pdfs):
    reader = pypdf.PdfReader(pdfs["dossier"])

    def titles(items, depth=0):
        for item in items:
            if isinstance(item, list):
                yield from titles(item, depth + 1)
            else:
                yield depth, item.title, reader.get_destination_page_number(item)

    outline = list(titles(reader.outline))
    top = [t for d, t, _ in outline if d == 0]
    for treaty in DOSSIER.treaties.values():
        entry = next(i for i, (d, t, _) in enumerate(outline) if d == 0 and t.startswith(treaty.short_title + " — "))
        below = []
        for d, t, _ in outline[entry + 1 :]:
            if d == 0:
                break
            below.append(t)
        headings = [c.heading for c in treaty.clauses.values() if not c.parent]
        assert below == headings, treaty.id
    assert top[0] == "Contents" and top[-1] == "Bibliography"


def test_internal_links_resolve_and_printed_page_numbers_are_right(pdfs, texts):
    reader = pypdf.PdfReader(pdfs["dossier"])
    names = reader.named_destinations
    page_of = {name: reader.get_destination_page_number(dest) + 1 for name, dest in names.items()}
    internal = 0
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link" or "/Dest" not in annot and "/GoTo" != annot.get("/A", {}).get("/S"):
                continue
            dest = annot.get("/Dest") or annot["/A"]["/D"]
            assert (str(dest) in names) if isinstance(dest, str) else dest, f"dangling internal link {dest}"
            internal += 1
    assert internal > 100
    # The table of contents prints each clause's page; it must be where the bookmark goes.
    toc = " ".join(t for t in texts["dossier"][:6] if "Contents" in t or "Article 1" in t)
    checked = 0
    for treaty in DOSSIER.treaties.values():
        entry = toc.index(treaty.meta["title"])
        for clause in [c for c in treaty.clauses.values() if not c.parent][:3]:
            m = re.compile(re.escape(clause.heading) + r"\s*\.*\s*(\d+)").search(toc, entry)
            assert m, clause.name
            assert int(m[1]) == page_of[f"{treaty.id}.{clause.id}"], clause.name
            checked += 1
    assert checked >= 3 * len(DOSSIER.treaties) - 3
    # A cross-reference prints "…, p. N" with N the page of its target.
    text = " ".join(texts["dossier"])
    refs = re.findall(r"(Art\. \d+), ([^,()]+?), p\. (\d+)", text)
    short = {t.short_title: t for t in DOSSIER.treaties.values()}
    seen = 0
    for label, title, number in refs:
        treaty = short.get(title)
        clause = next((c for c in treaty.clauses.values() if c.label == label), None) if treaty else None
        if clause:
            assert int(number) == page_of[f"{treaty.id}.{clause.id}"], (label, title, number)
            seen += 1
    assert seen >= 1


def test_bibliography_lists_every_cited_source_with_its_address(pdfs):
    reader = pypdf.PdfReader(pdfs["dossier"])
    cited = {s.id: s for a in DOSSIER.annotations for s in DOSSIER.sources_of(a)}
    names = reader.named_destinations
    uris = {
        annot.get_object()["/A"].get("/URI")
        for page in reader.pages
        for annot in page.get("/Annots") or []
        if "/A" in annot.get_object()
    }
    last_pages = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages[-8:])
    for source in cited.values():
        assert f"source.{source.id}" in names, source.id
        if source.url:
            assert source.url in uris, source.id
        if source.title:
            assert " ".join(source.title.split()[:4]) in last_pages, source.id


def test_metadata_title_language_tags_and_edition(pdfs, texts):
    for _name, pdf in pdfs.items():
        reader = pypdf.PdfReader(pdf)
        root = reader.trailer["/Root"]
        assert reader.metadata.title.startswith("Treaty Annotations: ")
        assert root["/Lang"] == "en"
        assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root  # tagged PDF
        assert b"pdfuaid" in root["/Metadata"].get_object().get_data()  # PDF/UA-1 identification
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    first = texts["dossier"][0]
    assert "Edition of " in first and commit in first
    assert "2024 Treaty" in texts["dprk-russia-2024"][5]  # running header


def test_dangling_fragment_links_are_found():
    html = '<p id="a"><a href="#a">ok</a> <a href="#b">broken</a> <a href="https://x.test/#c">outside</a></p>'
    assert dangling_links(html) == ["b"]


@pytest.mark.pdf
def test_broken_cross_reference_fails_the_build_through_the_pdf_path(tmp_path):
    project = tiny_project(tmp_path, annotations={"t-2024/note": ANNOTATION.replace("[[t-2024/art_2]]", "[[t-2024/art_9]]")})
    result = build(project, strict=False, pdf=True)
    assert result.returncode == 1
    assert "annotations/t-2024/note.md:8: unknown clause 't-2024/art_9' in [[t-2024/art_9]]" in result.stderr
    assert not (project / "site/pdf/t-2024.pdf").exists()
    assert build(project, strict=False).returncode == 0  # a preview without the PDF edition keeps the old behaviour


@pytest.mark.pdf
def test_edition_date_follows_source_date_epoch_and_korean_and_japanese_text_prints(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1718755200")
    project = tiny_project(
        tmp_path, annotations={"t-2024/note": ANNOTATION.replace("A note citing", "전쟁상태 and 戦争状態: a note citing")}
    )
    result = build(project, pdf=True)
    assert result.returncode == 0, result.stderr
    pdf = project / "site/pdf/t-2024.pdf"
    pages = pages_text(pdf)
    assert "Edition of 19 June 2024" in pages[0]
    assert any("전쟁상태" in p for p in pages)
    fonts = {
        f.get_object()["/BaseFont"]
        for page in pypdf.PdfReader(pdf).pages
        for f in (page["/Resources"].get("/Font") or {}).values()
    }
    assert any("Nanum" in str(f) for f in fonts), fonts
    assert any("CJK-JP" in str(f) for f in fonts), fonts  # kanji that Korean fonts lack
