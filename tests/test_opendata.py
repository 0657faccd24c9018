"""The dossier as open data: every export checked against its published schema, on fixture dossiers
built for real (with a real git history, so dates come from commits), and over the real site only
what holds for any valid content."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
from pathlib import Path

import jsonschema
import pytest
from conformance import ANNOTATION_MUSTS, COLLECTION_MUSTS, PAGE_MUSTS, W3C, akn_errors, csl_errors, w3c_failures
from lxml import etree
from lxml import html as lxml_html
from support import ANNOTATION, SOURCE, TREATY, build, search_records, tiny_project, write
from treaty_dossier.content.annotations import Quote
from treaty_dossier.data import citation
from treaty_dossier.data.clause_text import locate
from treaty_dossier.data.context import PLACEHOLDER_BASE, base_url, read_edition
from treaty_dossier.data.dossier_json import SCHEMA_FILE

SITE_URL = "https://treaties.example.org/sub/"
AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
FIRST, SECOND, THIRD = "2025-01-02T03:04:05+00:00", "2025-02-03T04:05:06+00:00", "2025-03-04T05:06:07+00:00"

# ---------------------------------------------------------------- validators and pure functions (unit)


def _samples(kind: str) -> dict[str, list[str] | str]:
    out: dict[str, list[str] | str] = {}
    for file in sorted((W3C / "tools" / "samples" / kind).glob("anno*.json")):
        try:
            out[file.name] = w3c_failures(json.loads(file.read_text(encoding="utf-8")))
        except ValueError:
            out[file.name] = "not JSON"
    return out


def test_the_w3c_validator_accepts_the_suites_correct_samples_and_rejects_its_incorrect_ones():
    correct, incorrect = _samples("correct"), _samples("incorrect")
    assert len(correct) == 41 and len(incorrect) == 39
    # The suite's own exceptions (tests/conformance/README.md): Composite/List/Independents targets…
    assert {name: fails for name, fails in correct.items() if fails} == {
        f"anno{n}.json": ["annotations/3.2-targetObjectsRecognized.json"] for n in (11, 12, 13)
    }
    # …and an id that is not an IRI, which the suite does not check.
    assert [name for name, fails in incorrect.items() if not fails] == ["anno6.json"]


def test_the_csl_validator_rejects_what_zotero_could_not_import():
    assert csl_errors([{"id": "a", "type": "article-newspaper", "title": "T", "issued": {"date-parts": [[2024, 6, 20]]}}]) == []
    assert csl_errors([{"id": "a", "type": "newspaper"}])  # not a CSL type
    assert csl_errors([{"id": "a", "type": "report", "author": "Jane Doe"}])  # names are objects


def test_the_akoma_ntoso_validator_rejects_a_document_without_its_frbr_metadata():
    bare = b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act name="treaty"><meta/><body/></act></akomaNtoso>'
    assert akn_errors(bare)


@pytest.mark.parametrize(
    ("text", "quote", "span"),
    [
        ("The Parties shall consult. The Parties shall consult again.", Quote("shall consult"), (12, 25)),
        ("The Parties shall consult. The Parties shall consult again.", Quote("shall consult", "The Parties", "again"), (39, 52)),
        ("provide \u201cmilitary\u201d assistance", Quote('"military" assistance'), (8, 29)),  # curly quotes match straight
        ("a state of war", Quote("state of peace"), None),
    ],
)
def test_text_positions_count_code_points_in_the_clause_plain_text(text, quote, span):
    where = locate(text, quote)
    if span is None:
        assert where is None
        return
    assert where is not None and (where.start, where.end) == span
    assert text[where.start : where.end] == where.exact
    assert text.endswith(where.exact + where.suffix) or (where.prefix + where.exact + where.suffix) in text


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("plain", "plain"),
        ("50% & $5 #1 a_b", r"50\% \& \$5 \#1 a\_b"),
        ("}{\\", r"\}\{\textbackslash{}"),
        ("^~", r"\^{}\~{}"),
    ],
)
def test_bibtex_fields_escape_every_tex_special_character(raw, escaped):
    assert citation.tex(raw) == escaped


def test_without_site_url_the_addresses_use_the_reserved_invalid_host():
    assert base_url(None) == PLACEHOLDER_BASE == "https://site-url-not-set.invalid/"
    assert base_url("") == PLACEHOLDER_BASE
    assert base_url("https://example.org/sub") == "https://example.org/sub/"


def test_the_edition_follows_source_date_epoch(tmp_path):
    edition = read_edition(tmp_path, {"SOURCE_DATE_EPOCH": "1718755200"})
    assert edition.day == "2024-06-19" and edition.commit is None
    assert read_edition(tmp_path, {}).date is None  # no git, no epoch: no date rather than the build's clock


# ---------------------------------------------------------------- a real build of a fixture dossier with git history

TREATY_UNVERIFIED = TREATY.replace(
    "  text_basis: Working translation for tests.\n",
    "  text_basis: Working translation for tests.\n  checked:\n    preamble: {full: [ew-2024-06-20]}\n"
    "    art_1: {full: [ew-2024-06-20]}\n    art_2: {summary: [ew-2024-06-20], note: Only a summary was seen.}\n",
)
CONTEXT_NOTE = ANNOTATION.replace("kind: commentary", "kind: context").replace(
    "quote: state of war", 'quote: "\\"military\\" assistance"'
)
WHOLE_CLAUSE_NOTE = ANNOTATION.replace("clause: t-2024/art_1", "clause: t-2024/art_2__para_1").replace(
    "quote: state of war\n", ""
)


def git(project: Path, *args: str, date: str = FIRST) -> None:
    env = os.environ | {
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
    }
    subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True, env=env)


def dated_project(root: Path, site_url: str | None = SITE_URL) -> Path:
    """A tiny dossier in a git repository: a note added, revised, and a second note added later."""
    project = tiny_project(root, treaty=TREATY_UNVERIFIED)
    if site_url:
        config = (project / "mkdocs.yml").read_text()
        write(project, "mkdocs.yml", f"site_url: {site_url}\n" + config)
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "first", date=FIRST)
    write(project, "annotations/t-2024/note.md", ANNOTATION + "\nRevised with a second paragraph.\n")
    write(project, "annotations/t-2024/whole.md", WHOLE_CLAUSE_NOTE)
    git(project, "add", "-A")
    git(project, "commit", "-qm", "revise", date=SECOND)
    write(project, "annotations/t-2024/context.md", CONTEXT_NOTE)
    git(project, "add", "-A")
    git(project, "commit", "-qm", "add", date=THIRD)
    return project


@pytest.fixture(scope="module")
def dated_site(tmp_path_factory) -> Path:
    project = dated_project(tmp_path_factory.mktemp("opendata"))
    from layers import set_current

    set_current({"build"})
    result = build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def load(site: Path, path: str):
    return json.loads((site / path).read_text(encoding="utf-8"))


@pytest.mark.build
def test_every_note_is_a_web_annotation_that_meets_the_w3c_musts(dated_site):
    files = sorted((dated_site / "data" / "annotations" / "t-2024").glob("*.jsonld"))
    assert [f.stem for f in files] == ["context", "note", "whole"]
    for file in files:
        record = json.loads(file.read_text(encoding="utf-8"))
        assert w3c_failures(record) == [], file.name
        assert record["@context"] == "http://www.w3.org/ns/anno.jsonld"
        assert record["id"] == f"{SITE_URL}data/annotations/t-2024/{file.stem}.jsonld"
    note = load(dated_site, "data/annotations/t-2024/note.jsonld")
    assert note["motivation"] == "commenting"
    assert load(dated_site, "data/annotations/t-2024/context.jsonld")["motivation"] == "describing"
    text_body, source_body = note["body"][0], note["body"][1]
    assert text_body["type"] == "TextualBody" and text_body["format"] == "text/html" and text_body["language"] == "en"
    assert "<p>Revised with a second paragraph.</p>" in text_body["value"]
    assert f'href="{SITE_URL}treaties/t-2024/#art_2"' in text_body["value"]  # links made absolute
    assert source_body == {
        "type": "SpecificResource",
        "purpose": "linking",
        "source": {"id": f"{SITE_URL}sources/ew-2024-06-20/", "type": "Text", "format": "text/html"},
    }
    assert note["creator"]["id"] == "https://github.com/someone"
    assert (note["created"], note["modified"]) == ("2025-01-02T03:04:05Z", "2025-02-03T04:05:06Z")  # from git


@pytest.mark.build
def test_targets_select_the_clause_and_the_quoted_phrase_in_its_published_text(dated_site):
    dossier = load(dated_site, "data/dossier.json")
    text = {c["name"]: c["text"] for t in dossier["treaties"] for c in t["clauses"]}
    for name, clause in (("note", "t-2024/art_1"), ("context", "t-2024/art_1")):
        target = load(dated_site, f"data/annotations/t-2024/{name}.jsonld")["target"]
        assert target["type"] == "SpecificResource" and target["source"] == f"{SITE_URL}treaties/t-2024/"
        quote_sel, position_sel = target["selector"]
        assert quote_sel["type"] == position_sel["type"] == "FragmentSelector"
        assert quote_sel["value"] == position_sel["value"] == "art_1"
        quote, position = quote_sel["refinedBy"], position_sel["refinedBy"]
        assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
        assert text[clause][position["start"] : position["end"]] == quote["exact"]
        assert quote["prefix"] + quote["exact"] + quote["suffix"] in text[clause]
    context = load(dated_site, "data/annotations/t-2024/context.jsonld")["target"]["selector"][0]["refinedBy"]
    assert context["exact"] == "\u201cmilitary\u201d assistance" or context["exact"] == '"military" assistance'
    whole = load(dated_site, "data/annotations/t-2024/whole.jsonld")["target"]["selector"]
    assert whole == {"type": "FragmentSelector", "conformsTo": "http://tools.ietf.org/rfc/rfc3986", "value": "art_2__para_1"}


@pytest.mark.build
def test_the_collection_and_its_pages_meet_the_w3c_musts(dated_site):
    collection = load(dated_site, "data/annotations.jsonld")
    assert w3c_failures(collection, COLLECTION_MUSTS) == []
    assert collection["total"] == 3 and collection["first"] == collection["last"] == f"{SITE_URL}data/annotations/page-1.jsonld"
    page = load(dated_site, "data/annotations/page-1.jsonld")
    assert w3c_failures(page, PAGE_MUSTS) == []
    assert [item["id"].rsplit("/", 1)[1] for item in page["items"]] == ["context.jsonld", "note.jsonld", "whole.jsonld"]
    for item in page["items"]:
        assert w3c_failures(item | {"@context": "http://www.w3.org/ns/anno.jsonld"}, ANNOTATION_MUSTS) == []


@pytest.mark.build
def test_each_note_links_its_json_ld_and_offers_three_citations(dated_site):
    page = lxml_html.fromstring((dated_site / "treaties/t-2024/index.html").read_bytes())
    notes = page.cssselect(".annotation")
    assert len(notes) == 3
    citations = lxml_html.fromstring((dated_site / "treaties/t-2024/cite/index.html").read_bytes())
    for note in notes:
        link = note.cssselect("a.annotation__data")[0]
        assert (dated_site / "treaties/t-2024" / link.get("href")).resolve().is_file()
        # The page carries the citation as data (cite.js writes it out; test_notes_pages compares the two),
        # and links the treaty's citations page, where the three forms are written out.
        (elsewhere,) = note.cssselect("a.cite__open[data-cite]")
        path, anchor = elsewhere.get("href").split("#")
        assert path == "cite/" and anchor.startswith("cite-")
        (entry,) = citations.cssselect(f'section[id="{anchor}"]')
        formats = {
            block.cssselect(".cite__label")[0].text: block.cssselect(".cite__text")[0].text_content()
            for block in entry.cssselect(".cite__format")
        }
        assert set(formats) == {"Text", "BibTeX", "CSL-JSON"}
        permalink = f"{SITE_URL}treaties/t-2024/#fn:{note.get('data-annotation').replace('/', '--')}"
        assert all(permalink in text for text in formats.values())
        assert "commit " in formats["Text"] and formats["BibTeX"].startswith("@misc{")
        assert csl_errors(json.loads(formats["CSL-JSON"])) == []
        assert len(entry.cssselect("button.cite__copy[aria-label]")) == 3


@pytest.mark.build
def test_each_clause_offers_a_citation_with_permalink_and_edition(dated_site):
    page = lxml_html.fromstring((dated_site / "treaties/t-2024/index.html").read_bytes())
    cites = [d for d in page.cssselect("details.cite") if not d.xpath("ancestor::*[contains(@class, 'annotation')]")]
    assert len(cites) == 3  # preamble, Art. 1, Art. 2
    head = subprocess.run(
        ["git", "-C", str(dated_site.parent), "rev-parse", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    text = cites[1].cssselect(".cite__text")[0].text_content()
    assert f"{SITE_URL}treaties/t-2024/#art_1" in text and f"commit {head[:10]}" in text and "2025-03-04" in text
    item = json.loads(cites[1].cssselect(".cite__text")[2].text_content())
    assert csl_errors(item) == [] and item[0]["version"] == head and item[0]["type"] == "treaty"


@pytest.mark.build
def test_each_treaty_is_valid_akoma_ntoso_with_its_ids_marks_and_notes(dated_site):
    xml = (dated_site / "data/akn/t-2024.xml").read_bytes()
    assert akn_errors(xml) == []
    root = etree.fromstring(xml)
    ids = {el.get("eId") for el in root.iter() if el.get("eId")}
    assert {"preamble", "art_1", "art_2", "art_2__para_1"} <= ids
    assert root.find(f".//{AKN}FRBRWork/{AKN}FRBRdate").get("date") == "2024-06-19"
    assert [p.get("showAs") for p in root.iter(f"{AKN}TLCOrganization")][1:] == ["Alpha", "Beta"]
    assert root.find(f".//{AKN}article[@eId='art_2']").get("status") == "incomplete"  # a summary only
    assert root.find(f".//{AKN}article[@eId='art_1']").get("status") is None  # from one full copy: complete
    (source,) = [r for r in root.iter(f"{AKN}TLCReference") if r.get("name") == "checkedAgainst"]
    assert (source.get("eId"), source.get("href")) == ("source_ew_2024_06_20", "https://news.test/report")
    assert "working translation" in "".join(root.find(f".//{AKN}preface").itertext())
    art_1_refs = [r.get("href") for r in root.find(f".//{AKN}article[@eId='art_1']").iter(f"{AKN}noteRef")]
    assert sorted(art_1_refs) == ["#note_checked_art_1", "#note_t_2024__context", "#note_t_2024__note"]
    checked = root.find(f".//{AKN}note[@eId='note_checked_art_1']/{AKN}p").text
    assert (
        checked == "From one copy: not yet checked against a second, independent text. Checked against: EW (English, full text)."
    )
    notes = {n.get("eId") for n in root.iter(f"{AKN}note")}
    assert {"note_t_2024__note", "note_t_2024__whole", "note_unverified_art_2", "note_text_basis"} <= notes
    page = (dated_site / "treaties/t-2024/index.html").read_text()
    assert 'href="../../data/akn/t-2024.xml"' in page


@pytest.mark.build
def test_sources_are_valid_csl_json_in_one_file_and_one_per_source_page(dated_site):
    items = load(dated_site, "data/sources.csl.json")
    assert csl_errors(items) == []
    assert items == [
        {
            "id": "ew-2024-06-20",
            "type": "article-newspaper",
            "title": "A report",
            "container-title": "Example Wire",
            "container-title-short": "EW",
            "issued": {"date-parts": [[2024, 6, 20]]},
            "URL": "https://news.test/report",
            "language": "en",
        }
    ]
    assert load(dated_site, "data/sources/ew-2024-06-20.csl.json") == items
    page = (dated_site / "sources/ew-2024-06-20/index.html").read_text()
    assert 'href="../../data/sources/ew-2024-06-20.csl.json"' in page


@pytest.mark.build
def test_the_atom_feed_lists_new_and_revised_notes_newest_first(dated_site):
    import feedparser

    parsed = feedparser.parse((dated_site / "data/notes.atom").read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.updated == "2025-03-04T05:06:07Z"
    entries = [(e.id.rsplit("/", 1)[1], e.title, e.updated, e.published) for e in parsed.entries]
    assert entries == [
        ("context.jsonld", "New: context note on Art. 1, Test Treaty", "2025-03-04T05:06:07Z", "2025-03-04T05:06:07Z"),
        ("whole.jsonld", "New: commentary note on Art. 2(1), Test Treaty", "2025-02-03T04:05:06Z", "2025-02-03T04:05:06Z"),
        ("note.jsonld", "Revised: commentary note on Art. 1, Test Treaty", "2025-02-03T04:05:06Z", "2025-01-02T03:04:05Z"),
    ]
    note = parsed.entries[2]
    assert note.link == f"{SITE_URL}treaties/t-2024/#fn:t-2024--note"
    assert "Revised with a second paragraph." in note.content[0].value and note.author == "someone"


@pytest.mark.build
def test_the_dossier_json_validates_against_its_schema_in_the_repository(dated_site):
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    dossier = load(dated_site, "data/dossier.json")
    errors = list(jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).iter_errors(dossier))
    assert errors == []
    assert (dated_site / "data/dossier.schema.json").read_bytes() == SCHEMA_FILE.read_bytes()
    assert [a["id"] for a in dossier["annotations"]] == ["t-2024/context", "t-2024/note", "t-2024/whole"]
    clause = next(c for c in dossier["treaties"][0]["clauses"] if c["id"] == "art_2")
    assert clause["unverified"] == "Only a summary was seen." and clause["text"].startswith("The Parties shall consult.")
    assert clause["checked"] == {
        "status": "unverified",
        "status_text": "Not verified: the wording rests on summaries, not on a published text",
        "against": [{"source": "ew-2024-06-20", "gave": "summary"}],
        "note": "Only a summary was seen.",
    }
    assert "1. First numbered paragraph." in clause["text"]  # Markdown escape removed, marker left out


@pytest.mark.build
def test_the_data_page_lists_every_download_with_format_and_licence(dated_site):
    page = lxml_html.fromstring((dated_site / "data/index.html").read_bytes())
    nav = [a.text_content().strip() for a in page.cssselect("nav.md-nav a")]
    assert "Data" in nav
    article = page.cssselect("article")[0]
    links = [a.get("href") for a in article.cssselect("a[type]")]
    assert len(links) >= 6
    for href in links:
        assert (dated_site / "data" / href).is_file(), href
    text = article.text_content()
    assert text.count("Licence: CC BY 4.0") >= 8 and "none stated" not in text
    for fmt in ("W3C Web Annotation", "Akoma Ntoso 3.0", "CSL-JSON", "Atom (RFC 4287)", "JSON Schema"):
        assert fmt in text


@pytest.mark.build
def test_every_export_states_the_content_licence(dated_site):
    """CC BY 4.0 for the notes, the translations and the data, in each format's own place for it."""
    for file in sorted((dated_site / "data" / "annotations" / "t-2024").glob("*.jsonld")):
        record = json.loads(file.read_text(encoding="utf-8"))
        assert record["rights"] == CC_BY and w3c_failures(record) == [], file.name  # model 3.3.6: rights is an IRI
        assert "annotations/3.3.6-annotationRightsValidated.json" in w3c_failures(
            record | {"rights": {"id": CC_BY}}
        )  # an object is not a rights IRI
    for item in load(dated_site, "data/annotations/page-1.jsonld")["items"]:
        assert item["rights"] == CC_BY
    licence = load(dated_site, "data/dossier.json")["license"]  # validated against the schema in the test above
    assert licence["spdx"] == "CC-BY-4.0" and licence["url"] == CC_BY
    assert "remain their authors'" in licence["quotations"] and "Tiny contributors" in licence["statement"]
    assert "authentic text" in licence["authentic_texts"] and licence["authentic_texts"] in licence["statement"]

    import feedparser

    feed = feedparser.parse((dated_site / "data/notes.atom").read_bytes())
    assert feed.bozo == 0 and "CC BY 4.0" in feed.feed.rights and "remain their authors'" in feed.feed.rights
    assert [link.href for link in feed.feed.links if link.rel == "license"] == [CC_BY]

    xml = (dated_site / "data/akn/t-2024.xml").read_bytes()
    assert akn_errors(xml) == []
    proprietary = etree.fromstring(xml).find(f".//{AKN}meta/{AKN}proprietary")
    assert proprietary.findtext("{http://purl.org/dc/terms/}license") == CC_BY
    assert "CC BY 4.0" in proprietary.findtext("{http://purl.org/dc/elements/1.1/}rights")
    assert "CC BY 4.0" in "".join(etree.fromstring(xml).find(f".//{AKN}preface").itertext())

    page = lxml_html.fromstring((dated_site / "data/index.html").read_bytes()).cssselect("article")[0]
    assert [a.get("href") for a in page.cssselect('a[rel="license"]')] == [CC_BY]
    assert "remain their authors'" in page.text_content() and "MIT License" in page.text_content()


