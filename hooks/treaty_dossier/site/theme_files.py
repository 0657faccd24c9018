"""The stylesheets, scripts and Material template partials every dossier's pages need.

They ship inside the package (``treaty_dossier/theme/``), so a dossier that installs it gets
them without copying anything: the plugin adds that folder to the theme's folders, between the
dossier's own ``custom_dir`` and Material's (so MkDocs finds the partials and copies the assets,
and a file of the same name in the dossier's docs folder or custom_dir wins), and lists the
assets in ``extra_css`` and ``extra_javascript`` unless the dossier lists them itself.
"""

from __future__ import annotations

from pathlib import Path

THEME = Path(__file__).resolve().parent.parent / "theme"
STYLESHEETS = ("assets/treaty.css",)
# sortable.js before the scripts that sort; notes.js after them (it reads what the others set up); search.js
# (the header's search box, over the Pagefind index the build writes) stands alone.
SCRIPTS = ("assets/sortable.js", "assets/cite.js", "assets/notes.js", "assets/search.js")
SERVE_SCRIPT = "assets/serve-status.js"  # only under `mkdocs serve`: what the background is still writing


def missing(listed: list[str], wanted: tuple[str, ...]) -> list[str]:
    """The entries of ``wanted`` that ``listed`` (a config's extra_css or extra_javascript) lacks."""
    have = {str(getattr(item, "path", item)) for item in listed}
    return [w for w in wanted if w not in have]
