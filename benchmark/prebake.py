"""The ceiling: the same final content as plain Markdown footnotes, built without hooks.

From a generated project this writes a second project whose pages already hold
everything the hooks would add — footnote marks after the quoted phrases, the
notes as ordinary Markdown footnotes with their kind, author and sources, the
line under each clause, the source pages, resolved references — and whose
``mkdocs.yml`` has no ``hooks:``. Building it measures what MkDocs and
Material cost on their own, which the hooked build cannot beat.
"""

from __future__ import annotations

import posixpath
import re
import shutil
import sys
from pathlib import Path

from generate import REPO, _config, _nav, copy_theme

sys.path.insert(0, str(REPO / "hooks"))

from string_placement import place_notes  # imports treaty_dossier: after the hooks folder is on sys.path
from treaty_dossier.content.dossier import Dossier, load_dossier
from treaty_dossier.content.references import md_escape, replace_refs
from treaty_dossier.site import comparison, evidence_html, note_html, treaty_page_parts

_PLACEHOLDER = re.compile(r"annotation-placeholder-(\d+)-end")
_FRONT = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def _md_link(here: str):
    def link(src_uri: str, anchor: str | None) -> str:
        return posixpath.relpath(src_uri, here or ".") + (f"#{anchor}" if anchor else "")

    return link


def _html_href(page_url: str):
    def href(src_uri: str, anchor: str | None) -> str:
        url = src_uri[: -len(".md")] + "/" if src_uri != "index.md" else ""
        return note_html.relative_url(page_url, url) + (f"#{anchor}" if anchor else "")

    return href


def note_markdown(dossier: Dossier, ann, link) -> str:
    """A note as the body of a Markdown footnote (continuation lines indented)."""
    body, _ = replace_refs(ann.body, note_html.ref_renderer(dossier, link, ann.treaty_id))
    sources = "; ".join(
        f"[{md_escape(s.label)}]({link(s.src_uri, None)})" + (f", [“{md_escape(s.display_title)}”]({s.url})" if s.url else "")
        for s in dossier.sources_of(ann)
    )
    meta = f"*{ann.kind.capitalize()}* by [@{ann.author}](https://github.com/{ann.author}). Sources: {sources}."
    return "\n    ".join(f"{body}\n\n{meta}".split("\n"))


def treaty_markdown(dossier: Dossier, treaty_id: str, page: str) -> str:
    """A treaty page with its notes, clause lines and references already in place."""
    treaty = dossier.treaties[treaty_id]
    front = _FRONT.match(page)
    head, markdown = (front[0], page[front.end() :]) if front else ("", page)
    extras = evidence_html.clause_boxes(treaty)
    markdown, placed = place_notes(markdown, treaty_id, dossier, extras, note_html.metadata_html(treaty))
    link = _md_link("treaties")
    markdown = _PLACEHOLDER.sub(lambda m: note_markdown(dossier, placed[int(m[1])].annotation, link), markdown)
    markdown, _ = replace_refs(markdown, note_html.ref_renderer(dossier, link, treaty_id))
    href = _html_href(f"treaties/{treaty_id}/")
    tops = [c.id for c in treaty.clauses.values() if not c.parent]
    compared = comparison.by_clause(comparison.pairs(dossier))
    for current, following in reversed(list(zip(tops, tops[1:] + [None], strict=True))):
        line = treaty_page_parts.clause_line(dossier, treaty, current, href, compared)
        if not line:
            continue
        m = re.search(rf"^#+ .*\{{#{following}\}}[ \t]*$", markdown, re.MULTILINE) if following else None
        at = m.start() if m else (markdown.find("## Notes {#notes}") if "## Notes {#notes}" in markdown else len(markdown))
        markdown = markdown[:at] + line + "\n\n" + markdown[at:]
    return head + markdown


def generated_pages(project: Path) -> dict[str, str]:
    """The Markdown of every page the hooks generate (sources, comparison, timeline, …), from their own ``on_files``."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    return {f.src_uri: f.content_string for f in files if f.generated_by and f.src_uri.endswith(".md")}


def prebake(project: Path, out: Path) -> None:
    """Write the pre-baked twin of ``project`` to ``out``."""
    dossier, problems = load_dossier(project, "docs")
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise SystemExit("the generated dossier has errors:\n" + "\n".join(map(str, errors[:20])))
    if out.exists():
        shutil.rmtree(out)
    (out / "docs" / "treaties").mkdir(parents=True)
    (out / "docs" / "sources").mkdir()
    copy_theme(out)
    (out / "mkdocs.yml").write_text(_config(_nav(sorted(dossier.treaties)), hooks=False), encoding="utf-8")
    index, _ = replace_refs(
        (project / "docs" / "index.md").read_text(encoding="utf-8"), note_html.ref_renderer(dossier, _md_link(""))
    )
    (out / "docs" / "index.md").write_text(index, encoding="utf-8")
    for tid, treaty in dossier.treaties.items():
        page = (project / treaty.path).read_text(encoding="utf-8")
        (out / "docs" / "treaties" / f"{tid}.md").write_text(treaty_markdown(dossier, tid, page), encoding="utf-8")
    for uri, text in generated_pages(project).items():
        target = out / "docs" / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        text, _ = replace_refs(text, note_html.ref_renderer(dossier, _md_link(posixpath.dirname(uri))))
        target.write_text(text, encoding="utf-8")
