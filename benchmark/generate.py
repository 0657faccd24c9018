"""Generate a synthetic dossier, with the repository's real configuration and hooks.

The content is made up (random words from a fixed list, seeded, so every run
makes the same site) and is only ever written to temporary directories: it
exists to give the build realistic shapes — clause lengths, note lengths,
quotes, ``[[…]]`` references and ``[@…]`` citations — not to be read.
"""

from __future__ import annotations

import random
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "hooks"))

from treaty_dossier.site import theme_files  # noqa: E402  # after the hooks folder is on sys.path

WORDS = [
    "agreement",
    "article",
    "assistance",
    "attack",
    "border",
    "bilateral",
    "cabinet",
    "ceasefire",
    "charter",
    "clause",
    "coalition",
    "commitment",
    "committee",
    "conference",
    "consultation",
    "cooperation",
    "council",
    "court",
    "defence",
    "delegation",
    "diplomacy",
    "dispute",
    "economy",
    "embassy",
    "envoy",
    "exchange",
    "exercise",
    "export",
    "federation",
    "foreign",
    "framework",
    "government",
    "guarantee",
    "harbour",
    "industry",
    "interest",
    "justice",
    "language",
    "leader",
    "legislation",
    "maritime",
    "measure",
    "military",
    "minister",
    "mission",
    "negotiation",
    "neutral",
    "observer",
    "obligation",
    "official",
    "parliament",
    "partner",
    "peace",
    "pledge",
    "policy",
    "port",
    "president",
    "protocol",
    "province",
    "question",
    "ratification",
    "reading",
    "region",
    "report",
    "republic",
    "research",
    "sanction",
    "secretary",
    "security",
    "session",
    "settlement",
    "sovereignty",
    "statement",
    "strategy",
    "summit",
    "territory",
    "threat",
    "trade",
    "translation",
    "treaty",
    "union",
    "visit",
    "weapon",
    "wording",
    "year",
    "the",
    "the",
    "the",
    "of",
    "of",
    "of",
    "and",
    "and",
    "to",
    "to",
    "in",
    "in",
    "a",
    "a",
    "that",
    "is",
    "for",
    "on",
    "with",
    "as",
    "by",
    "was",
    "were",
    "be",
    "this",
    "which",
    "its",
    "their",
    "it",
    "shall",
    "may",
    "not",
    "any",
    "other",
    "each",
    "both",
    "either",
    "party",
    "parties",
    "state",
    "states",
    "without",
    "delay",
    "means",
    "disposal",
    "immediately",
    "provide",
    "armed",
    "aggression",
    "action",
    "steps",
    "necessary",
    "common",
    "interests",
    "mutual",
    "respect",
    "integrity",
    "relations",
    "joint",
    "analysts",
    "noted",
    "reported",
    "said",
    "wrote",
    "argued",
    "observed",
    "described",
    "compared",
    "recalled",
    "suggested",
    "according",
    "earlier",
    "later",
    "first",
    "second",
    "new",
    "old",
    "broad",
    "narrow",
    "direct",
    "indirect",
    "formal",
    "informal",
    "regular",
    "annual",
    "public",
    "private",
]


# Renderings carry the outlet's own wording once the hooks know that field.
_HAS_WORDING = '"wording"' in (REPO / "hooks" / "treaty_dossier" / "content" / "annotations.py").read_text(encoding="utf-8")
KINDS = ["commentary", "context", "correction"] + (["rendering"] if _HAS_WORDING else [])


@dataclass(frozen=True)
class Size:
    annotations: int
    treaties: int = 10
    clauses: int = 50  # per treaty: a preamble, articles, and numbered paragraphs of the first articles
    sources: int = 2000


def _words(rng: random.Random, low: int, high: int) -> list[str]:
    return [rng.choice(WORDS) for _ in range(rng.randint(low, high))]


def _clause_ids(count: int) -> list[tuple[str, str | None]]:
    """``(clause id, parent)`` in reading order: preamble, art_1, art_2, …

    No numbered-paragraph clauses (``art_1__para_1``): a ``{#…}`` marker at the end of a
    paragraph does not become an HTML id (attr_list wants it on a line of its own), so
    links to them dangle and the PDF step rightly refuses them; the real treaties have none.
    """
    clauses: list[tuple[str, str | None]] = [("preamble", None)]
    return clauses + [(f"art_{n}", None) for n in range(1, count)]