@pytest.mark.build
def test_the_manifest_lists_every_export_with_its_checksum(dated_site):
    manifest = load(dated_site, "data/manifest.json")
    listed = {f["path"]: f for f in manifest["files"]}
    on_disk = {p.relative_to(dated_site).as_posix() for p in (dated_site / "data").rglob("*") if p.is_file()}
    assert set(listed) | {"data/manifest.json", "data/index.html"} == on_disk
    for path, entry in listed.items():
        data = (dated_site / path).read_bytes()
        assert entry["bytes"] == len(data) and entry["sha256"] == hashlib.sha256(data).hexdigest()
    for entry in load(dated_site, "annotations.json"):
        assert (dated_site / entry["web_annotation"]).is_file()


@pytest.mark.build
def test_without_site_url_or_git_the_exports_say_so_and_stay_valid(tmp_path):
    project = tiny_project(tmp_path, sources={"ew-2024-06-20": SOURCE})
    result = build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    record = load(site, "data/annotations/t-2024/note.jsonld")
    assert record["id"].startswith(PLACEHOLDER_BASE) and w3c_failures(record) == []
    assert "created" not in record and "modified" not in record  # no history: no dates rather than wrong ones
    assert not (site / "data/notes.atom").exists()
    page = (site / "data/index.html").read_text()
    assert "site-url-not-set.invalid" in page and "not written by this build" in page
    assert load(site, "data/dossier.json")["site"]["url_is_placeholder"] is True


