"""Hostile and broken input: sanitised output, clean errors, nothing lost, reproducible builds."""

from __future__ import annotations

import filecmp
import json
import os
import re
import subprocess
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import ANNOTATION, ROOT, SOURCE, build, copy_repo, mkdocs_serve, tiny_project, write
from treaty_dossier.content.annotations import Quote, parse_annotation
from treaty_dossier.content.frontmatter import ContentProblem, decode
from treaty_dossier.content.plain_text import Plain, plain
from treaty_dossier.content.quote_match import anchor

XSS = [
    "<script>alert('XSS-body')</script>",
    "<img src=x onerror=\"alert('XSS-img')\">",
    "[click](javascript:alert('XSS-link'))",
    "<a href=\"vbscript:msgbox('XSS-vb')\">vb</a>",
    "![p](data:text/html;base64,WFNTLWRhdGE=)",
    '<iframe src="https://evil.test/XSS-frame"></iframe>',
    "<svg><script>alert('XSS-svg')</script></svg>",
    '<form action="https://evil.test/XSS-form"><input></form>',
    "<style>body{background:url('XSS-style')}</style>",
    '<object data="XSS-object"></object>',
    "A paragraph with attributes {onclick=\"alert('XSS-attr')\"}",
    "<p onmouseover=\"alert('XSS-p')\">XSS-p text</p>",
]


def _read(body: str, spans: list[tuple[int, int]]) -> tuple[list[Plain], int]:
    """A clause of ``body`` as the content layer reads it: its paragraphs' reader text, and its end."""
    return [plain(body[a:b], None, a) for a, b in spans], spans[-1][1]


class ExecutableContent(HTMLParser):
    """Collects every place where a payload marker could run or load."""

    DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "form", "style", "svg", "input", "img"}

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self.stack: list[str] = []

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def handle_starttag(self, tag, attrs):
        if tag == "form" and "note-filters" in (dict(attrs).get("class") or ""):
            tag = "own-form"  # the page's own filter form: its option labels (outlet names) are escaped text
        if tag not in self.VOID:
            self.stack.append(tag)
        for name, value in attrs:
            value = value or ""
            if "XSS" not in value:
                continue
            if name.startswith("on") or re.match(r"\s*(javascript|vbscript|data):", value, re.I) or tag in self.DANGEROUS_TAGS:
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag):
        if tag == "form" and "form" not in self.stack:
            tag = "own-form"
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if "XSS" in data and any(t in self.DANGEROUS_TAGS for t in self.stack):
            self.found.append(f"{self.stack[-1]}: {data[:60]!r}")


def executable_payloads(site: Path) -> list[str]:
    found = []
    for page in site.rglob("*.html"):
        parser = ExecutableContent()
        parser.feed(page.read_text())
        found += [f"{page.relative_to(site)}: {f}" for f in parser.found]
    return found


def hostile_annotation(i: int, payload: str) -> str:
    as_yaml = json.dumps(payload)  # JSON strings are YAML strings
    return (
        "---\n"
        "clause: t-2024/art_1\n"
        f"quote: {as_yaml}\n"  # never in the clause: shown detached, the quote escaped
        "sources: [evil-2024-06-20]\n"
        "kind: commentary\n"
        f"tags: [{as_yaml}]\n"
        f"author: {as_yaml}\n"
        "---\n"
        f"Marker XSS-{i}. {payload}\n"
    )


# HTML, Markdown, Typst and XML syntax in an excerpt: each output must keep it as text.
EVIL_EXCERPT = "<script>alert('XSS-excerpt')</script> [x](javascript:alert('XSS-exmd')) #set page(fill: red) ]]><![CDATA[ &amp;"
EVIL_SOURCE = (
    "kind: news\n"
    "outlet: \"<script>alert('XSS-outlet')</script>\"\n"
    "title: \"<img src=x onerror=alert('XSS-title')> [x](javascript:alert('XSS-md'))\"\n"
    "published: 2024-06-20\n"
    "url: https://evil.test/XSS-url?a=1&b=2\n"
    "language: en\n"
    "note: \"<iframe src='XSS-note'></iframe> *XSS-note*\"\n"
    "archived_url: https://archive.test/XSS-archive?a=1&b=2\n"
    "archived_on: 2024-06-21\n"
    "excerpts:\n"
    f"  - {json.dumps(EVIL_EXCERPT)}\n"
    f"  - text: {json.dumps(EVIL_EXCERPT[::-1])}\n"
    "    at: https://archive.test/XSS-at?x=1&y=2\n"
)


