"""The treaty page as a reader gets it, before and after a change, side by side (issue 14).

    .venv/bin/python benchmark/treaty_page.py                  # 5,000 notes on one treaty, against main
    .venv/bin/python benchmark/treaty_page.py --notes 500 --base HEAD~3

One synthetic dossier (one treaty, so every note lands on one page) is built twice:
with this checkout's hooks, stylesheet and scripts ("after") and with those of
``--base`` taken from git ("before"). For each, headless Chromium opens the treaty
page and reports its weight (HTML bytes, raw and gzipped; everything transferred),
DOMContentLoaded, load, and the time until interactive: the end of the last main-thread
task longer than 50 ms, found with a ``longtask`` PerformanceObserver, once the thread
has stayed quiet for 2 s (Lighthouse's rule, shortened to a quiet window). Then it
scrolls the page through, one step per animation frame, and reports the frames that
took longer than 50 ms (what a reader sees as a stutter).
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import io
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import measure
from generate import REPO, Size, _replace_block, generate

OBSERVE_LONG_TASKS = """
window.__longTasks = [];
new PerformanceObserver(list => { for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]); })
  .observe({type: 'longtask', buffered: true});
"""

SCROLL_THROUGH = """async () => {
  const frames = [];
  let last = performance.now();
  const step = Math.max(200, innerHeight * 0.8);
  while (scrollY + innerHeight < document.documentElement.scrollHeight - 2 && frames.length < 2000) {
    scrollBy(0, step);
    await new Promise(r => requestAnimationFrame(r));
    const now = performance.now(); frames.push(now - last); last = now;
  }
  frames.sort((a, b) => a - b);
  return {frames: frames.length, long_frames: frames.filter(f => f > 50).length,
          p95_frame_ms: frames.length ? frames[Math.floor(frames.length * 0.95)] : 0,
          page_height_px: document.documentElement.scrollHeight};
}"""


def export(ref: str, dest: Path) -> Path:
    """The files of ``ref`` (hooks, assets, config) written to ``dest`` with ``git archive``."""
    wanted = ["hooks", "docs/assets", "mkdocs.yml", "overrides"]  # overrides/: before the theme moved into the package
    listed = subprocess.run(
        ["git", "-C", str(REPO), "ls-tree", "--name-only", ref, "--", *wanted], check=True, capture_output=True, text=True
    ).stdout.split()
    data = subprocess.run(["git", "-C", str(REPO), "archive", ref, *listed], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")
    return dest


def as_before(after: Path, before: Path, base: Path) -> None:
    """A copy of the generated project ``after`` with the hooks, assets, templates and mkdocs.yml of ``base``.

    The base's mkdocs.yml keeps its own plugins and scripts (its search, say); the navigation and
    watch list are the generated project's.
    """
    shutil.copytree(after, before, ignore=shutil.ignore_patterns("site", "__pycache__", ".cache"))
    for name in ("hooks", "docs/assets", "overrides"):
        shutil.rmtree(before / name, ignore_errors=True)
        if (base / name).is_dir():
            shutil.copytree(base / name, before / name)
    ours = (after / "mkdocs.yml").read_text(encoding="utf-8")
    config = (base / "mkdocs.yml").read_text(encoding="utf-8")
    for key in ("nav", "watch"):
        block = re.search(rf"^{key}:.*\n(?:(?:[ \t].*|[ \t]*)\n)*", ours, re.MULTILINE)
        config = _replace_block(config, key, block[0] if block else "")
    (before / "mkdocs.yml").write_text(config, encoding="utf-8")


def reader_view(site: Path, page: str) -> dict[str, Any]:
    """Open ``page`` of ``site`` in headless Chromium: weight, load times, time until interactive, scrolling."""
    from playwright.sync_api import sync_playwright

    html = (site / page / "index.html").read_bytes()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(measure._QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=measure.CHROMIUM, args=measure.CHROMIUM_ARGS)
            tab = browser.new_page(viewport={"width": 1280, "height": 800})
            tab.add_init_script(OBSERVE_LONG_TASKS)
            transferred: list[int] = []
            tab.on("response", lambda r: transferred.append(int(r.headers.get("content-length", "0") or 0)))
            tab.goto(f"http://127.0.0.1:{server.server_address[1]}/{page}", wait_until="load", timeout=300_000)
            quiet = (
                "() => { const t = window.__longTasks; const end = t.length ? t[t.length-1][0] + t[t.length-1][1] : 0;"
                " return performance.now() - end > 2000; }"
            )
            tab.wait_for_function(quiet, timeout=300_000, polling=250)
            timing = tab.evaluate(
                """() => { const n = performance.getEntriesByType('navigation')[0]; const t = window.__longTasks;
                    const fcp = (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || 0;
                    return {dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd, fcp: fcp, long_tasks: t.length,
                            tti: Math.max(fcp, n.domContentLoadedEventEnd, ...t.map(([s, d]) => s + d)),
                            nodes: document.getElementsByTagName('*').length}; }"""
            )
            scrolling = tab.evaluate(SCROLL_THROUGH)
            browser.close()
    finally:
        server.shutdown()
    return {
        "html_bytes": len(html),
        "html_gzip_bytes": len(gzip.compress(html)),
        "transfer_bytes": sum(transferred),
        "dom_elements": timing["nodes"],
        "dom_content_loaded_ms": timing["dcl"],
        "load_ms": timing["load"],
        "first_contentful_paint_ms": timing["fcp"],
        "long_tasks": timing["long_tasks"],
        "time_to_interactive_ms": timing["tti"],
        **scrolling,
    }


def bench_treaty_page(notes: int, base: str, work: Path) -> dict[str, Any]:
    """The same dossier of ``notes`` notes on one treaty, built with ``base``'s code and with this checkout's."""
    after, before = work / f"page-after-{notes}", work / f"page-before-{notes}"
    ids = generate(after, Size(notes, treaties=1, clauses=50, sources=max(30, notes // 5)))
    as_before(after, before, export(base, work / "base-files"))
    page = f"treaties/{ids[0].split('/')[0]}/"
    out: dict[str, Any] = {"notes": notes, "base": base, "page": page}
    for name, project in (("before", before), ("after", after)):
        built = measure.build(project, TREATY_PDF="0")
        if built.returncode != 0:
            raise SystemExit(f"the {name} build failed:\n{built.stderr[-3000:]}")
        out[name] = {"build_seconds": built.seconds, **reader_view(project / "site", page)}
    return out


ROWS = [
    ("HTML (KiB)", "html_bytes", 1 / 1024),
    ("HTML gzipped (KiB)", "html_gzip_bytes", 1 / 1024),
    ("transferred (KiB)", "transfer_bytes", 1 / 1024),
    ("DOM elements", "dom_elements", 1),
    ("DOMContentLoaded (ms)", "dom_content_loaded_ms", 1),
    ("load (ms)", "load_ms", 1),
    ("time until interactive (ms)", "time_to_interactive_ms", 1),
    ("long tasks (> 50 ms)", "long_tasks", 1),
    ("scroll: frames > 50 ms", "long_frames", 1),
    ("scroll: p95 frame (ms)", "p95_frame_ms", 1),
    ("page height (px)", "page_height_px", 1),
]


def table(result: dict[str, Any]) -> str:
    lines = [
        f"Treaty page with {result['notes']:,} notes ({result['page']}), before ({result['base']}) and after:",
        "",
        "| | before | after |",
        "|---|---:|---:|",
    ]
    for label, key, scale in ROWS:
        lines.append(f"| {label} | {result['before'][key] * scale:,.0f} | {result['after'][key] * scale:,.0f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notes", type=int, default=5000, help="notes on the one treaty page")
    parser.add_argument("--base", default="main", help="git ref whose hooks and assets are 'before'")
    parser.add_argument("--work", type=Path, default=None, help="where to generate the sites (default: a temporary directory)")
    parser.add_argument("--out", type=Path, default=None, help="JSON report (default: <work>/treaty-page.json)")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="treaty-page-"))
    work.mkdir(parents=True, exist_ok=True)
    result = bench_treaty_page(args.notes, args.base, work)
    (args.out or work / "treaty-page.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