# ---------------------------------------------------------------- the real site: what holds for any valid content


@pytest.mark.build
def test_the_real_sites_exports_are_all_valid(real_site):
    for file in sorted((real_site / "data" / "annotations").rglob("*.jsonld")):
        record = json.loads(file.read_text(encoding="utf-8"))
        musts = PAGE_MUSTS if file.name.startswith("page-") else ANNOTATION_MUSTS
        assert w3c_failures(record, musts) == [], file
    assert w3c_failures(load(real_site, "data/annotations.jsonld"), COLLECTION_MUSTS) == []
    for file in sorted((real_site / "data" / "akn").glob("*.xml")):
        assert akn_errors(file.read_bytes()) == [], file
    for file in [real_site / "data/sources.csl.json", *sorted((real_site / "data/sources").glob("*.json"))]:
        assert csl_errors(json.loads(file.read_text(encoding="utf-8"))) == [], file
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(
        load(real_site, "data/dossier.json")
    )
    manifest = load(real_site, "annotations.json")
    notes = {p.relative_to(real_site).as_posix() for p in (real_site / "data/annotations").glob("*/*.jsonld")}
    assert {e["web_annotation"] for e in manifest} == notes  # one Web Annotation per note, nothing lost


def test_dates_in_the_exports_are_utc_seconds():
    from treaty_dossier.data.context import iso

    assert iso(dt.datetime(2025, 1, 2, 5, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=2)))) == "2025-01-02T03:04:05Z"


