"""Start a new dossier: ``treaty-dossier-new FOLDER --treaty-id ID --title TITLE``.

Writes the skeleton another project starts from: ``mkdocs.yml`` using the ``treaty-dossier``
plugin, a first treaty page with one clause, the ``annotations/`` folders, a home page, a
CONTRIBUTING stub, a requirements file and the GitHub workflows that check, build and test
pull requests. It refuses to write into a folder that already has any of these files, so
nothing of an existing dossier is overwritten. Every value it writes into YAML goes through
the YAML serialiser.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

_TREATY_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")  # as clause names spell the treaty (content.annotations)

_WORKFLOW = """\
# Every pull request: the content check (annotations on the lines at fault), then a strict build.
name: Pull request checks
on:
  pull_request:
permissions:
  contents: read
jobs:
  check-build:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0   # clause history and the notes' dates come from git
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: pip install -r requirements.txt
      - run: treaty-dossier-check --strict --format github
      - run: mkdocs build --strict
        env:
          TREATY_REPO_URL: ${{ github.server_url }}/${{ github.repository }}
"""

_CONTRIBUTING = """\
# Contributing

Annotations are Markdown files under `annotations/<treaty-id>/`, one note each, anchored to an
exact phrase of a clause and resting on at least one source under `annotations/sources/`.

Start a note with `treaty-dossier-scaffold annotation <treaty-id>/<clause-id> --quote "exact phrase"`
and a source with `treaty-dossier-scaffold source --id outlet-yyyy-mm-dd --url https://...`.
Check your work with `treaty-dossier-check --strict`, then preview with `mkdocs serve`.

Contributions are accepted under the dossier's licences: code MIT, content CC BY 4.0. Quotations
from sources remain their authors' and stay short.
"""


def _treaty_page(treaty_id: str, title: str) -> str:
    front = {
        "treaty": {
            "id": treaty_id,
            "title": title,
            "short_title": title,
            "parties": ["First Party", "Second Party"],
            "signed": {"date": "2000-01-01", "place": "Replace with the place of signature"},
            "in_force": None,
            "status": "Replace with the treaty's status",
            "authentic_languages": ["English"],
            "text_basis": "Replace with how the text on this page was established, with a link to the authentic text.",
        }
    }
    heading = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=100)
    return (
        f"---\n{heading}---\n\n# {_one_line(title)}\n\n## Article 1 {{#art_1}}\n\n"
        "Replace with the text of Article 1. Give each clause a heading with its id, as above.\n"
    )


def _mkdocs_yml(site_name: str, treaty_id: str) -> str:
    config = {
        "site_name": site_name,
        "repo_url": "!ENV [TREATY_REPO_URL, null]",
        "theme": {"name": "material", "font": False},
        "plugins": [{"treaty-dossier": {}}],
        "markdown_extensions": [
            "admonition",
            "attr_list",
            "footnotes",
            "md_in_html",
            "tables",
            {"toc": {"permalink": True}},
            "pymdownx.details",
            "pymdownx.superfences",
        ],
        "watch": ["annotations"],
        "nav": [{"Home": "index.md"}, {"Treaties": [f"treaties/{treaty_id}.md"]}, {"Sources": "sources/index.md"}],
    }
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    # The one tag the serialiser cannot write: MkDocs reads the repository address from the environment.
    return text.replace("repo_url: '!ENV [TREATY_REPO_URL, null]'", "repo_url: !ENV [TREATY_REPO_URL, null]")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def skeleton(treaty_id: str, title: str, package: str) -> dict[str, str]:
    """Every file of a new dossier, by path."""
    return {
        "mkdocs.yml": _mkdocs_yml(f"{_one_line(title)}: annotated", treaty_id),
        "requirements.txt": f"{package}\n",
        "docs/index.md": f"# {_one_line(title)}\n\nThe treaty's text clause by clause, with sourced annotations: "
        f"[[{treaty_id}/art_1]].\n",
        f"docs/treaties/{treaty_id}.md": _treaty_page(treaty_id, title),
        f"annotations/{treaty_id}/.gitkeep": "",
        "annotations/sources/.gitkeep": "",
        "CONTRIBUTING.md": _CONTRIBUTING,
        ".github/workflows/pr.yml": _WORKFLOW,
        ".gitignore": "/site/\n",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="where the dossier goes (created if missing)")
    parser.add_argument("--treaty-id", required=True, help="the first treaty's id, e.g. north-atlantic-1949")
    parser.add_argument("--title", required=True, help="the first treaty's full title")
    parser.add_argument(
        "--package", default="treaty-dossier", help="what requirements.txt installs (a pip requirement; default: treaty-dossier)"
    )
    args = parser.parse_args(argv)
    if not _TREATY_ID.match(args.treaty_id):
        print(
            f"new dossier: --treaty-id '{args.treaty_id}' must be lower-case letters and digits joined by '-',"
            " like north-atlantic-1949; nothing was written",
            file=sys.stderr,
        )
        return 2
    files = skeleton(args.treaty_id, args.title, args.package)
    existing = [p for p in files if (args.folder / p).exists()]
    if existing:
        print(f"new dossier: {args.folder / existing[0]} already exists; nothing was written", file=sys.stderr)
        return 2
    for path, text in files.items():
        target = args.folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    print(f"Wrote a new dossier in {args.folder}: {len(files)} files. Next: cd {args.folder} && mkdocs serve")
    return 0


if __name__ == "__main__":
    sys.exit(main())
