"""The PDF edition (Typst), read back from the real PDFs with pypdf and pdftotext (poppler-utils).

The real site is built once per session with the PDF edition on (``real_pdf``); behaviour is
tested on tiny dossiers written here, compiled through ``edition.write_pdfs`` (the function the
hook calls) or a real ``mkdocs build``. Tests over the real dossier assert only what holds for
any valid content.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import markdown
import pypdf
import pytest
import typst
from support import ANNOTATION, ROOT, SOURCE, TREATY, build, require, tiny_project, write
from treaty_dossier.content.dossier import Dossier, load_dossier
from treaty_dossier.content.references import find_refs
from treaty_dossier.pdf import edition, pdf_rights, print_data, print_problems, print_tree, typeset, typst_render
from treaty_dossier.site import note_html, sanitize

DOSSIER, _ = load_dossier(ROOT)
require(shutil.which("pdftotext") is not None, "pdftotext (Debian's poppler-utils)")


def pages_text(pdf: Path) -> list[str]:
    """Each page's text, whitespace collapsed, words hyphenated at a line end joined again."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    out = re.sub(r"\u00ad\s*", "", out)
    return [" ".join(page.split()) for page in out.split("\f")[:-1]]


def snippet(annotation, dossier: Dossier = DOSSIER) -> str:
    """The first words of a note as printed: its body's text up to its first link."""
    body = note_html.body_html(annotation, dossier, lambda uri, anchor: "#x")
    body = body[: body.find("<a ")] if "<a " in body else body
    words = html_lib.unescape(re.sub(r"<[^>]+>", "", body)).split()
    return " ".join(words[:6])


def entry_pages(texts: list[str], number: int, annotation, dossier: Dossier = DOSSIER) -> list[int]:
    """Pages where the footnote entry ``number`` starts: its number, then the note's first words."""
    entry = re.compile(rf"(?<![\d,]){number} ?{re.escape(snippet(annotation, dossier))}")
    return [i for i, t in enumerate(texts) if entry.search(t)]


def mark_pages(texts: list[str], number: int, annotation) -> list[int]:
    """Pages where the quote's last word is followed by the note's number among its calls
    (only the last word: a page may break inside the quoted phrase)."""
    tail = annotation.quote.exact.split()[-1]
    mark = re.compile(re.escape(tail) + r"[\d,]*?(?<!\d)" + str(number) + r"(?!\d)")
    return [i for i, t in enumerate(texts) if mark.search(t)]


def write_edition(project: Path) -> tuple[Dossier, edition.Written]:
    """Load a tiny project's dossier and write its PDF edition under ``project/site``, as the hook does."""
    dossier, problems = load_dossier(project)
    assert not [p for p in problems if p.severity == "error"], problems
    written = edition.write_pdfs(dossier, project / "site", project, "Tiny", [])
    return dossier, written


# --- the real dossier ---------------------------------------------------------------------------


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


def test_every_note_is_one_footnote_on_the_page_of_its_mark_or_overleaf_behind_the_notes_before(texts, manifest):
    """The footnote-per-page property, read from the PDFs' text: a footnote starts on the page of
    its call, or (when the notes before it fill that page's foot) on the next page, right after them."""
    for name, pages in texts.items():
        for treaty_id in DOSSIER.treaties if name == "dossier" else [name]:
            notes = sorted(DOSSIER.notes_on(treaty_id), key=lambda a: manifest[a.id]["number"])
            previous: int | None = None
            for ann in notes:
                number = manifest[ann.id]["number"]  # the site's number
                found = entry_pages(pages, number, ann)
                assert len(found) == 1, f"{name}.pdf: footnote {number} ({ann.path}) found on pages {found}"
                if ann.quote and not DOSSIER.anchors[ann.id].detached:
                    calls = [p for p in mark_pages(pages, number, ann) if p <= found[0]]
                    assert calls, f"{name}.pdf: footnote {number} ({ann.path}) printed before its mark"
                    call = calls[-1]
                    overleaf = previous is not None and found[0] - 1 <= previous <= found[0] and previous >= call
                    assert found[0] == call or overleaf, f"{name}.pdf: footnote {number} ({ann.path}) is away from its mark"
                previous = found[0]