def treaty_text(rng: random.Random, treaty_id: str, n: int, clause_count: int) -> tuple[str, dict[str, str]]:
    """A treaty page and the text of each clause."""
    texts: dict[str, str] = {}
    lines = [
        "---",
        "treaty:",
        f"  id: {treaty_id}",
        f"  title: Synthetic Treaty Number {n} on Cooperation",
        f"  short_title: Treaty {n}",
        "  parties: [Alpha, Beta]",
        f"  signed: {{date: 20{10 + n % 15:02d}-06-19, place: Capital}}",
        "  in_force: null",
        "  status: synthetic benchmark text",
        "  authentic_languages: [English]",
        "  text_basis: Generated text for the performance benchmark; not a real treaty.",
        "---",
        "",
        f"# Synthetic Treaty Number {n}",
        "",
    ]
    for cid, parent in _clause_ids(clause_count):
        text = " ".join(_words(rng, 40, 90)).capitalize() + "."
        texts[cid] = text
        if parent:  # an article's text includes its paragraphs: a quote must be unique in all of it
            texts[parent] += "\n\n" + text
        if parent:
            lines += [f"1\\. {text} {{#{cid}}}", ""]
        elif cid == "preamble":
            lines += ["## Preamble {#preamble}", "", text, ""]
        else:
            lines += [f"## Article {cid[4:]} {{#{cid}}}", "", text, ""]
    return "\n".join(lines), texts


def source_yaml(i: int) -> str:
    day = 1 + i % 28
    return (
        "kind: news\n"
        f"outlet: Synthetic Wire {i % 40}\n"
        f"outlet_short: SW{i % 40}\n"
        f'title: "Synthetic report number {i}"\n'
        f"published: 2024-{1 + i % 12:02d}-{day:02d}\n"
        f"url: https://example.org/report/{i}\n"
        "language: en\n"
    )


def _quote(rng: random.Random, text: str) -> str | None:
    """A phrase of 2–4 words that occurs once in ``text``, or None."""
    words = text.rstrip(".").split()
    for _ in range(5):
        k = rng.randint(2, 4)
        at = rng.randrange(0, max(1, len(words) - k))
        phrase = " ".join(words[at : at + k])
        if phrase and len(re.findall(f"(?={re.escape(phrase)})", text)) == 1 and phrase.lower() == phrase:  # overlaps count
            return phrase
    return None


def annotation_text(rng: random.Random, i: int, clause: str, clause_text: str, all_clauses: list[str], sources: list[str]) -> str:
    """One annotation: front matter and a body of about 60–120 words with citations and references."""
    cited = rng.sample(sources, rng.randint(1, 2))
    front = ["---", f"clause: {clause}"]
    quote = _quote(rng, clause_text) if rng.random() < 0.85 else None
    if quote:
        front.append(f"quote: {quote}")
    front.append(f"sources: [{', '.join(cited)}]")
    if rng.random() < 0.3:
        front.append(f"related: [{rng.choice(all_clauses)}]")
    kind = rng.choice(KINDS)
    front.append(f"kind: {kind}")
    if kind == "rendering":
        front.append(f"wording: {' '.join(_words(rng, 6, 14))}")
    front += [f"author: user{i % 300}", "---"]
    words = _words(rng, 60, 120)
    words.insert(rng.randrange(len(words)), f"[@{rng.choice(cited)}]")
    if rng.random() < 0.6:
        target = rng.choice(all_clauses)
        words.insert(rng.randrange(len(words)), f"[[{target}]]" if rng.random() < 0.7 else f"[[{target}|that clause]]")
    if rng.random() < 0.5:
        at = rng.randrange(len(words) - 4)
        words[at] = '"' + words[at]
        words[at + 3] += '"'
    words.insert(rng.randrange(len(words)), f"note-{i:05d}")  # a token unique to this note, to count it in the index
    body = " ".join(words).capitalize() + "."
    if rng.random() < 0.25:  # two paragraphs, split between words (never inside a reference's label)
        cut = len(words) // 2
        body = " ".join(words[:cut]).capitalize() + ".\n\n" + " ".join(words[cut:]).capitalize() + "."
    return "\n".join(front) + "\n" + body + "\n"