@pytest.mark.build
def test_payloads_in_every_contributor_field_render_inert(tmp_path):
    annotations = {f"t-2024/x{i}": hostile_annotation(i, p) for i, p in enumerate(XSS)}
    project = tiny_project(tmp_path, annotations=annotations, sources={"ew-2024-06-20": SOURCE, "evil-2024-06-20": EVIL_SOURCE})
    result = build(project, strict=False)  # the quotes are detached on purpose: a warning, shown anyway
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert executable_payloads(site) == []
    page = (site / "treaties/t-2024/index.html").read_text()
    for i in range(len(XSS)):
        assert f"Marker XSS-{i}." in page  # every note is there, defanged, not dropped
    assert "&lt;script&gt;alert(&#x27;XSS-outlet&#x27;)&lt;/script&gt;" in page or "&lt;script&gt;alert('XSS-outlet')" in page


def test_the_detector_finds_real_payloads(tmp_path):
    write(
        tmp_path,
        "a.html",
        '<p>ok</p><a href="javascript:alert(\'XSS-1\')">x</a><img src=x onerror="XSS-2"><script>XSS-3</script>',
    )
    assert len(executable_payloads(tmp_path)) == 3


@pytest.mark.build
def test_broken_files_give_clean_errors_not_tracebacks(tmp_path):
    bomb = (
        "---\n"
        + "a: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=False))
        + "---\nbody\n"
    )
    annotations = {
        "t-2024/bomb": bomb,
        "t-2024/huge": ANNOTATION + "x" * 70_000,
        "t-2024/dupkey": ANNOTATION.replace("kind: commentary", "kind: commentary\nkind: context"),
        "t-2024/baddate": ANNOTATION.replace("author: someone", "author: someone\nrelated: 2024-13-45"),
        "t-2024/types": ANNOTATION.replace("sources: [ew-2024-06-20]", "sources: {a: b}"),
    }
    project = tiny_project(tmp_path, annotations=annotations)
    (project / "annotations/t-2024/binary.md").write_bytes(b"---\nclause: \xff\xfe\x00\x01\n---\n")
    (project / "annotations/t-2024/..%2f..%2fetc.md").write_text(ANNOTATION)
    write(project, "annotations/sources/js-2024-06-20.yml", SOURCE.replace("https://news.test/report", "javascript:alert(1)"))
    write(project, "annotations/sources/bad-date-2024.yml", SOURCE.replace("2024-06-20", "2024-02-30"))
    result = build(project)  # (how long a build takes is the benchmark's business, not a test's)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line.split("-  ", 1)[1] for line in result.stderr.splitlines() if line.startswith("ERROR")]
    expected = [
        "annotations/sources/bad-date-2024.yml:5: field 'published': '2024-02-30' is not a date: February 2024 has 29 days",
        "annotations/sources/js-2024-06-20.yml:6: field 'url': 'javascript:alert(1)' is not an https:// URL",
        "annotations/t-2024/..%2f..%2fetc.md:1: annotation file must be annotations/<treaty-id>/<name>.md",
        "annotations/t-2024/baddate.md:7: field 'related': '2024-13-45' is not a clause name like dprk-russia-2024/art_4",
        "annotations/t-2024/binary.md:2: file is not valid UTF-8 text",
        "annotations/t-2024/bomb.md:2: YAML anchors and aliases (&, *) are not allowed",
        "annotations/t-2024/dupkey.md:6: duplicate key 'kind' (first at line 5)",
        "annotations/t-2024/huge.md:1: file is ",
        "annotations/t-2024/types.md:4: field 'sources': expected a list like [a, b], found a mapping",
    ]
    for message in expected:
        assert any(e.startswith(message) for e in errors), (message, errors)
    assert errors[-1] == f"{len(expected)} content error(s), listed above as 'path:line: message'. Nothing was published."
    assert len(errors) == len(expected) + 1