def test_footnote_count_equals_annotation_count(pdfs, texts, manifest):
    on_disk = {p.relative_to(ROOT / "annotations").with_suffix("").as_posix() for p in (ROOT / "annotations").glob("*/*.md")}
    on_disk = {i for i in on_disk if not i.startswith(("sources/", "events/"))}
    assert on_disk == {a.id for a in DOSSIER.annotations}
    printed = [a for a in DOSSIER.annotations if entry_pages(texts["dossier"], manifest[a.id]["number"], a)]
    assert len(printed) == len(on_disk)


def test_outline_holds_contents_every_treaty_and_article_and_the_bibliography(pdfs):
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
        entry = next(i for i, (d, t, _) in enumerate(outline) if d == 0 and t == treaty.meta["title"])
        below = []
        for d, t, _ in outline[entry + 1 :]:
            if d == 0:
                break
            below.append(t)
        assert below == [c.heading for c in treaty.clauses.values() if not c.parent], treaty.id
    assert top[0] == "Contents" and top[-1] == "Bibliography"


def test_links_resolve_and_printed_page_numbers_are_right(pdfs, texts):
    reader = pypdf.PdfReader(pdfs["dossier"])
    names = reader.named_destinations
    page_of = {name: (reader.get_destination_page_number(dest) or 0) + 1 for name, dest in names.items()}
    internal = 0
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Link" and "/Dest" in annot:
                dest = annot["/Dest"]
                if isinstance(dest, str):
                    assert dest in names, f"dangling internal link {dest}"
                else:  # an explicit destination: a page of this document
                    assert reader.get_page_number(dest[0].get_object()) is not None
                internal += 1
    assert internal > len(DOSSIER.annotations)  # at least each note's sources link to the bibliography
    # The table of contents prints each clause's page; it must be where the clause's destination is.
    toc = " ".join(t for t in texts["dossier"][:4] if "Contents" in t)
    for treaty in DOSSIER.treaties.values():
        entry = toc.index(" ".join(treaty.meta["title"].split()[:4]))
        for clause in [c for c in treaty.clauses.values() if not c.parent][:3]:
            m = re.compile(re.escape(clause.heading) + r"[\s.]*\u2060?(\d+)").search(toc, entry)
            assert m, clause.name
            assert int(m[1]) == page_of[f"{treaty.id}/{clause.id}"], clause.name
    # A cross-reference prints "…, p. N" with N the page of its target.
    text = " ".join(texts["dossier"])
    short = {t.short_title: t for t in DOSSIER.treaties.values()}
    seen = 0
    for label, title, number in re.findall(r"(Art\. \d+), ([^,()]+?), p\. (\d+)", text):
        found = short.get(title)
        target = next((c for c in found.clauses.values() if c.label == label), None) if found else None
        if found and target:
            assert int(number) == page_of[f"{found.id}/{target.id}"], (label, title, number)
            seen += 1
    elsewhere = [r for a in DOSSIER.annotations for r, _ in find_refs(a.body) if r.kind == "clause" and r.text is None]
    assert seen >= 1 or not [r for r in elsewhere if DOSSIER.clause(r.target)], "no page reference checked"


def _sections(pdf: Path) -> dict[str, range]:
    """Page indexes of each top-level bookmark's section: from its page to the next one's."""
    reader = pypdf.PdfReader(pdf)
    top = [
        (str(item.title), reader.get_destination_page_number(item) or 0) for item in reader.outline if not isinstance(item, list)
    ]
    ends = [start for _, start in top[1:]] + [len(reader.pages)]
    return {title: range(start, end) for (title, start), end in zip(top, ends, strict=True)}


def _letters(texts: list[str], pages: range, header: str) -> list[str]:
    """A section's characters but spaces, sorted: without each page's running header and page number, and
    with page references left out. A treaty's own PDF prints "(in the dossier PDF)" where the dossier
    prints a page, so a line (a Korean word, say) may break elsewhere and a footnote continue overleaf
    in another order; what is printed is the same."""
    out: list[str] = []
    for index in pages:
        page = re.sub(r"\s*\d+$", "", texts[index].removeprefix(header).strip())  # the footer: the page number
        out += re.sub(r", p\. \d+| \(in the dossier PDF\)|\s", "", page)
    return sorted(out)


