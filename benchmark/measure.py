"""Measurements: a build in a child process, site sizes, a serve rebuild, search in Chromium."""

from __future__ import annotations

import gzip
import http.server
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from functools import partial
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage", "--no-first-run"]


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", **extra}


@dataclass
class Build:
    seconds: float
    peak_rss_mb: float  # the largest single process of the build (wait4's maximum over the process and its children)
    returncode: int
    stderr: str
    peak_tree_rss_mb: float = 0.0  # the build and its child processes together, sampled every 0.2 s


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its descendants now (Linux /proc; 0 where unreadable)."""
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0) / 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total


class _TreeSampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop = pid, 0.0, threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.2):
            self.peak = max(self.peak, _tree_rss_mb(self.pid))


def build(project: Path, strict: bool = True, timeout: float | None = None, **env: str) -> Build:
    """``mkdocs build`` (``--strict`` unless told otherwise) in a child process: wall time and that child's peak RSS.

    A build still running after ``timeout`` seconds is stopped; its return code is then -9.
    """
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site")]
    if strict:
        cmd.append("--strict")
    start = time.perf_counter()
    with open(project / "build.log", "w+", encoding="utf-8") as log:
        child = subprocess.Popen(cmd, cwd=project, stdout=log, stderr=log, env=_env(**env))
        timer = threading.Timer(timeout, child.kill) if timeout else None
        if timer:
            timer.start()
        sampler = _TreeSampler(child.pid)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)  # this child's own rusage, not the running maximum of all children
        sampler.stop.set()
        if timer:
            timer.cancel()
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read()
    return Build(seconds, usage.ru_maxrss / 1024, child.returncode, output, sampler.peak)


def site_sizes(site: Path) -> dict[str, object]:
    """Largest page, the treaty pages' weight and the search index (bytes; Pagefind's chunks are gzipped already)."""
    pages = sorted((p for p in site.rglob("*.html") if "pagefind" not in p.parts), key=lambda p: p.stat().st_size)
    largest = pages[-1]
    treaty_pages = [p for p in pages if p.parent.parent.name == "treaties"]
    heaviest = max(treaty_pages, key=lambda p: p.stat().st_size) if treaty_pages else largest
    chunks = (".pf_index", ".pf_fragment", ".pf_meta", ".pf_filter")
    index = [p for p in (site / "pagefind").rglob("*") if p.is_file() and p.suffix in chunks]
    lunr = site / "search" / "search_index.json"  # Material's search plugin (an older build measured beside)
    index_bytes = sum(p.stat().st_size for p in index)
    lunr_bytes = lunr.read_bytes() if lunr.exists() else b""
    return {
        "pages": len(pages),
        "largest_page": largest.relative_to(site).as_posix(),
        "largest_page_bytes": largest.stat().st_size,
        "treaty_page": heaviest.relative_to(site).as_posix(),
        "treaty_page_bytes": heaviest.stat().st_size,
        "treaty_page_gzip_bytes": len(gzip.compress(heaviest.read_bytes(), 6)),
        "search_index_bytes": index_bytes or len(lunr_bytes),
        "search_index_gzip_bytes": index_bytes or len(gzip.compress(lunr_bytes, 6)),
        "search_index_files": len(index),
    }


def _index_texts(site: Path) -> list[str]:
    """The text of every record in Pagefind's index (its fragments: gzipped, after a 12-byte signature)."""
    texts = []
    for fragment in (site / "pagefind" / "fragment").glob("en_*.pf_fragment"):
        texts.append(json.loads(gzip.decompress(fragment.read_bytes())[len(b"pagefind_dcd") :])["content"])
    return texts


def index_occurrences(site: Path, tokens: list[str]) -> dict[str, int]:
    """How many English records hold each note's unique token (1 = indexed once, under one clause or page)."""
    texts = _index_texts(site)
    counts = [sum(bool(re.search(re.escape(t) + r"\b", text, re.IGNORECASE)) for text in texts) for t in tokens]
    return {"notes_checked": len(counts), "min": min(counts, default=0), "max": max(counts, default=0)}


