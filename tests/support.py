"""Test helpers: tiny projects written into tmp_path, real MkDocs builds, and optional tools."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from layers import current_layers

ROOT = Path(__file__).resolve().parent.parent
# A stand-in for the repository address the workflows pass as TREATY_REPO_URL; never fetched.
TEST_REPO_URL = "https://github.com/example/treaty-annotations"

TREATY = """\
---
treaty:
  id: t-2024
  title: Test Treaty of 2024
  short_title: Test Treaty
  parties: [Alpha, Beta]
  signed: {date: 2024-06-19, place: Pyongyang}
  in_force: 2024-12-04
  status: in force
  authentic_languages: [Korean, Russian]
  text_basis: Working translation for tests.
---

# Test Treaty of 2024

## Preamble {#preamble}

The Parties have agreed as follows:

## Article 1 {#art_1}

If either Party is put in a state of war, the other Party shall without delay provide "military" assistance.

## Article 2 {#art_2}

The Parties shall consult. The Parties shall consult again.

1\\. First numbered paragraph. {#art_2__para_1}
"""

SOURCE = """\
kind: news
outlet: Example Wire
outlet_short: EW
title: A report
published: 2024-06-20
url: https://news.test/report
language: en
"""

ANNOTATION = """\
---
clause: t-2024/art_1
quote: state of war
sources: [ew-2024-06-20]
kind: commentary
author: someone
---
A note citing [@ew-2024-06-20] and [[t-2024/art_2]].
"""


def search_records(site: Path) -> list[dict]:
    """Every record of the built site's search index (Pagefind's fragments: gzipped JSON after a signature).

    Each has ``meta`` (``title``, ``href``: where the result lands), ``filters`` and ``content``;
    ``language`` is the index it is in (the fragment's name starts with it).
    """
    records = []
    for fragment in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        record = json.loads(gzip.decompress(fragment.read_bytes())[len(b"pagefind_dcd") :])
        records.append(record | {"language": fragment.name.split("_", 1)[0]})
    return records


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def tiny_project(
    root: Path, annotations: dict[str, str] | None = None, sources: dict[str, str] | None = None, treaty: str = TREATY
) -> Path:
    """A minimal site using this repository's hooks: one treaty, sources, annotations."""
    write(
        root,
        "mkdocs.yml",
        f"site_name: Tiny\ntheme: {{name: material, font: false}}\nhooks: [{(ROOT / 'hooks' / 'treaty_site.py').as_posix()}]\n"
        "markdown_extensions: [attr_list, footnotes, md_in_html, tables, {toc: {permalink: true}}]\n",
    )
    write(root, "docs/index.md", "# Home\n\nSee [[t-2024/art_1]].\n")
    write(root, "docs/treaties/t-2024.md", treaty)
    for name, text in (sources if sources is not None else {"ew-2024-06-20": SOURCE}).items():
        write(root, f"annotations/sources/{name}.yml", text)
    for name, text in (annotations if annotations is not None else {"t-2024/note": ANNOTATION}).items():
        write(root, f"annotations/{name}.md", text)
    return root


def build(
    project: Path,
    site: Path | None = None,
    strict: bool = True,
    repo_url: str | None = None,
    pdf: bool = False,
    config: str = "mkdocs.yml",
) -> subprocess.CompletedProcess:
    """Run the real ``mkdocs build`` (never ``-q``: it hides warnings from the exit code).

    ``repo_url`` becomes ``TREATY_REPO_URL`` (the repository address mkdocs.yml reads); without it
    the variable is removed, so a test does not depend on the environment it runs in (CI sets it).
    The PDF edition (tens of seconds for the real dossier) is rendered only with ``pdf=True``.
    """
    if not current_layers() & {"build", "pdf", "browser", "slow"}:
        raise RuntimeError("this test runs a real build: mark it @pytest.mark.build (or pdf) so the fast layer stays fast")
    site = site or project / "site"
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / config), "-d", str(site)]
    if strict:
        cmd.append("--strict")
    env = {k: v for k, v in os.environ.items() if k != "TREATY_REPO_URL"} | {
        "NO_MKDOCS_2_WARNING": "1",
        "TREATY_PDF": "1" if pdf else "0",
    }
    if repo_url:
        env["TREATY_REPO_URL"] = repo_url
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=project, timeout=300)


def copy_repo(dest: Path) -> Path:
    """A copy of the real project (content, hooks, config) to change in a test."""
    for name in ("mkdocs.yml", "CONTRIBUTING.md", "docs", "annotations", "hooks"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    return dest


def require(available: bool, what: str) -> None:
    """Skip a test that needs ``what`` when it is missing here; in CI (``CI=true``) fail instead."""
    if available:
        return
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"{what} is missing, and CI never goes green by skipping: install it (see .ci/run)")
    pytest.skip(f"{what} is not installed here", allow_module_level=True)


def free_port() -> int:
    """A port on the loopback address that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def mkdocs_serve(project: Path, log: Path, pdf: bool = False) -> Iterator[tuple[subprocess.Popen, str]]:
    """The real ``mkdocs serve`` of ``project`` on a free loopback port, its output in ``log``; yields the
    process and the site's address, and stops it on the way out (killed if a rebuild keeps it busy)."""
    port = free_port()
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")],
            cwd=project,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "TREATY_PDF": "1" if pdf else "0", "NO_MKDOCS_2_WARNING": "1"},
        )
        try:
            yield server, f"http://127.0.0.1:{port}"
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:  # mid-rebuild on a busy machine: shutting down is not what is tested
                server.kill()
                server.wait()


def wait_until_served(url: str, server: subprocess.Popen, timeout: float = 120) -> None:
    """Wait until ``url`` answers; fail at once if the server exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.poll() is None, "mkdocs serve exited"
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} was not served within {timeout} s")