def test_each_treaty_pdf_reads_as_its_part_of_the_dossier_with_its_bookmarks(pdfs, texts):
    dossier = _sections(pdfs["dossier"])
    assert set(dossier) == {"Contents", "Bibliography"} | {t.meta["title"] for t in DOSSIER.treaties.values()}
    for treaty in DOSSIER.treaties.values():
        title = treaty.meta["title"]
        alone = _sections(pdfs[treaty.id])
        assert list(alone) in (["Contents", title, "Bibliography"], ["Contents", title]), treaty.id  # none: no source cited
        own = _letters(texts[treaty.id], alone[title], treaty.short_title)
        assert own == _letters(texts["dossier"], dossier[title], treaty.short_title), treaty.id


def test_bibliography_lists_every_cited_source_with_its_address(pdfs, texts):
    reader = pypdf.PdfReader(pdfs["dossier"])
    cited = {s.id: s for a in DOSSIER.annotations for s in DOSSIER.sources_of(a)}
    uris = {
        annot.get_object()["/A"].get("/URI")
        for page in reader.pages
        for annot in page.get("/Annots") or []
        if "/A" in annot.get_object()
    }
    start = next(i for i, t in enumerate(texts["dossier"]) if t.startswith("Bibliography Bibliography"))
    back = "".join("".join(texts["dossier"][start:]).split())  # without spaces: CJK titles wrap anywhere
    for source in cited.values():
        if source.url:
            assert source.url in uris, source.id
        if source.title:
            assert "".join(source.title.split())[:30] in back, source.id


def test_metadata_language_tags_pdf_ua_edition_and_running_header(pdfs, texts):
    for name, pdf in pdfs.items():
        reader = pypdf.PdfReader(pdf)
        root = reader.root_object
        assert reader.metadata.title.startswith("Treaty Annotations: "), name
        assert reader.metadata.author == "Treaty Annotations contributors"
        assert str(root["/Lang"]).startswith("en")
        assert root["/MarkInfo"]["/Marked"] and root.get("/StructTreeRoot") is not None  # tagged PDF
        xmp = root["/Metadata"].get_object().get_data()
        assert b"pdfuaid:part>1<" in xmp or b'pdfuaid:part="1"' in xmp  # PDF/UA-1 identification
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout
    first = texts["dossier"][0]
    assert "Edition of " in first and commit.strip() in first
    assert "Contents" in texts["dossier"][1]
    treaty = (
        DOSSIER.treaties["dprk-russia-2024"] if "dprk-russia-2024" in DOSSIER.treaties else next(iter(DOSSIER.treaties.values()))
    )
    pages = texts[treaty.id]
    back = next(i for i, p in enumerate(pages) if p.startswith("Bibliography Bibliography"))
    assert all(p.startswith(treaty.short_title + " ") for p in pages[2:back]), "running header on every treaty page"
    assert all(p.startswith("Bibliography ") for p in pages[back:])
    assert all(re.search(rf"(?<!\d){n}$", p) for n, p in enumerate(pages[1:], start=2)), "page number at the foot of every page"


CC_BY = "https://creativecommons.org/licenses/by/4.0/"


def xmp_rights(pdf: Path | bytes) -> tuple[str | None, bytes]:
    """The PDF's dc:rights (x-default) and its raw XMP packet, read as a PDF reader would (strictly)."""
    reader = pypdf.PdfReader(pdf if isinstance(pdf, Path) else io.BytesIO(pdf), strict=True)
    xmp = reader.xmp_metadata
    assert xmp is not None
    return (xmp.dc_rights or {}).get("x-default"), reader.root_object["/Metadata"].get_object().get_data()


