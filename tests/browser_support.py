"""Helpers for the browser tests: a local server, Chromium, request logs, page probes.

Nothing here mocks or blocks anything: the site is the real build, served over HTTP on
127.0.0.1, opened in Debian's Chromium through Playwright.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Page, Request
from playwright.sync_api import TimeoutError as PlaywrightTimeout

CHROMIUM = "/usr/bin/chromium"
# Quieten Chromium's own background traffic (updates, sync, QUIC probes); none of these
# flags touch requests made by the page, which the privacy test observes.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOST = "127.0.0.1"
LOCAL_SCHEMES = {"data", "blob", "about"}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging every request to stderr."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on an ephemeral port of 127.0.0.1; yield the base URL (with ``/``)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class RequestLog:
    """Every request a browser context makes (pages, workers, fetches), in order."""

    def __init__(self, context: BrowserContext) -> None:
        self.urls: list[str] = []
        context.on("request", self._record)

    def _record(self, request: Request) -> None:
        self.urls.append(request.url)

    def outside(self) -> list[str]:
        """The requests that left 127.0.0.1 (data: and blob: URLs stay in the page)."""
        return [url for url in self.urls if not _is_local(url)]


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname == LOCAL_HOST


def open_page(page: Page, url: str) -> None:
    """Load ``url`` and fail unless the server answered it (a 404 page is not the page)."""
    response = page.goto(url)
    assert response is not None and response.ok, f"{url}: HTTP {response.status if response else 'no response'}"


def element_in_viewport(page: Page, element_id: str, timeout: float = 5000) -> bool:
    """Wait until the element with this id has its top inside the viewport."""
    try:
        page.wait_for_function(
            """id => {
                const el = document.getElementById(id);
                if (!el) return false;
                const r = el.getBoundingClientRect();
                return r.bottom > 0 && r.top < window.innerHeight;
            }""",
            arg=element_id,
            timeout=timeout,
        )
    except PlaywrightTimeout:
        return False
    return True


def where(page: Page, element_id: str | None = None) -> str:
    """What the page shows, for a failure message: URL, scroll, the target, text in view."""
    state = page.evaluate(
        """id => {
            const el = id ? document.getElementById(id) : null;
            const r = el ? el.getBoundingClientRect() : null;
            const inView = [...document.querySelectorAll('article h1, article h2, article h3, article li[id]')]
                .filter(e => { const b = e.getBoundingClientRect(); return b.bottom > 0 && b.top < innerHeight; })
                .map(e => (e.id || e.tagName) + ': ' + e.innerText.trim().slice(0, 60));
            return {
                scrollY: scrollY, innerHeight: innerHeight,
                target: el ? {top: r.top, bottom: r.bottom} : 'no element with this id',
                inView: inView,
            };
        }""",
        element_id,
    )
    return f"URL {page.url}\n  {json.dumps(state, ensure_ascii=False, indent=1)}"


def fragment(url: str) -> str:
    """The part of a URL after ``#``."""
    return urlsplit(url).fragment


def body_text(annotation_file: Path) -> str:
    """An annotation's Markdown body: no front matter, references or link targets."""
    text = annotation_file.read_text(encoding="utf-8")
    parts = text.split("---", 2)
    body = parts[2] if text.startswith("---") and len(parts) == 3 else text
    body = re.sub(r"\[\[[^\]]*\]\]|\[@[^\]]*\]", " ", body)  # references render as other words
    return re.sub(r"\]\([^)]*\)|https?://\S+", " ", body)


def word_only_in_one_note(root: Path, manifest: list[dict], treaty: str) -> tuple[str, dict]:
    """A word that occurs in exactly one annotation of ``treaty`` and in no treaty text.

    Chosen from the content rather than hard-coded, so the search test keeps meaning the same
    thing as annotations and treaties are added: the longest such word (then alphabetical),
    with the manifest entry of its annotation. Matching is on substrings, because Material's
    search also matches word prefixes.
    """
    treaty_texts = " ".join(p.read_text(encoding="utf-8") for p in (root / "docs" / "treaties").glob("*.md")).lower()
    files = {entry["file"]: (root / entry["file"]).read_text(encoding="utf-8").lower() for entry in manifest}
    candidates = []
    for entry in manifest:
        if not entry["clause"].startswith(treaty + "/"):
            continue
        for word in set(re.findall(r"[a-z]{7,}", body_text(root / entry["file"]).lower())):
            if word in treaty_texts or any(word in text for name, text in files.items() if name != entry["file"]):
                continue
            candidates.append((-len(word), word, entry))
    assert candidates, f"no annotation of {treaty} has a word of its own: cannot test search"
    _, word, entry = min(candidates, key=lambda c: c[:2])
    return word, entry


def serious_violations(response: dict) -> list[dict]:
    """axe-core violations with impact serious or critical."""
    return [v for v in response["violations"] if v.get("impact") in ("serious", "critical")]


def describe_violations(violations: list[dict]) -> str:
    """One block per violation: rule id, impact, help text and the offending nodes."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:10]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {node['target']}: {summary[:300]}")
        if len(v["nodes"]) > 10:
            lines.append(f"    ... and {len(v['nodes']) - 10} more nodes")
    return "\n".join(lines)