def pagefind(site: Path) -> float:
    """Index a site built without hooks as Pagefind does by default (whole pages); the seconds it took."""
    from pagefind_bin_extended import get_executable  # type: ignore[import-untyped]

    started = time.perf_counter()
    subprocess.run([str(get_executable()), "--site", str(site), "--quiet"], check=True, capture_output=True)
    return time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _wait_for(url: str, text: str, timeout: float, interval: float = 0.05) -> float | None:
    """Seconds until the page at ``url`` contains ``text``, or None on timeout."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if text in _fetch(url):
            return time.perf_counter() - start
        time.sleep(interval)
    return None


def serve_rebuild(
    project: Path, page: str, edit_file: Path, old: str, edits: int = 3, timeout: float = 900, **env: str
) -> dict[str, object]:
    """Start ``mkdocs serve``, then edit ``edit_file`` (replace ``old``) and time until ``page`` shows the edit.

    The first build is timed too. Each edit replaces the previous marker, so every rebuild has to
    show new text. Where the served site has ``serve-status.json`` (partial rebuilds), the time
    until the search index, open data and PDF have caught up is taken too, and the next edit waits
    for them: a contributor who saves, looks and saves again.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}/{page}"
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")]
    server = subprocess.Popen(cmd, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env(**env))
    original = edit_file.read_text(encoding="utf-8")
    times: list[float | None] = []
    caught_up: list[float | None] = []
    try:
        first = _wait_for(url, old, timeout)
        current = old
        for n in range(1, edits + 1):
            marker = f"edited{n}x{os.getpid()}"
            time.sleep(1.0)  # let the watcher settle after the previous build
            edit_file.write_text(edit_file.read_text(encoding="utf-8").replace(current, marker), encoding="utf-8")
            started = time.perf_counter()
            current = marker
            times.append(_wait_for(url, marker, timeout))
            caught_up.append(_background_done(f"http://127.0.0.1:{port}/serve-status.json", started, timeout))
    finally:
        server.terminate()
        server.wait(timeout=30)
        edit_file.write_text(original, encoding="utf-8")
    done = sorted(t for t in times if t is not None)
    behind = sorted(t for t in caught_up if t is not None)
    return {
        "first_build_seconds": first,
        "rebuild_seconds": times,
        "median_rebuild_seconds": done[len(done) // 2] if done else None,
        "background_seconds": caught_up,
        "median_background_seconds": behind[len(behind) // 2] if behind else None,
    }


def _background_done(status_url: str, started: float, timeout: float) -> float | None:
    """Seconds from ``started`` until the served status says the background work is over; None without partial rebuilds."""
    while time.perf_counter() - started < timeout:
        text = _fetch(status_url)
        if not text:
            return None
        try:
            state = json.loads(text).get("state")
        except ValueError:  # replaced while it was being read
            state = "updating"
        if state != "updating":
            return time.perf_counter() - started
        time.sleep(0.1)
    return None


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def search_timing(site: Path, page: str, query: str, anchor: str | None) -> dict[str, object]:
    """Open ``page`` in headless Chromium, type ``query`` at once, time the first result that opens ``page#anchor``.

    ``cold`` counts from the start of navigation (the index is downloaded meanwhile);
    ``after_load`` types on a page that has loaded (and gone quiet) but never searched;
    ``warm`` is a second query once the index is loaded. Bytes are counted as served (the
    site's files as they are on disk, uncompressed; Pagefind's chunks are gzipped files):
    those the page fetches for search before any query, and those the first query fetches.
    """
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/{page}"
    found = (
        f'.md-search-result__link[href*="{page}"][href$="#{anchor}"]'
        if anchor
        else f'.md-search-result__link[href*="{page}"][href*="#"]'
    )
    search_file = re.compile(r"/(pagefind/|search/search_index|assets/javascripts/workers/search)")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            tab = browser.new_page()
            transferred: list[tuple[str, int]] = []
            tab.on("response", lambda r: transferred.append((r.url, int(r.headers.get("content-length", "0") or 0))))
            start = time.perf_counter()
            tab.goto(url, wait_until="domcontentloaded")
            loaded = time.perf_counter() - start
            tab.click(".md-search__input")
            tab.keyboard.type(query)
            tab.wait_for_selector(found, timeout=120_000)
            cold = time.perf_counter() - start
            page_transfer = sum(n for _, n in transferred)
            tab.keyboard.press("Control+A")
            tab.keyboard.press("Backspace")
            tab.wait_for_selector(found, state="detached", timeout=60_000)
            begin = time.perf_counter()
            tab.keyboard.type(query)
            tab.wait_for_selector(found, timeout=60_000)
            warm = time.perf_counter() - begin
            results = tab.locator(".md-search-result__item").count()
            heap = tab.evaluate("() => performance.memory ? performance.memory.usedJSHeapSize : 0")
            # A fresh page, loaded and left alone: what it fetched for search, then the first query's cost.
            fresh = browser.new_page()
            fetched: list[tuple[str, int]] = []
            fresh.on("response", lambda r: fetched.append((r.url, int(r.headers.get("content-length", "0") or 0))))
            fresh.goto(url, wait_until="load", timeout=300_000)
            fresh.wait_for_timeout(3000)
            before_query = sum(n for u, n in fetched if search_file.search(u))
            seen = len(fetched)
            begin = time.perf_counter()
            fresh.click(".md-search__input")
            fresh.keyboard.type(query)
            fresh.wait_for_selector(found, timeout=120_000)
            after_load = time.perf_counter() - begin
            first_query = sum(n for u, n in fetched[seen:] if search_file.search(u))
            browser.close()
    finally:
        server.shutdown()
    return {
        "page": page,
        "query": query,
        "dom_content_loaded_seconds": loaded,
        "first_result_cold_seconds": cold,
        "first_result_after_load_seconds": after_load,
        "first_result_warm_seconds": warm,
        "results_shown": results,
        "page_transfer_bytes": page_transfer,
        "search_bytes_before_query": before_query,
        "search_bytes_first_query": first_query,
        "js_heap_mb": heap / 1e6,
    }
