"""The page ``mkdocs serve`` shows in place of the site while the content has errors.

MkDocs' development server keeps serving the last good build when a build raises, and its
browsers wait for a rebuild that never succeeds ("the server will appear stuck"). So while
serving, the hooks let the build finish and write this page over every HTML file instead:
the server then reloads open pages as after any rebuild, the contributor sees every
``path:line: message`` at once, each linked to its entry in the Contributing guide (which stays
served), and the next build after the fix reloads them into the site.
``mkdocs build`` still fails as before; this page exists only in the server's temporary folder.

The page is self-contained (inline style, no script of its own: MkDocs' server injects its
reload script before ``</body>``). Messages quote contributor text, so every one is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from pathlib import Path

from ..content.problems import Problem
from . import message_guide

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
.fix { font-size: .9em; white-space: nowrap; }
"""


def page_html(
    problems: Iterable[Problem],
    site_name: str,
    root: str = "",
    guide_url: str | None = None,
    guide: list[message_guide.Entry] | None = None,
    pdf: bool = False,
) -> str:
    """A complete HTML page listing every problem (errors first), each as ``path:line: message``.

    ``root`` leads from the page to the site's root; ``guide_url`` (from the root) is the
    Contributing page, which stays served: each message links to its entry there (``guide``).
    ``pdf``: the PDF edition would be built, so the page says why it is not there.
    """
    ordered = sorted(problems, key=lambda p: (p.severity != "error", p.path, p.line, p.message))
    errors = sum(p.severity == "error" for p in ordered)
    items = "\n".join(_item(p, root, guide_url, guide or []) for p in ordered)
    if guide_url is not None:
        where = f'<a href="{html.escape(root + guide_url)}#messages-and-how-to-fix-them">the Contributing page</a>'
        explains = f"{where} (which stays open while you fix them) explains each message; “how to fix” leads to its entry."
    else:
        explains = "CONTRIBUTING.md (“Messages and how to fix them”) explains each message."
    pdf_line = (
        "<p>The PDF edition is not built while the content has errors: its links lead here until the errors are fixed.</p>"
        if pdf
        else ""
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
{explains}</p>
{pdf_line}
<ol>
{items}
</ol>
</main>
</body>
</html>
"""


def _item(p: Problem, root: str, guide_url: str | None, guide: list[message_guide.Entry]) -> str:
    anchor = message_guide.anchor_for(p.message, guide) if guide_url is not None else None
    link = f' <a class="fix" href="{html.escape(f"{root}{guide_url}#{anchor}")}">how to fix</a>' if anchor else ""
    return (
        f'<li class="{p.severity}"><span class="level">{p.severity}</span>'
        f'<code class="where">{html.escape(p.path)}:{p.line}:</code> <code>{html.escape(p.message)}</code>{link}</li>'
    )


def replace_site(site_dir: Path, page: Callable[[str], str], keep: str | None = None) -> int:
    """Write ``page(root)`` over every HTML file of the built site but ``keep``; return how many.

    ``root`` leads from the file to the site's root (``../`` per folder); ``keep`` is the path of
    a page (under ``site_dir``) left as built: the Contributing guide, needed while fixing.
    """
    count = 0
    for file in site_dir.rglob("*.html"):
        rel = file.relative_to(site_dir).as_posix()
        if rel == keep:
            continue
        file.write_text(page("../" * rel.count("/")), encoding="utf-8")
        count += 1
    return count