def _config(nav: str, hooks: bool) -> str:
    """The repository's mkdocs.yml with the synthetic nav (and without hooks for the pre-baked site)."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = _replace_block(text, "nav", nav)
    text = _replace_block(text, "watch", "watch:\n  - annotations\n  - hooks\n\n")  # what the generated project has
    if not hooks:
        text = _replace_block(text, "hooks", "")
        text = _replace_block(text, "watch", "")
        text = _replace_block(text, "edit_uri", "")  # the hooks drop it when no repo_url is set; MkDocs alone warns
        # The stylesheet and scripts the plugin adds to a hooked build, listed for the pre-baked one (copied by copy_theme).
        text += f"extra_css: {list(theme_files.STYLESHEETS)}\nextra_javascript: {list(theme_files.SCRIPTS)}\n"
    return text


def _replace_block(text: str, key: str, new: str) -> str:
    """Replace a top-level YAML key and its indented lines."""
    pattern = re.compile(rf"^{key}:.*\n(?:(?:[ \t].*|[ \t]*)\n)*", re.MULTILINE)
    if not pattern.search(text):
        return text + new
    return pattern.sub(lambda _: new, text, count=1)


def _nav(treaty_ids: list[str]) -> str:
    items = "".join(f"      - treaties/{t}.md\n" for t in treaty_ids)
    return f"nav:\n  - Home: index.md\n  - Treaties:\n{items}  - Sources: sources/index.md\n\n"


def copy_theme(root: Path) -> None:
    """The site's own CSS, JavaScript and template overrides, and a stub for each hand-written page.

    The stubs keep links to those pages (from generated pages, say) valid without
    their text, which refers to the real dossier.
    """
    if (REPO / "docs" / "assets").is_dir():  # the repository's own assets, if it has any beside the package's
        shutil.copytree(REPO / "docs" / "assets", root / "docs" / "assets")
    if theme_files.THEME.is_dir():  # the package's own assets, for the pre-baked twin that has no plugin
        shutil.copytree(theme_files.THEME / "assets", root / "docs" / "assets", dirs_exist_ok=True)
    if (REPO / "CONTRIBUTING.md").is_file():  # the hooks publish it as the Contributing page
        shutil.copy(REPO / "CONTRIBUTING.md", root / "CONTRIBUTING.md")
    for page in (REPO / "docs").rglob("*.md"):
        rel = page.relative_to(REPO / "docs")
        if rel.parts[0] not in ("treaties", "assets") and rel.as_posix() != "index.md":
            (root / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / "docs" / rel).write_text(
                f"# {rel.stem.replace('-', ' ').capitalize()}\n\nA stub for the benchmark.\n", encoding="utf-8"
            )
    if (REPO / "overrides").is_dir():  # before the theme moved into the package (hooks/treaty_dossier/theme/)
        shutil.copytree(REPO / "overrides", root / "overrides")


def generate(root: Path, size: Size, seed: int = 2024, hooks: Path | None = None) -> list[str]:
    """Write a project with hooks (the repository's, or those in ``hooks``) under ``root``; return the annotation ids."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    (root / "docs" / "treaties").mkdir(parents=True)
    shutil.copytree(hooks or REPO / "hooks", root / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    copy_theme(root)
    treaty_ids = [f"synthetic-{n:02d}" for n in range(1, size.treaties + 1)]
    (root / "mkdocs.yml").write_text(_config(_nav(treaty_ids), hooks=True), encoding="utf-8")
    clause_texts: dict[str, str] = {}
    for n, tid in enumerate(treaty_ids, start=1):
        page, texts = treaty_text(rng, tid, n, size.clauses)
        (root / "docs" / "treaties" / f"{tid}.md").write_text(page, encoding="utf-8")
        clause_texts.update({f"{tid}/{cid}": text for cid, text in texts.items()})
    (root / "docs" / "index.md").write_text(
        f"# Synthetic dossier\n\nGenerated for the benchmark. See [[{treaty_ids[0]}/art_1]] and [@src-00001].\n", encoding="utf-8"
    )
    sources_dir = root / "annotations" / "sources"
    sources_dir.mkdir(parents=True)
    source_ids = [f"src-{i:05d}" for i in range(1, size.sources + 1)]
    for i, sid in enumerate(source_ids, start=1):
        (sources_dir / f"{sid}.yml").write_text(source_yaml(i), encoding="utf-8")
    names = list(clause_texts)
    ids = []
    for i in range(size.annotations):
        clause = names[i % len(names)] if i < len(names) else rng.choice(names)
        tid = clause.split("/")[0]
        folder = root / "annotations" / tid
        folder.mkdir(exist_ok=True)
        (folder / f"note-{i:05d}.md").write_text(
            annotation_text(rng, i, clause, clause_texts[clause], names, source_ids), encoding="utf-8"
        )
        ids.append(f"{tid}/note-{i:05d}")
    return ids