def test_every_pdf_states_the_licence_in_its_metadata_and_on_its_title_page(pdfs, texts):
    for name, pdf in pdfs.items():
        rights, xmp = xmp_rights(pdf)
        assert rights and "CC BY 4.0" in rights and "remain their authors'" in rights, name
        assert f"<xmpRights:WebStatement>{CC_BY}</xmpRights:WebStatement>".encode() in xmp.replace(
            b' xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/"', b""
        ), name
        assert b"pdfuaid:part>1<" in xmp, name  # Typst's PDF/UA-1 identification kept
        title_page = texts[name][0]
        assert (
            "licensed under CC BY 4.0" in title_page
            and "remain their authors' and are used as short attributed quotations" in title_page
        ), name


@pytest.mark.pdf
def test_the_licence_is_added_as_an_incremental_update_that_keeps_every_byte_and_stays_data(tmp_path):
    """pdf_rights appends a new metadata stream; the statement is XML text, whatever it holds."""
    write_edition(tiny_project(tmp_path))
    written = (tmp_path / "site/pdf/t-2024.pdf").read_bytes()
    assert xmp_rights(written)[0].startswith("Tiny: the annotations, the working translations")
    hostile = 'A & B </rdf:li></rdf:Alt></dc:rights><dc:title>pwned</dc:title> ]]> <?xpacket end="w"?>'
    again = pdf_rights.with_rights(written, hostile, "https://example.org/licence")
    assert again is not None and again.startswith(written) and again.count(b"%%EOF") == written.count(b"%%EOF") + 1
    rights, xmp = xmp_rights(again)
    assert rights == hostile and xmp.count(b"<dc:rights>") == 1 and b"pwned</dc:title>" not in xmp
    reader = pypdf.PdfReader(io.BytesIO(again), strict=True)
    assert reader.metadata.title == "Tiny: Test Treaty" and len(reader.pages) == len(pypdf.PdfReader(io.BytesIO(written)).pages)
    blank = pypdf.PdfWriter()  # a PDF with no XMP packet: nothing to add the licence to, so the build reports it
    blank.add_blank_page(100, 100)
    buffer = io.BytesIO()
    blank.write(buffer)
    assert pdf_rights.with_rights(buffer.getvalue(), "x", "https://example.org/licence") is None


def test_korean_and_japanese_quotations_print_with_cjk_fonts(pdfs, texts):
    cjk = [a for a in DOSSIER.annotations if re.search(r"[\uac00-\ud7a3\u3040-\u30ff\u4e00-\u9fff]", a.body)]
    if not cjk:
        pytest.skip("the dossier quotes no Korean or Japanese text")
    fonts = subprocess.run(["pdffonts", str(pdfs["dossier"])], capture_output=True, text=True, check=True).stdout
    assert "NotoSerifCJK" in fonts
    text = " ".join(texts["dossier"])
    for ann in cjk:
        word = re.search(r"[\uac00-\ud7a3\u3040-\u30ff\u4e00-\u9fff]+", ann.body)
        assert word and word[0] in text, ann.path


# --- behaviour, on tiny dossiers ----------------------------------------------------------------


def test_note_bodies_keep_only_their_markdown_elements_as_a_tree():
    md = "Some *em* and **strong** with `code` and [a link](https://x.test/).\n\n- one\n- two\n\n> quoted\n"
    raw = md + "\n<script>alert(1)</script><img src=x onerror=y><iframe src=z></iframe>\n"
    html = sanitize.clean(markdown.markdown(raw))  # as the site renders a note body
    tree = print_tree.blocks(html)
    assert tree[0] == {
        "t": "p",
        "c": [
            "Some ",
            {"t": "em", "c": ["em"]},
            " and ",
            {"t": "strong", "c": ["strong"]},
            " with ",
            {"t": "code", "s": "code"},
            " and ",
            {"t": "link", "url": "https://x.test/", "c": ["a link"]},
            ".",
        ],
    }
    assert tree[1] == {"t": "ul", "items": [[{"t": "p", "c": ["one"]}], [{"t": "p", "c": ["two"]}]]}
    assert tree[2] == {"t": "quote", "c": [{"t": "p", "c": ["quoted"]}]}
    assert "alert" not in json.dumps(tree) and len(tree) == 3


