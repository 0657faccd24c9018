"""The page ``mkdocs serve`` shows in place of the site while the content has errors.

MkDocs' development server keeps serving the last good build when a build raises, and its
browsers wait for a rebuild that never succeeds ("the server will appear stuck"). So while
serving, the hooks let the build finish and write this page over every HTML file instead:
the server then reloads open pages as after any rebuild, the contributor sees every
``path:line: message`` at once, and the next build after the fix reloads them into the site.
``mkdocs build`` still fails as before; this page exists only in the server's temporary folder.

The page is self-contained (inline style, no script of its own: MkDocs' server injects its
reload script before ``</body>``). Messages quote contributor text, so every one is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from pathlib import Path

from ..content.problems import Problem

_STYLE = """
:root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.5; }
body { margin: 0 auto; max-width: 60rem; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.5rem; margin: 0 0 .5rem; }
p { margin: .5rem 0; }
ol { padding: 0; list-style: none; }
li { margin: .75rem 0; padding: .5rem .75rem; border-left: .25rem solid #c62828; background: rgb(198 40 40 / .08); }
li.warning { border-color: #ef6c00; background: rgb(239 108 0 / .08); }
code { font-family: ui-monospace, monospace; font-size: .9em; overflow-wrap: anywhere; }
.where { display: block; font-weight: 600; }
.level { font-size: .8em; text-transform: uppercase; letter-spacing: .04em; }
"""


def page_html(problems: Iterable[Problem], site_name: str) -> str:
    """A complete HTML page listing every problem (errors first), each as ``path:line: message``."""
    ordered = sorted(problems, key=lambda p: (p.severity != "error", p.path, p.line, p.message))
    errors = sum(p.severity == "error" for p in ordered)
    items = "\n".join(
        f'<li class="{p.severity}"><span class="level">{p.severity}</span>'
        f'<code class="where">{html.escape(p.path)}:{p.line}:</code> <code>{html.escape(p.message)}</code></li>'
        for p in ordered
    )
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{errors} content error(s) – {html.escape(site_name)}</title>
<style>{_STYLE}</style>
</head>
<body>
<main>
<h1>{errors} content error(s): the site cannot be shown</h1>
<p>Fix each line below in your editor and save: this page reloads by itself and shows the site
again once the check passes. <code>python hooks/check.py --strict</code> prints the same list;
CONTRIBUTING.md (“Messages and how to fix them”) explains each message.</p>
<ol>
{items}
</ol>
</main>
</body>
</html>
"""


def replace_site(site_dir: Path, page: str) -> int:
    """Write ``page`` over every HTML file of the built site; return how many."""
    count = 0
    for file in site_dir.rglob("*.html"):
        file.write_text(page, encoding="utf-8")
        count += 1
    return count