@pytest.mark.build
def test_two_builds_of_the_same_commit_are_identical(tmp_path):
    env = {"SOURCE_DATE_EPOCH": "1718755200"}
    os.environ.update(env)
    try:
        first, second = tmp_path / "one", tmp_path / "two"
        assert build(ROOT, first).returncode == 0
        assert build(ROOT, second).returncode == 0
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH")
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    _, mismatch, errors = filecmp.cmpfiles(first, second, [str(f) for f in files], shallow=False)
    assert mismatch == [] and errors == []


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode()


def wait_for(url: str, predicate, timeout: float = 40) -> str:
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        try:
            text = fetch(url)
            if predicate(text):
                return text
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} did not show the change within {timeout}s; last page had {len(text)} characters")


def pdf_text(url: str) -> str:
    """The text of the PDF served at ``url`` (pdftotext), or "" while it is being written."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            data = response.read()
    except OSError:
        return ""
    result = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=False)
    return " ".join(result.stdout.decode(errors="replace").split())


@pytest.mark.pdf
def test_serve_picks_up_edited_and_deleted_annotations_on_the_page_and_in_the_pdf(tmp_path):
    project = copy_repo(tmp_path)
    with mkdocs_serve(project, tmp_path / "serve.log", pdf=True) as (_server, base):  # the PDF edition stays on while serving
        url = f"{base}/treaties/dprk-russia-2024/"
        pdf = f"{base}/pdf/dprk-russia-2024.pdf"
        # A note of the test's own (on the whole of Art. 1, citing a registered source), so any valid content serves.
        source = sorted(p.stem for p in (project / "annotations/sources").glob("*.yml"))[0]
        note = project / "annotations/dprk-russia-2024/zz-served-note.md"
        text = f"---\nclause: dprk-russia-2024/art_1\nsources: [{source}]\nkind: commentary\nauthor: tester\n---\n"
        wait_for(url, lambda page: "<h1" in page)
        note.write_text(text + "ZQ47 first wording of this served note.\n", encoding="utf-8")
        wait_for(url, lambda page: "ZQ47 first wording" in page)
        note.write_text(text + "ZQ47 edited wording of this served note.\n", encoding="utf-8")
        wait_for(url, lambda page: "ZQ47 edited wording" in page and "ZQ47 first wording" not in page)
        deadline = time.monotonic() + 40
        while "ZQ47 edited wording" not in pdf_text(pdf) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert "ZQ47 edited wording" in pdf_text(pdf), "the served PDF shows the edit"
        note.unlink()
        wait_for(url, lambda page: "ZQ47" not in page and "<h1" in page)


# --- properties ---------------------------------------------------------------------------


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(max_size=400))
def test_any_annotation_text_parses_or_gives_located_problems(text):
    annotation, problems = parse_annotation(text, "a/t/n.md", "t/n")
    assert (annotation is None) == bool(problems)
    for problem in problems:
        assert problem.path == "a/t/n.md" and problem.line >= 1 and problem.message


FIELDS = st.sampled_from(["clause", "quote", "sources", "kind", "author", "related", "tags", "x"])
VALUES = st.one_of(
    st.text(max_size=30),
    st.lists(st.text(max_size=10), max_size=3).map(lambda v: f"[{', '.join(v)}]"),
    st.sampled_from(["&a x", "*a", "{a: b}", "\t- x", "2024-13-45", "'", '"']),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(FIELDS, VALUES), max_size=8), st.text(max_size=50))
def test_any_front_matter_parses_or_gives_located_problems(pairs, body):
    text = "---\n" + "".join(f"{k}: {v}\n" for k, v in pairs) + "---\n" + body
    annotation, problems = parse_annotation(text, "n.md", "t/n")
    assert (annotation is None) == bool(problems)
    assert all(1 <= p.line <= text.count("\n") + 1 for p in problems)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_decode_or_give_a_located_problem(raw):
    try:
        text = decode(raw, "f.md", 200)
    except ContentProblem as exc:
        assert exc.problem.path == "f.md" and exc.problem.line >= 1
    else:
        assert "\r" not in text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), st.text(max_size=30), st.text(max_size=10), st.text(max_size=10))
def test_quote_anchoring_always_lands_inside_the_clause(body, exact, prefix, suffix):
    spans = [(0, len(body))]
    where = anchor(*_read(body, spans), Quote(exact, prefix, suffix))
    assert 0 <= where.offset <= len(body)
    if not where.detached:
        assert where.matches >= 1


@pytest.mark.build
def test_payloads_stay_inert_data_in_every_export(tmp_path):
    """Contributor text reaches the open-data files only sanitised (HTML) or serialised (JSON, XML, BibTeX)."""
    from conformance import akn_errors, csl_errors, w3c_failures
    from lxml import etree
    from lxml import html as lxml_html
    from test_opendata import git

    annotations = {f"t-2024/x{i}": hostile_annotation(i, p) for i, p in enumerate(XSS)}
    project = tiny_project(tmp_path, annotations=annotations, sources={"ew-2024-06-20": SOURCE, "evil-2024-06-20": EVIL_SOURCE})
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "hostile")
    assert build(project, strict=False).returncode == 0
    data = project / "site" / "data"

    def inert(fragment: str, where: str) -> None:
        parser = ExecutableContent()
        parser.feed(fragment)
        assert parser.found == [], where

    for file in sorted((data / "annotations" / "t-2024").glob("*.jsonld")):
        record = json.loads(file.read_text(encoding="utf-8"))
        assert w3c_failures(record) == [], file.name
        for body in record["body"]:
            if body.get("format") == "text/html":
                inert(body["value"], file.name)
    dossier = json.loads((data / "dossier.json").read_text(encoding="utf-8"))
    for note in dossier["annotations"]:
        inert(note["body_html"], note["id"])
        assert "body" not in note  # the raw Markdown (with its raw HTML) is never exported
    feed = etree.fromstring((data / "notes.atom").read_bytes())
    atom = "{http://www.w3.org/2005/Atom}"
    assert {el.tag for el in feed.iter()} <= {
        atom + t
        for t in (
            "feed",
            "id",
            "title",
            "subtitle",
            "rights",
            "updated",
            "link",
            "author",
            "name",
            "generator",
            "entry",
            "published",
            "category",
            "content",
        )
    }
    for content in feed.iter(atom + "content"):
        inert(content.text or "", "notes.atom")
    for xml in (data / "akn").glob("*.xml"):
        assert akn_errors(xml.read_bytes()) == []  # payloads in notes are text: the document still validates
        assert "script" not in {
            etree.QName(el).localname for el in etree.fromstring(xml.read_bytes()).iter() if isinstance(el.tag, str)
        }
    items = json.loads((data / "sources.csl.json").read_text(encoding="utf-8"))
    assert csl_errors(items) == []
    assert any(i.get("container-title") == "<script>alert('XSS-outlet')</script>" for i in items)  # kept as data, not dropped
    page = lxml_html.fromstring((project / "site/treaties/t-2024/index.html").read_bytes())
    citations = lxml_html.fromstring((project / "site/treaties/t-2024/cite/index.html").read_bytes())
    for block in page.cssselect(".cite__text") + citations.cssselect(".cite__text"):
        text = block.text_content()
        if text.startswith("@misc"):  # BibTeX: every brace a contributor typed is escaped, so the entry stays balanced
            unescaped = re.sub(r"\\[{}]", "", text)
            assert unescaped.count("{") == unescaped.count("}"), text
        elif text.startswith("[{"):
            assert csl_errors(json.loads(text)) == []
    assert executable_payloads(project / "site") == []