def test_check_notes_names_a_lost_doubled_reordered_renumbered_or_displaced_note():
    expected = [("t/a", 1), ("t/b", 2), ("t/c", 3)]
    ok = [{"id": "t/a", "n": 1, "page": 3}, {"id": "t/b", "n": 2, "page": 3}, {"id": "t/c", "n": 3, "page": 5}]
    entries = {"t/a": 3, "t/b": 3, "t/c": 5}

    def check(found=ok, on=entries):
        return typst_render.check_notes(found, expected, on)

    assert check() == {}
    assert "printed 0 time(s)" in check(ok[:2])["t/c"]
    assert "printed 2 time(s)" in check([*ok, ok[1]])["t/b"]
    assert "reading order" in check([ok[1], ok[0], ok[2]])["t/a"]
    renumbered = [ok[0], {"id": "t/b", "n": 7, "page": 3}, ok[2]]
    assert check(renumbered) == {"t/b": "the note is numbered 7 in the PDF but 2 on the site"}
    # Notes at one spot that do not fit on their page continue overleaf, right behind the ones before.
    assert check(on={"t/a": 3, "t/b": 4, "t/c": 5}) == {}
    assert check(on={"t/a": 3, "t/b": 5, "t/c": 5}) == {"t/b": "the footnote starts on page 5, away from its call on page 3"}
    assert check(on={"t/a": 3, "t/b": 3, "t/c": 6}) == {"t/c": "the footnote starts on page 6, away from its call on page 5"}
    assert check(on={"t/a": 2, "t/b": 3, "t/c": 5}) == {"t/a": "the footnote starts on page 2, away from its call on page 3"}


def test_typst_errors_become_messages_with_their_line():
    with pytest.raises(typst.TypstError) as caught:
        typst.compile(b'#let x = 1\n#panic("broken")\n')
    (diagnostic,) = typst_render._diagnostics(caught.value, "error")
    assert "broken" in diagnostic.message and diagnostic.line == 2


@pytest.mark.pdf
def test_a_document_typeset_in_its_own_process_is_the_one_typeset_here_and_says_the_same(tmp_path):
    project = tiny_project(tmp_path)
    dossier, problems = load_dossier(project)
    data = print_data.treaty_data(dossier, "t-2024", "Tiny", print_data.Edition(dt.date(2024, 6, 19)))
    good, bad = typst_render.data_text(data.data), '{"title": 1}'  # a document the template cannot print
    apart = typeset.compile_all({"good": good, "bad": bad}, 0)
    here = {"good": typst_render.compile_text(good, 0), "bad": typst_render.compile_text(bad, 0)}
    assert apart["good"].pdf == here["good"].pdf and apart["good"].pdf is not None
    assert (apart["good"].pages, apart["good"].notes, apart["good"].entries) == (
        here["good"].pages,
        here["good"].notes,
        here["good"].entries,
    )
    assert apart["bad"].pdf is None and apart["bad"].diagnostics == here["bad"].diagnostics != []
    assert apart["bad"].diagnostics[0].line > 0  # the template line, as when typeset in this process


def test_typst_messages_name_the_file_holding_the_text_they_quote_or_the_template_line(tmp_path):
    project = tiny_project(tmp_path, annotations={"t-2024/note": ANNOTATION.replace("A note citing", "Odd \u16a0 citing")})
    dossier, _ = load_dossier(project)
    doc = print_data.treaty_data(dossier, "t-2024", "Tiny", print_data.Edition(dt.date(2024, 6, 19)))
    quoted = typst_render.Diagnostic('the text `"\u16a0"` could not be shaped', 120, "warning")
    (problem,) = print_problems.typst_problems(dossier, doc, "pdf/t-2024.pdf", quoted)
    assert str(problem) == 'annotations/t-2024/note.md:8: pdf/t-2024.pdf: Typst: the text `"\u16a0"` could not be shaped'
    assert problem.severity == "warning"
    other = typst_render.Diagnostic("layout did not converge within 5 attempts", 42, "warning")
    (problem,) = print_problems.typst_problems(dossier, doc, "pdf/t-2024.pdf", other)
    assert (problem.path, problem.line) == ("hooks/treaty_dossier/pdf/edition.typ", 42)