@pytest.mark.build
def test_citations_stay_out_of_the_search_index(dated_site):
    index = " ".join(r["content"] for r in search_records(dated_site))
    assert "@misc" not in index and "date-parts" not in index
    assert "state of war" in index  # the index itself is there


@pytest.mark.build
def test_the_treaty_page_shows_what_each_clause_was_checked_against(dated_site):
    page = (dated_site / "treaties/t-2024/index.html").read_text()
    box = page[page.index('class="admonition abstract treaty-meta"') :]
    box = box[: box.index("</div></div>")]
    assert (
        "<strong>Checked:</strong> 0 of 2 articles verified against two independent texts; 1 from one copy only; 1 not verified."
        in box
    )
    art_1 = page[page.index('<h2 id="art_1"') : page.index('<h2 id="art_2"')]
    assert (
        '<p class="clause-refs checked-against checked-against--one-copy" data-status="one-copy" data-search-exclude>'
        "<strong>From one copy: not yet checked against a second, independent text.</strong>"
        ' Checked against: <a href="../../sources/ew-2024-06-20/">EW</a> (English, full text).</p>'
    ) in art_1
    assert "Wording not verified" not in art_1
    art_2 = page[page.index('<h2 id="art_2"') :]
    assert "Wording not verified" in art_2 and "Only a summary was seen." in art_2
    assert 'data-status="unverified" data-search-exclude><strong>Not verified: the wording rests on summaries' in art_2