HOSTILE = [
    '#read("edition.typ")',
    '#include "edition.typ"',
    '#image("x.png")',
    '#eval("1+1")',
    "#set page(width: 5cm)",
    "$x^2$",
    "[",
    "]",
    "@label",
    "<label>",
    "// x",
    "/* y",
    "\\",
]


@pytest.mark.pdf
def test_typst_syntax_in_every_contributor_field_prints_literally(tmp_path):
    hostile = " ".join(HOSTILE)
    body = hostile.replace("<label>", "`<label>`")  # raw HTML in Markdown is the sanitiser's to drop; as code it prints

    def field(name: str) -> str:
        return json.dumps(f"{name}A {hostile} {name}Z")  # a JSON string is a YAML string

    note = (
        f"---\nclause: t-2024/art_1\nquote: state of war\nsources: [ew-2024-06-20]\nkind: commentary\n"
        f"author: {field('Author')}\n---\nBodyA {body} BodyZ [@ew-2024-06-20].\n"
    )
    detached = ANNOTATION.replace("quote: state of war", f"quote: {field('Quote')}")
    source = SOURCE
    for name in ("title", "outlet"):
        line = f"{name}: {field(name.capitalize())}"
        source = re.sub(rf"^{name}: .*$", line.replace("\\", "\\\\"), source, flags=re.MULTILINE)
    source += f"authors: [{field('Authors')}]\nnote: {field('Note')}\n"
    plain = tiny_project(tmp_path / "plain", annotations={"t-2024/note": ANNOTATION, "t-2024/other": ANNOTATION})
    evil = tiny_project(
        tmp_path / "evil", annotations={"t-2024/note": note, "t-2024/other": detached}, sources={"ew-2024-06-20": source}
    )
    _, ok = write_edition(plain)
    _, written = write_edition(evil)
    assert written.problems == [] and ok.problems == []
    pages = pages_text(evil / "site/pdf/t-2024.pdf")
    text = " ".join(pages)
    for name in ("Body", "Author", "Quote", "Title", "Outlet", "Authors", "Note"):
        printed = re.search(rf"{name}A (.*?) {name}Z", text)
        assert printed, f"{name} field not printed"
        assert printed[1] == hostile, f"{name}: {printed[1]!r}"
    assert "sys.inputs" not in text and "#let" not in text  # nothing was read, included or evaluated
    # The layout is unchanged: as many pages, A4, the note on the page of its mark.
    assert written.files == ok.files
    reader = pypdf.PdfReader(evil / "site/pdf/t-2024.pdf")
    assert {tuple(round(float(x)) for x in p.mediabox[2:]) for p in reader.pages} == {(595, 842)}
    mark = next(i for i, t in enumerate(pages) if re.search(r"state of war1\b", t))
    assert "1 BodyA" in pages[mark] or "1BodyA" in pages[mark]


@pytest.mark.pdf
def test_a_glyph_no_font_has_is_a_warning_naming_the_note_and_prints_as_its_code_point(tmp_path):
    note = ANNOTATION.replace("A note citing", "A hieroglyph \U00013000 in a note citing")
    project = tiny_project(tmp_path, annotations={"t-2024/glyph": note})
    _, written = write_edition(project)
    assert [(p.path, p.line, p.severity) for p in written.problems] == [
        ("annotations/t-2024/glyph.md", 8, "warning"),
        ("annotations/t-2024/glyph.md", 8, "warning"),
    ]  # once per PDF that holds the note
    assert "U+13000" in written.problems[0].message
    assert "A hieroglyph [U+13000] in a note" in " ".join(pages_text(project / "site/pdf/t-2024.pdf"))


@pytest.mark.pdf
def test_references_print_pages_and_another_treaty_is_in_the_dossier_pdf(tmp_path):
    other = TREATY.replace("t-2024", "o-1961").replace("Test Treaty of 2024", "Other Treaty of 1961")
    other = other.replace("short_title: Test Treaty", "short_title: Other Treaty").replace("2024-06-19", "1961-07-06")
    note = ANNOTATION.replace("[[t-2024/art_2]]", "[[t-2024/art_2]] and [[o-1961/art_1]]")
    project = tiny_project(tmp_path, annotations={"t-2024/note": note})
    write(project, "docs/treaties/o-1961.md", other)
    _, written = write_edition(project)
    assert written.problems == []
    single = " ".join(pages_text(project / "site/pdf/t-2024.pdf"))
    assert "Art. 2, p. 3" in single and "Art. 1, Other Treaty (in the dossier PDF)" in single
    dossier = " ".join(pages_text(project / "site/pdf/dossier.pdf"))
    printed = re.search(r"Art\. 1, Other Treaty, p\. (\d+)", dossier)
    assert printed, "a reference to a treaty in the same PDF prints its page"
    reader = pypdf.PdfReader(project / "site/pdf/dossier.pdf")
    assert (reader.get_destination_page_number(reader.named_destinations["o-1961/art_1"]) or 0) + 1 == int(printed[1])


@pytest.mark.pdf
def test_a_long_note_continues_at_the_foot_of_the_next_page_and_the_clause_stays(tmp_path):
    # Paragraphs of 200 words, as a note is written (a paragraph is at most 8000 characters).
    words = "\n\n".join(" ".join(f"word{i}" for i in range(n, n + 200)) for n in range(0, 1400, 200))
    note = ANNOTATION.replace("A note citing", f"Long note begins {words} ends here, citing")
    project = tiny_project(tmp_path, annotations={"t-2024/long": note})
    _, written = write_edition(project)
    assert written.problems == []
    pages = pages_text(project / "site/pdf/t-2024.pdf")
    call = next(i for i, t in enumerate(pages) if "state of war1" in t)
    assert "Long note begins" in pages[call]
    assert "the other Party shall without delay provide" in pages[call]  # the clause is not pushed to a new page
    assert "ends here" in pages[call + 1] and "ends here" not in pages[call]


@pytest.mark.pdf
def test_two_builds_are_byte_identical_and_the_edition_follows_source_date_epoch(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1718755200")
    project = tiny_project(
        tmp_path, annotations={"t-2024/note": ANNOTATION.replace("A note citing", "전쟁상태 and 戦争状態: citing")}
    )
    write_edition(project)
    first = (project / "site/pdf/dossier.pdf").read_bytes()
    (project / "site/pdf/dossier.pdf").unlink()
    write_edition(project)
    assert (project / "site/pdf/dossier.pdf").read_bytes() == first
    pages = pages_text(project / "site/pdf/t-2024.pdf")
    assert "Edition of 19 June 2024" in pages[0]
    assert "전쟁상태" in " ".join(pages) and "戦争状態" in " ".join(pages)
    fonts = subprocess.run(["pdffonts", str(project / "site/pdf/t-2024.pdf")], capture_output=True, text=True).stdout
    assert "NotoSerifCJK" in fonts


@pytest.mark.pdf
def test_broken_cross_reference_fails_the_build_through_the_pdf_path(tmp_path):
    project = tiny_project(tmp_path, annotations={"t-2024/note": ANNOTATION.replace("[[t-2024/art_2]]", "[[t-2024/art_9]]")})
    result = build(project, strict=False, pdf=True)
    assert result.returncode == 1
    assert "annotations/t-2024/note.md:8: unknown clause 't-2024/art_9' in [[t-2024/art_9]]" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "site/pdf/t-2024.pdf").exists()
    assert build(project, strict=False).returncode == 0  # a preview without the PDF edition keeps the old behaviour


@pytest.mark.pdf
def test_a_glyph_warning_fails_a_strict_build_and_names_the_note(tmp_path):
    project = tiny_project(tmp_path, annotations={"t-2024/note": ANNOTATION.replace("A note citing", "\U00013000 citing")})
    result = build(project, strict=True, pdf=True)
    assert result.returncode == 1, result.stderr
    assert "annotations/t-2024/note.md:8: pdf/t-2024.pdf: character [U+13000]" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.pdf
def test_each_article_prints_what_it_was_checked_against_and_the_box_counts_statuses(tmp_path):
    record = (
        "  checked:\n    preamble: {full: [ew-2024-06-20]}\n    art_1: {full: [ew-2024-06-20]}\n"
        "    art_2: {summary: [ew-2024-06-20], note: Only a summary was seen.}\n"
    )
    treaty = TREATY.replace(
        "  text_basis: Working translation for tests.\n", "  text_basis: Working translation for tests.\n" + record
    )
    project = tiny_project(tmp_path, treaty=treaty)
    _, written = write_edition(project)
    assert written.problems == []
    text = re.sub(r"\s+", " ", " ".join(pages_text(project / "site/pdf/t-2024.pdf")))
    assert "Checked: 0 of 2 articles verified against two independent texts; 1 from one copy only; 1 not verified." in text
    one_copy = "From one copy: not yet checked against a second, independent text. Checked against: EW (English, full text)."
    summary = "Not verified: the wording rests on summaries, not on a published text. Checked against: EW (English, summary)."
    body = text.index("About this text")  # after the contents, which also name the articles
    art_1, art_2 = text.index("Article 1", body), text.index("Article 2", body)
    # each line follows its own article's text, before the next heading
    assert art_1 < text.index("provide") < text.index(one_copy, art_1) < art_2
    assert text.index("Wording not verified", art_2) < text.index(summary, art_2)


@pytest.mark.pdf
def test_the_bibliography_prints_the_archived_copy_with_its_date(tmp_path):
    source = SOURCE + "archived_url: https://archive.test/web/2024/report\narchived_on: 2024-06-21\n"
    project = tiny_project(tmp_path, sources={"ew-2024-06-20": source})
    _, written = write_edition(project)
    assert written.problems == []
    text = " ".join(pages_text(project / "site/pdf/t-2024.pdf"))
    squeezed = text.replace(" ", "")  # a long address may break across lines
    assert "https://news.test/report Archived copy of 21 June 2024:" in text
    assert "Archivedcopyof21June2024:https://archive.test/web/2024/report" in squeezed
    links = [
        a["/A"]["/URI"]
        for page in pypdf.PdfReader(project / "site/pdf/t-2024.pdf").pages
        for a in (x.get_object() for x in page.get("/Annots", []))
        if "/A" in a and "/URI" in a["/A"]
    ]
    assert "https://archive.test/web/2024/report" in links


@pytest.mark.pdf
def test_a_document_that_did_not_change_is_not_typeset_again(tmp_path):
    from treaty_dossier.pdf import pdf_cache

    other = TREATY.replace("t-2024", "o-1961").replace("Test Treaty of 2024", "Other Treaty of 1961")
    other = other.replace("short_title: Test Treaty", "short_title: Other Treaty").replace("2024-06-19", "1961-07-06")
    project = tiny_project(tmp_path)
    write(project, "docs/treaties/o-1961.md", other)
    pdf_cache._memory.clear()  # as a new process: nothing compiled yet
    _, first = write_edition(project)
    assert first.problems == [] and first.reused == []
    printed = {p.name: p.read_bytes() for p in (project / "site/pdf").glob("*.pdf")}
    pdf_cache._memory.clear()  # the next build reads what the first left on disk, as a new `mkdocs build` would
    _, again = write_edition(project)
    assert sorted(again.reused) == ["pdf/dossier.pdf", "pdf/o-1961.pdf", "pdf/t-2024.pdf"]
    assert {p.name: p.read_bytes() for p in (project / "site/pdf").glob("*.pdf")} == printed
    # A note on one treaty edited: that treaty and the dossier are typeset again, the other treaty is not.
    write(project, "annotations/t-2024/note.md", ANNOTATION.replace("A note citing", "An edited note citing"))
    _, edited = write_edition(project)
    assert edited.problems == [] and edited.reused == ["pdf/o-1961.pdf"]
    assert "An edited note" in " ".join(pages_text(project / "site/pdf/t-2024.pdf"))
    assert len(list((project / ".cache" / "pdf").glob("t-2024.*.pdf"))) == 2  # both versions kept (up to pdf_cache.KEEP)
